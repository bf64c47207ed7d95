"""Obligations: the services (with bad input), progress and projection, the early warnings on hand-made dates, the
visibility rules and the kring totals. Every expected amount is worked out by hand in the test."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from sroi.models import Inzetregel, Verplichting, Waarschuwing
from sroi.selectors.verplichtingen import (
    berekening,
    kring_totalen,
    prognose,
    verplichting_get,
    verplichtingen_zichtbaar,
    verstreken_fractie,
    voortgang,
    voortgang_per_opdrachtnemer,
)
from sroi.services.verplichtingen import (
    inzet_herwaarderen,
    maanden_terug,
    verplichting_create,
    verplichting_totalen_bijwerken,
    verplichting_update,
    waarschuwingen_bijwerken,
)
from tests.factories import (
    InzetregelFactory,
    KandidaatFactory,
    OrganisatieFactory,
    ProjectFactory,
    RegioFactory,
    UserFactory,
    VerplichtingFactory,
    WaardetabelFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Soort = Waarschuwing.Soort


@pytest.fixture
def tabel(gemeente_org):
    tabel = WaardetabelFactory(naam="Bouwblokken 2023")
    tabel.regio.gemeenten.add(gemeente_org)
    return tabel


@pytest.fixture
def project(personas, tabel):
    project = ProjectFactory(
        gemeente=personas["gemeente"].organisatie,
        naam="Renovatie Visbrug",
        fase="uitvoering",
        aanbesteding_kwartaal=D(2024, 4, 1),
        start_kwartaal=D(2024, 7, 1),
    )
    project.opdrachtnemers.add(personas["on_eigen"].organisatie)
    return project


def gegevens(personas, project, **kwargs):
    return {
        "project": project,
        "opdrachtnemer": personas["on_eigen"].organisatie,
        "coordinator": personas["gemeente"],
        "grondslag": "opdrachtwaarde",
        "grondslag_bedrag": Decimal("1000000"),
        "percentage": Decimal("5"),
        "drempel": Decimal("250000"),
        "maximum": None,
        "pso_korting": Decimal("0"),
        "looptijd_start": D(2024, 7, 1),
        "looptijd_eind": D(2025, 6, 30),
        "rapportage_maanden": 3,
        "door": personas["gemeente"],
        **kwargs,
    }


# --- Making an obligation --------------------------------------------------------------------------------------------


def test_create_computes_the_sr_amount_with_pso_and_cap(personas, project, tabel):
    # 1,000,000 × 5 % = 50,000; PSO 10 %: 50,000 × 0.9 = 45,000; cap 40,000 → 40,000.
    verplichting = verplichting_create(
        **gegevens(personas, project, pso_korting=Decimal("10"), maximum=Decimal("40000"))
    )
    assert verplichting.sr_bedrag == Decimal("40000.00")
    assert verplichting.waardetabel == tabel
    stap = berekening(verplichting=verplichting)
    assert (stap.bruto, stap.pso_aftrek, stap.na_pso, stap.begrensd) == (
        Decimal("50000.00"),
        Decimal("5000.00"),
        Decimal("45000.00"),
        True,
    )
    event = AuditEvent.objects.get(actie="sroi.verplichting.aangemaakt")
    assert event.na["sr_bedrag"] == "40000.00" and event.actor == personas["gemeente"]


def test_create_below_the_threshold_owes_nothing(personas, project):
    # 200,000 is under the threshold of 250,000: nothing due.
    verplichting = verplichting_create(**gegevens(personas, project, grondslag_bedrag=Decimal("200000")))
    assert verplichting.sr_bedrag == Decimal("0.00")
    assert berekening(verplichting=verplichting).onder_drempel


def test_create_takes_the_table_valid_on_the_tender_date(personas, project, tabel):
    # Tender 1 April 2024: the 2023 table (vastgesteld), not the concept of February 2024 nor the table of July 2024.
    WaardetabelFactory(regio=tabel.regio, geldig_vanaf=D(2024, 2, 1), status="concept")
    WaardetabelFactory(regio=tabel.regio, geldig_vanaf=D(2024, 7, 1))
    assert verplichting_create(**gegevens(personas, project)).waardetabel == tabel


@pytest.mark.parametrize(
    ("wijziging", "veld", "tekst"),
    [
        ({"looptijd_eind": D(2024, 6, 30)}, "looptijd_eind", "ligt vóór het begin"),
        ({"pso_korting": Decimal("12")}, "pso_korting", "hoogstens 10 %"),
        ({"percentage": Decimal("120")}, "percentage", ""),
        ({"grondslag_bedrag": Decimal("-1")}, "grondslag_bedrag", ""),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(personas, project, wijziging, veld, tekst):
    with pytest.raises(ValidationError) as fout:
        verplichting_create(**gegevens(personas, project, **wijziging))
    assert veld in fout.value.error_dict
    assert tekst in " ".join(fout.value.message_dict[veld])
    assert not Verplichting.objects.exists() and not AuditEvent.objects.filter(actie__startswith="sroi.").exists()


def test_create_refuses_a_contractor_that_does_not_hold_the_project(personas, project):
    with pytest.raises(ValidationError) as fout:
        verplichting_create(**gegevens(personas, project, opdrachtnemer=personas["on_ander"].organisatie))
    assert "een opdrachtnemer die dit project niet heeft" in fout.value.message_dict["opdrachtnemer"][0]
    assert not Verplichting.objects.exists()


@pytest.mark.parametrize("wie", ["on_eigen", "andere_gemeente", "geblokkeerd"])
def test_create_refuses_a_coordinator_outside_the_gemeente(personas, project, wie):
    coordinator = {
        "on_eigen": lambda: personas["on_eigen"],
        "andere_gemeente": lambda: UserFactory(organisatie=OrganisatieFactory(gemeente=True)),
        "geblokkeerd": lambda: UserFactory(organisatie=project.gemeente, status="geblokkeerd"),
    }[wie]()
    with pytest.raises(ValidationError) as fout:
        verplichting_create(**gegevens(personas, project, coordinator=coordinator))
    assert "actieve medewerker van" in fout.value.message_dict["coordinator"][0]
    assert not Verplichting.objects.exists()


def test_create_without_a_table_says_so(personas, tabel):
    project = ProjectFactory(gemeente=OrganisatieFactory(gemeente=True), aanbesteding_kwartaal=D(2024, 4, 1))
    project.opdrachtnemers.add(personas["on_eigen"].organisatie)
    with pytest.raises(ValidationError) as fout:
        verplichting_create(
            **gegevens(
                personas, project, coordinator=UserFactory(organisatie=project.gemeente), door=personas["beheerder"]
            )
        )
    assert "Geen waardetabel" in " ".join(fout.value.messages)
    # A region without a vastgestelde table on the date: the message names the region and the date.
    regio = RegioFactory(naam="Drechtsteden")
    regio.gemeenten.add(project.gemeente)
    WaardetabelFactory(regio=regio, geldig_vanaf=D(2025, 1, 1))
    with pytest.raises(ValidationError) as fout:
        verplichting_create(
            **gegevens(
                personas, project, coordinator=UserFactory(organisatie=project.gemeente), door=personas["beheerder"]
            )
        )
    assert "Geen waardetabel voor Drechtsteden op 01-04-2024" in " ".join(fout.value.messages)


def test_create_twice_for_the_same_contractor_is_refused(personas, project):
    verplichting_create(**gegevens(personas, project))
    with pytest.raises(ValidationError) as fout:
        verplichting_create(**gegevens(personas, project))
    assert "al een SROI-verplichting" in fout.value.message_dict["opdrachtnemer"][0]


@pytest.mark.parametrize("rol", ["on_eigen", "on_ander"])
def test_only_the_gemeente_makes_an_obligation(personas, project, rol):
    with pytest.raises(PermissionDenied):
        verplichting_create(**gegevens(personas, project, door=personas[rol]))
    andere_gemeente = UserFactory(organisatie=OrganisatieFactory(gemeente=True))
    with pytest.raises(PermissionDenied):
        verplichting_create(**gegevens(personas, project, door=andere_gemeente))


def test_update_recomputes_and_keeps_the_table(personas, project, tabel):
    verplichting = verplichting_create(**gegevens(personas, project))
    # A newer table for the tender date appears later: the obligation keeps the one it was made with.
    WaardetabelFactory(regio=tabel.regio, geldig_vanaf=D(2024, 3, 1))
    # 800,000 × 4 % = 32,000; PSO 5 %: 32,000 × 0.95 = 30,400.
    verplichting = verplichting_update(
        verplichting=verplichting,
        door=personas["gemeente"],
        grondslag_bedrag=Decimal("800000"),
        percentage=Decimal("4"),
        pso_korting=Decimal("5"),
    )
    verplichting.refresh_from_db()
    assert verplichting.sr_bedrag == Decimal("30400.00") and verplichting.waardetabel == tabel
    event = AuditEvent.objects.get(actie="sroi.verplichting.gewijzigd")
    assert event.voor["sr_bedrag"] == "50000.00" and event.na["sr_bedrag"] == "30400.00"
    with pytest.raises(ValidationError):
        verplichting_update(verplichting=verplichting, door=personas["gemeente"], looptijd_eind=D(2024, 1, 1))
    verplichting.refresh_from_db()
    assert verplichting.looptijd_eind == D(2025, 6, 30)
    with pytest.raises(PermissionDenied):
        verplichting_update(verplichting=verplichting, door=personas["on_eigen"], percentage=Decimal("1"))


# --- Re-valuing the inzet --------------------------------------------------------------------------------------------


def test_inzet_herwaarderen_caps_per_candidate_and_category(personas):
    verplichting = VerplichtingFactory(looptijd_start=D(2024, 1, 1), looptijd_eind=D(2025, 12, 31))
    ww = verplichting.waardetabel.bouwblokken.get(code="ww")  # 20,000 a year, max 12 months = 365 days
    kandidaat = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer)
    eerste = InzetregelFactory(
        verplichting=verplichting,
        bouwblok=ww,
        kandidaat=kandidaat,
        start=D(2024, 1, 1),
        eind=D(2024, 10, 26),
        waarde=0,
    )  # 300 days
    tweede = InzetregelFactory(
        verplichting=verplichting,
        bouwblok=ww,
        kandidaat=kandidaat,
        start=D(2024, 11, 1),
        eind=D(2025, 2, 8),
        waarde=0,
    )  # 100 days, of which 65 still count
    assert inzet_herwaarderen(verplichting=verplichting) == 2
    eerste.refresh_from_db(), tweede.refresh_from_db()
    # 20,000 × 300/365 = 16,438.356… → 16,438.36; 20,000 × 65/365 = 3,561.643… → 3,561.64
    assert (eerste.waarde, tweede.waarde) == (Decimal("16438.36"), Decimal("3561.64"))
    # Rejecting the first line frees the cap: the second counts its 100 days, 20,000 × 100/365 = 5,479.45.
    Inzetregel.objects.filter(pk=eerste.pk).update(status="afgewezen")
    assert inzet_herwaarderen(verplichting=verplichting) == 1
    tweede.refresh_from_db()
    assert tweede.waarde == Decimal("5479.45")
    verplichting.refresh_from_db()
    assert verplichting.gerealiseerd == Decimal("5479.45")  # the stored total follows the re-valuation
    assert inzet_herwaarderen(verplichting=verplichting) == 0


# --- Progress --------------------------------------------------------------------------------------------------------


def test_verstreken_fractie_counts_both_ends():
    start, eind = D(2024, 1, 1), D(2024, 12, 31)  # 366 days
    assert verstreken_fractie(start=start, eind=eind, vandaag=D(2023, 12, 31)) == 0
    assert verstreken_fractie(start=start, eind=eind, vandaag=D(2024, 7, 1)) == Decimal(183) / Decimal(366)
    assert verstreken_fractie(start=start, eind=eind, vandaag=D(2025, 3, 1)) == 1


def test_prognose_is_linear_capped_and_not_too_early():
    assert prognose(gerealiseerd=Decimal(1000), sr_bedrag=Decimal(50000), verstreken=Decimal("0.09")) is None
    # 10,000 after a quarter: 40,000 at the end.
    assert prognose(gerealiseerd=Decimal(10000), sr_bedrag=Decimal(50000), verstreken=Decimal("0.25")) == Decimal(
        "40000.00"
    )
    # 40,000 after 10 %: linear would be 400,000; capped at twice the amount due.
    assert prognose(gerealiseerd=Decimal(40000), sr_bedrag=Decimal(50000), verstreken=Decimal("0.1")) == Decimal(
        "100000"
    )
    # After the term: what is realised.
    assert prognose(gerealiseerd=Decimal(12345), sr_bedrag=Decimal(50000), verstreken=Decimal(1)) == Decimal(12345)


def test_voortgang_sums_per_status(personas):
    verplichting = VerplichtingFactory(looptijd_start=D(2024, 1, 1), looptijd_eind=D(2024, 12, 31), sr_bedrag=50000)
    for waarde, status in [
        ("10000", "gevalideerd"),
        ("2500", "gevalideerd"),
        ("4000", "ingediend"),
        ("900", "afgewezen"),
    ]:
        InzetregelFactory(verplichting=verplichting, waarde=waarde, status=status)
    uitkomst = voortgang(verplichting=verplichting, vandaag=D(2024, 4, 1))
    # realised = 10,000 + 2,500 + 4,000 = 16,500 (33 %); validated 12,500 (25 %); 92 of 366 days passed.
    assert (uitkomst.gerealiseerd, uitkomst.gevalideerd, uitkomst.ter_validatie, uitkomst.afgewezen) == (
        Decimal("16500"),
        Decimal("12500"),
        Decimal("4000"),
        Decimal("900"),
    )
    assert uitkomst.percentage == Decimal("33.0") and uitkomst.percentage_gevalideerd == Decimal("25.0")
    assert uitkomst.percentage_looptijd == 25
    # 16,500 ÷ (92/366) = 65,641.30…, capped at nothing (below 100,000).
    assert uitkomst.prognose == Decimal("65641.30")


# --- Early warnings --------------------------------------------------------------------------------------------------


@pytest.fixture
def lopend():
    """€ 50,000 due over 2024 (366 days), reporting every 3 months; one line of € 10,000 entered on 1 February."""
    verplichting = VerplichtingFactory(looptijd_start=D(2024, 1, 1), looptijd_eind=D(2024, 12, 31), sr_bedrag=50000)
    InzetregelFactory(
        verplichting=verplichting,
        waarde="10000",
        ingevoerd_op=timezone.make_aware(datetime.datetime(2024, 2, 1, 10, 0)),
    )
    return verplichting


def open_soorten(verplichting):
    return set(
        Waarschuwing.objects.filter(verplichting=verplichting, opgelost_op__isnull=True).values_list(
            "soort", flat=True
        )
    )


def test_no_warnings_early_in_the_term(lopend):
    # 2 February: 9 % passed, a line entered yesterday.
    assert waarschuwingen_bijwerken(vandaag=D(2024, 2, 2)) == {"aangemaakt": 0, "opgelost": 0}
    # 1 April (25 % passed): projection 10,000 ÷ (92/366) = 39,782.61 < 80 % of 50,000: PROGNOSE only.
    waarschuwingen_bijwerken(vandaag=D(2024, 4, 1))
    assert open_soorten(lopend) == {Soort.PROGNOSE}


def test_warnings_are_raised_once_and_resolved(lopend):
    # 2 July: 184/366 = 50.3 % passed; 10,000 < a quarter of 50,000 (12,500): ACHTERSTAND; the projection
    # 10,000 ÷ 0.503 = 19,891 < 40,000: PROGNOSE; the last line was entered on 1 February, before 2 April: RAPPORTAGE.
    assert waarschuwingen_bijwerken(vandaag=D(2024, 7, 2)) == {"aangemaakt": 3, "opgelost": 0}
    assert open_soorten(lopend) == {Soort.ACHTERSTAND, Soort.PROGNOSE, Soort.RAPPORTAGE}
    achterstand = Waarschuwing.objects.get(soort=Soort.ACHTERSTAND)
    assert achterstand.sinds == D(2024, 7, 2) and "50 % van de looptijd" in achterstand.toelichting
    assert "1 februari 2024" in Waarschuwing.objects.get(soort=Soort.RAPPORTAGE).toelichting
    assert AuditEvent.objects.filter(actie="sroi.waarschuwing.gegeven").count() == 3
    # Idempotent: the next day nothing new is raised, nothing audited.
    assert waarschuwingen_bijwerken(vandaag=D(2024, 7, 3)) == {"aangemaakt": 0, "opgelost": 0}
    assert AuditEvent.objects.filter(actie="sroi.waarschuwing.gegeven").count() == 3
    # A line of 30,000 entered on 3 July: 40,000 realised, projection 40,000 ÷ (185/366) = 79,135 ≥ 40,000.
    InzetregelFactory(
        verplichting=lopend, waarde="30000", ingevoerd_op=timezone.make_aware(datetime.datetime(2024, 7, 3, 9, 0))
    )
    assert waarschuwingen_bijwerken(vandaag=D(2024, 7, 3)) == {"aangemaakt": 0, "opgelost": 3}
    assert open_soorten(lopend) == set()
    assert set(Waarschuwing.objects.values_list("opgelost_op", flat=True)) == {D(2024, 7, 3)}


def test_a_rejected_line_does_not_count_as_realised(lopend):
    Inzetregel.objects.filter(verplichting=lopend).update(status="afgewezen")
    verplichting_totalen_bijwerken(verplichting=lopend)  # as the rejecting service does
    assert (lopend.gerealiseerd, lopend.gevalideerd) == (0, 0)
    waarschuwingen_bijwerken(vandaag=D(2024, 4, 2))
    # 93/366 = 25.4 % passed and nothing realised: PROGNOSE (0 < 40,000). A rejected line was still reported on
    # 1 February, after 2 January: no RAPPORTAGE; under half the term: no ACHTERSTAND.
    assert open_soorten(lopend) == {Soort.PROGNOSE}


def test_reporting_warning_counts_from_the_start_without_lines():
    verplichting = VerplichtingFactory(looptijd_start=D(2024, 1, 15), looptijd_eind=D(2026, 1, 14), sr_bedrag=0)
    waarschuwingen_bijwerken(vandaag=D(2024, 4, 15))
    assert open_soorten(verplichting) == set()  # 15 January is not before 15 January
    waarschuwingen_bijwerken(vandaag=D(2024, 4, 16))
    assert open_soorten(verplichting) == {Soort.RAPPORTAGE}  # nothing due: no ACHTERSTAND or PROGNOSE
    # After the term no reporting warning: it is resolved.
    waarschuwingen_bijwerken(vandaag=D(2026, 2, 1))
    assert open_soorten(verplichting) == set()


def test_maanden_terug():
    assert maanden_terug(D(2024, 5, 31), 3) == D(2024, 2, 29)
    assert maanden_terug(D(2024, 2, 15), 3) == D(2023, 11, 15)


# --- Visibility and totals -------------------------------------------------------------------------------------------


@pytest.fixture
def eigen(personas):
    return VerplichtingFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        coordinator=personas["gemeente"],
    )


def test_visibility_per_role(personas, eigen):
    vreemd = VerplichtingFactory()  # another gemeente, another contractor
    zichtbaar = {rol: set(verplichtingen_zichtbaar(user=user)) for rol, user in personas.items() if user}
    assert zichtbaar["on_eigen"] == {eigen}
    assert zichtbaar["on_ander"] == set()
    assert zichtbaar["gemeente"] == zichtbaar["stuurgroep"] == {eigen}
    assert zichtbaar["beheerder"] == {eigen, vreemd}
    with pytest.raises(Http404):
        verplichting_get(user=personas["on_ander"], pk=eigen.pk)
    with pytest.raises(Http404):
        verplichting_get(user=personas["gemeente"], pk=vreemd.pk)
    assert verplichting_get(user=personas["on_eigen"], pk=eigen.pk) == eigen


def test_voortgang_per_opdrachtnemer_and_kring_totals(personas, eigen):
    tweede = VerplichtingFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        sr_bedrag=30000,
    )
    bbl = eigen.waardetabel.bouwblokken.get(code="bbl-2")
    kandidaat = KandidaatFactory(opdrachtnemer=eigen.opdrachtnemer)
    InzetregelFactory(verplichting=eigen, kandidaat=kandidaat, waarde="1000", status="gevalideerd")
    InzetregelFactory(verplichting=eigen, kandidaat=kandidaat, bouwblok=bbl, waarde="2000")
    InzetregelFactory(verplichting=tweede, waarde="500", status="afgewezen")
    InzetregelFactory(verplichting=VerplichtingFactory(sr_bedrag=10000), waarde="700", status="gevalideerd")
    regels = voortgang_per_opdrachtnemer(user=personas["on_eigen"])
    assert len(regels) == 1 and regels[0].aantal == 2
    assert (regels[0].voortgang.sr_bedrag, regels[0].voortgang.gerealiseerd, regels[0].voortgang.gevalideerd) == (
        Decimal("80000"),
        Decimal("3000"),
        Decimal("1000"),
    )
    Waarschuwing.objects.create(verplichting=eigen, soort=Soort.PROGNOSE, toelichting="x", sinds=D(2024, 1, 1))
    totalen = kring_totalen()
    # One candidate on two lines counts once; the rejected line's candidate does not count.
    assert (totalen.verplichtingen, totalen.kandidaten, totalen.bbl_plaatsen, totalen.met_waarschuwing) == (3, 2, 1, 1)
    assert (totalen.sr_bedrag, totalen.gerealiseerd, totalen.gevalideerd) == (
        Decimal("90000"),
        Decimal("3700"),
        Decimal("1700"),
    )
