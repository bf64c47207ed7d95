"""Filters of the ledenlijst and the audit log (django-filter). They narrow a selector's queryset; visibility stays in
the selectors."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

import django_filters

from kring.models import AuditEvent, Organisatie, User
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


# --- Audit log -------------------------------------------------------------------------------------------------------


class SoortObjectField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return capfirst(obj.name)


class SoortObjectFilter(django_filters.ModelChoiceFilter):
    field_class = SoortObjectField


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class AuditFilter(django_filters.FilterSet):
    actie = django_filters.ChoiceFilter(label=_("Actie"), method="filter_actie", empty_label=_("Alle acties"))
    door = django_filters.CharFilter(
        label=_("Door"), method="filter_door", help_text=_("Naam of e-mailadres (een deel is genoeg).")
    )
    object_type = SoortObjectFilter(
        label=_("Soort object"), queryset=ContentType.objects.none(), empty_label=_("Alle soorten")
    )
    van = django_filters.DateFilter(
        label=_("Van"), field_name="tijdstip", lookup_expr="date__gte", widget=DatumInput()
    )
    tot = django_filters.DateFilter(
        label=_("Tot en met"), field_name="tijdstip", lookup_expr="date__lte", widget=DatumInput()
    )
    ip = django_filters.CharFilter(
        label=_("IP-adres"),
        field_name="ip_adres",
        lookup_expr="startswith",
        help_text=_("Het hele adres of het begin ervan."),
    )

    class Meta:
        model = AuditEvent
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from what the log holds: every action, and per group ("account.") all its actions at once.
        acties = list(AuditEvent.objects.order_by("actie").values_list("actie", flat=True).distinct())
        groepen = sorted({actie.split(".")[0] + "." for actie in acties if "." in actie})
        self.filters["actie"].extra["choices"] = [
            (titel, keuzes)
            for titel, keuzes in [
                (_("Groepen"), [(groep, _("%(groep)s… (alle)") % {"groep": groep}) for groep in groepen]),
                (_("Acties"), [(actie, actie) for actie in acties]),
            ]
            if keuzes
        ]
        self.filters["object_type"].queryset = ContentType.objects.filter(
            pk__in=AuditEvent.objects.values("object_type")
        ).order_by("model")

    def filter_actie(self, queryset, name, value):
        if value.endswith("."):
            return queryset.filter(actie__startswith=value)
        return queryset.filter(actie=value)

    def filter_door(self, queryset, name, value):
        return queryset.filter(
            Q(actor_omschrijving__icontains=value) | Q(actor__naam__icontains=value) | Q(actor__email__icontains=value)
        )
