"""Reminder kinds of SROI, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

# -- herinneringen
from django.utils import formats

from kring.herinneringen import Frequentie, Herinneringsoort, Ritme, registreer
from sroi.permissions import krijgt_sroi_herinneringen
from sroi.selectors import herinneringen as zoeken

FREQUENTIES = (Frequentie.DIRECT, Frequentie.WEKELIJKS, Frequentie.UIT)


def _project(context: dict) -> str:
    return f"{context['project'].nummer} {context['project'].naam}"


RAPPORTAGE = registreer(
    Herinneringsoort(
        code=zoeken.RAPPORTAGE,
        label="SROI: rapportageperiode verstreken",
        uitleg="Aan het eind van elke rapportageperiode van een SROI-verplichting van uw organisatie (en aan het eind "
        "van de looptijd), als er sinds dat moment nog geen inzet is ingevoerd. De herinnering gaat naar wie eerder "
        "inzet op die verplichting invoerde, of naar alle medewerkers als nog niemand dat deed.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=zoeken.rapportage_zoek,
        onderwerp=lambda context: (
            f"SROI-rapportage tot en met {formats.date_format(context['moment'], 'j F Y')}: {_project(context)}"
        ),
        van_toepassing=krijgt_sroi_herinneringen,
    )
)

WAARSCHUWING = registreer(
    Herinneringsoort(
        code=zoeken.WAARSCHUWING,
        label="SROI: waarschuwing bij een verplichting",
        uitleg="Eén bericht als het portaal een waarschuwing geeft bij een SROI-verplichting (bijvoorbeeld: de helft "
        "van de looptijd is voorbij en minder dan een kwart is gerealiseerd), voor de SROI-coördinator van de "
        "gemeente en de opdrachtnemer.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=zoeken.waarschuwing_zoek,
        onderwerp=lambda context: f"SROI-waarschuwing ({context['waarschuwing'].soort}): {_project(context)}",
        van_toepassing=krijgt_sroi_herinneringen,
    )
)

AFGEWEZEN = registreer(
    Herinneringsoort(
        code=zoeken.AFGEWEZEN,
        label="SROI: inzetregel afgewezen",
        uitleg="Eén bericht als de SROI-coördinator een inzetregel afwijst die u invoerde, met de reden.",
        frequenties=FREQUENTIES,
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=zoeken.afgewezen_zoek,
        onderwerp=lambda context: f"SROI-inzetregel afgewezen: {_project(context)}",
        van_toepassing=krijgt_sroi_herinneringen,
    )
)
