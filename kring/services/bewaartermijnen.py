"""Applying the retention rules of kring/bewaartermijnen.py: one service for all of them, run nightly by
`kring.tasks.bewaartermijnen_toepassen` and by `manage.py bewaartermijnen`.

Each rule is a function `(*, vandaag, droog) -> int` that counts (dry run) or changes the rows past its term as of
`vandaag`, and selects only what still holds personal data, so a second run changes nothing. Each rule runs in its own
transaction: one that fails is rolled back and logged, the others still run, and the run then raises so the failure
shows in the worker's log; the next night tries again. Files are deleted from storage only after the transaction
commits, so a rollback keeps rows and files together. A run that changed something is audited once, with the counts
per rule and nothing else."""

import datetime
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.db import transaction
from django.db.models import CharField, Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.deletion import ProtectedError, RestrictedError
from django.db.models.functions import Cast
from django.utils import timezone

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession

from kring.audit import audit_log
from kring.bewaartermijnen import REGELS
from kring.models import AuditEvent, Herinnering, Rapport, User
from projecten.koppelkansen import maanden_plus
from projecten.models import Interesse, Project, Projectimport
from werkgroepen.models import Uitnodiging

ACTIE = "privacy.bewaartermijnen_toegepast"
DOOR = "Bewaartermijnen (automatisch)"

logger = logging.getLogger(__name__)


class BewaartermijnMislukt(Exception):
    """One or more rules failed (and were rolled back); the others were applied."""


def bewaartermijnen_toepassen(
    *, vandaag: datetime.date | None = None, droog: bool = False, door: str = DOOR
) -> dict[str, int]:
    """Apply every rule as of `vandaag` (default today); per rule the number of rows changed (with `droog`: that
    would change, and nothing is written)."""
    vandaag = vandaag or timezone.localdate()
    tellingen, mislukt = {}, []
    for regel in REGELS:
        try:
            with transaction.atomic():
                tellingen[regel.sleutel] = regel.toepassen(vandaag=vandaag, droog=droog)
        except Exception:
            logger.exception("Bewaartermijn %s niet toegepast", regel.sleutel)
            tellingen[regel.sleutel] = 0
            mislukt.append(regel.sleutel)
    if not droog and any(tellingen.values()):
        na = {"datum": vandaag.isoformat(), **tellingen, **({"mislukt": mislukt} if mislukt else {})}
        audit_log(actie=ACTIE, actor_omschrijving=door, na=na)
    if mislukt:
        raise BewaartermijnMislukt(f"Niet toegepast: {', '.join(mislukt)} (zie het log); de rest wel.")
    return tellingen


# --- Helpers -----------------------------------------------------------------------------------------------------------


def _begin_van(dag: datetime.date) -> datetime.datetime:
    """Midnight at the start of `dag`, Dutch time: a term ends on a calendar day, not at the hour the job runs."""
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time.min))


def _grens(vandaag: datetime.date, *, maanden: int = 0, dagen: int = 0) -> datetime.datetime:
    return _begin_van(maanden_plus(vandaag, -maanden) - datetime.timedelta(days=dagen))


def _verwijder(rijen: QuerySet, droog: bool) -> int:
    """Delete (or, dry, count) the rows; cascaded rows of other models are not counted."""
    if droog:
        return rijen.count()
    return rijen.delete()[1].get(rijen.model._meta.label, 0)


def _bestanden_verwijderen_na_commit(bestanden: list) -> None:
    def verwijderen():
        for storage, naam in bestanden:
            storage.delete(naam)

    transaction.on_commit(verwijderen)


# --- The rules (see kring/bewaartermijnen.py for the terms and why) -----------------------------------------------------


def auditlog_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    grens = _grens(vandaag, maanden=12 * settings.AUDITLOG_BEWAARTERMIJN_JAREN)
    return _verwijder(AuditEvent.objects.filter(tijdstip__lt=grens), droog)


def beheerlogboek_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    grens = _grens(vandaag, maanden=12 * settings.AUDITLOG_BEWAARTERMIJN_JAREN)
    return _verwijder(LogEntry.objects.filter(action_time__lt=grens), droog)


def rapporten_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    """Finished and failed reports past the term, with their PDFs; a report still queued or running is left alone."""
    rapporten = Rapport.objects.filter(
        status__in=[Rapport.Status.KLAAR, Rapport.Status.MISLUKT],
        aangevraagd_op__lt=_grens(vandaag, maanden=settings.RAPPORTEN_BEWAARTERMIJN_MAANDEN),
    )
    if droog:
        return rapporten.count()
    oud = list(rapporten.select_for_update().only("pk", "bestand"))
    _bestanden_verwijderen_na_commit([(r.bestand.storage, r.bestand.name) for r in oud if r.bestand])
    return _verwijder(Rapport.objects.filter(pk__in=[r.pk for r in oud]), droog)


def herinneringen_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    """Sent reminders past the term, except the newest of each kind, object and recipient while the object exists:
    kinds sent once per object look that row up for as long as the object's state lasts."""
    oud = Herinnering.objects.filter(
        verstuurd_op__lt=_grens(vandaag, maanden=settings.HERINNERINGEN_BEWAARTERMIJN_MAANDEN)
    )
    nieuwer = Herinnering.objects.filter(
        Q(verstuurd_op__gt=OuterRef("verstuurd_op")) | Q(verstuurd_op=OuterRef("verstuurd_op"), pk__gt=OuterRef("pk")),
        soort=OuterRef("soort"),
        object_type=OuterRef("object_type"),
        object_id=OuterRef("object_id"),
        ontvanger=OuterRef("ontvanger"),
    )
    weg = Q(Exists(nieuwer))
    # Per kind of object one subquery: is the object still there? (A few content types, however many rows.)
    for object_type in ContentType.objects.filter(pk__in=oud.values("object_type")):
        model = object_type.model_class()
        van_soort = Q(object_type=object_type)
        if model is None:  # the model itself is gone
            weg |= van_soort
        elif isinstance(model._meta.pk, IntegerField):  # object_id is a number; other keys cannot be compared
            weg |= van_soort & ~Q(object_id__in=model._default_manager.values("pk"))
    return _verwijder(oud.filter(weg), droog)


def uitnodigingen_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    grens = _grens(vandaag, maanden=settings.HERINNERINGEN_BEWAARTERMIJN_MAANDEN)
    return _verwijder(Uitnodiging.objects.filter(bijeenkomst__einde__lt=grens), droog)


def sessies_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    """Expired sessions, and allauth's record (IP address, browser) of every session that no longer exists. A session
    ends at its own moment, so this uses the clock, not `vandaag`."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if issubclass(store, DbSessionStore):  # db and cached_db: the table is the truth
        sessie = store.get_model_class()
        verlopen = sessie.objects.filter(expire_date__lt=timezone.now())
        levend = sessie.objects.filter(expire_date__gte=timezone.now()).values("session_key")
        weg = UserSession.objects.exclude(session_key__in=levend)
        if droog:
            return verlopen.count() + weg.count()
        return _verwijder(weg, droog) + _verwijder(verlopen, droog)
    # Another engine (cache, signed cookies) expires sessions by itself; ask it which ones still exist.
    weg_ids = [sessie.pk for sessie in UserSession.objects.only("pk", "session_key") if not sessie.exists()]
    if not droog:
        store.clear_expired()
    return _verwijder(UserSession.objects.filter(pk__in=weg_ids), droog)


def registraties_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    """Accounts that were refused and never approved or reactivated, refused before the term; and applications whose
    e-mail address was never confirmed (they cannot be approved), made before the term."""
    grens = _grens(vandaag, maanden=settings.REGISTRATIES_BEWAARTERMIJN_MAANDEN)
    over_account = AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(User), object_id=Cast(OuterRef("pk"), CharField())
    )
    afgewezen = User.objects.filter(
        Exists(over_account.filter(actie="account.afgewezen", tijdstip__lt=grens)), status=User.Status.GEBLOKKEERD
    ).exclude(Exists(over_account.filter(actie__in=["account.goedgekeurd", "account.heractiveerd"])))
    onbevestigd = User.objects.filter(status=User.Status.AANGEVRAAGD, aangemaakt_op__lt=grens).exclude(
        Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))
    )
    kandidaten = (afgewezen | onbevestigd).filter(is_beheerder=False)
    if droog:
        return kandidaten.count()
    verwijderd = 0
    for pk, status in kandidaten.values_list("pk", "status"):
        try:
            # Each in a savepoint: an applicant someone approved a moment ago (status changed) is not matched, and
            # one that something unexpected still protects stays, without undoing the others.
            with transaction.atomic():
                verwijderd += _verwijder(User.objects.filter(pk=pk, status=status), droog)
        except (ProtectedError, RestrictedError):
            continue
    return verwijderd


def interesse_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    grens = _grens(vandaag, maanden=settings.INTERESSE_BEWAARTERMIJN_MAANDEN)
    return _verwijder(
        Interesse.objects.filter(project__fase=Project.Fase.AFGEROND, project__gewijzigd_op__lt=grens), droog
    )


def importbestanden_opschonen(*, vandaag: datetime.date, droog: bool = False) -> int:
    """The files of imports no longer in their preview; the row (who, when, which file name, the outcome) stays."""
    imports = (
        Projectimport.objects.exclude(status=Projectimport.Status.VOORVERTONING)
        .exclude(bestand="")
        .filter(aangemaakt_op__lt=_grens(vandaag, dagen=settings.IMPORTBESTANDEN_BEWAARTERMIJN_DAGEN))
    )
    if droog:
        return imports.count()
    oud = list(imports.select_for_update().only("pk", "bestand"))
    _bestanden_verwijderen_na_commit([(i.bestand.storage, i.bestand.name) for i in oud])
    return Projectimport.objects.filter(pk__in=[i.pk for i in oud]).update(bestand="")
