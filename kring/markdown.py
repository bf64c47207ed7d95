"""Markdown written by beheerders (the agreement's text) rendered to safe HTML: Markdown first, then nh3 strips
everything that is not plain document structure (scripts, event handlers, styles, images, javascript: links)."""

from django.utils.safestring import SafeString, mark_safe

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


def render_markdown(tekst: str, *, kop_niveau: int = 2) -> SafeString:
    """Sanitised HTML of `tekst`. A `#` heading becomes <h`kop_niveau`>, so the text fits under the page's own
    headings. Links keep only http, https and mailto addresses and open with rel="noopener noreferrer"."""
    html = markdown_lib.markdown(
        tekst or "",
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"baselevel": kop_niveau}},
        output_format="html",
    )
    schoon = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        set_tag_attribute_values=VASTE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
        link_rel="noopener noreferrer",
    )
    return mark_safe(schoon)  # noqa: S308 (sanitised by nh3 just above)
