"""Reads of the gebiedsgerichte planning. Every active member reads every gebied with its projects, opgaven,
koppelkansen and graafrust (contractors see the pipeline); changing them is for the gebied's own gemeente, so the
`*_voor_beheer` reads answer 403 to contractors and 404 to staff of another gemeente."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kring.models import User
from kring.permissions import is_lid
from projecten.koppelkansen import AFGELOPEN_FASEN, Venster, venster_van
from projecten.models import Gebied, Graafrust, Koppelbesluit, Koppelkans, Opgave, Project
from projecten.permissions import mag_projecten_beheren

MATRIX_JAREN = 5
# What a list of a koppelkans' projects needs (no waardeklasse, no raming).
PROJECT_KORT = ("pk", "nummer", "naam", "gebied", "soort_werk", "fase", "aanbesteding_kwartaal", "start_kwartaal")


def _aantal(queryset: QuerySet):
    """The number of rows of `queryset` per gebied, as an annotation of Gebied (0 without any)."""
    per_gebied = queryset.filter(gebied=OuterRef("pk")).order_by().values("gebied").annotate(n=Count("pk"))
    return Coalesce(Subquery(per_gebied.values("n")), 0)


def gebieden_zichtbaar(*, user: User) -> QuerySet[Gebied]:
    """The gebieden `user` may see: all of them for every member."""
    if not is_lid(user):
        return Gebied.objects.none()
    return Gebied.objects.select_related("gemeente")


def gebied_list(*, user: User) -> QuerySet[Gebied]:
    """Every gebied with its numbers: running projects, opgaven, open koppelkansen and active graafrust markers."""
    return gebieden_zichtbaar(user=user).annotate(
        aantal_projecten=_aantal(Project.objects.exclude(fase__in=AFGELOPEN_FASEN)),
        aantal_opgaven=_aantal(Opgave.objects.all()),
        aantal_koppelkansen_open=_aantal(Koppelkans.objects.filter(status=Koppelkans.Status.OPEN)),
        aantal_graafrust=_aantal(Graafrust.objects.filter(tot__gte=timezone.localdate())),
    )


@dataclass(frozen=True)
class Waarschuwing:
    """A project or opgave whose window falls (partly) in an active graafrust of its gebied."""

    graafrust: Graafrust
    wat: Project | Opgave
    venster: Venster


@dataclass
class GebiedOverzicht:
    gebied: Gebied
    projecten: list[Project]
    opgaven: list[Opgave]
    koppelkansen: list[Koppelkans]
    graafrust_actief: list[Graafrust]
    graafrust_verlopen: list[Graafrust]
    waarschuwingen: list[Waarschuwing]


def _waarschuwingen(
    graafrust: list[Graafrust], projecten: list[Project], opgaven: list[Opgave], vandaag: datetime.date
) -> list[Waarschuwing]:
    """Active graafrust runs from today until its date; the project that rebuilt the street does not count."""
    items = [(project, venster_van(project)) for project in projecten if project.fase not in AFGELOPEN_FASEN]
    # An opgave taken up in a project is warned about through that project.
    items += [(opgave, Venster(opgave.venster_van, opgave.venster_tot)) for opgave in opgaven if not opgave.project_id]
    return [
        Waarschuwing(rust, wat, venster)
        for rust in graafrust
        for wat, venster in items
        if venster is not None
        and venster.overlapt(vandaag, rust.tot)
        and not (isinstance(wat, Project) and wat.pk == rust.project_id)
    ]


def gebied_overzicht(*, user: User, pk: int, vandaag: datetime.date | None = None) -> GebiedOverzicht:
    """One gebied with all that plays there; 404 when `user` may not see it."""
    vandaag = vandaag or timezone.localdate()
    if not is_lid(user):
        raise PermissionDenied
    gebied = get_object_or_404(
        Gebied.objects.select_related("gemeente").prefetch_related(
            Prefetch(
                "projecten",
                Project.objects.order_by(F("aanbesteding_kwartaal").asc(nulls_last=True), "nummer"),
            ),
            Prefetch("opgaven", Opgave.objects.select_related("project").order_by("venster_van", "titel", "pk")),
            Prefetch(
                "koppelkansen",
                Koppelkans.objects.prefetch_related(
                    Prefetch("projecten", Project.objects.only(*PROJECT_KORT).order_by("nummer")),
                    Prefetch("opgaven", Opgave.objects.order_by("titel", "pk")),
                ),
            ),
            Prefetch("graafrust", Graafrust.objects.select_related("project").order_by("-tot", "pk")),
        ),
        pk=pk,
    )
    projecten, opgaven = list(gebied.projecten.all()), list(gebied.opgaven.all())
    graafrust = list(gebied.graafrust.all())
    actief = [rust for rust in graafrust if rust.tot >= vandaag]
    return GebiedOverzicht(
        gebied=gebied,
        projecten=projecten,
        opgaven=opgaven,
        koppelkansen=list(gebied.koppelkansen.all()),
        graafrust_actief=actief,
        graafrust_verlopen=[rust for rust in graafrust if rust.tot < vandaag],
        waarschuwingen=_waarschuwingen(actief, projecten, opgaven, vandaag),
    )


def _open_eerst(queryset: QuerySet[Koppelkans]) -> QuerySet[Koppelkans]:
    open_eerst = Case(
        When(status=Koppelkans.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return queryset.annotate(afgehandeld=open_eerst).order_by("afgehandeld", "periode_van", "pk")


def koppelkans_list(*, user: User) -> QuerySet[Koppelkans]:
    """Every koppelkans, open ones first, then by period; with its gebied and members for a list."""
    if not is_lid(user):
        return Koppelkans.objects.none()
    return _open_eerst(
        Koppelkans.objects.select_related("gebied__gemeente").prefetch_related(
            Prefetch("projecten", Project.objects.only(*PROJECT_KORT).order_by("nummer")),
            Prefetch("opgaven", Opgave.objects.order_by("titel", "pk")),
        )
    )


def _koppelkans_volledig() -> QuerySet[Koppelkans]:
    return Koppelkans.objects.select_related("gebied__gemeente").prefetch_related(
        Prefetch("projecten", Project.objects.order_by("nummer")),
        Prefetch("opgaven", Opgave.objects.order_by("venster_van", "titel", "pk")),
        Prefetch("besluiten", Koppelbesluit.objects.select_related("door")),
    )


def _met_vensters(koppelkans: Koppelkans) -> Koppelkans:
    """Each member gets its `venster`, as detection saw it."""
    for project in koppelkans.projecten.all():
        project.venster = venster_van(project)
    for opgave in koppelkans.opgaven.all():
        opgave.venster = Venster(opgave.venster_van, opgave.venster_tot)
    return koppelkans


def koppelkans_get(*, user: User, pk: int) -> Koppelkans:
    """One koppelkans with its members (each with its `venster`) and decision log (newest first); 404 when `user`
    may not see it."""
    if not is_lid(user):
        raise PermissionDenied
    return _met_vensters(get_object_or_404(_koppelkans_volledig(), pk=pk))


# --- For the gebied's own gemeente -----------------------------------------------------------------------------------


def _van_eigen_gemeente(queryset: QuerySet, user: User, pad: str) -> QuerySet:
    """`queryset` narrowed to the user's own gemeente (`pad` leads to it); all for beheerders. Contractors: 403."""
    if not mag_projecten_beheren(user):
        raise PermissionDenied
    return queryset if user.is_beheerder else queryset.filter(**{pad: user.organisatie_id})


def gebied_voor_beheer(*, user: User, pk: int) -> Gebied:
    return get_object_or_404(_van_eigen_gemeente(Gebied.objects.select_related("gemeente"), user, "gemeente"), pk=pk)


def opgave_voor_beheer(*, user: User, pk: int) -> Opgave:
    opgaven = Opgave.objects.select_related("gebied__gemeente", "project")
    return get_object_or_404(_van_eigen_gemeente(opgaven, user, "gebied__gemeente"), pk=pk)


def graafrust_voor_beheer(*, user: User, pk: int) -> Graafrust:
    graafrust = Graafrust.objects.select_related("gebied__gemeente", "project")
    return get_object_or_404(_van_eigen_gemeente(graafrust, user, "gebied__gemeente"), pk=pk)


def koppelkans_voor_besluit(*, user: User, pk: int) -> Koppelkans:
    """As `koppelkans_get`, for the staff who decide on it."""
    return _met_vensters(
        get_object_or_404(_van_eigen_gemeente(_koppelkans_volledig(), user, "gebied__gemeente"), pk=pk)
    )


def project_keuzes(*, gebied: Gebied) -> QuerySet[Project]:
    """The projects an opgave or graafrust marker in `gebied` may refer to: those of the same gemeente, the gebied's
    own first."""
    eigen = Case(When(gebied=gebied, then=Value(0)), default=Value(1), output_field=IntegerField())
    return Project.objects.filter(gemeente_id=gebied.gemeente_id).order_by(eigen, "nummer")


# --- Wijk × jaar matrix ----------------------------------------------------------------------------------------------


@dataclass
class Cel:
    """What plays in one gebied in one year."""

    jaar: int
    projecten: list[Project] = field(default_factory=list)
    opgaven: list[Opgave] = field(default_factory=list)
    koppelkansen: list[Koppelkans] = field(default_factory=list)
    graafrust: list[Graafrust] = field(default_factory=list)

    @property
    def leeg(self) -> bool:
        return not (self.projecten or self.opgaven or self.koppelkansen or self.graafrust)

    @property
    def projecten_per_soort(self) -> list[tuple[str, int]]:
        return sorted(Counter(project.get_soort_werk_display() for project in self.projecten).items())

    @property
    def opgaven_per_thema(self) -> list[tuple[str, int]]:
        return sorted(Counter(opgave.get_thema_display() for opgave in self.opgaven).items())

    @property
    def aantal_items(self) -> int:
        return len(self.projecten) + len(self.opgaven)


@dataclass
class Matrixrij:
    gebied: Gebied
    cellen: list[Cel]


@dataclass
class Matrix:
    jaren: list[int]
    rijen: list[Matrixrij]


def projectjaar(project: Project) -> int | None:
    """The year a project counts in the matrix: that of its tender, or else of its start."""
    kwartaal = project.aanbesteding_kwartaal or project.start_kwartaal
    return kwartaal.year if kwartaal else None


def gebiedsmatrix(*, gebieden: QuerySet[Gebied], vandaag: datetime.date | None = None) -> Matrix:
    """Rows: `gebieden`; columns: this year and the next four. A cell holds the projects tendered (or else started)
    that year, the opgaven whose window overlaps the year, the koppelkansen whose period overlaps it, and the
    graafrust markers active in it. Five queries, however much data."""
    vandaag = vandaag or timezone.localdate()
    jaren = list(range(vandaag.year, vandaag.year + MATRIX_JAREN))
    begin, einde = datetime.date(jaren[0], 1, 1), datetime.date(jaren[-1], 12, 31)
    rijen = {
        gebied.pk: Matrixrij(gebied, [Cel(jaar) for jaar in jaren]) for gebied in gebieden.select_related("gemeente")
    }
    in_gebieden = Q(gebied__in=gebieden.values("pk"))

    def cel(gebied_id: int, jaar: int) -> Cel:
        return rijen[gebied_id].cellen[jaar - jaren[0]]

    projecten = (
        Project.objects.filter(in_gebieden)
        .exclude(fase="afgerond")
        .filter(
            Q(aanbesteding_kwartaal__range=(begin, einde))
            | Q(aanbesteding_kwartaal__isnull=True, start_kwartaal__range=(begin, einde))
        )
        .only(*PROJECT_KORT)
        .order_by("aanbesteding_kwartaal", "nummer")
    )
    for project in projecten:
        cel(project.gebied_id, projectjaar(project)).projecten.append(project)
    opgaven = Opgave.objects.filter(in_gebieden, venster_van__lte=einde, venster_tot__gte=begin).order_by(
        "venster_van", "titel", "pk"
    )
    for opgave in opgaven:
        for jaar in range(max(opgave.venster_van.year, jaren[0]), min(opgave.venster_tot.year, jaren[-1]) + 1):
            cel(opgave.gebied_id, jaar).opgaven.append(opgave)
    koppelkansen = Koppelkans.objects.filter(in_gebieden, periode_van__lte=einde, periode_tot__gte=begin)
    for kans in koppelkansen.order_by("periode_van", "pk"):
        for jaar in range(max(kans.periode_van.year, jaren[0]), min(kans.periode_tot.year, jaren[-1]) + 1):
            cel(kans.gebied_id, jaar).koppelkansen.append(kans)
    for rust in Graafrust.objects.filter(in_gebieden, tot__gte=vandaag).order_by("tot", "pk"):
        for jaar in range(jaren[0], min(rust.tot.year, jaren[-1]) + 1):
            cel(rust.gebied_id, jaar).graafrust.append(rust)
    return Matrix(jaren=jaren, rijen=list(rijen.values()))
