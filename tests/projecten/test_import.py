"""The planning import: reading CSV and XLSX, every kind of error in Dutch, preview then an all-or-nothing commit,
updates with history, and the template. The pages are in test_import_paginas, the 5,000 rows in test_import_bulk."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

import openpyxl
import pytest

from kring.models import AuditEvent
from projecten.importformaat import KOLOMMEN, sjabloon_xlsx
from projecten.models import Gebied, Project, Projectimport, Projectwijziging
from projecten.selectors.importeren import importoverzicht, keuzelijsten, sjabloon_keuzelijsten
from projecten.services.importeren import projectimport_create, projectimport_verwerken
from tests.factories import (
    PDF_BYTES,
    GebiedFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    WaardeklasseFactory,
)

KOPPEN = [kolom.kop for kolom in KOLOMMEN]


# --- Helpers (also used by the other test_import modules) --------------------------------------------------------------


def rij(**anders) -> dict:
    """A valid row for the `planning` fixture; keyword arguments replace cells (spaces as underscores)."""
    waarden = {
        "projectnummer": "DOR-001",
        "naam": "Herinrichting Voorstraat",
        "omschrijving": "Riolering en bestrating vervangen.",
        "gebied": "binnenstad",
        "soort werk": "Riolering",
        "fase": "voorbereiding",
        "kwartaal aanbesteding": "2027-K2",
        "kwartaal start": "2027-K3",
        "duur (maanden)": "9",
        "waardeklasse": "middel",
        "raming": "850.000",
        "procedure": "Meervoudig onderhands",
        "contractvorm": "raw",
        "zekerheid": "Hoog",
        "verschuifbaar vanaf": "2027-K1",
        "verschuifbaar tot": "2027-K4",
        "SROI %": "5",
        "CO2-niveau": "3",
        "reden": "",
    }
    for sleutel, waarde in anders.items():
        kop = {"sroi": "SROI %", "co2": "CO2-niveau", "duur": "duur (maanden)"}.get(sleutel, sleutel.replace("_", " "))
        assert kop in waarden, kop
        waarden[kop] = waarde
    return waarden


def csv_bytes(rijen: list[dict], *, scheiding: str = ";", bom: bool = True, koppen=None) -> bytes:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=scheiding, lineterminator="\r\n")
    koppen = koppen or KOPPEN
    schrijver.writerow(koppen)
    for waarden in rijen:
        schrijver.writerow([waarden.get(kop, "") for kop in koppen])
    return uit.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rijen: list[dict], *, koppen=None, opmaak=None) -> bytes:
    """An XLSX workbook; `opmaak` maps a header to a number format for its data cells (e.g. "0%")."""
    boek = openpyxl.Workbook()
    blad = boek.active
    koppen = koppen or KOPPEN
    blad.append(koppen)
    for waarden in rijen:
        blad.append([waarden.get(kop) for kop in koppen])
    for kop, formaat in (opmaak or {}).items():
        for cel in blad.iter_cols(min_col=koppen.index(kop) + 1, max_col=koppen.index(kop) + 1, min_row=2):
            for c in cel:
                c.number_format = formaat
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def upload(inhoud: bytes, naam: str = "planning.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud)


def planning_maken(gemeente, door) -> dict:
    """`gemeente` with two gebieden and three waardeklassen; `door` imports for it."""
    return {
        "gemeente": gemeente,
        "door": door,
        "binnenstad": GebiedFactory(gemeente=gemeente, naam="Binnenstad", code="binnenstad"),
        "stadspolders": GebiedFactory(gemeente=gemeente, naam="Stadspolders", code="stadspolders"),
        "klein": WaardeklasseFactory(
            naam="Tot € 250.000", code="klein", ondergrens=0, bovengrens=250_000, rekenwaarde=150_000, volgorde=1
        ),
        "middel": WaardeklasseFactory(
            naam="€ 250.000 – € 1 mln", code="middel", ondergrens=250_000, bovengrens=1_000_000, volgorde=2
        ),
        "groot": WaardeklasseFactory(
            naam="Vanaf € 1 mln",
            code="groot",
            ondergrens=1_000_000,
            bovengrens=None,
            rekenwaarde=2_500_000,
            volgorde=3,
        ),
    }


@pytest.fixture
def planning(gemeente_org, personas):
    """Gemeente Dordrecht (test) with its gebieden and the waardeklassen; `door` is its gemeente persona."""
    return planning_maken(gemeente_org, personas["gemeente"])


def importeer(planning, inhoud: bytes, naam: str = "planning.csv") -> Projectimport:
    return projectimport_create(gemeente=planning["gemeente"], bestand=upload(inhoud, naam), door=planning["door"])


def fouten_van(projectimport: Projectimport) -> dict[int, list[tuple[str, str]]]:
    """Per row number the (column, message) pairs kept with the import."""
    return {
        regel["rij"]: [(fout["kolom"], fout["melding"]) for fout in regel["fouten"]] for regel in projectimport.fouten
    }


def enige_fout(planning, **anders) -> tuple[str, str]:
    """The single error of one row with `anders`."""
    projectimport = importeer(planning, csv_bytes([rij(**anders)]))
    assert projectimport.status == Projectimport.Status.FOUTEN
    (fouten,) = fouten_van(projectimport).values()
    assert len(fouten) == 1, fouten
    return fouten[0]


def weigering(planning, inhoud: bytes, naam: str = "planning.csv") -> str:
    with pytest.raises(ValidationError) as fout:
        importeer(planning, inhoud, naam)
    assert not Projectimport.objects.exists()
    return " ".join(fout.value.messages)


# --- Reading ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scheiding", "bom"), [(";", True), (";", False), (",", True), (",", False)])
def test_csv_with_or_without_bom_and_either_separator(planning, scheiding, bom):
    inhoud = csv_bytes([rij(), rij(projectnummer="DOR-002", naam="Kade, deel 2")], scheiding=scheiding, bom=bom)
    projectimport = importeer(planning, inhoud)
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten
    assert (projectimport.aantal_rijen, projectimport.aantal_nieuw) == (2, 2)
    regels = importoverzicht(projectimport=projectimport).regels
    assert [regel.naam for regel in regels] == ["Herinrichting Voorstraat", "Kade, deel 2"]
    assert regels[0].waarden["gebied"] == planning["binnenstad"]


def test_headers_match_regardless_of_case_spaces_and_order(planning):
    koppen = ["Naam", "PROJECTNUMMER", "Soort_werk", "Gebied", "fase", "Waardeklasse", "  Kwartaal Aanbesteding "]
    waarden = rij()
    inhoud = io.StringIO()
    schrijver = csv.writer(inhoud, delimiter=";")
    schrijver.writerow(koppen)
    schrijver.writerow(
        [waarden[k] for k in ["naam", "projectnummer", "soort werk", "gebied", "fase", "waardeklasse"]] + ["Q3 2027"]
    )
    projectimport = importeer(planning, inhoud.getvalue().encode())
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten
    (regel,) = importoverzicht(projectimport=projectimport).regels
    assert regel.waarden["aanbesteding_kwartaal"] == datetime.date(2027, 7, 1)
    assert "raming" not in regel.waarden  # a column left out is left alone


def test_xlsx_with_excel_dates_numbers_and_percentages(planning):
    inhoud = xlsx_bytes(
        [
            rij(
                projectnummer=2027014,
                kwartaal_aanbesteding=datetime.datetime(2027, 5, 14),
                kwartaal_start=datetime.date(2027, 9, 30),
                verschuifbaar_vanaf=datetime.datetime(2027, 1, 1),
                verschuifbaar_tot="Q4 2027",
                duur=9.0,
                raming=850000,
                sroi=0.055,
                co2=3,
            )
        ],
        opmaak={"SROI %": "0.0%", "kwartaal aanbesteding": "dd-mm-yyyy"},
    )
    projectimport = importeer(planning, inhoud, "planning.xlsx")
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten
    (regel,) = importoverzicht(projectimport=projectimport).regels
    assert regel.nummer == "2027014"
    assert regel.waarden["aanbesteding_kwartaal"] == datetime.date(2027, 4, 1)
    assert regel.waarden["start_kwartaal"] == datetime.date(2027, 7, 1)
    assert regel.waarden["duur_maanden"] == 9
    assert regel.waarden["raming"] == Decimal("850000")
    assert regel.waarden["sroi_percentage"] == Decimal("5.5")


def test_choices_accept_code_or_label_in_any_case(planning):
    inhoud = csv_bytes(
        [
            rij(soort_werk="RIOLERING", fase="Voorbereiding", procedure="europees", zekerheid="laag"),
            rij(
                projectnummer="DOR-002",
                soort_werk="wegen en verharding",
                gebied="STADSPOLDERS",
                waardeklasse="€ 250.000 – € 1 mln",
            ),
        ]
    )
    projectimport = importeer(planning, inhoud)
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten
    eerste, tweede = importoverzicht(projectimport=projectimport).regels
    assert (eerste.waarden["soort_werk"], eerste.waarden["procedure"], eerste.waarden["zekerheid"]) == (
        "riolering",
        "europees",
        "laag",
    )
    assert (tweede.waarden["soort_werk"], tweede.waarden["gebied"]) == ("wegen", planning["stadspolders"])
    assert tweede.waarden["waardeklasse"] == planning["middel"]


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_number(planning):
    inhoud = csv_bytes([rij(), {}, rij(projectnummer="DOR-002", gebied="Nergenshuizen")])
    projectimport = importeer(planning, inhoud)
    assert projectimport.aantal_rijen == 2
    assert list(fouten_van(projectimport)) == [4]


# --- Errors per cell ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anders", "kolom", "melding"),
    [
        ({"gebied": "Nergenshuizen"}, "gebied", "Gebied ‘Nergenshuizen’ bestaat niet bij Gemeente Dordrecht (test)."),
        ({"waardeklasse": "reusachtig"}, "waardeklasse", "Waardeklasse ‘reusachtig’ bestaat niet."),
        (
            {"kwartaal_start": "2027-K1"},
            "kwartaal start",
            "Het kwartaal van start (2027-K1) ligt vóór het kwartaal van aanbesteding (2027-K2).",
        ),
        (
            {"verschuifbaar_vanaf": "2027-K4", "verschuifbaar_tot": "2027-K1"},
            "verschuifbaar tot",
            "‘Verschuifbaar tot’ (2027-K1) ligt vóór ‘verschuifbaar vanaf’ (2027-K4).",
        ),
        (
            {"verschuifbaar_vanaf": "2027-K3"},
            "kwartaal aanbesteding",
            "Het kwartaal van aanbesteding (2027-K2) ligt buiten het venster 2027-K3 tot en met 2027-K4.",
        ),
        ({"verschuifbaar_tot": ""}, "verschuifbaar tot", "allebei in, of laat ze allebei leeg"),
        ({"kwartaal_aanbesteding": "voorjaar 2027"}, "kwartaal aanbesteding", "'voorjaar 2027' is geen kwartaal."),
        ({"naam": ""}, "naam", "Vul naam in: deze kolom is verplicht."),
        ({"projectnummer": " "}, "projectnummer", "Vul projectnummer in: deze kolom is verplicht."),
        ({"fase": "bijna klaar"}, "fase", "‘bijna klaar’ is geen fase. Kies uit: Initiatief, Ontwerp,"),
        ({"duur": "negen"}, "duur (maanden)", "‘negen’ is geen getal."),
        ({"duur": "9,5"}, "duur (maanden)", "‘9,5’ is geen geheel getal."),
        ({"duur": "200"}, "duur (maanden)", "Zorg ervoor dat deze waarde hoogstens 120 is."),
        ({"co2": "7"}, "CO2-niveau", "Zorg ervoor dat deze waarde hoogstens 5 is."),
        ({"sroi": "5,25"}, "SROI %", "niet meer dan 1 cijfer achter de komma"),
        ({"raming": "-5"}, "raming", "Een bedrag kan niet negatief zijn."),
        (
            {"raming": "€ 1.500.000"},
            "raming",
            "Een raming van € 1.500.000 valt niet in de waardeklasse € 250.000 – € 1 mln.",
        ),
        ({"naam": "Brug <script>alert(1)</script>"}, "naam", "HTML die een script kan uitvoeren"),
        ({"omschrijving": "[klik](javascript:alert(1))"}, "omschrijving", "HTML die een script kan uitvoeren"),
        ({"naam": '=HYPERLINK("https://kwaad.example","klik")'}, "naam", "Deze cel bevat een formule"),
        ({"omschrijving": "@SUM(1+1)*cmd|' /C calc'!A0"}, "omschrijving", "Deze cel bevat een formule"),
        ({"naam": "x" * 201}, "naam", "niet meer dan 200 tekens"),
    ],
)
def test_every_error_in_dutch_on_its_cell(planning, anders, kolom, melding):
    gevonden_kolom, gevonden = enige_fout(planning, **anders)
    assert gevonden_kolom == kolom
    assert melding in gevonden, gevonden


def test_plain_text_starting_with_a_sign_is_no_formula(planning):
    projectimport = importeer(
        planning, csv_bytes([rij(omschrijving="- riolering vervangen\n- bomen planten", naam="+/- 300 meter kade")])
    )
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten


def test_a_formula_cell_in_xlsx_is_refused(planning):
    inhoud = xlsx_bytes([rij(duur="=3*3", raming="=SUM(400000,450000)")])
    projectimport = importeer(planning, inhoud, "planning.xlsx")
    (fouten,) = fouten_van(projectimport).values()
    assert [kolom for kolom, _ in fouten] == ["duur (maanden)", "raming"]
    assert all("Het portaal rekent geen formules uit" in melding for _, melding in fouten)


def test_duplicate_number_in_the_file(planning):
    projectimport = importeer(planning, csv_bytes([rij(), rij(naam="Nog eens"), rij(projectnummer="DOR-002")]))
    assert fouten_van(projectimport) == {
        3: [
            (
                "projectnummer",
                "Projectnummer ‘DOR-001’ staat ook in rij 2; een project mag maar één keer in het bestand.",
            )
        ]
    }


def test_a_row_collects_all_its_errors(planning):
    projectimport = importeer(planning, csv_bytes([rij(gebied="Nergens", waardeklasse="?", fase="")]))
    assert [kolom for kolom, _ in fouten_van(projectimport)[2]] == ["gebied", "fase", "waardeklasse"]


# --- The file as a whole -------------------------------------------------------------------------------------------------


def test_missing_and_unknown_columns_refuse_the_file(planning):
    koppen = [k for k in KOPPEN if k != "gebied"] + ["opmerking"]
    melding = weigering(planning, csv_bytes([rij()], koppen=koppen))
    assert "De kolom ‘opmerking’ is onbekend." in melding
    assert "De verplichte kolom ‘gebied’ ontbreekt." in melding


def test_a_repeated_column_refuses_the_file(planning):
    assert "De kolom ‘naam’ staat er twee keer in." in weigering(
        planning, csv_bytes([rij()], koppen=[*KOPPEN, "Naam"])
    )


def test_columns_without_header_are_skipped(planning):
    projectimport = importeer(
        planning, csv_bytes([{**rij(), "": "bellen met de wijkregisseur"}], koppen=[*KOPPEN, ""])
    )
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten


@pytest.mark.parametrize(
    ("inhoud", "naam", "melding"),
    [
        (b"", "planning.csv", "‘planning.csv’ is leeg."),
        (";".join(KOPPEN).encode(), "planning.csv", "bevat kolomkoppen maar geen projecten"),
        (PDF_BYTES, "planning.csv", "De inhoud van ‘planning.csv’ is geen CSV-tekst maar PDF."),
        (PDF_BYTES, "planning.xlsx", "is geen Excel-bestand"),
        (b"projectnummer;naam\n", "planning.txt", "alleen CSV (.csv) en Excel (.xlsx) zijn toegestaan"),
        (b"x", "planning.xlsm", "Excel-bestand met macro's"),
        (b"x", "planning.xls", "oude Excel-formaat"),
        (";".join(KOPPEN).encode("utf-16"), "planning.csv", "niet als UTF-8 opgeslagen"),
        ("projectnummer;naam;gebied\nDOR-1;Café;binnenstad".encode("cp1252"), "planning.csv", "niet als UTF-8"),
    ],
)
def test_unreadable_files_are_refused_in_dutch_and_nothing_is_kept(planning, inhoud, naam, melding):
    assert melding in weigering(planning, inhoud, naam)


def test_an_xlsx_with_macros_is_refused(planning):
    inhoud = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([rij()]))) as bron, zipfile.ZipFile(inhoud, "w") as doel:
        for lid in bron.infolist():
            doel.writestr(lid, bron.read(lid))
        doel.writestr("xl/vbaProject.bin", b"macro")
    assert "bevat macro's" in weigering(planning, inhoud.getvalue(), "planning.xlsx")


def test_oversize_upload_is_refused(planning, monkeypatch):
    monkeypatch.setattr("projecten.importformaat.MAX_MB", 0.0001)
    assert "een planning mag hoogstens 0.0001 MB zijn" in weigering(planning, csv_bytes([rij()] * 1))


def test_too_many_rows_are_refused(planning, monkeypatch):
    monkeypatch.setattr("projecten.importformaat.MAX_RIJEN", 3)
    rijen = [rij(projectnummer=f"DOR-{n}") for n in range(4)]
    assert "meer dan 3 projecten" in weigering(planning, csv_bytes(rijen))


# --- Preview and commit ------------------------------------------------------------------------------------------------


def test_preview_writes_nothing_then_commit_creates_every_project(planning):
    projectimport = importeer(planning, csv_bytes([rij(), rij(projectnummer="DOR-002", gebied="Stadspolders")]))
    assert not Project.objects.exists()
    assert AuditEvent.objects.filter(actie="projectimport.geupload").count() == 1

    projectimport = projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    assert projectimport.status == Projectimport.Status.VERWERKT
    assert (projectimport.aantal_nieuw, projectimport.aantal_gewijzigd) == (2, 0)
    assert projectimport.verwerkt_op is not None
    project = Project.objects.get(nummer="DOR-001")
    assert (project.gemeente, project.gebied, project.waardeklasse) == (
        planning["gemeente"],
        planning["binnenstad"],
        planning["middel"],
    )
    assert (project.fase, project.procedure, project.contractvorm, project.zekerheid) == (
        "voorbereiding",
        "meervoudig",
        "raw",
        "hoog",
    )
    assert (project.aanbesteding_kwartaal, project.start_kwartaal) == (
        datetime.date(2027, 4, 1),
        datetime.date(2027, 7, 1),
    )
    assert (project.raming, project.sroi_percentage, project.co2_niveau, project.duur_maanden) == (850000, 5, 3, 9)
    assert not Projectwijziging.objects.exists()  # a new project has no history yet, as with the form
    event = AuditEvent.objects.get(actie="projectimport.verwerkt")
    assert event.na == {"nieuw": ["DOR-001", "DOR-002"], "gewijzigd": {}}


def test_empty_choice_cells_give_the_defaults(planning):
    importeer(planning, csv_bytes([rij(procedure="", contractvorm="", zekerheid="", raming="", sroi="")]))
    projectimport_verwerken(projectimport=Projectimport.objects.get(), door=planning["door"])
    project = Project.objects.get()
    assert (project.procedure, project.contractvorm, project.zekerheid) == ("onbekend", "onbekend", "midden")
    assert project.raming is None and project.sroi_percentage is None


def test_update_matched_by_number_writes_history_with_the_reason(planning):
    bestaand = ProjectFactory(
        gemeente=planning["gemeente"],
        nummer="DOR-001",
        naam="Oude naam",
        gebied=planning["binnenstad"],
        waardeklasse=planning["middel"],
        fase="ontwerp",
        aanbesteding_kwartaal=datetime.date(2027, 1, 1),
        start_kwartaal=datetime.date(2027, 4, 1),
    )
    anders = ProjectFactory(gemeente=OrganisatieFactory(gemeente=True), nummer="DOR-002")
    inhoud = csv_bytes(
        [
            rij(reden="Vergunning loopt vertraging op."),
            rij(projectnummer="DOR-002", naam="Zelfde nummer, andere gemeente"),
        ]
    )
    projectimport = importeer(planning, inhoud, "voorjaar.csv")
    (gewijzigd, nieuw) = importoverzicht(projectimport=projectimport).regels
    assert (gewijzigd.soort, nieuw.soort) == ("gewijzigd", "nieuw")
    wijzigingen = {w.veld: (w.was, w.wordt) for w in gewijzigd.wijzigingen}
    assert wijzigingen["aanbesteding_kwartaal"] == ("2027-K1", "2027-K2")
    assert wijzigingen["fase"] == ("Ontwerp", "Voorbereiding")
    assert wijzigingen["naam"] == ("Oude naam", "Herinrichting Voorstraat")
    assert "gebied" not in wijzigingen and "nummer" not in wijzigingen

    projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    bestaand.refresh_from_db()
    assert (bestaand.naam, bestaand.fase, bestaand.aanbesteding_kwartaal) == (
        "Herinrichting Voorstraat",
        "voorbereiding",
        datetime.date(2027, 4, 1),
    )
    geschiedenis = {w.veld: w for w in bestaand.wijzigingen.all()}
    assert geschiedenis["aanbesteding_kwartaal"].oude_waarde == "2027-K1"
    assert geschiedenis["aanbesteding_kwartaal"].nieuwe_waarde == "2027-K2"
    assert geschiedenis["fase"].nieuwe_waarde == "Voorbereiding"
    assert {w.reden for w in geschiedenis.values()} == {"Vergunning loopt vertraging op."}
    assert {w.door for w in geschiedenis.values()} == {planning["door"]}
    assert "naam" not in geschiedenis  # only the tracked fields are history, as with the form
    anders.refresh_from_db()
    assert anders.naam != "Zelfde nummer, andere gemeente"
    assert Project.objects.filter(gemeente=planning["gemeente"], nummer="DOR-002").exists()
    event = AuditEvent.objects.get(actie="projectimport.verwerkt")
    assert event.voor["gewijzigd"]["DOR-001"]["naam"] == "Oude naam"
    assert event.na["gewijzigd"]["DOR-001"]["fase"] == "voorbereiding"


def test_without_a_reason_the_history_names_the_file(planning):
    ProjectFactory(gemeente=planning["gemeente"], nummer="DOR-001", gebied=planning["binnenstad"], zekerheid="laag")
    projectimport_verwerken(
        projectimport=importeer(planning, csv_bytes([rij()]), "Planning 2027.csv"), door=planning["door"]
    )
    assert {w.reden for w in Projectwijziging.objects.all()} == {"import Planning 2027.csv"}


def test_an_unchanged_project_is_left_alone(planning):
    eerste = importeer(planning, csv_bytes([rij()]))
    projectimport_verwerken(projectimport=eerste, door=planning["door"])
    tweede = importeer(planning, csv_bytes([rij()]))
    assert (tweede.aantal_nieuw, tweede.aantal_gewijzigd) == (0, 0)
    assert importoverzicht(projectimport=tweede).aantallen["ongewijzigd"] == 1
    projectimport_verwerken(projectimport=tweede, door=planning["door"])
    assert not Projectwijziging.objects.exists()


def test_fase_changes_follow_the_flow(planning):
    ProjectFactory(gemeente=planning["gemeente"], nummer="DOR-001", gebied=planning["binnenstad"], fase="afgerond")
    ProjectFactory(gemeente=planning["gemeente"], nummer="DOR-002", gebied=planning["binnenstad"], fase="aanbesteding")
    projectimport = importeer(
        planning,
        csv_bytes([rij(fase="initiatief"), rij(projectnummer="DOR-002", fase="voorbereiding")]),
    )
    fouten = fouten_van(projectimport)
    assert fouten[2] == [
        (
            "fase",
            "Een project in fase afgerond kan niet naar fase initiatief. Een afgerond project verandert niet meer van fase.",
        )
    ]
    assert fouten[3] == [("reden", "Geef een reden: een project gaat alleen met een reden een fase terug.")]


def test_one_bad_row_imports_nothing(planning):
    rijen = [rij(projectnummer=f"DOR-{n:03d}") for n in range(1, 50)] + [
        rij(projectnummer="DOR-999", gebied="Nergens")
    ]
    projectimport = importeer(planning, csv_bytes(rijen))
    assert projectimport.status == Projectimport.Status.FOUTEN
    assert list(fouten_van(projectimport)) == [51]
    with pytest.raises(ValidationError, match="Dit bestand bevat fouten en wordt niet verwerkt"):
        projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    assert not Project.objects.exists()


def test_commit_checks_again_and_then_imports_nothing(planning):
    projectimport = importeer(planning, csv_bytes([rij(), rij(projectnummer="DOR-002", gebied="stadspolders")]))
    assert projectimport.status == Projectimport.Status.VOORVERTONING
    Gebied.objects.filter(code="stadspolders").delete()  # since the preview, the gebied went

    projectimport = projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    assert projectimport.status == Projectimport.Status.FOUTEN
    assert list(fouten_van(projectimport)) == [3]
    assert not Project.objects.exists()
    assert AuditEvent.objects.filter(actie="projectimport.afgekeurd").count() == 1


def test_a_failure_while_writing_rolls_everything_back(planning):
    ProjectFactory(gemeente=planning["gemeente"], nummer="DOR-001", gebied=planning["binnenstad"], zekerheid="laag")
    projectimport = importeer(planning, csv_bytes([rij(), rij(projectnummer="DOR-002")]))
    botsing = mock.patch.object(Projectwijziging.objects, "bulk_create", side_effect=IntegrityError("botsing"))
    with botsing, pytest.raises(ValidationError, match="Er is niets veranderd; probeer het opnieuw."):
        projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    assert list(Project.objects.values_list("nummer", "zekerheid")) == [("DOR-001", "laag")]
    projectimport.refresh_from_db()
    assert projectimport.status == Projectimport.Status.VOORVERTONING


def test_committing_looks_for_new_koppelkansen_afterwards(planning, django_capture_on_commit_callbacks):
    projectimport = importeer(planning, csv_bytes([rij()]))
    with (
        mock.patch("projecten.services.importeren.detect_koppelkansen.delay") as zoeken,
        django_capture_on_commit_callbacks(execute=True),
    ):
        projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    zoeken.assert_called_once_with(planning["gemeente"].pk)


def test_processing_twice_is_refused(planning):
    projectimport = importeer(planning, csv_bytes([rij()]))
    projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    with pytest.raises(ValidationError, match="Deze import is al verwerkt."):
        projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    assert Project.objects.count() == 1


def test_a_newer_upload_lapses_the_earlier_preview(planning):
    oud = importeer(planning, csv_bytes([rij()]))
    ander = projectimport_create(
        gemeente=(gemeente := OrganisatieFactory(gemeente=True)),
        bestand=upload(csv_bytes([rij(gebied="", naam="elders")])),
        door=UserFactory(organisatie=gemeente),
    )
    nieuw = importeer(planning, csv_bytes([rij(naam="Tweede versie")]))
    oud.refresh_from_db()
    ander.refresh_from_db()
    assert (oud.status, ander.status, nieuw.status) == ("verlopen", "fouten", "voorvertoning")
    with pytest.raises(ValidationError, match="vervallen"):
        projectimport_verwerken(projectimport=oud, door=planning["door"])


def test_only_the_own_gemeente_or_a_beheerder(planning, personas):
    andere = OrganisatieFactory(gemeente=True)
    for persoon in (personas["gemeente"], personas["on_eigen"]):
        with pytest.raises(PermissionDenied):
            projectimport_create(gemeente=andere, bestand=upload(csv_bytes([rij()])), door=persoon)
    projectimport = projectimport_create(
        gemeente=andere, bestand=upload(csv_bytes([rij()])), door=personas["beheerder"]
    )
    assert projectimport.gemeente == andere
    assert projectimport.status == "fouten"  # the gebied is Dordrecht's, not the other gemeente's
    with pytest.raises(PermissionDenied):
        projectimport_verwerken(
            projectimport=importeer(planning, csv_bytes([rij()])), door=UserFactory(organisatie=andere)
        )
    with pytest.raises(ValidationError, match="Alleen een gemeente heeft projecten"):
        projectimport_create(
            gemeente=personas["on_eigen"].organisatie, bestand=upload(b"x"), door=personas["beheerder"]
        )


# --- The template -----------------------------------------------------------------------------------------------------


def test_template_opens_with_openpyxl_and_imports_as_it_is(planning):
    GebiedFactory(gemeente=planning["gemeente"], naam='=HYPERLINK("https://kwaad.example")', code="kwaad")
    inhoud = sjabloon_xlsx(keuzelijsten(gemeente=planning["gemeente"]))
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    assert boek.sheetnames == ["Projecten", "Keuzes", "Toelichting"]
    projecten = list(boek["Projecten"].values)
    assert list(projecten[0]) == KOPPEN
    assert len(projecten) == 2
    keuzes = list(boek["Keuzes"].values)
    assert ("gebied", "binnenstad", "Binnenstad") in keuzes
    assert ("waardeklasse", "middel", "€ 250.000 – € 1 mln") in keuzes
    assert ("fase", "aanbesteding", "Aanbesteding") in keuzes
    # A name a spreadsheet would run stays text.
    kwaad = next(cel for rij_ in boek["Keuzes"].iter_rows() for cel in rij_ if "HYPERLINK" in str(cel.value))
    assert kwaad.data_type == "s" and kwaad.value.startswith("'=")

    projectimport = importeer(planning, inhoud, "sjabloon.xlsx")
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten
    assert projectimport.aantal_nieuw == 1


def test_template_of_a_beheerder_lists_every_gemeentes_gebieden(planning, personas):
    GebiedFactory(gemeente=OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht (test)"), naam="Heerjansdam")
    beheerder = UserFactory(organisatie=None, beheerder=True)
    namen = [gebied.naam for gebied in sjabloon_keuzelijsten(user=beheerder).gebieden]
    assert namen == ["Binnenstad", "Stadspolders", "Heerjansdam"]
    assert [g.naam for g in sjabloon_keuzelijsten(user=personas["gemeente"]).gebieden] == [
        "Binnenstad",
        "Stadspolders",
    ]
