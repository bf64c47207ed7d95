"""Background work of the kring. Tasks take ids, stay thin and are safe to run twice (acks late)."""

from smtplib import SMTPException

from django.db import OperationalError

from celery import shared_task

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)
RAPPORT_TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_registration_to_beheerders(user_id: int) -> None:
    from kring.mails import send_registration_to_beheerders
    from kring.models import User

    aanvrager = User.objects.filter(pk=user_id, status=User.Status.AANGEVRAAGD).first()
    if aanvrager is not None:  # already decided (or gone): nothing to ask
        send_registration_to_beheerders(aanvrager)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_registration_decision(user_id: int) -> None:
    from kring.mails import send_registration_decision
    from kring.models import User

    aanvrager = User.objects.filter(pk=user_id).exclude(status=User.Status.AANGEVRAAGD).first()
    if aanvrager is not None:
        send_registration_decision(aanvrager)


@shared_task
def clear_expired_sessions() -> None:
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


# --- Privacy en auditlog ---------------------------------------------------------------------------------------------


@shared_task
def bewaartermijnen_toepassen() -> None:
    """Nightly (beat, 03:30): apply every retention rule of kring/bewaartermijnen.py. Safe to run twice: what is past
    its term and handled is not selected again."""
    from kring.services.bewaartermijnen import bewaartermijnen_toepassen as toepassen

    toepassen()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_verwijderverzoek_to_beheerders(verzoek_id: int) -> None:
    from kring.services.privacy import verwijderverzoek_mail_beheerders

    verwijderverzoek_mail_beheerders(verzoek_id=verzoek_id)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_verwijderverzoek_refused(verzoek_id: int) -> None:
    from kring.services.privacy import verwijderverzoek_mail_afwijzing

    verwijderverzoek_mail_afwijzing(verzoek_id=verzoek_id)


# --- Herinneringen ---------------------------------------------------------------------------------------------------


class HerinneringenNietVerstuurd(Exception):
    """Some reminder mails of a sweep failed; they were not recorded, so a retry sends only those."""


@shared_task(autoretry_for=(HerinneringenNietVerstuurd,), retry_backoff=60, max_retries=4)
def send_herinneringen() -> None:
    from kring.services.herinneringen import herinneringen_send

    samenvatting = herinneringen_send()
    if samenvatting.mislukt:
        raise HerinneringenNietVerstuurd(f"{len(samenvatting.mislukt)} herinneringsmail(s) niet verstuurd")


# --- Rapporten -------------------------------------------------------------------------------------------------------


def _rapport_mislukt(task, exc, task_id, args, kwargs, einfo) -> None:
    # Out of retries (or an unexpected error): the report page shows the failure instead of waiting forever.
    from kring.services.rapporten import rapport_fail

    rapport_fail(rapport_id=args[0])


@shared_task(
    autoretry_for=RAPPORT_TRANSIENT,
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=150,
    on_failure=_rapport_mislukt,
)
def render_rapport(rapport_id: int) -> None:
    from kring.services.rapporten import rapport_render

    rapport_render(rapport_id=rapport_id)


@shared_task(ignore_result=True)
def send_wachtende_rapporten() -> None:
    """Every minute (beat) and whenever a worker (re)connects to the broker (kring.celery): reports whose task never
    reached the broker, or was lost, are sent again (the outbox in kring.services.rapporten)."""
    from kring.services.rapporten import rapporten_send_waiting

    rapporten_send_waiting()


# --- Intentieovereenkomst --------------------------------------------------------------------------------------------


@shared_task
def expire_overeenkomsten() -> None:
    """Daily: versions van kracht whose einddatum has passed become verlopen (idempotent)."""
    from kring.services.overeenkomst import overeenkomsten_expire

    overeenkomsten_expire()


# -- stuurgroep


@shared_task
def kwartaalrapportages() -> None:
    """On the first day of each quarter: close the quarter that ended (indicator values) and request its report for
    every stuurgroep member; safe to run twice (kring.services.stuurgroep)."""
    from kring.services.stuurgroep import kwartaal_afsluiten_en_rapporteren

    kwartaal_afsluiten_en_rapporteren()
