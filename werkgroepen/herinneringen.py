"""Reminder kinds of the werkgroepen part, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

from django.utils import formats, timezone

from kring.herinneringen import Frequentie, Herinneringsoort, Ritme, registreer
from kring.permissions import is_lid
from werkgroepen.permissions import mag_kennis_delen
from werkgroepen.selectors.agenda import actiepunten_te_laat_zoek, activiteiten_te_laat_zoek
from werkgroepen.selectors.bijeenkomsten import BINNENKORT, bijeenkomst_binnenkort_zoek
from werkgroepen.selectors.kennisbank import kennisitem_herzien_zoek

# -- uitvoeringsagenda (activities and actiepunten past their deadline)

# Weekly by default (the issue asks for a digest): an overdue item is not urgent by the day, and one mail a week about
# everything late is read; people who want a mail per item choose "direct" (still once a week per item). Any member
# can become initiatiefnemer, trekker or owner of an actiepunt, so every member may set these beforehand.
TE_LAAT_FREQUENTIES = (Frequentie.WEKELIJKS, Frequentie.DIRECT, Frequentie.UIT)

ACTIVITEITEN_TE_LAAT = registreer(
    Herinneringsoort(
        code="activiteiten_te_laat",
        label="Activiteiten over hun deadline",
        uitleg="Eens per week, zolang een activiteit van de uitvoeringsagenda nog gepland of lopend is terwijl haar "
        "deadline voorbij is: voor de initiatiefnemer en de trekkers van de werkgroep. Standaard in het weekoverzicht; "
        "kiest u een losse e-mail, dan krijgt u er per activiteit één per week. De herinnering stopt zodra de "
        "activiteit is afgerond of vervallen, of een nieuwe deadline heeft.",
        frequenties=TE_LAAT_FREQUENTIES,
        standaard=Frequentie.WEKELIJKS,
        ritme=Ritme.WEKELIJKS,
        zoek=activiteiten_te_laat_zoek,
        onderwerp=lambda context: f"Activiteit over de deadline: {context['activiteit'].titel}",
        van_toepassing=is_lid,
    )
)

ACTIEPUNTEN_TE_LAAT = registreer(
    Herinneringsoort(
        code="actiepunten_te_laat",
        label="Actiepunten over hun deadline",
        uitleg="Eens per week, zolang een actiepunt uit een bijeenkomst niet gedaan is terwijl de deadline voorbij "
        "is: voor de eigenaar en, bij een bijeenkomst van een werkgroep, de trekkers daarvan. Standaard in het "
        "weekoverzicht; kiest u een losse e-mail, dan krijgt u er per actiepunt één per week. De herinnering stopt "
        "zodra het actiepunt als gedaan is gemarkeerd.",
        frequenties=TE_LAAT_FREQUENTIES,
        standaard=Frequentie.WEKELIJKS,
        ritme=Ritme.WEKELIJKS,
        zoek=actiepunten_te_laat_zoek,
        onderwerp=lambda context: f"Actiepunt over de deadline: {context['actiepunt']}",
        van_toepassing=is_lid,
    )
)

# -- bijeenkomsten (upcoming meeting with its agenda, 7 days before)

BIJEENKOMST_BINNENKORT = registreer(
    Herinneringsoort(
        code=BINNENKORT,
        label="Bijeenkomst over een week",
        uitleg="Een week voor een bijeenkomst waarvoor u bent uitgenodigd of waarvoor u zich aanmeldde, met de "
        "agenda en een link om u aan of af te melden. Heeft u zich al afgemeld, dan krijgt u niets. Eén keer per "
        "bijeenkomst.",
        frequenties=(Frequentie.DIRECT, Frequentie.UIT),
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=bijeenkomst_binnenkort_zoek,
        onderwerp=lambda context: (
            f"Binnenkort: {context['bijeenkomst'].titel} op "
            f"{formats.date_format(timezone.localtime(context['bijeenkomst'].begin), 'l j F')}"
        ),
        van_toepassing=is_lid,
    )
)

# -- kennisbank (kennisitems past their review date)

KENNISITEM_HERZIEN = registreer(
    Herinneringsoort(
        code="kennisitem_herzien",
        label="Kennisitems om te herzien",
        uitleg="Eens per week, zolang een kennisitem dat u deelde over zijn herzieningsdatum is: kijk of het nog klopt "
        "en kies een nieuwe datum. Is de auteur niet meer actief, dan krijgen de trekkers van de werkgroep (of de "
        "beheerders) de herinnering. Standaard in het weekoverzicht.",
        frequenties=(Frequentie.WEKELIJKS, Frequentie.DIRECT, Frequentie.UIT),
        standaard=Frequentie.WEKELIJKS,
        ritme=Ritme.WEKELIJKS,
        zoek=kennisitem_herzien_zoek,
        onderwerp=lambda context: f"Kennisitem om te herzien: {context['kennisitem'].titel}",
        van_toepassing=mag_kennis_delen,
    )
)
