"""Writes of the werkgroepen themselves: creating, editing, closing and reopening a werkgroep, join requests and
memberships. Each checks who may do it, validates with Dutch messages, runs in one transaction and is audited; mails
go after commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log, momentopname, wijzigingen
from kring.mails import send
from kring.models import User
from kring.permissions import is_lid
from kring.persoonsgegevens import is_geanonimiseerd
from werkgroepen import tasks
from werkgroepen.models import Aanmelding, Lidmaatschap, Werkgroep
from werkgroepen.permissions import (
    mag_aanmelding_beoordelen,
    mag_lidmaatschap_beeindigen,
    mag_werkgroep_bewerken,
    mag_werkgroepen_beheren,
)
from werkgroepen.selectors.werkgroepen import (
    heeft_andere_trekker,
    heeft_lidmaatschap_zonder_einde,
    lidmaatschappen_zonder_einde,
    lopend_lidmaatschap,
    open_aanmeldingen,
)

Status = Aanmelding.Status
Rol = Lidmaatschap.Rol

# Allowed status changes of a join request: (from, to) -> audit action. Only an open request is decided.
AANMELDING_OVERGANGEN = {
    (Status.AANGEVRAAGD, Status.GOEDGEKEURD): "werkgroep.aanmelding_goedgekeurd",
    (Status.AANGEVRAAGD, Status.AFGEWEZEN): "werkgroep.aanmelding_afgewezen",
    (Status.AANGEVRAAGD, Status.INGETROKKEN): "werkgroep.aanmelding_ingetrokken",
}
# What a trekker edits; naam, korte naam and start date are set when a beheerder creates the werkgroep.
BESCHRIJVING = ("doel", "omschrijving", "deelonderwerpen")


def _datum(datum) -> str:
    return formats.date_format(datum, "j F Y")


def _vergrendel(werkgroep: Werkgroep) -> Werkgroep:
    """Lock the werkgroep's row: requests, memberships and closing of one werkgroep happen one after the other, so the
    checks below see the latest state."""
    return Werkgroep.objects.select_for_update().get(pk=werkgroep.pk)


# --- Werkgroepen -----------------------------------------------------------------------------------------------------


@transaction.atomic
def werkgroep_create(
    *,
    naam: str,
    slug: str,
    doel: str,
    omschrijving: str = "",
    deelonderwerpen: str = "",
    gestart_op=None,
    trekker: User,
    door: User,
    request: HttpRequest | None = None,
) -> Werkgroep:
    """A new werkgroep, after the others in the list, with `trekker` as its first trekker from today."""
    if not mag_werkgroepen_beheren(door):
        raise PermissionDenied
    volgorde = (Werkgroep.objects.aggregate(hoogste=Max("volgorde"))["hoogste"] or 0) + 1
    werkgroep = Werkgroep(
        naam=naam.strip(),
        slug=slug.strip(),
        doel=doel.strip(),
        omschrijving=omschrijving.strip(),
        deelonderwerpen=deelonderwerpen.strip(),
        gestart_op=gestart_op,
        volgorde=volgorde,
    )
    werkgroep.full_clean()
    werkgroep.save()
    audit_log(
        actie="werkgroep.aangemaakt",
        actor=door,
        obj=werkgroep,
        na={"naam": werkgroep.naam, "slug": werkgroep.slug, "gestart_op": str(gestart_op or "")},
        request=request,
    )
    _trekker_aanstellen(werkgroep=werkgroep, trekker=trekker, door=door, request=request)
    return werkgroep


def _trekker_aanstellen(
    *, werkgroep: Werkgroep, trekker: User, door: User, request: HttpRequest | None
) -> Lidmaatschap:
    if not is_lid(trekker):
        raise ValidationError({"trekker": _("Kies een trekker met een actief account.")})
    if heeft_lidmaatschap_zonder_einde(werkgroep=werkgroep, gebruiker=trekker):
        raise ValidationError({"trekker": _("%(naam)s zit al in deze werkgroep.") % {"naam": trekker.naam}})
    return _lidmaatschap_create(werkgroep=werkgroep, gebruiker=trekker, rol=Rol.TREKKER, door=door, request=request)


def _lidmaatschap_create(
    *, werkgroep: Werkgroep, gebruiker: User, rol: str, door: User, request: HttpRequest | None
) -> Lidmaatschap:
    lidmaatschap = Lidmaatschap(werkgroep=werkgroep, gebruiker=gebruiker, rol=rol, van=timezone.localdate())
    lidmaatschap.full_clean()
    lidmaatschap.save()
    audit_log(
        actie="werkgroep.lidmaatschap_aangemaakt",
        actor=door,
        obj=lidmaatschap,
        na={"werkgroep": werkgroep.naam, "lid": gebruiker.naam, "rol": rol, "van": str(lidmaatschap.van)},
        request=request,
    )
    return lidmaatschap


@transaction.atomic
def werkgroep_update(
    *,
    werkgroep: Werkgroep,
    doel: str,
    omschrijving: str,
    deelonderwerpen: str,
    door: User,
    request: HttpRequest | None = None,
) -> Werkgroep:
    """A trekker (or a beheerder) rewrites what the werkgroep is about. Only changed fields are audited."""
    if not mag_werkgroep_bewerken(door, werkgroep):
        raise PermissionDenied
    nieuw = {"doel": doel.strip(), "omschrijving": omschrijving.strip(), "deelonderwerpen": deelonderwerpen.strip()}
    voor, na = wijzigingen(momentopname(werkgroep, BESCHRIJVING), nieuw)
    if not na:
        return werkgroep
    for veld, waarde in na.items():
        setattr(werkgroep, veld, waarde)
    werkgroep.full_clean()
    werkgroep.save(update_fields=list(na))
    audit_log(actie="werkgroep.gewijzigd", actor=door, obj=werkgroep, voor=voor, na=na, request=request)
    return werkgroep


@transaction.atomic
def werkgroep_close(*, werkgroep: Werkgroep, door: User, request: HttpRequest | None = None) -> Werkgroep:
    """Close a werkgroep today: its running memberships end today and open join requests are refused (the applicants
    are mailed). The page stays, with its history."""
    if not mag_werkgroepen_beheren(door):
        raise PermissionDenied
    werkgroep = _vergrendel(werkgroep)
    if werkgroep.is_gesloten:
        raise ValidationError(_("Werkgroep %(naam)s is al gesloten.") % {"naam": werkgroep.naam})
    werkgroep.gesloten_op = timezone.localdate()
    werkgroep.full_clean()
    werkgroep.save(update_fields=["gesloten_op"])
    lidmaatschappen = list(lidmaatschappen_zonder_einde(werkgroep=werkgroep))
    for lidmaatschap in lidmaatschappen:
        _lidmaatschap_beeindigen(lidmaatschap=lidmaatschap, door=door, request=request)
    reden = _("Werkgroep %(naam)s is op %(datum)s gesloten.") % {
        "naam": werkgroep.naam,
        "datum": _datum(werkgroep.gesloten_op),
    }
    aanmeldingen = list(open_aanmeldingen().filter(werkgroep=werkgroep))
    for aanmelding in aanmeldingen:
        _aanmelding_besluiten(aanmelding=aanmelding, status=Status.AFGEWEZEN, reden=reden, door=door, request=request)
    audit_log(
        actie="werkgroep.gesloten",
        actor=door,
        obj=werkgroep,
        voor={"gesloten_op": None},
        na={
            "gesloten_op": str(werkgroep.gesloten_op),
            "lidmaatschappen_beeindigd": len(lidmaatschappen),
            "aanmeldingen_afgewezen": len(aanmeldingen),
        },
        request=request,
    )
    return werkgroep


@transaction.atomic
def werkgroep_reopen(
    *, werkgroep: Werkgroep, trekker: User, door: User, request: HttpRequest | None = None
) -> Werkgroep:
    """Open a closed werkgroep again, with `trekker` as its trekker from today; members join by request again."""
    if not mag_werkgroepen_beheren(door):
        raise PermissionDenied
    werkgroep = _vergrendel(werkgroep)
    if not werkgroep.is_gesloten:
        raise ValidationError(_("Werkgroep %(naam)s is niet gesloten.") % {"naam": werkgroep.naam})
    voor = {"gesloten_op": str(werkgroep.gesloten_op)}
    werkgroep.gesloten_op = None
    werkgroep.full_clean()
    werkgroep.save(update_fields=["gesloten_op"])
    audit_log(
        actie="werkgroep.heropend", actor=door, obj=werkgroep, voor=voor, na={"gesloten_op": None}, request=request
    )
    _trekker_aanstellen(werkgroep=werkgroep, trekker=trekker, door=door, request=request)
    return werkgroep


# --- Join requests ---------------------------------------------------------------------------------------------------


def aanmelding_check(*, werkgroep: Werkgroep, gebruiker: User) -> None:
    """Why `gebruiker` cannot ask to join `werkgroep` now, as a ValidationError; nothing when they can."""
    if not is_lid(gebruiker):
        raise PermissionDenied
    if werkgroep.is_gesloten:
        raise ValidationError(
            _("Werkgroep %(naam)s is gesloten sinds %(datum)s; aanmelden kan niet meer.")
            % {"naam": werkgroep.naam, "datum": _datum(werkgroep.gesloten_op)}
        )
    lidmaatschap = lopend_lidmaatschap(werkgroep=werkgroep, gebruiker=gebruiker)
    if lidmaatschap is not None and lidmaatschap.tot is None:
        raise ValidationError(_("U bent al lid van werkgroep %(naam)s.") % {"naam": werkgroep.naam})
    if lidmaatschap is not None:
        raise ValidationError(
            _(
                "Uw lidmaatschap van werkgroep %(naam)s loopt tot en met %(datum)s; daarna kunt u zich opnieuw aanmelden."
            )
            % {"naam": werkgroep.naam, "datum": _datum(lidmaatschap.tot)}
        )
    lopend = open_aanmeldingen().filter(werkgroep=werkgroep, gebruiker=gebruiker).first()
    if lopend is not None:
        raise ValidationError(
            _("U heeft zich op %(datum)s al aangemeld voor werkgroep %(naam)s. De trekker beoordeelt die aanmelding.")
            % {"naam": werkgroep.naam, "datum": _datum(timezone.localtime(lopend.aangevraagd_op))}
        )


@transaction.atomic
def aanmelding_create(
    *, werkgroep: Werkgroep, gebruiker: User, motivatie: str = "", request: HttpRequest | None = None
) -> Aanmelding:
    """An active member asks to join an open werkgroep they are not in, with an optional motivation."""
    werkgroep = _vergrendel(werkgroep)
    aanmelding_check(werkgroep=werkgroep, gebruiker=gebruiker)
    aanmelding = Aanmelding(werkgroep=werkgroep, gebruiker=gebruiker, motivatie=motivatie.strip())
    aanmelding.full_clean()
    aanmelding.save()
    audit_log(
        actie="werkgroep.aanmelding_ingediend",
        actor=gebruiker,
        obj=aanmelding,
        na={"werkgroep": werkgroep.naam, "motivatie": aanmelding.motivatie},
        request=request,
    )
    return aanmelding


def _aanmelding_besluiten(
    *, aanmelding: Aanmelding, status: str, door: User, reden: str = "", request: HttpRequest | None
) -> Aanmelding:
    """Move a join request along AANMELDING_OVERGANGEN; the applicant hears of an approval or a refusal."""
    actie = AANMELDING_OVERGANGEN.get((aanmelding.status, status))
    if actie is None:
        raise ValidationError(
            _("Deze aanmelding is al %(status)s.") % {"status": aanmelding.get_status_display().lower()}
        )
    voor = {"status": aanmelding.status}
    aanmelding.status = status
    aanmelding.reden = reden.strip()
    if status != Status.INGETROKKEN:
        aanmelding.beoordeeld_door = door
        aanmelding.beoordeeld_op = timezone.now()
    aanmelding.full_clean()
    aanmelding.save()
    audit_log(
        actie=actie,
        actor=door,
        obj=aanmelding,
        voor=voor,
        na={"status": status, "reden": aanmelding.reden},
        request=request,
    )
    if status != Status.INGETROKKEN:
        transaction.on_commit(lambda: tasks.mail_aanmelding_besluit.delay(aanmelding.pk))
    return aanmelding


def _vergrendel_aanmelding(aanmelding: Aanmelding) -> Aanmelding:
    """Lock the request's werkgroep, then read the request again: a double click sees the first decision."""
    _vergrendel(aanmelding.werkgroep)
    return Aanmelding.objects.select_related("werkgroep", "gebruiker").get(pk=aanmelding.pk)


@transaction.atomic
def aanmelding_approve(*, aanmelding: Aanmelding, door: User, request: HttpRequest | None = None) -> Lidmaatschap:
    """A trekker (or a beheerder) approves: the applicant is a member (rol lid) from today, and is mailed."""
    if not mag_aanmelding_beoordelen(door, aanmelding):
        raise PermissionDenied
    aanmelding = _vergrendel_aanmelding(aanmelding)
    gebruiker, werkgroep = aanmelding.gebruiker, aanmelding.werkgroep
    if aanmelding.status == Status.AANGEVRAAGD:
        if werkgroep.is_gesloten:
            raise ValidationError(_("Werkgroep %(naam)s is gesloten.") % {"naam": werkgroep.naam})
        if not is_lid(gebruiker):
            raise ValidationError(
                _("%(naam)s heeft geen actief account meer; wijs de aanmelding af.") % {"naam": gebruiker.naam}
            )
        if heeft_lidmaatschap_zonder_einde(werkgroep=werkgroep, gebruiker=gebruiker):
            raise ValidationError(_("%(naam)s zit al in deze werkgroep.") % {"naam": gebruiker.naam})
    _aanmelding_besluiten(aanmelding=aanmelding, status=Status.GOEDGEKEURD, door=door, request=request)
    return _lidmaatschap_create(werkgroep=werkgroep, gebruiker=gebruiker, rol=Rol.LID, door=door, request=request)


@transaction.atomic
def aanmelding_refuse(
    *, aanmelding: Aanmelding, reden: str, door: User, request: HttpRequest | None = None
) -> Aanmelding:
    """A trekker (or a beheerder) refuses with a reason; the applicant gets it by mail."""
    if not mag_aanmelding_beoordelen(door, aanmelding):
        raise PermissionDenied
    if not reden.strip():
        raise ValidationError({"reden": _("Geef een reden; de aanvrager krijgt die te lezen.")})
    aanmelding = _vergrendel_aanmelding(aanmelding)
    return _aanmelding_besluiten(
        aanmelding=aanmelding, status=Status.AFGEWEZEN, reden=reden, door=door, request=request
    )


@transaction.atomic
def aanmelding_withdraw(*, aanmelding: Aanmelding, door: User, request: HttpRequest | None = None) -> Aanmelding:
    """The applicant withdraws their own open request."""
    if aanmelding.gebruiker_id != door.pk:
        raise PermissionDenied
    aanmelding = _vergrendel_aanmelding(aanmelding)
    return _aanmelding_besluiten(aanmelding=aanmelding, status=Status.INGETROKKEN, door=door, request=request)


def aanmelding_mail_besluit(*, aanmelding_id: int) -> None:
    """Tell the applicant the decision on their request (plain text mail)."""
    aanmelding = (
        Aanmelding.objects.filter(pk=aanmelding_id, status__in=[Status.GOEDGEKEURD, Status.AFGEWEZEN])
        .select_related("werkgroep", "gebruiker")
        .first()
    )
    if aanmelding is None or is_geanonimiseerd(aanmelding.gebruiker):
        return
    goedgekeurd = aanmelding.status == Status.GOEDGEKEURD
    send(
        onderwerp=(
            _("U bent lid van werkgroep %(naam)s") if goedgekeurd else _("Uw aanmelding voor werkgroep %(naam)s")
        )
        % {"naam": aanmelding.werkgroep.naam},
        template=f"emails/werkgroep_aanmelding_{aanmelding.status}.txt",
        context={"aanmelding": aanmelding, "werkgroep_url": aanmelding.werkgroep.get_absolute_url()},
        to=[aanmelding.gebruiker.email],
    )


# --- Memberships -----------------------------------------------------------------------------------------------------


def _vergrendel_lidmaatschap(lidmaatschap: Lidmaatschap) -> Lidmaatschap:
    _vergrendel(lidmaatschap.werkgroep)
    lidmaatschap = Lidmaatschap.objects.select_related("werkgroep", "gebruiker").get(pk=lidmaatschap.pk)
    if lidmaatschap.tot is not None:
        raise ValidationError(
            _("Het lidmaatschap van %(naam)s is al beëindigd per %(datum)s.")
            % {"naam": lidmaatschap.gebruiker.naam, "datum": _datum(lidmaatschap.tot)}
        )
    return lidmaatschap


def _houd_een_trekker(lidmaatschap: Lidmaatschap) -> None:
    """An open werkgroep always has a trekker: they judge requests and keep the werkgroep going."""
    if lidmaatschap.rol == Rol.TREKKER and not heeft_andere_trekker(lidmaatschap=lidmaatschap):
        raise ValidationError(
            _("Werkgroep %(naam)s heeft dan geen trekker meer. Maak eerst iemand anders trekker.")
            % {"naam": lidmaatschap.werkgroep.naam}
        )


@transaction.atomic
def lidmaatschap_set_rol(
    *, lidmaatschap: Lidmaatschap, rol: str, door: User, request: HttpRequest | None = None
) -> Lidmaatschap:
    """A trekker (or a beheerder) makes a member trekker, lid or adviseur."""
    if not mag_werkgroep_bewerken(door, lidmaatschap.werkgroep):
        raise PermissionDenied
    lidmaatschap = _vergrendel_lidmaatschap(lidmaatschap)
    if rol == lidmaatschap.rol:
        return lidmaatschap
    if rol not in Rol.values:
        raise ValidationError({"rol": _("Kies trekker, lid of adviseur.")})
    _houd_een_trekker(lidmaatschap)
    voor = {"rol": lidmaatschap.rol}
    lidmaatschap.rol = rol
    lidmaatschap.full_clean()
    lidmaatschap.save(update_fields=["rol"])
    audit_log(
        actie="werkgroep.lidmaatschap_rol_gewijzigd",
        actor=door,
        obj=lidmaatschap,
        voor=voor,
        na={"rol": rol},
        request=request,
    )
    return lidmaatschap


@transaction.atomic
def lidmaatschap_end(*, lidmaatschap: Lidmaatschap, door: User, request: HttpRequest | None = None) -> Lidmaatschap:
    """A member leaves, or a trekker (or a beheerder) ends a membership: it runs until and including today."""
    if not mag_lidmaatschap_beeindigen(door, lidmaatschap):
        raise PermissionDenied
    lidmaatschap = _vergrendel_lidmaatschap(lidmaatschap)
    _houd_een_trekker(lidmaatschap)
    return _lidmaatschap_beeindigen(lidmaatschap=lidmaatschap, door=door, request=request)


def _lidmaatschap_beeindigen(*, lidmaatschap: Lidmaatschap, door: User, request: HttpRequest | None) -> Lidmaatschap:
    lidmaatschap.tot = max(timezone.localdate(), lidmaatschap.van)
    lidmaatschap.full_clean()
    lidmaatschap.save(update_fields=["tot"])
    audit_log(
        actie="werkgroep.lidmaatschap_beeindigd",
        actor=door,
        obj=lidmaatschap,
        voor={"tot": None},
        na={"tot": str(lidmaatschap.tot), "zelf": lidmaatschap.gebruiker_id == door.pk},
        request=request,
    )
    return lidmaatschap
