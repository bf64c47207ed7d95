"""The SROI statements as PDF reports (kring/rapportsoorten.py): per obligation (Rapport.Soort.SROI_VERPLICHTING) and
per contractor (Rapport.Soort.SROI_OPDRACHTNEMER). Who may have one, its title and what the template gets.

A statement shows no more than the SROI pages: an obligation through the obligation page's own selector
(`verplichting_get`, 404 for others), a contractor's statement only to its own staff, beheerders and gemeente staff
with at least one of its obligations on their projects, holding only the obligations the requester may see. A
candidate appears by code only: the portal holds no name, BSN or date of birth."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.models import Organisatie, User
from kring.permissions import is_lid
from sroi.models import Bouwblok, Inzetregel, Verplichting
from sroi.selectors.verplichtingen import (
    Voortgang,
    berekening,
    met_voortgang,
    verplichting_get,
    verplichtingen_zichtbaar,
    voortgang,
)

NUL = Decimal(0)


# --- Per obligation --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kandidaattotaal:
    """What one candidate (by code) contributed to an obligation, per status."""

    code: str
    regels: int
    gerealiseerd: Decimal
    gevalideerd: Decimal


def _regels(verplichting: Verplichting) -> list[Inzetregel]:
    return list(
        verplichting.inzet.select_related("bouwblok", "kandidaat")
        .prefetch_related(Prefetch("bonussen", queryset=Bouwblok.objects.order_by("volgorde", "pk")))
        .order_by("start", "pk")
    )


def _per_kandidaat(regels: list[Inzetregel]) -> list[Kandidaattotaal]:
    totalen: dict[str, list] = {}
    for regel in regels:
        if regel.kandidaat is None:
            continue
        rij = totalen.setdefault(regel.kandidaat.code, [0, NUL, NUL])
        rij[0] += 1
        if regel.status != Inzetregel.Status.AFGEWEZEN:
            rij[1] += regel.waarde
        if regel.status == Inzetregel.Status.GEVALIDEERD:
            rij[2] += regel.waarde
    return [Kandidaattotaal(code, *rij) for code, rij in sorted(totalen.items())]


def verplichting_ophalen(*, user: User, pk: int) -> Verplichting:
    """The obligation as its page shows it: 404 unless `user` may see it."""
    return verplichting_get(user=user, pk=pk)


def verplichting_titel(verplichting: Verplichting) -> str:
    return _("SROI-verantwoording %(project)s, %(opdrachtnemer)s (%(datum)s)") % {
        "project": f"{verplichting.project.nummer} {verplichting.project.naam}",
        "opdrachtnemer": verplichting.opdrachtnemer.naam,
        "datum": f"{timezone.localdate():%d-%m-%Y}",
    }


def verplichting_context(verplichting: Verplichting) -> dict:
    regels = _regels(verplichting)
    return {
        "verplichting": verplichting,
        "project": verplichting.project,
        "waardetabel": verplichting.waardetabel,
        "bouwblokken": list(verplichting.waardetabel.bouwblokken.order_by("volgorde", "pk")),
        "berekening": berekening(verplichting=verplichting),
        "voortgang": voortgang(verplichting=verplichting),
        "regels": regels,
        "kandidaten": _per_kandidaat(regels),
        "waarschuwingen": list(verplichting.waarschuwingen.order_by("-sinds", "pk")),
        "gemaakt_op": timezone.now(),
    }


# --- Per contractor --------------------------------------------------------------------------------------------------


def opdrachtnemer_ophalen(*, user: User, pk: int) -> Organisatie:
    """The contractor, for its own active staff and beheerders, and for whoever may see at least one of its
    obligations (gemeente staff of its projects); 404 for anyone else, also for another contractor."""
    organisatie = Organisatie.objects.filter(soort=Organisatie.Soort.OPDRACHTNEMER, pk=pk).first()
    if organisatie is None or not is_lid(user):
        raise Http404
    if user.is_beheerder or user.organisatie_id == organisatie.pk:
        return organisatie
    if verplichtingen_zichtbaar(user=user).filter(opdrachtnemer=organisatie).exists():
        return organisatie
    raise Http404


def opdrachtnemer_titel(organisatie: Organisatie) -> str:
    return _("SROI-verantwoording %(naam)s (%(datum)s)") % {
        "naam": organisatie.naam,
        "datum": f"{timezone.localdate():%d-%m-%Y}",
    }


def opdrachtnemer_context(organisatie: Organisatie, *, user: User) -> dict:
    """The contractor's obligations that `user` may see (a gemeente sees those on its own projects), each with its
    progress, and the totals over them (three queries, however many obligations)."""
    verplichtingen = list(
        met_voortgang(verplichtingen_zichtbaar(user=user).filter(opdrachtnemer=organisatie))
        .select_related("waardetabel__regio")
        .order_by("project__nummer", "pk")
    )
    rijen = [(verplichting, voortgang(verplichting=verplichting)) for verplichting in verplichtingen]
    aantallen = Inzetregel.objects.filter(verplichting__in=verplichtingen).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Inzetregel.Status.values}
    )
    return {
        "organisatie": organisatie,
        "rijen": rijen,
        "totaal": Voortgang.optellen([v for _, v in rijen]),
        "aantallen": aantallen,
        "open_waarschuwingen": [
            (verplichting, waarschuwing)
            for verplichting in verplichtingen
            for waarschuwing in verplichting.open_waarschuwingen
        ],
        "alleen_eigen_gemeente": not (user.is_beheerder or user.organisatie_id == organisatie.pk),
        "gemaakt_op": timezone.now(),
    }
