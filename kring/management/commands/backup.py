"""Write one archive with the database and MEDIA_ROOT (see kring/backup.py); run it on a schedule, see the README."""

from django.core.management.base import BaseCommand, CommandError

from kring.backup import BackupFout, backup_maken


class Command(BaseCommand):
    help = (
        "Maakt één archief (tar.gz) met de database, alle bestanden in MEDIA_ROOT en een manifest met controlesommen. "
        "Kan terwijl het portaal draait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--uitvoer",
            metavar="PAD",
            help="Map (dan kringportaal-<datum>-<tijd>.tar.gz daarin) of bestandsnaam; standaard BACKUP_ROOT.",
        )
        parser.add_argument(
            "--bewaar",
            metavar="AANTAL",
            type=int,
            help="Bewaar daarna alleen de nieuwste AANTAL back-ups in die map; oudere worden verwijderd.",
        )

    def handle(self, *args, uitvoer=None, bewaar=None, **options):
        if bewaar is not None and bewaar < 1:
            raise CommandError("--bewaar moet minstens 1 zijn.")
        try:
            backup = backup_maken(uitvoer=uitvoer, bewaar=bewaar)
        except BackupFout as fout:
            raise CommandError(f"Back-up mislukt: {fout}") from fout
        for pad in backup.verwijderd:
            self.stdout.write(f"Oude back-up verwijderd: {pad}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Back-up gemaakt: {backup.pad} ({backup.grootte / 1e6:.1f} MB, database en "
                f"{backup.mediabestanden} mediabestanden)."
            )
        )
