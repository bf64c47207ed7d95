"""Retention of ratings (rule "beoordelingen" in kring/bewaartermijnen.py): PP_BEWAARTERMIJN_JAREN (default 5) years
after a project was delivered (`opgeleverd_op`, else the planned end), what ties its rating rounds to people is
removed: who submitted, replied, objected, sat on the panel, recorded or attended the bespreking, owns an afspraak,
wrote an addendum or entered a KPI, and every free text that may name someone (toelichtingen, motiveringen, replies,
grounds, the bespreking's summary and other attendees, addenda, afspraken).

Scores, NVT marks, `telt_mee`, KPI days and every date stay, so the `Scoremaand` summary rows (and with them every
profile and dashboard) do not change. `Beoordelaarverdeling` counts per submitting person: those rows lose the
anonymised ratings (the kring rows keep them), exactly as a full recount would now make them, so
`samenvatting_verschillen()` stays empty.

Only plans without a round in progress (open, revealed or discussed) are touched: a round still running is finished
by people first. Required texts become `GEANONIMISEERD`; what is already anonymised is not selected again, so a second
run changes nothing."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from pastperformance.models import (
    Addendum,
    Afspraak,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    KpiMeting,
    Reactie,
    Score,
)

# Private helpers of the summary rows, used here because this is the one other place that changes what they count.
from pastperformance.services.profielen import Bijdragen, _bijdragen, _pas_toe, _slot, tellende_beoordelingen
from projecten.koppelkansen import maanden_plus

# What a required free text reads once anonymised (the field may not be empty; an empty reply would look lost).
GEANONIMISEERD = "[Geanonimiseerd na de bewaartermijn]"

LOPEND = [Beoordelingsronde.Status.OPEN, Beoordelingsronde.Status.ONTHULD, Beoordelingsronde.Status.BESPROKEN]


def bewaargrens(vandaag: datetime.date) -> datetime.date:
    """Plans delivered before this date are past the retention period."""
    return maanden_plus(vandaag, -12 * settings.PP_BEWAARTERMIJN_JAREN)


def plannen_voorbij_termijn(vandaag: datetime.date) -> QuerySet[Beoordelingsplan]:
    lopend = Beoordelingsronde.objects.filter(plan=OuterRef("pk"), status__in=LOPEND)
    return (
        Beoordelingsplan.objects.annotate(eind=Coalesce("opgeleverd_op", "uitvoering_eind"))
        .filter(eind__lt=bewaargrens(vandaag))
        .exclude(Exists(lopend))
    )


def _te_anonimiseren(plannen: QuerySet[Beoordelingsplan]) -> list[tuple[QuerySet, dict]]:
    """Per model: the rows of `plannen` that still hold something personal, and the values that remove it."""
    aanwezig = Bespreking.aanwezigen.through.objects.filter(bespreking=OuterRef("pk"))
    g = GEANONIMISEERD
    return [
        (
            Beoordelingsplan.objects.filter(pk__in=plannen.values("pk"), aangemaakt_door__isnull=False),
            {"aangemaakt_door": None},
        ),
        (
            Beoordeling.objects.filter(ronde__plan__in=plannen).filter(
                Q(ingediend_door__isnull=False) | ~Q(algemene_toelichting="")
            ),
            {"ingediend_door": None, "algemene_toelichting": ""},
        ),
        (
            Score.objects.filter(beoordeling__ronde__plan__in=plannen).filter(
                ~Q(motivering="") | ~Q(voorgestelde_afspraak="")
            ),
            {"motivering": "", "voorgestelde_afspraak": ""},
        ),
        (
            Reactie.objects.filter(beoordeling__ronde__plan__in=plannen).filter(Q(door__isnull=False) | ~Q(tekst=g)),
            {"door": None, "tekst": g},
        ),
        (
            # A bezwaar still before its panel is left to the panel (it cannot be, in a finished round, but be safe).
            Bezwaar.objects.filter(beoordeling__ronde__plan__in=plannen, status=Bezwaar.Status.BESLOTEN).filter(
                Q(ingediend_door__isnull=False)
                | Q(panel_gemeente__isnull=False)
                | Q(panel_kring__isnull=False)
                | ~Q(gronden=g)
            ),
            {"ingediend_door": None, "panel_gemeente": None, "panel_kring": None, "gronden": g},
        ),
        (
            Addendum.objects.filter(ronde__plan__in=plannen).filter(Q(door__isnull=False) | ~Q(tekst=g)),
            {"door": None, "tekst": g},
        ),
        (
            Afspraak.objects.filter(ronde__plan__in=plannen).filter(
                Q(eigenaar__isnull=False) | ~Q(omschrijving=g) | ~Q(toelichting="")
            ),
            {"eigenaar": None, "omschrijving": g, "toelichting": ""},
        ),
        (
            Bespreking.objects.filter(ronde__plan__in=plannen).filter(
                Q(vastgelegd_door__isnull=False) | ~Q(overige_aanwezigen="") | ~Q(samenvatting=g) | Exists(aanwezig)
            ),
            {"vastgelegd_door": None, "overige_aanwezigen": "", "samenvatting": g},
        ),
        (
            KpiMeting.objects.filter(plan__in=plannen).filter(Q(ingevoerd_door__isnull=False) | ~Q(omschrijving="")),
            {"ingevoerd_door": None, "omschrijving": ""},
        ),
    ]


def beoordelingen_anonimiseren(*, vandaag: datetime.date, droog: bool = False) -> int:
    """Anonymise the rating rounds of plans past the retention period (see the module docstring); returns the number
    of rows changed (with `droog`: that would change, and nothing is written). Call inside a transaction."""
    plannen = plannen_voorbij_termijn(vandaag)
    stappen = _te_anonimiseren(plannen)
    if droog:
        return sum(rijen.count() for rijen, _waarden in stappen)
    # Take the anonymised ratings out of their raters' distributions first, while `ingediend_door` still says whose
    # they were; the one lock of the summary rows makes a round becoming definitief meanwhile wait.
    _slot()
    met_beoordelaar = Beoordeling.objects.filter(ronde__plan__in=plannen, ingediend_door__isnull=False)
    bijdragen = _bijdragen(
        beoordelingen=tellende_beoordelingen().filter(pk__in=met_beoordelaar.values("pk")),
        metingen=KpiMeting.objects.none(),
    )
    per_persoon = {sleutel: aantal for sleutel, aantal in bijdragen.verdelingen.items() if sleutel[0] is not None}
    _pas_toe(Bijdragen(verdelingen=per_persoon), -1)
    gewijzigd = 0
    for rijen, waarden in stappen:
        # The ids first: clearing the attendees would otherwise change which besprekingen the filter selects.
        ids = list(rijen.values_list("pk", flat=True))
        if rijen.model is Bespreking:
            Bespreking.aanwezigen.through.objects.filter(bespreking_id__in=ids).delete()
        gewijzigd += rijen.model.objects.filter(pk__in=ids).update(**waarden)
    return gewijzigd
