"""Recording inzet through the service: values worked out by hand, the cap over a candidate's lines, the validation
flow, and bad input refused with a Dutch message and nothing saved."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from kring.models import AuditEvent
from sroi.models import Bewijsstuk, Inzetregel, Kandidaat
from sroi.services.inzet import inzet_afwijzen, inzet_create, inzet_valideren
from tests.factories import PDF_BYTES, UserFactory, VerplichtingFactory, WaardetabelFactory

D = datetime.date
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00"
    b"\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def verplichting(personas):
    """Term 2024-2025 for on_eigen's organisation; the coordinator is the gemeente persona."""
    return VerplichtingFactory(
        opdrachtnemer=personas["on_eigen"].organisatie,
        project__gemeente=personas["gemeente"].organisatie,
        coordinator=personas["gemeente"],
        looptijd_start=D(2024, 1, 1),
        looptijd_eind=D(2025, 12, 31),
    )


def blok(verplichting, code):
    return verplichting.waardetabel.bouwblokken.get(code=code)


def registreer(verplichting, door, code="participatiewet", **kwargs):
    gegevens = {"kandidaat_code": "KAND-001", "start": D(2024, 1, 1), "eind": D(2024, 6, 30), "uren_per_week": 36}
    gegevens.update(kwargs)
    if blok(verplichting, code).soort != "categorie":
        for veld in ("kandidaat_code", "uren_per_week"):
            gegevens.pop(veld, None) if veld not in kwargs else None
    return inzet_create(verplichting=verplichting, soort=blok(verplichting, code), door=door, **gegevens)


# -- valuation


def test_pro_rata_hand_voorbeeld(verplichting, personas):
    # Participatiewet € 40,000, 36 h, 1 Jan – 30 Jun 2024 (182 days): 40,000 × 1 × 182/365 = 19,945.2054… → 19,945.21
    regel = registreer(verplichting, personas["on_eigen"], kandidaat_code="kand-001")
    regel.refresh_from_db()
    assert regel.waarde == Decimal("19945.21")
    assert regel.status == Inzetregel.Status.INGEDIEND
    assert regel.kandidaat.code == "KAND-001"
    assert regel.kandidaat.opdrachtnemer == personas["on_eigen"].organisatie
    assert regel.ingevoerd_door == personas["on_eigen"]
    event = AuditEvent.objects.get(actie="sroi.inzet_ingediend")
    assert event.na["kandidaat"] == "KAND-001" and event.na["waarde"] == "19945.21"


def test_deeltijd_met_bonus(verplichting, personas):
    # 18 h with the 55+ bonus: (40,000 + 10,000) × 18/36 × 182/365 = 12,465.7534… → 12,465.75
    regel = registreer(verplichting, personas["on_eigen"], uren_per_week=18, bonussen=[blok(verplichting, "bonus-55")])
    regel.refresh_from_db()
    assert regel.waarde == Decimal("12465.75")
    assert [b.code for b in regel.bonussen.all()] == ["bonus-55"]


def test_maximum_over_twee_regels_en_afwijzen_geeft_maanden_terug(verplichting, personas):
    # WW € 20,000, at most 12 months = 365 days per candidate.
    # Line 1: 1 Jan – 31 Oct 2024 = 305 days → 20,000 × 305/365 = 16,712.3287… → 16,712.33
    # Line 2: 1 Nov 2024 – 31 Mar 2025 = 151 days, of which 365 − 305 = 60 count → 20,000 × 60/365 = 3,287.67
    eerste = registreer(verplichting, personas["on_eigen"], code="ww", eind=D(2024, 10, 31))
    tweede = registreer(verplichting, personas["on_eigen"], code="ww", start=D(2024, 11, 1), eind=D(2025, 3, 31))
    eerste.refresh_from_db()
    tweede.refresh_from_db()
    assert (eerste.waarde, tweede.waarde) == (Decimal("16712.33"), Decimal("3287.67"))
    # Another candidate has a cap of their own.
    ander = registreer(verplichting, personas["on_eigen"], code="ww", kandidaat_code="KAND-002", eind=D(2024, 10, 31))
    assert ander.waarde == Decimal("16712.33")
    # Rejecting the first line gives its days back: line 2 counts all 151 days: 20,000 × 151/365 = 8,273.97
    inzet_afwijzen(regel=eerste, reden="Geen contract bijgevoegd.", door=personas["gemeente"])
    tweede.refresh_from_db()
    assert tweede.waarde == Decimal("8273.97")


def test_eerdere_regel_telt_eerst(verplichting, personas):
    # A line entered later but starting earlier uses the months first (start order): WW, 365 days at most.
    later = registreer(verplichting, personas["on_eigen"], code="ww", start=D(2024, 7, 1), eind=D(2024, 12, 31))
    registreer(verplichting, personas["on_eigen"], code="ww", start=D(2024, 1, 1), eind=D(2024, 6, 30))
    later.refresh_from_db()
    # 1 Jan – 30 Jun 2024 counts 182 days; 1 Jul – 31 Dec (184 days) gets 365 − 182 = 183: 20,000 × 183/365 = 10,027.40
    assert later.waarde == Decimal("10027.40")


def test_sociaal_inkopen_en_activiteit(verplichting, personas):
    # Social purchasing: invoice € 12,500 excl. btw × 1.00 = 12,500.00; activity: 7.5 h × € 100 = 750.00
    inkoop = registreer(verplichting, personas["on_eigen"], code="sociaal-inkopen", bedrag=Decimal("12500"))
    activiteit = registreer(verplichting, personas["on_eigen"], code="activiteit", uren=Decimal("7.5"))
    assert (inkoop.waarde, activiteit.waarde) == (Decimal("12500.00"), Decimal("750.00"))
    assert inkoop.kandidaat is None and activiteit.kandidaat is None
    assert Kandidaat.objects.count() == 0


# -- validation flow


def test_coordinator_valideert(verplichting, personas):
    regel = registreer(verplichting, personas["on_eigen"])
    inzet_valideren(regel=regel, door=personas["gemeente"])
    regel.refresh_from_db()
    assert regel.status == Inzetregel.Status.GEVALIDEERD
    assert regel.beoordeeld_door == personas["gemeente"] and regel.beoordeeld_op is not None
    assert AuditEvent.objects.filter(actie="sroi.inzet_gevalideerd", object_id=str(regel.pk)).exists()
    with pytest.raises(ValidationError, match="al gevalideerd"):
        inzet_afwijzen(regel=regel, reden="Toch niet.", door=personas["gemeente"])


@pytest.mark.parametrize("rol", ["on_eigen", "on_ander", "stuurgroep"])
def test_alleen_coordinator_of_beheerder_beoordeelt(verplichting, personas, rol):
    regel = registreer(verplichting, personas["on_eigen"])
    with pytest.raises(PermissionDenied):
        inzet_valideren(regel=regel, door=personas[rol])
    inzet_valideren(regel=regel, door=personas["beheerder"])
    assert Inzetregel.objects.get().status == Inzetregel.Status.GEVALIDEERD


def test_afwijzen_vraagt_een_reden(verplichting, personas):
    regel = registreer(verplichting, personas["on_eigen"])
    with pytest.raises(ValidationError, match="Geef een reden"):
        inzet_afwijzen(regel=regel, reden="  ", door=personas["gemeente"])
    with pytest.raises(ValidationError, match="e-mailadres"):
        inzet_afwijzen(regel=regel, reden="Mail kandidaat via k@example.nl", door=personas["gemeente"])
    assert Inzetregel.objects.get().status == Inzetregel.Status.INGEDIEND
    inzet_afwijzen(regel=regel, reden="Het contract ontbreekt.", door=personas["gemeente"])
    regel.refresh_from_db()
    assert (regel.status, regel.reden_afwijzing) == (Inzetregel.Status.AFGEWEZEN, "Het contract ontbreekt.")
    event = AuditEvent.objects.get(actie="sroi.inzet_afgewezen")
    assert "contract" not in str(event.na)  # the free-text reason stays on the line, not in the log
    # The contractor corrects it with a new line.
    nieuw = registreer(verplichting, personas["on_eigen"])
    assert nieuw.status == Inzetregel.Status.INGEDIEND


# -- bad input: a Dutch message, nothing saved


def niets_opgeslagen():
    return not Inzetregel.objects.exists() and not Kandidaat.objects.exists() and not Bewijsstuk.objects.exists()


@pytest.mark.parametrize(
    ("wijziging", "veld", "bericht"),
    [
        ({"uren_per_week": Decimal("36.5")}, "uren_per_week", "meer dan een volle week (36 uur)"),
        ({"uren_per_week": None}, "uren_per_week", "Vul het aantal uren per week in"),
        ({"uren_per_week": Decimal("0.2")}, "uren_per_week", "minstens een half uur"),
        ({"eind": D(2023, 12, 31)}, "eind", "vóór de startdatum"),
        ({"eind": D(2026, 1, 31)}, "eind", "na het einde van de looptijd"),
        ({"start": D(2022, 6, 1)}, "start", "meer dan een jaar vóór de looptijd"),
        ({"start": None}, "start", "Vul de startdatum in"),
        ({"kandidaat_code": "Jan Jansen"}, "kandidaat_code", "naam"),
        ({"kandidaat_code": "jan@example.nl"}, "kandidaat_code", "e-mailadres"),
        ({"kandidaat_code": "123456782"}, "kandidaat_code", "BSN"),
        ({"kandidaat_code": "14-02-1990"}, "kandidaat_code", "geboortedatum"),
        ({"kandidaat_code": ""}, "kandidaat_code", "Vul een kandidaatcode in"),
        ({"omschrijving": "<script>alert(1)</script>"}, "omschrijving", "HTML"),
        ({"omschrijving": "Kandidaat met BSN 123456782"}, "omschrijving", "BSN"),
    ],
)
def test_foute_invoer(verplichting, personas, wijziging, veld, bericht):
    with pytest.raises(ValidationError) as fout:
        registreer(verplichting, personas["on_eigen"], **wijziging)
    assert bericht in " ".join(fout.value.message_dict[veld])
    assert niets_opgeslagen()


def test_doelgroep_uit_een_andere_waardetabel(verplichting, personas):
    andere = WaardetabelFactory(regio=verplichting.waardetabel.regio, geldig_vanaf=D(2020, 1, 1))
    with pytest.raises(ValidationError) as fout:
        inzet_create(
            verplichting=verplichting,
            soort=andere.bouwblokken.get(code="participatiewet"),
            kandidaat_code="KAND-001",
            start=D(2024, 1, 1),
            eind=D(2024, 6, 30),
            uren_per_week=36,
            door=personas["on_eigen"],
        )
    assert "niet in de waardetabel van deze verplichting" in fout.value.message_dict["soort"][0]
    with pytest.raises(ValidationError) as fout:
        registreer(verplichting, personas["on_eigen"], bonussen=[andere.bouwblokken.get(code="bonus-55")])
    assert "geen bonus uit de waardetabel van deze verplichting" in fout.value.message_dict["bonussen"][0]
    assert niets_opgeslagen()


def test_bonus_en_pso_zijn_geen_eigen_regel_en_geen_bonus(verplichting, personas):
    with pytest.raises(ValidationError, match="geen eigen regel"):
        registreer(verplichting, personas["on_eigen"], code="pso")
    with pytest.raises(ValidationError, match="geen bonus"):
        registreer(verplichting, personas["on_eigen"], bonussen=[blok(verplichting, "ww")])
    with pytest.raises(ValidationError, match="factuurbedrag"):
        registreer(verplichting, personas["on_eigen"], code="sociaal-inkopen")
    with pytest.raises(ValidationError, match="uren van de activiteit"):
        registreer(verplichting, personas["on_eigen"], code="activiteit", uren=Decimal(0))
    assert niets_opgeslagen()


@pytest.mark.parametrize("rol", ["on_ander", "gemeente", "beheerder"])
def test_alleen_de_eigen_opdrachtnemer_registreert(verplichting, personas, rol):
    with pytest.raises(ValidationError, match="Uw organisatie heeft dit project niet"):
        registreer(verplichting, personas[rol])
    assert niets_opgeslagen()


def test_geblokkeerde_collega_registreert_niet(verplichting, personas):
    geblokkeerd = UserFactory(organisatie=personas["on_eigen"].organisatie, status="geblokkeerd")
    with pytest.raises(ValidationError, match="Uw organisatie heeft dit project niet"):
        registreer(verplichting, geblokkeerd)


# -- evidence


def test_bewijsstuk_opgeslagen_onder_willekeurige_naam(verplichting, personas):
    bestand = SimpleUploadedFile("contract K. Jansen.pdf", PDF_BYTES, content_type="application/pdf")
    regel = registreer(verplichting, personas["on_eigen"], bewijs=[bestand])
    bewijs = regel.bewijsstukken.get()
    assert (bewijs.naam, bewijs.inhoudstype, bewijs.grootte) == (
        "contract K. Jansen.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert "Jansen" not in bewijs.bestand.name and bewijs.bestand.name.startswith("sroi/bewijs/")
    assert bewijs.bestand.read() == PDF_BYTES


def test_liegend_bestand_geweigerd(verplichting, personas, settings):
    import os

    map_ = os.path.join(settings.MEDIA_ROOT, "sroi", "bewijs", str(verplichting.pk))
    voor = set(os.listdir(map_)) if os.path.isdir(map_) else set()
    goed = SimpleUploadedFile("contract.pdf", PDF_BYTES, content_type="application/pdf")
    nep = SimpleUploadedFile("factuur.pdf", PNG_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError) as fout:
        registreer(verplichting, personas["on_eigen"], bewijs=[goed, nep])
    assert "geen PDF maar een PNG-afbeelding" in fout.value.message_dict["bewijs"][0]
    assert niets_opgeslagen()
    assert (set(os.listdir(map_)) if os.path.isdir(map_) else set()) == voor  # the good file is not left behind
