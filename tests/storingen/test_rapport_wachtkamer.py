"""The outbox of reports, in this process: a request while the broker is unreachable is kept (status `wacht`) and says
so in Dutch; `rapporten_send_waiting` sends it, and reports whose message was lost, when the broker is back; a report
whose worker keeps dying fails after MAX_POGINGEN starts instead of forever; a broker that hangs costs seconds, not
the request. The real outage, with Redis stopped and started and real processes, is test_redis_weg.py."""

import datetime
import threading
import time

from django.conf import settings
from django.utils import timezone

import pytest
from kombu.exceptions import OperationalError

from kring.celery import WachtendeRapportenNaVerbinding
from kring.celery import app as celery_app
from kring.models import AuditEvent, Rapport
from kring.services import rapporten as services
from kring.tasks import render_rapport
from tests.conftest import client_for
from tests.factories import IntentieovereenkomstFactory, RapportFactory, UserFactory

pytestmark = [pytest.mark.storing, pytest.mark.django_db]

Status = Rapport.Status
SOORT = Rapport.Soort.INTENTIEOVEREENKOMST


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def broker_weg(monkeypatch):
    """Every send of the render task fails as kombu fails when Redis refuses connections; the sends are counted."""
    pogingen = []

    def onbereikbaar(rapport_id):
        pogingen.append(rapport_id)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(render_rapport, "delay", onbereikbaar)
    return pogingen


@pytest.fixture
def aanvrager():
    return UserFactory()


def aanvragen(client, overeenkomst, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/rapporten/aanvragen/", {"soort": SOORT, "object_id": overeenkomst.pk})


def test_a_request_while_the_broker_is_down_waits_and_says_so(
    aanvrager, broker_weg, django_capture_on_commit_callbacks
):
    client = client_for(aanvrager)
    response = aanvragen(client, IntentieovereenkomstFactory(), django_capture_on_commit_callbacks)

    rapport = Rapport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rapporten/{rapport.pk}/"
    assert rapport.status == Status.WACHT and broker_weg == [rapport.pk]
    assert AuditEvent.objects.filter(actie="rapport.aangevraagd", object_id=str(rapport.pk)).exists()

    pagina = " ".join(client.get(response["Location"]).content.decode().split())
    assert "Het rapport wordt later gemaakt." in pagina
    assert "Uw aanvraag is bewaard: het rapport wordt vanzelf gemaakt zodra die weer werkt" in pagina
    assert f'hx-get="/rapporten/{rapport.pk}/status/?was=wacht"' in pagina  # and the page follows it
    assert "Wordt later gemaakt" in client.get("/rapporten/").content.decode()

    # Asking again while it waits gives the same report, not a second one.
    assert services.rapport_request(soort=SOORT, parameters=rapport.parameters, door=aanvrager) == rapport


def test_when_the_broker_is_back_the_waiting_report_is_made_once(aanvrager, media):
    rapport = RapportFactory(aangevraagd_door=aanvrager, status=Status.WACHT)

    assert services.rapporten_send_waiting() == 1  # eager here: the task runs at once

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Status.KLAAR, 1)
    assert [pad.name for pad in (media / "rapporten").iterdir()] == [f"{rapport.pk}.pdf"]
    assert AuditEvent.objects.filter(actie="rapport.klaar", object_id=str(rapport.pk)).count() == 1
    assert services.rapporten_send_waiting() == 0  # nothing waits any more


def test_while_the_broker_is_still_down_the_outbox_stops_at_the_first_failure(aanvrager, broker_weg):
    wachtend = RapportFactory.create_batch(3, aangevraagd_door=aanvrager, status=Status.WACHT)
    assert services.rapporten_send_waiting() == 0
    assert len(broker_weg) == 1  # not three slow failures in a row
    assert set(Rapport.objects.values_list("status", flat=True)) == {Status.WACHT}
    assert {r.pk for r in wachtend} == set(Rapport.objects.values_list("pk", flat=True))


def test_the_outbox_also_resends_reports_whose_message_was_lost(aanvrager, monkeypatch):
    verstuurd = []
    monkeypatch.setattr(render_rapport, "delay", verstuurd.append)
    lang_geleden = timezone.now() - datetime.timedelta(
        seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] + 60
    )
    wacht = RapportFactory(aangevraagd_door=aanvrager, status=Status.WACHT)
    oud_in_wachtrij = RapportFactory(aangevraagd_door=aanvrager, aangevraagd_op=lang_geleden)
    oud_bezig = RapportFactory(aangevraagd_door=aanvrager, status=Status.BEZIG, gestart_op=lang_geleden)
    RapportFactory(aangevraagd_door=aanvrager)  # just queued: its message is on its way
    RapportFactory(aangevraagd_door=aanvrager, status=Status.BEZIG, gestart_op=timezone.now())  # being made
    RapportFactory(aangevraagd_door=aanvrager, status=Status.KLAAR, aangevraagd_op=lang_geleden)
    RapportFactory(aangevraagd_door=aanvrager, status=Status.MISLUKT, aangevraagd_op=lang_geleden)

    assert services.rapporten_send_waiting() == 3
    assert verstuurd == [wacht.pk, oud_in_wachtrij.pk, oud_bezig.pk]
    assert Rapport.objects.get(pk=wacht.pk).status == Status.WACHTRIJ  # sent: in the queue now
    assert Rapport.objects.get(pk=oud_bezig.pk).status == Status.BEZIG  # the render claims it again


def test_a_report_whose_worker_keeps_dying_fails_after_max_attempts(aanvrager, monkeypatch):
    gerenderd = []
    monkeypatch.setattr(services, "render_to_pdf", lambda *a: gerenderd.append(a))
    rapport = RapportFactory(aangevraagd_door=aanvrager, status=Status.BEZIG, pogingen=services.MAX_POGINGEN)

    services.rapport_render(rapport_id=rapport.pk)

    rapport.refresh_from_db()
    assert gerenderd == [] and rapport.status == Status.MISLUKT
    assert (
        rapport.fout
        == f"Het maken van dit rapport is na {services.MAX_POGINGEN} pogingen gestopt: het lukte steeds niet. Meld het de beheerder."
    )
    assert AuditEvent.objects.filter(actie="rapport.mislukt", object_id=str(rapport.pk)).count() == 1


def test_one_attempt_below_the_limit_still_renders(aanvrager):
    rapport = RapportFactory(aangevraagd_door=aanvrager, status=Status.BEZIG, pogingen=services.MAX_POGINGEN - 1)
    services.rapport_render(rapport_id=rapport.pk)
    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Status.KLAAR, services.MAX_POGINGEN)


def test_a_hanging_broker_costs_seconds_not_the_whole_request(redis_server):
    """Redis that accepts connections but never answers (a network fault): without a socket timeout sending a task
    waits forever. With it the send fails within seconds, and the report waits in the outbox (above)."""
    celery_app.conf.task_always_eager = False  # restored by the suite's own fixture
    redis_server.pauzeer()
    fouten = []

    def verstuur():
        try:
            with celery_app.connection_for_write(redis_server.url) as verbinding:
                render_rapport.apply_async(args=[1], connection=verbinding)
        except OperationalError as fout:
            fouten.append(fout)

    draad = threading.Thread(target=verstuur, daemon=True)  # a thread, so a hang fails the test instead of hanging it
    begin = time.monotonic()
    draad.start()
    draad.join(30)
    assert not draad.is_alive(), "het versturen hangt op een Redis die niet antwoordt"
    assert len(fouten) == 1 and time.monotonic() - begin < 15


def test_the_outbox_runs_on_a_schedule_and_on_every_broker_connection():
    taken = {item["task"]: item["schedule"] for item in settings.CELERY_BEAT_SCHEDULE.values()}
    assert taken["kring.tasks.send_wachtende_rapporten"] <= 60
    assert WachtendeRapportenNaVerbinding in celery_app.steps["consumer"]
