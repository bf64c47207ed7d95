"""PDF reports: requesting one (checked, stored, queued) and rendering it in a worker.

Rendering is safe to repeat: a duplicated task, a task redelivered after its worker died, or two workers at once end
with one file under the report's fixed name and one status. A report whose task could not reach the broker (Redis
down, or hanging) waits with status `wacht`; `rapporten_send_waiting` sends it when the broker is back, and sends
again what was queued but lost (an outbox: the report row is the message)."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from celery.exceptions import SoftTimeLimitExceeded
from kombu.exceptions import OperationalError as BrokerOnbereikbaar

from kring import tasks
from kring.audit import audit_log
from kring.models import Rapport, User
from kring.pdf import render_to_pdf
from kring.permissions import mag_rapporten_aanvragen
from kring.rapportsoorten import GegevensOntbreken, rapportsoort

logger = logging.getLogger(__name__)

Status = Rapport.Status

# Allowed status changes. bezig -> bezig: a task redelivered after its worker died starts again. wacht -> bezig: a
# report sent again by the outbox while its first send reached the broker after all.
STATUS_OVERGANGEN = {
    Status.WACHT: {Status.WACHTRIJ, Status.BEZIG, Status.MISLUKT},
    Status.WACHTRIJ: {Status.WACHT, Status.BEZIG, Status.MISLUKT},
    Status.BEZIG: {Status.BEZIG, Status.KLAAR, Status.MISLUKT},
    Status.KLAAR: set(),
    Status.MISLUKT: set(),
}
ONAFGEROND = (Status.WACHT, Status.WACHTRIJ, Status.BEZIG)

# A report whose worker keeps dying while rendering it (out of memory, say) is redelivered each time (acks late,
# reject on worker lost): after this many starts it fails instead of taking down workers forever. Above the task's
# own retries (max_retries + 1 starts), so transient errors alone never reach it.
MAX_POGINGEN = 5

TE_LANG = _("Het maken van het rapport duurde te lang. Vraag het later opnieuw aan.")
TE_VAAK = _(
    "Het maken van dit rapport is na %(pogingen)d pogingen gestopt: het lukte steeds niet. Meld het de beheerder."
)
ONBEKENDE_FOUT = _(
    "Er ging iets mis bij het maken van het rapport. Vraag het opnieuw aan; lukt het dan nog niet, meld het de "
    "beheerder."
)


@transaction.atomic
def rapport_request(*, soort: str, parameters: dict, door: User, request: HttpRequest | None = None) -> Rapport:
    """Queue a report for `door`, after checking they may see its data. An identical request of theirs that is still
    waiting or being made is returned instead of a second one."""
    if not mag_rapporten_aanvragen(door):
        raise PermissionDenied
    soortdef = rapportsoort(soort)
    try:
        obj = soortdef.object_voor(user=door, parameters=parameters)
    except GegevensOntbreken as fout:
        raise ValidationError(str(fout), code="niet_gevonden") from fout
    parameters = soortdef.parameters(obj.pk)
    # One person's requests one at a time, so a double click cannot slip two identical reports past the check below.
    User.objects.select_for_update().get(pk=door.pk)
    bestaand = Rapport.objects.filter(
        aangevraagd_door=door, soort=soort, parameters=parameters, status__in=ONAFGEROND
    ).first()
    if bestaand is not None:
        return bestaand
    rapport = Rapport(soort=soort, parameters=parameters, titel=soortdef.titel(obj)[:200], aangevraagd_door=door)
    rapport.full_clean()
    rapport.save()
    audit_log(
        actie="rapport.aangevraagd",
        actor=door,
        obj=rapport,
        na={"soort": soort, "parameters": parameters},
        request=request,
    )
    transaction.on_commit(lambda: _rapport_send(rapport))
    return rapport


def _rapport_send(rapport: Rapport) -> bool:
    """Hand a report to the worker. With the broker unreachable it waits (status `wacht`, also on `rapport` itself,
    so the request's page can say so) and the outbox sends it later; never an error for the person asking."""
    try:
        tasks.render_rapport.delay(rapport.pk)
    except (BrokerOnbereikbaar, OSError) as fout:
        logger.warning("Rapport %s wacht: de broker is niet bereikbaar (%s)", rapport.pk, fout)
        if Rapport.objects.filter(pk=rapport.pk, status=Status.WACHTRIJ).update(status=Status.WACHT):
            rapport.status = Status.WACHT
        return False
    if Rapport.objects.filter(pk=rapport.pk, status=Status.WACHT).update(status=Status.WACHTRIJ):
        rapport.status = Status.WACHTRIJ
    return True


def rapporten_send_waiting() -> int:
    """The outbox: send again every report whose task did not reach the broker (`wacht`), and every report whose task
    must have been lost: still queued or being made after the broker's visibility timeout, by which time Redis would
    have handed a living message to a worker (a web process died between saving and sending, or Redis lost its
    data). Safe at any time and twice: rendering claims a report by its status. Returns how many were sent; stops at
    the first failure (the broker is still down: the next run tries again)."""
    grens = timezone.now() - datetime.timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])
    verloren = (
        Q(status=Status.WACHT)
        | Q(status=Status.WACHTRIJ, aangevraagd_op__lt=grens)
        | Q(status=Status.BEZIG, gestart_op__lt=grens)
    )
    verstuurd = 0
    for rapport in Rapport.objects.filter(verloren).only("pk", "status").order_by("pk"):
        if not _rapport_send(rapport):
            break
        verstuurd += 1
    return verstuurd


def rapport_render(*, rapport_id: int) -> None:
    """Render one report (called by the task). The slow part runs outside any transaction; only a report that is not
    finished meanwhile gets the file and its final status."""
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().filter(pk=rapport_id).first()
        if rapport is None or Status.BEZIG not in STATUS_OVERGANGEN[rapport.status]:
            return  # gone, or finished by an earlier delivery of this task
        if rapport.pogingen >= MAX_POGINGEN:
            logger.error("Rapport %s: opgegeven na %d pogingen", rapport_id, rapport.pogingen)
            _rapport_finish(
                rapport_id=rapport_id, status=Status.MISLUKT, fout=TE_VAAK % {"pogingen": rapport.pogingen}
            )
            return
        rapport.status = Status.BEZIG
        rapport.gestart_op = timezone.now()
        rapport.pogingen = F("pogingen") + 1
        rapport.save(update_fields=["status", "gestart_op", "pogingen"])

    soortdef = rapportsoort(rapport.soort)
    try:
        obj = soortdef.object_voor(user=rapport.aangevraagd_door, parameters=rapport.parameters)
        _html, pdf = render_to_pdf(soortdef.template, soortdef.inhoud(obj, user=rapport.aangevraagd_door))
    except GegevensOntbreken as fout:
        _rapport_finish(rapport_id=rapport_id, status=Status.MISLUKT, fout=str(fout))
    except SoftTimeLimitExceeded:
        _rapport_finish(rapport_id=rapport_id, status=Status.MISLUKT, fout=TE_LANG)
    except tasks.RAPPORT_TRANSIENT:
        raise  # the task retries; the report stays bezig meanwhile
    except Exception:
        logger.exception("Rapport %s kon niet worden gemaakt", rapport_id)
        _rapport_finish(rapport_id=rapport_id, status=Status.MISLUKT, fout=ONBEKENDE_FOUT)
    else:
        _rapport_finish(rapport_id=rapport_id, status=Status.KLAAR, pdf=pdf)


def rapport_fail(*, rapport_id: int, fout: str = ONBEKENDE_FOUT) -> None:
    """Mark a report that its task gave up on as failed, unless it finished after all."""
    _rapport_finish(rapport_id=rapport_id, status=Status.MISLUKT, fout=fout)


@transaction.atomic
def _rapport_finish(*, rapport_id: int, status: str, fout: str = "", pdf: bytes | None = None) -> None:
    rapport = Rapport.objects.select_for_update().filter(pk=rapport_id).first()
    if rapport is None or status not in STATUS_OVERGANGEN[rapport.status]:
        return  # another delivery finished it first: its file and status stand
    voor = {"status": rapport.status}
    rapport.status = status
    rapport.fout = fout = str(fout)
    if pdf is not None:
        # The fixed name (rapport_pad) and an overwriting storage: a repeat replaces the file, never adds one.
        rapport.bestand.save("rapport.pdf", ContentFile(pdf), save=False)
        rapport.klaar_op = timezone.now()
    rapport.save(update_fields=["status", "fout", "bestand", "klaar_op"])
    audit_log(
        actie=f"rapport.{status}",
        obj=rapport,
        voor=voor,
        na={"status": status, "fout": fout} if fout else {"status": status},
        actor_omschrijving="achtergrondtaak",
    )
