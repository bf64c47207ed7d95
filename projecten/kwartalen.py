"""Quarters as the pipeline uses them: a quarter is stored as the date of its first day (1 jan, 1 apr, 1 jul, 1 okt).

Parsing accepts what planners type ("2027-K2", "2027 Q2", "Q2 2027", "K2-2027", "2e kwartaal 2027", or a date inside
the quarter); `kwartaal_code` and `kwartaal_label` are the two ways we write one.
"""

import datetime
import re

from django.utils import timezone

# "2027-K2", "2027 Q2", "2027K2", "2027/Q2"
_JAAR_EERST = re.compile(r"^(?P<jaar>\d{4})\s*[-/ ]?\s*[KQ](?P<k>[1-4])$", re.IGNORECASE)
# "Q2 2027", "K2-2027", "Q2/2027"
_KWARTAAL_EERST = re.compile(r"^[KQ](?P<k>[1-4])\s*[-/ ]?\s*(?P<jaar>\d{4})$", re.IGNORECASE)
# "2e kwartaal 2027", "2 kwartaal 2027"
_VOLUIT = re.compile(r"^(?P<k>[1-4])\s*(?:e|ste|de)?\s+kwartaal\s+(?P<jaar>\d{4})$", re.IGNORECASE)


def kwartaal_begin(datum: datetime.date) -> datetime.date:
    """The first day of the quarter that contains `datum`."""
    return datetime.date(datum.year, 3 * ((datum.month - 1) // 3) + 1, 1)


def is_kwartaalbegin(datum: datetime.date) -> bool:
    return datum == kwartaal_begin(datum)


def kwartaal_nummer(datum: datetime.date) -> int:
    """1 to 4."""
    return (datum.month - 1) // 3 + 1


def kwartaal_plus(datum: datetime.date, aantal: int) -> datetime.date:
    """The first day of the quarter `aantal` quarters after (negative: before) the quarter of `datum`."""
    index = datum.year * 4 + kwartaal_nummer(datum) - 1 + aantal
    return datetime.date(index // 4, 3 * (index % 4) + 1, 1)


def kwartaal_einde(datum: datetime.date) -> datetime.date:
    """The last day of the quarter that contains `datum`."""
    return kwartaal_plus(datum, 1) - datetime.timedelta(days=1)


def kwartalen_verschil(van: datetime.date, tot: datetime.date) -> int:
    """How many quarters `tot` lies after `van` (negative when before)."""
    return (tot.year - van.year) * 4 + kwartaal_nummer(tot) - kwartaal_nummer(van)


def kwartalen_tussen(van: datetime.date, tot: datetime.date) -> list[datetime.date]:
    """The quarters from `van` up to and including `tot`, as first days; empty when `tot` lies before `van`."""
    return [kwartaal_plus(van, i) for i in range(kwartalen_verschil(van, tot) + 1)]


def huidig_kwartaal(vandaag: datetime.date | None = None) -> datetime.date:
    return kwartaal_begin(vandaag or timezone.localdate())


def komende_kwartalen(aantal: int, vanaf: datetime.date | None = None) -> list[datetime.date]:
    """`aantal` quarters starting with the current one (or the quarter of `vanaf`)."""
    begin = huidig_kwartaal(vanaf)
    return [kwartaal_plus(begin, i) for i in range(aantal)]


def kwartaal_code(datum: datetime.date) -> str:
    """ "2027-K2": short, sortable, used in filters, URLs and exports."""
    return f"{datum.year}-K{kwartaal_nummer(datum)}"


def kwartaal_label(datum: datetime.date) -> str:
    """ "2e kwartaal 2027": for people."""
    return f"{kwartaal_nummer(datum)}e kwartaal {datum.year}"


def kwartaal_parse(tekst: str | datetime.date) -> datetime.date:
    """The first day of the quarter written in `tekst`; ValueError with a Dutch message when it is not a quarter.

    A date (or ISO date text) is taken as the quarter that contains it.
    """
    if isinstance(tekst, datetime.datetime):
        return kwartaal_begin(tekst.date())
    if isinstance(tekst, datetime.date):
        return kwartaal_begin(tekst)
    schoon = " ".join(str(tekst).split())
    for patroon in (_JAAR_EERST, _KWARTAAL_EERST, _VOLUIT):
        gevonden = patroon.match(schoon)
        if gevonden and int(gevonden["jaar"]) >= 1900:
            return datetime.date(int(gevonden["jaar"]), 3 * (int(gevonden["k"]) - 1) + 1, 1)
    try:
        return kwartaal_begin(datetime.date.fromisoformat(schoon))
    except ValueError:
        raise ValueError(
            f"'{schoon}' is geen kwartaal. Schrijf het als 2027-K2, Q2 2027 of 2e kwartaal 2027."
        ) from None
