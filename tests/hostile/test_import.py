"""Hostile planning imports: CSV text and XLSX workbooks made from generated cells (wrong, repeated and missing headers,
formulas, huge numbers, dates as text and as far-away dates, empty rows, duplicate project numbers, every kind of
text, undecodable bytes). Whatever the file:
- the upload is refused with a Dutch ValidationError that keeps nothing (no import, no stored file), or kept as a
  preview or as an import with errors; never another exception, and never a project written;
- committing a preview writes every row or none: all new projects exist and fit PostgreSQL's columns, or the import
  is marked fouten and the projects are as they were;
- through the pages, no upload and no commit answers with a server error.
The same examples run on every CI run (the `ci` profile); every example is rolled back to a savepoint."""

import csv
import datetime
import io
import os

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction

import openpyxl
import pytest
from hypothesis import event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kring.models import AuditEvent
from projecten.importformaat import KOLOMMEN, MAX_RIJEN, VERPLICHT
from projecten.models import Project, Projectimport
from projecten.services.importeren import projectimport_create, projectimport_verwerken
from tests.conftest import client_for
from tests.factories import ProjectFactory
from tests.hostile.test_formulieren import GETALTEKST, buiten_postgresql, momentopname, tekst, verschil
from tests.projecten.test_import import KOPPEN, planning_maken, upload

FORMULES = ("=1+1", '=HYPERLINK("http://x")', "@SUM(A1:A3)", "+cmd|' /C calc'!A0", "-Blad1!A1", "=A1", "-2+3")
KWARTALEN = ("2027-K2", "Q3 2027", "K1 2028", "2027-K5", "2027-K0", "0000-K1", "9999-K4", "10000-K1", "2027", "K2")
KEUZES = {
    "projectnummer": ("DOR-001", "DOR-002", "DOR-001", "BESTAAND-1", "P 1"),
    "gebied": ("binnenstad", "Stadspolders", "BINNENSTAD", "nergens"),
    "soort werk": ("Riolering", "riolering", "wegen", "groen", "tunnel"),
    "fase": ("voorbereiding", "Ontwerp", "uitvoering", "afgerond", "initiatief", "vlak"),
    "waardeklasse": ("klein", "middel", "groot", "€ 250.000 – € 1 mln", "reusachtig"),
    "procedure": ("Meervoudig onderhands", "openbaar", "nog onbekend", "loterij"),
    "contractvorm": ("raw", "UAV-GC", "bouwteam", "handdruk"),
    "zekerheid": ("Hoog", "midden", "laag", "misschien"),
    "raming": ("850.000", "€ 1.250.000,50", "-5", "0", "5,5"),
    "duur (maanden)": ("9", "0", "121", "-3", "2,5"),
    "SROI %": ("5", "5,5%", "-1", "101"),
    "CO2-niveau": ("3", "0", "6", "3.5"),
}
KWARTAALKOLOMMEN = ("kwartaal aanbesteding", "kwartaal start", "verschuifbaar vanaf", "verschuifbaar tot")


# What a planner fills in correctly, per column (for the planning fixture); "" for the optional ones.
GELDIG = {
    "projectnummer": ("DOR-001", "DOR-002", "DOR-003", "BESTAAND-1"),
    "naam": ("Herinrichting Voorstraat", "Kade Wantij", "Singel"),
    "omschrijving": ("", "Riolering en bestrating vervangen.", "**Vet** en een [link](https://dordrecht.nl)."),
    "gebied": ("binnenstad", "Stadspolders"),
    "soort werk": ("Riolering", "wegen", "groen"),
    "fase": ("initiatief", "Ontwerp", "voorbereiding"),
    "kwartaal aanbesteding": ("", "2027-K2"),
    "kwartaal start": ("", "2027-K3"),
    "duur (maanden)": ("", "9", "120"),
    "waardeklasse": ("klein", "middel", "groot"),
    "raming": ("",),
    "procedure": ("", "Meervoudig onderhands"),
    "contractvorm": ("", "raw"),
    "zekerheid": ("", "Hoog"),
    "verschuifbaar vanaf": ("",),
    "verschuifbaar tot": ("",),
    "SROI %": ("", "5", "5,5"),
    "CO2-niveau": ("", "3"),
    "reden": ("", "Planning voorjaar"),
}


def celtekst(kop: str) -> st.SearchStrategy[str]:
    """A cell of column `kop` as text: a valid-looking value for that column, a formula, a number, or any text."""
    eigen = KEUZES.get(kop, ()) + (KWARTALEN if kop in KWARTAALKOLOMMEN else ())
    return st.one_of(
        *([st.sampled_from(eigen)] if eigen else []),
        st.sampled_from(FORMULES),
        st.sampled_from(GETALTEKST),
        tekst(200),
        st.just(""),
    )


def celwaarde(kop: str) -> st.SearchStrategy:
    """A cell of an XLSX workbook: text as above, or a native number, date, boolean or formula."""
    return st.one_of(
        celtekst(kop),
        st.none(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.dates(),
        st.datetimes(),
        st.booleans(),
    )


def koppen() -> st.SearchStrategy[list[str]]:
    """A header row: the template's (in any order), or a mix of known, differently written, unknown and empty
    headers, some repeated, some required ones missing."""
    kop = st.one_of(
        st.sampled_from(KOPPEN),
        st.sampled_from([k.upper() for k in KOPPEN] + ["Soort_Werk", " projectnummer ", "Duur maanden", "SROI"]),
        tekst(30),
        st.just(""),
    )
    verplicht = [kolom.kop for kolom in VERPLICHT]
    return st.one_of(st.permutations(KOPPEN), st.permutations(verplicht), st.lists(kop, max_size=25))


@st.composite
def geldige_rij(draw, kop: list, cel) -> list:
    """A row filled in correctly, with at most two cells replaced by anything."""
    rij = [draw(st.sampled_from(GELDIG.get(k, ("",)))) for k in kop]
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2)))):
        if rij:
            plek = draw(st.integers(0, len(rij) - 1))
            rij[plek] = draw(cel(kop[plek]))
    return rij


@st.composite
def tabel(draw, cel) -> tuple[list, list[list]]:
    kop = draw(koppen())
    rijen = draw(
        st.lists(
            st.one_of(
                geldige_rij(kop, cel),
                geldige_rij(kop, cel),
                geldige_rij(kop, cel),
                st.lists(st.none(), max_size=3),  # an empty row
                st.tuples(*(cel(k) for k in kop)).map(list),
                st.lists(cel(""), max_size=len(kop) + 3),  # too short or too long
            ),
            max_size=4,
        )
    )
    return kop, rijen


@st.composite
def csv_bestand(draw) -> tuple[str, bytes]:
    kop, rijen = draw(tabel(celtekst))
    uit = io.StringIO()
    schrijver = csv.writer(
        uit, delimiter=draw(st.sampled_from(";,")), lineterminator=draw(st.sampled_from(("\r\n", "\n")))
    )
    schrijver.writerow(kop)
    for rij in rijen:
        schrijver.writerow(["" if waarde is None else waarde for waarde in rij])
    tekstinhoud = uit.getvalue() + draw(st.sampled_from(("",) * 5 + ('"open aanhalingsteken', "\x00", "\n\n\n")))
    codering = draw(st.sampled_from(("utf-8-sig",) * 3 + ("utf-8",) * 3 + ("cp1252", "utf-16")))
    inhoud = tekstinhoud.encode(codering, errors="replace")
    if draw(st.integers(0, 7)) == 0:
        inhoud = draw(st.binary(max_size=200)) + inhoud  # a damaged start
    return draw(st.sampled_from(("planning.csv",) * 5 + ("PLANNING.CSV", "planning.txt", "planning.xls"))), inhoud


@st.composite
def xlsx_bestand(draw) -> tuple[str, bytes]:
    kop, rijen = draw(tabel(celwaarde))
    boek = openpyxl.Workbook()
    blad = boek.active
    for rij in [kop, *rijen]:
        blad.append([_xlsx(waarde) for waarde in rij])
    if draw(st.booleans()):
        for cel in blad[blad.max_row]:
            cel.number_format = draw(st.sampled_from(("0%", "0.00%", "dd-mm-yyyy", "@", "General")))
    if draw(st.booleans()):
        boek.create_sheet("Tweede blad").append(["projectnummer", "=1/0"])
    uit = io.BytesIO()
    boek.save(uit)
    return "planning.xlsx", uit.getvalue()


def _xlsx(waarde):
    """openpyxl refuses control characters in text; a formula string stays a formula."""
    if isinstance(waarde, str):
        return openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", waarde)
    return waarde


bestanden = st.one_of(csv_bestand(), xlsx_bestand())


# --- The service ---------------------------------------------------------------------------------------------------


@pytest.fixture
def planning(gemeente_org, personas):
    """The planning of tests/projecten/test_import plus an existing project (BESTAAND-1) that a row may update."""
    gegevens = planning_maken(gemeente_org, personas["gemeente"])
    ProjectFactory(
        gemeente=gemeente_org, nummer="BESTAAND-1", gebied=gegevens["binnenstad"], waardeklasse=gegevens["middel"]
    )
    return gegevens


def _opgeslagen_bestanden() -> set[str]:
    map_ = os.path.join(default_storage.location, "projecten")
    return {os.path.join(root, naam) for root, _dirs, namen in os.walk(map_) for naam in namen}


def _projecten(gemeente) -> list[tuple]:
    return list(Project.objects.filter(gemeente=gemeente).order_by("pk").values_list())


@given(bestand=bestanden)
def test_upload_weigert_netjes_of_bewaart_een_voorvertoning(planning, bestand):
    naam, inhoud = bestand
    gemeente = planning["gemeente"]
    sid = transaction.savepoint()
    try:
        projecten, imports, bestanden_voor = (
            _projecten(gemeente),
            Projectimport.objects.count(),
            _opgeslagen_bestanden(),
        )
        try:
            projectimport = projectimport_create(
                gemeente=gemeente, bestand=upload(inhoud, naam), door=planning["door"]
            )
        except ValidationError as fout:
            event("geweigerd")
            assert fout.messages and all(melding.strip() for melding in fout.messages)
            assert Projectimport.objects.count() == imports, "een geweigerd bestand liet een import achter"
            assert _opgeslagen_bestanden() == bestanden_voor, "een geweigerd bestand bleef opgeslagen"
        else:
            event(f"bewaard: {projectimport.status}")
            assert projectimport.status in {Projectimport.Status.VOORVERTONING, Projectimport.Status.FOUTEN}
            assert 1 <= projectimport.aantal_rijen <= MAX_RIJEN
            assert (projectimport.status == Projectimport.Status.FOUTEN) == bool(projectimport.fouten)
            projectimport.full_clean()
        assert _projecten(gemeente) == projecten, "een upload veranderde projecten"
    finally:
        transaction.savepoint_rollback(sid)


@given(bestand=bestanden)
def test_verwerken_schrijft_alles_of_niets(planning, bestand):
    naam, inhoud = bestand
    gemeente, door = planning["gemeente"], planning["door"]
    sid = transaction.savepoint()
    try:
        try:
            projectimport = projectimport_create(gemeente=gemeente, bestand=upload(inhoud, naam), door=door)
        except ValidationError:
            return
        voor, projecten = momentopname(), _projecten(gemeente)
        try:
            verwerkt = projectimport_verwerken(projectimport=projectimport, door=door)
        except ValidationError as fout:  # an import with errors cannot be committed
            assert projectimport.status == Projectimport.Status.FOUTEN and fout.messages
            assert _projecten(gemeente) == projecten
            return
        gewijzigd = verschil(voor, momentopname())
        event(f"verwerken: {verwerkt.status}")
        if verwerkt.status == Projectimport.Status.FOUTEN:
            assert _projecten(gemeente) == projecten, "een afgekeurde import schreef projecten"
            return
        assert verwerkt.status == Projectimport.Status.VERWERKT
        nieuw = {rij["nummer"] for rij in gewijzigd.nieuw.get("projecten_project", [])}
        assert Project.objects.filter(gemeente=gemeente).count() == len(projecten) + verwerkt.aantal_nieuw
        assert len(nieuw) >= verwerkt.aantal_nieuw + verwerkt.aantal_gewijzigd
        for project in Project.objects.filter(gemeente=gemeente, nummer__in=nieuw):
            project.full_clean()
        assert not buiten_postgresql(gewijzigd)
        assert AuditEvent.objects.filter(actie="projectimport.verwerkt", object_id=str(verwerkt.pk)).exists()
    finally:
        transaction.savepoint_rollback(sid)


def test_tienduizend_kolommen_rommel(planning):
    """A header row of 10,000 unknown columns is refused with the names in Dutch, quickly, keeping nothing."""
    kop = [f"rommel {i}" for i in range(10_000)]
    boek = openpyxl.Workbook()
    boek.active.append(kop)
    boek.active.append(["x"] * 10_000)
    uit = io.BytesIO()
    boek.save(uit)
    for naam, inhoud in (
        ("planning.csv", (";".join(kop) + "\r\n" + ";".join("x" * 10_000) + "\r\n").encode()),
        ("planning.xlsx", uit.getvalue()),
    ):
        with pytest.raises(ValidationError) as fout:
            projectimport_create(gemeente=planning["gemeente"], bestand=upload(inhoud, naam), door=planning["door"])
        assert "De kolom ‘rommel 0’ is onbekend." in fout.value.messages
        assert not Projectimport.objects.exists()


def test_geldige_kolommen_met_tienduizend_lege_ernaast(planning):
    """Columns without a header are notes beside the planning: skipped, even 10,000 of them."""
    rij = {
        "projectnummer": "DOR-001",
        "naam": "Kade",
        "gebied": "binnenstad",
        "soort werk": "wegen",
        "fase": "voorbereiding",
        "waardeklasse": "middel",
    }
    kop = [*rij, *([""] * 10_000)]
    waarden = [*rij.values(), *(["aantekening"] * 10_000)]
    inhoud = (";".join(kop) + "\r\n" + ";".join(waarden) + "\r\n").encode()
    projectimport = projectimport_create(gemeente=planning["gemeente"], bestand=upload(inhoud), door=planning["door"])
    assert projectimport.status == Projectimport.Status.VOORVERTONING and projectimport.aantal_nieuw == 1


# --- The pages -----------------------------------------------------------------------------------------------------


@hypothesis_settings(max_examples=max(5, hypothesis_settings().max_examples // 3))
@given(bestand=bestanden)
def test_de_paginas_geven_nooit_een_serverfout(planning, personas, bestand):
    naam, inhoud = bestand
    client = client_for(personas["gemeente"])
    client.raise_request_exception = False
    sid = transaction.savepoint()
    try:
        projecten = _projecten(planning["gemeente"])
        response = client.post("/projecten/import/", {"bestand": upload(inhoud, naam)})
        assert response.status_code in {200, 302}, response.status_code
        if response.status_code == 200:
            assert not Projectimport.objects.exists()
            return
        detail = client.get(response["Location"])
        assert detail.status_code == 200
        projectimport = Projectimport.objects.get()
        response = client.post(f"/projecten/import/{projectimport.pk}/verwerken/")
        assert response.status_code == 302
        projectimport.refresh_from_db()
        if projectimport.status != Projectimport.Status.VERWERKT:
            assert _projecten(planning["gemeente"]) == projecten
        assert client.get(response["Location"]).status_code == 200
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")
def test_een_datum_ver_weg_in_xlsx(planning):
    """Excel dates before 1900 or after 9999 do not exist; openpyxl cannot read them back. Refused, not a crash."""
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(KOPPEN)
    blad.append(["DOR-001", "Kade", "", "binnenstad", "wegen", "ontwerp", datetime.date(1, 1, 1)])
    blad.append(["DOR-002", "Kade", "", "binnenstad", "wegen", "ontwerp", 10**12])
    blad["G3"].number_format = "dd-mm-yyyy"
    uit = io.BytesIO()
    boek.save(uit)
    try:
        projectimport = projectimport_create(
            gemeente=planning["gemeente"], bestand=upload(uit.getvalue(), "planning.xlsx"), door=planning["door"]
        )
    except ValidationError as fout:
        assert fout.messages
    else:
        assert projectimport.status == Projectimport.Status.FOUTEN
    assert not Project.objects.filter(nummer__startswith="DOR-").exists()


assert {kolom.kop for kolom in KOLOMMEN} == set(KOPPEN)
