from django.core.management import CommandError, call_command

import pytest

from kring.models import Organisatie, User
from werkgroepen.models import Werkgroep

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("demo")
    eerste = (Organisatie.objects.count(), User.objects.count(), Werkgroep.objects.count())
    call_command("demo")
    assert (Organisatie.objects.count(), User.objects.count(), Werkgroep.objects.count()) == eerste
    assert Organisatie.objects.filter(soort="gemeente").count() == 3
    assert Organisatie.objects.filter(soort="opdrachtnemer").count() >= 20
    assert Werkgroep.objects.count() == 7
    uitvoer = capsys.readouterr().out
    assert "Kringdemo-2026!" in uitvoer and "beheerder@kringportaal.example" in uitvoer
    for rol in ["beheerder", "gemeente", "stuurgroep", "opdrachtnemer"]:
        assert rol in uitvoer
    assert User.objects.get(email="beheerder@kringportaal.example").is_beheerder


def test_demo_refuses_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo")
