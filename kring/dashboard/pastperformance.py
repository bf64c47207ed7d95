"""The dashboard's section on past performance, at kring level only (aggregates: no organisation, no single rating).

For the period:
- rounds revealed in the period (`onthuld_op`, local date), of which on time (revealed on or before
  `onthulling_uiterlijk`) and of which definitief now;
- the mirror: the kring's plain mean per direction (og_on: how the gemeenten rate the contractors, on_og: how the
  contractors rate the gemeenten) per quarter over the last 8 quarters up to the period's last quarter, from the
  kring's summary rows of whole ratings (Σ som / Σ aantal of `Scoremaand` rows with organisatie NULL, criterium ""
  in the quarter's months); None (geen oordeel) below the policy's minimum n;
- the largest perception gaps per criterion over the 12 months up to the period's end: the kring mean of the other
  side's scores (og_on, on_og) minus the kring mean of the self-ratings about the same side (zelf_on, zelf_og), per
  criterion code, where both have at least minimum n scores; the 5 largest by size, both directions together;
- afspraken open at the period's end (or today, while the period runs): made by then and not yet closed then
  (status open now, or closed after that day: a status change sets `gewijzigd_op`), of which past their deadline.
A fixed number of queries (six), whatever the number of rounds and ratings."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kring.charts import Reeks, staafgrafiek
from kring.dashboard import Periode, Sectie
from kring.permissions import is_lid
from pastperformance.models import Afspraak, Beleid, Beoordelingsronde, Criterium, Richting, Scoremaand, Vragenlijst
from pastperformance.selectors.profielen import maand_min
from projecten.kwartalen import kwartaal_begin, kwartaal_nummer, kwartaal_plus

KWARTALEN = 8
GAT_MAANDEN = 12
GROOTSTE_GATEN = 5
SPIEGELRICHTINGEN = (Richting.OG_ON, Richting.ON_OG)
# The self-rating that is the other side's view's counterpart: zelf_on beside og_on, zelf_og beside on_og.
ZELF_VAN = {Richting.OG_ON: Richting.ZELF_ON, Richting.ON_OG: Richting.ZELF_OG}
TWEE_DECIMALEN = Decimal("0.01")


def _gemiddelde(som, aantal: int) -> Decimal:
    return (Decimal(som) / Decimal(aantal)).quantize(TWEE_DECIMALEN, rounding=ROUND_HALF_UP)


def peildatum(periode: Periode, vandaag: datetime.date | None = None) -> datetime.date:
    """The day the "at the period's end" figures are taken: the period's last day, or today while it runs."""
    return min(periode.eind, vandaag or timezone.localdate())


@dataclass(frozen=True)
class Rondecijfers:
    onthuld: int
    op_tijd: int
    definitief: int

    @property
    def te_laat(self) -> int:
        return self.onthuld - self.op_tijd


def rondes_cijfers(periode: Periode) -> Rondecijfers:
    """Rounds revealed in the period, of which on time and definitief (one query)."""
    cijfers = Beoordelingsronde.objects.filter(
        onthuld_op__date__gte=periode.begin, onthuld_op__date__lte=periode.eind
    ).aggregate(
        onthuld=Count("pk"),
        op_tijd=Count("pk", filter=Q(onthuld_op__date__lte=F("onthulling_uiterlijk"))),
        definitief=Count("pk", filter=Q(status=Beoordelingsronde.Status.DEFINITIEF)),
    )
    return Rondecijfers(**cijfers)


@dataclass(frozen=True)
class Spiegelpunt:
    kwartaal: datetime.date
    og_on: Decimal | None  # None: geen oordeel (below minimum n)
    n_og_on: int
    on_og: Decimal | None
    n_on_og: int

    @property
    def label(self) -> str:
        return f"K{kwartaal_nummer(self.kwartaal)} {self.kwartaal.year}"


def spiegel(periode: Periode, *, minimum_n: int) -> list[Spiegelpunt]:
    """The kring's plain mean per direction per quarter over the last 8 quarters (one query of at most 48 rows)."""
    kwartalen = periode.verloop(KWARTALEN)
    tellingen = {(richting, kwartaal): [0, Decimal(0)] for richting in SPIEGELRICHTINGEN for kwartaal in kwartalen}
    for richting, maand, aantal, som in Scoremaand.objects.filter(
        organisatie__isnull=True,
        criterium_code=Scoremaand.TOTAAL,
        richting__in=SPIEGELRICHTINGEN,
        maand__gte=kwartalen[0],
        maand__lt=kwartaal_plus(kwartalen[-1], 1),
    ).values_list("richting", "maand", "aantal", "som"):
        telling = tellingen[(richting, kwartaal_begin(maand))]
        telling[0] += aantal
        telling[1] += som

    def gemiddelde(richting, kwartaal) -> tuple[Decimal | None, int]:
        aantal, som = tellingen[(richting, kwartaal)]
        return (_gemiddelde(som, aantal) if aantal and aantal >= minimum_n else None), aantal

    punten = []
    for kwartaal in kwartalen:
        og_on, n_og_on = gemiddelde(Richting.OG_ON, kwartaal)
        on_og, n_on_og = gemiddelde(Richting.ON_OG, kwartaal)
        punten.append(Spiegelpunt(kwartaal, og_on, n_og_on, on_og, n_on_og))
    return punten


@dataclass(frozen=True)
class Perceptiegat:
    richting: str  # og_on or on_og: the other side's view
    code: str
    naam: str
    ander: Decimal  # the other side's mean
    n_ander: int
    zelf: Decimal  # the self-ratings' mean
    n_zelf: int

    @property
    def verschil(self) -> Decimal:
        """Other side minus own view: negative when the other side rates lower than the side rates itself."""
        return self.ander - self.zelf

    @property
    def richting_label(self) -> str:
        return Richting(self.richting).label


def gat_venster(periode: Periode) -> tuple[datetime.date, datetime.date]:
    """The first and last month of the 12 months up to the period's end."""
    laatste = periode.eind.replace(day=1)
    return maand_min(laatste, GAT_MAANDEN - 1), laatste


def criterium_namen() -> dict[tuple[str, str], str]:
    """(richting, code) -> name, from the current questionnaires of og_on and on_og (one query)."""
    return {
        (richting, code): naam
        for richting, code, naam in Criterium.objects.filter(
            vragenlijst__richting__in=SPIEGELRICHTINGEN, vragenlijst__status=Vragenlijst.Status.VASTGESTELD
        ).values_list("vragenlijst__richting", "code", "naam")
    }


def perceptiegaten(periode: Periode, *, minimum_n: int, aantal: int = GROOTSTE_GATEN) -> list[Perceptiegat]:
    """The `aantal` largest perception gaps per criterion (module docstring), largest first (two queries)."""
    van, tot = gat_venster(periode)
    sommen: dict[tuple[str, str], tuple[int, Decimal]] = {
        (rij["richting"], rij["criterium_code"]): (rij["aantal"], rij["som"])
        for rij in Scoremaand.objects.filter(
            organisatie__isnull=True,
            richting__in=[*SPIEGELRICHTINGEN, *ZELF_VAN.values()],
            maand__gte=van,
            maand__lte=tot,
        )
        .exclude(criterium_code=Scoremaand.TOTAAL)
        .exclude(criterium_code__startswith="kpi:")
        .order_by()
        .values("richting", "criterium_code")
        .annotate(aantal=Sum("aantal"), som=Sum("som"))
    }
    namen = criterium_namen()
    gaten = []
    for (richting, code), (n_ander, som_ander) in sommen.items():
        if richting not in ZELF_VAN:
            continue
        n_zelf, som_zelf = sommen.get((ZELF_VAN[richting], code), (0, Decimal(0)))
        if n_ander < minimum_n or n_zelf < minimum_n:
            continue
        gaten.append(
            Perceptiegat(
                richting=richting,
                code=code,
                naam=namen.get((richting, code), code),
                ander=_gemiddelde(som_ander, n_ander),
                n_ander=n_ander,
                zelf=_gemiddelde(som_zelf, n_zelf),
                n_zelf=n_zelf,
            )
        )
    gaten.sort(key=lambda gat: (-abs(gat.verschil), gat.richting, gat.code))
    return gaten[:aantal]


@dataclass(frozen=True)
class Afsprakencijfers:
    open: int
    te_laat: int  # of the open ones, past their deadline on the day
    peildatum: datetime.date


def afspraken_cijfers(periode: Periode, vandaag: datetime.date | None = None) -> Afsprakencijfers:
    """Afspraken open at the period's end (module docstring), of which overdue (one query)."""
    dag = peildatum(periode, vandaag)
    open_toen = Q(aangemaakt_op__date__lte=dag) & (Q(status=Afspraak.Status.OPEN) | Q(gewijzigd_op__date__gt=dag))
    cijfers = Afspraak.objects.aggregate(
        open=Count("pk", filter=open_toen), te_laat=Count("pk", filter=open_toen & Q(deadline__lt=dag))
    )
    return Afsprakencijfers(open=cijfers["open"], te_laat=cijfers["te_laat"], peildatum=dag)


def _cijfer(waarde: Decimal | None) -> str:
    return _("geen oordeel") if waarde is None else number_format(waarde, decimal_pos=1)


def grafieken(punten: list[Spiegelpunt], *, minimum_n: int) -> list:
    """The mirror as two charts on one scale (0-10), side by side: one per direction. A quarter below minimum n has
    no bar and says "geen" under it."""
    grafiek_lijst = []
    for richting, titel, id_ in (
        (Richting.OG_ON, _("Opdrachtgevers over opdrachtnemers"), "grafiek-pp-og-on"),
        (Richting.ON_OG, _("Opdrachtnemers over opdrachtgevers"), "grafiek-pp-on-og"),
    ):
        waarden = [getattr(punt, richting) for punt in punten]
        omschrijving = " ".join(
            [
                _("Gemiddelde score van de kring per kwartaal (schaal 1 tot 10), %(titel)s.")
                % {"titel": titel.lower()},
                "; ".join(f"{punt.label}: {_cijfer(waarde)}" for punt, waarde in zip(punten, waarden, strict=True))
                + ".",
                _("Geen: minder dan %(n)s beoordelingen, geen oordeel. De cijfers staan in de tabel bij de grafieken.")
                % {"n": minimum_n},
            ]
        )
        grafiek_lijst.append(
            {
                "titel": titel,
                "svg": staafgrafiek(
                    grafiek_id=id_,
                    titel=titel,
                    omschrijving=omschrijving,
                    labels=[punt.label.replace(" ", "\n") for punt in punten],
                    reeksen=[Reeks(titel, [float(waarde or 0) for waarde in waarden])],
                    opmaak=lambda waarde: number_format(waarde, decimal_pos=1),
                    annotaties=["geen" if waarde is None else "" for waarde in waarden],
                    schaal_minimaal=10,
                    breedte=480,
                    totalen_tonen=False,
                ),
            }
        )
    return grafiek_lijst


def sectie(*, user, periode: Periode) -> Sectie | None:
    if not is_lid(user):
        return None
    minimum_n = Beleid.huidig().minimum_n
    punten = spiegel(periode, minimum_n=minimum_n)
    gaten = perceptiegaten(periode, minimum_n=minimum_n)
    van, tot = gat_venster(periode)
    profielen_url = reverse("pastperformance:profielen")
    opdrachtgeverschap_url = reverse("pastperformance:opdrachtgeverschap")
    return Sectie(
        sleutel="pastperformance",
        titel=_("Past performance"),
        template="kring/stuurgroep/secties/pastperformance.html",
        context={
            "rondes": rondes_cijfers(periode),
            "punten": punten,
            "grafieken": grafieken(punten, minimum_n=minimum_n)
            if any(punt.og_on is not None or punt.on_og is not None for punt in punten)
            else [],
            "gaten": [
                (gat, profielen_url if gat.richting == Richting.OG_ON else opdrachtgeverschap_url) for gat in gaten
            ],
            "gat_van": van,
            "gat_tot": tot,
            "afspraken": afspraken_cijfers(periode),
            "minimum_n": minimum_n,
            "rondes_url": reverse("pastperformance:index"),
            "profielen_url": profielen_url,
            "opdrachtgeverschap_url": opdrachtgeverschap_url,
            "afspraken_url": reverse("pastperformance:afspraken"),
        },
    )
