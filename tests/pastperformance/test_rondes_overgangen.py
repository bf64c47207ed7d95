"""The status flow of a round up to the reveal: every allowed and forbidden transition of Beoordelingsronde.OVERGANGEN
through the services (Dutch errors, nothing changed), opening (four ratings on the vastgestelde questionnaires, who and
how early), the reveal (only when ready, idempotent), letting a round lapse, and the daily sweep and its task."""

import datetime
import itertools

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone

import pytest

from kring.models import AuditEvent
from pastperformance import tasks
from pastperformance.models import Beoordeling, Beoordelingsronde, Richting, Vragenlijst
from pastperformance.services.overgangen import controleer_overgang
from pastperformance.services.rondes import (
    is_klaar_voor_onthulling,
    ronde_onthul,
    ronde_open,
    ronde_vervallen,
    rondes_bijwerken,
)
from tests.factories import (
    BeoordelingsplanFactory,
    BeoordelingsrondeFactory,
    UserFactory,
    onthulde_ronde,
    open_ronde,
    vul_in,
)

pytestmark = pytest.mark.django_db

Status = Beoordelingsronde.Status
Soort = Beoordelingsronde.Soort
VANDAAG = timezone.localdate()
DAG = datetime.timedelta(days=1)


def datum(dag: datetime.date) -> str:
    return formats.date_format(dag, "j F Y")


@pytest.fixture
def plan(personas):
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        beoordelaar_og=personas["gemeente"],
        beoordelaar_on=personas["on_eigen"],
    )


def ronde_met_status(plan, status: str) -> Beoordelingsronde:
    """A round of `plan` as it would be in `status`, with its four ratings from `open` on."""
    if status == Status.GEPLAND:
        return BeoordelingsrondeFactory(plan=plan)
    if status == Status.VERVALLEN:
        return BeoordelingsrondeFactory(plan=plan, status=status, vervallen_reden="Project stilgelegd.")
    if status == Status.OPEN:
        return open_ronde(plan=plan)
    ronde = onthulde_ronde(plan=plan)
    if status in (Status.BESPROKEN, Status.DEFINITIEF):
        ronde.status = status
        ronde.definitief_op = timezone.now() if status == Status.DEFINITIEF else None
        ronde.save()
    return ronde


def stand(ronde) -> tuple:
    ronde.refresh_from_db()
    return (
        ronde.status,
        ronde.geopend_op,
        ronde.onthuld_op,
        ronde.onthulling_uiterlijk,
        ronde.reactie_tot,
        ronde.vervallen_reden,
        ronde.beoordelingen.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(("van", "naar"), list(itertools.product(Status.values, Status.values)))
def test_the_transition_table_is_the_rule(van, naar):
    ronde = Beoordelingsronde(status=van)
    if naar in Beoordelingsronde.OVERGANGEN[van]:
        controleer_overgang(ronde, naar)
    else:
        with pytest.raises(ValidationError) as fout:
            controleer_overgang(ronde, naar)
        assert fout.value.messages == [
            f"Een ronde met status ‘{Status(van).label.lower()}’ kan niet naar ‘{Status(naar).label.lower()}’."
        ]


def doe(naar, ronde, personas):
    """The service that moves a round to `naar` (this part's services: open, onthuld, vervallen)."""
    if naar == Status.OPEN:
        return ronde_open(ronde=ronde, door=personas["gemeente"])
    if naar == Status.ONTHULD:
        return ronde_onthul(ronde=ronde, vandaag=ronde.onthulling_uiterlijk)
    return ronde_vervallen(ronde=ronde, reden="Het project is stilgelegd.", door=personas["gemeente"])


@pytest.mark.parametrize(
    ("van", "naar"), list(itertools.product(Status.values, [Status.OPEN, Status.ONTHULD, Status.VERVALLEN]))
)
def test_every_transition_through_the_services(plan, personas, van, naar):
    ronde = ronde_met_status(plan, van)
    voor = stand(ronde)
    if naar in Beoordelingsronde.OVERGANGEN[van]:
        doe(naar, ronde, personas)
        assert stand(ronde)[0] == naar
        assert AuditEvent.objects.count() == voor[-1] + 1
    elif naar == Status.ONTHULD and Beoordelingsronde(status=van).is_onthuld:
        # Revealed already (the last rating and the sweep may both ask): returned as it is, no error.
        doe(naar, ronde, personas)
        assert stand(ronde) == voor
    else:
        with pytest.raises(ValidationError) as fout:
            doe(naar, ronde, personas)
        assert fout.value.messages == [
            f"Een ronde met status ‘{Status(van).label.lower()}’ kan niet naar ‘{Status(naar).label.lower()}’."
        ]
        assert stand(ronde) == voor


# --- Opening ---------------------------------------------------------------------------------------------------------


def test_opening_creates_four_ratings_on_the_current_questionnaires_that_stay_with_the_round(plan, personas):
    ronde = BeoordelingsrondeFactory(plan=plan, opent_op=VANDAAG)
    ronde_open(ronde=ronde, door=personas["on_eigen"])
    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN and ronde.geopend_op is not None
    assert ronde.onthulling_uiterlijk == VANDAAG + datetime.timedelta(days=14)
    gemeente, opdrachtnemer = plan.project.gemeente, plan.opdrachtnemer
    assert {
        (b.richting, b.beoordelaar_organisatie, b.beoordeelde_organisatie, b.vragenlijst.status, b.ingediend_op)
        for b in ronde.beoordelingen.all()
    } == {
        (Richting.OG_ON, gemeente, opdrachtnemer, "vastgesteld", None),
        (Richting.ON_OG, opdrachtnemer, gemeente, "vastgesteld", None),
        (Richting.ZELF_OG, gemeente, gemeente, "vastgesteld", None),
        (Richting.ZELF_ON, opdrachtnemer, opdrachtnemer, "vastgesteld", None),
    }
    oud = Vragenlijst.objects.get(richting=Richting.OG_ON, status="vastgesteld")
    # A beheerder replaces the questionnaire: the round keeps the version it started with.
    oud.status = "vervangen"
    oud.save()
    Vragenlijst.objects.create(richting=Richting.OG_ON, versie=oud.versie + 1, naam="Nieuw", status="vastgesteld")
    assert ronde.beoordelingen.get(richting=Richting.OG_ON).vragenlijst == oud
    event = AuditEvent.objects.get(actie="pastperformance.ronde.geopend")
    assert event.actor == personas["on_eigen"] and event.voor == {
        "status": "gepland",
        "onthulling_uiterlijk": str(ronde.onthulling_uiterlijk),
    }


@pytest.mark.parametrize("dagen", [-10, 14])  # late (the sweep catching up) and two weeks early by hand
def test_opened_on_another_day_the_reveal_counts_from_today(plan, personas, dagen):
    ronde = BeoordelingsrondeFactory(
        plan=plan, opent_op=VANDAAG + dagen * DAG, onthulling_uiterlijk=VANDAAG + (dagen + 14) * DAG
    )
    ronde_open(ronde=ronde, door=personas["gemeente"])
    ronde.refresh_from_db()
    assert ronde.onthulling_uiterlijk == VANDAAG + 14 * DAG
    assert ronde.opent_op == VANDAAG + dagen * DAG  # the planned day stays: the planning covers it


def test_not_earlier_than_two_weeks_before_the_planned_day(plan, personas):
    ronde = BeoordelingsrondeFactory(plan=plan, opent_op=VANDAAG + 15 * DAG, onthulling_uiterlijk=VANDAAG + 29 * DAG)
    voor = stand(ronde)
    with pytest.raises(ValidationError) as fout:
        ronde_open(ronde=ronde, door=personas["gemeente"])
    assert fout.value.messages == [
        f"Deze ronde staat gepland op {datum(VANDAAG + 15 * DAG)} en kan vanaf {datum(VANDAAG + DAG)} worden geopend."
    ]
    assert stand(ronde) == voor


def test_an_eindronde_opens_once_the_oplevering_is_recorded(plan, personas):
    ronde = BeoordelingsrondeFactory(plan=plan, soort=Soort.EIND)
    with pytest.raises(ValidationError) as fout:
        ronde_open(ronde=ronde, door=personas["gemeente"])
    assert "Leg eerst de datum van oplevering vast" in fout.value.messages[0]
    plan.opgeleverd_op = VANDAAG - 20 * DAG
    plan.save()
    ronde_open(ronde=ronde, door=personas["gemeente"])
    ronde.refresh_from_db()
    assert ronde.onthulling_uiterlijk == VANDAAG + 8 * DAG  # 28 days after the oplevering, not 14 from today


def test_a_missing_questionnaire_is_named_and_nothing_opens(plan, personas):
    Vragenlijst.objects.filter(richting=Richting.ZELF_ON).update(status="vervangen")
    ronde = BeoordelingsrondeFactory(plan=plan)
    voor = stand(ronde)
    with pytest.raises(ValidationError) as fout:
        ronde_open(ronde=ronde, door=personas["gemeente"])
    assert fout.value.messages == [
        "Er is geen vastgestelde vragenlijst voor: zelfbeoordeling opdrachtnemer. Een beheerder stelt die eerst vast."
    ]
    assert stand(ronde) == voor


def test_who_opens_a_round_by_hand(plan, personas):
    for rol in ["on_ander", "stuurgroep_elders", "collega"]:
        persoon = {
            "on_ander": personas["on_ander"],
            "stuurgroep_elders": UserFactory(stuurgroep=True),
            "collega": UserFactory(organisatie=plan.opdrachtnemer),  # not the contractor's rater
        }[rol]
        with pytest.raises(PermissionDenied):
            ronde_open(ronde=BeoordelingsrondeFactory(plan=plan), door=persoon)
    for persoon in [personas["on_eigen"], personas["gemeente"], personas["stuurgroep"], personas["beheerder"]]:
        ronde_open(ronde=BeoordelingsrondeFactory(plan=plan), door=persoon)


# --- The reveal ------------------------------------------------------------------------------------------------------


def test_the_reveal_waits_for_all_four_ratings_or_the_reveal_date(plan):
    ronde = open_ronde(plan=plan)
    for beoordeling in ronde.beoordelingen.exclude(richting=Richting.ZELF_ON):
        vul_in(beoordeling)
    voor = stand(ronde)
    assert not is_klaar_voor_onthulling(ronde)
    with pytest.raises(ValidationError) as fout:
        ronde_onthul(ronde=ronde)
    assert fout.value.messages[0].startswith("De ronde wordt onthuld als alle vier beoordelingen zijn ingediend")
    assert stand(ronde) == voor
    vul_in(ronde.beoordelingen.get(richting=Richting.ZELF_ON))
    assert is_klaar_voor_onthulling(ronde)
    ronde_onthul(ronde=ronde)
    ronde.refresh_from_db()
    assert ronde.status == Status.ONTHULD and ronde.onthuld_op is not None
    assert ronde.reactie_tot == VANDAAG + 14 * DAG
    event = AuditEvent.objects.get(actie="pastperformance.ronde.onthuld")
    assert event.actor is None and event.actor_omschrijving == "Automatisch (past performance)"
    assert event.na == {"status": "onthuld", "reactie_tot": str(VANDAAG + 14 * DAG)}


def test_on_the_reveal_date_the_round_is_revealed_with_what_is_in(plan):
    ronde = open_ronde(plan=plan)
    vul_in(ronde.beoordelingen.get(richting=Richting.OG_ON))
    ronde_onthul(ronde=ronde, vandaag=ronde.onthulling_uiterlijk)
    ronde.refresh_from_db()
    assert ronde.status == Status.ONTHULD
    assert ronde.reactie_tot == ronde.onthulling_uiterlijk + 14 * DAG


# --- Vervallen -------------------------------------------------------------------------------------------------------


def test_a_round_lapses_with_a_reason_by_whoever_manages_the_plan(plan, personas):
    ronde = open_ronde(plan=plan)
    with pytest.raises(PermissionDenied):
        ronde_vervallen(ronde=ronde, reden="Geen zin meer.", door=personas["on_eigen"])
    for reden, tekst in [
        ("  ", "Geef een reden: waarom is deze ronde niet meer nodig?"),
        ("x" * 301, "Houd de reden kort: hoogstens 300 tekens."),
    ]:
        voor = stand(ronde)
        with pytest.raises(ValidationError) as fout:
            ronde_vervallen(ronde=ronde, reden=reden, door=personas["gemeente"])
        assert fout.value.message_dict == {"reden": [tekst]}
        assert stand(ronde) == voor
    ronde_vervallen(ronde=ronde, reden=" Project stilgelegd. ", door=personas["beheerder"])
    ronde.refresh_from_db()
    assert (ronde.status, ronde.vervallen_reden) == (Status.VERVALLEN, "Project stilgelegd.")
    assert AuditEvent.objects.get(actie="pastperformance.ronde.vervallen").na == {
        "status": "vervallen",
        "vervallen_reden": "Project stilgelegd.",
    }


# --- The daily sweep -------------------------------------------------------------------------------------------------


def test_the_sweep_opens_due_rounds_and_reveals_ready_ones_once(plan):
    vandaag = VANDAAG
    vandaag_gepland = BeoordelingsrondeFactory(plan=plan, opent_op=vandaag)
    gemist = BeoordelingsrondeFactory(plan=plan, opent_op=vandaag - 3 * DAG, onthulling_uiterlijk=vandaag + 11 * DAG)
    morgen = BeoordelingsrondeFactory(plan=plan, opent_op=vandaag + DAG)
    eind_niet_opgeleverd = BeoordelingsrondeFactory(plan=plan, soort=Soort.EIND, opent_op=vandaag - DAG)
    termijn_om = open_ronde(plan=plan, onthulling_uiterlijk=vandaag, opent_op=vandaag - 14 * DAG)
    alles_binnen = open_ronde(plan=plan)
    for beoordeling in alles_binnen.beoordelingen.all():
        vul_in(beoordeling)
    nog_niet = open_ronde(plan=plan)

    assert rondes_bijwerken(vandaag=vandaag) == {"geopend": 2, "onthuld": 2, "mislukt": 0}
    statussen = {
        ronde: Beoordelingsronde.objects.get(pk=ronde.pk).status
        for ronde in [vandaag_gepland, gemist, morgen, eind_niet_opgeleverd, termijn_om, alles_binnen, nog_niet]
    }
    assert statussen == {
        vandaag_gepland: Status.OPEN,
        gemist: Status.OPEN,
        morgen: Status.GEPLAND,
        eind_niet_opgeleverd: Status.GEPLAND,
        termijn_om: Status.ONTHULD,
        alles_binnen: Status.ONTHULD,
        nog_niet: Status.OPEN,
    }
    assert Beoordeling.objects.filter(ronde__in=[vandaag_gepland, gemist]).count() == 8
    assert rondes_bijwerken(vandaag=vandaag) == {"geopend": 0, "onthuld": 0, "mislukt": 0}


def test_a_round_that_cannot_open_does_not_hold_up_the_others(plan, caplog):
    termijn_om = open_ronde(plan=plan, onthulling_uiterlijk=VANDAAG)
    Vragenlijst.objects.filter(richting=Richting.ZELF_OG).update(status="vervangen")
    BeoordelingsrondeFactory(plan=plan, opent_op=VANDAAG)
    assert rondes_bijwerken() == {"geopend": 0, "onthuld": 1, "mislukt": 1}
    assert "niet geopend" in caplog.text
    termijn_om.refresh_from_db()
    assert termijn_om.status == Status.ONTHULD


def test_the_task_runs_the_sweep(plan):
    ronde = BeoordelingsrondeFactory(plan=plan, opent_op=VANDAAG)
    tasks.rondes_bijwerken.delay()
    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN
