"""Look for koppelkansen by hand (the beat schedule does it every morning) and show what changed."""

from django.core.management.base import BaseCommand, CommandError

from kring.models import Organisatie
from projecten.services.gebieden import koppelkansen_detect


class Command(BaseCommand):
    help = (
        "Zoekt koppelkansen: projecten en opgaven in één gebied waarvan de vensters overlappen of binnen de tolerantie "
        "(KOPPELKANS_TOLERANTIE_MAANDEN) van elkaar liggen. Twee keer draaien verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--gemeente", help="Alleen de gebieden van deze gemeente (naam, bijvoorbeeld 'Gemeente Dordrecht')."
        )

    def handle(self, *args, gemeente=None, **options):
        organisatie = None
        if gemeente:
            organisatie = Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE, naam__iexact=gemeente).first()
            if organisatie is None:
                raise CommandError(f"Geen gemeente met de naam {gemeente!r}.")
        samenvatting = koppelkansen_detect(gemeente=organisatie)
        self.stdout.write(self.style.SUCCESS(f"Koppelkansen: {samenvatting}."))
