"""The demo's kennisbank: themes, praktijkvoorbeelden and lessons with mixed visibility, items to review, and a
document whose PDF passes the attachment checks; idempotent."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone

import pytest

from kring.models import User
from werkgroepen import zoeken
from werkgroepen.models import Bijlage, Kennisitem, NuttigStem, Tag, Thema
from werkgroepen.selectors.kennisbank import kennisbank_zoeken
from werkgroepen.uploads import controleer_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("demo")


def tellingen():
    return tuple(model.objects.count() for model in (Thema, Tag, Kennisitem, Bijlage, NuttigStem))


def test_demo_fills_the_kennisbank_idempotently(demo):
    eerst = tellingen()
    call_command("demo")
    assert tellingen() == eerst
    assert Thema.objects.count() == 7 and 6 <= Kennisitem.objects.count() <= 10
    assert set(Kennisitem.objects.values_list("soort", flat=True)) == set(Kennisitem.Soort.values)
    assert set(Kennisitem.objects.values_list("zichtbaarheid", flat=True)) == set(Kennisitem.Zichtbaarheid.values)
    assert Kennisitem.objects.filter(herzien_voor__lt=timezone.localdate()).count() >= 2
    assert Kennisitem.objects.filter(titel__icontains="visbrug").exists()
    for item in Kennisitem.objects.all():
        assert item.auteur.email.endswith(".example") and item.themas.exists()
        if item.soort == Kennisitem.Soort.PRAKTIJKVOORBEELD:
            assert item.uitdaging and item.aanpak
    for stem in NuttigStem.objects.select_related("kennisitem"):
        assert stem.kennisitem.aantal_nuttig == stem.kennisitem.nuttig_stemmen.count()


def test_the_demo_document_passes_the_upload_checks(demo):
    bijlage = Bijlage.objects.get()
    with bijlage.bestand.open("rb") as bestand:
        inhoud = bestand.read()
    gecontroleerd = controleer_upload(SimpleUploadedFile(bijlage.naam, inhoud))
    assert (gecontroleerd.mime_type, gecontroleerd.sha256) == ("application/pdf", bijlage.sha256)


@pytest.mark.skipif(not zoeken.is_postgres(), reason="Nederlandse stemming bestaat alleen op PostgreSQL (CI).")
def test_the_demo_is_searchable_in_dutch(demo):
    lid = User.objects.get(email="uitvoerder@merwedijk.example")
    resultaten = kennisbank_zoeken(user=lid, params=QueryDict("q=riolering"), pagina=None).resultaten
    assert [r.kennisitem.titel for r in resultaten] == [
        "Marktconsultatie vóór de aanbesteding van een rioolvervanging"
    ]
