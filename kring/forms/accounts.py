from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import SignupForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm

from kring.audit import audit_log
from kring.models import Organisatie
from kring.selectors.accounts import organisatie_keuzes
from kring.validators import normalise_kvk_nummer, validate_kvk_nummer


class RegistratieForm(SignupForm):
    """allauth's signup form plus name and organisation: an existing member or a newly proposed one."""

    BESTAAND = "bestaand"
    NIEUW = "nieuw"

    naam = forms.CharField(label=_("Uw naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organisatie_keuze = forms.ChoiceField(
        label=_("Uw organisatie"),
        choices=[
            (BESTAAND, _("Mijn organisatie is al lid van de kring")),
            (NIEUW, _("Mijn organisatie is nog geen lid")),
        ],
        widget=forms.RadioSelect,
        initial=BESTAAND,
    )
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=_("— kies uw organisatie —"),
        help_text=_("Alleen als uw organisatie al lid is."),
    )
    nieuwe_organisatie_naam = forms.CharField(
        label=_("Naam van de nieuwe organisatie"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    nieuwe_organisatie_soort = forms.ChoiceField(
        label=_("Soort organisatie"), choices=[("", "—"), *Organisatie.Soort.choices], required=False
    )
    nieuwe_organisatie_kvk = forms.CharField(
        label=_("KvK-nummer"),
        max_length=20,
        required=False,
        help_text=_("Acht cijfers. Verplicht voor opdrachtnemers."),
    )
    nieuwe_organisatie_plaats = forms.CharField(label=_("Vestigingsplaats"), max_length=100, required=False)
    privacy = forms.BooleanField(label=_("Ik heb de privacyverklaring gelezen"), required=True)

    field_order = [
        "naam",
        "email",
        "password1",
        "password2",
        "organisatie_keuze",
        "organisatie",
        "nieuwe_organisatie_naam",
        "nieuwe_organisatie_soort",
        "nieuwe_organisatie_kvk",
        "nieuwe_organisatie_plaats",
        "privacy",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisatie_keuzes()
        self.fields["privacy"].help_text = format_html(
            '<a href="{}">{}</a>', reverse_lazy("kring:privacy"), _("Lees de privacyverklaring")
        )
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisatie_keuze") == self.BESTAAND:
            if not cleaned.get("organisatie") and "organisatie" not in self.errors:
                self.add_error("organisatie", _("Kies de organisatie waar u werkt."))
        elif cleaned.get("organisatie_keuze") == self.NIEUW:
            naam = (cleaned.get("nieuwe_organisatie_naam") or "").strip()
            soort = cleaned.get("nieuwe_organisatie_soort")
            # Only checked for a new organisation: a stray value in a hidden group must not block a signup.
            kvk = normalise_kvk_nummer(cleaned.get("nieuwe_organisatie_kvk"))
            cleaned["nieuwe_organisatie_kvk"] = kvk
            try:
                validate_kvk_nummer(kvk)
            except forms.ValidationError as fout:
                self.add_error("nieuwe_organisatie_kvk", fout)
            if not naam:
                self.add_error("nieuwe_organisatie_naam", _("Vul de naam van uw organisatie in."))
            elif Organisatie.objects.filter(naam__iexact=naam).exists():
                self.add_error(
                    "nieuwe_organisatie_naam",
                    _(
                        "Deze organisatie bestaat al. Kies haar in de lijst van leden, of neem contact op met de beheerder."
                    ),
                )
            if not soort:
                self.add_error("nieuwe_organisatie_soort", _("Kies de soort organisatie."))
            if soort == Organisatie.Soort.OPDRACHTNEMER and not kvk and "nieuwe_organisatie_kvk" not in self.errors:
                self.add_error("nieuwe_organisatie_kvk", _("Een opdrachtnemer heeft een KvK-nummer nodig."))
            if kvk and Organisatie.objects.filter(kvk_nummer=kvk).exists():
                self.add_error(
                    "nieuwe_organisatie_kvk",
                    _("Een organisatie met dit KvK-nummer staat al in de kring. Kies haar in de lijst van leden."),
                )
        return cleaned

    def save(self, request):
        # User, proposed organisation and e-mail address are stored together or not at all.
        with transaction.atomic():
            return super().save(request)

    def registratie_gegevens(self) -> dict:
        """What the adapter hands to the registration service."""
        data = self.cleaned_data
        if data["organisatie_keuze"] == self.BESTAAND:
            return {"naam": data["naam"], "organisatie": data["organisatie"], "nieuwe_organisatie": None}
        return {
            "naam": data["naam"],
            "organisatie": None,
            "nieuwe_organisatie": {
                "naam": data["nieuwe_organisatie_naam"],
                "soort": data["nieuwe_organisatie_soort"],
                "kvk_nummer": data["nieuwe_organisatie_kvk"],
                "plaats": data["nieuwe_organisatie_plaats"],
            },
        }


class AfwijzingForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("De aanvrager krijgt deze reden per e-mail."),
    )


class ProfielForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))


class _BlokkadeInAuditlog:
    """allauth locks the code step after too many wrong codes (the login_failed rate) but announces no signal for it;
    the lockout belongs in the audit log like the password step's (kring.adapters.AccountAdapter.pre_authenticate)."""

    def clean_code(self):
        try:
            return super().clean_code()
        except ValidationError as fout:
            if fout.code == "too_many_login_attempts":
                audit_log(
                    actie="auth.tweede_factor_geblokkeerd", actor=self.user, obj=self.user, request=context.request
                )
            raise


class TweedeFactorForm(_BlokkadeInAuditlog, AuthenticateForm):
    pass


class TweedeFactorHerbevestigenForm(_BlokkadeInAuditlog, ReauthenticateForm):
    pass
