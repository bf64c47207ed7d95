"""The past-performance reminders: each kind finds exactly whom it should on the right days, only active raters who
still work for their side, with a link to the round; and the sweep sends each reminder once."""

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from kring.herinneringen import Frequentie, Ritme, soorten
from kring.models import HerinneringVoorkeur, User
from kring.services.herinneringen import herinneringen_send
from pastperformance.herinneringen import (
    AFSPRAAK_VERLOPEN,
    EINDRONDE,
    NIET_INGEDIEND,
    ONTHULD,
    REACTIETERMIJN,
    RONDE_GEOPEND,
)
from pastperformance.models import Afspraak, Beleid, Beoordelingsronde, Reactie, Richting
from tests.factories import (
    BeoordelingsplanFactory,
    BeoordelingsrondeFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    onthulde_ronde,
    open_ronde,
    vul_in,
)

pytestmark = pytest.mark.django_db

MAANDAG = datetime.date(2026, 3, 2)
DAG = datetime.timedelta(days=1)
SITE = "http://testserver.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def plan(gemeente_org, org_eigen):
    return BeoordelingsplanFactory(
        project=ProjectFactory(gemeente=gemeente_org, nummer="DOR-0909", naam="Vervanging Visbrug", fase="uitvoering"),
        opdrachtnemer=org_eigen,
        beoordelaar_og=UserFactory(email="og@dordrecht.test", organisatie=gemeente_org),
        beoordelaar_on=UserFactory(email="on@bedrijf.test", organisatie=org_eigen),
        uitvoering_start=MAANDAG - 60 * DAG,
        uitvoering_eind=MAANDAG + 200 * DAG,
    )


def gevonden(soort, vandaag=MAANDAG) -> list[tuple[str, object]]:
    return [(aanleiding.ontvanger.email, aanleiding.object) for aanleiding in soort.zoek(vandaag)]


def mails_aan(adres: str, over: str = "") -> list:
    """The mails to `adres` whose subject holds `over` (other kinds fire on the same rounds)."""
    return [bericht for bericht in mail.outbox if adres in bericht.to and over in bericht.subject]


def geopende_ronde(plan, *, onthulling, geopend=None, **kwargs):
    geopend = geopend or onthulling - 14 * DAG
    ronde = open_ronde(plan=plan, opent_op=geopend, onthulling_uiterlijk=onthulling, **kwargs)
    ronde.geopend_op = timezone.make_aware(datetime.datetime.combine(geopend, datetime.time(6)))
    ronde.save(update_fields=["geopend_op"])
    return ronde


def test_the_six_kinds_are_registered_for_gemeente_and_contractor_staff(personas):
    codes = [
        "pp_ronde_geopend",
        "pp_niet_ingediend",
        "pp_onthuld",
        "pp_reactietermijn",
        "pp_afspraak_verlopen",
        "pp_eindronde",
    ]
    assert set(codes) <= set(soorten())
    for code in codes:
        soort = soorten()[code]
        assert soort.van_toepassing(personas["gemeente"]) and soort.van_toepassing(personas["on_eigen"])
        assert not soort.van_toepassing(UserFactory(organisatie=OrganisatieFactory(soort="overig", kvk_nummer="")))
        assert not soort.van_toepassing(UserFactory(organisatie=personas["gemeente"].organisatie, aangevraagd=True))
    assert AFSPRAAK_VERLOPEN.ritme == Ritme.WEKELIJKS and AFSPRAAK_VERLOPEN.standaard == Frequentie.WEKELIJKS
    assert RONDE_GEOPEND.ritme == Ritme.DAGELIJKS and RONDE_GEOPEND.standaard == Frequentie.DIRECT


# --- pp_ronde_geopend --------------------------------------------------------------------------------------------------


def test_an_opened_round_reaches_both_raters_once_with_a_link(plan):
    ronde = geopende_ronde(plan, onthulling=MAANDAG + 14 * DAG, geopend=MAANDAG)
    BeoordelingsrondeFactory(plan=plan, opent_op=MAANDAG + 90 * DAG, onthulling_uiterlijk=MAANDAG + 104 * DAG)
    assert gevonden(RONDE_GEOPEND) == [("og@dordrecht.test", ronde), ("on@bedrijf.test", ronde)]

    herinneringen_send(vandaag=MAANDAG)
    [bericht] = mails_aan("on@bedrijf.test")
    assert bericht.subject.endswith("Beoordelingsronde geopend: DOR-0909 Vervanging Visbrug")
    assert 'De tussentijdse ronde van het project "DOR-0909 Vervanging Visbrug" is geopend.' in bericht.body
    assert f"samenwerking met {plan.project.gemeente.naam}" in bericht.body
    assert "uiterlijk op 16 maart 2026" in bericht.body
    assert f"{SITE}/pastperformance/rondes/{ronde.pk}/" in bericht.body
    assert f'<a href="{SITE}/pastperformance/rondes/{ronde.pk}/">' in bericht.alternatives[0][0]
    [naar_gemeente] = mails_aan("og@dordrecht.test")
    assert f"samenwerking met {plan.opdrachtnemer.naam}" in naar_gemeente.body

    for dag in (MAANDAG, MAANDAG + DAG, MAANDAG + 7 * DAG):
        herinneringen_send(vandaag=dag)
    assert len(mails_aan("on@bedrijf.test", "geopend")) == 1 and len(mails_aan("og@dordrecht.test", "geopend")) == 1
    assert gevonden(RONDE_GEOPEND, MAANDAG + DAG) == []


def test_only_active_raters_who_still_work_for_their_side(plan, org_ander):
    geopende_ronde(plan, onthulling=MAANDAG + 14 * DAG, geopend=MAANDAG)
    plan.beoordelaar_og.status = User.Status.GEBLOKKEERD
    plan.beoordelaar_og.save()
    plan.beoordelaar_on.organisatie = org_ander  # changed jobs: no longer sees the round
    plan.beoordelaar_on.save()
    assert gevonden(RONDE_GEOPEND) == []


# --- pp_niet_ingediend -------------------------------------------------------------------------------------------------


def test_not_submitted_is_reminded_seven_and_two_days_before_the_reveal_once_each(plan):
    onthulling = MAANDAG + 7 * DAG
    ronde = geopende_ronde(plan, onthulling=onthulling)
    assert gevonden(NIET_INGEDIEND, MAANDAG - DAG) == []
    assert gevonden(NIET_INGEDIEND) == [("og@dordrecht.test", ronde), ("on@bedrijf.test", ronde)]

    # The contractor submits both its ratings: only the gemeente is reminded.
    for beoordeling in ronde.beoordelingen.filter(richting__in=[Richting.ON_OG, Richting.ZELF_ON]):
        vul_in(beoordeling)
    vul_in(ronde.beoordelingen.get(richting=Richting.ZELF_OG))
    vul_in(ronde.beoordelingen.get(richting=Richting.OG_ON), indienen=False)  # a draft still counts as not submitted
    [aanleiding] = NIET_INGEDIEND.zoek(MAANDAG)
    assert aanleiding.ontvanger.email == "og@dordrecht.test"
    assert [b.richting for b in aanleiding.context["open_beoordelingen"]] == [Richting.OG_ON]

    for dag in (MAANDAG, MAANDAG + DAG, MAANDAG + 4 * DAG):
        herinneringen_send(vandaag=dag)
    [bericht] = mails_aan("og@dordrecht.test", "om te beoordelen")
    assert bericht.subject.endswith("Nog 7 dagen om te beoordelen: DOR-0909 Vervanging Visbrug")
    assert "op 9 maart 2026, worden de beoordelingen" in bericht.body
    assert "- Opdrachtgever over opdrachtnemer (concept bewaard)" in bericht.body
    assert f"{SITE}/pastperformance/rondes/{ronde.pk}/" in bericht.body

    herinneringen_send(vandaag=MAANDAG + 5 * DAG)  # two days before
    herinneringen_send(vandaag=MAANDAG + 6 * DAG)
    herinnerd = [b.subject.split("] ")[-1] for b in mails_aan("og@dordrecht.test", "om te beoordelen")]
    assert herinnerd == [
        "Nog 7 dagen om te beoordelen: DOR-0909 Vervanging Visbrug",
        "Nog 2 dagen om te beoordelen: DOR-0909 Vervanging Visbrug",
    ]
    assert mails_aan("on@bedrijf.test", "om te beoordelen") == []


def test_a_sweep_that_missed_the_day_catches_up_and_a_late_opening_skips_the_first_moment(plan):
    ronde = geopende_ronde(plan, onthulling=MAANDAG + 7 * DAG)
    assert [e for e, _ in gevonden(NIET_INGEDIEND, MAANDAG + 2 * DAG)] == ["og@dordrecht.test", "on@bedrijf.test"]
    laat = geopende_ronde(plan, onthulling=MAANDAG + 5 * DAG, geopend=MAANDAG)  # opened 5 days before its reveal
    assert {o for _, o in gevonden(NIET_INGEDIEND)} == {ronde}
    assert {o for _, o in gevonden(NIET_INGEDIEND, MAANDAG + 3 * DAG)} == {ronde, laat}


def test_no_reminder_after_the_reveal_or_for_a_round_that_is_not_open(plan):
    ronde = geopende_ronde(plan, onthulling=MAANDAG + 2 * DAG)
    assert gevonden(NIET_INGEDIEND) != []
    assert gevonden(NIET_INGEDIEND, MAANDAG + 3 * DAG) == []  # the deadline passed: the reveal sweep takes over
    for status in (Beoordelingsronde.Status.ONTHULD, Beoordelingsronde.Status.VERVALLEN):
        ronde.status = status
        ronde.save()
        assert gevonden(NIET_INGEDIEND) == []


# --- pp_onthuld --------------------------------------------------------------------------------------------------------


def test_a_revealed_round_asks_both_raters_to_plan_the_bespreking_once(plan):
    ronde = onthulde_ronde(plan=plan)
    assert gevonden(ONTHULD) == [("og@dordrecht.test", ronde), ("on@bedrijf.test", ronde)]
    herinneringen_send(vandaag=MAANDAG)
    herinneringen_send(vandaag=MAANDAG + DAG)
    [bericht] = mails_aan("on@bedrijf.test", "onthuld")
    assert bericht.subject.endswith("Beoordelingen onthuld, plan de bespreking: DOR-0909 Vervanging Visbrug")
    assert f"plan het gesprek met {plan.project.gemeente.naam}" in bericht.body
    assert f"{SITE}/pastperformance/rondes/{ronde.pk}/" in bericht.body
    ronde.status = Beoordelingsronde.Status.BESPROKEN
    ronde.save()
    andere = onthulde_ronde(plan=plan)
    andere.status = Beoordelingsronde.Status.BESPROKEN
    andere.save()
    assert gevonden(ONTHULD) == []


# --- pp_reactietermijn -------------------------------------------------------------------------------------------------


def test_the_rated_side_is_reminded_three_days_before_the_reply_window_closes(plan):
    ronde = onthulde_ronde(plan=plan)
    ronde.reactie_tot = MAANDAG + 3 * DAG
    ronde.save()
    over_on = ronde.beoordelingen.get(richting=Richting.OG_ON)
    over_og = ronde.beoordelingen.get(richting=Richting.ON_OG)
    assert gevonden(REACTIETERMIJN, MAANDAG - DAG) == []
    assert gevonden(REACTIETERMIJN) == [("on@bedrijf.test", over_on), ("og@dordrecht.test", over_og)]
    Reactie.objects.create(beoordeling=over_og, eens=True, tekst="Herkenbaar.")
    assert gevonden(REACTIETERMIJN) == [("on@bedrijf.test", over_on)]

    herinneringen_send(vandaag=MAANDAG)
    herinneringen_send(vandaag=MAANDAG + DAG)
    [bericht] = mails_aan("on@bedrijf.test", "Reageren")
    assert bericht.subject.endswith("Reageren kan tot en met 5 maart: DOR-0909 Vervanging Visbrug")
    assert f"{plan.project.gemeente.naam} beoordeelde uw organisatie" in bericht.body
    assert "Reageren kan nog 3 dagen, tot en met 5 maart 2026." in bericht.body

    # One extension: reminded again before the new end.
    ronde.reactie_tot += 14 * DAG
    ronde.reactie_verlengd = True
    ronde.save()
    herinneringen_send(vandaag=MAANDAG + 2 * DAG)
    assert len(mails_aan("on@bedrijf.test", "Reageren")) == 1
    herinneringen_send(vandaag=MAANDAG + 14 * DAG)
    herinneringen_send(vandaag=MAANDAG + 15 * DAG)
    assert len(mails_aan("on@bedrijf.test", "Reageren")) == 2
    assert gevonden(REACTIETERMIJN, MAANDAG + 18 * DAG) == []  # the window closed


def test_no_reply_reminder_for_self_ratings_unsubmitted_ratings_or_a_definitief_round(plan):
    ronde = open_ronde(plan=plan)
    vul_in(ronde.beoordelingen.get(richting=Richting.OG_ON))  # only the gemeente submitted; revealed by deadline
    ronde.status = Beoordelingsronde.Status.ONTHULD
    ronde.reactie_tot = MAANDAG + DAG
    ronde.save()
    assert gevonden(REACTIETERMIJN) == [("on@bedrijf.test", ronde.beoordelingen.get(richting=Richting.OG_ON))]
    ronde.status = Beoordelingsronde.Status.DEFINITIEF
    ronde.save()
    assert gevonden(REACTIETERMIJN) == []


# --- pp_afspraak_verlopen ----------------------------------------------------------------------------------------------


def afspraak(ronde, organisatie, **kwargs):
    return Afspraak.objects.create(
        ronde=ronde,
        criterium_code="planmatig-werken",
        omschrijving=kwargs.pop("omschrijving", "Elke twee weken samen de planning doornemen."),
        eigenaar_organisatie=organisatie,
        deadline=kwargs.pop("deadline", MAANDAG - 3 * DAG),
        **kwargs,
    )


def test_an_overdue_afspraak_reaches_its_owner_weekly(plan, org_eigen):
    ronde = onthulde_ronde(plan=plan)
    eigenaar = UserFactory(email="planner@bedrijf.test", organisatie=org_eigen)
    te_laat = afspraak(ronde, org_eigen, eigenaar=eigenaar)
    vandaag_af = afspraak(ronde, org_eigen, eigenaar=eigenaar, deadline=MAANDAG, omschrijving="Revisie aanleveren.")
    afspraak(ronde, org_eigen, eigenaar=eigenaar, status=Afspraak.Status.NAGEKOMEN)
    assert gevonden(AFSPRAAK_VERLOPEN) == [("planner@bedrijf.test", te_laat)]  # due today is not yet late

    HerinneringVoorkeur.objects.create(gebruiker=eigenaar, soort=AFSPRAAK_VERLOPEN.code, frequentie=Frequentie.DIRECT)
    herinneringen_send(vandaag=MAANDAG)
    [bericht] = mails_aan("planner@bedrijf.test", "Afspraak")
    assert bericht.subject.endswith("Afspraak over de deadline: Elke twee weken samen de planning doornemen.")
    assert "had als deadline 27 februari 2026, 3 dagen geleden, en staat nog open." in bericht.body
    assert "U krijgt dit bericht als aanspreekpunt van de afspraak." in bericht.body
    assert f"{SITE}/pastperformance/afspraken/" in bericht.body
    assert f"{SITE}/pastperformance/rondes/{ronde.pk}/" in bericht.body

    # The next day only the afspraak that became late; a week later both again.
    herinneringen_send(vandaag=MAANDAG + DAG)
    assert [b.subject.split(": ", 1)[1] for b in mails_aan("planner@bedrijf.test", "Afspraak")] == [
        te_laat.omschrijving,
        vandaag_af.omschrijving,
    ]
    herinneringen_send(vandaag=MAANDAG + 2 * DAG)
    herinneringen_send(vandaag=MAANDAG + 7 * DAG)
    assert len(mails_aan("planner@bedrijf.test", "Afspraak")) == 4


def test_without_an_active_owner_the_rater_of_the_owning_side_is_reminded(plan, gemeente_org, org_eigen):
    ronde = onthulde_ronde(plan=plan)
    zonder = afspraak(ronde, gemeente_org)
    vertrokken = afspraak(ronde, org_eigen, eigenaar=UserFactory(organisatie=OrganisatieFactory()))
    assert gevonden(AFSPRAAK_VERLOPEN) == [("og@dordrecht.test", zonder), ("on@bedrijf.test", vertrokken)]
    herinneringen_send(vandaag=MAANDAG)
    [overzicht] = mails_aan("og@dordrecht.test", "weekoverzicht")  # weekly by default
    assert overzicht.subject.endswith("Uw weekoverzicht van het Kringportaal")
    assert f"beoordelaar van {gemeente_org.naam}; de afspraak heeft geen actief aanspreekpunt" in overzicht.body


# --- pp_eindronde ------------------------------------------------------------------------------------------------------


def test_eindronde_is_due_after_delivery_until_it_is_planned_in_time(plan):
    plan.uitvoering_eind = MAANDAG - 10 * DAG
    plan.save()
    assert gevonden(EINDRONDE) == [("og@dordrecht.test", plan)]
    assert gevonden(EINDRONDE, MAANDAG - 10 * DAG) == []  # on the planned day itself the work is not yet late

    # Planned, but it cannot open before the oplevering is recorded.
    eind = BeoordelingsrondeFactory(
        plan=plan, soort="eind", opent_op=MAANDAG + 30 * DAG, onthulling_uiterlijk=MAANDAG + 44 * DAG
    )
    assert gevonden(EINDRONDE) == [("og@dordrecht.test", plan)]
    plan.opgeleverd_op = MAANDAG - 10 * DAG
    plan.save()
    assert gevonden(EINDRONDE) == [("og@dordrecht.test", plan)]  # planned later than 28 days after delivery
    eind.opent_op = MAANDAG + 18 * DAG
    eind.save()
    assert gevonden(EINDRONDE) == []

    eind.opent_op = MAANDAG + 19 * DAG
    eind.status = Beoordelingsronde.Status.VERVALLEN  # cancelled on purpose, with a reason
    eind.save()
    assert gevonden(EINDRONDE) == []


def test_eindronde_mails_ask_to_record_the_delivery_or_to_open_the_round(plan):
    plan.uitvoering_eind = MAANDAG - 3 * DAG
    plan.save()
    herinneringen_send(vandaag=MAANDAG)
    herinneringen_send(vandaag=MAANDAG + DAG)
    [bericht] = mails_aan("og@dordrecht.test", "Eindronde")
    assert bericht.subject.endswith("Eindronde plannen: DOR-0909 Vervanging Visbrug")
    assert "zou volgens de planning op 27 februari 2026 worden opgeleverd" in bericht.body
    assert "opent pas als de oplevering op het beoordelingsplan staat; het liefst vóór 27 maart 2026" in bericht.body
    assert f"{SITE}/pastperformance/plannen/{plan.pk}/" in bericht.body

    plan.opgeleverd_op = MAANDAG - 2 * DAG
    plan.save()
    Beleid.objects.update_or_create(pk=1, defaults={"eindronde_dagen": 21})
    herinneringen_send(vandaag=MAANDAG + 7 * DAG)
    [_, tweede] = mails_aan("og@dordrecht.test", "Eindronde")
    assert "is opgeleverd op 28 februari 2026" in tweede.body
    assert "hoort uiterlijk op 21 maart 2026 te openen" in tweede.body
    open_ronde(plan=plan, soort="eind")
    assert gevonden(EINDRONDE, MAANDAG + 14 * DAG) == []


# --- queries -----------------------------------------------------------------------------------------------------------


def _zoek_queries(soort, vandaag) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        aantal = len(list(soort.zoek(vandaag)))
    return len(queries), aantal


def test_every_search_costs_the_same_number_of_queries_for_3_and_30_rounds(gemeente_org):
    def maak(aantal):
        for _ in range(aantal):
            plan = BeoordelingsplanFactory(
                project=ProjectFactory(gemeente=gemeente_org),
                uitvoering_start=MAANDAG - 300 * DAG,
                uitvoering_eind=MAANDAG - 10 * DAG,
            )
            geopende_ronde(plan, onthulling=MAANDAG + 2 * DAG)
            onthuld = onthulde_ronde(plan=plan)
            onthuld.reactie_tot = MAANDAG + DAG
            onthuld.save()
            afspraak(onthuld, plan.opdrachtnemer)
            afspraak(onthuld, gemeente_org, eigenaar=plan.beoordelaar_og)

    kinds = [RONDE_GEOPEND, NIET_INGEDIEND, ONTHULD, REACTIETERMIJN, AFSPRAAK_VERLOPEN, EINDRONDE]
    maak(3)
    for soort in kinds:  # warm the content-type cache
        list(soort.zoek(MAANDAG))
    klein = {soort.code: _zoek_queries(soort, MAANDAG) for soort in kinds}
    maak(27)
    groot = {soort.code: _zoek_queries(soort, MAANDAG) for soort in kinds}
    for soort in kinds:
        (q_klein, n_klein), (q_groot, n_groot) = klein[soort.code], groot[soort.code]
        assert n_groot == 10 * n_klein > 0, soort.code
        assert q_klein == q_groot, f"{soort.code}: {q_klein} queries bij 3 plannen, {q_groot} bij 30"
