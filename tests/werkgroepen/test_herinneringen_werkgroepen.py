"""The uitvoeringsagenda's reminders: activities and actiepunten past their deadline, to whom, how often (a weekly
digest by default), and that a sweep run twice sends once."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from kring.herinneringen import Frequentie, Ritme, soorten
from kring.models import Herinnering, HerinneringVoorkeur
from kring.services.herinneringen import herinneringen_send
from tests.factories import (
    ActiepuntFactory,
    ActiviteitFactory,
    BijeenkomstFactory,
    LidmaatschapFactory,
    UserFactory,
    WerkgroepFactory,
)
from werkgroepen.herinneringen import ACTIEPUNTEN_TE_LAAT, ACTIVITEITEN_TE_LAAT
from werkgroepen.models import Activiteit

pytestmark = pytest.mark.django_db

MAANDAG = datetime.date(2026, 3, 2)
DINSDAG = MAANDAG + datetime.timedelta(days=1)
VOLGENDE_MAANDAG = MAANDAG + datetime.timedelta(days=7)
Status = Activiteit.Status


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


@pytest.fixture
def werkgroep(db):
    return WerkgroepFactory(naam="Continuïteit")


@pytest.fixture
def trekker(werkgroep):
    return LidmaatschapFactory(
        werkgroep=werkgroep, rol="trekker", gebruiker__naam="Tess Trekker", gebruiker__email="trekker@kring.test"
    ).gebruiker


@pytest.fixture
def initiatiefnemer(db):
    return UserFactory(naam="Ivo Initiatief", email="ivo@kring.test")


def ontvangers(soort, vandaag=MAANDAG) -> dict[str, tuple]:
    """Per recipient's e-mail address: (object, in which role) of each reason the kind finds."""
    gevonden = {}
    for aanleiding in soort.zoek(vandaag):
        gevonden.setdefault(aanleiding.ontvanger.email, []).append((aanleiding.object, aanleiding.context["als"]))
    return gevonden


def mails_aan(adres: str) -> list:
    return [bericht for bericht in mail.outbox if adres in bericht.to]


def test_both_kinds_are_weekly_digests_by_default():
    for soort in [ACTIVITEITEN_TE_LAAT, ACTIEPUNTEN_TE_LAAT]:
        assert soorten()[soort.code] is soort
        assert soort.standaard == Frequentie.WEKELIJKS and soort.ritme == Ritme.WEKELIJKS
        assert set(soort.frequenties) == {Frequentie.WEKELIJKS, Frequentie.DIRECT, Frequentie.UIT}


# --- Activities ------------------------------------------------------------------------------------------------------


def test_overdue_activities_go_to_the_initiatiefnemer_and_the_trekkers(werkgroep, trekker, initiatiefnemer):
    te_laat = ActiviteitFactory(
        werkgroep=werkgroep, initiatiefnemer=initiatiefnemer, status=Status.LOPEND,
        startdatum=MAANDAG - datetime.timedelta(days=40), deadline=MAANDAG - datetime.timedelta(days=1),
    )  # fmt: skip
    LidmaatschapFactory(werkgroep=werkgroep, rol="lid")  # a plain member is not reminded
    LidmaatschapFactory(
        werkgroep=werkgroep, rol="trekker", van=datetime.date(2019, 1, 1), tot=datetime.date(2024, 1, 1)
    )
    for status, deadline in [
        (Status.GEPLAND, MAANDAG),  # due today: not late yet
        (Status.AFGEROND, MAANDAG - datetime.timedelta(days=5)),
        (Status.VERVALLEN, MAANDAG - datetime.timedelta(days=5)),
    ]:
        ActiviteitFactory(werkgroep=werkgroep, initiatiefnemer=initiatiefnemer, status=status, deadline=deadline)

    assert ontvangers(ACTIVITEITEN_TE_LAAT) == {
        "ivo@kring.test": [(te_laat, "initiatiefnemer")],
        "trekker@kring.test": [(te_laat, "trekker van de werkgroep")],
    }


def test_an_initiatiefnemer_who_is_trekker_is_reminded_once(werkgroep, trekker):
    activiteit = ActiviteitFactory(
        werkgroep=werkgroep, initiatiefnemer=trekker, deadline=MAANDAG - datetime.timedelta(days=3)
    )
    ActiviteitFactory(initiatiefnemer=None, deadline=MAANDAG - datetime.timedelta(days=3))  # nobody to remind
    assert ontvangers(ACTIVITEITEN_TE_LAAT) == {
        "trekker@kring.test": [(activiteit, "initiatiefnemer en trekker van de werkgroep")]
    }


def test_weekly_overview_once_a_week_until_the_activity_is_done(werkgroep, trekker, initiatiefnemer):
    activiteit = ActiviteitFactory(
        werkgroep=werkgroep, titel="Pilot past performance Visbrug", initiatiefnemer=initiatiefnemer,
        deadline=MAANDAG - datetime.timedelta(days=7), startdatum=MAANDAG - datetime.timedelta(days=60),
    )  # fmt: skip
    herinneringen_send(vandaag=MAANDAG)
    [bericht] = mails_aan("ivo@kring.test")
    assert bericht.subject.endswith("Uw weekoverzicht van het Kringportaal")
    assert "Activiteiten over hun deadline" in bericht.body
    assert (
        "Pilot past performance Visbrug (werkgroep Continuïteit) had als deadline 23 februari 2026, 7 dagen geleden"
        in bericht.body
    )
    assert f"http://testserver.example/werkgroepen/agenda/{activiteit.pk}/" in bericht.body
    html = bericht.alternatives[0][0]
    assert f'<a href="http://testserver.example/werkgroepen/agenda/{activiteit.pk}/">Naar de activiteit</a>' in html
    assert "U krijgt dit bericht als initiatiefnemer." in bericht.body
    assert len(mails_aan("trekker@kring.test")) == 1

    herinneringen_send(vandaag=MAANDAG)  # a second sweep the same day
    herinneringen_send(vandaag=DINSDAG)  # and the next day
    assert len(mail.outbox) == 2
    assert Herinnering.objects.filter(soort="activiteiten_te_laat").count() == 2

    herinneringen_send(vandaag=VOLGENDE_MAANDAG)
    assert len(mails_aan("ivo@kring.test")) == 2

    Activiteit.objects.filter(pk=activiteit.pk).update(status=Status.AFGEROND)
    herinneringen_send(vandaag=VOLGENDE_MAANDAG + datetime.timedelta(days=7))
    assert len(mail.outbox) == 4


def test_direct_is_a_mail_per_activity_and_uit_is_nothing(werkgroep, trekker, initiatiefnemer):
    for titel in ["Spreiding aanbestedingen", "Kwartaaloverleg"]:
        ActiviteitFactory(
            werkgroep=werkgroep,
            titel=titel,
            initiatiefnemer=initiatiefnemer,
            deadline=MAANDAG - datetime.timedelta(days=1),
        )
    HerinneringVoorkeur.objects.create(gebruiker=initiatiefnemer, soort="activiteiten_te_laat", frequentie="direct")
    HerinneringVoorkeur.objects.create(gebruiker=trekker, soort="activiteiten_te_laat", frequentie="uit")
    herinneringen_send(vandaag=DINSDAG)
    onderwerpen = sorted(bericht.subject for bericht in mails_aan("ivo@kring.test"))
    assert [onderwerp.split("] ")[-1] for onderwerp in onderwerpen] == [
        "Activiteit over de deadline: Kwartaaloverleg",
        "Activiteit over de deadline: Spreiding aanbestedingen",
    ]
    assert not mails_aan("trekker@kring.test")
    herinneringen_send(vandaag=DINSDAG + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


# --- Actiepunten -----------------------------------------------------------------------------------------------------


def vergadering(**velden):
    begin = timezone.make_aware(datetime.datetime(2026, 2, 2, 15))
    return BijeenkomstFactory(
        titel="Werkgroepoverleg", begin=begin, einde=begin + datetime.timedelta(hours=2), **velden
    )


def test_overdue_actiepunten_go_to_the_owner_and_the_werkgroeps_trekkers(werkgroep, trekker):
    eigenaar = UserFactory(email="eigenaar@kring.test")
    van_werkgroep = ActiepuntFactory(
        bijeenkomst=vergadering(werkgroep=werkgroep), eigenaar=eigenaar, deadline=MAANDAG - datetime.timedelta(days=2)
    )
    van_kring = ActiepuntFactory(
        bijeenkomst=vergadering(), eigenaar=eigenaar, deadline=MAANDAG - datetime.timedelta(days=2)
    )
    ActiepuntFactory(bijeenkomst=vergadering(werkgroep=werkgroep), eigenaar=eigenaar, deadline=MAANDAG)  # not late
    ActiepuntFactory(
        bijeenkomst=vergadering(werkgroep=werkgroep),
        eigenaar=eigenaar,
        deadline=MAANDAG - datetime.timedelta(days=9),
        gedaan_op=timezone.now(),
    )
    assert ontvangers(ACTIEPUNTEN_TE_LAAT) == {
        "eigenaar@kring.test": [(van_werkgroep, "eigenaar"), (van_kring, "eigenaar")],
        "trekker@kring.test": [(van_werkgroep, "trekker van de werkgroep")],  # a kring-wide meeting: the owner only
    }


def test_actiepunt_mail_links_to_the_meeting_and_is_sent_once_a_week(werkgroep, trekker):
    eigenaar = UserFactory(naam="Olaf Eigenaar", email="eigenaar@kring.test")
    actiepunt = ActiepuntFactory(
        bijeenkomst=vergadering(werkgroep=werkgroep),
        omschrijving="Planning 2027 delen met de opdrachtnemers",
        eigenaar=eigenaar,
        deadline=MAANDAG - datetime.timedelta(days=1),
    )
    HerinneringVoorkeur.objects.create(gebruiker=eigenaar, soort="actiepunten_te_laat", frequentie="direct")
    herinneringen_send(vandaag=MAANDAG)
    herinneringen_send(vandaag=MAANDAG)
    [bericht] = mails_aan("eigenaar@kring.test")
    assert bericht.subject.endswith("Actiepunt over de deadline: Planning 2027 delen met de opdrachtnemers")
    assert "uit de bijeenkomst Werkgroepoverleg van 2 februari 2026" in bericht.body
    assert "1 dag geleden" in bericht.body and "Eigenaar: Olaf Eigenaar" in bericht.body
    url = f"http://testserver.example/werkgroepen/bijeenkomsten/{actiepunt.bijeenkomst_id}/"
    assert url in bericht.body and f'<a href="{url}">Naar de bijeenkomst</a>' in bericht.alternatives[0][0]
    [overzicht] = mails_aan("trekker@kring.test")
    assert "Actiepunten over hun deadline" in overzicht.body

    actiepunt.gedaan_op = timezone.now()
    actiepunt.save()
    herinneringen_send(vandaag=VOLGENDE_MAANDAG)
    assert len(mail.outbox) == 2
