"""Put a backup of `manage.py backup` back: database and MEDIA_ROOT as they were then (see kring/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kring.backup import BackupFout, backup_controleren, backup_herstellen, beschrijving, media_root


class Command(BaseCommand):
    help = (
        "Zet een back-up terug: de database en MEDIA_ROOT worden vervangen door wat in het archief staat. Controleert "
        "eerst alles (manifest, controlesommen, databasesoort, bestandsnamen) en vraagt om bevestiging."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", type=Path, help="Het archief van manage.py backup.")
        parser.add_argument("--ja", action="store_true", help="Niet om bevestiging vragen.")
        parser.add_argument(
            "--controleer",
            action="store_true",
            help="Alleen controleren of het archief bruikbaar is; niets herstellen.",
        )

    def handle(self, *args, pad, ja=False, controleer=False, **options):
        try:
            if controleer:
                manifest, nog_migreren = backup_controleren(pad)
                self.stdout.write(self.style.SUCCESS(f"In orde: {beschrijving(manifest)}."))
                self._migreren(nog_migreren)
                return
            herstel = backup_herstellen(pad, bevestig=lambda manifest: ja or self._bevestig(manifest))
        except BackupFout as fout:
            raise CommandError(f"Herstel geweigerd: {fout}") from fout
        if herstel is None:
            raise CommandError("Herstel afgebroken; er is niets veranderd.")
        self.stdout.write(self.style.SUCCESS(f"Hersteld: {beschrijving(herstel.manifest)}."))
        self._migreren(herstel.nog_migreren)

    def _bevestig(self, manifest: dict) -> bool:
        database = connection.settings_dict["NAME"]
        self.stdout.write(
            f"Dit vervangt ALLE gegevens in database {database} en alle bestanden in {media_root()} door de "
            f"{beschrijving(manifest)}. Wat daarna is vastgelegd, gaat verloren."
        )
        try:
            antwoord = input("Typ ja om door te gaan: ")
        except EOFError:
            return False
        return antwoord.strip().lower() == "ja"

    def _migreren(self, nog_migreren: list[str]) -> None:
        if nog_migreren:
            self.stdout.write(
                self.style.WARNING(
                    f"Deze versie van het portaal heeft {len(nog_migreren)} migratie(s) die de back-up nog niet had; "
                    "draai nu: python manage.py migrate"
                )
            )
