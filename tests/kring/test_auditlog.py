"""The audit log page for beheerders: newest first, filters, CSV export of what is filtered, pinned query counts."""

import csv
import datetime
import io

from django.utils import timezone

import pytest

from kring.models import AuditEvent
from tests.factories import WerkgroepFactory
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 10, 14, 0))


@pytest.fixture
def log(personas):
    """Four events from two people on two kinds of object, on different days and addresses."""
    AuditEvent.objects.all().delete()
    lid, beheerder = personas["on_eigen"], personas["beheerder"]
    werkgroep = WerkgroepFactory(naam="Duurzaamheid")

    def event(actie, actor, obj, dagen, ip, **extra):
        return AuditEvent.objects.create(
            actie=actie,
            actor=actor,
            actor_omschrijving=actor.email,
            object_type=_content_type(obj),
            object_id=str(obj.pk),
            object_omschrijving=str(obj),
            ip_adres=ip,
            tijdstip=MOMENT + datetime.timedelta(days=dagen),
            **extra,
        )

    return {
        "ingelogd": event("auth.ingelogd", lid, lid, 0, "192.0.2.10"),
        "geblokkeerd": event(
            "account.geblokkeerd",
            beheerder,
            lid,
            1,
            "198.51.100.7",
            voor={"status": "actief"},
            na={"status": "geblokkeerd", "reden": "Vertrokken"},
        ),
        "heractiveerd": event("account.heractiveerd", beheerder, lid, 2, "198.51.100.7"),
        "werkgroep": event("admin.werkgroep.gewijzigd", beheerder, werkgroep, 3, "198.51.100.8"),
    }


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj)


def gefilterd(clients, **params):
    response = clients["beheerder"].get("/beheer/auditlog/", params)
    assert response.status_code == 200
    return list(response.context["pagina"].object_list)


def test_newest_first_with_before_and_after(clients, log):
    assert gefilterd(clients) == [log["werkgroep"], log["heractiveerd"], log["geblokkeerd"], log["ingelogd"]]
    pagina = clients["beheerder"].get("/beheer/auditlog/").content.decode()
    assert "status=actief" in pagina and "reden=Vertrokken" in pagina


def test_filters(clients, log, personas):
    from django.contrib.contenttypes.models import ContentType

    from werkgroepen.models import Werkgroep

    assert gefilterd(clients, actie="account.geblokkeerd") == [log["geblokkeerd"]]
    assert gefilterd(clients, actie="account.") == [log["heractiveerd"], log["geblokkeerd"]]
    assert gefilterd(clients, door="opdrachtnemer eigen") == [log["ingelogd"]]  # on the name, any case
    assert gefilterd(clients, door="beheerder@kring") == [log["werkgroep"], log["heractiveerd"], log["geblokkeerd"]]
    werkgroep_type = ContentType.objects.get_for_model(Werkgroep)
    assert gefilterd(clients, object_type=werkgroep_type.pk) == [log["werkgroep"]]
    assert gefilterd(clients, van="2026-03-11", tot="2026-03-12") == [log["heractiveerd"], log["geblokkeerd"]]
    assert gefilterd(clients, ip="198.51.100.7") == [log["heractiveerd"], log["geblokkeerd"]]
    assert gefilterd(clients, ip="198.51.") == [log["werkgroep"], log["heractiveerd"], log["geblokkeerd"]]
    assert gefilterd(clients, actie="account.", ip="198.51.100.7", tot="2026-03-11") == [log["geblokkeerd"]]


def test_filter_choices_come_from_the_log(clients, log):
    form = clients["beheerder"].get("/beheer/auditlog/").context["filter"].form
    groepen, acties = form.fields["actie"].choices[1:]
    assert [waarde for waarde, _ in groepen[1]] == ["account.", "admin.", "auth."]
    assert [waarde for waarde, _ in acties[1]] == [
        "account.geblokkeerd",
        "account.heractiveerd",
        "admin.werkgroep.gewijzigd",
        "auth.ingelogd",
    ]
    assert [label for _, label in form.fields["object_type"].choices][1:] == ["Gebruiker", "Werkgroep"]


def test_bad_filter_input_is_explained_not_fatal(clients, log):
    response = clients["beheerder"].get("/beheer/auditlog/", {"van": "gisteren", "actie": "bestaat.niet"})
    assert response.status_code == 200
    fouten = response.context["filter"].form.errors
    assert "van" in fouten and "actie" in fouten
    assert "Voer een geldige datum in." in response.content.decode()


def test_csv_export_of_the_filtered_log(clients, log, personas):
    AuditEvent.objects.filter(pk=log["geblokkeerd"].pk).update(object_omschrijving='=HYPERLINK("http://x")')
    response = clients["beheerder"].get("/beheer/auditlog.csv", {"actie": "account."})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="auditlog-')
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Tijdstip", "Actie", "Door", "Soort object", "Object-id", "Object", "Voor", "Na", "IP-adres"]
    assert [rij[1] for rij in rijen[1:]] == ["account.heractiveerd", "account.geblokkeerd"]
    geblokkeerd = rijen[2]
    assert geblokkeerd[0] == "11-03-2026 14:00"
    assert geblokkeerd[5] == '\'=HYPERLINK("http://x")'  # neutralised: shown as text, never run as a formula
    assert geblokkeerd[6] == '{"status": "actief"}' and geblokkeerd[8] == "198.51.100.7"
    # Without filters: the whole log.
    alles = clients["beheerder"].get("/beheer/auditlog.csv").content.decode("utf-8-sig")
    assert len(alles.strip().splitlines()) == 1 + len(log)


def test_csv_with_a_wrong_filter_exports_nothing(clients, log):
    response = clients["beheerder"].get("/beheer/auditlog.csv", {"van": "gisteren", "actie": "account."})
    assert response.status_code == 302
    assert response["Location"] == "/beheer/auditlog/?van=gisteren&actie=account."


def meer_gebeurtenissen(personas):
    def grow(n):
        for i in range(n):
            AuditEvent.objects.create(
                actie=f"test.actie{i % 3}",
                actor=personas["on_eigen"],
                actor_omschrijving="on-eigen@bedrijf.test",
                object_type=_content_type(personas["on_eigen"]),
                object_id=str(personas["on_eigen"].pk),
                object_omschrijving="Opdrachtnemer Eigen",
                na={"veld": i},
            )

    return grow


@pytest.mark.parametrize(
    "url",
    [
        "/beheer/auditlog/",
        "/beheer/auditlog/?actie=test.&door=eigen&van=2020-01-01",
    ],
)
def test_query_counts(clients, personas, url):
    # The user, the second-factor check, the choices of actions and of object kinds, the count and the page.
    assert_queries_stable(clients["beheerder"], url, expected=6, grow=meer_gebeurtenissen(personas))


def test_query_count_with_object_type(clients, personas):
    # Filtering on a kind of object validates the choice: one query more.
    kind = _content_type(personas["on_eigen"]).pk
    assert_queries_stable(
        clients["beheerder"], f"/beheer/auditlog/?object_type={kind}", expected=7, grow=meer_gebeurtenissen(personas)
    )
