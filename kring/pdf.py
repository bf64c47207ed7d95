"""PDF rendering with WeasyPrint. A template renders to HTML first (tests assert on that HTML), then to a tagged PDF.

The renderer loads nothing but our own static files: no network, no local files outside them, so neither a template
nor text a member typed can make a worker fetch an address or read a file."""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class GeweigerdAdres(ValueError):
    """The renderer asked for something other than one of our static files."""


def basis_url() -> str:
    """Relative links in a PDF template resolve against the portal's own address."""
    return f"{settings.SITE_URL}/"


def statisch_bestand(url: str) -> Path:
    """The file behind `url` when it is one of our static files under the portal's address; refuses anything else."""
    basis, adres = urlsplit(basis_url()), urlsplit(url)
    if (adres.scheme, adres.netloc) != (basis.scheme, basis.netloc) or not adres.path.startswith(settings.STATIC_URL):
        raise GeweigerdAdres(url)
    naam = unquote(adres.path.removeprefix(settings.STATIC_URL))
    if not naam or "\\" in naam or "\x00" in naam or posixpath.normpath(naam) != naam or naam.startswith(("/", "..")):
        raise GeweigerdAdres(url)
    try:
        # The finders know our sources (development, tests); collected (hashed) names exist only in STATIC_ROOT.
        gevonden = finders.find(naam) or staticfiles_storage.path(naam)
    except SuspiciousFileOperation as fout:
        raise GeweigerdAdres(url) from fout
    pad = Path(gevonden)
    if not pad.is_file():
        raise GeweigerdAdres(url)
    return pad


class StatischeFetcher(URLFetcher):
    """WeasyPrint's fetcher, reduced to our static files. A refusal only leaves the resource out of the PDF."""

    def fetch(self, url, headers=None):
        pad = statisch_bestand(url)
        soort = mimetypes.guess_type(pad.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=pad.read_bytes(), headers={"Content-Type": soort})


def render_to_pdf(template_name: str, context: dict) -> tuple[str, bytes]:
    """Render `template_name` (extending pdf/base.html) to HTML and to an A4 PDF; returns both."""
    html = render_to_string(template_name, context)
    pdf = HTML(string=html, base_url=basis_url(), url_fetcher=StatischeFetcher()).write_pdf(pdf_tags=True)
    return html, pdf
