"""Apply the retention rules by hand (the beat schedule does it every night at 03:30) and show what they did."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kring.bewaartermijnen import REGEL
from kring.services.bewaartermijnen import bewaartermijnen_toepassen


class Command(BaseCommand):
    help = (
        "Past de bewaartermijnen toe (kring/bewaartermijnen.py): gegevens waarvan de termijn voorbij is, worden "
        "verwijderd of geanonimiseerd. Met --droog wordt niets gewijzigd en toont het commando wat het zou doen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--droog", action="store_true", help="Toon alleen wat er zou gebeuren.")
        parser.add_argument("--datum", help="Reken alsof het deze dag is (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, droog=False, datum=None, **options):
        try:
            vandaag = datetime.date.fromisoformat(datum) if datum else timezone.localdate()
        except ValueError as fout:
            raise CommandError(f"Ongeldige datum {datum!r}: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-02.") from fout
        tellingen = bewaartermijnen_toepassen(vandaag=vandaag, droog=droog, door="manage.py bewaartermijnen")
        self.stdout.write(f"Bewaartermijnen op {vandaag:%d-%m-%Y}" + (" (droog: niets gewijzigd)" if droog else ""))
        for sleutel, aantal in tellingen.items():
            regel = REGEL[sleutel]
            self.stdout.write(f"  {regel.titel}: {aantal} (bewaartermijn {regel.termijn_tekst} {regel.vanaf})")
        totaal = sum(tellingen.values())
        if droog:
            self.stdout.write(self.style.WARNING(f"Droog: {totaal} rij(en) zou(den) worden gewijzigd of verwijderd."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{totaal} rij(en) gewijzigd of verwijderd."))
