"""The pages after the reveal: the round page's perspectives, agenda and replies; the forms of the bespreking, an
afspraak, a reply, a bezwaar with its panel and decision and an addendum; the afspraken and bezwaren lists. Content,
refusals as messages with nothing changed, another organisation's objects as 404, and pinned query counts."""

from django.urls import reverse
from django.utils import timezone

import pytest

from pastperformance.models import Afspraak, Beoordelingsronde, Bespreking, Bezwaar, Reactie
from tests.conftest import client_for
from tests.factories import (
    AfspraakFactory,
    BezwaarFactory,
    OrganisatieFactory,
    UserFactory,
    definitieve_ronde,
    onthulde_ronde,
)
from tests.pastperformance.hulp_bespreking import DAG, OG_ON, ON_OG, beoordeling, bespreek, plan_voor, reageer
from tests.querycount import assert_queries_stable
from werkgroepen.models import Kennisitem

pytestmark = pytest.mark.django_db
VANDAAG = timezone.localdate


@pytest.fixture
def plan(personas):
    return plan_voor(personas)


@pytest.fixture
def ronde(plan):
    return onthulde_ronde({OG_ON: (4, 8), ON_OG: (7,)}, plan=plan, volgnummer=2)


@pytest.fixture
def definitief(plan):
    return definitieve_ronde(plan=plan, volgnummer=3)


def url(naam, *args):
    return reverse(f"pastperformance:{naam}", args=args)


def berichten(response) -> list[str]:
    return [str(bericht) for bericht in response.context["messages"]] if response.context else []


def volg(client, response):
    """Follow a redirect and return the page it leads to."""
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


# --- The round page ---------------------------------------------------------------------------------------------------


def test_the_round_page_shows_perspectives_agenda_and_replies(personas, plan, ronde):
    reageer(ronde, OG_ON, personas["on_eigen"], eens=False)
    AfspraakFactory(ronde=onthulde_ronde(plan=plan, volgnummer=1), omschrijving="Revisie per week bijwerken")
    html = client_for(personas["gemeente"]).get(ronde.get_absolute_url()).content.decode()

    assert "Vier perspectieven" in html
    assert f"Prestatie van {plan.opdrachtnemer.naam} als opdrachtnemer" in html
    assert f"Oordeel van {plan.project.gemeente.naam}" in html
    assert "<strong>4</strong> – Onvoldoende: duidelijk onder verwachting" in html
    assert '<td class="text-end text-nowrap">-3</td>' in html  # 4 from the gemeente, 7 from itself
    assert "Agenda van de bespreking" in html and "verschil van 3 punten; score 4: onvoldoende" in html
    assert "Afspraak: Revisie per week bijwerken" in html
    assert "<strong>Oneens</strong> met de beoordeling" in html and "Herkenbaar." in html
    assert url("bespreking", ronde.pk) in html and url("afspraak_nieuw", ronde.pk) in html
    assert url("reactie", beoordeling(ronde, ON_OG).pk) in html  # the gemeente replies to the contractor's rating
    assert url("reactie", beoordeling(ronde, OG_ON).pk) not in html
    assert 'name="soort" value="pp_ronde"' in html  # the round report
    for naam in [personas["gemeente"].naam, personas["on_eigen"].naam]:  # organisations, never the raters
        assert naam not in html[html.index("Vier perspectieven") :]


def test_the_round_page_query_count_stays_put(personas, plan, ronde):
    eerdere = onthulde_ronde(plan=plan, volgnummer=1)
    bespreking = bespreek(ronde, personas["gemeente"])

    def groei(n):
        for _ in range(n):
            AfspraakFactory(ronde=eerdere, eigenaar=personas["on_eigen"])
            AfspraakFactory(ronde=ronde, eigenaar_organisatie=plan.project.gemeente)
            bespreking.aanwezigen.add(UserFactory(organisatie=plan.opdrachtnemer))

    assert_queries_stable(client_for(personas["on_eigen"]), ronde.get_absolute_url(), expected=12, grow=groei)


# --- Bespreking -------------------------------------------------------------------------------------------------------


def test_recording_the_bespreking(personas, plan, ronde):
    client = client_for(personas["on_eigen"])
    afspraak = AfspraakFactory(ronde=onthulde_ronde(plan=plan, volgnummer=1))
    pagina = client.get(url("bespreking", ronde.pk))
    html = pagina.content.decode()
    assert "Bespreking van de tussentijdse ronde" in html and "Lessen voor de kring" not in html
    assert afspraak.omschrijving in html and "verschil van 3 punten" in html  # re-check and agenda beside the form

    response = client.post(
        url("bespreking", ronde.pk),
        {
            "datum": VANDAAG().isoformat(),
            "aanwezigen": [personas["gemeente"].pk, personas["on_eigen"].pk],
            "samenvatting": "Planning besproken.",
            f"status_{afspraak.pk}": "nagekomen",
            f"toelichting_{afspraak.pk}": "",
        },
    )
    assert berichten(volg(client, response)) == ["De bespreking is vastgelegd."]
    assert Beoordelingsronde.objects.get(pk=ronde.pk).status == "besproken"
    afspraak.refresh_from_db()
    assert (afspraak.status, afspraak.gecontroleerd_in_id) == ("nagekomen", ronde.pk)


def test_a_wrong_bespreking_comes_back_with_its_errors(personas, ronde):
    response = client_for(personas["gemeente"]).post(
        url("bespreking", ronde.pk),
        {"datum": (VANDAAG() + DAG).isoformat(), "aanwezigen": [personas["gemeente"].pk], "samenvatting": "x"},
    )
    assert response.status_code == 200
    assert "De bespreking is niet opgeslagen" in response.content.decode()
    assert "toekomst" in response.content.decode()
    assert not Bespreking.objects.exists()


def test_the_bespreking_page_query_count_stays_put(personas, plan, ronde):
    eerdere = onthulde_ronde(plan=plan, volgnummer=1)
    assert_queries_stable(
        client_for(personas["gemeente"]),
        url("bespreking", ronde.pk),
        expected=11,
        grow=lambda n: [AfspraakFactory(ronde=eerdere) for _ in range(n)],
    )


def test_no_bespreking_page_after_definitief(personas, definitief):
    client = client_for(personas["gemeente"])
    pagina = volg(client, client.get(url("bespreking", definitief.pk)))
    assert berichten(pagina) == ["Deze ronde is definitief; een correctie kan alleen als addendum."]


# --- Afspraken --------------------------------------------------------------------------------------------------------


def test_a_proposed_afspraak_fills_the_form(personas, ronde):
    client = client_for(personas["gemeente"])
    score = beoordeling(ronde, OG_ON).scores.get(waarde=4, criterium__code="planmatig-werken")
    html = client.get(url("afspraak_nieuw", ronde.pk) + f"?voorstel={score.pk}").content.decode()
    assert "Elke twee weken samen de planning doornemen.</textarea>" in html
    assert '<option value="planmatig-werken" selected>' in html

    response = client.post(
        url("afspraak_nieuw", ronde.pk),
        {
            "omschrijving": "Elke twee weken samen de planning doornemen.",
            "criterium_code": "planmatig-werken",
            "eigenaar_organisatie": ronde.plan.opdrachtnemer.pk,
            "eigenaar": personas["on_eigen"].pk,
            "deadline": (VANDAAG() + 30 * DAG).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Afspraak.objects.get().eigenaar == personas["on_eigen"]


def test_a_wrong_afspraak_comes_back_with_its_errors(personas, ronde):
    response = client_for(personas["gemeente"]).post(
        url("afspraak_nieuw", ronde.pk),
        {"omschrijving": "x", "eigenaar_organisatie": ronde.plan.opdrachtnemer.pk, "deadline": VANDAAG().isoformat()},
    )
    assert response.status_code == 200 and "Kies een datum na vandaag" in response.content.decode()
    assert not Afspraak.objects.exists()


def test_the_afspraak_form_query_count_stays_put(personas, plan, ronde):
    assert_queries_stable(
        client_for(personas["gemeente"]),
        url("afspraak_nieuw", ronde.pk),
        expected=13,
        grow=lambda n: [UserFactory(organisatie=plan.opdrachtnemer) for _ in range(n)],
    )


def test_my_organisations_afspraken_open_first_with_overdue_marked(personas, plan, ronde):
    AfspraakFactory(ronde=ronde, omschrijving="Nagekomen afspraak", status="nagekomen")
    AfspraakFactory(ronde=ronde, omschrijving="Verlopen afspraak", deadline=VANDAAG() - DAG)
    AfspraakFactory(ronde=ronde, omschrijving="Lopende afspraak")
    AfspraakFactory(ronde=ronde, omschrijving="Van de gemeente", eigenaar_organisatie=plan.project.gemeente)
    AfspraakFactory(omschrijving="Van een ander bedrijf")
    client = client_for(personas["on_eigen"])

    html = client.get(url("afspraken")).content.decode()
    assert html.index("Verlopen afspraak") < html.index("Lopende afspraak") < html.index("Nagekomen afspraak")
    assert "Van de gemeente" not in html and "Van een ander bedrijf" not in html
    assert html.count("(termijn verstreken)") == 1
    gefilterd = client.get(url("afspraken") + "?te_laat=on").content.decode()
    assert "Verlopen afspraak" in gefilterd and "Lopende afspraak" not in gefilterd
    assert "Van een ander bedrijf" not in client_for(personas["on_ander"]).get(url("afspraken")).content.decode()


def test_the_afspraken_list_query_count_stays_put(personas, ronde):
    assert_queries_stable(
        client_for(personas["on_eigen"]),
        url("afspraken"),
        expected=3,
        grow=lambda n: [AfspraakFactory(ronde=ronde, eigenaar=personas["on_eigen"]) for _ in range(n)],
    )


def test_following_an_afspraak_up_after_definitief(personas, definitief):
    afspraak = AfspraakFactory(ronde=definitief)
    client = client_for(personas["on_eigen"])
    assert client.get(url("afspraak_status", afspraak.pk) + "?terug=afspraken").status_code == 200
    response = client.post(
        url("afspraak_status", afspraak.pk), {"status": "vervallen", "toelichting": "", "terug": "afspraken"}
    )
    assert response.status_code == 200 and "Licht toe" in response.content.decode()
    response = client.post(
        url("afspraak_status", afspraak.pk), {"status": "nagekomen", "toelichting": "", "terug": "afspraken"}
    )
    assert response["Location"] == url("afspraken")
    afspraak.refresh_from_db()
    assert afspraak.status == "nagekomen"


def test_the_afspraak_status_page_query_count_stays_put(personas, ronde):
    afspraak = AfspraakFactory(ronde=ronde)
    assert_queries_stable(
        client_for(personas["on_eigen"]),
        url("afspraak_status", afspraak.pk),
        expected=2,
        grow=lambda n: [AfspraakFactory(ronde=ronde) for _ in range(n)],
    )


# --- Reactie, reactietermijn en definitief ----------------------------------------------------------------------------


def test_replying_to_a_rating(personas, ronde):
    client = client_for(personas["on_eigen"])
    html = client.get(url("reactie", beoordeling(ronde, OG_ON).pk)).content.decode()
    assert f"Reageren op de beoordeling door {ronde.plan.project.gemeente.naam}" in html
    assert "Planmatig werken" in html
    response = client.post(
        url("reactie", beoordeling(ronde, OG_ON).pk),
        {"eens": "nee", "tekst": "De vergunning kwam te laat.", "gesprek_gewenst": "on"},
    )
    assert berichten(volg(client, response)) == ["Uw reactie staat nu naast de beoordeling."]
    reactie = Reactie.objects.get()
    assert (reactie.eens, reactie.gesprek_gewenst) == (False, True)


def test_a_reply_after_the_window_is_refused_with_a_message(personas, ronde):
    ronde.reactie_tot = VANDAAG() - DAG
    ronde.save()
    client = client_for(personas["on_eigen"])
    response = client.post(url("reactie", beoordeling(ronde, OG_ON).pk), {"eens": "ja", "tekst": "Te laat."})
    assert berichten(volg(client, response)) == [f"De reactietermijn is verlopen op {ronde.reactie_tot:%d-%m-%Y}."]
    assert not Reactie.objects.exists()


def test_the_reply_page_query_count_stays_put(personas, ronde):
    assert_queries_stable(
        client_for(personas["on_eigen"]),
        url("reactie", beoordeling(ronde, OG_ON).pk),
        expected=6,
        grow=lambda n: [AfspraakFactory(ronde=ronde) for _ in range(n)],
    )


def test_another_contractor_finds_no_rating_to_reply_to(personas, ronde):
    assert client_for(personas["on_ander"]).get(url("reactie", beoordeling(ronde, OG_ON).pk)).status_code == 404


def test_extending_the_window_and_making_the_round_definitief(personas, ronde):
    client = client_for(personas["gemeente"])
    tot = ronde.reactie_tot
    assert "loopt nu tot en met" in berichten(volg(client, client.post(url("reactie_verlengen", ronde.pk))))[0]
    bespreek(ronde, personas["gemeente"])
    reageer(ronde, OG_ON, personas["on_eigen"])
    reageer(ronde, ON_OG, personas["gemeente"])
    assert client_for(personas["on_eigen"]).post(url("ronde_definitief", ronde.pk)).status_code == 403
    pagina = volg(client, client.post(url("ronde_definitief", ronde.pk)))
    assert berichten(pagina) == ["De ronde is definitief. Correcties kunnen vanaf nu alleen als addendum."]
    ronde.refresh_from_db()
    assert ronde.status == "definitief" and ronde.reactie_tot > tot


# --- Bezwaren ---------------------------------------------------------------------------------------------------------


def test_filing_a_bezwaar(personas, ronde, definitief):
    client = client_for(personas["on_eigen"])
    te_vroeg = volg(client, client.get(url("bezwaar_nieuw", beoordeling(ronde, OG_ON).pk)))
    assert berichten(te_vroeg)[0].startswith("Bezwaar kan pas als de ronde definitief is")
    assert (
        client_for(personas["gemeente"]).get(url("bezwaar_nieuw", beoordeling(definitief, OG_ON).pk)).status_code
        == 403
    )

    response = client.post(url("bezwaar_nieuw", beoordeling(definitief, OG_ON).pk), {"gronden": "Onterecht laag."})
    bezwaar = Bezwaar.objects.get()
    assert response["Location"] == url("bezwaar", bezwaar.pk)
    assert "Onterecht laag." in client.get(response["Location"]).content.decode()


def test_the_bezwaar_pages_for_beheerder_panel_and_parties(personas, definitief):
    bezwaar = BezwaarFactory(beoordeling=beoordeling(definitief, OG_ON), ingediend_door=personas["on_eigen"])
    beheerder = client_for(personas["beheerder"])
    assert "Nog niet samengesteld" in beheerder.get(url("bezwaren")).content.decode()
    assert url("bezwaar_panel", bezwaar.pk) in beheerder.get(url("bezwaar", bezwaar.pk)).content.decode()

    manager = UserFactory(naam="Manager Elders", organisatie=OrganisatieFactory(gemeente=True))
    kringlid = UserFactory(naam="Kringlid Elders", organisatie=OrganisatieFactory())
    panelpagina = beheerder.get(url("bezwaar_panel", bezwaar.pk)).content.decode()
    assert "Manager Elders" in panelpagina and personas["gemeente"].naam not in panelpagina  # the rater is involved
    response = beheerder.post(
        url("bezwaar_panel", bezwaar.pk), {"panel_gemeente": manager.pk, "panel_kring": kringlid.pk}
    )
    assert response["Location"] == url("bezwaar", bezwaar.pk)

    panel = client_for(kringlid)
    assert "Van " + personas["on_eigen"].organisatie.naam in panel.get(url("bezwaren")).content.decode()
    pagina = panel.get(url("bezwaar", bezwaar.pk)).content.decode()
    assert url("bezwaar_besluit", bezwaar.pk) in pagina and "Planmatig werken" in pagina  # the rating judged
    assert panel.get(definitief.get_absolute_url()).status_code == 200  # that round only
    response = panel.post(url("bezwaar_besluit", bezwaar.pk), {"besluit": "deels", "tekst": "Deels terecht."})
    assert response["Location"] == url("bezwaar", bezwaar.pk)
    html = client_for(personas["gemeente"]).get(url("bezwaar", bezwaar.pk)).content.decode()
    assert "Deels gegrond: addendum, telt mee" in html and "Deels terecht." in html
    assert (
        "Besluit van het bezwaarpanel"
        in client_for(personas["on_eigen"]).get(definitief.get_absolute_url()).content.decode()
    )
    assert client_for(personas["on_ander"]).get(url("bezwaar", bezwaar.pk)).status_code == 404
    assert "Van " not in client_for(personas["on_ander"]).get(url("bezwaren")).content.decode().split("<h1>")[1]


def test_the_bezwaren_list_query_count_stays_put(personas, plan):
    def groei(n):
        for _ in range(n):
            ronde = definitieve_ronde(plan=plan)
            BezwaarFactory(
                beoordeling=beoordeling(ronde, OG_ON), panel_gemeente=UserFactory(), panel_kring=UserFactory()
            )

    assert_queries_stable(client_for(personas["beheerder"]), url("bezwaren"), expected=4, grow=groei, base=2)


def test_the_bezwaar_page_query_count_stays_put(personas, definitief):
    bezwaar = BezwaarFactory(beoordeling=beoordeling(definitief, OG_ON))
    reageer(definitief, OG_ON, personas["on_eigen"])
    assert_queries_stable(
        client_for(personas["gemeente"]),
        url("bezwaar", bezwaar.pk),
        expected=7,
        grow=lambda n: [AfspraakFactory(ronde=definitief) for _ in range(n)],
    )


def test_the_panel_form_query_count_stays_put(personas, definitief):
    bezwaar = BezwaarFactory(beoordeling=beoordeling(definitief, OG_ON))
    assert_queries_stable(
        client_for(personas["beheerder"]),
        url("bezwaar_panel", bezwaar.pk),
        expected=13,
        grow=lambda n: [UserFactory(organisatie=OrganisatieFactory(gemeente=True)) for _ in range(n)],
    )


# --- Addendum en lessen -----------------------------------------------------------------------------------------------


def test_adding_an_addendum(personas, ronde, definitief):
    client = client_for(personas["gemeente"])
    assert "definitieve ronde" in berichten(volg(client, client.get(url("addendum_nieuw", ronde.pk))))[0]
    html = client.get(url("addendum_nieuw", definitief.pk)).content.decode()
    assert "Opdrachtgever over opdrachtnemer" in html and "De ronde als geheel" not in html
    response = client.post(
        url("addendum_nieuw", definitief.pk), {"beoordeling": beoordeling(definitief, OG_ON).pk, "tekst": "Lees 6."}
    )
    assert response.status_code == 302
    assert "Lees 6." in client.get(definitief.get_absolute_url()).content.decode()
    assert (
        "De ronde als geheel"
        in client_for(personas["beheerder"]).get(url("addendum_nieuw", definitief.pk)).content.decode()
    )


def test_the_addendum_form_query_count_stays_put(personas, definitief):
    assert_queries_stable(
        client_for(personas["gemeente"]),
        url("addendum_nieuw", definitief.pk),
        expected=4,
        grow=lambda n: [AfspraakFactory(ronde=definitief) for _ in range(n)],
    )


def test_publishing_the_lessons(personas, plan):
    eind = definitieve_ronde(plan=plan, soort="eind")
    eind.lessen = "Samen plannen scheelt herstelwerk."
    eind.save()
    client = client_for(personas["on_eigen"])
    assert url("lessen_publiceren", eind.pk) in client.get(eind.get_absolute_url()).content.decode()
    response = client.post(url("lessen_publiceren", eind.pk))
    kennisitem = Kennisitem.objects.get()
    assert response["Location"] == kennisitem.get_absolute_url()
    assert berichten(client.get(response["Location"]))[0].startswith("De lessen staan nu in de kennisbank")
    opnieuw = client.post(url("lessen_publiceren", eind.pk))
    assert opnieuw["Location"] == kennisitem.get_absolute_url()
    assert berichten(client.get(opnieuw["Location"])) == ["De lessen van deze ronde stonden al in de kennisbank."]
    assert Kennisitem.objects.count() == 1
