"""The demo's past performance: rounds in every state on Dordrecht's projects (the Visbrug among them) with replies, a
bezwaar and afspraken; the demo accounts have work to do; profiles for some companies and "geen oordeel" for others;
summary rows equal to a recount; idempotent and fast."""

import time

from django.core.management import call_command
from django.utils import timezone

import pytest

from kring.models import Organisatie, User
from pastperformance.demo import create_pastperformance
from pastperformance.models import (
    Addendum,
    Afspraak,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    KpiMeting,
    Reactie,
    Richting,
    Score,
    Scoremaand,
)
from pastperformance.selectors.profielen import opdrachtgeverschap, profiel
from pastperformance.services.profielen import samenvatting_verschillen
from projecten.models import Project
from projecten.services.projecten import project_valideren
from werkgroepen.models import Kennisitem

pytestmark = pytest.mark.django_db

Status = Beoordelingsronde.Status
MODELLEN = (Beoordelingsplan, Beoordelingsronde, Beoordeling, Score, Bespreking, Afspraak, Reactie, Bezwaar, Addendum)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo")


def tellingen() -> tuple:
    return (
        *(model.objects.count() for model in MODELLEN),
        KpiMeting.objects.count(),
        Scoremaand.objects.count(),
        Kennisitem.objects.count(),
        Project.objects.count(),
        User.objects.count(),
    )


def ronde(**filters) -> Beoordelingsronde:
    return Beoordelingsronde.objects.select_related("plan__beoordelaar_og", "plan__beoordelaar_on").get(**filters)


def test_demo_has_rounds_in_every_state_and_is_idempotent_and_fast(demo):
    assert set(Beoordelingsronde.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Beoordelingsronde.objects.values_list("soort", flat=True)) == set(Beoordelingsronde.Soort.values)
    eerst = tellingen()
    gebruikers = {
        "beheerder": User.objects.get(email="beheerder@kringportaal.example"),
        "gemeente": User.objects.get(email="projectleider@dordrecht.example"),
        "opdrachtnemer": User.objects.get(email="uitvoerder@merwedijk.example"),
    }
    begin = time.monotonic()
    create_pastperformance(gebruikers)
    assert time.monotonic() - begin < 3
    assert tellingen() == eerst
    assert samenvatting_verschillen() == []  # the summary rows equal a full recount


def test_the_visbrug_pilot_the_open_and_the_revealed_round(demo):
    visbrug = Project.objects.get(naam="Vervanging Visbrug")
    assert visbrug.opdrachtnemers.get().naam == "Merwedijk Infra B.V."
    assert list(Beoordelingsronde.objects.filter(plan__project=visbrug).values_list("soort", "status")) == [
        ("start", "definitief"),
        ("tussentijds", "definitief"),
        ("eind", "definitief"),
    ]
    eind = ronde(plan__project=visbrug, soort="eind")
    assert eind.lessen and eind.kennisitem is None  # one click away from the kennisbank
    for project in Project.objects.filter(nummer__in=["DOR-0801", "DOR-0909"]):
        project_valideren(project=project, gegevens={})

    # The demo accounts have an open round to fill in.
    open_ronde = ronde(status=Status.OPEN)
    assert open_ronde.plan.beoordelaar_on.email == "uitvoerder@merwedijk.example"
    assert open_ronde.plan.beoordelaar_og.email == "projectleider@dordrecht.example"
    beoordelingen = {b.richting: b for b in open_ronde.beoordelingen.all()}
    assert beoordelingen[Richting.OG_ON].is_ingediend and beoordelingen[Richting.ZELF_OG].is_ingediend
    concept = beoordelingen[Richting.ON_OG]
    assert not concept.is_ingediend and concept.scores.exists()
    assert not beoordelingen[Richting.ZELF_ON].is_ingediend and not beoordelingen[Richting.ZELF_ON].scores.exists()
    assert open_ronde.onthulling_uiterlijk > timezone.localdate()

    # The revealed round has a clear perception gap, and low scores with motivations and proposed afspraken.
    onthuld = ronde(status=Status.ONTHULD)
    scores = {
        (score.beoordeling.richting, score.criterium.code): score
        for score in Score.objects.filter(beoordeling__ronde=onthuld).select_related("beoordeling", "criterium")
    }
    gat = (
        scores[(Richting.ZELF_ON, "omgevingsmanagement")].waarde
        - scores[(Richting.OG_ON, "omgevingsmanagement")].waarde
    )
    assert gat >= 3
    laag = [score for score in scores.values() if score.waarde is not None and score.waarde <= 5]
    assert len(laag) >= 2 and all(score.voorgestelde_afspraak and score.motivering for score in laag)
    assert {score.beoordeling.richting for score in laag} == {Richting.OG_ON, Richting.ON_OG}


def test_the_discussed_round_the_definitief_history_and_the_profiles(demo):
    vandaag = timezone.localdate()
    besproken = ronde(status=Status.BESPROKEN)
    assert besproken.bespreking.samenvatting and besproken.reactie_tot >= vandaag
    assert Reactie.objects.filter(beoordeling__ronde=besproken).count() == 1
    # The afspraken of its startronde were checked at this bespreking: one kept, one still open past its deadline.
    gecontroleerd = Afspraak.objects.filter(gecontroleerd_in=besproken)
    assert set(gecontroleerd.values_list("status", flat=True)) == {"nagekomen", "open"}
    assert gecontroleerd.filter(status="open", deadline__lt=vandaag).exists()
    assert Afspraak.objects.filter(ronde__plan=besproken.plan, status="open", deadline__gt=vandaag).exists()

    definitief = Beoordelingsronde.objects.filter(status=Status.DEFINITIEF)
    assert Reactie.objects.filter(beoordeling__ronde__in=definitief, eens=False).exists()
    assert set(Afspraak.objects.values_list("status", flat=True)) == set(Afspraak.Status.values)
    bezwaar = Bezwaar.objects.select_related("addendum").get()
    assert bezwaar.status == "besloten" and bezwaar.addendum.tekst
    assert bezwaar.panel_gemeente.is_gemeente and bezwaar.panel_kring.organisatie_id not in (
        bezwaar.beoordeling.beoordelaar_organisatie_id,
        bezwaar.beoordeling.beoordeelde_organisatie_id,
    )
    gepubliceerd = Beoordelingsronde.objects.get(kennisitem__isnull=False)
    assert gepubliceerd.soort == "eind" and gepubliceerd.kennisitem.themas.exists()
    assert gepubliceerd.kennisitem.titel == f"Lessen uit {gepubliceerd.plan.project.naam}"
    assert Beoordelingsronde.objects.filter(status=Status.VERVALLEN).get().vervallen_reden

    # Profiles for some companies, "geen oordeel" for others; the gemeente's with its KPIs.
    def bedrijf(naam):
        return profiel(organisatie=Organisatie.objects.get(naam=naam))

    for naam in ("Merwedijk Infra B.V.", "Biesbosch Bestrating B.V."):
        assert bedrijf(naam).n >= 3 and not bedrijf(naam).geen_oordeel and bedrijf(naam).gemiddelde
    for naam in ("Zeedijk Riolering B.V.", "Crabbehof Tuin en Terrein B.V.", "Merwehaven Baggerwerken B.V."):
        assert 0 < bedrijf(naam).n < 3 and bedrijf(naam).geen_oordeel
    gemeente = profiel(organisatie=Organisatie.objects.get(naam="Gemeente Dordrecht"))
    assert gemeente.n >= 10 and {regel.soort for regel in gemeente.kpi if regel.eigen.n} == {
        "betaaltermijn",
        "besluittermijn",
    }
    betaaltermijnen = KpiMeting.objects.filter(soort="betaaltermijn").values_list("dagen", flat=True)
    assert min(betaaltermijnen) >= 18 and max(betaaltermijnen) <= 45
    assert not opdrachtgeverschap().geen_oordeel
