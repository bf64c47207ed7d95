"""SROI: regions of about five gemeenten, each with two vastgestelde value tables (2020 and 2024), a Verplichting per
awarded contractor on projects with an SROI requirement, pseudonymous Kandidaten and Inzetregels valued by the rules
of sroi/waardering.py the way `inzet_herwaarderen` does it. The stored totals are filled by one aggregate UPDATE."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from kring.bulk.basis import DAG, Omgeving
from kring.bulk.namen import PLAATSEN
from kring.bulk.organisaties import Organisaties
from kring.bulk.projecten import Pijplijn
from pastperformance.services.rondes import plus_maanden
from projecten.models import Project
from sroi import waardering
from sroi.demo import DRECHTSTEDEN_2023
from sroi.models import Bouwblok, Inzetregel, Kandidaat, Regio, Verplichting, Waardetabel

Status = Inzetregel.Status
REGIO_GROOTTE = 5
TABELLEN = ((datetime.date(2020, 1, 1), Decimal(1)), (datetime.date(2024, 1, 1), Decimal("1.05")))
KANDIDATEN_PER_REGEL = 4  # a candidate reports about four periods on an obligation
REGELS_PER_STUK = 20000
CATEGORIE_GEWICHT = {"participatiewet": 5, "bbl-2": 4, "bbl-3": 2, "ww": 3, "geen-uitkering": 2, "banenafspraak": 1}
REDENEN = [
    "De beschikking van het UWV ontbreekt. Voeg die toe en dien de regel opnieuw in.",
    "De periode valt buiten de looptijd van de verplichting.",
    "Deze kandidaat telt al mee op een ander project in dezelfde periode.",
]
_BEDRAG = DecimalField(max_digits=14, decimal_places=2)


@dataclass
class Sroi:
    verplichtingen: list[Verplichting] = field(default_factory=list)
    afgewezen: list[tuple] = field(default_factory=list)  # (inzetregel pk, ingevoerd_door pk, beoordeeld_op date)


def _tabellen(omg: Omgeving, organisaties: Organisaties) -> dict[int, list[Waardetabel]]:
    """Per gemeente id its region's tables, newest first; the blocks are on each table as `blokken`."""
    gemeenten = organisaties.gemeenten
    regios = [
        Regio(naam=f"Arbeidsmarktregio {PLAATSEN[(r * REGIO_GROOTTE) % len(PLAATSEN)]}-{r + 1}")
        for r in range(math.ceil(len(gemeenten) / REGIO_GROOTTE))
    ]
    omg.opslaan(Regio, regios)
    Lid = Regio.gemeenten.through
    omg.opslaan(
        Lid, (Lid(regio_id=regios[i // REGIO_GROOTTE].pk, organisatie_id=g.pk) for i, g in enumerate(gemeenten))
    )
    tabellen = [
        Waardetabel(
            regio=regio,
            naam=f"Bouwblokken {regio.naam} {vanaf.year}",
            geldig_vanaf=vanaf,
            status=Waardetabel.Status.VASTGESTELD,
            bron="Werkgeversservicepunt van de regio",
            aangemaakt_op=omg.moment(vanaf - 30 * DAG),
        )
        for regio in regios
        for vanaf, _factor in TABELLEN
    ]
    omg.opslaan(Waardetabel, tabellen)
    blokken = []
    for tabel in tabellen:
        factor = dict(TABELLEN)[tabel.geldig_vanaf]
        tabel.blokken = {}
        for volgorde, (code, naam, soort, waarde, maanden) in enumerate(DRECHTSTEDEN_2023, start=1):
            if soort in ("categorie", "bonus"):
                waarde = (Decimal(waarde) * factor).quantize(Decimal(1))
            blok = Bouwblok(
                waardetabel=tabel,
                code=code,
                naam=naam,
                soort=soort,
                waarde=Decimal(waarde),
                max_maanden=maanden,
                volgorde=volgorde,
            )
            tabel.blokken[code] = blok
            blokken.append(blok)
    omg.opslaan(Bouwblok, blokken)
    per_regio = defaultdict(list)
    for tabel in tabellen:
        per_regio[tabel.regio.pk].append(tabel)
    return {
        g.pk: sorted(per_regio[regios[i // REGIO_GROOTTE].pk], key=lambda t: t.geldig_vanaf, reverse=True)
        for i, g in enumerate(gemeenten)
    }


def _verplichtingen(omg: Omgeving, organisaties: Organisaties, pijplijn: Pijplijn, tabellen) -> list[Verplichting]:
    rng = omg.rng
    gegund = [(p, w) for p, w in pijplijn.gegund if p.duur_maanden and organisaties.mensen.get(p.gemeente_id)]
    if gegund and not any(p.sroi_percentage for p, _w in gegund):
        # A tiny scale without an SROI requirement among the awarded projects: give the first one a requirement.
        project = gegund[0][0]
        project.sroi_percentage = Decimal(5)
        Project.objects.filter(pk=project.pk).update(sroi_percentage=project.sroi_percentage)
    rijen = []
    for project, winnaars in gegund:
        if not project.sroi_percentage:
            continue
        tabel = next(t for t in tabellen[project.gemeente_id] if t.geldig_vanaf <= project.aanbesteding_kwartaal)
        for bedrijf in winnaars:
            grondslag = Verplichting.Grondslag.LOONSOM if rng.random() < 0.2 else Verplichting.Grondslag.OPDRACHTWAARDE
            bedrag = (project.raming or project.waardeklasse.rekenwaarde) / len(winnaars)
            if grondslag == Verplichting.Grondslag.LOONSOM:
                bedrag *= Decimal("0.35")
            bedrag = bedrag.quantize(Decimal("0.01"))
            drempel = Decimal(100_000) if rng.random() < 0.2 else Decimal(0)
            maximum = Decimal(rng.randrange(50, 300)) * 1000 if rng.random() < 0.1 else None
            pso = Decimal(5) if rng.random() < 0.1 else Decimal(0)
            start = project.start_kwartaal
            verplichting = Verplichting(
                project=project,
                opdrachtnemer=bedrijf,
                waardetabel=tabel,
                coordinator=rng.choice(organisaties.mensen[project.gemeente_id]),
                grondslag=grondslag,
                grondslag_bedrag=bedrag,
                percentage=project.sroi_percentage,
                drempel=drempel,
                maximum=maximum,
                pso_korting=pso,
                looptijd_start=start,
                looptijd_eind=plus_maanden(start, project.duur_maanden + 6) - DAG,
                sr_bedrag=waardering.sr_bedrag(
                    grondslag_bedrag=bedrag,
                    percentage=project.sroi_percentage,
                    drempel=drempel,
                    maximum=maximum,
                    pso_korting=pso,
                ),
                aangemaakt_op=omg.moment(min(omg.vandaag, start - 14 * DAG)),
            )
            rijen.append(verplichting)
    return omg.opslaan(Verplichting, rijen)


def _verdeling(omg: Omgeving, verplichtingen: list[Verplichting]) -> list[int]:
    """How many lines each obligation gets: in proportion to the part of its term that has passed (none before it
    starts), every started one at least one while the target allows, exactly the target in total."""
    rng = omg.rng
    gisteren = omg.vandaag - DAG
    verstreken = [
        max(0, (min(v.looptijd_eind, gisteren) - v.looptijd_start).days + 1) if v.looptijd_start <= gisteren else 0
        for v in verplichtingen
    ]
    som, doel = sum(verstreken), omg.aantal("inzetregels")
    if som == 0:
        return [0] * len(verplichtingen)
    aantallen = [doel * dagen // som for dagen in verstreken]
    gestart = [i for i, dagen in enumerate(verstreken) if dagen]
    while sum(aantallen) < doel:
        aantallen[rng.choice(gestart)] += 1
    return aantallen


def _regels(omg: Omgeving, organisaties: Organisaties, verplichting: Verplichting, aantal: int, kandidaten) -> list:
    """The lines of one obligation in start order, each with its chosen bonus blocks: (line, bonussen)."""
    rng = omg.rng
    blokken = verplichting.waardetabel.blokken
    categorieen = [blokken[code] for code in CATEGORIE_GEWICHT]
    gewichten = list(CATEGORIE_GEWICHT.values())
    bonussen = [blok for blok in blokken.values() if blok.soort == Bouwblok.Soort.BONUS]
    van, tot = verplichting.looptijd_start, min(verplichting.looptijd_eind, omg.vandaag - DAG)
    invoerders = organisaties.mensen.get(verplichting.opdrachtnemer_id) or [None]
    eigen = kandidaten(verplichting, max(1, math.ceil(aantal * 0.8 / KANDIDATEN_PER_REGEL)))
    categorie_van = {id(k): rng.choices(categorieen, weights=gewichten)[0] for k in eigen}
    regels = []
    for _ in range(aantal):
        start = omg.dag_tussen(van, tot)
        kans = rng.random()
        gekozen = []
        if kans < 0.8:
            kandidaat = rng.choice(eigen)
            regel = Inzetregel(
                bouwblok=categorie_van[id(kandidaat)],
                kandidaat=kandidaat,
                start=start,
                eind=min(tot, start + rng.randint(27, 91) * DAG),
                uren_per_week=Decimal(rng.choice([16, 20, 24, 32, 36, 36])),
            )
            if bonussen and rng.random() < 0.15:
                gekozen = [rng.choice(bonussen)]
        elif kans < 0.9:
            regel = Inzetregel(
                bouwblok=blokken["sociaal-inkopen"],
                start=start,
                eind=min(tot, start + 30 * DAG),
                bedrag=Decimal(rng.randrange(1000, 25000)),
                omschrijving="Inkoop bij een erkende sociale onderneming",
            )
        else:
            regel = Inzetregel(
                bouwblok=blokken["activiteit"],
                start=start,
                eind=min(tot, start + rng.randint(0, 5) * DAG),
                uren=Decimal(rng.randint(4, 40)),
                omschrijving="Gastlessen en rondleidingen voor het mbo",
            )
        recent = regel.eind > omg.vandaag - 45 * DAG
        kans = rng.random()
        if kans < 0.05:
            regel.status, regel.reden_afwijzing = Status.AFGEWEZEN, rng.choice(REDENEN)
        elif kans < (0.4 if recent else 0.93):
            regel.status = Status.GEVALIDEERD
        regel.verplichting = verplichting
        regel.ingevoerd_door = rng.choice(invoerders)
        regel.ingevoerd_op = omg.moment(min(omg.vandaag, regel.eind + rng.randint(1, 10) * DAG), 11)
        if regel.status != Status.INGEDIEND:
            regel.beoordeeld_door = verplichting.coordinator
            regel.beoordeeld_op = omg.moment(min(omg.vandaag, regel.eind + rng.randint(11, 30) * DAG), 15)
        regels.append((regel, gekozen))
    regels.sort(key=lambda paar: paar[0].start)  # stable: the pk order after writing is (start, pk)
    return regels


def _waarderen(regels: list) -> None:
    """As `inzet_herwaarderen`: counting lines together in (start, pk) order, so a candidate's earlier lines under a
    category use up its maximum months first; a rejected line its value on its own."""
    gebruikt: dict[tuple, int] = defaultdict(int)
    for regel, bonussen in regels:
        if regel.status == Status.AFGEWEZEN:
            regel.waarde = waardering.regel_waarde(regel=regel, bonussen=bonussen)[0]
            continue
        sleutel = (regel.kandidaat_id, regel.bouwblok_id)
        regel.waarde, dagen = waardering.regel_waarde(regel=regel, eerder_dagen=gebruikt[sleutel], bonussen=bonussen)
        if regel.kandidaat_id is not None:
            gebruikt[sleutel] += dagen


def maak_sroi(omg: Omgeving, organisaties: Organisaties, pijplijn: Pijplijn) -> Sroi:
    rng = omg.rng
    tabellen = _tabellen(omg, organisaties)
    verplichtingen = _verplichtingen(omg, organisaties, pijplijn, tabellen)
    aantallen = _verdeling(omg, verplichtingen)
    # Candidates: mostly new per obligation, sometimes one the contractor placed on an earlier project.
    per_bedrijf: dict[int, list[Kandidaat]] = defaultdict(list)
    nieuw: list[Kandidaat] = []

    def kandidaten(verplichting: Verplichting, aantal: int) -> list[Kandidaat]:
        eerder = per_bedrijf[verplichting.opdrachtnemer_id]
        gekozen = []
        for _ in range(aantal):
            if eerder and rng.random() < 0.2:
                gekozen.append(rng.choice(eerder))
                continue
            kandidaat = Kandidaat(
                opdrachtnemer_id=verplichting.opdrachtnemer_id,
                code=f"KAND{len(eerder) + 1:05d}",
                aangemaakt_op=omg.moment(verplichting.looptijd_start),
            )
            eerder.append(kandidaat)
            nieuw.append(kandidaat)
            gekozen.append(kandidaat)
        return gekozen

    # In pieces: the lines of some obligations in memory with their candidate objects, then the new candidates (for
    # their ids: the cap on months counts per candidate), then the values and the lines.
    uitkomst = Sroi(verplichtingen=verplichtingen)
    stuk, in_stuk = [], 0
    paren = [(v, n) for v, n in zip(verplichtingen, aantallen, strict=True) if n]
    for index, (verplichting, aantal) in enumerate(paren, start=1):
        stuk.append(_regels(omg, organisaties, verplichting, aantal, kandidaten))
        in_stuk += aantal
        if in_stuk >= REGELS_PER_STUK or index == len(paren):
            omg.opslaan(Kandidaat, nieuw)
            nieuw.clear()
            for regels in stuk:
                for regel, _b in regels:
                    if regel.kandidaat is not None:
                        regel.kandidaat = regel.kandidaat  # takes the id the candidate got
                _waarderen(regels)
            _schrijf_regels(omg, [paar for regels in stuk for paar in regels], uitkomst)
            stuk, in_stuk = [], 0
    totalen_bijwerken(Verplichting.objects.filter(project__gemeente__in=organisaties.gemeenten))
    return uitkomst


def _schrijf_regels(omg: Omgeving, regels: list, uitkomst: Sroi) -> None:
    omg.opslaan(Inzetregel, (regel for regel, _b in regels))
    Bonus = Inzetregel.bonussen.through
    omg.opslaan(Bonus, (Bonus(inzetregel_id=r.pk, bouwblok_id=b.pk) for r, bonussen in regels for b in bonussen))
    uitkomst.afgewezen += [
        (r.pk, r.ingevoerd_door_id, r.beoordeeld_op.date()) for r, _b in regels if r.status == Status.AFGEWEZEN
    ]


def totalen_bijwerken(verplichtingen) -> int:
    """`gerealiseerd` (every line not rejected) and `gevalideerd` (validated lines) of all `verplichtingen` in one
    UPDATE with correlated sums: what `verplichting_totalen_bijwerken` stores, without a query per obligation."""

    def som(filter_: Q):
        regels = (
            Inzetregel.objects.filter(filter_, verplichting_id=OuterRef("pk"))
            .order_by()
            .values("verplichting_id")
            .annotate(som=Sum("waarde"))
            .values("som")
        )
        return Coalesce(Subquery(regels, output_field=_BEDRAG), Value(Decimal(0)), output_field=_BEDRAG)

    return verplichtingen.update(
        gerealiseerd=som(~Q(status=Status.AFGEWEZEN)), gevalideerd=som(Q(status=Status.GEVALIDEERD))
    )
