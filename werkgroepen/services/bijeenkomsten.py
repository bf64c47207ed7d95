"""Writes of the bijeenkomsten: planning a meeting (with the fixed agenda of the kenniskring and its invitations),
changing it, its own agenda items, registering and attendance, the minutes with decisions and actiepunten, and the
status flow (a transition table)."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, momentopname, wijzigingen
from kring.markdown import weiger_actieve_html
from kring.models import User
from kring.permissions import is_lid
from werkgroepen import tasks
from werkgroepen.models import Aanwezigheid, Actiepunt, Agendapunt, Besluit, Bijeenkomst, Werkgroep
from werkgroepen.permissions import mag_actiepunt_afvinken, mag_bijeenkomst_beheren, mag_bijeenkomst_plannen_voor
from werkgroepen.selectors.bijeenkomsten import genodigden

Status = Bijeenkomst.Status
Soort = Agendapunt.Soort

# The fixed agenda of the kenniskring, in this order, each with a standard explanation the organiser may change.
VASTE_AGENDA = (
    (
        Soort.ARBEIDSMARKT,
        gettext_lazy(
            "Ontwikkelingen op de arbeidsmarkt: vakmensen, instroom van leerlingen en zij-instromers, en wat gemeente "
            "en bedrijven daar samen aan kunnen doen."
        ),
    ),
    (
        Soort.TRANSITIEVRAAGSTUKKEN,
        gettext_lazy(
            "Opgaven die om een andere manier van werken vragen, zoals klimaatadaptatie, emissieloos bouwen, "
            "circulariteit en digitalisering."
        ),
    ),
    (
        Soort.VOORTGANG,
        gettext_lazy(
            "De activiteiten van de uitvoeringsagenda die sinds de vorige bijeenkomst veranderden: voortgang, "
            "blokkades en verbeteracties."
        ),
    ),
    (
        Soort.KLAAGPAAL,
        gettext_lazy("Wat wrijving geeft in de samenwerking, openlijk op tafel: zeggen wat gezegd moet worden."),
    ),
    (Soort.HULPVRAAG, gettext_lazy("Vragen van leden aan de kring: wie kan met wie waarbij helpen?")),
)

# Empty when the organiser's account is gone (SET_NULL); the model does not allow that in a form, the meeting stays.
ZONDER_ORGANISATOR = ["aangemaakt_door"]


@dataclass(frozen=True)
class BijeenkomstGegevens:
    """What the organiser fills in when planning or changing a meeting. `werkgroep` counts only when planning."""

    titel: str
    begin: datetime.datetime
    einde: datetime.datetime
    locatie: str = ""
    online_link: str = ""
    omschrijving: str = ""
    werkgroep: Werkgroep | None = None


@dataclass(frozen=True)
class BesluitGegevens:
    tekst: str
    agendapunt: Agendapunt | None = None
    pk: int | None = None


@dataclass(frozen=True)
class ActiepuntGegevens:
    omschrijving: str
    eigenaar: User
    deadline: datetime.date
    agendapunt: Agendapunt | None = None
    pk: int | None = None


def tijd_en_plaats_fouten(
    *, begin: datetime.datetime | None, einde: datetime.datetime | None, locatie: str, online_link: str
) -> dict[str, str]:
    """The Dutch errors about when and where, by field (the planning form shows them before the service runs)."""
    fouten = {}
    if begin and einde and einde <= begin:
        fouten["einde"] = _("Het einde moet na het begin liggen.")
    if not locatie.strip() and not online_link.strip():
        fouten["locatie"] = _("Vul een locatie in, een online link, of allebei: anders weet niemand waar het is.")
    return fouten


def _eis_organisator(bijeenkomst: Bijeenkomst, door: User) -> None:
    if not mag_bijeenkomst_beheren(door, bijeenkomst):
        raise PermissionDenied


def _eis_gepland(bijeenkomst: Bijeenkomst) -> None:
    if bijeenkomst.status == Status.GEHOUDEN:
        raise ValidationError(_("Het verslag van deze bijeenkomst is vastgesteld; de bijeenkomst ligt daarmee vast."))
    if bijeenkomst.status == Status.GEANNULEERD:
        raise ValidationError(_("Deze bijeenkomst is geannuleerd en kan niet meer veranderen."))


def _eis_begonnen(bijeenkomst: Bijeenkomst, wat: str) -> None:
    if bijeenkomst.begin > timezone.now():
        raise ValidationError(
            _("De bijeenkomst is nog niet begonnen; %(wat)s kan vanaf het begin (%(begin)s).")
            % {"wat": wat, "begin": timezone.localtime(bijeenkomst.begin).strftime("%d-%m-%Y %H:%M")}
        )


def _vergrendel(bijeenkomst: Bijeenkomst) -> Bijeenkomst:
    """The meeting's row, locked until the transaction ends: changes to one meeting wait for each other."""
    return Bijeenkomst.objects.select_for_update(of=("self",)).select_related("werkgroep").get(pk=bijeenkomst.pk)


def _mail_uitnodigingen(bijeenkomst: Bijeenkomst) -> None:
    transaction.on_commit(lambda: tasks.mail_uitnodigingen.delay(bijeenkomst.pk))


def _stand(bijeenkomst: Bijeenkomst) -> dict:
    """The meeting's own fields, for the audit log."""
    return momentopname(
        bijeenkomst, ["titel", "werkgroep", "begin", "einde", "locatie", "online_link", "omschrijving"]
    )


def _log_wijziging(
    actie: str, bijeenkomst: Bijeenkomst, voor: dict, na: dict, *, door: User, request: HttpRequest | None
) -> list[str]:
    """Audit the fields that changed, before and after; nothing when none did. Returns those fields."""
    voor, na = wijzigingen(voor, na)
    if na:
        audit_log(actie=actie, actor=door, obj=bijeenkomst, voor=voor, na=na, request=request)
    return list(na)


def _schrijf(bijeenkomst: Bijeenkomst, gegevens: BijeenkomstGegevens) -> None:
    weiger_actieve_html(gegevens.titel, veld="titel")
    weiger_actieve_html(gegevens.omschrijving, veld="omschrijving")
    bijeenkomst.titel = gegevens.titel.strip()
    bijeenkomst.begin = gegevens.begin
    bijeenkomst.einde = gegevens.einde
    bijeenkomst.locatie = gegevens.locatie.strip()
    bijeenkomst.online_link = gegevens.online_link.strip()
    bijeenkomst.omschrijving = gegevens.omschrijving.strip()
    fouten = tijd_en_plaats_fouten(
        begin=bijeenkomst.begin,
        einde=bijeenkomst.einde,
        locatie=bijeenkomst.locatie,
        online_link=bijeenkomst.online_link,
    )
    if fouten:
        raise ValidationError(fouten)
    bijeenkomst.full_clean(exclude=ZONDER_ORGANISATOR)
    bijeenkomst.save()


@transaction.atomic
def bijeenkomst_create(
    *, gegevens: BijeenkomstGegevens, door: User, request: HttpRequest | None = None
) -> Bijeenkomst:
    """Plan a meeting: the fixed agenda of the kenniskring, every invitee an Aanwezigheid (uitgenodigd), and an
    invitation with an iCalendar file to each of them once the transaction commits."""
    werkgroep = gegevens.werkgroep
    if not mag_bijeenkomst_plannen_voor(door, werkgroep):
        raise ValidationError(
            {
                "werkgroep": _(
                    "U kunt alleen bijeenkomsten plannen van een werkgroep waarvan u trekker bent; een bijeenkomst van "
                    "de hele kring plant de beheerder."
                )
            }
        )
    if werkgroep is not None and werkgroep.gesloten_op is not None:
        raise ValidationError({"werkgroep": _("Werkgroep %(naam)s is gesloten.") % {"naam": werkgroep.naam}})
    if gegevens.begin and gegevens.begin < timezone.now():
        raise ValidationError({"begin": _("Het begin ligt in het verleden. Plan de bijeenkomst op een later moment.")})
    bijeenkomst = Bijeenkomst(werkgroep=werkgroep, aangemaakt_door=door, status=Status.GEPLAND)
    _schrijf(bijeenkomst, gegevens)
    Agendapunt.objects.bulk_create(
        Agendapunt(
            bijeenkomst=bijeenkomst, soort=soort, titel=soort.label, toelichting=str(toelichting), volgorde=nummer
        )
        for nummer, (soort, toelichting) in enumerate(VASTE_AGENDA, start=1)
    )
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(bijeenkomst=bijeenkomst, gebruiker=gebruiker) for gebruiker in genodigden(werkgroep=werkgroep)
    )
    audit_log(
        actie="bijeenkomst.gepland",
        actor=door,
        obj=bijeenkomst,
        na={**_stand(bijeenkomst), "genodigden": bijeenkomst.aanwezigheden.count()},
        request=request,
    )
    _mail_uitnodigingen(bijeenkomst)
    return bijeenkomst


# Changing these moves the meeting in the invitees' calendars: a new invitation with a higher SEQUENCE.
TIJD_EN_PLAATS = ("begin", "einde", "locatie", "online_link")


@transaction.atomic
def bijeenkomst_update(
    *, bijeenkomst: Bijeenkomst, gegevens: BijeenkomstGegevens, door: User, request: HttpRequest | None = None
) -> Bijeenkomst:
    """Change a planned meeting (its werkgroep stays). A new time or place raises the invitation's volgnummer and
    sends every invitee the changed invitation."""
    bijeenkomst = _vergrendel(bijeenkomst)
    _eis_organisator(bijeenkomst, door)
    _eis_gepland(bijeenkomst)
    voor = _stand(bijeenkomst)
    if gegevens.begin and gegevens.begin != bijeenkomst.begin and gegevens.begin < timezone.now():
        raise ValidationError({"begin": _("Het nieuwe begin ligt in het verleden. Kies een later moment.")})
    _schrijf(bijeenkomst, gegevens)
    gewijzigd = _log_wijziging(
        "bijeenkomst.gewijzigd", bijeenkomst, voor, _stand(bijeenkomst), door=door, request=request
    )
    if any(veld in TIJD_EN_PLAATS for veld in gewijzigd):
        bijeenkomst.volgnummer += 1
        bijeenkomst.save(update_fields=["volgnummer"])
        _mail_uitnodigingen(bijeenkomst)
    return bijeenkomst


# --- The status flow -------------------------------------------------------------------------------------------------


def _controleer_vaststellen(bijeenkomst: Bijeenkomst) -> None:
    _eis_begonnen(bijeenkomst, _("het verslag vaststellen"))
    if not bijeenkomst.verslag.strip():
        raise ValidationError(_("Er is nog geen verslag. Schrijf eerst het verslag; vaststellen legt het vast."))


def _vastgesteld(bijeenkomst: Bijeenkomst) -> None:
    bijeenkomst.verslag_vastgesteld_op = timezone.now()


def _geannuleerd(bijeenkomst: Bijeenkomst) -> None:
    # The invitees' calendars drop the meeting: the invitation goes out again, cancelled, with a higher SEQUENCE.
    bijeenkomst.volgnummer += 1
    _mail_uitnodigingen(bijeenkomst)


@dataclass(frozen=True)
class Overgang:
    actie: str  # the audit action
    knop: str  # the organiser's button
    uitleg: str  # what happens, on the confirmation page
    controle: Callable[[Bijeenkomst], None] | None = None  # raises ValidationError when not allowed now
    gevolg: Callable[[Bijeenkomst], None] | None = None  # further changes, saved with the status


# Allowed status changes: (from, to) -> what it means. Nothing else changes a meeting's status.
OVERGANGEN = {
    (Status.GEPLAND, Status.GEHOUDEN): Overgang(
        actie="bijeenkomst.verslag_vastgesteld",
        knop=gettext_lazy("Verslag vaststellen"),
        uitleg=gettext_lazy(
            "De bijeenkomst is dan gehouden. Verslag, besluiten, actiepunten en aanwezigheid liggen daarna vast; "
            "actiepunten kunnen nog wel worden afgevinkt."
        ),
        controle=_controleer_vaststellen,
        gevolg=_vastgesteld,
    ),
    (Status.GEPLAND, Status.GEANNULEERD): Overgang(
        actie="bijeenkomst.geannuleerd",
        knop=gettext_lazy("Bijeenkomst annuleren"),
        uitleg=gettext_lazy(
            "Alle genodigden krijgen bericht dat de bijeenkomst niet doorgaat; hun agenda haalt haar weg. Annuleren "
            "kan niet ongedaan worden gemaakt: plan zo nodig een nieuwe bijeenkomst."
        ),
        gevolg=_geannuleerd,
    ),
}


def overgangen_vanuit(bijeenkomst: Bijeenkomst) -> dict[str, Overgang]:
    """The status changes possible from the meeting's current status, by target status."""
    return {naar: overgang for (van, naar), overgang in OVERGANGEN.items() if van == bijeenkomst.status}


@transaction.atomic
def bijeenkomst_set_status(
    *, bijeenkomst: Bijeenkomst, status: str, door: User, request: HttpRequest | None = None
) -> Bijeenkomst:
    """The organiser moves a meeting to `status`, following OVERGANGEN."""
    bijeenkomst = _vergrendel(bijeenkomst)
    _eis_organisator(bijeenkomst, door)
    overgang = OVERGANGEN.get((bijeenkomst.status, status))
    if overgang is None:
        raise ValidationError(
            _("Een bijeenkomst met status %(van)s kan niet naar %(naar)s.")
            % {"van": bijeenkomst.get_status_display().lower(), "naar": Status(status).label.lower()}
        )
    if overgang.controle is not None:
        overgang.controle(bijeenkomst)
    voor = {"status": bijeenkomst.status}
    if overgang.gevolg is not None:
        overgang.gevolg(bijeenkomst)
    bijeenkomst.status = status
    bijeenkomst.save(update_fields=["status", "verslag_vastgesteld_op", "volgnummer"])
    audit_log(actie=overgang.actie, actor=door, obj=bijeenkomst, voor=voor, na={"status": status}, request=request)
    return bijeenkomst


# --- The agenda ------------------------------------------------------------------------------------------------------


def _agendapunt_stand(agendapunt: Agendapunt) -> dict:
    return {"soort": agendapunt.soort, "titel": agendapunt.titel, "toelichting": agendapunt.toelichting}


def _agenda_bewerkbaar(bijeenkomst: Bijeenkomst, door: User) -> Bijeenkomst:
    bijeenkomst = _vergrendel(bijeenkomst)
    _eis_organisator(bijeenkomst, door)
    _eis_gepland(bijeenkomst)
    return bijeenkomst


@transaction.atomic
def agendapunt_create(
    *, bijeenkomst: Bijeenkomst, titel: str, toelichting: str = "", door: User, request: HttpRequest | None = None
) -> Agendapunt:
    """An own item of the organiser, at the end of the agenda."""
    bijeenkomst = _agenda_bewerkbaar(bijeenkomst, door)
    weiger_actieve_html(titel, veld="titel")
    weiger_actieve_html(toelichting, veld="toelichting")
    laatste = bijeenkomst.agendapunten.aggregate(laatste=Max("volgorde"))["laatste"] or 0
    agendapunt = Agendapunt(
        bijeenkomst=bijeenkomst,
        soort=Soort.EIGEN,
        titel=titel.strip(),
        toelichting=toelichting.strip(),
        volgorde=laatste + 1,
    )
    agendapunt.full_clean()
    agendapunt.save()
    audit_log(
        actie="bijeenkomst.agendapunt_toegevoegd",
        actor=door,
        obj=bijeenkomst,
        na=_agendapunt_stand(agendapunt),
        request=request,
    )
    return agendapunt


@transaction.atomic
def agendapunt_update(
    *, agendapunt: Agendapunt, titel: str, toelichting: str, door: User, request: HttpRequest | None = None
) -> Agendapunt:
    """Change an item's title (own items only: a fixed item keeps its name) and explanation."""
    bijeenkomst = _agenda_bewerkbaar(agendapunt.bijeenkomst, door)
    # A model form has put the new values on the object it was given already: the audit compares with what is stored.
    agendapunt = Agendapunt.objects.get(pk=agendapunt.pk)
    voor = _agendapunt_stand(agendapunt)
    if agendapunt.soort == Soort.EIGEN:
        weiger_actieve_html(titel, veld="titel")
        agendapunt.titel = titel.strip()
    weiger_actieve_html(toelichting, veld="toelichting")
    agendapunt.toelichting = toelichting.strip()
    agendapunt.full_clean()
    agendapunt.save(update_fields=["titel", "toelichting"])
    voor, na = wijzigingen(voor, _agendapunt_stand(agendapunt))
    if na:
        audit_log(
            actie="bijeenkomst.agendapunt_gewijzigd", actor=door, obj=bijeenkomst, voor=voor, na=na, request=request
        )
    return agendapunt


@transaction.atomic
def agendapunt_delete(*, agendapunt: Agendapunt, door: User, request: HttpRequest | None = None) -> None:
    """Remove an own item; the fixed agenda of the kenniskring stays."""
    bijeenkomst = _agenda_bewerkbaar(agendapunt.bijeenkomst, door)
    if agendapunt.soort != Soort.EIGEN or agendapunt.signaal_id is not None:
        raise ValidationError(
            _("“%(titel)s” hoort bij de vaste agenda van de kenniskring en blijft staan.")
            % {"titel": agendapunt.titel}
        )
    audit_log(
        actie="bijeenkomst.agendapunt_verwijderd",
        actor=door,
        obj=bijeenkomst,
        voor=_agendapunt_stand(agendapunt),
        request=request,
    )
    agendapunt.delete()


RICHTINGEN = ("omhoog", "omlaag")


@transaction.atomic
def agendapunt_move(*, agendapunt: Agendapunt, richting: str, door: User, request: HttpRequest | None = None) -> None:
    """Swap an item with the one above or below it. Items that carry a klaagpaal item or hulpvraag stand under their
    fixed item and do not move on their own."""
    if richting not in RICHTINGEN:
        raise ValidationError(_("Een agendapunt kan alleen omhoog of omlaag."))
    bijeenkomst = _agenda_bewerkbaar(agendapunt.bijeenkomst, door)
    punten = list(bijeenkomst.agendapunten.filter(signaal__isnull=True).order_by("volgorde", "pk"))
    positie = next((i for i, punt in enumerate(punten) if punt.pk == agendapunt.pk), None)
    buur = (positie - 1 if richting == "omhoog" else positie + 1) if positie is not None else None
    if buur is None or not 0 <= buur < len(punten):
        return  # already first or last: nothing to move
    punten[positie], punten[buur] = punten[buur], punten[positie]
    # Renumber all items (not only the two): older rows may share a volgorde, and a swap of equal numbers is no move.
    for nummer, punt in enumerate(punten, start=1):
        punt.volgorde = nummer
    Agendapunt.objects.bulk_update(punten, ["volgorde"])
    audit_log(
        actie="bijeenkomst.agenda_volgorde",
        actor=door,
        obj=bijeenkomst,
        na={"volgorde": [punt.titel for punt in punten]},
        request=request,
    )


# --- Registering and attendance --------------------------------------------------------------------------------------

MELDINGEN = (Aanwezigheid.Status.AANGEMELD, Aanwezigheid.Status.AFGEMELD)


@transaction.atomic
def aanwezigheid_melden(
    *, bijeenkomst: Bijeenkomst, gebruiker: User, status: str, request: HttpRequest | None = None
) -> Aanwezigheid:
    """A member says they will come (aangemeld) or not (afgemeld), until the meeting begins. The kring is open: a
    member who was not invited may register too."""
    if not is_lid(gebruiker):
        raise PermissionDenied
    if status not in MELDINGEN:
        raise ValidationError(_("U kunt zich alleen aanmelden of afmelden."))
    bijeenkomst = _vergrendel(bijeenkomst)
    _eis_gepland(bijeenkomst)
    if bijeenkomst.begin <= timezone.now():
        raise ValidationError(_("De bijeenkomst is al begonnen; aan- of afmelden kan niet meer."))
    aanwezigheid, _nieuw = Aanwezigheid.objects.get_or_create(bijeenkomst=bijeenkomst, gebruiker=gebruiker)
    if aanwezigheid.status == status:
        return aanwezigheid
    voor = {"status": aanwezigheid.status}
    aanwezigheid.status = status
    aanwezigheid.save(update_fields=["status"])
    audit_log(
        actie=f"bijeenkomst.{status}",
        actor=gebruiker,
        obj=bijeenkomst,
        voor=voor,
        na={"status": status},
        request=request,
    )
    return aanwezigheid


@transaction.atomic
def aanwezigheid_registreren(
    *, bijeenkomst: Bijeenkomst, aanwezig: Sequence[User], door: User, request: HttpRequest | None = None
) -> Bijeenkomst:
    """The organiser records who was there: `aanwezig` present, every other invitee absent."""
    bijeenkomst = _vergrendel(bijeenkomst)
    _eis_organisator(bijeenkomst, door)
    _eis_gepland(bijeenkomst)
    _eis_begonnen(bijeenkomst, _("de aanwezigheid registreren"))
    aanwezig_ids = {gebruiker.pk for gebruiker in aanwezig}
    rijen = list(bijeenkomst.aanwezigheden.select_related("gebruiker"))
    if aanwezig_ids - {rij.gebruiker_id for rij in rijen}:
        raise ValidationError(_("Alleen genodigden en wie zich aanmeldde, kunnen als aanwezig worden geregistreerd."))
    for rij in rijen:
        rij.status = Aanwezigheid.Status.AANWEZIG if rij.gebruiker_id in aanwezig_ids else Aanwezigheid.Status.AFWEZIG
    Aanwezigheid.objects.bulk_update(rijen, ["status"])
    audit_log(
        actie="bijeenkomst.aanwezigheid",
        actor=door,
        obj=bijeenkomst,
        na={"aanwezig": sorted(rij.gebruiker.naam for rij in rijen if rij.gebruiker_id in aanwezig_ids)},
        request=request,
    )
    return bijeenkomst


# --- Minutes ---------------------------------------------------------------------------------------------------------


def _verslag_stand(bijeenkomst: Bijeenkomst) -> dict:
    return {
        "verslag": bijeenkomst.verslag,
        "besluiten": [besluit.tekst for besluit in bijeenkomst.besluiten.order_by("volgorde", "pk")],
        "actiepunten": [
            {"omschrijving": punt.omschrijving, "eigenaar": punt.eigenaar.naam, "deadline": str(punt.deadline)}
            for punt in bijeenkomst.actiepunten.select_related("eigenaar").order_by("pk")
        ],
    }


def _eigen_rijen(model, bijeenkomst: Bijeenkomst, gegevens: Sequence) -> dict:
    """The existing rows of `model` of this meeting, by pk; refuses a pk of another meeting."""
    bestaand = {rij.pk: rij for rij in model.objects.filter(bijeenkomst=bijeenkomst)}
    if any(regel.pk is not None and regel.pk not in bestaand for regel in gegevens):
        raise ValidationError(_("Een besluit of actiepunt hoort niet bij deze bijeenkomst. Laad de pagina opnieuw."))
    model.objects.filter(bijeenkomst=bijeenkomst).exclude(
        pk__in=[regel.pk for regel in gegevens if regel.pk is not None]
    ).delete()
    return bestaand


def _eis_eigen_agendapunt(bijeenkomst: Bijeenkomst, agendapunt: Agendapunt | None) -> None:
    if agendapunt is not None and agendapunt.bijeenkomst_id != bijeenkomst.pk:
        raise ValidationError(_("Een agendapunt hoort niet bij deze bijeenkomst. Laad de pagina opnieuw."))


def _schrijf_besluiten(bijeenkomst: Bijeenkomst, besluiten: Sequence[BesluitGegevens]) -> None:
    bestaand = _eigen_rijen(Besluit, bijeenkomst, besluiten)
    for volgorde, gegevens in enumerate(besluiten, start=1):
        _eis_eigen_agendapunt(bijeenkomst, gegevens.agendapunt)
        weiger_actieve_html(gegevens.tekst)  # the form shows it beside the row first; this guards other callers
        besluit = bestaand.get(gegevens.pk) or Besluit(bijeenkomst=bijeenkomst)
        besluit.tekst = gegevens.tekst.strip()
        besluit.agendapunt = gegevens.agendapunt
        besluit.volgorde = volgorde
        besluit.full_clean()
        besluit.save()


def _schrijf_actiepunten(bijeenkomst: Bijeenkomst, actiepunten: Sequence[ActiepuntGegevens]) -> None:
    bestaand = _eigen_rijen(Actiepunt, bijeenkomst, actiepunten)
    vergaderdag = timezone.localdate(bijeenkomst.begin)
    for gegevens in actiepunten:
        _eis_eigen_agendapunt(bijeenkomst, gegevens.agendapunt)
        weiger_actieve_html(gegevens.omschrijving)
        if gegevens.deadline < vergaderdag:
            raise ValidationError(
                _("De deadline van “%(actie)s” ligt vóór de bijeenkomst (%(dag)s). Kies een latere datum.")
                % {"actie": gegevens.omschrijving.strip(), "dag": vergaderdag.strftime("%d-%m-%Y")}
            )
        if not is_lid(gegevens.eigenaar):
            raise ValidationError(
                _("%(naam)s is geen actief lid van de kring en kan geen actiepunt krijgen.")
                % {"naam": gegevens.eigenaar.naam}
            )
        actiepunt = bestaand.get(gegevens.pk) or Actiepunt(bijeenkomst=bijeenkomst)
        actiepunt.omschrijving = gegevens.omschrijving.strip()
        actiepunt.eigenaar = gegevens.eigenaar
        actiepunt.deadline = gegevens.deadline
        actiepunt.agendapunt = gegevens.agendapunt
        actiepunt.full_clean()
        actiepunt.save()


@transaction.atomic
def verslag_opslaan(
    *,
    bijeenkomst: Bijeenkomst,
    verslag: str,
    besluiten: Sequence[BesluitGegevens],
    actiepunten: Sequence[ActiepuntGegevens],
    door: User,
    request: HttpRequest | None = None,
) -> Bijeenkomst:
    """The organiser writes the minutes: the text (Markdown) and the whole set of decisions and actiepunten (rows left
    out are removed; an actiepunt that stays keeps whether it is done). All or nothing."""
    bijeenkomst = _vergrendel(bijeenkomst)
    _eis_organisator(bijeenkomst, door)
    _eis_gepland(bijeenkomst)
    _eis_begonnen(bijeenkomst, _("het verslag schrijven"))
    weiger_actieve_html(verslag, veld="verslag")  # the form refuses it first; this guards every other caller
    voor = _verslag_stand(bijeenkomst)
    bijeenkomst.verslag = verslag.strip()
    bijeenkomst.full_clean(exclude=ZONDER_ORGANISATOR)
    bijeenkomst.save(update_fields=["verslag"])
    _schrijf_besluiten(bijeenkomst, besluiten)
    _schrijf_actiepunten(bijeenkomst, actiepunten)
    _log_wijziging(
        "bijeenkomst.verslag_opgeslagen", bijeenkomst, voor, _verslag_stand(bijeenkomst), door=door, request=request
    )
    return bijeenkomst


# --- Actiepunten -----------------------------------------------------------------------------------------------------


def _actiepunt_afvinken(actiepunt: Actiepunt, *, gedaan: bool, door: User, request: HttpRequest | None) -> Actiepunt:
    actiepunt = Actiepunt.objects.select_for_update(of=("self",)).select_related("bijeenkomst").get(pk=actiepunt.pk)
    if not mag_actiepunt_afvinken(door, actiepunt):
        raise PermissionDenied
    if gedaan == (actiepunt.gedaan_op is not None):
        raise ValidationError(_("Dit actiepunt is al gedaan.") if gedaan else _("Dit actiepunt staat al open."))
    voor = {"gedaan_op": actiepunt.gedaan_op.isoformat() if actiepunt.gedaan_op else None}
    actiepunt.gedaan_op = timezone.now() if gedaan else None
    actiepunt.save(update_fields=["gedaan_op"])
    audit_log(
        actie="actiepunt.gedaan" if gedaan else "actiepunt.heropend",
        actor=door,
        obj=actiepunt,
        voor=voor,
        na={"gedaan_op": actiepunt.gedaan_op.isoformat() if actiepunt.gedaan_op else None},
        request=request,
    )
    return actiepunt


@transaction.atomic
def actiepunt_done(*, actiepunt: Actiepunt, door: User, request: HttpRequest | None = None) -> Actiepunt:
    """The owner (or the meeting's organiser) marks an actiepunt done."""
    return _actiepunt_afvinken(actiepunt, gedaan=True, door=door, request=request)


@transaction.atomic
def actiepunt_reopen(*, actiepunt: Actiepunt, door: User, request: HttpRequest | None = None) -> Actiepunt:
    """The owner (or the meeting's organiser) reopens an actiepunt that turned out not to be done."""
    return _actiepunt_afvinken(actiepunt, gedaan=False, door=door, request=request)
