"""iCalendar (RFC 5545) for meetings: one meeting as an invitation (iTIP, RFC 5546) or a download, and a person's
feed of meetings.

Times are written in UTC (20260310T140000Z): Outlook, Google and Apple show them in the reader's own zone and no
VTIMEZONE is needed. The VTIMEZONE that can be generated from tzdata lists every clock change as an RDATE up to 2038,
which Outlook reads poorly; UTC has no such trouble and no daylight-saving surprises."""

import datetime
from collections.abc import Iterable
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from icalendar import STATUS, Calendar, Event, vCalAddress

from kring.herinneringen import absolute_url
from kring.models import User
from werkgroepen.models import Bijeenkomst

PRODID = "-//MKB kring Dordrecht//Kringportaal//NL"
# How often a subscribed calendar should fetch the feed again.
VERVERSEN = datetime.timedelta(hours=1)


def bijeenkomst_uid(bijeenkomst: Bijeenkomst) -> str:
    """Stable per meeting, so an update or a cancellation replaces the event in every calendar."""
    host = urlsplit(settings.SITE_URL).hostname or "kringportaal"
    return f"bijeenkomst-{bijeenkomst.pk}@{host}"


def bijeenkomst_url(bijeenkomst: Bijeenkomst) -> str:
    return absolute_url(reverse("werkgroepen:bijeenkomst", kwargs={"pk": bijeenkomst.pk}))


def bijeenkomst_plaats(bijeenkomst: Bijeenkomst) -> str:
    """The place as a calendar shows it: the location, the online link, or both."""
    if bijeenkomst.locatie and bijeenkomst.online_link:
        return f"{bijeenkomst.locatie} of online: {bijeenkomst.online_link}"
    return bijeenkomst.locatie or bijeenkomst.online_link


def _omschrijving(bijeenkomst: Bijeenkomst) -> str:
    regels = []
    if bijeenkomst.werkgroep_id is not None:
        regels += [f"Bijeenkomst van de werkgroep {bijeenkomst.werkgroep}.", ""]
    if bijeenkomst.omschrijving:
        regels += [bijeenkomst.omschrijving, ""]
    agendapunten = bijeenkomst.agendapunten.all()  # in their order; prefetched by the callers
    if agendapunten:
        regels.append("Agenda:")
        regels += [f"{nummer}. {punt.titel}" for nummer, punt in enumerate(agendapunten, start=1)]
        regels.append("")
    if bijeenkomst.online_link:
        regels.append(f"Online deelnemen: {bijeenkomst.online_link}")
    regels.append(f"Agenda, aanmelden en verslag: {bijeenkomst_url(bijeenkomst)}")
    return "\n".join(regels)


def _organisator() -> vCalAddress:
    adres = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@kringportaal.invalid"
    return vCalAddress.new(adres, cn="Kringportaal")


def _event(bijeenkomst: Bijeenkomst, *, itip: bool, deelnemer: User | None = None) -> Event:
    geannuleerd = bijeenkomst.status == Bijeenkomst.Status.GEANNULEERD
    event = Event.new(
        uid=bijeenkomst_uid(bijeenkomst),
        sequence=bijeenkomst.volgnummer,
        stamp=timezone.now().astimezone(datetime.UTC),
        start=bijeenkomst.begin.astimezone(datetime.UTC),
        end=bijeenkomst.einde.astimezone(datetime.UTC),
        summary=bijeenkomst.titel,
        location=bijeenkomst_plaats(bijeenkomst),
        description=_omschrijving(bijeenkomst),
        url=bijeenkomst_url(bijeenkomst),
        status=STATUS.CANCELLED if geannuleerd else STATUS.CONFIRMED,
    )
    if itip:
        # An invitation names its organiser and its attendee (RFC 5546). Replies are not processed: members register
        # in the portal, so the calendar is asked not to send any (RSVP=FALSE).
        event.add("organizer", _organisator())
        if deelnemer is not None:
            event.add(
                "attendee",
                vCalAddress.new(
                    deelnemer.email, cn=deelnemer.naam, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp=False
                ),
            )
    return event


def _kalender(methode: str) -> Calendar:
    kalender = Calendar()
    kalender.add("prodid", PRODID)
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("method", methode)
    return kalender


def ics_methode(bijeenkomst: Bijeenkomst, methode: str) -> str:
    """An invitation to a cancelled meeting is a cancellation."""
    if methode == "REQUEST" and bijeenkomst.status == Bijeenkomst.Status.GEANNULEERD:
        return "CANCEL"
    return methode


def bijeenkomst_ics(bijeenkomst: Bijeenkomst, *, methode: str = "REQUEST", deelnemer: User | None = None) -> bytes:
    """One meeting. REQUEST (an invitation, or CANCEL when the meeting is cancelled) goes by mail to `deelnemer`;
    PUBLISH is for a file to import."""
    methode = ics_methode(bijeenkomst, methode)
    kalender = _kalender(methode)
    kalender.add_component(_event(bijeenkomst, itip=methode != "PUBLISH", deelnemer=deelnemer))
    return kalender.to_ical()


def agenda_ics(bijeenkomsten: Iterable[Bijeenkomst], *, naam: str = "Kringportaal") -> bytes:
    """A feed to subscribe to: every meeting as published, a cancelled one marked CANCELLED."""
    kalender = _kalender("PUBLISH")
    kalender.calendar_name = naam
    kalender.add("refresh-interval", VERVERSEN, parameters={"VALUE": "DURATION"})
    kalender.add("x-published-ttl", VERVERSEN)  # the same for Google and Outlook, which read this one
    for bijeenkomst in bijeenkomsten:
        kalender.add_component(_event(bijeenkomst, itip=False))
    return kalender.to_ical()
