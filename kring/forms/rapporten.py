from django import forms
from django.utils.translation import gettext_lazy as _

from kring.models import Rapport
from kring.rapportsoorten import rapportsoort


class RapportAanvraagForm(forms.Form):
    """The hidden fields behind a "PDF maken" button (templates/kring/rapporten/_aanvragen.html)."""

    soort = forms.ChoiceField(label=_("Soort rapport"), choices=Rapport.Soort.choices)
    object_id = forms.IntegerField(label=_("Object"), min_value=1)

    def parameters(self) -> dict:
        return rapportsoort(self.cleaned_data["soort"]).parameters(self.cleaned_data["object_id"])
