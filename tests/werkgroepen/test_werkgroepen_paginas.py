"""The pages of the werkgroepen: what visitors, members and trekkers see, the forms with bad input, pinned query counts,
and the demo data."""

import datetime
import io

from django.core import mail
from django.utils import timezone

import pytest

from kring.models import AuditEvent, Organisatie
from tests.conftest import client_for
from tests.factories import (
    AanmeldingFactory,
    LidmaatschapFactory,
    OrganisatieFactory,
    ThemadoelFactory,
    UserFactory,
    WerkgroepFactory,
)
from tests.querycount import assert_queries_stable
from werkgroepen.models import Aanmelding, Lidmaatschap, Werkgroep

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def tekst(response) -> str:
    return response.content.decode()


# --- What each sees --------------------------------------------------------------------------------------------------


def test_visitors_see_purpose_trekkers_and_themadoelen_not_members(client, werkgroep, trekker, lid):
    ThemadoelFactory(naam="Gelijkmatig aanbod", overeenkomst__versie=2).werkgroepen.add(werkgroep)
    ThemadoelFactory(naam="Oud themadoel", overeenkomst__versie=1, overeenkomst__status="verlopen").werkgroepen.add(
        werkgroep
    )
    gesloten = WerkgroepFactory(naam="Oude werkgroep", gesloten_op=datetime.date(2024, 6, 30))

    overzicht = tekst(client.get("/werkgroepen/"))
    assert "Sam Projectleider (Gemeente Dordrecht (test))" in overzicht
    assert "Gelijkmatig aanbod" in overzicht and "Oud themadoel" not in overzicht
    assert "Mila Tenderspecialist" not in overzicht and "Bezetting per werkgroep" not in overzicht
    assert "Afgesloten werkgroepen" in overzicht and gesloten.get_absolute_url() in overzicht

    pagina = tekst(client.get(werkgroep.get_absolute_url()))
    assert "Sam Projectleider" in pagina and "Gelijkmatig aanbod" in pagina
    assert "Mila Tenderspecialist" not in pagina and "Balans" not in pagina
    assert "/account/login/?next=/werkgroepen/continuiteit/aanmelden/" in pagina
    assert client.get(gesloten.get_absolute_url()).status_code == 200


def test_members_see_members_and_balance(werkgroep, trekker, lid, personas):
    overzicht = tekst(client_for(personas["on_eigen"]).get("/werkgroepen/"))
    assert "Bezetting per werkgroep" in overzicht and "uit balans" not in overzicht
    pagina = tekst(client_for(personas["on_eigen"]).get(werkgroep.get_absolute_url()))
    assert "Mila Tenderspecialist" in pagina and "Wegenbouw Papendrecht Test B.V." in pagina
    assert "Lopende lidmaatschappen: 1 van een gemeente, 1 van opdrachtnemers." in pagina
    assert "Aanmelden voor deze werkgroep" in pagina
    assert "Werkgroep bewerken" not in pagina and "Rol opslaan" not in pagina

    eigen = tekst(client_for(lid).get(werkgroep.get_absolute_url()))
    assert "U bent lid van deze werkgroep sinds 1 september 2022." in eigen and "Werkgroep verlaten" in eigen


def test_hints_show_on_overview_and_page(werkgroep, trekker, personas):
    LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=trekker.organisatie)
    pagina = tekst(client_for(personas["on_eigen"]).get(werkgroep.get_absolute_url()))
    assert "geen opdrachtnemers" in pagina and "2 lidmaatschappen lopen langer dan 3 jaar" in pagina
    assert "geen opdrachtnemers" in tekst(client_for(personas["on_eigen"]).get("/werkgroepen/"))


def test_trekker_sees_requests_and_manages_members(werkgroep, trekker, lid, personas):
    AanmeldingFactory(werkgroep=werkgroep, gebruiker=personas["on_eigen"], motivatie="Wij <b>bouwen</b> mee.")
    pagina = tekst(client_for(trekker).get(werkgroep.get_absolute_url()))
    assert "Opdrachtnemer Eigen" in pagina and "Wij &lt;b&gt;bouwen&lt;/b&gt; mee." in pagina
    assert "Goedkeuren" in pagina and "Rol opslaan" in pagina and "Werkgroep bewerken" in pagina
    assert "Werkgroep sluiten" not in pagina  # beheerders only
    assert "Werkgroep sluiten" in tekst(client_for(personas["beheerder"]).get(werkgroep.get_absolute_url()))


# --- Journeys through the pages --------------------------------------------------------------------------------------


def test_request_approve_and_see_the_member(werkgroep, trekker, personas, django_capture_on_commit_callbacks):
    aanvrager = client_for(personas["on_eigen"])
    response = aanvrager.post("/werkgroepen/continuiteit/aanmelden/", {"motivatie": "Wij werken in Crabbehof."})
    assert response.status_code == 302 and response["Location"] == "/werkgroepen/continuiteit/"
    aanmelding = Aanmelding.objects.get(gebruiker=personas["on_eigen"])
    assert "U heeft zich op" in tekst(aanvrager.get("/werkgroepen/continuiteit/"))

    beoordelaar = client_for(trekker)
    assert "Wij werken in Crabbehof." in tekst(beoordelaar.get("/werkgroepen/aanmeldingen/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = beoordelaar.post(
            f"/werkgroepen/aanmeldingen/{aanmelding.pk}/goedkeuren/", {"terug": "aanmeldingen"}
        )
    assert response["Location"] == "/werkgroepen/aanmeldingen/"
    assert Lidmaatschap.objects.filter(gebruiker=personas["on_eigen"], rol="lid", van=VANDAAG).exists()
    assert [bericht.to for bericht in mail.outbox] == [[personas["on_eigen"].email]]
    assert "Opdrachtnemer Eigen" in tekst(beoordelaar.get("/werkgroepen/continuiteit/"))


def test_refuse_needs_a_reason_on_the_form(werkgroep, trekker, personas):
    aanmelding = AanmeldingFactory(werkgroep=werkgroep, gebruiker=personas["on_eigen"])
    url = f"/werkgroepen/aanmeldingen/{aanmelding.pk}/afwijzen/"
    response = client_for(trekker).post(url, {"reden": ""})
    assert response.status_code == 200 and "Dit veld is verplicht." in tekst(response)
    aanmelding.refresh_from_db()
    assert aanmelding.status == "aangevraagd"
    response = client_for(trekker).post(url, {"reden": "Wij zitten vol.", "terug": "https://elders.example/"})
    assert response["Location"] == "/werkgroepen/continuiteit/"  # no open redirect
    aanmelding.refresh_from_db()
    assert (aanmelding.status, aanmelding.reden) == ("afgewezen", "Wij zitten vol.")


def test_joining_a_closed_werkgroep_says_why(werkgroep, personas):
    Werkgroep.objects.filter(pk=werkgroep.pk).update(gesloten_op=datetime.date(2025, 12, 31))
    client = client_for(personas["on_eigen"])
    pagina = tekst(client.get("/werkgroepen/continuiteit/aanmelden/"))
    assert "Werkgroep Continuïteit is gesloten sinds 31 december 2025; aanmelden kan niet meer." in pagina
    assert "Aanmelding versturen" not in pagina
    response = client.post("/werkgroepen/continuiteit/aanmelden/", {"motivatie": "Toch graag."})
    assert response.status_code == 200 and "aanmelden kan niet meer" in tekst(response)
    assert not Aanmelding.objects.exists()


def test_double_request_is_refused_on_the_form(werkgroep, trekker, personas):
    client = client_for(personas["on_eigen"])
    client.post("/werkgroepen/continuiteit/aanmelden/", {"motivatie": ""})
    response = client.post("/werkgroepen/continuiteit/aanmelden/", {"motivatie": ""})
    assert response.status_code == 200 and "al aangemeld voor werkgroep Continuïteit" in tekst(response)
    assert Aanmelding.objects.count() == 1


def test_withdraw_from_the_page(werkgroep, personas):
    aanmelding = AanmeldingFactory(werkgroep=werkgroep, gebruiker=personas["on_eigen"])
    response = client_for(personas["on_eigen"]).post(f"/werkgroepen/aanmeldingen/{aanmelding.pk}/intrekken/")
    assert response["Location"] == "/werkgroepen/continuiteit/"
    aanmelding.refresh_from_db()
    assert aanmelding.status == "ingetrokken"


def test_editing_a_werkgroep_you_do_not_lead_is_forbidden(werkgroep, trekker, lid):
    ander_trekker = LidmaatschapFactory(rol="trekker").gebruiker
    for wie in [lid, ander_trekker]:
        response = client_for(wie).post("/werkgroepen/continuiteit/bewerken/", {"doel": "Gekaapt"})
        assert response.status_code == 403
        assert "U heeft geen toegang tot deze pagina" in tekst(response)
    werkgroep.refresh_from_db()
    assert werkgroep.doel == "Meer gelijkmatigheid in het aanbod."


def test_trekker_edits_and_html_is_shown_as_text(werkgroep, trekker, client):
    response = client_for(trekker).post(
        "/werkgroepen/continuiteit/bewerken/",
        {
            "doel": "Spreiding <script>alert(1)</script>",
            "omschrijving": '<img src=x onerror="alert(1)">',
            "deelonderwerpen": "Pijplijn\nSpreiding",
        },
    )
    assert response["Location"] == "/werkgroepen/continuiteit/"
    pagina = tekst(client.get("/werkgroepen/continuiteit/"))
    assert "<script>alert" not in pagina and "&lt;script&gt;alert(1)&lt;/script&gt;" in pagina
    assert 'onerror="alert' not in pagina and "&lt;img src=x" in pagina and "<li>Pijplijn</li>" in pagina
    response = client_for(trekker).post("/werkgroepen/continuiteit/bewerken/", {"doel": ""})
    assert response.status_code == 200 and "Dit veld is verplicht." in tekst(response)


def test_roles_and_leaving_through_the_pages(werkgroep, trekker, lid):
    lidmaatschap = Lidmaatschap.objects.get(gebruiker=lid)
    client = client_for(trekker)
    response = client.post(f"/werkgroepen/continuiteit/leden/{lidmaatschap.pk}/rol/", {"rol": "trekker"})
    assert response["Location"] == "/werkgroepen/continuiteit/"
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.rol == "trekker"

    eigen = Lidmaatschap.objects.get(gebruiker=trekker)
    url = f"/werkgroepen/continuiteit/leden/{eigen.pk}/beeindigen/"
    assert "Werkgroep Continuïteit verlaten" in tekst(client.get(url))
    client.post(url)
    eigen.refresh_from_db()
    assert eigen.tot == VANDAAG
    # The last trekker cannot leave: the page says why and nothing changes.
    response = client_for(lid).post(f"/werkgroepen/continuiteit/leden/{lidmaatschap.pk}/beeindigen/")
    assert response.status_code == 200 and "heeft dan geen trekker meer" in tekst(response)
    lidmaatschap.refresh_from_db()
    assert lidmaatschap.tot is None


def test_beheerder_creates_closes_and_reopens(personas, werkgroep):
    client = client_for(personas["beheerder"])
    gegevens = {
        "naam": "Circulair bouwen",
        "slug": "kennisbank",
        "doel": "Hergebruik van materialen.",
        "trekker": personas["on_eigen"].pk,
    }
    response = client.post("/werkgroepen/nieuw/", gegevens)
    assert response.status_code == 200 and "is gereserveerd voor een pagina van het portaal" in tekst(response)
    assert not Werkgroep.objects.filter(naam="Circulair bouwen").exists()

    response = client.post("/werkgroepen/nieuw/", {**gegevens, "slug": "circulair-bouwen", "gestart_op": "2026-01-05"})
    assert response["Location"] == "/werkgroepen/circulair-bouwen/"
    nieuw = Werkgroep.objects.get(slug="circulair-bouwen")
    assert nieuw.gestart_op == datetime.date(2026, 1, 5)

    assert "1 lidmaatschap eindigt" in tekst(client.get("/werkgroepen/circulair-bouwen/sluiten/"))
    client.post("/werkgroepen/circulair-bouwen/sluiten/")
    nieuw.refresh_from_db()
    assert nieuw.gesloten_op == VANDAAG
    assert "Werkgroep heropenen" in tekst(client.get("/werkgroepen/circulair-bouwen/"))
    client.post("/werkgroepen/circulair-bouwen/heropenen/", {"trekker": personas["gemeente"].pk})
    nieuw.refresh_from_db()
    assert nieuw.gesloten_op is None
    assert [event.actie for event in AuditEvent.objects.order_by("pk")][-2:] == [
        "werkgroep.heropend",
        "werkgroep.lidmaatschap_aangemaakt",
    ]


def test_trekker_choices_are_active_members_of_member_organisations(personas):
    oud = OrganisatieFactory(naam="Gestopt B.V.", lid_tot=datetime.date(2024, 1, 1))
    UserFactory(naam="Oud Medewerker", organisatie=oud)
    UserFactory(naam="Nog Aanvrager", aangevraagd=True)
    pagina = tekst(client_for(personas["beheerder"]).get("/werkgroepen/nieuw/"))
    assert "Opdrachtnemer Eigen (Grondwerk Zwijndrecht Test B.V.)" in pagina
    assert "Oud Medewerker" not in pagina and "Nog Aanvrager" not in pagina


# --- Query counts ----------------------------------------------------------------------------------------------------


def meer_werkgroepen(n):
    """Werkgroepen with a trekker, members on both sides and themadoelen of the current agreement."""
    gemeente = Organisatie.objects.filter(soort="gemeente").first() or OrganisatieFactory(gemeente=True)
    themadoel = ThemadoelFactory()
    for werkgroep in WerkgroepFactory.create_batch(n):
        LidmaatschapFactory(werkgroep=werkgroep, rol="trekker", gebruiker__organisatie=gemeente)
        LidmaatschapFactory.create_batch(2, werkgroep=werkgroep)
        themadoel.werkgroepen.add(werkgroep)


# Steady state: the session comes from the cache; 1 query for the user with organisation, and on pages for members
# only a beheerder's 1 more for the second factor (the public pages skip that check). The overview: werkgroepen (with
# the balance, for members), the current agreement, trekkers, themadoelen.
@pytest.mark.parametrize(("rol", "expected"), [("anoniem", 4), ("on_eigen", 5), ("beheerder", 5)])
def test_overview_query_count(clients, rol, expected):
    assert_queries_stable(clients[rol], "/werkgroepen/", expected=expected, grow=meer_werkgroepen)


# The page: werkgroep, agreement, trekkers, themadoelen; members: is_trekker (not for a beheerder), members, own
# request; trekkers and beheerders: the open requests.
@pytest.mark.parametrize(("rol", "expected"), [("anoniem", 4), ("on_ander", 8), ("trekker", 9), ("beheerder", 8)])
def test_page_query_count(personas, werkgroep, trekker, rol, expected):
    client = client_for(trekker if rol == "trekker" else personas[rol])

    def meer_leden(n):
        for lidmaatschap in LidmaatschapFactory.create_batch(n, werkgroep=werkgroep):
            AanmeldingFactory(werkgroep=werkgroep, gebruiker__organisatie=lidmaatschap.gebruiker.organisatie)

    assert_queries_stable(client, werkgroep.get_absolute_url(), expected=expected, grow=meer_leden)


# Requests to judge (count and page, when there are any), own requests, "leads a werkgroep" (not for a beheerder).
@pytest.mark.parametrize(("rol", "expected"), [("on_eigen", 4), ("trekker", 5), ("beheerder", 5)])
def test_requests_page_query_count(personas, werkgroep, trekker, rol, expected):
    user = trekker if rol == "trekker" else personas[rol]

    def meer_aanmeldingen(n):
        AanmeldingFactory.create_batch(n, werkgroep=werkgroep)
        AanmeldingFactory.create_batch(n, gebruiker=user)

    assert_queries_stable(client_for(user), "/werkgroepen/aanmeldingen/", expected=expected, grow=meer_aanmeldingen)


# --- Demo ------------------------------------------------------------------------------------------------------------


def test_demo_werkgroepen(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    eerste = (Aanmelding.objects.count(), Lidmaatschap.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Aanmelding.objects.count(), Lidmaatschap.objects.count()) == eerste

    for werkgroep in Werkgroep.objects.filter(gesloten_op__isnull=True):
        assert werkgroep.lidmaatschappen.filter(rol="trekker", tot__isnull=True).exists(), werkgroep
    open_aanmeldingen = Aanmelding.objects.filter(status="aangevraagd")
    assert open_aanmeldingen.count() >= 3
    demo_trekkers = ["projectleider@dordrecht.example", "uitvoerder@merwedijk.example"]
    assert open_aanmeldingen.filter(
        werkgroep__lidmaatschappen__gebruiker__email__in=demo_trekkers,
        werkgroep__lidmaatschappen__rol="trekker",
        werkgroep__lidmaatschappen__tot__isnull=True,
    ).exists()
    for aanmelding in open_aanmeldingen:  # nobody asks to join a werkgroep they are in
        assert not aanmelding.werkgroep.lidmaatschappen.filter(gebruiker=aanmelding.gebruiker, tot__isnull=True)
