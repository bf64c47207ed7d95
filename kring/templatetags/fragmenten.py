"""`{% fragment f %}…{% endfragment %}`: the body of every page (base.html), cached as kring.fragmenten.Fragment `f`
says when the view made one with kring.fragmenten.fragment, else rendered as usual. The views hand lazy values to the
page, so a hit costs no query.

What belongs to the viewer alone is filled in each time the body is served, cached or not, so a cached body never
shows one person what was built for another:
- the CSRF token of every form (a cached form was rendered with the token of whoever built it);
- `<!--kring:naam-->`: the viewer's name (in the header);
- `<!--kring:meldingen-->`: the viewer's flash messages ("Uw gegevens zijn opgeslagen")."""

import re

from django import template
from django.middleware.csrf import get_token
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

MELDINGEN = "components/messages.html"
NAAM = "<!--kring:naam-->"
MELDINGEN_PLEK = "<!--kring:meldingen-->"
# One pattern per kind with a literal start, which the regex engine scans for quickly (an alternation of the three
# was ten times slower on a 150 kB page).
CSRF_VELD = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*"')


def persoonlijk(inhoud: str, context) -> str:
    """`inhoud` with the viewer's own CSRF token, name and messages in their places."""
    request = context.get("request")
    if request is not None and "csrfmiddlewaretoken" in inhoud:
        token = get_token(request)
        inhoud = CSRF_VELD.sub(lambda gevonden: f'{gevonden[1]}{token}"', inhoud)
    if NAAM in inhoud:
        inhoud = inhoud.replace(NAAM, conditional_escape(getattr(context.get("user"), "naam", "")))
    if MELDINGEN_PLEK in inhoud:
        meldingen = context.template.engine.get_template(MELDINGEN).render(context)
        inhoud = inhoud.replace(MELDINGEN_PLEK, meldingen, 1)
    return inhoud


class FragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment

    def render(self, context):
        fragment = self.fragment.resolve(context)  # "" on a page whose view made none
        if not fragment:
            inhoud = self.nodelist.render(context)
        else:
            inhoud, generaties = fragment.ophalen()
            if inhoud is None:
                inhoud = self.nodelist.render(context)
                fragment.bewaren(inhoud, generaties)
        # Rendered by our own templates with autoescaping; only the escaped name, the messages' own autoescaped
        # template and the CSRF token are filled in.
        return mark_safe(persoonlijk(inhoud, context))  # noqa: S308  # nosec B308 B703


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment f %} vraagt één argument: het fragment uit de view.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
