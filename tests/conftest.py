"""Personas per role and shared fixtures. Later issues add their objects to the personas' organisations."""

import importlib
import logging
import os
import shutil
import tempfile

from django.conf import settings
from django.core.cache import cache
from django.test import Client

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from kring.celery import app as celery_app
from tests.factories import OrganisatieFactory, UserFactory, give_totp

# The roles of the access matrix (DESIGN §1 and §5).
ROLLEN = ["anoniem", "on_eigen", "on_ander", "gemeente", "stuurgroep", "beheerder"]

CHROMIUM = "/usr/bin/chromium"

# Property-based tests (tests/hostile): bounded by default, the same examples on every CI run, and HYPOTHESIS_PROFILE=grondig
# for a long run by hand. The examples of a test share its fixtures (each example is rolled back to a savepoint).
_HYPOTHESIS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}
hypothesis_settings.register_profile("standaard", max_examples=25, **_HYPOTHESIS)
hypothesis_settings.register_profile("ci", max_examples=25, derandomize=True, database=None, **_HYPOTHESIS)
hypothesis_settings.register_profile("ci-kort", max_examples=10, derandomize=True, database=None, **_HYPOTHESIS)
hypothesis_settings.register_profile("grondig", max_examples=400, **_HYPOTHESIS)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in {"1", "true"} else "standaard")
)


def pytest_configure(config):
    # Fast hashing in tests; production keeps Django's default (PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Files the tests store (rendered reports) go to a temporary folder, never into the checkout's media/.
    settings.MEDIA_ROOT = media = tempfile.mkdtemp(prefix="kring-media-")
    config.add_cleanup(lambda: shutil.rmtree(media, ignore_errors=True))


def pytest_collection_modifyitems(config, items):
    in_ci = os.environ.get("CI", "").lower() in {"1", "true"}
    geen_chromium = not (os.path.exists(CHROMIUM) or shutil.which("chromium"))
    geen_redis = not settings.REDIS_URL
    for item in items:
        if "e2e" in item.keywords and geen_chromium:
            if in_ci:
                raise pytest.UsageError(
                    "CI=true maar chromium ontbreekt: browsertests mogen in CI niet overgeslagen worden."
                )
            item.add_marker(
                pytest.mark.skip(
                    reason="Browsertests overgeslagen: chromium is niet geïnstalleerd (apt-get install chromium)."
                )
            )
        if "celery_worker" in item.keywords and geen_redis:
            item.add_marker(
                pytest.mark.skip(
                    reason="Draait met een echte Celery-worker en Redis: zet REDIS_URL (gebeurt in .ci/run)."
                )
            )


@pytest.fixture(autouse=True)
def _isolatie(request):
    """Each test starts with an empty cache (rate limits live there) and runs tasks in-process, except the tests that
    exercise a real worker."""
    cache.clear()
    eager = "celery_worker" not in request.keywords
    vorige = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    # An in-process Celery worker (celery.contrib.testing) sets the root logger to ERROR; a later test on the same
    # xdist worker would then capture no warning in caplog.
    wortel = logging.getLogger()
    niveau = wortel.level
    yield
    celery_app.conf.task_always_eager = vorige
    wortel.setLevel(niveau)


@pytest.fixture(autouse=True)
def migratiegegevens(request):
    """Every test that uses the database sees what the data migrations wrote (the standard vragenlijsten). A
    transactional test (browser tests among them: the live server needs one) empties the database after it; serially
    pytest-django runs those last, but under pytest-xdist a worker may run one before ordinary tests. So put the data
    back when it is missing, before the test's own fixtures run."""
    marker = request.node.get_closest_marker("django_db")
    if (marker is not None and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(
        request.fixturenames
    ):
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from django.apps import apps

    if not apps.get_model("pastperformance", "Vragenlijst").objects.exists():
        importlib.import_module("pastperformance.migrations.0002_standaard_vragenlijsten").maak_vragenlijsten(
            apps, None
        )


@pytest.fixture
def org_eigen(db):
    return OrganisatieFactory(naam="Grondwerk Zwijndrecht Test B.V.")


@pytest.fixture
def org_ander(db):
    return OrganisatieFactory(naam="Wegenbouw Papendrecht Test B.V.")


@pytest.fixture
def gemeente_org(db):
    return OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht (test)")


@pytest.fixture
def personas(db, org_eigen, org_ander, gemeente_org):
    """One user per role. `on_eigen` owns the objects that tests create; `on_ander` works for another contractor."""
    beheerder = UserFactory(
        naam="Beheerder Test", email="beheerder@kring.test", organisatie=gemeente_org, beheerder=True
    )
    give_totp(beheerder)
    return {
        "anoniem": None,
        "on_eigen": UserFactory(naam="Opdrachtnemer Eigen", email="on-eigen@bedrijf.test", organisatie=org_eigen),
        "on_ander": UserFactory(naam="Opdrachtnemer Ander", email="on-ander@bedrijf.test", organisatie=org_ander),
        "gemeente": UserFactory(naam="Gemeente Medewerker", email="gemeente@dordrecht.test", organisatie=gemeente_org),
        "stuurgroep": UserFactory(
            naam="Stuurgroep Lid", email="stuurgroep@dordrecht.test", organisatie=gemeente_org, stuurgroep=True
        ),
        "beheerder": beheerder,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def clients(personas):
    return {rol: client_for(user) for rol, user in personas.items()}
