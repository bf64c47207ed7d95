"""Kennisitems: praktijkvoorbeelden, lessons learned, documents and tools on fifteen subjects, with themes, tags,
"nuttig" votes and (on PostgreSQL) the zoekvector the kennisbank search reads."""

import datetime

from django.contrib.postgres.search import SearchVector
from django.db.models import TextField, Value
from django.utils.text import slugify

from kring.bulk.basis import DAG, Omgeving, gewogen
from kring.bulk.organisaties import Organisaties
from kring.bulk.projecten import Pijplijn
from kring.management.commands.demo import Command as Demo
from werkgroepen.models import Kennisitem, NuttigStem, Tag, Thema, Werkgroep
from werkgroepen.zoeken import CONFIG, PRAKTIJK_VELDEN, is_postgres

# (subject, themes, tags, a sentence about the approach)
ONDERWERPEN = [
    ("Bouwteam bij de vervanging van een brug", ["Samenwerking", "Contractvormen"], ["bouwteam", "bruggen"],
     "De aannemer rekende vanaf het voorontwerp mee aan varianten en stremmingen."),
    ("Rioolvervanging in een bewoonde wijk", ["Omgevingsmanagement"], ["riolering", "bewoners", "hinder"],
     "Bewoners kregen één aanspreekpunt en een wekelijkse nieuwsbrief zolang de straat open lag."),
    ("Social return met BBL-leerlingen", ["Social return"], ["bbl", "leerlingen", "sroi"],
     "Leerlingen gingen na de oplevering door naar het volgende project van een andere opdrachtnemer."),
    ("Circulair asfalt in het onderhoudsbestek", ["Duurzaamheid"], ["asfalt", "hergebruik", "mki"],
     "Het bestek vroeg een minimaal hergebruikpercentage en beloonde een lagere MKI."),
    ("Digitale oplevering van revisiegegevens", ["Digitalisering"], ["revisie", "oplevering"],
     "Revisiegegevens kwamen per straat digitaal binnen, in het formaat van de beheerafdeling."),
    ("Spreiding van aanbestedingen over het jaar", ["Continuïteit"], ["planning", "aanbesteden", "werkvoorraad"],
     "De gemeenten legden hun kalenders naast elkaar en schoven projecten naar rustige kwartalen."),
    ("Wederzijds beoordelen na de eerste fase", ["Samenwerking"], ["past performance", "afspraken"],
     "Na de startronde bespraken gemeente en opdrachtnemer de verschillen en maakten zij afspraken."),
    ("Werk met werk maken in één gebied", ["Continuïteit", "Omgevingsmanagement"], ["koppelkansen", "netbeheer"],
     "Riool, kabels en straten gingen in één keer open, zodat de wijk maar één keer hinder had."),
    ("Klimaatadaptatie met wadi's en infiltratie", ["Duurzaamheid"], ["klimaat", "water", "groen"],
     "Regenwater wordt in wadi's vastgehouden en infiltreert in plaats van het riool te belasten."),
    ("Elektrisch materieel op de bouwplaats", ["Duurzaamheid"], ["emissieloos", "materieel", "stikstof"],
     "Een mobiele laadvoorziening maakte elektrische graafmachines op een kleine bouwplaats mogelijk."),
    ("Bereikbaarheid van winkels tijdens de uitvoering", ["Omgevingsmanagement"], ["bereikbaarheid", "ondernemers"],
     "De fasering liet elke winkel via ten minste één zijde bereikbaar, ook tijdens de feestdagen."),
    ("UAV-GC bij een complexe kademuur", ["Contractvormen"], ["uav-gc", "kademuur", "risico's"],
     "De aannemer ontwierp de fundering mee; de risico's werden in een gezamenlijke sessie verdeeld."),
    ("Sociaal inkopen bij een sociale onderneming", ["Social return"], ["sociaal inkopen", "groenonderhoud"],
     "Het groenonderhoud van het bouwterrein ging naar een erkende sociale onderneming uit de regio."),
    ("Veilig werken langs de weg", ["Samenwerking"], ["veiligheid", "verkeersmaatregelen"],
     "Elke ochtend een startwerkoverleg en de looproutes naar school en winkels steeds vrij."),
    ("Meten van CO2 met de prestatieladder", ["Duurzaamheid", "Digitalisering"], ["co2", "prestatieladder"],
     "De uitstoot werd per maand gemeten en in het bouwoverleg besproken naast planning en kosten."),
]  # fmt: skip
SOORTEN = {"praktijkvoorbeeld": 35, "lesson_learned": 35, "document": 20, "tool": 10}
ZICHTBAARHEID = {"openbaar": 25, "leden": 55, "werkgroep": 10, "gemeente": 10}
LESSEN = [
    "Spreek vooraf af hoe meerwerk wordt beoordeeld.",
    "Plan het eerste gesprek al bij de start van de uitvoering.",
    "Betrek de beheerafdeling vóór het ontwerp klaar is.",
    "Leg afspraken vast met een eigenaar en een datum.",
    "Houd de omgeving op de hoogte, ook als er niets verandert.",
]


def maak_kennisbank(omg: Omgeving, organisaties: Organisaties, pijplijn: Pijplijn) -> list[Kennisitem]:
    rng = omg.rng
    themas = {
        naam: Thema.objects.get_or_create(slug=slugify(naam), defaults={"naam": naam})[0]
        for naam in Demo.KENNISBANK_THEMAS
    }
    tags = {naam: Tag.objects.get_or_create(naam=naam)[0] for _o, _t, namen, _z in ONDERWERPEN for naam in namen}
    werkgroepen = list(Werkgroep.objects.order_by("volgorde", "naam"))
    gemeente_mensen = [m for g in organisaties.gemeenten for m in organisaties.mensen.get(g.pk, [])]
    alle_mensen = gemeente_mensen + [m for b in organisaties.bedrijven for m in organisaties.mensen.get(b.pk, [])]
    afgerond = [p for p in pijplijn.projecten if p.fase in ("afgerond", "nazorg")] or pijplijn.projecten
    items, onderwerp_van, kiezers = [], [], []
    for nummer in range(1, omg.aantal("kennisitems") + 1):
        onderwerp = rng.randrange(len(ONDERWERPEN))
        titel, _t, _tags, aanpak = ONDERWERPEN[onderwerp]
        soort = gewogen(rng, SOORTEN)
        zichtbaarheid = gewogen(rng, ZICHTBAARHEID)
        werkgroep = rng.choice(werkgroepen) if werkgroepen and rng.random() < 0.6 else None
        if zichtbaarheid == "werkgroep" and werkgroep is None:
            zichtbaarheid = "leden"
        auteur = rng.choice(gemeente_mensen if zichtbaarheid == "gemeente" else alle_mensen)
        project = rng.choice(afgerond) if soort == "lesson_learned" else None
        plaats = project.gemeente.plaats if project else auteur.organisatie.plaats
        gepubliceerd = omg.moment(omg.dag_tussen(datetime.date(2019, 1, 1), omg.vandaag - DAG))
        nuttig = {m.pk: m for m in rng.sample(alle_mensen, min(len(alle_mensen), rng.choice([0, 0, 1, 2, 4])))}
        lessen = rng.sample(LESSEN, 2)
        praktijk = soort in ("praktijkvoorbeeld", "lesson_learned")
        items.append(
            Kennisitem(
                soort=soort,
                titel=f"{titel} in {plaats} ({nummer})",
                samenvatting=f"{titel}: ervaringen uit {plaats}. {aanpak}",
                inhoud=f"## Wat andere projecten kunnen overnemen\n\n- {lessen[0]}\n- {lessen[1]}\n",
                uitdaging="Weinig ruimte, veel belanghebbenden en een krappe planning." if praktijk else "",
                aanpak=aanpak if praktijk else "",
                lessen=" ".join(lessen) if praktijk else "",
                werkgroep=werkgroep,
                project=project,
                zichtbaarheid=zichtbaarheid,
                auteur=auteur,
                organisatie_id=auteur.organisatie_id,
                herzien_voor=gepubliceerd.date() + rng.randint(365, 1100) * DAG,
                gepubliceerd_op=gepubliceerd,
                bijgewerkt_op=gepubliceerd,
                aantal_bekeken=rng.randint(3, 300),
                aantal_nuttig=len(nuttig),
            )
        )
        onderwerp_van.append(onderwerp)
        kiezers.append(list(nuttig.values()))
    omg.opslaan(Kennisitem, items)
    ThemaRij, TagRij = Kennisitem.themas.through, Kennisitem.tags.through
    omg.opslaan(
        ThemaRij,
        (
            ThemaRij(kennisitem_id=item.pk, thema_id=themas[naam].pk)
            for item, o in zip(items, onderwerp_van, strict=True)
            for naam in ONDERWERPEN[o][1]
        ),
    )
    omg.opslaan(
        TagRij,
        (
            TagRij(kennisitem_id=item.pk, tag_id=tags[naam].pk)
            for item, o in zip(items, onderwerp_van, strict=True)
            for naam in ONDERWERPEN[o][2]
        ),
    )
    omg.opslaan(
        NuttigStem,
        (
            NuttigStem(kennisitem=item, gebruiker=persoon, gestemd_op=item.gepubliceerd_op + DAG)
            for item, personen in zip(items, kiezers, strict=True)
            for persoon in personen
        ),
    )
    if is_postgres():
        _zoekvectoren(items, onderwerp_van)
    return items


def _zoekvectoren(items: list[Kennisitem], onderwerp_van: list[int]) -> None:
    """The zoekvector as `werkgroepen.zoeken.zoekvector_bijwerken` computes it, one UPDATE per subject (the items of
    a subject share their labels: tag and theme names)."""
    for onderwerp, (_titel, themas, tags, _z) in enumerate(ONDERWERPEN):
        pks = [item.pk for item, o in zip(items, onderwerp_van, strict=True) if o == onderwerp]
        if not pks:
            continue
        labels = " ".join(tags + themas)
        vector = (
            SearchVector("titel", weight="A", config=CONFIG)
            + SearchVector("samenvatting", Value(labels, output_field=TextField()), weight="B", config=CONFIG)
            + SearchVector("inhoud", *PRAKTIJK_VELDEN, weight="C", config=CONFIG)
        )
        for begin in range(0, len(pks), 5000):
            Kennisitem.objects.filter(pk__in=pks[begin : begin + 5000]).update(zoekvector=vector)
