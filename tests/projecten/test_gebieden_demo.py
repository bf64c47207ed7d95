"""The demo's gebieden: opgaven in the Dordrecht wijken that give a few koppelkansen, two of them decided with a
reason, and a street with graafrust; running the demo again changes nothing."""

from django.core.management import call_command
from django.utils import timezone

import pytest

from projecten.models import Graafrust, Koppelbesluit, Koppelkans, Opgave
from projecten.services.gebieden import koppelkansen_detect

pytestmark = pytest.mark.django_db


def test_demo_gebieden_idempotently(settings):
    settings.DEBUG = True
    call_command("demo")
    eerst = [model.objects.count() for model in (Opgave, Koppelkans, Koppelbesluit, Graafrust)]
    call_command("demo")
    assert [model.objects.count() for model in (Opgave, Koppelkans, Koppelbesluit, Graafrust)] == eerst

    assert Opgave.objects.values("gebied").distinct().count() >= 5
    assert set(Opgave.objects.values_list("eigenaar", flat=True)) >= {"gemeente", "netbeheerder", "corporatie"}
    assert 2 <= Koppelkans.objects.count() <= 15
    besluiten = {besluit.besluit: besluit for besluit in Koppelbesluit.objects.select_related("koppelkans", "door")}
    assert set(besluiten) == {"gebundeld", "bewust_niet"}
    for besluit in besluiten.values():
        assert besluit.koppelkans.status == besluit.besluit and len(besluit.reden) > 40
        assert besluit.door.email == "projectleider@dordrecht.example"
    assert Koppelkans.objects.filter(status="open").exists()
    assert Graafrust.objects.get().tot > timezone.localdate()
    # What the demo stored is what detection finds.
    assert koppelkansen_detect().nieuw == 0
