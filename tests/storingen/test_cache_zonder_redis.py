"""Fault: Redis, the cache, is stopped or hangs. The cache fails soft (kring/cache.py): pages, login and logout keep
working, sessions come from the database, rate limits keep counting in the process, the outage is logged once, and a
session ended during the outage does not come back from Redis afterwards.

In this process, against a redis-server of the test's own that the test stops, pauses and starts."""

import logging
import threading
import time

from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSIE_PREFIX
from django.core.cache import cache
from django.test import Client

import pytest
import redis

from kring import cache as kring_cache
from kring.models import AuditEvent
from tests.factories import WACHTWOORD, UserFactory

pytestmark = [pytest.mark.storing, pytest.mark.django_db]

HERSTEL = 0.3  # seconds before Redis is asked again after a failure (production: 5)


@pytest.fixture
def redis_cache(redis_server, settings, monkeypatch):
    monkeypatch.setattr(kring_cache, "OPNIEUW_PROBEREN_NA", HERSTEL)
    settings.CACHES = {"default": {"BACKEND": "kring.cache.FailSoftRedisCache", "LOCATION": redis_server.url}}
    return redis_server


def in_redis(redis_server) -> list[str]:
    return sorted(sleutel.decode() for sleutel in redis_server.client().keys("*"))


def meldingen(caplog, niveau) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "kring.cache" and r.levelno == niveau]


def na_de_pauze() -> None:
    time.sleep(HERSTEL + 0.1)


def test_redis_down_the_cache_is_empty_and_the_process_keeps_rate_limit_counts(redis_cache, caplog):
    caplog.set_level(logging.INFO, logger="kring.cache")
    cache.set("teller", 1)
    cache.set(SESSIE_PREFIX + "abc", {"_auth_user_id": "1"})
    assert in_redis(redis_cache) == [":1:django.contrib.sessions.cached_dbabc", ":1:teller"]

    redis_cache.stop()
    begin = time.monotonic()
    assert cache.get("teller") is None  # a miss, not an error
    assert cache.get(SESSIE_PREFIX + "abc") is None
    # Other keys (rate limits, used TOTP codes) live in the process meanwhile: limits stay in force.
    assert cache.add("slot", True, 10) is True and cache.add("slot", True, 10) is False
    cache.set("pogingen", [1, 2, 3])
    assert cache.add("getal", 1) and cache.incr("getal") == 2
    assert cache.get_many(["pogingen", "slot", "weg"]) == {"pogingen": [1, 2, 3], "slot": True}
    # Sessions never: another process may have ended one, only the database knows.
    cache.set(SESSIE_PREFIX + "xyz", {"_auth_user_id": "2"})
    assert cache.get(SESSIE_PREFIX + "xyz") is None
    cache.delete("slot")
    assert cache.has_key("slot") is False
    # Another thread has its own cache object (Django makes one per thread) but shares the outage.
    draad = threading.Thread(target=lambda: cache.set("uit_een_draad", 1) or cache.get("teller"))
    draad.start()
    draad.join()
    assert cache.get("uit_een_draad") == 1
    assert time.monotonic() - begin < 2  # refused connections: no waiting

    assert len(meldingen(caplog, logging.WARNING)) == 1  # many failures in two threads, one warning
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.ping()  # for /health/: Redis itself, past the stand-in
    assert "niet bereikbaar" in meldingen(caplog, logging.WARNING)[0]

    redis_cache.start()  # same port, empty (no persistence)
    na_de_pauze()
    assert cache.ping() is True
    cache.set("nieuw", "uit redis")
    assert ":1:nieuw" in in_redis(redis_cache) and cache.get("nieuw") == "uit redis"
    assert cache.get("pogingen") is None  # the stand-in is gone: Redis is the cache again
    assert meldingen(caplog, logging.INFO) == [
        "Redis (cache) is weer bereikbaar; 5 sleutel(s) uit de storing verwijderd."
    ]
    assert len(meldingen(caplog, logging.WARNING)) == 1


def test_a_hanging_redis_costs_one_short_timeout_not_one_per_call(redis_cache):
    cache.set("a", 1)
    redis_cache.pauzeer()
    begin = time.monotonic()
    assert cache.get("a") is None
    eerste = time.monotonic() - begin
    assert eerste < kring_cache.SOCKET_TIMEOUT * 3, eerste  # one socket timeout, no retries
    begin = time.monotonic()
    for _ in range(50):
        assert cache.get("a") is None
    assert time.monotonic() - begin < 0.1  # while Redis is left alone, no call waits for it
    redis_cache.hervat()
    na_de_pauze()
    assert cache.get("a") == 1  # Redis kept its data through the pause


def test_pages_login_and_lockout_work_without_redis(redis_cache):
    UserFactory(email="lid@bedrijf.test")
    redis_cache.stop()

    anoniem = Client()
    for pad in ["/", "/werkgroepen/", "/account/login/", "/health/"]:
        response = anoniem.get(pad)
        assert response.status_code in (200, 503), pad  # /health/ reports the broker down: 503 by design
    assert anoniem.get("/health/").json()["database"] == "ok"

    lid = Client()
    response = lid.post("/account/login/", {"login": "lid@bedrijf.test", "password": WACHTWOORD})
    assert response.status_code == 302 and response["Location"] == "/start/"
    assert lid.get("/start/").status_code == 200  # the session came from the database
    assert lid.get("/rapporten/").status_code == 200

    # The lockout still counts (in this process): five failures, then even the right password is refused.
    UserFactory(email="doelwit@bedrijf.test")
    aanvaller = Client()
    for _ in range(5):
        aanvaller.post("/account/login/", {"login": "doelwit@bedrijf.test", "password": "geraden-wachtwoord"})
    response = aanvaller.post("/account/login/", {"login": "doelwit@bedrijf.test", "password": WACHTWOORD})
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert AuditEvent.objects.filter(actie="auth.login_geblokkeerd").exists()


def test_a_session_ended_while_redis_hangs_stays_ended(redis_cache):
    """The session is in Redis; Redis hangs; the person logs out (the database row goes, Redis cannot be told);
    Redis comes back with the old copy. It must not log the person in again."""
    UserFactory(email="lid@bedrijf.test")
    lid = Client()
    lid.post("/account/login/", {"login": "lid@bedrijf.test", "password": WACHTWOORD})
    assert lid.get("/start/").status_code == 200
    sessie = lid.cookies["sessionid"].value
    assert f":1:{SESSIE_PREFIX}{sessie}" in in_redis(redis_cache)

    redis_cache.pauzeer()
    assert lid.post("/account/logout/").status_code == 302
    redis_cache.hervat()
    assert f":1:{SESSIE_PREFIX}{sessie}" in in_redis(redis_cache)  # the stale copy is still there
    na_de_pauze()

    oude_sessie = Client()
    oude_sessie.cookies["sessionid"] = sessie
    response = oude_sessie.get("/start/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert f":1:{SESSIE_PREFIX}{sessie}" not in in_redis(redis_cache)
