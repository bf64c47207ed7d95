"""`make soak`: the portal under a mixed workload of real user journeys for minutes on end (issue 10, outcome 1).
Gunicorn (production settings) and a Celery worker on PostgreSQL and Redis with the bulk data set of `make bench`;
virtual users, each with their own bulk account, log in through the login form, browse, rate, search the kennisbank,
request a PDF report and wait for it, and log out again, with think time between pages.

Writes tests/bench/soak.json (per request type: count, errors, p50/p95/p99; memory of the web and worker processes
every few seconds) and exits 1 when a target is missed: 0 errors, p99 ≤ 500 ms, memory flat after the warm-up.
Options: `python -m tests.bench.soak --help`."""

import argparse
import html
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.bench.run import (
    HIER,
    WORTEL,
    gegevens_klaarzetten,
    gegevens_opties,
    maak_database,
    omgeving,
    stap,
    start_gunicorn,
    vrije_poort,
)

UITVOER = HIER / "soak.json"

# The targets of issue 10, outcome 1.
MAX_P99_MS = 500
MAX_GROEI = 0.10  # memory growth from the end of the warm-up to the end of the run
RAPPORT_MAX_S = 60  # a requested report is ready within this, or it counts as an error
POLL_S = 2  # as htmx on the report page (templates/kring/rapporten/_status.html)

# What a session does after logging in: a number of journeys, drawn by weight; a session does what a person does in
# one sitting (some 100 pages), not a few per login.
REIZEN = {"bladeren": 4, "zoeken": 3, "beoordelen": 2, "rapport": 1}
REIZEN_PER_SESSIE = (15, 30)
ZOEKWOORDEN_PROJECTEN = ["weg", "riool", "kade", "brug", "groen", "fiets", "onderhoud"]
ZOEKWOORDEN_KENNISBANK = [
    "riolering",
    "asfalt",
    "klimaatadaptatie",
    "social return",
    "planning",
    "bewoners",
    "kademuur",
]
FASEN = ["ontwerp", "voorbereiding", "aanbesteding", "uitvoering"]

INLOGGEN = "inloggen (versturen)"
RAPPORT_KLAAR = "rapport klaar"  # not a request: the wait from the request to the finished report

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROJECT = re.compile(r'href="/projecten/(\d+)/"')
KENNISITEM = re.compile(r'href="/werkgroepen/kennisbank/(\d+)/"')
SCOREVELD = re.compile(r'type="radio" name="(c\d+_waarde)"')
RAPPORTPAD = re.compile(r"/rapporten/(\d+)/")
WAS = re.compile(r'hx-get="/rapporten/\d+/status/\?was=(\w+)"')


# -- measuring


@dataclass
class Meting:
    """What one virtual user measured: milliseconds per request type, errors (with a few examples to go on) and the
    seconds from requesting a report to its being ready."""

    tijden: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    fouten: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    voorbeelden: list[str] = field(default_factory=list)
    rapporten_s: list[float] = field(default_factory=list)
    eerste_rapport: float | None = None  # time.monotonic() when the first report was ready

    def vastleggen(self, soort: str, ms: float, fout: str | None = None) -> None:
        self.tijden[soort].append(ms)
        if fout:
            self.fout(soort, fout)

    def fout(self, soort: str, tekst: str) -> None:
        self.fouten[soort] += 1
        if len(self.voorbeelden) < 10:
            self.voorbeelden.append(f"{soort}: {tekst}")

    def samenvoegen(self, andere: "Meting") -> None:
        for soort, tijden in andere.tijden.items():
            self.tijden[soort].extend(tijden)
        for soort, aantal in andere.fouten.items():
            self.fouten[soort] += aantal
        self.voorbeelden.extend(andere.voorbeelden[: max(0, 20 - len(self.voorbeelden))])
        self.rapporten_s.extend(andere.rapporten_s)
        if andere.eerste_rapport is not None:
            self.eerste_rapport = min(self.eerste_rapport or andere.eerste_rapport, andere.eerste_rapport)


def percentiel(waarden: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it (0 for no values)."""
    if not waarden:
        return 0.0
    gesorteerd = sorted(waarden)
    return gesorteerd[max(0, math.ceil(p / 100 * len(gesorteerd)) - 1)]


def samenvatting(tijden: list[float], fouten: int = 0) -> dict:
    return {
        "aantal": len(tijden),
        "fouten": fouten,
        **{f"p{p}_ms": round(percentiel(tijden, p), 1) for p in (50, 95, 99)},
        "max_ms": round(max(tijden, default=0), 1),
    }


# -- memory, from /proc (Linux): the resident set of a process and all its descendants


def procesboom(pid: int) -> list[int]:
    """`pid` and its descendants: gunicorn's master and workers, Celery's main process and its pool."""
    ouders = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()  # the name may hold spaces and brackets
        except (OSError, IndexError):
            continue  # ended meanwhile
        ouders[int(stat.parent.name)] = int(velden[1])
    boom, rand = [pid], {pid}
    while rand:
        rand = {kind for kind, ouder in ouders.items() if ouder in rand}
        boom.extend(sorted(rand))
    return boom


def rss_mb(pid: int) -> float:
    totaal_kb = 0
    for lid in procesboom(pid):
        try:
            status = Path(f"/proc/{lid}/status").read_text()
        except OSError:
            continue
        if regel := re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE):
            totaal_kb += int(regel.group(1))
    return round(totaal_kb / 1024, 1)


class Geheugen(threading.Thread):
    """Samples the RSS of each process tree every `interval` seconds, from the start of the load to its end."""

    def __init__(self, processen: dict[str, int], interval: float):
        super().__init__(daemon=True)
        self.processen = processen
        self.interval = interval
        self.begin = time.monotonic()
        self.monsters: list[dict] = []
        self.stoppen = threading.Event()

    def meet(self) -> None:
        self.monsters.append(
            {"t": round(time.monotonic() - self.begin), **{naam: rss_mb(pid) for naam, pid in self.processen.items()}}
        )

    def run(self) -> None:
        while not self.stoppen.wait(self.interval):
            self.meet()

    def beoordeel(self, ijkpunt: float) -> dict:
        """Per process tree: MB at the start, after the warm-up (the first sample from `ijkpunt` seconds on) and at
        the end, and the growth from after the warm-up to the end: None when no sample before the last one lies past
        `ijkpunt` (the run was too short to tell)."""
        na = next((monster for monster in self.monsters[:-1] if monster["t"] >= ijkpunt), None)
        uitkomst = {"ijkpunt_s": na["t"] if na else None}
        for naam in self.processen:
            opgewarmd, eind = (na[naam] if na else None), self.monsters[-1][naam]
            uitkomst[naam] = {
                "start_mb": self.monsters[0][naam],
                "na_opwarmen_mb": opgewarmd,
                "eind_mb": eind,
                "max_mb": max(monster[naam] for monster in self.monsters),
                "groei": round(eind / opgewarmd - 1, 3) if opgewarmd else None,
            }
        return uitkomst


# -- the virtual users


@dataclass
class Antwoord:
    status: int
    locatie: str
    inhoud: bytes
    tekst: str


def pad_van(url: str) -> str:
    """The path (and query) of a Location header, absolute or not."""
    delen = urlsplit(url)
    return delen.path + (f"?{delen.query}" if delen.query else "")


class Rapportbudget:
    """Report requests of the whole run, at most one per interval: one worker renders them one at a time (seconds
    each), and people ask for a PDF far less often than they open a page. None: no limit (the tests)."""

    def __init__(self, per_minuut: float | None):
        self.interval = 60 / per_minuut if per_minuut else 0.0
        self.volgende = 0.0
        self.slot = threading.Lock()

    def neem(self) -> bool:
        with self.slot:
            nu = time.monotonic()
            if nu < self.volgende:
                return False
            self.volgende = nu + self.interval
            return True


class Bezoeker:
    """One person with their own bulk account, as a browser: their own cookies (kept here, since the production
    cookies are Secure and __Host- and this runs over plain HTTP on 127.0.0.1), the CSRF token of the last page,
    redirects followed at once, think time between pages."""

    def __init__(
        self,
        *,
        poort: int,
        account: dict,
        wachtwoord: str,
        denktijd: tuple[float, float],
        eind: float,
        rapportbudget: Rapportbudget,
        rng: random.Random,
    ):
        self.poort = poort
        self.basis = f"http://127.0.0.1:{poort}"
        self.account = account
        self.wachtwoord = wachtwoord
        self.denktijd = denktijd
        self.eind = eind
        self.rapportbudget = rapportbudget
        self.rng = rng
        # Each person comes from their own address, as behind the reverse proxy of production (TRUSTED_PROXY_COUNT=1
        # below): per-address limits such as allauth's 30 logins a minute per IP apply per person, not to the test.
        self.adres = f"10.{account['pk'] // 65536 % 256}.{account['pk'] // 256 % 256}.{account['pk'] % 256}"
        self.koekjes: dict[str, str] = {}
        self.csrf = ""
        self.meting = Meting()

    # -- HTTP

    def verzoek(
        self,
        soort: str,
        methode: str,
        pad: str,
        *,
        velden: dict | None = None,
        verwacht: tuple[int, ...] = (200,),
        htmx: bool = False,
    ) -> Antwoord | None:
        """One request, timed from connecting to the last byte. Any other status than expected, and any exception, is
        an error; then None."""
        kop = {
            "User-Agent": "kringportaal-soak",
            "Accept": "text/html",
            "Connection": "close",
            "X-Forwarded-For": self.adres,
        }
        if self.koekjes:
            kop["Cookie"] = "; ".join(f"{naam}={waarde}" for naam, waarde in self.koekjes.items())
        lichaam = None
        if velden is not None:
            lichaam = urlencode(velden).encode()
            kop["Content-Type"] = "application/x-www-form-urlencoded"
            kop["Origin"] = self.basis  # as a browser sends with every POST; Django's CSRF check compares it
        if htmx:
            kop["HX-Request"] = "true"
        begin = time.perf_counter()
        try:
            verbinding = HTTPConnection("127.0.0.1", self.poort, timeout=30)
            try:
                verbinding.request(methode, pad, body=lichaam, headers=kop)
                antwoord = verbinding.getresponse()
                inhoud = antwoord.read()
            finally:
                verbinding.close()
        except (OSError, HTTPException) as fout:
            ms = (time.perf_counter() - begin) * 1000
            self.meting.vastleggen(soort, ms, f"{methode} {pad}: {type(fout).__name__}: {fout}")
            return None
        ms = (time.perf_counter() - begin) * 1000
        self._koekjes_bewaren(antwoord.msg.get_all("Set-Cookie") or [])
        if antwoord.status not in verwacht:
            self.meting.vastleggen(soort, ms, f"{methode} {pad}: status {antwoord.status}, verwacht {verwacht}")
            return None
        self.meting.vastleggen(soort, ms)
        tekst = inhoud.decode(errors="replace") if "html" in (antwoord.getheader("Content-Type") or "") else ""
        if token := CSRF.search(tekst):
            self.csrf = html.unescape(token.group(1))
        return Antwoord(antwoord.status, antwoord.getheader("Location") or "", inhoud, tekst)

    def _koekjes_bewaren(self, regels: list[str]) -> None:
        for regel in regels:
            koekje = SimpleCookie()
            try:
                koekje.load(regel)
            except CookieError:
                continue
            for naam, morsel in koekje.items():
                if morsel["max-age"] == "0":  # Django's delete_cookie (logout)
                    self.koekjes.pop(naam, None)
                else:
                    self.koekjes[naam] = morsel.value

    def _sessiekoekje(self) -> str | None:
        return next((waarde for naam, waarde in self.koekjes.items() if naam.endswith("sessionid")), None)

    def volg(self, soort: str, antwoord: Antwoord | None) -> Antwoord | None:
        """Follow a redirect at once, as a browser does."""
        if antwoord is None:
            return None
        return self.verzoek(soort, "GET", pad_van(antwoord.locatie))

    def denk(self) -> None:
        time.sleep(self.rng.uniform(*self.denktijd))

    # -- journeys

    def inloggen(self) -> bool:
        if self.verzoek("inloggen (formulier)", "GET", "/account/login/") is None:
            return False
        self.denk()
        antwoord = self.verzoek(
            INLOGGEN,
            "POST",
            "/account/login/",
            velden={"csrfmiddlewaretoken": self.csrf, "login": self.account["email"], "password": self.wachtwoord},
            verwacht=(302,),
        )
        if antwoord is None:
            return False
        if pad_van(antwoord.locatie) != "/start/":
            self.meting.fout(INLOGGEN, f"doorgestuurd naar {antwoord.locatie}, niet naar /start/")
            return False
        return self.volg("startpagina", antwoord) is not None

    def bladeren(self) -> None:
        self.verzoek("startpagina", "GET", "/start/")
        self.denk()
        filters = {"gemeente": self.account["gemeente"], "fase": self.rng.choice(FASEN)}
        if self.rng.random() < 0.5:
            filters["zoek"] = self.rng.choice(ZOEKWOORDEN_PROJECTEN)
        lijst = self.verzoek("projectenlijst met filters", "GET", f"/projecten/?{urlencode(filters)}")
        self.denk()
        gevonden = PROJECT.findall(lijst.tekst) if lijst else []
        project = self.rng.choice(gevonden) if gevonden else self.account["project"]
        self.verzoek("projectdetail", "GET", f"/projecten/{project}/")
        self.denk()
        self.verzoek("aanbestedingskalender", "GET", "/projecten/kalender/")
        self.denk()
        self.verzoek("past-performanceprofiel", "GET", f"/pastperformance/profielen/{self.account['profiel']}/")

    def zoeken(self) -> None:
        resultaten = None
        for _ in range(self.rng.choice((1, 2))):
            zoek = urlencode({"q": self.rng.choice(ZOEKWOORDEN_KENNISBANK)})
            resultaten = self.verzoek("kennisbank zoeken", "GET", f"/werkgroepen/kennisbank/?{zoek}")
            self.denk()
        items = KENNISITEM.findall(resultaten.tekst) if resultaten else []
        if items and self.rng.random() < 0.5:
            self.verzoek("kennisitem", "GET", f"/werkgroepen/kennisbank/{self.rng.choice(items)}/")

    def beoordelen(self) -> None:
        """Open a rating of an open round that this person answers for, and save it as a draft (scores 6 to 8, which
        need no motivation); never submitted, so the round stays open for the next run."""
        ronde, richting = self.rng.choice(self.account["beoordelingen"])
        pad = f"/pastperformance/rondes/{ronde}/beoordelen/{richting}/"
        formulier = self.verzoek("beoordeling (formulier)", "GET", pad)
        if formulier is None:
            return
        velden = {
            "csrfmiddlewaretoken": self.csrf,
            "algemene_toelichting": "Concept uit de duurtest.",
            "actie": "concept",
        }
        scorevelden = sorted(set(SCOREVELD.findall(formulier.tekst)))
        if not scorevelden:
            self.meting.fout("beoordeling (formulier)", f"{pad}: geen scorevelden, de beoordeling is niet te bewerken")
            return
        velden |= {naam: str(self.rng.randint(6, 8)) for naam in scorevelden}
        self.denk()
        bewaard = self.verzoek("beoordeling (concept bewaren)", "POST", pad, velden=velden, verwacht=(302,))
        self.volg("beoordeling (formulier)", bewaard)

    def rapport(self) -> None:
        """From the profile page: ask for the year overview as PDF, follow its status as the page's htmx does (every
        2 s, 204 while unchanged) until it is ready, and download it."""
        if not self.rapportbudget.neem():
            self.bladeren()
            return
        profiel = self.account["profiel"]
        if self.verzoek("past-performanceprofiel", "GET", f"/pastperformance/profielen/{profiel}/") is None:
            return
        self.denk()
        begin = time.monotonic()
        aanvraag = self.verzoek(
            "rapport aanvragen",
            "POST",
            "/rapporten/aanvragen/",
            velden={"csrfmiddlewaretoken": self.csrf, "soort": "pp_jaaroverzicht", "object_id": profiel},
            verwacht=(302,),
        )
        if aanvraag is None:
            return
        if not (gevonden := RAPPORTPAD.fullmatch(pad_van(aanvraag.locatie))):
            self.meting.fout("rapport aanvragen", f"doorgestuurd naar {aanvraag.locatie}: niet aangevraagd")
            return
        pk = gevonden.group(1)
        fragment = self.volg("rapport (pagina)", aanvraag)
        if fragment is None:
            return
        tekst = fragment.tekst
        while was := WAS.search(tekst):
            if time.monotonic() - begin > RAPPORT_MAX_S:
                self.meting.fout(RAPPORT_KLAAR, f"rapport {pk} na {RAPPORT_MAX_S} s nog niet klaar ({was.group(1)})")
                return
            time.sleep(POLL_S)
            status = self.verzoek(
                "rapport (status)",
                "GET",
                f"/rapporten/{pk}/status/?was={was.group(1)}",
                verwacht=(200, 204),
                htmx=True,
            )
            if status is None:
                return
            if status.status == 200:
                tekst = status.tekst
        self.meting.rapporten_s.append(time.monotonic() - begin)
        self.meting.eerste_rapport = self.meting.eerste_rapport or time.monotonic()
        if f"/rapporten/{pk}/download/" not in tekst:
            melding = " ".join(re.sub(r"<[^>]+>", " ", tekst).split())[:200]
            self.meting.fout(RAPPORT_KLAAR, f"rapport {pk} is niet gemaakt: {melding}")
            return
        self.denk()
        pdf = self.verzoek("rapport downloaden", "GET", f"/rapporten/{pk}/download/")
        if pdf is not None and not pdf.inhoud.startswith(b"%PDF"):
            self.meting.fout("rapport downloaden", f"rapport {pk}: geen PDF")

    def uitloggen(self) -> None:
        sessie = self._sessiekoekje()
        antwoord = self.verzoek(
            "uitloggen", "POST", "/account/logout/", velden={"csrfmiddlewaretoken": self.csrf}, verwacht=(302,)
        )
        # The session ends: its key goes (a new, anonymous one may carry the "logged out" message).
        if antwoord is not None and sessie is not None and self._sessiekoekje() == sessie:
            self.meting.fout("uitloggen", "de sessie van het inloggen bestaat na het uitloggen nog")
        self.volg("home", antwoord)
        self.koekjes.clear()  # a browser closed: the next session starts clean

    def sessie(self, reizen: list[str] | None = None) -> None:
        """Log in, make the journeys (drawn by weight unless given), log out. Past the end of the run no new journey
        starts; the one under way finishes (a report still being made is awaited), then the person logs out."""
        if not self.inloggen():
            self.koekjes.clear()
            self.denk()
            return
        if reizen is None:
            aantal = self.rng.randint(*REIZEN_PER_SESSIE)
            reizen = self.rng.choices(list(REIZEN), weights=list(REIZEN.values()), k=aantal)
        for reis in reizen:
            if time.monotonic() >= self.eind:
                break
            self.denk()
            getattr(self, reis)()
        self.denk()
        self.uitloggen()

    def draai(self, start: float) -> None:
        time.sleep(max(0.0, start - time.monotonic()))
        while time.monotonic() < self.eind:
            try:
                self.sessie()
            except Exception as fout:  # noqa: BLE001 (a fault of this script counts, and the person carries on)
                self.meting.fout("soaktest zelf", f"{type(fout).__name__}: {fout}")
                self.koekjes.clear()
                self.denk()


# -- preparation, processes and the run


def opties() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gebruikers", type=int, default=50, help="Gelijktijdige gebruikers (standaard 50).")
    parser.add_argument("--duur", type=int, default=300, help="Seconden belasting (standaard 300).")
    parser.add_argument(
        "--opwarmen",
        type=int,
        help="Seconden tot het geheugen het ijkpunt voor 'vlak' meet; de gebruikers beginnen gespreid over deze tijd "
        "(standaard een derde van de duur, hoogstens 60).",
    )
    parser.add_argument(
        "--denktijd", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"), help="Seconden (0.5 2)."
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=5,
        help="Gunicorn-processen (standaard 5, als WEB_CONCURRENCY in de Dockerfile voor 2 cores).",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="Threads per gunicorn-proces (standaard 1, als productie)."
    )
    parser.add_argument(
        "--rapporten-per-minuut",
        type=float,
        default=6,
        help="Hoogstens zoveel PDF-aanvragen per minuut (standaard 6).",
    )
    parser.add_argument("--monsterinterval", type=float, default=10, help="Seconden tussen geheugenmetingen (10).")
    gegevens_opties(parser)
    args = parser.parse_args()
    if args.opwarmen is None:
        args.opwarmen = min(60, args.duur // 3)
    return args


def accounts(aantal: int, seed: int) -> list[dict]:
    """`aantal` active bulk accounts (no beheerders: they log in with a second factor), each the responsible rater
    of at least one open, unsubmitted rating, with what their journeys look at: the contractor of that rating's plan
    (its profile and year overview: their own organisation's, or for gemeente staff a contractor they work with), the
    plan's gemeente (project filter) and project."""
    from kring.bulk.wissen import bulk_gebruikers
    from kring.models import User
    from pastperformance.models import Beoordeling, Beoordelingsronde
    from pastperformance.permissions import mag_beoordeling_invullen

    gebruikers = {
        gebruiker.pk: gebruiker
        for gebruiker in bulk_gebruikers().filter(status=User.Status.ACTIEF, is_beheerder=False)
    }
    per_persoon = defaultdict(list)
    open_ = Beoordeling.objects.filter(
        ronde__status=Beoordelingsronde.Status.OPEN, ingediend_op__isnull=True
    ).select_related("ronde__plan__project")
    for beoordeling in open_.order_by("pk"):
        plan = beoordeling.ronde.plan
        for pk in (plan.beoordelaar_og_id, plan.beoordelaar_on_id):
            if pk in gebruikers and mag_beoordeling_invullen(gebruikers[pk], beoordeling):
                per_persoon[pk].append(beoordeling)
    kandidaten = sorted(per_persoon, key=lambda pk: gebruikers[pk].email)
    if len(kandidaten) < aantal:
        sys.exit(
            f"De bulkdataset heeft {len(kandidaten)} accounts met een open beoordeling, niet {aantal}: kies minder "
            "--gebruikers of een grotere --scale."
        )
    gekozen = []
    for pk in random.Random(seed).sample(kandidaten, aantal):  # noqa: S311 (a reproducible mix, not a secret)
        plan = per_persoon[pk][0].ronde.plan
        gekozen.append(
            {
                "pk": pk,
                "email": gebruikers[pk].email,
                "beoordelingen": [(beoordeling.ronde_id, beoordeling.richting) for beoordeling in per_persoon[pk]],
                "profiel": plan.opdrachtnemer_id,
                "gemeente": plan.project.gemeente_id,
                "project": plan.project_id,
            }
        )
    return gekozen


def wachtwoordcontrole_ms(email: str, wachtwoord: str) -> float:
    """What checking the password alone costs here (best of three): the floor under every login, by design."""
    from django.contrib.auth.hashers import check_password

    from kring.models import User

    opgeslagen = User.objects.get(email=email).password
    tijden = []
    for _ in range(3):
        begin = time.perf_counter()
        if not check_password(wachtwoord, opgeslagen):
            sys.exit(f"Het wachtwoord van de bulkaccounts klopt niet voor {email}.")
        tijden.append(time.perf_counter() - begin)
    return round(min(tijden) * 1000, 1)


def start_worker(env: dict[str, str]) -> subprocess.Popen:
    proces = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "kring",
            "--quiet",  # no banner
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "warning",
            "--hostname",
            f"soak-{os.getpid()}@%h",
        ],
        cwd=WORTEL,
        env={**os.environ, **env},
    )
    for _ in range(300):  # its pool process exists once the app and Django are loaded
        if proces.poll() is not None:
            sys.exit(f"De Celery-worker stopte meteen (code {proces.returncode}).")
        if len(procesboom(proces.pid)) > 1:
            return proces
        time.sleep(0.2)
    proces.kill()
    sys.exit("De Celery-worker kwam niet op binnen 60 s.")


def cpu_s(pid: int) -> float:
    """CPU seconds (user and system) used so far by `pid` and its descendants."""
    totaal = 0
    for lid in procesboom(pid):
        try:
            velden = Path(f"/proc/{lid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        totaal += int(velden[11]) + int(velden[12])  # utime and stime, fields 14 and 15 of proc(5)
    return totaal / os.sysconf("SC_CLK_TCK")


def wacht_op_rust(pids: list[int], *, hoogstens: float = 60) -> None:
    """Until every process has booted: gunicorn answers /health/ as soon as one worker is up, while the others and
    the Celery worker may still be loading Django (seconds of CPU). Booted processes wait idle: less than 0.05 s of
    CPU in half a second."""
    grens = time.monotonic() + hoogstens
    vorige = sum(cpu_s(pid) for pid in pids)
    while time.monotonic() < grens:
        time.sleep(0.5)
        nu = sum(cpu_s(pid) for pid in pids)
        if nu - vorige < 0.05:
            return
        vorige = nu
    print(f"  De processen kwamen niet tot rust binnen {hoogstens:.0f} s; de meting begint toch.", flush=True)


def stoppen(proces: subprocess.Popen, wachten: int) -> None:
    """SIGTERM: gunicorn finishes its requests, Celery its task (warm shutdown)."""
    if proces.poll() is None:
        proces.send_signal(signal.SIGTERM)
        try:
            proces.wait(timeout=wachten)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


def opruimen(vanaf_pk: int, emails: list[str]) -> int:
    """Remove the reports of this run (rows and PDFs), so the next run starts from the same data; the rating drafts
    stay (the same ratings, saved again next time)."""
    from kring.models import Rapport

    rapporten = Rapport.objects.filter(pk__gt=vanaf_pk, aangevraagd_door__email__in=emails)
    for rapport in rapporten:
        if rapport.bestand:
            rapport.bestand.delete(save=False)
    return rapporten.delete()[1].get("kring.Rapport", 0)


def belasten(args, poort: int, lijst: list[dict], wachtwoord: str, processen: dict[str, int]) -> tuple:
    begin = time.monotonic()
    eind = begin + args.duur
    budget = Rapportbudget(args.rapporten_per_minuut)
    geheugen = Geheugen(processen, args.monsterinterval)
    geheugen.meet()
    geheugen.start()
    bezoekers = [
        Bezoeker(
            poort=poort,
            account=account,
            wachtwoord=wachtwoord,
            denktijd=tuple(args.denktijd),
            eind=eind,
            rapportbudget=budget,
            rng=random.Random(args.seed + n),  # noqa: S311 (a reproducible workload)
        )
        for n, account in enumerate(lijst)
    ]
    aanloop = args.opwarmen  # people arrive one by one, as in the morning, not all at the same second
    draden = [
        threading.Thread(target=bezoeker.draai, args=(begin + aanloop * n / len(bezoekers),), daemon=True)
        for n, bezoeker in enumerate(bezoekers)
    ]
    for draad in draden:
        draad.start()
    grens = eind + RAPPORT_MAX_S + 60  # the last journeys may wait for a report, then log out
    for draad in draden:
        draad.join(timeout=max(0.0, grens - time.monotonic()))
    geheugen.stoppen.set()
    geheugen.join()
    geheugen.meet()
    if achterblijvers := sum(draad.is_alive() for draad in draden):
        print(f"  {achterblijvers} gebruikers waren na afloop nog bezig.", flush=True)
    meting = Meting()
    for bezoeker in bezoekers:
        meting.samenvoegen(bezoeker.meting)
    return meting, geheugen, time.monotonic() - begin


def uitslag(args, meting: Meting, geheugen: Geheugen, seconden: float, wachtwoord_ms: float) -> dict:
    soorten = sorted(set(meting.tijden) | set(meting.fouten))
    per_soort = {soort: samenvatting(meting.tijden.get(soort, []), meting.fouten.get(soort, 0)) for soort in soorten}
    alle = [ms for tijden in meting.tijden.values() for ms in tijden]
    fouten = sum(meting.fouten.values())
    p99 = percentiel(alle, 99)
    # Warm means every process has done each kind of its work once: the worker's first report loads WeasyPrint and
    # its fonts, a jump that is no leak. So the reference is the first sample after the warm-up and that report.
    eerste_rapport = meting.eerste_rapport - geheugen.begin if meting.eerste_rapport else 0
    geheugenuitslag = geheugen.beoordeel(max(args.opwarmen, eerste_rapport))
    ijkpunt = geheugenuitslag.pop("ijkpunt_s")
    doelen = [
        {"doel": "0 fouten", "gehaald": fouten == 0, "fouten": fouten},
        {
            "doel": f"p99 ≤ {MAX_P99_MS} ms over alle verzoeken, het inloggen inbegrepen",
            "gehaald": p99 <= MAX_P99_MS,
            "p99_ms": round(p99, 1),
        },
        *(
            {
                "doel": f"geheugen {naam}: groei na het opwarmen < {MAX_GROEI:.0%}",
                "gehaald": waarden["groei"] is not None and waarden["groei"] < MAX_GROEI,
                **waarden,
            }
            for naam, waarden in geheugenuitslag.items()
        ),
    ]
    return {
        "gebruikers": args.gebruikers,
        "duur_s": args.duur,
        "opwarmen_s": args.opwarmen,
        "denktijd_s": list(args.denktijd),
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "verzoeken": len(alle),
        "verzoeken_per_s": round(len(alle) / seconden, 1),
        "fouten": fouten,
        "alle_verzoeken": samenvatting(alle, fouten),
        "wachtwoordcontrole_ms": wachtwoord_ms,
        "soorten": per_soort,
        "rapporten": {
            "klaar_of_mislukt": len(meting.rapporten_s),
            "p50_s": round(percentiel(meting.rapporten_s, 50), 1),
            "max_s": round(max(meting.rapporten_s, default=0), 1),
        },
        "geheugen": geheugenuitslag,
        "geheugen_ijkpunt_s": ijkpunt,
        "geheugenmonsters": geheugen.monsters,
        "foutvoorbeelden": meting.voorbeelden,
        "doelen": doelen,
    }


def afdrukken(uitkomst: dict) -> None:
    print(f"  {'soort':<32} {'aantal':>7} {'fouten':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} ms")
    rijen = [*uitkomst["soorten"].items(), ("alle verzoeken", uitkomst["alle_verzoeken"])]
    for soort, rij in rijen:
        print(
            f"  {soort:<32} {rij['aantal']:>7} {rij['fouten']:>7} {rij['p50_ms']:>7.0f} {rij['p95_ms']:>7.0f} "
            f"{rij['p99_ms']:>7.0f} {rij['max_ms']:>7.0f}"
        )
    print(f"  {uitkomst['verzoeken_per_s']} verzoeken/s; rapporten: {uitkomst['rapporten']}")
    for naam, waarden in uitkomst["geheugen"].items():
        if waarden["groei"] is None:
            groei = "niet te bepalen: geen meting na het opwarmen, kies een langere --duur"
        else:
            groei = (
                f"na opwarmen (op {uitkomst['geheugen_ijkpunt_s']} s) {waarden['na_opwarmen_mb']:.0f} MB, "
                f"groei {waarden['groei']:+.1%}"
            )
        print(
            f"  geheugen {naam:<7} start {waarden['start_mb']:.0f} MB, eind {waarden['eind_mb']:.0f} MB, "
            f"max {waarden['max_mb']:.0f} MB; {groei}"
        )
    for voorbeeld in uitkomst["foutvoorbeelden"]:
        print(f"  fout: {voorbeeld}")


def main() -> int:
    args = opties()
    env = {**omgeving(args), "TRUSTED_PROXY_COUNT": "1"}
    os.environ.update(env)
    maak_database(args.database)

    import django

    django.setup()
    from django.db import connection

    from kring.bulk.organisaties import WACHTWOORD
    from kring.models import Rapport

    stap(f"Gegevens (schaal {args.scale:g}) op {args.database.rsplit('@', 1)[-1]}")
    gegevens_klaarzetten(args)
    lijst = accounts(args.gebruikers, args.seed)
    wachtwoord_ms = wachtwoordcontrole_ms(lijst[0]["email"], WACHTWOORD)
    laatste_rapport = Rapport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()

    poort = vrije_poort()
    stap(
        f"Duurtest: {args.gebruikers} gebruikers, {args.duur} s, gunicorn {args.workers} workers × {args.threads} "
        f"threads, 1 Celery-worker"
    )
    gunicorn = start_gunicorn(env, poort, workers=args.workers, threads=args.threads)
    worker = None
    try:
        worker = start_worker(env)
        wacht_op_rust([gunicorn.pid, worker.pid])
        meting, geheugen, seconden = belasten(
            args, poort, lijst, WACHTWOORD, {"web": gunicorn.pid, "worker": worker.pid}
        )
    finally:  # also after an error or Ctrl-C: no processes and no reports of this run left behind
        stoppen(gunicorn, 30)
        if worker is not None:
            stoppen(worker, RAPPORT_MAX_S)
        verwijderd = opruimen(laatste_rapport, [account["email"] for account in lijst])
        print(f"  {verwijderd} rapporten van deze run opgeruimd.", flush=True)

    uitkomst = uitslag(args, meting, geheugen, seconden, wachtwoord_ms)
    UITVOER.write_text(json.dumps(uitkomst, indent=2, ensure_ascii=False) + "\n")
    stap(f"Uitkomst (ook in {UITVOER.relative_to(WORTEL)})")
    afdrukken(uitkomst)
    stap("Doelen")
    for doel in uitkomst["doelen"]:
        print(f"  {'gehaald ' if doel['gehaald'] else 'GEMIST  '} {doel['doel']}")
    return 0 if all(doel["gehaald"] for doel in uitkomst["doelen"]) else 1


if __name__ == "__main__":
    sys.exit(main())
