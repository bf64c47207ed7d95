"""allauth adapters: registration goes through our service; failures and lockouts land in the audit log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from kring.audit import audit_log
from kring.forms.accounts import RegistratieForm
from kring.models import Organisatie, User
from kring.permissions import moet_tweede_factor_hebben
from kring.services import accounts as services


class AccountAdapter(DefaultAccountAdapter):
    # allauth's Dutch says "jij"; the portal addresses people as "u", like every Dutch government service.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("Het e-mailadres of het wachtwoord klopt niet."),
        "too_many_login_attempts": _(
            "Te veel mislukte inlogpogingen. Inloggen is een kwartier geblokkeerd; probeer het daarna opnieuw of "
            "herstel uw wachtwoord."
        ),
        "incorrect_code": _("Deze code klopt niet. Gebruik de code die uw app nu toont."),
        "incorrect_password": _("Dit wachtwoord klopt niet."),
        "enter_current_password": _("Vul uw huidige wachtwoord in."),
        "invalid_or_expired_key": _("Deze link is ongeldig of verlopen."),
        "unverified_primary_email": _("Bevestig eerst uw e-mailadres."),
        "rate_limited": _("U doet te veel verzoeken achter elkaar. Wacht even en probeer het opnieuw."),
        "same_as_current": _("De nieuwe waarde moet anders zijn dan de huidige."),
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if isinstance(form, RegistratieForm):
            return services.registratie_create(user=user, request=request, **form.registratie_gegevens())
        if commit:
            user.save()
        return user

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            audit_log(
                actie="auth.login_geblokkeerd",
                actor_omschrijving=str(credentials.get("email", ""))[:254],
                request=request,
            )
            raise

    def authentication_failed(self, request, **credentials):
        audit_log(
            actie="auth.login_mislukt", actor_omschrijving=str(credentials.get("email", ""))[:254], request=request
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """OIDC for gemeente staff: known e-mail addresses log in to their account (allauth matches on verified e-mail).
    Unknown staff get an account *aangevraagd* in the configured gemeente, never with a role: a beheerder approves."""

    def _gemeente(self) -> Organisatie | None:
        if not settings.OIDC_ORGANISATIE_KVK:
            return None
        return Organisatie.objects.filter(
            kvk_nummer=settings.OIDC_ORGANISATIE_KVK, soort=Organisatie.Soort.GEMEENTE
        ).first()

    def is_open_for_signup(self, request, sociallogin):
        return self._gemeente() is not None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        naam = " ".join(part for part in [data.get("first_name"), data.get("last_name")] if part)
        user.naam = naam or data.get("name") or user.email
        return user

    @transaction.atomic
    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        user.organisatie = self._gemeente()
        user.status = User.Status.AANGEVRAAGD
        user.is_beheerder = False
        user.is_stuurgroep = False
        user = super().save_user(request, sociallogin, form)
        audit_log(actie="account.geregistreerd_via_sso", actor=user, obj=user, request=request)
        services.registratie_confirm_email(user=user)
        return user


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        """A beheerder keeps a second factor (DESIGN §5): the app can be replaced, not switched off."""
        if moet_tweede_factor_hebben(authenticator.user) and authenticator.type == authenticator.Type.TOTP:
            return False
        return super().can_delete_authenticator(authenticator)
