from django import template

from kring.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(tekst: str, kop_niveau: int = 2):
    """`{{ tekst|markdown }}`, or `{{ tekst|markdown:3 }}` when the text sits under an <h2>."""
    return render_markdown(tekst, kop_niveau=int(kop_niveau))
