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
