"""Finding koppelkansen: the windows, the tolerance, the groups (projecten/koppelkansen.py) and the service that keeps the
stored koppelkansen in line with them, run after an edit, daily and by hand."""

import datetime
import io
import random

from django.core.management import call_command

import pytest

from kring.models import AuditEvent
from projecten import tasks
from projecten.koppelkansen import (
    Item,
    Venster,
    combineerbaar,
    groepen,
    maanden_plus,
    project_venster,
)
from projecten.kwartalen import kwartaal_plus
from projecten.models import Koppelkans
from projecten.services.gebieden import koppelkans_decide, koppelkansen_detect, opgave_update
from projecten.services.projecten import project_update
from tests.factories import GebiedFactory, OpgaveFactory, ProjectFactory, UserFactory

D = datetime.date


def opgave(pk: int, van: datetime.date, tot: datetime.date, gebied: int = 1) -> Item:
    return Item("opgave", pk, gebied, Venster(van, tot))


# --- Windows and tolerance -------------------------------------------------------------------------------------------


def test_maanden_plus_keeps_the_day_or_the_months_last():
    assert maanden_plus(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert maanden_plus(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert maanden_plus(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert maanden_plus(D(2026, 8, 31), -6) == D(2026, 2, 28)


def test_project_window_runs_from_tender_to_end_of_execution():
    assert project_venster(
        aanbesteding_kwartaal=D(2027, 1, 1), start_kwartaal=D(2027, 4, 1), duur_maanden=6
    ) == Venster(D(2027, 1, 1), D(2027, 9, 30))
    # Without a start or a duration: the tender quarter itself.
    assert project_venster(aanbesteding_kwartaal=D(2027, 1, 1), start_kwartaal=None, duur_maanden=None) == Venster(
        D(2027, 1, 1), D(2027, 3, 31)
    )
    # Only a start quarter.
    assert project_venster(aanbesteding_kwartaal=None, start_kwartaal=D(2027, 7, 1), duur_maanden=12) == Venster(
        D(2027, 7, 1), D(2028, 6, 30)
    )
    assert project_venster(aanbesteding_kwartaal=None, start_kwartaal=None, duur_maanden=6) is None


def test_project_window_widens_with_the_quarters_it_may_move():
    venster = project_venster(
        aanbesteding_kwartaal=D(2027, 1, 1),
        start_kwartaal=D(2027, 4, 1),
        duur_maanden=6,
        verschuifbaar_vanaf=D(2026, 10, 1),
        verschuifbaar_tot=D(2027, 7, 1),
    )
    # Earlier by one quarter at the front; two quarters later tender moves the execution's end two quarters.
    assert venster == Venster(D(2026, 10, 1), D(2028, 3, 31))


@pytest.mark.parametrize(
    ("start_b", "tolerantie", "verwacht"),
    [
        (D(2026, 5, 1), 0, True),  # overlap
        (D(2026, 7, 1), 0, True),  # the next day: adjacent
        (D(2026, 7, 2), 0, False),
        (D(2027, 1, 1), 6, True),  # July to December free: exactly six months apart
        (D(2027, 1, 2), 6, False),  # a day more
        (D(2027, 1, 1), 5, False),
    ],
)
def test_tolerance_boundary(start_b, tolerantie, verwacht):
    a = Venster(D(2026, 1, 1), D(2026, 6, 30))
    b = Venster(start_b, D(2027, 12, 31))
    assert combineerbaar(a, b, tolerantie) is verwacht
    assert combineerbaar(b, a, tolerantie) is verwacht
    assert bool(groepen([opgave(1, a.van, a.tot), opgave(2, b.van, b.tot)], tolerantie_maanden=tolerantie)) is verwacht


# --- Groups ----------------------------------------------------------------------------------------------------------


def test_items_linked_through_others_form_one_group_and_a_gap_splits():
    items = [
        opgave(1, D(2026, 1, 1), D(2026, 6, 30)),
        opgave(2, D(2026, 5, 1), D(2026, 12, 31)),
        opgave(3, D(2027, 5, 1), D(2027, 8, 31)),  # four months after 2: linked through it, not to 1 directly
        opgave(4, D(2029, 1, 1), D(2029, 12, 31)),  # alone: no koppelkans
        opgave(5, D(2026, 1, 1), D(2026, 12, 31), gebied=2),  # another gebied, alone there
    ]
    (groep,) = groepen(items, tolerantie_maanden=6)
    assert groep.gebied_id == 1 and groep.opgaven == [1, 2, 3] and groep.projecten == []
    assert (groep.van, groep.tot) == (D(2026, 1, 1), D(2027, 8, 31))
    assert groepen(items, tolerantie_maanden=3)[0].opgaven == [1, 2]


def test_the_same_window_in_two_gebieden_is_no_koppelkans():
    items = [opgave(1, D(2026, 1, 1), D(2026, 12, 31), gebied=1), opgave(2, D(2026, 1, 1), D(2026, 12, 31), gebied=2)]
    assert groepen(items, tolerantie_maanden=6) == []


def test_groups_are_deterministic_and_their_key_depends_on_the_members_only():
    rng = random.Random(5)
    items = []
    for pk in range(60):
        van = D(2026, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1800))
        items.append(
            Item(
                rng.choice(["project", "opgave"]),
                pk,
                rng.randrange(1, 4),
                Venster(van, van + datetime.timedelta(days=rng.randrange(30, 400))),
            )
        )
    eerst = groepen(items, tolerantie_maanden=2)
    rng.shuffle(items)
    assert groepen(items, tolerantie_maanden=2) == eerst
    # Every item in at most one group, and every pair in a group within reach of some other member.
    leden = [(item.soort, item.pk) for groep in eerst for item in groep.items]
    assert len(leden) == len(set(leden))
    for groep in eerst:
        for item in groep.items:
            assert any(combineerbaar(item.venster, ander.venster, 2) for ander in groep.items if ander != item)
    verschoven = [Item(i.soort, i.pk, i.gebied_id, Venster(i.venster.van, i.venster.tot)) for i in eerst[0].items]
    assert groepen(verschoven, tolerantie_maanden=2)[0].sleutel == eerst[0].sleutel


# --- Detection in the database ---------------------------------------------------------------------------------------


@pytest.fixture
def gebied(db):
    return GebiedFactory(naam="Wielwijk")


@pytest.fixture
def staf(gebied):
    return UserFactory(organisatie=gebied.gemeente)


@pytest.fixture
def paar(gebied):
    """A project (tender next quarter, six months of work from the quarter after) and an opgave overlapping it."""
    project = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied)
    riool = OpgaveFactory(gebied=gebied, venster_van=project.start_kwartaal, venster_tot=project.start_kwartaal)
    return project, riool


def test_same_area_overlap_gives_one_koppelkans(paar, gebied):
    project, riool = paar
    samenvatting = koppelkansen_detect()
    koppelkans = Koppelkans.objects.get()
    assert (samenvatting.nieuw, koppelkans.gebied, koppelkans.status) == (1, gebied, "open")
    assert list(koppelkans.projecten.all()) == [project] and list(koppelkans.opgaven.all()) == [riool]
    assert koppelkans.periode_van == project.aanbesteding_kwartaal
    assert AuditEvent.objects.get(actie="koppelkans.gevonden").object_id == str(koppelkans.pk)


def test_another_area_gives_none(paar, gebied):
    project, riool = paar
    riool.gebied = GebiedFactory(gemeente=gebied.gemeente, naam="Crabbehof")
    riool.save()
    assert koppelkansen_detect().nieuw == 0
    assert not Koppelkans.objects.exists()


def test_tolerance_comes_from_the_settings(settings, gebied):
    OpgaveFactory(gebied=gebied, venster_van=D(2030, 1, 1), venster_tot=D(2030, 6, 30))
    OpgaveFactory(gebied=gebied, venster_van=D(2030, 10, 1), venster_tot=D(2030, 12, 31))  # three months later
    settings.KOPPELKANS_TOLERANTIE_MAANDEN = 2
    assert koppelkansen_detect().nieuw == 0
    settings.KOPPELKANS_TOLERANTIE_MAANDEN = 3
    assert koppelkansen_detect().nieuw == 1


def test_running_twice_creates_nothing_new(paar):
    koppelkansen_detect()
    gebeurtenissen = AuditEvent.objects.count()
    samenvatting = koppelkansen_detect()
    assert (samenvatting.nieuw, samenvatting.ongewijzigd, samenvatting.bijgewerkt) == (0, 1, 0)
    assert Koppelkans.objects.count() == 1 and AuditEvent.objects.count() == gebeurtenissen


def test_finished_projects_and_opgaven_taken_up_in_a_project_are_left_out(paar, gebied):
    project, riool = paar
    project.fase = "nazorg"
    project.save()
    assert koppelkansen_detect().nieuw == 0
    project.fase = "uitvoering"
    project.save()
    riool.project = project
    riool.save()
    assert koppelkansen_detect().nieuw == 0


def test_a_growing_chance_keeps_its_koppelkans(paar, gebied):
    project, riool = paar
    koppelkansen_detect()
    koppelkans = Koppelkans.objects.get()
    groen = OpgaveFactory(gebied=gebied, thema="groen", venster_van=riool.venster_van, venster_tot=riool.venster_tot)
    samenvatting = koppelkansen_detect()
    assert (samenvatting.nieuw, samenvatting.bijgewerkt) == (0, 1)
    koppelkans.refresh_from_db()
    assert set(koppelkans.opgaven.all()) == {riool, groen} and Koppelkans.objects.count() == 1


def test_a_chance_that_went_away_disappears_unless_decided(paar, gebied, staf):
    project, riool = paar
    koppelkansen_detect()
    riool.venster_van, riool.venster_tot = D(2040, 1, 1), D(2040, 12, 31)
    riool.save()
    samenvatting = koppelkansen_detect()
    assert (samenvatting.vervallen, Koppelkans.objects.count()) == (1, 0)
    assert AuditEvent.objects.filter(actie="koppelkans.vervallen").count() == 1

    riool.venster_van = riool.venster_tot = project.start_kwartaal
    riool.save()
    koppelkansen_detect()
    koppelkans_decide(
        koppelkans=Koppelkans.objects.get(), besluit="gebundeld", reden="Samen in één bestek.", door=staf
    )
    riool.venster_van, riool.venster_tot = D(2040, 1, 1), D(2040, 12, 31)
    riool.save()
    samenvatting = koppelkansen_detect()
    assert (samenvatting.behouden, samenvatting.vervallen) == (1, 0)
    assert Koppelkans.objects.get().status == "gebundeld"


def test_a_decision_is_not_undone_by_detection(paar, staf):
    koppelkansen_detect()
    koppelkans = Koppelkans.objects.get()
    koppelkans_decide(koppelkans=koppelkans, besluit="bewust_niet", reden="Riool is eerder nodig.", door=staf)
    assert koppelkansen_detect().ongewijzigd == 1
    koppelkans.refresh_from_db()
    assert koppelkans.status == "bewust_niet" and Koppelkans.objects.count() == 1


def test_detection_for_one_gemeente_leaves_the_others_alone(paar, gebied):
    ander = GebiedFactory()
    OpgaveFactory.create_batch(2, gebied=ander)
    assert koppelkansen_detect(gemeente=gebied.gemeente).nieuw == 1
    assert not Koppelkans.objects.filter(gebied=ander).exists()
    assert koppelkansen_detect().nieuw == 1


def test_an_opgave_change_looks_again_after_commit(paar, staf, django_capture_on_commit_callbacks):
    project, riool = paar
    riool.venster_van, riool.venster_tot = D(2040, 1, 1), D(2040, 12, 31)
    riool.save()
    gegevens = {veld: getattr(riool, veld) for veld in ["titel", "thema", "eigenaar", "zekerheid", "bron"]}
    with django_capture_on_commit_callbacks(execute=True):
        opgave_update(
            opgave=riool,
            door=staf,
            gegevens={**gegevens, "venster_van": project.start_kwartaal, "venster_tot": project.start_kwartaal},
        )
    assert Koppelkans.objects.filter(opgaven=riool, projecten=project).exists()


def test_task_and_command(paar, gebied, settings):
    assert "projecten.tasks.detect_koppelkansen" in {item["task"] for item in settings.CELERY_BEAT_SCHEDULE.values()}
    tasks.detect_koppelkansen(gebied.gemeente_id)
    assert Koppelkans.objects.count() == 1
    tasks.detect_koppelkansen(999_999)  # a gemeente that is gone: nothing happens
    uit = io.StringIO()
    call_command("koppelkansen", gemeente=gebied.gemeente.naam.upper(), stdout=uit)
    assert "0 nieuw" in uit.getvalue() and "1 ongewijzigd" in uit.getvalue()
    with pytest.raises(Exception, match="Geen gemeente met de naam"):
        call_command("koppelkansen", gemeente="Gemeente Nergens", stdout=io.StringIO())


def test_moving_a_project_into_an_opgave_window_finds_the_koppelkans_after_commit(
    paar, staf, django_capture_on_commit_callbacks
):
    """A project's dates change: detection runs after the commit, as it does after an opgave changes."""
    project, riool = paar
    riool.venster_van = riool.venster_tot = kwartaal_plus(project.start_kwartaal, 12)
    riool.save()
    koppelkansen_detect()
    assert not Koppelkans.objects.exists()
    nieuw = {
        "aanbesteding_kwartaal": kwartaal_plus(project.aanbesteding_kwartaal, 12),
        "start_kwartaal": riool.venster_van,
        "verschuifbaar_vanaf": None,
        "verschuifbaar_tot": None,
    }
    with django_capture_on_commit_callbacks(execute=True):
        project_update(project=project, door=staf, gegevens=nieuw, reden="Later, samen met de riolering")
    assert list(Koppelkans.objects.get().projecten.all()) == [project]
