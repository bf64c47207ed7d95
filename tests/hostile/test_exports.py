"""Formula injection: text a member typed that starts like a spreadsheet formula (=, +, -, @, tab, CR; also behind
control characters or spaces) reaches every CSV and XLSX export as text: with a leading apostrophe, and in XLSX as a
string cell, never a formula. Numbers stay numbers.

The payloads go into every free-text column of every row straight in the database (the walk of test_xss), so a new
column or a new export is covered without a change here; a new export URL fails `test_every_export_is_tried`."""

import csv
import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone

import openpyxl
import pytest

from kring.audit import audit_log
from pastperformance.models import Beleid
from tests.conftest import client_for
from tests.hostile.test_xss import modellen_met_tekst, tekstvelden
from tests.pastperformance.profielhulp import definitief
from tests.test_access_matrix import all_patterns, context  # noqa: F401 (context: a fixture)

# What each payload tries: a link that runs, a function, a phone number, arithmetic, and signs behind a tab, a carriage
# return, a control character (which XLSX drops, leaving the "=") and a space.
FORMULES = [
    '=HYPERLINK("http://x","klik")',
    "@SUM(1)",
    "+31 6 12345678",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\x01=HYPERLINK(1)",
    " =1+1",
]
# Defined here, not taken from kring.exports: the test must not agree with a weakened rule.
TEKENS = ("=", "+", "-", "@", "\t", "\r")
VOORLOOP = "".join(chr(teken) for teken in range(0x21))
GETAL = re.compile(r"-?\d+([.,]\d+)*")

# Every spreadsheet export: who may download it, its formats, and columns that must hold numbers in XLSX (from the
# data rows on; the selection export has a line about its basis first).
EXPORTS = {
    "kring:leden_organisaties_export": ("beheerder", ("csv", "xlsx"), ["Personen"]),
    "kring:leden_personen_export": ("beheerder", ("csv", "xlsx"), []),
    "kring:auditlog_csv": ("beheerder", ("csv",), []),
    "werkgroepen:uitvoeringsagenda_export": ("on_eigen", ("csv", "xlsx"), ["Budget (€)"]),
    "projecten:kalender_csv": ("anoniem", ("csv",), []),
    "projecten:import_sjabloon": ("beheerder", ("csv", "xlsx"), ["duur (maanden)", "raming"]),
    "pastperformance:selectie_export": ("gemeente", ("csv", "xlsx"), ["Aantal beoordelingen (n)", "Gemiddelde"]),
    "sroi:export": ("gemeente", ("csv", "xlsx"), ["Uren per week", "Waarde (€)"]),
}
EERSTE_RIJ = {"pastperformance:selectie_export": 3}
# Downloads without text a member typed, so without a payload to find.
ZONDER_LEDENTEKST = {("projecten:import_sjabloon", "csv"): "kolomkoppen en een voorbeeldrij met codes"}


def test_every_export_is_tried():
    gevonden = {
        naam
        for naam, route in all_patterns()
        if naam and (re.search(r"export|csv|xlsx|sjabloon", naam) or "<str:formaat>" in route)
    }
    assert gevonden == set(EXPORTS)


def formule(veld, nummer: int, pk) -> str:
    achtervoegsel = f" #{pk}"
    ruimte = (veld.max_length or 10**6) - len(achtervoegsel)
    passend = [tekst for tekst in FORMULES if len(tekst) <= ruimte]
    if not passend:
        return f"={pk % 10 ** (veld.max_length - 1)}"
    return passend[(nummer + pk) % len(passend)] + achtervoegsel


@pytest.fixture
def gegevens(context):  # noqa: F811 (the fixture imported above)
    """The access matrix's objects (projects, activities, members, SROI lines) plus rated rounds for the selection
    export, then a formula in every free-text column."""
    personas = context["personas"]
    for dagen, waarde in ((10, 8), (100, 6), (300, 4)):
        definitief(op=timezone.now() - datetime.timedelta(days=dagen), og_on=(waarde,), plan=context["pp_plan"])
    audit_log(actie="leden.gewijzigd", actor=personas["beheerder"], obj=personas["on_eigen"], na={"naam": "x"})
    Beleid.objects.update_or_create(pk=1, defaults={"gebruik_voor_selectie": True, "grondslag": "Besluit AB"})
    for model in modellen_met_tekst():
        velden = tekstvelden(model)
        for pk in model._base_manager.values_list("pk", flat=True):
            model._base_manager.filter(pk=pk).update(
                **{veld.attname: formule(veld, nummer, pk) for nummer, veld in enumerate(velden)}
            )
    return personas


def gevaarlijk(cel: str) -> bool:
    """Would a spreadsheet read this text as a formula (or as one once control characters are dropped)?"""
    return cel.startswith(TEKENS) or cel.lstrip(VOORLOOP).startswith(TEKENS)


def _download(personas, naam: str, formaat: str):
    rol, _formaten, _getallen = EXPORTS[naam]
    kwargs = {"formaat": formaat} if formaat and naam not in ("kring:auditlog_csv", "projecten:kalender_csv") else {}
    response = client_for(personas[rol]).get(reverse(naam, kwargs=kwargs))
    assert response.status_code == 200, (naam, formaat, response.status_code)
    return response


def _csv_cellen(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_exports_neutralise_formulas(gegevens):
    fouten = []
    for naam, (_rol, formaten, _getallen) in EXPORTS.items():
        if "csv" not in formaten:
            continue
        cellen = [cel for rij in _csv_cellen(_download(gegevens, naam, "csv")) for cel in rij]
        fouten += [f"{naam}: {cel!r}" for cel in cellen if gevaarlijk(cel) and not GETAL.fullmatch(cel)]
        gevonden = any(cel.startswith("'") and gevaarlijk(cel[1:]) for cel in cellen)
        if not gevonden and (naam, "csv") not in ZONDER_LEDENTEKST:
            fouten.append(f"{naam}: geen van de formules kwam in de export")  # else this test proves nothing
    assert not fouten, "CSV-cellen die een formule zijn:\n" + "\n".join(fouten)


def test_xlsx_exports_store_text_never_formulas(gegevens):
    fouten = []
    for naam, (_rol, formaten, getalkolommen) in EXPORTS.items():
        if "xlsx" not in formaten:
            continue
        boek = openpyxl.load_workbook(io.BytesIO(_download(gegevens, naam, "xlsx").content))
        neutraal = 0
        for blad in boek.worksheets:
            for rij in blad.iter_rows():
                for cel in rij:
                    plek = f"{naam} {blad.title}!{cel.coordinate}"
                    if cel.data_type == "f":
                        fouten.append(f"{plek}: formule {cel.value!r}")
                    elif isinstance(cel.value, str) and gevaarlijk(cel.value):
                        fouten.append(f"{plek}: {cel.value!r}")
                    neutraal += isinstance(cel.value, str) and cel.value.startswith("'") and gevaarlijk(cel.value[1:])
        if not neutraal:
            fouten.append(f"{naam}: geen van de formules kwam in de export")
        blad = boek.worksheets[0]
        koppen = [cel.value for cel in blad[1]]
        for kop in getalkolommen:
            rijen = blad.iter_rows(min_row=EERSTE_RIJ.get(naam, 2), values_only=True)
            waarden = [rij[koppen.index(kop)] for rij in rijen]
            waarden = [waarde for waarde in waarden if waarde is not None]
            if not waarden or not all(isinstance(waarde, int | float) for waarde in waarden):
                fouten.append(f"{naam}: kolom {kop} houdt geen getallen: {waarden}")
    assert not fouten, "\n".join(fouten)


def test_numbers_stay_numbers_in_csv(gegevens):
    """A negative number is a number, not a formula: no apostrophe (the selection's trend may be negative, and the
    amounts and hours are plain numbers)."""
    rijen = _csv_cellen(_download(gegevens, "sroi:export", "csv"))
    koppen = rijen[0]
    uren = [rij[koppen.index("Uren per week")] for rij in rijen[1:]]
    assert uren and all(GETAL.fullmatch(waarde) for waarde in uren), uren
    from kring.exports import export_response

    response = export_response(bestandsnaam="x", formaat="csv", koppen=["getal"], rijen=[[-3], [-2.5], [7]])
    assert [rij[0] for rij in _csv_cellen(response)[1:]] == ["-3", "-2.5", "7"]
    response = export_response(bestandsnaam="x", formaat="xlsx", koppen=["getal"], rijen=[[-3], [-2.5]])
    blad = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [(cel.value, cel.data_type) for (cel,) in blad.iter_rows(min_row=2)] == [(-3, "n"), (-2.5, "n")]
