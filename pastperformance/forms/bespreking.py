"""Forms after the reveal: the bespreking (with the re-check of earlier afspraken), an afspraak and its status, a
reply, a bezwaar with its panel and decision, an addendum. Plain forms that only parse: the rules live in
services/bespreking.py, which words them in Dutch per field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.models import Organisatie
from pastperformance.models import Afspraak, Beoordeling, Beoordelingsronde, Bezwaar
from pastperformance.services.bespreking import AfspraakControle
from projecten.forms.projecten import PersoonKeuze
from werkgroepen.forms.agenda import DATUM, MARKDOWN_HULP, PersonenKeuze

RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})
VINKJES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
JA_NEE = {"ja": True, "nee": False}


class BesprekingForm(forms.Form):
    """Date, who was there, the summary and (at an eindronde) the lessons; then per afspraak of an earlier round its
    status now (fields `status_<pk>` and `toelichting_<pk>`)."""

    datum = forms.DateField(label=_("Datum van de bespreking"), widget=DATUM)
    aanwezigen = PersonenKeuze(
        label=_("Aanwezig"),
        queryset=None,
        required=False,
        widget=VINKJES,
        help_text=_("Medewerkers van de gemeente en de opdrachtnemer die bij het gesprek waren."),
    )
    overige_aanwezigen = forms.CharField(
        label=_("Overige aanwezigen"),
        required=False,
        max_length=300,
        help_text=_("Anderen, met hun rol of organisatie, bijvoorbeeld: adviseur omgevingsmanagement."),
    )
    samenvatting = forms.CharField(
        label=_("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wat is er besproken bij de grootste verschillen en laagste scores? %(markdown)s")
        % {"markdown": MARKDOWN_HULP},
    )
    lessen = forms.CharField(
        label=_("Lessen voor de kring"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Wat kunnen andere gemeenten en opdrachtnemers hiervan leren? Na het definitief worden kunt u de lessen "
            "met één klik in de kennisbank zetten. %(markdown)s"
        )
        % {"markdown": MARKDOWN_HULP},
    )

    def __init__(self, data=None, *, ronde: Beoordelingsronde, personen, te_controleren, initial=None):
        super().__init__(data, initial=initial)
        self.fields["aanwezigen"].queryset = personen
        if ronde.soort != Beoordelingsronde.Soort.EIND:
            del self.fields["lessen"]
        self.te_controleren = list(te_controleren)
        for afspraak in self.te_controleren:
            self.fields[f"status_{afspraak.pk}"] = forms.ChoiceField(
                label=_("Status"), choices=Afspraak.Status.choices, initial=afspraak.status
            )
            self.fields[f"toelichting_{afspraak.pk}"] = forms.CharField(
                label=_("Toelichting"),
                required=False,
                initial=afspraak.toelichting,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def controlevelden(self) -> list[tuple[Afspraak, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"status_{a.pk}"], self[f"toelichting_{a.pk}"]) for a in self.te_controleren]

    def gegevens(self) -> dict:
        """The service's arguments (besides ronde and door)."""
        gegevens = {
            veld: self.cleaned_data.get(veld, "")
            for veld in ("datum", "aanwezigen", "overige_aanwezigen", "samenvatting", "lessen")
        }
        gegevens["controles"] = {
            afspraak.pk: AfspraakControle(
                status=self.cleaned_data[f"status_{afspraak.pk}"],
                toelichting=self.cleaned_data[f"toelichting_{afspraak.pk}"],
            )
            for afspraak in self.te_controleren
        }
        return gegevens


class AfspraakForm(forms.Form):
    omschrijving = forms.CharField(
        label=_("Afspraak"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat gaat er anders, concreet genoeg om in de volgende ronde na te gaan of het gebeurd is."),
    )
    criterium_code = forms.ChoiceField(label=_("Bij criterium"), required=False)
    eigenaar_organisatie = forms.ModelChoiceField(
        label=_("Eigenaar"), queryset=Organisatie.objects.none(), widget=RADIO, empty_label=None
    )
    eigenaar = PersoonKeuze(
        label=_("Aanspreekpunt"),
        queryset=None,
        required=False,
        empty_label=_("Geen aanspreekpunt"),
        help_text=_("Iemand van de eigenaar die de afspraak trekt (mag leeg blijven)."),
    )
    deadline = forms.DateField(label=_("Uiterlijk"), widget=DATUM)

    def __init__(self, data=None, *, ronde: Beoordelingsronde, personen, criteria: dict[str, str], initial=None):
        super().__init__(data, initial=initial)
        self.fields["eigenaar_organisatie"].queryset = Organisatie.objects.filter(
            pk__in=(ronde.plan.project.gemeente_id, ronde.plan.opdrachtnemer_id)
        ).order_by("soort", "naam")
        self.fields["eigenaar"].queryset = personen
        self.fields["criterium_code"].choices = [("", _("Geen criterium in het bijzonder")), *criteria.items()]


class AfspraakStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Afspraak.Status.choices, widget=RADIO)
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht als de afspraak niet is nagekomen of is vervallen."),
    )


class ReactieForm(forms.Form):
    eens = forms.TypedChoiceField(
        label=_("Bent u het eens met de beoordeling?"),
        choices=[("ja", _("Ja, eens")), ("nee", _("Nee, oneens"))],
        coerce=JA_NEE.get,
        widget=RADIO,
    )
    tekst = forms.CharField(
        label=_("Uw reactie"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Uw reactie staat altijd naast de beoordeling, ook in rapporten."),
    )
    gesprek_gewenst = forms.BooleanField(label=_("Wij willen hier graag een gesprek over"), required=False)


class BezwaarForm(forms.Form):
    gronden = forms.CharField(
        label=_("Gronden van het bezwaar"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Waarom is de beoordeling volgens u onjuist? Noem de criteria en de feiten. Een panel van een "
            "gemeentemanager en een kringlid die niet bij het project betrokken zijn, besluit."
        ),
    )


class PanelForm(forms.Form):
    panel_gemeente = PersoonKeuze(label=_("Panellid namens een gemeente"), queryset=None, empty_label=_("Kies"))
    panel_kring = PersoonKeuze(label=_("Panellid uit de kring"), queryset=None, empty_label=_("Kies"))

    def __init__(self, data=None, *, keuzes):
        super().__init__(data)
        self.fields["panel_gemeente"].queryset = keuzes.gemeente
        self.fields["panel_kring"].queryset = keuzes.kring


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(label=_("Besluit van het panel"), choices=Bezwaar.Besluit.choices, widget=RADIO)
    tekst = forms.CharField(
        label=_("Besluit met redenen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Komt als addendum bij de beoordeling; de beoordeling zelf blijft zoals ze was."),
    )


class BeoordelingKeuze(forms.ModelChoiceField):
    def label_from_instance(self, beoordeling: Beoordeling) -> str:
        return beoordeling.get_richting_display()


class AddendumForm(forms.Form):
    beoordeling = BeoordelingKeuze(label=_("Bij beoordeling"), queryset=None, widget=RADIO)
    tekst = forms.CharField(label=_("Addendum"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, data=None, *, beoordelingen, hele_ronde: bool, initial=None):
        super().__init__(data, initial=initial)
        veld = self.fields["beoordeling"]
        veld.queryset = beoordelingen
        veld.required = not hele_ronde
        veld.empty_label = _("De ronde als geheel") if hele_ronde else None
