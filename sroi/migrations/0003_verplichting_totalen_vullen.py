"""Fill the new summary fields of existing obligations from their lines (realised: every line not rejected)."""

from django.db import migrations
from django.db.models import Q, Sum


def vullen(apps, schema_editor):
    Verplichting = apps.get_model("sroi", "Verplichting")
    for verplichting in Verplichting.objects.annotate(
        som_gerealiseerd=Sum("inzet__waarde", filter=~Q(inzet__status="afgewezen"), default=0),
        som_gevalideerd=Sum("inzet__waarde", filter=Q(inzet__status="gevalideerd"), default=0),
    ):
        Verplichting.objects.filter(pk=verplichting.pk).update(
            gerealiseerd=verplichting.som_gerealiseerd, gevalideerd=verplichting.som_gevalideerd
        )


class Migration(migrations.Migration):
    dependencies = [("sroi", "0002_verplichting_gerealiseerd_verplichting_gevalideerd")]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
