"""Fault: PostgreSQL restarts (pg_ctl restart -m fast: every session is ended) while the portal runs. The portal
recovers without a restart of its own, and not a single request fails: connections are kept between requests
(CONN_MAX_AGE) and checked before a request uses one (conn_health_checks), so the first request after the restart
opens a fresh connection instead of failing on the dead one.

A PostgreSQL cluster of the test's own (initdb on a free port; never the shared server) holds a copy of the test
database (pg_dump: the schema and a member with a session; without a PostgreSQL test database, the migrations);
gunicorn, with one worker so every request reuses its connection, serves from it. The control runs the same portal
without the health check: there the first request after the restart fails, which shows the restart really broke the
kept connection."""

import subprocess
import sys

from django.conf import settings
from django.db import connection
from django.test import Client

import pytest

from tests.factories import UserFactory
from tests.storingen.processen import Bezoeker, database_url, omgeving, start_gunicorn, stop_proces

pytestmark = [pytest.mark.storing, pytest.mark.django_db(transaction=True)]

PAGINAS = ["/", "/start/", "/rapporten/", "/werkgroepen/", "/projecten/kalender/", "/health/"]


LID = "Lid Tijdens Herstart"
# Run in the portal's own environment when the test database is not PostgreSQL (the copy below needs one).
MAAK_LID = (
    "from django.test import Client; from tests.factories import UserFactory; c = Client(); "
    f"c.force_login(UserFactory(naam={LID!r}), backend='django.contrib.auth.backends.ModelBackend'); "
    "print(c.cookies['sessionid'].value)"
)


@pytest.fixture
def portaal_database(postgres_cluster) -> tuple[str, str]:
    """A database for the portal in the private cluster, with a member logged in: (its URL, the session key). On
    PostgreSQL a copy of the test database (pg_dump: the schema, the member and the session written here); else the
    migrations and the member made by the portal's own code."""
    bin_, poort = postgres_cluster.bin, str(postgres_cluster.poort)
    subprocess.run(
        [str(bin_ / "createdb"), "-h", "127.0.0.1", "-p", poort, "-U", "postgres", "kringportaal"], check=True
    )
    url = postgres_cluster.url("kringportaal")
    if connection.vendor == "postgresql":
        client = Client()
        client.force_login(UserFactory(naam=LID), backend="django.contrib.auth.backends.ModelBackend")
        dump = subprocess.run(
            [str(bin_ / "pg_dump"), "--no-owner", "--no-privileges", "-d", database_url()],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [str(bin_ / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
            input=dump.stdout,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return url, client.cookies["sessionid"].value
    env = omgeving(DATABASE_URL=url)
    beheer = [sys.executable, "manage.py"]
    subprocess.run([*beheer, "migrate", "--no-input"], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
    lid = subprocess.run(
        [*beheer, "shell", "-c", MAAK_LID], cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, text=True
    )
    return url, lid.stdout.strip().splitlines()[-1]


def start_portaal(database_url, media, tmp_path, processen, **extra):
    # No REDIS_URL: the cache is in the process, tasks run in it; this test is about the database alone.
    env = omgeving(DATABASE_URL=database_url, MEDIA_ROOT=str(media), DATABASE_CONN_MAX_AGE="600", **extra)
    web, adres = start_gunicorn(env, log=tmp_path / "web.log")
    processen.append(web)
    return adres


def bezoek(bezoeker) -> list[tuple[str, int]]:
    return [(pad, bezoeker.get(pad, timeout=120)[0]) for pad in PAGINAS]


def test_after_a_postgres_restart_no_request_fails(portaal_database, postgres_cluster, media, tmp_path, processen):
    url, sessie = portaal_database
    bezoeker = Bezoeker(start_portaal(url, media, tmp_path, processen), sessie=sessie)
    assert bezoek(bezoeker) == [(pad, 200) for pad in PAGINAS]
    assert LID in bezoeker.get("/start/")[1]

    for _ in range(2):
        postgres_cluster.herstart()
        assert bezoek(bezoeker) == [(pad, 200) for pad in PAGINAS]  # the first request after it included

    # Control: the same portal without the health check. The first request after a restart fails on the dead
    # connection (the restart did break it); that request closes it, and the next ones connect afresh.
    stop_proces(processen.pop())
    zonder = Bezoeker(
        start_portaal(
            url,
            media,
            tmp_path,
            processen,
            DJANGO_SETTINGS_MODULE="tests.storingen.instellingen_zonder_gezondheidscontrole",
        ),
        sessie=sessie,
    )
    assert bezoek(zonder) == [(pad, 200) for pad in PAGINAS]
    postgres_cluster.herstart()
    assert zonder.get("/")[0] == 500
    assert bezoek(zonder) == [(pad, 200) for pad in PAGINAS]
