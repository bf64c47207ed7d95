"""The reminder sweep at scale (issue 9: ≤ 30 s over the bulk data): its query count does not grow with the number of
due reminders, mails are claimed and sent per batch over one mail connection, and the batches keep the guarantees of
the sweep (each reminder once, nothing recorded for a failed send, a mail another sweep sent first left out whole),
also with two sweeps at once on PostgreSQL."""

import datetime
import random
import time

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from kring.herinneringen import OVEREENKOMST_ONDERTEKENEN
from kring.models import AuditEvent, Herinnering, HerinneringVoorkeur, Intentieovereenkomst
from kring.selectors.herinneringen import herinneringen_plan
from kring.services import herinneringen as services
from kring.services.herinneringen import herinneringen_send
from tests.factories import KennisitemFactory, UserFactory
from tests.kring.gelijktijdig import twee_rondes_tegelijk

pytestmark = pytest.mark.django_db

MAANDAG = datetime.date(2026, 3, 2)
VOLGENDE_MAANDAG = MAANDAG + datetime.timedelta(days=7)
ONDERTEKENEN = OVEREENKOMST_ONDERTEKENEN.code

# A sweep on SQLite: the kinds' look-ups, the plan (preferences, reminders sent before), one batch (its savepoint,
# the overview lock and check, the insert in a savepoint) and the audit event.
QUERIES = 30


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


@pytest.fixture
def versie(db):
    # As in a worker that has run sweeps before (content types cached, the past-performance policy row there): only
    # what the sweep itself asks counts.
    ContentType.objects.get_for_models(*apps.get_models())
    herinneringen_send(vandaag=MAANDAG - datetime.timedelta(days=1))
    mail.outbox.clear()
    return Intentieovereenkomst.objects.create(
        titel="Intentieovereenkomst MKB kring Dordrecht",
        versie=4,
        status=Intentieovereenkomst.Status.TER_ONDERTEKENING,
        ingangsdatum=datetime.date(2026, 7, 1),
        einddatum=datetime.date(2031, 6, 30),
        tekst="# Samen aan de voorkant",
    )


def due(n: int) -> None:
    """3n mails on any Monday of March 2026: n signing reminders as their own mail, n weekly overviews with a signing
    reminder, and n overviews of a kennisitem past its review date, for the people who got the single mails."""
    for _ in range(n):
        los = UserFactory(is_tekenbevoegd=True)
        bundelaar = UserFactory(is_tekenbevoegd=True)
        HerinneringVoorkeur.objects.create(gebruiker=bundelaar, soort=ONDERTEKENEN, frequentie="wekelijks")
        KennisitemFactory(auteur=los, herzien_voor=datetime.date(2026, 2, 1))


def sweep_queries(vandaag: datetime.date) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        samenvatting = herinneringen_send(vandaag=vandaag)
    return len(ctx.captured_queries), len(samenvatting.verstuurd)


def keys_sent() -> list[tuple]:
    return list(Herinnering.objects.values_list("soort", "object_type_id", "object_id", "ontvanger_id", "vervaldatum"))


def test_the_sweeps_query_count_does_not_grow_with_the_due_reminders(versie):
    due(3)
    klein = sweep_queries(MAANDAG)
    due(27)  # weekly kinds: next Monday everything is due again, ten times as much
    groot = sweep_queries(VOLGENDE_MAANDAG)

    assert (klein, groot) == ((QUERIES, 9), (QUERIES, 90)), f"{klein} bij 3, {groot} bij 30; vastgepind op {QUERIES}"
    assert Herinnering.objects.filter(vervaldatum=VOLGENDE_MAANDAG).count() == 90


def test_batches_send_each_reminder_once_and_take_back_only_the_failed_mail(versie, monkeypatch):
    monkeypatch.setattr(services, "PARTIJ", 2)
    due(3)  # 9 mails: five batches
    echt = EmailBackend.send_messages
    # A person with one mail (a weekly overview of the signing reminder), halfway the sweep.
    plan = herinneringen_plan(vandaag=MAANDAG)
    bundels = [m for m in plan.mails if m.overzicht and m.items[0].soort.code == ONDERTEKENEN]
    geweigerd = bundels[-2].ontvanger.email

    def weigert_een(self, berichten):
        if berichten[0].to == [geweigerd]:
            raise OSError("Verbinding verbroken")
        return echt(self, berichten)

    monkeypatch.setattr(EmailBackend, "send_messages", weigert_een)
    eerste = herinneringen_send(vandaag=MAANDAG)

    assert [m.ontvanger.email for m in eerste.mislukt] == [geweigerd]
    assert len(eerste.verstuurd) == 8 and len(mail.outbox) == 8
    assert not Herinnering.objects.filter(ontvanger__email=geweigerd).exists()
    assert AuditEvent.objects.filter(actie="herinneringen.verstuurd").latest("pk").na["mislukt"] == 1

    monkeypatch.setattr(EmailBackend, "send_messages", echt)
    tweede = herinneringen_send(vandaag=MAANDAG)
    assert [m.ontvanger.email for m in tweede.verstuurd] == [geweigerd]
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == len(mail.outbox) == 9  # nothing twice
    assert len(keys_sent()) == 9 == len(set(keys_sent()))


def test_a_stale_plan_leaves_out_only_the_mails_another_sweep_recorded(versie, monkeypatch):
    due(2)
    verouderd = herinneringen_plan(vandaag=MAANDAG)
    los = next(m for m in verouderd.mails if not m.overzicht)
    overzicht = next(m for m in verouderd.mails if m.overzicht and m.items[0].soort.code == ONDERTEKENEN)
    # Another sweep sent these two first (as single mails: the person chose so in between): the reminder of a single
    # mail and the item of an overview.
    for item in (los.items[0], overzicht.items[0]):
        soort, object_type_id, object_id, ontvanger_id, vervaldatum = item.sleutel
        Herinnering.objects.create(
            soort=soort,
            object_type_id=object_type_id,
            object_id=object_id,
            ontvanger_id=ontvanger_id,
            vervaldatum=vervaldatum,
        )
    monkeypatch.setattr(services, "herinneringen_plan", lambda vandaag: verouderd)

    samenvatting = herinneringen_send(vandaag=MAANDAG)

    assert samenvatting.gelijktijdig == 2 and len(samenvatting.verstuurd) == 4
    verstuurd = {(m.ontvanger, m.overzicht) for m in samenvatting.verstuurd}
    assert (los.ontvanger, False) not in verstuurd and (overzicht.ontvanger, True) not in verstuurd
    assert (los.ontvanger, True) in verstuurd  # their kennisitem overview is another mail: it went
    # Of the mails left out, nothing is recorded by this sweep: only the other sweep's rows.
    assert set(Herinnering.objects.filter(ontvanger=overzicht.ontvanger).values_list("soort", "in_overzicht")) == {
        (ONDERTEKENEN, False)
    }
    assert set(Herinnering.objects.filter(ontvanger=los.ontvanger).values_list("soort", "in_overzicht")) == {
        (ONDERTEKENEN, False),
        ("kennisitem_herzien", True),
    }


class TelBackend(EmailBackend):
    """The locmem backend, counting the connections it opens and failing for one mail (address and subject)."""

    geopend = 0
    weigert: tuple[str, str] | None = None  # address and subject

    def open(self):
        if not getattr(self, "open_verbinding", False):
            TelBackend.geopend += 1
            self.open_verbinding = True
        return True

    def close(self):
        self.open_verbinding = False

    def send_messages(self, berichten):
        if (berichten[0].to[0], berichten[0].subject) == TelBackend.weigert:
            raise OSError("Verbinding verbroken")
        return super().send_messages(berichten)


def test_one_mail_connection_for_the_sweep_and_a_new_one_after_a_failure(versie, settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.TelBackend"
    monkeypatch.setattr(TelBackend, "geopend", 0)
    due(5)  # 15 mails
    herinneringen_send(vandaag=MAANDAG)
    assert len(mail.outbox) == 15 and TelBackend.geopend == 1

    due(1)
    eerste = services._bericht(herinneringen_plan(vandaag=MAANDAG).mails[0], voorkeuren_url="")  # others follow
    monkeypatch.setattr(TelBackend, "weigert", (eerste.to[0], eerste.subject))
    samenvatting = herinneringen_send(vandaag=MAANDAG)
    assert len(samenvatting.mislukt) == 1 and len(samenvatting.verstuurd) == 2
    assert TelBackend.geopend == 3  # this sweep's connection, and a new one after the broken one


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_with_other_batches_send_each_reminder_once_without_deadlock(versie, monkeypatch):
    """Both sweeps plan the same mails, but in another order, so their batches overlap differently: the overview
    locks and the inserts in key order must make one wait for the other, never deadlock (with a plain FOR UPDATE lock,
    which the inserts' foreign keys wait for, this test deadlocks)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite laat maar één schrijver tegelijk toe; de test heeft PostgreSQL nodig (CI).")
    monkeypatch.setattr(services, "PARTIJ", 4)
    due(8)  # 24 mails, six batches each
    echt = EmailBackend.send_messages

    def traag(self, berichten):
        time.sleep(0.01)  # an SMTP server's pace: the other sweep's batch runs meanwhile
        return echt(self, berichten)

    monkeypatch.setattr(EmailBackend, "send_messages", traag)
    samenvattingen = twee_rondes_tegelijk(
        monkeypatch, vandaag=MAANDAG, na_plannen=(None, random.Random(10).shuffle), wachttijd=60
    )
    assert len(mail.outbox) == 24 == len({(m.to[0], m.subject) for m in mail.outbox})
    assert sum(len(s.verstuurd) for s in samenvattingen) == 24
    assert sum(s.gelijktijdig for s in samenvattingen) == 24
    assert len(keys_sent()) == 24 == len(set(keys_sent()))
