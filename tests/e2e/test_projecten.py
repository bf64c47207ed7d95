"""Projects in the browser: a gemeente employee creates a project (after a refused first try), moves its tender a
quarter with a reason that the history then shows, changes its fase and awards it; a contractor reads it without the
raming. axe checks every page (hulp.visit and hulp.submit)."""

import pytest

from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_label, kwartaal_plus
from projecten.models import Project
from tests.e2e.hulp import inloggen, submit, uitloggen, visit
from tests.factories import GebiedFactory, OrganisatieFactory, UserFactory, WaardeklasseFactory

pytestmark = pytest.mark.e2e

NU = huidig_kwartaal()


@pytest.fixture
def kring(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    GebiedFactory(gemeente=gemeente, naam="Reeland", code="reeland")
    WaardeklasseFactory(naam="€ 250.000 – € 1 mln", ondergrens=250_000, bovengrens=1_000_000)
    UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=gemeente)
    UserFactory(
        naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=OrganisatieFactory(naam="Merwedijk Infra B.V.")
    )


def test_gemeente_maakt_en_wijzigt_een_project_en_opdrachtnemer_leest_mee(page, kring):
    inloggen(page, "sam@dordrecht.test")
    visit(page, "/projecten/")
    main = page.locator("main")
    assert main.get_by_text("Geen projecten gevonden").is_visible()

    submit(page, main.get_by_role("link", name="Nieuw project"))
    page.get_by_label("Projectnummer").fill("DOR-2041")
    page.get_by_label("Naam").fill("Fietsstraat Reeweg-Oost")
    page.get_by_label("Gebied").select_option(label="Reeland (Dordrecht)")
    page.get_by_label("Soort werk").select_option(label="Wegen en verharding")
    page.get_by_label("Fase").select_option(label="Ontwerp")
    page.get_by_label("Kwartaal van aanbesteding").fill(kwartaal_code(kwartaal_plus(NU, 2)))
    page.get_by_label("Kwartaal van start uitvoering").fill(kwartaal_code(kwartaal_plus(NU, 1)))
    page.get_by_label("Waardeklasse").select_option(label="€ 250.000 – € 1 mln")
    page.get_by_label("Raming").fill("820.000")
    page.get_by_label("Energie").select_option(value="2")
    submit(page, page.get_by_role("button", name="Opslaan"))  # refused: the start lies before the tender
    assert main.get_by_text("Het project is niet opgeslagen").is_visible()
    assert main.get_by_text("De uitvoering kan niet beginnen vóór de aanbesteding").first.is_visible()
    assert not Project.objects.exists()

    page.get_by_label("Kwartaal van start uitvoering").fill(kwartaal_code(kwartaal_plus(NU, 3)))
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert main.get_by_role("heading", name="Fietsstraat Reeweg-Oost", level=1).is_visible()
    assert main.get_by_text("€ 820.000").is_visible()
    assert main.get_by_role("row", name="Energie").is_visible()

    submit(page, main.get_by_role("link", name="Project bewerken"))
    reden = page.get_by_label("Reden van de wijziging")
    assert not reden.is_visible()  # only asked once a tracked field changes
    page.get_by_label("Kwartaal van aanbesteding").fill(kwartaal_code(kwartaal_plus(NU, 3)))
    assert reden.is_visible()
    reden.fill("De vergunning van het waterschap komt een kwartaal later.")
    submit(page, page.get_by_role("button", name="Opslaan"))
    geschiedenis = main.get_by_role("table", name="Wijzigingen van planning")
    assert "De vergunning van het waterschap komt een kwartaal later." in geschiedenis.inner_text()
    assert kwartaal_code(kwartaal_plus(NU, 3)) in geschiedenis.inner_text()
    assert main.get_by_text(kwartaal_label(kwartaal_plus(NU, 3))).first.is_visible()

    page.get_by_label("Nieuwe fase").select_option(label="Aanbesteding")
    submit(page, page.get_by_role("button", name="Fase wijzigen"))
    assert main.get_by_text("Het project is nu in fase aanbesteding.").is_visible()
    submit(page, main.get_by_role("link", name="Gunning vastleggen"))
    page.get_by_label("Merwedijk Infra B.V.").check()
    submit(page, page.get_by_role("button", name="Gunning opslaan"))
    assert main.get_by_text("Merwedijk Infra B.V.").first.is_visible()
    assert Project.objects.get().fase == "aanbesteding"
    uitloggen(page)

    inloggen(page, "jip@merwedijk.test")
    visit(page, "/projecten/?zoek=reeweg")
    submit(page, main.get_by_role("link", name="Fietsstraat Reeweg-Oost"))
    assert main.get_by_text("€ 250.000 – € 1 mln").first.is_visible()
    assert main.get_by_text("Raming").count() == 0 and main.get_by_text("820.000").count() == 0
    assert main.get_by_role("link", name="Project bewerken").count() == 0
    assert (
        "De vergunning van het waterschap" in main.get_by_role("table", name="Wijzigingen van planning").inner_text()
    )
