"""After the reveal, in the browser: the gemeente reads the four perspectives and the agenda, records the bespreking
(after a refused first try) and an afspraak from a rater's proposal; the contractor replies; the gemeente makes the
round definitief and asks for the round report; the contractor objects, the beheerder composes the panel and a panel
member decides. axe checks every page (hulp.visit and hulp.submit)."""

import datetime

from django.utils import timezone

import pytest

from pastperformance.models import Beoordelingsronde, Bezwaar, Reactie
from tests.e2e.hulp import inloggen, submit, uitloggen, visit
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, give_totp, onthulde_ronde

pytestmark = pytest.mark.e2e

VANDAAG = timezone.localdate()


@pytest.fixture
def ronde(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    aannemer = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    sam = UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=gemeente)
    jip = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=aannemer)
    plan = BeoordelingsplanFactory(
        project__gemeente=gemeente,
        project__naam="Renovatie Visbrug",
        opdrachtnemer=aannemer,
        beoordelaar_og=sam,
        beoordelaar_on=jip,
    )
    return onthulde_ronde({"og_on": (4, 8, 7, 7, 7, 7), "zelf_on": (8,), "on_og": (7,), "zelf_og": (7,)}, plan=plan)


def test_van_onthulling_tot_besluit_op_bezwaar(page, ronde):
    main = page.locator("main")
    inloggen(page, "sam@dordrecht.test")
    visit(page, ronde.get_absolute_url())
    assert main.get_by_role("heading", name="Vier perspectieven").is_visible()
    assert main.get_by_text("Planmatig werken: prestatie van Merwedijk Infra B.V.").is_visible()

    submit(page, main.get_by_role("link", name="Bespreking vastleggen"))
    page.get_by_label("Datum van de bespreking").fill((VANDAAG + datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Sam Projectleider (Gemeente Dordrecht)").check()
    page.get_by_label("Jip Uitvoerder (Merwedijk Infra B.V.)").check()
    page.get_by_label("Samenvatting").fill("De planning liep achter door de vergunning; we plannen voortaan samen.")
    submit(page, page.get_by_role("button", name="Bespreking opslaan"))  # refused: a date in the future
    assert main.get_by_text("De bespreking is niet opgeslagen").is_visible()
    page.get_by_label("Datum van de bespreking").fill(VANDAAG.isoformat())
    submit(page, page.get_by_role("button", name="Bespreking opslaan"))
    assert main.get_by_text("De bespreking is vastgelegd.").is_visible()

    submit(page, main.get_by_role("link", name="Afspraak maken"))
    submit(page, main.get_by_role("link", name="Overnemen"))
    page.get_by_label("Uiterlijk").fill((VANDAAG + datetime.timedelta(days=30)).isoformat())
    submit(page, page.get_by_role("button", name="Afspraak opslaan"))
    assert main.get_by_text("Elke twee weken samen de planning doornemen.").first.is_visible()
    uitloggen(page)

    inloggen(page, "jip@merwedijk.test")
    visit(page, ronde.get_absolute_url())
    submit(page, main.get_by_role("link", name="Reageren", exact=False))
    page.get_by_label("Nee, oneens").check()
    page.get_by_label("Uw reactie").fill("De vertraging kwam door de late vergunning.")
    submit(page, page.get_by_role("button", name="Reactie opslaan"))
    assert main.get_by_text("De vertraging kwam door de late vergunning.").is_visible()
    visit(page, "/pastperformance/afspraken/")
    assert main.get_by_role("rowheader", name="Elke twee weken samen de planning doornemen.").is_visible()
    uitloggen(page)

    Reactie.objects.create(beoordeling=ronde.beoordelingen.get(richting="on_og"), eens=True, tekst="Klopt.")
    inloggen(page, "sam@dordrecht.test")
    visit(page, ronde.get_absolute_url())
    submit(page, main.get_by_role("button", name="Ronde definitief maken"))
    assert Beoordelingsronde.objects.get(pk=ronde.pk).status == "definitief"
    submit(page, main.get_by_role("button", name="Rondeverslag als PDF"))
    uitloggen(page)

    inloggen(page, "jip@merwedijk.test")
    visit(page, ronde.get_absolute_url())
    submit(page, main.get_by_role("link", name="Bezwaar maken"))
    page.get_by_label("Gronden van het bezwaar").fill("De score voor planning negeert de late vergunning.")
    submit(page, page.get_by_role("button", name="Bezwaar indienen"))
    visit(page, ronde.get_absolute_url())
    submit(page, main.get_by_role("link", name="Addendum toevoegen"))
    page.get_by_label("Opdrachtnemer over opdrachtgever").check()
    page.get_by_label("Addendum").fill("Bij betaling: de laatste factuur is inmiddels betaald.")
    submit(page, page.get_by_role("button", name="Addendum opslaan"))
    assert main.get_by_text("de laatste factuur is inmiddels betaald").is_visible()
    submit(page, main.get_by_role("link", name="Status bijwerken").first)
    page.get_by_label("Nagekomen", exact=True).check()
    submit(page, page.get_by_role("button", name="Status opslaan"))
    assert main.get_by_role("cell", name="Nagekomen").is_visible()
    uitloggen(page)

    beheerder = UserFactory(
        email="beheer@kring.test", organisatie=OrganisatieFactory(naam="Kringbureau"), beheerder=True
    )
    UserFactory(naam="Manager Zwijndrecht", organisatie=OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht"))
    kringlid = UserFactory(naam="Kim Kringlid", email="kim@wantij.test", organisatie=OrganisatieFactory(naam="Wantij"))
    inloggen(page, "beheer@kring.test", totp_secret=give_totp(beheerder))
    visit(page, "/pastperformance/bezwaren/")
    submit(page, main.get_by_role("link", name="Van Merwedijk Infra B.V."))
    submit(page, main.get_by_role("link", name="Panel samenstellen"))
    page.get_by_label("Panellid namens een gemeente").select_option(label="Manager Zwijndrecht (Gemeente Zwijndrecht)")
    page.get_by_label("Panellid uit de kring").select_option(label="Kim Kringlid (Wantij)")
    submit(page, page.get_by_role("button", name="Panel vastleggen"))
    uitloggen(page)

    inloggen(page, "kim@wantij.test")
    visit(page, "/pastperformance/bezwaren/")
    submit(page, main.get_by_role("link", name="Van Merwedijk Infra B.V."))
    submit(page, main.get_by_role("link", name="Besluit vastleggen"))
    page.get_by_label("Gegrond: telt niet mee in profielen").check()
    page.get_by_label("Besluit met redenen").fill("De vergunning lag buiten de invloed van de opdrachtnemer.")
    submit(page, page.get_by_role("button", name="Besluit vastleggen"))
    assert main.get_by_text("Het besluit is vastgelegd als addendum bij de beoordeling.").is_visible()
    assert Bezwaar.objects.get().besluit == "gegrond"
    assert kringlid.pk == Bezwaar.objects.get().panel_kring_id
