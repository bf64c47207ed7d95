"""The audit log's helpers for changes: a snapshot of fields as JSON, and which of them changed."""

import datetime
import json
from decimal import Decimal

from django.utils import timezone

import pytest

from kring.audit import json_waarde, momentopname, wijzigingen
from tests.factories import ActiviteitFactory, BijeenkomstFactory

pytestmark = pytest.mark.django_db


def test_json_waarde_keeps_plain_values_and_writes_the_rest_as_text():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 10, 14, 0))
    assert json_waarde("tekst") == "tekst" and json_waarde(3) == 3 and json_waarde(None) is None
    assert json_waarde(True) is True and json_waarde(1.5) == 1.5
    assert json_waarde(datetime.date(2026, 3, 10)) == "2026-03-10"
    assert json_waarde(moment) == "2026-03-10T14:00:00+01:00"
    assert json_waarde(Decimal("2500.50")) == "2500.50"
    assert json_waarde([datetime.date(2026, 1, 1), "x"]) == ["2026-01-01", "x"]


def test_momentopname_is_json_with_related_objects_as_their_text():
    activiteit = ActiviteitFactory(werkgroep__naam="Continuïteit", themadoel=None, budget=Decimal("2500.00"))
    stand = momentopname(activiteit, ["titel", "werkgroep", "themadoel", "deadline", "budget"])
    assert stand == {
        "titel": activiteit.titel,
        "werkgroep": "Continuïteit",
        "themadoel": None,
        "deadline": activiteit.deadline.isoformat(),
        "budget": "2500.00",
    }
    assert json.loads(json.dumps(stand)) == stand


def test_momentopname_of_a_moment_is_local_time():
    bijeenkomst = BijeenkomstFactory(werkgroep=None)
    stand = momentopname(bijeenkomst, ["begin", "werkgroep"])
    assert stand == {"begin": timezone.localtime(bijeenkomst.begin).isoformat(), "werkgroep": None}


def test_wijzigingen_gives_only_what_changed_before_and_after():
    voor = {"titel": "Oud", "deadline": "2026-05-01", "team": ["A", "B"], "budget": None}
    na = {"titel": "Nieuw", "deadline": "2026-05-01", "team": ["A", "C"], "budget": None}
    assert wijzigingen(voor, na) == (
        {"titel": "Oud", "team": ["A", "B"]},
        {"titel": "Nieuw", "team": ["A", "C"]},
    )


def test_wijzigingen_of_equal_snapshots_is_empty():
    assert wijzigingen({"titel": "Zelfde"}, {"titel": "Zelfde"}) == ({}, {})


def test_a_key_in_one_snapshot_only_counts_as_none_in_the_other():
    assert wijzigingen({"weg": "x"}, {"nieuw": 1}) == ({"nieuw": None, "weg": "x"}, {"nieuw": 1, "weg": None})
