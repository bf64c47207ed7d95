"""SROI in the browser: a contractor records a candidate line (first with too many hours: refused, nothing saved), the
gemeente's coordinator validates it, the progress page and the statement PDF show it. axe checks every page
(hulp.visit and hulp.submit)."""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from kring.models import Rapport
from kring.pdf import render_to_pdf
from kring.rapportsoorten import rapportsoort
from sroi.models import Inzetregel
from tests.e2e.hulp import check_page, inloggen, submit, uitloggen, visit
from tests.factories import OrganisatieFactory, ProjectFactory, UserFactory, VerplichtingFactory

pytestmark = pytest.mark.e2e

DAG = datetime.timedelta(days=1)


@pytest.fixture
def verplichting(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dordrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    merwedijk = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    sam = UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=dordrecht)
    UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=merwedijk)
    return VerplichtingFactory(
        project=ProjectFactory(gemeente=dordrecht, nummer="DOR-0909", naam="Vervanging Visbrug", fase="uitvoering"),
        opdrachtnemer=merwedijk,
        coordinator=sam,
        sr_bedrag=Decimal("50000"),
    )


def test_contractor_records_coordinator_validates_progress_and_statement_show_it(page, verplichting):
    vandaag = timezone.localdate()
    start, eind = verplichting.looptijd_start, vandaag - DAG  # 60 days
    main = page.locator("main")

    # The contractor records a candidate line; 40 hours a week is refused with a Dutch message, nothing saved.
    inloggen(page, "jip@merwedijk.test")
    visit(page, verplichting.get_absolute_url())
    submit(page, main.get_by_role("link", name="Inzet invoeren"))
    page.get_by_label("Doelgroep (kandidaat)").check()
    page.get_by_label("Doelgroep", exact=True).select_option(label="Participatiewet")
    page.get_by_label("Kandidaatcode").fill("MWD-0012")
    page.get_by_label("Uren per week").fill("40")
    page.get_by_label("Vanaf").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Tot en met").fill(f"{eind:%Y-%m-%d}")
    submit(page, main.get_by_role("button", name="Indienen ter validatie"))
    assert main.get_by_text("40 uur per week is meer dan een volle week (36 uur).", exact=False).first.is_visible()
    assert not Inzetregel.objects.exists()
    page.get_by_label("Uren per week").fill("36")
    submit(page, main.get_by_role("button", name="Indienen ter validatie"))
    regel = Inzetregel.objects.get()
    assert regel.waarde == Decimal("6575.34")  # 40.000 × 36/36 × 60/365
    assert main.get_by_text("Ter validatie").first.is_visible()
    uitloggen(page)

    # The coordinator validates it.
    inloggen(page, "sam@dordrecht.test")
    visit(page, f"/sroi/inzet/{regel.pk}/")
    submit(page, main.get_by_role("button", name="Valideren"))
    regel.refresh_from_db()
    assert regel.status == "gevalideerd" and regel.beoordeeld_door == verplichting.coordinator
    assert main.get_by_text("De regel is gevalideerd.").is_visible()

    # Progress: validated per contractor.
    visit(page, "/sroi/voortgang/")
    rij = main.get_by_role("row").filter(has_text="Merwedijk Infra B.V.").first
    assert "€ 6.575,34" in rij.inner_text()

    # The statement PDF, requested from the obligation page, rendered (the task runs eagerly) and downloaded.
    visit(page, verplichting.get_absolute_url())
    assert main.get_by_text("MWD-0012").first.is_visible()
    submit(page, main.get_by_role("button", name="SROI-verantwoording als PDF"))
    rapport = Rapport.objects.get()
    assert rapport.soort == "sroi_verplichting" and rapport.parameters == {"verplichting": verplichting.pk}
    download_link = page.get_by_role("status").get_by_role("link", name="PDF downloaden")
    download_link.wait_for()
    check_page(page)
    with page.expect_download() as download:
        download_link.click()
    with open(download.value.path(), "rb") as bestand:
        assert bestand.read(5) == b"%PDF-"
    page.kring_fouten.remove(f"mislukt: {download.value.url} net::ERR_ABORTED")

    # What the PDF was made of: the line by its code, validated, and the progress.
    soortdef = rapportsoort(rapport.soort)
    obj = soortdef.object_voor(user=verplichting.coordinator, parameters=rapport.parameters)
    html, _pdf = render_to_pdf(soortdef.template, soortdef.inhoud(obj, user=verplichting.coordinator))
    assert '<th scope="row">MWD-0012</th>' in html and "Gevalideerd</th><td>€ 6.575,34" in html
    assert "Jip Uitvoerder" not in html
