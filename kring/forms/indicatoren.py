import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.models import Indicator, Indicatorwaarde
from kring.selectors.indicatoren import themadoelen_voor_indicatoren
from kring.services.indicatoren import IndicatorGegevens
from projecten.kwartalen import huidig_kwartaal, kwartaal_label, kwartaal_plus


class ThemadoelKeuze(forms.ModelChoiceField):
    def label_from_instance(self, themadoel):
        return f"{themadoel.naam} (versie {themadoel.overeenkomst.versie})"


class IndicatorForm(forms.ModelForm):
    themadoel = ThemadoelKeuze(label=_("Themadoel"), queryset=Indicator.objects.none())
    doel = forms.DecimalField(
        label=_("Doel"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=_("Het streefcijfer, in de eenheid hieronder (0 of meer)."),
    )

    class Meta:
        model = Indicator
        fields = ["themadoel", "naam", "bron", "doel", "eenheid", "hoger_is_beter", "volgorde"]
        help_texts = {
            "bron": _("Hoe het portaal de waarde bepaalt; de uitleg per bron staat onder het formulier."),
            "hoger_is_beter": _("Uit als een lagere waarde beter is; het doel is dan een bovengrens."),
            "volgorde": _("Lager komt eerder."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themadoel"].queryset = themadoelen_voor_indicatoren().order_by(
            "-overeenkomst__versie", "volgorde", "pk"
        )

    def gegevens(self) -> IndicatorGegevens:
        return IndicatorGegevens(**{veld: self.cleaned_data[veld] for veld in self.Meta.fields})


def kwartaal_keuzes(aantal: int = 8) -> list[tuple[str, str]]:
    """The current quarter and the ones before it, newest first (a manual value for a coming quarter does not exist)."""
    huidig = huidig_kwartaal()
    return [
        (kwartaal_plus(huidig, -stap).isoformat(), kwartaal_label(kwartaal_plus(huidig, -stap)))
        for stap in range(aantal)
    ]


class IndicatorwaardeForm(forms.Form):
    kwartaal = forms.TypedChoiceField(label=_("Kwartaal"), choices=(), coerce=datetime.date.fromisoformat)
    waarde = forms.DecimalField(label=_("Waarde"), min_value=0, max_digits=10, decimal_places=2, localize=True)
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=Indicatorwaarde._meta.get_field("toelichting").max_length,
        required=False,
        help_text=_("Waar komt het cijfer vandaan? Bijvoorbeeld de bron of de meting."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kwartaal"].choices = kwartaal_keuzes()
