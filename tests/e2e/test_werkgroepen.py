"""The werkgroepen in the browser: a member asks to join, the trekker approves and the member appears; the trekker edits
the werkgroep; the beheerder creates, closes and reopens one. axe checks every page (hulp.visit and hulp.submit)."""

import datetime
import re

import pytest

from tests.e2e.hulp import inloggen, mails_aan, submit, uitloggen, visit
from tests.factories import (
    LidmaatschapFactory,
    OrganisatieFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
    give_totp,
)
from werkgroepen.models import Lidmaatschap, Werkgroep

pytestmark = pytest.mark.e2e


@pytest.fixture
def kring(db):
    dordrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    merwedijk = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    wantij = OrganisatieFactory(naam="Wantij Waterbouw B.V.")
    werkgroep = WerkgroepFactory(
        naam="Continuïteit",
        slug="continuiteit",
        doel="Meer gelijkmatigheid in het aanbod van projecten.",
        omschrijving="De werkgroep verkent maatregelen voor een continu projectenaanbod.",
    )
    ThemadoelFactory(naam="Een gelijkmatig aanbod van werk").werkgroepen.add(werkgroep)
    WerkgroepFactory(naam="Communicatie", slug="communicatie", gesloten_op=datetime.date(2025, 12, 31))
    sam = UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=dordrecht)
    mila = UserFactory(naam="Mila Tenderspecialist", email="mila@wantij.test", organisatie=wantij)
    LidmaatschapFactory(werkgroep=werkgroep, gebruiker=sam, rol="trekker", van=datetime.date(2019, 3, 28))
    LidmaatschapFactory(werkgroep=werkgroep, gebruiker=mila, van=datetime.date(2024, 2, 1))
    UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=merwedijk)
    return {"werkgroep": werkgroep, "dordrecht": dordrecht, "mila": mila}


def test_lid_meldt_zich_aan_en_de_trekker_keurt_goed(page, kring):
    visit(page, "/werkgroepen/")
    main = page.locator("main")
    assert main.get_by_text("Sam Projectleider (Gemeente Dordrecht)").is_visible()
    assert main.get_by_role("heading", name="Afgesloten werkgroepen").is_visible()
    submit(page, main.get_by_role("link", name="Continuïteit"))
    assert main.get_by_text("Een gelijkmatig aanbod van werk").is_visible()
    assert main.get_by_text("Mila Tenderspecialist").count() == 0  # visitors see the trekker only

    inloggen(page, "jip@merwedijk.test")
    visit(page, "/werkgroepen/")
    assert main.get_by_role("table", name="Lopende lidmaatschappen per werkgroep").is_visible()
    submit(page, main.get_by_role("link", name="Continuïteit").first)
    assert main.get_by_role("table", name="Leden van werkgroep Continuïteit").get_by_text("Mila Tenderspecialist")
    submit(page, main.get_by_role("link", name="Aanmelden voor deze werkgroep"))
    page.get_by_label("Motivatie (niet verplicht)").fill("Wij werken veel in Crabbehof en denken graag mee.")
    submit(page, page.get_by_role("button", name="Aanmelding versturen"))
    assert main.get_by_text("Uw aanmelding voor werkgroep Continuïteit is verstuurd.").is_visible()
    assert main.get_by_role("button", name="Aanmelding intrekken").is_visible()
    visit(page, "/werkgroepen/aanmeldingen/")
    assert (
        main.get_by_role("table", name="Uw aanmeldingen")
        .get_by_role("cell", name="Aangevraagd", exact=True)
        .is_visible()
    )
    uitloggen(page)

    inloggen(page, "sam@dordrecht.test")
    visit(page, "/werkgroepen/continuiteit/")
    verzoeken = main.get_by_role("table", name="Aanmeldingen voor werkgroep Continuïteit")
    assert verzoeken.get_by_text("Wij werken veel in Crabbehof").is_visible()
    visit(page, "/werkgroepen/aanmeldingen/")
    submit(page, main.get_by_role("link", name="Afwijzen Jip Uitvoerder"))
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelding van Jip Uitvoerder afwijzen"
    submit(page, main.get_by_role("link", name="Annuleren"))
    assert page.url.endswith("/werkgroepen/aanmeldingen/")
    submit(page, main.get_by_role("button", name="Goedkeuren Jip Uitvoerder"))
    assert main.get_by_text("Jip Uitvoerder is lid van werkgroep Continuïteit en krijgt bericht.").is_visible()
    assert "U bent lid van werkgroep Continuïteit" in mails_aan("jip@merwedijk.test")[-1].subject

    visit(page, "/werkgroepen/continuiteit/")
    leden = main.get_by_role("table", name="Leden van werkgroep Continuïteit")
    assert (
        leden.get_by_role("row")
        .filter(has_text="Jip Uitvoerder")
        .get_by_role("cell", name="Lid", exact=True)
        .is_visible()
    )
    assert main.get_by_text("Lopende lidmaatschappen: 1 van een gemeente, 2 van opdrachtnemers.").is_visible()


def test_trekker_bewerkt_en_beheert_leden(page, kring):
    inloggen(page, "sam@dordrecht.test")
    visit(page, "/werkgroepen/continuiteit/")
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Werkgroep bewerken"))
    page.get_by_label("Doel").fill("")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("Dit veld is verplicht.").is_visible()
    page.get_by_label("Doel").fill("Een gelijkmatig aanbod van werk, over het hele jaar.")
    page.get_by_label("Deelonderwerpen").fill("Inzicht in de pijplijn\nSpreiding van aanbestedingen")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert main.get_by_text("Werkgroep Continuïteit is bijgewerkt.").is_visible()
    assert main.get_by_role("listitem").filter(has_text="Spreiding van aanbestedingen").is_visible()

    page.get_by_label("Rol van Mila Tenderspecialist").select_option("adviseur")
    submit(page, main.get_by_role("button", name="Rol opslaan voor Mila Tenderspecialist"))
    assert main.get_by_text("Mila Tenderspecialist is nu adviseur.").is_visible()
    submit(page, main.get_by_role("link", name="Beëindigen lidmaatschap van Mila Tenderspecialist"))
    submit(page, main.get_by_role("button", name="Lidmaatschap beëindigen"))
    assert main.get_by_text("Het lidmaatschap van Mila Tenderspecialist").is_visible()
    assert Lidmaatschap.objects.get(gebruiker=kring["mila"]).tot is not None

    # Leaving as the only trekker is refused, on an accessible page.
    submit(page, main.get_by_role("link", name="Werkgroep verlaten"))
    submit(page, main.get_by_role("button", name="Werkgroep verlaten"))
    assert main.get_by_text("heeft dan geen trekker meer").is_visible()


def test_beheerder_maakt_sluit_en_heropent(page, kring):
    beheerder = UserFactory(
        naam="Kim Coördinator", email="kim@kring.test", beheerder=True, organisatie=kring["dordrecht"]
    )
    inloggen(page, "kim@kring.test", totp_secret=give_totp(beheerder))
    visit(page, "/werkgroepen/")
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Nieuwe werkgroep"))
    page.get_by_label(re.compile(r"^\s*Naam\s*\*?\s*$")).fill("Circulair bouwen")
    page.get_by_label("Korte naam").fill("nieuw")
    page.get_by_label("Doel").fill("Hergebruik van materialen in de openbare ruimte.")
    page.get_by_label("Trekker").select_option(label="Jip Uitvoerder (Merwedijk Infra B.V.)")
    submit(page, page.get_by_role("button", name="Werkgroep aanmaken"))
    assert main.get_by_text("is gereserveerd voor een pagina van het portaal").is_visible()
    page.get_by_label("Korte naam").fill("circulair-bouwen")
    submit(page, page.get_by_role("button", name="Werkgroep aanmaken"))
    assert main.get_by_text("Werkgroep Circulair bouwen is aangemaakt, met Jip Uitvoerder als trekker.").is_visible()

    submit(page, main.get_by_role("link", name="Werkgroep sluiten"))
    submit(page, main.get_by_role("button", name="Werkgroep sluiten"))
    assert main.get_by_text("Werkgroep Circulair bouwen is gesloten.").is_visible()
    assert Werkgroep.objects.get(slug="circulair-bouwen").gesloten_op is not None
    submit(page, main.get_by_role("link", name="Werkgroep heropenen"))
    page.get_by_label("Trekker").select_option(label="Sam Projectleider (Gemeente Dordrecht)")
    submit(page, page.get_by_role("button", name="Werkgroep heropenen"))
    assert main.get_by_text("Werkgroep Circulair bouwen is weer open.").is_visible()
