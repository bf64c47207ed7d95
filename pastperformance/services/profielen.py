"""Writes of the aggregates: the summary rows (`Scoremaand`, `Beoordelaarverdeling`) and the hard KPIs beside them.

What counts (issue 6 outcome 7): only DEFINITIEF ratings that still count (`telt_mee`, no upheld bezwaar) of the
directions og_on and on_og, submitted; self-ratings never. A rating's overall score is the mean of its non-NVT scores
(a rating with only NVT is skipped), filed under the month of its round's `definitief_op` (local date) and under the
RATED organisation. Per (organisation, direction, month) the rows hold:

- criterium_code "" (Scoremaand.TOTAAL): one count per rating, with its overall score;
- criterium_code = a criterion's code: one count per non-NVT score;
- criterium_code "kpi:<soort>": one count per KPI measurement, value = its days, filed under the side it is about
  (betaaltermijn and besluittermijn: on_og under the project's gemeente; vertraging: og_on under the contractor) and
  the month of its peildatum.

Every row has its kring twin (organisatie empty) holding the sum over all organisations.

Self-ratings (zelf_on, zelf_og) that count the same way (definitief, submitted, `telt_mee`) add KRING rows only
(organisatie empty), per criterion and "" for the whole rating, so the stuurgroep dashboard can set the kring's own
view beside the other side's view per criterion (the perception gap) without reading scores. Profiles read og_on and
on_og only; self-ratings never enter a profile, a rater's distribution or the per-organisation rows, and a bezwaar
(which is about og_on/on_og ratings) never subtracts them. `Beoordelaarverdeling` counts
per submitting person, direction and score how often that score was given in counting ratings (+ kring rows).

One function computes what a set of ratings or measurements contributes, with aggregate queries (`_bijdragen`); the
incremental updates add or subtract that, and `samenvatting_herbereken` writes it for everything at once. An overall
score is rounded to four decimals (as stored) before it is summed or squared, so both paths agree to the last digit.

Concurrency: every write of the summary rows first locks the policy row (`_slot`), so two rounds becoming definitief
at the same moment, a bezwaar decision and a rebuild wait for each other instead of losing or double-counting. These
are rare, human-paced events; the wait is a few milliseconds."""

import datetime
import logging
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Count, DateField, F, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncMonth
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log
from kring.models import User
from pastperformance.models import (
    Beleid,
    Beoordelaarverdeling,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    KpiMeting,
    Richting,
    Score,
    Scoremaand,
)
from pastperformance.permissions import mag_kpi_invoeren, mag_kpi_verwijderen

logger = logging.getLogger(__name__)

# The directions that make up profiles: one side about the other. Self-ratings are for the conversation only.
PROFIELRICHTINGEN = (Richting.OG_ON, Richting.ON_OG)
# Self-ratings: kring rows only (module docstring), for the perception gap at kring level.
ZELFRICHTINGEN = (Richting.ZELF_ON, Richting.ZELF_OG)
# The direction whose profile a KPI belongs to: payment and decisions are the gemeente's, delay the contractor's.
KPI_RICHTING = {
    KpiMeting.Soort.BETAALTERMIJN: Richting.ON_OG,
    KpiMeting.Soort.BESLUITTERMIJN: Richting.ON_OG,
    KpiMeting.Soort.VERTRAGING: Richting.OG_ON,
}
KPI_MAX_DAGEN = 1000
VIER_DECIMALEN = Decimal("0.0001")

# (organisatie_id or None for the kring, richting, criterium_code, first day of the month)
Sleutel = tuple[int | None, str, str, datetime.date]
# (beoordelaar_id or None for the kring, richting, waarde)
Verdelingsleutel = tuple[int | None, str, int]


def kpi_code(soort: str) -> str:
    """The criterium_code of a KPI's summary rows."""
    return f"kpi:{soort}"


@dataclass(frozen=True)
class Telling:
    aantal: int = 0
    som: Decimal = Decimal(0)
    kwadraten: Decimal = Decimal(0)

    def __add__(self, ander: "Telling") -> "Telling":
        return Telling(self.aantal + ander.aantal, self.som + ander.som, self.kwadraten + ander.kwadraten)


@dataclass
class Bijdragen:
    """What a set of ratings and KPI measurements adds to the summary rows, kring rows included."""

    scoremaanden: dict[Sleutel, Telling] = field(default_factory=dict)
    verdelingen: dict[Verdelingsleutel, int] = field(default_factory=dict)
    beoordelingen: int = 0
    kpi_metingen: int = 0


def totaalscore(som: int, aantal: int) -> tuple[Decimal, Decimal]:
    """A rating's overall score as the summary rows hold it, from the sum and number of its non-NVT scores: the mean
    rounded to four decimals, and the square of that rounded mean, rounded the same way."""
    gemiddelde = (Decimal(som) / Decimal(aantal)).quantize(VIER_DECIMALEN, rounding=ROUND_HALF_UP)
    return gemiddelde, (gemiddelde * gemiddelde).quantize(VIER_DECIMALEN, rounding=ROUND_HALF_UP)


def tellende_beoordelingen() -> QuerySet[Beoordeling]:
    """The ratings that count in profiles (see the module docstring)."""
    return Beoordeling.objects.filter(
        ronde__status=Beoordelingsronde.Status.DEFINITIEF,
        ronde__definitief_op__isnull=False,
        richting__in=PROFIELRICHTINGEN,
        telt_mee=True,
        ingediend_op__isnull=False,
    )


def tellende_zelfbeoordelingen() -> QuerySet[Beoordeling]:
    """The self-ratings that add kring rows (see the module docstring): as `tellende_beoordelingen`, other directions."""
    return Beoordeling.objects.filter(
        ronde__status=Beoordelingsronde.Status.DEFINITIEF,
        ronde__definitief_op__isnull=False,
        richting__in=ZELFRICHTINGEN,
        telt_mee=True,
        ingediend_op__isnull=False,
    )


def _zelf_bijdragen(zelfbeoordelingen: QuerySet[Beoordeling]) -> dict[Sleutel, Telling]:
    """What counting self-ratings add: kring rows only, per criterion and per whole rating (its overall score, as for
    the profile directions), in two aggregate queries."""
    scores = Score.objects.filter(beoordeling__in=zelfbeoordelingen, waarde__isnull=False).order_by()
    groep = {
        "richting": F("beoordeling__richting"),
        "maand": TruncMonth("beoordeling__ronde__definitief_op", output_field=DateField()),
    }
    rijen: dict[Sleutel, Telling] = defaultdict(Telling)
    for rij in scores.values(code=F("criterium__code"), **groep).annotate(
        aantal=Count("pk"), som=Sum("waarde"), kwadraten=Sum(_kwadraat("waarde"))
    ):
        rijen[(None, rij["richting"], rij["code"], rij["maand"])] += Telling(
            rij["aantal"], Decimal(rij["som"]), Decimal(rij["kwadraten"])
        )
    for rij in scores.values("beoordeling_id", **groep).annotate(aantal=Count("pk"), som=Sum("waarde")):
        gemiddelde, kwadraat = totaalscore(rij["som"], rij["aantal"])
        rijen[(None, rij["richting"], Scoremaand.TOTAAL, rij["maand"])] += Telling(1, gemiddelde, kwadraat)
    return dict(rijen)


def _kwadraat(veld: str):
    # Cast first: on PostgreSQL smallint * smallint stays smallint, and 1000 days squared does not fit.
    return Cast(veld, BigIntegerField()) * Cast(veld, BigIntegerField())


def _met_kring(per_organisatie: dict[Sleutel, Telling]) -> dict[Sleutel, Telling]:
    """The organisations' rows plus their kring twins (the sum over all organisations)."""
    alles = dict(per_organisatie)
    for (_organisatie, richting, code, maand), telling in per_organisatie.items():
        kring = (None, richting, code, maand)
        alles[kring] = alles.get(kring, Telling()) + telling
    return alles


def _bijdragen(
    *,
    beoordelingen: QuerySet[Beoordeling],
    metingen: QuerySet[KpiMeting],
    zelfbeoordelingen: QuerySet[Beoordeling] | None = None,
) -> Bijdragen:
    """What `beoordelingen` (already limited to counting ones), `metingen` and `zelfbeoordelingen` (counting
    self-ratings: kring rows only) contribute, in four aggregate queries plus two for self-ratings: per criterion, per
    rating (for its overall score), per rater and score, per KPI kind. Python loops only over those grouped rows (at
    most one per rating), never over single scores."""
    scores = Score.objects.filter(beoordeling__in=beoordelingen, waarde__isnull=False).order_by()
    groep = {
        "organisatie": F("beoordeling__beoordeelde_organisatie_id"),
        "richting": F("beoordeling__richting"),
        # The current time zone (Europe/Amsterdam) decides the month, as on the pages.
        "maand": TruncMonth("beoordeling__ronde__definitief_op", output_field=DateField()),
    }
    per_organisatie: dict[Sleutel, Telling] = defaultdict(Telling)
    for rij in scores.values(code=F("criterium__code"), **groep).annotate(
        aantal=Count("pk"), som=Sum("waarde"), kwadraten=Sum(_kwadraat("waarde"))
    ):
        per_organisatie[(rij["organisatie"], rij["richting"], rij["code"], rij["maand"])] += Telling(
            rij["aantal"], Decimal(rij["som"]), Decimal(rij["kwadraten"])
        )
    beoordelingen_geteld = 0
    for rij in scores.values("beoordeling_id", **groep).annotate(aantal=Count("pk"), som=Sum("waarde")):
        gemiddelde, kwadraat = totaalscore(rij["som"], rij["aantal"])
        per_organisatie[(rij["organisatie"], rij["richting"], Scoremaand.TOTAAL, rij["maand"])] += Telling(
            1, gemiddelde, kwadraat
        )
        beoordelingen_geteld += 1
    verdelingen: dict[Verdelingsleutel, int] = defaultdict(int)
    for rij in scores.values(
        "waarde", door=F("beoordeling__ingediend_door_id"), soort=F("beoordeling__richting")
    ).annotate(aantal=Count("pk")):
        if rij["door"] is not None:  # an account removed since: its scores stay in the kring's distribution only
            verdelingen[(rij["door"], rij["soort"], rij["waarde"])] += rij["aantal"]
        verdelingen[(None, rij["soort"], rij["waarde"])] += rij["aantal"]
    kpi_geteld = 0
    for rij in (
        metingen.order_by()
        .values(
            "soort",
            gemeente=F("plan__project__gemeente_id"),
            opdrachtnemer=F("plan__opdrachtnemer_id"),
            maand=TruncMonth("peildatum"),
        )
        .annotate(aantal=Count("pk"), som=Sum("dagen"), kwadraten=Sum(_kwadraat("dagen")))
    ):
        richting = KPI_RICHTING[rij["soort"]]
        organisatie = rij["gemeente"] if richting == Richting.ON_OG else rij["opdrachtnemer"]
        per_organisatie[(organisatie, richting, kpi_code(rij["soort"]), rij["maand"])] += Telling(
            rij["aantal"], Decimal(rij["som"]), Decimal(rij["kwadraten"])
        )
        kpi_geteld += rij["aantal"]
    scoremaanden = _met_kring(per_organisatie)
    if zelfbeoordelingen is not None:
        for sleutel, telling in _zelf_bijdragen(zelfbeoordelingen).items():
            scoremaanden[sleutel] = scoremaanden.get(sleutel, Telling()) + telling
    return Bijdragen(
        scoremaanden=scoremaanden,
        verdelingen=dict(verdelingen),
        beoordelingen=beoordelingen_geteld,
        kpi_metingen=kpi_geteld,
    )


def _slot() -> None:
    """Lock the policy row for the rest of the transaction: the one lock all summary writes take first."""
    Beleid.objects.select_for_update().get_or_create(pk=1)


def _scoremaand_q(sleutel: Sleutel) -> Q:
    organisatie, richting, code, maand = sleutel
    wie = Q(organisatie__isnull=True) if organisatie is None else Q(organisatie_id=organisatie)
    return wie & Q(richting=richting, criterium_code=code, maand=maand)


def _verdeling_q(sleutel: Verdelingsleutel) -> Q:
    beoordelaar, richting, waarde = sleutel
    wie = Q(beoordelaar__isnull=True) if beoordelaar is None else Q(beoordelaar_id=beoordelaar)
    return wie & Q(richting=richting, waarde=waarde)


def _volgorde(sleutel: tuple) -> tuple:
    # The same order in every transaction (the kring's None first), so row locks are always taken in one order.
    return (sleutel[0] or 0, *sleutel[1:])


def _pas_toe(bijdragen: Bijdragen, teken: int) -> None:
    """Add (teken 1) or subtract (teken -1) `bijdragen` to the stored rows with UPDATE ... SET x = x + d, creating a
    missing row when adding and removing rows whose count reaches zero (a full recount has no empty rows)."""
    for sleutel in sorted(bijdragen.scoremaanden, key=_volgorde):
        telling = bijdragen.scoremaanden[sleutel]
        bijgewerkt = Scoremaand.objects.filter(_scoremaand_q(sleutel)).update(
            aantal=F("aantal") + teken * telling.aantal,
            som=F("som") + teken * telling.som,
            som_kwadraten=F("som_kwadraten") + teken * telling.kwadraten,
        )
        if not bijgewerkt and teken > 0:
            organisatie, richting, code, maand = sleutel
            Scoremaand.objects.create(
                organisatie_id=organisatie,
                richting=richting,
                criterium_code=code,
                maand=maand,
                aantal=telling.aantal,
                som=telling.som,
                som_kwadraten=telling.kwadraten,
            )
        elif not bijgewerkt:
            logger.warning("Samenvattingsrij ontbreekt bij aftrekken: %s; draai pp_herbereken.", sleutel)
    for sleutel in sorted(bijdragen.verdelingen, key=_volgorde):
        aantal = bijdragen.verdelingen[sleutel]
        bijgewerkt = Beoordelaarverdeling.objects.filter(_verdeling_q(sleutel)).update(
            aantal=F("aantal") + teken * aantal
        )
        if not bijgewerkt and teken > 0:
            beoordelaar, richting, waarde = sleutel
            Beoordelaarverdeling.objects.create(
                beoordelaar_id=beoordelaar, richting=richting, waarde=waarde, aantal=aantal
            )
    if teken < 0 and bijdragen.scoremaanden:
        Scoremaand.objects.filter(reduce(operator.or_, map(_scoremaand_q, bijdragen.scoremaanden)), aantal=0).delete()
    if teken < 0 and bijdragen.verdelingen:
        Beoordelaarverdeling.objects.filter(
            reduce(operator.or_, map(_verdeling_q, bijdragen.verdelingen)), aantal=0
        ).delete()


# --- Summary rows ----------------------------------------------------------------------------------------------------


@transaction.atomic
def samenvatting_toevoegen(*, ronde: Beoordelingsronde) -> Bijdragen:
    """Add the counting ratings of `ronde` (its self-ratings as kring rows) to the summary rows. Called once, by `ronde_definitief`, in its transaction
    and after the round was saved as definitief (status and definitief_op): the rows are read from the database."""
    _slot()
    vastgelegd = Beoordelingsronde.objects.filter(pk=ronde.pk).values_list("status", "definitief_op").get()
    if vastgelegd[0] != Beoordelingsronde.Status.DEFINITIEF or vastgelegd[1] is None:
        raise ValueError("samenvatting_toevoegen: sla de ronde eerst op als definitief (status en definitief_op).")
    bijdragen = _bijdragen(
        beoordelingen=tellende_beoordelingen().filter(ronde_id=ronde.pk),
        metingen=KpiMeting.objects.none(),
        zelfbeoordelingen=tellende_zelfbeoordelingen().filter(ronde_id=ronde.pk),
    )
    _pas_toe(bijdragen, 1)
    return bijdragen


@transaction.atomic
def samenvatting_verwijderen(*, beoordeling: Beoordeling) -> Bijdragen:
    """Take `beoordeling` (an og_on or on_og rating; a self-rating is never objected to and subtracts nothing) out of
    the summary rows, after an upheld bezwaar: called once, by `bezwaar_besluiten`, in its transaction, when the
    rating stops counting (it sets `telt_mee` to False, before or after this call; this
    subtracts what the rating added when its round became definitief, whatever `telt_mee` says now)."""
    _slot()
    zoals_geteld = Beoordeling.objects.filter(
        pk=beoordeling.pk,
        ronde__status=Beoordelingsronde.Status.DEFINITIEF,
        ronde__definitief_op__isnull=False,
        richting__in=PROFIELRICHTINGEN,
        ingediend_op__isnull=False,
    )
    bijdragen = _bijdragen(beoordelingen=zoals_geteld, metingen=KpiMeting.objects.none())
    _pas_toe(bijdragen, -1)
    return bijdragen


def samenvatting_berekenen() -> Bijdragen:
    """All summary rows as a full recount from the ratings (self-ratings included: kring rows) and KPI measurements
    would make them (nothing written)."""
    return _bijdragen(
        beoordelingen=tellende_beoordelingen(),
        metingen=KpiMeting.objects.all(),
        zelfbeoordelingen=tellende_zelfbeoordelingen(),
    )


@transaction.atomic
def samenvatting_herbereken(*, door: User | None = None) -> dict:
    """Delete and rebuild all summary rows from the ratings and KPI measurements; returns (and audits) the counts."""
    _slot()
    bijdragen = samenvatting_berekenen()
    Scoremaand.objects.all().delete()
    Beoordelaarverdeling.objects.all().delete()
    Scoremaand.objects.bulk_create(
        Scoremaand(
            organisatie_id=organisatie,
            richting=richting,
            criterium_code=code,
            maand=maand,
            aantal=telling.aantal,
            som=telling.som,
            som_kwadraten=telling.kwadraten,
        )
        for (organisatie, richting, code, maand), telling in bijdragen.scoremaanden.items()
    )
    Beoordelaarverdeling.objects.bulk_create(
        Beoordelaarverdeling(beoordelaar_id=beoordelaar, richting=richting, waarde=waarde, aantal=aantal)
        for (beoordelaar, richting, waarde), aantal in bijdragen.verdelingen.items()
    )
    tellingen = {
        "beoordelingen": bijdragen.beoordelingen,
        "kpi_metingen": bijdragen.kpi_metingen,
        "scoremaanden": len(bijdragen.scoremaanden),
        "verdelingen": len(bijdragen.verdelingen),
    }
    audit_log(actie="pastperformance.samenvatting_herberekend", actor=door, na=tellingen)
    return tellingen


def opgeslagen_samenvatting() -> Bijdragen:
    """The summary rows as stored, in the shape of `samenvatting_berekenen` (for comparing the two)."""
    return Bijdragen(
        scoremaanden={
            (rij.organisatie_id, rij.richting, rij.criterium_code, rij.maand): Telling(
                rij.aantal, rij.som, rij.som_kwadraten
            )
            for rij in Scoremaand.objects.all()
        },
        verdelingen={
            (rij.beoordelaar_id, rij.richting, rij.waarde): rij.aantal for rij in Beoordelaarverdeling.objects.all()
        },
    )


def samenvatting_verschillen() -> list[str]:
    """Where the stored summary rows differ from a full recount, one line each; empty when they agree."""
    opgeslagen, berekend = opgeslagen_samenvatting(), samenvatting_berekenen()
    regels = []
    for sleutel in sorted(opgeslagen.scoremaanden.keys() | berekend.scoremaanden.keys(), key=_volgorde):
        was, wordt = opgeslagen.scoremaanden.get(sleutel), berekend.scoremaanden.get(sleutel)
        if was != wordt:
            regels.append(
                f"scoremaand {_sleuteltekst(sleutel)}: opgeslagen {_tekst(was)}, herberekend {_tekst(wordt)}"
            )
    for sleutel in sorted(opgeslagen.verdelingen.keys() | berekend.verdelingen.keys(), key=_volgorde):
        was, wordt = opgeslagen.verdelingen.get(sleutel), berekend.verdelingen.get(sleutel)
        if was != wordt:
            regels.append(f"verdeling {_sleuteltekst(sleutel)}: opgeslagen {was}, herberekend {wordt}")
    return regels


def _sleuteltekst(sleutel: tuple) -> str:
    return " ".join(["kring" if sleutel[0] is None else f"#{sleutel[0]}", *(str(deel) for deel in sleutel[1:])])


def _tekst(telling: Telling | None) -> str:
    return "geen rij" if telling is None else f"{telling.aantal} / {telling.som} / {telling.kwadraten}"


# --- KPIs ------------------------------------------------------------------------------------------------------------


def _kpi_fouten(*, soort: str, dagen, peildatum, omschrijving: str) -> dict[str, list]:
    fouten: dict[str, list] = {}
    if soort not in KpiMeting.Soort.values:
        fouten["soort"] = [_("Kies wat u meet: betaaltermijn, besluittermijn of vertraging.")]
    if not isinstance(dagen, int) or isinstance(dagen, bool) or not 0 <= dagen <= KPI_MAX_DAGEN:
        fouten["dagen"] = [_("Vul een aantal hele dagen in van 0 tot en met %(max)s.") % {"max": KPI_MAX_DAGEN}]
    if not isinstance(peildatum, datetime.date):
        fouten["peildatum"] = [_("Vul de datum in, bijvoorbeeld de betaaldatum of de datum van het besluit.")]
    elif peildatum > timezone.localdate():
        fouten["peildatum"] = [_("Een meting gaat over wat al gebeurd is: kies vandaag of een eerdere datum.")]
    if len(omschrijving) > KpiMeting._meta.get_field("omschrijving").max_length:
        fouten["omschrijving"] = [_("Houd de omschrijving kort: hooguit 200 tekens.")]
    return fouten


@transaction.atomic
def kpi_toevoegen(
    *,
    plan: Beoordelingsplan,
    soort: str,
    dagen: int,
    peildatum: datetime.date,
    omschrijving: str = "",
    door: User,
    request: HttpRequest | None = None,
) -> KpiMeting:
    """Record a hard KPI on `plan` (staff of either party, or a beheerder) and count it in the summary rows at once.
    The days are whole days from 0 to 1000; the date is not in the future."""
    if not mag_kpi_invoeren(door, plan):
        raise PermissionDenied
    omschrijving = (omschrijving or "").strip()
    fouten = _kpi_fouten(soort=soort, dagen=dagen, peildatum=peildatum, omschrijving=omschrijving)
    if fouten:
        raise ValidationError(fouten)
    _slot()
    meting = KpiMeting(
        plan=plan, soort=soort, dagen=dagen, peildatum=peildatum, omschrijving=omschrijving, ingevoerd_door=door
    )
    meting.full_clean()
    meting.save()
    _pas_toe(_bijdragen(beoordelingen=Beoordeling.objects.none(), metingen=KpiMeting.objects.filter(pk=meting.pk)), 1)
    audit_log(actie="kpi.toegevoegd", actor=door, obj=meting, na=_kpi_stand(meting), request=request)
    return meting


@transaction.atomic
def kpi_verwijderen(*, meting: KpiMeting, door: User, request: HttpRequest | None = None) -> None:
    """Delete a KPI measurement (the organisation that entered it, or a beheerder) and take it out of the summary
    rows. Deleting one that is already gone says so."""
    _slot()
    vergrendeld = (
        KpiMeting.objects.select_for_update(of=("self",))
        .select_related("ingevoerd_door__organisatie", "plan")
        .filter(pk=meting.pk)
        .first()
    )
    if vergrendeld is None:
        raise ValidationError(_("Deze meting is al verwijderd."))
    if not mag_kpi_verwijderen(door, vergrendeld):
        raise PermissionDenied
    _pas_toe(_bijdragen(beoordelingen=Beoordeling.objects.none(), metingen=KpiMeting.objects.filter(pk=meting.pk)), -1)
    voor = _kpi_stand(vergrendeld)
    audit_log(actie="kpi.verwijderd", actor=door, obj=vergrendeld, voor=voor, request=request)
    vergrendeld.delete()


def _kpi_stand(meting: KpiMeting) -> dict:
    return {
        "plan": str(meting.plan),
        "soort": meting.soort,
        "dagen": meting.dagen,
        "peildatum": meting.peildatum.isoformat(),
        "omschrijving": meting.omschrijving,
    }
