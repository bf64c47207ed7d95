import re

from django import template
from django.template.defaultfilters import stringfilter

from kring.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(tekst: str, kop_niveau: int = 2):
    """`{{ tekst|markdown }}`, or `{{ tekst|markdown:3 }}` when the text sits under an <h2>."""
    return render_markdown(tekst, kop_niveau=int(kop_niveau))


# What a browser may follow from an address a member typed; javascript:, data: and the like are never a link.
VEILIG_ADRES = re.compile(r"https?://[^\s]", re.IGNORECASE)


@register.filter
@stringfilter
def veilig_adres(adres: str) -> str:
    """`adres` when it is an http(s) address a link may point to, else "": `{% with link=x|veilig_adres %}`. Forms
    validate such fields already; this guards what reached the database another way (an import, an old row)."""
    adres = adres.strip()
    return adres if VEILIG_ADRES.match(adres) else ""
