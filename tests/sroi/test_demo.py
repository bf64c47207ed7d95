"""The demo's SROI: the Haaglanden 2023 table as a worked example and a Drechtsteden table marked te bevestigen;
obligations on Dordrecht projects in execution (the demo contractor's with lines in every status, one with an
ACHTERSTAND warning); a pool offer with interest; candidates by code only; idempotent and fast."""

import re
import time
from decimal import Decimal

from django.core.management import call_command

import pytest

from kring.models import User
from sroi.demo import create_sroi
from sroi.models import (
    Bouwblok,
    Inzetregel,
    Kandidaat,
    Poolaanbod,
    Poolinteresse,
    Regio,
    Verplichting,
    Waardetabel,
    Waarschuwing,
)
from sroi.waardering import regels_waarderen, sr_bedrag

pytestmark = pytest.mark.django_db

MODELLEN = (Regio, Waardetabel, Bouwblok, Verplichting, Kandidaat, Inzetregel, Waarschuwing, Poolaanbod, Poolinteresse)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo")


def gebruikers() -> dict:
    return {
        "beheerder": User.objects.get(email="beheerder@kringportaal.example"),
        "gemeente": User.objects.get(email="projectleider@dordrecht.example"),
        "opdrachtnemer": User.objects.get(email="uitvoerder@merwedijk.example"),
    }


def test_the_regions_and_tables(demo):
    drechtsteden = Regio.objects.get(naam="Drechtsteden")
    assert set(drechtsteden.gemeenten.values_list("naam", flat=True)) == {
        "Gemeente Dordrecht",
        "Gemeente Zwijndrecht",
        "Gemeente Papendrecht",
    }
    assert not Regio.objects.get(naam="Haaglanden").gemeenten.exists()

    haaglanden = Waardetabel.objects.get(regio__naam="Haaglanden")
    assert haaglanden.status == "vastgesteld" and not haaglanden.te_bevestigen
    assert haaglanden.geldig_vanaf.isoformat() == "2023-07-01" and "denhaag.nl" in haaglanden.bron
    blokken = {b.code: (b.soort, b.waarde, b.max_maanden) for b in haaglanden.bouwblokken.all()}
    assert blokken["geen-uitkering"] == ("categorie", Decimal("5000.00"), 12)
    assert blokken["banenafspraak"] == ("categorie", Decimal("50000.00"), None)
    assert blokken["bbl-2"] == ("categorie", Decimal("25000.00"), 24)
    assert blokken["bbl-3"] == ("categorie", Decimal("15000.00"), 36)
    assert blokken["participatiewet"] == ("categorie", Decimal("40000.00"), 24)
    assert blokken["ww"] == ("categorie", Decimal("20000.00"), 12)
    assert blokken["bonus-55"] == ("bonus", Decimal("10000.00"), None)
    assert "12 maanden" in haaglanden.toelichting

    drecht = Waardetabel.objects.get(regio=drechtsteden)
    assert drecht.status == "vastgesteld" and drecht.te_bevestigen
    assert "Baanbrekend Drechtsteden" in drecht.toelichting and "dezelfde opbouw" in drecht.toelichting
    assert set(blokken) < set(drecht.bouwblokken.values_list("code", flat=True))


def test_the_obligations_lines_and_warning(demo):
    verplichtingen = Verplichting.objects.select_related("project", "opdrachtnemer", "coordinator", "waardetabel")
    assert {v.project.nummer for v in verplichtingen} == {"DOR-0909", "DOR-0901", "DOR-0902"}
    for verplichting in verplichtingen:
        assert verplichting.project.fase == "uitvoering"
        assert verplichting.coordinator.email == "projectleider@dordrecht.example"
        assert verplichting.waardetabel.regio.naam == "Drechtsteden"
        assert verplichting.project.opdrachtnemers.filter(pk=verplichting.opdrachtnemer_id).exists()
        assert verplichting.sr_bedrag == sr_bedrag(
            grondslag_bedrag=verplichting.grondslag_bedrag,
            percentage=verplichting.percentage,
            drempel=verplichting.drempel,
            maximum=verplichting.maximum,
            pso_korting=verplichting.pso_korting,
        )
        # Stored values equal a recount of the lines that count.
        regels = verplichting.inzet.exclude(status="afgewezen").select_related("bouwblok").prefetch_related("bonussen")
        for regel, waarde, _dagen in regels_waarderen(regels):
            assert regel.waarde == waarde

    merwedijk = verplichtingen.get(opdrachtnemer__naam="Merwedijk Infra B.V.")
    assert set(merwedijk.inzet.values_list("status", flat=True)) == set(Inzetregel.Status.values)
    afgewezen = merwedijk.inzet.get(status="afgewezen")
    assert afgewezen.reden_afwijzing and afgewezen.kandidaat.code == "MWD-0014"
    assert merwedijk.inzet.filter(bouwblok__soort="sociaal_inkopen", status="gevalideerd").exists()

    [waarschuwing] = Waarschuwing.objects.filter(soort="achterstand", opgelost_op__isnull=True)
    assert waarschuwing.verplichting.opdrachtnemer.naam == "Zeedijk Riolering B.V."

    drechtoever = verplichtingen.get(opdrachtnemer__naam="Drechtoever Wegenbouw B.V.")
    assert drechtoever.pso_korting == 5 and drechtoever.inzet.filter(bouwblok__soort="activiteit").exists()


def test_candidates_are_codes_and_the_pool_has_an_offer_with_interest(demo):
    for code in Kandidaat.objects.values_list("code", flat=True):
        assert re.fullmatch(r"[A-Z]{3}-\d{4}", code)
    aanbod = Poolaanbod.objects.get(status="open")
    assert aanbod.kandidaat.code == "ZDR-0003" and aanbod.bouwblok_code == "bbl-2"
    assert aanbod.interesse.get().organisatie.naam == "Drechtoever Wegenbouw B.V."


def test_the_sroi_demo_is_idempotent_and_fast(demo):
    eerst = tuple(model.objects.count() for model in MODELLEN)
    begin = time.monotonic()
    create_sroi(gebruikers())
    assert time.monotonic() - begin < 3
    assert tuple(model.objects.count() for model in MODELLEN) == eerst
