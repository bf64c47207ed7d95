"""Rebuild the summary rows of past performance from the ratings and KPIs, or check them (`--controleer`)."""

from django.core.management.base import BaseCommand, CommandError

from pastperformance.services.profielen import samenvatting_herbereken, samenvatting_verschillen


class Command(BaseCommand):
    help = (
        "Berekent de samenvattingsrijen van past performance (profielen, benchmarks, kalibratie) opnieuw uit de "
        "definitieve beoordelingen en de KPI-metingen. Met --controleer wordt niets geschreven: het commando toont "
        "de verschillen en eindigt met code 1 als er een is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--controleer", action="store_true", help="Vergelijk alleen met een volledige herberekening."
        )

    def handle(self, *args, controleer=False, **options):
        if controleer:
            verschillen = samenvatting_verschillen()
            for regel in verschillen:
                self.stdout.write(f"  {regel}")
            if verschillen:
                raise CommandError(
                    f"{len(verschillen)} verschil(len) met een volledige herberekening; draai pp_herbereken.",
                    returncode=1,
                )
            self.stdout.write(self.style.SUCCESS("De samenvattingsrijen kloppen met een volledige herberekening."))
            return
        tellingen = samenvatting_herbereken()
        self.stdout.write(
            self.style.SUCCESS(
                f"Herberekend uit {tellingen['beoordelingen']} beoordeling(en) en {tellingen['kpi_metingen']} "
                f"KPI-meting(en): {tellingen['scoremaanden']} scoremaand(en), {tellingen['verdelingen']} "
                "rij(en) voor de kalibratie."
            )
        )
