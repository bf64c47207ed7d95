"""Writes of the aanbestedingskalender: a contractor's person follows a project, or stops following it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.audit import audit_log
from kring.models import User
from projecten.models import Interesse, Project
from projecten.permissions import mag_project_volgen
from projecten.selectors.kalender import NIET_MEER_TE_VOLGEN


@transaction.atomic
def interesse_toggle(*, project: Project, gebruiker: User, request: HttpRequest | None = None) -> bool:
    """Follow `project`, or stop following it. Returns whether `gebruiker` follows it now. A finished project can
    only be unfollowed."""
    if not mag_project_volgen(gebruiker):
        raise PermissionDenied
    # The project's row lock puts two clicks of the same person (two tabs) one after the other.
    project = Project.objects.select_for_update().get(pk=project.pk)
    verwijderd, _soorten = Interesse.objects.filter(project=project, gebruiker=gebruiker).delete()
    if not verwijderd:
        if project.fase in NIET_MEER_TE_VOLGEN:
            raise ValidationError(
                _("Project %(project)s is %(fase)s; volgen heeft geen zin meer.")
                % {"project": project, "fase": project.get_fase_display().lower()}
            )
        interesse = Interesse(project=project, gebruiker=gebruiker)
        interesse.full_clean()
        interesse.save()
    audit_log(
        actie="project.interesse_ingetrokken" if verwijderd else "project.interesse_getoond",
        actor=gebruiker,
        obj=project,
        request=request,
    )
    return not verwijderd
