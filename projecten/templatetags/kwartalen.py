"""Quarters in templates: `{{ project.aanbesteding_kwartaal|kwartaal }}` reads "2e kwartaal 2027",
`|kwartaal_code` reads "2027-K2". An empty date reads as an empty string (use `|default:"—"`)."""

from django import template

from projecten import kwartalen

register = template.Library()


@register.filter
def kwartaal(datum) -> str:
    return kwartalen.kwartaal_label(datum) if datum else ""


@register.filter
def kwartaal_code(datum) -> str:
    return kwartalen.kwartaal_code(datum) if datum else ""
