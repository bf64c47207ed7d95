"""The dashboard's section on the pipeline: the spread of tenders over the four quarters after the period (count and
value per quarter, empty and overloaded quarters flagged by the rule of the spreiding page), and the koppelkansen that
are still open. Two queries: the spreiding's GROUP BY and one count."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kring.charts import Reeks, Referentielijn, euro, samenvatting, staafgrafiek
from kring.dashboard import Periode, Sectie
from projecten.kwartalen import kwartaal_label, kwartaal_nummer, kwartaal_plus
from projecten.models import Koppelkans
from projecten.permissions import mag_projecten_zien
from projecten.selectors.spreiding import OVERBELAST_PROCENT, Spreiding, spreiding_overzicht, spreiding_projecten

# How many quarters after the period the section looks ahead.
VOORUIT = 4
# The spreiding page's default: load measured in value (the split by soort werk is on that page, not here).
VERDELING, MAAT = "soort_werk", "waarde"


def komende_kwartalen(periode: Periode) -> list:
    """The `VOORUIT` quarters after the period's last quarter."""
    laatste = periode.kwartalen[-1]
    return [kwartaal_plus(laatste, stap) for stap in range(1, VOORUIT + 1)]


def _lijst(kwartalen) -> str:
    return ", ".join(kwartaal_label(kwartaal) for kwartaal in kwartalen) or _("geen")


def grafiek(spreiding: Spreiding):
    labels = [f"K{kwartaal_nummer(rij.kwartaal)}\n{rij.kwartaal.year}" for rij in spreiding.kwartalen]
    omschrijving = " ".join(
        [
            _("Waarde van de aanbestedingen per kwartaal, %(van)s tot en met %(tot)s.")
            % {
                "van": kwartaal_label(spreiding.kwartalen[0].kwartaal),
                "tot": kwartaal_label(spreiding.kwartalen[-1].kwartaal),
            },
            samenvatting(labels, [rij.belasting for rij in spreiding.kwartalen], euro),
            _("Leeg: %(leeg)s. Druk: %(druk)s.")
            % {
                "leeg": _lijst([rij.kwartaal for rij in spreiding.kwartalen if rij.leeg]),
                "druk": _lijst([rij.kwartaal for rij in spreiding.kwartalen if rij.overbelast]),
            },
            _("De cijfers staan in de tabel bij de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id="grafiek-pipeline",
        titel=_("Aanbestedingen in de komende kwartalen"),
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[Reeks(_("Waarde"), [rij.waarde for rij in spreiding.kwartalen])],
        opmaak=euro,
        annotaties=[_("leeg") if rij.leeg else _("druk") if rij.overbelast else "" for rij in spreiding.kwartalen],
        referentielijnen=[Referentielijn(spreiding.gemiddelde, _("gemiddelde"))] if spreiding.gemiddelde else [],
    )


def sectie(*, user, periode: Periode) -> Sectie | None:
    if not mag_projecten_zien(user):
        return None
    kwartalen = komende_kwartalen(periode)
    spreiding = spreiding_overzicht(
        projecten=spreiding_projecten(user=user), verdeling=VERDELING, maat=MAAT, kwartalen=kwartalen
    )
    koppelkansen_open = Koppelkans.objects.filter(status=Koppelkans.Status.OPEN).count()
    return Sectie(
        sleutel="pipeline",
        titel=_("Pipeline van projecten"),
        template="kring/stuurgroep/secties/pipeline.html",
        context={
            "spreiding": spreiding,
            "grafiek": grafiek(spreiding) if spreiding.totaal_aantal else None,
            "overbelast_procent": OVERBELAST_PROCENT,
            "koppelkansen_open": koppelkansen_open,
            "koppelkansen_url": f"{reverse('projecten:koppelkansen')}?status={Koppelkans.Status.OPEN}",
            "spreiding_url": reverse("projecten:spreiding"),
            "gebieden_url": reverse("projecten:gebieden"),
        },
    )
