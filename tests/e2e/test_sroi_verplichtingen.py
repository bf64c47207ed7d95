"""SROI obligations in the browser: the gemeente records an obligation from the project page (after a refused first
try), sees the calculation, and the SROI overview and progress pages show it. axe checks every page (hulp.visit and
hulp.submit)."""

import datetime

import pytest

from sroi.models import Verplichting
from tests.e2e.hulp import inloggen, submit, visit
from tests.factories import InzetregelFactory, OrganisatieFactory, ProjectFactory, UserFactory, WaardetabelFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def project(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    aannemer = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    UserFactory(naam="Sam Coördinator", email="sam@dordrecht.test", organisatie=gemeente, stuurgroep=True)
    tabel = WaardetabelFactory(naam="Bouwblokken Drechtsteden 2023")
    tabel.regio.gemeenten.add(gemeente)
    project = ProjectFactory(
        gemeente=gemeente, naam="Renovatie Visbrug", fase="uitvoering", aanbesteding_kwartaal=datetime.date(2024, 4, 1)
    )
    project.opdrachtnemers.add(aannemer)
    return project


def test_gemeente_legt_een_verplichting_vast_en_volgt_de_voortgang(page, project):
    inloggen(page, "sam@dordrecht.test")
    main = page.locator("main")
    visit(page, "/sroi/")
    assert main.get_by_text("Zo werkt social return in de kring").is_visible()

    visit(page, project.get_absolute_url())
    submit(page, main.get_by_role("link", name="SROI-verplichting vastleggen"))
    page.get_by_label("SROI-coördinator van de gemeente").select_option(label="Sam Coördinator (Gemeente Dordrecht)")
    page.get_by_label("Bedrag van de grondslag (€)").fill("1.250.000")
    page.get_by_label("Percentage").fill("5")
    page.get_by_label("PSO-korting (%)").fill("5")
    page.get_by_label("Looptijd vanaf").fill("2024-07-01")
    page.get_by_label("Looptijd tot en met").fill("2024-06-01")
    submit(page, page.get_by_role("button", name="Verplichting vastleggen"))  # refused: the end lies before the start
    assert main.get_by_text("ligt vóór het begin").is_visible()
    assert not Verplichting.objects.exists()

    page.get_by_label("Looptijd tot en met").fill("2025-06-30")
    submit(page, page.get_by_role("button", name="Verplichting vastleggen"))
    assert main.get_by_role("heading", name="SROI-verplichting", level=1).is_visible()
    # 1,250,000 × 5 % = 62,500; PSO 5 %: 59,375.
    assert main.get_by_role("row", name="SR-bedrag € 59.375,00").is_visible()

    InzetregelFactory(verplichting=Verplichting.objects.get(), waarde="5937.50", status="gevalideerd")
    visit(page, "/sroi/")
    assert main.get_by_text("10 % gerealiseerd").is_visible()
    visit(page, "/sroi/voortgang/")
    assert main.get_by_role("heading", name="De kring als geheel").is_visible()
    assert main.get_by_role("row", name="Merwedijk Infra B.V.").is_visible()
