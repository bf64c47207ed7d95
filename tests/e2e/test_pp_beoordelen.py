"""Blind rating in the browser: the contractor's rater saves a draft, is refused on submit with an error summary that
takes the focus and links to the fields, completes the rating and submits it; afterwards the page is read-only. A
colleague reads along. axe checks every page (hulp.visit and hulp.submit)."""

import pytest

from pastperformance.models import Beoordeling, Richting
from tests.e2e.hulp import actief_element, inloggen, submit, uitloggen, visit
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, open_ronde

pytestmark = pytest.mark.e2e


@pytest.fixture
def ronde(db):
    aannemer = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    jip = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=aannemer)
    UserFactory(naam="Kees Werkvoorbereider", email="kees@merwedijk.test", organisatie=aannemer)
    plan = BeoordelingsplanFactory(
        project__naam="Kademuur Wolwevershaven",
        project__gemeente=OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht"),
        opdrachtnemer=aannemer,
        beoordelaar_on=jip,
    )
    return open_ronde(plan=plan)


def kies(page, criterium, waarde: str) -> None:
    """Click the score's button (the radio itself is visually hidden behind its label)."""
    page.locator(f"label[for='id_c{criterium.pk}_waarde_{waarde}']").click()


def test_opdrachtnemer_beoordeelt_de_gemeente_blind(page, ronde):
    beoordeling = ronde.beoordelingen.get(richting=Richting.ON_OG)
    criteria = list(beoordeling.vragenlijst.criteria.all())
    adres = f"/pastperformance/rondes/{ronde.pk}/beoordelen/on_og/"
    inloggen(page, "jip@merwedijk.test")
    visit(page, adres)
    main = page.locator("main")
    assert main.get_by_role("heading", name="Opdrachtnemer over opdrachtgever", level=1).is_visible()
    assert main.get_by_role("group", name=criteria[0].naam, exact=True).is_visible()

    kies(page, criteria[0], "4")
    # The script says which texts the chosen score makes required; the hint says so without it too.
    assert (
        page.locator(f"label[for='id_c{criteria[0].pk}_motivering']")
        .inner_text()
        .endswith("(verplicht bij deze score)")
    )
    submit(page, main.get_by_role("button", name="Concept bewaren"))
    assert main.get_by_text("Uw concept is bewaard").is_visible()
    assert page.locator(f"#id_c{criteria[0].pk}_waarde_4").is_checked()

    submit(page, main.get_by_role("button", name="Indienen"))
    overzicht = page.locator("#foutoverzicht")
    assert overzicht.is_visible() and actief_element(page)["id"] == "foutoverzicht"
    assert overzicht.get_by_role(
        "link", name=f"{criteria[0].naam}, motivering: Motiveer een score van 5 of lager."
    ).is_visible()
    overzicht.get_by_role("link", name=f"{criteria[1].naam}, score: Geef een score of kies NVT.").click()
    assert actief_element(page)["id"] == f"id_c{criteria[1].pk}_waarde_1"
    assert not Beoordeling.objects.get(pk=beoordeling.pk).is_ingediend

    page.locator(f"#id_c{criteria[0].pk}_motivering").fill("Besluiten over meerwerk duurden weken.")
    page.locator(f"#id_c{criteria[0].pk}_voorgestelde_afspraak").fill("Binnen vijf werkdagen een besluit.")
    for criterium in criteria[1:]:
        kies(page, criterium, "nvt" if criterium.nvt_toegestaan and criterium == criteria[-1] else "7")
    page.get_by_label("Algemene toelichting").fill("Prettig contact op de bouwplaats.")
    submit(page, main.get_by_role("button", name="Indienen"))
    assert main.get_by_text("Uw beoordeling is ingediend").is_visible()
    assert Beoordeling.objects.get(pk=beoordeling.pk).is_ingediend

    visit(page, adres)
    assert main.get_by_role("button", name="Indienen").count() == 0
    assert main.get_by_text("4 – ").first.is_visible()
    uitloggen(page)

    inloggen(page, "kees@merwedijk.test")
    visit(page, adres)
    assert main.get_by_text("Besluiten over meerwerk duurden weken.").is_visible()
    assert main.get_by_role("button", name="Concept bewaren").count() == 0
