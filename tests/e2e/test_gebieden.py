"""Gebieden in the browser: a gemeente's projectleider adds an opgave to a wijk (refused first: the window is out of
order), the portal finds the koppelkans with the project there, the projectleider records "gebundeld" with a reason,
adds graafrust and looks at the wijk × jaar matrix; a contractor reads along. axe checks every page (hulp.visit and
hulp.submit)."""

import datetime

from django.utils import timezone

import pytest

from projecten.kwartalen import huidig_kwartaal, kwartaal_plus
from projecten.models import Graafrust, Koppelkans, Opgave
from tests.e2e.hulp import inloggen, submit, uitloggen, visit
from tests.factories import GebiedFactory, OpgaveFactory, OrganisatieFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def wijk(db):
    dordrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=dordrecht)
    UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=OrganisatieFactory())
    wielwijk = GebiedFactory(gemeente=dordrecht, naam="Wielwijk", code="wielwijk")
    project = ProjectFactory(
        gemeente=dordrecht,
        gebied=wielwijk,
        naam="Herinrichting Wielwijk-Noord",
        soort_werk="wegen",
        aanbesteding_kwartaal=kwartaal_plus(huidig_kwartaal(), 2),
        start_kwartaal=kwartaal_plus(huidig_kwartaal(), 3),
        duur_maanden=9,
    )
    OpgaveFactory(
        gebied=GebiedFactory(gemeente=dordrecht, naam="Crabbehof"),
        titel="Speelplekken Crabbehof",
        thema="spelen",
    )
    return {"gebied": wielwijk, "project": project}


def test_opgave_koppelkans_en_graafrust(page, wijk):
    gebied, project = wijk["gebied"], wijk["project"]
    main = page.locator("main")
    inloggen(page, "sam@dordrecht.test")
    visit(page, "/projecten/gebieden/")
    submit(page, main.get_by_role("link", name="Wielwijk"))
    assert main.get_by_role("link", name=f"{project.nummer} Herinrichting Wielwijk-Noord").is_visible()
    assert main.get_by_text("Er zijn geen koppelkansen in dit gebied gevonden.").is_visible()

    submit(page, main.get_by_role("link", name="Opgave toevoegen"))
    page.get_by_label("Titel").fill("Vervanging gemengd riool Wielwijk-Noord")
    page.get_by_label("Thema").select_option(label="Riolering")
    page.locator("#id_eigenaar").select_option(label="Gemeente (afdeling)")
    page.get_by_label("Naam eigenaar").fill("Team Riolering en water")
    start = project.start_kwartaal
    page.get_by_label("Vroegst").fill(f"{start.year + 1}-06-30")
    page.get_by_label("Uiterlijk").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Bron").fill("GRP 2024–2028")
    submit(page, page.get_by_role("button", name="Opslaan"))  # refused, with the error at the field
    assert main.get_by_text("ligt vóór de vroegste datum").is_visible()
    assert not Opgave.objects.filter(gebied=gebied).exists()

    page.get_by_label("Vroegst").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Uiterlijk").fill(f"{start.year + 1}-06-30")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.url.endswith(f"/projecten/gebieden/{gebied.pk}/")
    assert main.get_by_text("Koppelkansen worden opnieuw gezocht.").is_visible()
    koppelkans = Koppelkans.objects.get(gebied=gebied)
    assert list(koppelkans.projecten.all()) == [project]

    submit(page, main.get_by_role("link", name="Koppelkans"))
    assert main.get_by_text("Er is nog niets besloten over deze koppelkans.").is_visible()
    page.get_by_label("Gebundeld: we nemen dit samen op").check()
    submit(page, page.get_by_role("button", name="Besluit vastleggen"))  # no reason: refused
    assert main.get_by_text("Geef een reden").first.is_visible()
    page.get_by_label("Gebundeld: we nemen dit samen op").check()
    page.get_by_label("Reden").fill("Riool en herinrichting in één bestek: de straat gaat één keer open.")
    submit(page, page.get_by_role("button", name="Besluit vastleggen"))
    assert main.get_by_text("de koppelkans is nu ‘gebundeld’").is_visible()
    assert main.get_by_text("Gebundeld op").is_visible() and main.get_by_text("door Sam Projectleider").is_visible()
    koppelkans.refresh_from_db()
    assert koppelkans.status == "gebundeld" and koppelkans.besluiten.count() == 1

    submit(page, main.get_by_role("link", name="Wielwijk").first)
    submit(page, main.get_by_role("link", name="Graafrust toevoegen"))
    page.get_by_label("Straat of deel van het gebied").fill("Karel Doormanweg")
    page.get_by_label("Graafrust tot").fill(f"{timezone.localdate() + datetime.timedelta(days=500):%Y-%m-%d}")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert Graafrust.objects.filter(gebied=gebied).count() == 1
    assert main.get_by_role("heading", name="Let op: werk tijdens graafrust").is_visible()

    opgave = Opgave.objects.get(gebied=gebied)
    visit(page, f"/projecten/gebieden/opgaven/{opgave.pk}/bewerken/")
    visit(page, f"/projecten/gebieden/opgaven/{opgave.pk}/verwijderen/")
    visit(page, f"/projecten/gebieden/graafrust/{Graafrust.objects.get().pk}/verwijderen/")
    visit(page, project.get_absolute_url())
    assert main.get_by_role("link", name="Koppelkans").first.is_visible()

    visit(page, "/projecten/gebieden/matrix/")
    rij = main.get_by_role("row").filter(has_text="Wielwijk")
    assert "Koppelkans" in rij.inner_text() and "Graafrust" in rij.inner_text()
    rij.locator("summary").first.click()
    assert rij.get_by_role("link", name=f"{project.nummer} Herinrichting Wielwijk-Noord").first.is_visible()
    uitloggen(page)

    inloggen(page, "jip@merwedijk.test")
    visit(page, "/projecten/koppelkansen/?status=gebundeld")
    submit(page, main.get_by_role("link").filter(has_text="Wielwijk").first)
    assert main.get_by_text("Riool en herinrichting in één bestek").is_visible()
    assert main.get_by_role("button", name="Besluit vastleggen").count() == 0
    visit(page, f"/projecten/gebieden/{gebied.pk}/")
    assert main.get_by_role("link", name="Opgave toevoegen").count() == 0
    visit(page, f"/projecten/gebieden/{gebied.pk}/opgaven/nieuw/", status=403)
