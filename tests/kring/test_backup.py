"""`manage.py backup` and `restore` (kring/backup.py).

The round trips run the real commands in a subprocess against a database of their own: a SQLite file (always) and a
scratch PostgreSQL database next to the one in DATABASE_URL (when DATABASE_URL is a postgres URL, as in CI's
PostgreSQL run; never the shared test database). The refusals run in-process: every defect of an archive must be
refused before the database or MEDIA_ROOT changes.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections

import dj_database_url
import pytest

from kring import backup
from kring.models import Organisatie, User
from tests.factories import OrganisatieFactory, UserFactory

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
OP_POSTGRES = POSTGRES_URL.startswith(("postgres://", "postgresql://"))

# --- Round trips through the real commands --------------------------------------------------------------------------

GEGEVENS = """
from pathlib import Path
from django.conf import settings
from tests.factories import OrganisatieFactory, UserFactory
org = OrganisatieFactory(naam="Merwedijk Infra B.V.")
UserFactory(organisatie=org, email="uitvoerder@merwedijk.example", naam="Uitvoerder")
UserFactory(organisatie=org, email="werkvoorbereider@merwedijk.example", naam="Werkvoorbereider")
media = Path(settings.MEDIA_ROOT)
(media / "rapporten").mkdir(parents=True, exist_ok=True)
(media / "rapporten" / "1.pdf").write_bytes(b"%PDF-1.7 rapport " * 5000)
(media / "kennisbank" / "2026" / "04").mkdir(parents=True, exist_ok=True)
(media / "kennisbank" / "2026" / "04" / "verslag ä.txt").write_text("Verslag van de bijeenkomst")
"""

WIJZIGEN = """
from pathlib import Path
from django.conf import settings
from kring.models import Organisatie, User
from tests.factories import OrganisatieFactory
Organisatie.objects.filter(naam="Merwedijk Infra B.V.").update(naam="Gewijzigd na de back-up B.V.")
User.objects.filter(email="werkvoorbereider@merwedijk.example").delete()
OrganisatieFactory(naam="Nieuw na de back-up B.V.", kvk_nummer="69999999")
media = Path(settings.MEDIA_ROOT)
(media / "rapporten" / "1.pdf").write_bytes(b"overschreven")
(media / "kennisbank" / "2026" / "04" / "verslag ä.txt").unlink()
(media / "later.txt").write_text("na de back-up")
"""


def _manage(omgeving: dict, *argumenten: str, invoer: str | None = None) -> subprocess.CompletedProcess:
    env = {
        sleutel: waarde
        for sleutel, waarde in os.environ.items()
        if sleutel not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"}
    }
    env.update(omgeving)
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *argumenten],
        env=env,
        cwd=settings.BASE_DIR,
        input=invoer if invoer is not None else "",
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _ok(resultaat: subprocess.CompletedProcess) -> str:
    assert resultaat.returncode == 0, resultaat.stderr[-3000:]
    return resultaat.stdout


def _gegevens(omgeving: dict) -> list:
    """Every row of every model, as dumpdata writes them (ordered by primary key)."""
    return json.loads(_ok(_manage(omgeving, "dumpdata", "--format", "json")))


def _media(wortel: Path) -> dict[str, bytes]:
    return {pad.relative_to(wortel).as_posix(): pad.read_bytes() for pad in sorted(wortel.rglob("*")) if pad.is_file()}


def _rondje(omgeving: dict, media: Path, backups: Path) -> None:
    _ok(_manage(omgeving, "migrate", "--no-input", "-v", "0"))
    _ok(_manage(omgeving, "shell", "-c", GEGEVENS))
    gegevens_voor, media_voor = _gegevens(omgeving), _media(media)
    assert {"rapporten/1.pdf", "kennisbank/2026/04/verslag ä.txt"} <= set(media_voor)

    uit = _ok(_manage(omgeving, "backup"))
    archieven = list(backups.glob("kringportaal-*.tar.gz"))
    assert len(archieven) == 1 and "Back-up gemaakt" in uit
    archief = archieven[0]
    assert archief.stat().st_mode & 0o077 == 0  # personal data: only the portal's user reads it

    _ok(_manage(omgeving, "shell", "-c", WIJZIGEN))
    gewijzigd = _gegevens(omgeving)
    assert gewijzigd != gegevens_voor and _media(media) != media_voor  # the restore below has work to do

    # Without --ja the command asks; anything but "ja" changes nothing.
    geweigerd = _manage(omgeving, "restore", str(archief), invoer="nee\n")
    assert geweigerd.returncode != 0 and "Typ ja om door te gaan" in geweigerd.stdout
    assert "er is niets veranderd" in geweigerd.stderr
    assert _gegevens(omgeving) == gewijzigd

    hersteld = _manage(omgeving, "restore", str(archief), "--ja")
    assert "Hersteld: back-up van" in _ok(hersteld)
    assert "Back-up hersteld door" in hersteld.stderr  # the log line that stands in for an audit event
    assert _gegevens(omgeving) == gegevens_voor
    assert _media(media) == media_voor
    assert not [pad for pad in media.iterdir() if pad.name.startswith(".")]  # no work folder left behind


def test_round_trip_op_sqlite(tmp_path):
    media, backups = tmp_path / "media", tmp_path / "backups"
    omgeving = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portaal.sqlite3'}",
        "MEDIA_ROOT": str(media),
        "BACKUP_ROOT": str(backups),
    }
    _rondje(omgeving, media, backups)


@pytest.fixture
def kladdatabase():
    """A scratch database on the PostgreSQL server of DATABASE_URL, dropped afterwards."""
    import psycopg
    from psycopg import sql

    instellingen = dj_database_url.parse(POSTGRES_URL)
    server = {
        "host": instellingen["HOST"] or None,
        "port": instellingen["PORT"] or None,
        "user": instellingen["USER"] or None,
        "password": instellingen["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    naam = f"kringportaal_backup_test_{os.getpid()}"
    with psycopg.connect(**server) as verbinding:
        verbinding.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))
        verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
    try:
        yield urllib.parse.urlsplit(POSTGRES_URL)._replace(path=f"/{naam}").geturl()
    finally:
        with psycopg.connect(**server) as verbinding:
            verbinding.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))


# CI's PostgreSQL run sets DATABASE_URL, so this runs there; a missing pg_dump or server then fails, never skips.
@pytest.mark.skipif(not OP_POSTGRES, reason="Draait als DATABASE_URL een PostgreSQL-adres is (CI-stap PostgreSQL).")
def test_round_trip_op_postgresql(tmp_path, kladdatabase):
    media, backups = tmp_path / "media", tmp_path / "backups"
    omgeving = {"DATABASE_URL": kladdatabase, "MEDIA_ROOT": str(media), "BACKUP_ROOT": str(backups)}
    _rondje(omgeving, media, backups)


# --- Refusals, in-process -------------------------------------------------------------------------------------------


@pytest.fixture
def portaal(transactional_db, tmp_path, settings, monkeypatch):
    """Data, a media folder and a good archive of them. Restoring the database or swapping the media fails the test:
    every archive below must be refused before that."""
    settings.MEDIA_ROOT = media = tmp_path / "media"
    settings.BACKUP_ROOT = tmp_path / "backups"
    (media / "rapporten").mkdir(parents=True)
    (media / "rapporten" / "7.pdf").write_bytes(b"%PDF-1.7 eerste rapport")
    UserFactory(email="uitvoerder@merwedijk.example", organisatie=OrganisatieFactory(naam="Merwedijk Infra B.V."))
    archief = tmp_path / "goed.tar.gz"
    call_command("backup", uitvoer=str(archief), stdout=io.StringIO())

    def verboden(*args, **kwargs):
        raise AssertionError("dit archief had geweigerd moeten worden voordat er iets veranderde")

    monkeypatch.setattr(backup, "_database_herstellen", verboden)
    monkeypatch.setattr(backup, "_media_vervangen", verboden)
    return archief


def _stand(media: Path) -> tuple:
    namen = sorted(Organisatie.objects.values_list("naam", flat=True))
    return namen, sorted(User.objects.values_list("email", flat=True)), _media(media)


def _leden(archief: Path) -> tuple[dict, list[tuple[tarfile.TarInfo, bytes]]]:
    with tarfile.open(archief, "r:gz") as tar:
        leden = [(lid, tar.extractfile(lid).read()) for lid in tar.getmembers()]
    manifest = json.loads(next(data for lid, data in leden if lid.name == backup.MANIFEST))
    return manifest, [(lid, data) for lid, data in leden if lid.name != backup.MANIFEST]


def _schrijf(doel: Path, manifest: dict, leden: list[tuple[tarfile.TarInfo, bytes]]) -> Path:
    with tarfile.open(doel, "w:gz") as tar:
        for lid, data in leden:
            tar.addfile(lid, io.BytesIO(data) if lid.isfile() else None)
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo(backup.MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return doel


def _bestand(naam: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(naam)
    info.size = len(data)
    return info, data


def _met_bestand(archief: Path, doel: Path, naam: str, data: bytes) -> Path:
    """The good archive plus one extra member, listed in the manifest with its true size and checksum."""
    manifest, leden = _leden(archief)
    manifest["bestanden"].append({"pad": naam, "grootte": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return _schrijf(doel, manifest, [*leden, _bestand(naam, data)])


def _geweigerd(archief: Path, tekst: str) -> None:
    voor = _stand(Path(settings.MEDIA_ROOT))
    with pytest.raises(CommandError, match=tekst):
        call_command("restore", str(archief), ja=True, stdout=io.StringIO())
    assert _stand(Path(settings.MEDIA_ROOT)) == voor
    assert not [pad for pad in Path(settings.MEDIA_ROOT).iterdir() if pad.name.startswith(".")]


def test_good_archive_passes_the_check_and_lists_its_files(portaal):
    manifest, leden = _leden(portaal)
    assert manifest["engine"] == connection.vendor and manifest["formaat"] == 1
    assert {item["pad"] for item in manifest["bestanden"]} == {lid.name for lid, _ in leden}
    assert "media/rapporten/7.pdf" in {lid.name for lid, _ in leden}
    assert "0001_initial" in manifest["migraties"]["kring"]
    uit = io.StringIO()
    call_command("restore", str(portaal), controleer=True, stdout=uit)
    assert "In orde: back-up van" in uit.getvalue()


def test_truncated_archive_is_refused(portaal, tmp_path):
    kapot = tmp_path / "kapot.tar.gz"
    kapot.write_bytes(portaal.read_bytes()[: portaal.stat().st_size // 2])
    _geweigerd(kapot, "beschadigd|geen leesbaar")


def test_a_file_that_is_no_archive_is_refused(portaal, tmp_path):
    tekst = tmp_path / "notities.tar.gz"
    tekst.write_text("dit is geen back-up")
    _geweigerd(tekst, "geen leesbaar tar.gz-archief")


def test_changed_content_fails_the_checksum(portaal, tmp_path):
    manifest, leden = _leden(portaal)
    vervalst = b"%PDF-1.7 andere rapport"
    assert len(vervalst) == len(b"%PDF-1.7 eerste rapport")  # same size: only the checksum can tell
    leden = [_bestand(lid.name, vervalst) if lid.name.endswith("7.pdf") else (lid, data) for lid, data in leden]
    _geweigerd(_schrijf(tmp_path / "vervalst.tar.gz", manifest, leden), "controlesom van media/rapporten/7.pdf")


def test_archive_of_the_other_engine_is_refused(portaal, tmp_path):
    manifest, leden = _leden(portaal)
    andere = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["engine"] = andere
    _geweigerd(_schrijf(tmp_path / "ander.tar.gz", manifest, leden), f"van een {andere}-database")


def test_backup_of_newer_code_is_refused(portaal, tmp_path):
    manifest, leden = _leden(portaal)
    manifest["migraties"]["kring"].append("9999_uit_de_toekomst")
    _geweigerd(_schrijf(tmp_path / "nieuwer.tar.gz", manifest, leden), "nieuwere versie.*kring.9999_uit_de_toekomst")


@pytest.mark.parametrize("naam", ["media/../../buiten.txt", "/buiten.txt", "media/./buiten.txt", "../buiten.txt"])
def test_path_traversal_is_refused(portaal, tmp_path, naam):
    _geweigerd(_met_bestand(portaal, tmp_path / "pad.tar.gz", naam, b"buiten de map"), "onveilige bestandsnaam")
    assert not list(tmp_path.rglob("buiten.txt"))
    assert not Path("/buiten.txt").exists()


@pytest.mark.parametrize("soort", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_links_in_the_archive_are_refused(portaal, tmp_path, soort):
    manifest, leden = _leden(portaal)
    link = tarfile.TarInfo("media/rapporten/wachtwoorden.pdf")
    link.type, link.linkname = soort, "/etc/passwd" if soort == tarfile.SYMTYPE else "media/rapporten/7.pdf"
    manifest["bestanden"].append({"pad": link.name, "grootte": 0, "sha256": ""})
    _geweigerd(_schrijf(tmp_path / "link.tar.gz", manifest, [*leden, (link, b"")]), "link of speciaal bestand")
    assert not (Path(settings.MEDIA_ROOT) / "rapporten" / "wachtwoorden.pdf").exists()


def test_a_file_missing_from_the_manifest_is_refused(portaal, tmp_path):
    manifest, leden = _leden(portaal)
    extra = [*leden, _bestand("media/stiekem.txt", b"niet in het manifest")]
    _geweigerd(_schrijf(tmp_path / "extra.tar.gz", manifest, extra), "komen niet overeen met manifest.json")


def test_an_archive_without_manifest_is_refused(portaal, tmp_path):
    _, leden = _leden(portaal)
    zonder = tmp_path / "zonder.tar.gz"
    with tarfile.open(zonder, "w:gz") as tar:
        for lid, data in leden:
            tar.addfile(lid, io.BytesIO(data))
    _geweigerd(zonder, "manifest.json ontbreekt")


@pytest.mark.parametrize(
    "manifest",
    [b"{dit is geen json", b'{"formaat": 1, "bestanden": "alles"}', b'{"formaat": 1, "bestanden": [], "engine": 3}'],
)
def test_an_unreadable_manifest_is_refused(portaal, tmp_path, manifest):
    _, leden = _leden(portaal)
    kapot = tmp_path / "manifest.tar.gz"
    with tarfile.open(kapot, "w:gz") as tar:
        for lid, data in [*leden, _bestand(backup.MANIFEST, manifest)]:
            tar.addfile(lid, io.BytesIO(data))
    _geweigerd(kapot, "manifest.json van deze back-up is onleesbaar")


def test_a_corrupt_database_in_a_consistent_archive_is_refused(portaal, tmp_path):
    """Checksums that match a broken dump: the dump's own tool must read it before the live database is touched."""
    manifest, leden = _leden(portaal)
    rommel = b"geen database maar rommel " * 100
    leden = [_bestand(lid.name, rommel) if lid.name == manifest["database"] else (lid, d) for lid, d in leden]
    item = next(item for item in manifest["bestanden"] if item["pad"] == manifest["database"])
    item.update(grootte=len(rommel), sha256=hashlib.sha256(rommel).hexdigest())
    _geweigerd(_schrijf(tmp_path / "rommel.tar.gz", manifest, leden), "beschadigd|mislukt")


def test_restore_asks_and_no_changes_nothing(portaal, monkeypatch):
    vragen = []
    monkeypatch.setattr("builtins.input", lambda vraag: vragen.append(vraag) or "nee")
    voor = _stand(Path(settings.MEDIA_ROOT))
    with pytest.raises(CommandError, match="afgebroken; er is niets veranderd"):
        call_command("restore", str(portaal), stdout=io.StringIO())
    assert vragen == ["Typ ja om door te gaan: "]
    assert _stand(Path(settings.MEDIA_ROOT)) == voor


# --- Backup details -----------------------------------------------------------------------------------------------


def test_bewaar_keeps_only_the_newest_archives(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    map_ = tmp_path / "backups"
    map_.mkdir()
    oud = [map_ / f"kringportaal-2025010{dag}-020000.tar.gz" for dag in (1, 2, 3)]
    for pad in oud:
        pad.write_bytes(b"oud")
    anders = map_ / "handmatig-bewaard.tar.gz"
    anders.write_bytes(b"niet van backup")
    uit = io.StringIO()
    call_command("backup", uitvoer=str(map_), bewaar=2, stdout=uit)
    over = sorted(pad.name for pad in map_.glob("kringportaal-*.tar.gz"))
    assert len(over) == 2 and over[0] == oud[2].name and over[1] > oud[2].name
    assert anders.exists() and not list(map_.glob("*.deel")) and not list(map_.glob(".backup-*"))
    assert "Oude back-up verwijderd" in uit.getvalue()


def test_backup_refuses_a_target_inside_media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(CommandError, match="niet in MEDIA_ROOT"):
        call_command("backup", uitvoer=str(tmp_path / "media" / "backups") + "/", stdout=io.StringIO())
    assert not (tmp_path / "media" / "backups").exists()


def test_backup_never_overwrites_an_archive(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    bestaand = tmp_path / "archief.tar.gz"
    bestaand.write_bytes(b"vorige back-up")
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("backup", uitvoer=str(bestaand), stdout=io.StringIO())
    assert bestaand.read_bytes() == b"vorige back-up"


def test_password_goes_in_the_environment_not_on_the_command_line(tmp_path, monkeypatch):
    """`ps` shows every command line on the host; the password travels only in PGPASSWORD."""
    gezien = {}

    def run(argumenten, *, env, **kwargs):
        gezien.update(argumenten=argumenten, env=env)
        return subprocess.CompletedProcess(argumenten, 0, "", "")

    monkeypatch.setattr(backup.subprocess, "run", run)
    monkeypatch.setattr(backup, "_pg_programma", lambda naam: f"/usr/bin/{naam}")
    monkeypatch.setenv("PGDATABASE", "een_andere_database")
    instellingen = {
        "HOST": "db.intern",
        "PORT": 5433,
        "USER": "kringportaal",
        "PASSWORD": "zeer-geheim-wachtwoord",
        "NAME": "kringportaal",
        "OPTIONS": {"sslmode": "verify-full", "pool": True},
    }
    # The wrapper itself, not the `connection` proxy: undoing a patch on the proxy would delete the attribute.
    monkeypatch.setattr(connections["default"], "settings_dict", instellingen)
    backup._database_dumpen("postgresql", tmp_path / "database.dump")
    assert gezien["argumenten"][0] == "/usr/bin/pg_dump" and "--format=custom" in gezien["argumenten"]
    assert not any("zeer-geheim" in argument for argument in gezien["argumenten"])
    env = gezien["env"]
    assert env["PGPASSWORD"] == "zeer-geheim-wachtwoord"
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.intern",
        "5433",
        "kringportaal",
        "kringportaal",
    )
    assert env["PGSSLMODE"] == "verify-full"


def test_pg_tools_are_found_under_usr_lib_postgresql_newest_first(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda naam: None)
    gevonden = [
        "/usr/lib/postgresql/9.6/bin/pg_dump",
        "/usr/lib/postgresql/16/bin/pg_dump",
        "/usr/lib/postgresql/15/bin/pg_dump",
    ]
    monkeypatch.setattr(backup.glob, "glob", lambda patroon: list(gevonden))
    assert backup._pg_programma("pg_dump") == "/usr/lib/postgresql/16/bin/pg_dump"
    gevonden.clear()
    with pytest.raises(backup.BackupFout, match="pg_dump niet gevonden"):
        backup._pg_programma("pg_dump")


def test_a_file_that_changes_during_the_backup_keeps_the_manifest_true(
    transactional_db, tmp_path, settings, monkeypatch
):
    """The checksum is taken from the bytes written into the archive, not from a second read of the file."""
    settings.MEDIA_ROOT = media = tmp_path / "media"
    media.mkdir()
    bestand = media / "groeit.txt"
    bestand.write_bytes(b"a" * 1000)
    echte_toevoegen = backup._toevoegen

    def toevoegen(tar, pad, naam):
        resultaat = echte_toevoegen(tar, pad, naam)
        if pad == bestand:
            bestand.write_bytes(b"b" * 1000)  # changed right after it went into the archive
        return resultaat

    monkeypatch.setattr(backup, "_toevoegen", toevoegen)
    archief = tmp_path / "archief.tar.gz"
    call_command("backup", uitvoer=str(archief), stdout=io.StringIO())
    call_command("restore", str(archief), controleer=True, stdout=io.StringIO())
    manifest, leden = _leden(archief)
    assert {lid.name: data for lid, data in leden}["media/groeit.txt"] == b"a" * 1000
