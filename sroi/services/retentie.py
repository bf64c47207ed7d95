"""Retention of candidate data (issue 7 outcome 7): a configurable time (`settings.SROI_BEWAARTERMIJN_MAANDEN`, default
24) after an obligation's term ends, what could still point to a person is removed; values and categories stay, so the
totals of the kring remain true.

A candidate is anonymised when ALL its lines are on obligations past that point (a candidate still working on another
obligation is kept, and picked up once that one is past it too): its code becomes ``anoniem-<id>``, the
evidence files of its lines are deleted from storage (with their rows), the free text of its lines (omschrijving,
reason of rejection) is cleared, its open pool offers are withdrawn and their toelichting cleared. An obligation is
marked `geanonimiseerd_op` once none of its candidates is kept; until then the daily run looks at it again (cheaply:
anonymised candidates are not touched twice). One audit event per obligation, with counts and no codes."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kring.audit import audit_log
from projecten.koppelkansen import maanden_plus
from sroi.models import Bewijsstuk, Inzetregel, Kandidaat, Poolaanbod, Verplichting

ACTIE = "sroi.kandidaten_geanonimiseerd"
DOOR = "Bewaartermijn SROI (automatisch)"


def anonieme_code(kandidaat_id: int) -> str:
    """The code of an anonymised candidate: unique (the row's id, which fits the field however many candidates there
    are), and nothing left of the old code. Lower case, so no typed code (always upper case) can equal it."""
    return f"anoniem-{kandidaat_id}"


def bewaargrens(vandaag: datetime.date | None = None) -> datetime.date:
    """Obligations whose term ended before this date are past the retention period."""
    return maanden_plus(vandaag or timezone.localdate(), -settings.SROI_BEWAARTERMIJN_MAANDEN)


@dataclass
class Telling:
    """What the run does (or, dry, would do) to one obligation."""

    verplichting: Verplichting
    kandidaten: set[int] = field(default_factory=set)  # anonymised now
    behouden: set[int] = field(default_factory=set)  # still active on an obligation within retention
    regels: int = 0
    bewijsstukken: int = 0
    poolaanbod: int = 0
    markeren: bool = False

    @property
    def iets_gedaan(self) -> bool:
        return self.markeren or bool(self.kandidaten)

    def als_dict(self) -> dict:
        return {
            "kandidaten_geanonimiseerd": len(self.kandidaten),
            "kandidaten_behouden": len(self.behouden),
            "regels": self.regels,
            "bewijsstukken": self.bewijsstukken,
            "poolaanbod_ingetrokken": self.poolaanbod,
            "bewaartermijn_maanden": settings.SROI_BEWAARTERMIJN_MAANDEN,
        }


def plan_anonimiseren(*, vandaag: datetime.date | None = None) -> list[Telling]:
    """Per obligation past the retention period and not marked yet: which candidates are anonymised and which kept,
    and how many lines, evidence files and open pool offers that touches. Reads only (a fixed number of queries)."""
    grens = bewaargrens(vandaag)
    verplichtingen = list(
        Verplichting.objects.filter(looptijd_eind__lt=grens, geanonimiseerd_op__isnull=True)
        .select_related("project", "opdrachtnemer")
        .order_by("pk")
    )
    if not verplichtingen:
        return []
    tellingen = {verplichting.pk: Telling(verplichting=verplichting) for verplichting in verplichtingen}
    regels = list(
        Inzetregel.objects.filter(
            verplichting_id__in=tellingen, kandidaat__isnull=False, kandidaat__geanonimiseerd=False
        ).values_list("pk", "verplichting_id", "kandidaat_id")
    )
    kandidaat_ids = {kandidaat_id for _pk, _verplichting_id, kandidaat_id in regels}
    behouden = set(
        Inzetregel.objects.filter(kandidaat_id__in=kandidaat_ids, verplichting__looptijd_eind__gte=grens).values_list(
            "kandidaat_id", flat=True
        )
    )
    weg = kandidaat_ids - behouden
    # Every line of an anonymised candidate is on an obligation past retention; count each under its obligation
    # (those already marked included, so nothing of the candidate is left behind anywhere).
    alle_regels = defaultdict(list)
    for pk, verplichting_id, kandidaat_id in Inzetregel.objects.filter(kandidaat_id__in=weg).values_list(
        "pk", "verplichting_id", "kandidaat_id"
    ):
        alle_regels[kandidaat_id].append((pk, verplichting_id))
    bewijs_per_regel = defaultdict(int)
    for regel_id in Bewijsstuk.objects.filter(inzetregel__kandidaat_id__in=weg).values_list(
        "inzetregel_id", flat=True
    ):
        bewijs_per_regel[regel_id] += 1
    aanbod_per_kandidaat = defaultdict(int)
    for kandidaat_id in Poolaanbod.objects.filter(kandidaat_id__in=weg, status=Poolaanbod.Status.OPEN).values_list(
        "kandidaat_id", flat=True
    ):
        aanbod_per_kandidaat[kandidaat_id] += 1
    eerste: dict[int, int] = {}  # candidate -> the first obligation of this run that has it
    for _pk, verplichting_id, kandidaat_id in regels:
        telling = tellingen[verplichting_id]
        (telling.behouden if kandidaat_id in behouden else telling.kandidaten).add(kandidaat_id)
        eerste[kandidaat_id] = min(eerste.get(kandidaat_id, verplichting_id), verplichting_id)
    for kandidaat_id in sorted(weg):
        # Lines count under their own obligation; lines on an obligation marked earlier (cleared now too) and the
        # candidate's open offers count under the first obligation of this run that has the candidate.
        for regel_id, verplichting_id in alle_regels[kandidaat_id]:
            telling = tellingen.get(verplichting_id, tellingen[eerste[kandidaat_id]])
            telling.regels += 1
            telling.bewijsstukken += bewijs_per_regel[regel_id]
        tellingen[eerste[kandidaat_id]].poolaanbod += aanbod_per_kandidaat[kandidaat_id]
    for telling in tellingen.values():
        telling.markeren = not telling.behouden
    return [telling for telling in tellingen.values() if telling.iets_gedaan]


def kandidaten_anonimiseren(*, vandaag: datetime.date | None = None, droog: bool = False) -> int:
    """Anonymise the candidates whose every line is on an obligation whose term ended more than
    SROI_BEWAARTERMIJN_MAANDEN months before `vandaag` (default today); mark those obligations. Returns the number of
    candidates anonymised (with `droog`: that would be, and nothing is written). Idempotent."""
    tellingen = plan_anonimiseren(vandaag=vandaag)
    aantal = len(set().union(*(telling.kandidaten for telling in tellingen))) if tellingen else 0
    if droog or not tellingen:
        return aantal
    with transaction.atomic():
        _uitvoeren(tellingen)
    return aantal


def _uitvoeren(tellingen: list[Telling]) -> None:
    verplichting_ids = [telling.verplichting.pk for telling in tellingen]
    # Lock the obligations, so an edit running at the same time waits (and a second run finds them marked).
    list(Verplichting.objects.select_for_update().filter(pk__in=verplichting_ids).values_list("pk", flat=True))
    weg = sorted(set().union(*(telling.kandidaten for telling in tellingen)))
    kandidaten = list(Kandidaat.objects.select_for_update().filter(pk__in=weg, geanonimiseerd=False))
    for kandidaat in kandidaten:
        kandidaat.code = anonieme_code(kandidaat.pk)
        kandidaat.geanonimiseerd = True
    Kandidaat.objects.bulk_update(kandidaten, ["code", "geanonimiseerd"])
    ids = [kandidaat.pk for kandidaat in kandidaten]
    bewijs = list(Bewijsstuk.objects.filter(inzetregel__kandidaat_id__in=ids).only("pk", "bestand"))
    bestanden = [(stuk.bestand.storage, stuk.bestand.name) for stuk in bewijs if stuk.bestand]
    Bewijsstuk.objects.filter(pk__in=[stuk.pk for stuk in bewijs]).delete()
    Inzetregel.objects.filter(kandidaat_id__in=ids).update(omschrijving="", reden_afwijzing="")
    Poolaanbod.objects.filter(kandidaat_id__in=ids, status=Poolaanbod.Status.OPEN).update(
        status=Poolaanbod.Status.INGETROKKEN
    )
    Poolaanbod.objects.filter(kandidaat_id__in=ids).update(toelichting="")
    nu = timezone.now()
    Verplichting.objects.filter(pk__in=[t.verplichting.pk for t in tellingen if t.markeren]).update(
        geanonimiseerd_op=nu
    )
    for telling in tellingen:
        audit_log(actie=ACTIE, obj=telling.verplichting, na=telling.als_dict(), actor_omschrijving=DOOR)

    def bestanden_verwijderen():
        # Once the rows are gone for good; a rollback keeps rows and files together.
        for storage, naam in bestanden:
            storage.delete(naam)

    transaction.on_commit(bestanden_verwijderen)
