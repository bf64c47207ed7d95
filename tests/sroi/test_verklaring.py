"""The SROI statements (PDF): per obligation (calculation, table version, progress, lines by candidate code with their
status, warnings) and per contractor (the obligations the requester may see, totals). Only who may see the obligation
or the contractor's SROI can request one; a candidate appears by code only."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from kring.models import Rapport
from kring.pdf import render_to_pdf
from kring.rapportsoorten import rapportsoort
from kring.services.rapporten import rapport_request
from sroi.models import Inzetregel, Waarschuwing
from sroi.services.verplichtingen import verplichting_totalen_bijwerken
from tests.factories import (
    KandidaatFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    VerplichtingFactory,
)

pytestmark = pytest.mark.django_db
VERPLICHTING = Rapport.Soort.SROI_VERPLICHTING
OPDRACHTNEMER = Rapport.Soort.SROI_OPDRACHTNEMER


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def verplichting(personas, gemeente_org, org_eigen):
    return VerplichtingFactory(
        project=ProjectFactory(
            gemeente=gemeente_org, nummer="DOR-0707", naam="Herinrichting Spuiboulevard", fase="uitvoering"
        ),
        opdrachtnemer=org_eigen,
        coordinator=personas["gemeente"],
        pso_korting=Decimal("5"),
        sr_bedrag=Decimal("47500"),
    )


def blok(verplichting, code):
    return verplichting.waardetabel.bouwblokken.get(code=code)


def regel(verplichting, door, *, code="participatiewet", kandidaat=None, status="ingediend", waarde="0", **kwargs):
    gemaakt = Inzetregel.objects.create(
        verplichting=verplichting,
        bouwblok=blok(verplichting, code),
        kandidaat=kandidaat,
        start=kwargs.pop("start", datetime.date(2024, 1, 1)),
        eind=kwargs.pop("eind", datetime.date(2024, 6, 30)),
        waarde=Decimal(waarde),
        status=status,
        ingevoerd_door=door,
        **kwargs,
    )
    # As the inzet services do: the obligation's stored totals follow its lines.
    verplichting_totalen_bijwerken(verplichting=verplichting)
    return gemaakt


def rapport_html(soort, parameters, user) -> str:
    soortdef = rapportsoort(soort)
    obj = soortdef.object_voor(user=user, parameters=parameters)
    html, pdf = render_to_pdf(soortdef.template, soortdef.inhoud(obj, user=user))
    assert pdf.startswith(b"%PDF-")
    return html


def test_the_obligation_statement_holds_every_section(personas, verplichting):
    on = personas["on_eigen"]
    kandidaat = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer, code="MWD-0012")
    gevalideerd = regel(
        verplichting, on, kandidaat=kandidaat, uren_per_week=36, waarde="19945.21", status="gevalideerd"
    )  # Participatiewet € 40.000, 36 uur, 1 januari – 30 juni 2024: 182 dagen
    gevalideerd.bonussen.add(blok(verplichting, "bonus-55"))
    regel(
        verplichting,
        on,
        kandidaat=KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer, code="MWD-0013"),
        code="ww",
        uren_per_week=18,
        waarde="2493.15",
        status="afgewezen",
        reden_afwijzing="Geen WW-beschikking bijgevoegd.",
    )
    regel(
        verplichting,
        on,
        code="sociaal-inkopen",
        bedrag=Decimal("12000"),
        waarde="12000",
        omschrijving="Groenonderhoud door SW-bedrijf",
    )
    Waarschuwing.objects.create(
        verplichting=verplichting,
        soort="achterstand",
        toelichting="De helft van de looptijd is voorbij en 12 % is gerealiseerd.",
        sinds=timezone.localdate(),
    )

    html = rapport_html(VERPLICHTING, {"verplichting": verplichting.pk}, personas["gemeente"])

    assert "<h1>SROI-verantwoording: DOR-0707 Herinrichting Spuiboulevard</h1>" in html
    assert verplichting.opdrachtnemer.naam in html and personas["gemeente"].naam in html  # the coordinator
    assert "5 % van de grondslag</th><td>€ 50.000,00" in html and "PSO-korting 5 %</th><td>− € 2.500,00" in html
    assert "<strong>€ 47.500,00</strong>" in html
    assert verplichting.waardetabel.naam in html and "Bonus 55-plus" in html
    # Progress: realised = validated + submitted (the rejected line does not count).
    assert "Gerealiseerd (ingediend en gevalideerd)</th><td>€ 31.945,21" in html
    assert "Gevalideerd</th><td>€ 19.945,21" in html and "Afgewezen (telt niet mee)</th><td>€ 2.493,15" in html
    assert '<th scope="row">MWD-0012</th>' in html and "+ Bonus 55-plus" in html and "Gevalideerd" in html
    assert '<th scope="row">MWD-0013</th>' in html and "Geen WW-beschikking bijgevoegd." in html
    assert "factuur € 12.000,00" in html and "Groenonderhoud door SW-bedrijf" in html
    assert "12 % is gerealiseerd" in html and "nog open" in html
    assert "<h3>Per kandidaat</h3>" in html
    # Pseudonyms only: no person who entered a line appears.
    assert on.naam not in html and on.email not in html


def test_a_statement_of_an_empty_obligation(personas, verplichting):
    html = rapport_html(VERPLICHTING, {"verplichting": verplichting.pk}, personas["on_eigen"])
    assert "Er is nog geen inzet ingevoerd." in html and "Er zijn geen waarschuwingen" in html


@pytest.mark.parametrize("wie", ["on_ander", "stuurgroep_ander", "anoniem_lid"])
def test_the_obligation_statement_is_refused_to_who_may_not_see_it(personas, verplichting, wie):
    door = {
        "on_ander": personas["on_ander"],
        "stuurgroep_ander": UserFactory(
            organisatie=OrganisatieFactory(soort="gemeente", kvk_nummer=""), stuurgroep=True
        ),
        "anoniem_lid": UserFactory(organisatie=OrganisatieFactory(soort="overig", kvk_nummer="")),
    }[wie]
    with pytest.raises(ValidationError) as fout:
        rapport_request(soort=VERPLICHTING, parameters={"verplichting": verplichting.pk}, door=door)
    assert fout.value.messages == ["Deze SROI-verplichting bestaat niet (meer), of u mag haar niet inzien."]
    assert not Rapport.objects.exists()


def test_the_contractor_statement_shows_what_the_requester_may_see(personas, verplichting):
    andere_gemeente = OrganisatieFactory(soort="gemeente", kvk_nummer="", naam="Gemeente Zwijndrecht")
    elders = VerplichtingFactory(
        project=ProjectFactory(gemeente=andere_gemeente, nummer="ZWD-0101", naam="Kade Veerplein", fase="uitvoering"),
        opdrachtnemer=verplichting.opdrachtnemer,
        sr_bedrag=Decimal("10000"),
    )
    regel(verplichting, personas["on_eigen"], waarde="5000", status="gevalideerd")
    regel(elders, personas["on_eigen"], waarde="1000")
    organisatie = verplichting.opdrachtnemer

    eigen = rapport_html(OPDRACHTNEMER, {"organisatie": organisatie.pk}, personas["on_eigen"])
    assert f"<h1>SROI-verantwoording: {organisatie.naam}</h1>" in eigen
    assert "DOR-0707 Herinrichting Spuiboulevard" in eigen and "ZWD-0101 Kade Veerplein" in eigen
    assert "SR-bedrag</th><td>€ 57.500,00" in eigen and "Gerealiseerd</th><td>€ 6.000,00" in eigen
    assert "1 gevalideerd, 1 ter validatie, 0 afgewezen" in eigen

    gemeente = rapport_html(OPDRACHTNEMER, {"organisatie": organisatie.pk}, personas["gemeente"])
    assert "DOR-0707" in gemeente and "ZWD-0101" not in gemeente
    assert "alleen die bij projecten van uw gemeente" in gemeente and "€ 47.500,00" in gemeente

    beheerder = rapport_html(OPDRACHTNEMER, {"organisatie": organisatie.pk}, personas["beheerder"])
    assert "ZWD-0101" in beheerder and "alleen die bij projecten" not in beheerder


def test_the_contractor_statement_is_refused_to_others(personas, verplichting):
    organisatie = verplichting.opdrachtnemer
    for door, pk in [
        (personas["on_ander"], organisatie.pk),  # another contractor
        (
            UserFactory(organisatie=OrganisatieFactory(soort="gemeente", kvk_nummer="")),
            organisatie.pk,
        ),  # no obligation
        (personas["gemeente"], personas["gemeente"].organisatie.pk),  # not a contractor
    ]:
        with pytest.raises(ValidationError) as fout:
            rapport_request(soort=OPDRACHTNEMER, parameters={"organisatie": pk}, door=door)
        assert fout.value.messages == ["Deze opdrachtnemer bestaat niet (meer), of u mag haar SROI niet inzien."]
    assert not Rapport.objects.exists()


def test_requesting_and_rendering_both_statements(personas, verplichting, media, django_capture_on_commit_callbacks):
    regel(verplichting, personas["on_eigen"], waarde="100")
    with django_capture_on_commit_callbacks(execute=True):
        per_project = rapport_request(
            soort=VERPLICHTING, parameters={"verplichting": verplichting.pk}, door=personas["on_eigen"]
        )
        per_opdrachtnemer = rapport_request(
            soort=OPDRACHTNEMER,
            parameters={"organisatie": verplichting.opdrachtnemer.pk},
            door=personas["on_eigen"],
        )
    for rapport in (per_project, per_opdrachtnemer):
        rapport.refresh_from_db()
        assert rapport.status == Rapport.Status.KLAAR, rapport.fout
    vandaag = f"{timezone.localdate():%d-%m-%Y}"
    naam = verplichting.opdrachtnemer.naam
    assert per_project.titel == f"SROI-verantwoording DOR-0707 Herinrichting Spuiboulevard, {naam} ({vandaag})"
    assert per_opdrachtnemer.titel == f"SROI-verantwoording {naam} ({vandaag})"


def test_the_contractor_statement_reads_a_fixed_number_of_queries(personas, verplichting, django_assert_num_queries):
    for _ in range(3):
        andere = VerplichtingFactory(
            project=ProjectFactory(gemeente=verplichting.project.gemeente, fase="uitvoering"),
            opdrachtnemer=verplichting.opdrachtnemer,
        )
        regel(andere, personas["on_eigen"], waarde="10")
        Waarschuwing.objects.create(verplichting=andere, soort="prognose", toelichting="x", sinds=timezone.localdate())
    soortdef = rapportsoort(OPDRACHTNEMER)
    with django_assert_num_queries(3):
        soortdef.inhoud(verplichting.opdrachtnemer, user=personas["on_eigen"])


def test_the_pages_offer_the_statements(personas, verplichting):
    from django.urls import reverse

    from tests.conftest import client_for

    html = client_for(personas["on_eigen"]).get(reverse("sroi:verplichting", args=[verplichting.pk])).content.decode()
    assert 'name="soort" value="sroi_verplichting"' in html and "SROI-verantwoording als PDF" in html
    html = client_for(personas["gemeente"]).get(reverse("sroi:voortgang")).content.decode()
    assert 'name="soort" value="sroi_opdrachtnemer"' in html
    assert f'name="object_id" value="{verplichting.opdrachtnemer.pk}"' in html
    assert f"Verantwoording {verplichting.opdrachtnemer.naam} als PDF" in html
