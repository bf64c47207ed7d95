"""Profiles in the browser: a gemeente enters a KPI on a plan (first a wrong value), opens the list of profiles and a
contractor's profile with its chart and tables; a contractor sees its own profile and the benchmark of goed
opdrachtgeverschap; a beheerder opens the calibration. axe checks every page (hulp.visit and hulp.submit)."""

import datetime

from django.utils import timezone

import pytest

from pastperformance.models import KpiMeting
from tests.e2e.hulp import inloggen, submit, visit
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, give_totp
from tests.pastperformance.profielhulp import definitief

pytestmark = pytest.mark.e2e


@pytest.fixture
def kring(db):
    dordrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    merwedijk = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    sam = UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=dordrecht)
    jip = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=merwedijk)
    plan = BeoordelingsplanFactory(
        project__gemeente=dordrecht,
        project__naam="Renovatie Visbrug",
        opdrachtnemer=merwedijk,
        beoordelaar_og=sam,
        beoordelaar_on=jip,
    )
    for dagen, waarde in ((10, 8), (100, 7), (250, 6), (400, 7)):
        definitief(op=timezone.now() - datetime.timedelta(days=dagen), og_on=(waarde, 9), on_og=(6, 8), plan=plan)
    return {"plan": plan, "merwedijk": merwedijk}


def test_gemeente_enters_a_kpi_and_reads_a_contractors_profile(page, kring):
    inloggen(page, "sam@dordrecht.test")
    visit(page, kring["plan"].get_absolute_url())
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="KPI invoeren"))
    page.get_by_label("Dagen van factuur tot betaling").check()
    page.get_by_label("Aantal dagen").fill("2000")
    page.get_by_label("Datum").fill(f"{timezone.localdate():%Y-%m-%d}")
    submit(page, main.get_by_role("button", name="Opslaan"))
    assert main.get_by_text("Vul een aantal hele dagen in van 0 tot en met 1000.").first.is_visible()
    assert not KpiMeting.objects.exists()
    page.get_by_label("Aantal dagen").fill("38")
    submit(page, main.get_by_role("button", name="Opslaan"))
    assert main.get_by_text("telt mee in de profielen").is_visible()
    assert main.get_by_role("table", name="Alle metingen op dit project").get_by_text("38").is_visible()

    visit(page, "/pastperformance/profielen/")
    tabel = main.get_by_role("table", name="Opdrachtnemers zoals de gemeenten hen beoordelen", exact=False)
    submit(page, tabel.get_by_role("link", name="Merwedijk Infra B.V."))
    assert main.get_by_role("heading", level=1).inner_text() == "Profiel van Merwedijk Infra B.V."
    assert main.get_by_role("img", name="Jaargemiddelde per kwartaal").is_visible()
    assert main.get_by_role("table", name="Gemiddelde per criterium", exact=False).is_visible()


def test_contractor_sees_its_profile_and_goed_opdrachtgeverschap(page, kring):
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/pastperformance/profielen/")
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Merwedijk Infra B.V."))
    assert main.get_by_role("button", name="Jaaroverzicht als PDF").is_visible()
    submit(page, main.get_by_role("link", name="Profielen"))
    submit(page, main.get_by_role("link", name="Goed opdrachtgeverschap", exact=False))
    assert main.get_by_role("heading", level=1).inner_text() == "Goed opdrachtgeverschap"
    assert "Gemeente Dordrecht" not in main.inner_text()


def test_beheerder_opens_the_calibration(page, kring):
    beheerder = UserFactory(naam="Bea Beheer", email="bea@kring.test", beheerder=True)
    inloggen(page, "bea@kring.test", totp_secret=give_totp(beheerder))
    visit(page, "/pastperformance/kalibratie/")
    main = page.locator("main")
    assert (
        main.get_by_role("cell", name="Sam Projectleider").count()
        + main.get_by_role("rowheader", name="Sam Projectleider").count()
        >= 1
    )
    assert main.get_by_role("img", name="Verdeling van de cijfers", exact=False).first.is_visible()
