"""Reads of the aanbestedingskalender: the upcoming tenders (for the public, the feeds and members), the count per
quarter, the projects a contractor follows, and which followers hear of a change (reminder kind project_gewijzigd)."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from kring.herinneringen import Aanleiding, absolute_url
from kring.models import Herinnering, User
from kring.permissions import is_lid
from projecten.kwartalen import huidig_kwartaal, kwartaal_label, kwartaal_parse
from projecten.models import Interesse, Project, Projectwijziging
from projecten.permissions import mag_project_volgen
from projecten.selectors.projecten import project_list
from projecten.services.projecten import veld_label

Fase = Project.Fase

# The kalender shows what is still to be tendered: every phase before uitvoering. A project in initiatief with a
# tender quarter is part of the pipeline too (its zekerheid says how firm it is); once in uitvoering it was awarded.
KALENDER_FASEN = (Fase.INITIATIEF, Fase.ONTWERP, Fase.VOORBEREIDING, Fase.AANBESTEDING)
# Following makes no sense once the work is done; unfollowing always works.
NIET_MEER_TE_VOLGEN = (Fase.AFGEROND,)

# The changes a follower hears of (Projectwijziging.veld), and how far back a sweep looks: a week's overview and a
# sweep that missed a few days still catch every change.
GEMELDE_VELDEN = ("aanbesteding_kwartaal", "fase", "zekerheid")
LIDWOORD = {"aanbesteding_kwartaal": "het", "fase": "de", "zekerheid": "de"}
MELDEN_DAGEN = 14
PROJECT_GEWIJZIGD = "project_gewijzigd"


def kalender_publiek(*, vandaag: datetime.date | None = None) -> QuerySet[Project]:
    """The upcoming tenders as anyone sees them: a tender quarter from the current quarter on and a phase before
    uitvoering; by quarter, gemeente and number, with gemeente, gebied and waardeklasse joined."""
    return (
        Project.objects.filter(fase__in=KALENDER_FASEN, aanbesteding_kwartaal__gte=huidig_kwartaal(vandaag))
        .select_related("gemeente", "gebied", "waardeklasse")
        .order_by("aanbesteding_kwartaal", "gemeente__naam", "nummer", "pk")
    )


def kalender_list(*, user: User) -> QuerySet[Project]:
    """The kalender for `user`: members' rows also carry the contact person, whether they follow the project
    (`gevolgd`) and how many follow it (`aantal_volgers`, shown only where `ziet_volgers` allows)."""
    projecten = kalender_publiek()
    if not is_lid(user):
        return projecten
    return projecten.select_related("contactpersoon").annotate(
        gevolgd=Exists(Interesse.objects.filter(project=OuterRef("pk"), gebruiker=user)),
        aantal_volgers=_aantal_volgers(),
    )


def _aantal_volgers() -> Coalesce:
    volgers = (
        Interesse.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    return Coalesce(Subquery(volgers), 0)


@dataclass(frozen=True)
class Kwartaaltelling:
    kwartaal: datetime.date
    aantal: int

    @property
    def label(self) -> str:
        return kwartaal_label(self.kwartaal)


def kalender_kwartalen(projecten: QuerySet[Project]) -> list[Kwartaaltelling]:
    """How many of `projecten` are tendered per quarter, in one query."""
    tellingen = (
        projecten.order_by("aanbesteding_kwartaal")
        .values("aanbesteding_kwartaal")
        .annotate(aantal=Count("pk"))
        .values_list("aanbesteding_kwartaal", "aantal")
    )
    return [Kwartaaltelling(kwartaal, aantal) for kwartaal, aantal in tellingen]


def project_volgbaar_get(*, user: User, pk: int) -> Project:
    """A project `user` may follow or unfollow: members read every project, so only a missing one is a 404."""
    return get_object_or_404(project_list(user=user), pk=pk)


def volgt_project(*, user: User, project: Project) -> bool:
    """Whether `user` follows `project`; a list row annotated by `kalender_list` answers without a query."""
    if not is_lid(user):
        return False
    gevolgd = getattr(project, "gevolgd", None)
    if gevolgd is None:
        gevolgd = Interesse.objects.filter(project=project, gebruiker=user).exists()
    return gevolgd


def aantal_volgers(*, project: Project) -> int:
    """How many follow `project`; a list row annotated by `kalender_list` answers without a query."""
    aantal = getattr(project, "aantal_volgers", None)
    return project.interesses.count() if aantal is None else aantal


def laatste_wijziging() -> Subquery:
    """The moment of a project's latest change that followers hear of."""
    return Subquery(
        Projectwijziging.objects.filter(project=OuterRef("pk"), veld__in=GEMELDE_VELDEN)
        .order_by("-op", "-pk")
        .values("op")[:1]
    )


def gevolgd_list(*, user: User) -> QuerySet[Project]:
    """The projects `user` follows, by tender quarter (unknown last), with the moment of their latest change."""
    if not mag_project_volgen(user):
        return Project.objects.none()
    return (
        Project.objects.filter(Exists(Interesse.objects.filter(project=OuterRef("pk"), gebruiker=user)))
        .select_related("gemeente", "gebied", "waardeklasse")
        .annotate(gevolgd=Value(True), laatst_gewijzigd=laatste_wijziging())
        .order_by(F("aanbesteding_kwartaal").asc(nulls_last=True), "gemeente__naam", "nummer", "pk")
    )


# --- Reminder kind project_gewijzigd ---------------------------------------------------------------------------------


def waarde_label(veld: str, waarde: str) -> str:
    """A value of the history (phase and certainty by their label, a quarter as 2027-K2) as a mail reads it: the
    quarter in words."""
    if not waarde:
        return "nog onbekend"
    if veld == "aanbesteding_kwartaal":
        try:
            return kwartaal_label(kwartaal_parse(waarde))
        except ValueError:
            return waarde
    return waarde


def project_gewijzigd_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Every change of a followed project's tender quarter, phase or certainty in the last MELDEN_DAGEN days, for each
    active follower who followed it by then, except the person who made it and those who had this change mailed
    before: once per change and person, whatever day the sweep runs. A fixed number of queries,
    however many changes and followers."""
    sinds = timezone.make_aware(
        datetime.datetime.combine(vandaag - datetime.timedelta(days=MELDEN_DAGEN - 1), datetime.time.min)
    )
    tot = timezone.make_aware(datetime.datetime.combine(vandaag + datetime.timedelta(days=1), datetime.time.min))
    wijzigingen = list(
        Projectwijziging.objects.filter(veld__in=GEMELDE_VELDEN, op__gte=sinds, op__lt=tot)
        .filter(Exists(Interesse.objects.filter(project=OuterRef("project"))))
        .select_related("project__gemeente", "door")
        .order_by("op", "pk")
    )
    if not wijzigingen:
        return
    volgers = defaultdict(list)
    for interesse in Interesse.objects.filter(
        project__in={wijziging.project_id for wijziging in wijzigingen}, gebruiker__status=User.Status.ACTIEF
    ).select_related("gebruiker__organisatie"):
        volgers[interesse.project_id].append(interesse)
    gehad = set(
        Herinnering.objects.filter(
            soort=PROJECT_GEWIJZIGD,
            object_type=ContentType.objects.get_for_model(Projectwijziging),
            object_id__in=[wijziging.pk for wijziging in wijzigingen],
        ).values_list("object_id", "ontvanger_id")
    )
    for wijziging in wijzigingen:
        context = _wijziging_context(wijziging)
        for interesse in volgers[wijziging.project_id]:
            volger = interesse.gebruiker
            # Only what changed after they started following, and not their own change.
            if (
                interesse.aangemaakt_op <= wijziging.op
                and volger.pk != wijziging.door_id
                and (wijziging.pk, volger.pk) not in gehad
            ):
                yield Aanleiding(volger, wijziging, context)


def _wijziging_context(wijziging: Projectwijziging) -> dict:
    return {
        "wijziging": wijziging,
        "project": wijziging.project,
        "veld": veld_label(wijziging.veld),
        "wat": f"{LIDWOORD.get(wijziging.veld, 'de')} {veld_label(wijziging.veld)}",  # "het kwartaal van aanbesteding"
        "was": waarde_label(wijziging.veld, wijziging.oude_waarde),
        "wordt": waarde_label(wijziging.veld, wijziging.nieuwe_waarde),
        "url": absolute_url(wijziging.project.get_absolute_url()),
        "gevolgd_url": absolute_url(reverse("projecten:gevolgd")),
    }
