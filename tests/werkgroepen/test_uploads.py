"""Attachment checks (werkgroepen.uploads): type by content, size, zip containers, images, file names."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

import pytest
from PIL import Image

from tests.factories import PDF_BYTES
from werkgroepen import uploads
from werkgroepen.uploads import controleer_upload, veilige_naam

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def bestand(naam: str, inhoud: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """The content type is what a browser (or an attacker) claims; the checks ignore it."""
    return SimpleUploadedFile(naam, inhoud, content_type=content_type)


def png(breedte=4, hoogte=3) -> bytes:
    uit = io.BytesIO()
    Image.new("RGB", (breedte, hoogte), "teal").save(uit, "PNG")
    return uit.getvalue()


def jpeg() -> bytes:
    uit = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(uit, "JPEG")
    return uit.getvalue()


def zip_bytes(leden: dict[str, bytes], *, compressie=zipfile.ZIP_DEFLATED) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", compressie) as archief:
        for naam, inhoud in leden.items():
            archief.writestr(naam, inhoud)
    return uit.getvalue()


def docx(**extra) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document>Verslag van de werkgroep</w:document>",
            **extra,
        }
    )


def fout(upload) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        controleer_upload(upload)
    return info.value


# --- What passes -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("naam", "inhoud", "mime_type"),
    [
        ("verslag.pdf", PDF_BYTES, "application/pdf"),
        ("Verslag.PDF", PDF_BYTES, "application/pdf"),
        ("foto.png", png(), "image/png"),
        ("foto.jpg", jpeg(), "image/jpeg"),
        ("foto.jpeg", jpeg(), "image/jpeg"),
        ("plan.docx", docx(), uploads.DOCX),
        (
            "begroting.xlsx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            uploads.XLSX,
        ),
        ("pitch.pptx", zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), uploads.PPTX),
        (
            "notitie.odt",
            zip_bytes({"mimetype": uploads.ODT.encode(), "content.xml": b"<office/>"}, compressie=zipfile.ZIP_STORED),
            uploads.ODT,
        ),
    ],
)
def test_allowed_files_pass_with_the_type_from_their_content(naam, inhoud, mime_type):
    gecontroleerd = controleer_upload(bestand(naam, inhoud, content_type="application/octet-stream"))
    assert gecontroleerd.mime_type == mime_type
    assert gecontroleerd.grootte == len(inhoud)
    assert gecontroleerd.naam == naam
    assert len(gecontroleerd.sha256) == 64
    assert gecontroleerd.bestand.tell() == 0  # ready to be stored


# --- Lying about the type --------------------------------------------------------------------------------------------


def test_a_pdf_that_is_really_a_png_is_refused_with_what_it_is():
    melding = fout(bestand("verslag.pdf", png())).messages[0]
    assert "‘verslag.pdf’ is geen PDF maar een PNG-afbeelding" in melding


@pytest.mark.parametrize(("naam", "inhoud"), [("verslag.pdf", EXE), ("verslag.pdf", HTML), ("foto.png", HTML)])
def test_an_exe_or_html_file_renamed_is_refused(naam, inhoud):
    melding = fout(bestand(naam, inhoud)).messages[0]
    assert melding.startswith(f"De inhoud van ‘{naam}’ is geen ")


def test_a_docx_that_is_not_a_zip_is_refused():
    assert "geen Word-document" in fout(bestand("plan.docx", PDF_BYTES)).messages[0]


def test_a_zip_without_the_office_parts_is_refused():
    melding = fout(bestand("plan.docx", zip_bytes({"word/document.xml": b"<w/>"}))).messages[0]
    assert melding == "‘plan.docx’ is geen geldig Word-document."


def test_an_xlsx_renamed_docx_is_refused():
    xlsx = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert fout(bestand("plan.docx", xlsx)).code == "soort_klopt_niet"


def test_an_odt_with_another_mimetype_is_refused():
    ods = zip_bytes({"mimetype": uploads.ODS.encode()}, compressie=zipfile.ZIP_STORED)
    assert fout(bestand("notitie.odt", ods)).code == "soort_klopt_niet"


@pytest.mark.parametrize("naam", ["script.exe", "pagina.html", "tekening.svg", "macro.docm", "zonder-extensie"])
def test_other_extensions_are_refused(naam):
    melding = fout(bestand(naam, PDF_BYTES)).messages[0]
    assert "alleen PDF, Word (.docx), Excel (.xlsx)" in melding


def test_a_word_file_with_macros_is_refused():
    assert fout(bestand("plan.docx", docx(**{"word/vbaProject.bin": b"\x00" * 10}))).code == "macros"


# --- Size and zip bombs ----------------------------------------------------------------------------------------------


@override_settings(KENNISBANK_MAX_UPLOAD_MB=1)
def test_an_oversize_file_is_refused():
    groot = PDF_BYTES + b"0" * (1024 * 1024)
    melding = fout(bestand("groot.pdf", groot)).messages[0]
    assert melding == "‘groot.pdf’ is 1,0\xa0MB; een bijlage mag hoogstens 1 MB zijn."


def test_an_empty_file_is_refused():
    assert fout(bestand("leeg.pdf", b"")).messages == ["‘leeg.pdf’ is leeg."]


def test_a_zip_bomb_disguised_as_docx_is_refused():
    # 300 MB of zeros packs into a few hundred KB; the check reads the directory and refuses before unpacking.
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("[Content_Types].xml", b"<Types/>")
        with archief.open("word/document.xml", "w", force_zip64=True) as lid:
            blok = b"\x00" * (1024 * 1024)
            for _ in range(300):
                lid.write(blok)
    melding = fout(bestand("onschuldig.docx", uit.getvalue())).messages[0]
    assert "onredelijk grote hoeveelheid gegevens" in melding


def test_a_zip_whose_directory_lies_about_sizes_is_refused():
    """A bomb that declares small sizes is unpacked within the limit: zipfile stops at the declared size and the CRC
    then fails."""
    inhoud = bytearray(docx())
    # Shrink the declared size of word/document.xml in the central directory (and local header) to 1 byte.
    naam = b"word/document.xml"
    for positie in _alle(inhoud, naam):
        if inhoud[positie - 46 : positie - 42] == b"PK\x01\x02":
            inhoud[positie - 22 : positie - 18] = (1).to_bytes(4, "little")
        elif inhoud[positie - 30 : positie - 26] == b"PK\x03\x04":
            inhoud[positie - 8 : positie - 4] = (1).to_bytes(4, "little")
    assert fout(bestand("plan.docx", bytes(inhoud))).code == "soort_klopt_niet"


def _alle(data: bytearray, naald: bytes):
    start = data.find(naald)
    while start != -1:
        yield start
        start = data.find(naald, start + 1)


def test_too_many_entries_count_as_a_bomb(monkeypatch):
    monkeypatch.setattr(uploads, "ZIP_MAX_LEDEN", 5)
    leden = {f"word/deel{n}.xml": b"<w/>" for n in range(6)}
    assert fout(bestand("plan.docx", docx(**leden))).code == "zipbom"


def test_an_encrypted_archive_is_refused():
    inhoud = bytearray(docx())
    # Set the "encrypted" flag bit on every entry, as a password-protected zip has it.
    for handtekening, verschuiving in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for positie in _alle(inhoud, handtekening):
            inhoud[positie + verschuiving] |= 0x1
    assert fout(bestand("geheim.docx", bytes(inhoud))).code == "versleuteld"


# --- Images ----------------------------------------------------------------------------------------------------------


def test_an_image_with_absurd_dimensions_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "BEELD_MAX_ZIJDE", 100)
    melding = fout(bestand("breed.png", png(breedte=101, hoogte=1))).messages[0]
    assert melding == "De afbeelding ‘breed.png’ is te groot (101 × 1 pixels)."


def test_a_truncated_image_is_refused():
    kapot = png()[:40]
    assert fout(bestand("kapot.png", kapot)).code == "beeld_onleesbaar"


# --- File names ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opgegeven", "getoond"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/var/../verslag.pdf", "verslag.pdf"),
        ("map/.verborgen.pdf", "verborgen.pdf"),
        ("ver\x00slag\n.pdf", "verslag.pdf"),
        ("..", "bijlage"),
        ("", "bijlage"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_the_name_is_cleaned_for_display(opgegeven, getoond):
    assert veilige_naam(opgegeven) == getoond


def test_a_path_name_without_an_allowed_extension_is_refused():
    melding = fout(bestand("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n")).messages[0]
    assert melding.startswith("‘passwd’ kan niet worden toegevoegd")
