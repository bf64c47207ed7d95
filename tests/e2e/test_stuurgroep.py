"""The stuurgroep dashboard in the browser (issue 8): a stuurgroep member opens it, picks another period, follows a
figure to its detail page and requests the quarterly report, which the report page shows becoming ready; a contractor
sees the dashboard without the SROI section and without the request button. Every page is checked with axe."""

import pytest

from kring.dashboard import Periode
from kring.dashboard.kwartaalrapportage import kwartaal_getal
from kring.models import Rapport
from kring.services import rapporten
from kring.services.rapporten import rapport_render
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus
from tests.e2e.hulp import check_page, inloggen, submit, visit
from tests.factories import (
    ActiviteitFactory,
    OrganisatieFactory,
    ProjectFactory,
    SignaalFactory,
    UserFactory,
    VerplichtingFactory,
)

pytestmark = pytest.mark.e2e

VORIG = Periode("kwartaal", kwartaal_plus(huidig_kwartaal(), -1))


@pytest.fixture
def kring():
    """A small kring: a gemeente and a contractor with people, an activity, a project, an obligation, a signal."""
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    bedrijf = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    stuurgroep = UserFactory(
        naam="Robin Stuurgroep", email="robin@dordrecht.test", organisatie=gemeente, stuurgroep=True
    )
    UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=bedrijf)
    ActiviteitFactory()
    ProjectFactory(gemeente=gemeente)
    VerplichtingFactory()
    SignaalFactory()
    return stuurgroep


@pytest.fixture
def wachtende_worker(monkeypatch):
    """The report is not rendered at the request (as a busy worker would not): the test renders it when it wants."""
    opdrachten = []
    monkeypatch.setattr(rapporten.tasks.render_rapport, "delay", opdrachten.append)
    return opdrachten


def test_stuurgroep_dashboard_periode_cijfer_en_kwartaalrapportage(page, kring, wachtende_worker):
    inloggen(page, "robin@dordrecht.test")
    visit(page, "/stuurgroep/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Stuurgroep-dashboard")
    inhoud = page.get_by_role("navigation", name="Inhoud")
    for sleutel in ("indicatoren", "werkgroepen", "pastperformance", "sroi", "pipeline", "leden", "klaagpaal"):
        assert page.locator(f"section#{sleutel}").count() == 1, sleutel
        assert inhoud.locator(f'a[href="#{sleutel}"]').count() == 1, sleutel

    # Another period: the previous quarter, for every section at once.
    page.get_by_label("Periode", exact=True).select_option(VORIG.code)
    submit(page, page.get_by_role("button", name="Tonen"))
    assert page.url.endswith(f"/stuurgroep/?periode={VORIG.code}")
    assert VORIG.label in page.get_by_role("heading", level=1).inner_text()

    # A figure leads to the page it comes from.
    cijfer = page.locator("section#leden table a").first
    doel = cijfer.get_attribute("href")
    submit(page, cijfer)
    assert doel in page.url

    # The quarterly report of that quarter, requested from the dashboard, on its own page until it is ready.
    visit(page, f"/stuurgroep/?periode={VORIG.code}")
    submit(page, page.get_by_role("button", name=f"Kwartaalrapportage {VORIG.label} als PDF"))
    (rapport_id,) = wachtende_worker
    rapport = Rapport.objects.get(pk=rapport_id)
    assert (rapport.soort, rapport.parameters) == (
        Rapport.Soort.KWARTAALRAPPORTAGE,
        {"kwartaal": kwartaal_getal(VORIG)},
    )
    assert page.url.endswith(f"/rapporten/{rapport_id}/")
    assert "In de wachtrij" in page.get_by_role("status").filter(has_text="Het rapport verschijnt hier").inner_text()
    rapport_render(rapport_id=rapport_id)
    page.get_by_role("status").get_by_role("link", name="PDF downloaden").wait_for()
    assert page.get_by_text("Het rapport is klaar").is_visible()
    check_page(page)
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.KLAAR, rapport.fout


def test_opdrachtnemer_ziet_het_dashboard_zonder_sroi(page, kring):
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/stuurgroep/")
    assert page.locator("section#sroi").count() == 0
    assert page.get_by_role("navigation", name="Inhoud").locator('a[href="#sroi"]').count() == 0
    assert page.locator("section#leden").count() == 1 and page.locator("section#pastperformance").count() == 1
    assert page.get_by_role("button", name="als PDF").count() == 0
