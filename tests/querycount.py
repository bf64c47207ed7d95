"""Pinning query counts, and proving they stay put when the data grows tenfold."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kring import fragmenten


def count_queries(client, url: str) -> int:
    """The queries of `url` with its cached fragments out of date (kring.fragmenten): what the page costs to build."""
    for onderdeel in fragmenten.ONDERDELEN:
        fragmenten.vernieuw(onderdeel)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} gaf {response.status_code}"
    return len(ctx.captured_queries)


def assert_queries_stable(client, url: str, *, expected: int, grow: Callable[[int], None], base: int = 3) -> None:
    """`grow(n)` adds n rows of whatever the page lists. The page must cost `expected` queries with `base` rows and
    with ten times as many (measured in steady state: sessions are cached, so a logged-in page pays one query for the
    user with organisation)."""
    client.get(url)  # warm up: the first request after login writes the session timestamps
    grow(base)
    klein = count_queries(client, url)
    grow(base * 9)
    groot = count_queries(client, url)
    assert (klein, groot) == (expected, expected), (
        f"{url}: {klein} queries bij {base} rijen, {groot} bij {base * 10}; vastgepind op {expected}"
    )
