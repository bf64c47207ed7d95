"""The pages of the intentieovereenkomst: what each role sees, signing through the form (also crafted POSTs), the
beheerder's editing and status pages, and pinned query counts."""

import datetime

import pytest

from kring.models import AuditEvent, Intentieovereenkomst, Ondertekening
from tests.conftest import client_for
from tests.factories import (
    IntentieovereenkomstFactory,
    OndertekeningFactory,
    OrganisatieFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

Status = Intentieovereenkomst.Status


@pytest.fixture
def open_versie():
    overeenkomst = IntentieovereenkomstFactory(
        status=Status.TER_ONDERTEKENING,
        versie=3,
        titel="Intentieovereenkomst MKB kring Drechtsteden",
        ingangsdatum=datetime.date(2026, 12, 1),
        einddatum=datetime.date(2031, 11, 30),
        tekst="# Partijen\n\nDe gemeenten en de bedrijven.\n\n<script>alert('x')</script>",
    )
    werkgroep = WerkgroepFactory(naam="Duurzaamheid", slug="duurzaamheid")
    ThemadoelFactory(overeenkomst=overeenkomst, naam="Klimaat en circulariteit", volgorde=2).werkgroepen.add(werkgroep)
    ThemadoelFactory(overeenkomst=overeenkomst, naam="Continuïteit", volgorde=1)
    return overeenkomst


@pytest.fixture
def tekenaar(org_eigen):
    return UserFactory(naam="Bas Directeur", organisatie=org_eigen, is_tekenbevoegd=True)


def html(response) -> str:
    return response.content.decode()


def test_the_list_shows_versions_and_invites_to_sign(open_versie, tekenaar, personas):
    concept = ThemadoelFactory(
        overeenkomst__status=Status.CONCEPT, overeenkomst__titel="Concept voor later"
    ).overeenkomst
    pagina = html(client_for(tekenaar).get("/overeenkomst/"))
    assert "Versie 3 staat open voor ondertekening" in pagina
    assert "U bent tekenbevoegd voor Grondwerk Zwijndrecht Test B.V. en kunt deze versie" in pagina
    assert open_versie.titel in pagina and concept.titel not in pagina
    assert "Nieuwe versie schrijven" not in pagina
    beheer = html(client_for(personas["beheerder"]).get("/overeenkomst/"))
    assert concept.titel in beheer and "Nieuwe versie schrijven" in beheer


def test_an_empty_list_says_so(personas):
    assert "Er is nog geen versie van de intentieovereenkomst." in html(
        client_for(personas["on_eigen"]).get("/overeenkomst/")
    )


def test_the_detail_page(open_versie, gemeente_org, org_ander, personas):
    OndertekeningFactory(
        overeenkomst=open_versie,
        organisatie=gemeente_org,
        naam_ondertekenaar="Wethouder Dordrecht",
        functie="Wethouder",
    )
    pagina = html(client_for(personas["on_ander"]).get(open_versie.get_absolute_url()))
    assert "<h3>Partijen</h3>" in pagina and "<script>alert" not in pagina  # sanitised, under the page's <h2>
    assert pagina.index("1. Continuïteit") < pagina.index("2. Klimaat en circulariteit")
    assert '<a href="/werkgroepen/duurzaamheid/">Duurzaamheid</a>' in pagina
    assert "1 van de 3 gemeenten en opdrachtnemers in de kring" in pagina
    assert "Wethouder Dordrecht" in pagina and ">Nog niet ondertekend</caption>" in pagina
    assert org_ander.naam in pagina
    assert "PDF maken" in pagina  # the report pipeline's button
    assert "Ondertekenen namens" not in pagina  # not tekenbevoegd
    assert "Beheer" not in pagina


def test_the_signing_form_is_shown_only_to_who_may_sign_now(open_versie, tekenaar, org_eigen):
    client = client_for(tekenaar)
    assert "Ondertekenen namens Grondwerk Zwijndrecht Test B.V." in html(client.get(open_versie.get_absolute_url()))
    OndertekeningFactory(overeenkomst=open_versie, organisatie=org_eigen, naam_ondertekenaar="Evi Directeur")
    pagina = html(client.get(open_versie.get_absolute_url()))
    assert "Ondertekenen namens" not in pagina
    assert "Grondwerk Zwijndrecht Test B.V. heeft deze versie ondertekend: Evi Directeur" in pagina


def test_signing_through_the_page(open_versie, tekenaar, org_eigen):
    response = client_for(tekenaar).post(
        f"/overeenkomst/{open_versie.pk}/ondertekenen/", {"functie": "Directeur", "bevestiging": "on"}, follow=True
    )
    assert "Versie 3 is ondertekend namens Grondwerk Zwijndrecht Test B.V.; dank u wel." in html(response)
    ondertekening = Ondertekening.objects.get()
    assert (ondertekening.organisatie, ondertekening.naam_ondertekenaar, ondertekening.functie) == (
        org_eigen,
        "Bas Directeur",
        "Directeur",
    )


def test_a_crafted_post_cannot_choose_another_organisation(open_versie, tekenaar, org_eigen, org_ander):
    client_for(tekenaar).post(
        f"/overeenkomst/{open_versie.pk}/ondertekenen/",
        {"functie": "Directeur", "bevestiging": "on", "organisatie": org_ander.pk, "organisatie_id": org_ander.pk},
    )
    assert list(Ondertekening.objects.values_list("organisatie", flat=True)) == [org_eigen.pk]


def test_signing_without_confirmation_shows_the_errors_and_stores_nothing(open_versie, tekenaar):
    response = client_for(tekenaar).post(f"/overeenkomst/{open_versie.pk}/ondertekenen/", {"functie": ""})
    assert response.status_code == 200
    assert html(response).count("Dit veld is verplicht.") == 2
    assert not Ondertekening.objects.exists()


def test_signing_twice_through_the_page_gives_a_dutch_message(open_versie, tekenaar):
    client = client_for(tekenaar)
    url = f"/overeenkomst/{open_versie.pk}/ondertekenen/"
    client.post(url, {"functie": "Directeur", "bevestiging": "on"})
    response = client.post(url, {"functie": "Directeur", "bevestiging": "on"}, follow=True)
    assert "Grondwerk Zwijndrecht Test B.V. heeft versie 3 al ondertekend (door Bas Directeur op" in html(response)
    assert Ondertekening.objects.count() == 1


def test_someone_not_entitled_gets_the_reason(open_versie, personas):
    response = client_for(personas["on_eigen"]).post(
        f"/overeenkomst/{open_versie.pk}/ondertekenen/", {"functie": "Uitvoerder", "bevestiging": "on"}, follow=True
    )
    assert "dat kan alleen een tekenbevoegde medewerker" in html(response)
    response = client_for(personas["on_eigen"]).post(f"/overeenkomst/{open_versie.pk}/ondertekenen/", follow=True)
    assert "U kunt versie 3 nu niet ondertekenen." in html(response)
    assert not Ondertekening.objects.exists()


def test_signing_a_version_that_is_not_open(tekenaar):
    gesloten = ThemadoelFactory(overeenkomst__status=Status.VAN_KRACHT).overeenkomst
    response = client_for(tekenaar).post(
        f"/overeenkomst/{gesloten.pk}/ondertekenen/", {"functie": "Directeur", "bevestiging": "on"}, follow=True
    )
    assert f"Versie {gesloten.versie} staat niet open voor ondertekening (status: van kracht)." in html(response)
    concept = ThemadoelFactory(overeenkomst__status=Status.CONCEPT).overeenkomst
    assert client_for(tekenaar).post(f"/overeenkomst/{concept.pk}/ondertekenen/").status_code == 404
    assert not Ondertekening.objects.exists()


# --- Beheer ----------------------------------------------------------------------------------------------------------


def formulier(werkgroep=None, **overrides) -> dict:
    data = {
        "titel": "Intentieovereenkomst MKB kring Drechtsteden",
        "versie": "4",
        "ingangsdatum": "2027-01-01",
        "einddatum": "2031-12-31",
        "tekst": "# Partijen\n\nDe gemeenten en de bedrijven.",
        "themadoelen-TOTAL_FORMS": "2",
        "themadoelen-INITIAL_FORMS": "0",
        "themadoelen-MIN_NUM_FORMS": "0",
        "themadoelen-MAX_NUM_FORMS": "1000",
        "themadoelen-0-naam": "Continuïteit",
        "themadoelen-0-omschrijving": "Gelijkmatig werk over het jaar.",
        "themadoelen-0-volgorde": "1",
        "themadoelen-1-naam": "",
        "themadoelen-1-omschrijving": "",
        "themadoelen-1-volgorde": "0",
    }
    if werkgroep is not None:
        data["themadoelen-0-werkgroepen"] = [str(werkgroep.pk)]
    data.update(overrides)
    return data


def test_a_beheerder_writes_a_new_version(personas):
    werkgroep = WerkgroepFactory(naam="Continuïteit")
    client = client_for(personas["beheerder"])
    pagina = html(client.get("/overeenkomst/nieuw/"))
    assert 'name="versie" value="1"' in pagina and 'name="status"' not in pagina
    response = client.post("/overeenkomst/nieuw/", formulier(werkgroep, status="van_kracht"))
    overeenkomst = Intentieovereenkomst.objects.get()
    assert response.status_code == 302 and response["Location"] == overeenkomst.get_absolute_url()
    assert overeenkomst.status == Status.CONCEPT  # a status in the POST is ignored
    doel = overeenkomst.themadoelen.get()
    assert doel.naam == "Continuïteit" and list(doel.werkgroepen.all()) == [werkgroep]
    assert AuditEvent.objects.filter(actie="overeenkomst.aangemaakt", actor=personas["beheerder"]).exists()


def test_errors_show_on_the_form_and_nothing_is_saved(personas):
    response = client_for(personas["beheerder"]).post(
        "/overeenkomst/nieuw/",
        formulier(einddatum="2026-01-01", **{"themadoelen-1-naam": "continuïteit", "themadoelen-1-volgorde": "2"}),
    )
    assert response.status_code == 200
    pagina = html(response)
    assert "De einddatum moet na de ingangsdatum liggen." in pagina
    assert "Voorwaarde" not in pagina  # no database jargon next to the clear message
    assert not Intentieovereenkomst.objects.exists()


def test_duplicate_themadoel_names_are_refused_by_the_service(personas):
    response = client_for(personas["beheerder"]).post(
        "/overeenkomst/nieuw/", formulier(**{"themadoelen-1-naam": "continuïteit ", "themadoelen-1-volgorde": "2"})
    )
    assert response.status_code == 200
    assert "Elk themadoel heeft een eigen naam nodig" in html(response)
    assert not Intentieovereenkomst.objects.exists()


def test_a_beheerder_edits_a_concept_and_removes_a_themadoel(personas):
    concept = IntentieovereenkomstFactory(status=Status.CONCEPT, versie=4)
    blijft = ThemadoelFactory(overeenkomst=concept, naam="Blijft")
    weg = ThemadoelFactory(overeenkomst=concept, naam="Weg")
    client = client_for(personas["beheerder"])
    assert "Versie 4 bewerken" in html(client.get(f"/overeenkomst/{concept.pk}/bewerken/"))
    data = formulier(
        titel="Nieuwe titel",
        **{
            "themadoelen-TOTAL_FORMS": "3",
            "themadoelen-INITIAL_FORMS": "2",
            "themadoelen-0-id": str(blijft.pk),
            "themadoelen-0-overeenkomst": str(concept.pk),
            "themadoelen-0-naam": "Blijft, hernoemd",
            "themadoelen-1-id": str(weg.pk),
            "themadoelen-1-overeenkomst": str(concept.pk),
            "themadoelen-1-naam": "Weg",
            "themadoelen-1-volgorde": "2",
            "themadoelen-1-DELETE": "on",
            "themadoelen-2-naam": "Nieuw doel",
            "themadoelen-2-volgorde": "3",
        },
    )
    response = client.post(f"/overeenkomst/{concept.pk}/bewerken/", data)
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.titel == "Nieuwe titel"
    assert list(concept.themadoelen.values_list("naam", flat=True)) == ["Blijft, hernoemd", "Nieuw doel"]


def test_a_version_that_is_not_a_concept_cannot_be_edited_or_deleted(open_versie, personas):
    client = client_for(personas["beheerder"])
    for pad in ["bewerken", "verwijderen"]:
        response = client.post(f"/overeenkomst/{open_versie.pk}/{pad}/", formulier(titel="Stiekem"), follow=True)
        assert "Versie 3 ligt vast. Maak een nieuwe versie om iets te veranderen." in html(response)
    open_versie.refresh_from_db()
    assert open_versie.titel != "Stiekem"


def test_a_beheerder_deletes_a_concept(personas):
    concept = ThemadoelFactory(overeenkomst__status=Status.CONCEPT).overeenkomst
    client = client_for(personas["beheerder"])
    assert "Concept verwijderen" in html(client.get(f"/overeenkomst/{concept.pk}/verwijderen/"))
    response = client.post(f"/overeenkomst/{concept.pk}/verwijderen/")
    assert response.status_code == 302 and response["Location"] == "/overeenkomst/"
    assert not Intentieovereenkomst.objects.exists()


def test_a_new_version_on_the_basis_of_this_one(open_versie, personas):
    response = client_for(personas["beheerder"]).post(f"/overeenkomst/{open_versie.pk}/nieuwe-versie/", follow=True)
    nieuw = Intentieovereenkomst.objects.get(versie=4)
    assert response.redirect_chain[-1][0] == f"/overeenkomst/{nieuw.pk}/bewerken/"
    assert "Versie 4 is als concept aangemaakt op basis van versie 3." in html(response)
    assert nieuw.themadoelen.count() == 2


def test_the_beheerder_sees_the_allowed_status_changes(open_versie, personas):
    pagina = html(client_for(personas["beheerder"]).get(open_versie.get_absolute_url()))
    assert f'href="/overeenkomst/{open_versie.pk}/status/van_kracht/">Ondertekening sluiten' in pagina
    assert "Ondertekening openen" not in pagina and "Laten verlopen" not in pagina
    assert "/bewerken/" not in pagina


def test_closing_signing_through_the_confirmation_page(open_versie, personas, gemeente_org):
    OndertekeningFactory(overeenkomst=open_versie, organisatie=gemeente_org)
    oud = ThemadoelFactory(
        overeenkomst__status=Status.VAN_KRACHT,
        overeenkomst__versie=2,
        overeenkomst__ingangsdatum=datetime.date(2021, 12, 1),
        overeenkomst__einddatum=datetime.date(2026, 12, 31),
    ).overeenkomst
    ThemadoelFactory(
        overeenkomst__status=Status.VAN_KRACHT,
        overeenkomst__versie=5,
        overeenkomst__ingangsdatum=datetime.date(2027, 1, 1),
        overeenkomst__einddatum=datetime.date(2028, 1, 1),
    )
    client = client_for(personas["beheerder"])
    url = f"/overeenkomst/{open_versie.pk}/status/van_kracht/"
    pagina = html(client.get(url))
    assert "gaat van <strong>ter ondertekening</strong> naar <strong>van kracht</strong>" in pagina
    assert "1 van de 3 gemeenten en opdrachtnemers hebben ondertekend" in pagina
    assert "Versie 2</a>" in pagina and "Versie 5</a>" in pagina  # both overlap 2026–2031
    response = client.post(url, follow=True)
    assert "Versie 3 is nu van kracht." in html(response)
    open_versie.refresh_from_db()
    oud.refresh_from_db()
    assert (open_versie.status, oud.status) == (Status.VAN_KRACHT, Status.VERLOPEN)


def test_a_refused_status_change_shows_why_and_changes_nothing(open_versie, personas):
    response = client_for(personas["beheerder"]).post(f"/overeenkomst/{open_versie.pk}/status/van_kracht/")
    assert response.status_code == 200
    assert "Nog geen enkele organisatie heeft ondertekend" in html(response)
    open_versie.refresh_from_db()
    assert open_versie.status == Status.TER_ONDERTEKENING


def test_a_status_change_that_is_not_possible_from_here(open_versie, personas):
    for naar in ["verlopen", "bestaat-niet"]:
        response = client_for(personas["beheerder"]).post(
            f"/overeenkomst/{open_versie.pk}/status/{naar}/", follow=True
        )
        assert "Versie 3 heeft status ter ondertekening; die stap kan nu niet." in html(response)
    open_versie.refresh_from_db()
    assert open_versie.status == Status.TER_ONDERTEKENING


# --- Query counts ----------------------------------------------------------------------------------------------------


def meer_versies(n):
    for _ in range(n):
        ThemadoelFactory.create_batch(
            2, overeenkomst=OndertekeningFactory(overeenkomst__status=Status.VERLOPEN).overeenkomst
        )


def meer_deelnemers(overeenkomst):
    def grow(n):
        for _ in range(n):
            doel = ThemadoelFactory(overeenkomst=overeenkomst)
            doel.werkgroepen.add(WerkgroepFactory(), WerkgroepFactory())
            OndertekeningFactory(overeenkomst=overeenkomst)
            UserFactory(organisatie=OrganisatieFactory(), is_tekenbevoegd=True)  # a member that has not signed

    return grow


def test_query_count_list(open_versie, tekenaar):
    # session user, page of versions, count, the open version, tekengerechtigd (membership), already signed
    assert_queries_stable(client_for(tekenaar), "/overeenkomst/", expected=6, grow=meer_versies)


@pytest.mark.parametrize(("rol", "expected"), [("tekenaar", 8), ("beheerder", 7)])
def test_query_count_detail(open_versie, tekenaar, personas, rol, expected):
    # user, version, themadoelen, werkgroepen, signatures, not signed; the tekenaar's entitlement (membership, already
    # signed) or the beheerder's second-factor check
    user = tekenaar if rol == "tekenaar" else personas["beheerder"]
    assert_queries_stable(
        client_for(user), open_versie.get_absolute_url(), expected=expected, grow=meer_deelnemers(open_versie)
    )


def test_query_count_edit_page(personas):
    concept = ThemadoelFactory(overeenkomst__status=Status.CONCEPT).overeenkomst

    def grow(n):
        for _ in range(n):
            ThemadoelFactory(overeenkomst=concept).werkgroepen.add(WerkgroepFactory())

    # user, second factor, version with themadoelen and werkgroepen (3), the formset's themadoelen and werkgroepen,
    # the werkgroep choices (once for all forms)
    assert_queries_stable(
        client_for(personas["beheerder"]), f"/overeenkomst/{concept.pk}/bewerken/", expected=8, grow=grow
    )


def test_query_count_new_and_delete_and_status_pages(personas):
    concept = ThemadoelFactory(overeenkomst__status=Status.CONCEPT).overeenkomst
    client = client_for(personas["beheerder"])
    assert_queries_stable(client, "/overeenkomst/nieuw/", expected=4, grow=lambda n: WerkgroepFactory.create_batch(n))
    assert_queries_stable(
        client,
        f"/overeenkomst/{concept.pk}/verwijderen/",
        expected=5,
        grow=lambda n: ThemadoelFactory.create_batch(n, overeenkomst=concept),
    )
    open_versie = ThemadoelFactory(overeenkomst__status=Status.TER_ONDERTEKENING).overeenkomst
    assert_queries_stable(
        client,
        f"/overeenkomst/{open_versie.pk}/status/van_kracht/",
        expected=8,
        grow=meer_deelnemers(open_versie),
    )


def test_werkgroepen_added_later_appear_in_the_choices(personas):
    client = client_for(personas["beheerder"])
    client.get("/overeenkomst/nieuw/")
    WerkgroepFactory(naam="Omgevingsmanagement")
    assert "Omgevingsmanagement" in html(client.get("/overeenkomst/nieuw/"))
