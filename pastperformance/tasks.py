"""Celery tasks of past performance: thin, take ids, call a service, idempotent."""

from celery import shared_task

from kring.tasks import TRANSIENT

# -- rondes


@shared_task
def rondes_bijwerken() -> None:
    """Daily (beat, before the reminders): open the rounds due today, reveal those whose ratings are in or whose
    reveal date has come. Safe to run twice (acks late): a round changed already is not picked again."""
    from pastperformance.services.rondes import rondes_bijwerken as bijwerken

    bijwerken()


# -- bespreking


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_bezwaar_ingediend(bezwaar_id: int) -> None:
    """Tell the beheerders a bezwaar awaits its panel (nothing once the panel is there)."""
    from pastperformance.services.bespreking import bezwaar_mail_beheerders

    bezwaar_mail_beheerders(bezwaar_id=bezwaar_id)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_bezwaar_panel(bezwaar_id: int) -> None:
    """Tell the two panel members they decide a bezwaar (nothing once it is decided)."""
    from pastperformance.services.bespreking import bezwaar_mail_panel

    bezwaar_mail_panel(bezwaar_id=bezwaar_id)


# -- profielen
