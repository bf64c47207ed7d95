from django import forms
from django.utils.translation import gettext_lazy as _

from pastperformance.models import Beleid, Criterium, Vragenlijst
from pastperformance.services.vragenlijsten import (
    BELEID_VELDEN,
    GRONDSLAG_VERPLICHT,
    CriteriumGegevens,
    VragenlijstInhoud,
)


class VragenlijstForm(forms.ModelForm):
    """The texts of a concept. Direction, version and status are not fields: a version keeps its direction and number,
    and only establishing it changes its status."""

    class Meta:
        model = Vragenlijst
        fields = ["naam", "toelichting", "label_1", "label_4", "label_7", "label_10"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "toelichting": _("Wat de beoordelaar vooraf moet weten; Markdown. Staat boven de vragen."),
        }

    def inhoud(self, criteria: list[CriteriumGegevens]) -> VragenlijstInhoud:
        return VragenlijstInhoud(**{veld: self.cleaned_data[veld] for veld in self.Meta.fields}, criteria=criteria)


class CriteriumForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=Criterium._meta.get_field("code").max_length,
        help_text=_("Kleine letters, cijfers en streepjes, bijvoorbeeld veiligheid. Gelijk aan de zelfbeoordeling."),
    )
    naam = forms.CharField(label=_("Naam"), max_length=Criterium._meta.get_field("naam").max_length)
    toelichting = forms.CharField(
        label=_("Waar let de beoordelaar op?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    volgorde = forms.IntegerField(label=_("Volgorde"), min_value=0, max_value=999, required=False)
    # A choice rather than a checkbox: an unticked box in an empty block would count as a change and make the empty
    # block an invalid criterion.
    nvt_toegestaan = forms.TypedChoiceField(
        label=_("NVT toegestaan"),
        choices=[(True, _("Ja: ‘niet van toepassing’ mag")), (False, _("Nee: altijd een cijfer"))],
        coerce=lambda waarde: str(waarde) == "True",  # the initial value arrives as a bool, a post as text
        initial=True,
    )


class BaseCriteriaFormSet(forms.BaseFormSet):
    def gegevens(self) -> list[CriteriumGegevens]:
        """The criteria kept or added (removed and empty blocks left out); a block without volgorde goes last."""
        return [
            CriteriumGegevens(
                code=form.cleaned_data["code"],
                naam=form.cleaned_data["naam"],
                toelichting=form.cleaned_data.get("toelichting", ""),
                volgorde=form.cleaned_data["volgorde"] if form.cleaned_data.get("volgorde") is not None else 1000 + i,
                nvt_toegestaan=form.cleaned_data["nvt_toegestaan"],
            )
            for i, form in enumerate(self.forms)
            if form.cleaned_data and form not in self.deleted_forms  # empty blocks have no cleaned_data
        ]


# A POST says itself how many blocks it holds; without a limit Django builds up to 2,000 forms (seconds of work). The
# rule of 3 to 12 criteria is the service's, with its own message.
MAX_BLOKKEN = 50

CriteriaFormSet = forms.formset_factory(
    CriteriumForm,
    formset=BaseCriteriaFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_BLOKKEN,
    absolute_max=MAX_BLOKKEN,
)


def criteria_initial(vragenlijst: Vragenlijst) -> list[dict]:
    return [
        {veld: getattr(criterium, veld) for veld in ("code", "naam", "toelichting", "volgorde", "nvt_toegestaan")}
        for criterium in vragenlijst.criteria.all()
    ]


class BeleidForm(forms.ModelForm):
    class Meta:
        model = Beleid
        fields = list(BELEID_VELDEN)
        widgets = {"grondslag": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("gebruik_voor_selectie") and not cleaned.get("grondslag", "").strip():
            # Here, so the model's own check leaves the field alone and only this Dutch message shows.
            self.add_error("grondslag", GRONDSLAG_VERPLICHT)
        return cleaned

    def gegevens(self) -> dict:
        return {veld: self.cleaned_data[veld] for veld in BELEID_VELDEN}
