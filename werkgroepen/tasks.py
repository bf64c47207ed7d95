"""Celery tasks of the werkgroepen part: thin, take ids, idempotent (acks late, see settings)."""

from celery import shared_task

from kring.tasks import TRANSIENT

# -- werkgroepen


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def mail_aanmelding_besluit(aanmelding_id: int) -> None:
    """Mail the applicant the decision on a join request (nothing while it is still open)."""
    from werkgroepen.services.werkgroepen import aanmelding_mail_besluit

    aanmelding_mail_besluit(aanmelding_id=aanmelding_id)


# -- uitvoeringsagenda
# -- bijeenkomsten
# -- signalen en agenda-feed


class UitnodigingenNietVerstuurd(Exception):
    """Some invitation mails failed; they were not recorded, so the retry sends only those."""


@shared_task(autoretry_for=(UitnodigingenNietVerstuurd,), retry_backoff=60, max_retries=4)
def mail_uitnodigingen(bijeenkomst_id: int) -> None:
    """Mail a meeting's invitees its current version with the .ics (a cancellation when it is cancelled), each person
    once per version (volgnummer). The planning service calls it on planning and on a change of time or place."""
    from werkgroepen.services.ical import uitnodigingen_send

    verzending = uitnodigingen_send(bijeenkomst_id=bijeenkomst_id)
    if verzending.mislukt:
        raise UitnodigingenNietVerstuurd(f"{len(verzending.mislukt)} uitnodiging(en) niet verstuurd")


# -- kennisbank
