"""Celery tasks of the projecten part: thin, take ids, idempotent (acks late, see settings)."""

from celery import shared_task

# -- projecten
# -- kalender
# -- spreiding
# -- gebieden


@shared_task
def detect_koppelkansen(gemeente_id: int | None = None) -> None:
    """Find the koppelkansen of one gemeente (None: of all): daily from the beat schedule, and after an opgave
    changes. Safe to run twice: the same groups find the same koppelkansen."""
    from kring.models import Organisatie
    from projecten.services.gebieden import koppelkansen_detect

    gemeente = None if gemeente_id is None else Organisatie.objects.filter(pk=gemeente_id).first()
    if gemeente_id is None or gemeente is not None:  # a gemeente removed meanwhile has nothing left to find
        koppelkansen_detect(gemeente=gemeente)


# -- import
