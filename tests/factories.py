"""Factories for tests (and nothing else). Fictional names only."""

import datetime
import hashlib

from django.utils import timezone

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from kring.models import Organisatie, User
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus
from werkgroepen.models import Werkgroep

WACHTWOORD = "Correct-paard-batterij-nietje-42"


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Grondwerken Testbedrijf {n} B.V.")
    soort = Organisatie.Soort.OPDRACHTNEMER
    kvk_nummer = factory.Sequence(lambda n: f"{60000000 + n:08d}")
    plaats = "Dordrecht"
    lid_sinds = datetime.date(2019, 3, 28)

    class Params:
        gemeente = factory.Trait(
            soort=Organisatie.Soort.GEMEENTE, naam=factory.Sequence(lambda n: f"Gemeente Testdorp {n}"), kvk_nummer=""
        )
        voorgesteld = factory.Trait(lid_sinds=None)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.test")
    naam = factory.Sequence(lambda n: f"Testpersoon {n}")
    organisatie = factory.SubFactory(OrganisatieFactory)
    status = User.Status.ACTIEF

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or WACHTWOORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    class Params:
        aangevraagd = factory.Trait(status=User.Status.AANGEVRAAGD)
        stuurgroep = factory.Trait(is_stuurgroep=True)
        beheerder = factory.Trait(is_beheerder=True)


def give_totp(user: User) -> str:
    """Activate a TOTP second factor for `user`; returns the secret so tests can compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class WerkgroepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkgroep

    naam = factory.Sequence(lambda n: f"Werkgroep {n}")
    slug = factory.Sequence(lambda n: f"werkgroep-{n}")
    doel = "Samen beter werken aan de voorkant van projecten."
    deelonderwerpen = "Eerste onderwerp\nTweede onderwerp"
    gestart_op = datetime.date(2020, 4, 1)


# SOCIALACCOUNT_PROVIDERS as the settings build them from OIDC_* variables, for tests of the single sign-on.
OIDC = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "gemeente",
                "name": "Inloggen met gemeente-account",
                "client_id": "kringportaal",
                "secret": "geheim",
                "settings": {"server_url": "https://idp.gemeente.example/realms/medewerkers"},
            }
        ]
    }
}


class VerwijderverzoekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kring.Verwijderverzoek"

    gebruiker = factory.SubFactory(UserFactory)
    toelichting = "Ik werk niet meer bij deze organisatie."


class LidmaatschapFactory(factory.django.DjangoModelFactory):
    """A running werkgroep membership (tot empty) since 2022."""

    class Meta:
        model = "werkgroepen.Lidmaatschap"

    werkgroep = factory.SubFactory(WerkgroepFactory)
    gebruiker = factory.SubFactory(UserFactory)
    rol = "lid"
    van = datetime.date(2022, 9, 1)


class IntentieovereenkomstFactory(factory.django.DjangoModelFactory):
    """A version every member may see (van kracht), 2021–2026."""

    class Meta:
        model = "kring.Intentieovereenkomst"

    titel = "Intentieovereenkomst MKB kring Dordrecht"
    versie = factory.Sequence(lambda n: n + 100)
    status = "van_kracht"
    ingangsdatum = datetime.date(2021, 7, 1)
    einddatum = datetime.date(2026, 6, 30)
    tekst = "## Samen aan de voorkant\n\nGemeente en opdrachtnemers bespreken projecten *vóór* de aanbesteding."


class ThemadoelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kring.Themadoel"

    overeenkomst = factory.SubFactory(IntentieovereenkomstFactory)
    naam = factory.Sequence(lambda n: f"Themadoel {n}")
    omschrijving = "Een gelijkmatiger aanbod van werk over het jaar."
    volgorde = factory.Sequence(lambda n: n)


class OndertekeningFactory(factory.django.DjangoModelFactory):
    """A signature by a tekenbevoegd person of the signing organisation."""

    class Meta:
        model = "kring.Ondertekening"

    overeenkomst = factory.SubFactory(IntentieovereenkomstFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    ondertekenaar = factory.SubFactory(
        UserFactory, organisatie=factory.SelfAttribute("..organisatie"), is_tekenbevoegd=True
    )
    naam_ondertekenaar = factory.SelfAttribute("ondertekenaar.naam")
    functie = "Directeur"


class RapportFactory(factory.django.DjangoModelFactory):
    """A report on a version of the agreement, in the queue; `klaar=True` gives it a file under its fixed name."""

    class Meta:
        model = "kring.Rapport"
        skip_postgeneration_save = True

    class Params:
        overeenkomst = factory.SubFactory(IntentieovereenkomstFactory)
        klaar = factory.Trait(
            status="klaar", klaar_op=factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
        )

    soort = "intentieovereenkomst"
    parameters = factory.LazyAttribute(lambda o: {"overeenkomst": o.overeenkomst.pk})
    titel = factory.LazyAttribute(lambda o: f"{o.overeenkomst.titel}, versie {o.overeenkomst.versie}")
    aangevraagd_door = factory.SubFactory(UserFactory)

    @factory.post_generation
    def pdf(obj, create, extracted, **kwargs):
        from django.core.files.base import ContentFile

        if create and obj.status == "klaar":
            obj.bestand.save("rapport.pdf", ContentFile(extracted or b"%PDF-1.7\n% testrapport\n"))


class ActiviteitFactory(factory.django.DjangoModelFactory):
    """A planned activity on the uitvoeringsagenda, started a month ago with its deadline two months ahead;
    `team=[...]` sets the team."""

    class Meta:
        model = "werkgroepen.Activiteit"
        skip_postgeneration_save = True

    titel = factory.Sequence(lambda n: f"Activiteit {n}")
    omschrijving = "Samen met de werkgroep uitzoeken wat werkt."
    werkgroep = factory.SubFactory(WerkgroepFactory)
    initiatiefnemer = factory.SubFactory(UserFactory)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    startdatum = factory.LazyAttribute(lambda o: o.deadline - datetime.timedelta(days=90))
    budget = 2500

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.team.set(extracted)


class VoortgangsnotitieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "werkgroepen.Voortgangsnotitie"

    activiteit = factory.SubFactory(ActiviteitFactory)
    tekst = "Eerste gesprek gevoerd; de volgende stap is een voorstel voor de stuurgroep."
    auteur = factory.SelfAttribute("activiteit.initiatiefnemer")


class SignaalFactory(factory.django.DjangoModelFactory):
    """A klaagpaal item raised with a name; `indiener=None` for an anonymous one."""

    class Meta:
        model = "werkgroepen.Signaal"

    soort = "klaagpaal"
    titel = factory.Sequence(lambda n: f"Facturen blijven liggen ({n})")
    omschrijving = "Facturen van het meerwerk worden pas na maanden betaald."
    indiener = factory.SubFactory(UserFactory)


class AgendafeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "werkgroepen.Agendafeed"

    gebruiker = factory.SubFactory(UserFactory)


class BijeenkomstFactory(factory.django.DjangoModelFactory):
    """A planned kring-wide meeting ten days ahead, 15:00–17:00 Amsterdam time, at the Stadskantoor."""

    class Meta:
        model = "werkgroepen.Bijeenkomst"

    titel = "Kenniskring MKB kring"
    begin = factory.LazyFunction(
        lambda: timezone.make_aware(
            datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=10), datetime.time(15))
        )
    )
    einde = factory.LazyAttribute(lambda o: o.begin + datetime.timedelta(hours=2))
    locatie = "Stadskantoor, Spuiboulevard 300, Dordrecht"


class AanmeldingFactory(factory.django.DjangoModelFactory):
    """An open request to join a werkgroep."""

    class Meta:
        model = "werkgroepen.Aanmelding"

    werkgroep = factory.SubFactory(WerkgroepFactory)
    gebruiker = factory.SubFactory(UserFactory)
    motivatie = "Wij werken veel in de binnenstad en willen meedenken."


class AgendapuntFactory(factory.django.DjangoModelFactory):
    """An own item of the organiser on a meeting's agenda."""

    class Meta:
        model = "werkgroepen.Agendapunt"

    bijeenkomst = factory.SubFactory(BijeenkomstFactory)
    soort = "eigen"
    titel = factory.Sequence(lambda n: f"Eigen agendapunt {n}")
    toelichting = "Korte toelichting van de organisator."
    volgorde = factory.Sequence(lambda n: n + 10)


class AanwezigheidFactory(factory.django.DjangoModelFactory):
    """An invitation to a meeting (status uitgenodigd)."""

    class Meta:
        model = "werkgroepen.Aanwezigheid"

    bijeenkomst = factory.SubFactory(BijeenkomstFactory)
    gebruiker = factory.SubFactory(UserFactory)


class ActiepuntFactory(factory.django.DjangoModelFactory):
    """An open actiepunt of a meeting, due a month after it."""

    class Meta:
        model = "werkgroepen.Actiepunt"

    bijeenkomst = factory.SubFactory(BijeenkomstFactory)
    omschrijving = factory.Sequence(lambda n: f"Voorstel uitwerken voor de stuurgroep ({n})")
    eigenaar = factory.SubFactory(UserFactory)
    deadline = factory.LazyAttribute(lambda o: timezone.localdate(o.bijeenkomst.begin) + datetime.timedelta(days=30))


class BesluitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "werkgroepen.Besluit"

    bijeenkomst = factory.SubFactory(BijeenkomstFactory)
    tekst = factory.Sequence(lambda n: f"De kring neemt voorstel {n} over.")


# A minimal PDF that passes the attachment checks (werkgroepen.uploads): the header is what the content check reads.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class ThemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "werkgroepen.Thema"

    naam = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class KennisitemFactory(factory.django.DjangoModelFactory):
    """A praktijkvoorbeeld for every member (leden), by a member, to review in a year. No search vector: items that
    must be found on PostgreSQL are made through the service."""

    class Meta:
        model = "werkgroepen.Kennisitem"

    soort = "praktijkvoorbeeld"
    titel = factory.Sequence(lambda n: f"Bouwteam bij een kademuur ({n})")
    samenvatting = "Aannemer en gemeente werkten vanaf het ontwerp samen; de planning bleef staan."
    uitdaging = "Weinig ruimte en veel belanghebbenden aan het water."
    aanpak = "Een bouwteam met de aannemer vanaf het voorontwerp."
    zichtbaarheid = "leden"
    auteur = factory.SubFactory(UserFactory)
    organisatie = factory.SelfAttribute("auteur.organisatie")
    herzien_voor = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class BijlageFactory(factory.django.DjangoModelFactory):
    """A small PDF attached to an item."""

    class Meta:
        model = "werkgroepen.Bijlage"

    kennisitem = factory.SubFactory(KennisitemFactory)
    bestand = factory.django.FileField(filename="bijlage", data=PDF_BYTES)
    naam = factory.Sequence(lambda n: f"verslag-{n}.pdf")
    mime_type = "application/pdf"
    grootte = len(PDF_BYTES)
    sha256 = factory.LazyFunction(lambda: hashlib.sha256(PDF_BYTES).hexdigest())
    geupload_door = factory.SelfAttribute("kennisitem.auteur")


# -- projecten (shared by every projecten feature's tests)


class GebiedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projecten.Gebied"

    gemeente = factory.SubFactory(OrganisatieFactory, gemeente=True)
    naam = factory.Sequence(lambda n: f"Wijk {n}")
    code = factory.Sequence(lambda n: f"wijk-{n}")


class WaardeklasseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projecten.Waardeklasse"

    naam = factory.Sequence(lambda n: f"Klasse {n}")
    code = factory.Sequence(lambda n: f"klasse-{n}")
    ondergrens = 250_000
    bovengrens = 1_000_000
    rekenwaarde = 600_000


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project of a gemeente in one of its wijken, to be tendered next quarter and started the quarter after."""

    class Meta:
        model = "projecten.Project"
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(OrganisatieFactory, gemeente=True)
    nummer = factory.Sequence(lambda n: f"P-{n:05d}")
    naam = factory.Sequence(lambda n: f"Herinrichting Dorpsstraat deel {n}")
    gebied = factory.SubFactory(GebiedFactory, gemeente=factory.SelfAttribute("..gemeente"))
    soort_werk = "wegen"
    fase = "voorbereiding"
    aanbesteding_kwartaal = factory.LazyFunction(lambda: _kwartaal(1))
    start_kwartaal = factory.LazyFunction(lambda: _kwartaal(2))
    duur_maanden = 6
    waardeklasse = factory.SubFactory(WaardeklasseFactory)
    zekerheid = "midden"


def _kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(huidig_kwartaal(), plus)


class ProjectwijzigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projecten.Projectwijziging"

    project = factory.SubFactory(ProjectFactory)
    veld = "aanbesteding_kwartaal"
    oude_waarde = "2026-K3"
    nieuwe_waarde = "2026-K4"
    reden = "Vergunning laat op zich wachten."
    door = factory.SubFactory(UserFactory, organisatie=factory.SelfAttribute("..project.gemeente"))


# -- kalender


class InteresseFactory(factory.django.DjangoModelFactory):
    """A contractor's person follows a project (since a month ago, so recent changes count for them)."""

    class Meta:
        model = "projecten.Interesse"

    project = factory.SubFactory(ProjectFactory)
    gebruiker = factory.SubFactory(UserFactory)
    aangemaakt_op = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))


# -- gebieden


class OpgaveFactory(factory.django.DjangoModelFactory):
    """A riolering opgave of the gemeente in a wijk, with a window over the coming year."""

    class Meta:
        model = "projecten.Opgave"

    gebied = factory.SubFactory(GebiedFactory)
    titel = factory.Sequence(lambda n: f"Vervanging riool Kerkstraat deel {n}")
    thema = "riolering"
    eigenaar = "gemeente"
    eigenaar_naam = "Afdeling Beheer openbare ruimte"
    venster_van = factory.LazyFunction(lambda: _kwartaal(1))
    venster_tot = factory.LazyFunction(lambda: _kwartaal(5) - datetime.timedelta(days=1))
    zekerheid = "midden"
    bron = "GRP 2024–2028"


class KoppelkansFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projecten.Koppelkans"

    gebied = factory.SubFactory(GebiedFactory)
    sleutel = factory.Sequence(lambda n: f"test-{n}")
    periode_van = factory.LazyFunction(lambda: _kwartaal(1))
    periode_tot = factory.LazyFunction(lambda: _kwartaal(5) - datetime.timedelta(days=1))


class KoppelbesluitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projecten.Koppelbesluit"

    koppelkans = factory.SubFactory(KoppelkansFactory, status="gebundeld")
    besluit = "gebundeld"
    reden = "Riolering en herinrichting gaan samen in één bestek."
    door = factory.SubFactory(UserFactory, organisatie=factory.SelfAttribute("..koppelkans.gebied.gemeente"))


class GraafrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projecten.Graafrust"

    gebied = factory.SubFactory(GebiedFactory)
    locatie = factory.Sequence(lambda n: f"Voorstraat deel {n}")
    tot = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=700))


class ProjectimportFactory(factory.django.DjangoModelFactory):
    """An uploaded planning waiting in its preview: one row for a gebied the gemeente does not have (so committing it
    finds an error and changes nothing)."""

    class Meta:
        model = "projecten.Projectimport"

    gemeente = factory.SubFactory(OrganisatieFactory, gemeente=True)
    bestand = factory.django.FileField(
        filename="planning.csv",
        data=b"projectnummer;naam;gebied;soort werk;fase;waardeklasse\r\nP-1;Kade;nergens;wegen;ontwerp;klein\r\n",
    )
    bestandsnaam = "planning.csv"
    status = "voorvertoning"
    aantal_rijen = 1
    aantal_nieuw = 1
    aangemaakt_door = factory.SubFactory(UserFactory, organisatie=factory.SelfAttribute("..gemeente"))


# -- pastperformance (shared by every pastperformance feature's tests)


class BeoordelingsplanFactory(factory.django.DjangoModelFactory):
    """A contractor rated on a project in execution: a rater on each side, execution from 30 days ago for 8 months."""

    class Meta:
        model = "pastperformance.Beoordelingsplan"
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory, fase="uitvoering")
    opdrachtnemer = factory.SubFactory(OrganisatieFactory)
    beoordelaar_og = factory.SubFactory(UserFactory, organisatie=factory.SelfAttribute("..project.gemeente"))
    beoordelaar_on = factory.SubFactory(UserFactory, organisatie=factory.SelfAttribute("..opdrachtnemer"))
    uitvoering_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    uitvoering_eind = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=210))

    @factory.post_generation
    def gegund(obj, create, extracted, **kwargs):
        if create:
            obj.project.opdrachtnemers.add(obj.opdrachtnemer)


class BeoordelingsrondeFactory(factory.django.DjangoModelFactory):
    """A planned (not yet opened) round; use `open_ronde` for one with its four ratings."""

    class Meta:
        model = "pastperformance.Beoordelingsronde"

    plan = factory.SubFactory(BeoordelingsplanFactory)
    soort = "tussentijds"
    volgnummer = factory.Sequence(lambda n: n + 1)
    status = "gepland"
    opent_op = factory.LazyFunction(timezone.localdate)
    onthulling_uiterlijk = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


def open_ronde(**kwargs):
    """An open round with its four empty ratings, each on the current questionnaire of its direction, built without
    the services so every feature can test on its own."""
    from pastperformance.models import Beoordeling, Beoordelingsronde, Richting, Vragenlijst

    ronde = BeoordelingsrondeFactory(status=Beoordelingsronde.Status.OPEN, geopend_op=timezone.now(), **kwargs)
    gemeente, opdrachtnemer = ronde.plan.project.gemeente, ronde.plan.opdrachtnemer
    partijen = {
        Richting.OG_ON: (gemeente, opdrachtnemer),
        Richting.ON_OG: (opdrachtnemer, gemeente),
        Richting.ZELF_OG: (gemeente, gemeente),
        Richting.ZELF_ON: (opdrachtnemer, opdrachtnemer),
    }
    for richting, (beoordelaar, beoordeelde) in partijen.items():
        Beoordeling.objects.create(
            ronde=ronde,
            richting=richting,
            vragenlijst=Vragenlijst.objects.get(richting=richting, status=Vragenlijst.Status.VASTGESTELD),
            beoordelaar_organisatie=beoordelaar,
            beoordeelde_organisatie=beoordeelde,
        )
    return ronde


def vul_in(beoordeling, waarden=(7,), *, motivering="Zo ervaren in de uitvoering.", indienen=True):
    """Give every criterion of `beoordeling` a score, cycling through `waarden` (None = NVT), with a motivation and,
    at 5 or lower, a proposed afspraak; submitted unless `indienen` is false."""
    from pastperformance.models import Score

    for criterium, waarde in zip(beoordeling.vragenlijst.criteria.all(), _cyclus(waarden), strict=False):
        Score.objects.create(
            beoordeling=beoordeling,
            criterium=criterium,
            waarde=waarde,
            nvt=waarde is None,
            motivering=motivering,
            voorgestelde_afspraak="Elke twee weken samen de planning doornemen." if waarde and waarde <= 5 else "",
        )
    beoordeling.bijgewerkt_op = timezone.now()
    if indienen:
        beoordeling.ingediend_op = timezone.now()
        beoordeling.ingediend_door = _beoordelaar(beoordeling)
    beoordeling.save()
    return beoordeling


def _cyclus(waarden):
    while True:
        yield from waarden


def _beoordelaar(beoordeling):
    plan = beoordeling.ronde.plan
    return (
        plan.beoordelaar_og
        if beoordeling.beoordelaar_organisatie_id == plan.project.gemeente_id
        else plan.beoordelaar_on
    )


def onthulde_ronde(waarden=None, **kwargs):
    """A revealed round: all four ratings submitted (per direction the `waarden` given, default 7s), reply window of
    14 days running."""
    from pastperformance.models import Beoordelingsronde

    ronde = open_ronde(**kwargs)
    for beoordeling in ronde.beoordelingen.all():
        vul_in(beoordeling, (waarden or {}).get(beoordeling.richting, (7,)))
    ronde.status = Beoordelingsronde.Status.ONTHULD
    ronde.onthuld_op = timezone.now()
    ronde.reactie_tot = timezone.localdate() + datetime.timedelta(days=14)
    ronde.save()
    return ronde


# -- vragenlijsten


def concept_vragenlijst(richting="og_on", **velden):
    """A concept of the next version of `richting`: a copy of its established version with the same criteria, built
    without the services."""
    from pastperformance.models import Criterium, Vragenlijst

    bron = Vragenlijst.objects.get(richting=richting, status=Vragenlijst.Status.VASTGESTELD)
    concept = Vragenlijst.objects.create(
        richting=richting,
        versie=Vragenlijst.objects.filter(richting=richting).order_by("-versie").first().versie + 1,
        naam=velden.pop("naam", f"{bron.naam} (concept)"),
        status=Vragenlijst.Status.CONCEPT,
        **velden,
    )
    for criterium in bron.criteria.all():
        Criterium.objects.create(
            vragenlijst=concept,
            code=criterium.code,
            naam=criterium.naam,
            toelichting=criterium.toelichting,
            volgorde=criterium.volgorde,
        )
    return concept


# -- bespreking


class AfspraakFactory(factory.django.DjangoModelFactory):
    """An open afspraak of a revealed round, owned by the contractor, due in a month."""

    class Meta:
        model = "pastperformance.Afspraak"

    ronde = factory.LazyFunction(onthulde_ronde)
    omschrijving = factory.Sequence(lambda n: f"Elke twee weken samen de planning doornemen ({n})")
    eigenaar_organisatie = factory.SelfAttribute("ronde.plan.opdrachtnemer")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def definitieve_ronde(waarden=None, **kwargs):
    """A definitief round: revealed, discussed, reply window over, without replies, built without the services (so
    not in the summary rows)."""
    from pastperformance.models import Beoordelingsronde, Bespreking

    ronde = onthulde_ronde(waarden, **kwargs)
    Bespreking.objects.create(ronde=ronde, datum=timezone.localdate(), samenvatting="Samen doorgenomen.")
    ronde.status = Beoordelingsronde.Status.DEFINITIEF
    ronde.reactie_tot = timezone.localdate() - datetime.timedelta(days=1)
    ronde.definitief_op = timezone.now()
    ronde.save()
    return ronde


class BezwaarFactory(factory.django.DjangoModelFactory):
    """A bezwaar of the rated organisation against the gemeente's rating in a definitief round, awaiting its panel."""

    class Meta:
        model = "pastperformance.Bezwaar"

    beoordeling = factory.LazyFunction(lambda: definitieve_ronde().beoordelingen.get(richting="og_on"))
    organisatie = factory.SelfAttribute("beoordeling.beoordeelde_organisatie")
    gronden = "De score voor planmatig werken negeert dat de vergunning te laat kwam."


# -- sroi (shared by every sroi feature's tests)

# A small table in the shape of the Haaglanden 2023 one (research §1.2): (code, naam, soort, waarde, max_maanden).
SROI_BOUWBLOKKEN = [
    ("participatiewet", "Participatiewet", "categorie", "40000", 24),
    ("ww", "WW", "categorie", "20000", 12),
    ("bbl-2", "BBL-leerling niveau 1-2", "categorie", "25000", 24),
    ("geen-uitkering", "Geen uitkering", "categorie", "5000", 12),
    ("bonus-55", "Bonus 55-plus", "bonus", "10000", None),
    ("bonus-vast", "Bonus vast contract", "bonus", "10000", None),
    ("sociaal-inkopen", "Sociaal inkopen (factuur excl. btw)", "sociaal_inkopen", "1.00", None),
    ("activiteit", "Maatschappelijke activiteit (per uur)", "activiteit", "100", None),
    ("pso", "PSO-korting (maximaal %)", "pso", "10", None),
]


class RegioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sroi.Regio"
        skip_postgeneration_save = True

    naam = factory.Sequence(lambda n: f"Arbeidsmarktregio {n}")


class WaardetabelFactory(factory.django.DjangoModelFactory):
    """A vastgestelde table valid from 1 January 2023 with the blocks of SROI_BOUWBLOKKEN."""

    class Meta:
        model = "sroi.Waardetabel"
        skip_postgeneration_save = True

    regio = factory.SubFactory(RegioFactory)
    naam = factory.LazyAttribute(lambda o: f"Bouwblokken {o.regio.naam} 2023")
    geldig_vanaf = datetime.date(2023, 1, 1)
    status = "vastgesteld"

    @factory.post_generation
    def bouwblokken(obj, create, extracted, **kwargs):
        from decimal import Decimal

        from sroi.models import Bouwblok

        if create and extracted is not False:
            Bouwblok.objects.bulk_create(
                Bouwblok(
                    waardetabel=obj,
                    code=code,
                    naam=naam,
                    soort=soort,
                    waarde=Decimal(waarde),
                    max_maanden=maanden,
                    volgorde=volgorde,
                )
                for volgorde, (code, naam, soort, waarde, maanden) in enumerate(SROI_BOUWBLOKKEN, start=1)
            )


class VerplichtingFactory(factory.django.DjangoModelFactory):
    """5 % of € 1 mln for a contractor on a project in execution, term from 60 days ago for a year; the project's gemeente
    is in the table's region; the coordinator works for that gemeente."""

    class Meta:
        model = "sroi.Verplichting"
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory, fase="uitvoering")
    opdrachtnemer = factory.SubFactory(OrganisatieFactory)
    waardetabel = factory.SubFactory(WaardetabelFactory)
    coordinator = factory.SubFactory(UserFactory, organisatie=factory.SelfAttribute("..project.gemeente"))
    grondslag = "opdrachtwaarde"
    grondslag_bedrag = 1_000_000
    percentage = 5
    looptijd_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    looptijd_eind = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=305))
    sr_bedrag = 50_000

    @factory.post_generation
    def gegund(obj, create, extracted, **kwargs):
        if create:
            obj.project.opdrachtnemers.add(obj.opdrachtnemer)
            obj.waardetabel.regio.gemeenten.add(obj.project.gemeente)


class KandidaatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sroi.Kandidaat"

    opdrachtnemer = factory.SubFactory(OrganisatieFactory)
    code = factory.Sequence(lambda n: f"KAND-{n:04d}")


# -- inzet


class InzetregelFactory(factory.django.DjangoModelFactory):
    """A submitted candidate line: Participatiewet, 36 hours, the first 30 days of the obligation's term, for a
    candidate of the obligation's contractor. The value is set as the service would: 40,000 × 30/365 = 3,287.67."""

    class Meta:
        model = "sroi.Inzetregel"
        skip_postgeneration_save = True

    verplichting = factory.SubFactory(VerplichtingFactory)
    bouwblok = factory.LazyAttribute(lambda o: o.verplichting.waardetabel.bouwblokken.get(code="participatiewet"))
    kandidaat = factory.SubFactory(
        KandidaatFactory, opdrachtnemer=factory.SelfAttribute("..verplichting.opdrachtnemer")
    )
    start = factory.LazyAttribute(lambda o: o.verplichting.looptijd_start)
    eind = factory.LazyAttribute(lambda o: o.verplichting.looptijd_start + datetime.timedelta(days=29))
    uren_per_week = 36
    waarde = "3287.67"
    status = "ingediend"

    @factory.post_generation
    def totalen(obj, create, extracted, **kwargs):
        """As the inzet services do: the obligation's stored totals (gerealiseerd, gevalideerd) follow its lines."""
        if create:
            from sroi.services.verplichtingen import verplichting_totalen_bijwerken

            verplichting_totalen_bijwerken(verplichting=obj.verplichting)


class BewijsstukFactory(factory.django.DjangoModelFactory):
    """A small PDF as evidence of a line."""

    class Meta:
        model = "sroi.Bewijsstuk"

    inzetregel = factory.SubFactory(InzetregelFactory)
    bestand = factory.django.FileField(filename="bewijs", data=PDF_BYTES)
    naam = factory.Sequence(lambda n: f"contract-{n}.pdf")
    inhoudstype = "application/pdf"
    grootte = len(PDF_BYTES)


# -- pool


class PoolaanbodFactory(factory.django.DjangoModelFactory):
    """An open offer in the kandidatenpool: a Participatiewet candidate, available in a week."""

    class Meta:
        model = "sroi.Poolaanbod"

    kandidaat = factory.SubFactory(KandidaatFactory)
    bouwblok_code = "participatiewet"
    categorie = "Participatiewet"
    beschikbaar_vanaf = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    toelichting = "BBL niveau 2 grondwerk, rijbewijs B."


# -- stuurgroep


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kring.Indicator"

    themadoel = factory.SubFactory(ThemadoelFactory)
    naam = factory.Sequence(lambda n: f"Indicator {n}")
    bron = "handmatig"
    eenheid = "%"
    doel = 75
