"""Factories for tests (and nothing else). Fictional names only."""

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from kring.models import Organisatie, User
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
