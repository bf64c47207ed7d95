"""The pages of plans and rounds: Mijn beoordelingen (actions first, filters, empty state, pagination), making and
changing a plan (Dutch errors, nothing half-saved), the plan page, the round page (never a rating's content before the
reveal, the way to the rating forms, opening and letting lapse) and the section on the project page; query counts
pinned."""

import datetime
import re

from django.utils import timezone

import pytest

from kring.models import AuditEvent
from pastperformance.models import Beoordelingsplan, Beoordelingsronde, KpiMeting, Richting
from tests.conftest import client_for
from tests.factories import (
    BeoordelingsplanFactory,
    BeoordelingsrondeFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    onthulde_ronde,
    open_ronde,
    vul_in,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

INDEX = "/pastperformance/"
Status = Beoordelingsronde.Status
VANDAAG = timezone.localdate()
DAG = datetime.timedelta(days=1)
GEHEIM = "Heel precies geplande uitvoering, dit mag niemand voor de onthulling lezen."


@pytest.fixture
def plan(personas):
    """The personas' gemeente rates on_eigen's company: `gemeente` and `on_eigen` are the responsible raters."""
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie,
        project__naam="Renovatie Visbrug",
        opdrachtnemer=personas["on_eigen"].organisatie,
        beoordelaar_og=personas["gemeente"],
        beoordelaar_on=personas["on_eigen"],
    )


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def tekst(pagina: str) -> str:
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", pagina))


# --- Mijn beoordelingen ----------------------------------------------------------------------------------------------


def test_index_puts_what_needs_me_first(personas, plan):
    gepland = BeoordelingsrondeFactory(plan=plan, opent_op=VANDAAG + 30 * DAG, onthulling_uiterlijk=VANDAAG + 44 * DAG)
    klaar = onthulde_ronde(plan=plan)
    klaar.status = Status.DEFINITIEF
    klaar.save()
    te_doen = open_ronde(plan=plan, onthulling_uiterlijk=VANDAAG + 9 * DAG)
    pagina = html(client_for(personas["on_eigen"]), INDEX)
    assert "In 1 ronde is nu iets van u nodig." in tekst(pagina)
    volgorde = [int(pk) for pk in re.findall(r'href="/pastperformance/rondes/(\d+)/"', pagina)]
    assert volgorde == [te_doen.pk, gepland.pk, klaar.pk]
    assert "Beoordelen vóór" in tekst(pagina) and "3 rondes" in pagina
    # A colleague who is not the rater is not asked to rate; the gemeente's rater is.
    collega = UserFactory(organisatie=personas["on_eigen"].organisatie)
    assert "nu iets van u nodig" not in html(client_for(collega), INDEX)
    assert "Beoordelen vóór" in tekst(html(client_for(personas["gemeente"]), INDEX))
    # Once the contractor's two ratings are in, only the gemeente still has to rate.
    for beoordeling in te_doen.beoordelingen.filter(richting__in=[Richting.ON_OG, Richting.ZELF_ON]):
        vul_in(beoordeling)
    assert "nu iets van u nodig" not in html(client_for(personas["on_eigen"]), INDEX)
    assert "2 van 4" in html(client_for(personas["on_eigen"]), INDEX)


def test_after_the_reveal_the_parties_discuss_and_the_rated_reply(personas, plan):
    ronde = onthulde_ronde(plan=plan)
    pagina = tekst(html(client_for(personas["on_eigen"]), INDEX))
    assert "Bespreking plannen en vastleggen" in pagina
    ronde.status = Status.BESPROKEN
    ronde.save()
    pagina = tekst(html(client_for(personas["on_eigen"]), INDEX))
    assert "Reageren tot en met" in pagina and "In 1 ronde is nu iets van u nodig." in pagina
    ronde.reactie_tot = VANDAAG - DAG
    ronde.save()
    assert "nu iets van u nodig" not in html(client_for(personas["on_eigen"]), INDEX)


def test_index_filters(personas, plan):
    te_doen = open_ronde(plan=plan)
    ander_plan = BeoordelingsplanFactory(
        project__naam="Kademuur Wolwevershaven", opdrachtnemer=personas["on_eigen"].organisatie
    )
    gepland = BeoordelingsrondeFactory(plan=ander_plan, soort="start")
    client = client_for(personas["on_eigen"])

    def rondes(query):
        return {int(pk) for pk in re.findall(r'href="/pastperformance/rondes/(\d+)/"', html(client, INDEX + query))}

    assert rondes("") == {te_doen.pk, gepland.pk}
    assert rondes("?actie=on") == {te_doen.pk}
    assert rondes("?status=gepland") == {gepland.pk}
    assert rondes("?soort=start") == {gepland.pk}
    assert rondes("?zoek=wolwevers") == {gepland.pk}
    assert rondes(f"?gemeente={plan.project.gemeente_id}") == {te_doen.pk}
    assert "Geen rondes gevonden met deze filters." in html(client, INDEX + "?zoek=nergens")


def test_index_explains_past_performance_when_there_is_nothing(personas, plan):
    open_ronde(plan=plan)
    pagina = html(client_for(personas["on_ander"]), INDEX)
    assert "U hebt nog geen beoordelingsrondes." in pagina and "Zo werkt past performance in de kring" in pagina
    assert "Renovatie Visbrug" not in pagina


def test_index_pages_by_25(personas, plan):
    for _ in range(26):
        BeoordelingsrondeFactory(plan=plan)
    client = client_for(personas["gemeente"])
    assert "Pagina 1 van 2" in html(client, INDEX)
    assert len(re.findall(r'href="/pastperformance/rondes/\d+/"', html(client, INDEX + "?pagina=2"))) == 1


def test_index_query_count_does_not_grow_with_rounds(personas, plan):
    """User; the count of rounds needing me; the paginator's count; the page of rounds (parties joined, actions and
    counts as subqueries); the gemeenten of the filter."""

    def grow(n):
        for index in range(n):
            (open_ronde if index % 2 else BeoordelingsrondeFactory)(plan=plan)

    assert_queries_stable(client_for(personas["on_eigen"]), INDEX, expected=5, grow=grow)


# --- Making and changing a plan --------------------------------------------------------------------------------------


@pytest.fixture
def project(personas):
    project = ProjectFactory(
        gemeente=personas["gemeente"].organisatie,
        naam="Renovatie Visbrug",
        fase="uitvoering",
        start_kwartaal=datetime.date(2027, 1, 1),
        duur_maanden=9,
    )
    project.opdrachtnemers.add(personas["on_eigen"].organisatie)
    return project


def nieuw(project) -> str:
    return f"/pastperformance/projecten/{project.pk}/plan/nieuw/"


def test_plan_form_is_prefilled_from_the_project(personas, project):
    pagina = html(client_for(personas["gemeente"]), nieuw(project))
    assert 'value="2027-01-01"' in pagina and 'value="2027-09-30"' in pagina
    assert re.search(rf'<option value="{personas["on_eigen"].organisatie_id}" selected>', pagina)
    assert "Opdrachtnemer Eigen (Grondwerk Zwijndrecht Test B.V.)" in pagina
    assert "Opdrachtnemer Ander" not in pagina  # raters only from the two parties
    assert "<legend" in pagina and "Partijen" in pagina


def test_plan_is_made_with_its_rounds(personas, project):
    response = client_for(personas["gemeente"]).post(
        nieuw(project),
        {
            "opdrachtnemer": personas["on_eigen"].organisatie_id,
            "beoordelaar_og": personas["gemeente"].pk,
            "beoordelaar_on": personas["on_eigen"].pk,
            "uitvoering_start": "2027-01-01",
            "uitvoering_eind": "2027-09-30",
        },
        follow=True,
    )
    plan = Beoordelingsplan.objects.get()
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert "Het beoordelingsplan voor Grondwerk Zwijndrecht Test B.V. is gemaakt" in response.content.decode()
    assert plan.rondes.count() == 4


def test_bad_plan_input_gets_a_dutch_message_and_saves_nothing(personas, project):
    client = client_for(personas["gemeente"])
    pagina = client.post(
        nieuw(project),
        {
            "opdrachtnemer": personas["on_eigen"].organisatie_id,
            "beoordelaar_og": personas["gemeente"].pk,
            "beoordelaar_on": personas["on_eigen"].pk,
            "uitvoering_start": "2027-05-01",
            "uitvoering_eind": "2027-04-01",
        },
    ).content.decode()
    assert "De geplande oplevering (1 april 2027) ligt vóór de start van de uitvoering (1 mei 2027)." in pagina
    # Someone of the contractor as the gemeente's rater is not among the choices.
    pagina = client.post(
        nieuw(project),
        {
            "opdrachtnemer": personas["on_eigen"].organisatie_id,
            "beoordelaar_og": personas["on_eigen"].pk,
            "beoordelaar_on": personas["on_eigen"].pk,
            "uitvoering_start": "2027-01-01",
            "uitvoering_eind": "2027-09-30",
        },
    ).content.decode()
    assert "Selecteer een geldige keuze" in pagina
    assert not Beoordelingsplan.objects.exists() and not Beoordelingsronde.objects.exists()
    assert not AuditEvent.objects.filter(actie__startswith="pastperformance").exists()


def test_plan_form_explains_when_a_plan_cannot_be_made(personas, project):
    client = client_for(personas["gemeente"])
    project.fase = "voorbereiding"
    project.save()
    assert "Dit project is nog in fase voorbereiding." in tekst(html(client, nieuw(project)))
    project.fase = "uitvoering"
    project.save()
    BeoordelingsplanFactory(project=project, opdrachtnemer=personas["on_eigen"].organisatie)
    assert "Er is geen opdrachtnemer zonder beoordelingsplan" in html(client, nieuw(project))


def test_who_makes_a_plan(personas, project):
    assert client_for(personas["on_eigen"]).get(nieuw(project)).status_code == 403
    elders = UserFactory(organisatie=OrganisatieFactory(gemeente=True))
    assert client_for(elders).get(nieuw(project)).status_code == 404
    assert client_for(personas["beheerder"]).get(nieuw(project)).status_code == 200


def test_plan_form_query_count(personas, project):
    """User; the project; the contractors without a plan (to preselect a single one), then as the form's choices;
    the gemeente's staff; the contractors' staff."""

    def grow(n):
        for _ in range(n):
            organisatie = OrganisatieFactory()
            project.opdrachtnemers.add(organisatie)
            UserFactory(organisatie=organisatie)
            UserFactory(organisatie=project.gemeente)

    assert_queries_stable(client_for(personas["gemeente"]), nieuw(project), expected=6, grow=grow)


def test_plan_is_changed_and_the_oplevering_recorded(personas, plan):
    bewerken = f"/pastperformance/plannen/{plan.pk}/bewerken/"
    client = client_for(personas["gemeente"])
    assert "Opgeleverd op" in html(client, bewerken)
    gegevens = {
        "beoordelaar_og": personas["gemeente"].pk,
        "beoordelaar_on": personas["on_eigen"].pk,
        "uitvoering_start": plan.uitvoering_start.isoformat(),
        "uitvoering_eind": plan.uitvoering_eind.isoformat(),
    }
    morgen = (VANDAAG + DAG).isoformat()
    pagina = client.post(bewerken, gegevens | {"opgeleverd_op": morgen}).content.decode()
    assert "Vul de datum in waarop het werk is opgeleverd: vandaag of eerder." in pagina
    plan.refresh_from_db()
    assert plan.opgeleverd_op is None
    response = client.post(bewerken, gegevens | {"opgeleverd_op": VANDAAG.isoformat()})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.opgeleverd_op == VANDAAG
    assert plan.rondes.get(soort="eind").opent_op == VANDAAG
    assert client_for(personas["on_eigen"]).get(bewerken).status_code == 403


# --- The plan page ---------------------------------------------------------------------------------------------------


def test_plan_page_shows_parties_raters_rounds_and_kpis(personas, plan):
    BeoordelingsrondeFactory(
        plan=plan, soort="start", opent_op=VANDAAG + 5 * DAG, onthulling_uiterlijk=VANDAAG + 19 * DAG
    )
    open_ronde(plan=plan)
    for rol, beheert in [("gemeente", True), ("on_eigen", False)]:
        pagina = tekst(html(client_for(personas[rol]), plan.get_absolute_url()))
        assert "Gemeente Medewerker" in pagina and "Opdrachtnemer Eigen" in pagina  # the contacts, by name
        assert "Startronde (nr." in pagina and "Gepland: opent op" in pagina
        assert "Open: beoordelen tot de onthulling" in pagina
        assert "Harde KPI's" in pagina
        assert ("Plan bewerken" in pagina) is beheert


def test_plan_page_query_count_does_not_grow_with_rounds_and_kpis(personas, plan):
    """User; the plan with project, parties and raters; its rounds; its KPI measurements."""

    def grow(n):
        for _ in range(n):
            BeoordelingsrondeFactory(plan=plan)
            KpiMeting.objects.create(plan=plan, soort="betaaltermijn", dagen=30, peildatum=VANDAAG)

    assert_queries_stable(client_for(personas["on_eigen"]), plan.get_absolute_url(), expected=4, grow=grow)


# --- The round page --------------------------------------------------------------------------------------------------


def test_round_page_before_the_reveal_shows_who_handed_in_never_what(personas, plan):
    ronde = open_ronde(plan=plan)
    vul_in(ronde.beoordelingen.get(richting=Richting.OG_ON), motivering=GEHEIM)
    vul_in(ronde.beoordelingen.get(richting=Richting.ZELF_ON), motivering=GEHEIM, indienen=False)
    for rol in ["on_eigen", "gemeente", "beheerder"]:
        pagina = html(client_for(personas[rol]), ronde.get_absolute_url())
        assert GEHEIM not in pagina and "Na de onthulling" not in pagina
        rijen = re.findall(r"<tr>(.*?)</tr>", pagina, re.S)
        assert any("Opdrachtgever over opdrachtnemer" in rij and "Ja, op" in rij for rij in rijen)
        assert any("Zelfbeoordeling opdrachtnemer" in rij and "Nee" in rij for rij in rijen)
    pagina = html(client_for(personas["on_eigen"]), ronde.get_absolute_url())
    assert f'href="/pastperformance/rondes/{ronde.pk}/beoordelen/on_og/"' in pagina
    assert f'href="/pastperformance/rondes/{ronde.pk}/beoordelen/zelf_on/"' in pagina
    assert "/beoordelen/og_on/" not in pagina
    pagina = html(client_for(personas["gemeente"]), ronde.get_absolute_url())
    assert "/beoordelen/og_on/" in pagina and "/beoordelen/zelf_og/" in pagina and "/beoordelen/on_og/" not in pagina


def test_round_page_after_the_reveal_shows_the_four_perspectives(personas, plan):
    ronde = onthulde_ronde(plan=plan)
    pagina = html(client_for(personas["on_eigen"]), ronde.get_absolute_url())
    assert "Vier perspectieven" in pagina and "/beoordelen/" not in pagina


def test_a_planned_round_is_opened_by_hand(personas, plan):
    ronde = BeoordelingsrondeFactory(plan=plan, opent_op=VANDAAG + 10 * DAG, onthulling_uiterlijk=VANDAAG + 24 * DAG)
    client = client_for(personas["on_eigen"])
    assert "Ronde nu openen" in html(client, ronde.get_absolute_url())
    response = client.post(f"/pastperformance/rondes/{ronde.pk}/openen/", follow=True)
    assert "De ronde is geopend" in response.content.decode()
    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN and ronde.beoordelingen.count() == 4


def test_too_early_to_open_says_from_when(personas, plan):
    ronde = BeoordelingsrondeFactory(plan=plan, opent_op=VANDAAG + 30 * DAG, onthulling_uiterlijk=VANDAAG + 44 * DAG)
    response = client_for(personas["gemeente"]).post(f"/pastperformance/rondes/{ronde.pk}/openen/", follow=True)
    assert "kan vanaf" in response.content.decode()
    ronde.refresh_from_db()
    assert ronde.status == Status.GEPLAND


def test_only_raters_and_the_gemeente_open_a_round(personas, plan):
    ronde = BeoordelingsrondeFactory(plan=plan)
    collega = UserFactory(organisatie=personas["on_eigen"].organisatie)
    assert "Ronde nu openen" not in html(client_for(collega), ronde.get_absolute_url())
    assert client_for(collega).post(f"/pastperformance/rondes/{ronde.pk}/openen/").status_code == 403


def test_a_round_lapses_with_a_reason(personas, plan):
    ronde = open_ronde(plan=plan)
    url = f"/pastperformance/rondes/{ronde.pk}/vervallen/"
    client = client_for(personas["gemeente"])
    assert "Ronde laten vervallen" in html(client, ronde.get_absolute_url())
    pagina = client.post(url, {"reden": ""}).content.decode()
    assert "Dit veld is verplicht." in pagina
    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN
    response = client.post(url, {"reden": "Project stilgelegd."}, follow=True)
    assert "De ronde is vervallen." in response.content.decode()
    ronde.refresh_from_db()
    assert ronde.status == Status.VERVALLEN
    assert "Ronde laten vervallen" not in html(client, ronde.get_absolute_url())
    assert client_for(personas["on_eigen"]).post(url, {"reden": "x"}).status_code == 403


def test_round_page_query_count(personas, plan):
    """User; the round with plan and parties; its four ratings' progress (no content)."""

    ronde = open_ronde(plan=plan)

    def grow(n):
        for _ in range(n):
            open_ronde(plan=plan)

    assert_queries_stable(client_for(personas["on_eigen"]), ronde.get_absolute_url(), expected=3, grow=grow)


# --- The project page ------------------------------------------------------------------------------------------------


def test_project_page_lists_the_plans_one_may_see(personas, plan):
    project = plan.project
    project.fase = "uitvoering"
    project.save()
    pagina = html(client_for(personas["gemeente"]), project.get_absolute_url())
    assert "Beoordelingsplan Grondwerk Zwijndrecht Test B.V." in pagina and "Beoordelingsplan maken" in pagina
    pagina = html(client_for(personas["on_eigen"]), project.get_absolute_url())
    assert "Beoordelingsplan Grondwerk Zwijndrecht Test B.V." in pagina and "Beoordelingsplan maken" not in pagina
    pagina = html(client_for(personas["on_ander"]), project.get_absolute_url())
    assert "Grondwerk Zwijndrecht Test B.V." not in tekst(pagina.split("Past performance")[1].split("</section>")[0])
    assert "Er is geen beoordelingsplan dat u kunt inzien." in pagina


def test_revealed_round_page_query_count(personas, plan):
    """The round page's own 3 queries and, after the reveal, what the bespreking part's include reads: a fixed number,
    however many earlier rounds the plan has."""
    ronde = onthulde_ronde(plan=plan)

    def grow(n):
        for _ in range(n):
            onthulde_ronde(plan=plan)

    assert_queries_stable(client_for(personas["on_eigen"]), ronde.get_absolute_url(), expected=11, grow=grow)
