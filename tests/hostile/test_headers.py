"""Security headers on every answer of the portal (issue 10, outcome 5; ASVS 14.4 and 14.3.2).

Every URL pattern (the access matrix's list, so a new URL is covered the day it is added) is asked with GET by every
role, together with the admin's lists and the error pages (403, 404, 500, CSRF failure). Each answer, whatever its
status, carries the Content Security Policy without 'unsafe-inline' or 'unsafe-eval', nosniff, DENY framing, the
referrer and opener policies; an answer to a logged-in member is never stored by a browser or proxy. The production
settings (DJANGO_DEBUG=False, read in a subprocess) then add HSTS on HTTPS and put every cookie under the __Host-
prefix, Secure and HttpOnly.
"""

import json
import re
from http.cookies import SimpleCookie

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import include, path

import pytest

from tests.conftest import ROLLEN, client_for
from tests.factories import WACHTWOORD, UserFactory
from tests.kring.test_settings import PRODUCTIE, run_django
from tests.test_access_matrix import MATRIX, all_patterns, context, fill_route  # noqa: F401 (context is a fixture)

pytestmark = pytest.mark.django_db

HSTS_MINIMUM = 31_536_000  # one year (ASVS 14.4.5)


@login_not_required
def _kapot(request):
    raise RuntimeError("opzettelijke fout voor de 500-pagina")


# This module is also the URLconf of the 500 test: the portal plus one view that fails.
urlpatterns = [path("kapot/", _kapot), path("", include("kring.urls"))]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for deel in header.split(";"):
        woorden = deel.split()
        if woorden:
            directives[woorden[0].lower()] = woorden[1:]
    return directives


def header_fouten(response, *, ingelogd: bool) -> list[str]:
    """What is missing or wrong in the security headers of one answer; empty when all is well."""
    fouten = []
    csp = response.get("Content-Security-Policy")
    if csp is None:
        fouten.append("geen Content-Security-Policy")
    else:
        directives = csp_directives(csp)
        if "'unsafe-inline'" in csp or "'unsafe-eval'" in csp:
            fouten.append(f"CSP staat unsafe-inline/unsafe-eval toe: {csp}")
        for naam, verwacht in [
            ("default-src", ["'self'"]),
            ("frame-ancestors", ["'none'"]),
            ("object-src", ["'none'"]),
        ]:
            if directives.get(naam) != verwacht:
                fouten.append(f"CSP {naam} is {directives.get(naam)}, verwacht {verwacht}")
    for naam, verwacht in [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]:
        if response.get(naam) != verwacht:
            fouten.append(f"{naam} is {response.get(naam)!r}, verwacht {verwacht!r}")
    if ingelogd:
        cache = {deel.strip().lower() for deel in response.get("Cache-Control", "").split(",")}
        if "no-store" not in cache and not {"private", "no-cache"} <= cache:
            fouten.append(f"Cache-Control {response.get('Cache-Control')!r} laat een browser de pagina bewaren")
    return fouten


def portaal_urls(ctx) -> list[str]:
    """Every URL pattern of the portal, filled with the access matrix's objects, and the admin's pages."""
    urls = []
    for name, route in all_patterns():
        if route.startswith("admin/"):
            continue
        _, build_kwargs, _ = MATRIX[name or route]
        urls.append(fill_route(route, build_kwargs(ctx) if build_kwargs else {}))
    urls.append("/admin/")
    urls.extend(f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry)
    return urls


@pytest.mark.parametrize("rol", ROLLEN)
def test_every_page_carries_the_security_headers(rol, context):  # noqa: F811 (the fixture imported above)
    urls = portaal_urls(context)
    zonder_admin = [url for url in urls if not url.startswith("/admin/")]
    assert len(zonder_admin) == len([r for _, r in all_patterns() if not r.startswith("admin/")]) > 100
    client = client_for(context["personas"][rol])
    fout = []
    statussen = set()
    for url in urls:
        response = client.get(url)
        statussen.add(response.status_code)
        fout.extend(
            f"GET {url} ({response.status_code}): {f}" for f in header_fouten(response, ingelogd=rol != "anoniem")
        )
    assert not fout, f"{rol}:\n" + "\n".join(fout)
    # The walk met real pages, not only redirects to the login page.
    assert 200 in statussen


@pytest.mark.parametrize("rol", ["anoniem", "on_eigen"])
def test_not_found_page_carries_the_security_headers(rol, personas):
    response = client_for(personas[rol]).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()
    assert header_fouten(response, ingelogd=rol != "anoniem") == []


def test_forbidden_page_carries_the_security_headers(personas):
    response = client_for(personas["on_eigen"]).get("/beheer/registraties/")
    assert response.status_code == 403
    assert header_fouten(response, ingelogd=True) == []


def test_csrf_failure_page_carries_the_security_headers(db):
    response = Client(enforce_csrf_checks=True).post("/account/login/", {"login": "x@y.test", "password": "x"})
    assert response.status_code == 403
    assert header_fouten(response, ingelogd=False) == []


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("rol", ["anoniem", "on_eigen"])
def test_server_error_page_carries_the_security_headers(rol, personas, settings):
    settings.DEBUG = False
    client = client_for(personas[rol])
    client.raise_request_exception = False
    response = client.get("/kapot/")
    assert response.status_code == 500
    assert "opzettelijke fout" not in response.content.decode()  # no traceback or message shown
    assert header_fouten(response, ingelogd=rol != "anoniem") == []


# -- production settings ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def productie_waarden() -> dict:
    """The security settings exactly as kring/settings.py computes them with DJANGO_DEBUG=False, read in a subprocess
    because they are decided at import."""
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in dir(s) "
        "if k.startswith(('SECURE_', 'SESSION_COOKIE_', 'CSRF_COOKIE_')) or k in ('DEBUG', 'MESSAGE_STORAGE')}))"
    )
    result = run_django(code, **PRODUCTIE)
    assert result.returncode == 0, result.stderr
    waarden = json.loads(result.stdout.strip().splitlines()[-1])
    assert waarden["DEBUG"] is False
    return waarden


@pytest.fixture
def productie(settings, productie_waarden):
    """This test runs with the production security settings: cookies, HTTPS redirect, HSTS, proxy header and message
    storage. Static storage and the rest stay as in tests."""
    for naam, waarde in productie_waarden.items():
        setattr(settings, naam, tuple(waarde) if naam == "SECURE_PROXY_SSL_HEADER" else waarde)


def test_production_sends_hsts_on_https(productie):
    response = Client().get("/", secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= HSTS_MINIMUM and "includeSubDomains" in hsts
    assert header_fouten(response, ingelogd=False) == []


def test_production_redirects_plain_http_to_https(productie):
    response = Client().get("/privacy/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/privacy/"
    # Behind the proxy the forwarded protocol counts: the same request over HTTPS is served.
    assert Client().get("/privacy/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def cookie_fouten(response) -> list[str]:
    fouten = []
    for naam, morsel in SimpleCookie(response.cookies.output(header="", sep="\n")).items():
        if not naam.startswith("__Host-"):
            fouten.append(f"cookie {naam} zonder __Host-voorvoegsel")
        # A cookie being removed (max-age 0, empty) needs Secure for its prefix; it holds nothing to read.
        verwijderd = morsel["max-age"] == "0" and not morsel.value
        if not morsel["secure"] or not (morsel["httponly"] or verwijderd):
            fouten.append(f"cookie {naam} niet Secure en HttpOnly")
        if morsel["path"] != "/" or morsel["domain"]:
            fouten.append(f"cookie {naam} met pad {morsel['path']!r} of domein {morsel['domain']!r}")
    return fouten


def test_production_cookies_are_host_bound_secure_and_http_only(productie):
    user = UserFactory(email="lid@bedrijf.test")
    client = Client()
    gezien = set()
    fouten = []
    stappen = [
        ("get", "/account/login/", {}),
        ("post", "/account/login/", {"login": user.email, "password": WACHTWOORD}),
        ("get", "/start/", {}),
        # A message after a change travels to the next page: in the session, not in a cookie of its own.
        ("post", "/profiel/", {"naam": "Lid Gewijzigd", "telefoon": ""}),
        ("post", "/account/logout/", {}),
        ("get", "/", {}),
    ]
    for methode, url, data in stappen:
        response = getattr(client, methode)(url, data, secure=True)
        assert response.status_code < 400, f"{methode} {url}: {response.status_code}"
        gezien |= set(response.cookies)
        fouten.extend(f"{methode.upper()} {url}: {f}" for f in cookie_fouten(response))
    assert not fouten, "\n".join(fouten)
    # The login really happened and set both cookies under their production names.
    assert {"__Host-sessionid", "__Host-csrftoken"} <= gezien
