"""The writes after the reveal: bespreking, afspraken, reply and reply window, definitief (and that nothing but an
afspraak's follow-up changes after it), bezwaar with its panel and decision, addenda and lessons. Each refusal is a
Dutch message and changes nothing."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from pastperformance.models import (
    Addendum,
    Afspraak,
    Beleid,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    Reactie,
    Scoremaand,
)
from pastperformance.services.beoordelen import ScoreInvoer, beoordeling_bewaar
from pastperformance.services.bespreking import (
    AfspraakControle,
    addendum_toevoegen,
    afspraak_create,
    afspraak_update_status,
    bespreking_vastleggen,
    bezwaar_besluiten,
    bezwaar_indienen,
    bezwaar_panel_samenstellen,
    lessen_publiceren,
    reactie_geven,
    reactietermijn_verlengen,
    ronde_definitief,
)
from tests.factories import (
    BeoordelingsrondeFactory,
    OrganisatieFactory,
    UserFactory,
    onthulde_ronde,
    open_ronde,
    vul_in,
)
from tests.pastperformance.hulp_bespreking import (
    DAG,
    OG_ON,
    ON_OG,
    ZELF_ON,
    beoordeling,
    bespreek,
    maak_definitief,
    plan_voor,
    reageer,
)
from werkgroepen.models import Kennisitem

pytestmark = pytest.mark.django_db
Status = Beoordelingsronde.Status
VANDAAG = timezone.localdate


@pytest.fixture
def plan(personas):
    return plan_voor(personas)


@pytest.fixture
def ronde(plan):
    return onthulde_ronde(plan=plan)


def fouten(fout: ValidationError) -> dict:
    return fout.value.message_dict if hasattr(fout.value, "error_dict") else {"__all__": fout.value.messages}


def vastleggen(ronde, door, **kwargs):
    gegevens = {
        "datum": VANDAAG(),
        "aanwezigen": [],
        "overige_aanwezigen": "",
        "samenvatting": "Planning en veiligheid besproken.",
    }
    gegevens.update(kwargs)
    return bespreking_vastleggen(ronde=ronde, door=door, **gegevens)


def herlaad(obj):
    obj.refresh_from_db()
    return obj


# --- Bespreking -------------------------------------------------------------------------------------------------------


def test_the_bespreking_moves_a_revealed_round_to_besproken(personas, ronde):
    gemeente, on_eigen = personas["gemeente"], personas["on_eigen"]
    bespreking = vastleggen(ronde, on_eigen, aanwezigen=[gemeente, on_eigen], overige_aanwezigen="Omgevingsmanager")

    assert herlaad(ronde).status == Status.BESPROKEN
    assert set(bespreking.aanwezigen.all()) == {gemeente, on_eigen}
    assert bespreking.vastgelegd_door == on_eigen
    event = AuditEvent.objects.get(actie="ronde.besproken")
    assert event.voor["status"] == "onthuld" and event.na["status"] == "besproken"
    assert event.na["aanwezigen"] == sorted([gemeente.naam, on_eigen.naam])


def test_the_reply_window_runs_on_after_a_late_bespreking(personas, ronde):
    ronde.reactie_tot = VANDAAG() + 3 * DAG
    ronde.save()
    vastleggen(ronde, personas["gemeente"], aanwezigen=[personas["gemeente"]])
    assert herlaad(ronde).reactie_tot == VANDAAG() + Beleid.huidig().reactie_dagen * DAG


def test_an_early_bespreking_does_not_shorten_the_reply_window(personas, ronde):
    ronde.reactie_tot = VANDAAG() + 40 * DAG
    ronde.save()
    vastleggen(ronde, personas["gemeente"], aanwezigen=[personas["gemeente"]])
    assert herlaad(ronde).reactie_tot == VANDAAG() + 40 * DAG


def test_a_bespreking_with_wrong_date_people_and_no_summary_is_refused_whole(personas, ronde):
    buitenstaander = UserFactory(organisatie=OrganisatieFactory())
    with pytest.raises(ValidationError) as fout:
        vastleggen(ronde, personas["gemeente"], datum=VANDAAG() + DAG, aanwezigen=[buitenstaander], samenvatting="  ")
    berichten = fouten(fout)
    assert "toekomst" in berichten["datum"][0]
    assert buitenstaander.naam in berichten["aanwezigen"][0]
    assert "Vat samen" in berichten["samenvatting"][0]
    assert herlaad(ronde).status == Status.ONTHULD and not Bespreking.objects.exists()


def test_a_bespreking_cannot_predate_the_reveal(personas, ronde):
    with pytest.raises(ValidationError) as fout:
        vastleggen(ronde, personas["gemeente"], datum=VANDAAG() - DAG, aanwezigen=[personas["gemeente"]])
    assert "onthuld" in fouten(fout)["datum"][0]


def test_a_bespreking_names_who_was_there(personas, ronde):
    with pytest.raises(ValidationError) as fout:
        vastleggen(ronde, personas["gemeente"])
    assert fouten(fout)["aanwezigen"] == ["Vul in wie er bij de bespreking waren."]
    vastleggen(ronde, personas["gemeente"], overige_aanwezigen="Adviseur omgeving")
    assert herlaad(ronde).status == Status.BESPROKEN


def test_only_the_parties_and_beheerders_record_a_bespreking(personas, ronde):
    with pytest.raises(PermissionDenied):
        vastleggen(ronde, personas["on_ander"], overige_aanwezigen="x")
    vastleggen(ronde, personas["beheerder"], overige_aanwezigen="x")
    assert herlaad(ronde).status == Status.BESPROKEN


def test_no_bespreking_before_the_reveal(personas, plan):
    ronde = open_ronde(plan=plan)
    with pytest.raises(ValidationError) as fout:
        vastleggen(ronde, personas["gemeente"], overige_aanwezigen="x")
    assert "kan niet naar" in fout.value.messages[0]


def test_a_bespreking_is_corrected_until_definitief(personas, ronde):
    vastleggen(ronde, personas["gemeente"], overige_aanwezigen="x")
    vastleggen(ronde, personas["gemeente"], overige_aanwezigen="x", samenvatting="Aangevuld verslag.")
    assert Bespreking.objects.get().samenvatting == "Aangevuld verslag."
    event = AuditEvent.objects.get(actie="ronde.bespreking_gewijzigd")
    assert event.na == {"samenvatting": "Aangevuld verslag."}

    maak_definitief(herlaad(ronde), personas["gemeente"])
    with pytest.raises(ValidationError) as fout:
        vastleggen(ronde, personas["gemeente"], overige_aanwezigen="x", samenvatting="Te laat.")
    assert fout.value.messages == ["Deze ronde is definitief; een correctie kan alleen als addendum."]
    assert Bespreking.objects.get().samenvatting == "Aangevuld verslag."


def test_lessons_belong_to_the_eindronde(personas, plan):
    tussentijds = onthulde_ronde(plan=plan, volgnummer=1)
    with pytest.raises(ValidationError) as fout:
        vastleggen(tussentijds, personas["gemeente"], overige_aanwezigen="x", lessen="Eerder bouwteam.")
    assert "eindronde" in fouten(fout)["lessen"][0]
    eind = onthulde_ronde(plan=plan, volgnummer=2, soort="eind")
    vastleggen(eind, personas["gemeente"], overige_aanwezigen="x", lessen="Eerder bouwteam.")
    assert herlaad(eind).lessen == "Eerder bouwteam."


def test_the_bespreking_rechecks_open_afspraken_of_earlier_rounds(personas, plan):
    eerste = onthulde_ronde(plan=plan, volgnummer=1)
    afspraak = Afspraak.objects.create(
        ronde=eerste, omschrijving="Wekelijks bouwoverleg", eigenaar_organisatie=plan.opdrachtnemer, deadline=VANDAAG()
    )
    tweede = onthulde_ronde(plan=plan, volgnummer=2)
    vastleggen(
        tweede,
        personas["on_eigen"],
        overige_aanwezigen="x",
        controles={afspraak.pk: AfspraakControle(status="nagekomen", toelichting="Loopt sinds mei.")},
    )
    afspraak = herlaad(afspraak)
    assert (afspraak.status, afspraak.toelichting, afspraak.gecontroleerd_in) == (
        "nagekomen",
        "Loopt sinds mei.",
        tweede,
    )


def test_an_afspraak_of_another_plan_cannot_be_rechecked_here(personas, plan, ronde):
    elders = onthulde_ronde()
    vreemd = Afspraak.objects.create(
        ronde=elders, omschrijving="x", eigenaar_organisatie=elders.plan.opdrachtnemer, deadline=VANDAAG()
    )
    with pytest.raises(ValidationError):
        vastleggen(
            ronde, personas["gemeente"], overige_aanwezigen="x", controles={vreemd.pk: AfspraakControle("nagekomen")}
        )
    assert herlaad(vreemd).status == "open" and herlaad(ronde).status == Status.ONTHULD


# --- Afspraken --------------------------------------------------------------------------------------------------------


def maak_afspraak(ronde, door, **kwargs):
    gegevens = {
        "omschrijving": "Elke twee weken samen de planning doornemen.",
        "eigenaar_organisatie": ronde.plan.opdrachtnemer,
        "deadline": VANDAAG() + 30 * DAG,
        "criterium_code": "planmatig-werken",
    }
    gegevens.update(kwargs)
    return afspraak_create(ronde=ronde, door=door, **gegevens)


def test_an_afspraak_is_made_after_the_reveal(personas, ronde):
    afspraak = maak_afspraak(ronde, personas["gemeente"], eigenaar=personas["on_eigen"])
    assert (afspraak.status, afspraak.eigenaar, afspraak.criterium_code) == (
        "open",
        personas["on_eigen"],
        "planmatig-werken",
    )
    assert AuditEvent.objects.filter(actie="afspraak.aangemaakt").count() == 1


def test_a_wrong_afspraak_shows_every_mistake_and_saves_nothing(personas, ronde):
    with pytest.raises(ValidationError) as fout:
        maak_afspraak(
            ronde,
            personas["gemeente"],
            omschrijving="",
            eigenaar_organisatie=personas["on_ander"].organisatie,
            deadline=VANDAAG(),
            criterium_code="bestaat-niet",
        )
    assert set(fouten(fout)) == {"omschrijving", "eigenaar_organisatie", "deadline", "criterium_code"}
    with pytest.raises(ValidationError) as fout:
        maak_afspraak(ronde, personas["gemeente"], eigenaar=personas["on_ander"])
    assert "aanspreekpunt" in fouten(fout)["eigenaar"][0]
    assert not Afspraak.objects.exists()


def test_no_afspraak_before_the_reveal_after_definitief_or_by_others(personas, plan, ronde):
    with pytest.raises(ValidationError) as fout:
        maak_afspraak(open_ronde(plan=plan), personas["gemeente"])
    assert "nog niet onthuld" in fout.value.messages[0]
    with pytest.raises(PermissionDenied):
        maak_afspraak(ronde, personas["on_ander"])
    maak_definitief(ronde, personas["gemeente"])
    with pytest.raises(ValidationError) as fout:
        maak_afspraak(ronde, personas["gemeente"])
    assert fout.value.messages == ["Deze ronde is definitief; een correctie kan alleen als addendum."]
    assert not Afspraak.objects.exists()


def test_an_afspraak_is_followed_up_even_after_definitief(personas, ronde):
    afspraak = maak_afspraak(ronde, personas["gemeente"])
    maak_definitief(ronde, personas["gemeente"])
    with pytest.raises(ValidationError) as fout:
        afspraak_update_status(afspraak=afspraak, status="niet_nagekomen", toelichting="", door=personas["on_eigen"])
    assert "Licht toe" in fouten(fout)["toelichting"][0]
    afspraak_update_status(
        afspraak=afspraak, status="niet_nagekomen", toelichting="Geen capaciteit.", door=personas["on_eigen"]
    )
    assert herlaad(afspraak).status == "niet_nagekomen"
    event = AuditEvent.objects.get(actie="afspraak.status_gewijzigd")
    assert event.voor["status"] == "open" and event.na["status"] == "niet_nagekomen"
    with pytest.raises(PermissionDenied):
        afspraak_update_status(afspraak=afspraak, status="nagekomen", toelichting="", door=personas["on_ander"])


def test_an_afspraak_is_checked_only_in_a_later_revealed_round_of_its_plan(personas, plan):
    eerste = onthulde_ronde(plan=plan, volgnummer=1)
    afspraak = maak_afspraak(eerste, personas["gemeente"])
    for ronde in (eerste, BeoordelingsrondeFactory(plan=plan, volgnummer=2), onthulde_ronde()):
        with pytest.raises(ValidationError):
            afspraak_update_status(
                afspraak=afspraak,
                status="nagekomen",
                toelichting="",
                gecontroleerd_in=ronde,
                door=personas["gemeente"],
            )
    assert herlaad(afspraak).status == "open"


# --- Reactie en reactietermijn ----------------------------------------------------------------------------------------


def test_the_rated_organisation_replies_and_may_change_its_reply(personas, ronde):
    reactie = reactie_geven(
        beoordeling=beoordeling(ronde, OG_ON),
        eens=False,
        tekst="De vertraging kwam door de vergunning.",
        gesprek_gewenst=True,
        door=personas["on_eigen"],
    )
    assert (reactie.eens, reactie.gesprek_gewenst, reactie.door) == (False, True, personas["on_eigen"])
    reactie_geven(
        beoordeling=beoordeling(ronde, OG_ON), eens=True, tekst="Na overleg eens.", door=personas["on_eigen"]
    )
    assert Reactie.objects.get().tekst == "Na overleg eens."
    assert [e.actie for e in AuditEvent.objects.order_by("pk")] == ["reactie.gegeven", "reactie.gewijzigd"]


def test_only_the_rated_organisation_replies_and_never_to_a_self_rating(personas, ronde):
    with pytest.raises(PermissionDenied):
        reactie_geven(beoordeling=beoordeling(ronde, OG_ON), eens=True, tekst="x", door=personas["gemeente"])
    with pytest.raises(PermissionDenied):
        reactie_geven(beoordeling=beoordeling(ronde, ZELF_ON), eens=True, tekst="x", door=personas["on_eigen"])
    with pytest.raises(PermissionDenied):
        reactie_geven(beoordeling=beoordeling(ronde, OG_ON), eens=True, tekst="x", door=personas["on_ander"])
    reactie_geven(beoordeling=beoordeling(ronde, ON_OG), eens=True, tekst="Klopt.", door=personas["gemeente"])
    assert not Reactie.objects.exclude(beoordeling__richting=ON_OG).exists()


def test_a_reply_after_the_window_is_refused(personas, ronde):
    ronde.reactie_tot = VANDAAG() - DAG
    ronde.save()
    with pytest.raises(ValidationError) as fout:
        reactie_geven(beoordeling=beoordeling(ronde, OG_ON), eens=True, tekst="x", door=personas["on_eigen"])
    assert fout.value.messages == [f"De reactietermijn is verlopen op {ronde.reactie_tot:%d-%m-%Y}."]
    assert not Reactie.objects.exists()


def test_a_reply_on_the_last_day_counts(personas, ronde):
    ronde.reactie_tot = VANDAAG()
    ronde.save()
    reactie_geven(beoordeling=beoordeling(ronde, OG_ON), eens=True, tekst="Net op tijd.", door=personas["on_eigen"])
    assert Reactie.objects.count() == 1


def test_a_reply_needs_a_choice_and_a_text(personas, ronde):
    with pytest.raises(ValidationError) as fout:
        reactie_geven(beoordeling=beoordeling(ronde, OG_ON), eens=None, tekst=" ", door=personas["on_eigen"])
    assert set(fouten(fout)) == {"eens", "tekst"}


def test_no_reply_to_a_rating_that_was_never_submitted(personas, plan):
    ronde = open_ronde(plan=plan)
    for item in ronde.beoordelingen.exclude(richting=OG_ON):
        vul_in(item)
    vul_in(beoordeling(ronde, OG_ON), indienen=False)
    ronde.status, ronde.onthuld_op, ronde.reactie_tot = Status.ONTHULD, timezone.now(), VANDAAG() + 14 * DAG
    ronde.save()
    with pytest.raises(ValidationError) as fout:
        reactie_geven(beoordeling=beoordeling(ronde, OG_ON), eens=True, tekst="x", door=personas["on_eigen"])
    assert "niet ingediend" in fout.value.messages[0]


def test_the_reply_window_is_extended_once(personas, ronde):
    tot = ronde.reactie_tot
    reactietermijn_verlengen(ronde=ronde, door=personas["on_eigen"])
    ronde = herlaad(ronde)
    assert ronde.reactie_tot == tot + Beleid.huidig().verlenging_dagen * DAG and ronde.reactie_verlengd
    with pytest.raises(ValidationError) as fout:
        reactietermijn_verlengen(ronde=ronde, door=personas["gemeente"])
    assert "maar één keer" in fout.value.messages[0]
    assert herlaad(ronde).reactie_tot == tot + Beleid.huidig().verlenging_dagen * DAG


def test_a_closed_window_is_not_extended(personas, ronde):
    ronde.reactie_tot = VANDAAG() - DAG
    ronde.save()
    with pytest.raises(ValidationError):
        reactietermijn_verlengen(ronde=ronde, door=personas["on_eigen"])
    with pytest.raises(PermissionDenied):
        reactietermijn_verlengen(ronde=ronde, door=personas["on_ander"])
    assert not herlaad(ronde).reactie_verlengd


# --- Definitief -------------------------------------------------------------------------------------------------------


def test_definitief_waits_for_the_bespreking_and_the_replies(personas, ronde):
    gemeente = personas["gemeente"]
    with pytest.raises(ValidationError) as fout:
        ronde_definitief(ronde=ronde, door=gemeente)
    assert "bespreking" in fout.value.messages[0]
    bespreek(ronde, gemeente)
    with pytest.raises(ValidationError) as fout:
        ronde_definitief(ronde=ronde, door=gemeente)
    assert f"tot en met {ronde.reactie_tot:%d-%m-%Y}" in fout.value.messages[0]
    reageer(ronde, OG_ON, personas["on_eigen"])
    reageer(ronde, ON_OG, gemeente)
    ronde_definitief(ronde=ronde, door=gemeente)
    ronde = herlaad(ronde)
    assert ronde.status == Status.DEFINITIEF and ronde.definitief_op is not None
    assert Scoremaand.objects.filter(organisatie=ronde.plan.opdrachtnemer).exists()  # the profiles count it now
    assert AuditEvent.objects.filter(actie="ronde.definitief").count() == 1


def test_definitief_after_the_window_without_replies(personas, ronde):
    bespreek(ronde, personas["gemeente"])
    ronde.reactie_tot = VANDAAG() - DAG
    ronde.save()
    with pytest.raises(PermissionDenied):
        ronde_definitief(ronde=ronde, door=personas["on_eigen"])
    ronde_definitief(ronde=ronde, door=personas["beheerder"])
    assert herlaad(ronde).status == Status.DEFINITIEF
    with pytest.raises(ValidationError) as fout:
        ronde_definitief(ronde=ronde, door=personas["beheerder"])
    assert fout.value.messages == ["Deze ronde is al definitief."]


def test_nothing_but_an_afspraak_status_changes_after_definitief(personas, ronde):
    afspraak = maak_afspraak(ronde, personas["gemeente"])
    maak_definitief(ronde, personas["gemeente"])
    definitief = "Deze ronde is definitief; een correctie kan alleen als addendum."
    scores_voor = list(beoordeling(ronde, OG_ON).scores.values_list("waarde", flat=True))

    with pytest.raises(ValidationError) as fout:
        beoordeling_bewaar(
            beoordeling=beoordeling(ronde, OG_ON),
            scores={score.criterium_id: ScoreInvoer(waarde=9) for score in beoordeling(ronde, OG_ON).scores.all()},
            algemene_toelichting="",
            indienen=True,
            door=personas["gemeente"],
        )
    assert definitief in fout.value.messages
    with pytest.raises(ValidationError) as fout:
        reactie_geven(beoordeling=beoordeling(ronde, OG_ON), eens=True, tekst="x", door=personas["on_eigen"])
    assert fout.value.messages == [definitief]
    with pytest.raises(ValidationError) as fout:
        vastleggen(ronde, personas["gemeente"], overige_aanwezigen="x")
    assert fout.value.messages == [definitief]
    with pytest.raises(ValidationError) as fout:
        maak_afspraak(ronde, personas["gemeente"])
    assert fout.value.messages == [definitief]
    with pytest.raises(ValidationError):
        reactietermijn_verlengen(ronde=ronde, door=personas["on_eigen"])

    assert list(beoordeling(ronde, OG_ON).scores.values_list("waarde", flat=True)) == scores_voor
    assert not Reactie.objects.exists() and Afspraak.objects.count() == 1
    afspraak_update_status(afspraak=afspraak, status="nagekomen", toelichting="", door=personas["on_eigen"])
    assert herlaad(afspraak).status == "nagekomen"


# --- Bezwaar ----------------------------------------------------------------------------------------------------------


def test_a_bezwaar_waits_until_the_round_is_definitief(personas, ronde):
    with pytest.raises(ValidationError) as fout:
        bezwaar_indienen(beoordeling=beoordeling(ronde, OG_ON), gronden="Onterecht.", door=personas["on_eigen"])
    assert fout.value.messages[0].startswith("Bezwaar kan pas als de ronde definitief is")
    assert not Bezwaar.objects.exists()


def test_the_rated_organisation_files_one_running_bezwaar(personas, ronde):
    maak_definitief(ronde, personas["gemeente"])
    with pytest.raises(PermissionDenied):
        bezwaar_indienen(beoordeling=beoordeling(ronde, OG_ON), gronden="x", door=personas["gemeente"])
    with pytest.raises(PermissionDenied):
        bezwaar_indienen(beoordeling=beoordeling(ronde, ZELF_ON), gronden="x", door=personas["on_eigen"])
    with pytest.raises(ValidationError) as fout:
        bezwaar_indienen(beoordeling=beoordeling(ronde, OG_ON), gronden=" ", door=personas["on_eigen"])
    assert "gronden" in fouten(fout)
    bezwaar = bezwaar_indienen(
        beoordeling=beoordeling(ronde, OG_ON),
        gronden="De score voor planning negeert de vergunning.",
        door=personas["on_eigen"],
    )
    assert (bezwaar.status, bezwaar.organisatie) == ("ingediend", personas["on_eigen"].organisatie)
    with pytest.raises(ValidationError) as fout:
        bezwaar_indienen(beoordeling=beoordeling(ronde, OG_ON), gronden="Nog een.", door=personas["on_eigen"])
    assert "loopt al een bezwaar" in fout.value.messages[0]


@pytest.fixture
def bezwaar(personas, ronde):
    maak_definitief(ronde, personas["gemeente"])
    return bezwaar_indienen(beoordeling=beoordeling(ronde, OG_ON), gronden="Onterecht.", door=personas["on_eigen"])


@pytest.fixture
def panel(personas):
    """A manager of another member gemeente and a member of a third company: neither involved."""
    return (
        UserFactory(naam="Manager Elders", organisatie=OrganisatieFactory(gemeente=True)),
        UserFactory(naam="Kringlid Elders", organisatie=OrganisatieFactory()),
    )


def test_the_beheerder_composes_a_panel_of_two_uninvolved_people(personas, bezwaar, panel):
    with pytest.raises(PermissionDenied):
        bezwaar_panel_samenstellen(
            bezwaar=bezwaar, panel_gemeente=panel[0], panel_kring=panel[1], door=personas["gemeente"]
        )
    bezwaar = bezwaar_panel_samenstellen(
        bezwaar=bezwaar, panel_gemeente=panel[0], panel_kring=panel[1], door=personas["beheerder"]
    )
    assert (bezwaar.status, bezwaar.panel_gemeente, bezwaar.panel_kring) == ("panel", *panel)
    with pytest.raises(ValidationError):
        bezwaar_panel_samenstellen(
            bezwaar=bezwaar, panel_gemeente=panel[0], panel_kring=panel[1], door=personas["beheerder"]
        )


def test_a_colleague_of_the_project_gemeente_may_sit_on_the_panel_if_not_involved(personas, bezwaar, panel):
    collega = UserFactory(naam="Collega Zonder Rol", organisatie=personas["gemeente"].organisatie)
    bezwaar_panel_samenstellen(
        bezwaar=bezwaar, panel_gemeente=collega, panel_kring=panel[1], door=personas["beheerder"]
    )
    assert herlaad(bezwaar).panel_gemeente == collega


@pytest.mark.parametrize(
    ("wie", "veld", "tekst"),
    [
        ("rater_og", "panel_gemeente", "betrokken"),
        ("contactpersoon", "panel_gemeente", "betrokken"),
        ("aanwezig", "panel_gemeente", "betrokken"),
        ("kring_van_opdrachtnemer", "panel_kring", "partij"),
        ("kring_van_gemeente", "panel_kring", "partij"),
        ("contractor_als_gemeentelid", "panel_gemeente", "gemeente"),
        ("geblokkeerd", "panel_kring", "actief"),
        ("niet_lid", "panel_kring", "kring"),
        ("dezelfde", "panel_kring", "verschillende"),
    ],
)
def test_an_involved_or_unfit_panel_member_is_refused(personas, bezwaar, panel, wie, veld, tekst):
    plan = bezwaar.beoordeling.ronde.plan
    gemeente_lid, kring_lid = panel
    if wie == "rater_og":
        gemeente_lid = plan.beoordelaar_og
    elif wie == "contactpersoon":
        gemeente_lid = UserFactory(organisatie=plan.project.gemeente)
        plan.project.contactpersoon = gemeente_lid
        plan.project.save()
    elif wie == "aanwezig":
        gemeente_lid = UserFactory(organisatie=plan.project.gemeente)
        Bespreking.objects.get(ronde__plan=plan).aanwezigen.add(gemeente_lid)
    elif wie == "kring_van_opdrachtnemer":
        kring_lid = UserFactory(organisatie=plan.opdrachtnemer)
    elif wie == "kring_van_gemeente":
        kring_lid = UserFactory(organisatie=plan.project.gemeente)
    elif wie == "contractor_als_gemeentelid":
        gemeente_lid = UserFactory(organisatie=OrganisatieFactory())
    elif wie == "geblokkeerd":
        kring_lid.status = "geblokkeerd"
        kring_lid.save()
    elif wie == "niet_lid":
        kring_lid = UserFactory(organisatie=OrganisatieFactory(voorgesteld=True))
    elif wie == "dezelfde":
        kring_lid = gemeente_lid
    with pytest.raises(ValidationError) as fout:
        bezwaar_panel_samenstellen(
            bezwaar=bezwaar, panel_gemeente=gemeente_lid, panel_kring=kring_lid, door=personas["beheerder"]
        )
    assert tekst in fouten(fout)[veld][0]
    assert herlaad(bezwaar).status == "ingediend" and herlaad(bezwaar).panel_gemeente is None


def test_an_upheld_bezwaar_takes_the_rating_out_of_the_profiles(personas, bezwaar, panel):
    bezwaar_panel_samenstellen(
        bezwaar=bezwaar, panel_gemeente=panel[0], panel_kring=panel[1], door=personas["beheerder"]
    )
    ronde = bezwaar.beoordeling.ronde
    from pastperformance.services.profielen import samenvatting_toevoegen

    samenvatting_toevoegen(ronde=ronde)
    opdrachtnemer = ronde.plan.opdrachtnemer
    voor = sum(Scoremaand.objects.filter(organisatie=opdrachtnemer, richting=OG_ON).values_list("aantal", flat=True))
    assert voor > 0
    with pytest.raises(PermissionDenied):
        bezwaar_besluiten(bezwaar=bezwaar, besluit="gegrond", tekst="x", door=personas["beheerder"])
    with pytest.raises(ValidationError) as fout:
        bezwaar_besluiten(bezwaar=bezwaar, besluit="misschien", tekst="", door=panel[1])
    assert set(fouten(fout)) == {"besluit", "tekst"}

    bezwaar_besluiten(bezwaar=bezwaar, besluit="gegrond", tekst="De vergunning was de oorzaak.", door=panel[1])
    bezwaar = herlaad(bezwaar)
    assert (bezwaar.status, bezwaar.besluit) == ("besloten", "gegrond") and bezwaar.besloten_op
    assert not herlaad(bezwaar.beoordeling).telt_mee
    addendum = Addendum.objects.get()
    assert (addendum.bezwaar, addendum.beoordeling, addendum.tekst) == (
        bezwaar,
        bezwaar.beoordeling,
        "De vergunning was de oorzaak.",
    )
    na = sum(Scoremaand.objects.filter(organisatie=opdrachtnemer, richting=OG_ON).values_list("aantal", flat=True))
    assert na < voor


def test_an_unfounded_bezwaar_keeps_the_rating_counting(personas, bezwaar, panel):
    bezwaar_panel_samenstellen(
        bezwaar=bezwaar, panel_gemeente=panel[0], panel_kring=panel[1], door=personas["beheerder"]
    )
    bezwaar_besluiten(bezwaar=bezwaar, besluit="ongegrond", tekst="De score is goed gemotiveerd.", door=panel[0])
    assert herlaad(bezwaar.beoordeling).telt_mee and Addendum.objects.count() == 1


def test_no_decision_before_the_panel(personas, bezwaar):
    with pytest.raises(PermissionDenied):
        bezwaar_besluiten(bezwaar=bezwaar, besluit="gegrond", tekst="x", door=personas["on_eigen"])


# --- Addendum en lessen -----------------------------------------------------------------------------------------------


def test_an_addendum_only_on_a_definitief_round(personas, ronde):
    with pytest.raises(ValidationError) as fout:
        addendum_toevoegen(ronde=ronde, beoordeling=beoordeling(ronde, OG_ON), tekst="x", door=personas["gemeente"])
    assert "definitieve ronde" in fout.value.messages[0]
    assert not Addendum.objects.exists()


def test_who_adds_an_addendum(personas, ronde):
    maak_definitief(ronde, personas["gemeente"])
    og_on = beoordeling(ronde, OG_ON)
    addendum_toevoegen(ronde=ronde, beoordeling=og_on, tekst="Score veiligheid: lees 6.", door=personas["gemeente"])
    with pytest.raises(PermissionDenied):
        addendum_toevoegen(ronde=ronde, beoordeling=og_on, tekst="x", door=personas["on_eigen"])
    with pytest.raises(PermissionDenied):
        addendum_toevoegen(ronde=ronde, tekst="x", door=personas["gemeente"])
    addendum_toevoegen(ronde=ronde, tekst="Projectnaam gecorrigeerd.", door=personas["beheerder"])
    with pytest.raises(ValidationError):
        addendum_toevoegen(
            ronde=ronde, beoordeling=beoordeling(onthulde_ronde(), OG_ON), tekst="x", door=personas["beheerder"]
        )
    with pytest.raises(ValidationError):
        addendum_toevoegen(ronde=ronde, beoordeling=og_on, tekst=" ", door=personas["gemeente"])
    assert Addendum.objects.count() == 2
    assert AuditEvent.objects.filter(actie="ronde.addendum_toegevoegd").count() == 2


@pytest.fixture
def eindronde(personas, plan):
    ronde = onthulde_ronde(plan=plan, soort="eind")
    ronde.lessen = "Betrek de aannemer al bij het ontwerp van de kademuur."
    ronde.save()
    return ronde


def test_the_lessons_of_a_definitief_eindronde_go_to_the_kennisbank_once(personas, eindronde):
    with pytest.raises(ValidationError) as fout:
        lessen_publiceren(ronde=eindronde, door=personas["on_eigen"])
    assert "definitief" in fout.value.messages[0]
    maak_definitief(eindronde, personas["gemeente"])
    with pytest.raises(PermissionDenied):
        lessen_publiceren(ronde=eindronde, door=personas["on_ander"])

    kennisitem, nieuw = lessen_publiceren(ronde=eindronde, door=personas["on_eigen"])
    assert nieuw
    assert (kennisitem.soort, kennisitem.zichtbaarheid, kennisitem.project) == (
        Kennisitem.Soort.LESSON_LEARNED,
        "leden",
        eindronde.plan.project,
    )
    assert kennisitem.titel == f"Lessen uit {eindronde.plan.project.naam}"
    assert "kademuur" in kennisitem.inhoud
    assert herlaad(eindronde).kennisitem == kennisitem

    opnieuw, nieuw = lessen_publiceren(ronde=eindronde, door=personas["gemeente"])
    assert (opnieuw, nieuw) == (kennisitem, False) and Kennisitem.objects.count() == 1


def test_only_an_eindronde_with_lessons_publishes(personas, plan, ronde, eindronde):
    maak_definitief(ronde, personas["gemeente"])
    with pytest.raises(ValidationError) as fout:
        lessen_publiceren(ronde=ronde, door=personas["gemeente"])
    assert "eindronde" in fout.value.messages[0]
    eindronde.lessen = ""
    eindronde.save()
    maak_definitief(eindronde, personas["gemeente"])
    with pytest.raises(ValidationError) as fout:
        lessen_publiceren(ronde=eindronde, door=personas["gemeente"])
    assert "geen lessen" in fout.value.messages[0]
    assert not Kennisitem.objects.exists()


def test_the_beheerders_and_then_the_panel_hear_of_a_bezwaar(
    personas, ronde, panel, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kring.example"
    maak_definitief(ronde, personas["gemeente"])
    with django_capture_on_commit_callbacks(execute=True):
        bezwaar = bezwaar_indienen(beoordeling=beoordeling(ronde, OG_ON), gronden="x", door=personas["on_eigen"])
    (bericht,) = mail.outbox
    assert bericht.bcc == [personas["beheerder"].email]
    assert personas["on_eigen"].organisatie.naam in bericht.subject
    assert f"https://kring.example/pastperformance/bezwaren/{bezwaar.pk}/panel/" in bericht.body

    with django_capture_on_commit_callbacks(execute=True):
        bezwaar_panel_samenstellen(
            bezwaar=bezwaar, panel_gemeente=panel[0], panel_kring=panel[1], door=personas["beheerder"]
        )
    assert mail.outbox[1].to == [panel[0].email, panel[1].email]
    assert f"https://kring.example/pastperformance/bezwaren/{bezwaar.pk}/" in mail.outbox[1].body
    assert ronde.plan.project.naam in mail.outbox[1].body
