"""What every part of the bulk data set shares: the scale, the seeded random generator, today, batched inserts and the
per-model counts and timings the command prints."""

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models, reset_queries
from django.utils import timezone

BATCH = 2000
DOMEIN = "@bulk.example"
DAG = datetime.timedelta(days=1)

# What `--scale 1` makes; every count is multiplied by the scale (at least 1 of each).
BASIS = {
    "gemeenten": 30,
    "bedrijven": 400,
    "personen": 3000,
    "projecten": 20000,
    "rondes": 60000,
    "inzetregels": 200000,
    "kennisitems": 10000,
    "herinneringen": 50000,
}


@dataclass
class Omgeving:
    """The state one run shares: scale, random generator (the only source of chance, so a seed repeats the run),
    today, and the counts and seconds per model."""

    schaal: float
    seed: int
    vandaag: datetime.date = field(default_factory=timezone.localdate)
    schrijf: object = print
    rijen: dict = field(default_factory=lambda: defaultdict(int))
    seconden: dict = field(default_factory=lambda: defaultdict(float))

    def __post_init__(self):
        self.rng = random.Random(self.seed)  # noqa: S311 (test data, reproducible on purpose)

    def aantal(self, soort: str) -> int:
        return max(1, round(BASIS[soort] * self.schaal))

    def moment(self, dag: datetime.date, uur: int = 10, minuut: int = 0) -> datetime.datetime:
        """A fixed time of day on `dag` (never the clock), so the same seed gives the same rows all day."""
        return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur, minuut)))

    def dag_tussen(self, van: datetime.date, tot: datetime.date) -> datetime.date:
        """A random day from `van` to `tot` inclusive (`van` when `tot` lies before it)."""
        return van + DAG * self.rng.randint(0, max(0, (tot - van).days))

    def opslaan(self, model: type[models.Model], objecten: Iterable[models.Model]) -> list:
        """bulk_create in batches: no save(), no signals. The objects get their primary keys (PostgreSQL and SQLite
        3.35+ return them). Counted and timed per model."""
        objecten = list(objecten)
        if not objecten:
            return objecten
        begin = time.perf_counter()
        model.objects.bulk_create(objecten, batch_size=BATCH)
        reset_queries()  # with DEBUG on, Django keeps every statement: not the 1,000 inserts of 2,000 rows each
        self.rijen[model._meta.label] += len(objecten)
        self.seconden[model._meta.label] += time.perf_counter() - begin
        return objecten

    @contextmanager
    def stap(self, naam: str):
        """Time one part (generating and writing) and print it when done."""
        begin = time.perf_counter()
        yield
        self.schrijf(f"  {naam:<40} {time.perf_counter() - begin:8.1f} s")


def gewogen(rng: random.Random, keuzes: dict):
    """One key of `keuzes` ({key: weight})."""
    return rng.choices(list(keuzes), weights=list(keuzes.values()))[0]
