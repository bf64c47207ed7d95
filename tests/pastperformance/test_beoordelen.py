"""Blind rating: the service (drafts, submit, validation, lock, automatic reveal), the blindness selector and the
rating page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.defaultfilters import date as datum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from pastperformance.models import Beoordeling, Beoordelingsronde, Criterium, Richting, Score
from pastperformance.selectors.beoordelingen import (
    beoordeling_voor_invullen,
    beoordelingen_zichtbaar,
    mag_beoordeling_zien,
)
from pastperformance.services.beoordelen import ScoreInvoer, beoordeling_bewaar, veldnaam
from tests.conftest import client_for
from tests.factories import BeoordelingsplanFactory, OrganisatieFactory, UserFactory, open_ronde, vul_in
from tests.querycount import assert_queries_stable

Status = Beoordelingsronde.Status


@pytest.fixture
def plan(personas):
    """The personas' gemeente rates on_eigen's company: `gemeente` and `on_eigen` are the responsible raters."""
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        beoordelaar_og=personas["gemeente"],
        beoordelaar_on=personas["on_eigen"],
    )


@pytest.fixture
def ronde(plan):
    return open_ronde(plan=plan)


def beoordeling(ronde, richting) -> Beoordeling:
    return ronde.beoordelingen.get(richting=richting)


def criteria(b: Beoordeling) -> list[Criterium]:
    return list(b.vragenlijst.criteria.all())


def compleet(b: Beoordeling, waarde=7, **anders) -> dict[int, ScoreInvoer]:
    """Every criterion answered with `waarde` (and a motivation), except those given in `anders` by position."""
    antwoorden = {c.pk: ScoreInvoer(waarde=waarde, motivering="Goed gepland.") for c in criteria(b)}
    for positie, invoer in anders.items():
        antwoorden[criteria(b)[int(positie.removeprefix("c"))].pk] = invoer
    return antwoorden


def bewaar(b, door, scores, *, indienen=False, toelichting=""):
    return beoordeling_bewaar(
        beoordeling=b, scores=scores, algemene_toelichting=toelichting, indienen=indienen, door=door
    )


def fouten(uitzondering: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return uitzondering.value.message_dict


# --- Service: drafts --------------------------------------------------------------------------------------------------


def test_concept_bewaart_een_deel_en_blijft_concept(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    eerste = criteria(b)[0]
    bewaar(b, personas["gemeente"], {eerste.pk: ScoreInvoer(waarde=4)}, toelichting="Eerste indruk.")
    b.refresh_from_db()
    assert not b.is_ingediend and b.bijgewerkt_op is not None
    assert b.algemene_toelichting == "Eerste indruk."
    # A draft may miss the motivation and afspraak a 4 needs on submit.
    assert list(b.scores.values_list("criterium_id", "waarde", "nvt")) == [(eerste.pk, 4, False)]
    # A second draft changes the answer and keeps criteria it does not mention.
    tweede = criteria(b)[1]
    bewaar(b, personas["gemeente"], {tweede.pk: ScoreInvoer(nvt=True)})
    assert dict(b.scores.values_list("criterium_id", "nvt")) == {eerste.pk: False, tweede.pk: True}
    assert b.scores.get(criterium=eerste).waarde == 4


@pytest.mark.parametrize("waarde", [0, 11, -3, "abc", 7.5, True])
def test_concept_met_ongeldige_score_bewaart_niets(ronde, personas, waarde):
    b = beoordeling(ronde, Richting.OG_ON)
    eerste, tweede = criteria(b)[:2]
    with pytest.raises(ValidationError) as fout:
        bewaar(
            b,
            personas["gemeente"],
            {tweede.pk: ScoreInvoer(waarde=8), eerste.pk: ScoreInvoer(waarde=waarde)},
            toelichting="Wordt niet bewaard.",
        )
    assert list(fouten(fout)) == [veldnaam(eerste.pk, "waarde")]
    assert "1 tot en met 10" in fouten(fout)[veldnaam(eerste.pk, "waarde")][0]
    b.refresh_from_db()
    assert not Score.objects.exists() and b.bijgewerkt_op is None and b.algemene_toelichting == ""
    assert not AuditEvent.objects.filter(actie__startswith="beoordeling.").exists()


def test_concept_wordt_geaudit_zonder_scores_of_teksten(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    bewaar(b, personas["gemeente"], compleet(b, 3, c0=ScoreInvoer(waarde=3, motivering="GEHEIM-MOTIEF")))
    event = AuditEvent.objects.get(actie="beoordeling.concept_bewaard")
    assert event.actor == personas["gemeente"]
    assert event.na == {"ronde": ronde.pk, "richting": "og_on", "ingediend": False}
    assert "GEHEIM" not in str(event.voor) + str(event.na) + event.object_omschrijving


# --- Service: submit --------------------------------------------------------------------------------------------------


def test_indienen_maakt_compleet_en_definitief_voor_de_beoordelaar(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    scores = compleet(b, 7, c1=ScoreInvoer(nvt=True), c2=ScoreInvoer(waarde=9, motivering="Uitstekend vakwerk."))
    bewaar(b, personas["gemeente"], scores, indienen=True, toelichting="Prettige samenwerking.")
    b.refresh_from_db()
    assert b.is_ingediend and b.ingediend_door == personas["gemeente"]
    assert b.scores.count() == len(criteria(b))
    assert b.scores.get(criterium=criteria(b)[1]).nvt
    event = AuditEvent.objects.get(actie="beoordeling.ingediend")
    assert event.na == {"ronde": ronde.pk, "richting": "og_on", "ingediend": True}
    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN  # three ratings still missing


def test_indienen_geeft_alle_fouten_tegelijk(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    c = criteria(b)
    scores = {
        c[0].pk: ScoreInvoer(waarde=5, voorgestelde_afspraak="Wekelijks overleg."),  # motivation missing at 5
        c[1].pk: ScoreInvoer(waarde=9),  # motivation missing at 9
        c[2].pk: ScoreInvoer(waarde=4, motivering="Veel herstelwerk."),  # afspraak missing at 4
        c[3].pk: ScoreInvoer(),  # not answered
        c[4].pk: ScoreInvoer(waarde=6, motivering="<script>alert(1)</script>"),
        c[5].pk: ScoreInvoer(waarde=7, voorgestelde_afspraak="x" * 1001),
    }
    with pytest.raises(ValidationError) as fout:
        bewaar(b, personas["gemeente"], scores, indienen=True, toelichting="<iframe src=x></iframe>")
    gevonden = fouten(fout)
    assert gevonden[veldnaam(c[0].pk, "motivering")] == ["Motiveer een score van 5 of lager."]
    assert gevonden[veldnaam(c[1].pk, "motivering")] == ["Motiveer een score van 9 of hoger."]
    assert "Stel een afspraak voor" in gevonden[veldnaam(c[2].pk, "voorgestelde_afspraak")][0]
    assert gevonden[veldnaam(c[3].pk, "waarde")] == ["Geef een score of kies NVT."]
    assert veldnaam(c[4].pk, "motivering") in gevonden
    assert "hoogstens 1000 tekens" in gevonden[veldnaam(c[5].pk, "voorgestelde_afspraak")][0]
    assert "algemene_toelichting" in gevonden
    assert len(gevonden) == 7
    b.refresh_from_db()
    assert not b.is_ingediend and not Score.objects.exists()


def test_indienen_vult_aan_wat_een_concept_al_had(ronde, personas):
    b = beoordeling(ronde, Richting.ZELF_OG)
    bewaar(b, personas["gemeente"], compleet(b, 8))
    bewaar(b, personas["gemeente"], {}, indienen=True)
    b.refresh_from_db()
    assert b.is_ingediend and set(b.scores.values_list("waarde", flat=True)) == {8}


def test_nvt_waar_het_niet_mag_en_nvt_met_score(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    c = criteria(b)
    Criterium.objects.filter(pk=c[0].pk).update(nvt_toegestaan=False)
    b = Beoordeling.objects.get(pk=b.pk)
    with pytest.raises(ValidationError) as fout:
        bewaar(b, personas["gemeente"], {c[0].pk: ScoreInvoer(nvt=True), c[1].pk: ScoreInvoer(waarde=6, nvt=True)})
    assert "NVT kan bij dit criterium niet" in fouten(fout)[veldnaam(c[0].pk, "waarde")][0]
    assert fouten(fout)[veldnaam(c[1].pk, "waarde")] == ["Kies een score óf NVT, niet allebei."]
    with pytest.raises(ValidationError) as fout:
        bewaar(b, personas["gemeente"], {c[0].pk: ScoreInvoer()}, indienen=True)
    assert fouten(fout)[veldnaam(c[0].pk, "waarde")] == ["Geef een score van 1 tot en met 10."]


def test_onbekend_criterium(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    ander = criteria(beoordeling(ronde, Richting.ON_OG))[0]
    with pytest.raises(ValidationError) as fout:
        bewaar(b, personas["gemeente"], {ander.pk: ScoreInvoer(waarde=7)})
    assert "Laad de pagina opnieuw" in fouten(fout)["__all__"][0]
    assert not Score.objects.exists()


def test_na_indienen_op_slot(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    bewaar(b, personas["gemeente"], compleet(b), indienen=True)
    for indienen in (False, True):
        with pytest.raises(ValidationError) as fout:
            bewaar(b, personas["gemeente"], compleet(b, 3), indienen=indienen)
        assert fout.value.messages == ["Deze beoordeling is al ingediend; daarna kunt u haar niet meer wijzigen."]
    assert set(b.scores.values_list("waarde", flat=True)) == {7}


@pytest.mark.parametrize(
    ("status", "bericht"),
    [
        (Status.GEPLAND, "De ronde is nog niet open"),
        (Status.ONTHULD, "De ronde is al onthuld"),
        (Status.BESPROKEN, "De ronde is al onthuld en besproken"),
        (Status.DEFINITIEF, "Deze ronde is definitief; een correctie kan alleen als addendum."),
        (Status.VERVALLEN, "Deze ronde is vervallen"),
    ],
)
def test_alleen_in_een_open_ronde(ronde, personas, status, bericht):
    Beoordelingsronde.objects.filter(pk=ronde.pk).update(status=status)
    b = beoordeling(ronde, Richting.OG_ON)
    with pytest.raises(ValidationError) as fout:
        bewaar(b, personas["gemeente"], compleet(b))
    assert fout.value.messages[0].startswith(bericht)
    assert not Score.objects.exists()


def test_eigen_organisatie_niet_als_de_andere_partij(ronde, personas):
    # The contractor's rater tries the gemeente's rating of the contractor.
    b = beoordeling(ronde, Richting.OG_ON)
    with pytest.raises(ValidationError) as fout:
        bewaar(b, personas["on_eigen"], compleet(b, 10))
    assert fout.value.messages[0].startswith("U kunt uw eigen organisatie niet als de andere partij beoordelen")
    assert not Score.objects.exists()


@pytest.mark.parametrize("wie", ["collega", "on_ander", "beheerder"])
def test_alleen_de_verantwoordelijke_beoordelaar(ronde, personas, wie):
    door = UserFactory(organisatie=personas["gemeente"].organisatie) if wie == "collega" else personas[wie]
    b = beoordeling(ronde, Richting.ZELF_OG)
    with pytest.raises(PermissionDenied):
        bewaar(b, door, compleet(b))
    assert not Score.objects.exists()


def test_laatste_indiening_onthult_de_ronde(ronde, personas):
    for richting, door in [
        (Richting.OG_ON, personas["gemeente"]),
        (Richting.ZELF_OG, personas["gemeente"]),
        (Richting.ZELF_ON, personas["on_eigen"]),
    ]:
        b = beoordeling(ronde, richting)
        bewaar(b, door, compleet(b), indienen=True)
    ronde.refresh_from_db()
    assert ronde.status == Status.OPEN
    b = beoordeling(ronde, Richting.ON_OG)
    bewaar(
        b,
        personas["on_eigen"],
        compleet(
            b,
            4,
            **{
                f"c{i}": ScoreInvoer(waarde=4, motivering="Traag.", voorgestelde_afspraak="Sneller beslissen.")
                for i in range(6)
            },
        ),
        indienen=True,
    )
    ronde.refresh_from_db()
    assert ronde.status == Status.ONTHULD and ronde.onthuld_op is not None
    assert ronde.reactie_tot is not None and ronde.reactie_tot > timezone.localdate()


# --- Selector: the blindness rule -------------------------------------------------------------------------------------


def test_voor_de_onthulling_alleen_de_eigen_organisatie(ronde, personas):
    vul_in(beoordeling(ronde, Richting.OG_ON))
    vul_in(beoordeling(ronde, Richting.ON_OG))
    vul_in(beoordeling(ronde, Richting.ZELF_ON), indienen=False)
    ronde = Beoordelingsronde.objects.get(pk=ronde.pk)
    collega_on = UserFactory(organisatie=personas["on_eigen"].organisatie)
    zichtbaar = {
        wie: {b.richting for b in beoordelingen_zichtbaar(user=user, ronde=ronde)}
        for wie, user in [*personas.items(), ("collega_on", collega_on)]
        if user is not None
    }
    assert zichtbaar["gemeente"] == zichtbaar["stuurgroep"] == {"og_on", "zelf_og"}
    # The beheerder persona works for the gemeente: its own ratings, nothing of the contractor's.
    assert zichtbaar["beheerder"] == {"og_on", "zelf_og"}
    assert zichtbaar["on_eigen"] == zichtbaar["collega_on"] == {"on_og", "zelf_on"}  # the draft too
    assert zichtbaar["on_ander"] == set()
    ander = beoordeling(ronde, Richting.ON_OG)
    assert mag_beoordeling_zien(personas["on_eigen"], ander)
    assert not mag_beoordeling_zien(personas["gemeente"], ander)
    assert not mag_beoordeling_zien(personas["on_ander"], ander)


def test_na_de_onthulling_alles_wat_is_ingediend(ronde, personas):
    for richting in (Richting.OG_ON, Richting.ON_OG, Richting.ZELF_OG):
        vul_in(beoordeling(ronde, richting))
    vul_in(beoordeling(ronde, Richting.ZELF_ON), indienen=False)  # left as a draft when the deadline passed
    Beoordelingsronde.objects.filter(pk=ronde.pk).update(status=Status.ONTHULD, onthuld_op=timezone.now())
    ronde = Beoordelingsronde.objects.get(pk=ronde.pk)
    neutrale_beheerder = UserFactory(beheerder=True, organisatie=OrganisatieFactory(soort="overig"))
    gemeente_zicht = {b.richting for b in beoordelingen_zichtbaar(user=personas["gemeente"], ronde=ronde)}
    assert gemeente_zicht == {"og_on", "on_og", "zelf_og"}  # never the contractor's unsubmitted draft
    on_zicht = {b.richting for b in beoordelingen_zichtbaar(user=personas["on_eigen"], ronde=ronde)}
    assert on_zicht == {"og_on", "on_og", "zelf_og", "zelf_on"}
    assert {b.richting for b in beoordelingen_zichtbaar(user=neutrale_beheerder, ronde=ronde)} == gemeente_zicht
    ander = beoordeling(ronde, Richting.OG_ON)
    assert mag_beoordeling_zien(personas["on_eigen"], ander)
    assert mag_beoordeling_zien(neutrale_beheerder, ander)
    # Another contractor never, also not by id; staff of another gemeente neither.
    assert not mag_beoordeling_zien(personas["on_ander"], ander)
    assert not mag_beoordeling_zien(UserFactory(organisatie=OrganisatieFactory(gemeente=True)), ander)
    assert not mag_beoordeling_zien(personas["gemeente"], beoordeling(ronde, Richting.ZELF_ON))


def test_zichtbare_beoordelingen_in_twee_queries(ronde, personas):
    for b in ronde.beoordelingen.all():
        vul_in(b)
    Beoordelingsronde.objects.filter(pk=ronde.pk).update(status=Status.ONTHULD, onthuld_op=timezone.now())
    ronde = Beoordelingsronde.objects.get(pk=ronde.pk)
    with CaptureQueriesContext(connection) as queries:
        beoordelingen = beoordelingen_zichtbaar(user=personas["gemeente"], ronde=ronde)
        namen = [(b.beoordelaar_organisatie.naam, [s.criterium.naam for s in b.scores.all()]) for b in beoordelingen]
    assert len(queries) == 2 and len(namen) == 4 and all(len(criteria) == 6 for _, criteria in namen)


def test_invullen_alleen_voor_de_eigen_kant(ronde, personas):
    b = beoordeling_voor_invullen(user=personas["stuurgroep"], ronde=ronde, richting="og_on")
    assert b.richting == "og_on"
    for user, richting in [
        (personas["on_eigen"], "og_on"),
        (personas["on_eigen"], "zelf_og"),
        (personas["gemeente"], "on_og"),
        (personas["on_ander"], "on_og"),
        (personas["gemeente"], "onbekend"),
    ]:
        with pytest.raises(Exception) as fout:
            beoordeling_voor_invullen(user=user, ronde=ronde, richting=richting)
        assert fout.type.__name__ == "Http404"


# --- The page ---------------------------------------------------------------------------------------------------------


def url(ronde, richting):
    return reverse("pastperformance:beoordelen", kwargs={"pk": ronde.pk, "richting": richting})


def post_data(b, waarde="7", actie="concept", **anders):
    data = {"actie": actie, "algemene_toelichting": "Samen goed bezig."}
    for c in criteria(b):
        data[veldnaam(c.pk, "waarde")] = waarde
        data[veldnaam(c.pk, "motivering")] = "Zoals afgesproken."
        data[veldnaam(c.pk, "voorgestelde_afspraak")] = ""
    data.update(anders)
    return data


def test_pagina_toont_de_vragenlijst(ronde, personas):
    response = client_for(personas["on_eigen"]).get(url(ronde, "on_og"))
    assert response.status_code == 200
    html = response.content.decode()
    b = beoordeling(ronde, Richting.ON_OG)
    for c in criteria(b):
        assert c.naam in html
    assert b.vragenlijst.label_1 in html and b.vragenlijst.label_10 in html
    assert "Concept bewaren" in html and "Indienen" in html
    assert "uiterlijk op" in html and datum(ronde.onthulling_uiterlijk, "j F Y") in html
    assert "Na <strong>indienen</strong> kunt u niet meer wijzigen" in html
    c0 = criteria(b)[0]
    # 1, 4, 7 and 10 are described by their meaning, for screen readers too.
    assert f'aria-describedby="id_c{c0.pk}_waarde_betekenis_4"' in html
    assert f'id="id_c{c0.pk}_waarde_betekenis_4"' in html
    assert f"<legend>{c0.naam}</legend>" in html


def test_concept_bewaren_via_de_pagina(ronde, personas):
    b = beoordeling(ronde, Richting.ON_OG)
    client = client_for(personas["on_eigen"])
    response = client.post(url(ronde, "on_og"), post_data(b, waarde="", actie="concept"), follow=True)
    assert response.redirect_chain[-1][0] == url(ronde, "on_og")
    assert "Uw concept is bewaard" in response.content.decode()
    b.refresh_from_db()
    assert not b.is_ingediend and b.algemene_toelichting == "Samen goed bezig."


def test_indienen_via_de_pagina_met_fouten_en_foutoverzicht(ronde, personas):
    b = beoordeling(ronde, Richting.ON_OG)
    c0 = criteria(b)[0]
    data = post_data(b, actie="indienen", **{veldnaam(c0.pk, "waarde"): "3", veldnaam(c0.pk, "motivering"): ""})
    response = client_for(personas["on_eigen"]).post(url(ronde, "on_og"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="foutoverzicht"' in html
    assert f'href="#id_c{c0.pk}_motivering"' in html and "Motiveer een score van 5 of lager." in html
    assert f'href="#id_c{c0.pk}_voorgestelde_afspraak"' in html
    assert 'aria-invalid="true"' in html
    # What was typed stays on the page; nothing is saved.
    assert 'value="3" checked' in html
    assert not b.scores.exists() and not Beoordeling.objects.get(pk=b.pk).is_ingediend


def test_onzin_als_score_via_de_pagina(ronde, personas):
    b = beoordeling(ronde, Richting.ON_OG)
    c0 = criteria(b)[0]
    response = client_for(personas["on_eigen"]).post(
        url(ronde, "on_og"), post_data(b, **{veldnaam(c0.pk, "waarde"): "abc"})
    )
    assert response.status_code == 200
    assert "Kies een score van 1 tot en met 10, of NVT." in response.content.decode()
    assert not b.scores.exists()


def test_indienen_via_de_pagina(ronde, personas):
    b = beoordeling(ronde, Richting.ON_OG)
    client = client_for(personas["on_eigen"])
    response = client.post(url(ronde, "on_og"), post_data(b, actie="indienen"))
    assert response.status_code == 302 and response["Location"] == ronde.get_absolute_url()
    assert Beoordeling.objects.get(pk=b.pk).is_ingediend
    # Afterwards the page is read-only (and shows the message, as the round's page would).
    html = client.get(url(ronde, "on_og")).content.decode()
    assert "Uw beoordeling is ingediend. De andere partij ziet haar na de onthulling" in html
    assert '<form method="post" novalidate class="col-xl-10 beoordeling-form">' not in html
    assert "7 – " in html and "Ingediend" in html


def test_collega_leest_mee_maar_wijzigt_niet(ronde, personas):
    b = beoordeling(ronde, Richting.OG_ON)
    vul_in(b, (3,), indienen=False)
    client = client_for(personas["stuurgroep"])  # a colleague of the gemeente's rater
    response = client.get(url(ronde, "og_on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "U leest mee als collega" in html and personas["gemeente"].naam in html
    assert "Concept bewaren" not in html and "Zo ervaren in de uitvoering." in html
    assert client.post(url(ronde, "og_on"), post_data(b)).status_code == 403
    assert set(b.scores.values_list("waarde", flat=True)) == {3}


@pytest.mark.parametrize(
    ("wie", "richting"),
    [
        ("on_eigen", "og_on"),
        ("on_eigen", "zelf_og"),
        ("gemeente", "on_og"),
        ("gemeente", "zelf_on"),
        ("on_ander", "on_og"),
        ("on_ander", "og_on"),
        ("gemeente", "iets"),
    ],
)
def test_andere_kant_krijgt_404(ronde, personas, wie, richting):
    client = client_for(personas[wie])
    assert client.get(url(ronde, richting)).status_code == 404
    assert client.post(url(ronde, richting), {"actie": "indienen"}).status_code == 404
    assert not Score.objects.exists()


@pytest.mark.parametrize(("wie", "queries"), [("on_eigen", 5), ("collega", 6)])
def test_pagina_queries_staan_vast(ronde, personas, wie, queries):
    """User, round, rating, criteria, scores; a colleague reading along also gets the rater's name."""
    b = beoordeling(ronde, Richting.ON_OG)
    collega = UserFactory(organisatie=personas["on_eigen"].organisatie)
    client = client_for(collega if wie == "collega" else personas["on_eigen"])

    def meer_criteria(n):
        start = b.vragenlijst.criteria.count()
        for i in range(n):
            criterium = Criterium.objects.create(
                vragenlijst=b.vragenlijst,
                code=f"extra-{start + i}",
                naam=f"Extra {start + i}",
                volgorde=50 + start + i,
            )
            Score.objects.create(beoordeling=b, criterium=criterium, waarde=7, motivering="Prima.")

    assert_queries_stable(client, url(ronde, "on_og"), expected=queries, grow=meer_criteria)
