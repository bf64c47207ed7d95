"""The pages of the bijeenkomsten: what they show to whom, the forms with their Dutch errors (nothing saved on bad
input), user HTML sanitised on output, and query counts pinned (the same at n and 10n rows)."""

import datetime

from django.utils import timezone

import pytest

from kring.models import User
from tests.conftest import client_for
from tests.factories import (
    AanwezigheidFactory,
    ActiepuntFactory,
    ActiviteitFactory,
    AgendapuntFactory,
    BesluitFactory,
    BijeenkomstFactory,
    LidmaatschapFactory,
    SignaalFactory,
    UserFactory,
    WerkgroepFactory,
)
from tests.querycount import assert_queries_stable
from werkgroepen import tasks
from werkgroepen.models import Actiepunt, Agendapunt, Besluit, Bijeenkomst

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _geen_uitnodigingen(monkeypatch):
    # The invitation mails belong to the iCalendar part (tests/werkgroepen/test_ical.py).
    monkeypatch.setattr(tasks.mail_uitnodigingen, "delay", lambda pk: None)


def gehouden(**velden) -> Bijeenkomst:
    nu = timezone.now()
    return BijeenkomstFactory(begin=nu - datetime.timedelta(hours=1), einde=nu + datetime.timedelta(hours=1), **velden)


def tekst(response) -> str:
    return response.content.decode()


# --- The list --------------------------------------------------------------------------------------------------------


def test_list_shows_upcoming_and_past_with_the_members_own_answer(personas, clients):
    komend = BijeenkomstFactory(titel="Kenniskring juni")
    AanwezigheidFactory(bijeenkomst=komend, gebruiker=personas["on_eigen"], status="aangemeld")
    werkgroep = WerkgroepFactory(naam="Duurzaamheid")
    BijeenkomstFactory(titel="Werkgroep duurzaamheid", werkgroep=werkgroep)
    nu = timezone.now()
    BijeenkomstFactory(
        titel="Kenniskring februari",
        begin=nu - datetime.timedelta(days=60),
        einde=nu - datetime.timedelta(days=60, hours=-2),
        status="gehouden",
    )

    pagina = tekst(clients["on_eigen"].get("/werkgroepen/bijeenkomsten/"))
    assert (
        pagina.index("Kenniskring juni") < pagina.index("Eerdere bijeenkomsten") < pagina.index("Kenniskring februari")
    )
    assert "Aangemeld" in pagina and "Werkgroep Duurzaamheid" in pagina
    assert "Nieuwe bijeenkomst" not in pagina  # on_eigen leads no werkgroep

    alleen_kring = tekst(clients["on_eigen"].get("/werkgroepen/bijeenkomsten/?werkgroep=null"))
    assert "Kenniskring juni" in alleen_kring and "Werkgroep duurzaamheid" not in alleen_kring
    alleen_werkgroep = tekst(clients["on_eigen"].get(f"/werkgroepen/bijeenkomsten/?werkgroep={werkgroep.pk}"))
    assert "Kenniskring juni" not in alleen_werkgroep and "Werkgroep duurzaamheid" in alleen_werkgroep
    assert "Nieuwe bijeenkomst" in tekst(clients["beheerder"].get("/werkgroepen/bijeenkomsten/"))


# --- Planning --------------------------------------------------------------------------------------------------------


def plan(**anders) -> dict:
    dag = timezone.localdate() + datetime.timedelta(days=20)
    return {
        "titel": "Kenniskring september",
        "werkgroep": "",
        "begin": f"{dag:%Y-%m-%d}T15:00",
        "einde": f"{dag:%Y-%m-%d}T17:00",
        "locatie": "Stadskantoor, Spuiboulevard 300, Dordrecht",
        "online_link": "",
        "omschrijving": "",
        **anders,
    }


def test_beheerder_plans_a_kring_meeting(personas, clients):
    response = clients["beheerder"].post("/werkgroepen/bijeenkomsten/nieuw/", plan())
    vergadering = Bijeenkomst.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/werkgroepen/bijeenkomsten/{vergadering.pk}/"
    assert vergadering.werkgroep is None and timezone.localtime(vergadering.begin).hour == 15
    pagina = tekst(clients["beheerder"].get(response["Location"]))
    for titel in ["Arbeidsmarkt", "Transitievraagstukken", "Voortgang uitvoeringsagenda", "Klaagpaal", "Hulpvraag"]:
        assert f'<h3 class="h5 mb-1">{titel}</h3>' in pagina


@pytest.mark.parametrize(
    ("anders", "melding"),
    [
        ({"einde": ""}, "Dit veld is verplicht."),
        ({"einde": plan()["begin"].replace("T15", "T14")}, "Het einde moet na het begin liggen."),
        ({"locatie": ""}, "Vul een locatie in, een online link, of allebei"),
        ({"begin": "2020-01-01T15:00", "einde": "2020-01-01T17:00"}, "Het begin ligt in het verleden."),
        ({"online_link": "geen adres"}, "Voer een geldige URL in."),
    ],
)
def test_bad_input_gives_a_dutch_message_and_saves_nothing(personas, clients, anders, melding):
    response = clients["beheerder"].post("/werkgroepen/bijeenkomsten/nieuw/", plan(**anders))
    assert response.status_code == 200
    assert melding in tekst(response)
    assert "Constraint" not in tekst(response)
    assert not Bijeenkomst.objects.exists()


def test_a_trekker_chooses_among_their_own_werkgroepen_only(personas, clients):
    eigen, andere = WerkgroepFactory(naam="Communicatie"), WerkgroepFactory(naam="Digitalisering")
    LidmaatschapFactory(werkgroep=eigen, gebruiker=personas["on_eigen"], rol="trekker")
    client = clients["on_eigen"]

    formulier = tekst(client.get("/werkgroepen/bijeenkomsten/nieuw/"))
    assert "Communicatie" in formulier and "Digitalisering" not in formulier and "De hele kring" not in formulier

    response = client.post("/werkgroepen/bijeenkomsten/nieuw/", plan(werkgroep=andere.pk))
    assert response.status_code == 200 and "Selecteer een geldige keuze" in tekst(response)
    assert client.post("/werkgroepen/bijeenkomsten/nieuw/", plan(werkgroep=eigen.pk)).status_code == 302
    assert Bijeenkomst.objects.get().werkgroep == eigen


def test_changing_time_and_place(personas, clients):
    vergadering = BijeenkomstFactory(aangemaakt_door=personas["on_eigen"])
    url = f"/werkgroepen/bijeenkomsten/{vergadering.pk}/bewerken/"
    formulier = tekst(clients["on_eigen"].get(url))
    assert 'name="werkgroep"' not in formulier  # the invitees follow from it: it stays
    response = clients["on_eigen"].post(
        url, plan(titel="Kenniskring (verplaatst)", locatie="", online_link="meet.example/kring")
    )
    assert response.status_code == 302
    vergadering.refresh_from_db()
    assert vergadering.online_link == "https://meet.example/kring" and vergadering.volgnummer == 1


# --- The meeting's page ----------------------------------------------------------------------------------------------


def test_detail_shows_agenda_signals_voortgang_minutes_and_sanitises_them(personas, clients):
    vergadering = gehouden(
        titel="Kenniskring november",
        verslag="## Besproken\n\nDe **Visbrug**.<script>alert(1)</script><img src=x onerror=alert(2)>",
    )
    AgendapuntFactory(bijeenkomst=vergadering, soort="voortgang", titel="Voortgang uitvoeringsagenda", volgorde=1)
    AgendapuntFactory(bijeenkomst=vergadering, soort="klaagpaal", titel="Klaagpaal", volgorde=2)
    signaal = SignaalFactory(titel="Meerwerk wordt laat betaald")
    Agendapunt.objects.create(bijeenkomst=vergadering, soort="klaagpaal", titel=signaal.titel, signaal=signaal)
    ActiviteitFactory(titel="Pilot wederzijds beoordelen", gewijzigd_op=timezone.now() - datetime.timedelta(days=5))
    BesluitFactory(bijeenkomst=vergadering, tekst="De pilot loopt door.")
    ActiepuntFactory(bijeenkomst=vergadering, eigenaar=personas["on_eigen"], omschrijving="Notitie schrijven")
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["on_ander"], status="aanwezig")

    pagina = tekst(clients["on_eigen"].get(f"/werkgroepen/bijeenkomsten/{vergadering.pk}/"))

    assert "Meerwerk wordt laat betaald" in pagina and "Pilot wederzijds beoordelen" in pagina
    assert "<strong>Visbrug</strong>" in pagina and "<h3" in pagina
    assert "<script>alert" not in pagina and "onerror" not in pagina
    assert "De pilot loopt door." in pagina and "Notitie schrijven" in pagina
    assert 'action="/werkgroepen/actiepunten/' in pagina  # the owner ticks it off here
    assert "Organiseren" not in pagina  # not the organiser
    assert "1 aanwezig" in pagina and personas["on_ander"].naam in pagina
    assert f"/werkgroepen/bijeenkomsten/{vergadering.pk}/agenda.ics" in pagina
    assert 'value="bijeenkomst_agenda"' in pagina and 'value="bijeenkomst_verslag"' in pagina
    assert ">Agenda als PDF</button>" in pagina and ">Verslag als PDF</button>" in pagina  # two distinct names


def test_registering_from_the_page(personas, clients):
    vergadering = BijeenkomstFactory()
    url = f"/werkgroepen/bijeenkomsten/{vergadering.pk}/"
    assert "U staat niet op de lijst van genodigden" in tekst(clients["on_eigen"].get(url))
    response = clients["on_eigen"].post(url + "deelname/", {"status": "aangemeld"}, follow=True)
    assert "U bent aangemeld. Tot dan!" in tekst(response)
    assert vergadering.aanwezigheden.get().status == "aangemeld"
    response = clients["on_eigen"].post(url + "deelname/", {"status": "aanwezig"}, follow=True)
    assert "U kunt zich alleen aanmelden of afmelden." in tekst(response)


def test_organiser_edits_the_agenda(personas, clients):
    vergadering = BijeenkomstFactory(aangemaakt_door=personas["on_eigen"])
    vast = AgendapuntFactory(bijeenkomst=vergadering, soort="arbeidsmarkt", titel="Arbeidsmarkt", volgorde=1)
    client = clients["on_eigen"]
    url = f"/werkgroepen/bijeenkomsten/{vergadering.pk}/agenda/"

    response = client.post(url, {"nieuw-titel": "", "nieuw-toelichting": ""})
    assert response.status_code == 200 and "Dit veld is verplicht." in tekst(response)
    assert client.post(url, {"nieuw-titel": "Rondvraag", "nieuw-toelichting": ""}).status_code == 302
    rondvraag = vergadering.agendapunten.get(titel="Rondvraag")

    client.post(f"/werkgroepen/bijeenkomsten/agendapunten/{rondvraag.pk}/verplaatsen/", {"richting": "omhoog"})
    assert [p.titel for p in vergadering.agendapunten.order_by("volgorde")] == ["Rondvraag", "Arbeidsmarkt"]

    response = client.post(f"/werkgroepen/bijeenkomsten/agendapunten/{vast.pk}/verwijderen/", follow=True)
    assert "hoort bij de vaste agenda van de kenniskring" in tekst(response)
    client.post(f"/werkgroepen/bijeenkomsten/agendapunten/{rondvraag.pk}/verwijderen/")
    assert list(vergadering.agendapunten.values_list("titel", flat=True)) == ["Arbeidsmarkt"]

    formulier = tekst(client.get(f"/werkgroepen/bijeenkomsten/agendapunten/{vast.pk}/"))
    assert "houdt zijn naam" in formulier
    client.post(f"/werkgroepen/bijeenkomsten/agendapunten/{vast.pk}/", {"titel": "Anders", "toelichting": "Met gast"})
    vast.refresh_from_db()
    assert (vast.titel, vast.toelichting) == ("Arbeidsmarkt", "Met gast")


def test_attendance_and_minutes_with_a_decision_and_an_actiepunt(personas, clients):
    vergadering = gehouden(aangemaakt_door=personas["on_eigen"])
    punt = AgendapuntFactory(bijeenkomst=vergadering, soort="voortgang", titel="Voortgang uitvoeringsagenda")
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["gemeente"], status="aangemeld")
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["on_ander"])
    client = clients["on_eigen"]
    url = f"/werkgroepen/bijeenkomsten/{vergadering.pk}/"

    formulier = tekst(client.get(url + "aanwezigheid/"))
    assert f'value="{personas["gemeente"].pk}"' in formulier and "checked" in formulier  # registered: proposed
    client.post(url + "aanwezigheid/", {"aanwezig": [personas["gemeente"].pk]})
    assert dict(vergadering.aanwezigheden.values_list("gebruiker", "status")) == {
        personas["gemeente"].pk: "aanwezig",
        personas["on_ander"].pk: "afwezig",
    }

    deadline = timezone.localdate() + datetime.timedelta(days=14)
    verslag = {
        "verslag": "Goed gesprek over de **Visbrug**.",
        **beheer("besluiten", [{"tekst": "De pilot loopt door.", "agendapunt": punt.pk}]),
        **beheer(
            "actiepunten",
            [
                {
                    "omschrijving": "Evaluatie plannen",
                    "eigenaar": personas["gemeente"].pk,
                    "deadline": f"{deadline:%Y-%m-%d}",
                }
            ],
        ),
    }
    response = client.post(url + "verslag/", verslag)
    assert response.status_code == 302, tekst(response)
    assert Besluit.objects.get().agendapunt == punt
    actiepunt = Actiepunt.objects.get()
    assert (actiepunt.eigenaar, actiepunt.deadline) == (personas["gemeente"], deadline)

    response = client.post(url + "verslag/", {**verslag, "verslag": "Zie <b onmouseover=alert(1)>hier</b>"})
    assert response.status_code == 200 and "Deze tekst bevat HTML die een script kan uitvoeren" in tekst(response)
    vergadering.refresh_from_db()
    assert vergadering.verslag == "Goed gesprek over de **Visbrug**."
    assert Besluit.objects.count() == 1  # the second POST's rows were not added either
    onveilige_regel = {**verslag, **beheer("besluiten", [{"tekst": '<img src=x onerror="alert(1)">'}])}
    response = client.post(url + "verslag/", onveilige_regel)
    assert response.status_code == 200 and "tekst" in response.context["besluiten"].forms[0].errors
    assert Besluit.objects.get().tekst == "De pilot loopt door."

    response = client.post(url + "status/gehouden/", follow=True)
    assert "De bijeenkomst is nu gehouden." in tekst(response)
    assert "Actiepunten vinkt u hieronder af." in tekst(response)


def beheer(prefix: str, regels: list[dict]) -> dict:
    """The POST data of an inline formset with `regels` as new rows."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(regels)), f"{prefix}-INITIAL_FORMS": "0"}
    for nummer, regel in enumerate(regels):
        data.update({f"{prefix}-{nummer}-{veld}": waarde for veld, waarde in regel.items()})
    return data


def test_status_page_explains_and_refuses_in_dutch(personas, clients):
    vergadering = BijeenkomstFactory(aangemaakt_door=personas["on_eigen"], verslag="Vooraf geschreven")
    url = f"/werkgroepen/bijeenkomsten/{vergadering.pk}/status/gehouden/"
    assert "Verslag vaststellen" in tekst(clients["on_eigen"].get(url))
    response = clients["on_eigen"].post(url)
    assert response.status_code == 200 and "De bijeenkomst is nog niet begonnen" in tekst(response)
    response = clients["on_eigen"].get(f"/werkgroepen/bijeenkomsten/{vergadering.pk}/status/gepland/", follow=True)
    assert "die stap kan nu niet" in tekst(response)


def test_my_actiepunten_and_ticking_off(personas, clients):
    open_ = ActiepuntFactory(eigenaar=personas["on_eigen"], omschrijving="Offerte vergelijken")
    ActiepuntFactory(eigenaar=personas["on_eigen"], omschrijving="Al gedaan", gedaan_op=timezone.now())
    ActiepuntFactory(eigenaar=personas["on_ander"], omschrijving="Van een ander")
    client = clients["on_eigen"]

    pagina = tekst(client.get("/werkgroepen/actiepunten/"))
    assert pagina.index("Offerte vergelijken") < pagina.index("Al gedaan") and "Van een ander" not in pagina

    response = client.post(f"/werkgroepen/actiepunten/{open_.pk}/gedaan/", follow=True)
    assert "Het actiepunt staat op gedaan." in tekst(response)
    response = client.post(f"/werkgroepen/actiepunten/{open_.pk}/gedaan/", follow=True)
    assert "Dit actiepunt is al gedaan." in tekst(response)
    response = client.post(f"/werkgroepen/actiepunten/{open_.pk}/heropenen/", {"terug": "bijeenkomst"})
    assert response["Location"] == f"/werkgroepen/bijeenkomsten/{open_.bijeenkomst_id}/"
    assert clients["on_ander"].post(f"/werkgroepen/actiepunten/{open_.pk}/gedaan/").status_code == 403


# --- Query counts ----------------------------------------------------------------------------------------------------

# Steady state: user with organisation (1), a beheerder's second factor (1 more).


def test_list_queries_do_not_grow_with_meetings(personas, clients):
    nu = timezone.now()

    def bijeenkomsten(n):
        for _ in range(n):
            BijeenkomstFactory(werkgroep=WerkgroepFactory())
            BijeenkomstFactory(begin=nu - datetime.timedelta(days=3), einde=nu - datetime.timedelta(days=3, hours=-2))

    # user, filter's werkgroep choices, upcoming, past count, past page
    assert_queries_stable(clients["on_eigen"], "/werkgroepen/bijeenkomsten/", expected=6, grow=bijeenkomsten)


def test_detail_queries_do_not_grow_with_agenda_attendees_and_actiepunten(personas, clients):
    vergadering = gehouden(werkgroep=WerkgroepFactory(), verslag="Verslag.")
    url = f"/werkgroepen/bijeenkomsten/{vergadering.pk}/"

    def meer(n):
        for _ in range(n):
            AgendapuntFactory(bijeenkomst=vergadering)
            Agendapunt.objects.create(
                bijeenkomst=vergadering, soort="klaagpaal", titel="Signaal", signaal=SignaalFactory()
            )
            AanwezigheidFactory(bijeenkomst=vergadering)
            ActiepuntFactory(bijeenkomst=vergadering, eigenaar=UserFactory())
            BesluitFactory(bijeenkomst=vergadering)
            ActiviteitFactory(
                werkgroep=vergadering.werkgroep, gewijzigd_op=timezone.now() - datetime.timedelta(days=1)
            )

    AgendapuntFactory(bijeenkomst=vergadering, soort="voortgang")
    # user, meeting, organiser (trekker?), previous meeting, agenda, activities, attendance, decisions, actiepunten
    assert_queries_stable(clients["on_eigen"], url, expected=9, grow=meer)


@pytest.fixture
def georganiseerd(personas):
    vergadering = gehouden(aangemaakt_door=personas["on_eigen"])
    AgendapuntFactory(bijeenkomst=vergadering, soort="voortgang")
    return vergadering


def agendapunten(vergadering):
    return lambda n: AgendapuntFactory.create_batch(n, bijeenkomst=vergadering)


# Each page of the organiser with its queries: user, meeting, and then what it lists.
ORGANISATORPAGINAS = [
    ("agenda/", 5),  # previous meeting, agenda, activities
    ("aanwezigheid/", 3),  # attendance
    ("verslag/", 7),  # decisions, actiepunten, agenda items (once per formset), members (once)
    ("bewerken/", 2),
    ("status/geannuleerd/", 2),
]


@pytest.mark.parametrize(("pad", "expected"), ORGANISATORPAGINAS)
def test_organiser_pages_queries_do_not_grow(personas, clients, georganiseerd, pad, expected):
    gemeente = personas["gemeente"]

    def meer(n):
        agendapunten(georganiseerd)(n)
        AanwezigheidFactory.create_batch(n, bijeenkomst=georganiseerd)
        ActiepuntFactory.create_batch(n, bijeenkomst=georganiseerd, eigenaar=gemeente)
        BesluitFactory.create_batch(n, bijeenkomst=georganiseerd)
        ActiviteitFactory.create_batch(n, gewijzigd_op=timezone.now() - datetime.timedelta(days=1))

    url = f"/werkgroepen/bijeenkomsten/{georganiseerd.pk}/{pad}"
    assert_queries_stable(clients["on_eigen"], url, expected=expected, grow=meer)


def test_agenda_item_page_queries(clients, georganiseerd):
    punt = georganiseerd.agendapunten.get()
    url = f"/werkgroepen/bijeenkomsten/agendapunten/{punt.pk}/"
    # user, the item with its meeting
    assert_queries_stable(clients["on_eigen"], url, expected=2, grow=agendapunten(georganiseerd))


def test_new_meeting_page_queries(personas, clients):
    # user, second factor, werkgroepen to choose from
    assert_queries_stable(
        clients["beheerder"], "/werkgroepen/bijeenkomsten/nieuw/", expected=3, grow=WerkgroepFactory.create_batch
    )


def test_my_actiepunten_queries_do_not_grow(personas, clients):
    def actiepunten(n):
        ActiepuntFactory.create_batch(n, eigenaar=personas["on_eigen"], bijeenkomst__werkgroep=WerkgroepFactory())
        ActiepuntFactory.create_batch(n, eigenaar=personas["on_eigen"], gedaan_op=timezone.now())

    # user, open, done count, done page
    assert_queries_stable(clients["on_eigen"], "/werkgroepen/actiepunten/", expected=4, grow=actiepunten)


def test_blocked_member_sees_nothing(personas):
    vergadering = BijeenkomstFactory()
    geblokkeerd = UserFactory()
    client = client_for(geblokkeerd)
    User.objects.filter(pk=geblokkeerd.pk).update(status=User.Status.GEBLOKKEERD)
    response = client.get(f"/werkgroepen/bijeenkomsten/{vergadering.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


@pytest.mark.parametrize("pad", ["bewerken/", "agenda/", "aanwezigheid/", "verslag/"])
def test_a_held_meeting_has_no_editing_pages(personas, clients, pad):
    vergadering = gehouden(aangemaakt_door=personas["on_eigen"], status="gehouden", verslag="Vastgesteld.")
    response = clients["on_eigen"].get(f"/werkgroepen/bijeenkomsten/{vergadering.pk}/{pad}", follow=True)
    assert response.redirect_chain == [(f"/werkgroepen/bijeenkomsten/{vergadering.pk}/", 302)]
    assert "Deze bijeenkomst is gehouden en verandert niet meer." in tekst(response)
