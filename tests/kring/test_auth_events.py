"""Every authentication event lands in the audit log (kring/auth_events.py, kring/adapters.py), and every refused
request in the security log (kring.middleware.WeigeringLogMiddleware). Login, failed login, lockout, logout and
password change are in test_auth.py; this file has the rest."""

import logging
import re
import time

from django.core import mail
from django.test import Client

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from kring.models import AuditEvent
from tests.conftest import client_for
from tests.factories import WACHTWOORD, KennisitemFactory, UserFactory, give_totp

pytestmark = pytest.mark.django_db


def login(client, email, password=WACHTWOORD):
    return client.post("/account/login/", {"login": email, "password": password})


def code_nu(secret: str) -> str:
    if time.time() % 30 > 25:  # a fresh window, so the code is still valid when it arrives
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def acties(user) -> list[str]:
    return list(AuditEvent.objects.filter(actor=user).order_by("pk").values_list("actie", flat=True))


def test_login_with_a_second_factor_is_logged_step_by_step():
    user = UserFactory(email="lid@bedrijf.test")
    secret = give_totp(user)
    client = Client()
    login(client, "lid@bedrijf.test")
    assert "auth.ingelogd" not in acties(user)  # the password alone logs in no one
    client.post("/account/2fa/authenticate/", {"code": "000000"})
    client.post("/account/2fa/authenticate/", {"code": code_nu(secret)})
    assert acties(user) == ["auth.tweede_factor_mislukt", "auth.tweede_factor_gebruikt", "auth.ingelogd"]
    gebruikt = AuditEvent.objects.get(actie="auth.tweede_factor_gebruikt")
    assert gebruikt.na == {"soort": "totp", "herbevestiging": False}
    assert gebruikt.ip_adres == "127.0.0.1" and gebruikt.object_id == str(user.pk)


def test_too_many_wrong_codes_lock_the_code_step_and_that_is_logged():
    user = UserFactory(email="lid@bedrijf.test")
    secret = give_totp(user)
    client = Client()
    login(client, "lid@bedrijf.test")
    for _ in range(5):
        client.post("/account/2fa/authenticate/", {"code": "000000"})
    response = client.post("/account/2fa/authenticate/", {"code": code_nu(secret)})  # right, but locked
    assert response.status_code == 200 and "Te veel mislukte inlogpogingen" in response.content.decode()
    assert client.get("/start/")["Location"].startswith("/account/login/")
    assert acties(user) == ["auth.tweede_factor_mislukt"] * 5 + ["auth.tweede_factor_geblokkeerd"]


def test_password_reset_is_logged():
    user = UserFactory(email="lid@bedrijf.test")
    client = Client()
    client.post("/account/password/reset/", {"email": "lid@bedrijf.test"})
    pad = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    formulier = client.get(pad)
    nieuw = "Een-heel-ander-wachtwoord-88"
    client.post(formulier["Location"], {"password1": nieuw, "password2": nieuw})
    assert acties(user) == ["auth.wachtwoord_hersteld", "account.sessies_beeindigd"]
    assert AuditEvent.objects.get(actie="auth.wachtwoord_hersteld").ip_adres == "127.0.0.1"


def test_email_change_is_logged_with_both_addresses():
    user = UserFactory(email="oud@bedrijf.test")
    client = Client()
    login(client, "oud@bedrijf.test")
    client.post("/account/email/", {"email": "nieuw@bedrijf.test", "action_add": ""})
    bevestigen = re.search(r"https?://[^/\s]+(/account/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(bevestigen)
    client.post("/account/email/", {"email": "nieuw@bedrijf.test", "action_primary": ""})

    assert "auth.email_bevestigd" in acties(user)
    gewijzigd = AuditEvent.objects.get(actie="auth.email_gewijzigd")
    assert gewijzigd.actor == user
    assert gewijzigd.na == {"van": "oud@bedrijf.test", "naar": "nieuw@bedrijf.test"}


def test_no_password_or_code_ends_up_in_the_audit_log():
    user = UserFactory(email="lid@bedrijf.test")
    secret = give_totp(user)
    client = Client()
    login(client, "lid@bedrijf.test", "Fout-wachtwoord-geprobeerd-1")
    login(client, "lid@bedrijf.test")
    code = code_nu(secret)
    client.post("/account/2fa/authenticate/", {"code": code})
    opgeslagen = " ".join(
        str(waarden) for waarden in AuditEvent.objects.values_list("voor", "na", "actor_omschrijving")
    )
    assert AuditEvent.objects.count() >= 3
    for geheim in [WACHTWOORD, "Fout-wachtwoord-geprobeerd-1", code, secret]:
        assert geheim not in opgeslagen


# --- Refused requests -------------------------------------------------------------------------------------------------


@pytest.fixture
def beveiligingslog(caplog):
    caplog.set_level(logging.WARNING, logger="kring.beveiliging")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "kring.beveiliging"]


def test_a_refusal_by_a_permission_rule_is_logged(personas, beveiligingslog):
    lid = personas["on_eigen"]
    response = client_for(lid).get("/beheer/registraties/?zoek=geheim")
    assert response.status_code == 403
    assert beveiligingslog() == [
        f"Toegang geweigerd: gebruiker={lid.pk} methode=GET pad=/beheer/registraties/ ip=127.0.0.1"
    ]


def test_a_refusal_on_an_object_and_a_failed_csrf_check_are_logged(personas, beveiligingslog):
    lid = personas["on_ander"]
    item = KennisitemFactory(zichtbaarheid="leden")  # visible to every member, editable by its author only
    assert client_for(lid).get(f"/werkgroepen/kennisbank/{item.pk}/bewerken/").status_code == 403
    bezoeker = Client(enforce_csrf_checks=True)
    assert bezoeker.post("/account/login/", {"login": "x@y.test", "password": "z"}).status_code == 403
    assert beveiligingslog() == [
        f"Toegang geweigerd: gebruiker={lid.pk} methode=GET pad=/werkgroepen/kennisbank/{item.pk}/bewerken/ "
        "ip=127.0.0.1",
        "Toegang geweigerd: gebruiker=- methode=POST pad=/account/login/ ip=127.0.0.1",
    ]


def test_allowed_and_missing_pages_leave_no_refusal_line(personas, beveiligingslog):
    client = client_for(personas["on_eigen"])
    assert client.get("/start/").status_code == 200
    assert client.get("/rapporten/999999/").status_code == 404
    assert beveiligingslog() == []
