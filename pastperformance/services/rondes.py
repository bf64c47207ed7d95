"""Writes of beoordelingsplannen and the status flow of their rounds up to the reveal (issue 6, outcomes 2 and 3).

A plan names the contractor and a responsible rater on each side; its rounds are planned from the execution dates
(`rondes_plannen`): a startronde when execution starts, a tussentijdse ronde every `Beleid.tussentijds_maanden`
months of execution before oplevering, and an eindronde after oplevering. The daily sweep (`rondes_bijwerken`) opens
rounds whose day has come and reveals rounds whose ratings are all in or whose reveal date has come. Every status
change goes through `controleer_overgang` and is audited; the flow after the reveal lives in services/bespreking.py.
"""

import calendar
import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log, momentopname, wijzigingen
from kring.models import Organisatie, User
from pastperformance.models import (
    BEOORDELAAR_KANT,
    OVER_KANT,
    Beleid,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Richting,
    Vragenlijst,
)
from pastperformance.permissions import (
    VROEG_OPENEN_DAGEN,
    mag_plan_aanmaken,
    mag_plan_beheren,
    mag_ronde_openen,
    mag_ronde_vervallen,
)
from pastperformance.services.overgangen import controleer_overgang
from projecten.models import Project

logger = logging.getLogger(__name__)

Soort = Beoordelingsronde.Soort
Status = Beoordelingsronde.Status
Fase = Project.Fase

# A contractor is rated once the work is awarded: from the tender on (a plan can be made before execution starts).
PLANBARE_FASEN = (Fase.AANBESTEDING, Fase.UITVOERING, Fase.NAZORG, Fase.AFGEROND)
# A round is revealed early only when all four ratings are in: both sides' ratings and both self-ratings.
VERPLICHTE_RICHTINGEN = tuple(Richting)
# Who did it, in the audit log, when the daily sweep changes a round.
AUTOMATISCH = "Automatisch (past performance)"

PLANVELDEN = ("beoordelaar_og", "beoordelaar_on", "uitvoering_start", "uitvoering_eind", "opgeleverd_op")


def _datum(datum: datetime.date) -> str:
    return formats.date_format(datum, "j F Y")


def plus_maanden(datum: datetime.date, maanden: int) -> datetime.date:
    """`datum` plus whole months; the 31st becomes the last day of a shorter month."""
    index = datum.year * 12 + datum.month - 1 + maanden
    jaar, maand = divmod(index, 12)
    maand += 1
    return datetime.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def uitvoering_volgens_project(project: Project) -> tuple[datetime.date | None, datetime.date | None]:
    """The execution period the project's planning gives: from the first day of its start quarter for `duur_maanden`
    months (the last day before the next month's same day). None for what the project does not say."""
    start = project.start_kwartaal
    if start is None or not project.duur_maanden:
        return start, None
    return start, plus_maanden(start, project.duur_maanden) - datetime.timedelta(days=1)


def onthulling_uiterlijk(*, soort: str, opent_op: datetime.date, plan: Beoordelingsplan, beleid: Beleid):
    """The reveal date of a round opening on `opent_op`: `Beleid.onthulling_dagen` later; an eindronde after a recorded
    oplevering must be done `Beleid.eindronde_dagen` after it, so then no later than that (unless that day has passed
    already: a late round still gets the normal term)."""
    uiterlijk = opent_op + datetime.timedelta(days=beleid.onthulling_dagen)
    if soort == Soort.EIND and plan.opgeleverd_op is not None:
        grens = plan.opgeleverd_op + datetime.timedelta(days=beleid.eindronde_dagen)
        if grens > opent_op:
            uiterlijk = min(uiterlijk, grens)
    return uiterlijk


# --- Plans -----------------------------------------------------------------------------------------------------------


def _plan_fouten(plan: Beoordelingsplan, vandaag: datetime.date) -> dict[str, list[str]]:
    """The checks between the plan's fields and its parties, in Dutch (the model's constraints are English)."""
    fouten: dict[str, list[str]] = {}

    def fout(veld, tekst):
        fouten.setdefault(veld, []).append(tekst)

    gemeente, opdrachtnemer = plan.project.gemeente, plan.opdrachtnemer
    og, on = plan.beoordelaar_og, plan.beoordelaar_on
    if og is not None:
        if og.organisatie_id == opdrachtnemer.pk:
            fout(
                "beoordelaar_og",
                _(
                    "%(naam)s werkt bij %(opdrachtnemer)s en kan niet namens de gemeente beoordelen: dan beoordeelt "
                    "de opdrachtnemer zichzelf als de andere partij. Kies een medewerker van %(gemeente)s."
                )
                % {"naam": og.naam, "opdrachtnemer": opdrachtnemer.naam, "gemeente": gemeente.naam},
            )
        elif og.organisatie_id != gemeente.pk or not og.is_actief:
            fout("beoordelaar_og", _("Kies een actieve medewerker van %(gemeente)s.") % {"gemeente": gemeente.naam})
    if on is not None:
        if on.organisatie_id == gemeente.pk:
            fout(
                "beoordelaar_on",
                _(
                    "%(naam)s werkt bij %(gemeente)s en kan niet namens de opdrachtnemer beoordelen: dan beoordeelt de "
                    "gemeente zichzelf als de andere partij. Kies een medewerker van %(opdrachtnemer)s."
                )
                % {"naam": on.naam, "gemeente": gemeente.naam, "opdrachtnemer": opdrachtnemer.naam},
            )
        elif on.organisatie_id != opdrachtnemer.pk or not on.is_actief:
            fout(
                "beoordelaar_on",
                _("Kies een actieve medewerker van %(opdrachtnemer)s.") % {"opdrachtnemer": opdrachtnemer.naam},
            )
    start, eind = plan.uitvoering_start, plan.uitvoering_eind
    if start and eind and eind < start:
        fout(
            "uitvoering_eind",
            _(
                "De geplande oplevering (%(eind)s) ligt vóór de start van de uitvoering (%(start)s). Kies een latere datum."
            )
            % {"eind": _datum(eind), "start": _datum(start)},
        )
    if plan.opgeleverd_op is not None:
        if plan.opgeleverd_op > vandaag:
            fout("opgeleverd_op", _("Vul de datum in waarop het werk is opgeleverd: vandaag of eerder."))
        elif start and plan.opgeleverd_op < start:
            fout(
                "opgeleverd_op",
                _("Het werk kan niet zijn opgeleverd vóór de start van de uitvoering (%(start)s).")
                % {"start": _datum(start)},
            )
    return fouten


def _valideer_plan(plan: Beoordelingsplan, vandaag: datetime.date) -> None:
    fouten: dict[str, list] = {}
    try:
        plan.clean_fields(exclude=["project", "opdrachtnemer", "aangemaakt_door"])
    except ValidationError as ongeldig:
        ongeldig.update_error_dict(fouten)
    if not fouten:
        fouten = _plan_fouten(plan, vandaag)
    if fouten:
        raise ValidationError(fouten)


def _stand(plan: Beoordelingsplan) -> dict:
    return momentopname(plan, ["opdrachtnemer", *PLANVELDEN])


@transaction.atomic
def plan_create(
    *,
    project: Project,
    opdrachtnemer: Organisatie,
    beoordelaar_og: User,
    beoordelaar_on: User,
    uitvoering_start: datetime.date | None = None,
    uitvoering_eind: datetime.date | None = None,
    door: User,
    request: HttpRequest | None = None,
) -> Beoordelingsplan:
    """A plan to rate `opdrachtnemer` on `project`, made by the project's gemeente (or a beheerder), with its rounds
    planned. The project must be awarded to that contractor and be in a phase from aanbesteding on; the raters are
    active staff of each side (never someone of the other side). Dates left out come from the project's planning
    (start quarter and duration)."""
    if not mag_plan_aanmaken(door, project):
        raise PermissionDenied
    project = Project.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=project.pk)
    if project.fase not in PLANBARE_FASEN:
        raise ValidationError(
            _(
                "Een beoordelingsplan hoort bij gegund werk: maak het vanaf de fase aanbesteding. Dit project is nog "
                "in fase %(fase)s."
            )
            % {"fase": project.get_fase_display().lower()}
        )
    if not project.opdrachtnemers.filter(pk=opdrachtnemer.pk).exists():
        raise ValidationError(
            {
                "opdrachtnemer": _(
                    "%(project)s is niet gegund aan %(opdrachtnemer)s: leg eerst de gunning vast op het project."
                )
                % {"project": project.naam, "opdrachtnemer": opdrachtnemer.naam}
            }
        )
    if Beoordelingsplan.objects.filter(project=project, opdrachtnemer=opdrachtnemer).exists():
        raise ValidationError(
            {
                "opdrachtnemer": _("Voor %(opdrachtnemer)s is op dit project al een beoordelingsplan.")
                % {"opdrachtnemer": opdrachtnemer.naam}
            }
        )
    start, eind = uitvoering_volgens_project(project)
    plan = Beoordelingsplan(
        project=project,
        opdrachtnemer=opdrachtnemer,
        beoordelaar_og=beoordelaar_og,
        beoordelaar_on=beoordelaar_on,
        uitvoering_start=uitvoering_start or start,
        uitvoering_eind=uitvoering_eind or eind,
        aangemaakt_door=door,
        aangemaakt_op=timezone.now(),
    )
    _valideer_plan(plan, timezone.localdate())
    plan.save()
    rondes = rondes_plannen(plan=plan)
    audit_log(
        actie="pastperformance.plan.aangemaakt",
        actor=door,
        obj=plan,
        na=_stand(plan) | {"rondes": _rondes_stand(rondes)},
        request=request,
    )
    return plan


@transaction.atomic
def plan_update(
    *, plan: Beoordelingsplan, gegevens: dict, door: User, request: HttpRequest | None = None
) -> Beoordelingsplan:
    """Change a plan's raters, execution dates or oplevering (keys of PLANVELDEN in `gegevens`; what is left out
    stays), by whoever manages it. The planned rounds follow; rounds that started already are left as they are.
    Recording the oplevering plans the eindronde from that day on (to be done `Beleid.eindronde_dagen` after it)."""
    onbekend = set(gegevens) - set(PLANVELDEN)
    if onbekend:
        raise ValueError(f"Geen velden van een beoordelingsplan: {sorted(onbekend)}")
    plan = (
        Beoordelingsplan.objects.select_for_update(of=("self",))
        .select_related("project__gemeente", "opdrachtnemer", "beoordelaar_og", "beoordelaar_on")
        .get(pk=plan.pk)
    )
    if not mag_plan_beheren(door, plan):
        raise PermissionDenied
    voor = _stand(plan)
    for veld, waarde in gegevens.items():
        setattr(plan, veld, waarde)
    _valideer_plan(plan, timezone.localdate())
    voor, na = wijzigingen(voor, _stand(plan))
    if not na:
        return plan
    plan.save()
    rondes = rondes_plannen(plan=plan)
    audit_log(
        actie="pastperformance.plan.gewijzigd",
        actor=door,
        obj=plan,
        voor=voor,
        na=na | {"rondes": _rondes_stand(rondes)},
        request=request,
    )
    return plan


# --- Planning the rounds ---------------------------------------------------------------------------------------------


def _rondes_stand(rondes: list[Beoordelingsronde]) -> list[str]:
    """The planned rounds as the audit log records them: "eind 2026-11-30"."""
    return [f"{ronde.soort} {ronde.opent_op.isoformat()}" for ronde in rondes]


def _gewenste_rondes(
    plan: Beoordelingsplan, gestart: list[Beoordelingsronde], beleid: Beleid, vandaag: datetime.date
) -> list[tuple[str, datetime.date]]:
    """(soort, opent_op) of the rounds still to plan, in date order.

    The full schedule is a startronde at the start of execution, a tussentijdse every `tussentijds_maanden` months of
    execution strictly before oplevering (recorded, else planned) and the eindronde after oplevering (the day it was
    recorded or, if that is past, today; else the planned oplevering). Of that, what the rounds that already started
    (or lapsed) cover is left out: the start once there is one, every date up to the latest started round, and
    everything once the eindronde started. Several rounds due at once (a plan made late) would all open the same day:
    only the latest of them stays, or none when the oplevering is recorded, as the eindronde then takes over."""
    if any(ronde.soort == Soort.EIND for ronde in gestart):
        return []
    oplevering = plan.opgeleverd_op or plan.uitvoering_eind
    schema = [(Soort.START, plan.uitvoering_start)]
    stap = 1
    while (datum := plus_maanden(plan.uitvoering_start, stap * beleid.tussentijds_maanden)) < oplevering:
        schema.append((Soort.TUSSENTIJDS, datum))
        stap += 1
    if any(ronde.soort == Soort.START for ronde in gestart):
        schema = schema[1:]
    laatste = max((ronde.opent_op for ronde in gestart), default=None)
    if laatste is not None:
        schema = [(soort, datum) for soort, datum in schema if datum > laatste]
    achterstallig = [rij for rij in schema if rij[1] <= vandaag]
    schema = [rij for rij in schema if rij[1] > vandaag]
    if achterstallig and plan.opgeleverd_op is None:
        schema.insert(0, achterstallig[-1])
    eind = max(plan.opgeleverd_op, vandaag) if plan.opgeleverd_op else plan.uitvoering_eind
    return [*schema, (Soort.EIND, eind)]


def rondes_plannen(*, plan: Beoordelingsplan, vandaag: datetime.date | None = None) -> list[Beoordelingsronde]:
    """Bring the planned (gepland) rounds of `plan` in line with its dates and the policy; returns them in order.
    Idempotent: run twice, nothing changes the second time. Rounds that started (or lapsed) stay as they are; the
    planned ones are numbered after them. Existing planned rows are reused in order, so their ids stay."""
    vandaag = vandaag or timezone.localdate()
    beleid = Beleid.huidig()
    with transaction.atomic():
        rondes = list(Beoordelingsronde.objects.select_for_update().filter(plan=plan).order_by("volgnummer"))
        gestart = [ronde for ronde in rondes if ronde.status != Status.GEPLAND]
        gepland = [ronde for ronde in rondes if ronde.status == Status.GEPLAND]
        eerste = max((ronde.volgnummer for ronde in gestart), default=0) + 1
        gewenst = [
            (
                eerste + index,
                soort,
                opent_op,
                onthulling_uiterlijk(soort=soort, opent_op=opent_op, plan=plan, beleid=beleid),
            )
            for index, (soort, opent_op) in enumerate(_gewenste_rondes(plan, gestart, beleid, vandaag))
        ]
        huidig = [(r.volgnummer, r.soort, r.opent_op, r.onthulling_uiterlijk) for r in gepland]
        if huidig == gewenst:
            return gepland
        overbodig = gepland[len(gewenst) :]
        Beoordelingsronde.objects.filter(pk__in=[ronde.pk for ronde in overbodig]).delete()
        gepland = gepland[: len(gewenst)]
        # Out of the way first: a reused row may take a number another planned row still holds.
        for index, ronde in enumerate(gepland):
            Beoordelingsronde.objects.filter(pk=ronde.pk).update(volgnummer=30000 + index)
        for ronde, (volgnummer, soort, opent_op, uiterlijk) in zip(gepland, gewenst, strict=False):
            ronde.volgnummer, ronde.soort, ronde.opent_op, ronde.onthulling_uiterlijk = (
                volgnummer,
                soort,
                opent_op,
                uiterlijk,
            )
            ronde.save(update_fields=["volgnummer", "soort", "opent_op", "onthulling_uiterlijk"])
        nieuw = Beoordelingsronde.objects.bulk_create(
            Beoordelingsronde(
                plan=plan, volgnummer=volgnummer, soort=soort, opent_op=opent_op, onthulling_uiterlijk=uiterlijk
            )
            for volgnummer, soort, opent_op, uiterlijk in gewenst[len(gepland) :]
        )
        return [*gepland, *nieuw]


# --- The status flow up to the reveal --------------------------------------------------------------------------------


def _vergrendel(ronde: Beoordelingsronde) -> Beoordelingsronde:
    """The round's row, locked until the transaction ends, with its plan and parties: two status changes of one round
    (the sweep and the last rating handed in) wait for each other and the second sees the first's result."""
    return (
        Beoordelingsronde.objects.select_for_update(of=("self",))
        .select_related("plan__project__gemeente", "plan__opdrachtnemer")
        .get(pk=ronde.pk)
    )


def _audit_status(ronde, *, actie: str, voor: dict, door: User | None, request: HttpRequest | None) -> None:
    velden = ["status", *(veld for veld in voor if veld != "status")]
    audit_log(
        actie=actie,
        actor=door,
        obj=ronde,
        voor=voor,
        na=momentopname(ronde, velden),
        request=request,
        actor_omschrijving="" if door is not None else AUTOMATISCH,
    )


@transaction.atomic
def ronde_open(
    *,
    ronde: Beoordelingsronde,
    door: User | None = None,
    request: HttpRequest | None = None,
    vandaag: datetime.date | None = None,
) -> Beoordelingsronde:
    """Open a planned round: its four ratings are created empty, each on the questionnaire version of its direction
    that is vastgesteld now (the round keeps that version), rater and rated organisation following the direction.
    The reveal date counts from the day it opens.

    `door` None is the daily sweep. A person (a rater of either side, or whoever manages the plan) may open a round
    from VROEG_OPENEN_DAGEN days before its planned day; an eindronde only once the oplevering is recorded."""
    vandaag = vandaag or timezone.localdate()
    ronde = _vergrendel(ronde)
    plan = ronde.plan
    if door is not None and not mag_ronde_openen(door, ronde):
        raise PermissionDenied
    controleer_overgang(ronde, Status.OPEN)
    vanaf = ronde.opent_op - datetime.timedelta(days=VROEG_OPENEN_DAGEN)
    if vandaag < vanaf:
        raise ValidationError(
            _("Deze ronde staat gepland op %(gepland)s en kan vanaf %(vanaf)s worden geopend.")
            % {"gepland": _datum(ronde.opent_op), "vanaf": _datum(vanaf)}
        )
    if ronde.soort == Soort.EIND and plan.opgeleverd_op is None:
        raise ValidationError(
            _(
                "De eindronde gaat over het opgeleverde werk. Leg eerst de datum van oplevering vast op het "
                "beoordelingsplan; daarna kan de eindronde open."
            )
        )
    vragenlijsten = {
        vragenlijst.richting: vragenlijst
        for vragenlijst in Vragenlijst.objects.filter(status=Vragenlijst.Status.VASTGESTELD)
    }
    ontbreekt = [Richting(richting).label for richting in VERPLICHTE_RICHTINGEN if richting not in vragenlijsten]
    if ontbreekt:
        raise ValidationError(
            _("Er is geen vastgestelde vragenlijst voor: %(richtingen)s. Een beheerder stelt die eerst vast.")
            % {"richtingen": ", ".join(str(label).lower() for label in ontbreekt)}
        )
    voor = momentopname(ronde, ["status", "onthulling_uiterlijk"])
    partij = {"og": plan.project.gemeente, "on": plan.opdrachtnemer}
    Beoordeling.objects.bulk_create(
        Beoordeling(
            ronde=ronde,
            richting=richting,
            vragenlijst=vragenlijsten[richting],
            beoordelaar_organisatie=partij[BEOORDELAAR_KANT[richting]],
            beoordeelde_organisatie=partij[OVER_KANT[richting]],
        )
        for richting in VERPLICHTE_RICHTINGEN
    )
    ronde.status = Status.OPEN
    ronde.geopend_op = timezone.now()
    # Counted from the day it really opens (early by hand, or late when the sweep catches up).
    ronde.onthulling_uiterlijk = max(
        onthulling_uiterlijk(soort=ronde.soort, opent_op=vandaag, plan=plan, beleid=Beleid.huidig()), ronde.opent_op
    )
    ronde.save(update_fields=["status", "geopend_op", "onthulling_uiterlijk"])
    _audit_status(ronde, actie="pastperformance.ronde.geopend", voor=voor, door=door, request=request)
    return ronde


def is_klaar_voor_onthulling(ronde: Beoordelingsronde, vandaag: datetime.date | None = None) -> bool:
    """All four ratings are handed in, or the reveal date has come."""
    if (vandaag or timezone.localdate()) >= ronde.onthulling_uiterlijk:
        return True
    ingediend = set(ronde.beoordelingen.filter(ingediend_op__isnull=False).values_list("richting", flat=True))
    return ingediend >= set(VERPLICHTE_RICHTINGEN)


@transaction.atomic
def ronde_onthul(
    *,
    ronde: Beoordelingsronde,
    door: User | None = None,
    request: HttpRequest | None = None,
    vandaag: datetime.date | None = None,
) -> Beoordelingsronde:
    """Reveal an open round: from now on both parties see each other's submitted ratings and self-ratings, and the
    reply window (`Beleid.reactie_dagen`) starts. Only when all four ratings are in or the reveal date has come; a
    round revealed already is returned as it is (the last rating handed in and the sweep may both ask).

    Called by the rating service (`door` the rater whose rating completed the round) and by the sweep (`door` None),
    never from a page."""
    vandaag = vandaag or timezone.localdate()
    ronde = _vergrendel(ronde)
    if ronde.is_onthuld:
        return ronde
    controleer_overgang(ronde, Status.ONTHULD)
    if not is_klaar_voor_onthulling(ronde, vandaag):
        raise ValidationError(
            _("De ronde wordt onthuld als alle vier beoordelingen zijn ingediend, of anders op %(datum)s.")
            % {"datum": _datum(ronde.onthulling_uiterlijk)}
        )
    voor = momentopname(ronde, ["status", "reactie_tot"])
    ronde.status = Status.ONTHULD
    ronde.onthuld_op = timezone.now()
    ronde.reactie_tot = vandaag + datetime.timedelta(days=Beleid.huidig().reactie_dagen)
    ronde.save(update_fields=["status", "onthuld_op", "reactie_tot"])
    _audit_status(ronde, actie="pastperformance.ronde.onthuld", voor=voor, door=door, request=request)
    return ronde


@transaction.atomic
def ronde_vervallen(
    *, ronde: Beoordelingsronde, reden: str, door: User, request: HttpRequest | None = None
) -> Beoordelingsronde:
    """Let a planned or open round lapse, with a reason, by whoever manages the plan. Its ratings (drafts or handed
    in) are never revealed; the planning does not bring the round back."""
    ronde = _vergrendel(ronde)
    if not mag_ronde_vervallen(door, ronde):
        raise PermissionDenied
    reden = (reden or "").strip()
    veld = Beoordelingsronde._meta.get_field("vervallen_reden")
    if not reden:
        raise ValidationError({"reden": _("Geef een reden: waarom is deze ronde niet meer nodig?")})
    if len(reden) > veld.max_length:
        raise ValidationError({"reden": _("Houd de reden kort: hoogstens %(max)s tekens.") % {"max": veld.max_length}})
    controleer_overgang(ronde, Status.VERVALLEN)
    voor = momentopname(ronde, ["status", "vervallen_reden"])
    ronde.status = Status.VERVALLEN
    ronde.vervallen_reden = reden
    ronde.save(update_fields=["status", "vervallen_reden"])
    _audit_status(ronde, actie="pastperformance.ronde.vervallen", voor=voor, door=door, request=request)
    return ronde


# --- The daily sweep -------------------------------------------------------------------------------------------------


def rondes_bijwerken(*, vandaag: datetime.date | None = None) -> dict:
    """The daily sweep: open the planned rounds whose day has come (an eindronde once the oplevering is recorded) and
    reveal the open rounds whose four ratings are in or whose reveal date has come. Each round in its own
    transaction, so one that cannot change (a questionnaire missing) does not hold up the others; it is logged and
    tried again the next day. Idempotent. Returns how many were opened, revealed and could not change."""
    vandaag = vandaag or timezone.localdate()
    resultaat = {"geopend": 0, "onthuld": 0, "mislukt": 0}
    te_openen = (
        Beoordelingsronde.objects.filter(status=Status.GEPLAND, opent_op__lte=vandaag)
        .exclude(soort=Soort.EIND, plan__opgeleverd_op__isnull=True)
        .order_by("opent_op", "pk")
    )
    ingediend = (
        Beoordeling.objects.filter(ronde=OuterRef("pk"), ingediend_op__isnull=False)
        .order_by()
        .values("ronde")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    te_onthullen = (
        Beoordelingsronde.objects.filter(status=Status.OPEN)
        .annotate(ingediend=Subquery(ingediend))
        .filter(Q(onthulling_uiterlijk__lte=vandaag) | Q(ingediend__gte=len(VERPLICHTE_RICHTINGEN)))
        .order_by("onthulling_uiterlijk", "pk")
    )
    for stap, rondes, dienst in (
        ("geopend", te_openen, ronde_open),
        ("onthuld", te_onthullen, ronde_onthul),
    ):
        for ronde in list(rondes):
            try:
                dienst(ronde=ronde, vandaag=vandaag)
            except ValidationError as fout:
                logger.warning("Ronde %s niet %s: %s", ronde.pk, stap, " ".join(fout.messages))
                resultaat["mislukt"] += 1
            else:
                resultaat[stap] += 1
    return resultaat
