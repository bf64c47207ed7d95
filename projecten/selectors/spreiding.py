"""Reads of the spreiding: the load per quarter (count and value, split by soort werk or fase, with empty and
overloaded quarters), the contractors' werkvoorraad (only anonymised and aggregated), and the spreidingsvoorstel."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from kring.models import Organisatie, User
from projecten.kwartalen import komende_kwartalen
from projecten.models import Project, Werkvoorraad, Zekerheid
from projecten.permissions import mag_projecten_beheren, mag_projecten_zien, mag_werkvoorraad_melden
from projecten.selectors.projecten import project_list
from projecten.spreidingsvoorstel import Kandidaat, Voorstel, spreidingsvoorstel

# The spreiding looks this many quarters ahead, starting with the current one.
HORIZON = 12
# A quarter is overloaded when its load lies more than this percentage above the mean of the horizon's quarters.
OVERBELAST_PROCENT = 50
# Werkvoorraad is shown for a quarter only when at least this many companies reported it: with fewer, a company could
# recognise (or work out) another's figure.
MINIMUM_MELDINGEN = 3
# The median is shown from this many reports on: with three or four, mean and median together give away the exact
# figure of a company at either end to a company that knows its own.
MINIMUM_VOOR_MEDIAAN = 5

VERDELINGEN = {"soort_werk": Project.SoortWerk, "fase": Project.Fase}
# What counts as load: the projects' value (the rekenwaarde of their waardeklasse) or their number.
MATEN = {"waarde": _("Waarde (€)"), "aantal": _("Aantal projecten")}
# Only a project whose tender is still being prepared may move; once it is out to tender the quarter is a fact.
FASEN_VERSCHUIFBAAR = (Project.Fase.INITIATIEF, Project.Fase.ONTWERP, Project.Fase.VOORBEREIDING)
ZEKERHEDEN_VERSCHUIFBAAR = (Zekerheid.MIDDEN, Zekerheid.LAAG)


def horizon(vandaag: datetime.date | None = None) -> list[datetime.date]:
    """The quarters the spreiding covers: the current one and the eleven after it."""
    return komende_kwartalen(HORIZON, vandaag)


def gemeente_keuzes() -> QuerySet[Organisatie]:
    return Organisatie.objects.leden().filter(soort=Organisatie.Soort.GEMEENTE).order_by("naam")


# --- Load per quarter ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kwartaalbelasting:
    kwartaal: datetime.date
    aantal: int
    waarde: Decimal
    per_groep: list[int | Decimal]  # the chosen measure per group, in the order of Spreiding.groepen
    belasting: int | Decimal  # the chosen measure, in total
    leeg: bool
    overbelast: bool


@dataclass(frozen=True)
class Spreiding:
    verdeling: str
    maat: str
    groepen: list[tuple[str, str]]  # (value, label) of the groups that occur, in the order of their choices
    kwartalen: list[Kwartaalbelasting]
    gemiddelde: Decimal
    grens: Decimal  # above this a quarter is overloaded

    @property
    def totaal_aantal(self) -> int:
        return sum(rij.aantal for rij in self.kwartalen)

    @property
    def totaal_waarde(self) -> Decimal:
        return sum((rij.waarde for rij in self.kwartalen), Decimal(0))


def spreiding_projecten(*, user: User, gemeente: Organisatie | None = None) -> QuerySet[Project]:
    """The projects whose load the spreiding counts: every project a member may see (all of them), or those of one
    gemeente."""
    projecten = project_list(user=user)
    return projecten.filter(gemeente=gemeente) if gemeente is not None else projecten


def spreiding_overzicht(
    *, projecten: QuerySet[Project], verdeling: str, maat: str, kwartalen: list[datetime.date]
) -> Spreiding:
    """Count and value per tender quarter and group, in one GROUP BY query. The value is the rekenwaarde of each
    project's waardeklasse: the exact estimates are internal to each gemeente."""
    rijen = (
        projecten.filter(aanbesteding_kwartaal__in=kwartalen)
        .order_by()
        .values("aanbesteding_kwartaal", verdeling)
        .annotate(aantal=Count("pk"), waarde=Sum("waardeklasse__rekenwaarde"))
    )
    aantallen, waarden = defaultdict(int), defaultdict(Decimal)
    per_groep = defaultdict(dict)
    for rij in rijen:
        kwartaal, groep = rij["aanbesteding_kwartaal"], rij[verdeling]
        aantallen[kwartaal] += rij["aantal"]
        waarden[kwartaal] += rij["waarde"] or Decimal(0)
        per_groep[kwartaal][groep] = rij["aantal"] if maat == "aantal" else rij["waarde"] or Decimal(0)
    belasting = {kwartaal: aantallen[kwartaal] if maat == "aantal" else waarden[kwartaal] for kwartaal in kwartalen}
    gemiddelde = Decimal(sum(belasting.values())) / len(kwartalen)
    grens = gemiddelde * (100 + OVERBELAST_PROCENT) / 100
    gebruikt = {groep for groepen in per_groep.values() for groep in groepen}
    groepen = [(keuze.value, keuze.label) for keuze in VERDELINGEN[verdeling] if keuze.value in gebruikt]
    nul = 0 if maat == "aantal" else Decimal(0)
    return Spreiding(
        verdeling=verdeling,
        maat=maat,
        groepen=groepen,
        kwartalen=[
            Kwartaalbelasting(
                kwartaal=kwartaal,
                aantal=aantallen[kwartaal],
                waarde=waarden[kwartaal],
                per_groep=[per_groep[kwartaal].get(groep, nul) for groep, _label in groepen],
                belasting=belasting[kwartaal],
                leeg=aantallen[kwartaal] == 0,
                overbelast=gemiddelde > 0 and belasting[kwartaal] > grens,
            )
            for kwartaal in kwartalen
        ],
        gemiddelde=gemiddelde,
        grens=grens,
    )


# --- Werkvoorraad ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Werkvoorraadcijfers:
    """The aggregate of one quarter's reports; the figures stay empty below the thresholds above."""

    kwartaal: datetime.date
    meldingen: int
    gemiddelde: Decimal | None
    mediaan: Decimal | None

    @property
    def voldoende(self) -> bool:
        return self.gemiddelde is not None


def werkvoorraad_overzicht(*, user: User, kwartalen: list[datetime.date]) -> list[Werkvoorraadcijfers]:
    """Per quarter the number of reporting companies, their mean and median months of work in hand: never a single
    company's figure. Reports of companies that are no longer members do not count. One query."""
    if not mag_projecten_zien(user):
        raise PermissionDenied
    maanden = defaultdict(list)
    for kwartaal, waarde in Werkvoorraad.objects.filter(
        kwartaal__in=kwartalen, organisatie__in=Organisatie.objects.leden()
    ).values_list("kwartaal", "maanden"):
        maanden[kwartaal].append(waarde)
    cijfers = []
    for kwartaal in kwartalen:
        waarden = maanden[kwartaal]
        genoeg = len(waarden) >= MINIMUM_MELDINGEN
        cijfers.append(
            Werkvoorraadcijfers(
                kwartaal=kwartaal,
                meldingen=len(waarden),
                gemiddelde=round(sum(waarden) / len(waarden), 1) if genoeg else None,
                mediaan=round(statistics.median(waarden), 1) if len(waarden) >= MINIMUM_VOOR_MEDIAAN else None,
            )
        )
    return cijfers


def werkvoorraad_eigen(*, user: User, kwartalen: list[datetime.date]) -> dict[datetime.date, Decimal]:
    """What the user's own company reported, per quarter: a contractor sees its own figures, never another's."""
    if not mag_werkvoorraad_melden(user):
        raise PermissionDenied
    return dict(
        Werkvoorraad.objects.filter(organisatie_id=user.organisatie_id, kwartaal__in=kwartalen).values_list(
            "kwartaal", "maanden"
        )
    )


# --- Spreidingsvoorstel ----------------------------------------------------------------------------------------------


def verschuifbaar() -> Q:
    """Projects the spreidingsvoorstel may move: certainty midden or laag, a window, and the tender still being
    prepared. Projects with certainty hoog or without a window stay where they are."""
    return Q(
        aanbesteding_kwartaal__isnull=False,
        zekerheid__in=ZEKERHEDEN_VERSCHUIFBAAR,
        fase__in=FASEN_VERSCHUIFBAAR,
        verschuifbaar_vanaf__isnull=False,
        verschuifbaar_tot__isnull=False,
    )


def voorstel_gemeente(*, user: User, gemeente: Organisatie | None) -> Organisatie | None:
    """Whose projects the voorstel moves: gemeente staff always their own gemeente, a beheerder the chosen one (or all
    gemeenten)."""
    if not mag_projecten_beheren(user):
        raise PermissionDenied
    return gemeente if user.is_beheerder else user.organisatie


def voorstel_projecten(*, user: User, gemeente: Organisatie | None) -> QuerySet[Project]:
    """The projects the voorstel takes into account, with what its table shows joined."""
    projecten = project_list(user=user)
    gemeente = voorstel_gemeente(user=user, gemeente=gemeente)
    return projecten.filter(gemeente=gemeente) if gemeente is not None else projecten


@dataclass(frozen=True)
class VoorgesteldeVerschuiving:
    project: Project
    van: datetime.date
    naar: datetime.date


@dataclass(frozen=True)
class Voorstelpagina:
    voorstel: Voorstel
    verschuivingen: list[VoorgesteldeVerschuiving]
    aantal_verschuifbaar: int
    aantal_projecten: int


def gewicht(project: Project, maat: str) -> int:
    """The weight of a project in the voorstel: its rekenwaarde in whole euros, or 1 when counting projects."""
    return 1 if maat == "aantal" else int(project.waardeklasse.rekenwaarde)


def voorstel_maken(
    *, user: User, gemeente: Organisatie | None, maat: str, kwartalen: list[datetime.date]
) -> Voorstelpagina:
    """The spreidingsvoorstel for the projects of the gemeente (one query), ready for the page."""
    projecten = list(
        voorstel_projecten(user=user, gemeente=gemeente)
        .filter(aanbesteding_kwartaal__in=kwartalen)
        .annotate(beweegbaar=ExpressionWrapper(verschuifbaar(), output_field=BooleanField()))
        .order_by("aanbesteding_kwartaal", "nummer", "pk")
    )
    kandidaten = [
        Kandidaat(
            sleutel=project.pk,
            kwartaal=project.aanbesteding_kwartaal,
            gewicht=gewicht(project, maat),
            venster=(project.verschuifbaar_vanaf, project.verschuifbaar_tot) if project.beweegbaar else None,
        )
        for project in projecten
    ]
    voorstel = spreidingsvoorstel(kandidaten, kwartalen)
    per_pk = {project.pk: project for project in projecten}
    return Voorstelpagina(
        voorstel=voorstel,
        verschuivingen=[
            VoorgesteldeVerschuiving(per_pk[verschuiving.sleutel], verschuiving.van, verschuiving.naar)
            for verschuiving in voorstel.verschuivingen
        ],
        aantal_verschuifbaar=sum(1 for project in projecten if project.beweegbaar),
        aantal_projecten=len(projecten),
    )
