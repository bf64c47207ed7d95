from django import forms
from django.utils.translation import gettext_lazy as _

from pastperformance.models import KpiMeting
from pastperformance.services.profielen import KPI_MAX_DAGEN

DAGEN_FOUT = _("Vul een aantal hele dagen in van 0 tot en met %(max)s.") % {"max": KPI_MAX_DAGEN}


class ProfielenFilterForm(forms.Form):
    """Filter the lists of profiles by name; ranking by mean is offered only while the policy allows use for
    selection (otherwise the lists stay alphabetical)."""

    naam = forms.CharField(label=_("Naam bevat"), required=False, max_length=100)
    volgorde = forms.ChoiceField(
        label=_("Volgorde"),
        choices=[("naam", _("Op naam")), ("gemiddelde", _("Hoogste gemiddelde eerst"))],
        required=False,
    )

    def __init__(self, *args, rangschikken: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not rangschikken:
            del self.fields["volgorde"]

    def keuzes(self) -> tuple[str, bool]:
        """(name filter, rank by mean); invalid input counts as no filter."""
        if not self.is_valid():
            return "", False
        return self.cleaned_data["naam"].strip(), self.cleaned_data.get("volgorde") == "gemiddelde"


class KpiForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Wat meet u?"),
        choices=KpiMeting.Soort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat u meet: betaaltermijn, besluittermijn of vertraging.")},
    )
    dagen = forms.IntegerField(
        label=_("Aantal dagen"),
        min_value=0,
        max_value=KPI_MAX_DAGEN,
        error_messages={
            "required": DAGEN_FOUT,
            "invalid": DAGEN_FOUT,
            "min_value": DAGEN_FOUT,
            "max_value": DAGEN_FOUT,
        },
        help_text=_("Hele dagen, bijvoorbeeld van factuurdatum tot betaling."),
    )
    peildatum = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum in, bijvoorbeeld de betaaldatum of de datum van het besluit."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 14-03-2026."),
        },
        help_text=_("Bijvoorbeeld de betaaldatum of de datum van het besluit; vandaag of eerder."),
    )
    omschrijving = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Houd de omschrijving kort: hooguit 200 tekens.")},
        help_text=_("Bijvoorbeeld: factuur termijn 3, meerwerk kademuur."),
    )
