"""Markdown of the agreement's text: document structure stays, everything that could run or track is stripped."""

from django.template import Context, Template
from django.utils.safestring import SafeString

import pytest

from kring.markdown import render_markdown


def test_structure_is_kept():
    html = render_markdown(
        "# Partijen\n\nDe *gemeente* en de **bedrijven**.\n\n- een\n- twee\n\n1. eerst\n2. dan\n\n> citaat\n\n"
        "| Thema | Werkgroep |\n|---|---|\n| SROI | SROI |\n"
    )
    assert isinstance(html, SafeString)
    for stuk in [
        "<h2>Partijen</h2>",
        "<em>gemeente</em>",
        "<strong>bedrijven</strong>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        '<table class="table">',
        '<th scope="col">Thema</th>',
        "<td>SROI</td>",
    ]:
        assert stuk in html, stuk


def test_headings_start_at_the_requested_level():
    assert "<h3>Duur</h3>" in render_markdown("# Duur", kop_niveau=3)
    assert "<h4>Sub</h4>" in render_markdown("## Sub", kop_niveau=3)
    assert 'id="' not in render_markdown("# Duur")  # the toc extension's anchors are dropped


def test_safe_links_get_rel_and_unsafe_links_lose_their_address():
    html = render_markdown(
        "[site](https://kring.example/) [mail](mailto:info@kring.example) [js](javascript:alert(1)) "
        "[data](data:text/html,<script>alert(1)</script>) [rel](/admin/) [vb](vbscript:msgbox)"
    )
    assert '<a href="https://kring.example/" rel="noopener noreferrer">site</a>' in html
    assert 'href="mailto:info@kring.example"' in html
    for fout in ["javascript:", "data:", "/admin/", "vbscript:"]:
        assert fout not in html, fout


@pytest.mark.parametrize(
    "aanval",
    [
        "<script>alert('xss')</script>",
        '<img src="x" onerror="alert(1)">',
        "![plaatje](https://tracker.example/pixel.png)",
        '<a href="https://kring.example" onclick="alert(1)" style="color:red">klik</a>',
        '<p style="background:url(javascript:alert(1))">tekst</p>',
        '<svg onload="alert(1)"><circle /></svg>',
        '<iframe src="https://kwaad.example"></iframe>',
        "<style>body { display: none }</style>",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        "<form action='https://kwaad.example'><input name='x'></form>",
        "<object data='x'></object><embed src='x'>",
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        "<!-- <script>alert(1)</script> -->",
    ],
)
def test_xss_attempts_are_neutralised(aanval):
    html = render_markdown(f"Tekst ervoor.\n\n{aanval}\n\nTekst erna.").lower()
    for verboden in [
        "<script",
        "onerror",
        "onclick",
        "onload",
        "style",
        "javascript:",
        "<img",
        "<svg",
        "<iframe",
        "<form",
        "<input",
        "<object",
        "<embed",
        "<math",
        "<!--",
    ]:
        assert verboden not in html, f"{verboden} in {html}"
    assert "tekst ervoor." in html and "tekst erna." in html


def test_empty_text():
    assert render_markdown("") == ""


def test_template_filter():
    html = Template("{% load kring_markdown %}{{ tekst|markdown:3 }}").render(
        Context({"tekst": "# Kop\n\n<script>x</script>"})
    )
    assert "<h3>Kop</h3>" in html and "<script" not in html
