"""The summary rows behind the profiles: what a definitief round adds, what an upheld bezwaar and a KPI change do,
that the incrementally kept rows always equal a full recount (and a naive one), the rebuild command, and two rounds
becoming definitief at the same moment."""

import datetime
import random
import threading
import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from pastperformance.models import Beoordelaarverdeling, Beoordelingsronde, KpiMeting, Richting, Scoremaand
from pastperformance.services import profielen as services
from pastperformance.services.profielen import (
    Telling,
    kpi_toevoegen,
    kpi_verwijderen,
    opgeslagen_samenvatting,
    samenvatting_herbereken,
    samenvatting_toevoegen,
    samenvatting_verschillen,
    samenvatting_verwijderen,
    totaalscore,
)
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, onthulde_ronde
from tests.pastperformance.profielhulp import definitief, moment, naief

pytestmark = pytest.mark.django_db

Status = Beoordelingsronde.Status
MEI = datetime.date(2026, 5, 1)


def rij(organisatie, richting, code, maand=MEI) -> Telling | None:
    rijen = Scoremaand.objects.filter(richting=richting, criterium_code=code, maand=maand)
    rijen = rijen.filter(organisatie__isnull=True) if organisatie is None else rijen.filter(organisatie=organisatie)
    gevonden = rijen.first()
    return None if gevonden is None else Telling(gevonden.aantal, gevonden.som, gevonden.som_kwadraten)


def gelijk_aan_herberekening():
    """The stored rows equal a naive recount, a full recount finds no difference, and a rebuild changes nothing."""
    opgeslagen = opgeslagen_samenvatting()
    assert opgeslagen.scoremaanden == naief().scoremaanden
    assert opgeslagen.verdelingen == naief().verdelingen
    assert samenvatting_verschillen() == []
    samenvatting_herbereken()
    herbouwd = opgeslagen_samenvatting()
    assert (herbouwd.scoremaanden, herbouwd.verdelingen) == (opgeslagen.scoremaanden, opgeslagen.verdelingen)


# --- What a definitief round adds ------------------------------------------------------------------------------------


def test_a_definitief_round_adds_overall_and_criterion_rows_under_the_rated_organisation_and_the_kring():
    # og_on: six criteria cycling 8, 6, NVT -> four scores (8, 6, 8, 6), overall 7; on_og: all 5.
    ronde = definitief(op=moment(2026, 5, 3), og_on=(8, 6, None), on_og=(5,))
    opdrachtnemer, gemeente = ronde.plan.opdrachtnemer, ronde.plan.project.gemeente

    assert rij(opdrachtnemer, Richting.OG_ON, "") == Telling(1, Decimal(7), Decimal(49))
    assert rij(opdrachtnemer, Richting.OG_ON, "planmatig-werken") == Telling(1, Decimal(8), Decimal(64))
    assert rij(opdrachtnemer, Richting.OG_ON, "proactiviteit-samenwerking") == Telling(1, Decimal(6), Decimal(36))
    assert rij(opdrachtnemer, Richting.OG_ON, "deskundigheid-kwaliteit") is None  # NVT: no row
    assert rij(gemeente, Richting.ON_OG, "") == Telling(1, Decimal(5), Decimal(25))
    assert rij(None, Richting.OG_ON, "") == Telling(1, Decimal(7), Decimal(49))
    # Self-ratings never count in profiles: they add kring rows only (for the perception gap), nothing per
    # organisation and nothing in a rater's distribution; nothing is filed under the rater.
    zelf = Scoremaand.objects.filter(richting__in=[Richting.ZELF_OG, Richting.ZELF_ON])
    assert not zelf.filter(organisatie__isnull=False).exists()
    assert rij(None, Richting.ZELF_ON, "") == Telling(1, Decimal(7), Decimal(49))
    assert rij(None, Richting.ZELF_ON, "planmatig-werken") == Telling(1, Decimal(7), Decimal(49))
    assert rij(None, Richting.ZELF_OG, "") == Telling(1, Decimal(7), Decimal(49))
    assert not Beoordelaarverdeling.objects.filter(richting__in=[Richting.ZELF_OG, Richting.ZELF_ON]).exists()
    assert rij(gemeente, Richting.OG_ON, "") is None
    rater = ronde.plan.beoordelaar_og
    assert dict(Beoordelaarverdeling.objects.filter(beoordelaar=rater).values_list("waarde", "aantal")) == {8: 2, 6: 2}
    assert dict(
        Beoordelaarverdeling.objects.filter(beoordelaar__isnull=True, richting=Richting.OG_ON).values_list(
            "waarde", "aantal"
        )
    ) == {8: 2, 6: 2}


def test_the_month_is_the_local_month_of_definitief_op():
    # 30 April 23:30 UTC is 1 May 01:30 in Amsterdam.
    op = datetime.datetime(2026, 4, 30, 23, 30, tzinfo=datetime.UTC)
    ronde = definitief(op=op)
    assert rij(ronde.plan.opdrachtnemer, Richting.OG_ON, "", MEI) is not None


def test_overall_score_is_rounded_to_four_decimals_before_summing():
    assert totaalscore(22, 3) == (Decimal("7.3333"), Decimal("53.7773"))
    ronde = definitief(op=moment(2026, 5, 3), og_on=(8, 7, 7, None, None, None))  # 22 / 3
    assert rij(ronde.plan.opdrachtnemer, Richting.OG_ON, "") == Telling(1, Decimal("7.3333"), Decimal("53.7773"))


def test_a_rating_with_only_nvt_and_a_draft_are_skipped():
    ronde = onthulde_ronde(waarden={Richting.OG_ON: (None,)})
    on_og = ronde.beoordelingen.get(richting=Richting.ON_OG)
    on_og.ingediend_op = None  # never handed in: not a rating
    on_og.save()
    ronde.status, ronde.definitief_op = Status.DEFINITIEF, moment(2026, 5, 3)
    ronde.save()
    bijdragen = samenvatting_toevoegen(ronde=ronde)
    assert bijdragen.beoordelingen == 0
    # Only the self-ratings' kring rows (they were handed in, with 7s).
    assert set(Scoremaand.objects.values_list("organisatie", "richting").distinct()) == {
        (None, Richting.ZELF_OG),
        (None, Richting.ZELF_ON),
    }


def test_scores_of_a_removed_account_count_in_the_kring_distribution_only():
    ronde = onthulde_ronde(waarden={Richting.OG_ON: (9,)})
    ronde.beoordelingen.filter(richting=Richting.OG_ON).update(ingediend_door=None)
    ronde.status, ronde.definitief_op = Status.DEFINITIEF, moment(2026, 5, 3)
    ronde.save()
    samenvatting_toevoegen(ronde=ronde)
    assert list(Beoordelaarverdeling.objects.filter(waarde=9).values_list("beoordelaar", "aantal")) == [(None, 6)]
    gelijk_aan_herberekening()


def test_adding_a_round_that_is_not_saved_as_definitief_is_a_programming_error():
    ronde = onthulde_ronde()
    with pytest.raises(ValueError, match="definitief"):
        samenvatting_toevoegen(ronde=ronde)
    assert not Scoremaand.objects.exists()


def test_rows_of_the_same_month_add_up():
    plan_velden = {"opdrachtnemer": OrganisatieFactory()}
    definitief(op=moment(2026, 5, 3), og_on=(8,), **plan_velden)
    ronde = definitief(op=moment(2026, 5, 20), og_on=(6,), **plan_velden)
    assert rij(ronde.plan.opdrachtnemer, Richting.OG_ON, "") == Telling(2, Decimal(14), Decimal(100))
    assert rij(ronde.plan.opdrachtnemer, Richting.OG_ON, "veiligheid") == Telling(2, Decimal(14), Decimal(100))


# --- Upheld bezwaar --------------------------------------------------------------------------------------------------


def test_an_upheld_bezwaar_takes_the_rating_out_and_removes_emptied_rows():
    plan_velden = {"opdrachtnemer": OrganisatieFactory()}
    definitief(op=moment(2026, 5, 3), og_on=(8,), **plan_velden)
    ronde = definitief(op=moment(2026, 4, 3), og_on=(4,), **plan_velden)
    beoordeling = ronde.beoordelingen.get(richting=Richting.OG_ON)
    opdrachtnemer = ronde.plan.opdrachtnemer

    # As bezwaar_besluiten does: the rating stops counting, then its contribution goes.
    beoordeling.telt_mee = False
    beoordeling.save(update_fields=["telt_mee"])
    samenvatting_verwijderen(beoordeling=beoordeling)

    april = datetime.date(2026, 4, 1)
    assert rij(opdrachtnemer, Richting.OG_ON, "", april) is None
    assert rij(None, Richting.OG_ON, "", april) is None
    assert rij(opdrachtnemer, Richting.OG_ON, "", MEI) == Telling(1, Decimal(8), Decimal(64))
    assert not Beoordelaarverdeling.objects.filter(waarde=4).exists()
    gelijk_aan_herberekening()


# --- KPIs ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def plan(personas):
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        beoordelaar_og=personas["gemeente"],
        beoordelaar_on=personas["on_eigen"],
    )


def test_kpis_are_filed_under_the_side_they_are_about(plan, personas):
    gemeente, opdrachtnemer = plan.project.gemeente, plan.opdrachtnemer
    kpi_toevoegen(
        plan=plan, soort="betaaltermijn", dagen=45, peildatum=datetime.date(2026, 3, 9), door=personas["on_eigen"]
    )
    kpi_toevoegen(
        plan=plan, soort="vertraging", dagen=12, peildatum=datetime.date(2026, 3, 20), door=personas["gemeente"]
    )
    maart = datetime.date(2026, 3, 1)
    assert rij(gemeente, Richting.ON_OG, "kpi:betaaltermijn", maart) == Telling(1, Decimal(45), Decimal(2025))
    assert rij(opdrachtnemer, Richting.OG_ON, "kpi:vertraging", maart) == Telling(1, Decimal(12), Decimal(144))
    assert rij(None, Richting.ON_OG, "kpi:betaaltermijn", maart) == Telling(1, Decimal(45), Decimal(2025))
    assert rij(opdrachtnemer, Richting.ON_OG, "kpi:betaaltermijn", maart) is None
    assert AuditEvent.objects.filter(actie="kpi.toegevoegd").count() == 2


def test_a_kpi_of_1000_days_squares_without_overflow(plan, personas):
    kpi_toevoegen(
        plan=plan, soort="besluittermijn", dagen=1000, peildatum=datetime.date(2026, 1, 5), door=personas["gemeente"]
    )
    kpi_toevoegen(
        plan=plan, soort="besluittermijn", dagen=999, peildatum=datetime.date(2026, 1, 6), door=personas["gemeente"]
    )
    assert rij(plan.project.gemeente, Richting.ON_OG, "kpi:besluittermijn", datetime.date(2026, 1, 1)) == Telling(
        2, Decimal(1999), Decimal(1_998_001)
    )
    gelijk_aan_herberekening()


@pytest.mark.parametrize(
    ("velden", "veld", "melding"),
    [
        ({"dagen": 1001}, "dagen", "van 0 tot en met 1000"),
        ({"dagen": -1}, "dagen", "van 0 tot en met 1000"),
        ({"dagen": "veel"}, "dagen", "van 0 tot en met 1000"),
        ({"soort": "klachten"}, "soort", "Kies wat u meet"),
        ({"peildatum": None}, "peildatum", "Vul de datum in"),
        ({"omschrijving": "x" * 201}, "omschrijving", "hooguit 200 tekens"),
    ],
)
def test_bad_kpi_input_gives_a_dutch_message_and_saves_nothing(plan, personas, velden, veld, melding):
    gegevens = {"soort": "betaaltermijn", "dagen": 30, "peildatum": datetime.date(2026, 1, 5), **velden}
    with pytest.raises(ValidationError) as fout:
        kpi_toevoegen(plan=plan, door=personas["gemeente"], **gegevens)
    assert melding in " ".join(fout.value.message_dict[veld])
    assert not KpiMeting.objects.exists() and not Scoremaand.objects.exists()


def test_a_kpi_date_in_the_future_is_refused(plan, personas):
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as fout:
        kpi_toevoegen(plan=plan, soort="vertraging", dagen=3, peildatum=morgen, door=personas["gemeente"])
    assert "vandaag of een eerdere datum" in fout.value.message_dict["peildatum"][0]
    assert not KpiMeting.objects.exists()


@pytest.mark.parametrize("rol", ["on_ander", "stuurgroep_elders"])
def test_only_the_parties_and_beheerders_enter_kpis(plan, personas, rol):
    door = personas.get(rol) or UserFactory(stuurgroep=True)  # a stuurgroep member of another organisation
    with pytest.raises(PermissionDenied):
        kpi_toevoegen(plan=plan, soort="vertraging", dagen=3, peildatum=datetime.date(2026, 1, 5), door=door)
    assert kpi_toevoegen(
        plan=plan, soort="vertraging", dagen=3, peildatum=datetime.date(2026, 1, 5), door=personas["beheerder"]
    ).pk


def test_a_kpi_is_deleted_by_its_own_organisation_or_a_beheerder(plan, personas):
    meting = kpi_toevoegen(
        plan=plan, soort="betaaltermijn", dagen=30, peildatum=datetime.date(2026, 1, 5), door=personas["on_eigen"]
    )
    for rol in ("gemeente", "on_ander"):
        with pytest.raises(PermissionDenied):
            kpi_verwijderen(meting=meting, door=personas[rol])
    collega = UserFactory(organisatie=personas["on_eigen"].organisatie)
    kpi_verwijderen(meting=meting, door=collega)
    assert not KpiMeting.objects.exists() and not Scoremaand.objects.exists()
    assert AuditEvent.objects.get(actie="kpi.verwijderd").voor["dagen"] == 30
    with pytest.raises(ValidationError, match="al verwijderd"):
        kpi_verwijderen(meting=meting, door=personas["beheerder"])


# --- Incremental equals recount ---------------------------------------------------------------------------------------


def test_incremental_rows_equal_a_full_recount_after_a_random_history(personas):
    rng = random.Random(6)
    opdrachtnemers = [OrganisatieFactory() for _ in range(3)]
    gemeenten = [OrganisatieFactory(gemeente=True) for _ in range(2)]
    plannen = [
        BeoordelingsplanFactory(opdrachtnemer=rng.choice(opdrachtnemers), project__gemeente=rng.choice(gemeenten))
        for _ in range(4)
    ]
    rondes, metingen = [], []
    for _stap in range(40):
        keuze = rng.random()
        if keuze < 0.5 or not rondes:
            waarden = [rng.choice([None, *range(1, 11)]) for _ in range(rng.randint(1, 6))]
            ronde = definitief(
                op=moment(rng.choice([2024, 2025, 2026]), rng.randint(1, 12), rng.randint(1, 28)),
                og_on=waarden,
                on_og=(rng.randint(1, 10), None),
                # Self-ratings add kring rows: covered by the equality below too.
                zelf_on=[rng.choice([None, *range(1, 11)]) for _ in range(rng.randint(1, 6))],
                zelf_og=(rng.randint(1, 10), rng.choice([None, 4])),
                plan=rng.choice(plannen),
            )
            rondes.append(ronde)
        elif keuze < 0.65:
            beoordeling = rng.choice(rondes).beoordelingen.get(richting=rng.choice([Richting.OG_ON, Richting.ON_OG]))
            if beoordeling.telt_mee:
                beoordeling.telt_mee = False
                beoordeling.save(update_fields=["telt_mee"])
                samenvatting_verwijderen(beoordeling=beoordeling)
        elif keuze < 0.85 or not metingen:
            plan = rng.choice(plannen)
            metingen.append(
                kpi_toevoegen(
                    plan=plan,
                    soort=rng.choice(KpiMeting.Soort.values),
                    dagen=rng.randint(0, 1000),
                    peildatum=datetime.date(rng.choice([2024, 2025]), rng.randint(1, 12), 1),
                    door=plan.beoordelaar_og,
                )
            )
        else:
            meting = metingen.pop(rng.randrange(len(metingen)))
            kpi_verwijderen(meting=meting, door=personas["beheerder"])
    assert Scoremaand.objects.count() > 50
    assert Scoremaand.objects.filter(organisatie__isnull=True, richting=Richting.ZELF_ON).count() > 10
    gelijk_aan_herberekening()


# --- Rebuild ---------------------------------------------------------------------------------------------------------


def test_rebuild_repairs_damaged_rows_and_the_check_reports_them(capsys):
    ronde = definitief(op=moment(2026, 5, 3), og_on=(8,))
    Scoremaand.objects.filter(organisatie=ronde.plan.opdrachtnemer, criterium_code="").update(aantal=5)
    Beoordelaarverdeling.objects.filter(beoordelaar__isnull=True).delete()

    with pytest.raises(CommandError) as fout:
        call_command("pp_herbereken", "--controleer")
    assert fout.value.returncode == 1
    uitvoer = capsys.readouterr().out
    assert "scoremaand" in uitvoer and "opgeslagen 5 /" in uitvoer and "verdeling kring og_on 8" in uitvoer

    call_command("pp_herbereken")
    assert "Herberekend uit 2 beoordeling(en) en 0 KPI-meting(en)" in capsys.readouterr().out
    call_command("pp_herbereken", "--controleer")
    assert "kloppen" in capsys.readouterr().out
    assert AuditEvent.objects.get(actie="pastperformance.samenvatting_herberekend").na["beoordelingen"] == 2
    gelijk_aan_herberekening()


# --- Two rounds definitief at the same moment -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_rounds_becoming_definitief_at_once_lose_no_count(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite laat maar één schrijver tegelijk toe; de test heeft PostgreSQL nodig (CI).")
    opdrachtnemer = OrganisatieFactory()
    rondes = []
    for waarde in (8, 6):
        ronde = onthulde_ronde(
            waarden={Richting.OG_ON: (waarde,)}, plan=BeoordelingsplanFactory(opdrachtnemer=opdrachtnemer)
        )
        ronde.status, ronde.definitief_op = Status.DEFINITIEF, moment(2026, 5, 3)
        ronde.save()
        rondes.append(ronde)
    echte_bijdragen = services._bijdragen

    def traag(**kwargs):
        # Widen the window between reading and writing: without the lock both transactions would find no row for
        # this month and both create one (the second then fails on the unique constraint).
        uitkomst = echte_bijdragen(**kwargs)
        time.sleep(0.3)
        return uitkomst

    monkeypatch.setattr(services, "_bijdragen", traag)
    samen = threading.Barrier(2, timeout=10)
    fouten = []

    def maak_definitief(ronde):
        try:
            samen.wait()
            samenvatting_toevoegen(ronde=ronde)
        except Exception as fout:  # noqa: BLE001 (reported below)
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=maak_definitief, args=(ronde,)) for ronde in rondes]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    assert not fouten, fouten
    assert rij(opdrachtnemer, Richting.OG_ON, "") == Telling(2, Decimal(14), Decimal(100))
    gelijk_aan_herberekening()
