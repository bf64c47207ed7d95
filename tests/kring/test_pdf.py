"""render_to_pdf and its fetcher: the HTML comes back for assertions, the PDF is A4 with the kring's name and page
numbers, and the renderer loads our static files only: no network request, no local file outside them."""

import re
import socket
import urllib.request
import zlib
from pathlib import Path

from django.conf import settings

import pytest
from weasyprint import HTML

from kring.pdf import GeweigerdAdres, StatischeFetcher, basis_url, render_to_pdf, statisch_bestand

STATIC = Path(settings.BASE_DIR) / "static"


@pytest.fixture
def sjablonen(tmp_path, settings):
    """Write test templates (extending pdf/base.html) into a folder the template engine searches first."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    def schrijf(naam: str, inhoud: str) -> str:
        (tmp_path / naam).write_text('{% extends "pdf/base.html" %}{% block content %}' + inhoud + "{% endblock %}")
        return naam

    return schrijf


@pytest.fixture
def geen_netwerk(monkeypatch):
    """Record every attempt to open a connection or an URL; the tests assert the list stays empty. (Raising would not
    do: WeasyPrint swallows exceptions from fetching and only logs them.)"""
    pogingen = []

    def weiger(naam):
        def poging(*args, **kwargs):
            pogingen.append((naam, args))
            raise OSError("geen netwerk in tests")

        return poging

    monkeypatch.setattr(socket.socket, "connect", weiger("connect"))
    monkeypatch.setattr(socket, "create_connection", weiger("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", weiger("getaddrinfo"))
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", weiger("urlopen"))
    return pogingen


def pdf_streams(pdf: bytes) -> bytes:
    """All stream contents of a PDF, decompressed where they are Flate-compressed (WeasyPrint's default)."""
    delen = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            delen.append(zlib.decompress(stream))
        except zlib.error:
            delen.append(stream)
    return b"\n".join(delen)


def pagina_teksten(html: str) -> list[list[str]]:
    """The text on each page, margin boxes included, as laid out with our fetcher."""
    document = HTML(string=html, base_url=basis_url(), url_fetcher=StatischeFetcher()).render()
    return [[box.text for box in pagina._page_box.descendants() if hasattr(box, "text")] for pagina in document.pages]


def test_render_returns_html_and_a_pdf(sjablonen):
    naam = sjablonen("gewoon.html", "<h1>{{ titel }}</h1>{% for regel in regels %}<p>{{ regel }}</p>{% endfor %}")

    html, pdf = render_to_pdf(naam, {"titel": "Kwartaalrapport Merwedijk", "regels": [f"Regel {n}" for n in range(3)]})

    assert "<h1>Kwartaalrapport Merwedijk</h1>" in html and "<p>Regel 2</p>" in html
    assert 'lang="nl"' in html
    assert pdf.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in pdf_streams(pdf) or b"/StructTreeRoot" in pdf  # tagged PDF, for screen readers


def test_a4_with_the_kring_above_and_page_numbers_below(sjablonen):
    naam = sjablonen("lang.html", "{% for n in regels %}<p>Alinea {{ n }} van een lang rapport.</p>{% endfor %}")
    html, _pdf = render_to_pdf(naam, {"regels": range(150)})

    document = HTML(string=html, base_url=basis_url(), url_fetcher=StatischeFetcher()).render()
    breedte, hoogte = document.pages[0].width, document.pages[0].height
    assert (round(breedte * 25.4 / 96), round(hoogte * 25.4 / 96)) == (210, 297)  # CSS px to mm: A4
    paginas = pagina_teksten(html)
    assert len(paginas) > 1
    for nummer, teksten in enumerate(paginas, start=1):
        assert f"Pagina {nummer} van {len(paginas)}" in teksten
        assert "MKB kring Dordrecht" in teksten


def test_fetcher_serves_our_static_css():
    antwoord = StatischeFetcher().fetch(f"{settings.SITE_URL}/static/css/pdf.css")
    assert antwoord.content_type == "text/css"
    assert antwoord.read() == (STATIC / "css" / "pdf.css").read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "http://voorbeeld.example/logo.png",
        "https://cdn.voorbeeld.example/static/css/pdf.css",
        "https://127.0.0.1:8000/static/css/pdf.css",  # our path, but another origin
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "data:text/css,body{color:red}",
        "ftp://127.0.0.1/static/css/pdf.css",
        "http://127.0.0.1:8000/media/rapporten/1.pdf",  # not static: reports are for their requester only
        "http://127.0.0.1:8000/admin/",
        "http://127.0.0.1:8000/static/",
        "http://127.0.0.1:8000/static/css/bestaat-niet.css",
        "http://127.0.0.1:8000/static/../kring/settings.py",
        "http://127.0.0.1:8000/static/%2e%2e/kring/settings.py",
        "http://127.0.0.1:8000/static/css/%2e%2e/%2e%2e/%2e%2e/kring/settings.py",
        "http://127.0.0.1:8000/static/%2fetc/passwd",
        "http://127.0.0.1:8000/static/css%5c..%5c..%5ckring%5csettings.py",
        "http://127.0.0.1:8000/static/css/pdf.css%00.png",
    ],
)
def test_fetcher_refuses_everything_else(url, geen_netwerk):
    with pytest.raises(GeweigerdAdres):
        StatischeFetcher().fetch(url)
    assert geen_netwerk == []


def test_rendering_makes_no_request_and_reads_no_local_file(sjablonen, geen_netwerk, tmp_path, caplog):
    geheim = tmp_path / "geheim.txt"
    geheim.write_text("GEHEIM-9f3a1c")
    naam = sjablonen(
        "aanval.html",
        f"""
        <style>@import url("https://cdn.voorbeeld.example/extra.css");
          @font-face {{ font-family: Extern; src: url("https://fonts.voorbeeld.example/extern.woff2"); }}
          p {{ font-family: Extern; background: url("file://{geheim}"); }}</style>
        <link rel="stylesheet" href="http://voorbeeld.example/stijl.css">
        <link rel="attachment" href="file://{geheim}">
        <p>Plaatjes van elders:</p>
        <img src="http://voorbeeld.example/pixel.png" alt="">
        <img src="file:///etc/passwd" alt="">
        <object data="file://{geheim}" type="text/plain"></object>
        <svg xmlns="http://www.w3.org/2000/svg"><image href="http://voorbeeld.example/x.svg"/></svg>
        """,
    )

    html, pdf = render_to_pdf(naam, {})

    assert pdf.startswith(b"%PDF-")
    assert geen_netwerk == [], geen_netwerk
    assert b"GEHEIM-9f3a1c" not in pdf_streams(pdf)
    geweigerd = {record.getMessage() for record in caplog.records if "GeweigerdAdres" in record.getMessage()}
    assert any(f"file://{geheim}" in bericht for bericht in geweigerd), geweigerd
    assert any("http://voorbeeld.example/pixel.png" in bericht for bericht in geweigerd), geweigerd


def test_our_own_static_file_does_arrive(sjablonen):
    """The positive control for the test above: the same attachment route with one of our files embeds it, so the
    absence of the secret there means refusal, not a blind check."""
    naam = sjablonen("bijlage.html", '<link rel="attachment" href="/static/css/pdf.css"><p>Met bijlage.</p>')
    _html, pdf = render_to_pdf(naam, {})
    assert b"counter(pages)" in pdf_streams(pdf)


def test_static_file_lookup_stays_inside_static_folders():
    assert statisch_bestand(f"{settings.SITE_URL}/static/css/pdf.css") == STATIC / "css" / "pdf.css"
    with pytest.raises(GeweigerdAdres):
        statisch_bestand(f"{settings.SITE_URL}/static/css/../../kring/settings.py")
