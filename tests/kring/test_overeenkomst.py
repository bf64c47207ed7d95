"""The intentieovereenkomst: permissions, selectors, the status flow, editing concepts and signing, with the bad input
the issue names (signing twice, for another organisation, a version that is not open, not entitled)."""

import datetime
import threading
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

import pytest

from kring import tasks
from kring.models import AuditEvent, Intentieovereenkomst, Ondertekening, Organisatie, User
from kring.permissions import is_tekengerechtigd, mag_concepten_zien, mag_overeenkomsten_beheren, mag_tekenen
from kring.selectors.overeenkomst import (
    deelnemers_overzicht,
    overeenkomst_get,
    overeenkomst_huidig,
    overeenkomst_list,
)
from kring.services import overeenkomst as services
from kring.services.overeenkomst import (
    OVERGANGEN,
    OvereenkomstInhoud,
    ThemadoelGegevens,
    ondertekening_create,
    overeenkomst_copy,
    overeenkomst_create,
    overeenkomst_delete,
    overeenkomst_set_status,
    overeenkomst_update,
    overeenkomsten_expire,
    overgangen_vanuit,
)
from tests.factories import (
    IntentieovereenkomstFactory,
    OndertekeningFactory,
    OrganisatieFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)

pytestmark = pytest.mark.django_db

Status = Intentieovereenkomst.Status


def tekenaar(organisatie, **kwargs) -> User:
    return UserFactory(organisatie=organisatie, is_tekenbevoegd=True, **kwargs)


def versie(status=Status.TER_ONDERTEKENING, **kwargs) -> Intentieovereenkomst:
    """A version with one themadoel, by default open for signing, 2026–2031."""
    kwargs.setdefault("ingangsdatum", datetime.date(2026, 12, 1))
    kwargs.setdefault("einddatum", datetime.date(2031, 11, 30))
    return ThemadoelFactory(overeenkomst=IntentieovereenkomstFactory(status=status, **kwargs)).overeenkomst


def fout(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# --- Permissions -----------------------------------------------------------------------------------------------------


def test_only_beheerders_manage_and_beheerders_and_stuurgroep_see_concepts(personas):
    assert [
        mag_overeenkomsten_beheren(personas[rol]) for rol in ["on_eigen", "gemeente", "stuurgroep", "beheerder"]
    ] == [
        False,
        False,
        False,
        True,
    ]
    assert [mag_concepten_zien(personas[rol]) for rol in ["on_eigen", "gemeente", "stuurgroep", "beheerder"]] == [
        False,
        False,
        True,
        True,
    ]


def test_tekengerechtigd_needs_the_flag_an_active_account_and_a_member_gemeente_or_opdrachtnemer(
    org_eigen, gemeente_org
):
    assert is_tekengerechtigd(tekenaar(org_eigen))
    assert is_tekengerechtigd(tekenaar(gemeente_org))
    assert not is_tekengerechtigd(UserFactory(organisatie=org_eigen))  # not tekenbevoegd
    assert not is_tekengerechtigd(tekenaar(org_eigen, status=User.Status.GEBLOKKEERD))
    assert not is_tekengerechtigd(tekenaar(org_eigen, status=User.Status.AANGEVRAAGD))
    assert not is_tekengerechtigd(tekenaar(OrganisatieFactory(soort=Organisatie.Soort.OVERIG, kvk_nummer="")))
    assert not is_tekengerechtigd(tekenaar(OrganisatieFactory(voorgesteld=True)))
    assert not is_tekengerechtigd(tekenaar(OrganisatieFactory(lid_tot=datetime.date(2020, 1, 1))))


def test_mag_tekenen_only_while_open_and_not_yet_signed(org_eigen):
    persoon = tekenaar(org_eigen)
    open_versie = versie()
    assert mag_tekenen(persoon, open_versie)
    for status in [Status.CONCEPT, Status.VAN_KRACHT, Status.VERLOPEN]:
        assert not mag_tekenen(persoon, versie(status, versie=10 + len(status)))
    OndertekeningFactory(overeenkomst=open_versie, organisatie=org_eigen)
    assert not mag_tekenen(persoon, open_versie)


# --- Selectors -------------------------------------------------------------------------------------------------------


def test_members_see_every_version_but_concepts(personas):
    concept, open_versie = versie(Status.CONCEPT, versie=3), versie(versie=2)
    oud = versie(
        Status.VERLOPEN, versie=1, ingangsdatum=datetime.date(2019, 3, 28), einddatum=datetime.date(2020, 3, 27)
    )
    OndertekeningFactory.create_batch(2, overeenkomst=open_versie)
    lijst = list(overeenkomst_list(user=personas["on_eigen"]))
    assert lijst == [open_versie, oud]
    assert (lijst[0].aantal_ondertekeningen, lijst[0].aantal_themadoelen) == (2, 1)
    for rol in ["stuurgroep", "beheerder"]:
        assert list(overeenkomst_list(user=personas[rol])) == [concept, open_versie, oud]
    assert list(overeenkomst_list(user=UserFactory(aangevraagd=True))) == []
    with pytest.raises(Http404):
        overeenkomst_get(user=personas["gemeente"], pk=concept.pk)
    assert overeenkomst_get(user=personas["stuurgroep"], pk=concept.pk) == concept


def test_overeenkomst_get_gives_themadoelen_in_order_with_werkgroepen(personas):
    overeenkomst = IntentieovereenkomstFactory()
    werkgroep = WerkgroepFactory(naam="Duurzaamheid")
    ThemadoelFactory(overeenkomst=overeenkomst, naam="Tweede", volgorde=2)
    ThemadoelFactory(overeenkomst=overeenkomst, naam="Eerste", volgorde=1).werkgroepen.add(werkgroep)
    gevonden = overeenkomst_get(user=personas["on_eigen"], pk=overeenkomst.pk)
    doelen = list(gevonden.themadoelen.all())
    assert [doel.naam for doel in doelen] == ["Eerste", "Tweede"]
    assert list(doelen[0].werkgroepen.all()) == [werkgroep]


def test_huidig_is_the_open_version_else_the_one_van_kracht():
    assert overeenkomst_huidig() is None
    versie(Status.CONCEPT, versie=9)
    assert overeenkomst_huidig() is None
    van_kracht = versie(Status.VAN_KRACHT, versie=2)
    assert overeenkomst_huidig() == van_kracht
    open_versie = versie(versie=3)
    assert overeenkomst_huidig() == open_versie


def test_deelnemers_overzicht_lists_who_signed_and_which_members_have_not(gemeente_org, org_eigen, org_ander):
    open_versie = versie()
    OrganisatieFactory(soort=Organisatie.Soort.OVERIG, kvk_nummer="", naam="Programmabureau")  # does not sign
    OrganisatieFactory(voorgesteld=True)  # not a member yet
    OrganisatieFactory(lid_tot=datetime.date(2020, 12, 31))  # no longer a member
    zonder_tekenbevoegde = OrganisatieFactory(naam="Aannemer Zonder Tekenbevoegde B.V.")
    tekenaar(org_ander)
    getekend_b = OndertekeningFactory(overeenkomst=open_versie, organisatie=org_eigen)
    getekend_a = OndertekeningFactory(overeenkomst=open_versie, organisatie=gemeente_org)
    OndertekeningFactory(overeenkomst=versie(Status.VERLOPEN, versie=1), organisatie=org_ander)  # another version

    overzicht = deelnemers_overzicht(overeenkomst=open_versie)
    assert overzicht.getekend == [getekend_a, getekend_b]  # by organisation name
    assert overzicht.niet_getekend == [zonder_tekenbevoegde, org_ander]
    assert [org.heeft_tekenbevoegde for org in overzicht.niet_getekend] == [False, True]
    assert (overzicht.aantal_getekend, overzicht.aantal_niet_getekend, overzicht.aantal_deelnemers) == (2, 2, 4)
    assert overzicht.ondertekening_van(org_eigen.pk) == getekend_b
    assert overzicht.ondertekening_van(org_ander.pk) is None


def test_deelnemers_overzicht_of_a_closed_version_has_only_signatures(org_eigen):
    gesloten = versie(Status.VAN_KRACHT)
    OndertekeningFactory(overeenkomst=gesloten, organisatie=org_eigen)
    OrganisatieFactory()
    overzicht = deelnemers_overzicht(overeenkomst=gesloten)
    assert (overzicht.aantal_getekend, overzicht.niet_getekend) == (1, [])


# --- Signing ---------------------------------------------------------------------------------------------------------


def test_a_tekenbevoegde_signs_for_their_own_organisation(org_eigen):
    open_versie = versie()
    persoon = tekenaar(org_eigen, naam="Bas Directeur")
    ondertekening = ondertekening_create(overeenkomst=open_versie, door=persoon, functie="  Directeur  ")
    assert (ondertekening.organisatie, ondertekening.ondertekenaar) == (org_eigen, persoon)
    assert (ondertekening.naam_ondertekenaar, ondertekening.functie) == ("Bas Directeur", "Directeur")
    event = AuditEvent.objects.get(actie="overeenkomst.ondertekend")
    assert event.actor == persoon and event.na["organisatie"] == org_eigen.naam and event.na["functie"] == "Directeur"


def test_signing_twice_or_after_a_colleague_is_refused_and_changes_nothing(org_eigen):
    open_versie = versie()
    eerste = tekenaar(org_eigen, naam="Evi Directeur")
    ondertekening_create(overeenkomst=open_versie, door=eerste, functie="Directeur")
    for persoon in [eerste, tekenaar(org_eigen)]:
        with pytest.raises(ValidationError) as exc_info:
            ondertekening_create(overeenkomst=open_versie, door=persoon, functie="Directeur")
        assert f"{org_eigen.naam} heeft versie {open_versie.versie} al ondertekend (door Evi Directeur op" in fout(
            exc_info
        )
    assert Ondertekening.objects.count() == 1
    assert AuditEvent.objects.filter(actie="overeenkomst.ondertekend").count() == 1


def test_a_concurrent_second_signature_is_stopped_by_the_constraint(org_eigen, monkeypatch):
    """Without row locks (SQLite) two clicks can both pass the check; the unique constraint refuses the second."""
    open_versie = versie()
    collega = tekenaar(org_eigen, naam="Collega Eerder")

    def intussen_getekend(ondertekening, **kwargs):
        Ondertekening.objects.create(
            overeenkomst=ondertekening.overeenkomst,
            organisatie=org_eigen,
            ondertekenaar=collega,
            naam_ondertekenaar=collega.naam,
        )

    monkeypatch.setattr(Ondertekening, "full_clean", intussen_getekend)
    tweede = tekenaar(org_eigen)
    with pytest.raises(ValidationError) as exc_info:
        ondertekening_create(overeenkomst=open_versie, door=tweede, functie="Directeur")
    assert "al ondertekend (door Collega Eerder" in fout(exc_info)
    assert not Ondertekening.objects.filter(ondertekenaar=tweede).exists()
    assert not AuditEvent.objects.filter(actie="overeenkomst.ondertekend").exists()


@pytest.mark.parametrize("status", [Status.CONCEPT, Status.VAN_KRACHT, Status.VERLOPEN])
def test_only_a_version_open_for_signing_can_be_signed(org_eigen, status):
    gesloten = versie(status)
    with pytest.raises(ValidationError) as exc_info:
        ondertekening_create(overeenkomst=gesloten, door=tekenaar(org_eigen), functie="Directeur")
    assert f"Versie {gesloten.versie} staat niet open voor ondertekening" in fout(exc_info)
    assert not Ondertekening.objects.exists()


def test_the_status_is_checked_on_the_locked_row_not_the_callers_copy(org_eigen):
    open_versie = versie()
    Intentieovereenkomst.objects.filter(pk=open_versie.pk).update(status=Status.VAN_KRACHT)  # closed meanwhile
    with pytest.raises(ValidationError):
        ondertekening_create(overeenkomst=open_versie, door=tekenaar(org_eigen), functie="Directeur")
    assert not Ondertekening.objects.exists()


@pytest.mark.parametrize(
    "maak_persoon",
    [
        lambda org: UserFactory(organisatie=org),
        lambda org: tekenaar(OrganisatieFactory(soort=Organisatie.Soort.OVERIG, kvk_nummer="")),
        lambda org: tekenaar(OrganisatieFactory(voorgesteld=True)),
        lambda org: tekenaar(org, status=User.Status.GEBLOKKEERD),
    ],
    ids=["niet-tekenbevoegd", "soort-overig", "geen-lid", "geblokkeerd"],
)
def test_only_entitled_people_sign(org_eigen, maak_persoon):
    with pytest.raises(ValidationError) as exc_info:
        ondertekening_create(overeenkomst=versie(), door=maak_persoon(org_eigen), functie="Directeur")
    assert "dat kan alleen een tekenbevoegde medewerker" in fout(exc_info)
    assert not Ondertekening.objects.exists()


def test_the_function_is_required(org_eigen):
    with pytest.raises(ValidationError) as exc_info:
        ondertekening_create(overeenkomst=versie(), door=tekenaar(org_eigen), functie="  ")
    assert "functie" in exc_info.value.message_dict
    assert not Ondertekening.objects.exists()


def test_the_service_has_no_way_to_name_another_organisation(org_eigen, org_ander):
    with pytest.raises(TypeError):
        ondertekening_create(
            overeenkomst=versie(), door=tekenaar(org_eigen), functie="Directeur", organisatie=org_ander
        )
    assert not Ondertekening.objects.exists()


# --- The status flow -------------------------------------------------------------------------------------------------


def test_the_transition_table():
    assert set(OVERGANGEN) == {
        (Status.CONCEPT, Status.TER_ONDERTEKENING),
        (Status.TER_ONDERTEKENING, Status.VAN_KRACHT),
        (Status.VAN_KRACHT, Status.VERLOPEN),
    }
    assert list(overgangen_vanuit(versie(Status.CONCEPT))) == [Status.TER_ONDERTEKENING]
    assert list(overgangen_vanuit(versie(Status.VERLOPEN, versie=99))) == []


def test_opening_signing(personas):
    concept = versie(Status.CONCEPT)
    overeenkomst = overeenkomst_set_status(
        overeenkomst=concept, status=Status.TER_ONDERTEKENING, door=personas["beheerder"]
    )
    assert overeenkomst.status == Status.TER_ONDERTEKENING
    concept.refresh_from_db()
    assert concept.status == Status.TER_ONDERTEKENING
    event = AuditEvent.objects.get(actie="overeenkomst.ondertekening_geopend")
    assert (event.voor, event.na, event.actor) == (
        {"status": "concept"},
        {"status": "ter_ondertekening"},
        personas["beheerder"],
    )


def test_opening_needs_text_themadoelen_and_no_other_open_version(personas):
    leeg = IntentieovereenkomstFactory(status=Status.CONCEPT, tekst="  ")
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_set_status(overeenkomst=leeg, status=Status.TER_ONDERTEKENING, door=personas["beheerder"])
    assert fout(exc_info) == "De overeenkomst heeft nog geen tekst. De overeenkomst heeft nog geen themadoelen."
    open_versie = versie()
    concept = versie(Status.CONCEPT)
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_set_status(overeenkomst=concept, status=Status.TER_ONDERTEKENING, door=personas["beheerder"])
    assert fout(exc_info) == f"Versie {open_versie.versie} staat al open voor ondertekening; sluit die eerst."
    assert Intentieovereenkomst.objects.filter(status=Status.CONCEPT).count() == 2
    assert not AuditEvent.objects.filter(actie__startswith="overeenkomst.").exists()


def test_closing_needs_a_signature(personas):
    open_versie = versie()
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_set_status(overeenkomst=open_versie, status=Status.VAN_KRACHT, door=personas["beheerder"])
    assert "Nog geen enkele organisatie heeft ondertekend" in fout(exc_info)
    open_versie.refresh_from_db()
    assert open_versie.status == Status.TER_ONDERTEKENING and open_versie.ondertekening_gesloten_op is None


def test_closing_makes_it_van_kracht_and_expires_an_overlapping_version(personas, org_eigen):
    overlappend = versie(
        Status.VAN_KRACHT, versie=2, ingangsdatum=datetime.date(2021, 12, 1), einddatum=datetime.date(2026, 12, 31)
    )
    eerder = versie(
        Status.VAN_KRACHT, versie=1, ingangsdatum=datetime.date(2019, 1, 1), einddatum=datetime.date(2021, 11, 30)
    )
    nieuw = versie(versie=3)
    OndertekeningFactory(overeenkomst=nieuw, organisatie=org_eigen)

    overeenkomst_set_status(overeenkomst=nieuw, status=Status.VAN_KRACHT, door=personas["beheerder"])

    for item in (nieuw, overlappend, eerder):
        item.refresh_from_db()
    assert nieuw.status == Status.VAN_KRACHT and nieuw.ondertekening_gesloten_op is not None
    assert overlappend.status == Status.VERLOPEN
    assert eerder.status == Status.VAN_KRACHT  # its period does not touch the new one: the daily task ends it
    acties = list(AuditEvent.objects.order_by("pk").values_list("actie", "object_id"))
    assert acties == [
        ("overeenkomst.verlopen", str(overlappend.pk)),
        ("overeenkomst.ondertekening_gesloten", str(nieuw.pk)),
    ]


def test_a_version_van_kracht_can_be_ended_by_hand(personas):
    van_kracht = versie(Status.VAN_KRACHT)
    overeenkomst_set_status(overeenkomst=van_kracht, status=Status.VERLOPEN, door=personas["beheerder"])
    van_kracht.refresh_from_db()
    assert van_kracht.status == Status.VERLOPEN


@pytest.mark.parametrize(
    ("van", "naar"),
    [
        (Status.CONCEPT, Status.VAN_KRACHT),
        (Status.CONCEPT, Status.VERLOPEN),
        (Status.TER_ONDERTEKENING, Status.CONCEPT),
        (Status.VAN_KRACHT, Status.TER_ONDERTEKENING),
        (Status.VERLOPEN, Status.VAN_KRACHT),
        (Status.VERLOPEN, Status.CONCEPT),
    ],
)
def test_other_status_changes_are_refused(personas, van, naar):
    overeenkomst = versie(van)
    OndertekeningFactory(overeenkomst=overeenkomst)
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_set_status(overeenkomst=overeenkomst, status=naar, door=personas["beheerder"])
    assert fout(exc_info) == f"Een versie met status {Status(van).label} kan niet naar {Status(naar).label}."
    overeenkomst.refresh_from_db()
    assert overeenkomst.status == van


@pytest.mark.parametrize("rol", ["on_eigen", "gemeente", "stuurgroep"])
def test_only_beheerders_change_the_status(personas, rol):
    with pytest.raises(PermissionDenied):
        overeenkomst_set_status(
            overeenkomst=versie(Status.CONCEPT), status=Status.TER_ONDERTEKENING, door=personas[rol]
        )


def test_the_daily_task_expires_versions_whose_einddatum_passed():
    vandaag = datetime.date(2026, 7, 1)
    afgelopen = versie(
        Status.VAN_KRACHT, versie=2, ingangsdatum=datetime.date(2021, 7, 1), einddatum=datetime.date(2026, 6, 30)
    )
    loopt_nog = versie(
        Status.VAN_KRACHT, versie=3, ingangsdatum=datetime.date(2026, 6, 1), einddatum=datetime.date(2026, 7, 1)
    )
    assert overeenkomsten_expire(vandaag=vandaag) == [afgelopen]
    assert overeenkomsten_expire(vandaag=vandaag) == []  # twice is harmless
    afgelopen.refresh_from_db()
    loopt_nog.refresh_from_db()
    assert (afgelopen.status, loopt_nog.status) == (Status.VERLOPEN, Status.VAN_KRACHT)
    event = AuditEvent.objects.get(actie="overeenkomst.verlopen")
    assert event.actor is None and event.actor_omschrijving == "systeem: einddatum verstreken"


def test_the_task_runs_the_sweep_and_is_scheduled_daily():
    verlopen = versie(Status.VAN_KRACHT, einddatum=datetime.date(2027, 1, 1), ingangsdatum=datetime.date(2020, 1, 1))
    Intentieovereenkomst.objects.filter(pk=verlopen.pk).update(einddatum=datetime.date(2020, 12, 31))
    tasks.expire_overeenkomsten.delay()
    verlopen.refresh_from_db()
    assert verlopen.status == Status.VERLOPEN
    taken = {item["task"] for item in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "kring.tasks.expire_overeenkomsten" in taken


# --- Concept versions ------------------------------------------------------------------------------------------------


def inhoud(**overrides) -> OvereenkomstInhoud:
    gegevens = {
        "titel": "  Intentieovereenkomst MKB kring Drechtsteden  ",
        "versie": 4,
        "ingangsdatum": datetime.date(2027, 1, 1),
        "einddatum": datetime.date(2031, 12, 31),
        "tekst": "# Partijen\n\nDe gemeenten en de bedrijven.",
        "themadoelen": [ThemadoelGegevens(naam="Continuïteit", omschrijving="Gelijkmatig werk.", volgorde=1)],
    }
    gegevens.update(overrides)
    return OvereenkomstInhoud(**gegevens)


def test_a_beheerder_writes_a_concept_with_themadoelen_and_werkgroepen(personas):
    werkgroep = WerkgroepFactory(naam="Continuïteit")
    overeenkomst = overeenkomst_create(
        door=personas["beheerder"],
        inhoud=inhoud(
            themadoelen=[
                ThemadoelGegevens(naam="Past performance", volgorde=2),
                ThemadoelGegevens(naam=" Continuïteit ", volgorde=1, werkgroepen=[werkgroep]),
            ]
        ),
    )
    assert (overeenkomst.status, overeenkomst.titel, overeenkomst.versie) == (
        Status.CONCEPT,
        "Intentieovereenkomst MKB kring Drechtsteden",
        4,
    )
    doelen = list(overeenkomst.themadoelen.order_by("volgorde"))
    assert [doel.naam for doel in doelen] == ["Continuïteit", "Past performance"]
    assert list(doelen[0].werkgroepen.all()) == [werkgroep]
    event = AuditEvent.objects.get(actie="overeenkomst.aangemaakt")
    assert event.na["themadoelen"][0] == {
        "naam": "Continuïteit",
        "omschrijving": "",
        "volgorde": 1,
        "werkgroepen": ["Continuïteit"],
    }


@pytest.mark.parametrize(
    ("overrides", "melding"),
    [
        ({"einddatum": datetime.date(2026, 12, 31)}, "De einddatum moet na de ingangsdatum liggen."),
        ({"titel": ""}, "Dit veld kan niet leeg zijn"),
        (
            {"themadoelen": [ThemadoelGegevens(naam="SROI"), ThemadoelGegevens(naam="sroi ")]},
            "Elk themadoel heeft een eigen naam nodig; deze naam komt vaker voor: SROI, sroi.",
        ),
        ({"themadoelen": [ThemadoelGegevens(naam=" ")]}, "Elk themadoel heeft een naam nodig."),
        (
            {"themadoelen": [ThemadoelGegevens(naam="x" * 201)]},
            f"Themadoel “{'x' * 201}”: Zorg dat deze waarde niet meer dan 200 tekens bevat",
        ),
        ({"tekst": "# Partijen\n\n<script>alert(1)</script>"}, "Deze tekst bevat HTML die een script kan uitvoeren"),
        (
            {"themadoelen": [ThemadoelGegevens(naam="SROI", omschrijving='<a href="javascript:alert(1)">x</a>')]},
            "Themadoel “SROI”: Deze tekst bevat HTML die een script kan uitvoeren",
        ),
    ],
)
def test_invalid_content_is_refused_and_nothing_is_stored(personas, overrides, melding):
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_create(door=personas["beheerder"], inhoud=inhoud(**overrides))
    assert melding in fout(exc_info)
    assert not Intentieovereenkomst.objects.exists()
    assert not AuditEvent.objects.exists()


def test_version_numbers_are_unique(personas):
    versie(versie=4)
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_create(door=personas["beheerder"], inhoud=inhoud(versie=4))
    assert "versie" in exc_info.value.message_dict
    assert Intentieovereenkomst.objects.count() == 1


@pytest.mark.parametrize("rol", ["on_eigen", "gemeente", "stuurgroep"])
def test_only_beheerders_write_versions(personas, rol):
    with pytest.raises(PermissionDenied):
        overeenkomst_create(door=personas[rol], inhoud=inhoud())
    concept = versie(Status.CONCEPT)
    with pytest.raises(PermissionDenied):
        overeenkomst_update(overeenkomst=concept, door=personas[rol], inhoud=inhoud())
    with pytest.raises(PermissionDenied):
        overeenkomst_delete(overeenkomst=concept, door=personas[rol])
    with pytest.raises(PermissionDenied):
        overeenkomst_copy(bron=concept, door=personas[rol])


def test_updating_a_concept_replaces_its_set_of_themadoelen(personas):
    concept = versie(Status.CONCEPT, versie=4, titel="Oud")
    blijft, weg = concept.themadoelen.get(), ThemadoelFactory(overeenkomst=concept, naam="Verdwijnt")
    overeenkomst_update(
        overeenkomst=concept,
        door=personas["beheerder"],
        inhoud=inhoud(
            titel="Nieuw",
            themadoelen=[
                ThemadoelGegevens(naam="Hernoemd", volgorde=5, pk=blijft.pk),
                ThemadoelGegevens(naam="Toegevoegd", volgorde=6),
            ],
        ),
    )
    concept.refresh_from_db()
    assert concept.titel == "Nieuw"
    assert list(concept.themadoelen.values_list("pk", "naam")) == [
        (blijft.pk, "Hernoemd"),
        (concept.themadoelen.get(naam="Toegevoegd").pk, "Toegevoegd"),
    ]
    assert not concept.themadoelen.filter(pk=weg.pk).exists()
    event = AuditEvent.objects.get(actie="overeenkomst.gewijzigd")
    assert event.voor["titel"] == "Oud" and event.na["titel"] == "Nieuw"
    assert "versie" not in event.na  # only what changed
    assert [doel["naam"] for doel in event.na["themadoelen"]] == ["Hernoemd", "Toegevoegd"]


def test_script_in_an_update_is_refused_at_its_field_and_changes_nothing(personas):
    concept = versie(Status.CONCEPT, versie=4, tekst="Oude tekst.")
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_update(
            overeenkomst=concept, door=personas["beheerder"], inhoud=inhoud(tekst='<img src=x onerror="alert(1)">')
        )
    assert list(exc_info.value.message_dict) == ["tekst"]
    concept.refresh_from_db()
    assert concept.tekst == "Oude tekst." and not AuditEvent.objects.filter(actie="overeenkomst.gewijzigd").exists()


def test_a_themadoel_of_another_version_cannot_be_smuggled_in(personas):
    concept = versie(Status.CONCEPT, versie=4)
    vreemd = versie(Status.VERLOPEN, versie=1).themadoelen.get()
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_update(
            overeenkomst=concept,
            door=personas["beheerder"],
            inhoud=inhoud(themadoelen=[ThemadoelGegevens(naam="Overgenomen", pk=vreemd.pk)]),
        )
    assert "hoort niet bij deze versie" in fout(exc_info)
    vreemd.refresh_from_db()
    assert vreemd.naam != "Overgenomen" and vreemd.overeenkomst.versie == 1


@pytest.mark.parametrize("status", [Status.TER_ONDERTEKENING, Status.VAN_KRACHT, Status.VERLOPEN])
def test_only_concepts_are_edited_or_deleted(personas, status):
    vast = versie(status, titel="Ondertekend")
    with pytest.raises(ValidationError) as exc_info:
        overeenkomst_update(overeenkomst=vast, door=personas["beheerder"], inhoud=inhoud(titel="Stiekem"))
    assert "Alleen een concept kan worden gewijzigd of verwijderd; maak een nieuwe versie" in fout(exc_info)
    with pytest.raises(ValidationError):
        overeenkomst_delete(overeenkomst=vast, door=personas["beheerder"])
    vast.refresh_from_db()
    assert vast.titel == "Ondertekend"
    assert not AuditEvent.objects.exists()


def test_deleting_a_concept_is_audited_with_its_content(personas):
    concept = versie(Status.CONCEPT, titel="Weg ermee")
    overeenkomst_delete(overeenkomst=concept, door=personas["beheerder"])
    assert not Intentieovereenkomst.objects.exists()
    event = AuditEvent.objects.get(actie="overeenkomst.verwijderd")
    assert event.voor["titel"] == "Weg ermee" and len(event.voor["themadoelen"]) == 1


def test_a_copy_takes_over_an_older_text_as_it_is(personas):
    """Only what a beheerder types is checked for script; the copied text is sanitised on output like the original."""
    bron = versie(Status.VERLOPEN, versie=2, tekst="Afspraken.<script>alert(1)</script>")
    nieuw = overeenkomst_copy(bron=bron, door=personas["beheerder"])
    assert nieuw.tekst == bron.tekst


def test_a_new_version_on_the_basis_of_another(personas):
    werkgroep = WerkgroepFactory()
    bron = versie(
        Status.VERLOPEN, versie=2, ingangsdatum=datetime.date(2021, 7, 1), einddatum=datetime.date(2026, 6, 30)
    )
    bron.themadoelen.get().werkgroepen.add(werkgroep)
    OndertekeningFactory(overeenkomst=bron)
    nieuw = overeenkomst_copy(bron=bron, door=personas["beheerder"])
    assert (nieuw.status, nieuw.versie, nieuw.titel, nieuw.tekst) == (Status.CONCEPT, 3, bron.titel, bron.tekst)
    assert (nieuw.ingangsdatum, nieuw.einddatum) == (datetime.date(2026, 7, 1), datetime.date(2031, 6, 30))
    doel = nieuw.themadoelen.get()
    assert doel.naam == bron.themadoelen.get().naam and list(doel.werkgroepen.all()) == [werkgroep]
    assert not nieuw.ondertekeningen.exists()
    assert AuditEvent.objects.get(actie="overeenkomst.aangemaakt").na["gebaseerd_op_versie"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_the_same_moment_gives_one_signature(org_eigen, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite laat maar één schrijver tegelijk toe; de test heeft PostgreSQL nodig (CI).")
    open_versie = versie()
    persoon = tekenaar(org_eigen)
    samen = threading.Barrier(2, timeout=10)
    vergrendel = services._vergrendel

    def tegelijk(overeenkomst):
        samen.wait()  # both requests reach the lock together
        return vergrendel(overeenkomst)

    def traag(ondertekening, **kwargs):
        time.sleep(0.3)  # widen the window between the check and the insert

    monkeypatch.setattr(services, "_vergrendel", tegelijk)
    monkeypatch.setattr(Ondertekening, "full_clean", traag)
    gelukt, fouten = [], []

    def klik():
        try:
            gelukt.append(ondertekening_create(overeenkomst=open_versie, door=persoon, functie="Directeur"))
        except ValidationError as fout:
            fouten.append(" ".join(fout.messages))
        finally:
            connection.close()

    klikken = [threading.Thread(target=klik) for _ in range(2)]
    for draad in klikken:
        draad.start()
    for draad in klikken:
        draad.join(timeout=30)

    assert len(gelukt) == 1 and len(fouten) == 1
    assert "al ondertekend" in fouten[0]
    assert Ondertekening.objects.count() == 1
    assert AuditEvent.objects.filter(actie="overeenkomst.ondertekend").count() == 1
