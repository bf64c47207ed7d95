"""Fixtures of the fault tests: private servers and the portal's processes on the test database.

These tests run in CI's PostgreSQL + Redis step (.ci/run selects them there and leaves them out of the SQLite step).
Outside CI a test whose tools are missing is skipped with the reason; with CI=true it fails instead: a fault test
that silently does not run proves nothing."""

import os
import shutil
from pathlib import Path

from django.db import connection

import pytest

from tests.storingen.processen import PostgresCluster, RedisServer, database_url, postgres_bin, stop_proces

IN_CI = os.environ.get("CI", "").lower() in {"1", "true"}


def ontbreekt(reden: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true: {reden} Een storingstest mag in CI niet overgeslagen worden.")
    pytest.skip(reden)


@pytest.fixture
def postgres():
    """The portal's processes (gunicorn, workers) are separate processes: they need the test database on a server,
    which an in-memory SQLite database is not."""
    if connection.vendor != "postgresql":
        ontbreekt("Deze storingstest heeft een PostgreSQL-testdatabase nodig (DATABASE_URL=postgres://...).")


@pytest.fixture
def test_database_url(postgres) -> str:
    return database_url()


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of this test alone (never the shared one on 6379), stopped afterwards."""
    if shutil.which("redis-server") is None:
        ontbreekt("redis-server is niet geïnstalleerd (apt-get install redis-server).")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_cluster():
    """A PostgreSQL cluster of this test alone (initdb, own port), removed afterwards."""
    bin_ = postgres_bin()
    if bin_ is None:
        ontbreekt("initdb is niet gevonden (apt-get install postgresql).")
    cluster = PostgresCluster(bin_)
    try:
        cluster.initdb()
        cluster.start()
        yield cluster
    finally:
        cluster.opruimen()


@pytest.fixture
def media(tmp_path, settings) -> Path:
    """The test's media folder, shared with the processes it starts."""
    map_ = tmp_path / "media"
    map_.mkdir()
    settings.MEDIA_ROOT = map_
    return map_


@pytest.fixture
def processen():
    """Start processes through `processen.append(...)`; all are stopped afterwards, the last started first."""
    gestart = []
    yield gestart
    for proces in reversed(gestart):
        stop_proces(proces)
