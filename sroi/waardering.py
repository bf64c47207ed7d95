"""Valuation rules of SROI: pure functions, no writes (DESIGN §4; research §1.2).

Every amount comes from the obligation's `Waardetabel`; nothing here knows a value. Money is `Decimal`, rounded to cents
(ROUND_HALF_UP) only at the end of a line or of the SR amount, never in between.

- Candidate line (bouwblok soort *categorie*): counted days = (eind − start) + 1, capped so that one candidate's counted
  days under the same category on the same obligation never exceed `max_maanden` × 365 / 12 (earlier lines count first,
  in start order). Value = waarde × (uren_per_week / 36) × (counted days / 365), plus for each chosen bonus
  bonus.waarde × (uren_per_week / 36) × (counted days / 365) with the same counted days.
- Sociaal inkopen: value = bedrag (invoice excl. btw) × waarde (the share that counts; 1.00 = all).
- Activiteit: value = uren × waarde (rate per hour).
- SR amount: 0 below the threshold; else basis × percentage/100 × (1 − PSO discount/100), capped at the maximum.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from sroi.models import VOLTIJD_UREN, Bouwblok, Inzetregel, Regio, Waardetabel

CENT = Decimal("0.01")
DAGEN_PER_JAAR = Decimal(365)
NUL = Decimal(0)

# What `Bouwblok.waarde` means per soort (shown beside the value wherever a table is edited or read).
WAARDE_BETEKENIS = {
    Bouwblok.Soort.CATEGORIE: "€ per fte-jaar (36 uur per week); telt naar rato van uren en dagen, tot het maximaal "
    "aantal maanden per kandidaat",
    Bouwblok.Soort.BONUS: "€ per fte-jaar bovenop de doelgroep, over dezelfde getelde dagen en uren",
    Bouwblok.Soort.SOCIAAL_INKOPEN: "deel van het factuurbedrag exclusief btw dat meetelt (1,00 = het hele bedrag)",
    Bouwblok.Soort.ACTIVITEIT: "€ per uur activiteit",
    Bouwblok.Soort.PSO: "hoogste korting op het SR-bedrag in procenten voor een opdrachtnemer met een PSO-trede",
}


def afronden(bedrag: Decimal) -> Decimal:
    """Round an amount to cents, half up (only at the end of a line)."""
    return Decimal(bedrag).quantize(CENT, rounding=ROUND_HALF_UP)


def max_dagen(max_maanden: int | None) -> int | None:
    """The most days a candidate may count under one category: max_maanden × 365 / 12, rounded down (None: no cap).
    12 months → 365 days, 24 → 730, 6 → 182."""
    if max_maanden is None:
        return None
    return int((Decimal(max_maanden) * DAGEN_PER_JAAR / 12).to_integral_value(rounding=ROUND_FLOOR))


def periode_dagen(start: datetime.date, eind: datetime.date) -> int:
    """Days in a period, both ends included (1 Jan – 30 Jun 2024 is 182 days)."""
    if eind < start:
        raise ValidationError({"eind": "De einddatum ligt vóór de startdatum."})
    return (eind - start).days + 1


def getelde_dagen(*, start: datetime.date, eind: datetime.date, max_maanden: int | None, eerder_dagen: int = 0) -> int:
    """The days of this period that count, after the days the same candidate already counted under the same category
    on the same obligation (`eerder_dagen`) have used up part of the cap."""
    dagen = periode_dagen(start, eind)
    plafond = max_dagen(max_maanden)
    if plafond is None:
        return dagen
    return max(0, min(dagen, plafond - eerder_dagen))


def _fte_waarde(waarde: Decimal, uren_per_week: Decimal, dagen: int) -> Decimal:
    """waarde × (uren / 36) × (dagen / 365), unrounded."""
    return Decimal(waarde) * Decimal(uren_per_week) / VOLTIJD_UREN * Decimal(dagen) / DAGEN_PER_JAAR


def regel_waarde(
    *, regel: Inzetregel, eerder_dagen: int = 0, bonussen: Iterable[Bouwblok] | None = None
) -> tuple[Decimal, int]:
    """The value of one inzet line and the days it counts (0 for lines that are not a candidate line).

    `eerder_dagen`: days the same candidate already counted under the same category on the same obligation (earlier
    lines first, see `regels_waarderen`). `bonussen`: the chosen bonus blocks; when None they are read from the saved
    line (`regel.bonussen`, prefetch it) — pass them for an unsaved line. A Dutch ValidationError for a line that lacks
    what its soort needs."""
    blok = regel.bouwblok
    soort = blok.soort
    if soort == Bouwblok.Soort.CATEGORIE:
        if regel.uren_per_week is None:
            raise ValidationError({"uren_per_week": "Vul het aantal uren per week in."})
        uren = Decimal(regel.uren_per_week)
        if uren <= 0 or uren > VOLTIJD_UREN:
            raise ValidationError({"uren_per_week": f"Het aantal uren per week ligt tussen 0 en {VOLTIJD_UREN}."})
        dagen = getelde_dagen(
            start=regel.start, eind=regel.eind, max_maanden=blok.max_maanden, eerder_dagen=eerder_dagen
        )
        if bonussen is None:
            bonussen = regel.bonussen.all() if regel.pk else []
        totaal = _fte_waarde(blok.waarde, uren, dagen)
        for bonus in bonussen:
            if bonus.soort != Bouwblok.Soort.BONUS:
                raise ValidationError({"bonussen": f"{bonus.naam} is geen bonus."})
            totaal += _fte_waarde(bonus.waarde, uren, dagen)
        return afronden(totaal), dagen
    if soort == Bouwblok.Soort.SOCIAAL_INKOPEN:
        if regel.bedrag is None or regel.bedrag < 0:
            raise ValidationError({"bedrag": "Vul het factuurbedrag exclusief btw in."})
        return afronden(Decimal(regel.bedrag) * blok.waarde), 0
    if soort == Bouwblok.Soort.ACTIVITEIT:
        if regel.uren is None or regel.uren < 0:
            raise ValidationError({"uren": "Vul het aantal uren van de activiteit in."})
        return afronden(Decimal(regel.uren) * blok.waarde), 0
    raise ValidationError({"bouwblok": f"{blok.naam} is geen soort inzet die u kunt invoeren."})


def regels_waarderen(regels: Iterable[Inzetregel]) -> list[tuple[Inzetregel, Decimal, int]]:
    """Value the lines of ONE obligation together: in start order (then pk), each candidate's earlier lines under the
    same category use up the cap first. Pass only the lines that should count (e.g. not the rejected ones) with
    `bouwblok` selected and `bonussen` prefetched. Returns (line, value, counted days) in that order."""
    gebruikt: dict[tuple, int] = defaultdict(int)
    uitkomst = []
    for regel in sorted(regels, key=lambda r: (r.start, r.pk or 0)):
        sleutel = (regel.kandidaat_id, regel.bouwblok_id)
        waarde, dagen = regel_waarde(regel=regel, eerder_dagen=gebruikt[sleutel])
        if regel.kandidaat_id is not None:
            gebruikt[sleutel] += dagen
        uitkomst.append((regel, waarde, dagen))
    return uitkomst


def sr_bedrag(
    *,
    grondslag_bedrag: Decimal,
    percentage: Decimal,
    drempel: Decimal | None = None,
    maximum: Decimal | None = None,
    pso_korting: Decimal | None = None,
) -> Decimal:
    """The social-return amount due: 0 when the basis is below the threshold; else basis × percentage/100 ×
    (1 − pso_korting/100), capped at `maximum` when set; rounded to cents at the end."""
    grondslag_bedrag = Decimal(grondslag_bedrag)
    if drempel is not None and grondslag_bedrag < Decimal(drempel):
        return afronden(NUL)
    bedrag = grondslag_bedrag * Decimal(percentage) / 100 * (1 - Decimal(pso_korting or 0) / 100)
    if maximum is not None:
        bedrag = min(bedrag, Decimal(maximum))
    return afronden(bedrag)


def pso_maximum(waardetabel: Waardetabel) -> Decimal:
    """The largest PSO discount (%) the table allows: the waarde of its PSO block, 0 when it has none."""
    waarden = [b.waarde for b in waardetabel.bouwblokken.all() if b.soort == Bouwblok.Soort.PSO]
    return max(waarden, default=NUL)


def _procent(waarde: Decimal) -> str:
    tekst = f"{Decimal(waarde).normalize():f}"
    return tekst.replace(".", ",")


def controleer_pso_korting(*, pso_korting: Decimal, waardetabel: Waardetabel) -> None:
    """Dutch ValidationError when the discount is more than the table allows."""
    maximum = pso_maximum(waardetabel)
    if Decimal(pso_korting or 0) > maximum:
        if maximum == 0:
            raise ValidationError({"pso_korting": "Deze waardetabel kent geen PSO-korting; laat de korting op 0."})
        raise ValidationError(
            {"pso_korting": f"De PSO-korting is hoogstens {_procent(maximum)} % volgens deze waardetabel."}
        )


def controleer_bouwblok(*, bouwblok: Bouwblok, waardetabel: Waardetabel) -> None:
    """Dutch ValidationError when a category (or bonus) is not in the obligation's table version."""
    if bouwblok.waardetabel_id != waardetabel.pk:
        raise ValidationError(
            {"bouwblok": f"{bouwblok.naam} staat niet in de waardetabel van deze verplichting ({waardetabel.naam})."}
        )


def waardetabel_voor(*, project, datum: datetime.date | None = None) -> Waardetabel:
    """The vastgestelde table of the region of the project's gemeente with the latest geldig_vanaf on or before the
    tender date (`project.aanbesteding_kwartaal`, else today; or `datum` when given). Dutch ValidationError when there
    is none."""
    datum = datum or project.aanbesteding_kwartaal or timezone.localdate()
    regio = Regio.objects.filter(gemeenten=project.gemeente_id).order_by("naam").first()
    if regio is None:
        raise ValidationError(
            f"Geen waardetabel voor {project.gemeente} op {datum:%d-%m-%Y}: de gemeente hoort bij geen SROI-regio."
        )
    tabel = (
        Waardetabel.objects.filter(regio=regio, status=Waardetabel.Status.VASTGESTELD, geldig_vanaf__lte=datum)
        .select_related("regio")
        .order_by("-geldig_vanaf")
        .first()
    )
    if tabel is None:
        raise ValidationError(f"Geen waardetabel voor {regio} op {datum:%d-%m-%Y}.")
    return tabel
