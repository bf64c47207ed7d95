"""Klaagpaal and hulpvraag: raising an item (also anonymously, without any trace of the author), the status flow, the
answer, putting it on the next meeting's agenda, bad input, and the pages."""

import datetime
import logging

from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from kring.models import AuditEvent, Herinnering, User
from kring.persoonsgegevens import persoonsgegevens_verzamelen
from tests.conftest import client_for
from tests.factories import BijeenkomstFactory, LidmaatschapFactory, SignaalFactory, UserFactory, WerkgroepFactory
from tests.querycount import assert_queries_stable
from werkgroepen.models import Agendapunt, Bijeenkomst, Signaal
from werkgroepen.services import signalen as services

Status = Signaal.Status


@pytest.fixture
def lid(db):
    return UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test")


@pytest.fixture
def beheerder(personas):
    return personas["beheerder"]


def nieuw(indiener, **velden):
    gegevens = {
        "soort": "klaagpaal",
        "titel": "Facturen meerwerk blijven maanden liggen",
        "omschrijving": "Na de oplevering duurt het vaak drie maanden voor meerwerk betaald wordt.",
        **velden,
    }
    return services.signaal_create(indiener=indiener, **gegevens)


# --- Raising an item -------------------------------------------------------------------------------------------------


def test_member_raises_an_item_under_their_name(lid):
    werkgroep = WerkgroepFactory()
    signaal = nieuw(lid, werkgroep=werkgroep)
    signaal.refresh_from_db()
    assert (signaal.indiener, signaal.status, signaal.werkgroep) == (lid, Status.NIEUW, werkgroep)
    assert signaal.ingediend_op == timezone.localdate()
    event = AuditEvent.objects.get(actie="signaal.ingediend")
    assert (event.actor, event.object_id) == (lid, str(signaal.pk))
    assert event.na == {"soort": "klaagpaal", "werkgroep": werkgroep.naam, "anoniem": False}
    [rij] = persoonsgegevens_verzamelen(lid)["gegevens"]["klaagpaal_en_hulpvragen"]
    assert rij["titel"] == signaal.titel and rij["werkgroep_naam"] == werkgroep.naam


def test_anonymous_item_stores_no_author_and_an_audit_event_without_anyone(lid):
    signaal = nieuw(lid, anoniem=True)
    signaal.refresh_from_db()
    assert signaal.indiener is None
    event = AuditEvent.objects.get(actie="signaal.ingediend")
    assert (event.actor, event.actor_omschrijving, event.ip_adres) == (None, "", None)
    assert timezone.localtime(event.tijdstip).time() == datetime.time(0)  # only the day, like the item itself
    assert event.na == {"soort": "klaagpaal", "werkgroep": None, "anoniem": True}
    assert not mail.outbox and not Herinnering.objects.exists()
    assert persoonsgegevens_verzamelen(lid)["gegevens"]["klaagpaal_en_hulpvragen"] == []


def _alle_rijen() -> dict:
    """Every row of every table (through tables included), by model and primary key."""
    return {
        (model._meta.label, rij[model._meta.pk.attname]): rij
        for model in apps.get_models(include_auto_created=True)
        for rij in model._base_manager.values()
    }


def _sporen(label: str, rij: dict, auteur: User, ip: str) -> list[str]:
    """What in `rij` points at `auteur`: a relation to them, or their name, e-mail address or IP address in text."""
    model = apps.get_model(label)
    gevonden = [
        veld.attname
        for veld in model._meta.concrete_fields
        if veld.is_relation and veld.related_model is User and rij[veld.attname] == auteur.pk
    ]
    tekst = str(rij).lower()
    gevonden += [spoor for spoor in (auteur.naam.lower(), auteur.email, ip) if spoor in tekst]
    return gevonden


def test_anonymous_submission_leaves_no_trace_of_the_author_anywhere(lid, caplog):
    """Through the real page: afterwards exactly two rows are new (the item and its audit event), and no row the
    submission wrote or changed names the author, by relation, name, e-mail or IP address. No mail, no log line."""
    werkgroep = WerkgroepFactory()
    client = client_for(lid)
    assert client.get("/werkgroepen/klaagpaal/nieuw/").status_code == 200  # the session settles first
    voor = _alle_rijen()
    gegevens = {
        "soort": "hulpvraag",
        "titel": "Wie heeft ervaring met de CO2-prestatieladder?",
        "omschrijving": "Wij willen trede 3 halen en zoeken een collega die het traject al doorliep.",
        "werkgroep": werkgroep.pk,
        "anoniem": "on",
    }
    with caplog.at_level(logging.DEBUG):
        response = client.post("/werkgroepen/klaagpaal/nieuw/", gegevens, REMOTE_ADDR="203.0.113.45")

    assert response.status_code == 302 and response["Location"] == "/werkgroepen/klaagpaal/"
    na = _alle_rijen()
    gewijzigd = {sleutel: rij for sleutel, rij in na.items() if voor.get(sleutel) != rij}
    # Besides the item and its audit event only the author's own session changes: it holds the flash message.
    assert sorted(label for label, _ in gewijzigd) == ["kring.AuditEvent", "sessions.Session", "werkgroepen.Signaal"]
    assert not [sleutel for sleutel in voor if sleutel not in na]
    for (label, _), rij in gewijzigd.items():
        if label != "sessions.Session":
            assert not _sporen(label, rij, lid, "203.0.113.45"), (label, rij)
    assert not mail.outbox
    assert not [r.getMessage() for r in caplog.records if lid.email in r.getMessage() or lid.naam in r.getMessage()]
    # The author's own data export does not know either.
    assert "CO2-prestatieladder" not in str(persoonsgegevens_verzamelen(lid))
    # The message that follows names nothing that ties this session to the item.
    pagina = client.get(response["Location"]).content.decode()
    assert "Uw melding staat anoniem op de klaagpaal." in pagina


def test_item_for_a_closed_werkgroep_is_refused(lid):
    werkgroep = WerkgroepFactory(gesloten_op=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError) as fout:
        nieuw(lid, werkgroep=werkgroep)
    assert "is gesloten" in fout.value.message_dict["werkgroep"][0]
    assert not Signaal.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "omschrijving",
    [
        "Zie <script>alert('hoi')</script>",
        '<img src="x" onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        '<a href="#" onclick = "stuur()">hier</a>',
    ],
)
def test_script_or_event_handler_html_is_refused(lid, omschrijving):
    with pytest.raises(ValidationError) as fout:
        nieuw(lid, omschrijving=omschrijving)
    assert "HTML die een script kan uitvoeren" in fout.value.message_dict["omschrijving"][0]
    assert not Signaal.objects.exists()


def test_the_word_javascript_in_a_sentence_is_fine_script_in_the_title_is_not(lid):
    signaal = nieuw(
        lid, omschrijving="Het inschrijfportaal werkt niet zonder JavaScript; javascript: aan, zegt de helpdesk."
    )
    assert "javascript:" in signaal.omschrijving
    with pytest.raises(ValidationError) as fout:
        nieuw(lid, titel="<svg onload=alert(1)>")
    assert "titel" in fout.value.message_dict and Signaal.objects.count() == 1


def test_only_active_members_raise_items(db):
    with pytest.raises(PermissionDenied):
        nieuw(UserFactory(aangevraagd=True))


# --- Handling: status, answer, agenda --------------------------------------------------------------------------------


def test_transition_table(lid, beheerder):
    signaal = nieuw(lid)
    assert services.overgangen_vanuit(signaal) == [Status.BESPROKEN, Status.OPGEVOLGD]  # geagendeerd: via the agenda
    services.signaal_set_status(signaal=signaal, status=Status.BESPROKEN, door=beheerder)
    services.signaal_set_status(signaal=signaal, status=Status.OPGEVOLGD, door=beheerder)
    signaal.refresh_from_db()
    assert signaal.status == Status.OPGEVOLGD and services.overgangen_vanuit(signaal) == []
    with pytest.raises(ValidationError, match="kan niet naar"):
        services.signaal_set_status(signaal=signaal, status=Status.NIEUW, door=beheerder)
    with pytest.raises(ValidationError, match="Op de agenda zetten"):
        services.signaal_set_status(signaal=nieuw(lid), status=Status.GEAGENDEERD, door=beheerder)
    events = AuditEvent.objects.filter(object_id=str(signaal.pk), actie__in=["signaal.besproken", "signaal.opgevolgd"])
    assert [(e.actie, e.voor, e.na, e.actor) for e in events.order_by("pk")] == [
        ("signaal.besproken", {"status": "nieuw"}, {"status": "besproken"}, beheerder),
        ("signaal.opgevolgd", {"status": "besproken"}, {"status": "opgevolgd"}, beheerder),
    ]


def test_who_handles_an_item(lid, beheerder):
    werkgroep, andere = WerkgroepFactory(), WerkgroepFactory()
    trekker = LidmaatschapFactory(werkgroep=werkgroep, rol="trekker").gebruiker
    trekker_elders = LidmaatschapFactory(werkgroep=andere, rol="trekker").gebruiker
    gewoon_lid = LidmaatschapFactory(werkgroep=werkgroep).gebruiker
    van_werkgroep, van_kring = nieuw(lid, werkgroep=werkgroep), nieuw(lid)

    services.signaal_answer(signaal=van_werkgroep, antwoord="Wij nemen het mee naar het inkoopoverleg.", door=trekker)
    services.signaal_answer(signaal=van_kring, antwoord="Staat op de kenniskring.", door=beheerder)
    for niet in (trekker_elders, gewoon_lid, lid):
        with pytest.raises(PermissionDenied):
            services.signaal_set_status(signaal=van_werkgroep, status=Status.BESPROKEN, door=niet)
    with pytest.raises(PermissionDenied):  # an item for the whole kring is the beheerders'
        services.signaal_answer(signaal=van_kring, antwoord="Ik pak het op.", door=trekker)
    van_werkgroep.refresh_from_db()
    assert (van_werkgroep.beantwoord_door, van_werkgroep.status) == (trekker, Status.NIEUW)


def test_answer_is_required_and_script_refused(lid, beheerder):
    signaal = nieuw(lid)
    with pytest.raises(ValidationError, match="Schrijf een antwoord"):
        services.signaal_answer(signaal=signaal, antwoord="  ", door=beheerder)
    with pytest.raises(ValidationError, match="HTML die een script kan uitvoeren"):
        services.signaal_answer(signaal=signaal, antwoord="<script>x()</script>", door=beheerder)
    signaal.refresh_from_db()
    assert signaal.antwoord == "" and signaal.beantwoord_door is None


def test_put_on_the_next_meeting_of_the_werkgroep_after_its_items(lid, beheerder):
    werkgroep = WerkgroepFactory()
    kring = BijeenkomstFactory(begin=timezone.now() + datetime.timedelta(days=3))
    eerst = BijeenkomstFactory(werkgroep=werkgroep, begin=timezone.now() + datetime.timedelta(days=5))
    BijeenkomstFactory(werkgroep=werkgroep, begin=timezone.now() + datetime.timedelta(days=40))
    BijeenkomstFactory(werkgroep=werkgroep, begin=timezone.now() + datetime.timedelta(days=2), status="geannuleerd")
    Agendapunt.objects.create(bijeenkomst=eerst, soort="arbeidsmarkt", titel="Arbeidsmarkt", volgorde=1)
    Agendapunt.objects.create(bijeenkomst=eerst, soort="eigen", titel="Rondvraag", volgorde=7)
    signaal = nieuw(lid, werkgroep=werkgroep, soort="hulpvraag")

    agendapunt = services.signaal_put_on_agenda(signaal=signaal, door=beheerder)

    assert (agendapunt.bijeenkomst, agendapunt.soort, agendapunt.titel) == (eerst, "hulpvraag", signaal.titel)
    assert (agendapunt.signaal, agendapunt.volgorde) == (signaal, 8)
    signaal.refresh_from_db()
    assert signaal.status == Status.GEAGENDEERD
    event = AuditEvent.objects.get(actie="signaal.geagendeerd")
    assert event.na == {"status": "geagendeerd", "bijeenkomst": str(eerst)}
    with pytest.raises(ValidationError, match="staat al op de agenda"):
        services.signaal_put_on_agenda(signaal=signaal, door=beheerder)
    assert not kring.agendapunten.exists()


def test_without_a_werkgroep_meeting_the_kring_meeting_takes_it(lid, beheerder):
    kring = BijeenkomstFactory()
    BijeenkomstFactory(werkgroep=WerkgroepFactory())  # another werkgroep's meeting is no place for it
    signaal = nieuw(lid, werkgroep=WerkgroepFactory())
    assert services.signaal_put_on_agenda(signaal=signaal, door=beheerder).bijeenkomst == kring
    assert kring.agendapunten.get().volgorde == 0


def test_without_a_planned_meeting_nothing_changes(lid, beheerder):
    BijeenkomstFactory(begin=timezone.now() - datetime.timedelta(days=2), status="gehouden")
    signaal = nieuw(lid)
    with pytest.raises(ValidationError, match="nog geen geplande bijeenkomst"):
        services.signaal_put_on_agenda(signaal=signaal, door=beheerder)
    signaal.refresh_from_db()
    assert signaal.status == Status.NIEUW and not Agendapunt.objects.exists()
    assert not AuditEvent.objects.filter(actie="signaal.geagendeerd").exists()


def test_discussed_item_can_go_on_the_agenda_again(lid, beheerder):
    BijeenkomstFactory()
    signaal = nieuw(lid)
    services.signaal_set_status(signaal=signaal, status=Status.BESPROKEN, door=beheerder)
    services.signaal_put_on_agenda(signaal=signaal, door=beheerder)
    signaal.refresh_from_db()
    assert signaal.status == Status.GEAGENDEERD


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_list_shows_open_items_first_and_filters(lid):
    werkgroep = WerkgroepFactory(naam="SROI")
    oud_open = SignaalFactory(titel="Wisselende contactpersonen", ingediend_op=datetime.date(2025, 1, 10))
    nieuw_afgehandeld = SignaalFactory(titel="Korte inschrijftermijnen", status=Status.OPGEVOLGD)
    hulp = SignaalFactory(titel="BBL-leerling zoekt project", soort="hulpvraag", werkgroep=werkgroep, indiener=None)
    client = client_for(lid)

    pagina = client.get("/werkgroepen/klaagpaal/").context["pagina"]
    assert list(pagina.object_list) == [hulp, oud_open, nieuw_afgehandeld]
    assert list(client.get("/werkgroepen/klaagpaal/?soort=hulpvraag").context["pagina"].object_list) == [hulp]
    assert list(client.get("/werkgroepen/klaagpaal/?status=opgevolgd").context["pagina"].object_list) == [
        nieuw_afgehandeld
    ]
    assert list(client.get(f"/werkgroepen/klaagpaal/?werkgroep={werkgroep.pk}").context["pagina"].object_list) == [
        hulp
    ]
    html = client.get("/werkgroepen/klaagpaal/").content.decode()
    assert f"door {oud_open.indiener.naam}" in html and "anoniem" in html


def test_detail_shows_author_or_anonymous_and_sanitises_text(lid):
    gewoon = SignaalFactory(
        omschrijving="**Belangrijk** <script>alert('x')</script> <img src=x onerror=alert(1)>",
        antwoord="Zie [de afspraak](javascript:alert(1)) <b onmouseover=alert(1)>nu</b>",
        beantwoord_door=UserFactory(naam="Kim de Coördinator"),
    )
    anoniem = SignaalFactory(indiener=None)
    client = client_for(lid)

    html = client.get(f"/werkgroepen/klaagpaal/{gewoon.pk}/").content.decode()
    assert f"door {gewoon.indiener.naam}" in html and "<strong>Belangrijk</strong>" in html
    assert "Beantwoord door Kim de Coördinator." in html
    for gevaarlijk in ("<script>alert", "onerror", "onmouseover", "javascript:"):
        assert gevaarlijk not in html
    assert "Behandelen" not in html  # an ordinary member reads, does not handle
    html = client.get(f"/werkgroepen/klaagpaal/{anoniem.pk}/").content.decode()
    assert ", anoniem" in html and "door " not in html.split("<main", 1)[1].split("Omschrijving", 1)[0]


def test_raise_through_the_page_with_errors_shown_and_nothing_saved(lid):
    client = client_for(lid)
    gesloten = WerkgroepFactory(gesloten_op=datetime.date(2024, 1, 1))
    response = client.post(
        "/werkgroepen/klaagpaal/nieuw/",
        {"soort": "klaagpaal", "titel": "Test", "omschrijving": "<script>x</script>", "werkgroep": gesloten.pk},
    )
    assert response.status_code == 200
    fouten = response.context["form"].errors
    assert "HTML die een script kan uitvoeren" not in str(fouten)  # the closed werkgroep is refused by the form first
    assert "werkgroep" in fouten
    response = client.post(
        "/werkgroepen/klaagpaal/nieuw/", {"soort": "klaagpaal", "titel": "Test", "omschrijving": "<script>x</script>"}
    )
    assert "HTML die een script kan uitvoeren" in response.content.decode()
    assert not Signaal.objects.exists()

    response = client.post(
        "/werkgroepen/klaagpaal/nieuw/",
        {"soort": "klaagpaal", "titel": "Wisselende contactpersonen", "omschrijving": "Elk project een ander."},
    )
    signaal = Signaal.objects.get()
    assert response["Location"] == f"/werkgroepen/klaagpaal/{signaal.pk}/" and signaal.indiener == lid


def test_handler_pages(lid, beheerder):
    BijeenkomstFactory(titel="Kenniskring november")
    signaal = SignaalFactory()
    url = f"/werkgroepen/klaagpaal/{signaal.pk}/"
    client = client_for(beheerder)
    html = client.get(url).content.decode()
    assert "Behandelen" in html and "Op de agenda zetten" in html

    response = client.post(url + "status/", {"status": "geagendeerd"})  # not a choice: only via the agenda button
    assert response.status_code == 200 and "status" in response.context["status_form"].errors
    response = client.post(url + "antwoord/", {"antwoord": "<iframe src=x>"})
    assert response.status_code == 200 and "HTML die een script kan uitvoeren" in response.content.decode()

    assert client.post(url + "antwoord/", {"antwoord": "Besproken met inkoop."})["Location"] == url
    assert client.post(url + "agenderen/")["Location"] == url
    assert "Het item staat op de agenda van Kenniskring november" in client.get(url).content.decode()
    assert client.post(url + "status/", {"status": "besproken"})["Location"] == url
    signaal.refresh_from_db()
    assert (signaal.antwoord, signaal.status) == ("Besproken met inkoop.", Status.BESPROKEN)
    html = client_for(lid).get(url).content.decode()
    assert "Besproken met inkoop." in html and "Kenniskring november" in html

    for pad in ("status/", "antwoord/", "agenderen/"):
        assert client_for(lid).post(url + pad, {"status": "opgevolgd", "antwoord": "x"}).status_code == 403


def test_agenda_button_without_meeting_explains(beheerder):
    signaal = SignaalFactory()
    url = f"/werkgroepen/klaagpaal/{signaal.pk}/"
    response = client_for(beheerder).post(url + "agenderen/", follow=True)
    assert "Er is nog geen geplande bijeenkomst" in response.content.decode()
    assert Signaal.objects.get().status == Status.NIEUW


# --- Query counts ----------------------------------------------------------------------------------------------------


def test_list_queries_do_not_grow(lid):
    def grow(n):
        for _ in range(n):
            SignaalFactory(werkgroep=WerkgroepFactory())

    # user with organisation; count; the page of items with werkgroep and author; the werkgroep filter's choices
    assert_queries_stable(client_for(lid), "/werkgroepen/klaagpaal/", expected=4, grow=grow)


def test_detail_queries_do_not_grow_with_meetings(lid):
    signaal = SignaalFactory()

    def grow(n):
        for _ in range(n):
            vergadering = BijeenkomstFactory(status=Bijeenkomst.Status.GEHOUDEN)
            Agendapunt.objects.create(bijeenkomst=vergadering, soort="klaagpaal", titel=signaal.titel, signaal=signaal)

    # user with organisation; the item with werkgroep and people; its agenda items with their meetings
    assert_queries_stable(client_for(lid), f"/werkgroepen/klaagpaal/{signaal.pk}/", expected=3, grow=grow)


# --- Demo ------------------------------------------------------------------------------------------------------------


def test_demo_signalen(db, settings):
    from django.core.management import call_command

    from werkgroepen.models import Agendafeed

    settings.DEBUG = True
    call_command("demo", stdout=None)
    call_command("demo", stdout=None)  # idempotent
    signalen = Signaal.objects.all()
    assert signalen.count() == 8 and Agendapunt.objects.filter(signaal__isnull=False).count() <= 2
    assert signalen.filter(indiener__isnull=True).count() == 3
    assert {signaal.soort for signaal in signalen} == {"klaagpaal", "hulpvraag"}
    assert signalen.exclude(antwoord="").filter(beantwoord_door__isnull=False).count() == 4
    for signaal in signalen.filter(status=Status.GEAGENDEERD):
        assert signaal.agendapunten.filter(bijeenkomst__status="gepland").exists()
    assert Agendafeed.objects.filter(gebruiker__email="uitvoerder@merwedijk.example").count() == 1
