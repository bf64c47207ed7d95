"""Reads of the aggregates: an organisation's profile, the kring benchmarks (goed opdrachtgeverschap among them), the
list of profiles, rater calibration, the selection export and the KPIs of a plan.

Every page reads the summary rows (`Scoremaand`, `Beoordelaarverdeling`, see services/profielen.py), never single
scores, so what a page costs does not grow with the number of ratings.

The method (issue 6 outcome 7; the README explains it to users):
- Window: `Beleid.venster_maanden` (default 36) months up to and including this month.
- Weight per month bucket: its age in months a = this month − bucket month; w = max(0, 1 − a / venster). The newest
  month weighs 1, a month `venster` old weighs 0 (and is outside the window).
- n = the number of ratings (or scores, or measurements) in buckets with w > 0.
- Mean = Σ w·som / Σ w·aantal. Spread = weighted standard deviation √(Σ w·som² / Σ w·aantal − mean²).
- Trend = the slope, in points per year, of a weighted least-squares line through the scores over time (each bucket:
  x = months since the window's start, weight w per rating, its ratings' sum as y). |slope| < 0.25: stabiel.
- Below `Beleid.minimum_n` (default 3): "geen oordeel", and then no mean, spread or trend at all, never a default.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.models import Organisatie, User
from pastperformance.models import (
    SCORE_MAX,
    SCORE_MIN,
    Beleid,
    Beoordelaarverdeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Criterium,
    KpiMeting,
    Reactie,
    Richting,
    Scoremaand,
    Vragenlijst,
)
from pastperformance.permissions import (
    mag_kpi_verwijderen,
    mag_profiel_zien,
    mag_selectie_exporteren,
    ziet_alle_profielen,
)
from pastperformance.selectors.rondes import plannen_zichtbaar
from pastperformance.services.profielen import KPI_RICHTING, kpi_code
from projecten.kwartalen import kwartaal_begin, kwartaal_label, kwartaal_plus, kwartalen_tussen

# |slope| below this many points per year counts as stable.
STABIEL_ONDER = 0.25
# A rater whose mean lies this many points or more from the kring's (with at least minimum n scores) stands out.
OPVALLENDE_AFWIJKING = 1.0
# The direction in which each kind of organisation is rated: contractors by gemeenten, gemeenten by contractors.
PROFIELRICHTING = {Organisatie.Soort.OPDRACHTNEMER: Richting.OG_ON, Organisatie.Soort.GEMEENTE: Richting.ON_OG}

ONTHULDE_STATUSSEN = (
    Beoordelingsronde.Status.ONTHULD,
    Beoordelingsronde.Status.BESPROKEN,
    Beoordelingsronde.Status.DEFINITIEF,
)

Emmer = tuple[datetime.date, int, float, float]  # (month, aantal, som, som_kwadraten)


def maand_van(datum: datetime.date) -> datetime.date:
    return datum.replace(day=1)


def maanden_tussen(van: datetime.date, tot: datetime.date) -> int:
    """How many months the month of `tot` lies after the month of `van`."""
    return (tot.year - van.year) * 12 + tot.month - van.month


def maand_min(maand: datetime.date, aantal: int) -> datetime.date:
    index = maand.year * 12 + maand.month - 1 - aantal
    return datetime.date(index // 12, index % 12 + 1, 1)


# --- The statistics --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statistiek:
    """n, mean, spread and trend of one set of buckets; all but n are None when n is below the minimum."""

    n: int
    minimum_n: int
    gemiddelde: float | None = None
    spreiding: float | None = None
    trend: float | None = None  # points per year; None also when all ratings fall in one month

    @property
    def geen_oordeel(self) -> bool:
        return self.n < self.minimum_n

    @property
    def trendrichting(self) -> str:
        if self.trend is None:
            return ""
        if abs(self.trend) < STABIEL_ONDER:
            return str(_("stabiel"))
        return str(_("stijgend")) if self.trend > 0 else str(_("dalend"))


def statistiek(
    emmers: Iterable[Emmer], *, peilmaand: datetime.date, venster: int, minimum_n: int, gewogen: bool = True
) -> Statistiek:
    """The statistics of month buckets as of `peilmaand` (see the module docstring). Without `gewogen` every bucket in
    the window weighs 1 (the plain figures of a period, e.g. the last 12 months of the year overview)."""
    n = 0
    gewicht = som = kwadraten = 0.0
    som_x = som_xx = som_xy = 0.0
    for maand, aantal, som_emmer, kwadraten_emmer in emmers:
        leeftijd = maanden_tussen(maand, peilmaand)
        if leeftijd < 0 or leeftijd >= venster or not aantal:
            continue
        w = 1 - leeftijd / venster if gewogen else 1.0
        x = venster - leeftijd  # months since the window's start
        n += aantal
        gewicht += w * aantal
        som += w * som_emmer
        kwadraten += w * kwadraten_emmer
        som_x += w * aantal * x
        som_xx += w * aantal * x * x
        som_xy += w * som_emmer * x
    if n < minimum_n or gewicht <= 0:
        return Statistiek(n=n, minimum_n=minimum_n)
    gemiddelde = som / gewicht
    spreiding = math.sqrt(max(0.0, kwadraten / gewicht - gemiddelde * gemiddelde))
    noemer = som_xx - som_x * som_x / gewicht
    trend = 12 * (som_xy - som_x * som / gewicht) / noemer if noemer > 1e-9 else None
    return Statistiek(n=n, minimum_n=minimum_n, gemiddelde=gemiddelde, spreiding=spreiding, trend=trend)


# --- Profiles and benchmarks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteriumregel:
    code: str
    naam: str
    eigen: Statistiek
    kring: Statistiek


@dataclass(frozen=True)
class Kpiregel:
    soort: str
    label: str
    eigen: Statistiek
    kring: Statistiek


@dataclass(frozen=True)
class Kwartaalpunt:
    """The plain mean of the overall scores of the year up to and including one quarter (that quarter and the three
    before it), only from minimum n ratings on (one rating's score is not shown on its own), beside the kring's."""

    begin: datetime.date
    n: int
    gemiddelde: float | None
    kring_n: int
    kring_gemiddelde: float | None

    @property
    def label(self) -> str:
        return kwartaal_label(self.begin)


@dataclass(frozen=True)
class Profiel:
    """What the ratings of one direction say about one organisation (or, with `organisatie` None, about the whole
    kring: the benchmark), over the window as of `peilmaand`."""

    organisatie: Organisatie | None
    richting: str
    totaal: Statistiek
    kring: Statistiek
    laatste_jaar: Statistiek  # plain figures of the last 12 months, for the year overview
    criteria: list[Criteriumregel]
    kpi: list[Kpiregel]
    kwartalen: list[Kwartaalpunt]
    peilmaand: datetime.date
    venster_maanden: int
    minimum_n: int

    @property
    def n(self) -> int:
        return self.totaal.n

    @property
    def gemiddelde(self) -> float | None:
        return self.totaal.gemiddelde

    @property
    def spreiding(self) -> float | None:
        return self.totaal.spreiding

    @property
    def trend(self) -> float | None:
        return self.totaal.trend

    @property
    def geen_oordeel(self) -> bool:
        return self.totaal.geen_oordeel

    @property
    def richting_label(self) -> str:
        return Richting(self.richting).label

    @property
    def venster_begin(self) -> datetime.date:
        return maand_min(self.peilmaand, self.venster_maanden - 1)


def _peilmaand(vandaag: datetime.date | None) -> datetime.date:
    return maand_van(vandaag or timezone.localdate())


def criterium_namen(richting: str) -> dict[str, str]:
    """Code -> name of the criteria of the current questionnaire of `richting`, in its order (one query). Codes of
    older versions are not in it: they are shown by their code."""
    return dict(
        Criterium.objects.filter(vragenlijst__richting=richting, vragenlijst__status=Vragenlijst.Status.VASTGESTELD)
        .order_by("volgorde", "pk")
        .values_list("code", "naam")
    )


def _kpi_soorten(richting: str) -> list[KpiMeting.Soort]:
    return [soort for soort, kpi_richting in KPI_RICHTING.items() if kpi_richting == richting]


def _profiel(
    *, organisatie: Organisatie | None, richting: str, vandaag: datetime.date | None, beleid: Beleid | None = None
) -> Profiel:
    beleid = beleid or Beleid.huidig()
    peilmaand, venster, minimum_n = _peilmaand(vandaag), beleid.venster_maanden, beleid.minimum_n
    begin = maand_min(peilmaand, venster - 1)
    wie = Q(organisatie__isnull=True)
    if organisatie is not None:
        wie |= Q(organisatie=organisatie)
    eigen: dict[str, list[Emmer]] = defaultdict(list)
    kring: dict[str, list[Emmer]] = defaultdict(list)
    for organisatie_id, code, maand, aantal, som, kwadraten in Scoremaand.objects.filter(
        wie, richting=richting, maand__gte=begin, maand__lte=peilmaand
    ).values_list("organisatie_id", "criterium_code", "maand", "aantal", "som", "som_kwadraten"):
        emmer = (maand, aantal, float(som), float(kwadraten))
        if organisatie_id is None:
            kring[code].append(emmer)
        if organisatie_id is not None or organisatie is None:
            eigen[code].append(emmer)

    def bereken(emmers: list[Emmer], **opties) -> Statistiek:
        return statistiek(emmers, peilmaand=peilmaand, venster=venster, minimum_n=minimum_n, **opties)

    namen = criterium_namen(richting)
    oudere = sorted(code for code in eigen.keys() | kring.keys() if code and not code.startswith("kpi:"))
    codes = [*namen, *(code for code in oudere if code not in namen)]
    return Profiel(
        organisatie=organisatie,
        richting=richting,
        totaal=bereken(eigen[Scoremaand.TOTAAL]),
        kring=bereken(kring[Scoremaand.TOTAAL]),
        laatste_jaar=statistiek(
            eigen[Scoremaand.TOTAAL], peilmaand=peilmaand, venster=12, minimum_n=minimum_n, gewogen=False
        ),
        criteria=[
            Criteriumregel(
                code=code, naam=namen.get(code, code), eigen=bereken(eigen[code]), kring=bereken(kring[code])
            )
            for code in codes
        ],
        kpi=[
            Kpiregel(
                soort=soort,
                label=soort.label,
                eigen=bereken(eigen[kpi_code(soort)]),
                kring=bereken(kring[kpi_code(soort)]),
            )
            for soort in _kpi_soorten(richting)
        ],
        kwartalen=_kwartalen(eigen[Scoremaand.TOTAAL], kring[Scoremaand.TOTAAL], begin, peilmaand, minimum_n),
        peilmaand=peilmaand,
        venster_maanden=venster,
        minimum_n=minimum_n,
    )


def _kwartalen(
    eigen: list[Emmer], kring: list[Emmer], begin: datetime.date, peilmaand: datetime.date, minimum_n: int
) -> list[Kwartaalpunt]:
    def per_kwartaal(emmers: list[Emmer]) -> dict[datetime.date, tuple[int, float]]:
        tellingen: dict[datetime.date, list] = defaultdict(lambda: [0, 0.0])
        for maand, aantal, som, _kwadraten in emmers:
            tellingen[kwartaal_begin(maand)][0] += aantal
            tellingen[kwartaal_begin(maand)][1] += som
        return {kwartaal: (aantal, som) for kwartaal, (aantal, som) in tellingen.items()}

    def gemiddelde(telling: tuple[int, float]) -> float | None:
        aantal, som = telling
        return som / aantal if aantal >= minimum_n else None

    def jaar_tot(per: dict, kwartaal: datetime.date) -> tuple[int, float]:
        # A year up to and including `kwartaal`: one quarter rarely holds minimum n ratings of one organisation.
        delen = [per.get(kwartaal_plus(kwartaal, -terug), (0, 0.0)) for terug in range(4)]
        return sum(aantal for aantal, _som in delen), sum(som for _aantal, som in delen)

    eigen_per, kring_per = per_kwartaal(eigen), per_kwartaal(kring)
    punten = []
    for kwartaal in kwartalen_tussen(kwartaal_begin(begin), kwartaal_begin(peilmaand)):
        eigen_jaar, kring_jaar = jaar_tot(eigen_per, kwartaal), jaar_tot(kring_per, kwartaal)
        punten.append(
            Kwartaalpunt(
                begin=kwartaal,
                n=eigen_jaar[0],
                gemiddelde=gemiddelde(eigen_jaar),
                kring_n=kring_jaar[0],
                kring_gemiddelde=gemiddelde(kring_jaar),
            )
        )
    return punten


def profiel(*, organisatie: Organisatie, richting: str | None = None, vandaag: datetime.date | None = None) -> Profiel:
    """The profile of `organisatie` in the direction in which it is rated (contractors og_on, gemeenten on_og) or in
    `richting`, with the kring's figures beside it: three queries. The caller checks `mag_profiel_zien`."""
    if richting is None:
        if organisatie.soort not in PROFIELRICHTING:
            raise ValueError(f"{organisatie} wordt niet beoordeeld: geen profiel.")
        richting = PROFIELRICHTING[organisatie.soort]
    return _profiel(organisatie=organisatie, richting=richting, vandaag=vandaag)


def kring_benchmark(*, richting: str, vandaag: datetime.date | None = None) -> Profiel:
    """The kring-wide figures of one direction, anonymous (no organisation named): a Profiel without organisation."""
    return _profiel(organisatie=None, richting=richting, vandaag=vandaag)


def opdrachtgeverschap(*, vandaag: datetime.date | None = None) -> Profiel:
    """Goed opdrachtgeverschap: how the contractors rate the gemeenten as clients, kring-wide and per criterion, with
    the KPIs days to payment and to a decision. Anonymous: no gemeente is named or can be picked out."""
    return kring_benchmark(richting=Richting.ON_OG, vandaag=vandaag)


def profiel_organisatie_get(*, user: User, pk: int) -> Organisatie:
    """The organisation whose profile `user` asks for; 404 unless `user` may see that profile (`mag_profiel_zien`)."""
    organisatie = get_object_or_404(Organisatie, pk=pk)
    if not mag_profiel_zien(user, organisatie):
        raise Http404
    return organisatie


# --- The list of profiles and the selection export --------------------------------------------------------------------


@dataclass(frozen=True)
class Profielregel:
    organisatie: Organisatie
    statistiek: Statistiek


@dataclass(frozen=True)
class Profielenoverzicht:
    """What the Profielen page shows `user`: their own organisation's figures (contractor or gemeente), the kring's
    figures of both directions, and the lists of profiles they may open."""

    eigen: Profielregel | None
    eigen_richting: str
    kring: dict[str, Statistiek]  # richting -> the kring's figures
    opdrachtnemers: list[Profielregel] | None  # None: the user may not see other contractors' profiles
    gemeenten: list[Profielregel] | None
    sorteren_op_gemiddelde: bool  # ranking is only possible while the policy allows use for selection
    venster_maanden: int
    minimum_n: int

    @property
    def eigen_kring(self) -> Statistiek | None:
        """The kring's figures in the direction of the user's own organisation."""
        return self.kring.get(self.eigen_richting)


def _totalen(*, beleid: Beleid, vandaag: datetime.date | None) -> dict[tuple[int | None, str], Statistiek]:
    """(organisatie_id or None, richting) -> overall figures, for every organisation and the kring, in one query."""
    peilmaand, venster = _peilmaand(vandaag), beleid.venster_maanden
    emmers: dict[tuple[int | None, str], list[Emmer]] = defaultdict(list)
    for organisatie_id, richting, maand, aantal, som, kwadraten in Scoremaand.objects.filter(
        criterium_code=Scoremaand.TOTAAL, maand__gte=maand_min(peilmaand, venster - 1), maand__lte=peilmaand
    ).values_list("organisatie_id", "richting", "maand", "aantal", "som", "som_kwadraten"):
        emmers[(organisatie_id, richting)].append((maand, aantal, float(som), float(kwadraten)))
    return defaultdict(
        lambda: Statistiek(n=0, minimum_n=beleid.minimum_n),
        {
            sleutel: statistiek(lijst, peilmaand=peilmaand, venster=venster, minimum_n=beleid.minimum_n)
            for sleutel, lijst in emmers.items()
        },
    )


def _regels(organisaties: Iterable[Organisatie], totalen, richting: str, *, op_gemiddelde: bool) -> list[Profielregel]:
    regels = [Profielregel(organisatie, totalen[(organisatie.pk, richting)]) for organisatie in organisaties]
    if op_gemiddelde:
        # Highest mean first; "geen oordeel" after all others, by name (the list arrives sorted by name).
        regels.sort(key=lambda regel: (regel.statistiek.geen_oordeel, -(regel.statistiek.gemiddelde or 0)))
    return regels


def _beoordeelde_organisaties(soort: str) -> Iterable[Organisatie]:
    # Former members too: their ratings stay in the window. Proposed organisations were never rated.
    return Organisatie.objects.filter(soort=soort, lid_sinds__isnull=False).order_by("naam", "pk")


def profielen_lijst(
    *,
    user: User,
    zoek: str = "",
    op_gemiddelde: bool = False,
    vandaag: datetime.date | None = None,
    beleid: Beleid | None = None,
) -> Profielenoverzicht:
    """The Profielen page for `user`: four queries at most, whatever the number of ratings or organisations.
    Contractors see their own figures and the kring's; gemeente staff also every contractor; the stuurgroep and
    beheerders also every gemeente. `zoek` filters the lists by name; they are sorted by name unless `op_gemiddelde`
    and the policy allows use for selection. Pass the `beleid` the caller already read, to save a query."""
    beleid = beleid or Beleid.huidig()
    totalen = _totalen(beleid=beleid, vandaag=vandaag)
    op_gemiddelde = op_gemiddelde and beleid.gebruik_voor_selectie
    organisatie = user.organisatie if user.organisatie_id is not None else None
    eigen = None
    if organisatie is not None and organisatie.soort in PROFIELRICHTING and mag_profiel_zien(user, organisatie):
        eigen = Profielregel(organisatie, totalen[(organisatie.pk, PROFIELRICHTING[organisatie.soort])])

    def lijst(soort: str) -> list[Profielregel] | None:
        if not ziet_alle_profielen(user, soort):
            return None
        organisaties = _beoordeelde_organisaties(soort)
        if zoek:
            organisaties = organisaties.filter(naam__icontains=zoek)
        return _regels(organisaties, totalen, PROFIELRICHTING[soort], op_gemiddelde=op_gemiddelde)

    return Profielenoverzicht(
        eigen=eigen,
        eigen_richting=PROFIELRICHTING.get(organisatie.soort, "") if organisatie is not None else "",
        kring={richting: totalen[(None, richting)] for richting in PROFIELRICHTING.values()},
        opdrachtnemers=lijst(Organisatie.Soort.OPDRACHTNEMER),
        gemeenten=lijst(Organisatie.Soort.GEMEENTE),
        sorteren_op_gemiddelde=op_gemiddelde,
        venster_maanden=beleid.venster_maanden,
        minimum_n=beleid.minimum_n,
    )


@dataclass(frozen=True)
class Selectie:
    grondslag: str
    regels: list[Profielregel]
    venster_maanden: int
    minimum_n: int


def selectie_export(*, user: User, vandaag: datetime.date | None = None) -> Selectie:
    """The contractors' overall figures for selection, by name, with the policy's grondslag. 404 unless the policy
    allows use for selection and `user` may export (`mag_selectie_exporteren`): otherwise the export does not exist."""
    beleid = Beleid.huidig()
    if not mag_selectie_exporteren(user, beleid):
        raise Http404
    totalen = _totalen(beleid=beleid, vandaag=vandaag)
    return Selectie(
        grondslag=beleid.grondslag,
        regels=_regels(
            _beoordeelde_organisaties(Organisatie.Soort.OPDRACHTNEMER), totalen, Richting.OG_ON, op_gemiddelde=False
        ),
        venster_maanden=beleid.venster_maanden,
        minimum_n=beleid.minimum_n,
    )


# --- The year overview ----------------------------------------------------------------------------------------------

JAAR_DAGEN = 365


@dataclass(frozen=True)
class Jaaroverzicht:
    """The year overview of an organisation (PDF): its profile (the window), the plain figures of the last 12 months
    in it, and the replies it gave in those months to ratings about it (revealed rounds only). Aggregates and its
    own words: no single rating's scores."""

    profiel: Profiel
    reacties: list[Reactie]
    sinds: datetime.date
    tot: datetime.date


def jaaroverzicht(*, organisatie: Organisatie, vandaag: datetime.date | None = None) -> Jaaroverzicht:
    """Four queries. The caller checks `mag_profiel_zien` (the report fetches the organisation with
    `profiel_organisatie_get`)."""
    tot = vandaag or timezone.localdate()
    sinds = tot - datetime.timedelta(days=JAAR_DAGEN)
    reacties = (
        Reactie.objects.filter(
            beoordeling__beoordeelde_organisatie=organisatie,
            beoordeling__ronde__status__in=ONTHULDE_STATUSSEN,
            op__date__gt=sinds,
        )
        .select_related("beoordeling__beoordelaar_organisatie", "beoordeling__ronde__plan__project")
        .order_by("-op", "-pk")
    )
    return Jaaroverzicht(
        profiel=profiel(organisatie=organisatie, vandaag=tot), reacties=list(reacties), sinds=sinds, tot=tot
    )


# --- Rater calibration -----------------------------------------------------------------------------------------------

WAARDEN = range(SCORE_MIN, SCORE_MAX + 1)


@dataclass(frozen=True)
class Verdeling:
    """How often each score 1..10 was given, with n and mean."""

    aantallen: list[int]

    @property
    def n(self) -> int:
        return sum(self.aantallen)

    @property
    def gemiddelde(self) -> float | None:
        return sum(w * a for w, a in zip(WAARDEN, self.aantallen, strict=True)) / self.n if self.n else None

    @property
    def percentages(self) -> list[float]:
        return [100 * a / self.n if self.n else 0.0 for a in self.aantallen]


@dataclass(frozen=True)
class Beoordelaarregel:
    beoordelaar: User
    verdeling: Verdeling
    afwijking: float | None  # the rater's mean minus the kring's
    opvallend: bool  # at least minimum n scores and |afwijking| >= OPVALLENDE_AFWIJKING


@dataclass(frozen=True)
class Kalibratie:
    richting: str
    kring: Verdeling
    beoordelaars: list[Beoordelaarregel]

    @property
    def richting_label(self) -> str:
        return Richting(self.richting).label


def kalibratie(*, beleid: Beleid | None = None) -> list[Kalibratie]:
    """Per direction (og_on, on_og) the kring's distribution of scores and each rater's, with the rater's deviation
    from the kring mean; raters by name. All definitief ratings that count, over all time (calibration is about
    habits, not about recent performance). Two queries (one with `beleid`). For beheerders only
    (`mag_kalibratie_zien`)."""
    minimum_n = (beleid or Beleid.huidig()).minimum_n
    kring: dict[str, list[int]] = {richting: [0] * len(WAARDEN) for richting in PROFIELRICHTING.values()}
    per_beoordelaar: dict[tuple[str, int], list[int]] = {}
    beoordelaars: dict[int, User] = {}
    for rij in Beoordelaarverdeling.objects.select_related("beoordelaar__organisatie").order_by(
        "beoordelaar__naam", "beoordelaar_id"
    ):
        if rij.richting not in kring:
            continue
        if rij.beoordelaar_id is None:
            kring[rij.richting][rij.waarde - SCORE_MIN] += rij.aantal
        else:
            beoordelaars[rij.beoordelaar_id] = rij.beoordelaar
            lijst = per_beoordelaar.setdefault((rij.richting, rij.beoordelaar_id), [0] * len(WAARDEN))
            lijst[rij.waarde - SCORE_MIN] += rij.aantal
    uitkomst = []
    for richting, aantallen in kring.items():
        kringverdeling = Verdeling(aantallen)
        regels = []
        for (regel_richting, beoordelaar_id), eigen in per_beoordelaar.items():
            if regel_richting != richting:
                continue
            verdeling = Verdeling(eigen)
            afwijking = (
                verdeling.gemiddelde - kringverdeling.gemiddelde
                if verdeling.n and kringverdeling.gemiddelde is not None
                else None
            )
            regels.append(
                Beoordelaarregel(
                    beoordelaar=beoordelaars[beoordelaar_id],
                    verdeling=verdeling,
                    afwijking=afwijking,
                    opvallend=afwijking is not None
                    and verdeling.n >= minimum_n
                    and abs(afwijking) >= OPVALLENDE_AFWIJKING,
                )
            )
        uitkomst.append(Kalibratie(richting=richting, kring=kringverdeling, beoordelaars=regels))
    return uitkomst


# --- KPIs of a plan --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plankpi:
    meting: KpiMeting
    mag_verwijderen: bool


@dataclass(frozen=True)
class Kpisoort:
    soort: str
    label: str
    over: str  # whose performance: "de gemeente" or "de opdrachtnemer"
    n: int
    gemiddelde: float | None


@dataclass(frozen=True)
class PlanKpi:
    metingen: list[Plankpi]
    soorten: list[Kpisoort]


def kpi_voor_plan(*, plan: Beoordelingsplan, user: User | None = None) -> PlanKpi:
    """The KPI measurements of `plan` (by kind and date, who entered them for which organisation) and the plain mean
    per kind: one query. With `user`, each row says whether `user` may delete it."""
    metingen = list(
        KpiMeting.objects.filter(plan=plan)
        .select_related("ingevoerd_door__organisatie")
        .order_by("soort", "peildatum")
    )
    soorten = []
    for soort in KpiMeting.Soort:
        dagen = [meting.dagen for meting in metingen if meting.soort == soort]
        soorten.append(
            Kpisoort(
                soort=soort,
                label=soort.label,
                over=str(_("de gemeente") if KpiMeting.OVER_KANT[soort] == "og" else _("de opdrachtnemer")),
                n=len(dagen),
                gemiddelde=sum(dagen) / len(dagen) if dagen else None,
            )
        )
    return PlanKpi(
        metingen=[
            Plankpi(meting=meting, mag_verwijderen=user is not None and mag_kpi_verwijderen(user, meting))
            for meting in metingen
        ],
        soorten=soorten,
    )


def kpi_meting_get(*, user: User, pk: int) -> KpiMeting:
    """One KPI measurement on a plan `user` may see, with its plan and who entered it; 404 otherwise."""
    return get_object_or_404(
        KpiMeting.objects.filter(plan__in=plannen_zichtbaar(user=user)).select_related(
            "plan__project__gemeente", "plan__opdrachtnemer", "ingevoerd_door__organisatie"
        ),
        pk=pk,
    )
