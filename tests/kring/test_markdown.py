"""Markdown written by members: document structure stays, everything that could run or track is stripped on output,
and text that tries to run script is refused on input."""

from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils.safestring import SafeString

import pytest

from kring.markdown import ACTIEVE_HTML_GEWEIGERD, MAX_HAKEN, MAX_TEKENS, render_markdown, weiger_actieve_html


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


# --- Refusing active HTML on input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "Goed overleg.<script>alert('x')</script>",
        "<SCRIPT SRC=//voorbeeld.test/x.js></SCRIPT>",
        "<style>main { display: none }</style>",
        '<iframe src="https://kwaad.example"></iframe>',
        "<object data='x'></object>",
        "<embed src='x'>",
        '<img src=x onerror="alert(1)">',
        '<a href="#" onclick = "steel()">hier</a>',
        "<svg/onload=alert(1)>",
        '<img title=">" onerror=alert(1)>',
        "[klik](javascript:alert(1))",
        "[klik]( JavaScript:alert(1))",
        "[klik][1]\n\n[1]: javascript:alert(1)",
        '<a href="&#106;ava&#x09;script:alert(1)">x</a>',
        "[klik](vbscript:msgbox(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<!--><script>alert(1)</script>-->",
    ],
)
def test_active_html_is_refused_in_dutch(tekst):
    with pytest.raises(ValidationError) as fout:
        weiger_actieve_html(tekst)
    assert fout.value.messages == [str(ACTIEVE_HTML_GEWEIGERD)]
    assert "HTML die een script kan uitvoeren" in fout.value.messages[0]


@pytest.mark.parametrize(
    "tekst",
    [
        "",
        "# Verslag\n\nDe *gemeente* en de **bedrijven**.\n\n- een\n- twee\n\n> citaat\n\n| A | B |\n|---|---|\n| 1 | 2 |",
        "[de kring](https://kring.example/) en [mail](mailto:info@kring.example)",
        "Het portaal werkt ook zonder JavaScript; javascript: is hier gewoon een woord.",
        "Een [link over javascript:](https://kring.example/javascript-uitleg)",
        "De aanbesteding < 50.000 euro en ondergrens = 5, <br> onderaannemers = 3",
        "Opmaak met <b>vet</b> en <em>nadruk</em> mag (de pagina laat het weg of toont het veilig).",
    ],
)
def test_plain_text_and_markdown_pass(tekst):
    weiger_actieve_html(tekst)


def test_refusal_names_the_field_when_asked():
    with pytest.raises(ValidationError) as fout:
        weiger_actieve_html("<script>x()</script>", veld="verslag")
    assert fout.value.message_dict == {"verslag": [str(ACTIEVE_HTML_GEWEIGERD)]}


def test_is_a_form_field_validator():
    veld = forms.CharField(validators=[weiger_actieve_html])
    assert veld.clean("Gewoon **Markdown**.") == "Gewoon **Markdown**."
    with pytest.raises(ValidationError, match="HTML die een script kan uitvoeren"):
        veld.clean('<p onmouseover="x()">tekst</p>')


def test_many_brackets_are_shown_as_written_instead_of_parsed():
    """The parser is quadratic in "[": past MAX_HAKEN they are escaped, so no links, and the text stays."""
    tekst = "[" * (MAX_HAKEN + 1) + " [link](https://example.org)"
    html = render_markdown(tekst)
    assert "<a " not in html and "[link](https://example.org)" in html


def test_deeply_nested_lists_fall_back_to_plain_text_instead_of_failing():
    html = render_markdown("1. " * 5000 + "<b>vet</b>")
    assert html.startswith("<p>1. 1. ") and "&lt;b&gt;vet&lt;/b&gt;" in html


def test_too_long_text_is_refused_on_input_and_shown_as_plain_text():
    with pytest.raises(ValidationError) as fout:
        weiger_actieve_html("a" * (MAX_TEKENS + 1), veld="verslag")
    assert fout.value.message_dict == {"verslag": ["Deze tekst is te lang: ten hoogste 20.000 tekens."]}
    weiger_actieve_html("a" * MAX_TEKENS)  # the limit itself is allowed
    assert render_markdown("# *kop*\n\n" + "a" * MAX_TEKENS).startswith("<p># *kop*</p>")
