"""Reads of the questionnaires for the beheerders' pages: the versions per direction with how many ratings use each,
one version with its criteria, and whether its criterion codes match the mirror direction's (gaps are per code)."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from kring.models import User
from pastperformance.models import SPIEGEL, Beoordeling, Criterium, Richting, Vragenlijst
from pastperformance.permissions import mag_vragenlijsten_beheren

Status = Vragenlijst.Status

# A self-rating and the other side's rating of the same side are compared per criterion code, in both directions.
SPIEGELRICHTING = {**SPIEGEL, **{rating: zelf for zelf, rating in SPIEGEL.items()}}


def _met_tellingen(versies: QuerySet[Vragenlijst]) -> QuerySet[Vragenlijst]:
    # Subqueries rather than two joined counts: joining criteria and ratings would multiply the rows.
    def aantal(queryset):
        return Coalesce(
            Subquery(
                queryset.filter(vragenlijst=OuterRef("pk"))
                .order_by()
                .values("vragenlijst")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    return versies.annotate(
        aantal_criteria=aantal(Criterium.objects.all()), aantal_beoordelingen=aantal(Beoordeling.objects.all())
    )


@dataclass(frozen=True)
class Richtingoverzicht:
    """One direction with its versions, newest first; `concept` and `vastgesteld` pick the two that matter now."""

    richting: Richting
    versies: list[Vragenlijst]

    @property
    def concept(self) -> Vragenlijst | None:
        return next((versie for versie in self.versies if versie.status == Status.CONCEPT), None)

    @property
    def vastgesteld(self) -> Vragenlijst | None:
        return next((versie for versie in self.versies if versie.status == Status.VASTGESTELD), None)


def vragenlijsten_per_richting() -> list[Richtingoverzicht]:
    """The four directions, each with all its versions annotated with `aantal_criteria` and `aantal_beoordelingen`
    (one query for everything)."""
    versies = list(_met_tellingen(Vragenlijst.objects.all()).order_by("richting", "-versie"))
    return [
        Richtingoverzicht(richting=richting, versies=[versie for versie in versies if versie.richting == richting])
        for richting in Richting
    ]


def vragenlijst_get(*, user: User, pk: int) -> Vragenlijst:
    """One version with `aantal_beoordelingen` and its criteria in order (`criteria.all()`); 404 for anyone who may not
    manage questionnaires (the views answer them 403 before this)."""
    if not mag_vragenlijsten_beheren(user):
        raise Http404
    criteria = Criterium.objects.order_by("volgorde", "pk")
    return get_object_or_404(
        _met_tellingen(Vragenlijst.objects.all()).prefetch_related(Prefetch("criteria", queryset=criteria)), pk=pk
    )


def concept_van(*, richting: str) -> Vragenlijst | None:
    """The direction's concept, if it has one (there is at most one: the services see to that)."""
    return Vragenlijst.objects.filter(richting=richting, status=Status.CONCEPT).first()


@dataclass(frozen=True)
class Spiegelverschil:
    """How the criterion codes of `vragenlijst` differ from those of `spiegel`, the established version of its mirror
    direction."""

    vragenlijst: Vragenlijst
    spiegel: Vragenlijst
    alleen_hier: list[str]
    alleen_spiegel: list[str]

    @property
    def verschilt(self) -> bool:
        return bool(self.alleen_hier or self.alleen_spiegel)


def spiegelverschil(*, vragenlijst: Vragenlijst) -> Spiegelverschil | None:
    """Compare `vragenlijst`'s codes (its criteria must be loaded) with the established version of the mirror
    direction (zelf_on with og_on, zelf_og with on_og); None when the mirror has no established version."""
    spiegel = (
        Vragenlijst.objects.filter(richting=SPIEGELRICHTING[vragenlijst.richting], status=Status.VASTGESTELD)
        .prefetch_related("criteria")
        .first()
    )
    if spiegel is None:
        return None
    hier = {criterium.code for criterium in vragenlijst.criteria.all()}
    daar = {criterium.code for criterium in spiegel.criteria.all()}
    return Spiegelverschil(
        vragenlijst=vragenlijst, spiegel=spiegel, alleen_hier=sorted(hier - daar), alleen_spiegel=sorted(daar - hier)
    )


def spiegelverschillen_vastgesteld() -> list[Spiegelverschil]:
    """For each pair of mirror directions whose established versions use different criterion codes, the difference
    seen from the self-rating. One query."""
    codes: dict[str, set[str]] = {}
    versies: dict[str, Vragenlijst] = {}
    for criterium in Criterium.objects.filter(vragenlijst__status=Status.VASTGESTELD).select_related("vragenlijst"):
        codes.setdefault(criterium.vragenlijst.richting, set()).add(criterium.code)
        versies[criterium.vragenlijst.richting] = criterium.vragenlijst
    verschillen = []
    for zelf, spiegel in SPIEGEL.items():
        if zelf in versies and spiegel in versies:
            verschil = Spiegelverschil(
                vragenlijst=versies[zelf],
                spiegel=versies[spiegel],
                alleen_hier=sorted(codes[zelf] - codes[spiegel]),
                alleen_spiegel=sorted(codes[spiegel] - codes[zelf]),
            )
            if verschil.verschilt:
                verschillen.append(verschil)
    return verschillen
