"""Demo data: gemeenten, fictional member companies, the seven werkgroepen, and one login per role.

Idempotent: running it again updates the same rows. Later issues add their own demo data here."""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from kring.models import Organisatie, User
from pastperformance.demo import create_pastperformance
from sroi.demo import create_sroi
from werkgroepen.models import Werkgroep

DEMO_WACHTWOORD = "Kringdemo-2026!"  # noqa: S105 (printed on purpose; the command refuses to run in production)
# A fixed secret so the demo beheerder's authenticator app keeps working after `make run` is repeated.
DEMO_TOTP_SECRET = "KRINGDEMOBEHEERDERZESZES"  # noqa: S105

GEMEENTEN = [
    # naam, kvk (left empty: only contractors need one), plaats
    ("Gemeente Dordrecht", "", "Dordrecht"),
    ("Gemeente Zwijndrecht", "", "Zwijndrecht"),
    ("Gemeente Papendrecht", "", "Papendrecht"),
]

# Fictional GWW contractors of the region (names invented for the demo).
BEDRIJVEN = [
    ("Merwedijk Infra B.V.", "Dordrecht"),
    ("Oudelandse Grondwerken B.V.", "Dordrecht"),
    ("Wantij Waterbouw B.V.", "Dordrecht"),
    ("Biesbosch Bestrating B.V.", "Dordrecht"),
    ("Zeedijk Riolering B.V.", "Zwijndrecht"),
    ("Kiltunnel Civiel B.V.", "Dordrecht"),
    ("Noordpolder Groenvoorzieningen B.V.", "Papendrecht"),
    ("Drechtoever Wegenbouw B.V.", "Papendrecht"),
    ("Sterrenburg Kabel- en Leidingwerk B.V.", "Dordrecht"),
    ("Krispijn Verkeerstechniek B.V.", "Dordrecht"),
    ("Staart Sloop en Recycling B.V.", "Dordrecht"),
    ("Reeland Beschoeiingen B.V.", "Dordrecht"),
    ("Alblasserwaard Grond- en Weg B.V.", "Alblasserdam"),
    ("Lindtsedijk Damwanden B.V.", "Zwijndrecht"),
    ("Heerjansdam Infra Techniek B.V.", "Zwijndrecht"),
    ("Crabbehof Tuin en Terrein B.V.", "Dordrecht"),
    ("Wielwijk Straatwerk B.V.", "Dordrecht"),
    ("Merwehaven Baggerwerken B.V.", "Dordrecht"),
    ("Vogelbuurt Klimaatinfra B.V.", "Dordrecht"),
    ("Smitsweg Markeringen B.V.", "Sliedrecht"),
    ("Oostkil Betonwerken B.V.", "Dordrecht"),
    ("Dubbeldam Oeverwerken B.V.", "Dordrecht"),
]

WERKGROEPEN = [
    {
        "naam": "Past performance",
        "gestart_op": datetime.date(2019, 1, 1),
        "doel": "De wederzijdse beoordeling van gemeente en opdrachtnemer transparant maken, zodat we er beter met elkaar "
        "over in gesprek komen en tussentijds samen kunnen bijsturen.",
        "omschrijving": "Het beoordelingssysteem is sinds 1 mei 2020 in gebruik. De invoering gebeurt samen met de "
        "marktpartijen en wordt gezamenlijk geëvalueerd.",
        "deelonderwerpen": "Invoering en evaluatie van het systeem met de marktpartijen\n"
        "Digitale uitleg en training voor markt en gemeente\n"
        "Pilotproject Visbrug met past performance",
    },
    {
        "naam": "Continuïteit",
        "gestart_op": datetime.date(2019, 1, 1),
        "doel": "Meer gelijkmatigheid in het aanbod van projecten, zodat de bezetting aan opdrachtgevers- en "
        "opdrachtnemerszijde beter wordt en de werkdruk gelijkmatiger.",
        "omschrijving": "De werkgroep verkent maatregelen en randvoorwaarden voor een continu projectenaanbod en werkt de "
        "oplossingen samen uit.",
        "deelonderwerpen": "Inzicht in de projectenpijplijn\nSpreiding van aanbestedingen over het jaar\n"
        "Randvoorwaarden voor continuïteit in het aanbod",
    },
    {
        "naam": "Communicatie",
        "gestart_op": datetime.date(2020, 4, 1),
        "doel": "Kennisoverdracht en cultuurverandering: meer aan de voorkant samenwerken in de GWW-keten, voor in één "
        "keer goed. Van informatie zenden naar tweezijdig communiceren.",
        "omschrijving": "",
        "deelonderwerpen": "Welke manier van communiceren past bij gemeente en markt\n"
        "Profilering op de Infratech\nKennismaking tussen bedrijven en gemeentelijke afdelingen\n"
        "Terugblik op een jaar MKB kring",
    },
    {
        "naam": "SROI",
        "gestart_op": datetime.date(2020, 4, 1),
        "doel": "Meerwaarde creëren voor alle organisaties, zodat social return een grotere kans van slagen heeft. "
        "Samenwerking en krachtenbundeling staan centraal.",
        "omschrijving": "",
        "deelonderwerpen": "Gezamenlijke SROI-visie 2.0\nGezamenlijk opleiden voor duurzame inzetbaarheid\n"
        "SROI-inzet passend in de praktijk\nEvenwichtige inzet van instromers over meerdere jaren",
    },
    {
        "naam": "Digitalisering",
        "gestart_op": datetime.date(2020, 9, 1),
        "doel": "Passende mogelijkheden verkennen voor digitaal beheren en bouwen.",
        "omschrijving": "",
        "deelonderwerpen": "Wat digitalisering in databeheer en -overdracht oplevert\n"
        "Welke oplossing past bij het project\nKleine stappen binnen projecten\nPilotprojecten met het adviesteam",
    },
    {
        "naam": "Omgevingsmanagement",
        "gestart_op": datetime.date(2020, 9, 1),
        "doel": "Meer grip op de omgeving van projecten, van de initiatieffase tot en met realisatie en onderhoud.",
        "omschrijving": "",
        "deelonderwerpen": "De burger als partner onder de Omgevingswet\nRisico's in de omgeving onderbouwen\n"
        "Digitaal communiceren met de omgeving\nEen passende communicatieaanpak per wijk",
    },
    {
        "naam": "Duurzaamheid",
        "gestart_op": datetime.date(2020, 9, 1),
        "doel": "Een kennistafel die samen uitzoekt hoe duurzaamheid in infraprojecten kan worden toegepast.",
        "omschrijving": "De uitkomsten komen in de kennisbank, zodat anderen ze in projecten kunnen gebruiken.",
        "deelonderwerpen": "Kansen en toepassingen vanuit duurzaamheidsambities\n"
        "Materialen, hergebruik en circulair bouwen\nCO2-reductie en de MKI meetbaar maken",
    },
]


class Command(BaseCommand):
    help = "Vult de database met demogegevens (idempotent) en toont de demo-logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook uitvoeren als DEBUG uit staat.")
        parser.add_argument(
            "--code", action="store_true", help="Toon alleen de huidige tweede-factorcode van de demobeheerder."
        )

    def handle(self, *args, force=False, code=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demogegevens horen niet in productie. Gebruik --force als u dit echt wilt.")
        if code:
            self.stdout.write(self.current_code())
            return
        with transaction.atomic():
            gebruikers = self.create_all()
        self.print_logins(gebruikers)

    @staticmethod
    def current_code() -> str:
        return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))

    def create_all(self):
        lid_sinds = datetime.date(2019, 3, 28)
        gemeenten = {
            naam: Organisatie.objects.update_or_create(
                naam=naam,
                defaults={
                    "soort": Organisatie.Soort.GEMEENTE,
                    "kvk_nummer": kvk,
                    "plaats": plaats,
                    "lid_sinds": lid_sinds,
                },
            )[0]
            for naam, kvk, plaats in GEMEENTEN
        }
        bureau = Organisatie.objects.update_or_create(
            naam="Programmabureau MKB kring",
            defaults={"soort": Organisatie.Soort.OVERIG, "plaats": "Dordrecht", "lid_sinds": lid_sinds},
        )[0]
        bedrijven = [
            Organisatie.objects.update_or_create(
                naam=naam,
                defaults={
                    "soort": Organisatie.Soort.OPDRACHTNEMER,
                    "kvk_nummer": f"{90412000 + nummer * 37:08d}",
                    "plaats": plaats,
                    "lid_sinds": lid_sinds if nummer < 14 else datetime.date(2021, 6, 1),
                },
            )[0]
            for nummer, (naam, plaats) in enumerate(BEDRIJVEN)
        ]
        for volgorde, gegevens in enumerate(WERKGROEPEN, start=1):
            Werkgroep.objects.update_or_create(
                slug=slugify(gegevens["naam"]), defaults={**gegevens, "volgorde": volgorde}
            )

        dordrecht = gemeenten["Gemeente Dordrecht"]
        gebruikers = {
            "beheerder": self.user("beheerder@kringportaal.example", "Kim de Coördinator", bureau, is_beheerder=True),
            "gemeente": self.user("projectleider@dordrecht.example", "Sam Projectleider", dordrecht),
            "stuurgroep": self.user("stuurgroep@dordrecht.example", "Robin Stuurgroep", dordrecht, is_stuurgroep=True),
            "opdrachtnemer": self.user("uitvoerder@merwedijk.example", "Jip Uitvoerder", bedrijven[0]),
            "opdrachtnemer (ander bedrijf)": self.user(
                "werkvoorbereider@wantij.example", "Noor Werkvoorbereider", bedrijven[2]
            ),
            "stuurgroep (opdrachtnemer)": self.user(
                "directeur@oudelandse.example", "Alex Directeur", bedrijven[1], is_stuurgroep=True
            ),
        }
        self.user("aanvrager@biesbosch.example", "Lou Aanvrager", bedrijven[3], status=User.Status.AANGEVRAAGD)
        if not Authenticator.objects.filter(user=gebruikers["beheerder"], type=Authenticator.Type.TOTP).exists():
            TOTP.activate(gebruikers["beheerder"], DEMO_TOTP_SECRET)
        # -- leden
        self.create_leden(gebruikers)
        # -- intentieovereenkomst
        self.create_overeenkomsten(gebruikers)
        # -- rapporten
        self.create_rapporten(gebruikers)
        # -- herinneringen
        self.create_herinneringen(gebruikers)
        # -- privacy en auditlog
        self.create_privacy()
        # -- werkgroepen
        self.create_werkgroepen(gebruikers)
        # -- uitvoeringsagenda
        self.create_uitvoeringsagenda(gebruikers)
        # -- bijeenkomsten
        self.create_bijeenkomsten(gebruikers)
        # -- signalen en agenda-feed
        self.create_signalen(gebruikers)
        # -- kennisbank
        self.create_kennisbank()
        # -- projecten
        self.create_projecten(gebruikers)
        # -- kalender
        self.create_kalender(gebruikers)
        # -- spreiding
        self.create_spreiding()
        # -- gebieden
        self.create_gebieden(gebruikers)
        # -- import
        # -- pastperformance
        create_pastperformance(gebruikers)
        # -- sroi
        create_sroi(gebruikers)
        # -- stuurgroep
        self.create_stuurgroep(gebruikers)
        return gebruikers

    # --- Stuurgroep: indicatoren en hun geschiedenis (issue 8) ---------------------------------------------------------

    # (a word in the themadoel's name, naam, bron, eenheid, doel, hoger is beter): one indicator per computed source
    # that fits a themadoel of the agreement, and one the stuurgroep fills in by hand.
    INDICATOREN = [
        ("continuïteit", "Projecten besproken in de kring vóór de aanbesteding", "projecten_besproken", "%", 80, True),
        ("past performance", "Cijfer van de gemeenten voor opdrachtnemers", "pp_og_on", "cijfer", 7, True),
        ("past performance", "Cijfer van de opdrachtnemers voor gemeenten", "pp_on_og", "cijfer", 7, True),
        ("past performance", "Beoordelingsrondes op tijd onthuld", "pp_op_tijd", "%", 90, True),
        ("social return", "SROI gerealiseerd van het verschuldigde bedrag", "sroi_gerealiseerd", "%", 60, True),
        ("ontwikkelen", "Activiteiten van de uitvoeringsagenda op schema", "activiteiten_op_schema", "%", 80, True),
        ("ontwikkelen", "Klaagpaal-items opgevolgd", "klaagpaal_opgevolgd", "%", 75, True),
        ("klimaat", "CO2-uitstoot van kringprojecten ten opzichte van 2025", "handmatig", "%", 90, False),
    ]
    # The manual indicator's values in the last four closed quarters, oldest first.
    HANDMATIGE_WAARDEN = [
        ("98.5", "Eerste meting met de CO2-prestatieladder van de deelnemende bedrijven."),
        ("96.0", "Elektrisch materieel op twee projecten in Sterrenburg."),
        ("94.5", "Minder transportbewegingen door grond in het gebied te hergebruiken."),
        ("92.0", "Asfalt met hoger hergebruikpercentage in het onderhoudsbestek."),
    ]

    def create_stuurgroep(self, gebruikers):
        """Indicators for the themadoelen of the current agreement (or the newest), values of the manual one for the
        last four quarters, and the computed values of those quarters stored, so the dashboard has history. Through
        the services; running again adds nothing."""
        from decimal import Decimal

        from kring.models import Indicator, Indicatorwaarde, Intentieovereenkomst
        from kring.selectors.overeenkomst import overeenkomst_huidig
        from kring.services.indicatoren import (
            IndicatorGegevens,
            indicator_create,
            indicatorwaarde_invullen,
            kwartaal_afsluiten,
        )
        from projecten.kwartalen import huidig_kwartaal, kwartaal_plus

        stuurgroep = gebruikers["stuurgroep"]
        overeenkomst = overeenkomst_huidig() or Intentieovereenkomst.objects.order_by("-versie").first()
        if overeenkomst is None:
            return
        themadoelen = list(overeenkomst.themadoelen.all())
        kwartalen = [kwartaal_plus(huidig_kwartaal(), stap) for stap in range(-4, 0)]
        for volgorde, (woord, naam, bron, eenheid, doel, hoger_is_beter) in enumerate(self.INDICATOREN, start=1):
            themadoel = next((doel_ for doel_ in themadoelen if woord in doel_.naam.lower()), None)
            if themadoel is None:
                continue
            indicator = Indicator.objects.filter(themadoel=themadoel, naam=naam).first() or indicator_create(
                gegevens=IndicatorGegevens(
                    themadoel=themadoel,
                    naam=naam,
                    bron=bron,
                    doel=Decimal(doel),
                    eenheid=eenheid,
                    hoger_is_beter=hoger_is_beter,
                    volgorde=volgorde,
                ),
                door=stuurgroep,
            )
            if bron != Indicator.Bron.HANDMATIG:
                continue
            for kwartaal, (waarde, toelichting) in zip(kwartalen, self.HANDMATIGE_WAARDEN, strict=True):
                if not Indicatorwaarde.objects.filter(indicator=indicator, kwartaal=kwartaal).exists():
                    indicatorwaarde_invullen(
                        indicator=indicator,
                        kwartaal=kwartaal,
                        waarde=Decimal(waarde),
                        toelichting=toelichting,
                        door=stuurgroep,
                    )
        for kwartaal in kwartalen:
            kwartaal_afsluiten(kwartaal=kwartaal)

    @staticmethod
    def besproken_op(nummer, besproken, tender, vandaag):
        """When a project was discussed in the kring: as given, or for three in four projects already tendered, six
        weeks before their tender quarter (the kring's practice of the early conversation), so the indicator has a
        history."""
        if besproken:
            return vandaag - datetime.timedelta(days=besproken)
        if tender is not None and tender <= vandaag and int(nummer[-1]) % 4:
            return tender - datetime.timedelta(days=42)
        return None

    @staticmethod
    def user(email, naam, organisatie, *, status=User.Status.ACTIEF, is_beheerder=False, is_stuurgroep=False):
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "naam": naam,
                "organisatie": organisatie,
                "status": status,
                "is_beheerder": is_beheerder,
                "is_stuurgroep": is_stuurgroep,
            },
        )
        user.set_password(DEMO_WACHTWOORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def print_logins(self, gebruikers):
        self.stdout.write(
            self.style.SUCCESS("Demogegevens staan klaar. Log in op http://127.0.0.1:8000/account/login/")
        )
        self.stdout.write(f"Wachtwoord voor alle demo-accounts: {DEMO_WACHTWOORD}")
        for rol, user in gebruikers.items():
            self.stdout.write(f"  {rol:<30} {user.email:<40} ({user.organisatie})")
        self.stdout.write("  een aanvraag wacht op goedkeuring: aanvrager@biesbosch.example")
        self.stdout.write(
            "De beheerder logt in met een tweede factor. Voeg deze sleutel toe aan een authenticator-app: "
            f"{DEMO_TOTP_SECRET}\n  of vraag de huidige code op met: .venv/bin/python manage.py demo --code"
        )

    def create_herinneringen(self, gebruikers):
        """Reminders recently sent to the demo beheerder and to the signatory of the contractor in the stuurgroep, who
        chose the weekly overview, so "Mijn herinneringen" has something to show."""
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        from kring.herinneringen import OVEREENKOMST_ONDERTEKENEN, REGISTRATIES_WACHTEN, maandag
        from kring.models import Herinnering, HerinneringVoorkeur, Intentieovereenkomst

        def verstuurd(soort, obj, ontvanger, vervaldatum, *, in_overzicht=False):
            Herinnering.objects.update_or_create(
                soort=soort.code,
                object_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                ontvanger=ontvanger,
                vervaldatum=vervaldatum,
                defaults={
                    "verstuurd_op": timezone.make_aware(datetime.datetime.combine(vervaldatum, datetime.time(7))),
                    "in_overzicht": in_overzicht,
                },
            )

        vandaag = timezone.localdate()
        beheerder = gebruikers["beheerder"]
        for dagen_geleden in (3, 2, 1):
            verstuurd(REGISTRATIES_WACHTEN, beheerder, beheerder, vandaag - datetime.timedelta(days=dagen_geleden))
        ter_ondertekening = Intentieovereenkomst.objects.filter(
            status=Intentieovereenkomst.Status.TER_ONDERTEKENING
        ).first()
        directeur = gebruikers["stuurgroep (opdrachtnemer)"]
        if ter_ondertekening is not None:
            vorige_week = maandag(vandaag) - datetime.timedelta(days=7)
            eerder = vorige_week - datetime.timedelta(days=7)
            verstuurd(OVEREENKOMST_ONDERTEKENEN, ter_ondertekening, directeur, eerder)
            verstuurd(OVEREENKOMST_ONDERTEKENEN, ter_ondertekening, directeur, vorige_week, in_overzicht=True)
        HerinneringVoorkeur.objects.update_or_create(
            gebruiker=directeur,
            soort=OVEREENKOMST_ONDERTEKENEN.code,
            defaults={"frequentie": HerinneringVoorkeur.Frequentie.WEKELIJKS},
        )

    # --- Intentieovereenkomst ----------------------------------------------------------------------------------------

    # Three versions: the first (one year from 28-03-2019), the five-year agreement 2021–2026 and a new one that is
    # being signed now. Texts written for the demo; themadoelen after the kring's five thema-doelen.
    OVEREENKOMSTEN = [
        {
            "versie": 1,
            "titel": "Intentieovereenkomst MKB kring Dordrecht",
            "ingangsdatum": datetime.date(2019, 3, 28),
            "einddatum": datetime.date(2020, 3, 27),
            "ondertekend_op": datetime.datetime(2019, 3, 28, 15, 30),
            "tekst": "# Partijen\n\n"
            "De gemeente Dordrecht en de GWW-bedrijven die deze overeenkomst ondertekenen, samen de *MKB kring "
            "Dordrecht*.\n\n"
            "# Waarom wij samenwerken\n\n"
            "De gemeente besteedt een groot deel van haar budget aan de openbare ruimte. Veel van dat werk wordt "
            "uitgevoerd door kleine en middelgrote bedrijven uit de regio. Beide partijen willen eerder in het "
            "proces met elkaar in gesprek, zodat projecten beter voorbereid op de markt komen en het werk beter "
            "verdeeld wordt over het jaar.\n\n"
            "# Wat wij afspreken\n\n"
            "- We werken een jaar lang aan de themadoelen hieronder en bespreken de voortgang elk kwartaal in de "
            "stuurgroep.\n"
            "- We delen kennis en ervaringen open met elkaar, ook als iets niet goed ging.\n"
            "- De overeenkomst is een intentie: zij geeft geen recht op opdrachten en laat de regels voor "
            "aanbesteden onverlet.\n\n"
            "# Duur\n\n"
            "Deze overeenkomst geldt één jaar. Daarna beslissen partijen samen over een vervolg.",
            "themadoelen": [
                (
                    "Continuïteit in opdrachtverlening",
                    "Het aanbod van projecten gelijkmatiger over het jaar "
                    "spreiden, zodat gemeente en bedrijven hun mensen beter kunnen inzetten.",
                    ["continuiteit"],
                ),
                (
                    "Wederzijds beoordelen",
                    "Een systeem voor past performance waarin gemeente en opdrachtnemer "
                    "elkaars samenwerking per project beoordelen.",
                    ["past-performance"],
                ),
                (
                    "Samenwerken aan de voorkant",
                    "Bedrijven denken mee in de voorbereiding van projecten, vóór de aanbesteding.",
                    [],
                ),
                (
                    "Social return",
                    "Samen zoeken naar passende plekken voor mensen met een afstand tot de arbeidsmarkt.",
                    [],
                ),
                (
                    "Duurzame openbare ruimte",
                    "Kennis ontwikkelen en delen over een duurzame inrichting, beheer en "
                    "onderhoud van de openbare ruimte.",
                    [],
                ),
            ],
        },
        {
            "versie": 2,
            "titel": "Intentieovereenkomst MKB kring Dordrecht 2021–2026",
            "ingangsdatum": datetime.date(2021, 7, 1),
            "einddatum": datetime.date(2026, 6, 30),
            "ondertekend_op": datetime.datetime(2021, 6, 24, 16, 0),
            "tekst": "# Partijen\n\n"
            "De gemeente Dordrecht en de GWW-bedrijven die deze overeenkomst ondertekenen.\n\n"
            "# Herbevestiging\n\n"
            "Na twee jaar samenwerken hebben partijen in een gezamenlijke sessie de afspraken van 2019 tegen het "
            "licht gehouden. Zij bevestigen hun intentie om vanuit hun eigen rol samen op te blijven trekken, "
            "gelijkwaardig en met respect voor elkaars vakmanschap. De gemeente groeit daarbij naar een regierol; "
            "de bedrijven brengen hun kennis van de uitvoering eerder in.\n\n"
            "# Werkwijze\n\n"
            "1. Elk themadoel heeft een of meer werkgroepen met deelnemers van beide kanten.\n"
            "2. De werkgroepen leggen hun activiteiten vast in een uitvoeringsagenda.\n"
            "3. De stuurgroep bespreekt elk kwartaal de voortgang, wat schuurt (de *klaagpaal*) en waar hulp "
            "nodig is.\n\n"
            "# Duur\n\n"
            "Deze overeenkomst geldt vijf jaar, van 1 juli 2021 tot en met 30 juni 2026.",
            "themadoelen": [
                (
                    "Continuïteit in opdrachtverlening",
                    "Inzicht in de projectenpijplijn en een gelijkmatiger aanbod, ook in onzekere tijden.",
                    ["continuiteit"],
                ),
                (
                    "Past performance",
                    "Elkaar per project beoordelen, daarover in gesprek gaan en tussentijds bijsturen.",
                    ["past-performance"],
                ),
                (
                    "Social return",
                    "Een gezamenlijke visie op SROI en samen opleiden voor duurzame inzetbaarheid.",
                    ["sroi"],
                ),
                (
                    "Duurzaamheid en circulair werken",
                    "Kansen voor duurzaamheid in infraprojecten samen uitzoeken en meetbaar maken.",
                    ["duurzaamheid"],
                ),
                (
                    "Kennisdeling en samenwerken aan de voorkant",
                    "Van informatie zenden naar tweezijdig communiceren, ook met de omgeving van projecten.",
                    ["communicatie", "omgevingsmanagement", "digitalisering"],
                ),
            ],
        },
        {
            "versie": 3,
            "titel": "Intentieovereenkomst MKB kring Drechtsteden 2026–2031",
            "ingangsdatum": datetime.date(2026, 12, 1),
            "einddatum": datetime.date(2031, 11, 30),
            "ondertekend_op": datetime.datetime(2026, 11, 4, 11, 0),
            "tekst": "# Partijen\n\n"
            "De gemeenten Dordrecht, Zwijndrecht en Papendrecht en de GWW-bedrijven die deze overeenkomst "
            "ondertekenen.\n\n"
            "# Een regionale kring\n\n"
            "De kring groeit van één gemeente naar de regio. Vraagstukken als klimaatadaptatie, de "
            "vervangingsopgave en de krapte op de arbeidsmarkt houden niet op bij de gemeentegrens. Door in de "
            "regio samen te werken kunnen gemeenten hun werk beter op elkaar afstemmen en bedrijven verder "
            "vooruit plannen.\n\n"
            "# Uitgangspunten\n\n"
            "- We doen niet opnieuw wat elders al bedacht is.\n"
            "- We beginnen bij terugkerend werk met veel impact.\n"
            "- We meten het effect van wat we doen en vieren samen wat lukt.\n"
            "- We zorgen voor een evenwichtige vertegenwoordiging van gemeenten en bedrijven en rouleren na "
            "verloop van tijd.\n\n"
            "# Duur\n\n"
            "Deze overeenkomst geldt vijf jaar, van 1 december 2026 tot en met 30 november 2031.",
            "themadoelen": [
                (
                    "Continuïteit en werk met werk maken",
                    "Projecten per gebied bundelen en spreiden over de jaren, zodat een wijk één keer open gaat.",
                    ["continuiteit", "omgevingsmanagement"],
                ),
                (
                    "Past performance",
                    "Beoordelen in beide richtingen, met afspraken die in de volgende ronde worden nagelopen.",
                    ["past-performance"],
                ),
                (
                    "Arbeidsmarkt en social return",
                    "Voldoende vakmensen in de regio; instromers doorgeven tussen projecten.",
                    ["sroi"],
                ),
                (
                    "Klimaat, circulariteit en duurzaamheid",
                    "CO2-reductie en hergebruik van materialen, gemeten met de MKI.",
                    ["duurzaamheid"],
                ),
                (
                    "Ontwikkelen en leren",
                    "Kennis delen in de kennisbank en digitaal samenwerken in projecten.",
                    ["digitalisering", "communicatie"],
                ),
            ],
        },
    ]

    def create_overeenkomsten(self, gebruikers):
        from django.utils import timezone

        from kring.models import Intentieovereenkomst, Ondertekening, Themadoel

        def tekenbevoegde(organisatie, email, naam):
            user = self.user(email, naam, organisatie)
            User.objects.filter(pk=user.pk).update(is_tekenbevoegd=True)
            return user

        voornamen = [
            "Bas", "Evi", "Joost", "Mara", "Tim", "Lotte", "Wouter", "Iris", "Daan", "Femke", "Gijs",
            "Hanna", "Koen", "Lieke", "Milan", "Nina", "Pieter", "Roos", "Stijn", "Tess", "Vera", "Youssef",
        ]  # fmt: skip
        ondertekenaars = {}
        for nummer, (naam, _plaats) in enumerate(BEDRIJVEN):
            organisatie = Organisatie.objects.get(naam=naam)
            domein = slugify(naam.split()[0])
            ondertekenaars[naam] = (
                tekenbevoegde(organisatie, f"directie@{domein}.example", f"{voornamen[nummer]} Directeur"),
                "Directeur",
            )
        # The demo's contractor stuurgroep member signs for Oudelandse, and has not yet signed version 3.
        directeur = gebruikers["stuurgroep (opdrachtnemer)"]
        User.objects.filter(pk=directeur.pk).update(is_tekenbevoegd=True)
        directeur.refresh_from_db()
        ondertekenaars["Oudelandse Grondwerken B.V."] = (directeur, "Algemeen directeur")
        User.objects.filter(email="projectleider@dordrecht.example").update(is_tekenbevoegd=False)
        for naam, _kvk, plaats in GEMEENTEN:
            ondertekenaars[naam] = (
                tekenbevoegde(
                    Organisatie.objects.get(naam=naam), f"wethouder@{slugify(plaats)}.example", f"Wethouder {plaats}"
                ),
                "Wethouder openbare ruimte",
            )

        bedrijven = [naam for naam, _plaats in BEDRIJVEN]
        getekend = {
            1: ["Gemeente Dordrecht", *bedrijven[:14]],  # the members since 28-03-2019
            2: ["Gemeente Dordrecht", *bedrijven],
            3: [naam for naam, _kvk, _plaats in GEMEENTEN] + bedrijven[0::2],  # Oudelandse (index 1) not yet
        }
        status = {
            1: Intentieovereenkomst.Status.VERLOPEN,
            2: Intentieovereenkomst.Status.VERLOPEN,
            3: Intentieovereenkomst.Status.TER_ONDERTEKENING,
        }
        for gegevens in self.OVEREENKOMSTEN:
            versie = gegevens["versie"]
            ondertekend_op = timezone.make_aware(gegevens["ondertekend_op"])
            overeenkomst, _ = Intentieovereenkomst.objects.update_or_create(
                versie=versie,
                defaults={
                    "titel": gegevens["titel"],
                    "status": status[versie],
                    "ingangsdatum": gegevens["ingangsdatum"],
                    "einddatum": gegevens["einddatum"],
                    "tekst": gegevens["tekst"],
                    "ondertekening_gesloten_op": None if versie == 3 else ondertekend_op + datetime.timedelta(days=6),
                    "aangemaakt_op": ondertekend_op - datetime.timedelta(days=30),
                },
            )
            for volgorde, (naam, omschrijving, werkgroepen) in enumerate(gegevens["themadoelen"], start=1):
                doel, _ = Themadoel.objects.update_or_create(
                    overeenkomst=overeenkomst, naam=naam, defaults={"omschrijving": omschrijving, "volgorde": volgorde}
                )
                doel.werkgroepen.set(Werkgroep.objects.filter(slug__in=werkgroepen))
            for rang, organisatie_naam in enumerate(getekend[versie]):
                ondertekenaar, functie = ondertekenaars[organisatie_naam]
                Ondertekening.objects.update_or_create(
                    overeenkomst=overeenkomst,
                    organisatie=ondertekenaar.organisatie,
                    defaults={
                        "ondertekenaar": ondertekenaar,
                        "naam_ondertekenaar": ondertekenaar.naam,
                        "functie": functie,
                        # Version 3 is being signed over several weeks; the others on one afternoon.
                        "ondertekend_op": ondertekend_op + datetime.timedelta(days=rang if versie == 3 else 0),
                    },
                )

    # --- Privacy en auditlog -----------------------------------------------------------------------------------------

    def create_privacy(self):
        """A former employee of a member company asked to have the account removed, so the beheerder's queue of removal
        requests (and the audit log) has something to show."""
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        from kring.models import AuditEvent, Verwijderverzoek

        mees = self.user(
            "oud-medewerker@zeedijk.example",
            "Mees Oud-medewerker",
            Organisatie.objects.get(naam="Zeedijk Riolering B.V."),
        )
        aangevraagd_op = timezone.now() - datetime.timedelta(days=2)
        verzoek, _ = Verwijderverzoek.objects.update_or_create(
            gebruiker=mees,
            status=Verwijderverzoek.Status.OPEN,
            defaults={
                "toelichting": "Ik werk sinds deze maand niet meer bij Zeedijk Riolering en heb het portaal niet meer "
                "nodig. Wilt u mijn account verwijderen?",
                "aangevraagd_op": aangevraagd_op,
            },
        )
        AuditEvent.objects.get_or_create(
            actie="privacy.verwijderverzoek_ingediend",
            object_type=ContentType.objects.get_for_model(verzoek),
            object_id=str(verzoek.pk),
            defaults={
                "actor": mees,
                "actor_omschrijving": mees.email,
                "object_omschrijving": str(verzoek),
                "tijdstip": aangevraagd_op,
            },
        )

    # --- Leden ---------------------------------------------------------------------------------------------------------

    # Fictional people with function-like names, spread over the demo organisations: (naam, e-mail, organisatie).
    EXTRA_LEDEN = [
        ("Fenna Directievoerder", "directievoerder@dordrecht.example", "Gemeente Dordrecht"),
        ("Eline Inkoper", "inkoper@dordrecht.example", "Gemeente Dordrecht"),
        ("Sophie SROI-coördinator", "sroi@dordrecht.example", "Gemeente Dordrecht"),
        ("Ruben Wegbeheerder", "wegbeheerder@dordrecht.example", "Gemeente Dordrecht"),
        ("Anouk Assetmanager", "assetmanager@dordrecht.example", "Gemeente Dordrecht"),
        ("Merel Communicatieadviseur", "communicatie@dordrecht.example", "Gemeente Dordrecht"),
        ("Jelle Duurzaamheidsadviseur", "duurzaamheid@dordrecht.example", "Gemeente Dordrecht"),
        ("Maud Omgevingsmanager", "omgevingsmanager@dordrecht.example", "Gemeente Dordrecht"),
        ("Zoë Beleidsadviseur", "beleidsadviseur@zwijndrecht.example", "Gemeente Zwijndrecht"),
        ("Hidde Rioleringsbeheerder", "riolering@zwijndrecht.example", "Gemeente Zwijndrecht"),
        ("Sanne Projectmanager", "projectmanager@papendrecht.example", "Gemeente Papendrecht"),
        ("Bram Calculator", "calculator@merwedijk.example", "Merwedijk Infra B.V."),
        ("Olaf Kwaliteitscoördinator", "kwaliteit@oudelandse.example", "Oudelandse Grondwerken B.V."),
        ("Mila Tenderspecialist", "tender@wantij.example", "Wantij Waterbouw B.V."),
        ("Quinten Werkvoorbereider", "werkvoorbereiding@zeedijk.example", "Zeedijk Riolering B.V."),
        ("Ids BIM-modelleur", "bim@kiltunnel.example", "Kiltunnel Civiel B.V."),
        ("Jesse Planner", "planning@drechtoever.example", "Drechtoever Wegenbouw B.V."),
        ("Puck Landmeter", "maatvoering@sterrenburg.example", "Sterrenburg Kabel- en Leidingwerk B.V."),
        ("Thijs Uitvoerder", "uitvoering@noordpolder.example", "Noordpolder Groenvoorzieningen B.V."),
        ("Noah Omgevingsmanager", "omgeving@vogelbuurt.example", "Vogelbuurt Klimaatinfra B.V."),
        ("Lars Projectleider", "projecten@reeland.example", "Reeland Beschoeiingen B.V."),
        ("Floor MVO-coördinator", "mvo@oostkil.example", "Oostkil Betonwerken B.V."),
    ]
    # A company that left the kring, with its former employee blocked: shows "beëindigd" and a blocked account.
    OUD_LID = ("Grote Lindt Funderingen B.V.", "90413999", "Zwijndrecht", datetime.date(2020, 1, 15))
    OUD_LID_TOT = datetime.date(2024, 6, 30)
    OUD_MEDEWERKER = ("Ties Funderingsspecialist", "funderingen@grotelindt.example")

    # Werkgroep memberships per werkgroep (slug): (e-mail, rol, van, tot). Each werkgroep has a trekker from each side;
    # slightly more opdrachtnemers than gemeente people, a few memberships ended (members rotate).
    WERKGROEP_LEDEN = {
        "past-performance": [
            ("projectleider@dordrecht.example", "trekker", datetime.date(2019, 3, 28), None),
            ("uitvoerder@merwedijk.example", "trekker", datetime.date(2024, 1, 15), None),
            ("inkoper@dordrecht.example", "lid", datetime.date(2024, 9, 1), None),
            ("tender@wantij.example", "lid", datetime.date(2020, 5, 1), None),
            ("kwaliteit@oudelandse.example", "lid", datetime.date(2025, 1, 15), None),
            ("directievoerder@dordrecht.example", "lid", datetime.date(2019, 3, 28), datetime.date(2022, 12, 31)),
            ("beheerder@kringportaal.example", "adviseur", datetime.date(2020, 5, 1), None),
        ],
        "continuiteit": [
            ("stuurgroep@dordrecht.example", "trekker", datetime.date(2019, 3, 28), None),
            ("directeur@oudelandse.example", "trekker", datetime.date(2019, 3, 28), None),
            ("assetmanager@dordrecht.example", "lid", datetime.date(2024, 2, 1), None),
            ("planning@drechtoever.example", "lid", datetime.date(2021, 6, 1), None),
            ("calculator@merwedijk.example", "lid", datetime.date(2024, 3, 1), None),
            ("projectmanager@papendrecht.example", "lid", datetime.date(2025, 1, 15), None),
        ],
        "communicatie": [
            ("communicatie@dordrecht.example", "trekker", datetime.date(2020, 4, 1), None),
            ("werkvoorbereider@wantij.example", "trekker", datetime.date(2024, 9, 1), None),
            ("omgeving@vogelbuurt.example", "lid", datetime.date(2025, 2, 1), None),
            ("beleidsadviseur@zwijndrecht.example", "lid", datetime.date(2025, 3, 1), None),
            ("uitvoering@noordpolder.example", "lid", datetime.date(2020, 4, 1), datetime.date(2023, 6, 30)),
        ],
        "sroi": [
            ("sroi@dordrecht.example", "trekker", datetime.date(2020, 4, 1), None),
            ("uitvoering@noordpolder.example", "trekker", datetime.date(2023, 7, 1), None),
            ("kwaliteit@oudelandse.example", "lid", datetime.date(2024, 4, 1), None),
            ("werkvoorbereiding@zeedijk.example", "lid", datetime.date(2022, 1, 10), None),
            ("inkoper@dordrecht.example", "lid", datetime.date(2020, 4, 1), datetime.date(2021, 8, 31)),
        ],
        "digitalisering": [
            ("bim@kiltunnel.example", "trekker", datetime.date(2020, 9, 1), None),
            ("assetmanager@dordrecht.example", "trekker", datetime.date(2023, 12, 1), None),
            ("maatvoering@sterrenburg.example", "lid", datetime.date(2024, 6, 1), None),
            ("riolering@zwijndrecht.example", "lid", datetime.date(2024, 9, 1), None),
        ],
        "omgevingsmanagement": [
            ("omgevingsmanager@dordrecht.example", "trekker", datetime.date(2020, 9, 1), None),
            ("omgeving@vogelbuurt.example", "trekker", datetime.date(2021, 10, 1), None),
            ("projecten@reeland.example", "lid", datetime.date(2025, 5, 1), None),
            ("wegbeheerder@dordrecht.example", "lid", datetime.date(2024, 3, 1), None),
            ("projectleider@dordrecht.example", "lid", datetime.date(2020, 9, 1), datetime.date(2024, 12, 31)),
        ],
        "duurzaamheid": [
            ("duurzaamheid@dordrecht.example", "trekker", datetime.date(2020, 9, 1), None),
            ("mvo@oostkil.example", "trekker", datetime.date(2020, 9, 1), None),
            ("werkvoorbereiding@zeedijk.example", "lid", datetime.date(2024, 5, 1), None),
            ("projectmanager@papendrecht.example", "lid", datetime.date(2025, 6, 1), None),
            ("calculator@merwedijk.example", "lid", datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)),
            ("funderingen@grotelindt.example", "lid", datetime.date(2020, 9, 1), datetime.date(2024, 6, 30)),
            ("beheerder@kringportaal.example", "adviseur", datetime.date(2023, 1, 1), None),
        ],
    }

    def create_leden(self, gebruikers):
        """Extra people, a former member company, and werkgroep memberships; the demo accounts keep their roles."""
        from werkgroepen.models import Lidmaatschap

        for naam, email, organisatie in self.EXTRA_LEDEN:
            self.user(email, naam, Organisatie.objects.get(naam=organisatie))
        naam, kvk, plaats, lid_sinds = self.OUD_LID
        oud_lid = Organisatie.objects.update_or_create(
            naam=naam,
            defaults={
                "soort": Organisatie.Soort.OPDRACHTNEMER,
                "kvk_nummer": kvk,
                "plaats": plaats,
                "lid_sinds": lid_sinds,
                "lid_tot": self.OUD_LID_TOT,
            },
        )[0]
        naam, email = self.OUD_MEDEWERKER
        oud_medewerker = self.user(email, naam, oud_lid, status=User.Status.GEBLOKKEERD)
        oud_medewerker.status_reden = f"{oud_lid.naam} was tot en met {self.OUD_LID_TOT:%d-%m-%Y} lid van de kring."
        oud_medewerker.save(update_fields=["status_reden"])

        for slug, leden in self.WERKGROEP_LEDEN.items():
            werkgroep = Werkgroep.objects.get(slug=slug)
            for email, rol, van, tot in leden:
                Lidmaatschap.objects.update_or_create(
                    werkgroep=werkgroep,
                    gebruiker=User.objects.get(email=email),
                    van=van,
                    defaults={"rol": rol, "tot": tot},
                )

    # --- Rapporten ---------------------------------------------------------------------------------------------------

    def create_rapporten(self, gebruikers):
        """The stuurgroep member has the five-year agreement as a PDF under Mijn rapporten. Requested through the
        service, so it is rendered after the demo's transaction commits (in-process, or by the worker with Redis)."""
        from kring.models import Intentieovereenkomst, Rapport
        from kring.services.rapporten import rapport_request

        stuurgroep = gebruikers["stuurgroep"]
        parameters = {"overeenkomst": Intentieovereenkomst.objects.get(versie=2).pk}
        soort = Rapport.Soort.INTENTIEOVEREENKOMST
        if not Rapport.objects.filter(aangevraagd_door=stuurgroep, soort=soort, parameters=parameters).exists():
            rapport_request(soort=soort, parameters=parameters, door=stuurgroep)

    # --- Klaagpaal en hulpvragen, agenda-feed -------------------------------------------------------------------------

    # (soort, titel, omschrijving, werkgroep slug or None, indiener e-mail or None for anonymous, status, days ago,
    #  answer, answered by). Written for the demo after the kind of friction the kenniskring names.
    SIGNALEN = [
        (
            "klaagpaal",
            "Facturen voor meerwerk blijven maanden liggen",
            "Bij de laatste drie projecten zat er tussen het akkoord op het meerwerk en de betaling steeds drie tot "
            "vier maanden. Een klein bedrijf financiert dat voor, en de directievoerder weet vaak niet waar de "
            "factuur blijft.",
            None,
            None,
            "besproken",
            95,
            "Besproken in de kenniskring. De gemeente Dordrecht laat meerwerkfacturen voortaan binnen 30 dagen "
            "betalen en meldt het de opdrachtnemer als een factuur langer op akkoord wacht. De werkgroep Past "
            "performance neemt de betaaltermijn op als meetpunt in de beoordeling van de gemeente.",
            "beheerder@kringportaal.example",
        ),
        (
            "klaagpaal",
            "Elk project een andere contactpersoon bij de gemeente",
            "In één jaar hadden wij op twee projecten vijf verschillende projectleiders en directievoerders. Elke "
            "wissel kost een overdracht die niemand maakt, en afspraken uit het bouwteam raken zoek.",
            "communicatie",
            "uitvoerder@merwedijk.example",
            "nieuw",
            12,
            "",
            None,
        ),
        (
            "klaagpaal",
            "Twee weken inschrijftermijn is te kort voor een goede prijs",
            "Bij de laatste meervoudig onderhandse aanvragen stond de inschrijving twee weken open, met de "
            "zomervakantie ertussen. Dan kunnen we geen onderaannemers en leveranciers meer vragen en wordt het "
            "een gok met een ruime marge.",
            "continuiteit",
            None,
            "geagendeerd",
            20,
            "",
            None,
        ),
        (
            "hulpvraag",
            "Wie helpt ons op weg met de CO2-prestatieladder?",
            "Wij willen dit jaar gecertificeerd worden op trede 3. Welk bedrijf in de kring heeft dat traject "
            "onlangs doorlopen en wil een uur vertellen waar het op aankomt?",
            "duurzaamheid",
            "werkvoorbereider@wantij.example",
            "besproken",
            60,
            "Oostkil Betonwerken haalde vorig jaar trede 3 en neemt contact met u op. De werkgroep zet de "
            "belangrijkste stappen als praktijkvoorbeeld in de kennisbank.",
            "mvo@oostkil.example",
        ),
        (
            "hulpvraag",
            "BBL-leerling zoekt een nieuw project na de zomer",
            "Onze BBL-leerling (tweede jaar, straatmaker) loopt tot juli mee op een project dat dan klaar is. Wie "
            "heeft vanaf september werk waar hij kan doorleren, zodat hij zijn opleiding kan afmaken?",
            "sroi",
            "calculator@merwedijk.example",
            "opgevolgd",
            140,
            "Zeedijk Riolering neemt de leerling per september over op de rioolvervanging in Zwijndrecht. De "
            "SROI-inzet telt mee voor beide bedrijven naar rato van de maanden.",
            "sroi@dordrecht.example",
        ),
        (
            "klaagpaal",
            "Referentie-eisen sluiten kleine bedrijven uit",
            "In een uitvraag werd gevraagd om drie referenties van projecten boven de twee miljoen euro. Voor een "
            "werk van vier ton sluit dat de helft van de kring uit, terwijl wij dit soort werk dagelijks doen.",
            "past-performance",
            None,
            "nieuw",
            4,
            "",
            None,
        ),
        (
            "hulpvraag",
            "Wie denkt mee over de volgorde van werken in de Vogelbuurt?",
            "In de Vogelbuurt staan riolering, groen en de herinrichting van twee straten in dezelfde jaren. Wij "
            "zoeken uitvoerders die willen meedenken over een volgorde die de buurt zo min mogelijk hindert.",
            "omgevingsmanagement",
            "projectleider@dordrecht.example",
            "geagendeerd",
            9,
            "",
            None,
        ),
        (
            "klaagpaal",
            "Na de winter komt alles tegelijk op de markt",
            "Van november tot februari is er weinig werk, en in het voorjaar komen tien aanvragen in een maand. "
            "Dan moeten we nee zeggen tegen werk dat we graag hadden gedaan.",
            "continuiteit",
            "directeur@oudelandse.example",
            "opgevolgd",
            200,
            "De gemeente publiceert haar planning nu per kwartaal in de aanbestedingskalender, en de werkgroep "
            "Continuïteit bespreekt de spreiding elk halfjaar met de inkopers.",
            "stuurgroep@dordrecht.example",
        ),
    ]

    def create_signalen(self, gebruikers):
        """Klaagpaal items and hulpvragen in every status, some anonymous; open ones that are geagendeerd sit on the
        next planned meeting's agenda. And a personal agenda-feed for the demo opdrachtnemer."""
        from django.db.models import Max
        from django.utils import timezone

        from werkgroepen.models import Agendafeed, Agendapunt, Signaal
        from werkgroepen.selectors.bijeenkomsten import volgende_bijeenkomst

        vandaag = timezone.localdate()
        for soort, titel, omschrijving, slug, email, status, dagen, antwoord, door in self.SIGNALEN:
            werkgroep = Werkgroep.objects.get(slug=slug) if slug else None
            signaal, _ = Signaal.objects.update_or_create(
                titel=titel,
                defaults={
                    "soort": soort,
                    "omschrijving": omschrijving,
                    "werkgroep": werkgroep,
                    "indiener": User.objects.get(email=email) if email else None,
                    "status": status,
                    "antwoord": antwoord,
                    "beantwoord_door": User.objects.get(email=door) if door else None,
                    "ingediend_op": vandaag - datetime.timedelta(days=dagen),
                },
            )
            if status != Signaal.Status.GEAGENDEERD or signaal.agendapunten.exists():
                continue
            bijeenkomst = (werkgroep and volgende_bijeenkomst(werkgroep=werkgroep)) or volgende_bijeenkomst()
            if bijeenkomst is None:  # nothing planned: it waits on the list
                Signaal.objects.filter(pk=signaal.pk).update(status=Signaal.Status.NIEUW)
                continue
            laatste = bijeenkomst.agendapunten.aggregate(hoogste=Max("volgorde"))["hoogste"]
            Agendapunt.objects.create(
                bijeenkomst=bijeenkomst,
                soort=soort,
                titel=titel,
                signaal=signaal,
                volgorde=0 if laatste is None else laatste + 1,
            )
        Agendafeed.objects.get_or_create(gebruiker=gebruikers["opdrachtnemer"])

    # --- Kennisbank --------------------------------------------------------------------------------------------------

    KENNISBANK_THEMAS = [
        "Samenwerking",
        "Continuïteit",
        "Social return",
        "Duurzaamheid",
        "Digitalisering",
        "Omgevingsmanagement",
        "Contractvormen",
    ]

    # Written for the demo, in the kring's own words; projects and numbers are illustrative. Per item: the fields, its
    # werkgroep (slug), author (e-mail), themes, tags, publication date and review date (days from today; negative:
    # past due, so the review reminder has something to find).
    KENNISITEMS = [
        {
            "titel": "Renovatie Visbrug: gemeente en aannemer samen aan het ontwerp",
            "soort": "praktijkvoorbeeld",
            "zichtbaarheid": "openbaar",
            "werkgroep": "past-performance",
            "auteur": "projectleider@dordrecht.example",
            "themas": ["Samenwerking", "Contractvormen", "Omgevingsmanagement"],
            "tags": ["visbrug", "bouwteam", "binnenstad", "past performance"],
            "gepubliceerd": datetime.date(2021, 11, 15),
            "herzien_over": 200,
            "samenvatting": "Een monumentale brug in de binnenstad moest grondig worden gerenoveerd, met vaarverkeer, "
            "voetgangers en bewoners eromheen. Gemeente en aannemer werkten al vanaf het ontwerp samen en beoordeelden "
            "elkaar halverwege: de eerste pilot met wederzijdse past performance in de kring.",
            "uitdaging": "Een smalle werkplek tussen kades en huizen, een brug die zo kort mogelijk dicht mocht, en "
            "een monument waarvan niemand precies wist hoe het er vanbinnen aan toe was.",
            "aanpak": "Geen klassiek bestek maar een bouwteam: de aannemer schoof aan bij het voorontwerp en rekende "
            "varianten door. Na de helft van de uitvoering beoordeelden gemeente en aannemer elkaar op samenwerking, "
            "planning en communicatie en bespraken ze de verschillen.",
            "bijzonder": "De omgeving kreeg één aanspreekpunt namens gemeente én aannemer.",
            "voordelen": "Verrassingen in de constructie kwamen vroeg boven tafel; de stremming van het vaarverkeer "
            "bleef binnen de afgesproken weken.",
            "nadelen": "De voorbereiding kostte beide partijen meer uren dan gebruikelijk, en die uren waren in de "
            "begroting niet voorzien.",
            "lessen": "Spreek vooraf af hoe meerwerk in het bouwteam wordt beoordeeld. Plan het tussentijdse "
            "beoordelingsgesprek al bij de start.",
            "inhoud": "## Wat andere projecten kunnen overnemen\n\n"
            "- Laat de aannemer in het voorontwerp meerekenen aan uitvoerbaarheid en stremmingen.\n"
            "- Maak één gezamenlijk omgevingsplan in plaats van twee losse.\n"
            "- Gebruik de tussentijdse beoordeling als gespreksstof, niet als rapportcijfer.\n",
        },
        {
            "titel": "Wederzijds beoordelen: eerst het gesprek, dan het cijfer",
            "soort": "lesson_learned",
            "zichtbaarheid": "leden",
            "werkgroep": "past-performance",
            "auteur": "uitvoerder@merwedijk.example",
            "themas": ["Samenwerking", "Contractvormen"],
            "tags": ["past performance", "beoordeling", "evaluatie"],
            "gepubliceerd": datetime.date(2022, 6, 1),
            "herzien_over": 120,
            "samenvatting": "Na het eerste jaar met wederzijdse past performance bleek het gesprek over de scores "
            "waardevoller dan de scores zelf. Zonder gesprek voelt een lage score als een afrekening.",
            "lessen": "Plan de bespreking direct bij het openen van de beoordelingsronde. Laat beide partijen eerst "
            "zelf scoren en vergelijk dan. Leg afspraken vast met een eigenaar en kijk er in de volgende ronde naar.",
            "inhoud": "Bij de eerste rondes vulden projectleiders en uitvoerders de vragenlijst los van elkaar in en "
            "zagen ze elkaars cijfers pas weken later. Wie een 5 kreeg, wilde vooral weten **waarom**.\n\n"
            "Sinds we de scores samen bespreken, gaat het gesprek over wat beter kan in het volgende project. Het "
            "portaal houdt de ronde blind tot beide kanten klaar zijn; dat bleek belangrijk voor het vertrouwen.",
        },
        {
            "titel": "SROI met BBL-leerlingen: samen opleiden in een gedeelde pool",
            "soort": "praktijkvoorbeeld",
            "zichtbaarheid": "openbaar",
            "werkgroep": "sroi",
            "auteur": "sroi@dordrecht.example",
            "themas": ["Social return"],
            "tags": ["sroi", "bbl", "leerling", "instroom"],
            "gepubliceerd": datetime.date(2023, 3, 20),
            "herzien_over": 300,
            "samenvatting": "Kleine bedrijven kunnen een BBL-leerling vaak niet een hele opleiding lang werk bieden. "
            "Door leerlingen tussen projecten en bedrijven door te geven, bleef hun opleiding doorlopen en telde de "
            "inzet mee voor de social return van meer projecten.",
            "uitdaging": "Projecten beginnen en eindigen; een BBL-opleiding duurt twee tot drie jaar. Een leerling die "
            "na één project zonder werk zit, haakt af.",
            "aanpak": "De werkgroep SROI zette een gedeelde pool op. Bedrijven melden wanneer een project afloopt, "
            "een ander bedrijf neemt de leerling over. De gemeente rekent de inzet per project naar rato mee.",
            "bijzonder": "Leermeesters van verschillende bedrijven stemmen samen af wat een leerling al kan.",
            "voordelen": "Minder uitval van leerlingen; ook kleine bedrijven kunnen hun SROI-verplichting invullen.",
            "nadelen": "Het overdragen kost administratie: urenregistratie en begeleiding moeten per bedrijf kloppen.",
            "lessen": "Leg vooraf vast wie het leerbedrijf is voor de opleiding, los van wie de leerling inzet.",
            "inhoud": "",
        },
        {
            "titel": "Marktconsultatie vóór de aanbesteding van een rioolvervanging",
            "soort": "praktijkvoorbeeld",
            "zichtbaarheid": "leden",
            "werkgroep": "continuiteit",
            "auteur": "planning@drechtoever.example",
            "themas": ["Continuïteit", "Contractvormen"],
            "tags": ["marktconsultatie", "riolering", "planning"],
            "gepubliceerd": datetime.date(2024, 2, 12),
            "herzien_over": -20,
            "samenvatting": "Een half jaar vóór de aanbesteding van de vervanging van rioleringen in een woonwijk "
            "nodigde de gemeente vijf bedrijven uit voor een gesprek over fasering, bereikbaarheid en planning.",
            "uitdaging": "Drie grote rioleringsprojecten zouden in hetzelfde kwartaal op de markt komen; de bedrijven "
            "in de regio konden dat niet allemaal tegelijk bemensen.",
            "aanpak": "In de consultatie deelde de gemeente de planning van de komende twee jaar. De bedrijven gaven "
            "aan welke fasering uitvoerbaar was; de gemeente schoof één project een kwartaal op.",
            "bijzonder": "De gemeente zette de uitkomsten van het gesprek op papier en deelde ze met alle deelnemers.",
            "voordelen": "Meer en betere inschrijvingen; minder pieken in de bezetting bij gemeente en markt.",
            "nadelen": "Een gesprek kost tijd in een al krappe voorbereiding.",
            "lessen": "Deel de projectenpijplijn vroeg en eerlijk, ook als data nog onzeker zijn.",
            "inhoud": "",
        },
        {
            "titel": "Werk met werk in een wijk: riool, groen en straat in één keer",
            "soort": "praktijkvoorbeeld",
            "zichtbaarheid": "werkgroep",
            "werkgroep": "omgevingsmanagement",
            "auteur": "omgevingsmanager@dordrecht.example",
            "themas": ["Omgevingsmanagement", "Duurzaamheid", "Samenwerking"],
            "tags": ["werk met werk", "wijk", "klimaatadaptatie"],
            "gepubliceerd": datetime.date(2024, 9, 30),
            "herzien_over": 250,
            "samenvatting": "Rioolvervanging, het afkoppelen van regenwater, nieuwe bomen en nieuwe bestrating in "
            "één wijk, in één project: één keer overlast in plaats van drie.",
            "uitdaging": "Drie afdelingen hadden elk hun eigen planning voor dezelfde straten.",
            "aanpak": "Een integrale opgave per wijk, met één projectleider en één aannemer, en een omgevingsmanager "
            "die bewoners vanaf het begin meenam in de keuzes voor groen en parkeren.",
            "bijzonder": "Bewoners kozen zelf tussen twee inrichtingsvarianten voor hun straat.",
            "voordelen": "Minder overlast, lagere kosten voor opbreken en herstraten, een klimaatbestendiger wijk.",
            "nadelen": "De voorbereiding duurde langer omdat budgetten van verschillende afdelingen samen moesten.",
            "lessen": "Begin met een gezamenlijke kaart van alle opgaven in de wijk voor de komende vijf jaar.",
            "inhoud": "",
        },
        {
            "titel": "Checklist omgevingsmanagement voor de voorbereiding",
            "soort": "tool",
            "zichtbaarheid": "openbaar",
            "werkgroep": "omgevingsmanagement",
            "auteur": "omgeving@vogelbuurt.example",
            "themas": ["Omgevingsmanagement"],
            "tags": ["checklist", "participatie", "bereikbaarheid"],
            "gepubliceerd": datetime.date(2025, 1, 20),
            "herzien_over": 330,
            "samenvatting": "Een korte checklist die de werkgroep Omgevingsmanagement gebruikt bij de start van elk "
            "project: wie zit er in de omgeving, wat vinden zij belangrijk, en wie spreekt hen aan.",
            "inhoud": "## Vóór het ontwerp\n\n"
            "1. Breng bewoners, ondernemers, scholen en hulpdiensten in kaart.\n"
            "2. Stel vast wie namens gemeente en aannemer het aanspreekpunt is.\n"
            "3. Bepaal waar bewoners echt iets over kunnen kiezen, en waar niet.\n\n"
            "## Vóór de uitvoering\n\n"
            "1. Spreek bereikbaarheid af voor hulpdiensten, afval en bevoorrading.\n"
            "2. Kondig werk en omleidingen minstens twee weken vooraf aan.\n"
            "3. Plan een inloopmoment in de wijk.\n",
        },
        {
            "titel": "Handreiking digitale oplevering van revisiegegevens",
            "soort": "document",
            "zichtbaarheid": "leden",
            "werkgroep": "digitalisering",
            "auteur": "bim@kiltunnel.example",
            "themas": ["Digitalisering"],
            "tags": ["revisie", "bim", "oplevering", "data"],
            "gepubliceerd": datetime.date(2025, 6, 2),
            "herzien_over": 180,
            "samenvatting": "Welke gegevens een aannemer bij de oplevering digitaal aanlevert, in welk formaat, en "
            "hoe de gemeente ze controleert. Met een voorbeeld als PDF.",
            "inhoud": "De werkgroep Digitalisering stelde deze handreiking op na drie pilotprojecten. De kern: spreek "
            "bij de aanbesteding al af **welke** gegevens je wilt en **hoe** je ze controleert.",
        },
        {
            "titel": "Gunnen op kwaliteit: wat de inkopers leerden van drie aanbestedingen",
            "soort": "lesson_learned",
            "zichtbaarheid": "gemeente",
            "werkgroep": None,
            "auteur": "inkoper@dordrecht.example",
            "themas": ["Contractvormen"],
            "tags": ["emvi", "inkoop", "gunningscriteria"],
            "gepubliceerd": datetime.date(2023, 10, 9),
            "herzien_over": -45,
            "samenvatting": "Intern verslag van de inkopers: kwaliteitscriteria werkten beter als ze weinig in "
            "getal en goed te beoordelen waren.",
            "lessen": "Kies hoogstens drie kwaliteitscriteria. Laat de beoordelaars vooraf samen een voorbeeld "
            "beoordelen. Leg de weging uit in de nota van inlichtingen.",
            "inhoud": "",
        },
        {
            "titel": "Duurzaam asfalt: vraag alleen wat u ook meet",
            "soort": "lesson_learned",
            "zichtbaarheid": "leden",
            "werkgroep": "duurzaamheid",
            "auteur": "mvo@oostkil.example",
            "themas": ["Duurzaamheid", "Contractvormen"],
            "tags": ["mki", "asfalt", "co2"],
            "gepubliceerd": datetime.date(2024, 4, 22),
            "herzien_over": -5,
            "samenvatting": "Een MKI-eis in de aanbesteding levert pas iets op als iemand bij de oplevering "
            "controleert of de beloofde waarde ook gehaald is.",
            "lessen": "Leg bij elke duurzaamheidseis vast wie de prestatie meet en wanneer. Neem de controle op in "
            "de planning van de directievoering.",
            "inhoud": "",
        },
    ]
    KENNISBANK_GERELATEERD = [
        (
            "Renovatie Visbrug: gemeente en aannemer samen aan het ontwerp",
            "Wederzijds beoordelen: eerst het gesprek, dan het cijfer",
        ),
        (
            "Werk met werk in een wijk: riool, groen en straat in één keer",
            "Checklist omgevingsmanagement voor de voorbereiding",
        ),
    ]
    KENNISBANK_NUTTIG = {
        "Renovatie Visbrug: gemeente en aannemer samen aan het ontwerp": [
            "uitvoerder@merwedijk.example",
            "stuurgroep@dordrecht.example",
            "tender@wantij.example",
        ],
        "SROI met BBL-leerlingen: samen opleiden in een gedeelde pool": ["uitvoering@noordpolder.example"],
        "Checklist omgevingsmanagement voor de voorbereiding": ["projectleider@dordrecht.example"],
    }

    def create_kennisbank(self):
        """Themes, a handful of praktijkvoorbeelden and lessons learned with mixed visibility (two past their review
        date), related items, "nuttig" votes, and a document with a small PDF made by WeasyPrint."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.utils import timezone

        from kring.pdf import render_to_pdf
        from werkgroepen.models import Kennisitem, NuttigStem, Tag, Thema
        from werkgroepen.services.kennisbank import bijlage_add
        from werkgroepen.zoeken import zoekvector_bijwerken

        themas = {
            naam: Thema.objects.update_or_create(slug=slugify(naam), defaults={"naam": naam})[0]
            for naam in self.KENNISBANK_THEMAS
        }
        vandaag = timezone.localdate()
        items = {}
        for gegevens in self.KENNISITEMS:
            gegevens = dict(gegevens)
            auteur = User.objects.get(email=gegevens.pop("auteur"))
            werkgroep = gegevens.pop("werkgroep")
            item_themas = [themas[naam] for naam in gegevens.pop("themas")]
            tags = [Tag.objects.get_or_create(naam=naam)[0] for naam in gegevens.pop("tags")]
            herzien_voor = vandaag + datetime.timedelta(days=gegevens.pop("herzien_over"))
            gepubliceerd = timezone.make_aware(
                datetime.datetime.combine(gegevens.pop("gepubliceerd"), datetime.time(10))
            )
            item = Kennisitem.objects.update_or_create(
                titel=gegevens.pop("titel"),
                defaults={
                    **gegevens,
                    "herzien_voor": herzien_voor,
                    "werkgroep": Werkgroep.objects.get(slug=werkgroep) if werkgroep else None,
                    "auteur": auteur,
                    "organisatie": auteur.organisatie,
                    "gepubliceerd_op": gepubliceerd,
                    "bijgewerkt_op": gepubliceerd,
                },
            )[0]
            item.themas.set(item_themas)
            item.tags.set(tags)
            zoekvector_bijwerken(item, labels=[tag.naam for tag in tags] + [thema.naam for thema in item_themas])
            items[item.titel] = item
        for een, ander in self.KENNISBANK_GERELATEERD:
            items[een].gerelateerd.add(items[ander])
        for titel, emails in self.KENNISBANK_NUTTIG.items():
            for email in emails:
                NuttigStem.objects.get_or_create(kennisitem=items[titel], gebruiker=User.objects.get(email=email))
            Kennisitem.objects.filter(pk=items[titel].pk).update(
                aantal_nuttig=len(emails), aantal_bekeken=12 * len(emails) + 7
            )

        document = items["Handreiking digitale oplevering van revisiegegevens"]
        if not document.bijlagen.exists():
            _, pdf = render_to_pdf("werkgroepen/kennisbank/demo_handreiking.html", {"kennisitem": document})
            bestand = SimpleUploadedFile("Handreiking digitale oplevering.pdf", pdf, content_type="application/pdf")
            bijlage_add(kennisitem=document, bestand=bestand, door=document.auteur)

    # --- Uitvoeringsagenda -------------------------------------------------------------------------------------------

    # Activities of the werkgroepen, written for the demo after the kring's werkgroep overview 2020–2021: a few finished
    # ones from those years under the 2021–2026 agreement, and current ones under the new agreement, some of them late.
    # Dates as days from today (int) or fixed dates; notes as (date, author, text).
    ACTIVITEITEN = [
        {
            "werkgroep": "past-performance",
            "titel": "Pilot past performance bij de vervanging van de Visbrug",
            "omschrijving": "Gemeente en aannemer beoordelen elkaar halverwege en aan het eind van het werk aan de "
            "Visbrug, en bespreken de uitkomst samen. De ervaringen bepalen hoe het systeem in de hele kring wordt "
            "ingevoerd.",
            "initiatiefnemer": "projectleider@dordrecht.example",
            "team": ["uitvoerder@merwedijk.example", "tender@wantij.example"],
            "startdatum": datetime.date(2020, 5, 1),
            "deadline": datetime.date(2021, 3, 31),
            "budget": 6000,
            "status": "afgerond",
            "themadoel": (2, "Past performance"),
            "voortgang": [
                (datetime.date(2020, 10, 15), "projectleider@dordrecht.example",
                 "Tussentijdse beoordeling gedaan. Beide kanten scoorden de communicatie lager dan verwacht; "
                 "afgesproken om het wekelijkse bouwoverleg ook voor de omgevingsmeldingen te gebruiken."),
                (datetime.date(2021, 3, 25), "uitvoerder@merwedijk.example",
                 "Eindbeoordeling besproken. Het gesprek leverde meer op dan de cijfers: neem de bespreking op in "
                 "elk project vanaf de start."),
            ],
        },
        {
            "werkgroep": "past-performance",
            "titel": "Uitleg en training beoordelingssysteem voor markt en gemeente",
            "omschrijving": "Een korte online uitleg en twee trainingen over het beoordelen, voor directievoerders "
            "en uitvoerders van de bedrijven.",
            "initiatiefnemer": "tender@wantij.example",
            "team": ["inkoper@dordrecht.example"],
            "startdatum": datetime.date(2020, 6, 1),
            "deadline": datetime.date(2020, 12, 15),
            "budget": 3500,
            "status": "afgerond",
            "themadoel": (2, "Past performance"),
            "voortgang": [
                (datetime.date(2020, 11, 30), "tender@wantij.example",
                 "Twee trainingen gegeven met in totaal 34 deelnemers; de opname staat in de kennisbank."),
            ],
        },
        {
            "werkgroep": "past-performance",
            "titel": "Evaluatie van vijf jaar wederzijds beoordelen",
            "omschrijving": "Wat leverde het beoordelen op, waar schuurt het, en wat nemen we mee naar de nieuwe "
            "intentieovereenkomst? Enquête onder alle leden en twee gesprekstafels.",
            "initiatiefnemer": "uitvoerder@merwedijk.example",
            "team": ["projectleider@dordrecht.example", "kwaliteit@oudelandse.example"],
            "startdatum": -120,
            "deadline": 30,
            "budget": 2500,
            "status": "lopend",
            "themadoel": (3, "Past performance"),
            "voortgang": [
                (-60, "kwaliteit@oudelandse.example", "Enquête uitgezet; 41 van de 60 leden hebben gereageerd."),
                (-12, "uitvoerder@merwedijk.example",
                 "Eerste gesprekstafel gehouden. Het beeld: de beoordeling werkt, maar komt te laat in het project om "
                 "nog bij te sturen."),
            ],
        },
        {
            "werkgroep": "continuiteit",
            "titel": "Projectenpijplijn per kwartaal delen met de kring",
            "omschrijving": "De gemeente deelt elk kwartaal welke projecten eraan komen, met fase en verwacht "
            "moment van aanbesteden.",
            "initiatiefnemer": "stuurgroep@dordrecht.example",
            "team": ["directeur@oudelandse.example", "planning@drechtoever.example"],
            "startdatum": datetime.date(2020, 4, 1),
            "deadline": datetime.date(2021, 1, 31),
            "budget": None,
            "status": "afgerond",
            "themadoel": (2, "Continuïteit in opdrachtverlening"),
            "voortgang": [
                (datetime.date(2021, 1, 20), "stuurgroep@dordrecht.example",
                 "Het eerste kwartaaloverzicht is gedeeld en besproken in de kenniskring; voortaan vast agendapunt."),
            ],
        },
        {
            "werkgroep": "continuiteit",
            "titel": "Spreiding van aanbestedingen 2027 over de kwartalen",
            "omschrijving": "Samen met inkoop de aanbestedingen van 2027 zo plannen dat niet alles in het vierde "
            "kwartaal op de markt komt.",
            "initiatiefnemer": "directeur@oudelandse.example",
            "team": ["assetmanager@dordrecht.example", "calculator@merwedijk.example"],
            "startdatum": -90,
            "deadline": -14,
            "budget": None,
            "status": "lopend",
            "themadoel": (3, "Continuïteit en werk met werk maken"),
            "voortgang": [
                (-45, "assetmanager@dordrecht.example",
                 "Conceptplanning gemaakt: het derde en vierde kwartaal zijn nog te vol."),
                (-20, "directeur@oudelandse.example",
                 "Wacht op de begroting van de gemeente; pas daarna kunnen projecten naar voren."),
            ],
        },
        {
            "werkgroep": "continuiteit",
            "titel": "Koppelkansen riolering en herinrichting in Wielwijk in beeld brengen",
            "omschrijving": "Rioolvervanging, groen en herinrichting in Wielwijk zo combineren dat de wijk één keer "
            "open gaat.",
            "initiatiefnemer": "projectmanager@papendrecht.example",
            "team": ["planning@drechtoever.example"],
            "startdatum": 10,
            "deadline": 120,
            "budget": 7500,
            "status": "gepland",
            "themadoel": (3, "Continuïteit en werk met werk maken"),
            "voortgang": [],
        },
        {
            "werkgroep": "sroi",
            "titel": "Gezamenlijke SROI-visie 2.0",
            "omschrijving": "Een visie op social return die voor gemeente én bedrijven meerwaarde heeft, met "
            "aandacht voor de instroom van jongeren in de branche.",
            "initiatiefnemer": "sroi@dordrecht.example",
            "team": ["uitvoering@noordpolder.example", "werkvoorbereiding@zeedijk.example"],
            "startdatum": datetime.date(2020, 9, 1),
            "deadline": datetime.date(2021, 6, 30),
            "budget": 2000,
            "status": "afgerond",
            "themadoel": (2, "Social return"),
            "voortgang": [
                (datetime.date(2021, 6, 21), "sroi@dordrecht.example",
                 "De visie is door de stuurgroep vastgesteld en staat in de kennisbank."),
            ],
        },
        {
            "werkgroep": "sroi",
            "titel": "SROI-bouwblokken: een gedeelde pool van BBL-leerlingen",
            "omschrijving": "Bedrijven geven BBL-leerlingen aan elkaar door als hun eigen project stopt, zodat een "
            "leerling zijn opleiding kan afmaken en de SROI-inzet op meerdere projecten telt.",
            "initiatiefnemer": "uitvoering@noordpolder.example",
            "team": ["sroi@dordrecht.example", "kwaliteit@oudelandse.example"],
            "startdatum": -200,
            "deadline": -30,
            "budget": 12000,
            "status": "lopend",
            "themadoel": (3, "Arbeidsmarkt en social return"),
            "voortgang": [
                (-150, "uitvoering@noordpolder.example",
                 "Vier bedrijven doen mee; afspraken over de leerwerkovereenkomst liggen bij het opleidingsbedrijf."),
                (-40, "sroi@dordrecht.example",
                 "De waardering in de SROI-tabel is nog niet rond: telt een doorgegeven leerling bij beide projecten?"),
            ],
        },
        {
            "werkgroep": "sroi",
            "titel": "Leerlijn grondwerker met het regionale opleidingsbedrijf",
            "omschrijving": "Een competentiegerichte leerlijn voor nieuwe grondwerkers, met praktijkplaatsen bij de "
            "leden.",
            "initiatiefnemer": "werkvoorbereiding@zeedijk.example",
            "team": [],
            "startdatum": 30,
            "deadline": 200,
            "budget": 8000,
            "status": "gepland",
            "themadoel": (3, "Arbeidsmarkt en social return"),
            "voortgang": [],
        },
        {
            "werkgroep": "digitalisering",
            "titel": "Gezamenlijke BIM-omgeving voor kleine projecten",
            "omschrijving": "Eén BIM-omgeving voor alle projecten van de kring.",
            "initiatiefnemer": "bim@kiltunnel.example",
            "team": ["maatvoering@sterrenburg.example"],
            "startdatum": datetime.date(2021, 1, 15),
            "deadline": datetime.date(2021, 12, 31),
            "budget": 15000,
            "status": "vervallen",
            "themadoel": (2, "Kennisdeling en samenwerken aan de voorkant"),
            "voortgang": [
                (datetime.date(2021, 11, 1), "bim@kiltunnel.example",
                 "Vervallen: voor de kleine projecten van de kring te zwaar. We gaan verder met kleine stappen per "
                 "project."),
            ],
        },
        {
            "werkgroep": "digitalisering",
            "titel": "Digitale samenwerking in projecten: een gedeelde projectomgeving proberen",
            "omschrijving": "In twee projecten delen gemeente en aannemer tekeningen, planning en meldingen in één "
            "omgeving, in plaats van per e-mail.",
            "initiatiefnemer": "assetmanager@dordrecht.example",
            "team": ["bim@kiltunnel.example", "riolering@zwijndrecht.example"],
            "startdatum": -60,
            "deadline": 45,
            "budget": 4000,
            "status": "lopend",
            "themadoel": (3, "Ontwikkelen en leren"),
            "voortgang": [
                (-30, "bim@kiltunnel.example", "Eerste project gestart; de uitvoerders gebruiken de app op de bouwplaats."),
            ],
        },
        {
            "werkgroep": "duurzaamheid",
            "titel": "CO2-prestatieladder: wat vraagt de gemeente van kleine aannemers?",
            "omschrijving": "Uitzoeken welk niveau van de CO2-prestatieladder redelijk is voor het MKB, en hoe een "
            "bedrijf daar stap voor stap komt.",
            "initiatiefnemer": "mvo@oostkil.example",
            "team": ["duurzaamheid@dordrecht.example"],
            "startdatum": -150,
            "deadline": -7,
            "budget": 1500,
            "status": "lopend",
            "themadoel": (3, "Klimaat, circulariteit en duurzaamheid"),
            "voortgang": [
                (-90, "mvo@oostkil.example", "Vijf leden hebben hun ervaringen met certificering gedeeld."),
                (-25, "duurzaamheid@dordrecht.example",
                 "Voorstel: niveau 3 pas vragen boven een drempelbedrag; juridisch nog te toetsen."),
            ],
        },
        {
            "werkgroep": "duurzaamheid",
            "titel": "MKI-berekening voor standaard wegprofielen",
            "omschrijving": "Voor de drie meest gebruikte wegprofielen de milieukostenindicator berekenen, zodat "
            "projecten een vergelijkbaar startpunt hebben.",
            "initiatiefnemer": "duurzaamheid@dordrecht.example",
            "team": ["projectmanager@papendrecht.example"],
            "startdatum": 14,
            "deadline": 150,
            "budget": 5000,
            "status": "gepland",
            "themadoel": (3, "Klimaat, circulariteit en duurzaamheid"),
            "voortgang": [],
        },
        {
            "werkgroep": "omgevingsmanagement",
            "titel": "Een vaste communicatieaanpak per wijk",
            "omschrijving": "Per wijk vastleggen wie de sleutelfiguren zijn, welke kanalen werken en wanneer "
            "bewoners mee kunnen praten.",
            "initiatiefnemer": "omgevingsmanager@dordrecht.example",
            "team": ["omgeving@vogelbuurt.example", "projecten@reeland.example"],
            "startdatum": -100,
            "deadline": 60,
            "budget": 3000,
            "status": "lopend",
            "themadoel": (3, "Continuïteit en werk met werk maken"),
            "voortgang": [
                (-5, "omgeving@vogelbuurt.example",
                 "Wijkprofielen voor Crabbehof en Sterrenburg klaar; Reeland volgt na de bewonersavond."),
            ],
        },
        {
            "werkgroep": "communicatie",
            "titel": "Kennismakingsochtend bedrijven en gemeentelijke afdelingen",
            "omschrijving": "Nieuwe leden stellen zich voor aan de afdelingen van de gemeente die opdrachten "
            "voorbereiden.",
            "initiatiefnemer": "communicatie@dordrecht.example",
            "team": ["werkvoorbereider@wantij.example"],
            "startdatum": -120,
            "deadline": -20,
            "budget": 1200,
            "status": "afgerond",
            "themadoel": (3, "Ontwikkelen en leren"),
            "voortgang": [
                (-21, "werkvoorbereider@wantij.example",
                 "Ochtend gehouden met 45 deelnemers; de presentaties staan in de kennisbank."),
            ],
        },
        {
            "werkgroep": "communicatie",
            "titel": "Terugblik op vijf jaar kring in korte video's",
            "omschrijving": "Leden vertellen in een minuut wat de kring hun opleverde.",
            "initiatiefnemer": "werkvoorbereider@wantij.example",
            "team": ["communicatie@dordrecht.example"],
            "startdatum": 0,
            "deadline": 90,
            "budget": 2500,
            "status": "gepland",
            "themadoel": (3, "Ontwikkelen en leren"),
            "voortgang": [],
        },
    ]  # fmt: skip

    def create_uitvoeringsagenda(self, gebruikers):
        """The activities above with their teams and progress notes; `gewijzigd_op` follows the latest note, so a
        meeting's "voortgang uitvoeringsagenda" shows what moved since the previous one."""
        from django.utils import timezone

        from kring.models import Themadoel
        from werkgroepen.models import Activiteit, Voortgangsnotitie

        vandaag = timezone.localdate()

        def datum(waarde):
            return vandaag + datetime.timedelta(days=waarde) if isinstance(waarde, int) else waarde

        def moment(dag):
            return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(10)))

        def persoon(email):
            return User.objects.get(email=email)

        for gegevens in self.ACTIVITEITEN:
            versie, doel = gegevens["themadoel"]
            startdatum = datum(gegevens["startdatum"])
            notities = [(datum(dag), email, tekst) for dag, email, tekst in gegevens["voortgang"]]
            activiteit, _ = Activiteit.objects.update_or_create(
                werkgroep=Werkgroep.objects.get(slug=gegevens["werkgroep"]),
                titel=gegevens["titel"],
                defaults={
                    "omschrijving": gegevens["omschrijving"],
                    "themadoel": Themadoel.objects.get(overeenkomst__versie=versie, naam=doel),
                    "initiatiefnemer": persoon(gegevens["initiatiefnemer"]),
                    "startdatum": startdatum,
                    "deadline": datum(gegevens["deadline"]),
                    "budget": gegevens["budget"],
                    "status": gegevens["status"],
                    "aangemaakt_op": moment(min(startdatum, vandaag)),
                    "gewijzigd_op": moment(max([min(startdatum, vandaag), *(dag for dag, _, _ in notities)])),
                },
            )
            activiteit.team.set([persoon(email) for email in gegevens["team"]])
            for dag, email, tekst in notities:
                Voortgangsnotitie.objects.update_or_create(
                    activiteit=activiteit,
                    datum=dag,
                    defaults={"tekst": tekst, "auteur": persoon(email), "aangemaakt_op": moment(dag)},
                )

    # --- Werkgroepen ---------------------------------------------------------------------------------------------------

    # Open requests to join a werkgroep: (werkgroep, e-mail, days ago, motivatie). Past performance is led by
    # projectleider@dordrecht.example and uitvoerder@merwedijk.example, so a demo visitor can judge those requests.
    AANMELDINGEN = [
        (
            "past-performance",
            "werkvoorbereider@wantij.example",
            6,
            "Bij Wantij bereiden wij de meeste gemeentelijke werken voor. Ik denk graag mee over hoe de beoordeling "
            "ook de werkvoorbereiding en de planning meeneemt.",
        ),
        (
            "past-performance",
            "beleidsadviseur@zwijndrecht.example",
            3,
            "Zwijndrecht overweegt het beoordelingssysteem over te nemen. Ik volg de ervaringen van Dordrecht graag "
            "van dichtbij.",
        ),
        (
            "duurzaamheid",
            "planning@drechtoever.example",
            9,
            "Wij rekenen sinds dit jaar de MKI van onze asfaltwerken door en delen graag wat we daarbij leren.",
        ),
        (
            "sroi",
            "tender@wantij.example",
            2,
            "In onze inschrijvingen komt social return steeds vaker terug; ik wil weten wat in de praktijk werkt.",
        ),
    ]

    def create_werkgroepen(self, gebruikers):
        """Open join requests. Every werkgroep already has a trekker from each side (create_leden)."""
        from django.utils import timezone

        from werkgroepen.models import Aanmelding, Lidmaatschap

        nu = timezone.now()
        for slug, email, dagen, motivatie in self.AANMELDINGEN:
            werkgroep = Werkgroep.objects.get(slug=slug)
            aanvrager = User.objects.get(email=email)
            # A demo visitor may have approved the request on an earlier run: a member does not ask again.
            if Lidmaatschap.objects.filter(werkgroep=werkgroep, gebruiker=aanvrager, tot__isnull=True).exists():
                continue
            Aanmelding.objects.update_or_create(
                werkgroep=werkgroep,
                gebruiker=aanvrager,
                status=Aanmelding.Status.AANGEVRAAGD,
                defaults={"motivatie": motivatie, "aangevraagd_op": nu - datetime.timedelta(days=dagen)},
            )

    # --- Bijeenkomsten -----------------------------------------------------------------------------------------------

    STADSKANTOOR = "Stadskantoor, Spuiboulevard 300, Dordrecht"

    # The kenniskring meets about every two months. Per meeting: titel, werkgroep (slug or None), days from today,
    # hours (from, to), location, online link, organiser, what the fixed items are about this time, own items (title,
    # explanation, place: "voor" the fixed agenda or "na" it), and, for a meeting that was held, the minutes: text,
    # decisions and actiepunten (description, owner, deadline in days after the meeting, done so many days after it
    # or None). Written for the demo; people and firms are fictional.
    BIJEENKOMSTEN = [
        {
            "titel": "Kenniskring: werk verdelen over het jaar",
            "werkgroep": None,
            "dagen": -175,
            "uren": (15, 17),
            "locatie": STADSKANTOOR,
            "online_link": "",
            "organisator": "beheerder@kringportaal.example",
            "toelichting": {
                "arbeidsmarkt": "Hoe houden bedrijven hun vaste ploegen aan het werk in de stille wintermaanden?",
                "transitievraagstukken": "Emissieloos werken in de binnenstad vanaf 2030: wat vraagt dat nu al?",
            },
            "eigen": [("Opening en mededelingen", "", "voor"), ("Rondvraag", "", "na")],
            "verslag": "# Arbeidsmarkt\n\n"
            "Drie bedrijven lieten ploegen in januari en februari noodgedwongen thuis. De gemeente herkent het beeld: "
            "veel werken gaan pas na de voorjaarsnota de markt op.\n\n"
            "# Transitievraagstukken\n\n"
            "Emissieloos werken vraagt investeringen in materieel die alleen terugverdiend worden bij een *voorspelbaar* "
            "werkaanbod. De werkgroepen Continuïteit en Duurzaamheid trekken hierin samen op.\n\n"
            "# Rondvraag\n\n"
            "Geen punten.",
            "besluiten": [
                "De gemeente publiceert haar planning voortaan per kwartaal in de aanbestedingskalender.",
                "De werkgroep Continuïteit brengt de spreiding van aanbestedingen over het jaar in beeld.",
            ],
            "actiepunten": [
                ("Planning per kwartaal aanleveren voor de aanbestedingskalender", "inkoper@dordrecht.example", 45, 30),
                ("Spreiding van de afgelopen twee jaar in een overzicht zetten", "planning@drechtoever.example", 60, 55),
                ("Investeringsbehoefte emissieloos materieel peilen bij de leden", "mvo@oostkil.example", 90, 100),
            ],
        },
        {
            "titel": "Kenniskring: social return in de praktijk",
            "werkgroep": None,
            "dagen": -115,
            "uren": (15, 17),
            "locatie": STADSKANTOOR,
            "online_link": "https://vergaderen.kringportaal.example/kenniskring",
            "organisator": "beheerder@kringportaal.example",
            "toelichting": {
                "arbeidsmarkt": "BBL-leerlingen doorschuiven tussen projecten en bedrijven: wat houdt ons tegen?",
            },
            "eigen": [
                ("Presentatie: SROI met BBL-leerlingen in Crabbehof", "Door de werkgroep SROI, met een uitvoerder die "
                 "twee leerlingen begeleidde.", "na"),
                ("Rondvraag", "", "na"),
            ],
            "verslag": "# Presentatie SROI met BBL-leerlingen\n\n"
            "Twee leerlingen werkten een jaar mee aan de herinrichting in Crabbehof. Wat werkte: één vaste begeleider "
            "op het werk en vaste lesdagen. Wat schuurde: na oplevering was er geen volgend project voor hen.\n\n"
            "# Voortgang uitvoeringsagenda\n\n"
            "- De spreiding van aanbestedingen staat in een overzicht; het voorjaar blijft druk.\n"
            "- De kennismakingsochtend met de afdelingen is gepland.\n\n"
            "# Klaagpaal\n\n"
            "Meerwerk wordt laat gefactureerd omdat de opdracht op papier achterloopt. De gemeente zoekt uit waar het "
            "blijft hangen.",
            "besluiten": [
                "De kring richt een gedeelde poule in waarin bedrijven leerlingen aan elkaar doorgeven.",
            ],
            "actiepunten": [
                ("Voorstel voor een gedeelde leerlingenpoule uitwerken", "sroi@dordrecht.example", 60, 50),
                ("Route van meerwerkopdrachten in kaart brengen", "directievoerder@dordrecht.example", 30, None),
                ("Ervaringen met BBL-leerlingen opschrijven voor de kennisbank", "uitvoerder@merwedijk.example", 45,
                 40),
            ],
        },
        {
            "titel": "Kenniskring: terugblik op de Visbrug",
            "werkgroep": None,
            "dagen": -55,
            "uren": (15, 17),
            "locatie": STADSKANTOOR,
            "online_link": "",
            "organisator": "beheerder@kringportaal.example",
            "toelichting": {
                "transitievraagstukken": "Bouwteams bij kleinere werken: kan dat zonder extra voorbereidingskosten?",
            },
            "eigen": [("Terugblik pilot Visbrug met wederzijdse beoordeling", "", "na"), ("Rondvraag", "", "na")],
            "verslag": "# Terugblik Visbrug\n\n"
            "Gemeente en aannemer beoordeelden elkaar halverwege en bespraken de verschillen. Beide kanten noemen het "
            "gesprek waardevoller dan het cijfer.\n\n"
            "# Hulpvraag\n\n"
            "Een lid zoekt ervaring met het doorrekenen van de MKI van asfaltvarianten. Twee bedrijven bieden aan hun "
            "werkwijze te laten zien.",
            "besluiten": [
                "De wederzijdse beoordeling wordt bij alle werken boven de drempel van de werkgroep toegepast.",
                "Het tussentijdse beoordelingsgesprek wordt al bij de start van een project gepland.",
            ],
            "actiepunten": [
                ("Evaluatie Visbrug als praktijkvoorbeeld in de kennisbank zetten", "projectleider@dordrecht.example",
                 21, 14),
                ("Drempel voor de wederzijdse beoordeling voorstellen", "uitvoerder@merwedijk.example", 28, None),
                ("Werkwijze MKI-berekening delen met de werkgroep Duurzaamheid", "calculator@merwedijk.example", 60,
                 None),
            ],
        },
        {
            "titel": "Werkgroep Past performance: drempel en planning",
            "werkgroep": "past-performance",
            "dagen": -30,
            "uren": (10, 12),
            "locatie": "",
            "online_link": "https://vergaderen.kringportaal.example/past-performance",
            "organisator": "projectleider@dordrecht.example",
            "toelichting": {},
            "eigen": [("Voorstel drempelbedrag", "", "na")],
            "verslag": "# Voorstel drempelbedrag\n\n"
            "De werkgroep bespreekt twee varianten: een drempel op opdrachtwaarde en een op looptijd. De voorkeur gaat "
            "uit naar de looptijd: juist langere werken hebben baat bij een tussentijds gesprek.",
            "besluiten": ["De werkgroep stelt de kenniskring een drempel van drie maanden looptijd voor."],
            "actiepunten": [
                ("Voorstel drempel op één A4 voor de kenniskring", "tender@wantij.example", 21, None),
            ],
        },
        {
            "titel": "Kenniskring: het werkaanbod van volgend jaar",
            "werkgroep": None,
            "dagen": 5,
            "uren": (15, 17),
            "locatie": STADSKANTOOR,
            "online_link": "https://vergaderen.kringportaal.example/kenniskring",
            "organisator": "beheerder@kringportaal.example",
            "toelichting": {
                "arbeidsmarkt": "De gedeelde leerlingenpoule: eerste ervaringen na drie maanden.",
                "transitievraagstukken": "Klimaatadaptatie in de wijken: riolering, groen en straten in één keer.",
            },
            "eigen": [
                ("Opening en mededelingen", "", "voor"),
                ("Vaststellen verslag vorige bijeenkomst", "", "voor"),
                ("Het werkaanbod van volgend jaar", "De gemeente licht de planning per kwartaal toe; de bedrijven "
                 "geven aan waar zij ruimte en knelpunten zien.", "na"),
                ("Rondvraag", "", "na"),
            ],
        },
        {
            "titel": "Werkgroep Duurzaamheid: MKI en emissieloos materieel",
            "werkgroep": "duurzaamheid",
            "dagen": 19,
            "uren": (14, 16),
            "locatie": "Werf van Oostkil Betonwerken, Dordrecht",
            "online_link": "https://vergaderen.kringportaal.example/duurzaamheid",
            "organisator": "duurzaamheid@dordrecht.example",
            "toelichting": {},
            "eigen": [("Rondleiding langs het elektrische materieel", "Verzamelen bij de poort.", "voor")],
        },
    ]  # fmt: skip

    def create_bijeenkomsten(self, gebruikers):
        """Meetings of the kenniskring and of two werkgroepen: held ones with minutes, decisions, attendance and
        actiepunten (some done, some overdue), and an upcoming kring meeting in five days and a werkgroep meeting."""
        from django.utils import timezone

        from werkgroepen.models import Aanwezigheid, Actiepunt, Agendapunt, Besluit, Bijeenkomst
        from werkgroepen.selectors.bijeenkomsten import genodigden
        from werkgroepen.services.bijeenkomsten import VASTE_AGENDA

        vandaag = timezone.localdate()
        for gegevens in self.BIJEENKOMSTEN:
            dag = vandaag + datetime.timedelta(days=gegevens["dagen"])
            van, tot = gegevens["uren"]
            begin = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(van)))
            einde = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(tot)))
            gehouden = "verslag" in gegevens
            werkgroep = Werkgroep.objects.get(slug=gegevens["werkgroep"]) if gegevens["werkgroep"] else None
            bijeenkomst, _ = Bijeenkomst.objects.update_or_create(
                titel=gegevens["titel"],
                werkgroep=werkgroep,
                defaults={
                    "begin": begin,
                    "einde": einde,
                    "locatie": gegevens["locatie"],
                    "online_link": gegevens["online_link"],
                    "aangemaakt_door": User.objects.get(email=gegevens["organisator"]),
                    "status": Bijeenkomst.Status.GEHOUDEN if gehouden else Bijeenkomst.Status.GEPLAND,
                    "verslag": gegevens.get("verslag", ""),
                    "verslag_vastgesteld_op": einde + datetime.timedelta(days=3) if gehouden else None,
                },
            )
            voor = [punt for punt in gegevens["eigen"] if punt[2] == "voor"]
            na = [punt for punt in gegevens["eigen"] if punt[2] == "na"]
            punten = [(Agendapunt.Soort.EIGEN, titel, toelichting) for titel, toelichting, _ in voor]
            punten += [
                (soort, soort.label, gegevens["toelichting"].get(soort, str(standaard)))
                for soort, standaard in VASTE_AGENDA
            ]
            punten += [(Agendapunt.Soort.EIGEN, titel, toelichting) for titel, toelichting, _ in na]
            for volgorde, (soort, titel, toelichting) in enumerate(punten, start=1):
                Agendapunt.objects.update_or_create(
                    bijeenkomst=bijeenkomst,
                    soort=soort,
                    titel=titel,
                    signaal=None,
                    defaults={"toelichting": toelichting, "volgorde": volgorde},
                )

            # Who came or answered differs per meeting, so nobody is always absent.
            for nummer, gebruiker in enumerate(genodigden(werkgroep=werkgroep), start=gegevens["dagen"]):
                if gehouden:  # most came; a few sent regrets, one did not show up
                    status = ["aanwezig", "aanwezig", "afgemeld", "aanwezig", "afwezig"][nummer % 5]
                else:  # some answered already
                    status = ["uitgenodigd", "aangemeld", "uitgenodigd", "afgemeld"][nummer % 4]
                Aanwezigheid.objects.update_or_create(
                    bijeenkomst=bijeenkomst, gebruiker=gebruiker, defaults={"status": status}
                )

            for volgorde, tekst in enumerate(gegevens.get("besluiten", []), start=1):
                Besluit.objects.update_or_create(bijeenkomst=bijeenkomst, tekst=tekst, defaults={"volgorde": volgorde})
            for omschrijving, email, deadline, gedaan in gegevens.get("actiepunten", []):
                Actiepunt.objects.update_or_create(
                    bijeenkomst=bijeenkomst,
                    omschrijving=omschrijving,
                    defaults={
                        "eigenaar": User.objects.get(email=email),
                        "deadline": dag + datetime.timedelta(days=deadline),
                        "gedaan_op": einde + datetime.timedelta(days=gedaan) if gedaan is not None else None,
                    },
                )

    # --- Aanbestedingskalender --------------------------------------------------------------------------------------

    def create_kalender(self, gebruikers):
        """The two demo contractors follow a few of Dordrecht's upcoming tenders (the Visbrug first) since six weeks;
        the Visbrug's tender moved a quarter two days ago, so the reminder sweep has a change to mail them. The change
        is written as the history row the project's edit would have left (was: the quarter before, wordt: the
        quarter it has now), so the project itself stays as create_projecten left it."""
        from django.utils import timezone

        from projecten.kwartalen import kwartaal_code, kwartaal_plus
        from projecten.models import Interesse, Projectwijziging
        from projecten.selectors.kalender import kalender_publiek

        komend = sorted(
            kalender_publiek().filter(gemeente__naam="Gemeente Dordrecht")[:8],
            key=lambda project: "Visbrug" not in project.naam,  # a stable sort: the Visbrug first, then by quarter
        )
        if not komend:
            return
        sinds = timezone.now() - datetime.timedelta(days=42)
        volgers = {
            gebruikers["opdrachtnemer"]: komend[:4],
            gebruikers["opdrachtnemer (ander bedrijf)"]: [komend[0], *komend[4:7]],
        }
        for gebruiker, projecten in volgers.items():
            for project in projecten:
                Interesse.objects.update_or_create(
                    project=project, gebruiker=gebruiker, defaults={"aangemaakt_op": sinds}
                )
        visbrug = komend[0]
        Projectwijziging.objects.update_or_create(
            project=visbrug,
            veld="aanbesteding_kwartaal",
            reden="De watervergunning van het waterschap komt een kwartaal later dan gepland; de aanbesteding "
            "schuift mee.",
            defaults={
                "oude_waarde": kwartaal_code(kwartaal_plus(visbrug.aanbesteding_kwartaal, -1)),
                "nieuwe_waarde": kwartaal_code(visbrug.aanbesteding_kwartaal),
                "door": gebruikers["gemeente"],
                "op": timezone.now() - datetime.timedelta(days=2),
            },
        )

    # --- Spreiding ---------------------------------------------------------------------------------------------------

    # Werkvoorraad per demo company: months in hand now, and for how many quarters ahead it reports. The figures drop
    # further ahead (less is contracted yet) and fewer companies look far ahead, so the last quarters show "te weinig
    # meldingen". EIB measured 6,5 months for wegenbouw and 9 for grond- en waterbouw in 2022.
    WERKVOORRAAD = [
        ("Merwedijk Infra B.V.", "7.5", 8),
        ("Oudelandse Grondwerken B.V.", "6.0", 6),
        ("Wantij Waterbouw B.V.", "9.0", 12),
        ("Zeedijk Riolering B.V.", "5.5", 5),
        ("Drechtoever Wegenbouw B.V.", "4.5", 4),
        ("Wielwijk Straatwerk B.V.", "3.0", 8),
        ("Dubbeldam Oeverwerken B.V.", "8.0", 3),
    ]

    def create_spreiding(self):
        """Werkvoorraad reports of seven demo contractors for the coming quarters, by one of their people."""
        from decimal import Decimal

        from projecten.models import Werkvoorraad
        from projecten.selectors.spreiding import horizon

        kwartalen = horizon()
        for naam, nu, vooruit in self.WERKVOORRAAD:
            organisatie = Organisatie.objects.get(naam=naam)
            melder = organisatie.medewerkers.filter(status=User.Status.ACTIEF).order_by("pk").first()
            for index, kwartaal in enumerate(kwartalen[:vooruit]):
                # Less work in hand the further ahead, never below two months.
                maanden = max(Decimal(2), Decimal(nu) - Decimal("0.5") * index)
                Werkvoorraad.objects.update_or_create(
                    organisatie=organisatie, kwartaal=kwartaal, defaults={"maanden": maanden, "gemeld_door": melder}
                )

    # --- Gebieden: opgaven, koppelkansen, graafrust ------------------------------------------------------------------

    # Opgaven in the Dordrecht wijken (create_projecten makes the wijken and projects): wijk, titel, thema, eigenaar,
    # naam eigenaar, window in quarters from the current one (first, last), zekerheid, bron, and the number of the
    # project that has taken the opgave up (None: not yet). With the projects in the same wijken they give a few
    # koppelkansen.
    # fmt: off
    OPGAVEN = [
        ("Wielwijk", "Vervanging gemengd riool Wielwijk-Noord", "riolering", "gemeente", "Team Riolering en water", 2, 6, "hoog", "GRP Dordrecht 2024–2028", "DOR-1009"),
        ("Wielwijk", "Renovatie 240 portiekwoningen Wielwijk", "woningbouw", "corporatie", "Woningcorporatie, programma Wielwijk", 3, 8, "midden", "Prestatieafspraken 2025", None),
        ("Wielwijk", "Verzwaring laagspanningsnet Wielwijk", "energietransitie", "netbeheerder", "Netbeheerder, regio Drechtsteden", 2, 5, "midden", "Investeringsplan netbeheerder 2026", None),
        ("Crabbehof", "Verzwaring elektriciteitsnet Crabbehof", "energietransitie", "netbeheerder", "Netbeheerder, regio Drechtsteden", 1, 4, "hoog", "Investeringsplan netbeheerder 2026", None),
        ("Binnenstad", "Kabels en leidingen onder de Visbrug omleggen", "kabels_leidingen", "netbeheerder", "Netbeheerder, regio Drechtsteden", 0, 4, "hoog", "Afstemming kabels en leidingen (AKL) 2025", "DOR-1003"),
        ("Binnenstad", "Openbare verlichting historische binnenstad naar LED", "verlichting", "gemeente", "Team Openbare verlichting", 3, 6, "midden", "Beleidsplan openbare verlichting 2022–2030", None),
        ("Krispijn", "Vervanging riolering Krispijn-West", "riolering", "gemeente", "Team Riolering en water", 6, 10, "midden", "GRP Dordrecht 2024–2028", "DOR-1020"),
        ("Krispijn", "Warmtenet Krispijn, eerste fase", "energietransitie", "overig", "Warmtebedrijf Drechtsteden", 6, 11, "laag", "Transitievisie warmte 2021", None),
        ("Sterrenburg", "Vervanging iepen langs de Sterrenburgse singels", "groen", "gemeente", "Team Groen", 2, 4, "midden", "Bomenbeheerplan 2022–2027", None),
        ("Stadspolders", "Versterking waterkering Stadspolders", "kunstwerken", "waterschap", "Waterschap, afdeling Waterkeringen", 7, 10, "midden", "Hoogwaterbeschermingsprogramma", None),
        ("Dubbeldam", "Vervanging gasleidingen Dubbeldamseweg", "kabels_leidingen", "netbeheerder", "Netbeheerder, regio Drechtsteden", 10, 12, "laag", "Vervangingsprogramma gasleidingen", None),
        ("Zuidhoven", "Nieuwe speelplekken rond de scholen", "spelen", "gemeente", "Team Spelen", 0, 1, "laag", "Speelruimteplan 2023–2030", None),
    ]
    # fmt: on
    # A street just rebuilt: the project that rebuilt it, the street, the explanation.
    GRAAFRUST = (
        "DOR-0905",
        "Krispijnseweg tussen Mijlweg en Brouwersdijk",
        "Riolering, kabels en bestrating zijn net vernieuwd. Nieuwe aansluitingen graag via een boring of in de berm.",
    )
    KOPPELBESLUITEN = [
        # wijk, an opgave in the koppelkans, besluit, reden
        (
            "Wielwijk",
            "Renovatie 240 portiekwoningen Wielwijk",
            "gebundeld",
            "De herinrichting van Wielwijk-Noord, het afkoppelen en de renovatie van de corporatie worden samen "
            "gefaseerd: één bouwteam, één planning voor de bewoners, en de straat gaat één keer open.",
        ),
        (
            "Crabbehof",
            "Verzwaring elektriciteitsnet Crabbehof",
            "bewust_niet",
            "Het riool van Crabbehof-Zuid is op en moet nu vervangen worden; de netverzwaring en Crabbehof-Noord volgen "
            "later. Samen aanbesteden zou het riool een jaar vertragen. Wel stemmen we omleidingen en bouwverkeer af.",
        ),
    ]

    def create_gebieden(self, gebruikers):
        """Opgaven in the Dordrecht wijken (some taken up in a project), graafrust on a street just rebuilt, then
        detection; two koppelkansen get a decision with a reason (once: one with a decision is left as it is)."""
        from django.utils import timezone

        from projecten.kwartalen import huidig_kwartaal, kwartaal_einde, kwartaal_plus
        from projecten.models import Gebied, Graafrust, Koppelkans, Opgave, Project
        from projecten.services.gebieden import koppelkans_decide, koppelkansen_detect

        dordrecht = Organisatie.objects.get(naam="Gemeente Dordrecht")
        projecten = {project.nummer: project for project in Project.objects.filter(gemeente=dordrecht)}
        nu = huidig_kwartaal()

        def gebied(naam):
            return Gebied.objects.get_or_create(gemeente=dordrecht, naam=naam, defaults={"code": slugify(naam)})[0]

        for wijk, titel, thema, eigenaar, eigenaar_naam, van, tot, zekerheid, bron, nummer in self.OPGAVEN:
            Opgave.objects.update_or_create(
                gebied=gebied(wijk),
                titel=titel,
                defaults={
                    "thema": thema,
                    "eigenaar": eigenaar,
                    "eigenaar_naam": eigenaar_naam,
                    "venster_van": kwartaal_plus(nu, van),
                    "venster_tot": kwartaal_einde(kwartaal_plus(nu, tot)),
                    "zekerheid": zekerheid,
                    "bron": bron,
                    "project": projecten.get(nummer),
                },
            )

        nummer, locatie, toelichting = self.GRAAFRUST
        vernieuwd = projecten.get(nummer)
        Graafrust.objects.update_or_create(
            gebied=vernieuwd.gebied if vernieuwd else gebied("Krispijn"),
            locatie=locatie,
            defaults={
                "tot": timezone.localdate() + datetime.timedelta(days=2 * 365),
                "project": vernieuwd,
                "toelichting": toelichting,
            },
        )

        koppelkansen_detect(gemeente=dordrecht)
        for wijk, titel, besluit, reden in self.KOPPELBESLUITEN:
            koppelkans = Koppelkans.objects.filter(
                gebied__gemeente=dordrecht, gebied__naam=wijk, opgaven__titel=titel, besluiten__isnull=True
            ).first()
            if koppelkans is not None:
                koppelkans_decide(koppelkans=koppelkans, besluit=besluit, reden=reden, door=gebruikers["gemeente"])

    # --- Projecten ---------------------------------------------------------------------------------------------------

    # Value bands (naam, code, vanaf, tot, rekenwaarde): the pipeline shows these instead of estimates. The
    # rekenwaarde stands for a band's projects in the totals per quarter.
    WAARDEKLASSEN = [
        ("< € 250.000", "tot-250k", 0, 250_000, 150_000),
        ("€ 250.000 – € 1 mln", "250k-1mln", 250_000, 1_000_000, 600_000),
        ("€ 1 – 3 mln", "1-3mln", 1_000_000, 3_000_000, 2_000_000),
        ("€ 3 – 10 mln", "3-10mln", 3_000_000, 10_000_000, 6_000_000),
        ("> € 10 mln", "vanaf-10mln", 10_000_000, None, 15_000_000),
    ]
    WIJKEN = {
        "Binnenstad": "Het historische centrum met havens, kades en monumentale bruggen.",
        "Reeland": "Woonwijk tussen binnenstad en spoor, met het Weizigtpark.",
        "Sterrenburg": "Naoorlogse woonwijk met singels en brede lanen.",
        "Crabbehof": "Woonwijk uit de jaren vijftig en zestig in Dordrecht-West.",
        "Wielwijk": "Woonwijk in Dordrecht-West met veel portiekflats; vernieuwing samen met de corporatie.",
        "Krispijn": "Vooroorlogse woonwijk ten zuiden van het spoor.",
        "Oud-Krispijn": "Het oudste deel van Krispijn, met smalle straten en veel kabels en leidingen.",
        "Stadspolders": "Woonwijk met waterpartijen en gemalen in het oosten van de stad.",
        "Dubbeldam": "Dorpskern en woonwijken aan de oostkant van het eiland.",
        "Vogelbuurt": "Woonbuurt met lage ligging en kans op wateroverlast.",
        "Staart": "Wijk aan de noordkant, tussen spoor en rivier.",
        "Zuidhoven": "Woonwijk met scholen en sportparken in het zuiden.",
    }
    # The pipeline of Gemeente Dordrecht: nummer, naam, wijk, soort werk, fase, tender and start quarter (from the
    # current one; None: not known yet), duur (maanden), band, raming, zekerheid, window for the tender (quarters
    # from now) or None. The tenders pile up in three quarters and leave three empty, the way planning by asset
    # owners tends to go; the movable ones (midden/laag, still being prepared) let the spreidingsvoorstel even it out.
    # fmt: off
    PROJECTEN = [
        ("DOR-1001", "Asfaltonderhoud hoofdwegen Dubbeldam", "Dubbeldam", "wegen", "aanbesteding", 0, 1, 4, "1-3mln", 1_400_000, "hoog", None),
        ("DOR-1002", "Openbare verlichting Staart naar LED", "Staart", "verlichting", "aanbesteding", 0, 1, 3, "250k-1mln", 480_000, "hoog", None),
        ("DOR-1003", "Renovatie Visbrug", "Binnenstad", "kunstwerken", "voorbereiding", 1, 2, 10, "3-10mln", 6_800_000, "hoog", None),
        ("DOR-1004", "Herinrichting Vrieseplein", "Binnenstad", "wegen", "voorbereiding", 1, 2, 6, "1-3mln", 1_900_000, "midden", (1, 3)),
        ("DOR-1005", "Rioolvervanging Crabbehof-Zuid", "Crabbehof", "riolering", "voorbereiding", 1, 2, 8, "1-3mln", 2_300_000, "midden", (0, 3)),
        ("DOR-1006", "Groot onderhoud kademuren Wolwevershaven", "Binnenstad", "water", "ontwerp", 1, 3, 12, "3-10mln", 4_600_000, "laag", (1, 4)),
        ("DOR-1007", "Fietsstraat Reeweg-Oost", "Reeland", "wegen", "aanbesteding", 1, 2, 5, "250k-1mln", 820_000, "hoog", None),
        ("DOR-1008", "Vervanging speeltoestellen Sterrenburg", "Sterrenburg", "groen", "voorbereiding", 1, 2, 3, "tot-250k", 190_000, "midden", (1, 2)),
        ("DOR-1009", "Herinrichting Wielwijk-Noord, fase 1", "Wielwijk", "integraal", "ontwerp", 2, 3, 14, "3-10mln", 7_200_000, "midden", (2, 4)),
        ("DOR-1010", "Klimaatadaptatie Wielwijk: wadi's en afkoppelen", "Wielwijk", "klimaat", "ontwerp", 4, 5, 8, "1-3mln", 1_600_000, "laag", (3, 6)),
        ("DOR-1011", "Groot onderhoud Laan der Verenigde Naties", "Sterrenburg", "wegen", "ontwerp", 4, 5, 6, "1-3mln", 2_100_000, "midden", (3, 5)),
        ("DOR-1012", "Vervanging beschoeiing Stadspolders", "Stadspolders", "water", "ontwerp", 4, 5, 4, "250k-1mln", 650_000, "midden", (3, 6)),
        ("DOR-1013", "Herinrichting Crabbehof-Noord", "Crabbehof", "integraal", "ontwerp", 4, 5, 12, "3-10mln", 5_400_000, "midden", (4, 6)),
        ("DOR-1014", "Groenrenovatie Weizigtpark", "Reeland", "groen", "initiatief", 4, 5, 5, "250k-1mln", 700_000, "laag", (4, 7)),
        ("DOR-1015", "Vervanging brug Oranjelaan", "Oud-Krispijn", "kunstwerken", "voorbereiding", 4, 5, 9, "1-3mln", 2_600_000, "hoog", None),
        ("DOR-1016", "Openbare verlichting Dubbeldam naar LED", "Dubbeldam", "verlichting", "voorbereiding", 4, 5, 3, "250k-1mln", 560_000, "hoog", None),
        ("DOR-1017", "Rioolrenovatie Vogelbuurt (relining)", "Vogelbuurt", "riolering", "ontwerp", 5, 6, 4, "250k-1mln", 900_000, "midden", (5, 6)),
        ("DOR-1018", "Schoolomgeving Zuidhoven veiliger", "Zuidhoven", "wegen", "ontwerp", 5, 6, 3, "tot-250k", 220_000, "midden", None),
        ("DOR-1019", "Kademuur Nieuwe Haven, deel 2", "Binnenstad", "water", "ontwerp", 5, 7, 10, "3-10mln", 3_900_000, "hoog", None),
        ("DOR-1020", "Herinrichting Krispijn-West (riool, straten en groen)", "Krispijn", "integraal", "initiatief", 7, 8, 16, "3-10mln", 8_500_000, "midden", (6, 9)),
        ("DOR-1021", "Fietspad langs de Zeedijk", "Staart", "wegen", "initiatief", 7, 8, 5, "1-3mln", 1_200_000, "laag", (6, 9)),
        ("DOR-1022", "Groot onderhoud Merwedestraat", "Krispijn", "wegen", "ontwerp", 7, 8, 4, "250k-1mln", 750_000, "hoog", None),
        ("DOR-1023", "Vervanging gemaal Stadspolders", "Stadspolders", "riolering", "ontwerp", 7, 9, 8, "1-3mln", 1_750_000, "midden", (7, 8)),
        ("DOR-1024", "Speelnatuur Oud-Krispijn", "Oud-Krispijn", "groen", "initiatief", 7, 8, 3, "tot-250k", 160_000, "laag", (5, 9)),
        ("DOR-1025", "Herinrichting Sterrenburg-Centrum", "Sterrenburg", "integraal", "initiatief", 8, 9, 12, "3-10mln", 4_200_000, "laag", (7, 10)),
        ("DOR-1026", "Onderhoud verharding Stadspolders", "Stadspolders", "wegen", "initiatief", 8, 9, 6, "1-3mln", 1_300_000, "midden", (8, 10)),
        ("DOR-1027", "Vervanging damwand Wantijkade", "Reeland", "water", "initiatief", 9, 10, 6, "1-3mln", 2_400_000, "midden", None),
        ("DOR-1028", "Herinrichting Dubbeldamseweg", "Dubbeldam", "wegen", "initiatief", 11, 12, 8, "3-10mln", 3_300_000, "laag", (9, 11)),
        ("DOR-1029", "Klimaatadaptatie Vogelbuurt", "Vogelbuurt", "klimaat", "initiatief", 11, None, None, "1-3mln", None, "laag", (10, 11)),
        ("DOR-1030", "Openbare verlichting Zuidhoven naar LED", "Zuidhoven", "verlichting", "initiatief", 11, None, 3, "250k-1mln", None, "midden", None),
        ("DOR-1031", "Openbare ruimte Spuiboulevard", "Binnenstad", "integraal", "initiatief", None, None, None, "vanaf-10mln", None, "laag", None),
        ("DOR-1032", "Verduurzaming rioolgemalen (programma)", "Krispijn", "riolering", "initiatief", None, None, None, "1-3mln", None, "laag", None),
        ("DOR-0901", "Rioolvervanging Wielwijk-Zuid", "Wielwijk", "riolering", "uitvoering", -2, -1, 9, "1-3mln", 2_050_000, "hoog", None),
        ("DOR-0902", "Herinrichting Reeweg-Zuid", "Reeland", "wegen", "uitvoering", -3, -1, 8, "1-3mln", 1_450_000, "hoog", None),
        ("DOR-0903", "Vervanging beschoeiing Sterrenburgse singels", "Sterrenburg", "water", "uitvoering", -1, 0, 4, "250k-1mln", 610_000, "hoog", None),
        ("DOR-0904", "Vernieuwing Damplein", "Binnenstad", "wegen", "nazorg", -6, -5, 7, "1-3mln", 1_150_000, "hoog", None),
        ("DOR-0905", "Groot onderhoud Krispijnseweg", "Krispijn", "wegen", "afgerond", -9, -8, 6, "1-3mln", 1_700_000, "hoog", None),
        ("DOR-0906", "Speelplaatsen Crabbehof-Noord", "Crabbehof", "groen", "afgerond", -8, -7, 3, "tot-250k", 210_000, "hoog", None),
        ("DOR-0907", "Baggeren singels Dubbeldam", "Dubbeldam", "water", "afgerond", -7, -6, 3, "250k-1mln", 380_000, "hoog", None),
        ("DOR-0908", "Relining riolering Oud-Krispijn", "Oud-Krispijn", "riolering", "uitvoering", -2, 0, 5, "250k-1mln", 520_000, "hoog", None),
    ]
    # fmt: on
    # What sets some projects apart: description, contact (e-mail), procedure, contract form, sustainability, the early
    # talk in the kring (days ago and its outcome), the contractors it was awarded to.
    PROJECT_DETAILS = {
        "DOR-1003": {
            "omschrijving": "Groot onderhoud van de monumentale basculebrug over de Voorstraatshaven: bewegingswerk, "
            "landhoofden en het brugdek. De brug ligt midden in de binnenstad, met vaarverkeer, winkels en bewoners "
            "eromheen. Net als bij het eerdere herstel (zie het praktijkvoorbeeld in de kennisbank) werken gemeente "
            "en aannemer in een bouwteam.",
            "contact": "projectleider@dordrecht.example",
            "procedure": "europees",
            "contractvorm": "bouwteam",
            "sroi_percentage": 5,
            "co2_niveau": 3,
            "mki_doel": 410_000,
            "ambitieweb": {
                "energie": 2,
                "materialen": 3,
                "ecologie": 1,
                "bereikbaarheid": 3,
                "sociale_relevantie": 2,
                "ruimtelijke_kwaliteit": 3,
            },
            "besproken": 120,
            "bespreking": "Bouwteam gekozen: de constructie van het bewegingswerk is pas na demontage goed te "
            "beoordelen. Risico's: stremming van het vaarverkeer en de bereikbaarheid van de winkels. Afgesproken: "
            "één omgevingsmanager namens gemeente en aannemer, en de stremming in het winterseizoen.",
        },
        "DOR-1004": {
            "omschrijving": "Het plein wordt groener en autoluw, met ruimte voor markt en evenementen.",
            "contact": "projectleider@dordrecht.example",
            "sroi_percentage": 5,
        },
        "DOR-1005": {
            "omschrijving": "Het gemengde riool uit 1958 wordt vervangen door een gescheiden stelsel; de straten "
            "worden daarna opnieuw ingericht.",
            "contact": "assetmanager@dordrecht.example",
            "sroi_percentage": 5,
            "co2_niveau": 3,
        },
        "DOR-1006": {
            "omschrijving": "Herstel van de kademuren langs de Wolwevershaven. Het funderingsonderzoek loopt nog: de "
            "omvang is onzeker.",
            "contact": "directievoerder@dordrecht.example",
            "procedure": "onbekend",
            "contractvorm": "uav_gc",
            "besproken": 30,
            "bespreking": "Contractvorm besproken: UAV-GC ligt voor de hand omdat de aannemer de fundering mee moet "
            "ontwerpen, maar de kring adviseert eerst een tweefasenaanpak te overwegen zolang het "
            "funderingsonderzoek loopt.",
        },
        "DOR-1009": {
            "omschrijving": "Riool, afkoppelen van hemelwater, groen en straten in één integraal project, afgestemd "
            "op de renovatie van de portiekwoningen door de corporatie.",
            "contact": "omgevingsmanager@dordrecht.example",
            "procedure": "europees",
            "contractvorm": "bouwteam",
            "sroi_percentage": 5,
            "co2_niveau": 3,
            "ambitieweb": {"water": 3, "ecologie": 2, "materialen": 2, "welzijn": 2, "sociale_relevantie": 2},
            "besproken": 60,
            "bespreking": "De kring ziet veel raakvlakken met de woningrenovatie. Afgesproken: de aannemer sluit in "
            "de ontwerpfase aan, zodat fasering en bereikbaarheid samen met de corporatie worden gepland.",
        },
        "DOR-1013": {
            "omschrijving": "Riool, straten en groen in Crabbehof-Noord, na de verzwaring van het elektriciteitsnet.",
            "contact": "omgevingsmanager@dordrecht.example",
            "besproken": 15,
            "bespreking": "Afstemming met de netbeheerder nodig: de netverzwaring gaat voor.",
        },
        "DOR-1015": {"contact": "projectleider@dordrecht.example", "contractvorm": "uav_gc", "co2_niveau": 3},
        "DOR-1020": {
            "omschrijving": "Vervanging van het riool in Krispijn-West, gecombineerd met klimaatadaptatie en nieuwe "
            "straten. Mogelijk samen met het warmtenet.",
            "contact": "omgevingsmanager@dordrecht.example",
            "ambitieweb": {"energie": 2, "water": 2, "materialen": 2},
        },
        "DOR-0901": {
            "contact": "directievoerder@dordrecht.example",
            "opdrachtnemers": ["Zeedijk Riolering B.V."],
            "sroi_percentage": 5,
            "co2_niveau": 3,
        },
        "DOR-0902": {"contact": "wegbeheerder@dordrecht.example", "opdrachtnemers": ["Drechtoever Wegenbouw B.V."]},
        "DOR-0903": {"opdrachtnemers": ["Reeland Beschoeiingen B.V."]},
        "DOR-0904": {
            "contact": "projectleider@dordrecht.example",
            "opdrachtnemers": ["Biesbosch Bestrating B.V.", "Merwedijk Infra B.V."],
            "omschrijving": "Nieuwe bestrating, bomen en verlichting op het Damplein, uitgevoerd door een combinatie.",
        },
        "DOR-0905": {
            "opdrachtnemers": ["Merwedijk Infra B.V."],
            "co2_niveau": 3,
            "mki_doel": 95_000,
            "mki_gerealiseerd": 88_500,
        },
        "DOR-0906": {"opdrachtnemers": ["Crabbehof Tuin en Terrein B.V."]},
        "DOR-0907": {"opdrachtnemers": ["Merwehaven Baggerwerken B.V."]},
        "DOR-0908": {"opdrachtnemers": ["Zeedijk Riolering B.V."]},
    }
    # Who looks after each kind of work when no contact is named above.
    CONTACT_PER_SOORT = {
        "riolering": "assetmanager@dordrecht.example",
        "wegen": "wegbeheerder@dordrecht.example",
        "integraal": "omgevingsmanager@dordrecht.example",
        "water": "directievoerder@dordrecht.example",
    }
    # History rows: nummer, veld, was, wordt (quarters from now for quarter fields), reason, days ago.
    PROJECTWIJZIGINGEN = [
        (
            "DOR-1006",
            "zekerheid",
            "Midden",
            "Laag",
            "Het funderingsonderzoek wijst op meer schade dan gedacht; de omvang van het werk is nog niet zeker.",
            25,
        ),
        (
            "DOR-1009",
            "aanbesteding_kwartaal",
            1,
            2,
            "Gebundeld met de rioolvervanging en het afkoppelen, en afgestemd op de planning van de corporatie.",
            50,
        ),
        ("DOR-1013", "fase", "Initiatief", "Ontwerp", "Volgende fase volgens planning.", 40),
        (
            "DOR-1015",
            "waardeklasse",
            "€ 250.000 – € 1 mln",
            "€ 1 – 3 mln",
            "Uit constructief onderzoek blijkt dat ook de landhoofden vervangen moeten worden.",
            70,
        ),
        ("DOR-0901", "opdrachtnemers", "", "Zeedijk Riolering B.V.", "Gegund.", 200),
        ("DOR-0901", "fase", "Aanbesteding", "Uitvoering", "Volgende fase volgens planning.", 150),
    ]

    def create_projecten(self, gebruikers):
        """Value bands, the Dordrecht wijken and some forty projects of Gemeente Dordrecht spread unevenly over the
        coming quarters, a few with history. Written directly (as a gemeente would have entered them over time);
        idempotent on (gemeente, nummer)."""
        from decimal import Decimal

        from django.utils import timezone

        from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_plus
        from projecten.models import Gebied, Project, Projectwijziging, Waardeklasse

        klassen = {
            code: Waardeklasse.objects.update_or_create(
                code=code,
                defaults={
                    "naam": naam,
                    "ondergrens": vanaf,
                    "bovengrens": tot,
                    "rekenwaarde": reken,
                    "volgorde": volgorde,
                },
            )[0]
            for volgorde, (naam, code, vanaf, tot, reken) in enumerate(self.WAARDEKLASSEN, start=1)
        }
        dordrecht = Organisatie.objects.get(naam="Gemeente Dordrecht")
        wijken = {
            naam: Gebied.objects.update_or_create(
                gemeente=dordrecht, naam=naam, defaults={"code": slugify(naam), "omschrijving": omschrijving}
            )[0]
            for naam, omschrijving in self.WIJKEN.items()
        }
        nu = huidig_kwartaal()
        vandaag = timezone.localdate()
        moment = timezone.now()

        def kwartaal(plus):
            return kwartaal_plus(nu, plus) if plus is not None else None

        standaard_procedure = {
            "tot-250k": "enkelvoudig",
            "250k-1mln": "meervoudig",
            "1-3mln": "nationaal",
            "3-10mln": "nationaal",
            "vanaf-10mln": "europees",
        }
        for nummer, naam, wijk, soort, fase, tender, start, duur, klasse, raming, zekerheid, venster in self.PROJECTEN:
            details = self.PROJECT_DETAILS.get(nummer, {})
            bekend = fase != "initiatief"
            contact = details.get("contact") or self.CONTACT_PER_SOORT.get(soort, "projectleider@dordrecht.example")
            besproken = details.get("besproken")
            project, _ = Project.objects.update_or_create(
                gemeente=dordrecht,
                nummer=nummer,
                defaults={
                    "naam": naam,
                    "omschrijving": details.get("omschrijving", ""),
                    "gebied": wijken[wijk],
                    "soort_werk": soort,
                    "fase": fase,
                    "aanbesteding_kwartaal": kwartaal(tender),
                    "start_kwartaal": kwartaal(start),
                    "duur_maanden": duur,
                    "waardeklasse": klassen[klasse],
                    "raming": Decimal(raming) if raming is not None else None,
                    "procedure": details.get("procedure", standaard_procedure[klasse] if bekend else "onbekend"),
                    "contractvorm": details.get("contractvorm", "raw" if bekend else "onbekend"),
                    "zekerheid": zekerheid,
                    "verschuifbaar_vanaf": kwartaal(venster[0]) if venster else None,
                    "verschuifbaar_tot": kwartaal(venster[1]) if venster else None,
                    "sroi_percentage": details.get("sroi_percentage"),
                    "co2_niveau": details.get("co2_niveau"),
                    "mki_doel": details.get("mki_doel"),
                    "mki_gerealiseerd": details.get("mki_gerealiseerd"),
                    "ambitieweb": details.get("ambitieweb", {}),
                    "contactpersoon": User.objects.get(email=contact),
                    "besproken_in_kring_op": self.besproken_op(nummer, besproken, kwartaal(tender), vandaag),
                    "bespreking": details.get("bespreking", ""),
                    "aangemaakt_op": moment - datetime.timedelta(days=400),
                    "gewijzigd_op": moment - datetime.timedelta(days=10),
                },
            )
            project.opdrachtnemers.set(Organisatie.objects.filter(naam__in=details.get("opdrachtnemers", [])))

        for nummer, veld, was, wordt, reden, dagen in self.PROJECTWIJZIGINGEN:
            if veld == "aanbesteding_kwartaal":
                was, wordt = kwartaal_code(kwartaal(was)), kwartaal_code(kwartaal(wordt))
            Projectwijziging.objects.update_or_create(
                project=Project.objects.get(gemeente=dordrecht, nummer=nummer),
                veld=veld,
                reden=reden,
                defaults={
                    "oude_waarde": was,
                    "nieuwe_waarde": wordt,
                    "door": gebruikers["gemeente"],
                    "op": moment - datetime.timedelta(days=dagen),
                },
            )
