"""Servers and processes of the fault tests, each the test's own: a Redis and a PostgreSQL cluster on free ports in a
temporary folder (never the shared ones on 6379 and 5432), and the portal's own processes (gunicorn, Celery workers)
started with the environment a deployment gives them. Everything started here is stopped by the fixture that
started it."""

import glob
import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

import redis

# Variables of the developer's or CI's shell that must not leak into a process of a test: each test sets its own.
GEEN_ERFENIS = ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_tot(voorwaarde, *, seconden: float, stap: float = 0.1, wat: str):
    """Poll `voorwaarde` until it returns something true (which is returned), or fail after `seconden`."""
    einde = time.monotonic() + seconden
    while True:
        if uitkomst := voorwaarde():
            return uitkomst
        if time.monotonic() > einde:
            raise AssertionError(f"Na {seconden} s nog niet: {wat}")
        time.sleep(stap)


def database_url() -> str:
    """The URL of the PostgreSQL test database, for processes of the test (pytest-django renamed it test_...)."""
    db = connection.settings_dict
    gebruiker = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{gebruiker}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def omgeving(**extra: str) -> dict[str, str]:
    env = {naam: waarde for naam, waarde in os.environ.items() if naam not in GEEN_ERFENIS}
    env.update({"DJANGO_SETTINGS_MODULE": "kring.settings", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def leeft(proces: subprocess.Popen, log: Path) -> bool:
    """True while `proces` runs; a process that stopped fails the test with the end of its log (a worker that cannot
    start should not look like a task that never finished)."""
    if proces.poll() is not None:
        raise AssertionError(f"{proces.args[:5]} stopte (code {proces.returncode}):\n{log.read_text()[-3000:]}")
    return True


def stop_proces(proces: subprocess.Popen, *, seconden: float = 20) -> None:
    """SIGTERM (a warm shutdown for gunicorn and Celery), SIGKILL for the whole group if it takes too long."""
    if proces.poll() is None:
        proces.terminate()
        try:
            proces.wait(timeout=seconden)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
            proces.wait()


# --- Redis -------------------------------------------------------------------------------------------------------------


class RedisServer:
    """A redis-server of one test on a free port, without persistence: stopping it loses what it held."""

    def __init__(self, map_: Path):
        self.map = map_
        self.poort = vrije_poort()
        self.proces: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.poort}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=2)

    def antwoordt(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.exceptions.RedisError:
            return False

    def start(self) -> None:
        self.proces = subprocess.Popen(
            ["redis-server", "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no", "--dir", str(self.map), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        wacht_tot(self.antwoordt, seconden=20, wat=f"redis-server op poort {self.poort}")

    def stop(self) -> None:
        if self.proces is not None:
            self.hervat()
            stop_proces(self.proces)
            self.proces = None

    def pauzeer(self) -> None:
        """Redis hangs: connections stay open, nothing answers (what a network fault looks like to a client)."""
        os.kill(self.proces.pid, signal.SIGSTOP)

    def hervat(self) -> None:
        if self.proces is not None and self.proces.poll() is None:
            os.kill(self.proces.pid, signal.SIGCONT)


# --- PostgreSQL --------------------------------------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: Debian's /usr/lib/postgresql/<version>/bin (newest), else from PATH."""
    kandidaten = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda pad: int(Path(pad).parts[4]))
    gevonden = kandidaten[-1] if kandidaten else shutil.which("initdb")
    return Path(gevonden).resolve().parent if gevonden else None


class PostgresCluster:
    """A PostgreSQL cluster of one test: initdb in a temporary folder, its own port, trust authentication on
    127.0.0.1. As root the server runs as the postgres user (PostgreSQL refuses root)."""

    def __init__(self, bin_: Path):
        self.bin = bin_
        self.map = Path(tempfile.mkdtemp(prefix="kring-pg-"))
        self.poort = vrije_poort()
        if os.geteuid() == 0:
            shutil.chown(self.map, "postgres", "postgres")

    def _als_eigenaar(self, *opdracht: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *opdracht] if os.geteuid() == 0 else list(opdracht)

    def _pg_ctl(self, *argumenten: str) -> None:
        subprocess.run(
            self._als_eigenaar(str(self.bin / "pg_ctl"), "-D", str(self.map / "data"), "-w", "-t", "60", *argumenten),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.poort}/{database}"

    def initdb(self) -> None:
        subprocess.run(
            self._als_eigenaar(
                str(self.bin / "initdb"), "-D", str(self.map / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8"
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        opties = f"-p {self.poort} -c listen_addresses=127.0.0.1 -k {self.map} -c fsync=off"
        self._pg_ctl("-o", opties, "-l", str(self.map / "postgres.log"), "start")

    def herstart(self) -> None:
        """pg_ctl restart -m fast: every session is ended, then the server comes back on the same port."""
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        if (self.map / "data" / "postmaster.pid").exists():
            self._pg_ctl("-m", "immediate", "stop")

    def opruimen(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.map, ignore_errors=True)


# --- The portal's processes --------------------------------------------------------------------------------------------


def start_gunicorn(env: dict[str, str], *, log: Path) -> tuple[subprocess.Popen, str]:
    """The web process as the image runs it (gunicorn, sync), with one worker: each request after the first reuses
    that worker's database connection (CONN_MAX_AGE), which is what a restart of the database breaks."""
    poort = vrije_poort()
    proces = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kring.wsgi:application", "--bind", f"127.0.0.1:{poort}"]
        + ["--workers", "1", "--timeout", "60", "--graceful-timeout", "5"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    adres = f"http://127.0.0.1:{poort}"

    def luistert() -> bool:
        if proces.poll() is not None:
            raise AssertionError(f"gunicorn stopte bij het starten:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", poort)) == 0

    wacht_tot(luistert, seconden=60, wat="gunicorn luistert")
    return proces, adres


def start_worker(env: dict[str, str], *, log: Path, module: str = "celery") -> subprocess.Popen:
    """A Celery worker like the compose service's (prefork), one pool process, no gossip/mingle/heartbeat chatter."""
    return subprocess.Popen(
        [sys.executable, "-m", module, "-A", "kring", "worker", "-P", "prefork", "-c", "1"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: a stop that takes too long kills its pool processes too
    )


# --- A browser without a browser -------------------------------------------------------------------------------------


class _GeenDoorverwijzing(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the 302 itself


class Bezoeker:
    """HTTP against a running portal with its own cookies; redirects are answers, not followed."""

    def __init__(self, adres: str, *, sessie: str | None = None):
        assert adres.startswith("http://127.0.0.1:"), adres
        self.adres = adres
        self.koekjes = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.koekjes), _GeenDoorverwijzing()
        )
        if sessie:
            self._koekje(settings.SESSION_COOKIE_NAME, sessie)

    def _koekje(self, naam: str, waarde: str) -> None:
        self.koekjes.set_cookie(
            http.cookiejar.Cookie(
                0, naam, waarde, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
            )
        )

    def koekje(self, naam: str) -> str | None:
        return next((koekje.value for koekje in self.koekjes if koekje.name == naam), None)

    def _open(self, verzoek: urllib.request.Request, timeout: float) -> tuple[int, str, dict]:
        try:
            with self.opener.open(verzoek, timeout=timeout) as antwoord:
                return antwoord.status, antwoord.read().decode(), dict(antwoord.headers)
        except urllib.error.HTTPError as fout:
            return fout.code, fout.read().decode(errors="replace"), dict(fout.headers)

    def get(self, pad: str, *, timeout: float = 30) -> tuple[int, str, dict]:
        return self._open(urllib.request.Request(self.adres + pad), timeout)  # noqa: S310 (http://127.0.0.1 only)

    def post(self, pad: str, data: dict, *, timeout: float = 30) -> tuple[int, str, dict]:
        token = self.koekje(settings.CSRF_COOKIE_NAME)
        assert token, "eerst een pagina met een formulier ophalen (csrftoken)"
        verzoek = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            self.adres + pad,
            data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode(),
            headers={"Referer": self.adres + pad},
        )
        return self._open(verzoek, timeout)
