"""The stuurgroep's quarterly report (issue 8): the dashboard of one quarter as a PDF through the reports pipeline, with
a cover, a table of contents with page numbers and every section the requester may see; requested from the dashboard
by stuurgroep members and beheerders, and after each quarter automatically for the stuurgroep, who get the link by mail
once it is ready (once per report)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

import pytest

from kring import tasks
from kring.dashboard import Periode, Sectie, periode_uit, secties
from kring.dashboard import kwartaalrapportage as kr
from kring.herinneringen import KWARTAALRAPPORTAGE_KLAAR
from kring.models import AuditEvent, Herinnering, Indicatorwaarde, Rapport, User
from kring.pdf import render_to_pdf
from kring.rapportsoorten import rapportsoort
from kring.services.herinneringen import herinneringen_send
from kring.services.rapporten import rapport_request
from kring.services.stuurgroep import kwartaal_afsluiten_en_rapporteren
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus
from tests.conftest import client_for
from tests.factories import IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db

SOORT = Rapport.Soort.KWARTAALRAPPORTAGE
HUIDIG = huidig_kwartaal()
VORIG = kwartaal_plus(HUIDIG, -1)


def getal(kwartaal: datetime.date) -> int:
    return kwartaal.year * 10 + (kwartaal.month - 1) // 3 + 1


def code(kwartaal: datetime.date) -> str:
    return Periode("kwartaal", kwartaal).code


@pytest.fixture(autouse=True)
def _site_url(settings, tmp_path):
    settings.SITE_URL = "http://testserver.example"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def nep_secties(tmp_path, settings, monkeypatch):
    """Three sections with a template of their own (a long one, so the table of contents has page numbers to show);
    the report asks `secties` for them."""
    map_ = tmp_path / "sjablonen" / "secties"
    map_.mkdir(parents=True)
    (map_ / "proef.html").write_text(
        '<h2 id="{{ sectie.sleutel }}-titel">{{ sectie.titel }}</h2>'
        "{% for regel in regels %}<p>{{ sectie.sleutel }} regel {{ regel }} over {{ periode.code }}</p>{% endfor %}"
        '{% if not pdf %}<form method="post"><button>Knop die niet in de PDF hoort</button></form>{% endif %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path / "sjablonen", *settings.TEMPLATES[0]["DIRS"]]}]
    lijst = [
        Sectie("indicatoren", "Indicatoren", "secties/proef.html", {"regels": range(70)}),
        Sectie("werkgroepen", "Werkgroepen en activiteiten", "secties/proef.html", {"regels": range(3)}),
        Sectie("klaagpaal", "Klaagpaal en hulpvragen", "secties/proef.html", {"regels": range(3)}),
    ]
    monkeypatch.setattr(kr, "secties", lambda *, user, periode: lijst)
    return lijst


# --- The quarter as the report's object --------------------------------------------------------------------------


@pytest.mark.parametrize("waarde", [20265, 20260, 2026, 123, 19994, 21011, -20263])
def test_a_number_that_is_no_quarter_is_none(waarde):
    assert kr.kwartaal_uit_getal(waarde) is None


def test_the_quarter_number_round_trips():
    kwartaal = kr.kwartaal_uit_getal(20263)
    assert (kwartaal.soort, kwartaal.begin, kwartaal.code, kwartaal.pk) == (
        "kwartaal",
        datetime.date(2026, 7, 1),
        "2026-K3",
        20263,
    )
    assert kr.kwartaal_getal(periode_uit("2025-K4")) == 20254


def test_ophalen_gives_begun_quarters_to_the_stuurgroep_and_beheerders_only(personas):
    for rol in ("stuurgroep", "beheerder"):
        assert kr.ophalen(user=personas[rol], pk=getal(VORIG)).begin == VORIG
        assert kr.ophalen(user=personas[rol], pk=getal(HUIDIG)).begin == HUIDIG  # "tot nu toe"
        for pk in (getal(kwartaal_plus(HUIDIG, 1)), 20265, 7):
            with pytest.raises(Http404):
                kr.ophalen(user=personas[rol], pk=pk)
    for rol in ("on_eigen", "on_ander", "gemeente"):
        with pytest.raises(Http404):
            kr.ophalen(user=personas[rol], pk=getal(VORIG))


# --- The report's HTML and PDF -----------------------------------------------------------------------------------


def rapport_html(user, kwartaal=VORIG) -> tuple[str, bytes]:
    soortdef = rapportsoort(SOORT)
    obj = soortdef.object_voor(user=user, parameters={"kwartaal": getal(kwartaal)})
    return render_to_pdf(soortdef.template, soortdef.inhoud(obj, user=user))


def test_the_report_has_a_cover_a_table_of_contents_and_every_section(personas, nep_secties):
    html, pdf = rapport_html(personas["stuurgroep"])

    assert pdf.startswith(b"%PDF-")
    label = Periode("kwartaal", VORIG).label
    assert "<h1" in html and "Kwartaalrapportage stuurgroep" in html and label in html
    assert "Stuurgroep Lid" in html  # made for the requester
    assert '<h2 id="inhoud-titel">Inhoud</h2>' in html
    for sectie in nep_secties:
        assert f'<li><a href="#hoofdstuk-{sectie.sleutel}">{sectie.titel}</a></li>' in html
        assert f'<div class="hoofdstuk" id="hoofdstuk-{sectie.sleutel}">' in html
        assert f'<h2 id="{sectie.sleutel}-titel">{sectie.titel}</h2>' in html
        assert f"{sectie.sleutel} regel 2 over {code(VORIG)}" in html
    assert "Knop die niet in de PDF hoort" not in html and "<form" not in html
    assert "tot nu toe" not in html.lower()


def test_the_table_of_contents_shows_the_page_each_section_starts_on(personas, nep_secties):
    from weasyprint import HTML

    from kring.pdf import StatischeFetcher, basis_url

    html, _pdf = rapport_html(personas["stuurgroep"])
    document = HTML(string=html, base_url=basis_url(), url_fetcher=StatischeFetcher()).render()
    teksten = [
        [box.text for box in pagina._page_box.descendants() if hasattr(box, "text")] for pagina in document.pages
    ]
    begint_op = {
        sectie.titel: next(nummer for nummer, pagina in enumerate(teksten[1:], start=2) if sectie.titel in pagina)
        for sectie in nep_secties
    }
    omslag = " ".join(teksten[0])
    assert begint_op["Indicatoren"] == 2 and begint_op["Werkgroepen en activiteiten"] > 3  # 70 lines: 2+ pages
    assert all(titel in omslag for titel in begint_op)
    # Each entry ends with its page number, after a dotted leader.
    nummers = [tekst.strip() for tekst in teksten[0] if tekst.strip().isdigit()]
    assert nummers == [str(pagina) for pagina in begint_op.values()]
    assert f"Pagina 1 van {len(teksten)}" in omslag


def test_the_running_quarter_is_reported_so_far(personas, nep_secties):
    html, _pdf = rapport_html(personas["beheerder"], kwartaal=HUIDIG)
    assert "(tot nu toe)" in html


def test_the_real_report_holds_every_section_the_requester_may_see(personas):
    """The sections of the dashboard itself, rendered for the PDF: each title in the table of contents and as a
    section heading, once per role (a contractor stuurgroep member sees fewer sections than a beheerder)."""
    for rol in ("stuurgroep", "beheerder"):
        user = personas[rol]
        verwacht = secties(user=user, periode=Periode("kwartaal", VORIG))
        assert verwacht
        html, pdf = rapport_html(user)
        assert pdf.startswith(b"%PDF-")
        for sectie in verwacht:
            assert f'<a href="#hoofdstuk-{sectie.sleutel}">{sectie.titel}</a>' in html
            assert f'id="hoofdstuk-{sectie.sleutel}"' in html
            assert sectie.titel in html.split('id="hoofdstuk-', 1)[1]
        assert "<form" not in html


# --- Requesting it on demand -------------------------------------------------------------------------------------


def test_the_stuurgroep_requests_a_quarter_and_lands_on_the_report_page(personas):
    client = client_for(personas["stuurgroep"])

    antwoord = client.post(reverse("kring:kwartaalrapportage"), {"periode": code(VORIG)})

    rapport = Rapport.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("kring:rapport_detail", args=[rapport.pk])
    assert (rapport.soort, rapport.parameters, rapport.aangevraagd_door) == (
        SOORT,
        {"kwartaal": getal(VORIG)},
        personas["stuurgroep"],
    )
    assert rapport.titel == f"Kwartaalrapportage stuurgroep, {Periode('kwartaal', VORIG).label}"
    # A second click while it is being made: the same report.
    client.post(reverse("kring:kwartaalrapportage"), {"periode": code(VORIG)})
    assert Rapport.objects.count() == 1


@pytest.mark.parametrize(
    ("periode", "melding"),
    [
        (code(kwartaal_plus(HUIDIG, 1)), "Dit kwartaal is nog niet begonnen"),
        (str(HUIDIG.year), "Kies een kwartaal"),
        ("2026-K5", "Kies een kwartaal"),
        ("", "Dit veld is verplicht"),
    ],
)
def test_no_quarter_or_a_future_one_goes_back_with_the_reason(personas, periode, melding):
    antwoord = client_for(personas["beheerder"]).post(
        reverse("kring:kwartaalrapportage"), {"periode": periode}, follow=False
    )

    assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("kring:stuurgroep"))
    berichten = [str(bericht) for bericht in antwoord.wsgi_request._messages]
    assert any(melding in bericht for bericht in berichten), berichten
    assert not Rapport.objects.exists()


@pytest.mark.parametrize("rol", ["on_eigen", "on_ander", "gemeente"])
def test_other_members_may_not_request_it_here_nor_through_the_general_form(personas, rol):
    client = client_for(personas[rol])
    assert client.post(reverse("kring:kwartaalrapportage"), {"periode": code(VORIG)}).status_code == 403
    client.post(reverse("kring:rapport_aanvragen"), {"soort": SOORT, "object_id": getal(VORIG)})
    with pytest.raises(ValidationError):
        rapport_request(soort=SOORT, parameters={"kwartaal": getal(VORIG)}, door=personas[rol])
    assert not Rapport.objects.exists()


def test_the_button_is_there_for_a_begun_quarter_only():
    from django.template.loader import render_to_string

    knop = render_to_string("kring/stuurgroep/_kwartaalrapportage.html", {"periode": Periode("kwartaal", VORIG)})
    assert f'name="periode" value="{code(VORIG)}"' in knop and "als PDF" in knop
    assert "tot nu toe" not in knop
    assert "tot nu toe" in render_to_string(
        "kring/stuurgroep/_kwartaalrapportage.html", {"periode": Periode("kwartaal", HUIDIG)}
    )
    for periode in (Periode("kwartaal", kwartaal_plus(HUIDIG, 1)), periode_uit(str(HUIDIG.year))):
        assert "<form" not in render_to_string("kring/stuurgroep/_kwartaalrapportage.html", {"periode": periode})
    assert "<form" not in render_to_string(
        "kring/stuurgroep/_kwartaalrapportage.html", {"periode": Periode("kwartaal", VORIG), "pdf": True}
    )


# --- After each quarter: automatically for the stuurgroep, mailed when ready --------------------------------------


@pytest.fixture
def stuurgroep(personas):
    """The active stuurgroep members: the persona and a contractor; a blocked member and an ordinary one get none."""
    UserFactory(stuurgroep=True, status=User.Status.GEBLOKKEERD)
    UserFactory()
    return [personas["stuurgroep"], UserFactory(stuurgroep=True, organisatie=personas["on_eigen"].organisatie)]


def test_after_a_quarter_every_stuurgroep_member_gets_a_report_once(personas, stuurgroep):
    indicator = IndicatorFactory(bron="klaagpaal_opgevolgd")

    afsluiting = kwartaal_afsluiten_en_rapporteren(vandaag=HUIDIG)

    assert afsluiting.kwartaal.begin == VORIG and afsluiting.indicatorwaarden == 1
    assert Indicatorwaarde.objects.filter(indicator=indicator, kwartaal=VORIG).exists()
    rapporten = Rapport.objects.filter(soort=SOORT)
    assert {rapport.aangevraagd_door for rapport in rapporten} == set(stuurgroep)
    assert all(rapport.parameters == {"kwartaal": getal(VORIG)} for rapport in rapporten)
    gemarkeerd = AuditEvent.objects.filter(actie=kr.AUTOMATISCH_AANGEVRAAGD).values_list("object_id", flat=True)
    assert sorted(gemarkeerd) == sorted(str(rapport.pk) for rapport in rapporten)

    # A second run (a retried task, or a day later) requests nothing new, also once the reports are done.
    rapporten.update(status=Rapport.Status.KLAAR)
    tweede = kwartaal_afsluiten_en_rapporteren(vandaag=HUIDIG + datetime.timedelta(days=1))
    assert (tweede.aangevraagd, tweede.al_aangevraagd, tweede.indicatorwaarden) == ([], 2, 0)
    assert Rapport.objects.count() == 2


def test_a_report_requested_by_hand_after_the_quarter_counts_one_during_it_or_failed_does_not(personas, stuurgroep):
    lid, ander = stuurgroep
    met_de_hand = rapport_request(soort=SOORT, parameters={"kwartaal": getal(VORIG)}, door=lid)
    mislukt = rapport_request(soort=SOORT, parameters={"kwartaal": getal(VORIG)}, door=ander)
    Rapport.objects.filter(pk=mislukt.pk).update(status=Rapport.Status.MISLUKT)

    afsluiting = kwartaal_afsluiten_en_rapporteren(vandaag=HUIDIG)

    assert afsluiting.al_aangevraagd == 1 and [rapport.aangevraagd_door for rapport in afsluiting.aangevraagd] == [
        ander
    ]
    assert not AuditEvent.objects.filter(actie=kr.AUTOMATISCH_AANGEVRAAGD, object_id=str(met_de_hand.pk)).exists()

    # Requested while the quarter ran: that report is "tot nu toe", so the member still gets the full one.
    Rapport.objects.all().delete()
    Rapport.objects.create(
        soort=SOORT,
        parameters={"kwartaal": getal(VORIG)},
        titel="Tot nu toe",
        aangevraagd_door=lid,
        status=Rapport.Status.KLAAR,
        aangevraagd_op=datetime.datetime.combine(VORIG + datetime.timedelta(days=20), datetime.time(12), datetime.UTC),
    )
    assert len(kwartaal_afsluiten_en_rapporteren(vandaag=HUIDIG).aangevraagd) == 2


def test_the_task_runs_the_closing(personas, stuurgroep):
    tasks.kwartaalrapportages.apply()
    assert Rapport.objects.filter(soort=SOORT, parameters={"kwartaal": getal(VORIG)}).count() == 2


def test_the_link_is_mailed_once_when_the_automatic_report_is_ready(personas, stuurgroep):
    lid, ander = stuurgroep
    kwartaal_afsluiten_en_rapporteren(vandaag=HUIDIG)
    met_de_hand = rapport_request(soort=SOORT, parameters={"kwartaal": getal(HUIDIG)}, door=personas["beheerder"])
    klaar = Rapport.objects.get(aangevraagd_door=lid)
    Rapport.objects.filter(pk__in=[klaar.pk, met_de_hand.pk]).update(status=Rapport.Status.KLAAR)

    herinneringen_send(vandaag=HUIDIG)

    assert len(mail.outbox) == 1  # the other member's report is not ready yet; a report by hand is not mailed
    bericht = mail.outbox[0]
    label = Periode("kwartaal", VORIG).label
    assert bericht.to == [lid.email] and bericht.subject.endswith(f"Kwartaalrapportage klaar: {label}")
    download = f"http://testserver.example{reverse('kring:rapport_download', args=[klaar.pk])}"
    assert download in bericht.body and download in bericht.alternatives[0][0]
    assert Herinnering.objects.get().object_type == ContentType.objects.get_for_model(Rapport)

    # The next day the other one is ready: only that one is mailed; the first is not mailed again.
    Rapport.objects.filter(aangevraagd_door=ander).update(status=Rapport.Status.KLAAR)
    herinneringen_send(vandaag=HUIDIG + datetime.timedelta(days=1))
    assert [bericht.to for bericht in mail.outbox] == [[lid.email], [ander.email]]
    herinneringen_send(vandaag=HUIDIG + datetime.timedelta(days=2))
    assert len(mail.outbox) == 2


def test_the_reminder_is_for_the_stuurgroep_and_beheerders(personas):
    assert KWARTAALRAPPORTAGE_KLAAR.van_toepassing(personas["stuurgroep"])
    assert KWARTAALRAPPORTAGE_KLAAR.van_toepassing(personas["beheerder"])
    assert not KWARTAALRAPPORTAGE_KLAAR.van_toepassing(personas["gemeente"])
