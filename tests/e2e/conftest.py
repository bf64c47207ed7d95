"""Browser tests: Debian's Chromium driven by Playwright (sync API) against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per test. Every page a test visits is checked with axe
(WCAG 2.1 A/AA) and for Content-Security-Policy violations; see `tests.e2e.hulp`."""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.hulp import AXE_SCRIPT

# Playwright's sync API runs an event loop in this thread, so Django would refuse the ORM calls the tests make.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's; tests/conftest.py skips without it
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh browser context on the live server. Console errors (CSP violations among them), script errors
    and failed subresources (a missing stylesheet) are collected in `page.kring_fouten`; `hulp.check_page` asserts there
    are none."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(10_000)
    context.add_init_script(path=AXE_SCRIPT)
    page = context.new_page()
    page.kring_fouten = []

    def console(bericht):
        # A failed load is reported below with its address; a page's own status is checked by `visit`.
        if bericht.type == "error" and not bericht.text.startswith("Failed to load resource"):
            page.kring_fouten.append(f"console: {bericht.text}")

    def response(antwoord):
        if antwoord.status >= 400 and antwoord.request.resource_type != "document":
            page.kring_fouten.append(f"{antwoord.status}: {antwoord.url}")

    page.on("console", console)
    page.on("pageerror", lambda fout: page.kring_fouten.append(f"script: {fout}"))
    page.on("response", response)
    page.on("requestfailed", lambda verzoek: page.kring_fouten.append(f"mislukt: {verzoek.url} {verzoek.failure}"))
    yield page
    context.close()
