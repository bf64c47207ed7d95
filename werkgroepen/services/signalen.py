"""Writes of the klaagpaal and the hulpvragen: raising an item (under a name or anonymously), its status flow (a
transition table), the answer, and putting it on the next meeting's agenda.

Anonymous means no trace of the author anywhere: `indiener` stays empty, the audit event has no actor, no description
of one and no IP address, and carries only the day (like `Signaal.ingediend_op`: an exact moment beside a session's
last-activity time could point at the author). No mail, no reminder, no log line."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log
from kring.markdown import weiger_actieve_html
from kring.models import AuditEvent, User
from werkgroepen.models import Agendapunt, Bijeenkomst, Signaal, Werkgroep
from werkgroepen.permissions import mag_signaal_behandelen, mag_signaal_indienen
from werkgroepen.selectors.bijeenkomsten import volgende_bijeenkomst

Status = Signaal.Status

# Allowed status changes: (from, to) -> audit action. Nothing else changes a status.
OVERGANGEN = {
    (Status.NIEUW, Status.GEAGENDEERD): "signaal.geagendeerd",
    (Status.NIEUW, Status.BESPROKEN): "signaal.besproken",
    (Status.NIEUW, Status.OPGEVOLGD): "signaal.opgevolgd",
    (Status.GEAGENDEERD, Status.BESPROKEN): "signaal.besproken",
    (Status.GEAGENDEERD, Status.OPGEVOLGD): "signaal.opgevolgd",
    # Discussed but not settled: it goes on the agenda again.
    (Status.BESPROKEN, Status.GEAGENDEERD): "signaal.geagendeerd",
    (Status.BESPROKEN, Status.OPGEVOLGD): "signaal.opgevolgd",
}
# Reached only by putting the item on a meeting's agenda, so a geagendeerd item always has its agendapunt.
ALLEEN_VIA_AGENDA = {Status.GEAGENDEERD}


def overgangen_vanuit(signaal: Signaal) -> list[str]:
    """The statuses a handler may choose for `signaal` now (putting it on the agenda is a separate action)."""
    return [naar for (van, naar) in OVERGANGEN if van == signaal.status and naar not in ALLEEN_VIA_AGENDA]


def mag_op_agenda(signaal: Signaal) -> bool:
    return (signaal.status, Status.GEAGENDEERD) in OVERGANGEN


@transaction.atomic
def signaal_create(
    *,
    indiener: User,
    soort: str,
    titel: str,
    omschrijving: str,
    werkgroep: Werkgroep | None = None,
    anoniem: bool = False,
    request: HttpRequest | None = None,
) -> Signaal:
    """Raise an item. `indiener` is only checked (an active member); when `anoniem`, neither the person nor the
    request is stored anywhere."""
    if not mag_signaal_indienen(indiener):
        raise PermissionDenied
    if werkgroep is not None and werkgroep.gesloten_op is not None:
        raise ValidationError(
            {
                "werkgroep": _("De werkgroep %(naam)s is gesloten. Kies een andere of de hele kring.")
                % {"naam": werkgroep}
            }
        )
    weiger_actieve_html(titel, veld="titel")
    weiger_actieve_html(omschrijving, veld="omschrijving")
    signaal = Signaal(
        soort=soort,
        titel=titel.strip(),
        omschrijving=omschrijving.strip(),
        werkgroep=werkgroep,
        indiener=None if anoniem else indiener,
    )
    signaal.full_clean()
    signaal.save()
    na = {"soort": soort, "werkgroep": werkgroep.naam if werkgroep else None, "anoniem": anoniem}
    if not anoniem:
        audit_log(actie="signaal.ingediend", actor=indiener, obj=signaal, na=na, request=request)
        return signaal
    event = audit_log(actie="signaal.ingediend", obj=signaal, na=na)
    begin_van_de_dag = timezone.make_aware(datetime.datetime.combine(signaal.ingediend_op, datetime.time.min))
    AuditEvent.objects.filter(pk=event.pk).update(tijdstip=begin_van_de_dag)
    return signaal


def _vergrendeld(*, signaal: Signaal, door: User) -> Signaal:
    """The item as stored now, locked for the rest of the transaction; only its handlers get this far."""
    if not mag_signaal_behandelen(door, signaal):
        raise PermissionDenied
    return Signaal.objects.select_for_update().get(pk=signaal.pk)


def _wissel(signaal: Signaal, status: str, *, door: User, request: HttpRequest | None, na: dict | None = None):
    actie = OVERGANGEN.get((signaal.status, status))
    if actie is None:
        raise ValidationError(
            _("Een item met status ‘%(van)s’ kan niet naar ‘%(naar)s’.")
            % {"van": signaal.get_status_display().lower(), "naar": Status(status).label.lower()}
        )
    voor = {"status": signaal.status}
    signaal.status = status
    signaal.full_clean()
    signaal.save(update_fields=["status"])
    audit_log(actie=actie, actor=door, obj=signaal, voor=voor, na={"status": status, **(na or {})}, request=request)


@transaction.atomic
def signaal_set_status(*, signaal: Signaal, status: str, door: User, request: HttpRequest | None = None) -> Signaal:
    signaal = _vergrendeld(signaal=signaal, door=door)
    if status in ALLEEN_VIA_AGENDA:
        raise ValidationError(_("Zet het item op de agenda met de knop ‘Op de agenda zetten’."))
    _wissel(signaal, status, door=door, request=request)
    return signaal


@transaction.atomic
def signaal_answer(*, signaal: Signaal, antwoord: str, door: User, request: HttpRequest | None = None) -> Signaal:
    """Write (or rewrite) the answer every member reads under the item."""
    signaal = _vergrendeld(signaal=signaal, door=door)
    if not antwoord.strip():
        raise ValidationError({"antwoord": _("Schrijf een antwoord.")})
    weiger_actieve_html(antwoord, veld="antwoord")
    voor = {"antwoord": signaal.antwoord}
    signaal.antwoord = antwoord.strip()
    signaal.beantwoord_door = door
    signaal.full_clean()
    signaal.save(update_fields=["antwoord", "beantwoord_door"])
    audit_log(
        actie="signaal.beantwoord",
        actor=door,
        obj=signaal,
        voor=voor,
        na={"antwoord": signaal.antwoord},
        request=request,
    )
    return signaal


def _volgende_bijeenkomst_voor(signaal: Signaal) -> Bijeenkomst | None:
    """The werkgroep's next planned meeting, else the kring's."""
    if signaal.werkgroep_id is not None:
        bijeenkomst = volgende_bijeenkomst(werkgroep=signaal.werkgroep)
        if bijeenkomst is not None:
            return bijeenkomst
    return volgende_bijeenkomst()


@transaction.atomic
def signaal_put_on_agenda(*, signaal: Signaal, door: User, request: HttpRequest | None = None) -> Agendapunt:
    """Add the item to the agenda of the next planned meeting (after the items already there); it becomes
    geagendeerd. Without a planned meeting nothing changes."""
    signaal = _vergrendeld(signaal=signaal, door=door)
    if not mag_op_agenda(signaal):
        raise ValidationError(
            _("Dit item staat al op de agenda of is opgevolgd (status: %(status)s).")
            % {"status": signaal.get_status_display().lower()}
        )
    bijeenkomst = _volgende_bijeenkomst_voor(signaal)
    if bijeenkomst is None:
        raise ValidationError(
            _("Er is nog geen geplande bijeenkomst. Plan eerst een bijeenkomst; het item blijft tot dan op de lijst.")
        )
    laatste = bijeenkomst.agendapunten.aggregate(hoogste=Max("volgorde"))["hoogste"]
    agendapunt = Agendapunt(
        bijeenkomst=bijeenkomst,
        soort=signaal.soort,  # Agendapunt.Soort has a klaagpaal and a hulpvraag item
        titel=signaal.titel,
        signaal=signaal,
        volgorde=0 if laatste is None else laatste + 1,
    )
    agendapunt.full_clean()
    agendapunt.save()
    _wissel(signaal, Status.GEAGENDEERD, door=door, request=request, na={"bijeenkomst": str(bijeenkomst)})
    return agendapunt
