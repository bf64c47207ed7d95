"""Reads of the privacy feature and the audit log, with their access rules."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

import django_filters

from kring.models import AuditEvent, User, Verwijderverzoek
from kring.permissions import kan_auditlog_inzien, kan_privacy_beheren
from kring.persoonsgegevens import BRON, is_geanonimiseerd
from werkgroepen.models import Lidmaatschap

# Sources of personal data that anonymising removes, and those it keeps as records (see the privacy statement).
VERWIJDERD = ("e-mailadressen", "gekoppelde_accounts", "tweede_factoren", "sessies", "herinneringsvoorkeuren")
BEWAARD = ("ondertekeningen", "rapporten", "herinneringen", "auditlog")


def verwijderverzoek_list_eigen(*, user: User) -> list[Verwijderverzoek]:
    """A person's own removal requests, newest first."""
    return list(Verwijderverzoek.objects.filter(gebruiker=user).order_by("-aangevraagd_op", "-pk"))


def verwijderverzoek_wachtrij(*, user: User) -> QuerySet[Verwijderverzoek]:
    """All removal requests for the beheerder: open ones first (oldest on top), then the handled ones, newest first."""
    if not kan_privacy_beheren(user):
        raise PermissionDenied
    is_open = Q(status=Verwijderverzoek.Status.OPEN)
    return Verwijderverzoek.objects.select_related("gebruiker__organisatie", "afgehandeld_door").order_by(
        Case(When(is_open, then=Value(0)), default=Value(1)),
        Case(When(is_open, then=F("aangevraagd_op"))),
        F("afgehandeld_op").desc(nulls_last=True),
        "-pk",
    )


def verwijderverzoek_open_get(*, user: User, pk: int) -> Verwijderverzoek:
    return get_object_or_404(verwijderverzoek_wachtrij(user=user).filter(status=Verwijderverzoek.Status.OPEN), pk=pk)


def anonimiseren_overzicht(*, user: User, pk: int) -> dict:
    """What anonymising account `pk` would remove and what it keeps, for the beheerder's confirmation page."""
    if not kan_privacy_beheren(user):
        raise PermissionDenied
    gebruiker = get_object_or_404(User, pk=pk)
    vandaag = timezone.localdate()
    lopende_lidmaatschappen = Lidmaatschap.objects.filter(gebruiker=gebruiker).filter(
        Q(tot__isnull=True) | Q(tot__gt=vandaag)
    )
    return {
        "gebruiker": gebruiker,
        "al_geanonimiseerd": is_geanonimiseerd(gebruiker),
        "verzoek": Verwijderverzoek.objects.filter(gebruiker=gebruiker, status=Verwijderverzoek.Status.OPEN).first(),
        "verwijderd": {
            **{BRON[sleutel].titel: BRON[sleutel].queryset(gebruiker).count() for sleutel in VERWIJDERD},
            _("Lopende werkgroeplidmaatschappen (eindigen vandaag)"): lopende_lidmaatschappen.count(),
        },
        "bewaard": {BRON[sleutel].titel: BRON[sleutel].queryset(gebruiker).count() for sleutel in BEWAARD},
    }


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


def auditlog_list(*, user: User, data) -> AuditFilter:
    """The audit log, newest first, filtered by `data` (the query string)."""
    if not kan_auditlog_inzien(user):
        raise PermissionDenied
    return AuditFilter(data or None, queryset=AuditEvent.objects.select_related("actor", "object_type"))
