"""Filters of the ledenlijst (django-filter). They narrow a selector's queryset; visibility stays in the selectors."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters

from kring.models import Organisatie, User
from kring.permissions import ziet_alle_leden
from kring.selectors.leden import lopende_lidmaatschappen
from werkgroepen.models import Werkgroep


class _LedenFilter(django_filters.FilterSet):
    """Search and werkgroep, shared by both lists. `request` is required: some choices are for beheerders only."""

    zoek = django_filters.CharFilter(label=_("Zoeken"), method="filter_zoek")
    werkgroep = django_filters.ModelChoiceFilter(
        label=_("Werkgroep (nu)"),
        queryset=Werkgroep.objects.all(),
        method="filter_werkgroep",
        empty_label=_("Alle werkgroepen"),
    )
    # Fields searched by `zoek`, and how a running werkgroep membership points at a row of this list.
    zoekvelden: tuple[str, ...] = ()
    lidmaatschap_van: dict = {}

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.volledig = ziet_alle_leden(request.user)

    def filter_zoek(self, queryset, name, value):
        ergens = Q()
        for veld in self.zoekvelden:
            ergens |= Q(**{f"{veld}__icontains": value})
        return queryset.filter(ergens)

    def filter_werkgroep(self, queryset, name, value):
        return queryset.filter(Exists(lopende_lidmaatschappen().filter(werkgroep=value, **self.lidmaatschap_van)))


class OrganisatieFilter(_LedenFilter):
    VOORGESTELD = "voorgesteld"

    soort = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Organisatie.Soort.choices, empty_label=_("Alle soorten")
    )
    lidmaatschap = django_filters.ChoiceFilter(
        label=_("Lidmaatschap"),
        choices=[("lopend", _("Lid")), ("beeindigd", _("Beëindigd")), (VOORGESTELD, _("Voorgesteld"))],
        method="filter_lidmaatschap",
        empty_label=_("Alle"),
    )
    zoekvelden = ("naam", "plaats")
    # An organisation takes part in a werkgroep through its active people.
    lidmaatschap_van = {"gebruiker__organisatie": OuterRef("pk"), "gebruiker__status": User.Status.ACTIEF}

    class Meta:
        model = Organisatie
        fields = ["zoek", "soort", "werkgroep", "lidmaatschap"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not self.volledig:  # others never see proposed organisations
            veld = self.filters["lidmaatschap"]
            veld.extra["choices"] = [keuze for keuze in veld.extra["choices"] if keuze[0] != self.VOORGESTELD]

    def filter_lidmaatschap(self, queryset, name, value):
        vandaag = timezone.localdate()
        if value == "lopend":
            return queryset.filter(pk__in=Organisatie.objects.leden().values("pk"))
        if value == "beeindigd":
            return queryset.filter(lid_tot__lt=vandaag)
        return queryset.filter(lid_sinds__isnull=True)


class PersoonFilter(_LedenFilter):
    soort = django_filters.ChoiceFilter(
        label=_("Soort"),
        field_name="organisatie__soort",
        choices=Organisatie.Soort.choices,
        empty_label=_("Alle soorten"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Account"), choices=User.Status.choices, empty_label=_("Alle statussen")
    )
    zoekvelden = ("naam", "organisatie__naam")
    lidmaatschap_van = {"gebruiker": OuterRef("pk")}

    class Meta:
        model = User
        fields = ["zoek", "soort", "werkgroep", "status"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not self.volledig:  # others see active accounts only: nothing to choose
            del self.filters["status"]
