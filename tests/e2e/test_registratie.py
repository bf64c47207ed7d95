"""The whole road of a new contractor, as the issue describes it: register, confirm the e-mail address, a beheerder
approves (logging in with a second factor), and the new member sees "Mijn kring"."""

from django.core import mail

import pytest

from kring.models import User
from tests.e2e.hulp import (
    WACHTWOORD_LABEL,
    check_kopie,
    check_page,
    inloggen,
    link_uit,
    mails_aan,
    submit,
    uitloggen,
    visit,
)
from tests.factories import OrganisatieFactory, UserFactory, give_totp

pytestmark = pytest.mark.e2e

NIEUW_WACHTWOORD = "Grondverzet-Dordrecht-2025-veilig!"


def test_registratie_bevestiging_goedkeuring_en_eerste_login(page):
    organisatie = OrganisatieFactory(naam="Grondwerken De Merwede B.V.")
    beheerder = UserFactory(naam="Bea Beheer", email="beheerder@kring.test", beheerder=True)
    secret = give_totp(beheerder)

    # (1) An anonymous visitor registers as a contractor of an existing member organisation.
    visit(page, "/")
    submit(page, page.get_by_role("link", name="Registreer nu"))
    assert page.url.endswith("/account/signup/")
    page.get_by_label("Uw naam").fill("Otto Opdrachtnemer")
    page.get_by_label("E-mailadres").fill("otto@merwede.test")
    page.get_by_label(WACHTWOORD_LABEL).fill(NIEUW_WACHTWOORD)
    page.get_by_label("Wachtwoord (bevestigen)").fill(NIEUW_WACHTWOORD)
    page.get_by_label("Mijn organisatie is al lid van de kring").check()
    page.get_by_label("Organisatie", exact=True).select_option(label=organisatie.naam)
    page.get_by_label("Ik heb de privacyverklaring gelezen").check()
    submit(page, page.get_by_role("button", name="Registreer"))
    assert page.url.endswith("/account/confirm-email/"), page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Bevestig uw e-mailadres"
    aanvrager = User.objects.get(email="otto@merwede.test")
    assert aanvrager.status == User.Status.AANGEVRAAGD
    assert aanvrager.organisatie == organisatie

    # (2) The confirmation mail: open its link and confirm.
    (bevestigingsmail,) = mails_aan("otto@merwede.test")
    assert bevestigingsmail.subject == "[Kringportaal] Bevestig uw e-mailadres"
    visit(page, link_uit(bevestigingsmail, "/account/confirm-email/"))
    submit(page, page.get_by_role("button", name="Bevestigen"))
    assert page.get_by_text("U heeft otto@merwede.test bevestigd.").is_visible()
    (beheerdersmail,) = mails_aan("beheerder@kring.test")
    assert "Otto Opdrachtnemer" in beheerdersmail.body and organisatie.naam in beheerdersmail.subject
    assert "/beheer/registraties/" in beheerdersmail.body

    # (3) The beheerder logs in with password and TOTP code, and approves the applicant.
    inloggen(page, "beheerder@kring.test", totp_secret=secret)
    assert page.url.endswith("/start/"), page.url
    hoofdmenu = page.get_by_role("navigation", name="Hoofdmenu")
    hoofdmenu.get_by_role("button", name="Beheer").click()
    submit(page, hoofdmenu.get_by_role("link", name="Registraties"))
    rij = page.get_by_role("row").filter(has_text="Otto Opdrachtnemer")
    assert "bevestigd" in rij.inner_text()
    submit(page, rij.get_by_role("button", name="Goedkeuren Otto Opdrachtnemer"))
    assert page.get_by_text("Otto Opdrachtnemer is goedgekeurd en krijgt bericht.").is_visible()
    aanvrager.refresh_from_db()
    assert aanvrager.status == User.Status.ACTIEF
    uitloggen(page)

    goedkeuring = [bericht for bericht in mails_aan("otto@merwede.test") if bericht is not bevestigingsmail]
    assert [bericht.subject for bericht in goedkeuring] == ["[Kringportaal] Uw account is goedgekeurd"]
    assert len(mail.outbox) == 3

    # (4) The new member logs in and lands in "Mijn kring".
    inloggen(page, "otto@merwede.test", NIEUW_WACHTWOORD)
    assert page.url.endswith("/start/"), page.url
    assert page.title() == "Mijn kring · Kringportaal"
    hoofdmenu = page.get_by_role("navigation", name="Hoofdmenu")
    assert hoofdmenu.get_by_role("link", name="Mijn kring").get_attribute("aria-current") == "page"
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Otto"
    check_page(page)


@pytest.fixture
def page_zonder_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.kring_fouten = []
    page.on("response", lambda r: r.status >= 400 and page.kring_fouten.append(f"{r.status}: {r.url}"))
    yield page
    context.close()


def test_registreren_zonder_javascript_met_een_nieuwe_organisatie(page_zonder_js, page):
    """Without JavaScript both groups of organisation fields show, and the server sorts out what counts. axe checks
    each page as a copy in the (JavaScript) `page`."""
    zonder_js = page_zonder_js
    OrganisatieFactory(naam="Bestaand Lid B.V.", kvk_nummer="12345678")
    zonder_js.goto("/account/signup/")
    check_kopie(zonder_js, page)
    assert zonder_js.locator("#groep-bestaand").is_visible() and zonder_js.locator("#groep-nieuw").is_visible()
    assert zonder_js.get_by_text("Vul deze velden alleen in als u").is_visible()

    zonder_js.get_by_label("Uw naam").fill("Nina Nieuw")
    zonder_js.get_by_label("E-mailadres").fill("nina@nieuwbouw.test")
    zonder_js.get_by_label(WACHTWOORD_LABEL).fill(NIEUW_WACHTWOORD)
    zonder_js.get_by_label("Wachtwoord (bevestigen)").fill(NIEUW_WACHTWOORD)
    zonder_js.get_by_label("Mijn organisatie is nog geen lid", exact=True).check()
    zonder_js.get_by_label("Naam van de nieuwe organisatie").fill("Nieuwbouw Sliedrecht B.V.")
    zonder_js.get_by_label("Soort organisatie").select_option(label="Opdrachtnemer")
    zonder_js.get_by_label("KvK-nummer").fill("12345678")  # taken: the server says so, in Dutch
    zonder_js.get_by_label("Ik heb de privacyverklaring gelezen").check()
    with zonder_js.expect_navigation():
        zonder_js.get_by_role("button", name="Registreer").click()
    check_kopie(zonder_js, page)
    assert zonder_js.url.endswith("/account/signup/")
    assert (
        zonder_js.locator("#id_nieuwe_organisatie_kvk_error")
        .inner_text()
        .startswith("Een organisatie met dit KvK-nummer staat al in de kring.")
    )

    zonder_js.get_by_label(WACHTWOORD_LABEL).fill(NIEUW_WACHTWOORD)  # password fields come back empty
    zonder_js.get_by_label("Wachtwoord (bevestigen)").fill(NIEUW_WACHTWOORD)
    zonder_js.get_by_label("KvK-nummer").fill("87654321")
    with zonder_js.expect_navigation(url="**/account/confirm-email/"):
        zonder_js.get_by_role("button", name="Registreer").click()
    check_kopie(zonder_js, page)
    nina = User.objects.get(email="nina@nieuwbouw.test")
    assert nina.organisatie.naam == "Nieuwbouw Sliedrecht B.V." and nina.organisatie.is_voorgesteld
