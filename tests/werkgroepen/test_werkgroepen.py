"""The werkgroepen themselves: join requests and their decisions, memberships and roles, editing, creating, closing and
reopening a werkgroep, the permissions, and the balance of gemeente and opdrachtnemers per werkgroep."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from kring.models import AuditEvent, Organisatie, User
from kring.persoonsgegevens import persoonsgegevens_verzamelen
from tests.factories import AanmeldingFactory, LidmaatschapFactory, OrganisatieFactory, UserFactory, WerkgroepFactory
from werkgroepen.models import Aanmelding, Lidmaatschap, Werkgroep
from werkgroepen.permissions import (
    is_trekker,
    mag_aanmelding_beoordelen,
    mag_lidmaatschap_beeindigen,
    mag_werkgroep_bewerken,
    mag_werkgroepen_beheren,
)
from werkgroepen.selectors.werkgroepen import WerkgroepBalans, werkgroep_overzicht, werkgroepen_van_trekker
from werkgroepen.services import werkgroepen as services

pytestmark = pytest.mark.django_db

Status = Aanmelding.Status
VANDAAG = timezone.localdate()
GISTEREN = VANDAAG - datetime.timedelta(days=1)


@pytest.fixture
def aanvrager(personas):
    return personas["on_eigen"]


@pytest.fixture
def aanmelding(werkgroep, trekker, aanvrager):
    return services.aanmelding_create(werkgroep=werkgroep, gebruiker=aanvrager, motivatie="  Wij bouwen mee.  ")


def acties() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("actie", flat=True))


# --- Permissions ------------------------------------------------------------------------------------------------------


def test_is_trekker_needs_a_running_trekker_membership(werkgroep, trekker, lid, personas):
    assert is_trekker(trekker, werkgroep) and is_trekker(trekker, werkgroep.pk)
    assert not is_trekker(lid, werkgroep)
    assert not is_trekker(AnonymousUser(), werkgroep)
    assert not is_trekker(trekker, WerkgroepFactory())
    assert list(werkgroepen_van_trekker(trekker)) == [werkgroep]
    assert not werkgroepen_van_trekker(lid).exists()

    Lidmaatschap.objects.filter(gebruiker=trekker).update(tot=GISTEREN)
    assert not is_trekker(trekker, werkgroep)
    Lidmaatschap.objects.filter(gebruiker=trekker).update(tot=None)
    trekker.status = User.Status.GEBLOKKEERD
    assert not is_trekker(trekker, werkgroep)


def test_who_may_edit_judge_and_end(werkgroep, trekker, lid, aanmelding, personas):
    ander_trekker = LidmaatschapFactory(rol="trekker").gebruiker
    beheerder = personas["beheerder"]
    assert [rol for rol, user in personas.items() if mag_werkgroepen_beheren(user or AnonymousUser())] == ["beheerder"]
    assert mag_werkgroep_bewerken(trekker, werkgroep) and mag_werkgroep_bewerken(beheerder, werkgroep)
    assert not mag_werkgroep_bewerken(lid, werkgroep)
    assert not mag_werkgroep_bewerken(ander_trekker, werkgroep)
    assert mag_aanmelding_beoordelen(trekker, aanmelding) and mag_aanmelding_beoordelen(beheerder, aanmelding)
    assert not mag_aanmelding_beoordelen(lid, aanmelding)
    assert not mag_aanmelding_beoordelen(ander_trekker, aanmelding)
    eigen = Lidmaatschap.objects.get(gebruiker=lid)
    assert mag_lidmaatschap_beeindigen(lid, eigen) and mag_lidmaatschap_beeindigen(trekker, eigen)
    assert not mag_lidmaatschap_beeindigen(ander_trekker, eigen)
    assert not mag_lidmaatschap_beeindigen(personas["on_ander"], eigen)

    # A closed werkgroep is the beheerders' only.
    werkgroep.gesloten_op = VANDAAG
    assert not mag_werkgroep_bewerken(trekker, werkgroep) and mag_werkgroep_bewerken(beheerder, werkgroep)


def test_nobody_judges_their_own_request(werkgroep, trekker, personas):
    beheerder = personas["beheerder"]
    eigen = services.aanmelding_create(werkgroep=werkgroep, gebruiker=beheerder)
    assert not mag_aanmelding_beoordelen(beheerder, eigen)
    with pytest.raises(PermissionDenied):
        services.aanmelding_approve(aanmelding=eigen, door=beheerder)
    assert mag_aanmelding_beoordelen(trekker, eigen)


# --- Join requests ---------------------------------------------------------------------------------------------------


def test_request_and_approval(werkgroep, trekker, aanvrager, aanmelding, django_capture_on_commit_callbacks):
    assert (aanmelding.status, aanmelding.motivatie, aanmelding.gebruiker) == (
        Status.AANGEVRAAGD,
        "Wij bouwen mee.",
        aanvrager,
    )
    with django_capture_on_commit_callbacks(execute=True):
        lidmaatschap = services.aanmelding_approve(aanmelding=aanmelding, door=trekker)
    assert (lidmaatschap.gebruiker, lidmaatschap.rol, lidmaatschap.van, lidmaatschap.tot) == (
        aanvrager,
        "lid",
        VANDAAG,
        None,
    )
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.beoordeeld_door) == (Status.GOEDGEKEURD, trekker)
    assert aanmelding.beoordeeld_op is not None
    assert acties() == [
        "werkgroep.aanmelding_ingediend",
        "werkgroep.aanmelding_goedgekeurd",
        "werkgroep.lidmaatschap_aangemaakt",
    ]
    [bericht] = mail.outbox
    assert bericht.to == [aanvrager.email]
    assert "U bent lid van werkgroep Continuïteit" in bericht.subject
    assert "/werkgroepen/continuiteit/" in bericht.body and "&" not in bericht.body


def test_refusal_needs_a_reason_and_mails_it(aanmelding, trekker, aanvrager, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as fout:
        services.aanmelding_refuse(aanmelding=aanmelding, reden="  ", door=trekker)
    assert "reden" in fout.value.message_dict
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.AANGEVRAAGD

    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_refuse(
            aanmelding=aanmelding, reden="We zitten vol tot de zomer; O'Neill & co.", door=trekker
        )
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.reden) == (Status.AFGEWEZEN, "We zitten vol tot de zomer; O'Neill & co.")
    assert not Lidmaatschap.objects.filter(gebruiker=aanvrager).exists()
    [bericht] = mail.outbox
    assert bericht.to == [aanvrager.email]
    assert "We zitten vol tot de zomer; O'Neill & co." in bericht.body  # plain text: nothing escaped
    assert AuditEvent.objects.get(actie="werkgroep.aanmelding_afgewezen").na["reden"] == aanmelding.reden


def test_withdraw_only_own_open_request(aanmelding, aanvrager, trekker):
    with pytest.raises(PermissionDenied):
        services.aanmelding_withdraw(aanmelding=aanmelding, door=trekker)
    services.aanmelding_withdraw(aanmelding=aanmelding, door=aanvrager)
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.beoordeeld_door) == (Status.INGETROKKEN, None)
    with pytest.raises(ValidationError, match="Deze aanmelding is al ingetrokken."):
        services.aanmelding_withdraw(aanmelding=aanmelding, door=aanvrager)
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.aanmelding_approve(aanmelding=aanmelding, door=trekker)
    assert not mail.outbox


def test_a_decision_is_taken_once(aanmelding, trekker, personas):
    services.aanmelding_approve(aanmelding=aanmelding, door=trekker)
    with pytest.raises(ValidationError, match="Deze aanmelding is al goedgekeurd."):
        services.aanmelding_approve(aanmelding=aanmelding, door=personas["beheerder"])
    with pytest.raises(ValidationError, match="al goedgekeurd"):
        services.aanmelding_refuse(aanmelding=aanmelding, reden="Toch niet.", door=trekker)
    assert Lidmaatschap.objects.filter(gebruiker=aanmelding.gebruiker).count() == 1


def test_an_applicant_blocked_meanwhile_is_not_approved(aanmelding, aanvrager, trekker):
    User.objects.filter(pk=aanvrager.pk).update(status=User.Status.GEBLOKKEERD)
    with pytest.raises(ValidationError, match="heeft geen actief account meer"):
        services.aanmelding_approve(aanmelding=aanmelding, door=trekker)
    assert not Lidmaatschap.objects.filter(gebruiker=aanvrager).exists()


@pytest.mark.parametrize(
    ("situatie", "melding"),
    [
        ("gesloten", "is gesloten sinds"),
        ("lid", "U bent al lid van werkgroep Continuïteit."),
        ("lid_tot_vandaag", "loopt tot en met"),
        ("aangemeld", "al aangemeld voor werkgroep Continuïteit"),
    ],
)
def test_requests_that_cannot_be(werkgroep, trekker, aanvrager, situatie, melding):
    if situatie == "gesloten":
        Werkgroep.objects.filter(pk=werkgroep.pk).update(gesloten_op=GISTEREN)
    elif situatie == "lid":
        LidmaatschapFactory(werkgroep=werkgroep, gebruiker=aanvrager)
    elif situatie == "lid_tot_vandaag":
        LidmaatschapFactory(werkgroep=werkgroep, gebruiker=aanvrager, tot=VANDAAG)
    else:
        AanmeldingFactory(werkgroep=werkgroep, gebruiker=aanvrager)
    voor = (Aanmelding.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match=melding):
        services.aanmelding_create(werkgroep=werkgroep, gebruiker=aanvrager, motivatie="Graag!")
    assert (Aanmelding.objects.count(), AuditEvent.objects.count()) == voor


def test_a_former_member_may_ask_again(werkgroep, trekker, aanvrager):
    LidmaatschapFactory(werkgroep=werkgroep, gebruiker=aanvrager, van=datetime.date(2019, 1, 1), tot=GISTEREN)
    services.aanmelding_create(werkgroep=werkgroep, gebruiker=aanvrager)
    assert Aanmelding.objects.filter(gebruiker=aanvrager, status=Status.AANGEVRAAGD).exists()


def test_only_active_members_ask(werkgroep):
    with pytest.raises(PermissionDenied):
        services.aanmelding_create(werkgroep=werkgroep, gebruiker=UserFactory(aangevraagd=True))


def test_only_the_trekkers_of_that_werkgroep_or_beheerders_judge(aanmelding, lid, personas):
    ander_trekker = LidmaatschapFactory(rol="trekker").gebruiker
    for wie in [lid, ander_trekker, personas["stuurgroep"]]:
        with pytest.raises(PermissionDenied):
            services.aanmelding_approve(aanmelding=aanmelding, door=wie)
        with pytest.raises(PermissionDenied):
            services.aanmelding_refuse(aanmelding=aanmelding, reden="Nee.", door=wie)
    services.aanmelding_approve(aanmelding=aanmelding, door=personas["beheerder"])
    assert Lidmaatschap.objects.filter(gebruiker=aanmelding.gebruiker, rol="lid").exists()


# --- Memberships -----------------------------------------------------------------------------------------------------


def test_a_member_leaves(werkgroep, lid):
    lidmaatschap = Lidmaatschap.objects.get(gebruiker=lid)
    services.lidmaatschap_end(lidmaatschap=lidmaatschap, door=lid)
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.tot == VANDAAG
    event = AuditEvent.objects.get(actie="werkgroep.lidmaatschap_beeindigd")
    assert (event.actor, event.na) == (lid, {"tot": str(VANDAAG), "zelf": True})
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.lidmaatschap_end(lidmaatschap=lidmaatschap, door=lid)


def test_someone_else_cannot_end_a_membership(werkgroep, lid, personas):
    lidmaatschap = Lidmaatschap.objects.get(gebruiker=lid)
    for wie in [personas["on_ander"], LidmaatschapFactory(rol="trekker").gebruiker]:
        with pytest.raises(PermissionDenied):
            services.lidmaatschap_end(lidmaatschap=lidmaatschap, door=wie)
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.tot is None


def test_an_open_werkgroep_keeps_a_trekker(werkgroep, trekker, lid):
    eigen = Lidmaatschap.objects.get(gebruiker=trekker)
    with pytest.raises(ValidationError, match="geen trekker meer"):
        services.lidmaatschap_end(lidmaatschap=eigen, door=trekker)
    with pytest.raises(ValidationError, match="geen trekker meer"):
        services.lidmaatschap_set_rol(lidmaatschap=eigen, rol="lid", door=trekker)

    # Appoint another trekker first; then the first may step down or leave.
    services.lidmaatschap_set_rol(lidmaatschap=Lidmaatschap.objects.get(gebruiker=lid), rol="trekker", door=trekker)
    services.lidmaatschap_set_rol(lidmaatschap=eigen, rol="adviseur", door=trekker)
    eigen.refresh_from_db()
    assert eigen.rol == "adviseur" and is_trekker(lid, werkgroep) and not is_trekker(trekker, werkgroep)
    event = AuditEvent.objects.filter(actie="werkgroep.lidmaatschap_rol_gewijzigd").order_by("pk").last()
    assert (event.voor, event.na) == ({"rol": "trekker"}, {"rol": "adviseur"})
    # No longer a trekker: no more role changes for them.
    with pytest.raises(PermissionDenied):
        services.lidmaatschap_set_rol(lidmaatschap=eigen, rol="trekker", door=trekker)


def test_roles_are_for_trekkers_and_beheerders(werkgroep, trekker, lid, personas):
    lidmaatschap = Lidmaatschap.objects.get(gebruiker=lid)
    with pytest.raises(PermissionDenied):
        services.lidmaatschap_set_rol(lidmaatschap=lidmaatschap, rol="trekker", door=lid)
    with pytest.raises(ValidationError, match="Kies trekker, lid of adviseur."):
        services.lidmaatschap_set_rol(lidmaatschap=lidmaatschap, rol="voorzitter", door=trekker)
    services.lidmaatschap_set_rol(lidmaatschap=lidmaatschap, rol="adviseur", door=personas["beheerder"])
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.rol == "adviseur"


# --- Editing, creating, closing, reopening ---------------------------------------------------------------------------


def test_trekker_edits_what_changed(werkgroep, trekker):
    services.werkgroep_update(
        werkgroep=werkgroep,
        doel=werkgroep.doel,
        omschrijving=" Wij maken de planning samen. ",
        deelonderwerpen="Spreiding\nPijplijn",
        door=trekker,
    )
    werkgroep.refresh_from_db()
    assert (werkgroep.omschrijving, werkgroep.deelonderwerpen_lijst) == (
        "Wij maken de planning samen.",
        ["Spreiding", "Pijplijn"],
    )
    event = AuditEvent.objects.get(actie="werkgroep.gewijzigd")
    assert set(event.na) == {"omschrijving", "deelonderwerpen"} and event.voor["omschrijving"] == ""
    # Nothing changed: nothing audited.
    services.werkgroep_update(
        werkgroep=werkgroep,
        doel=werkgroep.doel,
        omschrijving=werkgroep.omschrijving,
        deelonderwerpen=werkgroep.deelonderwerpen,
        door=trekker,
    )
    assert AuditEvent.objects.filter(actie="werkgroep.gewijzigd").count() == 1


def test_editing_a_werkgroep_you_do_not_lead(werkgroep, trekker, lid):
    ander_trekker = LidmaatschapFactory(rol="trekker").gebruiker
    for wie in [lid, ander_trekker]:
        with pytest.raises(PermissionDenied):
            services.werkgroep_update(
                werkgroep=werkgroep, doel="Iets anders", omschrijving="", deelonderwerpen="", door=wie
            )
    werkgroep.refresh_from_db()
    assert werkgroep.doel != "Iets anders"
    assert not AuditEvent.objects.filter(actie="werkgroep.gewijzigd").exists()


def test_beheerder_creates_a_werkgroep_with_its_trekker(personas, werkgroep):
    beheerder, trekker = personas["beheerder"], personas["on_eigen"]
    nieuw = services.werkgroep_create(
        naam=" Circulair bouwen ",
        slug="circulair-bouwen",
        doel="Hergebruik van materialen in de openbare ruimte.",
        gestart_op=datetime.date(2026, 1, 1),
        trekker=trekker,
        door=beheerder,
    )
    assert nieuw.naam == "Circulair bouwen" and nieuw.volgorde == werkgroep.volgorde + 1
    assert is_trekker(trekker, nieuw)
    assert acties() == ["werkgroep.aangemaakt", "werkgroep.lidmaatschap_aangemaakt"]


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"slug": "kennisbank"}, "slug"),  # a page of its own
        ({"slug": "actiepunten"}, "slug"),
        ({"naam": "Continuïteit"}, "naam"),  # exists
        ({"slug": "continuiteit"}, "slug"),
        ({"trekker": "geblokkeerd"}, "trekker"),
    ],
)
def test_creating_with_bad_input_saves_nothing(personas, werkgroep, velden, veld):
    gegevens = {
        "naam": "Circulair bouwen",
        "slug": "circulair-bouwen",
        "doel": "Hergebruik.",
        "trekker": personas["on_eigen"],
        **velden,
    }
    if gegevens["trekker"] == "geblokkeerd":
        gegevens["trekker"] = UserFactory(status=User.Status.GEBLOKKEERD)
    voor = (Werkgroep.objects.count(), Lidmaatschap.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as fout:
        services.werkgroep_create(**gegevens, door=personas["beheerder"])
    assert veld in fout.value.message_dict
    assert (Werkgroep.objects.count(), Lidmaatschap.objects.count(), AuditEvent.objects.count()) == voor


def test_only_beheerders_create_close_and_reopen(personas, werkgroep, trekker):
    with pytest.raises(PermissionDenied):
        services.werkgroep_create(naam="X", slug="x", doel="X", trekker=trekker, door=trekker)
    with pytest.raises(PermissionDenied):
        services.werkgroep_close(werkgroep=werkgroep, door=trekker)
    with pytest.raises(PermissionDenied):
        services.werkgroep_reopen(werkgroep=werkgroep, trekker=trekker, door=personas["stuurgroep"])


def test_closing_ends_memberships_and_refuses_requests(
    werkgroep, trekker, lid, aanmelding, personas, django_capture_on_commit_callbacks
):
    oud = LidmaatschapFactory(werkgroep=werkgroep, van=datetime.date(2019, 1, 1), tot=datetime.date(2020, 1, 1))
    beheerder = personas["beheerder"]
    with django_capture_on_commit_callbacks(execute=True):
        services.werkgroep_close(werkgroep=werkgroep, door=beheerder)
    werkgroep.refresh_from_db()
    assert werkgroep.gesloten_op == VANDAAG
    assert set(Lidmaatschap.objects.filter(werkgroep=werkgroep).values_list("tot", flat=True)) == {
        VANDAAG,
        oud.tot,
    }
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.beoordeeld_door) == (Status.AFGEWEZEN, beheerder)
    assert "is op" in aanmelding.reden and "gesloten" in aanmelding.reden
    [bericht] = mail.outbox
    assert bericht.to == [aanmelding.gebruiker.email] and aanmelding.reden in bericht.body
    assert AuditEvent.objects.get(actie="werkgroep.gesloten").na == {
        "gesloten_op": str(VANDAAG),
        "lidmaatschappen_beeindigd": 2,
        "aanmeldingen_afgewezen": 1,
    }
    with pytest.raises(ValidationError, match="is al gesloten"):
        services.werkgroep_close(werkgroep=werkgroep, door=beheerder)
    with pytest.raises(PermissionDenied):  # the former trekker no longer edits it
        services.werkgroep_update(werkgroep=werkgroep, doel="X", omschrijving="", deelonderwerpen="", door=trekker)
    with pytest.raises(ValidationError, match="is gesloten sinds"):
        services.aanmelding_create(werkgroep=werkgroep, gebruiker=personas["on_ander"])


def test_reopening_appoints_a_trekker(werkgroep, personas):
    Werkgroep.objects.filter(pk=werkgroep.pk).update(gesloten_op=datetime.date(2024, 6, 30))
    werkgroep.refresh_from_db()
    trekker = personas["gemeente"]
    services.werkgroep_reopen(werkgroep=werkgroep, trekker=trekker, door=personas["beheerder"])
    werkgroep.refresh_from_db()
    assert werkgroep.gesloten_op is None and is_trekker(trekker, werkgroep)
    with pytest.raises(ValidationError, match="is niet gesloten"):
        services.werkgroep_reopen(werkgroep=werkgroep, trekker=trekker, door=personas["beheerder"])


def test_a_slug_taken_by_a_page_is_refused():
    for slug in ["nieuw", "aanmeldingen", "agenda", "klaagpaal", "feed", "hulpvraag"]:
        with pytest.raises(ValidationError, match="gereserveerd"):
            Werkgroep(naam=slug.title(), slug=slug, doel="Doel").full_clean()
    Werkgroep(naam="Agenda 2030", slug="agenda-2030", doel="Doel").full_clean()


# --- Balance ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gemeente", "opdrachtnemer", "rotatie", "hints"),
    [
        (2, 3, 0, []),
        (2, 4, 0, []),  # twice as many is still in balance
        (1, 3, 0, ["uit balans"]),
        (4, 1, 0, ["uit balans"]),
        (0, 3, 0, ["geen gemeente"]),
        (2, 0, 0, ["geen opdrachtnemers"]),
        (0, 0, 0, ["geen gemeente", "geen opdrachtnemers"]),
        (2, 2, 1, ["1 lidmaatschap loopt langer dan 3 jaar"]),
        (2, 2, 3, ["3 lidmaatschappen lopen langer dan 3 jaar"]),
    ],
)
def test_balance_hints(gemeente, opdrachtnemer, rotatie, hints):
    balans = WerkgroepBalans(gemeente=gemeente, opdrachtnemer=opdrachtnemer, overig=1, langer_dan_rotatie=rotatie)
    assert balans.hints == hints
    assert balans.totaal == gemeente + opdrachtnemer + 1


def test_balance_equals_a_direct_count(personas, gemeente_org, org_eigen):
    """Memberships of every kind, in three werkgroepen: the database's counts equal counting them one by one."""
    bureau = OrganisatieFactory(naam="Programmabureau", soort=Organisatie.Soort.OVERIG, kvk_nummer="")
    werkgroepen = WerkgroepFactory.create_batch(3)
    lang_geleden, onlangs = VANDAAG - datetime.timedelta(days=4 * 366), datetime.date(VANDAAG.year, 1, 1)
    for nummer, werkgroep in enumerate(werkgroepen):
        for organisatie in [gemeente_org] * nummer + [org_eigen] * (2 * nummer + 1) + [bureau]:
            LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=organisatie, van=onlangs)
        LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=gemeente_org, van=lang_geleden)
        LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=org_eigen, van=onlangs, tot=VANDAAG)
        LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=None, van=onlangs)
        # Not counted: ended, starting next year, a blocked account.
        LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=org_eigen, tot=GISTEREN)
        LidmaatschapFactory(
            werkgroep=werkgroep, gebruiker__organisatie=gemeente_org, van=VANDAAG + datetime.timedelta(days=400)
        )
        LidmaatschapFactory(
            werkgroep=werkgroep, gebruiker__organisatie=org_eigen, gebruiker__status=User.Status.GEBLOKKEERD
        )

    def telling(werkgroep, soort):
        return sum(
            1
            for lidmaatschap in Lidmaatschap.objects.filter(werkgroep=werkgroep)
            if lidmaatschap.van <= VANDAAG
            and (lidmaatschap.tot is None or lidmaatschap.tot >= VANDAAG)
            and lidmaatschap.gebruiker.status == User.Status.ACTIEF
            and (lidmaatschap.gebruiker.organisatie.soort if lidmaatschap.gebruiker.organisatie else "overig") == soort
        )

    overzicht = {werkgroep.pk: werkgroep.balans for werkgroep in werkgroep_overzicht(user=personas["on_eigen"]).open}
    for nummer, werkgroep in enumerate(werkgroepen):
        balans = overzicht[werkgroep.pk]
        assert (balans.gemeente, balans.opdrachtnemer, balans.overig) == (
            telling(werkgroep, "gemeente"),
            telling(werkgroep, "opdrachtnemer"),
            telling(werkgroep, "overig"),
        )
        assert (balans.gemeente, balans.opdrachtnemer, balans.overig) == (nummer + 1, 2 * nummer + 2, 2)
        assert balans.langer_dan_rotatie == 1
    assert overzicht[werkgroepen[0].pk].hints == ["1 lidmaatschap loopt langer dan 3 jaar"]
    assert werkgroep_overzicht(user=AnonymousUser()).open[0].balans is None  # visitors: no balance


# --- Privacy ---------------------------------------------------------------------------------------------------------


def test_requests_are_in_the_persons_data_export(aanmelding, aanvrager, trekker):
    services.aanmelding_refuse(aanmelding=aanmelding, reden="Vol.", door=trekker)
    [rij] = persoonsgegevens_verzamelen(aanvrager)["gegevens"]["werkgroep_aanmeldingen"]
    assert (rij["werkgroep_naam"], rij["motivatie"], rij["status"], rij["reden"]) == (
        "Continuïteit",
        "Wij bouwen mee.",
        "afgewezen",
        "Vol.",
    )
    assert not persoonsgegevens_verzamelen(trekker)["gegevens"]["werkgroep_aanmeldingen"]
