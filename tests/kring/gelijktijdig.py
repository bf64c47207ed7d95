"""Two reminder sweeps at the same moment, for the tests that prove each reminder still goes out once."""

import threading

from django.db import connection

import pytest

from kring.selectors.herinneringen import herinneringen_plan
from kring.services import herinneringen as services


def twee_rondes_tegelijk(monkeypatch, *, vandaag, na_plannen=(None, None), wachttijd=30) -> list:
    """Run `herinneringen_send` twice in two threads, each on its own connection; both plan before either sends.

    `na_plannen` holds per sweep an optional hook that gets the planned mails (to reorder them, say). Fails the test on
    any exception in a sweep and returns both summaries. PostgreSQL only: SQLite allows one writer at a time."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite laat maar één schrijver tegelijk toe; de test heeft PostgreSQL nodig (CI).")
    samen = threading.Barrier(2, timeout=wachttijd / 3)
    hooks = iter(na_plannen)
    slot = threading.Lock()

    def plan_en_wacht(*, vandaag):
        plan = herinneringen_plan(vandaag=vandaag)
        with slot:
            hook = next(hooks)
        if hook:
            hook(plan.mails)
        samen.wait()
        return plan

    monkeypatch.setattr(services, "herinneringen_plan", plan_en_wacht)
    samenvattingen, fouten = [], []

    def ronde():
        try:
            samenvattingen.append(services.herinneringen_send(vandaag=vandaag))
        except Exception as fout:  # noqa: BLE001 (reported below)
            fouten.append(fout)
        finally:
            connection.close()

    rondes = [threading.Thread(target=ronde) for _ in range(2)]
    for draad in rondes:
        draad.start()
    for draad in rondes:
        draad.join(timeout=wachttijd)
    assert not fouten, fouten
    return samenvattingen
