"""FilterSets of the werkgroepen part (django-filter)."""

from django import forms
from django.utils.translation import gettext_lazy as _

import django_filters

from werkgroepen import zoeken
from werkgroepen.forms.agenda import themadoel_label
from werkgroepen.models import Activiteit, Kennisitem, Signaal, Thema, Werkgroep
from werkgroepen.selectors.agenda import te_laat, themadoelen_van_agenda

# -- werkgroepen
# -- uitvoeringsagenda


class ThemadoelFilterVeld(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, themadoel):
        return themadoel_label(themadoel)


class ThemadoelFilter(django_filters.ModelChoiceFilter):
    field_class = ThemadoelFilterVeld


class ActiviteitFilter(django_filters.FilterSet):
    """The uitvoeringsagenda: search on title, werkgroep, themadoel, status, and only what is overdue."""

    zoek = django_filters.CharFilter(label=_("Zoeken op titel"), field_name="titel", lookup_expr="icontains")
    werkgroep = django_filters.ModelChoiceFilter(
        label=_("Werkgroep"), queryset=Werkgroep.objects.all(), empty_label=_("Alle werkgroepen")
    )
    themadoel = ThemadoelFilter(
        label=_("Themadoel"),
        queryset=lambda request: themadoelen_van_agenda(),
        empty_label=_("Alle themadoelen"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activiteit.Status.choices, empty_label=_("Alle statussen")
    )
    te_laat = django_filters.BooleanFilter(
        label=_("Alleen te laat"), widget=forms.CheckboxInput, method="filter_te_laat"
    )

    class Meta:
        model = Activiteit
        fields = ["zoek", "werkgroep", "themadoel", "status", "te_laat"]

    def filter_te_laat(self, queryset, name, value):
        return queryset.filter(te_laat()) if value else queryset


# -- bijeenkomsten


class BijeenkomstFilter(django_filters.FilterSet):
    """The meetings of one werkgroep, of the whole kring, or all."""

    werkgroep = django_filters.ModelChoiceFilter(
        label=_("Werkgroep"),
        queryset=Werkgroep.objects.all(),
        empty_label=_("Alle bijeenkomsten"),
        null_label=_("Bijeenkomsten van de hele kring"),
    )


# -- signalen en agenda-feed


class SignaalFilter(django_filters.FilterSet):
    """The klaagpaal list; it narrows `signaal_list`, which keeps the open items first."""

    soort = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Signaal.Soort.choices, empty_label=_("Klaagpaal en hulpvragen")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Signaal.Status.choices, empty_label=_("Alle statussen")
    )
    werkgroep = django_filters.ModelChoiceFilter(
        label=_("Werkgroep"), queryset=Werkgroep.objects.all(), empty_label=_("Alle werkgroepen")
    )

    class Meta:
        model = Signaal
        fields = ["soort", "status", "werkgroep"]


# -- kennisbank


class KennisitemFilter(django_filters.FilterSet):
    """The kennisbank's search: words (full-text, `werkgroepen.zoeken`) and the facets soort, werkgroep, thema and
    year of publication. Applied to the items the person may see."""

    q = django_filters.CharFilter(label=_("Zoeken in de kennisbank"), method="filter_q", max_length=200)
    soort = django_filters.ChoiceFilter(label=_("Soort"), choices=Kennisitem.Soort.choices)
    werkgroep = django_filters.ModelChoiceFilter(
        label=_("Werkgroep"), queryset=Werkgroep.objects.all(), to_field_name="slug"
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"), field_name="themas", queryset=Thema.objects.all(), to_field_name="slug"
    )
    jaar = django_filters.NumberFilter(
        label=_("Jaar"), method="filter_jaar", min_value=2000, max_value=2100, decimal_places=0
    )

    class Meta:
        model = Kennisitem
        fields = ["q", "soort", "werkgroep", "thema", "jaar"]

    def filter_q(self, queryset, name, value):
        return zoeken.zoek(queryset, value)

    def filter_jaar(self, queryset, name, value):
        return queryset.filter(gepubliceerd_op__year=int(value))
