"""Reads of beoordelingsplannen and -rondes with their visibility (DESIGN §5): a plan and its rounds are for the two
parties (active staff of the project's gemeente and of the plan's opdrachtnemer) and beheerders; a round also for the
two panel members of a bezwaar on one of its ratings. Everyone else gets 404, so nobody can find out by id which
contractor is rated where. What a page may show OF a rating (its scores) is decided in selectors/beoordelingen.py."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kring.models import Organisatie, User
from kring.permissions import is_lid
from pastperformance.filters import RondeFilter
from pastperformance.models import Beoordeling, Beoordelingsplan, Beoordelingsronde, Bezwaar
from projecten.models import Project
from projecten.selectors.projecten import project_list

Status = Beoordelingsronde.Status


def plannen_zichtbaar(*, user: User) -> QuerySet[Beoordelingsplan]:
    """The plans `user` may see: of their own organisation's projects (gemeente) or contracts (opdrachtnemer); every
    plan for a beheerder; none for anyone else. Panel members see a bezwaar's round, not its plan."""
    if not is_lid(user):
        return Beoordelingsplan.objects.none()
    if user.is_beheerder:
        return Beoordelingsplan.objects.all()
    if user.organisatie_id is None:
        return Beoordelingsplan.objects.none()
    return Beoordelingsplan.objects.filter(
        Q(project__gemeente_id=user.organisatie_id) | Q(opdrachtnemer_id=user.organisatie_id)
    )


def plan_get(*, user: User, pk: int) -> Beoordelingsplan:
    """One plan with what its page shows (project, gemeente, opdrachtnemer, both raters) and its rounds in order.
    404 unless `user` may see it."""
    return get_object_or_404(
        plannen_zichtbaar(user=user)
        .select_related("project__gemeente", "opdrachtnemer", "beoordelaar_og", "beoordelaar_on")
        .prefetch_related("rondes"),
        pk=pk,
    )


def rondes_zichtbaar(*, user: User) -> QuerySet[Beoordelingsronde]:
    """The rounds `user` may see: those of the plans they see, and for a bezwaar's two panel members the round of
    the rating they judge (that round only)."""
    if not is_lid(user):
        return Beoordelingsronde.objects.none()
    if user.is_beheerder:
        return Beoordelingsronde.objects.all()
    als_panellid = Bezwaar.objects.filter(Q(panel_gemeente=user) | Q(panel_kring=user)).values("beoordeling__ronde_id")
    zichtbaar = Q(pk__in=als_panellid)
    if user.organisatie_id is not None:
        zichtbaar |= Q(plan__project__gemeente_id=user.organisatie_id) | Q(plan__opdrachtnemer_id=user.organisatie_id)
    return Beoordelingsronde.objects.filter(zichtbaar)


def ronde_get(*, user: User, pk: int) -> Beoordelingsronde:
    """One round with its plan, project, gemeente and opdrachtnemer joined; 404 unless `user` may see it."""
    return get_object_or_404(
        rondes_zichtbaar(user=user).select_related("plan__project__gemeente", "plan__opdrachtnemer"), pk=pk
    )


# --- Mijn beoordelingen ----------------------------------------------------------------------------------------------

# Active rounds first (in the order a round goes through), then planned ones, then the closed ones.
VOLGORDE = {Status.OPEN: 0, Status.ONTHULD: 1, Status.BESPROKEN: 2, Status.GEPLAND: 3, Status.DEFINITIEF: 4}


def _met_acties(rondes: QuerySet[Beoordelingsronde], *, user: User, vandaag: datetime.date) -> QuerySet:
    """Annotate what `user` has to do in each round now, so the list can put those first and filter on them:
    `te_beoordelen` (the user is their side's rater and its rating or self-rating is not in yet), `te_bespreken`
    (revealed: the parties plan and record the bespreking), `te_reageren` (a submitted rating about the user's
    organisation has no reply yet and the window is open), `actie_nodig` (any of these); `deadline` (reveal date,
    end of the reply window or opening date) and `aantal_ingediend` (ratings handed in: never their content)."""
    organisatie = user.organisatie_id
    eigen_open = Beoordeling.objects.filter(
        ronde=OuterRef("pk"), beoordelaar_organisatie_id=organisatie, ingediend_op__isnull=True
    )
    onbeantwoord = Beoordeling.objects.filter(
        ronde=OuterRef("pk"), beoordeelde_organisatie_id=organisatie, ingediend_op__isnull=False, reactie__isnull=True
    ).exclude(beoordelaar_organisatie_id=organisatie)
    ingediend = (
        Beoordeling.objects.filter(ronde=OuterRef("pk"), ingediend_op__isnull=False)
        .order_by()
        .values("ronde")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    is_partij = Q(plan__project__gemeente_id=organisatie) | Q(plan__opdrachtnemer_id=organisatie)
    is_beoordelaar = Q(plan__beoordelaar_og_id=user.pk, plan__project__gemeente_id=organisatie) | Q(
        plan__beoordelaar_on_id=user.pk, plan__opdrachtnemer_id=organisatie
    )
    te_beoordelen = Q(status=Status.OPEN) & is_beoordelaar & Q(Exists(eigen_open))
    te_bespreken = Q(status=Status.ONTHULD) & is_partij
    te_reageren = (
        Q(status__in=[Status.ONTHULD, Status.BESPROKEN], reactie_tot__gte=vandaag)
        & is_partij
        & Q(Exists(onbeantwoord))
    )
    if organisatie is None:  # a system account is no party anywhere
        te_beoordelen = te_bespreken = te_reageren = Q(pk__in=[])

    def waar(voorwaarde: Q) -> ExpressionWrapper:
        return ExpressionWrapper(voorwaarde, output_field=BooleanField())

    return rondes.annotate(
        te_beoordelen=waar(te_beoordelen),
        te_bespreken=waar(te_bespreken),
        te_reageren=waar(te_reageren),
        actie_nodig=waar(te_beoordelen | te_bespreken | te_reageren),
        aantal_ingediend=Coalesce(Subquery(ingediend, output_field=IntegerField()), Value(0)),
        volgorde=Case(
            *(When(status=status, then=Value(plaats)) for status, plaats in VOLGORDE.items()),
            default=Value(len(VOLGORDE)),
            output_field=IntegerField(),
        ),
        deadline=Case(
            When(status=Status.OPEN, then=F("onthulling_uiterlijk")),
            When(status__in=[Status.ONTHULD, Status.BESPROKEN], then=F("reactie_tot")),
            When(status=Status.GEPLAND, then=F("opent_op")),
            default=None,
            output_field=DateField(),
        ),
    )


def mijn_rondes_basis(*, user: User, vandaag: datetime.date | None = None) -> QuerySet[Beoordelingsronde]:
    """The rounds `user` may see, annotated with their actions (see `_met_acties`), rounds needing the user first,
    then active before planned before closed, nearest deadline first; what a list row shows joined."""
    return (
        _met_acties(rondes_zichtbaar(user=user), user=user, vandaag=vandaag or timezone.localdate())
        .select_related("plan__project__gemeente", "plan__opdrachtnemer")
        .order_by(
            F("actie_nodig").desc(),
            "volgorde",
            F("deadline").asc(nulls_last=True),
            "-opent_op",
            "plan_id",
            "volgnummer",
        )
    )


def mijn_rondes(*, user: User, filters=None):
    """Mijn beoordelingen: the rounds `user` may see (`mijn_rondes_basis`) narrowed by `filters` (the query string)
    through `RondeFilter`; returns the filter set (its `.qs` and its `.form` for the page)."""
    return RondeFilter(filters, queryset=mijn_rondes_basis(user=user))


# --- Plans on a project, and the plan form -------------------------------------------------------------------------


def plannen_van_project(*, user: User, project: Project) -> QuerySet[Beoordelingsplan]:
    """The plans of `project` that `user` may see, for the project's page: contractor joined, rounds counted."""
    return (
        plannen_zichtbaar(user=user)
        .filter(project=project)
        .select_related("opdrachtnemer")
        .annotate(
            aantal_rondes=Count("rondes", filter=~Q(rondes__status=Status.VERVALLEN)),
            aantal_definitief=Count("rondes", filter=Q(rondes__status=Status.DEFINITIEF)),
        )
        .order_by("opdrachtnemer__naam")
    )


def project_voor_plan(*, user: User, pk: int) -> Project:
    """The project a new plan is made for. 403 for whoever may not make plans at all
    (contractors: every member sees every project, so there is nothing to hide); 404 for staff of another gemeente."""
    if not is_lid(user) or not (user.is_gemeente or user.is_beheerder):
        raise PermissionDenied
    projecten = project_list(user=user)
    if not user.is_beheerder:
        projecten = projecten.filter(gemeente_id=user.organisatie_id)
    return get_object_or_404(projecten, pk=pk)


@dataclass(frozen=True)
class PlanKeuzes:
    opdrachtnemers: QuerySet[Organisatie] | None  # None: the plan's contractor is fixed (editing)
    beoordelaars_og: QuerySet[User]
    beoordelaars_on: QuerySet[User]


def plan_keuzes(*, project: Project, plan: Beoordelingsplan | None = None) -> PlanKeuzes:
    """What the plan form offers: the contractors the project is awarded to that have no plan on it yet (a new plan),
    and as raters the active staff of the gemeente and of the contractor(s). The service checks the match."""
    actief = User.objects.filter(status=User.Status.ACTIEF).order_by("naam", "pk")
    if plan is not None:
        opdrachtnemers, aan_de_beurt = None, Organisatie.objects.filter(pk=plan.opdrachtnemer_id)
    else:
        opdrachtnemers = project.opdrachtnemers.exclude(beoordelingsplannen__project=project).order_by("naam")
        aan_de_beurt = opdrachtnemers
    return PlanKeuzes(
        opdrachtnemers=opdrachtnemers,
        beoordelaars_og=actief.filter(organisatie_id=project.gemeente_id),
        beoordelaars_on=actief.filter(organisatie__in=aan_de_beurt).order_by("organisatie__naam", "naam", "pk"),
    )


# --- A round's page --------------------------------------------------------------------------------------------------


def ronde_voortgang(*, ronde: Beoordelingsronde) -> list[Beoordeling]:
    """The four ratings of `ronde` as its page shows them to everyone who sees the round: which direction, which
    organisation, whether and when it was handed in. Only those fields are read: the content of a rating is for
    `beoordelingen_zichtbaar` to hand out."""
    return list(
        Beoordeling.objects.filter(ronde=ronde)
        .only("ronde_id", "richting", "ingediend_op", "beoordelaar_organisatie__naam")
        .select_related("beoordelaar_organisatie")
        .order_by("richting")
    )
