"""Account management by beheerders: blocking, reactivating and roles. Every change is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kring.audit import audit_log
from kring.models import User
from kring.permissions import kan_gebruikers_beheren
from kring.services.accounts import gebruiker_set_status

ROLVELDEN = ("is_stuurgroep", "is_beheerder", "is_tekenbevoegd")


def _vergrendeld(*, gebruiker: User, door: User) -> User:
    """The account's current row, locked for the rest of the transaction, so checks see what is stored now."""
    if not kan_gebruikers_beheren(door):
        raise PermissionDenied
    return User.objects.select_for_update().get(pk=gebruiker.pk)


@transaction.atomic
def gebruiker_block(*, gebruiker: User, reden: str, door: User, request: HttpRequest | None = None) -> User:
    """Block an active account; its sessions end. Applicants are decided in the registration queue, where they get a
    mail."""
    gebruiker = _vergrendeld(gebruiker=gebruiker, door=door)
    if gebruiker.status != User.Status.ACTIEF:
        raise ValidationError(
            _("Alleen een actief account kan worden geblokkeerd. Een aanvraag beoordeelt u bij Registraties.")
        )
    return gebruiker_set_status(
        gebruiker=gebruiker, status=User.Status.GEBLOKKEERD, reden=reden, door=door, request=request
    )


@transaction.atomic
def gebruiker_reactivate(*, gebruiker: User, door: User, request: HttpRequest | None = None) -> User:
    gebruiker = _vergrendeld(gebruiker=gebruiker, door=door)
    if gebruiker.status != User.Status.GEBLOKKEERD:
        raise ValidationError(_("Alleen een geblokkeerd account kan weer actief worden."))
    return gebruiker_set_status(gebruiker=gebruiker, status=User.Status.ACTIEF, door=door, request=request)


@transaction.atomic
def gebruiker_set_rollen(
    *,
    gebruiker: User,
    is_stuurgroep: bool,
    is_beheerder: bool,
    is_tekenbevoegd: bool,
    door: User,
    request: HttpRequest | None = None,
) -> User:
    """Give or take the roles on top of gemeente/opdrachtnemer. Nothing changed: nothing stored, nothing audited."""
    gebruiker = _vergrendeld(gebruiker=gebruiker, door=door)
    voor = {veld: getattr(gebruiker, veld) for veld in ROLVELDEN}
    na = {"is_stuurgroep": is_stuurgroep, "is_beheerder": is_beheerder, "is_tekenbevoegd": is_tekenbevoegd}
    if gebruiker.pk == door.pk and voor["is_beheerder"] and not is_beheerder:
        # Otherwise the kring could end up without anyone who can give the role back.
        raise ValidationError(
            {"is_beheerder": _("U kunt uw eigen beheerdersrol niet intrekken. Vraag dat aan een andere beheerder.")}
        )
    if is_tekenbevoegd and not (gebruiker.is_gemeente or gebruiker.is_opdrachtnemer):
        raise ValidationError(
            {
                "is_tekenbevoegd": _(
                    "Alleen medewerkers van een gemeente of een opdrachtnemer kunnen tekenbevoegd zijn."
                )
            }
        )
    if na == voor:
        return gebruiker
    for veld, waarde in na.items():
        setattr(gebruiker, veld, waarde)
    gebruiker.full_clean(exclude=["password"])
    gebruiker.save(update_fields=list(ROLVELDEN))
    audit_log(actie="account.rollen_gewijzigd", actor=door, obj=gebruiker, voor=voor, na=na, request=request)
    return gebruiker
