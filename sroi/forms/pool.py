from django import forms
from django.utils.translation import gettext_lazy as _

from sroi.models import Poolaanbod

DATUM_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATUM_FOUTEN = {
    "required": _("Vul in vanaf wanneer de kandidaat beschikbaar is."),
    "invalid": _("Vul een geldige datum in, bijvoorbeeld 01-09-2026."),
}
KORT = 300
TE_LANG = _("Houd het kort: hooguit %(limit_value)d tekens (nu %(show_value)d).")


class PoolFilterForm(forms.Form):
    categorie = forms.ChoiceField(label=_("Doelgroep"), required=False)

    def __init__(self, *args, categorieen: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [("", _("Alle doelgroepen")), *categorieen]

    def keuze(self) -> str:
        """The chosen category code; invalid input counts as no filter."""
        return self.cleaned_data["categorie"] if self.is_valid() else ""


class AanbiedenForm(forms.Form):
    kandidaat = forms.ModelChoiceField(
        label=_("Kandidaat (code)"),
        queryset=None,
        empty_label=_("Kies een kandidaat"),
        error_messages={
            "required": _("Kies de kandidaat die u aanbiedt."),
            "invalid_choice": _("Kies een kandidaat van uw eigen organisatie die nog niet in de pool staat."),
        },
        help_text=_("Alleen de code gaat de pool in; nooit een naam, BSN of geboortedatum."),
    )
    bouwblok_code = forms.ChoiceField(
        label=_("Doelgroep"),
        required=False,
        error_messages={"invalid_choice": _("Kies een doelgroep uit de lijst.")},
        help_text=_("Laat dit leeg om de doelgroep van de laatste inzetregel van de kandidaat te nemen."),
    )
    beschikbaar_vanaf = forms.DateField(label=_("Beschikbaar vanaf"), widget=DATUM_WIDGET, error_messages=DATUM_FOUTEN)
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=KORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TE_LANG},
        help_text=_(
            "Vak, niveau en ervaring, bijvoorbeeld: BBL niveau 2 grondwerk, rijbewijs B. Geen persoonsgegevens."
        ),
    )

    def __init__(self, *args, kandidaten, categorieen: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kandidaat"].queryset = kandidaten
        self.fields["bouwblok_code"].choices = [("", _("Zoals de laatste inzetregel van de kandidaat")), *categorieen]


class InteresseForm(forms.Form):
    bericht = forms.CharField(
        label=_("Bericht aan de aanbieder"),
        required=False,
        max_length=KORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TE_LANG},
        help_text=_("Bijvoorbeeld het project en de periode. Geen persoonsgegevens."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Wat is er met het aanbod gebeurd?"),
        choices=[
            (Poolaanbod.Status.GEPLAATST, _("Geplaatst bij een andere organisatie")),
            (Poolaanbod.Status.INGETROKKEN, _("Ingetrokken")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies geplaatst of ingetrokken.")},
    )
    geplaatst_bij = forms.ModelChoiceField(
        label=_("Geplaatst bij"),
        queryset=None,
        required=False,
        empty_label=_("Kies de organisatie"),
        error_messages={"invalid_choice": _("Kies een organisatie die interesse toonde.")},
        help_text=_("Alleen bij geplaatst: een van de organisaties die interesse toonden."),
    )

    def __init__(self, *args, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["geplaatst_bij"].queryset = organisaties
