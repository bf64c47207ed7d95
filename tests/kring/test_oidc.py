"""OIDC single sign-on for gemeente staff: configured from the environment, matched on e-mail, never a beheerder."""

from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialLogin

from kring.adapters import SocialAccountAdapter
from kring.models import User
from tests.factories import OIDC, OrganisatieFactory

pytestmark = pytest.mark.django_db


def sociallogin(email: str, naam: str = "Gerrit Gemeente") -> SocialLogin:
    voornaam, achternaam = naam.split(" ", 1)
    return SocialLogin(
        user=User(email=email),
        account=SocialAccount(provider="gemeente", uid=email, extra_data={"email": email}),
        email_addresses=[EmailAddress(email=email, verified=True, primary=True)],
    ), {"email": email, "first_name": voornaam, "last_name": achternaam}


def test_login_page_offers_sso_when_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = OIDC
    html = client.get("/account/login/").content.decode()
    assert "Inloggen met gemeente-account" in html
    assert client.get("/account/oidc/gemeente/login/").status_code == 200


def test_no_sso_without_configuration(client):
    assert "oidc" not in client.get("/account/login/").content.decode()


def test_unknown_staff_get_an_application_in_the_gemeente_never_a_role(settings):
    gemeente = OrganisatieFactory(gemeente=True, kvk_nummer="17000001")
    settings.OIDC_ORGANISATIE_KVK = "17000001"
    adapter = SocialAccountAdapter()
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    login, data = sociallogin("nieuw@dordrecht.example")
    assert adapter.is_open_for_signup(request, login)
    adapter.populate_user(request, login, data)
    login.user.is_beheerder = True  # whatever the IdP or a tampered flow says
    user = adapter.save_user(request, login)
    assert (user.organisatie, user.status, user.is_beheerder, user.naam) == (
        gemeente,
        User.Status.AANGEVRAAGD,
        False,
        "Gerrit Gemeente",
    )


def test_no_signup_via_sso_without_a_configured_gemeente(settings):
    settings.OIDC_ORGANISATIE_KVK = ""
    login, _ = sociallogin("nieuw@dordrecht.example")
    assert not SocialAccountAdapter().is_open_for_signup(RequestFactory().get("/"), login)
