"""Reminder kinds of past performance, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

# -- herinneringen
from django.utils import formats

from kring.herinneringen import Frequentie, Herinneringsoort, Ritme, registreer
from pastperformance.permissions import krijgt_pp_herinneringen
from pastperformance.selectors import herinneringen as zoeken

# The round's deadlines are days away, so by default each reminder is a mail of its own; who prefers fewer mails
# bundles them in the weekly overview. Overdue afspraken come weekly by default, like overdue actiepunten.
FREQUENTIES = (Frequentie.DIRECT, Frequentie.WEKELIJKS, Frequentie.UIT)


def _project(context: dict) -> str:
    return f"{context['project'].nummer} {context['project'].naam}"


RONDE_GEOPEND = registreer(
    Herinneringsoort(
        code=zoeken.RONDE_GEOPEND,
        label="Beoordelingsronde geopend",
        uitleg="Als een beoordelingsronde opengaat van een project waarvoor u namens uw organisatie beoordelaar bent: "
        "wat u invult en wanneer de beoordelingen uiterlijk zichtbaar worden. Eén bericht per ronde.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=zoeken.ronde_geopend_zoek,
        onderwerp=lambda context: f"Beoordelingsronde geopend: {_project(context)}",
        van_toepassing=krijgt_pp_herinneringen,
    )
)

NIET_INGEDIEND = registreer(
    Herinneringsoort(
        code=zoeken.NIET_INGEDIEND,
        label="Beoordeling nog niet ingediend",
        uitleg="Zeven en twee dagen voordat de beoordelingen van een ronde zichtbaar worden, als u uw beoordeling of "
        "zelfbeoordeling nog niet heeft ingediend. Heeft u beide ingediend, dan krijgt u niets.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=zoeken.niet_ingediend_zoek,
        onderwerp=lambda context: (
            f"Nog {context['dagen']} dag{'en' if context['dagen'] != 1 else ''} om te beoordelen: {_project(context)}"
        ),
        van_toepassing=krijgt_pp_herinneringen,
    )
)

ONTHULD = registreer(
    Herinneringsoort(
        code=zoeken.ONTHULD,
        label="Beoordelingen onthuld: plan de bespreking",
        uitleg="Als de beoordelingen van een ronde zichtbaar zijn geworden: bekijk de verschillen en plan het gesprek "
        "met de andere partij. Eén bericht per ronde, voor beide beoordelaars.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=zoeken.onthuld_zoek,
        onderwerp=lambda context: f"Beoordelingen onthuld, plan de bespreking: {_project(context)}",
        van_toepassing=krijgt_pp_herinneringen,
    )
)

REACTIETERMIJN = registreer(
    Herinneringsoort(
        code=zoeken.REACTIETERMIJN,
        label="Reactietermijn loopt af",
        uitleg="Drie dagen voordat u niet meer kunt reageren op een beoordeling van uw organisatie, als er nog geen "
        "reactie is. Wordt de termijn verlengd, dan krijgt u de herinnering opnieuw vóór de nieuwe einddatum.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=zoeken.reactietermijn_zoek,
        onderwerp=lambda context: (
            f"Reageren kan tot en met {formats.date_format(context['ronde'].reactie_tot, 'j F')}: {_project(context)}"
        ),
        van_toepassing=krijgt_pp_herinneringen,
    )
)

AFSPRAAK_VERLOPEN = registreer(
    Herinneringsoort(
        code=zoeken.AFSPRAAK_VERLOPEN,
        label="Afspraken uit beoordelingen over hun deadline",
        uitleg="Eens per week, zolang een afspraak uit een beoordelingsgesprek open staat terwijl de deadline voorbij "
        "is: voor het aanspreekpunt, of de beoordelaar van de organisatie als er geen aanspreekpunt is. Standaard in "
        "het weekoverzicht. De herinnering stopt zodra de afspraak is bijgewerkt.",
        frequenties=(Frequentie.WEKELIJKS, Frequentie.DIRECT, Frequentie.UIT),
        standaard=Frequentie.WEKELIJKS,
        ritme=Ritme.WEKELIJKS,
        zoek=zoeken.afspraak_verlopen_zoek,
        onderwerp=lambda context: f"Afspraak over de deadline: {context['afspraak'].omschrijving[:80]}",
        van_toepassing=krijgt_pp_herinneringen,
    )
)

EINDRONDE = registreer(
    Herinneringsoort(
        code=zoeken.EINDRONDE,
        label="Eindronde na de oplevering",
        uitleg="Eens per week na de oplevering van een project waarvoor u namens de gemeente beoordelaar bent, zolang "
        "de eindronde niet is geopend of op tijd gepland.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.WEKELIJKS,
        zoek=zoeken.eindronde_zoek,
        onderwerp=lambda context: f"Eindronde plannen: {_project(context)}",
        van_toepassing=krijgt_pp_herinneringen,
    )
)
