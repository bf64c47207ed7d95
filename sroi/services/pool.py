"""Writes of the kandidatenpool (issue 7 outcome 5): a contractor offers one of its own candidates whose project ends
to the other members, by pseudonym and category only; another contractor shows interest (the offering contractor is
mailed); the offering contractor marks the offer geplaatst (at an organisation that showed interest) or ingetrokken.

Every write is audited without free text (a toelichting or message never goes into the audit log)."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log
from kring.mails import send
from kring.markdown import weiger_actieve_html
from kring.models import Organisatie, User
from sroi import tasks
from sroi.models import Bouwblok, Kandidaat, Poolaanbod, Poolinteresse, Waardetabel
from sroi.permissions import mag_interesse_tonen, mag_pool_aanbieden, mag_pool_status_wijzigen
from sroi.selectors.pool import laatste_categorie
from sroi.validators import controleer_vrije_tekst

MAX_TOELICHTING = 300
# An offer says from when the candidate is available: from a month ago (available now) up to a year ahead.
MAX_DAGEN_TERUG = 31
MAX_DAGEN_VOORUIT = 366


def _datum(waarde: datetime.date) -> str:
    return formats.date_format(waarde, "d-m-Y")


def _korte_tekst(waarde: str, veld: str) -> str:
    """`waarde` trimmed; refused (a Dutch ValidationError under `veld`) when too long, active HTML, or when it looks
    like personal data (a name is not detectable in prose, but an e-mail address, BSN, date of birth or phone number
    is)."""
    tekst = (waarde or "").strip()
    if len(tekst) > MAX_TOELICHTING:
        raise ValidationError(
            {
                veld: _("Houd het kort: hooguit %(max)s tekens (nu %(aantal)s).")
                % {"max": MAX_TOELICHTING, "aantal": len(tekst)}
            }
        )
    weiger_actieve_html(tekst, veld=veld)
    controleer_vrije_tekst(tekst, veld=veld)
    if _lijkt_geboortedatum(tekst):
        raise ValidationError(
            {veld: _("De tekst bevat een datum die op een geboortedatum lijkt. Laat persoonsgegevens weg.")}
        )
    return tekst


_DATUM = re.compile(r"(?<!\d)(?:(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2}))(?!\d)")
# A full date this many years or more before today is read as a date of birth (a diploma or a start date is newer).
GEBOORTE_JAREN = 15


def _lijkt_geboortedatum(tekst: str) -> bool:
    grens = timezone.localdate().year - GEBOORTE_JAREN
    for dag, maand, jaar, jaar2, maand2, dag2 in _DATUM.findall(tekst):
        try:
            datum = datetime.date(int(jaar or jaar2), int(maand or maand2), int(dag or dag2))
        except ValueError:
            continue
        if 1900 <= datum.year <= grens:
            return True
    return False


def _categorie(*, kandidaat: Kandidaat, bouwblok_code: str) -> tuple[str, str]:
    """(code, name) of the offer's category: the chosen one (a category of a vastgestelde table), or the category of
    the candidate's latest line."""
    if bouwblok_code:
        bouwblok = (
            Bouwblok.objects.filter(
                code=bouwblok_code,
                soort=Bouwblok.Soort.CATEGORIE,
                waardetabel__status=Waardetabel.Status.VASTGESTELD,
            )
            .order_by("-waardetabel__geldig_vanaf")
            .first()
        )
        if bouwblok is None:
            raise ValidationError({"bouwblok_code": _("Kies een doelgroep uit een vastgestelde waardetabel.")})
        return bouwblok.code, bouwblok.naam
    bouwblok = laatste_categorie(kandidaat=kandidaat)
    if bouwblok is None:
        raise ValidationError(
            {"bouwblok_code": _("Deze kandidaat heeft nog geen inzetregel met een doelgroep: kies de doelgroep zelf.")}
        )
    return bouwblok.code, bouwblok.naam


@transaction.atomic
def pool_aanbieden(
    *,
    kandidaat: Kandidaat,
    beschikbaar_vanaf: datetime.date,
    bouwblok_code: str = "",
    toelichting: str = "",
    door: User,
    request: HttpRequest | None = None,
) -> Poolaanbod:
    """Offer `kandidaat` (of `door`'s own contractor) in the pool, with its category (chosen, or that of its latest
    line), from when it is available and a short toelichting without personal data. One open offer per candidate."""
    kandidaat = Kandidaat.objects.select_for_update().get(pk=kandidaat.pk)
    if not (mag_pool_aanbieden(door) and kandidaat.opdrachtnemer_id == door.organisatie_id):
        raise PermissionDenied(_("Deze kandidaat hoort niet bij uw organisatie."))
    if kandidaat.geanonimiseerd:
        raise ValidationError(_("De gegevens van deze kandidaat zijn geanonimiseerd; aanbieden kan niet meer."))
    if Poolaanbod.objects.filter(kandidaat=kandidaat, status=Poolaanbod.Status.OPEN).exists():
        raise ValidationError({"kandidaat": _("Kandidaat %(code)s staat al in de pool.") % {"code": kandidaat.code}})
    fouten: dict[str, list] = {}
    code = naam = ""
    try:
        code, naam = _categorie(kandidaat=kandidaat, bouwblok_code=(bouwblok_code or "").strip())
    except ValidationError as fout:
        fouten.update(fout.message_dict)
    vandaag = timezone.localdate()
    if beschikbaar_vanaf < vandaag - datetime.timedelta(days=MAX_DAGEN_TERUG):
        fouten["beschikbaar_vanaf"] = [
            _("Die datum ligt te ver terug: kies vandaag als de kandidaat nu beschikbaar is.")
        ]
    elif beschikbaar_vanaf > vandaag + datetime.timedelta(days=MAX_DAGEN_VOORUIT):
        fouten["beschikbaar_vanaf"] = [
            _("Bied een kandidaat hooguit een jaar vooruit aan (uiterlijk %(datum)s).")
            % {"datum": _datum(vandaag + datetime.timedelta(days=MAX_DAGEN_VOORUIT))}
        ]
    try:
        toelichting = _korte_tekst(toelichting, "toelichting")
    except ValidationError as fout:
        fouten.update(fout.message_dict)
    if fouten:
        raise ValidationError(fouten)
    aanbod = Poolaanbod(
        kandidaat=kandidaat,
        bouwblok_code=code,
        categorie=naam,
        beschikbaar_vanaf=beschikbaar_vanaf,
        toelichting=toelichting,
    )
    aanbod.full_clean()
    aanbod.save()
    audit_log(
        actie="sroi.pool_aangeboden",
        actor=door,
        obj=aanbod,
        na={"kandidaat": kandidaat.code, "doelgroep": code, "beschikbaar_vanaf": beschikbaar_vanaf.isoformat()},
        request=request,
    )
    return aanbod


def _vergrendel(aanbod: Poolaanbod) -> Poolaanbod:
    return Poolaanbod.objects.select_for_update(of=("self",)).select_related("kandidaat").get(pk=aanbod.pk)


@transaction.atomic
def pool_interesse_tonen(
    *, aanbod: Poolaanbod, bericht: str = "", door: User, request: HttpRequest | None = None
) -> Poolinteresse:
    """`door`'s contractor shows interest in an open offer of another contractor, with a short message; once per
    organisation. The offering contractor is mailed once the interest is saved."""
    aanbod = _vergrendel(aanbod)
    if not mag_interesse_tonen(door):
        raise PermissionDenied
    if aanbod.kandidaat.opdrachtnemer_id == door.organisatie_id:
        raise ValidationError(_("Dit is het aanbod van uw eigen organisatie: daarin kunt u geen interesse tonen."))
    if aanbod.status != Poolaanbod.Status.OPEN:
        raise ValidationError(_("Deze kandidaat is niet meer beschikbaar in de pool."))
    if Poolinteresse.objects.filter(aanbod=aanbod, organisatie_id=door.organisatie_id).exists():
        raise ValidationError(_("Uw organisatie heeft al interesse getoond in deze kandidaat."))
    interesse = Poolinteresse(
        aanbod=aanbod, organisatie_id=door.organisatie_id, door=door, bericht=_korte_tekst(bericht, "bericht")
    )
    interesse.full_clean()
    interesse.save()
    audit_log(
        actie="sroi.pool_interesse",
        actor=door,
        obj=aanbod,
        na={"organisatie": door.organisatie.naam, "kandidaat": aanbod.kandidaat.code},
        request=request,
    )
    transaction.on_commit(lambda: tasks.mail_pool_interesse.delay(interesse.pk))
    return interesse


def pool_interesse_mail(*, interesse_id: int) -> None:
    """Tell the offering contractor's active staff (one message, in bcc) that an organisation showed interest in
    their candidate. Nothing once the offer is closed or the interest is gone."""
    interesse = (
        Poolinteresse.objects.filter(pk=interesse_id, aanbod__status=Poolaanbod.Status.OPEN)
        .select_related("aanbod__kandidaat__opdrachtnemer", "organisatie", "door")
        .first()
    )
    if interesse is None:
        return
    adressen = list(
        User.objects.filter(
            organisatie_id=interesse.aanbod.kandidaat.opdrachtnemer_id, status=User.Status.ACTIEF
        ).values_list("email", flat=True)
    )
    if not adressen:
        return
    send(
        onderwerp=_("Interesse in kandidaat %(code)s uit de pool") % {"code": interesse.aanbod.kandidaat.code},
        template="emails/sroi_pool_interesse.txt",
        context={"interesse": interesse, "aanbod_url": reverse("sroi:pool_aanbod", args=[interesse.aanbod_id])},
        bcc=adressen,
    )


@transaction.atomic
def pool_status_wijzigen(
    *,
    aanbod: Poolaanbod,
    status: str,
    geplaatst_bij: Organisatie | None = None,
    door: User,
    request: HttpRequest | None = None,
) -> Poolaanbod:
    """The offering contractor closes an open offer: geplaatst (at one of the organisations that showed interest) or
    ingetrokken."""
    aanbod = _vergrendel(aanbod)
    if not mag_pool_status_wijzigen(door, aanbod):
        raise PermissionDenied
    if aanbod.status != Poolaanbod.Status.OPEN:
        raise ValidationError(_("Dit aanbod is al %(status)s.") % {"status": aanbod.get_status_display().lower()})
    if status == Poolaanbod.Status.GEPLAATST:
        if geplaatst_bij is None or not aanbod.interesse.filter(organisatie=geplaatst_bij).exists():
            raise ValidationError(
                {
                    "geplaatst_bij": _(
                        "Kies de organisatie waar de kandidaat is geplaatst, uit de organisaties die interesse toonden."
                    )
                }
            )
    elif status == Poolaanbod.Status.INGETROKKEN:
        geplaatst_bij = None
    else:
        raise ValidationError({"status": _("Kies geplaatst of ingetrokken.")})
    aanbod.status = status
    aanbod.geplaatst_bij = geplaatst_bij
    aanbod.save(update_fields=["status", "geplaatst_bij"])
    audit_log(
        actie="sroi.pool_status",
        actor=door,
        obj=aanbod,
        voor={"status": Poolaanbod.Status.OPEN},
        na={"status": status, "geplaatst_bij": geplaatst_bij.naam if geplaatst_bij else None},
        request=request,
    )
    return aanbod
