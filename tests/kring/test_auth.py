"""Login, lockout, second factor, session timeouts and the audit trail of authentication."""

import time

from django.contrib.auth.hashers import make_password
from django.test import Client

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from kring import settings as productie
from kring.middleware import LAATST_ACTIEF, SESSIE_START
from kring.models import AuditEvent
from tests.conftest import client_for
from tests.factories import WACHTWOORD, UserFactory, give_totp

pytestmark = pytest.mark.django_db


def login(client, email, password=WACHTWOORD):
    return client.post("/account/login/", {"login": email, "password": password})


def test_login_and_logout_are_audited():
    user = UserFactory(email="lid@bedrijf.test")
    client = Client()
    assert login(client, "lid@bedrijf.test")["Location"] == "/start/"
    client.post("/account/logout/")
    acties = list(AuditEvent.objects.filter(actor=user).values_list("actie", flat=True))
    assert "auth.ingelogd" in acties and "auth.uitgelogd" in acties


def test_passwords_are_argon2_and_an_old_pbkdf2_hash_is_upgraded_at_login(settings):
    settings.PASSWORD_HASHERS = productie.PASSWORD_HASHERS  # the suite itself hashes with MD5, for speed
    user = UserFactory(email="lid@bedrijf.test")
    user.password = make_password(WACHTWOORD, hasher="pbkdf2_sha256")  # as stored before the switch to Argon2
    user.save(update_fields=["password"])

    assert login(Client(), "lid@bedrijf.test")["Location"] == "/start/"
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$") and user.check_password(WACHTWOORD)


def test_failed_login_is_audited_without_revealing_accounts():
    UserFactory(email="lid@bedrijf.test")
    client = Client()
    bestaand = login(client, "lid@bedrijf.test", "fout-wachtwoord-1")
    onbekend = login(client, "niemand@bedrijf.test", "fout-wachtwoord-1")
    assert bestaand.status_code == onbekend.status_code == 200
    fout = "Het e-mailadres of het wachtwoord klopt niet."
    assert fout in bestaand.content.decode() and fout in onbekend.content.decode()
    assert AuditEvent.objects.filter(actie="auth.login_mislukt").count() == 2


def test_lockout_after_five_failures_even_with_the_right_password():
    UserFactory(email="doelwit@bedrijf.test")
    client = Client()
    for _ in range(5):
        login(client, "doelwit@bedrijf.test", "geraden-wachtwoord")
    response = login(client, "doelwit@bedrijf.test")  # correct password, but locked
    assert response.status_code == 200
    assert "Te veel mislukte inlogpogingen. Inloggen is een kwartier geblokkeerd" in response.content.decode()
    assert AuditEvent.objects.filter(
        actie="auth.login_geblokkeerd", actor_omschrijving="doelwit@bedrijf.test"
    ).exists()


def test_beheerder_without_second_factor_must_set_one_up(gemeente_org):
    beheerder = UserFactory(beheerder=True, organisatie=gemeente_org)
    client = client_for(beheerder)
    for url in ["/start/", "/beheer/registraties/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/", url
    give_totp(beheerder)
    assert client.get("/beheer/registraties/").status_code == 200


def test_beheerder_logs_in_with_password_and_code(gemeente_org):
    beheerder = UserFactory(beheerder=True, organisatie=gemeente_org, email="beheer@kring.test")
    secret = give_totp(beheerder)
    client = Client()
    assert login(client, "beheer@kring.test")["Location"] == "/account/2fa/authenticate/"
    assert client.get("/start/").status_code == 302  # not logged in before the second step
    fout = client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert fout.status_code == 200 and AuditEvent.objects.filter(actie="auth.tweede_factor_mislukt").exists()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    assert client.post("/account/2fa/authenticate/", {"code": code})["Location"] == "/start/"
    assert client.get("/beheer/registraties/").status_code == 200


def test_idle_timeout_logs_out():
    client = client_for(UserFactory())
    assert client.get("/start/").status_code == 200
    session = client.session
    session[LAATST_ACTIEF] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/start/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert client.get("/start/").status_code == 302


def test_absolute_timeout_logs_out_even_when_active():
    client = client_for(UserFactory())
    client.get("/start/")
    session = client.session
    session[SESSIE_START] = int(time.time()) - 11 * 3600
    session[LAATST_ACTIEF] = int(time.time())
    session.save()
    assert client.get("/start/")["Location"].startswith("/account/login/")


def test_activity_keeps_the_session_alive():
    client = client_for(UserFactory())
    client.get("/start/")
    session = client.session
    session[LAATST_ACTIEF] = int(time.time()) - 20 * 60
    session.save()
    assert client.get("/start/").status_code == 200
    assert client.session[LAATST_ACTIEF] >= int(time.time()) - 5


def test_blocking_ends_sessions(gemeente_org):
    from kring.models import User
    from kring.services.accounts import gebruiker_set_status

    beheerder = UserFactory(beheerder=True, organisatie=gemeente_org)
    lid = UserFactory(email="lid@bedrijf.test")
    client = Client()
    login(client, "lid@bedrijf.test")
    assert client.get("/start/").status_code == 200
    gebruiker_set_status(
        gebruiker=lid, status=User.Status.GEBLOKKEERD, reden="Vertrokken bij het bedrijf.", door=beheerder
    )
    assert client.get("/start/")["Location"].startswith("/account/login/")
    assert login(client, "lid@bedrijf.test")["Location"] == "/account/inactive/"


def test_beheerder_cannot_switch_off_the_second_factor(gemeente_org):
    from allauth.mfa.models import Authenticator

    from kring.adapters import MfaAdapter

    beheerder = UserFactory(beheerder=True, organisatie=gemeente_org)
    lid = UserFactory()
    give_totp(beheerder)
    give_totp(lid)
    adapter = MfaAdapter()
    assert not adapter.can_delete_authenticator(Authenticator.objects.get(user=beheerder))
    assert adapter.can_delete_authenticator(Authenticator.objects.get(user=lid))


def test_password_change_is_mailed_to_the_person():
    from django.core import mail

    user = UserFactory(email="lid@bedrijf.test")
    client = Client()
    login(client, "lid@bedrijf.test")
    nieuw = "Een-heel-ander-wachtwoord-88"
    response = client.post(
        "/account/password/change/", {"oldpassword": WACHTWOORD, "password1": nieuw, "password2": nieuw}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == [user.email]
    assert AuditEvent.objects.filter(actie="auth.wachtwoord_gewijzigd", actor=user).exists()


# --- The second factor cannot be bypassed -----------------------------------------------------------------------------


def totp_code(secret: str) -> str:
    """The code the app shows now; waits for a fresh 30-second window when this one is about to end."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def wachtwoord_herstellen(client, email, nieuw):
    """The whole reset: ask for the mail, follow its link, choose a new password. Returns the last response."""
    import re

    from django.core import mail

    mail.outbox.clear()
    client.post("/account/password/reset/", {"email": email})
    pad = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    formulier = client.get(pad)
    assert formulier.status_code == 302
    return client.post(formulier["Location"], {"password1": nieuw, "password2": nieuw})


def test_login_on_password_reset_stays_off():
    from allauth.account import app_settings

    assert app_settings.LOGIN_ON_PASSWORD_RESET is False


@pytest.mark.parametrize("inloggen_na_herstel", [False, True])
def test_password_reset_does_not_skip_the_second_factor(inloggen_na_herstel, settings):
    """Whoever holds the mailbox still needs the second factor. Even if logging in after a reset were switched on,
    allauth would stop at the code step."""
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = inloggen_na_herstel
    user = UserFactory(email="lid@bedrijf.test")
    secret = give_totp(user)
    nieuw = "Een-heel-ander-wachtwoord-88"
    client = Client()

    response = wachtwoord_herstellen(client, "lid@bedrijf.test", nieuw)

    assert response.status_code == 302
    if inloggen_na_herstel:
        assert response["Location"] == "/account/2fa/authenticate/"
    else:
        assert response["Location"] == "/account/password/reset/key/done/"
    assert client.get("/start/")["Location"].startswith("/account/login/")
    assert client.get("/profiel/")["Location"].startswith("/account/login/")
    assert not AuditEvent.objects.filter(actie="auth.ingelogd", actor=user).exists()

    # With the new password the code is asked again, and only the code lets one in.
    client = Client()
    assert login(client, "lid@bedrijf.test", nieuw)["Location"] == "/account/2fa/authenticate/"
    assert client.get("/start/")["Location"].startswith("/account/login/")
    assert client.post("/account/2fa/authenticate/", {"code": totp_code(secret)})["Location"] == "/start/"
    assert client.get("/start/").status_code == 200


def test_a_recovery_code_works_once():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(email="lid@bedrijf.test")
    give_totp(user)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    client = Client()
    login(client, "lid@bedrijf.test")
    assert client.post("/account/2fa/authenticate/", {"code": codes[0]})["Location"] == "/start/"
    client.post("/account/logout/")

    login(client, "lid@bedrijf.test")
    response = client.post("/account/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 200 and "Ongeldige code." in response.content.decode()
    assert client.get("/start/")["Location"].startswith("/account/login/")
    herstelcodes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap()
    assert codes[0] not in herstelcodes.get_unused_codes() and codes[1] in herstelcodes.get_unused_codes()
    assert client.post("/account/2fa/authenticate/", {"code": codes[1]})["Location"] == "/start/"


def test_a_totp_code_is_not_accepted_twice():
    user = UserFactory(email="lid@bedrijf.test")
    secret = give_totp(user)
    code = totp_code(secret)
    eerste = Client()
    login(eerste, "lid@bedrijf.test")
    assert eerste.post("/account/2fa/authenticate/", {"code": code})["Location"] == "/start/"

    # Someone who saw the code (over a shoulder, from a phishing page) tries it within the same 30 seconds.
    tweede = Client()
    login(tweede, "lid@bedrijf.test")
    response = tweede.post("/account/2fa/authenticate/", {"code": code})
    assert response.status_code == 200 and "Ongeldige code." in response.content.decode()
    assert tweede.get("/start/")["Location"].startswith("/account/login/")
    assert AuditEvent.objects.filter(actie="auth.tweede_factor_mislukt", actor=user).count() == 1
