"""Keyboard only: the skip link comes first and moves the focus to the content; the registration form can be filled
in and sent with Tab, typing, the arrow keys, Space and Enter, and answers an empty submit with Dutch errors."""

import pytest

from kring.models import User
from tests.e2e.hulp import actief_element, check_page, inloggen, tab_naar, visit
from tests.factories import OrganisatieFactory, UserFactory

pytestmark = pytest.mark.e2e

WACHTWOORD = "Dijkversterking-Zwijndrecht-2025!"


def test_skiplink_is_het_eerste_en_springt_naar_de_inhoud(page):
    visit(page, "/")
    page.keyboard.press("Tab")
    eerste = actief_element(page)
    assert (eerste["tag"], eerste["tekst"]) == ("a", "Direct naar de inhoud")
    assert page.locator(".skip-link").is_visible()  # visible once it has the focus
    page.keyboard.press("Enter")
    assert actief_element(page)["id"] == "inhoud"
    assert page.url.endswith("#inhoud")


def _verstuur(page):
    tab_naar(page, "button[type=submit]:not(header *)")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)


def test_registreren_met_alleen_het_toetsenbord(page):
    OrganisatieFactory(naam="Aannemersbedrijf Alblasserdam B.V.")
    OrganisatieFactory(naam="Betonwerken Baanhoek B.V.")
    visit(page, "/account/signup/")

    # Sent empty: the errors are in Dutch, next to the fields and in a summary that gets the focus.
    _verstuur(page)
    assert actief_element(page)["id"] == "foutoverzicht"
    samenvatting = page.locator("#foutoverzicht").inner_text()
    assert "Controleer het formulier" in samenvatting
    assert "Uw naam: Dit veld is verplicht." in samenvatting
    assert "Organisatie: Kies de organisatie waar u werkt." in samenvatting
    assert page.locator("#id_naam").get_attribute("aria-invalid") == "true"
    assert "id_naam_error" in page.locator("#id_naam").get_attribute("aria-describedby")
    assert page.locator("#id_naam_error").inner_text() == "Dit veld is verplicht."

    # The summary links to the fields: Enter on the first one moves the focus to "Uw naam".
    tab_naar(page, "#foutoverzicht a")
    page.keyboard.press("Enter")
    assert actief_element(page)["id"] == "id_naam"

    page.keyboard.type("Karin Toetsenbord")
    tab_naar(page, "#id_email")
    page.keyboard.type("karin@alblasserdam.test")
    tab_naar(page, "#id_password1")
    page.keyboard.type(WACHTWOORD)
    tab_naar(page, "#id_password2")
    page.keyboard.type(WACHTWOORD)

    # The radio group is one tab stop; the arrow keys choose. "Nog geen lid" shows the other group of fields.
    tab_naar(page, "input[name=organisatie_keuze]")
    assert page.locator("#groep-nieuw").is_hidden()
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_organisatie_keuze_1").is_checked()
    assert page.locator("#groep-nieuw").is_visible() and page.locator("#groep-bestaand").is_hidden()
    page.keyboard.press("ArrowUp")
    assert page.locator("#id_organisatie_keuze_0").is_checked()
    assert page.locator("#groep-bestaand").is_visible() and page.locator("#groep-nieuw").is_hidden()

    tab_naar(page, "#id_organisatie")
    page.keyboard.type("Betonwerken")  # typing selects the matching option of a closed select
    assert page.locator("#id_organisatie option:checked").inner_text() == "Betonwerken Baanhoek B.V."

    tab_naar(page, "#id_privacy")
    page.keyboard.press("Space")
    assert page.locator("#id_privacy").is_checked()

    _verstuur(page)
    assert page.url.endswith("/account/confirm-email/"), page.locator("main").inner_text()
    karin = User.objects.get(email="karin@alblasserdam.test")
    assert karin.organisatie.naam == "Betonwerken Baanhoek B.V."


def test_het_werkgroepenmenu_werkt_met_het_toetsenbord(page):
    UserFactory(email="kees@toetsenbord.test")
    inloggen(page, "kees@toetsenbord.test")
    tab_naar(page, "header button.dropdown-toggle")
    assert actief_element(page)["tekst"] == "Werkgroepen"
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    assert actief_element(page)["tekst"] == "Alle werkgroepen"
    page.keyboard.press("ArrowDown")
    assert actief_element(page)["tekst"] == "Uitvoeringsagenda"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/werkgroepen/agenda/")
    check_page(page)
