"""Bulk data for load tests: a region of 30 gemeenten with five years of projects, ratings and SROI (kring/bulk/)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kring.bulk import BASIS, Omgeving, maak_alles
from kring.bulk.organisaties import WACHTWOORD
from kring.bulk.wissen import bulk_gebruikers
from kring.bulk.wissen import wis as bulk_wissen
from pastperformance.services.profielen import samenvatting_herbereken


class Command(BaseCommand):
    help = (
        "Vult de database met een regionale bulkdataset voor belastingtests: bij --scale 1 "
        + ", ".join(f"{aantal:,} {soort}".replace(",", ".") for soort, aantal in BASIS.items())
        + ". Reproduceerbaar met --seed (op dezelfde dag)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Vermenigvuldigt elk aantal (standaard 1).")
        parser.add_argument("--seed", type=int, default=2026, help="Startwaarde van het toeval (standaard 2026).")
        parser.add_argument("--wis", action="store_true", help="Verwijder eerst een eerdere bulkdataset.")
        parser.add_argument("--alleen-wissen", action="store_true", help="Verwijder de bulkdataset en stop.")
        parser.add_argument("--force", action="store_true", help="Ook uitvoeren als DEBUG uit staat.")

    def handle(self, *args, scale, seed, wis: bool, alleen_wissen: bool, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Bulkgegevens horen niet in productie. Gebruik --force als u dit echt wilt.")
        if scale <= 0:
            raise CommandError("--scale moet groter dan 0 zijn.")
        if wis or alleen_wissen:
            with transaction.atomic():
                bulk_wissen(schrijf=self.stdout.write)
                if alleen_wissen:
                    # The wipe emptied the past-performance summary rows; seeding rebuilds them, this does now.
                    samenvatting_herbereken()
            if alleen_wissen:
                return
        elif bulk_gebruikers().exists():
            raise CommandError(
                "Er staat al een bulkdataset in de database (gebruikers @bulk.example). Gebruik --wis om die eerst "
                "te verwijderen."
            )
        self.stdout.write(f"Bulkdataset met schaal {scale:g} en seed {seed}:")
        maak_alles(Omgeving(schaal=scale, seed=seed, schrijf=self.stdout.write))
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar. Alle bulkaccounts (…@bulk.example, zie de beheeromgeving) hebben het wachtwoord {WACHTWOORD}"
            )
        )
