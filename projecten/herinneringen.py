"""Reminder kinds of the projecten part, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

from kring.herinneringen import Frequentie, Herinneringsoort, Ritme, registreer
from projecten.permissions import mag_project_volgen
from projecten.selectors.kalender import PROJECT_GEWIJZIGD, project_gewijzigd_zoek

# -- kalender (changes of a project a contractor follows)

# A moved tender or a new phase matters for planning capacity now, so one mail per change by default. The object is
# the change itself: each change reaches each follower once, whichever day the sweep runs.
PROJECT_GEWIJZIGD_SOORT = registreer(
    Herinneringsoort(
        code=PROJECT_GEWIJZIGD,
        label="Wijzigingen in projecten die u volgt",
        uitleg="Als het kwartaal van aanbesteding, de fase of de zekerheid verandert van een project dat u volgt: "
        "wat het was, wat het wordt en de reden. Eén bericht per wijziging; kiest u het weekoverzicht, dan komen ze "
        "daarin samen. Wijzigingen die u zelf maakte, krijgt u niet.",
        frequenties=(Frequentie.DIRECT, Frequentie.WEKELIJKS, Frequentie.UIT),
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=project_gewijzigd_zoek,
        onderwerp=lambda context: (
            f"{context['project'].nummer} {context['project'].naam}: {context['veld'].lower()} gewijzigd"
        ),
        van_toepassing=mag_project_volgen,
    )
)
