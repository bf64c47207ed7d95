"""Who sees a plan and a round (DESIGN §5): the two parties and beheerders; a bezwaar's panel members the round only;
anyone else 404, also by id."""

import pytest

from pastperformance.models import Bezwaar
from pastperformance.permissions import is_partij, mag_plan_beheren
from pastperformance.selectors.rondes import plannen_zichtbaar, rondes_zichtbaar
from tests.conftest import client_for
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, onthulde_ronde

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas):
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie, opdrachtnemer=personas["on_eigen"].organisatie
    )


@pytest.fixture
def ronde(plan):
    return onthulde_ronde(plan=plan)


@pytest.fixture
def buitenstaanders(db):
    return {
        "andere gemeente": UserFactory(organisatie=OrganisatieFactory(gemeente=True)),
        "stuurgroeplid elders": UserFactory(organisatie=OrganisatieFactory(), stuurgroep=True),
        "overig": UserFactory(organisatie=OrganisatieFactory(soort="overig", kvk_nummer="")),
        "aangevraagd": UserFactory(organisatie=OrganisatieFactory(), aangevraagd=True),
    }


def test_the_parties_and_beheerders_see_plan_and_round(personas, plan, ronde):
    for rol in ["on_eigen", "gemeente", "stuurgroep", "beheerder"]:
        client = client_for(personas[rol])
        assert client.get(plan.get_absolute_url()).status_code == 200, rol
        assert client.get(ronde.get_absolute_url()).status_code == 200, rol
        assert ronde in rondes_zichtbaar(user=personas[rol]) and plan in plannen_zichtbaar(user=personas[rol])


def test_another_contractor_and_other_organisations_get_404_by_id(personas, plan, ronde, buitenstaanders):
    for naam, persoon in {"on_ander": personas["on_ander"], **buitenstaanders}.items():
        if persoon.is_actief:
            client = client_for(persoon)
            for url in [
                plan.get_absolute_url(),
                ronde.get_absolute_url(),
                f"/pastperformance/plannen/{plan.pk}/bewerken/",
            ]:
                assert client.get(url).status_code == 404, (naam, url)
            for url in [
                f"/pastperformance/rondes/{ronde.pk}/openen/",
                f"/pastperformance/rondes/{ronde.pk}/vervallen/",
            ]:
                assert client.post(url).status_code == 404, (naam, url)
        assert not rondes_zichtbaar(user=persoon).exists() and not plannen_zichtbaar(user=persoon).exists(), naam


def test_a_panel_member_sees_the_round_of_the_bezwaar_only(personas, plan, ronde, buitenstaanders):
    panellid = buitenstaanders["andere gemeente"]
    andere_ronde = onthulde_ronde(plan=plan)
    Bezwaar.objects.create(
        beoordeling=ronde.beoordelingen.get(richting="og_on"),
        organisatie=plan.opdrachtnemer,
        gronden="De score op veiligheid klopt niet.",
        status="panel",
        panel_gemeente=panellid,
        panel_kring=buitenstaanders["stuurgroeplid elders"],
    )
    client = client_for(panellid)
    assert client.get(ronde.get_absolute_url()).status_code == 200
    assert client.get(andere_ronde.get_absolute_url()).status_code == 404
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert list(rondes_zichtbaar(user=panellid)) == [ronde]
    assert list(rondes_zichtbaar(user=buitenstaanders["stuurgroeplid elders"])) == [ronde]
    html = client.get(ronde.get_absolute_url()).content.decode()
    assert plan.get_absolute_url() not in html  # no link to a plan they cannot open


def test_blocked_staff_see_nothing(personas, plan, ronde):
    gemeente = personas["gemeente"]
    gemeente.status = "geblokkeerd"
    gemeente.save()
    assert not rondes_zichtbaar(user=gemeente).exists() and not plannen_zichtbaar(user=gemeente).exists()
    assert is_partij(gemeente, plan) is None and not mag_plan_beheren(gemeente, plan)


def test_which_side_a_user_is_on(personas, plan):
    assert [is_partij(personas[rol], plan) for rol in ["on_eigen", "on_ander", "gemeente", "stuurgroep"]] == [
        "on",
        None,
        "og",
        "og",
    ]
    assert is_partij(UserFactory(organisatie=OrganisatieFactory(), beheerder=True), plan) is None
    assert mag_plan_beheren(personas["gemeente"], plan) and mag_plan_beheren(personas["beheerder"], plan)
    assert not mag_plan_beheren(personas["on_eigen"], plan)
