"""The demo's uitvoeringsagenda: realistic activities over the werkgroepen, some late and some done, with notes."""

from django.core.management import call_command
from django.db.models import Count

import pytest

from kring.models import User
from werkgroepen.models import Activiteit, Voortgangsnotitie, Werkgroep
from werkgroepen.selectors.agenda import te_laat

pytestmark = pytest.mark.django_db


def test_demo_fills_the_agenda_idempotently(settings):
    settings.DEBUG = True
    call_command("demo")
    eerst = (Activiteit.objects.count(), Voortgangsnotitie.objects.count())
    call_command("demo")
    assert (Activiteit.objects.count(), Voortgangsnotitie.objects.count()) == eerst
    assert eerst[0] >= 15 and eerst[1] >= 15

    per_status = dict(Activiteit.objects.values_list("status").annotate(aantal=Count("pk")))
    assert set(per_status) == set(Activiteit.Status.values)
    assert Activiteit.objects.filter(te_laat()).count() >= 2
    assert Werkgroep.objects.filter(activiteiten__isnull=False).distinct().count() == Werkgroep.objects.count()
    # Every person involved has a demo account with a fictional address.
    betrokken = User.objects.filter(geinitieerde_activiteiten__isnull=False) | User.objects.filter(
        activiteiten__isnull=False
    )
    assert all(email.endswith(".example") for email in betrokken.values_list("email", flat=True))
    # The activities of this year's agreement point at its themadoelen, the finished ones at the earlier agreement's.
    assert not Activiteit.objects.filter(themadoel__isnull=True).exists()
    assert Activiteit.objects.filter(status="lopend", themadoel__overeenkomst__versie=3).count() >= 5
