from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.dashboard import periode_uit
from kring.dashboard.kwartaalrapportage import Rapportkwartaal, is_begonnen, kwartaal_getal


class KwartaalrapportageForm(forms.Form):
    """The hidden field behind the "Kwartaalrapportage als PDF" button (templates/kring/stuurgroep/
    _kwartaalrapportage.html): one quarter, as in the dashboard's address (2026-K3), that has begun."""

    periode = forms.CharField(label=_("Kwartaal"), max_length=10)

    def clean_periode(self) -> Rapportkwartaal:
        code = self.cleaned_data["periode"].strip()
        periode = periode_uit(code)
        # periode_uit reads anything it cannot parse as the current quarter: only an exact quarter code counts here.
        if periode.soort != "kwartaal" or periode.code != code:
            raise forms.ValidationError(_("Kies een kwartaal, bijvoorbeeld 2026-K3."), code="geen_kwartaal")
        if not is_begonnen(periode, timezone.localdate()):
            raise forms.ValidationError(
                _("Dit kwartaal is nog niet begonnen: er is nog niets om over te rapporteren."), code="toekomst"
            )
        return Rapportkwartaal("kwartaal", periode.begin)

    def parameters(self) -> dict:
        return {"kwartaal": kwartaal_getal(self.cleaned_data["periode"])}
