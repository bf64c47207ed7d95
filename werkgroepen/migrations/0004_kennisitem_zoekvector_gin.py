"""A GIN index on the kennisbank's search vector, on PostgreSQL only (SQLite searches without it)."""

from django.db import migrations

INDEX = "werkgroepen_kennisitem_zoekvector_gin"


def maak_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON werkgroepen_kennisitem USING GIN (zoekvector)")


def verwijder_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("werkgroepen", "0003_uitvoeringsagenda_bijeenkomsten_signalen_kennisbank"),
    ]

    operations = [migrations.RunPython(maak_index, verwijder_index, elidable=False)]
