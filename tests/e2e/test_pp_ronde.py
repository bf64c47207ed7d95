"""A whole beoordelingsronde in the browser: the gemeente's rater saves a draft, is refused a submit without the
required motivation and submits after fixing it, and fills in the self-rating; the contractor's rater cannot see any
of it before the reveal; the contractor's last submit reveals the round, with the four perspectives and the agenda;
the contractor replies, the gemeente records the bespreking, replies and makes the round definitief, and the round
report is made and downloaded as a PDF. Also: the rating form by keyboard only. axe checks every page."""

from django.utils import timezone

import pytest

from kring.models import Rapport
from kring.services import rapporten
from kring.services.rapporten import rapport_render
from pastperformance.models import Beoordelingsronde, Score
from tests.e2e.hulp import actief_element, check_page, inloggen, submit, tab_naar, uitloggen, visit
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, open_ronde

pytestmark = pytest.mark.e2e

MOTIVERING = "Bewoners van de Voorstraat hoorden pas een dag van tevoren van de afsluiting."


@pytest.fixture
def ronde(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    aannemer = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    plan = BeoordelingsplanFactory(
        project__gemeente=gemeente,
        project__naam="Vervanging Visbrug",
        opdrachtnemer=aannemer,
        beoordelaar_og=UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=gemeente),
        beoordelaar_on=UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=aannemer),
    )
    return open_ronde(plan=plan)


@pytest.fixture
def wachtende_worker(monkeypatch):
    """The report is not made at the request (as a busy worker would not): the test makes it when it wants to."""
    opdrachten = []
    monkeypatch.setattr(rapporten.tasks.render_rapport, "delay", opdrachten.append)
    return opdrachten


def kies(page, criterium: str, score: str) -> None:
    """Choose a score of a criterion by clicking its button (the radio itself is visually hidden)."""
    groep = page.get_by_role("group", name=f"Score voor {criterium.lower()}", exact=True)
    groep.locator("label").get_by_text(score, exact=True).click()


def criterium(page, naam: str):
    return page.get_by_role("group", name=naam, exact=True)


def vul_in(page, scores: dict[str, str], teksten: dict[str, tuple[str, str]] | None = None) -> None:
    for naam, score in scores.items():
        kies(page, naam, score)
    for naam, (motivering, afspraak) in (teksten or {}).items():
        criterium(page, naam).get_by_label("Motivering").fill(motivering)
        if afspraak:
            criterium(page, naam).get_by_label("Voorgestelde afspraak").fill(afspraak)


def test_een_hele_ronde_van_beoordelen_tot_rondeverslag(page, ronde, wachtende_worker):
    main = page.locator("main")

    # The gemeente's rater: a draft first.
    inloggen(page, "sam@dordrecht.test")
    visit(page, ronde.get_absolute_url())
    assert main.get_by_text("De beoordelingen zijn blind tot de onthulling").is_visible()
    submit(page, main.get_by_role("link", name="Beoordelen"))
    kies(page, "Planmatig werken", "7")
    submit(page, page.get_by_role("button", name="Concept bewaren"))
    assert main.get_by_text("Uw concept is bewaard.").is_visible()
    assert main.get_by_text("Concept", exact=True).is_visible()
    assert criterium(page, "Planmatig werken").locator("input[value='7']").is_checked()

    # A 4 without motivation and afspraak is refused, with the errors listed; nothing is submitted.
    vul_in(
        page,
        {
            "Proactiviteit en samenwerking": "8",
            "Deskundigheid en kwaliteit": "7",
            "Veiligheid en gezondheid": "8",
            "Omgevingsmanagement": "4",
            "Oplevering en revisie": "NVT",
        },
    )
    submit(page, page.get_by_role("button", name="Indienen"))
    overzicht = main.locator("#foutoverzicht")
    assert "De beoordeling is niet bewaard" in overzicht.inner_text()
    assert "Omgevingsmanagement, motivering" in overzicht.inner_text()
    assert "Omgevingsmanagement, voorgestelde afspraak" in overzicht.inner_text()
    assert not ronde.beoordelingen.get(richting="og_on").is_ingediend
    assert criterium(page, "Planmatig werken").locator("input[value='7']").is_checked()  # what was chosen stays

    vul_in(page, {}, {"Omgevingsmanagement": (MOTIVERING, "Eén aanspreekpunt en een wekelijkse bewonersbrief.")})
    submit(page, page.get_by_role("button", name="Indienen"))
    assert main.get_by_text("Uw beoordeling is ingediend. De andere partij ziet haar na de onthulling").is_visible()

    # The gemeente's self-rating.
    submit(page, main.get_by_role("link", name="Zelfbeoordeling"))
    vul_in(
        page,
        {
            "Planning en tijdige besluitvorming": "7",
            "Proactiviteit en samenwerking": "8",
            "Kwaliteit van vraag en bestek": "7",
            "Veiligheid": "8",
            "Omgevingsmanagement": "7",
            "Betaling en administratie": "8",
        },
    )
    submit(page, page.get_by_role("button", name="Indienen"))
    assert main.get_by_text("Uw beoordeling is ingediend.").is_visible()
    uitloggen(page)

    # The contractor sees that the gemeente submitted, not what it gave: not on the round, not by the address.
    inloggen(page, "jip@merwedijk.test")
    visit(page, ronde.get_absolute_url())
    assert main.get_by_role("row", name="Opdrachtgever over opdrachtnemer Gemeente Dordrecht Ja").is_visible()
    assert MOTIVERING not in page.content()
    visit(page, f"/pastperformance/rondes/{ronde.pk}/beoordelen/og_on/", status=404)

    visit(page, ronde.get_absolute_url())
    submit(page, main.get_by_role("link", name="Beoordelen"))
    vul_in(
        page,
        {
            "Planning en tijdige besluitvorming": "5",
            "Proactiviteit en samenwerking": "7",
            "Kwaliteit van vraag en bestek": "7",
            "Veiligheid": "8",
            "Omgevingsmanagement": "7",
            "Betaling en administratie": "6",
        },
        {
            "Planning en tijdige besluitvorming": (
                "Op het besluit over de brugleuning wachtten we vier weken.",
                "Besluiten over wijzigingen binnen tien werkdagen.",
            )
        },
    )
    submit(page, page.get_by_role("button", name="Indienen"))
    submit(page, main.get_by_role("link", name="Zelfbeoordeling"))
    vul_in(
        page,
        {
            "Planmatig werken": "8",
            "Proactiviteit en samenwerking": "8",
            "Deskundigheid en kwaliteit": "8",
            "Veiligheid en gezondheid": "8",
            "Omgevingsmanagement": "8",
            "Oplevering en revisie": "NVT",
        },
    )
    submit(page, page.get_by_role("button", name="Indienen"))  # the last of the four: the round is revealed
    assert main.get_by_text("de ronde is onthuld").is_visible()
    assert Beoordelingsronde.objects.get(pk=ronde.pk).status == "onthuld"

    # After the reveal: the four perspectives, the gemeente's motivation, and the agenda with the largest gap first.
    visit(page, ronde.get_absolute_url())
    assert main.get_by_role("heading", name="Vier perspectieven").is_visible()
    assert main.get_by_text(MOTIVERING).first.is_visible()
    agenda = main.locator("section[aria-labelledby=agenda-titel] ol > li")
    assert agenda.first.inner_text().startswith("Omgevingsmanagement: prestatie van Merwedijk Infra B.V.")
    assert "verschil van 4 punten" in agenda.first.inner_text()

    submit(page, main.get_by_role("link", name="Reageren"))
    page.get_by_label("Nee, oneens").check()
    page.get_by_label("Uw reactie").fill("De afsluiting stond in de vergunning; wij meldden die een week vooraf.")
    submit(page, page.get_by_role("button", name="Reactie opslaan"))
    assert main.get_by_text("wij meldden die een week vooraf.").is_visible()
    uitloggen(page)

    # The gemeente records the bespreking, replies in turn and makes the round definitief.
    inloggen(page, "sam@dordrecht.test")
    visit(page, ronde.get_absolute_url())
    submit(page, main.get_by_role("link", name="Bespreking vastleggen"))
    page.get_by_label("Datum van de bespreking").fill(timezone.localdate().isoformat())
    page.get_by_label("Sam Projectleider (Gemeente Dordrecht)").check()
    page.get_by_label("Jip Uitvoerder (Merwedijk Infra B.V.)").check()
    page.get_by_label("Samenvatting").fill("De omgeving krijgt één aanspreekpunt; besluiten binnen tien werkdagen.")
    submit(page, page.get_by_role("button", name="Bespreking opslaan"))
    assert main.get_by_text("De bespreking is vastgelegd.").is_visible()

    submit(page, main.get_by_role("link", name="Reageren"))
    page.get_by_label("Ja, eens").check()
    page.get_by_label("Uw reactie").fill("Herkenbaar: het mandaat voor kleine wijzigingen ligt nu bij de directie.")
    submit(page, page.get_by_role("button", name="Reactie opslaan"))
    visit(page, ronde.get_absolute_url())
    submit(page, main.get_by_role("button", name="Ronde definitief maken"))
    assert Beoordelingsronde.objects.get(pk=ronde.pk).status == "definitief"

    # The round report: requested, made by the worker, shown as ready on the page that polls, downloaded.
    submit(page, main.get_by_role("button", name="Rondeverslag als PDF"))
    (rapport_id,) = wachtende_worker
    assert page.url.endswith(f"/rapporten/{rapport_id}/")
    assert Rapport.objects.get(pk=rapport_id).soort == Rapport.Soort.PP_RONDE
    rapport_render(rapport_id=rapport_id)
    download_link = page.get_by_role("status").get_by_role("link", name="PDF downloaden")
    download_link.wait_for()
    check_page(page)
    with page.expect_download() as download:
        download_link.click()
    with open(download.value.path(), "rb") as bestand:
        assert bestand.read(5) == b"%PDF-"
    # Chromium ends a navigation that turns into a download with ERR_ABORTED: that is the download, not a failure.
    page.kring_fouten.remove(f"mislukt: {download.value.url} net::ERR_ABORTED")


def test_beoordelen_met_alleen_het_toetsenbord(page, ronde):
    eerste = ronde.beoordelingen.get(richting="on_og").vragenlijst.criteria.first()
    inloggen(page, "jip@merwedijk.test")
    visit(page, f"/pastperformance/rondes/{ronde.pk}/beoordelen/on_og/")

    # The scores of a criterion are one tab stop; the arrow keys choose; Enter sends the form (as a draft).
    tab_naar(page, f"input[name=c{eerste.pk}_waarde]")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert page.locator(f"#id_c{eerste.pk}_waarde_7").is_checked()
    assert actief_element(page)["id"] == f"id_c{eerste.pk}_waarde_7"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)
    assert page.locator("main").get_by_text("Uw concept is bewaard.").is_visible()
    assert Score.objects.get(beoordeling__richting="on_og", criterium=eerste).waarde == 7

    # Submitting the incomplete rating by keyboard: the error summary gets the focus.
    tab_naar(page, "button[value=indienen]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)
    assert actief_element(page)["id"] == "foutoverzicht"
    assert "De beoordeling is niet bewaard" in page.locator("#foutoverzicht").inner_text()
