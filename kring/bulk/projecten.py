"""The project pipeline: value bands, areas per gemeente, projects in every phase with tender quarters from 2021 to
2030, their awards, history (Projectwijziging), opgaven in the areas, interest of contractors and their werkvoorraad."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from kring.bulk.basis import DAG, Omgeving, gewogen
from kring.bulk.namen import STRATEN, WERK, WIJKEN
from kring.bulk.organisaties import Organisaties
from kring.management.commands.demo import Command as Demo
from pastperformance.services.rondes import plus_maanden
from projecten.ambitieweb import THEMAS as AMBITIETHEMAS
from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_plus, kwartalen_verschil
from projecten.models import Gebied, Interesse, Opgave, Project, Projectwijziging, Waardeklasse, Werkvoorraad

Fase = Project.Fase
FASEN = list(Fase)
EERSTE_KWARTAAL = datetime.date(2021, 1, 1)
KWARTALEN = 40  # 2021 K1 up to and including 2030 K4
SOORT_WERK = {
    "riolering": 20,
    "wegen": 25,
    "kunstwerken": 8,
    "water": 10,
    "groen": 12,
    "klimaat": 10,
    "verlichting": 7,
    "integraal": 8,
}
KLASSE_GEWICHT = {"tot-250k": 30, "250k-1mln": 35, "1-3mln": 20, "3-10mln": 10, "vanaf-10mln": 5}
PROCEDURE = {
    "tot-250k": "enkelvoudig",
    "250k-1mln": "meervoudig",
    "1-3mln": "nationaal",
    "3-10mln": "nationaal",
    "vanaf-10mln": "europees",
}
REDENEN_VERSCHUIVING = [
    "Gebundeld met de rioolvervanging in hetzelfde gebied.",
    "Afgestemd op de planning van de netbeheerder.",
    "Het ontwerp vraagt meer tijd door aanvullend bodemonderzoek.",
    "Verschoven om de aanbestedingen over het jaar te spreiden.",
    "Budget pas beschikbaar na het nieuwe meerjarenprogramma.",
]
EIGENAAR_NAAM = {
    "gemeente": "Afdeling Beheer Openbare Ruimte",
    "waterschap": "Waterschap Rivierland",
    "netbeheerder": "Netbeheerder Deltanet",
    "corporatie": "Woonstichting Thuisdelta",
    "overig": "Provincie",
}


@dataclass
class Pijplijn:
    projecten: list[Project]
    gegund: list[tuple[Project, list]]  # (project, its contractors) for every awarded project
    nu: datetime.date  # the current quarter


def _waardeklassen(omg: Omgeving) -> dict[str, Waardeklasse]:
    """The configured bands, as the demo makes them (shared: reused when they exist, never removed)."""
    klassen = {}
    for volgorde, (naam, code, vanaf, tot, reken) in enumerate(Demo.WAARDEKLASSEN, start=1):
        klassen[code] = Waardeklasse.objects.get_or_create(
            code=code,
            defaults={
                "naam": naam,
                "ondergrens": vanaf,
                "bovengrens": tot,
                "rekenwaarde": reken,
                "volgorde": volgorde,
            },
        )[0]
    return klassen


def _fase(omg: Omgeving, verschil: int | None, eind: datetime.date | None, start: datetime.date | None) -> str:
    """A phase that fits the tender quarter (`verschil` quarters from now) and, once awarded, the execution dates."""
    rng = omg.rng
    if verschil is None:
        return Fase.INITIATIEF
    if verschil > 4:
        return rng.choice([Fase.INITIATIEF, Fase.INITIATIEF, Fase.ONTWERP])
    if verschil > 1:
        return rng.choice([Fase.ONTWERP, Fase.VOORBEREIDING])
    if verschil == 1:
        return rng.choice([Fase.VOORBEREIDING, Fase.AANBESTEDING])
    if verschil == 0:
        return Fase.AANBESTEDING
    if start > omg.vandaag:
        return Fase.AANBESTEDING  # awarded, execution yet to start
    if eind >= omg.vandaag:
        return Fase.UITVOERING
    if eind >= omg.vandaag - 120 * DAG:
        return Fase.NAZORG
    return Fase.AFGEROND if rng.random() < 0.9 else Fase.NAZORG


def _past(omg: Omgeving, project: Project, fase: str) -> bool:
    """Whether `fase` fits the project's dates as well (see `_fase`)."""
    verschil, eind = project.verschil, project.eind
    gegund = verschil is not None and verschil < 0
    return {
        Fase.INITIATIEF: verschil is None or verschil > 4,
        Fase.ONTWERP: verschil is not None and verschil > 1,
        Fase.VOORBEREIDING: verschil is not None and 1 <= verschil <= 4,
        Fase.AANBESTEDING: verschil in (0, 1, 2) or (gegund and project.start_kwartaal > omg.vandaag),
        Fase.UITVOERING: gegund and project.start_kwartaal <= omg.vandaag <= eind,
        Fase.NAZORG: gegund and eind < omg.vandaag,
        Fase.AFGEROND: gegund and eind < omg.vandaag - 120 * DAG,
    }[fase]


def _alle_fasen(omg: Omgeving, projecten: list[Project]) -> None:
    """At a small scale chance may leave out a phase: then a project whose dates fit it moves there, taken from a
    phase that has more than one project."""
    for fase in FASEN + FASEN:  # twice: a move may empty a phase that an earlier one filled
        aantal = defaultdict(int)
        for project in projecten:
            aantal[project.fase] += 1
        if aantal[fase]:
            continue
        kandidaten = [p for p in projecten if aantal[p.fase] > 1 and _past(omg, p, fase)]
        if kandidaten:
            omg.rng.choice(kandidaten).fase = fase


def maak_projecten(omg: Omgeving, organisaties: Organisaties) -> Pijplijn:
    rng = omg.rng
    klassen = _waardeklassen(omg)
    nu = huidig_kwartaal(omg.vandaag)
    gebieden: dict[int, list[Gebied]] = {}
    alle_gebieden = []
    for gemeente in organisaties.gemeenten:
        namen = rng.sample(WIJKEN, rng.randint(min(8, len(WIJKEN)), min(14, len(WIJKEN))))
        gebieden[gemeente.pk] = [
            Gebied(
                gemeente=gemeente, naam=naam, code=slugify(naam), omschrijving=f"Wijk {naam} van {gemeente.plaats}."
            )
            for naam in namen
        ]
        alle_gebieden += gebieden[gemeente.pk]
    omg.opslaan(Gebied, alle_gebieden)

    gemeenten = organisaties.gemeenten
    gemeente_gewicht = [organisaties.gewicht[g.pk] for g in gemeenten]
    bedrijven = organisaties.bedrijven
    bedrijf_gewicht = [organisaties.gewicht[b.pk] for b in bedrijven]
    projecten, gegund, kwartalen = [], [], []
    for nummer in range(1, omg.aantal("projecten") + 1):
        gemeente = rng.choices(gemeenten, weights=gemeente_gewicht)[0]
        gebied = rng.choice(gebieden[gemeente.pk])
        soort = gewogen(rng, SOORT_WERK)
        klasse = gewogen(rng, KLASSE_GEWICHT)
        if not kwartalen:  # every quarter once per forty projects, in random order: even at a tiny scale
            kwartalen = rng.sample(range(KWARTALEN), KWARTALEN)
        index = kwartalen.pop()
        tender = None if rng.random() < 0.05 else kwartaal_plus(EERSTE_KWARTAAL, index)
        verschil = kwartalen_verschil(nu, tender) if tender else None
        start = kwartaal_plus(tender, rng.choice([1, 1, 2, 3])) if tender else None
        duur = rng.randint(3, 18) if tender or rng.random() < 0.3 else None
        eind = plus_maanden(start, duur) - DAG if start and duur else None
        fase = _fase(omg, verschil, eind, start)
        bekend = fase != Fase.INITIATIEF
        onder, boven = klassen[klasse].ondergrens, klassen[klasse].bovengrens or Decimal(30_000_000)
        raming = (
            Decimal(rng.randrange(int(onder) // 1000 + 10, int(boven) // 1000)) * 1000
            if bekend or rng.random() < 0.5
            else None
        )
        venster = tender is not None and verschil >= 2 and rng.random() < 0.4
        besproken = None
        if tender is not None and tender - 42 * DAG <= omg.vandaag and rng.random() < 0.7:
            besproken = tender - 42 * DAG
        contact = organisaties.mensen[gemeente.pk]
        aangemaakt = omg.moment(
            min(omg.vandaag, (tender or omg.vandaag) - rng.randint(120, 900) * DAG), 9 + nummer % 8, nummer % 60
        )
        project = Project(
            gemeente=gemeente,
            nummer=f"BLK-{nummer:05d}",
            naam=f"{rng.choice(WERK[soort])} {rng.choice(STRATEN)}, {gebied.naam}",
            omschrijving=f"{WERK[soort][0]} in {gebied.naam} ({gemeente.plaats}).",
            gebied=gebied,
            soort_werk=soort,
            fase=fase,
            aanbesteding_kwartaal=tender,
            start_kwartaal=start,
            duur_maanden=duur,
            waardeklasse=klassen[klasse],
            raming=raming,
            procedure=PROCEDURE[klasse] if bekend else "onbekend",
            contractvorm=rng.choice(["raw", "raw", "uav_gc", "bouwteam"]) if bekend else "onbekend",
            zekerheid="hoog" if verschil is not None and verschil < 2 else rng.choice(["laag", "midden", "hoog"]),
            verschuifbaar_vanaf=kwartaal_plus(tender, -rng.randint(0, 1)) if venster else None,
            verschuifbaar_tot=kwartaal_plus(tender, rng.randint(1, 3)) if venster else None,
            sroi_percentage=Decimal(rng.choice([4, 5, 5, 6])) if klasse != "tot-250k" and rng.random() < 0.7 else None,
            co2_niveau=rng.randint(3, 5) if rng.random() < 0.3 else None,
            mki_doel=Decimal(rng.randrange(20, 500)) * 1000 if rng.random() < 0.2 else None,
            ambitieweb={thema: rng.randint(1, 3) for thema in rng.sample(sorted(AMBITIETHEMAS), 3)}
            if rng.random() < 0.2
            else {},
            contactpersoon=rng.choice(contact) if contact else None,
            besproken_in_kring_op=besproken,
            bespreking="Aanpak, risico's en contractvorm besproken met de marktpartijen." if besproken else "",
            aangemaakt_op=aangemaakt,
            gewijzigd_op=max(aangemaakt, omg.moment(omg.vandaag - rng.randint(1, 400) * DAG)),
        )
        project.verschil, project.eind = verschil, eind  # for `_alle_fasen`
        projecten.append(project)
        if verschil is not None and verschil < 0:
            aantal = 2 if rng.random() < 0.1 and len(bedrijven) > 1 else 1
            winnaars = []
            while len(winnaars) < aantal:
                bedrijf = rng.choices(bedrijven, weights=bedrijf_gewicht)[0]
                if bedrijf not in winnaars:
                    winnaars.append(bedrijf)
            gegund.append((project, winnaars))
    _alle_fasen(omg, projecten)
    omg.opslaan(Project, projecten)
    Gunning = Project.opdrachtnemers.through
    omg.opslaan(Gunning, (Gunning(project_id=p.pk, organisatie_id=b.pk) for p, winnaars in gegund for b in winnaars))
    pijplijn = Pijplijn(projecten=projecten, gegund=gegund, nu=nu)
    _geschiedenis(omg, pijplijn)
    _opgaven(omg, pijplijn, alle_gebieden)
    _interesse_en_werkvoorraad(omg, pijplijn, organisaties)
    return pijplijn


def _geschiedenis(omg: Omgeving, pijplijn: Pijplijn) -> None:
    """Each project's phase changes up to its phase, sometimes a moved tender quarter, and the award."""
    rng = omg.rng
    gegund = {project.nummer: winnaars for project, winnaars in pijplijn.gegund}
    rijen = []
    for project in pijplijn.projecten:
        begin = project.aangemaakt_op
        stappen = FASEN.index(project.fase)
        eind = omg.moment(omg.vandaag - DAG)
        if eind <= begin:
            continue
        momenten = sorted(begin + (eind - begin) * rng.random() for _ in range(stappen + 2))
        for stap in range(stappen):
            rijen.append(
                Projectwijziging(
                    project=project,
                    veld="fase",
                    oude_waarde=FASEN[stap].label,
                    nieuwe_waarde=FASEN[stap + 1].label,
                    reden="Volgende fase volgens planning.",
                    door=project.contactpersoon,
                    op=momenten[stap],
                )
            )
        if project.aanbesteding_kwartaal and rng.random() < 0.3:
            rijen.append(
                Projectwijziging(
                    project=project,
                    veld="aanbesteding_kwartaal",
                    oude_waarde=kwartaal_code(kwartaal_plus(project.aanbesteding_kwartaal, -rng.randint(1, 3))),
                    nieuwe_waarde=kwartaal_code(project.aanbesteding_kwartaal),
                    reden=rng.choice(REDENEN_VERSCHUIVING),
                    door=project.contactpersoon,
                    op=momenten[-2],
                )
            )
        if project.nummer in gegund:
            rijen.append(
                Projectwijziging(
                    project=project,
                    veld="opdrachtnemers",
                    oude_waarde="",
                    nieuwe_waarde=", ".join(b.naam for b in gegund[project.nummer])[:200],
                    reden="Gegund.",
                    door=project.contactpersoon,
                    op=momenten[-1],
                )
            )
    omg.opslaan(Projectwijziging, rijen)


def _opgaven(omg: Omgeving, pijplijn: Pijplijn, gebieden: list[Gebied]) -> None:
    """About one opgave per two projects: most taken up in a project (same area, window around its tender), the rest
    still open in an area."""
    rng = omg.rng
    rijen = []
    for _ in range(max(1, len(pijplijn.projecten) // 2)):
        project = rng.choice(pijplijn.projecten) if rng.random() < 0.6 else None
        if project is not None and project.aanbesteding_kwartaal:
            gebied, van = project.gebied, kwartaal_plus(project.aanbesteding_kwartaal, -rng.randint(1, 4))
        else:
            project, gebied = None, rng.choice(gebieden)
            van = kwartaal_plus(pijplijn.nu, rng.randint(-4, 20))
        thema = rng.choice(list(Opgave.Thema))
        eigenaar = rng.choice(list(Opgave.Eigenaar))
        rijen.append(
            Opgave(
                gebied=gebied,
                titel=f"{thema.label} {gebied.naam}",
                thema=thema,
                eigenaar=eigenaar,
                eigenaar_naam=EIGENAAR_NAAM[eigenaar],
                venster_van=van,
                venster_tot=kwartaal_plus(van, rng.randint(2, 8)) - DAG,
                zekerheid=rng.choice(["laag", "midden", "hoog"]),
                bron=rng.choice(["GRP 2024–2028", "Meerjarenplan onderhoud", "Uitvoeringsprogramma klimaat", ""]),
                project=project,
                aangemaakt_op=omg.moment(omg.vandaag - rng.randint(10, 900) * DAG),
            )
        )
    omg.opslaan(Opgave, rijen)


def _interesse_en_werkvoorraad(omg: Omgeving, pijplijn: Pijplijn, organisaties: Organisaties) -> None:
    """Contractors' people follow projects still to be tendered; every company reported its werkvoorraad for the last
    eight quarters."""
    rng = omg.rng
    komend = [p for p in pijplijn.projecten if p.aanbesteding_kwartaal and p.aanbesteding_kwartaal >= pijplijn.nu]
    mensen = [m for b in organisaties.bedrijven for m in organisaties.mensen.get(b.pk, [])]
    gezien, rijen = set(), []
    if komend and mensen:
        for _ in range(len(pijplijn.projecten) // 2):
            project, persoon = rng.choice(komend), rng.choice(mensen)
            if (project.nummer, persoon.email) not in gezien:
                gezien.add((project.nummer, persoon.email))
                rijen.append(
                    Interesse(
                        project=project,
                        gebruiker=persoon,
                        aangemaakt_op=omg.moment(omg.vandaag - rng.randint(1, 300) * DAG),
                    )
                )
    omg.opslaan(Interesse, rijen)
    rijen = []
    for bedrijf in organisaties.bedrijven:
        mensen = organisaties.mensen.get(bedrijf.pk, [])
        for stap in range(-8, 0):
            kwartaal = kwartaal_plus(pijplijn.nu, stap)
            rijen.append(
                Werkvoorraad(
                    organisatie=bedrijf,
                    kwartaal=kwartaal,
                    maanden=Decimal(rng.randint(0, 120)) / 10,
                    gemeld_door=mensen[0] if mensen else None,
                    gemeld_op=omg.moment(kwartaal + rng.randint(1, 20) * DAG),
                )
            )
    omg.opslaan(Werkvoorraad, rijen)
