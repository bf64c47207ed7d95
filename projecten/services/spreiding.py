"""Writes of the spreiding: a contractor's werkvoorraad, and adopting a move of the spreidingsvoorstel."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log, wijzigingen
from kring.models import Organisatie, User
from projecten.kwartalen import kwartaal_code, kwartaal_label, kwartaal_plus, kwartalen_verschil
from projecten.models import Project, Werkvoorraad
from projecten.permissions import mag_project_bewerken, mag_werkvoorraad_melden
from projecten.selectors.spreiding import horizon, verschuifbaar
from projecten.services.projecten import project_update

MAXIMUM_MAANDEN = Decimal(36)
# The reason in the project's history when a gemeente adopts a move of the spreidingsvoorstel.
REDEN_SPREIDING = "spreiding"


@transaction.atomic
def werkvoorraad_set(
    *,
    organisatie: Organisatie,
    door: User,
    waarden: dict[datetime.date, Decimal | None],
    request: HttpRequest | None = None,
) -> None:
    """Store the company's werkvoorraad per quarter of the spreiding's horizon (one row per quarter, updated in place);
    an empty value withdraws that quarter's report. All or nothing, with one audit event for what changed."""
    if not mag_werkvoorraad_melden(door) or door.organisatie_id != organisatie.pk:
        raise PermissionDenied
    toegestaan = set(horizon())
    fouten = []
    for kwartaal, maanden in sorted(waarden.items()):
        if kwartaal not in toegestaan:
            fouten.append(
                _("U kunt geen werkvoorraad melden voor %(kwartaal)s.") % {"kwartaal": kwartaal_label(kwartaal)}
            )
        elif maanden is not None and not Decimal(0) <= maanden <= MAXIMUM_MAANDEN:
            fouten.append(
                _("%(kwartaal)s: vul een werkvoorraad in van 0 tot en met 36 maanden.")
                % {"kwartaal": kwartaal_label(kwartaal)}
            )
    if fouten:
        raise ValidationError(fouten)

    bestaand = {
        rij.kwartaal: rij
        for rij in Werkvoorraad.objects.select_for_update().filter(organisatie=organisatie, kwartaal__in=list(waarden))
    }
    voor = {kwartaal_code(kwartaal): str(rij.maanden) for kwartaal, rij in bestaand.items()}
    na = dict(voor)
    for kwartaal, maanden in sorted(waarden.items()):
        rij = bestaand.get(kwartaal)
        if maanden is None:
            if rij is not None:
                rij.delete()
                na.pop(kwartaal_code(kwartaal))
            continue
        if rij is not None and rij.maanden == maanden:
            continue
        rij = rij or Werkvoorraad(organisatie=organisatie, kwartaal=kwartaal)
        rij.maanden, rij.gemeld_door, rij.gemeld_op = maanden, door, timezone.now()
        rij.full_clean()
        rij.save()
        na[kwartaal_code(kwartaal)] = str(rij.maanden)
    voor, na = wijzigingen(voor, na)
    if na or voor:
        audit_log(actie="werkvoorraad.gemeld", actor=door, obj=organisatie, voor=voor, na=na, request=request)


@transaction.atomic
def spreiding_overnemen(
    *, project: Project, naar: datetime.date, door: User, request: HttpRequest | None = None
) -> Project:
    """Adopt the spreidingsvoorstel for one project: its tender quarter becomes `naar` and its start quarter (when
    known) shifts by as many quarters. The project service writes the history (reason "spreiding") and the audit
    event; this checks that the move is one the voorstel may make."""
    if not mag_project_bewerken(door, project):
        raise PermissionDenied
    if not Project.objects.filter(verschuifbaar(), pk=project.pk).exists():
        raise ValidationError(
            _(
                "Dit project kan niet verschuiven: daarvoor is een zekerheid midden of laag nodig, een venster "
                "waarbinnen het mag schuiven en een aanbesteding die nog in voorbereiding is."
            )
        )
    if naar == project.aanbesteding_kwartaal:
        raise ValidationError(_("Het project staat al in %(kwartaal)s.") % {"kwartaal": kwartaal_label(naar)})
    kwartalen = horizon()
    if naar not in kwartalen:
        raise ValidationError(
            _("%(kwartaal)s valt buiten de kwartalen van de spreiding (%(van)s tot en met %(tot)s).")
            % {
                "kwartaal": kwartaal_label(naar),
                "van": kwartaal_label(kwartalen[0]),
                "tot": kwartaal_label(kwartalen[-1]),
            }
        )
    if not project.verschuifbaar_vanaf <= naar <= project.verschuifbaar_tot:
        raise ValidationError(
            _("%(kwartaal)s ligt buiten het venster van dit project (%(van)s tot en met %(tot)s).")
            % {
                "kwartaal": kwartaal_label(naar),
                "van": kwartaal_label(project.verschuifbaar_vanaf),
                "tot": kwartaal_label(project.verschuifbaar_tot),
            }
        )
    gegevens = {"aanbesteding_kwartaal": naar}
    if project.start_kwartaal is not None:
        verschil = kwartalen_verschil(project.aanbesteding_kwartaal, naar)
        gegevens["start_kwartaal"] = kwartaal_plus(project.start_kwartaal, verschil)
    return project_update(project=project, door=door, gegevens=gegevens, reden=REDEN_SPREIDING, request=request)
