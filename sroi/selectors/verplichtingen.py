"""Reads of SROI obligations with their visibility and progress (issue 7, outcomes 2 and 4).

Visibility (DESIGN §5): an obligation and its inzet are for active staff of the obligation's contractor (its own only),
active staff of the project's gemeente, and beheerders. Everyone else gets 404, also by id. The stuurgroep sees the
kring-wide totals (`kring_totalen`: aggregates, no candidate, no single line) and, like everyone, the obligations of
its own organisation.

Progress of an obligation (`voortgang`):
- due: the stored SR amount (sroi/waardering.py `sr_bedrag`);
- realised: the value of all lines not rejected (submitted and validated); validated: the validated lines only;
- elapsed: the fraction of the term passed, counting both the first and the last day
  ((vandaag − start + 1) / (eind − start + 1), between 0 and 1);
- projected to the end of the term: linear, realised ÷ elapsed; none before 10 % of the term (too early to say); never
  below what is realised, and no more than twice the amount due (a few long lines entered early make a straight line
  overshoot; "more than twice" says all there is to say); after the term, the realised amount itself.
Realised and validated are stored on the obligation (`gerealiseerd`, `gevalideerd`, kept current by the inzet
services through `verplichting_totalen_bijwerken`); the other sums are computed in the database per obligation
(`met_sommen`: one query for a whole list), never line by line.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kring.models import Organisatie, User
from kring.permissions import is_lid
from projecten.selectors.projecten import project_list
from sroi.models import Inzetregel, Verplichting, Waarschuwing

Status = Inzetregel.Status
NUL = Decimal(0)
HONDERD = Decimal(100)
# No projection before this share of the term has passed.
PROGNOSE_VANAF = Decimal("0.10")
# A projection never exceeds this multiple of the amount due (or what is realised, when that is more).
PROGNOSE_PLAFOND = Decimal(2)
# The bouwblok codes of BBL apprentices (leerwerkplaatsen) start with this.
BBL_PREFIX = "bbl"

_BEDRAG = DecimalField(max_digits=16, decimal_places=2)


def _som(filter_: Q | None = None):
    return Coalesce(Sum("inzet__waarde", filter=filter_), Value(NUL), output_field=_BEDRAG)


# --- Visibility ------------------------------------------------------------------------------------------------------


def verplichtingen_zichtbaar(*, user: User) -> QuerySet[Verplichting]:
    """The obligations `user` may see: of their own organisation as contractor, or of their own gemeente's projects;
    every obligation for a beheerder; none for anyone else (visitors, applicants, blocked accounts)."""
    if not is_lid(user):
        return Verplichting.objects.none()
    if user.is_beheerder:
        return Verplichting.objects.all()
    if user.organisatie_id is None:
        return Verplichting.objects.none()
    return Verplichting.objects.filter(
        Q(opdrachtnemer_id=user.organisatie_id) | Q(project__gemeente_id=user.organisatie_id)
    )


def verplichting_get(*, user: User, pk: int) -> Verplichting:
    """One obligation with what its page shows joined (project, gemeente, contractor, table with region,
    coordinator). 404 unless `user` may see it."""
    return get_object_or_404(
        verplichtingen_zichtbaar(user=user).select_related(
            "project__gemeente", "opdrachtnemer", "waardetabel__regio", "coordinator"
        ),
        pk=pk,
    )


def verplichtingen_van_project(*, user: User, project) -> list[tuple[Verplichting, "Voortgang"]]:
    """The obligations of `project` that `user` may see, with their progress, for the project's page (two queries)."""
    return [
        (v, voortgang(verplichting=v))
        for v in met_voortgang(verplichtingen_zichtbaar(user=user).filter(project=project))
    ]


# --- Progress --------------------------------------------------------------------------------------------------------


def met_sommen(verplichtingen: QuerySet[Verplichting]) -> QuerySet[Verplichting]:
    """Annotate what the stored totals (`gerealiseerd`: not rejected, `gevalideerd`, kept by the inzet services) do
    not hold: `ter_validatie` (their difference), `afgewezen` (the sum of rejected lines) and the moment the last line
    was entered (`laatste_invoer`), in the same query as the obligations."""
    return verplichtingen.annotate(
        ter_validatie=ExpressionWrapper(F("gerealiseerd") - F("gevalideerd"), output_field=_BEDRAG),
        afgewezen=_som(Q(inzet__status=Status.AFGEWEZEN)),
        laatste_invoer=Max("inzet__ingevoerd_op"),
    )


def open_waarschuwingen() -> QuerySet[Waarschuwing]:
    return Waarschuwing.objects.filter(opgelost_op__isnull=True).order_by("soort", "pk")


def met_voortgang(verplichtingen: QuerySet[Verplichting]) -> QuerySet[Verplichting]:
    """`met_sommen` plus what a list shows: project, gemeente and contractor joined, the open warnings prefetched as
    `open_waarschuwingen` (one more query for the whole list)."""
    return (
        met_sommen(verplichtingen)
        .select_related("project__gemeente", "opdrachtnemer")
        .prefetch_related(Prefetch("waarschuwingen", queryset=open_waarschuwingen(), to_attr="open_waarschuwingen"))
    )


def verstreken_fractie(*, start: datetime.date, eind: datetime.date, vandaag: datetime.date) -> Decimal:
    """The fraction of the term start..eind (both days included) passed on `vandaag`: 0 before the start, 1 from the
    last day on."""
    if vandaag < start:
        return NUL
    if vandaag >= eind:
        return Decimal(1)
    return Decimal((vandaag - start).days + 1) / Decimal((eind - start).days + 1)


def prognose(*, gerealiseerd: Decimal, sr_bedrag: Decimal, verstreken: Decimal) -> Decimal | None:
    """Realised, projected linearly to the end of the term (see the module docstring); None before 10 %."""
    if verstreken < PROGNOSE_VANAF:
        return None
    if verstreken >= 1:
        return gerealiseerd
    lineair = gerealiseerd / verstreken
    plafond = max(gerealiseerd, sr_bedrag * PROGNOSE_PLAFOND)
    return min(max(lineair, gerealiseerd), plafond).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _procent_van(deel: Decimal, geheel: Decimal) -> Decimal | None:
    if not geheel:
        return None
    return (Decimal(deel) * HONDERD / Decimal(geheel)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Voortgang:
    """Due, realised, validated and projected of one obligation (or, summed, of several: `Voortgang.optellen`)."""

    sr_bedrag: Decimal
    gerealiseerd: Decimal
    gevalideerd: Decimal
    ter_validatie: Decimal
    afgewezen: Decimal
    verstreken: Decimal  # fraction of the term passed, 0..1
    prognose: Decimal | None
    waarschuwingen: list = field(default_factory=list)

    @property
    def percentage(self) -> Decimal | None:
        """Realised as a percentage of the amount due (None when nothing is due)."""
        return _procent_van(self.gerealiseerd, self.sr_bedrag)

    @property
    def percentage_gevalideerd(self) -> Decimal | None:
        return _procent_van(self.gevalideerd, self.sr_bedrag)

    @property
    def percentage_looptijd(self) -> Decimal:
        return (self.verstreken * HONDERD).quantize(Decimal("1"), rounding=ROUND_HALF_UP)

    @property
    def balk(self) -> int:
        """The progress bar's value: the realised percentage, 0..100."""
        return int(min(self.percentage or NUL, HONDERD))

    @property
    def balk_gevalideerd(self) -> int:
        return int(min(self.percentage_gevalideerd or NUL, HONDERD))

    @property
    def nog_te_realiseren(self) -> Decimal:
        return max(NUL, self.sr_bedrag - self.gerealiseerd)

    @property
    def prognose_percentage(self) -> Decimal | None:
        return None if self.prognose is None else _procent_van(self.prognose, self.sr_bedrag)

    @classmethod
    def optellen(cls, voortgangen: list["Voortgang"]) -> "Voortgang":
        """The sum of several obligations: amounts added up, the projection added where there is one (the realised
        amount where it is too early to project), the elapsed fraction weighted by the amount due."""
        sr = sum((v.sr_bedrag for v in voortgangen), NUL)
        verstreken = (
            sum((v.verstreken * v.sr_bedrag for v in voortgangen), NUL) / sr
            if sr
            else (sum((v.verstreken for v in voortgangen), NUL) / len(voortgangen) if voortgangen else NUL)
        )
        return cls(
            sr_bedrag=sr,
            gerealiseerd=sum((v.gerealiseerd for v in voortgangen), NUL),
            gevalideerd=sum((v.gevalideerd for v in voortgangen), NUL),
            ter_validatie=sum((v.ter_validatie for v in voortgangen), NUL),
            afgewezen=sum((v.afgewezen for v in voortgangen), NUL),
            verstreken=verstreken,
            prognose=sum((v.gerealiseerd if v.prognose is None else v.prognose for v in voortgangen), NUL)
            if voortgangen
            else None,
            waarschuwingen=[w for v in voortgangen for w in v.waarschuwingen],
        )


def voortgang(*, verplichting: Verplichting, vandaag: datetime.date | None = None) -> Voortgang:
    """The progress of `verplichting` on `vandaag` (default today). Reads the sums of `met_sommen` and the warnings
    of `met_voortgang` when the obligation carries them (no query); otherwise asks the database (two queries: the
    stored totals are read again too, so an instance loaded before a line changed is not stale)."""
    vandaag = vandaag or timezone.localdate()
    if not hasattr(verplichting, "afgewezen"):
        sommen = met_sommen(Verplichting.objects.filter(pk=verplichting.pk)).values(
            "gerealiseerd", "gevalideerd", "ter_validatie", "afgewezen"
        )[0]
        for naam, waarde in sommen.items():
            setattr(verplichting, naam, waarde)
    waarschuwingen = getattr(verplichting, "open_waarschuwingen", None)
    if waarschuwingen is None:
        waarschuwingen = list(open_waarschuwingen().filter(verplichting=verplichting))
    verstreken = verstreken_fractie(
        start=verplichting.looptijd_start, eind=verplichting.looptijd_eind, vandaag=vandaag
    )
    gerealiseerd = Decimal(verplichting.gerealiseerd)
    return Voortgang(
        sr_bedrag=Decimal(verplichting.sr_bedrag),
        gerealiseerd=gerealiseerd,
        gevalideerd=Decimal(verplichting.gevalideerd),
        ter_validatie=Decimal(verplichting.ter_validatie),
        afgewezen=Decimal(verplichting.afgewezen),
        verstreken=verstreken,
        prognose=prognose(gerealiseerd=gerealiseerd, sr_bedrag=Decimal(verplichting.sr_bedrag), verstreken=verstreken),
        waarschuwingen=list(waarschuwingen),
    )


# --- Lists -----------------------------------------------------------------------------------------------------------


def verplichtingen_lijst(*, user: User) -> QuerySet[Verplichting]:
    """The obligations `user` sees on the SROI page, with sums and open warnings (`met_voortgang`), the ones with an
    open warning first, then the newest term; narrowed by `VerplichtingFilter`."""
    return (
        met_voortgang(verplichtingen_zichtbaar(user=user))
        .annotate(
            heeft_waarschuwing=Exists(open_waarschuwingen().filter(verplichting=OuterRef("pk"))),
        )
        .order_by("-heeft_waarschuwing", "-looptijd_start", "pk")
    )


def filter_keuzes(*, user: User) -> tuple[QuerySet[Organisatie], QuerySet[Organisatie]]:
    """The gemeenten and contractors to filter on: those of the obligations `user` may see."""
    zichtbaar = verplichtingen_zichtbaar(user=user)
    return (
        Organisatie.objects.filter(pk__in=zichtbaar.values("project__gemeente_id")).order_by("naam"),
        Organisatie.objects.filter(pk__in=zichtbaar.values("opdrachtnemer_id")).order_by("naam"),
    )


@dataclass(frozen=True)
class Opdrachtnemerregel:
    opdrachtnemer: Organisatie
    aantal: int
    voortgang: Voortgang


def voortgang_per_opdrachtnemer(*, user: User, vandaag: datetime.date | None = None) -> list[Opdrachtnemerregel]:
    """Per contractor, of the obligations `user` may see: due, realised, validated and projected summed (two queries,
    however many obligations). Ordered by contractor name."""
    vandaag = vandaag or timezone.localdate()
    groepen: dict[int, list] = defaultdict(list)
    namen: dict[int, Organisatie] = {}
    for verplichting in met_voortgang(verplichtingen_zichtbaar(user=user)).order_by():
        groepen[verplichting.opdrachtnemer_id].append(voortgang(verplichting=verplichting, vandaag=vandaag))
        namen[verplichting.opdrachtnemer_id] = verplichting.opdrachtnemer
    regels = [
        Opdrachtnemerregel(opdrachtnemer=namen[pk], aantal=len(lijst), voortgang=Voortgang.optellen(lijst))
        for pk, lijst in groepen.items()
    ]
    return sorted(regels, key=lambda r: r.opdrachtnemer.naam.lower())


@dataclass(frozen=True)
class KringTotalen:
    """The kring-wide figures for the stuurgroep: aggregates only."""

    verplichtingen: int
    lopend: int  # obligations whose term runs on the day
    kandidaten: int  # distinct candidates on lines not rejected
    bbl_plaatsen: int  # distinct candidates on BBL lines not rejected
    sr_bedrag: Decimal
    gerealiseerd: Decimal
    gevalideerd: Decimal
    met_waarschuwing: int  # obligations with an open warning

    @property
    def percentage(self) -> Decimal | None:
        return _procent_van(self.gerealiseerd, self.sr_bedrag)

    @property
    def percentage_gevalideerd(self) -> Decimal | None:
        return _procent_van(self.gevalideerd, self.sr_bedrag)


def kring_totalen(*, vandaag: datetime.date | None = None) -> KringTotalen:
    """The kring-wide totals over every obligation (two queries). A candidate placed on two lines counts once; a BBL
    place is a candidate on a line whose bouwblok code starts with "bbl" (BBL apprentice by level)."""
    vandaag = vandaag or timezone.localdate()
    niet_afgewezen = ~Q(status=Status.AFGEWEZEN)
    regels = Inzetregel.objects.aggregate(
        kandidaten=Count("kandidaat", filter=niet_afgewezen, distinct=True),
        bbl=Count("kandidaat", filter=niet_afgewezen & Q(bouwblok__code__startswith=BBL_PREFIX), distinct=True),
    )
    verplichtingen = Verplichting.objects.aggregate(
        aantal=Count("pk"),
        lopend=Count("pk", filter=Q(looptijd_start__lte=vandaag, looptijd_eind__gte=vandaag)),
        sr_bedrag=Coalesce(Sum("sr_bedrag"), Value(NUL), output_field=_BEDRAG),
        # The stored totals of each obligation (kept by the inzet services), not the lines.
        gerealiseerd=Coalesce(Sum("gerealiseerd"), Value(NUL), output_field=_BEDRAG),
        gevalideerd=Coalesce(Sum("gevalideerd"), Value(NUL), output_field=_BEDRAG),
        met_waarschuwing=Count("pk", filter=Q(Exists(open_waarschuwingen().filter(verplichting=OuterRef("pk"))))),
    )
    return KringTotalen(
        verplichtingen=verplichtingen["aantal"],
        lopend=verplichtingen["lopend"],
        kandidaten=regels["kandidaten"],
        bbl_plaatsen=regels["bbl"],
        sr_bedrag=verplichtingen["sr_bedrag"],
        gerealiseerd=verplichtingen["gerealiseerd"],
        gevalideerd=verplichtingen["gevalideerd"],
        met_waarschuwing=verplichtingen["met_waarschuwing"],
    )


# --- Export ----------------------------------------------------------------------------------------------------------


def inzet_export(*, user: User) -> QuerySet[Inzetregel]:
    """Every inzet line of the obligations `user` may see, for the werkgeversservicepunt's export: project,
    contractor, candidate (its code only) and category joined; by project, contractor and start."""
    return (
        Inzetregel.objects.filter(verplichting__in=verplichtingen_zichtbaar(user=user))
        .select_related("verplichting__project", "verplichting__opdrachtnemer", "kandidaat", "bouwblok")
        .order_by("verplichting__project__nummer", "verplichting__opdrachtnemer__naam", "start", "pk")
    )


# The stored SR amount is recomputed by the service; this is what the page shows of the calculation.
@dataclass(frozen=True)
class Berekening:
    grondslag_bedrag: Decimal
    percentage: Decimal
    bruto: Decimal  # grondslag × percentage
    pso_korting: Decimal
    pso_aftrek: Decimal
    na_pso: Decimal
    drempel: Decimal
    onder_drempel: bool
    maximum: Decimal | None
    begrensd: bool
    sr_bedrag: Decimal


def berekening(*, verplichting: Verplichting) -> Berekening:
    """The SR amount of `verplichting` step by step (the same rule as sroi/waardering.py `sr_bedrag`)."""
    cent = Decimal("0.01")
    grondslag = Decimal(verplichting.grondslag_bedrag)
    bruto = grondslag * Decimal(verplichting.percentage) / HONDERD
    aftrek = bruto * Decimal(verplichting.pso_korting) / HONDERD
    na_pso = bruto - aftrek
    onder = grondslag < Decimal(verplichting.drempel or 0)
    maximum = verplichting.maximum
    return Berekening(
        grondslag_bedrag=grondslag,
        percentage=Decimal(verplichting.percentage),
        bruto=bruto.quantize(cent, rounding=ROUND_HALF_UP),
        pso_korting=Decimal(verplichting.pso_korting),
        pso_aftrek=aftrek.quantize(cent, rounding=ROUND_HALF_UP),
        na_pso=na_pso.quantize(cent, rounding=ROUND_HALF_UP),
        drempel=Decimal(verplichting.drempel or 0),
        onder_drempel=onder,
        maximum=maximum,
        begrensd=not onder and maximum is not None and na_pso > maximum,
        sr_bedrag=Decimal(verplichting.sr_bedrag),
    )


# --- Making and changing an obligation -------------------------------------------------------------------------------


def project_voor_verplichting(*, user: User, pk: int):
    """The project a new obligation is made for. 403 for whoever may not make obligations at all (contractors,
    stuurgroep members of a contractor: every member sees every project, so there is nothing to hide); 404 for staff
    of another gemeente."""
    if not is_lid(user) or not (user.is_gemeente or user.is_beheerder):
        raise PermissionDenied
    projecten = project_list(user=user)
    if not user.is_beheerder:
        projecten = projecten.filter(gemeente_id=user.organisatie_id)
    return get_object_or_404(projecten, pk=pk)


def opdrachtnemers_zonder_verplichting(*, project) -> QuerySet[Organisatie]:
    """The contractors `project` is awarded to that have no obligation on it yet."""
    return project.opdrachtnemers.exclude(sroi_verplichtingen__project=project).order_by("naam")


def coordinatoren(*, gemeente_id: int) -> QuerySet[User]:
    """Whom an obligation may name as SROI coordinator: the active staff of the project's gemeente."""
    return User.objects.filter(status=User.Status.ACTIEF, organisatie_id=gemeente_id).order_by("naam", "pk")
