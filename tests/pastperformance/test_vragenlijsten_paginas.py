"""The beheerders' pages of the questionnaires and the policy: content, actions by status, the forms (also bad input
through them), refusals for everyone else, and pinned query counts."""

import re

import pytest

from kring.models import AuditEvent
from pastperformance.models import Beleid, Criterium, Vragenlijst
from pastperformance.services.vragenlijsten import beleid_wijzigen
from tests.conftest import ROLLEN, client_for
from tests.factories import concept_vragenlijst, open_ronde
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

Status = Vragenlijst.Status


def vastgesteld(richting="og_on") -> Vragenlijst:
    return Vragenlijst.objects.get(richting=richting, status=Status.VASTGESTELD)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def beheerder(personas):
    return client_for(personas["beheerder"])


def formulier(vragenlijst, criteria, **anders) -> dict:
    """The edit form's POST data: `vragenlijst`'s texts (with `anders`) and `criteria` as (code, naam, volgorde,
    verwijderen) blocks, the first `len(vragenlijst.criteria)` of them being the existing ones."""
    data = {
        "naam": vragenlijst.naam,
        "toelichting": vragenlijst.toelichting,
        **{f"label_{cijfer}": tekst for cijfer, tekst in vragenlijst.labels.items()},
        **anders,
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": vragenlijst.criteria.count(),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for i, (code, naam, volgorde, weg) in enumerate(criteria):
        data |= {
            f"criteria-{i}-code": code,
            f"criteria-{i}-naam": naam,
            f"criteria-{i}-toelichting": "",
            f"criteria-{i}-volgorde": volgorde,
            f"criteria-{i}-nvt_toegestaan": "True",
        }
        if weg:
            data[f"criteria-{i}-DELETE"] = "on"
    return data


def bestaande(vragenlijst) -> list[tuple]:
    return [(c.code, c.naam, c.volgorde, False) for c in vragenlijst.criteria.order_by("volgorde")]


# --- Who may ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ROLLEN[1:5])
def test_only_beheerders_see_the_pages(personas, rol):
    concept = concept_vragenlijst("zelf_og")
    client = client_for(personas[rol])
    for url in [
        "/pastperformance/vragenlijsten/",
        f"/pastperformance/vragenlijsten/{concept.pk}/",
        "/pastperformance/beleid/",
    ]:
        assert client.get(url).status_code == 403, url
    for actie in ["nieuwe-versie", "vaststellen", "verwijderen"]:
        assert client.post(f"/pastperformance/vragenlijsten/{concept.pk}/{actie}/").status_code == 403
    assert client.post("/pastperformance/beleid/", {"minimum_n": 1}).status_code == 403
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT and not AuditEvent.objects.exists()


def test_an_unknown_version_is_404(beheerder):
    assert beheerder.get("/pastperformance/vragenlijsten/999999/").status_code == 404


# --- The overview ----------------------------------------------------------------------------------------------------


def test_the_overview_shows_the_versions_per_direction(beheerder):
    open_ronde()
    concept = concept_vragenlijst("zelf_og")
    pagina = html(beheerder.get("/pastperformance/vragenlijsten/"))
    assert "Een ronde houdt de versie waarmee ze begon." in pagina
    for kop in [
        "Opdrachtgever over opdrachtnemer",
        "Opdrachtnemer over opdrachtgever",
        "Zelfbeoordeling opdrachtgever",
        "Zelfbeoordeling opdrachtnemer",
    ]:
        assert f">{kop}</h2>" in pagina
    assert f'In bewerking: <a href="/pastperformance/vragenlijsten/{concept.pk}/">concept versie 2</a>' in pagina
    # Version 1 of og_on: vastgesteld, 6 criteria, used by the one open round's rating.
    rij = pagina[pagina.index(f'href="/pastperformance/vragenlijsten/{vastgesteld().pk}/"') :]
    rij = rij[: rij.index("</tr>")]
    assert "Vastgesteld</span>" in rij
    assert re.search(r'<td class="text-end">6</td>\s*<td class="text-end">1</td>\s*$', rij)
    assert "worden niet gebruikt om opdrachtnemers te selecteren" in pagina
    assert "Let op:" not in pagina


def test_the_overview_warns_when_established_mirrors_differ(beheerder, personas):
    concept = concept_vragenlijst("zelf_on")
    Criterium.objects.filter(vragenlijst=concept, code="veiligheid").update(code="veilig-werken")
    beheerder.post(f"/pastperformance/vragenlijsten/{concept.pk}/vaststellen/")
    pagina = html(beheerder.get("/pastperformance/vragenlijsten/"))
    assert "gebruiken niet dezelfde criteriumcodes" in pagina
    assert "Alleen in de zelfbeoordeling: veilig-werken." in pagina
    assert "Alleen in “Opdrachtgever over opdrachtnemer”: veiligheid." in pagina


def test_the_overview_costs_the_same_queries_however_many_versions(beheerder):
    volgende = iter(range(2, 100))

    def grow(n):
        for _ in range(n):
            oud = Vragenlijst.objects.create(
                richting="on_og", versie=next(volgende), naam="Oud", status=Status.VERVANGEN
            )
            Criterium.objects.create(vragenlijst=oud, code="betaling", naam="Betaling")
            open_ronde().beoordelingen.filter(richting="on_og").update(vragenlijst=oud)

    assert_queries_stable(beheerder, "/pastperformance/vragenlijsten/", expected=5, grow=grow)


# --- One version -----------------------------------------------------------------------------------------------------


def test_an_established_version_shows_its_criteria_scale_and_the_copy_button(beheerder):
    versie = vastgesteld()
    versie.toelichting = "# Vooraf\n\nLet op *houding en gedrag*.<script>alert(1)</script>"
    versie.save()
    pagina = html(beheerder.get(f"/pastperformance/vragenlijsten/{versie.pk}/"))
    assert "<h3>Vooraf</h3>" in pagina and "<em>houding en gedrag</em>" in pagina and "<script>alert" not in pagina
    assert pagina.index("Planmatig werken") < pagina.index("Oplevering en revisie")
    assert "<code>planmatig-werken</code>" in pagina
    assert '<tr><th scope="row">7</th><td>Goed: volgens verwachting</td></tr>' in pagina
    assert "Nieuwe versie maken op basis van deze" in pagina
    assert "Vaststellen</button>" not in pagina and "Bewerken</a>" not in pagina


def test_with_a_concept_the_established_version_links_to_it(beheerder):
    concept = concept_vragenlijst("og_on")
    pagina = html(beheerder.get(f"/pastperformance/vragenlijsten/{vastgesteld().pk}/"))
    assert f'er al een concept: <a href="/pastperformance/vragenlijsten/{concept.pk}/">versie 2</a>' in pagina
    assert "Nieuwe versie maken" not in pagina


def test_a_concept_offers_edit_establish_delete_and_warns_about_its_mirror(beheerder):
    concept = concept_vragenlijst("og_on")
    pagina = html(beheerder.get(f"/pastperformance/vragenlijsten/{concept.pk}/"))
    assert "Bewerken</a>" in pagina and "Vaststellen</button>" in pagina and "Concept verwijderen</button>" in pagina
    assert "De criteriumcodes komen overeen met “Zelfbeoordeling opdrachtnemer” (versie 1)" in pagina

    Criterium.objects.filter(vragenlijst=concept, code="veiligheid").update(code="gezondheid")
    pagina = html(beheerder.get(f"/pastperformance/vragenlijsten/{concept.pk}/"))
    waarschuwing = pagina.index("wijken af van die van")
    assert waarschuwing < pagina.index("Vaststellen</button>")  # before the button
    assert "Alleen in dit concept: gezondheid." in pagina
    assert "Alleen in “Zelfbeoordeling opdrachtnemer”: veiligheid." in pagina


def test_a_version_page_costs_the_same_queries_however_many_criteria(beheerder):
    concept = concept_vragenlijst("og_on")
    volgende = iter(range(100))

    def grow(n):
        for _ in range(n):
            Criterium.objects.create(vragenlijst=concept, code=f"extra-{next(volgende)}", naam="Extra", volgorde=50)

    assert_queries_stable(beheerder, f"/pastperformance/vragenlijsten/{concept.pk}/", expected=6, grow=grow)


# --- The actions -----------------------------------------------------------------------------------------------------


def test_a_new_version_opens_its_edit_page_and_a_second_goes_to_the_concept(beheerder):
    bron = vastgesteld()
    response = beheerder.post(f"/pastperformance/vragenlijsten/{bron.pk}/nieuwe-versie/", follow=True)
    concept = Vragenlijst.objects.get(richting="og_on", status=Status.CONCEPT)
    assert response.redirect_chain == [(f"/pastperformance/vragenlijsten/{concept.pk}/bewerken/", 302)]
    assert "Versie 2 is als concept aangemaakt op basis van versie 1." in html(response)

    response = beheerder.post(f"/pastperformance/vragenlijsten/{bron.pk}/nieuwe-versie/", follow=True)
    assert response.redirect_chain == [(f"/pastperformance/vragenlijsten/{concept.pk}/", 302)]
    assert "is er al een concept: versie 2. Bewerk dat concept of verwijder het eerst." in html(response)
    assert Vragenlijst.objects.filter(richting="og_on").count() == 2


def test_get_is_not_allowed_on_the_actions(beheerder):
    concept = concept_vragenlijst("og_on")
    for actie in ["nieuwe-versie", "vaststellen", "verwijderen"]:
        assert beheerder.get(f"/pastperformance/vragenlijsten/{concept.pk}/{actie}/").status_code == 405


def test_establishing_and_deleting_through_the_pages(beheerder):
    concept = concept_vragenlijst("og_on")
    response = beheerder.post(f"/pastperformance/vragenlijsten/{concept.pk}/vaststellen/", follow=True)
    assert "Versie 2 is vastgesteld: nieuwe rondes gebruiken haar. Rondes die al liepen houden hun versie." in html(
        response
    )
    assert vastgesteld().pk == concept.pk

    # Now established: deleting is refused with the reason, nothing goes.
    response = beheerder.post(f"/pastperformance/vragenlijsten/{concept.pk}/verwijderen/", follow=True)
    assert "ligt daarmee vast" in html(response) and Vragenlijst.objects.filter(pk=concept.pk).exists()

    ander = concept_vragenlijst("on_og")
    response = beheerder.post(f"/pastperformance/vragenlijsten/{ander.pk}/verwijderen/", follow=True)
    assert response.redirect_chain == [("/pastperformance/vragenlijsten/", 302)]
    assert "Het concept (versie 2) is verwijderd." in html(response)
    assert not Vragenlijst.objects.filter(pk=ander.pk).exists()


# --- Editing ---------------------------------------------------------------------------------------------------------


def test_the_edit_form_shows_the_criteria_and_empty_blocks(beheerder):
    concept = concept_vragenlijst("og_on")
    pagina = html(beheerder.get(f"/pastperformance/vragenlijsten/{concept.pk}/bewerken/"))
    assert "<legend>Criteria</legend>" in pagina and pagina.count("Nieuw criterium</legend>") == 2
    assert 'value="planmatig-werken"' in pagina and "Criterium: Planmatig werken</legend>" in pagina
    assert 'name="criteria-0-DELETE"' in pagina and 'name="criteria-6-DELETE"' not in pagina


def test_editing_through_the_form(beheerder):
    concept = concept_vragenlijst("og_on")
    criteria = bestaande(concept)
    criteria[0] = (criteria[0][0], criteria[0][1], 9, False)  # planmatig werken to the end
    criteria[5] = (*criteria[5][:3], True)  # oplevering en revisie out
    criteria += [("Duurzaamheid", "Duurzaamheid en CO2", 3, False), ("", "", "", False)]  # one new, one empty block
    response = beheerder.post(
        f"/pastperformance/vragenlijsten/{concept.pk}/bewerken/",
        formulier(concept, criteria, naam="Versie 2027", label_10="Uitstekend"),
        follow=True,
    )
    assert response.redirect_chain == [(f"/pastperformance/vragenlijsten/{concept.pk}/", 302)]
    assert "Het concept (versie 2) is opgeslagen." in html(response)
    concept.refresh_from_db()
    assert (concept.naam, concept.label_10) == ("Versie 2027", "Uitstekend")
    assert list(concept.criteria.order_by("volgorde").values_list("code", flat=True)) == [
        "proactiviteit-samenwerking",
        "deskundigheid-kwaliteit",  # volgorde 3 like the new one, and given first
        "duurzaamheid",
        "veiligheid",
        "omgevingsmanagement",
        "planmatig-werken",
    ]
    assert AuditEvent.objects.filter(actie="vragenlijst.gewijzigd").count() == 1


@pytest.mark.parametrize(
    ("aanpassen", "melding"),
    [
        (lambda c: [*c[:2], *((*x[:3], True) for x in c[2:])], "minstens 3 en hoogstens 12 criteria; deze heeft er 2"),
        (lambda c: [*c, ("veiligheid", "Nog eens", 7, False)], "deze komt vaker voor: veiligheid"),
        (lambda c: [*c, ("met spatie", "Spatie", 7, False)], "de code “met spatie” mag alleen letters"),
        (lambda c: [*c, ("nieuw", "", 7, False)], "Dit veld is verplicht."),
    ],
)
def test_bad_input_through_the_form_changes_nothing(beheerder, aanpassen, melding):
    concept = concept_vragenlijst("og_on")
    voor = list(concept.criteria.values_list("pk", "code", "volgorde"))
    response = beheerder.post(
        f"/pastperformance/vragenlijsten/{concept.pk}/bewerken/",
        formulier(concept, aanpassen(bestaande(concept)), naam="Anders"),
    )
    assert melding in html(response)
    concept.refresh_from_db()
    assert concept.naam != "Anders" and list(concept.criteria.values_list("pk", "code", "volgorde")) == voor
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("status", [Status.VASTGESTELD, Status.VERVANGEN])
def test_an_established_or_replaced_version_has_no_edit_page(beheerder, personas, status):
    versie = vastgesteld()
    if status == Status.VERVANGEN:
        beheerder.post(f"/pastperformance/vragenlijsten/{concept_vragenlijst('og_on').pk}/vaststellen/")
        versie.refresh_from_db()
    assert versie.status == status
    for verzoek in [beheerder.get, lambda url: beheerder.post(url, formulier(versie, bestaande(versie), naam="X"))]:
        response = verzoek(f"/pastperformance/vragenlijsten/{versie.pk}/bewerken/")
        assert response.status_code == 302 and response["Location"] == f"/pastperformance/vragenlijsten/{versie.pk}/"
    pagina = html(beheerder.get(f"/pastperformance/vragenlijsten/{versie.pk}/"))
    assert "ligt daarmee vast" in pagina
    versie.refresh_from_db()
    assert versie.naam != "X" and not AuditEvent.objects.filter(actie="vragenlijst.gewijzigd").exists()


def test_the_edit_page_costs_the_same_queries_however_many_criteria(beheerder):
    concept = concept_vragenlijst("og_on")
    volgende = iter(range(100))

    def grow(n):
        for _ in range(n):
            Criterium.objects.create(vragenlijst=concept, code=f"extra-{next(volgende)}", naam="Extra", volgorde=50)

    assert_queries_stable(beheerder, f"/pastperformance/vragenlijsten/{concept.pk}/bewerken/", expected=5, grow=grow)


# --- The policy ------------------------------------------------------------------------------------------------------


def beleid_formulier(**anders) -> dict:
    beleid = Beleid.huidig()
    data = {
        veld: getattr(beleid, veld)
        for veld in [
            "grondslag",
            "minimum_n",
            "venster_maanden",
            "onthulling_dagen",
            "reactie_dagen",
            "verlenging_dagen",
            "tussentijds_maanden",
            "eindronde_dagen",
        ]
    }
    return {**data, **anders}


def test_the_policy_page_explains_the_purpose_lock(beheerder):
    pagina = html(beheerder.get("/pastperformance/beleid/"))
    assert "Doelbinding: samen bijsturen, niet selecteren" in pagina
    assert "dit gebeurt echter in Dordrecht niet" in pagina
    assert 'name="gebruik_voor_selectie"' in pagina and 'name="grondslag"' in pagina
    assert "<legend>Termijnen van een ronde</legend>" in pagina


def test_switching_selection_on_without_grondslag_is_refused(beheerder):
    response = beheerder.post("/pastperformance/beleid/", beleid_formulier(gebruik_voor_selectie="on", minimum_n=5))
    pagina = html(response)
    assert "Leg de grondslag vast voordat beoordelingen bij selectie mogen meetellen" in pagina
    beleid = Beleid.huidig()
    assert (beleid.gebruik_voor_selectie, beleid.minimum_n) == (False, 3) and not AuditEvent.objects.exists()


def test_changing_the_policy_through_the_page(beheerder):
    response = beheerder.post(
        "/pastperformance/beleid/",
        beleid_formulier(gebruik_voor_selectie="on", grondslag="Besluit stuurgroep 12-3-2027.", reactie_dagen=21),
        follow=True,
    )
    assert response.redirect_chain == [("/pastperformance/beleid/", 302)]
    assert "Het beleid is opgeslagen." in html(response)
    beleid = Beleid.huidig()
    assert (beleid.gebruik_voor_selectie, beleid.reactie_dagen) == (True, 21)
    event = AuditEvent.objects.get(actie="beleid.gewijzigd")
    assert event.voor["reactie_dagen"] == 14 and event.na["reactie_dagen"] == 21


def test_a_value_out_of_range_is_refused(beheerder):
    pagina = html(beheerder.post("/pastperformance/beleid/", beleid_formulier(reactie_dagen=120)))
    assert "Zorg ervoor dat deze waarde hoogstens 90 is." in pagina and Beleid.huidig().reactie_dagen == 14


def test_the_policy_page_costs_the_same_queries_however_often_it_changed(beheerder, personas):
    teller = iter(range(1, 50))

    def grow(n):
        for _ in range(n):
            beleid_wijzigen(gegevens={"minimum_n": next(teller)}, door=personas["beheerder"])

    assert_queries_stable(beheerder, "/pastperformance/beleid/", expected=3, grow=grow)
