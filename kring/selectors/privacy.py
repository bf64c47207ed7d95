"""Reads of the privacy feature and the audit log, with their access rules."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.filters import AuditFilter
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


def auditlog_list(*, user: User, data) -> AuditFilter:
    """The audit log, newest first, filtered by `data` (the query string)."""
    if not kan_auditlog_inzien(user):
        raise PermissionDenied
    return AuditFilter(data or None, queryset=AuditEvent.objects.select_related("actor", "object_type"))
