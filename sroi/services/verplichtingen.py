"""Writes of SROI obligations, the re-valuation of their inzet and the daily early warnings (issue 7, outcomes 2, 4).

An obligation is made by the project's gemeente (or a beheerder) for a contractor the project is awarded to. Its value
table is the version valid on the project's tender date (`waardering.waardetabel_voor`), fixed when the obligation is
made: a later edit recomputes the SR amount, never the table. The early warnings (`waarschuwingen_bijwerken`, daily):
- ACHTERSTAND: at least half the term passed and less than a quarter of the SR amount realised;
- PROGNOSE: at least a quarter of the term passed and the projection under 80 % of the SR amount;
- RAPPORTAGE: the term runs and no line was entered in the last `rapportage_maanden` months (counted from the start of
  the term while there is none).
A warning whose condition no longer holds is resolved (`opgelost_op`); one that still holds is left as it is, so the
sweep is idempotent and a warning is raised (and audited, and mailed by the reminders) once.
"""

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log, momentopname, wijzigingen
from kring.models import Organisatie, User
from projecten.models import Project
from sroi import waardering
from sroi.models import Bouwblok, Inzetregel, Verplichting, Waarschuwing
from sroi.permissions import mag_verplichting_aanmaken, mag_verplichting_bewerken
from sroi.selectors.verplichtingen import met_sommen, prognose, verstreken_fractie

# Who did it, in the audit log, when the daily sweep raises a warning.
AUTOMATISCH = "Automatisch (SROI)"

# The fields of an obligation its gemeente may change after it is made (not the project, contractor or table).
BEWERKBARE_VELDEN = (
    "coordinator",
    "grondslag",
    "grondslag_bedrag",
    "percentage",
    "drempel",
    "maximum",
    "pso_korting",
    "looptijd_start",
    "looptijd_eind",
    "rapportage_maanden",
)
AUDITVELDEN = ("project", "opdrachtnemer", "waardetabel", *BEWERKBARE_VELDEN, "sr_bedrag")

# The thresholds of the early warnings (module docstring).
ACHTERSTAND_LOOPTIJD = Decimal("0.5")
ACHTERSTAND_GEREALISEERD = Decimal("0.25")
PROGNOSE_LOOPTIJD = Decimal("0.25")
PROGNOSE_ONDER = Decimal("0.8")

Soort = Waarschuwing.Soort


def _datum(datum: datetime.date) -> str:
    return formats.date_format(datum, "j F Y")


def bedrag_tekst(bedrag: Decimal) -> str:
    """An amount as the pages write it: € 1.250.000,00."""
    return "€ " + formats.number_format(Decimal(bedrag), decimal_pos=2, use_l10n=True, force_grouping=True)


def maanden_terug(datum: datetime.date, maanden: int) -> datetime.date:
    """`datum` minus whole months; the 31st becomes the last day of a shorter month."""
    index = datum.year * 12 + datum.month - 1 - maanden
    jaar, maand = divmod(index, 12)
    maand += 1
    return datetime.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


# --- Checks ----------------------------------------------------------------------------------------------------------


def _fouten(verplichting: Verplichting) -> dict[str, list[str]]:
    """The checks between an obligation's fields and its parties, in Dutch (the model's constraints are English)."""
    fouten: dict[str, list[str]] = {}

    def fout(veld, tekst):
        fouten.setdefault(veld, []).append(tekst)

    project = verplichting.project
    gemeente = project.gemeente
    coordinator = verplichting.coordinator
    if coordinator.organisatie_id != gemeente.pk or not coordinator.is_actief:
        fout(
            "coordinator",
            _("De SROI-coördinator is een actieve medewerker van %(gemeente)s; %(naam)s is dat niet.")
            % {"gemeente": gemeente.naam, "naam": coordinator.naam},
        )
    start, eind = verplichting.looptijd_start, verplichting.looptijd_eind
    if start and eind and eind < start:
        fout(
            "looptijd_eind",
            _("Het einde van de looptijd (%(eind)s) ligt vóór het begin (%(start)s). Kies een latere datum.")
            % {"eind": _datum(eind), "start": _datum(start)},
        )
    if verplichting.maximum is not None and verplichting.maximum < 0:
        fout("maximum", _("Het maximum SR-bedrag kan niet negatief zijn; laat het leeg voor geen maximum."))
    if verplichting.drempel is not None and verplichting.drempel < 0:
        fout("drempel", _("De drempel kan niet negatief zijn; vul 0 in voor geen drempel."))
    try:
        waardering.controleer_pso_korting(pso_korting=verplichting.pso_korting, waardetabel=verplichting.waardetabel)
    except ValidationError as ongeldig:
        ongeldig.update_error_dict(fouten)
    return fouten


def _valideer(verplichting: Verplichting) -> None:
    fouten: dict[str, list] = {}
    try:
        verplichting.clean_fields(exclude=["project", "opdrachtnemer", "waardetabel", "coordinator", "sr_bedrag"])
    except ValidationError as ongeldig:
        ongeldig.update_error_dict(fouten)
    for veld, lijst in _fouten(verplichting).items():
        if veld not in fouten:
            fouten[veld] = lijst
    if fouten:
        raise ValidationError(fouten)


def _bereken(verplichting: Verplichting) -> None:
    verplichting.sr_bedrag = waardering.sr_bedrag(
        grondslag_bedrag=verplichting.grondslag_bedrag,
        percentage=verplichting.percentage,
        drempel=verplichting.drempel,
        maximum=verplichting.maximum,
        pso_korting=verplichting.pso_korting,
    )


def _stand(verplichting: Verplichting) -> dict:
    return momentopname(verplichting, AUDITVELDEN)


# --- Obligations -----------------------------------------------------------------------------------------------------


@transaction.atomic
def verplichting_create(
    *,
    project: Project,
    opdrachtnemer: Organisatie,
    coordinator: User,
    grondslag: str,
    grondslag_bedrag: Decimal,
    percentage: Decimal,
    drempel: Decimal = Decimal(0),
    maximum: Decimal | None = None,
    pso_korting: Decimal = Decimal(0),
    looptijd_start: datetime.date,
    looptijd_eind: datetime.date,
    rapportage_maanden: int = 3,
    door: User,
    request: HttpRequest | None = None,
) -> Verplichting:
    """The social-return obligation of `opdrachtnemer` on `project`, made by the project's gemeente (or a
    beheerder). The project must be awarded to that contractor, the coordinator must be active staff of the project's
    gemeente, the term must not end before it starts and the PSO discount may not exceed the table's. The table
    version is the one valid on the project's tender date; the SR amount is computed from it."""
    if not mag_verplichting_aanmaken(door, project):
        raise PermissionDenied
    project = Project.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=project.pk)
    if not project.opdrachtnemers.filter(pk=opdrachtnemer.pk).exists():
        raise ValidationError(
            {
                "opdrachtnemer": _(
                    "%(opdrachtnemer)s is een opdrachtnemer die dit project niet heeft: %(project)s is niet aan hem "
                    "gegund. Leg eerst de gunning vast op het project."
                )
                % {"opdrachtnemer": opdrachtnemer.naam, "project": project.naam}
            }
        )
    if Verplichting.objects.filter(project=project, opdrachtnemer=opdrachtnemer).exists():
        raise ValidationError(
            {
                "opdrachtnemer": _("Voor %(opdrachtnemer)s is op dit project al een SROI-verplichting.")
                % {"opdrachtnemer": opdrachtnemer.naam}
            }
        )
    waardetabel = waardering.waardetabel_voor(project=project)
    verplichting = Verplichting(
        project=project,
        opdrachtnemer=opdrachtnemer,
        waardetabel=waardetabel,
        coordinator=coordinator,
        grondslag=grondslag,
        grondslag_bedrag=grondslag_bedrag,
        percentage=percentage,
        drempel=drempel if drempel is not None else Decimal(0),
        maximum=maximum,
        pso_korting=pso_korting if pso_korting is not None else Decimal(0),
        looptijd_start=looptijd_start,
        looptijd_eind=looptijd_eind,
        rapportage_maanden=rapportage_maanden,
        aangemaakt_op=timezone.now(),
    )
    _valideer(verplichting)
    _bereken(verplichting)
    verplichting.save()
    audit_log(
        actie="sroi.verplichting.aangemaakt", actor=door, obj=verplichting, na=_stand(verplichting), request=request
    )
    return verplichting


@transaction.atomic
def verplichting_update(
    *, verplichting: Verplichting, door: User, request: HttpRequest | None = None, **gegevens
) -> Verplichting:
    """Change an obligation's basis, percentage, threshold, cap, PSO discount, term, reporting period or coordinator
    (`BEWERKBARE_VELDEN`; others are refused). The SR amount is recomputed; the table version stays the one the
    obligation was made with. Audited with what changed."""
    if not mag_verplichting_bewerken(door, verplichting):
        raise PermissionDenied
    onbekend = set(gegevens) - set(BEWERKBARE_VELDEN)
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {sorted(onbekend)}")
    verplichting = (
        Verplichting.objects.select_for_update(of=("self",))
        .select_related("project__gemeente", "opdrachtnemer", "waardetabel", "coordinator")
        .get(pk=verplichting.pk)
    )
    voor = _stand(verplichting)
    for veld, waarde in gegevens.items():
        setattr(verplichting, veld, waarde)
    if verplichting.drempel is None:
        verplichting.drempel = Decimal(0)
    if verplichting.pso_korting is None:
        verplichting.pso_korting = Decimal(0)
    _valideer(verplichting)
    _bereken(verplichting)
    verplichting.save()
    oud, nieuw = wijzigingen(voor, _stand(verplichting))
    if nieuw:
        audit_log(
            actie="sroi.verplichting.gewijzigd", actor=door, obj=verplichting, voor=oud, na=nieuw, request=request
        )
    return verplichting


@transaction.atomic
def inzet_herwaarderen(*, verplichting: Verplichting) -> int:
    """Value every inzet line of `verplichting` again, together (sroi/waardering.py `regels_waarderen`): in start
    order each candidate's earlier lines under the same category use up the category's maximum months first. Rejected
    lines do not use up the cap; they keep the value they would have on their own. Call after a line is added,
    changed or rejected. Returns how many lines changed value."""
    Verplichting.objects.select_for_update(of=("self",)).filter(pk=verplichting.pk).first()
    regels = list(
        Inzetregel.objects.filter(verplichting_id=verplichting.pk)
        .select_related("bouwblok")
        .prefetch_related(Prefetch("bonussen", queryset=Bouwblok.objects.all()))
        .order_by("start", "pk")
    )
    nieuw: dict[int, Decimal] = {}
    tellend = [r for r in regels if r.status != Inzetregel.Status.AFGEWEZEN]
    for regel, waarde, _dagen in waardering.regels_waarderen(tellend):
        nieuw[regel.pk] = waarde
    for regel in regels:
        if regel.status == Inzetregel.Status.AFGEWEZEN:
            nieuw[regel.pk] = waardering.regel_waarde(regel=regel)[0]
    gewijzigd = [r for r in regels if r.waarde != nieuw[r.pk]]
    for regel in gewijzigd:
        regel.waarde = nieuw[regel.pk]
    Inzetregel.objects.bulk_update(gewijzigd, ["waarde"])
    verplichting_totalen_bijwerken(verplichting=verplichting)
    return len(gewijzigd)


# --- Stored totals of the lines --------------------------------------------------------------------------------------

_BEDRAG = DecimalField(max_digits=14, decimal_places=2)


def verplichting_totalen_bijwerken(*, verplichting: Verplichting) -> tuple[Decimal, Decimal]:
    """Store the sums of `verplichting`'s lines on it: `gerealiseerd` (every line not rejected) and `gevalideerd`
    (validated lines only), so lists and kring totals read them without scanning lines. One aggregate query and one
    update; call at the end of every write that adds lines or changes their value or status, inside its transaction
    (after locking the obligation). Also sets the fields on the instance passed in. Returns both sums."""
    afgewezen = Inzetregel.Status.AFGEWEZEN
    sommen = Inzetregel.objects.filter(verplichting_id=verplichting.pk).aggregate(
        gerealiseerd=Coalesce(Sum("waarde", filter=~Q(status=afgewezen)), Value(Decimal(0)), output_field=_BEDRAG),
        gevalideerd=Coalesce(
            Sum("waarde", filter=Q(status=Inzetregel.Status.GEVALIDEERD)), Value(Decimal(0)), output_field=_BEDRAG
        ),
    )
    Verplichting.objects.filter(pk=verplichting.pk).update(**sommen)
    verplichting.gerealiseerd = sommen["gerealiseerd"]
    verplichting.gevalideerd = sommen["gevalideerd"]
    return sommen["gerealiseerd"], sommen["gevalideerd"]


# --- Early warnings --------------------------------------------------------------------------------------------------


def _condities(verplichting: Verplichting, vandaag: datetime.date) -> dict[str, str]:
    """The warnings that hold for `verplichting` (annotated by `met_sommen`) on `vandaag`: soort -> explanation."""
    uitkomst: dict[str, str] = {}
    sr = Decimal(verplichting.sr_bedrag)
    gerealiseerd = Decimal(verplichting.gerealiseerd)
    verstreken = verstreken_fractie(
        start=verplichting.looptijd_start, eind=verplichting.looptijd_eind, vandaag=vandaag
    )
    procent = int(verstreken * 100)
    if sr > 0 and verstreken >= ACHTERSTAND_LOOPTIJD and gerealiseerd < sr * ACHTERSTAND_GEREALISEERD:
        uitkomst[Soort.ACHTERSTAND] = _(
            "%(procent)s %% van de looptijd is voorbij en %(gerealiseerd)s van %(sr)s is gerealiseerd (minder dan "
            "een kwart)."
        ) % {"procent": procent, "gerealiseerd": bedrag_tekst(gerealiseerd), "sr": bedrag_tekst(sr)}
    verwacht = prognose(gerealiseerd=gerealiseerd, sr_bedrag=sr, verstreken=verstreken)
    if sr > 0 and verstreken >= PROGNOSE_LOOPTIJD and verwacht is not None and verwacht < sr * PROGNOSE_ONDER:
        uitkomst[Soort.PROGNOSE] = _(
            "In dit tempo komt de inzet aan het einde van de looptijd uit op %(prognose)s van %(sr)s (minder dan "
            "80 %%)."
        ) % {"prognose": bedrag_tekst(verwacht), "sr": bedrag_tekst(sr)}
    if verplichting.looptijd_start <= vandaag <= verplichting.looptijd_eind:
        laatste = verplichting.laatste_invoer
        sinds = (
            max(timezone.localdate(laatste), verplichting.looptijd_start) if laatste else verplichting.looptijd_start
        )
        if sinds < maanden_terug(vandaag, verplichting.rapportage_maanden):
            uitkomst[Soort.RAPPORTAGE] = (
                _("Sinds %(datum)s is er geen inzet ingevoerd; er wordt elke %(maanden)s maanden gerapporteerd.")
                if laatste
                else _(
                    "Sinds het begin van de looptijd (%(datum)s) is er geen inzet ingevoerd; er wordt elke "
                    "%(maanden)s maanden gerapporteerd."
                )
            ) % {"datum": _datum(sinds), "maanden": verplichting.rapportage_maanden}
    return uitkomst


@transaction.atomic
def waarschuwingen_bijwerken(*, vandaag: datetime.date | None = None) -> dict:
    """The daily sweep of early warnings (module docstring): raise the warnings whose condition holds and that are not
    open yet (audited, one event per warning), resolve the open ones whose condition no longer holds. Obligations
    whose candidate data is anonymised are done: their open warnings are resolved. Idempotent; a fixed number of
    queries plus one per change. Returns how many were raised and resolved."""
    vandaag = vandaag or timezone.localdate()
    open_per: dict[tuple[int, str], Waarschuwing] = {
        (w.verplichting_id, w.soort): w
        for w in Waarschuwing.objects.select_for_update().filter(opgelost_op__isnull=True)
    }
    houdt: set[tuple[int, str]] = set()
    aangemaakt = 0
    for verplichting in met_sommen(Verplichting.objects.filter(geanonimiseerd_op__isnull=True)).select_related(
        "project", "opdrachtnemer"
    ):
        for soort, toelichting in _condities(verplichting, vandaag).items():
            sleutel = (verplichting.pk, soort)
            houdt.add(sleutel)
            if sleutel in open_per:
                continue
            waarschuwing = Waarschuwing.objects.create(
                verplichting=verplichting, soort=soort, toelichting=toelichting[:300], sinds=vandaag
            )
            aangemaakt += 1
            audit_log(
                actie="sroi.waarschuwing.gegeven",
                obj=verplichting,
                na={"soort": soort, "toelichting": waarschuwing.toelichting, "sinds": vandaag.isoformat()},
                actor_omschrijving=AUTOMATISCH,
            )
    opgelost = [w.pk for sleutel, w in open_per.items() if sleutel not in houdt]
    if opgelost:
        Waarschuwing.objects.filter(pk__in=opgelost).update(opgelost_op=vandaag)
    return {"aangemaakt": aangemaakt, "opgelost": len(opgelost)}
