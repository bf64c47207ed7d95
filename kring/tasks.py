"""Background work of the kring. Tasks take ids, stay thin and are safe to run twice (acks late)."""

from smtplib import SMTPException

from celery import shared_task

TRANSIENT = (SMTPException, ConnectionError, TimeoutError)


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
