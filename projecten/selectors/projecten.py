"""Reads of projects with their visibility rules: every active member reads the pipeline; only the project's own
gemeente (and beheerders) reach its edit pages. Also the history of a project, its linked kennisitems and the choices
of the project forms."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from kring.models import Organisatie, User
from projecten.models import Gebied, Opgave, Project, Projectwijziging, Waardeklasse
from projecten.permissions import mag_projecten_beheren, mag_projecten_zien
from projecten.services.projecten import veld_label
from werkgroepen.models import Kennisitem
from werkgroepen.selectors.kennisbank import kennisitem_list


def project_list(*, user: User) -> QuerySet[Project]:
    """All projects for an active member (none for anyone else), by tender quarter (unknown last), with what a list
    row shows joined."""
    if not mag_projecten_zien(user):
        return Project.objects.none()
    return Project.objects.select_related("gemeente", "gebied", "waardeklasse").order_by(
        F("aanbesteding_kwartaal").asc(nulls_last=True), "nummer", "pk"
    )


def project_get(*, user: User, pk: int) -> Project:
    """One project with what its page shows: contact person, contractors (by name) and the opgaven taken up in it.
    404 for non-members."""
    return get_object_or_404(
        project_list(user=user)
        .select_related("contactpersoon")
        .prefetch_related(
            Prefetch("opdrachtnemers", queryset=Organisatie.objects.order_by("naam")),
            Prefetch("opgaven", queryset=Opgave.objects.order_by("venster_van", "pk")),
        ),
        pk=pk,
    )


def project_voor_bewerken(*, user: User, pk: int) -> Project:
    """A project `user` may change. A contractor (or anyone who may not manage projects) gets 403: every member sees
    every project, so there is nothing to hide. Staff of another gemeente get 404: its edit pages do not exist for
    them."""
    if not mag_projecten_beheren(user):
        raise PermissionDenied
    projecten = project_list(user=user)
    if not user.is_beheerder:
        projecten = projecten.filter(gemeente_id=user.organisatie_id)
    return get_object_or_404(projecten.prefetch_related("opdrachtnemers"), pk=pk)


@dataclass(frozen=True)
class Wijzigingsregel:
    """One line of a project's history as the page shows it."""

    op: datetime.datetime
    door: str
    veld: str
    was: str
    wordt: str
    reden: str


def projectwijziging_list(*, project: Project) -> list[Wijzigingsregel]:
    """The history of `project`, newest first, in one query."""
    return [
        Wijzigingsregel(
            op=wijziging.op,
            door=wijziging.door.naam if wijziging.door_id else "",
            veld=veld_label(wijziging.veld),
            was=wijziging.oude_waarde,
            wordt=wijziging.nieuwe_waarde,
            reden=wijziging.reden,
        )
        for wijziging in Projectwijziging.objects.filter(project=project).select_related("door")
    ]


def project_kennisitems(*, user: User, project: Project) -> QuerySet[Kennisitem]:
    """The kennisitems about `project` that `user` may see (lessons learned, praktijkvoorbeelden)."""
    return kennisitem_list(user=user).filter(project=project)


# --- Choices of the forms --------------------------------------------------------------------------------------------


def gemeenten_voor(*, user: User) -> QuerySet[Organisatie]:
    """The gemeenten `user` may create projects for: every member gemeente for a beheerder, else their own."""
    if user.is_beheerder:
        return Organisatie.objects.leden().filter(soort=Organisatie.Soort.GEMEENTE).order_by("naam")
    return Organisatie.objects.filter(pk=user.organisatie_id, soort=Organisatie.Soort.GEMEENTE)


@dataclass(frozen=True)
class Keuzes:
    gemeenten: QuerySet[Organisatie] | None  # None: the gemeente is fixed (own gemeente, or an existing project's)
    gebieden: QuerySet[Gebied]
    waardeklassen: QuerySet[Waardeklasse]
    contactpersonen: QuerySet[User]


def project_keuzes(*, user: User, project: Project | None = None) -> Keuzes:
    """What the project form offers. A new project: a beheerder chooses the gemeente and sees every gemeente's areas
    and staff (the service checks they match); gemeente staff get their own. An existing project keeps its gemeente,
    and its current contact person stays choosable."""
    if project is not None:
        gemeenten, bron = None, Q(pk=project.gemeente_id)
    elif user.is_beheerder:
        gemeenten = gemeenten_voor(user=user)
        bron = Q(pk__in=gemeenten.values("pk"))
    else:
        gemeenten, bron = None, Q(pk=user.organisatie_id)
    organisaties = Organisatie.objects.filter(bron)
    personen = Q(status=User.Status.ACTIEF, organisatie__in=organisaties)
    if project is not None and project.contactpersoon_id is not None:
        personen |= Q(pk=project.contactpersoon_id)
    return Keuzes(
        gemeenten=gemeenten,
        gebieden=Gebied.objects.filter(gemeente__in=organisaties).select_related("gemeente"),
        waardeklassen=Waardeklasse.objects.all(),
        contactpersonen=User.objects.filter(personen).order_by("naam", "pk"),
    )


def opdrachtnemers_keuzes(*, project: Project) -> QuerySet[Organisatie]:
    """The contractors a project can be awarded to: the members of the kring, and those it was awarded to already."""
    return Organisatie.objects.filter(
        Q(pk__in=Organisatie.objects.leden().filter(soort=Organisatie.Soort.OPDRACHTNEMER))
        | Q(pk__in=project.opdrachtnemers.values("pk"))
    ).order_by("naam")


def gebieden_voor_filter() -> QuerySet[Gebied]:
    return Gebied.objects.select_related("gemeente").order_by("gemeente__naam", "naam")
