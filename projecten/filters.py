"""FilterSets of the projecten part (django-filter)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import django_filters

from kring.models import Organisatie
from projecten.forms.projecten import GebiedKeuze, KwartaalInvoer
from projecten.kwartalen import komende_kwartalen, kwartaal_code, kwartaal_label
from projecten.models import Gebied, Koppelkans, Project, Waardeklasse, Zekerheid
from projecten.selectors.projecten import gebieden_voor_filter


def gemeentefilter(**kwargs) -> django_filters.ModelChoiceFilter:
    """A choice of one gemeente, or all."""
    return django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        queryset=Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).order_by("naam"),
        empty_label=_("Alle gemeenten"),
        **kwargs,
    )


# -- projecten


class ProjectKwartaalFilter(django_filters.Filter):
    """A tender quarter typed as 2027-K2 (also Q2 2027): the project list reaches into past quarters as well."""

    field_class = KwartaalInvoer


class ProjectGebiedVeld(django_filters.fields.ModelChoiceField):
    label_from_instance = GebiedKeuze.label_from_instance


class ProjectGebiedFilter(django_filters.ModelChoiceFilter):
    field_class = ProjectGebiedVeld


class ProjectFilter(django_filters.FilterSet):
    """The members' project list: search on number, name and description; gemeente, gebied, soort werk, fase,
    zekerheid and a range of tender quarters."""

    zoek = django_filters.CharFilter(
        label=_("Zoeken op nummer, naam of omschrijving"), method="filter_zoek", max_length=200
    )
    gemeente = gemeentefilter()
    gebied = ProjectGebiedFilter(
        label=_("Gebied (wijk)"), queryset=lambda request: gebieden_voor_filter(), empty_label=_("Alle gebieden")
    )
    soort_werk = django_filters.ChoiceFilter(
        label=_("Soort werk"), choices=Project.SoortWerk.choices, empty_label=_("Alle soorten werk")
    )
    fase = django_filters.ChoiceFilter(label=_("Fase"), choices=Project.Fase.choices, empty_label=_("Alle fasen"))
    zekerheid = django_filters.ChoiceFilter(
        label=_("Zekerheid"), choices=Zekerheid.choices, empty_label=_("Elke zekerheid")
    )
    kwartaal_van = ProjectKwartaalFilter(
        label=_("Aanbesteding vanaf kwartaal"),
        field_name="aanbesteding_kwartaal",
        lookup_expr="gte",
        help_text=_("Bijvoorbeeld 2027-K1."),
    )
    kwartaal_tot = ProjectKwartaalFilter(
        label=_("Aanbesteding tot en met kwartaal"),
        field_name="aanbesteding_kwartaal",
        lookup_expr="lte",
        help_text=_("Bijvoorbeeld 2027-K4."),
    )

    class Meta:
        model = Project
        fields = ["zoek", "gemeente", "gebied", "soort_werk", "fase", "zekerheid", "kwartaal_van", "kwartaal_tot"]

    def filter_zoek(self, queryset, name, value):
        woorden = Q()
        for woord in value.split():
            woorden &= Q(nummer__icontains=woord) | Q(naam__icontains=woord) | Q(omschrijving__icontains=woord)
        return queryset.filter(woorden)


# -- kalender

# The quarter lists offer five years ahead; a feed's address may name any quarter.
KALENDER_KWARTALEN = 20


class KwartaalVeld(KwartaalInvoer):
    """A quarter, chosen from the coming ones or written as 2027-K2 (also Q2 2027, 2e kwartaal 2027) in an address;
    cleaned to its first day."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        keuzes = [
            (kwartaal_code(kwartaal), kwartaal_label(kwartaal)) for kwartaal in komende_kwartalen(KALENDER_KWARTALEN)
        ]
        self.widget = forms.Select(choices=[("", _("Elk kwartaal")), *keuzes])


class KwartaalFilter(django_filters.Filter):
    field_class = KwartaalVeld


class GebiedVeld(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, gebied):
        return f"{gebied.naam} ({gebied.gemeente.naam})"


class GebiedFilter(django_filters.ModelChoiceFilter):
    field_class = GebiedVeld


class KalenderFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        van, tot = cleaned_data.get("van"), cleaned_data.get("tot")
        if van and tot and tot < van:
            raise ValidationError(
                _(
                    "Het kwartaal ‘tot en met’ (%(tot)s) ligt vóór het kwartaal ‘vanaf’ (%(van)s). Kies een later "
                    "eindkwartaal of een eerder begin."
                )
                % {"tot": kwartaal_label(tot), "van": kwartaal_label(van)}
            )
        return cleaned_data


class KalenderFilter(django_filters.FilterSet):
    """The aanbestedingskalender and its feeds: gemeente, gebied, soort werk, waardeklasse, procedure, zekerheid and a
    range of tender quarters. Only public fields, so the public and the feeds filter alike."""

    gemeente = gemeentefilter()
    gebied = GebiedFilter(
        label=_("Gebied (wijk)"),
        queryset=Gebied.objects.select_related("gemeente").order_by("gemeente__naam", "naam"),
        empty_label=_("Alle gebieden"),
    )
    soort_werk = django_filters.ChoiceFilter(
        label=_("Soort werk"), choices=Project.SoortWerk.choices, empty_label=_("Alle soorten werk")
    )
    waardeklasse = django_filters.ModelChoiceFilter(
        label=_("Waardeklasse"), queryset=Waardeklasse.objects.all(), empty_label=_("Alle waardeklassen")
    )
    procedure = django_filters.ChoiceFilter(
        label=_("Procedure"), choices=Project.Procedure.choices, empty_label=_("Alle procedures")
    )
    zekerheid = django_filters.ChoiceFilter(
        label=_("Zekerheid"), choices=Zekerheid.choices, empty_label=_("Elke zekerheid")
    )
    van = KwartaalFilter(label=_("Kwartaal vanaf"), field_name="aanbesteding_kwartaal", lookup_expr="gte")
    tot = KwartaalFilter(label=_("Kwartaal tot en met"), field_name="aanbesteding_kwartaal", lookup_expr="lte")

    class Meta:
        model = Project
        form = KalenderFilterForm
        fields = ["gemeente", "gebied", "soort_werk", "waardeklasse", "procedure", "zekerheid", "van", "tot"]


# -- spreiding


class SpreidingFilter(django_filters.FilterSet):
    """The spreiding of all gemeenten together, or of one."""

    gemeente = django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        # Evaluated per request: membership depends on today's date.
        queryset=lambda request: Organisatie.objects.leden().filter(soort=Organisatie.Soort.GEMEENTE).order_by("naam"),
        empty_label=_("Alle gemeenten"),
    )

    class Meta:
        model = Project
        fields = ["gemeente"]


# -- gebieden


class GebiedenFilter(django_filters.FilterSet):
    """The gebieden overview and the wijk × jaar matrix: the wijken of one gemeente, or of all."""

    gemeente = gemeentefilter()

    class Meta:
        model = Gebied
        fields = ["gemeente"]


class KoppelkansFilter(django_filters.FilterSet):
    """The koppelkansen list: by status, gemeente and gebied; it narrows `koppelkans_list` (open ones first)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Koppelkans.Status.choices, empty_label=_("Alle statussen")
    )
    gemeente = gemeentefilter(field_name="gebied__gemeente")
    gebied = GebiedFilter(
        label=_("Gebied (wijk)"),
        queryset=Gebied.objects.select_related("gemeente").order_by("gemeente__naam", "naam"),
        empty_label=_("Alle gebieden"),
    )

    class Meta:
        model = Koppelkans
        fields = ["status", "gemeente", "gebied"]


# -- import
