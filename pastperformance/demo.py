"""Demo data of past performance (issue 6, outcome 10), called by `manage.py demo` after the projects exist.

Gemeente Dordrecht rates the member companies on its demo projects and they rate the gemeente, with rounds in every
state: planned, open (the gemeente submitted, the contractor has a draft), revealed (a clear perception gap and low
scores with proposed afspraken), discussed (reply window running, one reply), definitief (replies, afspraken kept,
open and overdue, checked in the next round), lapsed, one with a bezwaar decided by a panel, one eindronde whose
lessons are in the kennisbank, and the Visbrug: the pilot of 2020-2021 with its start, tussentijdse and eindronde.
The history spreads over three years, so some companies have a profile (n >= 3) and others "geen oordeel".

What happens today goes through the services (planning and opening rounds, rating, the bespreking, a reply, an
afspraak, publishing lessons). History is written directly: the services stamp today's date and refuse dates in the
past, and a demo needs rounds that ended years ago. The summary rows are rebuilt at the end, so they equal a full
recount. Idempotent: every run first removes the plans of the demo projects and builds them again from today."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from kring.models import Organisatie, User
from pastperformance.models import (
    OVER_KANT,
    Addendum,
    Afspraak,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    KpiMeting,
    Reactie,
    Richting,
    Score,
    Vragenlijst,
)
from pastperformance.services.beoordelen import ScoreInvoer, beoordeling_bewaar
from pastperformance.services.bespreking import (
    AfspraakControle,
    afspraak_create,
    bespreking_vastleggen,
    lessen_publiceren,
    reactie_geven,
)
from pastperformance.services.profielen import samenvatting_herbereken
from pastperformance.services.rondes import plan_create, plus_maanden, ronde_open, rondes_plannen
from projecten.kwartalen import kwartaal_begin, kwartaal_plus
from projecten.models import Gebied, Project, Waardeklasse
from werkgroepen.models import Kennisitem, Thema

Soort = Beoordelingsronde.Soort
Status = Beoordelingsronde.Status
OG_ON, ON_OG, ZELF_OG, ZELF_ON = Richting.OG_ON, Richting.ON_OG, Richting.ZELF_OG, Richting.ZELF_ON
DAG = datetime.timedelta(days=1)

# Scores per direction in the order of the questionnaire's criteria (None = NVT). About the contractor (og_on, zelf_on):
# planmatig werken, proactiviteit, deskundigheid, veiligheid, omgevingsmanagement, oplevering en revisie. About the
# gemeente (on_og, zelf_og): besluitvorming, proactiviteit, kwaliteit van de vraag, veiligheid, omgevingsmanagement,
# betaling. Before the oplevering "oplevering en revisie" is NVT.

# What a rater writes per criterion (of the side rated) at a low (<= 5), usual and high (>= 9) score.
MOTIVERING = {
    ("on", "planmatig-werken"): (
        "De planning liep twee keer uit zonder dat dat vooraf werd gemeld; de weekplanning kwam vaak pas op maandag.",
        "Een realistische planning die meestal op tijd werd bijgewerkt; verschuivingen kwamen in het bouwoverleg.",
        "De planning werd elke week een week vooruit gedeeld en gehaald, ook toen de vorst tegenzat.",
    ),
    ("on", "proactiviteit-samenwerking"): (
        "Risico's kwamen pas op tafel toen ze al speelden; de uitvoerder was lastig bereikbaar.",
        "Denkt mee en is goed bereikbaar; voorstellen komen soms wat laat.",
        "Kwam zelf met een slimmere fasering die de bewoners twee weken hinder bespaarde.",
    ),
    ("on", "deskundigheid-kwaliteit"): (
        "Te veel herstelwerk aan de bestrating; de toezichthouder keurde drie vakken af.",
        "Een vakkundige ploeg; het werk voldoet aan de eisen, met een enkel herstelpunt.",
        "Vakwerk: geen afkeur bij de keuringen en een ploeg die de buurt uitlegt wat ze doet.",
    ),
    ("on", "veiligheid"): (
        "Twee keer een onbeveiligde sleuf aan het eind van de dag; pas na een waarschuwing opgelost.",
        "Het werkvak is netjes afgezet en de toolboxmeetings worden gehouden.",
        "Elke ochtend een startwerkoverleg en de looproutes naar school en winkels steeds vrij.",
    ),
    ("on", "omgevingsmanagement"): (
        "Bewoners hoorden te laat van de afsluiting en klachten bleven dagen liggen.",
        "Bewoners kregen op tijd een brief; klachten werden binnen een paar dagen opgepakt.",
        "Eén vast aanspreekpunt voor de buurt, een wekelijkse nieuwsbrief en een inloopochtend in de bouwkeet.",
    ),
    ("on", "oplevering-revisie"): (
        "Een lange restpuntenlijst en de revisietekeningen kwamen pas na drie maanden.",
        "Een nette oplevering met een korte restpuntenlijst; de revisie binnen de afgesproken termijn.",
        "Oplevering zonder restpunten en de revisie digitaal aangeleverd op de dag van oplevering.",
    ),
    ("og", "tijdige-besluitvorming"): (
        "Op het besluit over het meerwerk voor de kabels wachtten we vijf weken; de ploeg stond twee dagen stil.",
        "Besluiten kwamen meestal binnen de afgesproken tijd; een enkele keer moesten we erachteraan.",
        "Besluiten over wijzigingen binnen een week, vaak al in het bouwoverleg zelf.",
    ),
    ("og", "proactiviteit-samenwerking"): (
        "De gemeente reageerde laat op onze voorstellen en deelde informatie pas als we erom vroegen.",
        "De directievoerder is goed bereikbaar en denkt mee.",
        "De gemeente betrok ons bij het ontwerp en nam onze variant voor de fasering over.",
    ),
    ("og", "kwaliteit-vraag"): (
        "Het bestek klopte niet met de situatie: kabels en leidingen lagen op veel plekken anders.",
        "Een duidelijk bestek met een paar onduidelijkheden die in het bouwoverleg snel zijn opgelost.",
        "Een complete vraag met actuele KLIC-gegevens en proefsleuven vooraf: geen verrassingen.",
    ),
    ("og", "veiligheid"): (
        "Het verkeersbesluit was niet op tijd rond; de eerste dag werkten we met een provisorische afzetting.",
        "Vergunningen en verkeersbesluiten waren op tijd geregeld.",
        "De gemeente hield vóór de start zelf een veiligheidsschouw met de school en de wijkagent.",
    ),
    ("og", "omgevingsmanagement"): (
        "Onduidelijk wie de bewoners informeert: zij kregen twee verschillende brieven.",
        "De gemeente informeert de wijk op tijd en verwijst vragen netjes door.",
        "Bij klachten stond de gemeente achter ons en sprak zij de omgeving zelf aan op de afspraken.",
    ),
    ("og", "betaling-administratie"): (
        "Facturen bleven weken liggen door een ontbrekend inkoopnummer; betalen duurde soms ruim veertig dagen.",
        "Facturen worden binnen de termijn betaald.",
        "Betaling binnen drie weken en vragen over een factuur dezelfde dag beantwoord.",
    ),
}

# The afspraak a rater proposes at a score of 5 or lower.
VOORSTEL = {
    (
        "on",
        "planmatig-werken",
    ): "Elke vrijdag de weekplanning van de volgende week delen en afwijkingen direct melden.",
    ("on", "proactiviteit-samenwerking"): "Risico's en kansen als vast punt op de agenda van het bouwoverleg.",
    ("on", "deskundigheid-kwaliteit"): "Na elk vak een gezamenlijke schouw voordat de ploeg verder gaat.",
    ("on", "veiligheid"): "Aan het eind van elke werkdag de afzettingen controleren en vastleggen in het dagrapport.",
    ("on", "omgevingsmanagement"): "Eén aanspreekpunt voor bewoners en een wekelijkse bewonersbrief zolang de straat "
    "open ligt.",
    ("on", "oplevering-revisie"): "Revisietekeningen per straat aanleveren binnen vier weken na het herstraten.",
    ("og", "tijdige-besluitvorming"): "Besluiten over meerwerk binnen tien werkdagen; wat langer duurt, krijgt een "
    "datum.",
    ("og", "proactiviteit-samenwerking"): "Voorstellen van de aannemer binnen een week beantwoorden, ook als het "
    "antwoord nee is.",
    ("og", "kwaliteit-vraag"): "Vóór de start samen proefsleuven graven waar de ligging van kabels onzeker is.",
    ("og", "veiligheid"): "Verkeersbesluiten twee weken voor de start van een nieuwe fase rond.",
    ("og", "omgevingsmanagement"): "Eén gezamenlijke bewonersbrief per fase, door gemeente en aannemer samen "
    "opgesteld.",
    ("og", "betaling-administratie"): "Facturen binnen 30 dagen betalen en een afgekeurde factuur binnen vijf dagen "
    "terugmelden met de reden.",
}

TOELICHTING = {
    OG_ON: "Over het geheel een goede samenwerking; de punten hieronder nemen we mee naar de volgende fase.",
    ON_OG: "Prettig contact met de directie; vooral de snelheid van besluiten kan beter.",
    ZELF_OG: "Ons eigen beeld als opdrachtgever, ingevuld met de directievoerder.",
    ZELF_ON: "Ons eigen beeld, ingevuld met de uitvoerder en de werkvoorbereider.",
}


@dataclass
class Ronde:
    """One round as the demo writes it directly: its dates and the four ratings (scores per direction)."""

    soort: str
    opent: datetime.date
    scores: dict
    status: str = Status.DEFINITIEF
    onthuld: datetime.date | None = None  # default: 14 days after opening
    besproken: datetime.date | None = None  # default: 6 days after the reveal
    definitief: datetime.date | None = None  # default: 20 days after the bespreking
    samenvatting: str = ""
    lessen: str = ""
    reacties: dict = field(default_factory=dict)  # richting -> (eens, tekst)
    motiveringen: dict = field(default_factory=dict)  # (richting, code) -> text, instead of the standard one


# The projects of the demo's plans (nummer -> the contractor), and the two this module adds: the Visbrug of the pilot
# (2020-2021) and a road in execution for the demo contractor, so its rater has a round to fill in.
NIEUWE_PROJECTEN = {
    "DOR-0801": {
        "naam": "Vervanging Visbrug",
        "wijk": "Binnenstad",
        "soort_werk": "kunstwerken",
        "fase": "afgerond",
        "omschrijving": "Vervanging van het brugdek en het bewegingswerk van de Visbrug, in een bouwteam van gemeente "
        "en aannemer. De eerste pilot van de kring met wederzijdse beoordeling: een start-, tussentijdse en eindronde.",
        "waardeklasse": "1-3mln",
        "raming": 2_450_000,
        "procedure": "nationaal",
        "contractvorm": "bouwteam",
        "contact": "projectleider@dordrecht.example",
        "opdrachtnemer": "Merwedijk Infra B.V.",
    },
    "DOR-0909": {
        "naam": "Groot onderhoud Laan van Londen",
        "wijk": "Sterrenburg",
        "soort_werk": "wegen",
        "fase": "uitvoering",
        "omschrijving": "Nieuw asfalt, vrijliggende fietspaden en veiliger oversteken bij de scholen.",
        "waardeklasse": "1-3mln",
        "raming": 1_350_000,
        "procedure": "nationaal",
        "contractvorm": "raw",
        "contact": "projectleider@dordrecht.example",
        "opdrachtnemer": "Merwedijk Infra B.V.",
    },
}
DEMO_PROJECTEN = ("DOR-0801", "DOR-0901", "DOR-0902", "DOR-0904", "DOR-0905", "DOR-0906", "DOR-0907", "DOR-0908")
DEMO_PROJECTEN += ("DOR-0909",)


class _Demo:
    def __init__(self, gebruikers: dict):
        self.vandaag = timezone.localdate()
        self.gebruikers = gebruikers
        self.beheerder = gebruikers["beheerder"]
        self.dordrecht = Organisatie.objects.get(naam="Gemeente Dordrecht")
        self.vragenlijsten = {
            vragenlijst.richting: (vragenlijst, list(vragenlijst.criteria.all()))
            for vragenlijst in Vragenlijst.objects.filter(status=Vragenlijst.Status.VASTGESTELD)
        }

    def dag(self, dagen: int) -> datetime.date:
        return self.vandaag + dagen * DAG

    @staticmethod
    def moment(dag: datetime.date, uur: int = 10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur)))

    @staticmethod
    def persoon(email: str) -> User:
        return User.objects.get(email=email)

    # --- Projects and plans ------------------------------------------------------------------------------------------

    def projecten(self) -> dict[str, Project]:
        """The two projects this module adds (idempotent on gemeente and nummer), and all demo projects by nummer."""
        for nummer, gegevens in NIEUWE_PROJECTEN.items():
            if nummer == "DOR-0801":
                start, aanbesteding, duur = datetime.date(2020, 4, 1), datetime.date(2019, 10, 1), 11
            else:
                start = kwartaal_begin(self.dag(-95))
                aanbesteding, duur = kwartaal_plus(start, -1), 7
            project, _nieuw = Project.objects.update_or_create(
                gemeente=self.dordrecht,
                nummer=nummer,
                defaults={
                    "naam": gegevens["naam"],
                    "omschrijving": gegevens["omschrijving"],
                    "gebied": Gebied.objects.get(gemeente=self.dordrecht, naam=gegevens["wijk"]),
                    "soort_werk": gegevens["soort_werk"],
                    "fase": gegevens["fase"],
                    "aanbesteding_kwartaal": aanbesteding,
                    "start_kwartaal": start,
                    "duur_maanden": duur,
                    "waardeklasse": Waardeklasse.objects.get(code=gegevens["waardeklasse"]),
                    "raming": Decimal(gegevens["raming"]),
                    "procedure": gegevens["procedure"],
                    "contractvorm": gegevens["contractvorm"],
                    "zekerheid": "hoog",
                    "contactpersoon": self.persoon(gegevens["contact"]),
                },
            )
            project.opdrachtnemers.set([Organisatie.objects.get(naam=gegevens["opdrachtnemer"])])
        return {
            project.nummer: project
            for project in Project.objects.filter(gemeente=self.dordrecht, nummer__in=DEMO_PROJECTEN).select_related(
                "gemeente"
            )
        }

    def plan(self, project, opdrachtnemer, og, on, start, eind, opgeleverd=None) -> Beoordelingsplan:
        return Beoordelingsplan.objects.create(
            project=project,
            opdrachtnemer=Organisatie.objects.get(naam=opdrachtnemer),
            beoordelaar_og=self.persoon(og),
            beoordelaar_on=self.persoon(on),
            uitvoering_start=start,
            uitvoering_eind=eind,
            opgeleverd_op=opgeleverd,
            aangemaakt_door=self.persoon(og),
            aangemaakt_op=self.moment(start - 30 * DAG),
        )

    # --- Ratings -----------------------------------------------------------------------------------------------------

    def antwoorden(self, richting: str, waarden: tuple, motiveringen: dict) -> list[tuple]:
        """(criterium, waarde, motivering, voorgestelde afspraak) per criterion of the direction's questionnaire."""
        kant = OVER_KANT[richting]
        rijen = []
        for criterium, waarde in zip(self.vragenlijsten[richting][1], waarden, strict=True):
            if waarde is None:
                rijen.append((criterium, None, "", ""))
                continue
            laag, gewoon, hoog = MOTIVERING[(kant, criterium.code)]
            standaard = laag if waarde <= 5 else hoog if waarde >= 9 else gewoon
            motivering = motiveringen.get((richting, criterium.code), standaard)
            voorstel = VOORSTEL[(kant, criterium.code)] if waarde <= 5 else ""
            rijen.append((criterium, waarde, motivering, voorstel))
        return rijen

    def beoordelingen(self, ronde: Beoordelingsronde, gegevens: Ronde, ingediend: datetime.date) -> dict:
        """The four ratings of a round written directly, each submitted on `ingediend` by its side's rater."""
        plan = ronde.plan
        partij = {"og": plan.project.gemeente, "on": plan.opdrachtnemer}
        rater = {"og": plan.beoordelaar_og, "on": plan.beoordelaar_on}
        beoordelingen, scores = {}, []
        for richting in Richting:
            kant_door = "og" if richting in (OG_ON, ZELF_OG) else "on"
            beoordeling = Beoordeling.objects.create(
                ronde=ronde,
                richting=richting,
                vragenlijst=self.vragenlijsten[richting][0],
                beoordelaar_organisatie=partij[kant_door],
                beoordeelde_organisatie=partij[OVER_KANT[richting]],
                algemene_toelichting=TOELICHTING[richting],
                ingediend_door=rater[kant_door],
                ingediend_op=self.moment(ingediend, 9 + len(beoordelingen)),
                bijgewerkt_op=self.moment(ingediend, 9 + len(beoordelingen)),
            )
            beoordelingen[richting] = beoordeling
            scores += [
                Score(
                    beoordeling=beoordeling,
                    criterium=criterium,
                    waarde=waarde,
                    nvt=waarde is None,
                    motivering=motivering,
                    voorgestelde_afspraak=voorstel,
                )
                for criterium, waarde, motivering, voorstel in self.antwoorden(
                    richting, gegevens.scores[richting], gegevens.motiveringen
                )
            ]
        Score.objects.bulk_create(scores)
        return beoordelingen

    def bewaar(self, ronde, richting, waarden, *, indienen=True, motiveringen=None):
        """Today's rating through the service, as the rater fills it in on the page."""
        beoordeling = ronde.beoordelingen.get(richting=richting)
        plan = ronde.plan
        door = plan.beoordelaar_og if richting in (OG_ON, ZELF_OG) else plan.beoordelaar_on
        scores = {
            criterium.pk: ScoreInvoer(
                waarde=waarde, nvt=waarde is None and indienen, motivering=motivering, voorgestelde_afspraak=voorstel
            )
            for criterium, waarde, motivering, voorstel in self.antwoorden(richting, waarden, motiveringen or {})
            if indienen or waarde is not None
        }
        beoordeling_bewaar(
            beoordeling=beoordeling,
            scores=scores,
            algemene_toelichting=TOELICHTING[richting] if indienen else "",
            indienen=indienen,
            door=door,
        )

    # --- Rounds written directly -------------------------------------------------------------------------------------

    def ronde(self, plan: Beoordelingsplan, volgnummer: int, gegevens: Ronde) -> Beoordelingsronde:
        """A round of the past (lapsed, revealed, discussed or definitief) with everything that goes with it: the
        four ratings, the bespreking with the proposals of the ratings about the other side as afspraken, replies."""
        onthuld = gegevens.onthuld or gegevens.opent + 14 * DAG
        besproken = gegevens.besproken or onthuld + 6 * DAG
        definitief = gegevens.definitief or besproken + 20 * DAG
        status = gegevens.status
        is_besproken = status in (Status.BESPROKEN, Status.DEFINITIEF)
        ronde = Beoordelingsronde.objects.create(
            plan=plan,
            soort=gegevens.soort,
            volgnummer=volgnummer,
            status=status,
            opent_op=gegevens.opent,
            onthulling_uiterlijk=gegevens.opent + 14 * DAG,
            geopend_op=self.moment(gegevens.opent, 7) if status != Status.VERVALLEN else None,
            onthuld_op=self.moment(onthuld, 7) if status != Status.VERVALLEN else None,
            # The reply window runs from the reveal and, once discussed, at least 14 days past the bespreking.
            reactie_tot=(besproken if is_besproken else onthuld) + 14 * DAG if status != Status.VERVALLEN else None,
            definitief_op=self.moment(definitief, 16) if status == Status.DEFINITIEF else None,
            vervallen_reden=gegevens.samenvatting if status == Status.VERVALLEN else "",
            lessen=gegevens.lessen,
            aangemaakt_op=plan.aangemaakt_op,
        )
        if status == Status.VERVALLEN:
            return ronde
        beoordelingen = self.beoordelingen(ronde, gegevens, onthuld - 2 * DAG)
        if is_besproken:
            bespreking = Bespreking.objects.create(
                ronde=ronde,
                datum=besproken,
                overige_aanwezigen="toezichthouder gemeente, werkvoorbereider aannemer",
                samenvatting=gegevens.samenvatting
                or "De vier beoordelingen naast elkaar gelegd; de grootste verschillen en de laagste scores eerst. "
                "Beide partijen herkennen het beeld.",
                vastgelegd_door=plan.beoordelaar_og,
                vastgelegd_op=self.moment(besproken, 15),
            )
            bespreking.aanwezigen.set([plan.beoordelaar_og, plan.beoordelaar_on])
            self.afspraken_uit_voorstellen(ronde, beoordelingen, besproken)
        for richting, (eens, tekst) in gegevens.reacties.items():
            Reactie.objects.create(
                beoordeling=beoordelingen[richting],
                eens=eens,
                tekst=tekst,
                # The rated side replies: the contractor to the gemeente's rating and the other way round.
                door=plan.beoordelaar_on if richting == OG_ON else plan.beoordelaar_og,
                op=self.moment(besproken + 3 * DAG, 11),
            )
        return ronde

    def afspraken_uit_voorstellen(self, ronde, beoordelingen, besproken) -> None:
        """At the bespreking the proposals of the ratings about the other side became afspraken, owned by the rated
        side, due six weeks later. At an eindronde there is no next round to check them in: they go along to the
        parties' next project instead."""
        eind = ronde.soort == Soort.EIND
        for richting in (OG_ON, ON_OG):
            beoordeling = beoordelingen[richting]
            for score in beoordeling.scores.exclude(voorgestelde_afspraak="").select_related("criterium"):
                eigenaar = beoordeling.beoordeelde_organisatie
                Afspraak.objects.create(
                    ronde=ronde,
                    criterium_code=score.criterium.code,
                    omschrijving=score.voorgestelde_afspraak,
                    eigenaar_organisatie=eigenaar,
                    eigenaar=ronde.plan.beoordelaar_og if eigenaar == self.dordrecht else ronde.plan.beoordelaar_on,
                    deadline=besproken + 42 * DAG,
                    status=Afspraak.Status.VERVALLEN if eind else Afspraak.Status.OPEN,
                    toelichting="Het werk is opgeleverd; de afspraak gaat mee naar het volgende project."
                    if eind
                    else "",
                    aangemaakt_op=self.moment(besproken, 15),
                    gewijzigd_op=self.moment(besproken, 15),
                )

    @staticmethod
    def controleer(ronde: Beoordelingsronde, status: str, toelichting: str, op: datetime.datetime) -> None:
        """The afspraken of the plan's earlier rounds, checked at this (past) round's bespreking."""
        Afspraak.objects.filter(ronde__plan=ronde.plan, ronde__volgnummer__lt=ronde.volgnummer, status="open").update(
            status=status, toelichting=toelichting, gecontroleerd_in=ronde, gewijzigd_op=op
        )

    def kpi(self, plan: Beoordelingsplan, metingen: list[tuple]) -> None:
        """Hard KPIs beside the scores: (soort, dagen, days after the start of execution, omschrijving)."""
        KpiMeting.objects.bulk_create(
            KpiMeting(
                plan=plan,
                soort=soort,
                dagen=dagen,
                peildatum=min(plan.uitvoering_start + na * DAG, self.vandaag),
                omschrijving=omschrijving,
                # Days to payment and to a decision the contractor counts; the delay the gemeente records.
                ingevoerd_door=plan.beoordelaar_og if soort == KpiMeting.Soort.VERTRAGING else plan.beoordelaar_on,
                ingevoerd_op=self.moment(min(plan.uitvoering_start + na * DAG, self.vandaag), 12),
            )
            for soort, dagen, na, omschrijving in metingen
        )

    # --- The plans ---------------------------------------------------------------------------------------------------

    def maak(self, stdout=None) -> None:
        projecten = self.projecten()
        Beoordelingsplan.objects.filter(project__in=projecten.values()).delete()
        self.visbrug(projecten["DOR-0801"])
        self.krispijnseweg(projecten["DOR-0905"])
        self.damplein(projecten["DOR-0904"])
        self.historie_klein(projecten["DOR-0906"], projecten["DOR-0907"])
        self.wielwijk(projecten["DOR-0901"])
        self.reeweg(projecten["DOR-0902"])
        self.laan_van_londen(projecten["DOR-0909"])
        self.relining(projecten["DOR-0908"])
        tellingen = samenvatting_herbereken()
        if stdout is not None:
            per_status = {status.label: 0 for status in Status}
            for status in Beoordelingsronde.objects.filter(plan__project__in=projecten.values()).values_list(
                "status", flat=True
            ):
                per_status[Status(status).label] += 1
            stdout.write(
                "Past performance: "
                + ", ".join(f"{aantal} {label.lower()}" for label, aantal in per_status.items() if aantal)
                + f"; {tellingen['beoordelingen']} beoordelingen tellen mee in de profielen."
            )

    def visbrug(self, project: Project) -> None:
        """The pilot of 2020-2021: the first rounds of the kring. Both sides scored the communication with the
        neighbourhood lower than expected halfway; the afspraak about the weekly meeting was kept. The eindronde's
        lessons are written but not yet in the kennisbank: one click for the projectleider."""
        plan = self.plan(
            project,
            "Merwedijk Infra B.V.",
            "projectleider@dordrecht.example",
            "uitvoerder@merwedijk.example",
            datetime.date(2020, 5, 4),
            datetime.date(2021, 3, 31),
            opgeleverd=datetime.date(2021, 3, 26),
        )
        self.ronde(
            plan,
            1,
            Ronde(
                Soort.START,
                datetime.date(2020, 5, 4),
                {
                    OG_ON: (7, 8, 8, 7, 6, None),
                    ZELF_ON: (8, 8, 8, 8, 7, None),
                    ON_OG: (6, 8, 6, 7, 7, 7),
                    ZELF_OG: (7, 8, 7, 7, 7, 8),
                },
                samenvatting="Eerste beoordeling in de kring. Afgesproken om de stremming van het vaarverkeer samen "
                "met de havendienst te plannen.",
            ),
        )
        self.ronde(
            plan,
            2,
            Ronde(
                Soort.TUSSENTIJDS,
                datetime.date(2020, 10, 1),
                {
                    OG_ON: (7, 8, 8, 8, 5, None),
                    ZELF_ON: (8, 8, 8, 8, 6, None),
                    ON_OG: (6, 8, 7, 7, 5, 8),
                    ZELF_OG: (7, 8, 7, 8, 6, 8),
                },
                besproken=datetime.date(2020, 10, 15),
                motiveringen={
                    (OG_ON, "omgevingsmanagement"): "Omwonenden en de rederij hoorden pas via de krant van de "
                    "stremming van de haven.",
                    (ON_OG, "omgevingsmanagement"): "Meldingen van bewoners kwamen bij twee loketten binnen en "
                    "bleven tussen gemeente en aannemer liggen.",
                },
                samenvatting="Beide kanten scoorden de communicatie met de omgeving lager dan verwacht. Afgesproken: "
                "het wekelijkse bouwoverleg ook gebruiken voor de omgevingsmeldingen, met één aanspreekpunt namens "
                "gemeente en aannemer.",
                reacties={
                    OG_ON: (True, "Herkenbaar. Vanaf nu beantwoordt één omgevingsmanager alle meldingen."),
                    ON_OG: (True, "Eens; de gemeente neemt de meldingen via de gemeentelijke lijn voortaan mee."),
                },
            ),
        )
        eind = self.ronde(
            plan,
            3,
            Ronde(
                Soort.EIND,
                datetime.date(2021, 4, 6),
                {
                    OG_ON: (8, 9, 8, 8, 8, 8),
                    ZELF_ON: (8, 8, 8, 8, 8, 8),
                    ON_OG: (7, 9, 8, 8, 8, 8),
                    ZELF_OG: (7, 8, 8, 8, 8, 8),
                },
                motiveringen={
                    (OG_ON, "proactiviteit-samenwerking"): "In het bouwteam rekende de aannemer varianten door; de "
                    "stremming werd daardoor een week korter.",
                    (
                        ON_OG,
                        "proactiviteit-samenwerking",
                    ): "De gemeente zat aan tafel bij elke ontwerpkeuze en besliste "
                    "snel toen de fundering anders bleek.",
                },
                samenvatting="De samenwerking is in de loop van het werk duidelijk beter geworden. De afspraak over "
                "de omgevingsmeldingen werkte.",
                lessen="- Plan het beoordelingsgesprek al bij de start, niet pas als er iets misgaat.\n"
                "- Eén aanspreekpunt voor de omgeving namens gemeente en aannemer voorkomt dubbele antwoorden.\n"
                "- Het gesprek over de verschillen is waardevoller dan het cijfer zelf.",
            ),
        )
        self.controleer(
            eind,
            Afspraak.Status.NAGEKOMEN,
            "Het bouwoverleg heeft elke week een vast punt omgeving.",
            self.moment(datetime.date(2021, 4, 26)),
        )

    def krispijnseweg(self, project: Project) -> None:
        """Merwedijk, two years ago: three definitief rounds, the payment and decision afspraken of the gemeente."""
        start = self.dag(-730)
        plan = self.plan(
            project,
            "Merwedijk Infra B.V.",
            "wegbeheerder@dordrecht.example",
            "uitvoerder@merwedijk.example",
            start,
            plus_maanden(start, 6),
            opgeleverd=plus_maanden(start, 6) - 3 * DAG,
        )
        self.ronde(
            plan,
            1,
            Ronde(
                Soort.START,
                start,
                {
                    OG_ON: (7, 7, 8, 8, 7, None),
                    ZELF_ON: (8, 7, 8, 8, 7, None),
                    ON_OG: (7, 7, 6, 7, 7, 6),
                    ZELF_OG: (7, 7, 7, 7, 7, 7),
                },
            ),
        )
        tussentijds = self.ronde(
            plan,
            2,
            Ronde(
                Soort.TUSSENTIJDS,
                plus_maanden(start, 3),
                {
                    OG_ON: (6, 7, 8, 8, 6, None),
                    ZELF_ON: (7, 8, 8, 8, 7, None),
                    ON_OG: (5, 7, 6, 7, 7, 5),
                    ZELF_OG: (7, 7, 7, 7, 7, 7),
                },
                reacties={
                    ON_OG: (
                        False,
                        "De meerwerkopdracht wachtte op de raad, niet op ons. Wel herkenbaar dat we "
                        "dat eerder hadden moeten melden.",
                    )
                },
            ),
        )
        eind = self.ronde(
            plan,
            3,
            Ronde(
                Soort.EIND,
                plus_maanden(start, 6),
                {
                    OG_ON: (7, 8, 8, 8, 7, 8),
                    ZELF_ON: (8, 8, 8, 8, 7, 7),
                    ON_OG: (6, 8, 7, 7, 7, 7),
                    ZELF_OG: (7, 8, 7, 7, 7, 7),
                },
            ),
        )
        afspraken = Afspraak.objects.filter(ronde=tussentijds)
        afspraken.filter(criterium_code="betaling-administratie").update(
            status=Afspraak.Status.NAGEKOMEN,
            toelichting="Facturen worden sinds de afspraak binnen 25 dagen betaald.",
            gecontroleerd_in=eind,
        )
        afspraken.filter(criterium_code="tijdige-besluitvorming").update(
            status=Afspraak.Status.NIET_NAGEKOMEN,
            toelichting="Het besluit over de extra parkeervakken duurde opnieuw zes weken; het mandaat ligt nu bij de "
            "projectleider.",
            gecontroleerd_in=eind,
        )
        self.kpi(
            plan,
            [
                ("betaaltermijn", 44, 40, "Factuur termijn 1"),
                ("betaaltermijn", 38, 100, "Factuur termijn 2"),
                ("betaaltermijn", 24, 170, "Factuur eindafrekening"),
                ("besluittermijn", 42, 95, "Meerwerk extra parkeervakken"),
                ("vertraging", 3, 185, "Oplevering"),
            ],
        )

    def damplein(self, project: Project) -> None:
        """Merwedijk and Biesbosch on the Damplein, last year. Merwedijk objected to the gemeente's eindronde about
        its environment management; the panel found it partly justified: an addendum, the rating still counts."""
        start = self.dag(-455)
        eind = plus_maanden(start, 7)
        plan = self.plan(
            project,
            "Merwedijk Infra B.V.",
            "projectleider@dordrecht.example",
            "uitvoerder@merwedijk.example",
            start,
            eind,
            opgeleverd=eind - 2 * DAG,
        )
        scores = [
            ((8, 8, 7, 8, 7, None), (8, 8, 8, 8, 8, None), (7, 8, 7, 8, 6, 7), (8, 8, 7, 8, 7, 7)),
            ((7, 7, 7, 8, 6, None), (8, 8, 8, 8, 7, None), (7, 7, 7, 8, 6, 6), (8, 8, 7, 8, 7, 7)),
            ((7, 8, 8, 8, 7, None), (8, 8, 8, 8, 7, None), (7, 8, 7, 8, 7, 7), (8, 8, 7, 8, 7, 7)),
        ]
        for volgnummer, (og_on, zelf_on, on_og, zelf_og) in enumerate(scores, start=1):
            soort = Soort.START if volgnummer == 1 else Soort.TUSSENTIJDS
            self.ronde(
                plan,
                volgnummer,
                Ronde(
                    soort,
                    plus_maanden(start, 3 * (volgnummer - 1)),
                    {OG_ON: og_on, ZELF_ON: zelf_on, ON_OG: on_og, ZELF_OG: zelf_og},
                ),
            )
        eindronde = self.ronde(
            plan,
            4,
            Ronde(
                Soort.EIND,
                eind,
                {
                    OG_ON: (6, 7, 7, 8, 4, 6),
                    ZELF_ON: (7, 8, 8, 8, 7, 7),
                    ON_OG: (7, 7, 6, 8, 5, 6),
                    ZELF_OG: (7, 8, 7, 8, 6, 7),
                },
                motiveringen={
                    (OG_ON, "omgevingsmanagement"): "Veel klachten van winkeliers over de bereikbaarheid op "
                    "marktdagen; het plein was twee zaterdagen onverwacht dicht.",
                },
                reacties={
                    OG_ON: (
                        False,
                        "De afsluiting op marktdagen volgde uit de vergunning van de gemeente. Wij hebben "
                        "de winkeliers elke week per brief en aan de deur geïnformeerd.",
                    ),
                },
            ),
        )
        over_merwedijk = eindronde.beoordelingen.get(richting=OG_ON)
        ingediend = self.moment(eindronde.definitief_op.date() + 10 * DAG, 14)
        besloten = self.moment(eindronde.definitief_op.date() + 45 * DAG, 16)
        bezwaar = Bezwaar.objects.create(
            beoordeling=over_merwedijk,
            organisatie=plan.opdrachtnemer,
            ingediend_door=plan.beoordelaar_on,
            gronden="De score 4 voor omgevingsmanagement houdt geen rekening met de vergunning: de gemeente besloot "
            "zelf het plein op twee zaterdagen af te sluiten. Onze bewonersbrieven en het logboek van de "
            "winkeliersgesprekken zijn bijgevoegd aan het dossier.",
            ingediend_op=ingediend,
            status=Bezwaar.Status.BESLOTEN,
            panel_gemeente=self.persoon("beleidsadviseur@zwijndrecht.example"),
            panel_kring=self.persoon("kwaliteit@oudelandse.example"),
            besluit=Bezwaar.Besluit.DEELS,
            besloten_op=besloten,
        )
        Addendum.objects.create(
            ronde=eindronde,
            beoordeling=over_merwedijk,
            bezwaar=bezwaar,
            tekst="Het panel acht het bezwaar deels gegrond. De afsluiting op twee marktzaterdagen volgde uit de "
            "vergunning van de gemeente en is Merwedijk niet aan te rekenen; Merwedijk informeerde de winkeliers "
            "aantoonbaar elke week. De klachten over de bereikbaarheid op doordeweekse dagen blijven staan. De "
            "beoordeling blijft meetellen; deze toelichting hoort er voortaan bij.",
            door=bezwaar.panel_gemeente,
            op=besloten,
        )
        self.kpi(
            plan,
            [
                ("betaaltermijn", 29, 45, "Factuur termijn 1"),
                ("betaaltermijn", 33, 120, "Factuur termijn 2"),
                ("besluittermijn", 16, 60, "Keuze natuursteen rond de pomp"),
                ("vertraging", 0, 212, "Oplevering"),
            ],
        )
        biesbosch = self.plan(
            project,
            "Biesbosch Bestrating B.V.",
            "directievoerder@dordrecht.example",
            "directie@biesbosch.example",
            start,
            eind,
            opgeleverd=eind - 2 * DAG,
        )
        for volgnummer, (soort, opent, og_on) in enumerate(
            [
                (Soort.START, start, (8, 7, 9, 8, 7, None)),
                (Soort.TUSSENTIJDS, plus_maanden(start, 3), (8, 8, 9, 8, 8, None)),
                (Soort.EIND, eind, (8, 8, 9, 8, 8, 9)),
            ],
            start=1,
        ):
            self.ronde(
                biesbosch,
                volgnummer,
                Ronde(
                    soort,
                    opent,
                    {
                        OG_ON: og_on,
                        ZELF_ON: (8, 8, 8, 8, 8, 8 if soort == Soort.EIND else None),
                        ON_OG: (7, 8, 7, 8, 7, 7),
                        ZELF_OG: (7, 8, 7, 8, 7, 7),
                    },
                    motiveringen={
                        (OG_ON, "deskundigheid-kwaliteit"): "Het natuursteen rond de pomp is vakkundig gelegd; "
                        "de monumentencommissie was lovend.",
                    },
                ),
            )
        self.kpi(biesbosch, [("betaaltermijn", 27, 50, "Factuur bestrating fase 1")])

    def historie_klein(self, speelplaatsen: Project, baggeren: Project) -> None:
        """Two small works with too few ratings for a profile ("geen oordeel"). The dredging's startronde lapsed;
        its eindronde's lessons are in the kennisbank."""
        start = self.dag(-640)
        crabbehof = self.plan(
            speelplaatsen,
            "Crabbehof Tuin en Terrein B.V.",
            "projectleider@dordrecht.example",
            "directie@crabbehof.example",
            start,
            start + 80 * DAG,
            opgeleverd=start + 78 * DAG,
        )
        self.ronde(
            crabbehof,
            1,
            Ronde(
                Soort.START,
                start,
                {
                    OG_ON: (7, 6, 7, 8, 8, None),
                    ZELF_ON: (7, 7, 8, 8, 8, None),
                    ON_OG: (7, 7, 7, 7, 8, 7),
                    ZELF_OG: (7, 7, 7, 7, 7, 7),
                },
            ),
        )
        self.ronde(
            crabbehof,
            2,
            Ronde(
                Soort.EIND,
                start + 80 * DAG,
                {
                    OG_ON: (7, 7, 8, 8, 8, 7),
                    ZELF_ON: (8, 7, 8, 8, 8, 8),
                    ON_OG: (7, 8, 7, 7, 8, 8),
                    ZELF_OG: (7, 7, 7, 7, 7, 7),
                },
            ),
        )
        start = self.dag(-560)
        merwehaven = self.plan(
            baggeren,
            "Merwehaven Baggerwerken B.V.",
            "directievoerder@dordrecht.example",
            "directie@merwehaven.example",
            start,
            start + 85 * DAG,
            opgeleverd=start + 85 * DAG,
        )
        self.ronde(
            merwehaven,
            1,
            Ronde(
                Soort.START,
                start,
                {},
                status=Status.VERVALLEN,
                samenvatting="Het werk begon twee weken na de gunning; de startafspraken zijn in de eerste "
                "bouwvergadering gemaakt.",
            ),
        )
        eind = self.ronde(
            merwehaven,
            2,
            Ronde(
                Soort.EIND,
                start + 85 * DAG,
                {
                    OG_ON: (8, 7, 8, 9, 7, 8),
                    ZELF_ON: (8, 8, 8, 9, 7, 8),
                    ON_OG: (6, 7, 5, 8, 7, 9),
                    ZELF_OG: (7, 7, 7, 8, 7, 8),
                },
                motiveringen={
                    (OG_ON, "veiligheid"): "Bij het baggeren langs de speeltuin stond er steeds een verkeersregelaar; "
                    "geen enkel incident.",
                    (ON_OG, "kwaliteit-vraag"): "De baggerhoeveelheden in het bestek waren gebaseerd op peilingen van "
                    "vijf jaar oud; er kwam twintig procent meer slib uit.",
                },
                lessen="- Laat de singels vlak voor de aanbesteding opnieuw peilen: oude peilingen onderschatten de "
                "hoeveelheid slib.\n"
                "- Plan het baggeren buiten het broedseizoen en spreek de route van de schepen vooraf af met de "
                "roeivereniging.\n"
                "- Een startronde heeft bij een werk van drie maanden weinig zin; een eindronde wel.",
            ),
        )
        # The lessons as the rater published them with one action (the same item on every run of the demo).
        gepubliceerd = Kennisitem.objects.filter(titel=f"Lessen uit {baggeren.naam}").first()
        if gepubliceerd is None:
            gepubliceerd, _nieuw = lessen_publiceren(ronde=eind, door=merwehaven.beoordelaar_og)
            gepubliceerd.themas.set(Thema.objects.filter(naam__in=["Samenwerking", "Omgevingsmanagement"]))
        else:
            Beoordelingsronde.objects.filter(pk=eind.pk).update(kennisitem=gepubliceerd)
        self.kpi(merwehaven, [("betaaltermijn", 18, 60, "Factuur baggerwerk"), ("vertraging", 0, 85, "Oplevering")])

    def wielwijk(self, project: Project) -> None:
        """Zeedijk, in execution. The startronde is definitief with three afspraken; the tussentijdse was revealed
        twelve days ago and discussed five days ago (today's actions through the services): one afspraak kept, one
        still open past its deadline, one not yet due; Zeedijk replied, the gemeente not yet."""
        tussentijds_op = self.dag(-23)
        start = plus_maanden(tussentijds_op, -3)
        plan = self.plan(
            project,
            "Zeedijk Riolering B.V.",
            "directievoerder@dordrecht.example",
            "werkvoorbereiding@zeedijk.example",
            start,
            plus_maanden(start, 9),
        )
        startronde = self.ronde(
            plan,
            1,
            Ronde(
                Soort.START,
                start,
                {
                    OG_ON: (7, 6, 7, 8, 5, None),
                    ZELF_ON: (7, 7, 8, 8, 7, None),
                    ON_OG: (5, 7, 7, 7, 7, 6),
                    ZELF_OG: (7, 7, 7, 7, 7, 7),
                },
                reacties={
                    OG_ON: (True, "Herkenbaar: de eerste bewonersbrief ging te laat de deur uit."),
                    ON_OG: (True, "Eens. Het mandaat voor kleine wijzigingen ligt nu bij de directievoerder."),
                },
            ),
        )
        Afspraak.objects.filter(ronde=startronde, criterium_code="omgevingsmanagement").update(deadline=self.dag(-20))
        Afspraak.objects.create(
            ronde=startronde,
            criterium_code="oplevering-revisie",
            omschrijving=VOORSTEL[("on", "oplevering-revisie")],
            eigenaar_organisatie=plan.opdrachtnemer,
            deadline=self.dag(45),
            aangemaakt_op=startronde.bespreking.vastgelegd_op,
            gewijzigd_op=startronde.bespreking.vastgelegd_op,
        )
        tussentijds = self.ronde(
            plan,
            2,
            Ronde(
                Soort.TUSSENTIJDS,
                tussentijds_op,
                {
                    OG_ON: (7, 7, 7, 8, 6, None),
                    ZELF_ON: (8, 7, 8, 8, 7, None),
                    ON_OG: (7, 7, 6, 7, 7, 6),
                    ZELF_OG: (7, 7, 7, 7, 7, 8),
                },
                status=Status.ONTHULD,
                onthuld=self.dag(-12),
            ),
        )
        rondes_plannen(plan=plan)
        afspraken = {a.criterium_code: a for a in Afspraak.objects.filter(ronde=startronde)}
        bespreking_vastleggen(
            ronde=tussentijds,
            datum=self.dag(-5),
            aanwezigen=[plan.beoordelaar_og, plan.beoordelaar_on],
            overige_aanwezigen="toezichthouder gemeente, uitvoerder Zeedijk",
            samenvatting="De besluiten over meerwerk komen nu binnen twee weken; dat scheelt stilstand. De buurt "
            "wordt beter geïnformeerd, maar er is nog steeds geen vast aanspreekpunt: de bewonersbrief komt, de "
            "telefoon gaat nog naar drie mensen. Afgesproken: de revisie per straat bij het herstraten.",
            controles={
                afspraken["tijdige-besluitvorming"].pk: AfspraakControle(
                    Afspraak.Status.NAGEKOMEN, "Besluiten over meerwerk binnen tien werkdagen, sinds juli."
                ),
                afspraken["omgevingsmanagement"].pk: AfspraakControle(
                    Afspraak.Status.OPEN,
                    "Loopt nog: de bewonersbrief komt elke week, een vast aanspreekpunt nog niet.",
                ),
            },
            door=plan.beoordelaar_og,
        )
        afspraak_create(
            ronde=tussentijds,
            omschrijving="Bij elke straat de kolken en aansluitingen samen schouwen vóór het herstraten.",
            eigenaar_organisatie=plan.opdrachtnemer,
            eigenaar=plan.beoordelaar_on,
            deadline=self.dag(30),
            criterium_code="deskundigheid-kwaliteit",
            door=plan.beoordelaar_og,
        )
        reactie_geven(
            beoordeling=tussentijds.beoordelingen.get(richting=OG_ON),
            eens=True,
            tekst="Eens met het beeld. Het vaste aanspreekpunt start volgende week: onze omgevingsmanager neemt de "
            "bewonerslijn over.",
            door=plan.beoordelaar_on,
        )
        self.kpi(
            plan,
            [
                ("betaaltermijn", 41, 35, "Factuur termijn 1"),
                ("betaaltermijn", 26, 70, "Factuur termijn 2"),
                ("besluittermijn", 34, 20, "Meerwerk kabelomlegging"),
                ("besluittermijn", 9, 80, "Extra huisaansluitingen"),
            ],
        )

    def reeweg(self, project: Project) -> None:
        """Drechtoever, in execution. Its tussentijdse ronde opened eight days ago and was revealed today when the
        last of the four ratings came in (through the services): a clear perception gap on environment management
        and planning, and low scores with proposed afspraken on both sides."""
        tussentijds_op = self.dag(-8)
        start = plus_maanden(tussentijds_op, -3)
        plan = self.plan(
            project,
            "Drechtoever Wegenbouw B.V.",
            "wegbeheerder@dordrecht.example",
            "planning@drechtoever.example",
            start,
            plus_maanden(start, 8),
        )
        self.ronde(
            plan,
            1,
            Ronde(
                Soort.START,
                start,
                {
                    OG_ON: (7, 7, 7, 8, 7, None),
                    ZELF_ON: (8, 7, 8, 8, 8, None),
                    ON_OG: (7, 7, 7, 7, 7, 7),
                    ZELF_OG: (7, 7, 7, 7, 7, 7),
                },
            ),
        )
        rondes_plannen(plan=plan)
        ronde = plan.rondes.get(status=Status.GEPLAND, opent_op__lte=self.vandaag)
        ronde_open(ronde=ronde, vandaag=ronde.opent_op)
        self.bewaar(
            ronde,
            OG_ON,
            (5, 7, 7, 8, 4, None),
            motiveringen={
                (OG_ON, "omgevingsmanagement"): "De ondernemers aan de Reeweg kregen de omleiding pas een dag van "
                "tevoren te horen; de wijkmanager kreeg twaalf klachten in één week.",
            },
        )
        self.bewaar(ronde, ZELF_OG, (7, 7, 7, 8, 7, 8))
        self.bewaar(ronde, ZELF_ON, (8, 8, 8, 8, 8, None))
        self.bewaar(
            ronde,
            ON_OG,
            (4, 7, 6, 7, 6, 6),
            motiveringen={
                (ON_OG, "tijdige-besluitvorming"): "Op het besluit over de bomen langs de Reeweg wachten we al zes "
                "weken; de fasering staat daardoor stil.",
            },
        )

    def laan_van_londen(self, project: Project) -> None:
        """Merwedijk, in execution, with the demo's two raters: the tussentijdse ronde opened three days ago. The
        gemeente (projectleider@dordrecht.example) has submitted both its ratings; Merwedijk
        (uitvoerder@merwedijk.example) has a draft of its rating of the gemeente and has not begun its
        self-rating."""
        tussentijds_op = self.dag(-3)
        start = plus_maanden(tussentijds_op, -3)
        plan = self.plan(
            project,
            "Merwedijk Infra B.V.",
            "projectleider@dordrecht.example",
            "uitvoerder@merwedijk.example",
            start,
            plus_maanden(start, 7),
        )
        self.ronde(
            plan,
            1,
            Ronde(
                Soort.START,
                start,
                {
                    OG_ON: (8, 8, 7, 8, 7, None),
                    ZELF_ON: (8, 8, 8, 8, 7, None),
                    ON_OG: (7, 8, 7, 8, 7, 6),
                    ZELF_OG: (7, 8, 7, 8, 7, 7),
                },
                reacties={ON_OG: (True, "Eens; de facturen van de eerste termijn zijn inmiddels betaald.")},
            ),
        )
        rondes_plannen(plan=plan)
        ronde = plan.rondes.get(status=Status.GEPLAND, opent_op__lte=self.vandaag)
        ronde_open(ronde=ronde, vandaag=ronde.opent_op)
        self.bewaar(ronde, OG_ON, (8, 9, 7, 8, 7, None))
        self.bewaar(ronde, ZELF_OG, (7, 8, 7, 8, 7, 7))
        self.bewaar(ronde, ON_OG, (7, 8, None, None, None, None), indienen=False)
        self.kpi(
            plan,
            [
                ("betaaltermijn", 35, 30, "Factuur termijn 1"),
                ("besluittermijn", 12, 45, "Verlegging bushalte"),
            ],
        )

    def relining(self, project: Project) -> None:
        """Zeedijk's next job starts in ten days: a plan made today through the service, its rounds all planned."""
        plan_create(
            project=project,
            opdrachtnemer=Organisatie.objects.get(naam="Zeedijk Riolering B.V."),
            beoordelaar_og=self.persoon("assetmanager@dordrecht.example"),
            beoordelaar_on=self.persoon("werkvoorbereiding@zeedijk.example"),
            uitvoering_start=self.dag(10),
            uitvoering_eind=self.dag(160),
            door=self.persoon("assetmanager@dordrecht.example"),
        )


def create_pastperformance(gebruikers: dict, stdout=None) -> None:
    """The past-performance demo data (see the module docstring). `gebruikers` are the demo's accounts by role."""
    _Demo(gebruikers).maak(stdout)
