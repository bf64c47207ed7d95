import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from kring.audit import client_ip
from kring.permissions import moet_tweede_factor_hebben
from kring.selectors.accounts import heeft_tweede_factor

SESSIE_START = "kring_sessie_start"
LAATST_ACTIEF = "kring_laatst_actief"
# Refresh the idle clock at most once a minute, so a page view does not always write the session.
ACTIVITEIT_RESOLUTIE = 60

beveiligingslog = logging.getLogger("kring.beveiliging")


class SessionTimeoutMiddleware:
    """Logs out after SESSION_IDLE_MINUTES without activity, and after SESSION_MAX_HOURS in any case (ASVS 7.3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = int(time.time())
            start = request.session.get(SESSIE_START)
            laatst = request.session.get(LAATST_ACTIEF, nu)
            if start is None:
                request.session[SESSIE_START] = nu
                request.session[LAATST_ACTIEF] = nu
            elif nu - start > settings.SESSION_ABSOLUTE_SECONDS or nu - laatst > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
                return redirect_to_login(request.get_full_path())
            elif nu - laatst >= ACTIVITEIT_RESOLUTIE:
                request.session[LAATST_ACTIEF] = nu
        return self.get_response(request)


class AccountStatusMiddleware:
    """Nothing of the members' part is visible before a beheerder approved the account, and a beheerder works only
    with a second factor. Public pages and the account pages (allauth) stay reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        if view_func.__module__.startswith("allauth."):
            return None
        if not user.is_actief:
            if request.resolver_match and request.resolver_match.view_name == "kring:wachten":
                return None
            return redirect("kring:wachten")
        if moet_tweede_factor_hebben(user) and not heeft_tweede_factor(user):
            messages.warning(request, _("Als beheerder werkt u met een tweede factor. Stel die nu in."))
            return redirect("mfa_activate_totp")
        return None


class NoStoreMiddleware:
    """No browser or proxy keeps a page of a logged-in member: every answer to a signed-in request says no-store
    (ASVS 14.3.2), also where a view chose a cache policy for everyone, so a shared computer's back button or cache
    shows nothing of someone else's work. Anonymous answers keep the view's own policy (public feeds)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class WeigeringLogMiddleware:
    """Every refused request (403: a permission rule, an object the user sees but may not change, a failed CSRF
    check) leaves a line in the security log (ASVS 7.2.x, BIO 12.4): the user's id, the method, the path without its
    query string, the client's address, and nothing else personal. A log line and not an audit event, so that someone
    walking ids cannot fill the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            beveiligingslog.warning(
                "Toegang geweigerd: gebruiker=%s methode=%s pad=%s ip=%s",
                user.pk if user is not None and user.is_authenticated else "-",
                request.method,
                request.path,
                client_ip(request) or "-",
            )
        return response
