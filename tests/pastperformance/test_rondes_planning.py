"""Plans and the planning of their rounds: hand-computed dates, idempotence, started rounds left alone, the oplevering
and the eindronde, a plan made late; plan_create and plan_update with their Dutch errors."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from pastperformance.models import Beleid, Beoordelingsplan, Beoordelingsronde
from pastperformance.services.rondes import (
    plan_create,
    plan_update,
    plus_maanden,
    rondes_plannen,
    uitvoering_volgens_project,
)
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

Soort = Beoordelingsronde.Soort
Status = Beoordelingsronde.Status
D = datetime.date


def schema(plan) -> list[tuple]:
    return [
        (r.volgnummer, r.soort, r.status, r.opent_op, r.onthulling_uiterlijk)
        for r in plan.rondes.order_by("volgnummer")
    ]


@pytest.fixture
def plan(personas):
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        beoordelaar_og=personas["gemeente"],
        beoordelaar_on=personas["on_eigen"],
        uitvoering_start=D(2026, 3, 1),
        uitvoering_eind=D(2026, 11, 30),
    )


# --- The schedule ----------------------------------------------------------------------------------------------------


def test_plus_maanden_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert plus_maanden(D(2026, 3, 1), 3) == D(2026, 6, 1)
    assert plus_maanden(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert plus_maanden(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert plus_maanden(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_start_tussentijds_every_three_months_and_eind_on_the_planned_oplevering(plan):
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    assert schema(plan) == [
        (1, Soort.START, Status.GEPLAND, D(2026, 3, 1), D(2026, 3, 15)),
        (2, Soort.TUSSENTIJDS, Status.GEPLAND, D(2026, 6, 1), D(2026, 6, 15)),
        (3, Soort.TUSSENTIJDS, Status.GEPLAND, D(2026, 9, 1), D(2026, 9, 15)),
        (4, Soort.EIND, Status.GEPLAND, D(2026, 11, 30), D(2026, 12, 14)),
    ]


def test_planning_twice_changes_nothing(plan):
    eerst = rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    ids = [r.pk for r in eerst]
    opnieuw = rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    assert [r.pk for r in opnieuw] == ids
    assert plan.rondes.count() == 4


@pytest.mark.parametrize(
    ("eind", "tussentijds"),
    [
        (D(2026, 6, 1), []),  # exactly three months: the tussentijdse would fall on the oplevering itself
        (D(2026, 6, 2), [D(2026, 6, 1)]),  # longer than three months: at least one
        (D(2026, 4, 15), []),
        (D(2027, 3, 1), [D(2026, 6, 1), D(2026, 9, 1), D(2026, 12, 1)]),
    ],
)
def test_tussentijdse_rondes_fall_strictly_before_the_oplevering(plan, eind, tussentijds):
    plan.uitvoering_eind = eind
    plan.save()
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    assert [r.opent_op for r in plan.rondes.filter(soort=Soort.TUSSENTIJDS)] == tussentijds
    assert plan.rondes.get(soort=Soort.EIND).opent_op == eind


def test_the_policy_sets_the_interval_and_the_reveal_term(plan):
    Beleid.objects.update_or_create(pk=1, defaults={"tussentijds_maanden": 4, "onthulling_dagen": 10})
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    assert schema(plan) == [
        (1, Soort.START, Status.GEPLAND, D(2026, 3, 1), D(2026, 3, 11)),
        (2, Soort.TUSSENTIJDS, Status.GEPLAND, D(2026, 7, 1), D(2026, 7, 11)),
        (3, Soort.TUSSENTIJDS, Status.GEPLAND, D(2026, 11, 1), D(2026, 11, 11)),
        (4, Soort.EIND, Status.GEPLAND, D(2026, 11, 30), D(2026, 12, 10)),
    ]


def test_started_rounds_stay_and_the_planned_ones_are_numbered_after_them(plan):
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    start = plan.rondes.get(soort=Soort.START)
    start.status = Status.DEFINITIEF
    start.save()
    eerste_tussentijds = plan.rondes.get(opent_op=D(2026, 6, 1))
    eerste_tussentijds.status = Status.OPEN
    eerste_tussentijds.save()
    # Execution runs longer: one more tussentijdse, the eindronde later.
    plan.uitvoering_eind = D(2027, 2, 15)
    plan.save()
    rondes_plannen(plan=plan, vandaag=D(2026, 6, 10))
    assert schema(plan) == [
        (1, Soort.START, Status.DEFINITIEF, D(2026, 3, 1), D(2026, 3, 15)),
        (2, Soort.TUSSENTIJDS, Status.OPEN, D(2026, 6, 1), D(2026, 6, 15)),
        (3, Soort.TUSSENTIJDS, Status.GEPLAND, D(2026, 9, 1), D(2026, 9, 15)),
        (4, Soort.TUSSENTIJDS, Status.GEPLAND, D(2026, 12, 1), D(2026, 12, 15)),
        (5, Soort.EIND, Status.GEPLAND, D(2027, 2, 15), D(2027, 3, 1)),
    ]


def test_a_lapsed_round_is_not_planned_again(plan):
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    start = plan.rondes.get(soort=Soort.START)
    start.status = Status.VERVALLEN
    start.save()
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    assert [(r.soort, r.status) for r in plan.rondes.order_by("volgnummer")] == [
        (Soort.START, Status.VERVALLEN),
        (Soort.TUSSENTIJDS, Status.GEPLAND),
        (Soort.TUSSENTIJDS, Status.GEPLAND),
        (Soort.EIND, Status.GEPLAND),
    ]


def test_a_plan_made_late_catches_up_with_one_round_not_all_missed_ones(plan):
    plan.uitvoering_start, plan.uitvoering_eind = D(2025, 1, 1), D(2027, 1, 1)
    plan.save()
    rondes_plannen(plan=plan, vandaag=D(2025, 11, 15))
    assert [(r.soort, r.opent_op) for r in plan.rondes.order_by("volgnummer")] == [
        (Soort.TUSSENTIJDS, D(2025, 10, 1)),  # the latest of the missed ones: the sweep opens it tomorrow
        (Soort.TUSSENTIJDS, D(2026, 1, 1)),
        (Soort.TUSSENTIJDS, D(2026, 4, 1)),
        (Soort.TUSSENTIJDS, D(2026, 7, 1)),
        (Soort.TUSSENTIJDS, D(2026, 10, 1)),
        (Soort.EIND, D(2027, 1, 1)),
    ]
    # Once the catch-up round opened, the missed dates before it are not planned again.
    inhaal = plan.rondes.get(volgnummer=1)
    inhaal.status = Status.OPEN
    inhaal.save()
    rondes_plannen(plan=plan, vandaag=D(2025, 11, 16))
    assert plan.rondes.count() == 6 and plan.rondes.filter(status=Status.GEPLAND).count() == 5


def test_recording_the_oplevering_plans_the_eindronde_from_that_day_within_its_term(plan):
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    plan.rondes.filter(opent_op__lte=D(2026, 6, 1)).update(status=Status.DEFINITIEF)
    plan.opgeleverd_op = D(2026, 8, 20)  # early: the tussentijdse of 1 September is no longer needed
    plan.save()
    rondes_plannen(plan=plan, vandaag=D(2026, 8, 25))
    assert [(r.soort, r.opent_op, r.onthulling_uiterlijk) for r in plan.rondes.order_by("volgnummer")] == [
        (Soort.START, D(2026, 3, 1), D(2026, 3, 15)),
        (Soort.TUSSENTIJDS, D(2026, 6, 1), D(2026, 6, 15)),
        # Recorded five days late: opens today, done 28 days after the oplevering (not 14 days from today).
        (Soort.EIND, D(2026, 8, 25), D(2026, 9, 8)),
    ]
    rondes_plannen(plan=plan, vandaag=D(2026, 9, 10))
    assert plan.rondes.get(soort=Soort.EIND).onthulling_uiterlijk == D(2026, 9, 17)  # 20 August + 28 days


def test_once_the_oplevering_is_recorded_missed_rounds_give_way_to_the_eindronde(plan):
    plan.opgeleverd_op = D(2026, 11, 1)
    plan.save()
    rondes_plannen(plan=plan, vandaag=D(2026, 11, 3))
    assert [(r.soort, r.opent_op) for r in plan.rondes.all()] == [(Soort.EIND, D(2026, 11, 3))]


def test_nothing_is_planned_after_the_eindronde_started(plan):
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    plan.rondes.exclude(soort=Soort.EIND).update(status=Status.DEFINITIEF)
    plan.rondes.filter(soort=Soort.EIND).update(status=Status.OPEN)
    plan.uitvoering_eind = D(2027, 6, 1)
    plan.save()
    rondes_plannen(plan=plan, vandaag=D(2026, 12, 1))
    assert plan.rondes.count() == 4 and not plan.rondes.filter(status=Status.GEPLAND).exists()


# --- plan_create -----------------------------------------------------------------------------------------------------


@pytest.fixture
def project(personas):
    project = ProjectFactory(
        gemeente=personas["gemeente"].organisatie, fase="uitvoering", start_kwartaal=D(2027, 1, 1), duur_maanden=9
    )
    project.opdrachtnemers.add(personas["on_eigen"].organisatie)
    return project


def maak(project, personas, **anders):
    gegevens = {
        "project": project,
        "opdrachtnemer": personas["on_eigen"].organisatie,
        "beoordelaar_og": personas["gemeente"],
        "beoordelaar_on": personas["on_eigen"],
        "door": personas["gemeente"],
    }
    return plan_create(**(gegevens | anders))


def test_the_execution_dates_come_from_the_project_planning(project):
    assert uitvoering_volgens_project(project) == (D(2027, 1, 1), D(2027, 9, 30))
    project.duur_maanden = None
    assert uitvoering_volgens_project(project) == (D(2027, 1, 1), None)


def test_plan_create_takes_the_project_dates_plans_the_rounds_and_is_audited(project, personas):
    plan = maak(project, personas)
    assert (plan.uitvoering_start, plan.uitvoering_eind) == (D(2027, 1, 1), D(2027, 9, 30))
    assert plan.aangemaakt_door == personas["gemeente"]
    assert [(r.soort, r.opent_op) for r in plan.rondes.all()] == [
        (Soort.START, D(2027, 1, 1)),
        (Soort.TUSSENTIJDS, D(2027, 4, 1)),
        (Soort.TUSSENTIJDS, D(2027, 7, 1)),
        (Soort.EIND, D(2027, 9, 30)),
    ]
    event = AuditEvent.objects.get(actie="pastperformance.plan.aangemaakt")
    assert event.actor == personas["gemeente"] and event.object_id == str(plan.pk)
    assert event.na["rondes"] == [
        "start 2027-01-01",
        "tussentijds 2027-04-01",
        "tussentijds 2027-07-01",
        "eind 2027-09-30",
    ]


def test_a_beheerder_makes_a_plan_for_any_gemeente_with_own_dates(project, personas):
    plan = maak(
        project, personas, door=personas["beheerder"], uitvoering_start=D(2027, 2, 1), uitvoering_eind=D(2027, 3, 31)
    )
    assert [r.soort for r in plan.rondes.all()] == [Soort.START, Soort.EIND]


@pytest.mark.parametrize("rol", ["on_eigen", "on_ander"])
def test_contractors_make_no_plans(project, personas, rol):
    with pytest.raises(PermissionDenied):
        maak(project, personas, door=personas[rol])


def test_staff_of_another_gemeente_make_no_plan_for_this_project(project, personas):
    with pytest.raises(PermissionDenied):
        maak(project, personas, door=UserFactory(organisatie=OrganisatieFactory(gemeente=True)))


def bad_input(project, personas, **anders) -> dict:
    with pytest.raises(ValidationError) as fout:
        maak(project, personas, **anders)
    assert not Beoordelingsplan.objects.exists() and not Beoordelingsronde.objects.exists()
    assert not AuditEvent.objects.filter(actie__startswith="pastperformance.plan").exists()
    return fout.value.message_dict if hasattr(fout.value, "error_dict") else {"__all__": fout.value.messages}


def test_a_contractor_of_the_plan_cannot_rate_for_the_gemeente(project, personas):
    collega = UserFactory(naam="Piet Aannemer", organisatie=personas["on_eigen"].organisatie)
    fouten = bad_input(project, personas, beoordelaar_og=collega)
    assert fouten == {
        "beoordelaar_og": [
            "Piet Aannemer werkt bij Grondwerk Zwijndrecht Test B.V. en kan niet namens de gemeente beoordelen: dan "
            "beoordeelt de opdrachtnemer zichzelf als de andere partij. Kies een medewerker van Gemeente Dordrecht "
            "(test)."
        ]
    }


def test_gemeente_staff_cannot_rate_for_the_contractor(project, personas):
    fouten = bad_input(project, personas, beoordelaar_on=personas["stuurgroep"])
    assert fouten["beoordelaar_on"][0].startswith("Stuurgroep Lid werkt bij Gemeente Dordrecht (test) en kan niet")


@pytest.mark.parametrize(
    ("veld", "persoon"),
    [
        ("beoordelaar_og", lambda p: UserFactory(organisatie=OrganisatieFactory(gemeente=True))),
        ("beoordelaar_og", lambda p: UserFactory(organisatie=p["gemeente"].organisatie, aangevraagd=True)),
        ("beoordelaar_on", lambda p: p["on_ander"]),
        ("beoordelaar_on", lambda p: UserFactory(organisatie=p["on_eigen"].organisatie, status="geblokkeerd")),
    ],
)
def test_raters_are_active_staff_of_their_own_side(project, personas, veld, persoon):
    fouten = bad_input(project, personas, **{veld: persoon(personas)})
    organisatie = "Gemeente Dordrecht (test)" if veld == "beoordelaar_og" else "Grondwerk Zwijndrecht Test B.V."
    assert fouten == {veld: [f"Kies een actieve medewerker van {organisatie}."]}


def test_the_end_cannot_come_before_the_start(project, personas):
    fouten = bad_input(project, personas, uitvoering_start=D(2027, 5, 1), uitvoering_eind=D(2027, 4, 1))
    assert fouten == {
        "uitvoering_eind": [
            "De geplande oplevering (1 april 2027) ligt vóór de start van de uitvoering (1 mei 2027). Kies een latere "
            "datum."
        ]
    }


def test_only_for_a_contractor_the_project_is_awarded_to(project, personas):
    fouten = bad_input(
        project, personas, opdrachtnemer=personas["on_ander"].organisatie, beoordelaar_on=personas["on_ander"]
    )
    assert fouten["opdrachtnemer"] == [
        f"{project.naam} is niet gegund aan Wegenbouw Papendrecht Test B.V.: leg eerst de gunning vast op het project."
    ]


def test_only_once_per_contractor_and_project(project, personas):
    maak(project, personas)
    with pytest.raises(ValidationError) as fout:
        maak(project, personas)
    assert fout.value.message_dict == {
        "opdrachtnemer": ["Voor Grondwerk Zwijndrecht Test B.V. is op dit project al een beoordelingsplan."]
    }
    assert Beoordelingsplan.objects.count() == 1


def test_not_before_the_tender(project, personas):
    project.fase = "voorbereiding"
    project.save()
    fouten = bad_input(project, personas)
    assert fouten == {
        "__all__": [
            "Een beoordelingsplan hoort bij gegund werk: maak het vanaf de fase aanbesteding. Dit project is nog in "
            "fase voorbereiding."
        ]
    }


def test_dates_are_needed_when_the_project_has_none(project, personas):
    project.start_kwartaal = None
    project.save()
    fouten = bad_input(project, personas)
    assert set(fouten) == {"uitvoering_start", "uitvoering_eind"}


# --- plan_update -----------------------------------------------------------------------------------------------------


def test_plan_update_replans_and_audits_what_changed(plan, personas):
    rondes_plannen(plan=plan, vandaag=D(2026, 2, 1))
    nieuwe_collega = UserFactory(organisatie=personas["on_eigen"].organisatie)
    plan_update(
        plan=plan,
        gegevens={"beoordelaar_on": nieuwe_collega, "uitvoering_eind": D(2026, 12, 15)},
        door=personas["gemeente"],
    )
    plan.refresh_from_db()
    assert plan.beoordelaar_on == nieuwe_collega
    assert plan.rondes.get(soort=Soort.EIND).opent_op == D(2026, 12, 15)
    event = AuditEvent.objects.get(actie="pastperformance.plan.gewijzigd")
    assert event.voor == {"beoordelaar_on": "Opdrachtnemer Eigen", "uitvoering_eind": "2026-11-30"}
    assert event.na["beoordelaar_on"] == nieuwe_collega.naam and event.na["uitvoering_eind"] == "2026-12-15"


def test_plan_update_without_changes_writes_nothing(plan, personas):
    plan_update(plan=plan, gegevens={"uitvoering_start": plan.uitvoering_start}, door=personas["gemeente"])
    assert not AuditEvent.objects.exists()


def test_the_oplevering_is_not_in_the_future_nor_before_the_start(plan, personas):
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    for datum, tekst in [
        (morgen, "Vul de datum in waarop het werk is opgeleverd: vandaag of eerder."),
        (D(2026, 2, 1), "Het werk kan niet zijn opgeleverd vóór de start van de uitvoering (1 maart 2026)."),
    ]:
        with pytest.raises(ValidationError) as fout:
            plan_update(plan=plan, gegevens={"opgeleverd_op": datum}, door=personas["gemeente"])
        assert fout.value.message_dict == {"opgeleverd_op": [tekst]}
    plan.refresh_from_db()
    assert plan.opgeleverd_op is None and not AuditEvent.objects.exists()


@pytest.mark.parametrize("rol", ["on_eigen", "on_ander"])
def test_only_the_gemeente_and_beheerders_change_a_plan(plan, personas, rol):
    with pytest.raises(PermissionDenied):
        plan_update(plan=plan, gegevens={"uitvoering_eind": D(2027, 1, 1)}, door=personas[rol])
    plan_update(plan=plan, gegevens={"uitvoering_eind": D(2027, 1, 1)}, door=personas["beheerder"])
