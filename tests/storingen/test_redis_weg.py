"""Fault: Redis (broker and cache) is stopped while the portal runs, and started again.

The portal as deployed, each part its own process: gunicorn, a prefork Celery worker that keeps running through the
outage, a redis-server of this test, the PostgreSQL test database. While Redis is down pages keep working for a
logged-in member, a report request says plainly that the report will be made later (it waits, status `wacht`), and
the morning's reminder sweep cannot be sent. When Redis is back the worker reconnects, sends the waiting report
(kring.celery: on every broker connection) and makes it, once; the next sweep sends the reminder that was due on the
missed morning, once."""

import datetime
import json
import time

from django.test import Client
from django.utils import timezone

import pytest
from kombu.exceptions import OperationalError

from kring.celery import app as celery_app
from kring.models import AuditEvent, Herinnering, Rapport
from kring.tasks import send_herinneringen
from tests.factories import AanwezigheidFactory, BijeenkomstFactory, IntentieovereenkomstFactory, UserFactory
from tests.storingen.processen import Bezoeker, leeft, omgeving, start_gunicorn, start_worker, wacht_tot

pytestmark = [pytest.mark.storing, pytest.mark.django_db(transaction=True)]

SOORT = Rapport.Soort.INTENTIEOVEREENKOMST
SNEL = 5  # seconds a page may take with Redis gone (a refused connection costs milliseconds)


@pytest.fixture(autouse=True)
def _via_de_broker():
    celery_app.conf.task_always_eager = False  # this process only sends; the worker runs the tasks


@pytest.fixture
def portaal(redis_server, test_database_url, media, tmp_path, processen):
    env = omgeving(DATABASE_URL=test_database_url, REDIS_URL=redis_server.url, MEDIA_ROOT=str(media))
    worker = start_worker(env, log=tmp_path / "worker.log")
    processen.append(worker)
    web, adres = start_gunicorn(env, log=tmp_path / "web.log")
    processen.append(web)
    return {"adres": adres, "worker": worker, "worker_log": tmp_path / "worker.log"}


def sessie_voor(user) -> str:
    """A logged-in session, stored in the database (where cached_db sessions live)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value


def stuur(redis_server, taak) -> None:
    """Send `taak` to the test's Redis as the beat would."""
    with celery_app.connection_for_write(redis_server.url) as verbinding:
        taak.apply_async(connection=verbinding, retry=False)


def gezien(bezoeker: Bezoeker, pad: str) -> str:
    begin = time.monotonic()
    status, tekst, _kop = bezoeker.get(pad)
    duur = time.monotonic() - begin
    assert status == 200, (pad, status, tekst[-2000:])
    assert duur < SNEL, (pad, duur)
    return " ".join(tekst.split())


def test_redis_stopped_pages_work_the_report_waits_and_nothing_is_lost(portaal, redis_server, media):
    lid = UserFactory(naam="Lid Zonder Redis")
    overeenkomst = IntentieovereenkomstFactory()
    # A meeting in six days: its reminder (from seven days before) was due yesterday, when the sweep could not run.
    genodigde = AanwezigheidFactory(
        bijeenkomst=BijeenkomstFactory(
            begin=timezone.make_aware(
                datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=6), datetime.time(15))
            )
        ),
        gebruiker=UserFactory(email="genodigde@bedrijf.test"),
    ).gebruiker
    bezoeker = Bezoeker(portaal["adres"], sessie=sessie_voor(lid))
    paginas = ["/", "/start/", "/rapporten/", overeenkomst.get_absolute_url(), "/werkgroepen/"]
    for pad in paginas:  # warm: the first request of a fresh gunicorn loads the code and templates
        assert bezoeker.get(pad, timeout=120)[0] == 200, pad
    assert "Lid Zonder Redis" in gezien(bezoeker, "/start/")

    redis_server.stop()

    for pad in paginas:
        gezien(bezoeker, pad)
    status, tekst, _kop = bezoeker.get("/health/")
    stand = json.loads(tekst)
    assert status == 503 and stand["database"] == "ok" and stand["broker"].startswith("fout"), stand

    begin = time.monotonic()
    status, _tekst, kop = bezoeker.post("/rapporten/aanvragen/", {"soort": SOORT, "object_id": overeenkomst.pk})
    assert time.monotonic() - begin < SNEL
    rapport = Rapport.objects.get(aangevraagd_door=lid)
    assert (status, kop["Location"]) == (302, f"/rapporten/{rapport.pk}/")
    assert rapport.status == Rapport.Status.WACHT
    pagina = gezien(bezoeker, kop["Location"])
    assert "Het rapport wordt later gemaakt." in pagina
    assert "Uw aanvraag is bewaard: het rapport wordt vanzelf gemaakt zodra die weer werkt" in pagina

    with pytest.raises(OperationalError):  # the beat's morning tick: lost
        stuur(redis_server, send_herinneringen)

    redis_server.start()

    # The worker reconnects by itself and sends what waited; the report is made once.
    wacht_tot(
        lambda: (
            leeft(portaal["worker"], portaal["worker_log"])
            and Rapport.objects.get(pk=rapport.pk).status == Rapport.Status.KLAAR
        ),
        seconden=120,
        stap=0.5,
        wat="het wachtende rapport is gemaakt nadat Redis terug is",
    )
    rapport.refresh_from_db()
    assert rapport.pogingen == 1
    assert [pad.name for pad in (media / "rapporten").iterdir()] == [f"{rapport.pk}.pdf"]
    assert AuditEvent.objects.filter(actie="rapport.klaar", object_id=str(rapport.pk)).count() == 1
    assert "PDF downloaden" in gezien(bezoeker, f"/rapporten/{rapport.pk}/")
    assert portaal["worker"].poll() is None  # the worker lived through the outage

    # The web process uses Redis again once it answers: the session is cached there again.
    sessie_sleutel = f":1:django.contrib.sessions.cached_db{bezoeker.koekje('sessionid')}"
    wacht_tot(
        lambda: gezien(bezoeker, "/start/") and redis_server.client().exists(sessie_sleutel),
        seconden=30,
        stap=1,
        wat="de sessie staat weer in Redis",
    )
    assert bezoeker.get("/health/")[0] == 200

    # The next sweep sends the reminder of the missed morning; a sweep after it sends nothing twice.
    assert not Herinnering.objects.exists()
    for ronde in (1, 2):
        stuur(redis_server, send_herinneringen)
        wacht_tot(
            lambda ronde=ronde: AuditEvent.objects.filter(actie="herinneringen.verstuurd").count() == ronde,
            seconden=60,
            wat=f"herinneringsronde {ronde} gedaan",
        )
        assert Herinnering.objects.filter(soort="bijeenkomst_binnenkort", ontvanger=genodigde).count() == 1
    assert portaal["worker_log"].read_text().count("To: genodigde@bedrijf.test") == 1
