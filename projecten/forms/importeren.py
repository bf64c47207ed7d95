from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kring.models import Organisatie, User
from projecten.importformaat import ACCEPT, MAX_MB, MAX_RIJEN
from projecten.selectors.importeren import importgemeenten


class ImportForm(forms.Form):
    """The upload of a planning. Gemeente staff import for their own gemeente; a beheerder chooses the gemeente. The
    file itself is checked by the service (projecten.importformaat)."""

    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Organisatie.objects.none())
    bestand = forms.FileField(
        label=_("Bestand met de planning"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["bestand"].help_text = _(
            "CSV (UTF-8, gescheiden door puntkomma's of komma's) of Excel-werkmap (.xlsx), hoogstens %(mb)s MB en "
            "%(rijen)s projecten, met de kolomkoppen van het sjabloon in de eerste rij."
        ) % {"mb": MAX_MB, "rijen": number_format(MAX_RIJEN, force_grouping=True)}
        if user.is_beheerder:
            self.fields["gemeente"].queryset = importgemeenten(user=user)
            if user.is_gemeente:
                self.fields["gemeente"].initial = user.organisatie_id
        else:
            del self.fields["gemeente"]

    def gekozen_gemeente(self) -> Organisatie:
        return self.cleaned_data["gemeente"] if "gemeente" in self.fields else self.user.organisatie
