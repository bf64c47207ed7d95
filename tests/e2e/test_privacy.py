"""Privacy in the browser: a member downloads their data and asks for removal, the beheerder (with TOTP) anonymises the
account, refuses another request and filters the audit log. Every page is checked with axe (see tests.e2e.hulp)."""

import json
from pathlib import Path

import pytest

from kring.models import User, Verwijderverzoek
from tests.e2e.hulp import inloggen, link_uit, mails_aan, submit, uitloggen, visit
from tests.factories import UserFactory, VerwijderverzoekFactory, give_totp

pytestmark = pytest.mark.e2e


def test_verwijderen_van_verzoek_tot_auditlog(page):
    lid = UserFactory(naam="Floor Vertrekker", email="floor@bedrijf.test")
    beheerder = UserFactory(naam="Bea Beheer", email="bea@gemeente.test", beheerder=True)
    secret = give_totp(beheerder)
    ander = VerwijderverzoekFactory(gebruiker__naam="Gijs Twijfel", toelichting="Verwijder mij maar.")

    # The member: what the portal holds, the download, the request.
    inloggen(page, "floor@bedrijf.test")
    visit(page, "/privacy/mijn-gegevens/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Mijn gegevens downloaden (JSON)").click()
    gegevens = json.loads(Path(download.value.path()).read_text())
    assert gegevens["gegevens"]["account"][0]["email"] == "floor@bedrijf.test"
    assert download.value.suggested_filename.startswith("mijn-gegevens-kringportaal-")

    page.get_by_label("Toelichting (niet verplicht)").fill("Ik ga bij een ander bedrijf werken.")
    submit(page, page.get_by_role("button", name="Verzoek om verwijdering indienen"))
    assert page.get_by_text("Vink aan dat u dit begrijpt.").is_visible()  # the error, also without violations
    page.get_by_label("Ik begrijp dat ik na het verwijderen niet meer kan inloggen").check()
    submit(page, page.get_by_role("button", name="Verzoek om verwijdering indienen"))
    assert page.get_by_text("Uw verzoek is ontvangen.").is_visible()
    assert page.get_by_role("cell", name="In behandeling").is_visible()
    uitloggen(page)

    # The beheerder gets a mail with a link straight to the confirmation page.
    anonimiseren_url = link_uit(mails_aan("bea@gemeente.test")[-1], "/beheer/gebruikers/")
    assert anonimiseren_url == f"/beheer/gebruikers/{lid.pk}/anonimiseren/"
    inloggen(page, "bea@gemeente.test", totp_secret=secret)
    visit(page, "/beheer/verwijderverzoeken/")
    rij = page.get_by_role("row").filter(has_text="Floor Vertrekker")
    assert rij.filter(has_text="Ik ga bij een ander bedrijf werken.").is_visible()
    submit(page, rij.get_by_role("link", name="Anonimiseren Floor Vertrekker"))
    assert page.url.endswith(anonimiseren_url)
    assert page.get_by_text("E-mailadressen: 1").is_visible()
    page.get_by_label("Ik heb gecontroleerd dat dit het juiste account is").check()
    submit(page, page.get_by_role("button", name="Anonimiseren"))
    assert page.url.endswith("/beheer/verwijderverzoeken/")
    assert page.get_by_text("Het account is geanonimiseerd.").is_visible()
    assert (
        page.get_by_role("row")
        .filter(has_text=f"Geanonimiseerd account {lid.pk}")
        .filter(has_text="Uitgevoerd")
        .is_visible()
    )
    lid.refresh_from_db()
    assert lid.email == f"anoniem-{lid.pk}@kringportaal.invalid" and lid.status == User.Status.GEBLOKKEERD

    # Refusing the other request needs a reason.
    submit(page, page.get_by_role("link", name="Afwijzen verzoek van Gijs Twijfel"))
    submit(page, page.get_by_role("button", name="Afwijzen"))
    assert page.get_by_text("Dit veld is verplicht.").is_visible()
    page.get_by_label("Reden").fill("Het verzoek kwam niet van Gijs zelf; hij is gebeld.")
    submit(page, page.get_by_role("button", name="Afwijzen"))
    ander.refresh_from_db()
    assert ander.status == Verwijderverzoek.Status.AFGEWEZEN

    # The audit log, filtered on the privacy group of actions.
    visit(page, "/beheer/auditlog/")
    page.get_by_label("Actie").select_option("privacy.")
    submit(page, page.get_by_role("button", name="Filteren"))
    acties = page.locator("tbody code").all_inner_texts()
    assert "privacy.account_geanonimiseerd" in acties and "privacy.verwijderverzoek_afgewezen" in acties
    assert all(actie.startswith("privacy.") for actie in acties)
    visit(page, "/privacy/")


def test_mijn_gegevens_zonder_verzoeken_en_auditlog_leeg_gefilterd(page):
    UserFactory(naam="Olga Opdracht", email="olga@bedrijf.test")
    inloggen(page, "olga@bedrijf.test")
    visit(page, "/privacy/mijn-gegevens/")
    assert page.get_by_role("button", name="Verzoek om verwijdering indienen").is_visible()
    uitloggen(page)
    beheerder = UserFactory(email="bea@gemeente.test", beheerder=True)
    secret = give_totp(beheerder)
    inloggen(page, "bea@gemeente.test", totp_secret=secret)
    visit(page, "/beheer/verwijderverzoeken/")
    assert page.get_by_text("Er zijn geen verwijderverzoeken.").is_visible()
    visit(page, "/beheer/auditlog/?ip=203.0.113.&van=2001-01-01&tot=2001-01-02")
    assert page.get_by_text("Er zijn geen gebeurtenissen die aan deze filters voldoen.").is_visible()
    visit(page, "/beheer/auditlog/?van=gisteren")  # an error next to the field, also without violations
    assert page.get_by_text("Voer een geldige datum in.").is_visible()
