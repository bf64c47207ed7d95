"""The spreiding in the browser: the page with its chart and tables, a contractor reporting werkvoorraad (first a
wrong value, then a right one), and a gemeente opening the spreidingsvoorstel and adopting one move. axe checks every
page (hulp.visit and hulp.submit)."""

import datetime
from decimal import Decimal

import pytest

from projecten.kwartalen import huidig_kwartaal, kwartaal_label, kwartaal_plus
from projecten.models import Project, Projectwijziging, Werkvoorraad
from tests.e2e.hulp import inloggen, submit, uitloggen, visit
from tests.factories import (
    GebiedFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    WaardeklasseFactory,
    give_totp,
)

pytestmark = pytest.mark.e2e


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(huidig_kwartaal(), plus)


@pytest.fixture
def kring(db):
    dordrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    merwedijk = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=dordrecht)
    UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=merwedijk)
    middel = WaardeklasseFactory(naam="€ 250.000 – € 1 mln", code="middel", rekenwaarde=600_000)
    groot = WaardeklasseFactory(
        naam="€ 1 – 5 mln", code="groot", ondergrens=1_000_000, bovengrens=5_000_000, rekenwaarde=2_500_000
    )
    wijk = GebiedFactory(gemeente=dordrecht, naam="Crabbehof", code="crabbehof")
    projecten = [
        ("DOR-101", "Vervanging riolering Crabbehof", "riolering", groot, (0, 4)),
        ("DOR-102", "Herinrichting Zuidendijk", "wegen", middel, (1, 5)),
        ("DOR-103", "Klimaatadaptatie Wielwijk", "klimaat", middel, None),
        ("DOR-104", "Renovatie Visbrug", "kunstwerken", groot, None),
    ]
    for nummer, naam, soort, klasse, venster in projecten:
        ProjectFactory(
            gemeente=dordrecht,
            gebied=wijk,
            nummer=nummer,
            naam=naam,
            soort_werk=soort,
            waardeklasse=klasse,
            aanbesteding_kwartaal=kwartaal(1),
            start_kwartaal=kwartaal(2),
            zekerheid="midden" if venster else "hoog",
            verschuifbaar_vanaf=kwartaal(venster[0]) if venster else None,
            verschuifbaar_tot=kwartaal(venster[1]) if venster else None,
        )
    for maanden in ("5.5", "7.0", "4.0"):
        Werkvoorraad.objects.create(organisatie=OrganisatieFactory(), kwartaal=kwartaal(0), maanden=Decimal(maanden))
    return {"merwedijk": merwedijk}


def test_contractor_sees_the_spreiding_and_reports_werkvoorraad(page, kring):
    inloggen(page, "jip@merwedijk.test")
    visit(page, "/projecten/spreiding/")
    main = page.locator("main")
    assert main.get_by_role("img", name="Belasting per kwartaal").is_visible()
    assert main.get_by_role("img", name="Werkvoorraad van de opdrachtnemers").is_visible()
    tabel = main.get_by_role("table", name="Belasting per kwartaal", exact=False)
    assert tabel.get_by_role("rowheader", name=kwartaal_label(kwartaal(1))).is_visible()
    assert tabel.get_by_text("€ 6.200.000").is_visible()  # 2 × 2.500.000 + 2 × 600.000
    beide = main.get_by_role("table", name="Belasting aan beide kanten", exact=False)
    assert beide.get_by_text("5,5 maanden").is_visible()  # the mean of three reports
    assert "te weinig meldingen" in beide.inner_text()

    submit(page, main.get_by_role("link", name="Werkvoorraad van uw bedrijf melden"))
    veld = page.get_by_label(kwartaal_label(kwartaal(0)))
    veld.fill("40")
    submit(page, page.get_by_role("button", name="Werkvoorraad opslaan"))
    assert main.get_by_text("Vul een aantal maanden in van 0 tot en met 36").first.is_visible()
    assert not Werkvoorraad.objects.filter(organisatie=kring["merwedijk"]).exists()
    page.get_by_label(kwartaal_label(kwartaal(0))).fill("6,5")
    submit(page, page.get_by_role("button", name="Werkvoorraad opslaan"))
    assert main.get_by_text("De werkvoorraad van Merwedijk Infra B.V. is opgeslagen.").is_visible()
    assert page.get_by_label(kwartaal_label(kwartaal(0))).input_value() == "6,5"
    assert Werkvoorraad.objects.get(organisatie=kring["merwedijk"]).maanden == Decimal("6.5")

    submit(page, main.get_by_role("link", name="Naar de spreiding"))
    beide = main.get_by_role("table", name="Belasting aan beide kanten", exact=False)
    assert beide.get_by_role("row").nth(1).get_by_role("cell", name="4", exact=True).is_visible()  # four reports now


def test_gemeente_adopts_a_move_of_the_spreidingsvoorstel(page, kring):
    inloggen(page, "sam@dordrecht.test")
    visit(page, "/projecten/spreiding/")
    main = page.locator("main")
    page.get_by_label("Verdelen naar").select_option(label="Fase")
    submit(page, main.get_by_role("button", name="Tonen"))
    assert main.get_by_role("columnheader", name="Voorbereiding").is_visible()

    submit(page, main.get_by_role("link", name="Spreidingsvoorstel bekijken"))
    assert main.get_by_role("heading", level=1).inner_text() == "Spreidingsvoorstel voor Gemeente Dordrecht"
    assert main.get_by_role("img", name="Nu").is_visible()
    assert main.get_by_role("img", name="Met het voorstel").is_visible()
    knoppen = main.get_by_role("button", name="Overnemen")
    assert knoppen.count() == 2
    naam = knoppen.first.inner_text()
    submit(page, knoppen.first)
    assert main.get_by_text("De wijziging staat in de geschiedenis van het project.").is_visible()
    verschoven = Project.objects.get(nummer=naam.split(": ")[1].split(" ")[0])
    assert verschoven.aanbesteding_kwartaal != kwartaal(1)
    assert set(Projectwijziging.objects.filter(project=verschoven).values_list("reden", flat=True)) == {"spreiding"}
    uitloggen(page)


def test_beheerder_chooses_the_gemeente_of_the_voorstel(page, kring):
    beheerder = UserFactory(naam="Bea Beheer", email="bea@kring.test", beheerder=True)
    inloggen(page, "bea@kring.test", totp_secret=give_totp(beheerder))
    visit(page, "/projecten/spreiding/voorstel/")
    main = page.locator("main")
    assert main.get_by_role("heading", level=1).inner_text() == "Spreidingsvoorstel"
    page.get_by_label("Gemeente").select_option(label="Gemeente Dordrecht")
    page.get_by_label("Belasting meten in").select_option(label="Aantal projecten")
    submit(page, main.get_by_role("button", name="Voorstel maken"))
    assert main.get_by_role("heading", level=1).inner_text() == "Spreidingsvoorstel voor Gemeente Dordrecht"
    assert main.get_by_role("button", name="Overnemen").count() == 2
