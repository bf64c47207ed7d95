"""Writes of the kennisbank: items with their themes, tags, related items and attachments (checked by content before
anything is stored, no orphan file when a save fails), the search index, the "nuttig" vote and the view count."""

import datetime
import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log, momentopname
from kring.markdown import weiger_actieve_html
from kring.models import User
from werkgroepen import zoeken
from werkgroepen.models import Bijlage, Kennisitem, NuttigStem, Tag, Thema, Werkgroep
from werkgroepen.permissions import mag_gemeente_intern_kiezen, mag_kennis_delen, mag_kennisitem_bewerken
from werkgroepen.selectors.kennisbank import kennisitem_list
from werkgroepen.uploads import Gecontroleerd, controleer_upload, opruimen_bij_fout

Zichtbaarheid = Kennisitem.Zichtbaarheid
PRAKTIJK_VELDEN = zoeken.PRAKTIJK_VELDEN
VERPLICHT_BIJ_PRAKTIJK = ("uitdaging", "aanpak")
MAX_TAGS = 15
TAG_LENGTE = Tag._meta.get_field("naam").max_length
MAX_BIJLAGEN = 20
# The ids of the items a session has seen, for counting a view once per session; the oldest drop off.
GEZIEN_SESSIE = "kennisbank_gezien"
GEZIEN_MAX = 500


@dataclass(frozen=True)
class KennisitemInhoud:
    """What a member writes in an item. The praktijk fields only count for a praktijkvoorbeeld."""

    soort: str
    titel: str
    samenvatting: str
    zichtbaarheid: str
    inhoud: str = ""
    uitdaging: str = ""
    aanpak: str = ""
    bijzonder: str = ""
    voordelen: str = ""
    nadelen: str = ""
    lessen: str = ""
    werkgroep: Werkgroep | None = None
    themas: Sequence[Thema] = ()
    tags: Sequence[str] = ()
    gerelateerd: Sequence[Kennisitem] = ()
    herzien_voor: datetime.date | None = None

    @property
    def is_praktijkvoorbeeld(self) -> bool:
        return self.soort == Kennisitem.Soort.PRAKTIJKVOORBEELD


def standaard_herzien_voor() -> datetime.date:
    """A new item is reviewed within a year."""
    vandaag = timezone.localdate()
    try:
        return vandaag.replace(year=vandaag.year + 1)
    except ValueError:  # 29 February
        return vandaag + datetime.timedelta(days=365)


def tags_normaliseren(namen: Sequence[str]) -> list[str]:
    """Lowercase, single spaces, no leading '#', no duplicates; refuses too long or too many tags."""
    tags = list(dict.fromkeys(re.sub(r"\s+", " ", naam).strip().lstrip("#").strip().lower() for naam in namen))
    tags = [tag for tag in tags if tag]
    fouten = [
        _("De tag ‘%(tag)s’ is te lang: hoogstens %(max)s tekens.") % {"tag": tag[:30] + "…", "max": TAG_LENGTE}
        for tag in tags
        if len(tag) > TAG_LENGTE
    ]
    if len(tags) > MAX_TAGS:
        fouten.append(_("Geef hoogstens %(max)s tags.") % {"max": MAX_TAGS})
    if fouten:
        raise ValidationError({"tags": fouten})
    return tags


def _fouten(kennisitem: Kennisitem, oud: Kennisitem | None, inhoud: KennisitemInhoud, door: User) -> dict:
    """Every reason to refuse `inhoud`, by form field; `oud` is the item as stored (None for a new one)."""
    fouten: dict[str, list[str]] = {}

    def fout(veld, tekst):
        fouten.setdefault(veld, []).append(tekst)

    if inhoud.zichtbaarheid == Zichtbaarheid.WERKGROEP and inhoud.werkgroep is None:
        fout("werkgroep", _("Kies de werkgroep waarvan de leden dit item mogen zien."))
    was_intern = oud is not None and oud.zichtbaarheid == Zichtbaarheid.GEMEENTE
    if inhoud.zichtbaarheid == Zichtbaarheid.GEMEENTE and not (was_intern or mag_gemeente_intern_kiezen(door)):
        fout("zichtbaarheid", _("Alleen medewerkers van een gemeente kunnen een item gemeente-intern maken."))
    nieuwe_werkgroep = inhoud.werkgroep is not None and (oud is None or oud.werkgroep_id != inhoud.werkgroep.pk)
    if nieuwe_werkgroep and inhoud.werkgroep.is_gesloten:
        fout(
            "werkgroep",
            _("De werkgroep %(naam)s is gesloten; kies een lopende werkgroep.") % {"naam": inhoud.werkgroep},
        )
    nieuwe_datum = oud is None or oud.herzien_voor != inhoud.herzien_voor
    if nieuwe_datum and inhoud.herzien_voor is not None and inhoud.herzien_voor <= timezone.localdate():
        fout("herzien_voor", _("Kies een datum in de toekomst om het item opnieuw te bekijken."))
    if inhoud.is_praktijkvoorbeeld:
        for veld in VERPLICHT_BIJ_PRAKTIJK:
            if not getattr(inhoud, veld).strip():
                fout(veld, _("Een praktijkvoorbeeld beschrijft de uitdaging en de aanpak; vul dit veld in."))
    # Every text the item shows, its tags too (the praktijk fields only count for a praktijkvoorbeeld).
    velden = ("titel", "samenvatting", "inhoud", *(PRAKTIJK_VELDEN if inhoud.is_praktijkvoorbeeld else ()))
    teksten = {veld: getattr(inhoud, veld) for veld in velden} | {"tags": "\n".join(inhoud.tags)}
    for veld, tekst in teksten.items():
        try:
            weiger_actieve_html(tekst)
        except ValidationError as onveilig:
            fout(veld, onveilig.messages[0])
    gekozen = {item.pk for item in inhoud.gerelateerd}
    zichtbaar = set(kennisitem_list(user=door).filter(pk__in=gekozen).values_list("pk", flat=True))
    if kennisitem.pk in gekozen or gekozen - zichtbaar:
        fout("gerelateerd", _("Kies alleen andere items die u zelf kunt zien."))
    return fouten


def _controleer_bijlagen(bestanden: Sequence[UploadedFile], fouten: dict) -> list[Gecontroleerd]:
    gecontroleerd = []
    for bestand in bestanden:
        try:
            gecontroleerd.append(controleer_upload(bestand))
        except ValidationError as fout:
            fouten.setdefault("bijlagen", []).extend(fout.messages)
    return gecontroleerd


def _bijlage_opslaan(
    kennisitem: Kennisitem, gecontroleerd: Gecontroleerd, door: User, opgeslagen: list[str]
) -> Bijlage:
    bijlage = Bijlage(
        kennisitem=kennisitem,
        naam=gecontroleerd.naam,
        mime_type=gecontroleerd.mime_type,
        grootte=gecontroleerd.grootte,
        sha256=gecontroleerd.sha256,
        geupload_door=door,
    )
    # `bijlage_pad` names the file on disk at random; the member's name is only kept in `naam`.
    bijlage.bestand.save(gecontroleerd.naam, gecontroleerd.bestand, save=False)
    opgeslagen.append(bijlage.bestand.name)
    bijlage.full_clean()
    bijlage.save()
    return bijlage


def _verwijder_bijlage(bijlage: Bijlage) -> None:
    """The row now, the file once the deletion is committed (a rollback keeps both)."""
    naam, storage = bijlage.bestand.name, bijlage.bestand.storage
    bijlage.delete()
    transaction.on_commit(lambda: storage.delete(naam))


def _momentopname(kennisitem: Kennisitem) -> dict:
    """The item as the audit log records it, read from the database."""
    return {
        **momentopname(kennisitem, ["soort", "titel", "zichtbaarheid", "werkgroep", "herzien_voor"]),
        "themas": sorted(Thema.objects.filter(kennisitems=kennisitem).values_list("naam", flat=True)),
        "tags": sorted(Tag.objects.filter(kennisitems=kennisitem).values_list("naam", flat=True)),
        "bijlagen": sorted(Bijlage.objects.filter(kennisitem=kennisitem).values_list("naam", flat=True)),
    }


def _bewaar(
    kennisitem: Kennisitem,
    *,
    inhoud: KennisitemInhoud,
    bijlagen: Sequence[UploadedFile],
    bijlagen_weg: Sequence[Bijlage],
    door: User,
    request: HttpRequest | None,
) -> Kennisitem:
    """One transaction, in which everything (item, tags, uploads) is validated before the first write; files stored
    in it are deleted again when it fails."""
    with opruimen_bij_fout(Bijlage.bestand.field.storage) as opgeslagen, transaction.atomic():
        oud = Kennisitem.objects.select_for_update().get(pk=kennisitem.pk) if kennisitem.pk else None
        fouten = _fouten(kennisitem, oud, inhoud, door)
        try:
            tags = tags_normaliseren(inhoud.tags)
        except ValidationError as fout:
            fouten.update(fout.message_dict)
        gecontroleerd = _controleer_bijlagen(bijlagen, fouten)
        weg = {bijlage.pk for bijlage in bijlagen_weg}
        huidige = set(kennisitem.bijlagen.values_list("pk", flat=True)) if oud else set()
        if weg - huidige:
            fouten.setdefault("bijlagen_weg", []).append(_("Kies alleen bijlagen van dit item."))
        if len(huidige - weg) + len(gecontroleerd) > MAX_BIJLAGEN:
            fouten.setdefault("bijlagen", []).append(
                _("Een item heeft hoogstens %(max)s bijlagen.") % {"max": MAX_BIJLAGEN}
            )
        if fouten:
            raise ValidationError(fouten)

        voor = _momentopname(oud) if oud else None
        for veld in ("soort", "titel", "samenvatting", "inhoud", "werkgroep", "zichtbaarheid", "herzien_voor"):
            setattr(kennisitem, veld, getattr(inhoud, veld))
        for veld in PRAKTIJK_VELDEN:
            # Only a praktijkvoorbeeld has these parts; a form without JavaScript may still send them for another soort.
            setattr(kennisitem, veld, getattr(inhoud, veld) if inhoud.is_praktijkvoorbeeld else "")
        kennisitem.bijgewerkt_op = timezone.now()
        kennisitem.full_clean(exclude=["auteur", "organisatie"])
        kennisitem.save()

        kennisitem.themas.set(inhoud.themas)
        Tag.objects.bulk_create([Tag(naam=tag) for tag in tags], ignore_conflicts=True)
        kennisitem.tags.set(Tag.objects.filter(naam__in=tags))
        # Links to items the editor cannot see stay: they are someone else's to change.
        verborgen = kennisitem.gerelateerd.exclude(pk__in=kennisitem_list(user=door).values("pk"))
        kennisitem.gerelateerd.set([*inhoud.gerelateerd, *verborgen])
        for bijlage in Bijlage.objects.filter(kennisitem=kennisitem, pk__in=weg):
            _verwijder_bijlage(bijlage)
        for bestand in gecontroleerd:
            _bijlage_opslaan(kennisitem, bestand, door, opgeslagen)
        zoeken.zoekvector_bijwerken(kennisitem, labels=[*tags, *(thema.naam for thema in inhoud.themas)])
        audit_log(
            actie="kennisitem.gewijzigd" if oud else "kennisitem.aangemaakt",
            actor=door,
            obj=kennisitem,
            voor=voor,
            na=_momentopname(kennisitem),
            request=request,
        )
    return kennisitem


def _controleer_bewerkbaar(kennisitem: Kennisitem, door: User) -> None:
    """The item as stored decides (a bound form may have changed the werkgroep on `kennisitem` already): `door` must
    see it and be its author, a beheerder or a trekker of its werkgroep."""
    opgeslagen = kennisitem_list(user=door).filter(pk=kennisitem.pk).first()
    if opgeslagen is None or not mag_kennisitem_bewerken(door, opgeslagen):
        raise PermissionDenied


def kennisitem_create(
    *,
    inhoud: KennisitemInhoud,
    bijlagen: Sequence[UploadedFile] = (),
    door: User,
    request: HttpRequest | None = None,
) -> Kennisitem:
    """A new item by `door` (an active member), on behalf of their organisation."""
    if not mag_kennis_delen(door):
        raise PermissionDenied
    kennisitem = Kennisitem(auteur=door, organisatie=door.organisatie)
    return _bewaar(kennisitem, inhoud=inhoud, bijlagen=bijlagen, bijlagen_weg=(), door=door, request=request)


def kennisitem_update(
    *,
    kennisitem: Kennisitem,
    inhoud: KennisitemInhoud,
    bijlagen: Sequence[UploadedFile] = (),
    bijlagen_weg: Sequence[Bijlage] = (),
    door: User,
    request: HttpRequest | None = None,
) -> Kennisitem:
    """Change an item: its author, a beheerder or a trekker of its werkgroep. Adds `bijlagen`, removes `bijlagen_weg`."""
    _controleer_bewerkbaar(kennisitem, door)
    return _bewaar(kennisitem, inhoud=inhoud, bijlagen=bijlagen, bijlagen_weg=bijlagen_weg, door=door, request=request)


def bijlage_add(
    *, kennisitem: Kennisitem, bestand: UploadedFile, door: User, request: HttpRequest | None = None
) -> Bijlage:
    """One more attachment to an item `door` may edit (the demo data adds its document this way)."""
    _controleer_bewerkbaar(kennisitem, door)
    try:
        gecontroleerd = controleer_upload(bestand)
    except ValidationError as fout:
        raise ValidationError({"bijlagen": fout.messages}) from fout
    with opruimen_bij_fout(Bijlage.bestand.field.storage) as opgeslagen, transaction.atomic():
        bijlage = _bijlage_opslaan(kennisitem, gecontroleerd, door, opgeslagen)
        audit_log(
            actie="kennisitem.bijlage_toegevoegd",
            actor=door,
            obj=kennisitem,
            na={"bijlage": bijlage.naam, "sha256": bijlage.sha256},
            request=request,
        )
    return bijlage


@transaction.atomic
def kennisitem_toggle_nuttig(*, kennisitem: Kennisitem, door: User, request: HttpRequest | None = None) -> bool:
    """Vote "nuttig", or take the vote back: one vote per member per item, counted in `aantal_nuttig` in the same
    transaction. Returns whether `door` now finds the item useful."""
    if not mag_kennis_delen(door):
        raise PermissionDenied
    if kennisitem.auteur_id == door.pk:
        raise ValidationError(_("U kunt uw eigen item niet nuttig noemen; dat doen de anderen."))
    # The item's row lock puts two clicks of the same member (two tabs) one after the other.
    Kennisitem.objects.select_for_update().filter(pk=kennisitem.pk).first()
    verwijderd, _soorten = NuttigStem.objects.filter(kennisitem=kennisitem, gebruiker=door).delete()
    if verwijderd:
        Kennisitem.objects.filter(pk=kennisitem.pk, aantal_nuttig__gt=0).update(aantal_nuttig=F("aantal_nuttig") - 1)
    else:
        NuttigStem.objects.create(kennisitem=kennisitem, gebruiker=door)
        Kennisitem.objects.filter(pk=kennisitem.pk).update(aantal_nuttig=F("aantal_nuttig") + 1)
    audit_log(
        actie="kennisitem.nuttig_ingetrokken" if verwijderd else "kennisitem.nuttig",
        actor=door,
        obj=kennisitem,
        request=request,
    )
    return not verwijderd


def kennisitem_register_view(*, kennisitem: Kennisitem, door: User, sessie: MutableMapping) -> None:
    """Count a member's view once per session (not the author's own; visitors get no session cookie, so they are not
    counted). Not audited: reading is no business event."""
    gezien = sessie.get(GEZIEN_SESSIE, [])
    if not mag_kennis_delen(door) or kennisitem.auteur_id == door.pk or kennisitem.pk in gezien:
        return
    sessie[GEZIEN_SESSIE] = [*gezien, kennisitem.pk][-GEZIEN_MAX:]
    Kennisitem.objects.filter(pk=kennisitem.pk).update(aantal_bekeken=F("aantal_bekeken") + 1)
    kennisitem.aantal_bekeken += 1
