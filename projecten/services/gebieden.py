"""Writes of the gebiedsgerichte planning: opgaven per gebied, graafrust markers, the koppelkansen that detection finds
(projecten/koppelkansen.py) and the gemeente's decisions on them (a transition table, with a reason every time)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, momentopname, wijzigingen
from kring.markdown import weiger_actieve_html
from kring.models import Organisatie, User
from projecten import koppelkansen as detectie
from projecten import tasks
from projecten.models import Gebied, Graafrust, Koppelbesluit, Koppelkans, Opgave, Project
from projecten.permissions import mag_gebied_beheren

Status = Koppelkans.Status

# Allowed decisions on a koppelkans: (from, to) -> audit action. A decision can be reopened, with a reason too.
BESLUIT_OVERGANGEN = {
    (Status.OPEN, Status.GEBUNDELD): "koppelkans.gebundeld",
    (Status.OPEN, Status.BEWUST_NIET): "koppelkans.bewust_niet",
    (Status.GEBUNDELD, Status.OPEN): "koppelkans.heropend",
    (Status.BEWUST_NIET, Status.OPEN): "koppelkans.heropend",
}
BESLUIT_KNOPPEN = {
    Status.GEBUNDELD: gettext_lazy("Gebundeld: we nemen dit samen op"),
    Status.BEWUST_NIET: gettext_lazy("Bewust niet bundelen"),
    Status.OPEN: gettext_lazy("Heropenen"),
}

VENSTER_OMGEKEERD = gettext_lazy(
    "De uiterlijke datum (%(tot)s) ligt vóór de vroegste datum (%(van)s). Kies een uiterlijke datum op of na de "
    "vroegste."
)
REDEN_VERPLICHT = gettext_lazy("Geef een reden: het besluit komt in het logboek, ook voor later.")

OPGAVE_VELDEN = (
    "titel",
    "thema",
    "eigenaar",
    "eigenaar_naam",
    "venster_van",
    "venster_tot",
    "zekerheid",
    "bron",
    "project",
)
GRAAFRUST_VELDEN = ("locatie", "tot", "project", "toelichting")
# The actor of the audit events of detection: nobody, the daily run or the run after an edit.
DETECTIE = "automatische detectie van koppelkansen"


def besluiten_vanuit(koppelkans: Koppelkans) -> dict[str, str]:
    """The decisions possible on `koppelkans` now: status -> label."""
    return {naar: BESLUIT_KNOPPEN[naar] for (van, naar) in BESLUIT_OVERGANGEN if van == koppelkans.status}


def _controleer_beheer(door: User, gebied: Gebied) -> None:
    if not mag_gebied_beheren(door, gebied):
        raise PermissionDenied


def _controleer_project(project: Project | None, gebied: Gebied) -> None:
    if project is not None and project.gemeente_id != gebied.gemeente_id:
        raise ValidationError(
            {
                "project": _("Kies een project van %(gemeente)s, de gemeente van dit gebied.")
                % {"gemeente": gebied.gemeente}
            }
        )


def _zoek_koppelkansen_na_afloop(gebied: Gebied) -> None:
    gemeente_id = gebied.gemeente_id
    transaction.on_commit(lambda: tasks.detect_koppelkansen.delay(gemeente_id))


# --- Opgaven ---------------------------------------------------------------------------------------------------------


def _schrijf_opgave(opgave: Opgave, gegevens: dict) -> None:
    van, tot = gegevens.get("venster_van"), gegevens.get("venster_tot")
    if van and tot and tot < van:
        raise ValidationError(
            {"venster_tot": VENSTER_OMGEKEERD % {"tot": f"{tot:%d-%m-%Y}", "van": f"{van:%d-%m-%Y}"}}
        )
    _controleer_project(gegevens.get("project"), opgave.gebied)
    for veld in ("titel", "eigenaar_naam", "bron"):
        weiger_actieve_html(gegevens.get(veld, ""), veld=veld)
    for veld in OPGAVE_VELDEN:
        waarde = gegevens.get(veld, "" if veld in ("eigenaar_naam", "bron") else None)
        setattr(opgave, veld, waarde.strip() if isinstance(waarde, str) else waarde)
    opgave.full_clean()
    opgave.save()


@transaction.atomic
def opgave_create(*, gebied: Gebied, door: User, gegevens: dict, request: HttpRequest | None = None) -> Opgave:
    """A new opgave in `gebied`; afterwards the gemeente's koppelkansen are looked for again."""
    _controleer_beheer(door, gebied)
    opgave = Opgave(gebied=gebied)
    _schrijf_opgave(opgave, gegevens)
    audit_log(
        actie="opgave.aangemaakt", actor=door, obj=opgave, na=momentopname(opgave, OPGAVE_VELDEN), request=request
    )
    _zoek_koppelkansen_na_afloop(gebied)
    return opgave


@transaction.atomic
def opgave_update(*, opgave: Opgave, door: User, gegevens: dict, request: HttpRequest | None = None) -> Opgave:
    _controleer_beheer(door, opgave.gebied)
    opgave = Opgave.objects.select_for_update(of=("self",)).select_related("gebied__gemeente").get(pk=opgave.pk)
    voor = momentopname(opgave, OPGAVE_VELDEN)
    _schrijf_opgave(opgave, gegevens)
    voor, na = wijzigingen(voor, momentopname(opgave, OPGAVE_VELDEN))
    if na:
        audit_log(actie="opgave.gewijzigd", actor=door, obj=opgave, voor=voor, na=na, request=request)
        _zoek_koppelkansen_na_afloop(opgave.gebied)
    return opgave


@transaction.atomic
def opgave_delete(*, opgave: Opgave, door: User, request: HttpRequest | None = None) -> None:
    """Remove an opgave. A koppelkans it was part of stays when it has a decision (its log is history); an undecided
    one is found again without it, or disappears."""
    _controleer_beheer(door, opgave.gebied)
    audit_log(
        actie="opgave.verwijderd", actor=door, obj=opgave, voor=momentopname(opgave, OPGAVE_VELDEN), request=request
    )
    gebied = opgave.gebied
    opgave.delete()
    _zoek_koppelkansen_na_afloop(gebied)


# --- Graafrust ------------------------------------------------------------------------------------------------------


@transaction.atomic
def graafrust_create(*, gebied: Gebied, door: User, gegevens: dict, request: HttpRequest | None = None) -> Graafrust:
    """Mark a street (or part of the gebied) as just rebuilt: no digging until the date."""
    _controleer_beheer(door, gebied)
    tot = gegevens.get("tot")
    if tot is not None and tot <= timezone.localdate():
        raise ValidationError(
            {"tot": _("Kies een datum in de toekomst: graafrust tot een voorbije datum beschermt niets.")}
        )
    _controleer_project(gegevens.get("project"), gebied)
    for veld in ("locatie", "toelichting"):
        weiger_actieve_html(gegevens.get(veld, ""), veld=veld)
    graafrust = Graafrust(
        gebied=gebied,
        locatie=gegevens.get("locatie", "").strip(),
        tot=tot,
        project=gegevens.get("project"),
        toelichting=gegevens.get("toelichting", "").strip(),
    )
    graafrust.full_clean()
    graafrust.save()
    audit_log(
        actie="graafrust.toegevoegd",
        actor=door,
        obj=graafrust,
        na=momentopname(graafrust, GRAAFRUST_VELDEN),
        request=request,
    )
    return graafrust


@transaction.atomic
def graafrust_delete(*, graafrust: Graafrust, door: User, request: HttpRequest | None = None) -> None:
    _controleer_beheer(door, graafrust.gebied)
    audit_log(
        actie="graafrust.verwijderd",
        actor=door,
        obj=graafrust,
        voor=momentopname(graafrust, GRAAFRUST_VELDEN),
        request=request,
    )
    graafrust.delete()


# --- Koppelkansen ----------------------------------------------------------------------------------------------------


@transaction.atomic
def koppelkans_decide(
    *, koppelkans: Koppelkans, besluit: str, reden: str, door: User, request: HttpRequest | None = None
) -> Koppelbesluit:
    """Decide on a koppelkans (gebundeld, bewust niet) or reopen it, always with a reason: the decision log."""
    _controleer_beheer(door, koppelkans.gebied)
    koppelkans = Koppelkans.objects.select_for_update().get(pk=koppelkans.pk)
    actie = BESLUIT_OVERGANGEN.get((koppelkans.status, besluit))
    if actie is None:
        raise ValidationError(
            _("Een koppelkans met status ‘%(van)s’ kan niet naar ‘%(naar)s’.")
            % {"van": koppelkans.get_status_display().lower(), "naar": Status(besluit).label.lower()}
            if besluit in Status.values
            else _("Kies een besluit.")
        )
    if not reden.strip():
        raise ValidationError({"reden": REDEN_VERPLICHT})
    weiger_actieve_html(reden, veld="reden")
    vastgelegd = Koppelbesluit(koppelkans=koppelkans, besluit=besluit, reden=reden.strip(), door=door)
    vastgelegd.full_clean()
    vastgelegd.save()
    voor = {"status": koppelkans.status}
    koppelkans.status = besluit
    koppelkans.save(update_fields=["status"])
    audit_log(
        actie=actie,
        actor=door,
        obj=koppelkans,
        voor=voor,
        na={"status": besluit, "reden": vastgelegd.reden},
        request=request,
    )
    return vastgelegd


@dataclass
class Detectie:
    """What a detection run did, per koppelkans."""

    nieuw: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    vervallen: int = 0
    behouden: int = 0

    def __str__(self):
        return _(
            "%(nieuw)s nieuw, %(bijgewerkt)s bijgewerkt, %(ongewijzigd)s ongewijzigd, %(vervallen)s vervallen, "
            "%(behouden)s niet meer gevonden maar bewaard om hun besluit"
        ) % vars(self)


def _items(gemeente: Organisatie | None) -> list[detectie.Item]:
    projecten = Project.objects.exclude(fase__in=detectie.AFGELOPEN_FASEN)
    opgaven = Opgave.objects.filter(project__isnull=True)
    if gemeente is not None:
        projecten = projecten.filter(gemeente=gemeente)
        opgaven = opgaven.filter(gebied__gemeente=gemeente)
    items = []
    for project in projecten.only("pk", "gebied", *detectie.VENSTER_VELDEN):
        venster = detectie.venster_van(project)
        if venster is not None:
            items.append(detectie.Item(detectie.PROJECT, project.pk, project.gebied_id, venster))
    for pk, gebied_id, van, tot in opgaven.values_list("pk", "gebied_id", "venster_van", "venster_tot"):
        items.append(detectie.Item(detectie.OPGAVE, pk, gebied_id, detectie.Venster(van, tot)))
    return items


def _leg_vast(koppelkans: Koppelkans, groep: detectie.Groep) -> None:
    koppelkans.sleutel = groep.sleutel
    koppelkans.periode_van, koppelkans.periode_tot = groep.van, groep.tot
    koppelkans.full_clean()
    koppelkans.save()
    koppelkans.projecten.set(groep.projecten)
    koppelkans.opgaven.set(groep.opgaven)


def _leden(koppelkans: Koppelkans) -> dict:
    return {
        "projecten": sorted(project.pk for project in koppelkans.projecten.all()),
        "opgaven": sorted(opgave.pk for opgave in koppelkans.opgaven.all()),
    }


@transaction.atomic
def koppelkansen_detect(*, gemeente: Organisatie | None = None, tolerantie_maanden: int | None = None) -> Detectie:
    """Look for koppelkansen in the gebieden of `gemeente` (None: of every gemeente) and bring the stored ones in line.

    - A group found before (same members, so the same `sleutel`) stays as it is; only its period follows the windows.
    - A new group takes over an open koppelkans of the same gebied that shares a member and is no longer found as
      such (the chance grew or shrank, nobody decided on it yet); otherwise it is a new koppelkans.
    - An open koppelkans no longer found and never decided on disappears: it is no chance anymore. One with a decision
      (gebundeld, bewust niet, or reopened) stays as it was: its log is history.
    Safe to run twice: the second run changes nothing."""
    tolerantie = settings.KOPPELKANS_TOLERANTIE_MAANDEN if tolerantie_maanden is None else tolerantie_maanden
    gebieden = Gebied.objects.all() if gemeente is None else Gebied.objects.filter(gemeente=gemeente)
    # Two runs at once (after an edit, and the daily one) wait for each other instead of both creating a row.
    list(gebieden.select_for_update().values_list("pk", flat=True))
    gevonden = detectie.groepen(_items(gemeente), tolerantie_maanden=tolerantie)
    bestaand = {
        koppelkans.sleutel: koppelkans
        for koppelkans in Koppelkans.objects.filter(gebied__in=gebieden)
        .annotate(heeft_besluiten=Exists(Koppelbesluit.objects.filter(koppelkans=OuterRef("pk"))))
        .prefetch_related("projecten", "opgaven")
    }
    sleutels = {groep.sleutel for groep in gevonden}
    losgeraakt = [kans for sleutel, kans in bestaand.items() if sleutel not in sleutels]
    samenvatting = Detectie()
    for groep in gevonden:
        koppelkans = bestaand.get(groep.sleutel)
        if koppelkans is not None:
            if (koppelkans.periode_van, koppelkans.periode_tot) == (groep.van, groep.tot):
                samenvatting.ongewijzigd += 1
            else:
                koppelkans.periode_van, koppelkans.periode_tot = groep.van, groep.tot
                koppelkans.save(update_fields=["periode_van", "periode_tot"])
                samenvatting.bijgewerkt += 1
            continue
        koppelkans = next((kans for kans in losgeraakt if _gaat_over(kans, groep)), None)
        if koppelkans is not None:
            losgeraakt.remove(koppelkans)
            voor = _leden(koppelkans)
            _leg_vast(koppelkans, groep)
            na = {"projecten": groep.projecten, "opgaven": groep.opgaven}
            audit_log(actie="koppelkans.bijgewerkt", obj=koppelkans, voor=voor, na=na, actor_omschrijving=DETECTIE)
            samenvatting.bijgewerkt += 1
            continue
        koppelkans = Koppelkans(gebied_id=groep.gebied_id)
        _leg_vast(koppelkans, groep)
        audit_log(
            actie="koppelkans.gevonden",
            obj=koppelkans,
            na={"projecten": groep.projecten, "opgaven": groep.opgaven},
            actor_omschrijving=DETECTIE,
        )
        samenvatting.nieuw += 1
    for koppelkans in losgeraakt:
        if koppelkans.status == Status.OPEN and not koppelkans.heeft_besluiten:
            audit_log(
                actie="koppelkans.vervallen", obj=koppelkans, voor=_leden(koppelkans), actor_omschrijving=DETECTIE
            )
            koppelkans.delete()
            samenvatting.vervallen += 1
        else:
            samenvatting.behouden += 1
    return samenvatting


def _gaat_over(koppelkans: Koppelkans, groep: detectie.Groep) -> bool:
    """An open koppelkans of the group's gebied that shares a member with it: the same chance, grown or shrunk."""
    leden = _leden(koppelkans)
    return (
        koppelkans.status == Status.OPEN
        and koppelkans.gebied_id == groep.gebied_id
        and bool(set(leden["projecten"]) & set(groep.projecten) or set(leden["opgaven"]) & set(groep.opgaven))
    )
