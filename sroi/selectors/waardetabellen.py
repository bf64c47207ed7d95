"""Reads of the regions and value tables for the beheerders' pages: per region its gemeenten and versions (with how many
bouwblokken and obligations each has), and one version with its bouwblokken grouped per soort."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from kring.models import Organisatie
from sroi.models import Bouwblok, Regio, Verplichting, Waardetabel
from sroi.waardering import WAARDE_BETEKENIS


def _aantal(queryset: QuerySet):
    # Subqueries rather than two joined counts: joining blocks and obligations would multiply the rows.
    return Coalesce(
        Subquery(
            queryset.filter(waardetabel=OuterRef("pk"))
            .order_by()
            .values("waardetabel")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def met_tellingen(tabellen: QuerySet[Waardetabel]) -> QuerySet[Waardetabel]:
    """`aantal_bouwblokken` and `aantal_verplichtingen` on each table."""
    return tabellen.annotate(
        aantal_bouwblokken=_aantal(Bouwblok.objects.all()),
        aantal_verplichtingen=_aantal(Verplichting.objects.all()),
    )


def regios_met_tabellen() -> list[Regio]:
    """All regions by name, each with `gemeenten` and `waardetabellen` (newest first, counted) prefetched: three
    queries however many there are."""
    return list(
        Regio.objects.order_by("naam").prefetch_related(
            Prefetch("gemeenten", queryset=Organisatie.objects.order_by("naam")),
            Prefetch(
                "waardetabellen",
                queryset=met_tellingen(Waardetabel.objects.all()).order_by("-geldig_vanaf"),
            ),
        )
    )


def regio_get(*, pk: int) -> Regio:
    return get_object_or_404(Regio.objects.prefetch_related("gemeenten"), pk=pk)


def waardetabel_get(*, pk: int) -> Waardetabel:
    """One version with its region and counts; 404 when it does not exist."""
    return get_object_or_404(met_tellingen(Waardetabel.objects.select_related("regio")), pk=pk)


@dataclass(frozen=True)
class Soortgroep:
    """The bouwblokken of one soort, with what `waarde` means for that soort."""

    soort: str
    label: str
    betekenis: str
    blokken: list[Bouwblok]


def bouwblokken_per_soort(tabel: Waardetabel) -> list[Soortgroep]:
    """The table's bouwblokken in the order of the soorten (doelgroepen first), each group with the meaning of its
    value; soorten without rows are left out. One query."""
    blokken = list(tabel.bouwblokken.order_by("volgorde", "pk"))
    return [
        Soortgroep(
            soort=soort.value,
            label=str(soort.label),
            betekenis=WAARDE_BETEKENIS[soort.value],
            blokken=[blok for blok in blokken if blok.soort == soort.value],
        )
        for soort in Bouwblok.Soort
        if any(blok.soort == soort.value for blok in blokken)
    ]


def nieuwste_versie(regio: Regio) -> Waardetabel | None:
    """The region's version with the latest geldig_vanaf, whatever its status (the one a copy usually starts from)."""
    return regio.waardetabellen.order_by("-geldig_vanaf").first()
