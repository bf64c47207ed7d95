"""The quarterly report of the stuurgroep (Rapport.Soort.KWARTAALRAPPORTAGE, kring/rapportsoorten.py): the dashboard
of one quarter as a PDF, with a cover, a table of contents with page numbers and every section the requester may see,
each rendered with its own section template (`pdf=True`: no forms or buttons).

The report's "object" is the quarter itself. The reports pipeline stores one integer per report, so a quarter is
stored as yyyyq (20263 = the third quarter of 2026). A quarter that has not begun has nothing to report; the running
quarter may be reported "tot nu toe"."""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kring.dashboard import Periode, Sectie, secties
from kring.models import User
from kring.permissions import mag_kwartaalrapportage_aanvragen
from projecten.kwartalen import huidig_kwartaal, kwartaal_begin, kwartaal_nummer

# The audit action that marks a report as requested by the automatic run after a quarter (kring.services.stuurgroep):
# the reminder "Kwartaalrapportage klaar" (kring.herinneringen) mails only those; whoever requests a report by hand is
# on its page already.
AUTOMATISCH_AANGEVRAAGD = "kwartaalrapportage.automatisch"


class Rapportkwartaal(Periode):
    """A quarter as the report's object: a Periode with the number the pipeline stores (`pk`, yyyyq)."""

    @property
    def pk(self) -> int:
        return kwartaal_getal(self)


def kwartaal_getal(periode: Periode) -> int:
    """20263 for the third quarter of 2026."""
    return periode.begin.year * 10 + kwartaal_nummer(periode.begin)


def kwartaal_uit_getal(getal: int) -> Rapportkwartaal | None:
    """The quarter of 20263, or None when the number is no quarter (20265, 123, a year outside 2000-2100)."""
    jaar, nummer = divmod(int(getal), 10)
    if not (2000 <= jaar <= 2100 and 1 <= nummer <= 4):
        return None
    return Rapportkwartaal("kwartaal", datetime.date(jaar, 3 * nummer - 2, 1))


def is_begonnen(periode: Periode, vandaag: datetime.date | None = None) -> bool:
    """A quarter that has begun: closed, or the running one (reported "tot nu toe")."""
    return periode.begin <= huidig_kwartaal(vandaag)


def ophalen(*, user: User, pk: int) -> Rapportkwartaal:
    """The quarter `pk` (yyyyq) for `user`'s report; 404 when it is no quarter, has not begun, or `user` may not
    request the quarterly report (stuurgroep and beheerders: the same rule as the button and the request)."""
    kwartaal = kwartaal_uit_getal(pk)
    if kwartaal is None or not is_begonnen(kwartaal) or not mag_kwartaalrapportage_aanvragen(user):
        raise Http404
    return kwartaal


def titel(kwartaal: Periode) -> str:
    return _("Kwartaalrapportage stuurgroep, %(kwartaal)s") % {"kwartaal": kwartaal.label}


@dataclass(frozen=True)
class Hoofdstuk:
    """One section in the report: its anchor (for the table of contents), title and rendered HTML."""

    anker: str
    titel: str
    html: str


def sectie_html(sectie: Sectie, *, periode: Periode, pdf: bool = True) -> str:
    """One section rendered with its own template, as the page does: its context plus `periode`, `sectie`, `pdf`."""
    return mark_safe(  # noqa: S308 (our own template's output, escaped by the template engine)  # nosec B308 B703
        render_to_string(sectie.template, {**sectie.context, "periode": periode, "sectie": sectie, "pdf": pdf})
    )


def hoofdstukken(*, user: User, periode: Periode) -> list[Hoofdstuk]:
    return [
        Hoofdstuk(anker=f"hoofdstuk-{sectie.sleutel}", titel=sectie.titel, html=sectie_html(sectie, periode=periode))
        for sectie in secties(user=user, periode=periode)
    ]


def context(kwartaal: Periode, *, user: User) -> dict:
    nu = timezone.now()
    return {
        "periode": kwartaal,
        "titel": titel(kwartaal),
        "hoofdstukken": hoofdstukken(user=user, periode=kwartaal),
        "tot_nu_toe": kwartaal.begin == kwartaal_begin(timezone.localdate(nu)),
        "aanvrager": user,
        "gemaakt_op": nu,
        "pdf": True,
    }
