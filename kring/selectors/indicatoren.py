"""Reads of the indicators of the intentieovereenkomst (issue 8). The indicators in view are those of the themadoelen
of the version that matters now (open for signing, or the newest van kracht) and of the newest version the user may
see (a concept only for beheerders and the stuurgroep, who prepare the next agreement). Indicators are kring figures:
every member sees them."""

import datetime
from collections.abc import Sequence

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.shortcuts import get_object_or_404

from kring.models import Indicator, Indicatorwaarde, Intentieovereenkomst, Themadoel, User
from kring.permissions import is_lid, mag_concepten_zien

Status = Intentieovereenkomst.Status


def _huidig_en_nieuwste(versies: QuerySet[Intentieovereenkomst]) -> Q:
    """A condition on Themadoel: its version is the current one or the newest of `versies` (as subqueries)."""
    huidig = (
        Intentieovereenkomst.objects.filter(status__in=[Status.TER_ONDERTEKENING, Status.VAN_KRACHT])
        .order_by(Case(When(status=Status.TER_ONDERTEKENING, then=0), default=1), "-versie")
        .values("pk")[:1]
    )
    nieuwste = versies.order_by("-versie").values("pk")[:1]
    return Q(overeenkomst=Subquery(huidig)) | Q(overeenkomst=Subquery(nieuwste))


def themadoelen_in_beeld(*, user: User) -> QuerySet[Themadoel]:
    """The themadoelen whose indicators `user` sees: of the current version and of the newest version they may see."""
    if not is_lid(user):
        return Themadoel.objects.none()
    versies = Intentieovereenkomst.objects.all()
    if not mag_concepten_zien(user):
        versies = versies.exclude(status=Status.CONCEPT)
    return Themadoel.objects.filter(_huidig_en_nieuwste(versies))


def themadoelen_voor_indicatoren() -> QuerySet[Themadoel]:
    """The themadoelen that may get indicators: those of the current version and of the newest version (a concept
    too: the stuurgroep prepares the indicators of the next agreement)."""
    return Themadoel.objects.filter(_huidig_en_nieuwste(Intentieovereenkomst.objects.all())).select_related(
        "overeenkomst"
    )


def indicatoren_per_themadoel(
    *, user: User, kwartalen: Sequence[datetime.date], alleen_met_indicatoren: bool = False
) -> list[Themadoel]:
    """The themadoelen in view, in the order of their version (newest first) and volgorde, each with
    `indicatoren_lijst` (its indicators in order), each of those with `opgeslagen` (its stored values in `kwartalen`).
    Three queries, however many themadoelen, indicators and values."""
    waarden = Indicatorwaarde.objects.filter(kwartaal__in=list(kwartalen)).order_by("kwartaal")
    indicatoren = Indicator.objects.order_by("volgorde", "pk").prefetch_related(
        Prefetch("waarden", queryset=waarden, to_attr="opgeslagen")
    )
    themadoelen = (
        themadoelen_in_beeld(user=user)
        .select_related("overeenkomst")
        .order_by("-overeenkomst__versie", "volgorde", "pk")
        .prefetch_related(Prefetch("indicatoren", queryset=indicatoren, to_attr="indicatoren_lijst"))
    )
    if alleen_met_indicatoren:
        themadoelen = themadoelen.filter(Exists(Indicator.objects.filter(themadoel=OuterRef("pk"))))
    return list(themadoelen)


def indicator_get(*, user: User, pk: int) -> Indicator:
    """An indicator in view of `user`, with its themadoel and version; 404 otherwise."""
    return get_object_or_404(
        Indicator.objects.select_related("themadoel__overeenkomst").filter(
            themadoel__in=themadoelen_in_beeld(user=user)
        ),
        pk=pk,
    )


def indicatorwaarde_get(*, indicator: Indicator, kwartaal: datetime.date) -> Indicatorwaarde | None:
    return Indicatorwaarde.objects.filter(indicator=indicator, kwartaal=kwartaal).first()
