"""Back-up and restore of the database and MEDIA_ROOT as one tar.gz archive (`manage.py backup` / `restore`).

An archive holds `database.dump` (PostgreSQL: pg_dump, custom format) or `database.sqlite3` (SQLite: the online backup
API, consistent while the portal runs), `media/<path>` for every file under MEDIA_ROOT, and `manifest.json` last: its
checksums are taken from the very bytes written into the archive, so a file that changes during the backup cannot
leave a manifest that lies.

A restore checks everything before it changes anything: only regular files with safe names, exactly the files of the
manifest with their sizes and sha256, the same database engine, no migration this code does not know, and a dump
that its own tool can read. Then the database is replaced in one transaction (pg_restore --single-transaction; the
SQLite backup API writes all pages at once) and the media folder is swapped with what the archive held.
"""

import datetime
import getpass
import glob
import hashlib
import io
import json
import logging
import os
import shutil
import socket
import sqlite3
import subprocess  # pg_dump and pg_restore: fixed argument lists, never a shell  # nosec B404
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

logger = logging.getLogger("kring.backup")

FORMAAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASEBESTAND = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ARCHIEFPATROON = "kringportaal-*.tar.gz"
# Work folders of a running restore live inside MEDIA_ROOT (same file system, so the final swap is a rename); a
# backup skips them.
WERKMAP_PREFIX = ".herstel-"
MAX_MANIFEST = 50 * 1024 * 1024

# Connection options of DATABASE_URL that libpq also reads from the environment.
PG_OMGEVING = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


class BackupFout(Exception):
    """A back-up or restore that cannot go on; the message is Dutch and meant for the beheerder."""


@dataclass
class Backup:
    pad: Path
    grootte: int
    mediabestanden: int
    verwijderd: list[Path] = field(default_factory=list)


@dataclass
class Herstel:
    manifest: dict
    mediabestanden: int
    nog_migreren: list[str]


# --- Shared helpers -----------------------------------------------------------------------------------------------


def engine() -> str:
    if connection.vendor not in DATABASEBESTAND:
        raise BackupFout(
            f"Back-up van een {connection.vendor}-database wordt niet ondersteund (alleen PostgreSQL en SQLite)."
        )
    return connection.vendor


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def _pg_programma(naam: str) -> str:
    """pg_dump/pg_restore from PATH, else the newest under /usr/lib/postgresql/<versie>/bin (Debian, Ubuntu)."""
    gevonden = shutil.which(naam)
    if gevonden:
        return gevonden

    def versie(pad: str) -> tuple[int, ...]:
        deel = Path(pad).parent.parent.name
        return tuple(int(stuk) for stuk in deel.split(".") if stuk.isdigit())

    kandidaten = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{naam}"), key=versie)
    if kandidaten:
        return kandidaten[-1]
    raise BackupFout(
        f"{naam} niet gevonden (niet op PATH, niet in /usr/lib/postgresql/*/bin). Installeer postgresql-client "
        "van dezelfde of een nieuwere hoofdversie dan de databaseserver."
    )


def pg_omgeving(instellingen: dict) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the connection from settings, the password only in PGPASSWORD (never on
    the command line, where `ps` shows it). Inherited PG* variables are dropped so nothing else picks the database."""
    omgeving = {sleutel: waarde for sleutel, waarde in os.environ.items() if not sleutel.startswith("PG")}
    for sleutel, variabele in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if instellingen.get(sleutel):
            omgeving[variabele] = str(instellingen[sleutel])
    if instellingen.get("PASSWORD"):
        omgeving["PGPASSWORD"] = str(instellingen["PASSWORD"])
    for optie, variabele in PG_OMGEVING.items():
        if (instellingen.get("OPTIONS") or {}).get(optie) not in (None, ""):
            omgeving[variabele] = str(instellingen["OPTIONS"][optie])
    return omgeving


def _pg_draaien(argumenten: list[str], *, wat: str) -> subprocess.CompletedProcess:
    resultaat = subprocess.run(  # noqa: S603 (fixed programs and arguments, no shell)  # nosec B603
        argumenten,
        env=pg_omgeving(connection.settings_dict),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if resultaat.returncode != 0:
        raise BackupFout(f"{wat} is mislukt (exitcode {resultaat.returncode}): {resultaat.stderr.strip()}")
    return resultaat


def _migratiestand() -> dict[str, list[str]]:
    stand: dict[str, list[str]] = {}
    for app, naam in sorted(MigrationRecorder(connection).applied_migrations()):
        stand.setdefault(app, []).append(naam)
    return stand


class _HashLezer:
    """Hands tarfile the bytes of a file and hashes exactly what it read."""

    def __init__(self, bestand):
        self.bestand = bestand
        self.digest = hashlib.sha256()

    def read(self, grootte=-1):
        data = self.bestand.read(grootte)
        self.digest.update(data)
        return data


def _buiten_transactie() -> None:
    # SQLite's backup API waits for a lock our own open transaction holds: inside one it would wait forever.
    if connection.in_atomic_block:
        raise BackupFout("Back-up en herstel van SQLite kunnen niet binnen een databasetransactie draaien.")


# --- Back-up ------------------------------------------------------------------------------------------------------


def _database_dumpen(soort: str, doel: Path) -> None:
    if soort == "postgresql":
        # The database name travels in PGDATABASE too; --no-password: fail at once instead of prompting.
        _pg_draaien([_pg_programma("pg_dump"), "--format=custom", "--no-password", f"--file={doel}"], wat="pg_dump")
        return
    _buiten_transactie()
    connection.ensure_connection()
    kopie = sqlite3.connect(doel)
    try:
        connection.connection.backup(kopie)
    finally:
        kopie.close()


def _mediabestanden(wortel: Path):
    """(path, archive name) of every regular file under MEDIA_ROOT, sorted; links are skipped, not followed."""
    if not wortel.is_dir():
        return
    for map_, mappen, bestanden in os.walk(wortel):
        huidig = Path(map_)
        if huidig == wortel:
            mappen[:] = [naam for naam in mappen if not naam.startswith(WERKMAP_PREFIX)]
        mappen.sort()
        for naam in sorted(bestanden):
            pad = huidig / naam
            if pad.is_symlink() or not pad.is_file():
                logger.warning("Back-up: %s overgeslagen (een link of geen gewoon bestand).", pad)
                continue
            yield pad, f"{MEDIA}/{pad.relative_to(wortel).as_posix()}"


def _toevoegen(tar: tarfile.TarFile, pad: Path, naam: str) -> dict:
    with open(pad, "rb") as bestand:
        status = os.fstat(bestand.fileno())
        info = tarfile.TarInfo(naam)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o600
        lezer = _HashLezer(bestand)
        try:
            tar.addfile(info, lezer)
        except OSError as fout:  # the file shrank while it was read
            raise BackupFout(f"{pad} veranderde tijdens de back-up ({fout}); probeer het opnieuw.") from fout
    return {"pad": naam, "grootte": info.size, "sha256": lezer.digest.hexdigest()}


def _doel(uitvoer: str | Path | None) -> tuple[Path, bool]:
    """The archive's path, and whether it was chosen inside a folder (then --bewaar may prune that folder)."""
    if uitvoer is None or Path(uitvoer).is_dir() or str(uitvoer).endswith(("/", os.sep)):
        map_ = Path(uitvoer) if uitvoer is not None else Path(settings.BACKUP_ROOT)
        return map_ / f"kringportaal-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz", True
    return Path(uitvoer), False


def backup_maken(*, uitvoer: str | Path | None = None, bewaar: int | None = None) -> Backup:
    soort = engine()
    pad, in_map = _doel(uitvoer)
    pad = pad.absolute()
    wortel = media_root()
    if pad.parent.resolve().is_relative_to(wortel):
        raise BackupFout(f"De back-up mag niet in MEDIA_ROOT ({wortel}) staan: dan komt hij in de volgende back-up.")
    if pad.exists():
        raise BackupFout(f"{pad} bestaat al; kies een andere naam.")
    if bewaar is not None and not in_map:
        raise BackupFout("--bewaar werkt alleen als de back-up in een map komt (standaard BACKUP_ROOT).")
    # Archives hold personal data: the folder and the files are for the portal's own user only.
    pad.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    deel = pad.with_name(pad.name + ".deel")
    gemaakt_op = timezone.now()
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=pad.parent) as werkmap:
            dump = Path(werkmap) / DATABASEBESTAND[soort]
            migraties = _migratiestand()
            # Database first: a file uploaded while the media are copied is at worst an orphan, never a hole.
            _database_dumpen(soort, dump)
            with (
                open(os.open(deel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as uit,
                tarfile.open(fileobj=uit, mode="w:gz", compresslevel=6) as tar,
            ):
                bestanden = [_toevoegen(tar, dump, DATABASEBESTAND[soort])]
                bestanden += [_toevoegen(tar, bron, naam) for bron, naam in _mediabestanden(wortel)]
                manifest = {
                    "formaat": FORMAAT,
                    "gemaakt_op": timezone.localtime(gemaakt_op).isoformat(),
                    "engine": soort,
                    "database": DATABASEBESTAND[soort],
                    "django": django.get_version(),
                    "migraties": migraties,
                    "bestanden": bestanden,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(gemaakt_op.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
        os.replace(deel, pad)
    except BaseException:
        deel.unlink(missing_ok=True)
        raise
    verwijderd = _opruimen(pad.parent, bewaar) if bewaar is not None else []
    aantal = len(bestanden) - 1
    logger.info("Back-up gemaakt: %s (%s, %d mediabestanden, %d bytes).", pad, soort, aantal, pad.stat().st_size)
    return Backup(pad=pad, grootte=pad.stat().st_size, mediabestanden=aantal, verwijderd=verwijderd)


def _opruimen(map_: Path, bewaar: int) -> list[Path]:
    """Keep the newest `bewaar` archives of this folder (the names sort by time); remove the older ones."""
    archieven = sorted(map_.glob(ARCHIEFPATROON))
    oud = archieven[: max(len(archieven) - bewaar, 0)]
    for pad in oud:
        pad.unlink()
        logger.info("Oude back-up verwijderd: %s", pad)
    return oud


# --- Restore ------------------------------------------------------------------------------------------------------


def _veilige_naam(naam: str) -> PurePosixPath:
    pad = PurePosixPath(naam)
    if (
        not naam
        or "\x00" in naam
        or "\\" in naam
        or pad.is_absolute()
        or any(d in ("", ".", "..") for d in naam.split("/"))
    ):
        raise BackupFout(f"Het archief bevat een onveilige bestandsnaam ({naam!r}); er is niets hersteld.")
    return pad


def _leden(tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    leden: dict[str, tarfile.TarInfo] = {}
    for lid in tar.getmembers():
        _veilige_naam(lid.name)
        if lid.isdir():
            continue
        if not lid.isfile():
            raise BackupFout(
                f"Het archief bevat een link of speciaal bestand ({lid.name}); dat herstelt het portaal niet. "
                "Er is niets hersteld."
            )
        if lid.name in leden:
            raise BackupFout(f"Het archief bevat {lid.name} twee keer; er is niets hersteld.")
        leden[lid.name] = lid
    return leden


def _manifest_lezen(tar: tarfile.TarFile, leden: dict[str, tarfile.TarInfo]) -> dict:
    lid = leden.get(MANIFEST)
    if lid is None or lid.size > MAX_MANIFEST:
        raise BackupFout("Dit is geen back-up van het Kringportaal: manifest.json ontbreekt.")
    try:
        manifest = json.loads(tar.extractfile(lid).read())
        bestanden = {item["pad"]: item for item in manifest["bestanden"]}
        goed = (
            isinstance(manifest["engine"], str)
            and isinstance(manifest["database"], str)
            and isinstance(manifest["gemaakt_op"], str)
            and isinstance(manifest["migraties"], dict)
            and all(isinstance(namen, list) for namen in manifest["migraties"].values())
            and all(
                isinstance(item["pad"], str) and isinstance(item["grootte"], int) and isinstance(item["sha256"], str)
                for item in manifest["bestanden"]
            )
        )
    except (ValueError, KeyError, TypeError, AttributeError) as fout:
        raise BackupFout(f"manifest.json van deze back-up is onleesbaar ({fout}); er is niets hersteld.") from fout
    if not goed:
        raise BackupFout(
            "manifest.json van deze back-up is onleesbaar (verkeerde soort waarde); er is niets hersteld."
        )
    if manifest.get("formaat") != FORMAAT:
        raise BackupFout(f"Onbekend back-upformaat {manifest.get('formaat')!r} (deze versie kent {FORMAAT}).")
    namen = set(leden) - {MANIFEST}
    if namen != set(bestanden):
        verschil = sorted(namen ^ set(bestanden))
        raise BackupFout(
            "De bestanden in het archief komen niet overeen met manifest.json "
            f"({', '.join(verschil[:5])}); er is niets hersteld."
        )
    for naam in namen:
        if naam != manifest["database"] and not naam.startswith(f"{MEDIA}/"):
            raise BackupFout(f"Onbekend bestand {naam} in het archief; er is niets hersteld.")
    if manifest["database"] not in bestanden:
        raise BackupFout("De database ontbreekt in het archief; er is niets hersteld.")
    return manifest


def _controleer_stand(manifest: dict) -> list[str]:
    """Refuses a backup of another engine or of newer code; returns the migrations to apply after the restore."""
    soort = engine()
    if manifest["engine"] != soort or manifest["database"] != DATABASEBESTAND[soort]:
        raise BackupFout(
            f"Deze back-up is van een {manifest['engine']}-database; het portaal gebruikt nu {soort}. "
            "Er is niets hersteld."
        )
    in_backup = {(app, naam) for app, namen in manifest["migraties"].items() for naam in namen}
    op_schijf = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    onbekend = sorted(in_backup - op_schijf)
    if onbekend:
        lijst = ", ".join(f"{app}.{naam}" for app, naam in onbekend[:5])
        raise BackupFout(
            f"De back-up komt van een nieuwere versie van het portaal (onbekende migraties: {lijst}). "
            "Herstel met die versie. Er is niets hersteld."
        )
    return [f"{app}.{naam}" for app, naam in sorted(op_schijf - in_backup)]


def _uitpakken(tar, leden, manifest, werkmap: Path | None) -> None:
    """Reads every file, checks its size and sha256, and writes it under `werkmap` (None: only check)."""
    for item in manifest["bestanden"]:
        lid = leden[item["pad"]]
        if lid.size != item["grootte"]:
            raise BackupFout(f"{lid.name} heeft niet de grootte uit manifest.json; er is niets hersteld.")
        bron = tar.extractfile(lid)
        digest = hashlib.sha256()
        uit = None
        if werkmap is not None:
            doel = werkmap.joinpath(*PurePosixPath(lid.name).parts)
            if not doel.resolve().is_relative_to(werkmap.resolve()):
                raise BackupFout(f"Het archief bevat een onveilige bestandsnaam ({lid.name!r}); er is niets hersteld.")
            doel.parent.mkdir(parents=True, exist_ok=True)
            uit = open(os.open(doel, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o640), "wb")  # noqa: SIM115
        try:
            while blok := bron.read(1024 * 1024):
                digest.update(blok)
                if uit is not None:
                    uit.write(blok)
        finally:
            if uit is not None:
                uit.close()
        if digest.hexdigest() != item["sha256"]:
            raise BackupFout(
                f"De controlesom van {lid.name} klopt niet: het archief is beschadigd. Er is niets hersteld."
            )


def _controleer_dump(soort: str, dump: Path) -> None:
    """The dump's own tool must read it before the live database is touched."""
    if soort == "postgresql":
        _pg_draaien([_pg_programma("pg_restore"), "--list", str(dump)], wat="pg_restore --list")
        return
    try:
        kopie = sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)
        try:
            uitkomst = kopie.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            kopie.close()
    except sqlite3.DatabaseError as fout:
        uitkomst = str(fout)
    if uitkomst != "ok":
        raise BackupFout(f"De SQLite-database in het archief is beschadigd ({uitkomst}); er is niets hersteld.")


def _database_herstellen(soort: str, dump: Path) -> None:
    if soort == "postgresql":
        # Our own connection holds no lock while pg_restore drops and recreates the tables in one transaction.
        connection.close()
        _pg_draaien(
            [
                _pg_programma("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            wat="pg_restore",
        )
        return
    _buiten_transactie()
    connection.ensure_connection()
    bron = sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)
    try:
        bron.backup(connection.connection)
    finally:
        bron.close()


def _media_vervangen(nieuw: Path, wortel: Path, werkmap: Path) -> None:
    """Moves the current content of MEDIA_ROOT aside and the restored files in (renames on one file system); puts the
    old content back if that fails halfway."""
    oud = werkmap / "oud"
    oud.mkdir()
    weg: list[str] = []
    erin: list[str] = []
    try:
        for pad in list(wortel.iterdir()):
            if pad.name.startswith(WERKMAP_PREFIX):
                continue
            os.replace(pad, oud / pad.name)
            weg.append(pad.name)
        if nieuw.is_dir():
            for pad in list(nieuw.iterdir()):
                os.replace(pad, wortel / pad.name)
                erin.append(pad.name)
    except OSError:
        for naam in erin:
            terug = wortel / naam
            shutil.rmtree(terug) if terug.is_dir() and not terug.is_symlink() else terug.unlink(missing_ok=True)
        for naam in weg:
            os.replace(oud / naam, wortel / naam)
        raise


def _openen(pad: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(pad, mode="r:gz")
    except FileNotFoundError as fout:
        raise BackupFout(f"{pad} bestaat niet.") from fout
    except (tarfile.TarError, OSError, EOFError) as fout:
        raise BackupFout(f"{pad} is geen leesbaar tar.gz-archief ({fout}); er is niets hersteld.") from fout


def backup_controleren(pad: Path) -> tuple[dict, list[str]]:
    """Checks an archive completely without changing anything; returns its manifest and the migrations still to run."""
    with _openen(pad) as tar:
        try:
            leden = _leden(tar)
            manifest = _manifest_lezen(tar, leden)
            nog_migreren = _controleer_stand(manifest)
            _uitpakken(tar, leden, manifest, None)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as fout:
            raise BackupFout(f"{pad} is beschadigd ({fout}).") from fout
    return manifest, nog_migreren


def backup_herstellen(pad: Path, *, bevestig: Callable[[dict], bool]) -> Herstel | None:
    """Restores database and media from `pad` after every check passed and `bevestig(manifest)` said yes; None when
    it said no (then nothing changed)."""
    soort = engine()
    wortel = media_root()
    wortel.mkdir(parents=True, exist_ok=True)
    werkmap = Path(tempfile.mkdtemp(prefix=WERKMAP_PREFIX, dir=wortel))
    try:
        with _openen(pad) as tar:
            try:
                leden = _leden(tar)
                manifest = _manifest_lezen(tar, leden)
                nog_migreren = _controleer_stand(manifest)
                _uitpakken(tar, leden, manifest, werkmap)
            except (tarfile.TarError, OSError, EOFError, zlib.error) as fout:
                raise BackupFout(f"{pad} is beschadigd of onleesbaar ({fout}); er is niets hersteld.") from fout
        dump = werkmap / manifest["database"]
        _controleer_dump(soort, dump)
        if not bevestig(manifest):
            return None
        _database_herstellen(soort, dump)
        try:
            _media_vervangen(werkmap / MEDIA, wortel, werkmap)
        except OSError as fout:
            raise BackupFout(
                f"De database is hersteld, de media niet ({fout}): MEDIA_ROOT is ongewijzigd. Los de oorzaak op en "
                "herstel opnieuw."
            ) from fout
    finally:
        shutil.rmtree(werkmap, ignore_errors=True)
    aantal = sum(1 for item in manifest["bestanden"] if item["pad"].startswith(f"{MEDIA}/"))
    # A whole database replaced cannot be in its own audit log (the restore would erase the entry): log it instead.
    logger.warning(
        "Back-up hersteld door %s op %s: %s (gemaakt op %s, %s, %d mediabestanden). Alles na dat moment is weg.",
        _wie(),
        socket.gethostname(),
        Path(pad).absolute(),
        manifest["gemaakt_op"],
        soort,
        aantal,
    )
    return Herstel(manifest=manifest, mediabestanden=aantal, nog_migreren=nog_migreren)


def _wie() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def beschrijving(manifest: dict) -> str:
    moment = datetime.datetime.fromisoformat(manifest["gemaakt_op"])
    media = sum(1 for item in manifest["bestanden"] if item["pad"].startswith(f"{MEDIA}/"))
    grootte = sum(item["grootte"] for item in manifest["bestanden"])
    return f"back-up van {moment:%d-%m-%Y %H:%M:%S} ({manifest['engine']}, {media} mediabestanden, {grootte / 1e6:.1f} MB)"
