"""Hostile uploads through the real pages, for every upload field of the portal: files whose extension lies, oversize
files and requests, zip bombs inside Office and OpenDocument files (high ratio, many members, nested), path names,
control and right-to-left characters in names, and empty files.

A refused file gives a Dutch message on the form, and nothing stays behind: no row, no file in MEDIA_ROOT. An accepted
file is stored under a name the portal makes, inside MEDIA_ROOT, and comes back only through its authorised download
view, as an attachment that browsers do not sniff. The multipart bodies are written by hand, so the names reach the
server exactly as an attacker sends them (Django's test client would clean them first)."""

import datetime
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string

import openpyxl
import pytest
from PIL import Image

from kring.models import AuditEvent
from projecten.models import Projectimport
from sroi.models import Bewijsstuk, Inzetregel
from tests.conftest import client_for
from tests.factories import PDF_BYTES, KennisitemFactory, LidmaatschapFactory, VerplichtingFactory
from tests.projecten.test_import import csv_bytes, planning_maken, rij
from werkgroepen.models import Bijlage, Kennisitem

MB = 1024 * 1024
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


# -- Files ------------------------------------------------------------------------------------------------------------


def png() -> bytes:
    uit = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(uit, "PNG")
    return uit.getvalue()


def zip_bytes(leden: dict[str, bytes], *, compressie=zipfile.ZIP_DEFLATED) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", compressie) as archief:
        for naam, inhoud in leden.items():
            archief.writestr(naam, inhoud)
    return uit.getvalue()


def docx(**extra: bytes) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b"<w:document>Verslag</w:document>",
            **extra,
        }
    )


def xlsx(**extra: bytes) -> bytes:
    """A real workbook (openpyxl), with `extra` members added."""
    boek = openpyxl.Workbook()
    boek.active.append(["projectnummer", "naam"])
    uit = io.BytesIO()
    boek.save(uit)
    if not extra:
        return uit.getvalue()
    bron = zipfile.ZipFile(io.BytesIO(uit.getvalue()))
    return zip_bytes({**{naam: bron.read(naam) for naam in bron.namelist()}, **extra})


def odt(**extra: bytes) -> bytes:
    """The mimetype first and stored, as OpenDocument has it; the rest compressed."""
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("mimetype", b"application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        for naam, inhoud in {"content.xml": b"<office/>", **extra}.items():
            archief.writestr(naam, inhoud)
    return uit.getvalue()


def nullen() -> bytes:
    """25 MB of zeros: packs into some 25 KB, a ratio of about 1000."""
    return bytes(25 * MB)


def bom_veel_leden(maak) -> bytes:
    return maak(**{f"word/deel{n}.xml": b"<w/>" for n in range(2100)})


def geneste_bom() -> bytes:
    """An embedded 'workbook' that is itself a bomb: each level is small and innocent, the innermost unpacks to 25 MB
    per member."""
    binnenste = zip_bytes({f"nul{n}.bin": nullen() for n in range(4)})
    midden = zip_bytes({"xl/embeddings/binnen.zip": binnenste})
    return midden


def diep_genest(diepte: int) -> bytes:
    inhoud = zip_bytes({"kern.xml": b"<x/>"})
    for _ in range(diepte):
        inhoud = zip_bytes({"ingebed.zip": inhoud})
    return inhoud


def xml_bom() -> bytes:
    """A workbook whose sheet is a 'billion laughs' entity bomb: the XML parser must not expand it."""
    lol = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    blad = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{lol}]><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    boek = zipfile.ZipFile(io.BytesIO(xlsx()))
    return zip_bytes(
        {naam: blad if naam == "xl/worksheets/sheet1.xml" else boek.read(naam) for naam in boek.namelist()}
    )


# -- Multipart by hand ------------------------------------------------------------------------------------------------

GRENS = "kringgrens-7MA4YWxkTrZu0gW"


def multipart(velden: list[tuple[str, str]], bestanden: list[tuple[str, str, bytes]]) -> bytes:
    """A multipart/form-data body with the file names exactly as given (path parts, NUL, control characters)."""
    delen = [
        f'--{GRENS}\r\nContent-Disposition: form-data; name="{naam}"\r\n\r\n{waarde}\r\n'.encode()
        for naam, waarde in velden
    ]
    for veld, bestandsnaam, inhoud in bestanden:
        kop = (
            f'--{GRENS}\r\nContent-Disposition: form-data; name="{veld}"; filename="{bestandsnaam}"\r\n'
            # What a browser (or an attacker) claims is ignored: the checks read the bytes.
            "Content-Type: text/html\r\n\r\n"
        )
        delen.append(kop.encode() + inhoud + b"\r\n")
    return b"".join(delen) + f"--{GRENS}--\r\n".encode()


def post(client, url: str, velden: list[tuple[str, str]], bestanden: list[tuple[str, str, bytes]]):
    return client.generic(
        "POST", url, multipart(velden, bestanden), content_type=f"multipart/form-data; boundary={GRENS}"
    )


# -- The upload fields ------------------------------------------------------------------------------------------------


@dataclass
class Uploadveld:
    """One upload field: who posts to which page with which other fields, what a refused file must leave alone, where
    accepted files are stored (a regex on the stored name) and how one is downloaded."""

    naam: str
    rol: str
    veld: str
    modellen: tuple  # no new row in any of these after a refused upload
    opslag: str
    soorten: str  # "bijlagen" (PDF, Office, OpenDocument, images) or "planning" (CSV, XLSX)
    download: str | None  # "/werkgroepen/kennisbank/bijlagen/{pk}/"
    limiet_mb: int
    niet_zichtbaar: tuple = ()  # roles that get 404 on the download


VELDEN = {
    "kennisitem_nieuw": Uploadveld(
        "kennisitem_nieuw",
        "on_eigen",
        "bijlagen",
        (Kennisitem, Bijlage),
        r"kennisbank/[0-9a-f]{32}",
        "bijlagen",
        "/werkgroepen/kennisbank/bijlagen/{pk}/",
        10,
        ("on_ander", "gemeente"),  # the item is for the members of on_eigen's werkgroep
    ),
    "kennisitem_bewerken": Uploadveld(
        "kennisitem_bewerken",
        "on_eigen",
        "bijlagen",
        (Bijlage,),
        r"kennisbank/[0-9a-f]{32}",
        "bijlagen",
        "/werkgroepen/kennisbank/bijlagen/{pk}/",
        10,
        ("on_ander", "gemeente"),  # the item is for the members of on_eigen's werkgroep
    ),
    "inzet_nieuw": Uploadveld(
        "inzet_nieuw",
        "on_eigen",
        "bewijs",
        (Inzetregel, Bewijsstuk),
        r"sroi/bewijs/\d+/\d{14}-\d+(_[A-Za-z0-9]{7})?",
        "bijlagen",
        "/sroi/bewijs/{pk}/",
        10,
        ("on_ander",),  # evidence is for the contractor's own staff and the gemeente
    ),
    "import": Uploadveld(
        "import",
        "gemeente",
        "bestand",
        (Projectimport,),
        r"imports/\d{4}/\d{2}/\d+-\d{12}(_[A-Za-z0-9]{7})?",
        "planning",
        None,  # the uploaded planning is never downloaded, only shown as its preview
        5,
    ),
}

# Every form field that takes a file, and every model field that holds one: a new one must be added above.
FORMULIERVELDEN = {
    "werkgroepen.forms.kennisbank.KennisitemForm.bijlagen": ("kennisitem_nieuw", "kennisitem_bewerken"),
    "sroi.forms.inzet.InzetForm.bewijs": ("inzet_nieuw",),
    "projecten.forms.importeren.ImportForm.bestand": ("import",),
}
MODELVELDEN = {
    "werkgroepen.Bijlage.bestand": "kennisitem_nieuw",
    "sroi.Bewijsstuk.bestand": "inzet_nieuw",
    "projecten.Projectimport.bestand": "import",
    "kring.Rapport.bestand": None,  # written by the report worker (a PDF it renders), never uploaded
}


def _formulieren():
    for app in ("kring", "werkgroepen", "projecten", "pastperformance", "sroi"):
        pakket = import_string(f"{app}.forms")
        map_ = Path(pakket.__file__).parent
        for module in sorted(map_.glob("*.py")):
            if module.stem != "__init__":
                import_string(f"{app}.forms.{module.stem}")

    def sub(klasse):
        for kind in klasse.__subclasses__():
            yield kind
            yield from sub(kind)

    yield from sub(forms.BaseForm)


def test_every_upload_field_is_covered():
    formuliervelden = {
        f"{form.__module__}.{form.__name__}.{naam}"
        for form in _formulieren()
        if form.__module__.split(".")[0] in {"kring", "werkgroepen", "projecten", "pastperformance", "sroi"}
        for naam, veld in form.base_fields.items()
        if isinstance(veld, forms.FileField)
    }
    assert formuliervelden == set(FORMULIERVELDEN)
    modelvelden = {
        f"{model._meta.label}.{veld.name}"
        for model in apps.get_models()
        for veld in model._meta.fields
        if isinstance(veld, models.FileField)
        and model._meta.app_label in {"kring", "werkgroepen", "projecten", "pastperformance", "sroi"}
    }
    assert modelvelden == set(MODELVELDEN)


# -- The setting ------------------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of this test alone, inside a folder that must stay otherwise empty (nothing is written beside it
    through a path in a file name)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def bestanden_in(map_: Path) -> list[str]:
    return sorted(str(pad.relative_to(map_)) for pad in map_.rglob("*") if pad.is_file())


@pytest.fixture
def plek(personas, media):
    """Per upload field: the page and the form's other fields, valid, so only the file decides."""
    eigen, gemeente = personas["on_eigen"], personas["gemeente"]
    morgen = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    werkgroep = LidmaatschapFactory(gebruiker=eigen).werkgroep
    item_velden = [
        ("soort", "tool"),
        ("titel", "Checklist bouwteam"),
        ("samenvatting", "Een checklist."),
        ("zichtbaarheid", "werkgroep"),
        ("werkgroep", str(werkgroep.pk)),
        ("herzien_voor", morgen),
    ]
    item = KennisitemFactory(auteur=eigen, soort="tool", zichtbaarheid="werkgroep", werkgroep=werkgroep)
    verplichting = VerplichtingFactory(
        opdrachtnemer=eigen.organisatie, project__gemeente=gemeente.organisatie, coordinator=gemeente
    )
    start = verplichting.looptijd_start
    inzet_velden = [
        ("soort", "categorie"),
        ("categorie", str(verplichting.waardetabel.bouwblokken.get(code="participatiewet").pk)),
        ("kandidaat_code", "KAND-007"),
        ("uren_per_week", "36"),
        ("start", start.isoformat()),
        ("eind", (start + datetime.timedelta(days=30)).isoformat()),
        ("omschrijving", "Grondwerker in fase 1"),
    ]
    planning_maken(gemeente.organisatie, gemeente)
    return {
        "kennisitem_nieuw": ("/werkgroepen/kennisbank/nieuw/", item_velden),
        "kennisitem_bewerken": (f"/werkgroepen/kennisbank/{item.pk}/bewerken/", item_velden),
        "inzet_nieuw": (f"/sroi/verplichtingen/{verplichting.pk}/inzet/nieuw/", inzet_velden),
        "import": ("/projecten/import/", []),
    }


def tellingen(veld: Uploadveld) -> dict:
    return {model.__name__: model.objects.count() for model in veld.modellen}


def upload(personas, plek, naam: str, bestanden: list[tuple[str, bytes]], velden=None):
    veld = VELDEN[naam]
    url, standaard = plek[naam]
    return post(
        client_for(personas[veld.rol]),
        url,
        standaard if velden is None else velden,
        [(veld.veld, bestandsnaam, inhoud) for bestandsnaam, inhoud in bestanden],
    )


def tekst(response) -> str:
    """The page as a reader sees it: entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(response.content.decode()).split())


def goed(veld: Uploadveld) -> tuple[str, bytes]:
    if veld.soorten == "planning":
        return "planning.csv", csv_bytes([rij()])
    return "verslag.pdf", PDF_BYTES


# -- Refused files ----------------------------------------------------------------------------------------------------

# (file name, content, what the Dutch message says), per kind of field.
BIJLAGEN = {
    "pdf-is-png": ("verslag.pdf", png, "‘verslag.pdf’ is geen PDF maar een PNG-afbeelding"),
    "pdf-is-html": ("verslag.pdf", lambda: HTML, "De inhoud van ‘verslag.pdf’ is geen PDF"),
    "pdf-is-exe": ("verslag.pdf", lambda: EXE, "De inhoud van ‘verslag.pdf’ is geen PDF"),
    "pdf-is-zip": (
        "verslag.pdf",
        lambda: zip_bytes({"a.txt": b"x"}),
        "‘verslag.pdf’ is geen PDF maar een zip-bestand",
    ),
    "png-is-html": ("foto.png", lambda: HTML, "De inhoud van ‘foto.png’ is geen PNG-afbeelding"),
    "png-is-svg": ("foto.png", lambda: SVG, "De inhoud van ‘foto.png’ is geen PNG-afbeelding"),
    "docx-geen-zip": ("plan.docx", lambda: PDF_BYTES, "is geen Word-document"),
    "xlsx-met-macro": ("begroting.xlsx", lambda: xlsx(**{"xl/vbaProject.bin": b"\x00" * 64}), "bevat macro's"),
    "docm-ingebed": (
        "plan.docx",
        lambda: docx(**{"word/embeddings/blad.xlsm": xlsx(**{"xl/vbaProject.bin": b"\x00" * 64})}),
        "bevat macro's",
    ),
    "svg-met-script": ("tekening.svg", lambda: SVG, "‘tekening.svg’ kan niet worden toegevoegd: alleen PDF"),
    "html": ("pagina.html", lambda: HTML, "‘pagina.html’ kan niet worden toegevoegd"),
    "exe-met-rtl": ("factuur\u202efdp.exe", lambda: EXE, "‘factuurfdp.exe’ kan niet worden toegevoegd"),
    "pad-zonder-pdf": ("../../etc/passwd", lambda: b"root:x:0:0:root:/root:/bin/bash\n", "‘passwd’ kan niet"),
    "leeg": ("leeg.pdf", lambda: b"", "Het verstuurde bestand is leeg."),
    "bom-verhouding": ("plan.docx", lambda: docx(**{"word/media/nul.bin": nullen()}), "onredelijk grote hoeveelheid"),
    "bom-leden": ("plan.docx", lambda: bom_veel_leden(docx), "onredelijk grote hoeveelheid"),
    "bom-genest": ("plan.docx", lambda: docx(**{"word/embeddings/blad.xlsx": geneste_bom()}), "onredelijk grote"),
    "bom-diep": ("plan.docx", lambda: docx(**{"word/embeddings/a.zip": diep_genest(4)}), "onredelijk grote"),
    "bom-odt": ("notitie.odt", lambda: odt(**{"Pictures/nul.bin": nullen()}), "onredelijk grote hoeveelheid"),
    "te-groot": ("groot.pdf", lambda: PDF_BYTES + b"0" * (10 * MB + 1 - len(PDF_BYTES)), "mag hoogstens 10 MB zijn"),
}
PLANNING = {
    "csv-is-png": ("planning.csv", png, "De inhoud van ‘planning.csv’ is geen CSV-tekst maar PNG"),
    "csv-is-exe": ("planning.csv", lambda: EXE, "is geen CSV-tekst"),
    "csv-is-zip": ("planning.csv", lambda: zip_bytes({"a.csv": b"x"}), "‘planning.csv’ is geen CSV-tekst maar ZIP"),
    "csv-is-xlsx": ("planning.csv", xlsx, "De inhoud van ‘planning.csv’ is geen CSV-tekst maar XLSX"),
    "xlsx-geen-zip": ("planning.xlsx", lambda: HTML, "De inhoud van ‘planning.xlsx’ is geen Excel-bestand"),
    "xlsx-is-pdf": ("planning.xlsx", lambda: PDF_BYTES, "‘planning.xlsx’ is geen Excel-bestand maar een PDF"),
    "xlsx-met-macro": ("planning.xlsx", lambda: xlsx(**{"xl/vbaProject.bin": b"\x00" * 64}), "bevat macro's"),
    "xlsm": ("planning.xlsm", xlsx, "is een Excel-bestand met macro's"),
    "svg": ("planning.svg", lambda: SVG, "alleen CSV (.csv) en Excel (.xlsx) zijn toegestaan"),
    "exe-met-rtl": ("planning\u202evsc.exe", lambda: EXE, "‘planningvsc.exe’ kan niet worden ingelezen"),
    "leeg": ("planning.csv", lambda: b"", "Het verstuurde bestand is leeg."),
    "bom-verhouding": ("planning.xlsx", lambda: xlsx(**{"xl/media/nul.bin": nullen()}), "onredelijk grote"),
    "bom-leden": ("planning.xlsx", lambda: bom_veel_leden(xlsx), "onredelijk grote hoeveelheid"),
    "bom-genest": ("planning.xlsx", lambda: xlsx(**{"xl/embeddings/blad.xlsx": geneste_bom()}), "onredelijk grote"),
    "bom-xml": ("planning.xlsx", xml_bom, "‘planning.xlsx’ is geen leesbare Excel-werkmap."),
    "te-groot": ("planning.csv", lambda: b"x" * (5 * MB + 1), "een planning mag hoogstens 5 MB zijn"),
}


def _gevallen():
    for naam, veld in VELDEN.items():
        for geval, (bestandsnaam, inhoud, melding) in (BIJLAGEN if veld.soorten == "bijlagen" else PLANNING).items():
            yield pytest.param(naam, bestandsnaam, inhoud, melding, id=f"{naam}-{geval}")


@pytest.mark.parametrize(("naam", "bestandsnaam", "inhoud", "melding"), list(_gevallen()))
def test_a_hostile_file_is_refused_in_dutch_and_leaves_nothing(
    personas, plek, media, naam, bestandsnaam, inhoud, melding
):
    veld = VELDEN[naam]
    voor, audit = tellingen(veld), AuditEvent.objects.count()
    response = upload(personas, plek, naam, [(bestandsnaam, inhoud())])
    assert response.status_code == 200
    assert melding in tekst(response)
    assert tellingen(veld) == voor and AuditEvent.objects.count() == audit
    assert bestanden_in(media.parent) == []


@pytest.mark.parametrize("naam", ["kennisitem_nieuw", "inzet_nieuw"])
def test_one_bad_file_among_good_ones_saves_none_of_them(personas, plek, media, naam):
    veld = VELDEN[naam]
    voor = tellingen(veld)
    response = upload(personas, plek, naam, [goed(veld), ("kaart.pdf", png()), goed(veld)])
    assert response.status_code == 200 and "‘kaart.pdf’ is geen PDF maar een PNG-afbeelding" in tekst(response)
    assert tellingen(veld) == voor and bestanden_in(media.parent) == []


def test_more_attachments_than_an_item_may_have_are_refused(personas, plek, media):
    veld = VELDEN["kennisitem_nieuw"]
    response = upload(personas, plek, "kennisitem_nieuw", [goed(veld)] * 21)
    assert "Een item heeft hoogstens 20 bijlagen." in tekst(response)
    assert tellingen(veld) == {"Kennisitem": 1, "Bijlage": 0} and bestanden_in(media.parent) == []


# -- Oversize requests ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", sorted(VELDEN))
def test_a_file_exactly_at_the_limit_is_no_size_error(personas, plek, media, naam):
    """One byte less than the refused size above is within the limit; an attachment of exactly 10 MB is stored."""
    veld = VELDEN[naam]
    grens = veld.limiet_mb * MB
    if veld.soorten == "planning":
        response = upload(personas, plek, naam, [("planning.csv", b"x" * grens)])
        assert "een planning mag hoogstens" not in tekst(response)
        assert "‘planning.csv’ is geen geldige CSV" in tekst(
            response
        )  # read, so past the size check  # read as a planning (an unknown column), so past the size check
    else:
        response = upload(personas, plek, naam, [("groot.pdf", PDF_BYTES + b"0" * (grens - len(PDF_BYTES)))])
        assert response.status_code == 302, tekst(response)[-2000:]


@pytest.mark.parametrize("naam", sorted(VELDEN))
def test_a_request_over_the_memory_limit_is_refused_in_dutch(personas, plek, media, naam):
    """Form fields beyond DATA_UPLOAD_MAX_MEMORY_SIZE (files do not count): 400, with our Dutch page, nothing saved."""
    veld = VELDEN[naam]
    url, velden = plek[naam]
    voor = tellingen(veld)
    velden = [*velden, ("omschrijving", "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))]
    response = upload(personas, plek, naam, [goed(veld)], velden=velden)
    assert response.status_code == 400
    assert "Dit verzoek is te groot of onvolledig" in tekst(response)
    assert tellingen(veld) == voor and bestanden_in(media.parent) == []


def test_a_request_with_too_many_files_is_refused(personas, plek, media):
    veld = VELDEN["kennisitem_nieuw"]
    response = upload(personas, plek, "kennisitem_nieuw", [goed(veld)] * (settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1))
    assert response.status_code == 400 and "Dit verzoek is te groot of onvolledig" in tekst(response)
    assert tellingen(veld) == {"Kennisitem": 1, "Bijlage": 0} and bestanden_in(media.parent) == []


# -- Accepted files: names, storage, download -------------------------------------------------------------------------

# (name as sent, name as kept for display and download)
NAMEN = [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\win.pdf", "win.pdf"),
    ("/etc/cron.d/taak.pdf", "taak.pdf"),
    ("C:\\Users\\x\\verslag.pdf", "verslag.pdf"),
    ("ver\x00slag.pdf", "verslag.pdf"),
    ("ver\x1bslag\x7f.pdf", "verslag.pdf"),
    ("factuur\u202egpj.pdf", "factuurgpj.pdf"),
    ("./.verborgen.pdf", "verborgen.pdf"),
    ("a" * 400 + ".pdf", "a" * 196 + ".pdf"),
    ("Verslag kademuur (def).pdf", "Verslag kademuur (def).pdf"),
]


@pytest.mark.parametrize("naam", [naam for naam, veld in VELDEN.items() if veld.soorten == "bijlagen"])
@pytest.mark.parametrize(("verstuurd", "getoond"), NAMEN)
def test_an_accepted_file_is_stored_under_a_made_name_and_downloaded_safely(
    personas, plek, media, naam, verstuurd, getoond
):
    veld = VELDEN[naam]
    # A polyglot: a real PDF with HTML after it. It is a PDF, so it passes; served as one, it never runs as a page.
    inhoud = PDF_BYTES + HTML
    response = upload(personas, plek, naam, [(verstuurd, inhoud)])
    assert response.status_code == 302, tekst(response)[-1500:]
    model = Bijlage if veld.download.startswith("/werkgroepen") else Bewijsstuk
    opgeslagen = model.objects.get()
    assert opgeslagen.naam == getoond
    assert re.fullmatch(veld.opslag, opgeslagen.bestand.name), opgeslagen.bestand.name
    assert Path(opgeslagen.bestand.path).resolve().is_relative_to(media.resolve())
    assert bestanden_in(media.parent) == [f"media/{opgeslagen.bestand.name}"]
    assert Path(opgeslagen.bestand.path).read_bytes() == inhoud

    url = veld.download.format(pk=opgeslagen.pk)
    download = client_for(personas[veld.rol]).get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"  # from the content, not the text/html the upload claimed
    assert download["X-Content-Type-Options"] == "nosniff"
    dispositie = download["Content-Disposition"]
    assert dispositie.startswith("attachment; filename")
    assert not set(dispositie) & {"/", "\\", "\r", "\n", "\x00", "\u202e"}
    assert b"".join(download.streaming_content) == inhoud
    # Only through the view: a visitor must log in, whoever may not see it does not find it, MEDIA_URL serves nothing.
    login = client_for(None).get(url)
    assert login.status_code == 302 and login["Location"].startswith("/account/login/")
    for rol in veld.niet_zichtbaar:
        assert client_for(personas[rol]).get(url).status_code == 404, rol
    assert client_for(personas[veld.rol]).get(f"{settings.MEDIA_URL}{opgeslagen.bestand.name}").status_code == 404


@pytest.mark.parametrize(("verstuurd", "getoond"), NAMEN)
def test_an_accepted_planning_is_stored_under_a_made_name(personas, plek, media, verstuurd, getoond):
    verstuurd, getoond = verstuurd.replace(".pdf", ".csv"), getoond.replace(".pdf", ".csv")
    response = upload(personas, plek, "import", [(verstuurd, csv_bytes([rij()]))])
    assert response.status_code == 302, tekst(response)[-1500:]
    projectimport = Projectimport.objects.get()
    assert projectimport.bestandsnaam == getoond
    assert re.fullmatch(VELDEN["import"].opslag, projectimport.bestand.name), projectimport.bestand.name
    assert bestanden_in(media.parent) == [f"media/{projectimport.bestand.name}"]


def test_a_download_name_with_line_breaks_or_quotes_cannot_add_headers(personas, media):
    """A name that reached the database another way (an old row, the admin) still gives one safe header."""
    from tests.factories import BijlageFactory

    bijlage = BijlageFactory(
        kennisitem__zichtbaarheid="openbaar", naam='ver"slag\r\nSet-Cookie: sessionid=x; \\..\\x.pdf'
    )
    response = client_for(None).get(f"/werkgroepen/kennisbank/bijlagen/{bijlage.pk}/")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers or "sessionid=x" not in response.headers.get("Set-Cookie", "")
    assert not set(response["Content-Disposition"]) & {"\r", "\n", "/", "\\"}
