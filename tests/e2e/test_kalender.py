"""The aanbestedingskalender in the browser: a visitor filters it (and gets a clear message for quarters out of
order); a contractor opens a project's details, follows it from the kalender (htmx swaps the button in place and the
status text says what happened), finds it under Mijn gevolgde projecten and on the project's page, and unfollows it.
axe checks every page, also after each swap."""

import datetime

import pytest

from projecten.kwartalen import huidig_kwartaal, kwartaal_label, kwartaal_plus
from projecten.models import Interesse
from tests.e2e.hulp import WACHTWOORD_LABEL, check_kopie, check_page, inloggen, submit, visit
from tests.factories import WACHTWOORD, GebiedFactory, OrganisatieFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.e2e


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(huidig_kwartaal(), plus)


@pytest.fixture
def kalender(db):
    dordrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    zwijndrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht")
    contact = UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=dordrecht)
    visbrug = ProjectFactory(
        gemeente=dordrecht,
        nummer="DOR-2027-014",
        naam="Renovatie Visbrug",
        omschrijving="Vervangen van het val en de aandrijving van de ophaalbrug.",
        gebied=GebiedFactory(gemeente=dordrecht, naam="Binnenstad", code="binnenstad"),
        soort_werk="kunstwerken",
        aanbesteding_kwartaal=kwartaal(1),
        start_kwartaal=kwartaal(2),
        zekerheid="hoog",
        contactpersoon=contact,
        co2_niveau=3,
    )
    ProjectFactory(
        gemeente=zwijndrecht,
        nummer="ZWD-2027-003",
        naam="Riolering Kijfhoek",
        soort_werk="riolering",
        aanbesteding_kwartaal=kwartaal(3),
        start_kwartaal=None,
        zekerheid="laag",
    )
    return visbrug


def test_bezoeker_filtert_de_kalender(page, kalender):
    visit(page, "/projecten/kalender/")
    main = page.locator("main")
    assert main.get_by_role("heading", name="2 aanbestedingen").is_visible()
    assert main.get_by_role("heading", name=kwartaal_label(kwartaal(1))).is_visible()
    assert main.get_by_role("row").filter(has_text="Renovatie Visbrug").is_visible()
    assert main.get_by_role("button", name="Volgen").count() == 0  # visitors see no member details or buttons
    assert main.locator("details").count() == 0

    page.get_by_label("Gemeente", exact=True).select_option(label="Gemeente Zwijndrecht")
    submit(page, main.get_by_role("button", name="Filteren"))
    assert main.get_by_role("heading", name="1 aanbesteding", exact=True).is_visible()
    assert main.get_by_role("row").filter(has_text="Riolering Kijfhoek").is_visible()
    assert main.get_by_role("row").filter(has_text="Renovatie Visbrug").count() == 0
    # The feed links carry the filter.
    assert "gemeente=" in main.get_by_role("link", name="JSON (aanbestedingskalender)").get_attribute("href")

    page.get_by_label("Kwartaal vanaf").select_option(label=kwartaal_label(kwartaal(3)))
    page.get_by_label("Kwartaal tot en met").select_option(label=kwartaal_label(kwartaal(1)))
    submit(page, main.get_by_role("button", name="Filteren"))
    assert main.get_by_role("alert").filter(has_text="ligt vóór het kwartaal ‘vanaf’").is_visible()


def test_opdrachtnemer_volgt_een_project(page, kalender):
    jip = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test")
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/projecten/kalender/")
    rij = page.get_by_role("row").filter(has_text="Renovatie Visbrug")
    rij.locator("summary").click()
    assert rij.get_by_text("Vervangen van het val").is_visible()
    assert rij.get_by_role("link", name="sam@dordrecht.test").is_visible()
    check_page(page)

    rij.get_by_role("button", name="Volgen DOR-2027-014 Renovatie Visbrug").click()
    rij.get_by_role("status").filter(has_text="U volgt dit project nu.").wait_for()
    knop = rij.get_by_role("button", name="Niet meer volgen DOR-2027-014 Renovatie Visbrug")
    assert knop.is_visible()
    assert page.evaluate("document.activeElement.id") == f"interesse-knop-{kalender.pk}"  # focus stays on the button
    assert Interesse.objects.filter(project=kalender, gebruiker=jip).exists()
    check_page(page)

    visit(page, "/projecten/gevolgd/")
    rij = page.get_by_role("row").filter(has_text="Renovatie Visbrug")
    assert "Voorbereiding" in rij.inner_text() and "Hoog" in rij.inner_text()
    visit(page, kalender.get_absolute_url())
    assert page.locator("main").get_by_role("status").filter(has_text="U volgt dit project.").is_visible()

    visit(page, "/projecten/gevolgd/")
    rij = page.get_by_role("row").filter(has_text="Renovatie Visbrug")
    rij.get_by_role("button", name="Niet meer volgen DOR-2027-014 Renovatie Visbrug").click()
    rij.get_by_role("status").filter(has_text="U volgt dit project niet meer.").wait_for()
    assert not Interesse.objects.exists()
    check_page(page)
    visit(page, "/projecten/gevolgd/")
    assert page.get_by_text("U volgt nog geen projecten.").is_visible()


def test_volgen_zonder_javascript(page, browser, live_server, kalender):
    """Without JavaScript the button is a plain form: it posts and comes back to the kalender with a message."""
    UserFactory(naam="Noor Werkvoorbereider", email="noor@wantij.test")
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=False)
    zonder_js = context.new_page()
    zonder_js.kring_fouten = []
    zonder_js.goto("/account/login/")
    zonder_js.get_by_label("E-mailadres").fill("noor@wantij.test")
    zonder_js.get_by_label(WACHTWOORD_LABEL).fill(WACHTWOORD)
    zonder_js.get_by_role("button", name="Inloggen").click()
    assert zonder_js.url.endswith("/start/"), zonder_js.locator("main").inner_text()
    zonder_js.goto("/projecten/kalender/?zekerheid=hoog")
    zonder_js.get_by_role("button", name="Volgen DOR-2027-014 Renovatie Visbrug").click()
    assert zonder_js.url.endswith("/projecten/kalender/?zekerheid=hoog")
    assert zonder_js.get_by_text("U volgt nu DOR-2027-014 Renovatie Visbrug.").is_visible()
    check_kopie(zonder_js, page)
    context.close()
