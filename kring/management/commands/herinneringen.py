"""Run a reminder sweep by hand (the beat schedule runs it every morning) and show what it sent."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kring.selectors.herinneringen import Mail, herinneringen_plan
from kring.services.herinneringen import herinneringen_send


def _regel(mail: Mail) -> str:
    soort = f"weekoverzicht ({len(mail.items)})" if mail.overzicht else mail.items[0].soort.code
    return f"  {mail.ontvanger.email:<40} {soort:<30} {mail.onderwerp}"


class Command(BaseCommand):
    help = "Verstuurt de herinneringen die vandaag (of op --datum) aan de beurt zijn, elk hooguit één keer."

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="Doe alsof het deze dag is (JJJJ-MM-DD); standaard vandaag.")
        parser.add_argument("--droog", action="store_true", help="Toon alleen wat verstuurd zou worden.")

    def handle(self, *args, datum=None, droog=False, **options):
        try:
            vandaag = datetime.date.fromisoformat(datum) if datum else timezone.localdate()
        except ValueError as fout:
            raise CommandError(f"Ongeldige datum {datum!r}: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-03-02.") from fout
        if droog:
            plan = herinneringen_plan(vandaag=vandaag)
            wat = "dit verstuurd worden (niets verstuurd):" if plan.mails else "niets verstuurd worden."
            self.stdout.write(f"Droog: op {vandaag:%d-%m-%Y} zou {wat}")
            for mail in plan.mails:
                self.stdout.write(_regel(mail))
            return
        samenvatting = herinneringen_send(vandaag=vandaag)
        self.stdout.write(f"Herinneringen van {vandaag:%d-%m-%Y}:")
        for mail in samenvatting.verstuurd:
            self.stdout.write(_regel(mail))
        for mail in samenvatting.mislukt:
            self.stderr.write("NIET VERSTUURD" + _regel(mail))
        tellingen = samenvatting.tellingen()
        samenvatting_regel = (
            f"{tellingen['mails']} e-mail(s) verstuurd ({tellingen['weekoverzichten']} weekoverzicht(en), "
            f"{tellingen['herinneringen']} herinnering(en)); {tellingen['al_verstuurd']} al eerder verstuurd, "
            f"{tellingen['uitgezet']} uitgezet, {tellingen['volgende_week']} voor het volgende weekoverzicht."
        )
        if samenvatting.mislukt:
            raise CommandError(f"{samenvatting_regel} {tellingen['mislukt']} mislukt; draai het commando opnieuw.")
        self.stdout.write(self.style.SUCCESS(samenvatting_regel))
