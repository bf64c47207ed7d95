from django import forms
from django.utils.translation import gettext_lazy as _

from kring.markdown import weiger_actieve_html
from projecten.models import Graafrust, Koppelkans, Opgave
from projecten.selectors.gebieden import project_keuzes
from projecten.services.gebieden import OPGAVE_VELDEN, REDEN_VERPLICHT, VENSTER_OMGEKEERD, besluiten_vanuit

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _MetProjectKeuze(forms.ModelForm):
    """A form in a gebied whose optional project comes from the gebied's own gemeente."""

    def __init__(self, *args, gebied, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_keuzes(gebied=gebied)
        self.fields["project"].empty_label = _("Geen project")


class OpgaveForm(_MetProjectKeuze):
    class Meta:
        model = Opgave
        fields = list(OPGAVE_VELDEN)
        labels = {"venster_van": _("Vroegst"), "venster_tot": _("Uiterlijk")}
        widgets = {"venster_van": DATUM, "venster_tot": DATUM}
        help_texts = {
            "venster_van": _("Wanneer het werk op zijn vroegst kan beginnen."),
            "venster_tot": _("Wanneer het werk uiterlijk klaar moet zijn."),
            "project": _("Het project van de gemeente waarin de opgave is opgenomen; leeg zolang dat niet zo is."),
        }

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("venster_van"), cleaned.get("venster_tot")
        if van and tot and tot < van:
            # On the field, so the model's own check (with its technical message) skips it.
            self.add_error("venster_tot", VENSTER_OMGEKEERD % {"tot": f"{tot:%d-%m-%Y}", "van": f"{van:%d-%m-%Y}"})
        return cleaned


class GraafrustForm(_MetProjectKeuze):
    class Meta:
        model = Graafrust
        fields = ["locatie", "tot", "project", "toelichting"]
        widgets = {"tot": DATUM, "toelichting": forms.Textarea(attrs={"rows": 3})}
        labels = {"project": _("Na project")}
        help_texts = {
            "locatie": _("Bijvoorbeeld: Singel tussen Bagijnhof en Visbrug."),
            "tot": _("Tot deze datum wordt er niet gegraven, behalve bij een calamiteit."),
            "project": _("Het project waarmee de straat net is vernieuwd."),
        }


class KoppelbesluitForm(forms.Form):
    besluit = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect)
    reden = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        validators=[weiger_actieve_html],
        error_messages={"required": REDEN_VERPLICHT},
        help_text=_("Waarom wel of niet samen? Bijvoorbeeld: planning, budget, risico's of hinder voor de buurt."),
    )

    def __init__(self, *args, koppelkans: Koppelkans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluit"].choices = list(besluiten_vanuit(koppelkans).items())
