"""Sessions end when they should (ASVS 7.4): on logout and timeout, when a beheerder blocks the account (every session
at once), and on a new password (every other session: the one that changed it may stay). Ended means ended on the
server: the session's data is gone, so replaying its cookie logs in no one."""

import re
import time
from importlib import import_module

from django.conf import settings
from django.core import mail
from django.test import Client

import pytest
from allauth.usersessions.models import UserSession

from kring.middleware import LAATST_ACTIEF
from kring.models import AuditEvent, User
from kring.services.accounts import sessies_beeindigen
from tests.conftest import client_for
from tests.factories import WACHTWOORD, UserFactory, give_totp

pytestmark = pytest.mark.django_db

NIEUW_WACHTWOORD = "Een-heel-ander-wachtwoord-88"


def inloggen(email: str, wachtwoord: str = WACHTWOORD) -> Client:
    """A browser logged in through the login page (as people do: allauth records the session)."""
    client = Client()
    response = client.post("/account/login/", {"login": email, "password": wachtwoord})
    assert response.status_code == 302 and response["Location"] == "/start/", response.status_code
    return client


def sleutel(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def bestaat(sessiesleutel: str) -> bool:
    """Whether the session store still holds this session (database and cache, SESSION_ENGINE cached_db)."""
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(sessiesleutel)


def met_cookie(sessiesleutel: str) -> Client:
    """A fresh browser that replays an old session cookie."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessiesleutel
    return client


def is_ingelogd(client: Client) -> bool:
    response = client.get("/start/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and response["Location"].startswith("/account/login/"), response
    return False


def wachtwoord_herstellen(client: Client, email: str, nieuw: str = NIEUW_WACHTWOORD):
    """The whole reset: ask for the mail, follow its link, choose a new password. Returns the last response."""
    mail.outbox.clear()
    client.post("/account/password/reset/", {"email": email})
    pad = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    formulier = client.get(pad)  # allauth keeps the key in the session and shows the form at a neutral address
    assert formulier.status_code == 302, formulier.status_code
    return client.post(formulier["Location"], {"password1": nieuw, "password2": nieuw})


def sessie_events(user: User) -> list[dict]:
    return list(
        AuditEvent.objects.filter(actie="account.sessies_beeindigd", object_id=str(user.pk))
        .order_by("pk")
        .values_list("na", flat=True)
    )


# --- Logout and timeout -----------------------------------------------------------------------------------------------


def test_logout_ends_the_session_on_the_server():
    UserFactory(email="lid@bedrijf.test")
    client = inloggen("lid@bedrijf.test")
    oud = sleutel(client)
    assert bestaat(oud) and is_ingelogd(met_cookie(oud))
    client.post("/account/logout/")
    assert not bestaat(oud)
    assert not is_ingelogd(met_cookie(oud))
    assert not is_ingelogd(client)


def test_idle_timeout_ends_the_session_on_the_server():
    UserFactory(email="lid@bedrijf.test")
    client = inloggen("lid@bedrijf.test")
    assert is_ingelogd(client)  # the first page after logging in starts the clocks
    oud = sleutel(client)
    sessie = client.session
    sessie[LAATST_ACTIEF] = int(time.time()) - 31 * 60
    sessie.save()
    assert not is_ingelogd(client)
    assert not bestaat(oud) and not is_ingelogd(met_cookie(oud))


# --- Block ------------------------------------------------------------------------------------------------------------


def test_blocking_ends_every_session_at_once(gemeente_org):
    beheerder = UserFactory(beheerder=True, organisatie=gemeente_org)
    give_totp(beheerder)
    lid = UserFactory(email="lid@bedrijf.test")
    laptop, telefoon = inloggen("lid@bedrijf.test"), inloggen("lid@bedrijf.test")
    sleutels = [sleutel(laptop), sleutel(telefoon)]
    assert all(bestaat(s) for s in sleutels)

    response = client_for(beheerder).post(f"/beheer/gebruikers/{lid.pk}/blokkeren/", {"reden": "Uit dienst."})

    assert response.status_code == 302
    # Gone from the store before either browser asks anything again: nothing waits for a next request.
    assert not any(bestaat(s) for s in sleutels)
    assert not UserSession.objects.filter(user=lid).exists()
    assert not is_ingelogd(laptop) and not is_ingelogd(telefoon)
    assert sessie_events(lid) == [{"aantal": 2, "reden": "geblokkeerd"}]
    assert AuditEvent.objects.get(actie="account.sessies_beeindigd").actor == beheerder


# --- A new password ---------------------------------------------------------------------------------------------------


def test_password_change_ends_the_other_sessions_and_keeps_this_one():
    user = UserFactory(email="lid@bedrijf.test")
    hier, elders = inloggen("lid@bedrijf.test"), inloggen("lid@bedrijf.test")
    # A session allauth did not record (not logged in through its pages) ends all the same: Django checks the
    # password hash on every request.
    onbekend = client_for(user)
    assert is_ingelogd(onbekend)
    elders_sleutel = sleutel(elders)

    response = hier.post(
        "/account/password/change/",
        {"oldpassword": WACHTWOORD, "password1": NIEUW_WACHTWOORD, "password2": NIEUW_WACHTWOORD},
    )

    assert response.status_code == 302
    assert not bestaat(elders_sleutel)
    assert is_ingelogd(hier)
    assert not is_ingelogd(elders) and not is_ingelogd(met_cookie(elders_sleutel)) and not is_ingelogd(onbekend)
    assert sessie_events(user) == [{"aantal": 1, "reden": "wachtwoord_gewijzigd"}]
    # The session that stayed is the one allauth knows now (its key changed with the password).
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [sleutel(hier)]


def test_password_reset_ends_every_session_and_logs_no_one_in():
    user = UserFactory(email="lid@bedrijf.test")
    elders = inloggen("lid@bedrijf.test")
    elders_sleutel = sleutel(elders)
    herstel = Client()

    response = wachtwoord_herstellen(herstel, "lid@bedrijf.test")

    assert response.status_code == 302 and response["Location"] == "/account/password/reset/key/done/"
    assert not bestaat(elders_sleutel)
    assert not is_ingelogd(elders) and not is_ingelogd(herstel)
    assert sessie_events(user) == [{"aantal": 1, "reden": "wachtwoord_hersteld"}]
    assert inloggen("lid@bedrijf.test", NIEUW_WACHTWOORD)


def test_the_admin_password_page_leads_to_the_audited_one(gemeente_org):
    """Django's own admin page would change the password without audit, mail or ending sessions: it redirects."""
    beheerder = UserFactory(beheerder=True, organisatie=gemeente_org)
    give_totp(beheerder)
    response = client_for(beheerder).get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == "/account/password/change/"
    response = client_for(beheerder).post(
        "/admin/password_change/",
        {"old_password": WACHTWOORD, "new_password1": NIEUW_WACHTWOORD, "new_password2": NIEUW_WACHTWOORD},
    )
    assert response.status_code == 302
    beheerder.refresh_from_db()
    assert beheerder.check_password(WACHTWOORD)


# --- The service ------------------------------------------------------------------------------------------------------


def test_ending_sessions_keeps_the_one_named_and_counts_only_live_ones():
    user = UserFactory(email="lid@bedrijf.test")
    UserFactory(email="ander@bedrijf.test")
    blijft, weg = inloggen("lid@bedrijf.test"), inloggen("lid@bedrijf.test")
    van_ander = inloggen("ander@bedrijf.test")
    UserSession.objects.create(user=user, ip="127.0.0.1", session_key="v" * 32)  # its session expired already

    aantal = sessies_beeindigen(gebruiker=user, reden="test", behalve=sleutel(blijft))

    assert aantal == 1
    assert bestaat(sleutel(blijft)) and not bestaat(sleutel(weg)) and bestaat(sleutel(van_ander))
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {sleutel(blijft), sleutel(van_ander)}
    assert sessie_events(user) == [{"aantal": 1, "reden": "test"}]
