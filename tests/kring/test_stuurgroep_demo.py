"""The demo's indicators (issue 8): one per computed source that fits a themadoel of the current agreement and one
filled in by hand, with values for the last four quarters, and the computed values of those quarters stored, so the
dashboard has history; running the demo again adds nothing."""

from decimal import Decimal

from django.core.management import call_command

import pytest

from kring.models import AuditEvent, Indicator, Indicatorwaarde
from kring.selectors.overeenkomst import overeenkomst_huidig
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus

pytestmark = pytest.mark.django_db

Bron = Indicator.Bron
LAATSTE_VIER = [kwartaal_plus(huidig_kwartaal(), stap) for stap in range(-4, 0)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo")


def test_indicators_for_the_themadoelen_of_the_current_agreement(demo):
    indicatoren = list(Indicator.objects.select_related("themadoel"))
    assert {indicator.bron for indicator in indicatoren} == set(Bron.values)  # every source, one by hand
    assert len(indicatoren) == len(Bron.values)
    huidig = overeenkomst_huidig()
    assert {indicator.themadoel.overeenkomst_id for indicator in indicatoren} == {huidig.pk}
    per_bron = {indicator.bron: indicator for indicator in indicatoren}
    assert per_bron[Bron.SROI_GEREALISEERD].themadoel.naam == "Arbeidsmarkt en social return"
    assert per_bron[Bron.PP_OG_ON].themadoel.naam == "Past performance"
    assert per_bron[Bron.PROJECTEN_BESPROKEN].themadoel.naam == "Continuïteit en werk met werk maken"
    assert not per_bron[Bron.HANDMATIG].hoger_is_beter


def test_history_for_the_last_four_quarters(demo):
    handmatig = Indicator.objects.get(bron=Bron.HANDMATIG)
    waarden = list(handmatig.waarden.order_by("kwartaal").values_list("kwartaal", "waarde"))
    assert [kwartaal for kwartaal, _ in waarden] == LAATSTE_VIER
    assert [waarde for _, waarde in waarden] == [Decimal("98.5"), Decimal("96.0"), Decimal("94.5"), Decimal("92.0")]
    assert all(rij.toelichting and rij.door for rij in handmatig.waarden.all())
    for indicator in Indicator.objects.exclude(bron=Bron.HANDMATIG):
        assert sorted(indicator.waarden.values_list("kwartaal", flat=True)) == LAATSTE_VIER, indicator
    # Values the portal could compute (the demo has projects, ratings, obligations, activities and signals).
    assert Indicatorwaarde.objects.exclude(indicator__bron=Bron.HANDMATIG).filter(waarde__isnull=False).exists()


def test_running_the_demo_again_adds_nothing(demo):
    voor = (
        list(Indicator.objects.values_list("pk", "naam", "doel")),
        list(Indicatorwaarde.objects.values_list("pk", "waarde", "vastgelegd_op")),
        AuditEvent.objects.filter(actie__startswith="indicator").count(),
    )
    call_command("demo")
    na = (
        list(Indicator.objects.values_list("pk", "naam", "doel")),
        list(Indicatorwaarde.objects.values_list("pk", "waarde", "vastgelegd_op")),
        AuditEvent.objects.filter(actie__startswith="indicator").count(),
    )
    assert na == voor
