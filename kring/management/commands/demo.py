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
        # -- intentieovereenkomst
        # -- rapporten
        # -- herinneringen
        # -- privacy en auditlog
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
