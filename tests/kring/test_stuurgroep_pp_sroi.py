"""The stuurgroep dashboard's past-performance and SROI sections (issue 8), and the summary data they read: the SROI
obligations' stored totals and the kring rows of self-ratings.

Every figure is compared with a direct computation in plain Python over the raw rows (scores, rounds, afspraken, inzet
lines, warnings), on hand-made data and on the demo data; the sections' queries are pinned and do not grow when the
definitief rounds and the obligations grow tenfold; the SROI section is only for who sees the SROI kring totals."""

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from kring.dashboard import Periode, periode_uit, secties
from kring.dashboard import pastperformance as pp_sectie
from kring.dashboard import sroi as sroi_sectie
from kring.dashboard.kwartaalrapportage import sectie_html
from pastperformance.models import Afspraak, Beleid, Beoordeling, Beoordelingsronde, Richting, Score
from pastperformance.services.profielen import totaalscore
from projecten.kwartalen import huidig_kwartaal, kwartaal_begin, kwartaal_plus
from sroi.models import Inzetregel, Verplichting, Waarschuwing
from sroi.services.inzet import inzet_afwijzen, inzet_create, inzet_valideren
from tests.conftest import client_for
from tests.factories import AfspraakFactory, InzetregelFactory, VerplichtingFactory, onthulde_ronde
from tests.pastperformance.profielhulp import definitief, moment
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("kring:stuurgroep")
TWEE = Decimal("0.01")
K2_2025 = periode_uit("2025-K2")


def _rond(waarde: Decimal) -> Decimal:
    return waarde.quantize(TWEE, rounding=ROUND_HALF_UP)


# --- Direct computations (the oracle): plain Python over the raw rows -------------------------------------------------


def _tellende(richtingen):
    """Counting ratings (definitief, submitted, telt_mee) of `richtingen` with their local month and scores."""
    uitkomst = []
    for beoordeling in (
        Beoordeling.objects.filter(
            ronde__status=Beoordelingsronde.Status.DEFINITIEF,
            ronde__definitief_op__isnull=False,
            telt_mee=True,
            ingediend_op__isnull=False,
            richting__in=richtingen,
        )
        .select_related("ronde")
        .prefetch_related("scores__criterium")
    ):
        maand = timezone.localtime(beoordeling.ronde.definitief_op).date().replace(day=1)
        scores = [
            (score.criterium.code, score.waarde) for score in beoordeling.scores.all() if score.waarde is not None
        ]
        uitkomst.append((beoordeling.richting, maand, scores))
    return uitkomst


def naief_spiegel(periode: Periode, minimum_n: int) -> list[tuple]:
    per: dict = defaultdict(list)
    for richting, maand, scores in _tellende([Richting.OG_ON, Richting.ON_OG]):
        if scores:
            per[(richting, kwartaal_begin(maand))].append(totaalscore(sum(w for _c, w in scores), len(scores))[0])
    uitkomst = []
    for kwartaal in periode.verloop(8):
        rij = [kwartaal]
        for richting in (Richting.OG_ON, Richting.ON_OG):
            waarden = per[(richting, kwartaal)]
            rij += [_rond(sum(waarden) / len(waarden)) if len(waarden) >= minimum_n else None, len(waarden)]
        uitkomst.append(tuple(rij))
    return uitkomst


def naief_gaten(periode: Periode, minimum_n: int) -> list[tuple]:
    # The 12 months up to and including the period's last month.
    laatste = periode.eind.replace(day=1)
    index = laatste.year * 12 + laatste.month - 1 - 11
    eerste = D(index // 12, index % 12 + 1, 1)
    scores: dict = defaultdict(list)
    for richting, maand, lijst in _tellende(list(Richting.values)):
        if eerste <= maand <= laatste:
            for code, waarde in lijst:
                scores[(richting, code)].append(waarde)
    gaten = []
    for (richting, code), ander in scores.items():
        zelf = scores.get((pp_sectie.ZELF_VAN.get(richting), code), [])
        if richting in pp_sectie.ZELF_VAN and len(ander) >= minimum_n and len(zelf) >= minimum_n:
            verschil = _rond(Decimal(sum(ander)) / len(ander)) - _rond(Decimal(sum(zelf)) / len(zelf))
            gaten.append((richting, code, verschil, len(ander), len(zelf)))
    gaten.sort(key=lambda gat: (-abs(gat[2]), gat[0], gat[1]))
    return gaten[:5]


def naief_rondes(periode: Periode) -> tuple[int, int, int]:
    onthuld = [
        ronde
        for ronde in Beoordelingsronde.objects.filter(onthuld_op__isnull=False)
        if periode.begin <= timezone.localtime(ronde.onthuld_op).date() <= periode.eind
    ]
    return (
        len(onthuld),
        sum(1 for ronde in onthuld if timezone.localtime(ronde.onthuld_op).date() <= ronde.onthulling_uiterlijk),
        sum(1 for ronde in onthuld if ronde.status == Beoordelingsronde.Status.DEFINITIEF),
    )


def naief_afspraken(periode: Periode) -> tuple[int, int]:
    dag = min(periode.eind, timezone.localdate())
    open_ = [
        afspraak
        for afspraak in Afspraak.objects.all()
        if timezone.localtime(afspraak.aangemaakt_op).date() <= dag
        and (afspraak.status == Afspraak.Status.OPEN or timezone.localtime(afspraak.gewijzigd_op).date() > dag)
    ]
    return len(open_), sum(1 for afspraak in open_ if afspraak.deadline < dag)


def naief_sroi(periode: Periode) -> tuple:
    dag = min(periode.eind, timezone.localdate())
    lopend = [
        v for v in Verplichting.objects.all() if v.looptijd_start <= periode.eind and v.looptijd_eind >= periode.begin
    ]
    ids = {v.pk for v in lopend}
    regels = [r for r in Inzetregel.objects.all() if r.verplichting_id in ids]
    waarschuwingen = defaultdict(int)
    for w in Waarschuwing.objects.all():
        if w.verplichting_id in ids and w.sinds <= dag and (w.opgelost_op is None or w.opgelost_op > dag):
            waarschuwingen[w.soort] += 1
    return (
        len(lopend),
        sum((v.sr_bedrag for v in lopend), Decimal(0)),
        sum((r.waarde for r in regels if r.status != "afgewezen"), Decimal(0)),
        sum((r.waarde for r in regels if r.status == "gevalideerd"), Decimal(0)),
        {soort: waarschuwingen[soort] for soort in Waarschuwing.Soort.values},
    )


def assert_sectie_gelijk_aan_naief(periode: Periode) -> None:
    minimum_n = Beleid.huidig().minimum_n
    rondes = pp_sectie.rondes_cijfers(periode)
    assert (rondes.onthuld, rondes.op_tijd, rondes.definitief) == naief_rondes(periode)
    assert [
        (p.kwartaal, p.og_on, p.n_og_on, p.on_og, p.n_on_og) for p in pp_sectie.spiegel(periode, minimum_n=minimum_n)
    ] == naief_spiegel(periode, minimum_n)
    assert [
        (g.richting, g.code, g.verschil, g.n_ander, g.n_zelf)
        for g in pp_sectie.perceptiegaten(periode, minimum_n=minimum_n)
    ] == naief_gaten(periode, minimum_n)
    afspraken = pp_sectie.afspraken_cijfers(periode)
    assert (afspraken.open, afspraken.te_laat) == naief_afspraken(periode)
    sroi = sroi_sectie.sroi_cijfers(periode)
    assert (sroi.verplichtingen, sroi.sr_bedrag, sroi.gerealiseerd, sroi.gevalideerd, sroi.waarschuwingen) == (
        naief_sroi(periode)
    )


# --- SROI: the obligations' stored totals ----------------------------------------------------------------------------


def test_stored_totals_equal_a_direct_sum_after_a_random_history_of_lines(personas):
    verplichting = VerplichtingFactory(
        opdrachtnemer=personas["on_eigen"].organisatie,
        project__gemeente=personas["gemeente"].organisatie,
        coordinator=personas["gemeente"],
        looptijd_start=D(2024, 1, 1),
        looptijd_eind=D(2025, 12, 31),
    )
    blokken = {blok.code: blok for blok in verplichting.waardetabel.bouwblokken.all()}
    rng = random.Random(8)
    for _stap in range(40):
        keuze = rng.random()
        ingediend = list(Inzetregel.objects.filter(verplichting=verplichting, status="ingediend"))
        if keuze < 0.5 or not ingediend:
            start = D(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 500))
            eind = min(start + datetime.timedelta(days=rng.randint(10, 400)), D(2025, 12, 31))
            soort = rng.choice(["participatiewet", "ww", "ww", "sociaal-inkopen", "activiteit"])
            extra = {
                "participatiewet": {"kandidaat_code": rng.choice(["KAND-1", "KAND-2"]), "uren_per_week": 36},
                "ww": {"kandidaat_code": rng.choice(["KAND-1", "KAND-3"]), "uren_per_week": rng.choice([18, 36])},
                "sociaal-inkopen": {"bedrag": Decimal(rng.randint(100, 5000))},
                "activiteit": {"uren": Decimal(rng.randint(1, 40))},
            }[soort]
            inzet_create(
                verplichting=verplichting,
                soort=blokken[soort],
                start=start,
                eind=eind,
                door=personas["on_eigen"],
                **extra,
            )
        elif keuze < 0.75:
            inzet_valideren(regel=rng.choice(ingediend), door=personas["gemeente"])
        else:
            inzet_afwijzen(regel=rng.choice(ingediend), reden="Geen bewijs van de uren.", door=personas["gemeente"])
        regels = list(Inzetregel.objects.filter(verplichting=verplichting))
        verplichting.refresh_from_db()
        assert verplichting.gerealiseerd == sum((r.waarde for r in regels if r.status != "afgewezen"), Decimal(0))
        assert verplichting.gevalideerd == sum((r.waarde for r in regels if r.status == "gevalideerd"), Decimal(0))
    statussen = set(Inzetregel.objects.filter(verplichting=verplichting).values_list("status", flat=True))
    assert statussen == {"ingediend", "gevalideerd", "afgewezen"}


# --- Past performance: figures on hand-made data ---------------------------------------------------------------------


@pytest.fixture
def pp_gegevens():
    """Definitief rounds in 2025-K2 (three: a mean), 2025-K1 (two: below minimum n) and 2024 (outside the gap
    window), with self-ratings that differ from the other side's view; revealed on time and late; afspraken open,
    closed after the period, closed in it, overdue and not yet made."""
    rondes = []
    for dag, og_on, zelf_on in ((3, (8, 6), (9, 9)), (10, (6, 5, None), (8,)), (20, (4, 9), (7, 10))):
        rondes.append(definitief(op=moment(2025, 5, dag), og_on=og_on, on_og=(6, 7), zelf_on=zelf_on, zelf_og=(5, 8)))
    for dag in (2, 12):
        rondes.append(definitief(op=moment(2025, 2, dag), og_on=(9,), on_og=(3,)))
    rondes.append(definitief(op=moment(2024, 3, 1), og_on=(1,), on_og=(1,), zelf_on=(10,), zelf_og=(10,)))
    # Revealed: two in the period on time, one late, one before it.
    for ronde, onthuld, uiterlijk in (
        (rondes[0], datetime.datetime(2025, 4, 10, 9), D(2025, 4, 10)),
        (rondes[1], datetime.datetime(2025, 4, 20, 9), D(2025, 4, 30)),
        (rondes[2], datetime.datetime(2025, 6, 30, 23, 30), D(2025, 6, 1)),
        (rondes[3], datetime.datetime(2025, 1, 20, 9), D(2025, 1, 30)),
    ):
        Beoordelingsronde.objects.filter(pk=ronde.pk).update(
            onthuld_op=timezone.make_aware(onthuld), onthulling_uiterlijk=uiterlijk, opent_op=uiterlijk
        )
    # Revealed in the period, on time, not definitief (not in the summary rows).
    lopend = onthulde_ronde()
    Beoordelingsronde.objects.filter(pk=lopend.pk).update(
        onthuld_op=timezone.make_aware(datetime.datetime(2025, 5, 5, 9)),
        onthulling_uiterlijk=D(2025, 5, 5),
        opent_op=D(2025, 4, 20),
    )

    def afspraak(gemaakt, deadline, status=Afspraak.Status.OPEN, gewijzigd=None):
        return AfspraakFactory(
            ronde=rondes[0],
            aangemaakt_op=timezone.make_aware(datetime.datetime(*gemaakt, 12)),
            deadline=D(*deadline),
            status=status,
            gewijzigd_op=timezone.make_aware(datetime.datetime(*(gewijzigd or gemaakt), 12)),
        )

    afspraak((2025, 4, 1), (2025, 5, 1))  # open, overdue
    afspraak((2025, 4, 1), (2025, 9, 1))  # open, not due
    afspraak((2025, 4, 1), (2025, 5, 1), Afspraak.Status.NAGEKOMEN, (2025, 8, 1))  # closed after: open then, overdue
    afspraak((2025, 4, 1), (2025, 5, 1), Afspraak.Status.NAGEKOMEN, (2025, 6, 1))  # closed in the period
    afspraak((2025, 7, 2), (2025, 5, 1))  # made after the period
    return rondes


def test_past_performance_figures_equal_a_direct_computation(pp_gegevens):
    assert_sectie_gelijk_aan_naief(K2_2025)
    assert_sectie_gelijk_aan_naief(periode_uit("2025"))
    assert_sectie_gelijk_aan_naief(periode_uit("2025-K1"))
    # And by hand: the rounds, the afspraken, the mirror.
    rondes = pp_sectie.rondes_cijfers(K2_2025)
    assert (rondes.onthuld, rondes.op_tijd, rondes.te_laat, rondes.definitief) == (4, 3, 1, 3)
    afspraken = pp_sectie.afspraken_cijfers(K2_2025)
    assert (afspraken.open, afspraken.te_laat, afspraken.peildatum) == (3, 2, D(2025, 6, 30))
    punten = {p.kwartaal: p for p in pp_sectie.spiegel(K2_2025, minimum_n=3)}
    # og_on overall: 7 (8,6 cycled), 5.5 (6,5,NVT,6,5,NVT), 6.5 -> 19/3 = 6.33; on_og: 6.5 three times.
    assert (punten[D(2025, 4, 1)].og_on, punten[D(2025, 4, 1)].on_og) == (Decimal("6.33"), Decimal("6.50"))
    assert (punten[D(2025, 1, 1)].og_on, punten[D(2025, 1, 1)].n_og_on) == (None, 2)  # below minimum n
    gaten = pp_sectie.perceptiegaten(K2_2025, minimum_n=3)
    assert gaten and all(gat.n_ander >= 3 and gat.n_zelf >= 3 for gat in gaten)
    assert [abs(gat.verschil) for gat in gaten] == sorted((abs(gat.verschil) for gat in gaten), reverse=True)
    assert gaten[0].naam != gaten[0].code  # the name from the current questionnaire


def test_sections_render_on_the_page_and_in_the_pdf(pp_gegevens, personas):
    verplichting = VerplichtingFactory(looptijd_start=D(2025, 1, 1), looptijd_eind=D(2025, 12, 31), sr_bedrag=40000)
    InzetregelFactory(verplichting=verplichting, waarde="10000", status="gevalideerd")
    InzetregelFactory(verplichting=verplichting, waarde="2500")
    Waarschuwing.objects.create(
        verplichting=verplichting, soort=Waarschuwing.Soort.PROGNOSE, toelichting="Te weinig.", sinds=D(2025, 5, 1)
    )
    pagina = client_for(personas["stuurgroep"]).get(URL, {"periode": "2025-K2"}).content.decode()
    assert '<section id="pastperformance"' in pagina and '<section id="sroi"' in pagina
    assert "4 rondes onthuld</a>, waarvan\n    3 op tijd" in pagina
    assert 'aria-labelledby="grafiek-pp-og-on-titel grafiek-pp-og-on-omschrijving"' in pagina
    assert '<th scope="row">K2 2025</th>' in pagina and "6,3" in pagina
    assert "€ 40.000,00" in pagina and "€ 12.500,00" in pagina and "31,3 % van verschuldigd" in pagina
    assert 'href="/sroi/voortgang/"' in pagina and 'href="/sroi/?waarschuwing=true"' in pagina
    for sectie in secties(user=personas["stuurgroep"], periode=K2_2025):
        if sectie.sleutel in ("pastperformance", "sroi"):
            html = str(sectie_html(sectie, periode=K2_2025, pdf=True))
            assert "<form" not in html and "<caption>" in html and "<svg" in html


# --- Who sees what ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rol, ziet_sroi",
    [("on_eigen", False), ("on_ander", False), ("gemeente", True), ("stuurgroep", True), ("beheerder", True)],
)
def test_sroi_section_only_for_who_sees_the_kring_totals(personas, rol, ziet_sroi):
    periode = Periode("kwartaal", huidig_kwartaal())
    sleutels = [sectie.sleutel for sectie in secties(user=personas[rol], periode=periode)]
    assert "pastperformance" in sleutels
    assert ("sroi" in sleutels) is ziet_sroi
    pagina = client_for(personas[rol]).get(URL).content.decode()
    assert ('<section id="sroi"' in pagina) is ziet_sroi
    assert sroi_sectie.sectie(user=personas[rol], periode=periode) is None or ziet_sroi


def test_sections_are_none_for_visitors():
    periode = Periode("kwartaal", huidig_kwartaal())
    assert pp_sectie.sectie(user=AnonymousUser(), periode=periode) is None
    assert sroi_sectie.sectie(user=AnonymousUser(), periode=periode) is None


# --- Queries ---------------------------------------------------------------------------------------------------------


def _sectie_queries(sectie_module, user, periode) -> int:
    Beleid.huidig()  # created once (a data migration may not have)
    with CaptureQueriesContext(connection) as ctx:
        sectie = sectie_module.sectie(user=user, periode=periode)
        sectie_html(sectie, periode=periode, pdf=False)
    return len(ctx.captured_queries)


def test_queries_are_pinned_and_do_not_grow_with_the_data(personas):
    periode = Periode("kwartaal", huidig_kwartaal())
    stuurgroep = personas["stuurgroep"]
    client = client_for(stuurgroep)
    client.get(URL)
    rng = random.Random(3)

    def groei(aantal: int) -> None:
        for _ in range(aantal):
            op = timezone.now() - datetime.timedelta(days=rng.randint(0, 700))
            ronde = definitief(
                op=op, og_on=(rng.randint(1, 10), 7), on_og=(rng.randint(1, 10),), zelf_on=(8,), zelf_og=(6,)
            )
            AfspraakFactory(ronde=ronde)
            verplichting = VerplichtingFactory()
            InzetregelFactory(verplichting=verplichting, waarde="1000", status="gevalideerd")
            Waarschuwing.objects.create(
                verplichting=verplichting, soort=Waarschuwing.Soort.RAPPORTAGE, toelichting="-", sinds=op.date()
            )

    groei(3)
    klein = (_sectie_queries(pp_sectie, stuurgroep, periode), _sectie_queries(sroi_sectie, stuurgroep, periode))
    pagina_klein = count_queries(client, URL)
    groei(27)
    groot = (_sectie_queries(pp_sectie, stuurgroep, periode), _sectie_queries(sroi_sectie, stuurgroep, periode))
    pagina_groot = count_queries(client, URL)
    assert klein == groot == (6, 2)
    assert pagina_klein == pagina_groot
    assert Beoordeling.objects.count() == 120 and Score.objects.count() > 300


# --- The demo data ---------------------------------------------------------------------------------------------------


def test_figures_equal_a_direct_computation_on_the_demo_data(settings):
    settings.DEBUG = True
    call_command("demo")
    huidig = huidig_kwartaal()
    for periode in (
        Periode("kwartaal", huidig),
        Periode("kwartaal", kwartaal_plus(huidig, -1)),
        Periode("kwartaal", kwartaal_plus(huidig, -2)),
        Periode("jaar", huidig.replace(month=1)),
        Periode("jaar", huidig.replace(year=huidig.year - 1, month=1)),
    ):
        assert_sectie_gelijk_aan_naief(periode)
    # The demo has something to show in each part.
    jaar = Periode("jaar", huidig.replace(month=1))
    assert Verplichting.objects.filter(gerealiseerd__gt=0).exists()
    assert sroi_sectie.sroi_cijfers(jaar).gerealiseerd > 0
    assert any(p.og_on is not None for p in pp_sectie.spiegel(jaar, minimum_n=Beleid.huidig().minimum_n))
