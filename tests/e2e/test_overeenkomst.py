"""The intentieovereenkomst in the browser: a tekenbevoegd participant signs the version that is open, the beheerder
(logging in with a second factor) closes signing so it comes into force and asks for its PDF, and writes and opens a
new version. Every page on the way is checked with axe."""

import datetime

import pytest

from kring.models import Intentieovereenkomst, Ondertekening
from kring.pdf import render_to_pdf
from kring.services import rapporten
from tests.e2e.hulp import check_page, inloggen, submit, uitloggen, visit
from tests.factories import (
    IntentieovereenkomstFactory,
    OrganisatieFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
    give_totp,
)

pytestmark = pytest.mark.e2e

Status = Intentieovereenkomst.Status


@pytest.fixture
def kring():
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    bedrijf = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    OrganisatieFactory(naam="Wantij Waterbouw B.V.")  # a member that has not signed
    werkgroep = WerkgroepFactory(naam="Duurzaamheid", slug="duurzaamheid")
    open_versie = IntentieovereenkomstFactory(
        status=Status.TER_ONDERTEKENING,
        versie=3,
        titel="Intentieovereenkomst MKB kring Drechtsteden",
        ingangsdatum=datetime.date(2026, 12, 1),
        einddatum=datetime.date(2031, 11, 30),
        tekst="# Partijen\n\nDe gemeenten en de bedrijven.\n\n# Duur\n\n| Van | Tot |\n|---|---|\n| 2026 | 2031 |",
    )
    ThemadoelFactory(overeenkomst=open_versie, naam="Continuïteit", volgorde=1)
    ThemadoelFactory(overeenkomst=open_versie, naam="Klimaat en circulariteit", volgorde=2).werkgroepen.add(werkgroep)
    beheerder = UserFactory(naam="Bea Beheer", email="bea@kring.test", organisatie=gemeente, beheerder=True)
    return {
        "open_versie": open_versie,
        "tekenaar": UserFactory(
            naam="Bas Directeur", email="bas@merwedijk.test", organisatie=bedrijf, is_tekenbevoegd=True
        ),
        "bedrijf": bedrijf,
        "beheerder": beheerder,
        "secret": give_totp(beheerder),
    }


def test_ondertekenen_en_ondertekening_sluiten(page, kring, monkeypatch):
    open_versie = kring["open_versie"]
    pdf_html = []

    def render_en_bewaar(template_name, context):
        html, pdf = render_to_pdf(template_name, context)
        pdf_html.append(html)
        return html, pdf

    monkeypatch.setattr(rapporten, "render_to_pdf", render_en_bewaar)

    # A tekenbevoegd participant finds the open version and signs it for their company.
    inloggen(page, "bas@merwedijk.test")
    visit(page, "/overeenkomst/")
    assert page.get_by_text("U bent tekenbevoegd voor Merwedijk Infra B.V. en kunt deze versie").is_visible()
    submit(page, page.get_by_role("link", name="Bekijk versie 3 en onderteken"))
    assert page.get_by_role("heading", level=1).inner_text() == open_versie.titel
    assert page.get_by_role("heading", name="Partijen", level=3).is_visible()
    assert page.get_by_role("link", name="Duurzaamheid").is_visible()
    formulier = page.get_by_role("region", name="Ondertekenen namens Merwedijk Infra B.V.")
    submit(page, formulier.get_by_role("button", name="Ondertekenen"))  # without function and confirmation
    assert page.get_by_text("Dit veld is verplicht.").count() == 2
    page.get_by_label("Uw functie").fill("Directeur")
    page.get_by_label("Ik onderteken deze intentieovereenkomst namens Merwedijk Infra B.V.").check()
    submit(page, page.get_by_role("button", name="Ondertekenen"))
    assert page.get_by_text("Versie 3 is ondertekend namens Merwedijk Infra B.V.; dank u wel.").is_visible()
    getekend = page.get_by_role("table", name="Ondertekend")
    assert "Bas Directeur" in getekend.get_by_role("row").filter(has_text="Merwedijk Infra B.V.").inner_text()
    assert "Wantij Waterbouw B.V." in page.get_by_role("table", name="Nog niet ondertekend").inner_text()
    assert page.get_by_role("button", name="Ondertekenen").count() == 0
    uitloggen(page)

    # The beheerder closes signing: the version comes into force.
    inloggen(page, "bea@kring.test", totp_secret=kring["secret"])
    visit(page, open_versie.get_absolute_url())
    submit(page, page.get_by_role("link", name="Ondertekening sluiten"))
    assert page.get_by_text("1 van de 3 gemeenten en opdrachtnemers hebben ondertekend").is_visible()
    submit(page, page.locator("main").get_by_role("button", name="Ondertekening sluiten"))
    assert page.get_by_text("Versie 3 is nu van kracht.").is_visible()
    assert page.get_by_text("Van kracht", exact=True).first.is_visible()
    open_versie.refresh_from_db()
    assert open_versie.status == Status.VAN_KRACHT
    assert list(Ondertekening.objects.values_list("organisatie", flat=True)) == [kring["bedrijf"].pk]

    # A PDF of the agreement is requested from its page and appears; its HTML lists the signatory.
    submit(page, page.get_by_role("button", name="PDF maken"))
    page.get_by_role("link", name="PDF downloaden").wait_for()
    check_page(page)
    (html,) = pdf_html
    assert "Merwedijk Infra B.V." in html and "Bas Directeur" in html


def test_beheerder_schrijft_en_opent_een_nieuwe_versie(page, kring):
    inloggen(page, "bea@kring.test", totp_secret=kring["secret"])
    visit(page, "/overeenkomst/")
    submit(page, page.get_by_role("link", name="Nieuwe versie schrijven"))
    submit(page, page.get_by_role("button", name="Opslaan"))  # empty: the errors show beside the fields
    assert page.get_by_text("Dit veld is verplicht.").count() >= 4

    page.get_by_label("Titel").fill("Intentieovereenkomst MKB kring Drechtsteden 2031")
    page.get_by_label("Versie").fill("4")
    page.get_by_label("Ingangsdatum").fill("2031-12-01")
    page.get_by_label("Einddatum").fill("2036-11-30")
    page.get_by_label("Tekst").fill("# Partijen\n\nDe gemeenten en de bedrijven van de kring.")
    eerste = page.get_by_role("group", name="Nieuw themadoel 1")
    eerste.get_by_label("Naam").fill("Arbeidsmarkt en social return")
    eerste.get_by_label("Duurzaamheid").check()
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("Versie 4 is opgeslagen.").is_visible()
    nieuw = Intentieovereenkomst.objects.get(versie=4)
    assert nieuw.status == Status.CONCEPT and nieuw.themadoelen.get().werkgroepen.get().naam == "Duurzaamheid"

    submit(page, page.get_by_role("link", name="Bewerken"))
    assert page.get_by_role("group", name="Themadoel: Arbeidsmarkt en social return").is_visible()
    visit(page, f"/overeenkomst/{nieuw.pk}/verwijderen/")
    visit(page, nieuw.get_absolute_url())
    # Version 3 is still open for signing, so opening version 4 is refused with the reason.
    submit(page, page.get_by_role("link", name="Ondertekening openen"))
    submit(page, page.locator("main").get_by_role("button", name="Ondertekening openen"))
    assert page.get_by_text("Versie 3 staat al open voor ondertekening; sluit die eerst.").is_visible()
    nieuw.refresh_from_db()
    assert nieuw.status == Status.CONCEPT
