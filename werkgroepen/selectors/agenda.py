"""Reads of the uitvoeringsagenda: the activities every member sees, their totals and export, the choices of the
activity form, what changed since a date (for the meetings), and who to remind about what is overdue."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kring.herinneringen import Aanleiding, absolute_url
from kring.models import Themadoel, User
from kring.selectors.leden import lopende_lidmaatschappen
from kring.selectors.overeenkomst import overeenkomst_huidig
from werkgroepen.models import Actiepunt, Activiteit, Lidmaatschap, Voortgangsnotitie, Werkgroep
from werkgroepen.permissions import mag_agenda_zien

Status = Activiteit.Status
OPEN_STATUSSEN = (Status.GEPLAND, Status.LOPEND)


def te_laat(vandaag: datetime.date | None = None) -> Q:
    """Overdue: still planned or running, and the deadline has passed (the same rule as `Activiteit.is_te_laat`)."""
    return Q(status__in=OPEN_STATUSSEN, deadline__lt=vandaag or timezone.localdate())


def activiteit_list_alle() -> QuerySet[Activiteit]:
    """Every activity, with werkgroep, themadoel and initiatiefnemer joined; for code that runs without a person
    (meetings' agendas, reminders)."""
    return Activiteit.objects.select_related("werkgroep", "themadoel", "initiatiefnemer")


def activiteit_list(*, user: User) -> QuerySet[Activiteit]:
    """The whole uitvoeringsagenda for a member, by deadline."""
    if not mag_agenda_zien(user):
        return Activiteit.objects.none()
    return activiteit_list_alle().order_by("deadline", "pk")


def activiteit_get(*, user: User, pk: int) -> Activiteit:
    """One activity with its team (by name) and progress notes (newest first, with their author); 404 for
    non-members."""
    return get_object_or_404(
        activiteit_list(user=user).prefetch_related(
            Prefetch("team", queryset=User.objects.order_by("naam", "pk")),
            Prefetch("voortgang", queryset=Voortgangsnotitie.objects.select_related("auteur")),
        ),
        pk=pk,
    )


def activiteiten_gewijzigd_sinds(*, sinds: datetime.datetime, werkgroep: Werkgroep | None = None) -> QuerySet:
    """Activities whose status or deadline changed, or that got a progress note, at or after `sinds` (the item
    "voortgang uitvoeringsagenda" of a meeting lists those since the previous one); only those of `werkgroep` when
    given. By werkgroep, then most recently changed first, with werkgroep, themadoel and initiatiefnemer joined."""
    activiteiten = activiteit_list_alle().filter(gewijzigd_op__gte=sinds)
    if werkgroep is not None:
        activiteiten = activiteiten.filter(werkgroep=werkgroep)
    return activiteiten.order_by("werkgroep__volgorde", "werkgroep__naam", "-gewijzigd_op", "pk")


def themadoelen_van_agenda() -> QuerySet[Themadoel]:
    """The themadoelen to filter the agenda on: those of the current agreement and those activities point at."""
    huidig = overeenkomst_huidig()
    in_gebruik = Exists(Activiteit.objects.filter(themadoel=OuterRef("pk")))
    return (
        Themadoel.objects.filter(Q(overeenkomst=huidig) | in_gebruik if huidig is not None else in_gebruik)
        .select_related("overeenkomst")
        .order_by("-overeenkomst__versie", "volgorde", "pk")
    )


# --- Totals and export -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totalen:
    """The figures above the list, for exactly the activities the filters select."""

    aantal: int
    te_laat: int
    budget: Decimal | None
    per_status: list[tuple[str, str, int]]  # (status, label, number), in the order of the flow


def agenda_totalen(activiteiten: QuerySet[Activiteit]) -> Totalen:
    """Counted by the database in one query."""
    cijfers = activiteiten.order_by().aggregate(
        aantal=Count("pk"),
        te_laat=Count("pk", filter=te_laat()),
        budget=Sum("budget"),
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
    )
    return Totalen(
        aantal=cijfers["aantal"],
        te_laat=cijfers["te_laat"],
        budget=cijfers["budget"],
        per_status=[(status.value, status.label, cijfers[status.value]) for status in Status],
    )


AGENDA_KOPPEN = [
    _("Titel"),
    _("Werkgroep"),
    _("Themadoel"),
    _("Initiatiefnemer"),
    _("Team"),
    _("Startdatum"),
    _("Deadline"),
    _("Budget (€)"),
    _("Status"),
    _("Te laat"),
    _("Laatst gewijzigd"),
]


def agenda_rijen(activiteiten: QuerySet[Activiteit], *, formaat: str) -> Iterator[list]:
    """Rows under AGENDA_KOPPEN. A CSV opens in Dutch Excel, which reads a decimal comma: the budget is written that
    way there, and as a number in XLSX."""
    for activiteit in activiteiten.prefetch_related(Prefetch("team", queryset=User.objects.order_by("naam"))):
        budget = activiteit.budget
        if budget is not None and formaat == "csv":
            budget = formats.number_format(budget, 2)
        yield [
            activiteit.titel,
            activiteit.werkgroep.naam,
            activiteit.themadoel.naam if activiteit.themadoel_id else "",
            activiteit.initiatiefnemer.naam if activiteit.initiatiefnemer_id else "",
            ", ".join(lid.naam for lid in activiteit.team.all()),
            activiteit.startdatum,
            activiteit.deadline,
            budget,
            activiteit.get_status_display(),
            _("ja") if activiteit.is_te_laat else _("nee"),
            activiteit.gewijzigd_op,
        ]


# --- Choices of the activity form ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keuzes:
    werkgroepen: QuerySet[Werkgroep]
    themadoelen: QuerySet[Themadoel]
    personen: QuerySet[User]


def activiteit_keuzes(*, user: User, activiteit: Activiteit | None = None) -> Keuzes:
    """What the form offers: the open werkgroepen `user` may plan for (all for a beheerder), the themadoelen of the
    current intentieovereenkomst, and active people as initiatiefnemer and team. What an existing activity already
    has stays choosable, so saving it never fails on a value nobody changed."""
    werkgroepen = Q(gesloten_op__isnull=True)
    if not user.is_beheerder:
        werkgroepen &= Exists(lopende_lidmaatschappen().filter(werkgroep=OuterRef("pk"), gebruiker=user))
    huidig = overeenkomst_huidig()
    themadoelen = Q(overeenkomst=huidig) if huidig is not None else Q(pk__in=[])
    personen = Q(status=User.Status.ACTIEF, organisatie__isnull=False)
    if activiteit is not None and activiteit.pk is not None:
        werkgroepen |= Q(pk=activiteit.werkgroep_id)
        themadoelen |= Q(pk=activiteit.themadoel_id)
        personen |= Q(pk=activiteit.initiatiefnemer_id) | Q(pk__in=activiteit.team.values("pk"))
    return Keuzes(
        werkgroepen=Werkgroep.objects.filter(werkgroepen),
        themadoelen=Themadoel.objects.filter(themadoelen).select_related("overeenkomst").order_by("volgorde", "pk"),
        personen=User.objects.filter(personen).order_by("naam", "pk"),
    )


# --- Reminders -------------------------------------------------------------------------------------------------------


def _trekkers(werkgroep_ids: set[int]) -> dict[int, list[User]]:
    """The running trekkers of these werkgroepen, per werkgroep, in one query."""
    per_werkgroep = defaultdict(list)
    lidmaatschappen = (
        lopende_lidmaatschappen()
        .filter(werkgroep_id__in=werkgroep_ids, rol=Lidmaatschap.Rol.TREKKER)
        .select_related("gebruiker")
        .order_by("gebruiker__naam", "pk")
    )
    for lidmaatschap in lidmaatschappen:
        per_werkgroep[lidmaatschap.werkgroep_id].append(lidmaatschap.gebruiker)
    return per_werkgroep


def _aanleidingen(obj, *, eigenaar: User | None, rol_eigenaar: str, trekkers: list[User], context: dict):
    """One reason per person: the owner and the trekkers, each once, told in which role they get it."""
    ontvangers: dict[int, tuple[User, list[str]]] = {}
    if eigenaar is not None:
        ontvangers[eigenaar.pk] = (eigenaar, [rol_eigenaar])
    for trekker in trekkers:
        ontvangers.setdefault(trekker.pk, (trekker, []))[1].append(str(_("trekker van de werkgroep")))
    for ontvanger, rollen in ontvangers.values():
        yield Aanleiding(ontvanger, obj, {**context, "als": " en ".join(rollen)})


def activiteiten_te_laat_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Overdue activities, to their initiatiefnemer and the trekkers of their werkgroep."""
    activiteiten = list(activiteit_list_alle().filter(te_laat(vandaag)).order_by("deadline", "pk"))
    trekkers = _trekkers({activiteit.werkgroep_id for activiteit in activiteiten})
    for activiteit in activiteiten:
        yield from _aanleidingen(
            activiteit,
            eigenaar=activiteit.initiatiefnemer,
            rol_eigenaar=str(_("initiatiefnemer")),
            trekkers=trekkers[activiteit.werkgroep_id],
            context={
                "activiteit": activiteit,
                "dagen_te_laat": (vandaag - activiteit.deadline).days,
                "url": absolute_url(reverse("werkgroepen:activiteit", kwargs={"pk": activiteit.pk})),
            },
        )


def actiepunten_te_laat_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Actiepunten not done by their deadline, to their owner and, for a meeting of a werkgroep, its trekkers."""
    actiepunten = list(
        Actiepunt.objects.filter(gedaan_op__isnull=True, deadline__lt=vandaag)
        .select_related("eigenaar", "bijeenkomst__werkgroep")
        .order_by("deadline", "pk")
    )
    trekkers = _trekkers({actiepunt.bijeenkomst.werkgroep_id for actiepunt in actiepunten} - {None})
    for actiepunt in actiepunten:
        bijeenkomst = actiepunt.bijeenkomst
        yield from _aanleidingen(
            actiepunt,
            eigenaar=actiepunt.eigenaar,
            rol_eigenaar=str(_("eigenaar")),
            trekkers=trekkers[bijeenkomst.werkgroep_id] if bijeenkomst.werkgroep_id else [],
            context={
                "actiepunt": actiepunt,
                "bijeenkomst": bijeenkomst,
                "dagen_te_laat": (vandaag - actiepunt.deadline).days,
                "url": absolute_url(reverse("werkgroepen:bijeenkomst", kwargs={"pk": bijeenkomst.pk})),
            },
        )
