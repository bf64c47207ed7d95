"""The interest button of a project (templates/projecten/kalender/_interesse.html), on the kalender, the project's
page and the list of followed projects."""

from django import template

from projecten.permissions import mag_project_volgen, ziet_volgers
from projecten.selectors.kalender import aantal_volgers, volgt_project

register = template.Library()


@register.simple_tag(takes_context=True)
def interesse(context, project) -> dict:
    """What the button shows to the person viewing: whether they may follow, whether they do, and (for the project's
    own gemeente) how many follow it. Rows annotated by the kalender's selectors cost no query."""
    user = context["request"].user
    mag_volgen = mag_project_volgen(user)
    return {
        "mag_volgen": mag_volgen,
        "gevolgd": mag_volgen and volgt_project(user=user, project=project),
        "aantal_volgers": aantal_volgers(project=project) if ziet_volgers(user, project) else None,
    }
