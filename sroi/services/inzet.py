"""Writes of SROI inzet: the contractor records lines (a pseudonymous candidate in a category, social purchasing, an
activity) with evidence; the obligation's coordinator validates or rejects each line with a reason.

Values come from sroi/waardering.py. A candidate's counted days under one category are capped (max_maanden), earlier
lines first in start order, so a new or rejected line can change the value of the same candidate's other lines in that
category: `kandidaat_herwaarderen` recomputes exactly those (rejected lines count for nothing), in the same
transaction, under a lock on the obligation. Nothing else depends on a line's value (the SR amount due does not), so
S2's `inzet_herwaarderen` is not needed here. The obligation's stored totals (`gerealiseerd`, `gevalideerd`) are
brought up to date (`verplichting_totalen_bijwerken`) in the same transaction by every write here.

Rejection is not mailed from here: the reminder kind "regel afgewezen" (sroi/herinneringen.py) tells the person who
entered the line. A rejected line is corrected by recording a new line."""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log
from kring.markdown import weiger_actieve_html
from kring.models import User
from sroi import waardering
from sroi.models import VOLTIJD_UREN, Bewijsstuk, Bouwblok, Inzetregel, Kandidaat, Verplichting
from sroi.permissions import mag_inzet_beoordelen, mag_inzet_registreren
from sroi.services.verplichtingen import verplichting_totalen_bijwerken
from sroi.validators import controleer_kandidaatcode, controleer_vrije_tekst
from werkgroepen.uploads import Gecontroleerd, controleer_upload, opruimen_bij_fout

Soort = Bouwblok.Soort
Status = Inzetregel.Status

MIN_UREN_PER_WEEK = Decimal("0.5")
MAX_BEWIJSSTUKKEN = 10
# A candidate who started up to a year before the contract may be counted (research §1.2, Den Haag's counting rules);
# nothing is counted after the obligation's term.
VOORLOOP_DAGEN = 365
MAX_REDEN = 2000
INVOERBARE_SOORTEN = (Soort.CATEGORIE, Soort.SOCIAAL_INKOPEN, Soort.ACTIVITEIT)


def _fouten_bij(fouten: dict, fout: ValidationError, veld: str) -> None:
    """Collect a ValidationError (with or without fields) under `veld`, or under its own fields."""
    if hasattr(fout, "error_dict"):
        for sleutel, berichten in fout.message_dict.items():
            fouten.setdefault(sleutel, []).extend(berichten)
    else:
        fouten.setdefault(veld, []).extend(fout.messages)


def _controleer_periode(verplichting: Verplichting, start, eind, fouten: dict) -> None:
    if start is None:
        fouten.setdefault("start", []).append(_("Vul de startdatum in."))
    if eind is None:
        fouten.setdefault("eind", []).append(_("Vul de einddatum in."))
    if start is None or eind is None:
        return
    if eind < start:
        fouten.setdefault("eind", []).append(_("De einddatum ligt vóór de startdatum."))
        return
    vroegst = verplichting.looptijd_start - datetime.timedelta(days=VOORLOOP_DAGEN)
    if start < vroegst:
        fouten.setdefault("start", []).append(
            _(
                "De startdatum ligt meer dan een jaar vóór de looptijd van de verplichting (vanaf %(start)s); "
                "die inzet telt niet mee."
            )
            % {"start": f"{verplichting.looptijd_start:%d-%m-%Y}"}
        )
    if eind > verplichting.looptijd_eind:
        fouten.setdefault("eind", []).append(
            _("De einddatum ligt na het einde van de looptijd (%(eind)s).")
            % {"eind": f"{verplichting.looptijd_eind:%d-%m-%Y}"}
        )


def _controleer_soortvelden(
    *,
    verplichting: Verplichting,
    soort: Bouwblok,
    kandidaat_code: str,
    uren_per_week,
    bonussen: Sequence[Bouwblok],
    bedrag,
    uren,
    fouten: dict,
) -> str:
    """The fields the line's soort needs, checked; returns the cleaned candidate code ("" for other soorten)."""
    code = ""
    if soort.soort == Soort.CATEGORIE:
        try:
            code = controleer_kandidaatcode(kandidaat_code)
        except ValidationError as fout:
            fouten.setdefault("kandidaat_code", []).extend(fout.messages)
        if uren_per_week is None:
            fouten.setdefault("uren_per_week", []).append(_("Vul het aantal uren per week in."))
        elif Decimal(uren_per_week) > VOLTIJD_UREN:
            fouten.setdefault("uren_per_week", []).append(
                _("%(uren)s uur per week is meer dan een volle week (36 uur). Vul hoogstens 36 uur in.")
                % {"uren": str(uren_per_week).replace(".", ",")}
            )
        elif Decimal(uren_per_week) < MIN_UREN_PER_WEEK:
            fouten.setdefault("uren_per_week", []).append(_("Vul minstens een half uur per week in."))
        for bonus in bonussen:
            if bonus.soort != Soort.BONUS or bonus.waardetabel_id != verplichting.waardetabel_id:
                fouten.setdefault("bonussen", []).append(
                    _("%(naam)s is geen bonus uit de waardetabel van deze verplichting.") % {"naam": bonus.naam}
                )
    elif bonussen:
        fouten.setdefault("bonussen", []).append(_("Een bonus hoort alleen bij een kandidaat in een doelgroep."))
    if soort.soort == Soort.SOCIAAL_INKOPEN and (bedrag is None or Decimal(bedrag) <= 0):
        fouten.setdefault("bedrag", []).append(_("Vul het factuurbedrag exclusief btw in (meer dan € 0)."))
    if soort.soort == Soort.ACTIVITEIT and (uren is None or Decimal(uren) <= 0):
        fouten.setdefault("uren", []).append(_("Vul het aantal uren van de activiteit in (meer dan 0)."))
    return code


def _controleer_bewijs(bewijs: Sequence[UploadedFile], fouten: dict) -> list[Gecontroleerd]:
    if len(bewijs) > MAX_BEWIJSSTUKKEN:
        fouten.setdefault("bewijs", []).append(
            _("Voeg hoogstens %(max)s bewijsstukken per regel toe.") % {"max": MAX_BEWIJSSTUKKEN}
        )
        return []
    gecontroleerd = []
    for bestand in bewijs:
        try:
            gecontroleerd.append(controleer_upload(bestand))
        except ValidationError as fout:
            fouten.setdefault("bewijs", []).extend(fout.messages)
    return gecontroleerd


def kandidaat_herwaarderen(*, verplichting: Verplichting, kandidaat: Kandidaat, bouwblok: Bouwblok) -> None:
    """Recompute the values of one candidate's lines under one category on one obligation, in start order, so the
    cap of `max_maanden` is used up by the earliest lines (rejected lines count for nothing and keep their value).
    Call inside the transaction that changed a line, after locking the obligation."""
    regels = list(
        Inzetregel.objects.filter(verplichting=verplichting, kandidaat=kandidaat, bouwblok=bouwblok)
        .exclude(status=Status.AFGEWEZEN)
        .select_related("bouwblok")
        .prefetch_related("bonussen")
    )
    gewijzigd = []
    for regel, waarde, _dagen in waardering.regels_waarderen(regels):
        if regel.waarde != waarde:
            regel.waarde = waarde
            gewijzigd.append(regel)
    Inzetregel.objects.bulk_update(gewijzigd, ["waarde"])
    verplichting_totalen_bijwerken(verplichting=verplichting)


def _momentopname(regel: Inzetregel, aantal_bewijs: int) -> dict:
    """What the audit log keeps of a line: no free text (omschrijving, file names), the candidate by code only."""
    return {
        "soort": regel.bouwblok.code,
        "kandidaat": regel.kandidaat.code if regel.kandidaat else None,
        "start": str(regel.start),
        "eind": str(regel.eind),
        "uren_per_week": str(regel.uren_per_week) if regel.uren_per_week is not None else None,
        "bonussen": sorted(bonus.code for bonus in regel.bonussen.all()),
        "bedrag": str(regel.bedrag) if regel.bedrag is not None else None,
        "uren": str(regel.uren) if regel.uren is not None else None,
        "waarde": str(regel.waarde),
        "bewijsstukken": aantal_bewijs,
        "status": regel.status,
    }


def inzet_create(
    *,
    verplichting: Verplichting,
    soort: Bouwblok,
    kandidaat_code: str = "",
    start: datetime.date | None,
    eind: datetime.date | None,
    uren_per_week: Decimal | None = None,
    bonussen: Sequence[Bouwblok] = (),
    bedrag: Decimal | None = None,
    uren: Decimal | None = None,
    omschrijving: str = "",
    bewijs: Sequence[UploadedFile] = (),
    door: User,
    request: HttpRequest | None = None,
) -> Inzetregel:
    """A new line on `verplichting`, recorded by staff of its opdrachtnemer, valued from the obligation's table and
    submitted for validation. Everything is checked before the first write; any fault: a Dutch ValidationError (per
    field where there is one) and nothing saved, no file left behind."""
    if not mag_inzet_registreren(door, verplichting):
        raise ValidationError(
            _(
                "Uw organisatie heeft dit project niet: u kunt alleen inzet registreren op verplichtingen van uw eigen "
                "organisatie."
            ),
            code="geen_opdrachtnemer",
        )
    if verplichting.geanonimiseerd_op is not None:
        raise ValidationError(
            _("De kandidaatgegevens van deze verplichting zijn geanonimiseerd; er kan geen inzet meer bij."),
            code="geanonimiseerd",
        )
    fouten: dict[str, list[str]] = {}
    bonussen = list(bonussen)
    if soort.waardetabel_id != verplichting.waardetabel_id:
        fouten.setdefault("soort", []).append(
            _("%(naam)s staat niet in de waardetabel van deze verplichting (%(tabel)s).")
            % {"naam": soort.naam, "tabel": verplichting.waardetabel.naam}
        )
    elif soort.soort not in INVOERBARE_SOORTEN:
        fouten.setdefault("soort", []).append(
            _("%(naam)s is geen eigen regel: kies een doelgroep, sociaal inkopen of een activiteit.")
            % {"naam": soort.naam}
        )
    else:
        kandidaat_code = _controleer_soortvelden(
            verplichting=verplichting,
            soort=soort,
            kandidaat_code=kandidaat_code,
            uren_per_week=uren_per_week,
            bonussen=bonussen,
            bedrag=bedrag,
            uren=uren,
            fouten=fouten,
        )
    _controleer_periode(verplichting, start, eind, fouten)
    omschrijving = (omschrijving or "").strip()
    if len(omschrijving) > Inzetregel._meta.get_field("omschrijving").max_length:
        fouten.setdefault("omschrijving", []).append(_("De omschrijving is hoogstens 300 tekens."))
    for controle in (weiger_actieve_html, controleer_vrije_tekst):
        try:
            controle(omschrijving)
        except ValidationError as fout:
            _fouten_bij(fouten, fout, "omschrijving")
    gecontroleerd = _controleer_bewijs(bewijs, fouten)
    if fouten:
        raise ValidationError(fouten)

    is_kandidaatregel = soort.soort == Soort.CATEGORIE
    with opruimen_bij_fout(Bewijsstuk.bestand.field.storage) as opgeslagen, transaction.atomic():
        # One writer per obligation at a time: the cap of a candidate's months is shared between lines.
        Verplichting.objects.select_for_update().filter(pk=verplichting.pk).first()
        kandidaat = None
        if is_kandidaatregel:
            kandidaat, _nieuw = Kandidaat.objects.get_or_create(
                opdrachtnemer_id=verplichting.opdrachtnemer_id, code=kandidaat_code
            )
            if kandidaat.geanonimiseerd:
                raise ValidationError({"kandidaat_code": _("Deze kandidaat is geanonimiseerd; kies een nieuwe code.")})
        regel = Inzetregel(
            verplichting=verplichting,
            bouwblok=soort,
            kandidaat=kandidaat,
            start=start,
            eind=eind,
            uren_per_week=uren_per_week if is_kandidaatregel else None,
            bedrag=bedrag if soort.soort == Soort.SOCIAAL_INKOPEN else None,
            uren=uren if soort.soort == Soort.ACTIVITEIT else None,
            omschrijving=omschrijving,
            status=Status.INGEDIEND,
            ingevoerd_door=door,
            ingevoerd_op=timezone.now(),
        )
        regel.waarde, _dagen = waardering.regel_waarde(regel=regel, bonussen=bonussen if is_kandidaatregel else [])
        regel.full_clean()
        regel.save()
        if is_kandidaatregel:
            regel.bonussen.set(bonussen)
            kandidaat_herwaarderen(verplichting=verplichting, kandidaat=kandidaat, bouwblok=soort)
            regel.refresh_from_db(fields=["waarde"])
        else:
            verplichting_totalen_bijwerken(verplichting=verplichting)
        for bestand in gecontroleerd:
            bewijsstuk = Bewijsstuk(
                inzetregel=regel,
                naam=bestand.naam,
                inhoudstype=bestand.mime_type,
                grootte=bestand.grootte,
                geupload_door=door,
            )
            bewijsstuk.bestand.save("bewijs", bestand.bestand, save=False)
            opgeslagen.append(bewijsstuk.bestand.name)
            bewijsstuk.save()
        audit_log(
            actie="sroi.inzet_ingediend",
            actor=door,
            obj=regel,
            na=_momentopname(regel, len(gecontroleerd)),
            request=request,
        )
    return regel


def _beoordeel(*, regel: Inzetregel, door: User, nieuw: str, reden: str, request: HttpRequest | None) -> Inzetregel:
    if not mag_inzet_beoordelen(door, regel.verplichting):
        raise PermissionDenied
    with transaction.atomic():
        Verplichting.objects.select_for_update().filter(pk=regel.verplichting_id).first()
        opgeslagen = Inzetregel.objects.select_for_update().get(pk=regel.pk)
        if opgeslagen.status != Status.INGEDIEND:
            raise ValidationError(
                _("Deze regel is al %(status)s; alleen een regel die ter validatie staat kunt u beoordelen.")
                % {"status": opgeslagen.get_status_display().lower()},
                code="al_beoordeeld",
            )
        voor = {"status": opgeslagen.status}
        opgeslagen.status = nieuw
        opgeslagen.reden_afwijzing = reden
        opgeslagen.beoordeeld_door = door
        opgeslagen.beoordeeld_op = timezone.now()
        opgeslagen.save(update_fields=["status", "reden_afwijzing", "beoordeeld_door", "beoordeeld_op"])
        if nieuw == Status.AFGEWEZEN and opgeslagen.kandidaat_id is not None:
            # The rejected line no longer uses up the candidate's months; later lines may count more.
            kandidaat_herwaarderen(
                verplichting=regel.verplichting, kandidaat=opgeslagen.kandidaat, bouwblok=opgeslagen.bouwblok
            )
        else:
            verplichting_totalen_bijwerken(verplichting=regel.verplichting)
        # The reason is free text and stays on the line; the log records the decision.
        audit_log(
            actie="sroi.inzet_gevalideerd" if nieuw == Status.GEVALIDEERD else "sroi.inzet_afgewezen",
            actor=door,
            obj=opgeslagen,
            voor=voor,
            na={"status": nieuw},
            request=request,
        )
    for veld in ("status", "reden_afwijzing", "beoordeeld_door", "beoordeeld_op"):
        setattr(regel, veld, getattr(opgeslagen, veld))
    return regel


def inzet_valideren(*, regel: Inzetregel, door: User, request: HttpRequest | None = None) -> Inzetregel:
    """The coordinator (or a beheerder) accepts a line that is ter validatie; its value then counts as validated."""
    return _beoordeel(regel=regel, door=door, nieuw=Status.GEVALIDEERD, reden="", request=request)


def inzet_afwijzen(*, regel: Inzetregel, reden: str, door: User, request: HttpRequest | None = None) -> Inzetregel:
    """The coordinator (or a beheerder) rejects a line that is ter validatie, with a reason the contractor reads. The
    contractor corrects it by recording a new line."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef een reden van afwijzing: de opdrachtnemer leest die.")})
    if len(reden) > MAX_REDEN:
        raise ValidationError({"reden": _("De reden is hoogstens %(max)s tekens.") % {"max": MAX_REDEN}})
    weiger_actieve_html(reden, "reden")
    controleer_vrije_tekst(reden, "reden")
    return _beoordeel(regel=regel, door=door, nieuw=Status.AFGEWEZEN, reden=reden, request=request)
