"""Reads of SROI inzet with their visibility (DESIGN §5): a line, its evidence and its candidate are seen by whoever
may see the obligation (sroi/selectors/verplichtingen.py: the contractor's own staff, the project's gemeente,
beheerders); everyone else gets 404, also by id. Candidates appear by their code only."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from kring.models import User
from sroi import waardering
from sroi.models import VOLTIJD_UREN, Bewijsstuk, Bouwblok, Inzetregel, Kandidaat, Verplichting
from sroi.permissions import mag_kandidaten_zien
from sroi.selectors.verplichtingen import verplichtingen_zichtbaar

Status = Inzetregel.Status
_BEDRAG = DecimalField(max_digits=16, decimal_places=2)


def inzet_voor_verplichting(*, verplichting: Verplichting, user: User) -> list[Inzetregel]:
    """The lines of an obligation the caller has already fetched through `verplichting_get` (so `user` may see it),
    in start order, with soort, candidate, bonuses and evidence: three queries however many lines."""
    del user  # visibility is the obligation's; the parameter keeps the call explicit about who reads
    return list(
        Inzetregel.objects.filter(verplichting=verplichting)
        .select_related("bouwblok", "kandidaat")
        .prefetch_related("bonussen", "bewijsstukken")
        .order_by("start", "pk")
    )


def regel_get(*, user: User, pk: int) -> Inzetregel:
    """One line with its obligation (project, gemeente, contractor, table, coordinator), soort, candidate, bonuses
    and evidence. 404 unless `user` may see the obligation."""
    return get_object_or_404(
        Inzetregel.objects.filter(verplichting__in=verplichtingen_zichtbaar(user=user))
        .select_related(
            "verplichting__project__gemeente",
            "verplichting__opdrachtnemer",
            "verplichting__waardetabel",
            "verplichting__coordinator",
            "bouwblok",
            "kandidaat",
            "ingevoerd_door",
            "beoordeeld_door",
        )
        .prefetch_related("bonussen", "bewijsstukken"),
        pk=pk,
    )


def bewijs_get(*, user: User, pk: int) -> Bewijsstuk:
    """One piece of evidence, for download. 404 unless `user` may see its line's obligation."""
    return get_object_or_404(
        Bewijsstuk.objects.filter(inzetregel__verplichting__in=verplichtingen_zichtbaar(user=user)), pk=pk
    )


@dataclass(frozen=True)
class Berekening:
    """How a line's value came about, for its page."""

    dagen: int  # days in the period, both ends included
    geteld: int  # days that count after the cap
    eerder: int  # days the same candidate counted earlier under the same category on this obligation
    max_dagen: int | None
    factor_uren: Decimal  # uren_per_week / 36
    bonussen: list[tuple[Bouwblok, Decimal]]  # bonus with its share of the value (unrounded)


def berekening(*, regel: Inzetregel) -> Berekening | None:
    """The calculation of a candidate line (None for other soorten), with the cap as the candidate's other lines in
    the category use it up (one query for those lines, one for their bonuses)."""
    if regel.bouwblok.soort != Bouwblok.Soort.CATEGORIE or regel.uren_per_week is None:
        return None
    eerder = 0
    if regel.status != Status.AFGEWEZEN and regel.kandidaat_id is not None:
        lijn = (
            Inzetregel.objects.filter(
                verplichting_id=regel.verplichting_id, kandidaat_id=regel.kandidaat_id, bouwblok_id=regel.bouwblok_id
            )
            .exclude(status=Status.AFGEWEZEN)
            .select_related("bouwblok")
            .prefetch_related("bonussen")
        )
        for andere, _waarde, dagen in waardering.regels_waarderen(lijn):
            if andere.pk == regel.pk:
                break
            eerder += dagen
    geteld = waardering.getelde_dagen(
        start=regel.start, eind=regel.eind, max_maanden=regel.bouwblok.max_maanden, eerder_dagen=eerder
    )
    factor = Decimal(regel.uren_per_week) / VOLTIJD_UREN
    return Berekening(
        dagen=waardering.periode_dagen(regel.start, regel.eind),
        geteld=geteld,
        eerder=eerder,
        max_dagen=waardering.max_dagen(regel.bouwblok.max_maanden),
        factor_uren=factor,
        bonussen=[
            (bonus, Decimal(bonus.waarde) * factor * geteld / waardering.DAGEN_PER_JAAR)
            for bonus in regel.bonussen.all()
        ],
    )


def kandidaten(*, user: User) -> QuerySet[Kandidaat]:
    """The candidates of the user's own organisation (a contractor), each with the number of lines and the value of
    the lines not rejected (`waarde`) and of the validated ones (`gevalideerd`): one query. None for anyone else."""
    if not mag_kandidaten_zien(user):
        return Kandidaat.objects.none()
    niet_afgewezen = ~Q(inzet__status=Status.AFGEWEZEN)
    return (
        Kandidaat.objects.filter(opdrachtnemer_id=user.organisatie_id)
        .annotate(
            aantal_regels=Count("inzet"),
            waarde=Coalesce(Sum("inzet__waarde", filter=niet_afgewezen), Value(Decimal(0)), output_field=_BEDRAG),
            gevalideerd=Coalesce(
                Sum("inzet__waarde", filter=Q(inzet__status=Status.GEVALIDEERD)),
                Value(Decimal(0)),
                output_field=_BEDRAG,
            ),
        )
        .order_by("code")
    )
