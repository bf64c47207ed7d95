import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kring.markdown import weiger_actieve_html
from werkgroepen.models import Activiteit
from werkgroepen.selectors.agenda import Keuzes
from werkgroepen.services.agenda import DEADLINE_VOOR_START, ActiviteitGegevens

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DUIZENDTALLEN = re.compile(r"-?\d{1,3}(\.\d{3})+")
MARKDOWN_HULP = _("Markdown mag: *nadruk*, lijsten met -, links. HTML wordt niet uitgevoerd.")


def themadoel_label(themadoel) -> str:
    """Themadoelen of different versions of the agreement may share a name: the version tells them apart."""
    return _("%(naam)s (versie %(versie)s)") % {"naam": themadoel.naam, "versie": themadoel.overeenkomst.versie}


class ThemadoelKeuze(forms.ModelChoiceField):
    def label_from_instance(self, themadoel):
        return themadoel_label(themadoel)


class PersoonKeuze(forms.ModelChoiceField):
    def label_from_instance(self, persoon):
        return f"{persoon.naam} ({persoon.organisatie})" if persoon.organisatie_id else persoon.naam


class PersonenKeuze(forms.ModelMultipleChoiceField):
    label_from_instance = PersoonKeuze.label_from_instance


class EindigDecimaalVeld(forms.DecimalField):
    """A decimal that is a number: "NaN", "sNaN" and "Infinity" are refused when read, not only when validated. A
    formset asks every row whether it changed before validating, and comparing with a signalling NaN raises."""

    def to_python(self, value):
        getal = super().to_python(value)
        if getal is not None and not getal.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return getal


class BedragVeld(EindigDecimaalVeld):
    """An amount in euros as people type it here: 2500, 2500,50, 2.500,50 or € 2.500 (a dot followed by groups of
    three digits separates thousands; a lone dot elsewhere is read as a decimal point)."""

    def to_python(self, value):
        tekst = re.sub(r"[\s€]", "", str(value or ""))
        if "," in tekst:
            tekst = tekst.replace(".", "").replace(",", ".")
        elif DUIZENDTALLEN.fullmatch(tekst):
            tekst = tekst.replace(".", "")
        return super().to_python(tekst)


class ActiviteitForm(forms.ModelForm):
    """An activity as a member writes it. The status is not a field: only the transitions change it."""

    themadoel = ThemadoelKeuze(label=_("Themadoel"), queryset=None, required=False, empty_label=_("Geen themadoel"))
    initiatiefnemer = PersoonKeuze(label=_("Initiatiefnemer"), queryset=None, empty_label=_("Kies een persoon"))
    team = PersonenKeuze(
        label=_("Team"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Wie er aan meewerkt. Houd Ctrl (op een Mac Cmd) ingedrukt om meer mensen te kiezen."),
    )
    budget = BedragVeld(
        label=_("Budget (€)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("In euro's, bijvoorbeeld 2.500 of 2500,50. Leeg als er geen budget bij hoort."),
    )

    class Meta:
        model = Activiteit
        fields = [
            "titel",
            "werkgroep",
            "themadoel",
            "omschrijving",
            "initiatiefnemer",
            "team",
            "startdatum",
            "deadline",
            "budget",
        ]
        widgets = {"startdatum": DATUM, "deadline": DATUM, "omschrijving": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"omschrijving": MARKDOWN_HULP}

    def __init__(self, *args, keuzes: Keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["werkgroep"].queryset = keuzes.werkgroepen
        self.fields["werkgroep"].empty_label = _("Kies een werkgroep")
        self.fields["themadoel"].queryset = keuzes.themadoelen
        self.fields["initiatiefnemer"].queryset = keuzes.personen
        self.fields["team"].queryset = keuzes.personen
        self.fields["omschrijving"].validators.append(weiger_actieve_html)

    def clean(self):
        cleaned = super().clean()
        start, deadline = cleaned.get("startdatum"), cleaned.get("deadline")
        if start and deadline and deadline < start:
            # On the field, so the model's own check (with its technical message) skips it.
            self.add_error("deadline", DEADLINE_VOOR_START)
        return cleaned

    def gegevens(self) -> ActiviteitGegevens:
        return ActiviteitGegevens(
            titel=self.cleaned_data["titel"],
            werkgroep=self.cleaned_data["werkgroep"],
            deadline=self.cleaned_data["deadline"],
            omschrijving=self.cleaned_data.get("omschrijving", ""),
            themadoel=self.cleaned_data.get("themadoel"),
            initiatiefnemer=self.cleaned_data.get("initiatiefnemer"),
            team=list(self.cleaned_data.get("team", [])),
            startdatum=self.cleaned_data.get("startdatum"),
            budget=self.cleaned_data.get("budget"),
        )


class VoortgangForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), initial=timezone.localdate, widget=DATUM)
    tekst = forms.CharField(
        label=_("Notitie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        validators=[weiger_actieve_html],
        help_text=format_lazy("{} {}", _("Wat is er gedaan of besloten, en wat is de volgende stap?"), MARKDOWN_HULP),
    )
