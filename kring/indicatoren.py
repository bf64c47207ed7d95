"""The indicators of the intentieovereenkomst (issue 8): how the portal computes the value of each `Indicator.Bron` for
a quarter, and the value that counts (the stored one when the quarter was closed, otherwise the live computation).

Each source is one function that takes the quarters (first days) and answers a value per quarter with ONE aggregate
query, however many quarters, indicators or rows there are. A value is a Decimal with two decimals, or None when there
is nothing to measure (no projects, too few ratings...). The texts in UITLEG are shown on the indicators page."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.models import Indicator, Indicatorwaarde
from projecten.kwartalen import huidig_kwartaal, kwartaal_einde, kwartaal_nummer, kwartaal_plus

Bron = Indicator.Bron
HONDERD = Decimal(100)
CENT = Decimal("0.01")

# How each source is computed, in the words of the page (Dutch help text).
UITLEG = {
    Bron.PROJECTEN_BESPROKEN: _(
        "Van de projecten met de aanbesteding in het kwartaal: het deel dat uiterlijk op de laatste dag van dat "
        "kwartaal in de kring besproken is (de datum ‘besproken in de kring op’ is ingevuld). Geen waarde als er in "
        "het kwartaal geen aanbestedingen gepland zijn."
    ),
    Bron.PP_OG_ON: _(
        "Het gemiddelde cijfer dat de gemeenten de opdrachtnemers gaven in definitieve beoordelingen, over de twaalf "
        "maanden tot en met het einde van het kwartaal, voor de hele kring (som van de cijfers gedeeld door het "
        "aantal). Geen waarde onder het minimum aantal beoordelingen uit het beleid past performance."
    ),
    Bron.PP_ON_OG: _(
        "Het gemiddelde cijfer dat de opdrachtnemers de gemeenten gaven in definitieve beoordelingen, over de twaalf "
        "maanden tot en met het einde van het kwartaal, voor de hele kring (som van de cijfers gedeeld door het "
        "aantal). Geen waarde onder het minimum aantal beoordelingen uit het beleid past performance."
    ),
    Bron.PP_OP_TIJD: _(
        "Van de beoordelingsrondes die in het kwartaal onthuld zijn: het deel dat uiterlijk op de datum ‘onthulling "
        "uiterlijk’ onthuld is. Geen waarde als er in het kwartaal geen ronde onthuld is."
    ),
    Bron.SROI_GEREALISEERD: _(
        "Van de SROI-verplichtingen waarvan de looptijd het kwartaal raakt: het gerealiseerde bedrag (niet afgewezen "
        "inzet) als deel van het verschuldigde SR-bedrag, opgeteld over alle verplichtingen. Het is de stand van de "
        "verplichtingen, niet van het kwartaal zelf: daarom wordt de waarde bij het afsluiten van het kwartaal "
        "vastgelegd."
    ),
    Bron.ACTIVITEITEN_OP_SCHEMA: _(
        "Van de activiteiten van de uitvoeringsagenda met een deadline in of vóór het kwartaal (vervallen activiteiten "
        "tellen niet mee): het deel dat afgerond is, of waarvan de deadline op het einde van het kwartaal (of vandaag, "
        "als het kwartaal nog loopt) nog niet voorbij is."
    ),
    Bron.KLAAGPAAL_OPGEVOLGD: _(
        "Van de klaagpaal-items die tot en met het einde van het kwartaal zijn ingediend: het deel met de status "
        "besproken of opgevolgd."
    ),
    Bron.HANDMATIG: _(
        "Door de stuurgroep per kwartaal ingevuld, met een toelichting. Geen waarde zolang niemand iets heeft "
        "ingevuld."
    ),
}

Waarden = dict[datetime.date, Decimal | None]


def _rond(waarde) -> Decimal:
    return Decimal(waarde).quantize(CENT, rounding=ROUND_HALF_UP)


def _procent(deel, geheel) -> Decimal | None:
    if not geheel:
        return None
    return _rond(Decimal(deel or 0) * HONDERD / Decimal(geheel))


def _percentages(
    queryset, *, teller: Callable[[datetime.date], Q], noemer: Callable[[datetime.date], Q], kwartalen
) -> Waarden:
    """Per quarter: the share (in %) of the rows matching `noemer(q) & teller(q)` among those matching `noemer(q)`,
    counted in one query with a filtered aggregate per quarter."""
    kwartalen = list(dict.fromkeys(kwartalen))
    if not kwartalen:
        return {}
    aggregaten = {}
    for index, kwartaal in enumerate(kwartalen):
        aggregaten[f"n{index}"] = Count("pk", filter=noemer(kwartaal))
        aggregaten[f"t{index}"] = Count("pk", filter=noemer(kwartaal) & teller(kwartaal))
    uitkomst = queryset.aggregate(**aggregaten)
    return {
        kwartaal: _procent(uitkomst[f"t{index}"], uitkomst[f"n{index}"]) for index, kwartaal in enumerate(kwartalen)
    }


# --- One function per source -----------------------------------------------------------------------------------------


def projecten_besproken(kwartalen: Sequence[datetime.date]) -> Waarden:
    """PROJECTEN_BESPROKEN: of the projects tendered in the quarter, % discussed in the kring by the quarter's end."""
    from projecten.models import Project

    return _percentages(
        Project.objects.filter(aanbesteding_kwartaal__in=list(kwartalen)),
        teller=lambda q: Q(besproken_in_kring_op__isnull=False, besproken_in_kring_op__lte=kwartaal_einde(q)),
        noemer=lambda q: Q(aanbesteding_kwartaal=q),
        kwartalen=kwartalen,
    )


def _pp_gemiddelde(richting: str, kwartalen: Sequence[datetime.date], minimum_n: int | None) -> Waarden:
    """The kring's plain mean score (Σ som / Σ aantal of the kring's summary rows of whole ratings) over the 12 months
    up to the end of each quarter; None below the policy's minimum n."""
    from pastperformance.models import Beleid, Scoremaand

    kwartalen = list(dict.fromkeys(kwartalen))
    if not kwartalen:
        return {}
    if minimum_n is None:
        minimum_n = Beleid.huidig().minimum_n

    def venster(q):
        return Q(maand__gte=kwartaal_plus(q, -3), maand__lt=kwartaal_plus(q, 1))

    aggregaten = {}
    for index, kwartaal in enumerate(kwartalen):
        aggregaten[f"n{index}"] = Sum("aantal", filter=venster(kwartaal))
        aggregaten[f"s{index}"] = Sum("som", filter=venster(kwartaal))
    uitkomst = Scoremaand.objects.filter(
        organisatie__isnull=True,
        richting=richting,
        criterium_code=Scoremaand.TOTAAL,
        maand__gte=kwartaal_plus(min(kwartalen), -3),
        maand__lt=kwartaal_plus(max(kwartalen), 1),
    ).aggregate(**aggregaten)
    waarden = {}
    for index, kwartaal in enumerate(kwartalen):
        aantal = uitkomst[f"n{index}"] or 0
        waarden[kwartaal] = _rond(Decimal(uitkomst[f"s{index}"]) / aantal) if aantal and aantal >= minimum_n else None
    return waarden


def pp_og_on(kwartalen: Sequence[datetime.date], *, minimum_n: int | None = None) -> Waarden:
    """PP_OG_ON: the gemeenten's mean score for the contractors (kring level)."""
    return _pp_gemiddelde("og_on", kwartalen, minimum_n)


def pp_on_og(kwartalen: Sequence[datetime.date], *, minimum_n: int | None = None) -> Waarden:
    """PP_ON_OG: the contractors' mean score for the gemeenten (kring level)."""
    return _pp_gemiddelde("on_og", kwartalen, minimum_n)


def pp_op_tijd(kwartalen: Sequence[datetime.date]) -> Waarden:
    """PP_OP_TIJD: of the rounds revealed in the quarter, % revealed on or before their reveal deadline."""
    from pastperformance.models import Beoordelingsronde

    kwartalen = list(kwartalen)
    if not kwartalen:
        return {}
    return _percentages(
        Beoordelingsronde.objects.filter(
            onthuld_op__date__gte=min(kwartalen), onthuld_op__date__lte=kwartaal_einde(max(kwartalen))
        ),
        teller=lambda q: Q(onthuld_op__date__lte=F("onthulling_uiterlijk")),
        noemer=lambda q: Q(onthuld_op__date__gte=q, onthuld_op__date__lte=kwartaal_einde(q)),
        kwartalen=kwartalen,
    )


def sroi_gerealiseerd(kwartalen: Sequence[datetime.date]) -> Waarden:
    """SROI_GEREALISEERD: Σ gerealiseerd / Σ sr_bedrag (%) over the obligations whose term overlaps the quarter."""
    from sroi.models import Verplichting

    kwartalen = list(dict.fromkeys(kwartalen))
    if not kwartalen:
        return {}

    def looptijd(q):
        return Q(looptijd_start__lte=kwartaal_einde(q), looptijd_eind__gte=q)

    aggregaten = {}
    for index, kwartaal in enumerate(kwartalen):
        aggregaten[f"n{index}"] = Sum("sr_bedrag", filter=looptijd(kwartaal))
        aggregaten[f"t{index}"] = Sum("gerealiseerd", filter=looptijd(kwartaal))
    uitkomst = Verplichting.objects.aggregate(**aggregaten)
    return {
        kwartaal: _procent(uitkomst[f"t{index}"], uitkomst[f"n{index}"]) for index, kwartaal in enumerate(kwartalen)
    }


def activiteiten_op_schema(kwartalen: Sequence[datetime.date], vandaag: datetime.date | None = None) -> Waarden:
    """ACTIVITEITEN_OP_SCHEMA: of the activities (not vervallen) due in or before the quarter, % that are afgerond or
    whose deadline had not passed at the quarter's end (today, for the running quarter)."""
    from werkgroepen.models import Activiteit

    vandaag = vandaag or timezone.localdate()
    kwartalen = list(kwartalen)
    if not kwartalen:
        return {}
    return _percentages(
        Activiteit.objects.exclude(status=Activiteit.Status.VERVALLEN).filter(
            deadline__lte=kwartaal_einde(max(kwartalen))
        ),
        teller=lambda q: Q(status=Activiteit.Status.AFGEROND) | Q(deadline__gte=min(kwartaal_einde(q), vandaag)),
        noemer=lambda q: Q(deadline__lte=kwartaal_einde(q)),
        kwartalen=kwartalen,
    )


def klaagpaal_opgevolgd(kwartalen: Sequence[datetime.date]) -> Waarden:
    """KLAAGPAAL_OPGEVOLGD: of the klaagpaal items raised up to the quarter's end, % besproken or opgevolgd."""
    from werkgroepen.models import Signaal

    kwartalen = list(kwartalen)
    if not kwartalen:
        return {}
    return _percentages(
        Signaal.objects.filter(soort=Signaal.Soort.KLAAGPAAL, ingediend_op__lte=kwartaal_einde(max(kwartalen))),
        teller=lambda q: Q(status__in=[Signaal.Status.BESPROKEN, Signaal.Status.OPGEVOLGD]),
        noemer=lambda q: Q(ingediend_op__lte=kwartaal_einde(q)),
        kwartalen=kwartalen,
    )


def handmatig(kwartalen: Sequence[datetime.date]) -> Waarden:
    """HANDMATIG: nothing to compute; only the stored Indicatorwaarde counts."""
    return dict.fromkeys(kwartalen)


BEREKENINGEN: dict[str, Callable[[Sequence[datetime.date]], Waarden]] = {
    Bron.PROJECTEN_BESPROKEN: projecten_besproken,
    Bron.PP_OG_ON: pp_og_on,
    Bron.PP_ON_OG: pp_on_og,
    Bron.PP_OP_TIJD: pp_op_tijd,
    Bron.SROI_GEREALISEERD: sroi_gerealiseerd,
    Bron.ACTIVITEITEN_OP_SCHEMA: activiteiten_op_schema,
    Bron.KLAAGPAAL_OPGEVOLGD: klaagpaal_opgevolgd,
    Bron.HANDMATIG: handmatig,
}


def bereken_bronnen(
    nodig: dict[str, Iterable[datetime.date]], *, vandaag: datetime.date | None = None
) -> dict[str, Waarden]:
    """Per source in `nodig`, its live values in the quarters given: one query per source (and the past-performance
    policy once when a rating source is among them)."""
    from pastperformance.models import Beleid

    minimum_n = Beleid.huidig().minimum_n if {Bron.PP_OG_ON, Bron.PP_ON_OG} & set(nodig) else None
    uitkomst = {}
    for bron, kwartalen in nodig.items():
        kwartalen = sorted(set(kwartalen))
        if bron in (Bron.PP_OG_ON, Bron.PP_ON_OG):
            uitkomst[bron] = BEREKENINGEN[bron](kwartalen, minimum_n=minimum_n)
        elif bron == Bron.ACTIVITEITEN_OP_SCHEMA:
            uitkomst[bron] = activiteiten_op_schema(kwartalen, vandaag=vandaag)
        else:
            uitkomst[bron] = BEREKENINGEN[bron](kwartalen)
    return uitkomst


def bereken(bron: str, kwartaal: datetime.date) -> Decimal | None:
    """The live value of source `bron` for the quarter that starts on `kwartaal`."""
    return BEREKENINGEN[bron]([kwartaal])[kwartaal]


def indicator_waarde(indicator: Indicator, kwartaal: datetime.date) -> Decimal | None:
    """The value of `indicator` in the quarter: the stored one when there is one (history does not change), else the
    live computation (None for a manual indicator without a value, or a quarter still to come)."""
    opgeslagen = Indicatorwaarde.objects.filter(indicator=indicator, kwartaal=kwartaal).first()
    if opgeslagen is not None:
        return opgeslagen.waarde
    if kwartaal > huidig_kwartaal():
        return None
    return bereken(indicator.bron, kwartaal)


# --- Many indicators and quarters at once ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Meting:
    """The value of an indicator in one quarter, and whether it was stored (closed quarter or entered by hand)."""

    kwartaal: datetime.date
    waarde: Decimal | None
    vastgelegd: bool = False
    toelichting: str = ""

    @property
    def label(self) -> str:
        """K3 2026"""
        return f"K{kwartaal_nummer(self.kwartaal)} {self.kwartaal.year}"


def metingen(
    indicatoren: Iterable[Indicator], kwartalen: Sequence[datetime.date], *, vandaag: datetime.date | None = None
) -> dict[int, list[Meting]]:
    """Per indicator pk, its value in each of `kwartalen` (in that order). Needs the indicators' stored values in
    `indicator.opgeslagen` (a list, e.g. a to_attr prefetch) or reads them in one query; the missing values are
    computed with one query per source used, for the quarters that have begun, not per indicator."""
    indicatoren = list(indicatoren)
    huidig = huidig_kwartaal(vandaag)
    opgeslagen: dict[tuple[int, datetime.date], Indicatorwaarde] = {}
    if indicatoren and not all(hasattr(indicator, "opgeslagen") for indicator in indicatoren):
        rijen = Indicatorwaarde.objects.filter(indicator__in=indicatoren, kwartaal__in=list(kwartalen))
        for rij in rijen:
            opgeslagen[(rij.indicator_id, rij.kwartaal)] = rij
    else:
        for indicator in indicatoren:
            for rij in indicator.opgeslagen:
                opgeslagen[(indicator.pk, rij.kwartaal)] = rij

    nodig: dict[str, set[datetime.date]] = {}
    for indicator in indicatoren:
        if indicator.bron == Bron.HANDMATIG:
            continue
        for kwartaal in kwartalen:
            if kwartaal <= huidig and (indicator.pk, kwartaal) not in opgeslagen:
                nodig.setdefault(indicator.bron, set()).add(kwartaal)
    berekend = bereken_bronnen(nodig, vandaag=vandaag)

    uitkomst = {}
    for indicator in indicatoren:
        rij_metingen = []
        for kwartaal in kwartalen:
            rij = opgeslagen.get((indicator.pk, kwartaal))
            if rij is not None:
                rij_metingen.append(Meting(kwartaal, rij.waarde, vastgelegd=True, toelichting=rij.toelichting))
            else:
                rij_metingen.append(Meting(kwartaal, berekend.get(indicator.bron, {}).get(kwartaal)))
        uitkomst[indicator.pk] = rij_metingen
    return uitkomst


def doel_gehaald(indicator: Indicator, waarde: Decimal | None) -> bool | None:
    """Whether `waarde` meets the target (at or above it, or at or below it when lower is better); None without value."""
    if waarde is None:
        return None
    return waarde >= indicator.doel if indicator.hoger_is_beter else waarde <= indicator.doel
