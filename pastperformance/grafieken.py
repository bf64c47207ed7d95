"""Charts of past performance (kring/charts.py), the same SVG on the pages and in the year overview PDF. The page or
PDF shows the same figures as a table beside each chart."""

from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kring.charts import Reeks, Referentielijn, staafgrafiek
from pastperformance.selectors.profielen import Kalibratie, Profiel
from projecten.kwartalen import kwartaal_nummer


def cijfer(waarde) -> str:
    """A score as the pages write it: one decimal with a comma; whole numbers on an axis without."""
    if float(waarde).is_integer():
        return str(int(waarde))
    return number_format(waarde, decimal_pos=1, use_l10n=True)


def trendgrafiek(profiel: Profiel, *, grafiek_id: str = "grafiek-trend") -> SafeString:
    """The mean overall score of the year up to each quarter of the window (a bar only from minimum n ratings on),
    with the kring's mean over the window as a line."""
    wie = profiel.organisatie.naam if profiel.organisatie is not None else _("de kring")
    labels = [f"K{kwartaal_nummer(punt.begin)}\n{punt.begin.year}" for punt in profiel.kwartalen]
    getoond = [punt for punt in profiel.kwartalen if punt.gemiddelde is not None]
    delen = [
        _(
            "Gemiddeld cijfer over het jaar tot en met elk kwartaal voor %(wie)s (%(richting)s), %(van)s tot en met "
            "%(tot)s."
        )
        % {
            "wie": wie,
            "richting": profiel.richting_label.lower(),
            "van": profiel.kwartalen[0].label,
            "tot": profiel.kwartalen[-1].label,
        }
    ]
    if getoond:
        delen.append("; ".join(f"{punt.label}: {cijfer(punt.gemiddelde)} (n = {punt.n})" for punt in getoond) + ".")
    delen.append(_("Een jaar met minder dan %(n)s beoordelingen heeft geen staaf.") % {"n": profiel.minimum_n})
    lijnen = []
    if profiel.organisatie is not None and profiel.kring.gemiddelde is not None:
        lijnen.append(
            Referentielijn(
                round(profiel.kring.gemiddelde, 1),
                _("kring %(cijfer)s") % {"cijfer": cijfer(round(profiel.kring.gemiddelde, 1))},
            )
        )
        delen.append(
            _("De lijn is het gemiddelde van de kring: %(cijfer)s.") % {"cijfer": cijfer(profiel.kring.gemiddelde)}
        )
    delen.append(_("De cijfers staan in de tabel bij de grafiek."))
    return staafgrafiek(
        grafiek_id=grafiek_id,
        titel=_("Jaargemiddelde per kwartaal"),
        omschrijving=" ".join(delen),
        labels=labels,
        reeksen=[Reeks(_("Gemiddeld cijfer"), [round(punt.gemiddelde or 0, 1) for punt in profiel.kwartalen])],
        opmaak=cijfer,
        annotaties=["" if punt.gemiddelde is not None else _("te weinig") for punt in profiel.kwartalen],
        referentielijnen=lijnen,
        schaal_minimaal=10,
        totalen_tonen=False,
    )


def verdelinggrafiek(kalibratie: Kalibratie) -> SafeString:
    """How often the kring gave each score in one direction, in percent."""
    verdeling = kalibratie.kring
    labels = [str(waarde) for waarde in range(1, len(verdeling.aantallen) + 1)]
    percentages = [round(percentage, 1) for percentage in verdeling.percentages]
    omschrijving = " ".join(
        [
            _("Hoe vaak elk cijfer gegeven is in %(richting)s, in procenten van %(n)s scores.")
            % {"richting": kalibratie.richting_label.lower(), "n": verdeling.n},
            "; ".join(f"{label}: {cijfer(p)}%" for label, p in zip(labels, percentages, strict=True)) + ".",
            _("De aantallen staan in de tabel bij de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id=f"grafiek-verdeling-{kalibratie.richting}",
        titel=_("Verdeling van de cijfers: %(richting)s") % {"richting": kalibratie.richting_label.lower()},
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[Reeks(_("Aandeel"), percentages)],
        opmaak=lambda waarde: f"{cijfer(waarde)}%",
        totalen_tonen=False,
    )
