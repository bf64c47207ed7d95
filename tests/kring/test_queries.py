"""Query counts per page, pinned, and unchanged when the data grows tenfold."""

import pytest

from tests.conftest import client_for
from tests.factories import IntentieovereenkomstFactory, OndertekeningFactory, UserFactory, WerkgroepFactory
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db


def werkgroepen(n):
    WerkgroepFactory.create_batch(n)


def aanvragers(n):
    UserFactory.create_batch(n, aangevraagd=True)


# Steady state: the session comes from the cache; a logged-in page pays 1 query for the user with organisation,
# a beheerder's page 1 more for the second-factor check.
@pytest.mark.parametrize(
    ("rol", "url", "expected", "grow"),
    [
        ("anoniem", "/", 1, werkgroepen),
        # werkgroepen, the current agreement, trekkers, themadoelen (tests/werkgroepen/test_werkgroepen_paginas.py)
        ("anoniem", "/werkgroepen/", 4, werkgroepen),
        ("on_eigen", "/", 2, werkgroepen),
        ("on_eigen", "/start/", 3, aanvragers),
        ("on_eigen", "/profiel/", 2, aanvragers),
        ("beheerder", "/start/", 4, aanvragers),
        ("beheerder", "/beheer/registraties/", 4, aanvragers),
    ],
)
def test_query_counts(clients, rol, url, expected, grow):
    assert_queries_stable(clients[rol], url, expected=expected, grow=grow)


def test_start_for_a_signer(personas, clients):
    """Mijn kring with a version open for signing, for a tekenbevoegd member whose organisation has not signed."""
    ondertekenaar = personas["on_eigen"]
    ondertekenaar.is_tekenbevoegd = True
    ondertekenaar.save(update_fields=["is_tekenbevoegd"])
    overeenkomst = IntentieovereenkomstFactory(status="ter_ondertekening")

    def handtekeningen(n):
        OndertekeningFactory.create_batch(n, overeenkomst=overeenkomst)

    # user, second factor, the current version, "is the organisation a member", "has it signed"
    assert_queries_stable(clients["on_eigen"], "/start/", expected=5, grow=handtekeningen)


def test_werkgroep_detail(client):
    werkgroep = WerkgroepFactory()
    assert_queries_stable(client, werkgroep.get_absolute_url(), expected=4, grow=werkgroepen)


def test_waiting_page():
    client = client_for(UserFactory(aangevraagd=True))
    assert_queries_stable(client, "/wachten/", expected=1, grow=aanvragers)
