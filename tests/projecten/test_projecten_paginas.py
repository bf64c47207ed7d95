"""The project pages: the list with its filters, one project (raming only for its own gemeente, the history, linked
kennisitems), the forms to create and edit with their Dutch errors, the fase change and the award; query counts
pinned."""

import datetime
from decimal import Decimal

import pytest

from kring.models import AuditEvent
from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_label, kwartaal_plus
from projecten.models import Project, Projectwijziging
from tests.conftest import client_for
from tests.factories import (
    BeoordelingsplanFactory,
    GebiedFactory,
    KennisitemFactory,
    OrganisatieFactory,
    ProjectFactory,
    ProjectwijzigingFactory,
    UserFactory,
    VerplichtingFactory,
    WaardeklasseFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

LIJST = "/projecten/"
NU = huidig_kwartaal()


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(NU, plus)


@pytest.fixture
def gebied(gemeente_org):
    return GebiedFactory(gemeente=gemeente_org, naam="Sterrenburg", code="sterrenburg")


@pytest.fixture
def klasse(db):
    return WaardeklasseFactory(naam="€ 1 – 3 mln", ondergrens=1_000_000, bovengrens=3_000_000, rekenwaarde=2_000_000)


@pytest.fixture
def project(gemeente_org, gebied, klasse):
    return ProjectFactory(
        gemeente=gemeente_org,
        gebied=gebied,
        waardeklasse=klasse,
        nummer="DOR-0042",
        naam="Renovatie Visbrug",
        raming=Decimal("2345678"),
        ambitieweb={"energie": 2, "materialen": 3},
        omschrijving="Herstel van de **basculebrug** over de Voorstraatshaven.",
    )


def formulier(gebied, klasse, **anders) -> dict:
    return {
        "nummer": "DOR-0100",
        "naam": "Groot onderhoud kademuur Wolwevershaven",
        "omschrijving": "",
        "gebied": gebied.pk,
        "soort_werk": "water",
        "fase": "ontwerp",
        "aanbesteding_kwartaal": kwartaal_code(kwartaal(2)),
        "start_kwartaal": kwartaal_code(kwartaal(3)),
        "duur_maanden": "8",
        "waardeklasse": klasse.pk,
        "raming": "1.250.000",
        "procedure": "meervoudig",
        "contractvorm": "bouwteam",
        "zekerheid": "midden",
        "ambitie_energie": "2",
        "ambitie_water": "",
        **anders,
    }


# --- The list --------------------------------------------------------------------------------------------------------


def test_list_shows_every_gemeentes_projects_by_tender_quarter(personas, project, klasse):
    elders = ProjectFactory(naam="Fietspad Zwijndrecht", aanbesteding_kwartaal=kwartaal(-1), start_kwartaal=None)
    zonder = ProjectFactory(naam="Nog zonder kwartaal", aanbesteding_kwartaal=None, start_kwartaal=None)
    response = client_for(personas["on_ander"]).get(LIJST)
    assert response.status_code == 200
    namen = [project.naam for project in response.context["pagina"].object_list]
    assert namen == [elders.naam, project.naam, zonder.naam]
    html = response.content.decode()
    assert "3 projecten" in html and kwartaal_label(kwartaal(1)) in html and "Nog onbekend" in html
    assert "Nieuw project" not in html
    assert "Nieuw project" in client_for(personas["gemeente"]).get(LIJST).content.decode()


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        ("fase=uitvoering", ["Kade"]),
        ("zoek=visbrug", ["Renovatie Visbrug"]),
        ("zoek=DOR-0042", ["Renovatie Visbrug"]),
        ("zoek=basculebrug haven", ["Renovatie Visbrug"]),
        ("soort_werk=water", ["Kade"]),
        ("zekerheid=laag", ["Kade"]),
        ("kwartaal_van={volgend}", ["Renovatie Visbrug", "Kade"]),
        ("kwartaal_tot={volgend}", ["Renovatie Visbrug"]),
        ("kwartaal_van={daarna}&kwartaal_tot={daarna}", ["Kade"]),
    ],
)
def test_list_filters(personas, project, query, verwacht):
    ProjectFactory(
        naam="Kade",
        fase="uitvoering",
        soort_werk="water",
        zekerheid="laag",
        aanbesteding_kwartaal=kwartaal(2),
        start_kwartaal=kwartaal(2),
    )
    query = query.format(volgend=kwartaal_code(kwartaal(1)), daarna=kwartaal_code(kwartaal(2)))
    response = client_for(personas["on_eigen"]).get(f"{LIJST}?{query}")
    assert [project.naam for project in response.context["pagina"].object_list] == verwacht


def test_list_filters_on_gemeente_and_gebied(personas, project):
    elders = ProjectFactory(naam="Elders")
    client = client_for(personas["on_eigen"])
    gemeente = client.get(f"{LIJST}?gemeente={elders.gemeente_id}").context["pagina"].object_list
    gebied = client.get(f"{LIJST}?gebied={project.gebied_id}").context["pagina"].object_list
    assert [p.naam for p in gemeente] == ["Elders"] and [p.naam for p in gebied] == ["Renovatie Visbrug"]


def test_a_quarter_that_is_no_quarter_gets_a_dutch_error_and_is_ignored(personas, project):
    response = client_for(personas["on_eigen"]).get(f"{LIJST}?kwartaal_van=volgend+jaar&fase=voorbereiding")
    assert "is geen kwartaal" in response.content.decode()
    assert list(response.context["pagina"].object_list) == [project]


def test_list_paginates(personas, gemeente_org):
    for _ in range(26):
        ProjectFactory(gemeente=gemeente_org)
    client = client_for(personas["on_eigen"])
    assert len(client.get(LIJST).context["pagina"].object_list) == 25
    assert len(client.get(f"{LIJST}?pagina=2").context["pagina"].object_list) == 1


def test_list_query_count_does_not_grow_with_projects(personas, gemeente_org):
    """User; the filter's gemeenten and gebieden; count and page of projects (gemeente, gebied, band joined)."""

    def grow(n):
        for _ in range(n):
            ProjectFactory(gemeente=gemeente_org, gebied=GebiedFactory(gemeente=gemeente_org))

    assert_queries_stable(client_for(personas["on_eigen"]), LIJST, expected=5, grow=grow)


# --- One project -----------------------------------------------------------------------------------------------------


def test_detail_shows_the_project_and_the_raming_only_to_its_own_gemeente(personas, project):
    collega_elders = UserFactory(organisatie=OrganisatieFactory(gemeente=True))
    for gebruiker, ziet in [
        (personas["gemeente"], True),
        (personas["beheerder"], True),
        (personas["on_eigen"], False),
        (personas["on_ander"], False),
        (collega_elders, False),
    ]:
        html = client_for(gebruiker).get(project.get_absolute_url()).content.decode()
        assert "Renovatie Visbrug" in html and "€ 1 – 3 mln" in html
        assert ("2.345.678" in html) is ziet, gebruiker
        assert ("Raming (intern)" in html) is ziet
        assert ("Project bewerken" in html) is ziet
    html = client_for(personas["on_eigen"]).get(project.get_absolute_url()).content.decode()
    assert "<strong>basculebrug</strong>" in html
    assert "Energie" in html and "Toegevoegde waarde" in html  # the ambitieweb table
    assert "nog niet in de kring besproken" in html and "Nog niet gegund" in html


def test_detail_shows_history_and_only_visible_kennisitems(personas, project):
    ProjectwijzigingFactory(
        project=project, oude_waarde="2026-K3", nieuwe_waarde="2026-K4", reden="Vergunning komt later."
    )
    KennisitemFactory(project=project, titel="Lessen uit de Visbrug", zichtbaarheid="leden")
    KennisitemFactory(project=project, titel="Intern evaluatieverslag", zichtbaarheid="gemeente")
    html = client_for(personas["on_eigen"]).get(project.get_absolute_url()).content.decode()
    assert "Vergunning komt later." in html and "Kwartaal van aanbesteding" in html and "2026-K4" in html
    assert "Lessen uit de Visbrug" in html and "Intern evaluatieverslag" not in html
    assert (
        "Intern evaluatieverslag" in client_for(personas["gemeente"]).get(project.get_absolute_url()).content.decode()
    )


def test_detail_query_count_does_not_grow_with_history_and_contractors(personas, project):
    """User; the project (joined); its contractors; its opgaven; its history with authors; the kennisitems (with the
    werkgroep memberships as a subquery); and what the other features add at the page's anchors: the number of
    followers (kalender), the koppelkansen (gebieden), the beoordelingsplannen one may see (past performance) and the
    SROI obligations one may see with their sums and open warnings (sroi)."""

    def grow(n):
        for _ in range(n):
            ProjectwijzigingFactory(project=project)
            BeoordelingsplanFactory(project=project, opdrachtnemer=OrganisatieFactory())
            VerplichtingFactory(project=project)

    assert_queries_stable(client_for(personas["gemeente"]), project.get_absolute_url(), expected=11, grow=grow)


# --- Create and edit -------------------------------------------------------------------------------------------------


def test_gemeente_creates_a_project(personas, gemeente_org, gebied, klasse):
    client = client_for(personas["gemeente"])
    assert "gemeente" not in client.get("/projecten/nieuw/").context["form"].fields
    response = client.post("/projecten/nieuw/", formulier(gebied, klasse))
    project = Project.objects.get(nummer="DOR-0100")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.gemeente == gemeente_org and project.fase == "ontwerp"
    assert project.raming == Decimal("1250000") and project.ambitieweb == {"energie": 2}
    assert project.aanbesteding_kwartaal == kwartaal(2)


def test_beheerder_chooses_the_gemeente(personas, gemeente_org, gebied, klasse):
    andere = OrganisatieFactory(gemeente=True, naam="Gemeente Papendrecht (test)")
    client = client_for(personas["beheerder"])
    response = client.post("/projecten/nieuw/", formulier(gebied, klasse, gemeente=andere.pk))
    assert response.status_code == 200
    assert "Kies een gebied van Gemeente Papendrecht (test)." in response.content.decode()
    assert not Project.objects.exists()
    response = client.post("/projecten/nieuw/", formulier(gebied, klasse, gemeente=gemeente_org.pk))
    assert response.status_code == 302 and Project.objects.get().gemeente == gemeente_org


def test_errors_come_back_in_dutch_at_their_fields(personas, gebied, klasse):
    response = client_for(personas["gemeente"]).post(
        "/projecten/nieuw/",
        formulier(
            gebied,
            klasse,
            start_kwartaal=kwartaal_code(kwartaal(1)),
            raming="99",
            verschuifbaar_vanaf=kwartaal_code(kwartaal(1)),
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "vóór de aanbesteding" in form.errors["start_kwartaal"][0]
    assert "valt niet in de waardeklasse" in form.errors["raming"][0]
    assert "Vul beide kwartalen" in form.errors["verschuifbaar_tot"][0]
    assert "Het project is niet opgeslagen" in response.content.decode()
    assert not Project.objects.exists()


def test_edit_with_a_tracked_change_asks_for_a_reason(personas, project, klasse):
    client = client_for(personas["gemeente"])
    url = f"/projecten/{project.pk}/bewerken/"
    form = client.get(url).context["form"]
    assert "fase" not in form.fields and "reden" in form.fields
    data = {naam: veld.value() for naam, veld in ((naam, form[naam]) for naam in form.fields)}
    data = {naam: ("" if waarde is None else waarde) for naam, waarde in data.items()}
    data["aanbesteding_kwartaal"] = kwartaal_code(kwartaal(2))
    response = client.post(url, data)
    assert response.status_code == 200 and "Geef een reden" in response.context["form"].errors["reden"][0]
    assert Project.objects.get(pk=project.pk).aanbesteding_kwartaal == kwartaal(1)

    data["reden"] = "Vergunning van het waterschap komt later."
    response = client.post(url, data)
    assert response.status_code == 302
    rij = Projectwijziging.objects.get(project=project)
    assert rij.veld == "aanbesteding_kwartaal" and rij.nieuwe_waarde == kwartaal_code(kwartaal(2))
    assert Project.objects.get(pk=project.pk).raming == Decimal("2345678")  # the localised value came back intact
    assert "Vergunning van het waterschap komt later." in client.get(project.get_absolute_url()).content.decode()


def test_edit_page_query_count(personas, project):
    """User; the project with its contractors; the choices: gebieden, waardeklassen, contactpersonen."""

    def grow(n):
        for _ in range(n):
            UserFactory(organisatie=project.gemeente)
            GebiedFactory(gemeente=project.gemeente)

    assert_queries_stable(
        client_for(personas["gemeente"]), f"/projecten/{project.pk}/bewerken/", expected=6, grow=grow
    )


def test_new_page_query_count(personas, gemeente_org):
    def grow(n):
        for _ in range(n):
            UserFactory(organisatie=gemeente_org)
            WaardeklasseFactory()

    assert_queries_stable(client_for(personas["gemeente"]), "/projecten/nieuw/", expected=4, grow=grow)


# --- Fase and award --------------------------------------------------------------------------------------------------


def test_fase_change_on_the_page(personas, project):
    client = client_for(personas["gemeente"])
    url = f"/projecten/{project.pk}/fase/"
    response = client.post(url, {"fase": "aanbesteding", "reden": ""})
    assert response.status_code == 302
    response = client.post(url, {"fase": "voorbereiding", "reden": ""})
    assert response.status_code == 200
    assert "alleen met een reden" in response.context["fase_form"].errors["reden"][0]
    assert Project.objects.get(pk=project.pk).fase == "aanbesteding"
    # A step the table does not offer is not among the choices.
    response = client.post(url, {"fase": "afgerond", "reden": "Klaar"})
    assert response.status_code == 200 and "fase" in response.context["fase_form"].errors
    assert client.get(project.get_absolute_url()).status_code == 200
    assert [rij.nieuwe_waarde for rij in Projectwijziging.objects.filter(veld="fase")] == ["Aanbesteding"]


def test_award_on_the_page(personas, project):
    client = client_for(personas["gemeente"])
    url = f"/projecten/{project.pk}/gunnen/"
    assert "vanaf de fase aanbesteding" in client.get(url).content.decode()
    Project.objects.filter(pk=project.pk).update(fase="aanbesteding")
    eigen = personas["on_eigen"].organisatie
    keuzes = client.get(url).context["form"].fields["opdrachtnemers"].queryset
    assert eigen in keuzes and project.gemeente not in keuzes
    assert client.post(url, {}).context["form"].errors["opdrachtnemers"] == ["Kies minstens één opdrachtnemer."]
    response = client.post(url, {"opdrachtnemers": [eigen.pk]})
    assert response.status_code == 302 and list(project.opdrachtnemers.all()) == [eigen]
    assert AuditEvent.objects.filter(actie="project.gegund").exists()
    assert eigen.naam in client_for(personas["on_ander"]).get(project.get_absolute_url()).content.decode()


def test_award_page_query_count(personas, project):
    """User; the project with its contractors; the contractors to choose from; those already chosen."""
    Project.objects.filter(pk=project.pk).update(fase="aanbesteding")

    def grow(n):
        for _ in range(n):
            OrganisatieFactory()

    assert_queries_stable(client_for(personas["gemeente"]), f"/projecten/{project.pk}/gunnen/", expected=4, grow=grow)
