"""The import format of a gemeente's planning: the columns, reading a CSV or XLSX file into rows, checking one row
into project values with a Dutch message per cell, and the template to fill in.

Nothing here touches the database: the caller passes the gemeente's gebieden and the waardeklassen (`Keuzelijsten`,
built in projecten.selectors.importeren).

Formulas are refused, not evaluated: an XLSX formula cell (read with data_only=False, so we see the formula itself and
not a cached value that may be stale or missing) and text that a spreadsheet would run as a formula (starting with
`=`, or `+ - @` directly followed by a function, DDE or sheet reference). Plain text that merely starts with `-` or
`+` (a Markdown list, "+/- 3 maanden") passes: our exports neutralise it (kring.exports)."""

import codecs
import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

import filetype
import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from kring.exports import xlsx_waarde
from kring.markdown import weiger_actieve_html
from kring.models import Organisatie
from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_parse, kwartaal_plus
from projecten.models import Gebied, Project, Waardeklasse, Zekerheid
from werkgroepen.uploads import MB, SOORTEN

MAX_MB = 5
MAX_RIJEN = 10_000
# Rows that are entirely empty do not count, but a file may not make us walk through millions of them.
MAX_FYSIEKE_RIJEN = 5 * MAX_RIJEN
EXTENSIES = (".csv", ".xlsx")
ACCEPT = ",".join(EXTENSIES)

# What a spreadsheet runs: "=..." always; "+", "-" or "@" directly before a name with a call, a DDE pipe or a sheet
# reference ("@SUM(", "+cmd|", "-Blad1!A1").
FORMULE = re.compile(r"^(=|[+\-@][A-Za-z_][\w.]*\s*[(|!])")
# Text that can hold active HTML needs a tag, an address or an entity; other text skips the (slower) Markdown check.
MOGELIJK_HTML = re.compile(r"[<:&]")


class Formule(str):
    """An XLSX cell that holds a formula (the formula's text)."""


@dataclass(frozen=True)
class Keuzelijsten:
    """What a row may refer to: the gebieden of the uploading gemeente and all waardeklassen, found by code or name
    (case-insensitive). For a template without a gemeente (a beheerder's), `gemeente` is None and `gebieden` holds
    those of every gemeente."""

    gemeente: Organisatie | None
    gebieden: tuple[Gebied, ...]
    waardeklassen: tuple[Waardeklasse, ...]

    @cached_property
    def gebied_op_naam(self) -> dict[str, Gebied]:
        return _op_code_en_naam(self.gebieden)

    @cached_property
    def waardeklasse_op_naam(self) -> dict[str, Waardeklasse]:
        return _op_code_en_naam(self.waardeklassen)


def _op_code_en_naam(objecten) -> dict:
    opzoeken = {}
    for obj in objecten:
        opzoeken.setdefault(obj.naam.casefold(), obj)
        opzoeken[obj.code.casefold()] = obj
    return opzoeken


# --- Cell values -----------------------------------------------------------------------------------------------------


def als_tekst(waarde) -> str:
    """A cell as text: numbers without a spurious ".0", dates as dd-mm-jjjj, whitespace collapsed at the ends."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if isinstance(waarde, datetime.datetime | datetime.date):
        return f"{waarde:%d-%m-%Y}"
    return str(waarde).strip()


def _tekst(waarde, keuzes: Keuzelijsten) -> str:
    tekst = als_tekst(waarde)
    if MOGELIJK_HTML.search(tekst):
        weiger_actieve_html(tekst)
    return tekst


def _zoek(waarde, opzoeken: dict, melding: str, **extra):
    """The value that `waarde` names in `opzoeken` (by lower-case code or name), or a ValidationError: `melding`
    filled with the cell's text (`waarde`) and `extra`."""
    tekst = " ".join(als_tekst(waarde).split())
    if tekst.casefold() in opzoeken:
        return opzoeken[tekst.casefold()]
    raise ValidationError(melding % {"waarde": tekst, **extra})


def _keuze(choices, wat: str) -> Callable:
    opzoeken = {}
    for code, label in choices:
        opzoeken[str(label).casefold()] = code
        opzoeken[code.casefold()] = code
    labels = ", ".join(str(label) for _code, label in choices)

    def lees(waarde, keuzes: Keuzelijsten) -> str:
        return _zoek(
            waarde, opzoeken, _("‘%(waarde)s’ is geen %(wat)s. Kies uit: %(keuzes)s."), wat=wat, keuzes=labels
        )

    return lees


def _gebied(waarde, keuzes: Keuzelijsten) -> Gebied:
    melding = _(
        "Gebied ‘%(waarde)s’ bestaat niet bij %(gemeente)s. Gebruik de code of de naam van een gebied uit het tabblad "
        "Keuzes van het sjabloon."
    )
    return _zoek(waarde, keuzes.gebied_op_naam, melding, gemeente=keuzes.gemeente)


def _waardeklasse(waarde, keuzes: Keuzelijsten) -> Waardeklasse:
    melding = _(
        "Waardeklasse ‘%(waarde)s’ bestaat niet. Gebruik de code of de naam van een waardeklasse uit het tabblad "
        "Keuzes van het sjabloon."
    )
    return _zoek(waarde, keuzes.waardeklasse_op_naam, melding)


def _kwartaal(waarde, keuzes: Keuzelijsten) -> datetime.date:
    try:
        return kwartaal_parse(waarde if isinstance(waarde, datetime.date) else als_tekst(waarde))
    except ValueError as fout:
        raise ValidationError(str(fout)) from fout


def _getal(waarde) -> Decimal:
    """A number as Dutch planners write it: 1250000, 1.250.000, 1.250.000,50, € 1.250.000, 5,5 or 5.5."""
    if isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool):
        return Decimal(str(waarde))
    tekst = als_tekst(waarde).replace("€", "").replace(" ", "").replace("\u00a0", "")
    if "," in tekst:
        tekst = tekst.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", tekst):
        tekst = tekst.replace(".", "")
    try:
        getal = Decimal(tekst)
    except InvalidOperation:
        raise ValidationError(_("‘%(waarde)s’ is geen getal.") % {"waarde": als_tekst(waarde)}) from None
    if not getal.is_finite():
        raise ValidationError(_("‘%(waarde)s’ is geen getal.") % {"waarde": als_tekst(waarde)})
    return getal


def _bedrag(waarde, keuzes: Keuzelijsten) -> Decimal:
    bedrag = _getal(waarde)
    if bedrag < 0:
        raise ValidationError(_("Een bedrag kan niet negatief zijn."))
    return bedrag


def _percentage(waarde, keuzes: Keuzelijsten) -> Decimal:
    tekst = als_tekst(waarde)
    return _getal(tekst.removesuffix("%").strip() if isinstance(waarde, str) else waarde)


def _geheel(waarde, keuzes: Keuzelijsten) -> int:
    getal = _getal(waarde)
    if getal != getal.to_integral_value():
        raise ValidationError(_("‘%(waarde)s’ is geen geheel getal.") % {"waarde": als_tekst(waarde)})
    return int(getal)


# --- Columns ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kolom:
    """One column of the import file. `veld` is the Project field it fills ("" for the reason of a change); an empty
    cell gives `leeg`."""

    kop: str
    veld: str
    lees: Callable
    uitleg: str
    verplicht: bool = False
    leeg: object = None
    keuzes: tuple = ()  # (code, label) of a column of fixed choices

    @cached_property
    def sleutel(self) -> str:
        return normaliseer_kop(self.kop)

    @cached_property
    def modelveld(self):
        return Project._meta.get_field(self.veld) if self.veld else None


def normaliseer_kop(kop) -> str:
    """Headers match without regard to case, spaces, accents and punctuation: "Soort werk", "soort_werk" and
    "SOORT WERK" are the same column."""
    tekst = unicodedata.normalize("NFKD", als_tekst(kop)).casefold()
    return "".join(teken for teken in tekst if teken.isalnum())


def _keuzekolom(kop: str, veld: str, choices, *, verplicht: bool = False, leeg=None, bij_leeg: str = "") -> Kolom:
    """A column of fixed choices: the code or the Dutch label, in any case."""
    uitleg = ", ".join(str(label) for _code, label in choices) + bij_leeg
    return Kolom(kop, veld, _keuze(choices, kop), uitleg, verplicht, leeg, tuple(choices))


KOLOMMEN = (
    Kolom("projectnummer", "nummer", _tekst, _("Uw eigen nummer; een bestaand nummer werkt dat project bij."), True),
    Kolom("naam", "naam", _tekst, _("De naam van het project."), True),
    Kolom("omschrijving", "omschrijving", _tekst, _("Wat er gebeurt, in gewone tekst of Markdown."), leeg=""),
    Kolom("gebied", "gebied", _gebied, _("Code of naam van het gebied (wijk), zie tabblad Keuzes."), True),
    _keuzekolom("soort werk", "soort_werk", Project.SoortWerk.choices, verplicht=True),
    _keuzekolom("fase", "fase", Project.Fase.choices, verplicht=True),
    Kolom("kwartaal aanbesteding", "aanbesteding_kwartaal", _kwartaal, _("Bijvoorbeeld 2027-K2 of Q2 2027.")),
    Kolom("kwartaal start", "start_kwartaal", _kwartaal, _("Niet vóór het kwartaal van aanbesteding.")),
    Kolom("duur (maanden)", "duur_maanden", _geheel, _("Een geheel getal van 1 tot en met 120.")),
    Kolom("waardeklasse", "waardeklasse", _waardeklasse, _("Code of naam, zie tabblad Keuzes."), True),
    Kolom("raming", "raming", _bedrag, _("In euro's; alleen zichtbaar voor uw eigen gemeente.")),
    _keuzekolom(
        "procedure",
        "procedure",
        Project.Procedure.choices,
        leeg=Project.Procedure.NOG_ONBEKEND,
        bij_leeg=_(" (leeg: nog onbekend)"),
    ),
    _keuzekolom(
        "contractvorm",
        "contractvorm",
        Project.Contractvorm.choices,
        leeg=Project.Contractvorm.NOG_ONBEKEND,
        bij_leeg=_(" (leeg: nog onbekend)"),
    ),
    _keuzekolom("zekerheid", "zekerheid", Zekerheid.choices, leeg=Zekerheid.MIDDEN, bij_leeg=_(" (leeg: midden)")),
    Kolom(
        "verschuifbaar vanaf",
        "verschuifbaar_vanaf",
        _kwartaal,
        _("Vroegste kwartaal van aanbesteding bij spreiden; vul ook ‘verschuifbaar tot’ in, of laat beide leeg."),
    ),
    Kolom("verschuifbaar tot", "verschuifbaar_tot", _kwartaal, _("Laatste kwartaal van aanbesteding bij spreiden.")),
    Kolom("SROI %", "sroi_percentage", _percentage, _("Percentage van de opdrachtwaarde, bijvoorbeeld 5 of 5,5.")),
    Kolom("CO2-niveau", "co2_niveau", _geheel, _("Niveau op de CO2-prestatieladder, 1 tot en met 5.")),
    Kolom(
        "reden", "", _tekst, _("Waarom data, fase of waardeklasse veranderen; leeg: ‘import <bestandsnaam>’."), leeg=""
    ),
)
KOLOM = {kolom.sleutel: kolom for kolom in KOLOMMEN}
REDEN = KOLOMMEN[-1]
VERPLICHT = tuple(kolom for kolom in KOLOMMEN if kolom.verplicht)


# --- Checking one row ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Celfout:
    kolom: str
    melding: str


@dataclass
class Gecontroleerd:
    """One row read into project values (only the columns in the file), the reason, and what is wrong."""

    waarden: dict = field(default_factory=dict)
    reden: str = ""
    fouten: list[Celfout] = field(default_factory=list)


def is_leeg(waarde) -> bool:
    return waarde is None or (isinstance(waarde, str) and not waarde.strip())


def is_formule(waarde) -> bool:
    return isinstance(waarde, Formule) or (isinstance(waarde, str) and bool(FORMULE.match(waarde.strip())))


def _formule_fout(waarde) -> str:
    return _(
        "Deze cel bevat een formule (‘%(formule)s’). Het portaal rekent geen formules uit: zet de uitkomst zelf in "
        "de cel (in Excel: kopiëren en dan Plakken speciaal, Waarden)."
    ) % {"formule": als_tekst(waarde)[:60]}


def controleer_rij(cellen: dict[str, object], keuzes: Keuzelijsten) -> Gecontroleerd:
    """The values of one row (cellen: column key -> cell value, only the columns in the file). Each value is also
    checked by the model field (length, digits, limits), so the messages match those of the project form."""
    uitkomst = Gecontroleerd()
    for sleutel, waarde in cellen.items():
        kolom = KOLOM[sleutel]
        try:
            if is_formule(waarde):
                raise ValidationError(_formule_fout(waarde))
            if is_leeg(waarde):
                if kolom.verplicht:
                    raise ValidationError(_("Vul %(kolom)s in: deze kolom is verplicht.") % {"kolom": kolom.kop})
                gelezen = kolom.leeg
            else:
                gelezen = kolom.lees(waarde, keuzes)
            if kolom is REDEN:
                uitkomst.reden = gelezen
                continue
            if not kolom.modelveld.is_relation and gelezen not in kolom.modelveld.empty_values:
                gelezen = kolom.modelveld.clean(gelezen, None)
            uitkomst.waarden[kolom.veld] = gelezen
        except ValidationError as fout:
            uitkomst.fouten.extend(Celfout(kolom.kop, melding) for melding in fout.messages)
    return uitkomst


def controleer_samenhang(project: dict) -> list[Celfout]:
    """The rules between fields (those of the project form, projecten.services.projecten), on the project as it would
    be after the row: for an update the existing values with the row's on top. Without a query, so a file of
    thousands of rows is checked in one go."""
    fouten = []
    aanbesteding, start = project.get("aanbesteding_kwartaal"), project.get("start_kwartaal")
    if aanbesteding and start and start < aanbesteding:
        fouten.append(
            Celfout(
                "kwartaal start",
                _("Het kwartaal van start (%(start)s) ligt vóór het kwartaal van aanbesteding (%(aanbesteding)s).")
                % {"start": kwartaal_code(start), "aanbesteding": kwartaal_code(aanbesteding)},
            )
        )
    vanaf, tot = project.get("verschuifbaar_vanaf"), project.get("verschuifbaar_tot")
    if (vanaf is None) != (tot is None):
        fouten.append(
            Celfout(
                "verschuifbaar tot" if tot is None else "verschuifbaar vanaf",
                _(
                    "Vul ‘verschuifbaar vanaf’ en ‘verschuifbaar tot’ allebei in, of laat ze allebei leeg als het project "
                    "niet mag schuiven."
                ),
            )
        )
    elif vanaf and tot < vanaf:
        fouten.append(
            Celfout(
                "verschuifbaar tot",
                _("‘Verschuifbaar tot’ (%(tot)s) ligt vóór ‘verschuifbaar vanaf’ (%(vanaf)s).")
                % {"tot": kwartaal_code(tot), "vanaf": kwartaal_code(vanaf)},
            )
        )
    elif vanaf and aanbesteding is None:
        fouten.append(
            Celfout(
                "kwartaal aanbesteding",
                _("Een project mag alleen schuiven als het een kwartaal van aanbesteding heeft. Vul dat in."),
            )
        )
    elif vanaf and not vanaf <= aanbesteding <= tot:
        fouten.append(
            Celfout(
                "kwartaal aanbesteding",
                _(
                    "Het kwartaal van aanbesteding (%(aanbesteding)s) ligt buiten het venster %(vanaf)s tot en met %(tot)s."
                )
                % {
                    "aanbesteding": kwartaal_code(aanbesteding),
                    "vanaf": kwartaal_code(vanaf),
                    "tot": kwartaal_code(tot),
                },
            )
        )
    klasse, raming = project.get("waardeklasse"), project.get("raming")
    if klasse is not None and raming is not None and not in_klasse(raming, klasse):
        fouten.append(
            Celfout(
                "raming",
                _("Een raming van %(raming)s valt niet in de waardeklasse %(klasse)s. Kies de klasse die erbij past.")
                % {"raming": weergave("raming", raming), "klasse": klasse.naam},
            )
        )
    return fouten


def in_klasse(bedrag: Decimal, klasse: Waardeklasse) -> bool:
    """Whether `bedrag` falls in the band: from its lower bound up to (not including) its upper bound, if any."""
    return klasse.ondergrens <= bedrag and (klasse.bovengrens is None or bedrag < klasse.bovengrens)


def weergave(veld: str, waarde) -> str:
    """A project value as the preview shows it: choice labels, quarters as 2027-K2, amounts in Dutch notation."""
    if waarde in (None, ""):
        return "—"
    veldobject = Project._meta.get_field(veld)
    if veldobject.choices:
        return str(dict(veldobject.flatchoices).get(waarde, waarde))
    if isinstance(waarde, datetime.date):
        return kwartaal_code(waarde)
    if isinstance(waarde, Decimal):
        tekst = number_format(
            waarde, decimal_pos=0 if waarde == waarde.to_integral_value() else None, force_grouping=True
        )
        return f"€ {tekst}" if veld == "raming" else f"{tekst}%"
    return str(waarde)


# --- Reading a file --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tabel:
    """The rows of an import file: per row its number in the spreadsheet (the header is row 1) and its cells by column
    key, for the columns the file has."""

    rijen: tuple[tuple[int, dict[str, object]], ...]


def controleer_bestand(bestand: File, naam: str) -> None:
    """Size, extension and content of an upload (before anything is stored); ValidationError in Dutch."""
    if not bestand.size:
        raise ValidationError(_("‘%(naam)s’ is leeg.") % {"naam": naam}, code="leeg")
    if bestand.size > MAX_MB * MB:
        raise ValidationError(
            _("‘%(naam)s’ is %(grootte)s; een planning mag hoogstens %(max)s MB zijn.")
            % {"naam": naam, "grootte": filesizeformat(bestand.size), "max": MAX_MB},
            code="te_groot",
        )
    extensie = PurePosixPath(naam).suffix.lower()
    if extensie in (".xlsm", ".xltm", ".xlsb"):
        raise ValidationError(
            _("‘%(naam)s’ is een Excel-bestand met macro's. Sla het op als Excel-werkmap (.xlsx) zonder macro's.")
            % {"naam": naam},
            code="macros",
        )
    if extensie == ".xls":
        raise ValidationError(
            _("‘%(naam)s’ is in het oude Excel-formaat (.xls). Sla het op als Excel-werkmap (.xlsx).")
            % {"naam": naam},
            code="extensie",
        )
    if extensie not in EXTENSIES:
        raise ValidationError(
            _("‘%(naam)s’ kan niet worden ingelezen: alleen CSV (.csv) en Excel (.xlsx) zijn toegestaan.")
            % {"naam": naam},
            code="extensie",
        )
    if extensie == ".xlsx":
        SOORTEN[".xlsx"].controleer(bestand, naam)
        return
    bestand.seek(0)
    kop = bestand.read(8192)
    bestand.seek(0)
    if kop.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _niet_utf8(naam)
    gevonden = filetype.guess(kop)
    if gevonden is not None or b"\x00" in kop:
        raise ValidationError(
            _("De inhoud van ‘%(naam)s’ is geen CSV-tekst%(soort)s. Sla de planning op als CSV of als Excel-werkmap.")
            % {"naam": naam, "soort": f" maar {gevonden.extension.upper()}" if gevonden else ""},
            code="soort_klopt_niet",
        )


def lees_tabel(bestand: File, naam: str) -> Tabel:
    """The rows of a checked CSV or XLSX file; ValidationError in Dutch when it cannot be read as a planning (no
    header, a missing or unknown column, no rows, too many rows)."""
    bestand.seek(0)
    rijen = _xlsx_rijen(bestand, naam) if naam.lower().endswith(".xlsx") else _csv_rijen(bestand.read(), naam)
    te_veel = ValidationError(
        _("Het bestand heeft meer dan %(max)s projecten. Verdeel de planning over meer bestanden.")
        % {"max": number_format(MAX_RIJEN, force_grouping=True)},
        code="te_veel_rijen",
    )
    gelezen = []
    with closing(rijen):
        try:
            _kopnummer, koprij = next(rijen)
        except StopIteration:
            raise ValidationError(_("‘%(naam)s’ bevat geen gegevens.") % {"naam": naam}, code="leeg") from None
        sleutels = [(index, kolom.sleutel) for index, kolom in _kolommen(koprij).items()]
        for nummer, rij in rijen:
            if nummer > MAX_FYSIEKE_RIJEN:
                raise te_veel
            cellen = {sleutel: rij[index] if index < len(rij) else None for index, sleutel in sleutels}
            if not all(is_leeg(waarde) for waarde in cellen.values()):
                gelezen.append((nummer, cellen))
            if len(gelezen) > MAX_RIJEN:
                raise te_veel
    if not gelezen:
        raise ValidationError(
            _("‘%(naam)s’ bevat kolomkoppen maar geen projecten.") % {"naam": naam}, code="geen_rijen"
        )
    return Tabel(rijen=tuple(gelezen))


def _kolommen(koprij: list) -> dict[int, Kolom]:
    """The known columns by position. Columns without a header are skipped (notes beside the planning); an unknown or
    repeated header and a missing required column are errors, so no value is silently left out."""
    kolommen: dict[int, Kolom] = {}
    fouten = []
    for index, kop in enumerate(koprij):
        if is_leeg(kop):
            continue
        kolom = KOLOM.get(normaliseer_kop(kop))
        if kolom is None:
            fouten.append(_("De kolom ‘%(kop)s’ is onbekend.") % {"kop": als_tekst(kop)})
        elif kolom in kolommen.values():
            fouten.append(_("De kolom ‘%(kop)s’ staat er twee keer in.") % {"kop": kolom.kop})
        else:
            kolommen[index] = kolom
    fouten.extend(
        _("De verplichte kolom ‘%(kop)s’ ontbreekt.") % {"kop": kolom.kop}
        for kolom in VERPLICHT
        if kolom not in kolommen.values()
    )
    if fouten:
        fouten.append(_("De eerste rij moet de kolomkoppen van het sjabloon bevatten."))
        raise ValidationError(fouten, code="kolommen")
    return kolommen


def _niet_utf8(naam: str) -> ValidationError:
    return ValidationError(
        _(
            "‘%(naam)s’ is niet als UTF-8 opgeslagen, dus letters als é en ë komen verkeerd over. Kies in Excel bij "
            "Opslaan als: ‘CSV UTF-8 (door komma's gescheiden)’, of upload het als Excel-werkmap (.xlsx)."
        )
        % {"naam": naam},
        code="codering",
    )


def _csv_rijen(inhoud: bytes, naam: str) -> Iterator[tuple[int, list]]:
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _niet_utf8(naam) from None
    eerste_regel = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste_regel.count(";") >= eerste_regel.count(",") else ","
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
    try:
        # Each record is one spreadsheet row, also when a quoted cell spans lines.
        yield from enumerate(lezer, start=1)
    except csv.Error as fout:
        raise ValidationError(
            _("‘%(naam)s’ is geen geldige CSV (rond regel %(regel)s).") % {"naam": naam, "regel": lezer.line_num},
            code="csv",
        ) from fout


# What reading a broken or hostile workbook raises; SyntaxError is the XML parser's (an entity bomb, broken XML).
ONLEESBAAR = (InvalidFileException, KeyError, OSError, ValueError, SyntaxError)


def _xlsx_rijen(bestand: File, naam: str) -> Iterator[tuple[int, list]]:
    onleesbaar = ValidationError(
        _("‘%(naam)s’ is geen leesbare Excel-werkmap.") % {"naam": naam}, code="soort_klopt_niet"
    )
    try:
        boek = openpyxl.load_workbook(bestand, read_only=True, data_only=False, keep_links=False)
    except ONLEESBAAR as fout:
        raise onleesbaar from fout
    try:
        blad = boek.worksheets[0]
        # Some programs write a wrong sheet size; without this, read-only mode would stop at that size.
        blad.reset_dimensions()
        # Read-only mode parses the sheet while it is walked, so a broken sheet fails here, not at loading.
        for nummer, cellen in enumerate(blad.iter_rows(), start=1):
            yield nummer, [_xlsx_waarde(cel) for cel in cellen]
    except ONLEESBAAR as fout:
        raise onleesbaar from fout
    finally:
        boek.close()


def _xlsx_waarde(cel):
    waarde = cel.value
    if cel.data_type == "f":
        return Formule(getattr(waarde, "text", waarde))  # an array formula is an object with its text
    if isinstance(waarde, int | float) and not isinstance(waarde, bool) and "%" in (cel.number_format or ""):
        # A cell shown as "5,5%" holds 0.055; as text in Dutch notation it reads as what the planner sees.
        return format((Decimal(str(waarde)) * 100).normalize(), "f").replace(".", ",") + "%"
    return waarde


# --- The template ----------------------------------------------------------------------------------------------------


def sjabloon_voorbeeld(keuzes: Keuzelijsten) -> list:
    """The example row of the template, valid for the gemeente it is made for (when it has gebieden and there are
    waardeklassen)."""
    aanbesteding = kwartaal_plus(huidig_kwartaal(), 2)
    raming = Decimal(850_000)
    klasse = next((k for k in keuzes.waardeklassen if in_klasse(raming, k)), next(iter(keuzes.waardeklassen), None))
    if klasse is not None and not in_klasse(raming, klasse):
        raming = klasse.ondergrens
    voorbeeld = {
        "projectnummer": "2027-014",
        "naam": "Herinrichting Voorbeeldstraat",
        "omschrijving": "Riolering vervangen en de straat klimaatbestendig inrichten.",
        "gebied": keuzes.gebieden[0].code if keuzes.gebieden else "",
        "soort werk": Project.SoortWerk.RIOLERING.label,
        "fase": Project.Fase.VOORBEREIDING.label,
        "kwartaal aanbesteding": kwartaal_code(aanbesteding),
        "kwartaal start": kwartaal_code(kwartaal_plus(aanbesteding, 1)),
        "duur (maanden)": 9,
        "waardeklasse": klasse.code if klasse else "",
        "raming": int(raming),
        "procedure": Project.Procedure.MEERVOUDIG.label,
        "contractvorm": Project.Contractvorm.RAW.label,
        "zekerheid": Zekerheid.MIDDEN.label,
        "verschuifbaar vanaf": kwartaal_code(kwartaal_plus(aanbesteding, -1)),
        "verschuifbaar tot": kwartaal_code(kwartaal_plus(aanbesteding, 2)),
        "SROI %": 5,
        "CO2-niveau": 3,
        "reden": "Planning voorjaar",
    }
    return [voorbeeld[kolom.kop] for kolom in KOLOMMEN]


def sjabloon_keuzes(keuzes: Keuzelijsten) -> list[tuple[str, str, str]]:
    """(column, code, name) of every allowed value: gebieden, waardeklassen and the fixed choices."""
    rijen = [
        ("gebied", gebied.code, gebied.naam if keuzes.gemeente else f"{gebied.naam} ({gebied.gemeente})")
        for gebied in keuzes.gebieden
    ]
    rijen += [("waardeklasse", klasse.code, klasse.naam) for klasse in keuzes.waardeklassen]
    rijen += [(kolom.kop, code, str(label)) for kolom in KOLOMMEN for code, label in kolom.keuzes]
    return rijen


def sjabloon_xlsx(keuzes: Keuzelijsten) -> bytes:
    """The template workbook: the sheet Projecten (headers and an example row), Keuzes (allowed values) and Toelichting
    (what each column holds). Every text goes through kring.exports.xlsx_waarde: a gebied named "=..." stays text."""
    boek = openpyxl.Workbook()
    vet = Font(bold=True)

    def blad(titel: str, koppen: list, rijen: Iterable[Iterable]):
        werkblad = boek.create_sheet(titel)
        werkblad.append([xlsx_waarde(kop) for kop in koppen])
        for cel in werkblad[1]:
            cel.font = vet
        for rij in rijen:
            werkblad.append([xlsx_waarde(waarde) for waarde in rij])
        werkblad.freeze_panes = "A2"
        for kolom in werkblad.columns:
            breedte = max(len(als_tekst(cel.value)) for cel in kolom)
            werkblad.column_dimensions[kolom[0].column_letter].width = min(max(breedte + 2, 10), 60)

    boek.remove(boek.active)
    blad(_("Projecten"), [kolom.kop for kolom in KOLOMMEN], [sjabloon_voorbeeld(keuzes)])
    blad(_("Keuzes"), [_("kolom"), _("code"), _("naam")], sjabloon_keuzes(keuzes))
    blad(
        _("Toelichting"),
        [_("kolom"), _("verplicht"), _("toelichting")],
        [(k.kop, _("ja") if k.verplicht else _("nee"), k.uitleg) for k in KOLOMMEN],
    )
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()
