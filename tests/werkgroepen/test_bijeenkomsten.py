"""Bijeenkomsten: planning with the fixed agenda and invitations, changes (a new time or place re-invites), the agenda,
registering and attendance, the minutes with decisions and actiepunten, the status flow, the access rules, the
"voortgang" item, the PDFs, the reminder a week before, and the personal data they hold."""

import datetime
from unittest import mock

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

import pytest

from kring.models import AuditEvent, Herinnering, Rapport, User
from kring.pdf import render_to_pdf
from kring.persoonsgegevens import persoonsgegevens_verzamelen
from kring.rapportsoorten import GegevensOntbreken, rapportsoort
from kring.services.herinneringen import herinneringen_send, herinneringvoorkeur_set
from kring.services.rapporten import rapport_request
from tests.factories import (
    AanwezigheidFactory,
    ActiepuntFactory,
    ActiviteitFactory,
    AgendapuntFactory,
    BesluitFactory,
    BijeenkomstFactory,
    LidmaatschapFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    WerkgroepFactory,
)
from werkgroepen import tasks
from werkgroepen.models import Aanwezigheid, Actiepunt, Agendapunt, Besluit, Bijeenkomst
from werkgroepen.permissions import (
    mag_actiepunt_afvinken,
    mag_bijeenkomst_beheren,
    mag_bijeenkomst_plannen_voor,
    mag_bijeenkomsten_plannen,
)
from werkgroepen.selectors import bijeenkomsten as selectors
from werkgroepen.services import bijeenkomsten as services
from werkgroepen.services.bijeenkomsten import ActiepuntGegevens, BesluitGegevens, BijeenkomstGegevens

pytestmark = pytest.mark.django_db

Status = Bijeenkomst.Status
VASTE_SOORTEN = ["arbeidsmarkt", "transitievraagstukken", "voortgang", "klaagpaal", "hulpvraag"]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


@pytest.fixture
def uitnodigingen(monkeypatch):
    """The meetings whose invitations were queued (the mails themselves are the iCalendar part's, tested there)."""
    verstuurd = []
    monkeypatch.setattr(tasks.mail_uitnodigingen, "delay", verstuurd.append)
    return verstuurd


def moment(dagen: float, uur: int = 15) -> datetime.datetime:
    dag = timezone.localdate() + datetime.timedelta(days=dagen)
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur)))


def gegevens(**anders) -> BijeenkomstGegevens:
    velden = {
        "titel": "Kenniskring maart",
        "begin": moment(14),
        "einde": moment(14, 17),
        "locatie": "Stadskantoor, Spuiboulevard 300, Dordrecht",
    }
    return BijeenkomstGegevens(**{**velden, **anders})


def gehouden(**velden) -> Bijeenkomst:
    """A meeting that began an hour ago (and ends in an hour): attendance and minutes are open."""
    nu = timezone.now()
    return BijeenkomstFactory(begin=nu - datetime.timedelta(hours=1), einde=nu + datetime.timedelta(hours=1), **velden)


def trekker_van(werkgroep, **velden) -> User:
    return LidmaatschapFactory(werkgroep=werkgroep, rol="trekker", **velden).gebruiker


# --- Planning --------------------------------------------------------------------------------------------------------


def test_beheerder_plans_a_kring_meeting_with_the_fixed_agenda_and_invites_every_active_member(
    personas, uitnodigingen, django_capture_on_commit_callbacks
):
    geblokkeerd = UserFactory(status=User.Status.GEBLOKKEERD)
    aanvrager = UserFactory(aangevraagd=True)
    oud_lid = UserFactory(organisatie=OrganisatieFactory(lid_tot=datetime.date(2024, 6, 30)))

    with django_capture_on_commit_callbacks(execute=True):
        vergadering = services.bijeenkomst_create(gegevens=gegevens(), door=personas["beheerder"])

    punten = list(vergadering.agendapunten.order_by("volgorde"))
    assert [punt.soort for punt in punten] == VASTE_SOORTEN
    assert [punt.titel for punt in punten] == [
        "Arbeidsmarkt",
        "Transitievraagstukken",
        "Voortgang uitvoeringsagenda",
        "Klaagpaal",
        "Hulpvraag",
    ]
    assert all(punt.toelichting for punt in punten)
    genodigden = set(vergadering.aanwezigheden.values_list("gebruiker", flat=True))
    assert genodigden == {persona.pk for persona in personas.values() if persona}
    assert not {geblokkeerd.pk, aanvrager.pk, oud_lid.pk} & genodigden
    assert set(vergadering.aanwezigheden.values_list("status", flat=True)) == {"uitgenodigd"}
    assert vergadering.aangemaakt_door == personas["beheerder"] and vergadering.status == Status.GEPLAND
    assert uitnodigingen == [vergadering.pk]
    event = AuditEvent.objects.get(actie="bijeenkomst.gepland")
    assert event.na["genodigden"] == 5 and event.actor == personas["beheerder"]


def test_trekker_plans_a_werkgroep_meeting_for_its_running_members(personas, uitnodigingen):
    werkgroep = WerkgroepFactory()
    trekker = trekker_van(werkgroep)
    lid = LidmaatschapFactory(werkgroep=werkgroep).gebruiker
    LidmaatschapFactory(werkgroep=werkgroep, tot=datetime.date(2023, 12, 31))  # left the werkgroep
    LidmaatschapFactory()  # another werkgroep

    vergadering = services.bijeenkomst_create(gegevens=gegevens(werkgroep=werkgroep), door=trekker)

    assert vergadering.werkgroep == werkgroep
    assert set(vergadering.aanwezigheden.values_list("gebruiker", flat=True)) == {trekker.pk, lid.pk}


@pytest.mark.parametrize("wie", ["lid", "trekker_elders", "trekker_kringbreed"])
def test_only_beheerders_and_the_werkgroeps_trekkers_plan(personas, wie, uitnodigingen):
    werkgroep = WerkgroepFactory()
    door = {
        "lid": LidmaatschapFactory(werkgroep=werkgroep).gebruiker,
        "trekker_elders": trekker_van(WerkgroepFactory()),
        "trekker_kringbreed": trekker_van(werkgroep),
    }[wie]
    plan = gegevens(werkgroep=None if wie == "trekker_kringbreed" else werkgroep)

    with pytest.raises(ValidationError) as fout:
        services.bijeenkomst_create(gegevens=plan, door=door)

    assert "trekker" in fout.value.message_dict["werkgroep"][0]
    assert not Bijeenkomst.objects.exists() and not uitnodigingen


@pytest.mark.parametrize(
    ("anders", "veld", "tekst"),
    [
        ({"einde": moment(14, 14)}, "einde", "Het einde moet na het begin liggen."),
        ({"einde": moment(14, 15)}, "einde", "Het einde moet na het begin liggen."),
        ({"locatie": "", "online_link": ""}, "locatie", "Vul een locatie in, een online link, of allebei"),
        ({"begin": moment(-1), "einde": moment(-1, 17)}, "begin", "Het begin ligt in het verleden."),
    ],
)
def test_bad_time_or_place_is_refused_in_dutch_and_nothing_is_saved(personas, anders, veld, tekst, uitnodigingen):
    with pytest.raises(ValidationError) as fout:
        services.bijeenkomst_create(gegevens=gegevens(**anders), door=personas["beheerder"])

    assert fout.value.message_dict[veld][0].startswith(tekst)
    assert not Bijeenkomst.objects.exists() and not Agendapunt.objects.exists() and not Aanwezigheid.objects.exists()
    assert not uitnodigingen


def test_online_only_is_a_place(personas, uitnodigingen):
    vergadering = services.bijeenkomst_create(
        gegevens=gegevens(locatie="", online_link="https://meet.example/kring"), door=personas["beheerder"]
    )
    assert vergadering.online_link == "https://meet.example/kring"


def test_no_meetings_for_a_closed_werkgroep(personas, uitnodigingen):
    werkgroep = WerkgroepFactory(gesloten_op=datetime.date(2024, 6, 30))
    with pytest.raises(ValidationError) as fout:
        services.bijeenkomst_create(gegevens=gegevens(werkgroep=werkgroep), door=personas["beheerder"])
    assert fout.value.message_dict["werkgroep"] == [f"Werkgroep {werkgroep.naam} is gesloten."]


# --- Changing --------------------------------------------------------------------------------------------------------


def test_new_place_raises_the_volgnummer_and_invites_again(
    personas, uitnodigingen, django_capture_on_commit_callbacks
):
    vergadering = BijeenkomstFactory(aangemaakt_door=personas["on_eigen"])

    with django_capture_on_commit_callbacks(execute=True):
        services.bijeenkomst_update(
            bijeenkomst=vergadering,
            gegevens=gegevens(
                titel=vergadering.titel, begin=vergadering.begin, einde=vergadering.einde, locatie="Het Energiehuis"
            ),
            door=personas["on_eigen"],
        )

    vergadering.refresh_from_db()
    assert vergadering.locatie == "Het Energiehuis" and vergadering.volgnummer == 1
    assert uitnodigingen == [vergadering.pk]
    event = AuditEvent.objects.get(actie="bijeenkomst.gewijzigd")
    assert event.voor == {"locatie": "Stadskantoor, Spuiboulevard 300, Dordrecht"}
    assert event.na == {"locatie": "Het Energiehuis"}


def test_new_title_only_keeps_the_invitation(personas, uitnodigingen, django_capture_on_commit_callbacks):
    vergadering = BijeenkomstFactory(aangemaakt_door=personas["on_eigen"])
    with django_capture_on_commit_callbacks(execute=True):
        services.bijeenkomst_update(
            bijeenkomst=vergadering,
            gegevens=gegevens(titel="Kenniskring (ander onderwerp)", begin=vergadering.begin, einde=vergadering.einde),
            door=personas["on_eigen"],
        )
    vergadering.refresh_from_db()
    assert vergadering.titel == "Kenniskring (ander onderwerp)" and vergadering.volgnummer == 0
    assert not uitnodigingen


def test_only_the_organiser_changes_a_meeting(personas, uitnodigingen):
    vergadering = BijeenkomstFactory(aangemaakt_door=personas["on_eigen"])
    with pytest.raises(PermissionDenied):
        services.bijeenkomst_update(bijeenkomst=vergadering, gegevens=gegevens(), door=personas["on_ander"])
    vergadering.refresh_from_db()
    assert vergadering.titel == "Kenniskring MKB kring"


def test_a_held_meeting_does_not_change(personas, uitnodigingen):
    vergadering = BijeenkomstFactory(status=Status.GEHOUDEN)
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.bijeenkomst_update(bijeenkomst=vergadering, gegevens=gegevens(), door=personas["beheerder"])


# --- The agenda ------------------------------------------------------------------------------------------------------


@pytest.fixture
def geplande(personas, uitnodigingen):
    return services.bijeenkomst_create(gegevens=gegevens(), door=personas["beheerder"])


def soorten_op_volgorde(vergadering) -> list[str]:
    return [regel.agendapunt.soort for regel in selectors.agenda(bijeenkomst=vergadering, vorige=None)]


def test_own_items_come_last_and_move_up_and_down(geplande, personas):
    beheerder = personas["beheerder"]
    services.agendapunt_create(bijeenkomst=geplande, titel="Rondvraag", door=beheerder)
    opening = services.agendapunt_create(bijeenkomst=geplande, titel="Opening", toelichting="Welkom", door=beheerder)
    assert soorten_op_volgorde(geplande) == [*VASTE_SOORTEN, "eigen", "eigen"]

    for _ in range(6):
        services.agendapunt_move(agendapunt=opening, richting="omhoog", door=beheerder)
    titels = [regel.agendapunt.titel for regel in selectors.agenda(bijeenkomst=geplande, vorige=None)]
    assert titels[0] == "Opening" and titels[-1] == "Rondvraag"

    services.agendapunt_move(agendapunt=opening, richting="omhoog", door=beheerder)  # first already: nothing happens
    services.agendapunt_move(agendapunt=opening, richting="omlaag", door=beheerder)
    titels = [regel.agendapunt.titel for regel in selectors.agenda(bijeenkomst=geplande, vorige=None)]
    assert titels[:2] == ["Arbeidsmarkt", "Opening"]
    assert AuditEvent.objects.filter(actie="bijeenkomst.agenda_volgorde").count() == 7


def test_own_items_can_be_removed_the_fixed_ones_not(geplande, personas):
    beheerder = personas["beheerder"]
    rondvraag = services.agendapunt_create(bijeenkomst=geplande, titel="Rondvraag", door=beheerder)
    services.agendapunt_delete(agendapunt=rondvraag, door=beheerder)
    klaagpaal = geplande.agendapunten.get(soort="klaagpaal")
    with pytest.raises(ValidationError, match="vaste agenda"):
        services.agendapunt_delete(agendapunt=klaagpaal, door=beheerder)
    assert soorten_op_volgorde(geplande) == VASTE_SOORTEN
    assert AuditEvent.objects.filter(actie="bijeenkomst.agendapunt_verwijderd").count() == 1


def test_a_fixed_item_keeps_its_name_but_gets_an_explanation(geplande, personas):
    arbeidsmarkt = geplande.agendapunten.get(soort="arbeidsmarkt")
    services.agendapunt_update(
        agendapunt=arbeidsmarkt, titel="Iets anders", toelichting="Presentatie BBL-traject", door=personas["beheerder"]
    )
    arbeidsmarkt.refresh_from_db()
    assert (arbeidsmarkt.titel, arbeidsmarkt.toelichting) == ("Arbeidsmarkt", "Presentatie BBL-traject")


def test_agenda_of_another_organiser_or_a_held_meeting_is_closed(geplande, personas):
    with pytest.raises(PermissionDenied):
        services.agendapunt_create(bijeenkomst=geplande, titel="Rondvraag", door=personas["on_eigen"])
    Bijeenkomst.objects.filter(pk=geplande.pk).update(status=Status.GEANNULEERD)
    with pytest.raises(ValidationError, match="geannuleerd"):
        services.agendapunt_create(bijeenkomst=geplande, titel="Rondvraag", door=personas["beheerder"])


def test_signals_stand_under_their_fixed_item(geplande):
    klacht = SignaalFactory(titel="Meerwerk wordt laat betaald")
    vraag = SignaalFactory(soort="hulpvraag", titel="Wie heeft ervaring met BRL 7000?")
    Agendapunt.objects.create(bijeenkomst=geplande, soort="klaagpaal", titel=klacht.titel, signaal=klacht, volgorde=9)
    Agendapunt.objects.create(bijeenkomst=geplande, soort="hulpvraag", titel=vraag.titel, signaal=vraag, volgorde=9)

    regels = {regel.agendapunt.soort: regel for regel in selectors.agenda(bijeenkomst=geplande, vorige=None)}

    assert soorten_op_volgorde(geplande) == VASTE_SOORTEN  # not items of their own
    assert regels["klaagpaal"].signalen == [klacht] and regels["hulpvraag"].signalen == [vraag]
    assert regels["arbeidsmarkt"].signalen == []


# --- Voortgang uitvoeringsagenda -------------------------------------------------------------------------------------


def test_voortgang_lists_the_activities_changed_since_the_previous_meeting_of_the_same_werkgroep():
    werkgroep, andere = WerkgroepFactory(), WerkgroepFactory()
    vorige = BijeenkomstFactory(werkgroep=werkgroep, begin=moment(-60), einde=moment(-60, 17))
    BijeenkomstFactory(werkgroep=werkgroep, begin=moment(-20), einde=moment(-20, 17), status=Status.GEANNULEERD)
    BijeenkomstFactory(begin=moment(-10), einde=moment(-10, 17))  # the whole kring: another scope
    deze = BijeenkomstFactory(werkgroep=werkgroep, begin=moment(7), einde=moment(7, 17))
    gewijzigd = ActiviteitFactory(werkgroep=werkgroep, gewijzigd_op=moment(-30))
    ActiviteitFactory(werkgroep=werkgroep, gewijzigd_op=moment(-90))  # before the previous meeting
    ActiviteitFactory(werkgroep=andere, gewijzigd_op=moment(-30))  # another werkgroep

    assert selectors.vorige_bijeenkomst(bijeenkomst=deze) == vorige
    assert list(selectors.voortgang_activiteiten(bijeenkomst=deze, vorige=vorige)) == [gewijzigd]


def test_voortgang_of_the_whole_kring_takes_every_werkgroep_and_the_first_meeting_two_months():
    deze = BijeenkomstFactory(begin=moment(7), einde=moment(7, 17))
    recent = [ActiviteitFactory(gewijzigd_op=moment(-10)), ActiviteitFactory(gewijzigd_op=moment(-40))]
    ActiviteitFactory(gewijzigd_op=moment(-80))  # more than two months before the meeting
    Agendapunt.objects.create(bijeenkomst=deze, soort="voortgang", titel="Voortgang uitvoeringsagenda")

    [regel] = selectors.agenda(bijeenkomst=deze, vorige=selectors.vorige_bijeenkomst(bijeenkomst=deze))

    assert set(regel.activiteiten) == set(recent)


def test_volgende_bijeenkomst_is_the_next_planned_one_of_the_scope():
    werkgroep = WerkgroepFactory()
    BijeenkomstFactory(begin=moment(3), einde=moment(3, 17), status=Status.GEANNULEERD)
    BijeenkomstFactory(begin=moment(-3), einde=moment(-3, 17))
    volgende = BijeenkomstFactory(begin=moment(10), einde=moment(10, 17))
    BijeenkomstFactory(begin=moment(40), einde=moment(40, 17))
    van_werkgroep = BijeenkomstFactory(werkgroep=werkgroep, begin=moment(5), einde=moment(5, 17))

    assert selectors.volgende_bijeenkomst() == volgende
    assert selectors.volgende_bijeenkomst(werkgroep=werkgroep) == van_werkgroep
    assert selectors.volgende_bijeenkomst(werkgroep=WerkgroepFactory()) is None


# --- Registering and attendance --------------------------------------------------------------------------------------


def test_members_register_and_unregister_themselves(personas):
    vergadering = BijeenkomstFactory()
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["on_eigen"])

    services.aanwezigheid_melden(bijeenkomst=vergadering, gebruiker=personas["on_eigen"], status="aangemeld")
    services.aanwezigheid_melden(bijeenkomst=vergadering, gebruiker=personas["on_eigen"], status="afgemeld")
    # Not invited, welcome all the same: the kring is open.
    services.aanwezigheid_melden(bijeenkomst=vergadering, gebruiker=personas["on_ander"], status="aangemeld")

    assert dict(vergadering.aanwezigheden.values_list("gebruiker", "status")) == {
        personas["on_eigen"].pk: "afgemeld",
        personas["on_ander"].pk: "aangemeld",
    }
    assert AuditEvent.objects.filter(actie__in=["bijeenkomst.aangemeld", "bijeenkomst.afgemeld"]).count() == 3


@pytest.mark.parametrize(
    ("velden", "status", "tekst"),
    [
        ({}, "aanwezig", "U kunt zich alleen aanmelden of afmelden."),
        ({"status": Status.GEANNULEERD}, "aangemeld", "geannuleerd"),
        ({"begin": timezone.now() - datetime.timedelta(minutes=5)}, "aangemeld", "al begonnen"),
    ],
)
def test_registering_is_refused_when_it_makes_no_sense(personas, velden, status, tekst):
    vergadering = BijeenkomstFactory(**velden)
    with pytest.raises(ValidationError, match=tekst):
        services.aanwezigheid_melden(bijeenkomst=vergadering, gebruiker=personas["on_eigen"], status=status)
    assert not vergadering.aanwezigheden.exists()


def test_organiser_records_attendance_after_the_start(personas):
    vergadering = gehouden()
    komt, blijft_weg = AanwezigheidFactory.create_batch(2, bijeenkomst=vergadering, status="aangemeld")

    services.aanwezigheid_registreren(bijeenkomst=vergadering, aanwezig=[komt.gebruiker], door=personas["beheerder"])

    assert dict(vergadering.aanwezigheden.values_list("gebruiker", "status")) == {
        komt.gebruiker_id: "aanwezig",
        blijft_weg.gebruiker_id: "afwezig",
    }
    assert AuditEvent.objects.get(actie="bijeenkomst.aanwezigheid").na == {"aanwezig": [komt.gebruiker.naam]}


def test_attendance_waits_for_the_start_and_knows_only_invitees(personas):
    toekomst = BijeenkomstFactory()
    with pytest.raises(ValidationError, match="nog niet begonnen"):
        services.aanwezigheid_registreren(bijeenkomst=toekomst, aanwezig=[], door=personas["beheerder"])
    with pytest.raises(ValidationError, match="Alleen genodigden"):
        services.aanwezigheid_registreren(
            bijeenkomst=gehouden(), aanwezig=[personas["on_ander"]], door=personas["beheerder"]
        )
    with pytest.raises(PermissionDenied):
        services.aanwezigheid_registreren(bijeenkomst=gehouden(), aanwezig=[], door=personas["on_ander"])


# --- Minutes ---------------------------------------------------------------------------------------------------------


def test_organiser_writes_minutes_with_decisions_and_actiepunten(personas):
    vergadering = gehouden(aangemaakt_door=personas["on_eigen"])
    voortgang = AgendapuntFactory(bijeenkomst=vergadering, soort="voortgang")
    deadline = timezone.localdate() + datetime.timedelta(days=30)

    services.verslag_opslaan(
        bijeenkomst=vergadering,
        verslag="## Opening\n\nDe voorzitter opent de vergadering.",
        besluiten=[BesluitGegevens(tekst="De pilot Visbrug loopt door tot de zomer.", agendapunt=voortgang)],
        actiepunten=[
            ActiepuntGegevens(
                omschrijving="Evaluatie Visbrug agenderen", eigenaar=personas["gemeente"], deadline=deadline
            )
        ],
        door=personas["on_eigen"],
    )

    vergadering.refresh_from_db()
    assert vergadering.verslag.startswith("## Opening")
    besluit = Besluit.objects.get()
    assert (besluit.tekst, besluit.agendapunt, besluit.volgorde) == (
        "De pilot Visbrug loopt door tot de zomer.",
        voortgang,
        1,
    )
    actiepunt = Actiepunt.objects.get()
    assert (actiepunt.eigenaar, actiepunt.deadline, actiepunt.gedaan_op) == (personas["gemeente"], deadline, None)
    event = AuditEvent.objects.get(actie="bijeenkomst.verslag_opgeslagen")
    assert event.na["actiepunten"] == [
        {
            "omschrijving": "Evaluatie Visbrug agenderen",
            "eigenaar": personas["gemeente"].naam,
            "deadline": str(deadline),
        }
    ]


def test_saving_again_updates_removes_and_keeps_what_is_done(personas):
    vergadering = gehouden()
    blijft = ActiepuntFactory(bijeenkomst=vergadering, gedaan_op=timezone.now())
    ActiepuntFactory(bijeenkomst=vergadering)  # left out: removed
    BesluitFactory(bijeenkomst=vergadering)  # left out: removed

    services.verslag_opslaan(
        bijeenkomst=vergadering,
        verslag="Kort verslag.",
        besluiten=[],
        actiepunten=[
            ActiepuntGegevens(
                omschrijving="Nieuwe omschrijving", eigenaar=blijft.eigenaar, deadline=blijft.deadline, pk=blijft.pk
            )
        ],
        door=personas["beheerder"],
    )

    [actiepunt] = Actiepunt.objects.all()
    assert actiepunt.pk == blijft.pk and actiepunt.omschrijving == "Nieuwe omschrijving" and actiepunt.gedaan_op
    assert not Besluit.objects.exists()


@pytest.mark.parametrize(
    "verslag",
    [
        "Goed overleg.<script>alert('x')</script>",
        'Zie <img src="x" onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        "<SCRIPT SRC=//voorbeeld.test/x.js></SCRIPT>",
    ],
)
def test_minutes_with_script_or_event_handlers_are_refused_and_nothing_is_saved(personas, verslag):
    vergadering = gehouden()
    with pytest.raises(ValidationError, match="Deze tekst bevat HTML die een script kan uitvoeren"):
        services.verslag_opslaan(
            bijeenkomst=vergadering,
            verslag=verslag,
            besluiten=[BesluitGegevens(tekst="Wordt niet bewaard.")],
            actiepunten=[],
            door=personas["beheerder"],
        )
    vergadering.refresh_from_db()
    assert vergadering.verslag == "" and not Besluit.objects.exists()


@pytest.mark.parametrize(
    ("besluit", "actie"),
    [
        ('Besloten: <img src=x onerror="alert(1)">', "Leerlingen in beeld"),
        ("Besloten.", "[klik](javascript:alert(1))"),
    ],
)
def test_decisions_and_actiepunten_with_script_are_refused_and_nothing_is_saved(personas, besluit, actie):
    vergadering = gehouden()
    with pytest.raises(ValidationError, match="HTML die een script kan uitvoeren"):
        services.verslag_opslaan(
            bijeenkomst=vergadering,
            verslag="Goed overleg.",
            besluiten=[BesluitGegevens(tekst=besluit)],
            actiepunten=[
                ActiepuntGegevens(omschrijving=actie, eigenaar=personas["gemeente"], deadline=timezone.localdate())
            ],
            door=personas["beheerder"],
        )
    vergadering.refresh_from_db()
    assert vergadering.verslag == "" and not Besluit.objects.exists() and not Actiepunt.objects.exists()


def test_agenda_items_and_the_meeting_itself_refuse_script(geplande, personas):
    beheerder = personas["beheerder"]
    with pytest.raises(ValidationError) as fout:
        services.agendapunt_create(
            bijeenkomst=geplande, titel="Rondvraag", toelichting="<iframe src=x></iframe>", door=beheerder
        )
    assert "HTML die een script kan uitvoeren" in fout.value.message_dict["toelichting"][0]
    arbeidsmarkt = geplande.agendapunten.get(soort="arbeidsmarkt")
    with pytest.raises(ValidationError) as fout:
        services.agendapunt_update(
            agendapunt=arbeidsmarkt, titel="Arbeidsmarkt", toelichting="<script>x()</script>", door=beheerder
        )
    assert "toelichting" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        services.bijeenkomst_update(
            bijeenkomst=geplande, gegevens=gegevens(omschrijving="<style>main{}</style>"), door=beheerder
        )
    assert "omschrijving" in fout.value.message_dict
    geplande.refresh_from_db()
    arbeidsmarkt.refresh_from_db()
    assert geplande.omschrijving == "" and arbeidsmarkt.toelichting != "<script>x()</script>"
    assert soorten_op_volgorde(geplande) == VASTE_SOORTEN
    assert not AuditEvent.objects.filter(actie__in=["bijeenkomst.gewijzigd", "bijeenkomst.agendapunt_gewijzigd"])


def test_changing_an_agenda_item_audits_only_what_changed(geplande, personas):
    rondvraag = services.agendapunt_create(
        bijeenkomst=geplande, titel="Rondvraag", toelichting="Wat verder ter tafel komt", door=personas["beheerder"]
    )
    services.agendapunt_update(
        agendapunt=rondvraag, titel="Rondvraag", toelichting="Kort, graag", door=personas["beheerder"]
    )
    event = AuditEvent.objects.get(actie="bijeenkomst.agendapunt_gewijzigd")
    assert (event.voor, event.na) == ({"toelichting": "Wat verder ter tafel komt"}, {"toelichting": "Kort, graag"})


def test_an_actiepunt_due_before_the_meeting_or_for_a_blocked_owner_is_refused_whole(personas):
    vergadering = gehouden()
    eergisteren = timezone.localdate() - datetime.timedelta(days=2)
    goed = ActiepuntGegevens(omschrijving="Goed", eigenaar=personas["on_eigen"], deadline=timezone.localdate())
    te_vroeg = ActiepuntGegevens(omschrijving="Te vroeg", eigenaar=personas["on_eigen"], deadline=eergisteren)
    with pytest.raises(ValidationError, match="De deadline van “Te vroeg” ligt vóór de bijeenkomst"):
        services.verslag_opslaan(
            bijeenkomst=vergadering,
            verslag="Verslag",
            besluiten=[],
            actiepunten=[goed, te_vroeg],
            door=personas["beheerder"],
        )
    geblokkeerd = UserFactory(status=User.Status.GEBLOKKEERD, naam="Oud Lid")
    niet_actief = ActiepuntGegevens(omschrijving="Niemand", eigenaar=geblokkeerd, deadline=timezone.localdate())
    with pytest.raises(ValidationError, match="Oud Lid is geen actief lid"):
        services.verslag_opslaan(
            bijeenkomst=vergadering,
            verslag="Verslag",
            besluiten=[],
            actiepunten=[niet_actief],
            door=personas["beheerder"],
        )
    vergadering.refresh_from_db()
    assert vergadering.verslag == "" and not Actiepunt.objects.exists()


def test_rows_of_another_meeting_are_refused(personas):
    vergadering, andere = gehouden(), gehouden()
    vreemd = ActiepuntFactory(bijeenkomst=andere)
    vreemd_punt = AgendapuntFactory(bijeenkomst=andere)
    with pytest.raises(ValidationError, match="hoort niet bij deze bijeenkomst"):
        services.verslag_opslaan(
            bijeenkomst=vergadering,
            verslag="",
            besluiten=[],
            actiepunten=[
                ActiepuntGegevens(omschrijving="x", eigenaar=vreemd.eigenaar, deadline=vreemd.deadline, pk=vreemd.pk)
            ],
            door=personas["beheerder"],
        )
    with pytest.raises(ValidationError, match="hoort niet bij deze bijeenkomst"):
        services.verslag_opslaan(
            bijeenkomst=vergadering,
            verslag="",
            besluiten=[BesluitGegevens(tekst="x", agendapunt=vreemd_punt)],
            actiepunten=[],
            door=personas["beheerder"],
        )
    assert Actiepunt.objects.get().omschrijving == vreemd.omschrijving


def test_minutes_wait_for_the_start(personas):
    with pytest.raises(ValidationError, match="nog niet begonnen"):
        services.verslag_opslaan(
            bijeenkomst=BijeenkomstFactory(),
            verslag="Te vroeg",
            besluiten=[],
            actiepunten=[],
            door=personas["beheerder"],
        )


# --- The status flow -------------------------------------------------------------------------------------------------


def test_vaststellen_locks_the_minutes(personas):
    vergadering = gehouden(verslag="Verslag van de kenniskring.", aangemaakt_door=personas["on_eigen"])

    services.bijeenkomst_set_status(bijeenkomst=vergadering, status=Status.GEHOUDEN, door=personas["on_eigen"])

    vergadering.refresh_from_db()
    assert vergadering.status == Status.GEHOUDEN and vergadering.verslag_vastgesteld_op is not None
    assert AuditEvent.objects.get(actie="bijeenkomst.verslag_vastgesteld").na == {"status": "gehouden"}
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.verslag_opslaan(
            bijeenkomst=vergadering, verslag="Later nog iets", besluiten=[], actiepunten=[], door=personas["on_eigen"]
        )
    with pytest.raises(ValidationError, match="kan niet naar geannuleerd"):
        services.bijeenkomst_set_status(bijeenkomst=vergadering, status=Status.GEANNULEERD, door=personas["on_eigen"])


@pytest.mark.parametrize(
    ("vergadering", "tekst"),
    [
        (lambda: BijeenkomstFactory(verslag="Alvast geschreven"), "nog niet begonnen"),
        (lambda: gehouden(), "Er is nog geen verslag."),
    ],
)
def test_vaststellen_needs_a_meeting_that_began_and_minutes(personas, vergadering, tekst):
    vergadering = vergadering()
    with pytest.raises(ValidationError, match=tekst):
        services.bijeenkomst_set_status(bijeenkomst=vergadering, status=Status.GEHOUDEN, door=personas["beheerder"])
    vergadering.refresh_from_db()
    assert vergadering.status == Status.GEPLAND


def test_cancelling_tells_the_invitees(personas, uitnodigingen, django_capture_on_commit_callbacks):
    vergadering = BijeenkomstFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.bijeenkomst_set_status(bijeenkomst=vergadering, status=Status.GEANNULEERD, door=personas["beheerder"])
    vergadering.refresh_from_db()
    assert vergadering.status == Status.GEANNULEERD and vergadering.volgnummer == 1
    assert uitnodigingen == [vergadering.pk]
    assert services.overgangen_vanuit(vergadering) == {}


def test_only_the_organiser_changes_the_status(personas):
    vergadering = BijeenkomstFactory(aangemaakt_door=personas["on_eigen"])
    with pytest.raises(PermissionDenied):
        services.bijeenkomst_set_status(bijeenkomst=vergadering, status=Status.GEANNULEERD, door=personas["gemeente"])


def test_status_flow_is_the_table():
    assert set(services.OVERGANGEN) == {(Status.GEPLAND, Status.GEHOUDEN), (Status.GEPLAND, Status.GEANNULEERD)}


# --- Actiepunten -----------------------------------------------------------------------------------------------------


def test_owner_marks_done_and_reopens(personas):
    actiepunt = ActiepuntFactory(eigenaar=personas["on_eigen"])

    services.actiepunt_done(actiepunt=actiepunt, door=personas["on_eigen"])
    actiepunt.refresh_from_db()
    assert actiepunt.gedaan_op is not None
    with pytest.raises(ValidationError, match="al gedaan"):
        services.actiepunt_done(actiepunt=actiepunt, door=personas["on_eigen"])

    services.actiepunt_reopen(actiepunt=actiepunt, door=personas["on_eigen"])
    actiepunt.refresh_from_db()
    assert actiepunt.gedaan_op is None
    with pytest.raises(ValidationError, match="staat al open"):
        services.actiepunt_reopen(actiepunt=actiepunt, door=personas["on_eigen"])
    assert list(
        AuditEvent.objects.filter(object_type__model="actiepunt", object_id=str(actiepunt.pk))
        .values_list("actie", flat=True)
        .order_by("pk")
    ) == [
        "actiepunt.gedaan",
        "actiepunt.heropend",
    ]


def test_the_organiser_may_tick_off_others_not(personas):
    actiepunt = ActiepuntFactory(eigenaar=personas["on_eigen"], bijeenkomst__aangemaakt_door=personas["gemeente"])
    services.actiepunt_done(actiepunt=actiepunt, door=personas["gemeente"])
    with pytest.raises(PermissionDenied):
        services.actiepunt_reopen(actiepunt=actiepunt, door=personas["on_ander"])


# --- Access rules ----------------------------------------------------------------------------------------------------


def test_who_plans_and_organises(personas):
    werkgroep = WerkgroepFactory()
    trekker = trekker_van(werkgroep)
    oud_trekker = trekker_van(werkgroep, van=datetime.date(2020, 1, 1), tot=datetime.date(2022, 1, 1))
    lid = LidmaatschapFactory(werkgroep=werkgroep).gebruiker
    van_werkgroep = BijeenkomstFactory(werkgroep=werkgroep)
    kringbreed = BijeenkomstFactory(aangemaakt_door=lid)

    assert [mag_bijeenkomsten_plannen(u) for u in (personas["beheerder"], trekker, oud_trekker, lid)] == [
        True,
        True,
        False,
        False,
    ]
    assert mag_bijeenkomst_plannen_voor(personas["beheerder"], None)
    assert not mag_bijeenkomst_plannen_voor(trekker, None)
    assert mag_bijeenkomst_plannen_voor(trekker, werkgroep)
    assert not mag_bijeenkomst_plannen_voor(trekker, WerkgroepFactory())
    assert mag_bijeenkomst_beheren(trekker, van_werkgroep) and not mag_bijeenkomst_beheren(lid, van_werkgroep)
    assert mag_bijeenkomst_beheren(lid, kringbreed)  # who planned it
    assert not mag_bijeenkomst_beheren(trekker, kringbreed)
    assert mag_bijeenkomst_beheren(personas["beheerder"], kringbreed)
    User.objects.filter(pk=lid.pk).update(status=User.Status.GEBLOKKEERD)
    lid.refresh_from_db()
    assert not mag_bijeenkomst_beheren(lid, kringbreed)
    assert not mag_actiepunt_afvinken(lid, ActiepuntFactory(eigenaar=lid))


def test_meetings_are_for_members_only(personas):
    vergadering = BijeenkomstFactory()
    aanvrager = UserFactory(aangevraagd=True)
    assert list(selectors.bijeenkomst_list(user=personas["on_ander"])) == [vergadering]
    assert not selectors.bijeenkomst_list(user=aanvrager).exists()
    with pytest.raises(Http404):
        selectors.bijeenkomst_get(user=aanvrager, pk=vergadering.pk)


# --- PDFs ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def met_verslag(personas):
    vergadering = gehouden(
        titel="Kenniskring januari",
        verslag='De kring bespreekt **de Visbrug**.<p onclick="x()">geklikt</p>',
        aangemaakt_door=personas["beheerder"],
    )
    for nummer, (soort, titel) in enumerate(
        [("arbeidsmarkt", "Arbeidsmarkt"), ("voortgang", "Voortgang uitvoeringsagenda"), ("eigen", "Rondvraag")]
    ):
        AgendapuntFactory(bijeenkomst=vergadering, soort=soort, titel=titel, volgorde=nummer)
    BesluitFactory(bijeenkomst=vergadering, tekst="De pilot met wederzijdse beoordeling wordt verlengd.")
    ActiepuntFactory(
        bijeenkomst=vergadering, omschrijving="Leerlingen BBL in beeld brengen", eigenaar=personas["gemeente"]
    )
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["on_eigen"], status="aanwezig")
    ActiviteitFactory(titel="Spreiding aanbestedingen 2026", gewijzigd_op=timezone.now() - datetime.timedelta(days=3))
    return vergadering


@pytest.mark.parametrize("soort", [Rapport.Soort.BIJEENKOMST_AGENDA, Rapport.Soort.BIJEENKOMST_VERSLAG])
def test_pdf_holds_the_agenda_and_the_minutes(met_verslag, personas, soort):
    soortdef = rapportsoort(soort)
    obj = soortdef.object_voor(user=personas["on_ander"], parameters=soortdef.parameters(met_verslag.pk))

    html, pdf = render_to_pdf(soortdef.template, soortdef.context(obj))

    assert pdf.startswith(b"%PDF")
    for tekst in ["Kenniskring januari", "1. Arbeidsmarkt", "2. Voortgang uitvoeringsagenda", "3. Rondvraag"]:
        assert tekst in html
    assert "Spreiding aanbestedingen 2026" in html  # the voortgang item lists the changed activity
    if soort == Rapport.Soort.BIJEENKOMST_VERSLAG:
        assert "<strong>de Visbrug</strong>" in html and "onclick" not in html
        assert "De pilot met wederzijdse beoordeling wordt verlengd." in html
        assert "Leerlingen BBL in beeld brengen" in html and personas["gemeente"].naam in html
        assert personas["on_eigen"].naam in html  # present
        assert "Concept:" in html
    else:
        assert "Leerlingen BBL" not in html


def test_pdf_is_for_members(met_verslag):
    soortdef = rapportsoort(Rapport.Soort.BIJEENKOMST_AGENDA)
    with pytest.raises(GegevensOntbreken):
        soortdef.object_voor(user=UserFactory(aangevraagd=True), parameters={"bijeenkomst": met_verslag.pk})


def test_requesting_the_pdf_queues_a_report_with_the_meetings_title(
    met_verslag, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rapport = rapport_request(
            soort=Rapport.Soort.BIJEENKOMST_VERSLAG,
            parameters={"bijeenkomst": met_verslag.pk},
            door=personas["on_eigen"],
        )
    rapport.refresh_from_db()
    assert rapport.titel == f"Verslag: Kenniskring januari ({timezone.localtime(met_verslag.begin):%d-%m-%Y})"
    assert rapport.status == Rapport.Status.KLAAR  # tasks run eagerly in tests


# --- The reminder a week before --------------------------------------------------------------------------------------


def test_reminder_a_week_before_goes_once_to_who_did_not_decline(personas):
    vergadering = BijeenkomstFactory(titel="Kenniskring april", begin=moment(7), einde=moment(7, 17))
    AgendapuntFactory(bijeenkomst=vergadering, soort="arbeidsmarkt", titel="Arbeidsmarkt", volgorde=1)
    AgendapuntFactory(bijeenkomst=vergadering, titel="Presentatie SROI met BBL-leerlingen", volgorde=2)
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["on_eigen"])
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["gemeente"], status="aangemeld")
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["on_ander"], status="afgemeld")
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=UserFactory(status=User.Status.GEBLOKKEERD))
    BijeenkomstFactory(begin=moment(9), einde=moment(9, 17)).aanwezigheden.create(gebruiker=personas["stuurgroep"])
    BijeenkomstFactory(begin=moment(5), einde=moment(5, 17), status=Status.GEANNULEERD).aanwezigheden.create(
        gebruiker=personas["stuurgroep"]
    )
    vandaag = timezone.localdate()

    herinneringen_send(vandaag=vandaag)
    herinneringen_send(vandaag=vandaag)  # the same day again
    herinneringen_send(vandaag=vandaag + datetime.timedelta(days=1))  # and the next day

    assert sorted(bericht.to[0] for bericht in mail.outbox) == sorted(
        [personas["on_eigen"].email, personas["gemeente"].email]
    )
    bericht = next(b for b in mail.outbox if b.to == [personas["on_eigen"].email])
    assert "Kenniskring april" in bericht.subject
    assert "Presentatie SROI met BBL-leerlingen" in bericht.body and "1. Arbeidsmarkt" in bericht.body
    assert f"http://testserver.example/werkgroepen/bijeenkomsten/{vergadering.pk}/" in bericht.body
    assert "U bent uitgenodigd" in bericht.body
    html = bericht.alternatives[0][0]
    assert "Presentatie SROI met BBL-leerlingen" in html
    assert Herinnering.objects.filter(soort="bijeenkomst_binnenkort").count() == 2


def test_a_late_planned_meeting_is_reminded_on_the_next_sweep_and_a_past_day_not(personas):
    morgen = BijeenkomstFactory(begin=moment(1), einde=moment(1, 17))
    AanwezigheidFactory(bijeenkomst=morgen, gebruiker=personas["on_eigen"])
    vandaag = timezone.localdate()

    herinneringen_send(vandaag=vandaag + datetime.timedelta(days=1))  # the day itself: too late
    assert not mail.outbox
    herinneringen_send(vandaag=vandaag)
    assert [bericht.to for bericht in mail.outbox] == [[personas["on_eigen"].email]]


def test_the_reminder_can_be_switched_off(personas):
    vergadering = BijeenkomstFactory(begin=moment(7), einde=moment(7, 17))
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=personas["on_eigen"])
    herinneringvoorkeur_set(gebruiker=personas["on_eigen"], soort="bijeenkomst_binnenkort", frequentie="uit")
    with pytest.raises(ValidationError):
        herinneringvoorkeur_set(gebruiker=personas["on_eigen"], soort="bijeenkomst_binnenkort", frequentie="wekelijks")
    herinneringen_send(vandaag=timezone.localdate())
    assert not mail.outbox


# --- Personal data ---------------------------------------------------------------------------------------------------


def test_export_holds_invitations_actiepunten_and_planned_meetings(personas):
    lid = personas["on_eigen"]
    vergadering = BijeenkomstFactory(titel="Kenniskring mei", aangemaakt_door=lid)
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=lid, status="aangemeld")
    ActiepuntFactory(bijeenkomst=vergadering, eigenaar=lid, omschrijving="Notitie rondsturen")
    ActiepuntFactory(bijeenkomst=vergadering, omschrijving="Van een ander")

    gegevens = persoonsgegevens_verzamelen(lid)["gegevens"]

    assert [(rij["bijeenkomst_titel"], rij["status"]) for rij in gegevens["bijeenkomsten_deelname"]] == [
        ("Kenniskring mei", "aangemeld")
    ]
    assert [rij["omschrijving"] for rij in gegevens["actiepunten"]] == ["Notitie rondsturen"]
    assert [rij["titel"] for rij in gegevens["bijeenkomsten_georganiseerd"]] == ["Kenniskring mei"]


@mock.patch.object(tasks.mail_uitnodigingen, "delay")
def test_planning_queues_the_invitations_only_after_commit(delay, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        vergadering = services.bijeenkomst_create(gegevens=gegevens(), door=personas["beheerder"])
        delay.assert_not_called()
    # Besides the cached fragments' refresh (kring.fragmenten), one callback: the invitations.
    eigen = [callback for callback in callbacks if callback.__module__ != "kring.fragmenten"]
    assert len(eigen) == 1
    eigen[0]()
    delay.assert_called_once_with(vergadering.pk)
