"""Reads of the ledenlijst: organisations and people with their visibility rules, the kring's balance, and the
account page of the beheerders."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.models import Organisatie, User
from kring.permissions import kan_gebruikers_beheren, ziet_alle_leden
from werkgroepen.models import Lidmaatschap

# The kring rotates its werkgroep members; a membership older than this counts in the rotation hint.
ROTATIE_JAREN = 3


def lopende_lidmaatschappen(*, op: datetime.date | None = None) -> QuerySet[Lidmaatschap]:
    """Werkgroep memberships running on `op` (today by default)."""
    op = op or timezone.localdate()
    return Lidmaatschap.objects.filter(van__lte=op).filter(Q(tot__isnull=True) | Q(tot__gte=op))


def organisatie_lijst(*, user: User) -> QuerySet[Organisatie]:
    """Organisations in the ledenlijst, by name, with their number of active people. Proposed organisations (not
    yet approved) only for beheerders."""
    organisaties = Organisatie.objects.annotate(
        aantal_personen=Count("medewerkers", filter=Q(medewerkers__status=User.Status.ACTIEF))
    )
    if not ziet_alle_leden(user):
        organisaties = organisaties.filter(lid_sinds__isnull=False)
    return organisaties.order_by("naam", "pk")


def organisatie_get(*, user: User, pk: int) -> Organisatie:
    return get_object_or_404(organisatie_lijst(user=user), pk=pk)


def persoon_lijst(*, user: User) -> QuerySet[User]:
    """People in the ledenlijst, by name, with their running werkgroep memberships (`lopende_lidmaatschappen`).
    Others than beheerders see only active accounts of (former) member organisations."""
    personen = User.objects.prefetch_related(
        Prefetch(
            "lidmaatschappen",
            queryset=lopende_lidmaatschappen()
            .select_related("werkgroep")
            .order_by("werkgroep__volgorde", "werkgroep__naam"),
            to_attr="lopende_lidmaatschappen",
        )
    )
    if not ziet_alle_leden(user):
        personen = personen.filter(status=User.Status.ACTIEF, organisatie__lid_sinds__isnull=False)
    return personen.order_by("naam", "pk")


@dataclass(frozen=True)
class OrganisatieOverzicht:
    organisatie: Organisatie
    personen: list[User]
    deelnames: list[Lidmaatschap]  # running werkgroep memberships of those people, by werkgroep, then person


def organisatie_overzicht(*, user: User, pk: int) -> OrganisatieOverzicht:
    """An organisation's page: the organisation, its people as `user` may see them, and their werkgroepen now."""
    organisatie = organisatie_get(user=user, pk=pk)
    personen = list(persoon_lijst(user=user).filter(organisatie=organisatie))
    deelnames = sorted(
        (lidmaatschap for persoon in personen for lidmaatschap in persoon.lopende_lidmaatschappen),
        key=lambda lidmaatschap: (
            lidmaatschap.werkgroep.volgorde,
            lidmaatschap.werkgroep.naam,
            lidmaatschap.gebruiker.naam,
        ),
    )
    return OrganisatieOverzicht(organisatie=organisatie, personen=personen, deelnames=deelnames)


@dataclass(frozen=True)
class Balans:
    """Gemeente versus opdrachtnemer side of the kring today (the kring wants it even), and the rotation hint."""

    organisaties_gemeente: int
    organisaties_opdrachtnemer: int
    personen_gemeente: int
    personen_opdrachtnemer: int
    lidmaatschappen_gemeente: int
    lidmaatschappen_opdrachtnemer: int
    lidmaatschappen_langer_dan_rotatie: int
    rotatie_jaren: int = ROTATIE_JAREN


def leden_balans() -> Balans:
    """Counted by the database in two queries: member organisations and their active people per side, and running
    werkgroep memberships of those people per side."""
    vandaag = timezone.localdate()
    gemeente, opdrachtnemer = Organisatie.Soort.GEMEENTE, Organisatie.Soort.OPDRACHTNEMER
    actief = Q(medewerkers__status=User.Status.ACTIEF)
    leden = Organisatie.objects.leden()
    organisaties = leden.aggregate(
        organisaties_gemeente=Count("pk", distinct=True, filter=Q(soort=gemeente)),
        organisaties_opdrachtnemer=Count("pk", distinct=True, filter=Q(soort=opdrachtnemer)),
        personen_gemeente=Count("medewerkers", filter=actief & Q(soort=gemeente)),
        personen_opdrachtnemer=Count("medewerkers", filter=actief & Q(soort=opdrachtnemer)),
    )
    lidmaatschappen = (
        lopende_lidmaatschappen(op=vandaag)
        .filter(gebruiker__status=User.Status.ACTIEF, gebruiker__organisatie__in=leden)
        .aggregate(
            lidmaatschappen_gemeente=Count("pk", filter=Q(gebruiker__organisatie__soort=gemeente)),
            lidmaatschappen_opdrachtnemer=Count("pk", filter=Q(gebruiker__organisatie__soort=opdrachtnemer)),
            lidmaatschappen_langer_dan_rotatie=Count("pk", filter=Q(van__lt=_jaren_terug(vandaag, ROTATIE_JAREN))),
        )
    )
    return Balans(**organisaties, **lidmaatschappen)


def _jaren_terug(datum: datetime.date, jaren: int) -> datetime.date:
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:  # 29 February in a year that has none
        return datum.replace(year=datum.year - jaren, day=28)


def gebruiker_get(*, user: User, pk: int) -> User:
    """Any account, with all its werkgroep memberships (newest first), for the beheerders' account page."""
    if not kan_gebruikers_beheren(user):
        raise PermissionDenied
    lidmaatschappen = Lidmaatschap.objects.select_related("werkgroep").order_by("-van", "werkgroep__volgorde")
    return get_object_or_404(
        User.objects.prefetch_related(Prefetch("lidmaatschappen", queryset=lidmaatschappen)), pk=pk
    )


# --- Export (beheerders) ---------------------------------------------------------------------------------------------

ORGANISATIE_KOPPEN = [_("Naam"), _("Soort"), _("KvK-nummer"), _("Plaats"), _("Lid sinds"), _("Lid tot"), _("Personen")]
PERSOON_KOPPEN = [
    _("Naam"),
    _("E-mailadres"),
    _("Organisatie"),
    _("Rollen"),
    _("Tekenbevoegd"),
    _("Status"),
    _("Werkgroepen"),
    _("Laatst ingelogd"),
]


def organisatie_rijen(organisaties: QuerySet[Organisatie]) -> Iterator[list]:
    """Rows under ORGANISATIE_KOPPEN for organisations from `organisatie_lijst`."""
    for organisatie in organisaties:
        yield [
            organisatie.naam,
            organisatie.get_soort_display(),
            organisatie.kvk_nummer,
            organisatie.plaats,
            organisatie.lid_sinds,
            organisatie.lid_tot,
            organisatie.aantal_personen,
        ]


def persoon_rijen(personen: QuerySet[User]) -> Iterator[list]:
    """Rows under PERSOON_KOPPEN for people from `persoon_lijst`."""
    for persoon in personen:
        yield [
            persoon.naam,
            persoon.email,
            persoon.organisatie.naam if persoon.organisatie_id else "",
            ", ".join(persoon.rollen),
            _("ja") if persoon.is_tekenbevoegd else _("nee"),
            persoon.get_status_display(),
            ", ".join(
                f"{lidmaatschap.werkgroep.naam} ({lidmaatschap.get_rol_display().lower()})"
                for lidmaatschap in persoon.lopende_lidmaatschappen
            ),
            persoon.last_login,
        ]
