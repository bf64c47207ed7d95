import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projecten.kwartalen import kwartaal_code, kwartaal_label, kwartaal_parse
from projecten.selectors.spreiding import MATEN, gemeente_keuzes
from projecten.services.spreiding import MAXIMUM_MAANDEN

MAAND_FOUT = _("Vul een aantal maanden in van 0 tot en met 36, bijvoorbeeld 4,5. Leeg laten mag ook.")


def maat_veld() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Belasting meten in"), choices=list(MATEN.items()), initial="waarde", required=False
    )


def veldnaam(kwartaal: datetime.date) -> str:
    return "kwartaal_" + kwartaal_code(kwartaal).replace("-", "_")


class WeergaveForm(forms.Form):
    """How the spreiding page shows the load: split by soort werk or fase, measured in value or number of projects.
    Unknown values fall back to the defaults, so a hand-edited address still shows the page."""

    verdeling = forms.ChoiceField(
        label=_("Verdelen naar"),
        choices=[("soort_werk", _("Soort werk")), ("fase", _("Fase"))],
        initial="soort_werk",
        required=False,
    )
    maat = maat_veld()

    def keuze(self, veld: str) -> str:
        """The chosen value, or the default when it is missing or invalid (each field on its own)."""
        if not self.is_bound:
            return self.fields[veld].initial
        self.is_valid()  # fills cleaned_data with the fields that are valid
        return self.cleaned_data.get(veld) or self.fields[veld].initial


class VoorstelForm(forms.Form):
    """The voorstel's measure and, for a beheerder, whose projects it moves."""

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, required=False, empty_label=_("Alle gemeenten")
    )
    maat = maat_veld()

    def __init__(self, *args, kies_gemeente: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if kies_gemeente:
            self.fields["gemeente"].queryset = gemeente_keuzes()
        else:
            del self.fields["gemeente"]

    def keuzes(self) -> tuple:
        """(gemeente or None, maat); the defaults when the choice is missing or invalid."""
        if not (self.is_bound and self.is_valid()):
            return None, self.fields["maat"].initial
        return self.cleaned_data.get("gemeente"), self.cleaned_data["maat"] or self.fields["maat"].initial


class OvernemenForm(forms.Form):
    """Adopt one move: the quarter the voorstel proposed, as the page showed it (2027-K2)."""

    naar = forms.CharField(widget=forms.HiddenInput, error_messages={"required": _("Kies het nieuwe kwartaal.")})

    def clean_naar(self) -> datetime.date:
        try:
            return kwartaal_parse(self.cleaned_data["naar"])
        except ValueError as fout:
            raise ValidationError(str(fout)) from None


class WerkvoorraadForm(forms.Form):
    """One field per quarter of the horizon: months of work in hand, with one decimal, filled with what the company
    reported before (`eigen`)."""

    def __init__(self, *args, kwartalen: list[datetime.date], eigen: dict[datetime.date, Decimal], **kwargs):
        kwargs["initial"] = {veldnaam(kwartaal): maanden for kwartaal, maanden in eigen.items()}
        super().__init__(*args, **kwargs)
        self.kwartalen = {}
        for kwartaal in kwartalen:
            naam = veldnaam(kwartaal)
            self.kwartalen[naam] = kwartaal
            self.fields[naam] = forms.DecimalField(
                label=kwartaal_label(kwartaal),
                required=False,
                min_value=Decimal(0),
                max_value=MAXIMUM_MAANDEN,
                max_digits=3,
                decimal_places=1,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                error_messages={
                    "invalid": MAAND_FOUT,
                    "min_value": MAAND_FOUT,
                    "max_value": MAAND_FOUT,
                    "max_digits": MAAND_FOUT,
                    "max_decimal_places": _("Eén cijfer achter de komma is genoeg, bijvoorbeeld 4,5."),
                    "max_whole_digits": MAAND_FOUT,
                },
            )

    def waarden(self) -> dict[datetime.date, Decimal | None]:
        return {kwartaal: self.cleaned_data[naam] for naam, kwartaal in self.kwartalen.items()}
