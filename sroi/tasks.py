"""Celery tasks of SROI: thin, take ids, call a service, idempotent."""

from celery import shared_task

from kring.tasks import TRANSIENT

# -- verplichtingen


@shared_task
def waarschuwingen_bijwerken() -> None:
    """Daily (beat, before the reminders): raise the SROI early warnings whose condition holds, resolve those that no
    longer hold. Safe to run twice (acks late): an open warning is never raised again."""
    from sroi.services.verplichtingen import waarschuwingen_bijwerken as bijwerken

    bijwerken()


# -- pool


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_pool_interesse(interesse_id: int) -> None:
    """Tell the offering contractor an organisation showed interest in its candidate (nothing once the offer is
    closed)."""
    from sroi.services.pool import pool_interesse_mail

    pool_interesse_mail(interesse_id=interesse_id)


@shared_task
def kandidaten_anonimiseren() -> None:
    """Daily (beat, 03:30): anonymise the candidates of obligations whose term ended more than
    SROI_BEWAARTERMIJN_MAANDEN months ago. Safe to run twice: what is anonymised is not picked again."""
    from sroi.services.retentie import kandidaten_anonimiseren as anonimiseren

    anonimiseren()
