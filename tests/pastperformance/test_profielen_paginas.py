"""The pages of the profiles: what each role sees (and does not), the selection lock, the KPI forms on a plan, the
year overview PDF, and query counts that do not grow with the number of ratings."""

import csv
import datetime
import io

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

import pytest

from kring.models import AuditEvent, Rapport
from kring.pdf import render_to_pdf
from kring.rapportsoorten import GegevensOntbreken, rapportsoort
from pastperformance.models import Beleid, Beoordelingsronde, KpiMeting, Reactie, Richting, Scoremaand
from pastperformance.services.profielen import kpi_toevoegen
from tests.conftest import client_for
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, onthulde_ronde
from tests.pastperformance.profielhulp import definitief
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

Status = Beoordelingsronde.Status


def nu_min(dagen: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=dagen)


@pytest.fixture
def plan(personas):
    """The personas' gemeente and on_eigen's company on one project: `gemeente` and `on_eigen` are the raters."""
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        beoordelaar_og=personas["gemeente"],
        beoordelaar_on=personas["on_eigen"],
    )


@pytest.fixture
def beoordeeld(personas, plan):
    """Three definitief rounds: the gemeente gave on_eigen's company 8, 7 and 6; the company gave the gemeente 5s."""
    for dagen, waarde in ((10, 8), (40, 7), (200, 6)):
        definitief(op=nu_min(dagen), og_on=(waarde,), on_og=(5,), plan=plan)
    return plan


def pagina(rol_of_user, url, personas=None) -> str:
    user = personas[rol_of_user] if isinstance(rol_of_user, str) else rol_of_user
    response = client_for(user).get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()


# --- Profielen -------------------------------------------------------------------------------------------------------


def test_a_contractor_sees_its_own_figures_and_the_kring_but_no_other_contractor(personas, beoordeeld):
    definitief(op=nu_min(5), og_on=(3,), opdrachtnemer=personas["on_ander"].organisatie)
    html = pagina("on_eigen", reverse("pastperformance:profielen"), personas)
    eigen = personas["on_eigen"].organisatie
    assert "Uw organisatie" in html and reverse("pastperformance:profiel", args=[eigen.pk]) in html
    assert "De kring" in html and "Gemeenten over opdrachtnemers" in html
    assert personas["on_ander"].organisatie.naam not in html
    assert "Opdrachtnemers (" not in html and "Gemeenten als opdrachtgever" not in html
    assert "niet om opdrachtnemers te selecteren" in html


def test_gemeente_staff_see_every_contractor_by_name_and_their_own_gemeente(personas, beoordeeld):
    ander = personas["on_ander"].organisatie
    html = pagina("gemeente", reverse("pastperformance:profielen"), personas)
    assert html.index(personas["on_eigen"].organisatie.naam) < html.index(ander.naam)  # alphabetical: G before W
    assert "Opdrachtnemers (" in html and "Gemeenten als opdrachtgever" not in html
    assert reverse("pastperformance:profiel", args=[personas["gemeente"].organisatie.pk]) in html
    assert "Volgorde" not in html and "selectie/export" not in html  # no ranking, no export while the policy is off


def test_stuurgroep_also_sees_the_gemeenten_and_the_name_filter_works(personas, beoordeeld):
    url = reverse("pastperformance:profielen") + "?naam=papendrecht"
    html = pagina("stuurgroep", url, personas)
    assert "Gemeenten als opdrachtgever" in html
    assert personas["on_ander"].organisatie.naam in html
    assert personas["on_eigen"].organisatie.naam not in html


def test_with_the_policy_on_the_list_can_be_ranked_by_mean(personas, beoordeeld):
    Beleid.objects.update_or_create(pk=1, defaults={"gebruik_voor_selectie": True, "grondslag": "Besluit AB 2026-3"})
    for _ in range(3):
        definitief(op=nu_min(5), og_on=(9,), opdrachtnemer=personas["on_ander"].organisatie)
    url = reverse("pastperformance:profielen")
    html = pagina("gemeente", url + "?volgorde=gemiddelde", personas)
    assert html.index(personas["on_ander"].organisatie.naam) < html.index(personas["on_eigen"].organisatie.naam)
    assert "hoogste gemiddelde eerst" in html and "Grondslag: Besluit AB 2026-3" in html
    assert "selectie/export.csv" in html
    # A contractor gets neither ranking nor export.
    assert "selectie/export" not in pagina("on_eigen", url, personas)


# --- One profile -----------------------------------------------------------------------------------------------------


def test_profile_page_shows_figures_criteria_chart_kpis_and_method(personas, beoordeeld):
    kpi_toevoegen(
        plan=beoordeeld, soort="vertraging", dagen=12, peildatum=timezone.localdate(), door=personas["gemeente"]
    )
    eigen = personas["on_eigen"].organisatie
    html = pagina("gemeente", reverse("pastperformance:profiel", args=[eigen.pk]), personas)
    assert f"<h1>Profiel van {eigen.naam}</h1>" in html
    assert "Aantal beoordelingen (n)" in html and "De kring ter vergelijking" in html
    assert "Veiligheid en gezondheid" in html and "Oplevering en revisie" in html
    assert 'role="img"' in html and "Jaargemiddelde per kwartaal" in html and "<desc" in html
    assert "Dagen vertraging" in html and "Zo rekent het portaal" in html
    assert 'name="soort" value="pp_jaaroverzicht"' in html
    # Rate organisations, not people: no rater's name on a profile.
    assert personas["gemeente"].naam not in html.split("<main", 1)[1]


def test_profile_without_enough_ratings_shows_geen_oordeel_and_no_chart(personas, plan):
    definitief(op=nu_min(3), og_on=(9,), plan=plan)
    eigen = personas["on_eigen"].organisatie
    html = pagina("on_eigen", reverse("pastperformance:profiel", args=[eigen.pk]), personas)
    assert "Geen oordeel" in html and "minder dan de 3" in html
    assert 'role="img"' not in html and "geen grafiek" in html


@pytest.mark.parametrize(
    ("rol", "wiens", "status"),
    [
        ("on_ander", "on_eigen", 404),  # another contractor's profile
        ("on_eigen", "gemeente", 404),  # a contractor does not see a gemeente's profile
        ("gemeente", "on_eigen", 200),
        ("gemeente", "gemeente", 200),
        ("stuurgroep", "gemeente", 200),
        ("beheerder", "on_ander", 200),
    ],
)
def test_who_sees_which_profile(personas, rol, wiens, status):
    organisatie = personas[wiens].organisatie
    response = client_for(personas[rol]).get(reverse("pastperformance:profiel", args=[organisatie.pk]))
    assert response.status_code == status


def test_another_gemeente_and_a_non_rated_organisation_have_no_profile_for_you(personas):
    andere_gemeente = OrganisatieFactory(gemeente=True)
    overig = OrganisatieFactory(soort="overig", kvk_nummer="")
    gemeente = client_for(personas["gemeente"])
    assert gemeente.get(reverse("pastperformance:profiel", args=[andere_gemeente.pk])).status_code == 404
    assert (
        client_for(personas["beheerder"]).get(reverse("pastperformance:profiel", args=[overig.pk])).status_code == 404
    )
    assert gemeente.get(reverse("pastperformance:profiel", args=[999999])).status_code == 404
    stuurgroep_elders = UserFactory(stuurgroep=True)  # a stuurgroep member of a contractor sees aggregates
    assert (
        client_for(stuurgroep_elders).get(reverse("pastperformance:profiel", args=[andere_gemeente.pk])).status_code
        == 200
    )


# --- Benchmark and calibration ---------------------------------------------------------------------------------------


def test_opdrachtgeverschap_names_no_gemeente(personas, beoordeeld):
    definitief(op=nu_min(5), on_og=(8,))
    html = pagina("on_ander", reverse("pastperformance:opdrachtgeverschap"), personas)
    assert "<h1>Goed opdrachtgeverschap</h1>" in html and "Planning en tijdige besluitvorming" in html
    assert "Dagen van factuur tot betaling" in html and "Dagen vertraging" not in html
    assert "Gemeente" not in html.split("<main", 1)[1].replace("Gemeenten", "")  # no gemeente's name
    assert personas["gemeente"].organisatie.naam not in html


def test_calibration_names_raters_for_beheerders_only(personas, beoordeeld):
    html = pagina("beheerder", reverse("pastperformance:kalibratie"), personas)
    assert "Kalibratie van beoordelaars" in html and personas["gemeente"].naam in html
    assert personas["on_eigen"].naam in html and 'role="img"' in html
    for rol in ("on_eigen", "gemeente", "stuurgroep"):
        assert client_for(personas[rol]).get(reverse("pastperformance:kalibratie")).status_code == 403


# --- The selection lock ----------------------------------------------------------------------------------------------


def test_selection_export_does_not_exist_while_the_policy_is_off(personas, beoordeeld):
    for rol in ("on_eigen", "on_ander", "gemeente", "stuurgroep", "beheerder"):
        response = client_for(personas[rol]).get(reverse("pastperformance:selectie_export", args=["csv"]))
        assert response.status_code == 404, rol
        assert b"Grondslag" not in response.content
    assert not AuditEvent.objects.filter(actie="pastperformance.selectie_geexporteerd").exists()


def test_selection_export_with_the_policy_on(personas, beoordeeld):
    Beleid.objects.update_or_create(pk=1, defaults={"gebruik_voor_selectie": True, "grondslag": "Besluit AB 2026-3"})
    url = reverse("pastperformance:selectie_export", args=["csv"])
    response = client_for(personas["gemeente"]).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][:3] == ["Opdrachtnemer", "Aantal beoordelingen (n)", "Gemiddelde"]
    assert rijen[1][0] == "Grondslag: Besluit AB 2026-3"
    per_naam = {rij[0]: rij for rij in rijen[2:]}
    eigen = per_naam[personas["on_eigen"].organisatie.naam]
    assert eigen[1] == "3" and 6 < float(eigen[2]) < 8
    assert per_naam[personas["on_ander"].organisatie.naam][1:] == ["0", "", "", "", "geen oordeel"]
    assert AuditEvent.objects.get(actie="pastperformance.selectie_geexporteerd").na["grondslag"] == "Besluit AB 2026-3"
    assert client_for(personas["beheerder"]).get(url.replace(".csv", ".xlsx")).status_code == 200
    for user in (personas["on_eigen"], UserFactory(stuurgroep=True)):  # a contractor; stuurgroep of a contractor
        assert client_for(user).get(url).status_code == 404
    assert client_for(personas["gemeente"]).get(url.replace(".csv", ".pdf")).status_code == 404


# --- KPIs on a plan --------------------------------------------------------------------------------------------------


def test_kpi_form_adds_a_measurement_shown_on_the_plan(personas, plan):
    url = reverse("pastperformance:kpi_nieuw", args=[plan.pk])
    client = client_for(personas["on_eigen"])
    html = client.get(url).content.decode()
    assert "<h1>KPI invoeren</h1>" in html and "<legend" in html and 'type="date"' in html
    response = client.post(
        url, {"soort": "betaaltermijn", "dagen": "45", "peildatum": "2026-03-09", "omschrijving": "Termijn 3"}
    )
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    meting = KpiMeting.objects.get()
    assert (meting.soort, meting.dagen, meting.ingevoerd_door) == ("betaaltermijn", 45, personas["on_eigen"])
    plan_html = client.get(plan.get_absolute_url()).content.decode()
    assert "Harde KPI&#x27;s" in plan_html or "Harde KPI's" in plan_html
    assert "Termijn 3" in plan_html and "45,0" in plan_html


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"soort": "betaaltermijn", "dagen": "1001", "peildatum": "2026-03-09"}, "van 0 tot en met 1000"),
        ({"soort": "betaaltermijn", "dagen": "", "peildatum": "2026-03-09"}, "van 0 tot en met 1000"),
        ({"dagen": "3", "peildatum": "2026-03-09"}, "Kies wat u meet"),
        ({"soort": "vertraging", "dagen": "3", "peildatum": "2999-01-01"}, "vandaag of een eerdere datum"),
        ({"soort": "vertraging", "dagen": "3", "peildatum": "morgen"}, "geldige datum"),
    ],
)
def test_bad_kpi_input_on_the_form_saves_nothing(personas, plan, data, melding):
    response = client_for(personas["gemeente"]).post(reverse("pastperformance:kpi_nieuw", args=[plan.pk]), data)
    assert response.status_code == 200 and melding in response.content.decode()
    assert not KpiMeting.objects.exists() and not Scoremaand.objects.exists()


def test_kpi_pages_of_another_organisations_plan_are_not_found(personas, plan):
    meting = kpi_toevoegen(
        plan=plan, soort="vertraging", dagen=4, peildatum=datetime.date(2026, 3, 9), door=personas["on_eigen"]
    )
    ander = client_for(personas["on_ander"])
    assert ander.get(reverse("pastperformance:kpi_nieuw", args=[plan.pk])).status_code == 404
    assert ander.post(reverse("pastperformance:kpi_verwijderen", args=[meting.pk])).status_code == 404
    # The other party sees the plan but did not enter the measurement.
    assert (
        client_for(personas["gemeente"]).post(reverse("pastperformance:kpi_verwijderen", args=[meting.pk])).status_code
        == 403
    )
    assert KpiMeting.objects.exists()


def test_kpi_is_deleted_after_confirmation(personas, plan):
    meting = kpi_toevoegen(
        plan=plan, soort="vertraging", dagen=4, peildatum=datetime.date(2026, 3, 9), door=personas["on_eigen"]
    )
    client = client_for(personas["on_eigen"])
    url = reverse("pastperformance:kpi_verwijderen", args=[meting.pk])
    assert "Weet u zeker" in client.get(url).content.decode()
    assert client.post(url)["Location"] == plan.get_absolute_url()
    assert not KpiMeting.objects.exists() and not Scoremaand.objects.exists()


# --- Year overview PDF -----------------------------------------------------------------------------------------------


def test_year_overview_holds_profile_chart_kpis_and_only_its_own_replies_of_revealed_rounds(personas, beoordeeld):
    eigen = personas["on_eigen"].organisatie
    ronde = beoordeeld.rondes.order_by("-definitief_op").first()
    Reactie.objects.create(
        beoordeling=ronde.beoordelingen.get(richting=Richting.OG_ON),
        eens=False,
        tekst="De vertraging kwam door de late vergunning.",
        door=personas["on_eigen"],
    )
    # A reply of the gemeente about its own rating, and one on a round that is (artificially) not revealed: not here.
    Reactie.objects.create(
        beoordeling=ronde.beoordelingen.get(richting=Richting.ON_OG), eens=True, tekst="Terecht punt over betalen."
    )
    open_ronde = onthulde_ronde(plan=beoordeeld)
    open_ronde.status = Status.OPEN
    open_ronde.save()
    Reactie.objects.create(
        beoordeling=open_ronde.beoordelingen.get(richting=Richting.OG_ON), eens=True, tekst="Nog blind."
    )
    oud = Reactie.objects.create(
        beoordeling=beoordeeld.rondes.filter(status=Status.DEFINITIEF)
        .order_by("definitief_op")
        .first()
        .beoordelingen.get(richting=Richting.OG_ON),
        eens=True,
        tekst="Van lang geleden.",
    )
    Reactie.objects.filter(pk=oud.pk).update(op=nu_min(400))

    soortdef = rapportsoort(Rapport.Soort.PP_JAAROVERZICHT)
    organisatie = soortdef.object_voor(user=personas["on_eigen"], parameters={"organisatie": eigen.pk})
    html, pdf = render_to_pdf(soortdef.template, soortdef.context(organisatie))
    assert pdf.startswith(b"%PDF-")
    assert f"Jaaroverzicht past performance: {eigen.naam}" in html
    assert "Laatste 12 maanden" in html and "Veiligheid en gezondheid" in html and "<svg" in html
    assert "Dagen vertraging" in html
    assert "De vertraging kwam door de late vergunning." in html and "oneens" in html
    assert "Terecht punt" not in html and "Nog blind" not in html and "lang geleden" not in html
    assert soortdef.titel(organisatie).startswith(f"Jaaroverzicht past performance: {eigen.naam}")

    with pytest.raises(GegevensOntbreken):
        soortdef.object_voor(user=personas["on_ander"], parameters={"organisatie": eigen.pk})


def test_year_overview_can_be_requested_from_the_profile(personas, beoordeeld, django_capture_on_commit_callbacks):
    eigen = personas["on_eigen"].organisatie
    client = client_for(personas["on_eigen"])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("kring:rapport_aanvragen"), {"soort": "pp_jaaroverzicht", "object_id": str(eigen.pk)}
        )
    assert response.status_code == 302
    rapport = Rapport.objects.get()
    assert rapport.parameters == {"organisatie": eigen.pk} and rapport.titel.startswith("Jaaroverzicht")
    with pytest.raises(PermissionDenied):
        from kring.services.rapporten import rapport_request

        rapport_request(
            soort="pp_jaaroverzicht", parameters={"organisatie": eigen.pk}, door=UserFactory(aangevraagd=True)
        )


# --- Query counts ----------------------------------------------------------------------------------------------------


@pytest.fixture
def groei(personas):
    """grow(n): n more definitief rounds about on_eigen's company, each with a new gemeente, new raters and a KPI."""

    def grow(n):
        for _ in range(n):
            ronde = definitief(op=nu_min(20), og_on=(7, 8), on_og=(6,), opdrachtnemer=personas["on_eigen"].organisatie)
            KpiMeting.objects.create(plan=ronde.plan, soort="vertraging", dagen=3, peildatum=timezone.localdate())

    return grow


@pytest.mark.parametrize(
    ("rol", "expected"),
    [
        # user; policy; summary rows; contractors (and for the stuurgroep gemeenten)
        ("on_eigen", 3),
        ("gemeente", 4),
        ("stuurgroep", 5),
    ],
)
def test_query_count_profielen(personas, groei, rol, expected):
    assert_queries_stable(
        client_for(personas[rol]), reverse("pastperformance:profielen"), expected=expected, grow=groei
    )


def test_query_count_profiel(personas, groei):
    # user, organisation, policy, summary rows, criterion names
    url = reverse("pastperformance:profiel", args=[personas["on_eigen"].organisatie.pk])
    assert_queries_stable(client_for(personas["gemeente"]), url, expected=5, grow=groei)


def test_query_count_opdrachtgeverschap(personas, groei):
    # user, policy, summary rows, criterion names
    url = reverse("pastperformance:opdrachtgeverschap")
    assert_queries_stable(client_for(personas["on_ander"]), url, expected=4, grow=groei)


def test_query_count_kalibratie(personas, groei):
    # user, policy, distribution rows with their raters, policy (minimum n for the page)
    url = reverse("pastperformance:kalibratie")
    assert_queries_stable(client_for(personas["beheerder"]), url, expected=4, grow=groei)


def test_query_count_selectie_export(personas, groei):
    Beleid.objects.update_or_create(pk=1, defaults={"gebruik_voor_selectie": True, "grondslag": "Besluit AB 2026-3"})
    # user, policy, summary rows, contractors, audit event (content type cached)
    url = reverse("pastperformance:selectie_export", args=["csv"])
    assert_queries_stable(client_for(personas["gemeente"]), url, expected=5, grow=groei)


def test_query_count_kpi_pages(personas, plan, groei):
    # user, plan (with project, gemeente, contractor, raters), its rounds
    url = reverse("pastperformance:kpi_nieuw", args=[plan.pk])
    assert_queries_stable(client_for(personas["gemeente"]), url, expected=3, grow=groei)
    meting = kpi_toevoegen(
        plan=plan, soort="vertraging", dagen=4, peildatum=datetime.date(2026, 3, 9), door=personas["gemeente"]
    )
    url = reverse("pastperformance:kpi_verwijderen", args=[meting.pk])
    # user, measurement with its plan, project, gemeente, contractor and who entered it
    assert_queries_stable(client_for(personas["gemeente"]), url, expected=2, grow=groei)
