"""Questionnaires and the kring's policy: every service (allowed and refused, bad input changes nothing), the audit
trail, rounds keeping their version, the read-only admin and the privacy registry's past-performance sources."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

import pytest

from kring.models import AuditEvent
from kring.persoonsgegevens import persoonsgegevens_verzamelen
from pastperformance.models import Beleid, Criterium, Richting, Vragenlijst
from pastperformance.selectors.vragenlijsten import (
    spiegelverschil,
    spiegelverschillen_vastgesteld,
    vragenlijst_get,
    vragenlijsten_per_richting,
)
from pastperformance.services.vragenlijsten import (
    CriteriumGegevens,
    VragenlijstInhoud,
    beleid_wijzigen,
    vragenlijst_nieuwe_versie,
    vragenlijst_vaststellen,
    vragenlijst_verwijderen,
    vragenlijst_wijzigen,
)
from tests.conftest import client_for
from tests.factories import BeoordelingsplanFactory, concept_vragenlijst, open_ronde, vul_in

pytestmark = pytest.mark.django_db

Status = Vragenlijst.Status


def vastgesteld(richting="og_on") -> Vragenlijst:
    return Vragenlijst.objects.get(richting=richting, status=Status.VASTGESTELD)


def codes(vragenlijst) -> list[str]:
    return list(vragenlijst.criteria.order_by("volgorde").values_list("code", flat=True))


def inhoud(vragenlijst, criteria=None, **anders) -> VragenlijstInhoud:
    """The content of `vragenlijst` as it is, with `anders` changed and `criteria` (code, naam, volgorde) replacing
    its criteria when given."""
    velden = ("naam", "toelichting", "label_1", "label_4", "label_7", "label_10")
    if criteria is None:
        gegevens = [
            CriteriumGegevens(
                code=c.code,
                naam=c.naam,
                toelichting=c.toelichting,
                volgorde=c.volgorde,
                nvt_toegestaan=c.nvt_toegestaan,
            )
            for c in vragenlijst.criteria.order_by("volgorde")
        ]
    else:
        gegevens = [CriteriumGegevens(code=code, naam=naam, volgorde=volgorde) for code, naam, volgorde in criteria]
    return VragenlijstInhoud(**{**{veld: getattr(vragenlijst, veld) for veld in velden}, **anders}, criteria=gegevens)


DRIE = [("planning", "Planning", 1), ("samenwerking", "Samenwerking", 2), ("veiligheid", "Veiligheid", 3)]


# --- A new version ---------------------------------------------------------------------------------------------------


def test_a_new_version_copies_the_established_one(personas):
    bron = vastgesteld()
    bron.toelichting = "Lees eerst de *handleiding*."
    bron.save()
    nieuw = vragenlijst_nieuwe_versie(bron=bron, door=personas["beheerder"])
    assert (nieuw.richting, nieuw.versie, nieuw.status, nieuw.vastgesteld_op) == ("og_on", 2, Status.CONCEPT, None)
    assert (nieuw.naam, nieuw.toelichting, nieuw.labels) == (bron.naam, bron.toelichting, bron.labels)
    assert codes(nieuw) == codes(bron) and len(codes(nieuw)) == 6
    assert list(nieuw.criteria.values_list("volgorde", "nvt_toegestaan")) == list(
        bron.criteria.values_list("volgorde", "nvt_toegestaan")
    )
    event = AuditEvent.objects.get(actie="vragenlijst.aangemaakt")
    assert event.actor == personas["beheerder"] and event.na["gebaseerd_op_versie"] == 1
    assert [c["code"] for c in event.na["criteria"]] == codes(bron)
    bron.refresh_from_db()
    assert bron.status == Status.VASTGESTELD  # the copy changes nothing of the original


def test_only_one_concept_per_direction(personas):
    concept = concept_vragenlijst("og_on")
    with pytest.raises(ValidationError, match=f"er al een concept: versie {concept.versie}"):
        vragenlijst_nieuwe_versie(bron=vastgesteld(), door=personas["beheerder"])
    with pytest.raises(ValidationError, match="zelf een concept"):
        vragenlijst_nieuwe_versie(bron=concept, door=personas["beheerder"])
    assert Vragenlijst.objects.filter(richting="og_on").count() == 2
    # Another direction is free to get its own concept.
    assert vragenlijst_nieuwe_versie(bron=vastgesteld("on_og"), door=personas["beheerder"]).versie == 2


def test_a_replaced_version_can_be_the_basis_of_a_new_one(personas):
    eerste = vastgesteld()
    vragenlijst_vaststellen(vragenlijst=concept_vragenlijst("og_on"), door=personas["beheerder"])
    eerste.refresh_from_db()
    assert eerste.status == Status.VERVANGEN
    nieuw = vragenlijst_nieuwe_versie(bron=eerste, door=personas["beheerder"])
    assert nieuw.versie == 3 and codes(nieuw) == codes(eerste)


@pytest.mark.parametrize("rol", ["on_eigen", "gemeente", "stuurgroep"])
def test_only_beheerders_manage_questionnaires(personas, rol):
    concept = concept_vragenlijst("zelf_on")
    for poging in [
        lambda: vragenlijst_nieuwe_versie(bron=vastgesteld(), door=personas[rol]),
        lambda: vragenlijst_wijzigen(vragenlijst=concept, inhoud=inhoud(concept, naam="X"), door=personas[rol]),
        lambda: vragenlijst_vaststellen(vragenlijst=concept, door=personas[rol]),
        lambda: vragenlijst_verwijderen(vragenlijst=concept, door=personas[rol]),
        lambda: beleid_wijzigen(gegevens={"minimum_n": 5}, door=personas[rol]),
    ]:
        with pytest.raises(PermissionDenied):
            poging()
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT and Beleid.huidig().minimum_n == 3
    assert not AuditEvent.objects.exists()


# --- Editing a concept -----------------------------------------------------------------------------------------------


def test_editing_a_concept_adds_removes_and_reorders_criteria(personas):
    concept = concept_vragenlijst("og_on")
    nieuw = inhoud(
        concept,
        [("Veiligheid", " Veiligheid en gezondheid ", 5), ("duurzaamheid", "Duurzaamheid", 1), *DRIE[:2]],
        naam="Opdrachtgever beoordeelt opdrachtnemer 2027",
        toelichting="Beoordeel de **samenwerking**, niet het contract.",
        label_7="Goed",
    )
    vragenlijst_wijzigen(vragenlijst=concept, inhoud=nieuw, door=personas["beheerder"])
    concept.refresh_from_db()
    assert concept.naam == "Opdrachtgever beoordeelt opdrachtnemer 2027" and concept.label_7 == "Goed"
    # Codes in lower case; volgorde renumbered 1, 2, 3 … in the order asked (ties keep the order given).
    assert list(concept.criteria.order_by("volgorde").values_list("volgorde", "code", "naam")) == [
        (1, "duurzaamheid", "Duurzaamheid"),
        (2, "planning", "Planning"),
        (3, "samenwerking", "Samenwerking"),
        (4, "veiligheid", "Veiligheid en gezondheid"),
    ]
    event = AuditEvent.objects.get(actie="vragenlijst.gewijzigd")
    assert event.voor["naam"].endswith("(concept)") and event.na["label_7"] == "Goed"
    assert len(event.voor["criteria"]) == 6 and len(event.na["criteria"]) == 4
    assert "status" not in event.na  # only what changed


def test_saving_an_unchanged_concept_logs_nothing(personas):
    concept = concept_vragenlijst("og_on")
    vragenlijst_wijzigen(vragenlijst=concept, inhoud=inhoud(concept), door=personas["beheerder"])
    assert not AuditEvent.objects.filter(actie="vragenlijst.gewijzigd").exists()


def test_two_criteria_may_swap_codes(personas):
    concept = concept_vragenlijst("og_on")
    criteria = [(c.code, c.naam, c.volgorde) for c in concept.criteria.order_by("volgorde")]
    (code_a, naam_a, _), (code_b, naam_b, _) = criteria[:2]
    criteria[:2] = [(code_b, naam_a, 1), (code_a, naam_b, 2)]
    vragenlijst_wijzigen(vragenlijst=concept, inhoud=inhoud(concept, criteria), door=personas["beheerder"])
    assert codes(concept)[:2] == [code_b, code_a]


@pytest.mark.parametrize("status", [Status.VASTGESTELD, Status.VERVANGEN])
def test_an_established_or_replaced_version_cannot_be_edited(personas, status):
    versie = vastgesteld()
    if status == Status.VERVANGEN:
        vragenlijst_vaststellen(vragenlijst=concept_vragenlijst("og_on"), door=personas["beheerder"])
        versie.refresh_from_db()
    voor = (versie.naam, codes(versie))
    with pytest.raises(ValidationError, match="ligt daarmee vast"):
        vragenlijst_wijzigen(
            vragenlijst=versie, inhoud=inhoud(versie, DRIE, naam="Anders"), door=personas["beheerder"]
        )
    with pytest.raises(ValidationError, match="ligt daarmee vast"):
        vragenlijst_verwijderen(vragenlijst=versie, door=personas["beheerder"])
    with pytest.raises(ValidationError, match="ligt daarmee vast"):
        vragenlijst_vaststellen(vragenlijst=versie, door=personas["beheerder"])
    versie.refresh_from_db()
    assert (versie.naam, codes(versie), versie.status) == (*voor, status)
    assert not AuditEvent.objects.filter(actie__in=["vragenlijst.gewijzigd", "vragenlijst.verwijderd"]).exists()


@pytest.mark.parametrize(
    ("criteria", "anders", "melding"),
    [
        (DRIE[:2], {}, "minstens 3 en hoogstens 12 criteria; deze heeft er 2"),
        ([(f"c{i}", f"Criterium {i}", i) for i in range(13)], {}, "deze heeft er 13"),
        ([*DRIE, ("planning", "Nog eens planning", 4)], {}, "deze komt vaker voor: planning"),
        ([*DRIE, ("PLANNING", "Hoofdletters", 4)], {}, "deze komt vaker voor: planning"),
        ([*DRIE, ("met spatie", "Fout", 4)], {}, "de code “met spatie” mag alleen letters"),
        ([*DRIE, ("", "Zonder code", 4)], {}, "Criterium “Zonder code”: geef een code."),
        ([*DRIE, ("leeg", " ", 4)], {}, "Criterium “leeg”: geef een naam."),
        ([*DRIE, ("lang", "x" * 121, 4)], {}, "Criterium “" + "x" * 121),
        (DRIE, {"toelichting": "<script>alert(1)</script>"}, "script"),
        (DRIE, {"label_1": ""}, "Dit veld kan niet leeg zijn"),
    ],
)
def test_bad_input_changes_nothing(personas, criteria, anders, melding):
    concept = concept_vragenlijst("og_on")
    voor = (concept.naam, concept.toelichting, concept.label_1, list(concept.criteria.values_list("pk", "code")))
    with pytest.raises(ValidationError) as fout:
        vragenlijst_wijzigen(
            vragenlijst=concept, inhoud=inhoud(concept, criteria, naam="Nieuw", **anders), door=personas["beheerder"]
        )
    assert melding in " ".join(fout.value.messages)
    concept.refresh_from_db()
    assert (
        concept.naam,
        concept.toelichting,
        concept.label_1,
        list(concept.criteria.values_list("pk", "code")),
    ) == voor
    assert not AuditEvent.objects.exists()


def test_script_in_a_criterion_is_refused(personas):
    concept = concept_vragenlijst("og_on")
    basis = inhoud(concept, DRIE)
    link = CriteriumGegevens(code="link", naam="Link", toelichting="[klik](javascript:alert(1))")
    with pytest.raises(ValidationError, match="Criterium “Link”"):
        vragenlijst_wijzigen(
            vragenlijst=concept, inhoud=replace(basis, criteria=[*basis.criteria, link]), door=personas["beheerder"]
        )
    assert len(codes(concept)) == 6


# --- Establishing: rounds keep their version -------------------------------------------------------------------------


def test_establishing_replaces_the_previous_version_and_rounds_keep_theirs(personas):
    oud = vastgesteld()
    lopend = open_ronde()
    klaar = open_ronde()
    vul_in(klaar.beoordelingen.get(richting="og_on"))
    concept = concept_vragenlijst("og_on")
    vragenlijst_wijzigen(vragenlijst=concept, inhoud=inhoud(concept, DRIE), door=personas["beheerder"])

    vragenlijst_vaststellen(vragenlijst=concept, door=personas["beheerder"])

    concept.refresh_from_db()
    oud.refresh_from_db()
    assert (concept.status, oud.status) == (Status.VASTGESTELD, Status.VERVANGEN)
    assert concept.vastgesteld_op is not None
    # Ratings already made (a draft and a submitted one) keep the version they started with, and their scores.
    for ronde in (lopend, klaar):
        assert ronde.beoordelingen.get(richting="og_on").vragenlijst_id == oud.pk
    assert klaar.beoordelingen.get(richting="og_on").scores.count() == 6
    assert oud.criteria.count() == 6  # the old version is kept as it was
    # A round opened afterwards gets the new version; the other directions are untouched.
    nieuw = open_ronde().beoordelingen
    assert nieuw.get(richting="og_on").vragenlijst_id == concept.pk
    assert nieuw.get(richting="zelf_on").vragenlijst.versie == 1
    assert AuditEvent.objects.get(actie="vragenlijst.vastgesteld").na == {
        "status": "vastgesteld",
        "vervangt_versie": 1,
    }
    vervangen = AuditEvent.objects.get(actie="vragenlijst.vervangen")
    assert vervangen.object_id == str(oud.pk) and vervangen.na["vervangen_door_versie"] == 2


def test_establishing_checks_the_number_of_criteria(personas):
    concept = concept_vragenlijst("og_on")
    Criterium.objects.filter(vragenlijst=concept, volgorde__gt=2).delete()  # as if edited outside the portal
    with pytest.raises(ValidationError, match="deze heeft er 2"):
        vragenlijst_vaststellen(vragenlijst=concept, door=personas["beheerder"])
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT and vastgesteld().versie == 1


# --- Deleting --------------------------------------------------------------------------------------------------------


def test_deleting_an_unused_concept(personas):
    concept = concept_vragenlijst("og_on")
    vragenlijst_verwijderen(vragenlijst=concept, door=personas["beheerder"])
    assert not Vragenlijst.objects.filter(pk=concept.pk).exists()
    assert not Criterium.objects.filter(vragenlijst_id=concept.pk).exists()
    event = AuditEvent.objects.get(actie="vragenlijst.verwijderd")
    assert event.voor["versie"] == 2 and len(event.voor["criteria"]) == 6


def test_a_concept_in_use_is_neither_deleted_nor_edited(personas):
    concept = concept_vragenlijst("og_on")
    # Not a path the portal takes (rounds start on the established version), but the rule holds regardless.
    open_ronde().beoordelingen.filter(richting="og_on").update(vragenlijst=concept)
    with pytest.raises(ValidationError, match="al door 1 beoordeling"):
        vragenlijst_verwijderen(vragenlijst=concept, door=personas["beheerder"])
    with pytest.raises(ValidationError, match="al door 1 beoordeling"):
        vragenlijst_wijzigen(vragenlijst=concept, inhoud=inhoud(concept, DRIE), door=personas["beheerder"])
    assert Vragenlijst.objects.filter(pk=concept.pk).exists() and len(codes(concept)) == 6


# --- Selectors -------------------------------------------------------------------------------------------------------


def test_the_overview_counts_criteria_and_ratings_per_version(personas):
    open_ronde()
    open_ronde()
    concept_vragenlijst("zelf_og")
    overzicht = {o.richting: o for o in vragenlijsten_per_richting()}
    assert list(overzicht) == list(Richting)
    zelf_og = overzicht[Richting.ZELF_OG]
    assert [(v.versie, v.aantal_criteria, v.aantal_beoordelingen) for v in zelf_og.versies] == [(2, 6, 0), (1, 6, 2)]
    assert (zelf_og.concept.versie, zelf_og.vastgesteld.versie) == (2, 1)
    assert overzicht[Richting.OG_ON].concept is None


def test_only_beheerders_get_a_version(personas):
    with pytest.raises(Http404):
        vragenlijst_get(user=personas["gemeente"], pk=vastgesteld().pk)
    assert vragenlijst_get(user=personas["beheerder"], pk=vastgesteld().pk).aantal_beoordelingen == 0


def test_mirror_codes_are_compared_both_ways(personas):
    concept = concept_vragenlijst("zelf_on")
    concept = vragenlijst_get(user=personas["beheerder"], pk=concept.pk)
    gelijk = spiegelverschil(vragenlijst=concept)
    assert gelijk.spiegel == vastgesteld("og_on") and not gelijk.verschilt
    vragenlijst_wijzigen(vragenlijst=concept, inhoud=inhoud(concept, DRIE), door=personas["beheerder"])
    verschil = spiegelverschil(vragenlijst=vragenlijst_get(user=personas["beheerder"], pk=concept.pk))
    assert verschil.alleen_hier == ["planning", "samenwerking"]
    assert "planmatig-werken" in verschil.alleen_spiegel and "veiligheid" not in verschil.alleen_spiegel
    # From the other side: an og_on concept is compared with the established zelf_on.
    assert spiegelverschil(vragenlijst=concept_vragenlijst("og_on")).spiegel == vastgesteld("zelf_on")

    assert spiegelverschillen_vastgesteld() == []
    vragenlijst_vaststellen(vragenlijst=concept, door=personas["beheerder"])
    [na] = spiegelverschillen_vastgesteld()
    assert (na.vragenlijst.richting, na.spiegel.richting, na.alleen_hier) == ("zelf_on", "og_on", verschil.alleen_hier)


# --- The policy ------------------------------------------------------------------------------------------------------


def test_selection_needs_a_grondslag(personas):
    with pytest.raises(ValidationError) as fout:
        beleid_wijzigen(
            gegevens={"gebruik_voor_selectie": True, "grondslag": "  ", "minimum_n": 5}, door=personas["beheerder"]
        )
    assert "Leg de grondslag vast" in fout.value.message_dict["grondslag"][0]
    beleid = Beleid.huidig()
    assert (beleid.gebruik_voor_selectie, beleid.minimum_n) == (False, 3)
    assert not AuditEvent.objects.exists()


def test_changing_the_policy_is_audited_with_before_and_after(personas):
    grondslag = "Besluit stuurgroep 12 maart 2027; art. 2.100 Aw, objectief en transparant."
    beleid = beleid_wijzigen(
        gegevens={"gebruik_voor_selectie": True, "grondslag": grondslag, "minimum_n": 5, "reactie_dagen": 21},
        door=personas["beheerder"],
    )
    beleid.refresh_from_db()
    assert (beleid.gebruik_voor_selectie, beleid.grondslag, beleid.minimum_n, beleid.reactie_dagen) == (
        True,
        grondslag,
        5,
        21,
    )
    event = AuditEvent.objects.get(actie="beleid.gewijzigd")
    assert event.voor == {"gebruik_voor_selectie": False, "grondslag": "", "minimum_n": 3, "reactie_dagen": 14}
    assert event.na == {"gebruik_voor_selectie": True, "grondslag": grondslag, "minimum_n": 5, "reactie_dagen": 21}
    # The same values again: nothing to log.
    beleid_wijzigen(gegevens={"minimum_n": 5}, door=personas["beheerder"])
    assert AuditEvent.objects.filter(actie="beleid.gewijzigd").count() == 1


@pytest.mark.parametrize(
    ("gegevens", "veld"),
    [
        ({"minimum_n": 0}, "minimum_n"),
        ({"venster_maanden": 121}, "venster_maanden"),
        ({"reactie_dagen": 91}, "reactie_dagen"),
        ({"gebruik_voor_selectie": True, "grondslag": "<script>x</script>"}, "grondslag"),
    ],
)
def test_bad_policy_values_change_nothing(personas, gegevens, veld):
    with pytest.raises(ValidationError) as fout:
        beleid_wijzigen(gegevens=gegevens, door=personas["beheerder"])
    assert veld in fout.value.message_dict
    assert Beleid.huidig().minimum_n == 3
    assert not AuditEvent.objects.exists()


def test_unknown_policy_fields_are_a_programming_error(personas):
    with pytest.raises(ValueError, match="gewijzigd_op"):
        beleid_wijzigen(gegevens={"gewijzigd_op": None}, door=personas["beheerder"])


# --- Admin and privacy -----------------------------------------------------------------------------------------------


def test_the_admin_is_read_only_and_blind_before_the_reveal(personas):
    ronde = open_ronde()
    vul_in(ronde.beoordelingen.get(richting="og_on"), (3,), motivering="Geheime motivering")
    client = client_for(personas["beheerder"])
    assert "Geheime motivering" not in client.get("/admin/pastperformance/score/").content.decode()
    beoordeling = ronde.beoordelingen.get(richting="og_on")
    assert client.get(f"/admin/pastperformance/beoordeling/{beoordeling.pk}/change/").status_code == 302
    ronde.status = "onthuld"
    ronde.save()
    pagina = client.get(f"/admin/pastperformance/beoordeling/{beoordeling.pk}/change/").content.decode()
    assert "Geheime motivering" in pagina and 'name="_save"' not in pagina
    vragenlijst = client.get(f"/admin/pastperformance/vragenlijst/{vastgesteld().pk}/change/").content.decode()
    assert "planmatig-werken" in vragenlijst and 'name="_save"' not in vragenlijst
    assert client.get("/admin/pastperformance/beleid/add/").status_code == 403


def test_my_data_lists_the_ratings_i_submitted_without_scores(personas):
    plan = BeoordelingsplanFactory(opdrachtnemer=personas["on_eigen"].organisatie, beoordelaar_on=personas["on_eigen"])
    ronde = open_ronde(plan=plan)
    vul_in(ronde.beoordelingen.get(richting="on_og"), (4,), motivering="Onze mening over de gemeente")
    gegevens = persoonsgegevens_verzamelen(personas["on_eigen"])["gegevens"]
    [rij] = gegevens["pp_beoordelingen"]
    assert rij["richting"] == "on_og" and rij["beoordeelde_organisatie_naam"] == plan.project.gemeente.naam
    assert "Onze mening" not in str(rij) and "waarde" not in rij
    assert gegevens["pp_beoordelingsplannen"][0]["project_naam"] == plan.project.naam
    # The gemeente's rater is someone else: nothing of this plan is hers.
    assert persoonsgegevens_verzamelen(personas["gemeente"])["gegevens"]["pp_beoordelingen"] == []
