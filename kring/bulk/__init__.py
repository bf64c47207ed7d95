"""A realistic regional data set for load tests (`manage.py seed_bulk`), written with bulk inserts.

At scale 1: 30 gemeenten, 400 companies, 3,000 people, 20,000 projects with history and opgaven, 60,000 rating rounds
with their ratings and scores, 200,000 SROI lines, 10,000 kennisitems and 50,000 reminders sent; every count follows
the scale (at least one of each). One `random.Random(seed)` makes every choice, so a seed repeats the data (on the
same day: dates count from today, as in the demo). Stored values (an inzet line's waarde, an obligation's SR amount and
totals, the past-performance summary rows) are computed as the services compute them, without calling them per row.

One module per app; this one runs them in order, inside one transaction."""

import time

from django.db import connection, transaction

from kring.bulk.basis import BASIS, Omgeving
from kring.bulk.herinneringen import maak_herinneringen
from kring.bulk.kennisbank import maak_kennisbank
from kring.bulk.organisaties import maak_organisaties
from kring.bulk.pastperformance import maak_pastperformance
from kring.bulk.projecten import maak_projecten
from kring.bulk.sroi import maak_sroi

__all__ = ["BASIS", "Omgeving", "maak_alles"]


def maak_alles(omg: Omgeving) -> None:
    """Write the whole data set in one transaction, printing each part's time and, at the end, rows and seconds per
    model."""
    from pastperformance.services.profielen import samenvatting_herbereken

    begin = time.perf_counter()
    with transaction.atomic():
        with omg.stap("organisaties en mensen"):
            organisaties = maak_organisaties(omg)
        with omg.stap("projecten"):
            pijplijn = maak_projecten(omg, organisaties)
        with omg.stap("past performance"):
            geopend = maak_pastperformance(omg, organisaties, pijplijn)
        with omg.stap("SROI"):
            sroi = maak_sroi(omg, organisaties, pijplijn)
        with omg.stap("kennisbank"):
            kennisitems = maak_kennisbank(omg, organisaties, pijplijn)
        with omg.stap("herinneringen"):
            maak_herinneringen(omg, organisaties, geopend, sroi, kennisitems)
        with omg.stap("samenvatting past performance"):
            samenvatting_herbereken()
    # After a bulk load the planner's row estimates are those of the empty tables (autovacuum catches up only later),
    # and it picks plans for a handful of rows: a profile's reactions took 35 ms instead of 1.
    with omg.stap("statistieken bijwerken (ANALYZE)"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    omg.schrijf("")
    omg.schrijf(f"  {'model':<40} {'rijen':>10} {'seconden':>9}")
    for label in omg.rijen:
        omg.schrijf(f"  {label:<40} {omg.rijen[label]:>10,} {omg.seconden[label]:>9.1f}".replace(",", "."))
    omg.schrijf(
        f"  {'totaal':<40} {sum(omg.rijen.values()):>10,} {time.perf_counter() - begin:>9.1f}".replace(",", ".")
    )
