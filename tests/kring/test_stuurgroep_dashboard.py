"""The stuurgroep dashboard page (issue 8) and its kring sections: werkgroepen, pipeline, leden, klaagpaal.

Each figure is compared with a direct computation (plain Python over the rows) on hand-made data and on the demo data;
the page's query count is pinned and does not grow with the data."""

import datetime
import io
from collections import Counter
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest

from kring.dashboard import Periode, periode_uit, secties
from kring.dashboard import klaagpaal as klaagpaal_sectie
from kring.dashboard import leden as leden_sectie
from kring.dashboard import pipeline as pipeline_sectie
from kring.dashboard import werkgroepen as werkgroepen_sectie
from kring.models import Intentieovereenkomst, Organisatie, User
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus
from projecten.models import Koppelkans, Project
from tests.conftest import client_for
from tests.factories import (
    ActiviteitFactory,
    IntentieovereenkomstFactory,
    KoppelkansFactory,
    OrganisatieFactory,
    ProjectFactory,
    SignaalFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)
from tests.querycount import assert_queries_stable
from werkgroepen.models import Activiteit, Signaal

pytestmark = pytest.mark.django_db

URL = reverse("kring:stuurgroep")


def _kwartaal() -> Periode:
    return Periode("kwartaal", huidig_kwartaal())


# --- Period ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [None, "", "onzin", "2026-K5", "2026-K0", "1999", "2026-k3x", "<script>", "99999"])
def test_junk_period_is_the_current_quarter(code):
    assert periode_uit(code) == _kwartaal()


def test_period_codes():
    assert periode_uit("2026-K3") == Periode("kwartaal", datetime.date(2026, 7, 1))
    assert periode_uit("2026") == Periode("jaar", datetime.date(2026, 1, 1))
    assert periode_uit("2026").eind == datetime.date(2026, 12, 31)


def test_page_parses_the_period(personas):
    client = client_for(personas["on_eigen"])
    pagina = client.get(URL, {"periode": "onzin"}).content.decode()
    assert f'<h1>Stuurgroep-dashboard <span class="text-body-secondary">{_kwartaal().label}</span>' in pagina
    pagina = client.get(URL, {"periode": "2025"}).content.decode()
    assert '<option value="2025" selected>Heel 2025</option>' in pagina
    assert "?periode=2024" in pagina  # vorige


# --- Access and page ---------------------------------------------------------------------------------------------------


def test_anonymous_goes_to_login():
    response = client_for(None).get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_page_has_contents_and_my_sections(personas):
    pagina = client_for(personas["on_eigen"]).get(URL).content.decode()
    for sleutel in ["werkgroepen", "pipeline", "leden", "klaagpaal"]:
        assert f'<a href="#{sleutel}">' in pagina
        assert f'<section id="{sleutel}"' in pagina
        assert f'<h2 id="{sleutel}-titel">' in pagina


def test_pdf_button_for_stuurgroep_and_beheerder_in_a_quarter_only(personas):
    for rol, ziet in [("on_eigen", False), ("gemeente", False), ("stuurgroep", True), ("beheerder", True)]:
        pagina = client_for(personas[rol]).get(URL).content.decode()
        assert ('name="periode" value="' in pagina) is ziet, rol
    jaar = client_for(personas["stuurgroep"]).get(URL, {"periode": str(timezone.localdate().year)}).content.decode()
    assert 'name="periode" value="' not in jaar


def test_sections_of_members_and_non_members(personas):
    periode = _kwartaal()
    sleutels = {sectie.sleutel for sectie in secties(user=personas["on_eigen"], periode=periode)}
    assert {"werkgroepen", "pipeline", "leden", "klaagpaal"} <= sleutels
    aanvrager = UserFactory(aangevraagd=True)
    for module in (werkgroepen_sectie, pipeline_sectie, leden_sectie, klaagpaal_sectie):
        assert module.sectie(user=aanvrager, periode=periode) is None


# --- Werkgroepen -------------------------------------------------------------------------------------------------------


def _stand_direct(activiteiten, datum):
    """The figures per (themadoel, werkgroep) computed in Python, one activity at a time."""
    grens = timezone.make_aware(datetime.datetime.combine(datum + datetime.timedelta(days=1), datetime.time()))
    stand = Counter()
    for activiteit in activiteiten:
        if activiteit.aangemaakt_op >= grens:
            continue
        sleutel = (activiteit.themadoel_id, activiteit.werkgroep_id)
        afgesloten = activiteit.status in ("afgerond", "vervallen") and activiteit.gewijzigd_op < grens
        if activiteit.status == "afgerond" and activiteit.gewijzigd_op < grens:
            stand[(*sleutel, "afgerond")] += 1
        elif not afgesloten:
            stand[(*sleutel, "te_laat" if activiteit.deadline < datum else "op_schema")] += 1
    return stand


def _stand_sectie(regels):
    stand = Counter()
    for regel in regels:
        for werkgroep in regel.werkgroepen:
            for naam in ("op_schema", "te_laat", "afgerond"):
                if getattr(werkgroep, naam):
                    stand[(regel.themadoel.pk, werkgroep.werkgroep_id, naam)] = getattr(werkgroep, naam)
    return stand


def test_werkgroepen_figures_equal_a_direct_count(personas):
    vandaag = timezone.localdate()
    overeenkomst = IntentieovereenkomstFactory()
    doel_a, doel_b = ThemadoelFactory(overeenkomst=overeenkomst), ThemadoelFactory(overeenkomst=overeenkomst)
    oud = ThemadoelFactory(overeenkomst__status="verlopen")
    wg1, wg2 = WerkgroepFactory(), WerkgroepFactory()
    doel_a.werkgroepen.add(wg1)
    doel_b.werkgroepen.add(wg2)
    dag = datetime.timedelta(days=1)
    ActiviteitFactory(themadoel=doel_a, werkgroep=wg1)  # op schema
    ActiviteitFactory(themadoel=doel_a, werkgroep=wg1, deadline=vandaag - dag)  # te laat
    ActiviteitFactory(themadoel=doel_a, werkgroep=wg2, status="afgerond")  # another werkgroep for the themadoel
    ActiviteitFactory(themadoel=doel_b, werkgroep=wg2, status="vervallen")
    ActiviteitFactory(themadoel=doel_b, werkgroep=wg2, status="lopend", deadline=vandaag)
    ActiviteitFactory(themadoel=oud, werkgroep=wg1)  # another agreement: not counted
    ActiviteitFactory(themadoel=None, werkgroep=wg1)
    # Completed after the end of last quarter: open then, and overdue then.
    vorig = Periode("kwartaal", kwartaal_plus(huidig_kwartaal(), -1))
    laat_af = ActiviteitFactory(themadoel=doel_b, werkgroep=wg2, deadline=vorig.eind - 10 * dag, status="afgerond")
    Activiteit.objects.filter(pk=laat_af.pk).update(aangemaakt_op=timezone.now() - datetime.timedelta(days=200))

    assert werkgroepen_sectie.overeenkomst_voor_dashboard() == overeenkomst
    for periode in (_kwartaal(), vorig, Periode("jaar", datetime.date(vandaag.year, 1, 1))):
        datum = werkgroepen_sectie.peildatum(periode)
        regels = werkgroepen_sectie.sectie(user=personas["stuurgroep"], periode=periode).context["regels"]
        activiteiten = Activiteit.objects.filter(themadoel__overeenkomst=overeenkomst)
        assert _stand_sectie(regels) == _stand_direct(activiteiten, datum), periode
    nu = werkgroepen_sectie.sectie(user=personas["stuurgroep"], periode=_kwartaal()).context
    assert [regel.themadoel for regel in nu["regels"]] == [doel_a, doel_b]
    assert [werkgroep.werkgroep_id for werkgroep in nu["regels"][0].werkgroepen] == [wg1.pk, wg2.pk]
    assert nu["totaal"] == {"op_schema": 2, "te_laat": 1, "afgerond": 2}
    vorige = werkgroepen_sectie.sectie(user=personas["stuurgroep"], periode=vorig).context["totaal"]
    assert vorige["te_laat"] >= 1 and vorige["afgerond"] == 0


def test_werkgroepen_links_match_the_agenda_for_the_running_quarter(personas):
    themadoel = ThemadoelFactory()
    ActiviteitFactory.create_batch(2, themadoel=themadoel, deadline=timezone.localdate() - datetime.timedelta(days=3))
    ActiviteitFactory(themadoel=themadoel)
    regel = werkgroepen_sectie.sectie(user=personas["on_eigen"], periode=_kwartaal()).context["regels"][0]
    client = client_for(personas["on_eigen"])
    agenda = client.get(regel.links["te_laat"])
    assert agenda.status_code == 200
    assert agenda.context["filter"].qs.count() == regel.te_laat == 2


def test_without_agreement_the_section_says_so(personas):
    Intentieovereenkomst.objects.all().delete()
    pagina = client_for(personas["gemeente"]).get(URL).content.decode()
    assert "nog geen intentieovereenkomst van kracht" in pagina


# --- Pipeline ----------------------------------------------------------------------------------------------------------


def _pipeline_direct(kwartalen):
    aantallen, waarden = Counter(), Counter()
    for project in Project.objects.select_related("waardeklasse"):
        if project.aanbesteding_kwartaal in kwartalen:
            aantallen[project.aanbesteding_kwartaal] += 1
            waarden[project.aanbesteding_kwartaal] += project.waardeklasse.rekenwaarde
    return aantallen, waarden


def _project(kwartaal, **velden):
    return ProjectFactory(aanbesteding_kwartaal=kwartaal, start_kwartaal=kwartaal_plus(kwartaal, 1), **velden)


def test_pipeline_figures_equal_a_direct_count(personas):
    volgend = kwartaal_plus(huidig_kwartaal(), 1)
    for _ in range(3):
        _project(volgend)
    _project(kwartaal_plus(volgend, 2), soort_werk="riolering")
    _project(huidig_kwartaal())  # in the period itself: not ahead
    KoppelkansFactory.create_batch(2)
    KoppelkansFactory(status="gebundeld")
    context = pipeline_sectie.sectie(user=personas["on_eigen"], periode=_kwartaal()).context
    kwartalen = [kwartaal_plus(huidig_kwartaal(), stap) for stap in range(1, 5)]
    aantallen, waarden = _pipeline_direct(kwartalen)
    spreiding = context["spreiding"]
    assert [rij.kwartaal for rij in spreiding.kwartalen] == kwartalen
    assert [rij.aantal for rij in spreiding.kwartalen] == [aantallen[k] for k in kwartalen]
    assert [rij.waarde for rij in spreiding.kwartalen] == [Decimal(waarden[k]) for k in kwartalen]
    assert [rij.leeg for rij in spreiding.kwartalen] == [aantallen[k] == 0 for k in kwartalen]
    gemiddelde = sum(waarden.values()) / 4
    assert [rij.overbelast for rij in spreiding.kwartalen] == [
        waarden[k] > gemiddelde * Decimal("1.5") for k in kwartalen
    ]
    assert context["koppelkansen_open"] == 2 == Koppelkans.objects.filter(status="open").count()
    assert context["grafiek"].startswith("<svg") and 'role="img"' in context["grafiek"]


# --- Leden -------------------------------------------------------------------------------------------------------------


def _leden_direct(periode):
    datum = min(periode.eind, timezone.localdate())
    cijfers = {soort: Counter() for soort in [*Organisatie.Soort.values, "totaal"]}
    for organisatie in Organisatie.objects.all():
        for soort in (organisatie.soort, "totaal"):
            lid = (
                organisatie.lid_sinds
                and organisatie.lid_sinds <= datum
                and (organisatie.lid_tot is None or organisatie.lid_tot >= datum)
            )
            if lid:
                cijfers[soort]["organisaties"] += 1
                cijfers[soort]["personen"] += sum(
                    1 for persoon in organisatie.medewerkers.all() if persoon.status == User.Status.ACTIEF
                )
            if organisatie.lid_sinds and periode.begin <= organisatie.lid_sinds <= periode.eind:
                cijfers[soort]["nieuw"] += 1
            if organisatie.lid_tot and periode.begin <= organisatie.lid_tot <= periode.eind:
                cijfers[soort]["vertrokken"] += 1
    return {
        soort: {naam: teller[naam] for naam in ("organisaties", "personen", "nieuw", "vertrokken")}
        for soort, teller in cijfers.items()
    }


def test_leden_figures_equal_a_direct_count(personas):
    periode = _kwartaal()
    nieuw = OrganisatieFactory(lid_sinds=periode.begin)
    UserFactory.create_batch(2, organisatie=nieuw)
    UserFactory(organisatie=nieuw, aangevraagd=True)
    weg = OrganisatieFactory(gemeente=True, lid_tot=periode.begin)
    UserFactory(organisatie=weg)
    OrganisatieFactory(voorgesteld=True)
    OrganisatieFactory(soort="overig", kvk_nummer="", lid_sinds=periode.begin - datetime.timedelta(days=400))
    for p in (periode, periode.vorige(), Periode("jaar", periode.begin.replace(month=1))):
        context = leden_sectie.sectie(user=personas["on_ander"], periode=p).context
        assert context["cijfers"] == _leden_direct(p), p
    context = leden_sectie.sectie(user=personas["on_ander"], periode=periode).context
    assert nieuw in context["nieuw"] and weg in context["vertrokken"]
    assert context["cijfers"]["totaal"]["nieuw"] == len(context["nieuw"])


# --- Klaagpaal ---------------------------------------------------------------------------------------------------------


def _signalen_direct(periode):
    cijfers = {soort: {"open": 0, "nieuw": 0, "per_status": Counter()} for soort in Signaal.Soort.values}
    for signaal in Signaal.objects.all():
        soort = cijfers[signaal.soort]
        if signaal.ingediend_op <= periode.eind:
            soort["per_status"][signaal.status] += 1
            if signaal.status != "opgevolgd":
                soort["open"] += 1
        if periode.begin <= signaal.ingediend_op <= periode.eind:
            soort["nieuw"] += 1
    return cijfers


def _signalen_sectie(context):
    uit = {}
    for rij in context["rijen"]:
        uit[rij["soort"].value] = {"open": rij["open"], "nieuw": rij["nieuw"], "per_status": Counter()}
    for status, cellen in context["tabel"]:
        for rij, (totaal, _nieuw, _url) in zip(context["rijen"], cellen, strict=True):
            if totaal:
                uit[rij["soort"].value]["per_status"][status.value] = totaal
    return uit


def test_klaagpaal_figures_equal_a_direct_count(personas):
    periode = _kwartaal()
    vorig = periode.vorige()
    SignaalFactory.create_batch(2)
    SignaalFactory(status="opgevolgd")
    SignaalFactory(soort="hulpvraag", status="besproken", indiener=None)
    SignaalFactory(soort="hulpvraag", ingediend_op=vorig.begin)
    SignaalFactory(ingediend_op=vorig.eind, status="geagendeerd")
    for p in (periode, vorig, Periode("jaar", periode.begin.replace(month=1))):
        context = klaagpaal_sectie.sectie(user=personas["gemeente"], periode=p).context
        assert _signalen_sectie(context) == _signalen_direct(p), p
    context = klaagpaal_sectie.sectie(user=personas["gemeente"], periode=periode).context
    assert context["rijen"][0]["open"] == 3 and context["rijen"][1]["open"] == 2


# --- Query count -------------------------------------------------------------------------------------------------------

# All seven sections, for a stuurgroep member (who sees them all), plus the user with organisation. The kring sections
# of this file cost: werkgroepen 4 (agreement, themadoelen, their werkgroepen, one GROUP BY), pipeline 2 (the
# spreiding's GROUP BY, koppelkansen), leden 2 (one aggregate, joiners and leavers), klaagpaal 1 (one GROUP BY).
# Pinned as measured with every section in place; a section that adds a query changes this number on purpose.
DASHBOARD_QUERIES = 19


def _groei(themadoel):
    def grow(n):
        vandaag = timezone.localdate()
        gemeente = OrganisatieFactory(gemeente=True)
        for index in range(n):
            ActiviteitFactory(
                themadoel=themadoel,
                werkgroep=themadoel.werkgroepen.first(),
                deadline=vandaag + datetime.timedelta(days=index % 5 - 2),
                status=["gepland", "lopend", "afgerond", "vervallen"][index % 4],
            )
            _project(kwartaal_plus(huidig_kwartaal(), 1 + index % 4), gemeente=gemeente)
            SignaalFactory(soort=["klaagpaal", "hulpvraag"][index % 2], status=Signaal.Status.values[index % 4])
            organisatie = OrganisatieFactory(lid_sinds=huidig_kwartaal())
            UserFactory(organisatie=organisatie)
        KoppelkansFactory()

    return grow


@pytest.mark.parametrize("periode", ["", "2025"])
def test_dashboard_query_count_is_pinned(personas, periode):
    themadoel = ThemadoelFactory()
    themadoel.werkgroepen.add(WerkgroepFactory())
    url = f"{URL}?periode={periode}" if periode else URL
    assert_queries_stable(client_for(personas["stuurgroep"]), url, expected=DASHBOARD_QUERIES, grow=_groei(themadoel))


# --- Demo --------------------------------------------------------------------------------------------------------------


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    return User.objects.get(email="beheerder@kringportaal.example")


def test_every_figure_equals_a_direct_computation_on_the_demo(demo):
    vandaag = timezone.localdate()
    periodes = [_kwartaal(), _kwartaal().vorige(), Periode("jaar", datetime.date(vandaag.year - 1, 1, 1))]
    overeenkomst = werkgroepen_sectie.overeenkomst_voor_dashboard()
    assert overeenkomst is not None
    assert Activiteit.objects.filter(themadoel__overeenkomst=overeenkomst).exists()
    assert Signaal.objects.exists() and Project.objects.exists()
    for periode in periodes:
        regels = werkgroepen_sectie.sectie(user=demo, periode=periode).context["regels"]
        datum = werkgroepen_sectie.peildatum(periode)
        assert _stand_sectie(regels) == _stand_direct(
            Activiteit.objects.filter(themadoel__overeenkomst=overeenkomst), datum
        ), periode

        pipeline = pipeline_sectie.sectie(user=demo, periode=periode).context
        kwartalen = pipeline_sectie.komende_kwartalen(periode)
        aantallen, waarden = _pipeline_direct(kwartalen)
        assert [rij.aantal for rij in pipeline["spreiding"].kwartalen] == [aantallen[k] for k in kwartalen]
        assert [rij.waarde for rij in pipeline["spreiding"].kwartalen] == [Decimal(waarden[k]) for k in kwartalen]
        assert pipeline["koppelkansen_open"] == sum(1 for k in Koppelkans.objects.all() if k.status == "open")

        assert leden_sectie.sectie(user=demo, periode=periode).context["cijfers"] == _leden_direct(periode)
        klaagpaal = klaagpaal_sectie.sectie(user=demo, periode=periode).context
        assert _signalen_sectie(klaagpaal) == _signalen_direct(periode)
    pagina = client_for(demo).get(URL)
    assert pagina.status_code == 200
