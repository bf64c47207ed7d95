"""Reads for the calendar: a member's feed and the meetings in it, and who gets a meeting's invitation."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from dateutil.relativedelta import relativedelta

from kring.models import User
from werkgroepen.ical import ics_methode
from werkgroepen.models import Aanwezigheid, Agendafeed, Agendapunt, Bijeenkomst, Uitnodiging

# The window of a feed: recent meetings stay visible for a while, planned ones appear a year ahead.
FEED_TERUG = relativedelta(months=3)
FEED_VOORUIT = relativedelta(months=12)


def agendafeed_van(*, user: User) -> Agendafeed | None:
    return Agendafeed.objects.filter(gebruiker=user).first()


def agendafeed_get(*, token: str) -> Agendafeed:
    """The feed behind a secret address; 404 for an unknown or renewed address and for a person who is not (or no
    longer) an active member."""
    feed = Agendafeed.objects.select_related("gebruiker").filter(token=token).first()
    if feed is None or not feed.gebruiker.is_actief:
        raise Http404
    return feed


def _met_agenda(bijeenkomsten: QuerySet[Bijeenkomst]) -> QuerySet[Bijeenkomst]:
    agendapunten = Agendapunt.objects.order_by("volgorde", "pk")
    return bijeenkomsten.select_related("werkgroep").prefetch_related(Prefetch("agendapunten", queryset=agendapunten))


def feed_bijeenkomsten(*, gebruiker: User) -> QuerySet[Bijeenkomst]:
    """The meetings `gebruiker` is invited to or registered for (not those they declined), from three months back to
    a year ahead, earliest first, with their agenda. Cancelled ones stay in, so calendars drop them."""
    nu = timezone.now()
    deelname = Aanwezigheid.objects.filter(bijeenkomst=OuterRef("pk"), gebruiker=gebruiker).exclude(
        status=Aanwezigheid.Status.AFGEMELD
    )
    return _met_agenda(
        Bijeenkomst.objects.filter(Exists(deelname), begin__gte=nu - FEED_TERUG, begin__lte=nu + FEED_VOORUIT)
    ).order_by("begin", "pk")


def uitnodiging_methode(bijeenkomst: Bijeenkomst) -> Uitnodiging.Methode:
    """What the invitees get now: the invitation, or for a cancelled meeting the cancellation."""
    return Uitnodiging.Methode(ics_methode(bijeenkomst, Uitnodiging.Methode.REQUEST))


def uitnodiging_ontvangers(*, bijeenkomst: Bijeenkomst, methode: Uitnodiging.Methode) -> QuerySet[User]:
    """Who still has to get the meeting's current version (volgnummer) by `methode`: an invitation goes to the active
    invitees except those who declined, a cancellation to every active invitee who had an invitation; minus those
    who already got it. Nobody for a meeting that was held or is over."""
    if bijeenkomst.status == Bijeenkomst.Status.GEHOUDEN or bijeenkomst.einde < timezone.now():
        return User.objects.none()
    genodigd = Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst, gebruiker=OuterRef("pk"))
    verstuurd = Uitnodiging.objects.filter(bijeenkomst=bijeenkomst, gebruiker=OuterRef("pk"))
    if methode == Uitnodiging.Methode.CANCEL:
        ontvangers = Exists(genodigd) & Exists(verstuurd.filter(methode=Uitnodiging.Methode.REQUEST))
    else:
        ontvangers = Exists(genodigd.exclude(status=Aanwezigheid.Status.AFGEMELD))
    gehad = verstuurd.filter(volgnummer=bijeenkomst.volgnummer, methode=methode)
    return User.objects.filter(ontvangers, status=User.Status.ACTIEF).exclude(Exists(gehad)).order_by("pk")
