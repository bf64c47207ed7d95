"""The spreidingsvoorstel with real projects: which projects may move, the page with its before/after charts, and
adopting a move (history with reason "spreiding", only for the own gemeente's projects)."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from kring.models import AuditEvent
from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_plus
from projecten.models import Project, Projectwijziging
from projecten.selectors.spreiding import horizon, voorstel_maken
from projecten.services.spreiding import spreiding_overnemen
from tests.conftest import client_for
from tests.factories import OrganisatieFactory, ProjectFactory, UserFactory, WaardeklasseFactory
from tests.kring.test_charts import svg_element
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

VOORSTEL = "/projecten/spreiding/voorstel/"


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(huidig_kwartaal(), plus)


def overnemen_url(project) -> str:
    return f"/projecten/spreiding/voorstel/{project.pk}/overnemen/"


@pytest.fixture
def klasse(db):
    return WaardeklasseFactory(rekenwaarde=1_000_000)


def project(gemeente, plus, klasse, *, venster=None, zekerheid="midden", fase="voorbereiding", start=None, **kwargs):
    return ProjectFactory(
        gemeente=gemeente,
        aanbesteding_kwartaal=kwartaal(plus),
        start_kwartaal=kwartaal(start) if start is not None else None,
        waardeklasse=klasse,
        zekerheid=zekerheid,
        fase=fase,
        verschuifbaar_vanaf=kwartaal(venster[0]) if venster else None,
        verschuifbaar_tot=kwartaal(venster[1]) if venster else None,
        **kwargs,
    )


@pytest.fixture
def druk(gemeente_org, klasse):
    """Six tenders in quarter 2 of the horizon: three may move, three may not (each for another reason)."""
    return {
        "schuift": project(gemeente_org, 2, klasse, venster=(0, 6), start=3, naam="Riolering Wielwijk"),
        "laag": project(gemeente_org, 2, klasse, venster=(1, 4), zekerheid="laag"),
        "ook": project(gemeente_org, 2, klasse, venster=(2, 8)),
        "hoog": project(gemeente_org, 2, klasse, venster=(0, 6), zekerheid="hoog"),
        "zonder_venster": project(gemeente_org, 2, klasse),
        "aanbesteding": project(gemeente_org, 2, klasse, venster=(0, 6), fase="aanbesteding"),
    }


def test_only_movable_projects_move_and_within_their_window(personas, druk):
    pagina = voorstel_maken(user=personas["gemeente"], gemeente=None, maat="waarde", kwartalen=horizon())
    verschoven = {verschuiving.project.pk: verschuiving for verschuiving in pagina.verschuivingen}
    vast = {druk[sleutel].pk for sleutel in ("hoog", "zonder_venster", "aanbesteding")}
    assert not vast & set(verschoven)
    assert len(verschoven) == 3 and pagina.aantal_verschuifbaar == 3 and pagina.aantal_projecten == 6
    for verschuiving in pagina.verschuivingen:
        project = verschuiving.project
        assert project.verschuifbaar_vanaf <= verschuiving.naar <= project.verschuifbaar_tot
    uitkomst = pagina.voorstel
    assert uitkomst.na.standaardafwijking < uitkomst.voor.standaardafwijking
    assert uitkomst.na.verschil < uitkomst.voor.verschil


def test_gemeente_staff_plan_their_own_projects_only(personas, druk, klasse):
    andere = OrganisatieFactory(gemeente=True)
    elders = project(andere, 5, klasse, venster=(0, 11))
    for _ in range(3):
        project(andere, 5, klasse)
    pagina = voorstel_maken(user=personas["gemeente"], gemeente=andere, maat="aantal", kwartalen=horizon())
    assert pagina.aantal_projecten == 6  # the choice of gemeente is ignored: always their own
    # A beheerder picks the gemeente.
    pagina = voorstel_maken(user=personas["beheerder"], gemeente=andere, maat="aantal", kwartalen=horizon())
    assert pagina.aantal_projecten == 4 and [v.project for v in pagina.verschuivingen] == [elders]


def test_page_shows_before_and_after_and_the_moves(clients, druk):
    response = clients["gemeente"].get(VOORSTEL, {"maat": "aantal"})
    assert response.status_code == 200
    html = response.content.decode()
    for grafiek_id in ("grafiek-voor", "grafiek-na"):
        begin = html.index(f'aria-labelledby="{grafiek_id}')
        svg = html[html.rindex("<svg", 0, begin) : html.index("</svg>", begin) + 6]
        assert svg_element(svg).get("role") == "img"
    assert "Riolering Wielwijk" in html
    assert f'name="naar" value="{kwartaal_code(response.context["pagina"].verschuivingen[0].naar)}"' in html
    assert '<input type="hidden" name="maat" value="aantal">' in html
    assert "Standaardafwijking per kwartaal" in html


def test_page_without_possible_moves(clients, gemeente_org, klasse):
    project(gemeente_org, 1, klasse, zekerheid="hoog")
    html = clients["gemeente"].get(VOORSTEL).content.decode()
    assert "Geen enkele verschuiving maakt de belasting gelijkmatiger" in html


def test_adopting_a_move_writes_history_with_reason_spreiding(clients, personas, druk):
    schuift = druk["schuift"]
    response = clients["gemeente"].post(overnemen_url(schuift), {"naar": kwartaal_code(kwartaal(0)), "maat": "aantal"})
    assert response.status_code == 302 and response["Location"] == VOORSTEL + "?maat=aantal"
    schuift.refresh_from_db()
    assert (schuift.aanbesteding_kwartaal, schuift.start_kwartaal) == (kwartaal(0), kwartaal(1))
    wijzigingen = Projectwijziging.objects.filter(project=schuift)
    assert {(w.veld, w.reden, w.door_id) for w in wijzigingen} == {
        ("aanbesteding_kwartaal", "spreiding", personas["gemeente"].pk),
        ("start_kwartaal", "spreiding", personas["gemeente"].pk),
    }
    assert AuditEvent.objects.filter(actie="project.gewijzigd", object_id=str(schuift.pk)).count() == 1


def test_adoption_refuses_another_gemeentes_project(clients, klasse):
    elders = project(OrganisatieFactory(gemeente=True), 2, klasse, venster=(0, 6))
    response = clients["gemeente"].post(overnemen_url(elders), {"naar": kwartaal_code(kwartaal(0))})
    assert response.status_code == 404
    elders.refresh_from_db()
    assert elders.aanbesteding_kwartaal == kwartaal(2) and not Projectwijziging.objects.exists()
    assert (
        client_for(UserFactory(organisatie=elders.gemeente))
        .post(overnemen_url(elders), {"naar": kwartaal_code(kwartaal(0))})
        .status_code
        == 302
    )


@pytest.mark.parametrize(
    ("sleutel", "naar", "melding"),
    [
        ("schuift", 8, "buiten het venster"),
        ("schuift", 2, "staat al in"),
        ("hoog", 0, "kan niet verschuiven"),
        ("zonder_venster", 0, "kan niet verschuiven"),
        ("aanbesteding", 0, "kan niet verschuiven"),
    ],
)
def test_adoption_refuses_moves_the_voorstel_may_not_make(clients, druk, sleutel, naar, melding):
    doel = druk[sleutel]
    response = clients["gemeente"].post(overnemen_url(doel), {"naar": kwartaal_code(kwartaal(naar))}, follow=True)
    assert melding in response.content.decode()
    doel.refresh_from_db()
    assert doel.aanbesteding_kwartaal == kwartaal(2) and not Projectwijziging.objects.exists()


def test_adoption_refuses_a_quarter_outside_the_horizon(personas, gemeente_org, klasse):
    verleden = project(gemeente_org, 0, klasse, venster=(-2, 2))
    with pytest.raises(ValidationError, match="valt buiten de kwartalen van de spreiding"):
        spreiding_overnemen(project=verleden, naar=kwartaal(-1), door=personas["gemeente"])
    ver = project(gemeente_org, 10, klasse, venster=(9, 14))
    with pytest.raises(ValidationError, match="valt buiten de kwartalen van de spreiding"):
        spreiding_overnemen(project=ver, naar=kwartaal(12), door=personas["gemeente"])


def test_adoption_without_a_quarter_says_so(clients, druk):
    response = clients["gemeente"].post(overnemen_url(druk["schuift"]), {"naar": "volgend jaar"}, follow=True)
    assert "is geen kwartaal" in response.content.decode()
    response = clients["gemeente"].post(overnemen_url(druk["schuift"]), {}, follow=True)
    assert "Kies het nieuwe kwartaal." in response.content.decode()


def test_voorstel_query_count_does_not_grow_with_projects(clients, gemeente_org, klasse):
    def grow(n):
        for i in range(n):
            project(gemeente_org, i % 3, klasse, venster=(0, 11))

    assert_queries_stable(clients["gemeente"], VOORSTEL, expected=2, grow=grow)
    assert Project.objects.count() == 30
