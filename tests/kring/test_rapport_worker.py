"""The PDF task with real Celery workers (separate processes) and Redis: sent twice, or redelivered after its worker
was killed mid-render, it leaves exactly one file and one finished report.

Runs where .ci/run runs it: REDIS_URL and a PostgreSQL DATABASE_URL (the worker processes must reach the test
database, which an in-memory SQLite database is not)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

import pytest
import redis

from kring.models import AuditEvent, Rapport
from kring.tasks import render_rapport
from tests.factories import (
    IntentieovereenkomstFactory,
    OndertekeningFactory,
    RapportFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

# The worker's broker visibility timeout follows from its CELERY_TASK_TIME_LIMIT (settings: twice that): 2 s gives 4 s,
# so a message whose worker died comes back after seconds instead of the production 20 minutes. The task keeps its
# own time limits (120/150 s).
TIME_LIMIT = 2
VISIBILITY_TIMEOUT = 2 * TIME_LIMIT


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Workers in een eigen proces hebben een PostgreSQL-testdatabase nodig (DATABASE_URL).")


@pytest.fixture
def wachtrij():
    """A queue of this test alone, so no leftover message of another run reaches its workers; removed afterwards."""
    naam = f"test-rapporten-{uuid.uuid4().hex}"
    yield naam
    redis.Redis.from_url(settings.REDIS_URL).delete(naam, f"_kombu.binding.{naam}", f"_kombu.binding_permanent.{naam}")


@pytest.fixture
def workers(media, wachtrij):
    """Start worker processes on the test database, the test's media folder and queue; all are stopped afterwards."""
    gestart = []
    db = connection.settings_dict
    gebruiker = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kring.settings",
        "DATABASE_URL": f"postgres://{gebruiker}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media),
        "CELERY_TASK_SOFT_TIME_LIMIT": str(TIME_LIMIT - 1),
        "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT),
        "LOG_LEVEL": "WARNING",
    }

    def start(*, pool: str = "solo", concurrency: int = 1) -> subprocess.Popen:
        proces = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kring", "worker", "-P", pool, "-c", str(concurrency)]
            + ["-Q", wachtrij, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,  # its own process group: stopping it also stops its pool processes
        )
        gestart.append(proces)
        return proces

    yield start
    for proces in gestart:
        stop(proces)


def stop(proces: subprocess.Popen) -> None:
    """Warm shutdown (running tasks finish and are acknowledged); killed if it takes too long."""
    if proces.poll() is None:
        proces.terminate()  # the main process only: it stops its pool processes itself
        try:
            proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
            proces.wait()


@pytest.fixture
def media(tmp_path, settings) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def rapport(postgres):
    """A report of a long agreement (many themadoelen and signatures): rendering it takes a few seconds, long enough
    to kill a worker in the middle of it."""
    overeenkomst = IntentieovereenkomstFactory(
        tekst="# Afspraken\n\n" + "Gemeente en opdrachtnemers werken samen. " * 400
    )
    werkgroepen = WerkgroepFactory.create_batch(3)
    for themadoel in ThemadoelFactory.create_batch(
        60, overeenkomst=overeenkomst, omschrijving="Een gelijkmatiger aanbod van werk over het jaar. " * 12
    ):
        themadoel.werkgroepen.add(*werkgroepen)
    OndertekeningFactory.create_batch(300, overeenkomst=overeenkomst)
    return RapportFactory(aangevraagd_door=UserFactory(), overeenkomst=overeenkomst)


def wacht_tot(voorwaarde, *, seconden: float, stap: float = 0.05, wat: str) -> None:
    einde = time.monotonic() + seconden
    while not voorwaarde():
        if time.monotonic() > einde:
            raise AssertionError(f"Na {seconden} s nog niet: {wat}")
        time.sleep(stap)


def status(rapport) -> str:
    return Rapport.objects.values_list("status", flat=True).get(pk=rapport.pk)


def assert_een_bestand_en_klaar(rapport, media: Path) -> Rapport:
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.KLAAR, (rapport.status, rapport.fout)
    assert sorted(pad.name for pad in (media / "rapporten").iterdir()) == [f"{rapport.pk}.pdf"]
    assert (media / rapport.bestand.name).read_bytes().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(actie="rapport.klaar", object_id=str(rapport.pk)).count() == 1
    return rapport


def test_task_sent_twice_leaves_one_file(rapport, workers, wachtrij, media):
    """Two deliveries of the same task on two pool processes at once: one file, one finished report."""
    worker = workers(pool="prefork", concurrency=2)
    for _ in range(2):
        render_rapport.apply_async(args=[rapport.pk], queue=wachtrij)

    wacht_tot(lambda: status(rapport) == Rapport.Status.KLAAR, seconden=40, wat="rapport klaar")
    stop(worker)  # warm shutdown: the other delivery, if still running, finishes and is acknowledged first

    assert redis.Redis.from_url(settings.REDIS_URL).llen(wachtrij) == 0  # both deliveries were handled
    assert_een_bestand_en_klaar(rapport, media)


def test_worker_killed_mid_render_then_redelivered(rapport, workers, wachtrij, media):
    """SIGKILL while the report is being made (no chance to acknowledge or clean up); Redis hands the message to the
    next worker after the visibility timeout, which renders the report again: one file, one finished report."""
    eerste = workers()
    render_rapport.apply_async(args=[rapport.pk], queue=wachtrij)
    wacht_tot(lambda: status(rapport) == Rapport.Status.BEZIG, seconden=20, wat="rapport bezig")
    ontvangen = time.monotonic()
    os.killpg(eerste.pid, signal.SIGKILL)
    eerste.wait()

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Rapport.Status.BEZIG, 1)  # killed in the middle, not after

    # A new worker returns unacknowledged messages older than the visibility timeout to their queue when it starts.
    time.sleep(max(0.0, ontvangen + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    workers()
    wacht_tot(lambda: status(rapport) == Rapport.Status.KLAAR, seconden=40, wat="rapport klaar na herlevering")

    assert assert_een_bestand_en_klaar(rapport, media).pogingen == 2
