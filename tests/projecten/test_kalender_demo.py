"""The kalender's demo: the two demo contractors follow a few upcoming projects of Dordrecht (the Visbrug among them),
and the Visbrug's tender moved two days ago, so the reminder sweep mails them about it; idempotent."""

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from kring.services.herinneringen import herinneringen_send
from projecten.models import Interesse, Projectwijziging
from projecten.selectors.kalender import kalender_publiek

pytestmark = pytest.mark.django_db

JIP, NOOR = "uitvoerder@merwedijk.example", "werkvoorbereider@wantij.example"


def test_demo_followers_get_the_visbrug_change_once(settings):
    settings.DEBUG = True
    call_command("demo")
    call_command("demo")  # idempotent: the same interests and the same change
    volgers = {email: Interesse.objects.filter(gebruiker__email=email) for email in (JIP, NOOR)}
    assert volgers[JIP].count() == 4 and volgers[NOOR].count() == 4
    komend = kalender_publiek()
    assert all(komend.filter(pk=interesse.project_id).exists() for rij in volgers.values() for interesse in rij)
    [wijziging] = Projectwijziging.objects.filter(
        project__naam="Renovatie Visbrug", reden__startswith="De watervergunning"
    )
    assert (
        wijziging.nieuwe_waarde != wijziging.oude_waarde and wijziging.door.email == "projectleider@dordrecht.example"
    )

    mail.outbox.clear()
    herinneringen_send(vandaag=timezone.localdate())
    onderwerpen = {adres: [bericht.subject for bericht in mail.outbox if adres in bericht.to] for adres in (JIP, NOOR)}
    for adres in (JIP, NOOR):
        assert any("Renovatie Visbrug: kwartaal van aanbesteding gewijzigd" in s for s in onderwerpen[adres]), adres
