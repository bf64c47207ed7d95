"""Helpers of the profielen tests: definitief rounds at a chosen moment, counted in the summary rows as
`ronde_definitief` does, and a naive recount straight from the scores (the oracle for the summary rows)."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from pastperformance.models import Beoordeling, Beoordelingsronde, KpiMeting, Richting
from pastperformance.services.profielen import Bijdragen, Telling, samenvatting_toevoegen, totaalscore
from tests.factories import BeoordelingsplanFactory, onthulde_ronde

Status = Beoordelingsronde.Status


def moment(jaar: int, maand: int, dag: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(jaar, maand, dag, 12, 0))


def definitief(
    *, op: datetime.datetime, og_on=(7,), on_og=(7,), zelf_on=(7,), zelf_og=(7,), plan=None, **plan_velden
) -> Beoordelingsronde:
    """A round of `plan` (or a new plan with `plan_velden`) made definitief at `op` with the given scores per
    direction (None = NVT), added to the summary rows."""
    plan = plan or BeoordelingsplanFactory(**plan_velden)
    waarden = {Richting.OG_ON: og_on, Richting.ON_OG: on_og, Richting.ZELF_ON: zelf_on, Richting.ZELF_OG: zelf_og}
    ronde = onthulde_ronde(waarden=waarden, plan=plan)
    ronde.status, ronde.definitief_op = Status.DEFINITIEF, op
    ronde.save(update_fields=["status", "definitief_op"])
    samenvatting_toevoegen(ronde=ronde)
    return ronde


def naief() -> Bijdragen:
    """The summary rows recounted one score at a time in Python, independent of the service's aggregate queries.
    Self-ratings add kring rows only (no organisation, no rater distribution)."""
    rijen: dict = defaultdict(Telling)
    verdelingen: dict = defaultdict(int)
    beoordelingen = (
        Beoordeling.objects.filter(
            ronde__status=Status.DEFINITIEF,
            ronde__definitief_op__isnull=False,
            telt_mee=True,
            ingediend_op__isnull=False,
        )
        .select_related("ronde")
        .prefetch_related("scores__criterium")
    )
    for beoordeling in beoordelingen:
        maand = timezone.localtime(beoordeling.ronde.definitief_op).date().replace(day=1)
        zelf = beoordeling.richting in (Richting.ZELF_ON, Richting.ZELF_OG)
        wie = (None,) if zelf else (beoordeling.beoordeelde_organisatie_id, None)
        waarden = []
        for score in beoordeling.scores.all():
            if score.waarde is None:
                continue
            waarden.append(score.waarde)
            for organisatie in wie:
                sleutel = (organisatie, beoordeling.richting, score.criterium.code, maand)
                rijen[sleutel] += Telling(1, Decimal(score.waarde), Decimal(score.waarde**2))
            if not zelf:
                for door in {beoordeling.ingediend_door_id, None}:
                    verdelingen[(door, beoordeling.richting, score.waarde)] += 1
        if waarden:
            gemiddelde, kwadraat = totaalscore(sum(waarden), len(waarden))
            for organisatie in wie:
                rijen[(organisatie, beoordeling.richting, "", maand)] += Telling(1, gemiddelde, kwadraat)
    for meting in KpiMeting.objects.select_related("plan__project"):
        richting = Richting.OG_ON if meting.soort == KpiMeting.Soort.VERTRAGING else Richting.ON_OG
        organisatie = meting.plan.opdrachtnemer_id if richting == Richting.OG_ON else meting.plan.project.gemeente_id
        for wie in (organisatie, None):
            sleutel = (wie, richting, f"kpi:{meting.soort}", meting.peildatum.replace(day=1))
            rijen[sleutel] += Telling(1, Decimal(meting.dagen), Decimal(meting.dagen**2))
    return Bijdragen(scoremaanden=dict(rijen), verdelingen=dict(verdelingen))
