"""The stuurgroep dashboard: one page with a section per part of the portal, for a chosen quarter or year."""

from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from kring.dashboard import Periode, periode_uit, secties
from kring.dashboard.kwartaalrapportage import sectie_html
from kring.fragmenten import ONDERDELEN, fragment
from kring.permissions import mag_dashboard_zien, mag_kwartaalrapportage_aanvragen, requires
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus

# The period selector offers this many quarters (the current one and those before it) and years.
KEUZE_KWARTALEN = 8
KEUZE_JAREN = 3
RAPPORTAGE_FORMULIER = "kring/stuurgroep/_kwartaalrapportage.html"


def periode_keuzes(gekozen: Periode, vandaag=None) -> dict[str, list[Periode]]:
    """The quarters and years of the selector, newest first; the chosen period is always among them."""
    huidig = huidig_kwartaal(vandaag or timezone.localdate())
    kwartalen = [Periode("kwartaal", kwartaal_plus(huidig, -stap)) for stap in range(KEUZE_KWARTALEN)]
    jaren = [Periode("jaar", huidig.replace(year=huidig.year - stap, month=1)) for stap in range(KEUZE_JAREN)]
    lijst = kwartalen if gekozen.soort == "kwartaal" else jaren
    if gekozen not in lijst:
        lijst.append(gekozen)
        lijst.sort(key=lambda periode: periode.begin, reverse=True)
    return {"kwartalen": kwartalen, "jaren": jaren}


def _rapportage_formulier() -> str | None:
    """The request form of the quarterly PDF, once that part is installed."""
    try:
        return select_template([RAPPORTAGE_FORMULIER]).template.name
    except TemplateDoesNotExist:
        return None


@requires(mag_dashboard_zien)
@require_GET
def stuurgroep(request):
    periode = periode_uit(request.GET.get("periode"))
    vandaag = timezone.localdate()
    volgende = periode.volgende()
    return render(
        request,
        "kring/stuurgroep/dashboard.html",
        {
            "periode": periode,
            "keuzes": periode_keuzes(periode, vandaag),
            "vorige": periode.vorige(),
            "volgende": volgende if volgende.begin <= vandaag else None,
            "loopt_nog": not periode.is_afgelopen(vandaag),
            # Built only when the cached fragment is missing (kring.fragmenten): the sections read every part.
            "fragment": fragment(request, "stuurgroep", ONDERDELEN),
            "secties": SimpleLazyObject(
                lambda: [
                    (sectie, sectie_html(sectie, periode=periode, pdf=False))
                    for sectie in secties(user=request.user, periode=periode)
                ]
            ),
            "rapportage_formulier": _rapportage_formulier()
            if periode.soort == "kwartaal" and mag_kwartaalrapportage_aanvragen(request.user)
            else None,
        },
    )
