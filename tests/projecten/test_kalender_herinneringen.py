"""The reminder kind project_gewijzigd: a change of the tender quarter, phase or certainty of a followed project
reaches each active follower once (not the person who made it), by their choice of frequency, with was → wordt, the
reason and a link."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from kring.herinneringen import Frequentie, Ritme, soorten
from kring.models import Herinnering, HerinneringVoorkeur, User
from kring.services.herinneringen import herinneringen_send
from projecten.herinneringen import PROJECT_GEWIJZIGD_SOORT
from projecten.models import Projectwijziging
from projecten.selectors.kalender import GEMELDE_VELDEN
from projecten.services.projecten import VOLGEVELDEN, project_update
from tests.factories import InteresseFactory, ProjectFactory, ProjectwijzigingFactory, UserFactory

pytestmark = pytest.mark.django_db

MAANDAG = datetime.date(2026, 3, 2)
DINSDAG = MAANDAG + datetime.timedelta(days=1)


def moment(dag: datetime.date, uur: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur)))


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


@pytest.fixture
def project(gemeente_org):
    return ProjectFactory(gemeente=gemeente_org, nummer="DOR-2027-014", naam="Renovatie Visbrug")


@pytest.fixture
def volger(project, org_eigen):
    gebruiker = UserFactory(naam="Jip Uitvoerder", email="jip@merwedijk.test", organisatie=org_eigen)
    InteresseFactory(project=project, gebruiker=gebruiker, aangemaakt_op=moment(MAANDAG - datetime.timedelta(days=60)))
    return gebruiker


def wijziging(project, *, dag=MAANDAG, veld="aanbesteding_kwartaal", was="2027-K1", wordt="2027-K2", door=None):
    return ProjectwijzigingFactory(
        project=project,
        veld=veld,
        oude_waarde=was,
        nieuwe_waarde=wordt,
        reden="De vergunning van het waterschap komt later.",
        op=moment(dag),
        **({"door": door} if door else {}),
    )


def ontvangers(vandaag=MAANDAG) -> list[tuple[str, Projectwijziging]]:
    return [(a.ontvanger.email, a.object) for a in PROJECT_GEWIJZIGD_SOORT.zoek(vandaag)]


def mails_aan(adres: str) -> list:
    return [bericht for bericht in mail.outbox if adres in bericht.to]


def test_the_kind_is_registered_for_contractors_direct_by_default(personas):
    soort = soorten()["project_gewijzigd"]
    assert soort is PROJECT_GEWIJZIGD_SOORT
    assert soort.standaard == Frequentie.DIRECT and soort.ritme == Ritme.DAGELIJKS
    assert set(soort.frequenties) == {Frequentie.DIRECT, Frequentie.WEKELIJKS, Frequentie.UIT}
    assert soort.van_toepassing(personas["on_eigen"]) and not soort.van_toepassing(personas["gemeente"])
    # The fields followers hear of are kept in the project's history.
    assert set(GEMELDE_VELDEN) <= set(VOLGEVELDEN)


def test_a_change_is_mailed_once_with_was_wordt_reason_and_link(project, volger):
    verschoven = wijziging(project)
    herinneringen_send(vandaag=MAANDAG)
    [bericht] = mails_aan("jip@merwedijk.test")
    assert bericht.subject.endswith("DOR-2027-014 Renovatie Visbrug: kwartaal van aanbesteding gewijzigd")
    assert (
        "is het kwartaal van aanbesteding gewijzigd op 2 maart 2026:\n- was: 1e kwartaal 2027\n- wordt: 2e kwartaal 2027"
        in bericht.body
    )
    assert "Reden: De vergunning van het waterschap komt later." in bericht.body
    assert f"http://testserver.example/projecten/{project.pk}/" in bericht.body
    html = bericht.alternatives[0][0]
    assert "<li>was: 1e kwartaal 2027</li>" in html
    assert f'<a href="http://testserver.example/projecten/{project.pk}/">Bekijk het project</a>' in html

    # A second sweep the same day, the next day and next week: nothing more.
    for dag in [MAANDAG, DINSDAG, MAANDAG + datetime.timedelta(days=7)]:
        herinneringen_send(vandaag=dag)
    assert len(mails_aan("jip@merwedijk.test")) == 1
    assert Herinnering.objects.get(soort="project_gewijzigd").object_id == verschoven.pk


def test_only_followers_hear_and_not_the_person_who_made_the_change(project, volger, org_eigen):
    collega = UserFactory(organisatie=org_eigen)  # a colleague who does not follow the project
    zelf = UserFactory(organisatie=org_eigen)
    InteresseFactory(project=project, gebruiker=zelf)
    geblokkeerd = UserFactory(organisatie=org_eigen, status=User.Status.GEBLOKKEERD)
    InteresseFactory(project=project, gebruiker=geblokkeerd)
    InteresseFactory(gebruiker=collega)  # follows another project, which did not change
    eigen = wijziging(project, door=zelf, veld="fase", was="Ontwerp", wordt="Voorbereiding")
    assert ontvangers() == [("jip@merwedijk.test", eigen)]


def test_which_changes_count(project, volger):
    gemeld = [
        wijziging(project, veld="fase", was="Ontwerp", wordt="Voorbereiding"),
        wijziging(project, veld="zekerheid", was="Midden", wordt="Hoog", dag=MAANDAG - datetime.timedelta(days=13)),
    ]
    wijziging(project, veld="procedure", was="Nog onbekend", wordt="Nationaal openbaar")  # not asked for
    wijziging(project, dag=MAANDAG - datetime.timedelta(days=14))  # too long ago
    wijziging(project, dag=DINSDAG)  # not yet (a sweep for an earlier day)
    assert sorted(object.pk for _, object in ontvangers()) == sorted(w.pk for w in gemeld)


def test_a_change_before_someone_followed_is_not_news_to_them(project, volger, org_eigen):
    nieuwkomer = UserFactory(organisatie=org_eigen)
    InteresseFactory(project=project, gebruiker=nieuwkomer, aangemaakt_op=moment(MAANDAG, 12))
    wijziging(project)  # at 10:00, before the newcomer followed
    assert [email for email, _ in ontvangers()] == ["jip@merwedijk.test"]


def test_weekly_overview_and_off(project, volger, org_eigen):
    HerinneringVoorkeur.objects.create(gebruiker=volger, soort="project_gewijzigd", frequentie=Frequentie.WEKELIJKS)
    uit = UserFactory(email="uit@merwedijk.test", organisatie=org_eigen)
    InteresseFactory(project=project, gebruiker=uit)
    HerinneringVoorkeur.objects.create(gebruiker=uit, soort="project_gewijzigd", frequentie=Frequentie.UIT)
    wijziging(project, veld="fase", was="Ontwerp", wordt="Voorbereiding")
    wijziging(project, veld="zekerheid", was="Midden", wordt="Hoog")

    herinneringen_send(vandaag=MAANDAG)
    [overzicht] = mails_aan("jip@merwedijk.test")
    assert overzicht.subject.endswith("Uw weekoverzicht van het Kringportaal")
    assert "== Wijzigingen in projecten die u volgt ==" in overzicht.body
    assert (
        "- was: Ontwerp\n- wordt: Voorbereiding" in overzicht.body and "- was: Midden\n- wordt: Hoog" in overzicht.body
    )
    assert not mails_aan("uit@merwedijk.test")

    # Next week the same changes are not news any more: they were in this overview.
    herinneringen_send(vandaag=MAANDAG + datetime.timedelta(days=7))
    assert len(mails_aan("jip@merwedijk.test")) == 1


def test_the_projects_edit_writes_what_followers_hear(project, volger, personas, gemeente_org):
    """The history rows the project service writes are what this kind reads (the fields and their values)."""
    gegevens = {"zekerheid": "hoog", "fase": "aanbesteding"}
    project_update(project=project, gegevens=gegevens, reden="Krediet is verleend.", door=personas["gemeente"])
    aanleidingen = list(PROJECT_GEWIJZIGD_SOORT.zoek(timezone.localdate()))
    assert {(a.context["veld"], a.context["was"], a.context["wordt"]) for a in aanleidingen} == {
        ("fase", "Voorbereiding", "Aanbesteding"),
        ("zekerheid", "Midden", "Hoog"),
    }
    assert {a.object.reden for a in aanleidingen} == {"Krediet is verleend."}
    assert {a.ontvanger for a in aanleidingen} == {volger}
