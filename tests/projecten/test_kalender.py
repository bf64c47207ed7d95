"""The aanbestedingskalender page: what is on it (upcoming tenders, by quarter), what the public sees and what members
see more, the filters, following a project and the list of followed projects, and pinned query counts."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

import pytest

from kring.models import AuditEvent
from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_plus
from projecten.models import Interesse, Project
from projecten.selectors.kalender import kalender_list
from projecten.services.kalender import interesse_toggle
from tests.conftest import client_for
from tests.factories import (
    GebiedFactory,
    InteresseFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    WaardeklasseFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

KALENDER = "/projecten/kalender/"
GEVOLGD = "/projecten/gevolgd/"


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(huidig_kwartaal(), plus)


@pytest.fixture
def visbrug(personas, gemeente_org):
    return ProjectFactory(
        gemeente=gemeente_org,
        nummer="DOR-2027-014",
        naam="Renovatie Visbrug",
        omschrijving="Vervangen van het val en de aandrijving van de historische ophaalbrug.",
        gebied=GebiedFactory(gemeente=gemeente_org, naam="Binnenstad", code="binnenstad"),
        soort_werk=Project.SoortWerk.KUNSTWERKEN,
        aanbesteding_kwartaal=kwartaal(2),
        start_kwartaal=kwartaal(3),
        duur_maanden=9,
        waardeklasse=WaardeklasseFactory(naam="€ 1 mln – € 5 mln", code="1-5-mln"),
        raming=Decimal("3456789.00"),
        procedure=Project.Procedure.NATIONAAL,
        contractvorm=Project.Contractvorm.BOUWTEAM,
        zekerheid="hoog",
        sroi_percentage=Decimal("5.0"),
        co2_niveau=3,
        contactpersoon=personas["gemeente"],
        besproken_in_kring_op=datetime.date(2026, 2, 12),
        bespreking="Bouwteam gekozen vanwege de smalle werkplek tussen de kades.",
    )


# --- What is on the kalender -----------------------------------------------------------------------------------------


def test_only_upcoming_tenders_before_uitvoering_by_quarter(visbrug, gemeente_org):
    later = ProjectFactory(
        naam="Riolering Reeland", gemeente=gemeente_org, aanbesteding_kwartaal=kwartaal(5), start_kwartaal=None
    )
    nu = ProjectFactory(naam="Kade Wolwevershaven", fase="aanbesteding", aanbesteding_kwartaal=kwartaal(0))
    ProjectFactory(naam="Voorbij kwartaal", aanbesteding_kwartaal=kwartaal(-1), start_kwartaal=kwartaal(0))
    ProjectFactory(naam="Al in uitvoering", fase="uitvoering", aanbesteding_kwartaal=kwartaal(1))
    ProjectFactory(naam="Nog geen kwartaal", aanbesteding_kwartaal=None, start_kwartaal=None)

    assert list(kalender_list(user=AnonymousUser())) == [nu, visbrug, later]
    inhoud = client_for(None).get(KALENDER).content.decode()
    # One heading per quarter, in order, each with its projects.
    posities = [inhoud.index(f'id="kwartaal-{kwartaal_code(kwartaal(plus))}"') for plus in (0, 2, 5)]
    assert posities == sorted(posities)
    assert posities[0] < inhoud.index("Kade Wolwevershaven") < posities[1] < inhoud.index("Renovatie Visbrug")
    assert "Voorbij kwartaal" not in inhoud and "Al in uitvoering" not in inhoud and "Nog geen kwartaal" not in inhoud
    assert "3 aanbestedingen" in inhoud


def test_the_public_sees_public_fields_only(visbrug, personas):
    inhoud = client_for(None).get(KALENDER).content.decode()
    for publiek in [
        "DOR-2027-014",
        "Renovatie Visbrug",
        "Gemeente Dordrecht (test)",
        "Binnenstad",
        "Bruggen en kunstwerken",
        "€ 1 mln – € 5 mln",
        "Nationaal openbaar",
        "Bouwteam",
        "Hoog",
    ]:
        assert publiek in inhoud, publiek
    for intern in ["historische ophaalbrug", personas["gemeente"].email, "smalle werkplek", "3456789", "3.456.789"]:
        assert intern not in inhoud, intern
    assert visbrug.get_absolute_url() not in inhoud
    assert "Volgen" not in inhoud


@pytest.mark.parametrize("rol", ["on_eigen", "gemeente"])
def test_members_see_more(visbrug, personas, rol):
    inhoud = client_for(personas[rol]).get(KALENDER).content.decode()
    for lid_ziet in [
        "historische ophaalbrug",
        "Gemeente Medewerker",
        personas["gemeente"].email,
        "12 februari 2026",
        "smalle werkplek",
        "SROI-eis 5% van de opdrachtwaarde",
        "CO2-prestatieladder niveau 3",
        f'href="{visbrug.get_absolute_url()}"',
        "9 maanden",
    ]:
        assert lid_ziet in inhoud, lid_ziet
    # The estimate stays internal, also for the project's own gemeente: the kalender shows bands.
    assert "3456789" not in inhoud and "3.456.789" not in inhoud


def test_follow_button_for_contractors_and_follower_count_for_the_own_gemeente(visbrug, personas):
    InteresseFactory(project=visbrug, gebruiker=personas["on_ander"])
    contractor = client_for(personas["on_eigen"]).get(KALENDER).content.decode()
    assert f'action="/projecten/{visbrug.pk}/interesse/"' in contractor
    assert "volger" not in contractor  # contractors do not see what their competitors follow
    gemeente = client_for(personas["gemeente"]).get(KALENDER).content.decode()
    assert "/interesse/" not in gemeente
    assert "1 volger bij opdrachtnemers" in gemeente
    andere_gemeente = UserFactory(organisatie=OrganisatieFactory(gemeente=True))
    assert "volger" not in client_for(andere_gemeente).get(KALENDER).content.decode()


# --- Filters ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def pijplijn(gemeente_org):
    """Four projects that differ in one property each from the first."""
    zwijndrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht")
    basis = {"gemeente": gemeente_org, "aanbesteding_kwartaal": kwartaal(1), "start_kwartaal": kwartaal(2)}
    wijk = GebiedFactory(gemeente=gemeente_org, naam="Stadspolders")
    return {
        "a": ProjectFactory(naam="Project A", gebied=wijk, **basis),
        "b": ProjectFactory(
            naam="Project B",
            gemeente=zwijndrecht,
            soort_werk="riolering",
            procedure="europees",
            zekerheid="laag",
            aanbesteding_kwartaal=kwartaal(4),
            start_kwartaal=kwartaal(5),
        ),
        "c": ProjectFactory(naam="Project C", waardeklasse=WaardeklasseFactory(code="groot"), **basis),
        "d": ProjectFactory(naam="Project D", aanbesteding_kwartaal=kwartaal(2), start_kwartaal=None),
    }


def namen(query: str) -> set[str]:
    inhoud = client_for(None).get(KALENDER + query).content.decode()
    return {naam for naam in ["Project A", "Project B", "Project C", "Project D"] if naam in inhoud}


def test_filters(pijplijn):
    a, b, c = pijplijn["a"], pijplijn["b"], pijplijn["c"]
    assert namen("") == {"Project A", "Project B", "Project C", "Project D"}
    assert namen(f"?gemeente={b.gemeente_id}") == {"Project B"}
    assert namen(f"?gebied={a.gebied_id}") == {"Project A"}
    assert namen("?soort_werk=riolering") == {"Project B"}
    assert namen(f"?waardeklasse={c.waardeklasse_id}") == {"Project C"}
    assert namen("?procedure=europees") == {"Project B"}
    assert namen("?zekerheid=laag") == {"Project B"}
    assert namen(f"?van={kwartaal_code(kwartaal(2))}") == {"Project B", "Project D"}
    assert namen(f"?tot={kwartaal_code(kwartaal(1))}") == {"Project A", "Project C"}
    assert namen(f"?van={kwartaal_code(kwartaal(2))}&tot={kwartaal_code(kwartaal(3))}") == {"Project D"}
    # A quarter as people write it works too.
    k4 = kwartaal(4)
    assert namen(f"?van=Q{(k4.month - 1) // 3 + 1}+{k4.year}") == {"Project B"}


def test_quarters_out_of_order_and_unknown_values_are_explained(pijplijn):
    response = client_for(None).get(f"{KALENDER}?van={kwartaal_code(kwartaal(3))}&tot={kwartaal_code(kwartaal(1))}")
    assert response.status_code == 200
    assert "ligt vóór het kwartaal ‘vanaf’" in response.content.decode()
    response = client_for(None).get(f"{KALENDER}?van=morgen&zekerheid=zeker")
    inhoud = response.content.decode()
    assert "&#x27;morgen&#x27; is geen kwartaal" in inhoud
    assert "Selecteer een geldige keuze" in inhoud


# --- Query counts ----------------------------------------------------------------------------------------------------


def groei(gemeente_org):
    """n projects spread over eight quarters, in a few gebieden and bands (the filters' choices stay few)."""
    gebieden = [GebiedFactory(gemeente=gemeente_org) for _ in range(2)]
    klassen = [WaardeklasseFactory() for _ in range(2)]
    contact = UserFactory(organisatie=gemeente_org)

    def grow(n):
        for i in range(n):
            project = ProjectFactory(
                gemeente=gemeente_org,
                gebied=gebieden[i % 2],
                waardeklasse=klassen[i % 2],
                aanbesteding_kwartaal=kwartaal(i % 8),
                start_kwartaal=None,
                contactpersoon=contact,
            )
            InteresseFactory(project=project)

    return grow


@pytest.mark.parametrize(
    ("rol", "expected"),
    [
        # Filter choices (gemeenten, gebieden, waardeklassen), the count, the page, the count per quarter.
        ("anoniem", 6),
        # Plus the user with organisation; interest and followers are subqueries of the page's query.
        ("on_eigen", 7),
        ("gemeente", 7),
    ],
)
def test_kalender_query_count_does_not_grow_with_the_projects(personas, gemeente_org, rol, expected):
    assert_queries_stable(client_for(personas[rol]), KALENDER, expected=expected, grow=groei(gemeente_org))


def test_filtered_kalender_query_count(personas, gemeente_org):
    assert_queries_stable(
        client_for(personas["on_eigen"]),
        f"{KALENDER}?zekerheid=midden&van={kwartaal_code(kwartaal(1))}",
        expected=7,
        grow=groei(gemeente_org),
    )


# --- Following a project ---------------------------------------------------------------------------------------------


def test_a_contractor_follows_and_unfollows(visbrug, personas):
    client = client_for(personas["on_eigen"])
    response = client.post(f"/projecten/{visbrug.pk}/interesse/", {"terug": KALENDER + "?zekerheid=hoog"})
    assert response.status_code == 302 and response["Location"] == KALENDER + "?zekerheid=hoog"
    assert Interesse.objects.filter(project=visbrug, gebruiker=personas["on_eigen"]).exists()
    assert AuditEvent.objects.filter(actie="project.interesse_getoond", actor=personas["on_eigen"]).exists()
    assert "U volgt nu DOR-2027-014 Renovatie Visbrug" in client.get(KALENDER).content.decode()

    response = client.post(f"/projecten/{visbrug.pk}/interesse/")
    assert response["Location"] == GEVOLGD  # without a way back: the followed projects
    assert not Interesse.objects.filter(project=visbrug).exists()
    assert AuditEvent.objects.filter(actie="project.interesse_ingetrokken").count() == 1


def test_the_way_back_stays_on_this_site(visbrug, personas):
    response = client_for(personas["on_eigen"]).post(
        f"/projecten/{visbrug.pk}/interesse/", {"terug": "https://elders.example/phish"}
    )
    assert response["Location"] == GEVOLGD


def test_htmx_swaps_the_button_and_announces_the_outcome(visbrug, personas):
    client = client_for(personas["on_eigen"])
    response = client.post(f"/projecten/{visbrug.pk}/interesse/", {"terug": KALENDER}, headers={"HX-Request": "true"})
    inhoud = response.content.decode()
    assert response.status_code == 200
    assert "Niet meer volgen" in inhoud and 'hx-swap-oob="innerHTML"' in inhoud
    assert "U volgt dit project nu." in inhoud
    assert f'name="terug" value="{KALENDER}"' in inhoud
    inhoud = client.post(
        f"/projecten/{visbrug.pk}/interesse/", {"terug": KALENDER}, headers={"HX-Request": "true"}
    ).content.decode()
    assert ">Volgen<" in inhoud and "U volgt dit project niet meer." in inhoud


def test_who_may_follow(visbrug, personas):
    url = f"/projecten/{visbrug.pk}/interesse/"
    assert client_for(None).post(url)["Location"].startswith("/account/login/")
    for rol in ["gemeente", "stuurgroep", "beheerder"]:
        assert client_for(personas[rol]).post(url).status_code == 403, rol
    assert client_for(personas["on_eigen"]).post("/projecten/999999/interesse/").status_code == 404
    assert client_for(personas["on_eigen"]).get(url).status_code == 405
    assert not Interesse.objects.exists()
    with pytest.raises(PermissionDenied):
        interesse_toggle(project=visbrug, gebruiker=personas["gemeente"])


def test_a_finished_project_cannot_be_followed_but_can_be_unfollowed(visbrug, personas):
    InteresseFactory(project=visbrug, gebruiker=personas["on_ander"])
    Project.objects.filter(pk=visbrug.pk).update(fase="afgerond")
    client = client_for(personas["on_eigen"])
    client.post(f"/projecten/{visbrug.pk}/interesse/", {"terug": GEVOLGD})
    assert not Interesse.objects.filter(gebruiker=personas["on_eigen"]).exists()
    assert "is afgerond; volgen heeft geen zin meer" in client.get(GEVOLGD).content.decode()
    assert not AuditEvent.objects.filter(actie__startswith="project.interesse").exists()
    inhoud = client.post(f"/projecten/{visbrug.pk}/interesse/", headers={"HX-Request": "true"}).content.decode()
    assert "volgen heeft geen zin meer" in inhoud
    client_for(personas["on_ander"]).post(f"/projecten/{visbrug.pk}/interesse/")
    assert not Interesse.objects.exists()


# --- Mijn gevolgde projecten -----------------------------------------------------------------------------------------


def test_followed_projects_are_the_persons_own(visbrug, personas, pijplijn):
    InteresseFactory(project=visbrug, gebruiker=personas["on_eigen"])
    InteresseFactory(project=pijplijn["b"], gebruiker=personas["on_ander"])
    afgerond = ProjectFactory(naam="Afgerond project", fase="afgerond", aanbesteding_kwartaal=kwartaal(-8))
    InteresseFactory(project=afgerond, gebruiker=personas["on_eigen"])
    inhoud = client_for(personas["on_eigen"]).get(GEVOLGD).content.decode()
    assert "Renovatie Visbrug" in inhoud and "Afgerond project" in inhoud and "Project B" not in inhoud
    assert "Niet meer volgen" in inhoud
    leeg = client_for(UserFactory()).get(GEVOLGD).content.decode()
    assert "U volgt nog geen projecten" in leeg
    assert client_for(personas["gemeente"]).get(GEVOLGD).status_code == 403


def test_followed_projects_query_count(personas):
    def grow(n):
        for i in range(n):
            project = ProjectFactory(aanbesteding_kwartaal=kwartaal(i % 6), start_kwartaal=None)
            InteresseFactory(project=project, gebruiker=personas["on_eigen"])
            InteresseFactory(project=project)

    # User; the count; the page (latest change as a subquery).
    assert_queries_stable(client_for(personas["on_eigen"]), GEVOLGD, expected=3, grow=grow)
