"""Reads of the kring, with their visibility rules."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from kring.models import Organisatie, User
from kring.permissions import kan_registraties_beoordelen


def organisatie_keuzes() -> QuerySet[Organisatie]:
    """Organisations a new applicant may choose: members today."""
    return Organisatie.objects.leden().order_by("naam")


def registratie_wachtrij(*, user: User) -> QuerySet[User]:
    """Accounts awaiting approval, oldest first, with whether their e-mail address is confirmed."""
    if not kan_registraties_beoordelen(user):
        raise PermissionDenied
    bevestigd = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return (
        User.objects.filter(status=User.Status.AANGEVRAAGD)
        .annotate(email_bevestigd=Exists(bevestigd))
        .order_by("aangemaakt_op", "pk")
    )


def registratie_get(*, user: User, pk: int) -> User:
    return get_object_or_404(registratie_wachtrij(user=user), pk=pk)


def heeft_tweede_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def beheerders() -> QuerySet[User]:
    return User.objects.filter(is_beheerder=True, status=User.Status.ACTIEF)
