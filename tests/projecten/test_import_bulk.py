"""5,000 rows in one transaction with a bounded number of queries: new projects and updates of existing ones with
their history, written in bulk (not row by row)."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from projecten.models import Project, Projectimport, Projectwijziging
from projecten.services.importeren import projectimport_verwerken
from tests.factories import ProjectFactory
from tests.projecten.test_import import csv_bytes, importeer, planning_maken, rij

RIJEN = 5_000


@pytest.fixture
def planning(gemeente_org, personas):
    return planning_maken(gemeente_org, personas["gemeente"])


def test_5000_rows_import_in_one_transaction_with_bounded_queries(planning):
    bestaand = RIJEN // 5
    for nummer in range(bestaand):
        ProjectFactory(
            gemeente=planning["gemeente"],
            nummer=f"DOR-{nummer:05d}",
            gebied=planning["binnenstad"],
            waardeklasse=planning["middel"],
            zekerheid="laag",
        )
    rijen = [rij(projectnummer=f"DOR-{nummer:05d}", naam=f"Project {nummer}") for nummer in range(RIJEN)]
    begin = time.monotonic()
    with CaptureQueriesContext(connection) as upload:
        projectimport = importeer(planning, csv_bytes(rijen))
    assert projectimport.status == Projectimport.Status.VOORVERTONING, projectimport.fouten[:3]
    assert (projectimport.aantal_nieuw, projectimport.aantal_gewijzigd) == (RIJEN - bestaand, bestaand)

    with CaptureQueriesContext(connection) as verwerken:
        projectimport = projectimport_verwerken(projectimport=projectimport, door=planning["door"])
    duur = time.monotonic() - begin
    assert projectimport.status == Projectimport.Status.VERWERKT
    assert Project.objects.filter(gemeente=planning["gemeente"]).count() == RIJEN
    assert (
        Projectwijziging.objects.filter(veld="zekerheid", oude_waarde="Laag", nieuwe_waarde="Hoog").count() == bestaand
    )
    assert set(Project.objects.values_list("zekerheid", flat=True)) == {"hoog"}

    # The check reads gebieden, waardeklassen and projects once each, whatever the number of rows.
    assert len(upload.captured_queries) < 20, [q["sql"][:80] for q in upload.captured_queries]
    # Writing goes in batches (SQLite takes at most 999 parameters per query, so about 45 projects per INSERT;
    # PostgreSQL takes 500 at a time): far below one query per row.
    assert len(verwerken.captured_queries) < RIJEN / 20, len(verwerken.captured_queries)
    # One transaction: the commit opens exactly one atomic block (a savepoint inside the test's own transaction)
    # and every INSERT and UPDATE runs inside it.
    sql = [q["sql"] for q in verwerken.captured_queries]
    savepoints = [i for i, opdracht in enumerate(sql) if opdracht.startswith("SAVEPOINT")]
    vrijgegeven = [i for i, opdracht in enumerate(sql) if opdracht.startswith("RELEASE SAVEPOINT")]
    schrijven = [i for i, opdracht in enumerate(sql) if opdracht.startswith(("INSERT", "UPDATE"))]
    assert len(savepoints) == len(vrijgegeven) == 1
    assert savepoints[0] < min(schrijven) and max(schrijven) < vrijgegeven[0]
    assert duur < 30, f"{RIJEN} rijen kostten {duur:.1f} s"
