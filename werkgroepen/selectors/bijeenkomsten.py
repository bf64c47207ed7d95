"""Reads of the bijeenkomsten: the meetings every member may see, one meeting with its agenda (and what the fixed
items list), attendance and minutes, the people to invite, and a person's own actiepunten."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from kring.herinneringen import Aanleiding, absolute_url
from kring.models import Herinnering, User
from kring.permissions import is_lid
from kring.selectors.leden import lopende_lidmaatschappen
from werkgroepen.models import (
    Aanwezigheid,
    Actiepunt,
    Activiteit,
    Agendapunt,
    Besluit,
    Bijeenkomst,
    Signaal,
    Werkgroep,
)
from werkgroepen.selectors.agenda import activiteiten_gewijzigd_sinds
from werkgroepen.selectors.werkgroepen import actieve_leden, werkgroep_list, werkgroepen_van_trekker

Status = Bijeenkomst.Status
Soort = Agendapunt.Soort

# The first meeting of its scope has no previous one: the kring meets about every two months, so its "voortgang" item
# shows what changed in the two months before it.
VOORTGANG_ZONDER_VORIGE = datetime.timedelta(days=61)


def _voor_leden(user: User, queryset: QuerySet) -> QuerySet:
    """Meetings and all that belongs to them are for members only."""
    return queryset if is_lid(user) else queryset.none()


def bijeenkomst_list(*, user: User) -> QuerySet[Bijeenkomst]:
    """Every meeting, for members only (the kring is open: werkgroep meetings too), with `eigen_status` (the user's
    own Aanwezigheid status, or None), `aantal_aangemeld` and `aantal_aanwezig`."""
    eigen = Aanwezigheid.objects.filter(bijeenkomst=OuterRef("pk"), gebruiker=user).values("status")[:1]
    return _voor_leden(user, Bijeenkomst.objects.select_related("werkgroep")).annotate(
        eigen_status=Subquery(eigen),
        aantal_aangemeld=Count("aanwezigheden", filter=Q(aanwezigheden__status=Aanwezigheid.Status.AANGEMELD)),
        aantal_aanwezig=Count("aanwezigheden", filter=Q(aanwezigheden__status=Aanwezigheid.Status.AANWEZIG)),
    )


def bijeenkomsten_komend(queryset: QuerySet[Bijeenkomst]) -> QuerySet[Bijeenkomst]:
    """Meetings that have not ended yet, soonest first."""
    return queryset.filter(einde__gte=timezone.now()).order_by("begin", "pk")


def bijeenkomsten_voorbij(queryset: QuerySet[Bijeenkomst]) -> QuerySet[Bijeenkomst]:
    """Meetings that have ended, latest first."""
    return queryset.filter(einde__lt=timezone.now()).order_by("-begin", "-pk")


def bijeenkomst_get(*, user: User, pk: int) -> Bijeenkomst:
    """One meeting with its werkgroep and organiser; 404 for anyone who is not a member."""
    return get_object_or_404(
        _voor_leden(user, Bijeenkomst.objects.select_related("werkgroep", "aangemaakt_door")), pk=pk
    )


def agendapunt_get(*, user: User, pk: int) -> Agendapunt:
    """One agenda item with its meeting (and the meeting's werkgroep); 404 for anyone who is not a member."""
    return get_object_or_404(_voor_leden(user, Agendapunt.objects.select_related("bijeenkomst__werkgroep")), pk=pk)


def actiepunt_get(*, user: User, pk: int) -> Actiepunt:
    """One actiepunt with its meeting; 404 for anyone who is not a member."""
    return get_object_or_404(_voor_leden(user, Actiepunt.objects.select_related("bijeenkomst__werkgroep")), pk=pk)


def vorige_bijeenkomst(*, bijeenkomst: Bijeenkomst) -> Bijeenkomst | None:
    """The latest meeting of the same scope (the same werkgroep, or the whole kring) before this one that was not
    cancelled."""
    return (
        Bijeenkomst.objects.filter(werkgroep=bijeenkomst.werkgroep_id, begin__lt=bijeenkomst.begin)
        .exclude(status=Status.GEANNULEERD)
        .order_by("-begin", "-pk")
        .first()
    )


def volgende_bijeenkomst(*, werkgroep: Werkgroep | None = None) -> Bijeenkomst | None:
    """The next planned meeting of `werkgroep` (None: of the whole kring) that has not begun: where an open klaagpaal
    item or hulpvraag goes on the agenda."""
    return (
        Bijeenkomst.objects.filter(werkgroep=werkgroep, status=Status.GEPLAND, begin__gt=timezone.now())
        .order_by("begin", "pk")
        .first()
    )


def voortgang_activiteiten(*, bijeenkomst: Bijeenkomst, vorige: Bijeenkomst | None) -> QuerySet[Activiteit]:
    """The activities of the meeting's scope (a werkgroep's own, or all for the whole kring) changed between the
    previous meeting and this one."""
    sinds = vorige.begin if vorige is not None else bijeenkomst.begin - VOORTGANG_ZONDER_VORIGE
    return activiteiten_gewijzigd_sinds(sinds=sinds, werkgroep=bijeenkomst.werkgroep).filter(
        gewijzigd_op__lte=bijeenkomst.begin
    )


@dataclass(frozen=True)
class Agendaregel:
    """One item of the agenda as shown: the item and what it lists (signals under klaagpaal and hulpvraag, changed
    activities under voortgang)."""

    agendapunt: Agendapunt
    signalen: list[Signaal] = field(default_factory=list)
    activiteiten: list[Activiteit] = field(default_factory=list)


def agenda(*, bijeenkomst: Bijeenkomst, vorige: Bijeenkomst | None) -> list[Agendaregel]:
    """The meeting's agenda in order. Items that carry a klaagpaal item or hulpvraag (put on the agenda from the
    klaagpaal pages) are listed under the fixed item of their kind instead of standing alone."""
    punten = list(
        Agendapunt.objects.filter(bijeenkomst=bijeenkomst).select_related("signaal").order_by("volgorde", "pk")
    )
    signalen: dict[str, list[Signaal]] = {}
    for punt in punten:
        if punt.signaal_id is not None:
            signalen.setdefault(punt.soort, []).append(punt.signaal)
    regels = []
    for punt in punten:
        if punt.signaal_id is not None:
            continue
        activiteiten = []
        if punt.soort == Soort.VOORTGANG:
            activiteiten = list(voortgang_activiteiten(bijeenkomst=bijeenkomst, vorige=vorige))
        regels.append(
            Agendaregel(punt, signalen.get(punt.soort, []) if punt.soort != Soort.EIGEN else [], activiteiten)
        )
    return regels


@dataclass(frozen=True)
class BijeenkomstOverzicht:
    """A meeting's page: its agenda, the previous meeting of its scope, who was invited and how they answered or
    attended, and the minutes' decisions and actiepunten."""

    bijeenkomst: Bijeenkomst
    vorige: Bijeenkomst | None
    agenda: list[Agendaregel]
    aanwezigheden: list[Aanwezigheid]
    besluiten: list[Besluit]
    actiepunten: list[Actiepunt]
    eigen_aanwezigheid: Aanwezigheid | None

    @property
    def begonnen(self) -> bool:
        """From its beginning the organiser records attendance and writes the minutes; registering stops."""
        return self.bijeenkomst.begin <= timezone.now()

    def aantal(self, status: str) -> int:
        return sum(aanwezigheid.status == status for aanwezigheid in self.aanwezigheden)

    @property
    def tellingen(self) -> list[tuple[str, int]]:
        """(label, number) per attendance status that occurs, in the order of the statuses. An invitee who has not
        answered yet still has the status "uitgenodigd", which reads oddly beside the total of invitees."""
        return [
            ("nog zonder antwoord" if status == Aanwezigheid.Status.UITGENODIGD else str(label).lower(), aantal)
            for status, label in Aanwezigheid.Status.choices
            if (aantal := self.aantal(status))
        ]

    @property
    def aanwezig(self) -> list[Aanwezigheid]:
        return [a for a in self.aanwezigheden if a.status == Aanwezigheid.Status.AANWEZIG]

    @property
    def afgemeld(self) -> list[Aanwezigheid]:
        return [a for a in self.aanwezigheden if a.status == Aanwezigheid.Status.AFGEMELD]


def aanwezigheden(*, bijeenkomst: Bijeenkomst) -> QuerySet[Aanwezigheid]:
    return (
        Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst)
        .select_related("gebruiker")
        .order_by("gebruiker__naam", "pk")
    )


def bijeenkomst_overzicht(*, bijeenkomst: Bijeenkomst, user: User | None = None) -> BijeenkomstOverzicht:
    """Everything a meeting's page and its PDFs show; `eigen_aanwezigheid` is that of `user`."""
    vorige = vorige_bijeenkomst(bijeenkomst=bijeenkomst)
    alle = list(aanwezigheden(bijeenkomst=bijeenkomst).select_related("gebruiker__organisatie"))
    return BijeenkomstOverzicht(
        bijeenkomst=bijeenkomst,
        vorige=vorige,
        agenda=agenda(bijeenkomst=bijeenkomst, vorige=vorige),
        aanwezigheden=alle,
        besluiten=list(Besluit.objects.filter(bijeenkomst=bijeenkomst).select_related("agendapunt")),
        actiepunten=list(Actiepunt.objects.filter(bijeenkomst=bijeenkomst).select_related("eigenaar", "agendapunt")),
        eigen_aanwezigheid=next((a for a in alle if user is not None and a.gebruiker_id == user.pk), None),
    )


def genodigden(*, werkgroep: Werkgroep | None) -> QuerySet[User]:
    """Who is invited: for the whole kring every active member, for a werkgroep its running members."""
    leden = actieve_leden()
    if werkgroep is None:
        return leden
    return leden.filter(pk__in=lopende_lidmaatschappen().filter(werkgroep=werkgroep).values("gebruiker"))


def werkgroepen_voor_planning(*, user: User) -> QuerySet[Werkgroep]:
    """The open werkgroepen `user` may plan a meeting for: all for a beheerder, otherwise those they lead."""
    if user.is_beheerder:
        return werkgroep_list()
    return werkgroepen_van_trekker(user).filter(gesloten_op__isnull=True)


def actiepunt_list(*, user: User) -> QuerySet[Actiepunt]:
    """`user`'s own actiepunten, with their meeting and werkgroep."""
    return Actiepunt.objects.filter(eigenaar=user).select_related("bijeenkomst__werkgroep", "agendapunt")


def actiepunten_open(queryset: QuerySet[Actiepunt]) -> QuerySet[Actiepunt]:
    return queryset.filter(gedaan_op__isnull=True).order_by("deadline", "pk")


def actiepunten_gedaan(queryset: QuerySet[Actiepunt]) -> QuerySet[Actiepunt]:
    return queryset.filter(gedaan_op__isnull=False).order_by("-gedaan_op", "-pk")


def bijeenkomsten_binnenkort(*, vandaag: datetime.date, dagen: int) -> QuerySet[Bijeenkomst]:
    """Planned meetings that begin after `vandaag` and at most `dagen` days from it."""
    return Bijeenkomst.objects.filter(
        status=Status.GEPLAND,
        begin__date__gt=vandaag,
        begin__date__lte=vandaag + datetime.timedelta(days=dagen),
    ).select_related("werkgroep")


# The reminder "bijeenkomst_binnenkort" (werkgroepen/herinneringen.py): from this many days before a planned meeting.
BINNENKORT = "bijeenkomst_binnenkort"
BINNENKORT_DAGEN = 7


def bijeenkomst_binnenkort_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """From seven days before a planned meeting, each invitee who did not send their regrets, with the agenda; once
    per meeting and person (a sweep that missed the seventh day catches up on the next)."""
    object_type = ContentType.objects.get_for_model(Bijeenkomst)
    for bijeenkomst in bijeenkomsten_binnenkort(vandaag=vandaag, dagen=BINNENKORT_DAGEN):
        gehad = Herinnering.objects.filter(
            soort=BINNENKORT, object_type=object_type, object_id=bijeenkomst.pk, ontvanger=OuterRef("gebruiker")
        )
        rijen = (
            aanwezigheden(bijeenkomst=bijeenkomst)
            .filter(
                status__in=[Aanwezigheid.Status.UITGENODIGD, Aanwezigheid.Status.AANGEMELD],
                gebruiker__status=User.Status.ACTIEF,
            )
            .exclude(Exists(gehad))
        )
        if not rijen:
            continue
        context = {
            "bijeenkomst": bijeenkomst,
            "agenda": agenda(bijeenkomst=bijeenkomst, vorige=vorige_bijeenkomst(bijeenkomst=bijeenkomst)),
            "url": absolute_url(reverse("werkgroepen:bijeenkomst", kwargs={"pk": bijeenkomst.pk})),
        }
        for rij in rijen:
            yield Aanleiding(
                rij.gebruiker, bijeenkomst, {**context, "aangemeld": rij.status == Aanwezigheid.Status.AANGEMELD}
            )
