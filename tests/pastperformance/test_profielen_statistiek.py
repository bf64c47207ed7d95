"""The method of the profiles: recency weight, spread and trend computed by hand, the minimum n, the window, the
per-criterion and per-quarter figures, KPIs beside the scores, the benchmarks and the calibration."""

import datetime
import math

from django.utils import timezone

import pytest

from pastperformance.models import Beleid, Richting, Scoremaand
from pastperformance.selectors.profielen import (
    kalibratie,
    kpi_voor_plan,
    kring_benchmark,
    opdrachtgeverschap,
    profiel,
    statistiek,
)
from pastperformance.services.profielen import kpi_toevoegen
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory
from tests.pastperformance.profielhulp import definitief, moment

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date(2026, 5, 20)
MEI, MEI_2025, MEI_2024 = datetime.date(2026, 5, 1), datetime.date(2025, 5, 1), datetime.date(2024, 5, 1)


# --- The formulas on month buckets ------------------------------------------------------------------------------------


def test_recency_weight_spread_and_trend_by_hand():
    """This month one rating of 8 (weight 1), a year ago two of 6 (weight 1 − 12/36 = 2/3), two years ago one of 3
    (weight 1/3). Σw·aantal = 1 + 4/3 + 1/3 = 8/3; Σw·som = 8 + 8 + 1 = 17: mean 17 / (8/3) = 6.375 (unweighted it
    would be 5.75). Σw·som² = 64 + 48 + 3 = 115: variance 115 / (8/3) − 6.375² = 2.484375. With x = 36, 24, 12
    months since the window's start: Sx = 72, Sxx = 2112, Sxy = 492, slope = (492 − 72·17·3/8) / (2112 − 72²·3/8)
    = 33 / 168 points per month = 2.357 per year."""
    emmers = [(MEI, 1, 8.0, 64.0), (MEI_2025, 2, 12.0, 72.0), (MEI_2024, 1, 3.0, 9.0)]
    uitkomst = statistiek(emmers, peilmaand=MEI, venster=36, minimum_n=3)
    assert uitkomst.n == 4 and not uitkomst.geen_oordeel
    assert uitkomst.gemiddelde == pytest.approx(6.375)
    assert uitkomst.spreiding == pytest.approx(math.sqrt(2.484375))
    assert uitkomst.trend == pytest.approx(33 / 168 * 12)
    assert uitkomst.trendrichting == "stijgend"


def test_a_bucket_as_old_as_the_window_weighs_nothing_and_is_not_counted():
    drie_jaar = datetime.date(2023, 5, 1)
    bijna = datetime.date(2023, 6, 1)  # 35 months old: weight 1/36
    uitkomst = statistiek(
        [(MEI, 2, 16.0, 128.0), (drie_jaar, 5, 5.0, 5.0), (bijna, 1, 2.0, 4.0)], peilmaand=MEI, venster=36, minimum_n=3
    )
    assert uitkomst.n == 3
    assert uitkomst.gemiddelde == pytest.approx((16 + 2 / 36) / (2 + 1 / 36))


def test_buckets_after_the_reference_month_are_ignored():
    later = datetime.date(2026, 6, 1)
    assert statistiek([(later, 5, 50.0, 500.0)], peilmaand=MEI, venster=36, minimum_n=1).n == 0


def test_below_minimum_n_there_is_no_judgement_and_no_figure_at_all():
    uitkomst = statistiek([(MEI, 2, 17.0, 145.0)], peilmaand=MEI, venster=36, minimum_n=3)
    assert uitkomst.n == 2 and uitkomst.geen_oordeel
    assert (uitkomst.gemiddelde, uitkomst.spreiding, uitkomst.trend, uitkomst.trendrichting) == (None, None, None, "")


@pytest.mark.parametrize(
    ("oud", "nieuw", "richting"),
    [(5.0, 8.0, "stijgend"), (8.0, 5.0, "dalend"), (7.0, 7.0, "stabiel"), (7.0, 7.2, "stabiel")],
)
def test_trend_sign(oud, nieuw, richting):
    emmers = [(MEI_2025, 2, 2 * oud, 2 * oud * oud), (MEI, 2, 2 * nieuw, 2 * nieuw * nieuw)]
    uitkomst = statistiek(emmers, peilmaand=MEI, venster=36, minimum_n=3)
    assert uitkomst.trendrichting == richting
    assert uitkomst.trend == pytest.approx(nieuw - oud)  # two points a year apart: the slope is their difference


def test_all_ratings_in_one_month_have_no_trend():
    uitkomst = statistiek([(MEI, 3, 21.0, 147.0)], peilmaand=MEI, venster=36, minimum_n=3)
    assert uitkomst.gemiddelde == pytest.approx(7) and uitkomst.spreiding == pytest.approx(0)
    assert uitkomst.trend is None and uitkomst.trendrichting == ""


def test_unweighted_figures_of_a_period():
    emmers = [(MEI, 1, 8.0, 64.0), (MEI_2025, 2, 12.0, 72.0)]
    assert statistiek(emmers, peilmaand=MEI, venster=12, minimum_n=1, gewogen=False).n == 1
    assert statistiek(emmers, peilmaand=MEI, venster=13, minimum_n=1, gewogen=False).gemiddelde == pytest.approx(
        20 / 3
    )


# --- Profiles from the summary rows ----------------------------------------------------------------------------------


@pytest.fixture
def bedrijf():
    return OrganisatieFactory(naam="Dijkwerken Testbedrijf B.V.")


def beoordeel(bedrijf, op, waarden, **kwargs):
    return definitief(op=op, og_on=waarden, opdrachtnemer=bedrijf, **kwargs)


def test_profile_of_a_contractor_matches_the_hand_computed_example(bedrijf):
    beoordeel(bedrijf, moment(2026, 5, 2), (8,))
    beoordeel(bedrijf, moment(2025, 5, 10), (6,))
    beoordeel(bedrijf, moment(2025, 5, 28), (6,))
    beoordeel(bedrijf, moment(2024, 5, 3), (3,))
    definitief(op=moment(2026, 5, 4), og_on=(10,))  # another contractor: in the kring only

    uitkomst = profiel(organisatie=bedrijf, vandaag=VANDAAG)
    assert uitkomst.richting == Richting.OG_ON
    assert uitkomst.n == 4 and uitkomst.gemiddelde == pytest.approx(6.375)
    assert uitkomst.spreiding == pytest.approx(math.sqrt(2.484375))
    assert uitkomst.trend == pytest.approx(33 / 168 * 12)
    assert uitkomst.kring.n == 5
    assert uitkomst.kring.gemiddelde == pytest.approx((17 + 10) / (8 / 3 + 1))
    # Every criterion was scored alike, so each has the same figures as the whole.
    veiligheid = next(regel for regel in uitkomst.criteria if regel.code == "veiligheid")
    assert veiligheid.naam == "Veiligheid en gezondheid"
    assert veiligheid.eigen.n == 4 and veiligheid.eigen.gemiddelde == pytest.approx(6.375)
    assert [regel.code for regel in uitkomst.criteria][:2] == ["planmatig-werken", "proactiviteit-samenwerking"]
    # The plain figures of the last 12 months (0 to 11 months back) hold only May 2026.
    assert uitkomst.laatste_jaar.n == 1 and uitkomst.laatste_jaar.geen_oordeel


def test_a_profile_below_minimum_n_shows_no_judgement_per_criterion_and_per_quarter_either(bedrijf):
    beoordeel(bedrijf, moment(2026, 5, 2), (9,))
    beoordeel(bedrijf, moment(2026, 4, 2), (2,))
    uitkomst = profiel(organisatie=bedrijf, vandaag=VANDAAG)
    assert uitkomst.geen_oordeel and uitkomst.n == 2 and uitkomst.gemiddelde is None
    assert all(regel.eigen.geen_oordeel and regel.eigen.gemiddelde is None for regel in uitkomst.criteria)
    assert all(punt.gemiddelde is None for punt in uitkomst.kwartalen)
    assert uitkomst.kwartalen[-1].n == 2  # the count is shown, the figure is not


def test_minimum_n_and_window_follow_the_policy(bedrijf):
    Beleid.objects.update_or_create(pk=1, defaults={"minimum_n": 1, "venster_maanden": 12})
    beoordeel(bedrijf, moment(2026, 5, 2), (9,))
    beoordeel(bedrijf, moment(2025, 5, 2), (2,))  # 12 months back: outside a 12-month window
    uitkomst = profiel(organisatie=bedrijf, vandaag=VANDAAG)
    assert uitkomst.n == 1 and uitkomst.gemiddelde == pytest.approx(9)
    assert len(uitkomst.kwartalen) == 5  # Q2 2025 (June 2025 is the window's first month) to Q2 2026


def test_each_quarter_shows_the_plain_mean_of_its_year_from_minimum_n_on(bedrijf):
    for dag, waarde in ((3, 6), (10, 7), (17, 8)):
        beoordeel(bedrijf, moment(2026, 4, dag), (waarde,))
    beoordeel(bedrijf, moment(2026, 1, 5), (5,))
    beoordeel(bedrijf, moment(2025, 5, 5), (9,))  # in the year up to Q1 2026, not in the year up to Q2 2026
    uitkomst = profiel(organisatie=bedrijf, vandaag=VANDAAG)
    punten = {punt.label: punt for punt in uitkomst.kwartalen}
    # Q2 2026 holds the year Q3 2025 up to and including Q2 2026: the 5 of January and the three of April.
    assert punten["2e kwartaal 2026"].n == 4 and punten["2e kwartaal 2026"].gemiddelde == pytest.approx(6.5)
    assert punten["1e kwartaal 2026"].n == 2 and punten["1e kwartaal 2026"].gemiddelde is None
    assert len(uitkomst.kwartalen) == 13 and uitkomst.kwartalen[0].label == "2e kwartaal 2023"


def test_a_gemeente_is_profiled_as_client_with_its_kpis(personas):
    gemeente = personas["gemeente"].organisatie
    plan = BeoordelingsplanFactory(project__gemeente=gemeente, beoordelaar_og=personas["gemeente"])
    for dag, dagen in ((3, 20), (10, 40), (17, 90)):
        kpi_toevoegen(
            plan=plan,
            soort="betaaltermijn",
            dagen=dagen,
            peildatum=datetime.date(2026, 5, dag),
            door=plan.beoordelaar_og,
        )
    kpi_toevoegen(
        plan=plan, soort="vertraging", dagen=7, peildatum=datetime.date(2026, 5, 3), door=plan.beoordelaar_og
    )
    for _ in range(3):
        definitief(op=moment(2026, 5, 4), on_og=(4,), project__gemeente=gemeente)

    uitkomst = profiel(organisatie=gemeente, vandaag=VANDAAG)
    assert uitkomst.richting == Richting.ON_OG and uitkomst.gemiddelde == pytest.approx(4)
    assert [regel.code for regel in uitkomst.criteria][0] == "tijdige-besluitvorming"
    kpi = {regel.soort: regel for regel in uitkomst.kpi}
    assert set(kpi) == {"betaaltermijn", "besluittermijn"}  # delay is about the contractor
    assert kpi["betaaltermijn"].eigen.n == 3 and kpi["betaaltermijn"].eigen.gemiddelde == pytest.approx(50)
    assert kpi["besluittermijn"].eigen.n == 0 and kpi["besluittermijn"].eigen.geen_oordeel

    opdrachtnemer = profiel(organisatie=plan.opdrachtnemer, vandaag=VANDAAG)
    assert [(regel.soort, regel.eigen.n) for regel in opdrachtnemer.kpi] == [("vertraging", 1)]


def test_a_criterion_no_longer_in_the_questionnaire_is_shown_by_its_code(bedrijf):
    beoordeel(bedrijf, moment(2026, 5, 2), (7,))
    Scoremaand.objects.create(
        organisatie=bedrijf, richting=Richting.OG_ON, criterium_code="oud-criterium", maand=MEI, aantal=1, som=7
    )
    codes = [(regel.code, regel.naam) for regel in profiel(organisatie=bedrijf, vandaag=VANDAAG).criteria]
    assert codes[-1] == ("oud-criterium", "oud-criterium") and len(codes) == 7


def test_benchmarks_are_the_kring_rows_without_names():
    for _ in range(3):
        definitief(op=moment(2026, 5, 4), og_on=(6,), on_og=(8,))
    benchmark = kring_benchmark(richting=Richting.OG_ON, vandaag=VANDAAG)
    assert benchmark.organisatie is None and benchmark.gemiddelde == pytest.approx(6)
    opdrachtgevers = opdrachtgeverschap(vandaag=VANDAAG)
    assert opdrachtgevers.richting == Richting.ON_OG and opdrachtgevers.n == 3
    assert opdrachtgevers.gemiddelde == pytest.approx(8) and opdrachtgevers.kring == opdrachtgevers.totaal


def test_a_profile_of_an_organisation_that_is_not_rated_is_refused():
    with pytest.raises(ValueError):
        profiel(organisatie=OrganisatieFactory(soort="overig", kvk_nummer=""))


# --- Calibration -----------------------------------------------------------------------------------------------------


def test_calibration_shows_each_raters_distribution_against_the_kring():
    mild = UserFactory(naam="Milde Beoordelaar")
    streng = UserFactory(naam="Strenge Beoordelaar")
    for _ in range(2):
        definitief(op=moment(2026, 5, 4), og_on=(9, 10), beoordelaar_og=mild)
    definitief(op=moment(2026, 5, 4), og_on=(4, 5), beoordelaar_og=streng)

    og_on = next(richting for richting in kalibratie() if richting.richting == Richting.OG_ON)
    assert og_on.kring.n == 18 and og_on.kring.aantallen == [0, 0, 0, 3, 3, 0, 0, 0, 6, 6]
    regels = {regel.beoordelaar.naam: regel for regel in og_on.beoordelaars}
    assert regels["Milde Beoordelaar"].verdeling.gemiddelde == pytest.approx(9.5)
    assert regels["Milde Beoordelaar"].afwijking == pytest.approx(9.5 - og_on.kring.gemiddelde)
    assert regels["Milde Beoordelaar"].opvallend and regels["Strenge Beoordelaar"].opvallend
    assert regels["Strenge Beoordelaar"].afwijking < -1
    assert [regel.beoordelaar.naam for regel in og_on.beoordelaars] == ["Milde Beoordelaar", "Strenge Beoordelaar"]


# --- KPIs of a plan --------------------------------------------------------------------------------------------------


def test_kpis_of_a_plan_with_means_and_who_may_delete(personas):
    plan = BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie, opdrachtnemer=personas["on_eigen"].organisatie
    )
    vandaag = timezone.localdate()
    kpi_toevoegen(plan=plan, soort="betaaltermijn", dagen=30, peildatum=vandaag, door=personas["on_eigen"])
    kpi_toevoegen(plan=plan, soort="betaaltermijn", dagen=61, peildatum=vandaag, door=personas["gemeente"])
    uitkomst = kpi_voor_plan(plan=plan, user=personas["on_eigen"])
    soorten = {soort.soort: soort for soort in uitkomst.soorten}
    assert soorten["betaaltermijn"].n == 2 and soorten["betaaltermijn"].gemiddelde == pytest.approx(45.5)
    assert soorten["betaaltermijn"].over == "de gemeente" and soorten["vertraging"].over == "de opdrachtnemer"
    assert soorten["vertraging"].gemiddelde is None
    assert [(regel.meting.dagen, regel.mag_verwijderen) for regel in uitkomst.metingen] == [(30, True), (61, False)]
    assert not any(regel.mag_verwijderen for regel in kpi_voor_plan(plan=plan).metingen)
