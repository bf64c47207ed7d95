"""Checking an attachment before anything is stored: size, an allowed extension, and content that really is what the
extension says (PDF, Office, OpenDocument, PNG, JPEG).

The browser's content type and the member's file name prove nothing. The type is read from the bytes (`filetype`);
Office and OpenDocument files are zip containers, so their members are checked too, and the archive is unpacked in
memory-bounded chunks within size, ratio and entry limits (zip bombs, encrypted archives, macros). Images are opened
with Pillow to check that they decode and have sane dimensions. The member's file name is only cleaned for display:
files are stored under a random name (`werkgroepen.models.bijlage_pad`)."""

import hashlib
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import filetype
from PIL import Image

MB = 1024 * 1024
NAAM_MAX = 200  # Bijlage.naam
# Zip containers: what an honest Office file of at most the upload limit never comes near.
ZIP_MAX_LEDEN = 2000
ZIP_MAX_UITGEPAKT = 250 * MB
ZIP_MAX_VERHOUDING = 100  # unpacked : packed, counted once the unpacked total passes ZIP_VRIJ
ZIP_VRIJ = 20 * MB
ZIP_BLOK = 64 * 1024
ZIP_MAX_DIEPTE = 3  # an Office file with an embedded Office file is two levels; a third is the most we open
ZIP_KOP = b"PK\x03\x04"
# Images: larger than any photo or scan a member shares, well under Pillow's decompression-bomb limit.
BEELD_MAX_ZIJDE = 20_000
BEELD_MAX_PIXELS = 60_000_000

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# What `filetype` may call a file, in words for a message ("… is geen PDF maar een PNG-afbeelding").
HERKEND = {PDF: "PDF", PNG: "PNG-afbeelding", JPEG: "JPEG-afbeelding", "application/zip": "zip-bestand"}


def max_bytes() -> int:
    return settings.KENNISBANK_MAX_UPLOAD_MB * MB


@dataclass(frozen=True)
class Gecontroleerd:
    """An upload that passed every check, with what the Bijlage row records."""

    bestand: UploadedFile
    naam: str  # for display and the download's file name; never a path on disk
    mime_type: str
    grootte: int
    sha256: str


def veilige_naam(naam: str) -> str:
    """The member's file name for display: the last path part only, no control characters, no leading dots, at most
    NAAM_MAX characters with the extension kept. "../../etc/passwd" becomes "passwd"."""
    naam = unicodedata.normalize("NFC", naam or "").replace("\\", "/").rsplit("/", 1)[-1]
    naam = "".join(teken for teken in naam if unicodedata.category(teken)[0] != "C")
    naam = naam.strip().lstrip(". ").strip()
    if len(naam) > NAAM_MAX:
        extensie = PurePosixPath(naam).suffix[:20]
        naam = naam[: NAAM_MAX - len(extensie)].rstrip() + extensie
    return naam or "bijlage"


def _kop(bestand: UploadedFile) -> bytes:
    bestand.seek(0)
    kop = bestand.read(8192)
    bestand.seek(0)
    return kop


def _niet_wat_het_zegt(naam: str, verwacht: str, kop: bytes) -> ValidationError:
    gevonden = filetype.guess_mime(kop)
    if gevonden in HERKEND and HERKEND[gevonden] != verwacht:
        return ValidationError(
            _("‘%(naam)s’ is geen %(verwacht)s maar een %(gevonden)s. Geef het bestand de juiste extensie.")
            % {"naam": naam, "verwacht": verwacht, "gevonden": HERKEND[gevonden]},
            code="soort_klopt_niet",
        )
    return ValidationError(
        _("De inhoud van ‘%(naam)s’ is geen %(verwacht)s. Upload het bestand zoals het programma het heeft gemaakt.")
        % {"naam": naam, "verwacht": verwacht},
        code="soort_klopt_niet",
    )


def _controleer_pdf(bestand: UploadedFile, naam: str) -> None:
    kop = _kop(bestand)
    if not kop.startswith(b"%PDF-") or filetype.guess_mime(kop) != PDF:
        raise _niet_wat_het_zegt(naam, "PDF", kop)


def _controleer_beeld(mime_type: str, formaat: str, label: str) -> Callable[[UploadedFile, str], None]:
    def controleer(bestand: UploadedFile, naam: str) -> None:
        kop = _kop(bestand)
        if filetype.guess_mime(kop) != mime_type:
            raise _niet_wat_het_zegt(naam, label, kop)
        onleesbaar = ValidationError(
            _("De afbeelding ‘%(naam)s’ is beschadigd of niet te lezen.") % {"naam": naam}, code="beeld_onleesbaar"
        )
        try:
            with Image.open(bestand) as beeld:
                breedte, hoogte = beeld.size
                if beeld.format != formaat:
                    raise onleesbaar
                if max(breedte, hoogte) > BEELD_MAX_ZIJDE or breedte * hoogte > BEELD_MAX_PIXELS:
                    raise ValidationError(
                        _("De afbeelding ‘%(naam)s’ is te groot (%(breedte)s × %(hoogte)s pixels).")
                        % {"naam": naam, "breedte": breedte, "hoogte": hoogte},
                        code="beeld_te_groot",
                    )
                beeld.verify()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as fout:
            raise onleesbaar from fout
        finally:
            bestand.seek(0)

    return controleer


@dataclass
class _Budget:
    """What the whole upload may still unpack, over all nesting levels together (an archive inside the archive
    counts against the same limits: a nested zip bomb is a bomb)."""

    bytes_over: int
    leden_over: int


class _Zipbom(Exception):
    pass


class _Versleuteld(Exception):
    pass


class _Macros(Exception):
    pass


@contextmanager
def _zip(bestand: UploadedFile, naam: str, label: str) -> Iterator[tuple[zipfile.ZipFile, list[str]]]:
    """Open the container and check it as a whole, archives inside it included; gives the archive and its member
    names."""
    ongeldig = ValidationError(
        _("‘%(naam)s’ is geen geldig %(label)s: het bestand is beschadigd of van een andere soort.")
        % {"naam": naam, "label": label},
        code="soort_klopt_niet",
    )
    kop = _kop(bestand)
    if not kop.startswith(ZIP_KOP):
        raise _niet_wat_het_zegt(naam, label, kop)
    budget = _Budget(
        bytes_over=min(ZIP_MAX_UITGEPAKT, max(ZIP_VRIJ, ZIP_MAX_VERHOUDING * bestand.size)), leden_over=ZIP_MAX_LEDEN
    )
    try:
        with zipfile.ZipFile(bestand) as archief:
            _controleer_archief(archief, budget, diepte=1)
            yield archief, archief.namelist()
    except _Zipbom:
        raise ValidationError(
            _("‘%(naam)s’ pakt uit tot een onredelijk grote hoeveelheid gegevens en is daarom geweigerd.")
            % {"naam": naam},
            code="zipbom",
        ) from None
    except _Versleuteld:
        raise ValidationError(
            _("‘%(naam)s’ is versleuteld of met een wachtwoord beveiligd. Upload een versie zonder wachtwoord.")
            % {"naam": naam},
            code="versleuteld",
        ) from None
    except _Macros:
        raise ValidationError(
            _("‘%(naam)s’ bevat macro's. Sla het bestand op zonder macro's en upload het opnieuw.") % {"naam": naam},
            code="macros",
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as fout:
        raise ongeldig from fout
    finally:
        bestand.seek(0)


def _controleer_archief(archief: zipfile.ZipFile, budget: _Budget, *, diepte: int) -> None:
    """Check one level: entries, encryption, paths, macros and the sizes the directory declares against `budget`;
    then unpack every member once, in chunks (zipfile never gives more than the declared size, and checks each
    member's CRC, so a doctored or corrupt archive fails here). A member that is itself a zip archive (an embedded
    workbook, or a bomb) is checked the same way, at most ZIP_MAX_DIEPTE levels deep."""
    leden = archief.infolist()
    budget.leden_over -= len(leden)
    budget.bytes_over -= sum(lid.file_size for lid in leden)
    if budget.leden_over < 0 or budget.bytes_over < 0:
        raise _Zipbom
    if any(lid.flag_bits & 0x1 for lid in leden):
        raise _Versleuteld
    namen = [lid.filename for lid in leden]
    if any(n.startswith("/") or ".." in PurePosixPath(n).parts for n in namen):
        raise ValueError("pad buiten het archief")
    if any(PurePosixPath(n).name.lower() == "vbaproject.bin" for n in namen):
        raise _Macros
    for lid in leden:
        with archief.open(lid) as inhoud:
            begin = inhoud.read(len(ZIP_KOP))
            if begin != ZIP_KOP:
                while inhoud.read(ZIP_BLOK):
                    pass
                continue
            if diepte >= ZIP_MAX_DIEPTE:
                raise _Zipbom
            with tempfile.SpooledTemporaryFile(max_size=ZIP_BLOK * 16) as kopie:
                kopie.write(begin)
                while blok := inhoud.read(ZIP_BLOK):
                    kopie.write(blok)
                kopie.seek(0)
                with zipfile.ZipFile(kopie) as genest:
                    _controleer_archief(genest, budget, diepte=diepte + 1)


def _controleer_ooxml(map_: str, label: str) -> Callable[[UploadedFile, str], None]:
    def controleer(bestand: UploadedFile, naam: str) -> None:
        with _zip(bestand, naam, label) as (_archief, namen):
            if "[Content_Types].xml" not in namen or not any(n.startswith(map_) for n in namen):
                raise ValidationError(
                    _("‘%(naam)s’ is geen geldig %(label)s.") % {"naam": naam, "label": label}, code="soort_klopt_niet"
                )

    return controleer


def _controleer_odf(mime_type: str, label: str) -> Callable[[UploadedFile, str], None]:
    def controleer(bestand: UploadedFile, naam: str) -> None:
        with _zip(bestand, naam, label) as (archief, namen):
            if "mimetype" not in namen or archief.read("mimetype")[:100].strip() != mime_type.encode():
                raise ValidationError(
                    _("‘%(naam)s’ is geen geldig %(label)s.") % {"naam": naam, "label": label}, code="soort_klopt_niet"
                )

    return controleer


@dataclass(frozen=True)
class Soort:
    mime_type: str
    controleer: Callable[[UploadedFile, str], None]


SOORTEN = {
    ".pdf": Soort(PDF, _controleer_pdf),
    ".docx": Soort(DOCX, _controleer_ooxml("word/", "Word-document")),
    ".xlsx": Soort(XLSX, _controleer_ooxml("xl/", "Excel-bestand")),
    ".pptx": Soort(PPTX, _controleer_ooxml("ppt/", "PowerPoint-bestand")),
    ".odt": Soort(ODT, _controleer_odf(ODT, "OpenDocument-tekstbestand")),
    ".ods": Soort(ODS, _controleer_odf(ODS, "OpenDocument-rekenblad")),
    ".png": Soort(PNG, _controleer_beeld(PNG, "PNG", "PNG-afbeelding")),
    ".jpg": Soort(JPEG, _controleer_beeld(JPEG, "JPEG", "JPEG-afbeelding")),
    ".jpeg": Soort(JPEG, _controleer_beeld(JPEG, "JPEG", "JPEG-afbeelding")),
}
TOEGESTAAN = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods), PNG of JPEG"
ACCEPT = ",".join(SOORTEN)  # for the file input's `accept`: a hint to the browser, the checks here decide


def controleer_upload(bestand: UploadedFile) -> Gecontroleerd:
    """The upload with what a Bijlage records, or a ValidationError in Dutch that names the file and the reason."""
    naam = veilige_naam(bestand.name)
    if not bestand.size:
        raise ValidationError(_("‘%(naam)s’ is leeg.") % {"naam": naam}, code="leeg")
    if bestand.size > max_bytes():
        raise ValidationError(
            _("‘%(naam)s’ is %(grootte)s; een bijlage mag hoogstens %(max)s MB zijn.")
            % {"naam": naam, "grootte": filesizeformat(bestand.size), "max": settings.KENNISBANK_MAX_UPLOAD_MB},
            code="te_groot",
        )
    soort = SOORTEN.get(PurePosixPath(naam).suffix.lower())
    if soort is None:
        raise ValidationError(
            _("‘%(naam)s’ kan niet worden toegevoegd: alleen %(toegestaan)s zijn toegestaan.")
            % {"naam": naam, "toegestaan": TOEGESTAAN},
            code="extensie",
        )
    soort.controleer(bestand, naam)
    hash_ = hashlib.sha256()
    bestand.seek(0)
    for blok in bestand.chunks():
        hash_.update(blok)
    bestand.seek(0)
    return Gecontroleerd(
        bestand=bestand, naam=naam, mime_type=soort.mime_type, grootte=bestand.size, sha256=hash_.hexdigest()
    )


@contextmanager
def opruimen_bij_fout(storage: Storage) -> Iterator[list[str]]:
    """Collects the names of files stored inside the block and deletes them when the block fails, so a rolled-back
    save leaves no orphan file behind."""
    opgeslagen: list[str] = []
    try:
        yield opgeslagen
    except BaseException:
        for naam in opgeslagen:
            storage.delete(naam)
        raise
