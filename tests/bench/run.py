"""`make bench`: the portal under gunicorn (2 workers, production settings) on PostgreSQL with the bulk data set,
loaded on 127.0.0.1 with wrk, page by page, against a baseline page measured in the same run; then the other targets
of issue 9 in this process: a 10-page PDF report against WeasyPrint alone, the reminder sweep and a 5,000-row import.

Writes tests/bench/results.json (one object per page) and tests/bench/doelen.json (every target with its figure) and
exits 1 when a target is missed. Options: `python -m tests.bench.run --help`."""

import argparse
import csv
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

HIER = Path(__file__).resolve().parent
WORTEL = HIER.parents[1]
RESULTATEN = HIER / "results.json"
DOELEN = HIER / "doelen.json"
WERKMAP = Path(tempfile.gettempdir()) / "kringportaal-bench"  # collected static files, the import's upload

# The targets of issue 9, on this 2-core machine at --scale 1 and 16 connections.
MIN_VERHOUDING = 0.5
MAX_P95_MS = 100
MAX_PDF_VERHOUDING = 1.25
MAX_HERINNERINGEN_S = 30
MAX_IMPORT_S = 10
IMPORT_RIJEN = 5000
RONDES = 3  # slices per page, each after a slice of the baseline


@dataclass
class Pagina:
    page: str
    pad: str
    rol: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    ratio: float = 0.0
    queries: int = 0  # building the page (its cached fragments out of date): what could grow with the data
    queries_warm: int = 0  # serving it again with the fragments cached: what the load below mostly measures

    def resultaat(self) -> dict:
        velden = asdict(self)
        return {sleutel: velden[sleutel] for sleutel in velden if sleutel not in {"pad", "rol"}}


def opties() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duur", type=int, default=10, help="Seconden belasting per pagina (standaard 10).")
    parser.add_argument("--opwarmen", type=int, default=2, help="Seconden opwarmen per pagina (standaard 2).")
    parser.add_argument("--verbindingen", type=int, default=16, help="Gelijktijdige verbindingen (standaard 16).")
    gegevens_opties(parser)
    return parser.parse_args()


def gegevens_opties(parser: argparse.ArgumentParser) -> None:
    """The data set and services every measurement shares (also `make soak`, tests/bench/soak.py)."""
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kringportaal_bench"),
        help="Een eigen database: de bulkdataset blijft erin staan voor de volgende meting.",
    )
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))


def omgeving(args) -> dict[str, str]:
    """Production settings (DEBUG off, compressed manifest static files, Redis cache and sessions) on 127.0.0.1 without
    TLS; the same for gunicorn and for this process, so sessions made here are valid there."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": args.database,
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": args.redis,
        "STATIC_ROOT": str(WERKMAP / "static"),
        "MEDIA_ROOT": str(WERKMAP / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def maak_database(url: str) -> None:
    """Create the bench database when it does not exist (PostgreSQL only: the bench measures production)."""
    import psycopg
    from dj_database_url import parse

    instelling = parse(url)
    if "postgresql" not in instelling["ENGINE"]:
        sys.exit("make bench meet op PostgreSQL: geef een postgres://-adres met --database of BENCH_DATABASE_URL.")
    naam = instelling["NAME"]
    with psycopg.connect(
        host=instelling["HOST"] or "127.0.0.1",
        port=instelling["PORT"] or 5432,
        user=instelling["USER"] or "postgres",
        password=instelling["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as verbinding:
        if not verbinding.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone():
            verbinding.execute(f'CREATE DATABASE "{naam}"')


def stap(tekst: str) -> None:
    print(f"\n== {tekst}", flush=True)


def gegevens_klaarzetten(args) -> None:
    """Migrate, and seed the bulk data unless the same scale is already there (seeding takes minutes)."""
    from django.core.management import call_command

    from kring.bulk.basis import BASIS
    from kring.bulk.wissen import bulk_gebruikers

    call_command("migrate", verbosity=0)
    verwacht = max(1, round(BASIS["personen"] * args.scale))
    aanwezig = bulk_gebruikers().count()
    if aanwezig and abs(aanwezig - verwacht) <= verwacht * 0.05:
        print(f"Bulkdataset staat er al ({aanwezig} bulkgebruikers, schaal {args.scale:g}).")
    else:
        call_command("seed_bulk", scale=args.scale, seed=args.seed, wis=bool(aanwezig), force=True)
    call_command("collectstatic", interactive=False, verbosity=0)


def personen() -> dict:
    """One bulk account per role the pages are read as, and the objects they look at."""
    from django.db.models import Count

    from kring.bulk.wissen import bulk_gebruikers
    from kring.models import Organisatie, User
    from pastperformance.models import Scoremaand

    actief = bulk_gebruikers().filter(status=User.Status.ACTIEF, is_beheerder=False)
    stuurgroep = actief.filter(is_stuurgroep=True).order_by("email").first()
    gemeente = (
        actief.filter(organisatie__soort=Organisatie.Soort.GEMEENTE, is_stuurgroep=False).order_by("email").first()
    )
    # The contractor whose profile has the most rated months: the heaviest profile to show.
    drukste = (
        Scoremaand.objects.filter(organisatie__soort=Organisatie.Soort.OPDRACHTNEMER)
        .values("organisatie")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisatie")
        .first()
    )
    bedrijf = Organisatie.objects.get(pk=drukste["organisatie"])
    opdrachtnemer = actief.filter(organisatie=bedrijf).order_by("email").first()
    return {
        "stuurgroep": stuurgroep,
        "gemeente": gemeente,
        "opdrachtnemer": opdrachtnemer,
        "bedrijf": bedrijf,
    }


def paginas(wie: dict) -> list[Pagina]:
    gemeente_pk = wie["gemeente"].organisatie_id
    return [
        Pagina("basis", "/bench/basis/", "gemeente"),
        Pagina("stuurgroep-dashboard", "/stuurgroep/", "stuurgroep"),
        Pagina(
            "projectenlijst met filters",
            f"/projecten/?gemeente={gemeente_pk}&fase=voorbereiding&zoek=weg&kwartaal_van=2026-K1",
            "gemeente",
        ),
        Pagina("aanbestedingskalender", "/projecten/kalender/", "opdrachtnemer"),
        Pagina("past-performanceprofiel", f"/pastperformance/profielen/{wie['bedrijf'].pk}/", "gemeente"),
        Pagina("kennisbank zoeken", "/werkgroepen/kennisbank/?q=riolering", "opdrachtnemer"),
        Pagina("SROI-voortgang", "/sroi/voortgang/", "stuurgroep"),
    ]


def sessies(wie: dict) -> dict[str, str]:
    """A logged-in session per role, as a Cookie header (the session lives in the database and the Redis cache)."""
    from django.conf import settings
    from django.test import Client

    koekjes = {}
    for rol in ("stuurgroep", "gemeente", "opdrachtnemer"):
        client = Client()
        client.force_login(wie[rol])
        koekjes[rol] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return koekjes


def query_tellingen(lijst: list[Pagina], koekjes: dict[str, str]) -> None:
    """The queries of each page built anew and served from its cached fragments, in this process with the same
    settings; every page must answer 200."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kring import fragmenten

    def tel(client, pad: str) -> int:
        with CaptureQueriesContext(connection) as vastgelegd:
            antwoord = client.get(pad)
        if antwoord.status_code != 200:
            sys.exit(f"{pad} antwoordt {antwoord.status_code}, niet 200.")
        return len(vastgelegd.captured_queries)

    for pagina in lijst:
        client = Client(HTTP_COOKIE=koekjes[pagina.rol], HTTP_HOST="127.0.0.1")
        client.get(pagina.pad)  # the session's first request writes its start time
        for onderdeel in fragmenten.ONDERDELEN:
            fragmenten.vernieuw(onderdeel)
        pagina.queries = tel(client, pagina.pad)
        pagina.queries_warm = tel(client, pagina.pad)


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict[str, str], poort: int, *, workers: int = 2, threads: int = 1) -> subprocess.Popen:
    proces = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kring.wsgi:application",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{poort}",
            "--log-level=warning",
        ],
        cwd=WORTEL,
        env={**os.environ, **env},
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{poort}/health/", timeout=2):  # noqa: S310 (loopback)
                return proces
        except OSError:
            time.sleep(0.2)
    proces.kill()
    sys.exit("gunicorn kwam niet op binnen 20 s.")


def wrk(url: str, koekje: str, *, duur: int, verbindingen: int) -> dict:
    uitvoer = subprocess.run(  # noqa: S603
        [
            "wrk",
            "-t1",
            f"-c{verbindingen}",
            f"-d{duur}s",
            "--timeout=5s",
            "-s",
            str(HIER / "wrk.lua"),
            url,
        ],
        env={**os.environ, "BENCH_COOKIE": koekje},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    regel = next(r for r in uitvoer.splitlines() if r.startswith("BENCH "))
    return json.loads(regel.removeprefix("BENCH "))


def _samen(metingen: list[dict]) -> tuple[float, int, dict[str, float]]:
    """Requests per second over several wrk runs, their errors, and per percentile the highest of the runs."""
    verzoeken = sum(meting["requests"] for meting in metingen)
    seconden = sum(meting["duration_us"] for meting in metingen) / 1e6
    hoogste = {p: max(meting[p] for meting in metingen) / 1000 for p in ("p50", "p95", "p99")}
    return verzoeken / seconden, sum(meting["errors"] for meting in metingen), hoogste


def belasten(lijst: list[Pagina], koekjes: dict[str, str], poort: int, args) -> None:
    """Each page in RONDES slices of its time, each slice right after one of the baseline, so the ratio compares the
    two under the same conditions (on a shared machine the speed drifts over a run); latencies are the highest slice's."""
    basis, *rest = lijst
    basis_metingen = []

    def meet(pagina: Pagina, duur: int) -> dict:
        url = f"http://127.0.0.1:{poort}{pagina.pad}"
        return wrk(url, koekjes[pagina.rol], duur=duur, verbindingen=args.verbindingen)

    for pagina in rest:
        meet(basis, args.opwarmen)
        meet(pagina, args.opwarmen)
        naast, metingen = [], []
        for _ in range(RONDES):
            naast.append(meet(basis, max(1, args.duur // RONDES)))
            metingen.append(meet(pagina, max(1, args.duur // RONDES)))
        basis_metingen += naast
        rps, pagina.errors, hoogste = _samen(metingen)
        pagina.rps = round(rps, 1)
        pagina.p50_ms, pagina.p95_ms, pagina.p99_ms = (round(hoogste[p], 1) for p in ("p50", "p95", "p99"))
        pagina.ratio = round(rps / _samen(naast)[0], 2)
    rps, basis.errors, hoogste = _samen(basis_metingen)
    basis.rps, basis.ratio = round(rps, 1), 1.0
    basis.p50_ms, basis.p95_ms, basis.p99_ms = (round(hoogste[p], 1) for p in ("p50", "p95", "p99"))
    for pagina in lijst:
        print(
            f"  {pagina.page:<28} {pagina.rps:>7.1f} req/s  p50 {pagina.p50_ms:>6.1f}  p95 {pagina.p95_ms:>6.1f}  "
            f"p99 {pagina.p99_ms:>6.1f} ms  fouten {pagina.errors}  verhouding {pagina.ratio:.2f}  "
            f"queries {pagina.queries} (warm {pagina.queries_warm})",
            flush=True,
        )


def beste_van(keer: int, functie) -> tuple[float, object]:
    tijden, uitkomst = [], None
    for _ in range(keer):
        begin = time.perf_counter()
        uitkomst = functie()
        tijden.append(time.perf_counter() - begin)
    return min(tijden), uitkomst


def pdf_meten(wie: dict) -> dict:
    """The year overview of the busiest contractor (the longest past-performance report in the bulk data: 8 pages at
    scale 1) through the report pipeline (fetch with the visibility rule, context, template, WeasyPrint) against
    WeasyPrint alone on the same HTML."""
    from weasyprint import HTML

    from kring.models import Rapport
    from kring.pdf import StatischeFetcher, basis_url, render_to_pdf
    from kring.rapportsoorten import rapportsoort

    soort = rapportsoort(Rapport.Soort.PP_JAAROVERZICHT)
    aanvrager = wie["gemeente"]

    def rapport():
        obj = soort.object_voor(user=aanvrager, parameters=soort.parameters(wie["bedrijf"].pk))
        return render_to_pdf(soort.template, soort.inhoud(obj, user=aanvrager))

    html, pdf = rapport()  # templates and fonts loaded once, as in a worker that has run before

    def alleen_weasyprint():
        return HTML(string=html, base_url=basis_url(), url_fetcher=StatischeFetcher()).write_pdf(pdf_tags=True)

    # Alternated, best of five each: other work on the machine hits both alike.
    rapport_tijden, weasy_tijden = [], []
    for _ in range(5):
        rapport_tijden.append(beste_van(1, rapport)[0])
        weasy_tijden.append(beste_van(1, alleen_weasyprint)[0])
    rapport_s, weasy_s = min(rapport_tijden), min(weasy_tijden)
    paginas = HTML(string=html, base_url=basis_url(), url_fetcher=StatischeFetcher()).render().pages
    return {
        "paginas": len(paginas),
        "rapport_s": round(rapport_s, 3),
        "weasyprint_s": round(weasy_s, 3),
        "verhouding": round(rapport_s / weasy_s, 3),
        "bytes": len(pdf),
    }


class Terugdraaien(Exception):
    pass


def teruggedraaid(functie):
    """Run `functie` in a transaction that is rolled back, so the bench data stays the same for the next run."""
    from django.db import transaction

    uitkomst = {}
    try:
        with transaction.atomic():
            uitkomst["waarde"] = functie()
            raise Terugdraaien
    except Terugdraaien:
        pass
    return uitkomst["waarde"]


def herinneringen_meten() -> dict:
    from django.core import mail
    from django.utils import timezone

    from kring.services.herinneringen import herinneringen_send

    def sweep():
        begin = time.perf_counter()
        samenvatting = herinneringen_send(vandaag=timezone.localdate())
        return time.perf_counter() - begin, samenvatting.tellingen()

    mail.outbox = []
    duur, tellingen = teruggedraaid(sweep)
    return {"seconden": round(duur, 2), "mails": tellingen["mails"], "al_verstuurd": tellingen["al_verstuurd"]}


def import_meten(wie: dict) -> dict:
    """A planning of 5,000 new projects for the gemeente of the bench's gemeente account: upload (check and preview)
    and commit, through the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projecten.models import Gebied, Project, Projectimport, Waardeklasse
    from projecten.services.importeren import projectimport_create, projectimport_verwerken

    door = wie["gemeente"]
    gebieden = list(Gebied.objects.filter(gemeente=door.organisatie).values_list("code", flat=True))
    klassen = list(Waardeklasse.objects.values_list("code", flat=True))
    soorten = list(Project.SoortWerk.values)
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";")
    schrijver.writerow(
        ["projectnummer", "naam", "gebied", "soort werk", "fase", "kwartaal aanbesteding", "waardeklasse"]
    )
    for n in range(IMPORT_RIJEN):
        schrijver.writerow(
            [
                f"BENCH-{n:05d}",
                f"Onderhoud kademuur vak {n}",
                gebieden[n % len(gebieden)],
                soorten[n % len(soorten)],
                "initiatief",
                f"{2027 + n % 3}-K{1 + n % 4}",
                klassen[n % len(klassen)],
            ]
        )
    inhoud = uit.getvalue().encode()

    def importeren():
        begin = time.perf_counter()
        bestand = SimpleUploadedFile("planning-bench.csv", inhoud, content_type="text/csv")
        projectimport = projectimport_create(gemeente=door.organisatie, bestand=bestand, door=door)
        if projectimport.status != Projectimport.Status.VOORVERTONING:
            sys.exit(f"De importbench is ongeldig: {projectimport.fouten[:3]}")
        projectimport = projectimport_verwerken(projectimport=projectimport, door=door)
        return time.perf_counter() - begin, projectimport.aantal_nieuw

    duur, nieuw = teruggedraaid(importeren)
    return {"seconden": round(duur, 2), "nieuwe_projecten": nieuw}


def main() -> int:
    args = opties()
    if not shutil.which("wrk"):
        sys.exit("wrk ontbreekt: installeer het met `apt-get install -y wrk`.")
    env = omgeving(args)
    os.environ.update(env)
    maak_database(args.database)

    import django

    django.setup()
    stap(f"Gegevens (schaal {args.scale:g}) op {args.database.rsplit('@', 1)[-1]}")
    gegevens_klaarzetten(args)
    wie = personen()
    lijst = paginas(wie)
    koekjes = sessies(wie)
    query_tellingen(lijst, koekjes)

    poort = vrije_poort()
    stap(
        f"Belasting: gunicorn, 2 workers, {args.verbindingen} verbindingen, {args.duur} s per pagina "
        f"in {RONDES} delen, elk na een deel van de basis"
    )
    gunicorn = start_gunicorn(env, poort)
    try:
        belasten(lijst, koekjes, poort, args)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    stap("PDF, herinneringen en import")
    pdf = pdf_meten(wie)
    print(f"  PDF-rapport: {pdf}", flush=True)
    herinneringen = herinneringen_meten()
    print(f"  Herinneringenronde: {herinneringen}", flush=True)
    importeren = import_meten(wie)
    print(f"  Import: {importeren}", flush=True)

    RESULTATEN.write_text(json.dumps([pagina.resultaat() for pagina in lijst], indent=2, ensure_ascii=False) + "\n")
    doelen = [
        *(
            {
                "doel": f"{pagina.page}: ≥ {MIN_VERHOUDING:.0%} van de basis, p95 ≤ {MAX_P95_MS} ms, 0 fouten",
                "gehaald": pagina.ratio >= MIN_VERHOUDING and pagina.p95_ms <= MAX_P95_MS and pagina.errors == 0,
            }
            for pagina in lijst[1:]
        ),
        {
            "doel": f"PDF-rapport past performance ({pdf['paginas']} pagina's) ≤ {MAX_PDF_VERHOUDING}× WeasyPrint alleen",
            "gehaald": pdf["verhouding"] <= MAX_PDF_VERHOUDING,
            **pdf,
        },
        {
            "doel": f"herinneringenronde ≤ {MAX_HERINNERINGEN_S} s",
            "gehaald": herinneringen["seconden"] <= MAX_HERINNERINGEN_S,
            **herinneringen,
        },
        {
            "doel": f"import van {IMPORT_RIJEN} projecten ≤ {MAX_IMPORT_S} s",
            "gehaald": importeren["seconden"] <= MAX_IMPORT_S,
            **importeren,
        },
    ]
    DOELEN.write_text(
        json.dumps({"schaal": args.scale, "doelen": doelen}, indent=2, ensure_ascii=False, default=str) + "\n"
    )
    stap(f"Doelen (ook in {DOELEN.relative_to(WORTEL)}; pagina's in {RESULTATEN.relative_to(WORTEL)})")
    for doel in doelen:
        print(f"  {'gehaald ' if doel['gehaald'] else 'GEMIST  '} {doel['doel']}")
    return 0 if all(doel["gehaald"] for doel in doelen) else 1


if __name__ == "__main__":
    sys.exit(main())
