"""The pages of the uitvoeringsagenda: the list with its filters, totals and export, the activity page with notes and
status buttons, the form (bad input shown in Dutch, nothing saved), output sanitising and pinned query counts."""

import csv
import datetime
import io

from django.utils import timezone

import pytest
from openpyxl import load_workbook

from kring.models import AuditEvent
from tests.conftest import client_for
from tests.factories import (
    ActiviteitFactory,
    LidmaatschapFactory,
    ThemadoelFactory,
    UserFactory,
    VoortgangsnotitieFactory,
    WerkgroepFactory,
)
from tests.querycount import assert_queries_stable
from werkgroepen.models import Activiteit, Voortgangsnotitie

pytestmark = pytest.mark.django_db

Status = Activiteit.Status
AGENDA = "/werkgroepen/agenda/"


def dagen(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def werkgroep(personas):
    return LidmaatschapFactory(gebruiker=personas["on_eigen"], werkgroep__naam="Continuïteit").werkgroep


@pytest.fixture
def agenda(werkgroep):
    """Four activities over two werkgroepen: one overdue, one done after its deadline, one planned, one elsewhere."""
    sroi = WerkgroepFactory(naam="SROI")
    doel = ThemadoelFactory(naam="Social return")
    return {
        "te_laat": ActiviteitFactory(
            werkgroep=werkgroep, titel="Spreiding aanbestedingen", startdatum=dagen(-60), deadline=dagen(-3),
            status=Status.LOPEND, budget=1000,
        ),
        "afgerond": ActiviteitFactory(
            werkgroep=werkgroep, titel="Pijplijn delen", startdatum=dagen(-90), deadline=dagen(-10),
            status=Status.AFGEROND, budget=None,
        ),
        "gepland": ActiviteitFactory(
            werkgroep=werkgroep, titel="Kwartaaloverleg inkoop", startdatum=dagen(1), deadline=dagen(40), budget=250.5,
        ),
        "sroi": ActiviteitFactory(
            werkgroep=sroi, themadoel=doel, titel="=SOM(1;2) bouwblokken", startdatum=dagen(-5), deadline=dagen(20),
            budget=3000,
        ),
        "doel": doel,
        "sroi_werkgroep": sroi,
    }  # fmt: skip


def titels(response) -> list[str]:
    return [activiteit.titel for activiteit in response.context["pagina"].object_list]


# --- The list --------------------------------------------------------------------------------------------------------


def test_the_agenda_is_sorted_by_deadline_and_flags_what_is_late(clients, agenda):
    response = clients["stuurgroep"].get(AGENDA)
    assert titels(response) == [
        "Pijplijn delen",
        "Spreiding aanbestedingen",
        "=SOM(1;2) bouwblokken",
        "Kwartaaloverleg inkoop",
    ]
    html = response.content.decode()
    assert html.count('<span class="badge text-bg-danger">te laat</span>') == 1
    totalen = response.context["totalen"]
    assert (totalen.aantal, totalen.te_laat, totalen.budget) == (4, 1, 4250.5)
    assert {status: aantal for status, _, aantal in totalen.per_status} == {
        "gepland": 2, "lopend": 1, "afgerond": 1, "vervallen": 0
    }  # fmt: skip
    assert "€ 4.250,50" in html
    assert "Nieuwe activiteit" not in html  # the stuurgroep reads, it is in no werkgroep


@pytest.mark.parametrize(
    ("filters", "verwacht"),
    [
        ("te_laat=on", ["Spreiding aanbestedingen"]),
        ("status=afgerond", ["Pijplijn delen"]),
        ("zoek=AANBESTED", ["Spreiding aanbestedingen"]),
        ("werkgroep={sroi}", ["=SOM(1;2) bouwblokken"]),
        ("themadoel={doel}", ["=SOM(1;2) bouwblokken"]),
        ("werkgroep={continuiteit}&status=gepland", ["Kwartaaloverleg inkoop"]),
        (
            "werkgroep=99999",
            ["Pijplijn delen", "Spreiding aanbestedingen", "=SOM(1;2) bouwblokken", "Kwartaaloverleg inkoop"],
        ),
    ],
)
def test_filters(clients, agenda, werkgroep, filters, verwacht):
    query = filters.format(sroi=agenda["sroi_werkgroep"].pk, doel=agenda["doel"].pk, continuiteit=werkgroep.pk)
    response = clients["on_ander"].get(f"{AGENDA}?{query}")
    assert titels(response) == verwacht
    assert response.context["totalen"].aantal == len(verwacht)


def test_themadoelen_in_the_filter_name_their_version(clients, agenda):
    html = clients["gemeente"].get(AGENDA).content.decode()
    assert f"Social return (versie {agenda['doel'].overeenkomst.versie})" in html


def test_an_empty_agenda_says_so(clients):
    html = clients["gemeente"].get(AGENDA).content.decode()
    assert "Geen activiteiten gevonden." in html
    html = clients["gemeente"].get(AGENDA + "?status=vervallen").content.decode()
    assert "Geen activiteiten gevonden met deze filters." in html


def test_members_of_a_werkgroep_see_the_button_for_a_new_activity(clients, werkgroep):
    assert "Nieuwe activiteit" in clients["on_eigen"].get(AGENDA).content.decode()


# --- Export ----------------------------------------------------------------------------------------------------------


def test_csv_export_holds_the_filtered_list_for_dutch_excel(clients, agenda, personas):
    agenda["sroi"].team.set([personas["gemeente"], personas["on_eigen"]])
    response = clients["on_ander"].get(f"{AGENDA}export.csv?werkgroep={agenda['sroi_werkgroep'].pk}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="uitvoeringsagenda-')
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][:3] == ["Titel", "Werkgroep", "Themadoel"]
    assert len(rijen) == 2
    rij = dict(zip(rijen[0], rijen[1], strict=True))
    assert rij["Titel"] == "'=SOM(1;2) bouwblokken"  # a formula becomes text
    assert rij["Team"] == "Gemeente Medewerker, Opdrachtnemer Eigen"
    assert rij["Budget (€)"] == "3000,00"
    assert rij["Status"] == "Gepland" and rij["Te laat"] == "nee"
    assert rij["Deadline"] == f"{dagen(20):%d-%m-%Y}"


def test_xlsx_export_keeps_numbers_and_dates(clients, agenda):
    response = clients["stuurgroep"].get(f"{AGENDA}export.xlsx?te_laat=on")
    blad = load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert len(rijen) == 2
    rij = dict(zip(rijen[0], rijen[1], strict=True))
    assert rij["Titel"] == "Spreiding aanbestedingen"
    assert rij["Budget (€)"] == 1000 and rij["Te laat"] == "ja"
    assert rij["Deadline"].date() == dagen(-3)


def test_an_unknown_export_format_is_not_found(clients):
    assert clients["gemeente"].get(f"{AGENDA}export.pdf").status_code == 404


# --- The activity page -----------------------------------------------------------------------------------------------


def test_the_activity_page_shows_notes_team_and_only_permitted_buttons(clients, personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep, titel="Pilot Visbrug", team=[personas["gemeente"]])
    VoortgangsnotitieFactory(activiteit=activiteit, tekst="Eerste **gesprek**", datum=dagen(-2))
    url = f"{AGENDA}{activiteit.pk}/"

    html = clients["on_eigen"].get(url).content.decode()
    assert "<strong>gesprek</strong>" in html
    assert "Gemeente Medewerker (Gemeente Dordrecht (test))" in html
    for knop in ["Bewerken", "Starten", "Laten vervallen", "Notitie toevoegen"]:
        assert knop in html, knop
    assert "Afronden" not in html

    html = clients["stuurgroep"].get(url).content.decode()
    assert "Pilot Visbrug" in html and "Eerste" in html
    for knop in ["Bewerken", "Starten", "Notitie toevoegen"]:
        assert knop not in html, knop


def test_user_html_is_sanitised_on_output(clients, werkgroep):
    # Stored around the services (an import, an old row): the page still never runs it.
    activiteit = ActiviteitFactory(werkgroep=werkgroep, omschrijving='<script>alert("x")</script>**Plan**')
    VoortgangsnotitieFactory(activiteit=activiteit, tekst='<img src=x onerror="alert(1)"> [link](javascript:alert(1))')
    html = clients["gemeente"].get(f"{AGENDA}{activiteit.pk}/").content.decode()
    assert "<script>alert" not in html and "onerror" not in html and "javascript:alert" not in html
    assert "<strong>Plan</strong>" in html


def test_status_buttons_move_the_activity(clients, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep, titel="Pilot Visbrug")
    response = clients["on_eigen"].post(f"{AGENDA}{activiteit.pk}/status/lopend/", follow=True)
    assert "“Pilot Visbrug” is nu lopend." in response.content.decode()
    response = clients["on_eigen"].post(f"{AGENDA}{activiteit.pk}/status/gepland/", follow=True)
    assert "Een activiteit met status lopend kan niet naar gepland." in response.content.decode()
    assert Activiteit.objects.get(pk=activiteit.pk).status == Status.LOPEND
    assert clients["on_eigen"].get(f"{AGENDA}{activiteit.pk}/status/afgerond/").status_code == 405


def test_adding_a_note(clients, personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep)
    url = f"{AGENDA}{activiteit.pk}/voortgang/"
    response = clients["on_eigen"].post(url, {"datum": dagen(0).isoformat(), "tekst": "Gesprek met inkoop gevoerd."})
    assert response.status_code == 302
    notitie = Voortgangsnotitie.objects.get()
    assert (notitie.auteur, notitie.tekst) == (personas["on_eigen"], "Gesprek met inkoop gevoerd.")

    response = clients["on_eigen"].post(url, {"datum": dagen(3).isoformat(), "tekst": "Wordt vast leuk."})
    assert response.status_code == 200
    assert "Een voortgangsnotitie gaat over wat er al gebeurd is" in response.content.decode()
    response = clients["on_eigen"].post(url, {"datum": dagen(0).isoformat(), "tekst": "<script>x()</script>"})
    assert "HTML die een script kan uitvoeren" in response.content.decode()
    assert Voortgangsnotitie.objects.count() == 1


# --- The form --------------------------------------------------------------------------------------------------------


def formulier(werkgroep, **anders) -> dict:
    return {
        "titel": "Digitale samenwerking in projecten",
        "werkgroep": werkgroep.pk,
        "omschrijving": "Een gedeelde projectomgeving proberen.",
        "startdatum": dagen(0).isoformat(),
        "deadline": dagen(60).isoformat(),
        "budget": "1.250,75",
        **anders,
    }


def test_creating_an_activity(clients, personas, werkgroep):
    doel = ThemadoelFactory(naam="Ontwikkelen en leren")
    ThemadoelFactory(naam="Oud doel", overeenkomst__status="verlopen")
    pagina = clients["on_eigen"].get(f"{AGENDA}nieuw/?werkgroep={werkgroep.pk}")
    html = pagina.content.decode()
    assert f'<option value="{werkgroep.pk}" selected>' in html
    assert "Ontwikkelen en leren (versie" in html and "Oud doel" not in html
    assert pagina.context["form"]["initiatiefnemer"].value() == personas["on_eigen"].pk

    response = clients["on_eigen"].post(
        f"{AGENDA}nieuw/",
        formulier(
            werkgroep,
            themadoel=doel.pk,
            initiatiefnemer=personas["on_eigen"].pk,
            team=[personas["gemeente"].pk, personas["on_ander"].pk],
        ),
    )
    activiteit = Activiteit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{AGENDA}{activiteit.pk}/"
    assert activiteit.budget == pytest.approx(1250.75)
    assert activiteit.themadoel == doel and activiteit.team.count() == 2
    assert AuditEvent.objects.filter(actie="activiteit.aangemaakt").count() == 1


@pytest.mark.parametrize(
    ("anders", "melding"),
    [
        ({"startdatum": "2026-06-01", "deadline": "2026-05-01"}, "De deadline ligt vóór de startdatum"),
        ({"omschrijving": "<script>alert(1)</script>"}, "HTML die een script kan uitvoeren"),
        ({"budget": "-5"}, "minstens 0"),
        ({"titel": ""}, "Dit veld is verplicht."),
        ({"initiatiefnemer": ""}, "Dit veld is verplicht."),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(clients, personas, werkgroep, anders, melding):
    response = clients["on_eigen"].post(
        f"{AGENDA}nieuw/", formulier(werkgroep, **{"initiatiefnemer": personas["on_eigen"].pk, **anders})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert melding in html
    assert "werkgroepen_activiteit_deadline_na_start" not in html  # no technical message beside the Dutch one
    assert not Activiteit.objects.exists()


def test_a_werkgroep_the_member_is_not_in_cannot_be_chosen(clients, werkgroep):
    elders = WerkgroepFactory(naam="Duurzaamheid")
    gesloten = LidmaatschapFactory(gebruiker=UserFactory(), werkgroep__gesloten_op=dagen(-1)).werkgroep
    html = clients["on_eigen"].get(f"{AGENDA}nieuw/").content.decode()
    assert "Duurzaamheid" not in html
    for andere in [elders, gesloten]:
        response = clients["on_eigen"].post(f"{AGENDA}nieuw/", formulier(andere))
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Activiteit.objects.exists()


def test_editing_keeps_what_is_no_longer_offered(clients, personas, werkgroep):
    """A team member from outside the werkgroep edits an activity whose initiatiefnemer has left."""
    vertrokken = UserFactory(naam="Vertrokken Collega", status="geblokkeerd")
    activiteit = ActiviteitFactory(werkgroep=werkgroep, initiatiefnemer=vertrokken, team=[personas["on_ander"]])
    url = f"{AGENDA}{activiteit.pk}/bewerken/"
    assert "Vertrokken Collega" in clients["on_ander"].get(url).content.decode()
    response = clients["on_ander"].post(
        url,
        formulier(
            werkgroep, initiatiefnemer=vertrokken.pk, team=[personas["on_ander"].pk], deadline=dagen(90).isoformat()
        ),
    )
    assert response.status_code == 302
    activiteit.refresh_from_db()
    assert activiteit.deadline == dagen(90) and activiteit.initiatiefnemer == vertrokken


def test_a_stranger_may_not_open_the_edit_page(clients, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep)
    assert clients["stuurgroep"].get(f"{AGENDA}{activiteit.pk}/bewerken/").status_code == 403
    assert clients["stuurgroep"].post(f"{AGENDA}{activiteit.pk}/bewerken/", formulier(werkgroep)).status_code == 403
    assert clients["on_eigen"].get(f"{AGENDA}999999/").status_code == 404


# --- Query counts ----------------------------------------------------------------------------------------------------


def test_agenda_query_count_is_pinned(personas, werkgroep):
    """User; the current agreement, werkgroepen and themadoelen of the filters; count, page and totals of the list;
    the membership behind the "new activity" button."""
    client = client_for(personas["on_eigen"])
    initiatiefnemers = UserFactory.create_batch(2)

    def grow(n):
        for i in range(n):
            ActiviteitFactory(
                werkgroep=werkgroep,
                themadoel=ThemadoelFactory(),
                initiatiefnemer=initiatiefnemers[i % 2],
                deadline=dagen(i - 5),
            )

    assert_queries_stable(client, AGENDA + "?status=gepland", expected=8, grow=grow)


def test_activity_page_query_count_is_pinned(personas, werkgroep):
    """User; the activity, its team, its notes; the membership behind the buttons."""
    client = client_for(personas["on_eigen"])
    activiteit = ActiviteitFactory(werkgroep=werkgroep)

    def grow(n):
        for _ in range(n):
            activiteit.team.add(UserFactory())
            VoortgangsnotitieFactory(activiteit=activiteit, auteur=UserFactory())

    assert_queries_stable(client, f"{AGENDA}{activiteit.pk}/", expected=5, grow=grow)


def test_edit_page_query_count_is_pinned(personas, werkgroep):
    """User; the activity with team and notes; the membership check; the choices: current agreement, werkgroepen,
    themadoelen, people (for initiatiefnemer and for team; the team's ids are a subquery)."""
    client = client_for(personas["on_eigen"])
    activiteit = ActiviteitFactory(werkgroep=werkgroep)

    def grow(n):
        for _ in range(n):
            activiteit.team.add(UserFactory())

    assert_queries_stable(client, f"{AGENDA}{activiteit.pk}/bewerken/", expected=10, grow=grow)


def test_new_activity_page_query_count_is_pinned(personas, werkgroep):
    """User; the membership behind the page; current agreement; whether there is a werkgroep to choose, and the
    werkgroepen; people (for initiatiefnemer and for team). More members of the werkgroep are more choices."""
    client = client_for(personas["on_eigen"])
    assert_queries_stable(
        client,
        f"{AGENDA}nieuw/",
        expected=7,
        grow=lambda n: [LidmaatschapFactory(werkgroep=werkgroep) for _ in range(n)],
    )
