"""The indicators of the intentieovereenkomst in the browser (issue 8): a stuurgroep member adds an indicator to a
themadoel, enters the value of a manual one and sees both on the indicators page. Every page is checked with axe."""

import pytest

from kring.models import Indicator, Indicatorwaarde
from tests.e2e.hulp import inloggen, submit, visit
from tests.factories import IndicatorFactory, OrganisatieFactory, SignaalFactory, ThemadoelFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_indicator_toevoegen_en_waarde_invullen(page, live_server):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    lid = UserFactory(naam="Sanne Stuur", email="sanne@dordrecht.test", organisatie=gemeente, stuurgroep=True)
    themadoel = ThemadoelFactory(naam="Samen aan de voorkant")
    IndicatorFactory(
        themadoel=themadoel, naam="Tevredenheid over de kring", bron="handmatig", eenheid="cijfer", doel=7
    )
    SignaalFactory()
    inloggen(page, lid.email)

    visit(page, "/stuurgroep/indicatoren/")
    submit(page, page.locator("main").get_by_role("link", name="Nieuwe indicator"))
    page.get_by_role("combobox", name="Themadoel").select_option(
        label=f"Samen aan de voorkant (versie {themadoel.overeenkomst.versie})"
    )
    page.get_by_role("textbox", name="Naam").fill("Klaagpaal opgevolgd")
    page.get_by_role("combobox", name="Bron").select_option(value="klaagpaal_opgevolgd")
    page.get_by_role("textbox", name="Doel").fill("75")
    page.get_by_role("textbox", name="Eenheid").fill("%")
    submit(page, page.locator("main").get_by_role("button", name="Opslaan"))
    assert Indicator.objects.filter(naam="Klaagpaal opgevolgd", bron="klaagpaal_opgevolgd").exists()
    assert "Klaagpaal opgevolgd" in page.locator("main").inner_text()

    rij = page.locator("main tr", has_text="Tevredenheid over de kring")
    submit(page, rij.get_by_role("link", name="Waarde invullen"))
    page.get_by_role("textbox", name="Waarde").fill("7,4")
    page.get_by_role("textbox", name="Toelichting").fill("Ledenpeiling najaar")
    submit(page, page.locator("main").get_by_role("button", name="Opslaan"))
    assert Indicatorwaarde.objects.get().toelichting == "Ledenpeiling najaar"
    tekst = page.locator("main").inner_text()
    assert "7,4 cijfer" in tekst and "doel gehaald" in tekst
