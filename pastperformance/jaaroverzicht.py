"""The year overview of an organisation as a PDF report (Rapport.Soort.PP_JAAROVERZICHT, kring/rapportsoorten.py):
who may have it (whoever may see the profile), its title and what the template gets."""

from django.utils import timezone
from django.utils.translation import gettext as _

from kring.models import Organisatie
from pastperformance.grafieken import trendgrafiek
from pastperformance.selectors.profielen import jaaroverzicht, profiel_organisatie_get

# The report fetches its organisation through the profile page's own selector: 404 unless the profile is visible.
ophalen = profiel_organisatie_get


def titel(organisatie: Organisatie) -> str:
    return _("Jaaroverzicht past performance: %(naam)s (%(datum)s)") % {
        "naam": organisatie.naam,
        "datum": f"{timezone.localdate():%d-%m-%Y}",
    }


def context(organisatie: Organisatie) -> dict:
    overzicht = jaaroverzicht(organisatie=organisatie)
    return {
        "overzicht": overzicht,
        "profiel": overzicht.profiel,
        "grafiek": trendgrafiek(overzicht.profiel) if not overzicht.profiel.geen_oordeel else None,
        "gemaakt_op": timezone.now(),
    }
