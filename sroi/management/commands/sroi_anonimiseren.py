"""Anonymise SROI candidate data past the retention period (the daily task does the same at 03:30)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sroi.services.retentie import bewaargrens, kandidaten_anonimiseren, plan_anonimiseren


class Command(BaseCommand):
    help = (
        "Anonimiseert de kandidaatgegevens van SROI-verplichtingen waarvan de looptijd langer dan "
        "SROI_BEWAARTERMIJN_MAANDEN maanden geleden eindigde: codes, bewijsstukken, vrije tekst en open poolaanbod. "
        "Waarden en doelgroepen blijven. Met --droog wordt niets gewijzigd en toont het commando wat het zou doen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--droog", action="store_true", help="Toon alleen wat er zou gebeuren.")
        parser.add_argument("--datum", help="Reken alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, droog=False, datum=None, **options):
        try:
            vandaag = datetime.date.fromisoformat(datum) if datum else None
        except ValueError as fout:
            raise CommandError(f"Ongeldige datum ‘{datum}’: gebruik JJJJ-MM-DD.") from fout
        tellingen = plan_anonimiseren(vandaag=vandaag)
        self.stdout.write(
            f"Bewaartermijn {settings.SROI_BEWAARTERMIJN_MAANDEN} maanden: looptijd geëindigd vóór "
            f"{bewaargrens(vandaag):%d-%m-%Y}."
        )
        for telling in tellingen:
            cijfers = telling.als_dict()
            self.stdout.write(
                f"  {telling.verplichting}: {cijfers['kandidaten_geanonimiseerd']} kandidaat/kandidaten, "
                f"{cijfers['regels']} regel(s), {cijfers['bewijsstukken']} bewijsstuk(ken), "
                f"{cijfers['poolaanbod_ingetrokken']} poolaanbod; {cijfers['kandidaten_behouden']} behouden (nog actief)"
            )
        aantal = kandidaten_anonimiseren(vandaag=vandaag, droog=droog)
        if droog:
            self.stdout.write(
                self.style.WARNING(f"Droog: {aantal} kandidaat/kandidaten zou(den) worden geanonimiseerd.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{aantal} kandidaat/kandidaten geanonimiseerd."))
