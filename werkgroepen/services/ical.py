"""Writes around the calendar: a member's secret feed address, and the invitation mails of a meeting.

An invitation is sent once per version of the meeting (its iCalendar SEQUENCE, `Bijeenkomst.volgnummer`) and person:
each mail sent is an `Uitnodiging` row, whose uniqueness is what stops a retried or concurrent task from mailing twice.
The meeting's date is no key: a change of time or place on the same day must go out again."""

import logging
from dataclasses import dataclass, field
from email.mime.text import MIMEText

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone

from kring.audit import audit_log
from kring.herinneringen import absolute_url
from kring.models import User
from werkgroepen.ical import bijeenkomst_ics, bijeenkomst_plaats, bijeenkomst_url
from werkgroepen.models import Agendafeed, Bijeenkomst, Uitnodiging, nieuw_feedtoken
from werkgroepen.permissions import mag_agendafeed_hebben
from werkgroepen.selectors.ical import uitnodiging_methode, uitnodiging_ontvangers

logger = logging.getLogger(__name__)


# --- Agendafeed ------------------------------------------------------------------------------------------------------


@transaction.atomic
def agendafeed_renew(*, gebruiker: User, request: HttpRequest | None = None) -> Agendafeed:
    """Give `gebruiker` a secret feed address, or a new one: the old address stops working at once."""
    if not mag_agendafeed_hebben(gebruiker):
        raise PermissionDenied
    feed = Agendafeed.objects.select_for_update().filter(gebruiker=gebruiker).first()
    if feed is None:
        feed = Agendafeed(gebruiker=gebruiker)
        actie = "agendafeed.aangemaakt"
    else:
        feed.token = nieuw_feedtoken()
        feed.aangemaakt_op = timezone.now()
        actie = "agendafeed.vernieuwd"
    feed.full_clean()
    feed.save()
    audit_log(actie=actie, actor=gebruiker, obj=feed, request=request)  # never the token itself
    return feed


@transaction.atomic
def agendafeed_delete(*, gebruiker: User, request: HttpRequest | None = None) -> None:
    """Withdraw the feed address; calendars subscribed to it get nothing more."""
    feed = Agendafeed.objects.select_for_update().filter(gebruiker=gebruiker).first()
    if feed is not None:
        audit_log(actie="agendafeed.ingetrokken", actor=gebruiker, obj=feed, request=request)
        feed.delete()


# --- Uitnodigingen ---------------------------------------------------------------------------------------------------


VERSTUURD_ACTIE = {
    Uitnodiging.Methode.REQUEST: "bijeenkomst.uitnodigingen_verstuurd",
    Uitnodiging.Methode.CANCEL: "bijeenkomst.afgelasting_verstuurd",
}


@dataclass
class Verzending:
    """What one run of the invitations of a meeting did."""

    verstuurd: list[User] = field(default_factory=list)
    mislukt: list[User] = field(default_factory=list)
    al_verstuurd: int = 0


def _bericht(bijeenkomst: Bijeenkomst, ontvanger: User, *, methode: Uitnodiging.Methode) -> EmailMultiAlternatives:
    afgelast = methode == Uitnodiging.Methode.CANCEL
    datum = formats.date_format(timezone.localtime(bijeenkomst.begin), "l j F Y")
    if afgelast:
        onderwerp = f"Afgelast: {bijeenkomst.titel} op {datum}"
    elif bijeenkomst.volgnummer:
        onderwerp = f"Gewijzigd: {bijeenkomst.titel} op {datum}"
    else:
        onderwerp = f"Uitnodiging: {bijeenkomst.titel} op {datum}"
    context = {
        "onderwerp": onderwerp,
        "ontvanger": ontvanger,
        "bijeenkomst": bijeenkomst,
        "agendapunten": bijeenkomst.agendapunten.all(),
        "plaats": bijeenkomst_plaats(bijeenkomst),
        "afgelast": afgelast,
        "gewijzigd": bool(bijeenkomst.volgnummer),
        "url": bijeenkomst_url(bijeenkomst),
        "feed_url": absolute_url(reverse("werkgroepen:agendafeed")),
    }
    bericht = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + onderwerp,
        body=render_to_string("emails/uitnodiging.txt", context),
        to=[ontvanger.email],
    )
    bericht.attach_alternative(render_to_string("emails/uitnodiging.html", context), "text/html")
    bijlage = MIMEText(
        bijeenkomst_ics(bijeenkomst, methode=methode, deelnemer=ontvanger).decode(), "calendar", "utf-8"
    )
    bijlage.set_param("method", methode)
    bijlage.add_header("Content-Disposition", "attachment", filename="uitnodiging.ics")
    bericht.attach(bijlage)
    return bericht


def uitnodigingen_send(*, bijeenkomst_id: int) -> Verzending:
    """Mail the meeting's invitees its current version with the .ics (or, for a cancelled meeting, the cancellation
    to everyone who had an invitation), each person once per version. One transaction per mail, the Uitnodiging row
    first: a failed mail takes its row with it and is left for the retry, and a row a concurrent run inserted stops
    the send (IntegrityError)."""
    verzending = Verzending()
    bijeenkomst = (
        Bijeenkomst.objects.select_related("werkgroep")
        .prefetch_related("agendapunten")
        .filter(pk=bijeenkomst_id)
        .first()
    )
    if bijeenkomst is None:
        return verzending
    methode = uitnodiging_methode(bijeenkomst)
    for ontvanger in uitnodiging_ontvangers(bijeenkomst=bijeenkomst, methode=methode):
        bericht = _bericht(bijeenkomst, ontvanger, methode=methode)
        try:
            with transaction.atomic():
                Uitnodiging.objects.create(
                    bijeenkomst=bijeenkomst, gebruiker=ontvanger, volgnummer=bijeenkomst.volgnummer, methode=methode
                )
                bericht.send()
        except IntegrityError:
            verzending.al_verstuurd += 1
        except OSError:  # SMTP and network errors: nothing recorded, the task's retry sends it
            logger.exception("Uitnodiging voor bijeenkomst %s niet verstuurd", bijeenkomst.pk)
            verzending.mislukt.append(ontvanger)
        else:
            verzending.verstuurd.append(ontvanger)
    if verzending.verstuurd:
        audit_log(
            actie=VERSTUURD_ACTIE[methode],
            actor_omschrijving="uitnodigingen",
            obj=bijeenkomst,
            na={"volgnummer": bijeenkomst.volgnummer, "verstuurd": len(verzending.verstuurd)},
        )
    return verzending
