"""The spreidingsvoorstel: which tenders to move to another quarter so that the load per quarter is as even as possible.

Pure functions on plain values (no database), so the rules are easy to test:
- only a project with a window (`venster`) may move, and only to a quarter inside that window and inside the horizon
  (moving work out of the quarters we measure would look even without being so); the caller leaves the window empty
  for projects that must stay (zekerheid hoog, no window);
- the evenness measure is the standard deviation of the load over the quarters of the horizon; we also report the
  difference between the busiest and the quietest quarter;
- a local search that only accepts a move that lowers the sum of squared loads. With the total fixed, that lowers the
  standard deviation, and the two quarters involved end up strictly between their old loads, so the busiest quarter
  never gets busier and the quietest never quieter: both measures improve or stay equal. Weights are whole numbers,
  so the arithmetic is exact and the result the same on every run.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Kandidaat:
    """One project in the horizon: its key, its tender quarter now, its weight (a whole number) and, when it may
    move, the first and last quarter of its window."""

    sleutel: int
    kwartaal: datetime.date
    gewicht: int
    venster: tuple[datetime.date, datetime.date] | None = None


@dataclass(frozen=True)
class Gelijkmatigheid:
    standaardafwijking: float
    verschil: int  # busiest minus quietest quarter


@dataclass(frozen=True)
class Verschuiving:
    sleutel: int
    van: datetime.date
    naar: datetime.date


@dataclass(frozen=True)
class Voorstel:
    kwartalen: list[datetime.date]
    belasting_voor: list[int]
    belasting_na: list[int]
    voor: Gelijkmatigheid
    na: Gelijkmatigheid
    verschuivingen: list[Verschuiving]  # in the order of the candidates

    @property
    def naar(self) -> dict[int, datetime.date]:
        """The proposed quarter per moved project."""
        return {verschuiving.sleutel: verschuiving.naar for verschuiving in self.verschuivingen}


def gelijkmatigheid(belasting: Sequence[int]) -> Gelijkmatigheid:
    """Standard deviation (population) and max − min of the load per quarter."""
    if not belasting:
        return Gelijkmatigheid(0.0, 0)
    gemiddelde = sum(belasting) / len(belasting)
    variantie = sum((waarde - gemiddelde) ** 2 for waarde in belasting) / len(belasting)
    return Gelijkmatigheid(math.sqrt(variantie), max(belasting) - min(belasting))


def toegestane_kwartalen(kandidaat: Kandidaat, kwartalen: Sequence[datetime.date]) -> list[int]:
    """Indexes of the quarters of the horizon within the candidate's window; empty when it may not move."""
    if kandidaat.venster is None or kandidaat.kwartaal not in kwartalen or kandidaat.gewicht <= 0:
        return []
    van, tot = kandidaat.venster
    return [i for i, kwartaal in enumerate(kwartalen) if van <= kwartaal <= tot]


def spreidingsvoorstel(kandidaten: Sequence[Kandidaat], kwartalen: Sequence[datetime.date]) -> Voorstel:
    """Propose quarters for the candidates that make the load over `kwartalen` as even as the moves allow.

    Each round takes the single move that lowers the sum of squares most (ties: the shortest shift, then the
    candidate and quarter that come first), until no move helps. Moving weight w from a quarter with load A to one
    with load B helps exactly when A − B > w."""
    kwartalen = list(kwartalen)
    index = {kwartaal: i for i, kwartaal in enumerate(kwartalen)}
    in_horizon = [kandidaat for kandidaat in kandidaten if kandidaat.kwartaal in index]
    plaats = {kandidaat.sleutel: index[kandidaat.kwartaal] for kandidaat in in_horizon}
    last = [0] * len(kwartalen)
    for kandidaat in in_horizon:
        last[plaats[kandidaat.sleutel]] += kandidaat.gewicht
    voor = list(last)
    beweegbaar = [
        (volgorde, kandidaat, toegestaan)
        for volgorde, kandidaat in enumerate(in_horizon)
        if (toegestaan := toegestane_kwartalen(kandidaat, kwartalen))
    ]

    # Each accepted move lowers a whole-number sum of squares that cannot drop below zero, so the search ends.
    while True:
        beste = None
        for volgorde, kandidaat, toegestaan in beweegbaar:
            huidig, gewicht = plaats[kandidaat.sleutel], kandidaat.gewicht
            for doel in toegestaan:
                winst = last[huidig] - last[doel] - gewicht  # > 0: the sum of squares drops by 2·w·winst
                if doel == huidig or winst <= 0:
                    continue
                sleutel = (-gewicht * winst, abs(doel - index[kandidaat.kwartaal]), volgorde, doel)
                if beste is None or sleutel < beste[0]:
                    beste = (sleutel, kandidaat, doel)
        if beste is None:
            break
        _, kandidaat, doel = beste
        last[plaats[kandidaat.sleutel]] -= kandidaat.gewicht
        last[doel] += kandidaat.gewicht
        plaats[kandidaat.sleutel] = doel

    verschuivingen = [
        Verschuiving(kandidaat.sleutel, kandidaat.kwartaal, kwartalen[plaats[kandidaat.sleutel]])
        for kandidaat in in_horizon
        if kwartalen[plaats[kandidaat.sleutel]] != kandidaat.kwartaal
    ]
    return Voorstel(
        kwartalen=kwartalen,
        belasting_voor=voor,
        belasting_na=last,
        voor=gelijkmatigheid(voor),
        na=gelijkmatigheid(last),
        verschuivingen=verschuivingen,
    )
