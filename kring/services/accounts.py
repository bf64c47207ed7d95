"""Every write of the kring: validation, one transaction, an audit event, tasks after commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession

from kring import tasks
from kring.audit import audit_log
from kring.models import Organisatie, User
from kring.permissions import kan_registraties_beoordelen

# Allowed status changes of an account: (from, to) -> audit action.
STATUS_OVERGANGEN = {
    (User.Status.AANGEVRAAGD, User.Status.ACTIEF): "account.goedgekeurd",
    (User.Status.AANGEVRAAGD, User.Status.GEBLOKKEERD): "account.afgewezen",
    (User.Status.ACTIEF, User.Status.GEBLOKKEERD): "account.geblokkeerd",
    (User.Status.GEBLOKKEERD, User.Status.ACTIEF): "account.heractiveerd",
}


def organisatie_propose(*, naam: str, soort: str, kvk_nummer: str, plaats: str = "") -> Organisatie:
    """A new organisation proposed by an applicant; it becomes a member when the beheerder approves the applicant."""
    organisatie = Organisatie(naam=naam.strip(), soort=soort, kvk_nummer=kvk_nummer, plaats=plaats.strip())
    organisatie.full_clean()
    organisatie.save()
    return organisatie


@transaction.atomic
def registratie_create(
    *,
    user: User,
    naam: str,
    organisatie: Organisatie | None,
    nieuwe_organisatie: dict | None,
    request: HttpRequest | None = None,
) -> User:
    """Store a new applicant (status aangevraagd) with an existing or a newly proposed organisation.

    `user` comes from allauth with e-mail and password set but not yet saved."""
    if (organisatie is None) == (nieuwe_organisatie is None):
        raise ValidationError(_("Kies een bestaande organisatie of stel een nieuwe voor, niet allebei."))
    if nieuwe_organisatie is not None:
        organisatie = organisatie_propose(**nieuwe_organisatie)
    user.naam = naam.strip()
    user.organisatie = organisatie
    user.status = User.Status.AANGEVRAAGD
    user.is_beheerder = False
    user.is_stuurgroep = False
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(
        actie="account.geregistreerd",
        actor=user,
        obj=user,
        na={"organisatie": organisatie.naam, "organisatie_voorgesteld": nieuwe_organisatie is not None},
        request=request,
    )
    return user


def registratie_confirm_email(*, user: User) -> None:
    """The applicant confirmed their e-mail address: now the beheerders are asked to look."""
    if user.status == User.Status.AANGEVRAAGD:
        transaction.on_commit(lambda: tasks.mail_registration_to_beheerders.delay(user.pk))


@transaction.atomic
def sessies_beeindigen(
    *,
    gebruiker: User,
    reden: str,
    behalve: str | None = None,
    door: User | None = None,
    request: HttpRequest | None = None,
) -> int:
    """End the sessions of `gebruiker` at once, server side: their data leaves the session store, so their cookies log
    in no one any more (ASVS 7.4). `behalve` is a session key to keep: the one that changed the password (7.4.3).

    allauth records every session that logs in through it (UserSession); a session it does not know ends all the same
    on its next request, because Django checks the password hash and the account status each time. Audited with the
    number of sessions that were still alive; returns that number."""
    sessies = UserSession.objects.filter(user=gebruiker)
    if behalve:
        sessies = sessies.exclude(session_key=behalve)
    aantal = 0
    for sessie in sessies:
        aantal += sessie.exists()
        sessie.end()
    audit_log(
        actie="account.sessies_beeindigd",
        actor=door or gebruiker,
        obj=gebruiker,
        na={"aantal": aantal, "reden": reden},
        request=request,
    )
    return aantal


@transaction.atomic
def gebruiker_set_status(
    *, gebruiker: User, status: str, reden: str = "", door: User, request: HttpRequest | None = None
) -> User:
    actie = STATUS_OVERGANGEN.get((gebruiker.status, status))
    if actie is None:
        raise ValidationError(
            _("Een account met status %(van)s kan niet naar %(naar)s.")
            % {"van": gebruiker.get_status_display(), "naar": User.Status(status).label}
        )
    if status == User.Status.GEBLOKKEERD and not reden.strip():
        raise ValidationError({"reden": _("Geef een reden; de aanvrager krijgt die te lezen.")})
    if gebruiker.pk == door.pk:
        raise ValidationError(_("U kunt de status van uw eigen account niet wijzigen."))
    voor = {"status": gebruiker.status}
    gebruiker.status = status
    gebruiker.status_reden = reden.strip()
    gebruiker.save(update_fields=["status", "status_reden"])
    if status == User.Status.GEBLOKKEERD:
        sessies_beeindigen(gebruiker=gebruiker, reden="geblokkeerd", door=door, request=request)
    audit_log(
        actie=actie,
        actor=door,
        obj=gebruiker,
        voor=voor,
        na={"status": status, "reden": gebruiker.status_reden},
        request=request,
    )
    return gebruiker


@transaction.atomic
def registratie_approve(*, gebruiker: User, door: User, request: HttpRequest | None = None) -> User:
    """Approve an applicant whose e-mail is confirmed; a proposed organisation becomes a member today."""
    if not kan_registraties_beoordelen(door):
        raise PermissionDenied
    if not EmailAddress.objects.filter(user=gebruiker, verified=True).exists():
        raise ValidationError(_("Het e-mailadres van de aanvrager is nog niet bevestigd."))
    organisatie = gebruiker.organisatie
    if organisatie is not None and organisatie.is_voorgesteld:
        organisatie.lid_sinds = timezone.localdate()
        organisatie.full_clean()
        organisatie.save(update_fields=["lid_sinds"])
        audit_log(
            actie="organisatie.toegelaten",
            actor=door,
            obj=organisatie,
            na={"lid_sinds": str(organisatie.lid_sinds)},
            request=request,
        )
    gebruiker_set_status(gebruiker=gebruiker, status=User.Status.ACTIEF, door=door, request=request)
    transaction.on_commit(lambda: tasks.mail_registration_decision.delay(gebruiker.pk))
    return gebruiker


@transaction.atomic
def registratie_refuse(*, gebruiker: User, reden: str, door: User, request: HttpRequest | None = None) -> User:
    """Refuse an applicant with a reason (mailed to them). A proposed organisation nobody else uses is removed."""
    if not kan_registraties_beoordelen(door):
        raise PermissionDenied
    gebruiker_set_status(gebruiker=gebruiker, status=User.Status.GEBLOKKEERD, reden=reden, door=door, request=request)
    organisatie = gebruiker.organisatie
    if organisatie is not None and organisatie.is_voorgesteld and organisatie.medewerkers.count() == 1:
        gebruiker.organisatie = None
        gebruiker.save(update_fields=["organisatie"])
        audit_log(actie="organisatie.afgewezen", actor=door, obj=organisatie, request=request)
        organisatie.delete()
    transaction.on_commit(lambda: tasks.mail_registration_decision.delay(gebruiker.pk))
    return gebruiker


@transaction.atomic
def profiel_update(*, gebruiker: User, naam: str, request: HttpRequest | None = None) -> User:
    voor = {"naam": gebruiker.naam}
    gebruiker.naam = naam.strip()
    gebruiker.full_clean(exclude=["password"])
    gebruiker.save(update_fields=["naam"])
    audit_log(
        actie="account.profiel_gewijzigd",
        actor=gebruiker,
        obj=gebruiker,
        voor=voor,
        na={"naam": gebruiker.naam},
        request=request,
    )
    return gebruiker
