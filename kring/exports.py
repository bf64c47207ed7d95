"""Lists as spreadsheets: CSV for Dutch Excel (`;`, UTF-8 with BOM) or XLSX, with formula injection neutralised."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMATEN = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet program treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
# What may stand before such a sign and be dropped on the way: control characters (a workbook's XML cannot hold them,
# so they are removed from XLSX cells) and spaces.
VOORLOOP = "".join(chr(teken) for teken in range(0x21))


def neutraliseer(waarde):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, so it is shown as text; also when
    control characters or spaces stand before the sign ("\x01=HYPERLINK(...)")."""
    if isinstance(waarde, Promise):  # a lazily translated header or label
        waarde = str(waarde)
    if isinstance(waarde, str) and (
        waarde.startswith(FORMULE_TEKENS) or waarde.lstrip(VOORLOOP).startswith(FORMULE_TEKENS)
    ):
        return "'" + waarde
    return waarde


def export_response(
    *, bestandsnaam: str, formaat: str, koppen: Sequence[str], rijen: Iterable[Sequence]
) -> HttpResponse:
    """A download of `rijen` under `koppen` as `<bestandsnaam>.csv` or `.xlsx`. An unknown format is an unknown page.
    Cells may be text, numbers, dates or None (empty)."""
    if formaat not in FORMATEN:
        raise Http404
    maak = _csv if formaat == "csv" else _xlsx
    response = HttpResponse(maak(koppen, rijen), content_type=FORMATEN[formaat])
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.{formaat}"'
    return response


def _csv(koppen, rijen) -> bytes:
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([neutraliseer(kop) for kop in koppen])
    for rij in rijen:
        schrijver.writerow([_als_tekst(neutraliseer(cel)) for cel in rij])
    # Excel only reads UTF-8 (é, ë, ï) correctly when the file starts with a byte order mark.
    return uit.getvalue().encode("utf-8-sig")


def _als_tekst(cel) -> str:
    if cel is None:
        return ""
    if isinstance(cel, datetime.datetime):
        return f"{_lokaal(cel):%d-%m-%Y %H:%M}"
    if isinstance(cel, datetime.date):
        return f"{cel:%d-%m-%Y}"
    return str(cel)


def _xlsx(koppen, rijen) -> bytes:
    boek = Workbook(write_only=True)
    blad = boek.create_sheet("Export")
    vet = Font(bold=True)
    kopcellen = []
    for kop in koppen:
        cel = WriteOnlyCell(blad, value=xlsx_waarde(kop))
        cel.font = vet
        kopcellen.append(cel)
    blad.append(kopcellen)
    for rij in rijen:
        blad.append([_xlsx_cel(blad, waarde) for waarde in rij])
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def xlsx_waarde(waarde):
    """A value as an openpyxl cell holds it: text without the control characters a workbook's XML cannot hold, and
    then neutralised (removed first, so what remains is what is checked); datetimes local and naive."""
    if isinstance(waarde, Promise):
        waarde = str(waarde)
    if isinstance(waarde, str):
        return neutraliseer(ILLEGAL_CHARACTERS_RE.sub("", waarde))
    if isinstance(waarde, datetime.datetime):
        return _lokaal(waarde).replace(tzinfo=None)  # Excel knows no time zones
    return waarde


def _lokaal(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _xlsx_cel(blad, waarde):
    cel = WriteOnlyCell(blad, value=xlsx_waarde(waarde))
    if isinstance(waarde, datetime.datetime):
        cel.number_format = "DD-MM-YYYY HH:MM"
    elif isinstance(waarde, datetime.date):
        cel.number_format = "DD-MM-YYYY"
    return cel
