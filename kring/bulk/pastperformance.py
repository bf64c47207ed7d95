"""Past performance: a Beoordelingsplan per awarded project and contractor, its rounds on the schedule the services
plan (start, every three months of execution, eind after oplevering) with the status their dates give (mostly
definitief), the four Beoordelingen of every round that opened with a Score per criterion of the vastgestelde
questionnaires, besprekingen, afspraken, replies and KPIs. The summary rows are rebuilt once at the end
(`samenvatting_herbereken`), so they equal a full recount."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.management.base import CommandError

from kring.bulk.basis import DAG, Omgeving
from kring.bulk.organisaties import Organisaties
from kring.bulk.projecten import Pijplijn
from pastperformance.demo import MOTIVERING, TOELICHTING, VOORSTEL
from pastperformance.models import (
    OVER_KANT,
    SCORE_MAX,
    SCORE_MIN,
    Afspraak,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Bespreking,
    KpiMeting,
    Reactie,
    Richting,
    Score,
    Vragenlijst,
)
from pastperformance.services.rondes import plus_maanden

Soort = Beoordelingsronde.Soort
Status = Beoordelingsronde.Status
OG_ON, ON_OG, ZELF_OG, ZELF_ON = Richting.OG_ON, Richting.ON_OG, Richting.ZELF_OG, Richting.ZELF_ON
DOOR_KANT = {OG_ON: "og", ZELF_OG: "og", ON_OG: "on", ZELF_ON: "on"}
PLANNEN_PER_STUK = 300  # plans written together (their rounds, ratings and scores), so memory stays flat
TUSSENTIJDS_MAANDEN = 3  # Beleid.tussentijds_maanden's default
ALGEMEEN = (
    "Duidelijk onder de verwachting; dit moet in de volgende fase beter.",
    "Volgens verwachting.",
    "Ver boven verwachting; een voorbeeld voor andere projecten.",
)
ALGEMEEN_VOORSTEL = "Maak hierover in het volgende bouwoverleg een concrete afspraak."
VERVALLEN_REDEN = "Het werk lag in deze periode stil; de ronde is vervallen."
SAMENVATTING = (
    "De vier beoordelingen naast elkaar gelegd; de grootste verschillen en de laagste scores eerst. Beide partijen "
    "herkennen het beeld."
)


@dataclass
class Ronde:
    soort: str
    opent: datetime.date
    status: str = Status.GEPLAND


@dataclass
class Plan:
    project: object
    bedrijf: object
    og: object
    on: object
    start: datetime.date
    eind: datetime.date
    opgeleverd: datetime.date | None
    rondes: list[Ronde] = field(default_factory=list)


def _status(omg: Omgeving, ronde: Ronde, opgeleverd) -> str:
    """The status a round has today from when it opened: the services move a round on at these terms."""
    dagen = (omg.vandaag - ronde.opent).days
    if dagen < 0 or (ronde.soort == Soort.EIND and opgeleverd is None):
        return Status.GEPLAND
    if dagen < 14:
        return Status.OPEN
    if dagen < 20:
        return Status.ONTHULD
    if dagen < 40:
        return Status.BESPROKEN
    if ronde.soort != Soort.EIND and omg.rng.random() < 0.03:
        return Status.VERVALLEN
    return Status.DEFINITIEF


def _plannen(omg: Omgeving, organisaties: Organisaties, pijplijn: Pijplijn) -> list[Plan]:
    """Plans for awarded pairs in random order until their rounds reach the target (the last plan cut short). At a
    tiny scale the awarded projects may not hold enough rounds at one every three months: then they come more often."""
    rng = omg.rng
    doel = omg.aantal("rondes")
    paren = [(project, bedrijf) for project, winnaars in pijplijn.gegund for bedrijf in winnaars]
    rng.shuffle(paren)
    for maanden in (TUSSENTIJDS_MAANDEN, 2, 1):
        plannen = _volgens_schema(omg, organisaties, paren, doel, maanden)
        if sum(len(plan.rondes) for plan in plannen) >= doel:
            break
    _alle_statussen(omg, plannen)
    return plannen


def _volgens_schema(omg: Omgeving, organisaties: Organisaties, paren: list, doel: int, maanden: int) -> list[Plan]:
    rng = omg.rng
    plannen, totaal = [], 0
    for project, bedrijf in paren:
        if totaal >= doel:
            break
        og, on = organisaties.mensen.get(project.gemeente_id), organisaties.mensen.get(bedrijf.pk)
        if not og or not on or not project.duur_maanden:
            continue
        start = project.start_kwartaal
        eind = plus_maanden(start, project.duur_maanden) - DAG
        opgeleverd = None
        if eind < omg.vandaag - 7 * DAG:
            opgeleverd = min(omg.vandaag, max(start, eind + rng.randint(-10, 25) * DAG))
        plan = Plan(project, bedrijf, rng.choice(og), rng.choice(on), start, eind, opgeleverd)
        oplevering = opgeleverd or eind
        schema = [(Soort.START, start)]
        stap = 1
        while (datum := plus_maanden(start, stap * maanden)) < oplevering:
            schema.append((Soort.TUSSENTIJDS, datum))
            stap += 1
        schema.append((Soort.EIND, oplevering))
        for soort, opent in schema[: doel - totaal]:
            ronde = Ronde(soort, opent)
            ronde.status = _status(omg, ronde, opgeleverd)
            plan.rondes.append(ronde)
        totaal += len(plan.rondes)
        plannen.append(plan)
    return plannen


def _alle_statussen(omg: Omgeving, plannen: list[Plan]) -> None:
    """At a small scale the dates may leave out a status. Then a plan's next round (or its latest started one, when
    its status occurs more than once) moves to a date that gives the missing status, in the plan's order where
    possible; a definitief round lapses when none has."""
    rng = omg.rng
    for status, dagen in (
        (Status.GEPLAND, -30),
        (Status.OPEN, 3),
        (Status.ONTHULD, 16),
        (Status.BESPROKEN, 25),
        (Status.DEFINITIEF, 45),
    ):
        aantal = defaultdict(int)
        for plan in plannen:
            for ronde in plan.rondes:
                aantal[ronde.status] += 1
        if aantal[status]:
            continue
        opent = omg.vandaag - dagen * DAG
        voorkeur = defaultdict(list)  # 0: in order, not an eindronde, planned; 1: in order; 2: any
        for plan in plannen:
            for index, ronde in enumerate(plan.rondes):
                if not all(r.status == Status.GEPLAND for r in plan.rondes[index + 1 :]):
                    continue
                if ronde.status != Status.GEPLAND and aantal[ronde.status] < 2:
                    continue
                if ronde.soort == Soort.EIND and plan.opgeleverd is None and status != Status.GEPLAND:
                    continue  # an eindronde opens only after the oplevering
                in_volgorde = index == 0 or plan.rondes[index - 1].opent < opent
                if in_volgorde and ronde.soort != Soort.EIND and ronde.status == Status.GEPLAND:
                    voorkeur[0].append(ronde)
                voorkeur[1 if in_volgorde else 2].append(ronde)
        keuze = voorkeur[0] or voorkeur[1] or voorkeur[2]
        if keuze:
            ronde = rng.choice(keuze)
            ronde.opent, ronde.status = opent, status
    if not any(r.status == Status.VERVALLEN for p in plannen for r in p.rondes):
        kandidaten = [r for p in plannen for r in p.rondes if r.status == Status.DEFINITIEF and r.soort != Soort.EIND]
        if len(kandidaten) > 1:
            rng.choice(kandidaten).status = Status.VERVALLEN


class _Schrijver:
    """Writes the plans in pieces: plans, rounds, ratings, scores and what follows from them."""

    def __init__(self, omg: Omgeving, organisaties: Organisaties):
        self.omg = omg
        self.rng = omg.rng
        self.organisaties = organisaties
        self.geopend: list[tuple] = []  # (ronde pk, opent_op, rater og pk, rater on pk) of every round that opened
        self.vragenlijsten = {
            vragenlijst.richting: (vragenlijst, list(vragenlijst.criteria.order_by("volgorde", "pk")))
            for vragenlijst in Vragenlijst.objects.filter(status=Vragenlijst.Status.VASTGESTELD)
        }
        if len(self.vragenlijsten) < len(Richting):
            raise CommandError("Niet voor elke richting is een vragenlijst vastgesteld; draai eerst de migraties.")
        # A small lift or dip per criterion, the same for everyone: some aspects go better than others.
        self.accent = {
            (richting, criterium.pk): self.rng.uniform(-0.5, 0.5)
            for richting, (_v, criteria) in self.vragenlijsten.items()
            for criterium in criteria
        }

    def schrijf(self, plannen: list[Plan]) -> None:
        for begin in range(0, len(plannen), PLANNEN_PER_STUK):
            self._stuk(plannen[begin : begin + PLANNEN_PER_STUK])

    def _stuk(self, plannen: list[Plan]) -> None:
        omg = self.omg
        rijen = [
            Beoordelingsplan(
                project=plan.project,
                opdrachtnemer=plan.bedrijf,
                beoordelaar_og=plan.og,
                beoordelaar_on=plan.on,
                uitvoering_start=plan.start,
                uitvoering_eind=plan.eind,
                opgeleverd_op=plan.opgeleverd,
                aangemaakt_door=plan.og,
                aangemaakt_op=omg.moment(min(omg.vandaag, plan.start - 30 * DAG)),
            )
            for plan in plannen
        ]
        omg.opslaan(Beoordelingsplan, rijen)
        rondes = []  # (plan, rij, ronde)
        for plan, rij in zip(plannen, rijen, strict=True):
            for volgnummer, ronde in enumerate(plan.rondes, start=1):
                rondes.append((plan, rij, self._ronde(rij, volgnummer, ronde)))
        omg.opslaan(Beoordelingsronde, (ronde for _p, _r, ronde in rondes))
        self.geopend += [
            (ronde.pk, ronde.opent_op, plan.og.pk, plan.on.pk)
            for plan, _rij, ronde in rondes
            if ronde.status not in (Status.GEPLAND, Status.VERVALLEN)
        ]
        beoordelingen, scores = [], []
        for plan, _rij, ronde in rondes:
            if ronde.status not in (Status.GEPLAND, Status.VERVALLEN):
                beoordelingen += self._beoordelingen(plan, ronde)
        omg.opslaan(Beoordeling, (b for b, _s in beoordelingen))
        for beoordeling, antwoorden in beoordelingen:
            for score in antwoorden:
                score.beoordeling_id = beoordeling.pk
                scores.append(score)
        omg.opslaan(Score, scores)
        self._bespreking(rondes, beoordelingen)
        self._kpi(plannen, rijen)

    def _ronde(self, plan: Beoordelingsplan, volgnummer: int, gegevens: Ronde) -> Beoordelingsronde:
        omg, opent, status = self.omg, gegevens.opent, gegevens.status
        gestart = status not in (Status.GEPLAND, Status.VERVALLEN)
        onthuld = status in (Status.ONTHULD, Status.BESPROKEN, Status.DEFINITIEF)
        besproken = status in (Status.BESPROKEN, Status.DEFINITIEF)
        reactie_tot = None
        if onthuld:
            reactie_tot = opent + (34 if besproken else 28) * DAG
        return Beoordelingsronde(
            plan=plan,
            soort=gegevens.soort,
            volgnummer=volgnummer,
            status=status,
            opent_op=opent,
            onthulling_uiterlijk=opent + 14 * DAG,
            geopend_op=omg.moment(opent, 7) if gestart else None,
            onthuld_op=omg.moment(opent + 14 * DAG, 7) if onthuld else None,
            reactie_tot=reactie_tot,
            definitief_op=omg.moment(min(omg.vandaag, opent + self.rng.randint(40, 50) * DAG), 16)
            if status == Status.DEFINITIEF
            else None,
            vervallen_reden=VERVALLEN_REDEN if status == Status.VERVALLEN else "",
            aangemaakt_op=plan.aangemaakt_op,
        )

    def _beoordelingen(self, plan: Plan, ronde: Beoordelingsronde) -> list[tuple[Beoordeling, list[Score]]]:
        """The four ratings of a round that opened: all submitted once revealed (a rare one left empty), about half
        submitted while open and the rest drafts."""
        omg, rng = self.omg, self.rng
        partij = {"og": plan.project.gemeente, "on": plan.bedrijf}
        rater = {"og": plan.og, "on": plan.on}
        uitkomst = []
        for index, richting in enumerate(Richting):
            vragenlijst, criteria = self.vragenlijsten[richting]
            door, over = DOOR_KANT[richting], OVER_KANT[richting]
            if ronde.status == Status.OPEN:
                dagen = (omg.vandaag - ronde.opent_op).days
                ingediend = rng.random() < 0.5
                dag = ronde.opent_op + rng.randint(0, dagen) * DAG
            else:
                ingediend = rng.random() < 0.98
                dag = ronde.opent_op + rng.randint(1, 13) * DAG
            concept = not ingediend and ronde.status == Status.OPEN and rng.random() < 0.5
            # Ids rather than objects where the object is not needed again: Django's descriptors cost time per row.
            beoordeling = Beoordeling(
                ronde_id=ronde.pk,
                richting=richting,
                vragenlijst_id=vragenlijst.pk,
                beoordelaar_organisatie_id=partij[door].pk,
                beoordeelde_organisatie_id=partij[over].pk,
                algemene_toelichting=TOELICHTING[richting] if ingediend and rng.random() < 0.3 else "",
                ingediend_door_id=rater[door].pk if ingediend else None,
                ingediend_op=omg.moment(dag, 9 + index) if ingediend else None,
                bijgewerkt_op=omg.moment(dag, 9 + index) if ingediend or concept else None,
            )
            antwoorden = []
            if ingediend or concept:
                kwaliteit = self.organisaties.kwaliteit[partij[over].pk] + (0.4 if door == over else 0)
                tot = len(criteria) if ingediend else rng.randint(1, len(criteria))
                antwoorden = [
                    self._score(richting, over, criterium, kwaliteit, ronde.soort, ingediend)
                    for criterium in criteria[:tot]
                ]
            uitkomst.append((beoordeling, antwoorden))
        return uitkomst

    def _score(self, richting, over, criterium, kwaliteit, soort, ingediend) -> Score:
        rng = self.rng
        nvt = (
            ingediend
            and criterium.nvt_toegestaan
            and ((criterium.code == "oplevering-revisie" and soort != Soort.EIND) or rng.random() < 0.02)
        )
        if nvt:
            return Score(criterium_id=criterium.pk, waarde=None, nvt=True)
        waarde = round(rng.gauss(kwaliteit + self.accent[(richting, criterium.pk)], 1.1))
        waarde = min(SCORE_MAX, max(SCORE_MIN, waarde))
        laag, gewoon, hoog = MOTIVERING.get((over, criterium.code), ALGEMEEN)
        motivering = laag if waarde <= 5 else hoog if waarde >= 9 else gewoon if rng.random() < 0.3 else ""
        voorstel = VOORSTEL.get((over, criterium.code), ALGEMEEN_VOORSTEL) if waarde <= 5 else ""
        score = Score(criterium_id=criterium.pk, waarde=waarde, motivering=motivering, voorgestelde_afspraak=voorstel)
        score.code = criterium.code
        return score

    def _bespreking(self, rondes: list, beoordelingen: list) -> None:
        """The bespreking of every discussed round, with both raters present; an afspraak for the lowest score of
        each side's rating of the other (checked in the plan's next discussed round); a reply now and then."""
        omg, rng = self.omg, self.rng
        per_ronde: dict[int, list] = {}
        for beoordeling, antwoorden in beoordelingen:
            per_ronde.setdefault(beoordeling.ronde_id, []).append((beoordeling, antwoorden))
        besproken = [
            (plan, ronde) for plan, _rij, ronde in rondes if ronde.status in (Status.BESPROKEN, Status.DEFINITIEF)
        ]
        volgende: dict[int, Beoordelingsronde] = {}
        for (plan, ronde), (ander_plan, later) in zip(besproken, besproken[1:], strict=False):
            if ander_plan is plan:
                volgende[ronde.pk] = later
        besprekingen, afspraken, reacties = [], [], []
        for plan, ronde in besproken:
            datum = ronde.opent_op + 20 * DAG
            besprekingen.append(
                Bespreking(
                    ronde=ronde,
                    datum=datum,
                    overige_aanwezigen="toezichthouder gemeente, werkvoorbereider opdrachtnemer",
                    samenvatting=SAMENVATTING,
                    vastgelegd_door=plan.og,
                    vastgelegd_op=omg.moment(datum, 15),
                )
            )
            for beoordeling, antwoorden in per_ronde.get(ronde.pk, []):
                if beoordeling.richting not in (OG_ON, ON_OG) or beoordeling.ingediend_op is None:
                    continue
                laagste = min((s for s in antwoorden if s.waarde is not None), key=lambda s: s.waarde, default=None)
                if laagste is not None and laagste.waarde <= 5:
                    afspraken.append(self._afspraak(plan, ronde, beoordeling, laagste, volgende.get(ronde.pk)))
                if rng.random() < 0.1:
                    reacties.append(
                        Reactie(
                            beoordeling_id=beoordeling.pk,
                            eens=rng.random() < 0.6,
                            tekst="Wij herkennen het beeld grotendeels en nemen de punten mee.",
                            door=plan.on if beoordeling.richting == OG_ON else plan.og,
                            op=omg.moment(datum + 3 * DAG, 11),
                        )
                    )
        omg.opslaan(Bespreking, besprekingen)
        Aanwezig = Bespreking.aanwezigen.through
        omg.opslaan(
            Aanwezig,
            (
                Aanwezig(bespreking_id=bespreking.pk, user_id=persoon.pk)
                for (plan, _r), bespreking in zip(besproken, besprekingen, strict=True)
                for persoon in (plan.og, plan.on)
            ),
        )
        omg.opslaan(Afspraak, afspraken)
        omg.opslaan(Reactie, reacties)

    def _afspraak(self, plan, ronde, beoordeling, score, later) -> Afspraak:
        omg, rng = self.omg, self.rng
        datum = ronde.opent_op + 20 * DAG
        status, toelichting, gecontroleerd = Afspraak.Status.OPEN, "", None
        if ronde.soort == Soort.EIND:
            status = Afspraak.Status.VERVALLEN
            toelichting = "Het werk is opgeleverd; de afspraak gaat mee naar het volgende project."
        elif later is not None:
            status = Afspraak.Status.NAGEKOMEN if rng.random() < 0.7 else Afspraak.Status.NIET_NAGEKOMEN
            gecontroleerd = later
        eigen_kant = OVER_KANT[beoordeling.richting]
        return Afspraak(
            ronde=ronde,
            criterium_code=score.code,
            omschrijving=score.voorgestelde_afspraak,
            eigenaar_organisatie_id=beoordeling.beoordeelde_organisatie_id,
            eigenaar=plan.og if eigen_kant == "og" else plan.on,
            deadline=datum + 42 * DAG,
            status=status,
            toelichting=toelichting,
            gecontroleerd_in=gecontroleerd,
            aangemaakt_op=omg.moment(datum, 15),
            gewijzigd_op=omg.moment(datum, 15),
        )

    def _kpi(self, plannen: list[Plan], rijen: list[Beoordelingsplan]) -> None:
        omg, rng = self.omg, self.rng
        metingen = []
        for plan, rij in zip(plannen, rijen, strict=True):
            if plan.start > omg.vandaag:
                continue
            for _ in range(rng.randint(0, 3)):
                soort = rng.choice(list(KpiMeting.Soort))
                dag = min(omg.vandaag, plan.start + rng.randint(20, 400) * DAG)
                dagen = {"betaaltermijn": (12, 60), "besluittermijn": (3, 50), "vertraging": (0, 60)}[soort]
                metingen.append(
                    KpiMeting(
                        plan=rij,
                        soort=soort,
                        dagen=rng.randint(*dagen),
                        peildatum=dag,
                        omschrijving=f"Meting {soort}",
                        ingevoerd_door=plan.og if soort == KpiMeting.Soort.VERTRAGING else plan.on,
                        ingevoerd_op=omg.moment(dag, 12),
                    )
                )
        omg.opslaan(KpiMeting, metingen)


def maak_pastperformance(omg: Omgeving, organisaties: Organisaties, pijplijn: Pijplijn) -> list[tuple]:
    """Writes it all; returns (ronde pk, opent_op, rater og pk, rater on pk) of the rounds that opened."""
    plannen = _plannen(omg, organisaties, pijplijn)
    schrijver = _Schrijver(omg, organisaties)
    schrijver.schrijf(plannen)
    return schrijver.geopend
