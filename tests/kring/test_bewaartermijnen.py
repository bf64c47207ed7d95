"""Retention per kind of personal data (kring/bewaartermijnen.py, kring/services/bewaartermijnen.py): per rule, rows
are kept on the last day of the term and handled the day after; a dry run counts the same rows and changes nothing;
a second run changes nothing; aggregates stay. Then the job as a whole: one audit event with counts only, the
command, the nightly task, and the privacy page listing the terms."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession

from kring import tasks
from kring.audit import audit_log
from kring.bewaartermijnen import REGEL, REGELS
from kring.models import AuditEvent, Herinnering, Intentieovereenkomst, Rapport, User
from kring.services.accounts import gebruiker_set_status, registratie_approve, registratie_refuse
from kring.services.bewaartermijnen import ACTIE, BewaartermijnMislukt, bewaartermijnen_toepassen
from pastperformance.models import (
    Addendum,
    Afspraak,
    Beoordelaarverdeling,
    Beoordeling,
    Beoordelingsplan,
    Bespreking,
    Bezwaar,
    KpiMeting,
    Reactie,
    Score,
    Scoremaand,
)
from pastperformance.services.bewaartermijn import GEANONIMISEERD
from pastperformance.services.profielen import samenvatting_herbereken, samenvatting_verschillen
from projecten.koppelkansen import maanden_plus
from projecten.models import Interesse, Projectimport
from sroi.models import Kandidaat
from tests.conftest import client_for
from tests.factories import (
    BijeenkomstFactory,
    IntentieovereenkomstFactory,
    InteresseFactory,
    InzetregelFactory,
    ProjectimportFactory,
    RapportFactory,
    UserFactory,
    definitieve_ronde,
    onthulde_ronde,
)
from werkgroepen.models import Uitnodiging

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def na(*, maanden: int = 0, dagen: int = 0, vanaf: datetime.date = VANDAAG) -> datetime.date:
    return maanden_plus(vanaf, maanden) + datetime.timedelta(days=dagen)


def toepassen(sleutel: str, vandaag: datetime.date, *, droog: bool = False) -> int:
    with transaction.atomic():
        return REGEL[sleutel].toepassen(vandaag=vandaag, droog=droog)


def rijen(model, *velden) -> list:
    return list(model.objects.order_by("pk").values_list("pk", *velden))


def moment(dag: datetime.date, uur: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(uur)))


# --- Past performance: 5 years after delivery, people and free text go; scores and summaries stay -------------------

OPGELEVERD = VANDAAG - datetime.timedelta(days=10)
PP_NOG_NIET = na(maanden=60, vanaf=OPGELEVERD)  # the last day of the term
PP_VERLOPEN = PP_NOG_NIET + datetime.timedelta(days=1)


def _oude_ronde():
    """A definitief round of a delivered project with every kind of personal trace: named raters, a general remark
    naming the uitvoerder, a reply, a decided bezwaar with its panel and addendum, an afspraak with its owner, the
    bespreking's attendees and summary, a KPI with a remark; then the summary rows as a recount makes them."""
    ronde = definitieve_ronde(waarden={"og_on": (4, 8), "on_og": (6,)})
    plan = ronde.plan
    plan.opgeleverd_op = OPGELEVERD
    plan.aangemaakt_door = plan.beoordelaar_og
    plan.save()
    og_on = ronde.beoordelingen.get(richting="og_on")
    og_on.algemene_toelichting = "Uitvoerder Jan de Vries was altijd bereikbaar."
    og_on.save()
    Reactie.objects.create(beoordeling=og_on, eens=False, tekst="Jan was drie weken ziek.", door=plan.beoordelaar_on)
    bezwaar = Bezwaar.objects.create(
        beoordeling=og_on,
        organisatie=plan.opdrachtnemer,
        ingediend_door=plan.beoordelaar_on,
        gronden="Piet van de gemeente besliste te laat.",
        status=Bezwaar.Status.BESLOTEN,
        panel_gemeente=UserFactory(),
        panel_kring=UserFactory(),
        besluit=Bezwaar.Besluit.ONGEGROND,
        besloten_op=timezone.now(),
    )
    Addendum.objects.create(ronde=ronde, beoordeling=og_on, bezwaar=bezwaar, tekst="Panel: Piet had gelijk.")
    Addendum.objects.filter(bezwaar=bezwaar).update(door=bezwaar.panel_kring)
    Afspraak.objects.create(
        ronde=ronde,
        omschrijving="Jan deelt elke week de planning.",
        eigenaar_organisatie=plan.opdrachtnemer,
        eigenaar=plan.beoordelaar_on,
        deadline=OPGELEVERD,
        status=Afspraak.Status.NAGEKOMEN,
        toelichting="Jan deed het.",
    )
    bespreking = ronde.bespreking
    bespreking.aanwezigen.add(plan.beoordelaar_og, plan.beoordelaar_on)
    bespreking.overige_aanwezigen = "uitvoerder Jan de Vries"
    bespreking.vastgelegd_door = plan.beoordelaar_og
    bespreking.save()
    KpiMeting.objects.create(
        plan=plan,
        soort="vertraging",
        dagen=12,
        peildatum=OPGELEVERD,
        omschrijving="kademuur, Jan",
        ingevoerd_door=plan.beoordelaar_og,
    )
    samenvatting_herbereken()
    return ronde


def _cijfers(ronde):
    return {
        "scores": sorted(
            Score.objects.filter(beoordeling__ronde=ronde).values_list("pk", "criterium_id", "waarde", "nvt")
        ),
        "beoordelingen": sorted(
            Beoordeling.objects.filter(ronde=ronde).values_list("pk", "richting", "ingediend_op", "telt_mee")
        ),
        "kpi": sorted(KpiMeting.objects.filter(plan=ronde.plan).values_list("pk", "soort", "dagen", "peildatum")),
        "afspraken": sorted(Afspraak.objects.filter(ronde=ronde).values_list("pk", "status", "deadline")),
        "bezwaren": sorted(Bezwaar.objects.filter(beoordeling__ronde=ronde).values_list("pk", "status", "besluit")),
    }


def _persoonlijk(ronde) -> dict:
    """Everything personal the round still holds, per model (empty lists once anonymised)."""
    g = GEANONIMISEERD
    return {
        "beoordelingen": [
            b
            for b in Beoordeling.objects.filter(ronde=ronde).values_list("ingediend_door", "algemene_toelichting")
            if b != (None, "")
        ],
        "scores": [
            s
            for s in Score.objects.filter(beoordeling__ronde=ronde).values_list("motivering", "voorgestelde_afspraak")
            if s != ("", "")
        ],
        "reacties": [
            r for r in Reactie.objects.filter(beoordeling__ronde=ronde).values_list("door", "tekst") if r != (None, g)
        ],
        "bezwaren": [
            b
            for b in Bezwaar.objects.filter(beoordeling__ronde=ronde).values_list(
                "ingediend_door", "panel_gemeente", "panel_kring", "gronden"
            )
            if b != (None, None, None, g)
        ],
        "addenda": [a for a in Addendum.objects.filter(ronde=ronde).values_list("door", "tekst") if a != (None, g)],
        "afspraken": [
            a
            for a in Afspraak.objects.filter(ronde=ronde).values_list("eigenaar", "omschrijving", "toelichting")
            if a != (None, g, "")
        ],
        "bespreking": [
            b
            for b in Bespreking.objects.filter(ronde=ronde).values_list(
                "vastgelegd_door", "overige_aanwezigen", "samenvatting"
            )
            if b != (None, "", g)
        ],
        "aanwezigen": list(Bespreking.aanwezigen.through.objects.filter(bespreking__ronde=ronde)),
        "kpi": [
            k
            for k in KpiMeting.objects.filter(plan=ronde.plan).values_list("ingevoerd_door", "omschrijving")
            if k != (None, "")
        ],
        "plan": [
            door
            for door in Beoordelingsplan.objects.filter(pk=ronde.plan_id).values_list("aangemaakt_door", flat=True)
            if door
        ],
    }


def test_ratings_are_kept_on_the_last_day_of_the_term():
    ronde = _oude_ronde()
    assert toepassen("beoordelingen", PP_NOG_NIET) == 0
    assert all(_persoonlijk(ronde).values())


def test_ratings_past_the_term_lose_people_and_free_text_and_keep_scores_and_summaries():
    ronde = _oude_ronde()
    plan = ronde.plan
    raters = {plan.beoordelaar_og_id, plan.beoordelaar_on_id}
    cijfers, scoremaanden = _cijfers(ronde), rijen(Scoremaand, "organisatie", "richting", "criterium_code", "maand")
    scoremaand_waarden = rijen(Scoremaand, "aantal", "som", "som_kwadraten")
    kring_verdeling = list(
        Beoordelaarverdeling.objects.filter(beoordelaar=None).order_by("richting", "waarde").values_list("aantal")
    )
    assert Beoordelaarverdeling.objects.filter(beoordelaar__in=raters).exists()

    droog = toepassen("beoordelingen", PP_VERLOPEN, droog=True)
    assert all(_persoonlijk(ronde).values()), "a dry run changes nothing"
    assert toepassen("beoordelingen", PP_VERLOPEN) == droog > 0

    assert not any(_persoonlijk(ronde).values()), _persoonlijk(ronde)
    assert _cijfers(ronde) == cijfers
    # The summary rows, and with them every profile and dashboard, are exactly as before.
    assert rijen(Scoremaand, "organisatie", "richting", "criterium_code", "maand") == scoremaanden
    assert rijen(Scoremaand, "aantal", "som", "som_kwadraten") == scoremaand_waarden
    # The raters' own distributions lose these ratings; the kring's keeps them; a recount agrees.
    assert not Beoordelaarverdeling.objects.filter(beoordelaar__in=raters).exists()
    assert (
        list(
            Beoordelaarverdeling.objects.filter(beoordelaar=None).order_by("richting", "waarde").values_list("aantal")
        )
        == kring_verdeling
    )
    assert samenvatting_verschillen() == []
    # The raters named on the plan are required fields and stay (see the report); the texts are gone.
    assert set(Beoordeling.objects.filter(ronde=ronde).values_list("ingediend_door", flat=True)) == {None}

    # Idempotent: nothing left to do.
    voor = _cijfers(ronde), rijen(Reactie, "door", "tekst"), rijen(Beoordelaarverdeling, "aantal")
    assert toepassen("beoordelingen", PP_VERLOPEN) == 0
    assert toepassen("beoordelingen", na(maanden=12, vanaf=PP_VERLOPEN)) == 0
    assert (_cijfers(ronde), rijen(Reactie, "door", "tekst"), rijen(Beoordelaarverdeling, "aantal")) == voor


def test_an_anonymised_round_still_renders_for_its_parties():
    ronde = _oude_ronde()
    toepassen("beoordelingen", PP_VERLOPEN)
    pagina = client_for(ronde.plan.beoordelaar_og).get(ronde.get_absolute_url())
    assert pagina.status_code == 200
    inhoud = pagina.content.decode()
    assert GEANONIMISEERD in inhoud
    assert "Jan" not in inhoud and "Piet" not in inhoud


def test_a_plan_with_a_round_in_progress_is_left_to_the_people():
    lopend = onthulde_ronde()
    lopend.plan.opgeleverd_op = OPGELEVERD
    lopend.plan.save()
    motiveringen = rijen(Score, "motivering")
    assert toepassen("beoordelingen", PP_VERLOPEN) == 0
    assert rijen(Score, "motivering") == motiveringen
    assert Beoordeling.objects.filter(ronde=lopend, ingediend_door__isnull=False).count() == 4


def test_the_rating_term_follows_its_setting(settings):
    ronde = _oude_ronde()
    settings.PP_BEWAARTERMIJN_JAREN = 1
    assert toepassen("beoordelingen", na(maanden=12, vanaf=OPGELEVERD)) == 0
    assert toepassen("beoordelingen", na(maanden=12, dagen=1, vanaf=OPGELEVERD)) > 0
    assert not any(_persoonlijk(ronde).values())


# --- SROI candidates (the existing service, now one rule of the registry) ---------------------------------------------


def test_sroi_candidates_are_one_rule_of_the_registry():
    regel = InzetregelFactory(omschrijving="Kandidaat start in de groenploeg")
    eind = regel.verplichting.looptijd_eind
    assert toepassen("sroi_kandidaten", na(maanden=24, vanaf=eind)) == 0
    assert toepassen("sroi_kandidaten", na(maanden=24, dagen=1, vanaf=eind), droog=True) == 1
    assert Kandidaat.objects.get().geanonimiseerd is False
    assert toepassen("sroi_kandidaten", na(maanden=24, dagen=1, vanaf=eind)) == 1
    regel.refresh_from_db()
    assert regel.kandidaat.geanonimiseerd and regel.omschrijving == "" and regel.waarde == Decimal("3287.67")
    assert toepassen("sroi_kandidaten", na(maanden=24, dagen=1, vanaf=eind)) == 0


# --- Audit log and admin log: deleted after 7 years --------------------------------------------------------------------


def test_audit_events_and_admin_log_entries_are_deleted_after_seven_years(personas):
    lid = personas["on_eigen"]
    oud = audit_log(actie="auth.ingelogd", actor=lid, obj=lid)
    nieuw = audit_log(actie="auth.ingelogd", actor=lid, obj=lid)
    AuditEvent.objects.filter(pk=oud.pk).update(tijdstip=moment(VANDAAG - datetime.timedelta(days=1)))
    LogEntry.objects.create(
        user=lid,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(lid.pk),
        object_repr=lid.naam,
        action_flag=ADDITION,
        action_time=moment(VANDAAG - datetime.timedelta(days=1)),
    )
    grens = na(maanden=7 * 12, vanaf=VANDAAG - datetime.timedelta(days=1))
    assert toepassen("auditlog", grens) == toepassen("beheerlogboek", grens) == 0
    dag_erna = grens + datetime.timedelta(days=1)
    assert toepassen("auditlog", dag_erna, droog=True) == 1
    assert toepassen("beheerlogboek", dag_erna, droog=True) == 1
    assert AuditEvent.objects.count() == 2 and LogEntry.objects.count() == 1
    assert toepassen("auditlog", dag_erna) == toepassen("beheerlogboek", dag_erna) == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [nieuw.pk]
    assert not LogEntry.objects.exists()
    assert toepassen("auditlog", dag_erna) == toepassen("beheerlogboek", dag_erna) == 0


def test_the_audit_term_follows_its_setting(settings, personas):
    event = audit_log(actie="auth.ingelogd", actor=personas["on_eigen"])
    settings.AUDITLOG_BEWAARTERMIJN_JAREN = 1
    assert toepassen("auditlog", na(maanden=12)) == 0
    assert toepassen("auditlog", na(maanden=12, dagen=1)) == 1
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


# --- Reports: finished ones with their PDF after 12 months -------------------------------------------------------------


def test_reports_and_their_pdfs_are_deleted_after_the_term(django_capture_on_commit_callbacks):
    klaar = RapportFactory(klaar=True)
    pad = Path(klaar.bestand.path)
    mislukt = RapportFactory(status=Rapport.Status.MISLUKT)
    wachtrij = RapportFactory()  # still to be made: never deleted under a worker's hands
    assert pad.exists()
    assert toepassen("rapporten", na(maanden=12)) == 0
    assert toepassen("rapporten", na(maanden=12, dagen=1), droog=True) == 2
    assert Rapport.objects.count() == 3 and pad.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert toepassen("rapporten", na(maanden=12, dagen=1)) == 2
    assert list(Rapport.objects.values_list("pk", flat=True)) == [wachtrij.pk]
    assert not pad.exists(), "the PDF goes with its row"
    assert not Rapport.objects.filter(pk__in=[klaar.pk, mislukt.pk]).exists()
    assert toepassen("rapporten", na(maanden=12, dagen=1)) == 0


# --- Sent reminders: after 12 months, except the newest per kind, object and person while the object exists ---------


def test_old_reminders_go_but_the_proof_against_a_second_mail_stays(personas):
    lid, ander = personas["on_eigen"], personas["on_ander"]
    overeenkomst = IntentieovereenkomstFactory()
    weg_object = IntentieovereenkomstFactory()
    type_overeenkomst = ContentType.objects.get_for_model(Intentieovereenkomst)

    def herinnering(obj_id, verstuurd, *, soort="overeenkomst.tekenen", ontvanger=lid):
        return Herinnering.objects.create(
            soort=soort,
            object_type=type_overeenkomst,
            object_id=obj_id,
            ontvanger=ontvanger,
            vervaldatum=verstuurd,
            verstuurd_op=moment(verstuurd),
        )

    oud = VANDAAG - datetime.timedelta(days=30)
    eerste = herinnering(overeenkomst.pk, oud)
    laatste = herinnering(overeenkomst.pk, oud + datetime.timedelta(days=7))  # the newest of its kind: the proof
    andere_soort = herinnering(overeenkomst.pk, oud, soort="overeenkomst.verlopen")
    andere_ontvanger = herinnering(overeenkomst.pk, VANDAAG, ontvanger=ander)
    over_verwijderd = herinnering(weg_object.pk, oud)
    weg_object.delete()

    # 12 months after the oldest were sent: still within the term.
    assert toepassen("herinneringen", na(maanden=12, vanaf=oud)) == 0
    later = na(maanden=12, dagen=1, vanaf=oud + datetime.timedelta(days=7))
    assert toepassen("herinneringen", later, droog=True) == 2
    assert Herinnering.objects.count() == 5
    assert toepassen("herinneringen", later) == 2
    over = set(Herinnering.objects.values_list("pk", flat=True))
    assert over == {laatste.pk, andere_soort.pk, andere_ontvanger.pk}
    assert eerste.pk not in over and over_verwijderd.pk not in over
    # Years on, the newest of each kind, object and person still stands between them and a second mail.
    assert toepassen("herinneringen", na(maanden=60)) == 0
    # A newer reminder of the same kind takes over as the proof; the old one goes.
    herinnering(overeenkomst.pk, VANDAAG)
    assert toepassen("herinneringen", na(maanden=60)) == 1
    assert not Herinnering.objects.filter(pk=laatste.pk).exists()
    assert toepassen("herinneringen", na(maanden=60)) == 0


def test_meeting_invitations_go_12_months_after_the_meeting(personas):
    geweest = BijeenkomstFactory(
        begin=moment(VANDAAG - datetime.timedelta(days=3), 15), einde=moment(VANDAAG - datetime.timedelta(days=3), 17)
    )
    komend = BijeenkomstFactory()
    for bijeenkomst in (geweest, komend):
        Uitnodiging.objects.create(
            bijeenkomst=bijeenkomst, gebruiker=personas["on_eigen"], volgnummer=0, methode="REQUEST"
        )
    dag = VANDAAG - datetime.timedelta(days=3)
    assert toepassen("uitnodigingen", na(maanden=12, vanaf=dag)) == 0
    assert toepassen("uitnodigingen", na(maanden=12, dagen=1, vanaf=dag), droog=True) == 1
    assert Uitnodiging.objects.count() == 2
    assert toepassen("uitnodigingen", na(maanden=12, dagen=1, vanaf=dag)) == 1
    assert list(Uitnodiging.objects.values_list("bijeenkomst", flat=True)) == [komend.pk]
    assert toepassen("uitnodigingen", na(maanden=12, dagen=1, vanaf=dag)) == 0


# --- Sessions: expired ones and allauth's IP/browser record of sessions that are gone ------------------------------


def test_expired_sessions_and_their_ip_records_are_deleted(personas):
    lid = personas["on_eigen"]
    nu = timezone.now()
    Session.objects.create(session_key="v" * 32, session_data="", expire_date=nu - datetime.timedelta(minutes=1))
    Session.objects.create(session_key="l" * 32, session_data="", expire_date=nu + datetime.timedelta(hours=1))
    for sleutel in ("v" * 32, "l" * 32, "x" * 32):  # expired, live, and one whose session was deleted already
        UserSession.objects.create(user=lid, ip="192.0.2.1", user_agent="Firefox", session_key=sleutel)
    assert toepassen("sessies", VANDAAG, droog=True) == 3  # one session, two records
    assert Session.objects.count() == 2 and UserSession.objects.count() == 3
    assert toepassen("sessies", VANDAAG) == 3
    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 32]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == ["l" * 32]
    assert toepassen("sessies", VANDAAG) == 0


def test_a_logged_in_session_survives(personas):
    client = client_for(personas["on_eigen"])
    assert client.get("/privacy/mijn-gegevens/").status_code == 200
    toepassen("sessies", VANDAAG)
    assert client.get("/privacy/mijn-gegevens/").status_code == 200


# --- Refused and never-confirmed applications: deleted after 6 months -----------------------------------------------


def test_refused_and_unconfirmed_applications_are_deleted_after_six_months(personas):
    beheerder = personas["beheerder"]
    afgewezen = UserFactory(aangevraagd=True, naam="Afgewezen Aanvrager")
    registratie_refuse(gebruiker=afgewezen, reden="Geen lid van de kring.", door=beheerder)
    onbevestigd = UserFactory(aangevraagd=True)
    EmailAddress.objects.filter(user=onbevestigd).update(verified=False)
    wacht_op_beheerder = UserFactory(aangevraagd=True)  # confirmed: waiting for a decision, never deleted
    geblokkeerd_lid = UserFactory(aangevraagd=True)  # approved once, blocked later: a member's history stays
    registratie_approve(gebruiker=geblokkeerd_lid, door=beheerder)
    gebruiker_set_status(
        gebruiker=geblokkeerd_lid, status=User.Status.GEBLOKKEERD, reden="Vertrokken.", door=beheerder
    )
    blijven = {wacht_op_beheerder.pk, geblokkeerd_lid.pk, *[u.pk for u in personas.values() if u]}

    assert toepassen("registraties", na(maanden=6)) == 0
    assert toepassen("registraties", na(maanden=6, dagen=1), droog=True) == 2
    assert User.objects.filter(pk__in=[afgewezen.pk, onbevestigd.pk]).count() == 2
    assert toepassen("registraties", na(maanden=6, dagen=1)) == 2
    assert set(User.objects.values_list("pk", flat=True)) == blijven
    assert not EmailAddress.objects.filter(user_id__in=[afgewezen.pk, onbevestigd.pk]).exists()
    # The decision itself stays in the audit log (for its own term).
    assert AuditEvent.objects.filter(actie="account.afgewezen", object_id=str(afgewezen.pk)).exists()
    assert toepassen("registraties", na(maanden=6, dagen=1)) == 0


# --- Followed projects: 12 months after the project is afgerond -------------------------------------------------------


def test_interest_in_a_finished_project_goes_after_the_term():
    afgerond = InteresseFactory(project__fase="afgerond")
    lopend = InteresseFactory(project__fase="uitvoering")
    assert toepassen("interesse", na(maanden=12)) == 0
    assert toepassen("interesse", na(maanden=12, dagen=1), droog=True) == 1
    assert Interesse.objects.count() == 2
    assert toepassen("interesse", na(maanden=12, dagen=1)) == 1
    assert list(Interesse.objects.values_list("pk", flat=True)) == [lopend.pk]
    assert not Interesse.objects.filter(pk=afgerond.pk).exists()
    assert toepassen("interesse", na(maanden=12, dagen=1)) == 0


# --- Uploaded planning files: 90 days, once no longer in their preview --------------------------------------------------


def test_import_files_go_after_the_term_and_the_record_stays(django_capture_on_commit_callbacks):
    verwerkt = ProjectimportFactory(status=Projectimport.Status.VERWERKT)
    voorvertoning = ProjectimportFactory()  # still to be committed: its file is needed
    pad, pad_voorvertoning = Path(verwerkt.bestand.path), Path(voorvertoning.bestand.path)
    assert toepassen("importbestanden", VANDAAG + datetime.timedelta(days=90)) == 0
    later = VANDAAG + datetime.timedelta(days=91)
    assert toepassen("importbestanden", later, droog=True) == 1
    assert pad.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert toepassen("importbestanden", later) == 1
    verwerkt.refresh_from_db()
    assert not verwerkt.bestand and not pad.exists()
    assert verwerkt.bestandsnaam == "planning.csv" and verwerkt.aangemaakt_door_id is not None
    assert pad_voorvertoning.exists()
    assert toepassen("importbestanden", later) == 0


# --- The job as a whole -------------------------------------------------------------------------------------------------


def _van_alles(personas):
    """Something past its term for several rules at once."""
    RapportFactory(klaar=True)
    InteresseFactory(project__fase="afgerond")
    audit_log(actie="auth.ingelogd", actor=personas["on_eigen"])
    registratie_refuse(gebruiker=UserFactory(aangevraagd=True), reden="Onbekend.", door=personas["beheerder"])
    return _oude_ronde()


def _stand():
    return {
        "rapporten": rijen(Rapport),
        "interesse": rijen(Interesse),
        "gebruikers": rijen(User, "naam"),
        "scores": rijen(Score, "motivering"),
        "reacties": rijen(Reactie, "door", "tekst"),
        "audit": rijen(AuditEvent, "actie"),
    }


def test_a_dry_run_changes_nothing_and_counts_what_the_run_does_once(personas):
    _van_alles(personas)
    # Six years on: past every term but the audit log's (which would delete this run's own event on a second run).
    ver = na(maanden=6 * 12)
    voor = _stand()
    droog = bewaartermijnen_toepassen(vandaag=ver, droog=True)
    assert _stand() == voor
    assert set(droog) == {regel.sleutel for regel in REGELS}
    assert droog["rapporten"] == droog["interesse"] == droog["registraties"] == 1
    assert droog["beoordelingen"] > 0 and droog["auditlog"] == 0
    assert bewaartermijnen_toepassen(vandaag=ver) == droog
    assert _stand() != voor
    # The run is audited once, with counts and the date only.
    event = AuditEvent.objects.get(actie=ACTIE)
    assert event.actor is None and event.actor_omschrijving == "Bewaartermijnen (automatisch)"
    assert event.na == {"datum": ver.isoformat(), **droog}
    assert all(isinstance(aantal, int) for sleutel, aantal in event.na.items() if sleutel != "datum")
    # Idempotent: a second run finds nothing, changes nothing and logs nothing.
    na_eerste = _stand()
    assert set(bewaartermijnen_toepassen(vandaag=ver).values()) == {0}
    assert _stand() == na_eerste
    assert AuditEvent.objects.filter(actie=ACTIE).count() == 1


def test_a_failing_rule_is_rolled_back_and_the_others_still_run(personas, monkeypatch):
    RapportFactory(klaar=True)
    InteresseFactory(project__fase="afgerond")

    def kapot(**kwargs):
        Interesse.objects.all().delete()  # rolled back with the rule's transaction
        raise OSError("schijf vol")

    monkeypatch.setattr("kring.services.bewaartermijnen.interesse_opschonen", kapot)
    with pytest.raises(BewaartermijnMislukt, match="interesse"):
        bewaartermijnen_toepassen(vandaag=na(maanden=13))
    assert Interesse.objects.count() == 1
    assert not Rapport.objects.exists()
    assert AuditEvent.objects.get(actie=ACTIE).na["mislukt"] == ["interesse"]


def test_a_run_with_nothing_to_do_is_not_audited(personas):
    assert set(bewaartermijnen_toepassen().values()) == {0}
    assert not AuditEvent.objects.filter(actie=ACTIE).exists()


def test_the_command_shows_every_rule_and_refuses_a_bad_date(personas, capsys):
    _van_alles(personas)
    voor = _stand()
    call_command("bewaartermijnen", "--droog", "--datum", na(maanden=8 * 12).isoformat())
    uitvoer = capsys.readouterr().out
    assert _stand() == voor
    for regel in REGELS:
        assert regel.titel in uitvoer
    assert "Droog:" in uitvoer and "Rapporten (PDF): 1" in uitvoer
    call_command("bewaartermijnen", "--datum", na(maanden=8 * 12).isoformat())
    assert "Rapporten (PDF): 1" in capsys.readouterr().out
    assert not Rapport.objects.exists()
    assert AuditEvent.objects.get(actie=ACTIE).actor_omschrijving == "manage.py bewaartermijnen"
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("bewaartermijnen", "--datum", "31-12-2030")


def test_the_nightly_task_applies_the_rules(settings, personas):
    RapportFactory(klaar=True)
    settings.RAPPORTEN_BEWAARTERMIJN_MAANDEN = 0
    Rapport.objects.update(aangevraagd_op=timezone.now() - datetime.timedelta(days=2))
    tasks.bewaartermijnen_toepassen.delay()
    assert not Rapport.objects.exists()
    geplande = [
        taak for taak in settings.CELERY_BEAT_SCHEDULE.values() if taak["task"] == tasks.bewaartermijnen_toepassen.name
    ]
    assert len(geplande) == 1
    # The SROI rule runs inside it; its own schedule entry would only run it twice.
    assert "sroi.tasks.kandidaten_anonimiseren" not in {
        taak["task"] for taak in settings.CELERY_BEAT_SCHEDULE.values()
    }


def test_every_term_is_a_setting_with_a_reason_and_a_function():
    from django.conf import settings
    from django.utils.module_loading import import_string

    assert len({regel.sleutel for regel in REGELS}) == len(REGELS)
    for regel in REGELS:
        assert isinstance(getattr(settings, regel.instelling), int), regel.instelling
        assert regel.termijn >= 0
        assert callable(import_string(regel.functie))
        assert all(tekst.strip() for tekst in (regel.titel, regel.vanaf, regel.gevolg, regel.reden))


def test_the_privacy_page_lists_every_term_from_the_registry(client, settings):
    settings.PP_BEWAARTERMIJN_JAREN = 6
    settings.IMPORTBESTANDEN_BEWAARTERMIJN_DAGEN = 1
    inhoud = client.get("/privacy/").content.decode()
    for regel in REGELS:
        assert regel.titel in inhoud
        assert f"{regel.termijn_tekst} {regel.vanaf}" in inhoud
    assert "6 jaren na de oplevering van het project" in inhoud
    assert "1 dag na het uploaden" in inhoud


def test_the_runs_audit_event_is_about_no_one(personas):
    # Counts only, no actor, no object: it is in nobody's export.
    from kring.persoonsgegevens import persoonsgegevens_verzamelen

    _van_alles(personas)
    bewaartermijnen_toepassen(vandaag=na(maanden=8 * 12))
    for lid in User.objects.all():
        tekst = json.dumps(persoonsgegevens_verzamelen(lid)["gegevens"]["auditlog"], default=str)
        assert ACTIE not in tekst
