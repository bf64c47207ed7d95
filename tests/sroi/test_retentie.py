"""The retention job: SROI_BEWAARTERMIJN_MAANDEN (24) after an obligation's term ends its candidates are anonymised —
code, evidence files (gone from storage), free text, open pool offers — while values and categories stay; a candidate
still active on another obligation is kept; the job is idempotent and `--droog` changes nothing."""

import datetime
import io
from decimal import Decimal

from django.core.files.storage import default_storage
from django.core.management import call_command

import pytest

from kring.models import AuditEvent
from sroi import tasks
from sroi.models import Bewijsstuk, Inzetregel, Kandidaat, Verplichting
from sroi.services.retentie import ACTIE, kandidaten_anonimiseren
from tests.factories import (
    BewijsstukFactory,
    InzetregelFactory,
    KandidaatFactory,
    OrganisatieFactory,
    PoolaanbodFactory,
    VerplichtingFactory,
)

pytestmark = pytest.mark.django_db

EIND = datetime.date(2023, 1, 31)
# 24 months after 31-01-2023 is 31-01-2025: on that day the term ended exactly 24 months ago, not more.
NOG_NIET = datetime.date(2025, 1, 31)
VERLOPEN = datetime.date(2025, 2, 1)


@pytest.fixture
def bedrijf():
    return OrganisatieFactory()


@pytest.fixture
def oud(bedrijf):
    """An obligation whose term ended on 31-01-2023."""
    return VerplichtingFactory(opdrachtnemer=bedrijf, looptijd_start=datetime.date(2022, 2, 1), looptijd_eind=EIND)


@pytest.fixture
def lopend(bedrijf):
    """An obligation of the same contractor that runs until 2026."""
    return VerplichtingFactory(
        opdrachtnemer=bedrijf, looptijd_start=datetime.date(2024, 1, 1), looptijd_eind=datetime.date(2026, 12, 31)
    )


@pytest.fixture
def regel(oud):
    """A line of candidate MWD-0012 on the old obligation, with an omschrijving and a PDF as evidence."""
    regel = InzetregelFactory(
        verplichting=oud,
        kandidaat__code="MWD-0012",
        omschrijving="Grondwerker, via het WSP",
        status="afgewezen",
        reden_afwijzing="Contract ontbreekt",
    )
    BewijsstukFactory(inzetregel=regel)
    return regel


def test_nothing_happens_within_the_retention_period(regel):
    assert kandidaten_anonimiseren(vandaag=NOG_NIET) == 0
    regel.refresh_from_db()
    assert regel.kandidaat.code == "MWD-0012" and regel.omschrijving and regel.bewijsstukken.exists()
    assert Verplichting.objects.get(pk=regel.verplichting_id).geanonimiseerd_op is None
    assert not AuditEvent.objects.filter(actie=ACTIE).exists()


def test_after_the_period_the_candidate_is_anonymised_and_values_stay(regel, django_capture_on_commit_callbacks):
    bestand = regel.bewijsstukken.get().bestand.name
    assert default_storage.exists(bestand)
    aanbod = PoolaanbodFactory(kandidaat=regel.kandidaat, toelichting="BBL 2, VCA")
    gesloten = PoolaanbodFactory(kandidaat=regel.kandidaat, status="geplaatst", toelichting="Eerder geplaatst")
    waarde, bouwblok = Decimal(regel.waarde), regel.bouwblok_id

    with django_capture_on_commit_callbacks(execute=True):
        assert kandidaten_anonimiseren(vandaag=VERLOPEN) == 1

    kandidaat = Kandidaat.objects.get(pk=regel.kandidaat_id)
    assert kandidaat.code == f"anoniem-{kandidaat.pk}" and kandidaat.geanonimiseerd
    regel.refresh_from_db()
    assert regel.omschrijving == "" and regel.reden_afwijzing == ""
    assert (regel.waarde, regel.bouwblok_id, regel.status) == (waarde, bouwblok, "afgewezen")
    assert not Bewijsstuk.objects.exists() and not default_storage.exists(bestand)
    aanbod.refresh_from_db()
    gesloten.refresh_from_db()
    assert (aanbod.status, aanbod.toelichting) == ("ingetrokken", "")
    assert (gesloten.status, gesloten.toelichting) == ("geplaatst", "")
    verplichting = Verplichting.objects.get(pk=regel.verplichting_id)
    assert verplichting.geanonimiseerd_op is not None
    event = AuditEvent.objects.get(actie=ACTIE)
    assert event.object_id == str(verplichting.pk) and event.actor is None
    assert event.na == {
        "kandidaten_geanonimiseerd": 1,
        "kandidaten_behouden": 0,
        "regels": 1,
        "bewijsstukken": 1,
        "poolaanbod_ingetrokken": 1,
        "bewaartermijn_maanden": 24,
    }
    assert "MWD-0012" not in str(event.na) + event.object_omschrijving


def test_a_candidate_still_active_elsewhere_is_kept_until_that_term_has_passed_too(oud, lopend, regel):
    actief = KandidaatFactory(opdrachtnemer=oud.opdrachtnemer, code="BBL-0099")
    oude_regel = InzetregelFactory(verplichting=oud, kandidaat=actief, omschrijving="Leerling")
    BewijsstukFactory(inzetregel=oude_regel)
    InzetregelFactory(
        verplichting=lopend, kandidaat=actief, start=datetime.date(2024, 2, 1), eind=datetime.date(2024, 6, 30)
    )

    assert kandidaten_anonimiseren(vandaag=VERLOPEN) == 1  # MWD-0012 only

    actief.refresh_from_db()
    oude_regel.refresh_from_db()
    assert actief.code == "BBL-0099" and not actief.geanonimiseerd
    assert oude_regel.omschrijving == "Leerling" and oude_regel.bewijsstukken.exists()
    oud.refresh_from_db()
    assert oud.geanonimiseerd_op is None  # looked at again until its last candidate goes
    assert AuditEvent.objects.get(actie=ACTIE).na["kandidaten_behouden"] == 1

    # Nothing new the next day: no second event.
    assert kandidaten_anonimiseren(vandaag=VERLOPEN + datetime.timedelta(days=1)) == 0
    assert AuditEvent.objects.filter(actie=ACTIE).count() == 1

    # 24 months after the running obligation ends, the candidate goes too, with its lines on both.
    assert kandidaten_anonimiseren(vandaag=datetime.date(2029, 1, 1)) == 1
    actief.refresh_from_db()
    oude_regel.refresh_from_db()
    assert actief.geanonimiseerd and oude_regel.omschrijving == "" and not oude_regel.bewijsstukken.exists()
    assert Verplichting.objects.filter(geanonimiseerd_op__isnull=False).count() == 2


def test_the_job_is_idempotent(regel):
    assert kandidaten_anonimiseren(vandaag=VERLOPEN) == 1
    kandidaat = Kandidaat.objects.get(pk=regel.kandidaat_id)
    verplichting = Verplichting.objects.get(pk=regel.verplichting_id)
    assert kandidaten_anonimiseren(vandaag=VERLOPEN) == 0
    assert Kandidaat.objects.get(pk=kandidaat.pk).code == kandidaat.code
    assert Verplichting.objects.get(pk=verplichting.pk).geanonimiseerd_op == verplichting.geanonimiseerd_op
    assert AuditEvent.objects.filter(actie=ACTIE).count() == 1


def test_lines_without_a_candidate_keep_their_text_and_totals_stay_true(oud, regel):
    inkoop = Inzetregel.objects.create(
        verplichting=oud,
        bouwblok=oud.waardetabel.bouwblokken.get(code="sociaal-inkopen"),
        start=EIND,
        eind=EIND,
        bedrag=Decimal("12000"),
        waarde=Decimal("12000"),
        omschrijving="Catering door sociale onderneming",
    )
    totaal = sum(Inzetregel.objects.values_list("waarde", flat=True))
    kandidaten_anonimiseren(vandaag=VERLOPEN)
    inkoop.refresh_from_db()
    assert inkoop.omschrijving == "Catering door sociale onderneming"
    assert sum(Inzetregel.objects.values_list("waarde", flat=True)) == totaal


def test_the_command_dry_run_changes_nothing_and_the_real_run_does(regel):
    uit = io.StringIO()
    call_command("sroi_anonimiseren", "--droog", "--datum", VERLOPEN.isoformat(), stdout=uit)
    assert "Droog: 1 kandidaat" in uit.getvalue() and "1 bewijsstuk" in uit.getvalue()
    regel.refresh_from_db()
    assert regel.kandidaat.code == "MWD-0012" and Bewijsstuk.objects.exists()
    assert not AuditEvent.objects.filter(actie=ACTIE).exists()
    assert Verplichting.objects.get(pk=regel.verplichting_id).geanonimiseerd_op is None

    uit = io.StringIO()
    call_command("sroi_anonimiseren", "--datum", VERLOPEN.isoformat(), stdout=uit)
    assert "1 kandidaat/kandidaten geanonimiseerd" in uit.getvalue()
    assert Kandidaat.objects.get(pk=regel.kandidaat_id).geanonimiseerd


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("sroi_anonimiseren", "--datum", "31-01-2025")


def test_the_retention_period_is_a_setting(regel, settings):
    settings.SROI_BEWAARTERMIJN_MAANDEN = 36
    assert kandidaten_anonimiseren(vandaag=VERLOPEN) == 0
    assert kandidaten_anonimiseren(vandaag=datetime.date(2026, 2, 1)) == 1


def test_the_daily_task_runs_the_job(regel):
    # The task uses today: move the old obligation's term far enough back.
    Verplichting.objects.filter(pk=regel.verplichting_id).update(
        looptijd_start=datetime.date(2000, 1, 1), looptijd_eind=datetime.date(2000, 12, 31)
    )
    tasks.kandidaten_anonimiseren.delay()
    assert Kandidaat.objects.get(pk=regel.kandidaat_id).geanonimiseerd
