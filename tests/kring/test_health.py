"""/health/ (kring/gezondheid.py): database, cache and broker, each answered within a short time limit."""

import socket
import threading
import time

from django.core.cache import cache
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError

import pytest

from kring import gezondheid
from kring.celery import app as celery_app

pytestmark = pytest.mark.django_db


def _vrije_poort() -> int:
    with socket.socket() as sok:
        sok.bind(("127.0.0.1", 0))
        return sok.getsockname()[1]


@pytest.fixture
def zwijgende_server():
    """A TCP port that accepts connections and never answers: a Redis behind a hanging host or a full queue."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    verbindingen = []
    stop = threading.Event()

    def aannemen():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                verbindingen.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    draad = threading.Thread(target=aannemen, daemon=True)
    draad.start()
    yield server.getsockname()[1]
    stop.set()
    draad.join(2)
    # Closing ends the checks that are still waiting in their threads.
    for verbinding in verbindingen:
        verbinding.close()
    server.close()


def _redis_cache(settings, poort: int) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{poort}/0",
        }
    }


def test_all_well_answers_200_with_each_check(client, settings):
    response = client.get("/health/")
    assert response.status_code == 200
    # With REDIS_URL (CI's PostgreSQL run) the cache and the broker are a real Redis.
    broker = "niet nodig (taken draaien in het proces)" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": broker}
    assert response["Cache-Control"].startswith("max-age=0")


def test_database_that_takes_no_connection_answers_503(client, monkeypatch):
    """The check opens a connection of its own, so a server that refuses new connections is noticed."""

    def weiger(self, *args, **kwargs):
        raise OperationalError("too many clients already")

    monkeypatch.setattr(BaseDatabaseWrapper, "connect", weiger)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "fout" and response.json()["status"] == "fout"
    assert response.json()["cache"] == "ok"


def test_cache_that_is_down_answers_503(client, settings):
    _redis_cache(settings, _vrije_poort())
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["cache"] == "fout" and response.json()["database"] == "ok"


def test_cache_that_loses_what_it_stores_answers_503(client, settings):
    """A cache that fails soft (a miss instead of an error when Redis is gone) must not pass for healthy."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["cache"] == "fout"


def test_fail_soft_cache_without_redis_answers_503(client, settings):
    """kring/cache.py keeps pages working without Redis by answering from memory; /health/ must still see Redis gone."""
    settings.CACHES = {
        "default": {"BACKEND": "kring.cache.FailSoftRedisCache", "LOCATION": f"redis://127.0.0.1:{_vrije_poort()}/0"}
    }
    cache.set("proef", "uit het geheugen")
    assert cache.get("proef") == "uit het geheugen"  # the round trip alone would pass
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["cache"] == "fout"


def test_broker_that_is_down_answers_503(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{_vrije_poort()}/0")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["broker"] == "fout" and response.json()["database"] == "ok"


def test_hanging_cache_and_broker_answer_503_within_the_time_limit(client, settings, monkeypatch, zwijgende_server):
    monkeypatch.setattr(gezondheid, "TIJDSLIMIET", 0.5)
    _redis_cache(settings, zwijgende_server)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{zwijgende_server}/0")
    begin = time.monotonic()
    response = client.get("/health/")
    duur = time.monotonic() - begin
    assert response.status_code == 503
    assert response.json()["cache"] == gezondheid.TE_LAAT
    assert response.json()["broker"].startswith("fout")
    assert response.json()["database"] == "ok"
    assert duur < 3, f"/health/ deed er {duur:.1f} s over"
