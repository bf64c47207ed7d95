"""Production mode refuses unsafe settings, and passes Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**env) -> dict:
    """The test process's environment without the settings under test (and without the browser tests' flags)."""
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return {**omgeving, "DJANGO_SETTINGS_MODULE": "kring.settings", **env}


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    omgeving = clean_env(**env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTIE = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "kring.example.nl",
}


def test_production_refuses_development_secret_key():
    result = run_django("", DJANGO_DEBUG="False", DJANGO_ALLOWED_HOSTS="kring.example.nl")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_missing_allowed_hosts():
    result = run_django("", DJANGO_DEBUG="False", DJANGO_SECRET_KEY=secrets.token_urlsafe(64))
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_debug_flag_must_be_a_boolean():
    result = run_django("", DJANGO_DEBUG="misschien")
    assert result.returncode != 0 and "DJANGO_DEBUG" in result.stderr


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(**PRODUCTIE),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_and_headers():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_SSL_REDIRECT, 'django.contrib.auth.middleware.LoginRequiredMiddleware' in s.MIDDLEWARE)"
    )
    result = run_django(code, **PRODUCTIE)
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "31536000", "True", "True"]


@pytest.mark.django_db
def test_csp_header_has_no_unsafe_inline(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_pages_load_nothing_from_third_parties(client):
    html = client.get("/").content.decode()
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "/static/bootstrap/css/bootstrap.min.css" in html


def test_session_timeouts_configured():
    from django.conf import settings

    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 10 * 3600
