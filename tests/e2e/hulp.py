"""Helpers for the browser tests: visit and check a page (status, axe, CSP), log in, TOTP codes, mail links."""

import re
import time
from pathlib import Path

from django.core import mail

import axe_playwright_python
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

from tests.factories import WACHTWOORD

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],  # only violations come back in full: faster
}
# Crispy marks required fields with an asterisk in the label: "Wachtwoord*", not "Wachtwoord (bevestigen)*".
WACHTWOORD_LABEL = re.compile(r"^\s*Wachtwoord\s*\*?\s*$")

# Words that only show up when an allauth text slipped through untranslated.
ENGELS = re.compile(
    r"\b(Sign In|Sign Up|Sign Out|Signup|Password|Email|Remember Me|Forgot|Verify|Confirm|Cancel|Sessions|"
    r"Recovery|Activate|Deactivate|Generate|Download|Unused|Started At|Current|Primary|Verified|Unverified|"
    r"Re-send|Authenticator App|Two-Factor)\b"
)

AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
# The `page` fixture loads axe into every document of its context (`add_init_script`), so `Axe.run` need not send
# the half-megabyte script again for each check: its own injection step gets a no-op.
AXE = Axe(axe_script="void 0")


def check_page(page: Page) -> None:
    """The page in the browser now: Dutch, no axe violations (WCAG 2.1 A/AA), no CSP violations or script errors."""
    assert page.locator("html").get_attribute("lang") == "nl", page.url
    assert page.title().endswith("Kringportaal"), f"{page.url}: titel {page.title()!r}"
    resultaten = AXE.run(page, options=AXE_OPTIONS)
    assert resultaten.violations_count == 0, f"{page.url}\n{resultaten.generate_report()}"
    assert not page.kring_fouten, f"{page.url}: " + "\n".join(page.kring_fouten)


def check_kopie(zonder_js: Page, met_js: Page) -> None:
    """axe needs JavaScript, so a page rendered without it is checked as a copy (scripts left out) in a page with it,
    at the same address."""
    assert not zonder_js.kring_fouten, "\n".join(zonder_js.kring_fouten)
    html = re.sub(r"<script\b.*?</script>", "", zonder_js.content(), flags=re.S)
    met_js.goto(zonder_js.url)
    met_js.set_content(html)
    check_page(met_js)


def assert_nederlands(page: Page) -> None:
    """No English leftovers in the page content (allauth pages)."""
    tekst = page.locator("main").inner_text()
    gevonden = ENGELS.findall(tekst)
    assert not gevonden, f"{page.url}: Engelse tekst {gevonden}\n{tekst}"


def visit(page: Page, url: str, *, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.status == status, f"{url} gaf {response.status}"
    check_page(page)


def submit(page: Page, knop: Locator, *, status: int = 200) -> None:
    """Click a submit button (or a link) and check the page that comes back, after any redirects."""
    with page.expect_navigation() as navigatie:
        knop.click()
    response = navigatie.value
    assert response is not None and response.status == status, f"{page.url} gaf {response and response.status}"
    check_page(page)


def totp_code(secret: str) -> str:
    """The current code. Near the end of a period wait for the next one, so the server sees the same period (allauth
    allows no drift, and refuses a code used before within its period)."""
    periode = mfa_settings.TOTP_PERIOD
    if periode - time.time() % periode < 2:
        time.sleep(periode - time.time() % periode + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // periode))


def inloggen(page: Page, email: str, wachtwoord: str = WACHTWOORD, *, totp_secret: str | None = None) -> None:
    """Log in through the real login form (and the second-factor page when the user has one)."""
    visit(page, "/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label(WACHTWOORD_LABEL).fill(wachtwoord)
    submit(page, page.get_by_role("button", name="Inloggen"))
    if totp_secret is not None:
        assert page.url.endswith("/account/2fa/authenticate/"), page.url
        page.get_by_label("Code").fill(totp_code(totp_secret))
        submit(page, page.locator("main").get_by_role("button", name="Inloggen"))
    assert "/account/login/" not in page.url, f"Inloggen mislukt: {page.locator('main').inner_text()}"


def uitloggen(page: Page) -> None:
    submit(page, page.locator("header").get_by_role("button", name="Uitloggen"))


def mails_aan(adres: str) -> list:
    return [bericht for bericht in mail.outbox if adres in [*bericht.to, *bericht.bcc]]


def link_uit(bericht, pad: str) -> str:
    """The first link in a mail whose path starts with `pad`, e.g. "/account/confirm-email/"."""
    gevonden = re.search(rf"https?://[^\s/]+({re.escape(pad)}\S*)", bericht.body)
    assert gevonden, f"Geen link naar {pad} in:\n{bericht.body}"
    return gevonden.group(1)


def actief_element(page: Page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName.toLowerCase(), id: e.id, name: e.name || '', tekst: (e.textContent || '').trim()}; }"
    )


def tab_naar(page: Page, css: str, *, max_tabs: int = 60) -> None:
    """Press Tab until the element matching `css` has the focus: it must be reachable by keyboard, forward."""
    for _ in range(max_tabs):
        if page.evaluate("css => document.activeElement && document.activeElement.matches(css)", css):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{css} niet bereikt met de Tab-toets; focus op {actief_element(page)}")
