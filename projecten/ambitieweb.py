"""The Ambitieweb of the Aanpak Duurzaam GWW: per theme an ambition level 0–3, stored on the project as {theme: level}.

The twelve themes follow the Omgevingswijzer, whose themes the Ambitieweb shares (people, planet, profit). The levels
follow the Aanpak: 1 is insight and at least the "grijze situatie", 2 concrete reduction targets, 3 added value.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

THEMAS = {
    "energie": _("Energie"),
    "materialen": _("Materialen"),
    "water": _("Water"),
    "bodem": _("Bodem"),
    "ecologie": _("Ecologie"),
    "ruimtegebruik": _("Ruimtegebruik"),
    "bereikbaarheid": _("Bereikbaarheid"),
    "investeringen": _("Investeringen"),
    "ondernemerschap": _("Ondernemerschap"),
    "sociale_relevantie": _("Sociale relevantie"),
    "welzijn": _("Welzijn"),
    "ruimtelijke_kwaliteit": _("Ruimtelijke kwaliteit"),
}

NIVEAUS = {
    0: _("Geen ambitie"),
    1: _("Inzicht: minstens de gangbare (grijze) situatie"),
    2: _("Verbetering: concrete reductiedoelen"),
    3: _("Toegevoegde waarde: neutraal of positief"),
}


@dataclass(frozen=True)
class Score:
    thema: str
    label: str
    niveau: int
    niveau_label: str


def ambitieweb_valideren(scores) -> dict[str, int]:
    """`scores` as the project stores it: known themes only, each an integer 0–3, in the order of THEMAS.
    ValidationError (Dutch, under "ambitieweb") otherwise. Empty means: no ambitieweb filled in yet."""
    if scores in (None, ""):
        return {}
    if not isinstance(scores, dict):
        raise ValidationError({"ambitieweb": _("Het ambitieweb is een lijst van thema's met elk een niveau 0–3.")})
    onbekend = sorted(str(thema) for thema in scores if thema not in THEMAS)
    if onbekend:
        raise ValidationError(
            {"ambitieweb": _("Onbekend thema in het ambitieweb: %(themas)s.") % {"themas": ", ".join(onbekend)}}
        )
    schoon = {}
    for thema in THEMAS:
        if thema not in scores or scores[thema] in (None, ""):
            continue
        waarde = scores[thema]
        if isinstance(waarde, bool) or str(waarde).strip() not in {"0", "1", "2", "3"}:
            raise ValidationError(
                {
                    "ambitieweb": _("Het niveau voor %(thema)s moet 0, 1, 2 of 3 zijn.")
                    % {"thema": str(THEMAS[thema]).lower()}
                }
            )
        schoon[thema] = int(str(waarde).strip())
    return schoon


def ambitieweb_scores(scores: dict) -> list[Score]:
    """The filled-in themes of a stored ambitieweb, in the order of THEMAS, with their labels."""
    return [
        Score(thema, str(label), scores[thema], str(NIVEAUS[scores[thema]]))
        for thema, label in THEMAS.items()
        if scores.get(thema) in NIVEAUS
    ]
