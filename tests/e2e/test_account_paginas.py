"""Every allauth page this configuration reaches: it renders, in Dutch, without axe or CSP violations."""

from django.core import mail

import pytest

from tests.e2e.hulp import WACHTWOORD_LABEL, assert_nederlands, inloggen, link_uit, mails_aan, submit, visit
from tests.factories import OIDC, UserFactory, give_totp

pytestmark = pytest.mark.e2e

NIEUW_WACHTWOORD = "Kademuur-Wantij-2025-herstel!"


def bezoek(page, url, **kwargs):
    visit(page, url, **kwargs)
    assert_nederlands(page)


def verstuur(page, knop, **kwargs):
    submit(page, knop, **kwargs)
    assert_nederlands(page)


def test_paginas_zonder_account(page):
    UserFactory(naam="Wim Wachtwoord", email="wim@bedrijf.test")
    for url in ["/account/login/", "/account/signup/", "/account/inactive/", "/account/confirm-email/"]:
        bezoek(page, url)
    bezoek(page, "/account/confirm-email/ongeldige-sleutel/")
    assert page.get_by_text("Deze bevestigingslink is verlopen of ongeldig.").is_visible()
    bezoek(page, "/account/password/reset/key/1-ongeldig/")
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet meer"

    # Password reset, the whole way: request, mail, new password, log in with it.
    bezoek(page, "/account/password/reset/")
    page.get_by_label("E-mailadres").fill("wim@bedrijf.test")
    verstuur(page, page.get_by_role("button", name="Stuur mij een link"))
    assert page.url.endswith("/account/password/reset/done/")
    (resetmail,) = mails_aan("wim@bedrijf.test")
    assert resetmail.subject == "[Kringportaal] Nieuw wachtwoord instellen"
    bezoek(page, link_uit(resetmail, "/account/password/reset/key/"))
    page.get_by_label("Nieuw wachtwoord", exact=False).first.fill(NIEUW_WACHTWOORD)
    page.get_by_label("Nieuw wachtwoord (bevestigen)").fill(NIEUW_WACHTWOORD)
    verstuur(page, page.get_by_role("button", name="Wachtwoord opslaan"))
    assert page.get_by_role("heading", level=1).inner_text() == "Nieuw wachtwoord ingesteld"
    inloggen(page, "wim@bedrijf.test", NIEUW_WACHTWOORD)

    # An unknown address gets the same answer on screen, and a mail that says so.
    page.context.clear_cookies()
    bezoek(page, "/account/password/reset/")
    page.get_by_label("E-mailadres").fill("onbekend@bedrijf.test")
    verstuur(page, page.get_by_role("button", name="Stuur mij een link"))
    assert [m.subject for m in mails_aan("onbekend@bedrijf.test")] == [
        "[Kringportaal] Geen account bij dit e-mailadres"
    ]


def test_accountbeheer_met_tweede_factor(page):
    gebruiker = UserFactory(naam="Tessa Tweefactor", email="tessa@bedrijf.test")
    secret = give_totp(gebruiker)
    inloggen(page, "tessa@bedrijf.test", totp_secret=secret)

    for url in ["/account/email/", "/account/password/change/", "/account/sessions/", "/account/2fa/"]:
        bezoek(page, url)
    subnav = page.get_by_role("navigation", name="Account")
    assert subnav.get_by_role("link", name="Tweede factor").get_attribute("aria-current") == "page"
    assert page.get_by_text("Uw account is beveiligd met een authenticator-app.").is_visible()

    # Security changes ask to confirm it is you: with the password, or with a code (the other option).
    bezoek(page, "/account/reauthenticate/?next=/account/2fa/recovery-codes/generate/")
    assert page.get_by_role("link", name="Gebruik authenticator-app", exact=False).count() == 1
    bezoek(page, "/account/2fa/reauthenticate/")
    bezoek(page, "/account/reauthenticate/?next=/account/2fa/recovery-codes/generate/")
    page.get_by_label(WACHTWOORD_LABEL).fill("Correct-paard-batterij-nietje-42")
    verstuur(page, page.get_by_role("button", name="Bevestigen"))
    assert page.url.endswith("/account/2fa/recovery-codes/generate/"), page.url
    assert subnav.get_by_role("link", name="Tweede factor").get_attribute("aria-current") == "true"
    verstuur(page, page.get_by_role("button", name="Nieuwe codes maken"))
    assert page.url.endswith("/account/2fa/recovery-codes/"), page.url
    codes = page.get_by_label("Ongebruikte codes").input_value().split()
    assert len(codes) == 10
    download = page.request.get("/account/2fa/recovery-codes/download/")
    assert download.status == 200 and "attachment" in download.headers["content-disposition"]
    assert codes[0] in download.text()

    bezoek(page, "/account/2fa/totp/deactivate/")
    verstuur(page, page.get_by_role("button", name="Uitschakelen"))
    assert page.get_by_text("Uw authenticator-app is uitgeschakeld.").is_visible()

    bezoek(page, "/account/password/change/")
    page.get_by_label("Huidig wachtwoord").fill("Correct-paard-batterij-nietje-42")
    page.get_by_label("Nieuw wachtwoord", exact=False).first.fill(NIEUW_WACHTWOORD)
    page.get_by_label("Nieuw wachtwoord (bevestigen)").fill(NIEUW_WACHTWOORD)
    verstuur(page, page.get_by_role("button", name="Wachtwoord wijzigen"))
    assert page.get_by_text("Uw wachtwoord is gewijzigd.").is_visible()

    bezoek(page, "/account/3rdparty/")
    bezoek(page, "/account/logout/")
    verstuur(page, page.locator("main").get_by_role("button", name="Uitloggen"))
    assert page.get_by_text("U bent uitgelogd.").is_visible()
    assert not mail.outbox or all("Kringportaal" in m.subject for m in mail.outbox)


def test_inloggen_met_gemeente_account_als_het_is_ingesteld(page, settings):
    settings.SOCIALACCOUNT_PROVIDERS = OIDC
    bezoek(page, "/account/login/")
    sso = page.get_by_role("region", name="Werkt u bij de gemeente?")
    # The step to the identity provider is a confirmation page (a POST), never a bare GET.
    verstuur(page, sso.get_by_role("link", name="Inloggen met gemeente-account"))
    assert "/account/oidc/gemeente/login/" in page.url
    assert page.get_by_role("button", name="Doorgaan").is_visible()

    settings.SOCIALACCOUNT_PROVIDERS = {}
    bezoek(page, "/account/login/")
    assert page.get_by_role("region", name="Werkt u bij de gemeente?").count() == 0
