"""Privacy (AVG): the registry of personal data, the export, removal requests and anonymising an account."""

import datetime
import json

from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from allauth.usersessions.models import UserSession

from kring.audit import audit_log
from kring.models import (
    AuditEvent,
    Herinnering,
    HerinneringVoorkeur,
    Ondertekening,
    Rapport,
    User,
    Verwijderverzoek,
)
from kring.persoonsgegevens import BRONNEN, UITGESLOTEN, persoonsgegevens_verzamelen
from kring.services.privacy import (
    gebruiker_anonymise,
    persoonsgegevens_export,
    verwijderverzoek_create,
    verwijderverzoek_refuse,
)
from pastperformance.models import Addendum, Afspraak, Beoordelaarverdeling, Bespreking, Bezwaar, KpiMeting, Reactie
from tests.conftest import client_for
from tests.factories import (
    WACHTWOORD,
    AanmeldingFactory,
    AanwezigheidFactory,
    ActiepuntFactory,
    ActiviteitFactory,
    AgendafeedFactory,
    BeoordelingsplanFactory,
    BijeenkomstFactory,
    BijlageFactory,
    InteresseFactory,
    KennisitemFactory,
    KoppelbesluitFactory,
    OndertekeningFactory,
    ProjectFactory,
    ProjectimportFactory,
    ProjectwijzigingFactory,
    RapportFactory,
    SignaalFactory,
    UserFactory,
    VerwijderverzoekFactory,
    VoortgangsnotitieFactory,
    WerkgroepFactory,
    give_totp,
    onthulde_ronde,
)
from tests.querycount import assert_queries_stable
from werkgroepen.models import Lidmaatschap, Uitnodiging

pytestmark = pytest.mark.django_db

SESSIESLEUTEL = "geheimesessiesleutel0123456789abcdefghij"
TOKEN = "geheim-toegangstoken-van-de-gemeente"


# --- The registry ----------------------------------------------------------------------------------------------------


def test_every_relation_to_the_user_is_registered_or_excluded():
    """A later model with a relation to the user fails here until it is in the registry or excluded with a reason."""
    user_model = get_user_model()
    gedekt = {(bron.model, relatie) for bron in BRONNEN for relatie in bron.via}
    relaties = {
        (model._meta.label, veld.name)
        for model in apps.get_models()
        for veld in model._meta.get_fields()
        if veld.concrete
        and (veld.many_to_one or veld.one_to_one or veld.many_to_many)
        and veld.related_model is user_model
    }
    vergeten = sorted(relaties - gedekt - set(UITGESLOTEN))
    assert not vergeten, f"Persoonsgegevens zonder plek in kring/persoonsgegevens.py: {vergeten}"
    assert not (set(UITGESLOTEN) & gedekt), "Zowel geregistreerd als uitgesloten"
    assert set(UITGESLOTEN) <= relaties, f"Verouderde uitsluitingen: {set(UITGESLOTEN) - relaties}"
    assert all(reden.strip() for reden in UITGESLOTEN.values())


def test_every_source_selects_and_names_real_fields(personas):
    assert len({bron.sleutel for bron in BRONNEN}) == len(BRONNEN)
    for bron in BRONNEN:
        assert bron.via or bron.ook, bron.sleutel  # never "all rows"
        list(bron.queryset(personas["on_eigen"]))  # unknown fields or lookups raise here


# --- The export ------------------------------------------------------------------------------------------------------


@pytest.fixture
def volledig(personas):
    """A member with a row in every source of personal data, plus secrets that must never leave the portal."""
    lid = UserFactory(naam="Vera Volledig", email="vera@bedrijf.test", organisatie=personas["on_eigen"].organisatie)
    totp_secret = give_totp(lid)
    RecoveryCodes.activate(lid)
    app = SocialApp.objects.create(provider="openid_connect", provider_id="gemeente", name="Gemeente", client_id="x")
    account = SocialAccount.objects.create(user=lid, provider="gemeente", uid="medewerker-4711")
    SocialToken.objects.create(app=app, account=account, token=TOKEN)
    UserSession.objects.create(user=lid, ip="192.0.2.10", user_agent="Firefox 140", session_key=SESSIESLEUTEL)
    overeenkomst = OndertekeningFactory(organisatie=lid.organisatie, ondertekenaar=lid).overeenkomst
    RapportFactory(overeenkomst=overeenkomst, aangevraagd_door=lid)
    Herinnering.objects.create(
        soort="overeenkomst.tekenen",
        object_type=ContentType.objects.get_for_model(overeenkomst),
        object_id=overeenkomst.pk,
        ontvanger=lid,
        vervaldatum=datetime.date(2026, 11, 16),
    )
    HerinneringVoorkeur.objects.create(gebruiker=lid, soort="overeenkomst.tekenen", frequentie="wekelijks")
    VerwijderverzoekFactory(gebruiker=lid, status=Verwijderverzoek.Status.AFGEWEZEN, reden_afwijzing="Vergissing.")
    Lidmaatschap.objects.create(werkgroep=WerkgroepFactory(naam="Duurzaamheid"), gebruiker=lid, van="2024-01-01")
    AanmeldingFactory(werkgroep=WerkgroepFactory(naam="SROI"), gebruiker=lid)
    SignaalFactory(indiener=lid)
    AgendafeedFactory(gebruiker=lid)
    vergadering = BijeenkomstFactory(aangemaakt_door=lid)
    AanwezigheidFactory(bijeenkomst=vergadering, gebruiker=lid)
    Uitnodiging.objects.create(bijeenkomst=vergadering, gebruiker=lid, volgnummer=0, methode="REQUEST")
    ActiepuntFactory(bijeenkomst=vergadering, eigenaar=lid)
    ActiviteitFactory(initiatiefnemer=lid).team.add(lid)
    VoortgangsnotitieFactory(auteur=lid)
    BijlageFactory(kennisitem__auteur=lid)  # her own kennisitem with her attachment
    KennisitemFactory().nuttig_stemmen.create(gebruiker=lid)
    ProjectwijzigingFactory(door=lid, project=ProjectFactory(contactpersoon=lid))  # -- projecten
    InteresseFactory(gebruiker=lid)  # -- kalender
    lid.organisatie.werkvoorraden.create(kwartaal="2027-01-01", maanden=6, gemeld_door=lid)  # -- spreiding
    KoppelbesluitFactory(door=lid)  # -- gebieden
    ProjectimportFactory(aangemaakt_door=lid)  # -- import
    _past_performance(lid)  # -- pastperformance
    _sroi(lid)  # -- sroi
    audit_log(actie="account.profiel_gewijzigd", actor=lid, obj=lid, voor={"naam": "Vera"}, na={"naam": lid.naam})
    audit_log(actie="account.geblokkeerd", actor=personas["beheerder"], obj=lid)
    LogEntry.objects.create(
        user=lid,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(lid.pk),
        object_repr="Vera Volledig",
        action_flag=ADDITION,
    )
    # Someone else's rows must stay out of Vera's export.
    VerwijderverzoekFactory(gebruiker=personas["on_ander"], toelichting="Andermans toelichting")
    audit_log(actie="account.profiel_gewijzigd", actor=personas["on_ander"], obj=personas["on_ander"])
    return lid, totp_secret


def _past_performance(lid):
    """`lid` rates for her contractor on a project: she submitted its ratings, was at the bespreking, owns an
    afspraak, replied, objected, sat on another panel, wrote an addendum, entered a KPI and has a calibration row."""
    plan = BeoordelingsplanFactory(opdrachtnemer=lid.organisatie, beoordelaar_on=lid)
    ronde = onthulde_ronde(plan=plan)
    over_ons, over_gemeente = ronde.beoordelingen.get(richting="og_on"), ronde.beoordelingen.get(richting="on_og")
    bespreking = Bespreking.objects.create(ronde=ronde, datum=timezone.localdate(), samenvatting="Goed gesprek.")
    bespreking.aanwezigen.add(lid)
    Afspraak.objects.create(
        ronde=ronde,
        omschrijving="Planning wekelijks delen.",
        eigenaar_organisatie=lid.organisatie,
        eigenaar=lid,
        deadline=timezone.localdate(),
    )
    Reactie.objects.create(beoordeling=over_ons, eens=False, tekst="Wij zien het anders.", door=lid)
    Bezwaar.objects.create(beoordeling=over_ons, organisatie=lid.organisatie, ingediend_door=lid, gronden="Onjuist.")
    Bezwaar.objects.create(
        beoordeling=over_gemeente, organisatie=plan.project.gemeente, gronden="Te streng.", panel_kring=lid
    )
    Addendum.objects.create(ronde=ronde, tekst="Aanvulling.", door=lid)
    KpiMeting.objects.create(
        plan=plan, soort="vertraging", dagen=3, peildatum=timezone.localdate(), ingevoerd_door=lid
    )
    Beoordelaarverdeling.objects.create(beoordelaar=lid, richting="on_og", waarde=7, aantal=2)


def test_export_holds_every_source_and_only_the_persons_rows(volledig, personas):
    lid, _ = volledig
    gegevens = persoonsgegevens_verzamelen(lid)["gegevens"]
    assert {sleutel for sleutel, rijen in gegevens.items() if not rijen} == set()
    assert gegevens["account"] == [
        {
            "email": "vera@bedrijf.test",
            "naam": "Vera Volledig",
            "organisatie_naam": lid.organisatie.naam,
            "status": "actief",
            "status_reden": "",
            "is_stuurgroep": False,
            "is_beheerder": False,
            "is_tekenbevoegd": False,
            "aangemaakt_op": lid.aangemaakt_op,
            "last_login": None,
        }
    ]
    assert [rij["type"] for rij in gegevens["tweede_factoren"]] == ["totp", "recovery_codes"]
    assert gegevens["gekoppelde_accounts"][0]["uid"] == "medewerker-4711"
    assert gegevens["sessies"][0]["ip"] == "192.0.2.10"
    assert gegevens["ondertekeningen"][0]["naam_ondertekenaar"] == "Vera Volledig"
    assert gegevens["werkgroep_lidmaatschappen"][0]["werkgroep_naam"] == "Duurzaamheid"
    # As the actor and as the object of an event; another member's events stay out.
    assert {rij["actie"] for rij in gegevens["auditlog"]} == {"account.profiel_gewijzigd", "account.geblokkeerd"}
    assert len(gegevens["auditlog"]) == 2
    assert [rij["toelichting"] for rij in gegevens["verwijderverzoeken"]] == [
        "Ik werk niet meer bij deze organisatie."
    ]


def test_export_holds_no_secrets(volledig):
    lid, totp_secret = volledig
    tekst = persoonsgegevens_export(gebruiker=lid)
    herstelcodes = RecoveryCodes(Authenticator.objects.get(user=lid, type="recovery_codes")).get_unused_codes()
    for geheim in [lid.password, totp_secret, SESSIESLEUTEL, TOKEN, *herstelcodes]:
        assert geheim not in tekst
    for veldnaam in ['"password"', '"session_key"', '"data"', '"extra_data"', '"token"']:
        assert veldnaam not in tekst


def _sroi(lid):
    """`lid` coordinates an obligation, entered and judged a line on it, uploaded its evidence and showed interest in
    a pool offer (the rules of who may do what are the services' business; here only the rows matter)."""
    from sroi.models import Bewijsstuk, Inzetregel, Poolaanbod, Poolinteresse
    from tests.factories import KandidaatFactory, VerplichtingFactory

    verplichting = VerplichtingFactory(coordinator=lid)
    kandidaat = KandidaatFactory(opdrachtnemer=verplichting.opdrachtnemer)
    regel = Inzetregel.objects.create(
        verplichting=verplichting,
        bouwblok=verplichting.waardetabel.bouwblokken.get(code="ww"),
        kandidaat=kandidaat,
        start=datetime.date(2026, 1, 5),
        eind=datetime.date(2026, 3, 31),
        uren_per_week=36,
        ingevoerd_door=lid,
        beoordeeld_door=lid,
    )
    Bewijsstuk.objects.create(
        inzetregel=regel,
        bestand="sroi/bewijs/x",
        naam="contract.pdf",
        inhoudstype="application/pdf",
        grootte=10,
        geupload_door=lid,
    )
    aanbod = Poolaanbod.objects.create(
        kandidaat=kandidaat, bouwblok_code="ww", categorie="WW", beschikbaar_vanaf=datetime.date(2026, 4, 1)
    )
    Poolinteresse.objects.create(aanbod=aanbod, organisatie=lid.organisatie, door=lid, bericht="Graag.")


def test_export_costs_one_query_per_source_however_many_rows(volledig):
    lid, _ = volledig

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            persoonsgegevens_verzamelen(lid)
        return len(ctx.captured_queries)

    klein = queries()
    for _ in range(10):
        audit_log(actie="auth.ingelogd", actor=lid, obj=lid)
        EmailAddress.objects.create(user=lid, email=f"vera{_}@bedrijf.test")
    assert klein == queries() == len(BRONNEN)


def test_download_is_an_audited_json_attachment(volledig):
    lid, _ = volledig
    response = client_for(lid).get("/privacy/mijn-gegevens.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-kringportaal-')
    assert "no-store" in response["Cache-Control"]
    inhoud = json.loads(response.content)
    assert inhoud["gegevens"]["account"][0]["email"] == "vera@bedrijf.test"
    # The download itself is logged, and already part of the file.
    assert AuditEvent.objects.filter(actie="privacy.gegevens_gedownload", actor=lid).count() == 1
    assert "privacy.gegevens_gedownload" in {rij["actie"] for rij in inhoud["gegevens"]["auditlog"]}


# --- Removal requests ------------------------------------------------------------------------------------------------


def test_request_flow_mails_beheerders_and_shows_the_status(personas, django_capture_on_commit_callbacks):
    lid = personas["on_eigen"]
    client = client_for(lid)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/privacy/mijn-gegevens/", {"toelichting": "Ik ga met pensioen.", "begrepen": "on"}, follow=True
        )
    assert "Uw verzoek is ontvangen" in response.content.decode()
    verzoek = Verwijderverzoek.objects.get(gebruiker=lid)
    assert (verzoek.status, verzoek.toelichting) == (Verwijderverzoek.Status.OPEN, "Ik ga met pensioen.")
    assert AuditEvent.objects.filter(actie="privacy.verwijderverzoek_ingediend", actor=lid).exists()
    bericht = mail.outbox[-1]
    assert bericht.bcc == [personas["beheerder"].email] and bericht.to == []
    assert "Ik ga met pensioen." in bericht.body and lid.naam in bericht.body
    assert f"/beheer/gebruikers/{lid.pk}/anonimiseren/" in bericht.body

    pagina = client.get("/privacy/mijn-gegevens/").content.decode()
    assert "In behandeling" in pagina and "Verzoek om verwijdering indienen" not in pagina


def test_a_second_open_request_is_refused(personas):
    lid = personas["on_eigen"]
    verwijderverzoek_create(gebruiker=lid)
    with pytest.raises(ValidationError, match="U heeft al een verzoek ingediend op"):
        verwijderverzoek_create(gebruiker=lid, toelichting="Nog een keer")
    assert Verwijderverzoek.objects.filter(gebruiker=lid).count() == 1
    # Through the form the same message shows, nothing is added.
    response = client_for(lid).post("/privacy/mijn-gegevens/", {"begrepen": "on"})
    assert response.status_code == 200
    assert "U heeft al een verzoek ingediend op" in response.content.decode()
    assert Verwijderverzoek.objects.filter(gebruiker=lid).count() == 1


def test_the_request_must_be_confirmed(personas):
    response = client_for(personas["on_eigen"]).post("/privacy/mijn-gegevens/", {"toelichting": "Weg ermee"})
    assert response.status_code == 200 and "Vink aan dat u dit begrijpt." in response.content.decode()
    assert not Verwijderverzoek.objects.exists()


def test_refusing_needs_a_reason_and_mails_it(personas, django_capture_on_commit_callbacks):
    verzoek = VerwijderverzoekFactory(gebruiker=personas["on_eigen"])
    beheerder = personas["beheerder"]
    with pytest.raises(ValidationError, match="Geef een reden"):
        verwijderverzoek_refuse(verzoek=verzoek, reden="  ", door=beheerder)
    verzoek.refresh_from_db()
    assert verzoek.status == Verwijderverzoek.Status.OPEN

    with django_capture_on_commit_callbacks(execute=True):
        verwijderverzoek_refuse(verzoek=verzoek, reden="Het verzoek kwam niet van u zelf.", door=beheerder)
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.afgehandeld_door, verzoek.reden_afwijzing) == (
        Verwijderverzoek.Status.AFGEWEZEN,
        beheerder,
        "Het verzoek kwam niet van u zelf.",
    )
    assert verzoek.afgehandeld_op is not None
    bericht = mail.outbox[-1]
    assert bericht.to == [personas["on_eigen"].email] and "afgewezen" in bericht.subject
    assert "Het verzoek kwam niet van u zelf." in bericht.body and "/privacy/mijn-gegevens/" in bericht.body
    assert AuditEvent.objects.filter(actie="privacy.verwijderverzoek_afgewezen", actor=beheerder).exists()

    with pytest.raises(ValidationError, match="al afgehandeld"):
        verwijderverzoek_refuse(verzoek=verzoek, reden="Nog eens", door=beheerder)
    with pytest.raises(PermissionDenied):
        verwijderverzoek_refuse(verzoek=VerwijderverzoekFactory(), reden="Nee", door=personas["stuurgroep"])


def test_refusing_through_the_pages(personas):
    verzoek = VerwijderverzoekFactory(gebruiker=personas["on_eigen"])
    client = client_for(personas["beheerder"])
    leeg = client.post(f"/beheer/verwijderverzoeken/{verzoek.pk}/afwijzen/", {"reden": ""})
    assert "Dit veld is verplicht." in leeg.content.decode()
    response = client.post(f"/beheer/verwijderverzoeken/{verzoek.pk}/afwijzen/", {"reden": "Niet van u."})
    assert response.status_code == 302 and response["Location"] == "/beheer/verwijderverzoeken/"
    # A handled request is no longer open to refuse.
    assert client.get(f"/beheer/verwijderverzoeken/{verzoek.pk}/afwijzen/").status_code == 404
    # The member sees the outcome with the reason.
    pagina = client_for(personas["on_eigen"]).get("/privacy/mijn-gegevens/").content.decode()
    assert "Afgewezen" in pagina and "Niet van u." in pagina


def test_queue_lists_open_requests_first(personas):
    afgewezen = VerwijderverzoekFactory(
        gebruiker=UserFactory(naam="Afgewezen Aanvrager"),
        status=Verwijderverzoek.Status.AFGEWEZEN,
        afgehandeld_op=timezone.now(),
    )
    oud = VerwijderverzoekFactory(
        gebruiker=UserFactory(naam="Oud Verzoek"), aangevraagd_op=timezone.now() - datetime.timedelta(days=3)
    )
    nieuw = VerwijderverzoekFactory(gebruiker=UserFactory(naam="Nieuw Verzoek"))
    response = client_for(personas["beheerder"]).get("/beheer/verwijderverzoeken/")
    assert list(response.context["pagina"].object_list) == [oud, nieuw, afgewezen]


# --- Anonymising -----------------------------------------------------------------------------------------------------


def test_anonymising_removes_identity_and_access_and_keeps_the_records(
    volledig, personas, django_capture_on_commit_callbacks
):
    lid, _ = volledig
    lid.is_stuurgroep = lid.is_tekenbevoegd = True
    lid.save()
    client = client_for(lid)
    assert client.get("/start/").status_code == 200  # the session is now tracked as a UserSession
    verzoek = VerwijderverzoekFactory(gebruiker=lid)
    werkgroep = WerkgroepFactory()
    vandaag = timezone.localdate()
    toekomst = Lidmaatschap.objects.create(
        werkgroep=werkgroep, gebruiker=lid, van=vandaag + datetime.timedelta(days=9)
    )
    verleden = Lidmaatschap.objects.create(
        werkgroep=WerkgroepFactory(), gebruiker=lid, van="2020-01-01", tot="2021-01-01"
    )
    audit_voor = set(AuditEvent.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        gebruiker_anonymise(gebruiker=lid, door=personas["beheerder"])

    lid.refresh_from_db()
    assert lid.naam == f"Geanonimiseerd account {lid.pk}"
    assert lid.email == f"anoniem-{lid.pk}@kringportaal.invalid"
    assert not lid.has_usable_password()
    assert (lid.status, lid.is_active) == (User.Status.GEBLOKKEERD, False)
    assert not (lid.is_stuurgroep or lid.is_beheerder or lid.is_tekenbevoegd)
    for model in [EmailAddress, SocialAccount, Authenticator, UserSession]:
        assert not model.objects.filter(user=lid).exists(), model
    assert not SocialToken.objects.exists()
    assert not HerinneringVoorkeur.objects.filter(gebruiker=lid).exists()
    # Sessions are ended and logging in is no longer possible, with the old or the new address.
    assert client.get("/start/")["Location"].startswith("/account/login/")
    for adres in ["vera@bedrijf.test", lid.email]:
        assert Client().post("/account/login/", {"login": adres, "password": WACHTWOORD}).status_code == 200
    assert AuditEvent.objects.filter(actie="auth.login_mislukt").count() == 2
    # Memberships: the running one ends today, the future one goes, the past one stays as it was.
    lopend = Lidmaatschap.objects.get(gebruiker=lid, werkgroep__naam="Duurzaamheid")
    assert lopend.tot == vandaag
    assert not Lidmaatschap.objects.filter(pk=toekomst.pk).exists()
    verleden.refresh_from_db()
    assert verleden.tot == datetime.date(2021, 1, 1)
    # Records are kept: the signature as signed, reports, reminders sent, the audit log.
    assert Ondertekening.objects.get(ondertekenaar=lid).naam_ondertekenaar == "Vera Volledig"
    assert Rapport.objects.filter(aangevraagd_door=lid).count() == 1
    assert Herinnering.objects.filter(ontvanger=lid).count() == 1
    assert AuditEvent.objects.filter(actor=lid, actie="account.profiel_gewijzigd").exists()
    # The open request is carried out; the event does not repeat the old name or address.
    verzoek.refresh_from_db()
    assert (verzoek.status, verzoek.afgehandeld_door) == (Verwijderverzoek.Status.UITGEVOERD, personas["beheerder"])
    event = AuditEvent.objects.get(actie="privacy.account_geanonimiseerd")
    assert (event.actor, event.object_id) == (personas["beheerder"], str(lid.pk))
    vastgelegd = json.dumps([event.voor, event.na, event.object_omschrijving])
    assert "Vera" not in vastgelegd and "vera@" not in vastgelegd
    assert event.na["verwijderd"]["tweede_factoren"] == 2 and event.na["verwijderverzoek"] == verzoek.pk
    assert audit_voor <= set(AuditEvent.objects.values_list("pk", flat=True))  # nothing removed from the log
    assert all("vera@bedrijf.test" not in bericht.to for bericht in mail.outbox)


def test_refusals_change_nothing(personas):
    beheerder = personas["beheerder"]
    lid = personas["on_eigen"]
    with pytest.raises(ValidationError, match="eigen account"):
        gebruiker_anonymise(gebruiker=beheerder, door=beheerder)
    with pytest.raises(PermissionDenied):
        gebruiker_anonymise(gebruiker=lid, door=personas["stuurgroep"])
    ander_verzoek = VerwijderverzoekFactory(gebruiker=personas["on_ander"])
    with pytest.raises(ValidationError, match="hoort niet bij dit account"):
        gebruiker_anonymise(gebruiker=lid, door=beheerder, verzoek=ander_verzoek)
    lid.refresh_from_db()
    assert lid.email == "on-eigen@bedrijf.test" and lid.is_actief

    gebruiker_anonymise(gebruiker=lid, door=beheerder)
    with pytest.raises(ValidationError, match="al geanonimiseerd"):
        gebruiker_anonymise(gebruiker=lid, door=beheerder)
    assert AuditEvent.objects.filter(actie="privacy.account_geanonimiseerd").count() == 1


def test_the_last_active_beheerder_stays(personas):
    """Two beheerders anonymising each other at once: the second finds itself blocked meanwhile and must not remove
    the only active beheerder left."""
    eerste = personas["beheerder"]
    tweede = UserFactory(beheerder=True, organisatie=eerste.organisatie)
    gebruiker_anonymise(gebruiker=tweede, door=eerste)
    with pytest.raises(ValidationError, match="laatste actieve beheerder"):
        gebruiker_anonymise(gebruiker=eerste, door=tweede)  # `tweede` is the stale instance of that moment
    eerste.refresh_from_db()
    assert eerste.is_actief and eerste.is_beheerder


def test_anonymising_through_the_pages(personas):
    verzoek = VerwijderverzoekFactory(gebruiker=personas["on_eigen"])
    client = client_for(personas["beheerder"])
    url = f"/beheer/gebruikers/{verzoek.gebruiker_id}/anonimiseren/"
    pagina = client.get(url).content.decode()
    assert "Opdrachtnemer Eigen" in pagina and "E-mailadressen: 1" in pagina and "het verzoek wordt daarmee" in pagina

    assert "Vink aan dat u het account gecontroleerd heeft." in client.post(url).content.decode()
    assert User.objects.get(pk=verzoek.gebruiker_id).is_actief

    response = client.post(url, {"bevestigd": "on"}, follow=True)
    assert response.redirect_chain == [("/beheer/verwijderverzoeken/", 302)]
    assert "Het account is geanonimiseerd." in response.content.decode()
    assert "Dit account is al geanonimiseerd" in client.get(url).content.decode()

    eigen = client.post(f"/beheer/gebruikers/{personas['beheerder'].pk}/anonimiseren/", {"bevestigd": "on"})
    assert eigen.status_code == 200 and "U kunt uw eigen account niet anonimiseren." in eigen.content.decode()
    assert client.get("/beheer/gebruikers/999999/anonimiseren/").status_code == 404
    for rol in ["on_ander", "gemeente", "stuurgroep"]:
        assert client_for(personas[rol]).post(url, {"bevestigd": "on"}).status_code == 403


# --- Query counts ----------------------------------------------------------------------------------------------------


def eigen_verzoeken(lid):
    def grow(n):
        for _ in range(n):
            VerwijderverzoekFactory(gebruiker=lid, status=Verwijderverzoek.Status.AFGEWEZEN)

    return grow


def verzoeken_van_anderen(n):
    VerwijderverzoekFactory.create_batch(n)


def gegevens_van(lid):
    def grow(n):
        for i in range(n):
            audit_log(actie="auth.ingelogd", actor=lid, obj=lid)
            EmailAddress.objects.create(user=lid, email=f"extra{EmailAddress.objects.count()}-{i}@bedrijf.test")

    return grow


# Steady state (see tests/querycount.py): 1 query for the user, a beheerder's page 1 more for the second factor.
def test_query_counts(clients, personas):
    lid = personas["on_eigen"]
    assert_queries_stable(clients["on_eigen"], "/privacy/mijn-gegevens/", expected=2, grow=eigen_verzoeken(lid))
    # The download: the user, the audit insert in a savepoint (two more statements), one query per source.
    assert_queries_stable(
        clients["on_eigen"], "/privacy/mijn-gegevens.json", expected=4 + len(BRONNEN), grow=gegevens_van(lid)
    )
    assert_queries_stable(clients["beheerder"], "/beheer/verwijderverzoeken/", expected=4, grow=verzoeken_van_anderen)
    doel = VerwijderverzoekFactory(gebruiker=lid).gebruiker
    assert_queries_stable(
        clients["beheerder"], f"/beheer/gebruikers/{doel.pk}/anonimiseren/", expected=14, grow=gegevens_van(doel)
    )


def test_demo_has_one_open_request_in_the_queue(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    verzoek = Verwijderverzoek.objects.get(status=Verwijderverzoek.Status.OPEN)
    assert verzoek.gebruiker.email == "oud-medewerker@zeedijk.example"
    assert verzoek.gebruiker.organisatie.naam == "Zeedijk Riolering B.V."
    assert AuditEvent.objects.filter(actie="privacy.verwijderverzoek_ingediend").count() == 1
