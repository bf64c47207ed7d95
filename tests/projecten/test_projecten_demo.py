"""The demo pipeline of Gemeente Dordrecht: some forty valid projects across wijken, fases and quarters (the Visbrug
among them), unevenly spread, with movable ones, history and awarded contractors; idempotent."""

from collections import Counter

from django.core.management import call_command

import pytest

from projecten.kwartalen import komende_kwartalen
from projecten.models import Gebied, Project, Projectwijziging, Waardeklasse
from projecten.services.projecten import project_valideren

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo")
    return Project.objects.filter(gemeente__naam="Gemeente Dordrecht")


def test_demo_pipeline_is_valid_and_varied(demo):
    projecten = list(demo.select_related("gemeente", "gebied", "waardeklasse", "contactpersoon"))
    assert 38 <= len(projecten) <= 45
    for project in projecten:
        project_valideren(project=project, gegevens={})  # every rule of the service holds
    assert len({project.gebied_id for project in projecten}) >= 10
    assert set(Project.Fase.values) <= {project.fase for project in projecten}
    visbrug = demo.get(naam="Renovatie Visbrug")
    assert visbrug.besproken_in_kring_op and visbrug.ambitieweb and visbrug.raming
    assert visbrug.contactpersoon.email == "projectleider@dordrecht.example"
    for project in projecten:
        if project.fase in ("uitvoering", "nazorg", "afgerond"):
            assert project.opdrachtnemers.exists(), project
    assert Projectwijziging.objects.filter(project__in=demo).count() >= 5
    assert Waardeklasse.objects.count() == 5


def test_demo_spread_is_uneven_and_can_be_evened(demo):
    kwartalen = komende_kwartalen(12)
    per_kwartaal = Counter(
        demo.filter(aanbesteding_kwartaal__in=kwartalen).values_list("aanbesteding_kwartaal", flat=True)
    )
    aantallen = [per_kwartaal[kwartaal] for kwartaal in kwartalen]
    gemiddelde = sum(aantallen) / len(aantallen)
    assert sum(1 for aantal in aantallen if aantal == 0) >= 2
    assert sum(1 for aantal in aantallen if aantal > 1.5 * gemiddelde) >= 2
    verschuifbaar = demo.filter(
        zekerheid__in=["midden", "laag"],
        fase__in=["initiatief", "ontwerp", "voorbereiding"],
        verschuifbaar_vanaf__isnull=False,
    )
    assert verschuifbaar.count() >= 10
    for project in verschuifbaar:
        assert project.verschuifbaar_vanaf >= kwartalen[0] and project.verschuifbaar_tot <= kwartalen[-1]


def test_demo_projects_are_idempotent(demo):
    eerst = (demo.count(), Gebied.objects.count(), Projectwijziging.objects.count(), Waardeklasse.objects.count())
    call_command("demo")
    assert (
        demo.count(),
        Gebied.objects.count(),
        Projectwijziging.objects.count(),
        Waardeklasse.objects.count(),
    ) == eerst
