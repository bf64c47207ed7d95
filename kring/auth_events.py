"""Authentication events into the audit log (and the one registration step allauth only announces by signal).

allauth and Django announce these through signals, so here (and only here) audit calls hang on signals. Business
events are logged by explicit calls in the services."""

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.socialaccount import signals as social_signals

from kring.audit import audit_log
from kring.services import accounts as services


def _log(actie: str, request, user, **extra):
    audit_log(actie=actie, actor=user, obj=user, na=extra or None, request=request)


@receiver(account_signals.user_logged_in)
def _ingelogd(sender, request, user, **kwargs):
    _log("auth.ingelogd", request, user)


@receiver(auth_signals.user_logged_out)
def _uitgelogd(sender, request, user, **kwargs):
    if user is not None:
        _log("auth.uitgelogd", request, user)


def _andere_sessies_beeindigen(request, user, reden: str):
    """A new password ends every other session of the person at once (ASVS 7.4.3). The session that set it may stay:
    ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off on purpose; after a reset that session is not logged in anyway."""
    huidige = request.session.session_key if request is not None and hasattr(request, "session") else None
    services.sessies_beeindigen(gebruiker=user, reden=reden, behalve=huidige, request=request)


@receiver(account_signals.password_changed)
def _wachtwoord_gewijzigd(sender, request, user, **kwargs):
    _log("auth.wachtwoord_gewijzigd", request, user)
    _andere_sessies_beeindigen(request, user, "wachtwoord_gewijzigd")


@receiver(account_signals.password_set)
def _wachtwoord_ingesteld(sender, request, user, **kwargs):
    _log("auth.wachtwoord_ingesteld", request, user)
    _andere_sessies_beeindigen(request, user, "wachtwoord_ingesteld")


@receiver(account_signals.password_reset)
def _wachtwoord_hersteld(sender, request, user, **kwargs):
    _log("auth.wachtwoord_hersteld", request, user)
    _andere_sessies_beeindigen(request, user, "wachtwoord_hersteld")


@receiver(account_signals.email_confirmed)
def _email_bevestigd(sender, request, email_address, **kwargs):
    _log("auth.email_bevestigd", request, email_address.user, email=email_address.email)
    # allauth offers no adapter hook for a confirmed address; the registration service decides what follows.
    services.registratie_confirm_email(user=email_address.user)


@receiver(account_signals.email_changed)
def _email_gewijzigd(sender, request, user, from_email_address, to_email_address, **kwargs):
    _log(
        "auth.email_gewijzigd",
        request,
        user,
        van=from_email_address.email if from_email_address else None,
        naar=to_email_address.email,
    )


@receiver(mfa_signals.authenticator_added)
def _tweede_factor_toegevoegd(sender, request, user, authenticator, **kwargs):
    _log("auth.tweede_factor_toegevoegd", request, user, soort=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def _tweede_factor_verwijderd(sender, request, user, authenticator, **kwargs):
    _log("auth.tweede_factor_verwijderd", request, user, soort=authenticator.type)


@receiver(mfa_signals.authenticator_reset)
def _herstelcodes_vernieuwd(sender, request, user, authenticator, **kwargs):
    _log("auth.herstelcodes_vernieuwd", request, user, soort=authenticator.type)


@receiver(mfa_signals.authenticator_used)
def _tweede_factor_gebruikt(sender, request, user, authenticator, reauthenticated=False, **kwargs):
    _log("auth.tweede_factor_gebruikt", request, user, soort=authenticator.type, herbevestiging=reauthenticated)


@receiver(mfa_signals.authentication_failed)
def _tweede_factor_mislukt(sender, request, user, reauthentication=False, **kwargs):
    _log("auth.tweede_factor_mislukt", request, user, herbevestiging=reauthentication)


@receiver(social_signals.social_account_added)
def _sso_gekoppeld(sender, request, sociallogin, **kwargs):
    _log("auth.sso_gekoppeld", request, sociallogin.user, provider=sociallogin.account.provider)
