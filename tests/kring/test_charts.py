"""Server-side SVG charts: valid XML, named and described for assistive technology, escaped, readable colours, no
styles or scripts (the CSP), and usable in a WeasyPrint PDF."""

import logging
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from weasyprint import HTML

from kring.charts import MARKERING, PALET, TEKST, Reeks, Referentielijn, euro, samenvatting, schaal, staafgrafiek

SVG = "{http://www.w3.org/2000/svg}"


def svg_element(svg: str) -> ET.Element:
    """Parse a chart as strict XML: a chart that is not well-formed fails here."""
    return ET.fromstring(svg)  # noqa: S314 (our own server-rendered markup, not untrusted input)


def grafiek(**kwargs):
    standaard = {
        "grafiek_id": "test",
        "titel": "Aanbestedingen per kwartaal",
        "omschrijving": "Aantal projecten per kwartaal; hoogste in K2 2027.",
        "labels": ["K1\n2027", "K2\n2027", "K3\n2027"],
        "reeksen": [Reeks("Riolering", [1, 3, 0]), Reeks("Wegen", [2, 0, 0])],
    }
    return staafgrafiek(**{**standaard, **kwargs})


def teksten(root) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_valid_svg_named_by_its_title_and_described():
    root = svg_element(str(grafiek()))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    titel, omschrijving = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{titel.get('id')} {omschrijving.get('id')}"
    assert titel.text == "Aanbestedingen per kwartaal"
    assert omschrijving.text.startswith("Aantal projecten per kwartaal")
    assert root.get("viewBox").startswith("0 0 ")


def test_stacked_bars_with_legend_totals_and_labels():
    root = svg_element(str(grafiek()))
    segmenten = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    # Zero values draw nothing: 1 + 3 (riolering) and 2 (wegen).
    assert sorted(rect.find(f"{SVG}title").text for rect in segmenten) == [
        "K1 2027, Riolering: 1",
        "K1 2027, Wegen: 2",
        "K2 2027, Riolering: 3",
    ]
    alle_tekst = teksten(root)
    assert {"Riolering", "Wegen"} <= set(alle_tekst)  # the legend
    assert "K12027" in alle_tekst and "K22027" in alle_tekst  # two-line labels (tspans)
    assert alle_tekst.count("3") >= 1  # the total above K2


def test_annotations_and_reference_lines():
    root = svg_element(
        str(grafiek(annotaties=["", "druk", "leeg"], referentielijnen=[Referentielijn(Decimal("1.5"), "gemiddelde")]))
    )
    alle_tekst = teksten(root)
    assert "druk" in alle_tekst and "leeg" in alle_tekst and "gemiddelde" in alle_tekst
    assert any(lijn.get("stroke-dasharray") for lijn in root.iter(f"{SVG}line"))


def test_text_is_escaped():
    svg = str(grafiek(titel="<script>alert(1)</script>", labels=["a & b", "<b>", '"c"']))
    root = svg_element(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script>"
    assert "a & b" in teksten(root)


def test_no_styles_scripts_or_external_references():
    """The CSP forbids inline styles and scripts; a PDF renderer must not fetch anything."""
    svg = str(grafiek(annotaties=["", "druk", ""], referentielijnen=[Referentielijn(2, "grens")]))
    root = svg_element(svg)
    for element in root.iter():
        assert element.tag not in {f"{SVG}script", f"{SVG}style", f"{SVG}image", f"{SVG}foreignObject"}
        assert "style" not in element.attrib
        assert not any("href" in naam for naam in element.attrib)


def test_comparable_charts_share_their_axis():
    klein = svg_element(str(grafiek(reeksen=[Reeks("A", [1, 2, 1])], schaal_minimaal=40)))
    assert "40" in teksten(klein)


def test_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError):
        grafiek(reeksen=[Reeks("A", [1, 2])])
    with pytest.raises(ValueError):
        grafiek(reeksen=[Reeks("A", [1, -2, 3])])


def test_empty_chart_still_draws():
    root = svg_element(str(grafiek(reeksen=[Reeks("A", [0, 0, 0])])))
    assert root.find(f"{SVG}title") is not None


def contrast(kleur: str, met: str = "#ffffff") -> float:
    def luminantie(hex_kleur):
        kanalen = [int(hex_kleur[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lineair = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in kanalen]
        return 0.2126 * lineair[0] + 0.7152 * lineair[1] + 0.0722 * lineair[2]

    licht, donker = sorted([luminantie(kleur), luminantie(met)], reverse=True)
    return (licht + 0.05) / (donker + 0.05)


def test_colours_meet_wcag_contrast_on_white():
    assert all(contrast(kleur) >= 3 for kleur in PALET)  # graphical objects (1.4.11)
    assert contrast(TEKST) >= 4.5 and contrast(MARKERING) >= 4.5  # text (1.4.3)


@pytest.mark.parametrize(
    ("maximum", "geheel", "verwacht"),
    [
        (0, True, (4, 1)),
        (3, True, (3, 1)),
        (7, True, (8, 2)),
        (9, True, (9, 3)),  # a step of 2,5 projects is rounded up to whole projects
        (23, True, (30, 10)),
        (2_400_000, False, (3_000_000, 1_000_000)),
        (1.6, False, (2, 0.5)),
    ],
)
def test_round_axis(maximum, geheel, verwacht):
    top, stap = schaal(maximum, gehele_getallen=geheel)
    assert top >= maximum
    assert (top, stap) == verwacht


def test_formats_and_summary():
    assert euro(Decimal("2500000.00")) == "€ 2,5 mln"
    assert euro(1_000_000) == "€ 1 mln"
    assert euro(750_000) == "€ 750.000"
    assert samenvatting(["K1\n2027", "K2\n2027"], [3, 5]) == "Hoogste: K2 2027 (5); laagste: K1 2027 (3)."


def test_renders_in_a_weasyprint_pdf(caplog):
    html = f"<html lang='nl'><body><h1>Spreiding</h1><figure>{grafiek()}</figure></body></html>"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert not [record for record in caplog.records if record.name.startswith("weasyprint")]
