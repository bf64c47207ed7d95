"""Importing a planning in the browser: a gemeente employee downloads nothing but fills in an XLSX, uploads it with an
error, reads the error in the preview, uploads the fixed file and commits it; a beheerder sees the import page with
the choice of gemeente. axe checks every page (hulp.visit and hulp.submit)."""

import pytest

from projecten.models import Project, Projectwijziging
from tests.e2e.hulp import inloggen, submit, visit
from tests.factories import OrganisatieFactory, ProjectFactory, UserFactory, give_totp
from tests.projecten.test_import import planning_maken, rij, xlsx_bytes

pytestmark = pytest.mark.e2e

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def dordrecht(db):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    medewerker = UserFactory(naam="Ilse Inkoop", email="ilse@dordrecht.test", organisatie=gemeente)
    planning = planning_maken(gemeente, medewerker)
    ProjectFactory(
        gemeente=gemeente,
        nummer="DOR-001",
        naam="Visbrug renovatie",
        gebied=planning["binnenstad"],
        waardeklasse=planning["groot"],
        fase="ontwerp",
        zekerheid="midden",
    )
    return planning


def kies_bestand(page, naam: str, inhoud: bytes) -> None:
    page.get_by_label("Bestand met de planning").set_input_files(
        files=[{"name": naam, "mimeType": XLSX, "buffer": inhoud}]
    )


def test_xlsx_met_een_fout_en_daarna_verbeterd(page, dordrecht):
    visbrug = rij(
        naam="Visbrug renovatie",
        waardeklasse="groot",
        raming="2.400.000",
        fase="Voorbereiding",
        zekerheid="hoog",
        reden="Ontwerp vastgesteld door het college.",
    )
    kade = rij(projectnummer="DOR-002", naam="Kademuur Wantij", gebied="Wantijpark", waardeklasse="middel")
    inloggen(page, "ilse@dordrecht.test")
    visit(page, "/projecten/import/")
    main = page.locator("main")
    assert main.get_by_role("heading", name="Planning importeren").is_visible()
    assert main.get_by_text("Er is nog geen planning geïmporteerd.").is_visible()

    kies_bestand(page, "planning-voorjaar.xlsx", xlsx_bytes([visbrug, kade]))
    submit(page, main.get_by_role("button", name="Controleren"))
    assert main.get_by_role("heading", name="1 rij met fouten: er is niets verwerkt").is_visible()
    assert main.get_by_text("Gebied ‘Wantijpark’ bestaat niet bij Gemeente Dordrecht.").is_visible()
    assert main.get_by_role("button", name="Verwerken").count() == 0
    submit(page, main.get_by_role("link", name="upload het opnieuw"))

    kade["gebied"] = "Stadspolders"
    kies_bestand(page, "planning-voorjaar-v2.xlsx", xlsx_bytes([visbrug, kade]))
    submit(page, main.get_by_role("button", name="Controleren"))
    assert main.get_by_role("heading", name="Gecontroleerd, nog niets veranderd").is_visible()
    assert main.get_by_text("Fase: was Ontwerp, wordt Voorbereiding").is_visible()
    submit(page, main.get_by_role("link", name="Nieuw (1)"))
    assert main.get_by_role("row").filter(has_text="Kademuur Wantij").is_visible()
    assert main.get_by_role("row").filter(has_text="Visbrug").count() == 0

    submit(page, main.get_by_role("button", name="Verwerken"))
    assert main.get_by_text("De planning is verwerkt: 1 nieuwe en 1 gewijzigde projecten.").is_visible()
    assert Project.objects.get(nummer="DOR-002").gebied.naam == "Stadspolders"
    assert Projectwijziging.objects.get(veld="fase").reden == "Ontwerp vastgesteld door het college."

    visit(page, "/projecten/import/")
    assert (
        main.get_by_role("row").filter(has_text="planning-voorjaar-v2.xlsx").filter(has_text="Verwerkt").is_visible()
    )
    assert (
        main.get_by_role("row").filter(has_text="planning-voorjaar.xlsx").filter(has_text="Bevat fouten").is_visible()
    )


def test_een_onleesbaar_bestand_en_de_beheerder_kiest_de_gemeente(page, dordrecht):
    beheerder = UserFactory(
        naam="Bea Beheer", email="bea@kring.test", organisatie=dordrecht["gemeente"], beheerder=True
    )
    inloggen(page, "bea@kring.test", totp_secret=give_totp(beheerder))
    visit(page, "/projecten/import/")
    main = page.locator("main")
    assert main.get_by_label("Gemeente").input_value() == str(dordrecht["gemeente"].pk)
    page.get_by_label("Bestand met de planning").set_input_files(
        files=[{"name": "planning.xlsx", "mimeType": XLSX, "buffer": b"%PDF-1.7 geen werkmap"}]
    )
    submit(page, main.get_by_role("button", name="Controleren"))
    assert main.get_by_role("heading", name="Het bestand is niet ingelezen").is_visible()
    assert (
        main.locator("#foutoverzicht").get_by_text("‘planning.xlsx’ is geen Excel-bestand maar een PDF").is_visible()
    )
