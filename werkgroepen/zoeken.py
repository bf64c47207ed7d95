"""Full-text search in the kennisbank.

On PostgreSQL: the 'dutch' text search configuration (stemming: "riolering" finds "rioleringen"), over the zoekvector
the services keep up to date (titel weight A, samenvatting and labels B, inhoud and the praktijk fields C), ranked with
ts_rank and with highlighted snippets from ts_headline. On SQLite (the embedded default) a simple fallback: every word
must occur in the title or a text field, title hits first, the snippet cut out in Python.

Snippets are safe HTML either way: the text is escaped, and only the highlight markers this module put there become
<mark> elements."""

import operator
import re
from collections.abc import Iterable, Sequence
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from werkgroepen.models import Kennisitem

CONFIG = "dutch"
PRAKTIJK_VELDEN = ("uitdaging", "aanpak", "bijzonder", "voordelen", "nadelen", "lessen")
TEKST_VELDEN = ("samenvatting", "inhoud", *PRAKTIJK_VELDEN)
# Highlight markers from Unicode's private use area: members do not type them, and only they become <mark>.
BEGIN, EINDE = "\ue000", "\ue001"
GEMARKEERD = re.compile(f"{BEGIN}([^{BEGIN}{EINDE}]*){EINDE}")
FRAGMENT_LENGTE = 240  # characters of the SQLite snippet
MAX_WOORDEN = 10  # of the SQLite fallback: each word is one more condition on every text field


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def zoekvector_bijwerken(kennisitem: Kennisitem, *, labels: Iterable[str]) -> None:
    """Recompute the item's zoekvector from its saved fields; `labels` are its tag and theme names (weight B)."""
    if not is_postgres():
        return
    vector = (
        SearchVector("titel", weight="A", config=CONFIG)
        + SearchVector("samenvatting", Value(" ".join(labels), output_field=TextField()), weight="B", config=CONFIG)
        + SearchVector("inhoud", *PRAKTIJK_VELDEN, weight="C", config=CONFIG)
    )
    Kennisitem.objects.filter(pk=kennisitem.pk).update(zoekvector=vector)


def woorden(tekst: str) -> list[str]:
    return re.findall(r"\w+", tekst)[:MAX_WOORDEN]


def zoek(kennisitems: QuerySet[Kennisitem], tekst: str) -> QuerySet[Kennisitem]:
    """`kennisitems` narrowed to those matching `tekst`, best first. On PostgreSQL each item carries `rang` and the raw
    headline `fragment_ruw` (turn it into HTML with `fragment`)."""
    tekst = tekst.strip()
    if not tekst:
        return kennisitems
    if is_postgres():
        query = SearchQuery(tekst, config=CONFIG, search_type="websearch")
        scheiding = Value(" \n ")
        bron = Concat(*(part for veld in TEKST_VELDEN for part in (F(veld), scheiding)), output_field=TextField())
        return (
            kennisitems.filter(zoekvector=query)
            .annotate(
                rang=SearchRank(F("zoekvector"), query),
                fragment_ruw=SearchHeadline(
                    bron,
                    query,
                    config=CONFIG,
                    start_sel=BEGIN,
                    stop_sel=EINDE,
                    max_fragments=2,
                    max_words=30,
                    min_words=12,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rang", "-gepubliceerd_op", "-pk")
        )
    termen = woorden(tekst)
    if not termen:
        return kennisitems
    in_veld = [
        reduce(operator.or_, (Q(**{f"{veld}__icontains": term}) for veld in ("titel", *TEKST_VELDEN)))
        for term in termen
    ]
    in_titel = reduce(operator.or_, (Q(titel__icontains=term) for term in termen))
    return (
        kennisitems.filter(reduce(operator.and_, in_veld))
        .annotate(in_titel=Case(When(in_titel, then=1), default=0, output_field=IntegerField()))
        .order_by("-in_titel", "-gepubliceerd_op", "-pk")
    )


def _als_html(gemarkeerd: str) -> SafeString:
    """Escape everything, then turn only complete marker pairs into <mark>; stray markers disappear."""
    delen = []
    positie = 0
    for treffer in GEMARKEERD.finditer(gemarkeerd):
        delen.append(escape(gemarkeerd[positie : treffer.start()].replace(BEGIN, "").replace(EINDE, "")))
        delen.append(f"<mark>{escape(treffer.group(1))}</mark>")
        positie = treffer.end()
    delen.append(escape(gemarkeerd[positie:].replace(BEGIN, "").replace(EINDE, "")))
    html = "".join(delen)
    return mark_safe(html)  # noqa: S308 (every part escaped just above)  # nosec B308 B703


def _fragment_python(kennisitem: Kennisitem, termen: Sequence[str]) -> str:
    """A window of the item's text around the first hit, with the hits between markers."""
    tekst = re.sub(r"\s+", " ", " ".join(getattr(kennisitem, veld) for veld in TEKST_VELDEN)).strip()
    tekst = tekst.replace(BEGIN, "").replace(EINDE, "")
    patroon = re.compile("|".join(re.escape(term) for term in termen), re.IGNORECASE)
    treffer = patroon.search(tekst)
    begin = max(0, treffer.start() - FRAGMENT_LENGTE // 3) if treffer else 0
    stuk = tekst[begin : begin + FRAGMENT_LENGTE]
    stuk = patroon.sub(lambda gevonden: f"{BEGIN}{gevonden.group(0)}{EINDE}", stuk)
    return ("… " if begin else "") + stuk + (" …" if begin + FRAGMENT_LENGTE < len(tekst) else "")


def fragment(kennisitem: Kennisitem, tekst: str) -> SafeString:
    """The snippet of a search result as safe HTML with the matched words in <mark>."""
    ruw = getattr(kennisitem, "fragment_ruw", None)
    if ruw is None:
        ruw = _fragment_python(kennisitem, woorden(tekst))
    return _als_html(ruw)
