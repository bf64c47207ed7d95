"""The kandidatenpool: offering one of your own candidates (by code and category only), showing interest (the offering
contractor is mailed), closing an offer as geplaatst or ingetrokken; bad input refused with nothing saved; who sees
what (another contractor's closed offer: 404); pinned query counts."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from sroi.models import Poolaanbod, Poolinteresse
from sroi.services.pool import pool_aanbieden, pool_interesse_tonen, pool_status_wijzigen
from tests.conftest import client_for
from tests.factories import (
    InzetregelFactory,
    KandidaatFactory,
    OrganisatieFactory,
    PoolaanbodFactory,
    UserFactory,
    VerplichtingFactory,
    WaardetabelFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate
POOL = reverse("sroi:pool")
AANBIEDEN = reverse("sroi:pool_aanbieden")


def aanbod_url(aanbod, actie=""):
    return reverse(f"sroi:pool_{actie}" if actie else "sroi:pool_aanbod", args=[aanbod.pk])


@pytest.fixture
def kandidaat(org_eigen):
    """A candidate of on_eigen's company whose latest line is BBL level 1-2 (an older one was Participatiewet)."""
    verplichting = VerplichtingFactory(opdrachtnemer=org_eigen)
    kandidaat = KandidaatFactory(opdrachtnemer=org_eigen, code="BBL-0042")
    InzetregelFactory(verplichting=verplichting, kandidaat=kandidaat)
    InzetregelFactory(
        verplichting=verplichting,
        kandidaat=kandidaat,
        bouwblok=verplichting.waardetabel.bouwblokken.get(code="bbl-2"),
        start=verplichting.looptijd_start + datetime.timedelta(days=40),
        eind=verplichting.looptijd_start + datetime.timedelta(days=80),
    )
    return kandidaat


@pytest.fixture
def aanbod(org_eigen):
    return PoolaanbodFactory(kandidaat__opdrachtnemer=org_eigen, kandidaat__code="MWD-0007")


def pagina(user, url) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()


# --- Aanbieden -------------------------------------------------------------------------------------------------------


def test_a_contractor_offers_its_candidate_with_the_category_of_its_latest_line(personas, kandidaat):
    response = client_for(personas["on_eigen"]).post(
        AANBIEDEN,
        {"kandidaat": kandidaat.pk, "beschikbaar_vanaf": VANDAAG().isoformat(), "toelichting": "Grondwerk, VCA."},
    )
    aanbod = Poolaanbod.objects.get()
    assert response.status_code == 302 and response["Location"] == aanbod_url(aanbod)
    assert (aanbod.kandidaat, aanbod.bouwblok_code, aanbod.categorie) == (
        kandidaat,
        "bbl-2",
        "BBL-leerling niveau 1-2",
    )
    assert aanbod.status == Poolaanbod.Status.OPEN and aanbod.toelichting == "Grondwerk, VCA."
    event = AuditEvent.objects.get(actie="sroi.pool_aangeboden")
    assert event.na["kandidaat"] == "BBL-0042" and "Grondwerk" not in str(event.na)  # no free text in the audit log


def test_a_chosen_category_wins_over_the_latest_line(personas, kandidaat):
    aanbod = pool_aanbieden(
        kandidaat=kandidaat, bouwblok_code="ww", beschikbaar_vanaf=VANDAAG(), door=personas["on_eigen"]
    )
    assert (aanbod.bouwblok_code, aanbod.categorie) == ("ww", "WW")


def test_the_form_offers_only_own_candidates_not_in_the_pool_yet(personas, kandidaat, org_ander):
    KandidaatFactory(opdrachtnemer=org_ander, code="ANDER-001")
    PoolaanbodFactory(kandidaat__opdrachtnemer=personas["on_eigen"].organisatie, kandidaat__code="AL-IN-POOL-1")
    KandidaatFactory(opdrachtnemer=personas["on_eigen"].organisatie, code="anoniem-9", geanonimiseerd=True)
    html = pagina(personas["on_eigen"], AANBIEDEN)
    assert "BBL-0042" in html
    assert "ANDER-001" not in html and "AL-IN-POOL-1" not in html and "anoniem-9" not in html


def test_offering_another_contractors_candidate_is_404_and_saves_nothing(personas, org_ander):
    ander = KandidaatFactory(opdrachtnemer=org_ander)
    client = client_for(personas["on_eigen"])
    assert client.get(AANBIEDEN, {"kandidaat": ander.pk}).status_code == 404
    response = client.post(AANBIEDEN, {"kandidaat": ander.pk, "beschikbaar_vanaf": VANDAAG().isoformat()})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        pool_aanbieden(kandidaat=ander, beschikbaar_vanaf=VANDAAG(), door=personas["on_eigen"])
    assert not Poolaanbod.objects.exists()


@pytest.mark.parametrize(
    ("toelichting", "fout"),
    [
        ("Bel j.jansen@example.nl voor meer info", "e-mailadres"),
        ("BSN 111222333, BBL 2", "BSN"),
        ("Mobiel 06-12345678", "telefoonnummer"),
        ("Geboren 14-03-1990, grondwerker", "geboortedatum"),
        ("<script>alert(1)</script>", "script"),
        ("x" * 301, "hooguit 300"),
    ],
)
def test_personal_data_in_the_toelichting_is_refused_and_nothing_saved(personas, kandidaat, toelichting, fout):
    response = client_for(personas["on_eigen"]).post(
        AANBIEDEN, {"kandidaat": kandidaat.pk, "beschikbaar_vanaf": VANDAAG().isoformat(), "toelichting": toelichting}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het aanbod is niet opgeslagen" in html and fout in html
    assert not Poolaanbod.objects.exists()


def test_other_bad_input_gets_a_dutch_message(personas, kandidaat):
    door = personas["on_eigen"]
    zonder_regels = KandidaatFactory(opdrachtnemer=door.organisatie, code="NIEUW-01")
    with pytest.raises(ValidationError) as fout:
        pool_aanbieden(kandidaat=zonder_regels, beschikbaar_vanaf=VANDAAG(), door=door)
    assert "kies de doelgroep zelf" in str(fout.value)
    with pytest.raises(ValidationError) as fout:
        pool_aanbieden(kandidaat=kandidaat, bouwblok_code="bonus-55", beschikbaar_vanaf=VANDAAG(), door=door)
    assert "Kies een doelgroep" in str(fout.value)
    with pytest.raises(ValidationError) as fout:
        pool_aanbieden(kandidaat=kandidaat, beschikbaar_vanaf=VANDAAG() + datetime.timedelta(days=400), door=door)
    assert "hooguit een jaar vooruit" in str(fout.value)
    pool_aanbieden(kandidaat=kandidaat, beschikbaar_vanaf=VANDAAG(), door=door)
    with pytest.raises(ValidationError) as fout:
        pool_aanbieden(kandidaat=kandidaat, beschikbaar_vanaf=VANDAAG(), door=door)
    assert "staat al in de pool" in str(fout.value)
    assert Poolaanbod.objects.count() == 1


def test_only_contractors_offer(personas, kandidaat):
    for rol in ("gemeente", "stuurgroep", "beheerder"):
        assert client_for(personas[rol]).get(AANBIEDEN).status_code == 403


# --- De pool ---------------------------------------------------------------------------------------------------------


def test_the_pool_shows_open_offers_by_code_and_category_only(personas, aanbod, org_ander):
    gesloten = PoolaanbodFactory(kandidaat__opdrachtnemer=org_ander, kandidaat__code="WEG-0001", status="ingetrokken")
    for rol in ("on_ander", "gemeente", "beheerder"):
        html = pagina(personas[rol], POOL)
        assert "MWD-0007" in html and "Participatiewet" in html and "BBL niveau 2 grondwerk" in html
        assert personas["on_eigen"].organisatie.naam in html
    html = pagina(personas["on_ander"], POOL)
    assert "WEG-0001" in html  # their own closed offer, under "Aanbod van uw organisatie"
    assert "WEG-0001" not in pagina(personas["gemeente"], POOL)
    assert gesloten.kandidaat.code not in pagina(personas["on_eigen"], POOL)


def test_the_pool_filters_by_category_and_says_when_it_is_empty(personas, aanbod):
    PoolaanbodFactory(bouwblok_code="ww", categorie="WW", kandidaat__code="WW-0001")
    html = pagina(personas["gemeente"], POOL + "?categorie=ww")
    assert "WW-0001" in html and "MWD-0007" not in html
    aanbod.delete()
    Poolaanbod.objects.all().delete()
    html = pagina(personas["gemeente"], POOL)
    assert "Er staan nu geen kandidaten in de pool" in html
    assert "Bied de kandidaat aan" in pagina(personas["on_eigen"], POOL)


def test_the_pool_pages_through_many_offers(personas):
    PoolaanbodFactory.create_batch(30)
    assert "Pagina 1 van 2" in pagina(personas["gemeente"], POOL)
    assert "Pagina 2 van 2" in pagina(personas["gemeente"], POOL + "?pagina=2")


def test_pool_queries_do_not_grow_with_the_offers(personas, org_eigen):
    def grow(n):
        for _ in range(n):
            PoolaanbodFactory()
            PoolaanbodFactory(kandidaat__opdrachtnemer=org_eigen)

    assert_queries_stable(client_for(personas["on_eigen"]), POOL, expected=5, grow=grow)


# --- Interesse en status ---------------------------------------------------------------------------------------------


def test_another_contractor_shows_interest_and_the_offering_company_is_mailed(
    personas, aanbod, django_capture_on_commit_callbacks
):
    collega = UserFactory(organisatie=personas["on_eigen"].organisatie, email="collega@bedrijf.test")
    UserFactory(organisatie=personas["on_eigen"].organisatie, email="weg@bedrijf.test", status="geblokkeerd")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas["on_ander"]).post(
            aanbod_url(aanbod, "interesse"), {"bericht": "Voor ons project Kade Zwijndrecht vanaf september."}
        )
    assert response.status_code == 302
    interesse = Poolinteresse.objects.get()
    assert interesse.organisatie == personas["on_ander"].organisatie and interesse.door == personas["on_ander"]
    [bericht] = mail.outbox
    assert set(bericht.bcc) == {personas["on_eigen"].email, collega.email}
    assert "MWD-0007" in bericht.subject and personas["on_ander"].organisatie.naam in bericht.body
    assert "Kade Zwijndrecht" in bericht.body and aanbod_url(aanbod) in bericht.body
    # The offering company sees who; the interested one sees that it did, not the others.
    html = pagina(personas["on_eigen"], aanbod_url(aanbod))
    assert personas["on_ander"].organisatie.naam in html and "Kade Zwijndrecht" in html
    html = pagina(personas["on_ander"], aanbod_url(aanbod))
    assert "Uw organisatie toonde interesse" in html and 'name="bericht"' not in html


def test_interest_is_refused_in_your_own_offer_twice_or_when_closed(personas, aanbod):
    assert client_for(personas["gemeente"]).post(aanbod_url(aanbod, "interesse")).status_code == 403
    with pytest.raises(ValidationError, match="eigen organisatie"):
        pool_interesse_tonen(aanbod=aanbod, door=personas["on_eigen"])
    response = client_for(personas["on_eigen"]).post(aanbod_url(aanbod, "interesse"), follow=True)
    assert "eigen organisatie" in response.content.decode()
    pool_interesse_tonen(aanbod=aanbod, door=personas["on_ander"])
    with pytest.raises(ValidationError, match="al interesse getoond"):
        pool_interesse_tonen(aanbod=aanbod, door=UserFactory(organisatie=personas["on_ander"].organisatie))
    with pytest.raises(ValidationError, match="persoonsgegevens"):
        pool_interesse_tonen(aanbod=aanbod, door=UserFactory(), bericht="Mail naar a.b@c.nl")
    pool_status_wijzigen(aanbod=aanbod, status="ingetrokken", door=personas["on_eigen"])
    with pytest.raises(ValidationError, match="niet meer beschikbaar"):
        pool_interesse_tonen(aanbod=aanbod, door=UserFactory())
    assert Poolinteresse.objects.count() == 1


def test_the_offering_company_marks_geplaatst_at_an_interested_organisation(personas, aanbod):
    derde = UserFactory(organisatie=OrganisatieFactory(naam="Derde Bouw B.V."))
    client = client_for(personas["on_eigen"])
    # No interest yet: geplaatst cannot be chosen, nothing changes.
    response = client.post(aanbod_url(aanbod, "status"), {"status": "geplaatst"})
    assert response.status_code == 200 and "De status is niet opgeslagen" in response.content.decode()
    pool_interesse_tonen(aanbod=aanbod, door=personas["on_ander"])
    with pytest.raises(ValidationError, match="interesse toonden"):
        pool_status_wijzigen(
            aanbod=aanbod, status="geplaatst", geplaatst_bij=derde.organisatie, door=personas["on_eigen"]
        )
    assert (
        client_for(personas["on_ander"]).post(aanbod_url(aanbod, "status"), {"status": "ingetrokken"}).status_code
        == 403
    )
    response = client.post(
        aanbod_url(aanbod, "status"), {"status": "geplaatst", "geplaatst_bij": personas["on_ander"].organisatie.pk}
    )
    assert response.status_code == 302
    aanbod.refresh_from_db()
    assert aanbod.status == "geplaatst" and aanbod.geplaatst_bij == personas["on_ander"].organisatie
    assert (
        AuditEvent.objects.get(actie="sroi.pool_status").na["geplaatst_bij"] == personas["on_ander"].organisatie.naam
    )
    # Closed: gone from the pool; involved organisations still open it, anyone else gets 404.
    assert "MWD-0007" not in pagina(personas["gemeente"], POOL)
    assert "Geplaatst bij" in pagina(personas["on_ander"], aanbod_url(aanbod))
    assert client_for(derde).get(aanbod_url(aanbod)).status_code == 404
    assert client_for(derde).post(aanbod_url(aanbod, "interesse")).status_code == 404
    assert client_for(personas["gemeente"]).get(aanbod_url(aanbod)).status_code == 404
    assert client_for(personas["beheerder"]).get(aanbod_url(aanbod)).status_code == 200
    with pytest.raises(ValidationError, match="al geplaatst"):
        pool_status_wijzigen(aanbod=aanbod, status="ingetrokken", door=personas["on_eigen"])


def test_another_contractors_withdrawn_offer_is_404(personas, org_eigen):
    ingetrokken = PoolaanbodFactory(kandidaat__opdrachtnemer=org_eigen, status="ingetrokken")
    assert client_for(personas["on_ander"]).get(aanbod_url(ingetrokken)).status_code == 404
    assert client_for(personas["on_ander"]).post(aanbod_url(ingetrokken, "status")).status_code == 404
    assert client_for(personas["on_eigen"]).get(aanbod_url(ingetrokken)).status_code == 200


def test_aanbod_page_queries_do_not_grow_with_the_interest(personas, aanbod):
    def grow(n):
        for _ in range(n):
            Poolinteresse.objects.create(aanbod=aanbod, organisatie=OrganisatieFactory(), door=UserFactory())

    assert_queries_stable(client_for(personas["on_eigen"]), aanbod_url(aanbod), expected=4, grow=grow)
    assert_queries_stable(client_for(personas["on_ander"]), aanbod_url(aanbod), expected=3, grow=grow)


def test_a_table_without_the_category_is_no_problem_for_offers_by_code(personas, kandidaat):
    # Categories come from every vastgestelde table; a concept table's categories are not offered.
    tabel = WaardetabelFactory(status="concept", bouwblokken=False)
    tabel.bouwblokken.create(code="alleen-concept", naam="Alleen in concept", soort="categorie", waarde=1)
    with pytest.raises(ValidationError):
        pool_aanbieden(
            kandidaat=kandidaat, bouwblok_code="alleen-concept", beschikbaar_vanaf=VANDAAG(), door=personas["on_eigen"]
        )
    assert "alleen-concept" not in pagina(personas["on_eigen"], AANBIEDEN)
