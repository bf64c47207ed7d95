"""The pages of the gebiedsgerichte planning: what each role sees and may do, refused input shown in Dutch with
nothing saved, another gemeente's objects answering 404, and pinned query counts."""

import datetime

from django.utils import timezone

import pytest

from projecten.models import Graafrust, Koppelbesluit, Koppelkans, Opgave
from tests.conftest import client_for
from tests.factories import (
    GebiedFactory,
    GraafrustFactory,
    KoppelbesluitFactory,
    KoppelkansFactory,
    OpgaveFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def tekst(response) -> str:
    return response.content.decode()


@pytest.fixture
def gebied(gemeente_org):
    return GebiedFactory(gemeente=gemeente_org, naam="Crabbehof")


@pytest.fixture
def vreemd(db):
    """A gebied of another gemeente, with an opgave, a graafrust marker and a koppelkans."""
    gebied = GebiedFactory(gemeente=OrganisatieFactory(gemeente=True), naam="Oostpolder")
    return {
        "gebied": gebied,
        "opgave": OpgaveFactory(gebied=gebied),
        "graafrust": GraafrustFactory(gebied=gebied),
        "koppelkans": KoppelkansFactory(gebied=gebied),
    }


def opgave_post(**anders) -> dict:
    return {
        "titel": "Klimaatadaptatie: wadi's in het Crabbehofpark",
        "thema": "klimaatadaptatie",
        "eigenaar": "waterschap",
        "eigenaar_naam": "Waterschap Hollandse Delta",
        "venster_van": "2027-01-01",
        "venster_tot": "2028-06-30",
        "zekerheid": "midden",
        "bron": "Stresstest 2024",
        "project": "",
        **anders,
    }


# --- What each sees and may do ---------------------------------------------------------------------------------------


def test_gebied_page_shows_everything_and_edit_links_only_to_its_gemeente(clients, gebied):
    project = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied, naam="Herinrichting Crabbehof-Zuid")
    OpgaveFactory(gebied=gebied, titel="Vervangen riolering Crabbehof-Zuid")
    GraafrustFactory(gebied=gebied, locatie="Karel Doormanweg", tot=datetime.date(VANDAAG.year + 2, 3, 31))
    KoppelkansFactory(gebied=gebied).projecten.add(project)
    for rol, beheert in [("on_eigen", False), ("gemeente", True), ("beheerder", True)]:
        html = tekst(clients[rol].get(f"/projecten/gebieden/{gebied.pk}/"))
        assert "Herinrichting Crabbehof-Zuid" in html and project.get_absolute_url() in html
        assert "Vervangen riolering Crabbehof-Zuid" in html
        assert f"Graafrust tot {VANDAAG.year + 2}" not in html  # Dutch date: "31 maart"
        assert f"Graafrust tot 31 maart {VANDAAG.year + 2}" in html and "Karel Doormanweg" in html
        assert "Koppelkans" in html and "Open" in html
        assert ("Opgave toevoegen" in html) is beheert and ("Graafrust toevoegen" in html) is beheert


def test_another_gemeentes_gebied_is_readable_but_not_editable(clients, vreemd):
    html = tekst(clients["gemeente"].get(f"/projecten/gebieden/{vreemd['gebied'].pk}/"))
    assert "Oostpolder" in html and "Opgave toevoegen" not in html
    urls = [
        (f"/projecten/gebieden/{vreemd['gebied'].pk}/opgaven/nieuw/", "get"),
        (f"/projecten/gebieden/{vreemd['gebied'].pk}/graafrust/nieuw/", "get"),
        (f"/projecten/gebieden/opgaven/{vreemd['opgave'].pk}/bewerken/", "get"),
        (f"/projecten/gebieden/opgaven/{vreemd['opgave'].pk}/verwijderen/", "post"),
        (f"/projecten/gebieden/graafrust/{vreemd['graafrust'].pk}/verwijderen/", "post"),
        (f"/projecten/koppelkansen/{vreemd['koppelkans'].pk}/besluit/", "post"),
    ]
    for url, methode in urls:
        assert getattr(clients["gemeente"], methode)(url).status_code == 404, url
        assert getattr(clients["on_eigen"], methode)(url).status_code == 403, url
    assert Opgave.objects.count() == 1 and Graafrust.objects.count() == 1 and not Koppelbesluit.objects.exists()
    assert clients["gemeente"].get(f"/projecten/koppelkansen/{vreemd['koppelkans'].pk}/").status_code == 200


# --- Opgaven ---------------------------------------------------------------------------------------------------------


def test_create_an_opgave_with_a_window_out_of_order_then_fixed(clients, gebied):
    url = f"/projecten/gebieden/{gebied.pk}/opgaven/nieuw/"
    response = clients["gemeente"].post(url, opgave_post(venster_van="2028-06-30", venster_tot="2027-01-01"))
    assert response.status_code == 200
    assert "De uiterlijke datum (01-01-2027) ligt vóór de vroegste datum (30-06-2028)." in tekst(response)
    assert not Opgave.objects.exists()

    project = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied)
    response = clients["gemeente"].post(url, opgave_post(project=project.pk))
    assert response.status_code == 302 and response["Location"] == f"/projecten/gebieden/{gebied.pk}/"
    opgave = Opgave.objects.get()
    assert (opgave.gebied, opgave.project, opgave.eigenaar) == (gebied, project, "waterschap")


def test_the_project_choice_holds_only_the_own_gemeentes_projects(clients, gebied, vreemd):
    eigen = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied)
    ander = ProjectFactory(gemeente=vreemd["gebied"].gemeente, gebied=vreemd["gebied"])
    html = tekst(clients["gemeente"].get(f"/projecten/gebieden/{gebied.pk}/opgaven/nieuw/"))
    assert eigen.naam in html and ander.naam not in html
    response = clients["gemeente"].post(
        f"/projecten/gebieden/{gebied.pk}/opgaven/nieuw/", opgave_post(project=ander.pk)
    )
    assert response.status_code == 200 and "Selecteer een geldige keuze" in tekst(response)
    assert not gebied.opgaven.exists()


def test_edit_and_delete_an_opgave(clients, gebied):
    opgave = OpgaveFactory(gebied=gebied)
    response = clients["gemeente"].post(
        f"/projecten/gebieden/opgaven/{opgave.pk}/bewerken/", opgave_post(titel="Wadi's Crabbehofpark")
    )
    assert response.status_code == 302
    opgave.refresh_from_db()
    assert opgave.titel == "Wadi's Crabbehofpark"
    assert "Weet u zeker" in tekst(clients["gemeente"].get(f"/projecten/gebieden/opgaven/{opgave.pk}/verwijderen/"))
    response = clients["gemeente"].post(f"/projecten/gebieden/opgaven/{opgave.pk}/verwijderen/")
    assert response.status_code == 302 and not Opgave.objects.exists()


def test_contractor_cannot_open_the_forms(clients, gebied):
    opgave = OpgaveFactory(gebied=gebied)
    for url in [
        f"/projecten/gebieden/{gebied.pk}/opgaven/nieuw/",
        f"/projecten/gebieden/opgaven/{opgave.pk}/bewerken/",
    ]:
        assert clients["on_eigen"].get(url).status_code == 403
        assert clients["on_eigen"].post(url, opgave_post(titel="Van een aannemer")).status_code == 403
    opgave.refresh_from_db()
    assert opgave.titel != "Van een aannemer"


# --- Graafrust -------------------------------------------------------------------------------------------------------


def test_add_and_remove_graafrust(clients, gebied):
    url = f"/projecten/gebieden/{gebied.pk}/graafrust/nieuw/"
    response = clients["gemeente"].post(url, {"locatie": "Singel", "tot": f"{VANDAAG:%Y-%m-%d}"})
    assert response.status_code == 200 and "Kies een datum in de toekomst" in tekst(response)
    tot = VANDAAG + datetime.timedelta(days=365)
    response = clients["gemeente"].post(url, {"locatie": "Singel", "tot": f"{tot:%Y-%m-%d}", "toelichting": "Nieuw"})
    assert response.status_code == 302
    rust = Graafrust.objects.get()
    assert "Graafrust tot" in tekst(clients["on_eigen"].get(f"/projecten/gebieden/{gebied.pk}/"))
    response = clients["gemeente"].post(f"/projecten/gebieden/graafrust/{rust.pk}/verwijderen/")
    assert response.status_code == 302 and not Graafrust.objects.exists()


# --- Koppelkansen ----------------------------------------------------------------------------------------------------


def test_record_a_decision_with_a_reason(clients, personas, gebied):
    koppelkans = KoppelkansFactory(gebied=gebied)
    url = f"/projecten/koppelkansen/{koppelkans.pk}/besluit/"
    response = clients["gemeente"].post(url, {"besluit": "gebundeld", "reden": ""})
    assert response.status_code == 200
    assert "Geef een reden: het besluit komt in het logboek" in tekst(response)
    assert not Koppelbesluit.objects.exists()

    response = clients["gemeente"].post(url, {"besluit": "gebundeld", "reden": "Samen in één bestek."})
    assert response.status_code == 302
    html = tekst(clients["on_eigen"].get(f"/projecten/koppelkansen/{koppelkans.pk}/"))
    assert "Samen in één bestek." in html and personas["gemeente"].naam in html
    assert "Besluit vastleggen" not in html
    html = tekst(clients["gemeente"].get(f"/projecten/koppelkansen/{koppelkans.pk}/"))
    assert "Heropenen" in html and "Bewust niet bundelen" not in html
    koppelkans.refresh_from_db()
    assert koppelkans.status == "gebundeld"


def test_koppelkansen_list_filters_on_status(clients, gebied):
    open_kans = KoppelkansFactory(gebied=gebied)
    open_kans.opgaven.add(OpgaveFactory(gebied=gebied, titel="Wadi's Crabbehofpark"))
    KoppelbesluitFactory(koppelkans__gebied=gebied, koppelkans__status="bewust_niet", besluit="bewust_niet")
    html = tekst(clients["on_ander"].get("/projecten/koppelkansen/"))
    assert "2 koppelkansen" in html and "Wadi&#x27;s Crabbehofpark" in html
    html = tekst(clients["on_ander"].get("/projecten/koppelkansen/?status=bewust_niet"))
    assert "1 koppelkans" in html and "Wadi" not in html


def test_matrix_marks_koppelkansen_and_graafrust_in_text(clients, gebied):
    jaar = VANDAAG.year + 1
    project = ProjectFactory(
        gemeente=gebied.gemeente,
        gebied=gebied,
        soort_werk="riolering",
        aanbesteding_kwartaal=datetime.date(jaar, 4, 1),
    )
    OpgaveFactory(
        gebied=gebied, thema="groen", venster_van=datetime.date(jaar, 1, 1), venster_tot=datetime.date(jaar, 12, 31)
    )
    KoppelkansFactory(gebied=gebied, periode_van=datetime.date(jaar, 1, 1), periode_tot=datetime.date(jaar, 12, 31))
    GraafrustFactory(gebied=gebied, locatie="Singel", tot=datetime.date(jaar, 6, 30))
    ander = GebiedFactory(naam="Elders")
    html = tekst(clients["on_eigen"].get(f"/projecten/gebieden/matrix/?gemeente={gebied.gemeente_id}"))
    assert f'<th scope="col">{jaar}</th>' in html and "Crabbehof" in html and "Elders" not in html
    assert "1 project</strong>: riolering 1" in html and "1 opgave</strong>: groen 1" in html
    assert ">Koppelkans</span>" in html and f"tot 6-{jaar}: Singel" in html
    assert project.get_absolute_url() in html
    assert "Elders" in tekst(clients["on_eigen"].get("/projecten/gebieden/matrix/")) and ander.pk


def test_project_page_lists_its_koppelkansen(clients, gebied):
    project = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied)
    html = tekst(clients["on_eigen"].get(project.get_absolute_url()))
    assert "Dit project zit (nog) in geen koppelkans." in html
    koppelkans = KoppelkansFactory(gebied=gebied)
    koppelkans.projecten.add(project)
    html = tekst(clients["on_eigen"].get(project.get_absolute_url()))
    assert f"/projecten/koppelkansen/{koppelkans.pk}/" in html


# --- Query counts ----------------------------------------------------------------------------------------------------
# Each page: one query for the user (the session is cached), then the list pages the filter's choices, the count and
# the page with their prefetches; the matrix the gebieden and one query each for projects, opgaven, koppelkansen and
# graafrust; the gebied and koppelkans pages the object and one query per kind of related row.


@pytest.mark.parametrize(("rol", "expected"), [("on_eigen", 4), ("gemeente", 4)])
def test_gebieden_list_query_count(personas, gemeente_org, rol, expected):
    def meer(n):
        for gebied in GebiedFactory.create_batch(n, gemeente=gemeente_org):
            OpgaveFactory(gebied=gebied)
            GraafrustFactory(gebied=gebied)
            KoppelkansFactory(gebied=gebied)
            ProjectFactory(gemeente=gemeente_org, gebied=gebied)

    assert_queries_stable(client_for(personas[rol]), "/projecten/gebieden/", expected=expected, grow=meer)


@pytest.mark.parametrize(("rol", "expected"), [("on_eigen", 7), ("gemeente", 7)])
def test_matrix_query_count(personas, gemeente_org, rol, expected):
    gebieden = GebiedFactory.create_batch(3, gemeente=gemeente_org)
    jaar = VANDAAG.year

    def meer(n):
        for i in range(n):
            gebied = gebieden[i % 3]
            ProjectFactory(
                gemeente=gemeente_org,
                gebied=gebied,
                aanbesteding_kwartaal=datetime.date(jaar + i % 4, 1, 1),
                start_kwartaal=None,
            )
            OpgaveFactory(
                gebied=gebied, venster_van=datetime.date(jaar, 1, 1), venster_tot=datetime.date(jaar + 3, 1, 1)
            )
            KoppelkansFactory(
                gebied=gebied, periode_van=datetime.date(jaar, 1, 1), periode_tot=datetime.date(jaar + 1, 1, 1)
            )
            GraafrustFactory(gebied=gebied)
            GebiedFactory(gemeente=gemeente_org)

    assert_queries_stable(client_for(personas[rol]), "/projecten/gebieden/matrix/", expected=expected, grow=meer)


@pytest.mark.parametrize(("rol", "expected"), [("on_eigen", 8), ("gemeente", 8)])
def test_gebied_page_query_count(personas, gebied, rol, expected):
    def meer(n):
        for _ in range(n):
            project = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied)
            opgave = OpgaveFactory(gebied=gebied, project=project)
            kans = KoppelkansFactory(gebied=gebied)
            kans.projecten.add(project)
            kans.opgaven.add(opgave)
            GraafrustFactory(gebied=gebied, project=project)
            GraafrustFactory(gebied=gebied, tot=VANDAAG - datetime.timedelta(days=3))

    assert_queries_stable(client_for(personas[rol]), f"/projecten/gebieden/{gebied.pk}/", expected=expected, grow=meer)


@pytest.mark.parametrize(("rol", "expected"), [("on_eigen", 7), ("gemeente", 7)])
def test_koppelkansen_list_query_count(personas, gebied, rol, expected):
    def meer(n):
        for kans in KoppelkansFactory.create_batch(n, gebied=GebiedFactory(gemeente=gebied.gemeente)):
            kans.projecten.add(ProjectFactory(gemeente=gebied.gemeente, gebied=kans.gebied))
            kans.opgaven.add(OpgaveFactory(gebied=kans.gebied))

    assert_queries_stable(client_for(personas[rol]), "/projecten/koppelkansen/", expected=expected, grow=meer)


@pytest.mark.parametrize(("rol", "expected"), [("on_eigen", 5), ("gemeente", 5)])
def test_koppelkans_page_query_count(personas, gebied, rol, expected):
    koppelkans = KoppelkansFactory(gebied=gebied)

    def meer(n):
        for _ in range(n):
            koppelkans.projecten.add(ProjectFactory(gemeente=gebied.gemeente, gebied=gebied))
            koppelkans.opgaven.add(OpgaveFactory(gebied=gebied))
            KoppelbesluitFactory(koppelkans=koppelkans, door=UserFactory(organisatie=gebied.gemeente))

    assert_queries_stable(
        client_for(personas[rol]), f"/projecten/koppelkansen/{koppelkans.pk}/", expected=expected, grow=meer
    )
    assert Koppelkans.objects.count() == 1
