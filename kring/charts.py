"""Charts as SVG drawn on the server: the same markup shows inline on a page and in a WeasyPrint PDF.

Accessible by construction (DESIGN §7): `role="img"` named by its <title> and described by its <desc> (the text
alternative), presentation attributes instead of styles (the CSP forbids inline styles), colours with at least 3:1
contrast against white and text with at least 4.5:1, no scripts and no external fonts. Every chart also needs its data
as a table beside it; that is the page's job, from the same figures.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Getal = int | float | Decimal

# Series colours: each has at least 3:1 contrast against white (WCAG 1.4.11); neighbouring segments are also split by
# a white line, so the legend order and the table, not colour alone, tell them apart.
PALET = (
    "#0b4f5c",  # the portal's dark teal
    "#c25400",  # orange
    "#5b3f8c",  # purple
    "#2f7d32",  # green
    "#1f5fa8",  # blue
    "#a3195b",  # magenta
    "#7a5c00",  # ochre
    "#5c5c5c",  # grey
)
TEKST = "#1d2b2e"  # body text colour of the portal, 14:1 on white
MARKERING = "#9c3d00"  # annotations under a bar, 5.9:1 on white
RASTER = "#d5dee0"
LETTERTYPE = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"

BREEDTE = 760
PLOT_HOOGTE = 260
MARGE_LINKS = 72
MARGE_RECHTS = 16
MARGE_BOVEN = 24
LABEL_REGEL = 14  # height of one line of text under the bars
LETTER = 12
LETTER_KLEIN = 11


@dataclass(frozen=True)
class Reeks:
    """One series: a name for the legend and one value per category (per bar)."""

    naam: str
    waarden: Sequence[Getal]


@dataclass(frozen=True)
class Referentielijn:
    """A dashed horizontal line across the plot, e.g. the mean or a limit, labelled at its right end."""

    waarde: Getal
    label: str


def tekstbreedte(tekst: str, grootte: int = LETTER) -> float:
    """A generous estimate of the width of `tekst` in a sans-serif font: enough to lay out labels without measuring."""
    return len(tekst) * grootte * 0.6


def schaal(maximum: float, *, gehele_getallen: bool) -> tuple[float, float]:
    """A round top of the axis and its step (1, 2, 2,5 or 5 times a power of ten) for about four gridlines."""
    if maximum <= 0:
        return (4.0, 1.0) if gehele_getallen else (1.0, 0.25)
    ruw = maximum / 4
    macht = 10 ** math.floor(math.log10(ruw))
    stap = next(factor * macht for factor in (1, 2, 2.5, 5, 10) if factor * macht >= ruw)
    if gehele_getallen:
        stap = max(1.0, float(math.ceil(stap)))
    return math.ceil(maximum / stap - 1e-9) * stap, stap


def _getal(tekst: str, x: float, y: float, **attributen) -> str:
    extra = "".join(f' {naam.replace("_", "-")}="{escape(waarde)}"' for naam, waarde in attributen.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(tekst)}</text>'


def _regels(regels: Sequence[str], x: float, y: float, **attributen) -> str:
    """Text of several lines centred on `x`, the first baseline at `y`."""
    extra = "".join(f' {naam.replace("_", "-")}="{escape(waarde)}"' for naam, waarde in attributen.items())
    delen = "".join(
        f'<tspan x="{x:.1f}" y="{y + i * LABEL_REGEL:.1f}">{escape(regel)}</tspan>' for i, regel in enumerate(regels)
    )
    return f'<text text-anchor="middle"{extra}>{delen}</text>'


def _legenda(reeksen: Sequence[Reeks], kleuren: Sequence[str], y: float, rechts: float) -> tuple[list[str], float]:
    """Swatches with names, wrapped over as many rows as needed; returns the parts and the height used."""
    delen, x, rij = [], MARGE_LINKS, 0
    for index, reeks in enumerate(reeksen):
        breedte = 14 + 6 + tekstbreedte(reeks.naam) + 18
        if x + breedte > rechts and x > MARGE_LINKS:
            x, rij = MARGE_LINKS, rij + 1
        boven = y + rij * 20
        delen.append(
            f'<rect x="{x:.1f}" y="{boven:.1f}" width="14" height="14" fill="{kleuren[index % len(kleuren)]}"/>'
            + _getal(reeks.naam, x + 20, boven + 11.5, font_size=LETTER, fill=TEKST)
        )
        x += breedte
    return delen, (rij + 1) * 20 if reeksen else 0


def staafgrafiek(
    *,
    grafiek_id: str,
    titel: str,
    omschrijving: str,
    labels: Sequence[str],
    reeksen: Sequence[Reeks],
    opmaak: Callable[[Getal], str] = str,
    annotaties: Sequence[str] | None = None,
    referentielijnen: Sequence[Referentielijn] = (),
    kleuren: Sequence[str] = PALET,
    schaal_minimaal: Getal = 0,
    breedte: int = BREEDTE,
    totalen_tonen: bool = True,
) -> SafeString:
    """A bar chart with one bar per label; with more than one series the bars are stacked, with a legend.

    `grafiek_id` must be unique on the page (it names the <title> and <desc>). `omschrijving` is the text alternative:
    say what the chart shows and what stands out. A label may hold a line break ("K3\\n2027"). `opmaak` writes a
    value for the axis and the totals above the bars; `annotaties` puts a short mark under a bar (e.g. "leeg").
    Charts meant to be compared side by side share their axis by passing the same `schaal_minimaal` (the axis then
    reaches at least that value). A chart for half a page gets a smaller `breedte` (its text then scales up) and
    usually no totals above the bars (`totalen_tonen=False`), which would not fit."""
    if any(len(reeks.waarden) != len(labels) for reeks in reeksen):
        raise ValueError("Elke reeks heeft één waarde per label nodig.")
    if any(waarde < 0 for reeks in reeksen for waarde in reeks.waarden):
        raise ValueError("Een staafgrafiek toont geen negatieve waarden.")
    annotaties = list(annotaties or [""] * len(labels))
    totalen = [sum((reeks.waarden[i] for reeks in reeksen), 0) for i in range(len(labels))]
    gehele_getallen = all(isinstance(waarde, int) for reeks in reeksen for waarde in reeks.waarden)
    hoogste = max(
        [float(t) for t in totalen] + [float(lijn.waarde) for lijn in referentielijnen] + [float(schaal_minimaal)]
    )
    top, stap = schaal(hoogste, gehele_getallen=gehele_getallen)

    label_regels = max([len(label.split("\n")) for label in labels] + [1]) + (1 if any(annotaties) else 0)
    plot_links, plot_rechts = MARGE_LINKS, breedte - MARGE_RECHTS
    plot_onder = MARGE_BOVEN + PLOT_HOOGTE
    band = (plot_rechts - plot_links) / max(len(labels), 1)
    staaf = band * 0.7

    def y_van(waarde: Getal) -> float:
        return plot_onder - float(waarde) / top * PLOT_HOOGTE

    delen = [f'<title id="{escape(grafiek_id)}-titel">{escape(titel)}</title>']
    delen.append(f'<desc id="{escape(grafiek_id)}-omschrijving">{escape(omschrijving)}</desc>')

    # Gridlines and the value axis.
    for i in range(round(top / stap) + 1):
        waarde = i * stap
        y = y_van(waarde)
        kleur = TEKST if i == 0 else RASTER
        delen.append(f'<line x1="{plot_links}" y1="{y:.1f}" x2="{plot_rechts}" y2="{y:.1f}" stroke="{kleur}"/>')
        as_waarde = int(waarde) if gehele_getallen or float(waarde).is_integer() else waarde
        delen.append(
            _getal(opmaak(as_waarde), plot_links - 8, y + 4, text_anchor="end", font_size=LETTER_KLEIN, fill=TEKST)
        )

    # The bars, stacked bottom-up in series order, each segment with its own tooltip.
    for index, label in enumerate(labels):
        x = plot_links + index * band + (band - staaf) / 2
        basis = 0
        label_tekst = label.replace("\n", " ")
        for reeks_index, reeks in enumerate(reeksen):
            waarde = reeks.waarden[index]
            if waarde <= 0:
                continue
            boven, onder = y_van(basis + waarde), y_van(basis)
            tip = (
                f"{label_tekst}, {reeks.naam}: {opmaak(waarde)}"
                if len(reeksen) > 1
                else f"{label_tekst}: {opmaak(waarde)}"
            )
            delen.append(
                f'<rect x="{x:.1f}" y="{boven:.1f}" width="{staaf:.1f}" height="{onder - boven:.1f}" '
                f'fill="{kleuren[reeks_index % len(kleuren)]}" stroke="#ffffff" stroke-width="1">'
                f"<title>{escape(tip)}</title></rect>"
            )
            basis += waarde
        midden = plot_links + index * band + band / 2
        if totalen_tonen and totalen[index] > 0:
            delen.append(
                _getal(
                    opmaak(totalen[index]),
                    midden,
                    y_van(totalen[index]) - 5,
                    text_anchor="middle",
                    font_size=LETTER_KLEIN,
                    fill=TEKST,
                )
            )
        delen.append(_regels(label.split("\n"), midden, plot_onder + 16, font_size=LETTER, fill=TEKST))
        if annotaties[index]:
            delen.append(
                _getal(
                    annotaties[index],
                    midden,
                    plot_onder + 16 + (label_regels - 1) * LABEL_REGEL,
                    text_anchor="middle",
                    font_size=LETTER_KLEIN,
                    font_weight="bold",
                    fill=MARKERING,
                )
            )

    # Reference lines on top of the bars, so they stay visible where a bar crosses them. A label that would overlap
    # the one above it goes under its line.
    vorige_label = None
    for lijn in sorted(referentielijnen, key=lambda lijn: -lijn.waarde):
        y = y_van(lijn.waarde)
        label_y = y - 4 if vorige_label is None or y - 4 - vorige_label >= LETTER else y + LETTER_KLEIN + 2
        vorige_label = label_y
        delen.append(
            f'<line x1="{plot_links}" y1="{y:.1f}" x2="{plot_rechts}" y2="{y:.1f}" stroke="{TEKST}" '
            'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        # A white backing keeps the label readable over a bar (a text halo with paint-order is lost in WeasyPrint).
        label_breedte = tekstbreedte(lijn.label, LETTER_KLEIN) + 4
        delen.append(
            f'<rect x="{plot_rechts - label_breedte:.1f}" y="{label_y - LETTER_KLEIN:.1f}" '
            f'width="{label_breedte:.1f}" height="{LETTER_KLEIN + 3}" fill="#ffffff"/>'
        )
        delen.append(
            _getal(lijn.label, plot_rechts - 2, label_y, text_anchor="end", font_size=LETTER_KLEIN, fill=TEKST)
        )

    hoogte = plot_onder + 16 + label_regels * LABEL_REGEL
    if len(reeksen) > 1:
        legenda, legenda_hoogte = _legenda(reeksen, kleuren, hoogte, plot_rechts)
        delen.extend(legenda)
        hoogte += legenda_hoogte
    hoogte += 8
    return mark_safe(  # noqa: S308 (every text above went through escape)  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte:.0f}" width="100%" '
        f'role="img" aria-labelledby="{escape(grafiek_id)}-titel {escape(grafiek_id)}-omschrijving" '
        f'class="kring-grafiek" font-family="{LETTERTYPE}">' + "".join(delen) + "</svg>"
    )


def samenvatting(labels: Sequence[str], totalen: Sequence[Getal], opmaak: Callable[[Getal], str] = str) -> str:
    """A sentence for the text alternative: where the bars are highest and lowest."""
    if not labels:
        return "Er zijn geen gegevens."
    hoogste = max(range(len(totalen)), key=lambda i: (totalen[i], -i))
    laagste = min(range(len(totalen)), key=lambda i: (totalen[i], i))
    return (
        f"Hoogste: {labels[hoogste].replace(chr(10), ' ')} ({opmaak(totalen[hoogste])}); "
        f"laagste: {labels[laagste].replace(chr(10), ' ')} ({opmaak(totalen[laagste])})."
    )


def euro(waarde: Getal) -> str:
    """A short amount for axes and bar labels: € 750.000, € 2,5 mln."""
    if abs(waarde) >= 1_000_000:
        return f"€ {number_format(Decimal(waarde) / 1_000_000, decimal_pos=1, use_l10n=True)} mln".replace(",0 ", " ")
    return f"€ {number_format(round(waarde), decimal_pos=0, use_l10n=True, force_grouping=True)}"
