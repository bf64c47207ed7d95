"""`{% fragment f %}…{% endfragment %}`: the enclosed part of a page, cached as kring.fragmenten.Fragment `f` says
(made in the view by kring.fragmenten.fragment); the views hand lazy values to the part, so a hit costs no query.

A form inside a fragment was rendered with the CSRF token of whoever built it; the token is swapped for the viewer's
own when the fragment is served, so a cached form always posts with the viewer's token and never reveals another's."""

import re

from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

register = template.Library()

CSRF_VELD = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')


class FragmentNode(template.Node):
    def __init__(self, nodelist, fragment):
        self.nodelist = nodelist
        self.fragment = fragment

    def render(self, context):
        fragment = self.fragment.resolve(context)
        inhoud, generaties = fragment.ophalen()
        if inhoud is None:
            inhoud = self.nodelist.render(context)
            fragment.bewaren(inhoud, generaties)
        request = context.get("request")
        if request is not None and "csrfmiddlewaretoken" in inhoud:
            token = get_token(request)
            inhoud = CSRF_VELD.sub(lambda m: f"{m[1]}{token}{m[2]}", inhoud)
        # Rendered by our own templates with autoescaping; only the CSRF token value was swapped in.
        return mark_safe(inhoud)  # noqa: S308  # nosec B308 B703


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment f %} vraagt één argument: het fragment uit de view.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
