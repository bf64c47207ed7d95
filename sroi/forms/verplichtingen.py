"""Forms of the obligation pages and the filter of the SROI list. Plain forms: the checks between fields and parties
live in the service, which words them in Dutch (services/verplichtingen.py)."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

import django_filters

from projecten.forms.projecten import PersoonKeuze
from sroi.models import Verplichting, Waarschuwing
from werkgroepen.forms.agenda import DATUM, BedragVeld


def _bedrag(label, *, required=True, help_text=""):
    return BedragVeld(
        label=label,
        required=required,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=help_text,
    )


def _procent(label, *, help_text="", required=True):
    return BedragVeld(
        label=label,
        required=required,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=help_text,
    )


class VerplichtingForm(forms.Form):
    """A new obligation (with the contractor it binds) or an existing one (without: the contractor stays)."""

    # (legend, fields) of the fieldsets on the page.
    GROEPEN = [
        (_("Partijen"), ["opdrachtnemer", "coordinator"]),
        (_("Het SR-bedrag"), ["grondslag", "grondslag_bedrag", "percentage", "drempel", "maximum", "pso_korting"]),
        (_("Looptijd en rapportage"), ["looptijd_start", "looptijd_eind", "rapportage_maanden"]),
    ]

    opdrachtnemer = forms.ModelChoiceField(
        label=_("Opdrachtnemer"),
        queryset=None,
        empty_label=_("Kies een opdrachtnemer"),
        help_text=_("Een van de opdrachtnemers aan wie het project is gegund."),
    )
    coordinator = PersoonKeuze(
        label=_("SROI-coördinator van de gemeente"),
        queryset=None,
        empty_label=_("Kies een medewerker"),
        help_text=_("Valideert of wijst de inzet af en krijgt de waarschuwingen."),
    )
    grondslag = forms.ChoiceField(label=_("Grondslag"), choices=Verplichting.Grondslag.choices)
    grondslag_bedrag = _bedrag(
        _("Bedrag van de grondslag (€)"), help_text=_("De opdrachtwaarde of loonsom, bijvoorbeeld 1.250.000.")
    )
    percentage = _procent(_("Percentage"), help_text=_("Bijvoorbeeld 5 of 2,5."))
    drempel = _bedrag(
        _("Drempel (€)"),
        required=False,
        help_text=_("Onder dit bedrag van de grondslag geldt geen verplichting. Leeg of 0: geen drempel."),
    )
    maximum = _bedrag(
        _("Maximum SR-bedrag (€)"), required=False, help_text=_("Leeg: geen maximum. Bijvoorbeeld 300.000.")
    )
    pso_korting = _procent(
        _("PSO-korting (%)"),
        required=False,
        help_text=_("Korting voor een opdrachtnemer met een trede op de PSO; hoogstens wat de waardetabel toestaat."),
    )
    looptijd_start = forms.DateField(label=_("Looptijd vanaf"), widget=DATUM)
    looptijd_eind = forms.DateField(label=_("Looptijd tot en met"), widget=DATUM)
    rapportage_maanden = forms.IntegerField(
        label=_("Rapporteren elke (maanden)"),
        min_value=1,
        max_value=12,
        initial=3,
        help_text=_("Hoe vaak de opdrachtnemer de inzet bijwerkt; daarna volgt een herinnering en een waarschuwing."),
    )

    def __init__(self, data=None, *, opdrachtnemers=None, coordinatoren, initial=None):
        super().__init__(data, initial=initial)
        if opdrachtnemers is None:
            del self.fields["opdrachtnemer"]
        else:
            self.fields["opdrachtnemer"].queryset = opdrachtnemers
        self.fields["coordinator"].queryset = coordinatoren

    def groepen(self):
        return [(legend, [self[veld] for veld in velden if veld in self.fields]) for legend, velden in self.GROEPEN]

    def gegevens(self) -> dict:
        gegevens = dict(self.cleaned_data)
        gegevens.pop("opdrachtnemer", None)
        return gegevens


class VerplichtingFilter(django_filters.FilterSet):
    """The SROI list: one gemeente, one contractor (of the obligations one may see), only those with an open warning,
    a search on project number or name."""

    gemeente = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), field_name="project__gemeente", queryset=None, empty_label=_("Alle gemeenten")
    )
    opdrachtnemer = django_filters.ModelChoiceFilter(
        label=_("Opdrachtnemer"), queryset=None, empty_label=_("Alle opdrachtnemers")
    )
    waarschuwing = django_filters.BooleanFilter(
        label=_("Alleen met een open waarschuwing"), widget=forms.CheckboxInput, method="filter_waarschuwing"
    )
    zoek = django_filters.CharFilter(label=_("Zoeken op project"), method="filter_zoek", max_length=200)

    class Meta:
        model = Verplichting
        fields = ["gemeente", "opdrachtnemer", "waarschuwing", "zoek"]

    def __init__(self, data=None, *, queryset, gemeenten, opdrachtnemers):
        super().__init__(data, queryset=queryset)
        self.filters["gemeente"].queryset = gemeenten
        self.filters["opdrachtnemer"].queryset = opdrachtnemers

    def filter_waarschuwing(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(Waarschuwing.objects.filter(verplichting=OuterRef("pk"), opgelost_op__isnull=True))
        )

    def filter_zoek(self, queryset, name, value):
        woorden = Q()
        for woord in value.split():
            woorden &= Q(project__nummer__icontains=woord) | Q(project__naam__icontains=woord)
        return queryset.filter(woorden)
