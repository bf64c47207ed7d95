"""Questionnaires and policy of past performance in the browser: the beheerder makes a new version of a
questionnaire, edits it (a refused duplicate code first), sees the warning about the mirror direction, establishes it,
and records the policy (refused without grondslag first). Every page on the way is checked with axe."""

import re

import pytest

from pastperformance.models import Beleid, Vragenlijst
from tests.e2e.hulp import inloggen, submit, visit
from tests.factories import OrganisatieFactory, UserFactory, give_totp

pytestmark = pytest.mark.e2e

Status = Vragenlijst.Status


@pytest.fixture
def beheerder():
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    beheerder = UserFactory(naam="Bea Beheer", email="bea@kring.test", organisatie=gemeente, beheerder=True)
    return give_totp(beheerder)


def test_beheerder_maakt_en_stelt_een_nieuwe_versie_vast(page, beheerder):
    inloggen(page, "bea@kring.test", totp_secret=beheerder)
    visit(page, "/pastperformance/vragenlijsten/")
    sectie = page.get_by_role("region", name="Zelfbeoordeling opdrachtnemer")
    submit(page, sectie.get_by_role("link", name="Zelfbeoordeling opdrachtnemer"))
    submit(page, page.get_by_role("button", name="Nieuwe versie maken op basis van deze"))
    assert page.get_by_text("Versie 2 is als concept aangemaakt op basis van versie 1.").is_visible()

    # A new criterion with a code that is already there: refused, with the reason above the form.
    nieuw = page.get_by_role("group", name="Nieuw criterium").first
    nieuw.get_by_label("Naam").fill("Veiligheid op de bouwplaats")
    nieuw.get_by_label("Code").fill("veiligheid")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("deze komt vaker voor: veiligheid").is_visible()

    # The old criterion goes, the new one keeps its own code: the mirror (og_on) has no such code.
    page.get_by_role("group", name="Criterium: Veiligheid en gezondheid").get_by_label("Verwijderen").check()
    page.get_by_role("group", name="Nieuw criterium").first.get_by_label("Code").fill("veiligheid-bouwplaats")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("Het concept (versie 2) is opgeslagen.").is_visible()
    assert page.get_by_text("Alleen in dit concept: veiligheid-bouwplaats.").is_visible()

    submit(page, page.get_by_role("button", name="Vaststellen"))
    assert page.get_by_text("Versie 2 is vastgesteld: nieuwe rondes gebruiken haar.").is_visible()
    zelf_on = Vragenlijst.objects.filter(richting="zelf_on")
    assert dict(zelf_on.values_list("versie", "status")) == {1: Status.VERVANGEN, 2: Status.VASTGESTELD}
    visit(page, "/pastperformance/vragenlijsten/")
    assert page.get_by_text("gebruiken niet dezelfde criteriumcodes").is_visible()


def test_beheerder_legt_het_beleid_vast(page, beheerder):
    inloggen(page, "bea@kring.test", totp_secret=beheerder)
    visit(page, "/pastperformance/beleid/")
    assert page.get_by_role("heading", name="Doelbinding: samen bijsturen, niet selecteren").is_visible()
    page.get_by_label("Beoordelingen gebruiken bij selectie").check()
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("Leg de grondslag vast voordat beoordelingen bij selectie mogen meetellen").is_visible()
    assert not Beleid.huidig().gebruik_voor_selectie

    page.get_by_label("Grondslag voor selectie").fill("Besluit stuurgroep 12 maart 2027, art. 2.100 Aw.")
    page.get_by_label(re.compile(r"^\s*Reactietermijn \(dagen\)")).fill("21")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("Het beleid is opgeslagen.").is_visible()
    beleid = Beleid.huidig()
    assert (beleid.gebruik_voor_selectie, beleid.reactie_dagen) == (True, 21)
