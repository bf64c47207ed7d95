"""The SROI reminders: a reporting period that is due (to the contractor's people who report), a warning raised (to the
coordinator and the contractor), a rejected line (to whoever entered it). Each finds exactly whom it should, only
active people still on their side, names a candidate by code only, and the sweep sends each reminder once."""

import datetime
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest

from kring.herinneringen import Frequentie, Ritme, soorten
from kring.models import HerinneringVoorkeur
from kring.services.herinneringen import herinneringen_send
from sroi.herinneringen import AFGEWEZEN, RAPPORTAGE, WAARSCHUWING
from sroi.models import Inzetregel, Waarschuwing
from sroi.selectors.herinneringen import rapportagemoment, rapportagemomenten
from tests.factories import (
    KandidaatFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    VerplichtingFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 5)
DAG = datetime.timedelta(days=1)
SITE = "http://testserver.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def verplichting(personas, gemeente_org, org_eigen):
    return VerplichtingFactory(
        project=ProjectFactory(
            gemeente=gemeente_org, nummer="DOR-0707", naam="Herinrichting Spuiboulevard", fase="uitvoering"
        ),
        opdrachtnemer=org_eigen,
        coordinator=personas["gemeente"],
        looptijd_start=START,
        looptijd_eind=datetime.date(2026, 12, 31),
        rapportage_maanden=3,
        sr_bedrag=Decimal("50000"),
    )


def regel(verplichting, door, *, status="ingediend", code="MWD-0012", ingevoerd_op=None, **kwargs):
    kandidaat = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer, code=code)
    return Inzetregel.objects.create(
        verplichting=verplichting,
        bouwblok=verplichting.waardetabel.bouwblokken.get(code="participatiewet"),
        kandidaat=kandidaat,
        start=START,
        eind=START + 60 * DAG,
        uren_per_week=36,
        waarde=Decimal("6684.93"),
        status=status,
        ingevoerd_door=door,
        ingevoerd_op=ingevoerd_op
        or timezone.make_aware(datetime.datetime.combine(START + 61 * DAG, datetime.time(9))),
        **kwargs,
    )


def gevonden(soort, vandaag) -> list[tuple[str, object]]:
    return [(aanleiding.ontvanger.email, aanleiding.object) for aanleiding in soort.zoek(vandaag)]


def mails_aan(adres: str, over: str = "") -> list:
    return [bericht for bericht in mail.outbox if adres in bericht.to and over in bericht.subject]


def test_the_three_kinds_are_registered_for_gemeente_and_contractor_staff(personas):
    for code in ("sroi_rapportage", "sroi_waarschuwing", "sroi_afgewezen"):
        soort = soorten()[code]
        assert soort.ritme == Ritme.DAGELIJKS and soort.standaard == Frequentie.DIRECT
        assert soort.van_toepassing(personas["gemeente"]) and soort.van_toepassing(personas["on_eigen"])
        assert not soort.van_toepassing(UserFactory(organisatie=OrganisatieFactory(soort="overig", kvk_nummer="")))
        assert not soort.van_toepassing(UserFactory(organisatie=personas["on_eigen"].organisatie, aangevraagd=True))


# --- sroi_rapportage -------------------------------------------------------------------------------------------------


def test_reporting_moments_every_period_and_at_the_end(verplichting):
    assert rapportagemomenten(verplichting) == [
        datetime.date(2026, 4, 5),
        datetime.date(2026, 7, 5),
        datetime.date(2026, 10, 5),
        datetime.date(2026, 12, 31),
    ]
    assert rapportagemoment(verplichting, datetime.date(2026, 4, 4)) is None
    assert rapportagemoment(verplichting, datetime.date(2026, 4, 19)) == datetime.date(2026, 4, 5)
    assert rapportagemoment(verplichting, datetime.date(2026, 4, 20)) is None  # more than 14 days ago
    assert rapportagemoment(verplichting, datetime.date(2027, 1, 2)) == datetime.date(2026, 12, 31)


def test_a_due_period_reaches_all_contractor_staff_when_nobody_reported_yet_once(personas, verplichting):
    UserFactory(email="collega@bedrijf.test", organisatie=verplichting.opdrachtnemer)
    UserFactory(email="weg@bedrijf.test", organisatie=verplichting.opdrachtnemer, status="geblokkeerd")
    moment = datetime.date(2026, 4, 5)
    assert gevonden(RAPPORTAGE, moment) == [
        ("collega@bedrijf.test", verplichting),
        ("on-eigen@bedrijf.test", verplichting),
    ]
    assert gevonden(RAPPORTAGE, moment - DAG) == []

    herinneringen_send(vandaag=moment)
    [bericht] = mails_aan("on-eigen@bedrijf.test")
    assert bericht.subject.endswith("SROI-rapportage tot en met 5 april 2026: DOR-0707 Herinrichting Spuiboulevard")
    assert "liep tot en met 5 april 2026" in bericht.body and "€ 50.000,00" in bericht.body
    assert f"{SITE}/sroi/verplichtingen/{verplichting.pk}/inzet/nieuw/" in bericht.body
    assert f'<a href="{SITE}/sroi/verplichtingen/{verplichting.pk}/">' in bericht.alternatives[0][0]
    assert not mails_aan(personas["on_ander"].email) and not mails_aan(personas["gemeente"].email)

    for dag in (moment, moment + DAG, moment + 7 * DAG):
        herinneringen_send(vandaag=dag)
    assert len(mails_aan("on-eigen@bedrijf.test", "SROI-rapportage")) == 1
    assert len(mails_aan("collega@bedrijf.test", "SROI-rapportage")) == 1


def test_the_next_period_goes_to_who_reported_and_stops_once_inzet_is_entered(personas, verplichting):
    UserFactory(email="collega@bedrijf.test", organisatie=verplichting.opdrachtnemer)
    regel(verplichting, personas["on_eigen"])  # entered on 7 March, before the moment of 5 April
    assert gevonden(RAPPORTAGE, datetime.date(2026, 4, 5)) == [("on-eigen@bedrijf.test", verplichting)]
    herinneringen_send(vandaag=datetime.date(2026, 4, 5))
    # A line entered after the moment: this period is reported, nothing more until the next moment.
    regel(
        verplichting,
        personas["on_eigen"],
        code="MWD-0013",
        ingevoerd_op=timezone.make_aware(datetime.datetime(2026, 4, 8, 9)),
    )
    assert gevonden(RAPPORTAGE, datetime.date(2026, 4, 9)) == []
    assert gevonden(RAPPORTAGE, datetime.date(2026, 7, 5)) == [("on-eigen@bedrijf.test", verplichting)]
    herinneringen_send(vandaag=datetime.date(2026, 7, 5))
    assert len(mails_aan("on-eigen@bedrijf.test", "SROI-rapportage")) == 2
    assert not mails_aan("collega@bedrijf.test")


def test_a_reporter_who_left_falls_back_to_the_staff_and_an_opt_out_is_respected(personas, verplichting):
    vertrokken = UserFactory(email="vertrokken@bedrijf.test", organisatie=verplichting.opdrachtnemer)
    regel(verplichting, vertrokken)
    vertrokken.organisatie = OrganisatieFactory()
    vertrokken.save()
    assert gevonden(RAPPORTAGE, datetime.date(2026, 4, 5)) == [("on-eigen@bedrijf.test", verplichting)]
    HerinneringVoorkeur.objects.create(gebruiker=personas["on_eigen"], soort="sroi_rapportage", frequentie="uit")
    herinneringen_send(vandaag=datetime.date(2026, 4, 5))
    assert mail.outbox == []


def test_the_final_report_after_the_term(verplichting, personas):
    herinneringen_send(vandaag=datetime.date(2027, 1, 4))
    [bericht] = mails_aan("on-eigen@bedrijf.test")
    assert "eindigde op 31 december 2026" in bericht.body and "eindverantwoording" in bericht.body
    assert gevonden(RAPPORTAGE, datetime.date(2027, 1, 20)) == []


# --- sroi_waarschuwing -----------------------------------------------------------------------------------------------


def test_a_warning_reaches_the_coordinator_and_the_contractor_once(personas, verplichting):
    waarschuwing = Waarschuwing.objects.create(
        verplichting=verplichting,
        soort=Waarschuwing.Soort.ACHTERSTAND,
        toelichting="De helft van de looptijd is voorbij en 12 % is gerealiseerd.",
        sinds=datetime.date(2026, 7, 2),
    )
    vandaag = datetime.date(2026, 7, 2)
    assert gevonden(WAARSCHUWING, vandaag) == [
        ("gemeente@dordrecht.test", waarschuwing),
        ("on-eigen@bedrijf.test", waarschuwing),
    ]
    herinneringen_send(vandaag=vandaag)
    [naar_gemeente] = mails_aan("gemeente@dordrecht.test", "SROI-waarschuwing")
    assert naar_gemeente.subject.endswith("SROI-waarschuwing (achterstand): DOR-0707 Herinrichting Spuiboulevard")
    assert "Achterstand: helft van de looptijd" in naar_gemeente.body and "12 % is gerealiseerd" in naar_gemeente.body
    assert "U bent de SROI-coördinator" in naar_gemeente.body
    [naar_on] = mails_aan("on-eigen@bedrijf.test", "SROI-waarschuwing")
    assert "Bespreek met de SROI-coördinator" in naar_on.body
    for dag in (vandaag + DAG, vandaag + 8 * DAG):
        herinneringen_send(vandaag=dag)
    assert len(mails_aan("gemeente@dordrecht.test", "SROI-waarschuwing")) == 1
    assert len(mails_aan("on-eigen@bedrijf.test", "SROI-waarschuwing")) == 1

    # Resolved: nothing more; a new warning of the same kind is mailed again.
    waarschuwing.opgelost_op = vandaag + 10 * DAG
    waarschuwing.save()
    assert gevonden(WAARSCHUWING, vandaag + 11 * DAG) == []
    nieuw = Waarschuwing.objects.create(
        verplichting=verplichting, soort="achterstand", toelichting="Opnieuw.", sinds=vandaag + 40 * DAG
    )
    assert [obj for _, obj in gevonden(WAARSCHUWING, vandaag + 40 * DAG)] == [nieuw, nieuw]


def test_a_coordinator_who_left_the_gemeente_gets_no_warning(personas, verplichting):
    coordinator = personas["gemeente"]
    coordinator.organisatie = OrganisatieFactory(soort="gemeente", kvk_nummer="")
    coordinator.save()
    Waarschuwing.objects.create(
        verplichting=verplichting, soort="prognose", toelichting="Prognose onder het SR-bedrag.", sinds=START
    )
    assert [email for email, _ in gevonden(WAARSCHUWING, START + DAG)] == ["on-eigen@bedrijf.test"]


# --- sroi_afgewezen --------------------------------------------------------------------------------------------------


def test_a_rejected_line_reaches_who_entered_it_once_by_code_only(personas, verplichting):
    collega = UserFactory(email="collega@bedrijf.test", organisatie=verplichting.opdrachtnemer)
    beoordeeld = timezone.make_aware(datetime.datetime(2026, 3, 10, 14))
    afgewezen = regel(
        verplichting,
        collega,
        status="afgewezen",
        reden_afwijzing="Geen arbeidsovereenkomst bijgevoegd.",
        beoordeeld_door=personas["gemeente"],
        beoordeeld_op=beoordeeld,
    )
    regel(verplichting, personas["on_eigen"], code="MWD-0014", status="gevalideerd", beoordeeld_op=beoordeeld)
    vandaag = datetime.date(2026, 3, 10)
    assert gevonden(AFGEWEZEN, vandaag) == [("collega@bedrijf.test", afgewezen)]
    herinneringen_send(vandaag=vandaag)
    [bericht] = mails_aan("collega@bedrijf.test", "afgewezen")
    assert bericht.subject.endswith("SROI-inzetregel afgewezen: DOR-0707 Herinrichting Spuiboulevard")
    assert "kandidaat MWD-0012" in bericht.body and "Geen arbeidsovereenkomst bijgevoegd." in bericht.body
    assert f"{SITE}/sroi/inzet/{afgewezen.pk}/" in bericht.body
    for dag in (vandaag + DAG, vandaag + 3 * DAG):
        herinneringen_send(vandaag=dag)
    assert len(mails_aan("collega@bedrijf.test", "afgewezen")) == 1
    assert not mails_aan("on-eigen@bedrijf.test", "afgewezen")
    # Old rejections are history: not mailed on a first sweep weeks later.
    assert gevonden(AFGEWEZEN, vandaag + 20 * DAG) == []


def test_a_rejection_for_someone_who_left_is_not_mailed(personas, verplichting):
    vertrokken = UserFactory(organisatie=verplichting.opdrachtnemer)
    regel(verplichting, vertrokken, status="afgewezen", reden_afwijzing="Dubbel.", beoordeeld_op=timezone.now())
    vertrokken.organisatie = personas["on_ander"].organisatie
    vertrokken.save()
    assert gevonden(AFGEWEZEN, timezone.localdate()) == []


def test_the_searches_run_a_fixed_number_of_queries(personas, verplichting, django_assert_max_num_queries):
    for nummer in range(3):
        andere = VerplichtingFactory(
            project=ProjectFactory(gemeente=verplichting.project.gemeente, fase="uitvoering"),
            opdrachtnemer=verplichting.opdrachtnemer,
            coordinator=personas["gemeente"],
            waardetabel=verplichting.waardetabel,
            looptijd_start=START,
            looptijd_eind=datetime.date(2026, 12, 31),
        )
        Waarschuwing.objects.create(verplichting=andere, soort="achterstand", toelichting="x", sinds=START)
        regel(andere, personas["on_eigen"], code=f"K-{nummer}", status="afgewezen", beoordeeld_op=timezone.now())
    with django_assert_max_num_queries(6):
        list(RAPPORTAGE.zoek(datetime.date(2026, 4, 5)))
    with django_assert_max_num_queries(5):
        list(WAARSCHUWING.zoek(datetime.date(2026, 4, 5)))
    with django_assert_max_num_queries(3):
        list(AFGEWEZEN.zoek(timezone.localdate()))
