"""Public pages, health, error pages, profile."""

import pytest

from kring.models import AuditEvent
from tests.conftest import client_for
from tests.factories import UserFactory, WerkgroepFactory

pytestmark = pytest.mark.django_db


def test_home_explains_the_kring_and_lists_werkgroepen(client):
    WerkgroepFactory(naam="Continuïteit", doel="Gelijkmatiger projectaanbod.")
    html = client.get("/").content.decode()
    assert "MKB kring Dordrecht" in html and "Continuïteit" in html and "Registreer nu" in html
    assert 'lang="nl"' in html and 'href="#inhoud"' in html


def test_home_without_werkgroepen_says_so(client):
    assert "nog geen werkgroepen" in client.get("/").content.decode()


def test_privacy_and_accessibility_statements(client):
    assert "Privacyverklaring" in client.get("/privacy/").content.decode()
    assert "WCAG 2.1" in client.get("/toegankelijkheid/").content.decode()


def test_health_reports_database_and_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_fails_when_broker_is_down(client, settings, monkeypatch):
    from kring.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["broker"] == "fout"


def test_404_is_dutch(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404 and "Deze pagina bestaat niet" in response.content.decode()


def test_403_is_dutch():
    response = client_for(UserFactory()).get("/beheer/registraties/")
    assert response.status_code == 403 and "geen toegang" in response.content.decode()


def test_profile_update_is_audited():
    user = UserFactory(naam="Oude Naam")
    client = client_for(user)
    assert client.post("/profiel/", {"naam": "Nieuwe Naam"}).status_code == 302
    user.refresh_from_db()
    assert user.naam == "Nieuwe Naam"
    event = AuditEvent.objects.get(actie="account.profiel_gewijzigd")
    assert (event.voor, event.na) == ({"naam": "Oude Naam"}, {"naam": "Nieuwe Naam"})


def test_profile_refuses_empty_name():
    client = client_for(UserFactory())
    response = client.post("/profiel/", {"naam": ""})
    assert response.status_code == 200 and "Dit veld is verplicht" in response.content.decode()


def test_navigation_per_role(personas):
    beheerder_nav = client_for(personas["beheerder"]).get("/start/").content.decode()
    lid_nav = client_for(personas["on_eigen"]).get("/start/").content.decode()
    assert "Registraties" in beheerder_nav and "Beheer" in beheerder_nav
    assert "Registraties" not in lid_nav and "/admin/" not in lid_nav
    assert "Inloggen" in client_for(None).get("/").content.decode()
