"""The reminders pipeline: the kinds' due computation, preferences, the weekly overview, the sweep (once per key, also
when run twice or concurrently, nothing recorded for a failed send), the mails, the command and the task."""

import datetime
import time
from smtplib import SMTPException

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.template.loader import get_template
from django.utils import timezone

import pytest
from celery.exceptions import Retry

from kring.celery import app
from kring.herinneringen import (
    OVEREENKOMST_ONDERTEKENEN,
    REGISTRATIES_WACHTEN,
    Aanleiding,
    Herinneringsoort,
    Ritme,
    registreer,
    soorten,
)
from kring.models import (
    AuditEvent,
    Herinnering,
    HerinneringVoorkeur,
    Intentieovereenkomst,
    Ondertekening,
    Organisatie,
    User,
)
from kring.selectors.herinneringen import herinneringen_plan
from kring.services import herinneringen as services
from kring.services.herinneringen import herinneringen_send, herinneringvoorkeur_set, herinneringvoorkeuren_set
from kring.tasks import HerinneringenNietVerstuurd, send_herinneringen
from tests.factories import OrganisatieFactory, UserFactory
from tests.kring.gelijktijdig import twee_rondes_tegelijk

pytestmark = pytest.mark.django_db

MAANDAG = datetime.date(2026, 3, 2)
DINSDAG = MAANDAG + datetime.timedelta(days=1)
VOLGENDE_MAANDAG = MAANDAG + datetime.timedelta(days=7)
ONDERTEKENEN = OVEREENKOMST_ONDERTEKENEN.code
REGISTRATIES = REGISTRATIES_WACHTEN.code


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


def smtp_weg(self, berichten):
    raise OSError("SMTP-server onbereikbaar")


def andere_soort(**anders) -> Herinneringsoort:
    """A kind as another app would register it (not registered here)."""
    gegevens = {
        "code": "test_soort",
        "label": "Testsoort",
        "uitleg": "",
        "frequenties": ("direct",),
        "standaard": "direct",
        "ritme": Ritme.DAGELIJKS,
        "zoek": lambda vandaag: [],
        "onderwerp": lambda context: "",
        "van_toepassing": lambda user: True,
    }
    return Herinneringsoort(**{**gegevens, **anders})


def overeenkomst(status=Intentieovereenkomst.Status.TER_ONDERTEKENING, versie=3):
    return Intentieovereenkomst.objects.create(
        titel="Intentieovereenkomst MKB kring Dordrecht",
        versie=versie,
        status=status,
        ingangsdatum=datetime.date(2026, 7, 1),
        einddatum=datetime.date(2031, 6, 30),
        tekst="# Samen aan de voorkant",
    )


def tekenbevoegd(**kwargs):
    return UserFactory(is_tekenbevoegd=True, **kwargs)


def sleutels(**filters):
    return set(Herinnering.objects.filter(**filters).values_list("soort", "ontvanger__email", "vervaldatum"))


def aan(adres):
    return [bericht for bericht in mail.outbox if bericht.to == [adres]]


def kies(user, soort, frequentie):
    HerinneringVoorkeur.objects.create(gebruiker=user, soort=soort, frequentie=frequentie)


# --- The registry ----------------------------------------------------------------------------------------------------


def test_registry_holds_the_kring_kinds_with_their_templates():
    assert list(soorten())[:2] == [ONDERTEKENEN, REGISTRATIES]
    for soort in soorten().values():
        assert soort.standaard in soort.frequenties
        get_template(soort.template_html)
        get_template(soort.template_tekst)
    assert "uit" not in REGISTRATIES_WACHTEN.frequenties  # beheerders cannot switch the queue off
    assert "uit" in OVEREENKOMST_ONDERTEKENEN.frequenties


def test_due_date_key_is_the_day_or_the_monday_of_its_week():
    zondag = MAANDAG + datetime.timedelta(days=6)
    assert REGISTRATIES_WACHTEN.ritme == Ritme.DAGELIJKS and REGISTRATIES_WACHTEN.vervaldatum(zondag) == zondag
    assert OVEREENKOMST_ONDERTEKENEN.ritme == Ritme.WEKELIJKS
    assert OVEREENKOMST_ONDERTEKENEN.vervaldatum(zondag) == MAANDAG
    assert OVEREENKOMST_ONDERTEKENEN.vervaldatum(MAANDAG) == MAANDAG


def test_a_kind_registers_once_and_its_default_must_be_allowed():
    with pytest.raises(ValueError, match="al geregistreerd"):
        registreer(REGISTRATIES_WACHTEN)
    with pytest.raises(ValueError, match="standaard"):
        andere_soort(standaard="uit")


# --- Due: "overeenkomst_ondertekenen" --------------------------------------------------------------------------------


def test_signing_is_due_for_every_entitled_person_of_a_member_that_has_not_signed():
    versie = overeenkomst()
    gemeente = OrganisatieFactory(gemeente=True)
    bedrijf = OrganisatieFactory()
    getekend = OrganisatieFactory()
    verwacht = {
        tekenbevoegd(email="wethouder@gemeente.test", organisatie=gemeente),
        tekenbevoegd(email="directie@bedrijf.test", organisatie=bedrijf),
        tekenbevoegd(email="tweede@bedrijf.test", organisatie=bedrijf),
    }
    ondertekenaar = tekenbevoegd(organisatie=getekend)
    Ondertekening.objects.create(
        overeenkomst=versie, organisatie=getekend, ondertekenaar=ondertekenaar, naam_ondertekenaar="X"
    )
    # Nobody of these gets it: not entitled, not active, not a member, or not a gemeente/opdrachtnemer.
    UserFactory(organisatie=bedrijf)
    tekenbevoegd(organisatie=bedrijf, status=User.Status.GEBLOKKEERD)
    tekenbevoegd(organisatie=bedrijf, status=User.Status.AANGEVRAAGD)
    tekenbevoegd(organisatie=OrganisatieFactory(voorgesteld=True))
    tekenbevoegd(organisatie=OrganisatieFactory(lid_tot=timezone.localdate() - datetime.timedelta(days=1)))
    tekenbevoegd(organisatie=OrganisatieFactory(soort=Organisatie.Soort.OVERIG, kvk_nummer=""))

    aanleidingen = list(OVEREENKOMST_ONDERTEKENEN.zoek(MAANDAG))

    assert {aanleiding.ontvanger for aanleiding in aanleidingen} == verwacht
    assert {aanleiding.object for aanleiding in aanleidingen} == {versie}
    assert aanleidingen[0].context["url"] == f"http://testserver.example{versie.get_absolute_url()}"


@pytest.mark.parametrize(
    "status",
    [
        Intentieovereenkomst.Status.CONCEPT,
        Intentieovereenkomst.Status.VAN_KRACHT,
        Intentieovereenkomst.Status.VERLOPEN,
    ],
)
def test_signing_is_not_due_for_a_version_that_is_not_open(status):
    overeenkomst(status=status)
    tekenbevoegd()
    assert list(OVEREENKOMST_ONDERTEKENEN.zoek(MAANDAG)) == []


# --- Due: "registraties_wachten" -------------------------------------------------------------------------------------


def test_registrations_are_due_daily_for_every_active_beheerder_while_confirmed_applicants_wait():
    gemeente = OrganisatieFactory(gemeente=True)
    beheerders = {UserFactory(beheerder=True, organisatie=gemeente) for _ in range(2)}
    UserFactory(beheerder=True, organisatie=gemeente, status=User.Status.GEBLOKKEERD)
    assert list(REGISTRATIES_WACHTEN.zoek(MAANDAG)) == []

    oudste = UserFactory(aangevraagd=True, naam="Olaf Oudste", aangemaakt_op=timezone.now() - datetime.timedelta(3))
    UserFactory(aangevraagd=True)
    onbevestigd = UserFactory(aangevraagd=True, aangemaakt_op=timezone.now() - datetime.timedelta(days=9))
    onbevestigd.emailaddress_set.update(verified=False)

    aanleidingen = list(REGISTRATIES_WACHTEN.zoek(MAANDAG))

    assert {aanleiding.ontvanger for aanleiding in aanleidingen} == beheerders
    assert all(aanleiding.object == aanleiding.ontvanger for aanleiding in aanleidingen)
    context = aanleidingen[0].context
    assert (context["aantal"], context["oudste"]) == (2, oudste)
    assert context["url"] == "http://testserver.example/beheer/registraties/"


# --- The sweep -------------------------------------------------------------------------------------------------------


@pytest.fixture
def situatie(db):
    """An open version, an entitled contractor, a beheerder and one applicant waiting."""
    versie = overeenkomst()
    directie = tekenbevoegd(naam="Dirk Directie", email="directie@bedrijf.test")
    beheerder = UserFactory(
        beheerder=True, email="beheerder@kring.test", organisatie=OrganisatieFactory(gemeente=True)
    )
    UserFactory(aangevraagd=True, naam="Anna Aanvrager")
    return {"versie": versie, "directie": directie, "beheerder": beheerder}


def test_sweep_sends_each_due_reminder_as_its_own_mail_and_records_it(situatie):
    samenvatting = herinneringen_send(vandaag=MAANDAG)

    assert len(samenvatting.verstuurd) == 2 and len(mail.outbox) == 2
    assert sleutels(in_overzicht=False) == {
        (ONDERTEKENEN, "directie@bedrijf.test", MAANDAG),
        (REGISTRATIES, "beheerder@kring.test", MAANDAG),
    }
    rij = Herinnering.objects.get(soort=ONDERTEKENEN)
    assert (rij.object_type, rij.object_id) == (
        ContentType.objects.get_for_model(Intentieovereenkomst),
        situatie["versie"].pk,
    )


def test_sweep_twice_sends_each_reminder_once(situatie):
    herinneringen_send(vandaag=MAANDAG)
    tweede = herinneringen_send(vandaag=MAANDAG)

    assert len(mail.outbox) == 2
    assert tweede.verstuurd == [] and tweede.plan.al_verstuurd == 2
    assert Herinnering.objects.count() == 2


def test_daily_kind_comes_again_the_next_day_weekly_kind_the_next_week(situatie):
    herinneringen_send(vandaag=MAANDAG)
    herinneringen_send(vandaag=DINSDAG)
    assert [len(aan(a)) for a in ("directie@bedrijf.test", "beheerder@kring.test")] == [1, 2]

    herinneringen_send(vandaag=VOLGENDE_MAANDAG)
    assert [len(aan(a)) for a in ("directie@bedrijf.test", "beheerder@kring.test")] == [2, 3]


def test_signing_reminder_stops_once_the_organisation_signed(situatie):
    herinneringen_send(vandaag=MAANDAG)
    collega = tekenbevoegd(organisatie=situatie["directie"].organisatie)
    Ondertekening.objects.create(
        overeenkomst=situatie["versie"],
        organisatie=collega.organisatie,
        ondertekenaar=collega,
        naam_ondertekenaar=collega.naam,
    )
    herinneringen_send(vandaag=VOLGENDE_MAANDAG)
    assert len(aan("directie@bedrijf.test")) == 1
    assert aan(collega.email) == []


def test_blocked_and_pending_people_get_nothing_from_any_kind(situatie, monkeypatch):
    geblokkeerd = UserFactory(status=User.Status.GEBLOKKEERD)
    aanvrager = UserFactory(aangevraagd=True)
    # A kind of another app that forgets to filter: the sweep itself keeps inactive accounts out.
    slordig = andere_soort(
        zoek=lambda vandaag: [Aanleiding(geblokkeerd, geblokkeerd), Aanleiding(aanvrager, aanvrager)]
    )
    monkeypatch.setitem(soorten(), slordig.code, slordig)

    plan = herinneringen_plan(vandaag=MAANDAG)

    assert {m.ontvanger.email for m in plan.mails} == {"directie@bedrijf.test", "beheerder@kring.test"}


def test_sweep_is_audited_once_with_its_counts(situatie):
    kies(situatie["directie"], ONDERTEKENEN, "uit")
    herinneringen_send(vandaag=MAANDAG)

    event = AuditEvent.objects.get(actie="herinneringen.verstuurd")
    assert event.actor is None and event.actor_omschrijving == "herinneringsronde"
    assert event.na == {
        "datum": "2026-03-02",
        "mails": 1,
        "weekoverzichten": 0,
        "herinneringen": 1,
        "mislukt": 0,
        "al_verstuurd": 0,
        "uitgezet": 1,
        "volgende_week": 0,
    }


# --- Preferences in the sweep ----------------------------------------------------------------------------------------


def test_uit_sends_nothing(situatie):
    kies(situatie["directie"], ONDERTEKENEN, "uit")
    samenvatting = herinneringen_send(vandaag=MAANDAG)
    assert aan("directie@bedrijf.test") == []
    assert samenvatting.plan.uit == 1


def test_a_stored_choice_the_kind_does_not_allow_counts_as_the_default(situatie):
    kies(situatie["beheerder"], REGISTRATIES, "uit")  # e.g. stored before the kind stopped allowing it
    herinneringen_send(vandaag=MAANDAG)
    assert len(aan("beheerder@kring.test")) == 1


def test_weekly_overview_bundles_every_kind_in_one_mail(situatie):
    beheerder = situatie["beheerder"]
    User.objects.filter(pk=beheerder.pk).update(is_tekenbevoegd=True)
    kies(beheerder, ONDERTEKENEN, "wekelijks")
    kies(beheerder, REGISTRATIES, "wekelijks")

    herinneringen_send(vandaag=MAANDAG)

    [overzicht] = aan("beheerder@kring.test")
    assert overzicht.subject == "[Kringportaal] Uw weekoverzicht van het Kringportaal"
    assert "== Intentieovereenkomst ondertekenen ==" in overzicht.body
    assert "== Registraties die op goedkeuring wachten ==" in overzicht.body
    assert "Er wacht 1 aanvraag voor een account op uw beoordeling, van Anna Aanvrager" in overzicht.body
    html = overzicht.alternatives[0][0]
    assert (
        "<h2>Intentieovereenkomst ondertekenen</h2>" in html
        and "<h2>Registraties die op goedkeuring wachten</h2>" in html
    )
    assert sleutels(in_overzicht=True) == {
        (ONDERTEKENEN, "beheerder@kring.test", MAANDAG),
        (REGISTRATIES, "beheerder@kring.test", MAANDAG),
    }
    assert len(aan("directie@bedrijf.test")) == 1  # others keep their own choice (direct)


def test_weekly_overview_goes_once_a_week_later_items_wait_for_the_next(situatie):
    kies(situatie["beheerder"], REGISTRATIES, "wekelijks")
    herinneringen_send(vandaag=MAANDAG)
    dinsdag = herinneringen_send(vandaag=DINSDAG)
    assert len(aan("beheerder@kring.test")) == 1

    # Something new for this person during the week: it waits for the next overview.
    User.objects.filter(pk=situatie["beheerder"].pk).update(is_tekenbevoegd=True)
    kies(situatie["beheerder"], ONDERTEKENEN, "wekelijks")
    woensdag = herinneringen_send(vandaag=DINSDAG + datetime.timedelta(days=1))
    assert len(aan("beheerder@kring.test")) == 1
    # Tuesday: the overview's item and the contractor's weekly signing reminder count as sent this week.
    assert dinsdag.plan.al_verstuurd == 2 and woensdag.plan.volgende_week == 1

    herinneringen_send(vandaag=VOLGENDE_MAANDAG)
    volgende = aan("beheerder@kring.test")[1]
    assert "Intentieovereenkomst ondertekenen" in volgende.body and "Registraties" in volgende.body


def test_without_a_monday_sweep_the_first_sweep_of_the_week_sends_the_overview(situatie):
    kies(situatie["directie"], ONDERTEKENEN, "wekelijks")
    herinneringen_send(vandaag=DINSDAG)
    assert sleutels(in_overzicht=True) == {(ONDERTEKENEN, "directie@bedrijf.test", MAANDAG)}


def test_switching_to_the_overview_mid_week_does_not_repeat_a_weekly_reminder(situatie):
    herinneringen_send(vandaag=MAANDAG)
    kies(situatie["directie"], ONDERTEKENEN, "wekelijks")
    herinneringen_send(vandaag=DINSDAG)
    assert len(aan("directie@bedrijf.test")) == 1


# --- Safety: concurrent sweeps and failed sends ----------------------------------------------------------------------


def test_a_concurrent_sweep_that_recorded_first_wins_and_nothing_is_sent_twice(situatie, monkeypatch):
    """Two sweeps plan the same mails; the second inserts after the first committed: the unique constraint makes its
    insert fail before its send."""
    verouderd = herinneringen_plan(vandaag=MAANDAG)
    herinneringen_send(vandaag=MAANDAG)  # the other sweep
    monkeypatch.setattr(services, "herinneringen_plan", lambda vandaag: verouderd)

    samenvatting = herinneringen_send(vandaag=MAANDAG)

    assert len(mail.outbox) == 2
    assert samenvatting.verstuurd == [] and samenvatting.gelijktijdig == 2
    assert Herinnering.objects.count() == 2


def test_a_concurrent_weekly_overview_is_not_sent_twice_even_with_other_items(situatie, monkeypatch):
    kies(situatie["beheerder"], REGISTRATIES, "wekelijks")
    verouderd = herinneringen_plan(vandaag=MAANDAG)
    # The other sweep sent this person's overview first, with another item.
    Herinnering.objects.create(
        soort="iets_anders",
        object_type=ContentType.objects.get_for_model(User),
        object_id=situatie["beheerder"].pk,
        ontvanger=situatie["beheerder"],
        vervaldatum=MAANDAG,
        in_overzicht=True,
    )
    monkeypatch.setattr(services, "herinneringen_plan", lambda vandaag: verouderd)

    samenvatting = herinneringen_send(vandaag=MAANDAG)

    assert aan("beheerder@kring.test") == [] and samenvatting.gelijktijdig == 1
    assert not Herinnering.objects.filter(soort=REGISTRATIES).exists()


def test_a_failed_send_records_nothing_and_the_next_run_sends_it(situatie, monkeypatch):
    echt = EmailBackend.send_messages

    def weigert_directie(self, berichten):
        if berichten[0].to == ["directie@bedrijf.test"]:
            raise SMTPException("451 probeer later opnieuw")
        return echt(self, berichten)

    monkeypatch.setattr(EmailBackend, "send_messages", weigert_directie)
    samenvatting = herinneringen_send(vandaag=MAANDAG)
    assert [m.ontvanger.email for m in samenvatting.mislukt] == ["directie@bedrijf.test"]
    assert sleutels() == {(REGISTRATIES, "beheerder@kring.test", MAANDAG)}
    assert AuditEvent.objects.get(actie="herinneringen.verstuurd").na["mislukt"] == 1

    monkeypatch.setattr(EmailBackend, "send_messages", echt)
    herinneringen_send(vandaag=MAANDAG)
    assert len(aan("directie@bedrijf.test")) == 1 and len(aan("beheerder@kring.test")) == 1


# --- The mails -------------------------------------------------------------------------------------------------------


def test_signing_mail_is_dutch_html_and_text_with_an_absolute_link_to_the_version(situatie):
    herinneringen_send(vandaag=MAANDAG)
    [bericht] = aan("directie@bedrijf.test")
    versie = situatie["versie"]
    link = f"http://testserver.example{versie.get_absolute_url()}"

    assert bericht.subject == "[Kringportaal] Herinnering: onderteken de Intentieovereenkomst MKB kring Dordrecht"
    assert bericht.body.startswith("Beste Dirk Directie,")
    assert link in bericht.body and "1 juli 2026" in bericht.body
    assert situatie["directie"].organisatie.naam in bericht.body
    assert "http://testserver.example/herinneringen/" in bericht.body
    [(html, soort)] = bericht.alternatives
    assert soort == "text/html"
    assert '<html lang="nl">' in html and "<table" not in html and "style=" not in html
    assert f'<a href="{link}">Bekijk en onderteken de intentieovereenkomst</a>' in html
    assert '<a href="http://testserver.example/herinneringen/">Mijn herinneringen</a>' in html


def test_registrations_mail_names_the_count_and_the_oldest_with_a_link_to_the_queue(situatie):
    UserFactory(aangevraagd=True, aangemaakt_op=timezone.now() + datetime.timedelta(minutes=1))
    herinneringen_send(vandaag=MAANDAG)
    [bericht] = aan("beheerder@kring.test")
    assert bericht.subject == "[Kringportaal] 2 registraties wachten op goedkeuring"
    assert "Er wachten 2 aanvragen" in bericht.body and "De oudste is van Anna Aanvrager" in bericht.body
    assert "http://testserver.example/beheer/registraties/" in bericht.body
    assert (
        '<a href="http://testserver.example/beheer/registraties/">Naar de registraties</a>'
        in bericht.alternatives[0][0]
    )


def test_text_mail_is_not_html_escaped(situatie):
    organisatie = situatie["directie"].organisatie
    organisatie.naam = "Gebroeders & Zonen B.V."
    organisatie.save()
    herinneringen_send(vandaag=MAANDAG)
    [bericht] = aan("directie@bedrijf.test")
    assert "Gebroeders & Zonen B.V." in bericht.body
    assert "Gebroeders &amp; Zonen B.V." in bericht.alternatives[0][0]


# --- Preferences service ---------------------------------------------------------------------------------------------


def test_set_a_preference_stores_and_audits_it(situatie):
    voorkeur = herinneringvoorkeur_set(gebruiker=situatie["directie"], soort=ONDERTEKENEN, frequentie="wekelijks")
    assert (voorkeur.gebruiker, voorkeur.soort, voorkeur.frequentie) == (
        situatie["directie"],
        ONDERTEKENEN,
        "wekelijks",
    )
    event = AuditEvent.objects.get(actie="herinneringvoorkeur.gewijzigd")
    assert event.voor == {"soort": ONDERTEKENEN, "frequentie": "direct"}
    assert event.na == {"soort": ONDERTEKENEN, "frequentie": "wekelijks"}

    herinneringvoorkeur_set(gebruiker=situatie["directie"], soort=ONDERTEKENEN, frequentie="uit")
    assert HerinneringVoorkeur.objects.get().frequentie == "uit"
    herinneringvoorkeur_set(gebruiker=situatie["directie"], soort=ONDERTEKENEN, frequentie="uit")  # unchanged
    assert AuditEvent.objects.filter(actie="herinneringvoorkeur.gewijzigd").count() == 2


def test_a_frequency_the_kind_does_not_allow_is_refused_in_dutch(situatie):
    with pytest.raises(ValidationError) as fout:
        herinneringvoorkeur_set(gebruiker=situatie["beheerder"], soort=REGISTRATIES, frequentie="uit")
    assert fout.value.message_dict == {
        REGISTRATIES: [
            "Voor ‘Registraties die op goedkeuring wachten’ kunt u kiezen uit: als losse e-mail, "
            "gebundeld in het weekoverzicht (maandag)."
        ]
    }
    assert not HerinneringVoorkeur.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize("soort", ["bestaat_niet", REGISTRATIES])
def test_an_unknown_kind_or_one_not_meant_for_the_person_is_refused(situatie, soort):
    with pytest.raises(ValidationError, match="bestaat niet of is niet voor u bedoeld"):
        herinneringvoorkeur_set(gebruiker=situatie["directie"], soort=soort, frequentie="direct")
    assert not HerinneringVoorkeur.objects.exists()


def test_setting_several_is_all_or_nothing(situatie):
    beheerder = situatie["beheerder"]
    User.objects.filter(pk=beheerder.pk).update(is_tekenbevoegd=True)
    beheerder.refresh_from_db()
    with pytest.raises(ValidationError):
        herinneringvoorkeuren_set(gebruiker=beheerder, keuzes={ONDERTEKENEN: "uit", REGISTRATIES: "uit"})
    assert not HerinneringVoorkeur.objects.exists()

    gewijzigd = herinneringvoorkeuren_set(gebruiker=beheerder, keuzes={ONDERTEKENEN: "uit", REGISTRATIES: "direct"})
    assert gewijzigd == 1  # REGISTRATIES stays at its default: nothing stored for it
    assert list(HerinneringVoorkeur.objects.values_list("soort", "frequentie")) == [(ONDERTEKENEN, "uit")]


# --- Command and task ------------------------------------------------------------------------------------------------


def test_command_sends_and_prints_what_it_sent(situatie, capsys):
    call_command("herinneringen", "--datum", "2026-03-02")
    uitvoer = capsys.readouterr().out
    assert "Herinneringen van 02-03-2026:" in uitvoer
    assert "directie@bedrijf.test" in uitvoer and ONDERTEKENEN in uitvoer
    assert "beheerder@kring.test" in uitvoer and "1 registratie wacht op goedkeuring" in uitvoer
    assert "2 e-mail(s) verstuurd" in uitvoer
    assert len(mail.outbox) == 2

    call_command("herinneringen", "--datum", "2026-03-02")
    tweede = capsys.readouterr().out
    assert "0 e-mail(s) verstuurd" in tweede and "2 al eerder verstuurd" in tweede


def test_command_dry_run_sends_and_records_nothing(situatie, capsys):
    call_command("herinneringen", "--droog", "--datum", "2026-03-02")
    uitvoer = capsys.readouterr().out
    assert "Droog: op 02-03-2026 zou dit verstuurd worden" in uitvoer
    assert "directie@bedrijf.test" in uitvoer and "beheerder@kring.test" in uitvoer
    assert mail.outbox == [] and not Herinnering.objects.exists() and not AuditEvent.objects.exists()


def test_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="Ongeldige datum '2-3-2026': gebruik JJJJ-MM-DD"):
        call_command("herinneringen", "--datum", "2-3-2026")


def test_command_reports_failed_mails(situatie, monkeypatch):
    monkeypatch.setattr(EmailBackend, "send_messages", smtp_weg)
    with pytest.raises(CommandError, match="2 mislukt; draai het commando opnieuw"):
        call_command("herinneringen", "--datum", "2026-03-02")


def test_task_runs_a_sweep_for_today(situatie):
    send_herinneringen.delay()
    assert len(mail.outbox) == 2
    assert Herinnering.objects.filter(vervaldatum=timezone.localdate()).count() == 1  # the daily one


def test_task_retries_when_mails_failed(situatie, monkeypatch):
    monkeypatch.setattr(EmailBackend, "send_messages", smtp_weg)
    with pytest.raises(Retry) as retry:  # in-process Celery reports the retry it would schedule
        send_herinneringen.delay()
    assert isinstance(retry.value.exc, HerinneringenNietVerstuurd)
    assert not Herinnering.objects.exists()


# --- Demo ------------------------------------------------------------------------------------------------------------


def test_demo_gives_the_demo_accounts_recent_reminders_and_a_choice(settings):
    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    directeur = User.objects.get(email="directeur@oudelandse.example")
    beheerder = User.objects.get(email="beheerder@kringportaal.example")
    assert Herinnering.objects.filter(ontvanger=beheerder, soort=REGISTRATIES).count() == 3
    assert list(Herinnering.objects.filter(ontvanger=directeur).values_list("soort", "in_overzicht")) == [
        (ONDERTEKENEN, True),
        (ONDERTEKENEN, False),
    ]
    assert HerinneringVoorkeur.objects.get(gebruiker=directeur).frequentie == "wekelijks"


# --- Real concurrency: two sweeps on PostgreSQL, a real worker on Redis -------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_send_each_reminder_once(situatie, monkeypatch):
    samenvattingen = twee_rondes_tegelijk(monkeypatch, vandaag=MAANDAG)
    assert sorted(m.to[0] for m in mail.outbox) == ["beheerder@kring.test", "directie@bedrijf.test"]
    assert sum(len(s.verstuurd) for s in samenvattingen) == 2
    assert sum(s.gelijktijdig for s in samenvattingen) == 2
    assert Herinnering.objects.count() == 2


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_task_twice_and_each_reminder_goes_once(situatie):
    from celery.contrib.testing.worker import start_worker

    assert not app.conf.task_always_eager
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        send_herinneringen.delay()
        send_herinneringen.delay()  # a duplicate, as after a redelivery
        deadline = time.monotonic() + 30
        while AuditEvent.objects.filter(actie="herinneringen.verstuurd").count() < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert AuditEvent.objects.filter(actie="herinneringen.verstuurd").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["beheerder@kring.test", "directie@bedrijf.test"]
    assert Herinnering.objects.count() == 2
