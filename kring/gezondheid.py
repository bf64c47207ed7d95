"""What /health/ checks: the database, the cache and the Celery broker, each within a short time limit.

Each check runs in its own daemon thread and gets TIJDSLIMIET seconds: a dependency that hangs (a firewall that drops
packets, a Redis that accepts but never answers) makes the answer "fout" in time instead of holding the probe, and a
gunicorn thread, until the TCP timeout minutes later. A check that overran is left to finish on its own.
"""

import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from kring.celery import app as celery_app

TIJDSLIMIET = 2.0  # seconds per check; the checks run side by side, so the whole answer takes at most this long
OK = "ok"
FOUT = "fout"
TE_LAAT = "fout (geen antwoord binnen de tijd)"


def database() -> None:
    """A fresh connection and a query: also fails when the server takes no new connections (max_connections)."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        # This thread's own connection; the request's persistent connection is not touched.
        connections.close_all()


def cache_() -> None:
    """Redis itself, then a round trip through the cache. The fail-soft cache (kring/cache.py) answers from a stand-in
    in memory while Redis is away, so only its ping() reaches Redis; a cache without ping() must give back what it
    stored."""
    if hasattr(cache, "ping") and not cache.ping():
        raise RuntimeError("cache antwoordt niet op ping")
    sleutel, waarde = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(sleutel, waarde, timeout=30)
    try:
        if cache.get(sleutel) != waarde:
            raise RuntimeError("cache gaf de geschreven waarde niet terug")
    finally:
        cache.delete(sleutel)


def broker() -> None:
    # One attempt, no retry: kombu would first sleep interval_start (2 s) before a second one.
    with celery_app.connection_for_write() as verbinding:
        verbinding.ensure_connection(max_retries=0, interval_start=0)


CONTROLES: dict[str, Callable[[], None]] = {"database": database, "cache": cache_, "broker": broker}


def stand() -> dict[str, str]:
    """{"database": "ok"|"fout"|..., "cache": ..., "broker": ...}; the broker is not needed when tasks run in-process."""
    controles = dict(CONTROLES)
    resultaat: dict[str, str] = {}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        controles.pop("broker")
        resultaat["broker"] = "niet nodig (taken draaien in het proces)"
    uitkomst: dict[str, str] = {}  # written by the threads

    def draai(naam: str, controle: Callable[[], None]) -> None:
        try:
            controle()
        except Exception:  # noqa: BLE001 (any failure means: not healthy; the reason is not for a public page)
            uitkomst[naam] = FOUT
        else:
            uitkomst[naam] = OK

    draden = {
        naam: threading.Thread(target=draai, args=(naam, controle), name=f"health-{naam}", daemon=True)
        for naam, controle in controles.items()
    }
    for draad in draden.values():
        draad.start()
    einde = time.monotonic() + TIJDSLIMIET
    for draad in draden.values():
        draad.join(max(einde - time.monotonic(), 0))
    # Decided now: a check that answers after the limit does not turn this answer into "ok" afterwards.
    for naam, draad in draden.items():
        resultaat[naam] = TE_LAAT if draad.is_alive() else uitkomst.get(naam, FOUT)
    return {naam: resultaat[naam] for naam in ("database", "cache", "broker")}


def gezond(uitkomst: dict[str, str]) -> bool:
    return not any(waarde.startswith(FOUT) for waarde in uitkomst.values())
