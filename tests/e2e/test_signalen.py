"""Klaagpaal and agenda-feed in the browser: a member raises an anonymous klaagpaal item (after a refused first try),
the beheerder answers it and puts it on the next meeting's agenda, and a member makes their agenda address. axe checks
every page (hulp.visit and hulp.submit)."""

import datetime

from django.utils import timezone

import pytest

from tests.e2e.hulp import inloggen, submit, uitloggen, visit
from tests.factories import BijeenkomstFactory, OrganisatieFactory, UserFactory, WerkgroepFactory, give_totp
from werkgroepen.models import Aanwezigheid, Agendafeed, Signaal

pytestmark = pytest.mark.e2e


@pytest.fixture
def kring(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    bedrijf = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    WerkgroepFactory(naam="Continuïteit", slug="continuiteit")
    beheerder = UserFactory(naam="Kim Coördinator", email="kim@kring.test", organisatie=gemeente, beheerder=True)
    jip = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=bedrijf)
    kenniskring = BijeenkomstFactory(
        titel="Kenniskring december", begin=timezone.now() + datetime.timedelta(days=6, hours=2)
    )
    Aanwezigheid.objects.create(bijeenkomst=kenniskring, gebruiker=jip)
    return {"beheerder": beheerder, "secret": give_totp(beheerder), "jip": jip, "kenniskring": kenniskring}


def test_anoniem_melden_en_agenderen(page, kring):
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/werkgroepen/klaagpaal/")
    main = page.locator("main")
    assert main.get_by_text("Er staat nog niets op de klaagpaal.").is_visible()

    submit(page, main.get_by_role("link", name="Iets melden of om hulp vragen"))
    page.get_by_label("Klaagpaal: iets schuurt in de samenwerking").check()
    page.get_by_label("Titel").fill("Twee weken inschrijftermijn is te kort")
    page.get_by_label("Omschrijving").fill('Zie <img src="x" onerror="alert(1)">')
    page.get_by_label("Voor welke werkgroep?").select_option(label="Continuïteit")
    page.get_by_label("Anoniem indienen").check()
    submit(page, page.get_by_role("button", name="Indienen"))  # refused, with the error at the field
    assert main.get_by_text("HTML die een script kan uitvoeren").is_visible()
    assert not Signaal.objects.exists()

    page.get_by_label("Omschrijving").fill(
        "Met de zomervakantie ertussen kunnen we geen *onderaannemers* meer vragen."
    )
    submit(page, page.get_by_role("button", name="Indienen"))
    assert page.url.endswith("/werkgroepen/klaagpaal/")
    assert main.get_by_text("Uw melding staat anoniem op de klaagpaal.").is_visible()
    signaal = Signaal.objects.get()
    assert signaal.indiener is None and signaal.werkgroep.naam == "Continuïteit"
    rij = main.get_by_role("row").filter(has_text="Twee weken inschrijftermijn is te kort")
    assert "anoniem" in rij.inner_text() and "Nieuw" in rij.inner_text()

    submit(page, rij.get_by_role("link", name="Twee weken inschrijftermijn is te kort"))
    assert main.get_by_text("anoniem").first.is_visible()
    assert main.locator("em").inner_text() == "onderaannemers"
    assert main.get_by_role("heading", name="Behandelen").count() == 0
    uitloggen(page)

    inloggen(page, "kim@kring.test", totp_secret=kring["secret"])
    visit(page, f"/werkgroepen/klaagpaal/?status=nieuw&werkgroep={signaal.werkgroep_id}")
    submit(page, main.get_by_role("link", name="Twee weken inschrijftermijn is te kort"))
    submit(page, page.get_by_role("button", name="Op de agenda zetten"))
    assert main.get_by_text("Het item staat op de agenda van Kenniskring december").is_visible()
    assert main.get_by_role("link", name="Kenniskring december").is_visible()
    page.get_by_role("textbox", name="Antwoord").fill("We bespreken het met de inkopers op de kenniskring.")
    submit(page, page.get_by_role("button", name="Antwoord opslaan"))
    assert main.get_by_text("Beantwoord door Kim Coördinator.").is_visible()
    page.get_by_label("Nieuwe status").select_option(label="Besproken")
    submit(page, page.get_by_role("button", name="Status wijzigen"))
    signaal.refresh_from_db()
    assert signaal.status == "besproken" and signaal.agendapunten.get().bijeenkomst == kring["kenniskring"]


def test_agenda_adres(page, kring):
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/werkgroepen/feed/")
    main = page.locator("main")
    assert main.get_by_text("U heeft nog geen agenda-adres.").is_visible()
    assert main.get_by_role("link", name="Kenniskring december", exact=True).is_visible()

    submit(page, page.get_by_role("button", name="Agenda-adres maken"))
    token = Agendafeed.objects.get(gebruiker=kring["jip"]).token
    adres = page.get_by_label("Adres om te abonneren")
    assert adres.input_value().endswith(f"/werkgroepen/feed/{token}.ics")

    feed = page.request.get(f"/werkgroepen/feed/{token}.ics")
    assert feed.status == 200 and "SUMMARY:Kenniskring december" in feed.text()

    submit(page, page.get_by_role("button", name="Nieuw adres maken"))
    assert main.get_by_text("Een eerder adres werkt vanaf nu niet meer.").is_visible()
    assert page.request.get(f"/werkgroepen/feed/{token}.ics").status == 404
    submit(page, page.get_by_role("button", name="Adres intrekken"))
    assert main.get_by_text("U heeft nog geen agenda-adres.").is_visible()
