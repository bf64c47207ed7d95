"""The uitvoeringsagenda's services and rules: who may plan and change activities, the status flow, the deadline
check, progress notes, `gewijzigd_op` (what meetings list as changed) and the audit log."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from kring.persoonsgegevens import persoonsgegevens_verzamelen
from tests.factories import (
    ActiviteitFactory,
    LidmaatschapFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)
from werkgroepen.models import Activiteit, Voortgangsnotitie
from werkgroepen.permissions import (
    mag_activiteit_aanmaken,
    mag_activiteit_bewerken,
    mag_activiteiten_aanmaken,
    mag_agenda_zien,
)
from werkgroepen.selectors.agenda import activiteiten_gewijzigd_sinds
from werkgroepen.services.agenda import (
    OVERGANGEN,
    ActiviteitGegevens,
    activiteit_create,
    activiteit_set_status,
    activiteit_update,
    overgangen_vanuit,
    voortgangsnotitie_create,
)

pytestmark = pytest.mark.django_db

Status = Activiteit.Status
VANDAAG = timezone.localdate


@pytest.fixture
def werkgroep(personas):
    """A werkgroep in which on_eigen is a running member."""
    return LidmaatschapFactory(gebruiker=personas["on_eigen"]).werkgroep


@pytest.fixture
def huidig_doel(db):
    """A themadoel of the current intentieovereenkomst (the one van kracht)."""
    return ThemadoelFactory(naam="Continuïteit in opdrachtverlening")


def gegevens(werkgroep, **anders) -> ActiviteitGegevens:
    standaard = {
        "titel": "Pilot past performance Visbrug",
        "werkgroep": werkgroep,
        "startdatum": VANDAAG(),
        "deadline": VANDAAG() + datetime.timedelta(days=90),
        "omschrijving": "Eerst **samen** de criteria kiezen.",
        "budget": 4500,
    }
    return ActiviteitGegevens(**{**standaard, **anders})


def zoals(activiteit: Activiteit, **anders) -> ActiviteitGegevens:
    """What the form would send for `activiteit` unchanged, with `anders` changed."""
    return ActiviteitGegevens(
        **{
            "titel": activiteit.titel,
            "werkgroep": activiteit.werkgroep,
            "startdatum": activiteit.startdatum,
            "deadline": activiteit.deadline,
            "omschrijving": activiteit.omschrijving,
            "budget": activiteit.budget,
            "initiatiefnemer": activiteit.initiatiefnemer,
            **anders,
        }
    )


def acties(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(obj.pk), actie__startswith="activiteit.")
        .values_list("actie", flat=True)
        .order_by("pk")
    )


# --- Rules -----------------------------------------------------------------------------------------------------------


def test_every_member_reads_the_agenda(personas):
    assert not mag_agenda_zien(AnonymousUser())
    for rol in ["on_eigen", "on_ander", "gemeente", "stuurgroep", "beheerder"]:
        assert mag_agenda_zien(personas[rol]), rol
    assert not mag_agenda_zien(UserFactory(aangevraagd=True))


def test_members_of_the_werkgroep_and_beheerders_plan(personas, werkgroep):
    assert mag_activiteit_aanmaken(personas["on_eigen"], werkgroep)
    assert mag_activiteit_aanmaken(personas["beheerder"], werkgroep)
    for rol in ["on_ander", "gemeente", "stuurgroep"]:
        assert not mag_activiteit_aanmaken(personas[rol], werkgroep), rol
        assert not mag_activiteiten_aanmaken(personas[rol]), rol
    assert mag_activiteiten_aanmaken(personas["on_eigen"]) and mag_activiteiten_aanmaken(personas["beheerder"])


def test_an_ended_membership_no_longer_counts(personas):
    oud = LidmaatschapFactory(
        gebruiker=personas["on_ander"], van=datetime.date(2020, 1, 1), tot=VANDAAG() - datetime.timedelta(days=1)
    )
    assert not mag_activiteit_aanmaken(personas["on_ander"], oud.werkgroep)
    assert not mag_activiteiten_aanmaken(personas["on_ander"])


def test_initiatiefnemer_and_team_edit_without_being_in_the_werkgroep(personas, werkgroep):
    activiteit = ActiviteitFactory(
        werkgroep=werkgroep, initiatiefnemer=personas["gemeente"], team=[personas["on_ander"]]
    )
    for rol in ["on_eigen", "gemeente", "on_ander", "beheerder"]:
        assert mag_activiteit_bewerken(personas[rol], activiteit), rol
    assert not mag_activiteit_bewerken(personas["stuurgroep"], activiteit)


def test_a_blocked_member_changes_nothing(personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep, initiatiefnemer=personas["on_eigen"])
    personas["on_eigen"].status = "geblokkeerd"
    assert not mag_activiteit_bewerken(personas["on_eigen"], activiteit)
    assert not mag_activiteit_aanmaken(personas["on_eigen"], werkgroep)


# --- Creating and changing -------------------------------------------------------------------------------------------


def test_create_plans_an_activity_and_audits_it(personas, werkgroep, huidig_doel):
    voor = timezone.now()
    activiteit = activiteit_create(
        gegevens=gegevens(
            werkgroep,
            themadoel=huidig_doel,
            initiatiefnemer=personas["on_eigen"],
            team=[personas["gemeente"], personas["on_ander"]],
        ),
        door=personas["on_eigen"],
    )
    activiteit.refresh_from_db()
    assert activiteit.status == Status.GEPLAND
    assert activiteit.gewijzigd_op >= voor
    assert set(activiteit.team.all()) == {personas["gemeente"], personas["on_ander"]}
    event = AuditEvent.objects.get(actie="activiteit.aangemaakt")
    assert event.actor == personas["on_eigen"]
    assert event.na["themadoel"] == huidig_doel.naam
    assert event.na["team"] == sorted([personas["gemeente"].naam, personas["on_ander"].naam])
    assert event.na["budget"] == "4500.00"


def test_outsiders_cannot_plan_for_a_werkgroep(personas, werkgroep):
    with pytest.raises(PermissionDenied):
        activiteit_create(gegevens=gegevens(werkgroep), door=personas["on_ander"])
    assert not Activiteit.objects.exists()


@pytest.mark.parametrize(
    ("anders", "veld", "tekst"),
    [
        (
            {"startdatum": datetime.date(2026, 6, 1), "deadline": datetime.date(2026, 5, 31)},
            "deadline",
            "De deadline ligt vóór de startdatum",
        ),
        ({"omschrijving": "Zie <script>alert(1)</script>"}, "omschrijving", "HTML die een script kan uitvoeren"),
        ({"omschrijving": '<img src=x onerror="alert(1)">'}, "omschrijving", "HTML die een script kan uitvoeren"),
        ({"omschrijving": "[klik](javascript:alert(1))"}, "omschrijving", "HTML die een script kan uitvoeren"),
        ({"titel": "Plan <iframe src=x></iframe>"}, "titel", "HTML die een script kan uitvoeren"),
        ({"titel": "  "}, "titel", "Dit veld kan niet leeg zijn"),
        ({"budget": -1}, "budget", "minstens 0"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(personas, werkgroep, anders, veld, tekst):
    with pytest.raises(ValidationError) as fout:
        activiteit_create(gegevens=gegevens(werkgroep, **anders), door=personas["on_eigen"])
    assert tekst in " ".join(fout.value.message_dict[veld])
    assert not Activiteit.objects.exists()
    assert not AuditEvent.objects.filter(actie__startswith="activiteit.").exists()


def test_a_closed_werkgroep_takes_no_new_activities(personas):
    gesloten = WerkgroepFactory(naam="Oude werkgroep", gesloten_op=datetime.date(2025, 12, 31))
    with pytest.raises(ValidationError) as fout:
        activiteit_create(gegevens=gegevens(gesloten), door=personas["beheerder"])
    assert fout.value.message_dict["werkgroep"] == [
        "Werkgroep Oude werkgroep is gesloten; er kunnen geen activiteiten meer bij."
    ]
    assert not Activiteit.objects.exists()


def test_a_themadoel_of_an_old_agreement_is_refused_unless_it_was_already_chosen(personas, werkgroep, huidig_doel):
    oud_doel = ThemadoelFactory(overeenkomst__status="verlopen", naam="Wederzijds beoordelen")
    with pytest.raises(ValidationError) as fout:
        activiteit_create(gegevens=gegevens(werkgroep, themadoel=oud_doel), door=personas["on_eigen"])
    assert "huidige intentieovereenkomst" in fout.value.message_dict["themadoel"][0]
    # An activity from before the new agreement keeps its themadoel when it is edited.
    activiteit = ActiviteitFactory(werkgroep=werkgroep, themadoel=oud_doel)
    activiteit_update(
        activiteit=activiteit, gegevens=gegevens(werkgroep, themadoel=oud_doel), door=personas["on_eigen"]
    )
    assert Activiteit.objects.get(pk=activiteit.pk).themadoel == oud_doel


def test_update_audits_what_changed_and_only_a_new_deadline_counts_as_a_change(personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep, titel="Oud", deadline=VANDAAG() + datetime.timedelta(days=10))
    Activiteit.objects.filter(pk=activiteit.pk).update(gewijzigd_op=timezone.now() - datetime.timedelta(days=30))
    ervoor = Activiteit.objects.get(pk=activiteit.pk).gewijzigd_op

    nieuw = zoals(activiteit, titel="Nieuw")
    activiteit_update(activiteit=activiteit, gegevens=nieuw, door=personas["on_eigen"])
    activiteit.refresh_from_db()
    assert activiteit.titel == "Nieuw" and activiteit.gewijzigd_op == ervoor
    event = AuditEvent.objects.get(actie="activiteit.gewijzigd")
    assert event.voor == {"titel": "Oud"} and event.na == {"titel": "Nieuw"}

    later = activiteit.deadline + datetime.timedelta(days=14)
    activiteit_update(
        activiteit=activiteit,
        gegevens=zoals(activiteit, deadline=later),
        door=personas["on_eigen"],
    )
    activiteit.refresh_from_db()
    assert activiteit.deadline == later and activiteit.gewijzigd_op > ervoor


def test_saving_without_changes_logs_nothing(personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep)
    activiteit_update(activiteit=activiteit, gegevens=zoals(activiteit), door=personas["on_eigen"])
    assert not AuditEvent.objects.filter(actie="activiteit.gewijzigd").exists()


def test_moving_an_activity_needs_a_membership_of_the_new_werkgroep(personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep)
    elders = WerkgroepFactory()
    with pytest.raises(ValidationError) as fout:
        activiteit_update(activiteit=activiteit, gegevens=gegevens(elders), door=personas["on_eigen"])
    assert "waarvan u lid bent" in fout.value.message_dict["werkgroep"][0]
    assert Activiteit.objects.get(pk=activiteit.pk).werkgroep == werkgroep


def test_outsiders_cannot_change_an_activity(personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep, titel="Blijft")
    with pytest.raises(PermissionDenied):
        activiteit_update(activiteit=activiteit, gegevens=gegevens(werkgroep), door=personas["stuurgroep"])
    with pytest.raises(PermissionDenied):
        activiteit_set_status(activiteit=activiteit, status=Status.LOPEND, door=personas["stuurgroep"])
    with pytest.raises(PermissionDenied):
        voortgangsnotitie_create(activiteit=activiteit, tekst="Stiekem", door=personas["stuurgroep"])
    activiteit.refresh_from_db()
    assert (activiteit.titel, activiteit.status) == ("Blijft", Status.GEPLAND)
    assert not Voortgangsnotitie.objects.exists()


# --- The status flow -------------------------------------------------------------------------------------------------


def test_the_transition_table():
    assert set(OVERGANGEN) == {
        (Status.GEPLAND, Status.LOPEND),
        (Status.GEPLAND, Status.VERVALLEN),
        (Status.LOPEND, Status.AFGEROND),
        (Status.LOPEND, Status.VERVALLEN),
        (Status.AFGEROND, Status.LOPEND),
        (Status.VERVALLEN, Status.GEPLAND),
    }
    assert set(overgangen_vanuit(Activiteit(status=Status.GEPLAND))) == {Status.LOPEND, Status.VERVALLEN}


@pytest.mark.parametrize(("van", "naar"), list(OVERGANGEN))
def test_every_allowed_step_sets_the_status_and_gewijzigd_op(personas, werkgroep, van, naar):
    activiteit = ActiviteitFactory(werkgroep=werkgroep, status=van)
    Activiteit.objects.filter(pk=activiteit.pk).update(gewijzigd_op=timezone.now() - datetime.timedelta(days=9))
    voor = timezone.now()
    activiteit_set_status(activiteit=activiteit, status=naar, door=personas["on_eigen"])
    activiteit.refresh_from_db()
    assert activiteit.status == naar and activiteit.gewijzigd_op >= voor
    event = AuditEvent.objects.get(actie="activiteit.status_gewijzigd")
    assert (event.voor, event.na) == ({"status": van}, {"status": naar})


@pytest.mark.parametrize(
    ("van", "naar", "melding"),
    [
        (Status.GEPLAND, Status.AFGEROND, "Een activiteit met status gepland kan niet naar afgerond."),
        (Status.AFGEROND, Status.VERVALLEN, "Een activiteit met status afgerond kan niet naar vervallen."),
        (Status.LOPEND, Status.LOPEND, "Een activiteit met status lopend kan niet naar lopend."),
        (Status.GEPLAND, "klaar", "Een activiteit met status gepland kan niet naar klaar."),
    ],
)
def test_other_steps_are_refused(personas, werkgroep, van, naar, melding):
    activiteit = ActiviteitFactory(werkgroep=werkgroep, status=van)
    with pytest.raises(ValidationError) as fout:
        activiteit_set_status(activiteit=activiteit, status=naar, door=personas["beheerder"])
    assert fout.value.messages == [melding]
    assert Activiteit.objects.get(pk=activiteit.pk).status == van
    assert not AuditEvent.objects.filter(actie="activiteit.status_gewijzigd").exists()


# --- Progress notes and "changed since" ------------------------------------------------------------------------------


def test_a_note_is_dated_audited_and_marks_the_activity_changed(personas, werkgroep):
    activiteit = ActiviteitFactory(werkgroep=werkgroep)
    Activiteit.objects.filter(pk=activiteit.pk).update(gewijzigd_op=timezone.now() - datetime.timedelta(days=9))
    gisteren = VANDAAG() - datetime.timedelta(days=1)
    notitie = voortgangsnotitie_create(
        activiteit=activiteit, tekst="  Offerte aangevraagd.  ", datum=gisteren, door=personas["on_eigen"]
    )
    assert (notitie.tekst, notitie.datum, notitie.auteur) == ("Offerte aangevraagd.", gisteren, personas["on_eigen"])
    assert Activiteit.objects.get(pk=activiteit.pk).gewijzigd_op >= notitie.aangemaakt_op
    assert acties(activiteit) == ["activiteit.voortgang_toegevoegd"]
    assert (
        voortgangsnotitie_create(activiteit=activiteit, tekst="Vandaag", door=personas["beheerder"]).datum == VANDAAG()
    )


@pytest.mark.parametrize(
    ("tekst", "dagen", "veld", "melding"),
    [
        ("Morgen gebeurt het", 1, "datum", "kies vandaag of eerder"),
        ("", 0, "tekst", "Dit veld kan niet leeg zijn"),
        ('Klik <a href="#" onclick="steel()">hier</a>', 0, "tekst", "HTML die een script kan uitvoeren"),
    ],
)
def test_bad_notes_are_refused(personas, werkgroep, tekst, dagen, veld, melding):
    activiteit = ActiviteitFactory(werkgroep=werkgroep)
    with pytest.raises(ValidationError) as fout:
        voortgangsnotitie_create(
            activiteit=activiteit,
            tekst=tekst,
            datum=VANDAAG() + datetime.timedelta(days=dagen),
            door=personas["on_eigen"],
        )
    assert melding in " ".join(fout.value.message_dict[veld])
    assert not Voortgangsnotitie.objects.exists()
    assert not acties(activiteit)


def test_activiteiten_gewijzigd_sinds(personas, werkgroep):
    vorige_bijeenkomst = timezone.now() - datetime.timedelta(days=30)
    oud = ActiviteitFactory(werkgroep=werkgroep, titel="Stil")
    genoteerd = ActiviteitFactory(werkgroep=werkgroep, titel="Genoteerd")
    gestart = ActiviteitFactory(werkgroep=werkgroep, titel="Gestart")
    elders = ActiviteitFactory(titel="Andere werkgroep")
    Activiteit.objects.update(gewijzigd_op=vorige_bijeenkomst - datetime.timedelta(days=1))

    voortgangsnotitie_create(activiteit=genoteerd, tekst="Stap gezet", door=personas["on_eigen"])
    activiteit_set_status(activiteit=gestart, status=Status.LOPEND, door=personas["on_eigen"])
    activiteit_set_status(activiteit=elders, status=Status.LOPEND, door=personas["beheerder"])

    assert set(activiteiten_gewijzigd_sinds(sinds=vorige_bijeenkomst)) == {genoteerd, gestart, elders}
    assert list(activiteiten_gewijzigd_sinds(sinds=vorige_bijeenkomst, werkgroep=werkgroep)) == [gestart, genoteerd]
    assert oud in activiteiten_gewijzigd_sinds(sinds=vorige_bijeenkomst - datetime.timedelta(days=2))


def test_mijn_gegevens_holds_the_persons_activities_and_notes(personas, werkgroep):
    lid = personas["on_eigen"]
    ActiviteitFactory(werkgroep=werkgroep, initiatiefnemer=lid, titel="Eigen initiatief", team=[lid])
    meegewerkt = ActiviteitFactory(werkgroep=werkgroep, titel="Meegewerkt", team=[lid, personas["gemeente"]])
    ActiviteitFactory(titel="Van anderen", team=[personas["gemeente"]])
    voortgangsnotitie_create(activiteit=meegewerkt, tekst="Mijn notitie", door=lid)
    voortgangsnotitie_create(activiteit=meegewerkt, tekst="Andermans notitie", door=personas["beheerder"])
    gegevens = persoonsgegevens_verzamelen(lid)["gegevens"]
    assert [rij["titel"] for rij in gegevens["activiteiten_initiatiefnemer"]] == ["Eigen initiatief"]
    assert [rij["titel"] for rij in gegevens["activiteiten_team"]] == ["Eigen initiatief", "Meegewerkt"]
    assert [rij["tekst"] for rij in gegevens["voortgangsnotities"]] == ["Mijn notitie"]
    assert gegevens["voortgangsnotities"][0]["activiteit_titel"] == "Meegewerkt"


@pytest.mark.parametrize(
    "tekst",
    [
        "Tegel *A* < tegel B, en de eis voor JavaScript: geen.",
        "Zie [de notitie](https://kring.example/notitie) en <https://kring.example/>.",
        "De <b>uitvoering</b> begint in week 12.",
    ],
)
def test_ordinary_text_and_markdown_pass(personas, werkgroep, tekst):
    activiteit = activiteit_create(gegevens=gegevens(werkgroep, omschrijving=tekst), door=personas["on_eigen"])
    assert activiteit.omschrijving == tekst
