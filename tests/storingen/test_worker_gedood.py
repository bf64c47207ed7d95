"""Fault: the worker is killed (SIGKILL: no chance to acknowledge, clean up or fail the report) while it renders a
report. The report still completes, exactly once: one file, one `rapport.klaar` event, status klaar.

Real processes: a prefork Celery worker with one pool process, a private redis-server, the PostgreSQL test database.
Rendering is made slow by the worker's start module (tests/storingen/trage_worker.py), which also says which pool
process started rendering, so the kill lands in the middle of it.

What happens (acks late, reject on worker lost, visibility timeout):
- the pool process is killed (the out-of-memory killer's way): the worker's main process sees it lost, puts the
  message back at once and a new pool process renders the report again;
- the whole worker is killed (the machine or container goes): the message stays unacknowledged in Redis; after the
  visibility timeout the next worker takes it back and renders the report again (its outbox run on connecting also
  sends a report that is `bezig` for longer than the visibility timeout: a second message, which finds it done).
Either way the second start finds the report `bezig` (allowed: it starts again) and finishes it."""

import os
import signal
import time

import pytest

from kring.celery import app as celery_app
from kring.models import AuditEvent, Rapport
from kring.tasks import render_rapport
from tests.factories import IntentieovereenkomstFactory, RapportFactory, ThemadoelFactory, UserFactory
from tests.storingen.processen import leeft, omgeving, start_worker, wacht_tot

pytestmark = [pytest.mark.storing, pytest.mark.django_db(transaction=True)]

VISIBILITY_TIMEOUT = 3  # seconds; production: twice the task time limit
RENDERTIJD = 4  # seconds of sleep before each PDF


@pytest.fixture
def rapport(postgres):
    overeenkomst = IntentieovereenkomstFactory()
    ThemadoelFactory.create_batch(3, overeenkomst=overeenkomst)
    return RapportFactory(aangevraagd_door=UserFactory(), overeenkomst=overeenkomst)


@pytest.fixture
def starts(tmp_path):
    """Where the slow worker notes each start of a render: one file per start, named <pid>-<n>."""
    map_ = tmp_path / "starts"
    map_.mkdir()
    return map_


@pytest.fixture
def trage_worker(redis_server, test_database_url, media, starts, tmp_path, processen):
    env = omgeving(
        DATABASE_URL=test_database_url,
        REDIS_URL=redis_server.url,
        MEDIA_ROOT=str(media),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        TRAAG_MAP=str(starts),
        TRAAG_SECONDEN=str(RENDERTIJD),
    )

    def start():
        proces = start_worker(env, log=tmp_path / "worker.log", module="tests.storingen.trage_worker")
        processen.append(proces)
        proces.log = tmp_path / "worker.log"
        return proces

    return start


@pytest.fixture(autouse=True)
def _via_de_broker():
    # This process only sends; the workers run the task (the suite's default is in-process, eager).
    celery_app.conf.task_always_eager = False


def verstuur(redis_server, rapport) -> None:
    with celery_app.connection_for_write(redis_server.url) as verbinding:
        render_rapport.apply_async(args=[rapport.pk], connection=verbinding)


def gestart(starts) -> list[tuple[int, int]]:
    """(pid, n) of every start of a render so far, in order."""
    return sorted((int(pid), int(n)) for pid, n in (pad.name.split("-") for pad in starts.iterdir()))


def status(rapport) -> str:
    return Rapport.objects.values_list("status", flat=True).get(pk=rapport.pk)


def assert_een_keer_klaar(rapport, media, redis_server) -> Rapport:
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.KLAAR, (rapport.status, rapport.fout)
    assert [pad.name for pad in (media / "rapporten").iterdir()] == [f"{rapport.pk}.pdf"]
    assert (media / rapport.bestand.name).read_bytes().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(actie="rapport.klaar", object_id=str(rapport.pk)).count() == 1
    assert not AuditEvent.objects.filter(actie="rapport.mislukt", object_id=str(rapport.pk)).exists()
    # Nothing left to deliver once more: the queue is empty and the message acknowledged.
    client = redis_server.client()
    wacht_tot(lambda: client.hlen("unacked") == 0, seconden=10, wat="bericht bevestigd")
    assert client.llen("celery") == 0
    return rapport


def test_pool_process_killed_mid_render(rapport, trage_worker, starts, media, redis_server):
    worker = trage_worker()
    verstuur(redis_server, rapport)

    [(pid, _n)] = wacht_tot(
        lambda: leeft(worker, worker.log) and gestart(starts), seconden=90, wat="het rapport wordt gemaakt"
    )
    assert pid != worker.pid  # a pool process, not the worker's main process
    os.kill(pid, signal.SIGKILL)

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Rapport.Status.BEZIG, 1)  # killed in the middle, not after

    wacht_tot(
        lambda: leeft(worker, worker.log) and status(rapport) == Rapport.Status.KLAAR,
        seconden=90,
        wat="rapport klaar na de tweede start",
    )
    assert worker.poll() is None  # the worker itself lived on
    tweede = gestart(starts)[1][0]
    assert len(gestart(starts)) == 2 and tweede != pid  # rendered again, once, by a new pool process
    assert assert_een_keer_klaar(rapport, media, redis_server).pogingen == 2


def test_whole_worker_killed_mid_render_then_the_next_worker(rapport, trage_worker, starts, media, redis_server):
    eerste = trage_worker()
    verstuur(redis_server, rapport)
    wacht_tot(lambda: leeft(eerste, eerste.log) and gestart(starts), seconden=90, wat="het rapport wordt gemaakt")
    os.killpg(eerste.pid, signal.SIGKILL)  # the main process and its pool process at once
    gedood = time.monotonic()
    eerste.wait()

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Rapport.Status.BEZIG, 1)
    assert redis_server.client().hlen("unacked") == 1  # the message waits in Redis, unacknowledged

    # A worker starting after the visibility timeout takes unacknowledged messages back into the queue.
    time.sleep(max(0.0, gedood + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    volgende = trage_worker()
    wacht_tot(
        lambda: leeft(volgende, volgende.log) and status(rapport) == Rapport.Status.KLAAR,
        seconden=90,
        wat="rapport klaar bij de volgende worker",
    )

    assert len(gestart(starts)) == 2
    assert assert_een_keer_klaar(rapport, media, redis_server).pogingen == 2
