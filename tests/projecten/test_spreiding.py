"""The spreiding page: figures per quarter equal a direct count, empty and overloaded quarters, the chart with its table,
the filter by gemeente, and pinned query counts. The werkvoorraad: validation, all-or-nothing, the anonymity
thresholds, and that a contractor sees its own figures only."""

import datetime
import io
import random
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

import pytest

from kring.models import AuditEvent, User
from projecten.kwartalen import huidig_kwartaal, kwartaal_label, kwartaal_plus
from projecten.models import Project, Werkvoorraad
from projecten.selectors.spreiding import (
    horizon,
    spreiding_overzicht,
    spreiding_projecten,
    voorstel_maken,
    werkvoorraad_overzicht,
)
from projecten.services.spreiding import werkvoorraad_set
from tests.factories import OrganisatieFactory, ProjectFactory, UserFactory, WaardeklasseFactory
from tests.kring.test_charts import svg_element
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

SPREIDING = "/projecten/spreiding/"
WERKVOORRAAD = "/projecten/spreiding/werkvoorraad/"


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(huidig_kwartaal(), plus)


def project(**kwargs) -> Project:
    """A project without a start quarter, so any tender quarter will do."""
    return ProjectFactory(**{"start_kwartaal": None, **kwargs})


@pytest.fixture
def klassen(db):
    return [
        WaardeklasseFactory(naam="Tot € 250.000", code="klein", ondergrens=0, bovengrens=250_000, rekenwaarde=150_000),
        WaardeklasseFactory(
            naam="€ 250.000 – € 1 mln", code="middel", ondergrens=250_000, bovengrens=1_000_000, rekenwaarde=600_000
        ),
        WaardeklasseFactory(
            naam="€ 1 – 5 mln", code="groot", ondergrens=1_000_000, bovengrens=5_000_000, rekenwaarde=2_500_000
        ),
    ]


# --- Load per quarter ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("verdeling", ["soort_werk", "fase"])
@pytest.mark.parametrize("maat", ["waarde", "aantal"])
def test_figures_equal_a_direct_count(personas, gemeente_org, klassen, verdeling, maat):
    rng = random.Random(5)
    andere = OrganisatieFactory(gemeente=True)
    for _ in range(60):
        project(
            gemeente=rng.choice([gemeente_org, andere]),
            soort_werk=rng.choice(Project.SoortWerk.values),
            fase=rng.choice(Project.Fase.values),
            aanbesteding_kwartaal=rng.choice([None, kwartaal(-1), *(kwartaal(i) for i in range(14))]),
            start_kwartaal=None,
            waardeklasse=rng.choice(klassen),
            raming=Decimal(rng.randint(1, 9_999_999)),  # never counted: the value is the band's rekenwaarde
        )
    kwartalen = horizon()
    spreiding = spreiding_overzicht(
        projecten=spreiding_projecten(user=personas["on_eigen"]), verdeling=verdeling, maat=maat, kwartalen=kwartalen
    )

    verwacht_aantal, verwacht_waarde = defaultdict(int), defaultdict(Decimal)
    verwacht_groep = defaultdict(lambda: defaultdict(Decimal))
    for rij in Project.objects.select_related("waardeklasse"):
        if rij.aanbesteding_kwartaal in kwartalen:
            verwacht_aantal[rij.aanbesteding_kwartaal] += 1
            verwacht_waarde[rij.aanbesteding_kwartaal] += rij.waardeklasse.rekenwaarde
            verwacht_groep[rij.aanbesteding_kwartaal][getattr(rij, verdeling)] += (
                1 if maat == "aantal" else rij.waardeklasse.rekenwaarde
            )
    assert [rij.kwartaal for rij in spreiding.kwartalen] == kwartalen
    for rij in spreiding.kwartalen:
        assert rij.aantal == verwacht_aantal[rij.kwartaal]
        assert rij.waarde == verwacht_waarde[rij.kwartaal]
        assert rij.belasting == (rij.aantal if maat == "aantal" else rij.waarde)
        assert dict(zip([groep for groep, _ in spreiding.groepen], rij.per_groep, strict=True)) == {
            groep: verwacht_groep[rij.kwartaal].get(groep, 0) for groep, _ in spreiding.groepen
        }
    assert spreiding.totaal_aantal == sum(verwacht_aantal.values())
    gemiddelde = sum(rij.belasting for rij in spreiding.kwartalen) / Decimal(12)
    assert spreiding.gemiddelde == gemiddelde and spreiding.grens == gemiddelde * Decimal("1.5")


def test_empty_and_overloaded_quarters(personas, gemeente_org, klassen):
    # 12 projects of one band: 7 in K0, 1 in each of K1..K5, none after. Mean 1, limit 1,5: K0 is overloaded.
    for plus, aantal in [(0, 7), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1)]:
        for _ in range(aantal):
            project(gemeente=gemeente_org, aanbesteding_kwartaal=kwartaal(plus), waardeklasse=klassen[0])
    spreiding = spreiding_overzicht(
        projecten=spreiding_projecten(user=personas["gemeente"]),
        verdeling="soort_werk",
        maat="aantal",
        kwartalen=horizon(),
    )
    assert [rij.overbelast for rij in spreiding.kwartalen] == [True] + [False] * 11
    assert [rij.leeg for rij in spreiding.kwartalen] == [False] * 6 + [True] * 6
    assert spreiding.gemiddelde == 1


def test_nothing_is_overloaded_without_projects(personas):
    spreiding = spreiding_overzicht(
        projecten=spreiding_projecten(user=personas["gemeente"]), verdeling="fase", maat="waarde", kwartalen=horizon()
    )
    assert all(rij.leeg and not rij.overbelast for rij in spreiding.kwartalen)
    assert spreiding.groepen == []


def test_page_shows_the_chart_and_the_same_figures_in_a_table(clients, gemeente_org, klassen):
    project(
        gemeente=gemeente_org,
        soort_werk="riolering",
        aanbesteding_kwartaal=kwartaal(1),
        waardeklasse=klassen[2],
        raming=Decimal("3456789.00"),
    )
    project(gemeente=gemeente_org, soort_werk="groen", aanbesteding_kwartaal=kwartaal(1), waardeklasse=klassen[0])
    response = clients["on_eigen"].get(SPREIDING)
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = svg_element(svg)
    assert root.get("role") == "img"
    assert "Belasting per kwartaal" in svg and "Riolering" in svg and "Groen en spelen" in svg
    assert "<caption>Belasting per kwartaal" in html and '<th scope="row" class="text-nowrap">' in html
    assert "€ 2.650.000" in html  # the quarter's value: 2.500.000 + 150.000 (rekenwaarden)
    assert "3.456.789" not in html and "3456789" not in html  # the exact estimate stays internal
    assert "meer dan 50% boven het gemiddelde" in html
    assert kwartaal_label(kwartaal(11)) in html


def test_filter_by_gemeente_and_split_by_fase(clients, gemeente_org, klassen):
    andere = OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht (test)")
    project(gemeente=gemeente_org, fase="ontwerp", aanbesteding_kwartaal=kwartaal(0), waardeklasse=klassen[1])
    project(gemeente=andere, fase="initiatief", aanbesteding_kwartaal=kwartaal(0), waardeklasse=klassen[2])
    response = clients["gemeente"].get(SPREIDING, {"gemeente": andere.pk, "verdeling": "fase", "maat": "aantal"})
    spreiding = response.context["spreiding"]
    assert spreiding.totaal_aantal == 1 and spreiding.groepen == [("initiatief", "Initiatief")]
    assert spreiding.maat == "aantal"
    # Unknown choices fall back to the defaults instead of breaking the page.
    response = clients["gemeente"].get(SPREIDING, {"verdeling": "kleur", "maat": "gewicht"})
    assert response.status_code == 200
    assert (response.context["spreiding"].verdeling, response.context["spreiding"].maat) == ("soort_werk", "waarde")


def test_spreiding_query_count_does_not_grow_with_projects_or_reports(clients, gemeente_org, klassen):
    def grow(n):
        for i in range(n):
            project(gemeente=gemeente_org, aanbesteding_kwartaal=kwartaal(i % 12), waardeklasse=klassen[i % 3])
            Werkvoorraad.objects.create(organisatie=OrganisatieFactory(), kwartaal=kwartaal(i % 12), maanden=4)

    assert_queries_stable(clients["on_eigen"], SPREIDING + "?verdeling=fase", expected=4, grow=grow)


# --- Werkvoorraad ----------------------------------------------------------------------------------------------------


def melden(organisatie, waarden: dict):
    door = UserFactory(organisatie=organisatie)
    werkvoorraad_set(organisatie=organisatie, door=door, waarden=waarden)
    return door


def test_werkvoorraad_is_stored_per_quarter_and_updated_in_place(personas):
    lid = personas["on_eigen"]
    werkvoorraad_set(
        organisatie=lid.organisatie, door=lid, waarden={kwartaal(0): Decimal("6.5"), kwartaal(1): Decimal("4")}
    )
    werkvoorraad_set(
        organisatie=lid.organisatie, door=lid, waarden={kwartaal(0): Decimal("7"), kwartaal(1): None}
    )  # None withdraws the report of that quarter
    assert list(Werkvoorraad.objects.values_list("kwartaal", "maanden", "gemeld_door")) == [
        (kwartaal(0), Decimal("7.0"), lid.pk)
    ]
    gebeurtenissen = AuditEvent.objects.filter(actie="werkvoorraad.gemeld").order_by("pk")
    assert [event.na for event in gebeurtenissen] == [
        {f"{kwartaal(0).year}-K{(kwartaal(0).month - 1) // 3 + 1}": "6.5", _code(1): "4"},
        {_code(0): "7", _code(1): None},
    ]


def _code(plus):
    datum = kwartaal(plus)
    return f"{datum.year}-K{(datum.month - 1) // 3 + 1}"


@pytest.mark.parametrize(
    "waarden",
    [
        {kwartaal(0): Decimal("37")},
        {kwartaal(0): Decimal("-1")},
        {kwartaal(-1): Decimal("3")},  # a quarter already past
        {kwartaal(12): Decimal("3")},  # beyond the horizon
        {kwartaal(0) + datetime.timedelta(days=3): Decimal("3")},  # not the first day of a quarter
    ],
)
def test_werkvoorraad_refuses_bad_values_and_saves_nothing(personas, waarden):
    lid = personas["on_eigen"]
    with pytest.raises(ValidationError) as fout:
        werkvoorraad_set(organisatie=lid.organisatie, door=lid, waarden={kwartaal(1): Decimal("5"), **waarden})
    assert "maanden" in str(fout.value) or "kunt geen werkvoorraad melden" in str(fout.value)
    assert not Werkvoorraad.objects.exists()
    assert not AuditEvent.objects.filter(actie="werkvoorraad.gemeld").exists()


def test_only_staff_of_the_company_itself_report(personas):
    with pytest.raises(PermissionDenied):
        werkvoorraad_set(organisatie=personas["on_ander"].organisatie, door=personas["on_eigen"], waarden={})
    with pytest.raises(PermissionDenied):
        werkvoorraad_set(organisatie=personas["gemeente"].organisatie, door=personas["gemeente"], waarden={})


def test_form_in_dutch_with_own_figures_only(clients, personas):
    Werkvoorraad.objects.create(organisatie=personas["on_eigen"].organisatie, kwartaal=kwartaal(2), maanden="5.5")
    Werkvoorraad.objects.create(organisatie=personas["on_ander"].organisatie, kwartaal=kwartaal(2), maanden="8.5")
    response = clients["on_eigen"].get(WERKVOORRAAD)
    html = response.content.decode()
    assert 'value="5,5"' in html and "8,5" not in html
    assert kwartaal_label(kwartaal(0)) in html and kwartaal_label(kwartaal(11)) in html

    veld = "kwartaal_" + _code(0).replace("-", "_")
    response = clients["on_eigen"].post(WERKVOORRAAD, {veld: "40"})
    assert response.status_code == 200
    assert "Vul een aantal maanden in van 0 tot en met 36" in response.content.decode()
    assert Werkvoorraad.objects.filter(organisatie=personas["on_eigen"].organisatie).count() == 1

    response = clients["on_eigen"].post(WERKVOORRAAD, {veld: "4,5"})
    assert response.status_code == 302 and response["Location"] == WERKVOORRAAD
    # The empty field for kwartaal(2) withdrew that report; 4,5 is stored for kwartaal(0).
    assert list(
        Werkvoorraad.objects.filter(organisatie=personas["on_eigen"].organisatie).values_list("kwartaal", "maanden")
    ) == [(kwartaal(0), Decimal("4.5"))]


@pytest.mark.parametrize(
    ("aantal", "gemiddelde", "mediaan"),
    [
        (1, None, None),
        (2, None, None),
        (3, Decimal("5.0"), None),
        (4, Decimal("5.5"), None),
        (5, Decimal("6.0"), Decimal("7.0")),
    ],
)
def test_anonymity_thresholds(personas, aantal, gemiddelde, mediaan):
    for maanden in [3, 5, 7, 7, 8][:aantal]:
        melden(OrganisatieFactory(), {kwartaal(1): Decimal(maanden)})
    cijfers = werkvoorraad_overzicht(user=personas["gemeente"], kwartalen=horizon())[1]
    assert cijfers.meldingen == aantal
    assert cijfers.gemiddelde == gemiddelde
    assert cijfers.mediaan == mediaan
    assert cijfers.voldoende == (aantal >= 3)


def test_reports_of_former_members_do_not_count(personas):
    for _ in range(3):
        melden(OrganisatieFactory(), {kwartaal(0): Decimal(4)})
    vertrokken = OrganisatieFactory()
    melden(vertrokken, {kwartaal(0): Decimal(30)})
    vertrokken.lid_tot = datetime.date(2020, 1, 1)
    vertrokken.save()
    cijfers = werkvoorraad_overzicht(user=personas["on_eigen"], kwartalen=horizon())[0]
    assert (cijfers.meldingen, cijfers.gemiddelde) == (3, Decimal("4.0"))


def test_page_never_shows_a_single_companys_figure(clients):
    melden(OrganisatieFactory(), {kwartaal(0): Decimal("9.5")})
    melden(OrganisatieFactory(), {kwartaal(0): Decimal("2.5")})
    html = clients["gemeente"].get(SPREIDING).content.decode()
    assert "te weinig meldingen" in html
    assert "9,5" not in html and "2,5" not in html and "6,0" not in html


def test_werkvoorraad_page_query_count(clients, personas):
    def grow(n):
        for i in range(n):
            Werkvoorraad.objects.update_or_create(
                organisatie=personas["on_eigen"].organisatie, kwartaal=kwartaal(i % 12), defaults={"maanden": i % 30}
            )
            Werkvoorraad.objects.create(organisatie=OrganisatieFactory(), kwartaal=kwartaal(i % 12), maanden=3)

    assert_queries_stable(clients["on_eigen"], WERKVOORRAAD, expected=2, grow=grow)


def test_demo_has_werkvoorraad_and_a_spread_the_voorstel_improves(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())  # idempotent
    kwartalen = horizon()
    melders = Werkvoorraad.objects.filter(kwartaal=kwartalen[0]).values("organisatie").distinct().count()
    assert melders >= 5
    assert Werkvoorraad.objects.filter(maanden__lt=2).count() == 0
    assert Werkvoorraad.objects.filter(maanden__gt=9).count() == 0
    gemeente = User.objects.get(email="projectleider@dordrecht.example")
    cijfers = werkvoorraad_overzicht(user=gemeente, kwartalen=kwartalen)
    assert cijfers[0].voldoende and not cijfers[-1].voldoende
    uitkomst = voorstel_maken(user=gemeente, gemeente=None, maat="waarde", kwartalen=kwartalen).voorstel
    assert uitkomst.verschuivingen
    assert uitkomst.na.standaardafwijking < uitkomst.voor.standaardafwijking
