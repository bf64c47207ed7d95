"""Reads for the SROI reminders (sroi/herinneringen.py): for each kind, whom to remind about which obligation, warning
or line on a given day. Each `*_zoek` runs a fixed number of queries, however many obligations.

Whom the contractor's side of an obligation reaches (`contactpersonen`): the active staff of the contractor who
recorded inzet on that obligation before; when nobody did yet (or they all left), every active staff member of the
contractor. So the people who do the reporting get the mail, and a new obligation is never without a recipient.
Someone who left the contractor no longer sees the obligation and gets nothing.

A mail names a candidate only by its code: never a name, BSN or date of birth (the portal holds none)."""

import datetime
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from dateutil.relativedelta import relativedelta

from kring.herinneringen import Aanleiding, absolute_url
from kring.models import Herinnering, User
from sroi.models import Inzetregel, Verplichting, Waarschuwing

RAPPORTAGE = "sroi_rapportage"
WAARSCHUWING = "sroi_waarschuwing"
AFGEWEZEN = "sroi_afgewezen"

# A reporting moment is reminded on the day and, when a sweep was missed, up to this many days after it.
RAPPORTAGE_VENSTER_DAGEN = 14
# A rejection is mailed when it happened at most this many days ago (older ones are history, not news).
AFGEWEZEN_VENSTER_DAGEN = 14

_VERPLICHTING_VELDEN = ("project", "project__gemeente", "opdrachtnemer")


def _gehad(soort: str, model, objecten: Iterable, *, vanaf: dict[int, datetime.date] | None = None) -> set[tuple]:
    """(object id, recipient id) of the reminders of `soort` sent before about `objecten`, in one query. With `vanaf`
    (object id -> date) only those due on or after that date count: a kind with several moments per object is sent
    once per moment."""
    ids = [obj.pk for obj in objecten]
    if not ids:
        return set()
    rijen = Herinnering.objects.filter(
        soort=soort, object_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).values_list("object_id", "ontvanger_id", "vervaldatum")
    return {
        (object_id, ontvanger_id)
        for object_id, ontvanger_id, vervaldatum in rijen
        if vanaf is None or vervaldatum >= vanaf[object_id]
    }


def contactpersonen(verplichtingen: list[Verplichting]) -> dict[int, list[User]]:
    """Per obligation id, the contractor's people to remind (see the module docstring), ordered by e-mail. Two
    queries."""
    if not verplichtingen:
        return {}
    medewerkers: dict[int, list[User]] = {}
    for gebruiker in User.objects.filter(
        status=User.Status.ACTIEF, organisatie_id__in={v.opdrachtnemer_id for v in verplichtingen}
    ).order_by("email"):
        medewerkers.setdefault(gebruiker.organisatie_id, []).append(gebruiker)
    invoerders: dict[int, set[int]] = {}
    for verplichting_id, gebruiker_id in (
        Inzetregel.objects.filter(
            verplichting__in=verplichtingen,
            ingevoerd_door__isnull=False,
            ingevoerd_door__organisatie_id=F("verplichting__opdrachtnemer_id"),
        )
        .values_list("verplichting_id", "ingevoerd_door_id")
        .distinct()
    ):
        invoerders.setdefault(verplichting_id, set()).add(gebruiker_id)
    resultaat = {}
    for verplichting in verplichtingen:
        staf = medewerkers.get(verplichting.opdrachtnemer_id, [])
        eigen = [gebruiker for gebruiker in staf if gebruiker.pk in invoerders.get(verplichting.pk, set())]
        resultaat[verplichting.pk] = eigen or staf
    return resultaat


def _coordinator(verplichting: Verplichting) -> User | None:
    """The obligation's coordinator while active and working for the project's gemeente."""
    coordinator = verplichting.coordinator
    if coordinator.is_actief and coordinator.organisatie_id == verplichting.project.gemeente_id:
        return coordinator
    return None


def _verplichting_context(verplichting: Verplichting) -> dict:
    return {
        "verplichting": verplichting,
        "project": verplichting.project,
        "opdrachtnemer": verplichting.opdrachtnemer,
        "url": absolute_url(verplichting.get_absolute_url()),
    }


def rapportagemomenten(verplichting: Verplichting) -> list[datetime.date]:
    """Every `rapportage_maanden` months from the start of the term while inside it, and the last day of the term
    (the final report)."""
    momenten = []
    stap = 1
    while (moment := verplichting.looptijd_start + relativedelta(months=stap * verplichting.rapportage_maanden)) < (
        verplichting.looptijd_eind
    ):
        momenten.append(moment)
        stap += 1
    momenten.append(verplichting.looptijd_eind)
    return momenten


def rapportagemoment(verplichting: Verplichting, vandaag: datetime.date) -> datetime.date | None:
    """The reporting moment that is due on `vandaag`: the latest one on or before it, at most the window ago."""
    verleden = [moment for moment in rapportagemomenten(verplichting) if moment <= vandaag]
    if verleden and (vandaag - verleden[-1]).days <= RAPPORTAGE_VENSTER_DAGEN:
        return verleden[-1]
    return None


def rapportage_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Obligations with a reporting moment due (see `rapportagemoment`) on which no line was recorded since that
    moment, to the contractor's people; once per moment and person."""
    verplichtingen = list(
        Verplichting.objects.filter(
            looptijd_start__lt=vandaag,
            looptijd_eind__gte=vandaag - datetime.timedelta(days=RAPPORTAGE_VENSTER_DAGEN),
            geanonimiseerd_op__isnull=True,
        )
        .annotate(laatst_ingevoerd=Max("inzet__ingevoerd_op"))
        .select_related(*_VERPLICHTING_VELDEN)
        .order_by("pk")
    )
    momenten = {}
    for verplichting in verplichtingen:
        moment = rapportagemoment(verplichting, vandaag)
        laatst = verplichting.laatst_ingevoerd
        if moment is not None and (laatst is None or timezone.localdate(laatst) < moment):
            momenten[verplichting.pk] = moment
    te_doen = [verplichting for verplichting in verplichtingen if verplichting.pk in momenten]
    gehad = _gehad(RAPPORTAGE, Verplichting, te_doen, vanaf=momenten)
    ontvangers = contactpersonen(te_doen)
    for verplichting in te_doen:
        moment = momenten[verplichting.pk]
        context = {
            **_verplichting_context(verplichting),
            "moment": moment,
            "eind": moment == verplichting.looptijd_eind,
            "url": absolute_url(reverse("sroi:inzet_nieuw", kwargs={"pk": verplichting.pk})),
            "verplichting_url": absolute_url(verplichting.get_absolute_url()),
        }
        for gebruiker in ontvangers[verplichting.pk]:
            if (verplichting.pk, gebruiker.pk) not in gehad:
                yield Aanleiding(gebruiker, verplichting, context)


def waarschuwing_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Open warnings, to the obligation's coordinator and the contractor's people; once per warning and person."""
    waarschuwingen = list(
        Waarschuwing.objects.filter(opgelost_op__isnull=True, sinds__lte=vandaag)
        .select_related("verplichting__coordinator", *(f"verplichting__{veld}" for veld in _VERPLICHTING_VELDEN))
        .order_by("pk")
    )
    gehad = _gehad(WAARSCHUWING, Waarschuwing, waarschuwingen)
    ontvangers = contactpersonen(list({w.verplichting_id: w.verplichting for w in waarschuwingen}.values()))
    for waarschuwing in waarschuwingen:
        verplichting = waarschuwing.verplichting
        coordinator = _coordinator(verplichting)
        personen = ([coordinator] if coordinator else []) + ontvangers[verplichting.pk]
        for gebruiker in personen:
            if (waarschuwing.pk, gebruiker.pk) not in gehad:
                context = {
                    **_verplichting_context(verplichting),
                    "waarschuwing": waarschuwing,
                    "als_coordinator": gebruiker == coordinator,
                }
                yield Aanleiding(gebruiker, waarschuwing, context)


def afgewezen_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Lines rejected in the last days, to the person who recorded the line while active and still working for the
    contractor; once per rejection (a line rejected again later is mailed again)."""
    regels = list(
        Inzetregel.objects.filter(
            status=Inzetregel.Status.AFGEWEZEN,
            beoordeeld_op__date__gte=vandaag - datetime.timedelta(days=AFGEWEZEN_VENSTER_DAGEN),
            beoordeeld_op__date__lte=vandaag,
            ingevoerd_door__status=User.Status.ACTIEF,
            ingevoerd_door__organisatie_id=F("verplichting__opdrachtnemer_id"),
        )
        .select_related(
            "bouwblok", "kandidaat", "ingevoerd_door", *(f"verplichting__{veld}" for veld in _VERPLICHTING_VELDEN)
        )
        .order_by("pk")
    )
    gehad = _gehad(
        AFGEWEZEN, Inzetregel, regels, vanaf={regel.pk: timezone.localdate(regel.beoordeeld_op) for regel in regels}
    )
    for regel in regels:
        if (regel.pk, regel.ingevoerd_door_id) not in gehad:
            context = {
                **_verplichting_context(regel.verplichting),
                "regel": regel,
                "url": absolute_url(reverse("sroi:inzet", kwargs={"pk": regel.pk})),
            }
            yield Aanleiding(regel.ingevoerd_door, regel, context)
