"""The valuation rules (sroi/waardering.py), with every expected amount worked out by hand in the test."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from sroi.models import Bouwblok, Inzetregel
from sroi.waardering import (
    controleer_bouwblok,
    controleer_pso_korting,
    max_dagen,
    pso_maximum,
    regel_waarde,
    regels_waarderen,
    sr_bedrag,
    waardetabel_voor,
)
from tests.factories import (
    KandidaatFactory,
    OrganisatieFactory,
    ProjectFactory,
    RegioFactory,
    VerplichtingFactory,
    WaardetabelFactory,
)

D = datetime.date
JAN_1 = D(2024, 1, 1)
JUN_30 = D(2024, 6, 30)


def blok(soort="categorie", waarde="40000", max_maanden=24, naam="Participatiewet", code="pw"):
    return Bouwblok(code=code, naam=naam, soort=soort, waarde=Decimal(waarde), max_maanden=max_maanden)


def regel(bouwblok, start=JAN_1, eind=JUN_30, uren_per_week="36", **kwargs):
    return Inzetregel(
        bouwblok=bouwblok,
        start=start,
        eind=eind,
        uren_per_week=Decimal(uren_per_week) if uren_per_week is not None else None,
        **kwargs,
    )


# -- candidate lines (pure, no database)


def test_pro_rata_naar_dagen_hand_voorbeeld():
    # 40,000 × 36/36 × 182/365 = 19,945.2054… → 19,945.21 (1 Jan – 30 Jun 2024: 31+29+31+30+31+30 = 182 days)
    assert regel_waarde(regel=regel(blok())) == (Decimal("19945.21"), 182)


def test_minder_uren_dan_voltijd():
    # 18 hours: 40,000 × 18/36 × 182/365 = 9,972.6027… → 9,972.60
    assert regel_waarde(regel=regel(blok(), uren_per_week="18")) == (Decimal("9972.60"), 182)
    # 24 hours for a whole (non-leap) year: 20,000 × 24/36 × 365/365 = 13,333.333… → 13,333.33
    ww = blok(waarde="20000", max_maanden=12, naam="WW")
    assert regel_waarde(regel=regel(ww, start=D(2023, 1, 1), eind=D(2023, 12, 31), uren_per_week="24")) == (
        Decimal("13333.33"),
        365,
    )


def test_max_maanden_in_dagen():
    assert (max_dagen(12), max_dagen(24), max_dagen(6), max_dagen(None)) == (365, 730, 182, None)


def test_plafond_max_maanden_ook_voor_een_enkele_regel():
    # WW max 12 months = 365 days; 1 Jan 2023 – 30 Jun 2024 is 547 days, only 365 count: 20,000 × 1 × 365/365
    ww = blok(waarde="20000", max_maanden=12, naam="WW")
    assert regel_waarde(regel=regel(ww, start=D(2023, 1, 1), eind=D(2024, 6, 30))) == (Decimal("20000.00"), 365)


def test_plafond_over_twee_regels_van_een_kandidaat():
    # WW max 365 days. Line 1: 1 Jan – 31 Oct 2023 = 304 days → 20,000 × 304/365 = 16,657.534… → 16,657.53.
    # Line 2: 1 Jan – 31 Mar 2024 = 91 days, but only 365 − 304 = 61 remain → 20,000 × 61/365 = 3,342.465… → 3,342.47.
    ww = blok(waarde="20000", max_maanden=12, naam="WW")
    tweede = regel(ww, start=D(2024, 1, 1), eind=D(2024, 3, 31))
    assert regel_waarde(regel=tweede, eerder_dagen=304) == (Decimal("3342.47"), 61)
    # Cap used up: nothing more counts.
    assert regel_waarde(regel=tweede, eerder_dagen=365) == (Decimal("0.00"), 0)


def test_bonussen_met_dezelfde_getelde_dagen():
    # Participatiewet 40,000 + bonus 55+ 10,000 + bonus vast contract 10,000, 36 h, 182 days:
    # (40,000 + 10,000 + 10,000) × 182/365 = 29,917.808… → 29,917.81 (rounded once, at the end of the line)
    bonussen = [blok("bonus", "10000", None, "55+", "b55"), blok("bonus", "10000", None, "Vast", "bvast")]
    assert regel_waarde(regel=regel(blok()), bonussen=bonussen) == (Decimal("29917.81"), 182)
    # Bonuses follow the capped days: WW 12 months, 61 days left, 18 h, bonus 55+:
    # (20,000 + 10,000) × 18/36 × 61/365 = 2,506.849… → 2,506.85
    ww = blok(waarde="20000", max_maanden=12, naam="WW")
    lijn = regel(ww, start=D(2024, 1, 1), eind=D(2024, 3, 31), uren_per_week="18")
    assert regel_waarde(regel=lijn, eerder_dagen=304, bonussen=bonussen[:1]) == (Decimal("2506.85"), 61)


def test_sociaal_inkopen_en_activiteit():
    # Invoice 12,345.67 excl. btw, share 1.00 → 12,345.67; share 0.50 → 6,172.835 → 6,172.84 (half up)
    inkoop = blok("sociaal_inkopen", "1.00", None, "Sociaal inkopen", "si")
    assert regel_waarde(regel=regel(inkoop, uren_per_week=None, bedrag=Decimal("12345.67"))) == (
        Decimal("12345.67"),
        0,
    )
    inkoop.waarde = Decimal("0.50")
    assert regel_waarde(regel=regel(inkoop, uren_per_week=None, bedrag=Decimal("12345.67")))[0] == Decimal("6172.84")
    # Activity: 7.5 hours × 100 per hour = 750.00
    activiteit = blok("activiteit", "100", None, "Gastles", "act")
    assert regel_waarde(regel=regel(activiteit, uren_per_week=None, uren=Decimal("7.5"))) == (Decimal("750.00"), 0)


@pytest.mark.parametrize(
    ("lijn", "veld"),
    [
        (lambda: regel(blok(), uren_per_week=None), "uren_per_week"),
        (lambda: regel(blok(), uren_per_week="40"), "uren_per_week"),
        (lambda: regel(blok(), start=D(2024, 2, 1), eind=D(2024, 1, 1)), "eind"),
        (lambda: regel(blok("sociaal_inkopen", "1"), uren_per_week=None), "bedrag"),
        (lambda: regel(blok("activiteit", "100"), uren_per_week=None), "uren"),
        (lambda: regel(blok("pso", "10"), uren_per_week=None), "bouwblok"),
        (lambda: regel(blok("bonus", "10000")), "bouwblok"),
    ],
)
def test_onvolledige_regel_geeft_nederlandse_fout(lijn, veld):
    with pytest.raises(ValidationError) as fout:
        regel_waarde(regel=lijn())
    assert veld in fout.value.message_dict
    assert any(woord in " ".join(fout.value.messages) for woord in ("Vul", "ligt", "geen soort", "einddatum")), (
        fout.value.messages
    )


# -- SR amount


def test_sr_bedrag_percentage_drempel_maximum_en_pso():
    # 5 % of 1,000,000 = 50,000.00
    assert sr_bedrag(
        grondslag_bedrag=1_000_000, percentage=5, drempel=250_000, maximum=None, pso_korting=0
    ) == Decimal("50000.00")
    # Below the threshold of 250,000: nothing due; exactly at the threshold: due (5 % of 250,000 = 12,500)
    assert sr_bedrag(grondslag_bedrag=249_999, percentage=5, drempel=250_000, maximum=None, pso_korting=0) == 0
    assert sr_bedrag(grondslag_bedrag=250_000, percentage=5, drempel=250_000, maximum=None, pso_korting=0) == 12_500
    # 2 % of 20,000,000 = 400,000, capped at 300,000 (Súdwest-Fryslân style)
    assert sr_bedrag(grondslag_bedrag=20_000_000, percentage=2, drempel=0, maximum=300_000, pso_korting=0) == Decimal(
        "300000.00"
    )
    # PSO discount 10 %: 5 % of 1,000,000 × 0.90 = 45,000.00
    assert sr_bedrag(grondslag_bedrag=1_000_000, percentage=5, drempel=0, maximum=None, pso_korting=10) == 45_000
    # Discount before the cap: 2 % of 20,000,000 × 0.90 = 360,000 → capped at 300,000
    assert sr_bedrag(grondslag_bedrag=20_000_000, percentage=2, drempel=0, maximum=300_000, pso_korting=10) == 300_000
    # Rounded once at the end: 2.5 % of 123,456.78 × (1 − 7.5/100) = 2,854.9380… → 2,854.94
    assert sr_bedrag(
        grondslag_bedrag=Decimal("123456.78"), percentage=Decimal("2.5"), drempel=0, maximum=None, pso_korting="7.5"
    ) == Decimal("2854.94")


@pytest.mark.django_db
def test_pso_maximum_en_controle():
    tabel = WaardetabelFactory()  # has a PSO block of 10 %
    assert pso_maximum(tabel) == Decimal("10.00")
    controleer_pso_korting(pso_korting=Decimal(10), waardetabel=tabel)
    with pytest.raises(ValidationError, match="hoogstens 10 %"):
        controleer_pso_korting(pso_korting=Decimal("10.5"), waardetabel=tabel)
    zonder = WaardetabelFactory(bouwblokken=False)
    assert pso_maximum(zonder) == 0
    controleer_pso_korting(pso_korting=0, waardetabel=zonder)
    with pytest.raises(ValidationError, match="geen PSO-korting"):
        controleer_pso_korting(pso_korting=1, waardetabel=zonder)


# -- table version by date


@pytest.mark.django_db
def test_waardetabel_versie_op_aanbestedingsdatum():
    gemeente = OrganisatieFactory(gemeente=True)
    regio = RegioFactory(naam="Haaglanden")
    regio.gemeenten.add(gemeente)
    oud = WaardetabelFactory(regio=regio, geldig_vanaf=D(2023, 1, 1))
    nieuw = WaardetabelFactory(regio=regio, geldig_vanaf=D(2025, 7, 1))
    # A concept table with a later date is never used.
    WaardetabelFactory(regio=regio, geldig_vanaf=D(2025, 10, 1), status="concept")

    voor = ProjectFactory(gemeente=gemeente, aanbesteding_kwartaal=D(2025, 4, 1), start_kwartaal=None)
    op_de_dag = ProjectFactory(gemeente=gemeente, aanbesteding_kwartaal=D(2025, 7, 1), start_kwartaal=None)
    later = ProjectFactory(gemeente=gemeente, aanbesteding_kwartaal=D(2026, 1, 1), start_kwartaal=None)
    assert waardetabel_voor(project=voor) == oud
    assert waardetabel_voor(project=op_de_dag) == nieuw
    assert waardetabel_voor(project=later) == nieuw
    # Without a tender date: today (after 1 Jul 2025 → the new one); an explicit date wins.
    zonder_datum = ProjectFactory(gemeente=gemeente, aanbesteding_kwartaal=None, start_kwartaal=None)
    assert waardetabel_voor(project=zonder_datum, datum=D(2024, 1, 1)) == oud

    te_vroeg = ProjectFactory(gemeente=gemeente, aanbesteding_kwartaal=D(2022, 10, 1), start_kwartaal=None)
    with pytest.raises(ValidationError) as fout:
        waardetabel_voor(project=te_vroeg)
    assert fout.value.messages == ["Geen waardetabel voor Haaglanden op 01-10-2022."]


@pytest.mark.django_db
def test_gemeente_zonder_regio_geeft_nederlandse_fout():
    project = ProjectFactory(
        gemeente__naam="Gemeente Nergens", aanbesteding_kwartaal=D(2025, 1, 1), start_kwartaal=None
    )
    WaardetabelFactory()  # a table of another region
    with pytest.raises(ValidationError) as fout:
        waardetabel_voor(project=project)
    assert fout.value.messages == [
        "Geen waardetabel voor Gemeente Nergens op 01-01-2025: de gemeente hoort bij geen SROI-regio."
    ]


# -- together on one obligation, from the database


@pytest.mark.django_db
def test_regels_waarderen_telt_eerdere_regels_eerst_en_per_categorie():
    verplichting = VerplichtingFactory()
    blokken = {b.code: b for b in verplichting.waardetabel.bouwblokken.all()}
    kandidaat = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer)
    ander = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer)

    def maak(code, start, eind, kandidaat=kandidaat, uren="36"):
        return Inzetregel.objects.create(
            verplichting=verplichting,
            bouwblok=blokken[code],
            kandidaat=kandidaat,
            start=start,
            eind=eind,
            uren_per_week=Decimal(uren),
        )

    # Created out of order on purpose: the 2024 line is valued after the 2023 line.
    later = maak("ww", D(2024, 1, 1), D(2024, 3, 31))  # 91 days, 61 left → 20,000 × 61/365 = 3,342.47
    eerst = maak("ww", D(2023, 1, 1), D(2023, 10, 31))  # 304 days → 16,657.53
    later.bonussen.add(blokken["bonus-55"])  # + 10,000 × 61/365 → (30,000 × 61/365 = 5,013.70)
    # Another category of the same candidate has its own cap: Participatiewet 24 months, 91 days → 9,972.60
    pw = maak("participatiewet", D(2024, 1, 1), D(2024, 3, 31))
    # Another candidate has its own cap: WW 91 days → 20,000 × 91/365 = 4,986.30
    andere = maak("ww", D(2024, 1, 1), D(2024, 3, 31), kandidaat=ander)

    regels = verplichting.inzet.select_related("bouwblok").prefetch_related("bonussen")
    uitkomst = {r.pk: (waarde, dagen) for r, waarde, dagen in regels_waarderen(regels)}
    assert uitkomst == {
        eerst.pk: (Decimal("16657.53"), 304),
        later.pk: (Decimal("5013.70"), 61),
        pw.pk: (Decimal("9972.60"), 91),
        andere.pk: (Decimal("4986.30"), 91),
    }


@pytest.mark.django_db
def test_categorie_buiten_de_tabelversie_geweigerd():
    verplichting = VerplichtingFactory()
    vreemd = WaardetabelFactory().bouwblokken.get(code="ww")
    eigen = verplichting.waardetabel.bouwblokken.get(code="ww")
    controleer_bouwblok(bouwblok=eigen, waardetabel=verplichting.waardetabel)
    with pytest.raises(ValidationError, match="staat niet in de waardetabel"):
        controleer_bouwblok(bouwblok=vreemd, waardetabel=verplichting.waardetabel)
