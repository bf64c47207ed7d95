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
        # -- uitvoeringsagenda
        # -- bijeenkomsten
        # -- signalen en agenda-feed
        # -- kennisbank
        return gebruikers

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
