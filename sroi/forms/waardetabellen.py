from django import forms
from django.utils.translation import gettext_lazy as _

from kring.models import Organisatie
from sroi.models import Bouwblok, Regio, Waardetabel
from sroi.services.waardetabellen import BouwblokGegevens
from werkgroepen.forms.agenda import EindigDecimaalVeld

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
VINKJES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class RegioForm(forms.Form):
    naam = forms.CharField(label=_("Naam van de regio"), max_length=Regio._meta.get_field("naam").max_length)
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Gemeenten in deze regio"),
        queryset=Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).order_by("naam"),
        required=False,
        widget=VINKJES,
        help_text=_("Een gemeente hoort bij één regio: haar projecten gebruiken de waardetabel van die regio."),
    )

    def __init__(self, *args, regio: Regio | None = None, **kwargs):
        if regio is not None:
            kwargs.setdefault("initial", {"naam": regio.naam, "gemeenten": list(regio.gemeenten.all())})
        super().__init__(*args, **kwargs)


class WaardetabelForm(forms.ModelForm):
    """The fields of a concept. Region and status are not fields: a version stays in its region, and only establishing
    it changes its status."""

    class Meta:
        model = Waardetabel
        fields = ["naam", "geldig_vanaf", "te_bevestigen", "bron", "toelichting"]
        widgets = {"geldig_vanaf": DATUM, "toelichting": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "naam": _("Bijvoorbeeld ‘Bouwblokken Haaglanden 2023’."),
            "geldig_vanaf": _(
                "Een project gebruikt de vastgestelde versie met de laatste datum op of vóór zijn aanbestedingskwartaal."
            ),
            "bron": _("Waar de waarden vandaan komen, bijvoorbeeld de pagina van het werkgeversservicepunt."),
            "toelichting": _("De telregels van de regio in gewone taal; Markdown."),
        }

    def validate_unique(self):
        # One version per region and date: the service checks it and says so in Dutch, naming the date.
        pass

    def gegevens(self) -> dict:
        return {
            veld: self.cleaned_data[veld] for veld in ("naam", "geldig_vanaf", "te_bevestigen", "bron", "toelichting")
        }


class WaardetabelNieuwForm(WaardetabelForm):
    # `regio` is no model field of this form on purpose: the model's unique (regio, geldig_vanaf) is then left to the
    # service, whose Dutch message names the date.
    regio = forms.ModelChoiceField(label=_("Regio"), queryset=Regio.objects.order_by("naam"))
    kopieer = forms.BooleanField(
        label=_("Neem de bouwblokken over van de nieuwste versie van deze regio"),
        required=False,
        initial=True,
        help_text=_("Zo hoeft u alleen te wijzigen wat anders is. Heeft de regio nog geen versie, dan begint u leeg."),
    )

    field_order = ["regio", "naam", "geldig_vanaf", "te_bevestigen", "kopieer", "bron", "toelichting"]


class KopieForm(forms.Form):
    naam = forms.CharField(label=_("Naam van de nieuwe versie"), max_length=200)
    geldig_vanaf = forms.DateField(
        label=_("Geldig vanaf"), widget=DATUM, help_text=_("Een andere datum dan de versies die de regio al heeft.")
    )
    te_bevestigen = forms.BooleanField(label=_("Nog te bevestigen"), required=False)


class BouwblokForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=Bouwblok._meta.get_field("naam").max_length)
    code = forms.CharField(
        label=_("Code"),
        max_length=Bouwblok._meta.get_field("code").max_length,
        help_text=_("Kleine letters, cijfers en streepjes, bijvoorbeeld participatiewet."),
    )
    # A blank first choice, so an untouched empty row stays empty (and is left out) instead of becoming a doelgroep.
    soort = forms.ChoiceField(label=_("Soort"), choices=[("", _("— kies —")), *Bouwblok.Soort.choices])
    waarde = EindigDecimaalVeld(label=_("Waarde"), max_digits=12, decimal_places=2, min_value=0)
    max_maanden = forms.IntegerField(
        label=_("Maximaal aantal maanden"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Alleen bij een doelgroep; leeg: geen maximum."),
    )
    volgorde = forms.IntegerField(label=_("Volgorde"), min_value=0, max_value=999, required=False)


class BaseBouwblokFormSet(forms.BaseFormSet):
    def gegevens(self) -> list[BouwblokGegevens]:
        """The rows kept or added (removed and empty ones left out); a row without volgorde goes last."""
        return [
            BouwblokGegevens(
                code=form.cleaned_data["code"],
                naam=form.cleaned_data["naam"],
                soort=form.cleaned_data["soort"],
                waarde=form.cleaned_data["waarde"],
                max_maanden=form.cleaned_data.get("max_maanden"),
                volgorde=form.cleaned_data["volgorde"] if form.cleaned_data.get("volgorde") is not None else 1000 + i,
            )
            for i, form in enumerate(self.forms)
            if form.cleaned_data and form not in self.deleted_forms
        ]


# A POST says itself how many rows it holds; without a limit Django builds up to 2,000 forms (seconds of work).
MAX_BOUWBLOKKEN = 100

BouwblokFormSet = forms.formset_factory(
    BouwblokForm,
    formset=BaseBouwblokFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_BOUWBLOKKEN,
    absolute_max=MAX_BOUWBLOKKEN,
)


def bouwblokken_initial(tabel: Waardetabel) -> list[dict]:
    return [
        {veld: getattr(blok, veld) for veld in ("naam", "code", "soort", "waarde", "max_maanden", "volgorde")}
        for blok in tabel.bouwblokken.order_by("volgorde", "pk")
    ]
