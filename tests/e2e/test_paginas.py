"""Every page per role, checked with axe (WCAG 2.1 A/AA) and for CSP violations. Logging in goes through the real
login form; `visit` and `submit` check every page that comes back."""

import pytest

from tests.e2e.hulp import WACHTWOORD_LABEL, inloggen, submit, visit
from tests.factories import WACHTWOORD, OrganisatieFactory, UserFactory, WerkgroepFactory, give_totp

pytestmark = pytest.mark.e2e


def test_publieke_paginas(page):
    werkgroep = WerkgroepFactory(naam="Verkeersmaatregelen")
    OrganisatieFactory()  # the signup form lists member organisations
    for url in [
        "/",
        "/werkgroepen/",
        werkgroep.get_absolute_url(),
        "/privacy/",
        "/toegankelijkheid/",
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
    ]:
        visit(page, url)
    visit(page, "/bestaat-niet/", status=404)


def test_paginas_opdrachtnemer(page):
    UserFactory(naam="Olga Opdracht", email="olga@bedrijf.test")
    inloggen(page, "olga@bedrijf.test")
    assert page.url.endswith("/start/")
    for url in ["/profiel/", "/account/2fa/", "/account/email/", "/account/password/change/", "/account/sessions/"]:
        visit(page, url)

    # Setting up the app asks for the password again first.
    visit(page, "/account/2fa/totp/activate/")
    assert "/account/reauthenticate/" in page.url
    page.get_by_label(WACHTWOORD_LABEL).fill(WACHTWOORD)
    submit(page, page.get_by_role("button", name="Bevestigen"))
    assert page.url.endswith("/account/2fa/totp/activate/"), page.url
    assert page.get_by_role("img", name="QR-code voor uw authenticator-app").is_visible()


def test_paginas_beheerder(page):
    beheerder = UserFactory(naam="Bea Beheer", email="bea@gemeente.test", beheerder=True)
    secret = give_totp(beheerder)
    aanvrager = UserFactory(naam="Aart Aanvrager", aangevraagd=True, organisatie__voorgesteld=True)
    inloggen(page, "bea@gemeente.test", totp_secret=secret)
    visit(page, "/beheer/registraties/")
    assert page.get_by_role("row").filter(has_text="Aart Aanvrager").is_visible()
    visit(page, f"/beheer/registraties/{aanvrager.pk}/afwijzen/")
    # An empty refusal shows the error next to the field, also without any violation.
    submit(page, page.get_by_role("button", name="Afwijzen"))
    assert page.get_by_text("Dit veld is verplicht.").is_visible()


def test_wachtpagina_aanvrager(page):
    UserFactory(naam="Aart Aanvrager", email="aart@bedrijf.test", aangevraagd=True)
    inloggen(page, "aart@bedrijf.test")
    assert page.url.endswith("/wachten/"), page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Uw aanvraag wordt beoordeeld"
    visit(page, "/account/2fa/")  # reachable while waiting, without the Profiel link
    assert page.get_by_role("navigation", name="Account").get_by_role("link", name="Profiel").count() == 0
