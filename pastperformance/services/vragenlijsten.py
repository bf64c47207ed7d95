"""Writes of the questionnaires and the kring's policy: a new version as a concept copy, editing a concept with its
criteria, establishing it (the previous version of its direction is then replaced) and deleting an unused concept;
changing the policy. Ratings keep the version they started with: they point at it, and a version in use never
changes."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, momentopname, wijzigingen
from kring.markdown import weiger_actieve_html
from kring.models import User
from pastperformance.models import Beleid, Criterium, Richting, Vragenlijst
from pastperformance.permissions import mag_beleid_wijzigen, mag_vragenlijsten_beheren

Status = Vragenlijst.Status

MIN_CRITERIA = 3
MAX_CRITERIA = 12

VRAGENLIJST_VELDEN = ("naam", "toelichting", "label_1", "label_4", "label_7", "label_10")
CRITERIUM_VELDEN = ("code", "naam", "toelichting", "volgorde", "nvt_toegestaan")
GRONDSLAG_VERPLICHT = gettext_lazy(
    "Leg de grondslag vast voordat beoordelingen bij selectie mogen meetellen: het besluit, de datum en de juridische "
    "basis."
)
BELEID_VELDEN = (
    "gebruik_voor_selectie",
    "grondslag",
    "minimum_n",
    "venster_maanden",
    "onthulling_dagen",
    "reactie_dagen",
    "verlenging_dagen",
    "tussentijds_maanden",
    "eindronde_dagen",
)


@dataclass(frozen=True)
class CriteriumGegevens:
    """One criterion as the beheerder wants it in the concept."""

    code: str
    naam: str
    toelichting: str = ""
    volgorde: int = 0
    nvt_toegestaan: bool = True


@dataclass(frozen=True)
class VragenlijstInhoud:
    """What a beheerder edits in a concept: the texts, the scale labels and the whole set of criteria."""

    naam: str
    toelichting: str
    label_1: str
    label_4: str
    label_7: str
    label_10: str
    criteria: Sequence[CriteriumGegevens]


def _eis_beheerder(door: User) -> None:
    if not mag_vragenlijsten_beheren(door):
        raise PermissionDenied


def _vergrendel_richting(richting: str) -> list[Vragenlijst]:
    """All versions of one direction, locked until the transaction ends: copies and establishing wait for each other,
    so a direction never gets two concepts or two established versions."""
    return list(Vragenlijst.objects.select_for_update().filter(richting=richting).order_by("versie"))


def _richting_label(richting: str) -> str:
    return str(Richting(richting).label)


def eis_bewerkbaar(vragenlijst: Vragenlijst) -> None:
    """Raise a Dutch ValidationError unless `vragenlijst` may change: only a concept no rating uses does; a version in
    use is succeeded by a new one."""
    if vragenlijst.status != Status.CONCEPT:
        raise ValidationError(
            _(
                "Versie %(versie)s van “%(richting)s” is %(status)s en ligt daarmee vast: beoordelingen gebruiken "
                "haar zoals ze is. Maak een nieuwe versie om iets te veranderen."
            )
            % {
                "versie": vragenlijst.versie,
                "richting": _richting_label(vragenlijst.richting),
                "status": vragenlijst.get_status_display().lower(),
            }
        )
    gebruikt = vragenlijst.beoordelingen.count()
    if gebruikt:
        raise ValidationError(
            _("Dit concept wordt al door %(aantal)s beoordeling(en) gebruikt en kan niet meer veranderen.")
            % {"aantal": gebruikt}
        )


def _stand(vragenlijst: Vragenlijst) -> dict:
    """The editable content of a version, for the audit log."""
    return {
        **momentopname(vragenlijst, ("richting", "versie", "status", *VRAGENLIJST_VELDEN)),
        "criteria": [
            {veld: getattr(criterium, veld) for veld in CRITERIUM_VELDEN}
            for criterium in Criterium.objects.filter(vragenlijst=vragenlijst).order_by("volgorde", "pk")
        ],
    }


# --- A new version ---------------------------------------------------------------------------------------------------


@transaction.atomic
def vragenlijst_nieuwe_versie(*, bron: Vragenlijst, door: User, request: HttpRequest | None = None) -> Vragenlijst:
    """A new concept of `bron`'s direction: a copy of `bron` (established or replaced) with its criteria and the next
    version number. Refused while the direction already has a concept: edit that one."""
    _eis_beheerder(door)
    versies = _vergrendel_richting(bron.richting)
    bron = next(versie for versie in versies if versie.pk == bron.pk)
    if bron.status == Status.CONCEPT:
        raise ValidationError(_("Dit is zelf een concept: bewerk het, een kopie is niet nodig."))
    concept = next((versie for versie in versies if versie.status == Status.CONCEPT), None)
    if concept is not None:
        raise ValidationError(
            _(
                "Voor “%(richting)s” is er al een concept: versie %(versie)s. Bewerk dat concept of verwijder het eerst."
            )
            % {"richting": _richting_label(bron.richting), "versie": concept.versie}
        )
    nieuw = Vragenlijst(
        richting=bron.richting,
        versie=max(versie.versie for versie in versies) + 1,
        status=Status.CONCEPT,
        **{veld: getattr(bron, veld) for veld in VRAGENLIJST_VELDEN},
    )
    nieuw.full_clean(validate_constraints=False)  # the version number's uniqueness is the insert's job, just below
    try:
        with transaction.atomic():
            nieuw.save()
    except IntegrityError:
        # Without row locks (SQLite) a double click passes the checks above; the unique version number stops it.
        raise ValidationError(
            _("Er is zojuist al een nieuwe versie van “%(richting)s” gemaakt. Ververs de pagina.")
            % {"richting": _richting_label(bron.richting)}
        ) from None
    Criterium.objects.bulk_create(
        Criterium(vragenlijst=nieuw, **{veld: getattr(criterium, veld) for veld in CRITERIUM_VELDEN})
        for criterium in bron.criteria.order_by("volgorde", "pk")
    )
    audit_log(
        actie="vragenlijst.aangemaakt",
        actor=door,
        obj=nieuw,
        na={**_stand(nieuw), "gebaseerd_op_versie": bron.versie},
        request=request,
    )
    return nieuw


# --- Editing a concept -----------------------------------------------------------------------------------------------


def _criterium_fout(criterium: CriteriumGegevens, tekst: str) -> str:
    # Shown above the form, so each message names the criterion it is about.
    return _("Criterium “%(naam)s”: %(fout)s") % {"naam": criterium.naam.strip() or criterium.code, "fout": tekst}


def _controleer_criteria(criteria: Sequence[CriteriumGegevens]) -> list[CriteriumGegevens]:
    """The criteria cleaned (codes in lower case, volgorde 1, 2, 3 … in the order asked), or a Dutch ValidationError
    listing everything that is wrong."""
    fouten = []
    if not MIN_CRITERIA <= len(criteria) <= MAX_CRITERIA:
        fouten.append(
            _("Een vragenlijst heeft minstens %(min)s en hoogstens %(max)s criteria; deze heeft er %(aantal)s.")
            % {"min": MIN_CRITERIA, "max": MAX_CRITERIA, "aantal": len(criteria)}
        )
    schoon = []
    for criterium in criteria:
        code = criterium.code.strip().lower()
        if not code:
            fouten.append(_criterium_fout(criterium, _("geef een code.")))
        else:
            try:
                validate_slug(code)
            except ValidationError:
                fouten.append(
                    _criterium_fout(
                        criterium,
                        _("de code “%(code)s” mag alleen letters, cijfers, - en _ bevatten, zonder spaties.")
                        % {"code": code},
                    )
                )
        if not criterium.naam.strip():
            fouten.append(_criterium_fout(criterium, _("geef een naam.")))
        for tekst in (criterium.naam, criterium.toelichting):
            try:
                weiger_actieve_html(tekst)
            except ValidationError as fout:
                fouten.append(_criterium_fout(criterium, fout.messages[0]))
        schoon.append(
            CriteriumGegevens(
                code=code,
                naam=criterium.naam.strip(),
                toelichting=criterium.toelichting.strip(),
                volgorde=criterium.volgorde,
                nvt_toegestaan=criterium.nvt_toegestaan,
            )
        )
    codes = [criterium.code for criterium in schoon if criterium.code]
    dubbel = sorted({code for code in codes if codes.count(code) > 1})
    if dubbel:
        fouten.append(
            _(
                "Elke code komt één keer voor in een versie (de code koppelt een criterium aan de zelfbeoordeling en "
                "aan eerdere versies); deze komt vaker voor: %(codes)s."
            )
            % {"codes": ", ".join(dubbel)}
        )
    if fouten:
        raise ValidationError(fouten)
    # Stable: criteria with the same volgorde keep the order in which they were given.
    geordend = sorted(schoon, key=lambda criterium: criterium.volgorde)
    return [replace(criterium, volgorde=volgorde) for volgorde, criterium in enumerate(geordend, start=1)]


def _schrijf_criteria(vragenlijst: Vragenlijst, criteria: Sequence[CriteriumGegevens]) -> None:
    nieuw = [Criterium(vragenlijst=vragenlijst, **asdict(criterium)) for criterium in criteria]
    for criterium, gegevens in zip(nieuw, criteria, strict=True):
        try:
            criterium.full_clean(validate_constraints=False)  # codes were checked to be unique above
        except ValidationError as fout:
            raise ValidationError([_criterium_fout(gegevens, tekst) for tekst in fout.messages]) from None
    # A concept no rating uses has no scores pointing at its criteria, so the new set simply replaces the old one; in
    # place, swapping two codes would trip the unique code per version halfway.
    Criterium.objects.filter(vragenlijst=vragenlijst).delete()
    Criterium.objects.bulk_create(nieuw)


@transaction.atomic
def vragenlijst_wijzigen(
    *, vragenlijst: Vragenlijst, inhoud: VragenlijstInhoud, door: User, request: HttpRequest | None = None
) -> Vragenlijst:
    """Change a concept: its texts, scale labels and criteria. `inhoud.criteria` is the whole new set (3 to 12, each
    code once); criteria left out are removed."""
    _eis_beheerder(door)
    vragenlijst = Vragenlijst.objects.select_for_update().get(pk=vragenlijst.pk)
    eis_bewerkbaar(vragenlijst)
    teksten = {veld: str(getattr(inhoud, veld)).strip() for veld in VRAGENLIJST_VELDEN}
    for veld, tekst in teksten.items():
        weiger_actieve_html(tekst, veld=veld)
    criteria = _controleer_criteria(inhoud.criteria)
    voor = _stand(vragenlijst)
    for veld, tekst in teksten.items():
        setattr(vragenlijst, veld, tekst)
    vragenlijst.full_clean()
    vragenlijst.save()
    _schrijf_criteria(vragenlijst, criteria)
    voor, na = wijzigingen(voor, _stand(vragenlijst))
    if na:
        audit_log(actie="vragenlijst.gewijzigd", actor=door, obj=vragenlijst, voor=voor, na=na, request=request)
    return vragenlijst


# --- Establishing and deleting ---------------------------------------------------------------------------------------


@transaction.atomic
def vragenlijst_vaststellen(
    *, vragenlijst: Vragenlijst, door: User, request: HttpRequest | None = None
) -> Vragenlijst:
    """The concept becomes the version new ratings of its direction use; the version established until now becomes
    vervangen. Ratings already made keep their version. A mismatch of criterion codes with the mirror direction is
    allowed (the page warns before the button): such a criterion simply has no perception gap."""
    _eis_beheerder(door)
    versies = _vergrendel_richting(vragenlijst.richting)
    vragenlijst = next(versie for versie in versies if versie.pk == vragenlijst.pk)
    eis_bewerkbaar(vragenlijst)
    aantal = vragenlijst.criteria.count()
    if not MIN_CRITERIA <= aantal <= MAX_CRITERIA:
        raise ValidationError(
            _("Een vragenlijst heeft minstens %(min)s en hoogstens %(max)s criteria; deze heeft er %(aantal)s.")
            % {"min": MIN_CRITERIA, "max": MAX_CRITERIA, "aantal": aantal}
        )
    vragenlijst.full_clean(validate_constraints=False)
    nu = timezone.now()
    vorige = next((versie for versie in versies if versie.status == Status.VASTGESTELD), None)
    if vorige is not None:
        # First, or the one-established-version-per-direction constraint would see two for a moment.
        vorige.status = Status.VERVANGEN
        vorige.save(update_fields=["status"])
        audit_log(
            actie="vragenlijst.vervangen",
            actor=door,
            obj=vorige,
            voor={"status": Status.VASTGESTELD},
            na={"status": Status.VERVANGEN, "vervangen_door_versie": vragenlijst.versie},
            request=request,
        )
    vragenlijst.status = Status.VASTGESTELD
    vragenlijst.vastgesteld_op = nu
    vragenlijst.save(update_fields=["status", "vastgesteld_op"])
    audit_log(
        actie="vragenlijst.vastgesteld",
        actor=door,
        obj=vragenlijst,
        voor={"status": Status.CONCEPT},
        na={"status": Status.VASTGESTELD, "vervangt_versie": vorige.versie if vorige else None},
        request=request,
    )
    return vragenlijst


@transaction.atomic
def vragenlijst_verwijderen(*, vragenlijst: Vragenlijst, door: User, request: HttpRequest | None = None) -> None:
    """Remove a concept that no rating uses (an established version is only ever replaced)."""
    _eis_beheerder(door)
    vragenlijst = Vragenlijst.objects.select_for_update().get(pk=vragenlijst.pk)
    eis_bewerkbaar(vragenlijst)
    audit_log(actie="vragenlijst.verwijderd", actor=door, obj=vragenlijst, voor=_stand(vragenlijst), request=request)
    vragenlijst.delete()


# --- The policy ------------------------------------------------------------------------------------------------------


@transaction.atomic
def beleid_wijzigen(*, gegevens: dict, door: User, request: HttpRequest | None = None) -> Beleid:
    """Change the kring's policy (`gegevens`: field -> value, for the fields in BELEID_VELDEN; others are refused).
    Using ratings for selection needs its grondslag recorded: the purpose lock of research §3 item 6."""
    if not mag_beleid_wijzigen(door):
        raise PermissionDenied
    onbekend = set(gegevens) - set(BELEID_VELDEN)
    if onbekend:
        raise ValueError(f"Geen velden van het beleid: {sorted(onbekend)}")
    Beleid.huidig()  # the row exists before it is locked
    beleid = Beleid.objects.select_for_update().get(pk=1)
    voor = momentopname(beleid, BELEID_VELDEN)
    for veld, waarde in gegevens.items():
        setattr(beleid, veld, waarde.strip() if isinstance(waarde, str) else waarde)
    weiger_actieve_html(beleid.grondslag, veld="grondslag")
    if beleid.gebruik_voor_selectie and not beleid.grondslag:
        raise ValidationError({"grondslag": GRONDSLAG_VERPLICHT})
    beleid.full_clean()
    voor, na = wijzigingen(voor, momentopname(beleid, BELEID_VELDEN))
    if na:
        beleid.gewijzigd_op = timezone.now()
        beleid.save()
        audit_log(actie="beleid.gewijzigd", actor=door, obj=beleid, voor=voor, na=na, request=request)
    return beleid
