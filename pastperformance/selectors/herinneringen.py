"""Reads for the past-performance reminders (pastperformance/herinneringen.py): for each kind, whom to remind about
which round, afspraak or plan on a given day. Each `*_zoek` runs a fixed number of queries, however many rounds.

Reminders go to the responsible raters named on the plan (or an afspraak's owner), and only while that person is
active and still works for the side they rate for: someone who left the organisation no longer sees the round. A
mail never holds a score: before the reveal nobody may see the other side's rating, and after it the page shows it."""

import datetime
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from kring.herinneringen import Aanleiding, absolute_url
from kring.models import Herinnering, User
from pastperformance.models import (
    BEOORDELAAR_KANT,
    Afspraak,
    Beleid,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Richting,
)
from pastperformance.permissions import is_partij

RONDE_GEOPEND = "pp_ronde_geopend"
NIET_INGEDIEND = "pp_niet_ingediend"
ONTHULD = "pp_onthuld"
REACTIETERMIJN = "pp_reactietermijn"
AFSPRAAK_VERLOPEN = "pp_afspraak_verlopen"
EINDRONDE = "pp_eindronde"

# Days before the reveal deadline on which a rater whose rating is not yet submitted is reminded.
NIET_INGEDIEND_DAGEN = (7, 2)
# Days before the end of the reply window on which the rated side is reminded to reply.
REACTIETERMIJN_DAGEN = 3

Status = Beoordelingsronde.Status
_PLAN_VELDEN = ("plan__project__gemeente", "plan__opdrachtnemer", "plan__beoordelaar_og", "plan__beoordelaar_on")


def _kan_ontvangen(gebruiker: User | None, plan: Beoordelingsplan, kant: str) -> bool:
    """Active and still working for that side of the plan: only then may they see the round the mail links to."""
    return gebruiker is not None and is_partij(gebruiker, plan) == kant


def _beoordelaar(plan: Beoordelingsplan, kant: str) -> User:
    """The responsible rater of one side ("og" or "on")."""
    return plan.beoordelaar_og if kant == "og" else plan.beoordelaar_on


def _beoordelaars(plan: Beoordelingsplan) -> Iterator[tuple[str, User]]:
    for kant in ("og", "on"):
        gebruiker = _beoordelaar(plan, kant)
        if _kan_ontvangen(gebruiker, plan, kant):
            yield kant, gebruiker


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


def _ronde_context(ronde: Beoordelingsronde, kant: str) -> dict:
    plan = ronde.plan
    return {
        "ronde": ronde,
        "project": plan.project,
        # The organisation on the other side: organisations are rated, not people.
        "andere_partij": plan.opdrachtnemer if kant == "og" else plan.project.gemeente,
        "url": absolute_url(ronde.get_absolute_url()),
    }


def ronde_geopend_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Open rounds, to both responsible raters, once per round and rater."""
    rondes = list(Beoordelingsronde.objects.filter(status=Status.OPEN).select_related(*_PLAN_VELDEN).order_by("pk"))
    gehad = _gehad(RONDE_GEOPEND, Beoordelingsronde, rondes)
    for ronde in rondes:
        for kant, gebruiker in _beoordelaars(ronde.plan):
            if (ronde.pk, gebruiker.pk) not in gehad:
                yield Aanleiding(gebruiker, ronde, _ronde_context(ronde, kant))


def _moment(ronde: Beoordelingsronde, vandaag: datetime.date) -> tuple[datetime.date, int] | None:
    """The latest reminder moment of a round on or before `vandaag` (7 or 2 days before the reveal deadline), with its
    number of days; a moment before the round opened is skipped (the opening mail says it all then)."""
    geopend = timezone.localdate(ronde.geopend_op) if ronde.geopend_op else ronde.opent_op
    for dagen in sorted(NIET_INGEDIEND_DAGEN):
        moment = ronde.onthulling_uiterlijk - datetime.timedelta(days=dagen)
        if geopend < moment <= vandaag:
            return moment, dagen
    return None


def niet_ingediend_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Open rounds 7 and 2 days before their reveal deadline, to the rater of each side that has not submitted both
    its ratings (about the other side and its self-rating); once per moment and rater."""
    rondes = {
        ronde.pk: ronde
        for ronde in Beoordelingsronde.objects.filter(
            status=Status.OPEN,
            onthulling_uiterlijk__gte=vandaag,
            onthulling_uiterlijk__lte=vandaag + datetime.timedelta(days=max(NIET_INGEDIEND_DAGEN)),
        ).select_related(*_PLAN_VELDEN)
    }
    momenten = {pk: moment for pk, ronde in rondes.items() if (moment := _moment(ronde, vandaag))}
    open_per_kant: dict[tuple[int, str], list[Beoordeling]] = {}
    for beoordeling in Beoordeling.objects.filter(ronde_id__in=momenten, ingediend_op__isnull=True).order_by(
        "ronde_id", "richting"
    ):
        kant = BEOORDELAAR_KANT[Richting(beoordeling.richting)]
        open_per_kant.setdefault((beoordeling.ronde_id, kant), []).append(beoordeling)
    gehad = _gehad(
        NIET_INGEDIEND,
        Beoordelingsronde,
        [rondes[pk] for pk in momenten],
        vanaf={pk: moment for pk, (moment, _dagen) in momenten.items()},
    )
    for pk in sorted(momenten):
        ronde, (_moment_datum, dagen) = rondes[pk], momenten[pk]
        for kant, gebruiker in _beoordelaars(ronde.plan):
            open_beoordelingen = open_per_kant.get((pk, kant))
            if open_beoordelingen and (pk, gebruiker.pk) not in gehad:
                context = {
                    **_ronde_context(ronde, kant),
                    "dagen": (ronde.onthulling_uiterlijk - vandaag).days,
                    "herinnering_dagen": dagen,
                    "open_beoordelingen": open_beoordelingen,
                }
                yield Aanleiding(gebruiker, ronde, context)


def onthuld_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Revealed rounds whose bespreking is not yet recorded, to both raters: plan the conversation. Once per round and
    rater."""
    rondes = list(Beoordelingsronde.objects.filter(status=Status.ONTHULD).select_related(*_PLAN_VELDEN).order_by("pk"))
    gehad = _gehad(ONTHULD, Beoordelingsronde, rondes)
    for ronde in rondes:
        for kant, gebruiker in _beoordelaars(ronde.plan):
            if (ronde.pk, gebruiker.pk) not in gehad:
                yield Aanleiding(gebruiker, ronde, _ronde_context(ronde, kant))


def reactietermijn_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Submitted ratings of the other side without a reply, in a revealed round whose reply window ends within three
    days, to the rater of the rated side. Once per rating, rater and window: an extended window is reminded again."""
    beoordelingen = list(
        Beoordeling.objects.filter(
            richting__in=[Richting.OG_ON, Richting.ON_OG],
            ingediend_op__isnull=False,
            reactie__isnull=True,
            ronde__status__in=[Status.ONTHULD, Status.BESPROKEN],
            ronde__reactie_tot__gte=vandaag,
            ronde__reactie_tot__lte=vandaag + datetime.timedelta(days=REACTIETERMIJN_DAGEN),
        )
        .select_related("ronde", *(f"ronde__{veld}" for veld in _PLAN_VELDEN))
        .order_by("ronde_id", "richting")
    )
    gehad = _gehad(
        REACTIETERMIJN,
        Beoordeling,
        beoordelingen,
        vanaf={b.pk: b.ronde.reactie_tot - datetime.timedelta(days=REACTIETERMIJN_DAGEN) for b in beoordelingen},
    )
    for beoordeling in beoordelingen:
        ronde = beoordeling.ronde
        kant = "on" if beoordeling.richting == Richting.OG_ON else "og"
        gebruiker = _beoordelaar(ronde.plan, kant)
        if _kan_ontvangen(gebruiker, ronde.plan, kant) and (beoordeling.pk, gebruiker.pk) not in gehad:
            context = {
                **_ronde_context(ronde, kant),
                "beoordeling": beoordeling,
                "dagen": (ronde.reactie_tot - vandaag).days,
            }
            yield Aanleiding(gebruiker, beoordeling, context)


def afspraak_verlopen_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Open afspraken past their deadline, to their aanspreekpunt; without one (or when they left the organisation
    or are no longer active), to the rater of the owning side. The weekly rhythm of the kind sends it once a week."""
    afspraken = (
        Afspraak.objects.filter(status=Afspraak.Status.OPEN, deadline__lt=vandaag)
        .exclude(ronde__status=Status.VERVALLEN)
        .select_related("eigenaar", "eigenaar_organisatie", "ronde", *(f"ronde__{veld}" for veld in _PLAN_VELDEN))
        .order_by("deadline", "pk")
    )
    for afspraak in afspraken:
        plan = afspraak.ronde.plan
        kant = {plan.project.gemeente_id: "og", plan.opdrachtnemer_id: "on"}.get(afspraak.eigenaar_organisatie_id)
        if kant is None:
            continue
        if _kan_ontvangen(afspraak.eigenaar, plan, kant):
            ontvanger, als = afspraak.eigenaar, "aanspreekpunt"
        elif _kan_ontvangen(_beoordelaar(plan, kant), plan, kant):
            ontvanger, als = _beoordelaar(plan, kant), "beoordelaar"
        else:
            continue
        context = {
            **_ronde_context(afspraak.ronde, kant),
            "afspraak": afspraak,
            "als": als,
            "dagen_te_laat": (vandaag - afspraak.deadline).days,
            "url": absolute_url(reverse("pastperformance:afspraken")),
            "ronde_url": absolute_url(afspraak.ronde.get_absolute_url()),
        }
        yield Aanleiding(ontvanger, afspraak, context)


def eindronde_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Plans whose work was delivered (recorded, or the planned date passed) and whose eindronde has not started (nor
    lapsed), to the gemeente's rater, weekly. Nothing to do when the oplevering is recorded and the eindronde planned
    within the policy's days after it: the daily sweep opens it. Without a recorded oplevering the eindronde cannot
    open (it rates the delivered work), so the rater is asked to record it."""
    dagen = Beleid.huidig().eindronde_dagen
    eindronde = Beoordelingsronde.objects.filter(plan=OuterRef("pk"), soort=Beoordelingsronde.Soort.EIND)
    plannen = list(
        Beoordelingsplan.objects.filter(
            Q(opgeleverd_op__lte=vandaag) | Q(opgeleverd_op__isnull=True, uitvoering_eind__lt=vandaag)
        )
        .exclude(Exists(eindronde.exclude(status=Status.GEPLAND)))
        .annotate(eindronde_opent_op=Subquery(eindronde.filter(status=Status.GEPLAND).values("opent_op")[:1]))
        .select_related("project__gemeente", "opdrachtnemer", "beoordelaar_og")
        .order_by("pk")
    )
    for plan in plannen:
        oplevering = plan.opgeleverd_op or plan.uitvoering_eind
        uiterlijk = oplevering + datetime.timedelta(days=dagen)
        op_tijd = plan.opgeleverd_op is not None and (
            plan.eindronde_opent_op is not None and plan.eindronde_opent_op <= uiterlijk
        )
        gebruiker = plan.beoordelaar_og
        if not op_tijd and _kan_ontvangen(gebruiker, plan, "og"):
            context = {
                "plan": plan,
                "project": plan.project,
                "andere_partij": plan.opdrachtnemer,
                "oplevering": oplevering,
                "opgeleverd": plan.opgeleverd_op is not None,
                "uiterlijk": uiterlijk,
                "url": absolute_url(plan.get_absolute_url()),
            }
            yield Aanleiding(gebruiker, plan, context)
