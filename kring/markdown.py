"""Markdown written by members (the agreement's text, minutes, notes, kennisitems) rendered to safe HTML: Markdown
first, then nh3 strips everything that is not plain document structure (scripts, event handlers, styles, images,
javascript: links). On input, `weiger_actieve_html` refuses text that tries such things, so nobody stores it
believing it works."""

import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

import markdown as markdown_lib
import nh3

TAGS = {
    *(f"h{niveau}" for niveau in range(1, 7)),
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "a",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# Markdown tables have header cells in one row only; scope and Bootstrap's class make them accessible and styled.
VASTE_ATTRIBUTES = {"th": {"scope": "col"}, "table": {"class": "table"}}


ACTIEVE_HTML_GEWEIGERD = _(
    "Deze tekst bevat HTML die een script kan uitvoeren (zoals <script>, onclick= of een javascript:-link). Schrijf "
    "gewone tekst of Markdown: kopjes, lijsten, nadruk en links werken wel."
)
ACTIEVE_ELEMENTEN = ("script", "style", "iframe", "object", "embed")
ACTIEVE_ADRESSEN = ("javascript:", "vbscript:", "data:text/html")
# Read in the raw text as well: Python's parser takes some constructs for a comment where a browser sees a tag. One
# tag's attributes at most ([^<>]), so a long text without ">" is read once, not once per "<".
ACTIEVE_TAG = re.compile(rf"</?({'|'.join(ACTIEVE_ELEMENTEN)})\b|<[a-z][^<>]*[\s/\"']on[a-z]+\s*=", re.IGNORECASE)
# Browsers ignore spaces and control characters in a URL's scheme ("java\tscript:" runs).
ONZICHTBAAR = re.compile(r"[\x00-\x20]")


# Guards against crafted text: the Markdown parser slows down quadratically with many "[" (links, images) and
# recurses once per level of nested list markers ("- - - - ..."), so a member could stall or break every page that
# shows the text. Longer texts are refused on input; what is stored anyway is shown as plain text.
MAX_TEKENS = 20_000
MAX_HAKEN = 200

TE_LANG = _("Deze tekst is te lang: ten hoogste %(max)s tekens.")


def _platte_html(tekst: str) -> str:
    return "".join(f"<p>{escape(alinea)}</p>" for alinea in tekst.split("\n\n") if alinea.strip())


def _html(tekst: str, kop_niveau: int = 2) -> str:
    """Markdown to HTML, not yet sanitised."""
    tekst = tekst or ""
    if len(tekst) > MAX_TEKENS:
        return _platte_html(tekst)
    if tekst.count("[") > MAX_HAKEN:
        tekst = tekst.replace("[", "\\[")  # shown as written, not as links
    try:
        return markdown_lib.markdown(
            tekst,
            extensions=["tables", "sane_lists", "toc"],
            extension_configs={"toc": {"baselevel": kop_niveau}},
            output_format="html",
        )
    except RecursionError:
        return _platte_html(tekst)


class _ActieveHtmlZoeker(HTMLParser):
    """Finds what nh3 would have to strip because it runs: those elements, event handlers, script addresses in any
    attribute. Attribute values arrive with their entities decoded, so "&#106;avascript:" is found too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.gevonden = False

    def handle_starttag(self, tag, attrs):
        self.gevonden |= tag in ACTIEVE_ELEMENTEN or any(
            naam.startswith("on") or ONZICHTBAAR.sub("", waarde or "").lower().startswith(ACTIEVE_ADRESSEN)
            for naam, waarde in attrs
        )

    handle_startendtag = handle_starttag


def weiger_actieve_html(tekst: str, veld: str | None = None) -> None:
    """Refuse (ValidationError, in Dutch; under `veld` when given) text longer than MAX_TEKENS, and text with script, style, iframe, object or embed
    tags, on...= event handlers, or javascript:, vbscript: or data:text/html addresses in links or attributes. The
    word "javascript" in a sentence and plain Markdown pass. Also a form field validator."""
    if not tekst:
        return
    if len(tekst) > MAX_TEKENS:
        fout = ValidationError(TE_LANG, code="te_lang", params={"max": f"{MAX_TEKENS:_}".replace("_", ".")})
        raise ValidationError({veld: fout}) if veld else fout
    zoeker = _ActieveHtmlZoeker()
    zoeker.feed(_html(tekst))
    zoeker.close()
    if zoeker.gevonden or ACTIEVE_TAG.search(tekst):
        fout = ValidationError(ACTIEVE_HTML_GEWEIGERD, code="actieve_html")
        raise ValidationError({veld: fout}) if veld else fout


def render_markdown(tekst: str, *, kop_niveau: int = 2) -> SafeString:
    """Sanitised HTML of `tekst`. A `#` heading becomes <h`kop_niveau`>, so the text fits under the page's own
    headings. Links keep only http, https and mailto addresses and open with rel="noopener noreferrer"."""
    schoon = nh3.clean(
        _html(tekst, kop_niveau),
        tags=TAGS,
        attributes=ATTRIBUTES,
        set_tag_attribute_values=VASTE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
        link_rel="noopener noreferrer",
    )
    return mark_safe(schoon)  # noqa: S308 (sanitised by nh3 just above)  # nosec B308 B703
