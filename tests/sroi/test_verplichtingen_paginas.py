"""The obligation pages: the SROI overview, making and changing an obligation from the project page, one obligation,
the progress per contractor with the kring totals, and the export for the werkgeversservicepunt (no names)."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone

import pytest
from openpyxl import load_workbook

from kring.models import AuditEvent
from sroi.models import Verplichting, Waarschuwing
from tests.conftest import client_for
from tests.factories import (
    InzetregelFactory,
    KandidaatFactory,
    OrganisatieFactory,
    ProjectFactory,
    VerplichtingFactory,
    WaardetabelFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

INDEX = "/sroi/"
VOORTGANG = "/sroi/voortgang/"
D = datetime.date


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def eigen(personas):
    """An obligation of on_eigen on a project of the gemeente persona's gemeente, with two lines."""
    verplichting = VerplichtingFactory(
        project__gemeente=personas["gemeente"].organisatie,
        project__naam="Renovatie Visbrug",
        opdrachtnemer=personas["on_eigen"].organisatie,
        coordinator=personas["gemeente"],
        pso_korting=10,
        maximum=40000,
        sr_bedrag=40000,
    )
    kandidaat = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer, code="GZ-0042")
    InzetregelFactory(verplichting=verplichting, kandidaat=kandidaat, waarde="8000", status="gevalideerd")
    InzetregelFactory(verplichting=verplichting, waarde="2000")
    return verplichting


@pytest.fixture
def vreemd(personas):
    """An obligation of on_ander on another gemeente's project."""
    return VerplichtingFactory(
        project__naam="Kademuur Wijnhaven", opdrachtnemer=personas["on_ander"].organisatie, sr_bedrag=12345
    )


# --- The overview ----------------------------------------------------------------------------------------------------


def test_index_shows_own_obligations_with_progress_as_text(personas, eigen, vreemd):
    pagina = html(client_for(personas["on_eigen"]), INDEX)
    assert "Renovatie Visbrug" in pagina and "Kademuur Wijnhaven" not in pagina
    # € 10,000 of € 40,000 realised: in words and figures, not only as a bar.
    assert "€ 40.000,00" in pagina and "€ 10.000,00" in pagina and "25 % gerealiseerd" in pagina
    assert "<progress" in pagina and "Inzet exporteren" not in pagina
    assert "Kademuur Wijnhaven" in html(client_for(personas["beheerder"]), INDEX)
    assert "Kademuur Wijnhaven" not in html(client_for(personas["gemeente"]), INDEX)


def test_index_empty_state_explains_sroi(personas, eigen):
    pagina = html(client_for(personas["on_ander"]), INDEX)
    assert "U hebt nog geen SROI-verplichtingen." in pagina and "Zo werkt social return in de kring" in pagina


def test_index_filters_on_warning_and_contractor(personas, eigen):
    ander = VerplichtingFactory(project__gemeente=personas["gemeente"].organisatie, project__naam="Rotonde Noord")
    Waarschuwing.objects.create(
        verplichting=ander, soort="achterstand", toelichting="Achter.", sinds=timezone.localdate()
    )
    client = client_for(personas["gemeente"])
    pagina = html(client, INDEX)
    assert pagina.index("Rotonde Noord") < pagina.index("Renovatie Visbrug")  # the one with a warning first
    alleen = html(client, INDEX + "?waarschuwing=on")
    assert "Rotonde Noord" in alleen and "Renovatie Visbrug" not in alleen
    per_opdrachtnemer = html(client, f"{INDEX}?opdrachtnemer={eigen.opdrachtnemer_id}")
    assert "Renovatie Visbrug" in per_opdrachtnemer and "Rotonde Noord" not in per_opdrachtnemer
    # A contractor the gemeente has no obligation with is not a choice.
    assert f'value="{personas["on_ander"].organisatie_id}"' not in pagina


def test_index_query_count_is_pinned(personas, eigen):
    def grow(n):
        for _ in range(n):
            verplichting = VerplichtingFactory(
                project__gemeente=personas["gemeente"].organisatie, opdrachtnemer=eigen.opdrachtnemer
            )
            InzetregelFactory(verplichting=verplichting)
            Waarschuwing.objects.create(
                verplichting=verplichting, soort="prognose", toelichting="x", sinds=D(2024, 1, 1)
            )

    # User; filter choices (gemeenten, contractors); count; the page of obligations with sums; their open warnings.
    assert_queries_stable(client_for(personas["gemeente"]), INDEX, expected=6, grow=grow)


# --- Making and changing -------------------------------------------------------------------------------------------


@pytest.fixture
def project(personas):
    tabel = WaardetabelFactory()
    tabel.regio.gemeenten.add(personas["gemeente"].organisatie)
    project = ProjectFactory(
        gemeente=personas["gemeente"].organisatie,
        naam="Fietspad Oost",
        fase="uitvoering",
        aanbesteding_kwartaal=D(2024, 4, 1),
    )
    project.opdrachtnemers.add(personas["on_eigen"].organisatie)
    return project


def nieuw(project) -> str:
    return f"/sroi/projecten/{project.pk}/verplichting/nieuw/"


def formulier(personas, **kwargs):
    return {
        "opdrachtnemer": personas["on_eigen"].organisatie_id,
        "coordinator": personas["gemeente"].pk,
        "grondslag": "opdrachtwaarde",
        "grondslag_bedrag": "1.250.000",
        "percentage": "5",
        "drempel": "",
        "maximum": "",
        "pso_korting": "5",
        "looptijd_start": "2024-07-01",
        "looptijd_eind": "2025-06-30",
        "rapportage_maanden": "3",
        **kwargs,
    }


def test_project_page_offers_the_obligation_to_its_gemeente(personas, project):
    assert "SROI-verplichting vastleggen" in html(client_for(personas["gemeente"]), project.get_absolute_url())
    pagina = html(client_for(personas["on_eigen"]), project.get_absolute_url())
    assert "Social return (SROI)" in pagina and "SROI-verplichting vastleggen" not in pagina


def test_gemeente_makes_an_obligation(personas, project):
    client = client_for(personas["gemeente"])
    pagina = html(client, nieuw(project))
    assert "Het SR-bedrag" in pagina and "<legend" in pagina
    response = client.post(nieuw(project), formulier(personas))
    verplichting = Verplichting.objects.get()
    assert response.status_code == 302 and response["Location"] == verplichting.get_absolute_url()
    # 1,250,000 × 5 % = 62,500; PSO 5 %: 59,375.
    assert verplichting.sr_bedrag == Decimal("59375.00")
    pagina = html(client, verplichting.get_absolute_url())
    assert "€ 59.375,00" in pagina and "€ 3.125,00" in pagina and verplichting.waardetabel.naam in pagina
    assert "SROI-verplichting Grondwerk Zwijndrecht Test B.V." in html(client, project.get_absolute_url())


@pytest.mark.parametrize(
    ("wijziging", "tekst"),
    [
        ({"looptijd_eind": "2024-06-01"}, "ligt vóór het begin"),
        ({"pso_korting": "15"}, "hoogstens 10 %"),
        ({"percentage": "abc"}, "Voer een getal in."),
    ],
)
def test_bad_input_shows_a_dutch_message_and_saves_nothing(personas, project, wijziging, tekst):
    response = client_for(personas["gemeente"]).post(nieuw(project), formulier(personas, **wijziging))
    assert response.status_code == 200 and tekst in response.content.decode()
    assert not Verplichting.objects.exists()


def test_a_contractor_without_the_project_is_not_offered(personas, project):
    response = client_for(personas["gemeente"]).post(
        nieuw(project), formulier(personas, opdrachtnemer=personas["on_ander"].organisatie_id)
    )
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not Verplichting.objects.exists()


def test_nieuw_query_count_is_pinned(personas, project):
    def grow(n):
        for _ in range(n):
            project.opdrachtnemers.add(OrganisatieFactory())

    assert_queries_stable(client_for(personas["gemeente"]), nieuw(project), expected=5, grow=grow)


def test_gemeente_changes_an_obligation(personas, eigen):
    client = client_for(personas["gemeente"])
    bewerken = f"/sroi/verplichtingen/{eigen.pk}/bewerken/"
    pagina = html(client, bewerken)
    assert 'name="opdrachtnemer"' not in pagina and 'name="coordinator"' in pagina
    response = client.post(
        bewerken,
        formulier(
            personas,
            opdrachtnemer="",
            grondslag_bedrag="600.000",
            percentage="5",
            pso_korting="0",
            maximum="",
            looptijd_start=eigen.looptijd_start.isoformat(),
            looptijd_eind=eigen.looptijd_eind.isoformat(),
        ),
    )
    assert response.status_code == 302
    eigen.refresh_from_db()
    assert eigen.sr_bedrag == Decimal("30000.00")
    assert AuditEvent.objects.filter(actie="sroi.verplichting.gewijzigd").exists()
    assert client_for(personas["on_eigen"]).get(bewerken).status_code == 403
    assert client_for(personas["on_ander"]).get(bewerken).status_code == 404


# --- One obligation --------------------------------------------------------------------------------------------------


def test_detail_shows_calculation_progress_warnings_and_inzet_by_code(personas, eigen):
    Waarschuwing.objects.create(
        verplichting=eigen, soort="rapportage", toelichting="Sinds 1 maart geen inzet.", sinds=D(2024, 6, 1)
    )
    pagina = html(client_for(personas["on_eigen"]), eigen.get_absolute_url())
    # 1,000,000 × 5 % = 50,000; PSO 10 %: − 5,000 → 45,000; capped at 40,000.
    for tekst in ["€ 1.000.000,00", "€ 50.000,00", "− € 5.000,00", "€ 45.000,00", "het bedrag wordt begrensd"]:
        assert tekst in pagina, tekst
    assert "Sinds 1 maart geen inzet." in pagina and "GZ-0042" in pagina and "Inzet invoeren" in pagina
    assert "Verplichting bewerken" not in pagina
    assert "Verplichting bewerken" in html(client_for(personas["gemeente"]), eigen.get_absolute_url())


def test_detail_of_another_contractor_is_404(personas, eigen, vreemd):
    assert client_for(personas["on_ander"]).get(eigen.get_absolute_url()).status_code == 404
    assert client_for(personas["gemeente"]).get(vreemd.get_absolute_url()).status_code == 404


def test_detail_query_count_is_pinned(personas, eigen):
    def grow(n):
        for _ in range(n):
            InzetregelFactory(verplichting=eigen)
            Waarschuwing.objects.create(verplichting=eigen, soort="prognose", toelichting="x", sinds=D(2024, 1, 1))
            Waarschuwing.objects.filter(verplichting=eigen).update(opgelost_op=D(2024, 1, 2))

    # User; the obligation joined; sums; open warnings; the lines with soort and candidate; bonuses; evidence.
    assert_queries_stable(client_for(personas["on_eigen"]), eigen.get_absolute_url(), expected=7, grow=grow)


# --- Progress and kring totals ---------------------------------------------------------------------------------------


def test_voortgang_per_contractor_and_kring_totals_for_the_stuurgroep(personas, eigen, vreemd):
    pagina = html(client_for(personas["on_eigen"]), VOORTGANG)
    assert "Grondwerk Zwijndrecht Test B.V." in pagina and "Wegenbouw Papendrecht" not in pagina
    assert "De kring als geheel" not in pagina and "<svg" in pagina
    stuurgroep = html(client_for(personas["stuurgroep"]), VOORTGANG)
    assert "De kring als geheel" in stuurgroep and "Geplaatste kandidaten" in stuurgroep
    # Kring-wide € due: 40,000 + 12,345 (the other gemeente's obligation counts in the totals, not in the table).
    assert "€ 52.345,00" in stuurgroep and "Wegenbouw Papendrecht" not in stuurgroep
    assert "GZ-0042" not in stuurgroep


def test_voortgang_query_count_is_pinned(personas, eigen):
    def grow(n):
        for _ in range(n):
            verplichting = VerplichtingFactory(
                project__gemeente=personas["gemeente"].organisatie, opdrachtnemer=OrganisatieFactory()
            )
            InzetregelFactory(verplichting=verplichting)

    # User; obligations with sums; their open warnings; kring totals (lines, obligations).
    assert_queries_stable(client_for(personas["stuurgroep"]), VOORTGANG, expected=5, grow=grow)


# --- Export ----------------------------------------------------------------------------------------------------------


def test_export_csv_has_codes_and_no_names(personas, eigen, vreemd):
    InzetregelFactory(verplichting=vreemd)
    response = client_for(personas["gemeente"]).get("/sroi/voortgang/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    tekst = response.content.decode("utf-8-sig")
    regels = tekst.strip().split("\r\n")
    assert regels[0].startswith("Project;Projectnummer;Opdrachtnemer;Kandidaat (code)")
    assert len(regels) == 3 and "GZ-0042" in tekst and "Kademuur Wijnhaven" not in tekst
    assert "Gevalideerd" in tekst and "8000" in tekst
    for persoonsgegeven in [personas["on_eigen"].naam, personas["gemeente"].naam, "@"]:
        assert persoonsgegeven not in tekst
    assert AuditEvent.objects.get(actie="sroi.inzet_geexporteerd").na == {"formaat": "csv", "regels": 2}


def test_export_xlsx_and_access(personas, eigen):
    response = client_for(personas["beheerder"]).get("/sroi/voortgang/export.xlsx")
    blad = load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert len(rijen) == 3 and "GZ-0042" in {rij[3] for rij in rijen}
    assert client_for(personas["on_eigen"]).get("/sroi/voortgang/export.csv").status_code == 403
    assert client_for(personas["gemeente"]).get("/sroi/voortgang/export.pdf").status_code == 404
