"""FilterSets of past performance (django-filter)."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters

from pastperformance.models import Afspraak, Beoordelingsronde
from projecten.filters import gemeentefilter

# -- rondes


class RondeFilter(django_filters.FilterSet):
    """Mijn beoordelingen: only the rounds where something is needed of me, by status and kind, one gemeente, and a
    search on project number or name, gemeente and contractor. Narrows `mijn_rondes_basis` (which annotates
    `actie_nodig`)."""

    actie = django_filters.BooleanFilter(
        label=_("Alleen rondes waarin ik nu iets moet doen"), widget=forms.CheckboxInput, method="filter_actie"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Beoordelingsronde.Status.choices, empty_label=_("Alle statussen")
    )
    soort = django_filters.ChoiceFilter(
        label=_("Soort ronde"), choices=Beoordelingsronde.Soort.choices, empty_label=_("Alle soorten")
    )
    gemeente = gemeentefilter(field_name="plan__project__gemeente")
    zoek = django_filters.CharFilter(
        label=_("Zoeken op project, gemeente of opdrachtnemer"), method="filter_zoek", max_length=200
    )

    class Meta:
        model = Beoordelingsronde
        fields = ["actie", "status", "soort", "gemeente", "zoek"]

    def filter_actie(self, queryset, name, value):
        return queryset.filter(actie_nodig=True) if value else queryset

    def filter_zoek(self, queryset, name, value):
        woorden = Q()
        for woord in value.split():
            woorden &= (
                Q(plan__project__nummer__icontains=woord)
                | Q(plan__project__naam__icontains=woord)
                | Q(plan__project__gemeente__naam__icontains=woord)
                | Q(plan__opdrachtnemer__naam__icontains=woord)
            )
        return queryset.filter(woorden)


# -- bespreking


class AfspraakFilter(django_filters.FilterSet):
    """The afspraken of my organisation: by status, only those past their due date, and a search on project number or
    name, gemeente and contractor. Narrows `afspraak_list`."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Afspraak.Status.choices, empty_label=_("Alle statussen")
    )
    te_laat = django_filters.BooleanFilter(
        label=_("Alleen open afspraken over de termijn"), widget=forms.CheckboxInput, method="filter_te_laat"
    )
    zoek = django_filters.CharFilter(
        label=_("Zoeken op project, gemeente of opdrachtnemer"), method="filter_zoek", max_length=200
    )

    class Meta:
        model = Afspraak
        fields = ["status", "te_laat", "zoek"]

    def filter_te_laat(self, queryset, name, value):
        return queryset.filter(status=Afspraak.Status.OPEN, deadline__lt=timezone.localdate()) if value else queryset

    def filter_zoek(self, queryset, name, value):
        woorden = Q()
        for woord in value.split():
            woorden &= (
                Q(ronde__plan__project__nummer__icontains=woord)
                | Q(ronde__plan__project__naam__icontains=woord)
                | Q(ronde__plan__project__gemeente__naam__icontains=woord)
                | Q(ronde__plan__opdrachtnemer__naam__icontains=woord)
            )
        return queryset.filter(woorden)


# -- profielen
