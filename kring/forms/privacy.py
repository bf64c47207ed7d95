from django import forms
from django.utils.translation import gettext_lazy as _


class VerwijderverzoekForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Bijvoorbeeld: ik werk niet meer bij mijn organisatie."),
    )
    begrepen = forms.BooleanField(
        label=_("Ik begrijp dat ik na het verwijderen niet meer kan inloggen"),
        error_messages={"required": _("Vink aan dat u dit begrijpt.")},
    )


class AnonimiserenForm(forms.Form):
    bevestigd = forms.BooleanField(
        label=_("Ik heb gecontroleerd dat dit het juiste account is"),
        error_messages={"required": _("Vink aan dat u het account gecontroleerd heeft.")},
    )
