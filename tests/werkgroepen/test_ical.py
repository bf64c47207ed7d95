"""iCalendar: a meeting as invitation and download, the invitation mails (once per version and person), and the
personal feed with its secret address."""

import datetime
import smtplib
import zoneinfo
from unittest import mock

from django.core import mail
from django.utils import timezone

import pytest
from celery.exceptions import Retry
from icalendar import Calendar

from kring.models import Herinnering, User
from kring.persoonsgegevens import persoonsgegevens_verzamelen
from tests.conftest import client_for
from tests.factories import AgendafeedFactory, BijeenkomstFactory, UserFactory, WerkgroepFactory
from tests.querycount import assert_queries_stable
from werkgroepen import ical, tasks
from werkgroepen.models import Aanwezigheid, Agendafeed, Agendapunt, Bijeenkomst, Uitnodiging
from werkgroepen.services import ical as services

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def bijeenkomst(*, dagen: int = 10, uur: int = 15, **velden) -> Bijeenkomst:
    """A kring-wide meeting `dagen` from today at `uur` o'clock Amsterdam time, two hours long, with two agenda items."""
    dag = timezone.localdate() + datetime.timedelta(days=dagen)
    vergadering = BijeenkomstFactory(
        begin=datetime.datetime.combine(dag, datetime.time(uur), tzinfo=AMSTERDAM), **velden
    )
    Agendapunt.objects.create(bijeenkomst=vergadering, soort="arbeidsmarkt", titel="Arbeidsmarkt", volgorde=1)
    Agendapunt.objects.create(bijeenkomst=vergadering, soort="klaagpaal", titel="Klaagpaal", volgorde=2)
    return vergadering


def uitnodigen(vergadering: Bijeenkomst, *gebruikers: User, status: str = "uitgenodigd") -> None:
    for gebruiker in gebruikers:
        Aanwezigheid.objects.create(bijeenkomst=vergadering, gebruiker=gebruiker, status=status)


def lees(inhoud: bytes) -> Calendar:
    return Calendar.from_ical(inhoud)


# --- The .ics of one meeting -----------------------------------------------------------------------------------------


def test_invitation_parses_back_with_stable_uid_sequence_utc_times_and_agenda(db, settings):
    settings.SITE_URL = "https://kringportaal.example"
    vergadering = bijeenkomst(volgnummer=3, online_link="https://meet.example/kenniskring")
    deelnemer = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test")

    kalender = lees(ical.bijeenkomst_ics(vergadering, deelnemer=deelnemer))

    assert kalender["METHOD"] == "REQUEST" and kalender["PRODID"] == ical.PRODID
    assert not kalender.walk("VTIMEZONE")  # UTC times need none
    [event] = kalender.events
    assert str(event["UID"]) == f"bijeenkomst-{vergadering.pk}@kringportaal.example"
    assert event["SEQUENCE"] == 3
    assert event.start == vergadering.begin and event.start.utcoffset() == datetime.timedelta(0)
    # 15:00 in Dordrecht is 14:00 UTC in winter and 13:00 UTC in summer.
    assert event.start.astimezone(AMSTERDAM).hour == 15
    assert event.end == vergadering.einde
    assert "DTSTAMP" in event and event["STATUS"] == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Kenniskring MKB kring"
    assert (
        str(event["LOCATION"])
        == "Stadskantoor, Spuiboulevard 300, Dordrecht of online: https://meet.example/kenniskring"
    )
    beschrijving = str(event["DESCRIPTION"])
    assert "1. Arbeidsmarkt\n2. Klaagpaal" in beschrijving
    pagina = f"https://kringportaal.example/werkgroepen/bijeenkomsten/{vergadering.pk}/"
    assert pagina in beschrijving and str(event["URL"]) == pagina
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == "mailto:jip@merwedijk.test"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE" and event["ATTENDEE"].params["CN"] == "Jip Uitvoerder"


def test_uid_is_the_same_for_every_version(db):
    vergadering = bijeenkomst()
    eerste = lees(ical.bijeenkomst_ics(vergadering)).events[0]["UID"]
    vergadering.volgnummer = 1
    vergadering.begin += datetime.timedelta(hours=1)
    vergadering.einde += datetime.timedelta(hours=1)
    assert lees(ical.bijeenkomst_ics(vergadering)).events[0]["UID"] == eerste


def test_cancelled_meeting_is_a_cancellation(db):
    vergadering = bijeenkomst(status=Bijeenkomst.Status.GEANNULEERD)
    kalender = lees(ical.bijeenkomst_ics(vergadering))
    assert kalender["METHOD"] == "CANCEL" and kalender.events[0]["STATUS"] == "CANCELLED"


def test_download_is_published_without_organiser(db):
    kalender = lees(
        ical.bijeenkomst_ics(bijeenkomst(online_link="https://meet.example/x", locatie=""), methode="PUBLISH")
    )
    [event] = kalender.events
    assert kalender["METHOD"] == "PUBLISH" and "ORGANIZER" not in event
    assert str(event["LOCATION"]) == "https://meet.example/x"


def test_feed_lists_meetings_and_marks_cancelled_ones(db):
    gepland = bijeenkomst(titel="Kenniskring")
    afgelast = bijeenkomst(titel="Werkgroep SROI", dagen=20, status=Bijeenkomst.Status.GEANNULEERD)
    kalender = lees(ical.agenda_ics([gepland, afgelast], naam="Kringportaal: mijn bijeenkomsten"))
    assert kalender["METHOD"] == "PUBLISH" and str(kalender["X-WR-CALNAME"]) == "Kringportaal: mijn bijeenkomsten"
    assert {str(event["SUMMARY"]): str(event["STATUS"]) for event in kalender.events} == {
        "Kenniskring": "CONFIRMED",
        "Werkgroep SROI": "CANCELLED",
    }
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in ical.agenda_ics([])


def test_download_view(db):
    vergadering = bijeenkomst()
    lid = UserFactory()
    response = client_for(lid).get(f"/werkgroepen/bijeenkomsten/{vergadering.pk}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="bijeenkomst-{vergadering.pk}.ics"'
    assert lees(response.content).events[0]["SUMMARY"] == "Kenniskring MKB kring"


# --- Invitation mails ------------------------------------------------------------------------------------------------


def test_invitation_mail_with_ics_attachment(db, settings):
    settings.SITE_URL = "https://kringportaal.example"
    vergadering = bijeenkomst()
    jip = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test")
    uitnodigen(vergadering, jip)

    tasks.mail_uitnodigingen.delay(vergadering.pk)

    [bericht] = mail.outbox
    assert bericht.to == ["jip@merwedijk.test"]
    assert bericht.subject.startswith("[Kringportaal] Uitnodiging: Kenniskring MKB kring op ")
    assert "Beste Jip Uitvoerder" in bericht.body and "1. Arbeidsmarkt" in bericht.body
    assert f"https://kringportaal.example/werkgroepen/bijeenkomsten/{vergadering.pk}/" in bericht.body
    [(html, soort)] = bericht.alternatives
    assert soort == "text/html" and "<li>Klaagpaal</li>" in html
    [bijlage] = bericht.attachments
    assert bijlage.get_content_type() == "text/calendar" and bijlage.get_param("method") == "REQUEST"
    assert bijlage.get_filename() == "uitnodiging.ics"
    event = lees(bijlage.get_payload(decode=True)).events[0]
    assert str(event["ATTENDEE"]) == "mailto:jip@merwedijk.test"


def test_invitations_go_to_active_invitees_who_did_not_decline(db):
    vergadering = bijeenkomst()
    uitgenodigd, aangemeld, afgemeld = UserFactory(), UserFactory(), UserFactory()
    geblokkeerd = UserFactory(status=User.Status.GEBLOKKEERD)
    uitnodigen(vergadering, uitgenodigd, geblokkeerd)
    uitnodigen(vergadering, aangemeld, status="aangemeld")
    uitnodigen(vergadering, afgemeld, status="afgemeld")
    UserFactory()  # not invited

    tasks.mail_uitnodigingen.delay(vergadering.pk)

    assert sorted(bericht.to[0] for bericht in mail.outbox) == sorted([uitgenodigd.email, aangemeld.email])


def verstuurd(vergadering: Bijeenkomst) -> set[tuple[int, int, str]]:
    """The invitations recorded as sent for a meeting: (person, volgnummer, methode)."""
    return set(vergadering.uitnodigingen.values_list("gebruiker_id", "volgnummer", "methode"))


def test_task_twice_mails_each_invitee_once_per_version(db):
    vergadering = bijeenkomst()
    leden = [UserFactory(), UserFactory()]
    uitnodigen(vergadering, *leden)

    tasks.mail_uitnodigingen.delay(vergadering.pk)
    tasks.mail_uitnodigingen.delay(vergadering.pk)
    assert sorted(bericht.to[0] for bericht in mail.outbox) == sorted(lid.email for lid in leden)
    assert Uitnodiging.objects.count() == 2
    assert verstuurd(vergadering) == {(lid.pk, 0, "REQUEST") for lid in leden}

    # A new time on the same day is a new version: everyone gets it, once.
    Bijeenkomst.objects.filter(pk=vergadering.pk).update(
        volgnummer=1, begin=vergadering.begin + datetime.timedelta(hours=1)
    )
    tasks.mail_uitnodigingen.delay(vergadering.pk)
    tasks.mail_uitnodigingen.delay(vergadering.pk)
    assert sorted(bericht.to[0] for bericht in mail.outbox[2:]) == sorted(lid.email for lid in leden)
    assert all(bericht.subject.startswith("[Kringportaal] Gewijzigd: ") for bericht in mail.outbox[2:])
    assert all(b"SEQUENCE:1" in bericht.attachments[0].get_payload(decode=True) for bericht in mail.outbox[2:])
    assert verstuurd(vergadering) == {(lid.pk, volgnummer, "REQUEST") for lid in leden for volgnummer in (0, 1)}


def test_invitations_write_no_reminders(db):
    """Invitations have their own record; the reminders (Mijn herinneringen) stay for reminders."""
    vergadering = bijeenkomst()
    uitnodigen(vergadering, UserFactory())
    tasks.mail_uitnodigingen.delay(vergadering.pk)
    Bijeenkomst.objects.filter(pk=vergadering.pk).update(volgnummer=1, status=Bijeenkomst.Status.GEANNULEERD)
    tasks.mail_uitnodigingen.delay(vergadering.pk)
    assert len(mail.outbox) == 2 and Uitnodiging.objects.count() == 2
    assert not Herinnering.objects.exists()


def test_concurrent_run_does_not_mail_twice(db):
    """A row another run inserted between the read of who still needs the mail and this run's insert stops the send
    (the unique constraint)."""
    vergadering = bijeenkomst()
    lid = UserFactory()
    uitnodigen(vergadering, lid)
    bericht_maken = services._bericht

    def andere_run_was_eerder(*args, **kwargs):
        Uitnodiging.objects.create(bijeenkomst=vergadering, gebruiker=lid, volgnummer=0, methode="REQUEST")
        return bericht_maken(*args, **kwargs)

    with mock.patch("werkgroepen.services.ical._bericht", side_effect=andere_run_was_eerder):
        verzending = services.uitnodigingen_send(bijeenkomst_id=vergadering.pk)
    assert verzending.al_verstuurd == 1 and not verzending.verstuurd and not mail.outbox
    assert Uitnodiging.objects.count() == 1


def test_failed_mail_is_not_recorded_and_the_retry_sends_it(db):
    vergadering = bijeenkomst()
    lid = UserFactory()
    uitnodigen(vergadering, lid)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("weg")):
        verzending = services.uitnodigingen_send(bijeenkomst_id=vergadering.pk)
        assert verzending.mislukt == [lid]
        with pytest.raises(Retry, match="1 uitnodiging"):  # the task asks Celery to try again later
            tasks.mail_uitnodigingen.apply(args=[vergadering.pk], throw=True)
    assert not Uitnodiging.objects.exists()
    tasks.mail_uitnodigingen.delay(vergadering.pk)
    assert len(mail.outbox) == 1
    assert verstuurd(vergadering) == {(lid.pk, 0, "REQUEST")}


def test_cancellation_goes_to_those_who_had_an_invitation(db):
    vergadering = bijeenkomst()
    eerder, later_afgemeld = UserFactory(), UserFactory()
    uitnodigen(vergadering, eerder, later_afgemeld)
    tasks.mail_uitnodigingen.delay(vergadering.pk)
    laat_uitgenodigd = UserFactory()
    uitnodigen(vergadering, laat_uitgenodigd)
    Aanwezigheid.objects.filter(gebruiker=later_afgemeld).update(status="afgemeld")
    # As bijeenkomst_set_status does: cancelling raises the volgnummer.
    Bijeenkomst.objects.filter(pk=vergadering.pk).update(status=Bijeenkomst.Status.GEANNULEERD, volgnummer=1)
    mail.outbox.clear()

    tasks.mail_uitnodigingen.delay(vergadering.pk)
    tasks.mail_uitnodigingen.delay(vergadering.pk)

    assert sorted(bericht.to[0] for bericht in mail.outbox) == sorted([eerder.email, later_afgemeld.email])
    # The late invitee never had an invitation, so gets no cancellation either.
    assert verstuurd(vergadering) == {
        (eerder.pk, 0, "REQUEST"),
        (later_afgemeld.pk, 0, "REQUEST"),
        (eerder.pk, 1, "CANCEL"),
        (later_afgemeld.pk, 1, "CANCEL"),
    }
    bericht = mail.outbox[0]
    assert bericht.subject.startswith("[Kringportaal] Afgelast: ") and "gaat niet door" in bericht.body
    assert bericht.attachments[0].get_param("method") == "CANCEL"
    assert lees(bericht.attachments[0].get_payload(decode=True))["METHOD"] == "CANCEL"


def test_no_invitations_for_a_meeting_that_is_over_or_gone(db):
    voorbij = bijeenkomst(dagen=-3)
    gehouden = bijeenkomst(status=Bijeenkomst.Status.GEHOUDEN)
    lid = UserFactory()
    uitnodigen(voorbij, lid)
    uitnodigen(gehouden, lid)
    for vergadering_id in (voorbij.pk, gehouden.pk, 987654):
        tasks.mail_uitnodigingen.delay(vergadering_id)
    assert not mail.outbox


# --- The personal feed -----------------------------------------------------------------------------------------------


def test_member_creates_renews_and_withdraws_the_feed_address(db):
    lid = UserFactory()
    client = client_for(lid)
    assert "U heeft nog geen agenda-adres." in client.get("/werkgroepen/feed/").content.decode()

    assert client.post("/werkgroepen/feed/", {"actie": "vernieuwen"}).status_code == 302
    eerste = Agendafeed.objects.get(gebruiker=lid).token
    pagina = client.get("/werkgroepen/feed/").content.decode()
    assert f"/werkgroepen/feed/{eerste}.ics" in pagina and "webcal://" in pagina
    assert client_for(None).get(f"/werkgroepen/feed/{eerste}.ics").status_code == 200

    client.post("/werkgroepen/feed/", {"actie": "vernieuwen"})
    tweede = Agendafeed.objects.get(gebruiker=lid).token
    assert tweede != eerste
    assert client_for(None).get(f"/werkgroepen/feed/{eerste}.ics").status_code == 404
    assert client_for(None).get(f"/werkgroepen/feed/{tweede}.ics").status_code == 200

    client.post("/werkgroepen/feed/", {"actie": "intrekken"})
    assert not Agendafeed.objects.filter(gebruiker=lid).exists()
    assert client_for(None).get(f"/werkgroepen/feed/{tweede}.ics").status_code == 404


def test_feed_token_security(db):
    feed = AgendafeedFactory()
    anoniem = client_for(None)
    assert anoniem.get("/werkgroepen/feed/onbekend-adres.ics").status_code == 404
    assert anoniem.get(f"/werkgroepen/feed/{feed.token[:-1]}.ics").status_code == 404
    assert anoniem.get(f"/werkgroepen/feed/{feed.token}.ics").status_code == 200
    User.objects.filter(pk=feed.gebruiker_id).update(status=User.Status.GEBLOKKEERD)
    assert anoniem.get(f"/werkgroepen/feed/{feed.token}.ics").status_code == 404


def test_feed_holds_the_persons_meetings_in_the_window(db):
    feed = AgendafeedFactory()
    lid = feed.gebruiker
    werkgroep = WerkgroepFactory(naam="SROI")
    uitgenodigd = bijeenkomst(titel="Kenniskring")
    aangemeld = bijeenkomst(titel="Werkgroep SROI", werkgroep=werkgroep, dagen=30)
    afgelast = bijeenkomst(titel="Afgelaste kenniskring", dagen=40, status=Bijeenkomst.Status.GEANNULEERD)
    recent = bijeenkomst(titel="Vorige kenniskring", dagen=-60, status=Bijeenkomst.Status.GEHOUDEN)
    te_oud = bijeenkomst(titel="Te oud", dagen=-120)
    te_ver = bijeenkomst(titel="Te ver", dagen=400)
    afgemeld = bijeenkomst(titel="Afgemeld", dagen=12)
    niet_genodigd = bijeenkomst(titel="Niet uitgenodigd", dagen=14)
    for vergadering in (uitgenodigd, afgelast, recent, te_oud, te_ver):
        uitnodigen(vergadering, lid)
    uitnodigen(aangemeld, lid, status="aangemeld")
    uitnodigen(afgemeld, lid, status="afgemeld")
    uitnodigen(niet_genodigd, UserFactory())

    response = client_for(None).get(f"/werkgroepen/feed/{feed.token}.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = lees(response.content).events
    assert [str(event["SUMMARY"]) for event in events] == [
        "Vorige kenniskring",
        "Kenniskring",
        "Werkgroep SROI",
        "Afgelaste kenniskring",
    ]
    assert events[3]["STATUS"] == "CANCELLED"
    assert "Bijeenkomst van de werkgroep SROI." in str(events[2]["DESCRIPTION"])


def test_feed_export_keeps_the_token_out(db):
    feed = AgendafeedFactory()
    gegevens = persoonsgegevens_verzamelen(feed.gebruiker)["gegevens"]
    assert gegevens["agendafeed"] == [{"aangemaakt_op": feed.aangemaakt_op}]
    assert feed.token not in str(gegevens)


def test_feed_changes_are_audited_without_the_token(db):
    from kring.models import AuditEvent

    lid = UserFactory()
    feed = services.agendafeed_renew(gebruiker=lid)
    services.agendafeed_renew(gebruiker=lid)
    services.agendafeed_delete(gebruiker=lid)
    acties = list(AuditEvent.objects.order_by("pk").values_list("actie", "actor_id"))
    assert acties == [
        ("agendafeed.aangemaakt", lid.pk),
        ("agendafeed.vernieuwd", lid.pk),
        ("agendafeed.ingetrokken", lid.pk),
    ]
    assert feed.token not in str(list(AuditEvent.objects.values()))


# --- Query counts ----------------------------------------------------------------------------------------------------


def test_feed_queries_do_not_grow_with_meetings(db):
    feed = AgendafeedFactory()

    def grow(n):
        for _ in range(n):
            uitnodigen(bijeenkomst(werkgroep=WerkgroepFactory()), feed.gebruiker)

    # feed with its person; meetings with werkgroep; their agenda items
    assert_queries_stable(client_for(None), f"/werkgroepen/feed/{feed.token}.ics", expected=3, grow=grow)


def test_feed_page_queries_do_not_grow_with_meetings(db):
    feed = AgendafeedFactory()

    def grow(n):
        for _ in range(n):
            uitnodigen(bijeenkomst(werkgroep=WerkgroepFactory()), feed.gebruiker)

    # user with organisation; feed; the coming meetings; their agenda items
    assert_queries_stable(client_for(feed.gebruiker), "/werkgroepen/feed/", expected=4, grow=grow)


def test_download_queries_do_not_grow_with_agenda_items(db):
    vergadering = bijeenkomst()

    def grow(n):
        for nummer in range(n):
            Agendapunt.objects.create(bijeenkomst=vergadering, titel=f"Eigen punt {nummer}", volgorde=10 + nummer)

    # user with organisation; the meeting; its agenda items
    assert_queries_stable(
        client_for(UserFactory()), f"/werkgroepen/bijeenkomsten/{vergadering.pk}/agenda.ics", expected=3, grow=grow
    )
