"""Writes of the uitvoeringsagenda: activities, their status flow (a transition table) and dated progress notes.

Every change of status or deadline and every note sets `gewijzigd_op`: a meeting lists the activities changed since
the previous one from it."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, momentopname, wijzigingen
from kring.markdown import weiger_actieve_html
from kring.models import Themadoel, User
from kring.selectors.overeenkomst import overeenkomst_huidig
from werkgroepen.models import Activiteit, Voortgangsnotitie, Werkgroep
from werkgroepen.permissions import mag_activiteit_aanmaken, mag_activiteit_bewerken

Status = Activiteit.Status

DEADLINE_VOOR_START = gettext_lazy("De deadline ligt vóór de startdatum. Kies een deadline op of na de startdatum.")

# Allowed status changes: (from, to) -> the button that makes it. Nothing else changes a status.
OVERGANGEN = {
    (Status.GEPLAND, Status.LOPEND): gettext_lazy("Starten"),
    (Status.GEPLAND, Status.VERVALLEN): gettext_lazy("Laten vervallen"),
    (Status.LOPEND, Status.AFGEROND): gettext_lazy("Afronden"),
    (Status.LOPEND, Status.VERVALLEN): gettext_lazy("Laten vervallen"),
    (Status.AFGEROND, Status.LOPEND): gettext_lazy("Heropenen"),
    (Status.VERVALLEN, Status.GEPLAND): gettext_lazy("Opnieuw plannen"),
}


def overgangen_vanuit(activiteit: Activiteit) -> dict[str, str]:
    """The status changes possible from the activity's current status: target status -> button label."""
    return {naar: knop for (van, naar), knop in OVERGANGEN.items() if van == activiteit.status}


@dataclass(frozen=True)
class ActiviteitGegevens:
    """An activity as a member writes it; the status is never part of it (only the transitions change it)."""

    titel: str
    werkgroep: Werkgroep
    deadline: datetime.date
    omschrijving: str = ""
    themadoel: Themadoel | None = None
    initiatiefnemer: User | None = None
    team: Sequence[User] = ()
    startdatum: datetime.date | None = None
    budget: Decimal | None = None


def _stand(activiteit: Activiteit) -> dict:
    """The activity as the audit log records it."""
    return {
        **momentopname(activiteit, ["titel", "omschrijving", "werkgroep", "themadoel", "startdatum", "deadline"]),
        "initiatiefnemer": activiteit.initiatiefnemer.naam if activiteit.initiatiefnemer else None,
        "team": sorted(lid.naam for lid in activiteit.team.all()),
        # Two decimals always: a budget typed as 2500 equals the 2500.00 read back from the database.
        "budget": f"{activiteit.budget:.2f}" if activiteit.budget is not None else None,
        "status": activiteit.status,
    }


def _schrijf(activiteit: Activiteit, gegevens: ActiviteitGegevens) -> None:
    if gegevens.werkgroep.gesloten_op is not None and gegevens.werkgroep.pk != activiteit.werkgroep_id:
        raise ValidationError(
            {
                "werkgroep": _("Werkgroep %(werkgroep)s is gesloten; er kunnen geen activiteiten meer bij.")
                % {"werkgroep": gegevens.werkgroep.naam}
            }
        )
    if gegevens.themadoel is not None and gegevens.themadoel.pk != activiteit.themadoel_id:
        huidig = overeenkomst_huidig()
        if huidig is None or gegevens.themadoel.overeenkomst_id != huidig.pk:
            raise ValidationError({"themadoel": _("Kies een themadoel van de huidige intentieovereenkomst.")})
    if gegevens.startdatum and gegevens.deadline and gegevens.deadline < gegevens.startdatum:
        raise ValidationError({"deadline": DEADLINE_VOOR_START})
    weiger_actieve_html(gegevens.titel, veld="titel")
    weiger_actieve_html(gegevens.omschrijving, veld="omschrijving")
    if gegevens.deadline != activiteit.deadline:
        activiteit.gewijzigd_op = timezone.now()
    activiteit.titel = gegevens.titel.strip()
    activiteit.omschrijving = gegevens.omschrijving.strip()
    activiteit.werkgroep = gegevens.werkgroep
    activiteit.themadoel = gegevens.themadoel
    activiteit.initiatiefnemer = gegevens.initiatiefnemer
    activiteit.startdatum = gegevens.startdatum
    activiteit.deadline = gegevens.deadline
    activiteit.budget = gegevens.budget
    activiteit.full_clean()
    activiteit.save()
    activiteit.team.set(gegevens.team)


def _vergrendel(activiteit: Activiteit) -> Activiteit:
    """The activity's row, locked until the transaction ends: two edits of one activity wait for each other."""
    return Activiteit.objects.select_for_update(of=("self",)).select_related("werkgroep").get(pk=activiteit.pk)


@transaction.atomic
def activiteit_create(*, gegevens: ActiviteitGegevens, door: User, request: HttpRequest | None = None) -> Activiteit:
    """A new activity on the agenda, planned, by a member of its werkgroep or a beheerder."""
    if not mag_activiteit_aanmaken(door, gegevens.werkgroep):
        raise PermissionDenied
    activiteit = Activiteit(status=Status.GEPLAND)
    _schrijf(activiteit, gegevens)
    audit_log(actie="activiteit.aangemaakt", actor=door, obj=activiteit, na=_stand(activiteit), request=request)
    return activiteit


@transaction.atomic
def activiteit_update(
    *, activiteit: Activiteit, gegevens: ActiviteitGegevens, door: User, request: HttpRequest | None = None
) -> Activiteit:
    """Change what an activity is about, who works on it, its dates and budget. Moving it to another werkgroep is
    for people who may plan for that werkgroep."""
    activiteit = _vergrendel(activiteit)
    if not mag_activiteit_bewerken(door, activiteit):
        raise PermissionDenied
    if gegevens.werkgroep.pk != activiteit.werkgroep_id and not mag_activiteit_aanmaken(door, gegevens.werkgroep):
        raise ValidationError(
            {"werkgroep": _("U kunt een activiteit alleen onderbrengen bij een werkgroep waarvan u lid bent.")}
        )
    voor = _stand(activiteit)
    _schrijf(activiteit, gegevens)
    voor, na = wijzigingen(voor, _stand(activiteit))
    if na:
        audit_log(actie="activiteit.gewijzigd", actor=door, obj=activiteit, voor=voor, na=na, request=request)
    return activiteit


@transaction.atomic
def activiteit_set_status(
    *, activiteit: Activiteit, status: str, door: User, request: HttpRequest | None = None
) -> Activiteit:
    """Move an activity to `status`, following OVERGANGEN."""
    activiteit = _vergrendel(activiteit)
    if not mag_activiteit_bewerken(door, activiteit):
        raise PermissionDenied
    if (activiteit.status, status) not in OVERGANGEN:
        naar = Status(status).label if status in Status.values else status
        raise ValidationError(
            _("Een activiteit met status %(van)s kan niet naar %(naar)s.")
            % {"van": activiteit.get_status_display().lower(), "naar": str(naar).lower()}
        )
    voor = activiteit.status
    activiteit.status = status
    activiteit.gewijzigd_op = timezone.now()
    activiteit.save(update_fields=["status", "gewijzigd_op"])
    audit_log(
        actie="activiteit.status_gewijzigd",
        actor=door,
        obj=activiteit,
        voor={"status": voor},
        na={"status": status},
        request=request,
    )
    return activiteit


@transaction.atomic
def voortgangsnotitie_create(
    *,
    activiteit: Activiteit,
    tekst: str,
    door: User,
    datum: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Voortgangsnotitie:
    """A dated note on how an activity is going, by someone who may edit it. The date may lie in the past (a note
    written after the fact), not in the future."""
    activiteit = _vergrendel(activiteit)
    if not mag_activiteit_bewerken(door, activiteit):
        raise PermissionDenied
    vandaag = timezone.localdate()
    datum = datum or vandaag
    if datum > vandaag:
        raise ValidationError(
            {"datum": _("Een voortgangsnotitie gaat over wat er al gebeurd is: kies vandaag of eerder.")}
        )
    weiger_actieve_html(tekst, veld="tekst")
    notitie = Voortgangsnotitie(activiteit=activiteit, datum=datum, tekst=tekst.strip(), auteur=door)
    notitie.full_clean()
    notitie.save()
    activiteit.gewijzigd_op = timezone.now()
    activiteit.save(update_fields=["gewijzigd_op"])
    audit_log(
        actie="activiteit.voortgang_toegevoegd",
        actor=door,
        obj=activiteit,
        na={"datum": str(datum), "tekst": notitie.tekst},
        request=request,
    )
    return notitie
