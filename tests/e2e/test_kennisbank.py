"""The kennisbank in the browser: a member searches, filters on a facet, opens a result, votes "nuttig" and downloads
the attachment; a member shares an item with a file (the praktijk fields follow the soort); a visitor sees the public
items. axe checks every page (hulp.visit and hulp.submit)."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from tests.e2e.hulp import inloggen, submit, visit
from tests.factories import PDF_BYTES, LidmaatschapFactory, OrganisatieFactory, ThemaFactory, UserFactory
from werkgroepen.models import Kennisitem
from werkgroepen.services.kennisbank import KennisitemInhoud, bijlage_add, kennisitem_create

pytestmark = pytest.mark.e2e


@pytest.fixture
def kennisbank(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    auteur = UserFactory(naam="Maud Omgevingsmanager", email="maud@dordrecht.test", organisatie=gemeente)
    werkgroep = LidmaatschapFactory(gebruiker=auteur, werkgroep__naam="Omgevingsmanagement").werkgroep
    samenwerking = ThemaFactory(naam="Samenwerking", slug="samenwerking")
    duurzaamheid = ThemaFactory(naam="Duurzaamheid", slug="duurzaamheid")
    over_een_jaar = timezone.localdate() + datetime.timedelta(days=365)

    def deel(**velden):
        return kennisitem_create(inhoud=KennisitemInhoud(herzien_voor=over_een_jaar, **velden), door=auteur)

    visbrug = deel(
        soort="praktijkvoorbeeld",
        titel="Renovatie Visbrug met een bouwteam",
        samenvatting="Gemeente en aannemer werkten vanaf het ontwerp samen aan een brug in de binnenstad.",
        uitdaging="Een smalle werkplek tussen de kades.",
        aanpak="Een bouwteam vanaf het voorontwerp.",
        inhoud="## Wat werkte\n\n- Eén omgevingsplan\n- Samen **vooraf** rekenen",
        zichtbaarheid="openbaar",
        werkgroep=werkgroep,
        themas=[samenwerking],
        tags=["visbrug", "bouwteam"],
    )
    deel(
        soort="lesson_learned",
        titel="Bouwteam bij een kademuur: planning bewaken",
        samenvatting="Een bouwteam helpt, maar alleen met een gedeelde planning.",
        lessen="Maak de planning samen.",
        zichtbaarheid="leden",
        themas=[samenwerking, duurzaamheid],
    )
    deel(
        soort="tool",
        titel="Checklist duurzaam asfalt",
        samenvatting="Wat u vraagt en hoe u het meet.",
        zichtbaarheid="leden",
        themas=[duurzaamheid],
    )
    bijlage_add(kennisitem=visbrug, bestand=SimpleUploadedFile("Evaluatie Visbrug.pdf", PDF_BYTES), door=auteur)
    return {"visbrug": visbrug, "werkgroep": werkgroep}


def test_lid_zoekt_opent_een_resultaat_en_vindt_het_nuttig(page, kennisbank):
    UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test")
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/werkgroepen/kennisbank/")
    main = page.locator("main")
    assert main.get_by_role("heading", name="3 items").is_visible()

    page.get_by_label("Zoeken in de kennisbank").fill("bouwteam")
    submit(page, main.get_by_role("button", name="Zoeken"))
    assert main.get_by_role("heading", name="2 items gevonden voor ‘bouwteam’").is_visible()
    assert main.locator("mark").first.inner_text().lower() == "bouwteam"

    submit(page, main.get_by_role("link", name="Duurzaamheid (1)"))
    assert "thema=duurzaamheid" in page.url and "q=bouwteam" in page.url
    assert main.get_by_role("heading", name="1 item gevonden voor ‘bouwteam’").is_visible()
    # Chrome puts a space before the visually hidden part of the name: "Thema: Duurzaamheid , filter weghalen".
    submit(page, main.get_by_role("link", name=re.compile(r"^Thema: Duurzaamheid\s*, filter weghalen")))
    assert "thema=" not in page.url

    submit(page, main.get_by_role("link", name="Renovatie Visbrug met een bouwteam"))
    assert page.get_by_role("heading", level=1).inner_text() == "Renovatie Visbrug met een bouwteam"
    assert main.get_by_role("heading", name="Uitdaging").is_visible()
    assert main.get_by_role("heading", name="Wat werkte").is_visible()
    assert main.get_by_text("Maud Omgevingsmanager, Gemeente Dordrecht").is_visible()
    assert main.get_by_role("link", name="Bouwteam bij een kademuur: planning bewaken").is_visible()  # related

    submit(page, main.get_by_role("button", name="Nuttig"))
    assert page.get_by_text("U vindt dit item nuttig; dank u wel.").is_visible()
    tellers = main.locator("dl").inner_text()
    assert "Bekeken\n1 keer" in tellers and "Nuttig gevonden\n1 keer" in tellers
    assert main.get_by_role("button", name="Stem ‘nuttig’ intrekken").is_visible()
    assert Kennisitem.objects.get(pk=kennisbank["visbrug"].pk).aantal_nuttig == 1

    with page.expect_download() as download:
        main.get_by_role("link", name="Evaluatie Visbrug.pdf").click()
    assert download.value.suggested_filename == "Evaluatie Visbrug.pdf"


def test_lid_deelt_een_praktijkvoorbeeld_met_een_bijlage(page, kennisbank, tmp_path):
    UserFactory(naam="Noor Werkvoorbereider", email="noor@wantij.test")
    inloggen(page, "noor@wantij.test")
    visit(page, "/werkgroepen/kennisbank/")
    submit(page, page.get_by_role("link", name="Kennis delen"))
    main = page.locator("main")
    praktijk = main.get_by_role("group", name="Praktijkvoorbeeld")
    assert not praktijk.is_visible()  # no soort chosen yet: the fieldset follows the choice
    page.get_by_label("Soort").select_option("praktijkvoorbeeld")
    assert praktijk.is_visible()
    assert main.get_by_role("radio", name="Gemeente-intern").count() == 0  # for gemeente staff only

    page.get_by_label("Titel").fill("Werk met werk in de Vogelbuurt")
    page.get_by_label("Samenvatting").fill("Riool, groen en straat in één keer.")
    main.get_by_role("checkbox", name="Samenwerking").check()
    page.get_by_label("Tags").fill("Wijk, werk met werk")
    page.get_by_label("Uitdaging").fill("Drie planningen voor dezelfde straat.")
    # "Aanpak" left empty and a file that is no PDF: the page lists both, nothing is saved.
    nep = tmp_path / "kaart.pdf"
    nep.write_bytes(b"<html>geen pdf</html>")
    page.get_by_label("Bijlagen toevoegen").set_input_files(str(nep))
    submit(page, main.get_by_role("button", name="Opslaan"))
    fouten = main.locator("#foutoverzicht").inner_text()
    assert "Een praktijkvoorbeeld beschrijft de uitdaging en de aanpak" in fouten
    assert "De inhoud van ‘kaart.pdf’ is geen PDF." in fouten
    assert not Kennisitem.objects.filter(titel="Werk met werk in de Vogelbuurt").exists()
    assert (
        praktijk.is_visible()
        and page.get_by_label("Uitdaging").input_value() == "Drie planningen voor dezelfde straat."
    )

    page.get_by_label("Aanpak").fill("Eén projectleider en één aannemer.")
    echt = tmp_path / "planning.pdf"
    echt.write_bytes(PDF_BYTES)
    page.get_by_label("Bijlagen toevoegen").set_input_files(str(echt))
    submit(page, main.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("‘Werk met werk in de Vogelbuurt’ is opgeslagen.").is_visible()
    item = Kennisitem.objects.get(titel="Werk met werk in de Vogelbuurt")
    assert [b.naam for b in item.bijlagen.all()] == ["planning.pdf"]
    assert sorted(item.tags.values_list("naam", flat=True)) == ["werk met werk", "wijk"]

    submit(page, main.get_by_role("link", name="Bewerken"))
    assert page.get_by_role("heading", level=1).inner_text() == "Werk met werk in de Vogelbuurt bewerken"
    assert main.get_by_role("checkbox", name="planning.pdf").is_visible()


def test_bezoeker_ziet_alleen_openbare_kennis(page, kennisbank):
    visit(page, "/werkgroepen/kennisbank/")
    main = page.locator("main")
    assert main.get_by_role("heading", name="1 item").is_visible()
    assert main.get_by_role("link", name="Log in").is_visible()
    submit(page, main.get_by_role("link", name="Renovatie Visbrug met een bouwteam"))
    assert main.get_by_role("button", name="Nuttig").count() == 0
    assert main.get_by_text("Maud Omgevingsmanager").count() == 0
