"""Reads of the kring, with their visibility rules."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

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
    """Asked by the middleware and by pages of the same request: remembered on the user instance of that request."""
    if not hasattr(user, "_heeft_tweede_factor"):
        user._heeft_tweede_factor = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user._heeft_tweede_factor


def beheerders() -> QuerySet[User]:
    return User.objects.filter(is_beheerder=True, status=User.Status.ACTIEF)
