"""Writes of the intentieovereenkomst: concept versions with their themadoelen, the status flow (a transition table)
and the signatures."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, momentopname, wijzigingen
from kring.markdown import weiger_actieve_html
from kring.models import Intentieovereenkomst, Ondertekening, Themadoel, User
from kring.permissions import is_tekengerechtigd, mag_overeenkomsten_beheren
from kring.selectors.overeenkomst import overeenkomst_overlappend
from werkgroepen.models import Werkgroep

Status = Intentieovereenkomst.Status

NIET_TEKENGERECHTIGD = gettext_lazy(
    "U kunt deze overeenkomst niet ondertekenen: dat kan alleen een tekenbevoegde medewerker van een gemeente of "
    "opdrachtnemer die lid is van de kring, namens de eigen organisatie. Bent u tekenbevoegd, vraag dan de beheerder "
    "dit in het portaal vast te leggen."
)


@dataclass(frozen=True)
class ThemadoelGegevens:
    """A themadoel as the beheerder wants it; `pk` names an existing themadoel of the same version."""

    naam: str
    omschrijving: str = ""
    volgorde: int = 0
    werkgroepen: Sequence[Werkgroep] = ()
    pk: int | None = None


@dataclass(frozen=True)
class OvereenkomstInhoud:
    """What a beheerder writes in a concept version; the status is never part of it."""

    titel: str
    versie: int
    ingangsdatum: datetime.date
    einddatum: datetime.date
    tekst: str
    themadoelen: Sequence[ThemadoelGegevens] = ()


# --- The status flow -------------------------------------------------------------------------------------------------


def _controleer_openen(overeenkomst: Intentieovereenkomst) -> None:
    fouten = []
    if not overeenkomst.tekst.strip():
        fouten.append(_("De overeenkomst heeft nog geen tekst."))
    if not overeenkomst.themadoelen.exists():
        fouten.append(_("De overeenkomst heeft nog geen themadoelen."))
    open_versie = Intentieovereenkomst.objects.filter(status=Status.TER_ONDERTEKENING).first()
    if open_versie is not None:
        fouten.append(
            _("Versie %(versie)s staat al open voor ondertekening; sluit die eerst.") % {"versie": open_versie.versie}
        )
    if fouten:
        raise ValidationError(fouten)


def _controleer_sluiten(overeenkomst: Intentieovereenkomst) -> None:
    if not overeenkomst.ondertekeningen.exists():
        raise ValidationError(
            _(
                "Nog geen enkele organisatie heeft ondertekend; zonder ondertekening kan een versie niet van kracht worden."
            )
        )


def _sluit_ondertekening(
    overeenkomst: Intentieovereenkomst, *, door: User | None, request: HttpRequest | None
) -> None:
    overeenkomst.ondertekening_gesloten_op = timezone.now()
    # Two versions are never van kracht for the same days: the older one expires in the same transaction.
    for oud in overeenkomst_overlappend(overeenkomst=overeenkomst).select_for_update():
        _wissel(oud, Status.VERLOPEN, door=door, request=request)


@dataclass(frozen=True)
class Overgang:
    actie: str  # the audit action
    knop: str  # the beheerder's button
    uitleg: str  # what happens, on the confirmation page
    controle: Callable[[Intentieovereenkomst], None] | None = None  # raises ValidationError when not allowed now
    gevolg: Callable[..., None] | None = None  # further writes in the same transaction


# Allowed status changes: (from, to) -> what it means. Nothing else changes a status.
OVERGANGEN = {
    (Status.CONCEPT, Status.TER_ONDERTEKENING): Overgang(
        actie="overeenkomst.ondertekening_geopend",
        knop=gettext_lazy("Ondertekening openen"),
        uitleg=gettext_lazy(
            "De tekenbevoegden van alle gemeenten en opdrachtnemers in de kring kunnen deze versie dan ondertekenen en "
            "krijgen daarover herinneringen. Tekst, periode en themadoelen liggen daarna vast."
        ),
        controle=_controleer_openen,
    ),
    (Status.TER_ONDERTEKENING, Status.VAN_KRACHT): Overgang(
        actie="overeenkomst.ondertekening_gesloten",
        knop=gettext_lazy("Ondertekening sluiten"),
        uitleg=gettext_lazy(
            "Niemand kan daarna nog ondertekenen. De versie is dan van kracht met de organisaties die ondertekend "
            "hebben; een versie die nu van kracht is en in dezelfde periode valt, verloopt."
        ),
        controle=_controleer_sluiten,
        gevolg=_sluit_ondertekening,
    ),
    (Status.VAN_KRACHT, Status.VERLOPEN): Overgang(
        actie="overeenkomst.verlopen",
        knop=gettext_lazy("Laten verlopen"),
        uitleg=gettext_lazy("De versie is dan niet meer van kracht. Dat gebeurt ook vanzelf de dag na de einddatum."),
    ),
}


def overgangen_vanuit(overeenkomst: Intentieovereenkomst) -> dict[str, Overgang]:
    """The status changes possible from the version's current status, by target status."""
    return {naar: overgang for (van, naar), overgang in OVERGANGEN.items() if van == overeenkomst.status}


def _wissel(
    overeenkomst: Intentieovereenkomst,
    naar: str,
    *,
    door: User | None,
    request: HttpRequest | None = None,
    actor_omschrijving: str = "",
) -> None:
    overgang = OVERGANGEN.get((overeenkomst.status, naar))
    if overgang is None:
        raise ValidationError(
            _("Een versie met status %(van)s kan niet naar %(naar)s.")
            % {"van": overeenkomst.get_status_display(), "naar": Status(naar).label}
        )
    if overgang.controle is not None:
        overgang.controle(overeenkomst)
    voor = {"status": overeenkomst.status}
    if overgang.gevolg is not None:
        overgang.gevolg(overeenkomst, door=door, request=request)
    overeenkomst.status = naar
    overeenkomst.save(update_fields=["status", "ondertekening_gesloten_op"])
    audit_log(
        actie=overgang.actie,
        actor=door,
        obj=overeenkomst,
        voor=voor,
        na={"status": naar},
        request=request,
        actor_omschrijving=actor_omschrijving,
    )


def _vergrendel(overeenkomst: Intentieovereenkomst) -> Intentieovereenkomst:
    """The version's row, locked until the transaction ends: status changes and signatures wait for each other."""
    return Intentieovereenkomst.objects.select_for_update().get(pk=overeenkomst.pk)


def _eis_beheerder(door: User) -> None:
    if not mag_overeenkomsten_beheren(door):
        raise PermissionDenied


@transaction.atomic
def overeenkomst_set_status(
    *, overeenkomst: Intentieovereenkomst, status: str, door: User, request: HttpRequest | None = None
) -> Intentieovereenkomst:
    """A beheerder moves a version to `status`, following OVERGANGEN."""
    _eis_beheerder(door)
    overeenkomst = _vergrendel(overeenkomst)
    _wissel(overeenkomst, status, door=door, request=request)
    return overeenkomst


@transaction.atomic
def overeenkomsten_expire(*, vandaag: datetime.date | None = None) -> list[Intentieovereenkomst]:
    """Versions van kracht whose einddatum has passed become verlopen (the daily task). Running it twice is harmless."""
    vandaag = vandaag or timezone.localdate()
    verlopen = list(
        Intentieovereenkomst.objects.select_for_update().filter(status=Status.VAN_KRACHT, einddatum__lt=vandaag)
    )
    for overeenkomst in verlopen:
        _wissel(overeenkomst, Status.VERLOPEN, door=None, actor_omschrijving="systeem: einddatum verstreken")
    return verlopen


# --- Concept versions ------------------------------------------------------------------------------------------------


def _stand(overeenkomst: Intentieovereenkomst) -> dict:
    """The editable content of a version, for the audit log."""
    themadoelen = Themadoel.objects.filter(overeenkomst=overeenkomst).prefetch_related("werkgroepen")
    return {
        **momentopname(overeenkomst, ["titel", "versie", "ingangsdatum", "einddatum", "tekst"]),
        "themadoelen": [
            {
                "naam": doel.naam,
                "omschrijving": doel.omschrijving,
                "volgorde": doel.volgorde,
                "werkgroepen": sorted(werkgroep.naam for werkgroep in doel.werkgroepen.all()),
            }
            for doel in themadoelen
        ],
    }


def _schrijf_themadoelen(overeenkomst: Intentieovereenkomst, themadoelen: Sequence[ThemadoelGegevens]) -> None:
    namen = [gegevens.naam.strip().casefold() for gegevens in themadoelen]
    if not all(namen):
        raise ValidationError(_("Elk themadoel heeft een naam nodig."))
    dubbel = sorted(
        {gegevens.naam.strip() for gegevens in themadoelen if namen.count(gegevens.naam.strip().casefold()) > 1}
    )
    if dubbel:
        raise ValidationError(
            _("Elk themadoel heeft een eigen naam nodig; deze naam komt vaker voor: %(namen)s.")
            % {"namen": ", ".join(dubbel)}
        )
    bestaand = {doel.pk: doel for doel in overeenkomst.themadoelen.all()}
    if any(gegevens.pk is not None and gegevens.pk not in bestaand for gegevens in themadoelen):
        raise ValidationError(_("Een van de themadoelen hoort niet bij deze versie. Laad de pagina opnieuw."))
    Themadoel.objects.filter(overeenkomst=overeenkomst).exclude(
        pk__in=[gegevens.pk for gegevens in themadoelen if gegevens.pk is not None]
    ).delete()
    for gegevens in themadoelen:
        doel = bestaand.get(gegevens.pk) or Themadoel(overeenkomst=overeenkomst)
        doel.naam = gegevens.naam.strip()
        doel.omschrijving = gegevens.omschrijving.strip()
        doel.volgorde = gegevens.volgorde
        try:
            doel.full_clean()
        except ValidationError as fout:
            # The page shows these above the form, so each message says which themadoel it is about.
            raise ValidationError(
                [_("Themadoel “%(naam)s”: %(fout)s") % {"naam": doel.naam, "fout": tekst} for tekst in fout.messages]
            ) from None
        doel.save()
        doel.werkgroepen.set(gegevens.werkgroepen)


def _eis_veilige_tekst(inhoud: OvereenkomstInhoud) -> None:
    """What a beheerder typed holds no script (a copy takes over an older version's text as it is)."""
    weiger_actieve_html(inhoud.titel, veld="titel")
    weiger_actieve_html(inhoud.tekst, veld="tekst")
    for doel in inhoud.themadoelen:
        try:
            weiger_actieve_html(doel.naam)
            weiger_actieve_html(doel.omschrijving)
        except ValidationError as fout:
            # Shown above the form, like the other themadoel errors, so it says which themadoel it is about.
            raise ValidationError(
                _("Themadoel “%(naam)s”: %(fout)s") % {"naam": doel.naam.strip(), "fout": fout.messages[0]}
            ) from None


def _schrijf(overeenkomst: Intentieovereenkomst, inhoud: OvereenkomstInhoud) -> None:
    overeenkomst.titel = inhoud.titel.strip()
    overeenkomst.versie = inhoud.versie
    overeenkomst.ingangsdatum = inhoud.ingangsdatum
    overeenkomst.einddatum = inhoud.einddatum
    overeenkomst.tekst = inhoud.tekst.strip()
    if inhoud.ingangsdatum and inhoud.einddatum and inhoud.einddatum <= inhoud.ingangsdatum:
        raise ValidationError({"einddatum": _("De einddatum moet na de ingangsdatum liggen.")})
    overeenkomst.full_clean()
    overeenkomst.save()
    _schrijf_themadoelen(overeenkomst, inhoud.themadoelen)


def _create(
    *, inhoud: OvereenkomstInhoud, door: User, request: HttpRequest | None, gebaseerd_op: int | None = None
) -> Intentieovereenkomst:
    overeenkomst = Intentieovereenkomst(status=Status.CONCEPT)
    _schrijf(overeenkomst, inhoud)
    na = _stand(overeenkomst)
    if gebaseerd_op is not None:
        na["gebaseerd_op_versie"] = gebaseerd_op
    audit_log(actie="overeenkomst.aangemaakt", actor=door, obj=overeenkomst, na=na, request=request)
    return overeenkomst


@transaction.atomic
def overeenkomst_create(
    *, inhoud: OvereenkomstInhoud, door: User, request: HttpRequest | None = None
) -> Intentieovereenkomst:
    """A new concept version, written by a beheerder."""
    _eis_beheerder(door)
    _eis_veilige_tekst(inhoud)
    return _create(inhoud=inhoud, door=door, request=request)


@transaction.atomic
def overeenkomst_update(
    *, overeenkomst: Intentieovereenkomst, inhoud: OvereenkomstInhoud, door: User, request: HttpRequest | None = None
) -> Intentieovereenkomst:
    """Change a concept version. `inhoud.themadoelen` is the whole new set: existing ones left out are removed."""
    _eis_beheerder(door)
    overeenkomst = _vergrendel(overeenkomst)
    _eis_concept(overeenkomst)
    _eis_veilige_tekst(inhoud)
    voor = _stand(overeenkomst)
    _schrijf(overeenkomst, inhoud)
    voor, na = wijzigingen(voor, _stand(overeenkomst))
    if na:
        audit_log(actie="overeenkomst.gewijzigd", actor=door, obj=overeenkomst, voor=voor, na=na, request=request)
    return overeenkomst


def _eis_concept(overeenkomst: Intentieovereenkomst) -> None:
    if overeenkomst.status != Status.CONCEPT:
        raise ValidationError(
            _(
                "Versie %(versie)s is %(status)s en ligt daarmee vast. Alleen een concept kan worden gewijzigd of "
                "verwijderd; maak een nieuwe versie om iets te veranderen."
            )
            % {"versie": overeenkomst.versie, "status": overeenkomst.get_status_display().lower()}
        )


def volgend_versienummer() -> int:
    return (Intentieovereenkomst.objects.aggregate(hoogste=Max("versie"))["hoogste"] or 0) + 1


@transaction.atomic
def overeenkomst_copy(
    *, bron: Intentieovereenkomst, door: User, request: HttpRequest | None = None
) -> Intentieovereenkomst:
    """A new concept on the basis of `bron`: its title, text and themadoelen, the next version number, and a period of
    the same length that starts the day after `bron` ends."""
    _eis_beheerder(door)
    ingangsdatum = bron.einddatum + datetime.timedelta(days=1)
    themadoelen = [
        ThemadoelGegevens(
            naam=doel.naam,
            omschrijving=doel.omschrijving,
            volgorde=doel.volgorde,
            werkgroepen=list(doel.werkgroepen.all()),
        )
        for doel in Themadoel.objects.filter(overeenkomst=bron).prefetch_related("werkgroepen")
    ]
    inhoud = OvereenkomstInhoud(
        titel=bron.titel,
        versie=volgend_versienummer(),
        ingangsdatum=ingangsdatum,
        einddatum=ingangsdatum + (bron.einddatum - bron.ingangsdatum),
        tekst=bron.tekst,
        themadoelen=themadoelen,
    )
    return _create(inhoud=inhoud, door=door, request=request, gebaseerd_op=bron.versie)


@transaction.atomic
def overeenkomst_delete(*, overeenkomst: Intentieovereenkomst, door: User, request: HttpRequest | None = None) -> None:
    """Remove a concept version (nobody signed it; later versions can only be succeeded)."""
    _eis_beheerder(door)
    overeenkomst = _vergrendel(overeenkomst)
    _eis_concept(overeenkomst)
    audit_log(
        actie="overeenkomst.verwijderd", actor=door, obj=overeenkomst, voor=_stand(overeenkomst), request=request
    )
    overeenkomst.delete()


# --- Signing ---------------------------------------------------------------------------------------------------------


def _al_getekend(ondertekening: Ondertekening) -> str:
    return _("%(organisatie)s heeft versie %(versie)s al ondertekend (door %(naam)s op %(datum)s).") % {
        "organisatie": ondertekening.organisatie,
        "versie": ondertekening.overeenkomst.versie,
        "naam": ondertekening.naam_ondertekenaar,
        "datum": date_format(timezone.localtime(ondertekening.ondertekend_op), "j F Y"),
    }


@transaction.atomic
def ondertekening_create(
    *, overeenkomst: Intentieovereenkomst, door: User, functie: str, request: HttpRequest | None = None
) -> Ondertekening:
    """`door` signs the version for their own organisation. The organisation is never a parameter, so nobody can sign
    for another; one signature per organisation."""
    overeenkomst = _vergrendel(overeenkomst)  # a double click waits here for the first signature to commit
    if overeenkomst.status != Status.TER_ONDERTEKENING:
        raise ValidationError(
            _("Versie %(versie)s staat niet open voor ondertekening (status: %(status)s).")
            % {"versie": overeenkomst.versie, "status": overeenkomst.get_status_display().lower()}
        )
    if not is_tekengerechtigd(door):
        raise ValidationError(NIET_TEKENGERECHTIGD)
    if not functie.strip():
        raise ValidationError({"functie": _("Vul uw functie in; die komt onder de overeenkomst te staan.")})
    bestaand = overeenkomst.ondertekeningen.select_related("organisatie").filter(organisatie=door.organisatie).first()
    if bestaand is not None:
        raise ValidationError(_al_getekend(bestaand))
    ondertekening = Ondertekening(
        overeenkomst=overeenkomst,
        organisatie=door.organisatie,
        ondertekenaar=door,
        naam_ondertekenaar=door.naam,
        functie=functie.strip(),
    )
    ondertekening.full_clean(validate_constraints=False)  # the unique constraint is the insert's job, just below
    try:
        with transaction.atomic():
            ondertekening.save()
    except IntegrityError:
        # Databases without row locks (SQLite) let two clicks pass the check above; the constraint stops the second.
        raise ValidationError(_al_getekend(overeenkomst.ondertekeningen.get(organisatie=door.organisatie))) from None
    audit_log(
        actie="overeenkomst.ondertekend",
        actor=door,
        obj=ondertekening,
        na={
            "versie": overeenkomst.versie,
            "organisatie": door.organisatie.naam,
            "naam_ondertekenaar": ondertekening.naam_ondertekenaar,
            "functie": ondertekening.functie,
        },
        request=request,
    )
    return ondertekening
