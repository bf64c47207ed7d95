"""Privacy (AVG): a person's data export and removal request; anonymising an account by a beheerder."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession

from kring import tasks
from kring.audit import audit_log
from kring.mails import send
from kring.models import HerinneringVoorkeur, User, Verwijderverzoek
from kring.permissions import kan_privacy_beheren
from kring.persoonsgegevens import ANONIEM_DOMEIN, is_geanonimiseerd, persoonsgegevens_verzamelen
from kring.selectors.accounts import beheerders
from werkgroepen.models import Lidmaatschap

Status = Verwijderverzoek.Status

# Allowed status changes of a removal request: (from, to) -> audit action.
VERZOEK_OVERGANGEN = {
    (Status.OPEN, Status.UITGEVOERD): "privacy.verwijderverzoek_uitgevoerd",
    (Status.OPEN, Status.AFGEWEZEN): "privacy.verwijderverzoek_afgewezen",
}


@transaction.atomic
def persoonsgegevens_export(*, gebruiker: User, request: HttpRequest | None = None) -> str:
    """All data the portal holds about `gebruiker` as JSON. The download itself is logged first, so it is in it."""
    audit_log(actie="privacy.gegevens_gedownload", actor=gebruiker, obj=gebruiker, request=request)
    return json.dumps(persoonsgegevens_verzamelen(gebruiker), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def verwijderverzoek_create(
    *, gebruiker: User, toelichting: str = "", request: HttpRequest | None = None
) -> Verwijderverzoek:
    """A person asks for removal; the beheerders are mailed. At most one request is open per person."""
    # Locking the person's row makes a double submit wait here and then see the first request.
    User.objects.select_for_update().get(pk=gebruiker.pk)
    lopend = Verwijderverzoek.objects.filter(gebruiker=gebruiker, status=Status.OPEN).first()
    if lopend is not None:
        raise ValidationError(
            _("U heeft al een verzoek ingediend op %(datum)s. Een beheerder handelt dat eerst af.")
            % {"datum": formats.date_format(timezone.localtime(lopend.aangevraagd_op), "j F Y")}
        )
    verzoek = Verwijderverzoek(gebruiker=gebruiker, toelichting=toelichting.strip())
    verzoek.full_clean()
    verzoek.save()
    audit_log(actie="privacy.verwijderverzoek_ingediend", actor=gebruiker, obj=verzoek, request=request)
    transaction.on_commit(lambda: tasks.mail_verwijderverzoek_to_beheerders.delay(verzoek.pk))
    return verzoek


def _verzoek_afhandelen(
    *, verzoek: Verwijderverzoek, status: str, door: User, reden: str = "", request: HttpRequest | None
) -> Verwijderverzoek:
    # Re-read under a lock: another beheerder may have handled the request a moment ago.
    verzoek = Verwijderverzoek.objects.select_for_update().get(pk=verzoek.pk)
    actie = VERZOEK_OVERGANGEN.get((verzoek.status, status))
    if actie is None:
        raise ValidationError(
            _("Dit verzoek is al afgehandeld (%(status)s).") % {"status": verzoek.get_status_display().lower()}
        )
    voor = {"status": verzoek.status}
    verzoek.status = status
    verzoek.reden_afwijzing = reden
    verzoek.afgehandeld_op = timezone.now()
    verzoek.afgehandeld_door = door
    verzoek.full_clean()
    verzoek.save()
    audit_log(actie=actie, actor=door, obj=verzoek, voor=voor, na={"status": status, "reden": reden}, request=request)
    return verzoek


@transaction.atomic
def verwijderverzoek_refuse(
    *, verzoek: Verwijderverzoek, reden: str, door: User, request: HttpRequest | None = None
) -> Verwijderverzoek:
    """Refuse a removal request with a reason, which the person gets by e-mail."""
    if not kan_privacy_beheren(door):
        raise PermissionDenied
    if not reden.strip():
        raise ValidationError({"reden": _("Geef een reden; de aanvrager krijgt die te lezen.")})
    verzoek = _verzoek_afhandelen(
        verzoek=verzoek, status=Status.AFGEWEZEN, door=door, reden=reden.strip(), request=request
    )
    transaction.on_commit(lambda: tasks.mail_verwijderverzoek_refused.delay(verzoek.pk))
    return verzoek


def _verwijder(queryset: QuerySet) -> int:
    """Delete and count the rows of the queryset's own model (cascaded rows are not counted)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


@transaction.atomic
def gebruiker_anonymise(
    *,
    gebruiker: User,
    door: User,
    verzoek: Verwijderverzoek | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Remove what identifies a person and close their access; keep what they did (signatures, reports as records,
    the audit log) for accountability. An open removal request of the person becomes uitgevoerd."""
    if not kan_privacy_beheren(door):
        raise PermissionDenied
    if gebruiker.pk == door.pk:
        raise ValidationError(_("U kunt uw eigen account niet anonimiseren. Vraag dit aan een andere beheerder."))
    # Lock the active beheerders: two beheerders anonymising each other at once must not leave the kring without one.
    actieve_beheerders = set(beheerders().select_for_update().values_list("pk", flat=True))
    gebruiker = User.objects.select_for_update().get(pk=gebruiker.pk)
    if is_geanonimiseerd(gebruiker):
        raise ValidationError(_("Dit account is al geanonimiseerd."))
    if gebruiker.pk in actieve_beheerders and not actieve_beheerders - {gebruiker.pk}:
        raise ValidationError(
            _("Dit is de laatste actieve beheerder. Maak eerst iemand anders beheerder, dan kan dit account weg.")
        )
    lopend = Verwijderverzoek.objects.filter(gebruiker=gebruiker, status=Status.OPEN)
    if verzoek is not None and not lopend.filter(pk=verzoek.pk).exists():
        raise ValidationError(_("Dit verzoek hoort niet bij dit account of is al afgehandeld."))
    verzoek = verzoek or lopend.first()

    voor = {"status": gebruiker.status, "rollen": gebruiker.rollen, "tekenbevoegd": gebruiker.is_tekenbevoegd}
    vandaag = timezone.localdate()
    gebruiker.naam = f"Geanonimiseerd account {gebruiker.pk}"
    gebruiker.email = f"anoniem-{gebruiker.pk}@{ANONIEM_DOMEIN}"
    gebruiker.set_unusable_password()
    gebruiker.status = User.Status.GEBLOKKEERD
    gebruiker.status_reden = _("Geanonimiseerd op %(datum)s.") % {"datum": formats.date_format(vandaag, "j F Y")}
    gebruiker.is_beheerder = gebruiker.is_stuurgroep = gebruiker.is_tekenbevoegd = False
    gebruiker.full_clean(exclude=["password"])
    gebruiker.save()

    sessies = list(UserSession.objects.filter(user=gebruiker))
    for sessie in sessies:
        sessie.end()
    lidmaatschappen = Lidmaatschap.objects.filter(gebruiker=gebruiker)
    na = {
        "status": gebruiker.status,
        "verwijderd": {
            "e-mailadressen": _verwijder(EmailAddress.objects.filter(user=gebruiker)),
            "gekoppelde_accounts": _verwijder(SocialAccount.objects.filter(user=gebruiker)),
            "tweede_factoren": _verwijder(Authenticator.objects.filter(user=gebruiker)),
            "herinneringsvoorkeuren": _verwijder(HerinneringVoorkeur.objects.filter(gebruiker=gebruiker)),
            "sessies": len(sessies),
            # A membership that has not started yet cannot end today (the period would be negative): it goes.
            "toekomstige_lidmaatschappen": _verwijder(lidmaatschappen.filter(van__gt=vandaag)),
        },
        "lidmaatschappen_beeindigd": lidmaatschappen.filter(Q(tot__isnull=True) | Q(tot__gt=vandaag)).update(
            tot=vandaag
        ),
        "verwijderverzoek": verzoek.pk if verzoek else None,
    }
    if verzoek is not None:
        _verzoek_afhandelen(verzoek=verzoek, status=Status.UITGEVOERD, door=door, request=request)
    audit_log(actie="privacy.account_geanonimiseerd", actor=door, obj=gebruiker, voor=voor, na=na, request=request)
    return gebruiker


# --- Mails (sent by tasks; each checks the request is still in the state it announces) ------------------------------


def verwijderverzoek_mail_beheerders(*, verzoek_id: int) -> None:
    verzoek = Verwijderverzoek.objects.filter(pk=verzoek_id, status=Status.OPEN).select_related("gebruiker").first()
    adressen = list(beheerders().values_list("email", flat=True))
    if verzoek is None or not adressen:
        return
    send(
        onderwerp="Verzoek om verwijdering van een account",
        template="emails/verwijderverzoek_beheerders.txt",
        context={
            "verzoek": verzoek,
            "anonimiseren_url": reverse("kring:gebruiker_anonimiseren", kwargs={"pk": verzoek.gebruiker_id}),
            "wachtrij_url": reverse("kring:verwijderverzoeken"),
        },
        bcc=adressen,
    )


def verwijderverzoek_mail_afwijzing(*, verzoek_id: int) -> None:
    verzoek = (
        Verwijderverzoek.objects.filter(pk=verzoek_id, status=Status.AFGEWEZEN).select_related("gebruiker").first()
    )
    if verzoek is None or is_geanonimiseerd(verzoek.gebruiker):
        return
    send(
        onderwerp="Uw verzoek om verwijdering is afgewezen",
        template="emails/verwijderverzoek_afgewezen.txt",
        context={"verzoek": verzoek, "mijn_gegevens_url": reverse("kring:mijn_gegevens")},
        to=[verzoek.gebruiker.email],
    )
