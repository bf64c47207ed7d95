"""Reads of the intentieovereenkomst, with their visibility rules: members see the versions from the moment they are
open for signing; concepts only beheerders and the stuurgroep."""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, QuerySet, When
from django.shortcuts import get_object_or_404

from kring.models import Intentieovereenkomst, Ondertekening, Organisatie, Themadoel, User
from kring.permissions import is_lid, mag_concepten_zien

Status = Intentieovereenkomst.Status
TEKENENDE_SOORTEN = (Organisatie.Soort.GEMEENTE, Organisatie.Soort.OPDRACHTNEMER)


def _zichtbaar(user: User) -> QuerySet[Intentieovereenkomst]:
    if not is_lid(user):
        return Intentieovereenkomst.objects.none()
    versies = Intentieovereenkomst.objects.all()
    return versies if mag_concepten_zien(user) else versies.exclude(status=Status.CONCEPT)


def overeenkomst_list(*, user: User) -> QuerySet[Intentieovereenkomst]:
    """The versions `user` may see, newest first, with their number of themadoelen and signatures."""
    return (
        _zichtbaar(user)
        .annotate(
            aantal_themadoelen=Count("themadoelen", distinct=True),
            aantal_ondertekeningen=Count("ondertekeningen", distinct=True),
        )
        .order_by("-versie")  # an aggregate drops the model's default ordering
    )


def overeenkomst_get(*, user: User, pk: int) -> Intentieovereenkomst:
    """One version with its themadoelen (in order, `themadoelen.all()`) and their werkgroepen; 404 when `user` may not
    see it."""
    themadoelen = Themadoel.objects.order_by("volgorde", "pk").prefetch_related("werkgroepen")
    return get_object_or_404(_zichtbaar(user).prefetch_related(Prefetch("themadoelen", queryset=themadoelen)), pk=pk)


def overeenkomst_huidig() -> Intentieovereenkomst | None:
    """The version that matters now: the one open for signing, otherwise the newest one van kracht."""
    return (
        Intentieovereenkomst.objects.filter(status__in=[Status.TER_ONDERTEKENING, Status.VAN_KRACHT])
        .order_by(Case(When(status=Status.TER_ONDERTEKENING, then=0), default=1), "-versie")
        .first()
    )


def overeenkomst_overlappend(*, overeenkomst: Intentieovereenkomst) -> QuerySet[Intentieovereenkomst]:
    """Other versions van kracht whose period overlaps that of `overeenkomst`: they expire when it comes into force."""
    return Intentieovereenkomst.objects.filter(
        status=Status.VAN_KRACHT,
        ingangsdatum__lte=overeenkomst.einddatum,
        einddatum__gte=overeenkomst.ingangsdatum,
    ).exclude(pk=overeenkomst.pk)


@dataclass(frozen=True)
class Deelnemersoverzicht:
    """Who signed a version and, while it is open for signing, which members still have to.

    `getekend`: the signatures, by organisation name, each with `organisatie` loaded (and `naam_ondertekenaar`,
    `functie`, `ondertekend_op` as printed under the agreement).
    `niet_getekend`: member gemeenten and opdrachtnemers without a signature, by name, each annotated with
    `heeft_tekenbevoegde` (someone in the portal may sign for it); empty unless the version is ter ondertekening.
    """

    getekend: list[Ondertekening]
    niet_getekend: list[Organisatie]

    @property
    def aantal_getekend(self) -> int:
        return len(self.getekend)

    @property
    def aantal_niet_getekend(self) -> int:
        return len(self.niet_getekend)

    @property
    def aantal_deelnemers(self) -> int:
        return self.aantal_getekend + self.aantal_niet_getekend

    def ondertekening_van(self, organisatie_id: int | None) -> Ondertekening | None:
        return next((o for o in self.getekend if o.organisatie_id == organisatie_id), None)


def deelnemers_overzicht(*, overeenkomst: Intentieovereenkomst) -> Deelnemersoverzicht:
    getekend = list(
        Ondertekening.objects.filter(overeenkomst=overeenkomst)
        .select_related("organisatie")
        .order_by("organisatie__naam")
    )
    niet_getekend = []
    if overeenkomst.status == Status.TER_ONDERTEKENING:
        tekenbevoegden = User.objects.filter(
            organisatie=OuterRef("pk"), is_tekenbevoegd=True, status=User.Status.ACTIEF
        )
        niet_getekend = list(
            Organisatie.objects.leden()
            .filter(soort__in=TEKENENDE_SOORTEN)
            .exclude(Exists(Ondertekening.objects.filter(overeenkomst=overeenkomst, organisatie=OuterRef("pk"))))
            .annotate(heeft_tekenbevoegde=Exists(tekenbevoegden))
            .order_by("naam")
        )
    return Deelnemersoverzicht(getekend=getekend, niet_getekend=niet_getekend)
