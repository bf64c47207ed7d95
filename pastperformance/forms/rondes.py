"""Forms of the plan and round pages. Plain forms: the checks between fields and parties live in the service, which
words them in Dutch (services/rondes.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pastperformance.selectors.rondes import PlanKeuzes
from projecten.forms.projecten import PersoonKeuze
from werkgroepen.forms.agenda import DATUM


class PlanForm(forms.Form):
    """A new plan (with the contractor to rate) or an existing one (with the oplevering)."""

    opdrachtnemer = forms.ModelChoiceField(
        label=_("Opdrachtnemer"),
        queryset=None,
        empty_label=_("Kies een opdrachtnemer"),
        help_text=_("Een van de opdrachtnemers aan wie het project is gegund."),
    )
    beoordelaar_og = PersoonKeuze(
        label=_("Beoordelaar namens de gemeente"),
        queryset=None,
        empty_label=_("Kies een medewerker"),
        help_text=_("Vult per ronde de beoordeling van de opdrachtnemer en de zelfbeoordeling van de gemeente in."),
    )
    beoordelaar_on = PersoonKeuze(
        label=_("Beoordelaar namens de opdrachtnemer"),
        queryset=None,
        empty_label=_("Kies een medewerker"),
        help_text=_(
            "Vult per ronde de beoordeling van de gemeente als opdrachtgever en de zelfbeoordeling van de "
            "opdrachtnemer in."
        ),
    )
    uitvoering_start = forms.DateField(label=_("Start uitvoering"), widget=DATUM)
    uitvoering_eind = forms.DateField(
        label=_("Geplande oplevering"),
        widget=DATUM,
        help_text=_("De eindronde volgt na de oplevering; tot die tijd elke paar maanden een tussentijdse ronde."),
    )
    opgeleverd_op = forms.DateField(
        label=_("Opgeleverd op"),
        required=False,
        widget=DATUM,
        help_text=_("Vul in zodra het werk is opgeleverd: dan wordt de eindronde gepland."),
    )

    def __init__(self, data=None, *, keuzes: PlanKeuzes, initial=None):
        super().__init__(data, initial=initial)
        if keuzes.opdrachtnemers is None:
            del self.fields["opdrachtnemer"]
        else:
            del self.fields["opgeleverd_op"]
            self.fields["opdrachtnemer"].queryset = keuzes.opdrachtnemers
        self.fields["beoordelaar_og"].queryset = keuzes.beoordelaars_og
        self.fields["beoordelaar_on"].queryset = keuzes.beoordelaars_on


class VervallenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: het project is stilgelegd. De beoordelingen van deze ronde worden nooit getoond."),
    )
