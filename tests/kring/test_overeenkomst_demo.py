"""The demo's three versions of the intentieovereenkomst, its signatories and its demo signer."""

import datetime

from django.core.management import call_command

import pytest

from kring.models import Intentieovereenkomst, Ondertekening, Organisatie, User
from kring.permissions import is_tekengerechtigd, mag_tekenen
from kring.selectors.overeenkomst import deelnemers_overzicht, overeenkomst_huidig

pytestmark = pytest.mark.django_db

Status = Intentieovereenkomst.Status


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo")


def test_three_versions_with_their_signatories(demo):
    eerste, tweede, derde = Intentieovereenkomst.objects.order_by("versie")
    assert (eerste.status, eerste.ingangsdatum, eerste.einddatum) == (
        Status.VERLOPEN,
        datetime.date(2019, 3, 28),
        datetime.date(2020, 3, 27),
    )
    leden_2019 = Organisatie.objects.filter(soort="opdrachtnemer", lid_sinds=datetime.date(2019, 3, 28))
    assert set(eerste.ondertekeningen.values_list("organisatie__naam", flat=True)) == {
        "Gemeente Dordrecht",
        *leden_2019.values_list("naam", flat=True),
    }
    assert (tweede.status, tweede.ingangsdatum.year, tweede.einddatum) == (
        Status.VERLOPEN,
        2021,
        datetime.date(2026, 6, 30),
    )
    assert tweede.ondertekeningen.filter(organisatie__soort="opdrachtnemer").count() == 22
    assert tweede.ondertekeningen.filter(organisatie__soort="gemeente").get().organisatie.naam == "Gemeente Dordrecht"
    assert derde.status == Status.TER_ONDERTEKENING and overeenkomst_huidig() == derde
    overzicht = deelnemers_overzicht(overeenkomst=derde)
    assert overzicht.aantal_getekend == 14 and overzicht.aantal_niet_getekend == 11  # 3 gemeenten, half the companies
    for versie in (eerste, tweede, derde):
        assert versie.themadoelen.count() == 5
    assert derde.themadoelen.filter(werkgroepen__isnull=False).distinct().count() == 5
    for ondertekening in Ondertekening.objects.select_related("ondertekenaar"):
        assert ondertekening.ondertekenaar.is_tekenbevoegd
        assert ondertekening.ondertekenaar.organisatie_id == ondertekening.organisatie_id
        assert ondertekening.ondertekenaar.email.endswith(".example")


def test_the_demo_directeur_may_sign_version_3_and_the_projectleider_may_not(demo):
    derde = Intentieovereenkomst.objects.get(versie=3)
    directeur = User.objects.get(email="directeur@oudelandse.example")
    assert is_tekengerechtigd(directeur) and mag_tekenen(directeur, derde)
    assert not User.objects.get(email="projectleider@dordrecht.example").is_tekenbevoegd


def test_running_the_demo_again_changes_nothing(demo):
    aantallen = (Intentieovereenkomst.objects.count(), Ondertekening.objects.count(), User.objects.count())
    call_command("demo")
    assert (Intentieovereenkomst.objects.count(), Ondertekening.objects.count(), User.objects.count()) == aantallen
