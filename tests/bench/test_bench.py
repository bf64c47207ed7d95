"""The pages `make bench` loads: the baseline is what it says (one query, a small template), and every page costs the
same number of queries when the bulk data grows tenfold (the bench itself reports them at scale 1)."""

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from kring import fragmenten
from tests.bench.run import paginas, personen
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "tests.bench.urls"


def test_the_baseline_is_one_query_and_a_small_page(bench_urls, personas):
    client = client_for(personas["gemeente"])
    client.get("/bench/basis/")
    with CaptureQueriesContext(connection) as ctx:
        antwoord = client.get("/bench/basis/")
    assert antwoord.status_code == 200 and len(ctx.captured_queries) == 1
    assert personas["gemeente"].naam in antwoord.content.decode() and len(antwoord.content) < 400


def test_the_anonymous_visitor_gets_no_baseline(bench_urls):
    assert Client().get("/bench/basis/").status_code == 302


def _tellingen() -> dict[str, int]:
    """Queries per bench page, built anew (fragments out of date), as the bench's own accounts."""
    wie = personen()
    tellingen = {}
    for pagina in paginas(wie):
        client = client_for(wie[pagina.rol])
        client.get(pagina.pad)
        for onderdeel in fragmenten.ONDERDELEN:
            fragmenten.vernieuw(onderdeel)
        with CaptureQueriesContext(connection) as ctx:
            antwoord = client.get(pagina.pad)
        assert antwoord.status_code == 200, pagina
        tellingen[pagina.page] = len(ctx.captured_queries)
    return tellingen


def test_every_bench_page_costs_the_same_queries_with_ten_times_the_data(bench_urls, settings):
    settings.DEBUG = True  # seed_bulk refuses production
    call_command("seed_bulk", scale=0.002)
    klein = _tellingen()
    call_command("seed_bulk", scale=0.02, wis=True)
    assert _tellingen() == klein
