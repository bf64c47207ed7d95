"""The uitvoeringsagenda in the browser: a member of a werkgroep plans an activity (after a refused deadline), adds a
progress note, starts it, and filters the agenda on what is late; the stuurgroep reads without buttons. axe checks
every page (hulp.visit and hulp.submit)."""

import datetime

from django.utils import timezone

import pytest

from tests.e2e.hulp import inloggen, submit, uitloggen, visit
from tests.factories import (
    ActiviteitFactory,
    LidmaatschapFactory,
    OrganisatieFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)
from werkgroepen.models import Activiteit

pytestmark = pytest.mark.e2e


def dagen(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def kring(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    merwedijk = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    continuiteit = WerkgroepFactory(naam="Continuïteit", slug="continuiteit")
    sroi = WerkgroepFactory(naam="SROI", slug="sroi")
    ThemadoelFactory(naam="Continuïteit en werk met werk maken", overeenkomst__versie=3)
    jip = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=merwedijk)
    sam = UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=gemeente)
    UserFactory(naam="Robin Stuurgroep", email="robin@dordrecht.test", organisatie=gemeente, stuurgroep=True)
    LidmaatschapFactory(werkgroep=continuiteit, gebruiker=jip, rol="trekker")
    LidmaatschapFactory(werkgroep=continuiteit, gebruiker=sam)
    ActiviteitFactory(
        werkgroep=sroi, titel="Pool van BBL-leerlingen", initiatiefnemer=sam, status="lopend",
        startdatum=dagen(-100), deadline=dagen(-20),
    )  # fmt: skip
    ActiviteitFactory(werkgroep=sroi, titel="Leerlijn grondwerker", initiatiefnemer=sam, deadline=dagen(100))
    return {"continuiteit": continuiteit, "sam": sam}


def test_een_activiteit_plannen_bijhouden_en_terugvinden(page, kring):
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/werkgroepen/agenda/")
    main = page.locator("main")
    assert main.get_by_role("table", name="Activiteiten van de uitvoeringsagenda").is_visible()
    submit(page, main.get_by_role("link", name="Nieuwe activiteit"))

    page.get_by_label("Titel").fill("Spreiding van aanbestedingen 2027")
    page.get_by_label("Werkgroep").select_option(label="Continuïteit")
    page.get_by_label("Themadoel").select_option(label="Continuïteit en werk met werk maken (versie 3)")
    page.get_by_label("Omschrijving").fill("Samen met inkoop de aanbestedingen over de kwartalen **spreiden**.")
    page.get_by_label("Team").select_option(label="Sam Projectleider (Gemeente Dordrecht)")
    page.get_by_label("Startdatum").fill(dagen(-30).isoformat())
    page.get_by_label("Deadline").fill(dagen(-40).isoformat())
    page.get_by_label("Budget (€)").fill("2.500")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("De deadline ligt vóór de startdatum.").is_visible()
    assert not Activiteit.objects.filter(titel__startswith="Spreiding").exists()

    page.get_by_label("Deadline").fill(dagen(-2).isoformat())
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_role("heading", level=1).inner_text() == "Spreiding van aanbestedingen 2027"
    assert page.get_by_text("is opgeslagen").is_visible()
    assert main.get_by_text("€ 2.500,00").is_visible()
    assert main.locator(".alert-warning").get_by_text("Te laat:").is_visible()
    activiteit = Activiteit.objects.get(titel="Spreiding van aanbestedingen 2027")
    assert list(activiteit.team.all()) == [kring["sam"]]

    page.get_by_label("Notitie").fill("Conceptplanning besproken met inkoop; het vierde kwartaal is te vol.")
    submit(page, page.get_by_role("button", name="Notitie toevoegen"))
    assert page.get_by_text("Uw voortgangsnotitie is toegevoegd.").is_visible()
    assert main.get_by_text("het vierde kwartaal is te vol").is_visible()
    submit(page, page.get_by_role("button", name="Starten"))
    assert page.get_by_text("is nu lopend").is_visible()

    visit(page, "/werkgroepen/agenda/")
    page.get_by_label("Alleen te laat").check()
    submit(page, page.get_by_role("button", name="Filteren"))
    assert "te_laat=on" in page.url
    rijen = main.get_by_role("table", name="Activiteiten van de uitvoeringsagenda").locator("tbody tr")
    assert rijen.count() == 2
    assert "Pool van BBL-leerlingen" in rijen.nth(0).inner_text() and "te laat" in rijen.nth(0).inner_text()
    assert "Spreiding van aanbestedingen 2027" in rijen.nth(1).inner_text()
    export = main.get_by_role("link", name="CSV (uitvoeringsagenda)").get_attribute("href")
    assert export.startswith("/werkgroepen/agenda/export.csv?") and "te_laat=on" in export

    submit(page, main.get_by_role("link", name="Spreiding van aanbestedingen 2027"))
    submit(page, main.get_by_role("link", name="Bewerken"))
    assert page.get_by_label("Budget (€)").input_value() == "2500,00"
    uitloggen(page)

    inloggen(page, "robin@dordrecht.test")
    visit(page, f"/werkgroepen/agenda/{activiteit.pk}/")
    assert page.get_by_text("het vierde kwartaal is te vol").is_visible()
    assert page.get_by_role("button", name="Notitie toevoegen").count() == 0
    assert page.get_by_role("link", name="Bewerken").count() == 0
