"""The stuurgroep dashboard (issue 8): one page, and the same as a quarterly PDF, drawn from every part of the portal.

Each part contributes a section: a function `sectie(*, user, periode) -> Sectie | None` in its own module here
(None when `user` may not see that part). The page and the PDF render the sections in the order of `SECTIES`, each
with its own template; every figure links to its detail page, every chart is SVG with a text alternative and a
table. Sections read summary rows and aggregate in the database: the dashboard's query count does not grow with the
data."""

import datetime
import importlib
import re
from dataclasses import dataclass, field

from django.utils import timezone

from projecten.kwartalen import huidig_kwartaal, kwartaal_label, kwartaal_nummer, kwartaal_plus


@dataclass(frozen=True)
class Periode:
    """A quarter or a calendar year: `begin` up to and including `eind`."""

    soort: str  # "kwartaal" or "jaar"
    begin: datetime.date

    @property
    def eind(self) -> datetime.date:
        maanden = 3 if self.soort == "kwartaal" else 12
        return kwartaal_plus(self.begin, maanden // 3) - datetime.timedelta(days=1)

    @property
    def code(self) -> str:
        """As in the address: 2026-K3 or 2026."""
        if self.soort == "kwartaal":
            return f"{self.begin.year}-K{kwartaal_nummer(self.begin)}"
        return str(self.begin.year)

    @property
    def label(self) -> str:
        return kwartaal_label(self.begin) if self.soort == "kwartaal" else f"{self.begin.year}"

    @property
    def kwartalen(self) -> list[datetime.date]:
        """The quarters the period covers (one, or the four of the year)."""
        aantal = 1 if self.soort == "kwartaal" else 4
        return [kwartaal_plus(self.begin, stap) for stap in range(aantal)]

    def verloop(self, aantal: int = 8) -> list[datetime.date]:
        """The last `aantal` quarters up to and including the period's last quarter: the x-axis of trends."""
        laatste = self.kwartalen[-1]
        return [kwartaal_plus(laatste, stap - aantal + 1) for stap in range(aantal)]

    def vorige(self) -> "Periode":
        return Periode(self.soort, kwartaal_plus(self.begin, -1 if self.soort == "kwartaal" else -4))

    def volgende(self) -> "Periode":
        return Periode(self.soort, kwartaal_plus(self.begin, 1 if self.soort == "kwartaal" else 4))

    def is_afgelopen(self, vandaag: datetime.date | None = None) -> bool:
        return self.eind < (vandaag or timezone.localdate())


def periode_uit(code: str | None, vandaag: datetime.date | None = None) -> Periode:
    """Parse "2026-K3" or "2026"; anything else (or nothing) is the current quarter. Years outside 2000-2100 too."""
    vandaag = vandaag or timezone.localdate()
    if code and (gevonden := re.fullmatch(r"(\d{4})-K([1-4])", code.strip())):
        jaar, nummer = int(gevonden[1]), int(gevonden[2])
        if 2000 <= jaar <= 2100:
            return Periode("kwartaal", datetime.date(jaar, 3 * nummer - 2, 1))
    if code and re.fullmatch(r"\d{4}", code.strip()) and 2000 <= int(code) <= 2100:
        return Periode("jaar", datetime.date(int(code), 1, 1))
    return Periode("kwartaal", huidig_kwartaal(vandaag))


@dataclass(frozen=True)
class Sectie:
    sleutel: str  # the section's anchor on the page (#sleutel) and in the table of contents
    titel: str
    template: str  # rendered with the context below plus `periode` and `pdf` (True in the quarterly report)
    context: dict = field(default_factory=dict)


# The sections in page order; each module has `sectie(*, user, periode) -> Sectie | None`.
SECTIES = (
    "kring.dashboard.indicatoren",
    "kring.dashboard.werkgroepen",
    "kring.dashboard.pastperformance",
    "kring.dashboard.sroi",
    "kring.dashboard.pipeline",
    "kring.dashboard.leden",
    "kring.dashboard.klaagpaal",
)


def secties(*, user, periode: Periode) -> list[Sectie]:
    """The sections `user` may see for `periode`, in page order."""
    gevonden = (importlib.import_module(pad).sectie(user=user, periode=periode) for pad in SECTIES)
    return [sectie for sectie in gevonden if sectie is not None]
