"""Forms of the werkgroepen themselves. They check the input's shape; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.models import User
from werkgroepen.models import Lidmaatschap, Werkgroep
from werkgroepen.selectors.werkgroepen import actieve_leden


class AanmeldingForm(forms.Form):
    motivatie = forms.CharField(
        label=_("Motivatie (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom wilt u meedoen en wat brengt u mee? De trekkers van de werkgroep lezen dit."),
    )


class WerkgroepForm(forms.Form):
    """What a trekker edits: what the werkgroep is for and works on."""

    doel = forms.CharField(label=_("Doel"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    omschrijving = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    deelonderwerpen = forms.CharField(
        label=_("Deelonderwerpen"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eén onderwerp per regel."),
    )


class TrekkerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.naam} ({obj.organisatie})" if obj.organisatie_id else obj.naam


class TrekkerForm(forms.Form):
    """The trekker of a werkgroep that opens (again)."""

    trekker = TrekkerField(
        queryset=User.objects.none(),
        label=_("Trekker"),
        empty_label=_("— kies de trekker —"),
        help_text=_("Wordt vandaag trekker en beoordeelt de aanmeldingen. Later kunnen er trekkers bij komen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: who is an active member changes, and "member today" needs today's date.
        self.fields["trekker"].queryset = actieve_leden()


class WerkgroepNieuwForm(WerkgroepForm, TrekkerForm):
    """A new werkgroep, by a beheerder: its name and address, what it is for, its start and first trekker."""

    naam = forms.CharField(label=_("Naam"), max_length=Werkgroep._meta.get_field("naam").max_length)
    slug = forms.SlugField(
        label=_("Korte naam"),
        max_length=Werkgroep._meta.get_field("slug").max_length,
        help_text=_("Voor het adres van de pagina, zoals /werkgroepen/duurzaamheid/: kleine letters, cijfers en -."),
    )
    gestart_op = forms.DateField(
        label=_("Gestart op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    field_order = ["naam", "slug", "doel", "omschrijving", "deelonderwerpen", "gestart_op", "trekker"]


class RolForm(forms.Form):
    rol = forms.ChoiceField(label=_("Rol"), choices=Lidmaatschap.Rol.choices)
