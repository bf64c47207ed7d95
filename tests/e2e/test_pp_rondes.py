"""Beoordelingsrondes in the browser: the gemeente makes a plan from the project page (after a refused first try), opens
the startronde early for the kick-off, and the contractor's rater finds it first in Mijn beoordelingen. axe checks
every page (hulp.visit and hulp.submit)."""

import datetime

from django.utils import timezone

import pytest

from pastperformance.models import Beoordelingsplan
from tests.e2e.hulp import inloggen, submit, uitloggen, visit
from tests.factories import OrganisatieFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.e2e

VANDAAG = timezone.localdate()


@pytest.fixture
def project(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    aannemer = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=gemeente)
    UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=aannemer)
    project = ProjectFactory(gemeente=gemeente, naam="Renovatie Visbrug", fase="aanbesteding")
    project.opdrachtnemers.add(aannemer)
    return project


def datum(dagen: int) -> str:
    return (VANDAAG + datetime.timedelta(days=dagen)).isoformat()


def test_gemeente_maakt_een_plan_en_de_opdrachtnemer_ziet_wat_te_doen_is(page, project):
    inloggen(page, "sam@dordrecht.test")
    visit(page, "/pastperformance/")
    main = page.locator("main")
    assert main.get_by_text("Zo werkt past performance in de kring").is_visible()

    visit(page, project.get_absolute_url())
    submit(page, main.get_by_role("link", name="Beoordelingsplan maken"))
    page.get_by_label("Beoordelaar namens de gemeente").select_option(label="Sam Projectleider (Gemeente Dordrecht)")
    page.get_by_label("Beoordelaar namens de opdrachtnemer").select_option(
        label="Jip Uitvoerder (Merwedijk Infra B.V.)"
    )
    page.get_by_label("Start uitvoering").fill(datum(7))
    page.get_by_label("Geplande oplevering").fill(datum(-7))
    submit(page, page.get_by_role("button", name="Plan maken"))  # refused: the oplevering lies before the start
    assert main.get_by_text("ligt vóór de start van de uitvoering").is_visible()
    assert not Beoordelingsplan.objects.exists()

    page.get_by_label("Geplande oplevering").fill(datum(200))
    submit(page, page.get_by_role("button", name="Plan maken"))
    assert main.get_by_role("heading", name="Beoordelingsplan", level=1).is_visible()
    assert main.get_by_text("Jip Uitvoerder").is_visible()
    assert main.get_by_role("heading", name="Harde KPI's").is_visible()

    submit(page, main.get_by_role("link", name="Startronde (nr. 1)"))
    submit(page, main.get_by_role("button", name="Ronde nu openen"))
    assert main.get_by_text("De ronde is geopend").is_visible()
    assert main.get_by_role("row", name="Opdrachtgever over opdrachtnemer Gemeente Dordrecht Nee").is_visible()
    assert main.get_by_role("link", name="Beoordelen").is_visible()
    uitloggen(page)

    inloggen(page, "jip@merwedijk.test")
    visit(page, "/pastperformance/")
    assert main.get_by_text("In 1 ronde is nu iets van u nodig.").is_visible()
    submit(page, main.get_by_role("link", name="Toon alleen die ronde"))
    submit(page, main.get_by_role("link", name="Renovatie Visbrug"))
    assert main.get_by_role("link", name="Zelfbeoordeling").is_visible()
