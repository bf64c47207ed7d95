"""Demo data of SROI (issue 7), called by `manage.py demo` after the projects and past performance exist.

Two regions: Drechtsteden (the demo's gemeenten Dordrecht, Zwijndrecht and Papendrecht) and Haaglanden (no demo
gemeente). Two value tables:
- **Haaglanden 2023** (valid from 1 July 2023), a worked example with the published Den Haag / Haaglanden bouwblokken
  (research §1.2: geen uitkering 5.000 … banenafspraak 50.000, BBL ≤ niveau 2 25.000 for at most 24 months, niveau 3+
  15.000 for at most 36 months, bonus 55+ 10.000; counting rules: 12 months, WIA / vso / PrO / Participatiewet 24,
  banenafspraak always), with its source.
- **Drechtsteden 2023**, vastgesteld so obligations on Dordrecht projects can use it, but marked *te bevestigen*: the
  Drechtsteden values are not published (research §1.1 NIET GEVONDEN). It has the same structure and, as placeholders,
  the Haaglanden values, plus an activity rate and a PSO discount; the toelichting says so. The WerkgeversServicepunt
  Baanbrekend Drechtsteden confirms or corrects them.

Obligations on demo projects in execution, coordinator `projectleider@dordrecht.example`:
- DOR-0909 (Merwedijk Infra, the company of `uitvoerder@merwedijk.example`): lines in every status — validated,
  rejected with a reason, submitted today and one social-purchasing line submitted and validated today.
- DOR-0901 (Zeedijk Riolering): two thirds of the term gone, little realised: the daily sweep raises an ACHTERSTAND
  warning. Its BBL apprentice ZDR-0003 is offered in the pool; Drechtoever Wegenbouw shows interest.
- DOR-0902 (Drechtoever Wegenbouw): on track, with a PSO discount, a BBL niveau 3 line and an activity (guest lessons).
Candidates are codes only (MWD-0012 …): never a name, BSN or date of birth.

What happens today goes through the services (obligations, lines, validation, the warning sweep, the pool). History is
written directly: the services stamp today's date, so lines made through `inzet_create` are backdated (entered and
judged weeks ago) with an update. Idempotent: every run first removes the obligations of the demo projects and the
demo candidates, and builds them again from today."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from kring.models import Organisatie, User
from projecten.models import Project
from sroi.models import Bouwblok, Inzetregel, Kandidaat, Regio, Verplichting, Waardetabel
from sroi.services.inzet import inzet_create, inzet_valideren
from sroi.services.pool import pool_aanbieden, pool_interesse_tonen
from sroi.services.verplichtingen import inzet_herwaarderen, verplichting_create, waarschuwingen_bijwerken

DAG = datetime.timedelta(days=1)
COORDINATOR = "projectleider@dordrecht.example"
DRECHTSTEDEN_GEMEENTEN = ("Gemeente Dordrecht", "Gemeente Zwijndrecht", "Gemeente Papendrecht")
BRON_HAAGLANDEN = "https://www.denhaag.nl/nl/ondernemen/zaken-doen-met-de-gemeente/social-return-bouwblokken/"

# (code, naam, soort, waarde, max_maanden). Categories and bonuses: € per FTE-year at 36 h/week.
HAAGLANDEN_2023 = [
    ("geen-uitkering", "Geen uitkering", "categorie", "5000", 12),
    ("jongere-zonder-sk", "Jongere zonder startkwalificatie", "categorie", "10000", 12),
    ("stage-bol", "Stage mbo/hbo of BOL", "categorie", "5000", 12),
    ("stage-vso-pro", "Stage vso/PrO", "categorie", "7500", 24),
    ("bbl-2", "BBL-leerling tot en met niveau 2", "categorie", "25000", 24),
    ("bbl-3", "BBL-leerling niveau 3 of hoger", "categorie", "15000", 36),
    ("ww", "WW", "categorie", "20000", 12),
    ("wia", "WIA/WAO", "categorie", "30000", 24),
    ("participatiewet", "Participatiewet", "categorie", "40000", 24),
    ("banenafspraak", "Banenafspraak, Wajong, Wsw of doelgroepregister", "categorie", "50000", None),
    ("bonus-55", "Bonus 55-plus", "bonus", "10000", None),
    ("bonus-baan-na-stage", "Bonus baan na stage vso/PrO van minstens 6 maanden", "bonus", "25000", None),
    ("bonus-arbeidsbeperking", "Bonus arbeidsbeperking / IPS", "bonus", "10000", None),
    ("sociaal-inkopen", "Sociaal inkopen bij een erkende sociale onderneming", "sociaal_inkopen", "1.00", None),
]
# Drechtsteden: the same structure with placeholder values (to be confirmed), plus an activity rate and PSO.
DRECHTSTEDEN_2023 = HAAGLANDEN_2023 + [
    ("activiteit", "Maatschappelijke activiteit (per uur)", "activiteit", "100", None),
    ("pso", "PSO-korting (maximaal %)", "pso", "10", None),
]

TOELICHTING_HAAGLANDEN = (
    "Bouwblokken van Den Haag en de Haaglanden/Zuid-Holland Centraal-gemeenten, geldig vanaf 1 juli 2023. De waarde is "
    "de inspanningswaarde per jaar bij 36 uur per week, naar rato van uren en dagen.\n\n"
    "Telregels: een kandidaat telt hoogstens 12 maanden mee; WIA-, vso-, PrO- en Participatiewet-kandidaten en "
    "BBL-leerlingen tot en met niveau 2 hoogstens 24 maanden, BBL vanaf niveau 3 hoogstens 36 maanden; een kandidaat "
    "uit de banenafspraak telt altijd mee. Een kandidaat met loonkostensubsidie telt zolang de subsidie loopt. Een "
    "kandidaat die binnen 12 maanden vóór het contract begon, mag meetellen. Opleidings- en begeleidingskosten tellen "
    "voor de werkelijke kosten (maatwerk). Sociaal inkopen bij erkende sociale ondernemingen telt voor het "
    "factuurbedrag exclusief btw."
)
TOELICHTING_DRECHTSTEDEN = (
    "Nog te bevestigen door de Unit SROI van het WerkgeversServicepunt Baanbrekend Drechtsteden. De Drechtsteden "
    "rekenen met een vooraf afgesproken percentage van de opdrachtsom; de afstand van de kandidaat tot de "
    "arbeidsmarkt bepaalt hoeveel van de social-returnsom afgaat. De waarden per bouwblok zijn niet gepubliceerd: "
    "deze tabel heeft dezelfde opbouw als de Haaglanden-tabel van 2023 en neemt die waarden voorlopig over, met een "
    "tarief per uur voor maatschappelijke activiteiten en een PSO-korting van hoogstens 10 %. Pas de waarden aan zodra "
    "het werkgeversservicepunt ze bevestigt en haal dan het vinkje 'nog te bevestigen' weg."
)

# Every candidate code the demo uses, per contractor: removed and made again on each run.
KANDIDAATCODES = {
    "Merwedijk Infra B.V.": ("MWD-0012", "MWD-0013", "MWD-0014"),
    "Zeedijk Riolering B.V.": ("ZDR-0003",),
    "Drechtoever Wegenbouw B.V.": ("DOW-0101", "DOW-0102"),
}
PROJECTEN = ("DOR-0909", "DOR-0901", "DOR-0902")


@dataclass(frozen=True)
class Regel:
    """One line of a demo obligation: what the contractor enters, and (for history) what happened to it."""

    soort: str
    start: int  # days from the start of the term
    eind: int  # days from today (negative: in the past)
    kandidaat: str = ""
    uren_per_week: str | None = None
    bonussen: tuple[str, ...] = ()
    bedrag: str | None = None
    uren: str | None = None
    omschrijving: str = ""
    ingevoerd: int = 0  # days ago (0: today, through the service only)
    status: str = "ingediend"
    beoordeeld: int = 0  # days ago
    reden: str = ""


class _Demo:
    def __init__(self, gebruikers: dict):
        self.vandaag = timezone.localdate()
        self.gebruikers = gebruikers
        self.coordinator = User.objects.get(email=COORDINATOR)

    def moment(self, dagen_geleden: int, uur: int = 10) -> datetime.datetime:
        dag = self.vandaag - dagen_geleden * DAG
        return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur)))

    # --- Regions and tables ------------------------------------------------------------------------------------------

    def tabel(self, regio: Regio, geldig_vanaf, naam, blokken, *, te_bevestigen, bron, toelichting) -> Waardetabel:
        tabel, _nieuw = Waardetabel.objects.update_or_create(
            regio=regio,
            geldig_vanaf=geldig_vanaf,
            defaults={
                "naam": naam,
                "status": Waardetabel.Status.VASTGESTELD,
                "te_bevestigen": te_bevestigen,
                "bron": bron,
                "toelichting": toelichting,
                "aangemaakt_op": timezone.make_aware(datetime.datetime.combine(geldig_vanaf, datetime.time(9))),
            },
        )
        for volgorde, (code, blok_naam, soort, waarde, maanden) in enumerate(blokken, start=1):
            Bouwblok.objects.update_or_create(
                waardetabel=tabel,
                code=code,
                defaults={
                    "naam": blok_naam,
                    "soort": soort,
                    "waarde": Decimal(waarde),
                    "max_maanden": maanden,
                    "volgorde": volgorde,
                },
            )
        return tabel

    def tabellen(self) -> None:
        drechtsteden, _nieuw = Regio.objects.get_or_create(naam="Drechtsteden")
        drechtsteden.gemeenten.set(Organisatie.objects.filter(naam__in=DRECHTSTEDEN_GEMEENTEN))
        haaglanden, _nieuw = Regio.objects.get_or_create(naam="Haaglanden")
        self.tabel(
            haaglanden,
            datetime.date(2023, 7, 1),
            "Bouwblokken Den Haag en Haaglanden 2023",
            HAAGLANDEN_2023,
            te_bevestigen=False,
            bron=BRON_HAAGLANDEN,
            toelichting=TOELICHTING_HAAGLANDEN,
        )
        self.tabel(
            drechtsteden,
            datetime.date(2023, 1, 1),
            "Bouwblokken Drechtsteden 2023 (te bevestigen)",
            DRECHTSTEDEN_2023,
            te_bevestigen=True,
            bron="WerkgeversServicepunt Baanbrekend Drechtsteden, Unit SROI (baanbrekenddrechtsteden.nl/sroi)",
            toelichting=TOELICHTING_DRECHTSTEDEN,
        )

    # --- Obligations and lines ---------------------------------------------------------------------------------------

    def opruimen(self) -> None:
        Verplichting.objects.filter(
            project__gemeente__naam="Gemeente Dordrecht", project__nummer__in=PROJECTEN
        ).delete()
        demo = Q()
        for bedrijf, codes in KANDIDAATCODES.items():
            demo |= Q(opdrachtnemer__naam=bedrijf, code__in=codes)
        Kandidaat.objects.filter(demo).exclude(inzet__isnull=False).delete()

    def verplichting(self, nummer, bedrijf, *, start, eind, grondslag, bedrag, aangemaakt, **kwargs) -> Verplichting:
        project = Project.objects.select_related("gemeente").get(gemeente__naam="Gemeente Dordrecht", nummer=nummer)
        opdrachtnemer = Organisatie.objects.get(naam=bedrijf)
        project.opdrachtnemers.add(opdrachtnemer)  # the award, if the project's demo did not record it
        verplichting = verplichting_create(
            project=project,
            opdrachtnemer=opdrachtnemer,
            coordinator=self.coordinator,
            grondslag=grondslag,
            grondslag_bedrag=Decimal(bedrag),
            percentage=Decimal(5),
            looptijd_start=self.vandaag - start * DAG,
            looptijd_eind=self.vandaag + eind * DAG,
            door=self.coordinator,
            **kwargs,
        )
        Verplichting.objects.filter(pk=verplichting.pk).update(aangemaakt_op=self.moment(aangemaakt))
        return verplichting

    def regels(self, verplichting: Verplichting, invoerder: User, regels: list[Regel]) -> list[Inzetregel]:
        blokken = {blok.code: blok for blok in verplichting.waardetabel.bouwblokken.all()}
        gemaakt = []
        for regel in regels:
            inzet = inzet_create(
                verplichting=verplichting,
                soort=blokken[regel.soort],
                kandidaat_code=regel.kandidaat,
                start=verplichting.looptijd_start + regel.start * DAG,
                eind=self.vandaag + regel.eind * DAG,
                uren_per_week=Decimal(regel.uren_per_week) if regel.uren_per_week else None,
                bonussen=[blokken[code] for code in regel.bonussen],
                bedrag=Decimal(regel.bedrag) if regel.bedrag else None,
                uren=Decimal(regel.uren) if regel.uren else None,
                omschrijving=regel.omschrijving,
                door=invoerder,
            )
            if regel.ingevoerd:  # history: entered (and judged) days ago
                Inzetregel.objects.filter(pk=inzet.pk).update(
                    ingevoerd_op=self.moment(regel.ingevoerd),
                    status=regel.status,
                    reden_afwijzing=regel.reden,
                    beoordeeld_door=self.coordinator if regel.status != "ingediend" else None,
                    beoordeeld_op=self.moment(regel.beoordeeld, 15) if regel.status != "ingediend" else None,
                )
            gemaakt.append(inzet)
        inzet_herwaarderen(verplichting=verplichting)
        return gemaakt

    def merwedijk(self) -> None:
        """DOR-0909: lines in every status, for the demo's contractor account."""
        verplichting = self.verplichting(
            "DOR-0909",
            "Merwedijk Infra B.V.",
            start=150,
            eind=215,
            grondslag=Verplichting.Grondslag.OPDRACHTWAARDE,
            bedrag="1250000",
            aangemaakt=165,
        )
        uitvoerder = self.gebruikers["opdrachtnemer"]
        _g, _b, _a, vandaag_ingediend, sociaal = self.regels(
            verplichting,
            uitvoerder,
            [
                Regel("participatiewet", 0, -31, "MWD-0012", "36", ingevoerd=28, status="gevalideerd", beoordeeld=20),
                Regel("bbl-2", 14, -7, "MWD-0013", "32", ingevoerd=6, status="gevalideerd", beoordeeld=5),
                Regel(
                    "ww",
                    30,
                    -60,
                    "MWD-0014",
                    "24",
                    bonussen=("bonus-55",),
                    ingevoerd=9,
                    status="afgewezen",
                    beoordeeld=3,
                    reden="De WW-beschikking van het UWV ontbreekt. Voeg die toe en dien de regel opnieuw in.",
                ),
                Regel("participatiewet", 120, 0, "MWD-0012", "36"),
                Regel(
                    "sociaal-inkopen",
                    100,
                    -10,
                    bedrag="8500",
                    omschrijving="Groenonderhoud van het bouwterrein door een erkende sociale onderneming",
                ),
            ],
        )
        inzet_valideren(regel=sociaal, door=self.coordinator)

    def zeedijk(self) -> None:
        """DOR-0901: two thirds of the term gone and less than a quarter realised: an ACHTERSTAND warning."""
        verplichting = self.verplichting(
            "DOR-0901",
            "Zeedijk Riolering B.V.",
            start=240,
            eind=120,
            grondslag=Verplichting.Grondslag.OPDRACHTWAARDE,
            bedrag="2050000",
            aangemaakt=255,
        )
        self.regels(
            verplichting,
            User.objects.get(email="werkvoorbereiding@zeedijk.example"),
            [Regel("bbl-2", 60, -100, "ZDR-0003", "36", ingevoerd=95, status="gevalideerd", beoordeeld=90)],
        )

    def drechtoever(self) -> None:
        """DOR-0902: on track, PSO discount, a BBL niveau 3 apprentice and guest lessons."""
        verplichting = self.verplichting(
            "DOR-0902",
            "Drechtoever Wegenbouw B.V.",
            start=180,
            eind=185,
            grondslag=Verplichting.Grondslag.LOONSOM,
            bedrag="600000",
            pso_korting=Decimal(5),
            rapportage_maanden=2,
            aangemaakt=190,
        )
        self.regels(
            verplichting,
            User.objects.get(email="planning@drechtoever.example"),
            [
                Regel("bbl-3", 0, -12, "DOW-0101", "36", ingevoerd=10, status="gevalideerd", beoordeeld=7),
                Regel(
                    "geen-uitkering",
                    45,
                    -12,
                    "DOW-0102",
                    "36",
                    bonussen=("bonus-55",),
                    ingevoerd=10,
                    status="gevalideerd",
                    beoordeeld=7,
                ),
                Regel(
                    "activiteit",
                    90,
                    -40,
                    uren="12",
                    omschrijving="Gastlessen wegenbouw op het mbo in Dordrecht",
                    ingevoerd=38,
                    status="gevalideerd",
                    beoordeeld=30,
                ),
            ],
        )

    def pool(self) -> None:
        """Zeedijk's apprentice is offered for after Wielwijk-Zuid; Drechtoever shows interest."""
        zeedijk = User.objects.get(email="werkvoorbereiding@zeedijk.example")
        aanbod = pool_aanbieden(
            kandidaat=Kandidaat.objects.get(opdrachtnemer=zeedijk.organisatie, code="ZDR-0003"),
            beschikbaar_vanaf=self.vandaag + 30 * DAG,
            bouwblok_code="bbl-2",
            toelichting="Tweedejaars BBL-leerling riolering; zoekt een vervolgplek na de oplevering van Wielwijk-Zuid.",
            door=zeedijk,
        )
        pool_interesse_tonen(
            aanbod=aanbod,
            bericht="Wij hebben vanaf volgend kwartaal plek in onze rioleringsploeg.",
            door=User.objects.get(email="planning@drechtoever.example"),
        )

    def maak(self) -> None:
        self.tabellen()
        self.opruimen()
        self.merwedijk()
        self.zeedijk()
        self.drechtoever()
        waarschuwingen_bijwerken(vandaag=self.vandaag)
        self.pool()


def create_sroi(gebruikers: dict) -> None:
    """The SROI demo data (see the module docstring). `gebruikers` are the demo's accounts by role."""
    _Demo(gebruikers).maak()
