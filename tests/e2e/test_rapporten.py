"""PDF reports in the browser: requested from the agreement's page, the report page follows the work through htmx
polling (in the queue, being made, ready) until the download appears; the file is a PDF; a failed report shows its
reason. Every page on the way is checked with axe."""

import pytest

from kring.models import Intentieovereenkomst, Rapport
from kring.services import rapporten
from kring.services.rapporten import rapport_render
from tests.e2e.hulp import check_page, inloggen, submit, visit
from tests.factories import IntentieovereenkomstFactory, OndertekeningFactory, RapportFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def overeenkomst():
    versie = IntentieovereenkomstFactory(versie=2, titel="Intentieovereenkomst MKB kring Dordrecht")
    OndertekeningFactory(
        overeenkomst=versie, organisatie__naam="Merwedijk Infra B.V.", naam_ondertekenaar="Bas Directeur"
    )
    return versie


@pytest.fixture
def wachtende_worker(monkeypatch):
    """The task is not run at the request (as a busy worker would not): the test runs it when it wants to."""
    opdrachten = []
    monkeypatch.setattr(rapporten.tasks.render_rapport, "delay", opdrachten.append)
    return opdrachten


def test_rapport_aanvragen_volgen_en_downloaden(page, overeenkomst, wachtende_worker):
    UserFactory(naam="Olga Opdracht", email="olga@bedrijf.test")
    inloggen(page, "olga@bedrijf.test")
    visit(page, "/rapporten/")
    assert page.get_by_text("U heeft nog geen rapporten aangevraagd.").is_visible()

    visit(page, overeenkomst.get_absolute_url())
    submit(page, page.get_by_role("button", name="PDF maken"))
    (rapport_id,) = wachtende_worker
    assert page.url.endswith(f"/rapporten/{rapport_id}/")
    status = page.get_by_role("status").filter(has_text="Het rapport verschijnt hier")
    assert "In de wachtrij" in status.inner_text()

    # The page asks every 2 seconds; each change shows up in the live region without reloading the page.
    Rapport.objects.filter(pk=rapport_id).update(status=Rapport.Status.BEZIG)
    page.get_by_text("Wordt gemaakt…").wait_for()
    check_page(page)
    rapport_render(rapport_id=rapport_id)
    download_link = page.get_by_role("status").get_by_role("link", name="PDF downloaden")
    download_link.wait_for()
    assert page.get_by_text("Het rapport is klaar").is_visible()
    check_page(page)

    with page.expect_download() as download:
        download_link.click()
    assert (
        download.value.suggested_filename == "intentieovereenkomst-mkb-kring-dordrecht-versie-2-met-ondertekenaars.pdf"
    )
    with open(download.value.path(), "rb") as bestand:
        assert bestand.read(5) == b"%PDF-"
    # Chromium ends a navigation that turns into a download with ERR_ABORTED: that is the download, not a failure.
    page.kring_fouten.remove(f"mislukt: {download.value.url} net::ERR_ABORTED")

    visit(page, "/rapporten/")
    rij = page.get_by_role("row").filter(has_text="Intentieovereenkomst MKB kring Dordrecht, versie 2")
    assert "Klaar" in rij.inner_text() and rij.get_by_role("link", name="PDF downloaden").is_visible()


def test_mislukt_rapport_toont_de_reden(page):
    olga = UserFactory(naam="Olga Opdracht", email="olga@bedrijf.test")
    verdwenen = IntentieovereenkomstFactory(status=Intentieovereenkomst.Status.VAN_KRACHT)
    rapport = RapportFactory(aangevraagd_door=olga, overeenkomst=verdwenen)
    verdwenen.delete()
    rapport_render(rapport_id=rapport.pk)

    inloggen(page, "olga@bedrijf.test")
    visit(page, f"/rapporten/{rapport.pk}/")
    status = page.get_by_role("status").filter(has_text="Het rapport kon niet worden gemaakt.")
    assert "Deze intentieovereenkomst bestaat niet (meer), of u mag haar niet inzien." in status.inner_text()
    visit(page, "/rapporten/")
    assert "Mislukt" in page.get_by_role("row").filter(has_text=rapport.titel).inner_text()
