"""The PDF reports pipeline: requesting (checked, nothing stored when refused, duplicates reused), rendering
(idempotent, redelivery-safe, failures visible with a Dutch reason), the report of the intentieovereenkomst, and the
pages (personal reports, htmx status, download only while the data is visible)."""

import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils import timezone

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from kring import pdf as kring_pdf
from kring.models import AuditEvent, Intentieovereenkomst, Rapport, User
from kring.pdf import render_to_pdf
from kring.rapportsoorten import RAPPORTSOORTEN, rapportsoort
from kring.services import rapporten as services
from kring.services.rapporten import rapport_render, rapport_request
from kring.tasks import render_rapport
from tests.conftest import client_for
from tests.factories import (
    IntentieovereenkomstFactory,
    OndertekeningFactory,
    OrganisatieFactory,
    RapportFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

Status = Rapport.Status
SOORT = Rapport.Soort.INTENTIEOVEREENKOMST
NIET_GEVONDEN = "Deze intentieovereenkomst bestaat niet (meer), of u mag haar niet inzien."


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def overeenkomst():
    return IntentieovereenkomstFactory(versie=2)


@pytest.fixture
def aanvrager(personas):
    return personas["on_eigen"]


def pdf_bestanden(media: Path) -> list[str]:
    map_ = media / "rapporten"
    return sorted(pad.name for pad in map_.iterdir()) if map_.exists() else []


def aanvragen(door, overeenkomst) -> Rapport:
    return rapport_request(soort=SOORT, parameters={"overeenkomst": overeenkomst.pk}, door=door)


# --- Requesting ------------------------------------------------------------------------------------------------------


def test_request_returns_at_once_and_queues_the_task_after_commit(
    aanvrager, overeenkomst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rapport = aanvragen(aanvrager, overeenkomst)

    assert len(callbacks) == 1
    rapport.refresh_from_db()
    assert (rapport.status, rapport.soort, rapport.parameters) == (
        Status.WACHTRIJ,
        SOORT,
        {"overeenkomst": overeenkomst.pk},
    )
    assert rapport.titel == "Intentieovereenkomst MKB kring Dordrecht, versie 2, met ondertekenaars"
    assert rapport.aangevraagd_door == aanvrager and not rapport.bestand
    event = AuditEvent.objects.get(actie="rapport.aangevraagd")
    assert (event.actor, event.object_id, event.na) == (
        aanvrager,
        str(rapport.pk),
        {"soort": SOORT, "parameters": {"overeenkomst": overeenkomst.pk}},
    )


def test_request_then_task_renders_the_report(aanvrager, overeenkomst, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rapport = aanvragen(aanvrager, overeenkomst)

    rapport.refresh_from_db()
    assert rapport.status == Status.KLAAR and rapport.fout == ""
    assert rapport.bestand.name == f"rapporten/{rapport.pk}.pdf"
    assert rapport.bestand.read().startswith(b"%PDF-")
    assert rapport.pogingen == 1 and rapport.gestart_op <= rapport.klaar_op
    assert pdf_bestanden(media) == [f"{rapport.pk}.pdf"]
    assert list(AuditEvent.objects.filter(object_id=str(rapport.pk)).values_list("actie", flat=True)) == [
        "rapport.klaar",
        "rapport.aangevraagd",
    ]


def test_an_identical_unfinished_request_is_reused(personas, overeenkomst, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        eerste = aanvragen(personas["on_eigen"], overeenkomst)
        tweede = aanvragen(personas["on_eigen"], overeenkomst)
        van_een_ander = aanvragen(personas["gemeente"], overeenkomst)
        over_een_andere_versie = aanvragen(personas["on_eigen"], IntentieovereenkomstFactory())

    assert tweede == eerste
    assert len({eerste.pk, van_een_ander.pk, over_een_andere_versie.pk}) == 3
    assert len(callbacks) == 3 and Rapport.objects.count() == 3

    Rapport.objects.filter(pk=eerste.pk).update(status=Status.BEZIG)
    assert aanvragen(personas["on_eigen"], overeenkomst) == eerste
    Rapport.objects.filter(pk=eerste.pk).update(status=Status.KLAAR)
    assert aanvragen(personas["on_eigen"], overeenkomst) != eerste  # a finished one: ask again, get a fresh one


@pytest.mark.parametrize(
    ("soort", "parameters", "melding"),
    [
        (SOORT, {"overeenkomst": 999_999}, NIET_GEVONDEN),
        (SOORT, {"overeenkomst": "twee"}, NIET_GEVONDEN),
        (SOORT, {}, NIET_GEVONDEN),
        ("jaaroverzicht", {"overeenkomst": 1}, "Dit soort rapport bestaat niet."),
    ],
)
def test_bad_request_stores_nothing(aanvrager, overeenkomst, soort, parameters, melding):
    with pytest.raises(ValidationError) as fout:
        rapport_request(soort=soort, parameters=parameters, door=aanvrager)
    assert fout.value.messages == [melding]
    assert not Rapport.objects.exists() and not AuditEvent.objects.filter(actie__startswith="rapport.").exists()


def test_data_the_requester_may_not_see_stores_nothing(personas):
    concept = IntentieovereenkomstFactory(status=Intentieovereenkomst.Status.CONCEPT)
    with pytest.raises(ValidationError) as fout:
        aanvragen(personas["on_eigen"], concept)
    assert fout.value.messages == [NIET_GEVONDEN]
    assert not Rapport.objects.exists()
    # The stuurgroep prepares concepts, so it may have them printed.
    assert aanvragen(personas["stuurgroep"], concept).soort == SOORT


@pytest.mark.parametrize("status", [User.Status.AANGEVRAAGD, User.Status.GEBLOKKEERD])
def test_only_members_request_reports(overeenkomst, status):
    with pytest.raises(PermissionDenied):
        aanvragen(UserFactory(status=status), overeenkomst)
    assert not Rapport.objects.exists()


def test_every_kind_of_report_has_a_registry_entry():
    assert set(RAPPORTSOORTEN) == set(Rapport.Soort.values)


# --- Rendering -------------------------------------------------------------------------------------------------------


def test_rendering_twice_leaves_one_file_and_one_finished_report(aanvrager, overeenkomst, media):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    rapport_render(rapport_id=rapport.pk)
    eerst = Rapport.objects.get(pk=rapport.pk)

    rapport_render(rapport_id=rapport.pk)
    render_rapport.delay(rapport.pk)

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen, rapport.klaar_op) == (Status.KLAAR, 1, eerst.klaar_op)
    assert pdf_bestanden(media) == [f"{rapport.pk}.pdf"]
    assert AuditEvent.objects.filter(actie="rapport.klaar").count() == 1


def test_redelivery_after_a_killed_worker_overwrites_its_own_file(aanvrager, overeenkomst, media):
    """The worker died after writing the file but before committing: the report is still bezig, with a file left at
    its fixed name. The redelivered task renders again and replaces that file instead of adding one."""
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst, status=Status.BEZIG, pogingen=1)
    (media / "rapporten").mkdir()
    (media / "rapporten" / f"{rapport.pk}.pdf").write_bytes(b"half geschreven")

    render_rapport.delay(rapport.pk)

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Status.KLAAR, 2)
    assert pdf_bestanden(media) == [f"{rapport.pk}.pdf"]
    assert rapport.bestand.name == f"rapporten/{rapport.pk}.pdf"
    assert rapport.bestand.read().startswith(b"%PDF-")


def test_two_deliveries_at_once_keep_the_first_finish(aanvrager, overeenkomst, media, monkeypatch):
    """A second delivery of the task runs while the first is still rendering (two workers): the one that finishes
    first stores the file; the other's result is dropped."""
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    echte_render = kring_pdf.render_to_pdf
    tweede_gestart = []

    def render_terwijl_een_tweede_loopt(template, context):
        if tweede_gestart:
            return echte_render(template, context)
        tweede_gestart.append(True)
        rapport_render(rapport_id=rapport.pk)  # the other worker, start to finish, while this one renders
        return "<html></html>", b"%PDF-1.7 van de trage worker"

    monkeypatch.setattr(services, "render_to_pdf", render_terwijl_een_tweede_loopt)
    rapport_render(rapport_id=rapport.pk)

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen) == (Status.KLAAR, 2)
    assert pdf_bestanden(media) == [f"{rapport.pk}.pdf"]
    assert rapport.bestand.read() != b"%PDF-1.7 van de trage worker"
    assert AuditEvent.objects.filter(actie="rapport.klaar").count() == 1


def test_vanished_data_fails_with_a_reason(aanvrager, overeenkomst, media):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    overeenkomst.delete()

    render_rapport.delay(rapport.pk)

    rapport.refresh_from_db()
    assert (rapport.status, rapport.fout) == (Status.MISLUKT, NIET_GEVONDEN)
    assert not rapport.bestand and pdf_bestanden(media) == []
    event = AuditEvent.objects.get(actie="rapport.mislukt")
    assert event.na == {"status": Status.MISLUKT, "fout": NIET_GEVONDEN}
    assert event.actor is None and event.actor_omschrijving == "achtergrondtaak"


def test_requester_who_lost_access_gets_no_report(aanvrager, overeenkomst):
    eerste = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    tweede = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    Intentieovereenkomst.objects.filter(pk=overeenkomst.pk).update(status=Intentieovereenkomst.Status.CONCEPT)
    rapport_render(rapport_id=eerste.pk)
    Intentieovereenkomst.objects.filter(pk=overeenkomst.pk).update(status=Intentieovereenkomst.Status.VAN_KRACHT)
    User.objects.filter(pk=aanvrager.pk).update(status=User.Status.GEBLOKKEERD)
    rapport_render(rapport_id=tweede.pk)

    for rapport in (eerste, tweede):
        rapport.refresh_from_db()
        assert (rapport.status, rapport.fout, rapport.bestand.name) == (Status.MISLUKT, NIET_GEVONDEN, "")


def test_soft_time_limit_fails_with_too_long(aanvrager, overeenkomst, monkeypatch):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)

    def te_traag(template, context):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(services, "render_to_pdf", te_traag)
    rapport_render(rapport_id=rapport.pk)

    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT
    assert rapport.fout == "Het maken van het rapport duurde te lang. Vraag het later opnieuw aan."


def test_unexpected_error_fails_visibly_and_is_logged(aanvrager, overeenkomst, monkeypatch, caplog):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)

    def kapot(template, context):
        raise ValueError("onverwacht")

    monkeypatch.setattr(services, "render_to_pdf", kapot)
    rapport_render(rapport_id=rapport.pk)

    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT and rapport.fout.startswith("Er ging iets mis bij het maken")
    assert any(record.exc_info and "onverwacht" in str(record.exc_info[1]) for record in caplog.records)


@pytest.fixture
def zonder_doorgeven():
    """Tasks run in-process and normally hand their exception to the caller; a worker instead retries or records the
    failure. These tests look at what a worker does."""
    from kring.celery import app

    vorige = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = vorige


@pytest.mark.usefixtures("zonder_doorgeven")
def test_transient_database_error_is_retried(aanvrager, overeenkomst, monkeypatch, media):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    pogingen = []

    def eerst_storing(template, context):
        pogingen.append(1)
        if len(pogingen) == 1:
            raise OperationalError("verbinding verbroken")
        return render_to_pdf(template, context)

    monkeypatch.setattr(services, "render_to_pdf", eerst_storing)
    render_rapport.delay(rapport.pk)

    rapport.refresh_from_db()
    assert (rapport.status, rapport.pogingen, len(pogingen)) == (Status.KLAAR, 2, 2)
    assert pdf_bestanden(media) == [f"{rapport.pk}.pdf"]


@pytest.mark.usefixtures("zonder_doorgeven")
def test_out_of_retries_the_report_shows_the_failure(aanvrager, overeenkomst, monkeypatch):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)

    def altijd_storing(template, context):
        raise OperationalError("database weg")

    monkeypatch.setattr(services, "render_to_pdf", altijd_storing)
    assert render_rapport.delay(rapport.pk).state == "FAILURE"

    rapport.refresh_from_db()
    assert rapport.status == Status.MISLUKT and rapport.fout.startswith("Er ging iets mis bij het maken")
    assert rapport.pogingen == render_rapport.max_retries + 1


@pytest.mark.parametrize("status", [Status.KLAAR, Status.MISLUKT])
def test_a_finished_report_is_left_alone(aanvrager, overeenkomst, status):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst, status=status, fout="eerder")
    rapport_render(rapport_id=rapport.pk)
    services.rapport_fail(rapport_id=rapport.pk)
    gelezen = Rapport.objects.get(pk=rapport.pk)
    assert (gelezen.status, gelezen.fout, gelezen.pogingen) == (status, "eerder", 0)


def test_a_deleted_report_is_nothing_to_do():
    rapport_render(rapport_id=987_654)
    services.rapport_fail(rapport_id=987_654)
    assert not AuditEvent.objects.exists()


# --- The report of the intentieovereenkomst --------------------------------------------------------------------------


def test_agreement_report_shows_text_themadoelen_and_signatories(aanvrager):
    overeenkomst = IntentieovereenkomstFactory(
        titel="Intentieovereenkomst MKB kring Dordrecht",
        versie=3,
        status=Intentieovereenkomst.Status.TER_ONDERTEKENING,
        ingangsdatum=datetime.date(2026, 7, 1),
        einddatum=datetime.date(2031, 6, 30),
        tekst="# Afspraken\n\nWe werken **samen**.<script>alert('x')</script>",
    )
    continuiteit, sroi = WerkgroepFactory(naam="Continuïteit"), WerkgroepFactory(naam="SROI")
    tweede = ThemadoelFactory(overeenkomst=overeenkomst, naam="Social return samen invullen", volgorde=2)
    eerste = ThemadoelFactory(overeenkomst=overeenkomst, naam="Werk gelijkmatig spreiden", volgorde=1)
    eerste.werkgroepen.add(continuiteit)
    tweede.werkgroepen.add(sroi, continuiteit)
    OndertekeningFactory(
        overeenkomst=overeenkomst,
        organisatie=OrganisatieFactory(naam="Merwedijk Infra B.V."),
        naam_ondertekenaar="Directeur Merwedijk",
        functie="Algemeen directeur",
        ondertekend_op=timezone.make_aware(datetime.datetime(2026, 5, 12, 10, 0)),
    )
    OrganisatieFactory(naam="Wantij Waterbouw B.V.")  # a member that has not signed yet

    soortdef = rapportsoort(SOORT)
    obj = soortdef.object_voor(user=aanvrager, parameters={"overeenkomst": overeenkomst.pk})
    html, pdf = render_to_pdf(soortdef.template, soortdef.context(obj))

    assert pdf.startswith(b"%PDF-")
    assert "<h1>Intentieovereenkomst MKB kring Dordrecht</h1>" in html
    assert "<dt>Versie</dt><dd>3</dd>" in html and "<dd>Ter ondertekening</dd>" in html
    assert "1 juli 2026 tot en met 30 juni 2031" in html
    assert "<h2>Afspraken</h2>" in html and "<strong>samen</strong>" in html and "<script>" not in html
    assert html.index("1. Werk gelijkmatig spreiden") < html.index("2. Social return samen invullen")
    assert "Werkgroepen: Continuïteit, SROI" in html or "Werkgroepen: SROI, Continuïteit" in html
    rij = html[html.index("Merwedijk Infra B.V.") :]
    for waarde in ["Directeur Merwedijk", "Algemeen directeur", "12-5-2026"]:
        assert waarde in rij[:400]
    assert "Nog niet ondertekend" in html and "<li>Wantij Waterbouw B.V.</li>" in html


def test_agreement_report_without_signatures_or_themadoelen(aanvrager, overeenkomst):
    soortdef = rapportsoort(SOORT)
    html, _pdf = render_to_pdf(soortdef.template, soortdef.context(overeenkomst))
    assert "Deze versie heeft geen themadoelen." in html
    assert "Deze versie is nog door geen enkele organisatie ondertekend." in html
    assert "Nog niet ondertekend" not in html  # van kracht: signing is closed


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_request_through_the_page(aanvrager, overeenkomst, django_capture_on_commit_callbacks):
    client = client_for(aanvrager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/rapporten/aanvragen/", {"soort": SOORT, "object_id": overeenkomst.pk})
    rapport = Rapport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rapporten/{rapport.pk}/"
    assert rapport.status == Status.KLAAR


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"soort": "jaaroverzicht", "object_id": "1"}, "de aanvraag is onvolledig of ongeldig"),
        ({"soort": SOORT, "object_id": "abc"}, "de aanvraag is onvolledig of ongeldig"),
        ({"soort": SOORT}, "de aanvraag is onvolledig of ongeldig"),
        ({"soort": SOORT, "object_id": "999999"}, NIET_GEVONDEN),
        ("concept", NIET_GEVONDEN),
    ],
)
def test_bad_request_through_the_page_stores_nothing(aanvrager, data, melding):
    if data == "concept":
        data = {"soort": SOORT, "object_id": IntentieovereenkomstFactory(status="concept").pk}
    response = client_for(aanvrager).post("/rapporten/aanvragen/", data, follow=True)
    assert response.redirect_chain == [("/rapporten/", 302)]
    assert melding in response.content.decode()
    assert not Rapport.objects.exists()


def test_my_reports_lists_only_my_own(personas, overeenkomst):
    eigen = RapportFactory(aangevraagd_door=personas["on_eigen"], overeenkomst=overeenkomst, klaar=True)
    RapportFactory(aangevraagd_door=personas["on_ander"], overeenkomst=overeenkomst, titel="Van een ander")
    inhoud = client_for(personas["on_eigen"]).get("/rapporten/").content.decode()
    assert f'href="/rapporten/{eigen.pk}/"' in inhoud and f'href="/rapporten/{eigen.pk}/download/"' in inhoud
    assert "Van een ander" not in inhoud
    assert (
        "U heeft nog geen rapporten aangevraagd."
        in client_for(personas["gemeente"]).get("/rapporten/").content.decode()
    )


def test_status_region_polls_until_finished(aanvrager, overeenkomst):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    client = client_for(aanvrager)

    pagina = client.get(f"/rapporten/{rapport.pk}/").content.decode()
    assert 'role="status" aria-live="polite"' in pagina
    assert f'hx-get="/rapporten/{rapport.pk}/status/?was=wachtrij" hx-trigger="every 2s"' in pagina
    assert f'href="/rapporten/{rapport.pk}/">Pagina vernieuwen</a>' in pagina  # without JavaScript

    assert client.get(f"/rapporten/{rapport.pk}/status/?was=wachtrij").status_code == 204  # nothing new to hear
    Rapport.objects.filter(pk=rapport.pk).update(status=Status.BEZIG)
    bezig = client.get(f"/rapporten/{rapport.pk}/status/?was=wachtrij")
    assert bezig.status_code == 200 and "?was=bezig" in bezig.content.decode()

    rapport_render(rapport_id=rapport.pk)
    klaar = client.get(f"/rapporten/{rapport.pk}/status/?was=bezig").content.decode()
    assert "hx-trigger" not in klaar and "hx-get" not in klaar
    assert f'href="/rapporten/{rapport.pk}/download/">PDF downloaden</a>' in klaar


def test_failed_report_shows_its_reason(aanvrager, overeenkomst):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    overeenkomst.delete()
    rapport_render(rapport_id=rapport.pk)
    pagina = client_for(aanvrager).get(f"/rapporten/{rapport.pk}/").content.decode()
    assert "Het rapport kon niet worden gemaakt." in pagina and NIET_GEVONDEN in pagina
    assert "hx-trigger" not in pagina


def test_download_by_the_requester(aanvrager, overeenkomst):
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst)
    rapport_render(rapport_id=rapport.pk)
    response = client_for(aanvrager).get(f"/rapporten/{rapport.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="intentieovereenkomst-mkb-kring-dordrecht-versie-2.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_no_download_for_others_unfinished_reports_or_lost_access(personas, overeenkomst):
    rapport = RapportFactory(aangevraagd_door=personas["on_eigen"], overeenkomst=overeenkomst, klaar=True)
    url = f"/rapporten/{rapport.pk}/download/"
    for rol in ["on_ander", "gemeente", "stuurgroep", "beheerder"]:
        assert client_for(personas[rol]).get(url).status_code == 404, rol

    eigen = client_for(personas["on_eigen"])
    assert eigen.get(url).status_code == 200
    Intentieovereenkomst.objects.filter(pk=overeenkomst.pk).update(status=Intentieovereenkomst.Status.CONCEPT)
    assert eigen.get(url).status_code == 404
    assert "u kunt het niet meer downloaden" in eigen.get(f"/rapporten/{rapport.pk}/").content.decode()

    wachtend = RapportFactory(aangevraagd_door=personas["on_eigen"], overeenkomst=IntentieovereenkomstFactory())
    assert eigen.get(f"/rapporten/{wachtend.pk}/download/").status_code == 404


def test_report_button_include(aanvrager, overeenkomst, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = aanvrager
    html = render_to_string(
        "kring/rapporten/_aanvragen.html", {"soort": SOORT, "object_id": overeenkomst.pk}, request=request
    )
    assert 'action="/rapporten/aanvragen/"' in html and 'name="csrfmiddlewaretoken"' in html
    assert f'name="object_id" value="{overeenkomst.pk}"' in html and f'name="soort" value="{SOORT}"' in html
    assert ">PDF maken</button>" in html
    met_label = render_to_string(
        "kring/rapporten/_aanvragen.html",
        {"soort": SOORT, "object_id": overeenkomst.pk, "label": "Agenda als PDF"},
        request=request,
    )
    assert ">Agenda als PDF</button>" in met_label and "PDF maken" not in met_label


# --- Query counts ----------------------------------------------------------------------------------------------------


def test_query_count_my_reports(aanvrager):
    def rapporten(n):
        RapportFactory.create_batch(n, aangevraagd_door=aanvrager, klaar=True)

    # user, count, page of reports
    assert_queries_stable(client_for(aanvrager), "/rapporten/", expected=3, grow=rapporten)


@pytest.mark.parametrize("pad", ["/rapporten/{pk}/", "/rapporten/{pk}/status/"])
def test_query_count_report_page(aanvrager, pad):
    overeenkomst = IntentieovereenkomstFactory()
    rapport = RapportFactory(aangevraagd_door=aanvrager, overeenkomst=overeenkomst, klaar=True)

    def meer_gegevens(n):
        # The page checks that the data is still visible: more themadoelen, werkgroepen and other reports cost nothing.
        for themadoel in ThemadoelFactory.create_batch(n, overeenkomst=overeenkomst):
            themadoel.werkgroepen.add(WerkgroepFactory())
        RapportFactory.create_batch(n, aangevraagd_door=aanvrager, klaar=True)

    # user, report, the agreement with its themadoelen and their werkgroepen
    assert_queries_stable(client_for(aanvrager), pad.format(pk=rapport.pk), expected=5, grow=meer_gegevens)
