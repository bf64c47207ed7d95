"""Finding koppelkansen ("werk met werk maken"): within one gebied, the projects and opgaven whose time windows overlap
or lie within a tolerance of each other. Pure functions on plain values, no database: the service
`koppelkansen_detect` (projecten/services/gebieden.py) loads the items and stores what is found.

The choices, also explained to users in the README:
- Groups, not pairs. Items linked through overlapping windows (or windows at most the tolerance apart) form one
  koppelkans: three works in one wijk in the same year are one decision for the gemeente, not three pairwise ones.
- A project's window runs from its tender quarter (or the earliest quarter it may move to) to the end of its
  execution: the start quarter plus the duration, later by as much as the tender may still move later. A project
  without any quarter has no window and is left out.
- Projects in nazorg or afgerond are left out: their street is closed again, there is nothing left to combine.
- Opgaven already taken up in a project (`Opgave.project`) take part through that project, not again on their own.
- Graafrust hides nothing here: a marker is about one street, not the whole gebied, so the gebied page warns about
  items that fall in an active graafrust instead.
"""

import calendar
import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

# Projects in these phases have nothing left to combine (see the module's docstring).
AFGELOPEN_FASEN = ("nazorg", "afgerond")
# When a project's duration is unknown, its execution is taken to fill its start quarter.
STANDAARD_DUUR_MAANDEN = 3

PROJECT = "project"
OPGAVE = "opgave"


@dataclass(frozen=True)
class Venster:
    """A period from `van` up to and including `tot`."""

    van: datetime.date
    tot: datetime.date

    def overlapt(self, van: datetime.date, tot: datetime.date) -> bool:
        return self.van <= tot and van <= self.tot


@dataclass(frozen=True)
class Item:
    soort: str  # PROJECT or OPGAVE
    pk: int
    gebied_id: int
    venster: Venster


@dataclass(frozen=True)
class Groep:
    """Items of one gebied that can be combined: a koppelkans as detection finds it."""

    gebied_id: int
    items: tuple[Item, ...]

    @property
    def projecten(self) -> list[int]:
        return sorted(item.pk for item in self.items if item.soort == PROJECT)

    @property
    def opgaven(self) -> list[int]:
        return sorted(item.pk for item in self.items if item.soort == OPGAVE)

    @property
    def van(self) -> datetime.date:
        return min(item.venster.van for item in self.items)

    @property
    def tot(self) -> datetime.date:
        return max(item.venster.tot for item in self.items)

    @property
    def sleutel(self) -> str:
        """Stable for the same members, whatever their order or windows: detection run again finds the same row."""
        leden = f"p:{','.join(map(str, self.projecten))}|o:{','.join(map(str, self.opgaven))}"
        return f"{self.gebied_id}-{hashlib.sha256(leden.encode()).hexdigest()[:40]}"


def maanden_plus(datum: datetime.date, maanden: int) -> datetime.date:
    """The same day `maanden` months later (or earlier); the month's last day where the month is shorter."""
    index = datum.year * 12 + datum.month - 1 + maanden
    jaar, maand = divmod(index, 12)
    return datetime.date(jaar, maand + 1, min(datum.day, calendar.monthrange(jaar, maand + 1)[1]))


def maanden_tussen(van: datetime.date, tot: datetime.date) -> int:
    """Whole calendar months from the month of `van` to the month of `tot`."""
    return (tot.year - van.year) * 12 + tot.month - van.month


def project_venster(
    *,
    aanbesteding_kwartaal: datetime.date | None,
    start_kwartaal: datetime.date | None,
    duur_maanden: int | None,
    verschuifbaar_vanaf: datetime.date | None = None,
    verschuifbaar_tot: datetime.date | None = None,
) -> Venster | None:
    """The period in which a project may be at work in its gebied (see the module's docstring); None without any
    quarter. Quarters are first days of their quarter."""
    begin = aanbesteding_kwartaal or start_kwartaal
    if begin is None:
        return None
    van = min(begin, verschuifbaar_vanaf) if verschuifbaar_vanaf else begin
    uitvoering = start_kwartaal or begin
    na_afloop = maanden_plus(uitvoering, duur_maanden or STANDAARD_DUUR_MAANDEN)
    if verschuifbaar_tot and aanbesteding_kwartaal and verschuifbaar_tot > aanbesteding_kwartaal:
        na_afloop = maanden_plus(na_afloop, maanden_tussen(aanbesteding_kwartaal, verschuifbaar_tot))
    return Venster(van, na_afloop - datetime.timedelta(days=1))


# The fields of a Project that `project_venster` reads.
VENSTER_VELDEN = (
    "aanbesteding_kwartaal",
    "start_kwartaal",
    "duur_maanden",
    "verschuifbaar_vanaf",
    "verschuifbaar_tot",
)


def venster_van(project) -> Venster | None:
    """`project_venster` of a Project (or anything with the VENSTER_VELDEN)."""
    return project_venster(**{veld: getattr(project, veld) for veld in VENSTER_VELDEN})


def reikwijdte(tot: datetime.date, tolerantie_maanden: int) -> datetime.date:
    """The latest start that still counts as combinable with a window ending on `tot`: the gap between them (the days
    after `tot` before the other starts) is at most `tolerantie_maanden` months. With tolerance 0 the next day."""
    return maanden_plus(tot + datetime.timedelta(days=1), tolerantie_maanden)


def combineerbaar(a: Venster, b: Venster, tolerantie_maanden: int) -> bool:
    """Overlapping windows, or windows at most the tolerance apart."""
    return a.van <= reikwijdte(b.tot, tolerantie_maanden) and b.van <= reikwijdte(a.tot, tolerantie_maanden)


def groepen(items: Iterable[Item], *, tolerantie_maanden: int) -> list[Groep]:
    """The koppelkansen among `items`: per gebied, the groups of two or more items linked (directly or through others)
    by combinable windows. Deterministic: ordered by gebied, then start."""
    per_gebied: dict[int, list[Item]] = {}
    for item in items:
        per_gebied.setdefault(item.gebied_id, []).append(item)
    gevonden = []
    for gebied_id in sorted(per_gebied):
        # Sorted by start, an item joins the current group when it starts within reach of the group's latest end;
        # the earlier starts of the group then lie within its reach too, so this finds the connected groups.
        rij = sorted(per_gebied[gebied_id], key=lambda item: (item.venster.van, item.soort, item.pk))
        groep, bereik = [rij[0]], reikwijdte(rij[0].venster.tot, tolerantie_maanden)
        for item in rij[1:]:
            if item.venster.van <= bereik:
                groep.append(item)
                bereik = max(bereik, reikwijdte(item.venster.tot, tolerantie_maanden))
                continue
            if len(groep) > 1:
                gevonden.append(Groep(gebied_id, tuple(groep)))
            groep, bereik = [item], reikwijdte(item.venster.tot, tolerantie_maanden)
        if len(groep) > 1:
            gevonden.append(Groep(gebied_id, tuple(groep)))
    return gevonden
