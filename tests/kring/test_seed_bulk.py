"""`manage.py seed_bulk`: the regional bulk data set for load tests, at a tiny scale."""

from decimal import Decimal

from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q, Sum
from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from kring.bulk.basis import BASIS, DOMEIN
from kring.bulk.organisaties import WACHTWOORD
from kring.models import Herinnering, Organisatie, User
from kring.validators import validate_kvk_nummer
from pastperformance.models import Beoordeling, Beoordelingsplan, Beoordelingsronde, Score
from pastperformance.services.profielen import samenvatting_verschillen
from projecten.models import Gebied, Opgave, Project, Projectwijziging
from sroi.models import Inzetregel, Kandidaat, Verplichting
from sroi.services.verplichtingen import inzet_herwaarderen
from sroi.validators import controleer_kandidaatcode
from sroi.waardering import sr_bedrag
from tests.conftest import client_for
from werkgroepen.models import Kennisitem

pytestmark = pytest.mark.django_db

SCHAAL = 0.002
Status = Beoordelingsronde.Status


def verwacht(soort: str, schaal: float = SCHAAL) -> int:
    return max(1, round(BASIS[soort] * schaal))


@pytest.fixture
def zaaien(settings):
    settings.DEBUG = True

    def zaai(**opties):
        call_command("seed_bulk", scale=SCHAAL, **opties)

    return zaai


def test_every_kind_in_the_expected_numbers(zaaien, capsys):
    zaaien()
    uitvoer = capsys.readouterr().out
    assert "projecten.Project" in uitvoer and "pastperformance.Score" in uitvoer and WACHTWOORD in uitvoer
    gemeenten = Organisatie.objects.filter(soort="gemeente", medewerkers__email__endswith=DOMEIN).distinct()
    bedrijven = Organisatie.objects.filter(soort="opdrachtnemer", medewerkers__email__endswith=DOMEIN).distinct()
    assert gemeenten.count() == verwacht("gemeenten")
    assert bedrijven.count() == verwacht("bedrijven")
    assert User.objects.filter(email__endswith=DOMEIN).count() == verwacht("personen")
    assert Project.objects.count() == verwacht("projecten")
    assert Beoordelingsronde.objects.count() == verwacht("rondes")
    assert Inzetregel.objects.count() == verwacht("inzetregels")
    assert Kennisitem.objects.count() == verwacht("kennisitems")
    assert Herinnering.objects.count() == verwacht("herinneringen")

    # People: one password hash, verified addresses; companies with valid, unique KvK numbers.
    assert User.objects.values("password").distinct().count() == 1
    assert User.objects.filter(email__endswith=DOMEIN).first().check_password(WACHTWOORD)
    assert EmailAddress.objects.filter(verified=True).count() == User.objects.count()
    kvk = list(bedrijven.values_list("kvk_nummer", flat=True))
    assert len(set(kvk)) == len(kvk)
    for nummer in kvk:
        validate_kvk_nummer(nummer)

    # Projects: areas, every phase, tender quarters from 2021 to 2030, history and opgaven.
    assert Gebied.objects.count() >= 8 * gemeenten.count()
    assert set(Project.objects.values_list("fase", flat=True)) == set(Project.Fase.values)
    jaren = {
        k.year
        for k in Project.objects.exclude(aanbesteding_kwartaal=None).values_list("aanbesteding_kwartaal", flat=True)
    }
    assert min(jaren) == 2021 and max(jaren) >= 2029
    assert Projectwijziging.objects.count() > Project.objects.count()
    assert Opgave.objects.count() == Project.objects.count() // 2
    opgenomen = Opgave.objects.exclude(project=None)
    assert opgenomen.exists() and not opgenomen.exclude(project__gebied=F("gebied")).exists()

    # Past performance: a plan per awarded contractor, rounds in every status and mostly definitief, four ratings
    # per round that opened, a score per criterion of each submitted rating.
    for plan in Beoordelingsplan.objects.select_related("project"):
        assert plan.project.opdrachtnemers.filter(pk=plan.opdrachtnemer_id).exists()
    per_status = dict(Beoordelingsronde.objects.values_list("status").annotate(n=Count("pk")))
    assert set(per_status) == set(Status.values)
    assert per_status[Status.DEFINITIEF] > Beoordelingsronde.objects.count() / 2
    geopend = Beoordelingsronde.objects.exclude(status__in=[Status.GEPLAND, Status.VERVALLEN])
    assert Beoordeling.objects.count() == 4 * geopend.count()
    for beoordeling in Beoordeling.objects.filter(ingediend_op__isnull=False).annotate(n=Count("scores"))[:50]:
        assert beoordeling.n == beoordeling.vragenlijst.criteria.count()
    assert Score.objects.filter(beoordeling__ingediend_op__isnull=False).count() > 20 * geopend.count() * 0.9
    # The summary rows equal a full recount (what `pp_herbereken --controleer` checks).
    assert samenvatting_verschillen() == []

    # SROI: stored values as the services compute them.
    for verplichting in Verplichting.objects.all():
        assert verplichting.sr_bedrag == sr_bedrag(
            grondslag_bedrag=verplichting.grondslag_bedrag,
            percentage=verplichting.percentage,
            drempel=verplichting.drempel,
            maximum=verplichting.maximum,
            pso_korting=verplichting.pso_korting,
        )
        sommen = verplichting.inzet.aggregate(
            gerealiseerd=Sum("waarde", filter=~Q(status="afgewezen"), default=Decimal(0)),
            gevalideerd=Sum("waarde", filter=Q(status="gevalideerd"), default=Decimal(0)),
        )
        assert (verplichting.gerealiseerd, verplichting.gevalideerd) == (sommen["gerealiseerd"], sommen["gevalideerd"])
        assert inzet_herwaarderen(verplichting=verplichting) == 0  # no line changes value
    assert set(Inzetregel.objects.values_list("status", flat=True)) == set(Inzetregel.Status.values)
    for code in Kandidaat.objects.values_list("code", flat=True):
        assert controleer_kandidaatcode(code) == code


def snapshot() -> dict:
    """Counts per kind and the first rows, without ids."""
    eerste_project = Project.objects.order_by("nummer").values(
        "nummer", "naam", "fase", "aanbesteding_kwartaal", "raming", "gemeente__naam", "gebied__naam"
    )[0]
    eerste_ronde = Beoordelingsronde.objects.order_by(
        "plan__project__nummer", "plan__opdrachtnemer__naam", "volgnummer"
    ).values(
        "plan__project__nummer",
        "plan__opdrachtnemer__naam",
        "volgnummer",
        "soort",
        "status",
        "opent_op",
        "definitief_op",
    )[0]
    scores = list(
        Score.objects.order_by(
            "beoordeling__ronde__plan__project__nummer",
            "beoordeling__ronde__volgnummer",
            "beoordeling__richting",
            "criterium__volgorde",
        ).values_list("waarde", "nvt", "motivering")[:40]
    )
    regel = Inzetregel.objects.order_by("verplichting__project__nummer", "start", "waarde").values(
        "start", "eind", "waarde", "status", "bouwblok__code", "kandidaat__code", "verplichting__opdrachtnemer__naam"
    )[0]
    return {
        "aantallen": {
            model.__name__: model.objects.count()
            for model in (
                Organisatie,
                User,
                Project,
                Projectwijziging,
                Opgave,
                Beoordelingsronde,
                Beoordeling,
                Score,
                Verplichting,
                Inzetregel,
                Kandidaat,
                Kennisitem,
                Herinnering,
            )
        },
        "project": eerste_project,
        "ronde": eerste_ronde,
        "scores": scores,
        "regel": regel,
        "kennisitem": Kennisitem.objects.order_by("titel").values("titel", "soort", "zichtbaarheid", "auteur__email")[
            0
        ],
        "herinnering": Herinnering.objects.order_by("vervaldatum", "soort", "ontvanger__email").values(
            "soort", "vervaldatum", "ontvanger__email"
        )[0],
        "gebruiker": User.objects.filter(email__endswith=DOMEIN)
        .order_by("email")
        .values("email", "naam", "organisatie__naam")[0],
    }


def test_the_same_seed_gives_the_same_data_and_wis_replaces_it(zaaien):
    zaaien()
    eerste = snapshot()
    with pytest.raises(CommandError, match="--wis"):
        zaaien()
    zaaien(wis=True)
    assert snapshot() == eerste
    zaaien(wis=True, seed=7)
    ander = snapshot()
    assert ander["project"] != eerste["project"] and ander["scores"] != eerste["scores"]
    call_command("seed_bulk", alleen_wissen=True)
    assert not User.objects.filter(email__endswith=DOMEIN).exists()
    assert not Project.objects.exists() and not Organisatie.objects.exists()
    assert samenvatting_verschillen() == []


def test_refuses_production_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_bulk", scale=SCHAAL)


def test_pages_render_on_the_bulk_data(zaaien):
    zaaien()
    stuurgroep = User.objects.filter(email__endswith=DOMEIN, is_stuurgroep=True).first()
    bedrijf = Organisatie.objects.filter(soort="opdrachtnemer").first()
    for user, url, tekst in [
        (stuurgroep, reverse("projecten:lijst"), "BLK-"),
        (stuurgroep, reverse("projecten:lijst") + "?fase=uitvoering&soort_werk=riolering", ""),
        (stuurgroep, reverse("projecten:kalender"), "BLK-"),
        (stuurgroep, reverse("pastperformance:profielen"), bedrijf.naam),
        (stuurgroep, reverse("pastperformance:profiel", args=[bedrijf.pk]), bedrijf.naam),
        (stuurgroep, reverse("kring:stuurgroep"), ""),
        (stuurgroep, reverse("sroi:index"), ""),
        (stuurgroep, reverse("werkgroepen:kennisbank") + "?q=riolering", ""),
        (Herinnering.objects.first().ontvanger, reverse("kring:herinneringen"), ""),
    ]:
        response = client_for(user).get(url)
        assert response.status_code == 200, url
        assert tekst in response.content.decode(), url
