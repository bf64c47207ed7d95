"""Writes of the regions and value tables (beheerders only): a region with its gemeenten, a new table version (empty or a
copy of another), editing a concept with its bouwblokken, establishing it, and confirming values that were marked ‘nog
te bevestigen’. A vastgestelde table never changes its values: obligations point at it; a change is a new version (a
copy with a later geldig_vanaf). Every value lives in the table, none in the code (sroi/waardering.py)."""

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from kring.audit import audit_log, momentopname, wijzigingen
from kring.markdown import weiger_actieve_html
from kring.models import Organisatie, User
from sroi.models import Bouwblok, Regio, Waardetabel
from sroi.permissions import mag_waardetabellen_beheren

Status = Waardetabel.Status
Soort = Bouwblok.Soort

TABEL_VELDEN = ("naam", "geldig_vanaf", "te_bevestigen", "bron", "toelichting")
BOUWBLOK_VELDEN = ("code", "naam", "soort", "waarde", "max_maanden", "volgorde")


@dataclass(frozen=True)
class BouwblokGegevens:
    """One row of a concept as the beheerder wants it."""

    code: str
    naam: str
    soort: str
    waarde: object  # Decimal
    max_maanden: int | None = None
    volgorde: int = 0


def _eis_beheerder(door: User) -> None:
    if not mag_waardetabellen_beheren(door):
        raise PermissionDenied


def _stand(tabel: Waardetabel) -> dict:
    """The content of a version, for the audit log."""
    return {
        **momentopname(tabel, ("regio", "status", *TABEL_VELDEN)),
        "bouwblokken": [
            {veld: momentopname(blok, BOUWBLOK_VELDEN)[veld] for veld in BOUWBLOK_VELDEN}
            for blok in Bouwblok.objects.filter(waardetabel=tabel).order_by("volgorde", "pk")
        ],
    }


# --- Regions ---------------------------------------------------------------------------------------------------------


def _controleer_gemeenten(*, regio: Regio | None, gemeenten: Sequence[Organisatie]) -> None:
    """A gemeente is in at most one region: its projects must find exactly one table version."""
    if any(gemeente.soort != Organisatie.Soort.GEMEENTE for gemeente in gemeenten):
        raise ValidationError({"gemeenten": "Alleen gemeenten horen bij een regio."})
    elders = (
        Regio.objects.filter(gemeenten__in=[gemeente.pk for gemeente in gemeenten])
        .exclude(pk=regio.pk if regio else None)
        .values_list("naam", "gemeenten__naam")
        .order_by("gemeenten__naam")
    )
    fouten = [f"{gemeente} hoort al bij de regio {naam}." for naam, gemeente in elders]
    if fouten:
        raise ValidationError({"gemeenten": fouten})


@transaction.atomic
def regio_opslaan(
    *,
    naam: str,
    gemeenten: Sequence[Organisatie],
    door: User,
    regio: Regio | None = None,
    request: HttpRequest | None = None,
) -> Regio:
    """Make a region (`regio` None) or change its name and gemeenten."""
    _eis_beheerder(door)
    naam = naam.strip()
    if not naam:
        raise ValidationError({"naam": "Geef de regio een naam."})
    if Regio.objects.filter(naam__iexact=naam).exclude(pk=regio.pk if regio else None).exists():
        raise ValidationError({"naam": f"Er is al een regio met de naam {naam}."})
    _controleer_gemeenten(regio=regio, gemeenten=gemeenten)
    nieuw = regio is None
    voor = {} if nieuw else {"naam": regio.naam, "gemeenten": sorted(str(g) for g in regio.gemeenten.all())}
    regio = regio or Regio()
    regio.naam = naam
    regio.save()
    regio.gemeenten.set(gemeenten)
    na = {"naam": naam, "gemeenten": sorted(str(g) for g in gemeenten)}
    if nieuw:
        audit_log(actie="sroi.regio_aangemaakt", actor=door, obj=regio, na=na, request=request)
    else:
        voor, na = wijzigingen(voor, na)
        if na:
            audit_log(actie="sroi.regio_gewijzigd", actor=door, obj=regio, voor=voor, na=na, request=request)
    return regio


# --- A new version ---------------------------------------------------------------------------------------------------


@transaction.atomic
def waardetabel_aanmaken(
    *,
    regio: Regio,
    naam: str,
    geldig_vanaf: datetime.date,
    door: User,
    te_bevestigen: bool = False,
    bron: str = "",
    toelichting: str = "",
    kopie_van: Waardetabel | None = None,
    request: HttpRequest | None = None,
) -> Waardetabel:
    """A new concept version of `regio`'s table, valid from `geldig_vanaf` (one version per date). With `kopie_van`,
    its bouwblokken (and, when not given, its source and explanation) are copied, so a change of values is a copy
    with a later date; the copy of a table of another region is allowed (a neighbouring region's table as a start)."""
    _eis_beheerder(door)
    naam = naam.strip()
    teksten = {"bron": bron.strip(), "toelichting": toelichting.strip()}
    if kopie_van is not None:
        teksten = {veld: tekst or getattr(kopie_van, veld) for veld, tekst in teksten.items()}
    for veld, tekst in teksten.items():
        weiger_actieve_html(tekst, veld=veld)
    tabel = Waardetabel(
        regio=regio,
        naam=naam,
        geldig_vanaf=geldig_vanaf,
        status=Status.CONCEPT,
        te_bevestigen=te_bevestigen,
        **teksten,
    )
    if Waardetabel.objects.filter(regio=regio, geldig_vanaf=geldig_vanaf).exists():
        raise ValidationError(
            {"geldig_vanaf": f"De regio {regio} heeft al een waardetabel die geldt vanaf {geldig_vanaf:%d-%m-%Y}."}
        )
    tabel.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            tabel.save()
    except IntegrityError:
        raise ValidationError(
            {"geldig_vanaf": f"Er is zojuist al een waardetabel vanaf {geldig_vanaf:%d-%m-%Y} gemaakt."}
        ) from None
    if kopie_van is not None:
        Bouwblok.objects.bulk_create(
            Bouwblok(waardetabel=tabel, **{veld: getattr(blok, veld) for veld in BOUWBLOK_VELDEN})
            for blok in kopie_van.bouwblokken.order_by("volgorde", "pk")
        )
    audit_log(
        actie="sroi.waardetabel_aangemaakt",
        actor=door,
        obj=tabel,
        na={**_stand(tabel), "kopie_van": str(kopie_van) if kopie_van else None},
        request=request,
    )
    return tabel


# --- Editing a concept -----------------------------------------------------------------------------------------------


def eis_bewerkbaar(tabel: Waardetabel) -> None:
    """A Dutch ValidationError unless `tabel` may change: only a concept no obligation uses."""
    if tabel.status != Status.CONCEPT:
        raise ValidationError(
            "Deze waardetabel is vastgesteld en verandert niet meer: verplichtingen rekenen ermee. Maak een kopie met "
            "een latere ‘geldig vanaf’ om waarden te wijzigen."
        )
    if tabel.verplichtingen.exists():
        raise ValidationError("Deze waardetabel wordt al door een verplichting gebruikt en verandert niet meer.")


def _blokfout(blok: BouwblokGegevens, tekst: str) -> str:
    return f"Bouwblok “{blok.naam.strip() or blok.code}”: {tekst}"


def controleer_bouwblokken(blokken: Sequence[BouwblokGegevens]) -> list[BouwblokGegevens]:
    """The rows cleaned (codes in lower case), or a Dutch ValidationError listing everything that is wrong: codes
    unique, values ≥ 0 (a share ≤ 1, a PSO percentage ≤ 100), a maximum of months only for a doelgroep, at most one
    PSO row, and at least one doelgroep."""
    fouten = []
    schoon = []
    for blok in blokken:
        code = blok.code.strip().lower()
        try:
            validate_slug(code)
        except ValidationError:
            fouten.append(_blokfout(blok, f"de code “{code}” mag alleen letters, cijfers, - en _ bevatten."))
        if not blok.naam.strip():
            fouten.append(_blokfout(blok, "geef een naam."))
        if blok.soort not in Soort.values:
            fouten.append(_blokfout(blok, "kies een soort."))
        if blok.waarde is None or blok.waarde < 0:
            fouten.append(_blokfout(blok, "de waarde is 0 of meer."))
        elif blok.soort == Soort.SOCIAAL_INKOPEN and blok.waarde > 1:
            fouten.append(_blokfout(blok, "bij sociaal inkopen is de waarde het deel dat meetelt: tussen 0 en 1."))
        elif blok.soort == Soort.PSO and blok.waarde > 100:
            fouten.append(_blokfout(blok, "de PSO-korting is een percentage: hoogstens 100."))
        if blok.max_maanden is not None and blok.soort != Soort.CATEGORIE:
            fouten.append(_blokfout(blok, "alleen een doelgroep heeft een maximaal aantal maanden."))
        if blok.max_maanden is not None and blok.max_maanden < 1:
            fouten.append(_blokfout(blok, "het maximaal aantal maanden is 1 of meer (leeg: geen maximum)."))
        try:
            weiger_actieve_html(blok.naam)
        except ValidationError as fout:
            fouten.append(_blokfout(blok, fout.messages[0]))
        schoon.append(
            BouwblokGegevens(
                code=code,
                naam=blok.naam.strip(),
                soort=blok.soort,
                waarde=blok.waarde,
                max_maanden=blok.max_maanden,
                volgorde=blok.volgorde,
            )
        )
    codes = [blok.code for blok in schoon]
    dubbel = sorted({code for code in codes if codes.count(code) > 1})
    if dubbel:
        fouten.append(f"Elke code komt één keer voor in een waardetabel; deze komt vaker voor: {', '.join(dubbel)}.")
    if sum(blok.soort == Soort.PSO for blok in schoon) > 1:
        fouten.append("Een waardetabel heeft hoogstens één PSO-korting.")
    if not any(blok.soort == Soort.CATEGORIE for blok in schoon):
        fouten.append("Een waardetabel heeft minstens één doelgroep (soort ‘Doelgroep (kandidaat)’).")
    if fouten:
        raise ValidationError(fouten)
    return schoon


@transaction.atomic
def waardetabel_wijzigen(
    *,
    waardetabel: Waardetabel,
    gegevens: dict,
    bouwblokken: Sequence[BouwblokGegevens],
    door: User,
    request: HttpRequest | None = None,
) -> Waardetabel:
    """Change a concept: its fields (`gegevens`: naam, geldig_vanaf, te_bevestigen, bron, toelichting) and the whole
    set of bouwblokken (rows left out are removed)."""
    _eis_beheerder(door)
    tabel = Waardetabel.objects.select_for_update().select_related("regio").get(pk=waardetabel.pk)
    eis_bewerkbaar(tabel)
    blokken = controleer_bouwblokken(bouwblokken)
    for veld in ("bron", "toelichting"):
        weiger_actieve_html(str(gegevens.get(veld, "")), veld=veld)
    voor = _stand(tabel)
    for veld in TABEL_VELDEN:
        if veld in gegevens:
            waarde = gegevens[veld]
            setattr(tabel, veld, waarde.strip() if isinstance(waarde, str) else waarde)
    if Waardetabel.objects.filter(regio=tabel.regio, geldig_vanaf=tabel.geldig_vanaf).exclude(pk=tabel.pk).exists():
        raise ValidationError(
            {"geldig_vanaf": f"De regio {tabel.regio} heeft al een waardetabel vanaf {tabel.geldig_vanaf:%d-%m-%Y}."}
        )
    tabel.full_clean(validate_constraints=False)
    tabel.save()
    nieuw = [Bouwblok(waardetabel=tabel, **asdict(blok)) for blok in blokken]
    for blok, gegeven in zip(nieuw, blokken, strict=True):
        try:
            blok.full_clean(exclude=["waardetabel"], validate_unique=False, validate_constraints=False)
        except ValidationError as fout:
            raise ValidationError([_blokfout(gegeven, tekst) for tekst in fout.messages]) from None
    # A concept that no obligation uses has no inzet pointing at its blocks, so the new set replaces the old one.
    Bouwblok.objects.filter(waardetabel=tabel).delete()
    Bouwblok.objects.bulk_create(nieuw)
    voor, na = wijzigingen(voor, _stand(tabel))
    if na:
        audit_log(actie="sroi.waardetabel_gewijzigd", actor=door, obj=tabel, voor=voor, na=na, request=request)
    return tabel


# --- Establishing and confirming -------------------------------------------------------------------------------------


@transaction.atomic
def waardetabel_vaststellen(
    *, waardetabel: Waardetabel, door: User, request: HttpRequest | None = None
) -> Waardetabel:
    """concept → vastgesteld: from now on obligations of projects tendered on or after its geldig_vanaf (until a later
    version) use it. Obligations made earlier keep the table they point at."""
    _eis_beheerder(door)
    tabel = Waardetabel.objects.select_for_update().get(pk=waardetabel.pk)
    eis_bewerkbaar(tabel)
    blokken = [
        BouwblokGegevens(**{veld: getattr(blok, veld) for veld in BOUWBLOK_VELDEN})
        for blok in tabel.bouwblokken.order_by("volgorde", "pk")
    ]
    controleer_bouwblokken(blokken)
    tabel.status = Status.VASTGESTELD
    tabel.save(update_fields=["status"])
    audit_log(
        actie="sroi.waardetabel_vastgesteld",
        actor=door,
        obj=tabel,
        voor={"status": Status.CONCEPT},
        na={"status": Status.VASTGESTELD},
        request=request,
    )
    return tabel


@transaction.atomic
def waardetabel_bevestigen(*, waardetabel: Waardetabel, door: User, request: HttpRequest | None = None) -> Waardetabel:
    """Clear the mark ‘nog te bevestigen’ once the werkgeversservicepunt confirmed the values: the values themselves
    do not change (that would be a new version), so this is allowed on a vastgestelde table."""
    _eis_beheerder(door)
    tabel = Waardetabel.objects.select_for_update().get(pk=waardetabel.pk)
    if not tabel.te_bevestigen:
        raise ValidationError("De waarden van deze tabel zijn al bevestigd.")
    tabel.te_bevestigen = False
    tabel.save(update_fields=["te_bevestigen"])
    audit_log(
        actie="sroi.waardetabel_bevestigd",
        actor=door,
        obj=tabel,
        voor={"te_bevestigen": True},
        na={"te_bevestigen": False},
        request=request,
    )
    return tabel
