from django import forms
from django.forms import inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kring.models import Intentieovereenkomst, Organisatie, Themadoel
from kring.services.overeenkomst import ThemadoelGegevens
from werkgroepen.models import Werkgroep


class OvereenkomstForm(forms.ModelForm):
    """The content of a concept version. The status is not a field: only the transitions change it."""

    class Meta:
        model = Intentieovereenkomst
        fields = ["titel", "versie", "ingangsdatum", "einddatum", "tekst"]
        widgets = {
            "ingangsdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "einddatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tekst": forms.Textarea(attrs={"rows": 18}),
        }

    def clean(self):
        cleaned = super().clean()
        ingang, eind = cleaned.get("ingangsdatum"), cleaned.get("einddatum")
        if ingang and eind and eind <= ingang:
            self.add_error("einddatum", _("De einddatum moet na de ingangsdatum liggen."))
        # A field with an error is left out of the model's own checks, so the period constraint's technical message
        # does not repeat this one.
        return cleaned

    def inhoud(self) -> dict:
        return {veld: self.cleaned_data[veld] for veld in self.Meta.fields}


class ThemadoelForm(forms.ModelForm):
    werkgroepen = forms.ModelMultipleChoiceField(
        label=_("Werkgroepen die aan dit doel werken"),
        queryset=Werkgroep.objects.filter(gesloten_op__isnull=True),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )

    class Meta:
        model = Themadoel
        fields = ["naam", "omschrijving", "volgorde", "werkgroepen"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"volgorde": _("Lager komt eerder.")}


class BaseThemadoelFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Themadoel.objects.prefetch_related("werkgroepen"))
        super().__init__(*args, **kwargs)

    @cached_property
    def werkgroep_keuzes(self) -> list[tuple[int, str]]:
        return [
            (werkgroep.pk, werkgroep.naam) for werkgroep in ThemadoelForm.base_fields["werkgroepen"].queryset.all()
        ]

    def _construct_form(self, i, **kwargs):
        # One query for the werkgroepen of all forms, instead of one per form.
        form = super()._construct_form(i, **kwargs)
        form.fields["werkgroepen"].choices = self.werkgroep_keuzes
        return form

    def gegevens(self) -> list[ThemadoelGegevens]:
        """The themadoelen the beheerder kept or added, for the service (forms marked for removal left out)."""
        return [
            ThemadoelGegevens(
                naam=form.cleaned_data["naam"],
                omschrijving=form.cleaned_data.get("omschrijving", ""),
                volgorde=form.cleaned_data.get("volgorde") or 0,
                werkgroepen=list(form.cleaned_data.get("werkgroepen", [])),
                pk=form.instance.pk,
            )
            for form in self.forms
            if form.cleaned_data and form not in self.deleted_forms  # blank extra forms have no cleaned_data
        ]


# A POST says itself how many forms it holds; without a limit Django builds up to 2,000 of them (seconds of work).
MAX_THEMADOELEN = 50

ThemadoelFormSet = inlineformset_factory(
    Intentieovereenkomst,
    Themadoel,
    form=ThemadoelForm,
    formset=BaseThemadoelFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_THEMADOELEN,
    absolute_max=MAX_THEMADOELEN,
)


class OndertekeningForm(forms.Form):
    """Signing for one's own organisation: there is deliberately no organisation field."""

    functie = forms.CharField(
        label=_("Uw functie"),
        max_length=150,
        help_text=_("Zoals die onder de overeenkomst komt te staan, bijvoorbeeld directeur of wethouder."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    bevestiging = forms.BooleanField(required=True)

    def __init__(self, *args, organisatie: Organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bevestiging"].label = _(
            "Ik onderteken deze intentieovereenkomst namens %(organisatie)s en ben daartoe bevoegd."
        ) % {"organisatie": organisatie}
