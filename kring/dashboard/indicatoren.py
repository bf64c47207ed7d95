"""The dashboard's section on the indicators of the intentieovereenkomst: per themadoel its indicators, the value in
the period against the target, and per indicator a chart of the last eight quarters with the target as a line (and
the same figures in a table). Also the presentation the indicators page shares.

The value of a YEAR is the value of its last quarter that has begun (the fourth, or the current one for the running
year): most sources already look back (a twelve-month mean, everything raised up to the quarter's end), so the last
quarter is the year's position, and a mean of four quarters would count the same items up to four times.

Queries: the themadoelen, their indicators and their stored values (3), plus one per computed source in use (and the
past-performance policy): the count does not grow with the data or with the number of indicators."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kring.charts import Reeks, Referentielijn, staafgrafiek
from kring.dashboard import Periode, Sectie
from kring.indicatoren import Meting, doel_gehaald, metingen
from kring.models import Indicator, Themadoel
from kring.permissions import is_lid, mag_indicatoren_beheren
from kring.selectors.indicatoren import indicatoren_per_themadoel
from projecten.kwartalen import huidig_kwartaal, kwartaal_label, kwartaal_nummer


def getal(waarde: Decimal | float | int) -> str:
    """One decimal with a comma; a whole number without."""
    if float(waarde).is_integer():
        return number_format(int(waarde), use_l10n=True)
    return number_format(waarde, decimal_pos=1, use_l10n=True)


def opmaak(waarde: Decimal | float | int | None, eenheid: str) -> str:
    """A value with its unit: 72,5%, 7,1 cijfer; "geen waarde" without one."""
    if waarde is None:
        return _("geen waarde")
    if eenheid == "%":
        return f"{getal(waarde)}%"
    return f"{getal(waarde)} {eenheid}".strip()


@dataclass(frozen=True)
class Oordeel:
    """Value against target in words, never colour alone: the arrow says where the value lies, the text whether the
    target is met."""

    gehaald: bool | None
    pijl: str  # ↑ above the target, ↓ below, = on it, – without value
    tekst: str

    @property
    def css(self) -> str:
        return {True: "text-success", False: "text-danger"}.get(self.gehaald, "text-body-secondary")


def oordeel(indicator: Indicator, waarde: Decimal | None) -> Oordeel:
    gehaald = doel_gehaald(indicator, waarde)
    if gehaald is None:
        return Oordeel(None, "–", _("geen waarde"))
    pijl = "↑" if waarde > indicator.doel else "↓" if waarde < indicator.doel else "="
    plaats = (
        _("boven het doel")
        if waarde > indicator.doel
        else _("onder het doel")
        if waarde < indicator.doel
        else _("op het doel")
    )
    return Oordeel(
        gehaald,
        pijl,
        (_("doel gehaald, %(plaats)s") if gehaald else _("doel niet gehaald, %(plaats)s")) % {"plaats": plaats},
    )


def doel_tekst(indicator: Indicator) -> str:
    teken = "≥" if indicator.hoger_is_beter else "≤"
    return f"{teken} {opmaak(indicator.doel, indicator.eenheid)}"


@dataclass(frozen=True)
class Regel:
    """One indicator on the page or the dashboard: its values per quarter and the value that counts now."""

    indicator: Indicator
    metingen: list[Meting]
    peil: Meting | None  # the value in the period (None when the period has not begun)
    oordeel: Oordeel
    grafiek: SafeString | None = None

    @property
    def doel(self) -> str:
        return doel_tekst(self.indicator)

    @property
    def waarde(self) -> str:
        return opmaak(self.peil.waarde if self.peil else None, self.indicator.eenheid)

    @property
    def tabel(self) -> list[tuple[Meting, str, Oordeel]]:
        return [
            (meting, opmaak(meting.waarde, self.indicator.eenheid), oordeel(self.indicator, meting.waarde))
            for meting in self.metingen
        ]


def peilkwartaal(periode: Periode, vandaag: datetime.date | None = None) -> datetime.date | None:
    """The quarter whose value stands for the period: the quarter itself, or the last begun quarter of the year."""
    begonnen = [kwartaal for kwartaal in periode.kwartalen if kwartaal <= huidig_kwartaal(vandaag)]
    return begonnen[-1] if begonnen else None


def grafiek(indicator: Indicator, reeks: list[Meting]) -> SafeString:
    """The values of the last quarters as bars, the target as a dashed line."""
    eenheid = indicator.eenheid
    delen = [
        _("%(naam)s per kwartaal, %(van)s tot en met %(tot)s, tegen het doel %(doel)s.")
        % {
            "naam": indicator.naam,
            "van": reeks[0].label,
            "tot": reeks[-1].label,
            "doel": doel_tekst(indicator),
        },
        "; ".join(f"{meting.label}: {opmaak(meting.waarde, eenheid)}" for meting in reeks) + ".",
        _("De cijfers staan in de tabel bij de grafiek."),
    ]
    return staafgrafiek(
        grafiek_id=f"grafiek-indicator-{indicator.pk}",
        titel=indicator.naam,
        omschrijving=" ".join(delen),
        labels=[f"K{kwartaal_nummer(meting.kwartaal)}\n{meting.kwartaal.year}" for meting in reeks],
        reeksen=[
            Reeks(indicator.naam, [float(meting.waarde) if meting.waarde is not None else 0 for meting in reeks])
        ],
        opmaak=lambda waarde: opmaak(waarde, "%" if eenheid == "%" else ""),
        annotaties=["" if meting.waarde is not None else _("geen") for meting in reeks],
        referentielijnen=[
            Referentielijn(float(indicator.doel), _("doel %(doel)s") % {"doel": opmaak(indicator.doel, eenheid)})
        ],
        schaal_minimaal=100 if eenheid == "%" else 0,
        breedte=480,
        totalen_tonen=False,
    )


def regels(
    themadoelen: list[Themadoel],
    kwartalen: list[datetime.date],
    peil: datetime.date | None,
    *,
    met_grafiek: bool = False,
    vandaag: datetime.date | None = None,
) -> list[tuple[Themadoel, list[Regel]]]:
    """Per themadoel (from `indicatoren_per_themadoel`) its indicators with their values in `kwartalen`."""
    alle = [indicator for themadoel in themadoelen for indicator in themadoel.indicatoren_lijst]
    per_indicator = metingen(alle, kwartalen, vandaag=vandaag)
    uitkomst = []
    for themadoel in themadoelen:
        rij = []
        for indicator in themadoel.indicatoren_lijst:
            reeks = per_indicator[indicator.pk]
            gepeild = next((meting for meting in reeks if meting.kwartaal == peil), None)
            rij.append(
                Regel(
                    indicator=indicator,
                    metingen=reeks,
                    peil=gepeild,
                    oordeel=oordeel(indicator, gepeild.waarde if gepeild else None),
                    grafiek=grafiek(indicator, reeks) if met_grafiek else None,
                )
            )
        uitkomst.append((themadoel, rij))
    return uitkomst


def sectie(*, user, periode: Periode) -> Sectie | None:
    if not is_lid(user):
        return None
    kwartalen = periode.verloop(8)
    peil = peilkwartaal(periode)
    themadoelen = indicatoren_per_themadoel(user=user, kwartalen=kwartalen, alleen_met_indicatoren=True)
    per_themadoel = regels(themadoelen, kwartalen, peil, met_grafiek=True)
    alle = [regel for _themadoel, rij in per_themadoel for regel in rij]
    return Sectie(
        sleutel="indicatoren",
        titel=_("Indicatoren van de intentieovereenkomst"),
        template="kring/stuurgroep/secties/indicatoren.html",
        context={
            "per_themadoel": per_themadoel,
            "peil_label": kwartaal_label(peil) if peil else None,
            "aantal": len(alle),
            "gehaald": sum(1 for regel in alle if regel.oordeel.gehaald),
            "niet_gehaald": sum(1 for regel in alle if regel.oordeel.gehaald is False),
            "indicatoren_url": reverse("kring:indicatoren"),
            "mag_beheren": mag_indicatoren_beheren(user),
        },
    )
