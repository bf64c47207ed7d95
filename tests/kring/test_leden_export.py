"""The shared export helper (CSV for Dutch Excel, XLSX) and the ledenlijst exports, which only beheerders get."""

import csv
import datetime
import io

from django.http import Http404

import pytest
from openpyxl import load_workbook

from kring.exports import export_response, neutraliseer
from tests.factories import LidmaatschapFactory, OrganisatieFactory, UserFactory, WerkgroepFactory

GEVAARLIJK = ['=HYPERLINK("http://kwaad.example")', "+31 78 123", "-2+3", "@SUM(A1)", "\tTab", "\rRegel"]


def csv_rijen(response) -> list[list[str]]:
    inhoud = response.content
    assert inhoud.startswith(b"\xef\xbb\xbf"), "CSV voor Excel begint met een UTF-8 BOM"
    return list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))


def xlsx_rijen(response) -> list[list]:
    blad = load_workbook(io.BytesIO(response.content)).active
    return [list(rij) for rij in blad.iter_rows(values_only=True)]


@pytest.mark.parametrize("waarde", GEVAARLIJK)
def test_formula_characters_get_an_apostrophe(waarde):
    assert neutraliseer(waarde) == "'" + waarde


@pytest.mark.parametrize("waarde", ["Merwedijk Infra B.V.", "", 12, -3, None, datetime.date(2024, 1, 2), "a=b"])
def test_harmless_values_stay(waarde):
    assert neutraliseer(waarde) == waarde


def test_csv_for_dutch_excel():
    response = export_response(
        bestandsnaam="proef",
        formaat="csv",
        koppen=["Naam", "Sinds", "Aantal"],
        rijen=[
            ["Crabbehof Tuin en Terrein B.V.; Dordrecht", datetime.date(2019, 3, 28), 4],
            *[[w, None, -1] for w in GEVAARLIJK],
        ],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="proef.csv"'
    assert b"\r\n" in response.content and b";" in response.content
    rijen = csv_rijen(response)
    assert rijen[0] == ["Naam", "Sinds", "Aantal"]
    assert rijen[1] == ["Crabbehof Tuin en Terrein B.V.; Dordrecht", "28-03-2019", "4"]  # the ; inside is quoted
    assert [rij[0] for rij in rijen[2:]] == ["'" + w for w in GEVAARLIJK]
    assert [rij[1:] for rij in rijen[2:]] == [["", "-1"]] * len(GEVAARLIJK)  # numbers are no formulas


def test_xlsx_with_real_dates_and_no_formulas():
    response = export_response(
        bestandsnaam="proef",
        formaat="xlsx",
        koppen=["Naam", "Sinds", "Aantal"],
        rijen=[["Zeedijk Riolering B.V.\x07", datetime.date(2019, 3, 28), 4], *[[w, None, 1] for w in GEVAARLIJK]],
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="proef.xlsx"'
    rijen = xlsx_rijen(response)
    assert rijen[0] == ["Naam", "Sinds", "Aantal"]
    assert rijen[1] == ["Zeedijk Riolering B.V.", datetime.datetime(2019, 3, 28), 4]  # control character dropped
    # XML reads a carriage return back as a newline; what matters is the apostrophe in front.
    assert [rij[0].replace("\n", "\r") for rij in rijen[2:]] == ["'" + w for w in GEVAARLIJK]
    blad = load_workbook(io.BytesIO(response.content)).active
    assert all(cel.data_type != "f" for rij in blad.iter_rows() for cel in rij), "geen enkele formule"


def test_unknown_format_is_not_found():
    with pytest.raises(Http404):
        export_response(bestandsnaam="proef", formaat="pdf", koppen=["Naam"], rijen=[])


@pytest.fixture
def ledenlijst(personas):
    werkgroep = WerkgroepFactory(naam="Duurzaamheid")
    OrganisatieFactory(naam="=Kwaadaardig B.V.", plaats="Sliedrecht")
    LidmaatschapFactory(gebruiker=personas["on_eigen"], werkgroep=werkgroep, rol="trekker")
    UserFactory(naam="Geblokkeerd Persoon", status="geblokkeerd", organisatie=personas["on_ander"].organisatie)
    return werkgroep


def test_beheerder_exports_organisations_with_the_filters(clients, personas, ledenlijst):
    response = clients["beheerder"].get("/leden/export.csv?soort=opdrachtnemer&pagina=2")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="organisaties-')
    rijen = csv_rijen(response)
    assert rijen[0] == ["Naam", "Soort", "KvK-nummer", "Plaats", "Lid sinds", "Lid tot", "Personen"]
    namen = [rij[0] for rij in rijen[1:]]
    assert namen == ["'=Kwaadaardig B.V.", "Grondwerk Zwijndrecht Test B.V.", "Wegenbouw Papendrecht Test B.V."]
    eigen = rijen[2]
    assert eigen[1:] == [
        "Opdrachtnemer",
        personas["on_eigen"].organisatie.kvk_nummer,
        "Dordrecht",
        "28-03-2019",
        "",
        "1",
    ]


def test_beheerder_exports_people_as_xlsx(clients, personas, ledenlijst):
    response = clients["beheerder"].get(f"/leden/personen/export.xlsx?werkgroep={ledenlijst.pk}")
    rijen = xlsx_rijen(response)
    assert rijen[0][:3] == ["Naam", "E-mailadres", "Organisatie"]
    assert rijen[1][:7] == [
        "Opdrachtnemer Eigen",
        "on-eigen@bedrijf.test",
        "Grondwerk Zwijndrecht Test B.V.",
        "Opdrachtnemer",
        "nee",
        "Actief",
        "Duurzaamheid (trekker)",
    ]
    assert len(rijen) == 2
    # Blocked accounts are in the beheerder's export when asked for.
    geblokkeerd = xlsx_rijen(clients["beheerder"].get("/leden/personen/export.xlsx?status=geblokkeerd"))
    assert [rij[0] for rij in geblokkeerd[1:]] == ["Geblokkeerd Persoon"]


@pytest.mark.parametrize("rol", ["on_eigen", "on_ander", "gemeente", "stuurgroep"])
def test_only_beheerders_export(clients, rol):
    assert clients[rol].get("/leden/export.csv").status_code == 403
    assert clients[rol].get("/leden/personen/export.xlsx").status_code == 403


def test_export_links_only_for_beheerders(clients):
    assert "/leden/export.csv" in clients["beheerder"].get("/leden/?soort=gemeente").content.decode()
    assert "/leden/export.csv?soort=gemeente" in clients["beheerder"].get("/leden/?soort=gemeente").content.decode()
    assert "export" not in clients["stuurgroep"].get("/leden/").content.decode()


def test_unknown_export_format(clients):
    assert clients["beheerder"].get("/leden/export.pdf").status_code == 404
