"""Indicators of the intentieovereenkomst (issue 8, outcome 3): each source computed on hand-made data, the stored value
winning over the live one, the services (who, what, audit), closing a quarter, the pages and the dashboard section
(value against target, chart with table, pinned queries)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from kring.dashboard import Periode
from kring.dashboard import indicatoren as sectie_indicatoren
from kring.indicatoren import (
    BEREKENINGEN,
    UITLEG,
    activiteiten_op_schema,
    bereken,
    indicator_waarde,
    klaagpaal_opgevolgd,
    metingen,
    pp_og_on,
    pp_on_og,
    pp_op_tijd,
    projecten_besproken,
    sroi_gerealiseerd,
)
from kring.models import AuditEvent, Indicator, Indicatorwaarde
from kring.services.indicatoren import (
    IndicatorGegevens,
    indicator_create,
    indicator_delete,
    indicator_update,
    indicatorwaarde_invullen,
    kwartaal_afsluiten,
)
from pastperformance.models import Beleid, Scoremaand
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus
from sroi.models import Verplichting
from tests.conftest import client_for
from tests.factories import (
    ActiviteitFactory,
    BeoordelingsrondeFactory,
    IndicatorFactory,
    ProjectFactory,
    SignaalFactory,
    ThemadoelFactory,
    VerplichtingFactory,
)
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

K1 = datetime.date(2025, 1, 1)
K2 = datetime.date(2025, 4, 1)
K3 = datetime.date(2025, 7, 1)
Bron = Indicator.Bron


def test_every_source_has_a_computation_and_an_explanation():
    assert set(BEREKENINGEN) == set(Bron.values) == set(UITLEG)


# --- The sources -----------------------------------------------------------------------------------------------------


def test_projecten_besproken():
    for besproken in [datetime.date(2024, 11, 1), datetime.date(2025, 3, 31), datetime.date(2025, 4, 2), None]:
        ProjectFactory(aanbesteding_kwartaal=K1, start_kwartaal=K3, besproken_in_kring_op=besproken)
    ProjectFactory(aanbesteding_kwartaal=K2, start_kwartaal=K3, besproken_in_kring_op=datetime.date(2025, 1, 5))
    # Two of four discussed by 31 March; the one discussed on 2 April came too late; K2: one of one; K3: none tendered.
    assert projecten_besproken([K1, K2, K3]) == {K1: Decimal("50.00"), K2: Decimal("100.00"), K3: None}
    assert bereken(Bron.PROJECTEN_BESPROKEN, K1) == Decimal("50.00")


def _scoremaand(maand, aantal, som, richting="og_on", **kwargs):
    return Scoremaand.objects.create(
        richting=richting,
        criterium_code=kwargs.pop("criterium_code", ""),
        maand=maand,
        aantal=aantal,
        som=som,
        som_kwadraten=0,
        **kwargs,
    )


def test_pp_gemiddelde_over_twaalf_maanden_van_de_kring(org_eigen):
    _scoremaand(datetime.date(2024, 3, 1), 10, 10)  # before the window of K1 2025 (April 2024 – March 2025)
    _scoremaand(datetime.date(2024, 4, 1), 2, 14)
    _scoremaand(datetime.date(2025, 3, 1), 2, 16)
    _scoremaand(datetime.date(2025, 4, 1), 6, 30)  # in K2's window only
    _scoremaand(datetime.date(2025, 3, 1), 50, 50, organisatie=org_eigen)  # an organisation's row: not the kring's
    _scoremaand(datetime.date(2025, 3, 1), 50, 50, criterium_code="planning")  # a criterion: not the whole rating
    _scoremaand(datetime.date(2025, 3, 1), 4, 20, richting="on_og")
    # K1: April 2024 – March 2025, 30/4; K2: July 2024 – June 2025, (16+30)/8.
    assert pp_og_on([K1, K2]) == {K1: Decimal("7.50"), K2: Decimal("5.75")}
    assert pp_on_og([K1]) == {K1: Decimal("5.00")}


def test_pp_gemiddelde_geen_waarde_onder_minimum_n():
    Beleid.objects.update_or_create(pk=1, defaults={"minimum_n": 5})
    _scoremaand(datetime.date(2025, 2, 1), 4, 28)
    assert pp_og_on([K1]) == {K1: None}
    _scoremaand(datetime.date(2025, 1, 1), 1, 10)
    assert pp_og_on([K1]) == {K1: Decimal("7.60")}


def _onthuld(dag: datetime.date, uiterlijk: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(23, 30)))
    return BeoordelingsrondeFactory(
        status="onthuld", opent_op=dag - datetime.timedelta(days=20), onthulling_uiterlijk=uiterlijk, onthuld_op=moment
    )


def test_pp_op_tijd():
    _onthuld(datetime.date(2025, 2, 10), datetime.date(2025, 2, 10))  # on the last day: on time (local date)
    _onthuld(datetime.date(2025, 3, 1), datetime.date(2025, 2, 27))  # late
    _onthuld(datetime.date(2025, 3, 31), datetime.date(2025, 4, 10))  # on time
    _onthuld(datetime.date(2025, 4, 1), datetime.date(2025, 3, 30))  # K2, late
    BeoordelingsrondeFactory(status="open", opent_op=K1, onthulling_uiterlijk=datetime.date(2025, 1, 15))
    assert pp_op_tijd([K1, K2, K3]) == {K1: Decimal("66.67"), K2: Decimal("0.00"), K3: None}


def test_sroi_gerealiseerd():
    VerplichtingFactory(looptijd_start=datetime.date(2024, 6, 1), looptijd_eind=datetime.date(2025, 1, 1))
    VerplichtingFactory(looptijd_start=datetime.date(2025, 3, 31), looptijd_eind=datetime.date(2026, 3, 31))
    VerplichtingFactory(looptijd_start=datetime.date(2025, 4, 1), looptijd_eind=datetime.date(2026, 3, 31))
    Verplichting.objects.filter(looptijd_start=datetime.date(2024, 6, 1)).update(sr_bedrag=10_000, gerealiseerd=9_000)
    Verplichting.objects.filter(looptijd_start=datetime.date(2025, 3, 31)).update(sr_bedrag=30_000, gerealiseerd=3_000)
    Verplichting.objects.filter(looptijd_start=datetime.date(2025, 4, 1)).update(sr_bedrag=60_000, gerealiseerd=0)
    # K1: (9,000 + 3,000) / 40,000; K2: 3,000 / 90,000; 2024 K1: no obligation running.
    assert sroi_gerealiseerd([K1, K2, datetime.date(2024, 1, 1)]) == {
        K1: Decimal("30.00"),
        K2: Decimal("3.33"),
        datetime.date(2024, 1, 1): None,
    }


def test_activiteiten_op_schema():
    vandaag = datetime.date(2025, 5, 15)  # K2 is running
    ActiviteitFactory(deadline=datetime.date(2025, 2, 1), status="afgerond")
    ActiviteitFactory(deadline=datetime.date(2025, 2, 1), status="lopend")  # overdue
    ActiviteitFactory(deadline=datetime.date(2025, 3, 31), status="lopend")  # due on the last day: not late yet
    ActiviteitFactory(deadline=datetime.date(2025, 3, 1), status="vervallen")  # does not count
    ActiviteitFactory(deadline=datetime.date(2025, 6, 1), status="gepland")  # K2, deadline after today: on track
    ActiviteitFactory(deadline=datetime.date(2025, 7, 2), status="gepland")  # K3
    uitkomst = activiteiten_op_schema([K1, K2], vandaag=vandaag)
    assert uitkomst == {K1: Decimal("66.67"), K2: Decimal("50.00")}  # K2: the 2nd and 3rd are now overdue


def test_klaagpaal_opgevolgd():
    SignaalFactory(ingediend_op=datetime.date(2025, 1, 5), status="opgevolgd")
    SignaalFactory(ingediend_op=datetime.date(2025, 2, 5), status="besproken")
    SignaalFactory(ingediend_op=datetime.date(2025, 3, 5), status="nieuw")
    SignaalFactory(ingediend_op=datetime.date(2025, 3, 6), status="geagendeerd")
    SignaalFactory(ingediend_op=datetime.date(2025, 3, 6), status="nieuw", soort="hulpvraag")  # not a klaagpaal item
    SignaalFactory(ingediend_op=datetime.date(2025, 4, 6), status="opgevolgd")
    assert klaagpaal_opgevolgd([datetime.date(2024, 10, 1), K1, K2]) == {
        datetime.date(2024, 10, 1): None,
        K1: Decimal("50.00"),
        K2: Decimal("60.00"),
    }


def test_handmatig_alleen_wat_is_ingevuld():
    indicator = IndicatorFactory(bron=Bron.HANDMATIG)
    assert indicator_waarde(indicator, K1) is None
    Indicatorwaarde.objects.create(indicator=indicator, kwartaal=K1, waarde=Decimal("12.5"))
    assert indicator_waarde(indicator, K1) == Decimal("12.5")


def test_opgeslagen_waarde_gaat_voor_de_berekening():
    indicator = IndicatorFactory(bron=Bron.KLAAGPAAL_OPGEVOLGD)
    SignaalFactory(ingediend_op=datetime.date(2025, 1, 5), status="opgevolgd")
    assert indicator_waarde(indicator, K1) == Decimal("100.00")
    Indicatorwaarde.objects.create(indicator=indicator, kwartaal=K1, waarde=Decimal("40"))
    assert indicator_waarde(indicator, K1) == Decimal("40")  # history does not change
    assert indicator_waarde(indicator, datetime.date(2099, 1, 1)) is None  # a quarter still to come


# --- Services --------------------------------------------------------------------------------------------------------


def _gegevens(themadoel, **kwargs):
    return IndicatorGegevens(
        **{
            "themadoel": themadoel,
            "naam": "Projecten vroeg besproken",
            "bron": Bron.PROJECTEN_BESPROKEN,
            "doel": Decimal("80"),
            "eenheid": "%",
            **kwargs,
        }
    )


def test_indicator_create_update_delete_met_audit(personas):
    themadoel = ThemadoelFactory()
    stuurgroep = personas["stuurgroep"]
    indicator = indicator_create(gegevens=_gegevens(themadoel), door=stuurgroep)
    assert AuditEvent.objects.filter(actie="indicator.aangemaakt", object_id=str(indicator.pk)).exists()
    indicator_update(
        indicator=indicator, gegevens=_gegevens(themadoel, doel=Decimal("90")), door=personas["beheerder"]
    )
    gewijzigd = AuditEvent.objects.get(actie="indicator.gewijzigd")
    assert (gewijzigd.voor, gewijzigd.na) == ({"doel": "80.00"}, {"doel": "90"})
    indicator_delete(indicator=indicator, door=stuurgroep)
    assert not Indicator.objects.exists()
    assert AuditEvent.objects.get(actie="indicator.verwijderd").voor["naam"] == "Projecten vroeg besproken"


@pytest.mark.parametrize("rol", ["on_eigen", "gemeente"])
def test_alleen_stuurgroep_en_beheerder_beheren(personas, rol):
    with pytest.raises(PermissionDenied):
        indicator_create(gegevens=_gegevens(ThemadoelFactory()), door=personas[rol])


def test_indicator_regels(personas):
    oud = ThemadoelFactory(overeenkomst__status="verlopen", overeenkomst__versie=1)
    ThemadoelFactory(overeenkomst__status="van_kracht")
    with pytest.raises(ValidationError) as fout:
        indicator_create(gegevens=_gegevens(oud), door=personas["stuurgroep"])
    assert "themadoel" in fout.value.message_dict
    huidig = ThemadoelFactory()
    with pytest.raises(ValidationError) as fout:
        indicator_create(gegevens=_gegevens(huidig, doel=Decimal("-1")), door=personas["stuurgroep"])
    assert "doel" in fout.value.message_dict
    indicator = indicator_create(gegevens=_gegevens(huidig), door=personas["stuurgroep"])
    with pytest.raises(ValidationError):  # the same name twice
        indicator_create(gegevens=_gegevens(huidig), door=personas["stuurgroep"])
    Indicatorwaarde.objects.create(indicator=indicator, kwartaal=K1, waarde=1)
    with pytest.raises(ValidationError) as fout:  # stored values would no longer fit another source
        indicator_update(
            indicator=indicator, gegevens=_gegevens(huidig, bron=Bron.PP_OG_ON), door=personas["beheerder"]
        )
    assert "bron" in fout.value.message_dict


def test_indicatorwaarde_invullen_en_overschrijven(personas):
    indicator = IndicatorFactory(bron=Bron.HANDMATIG)
    door = personas["stuurgroep"]
    indicatorwaarde_invullen(indicator=indicator, kwartaal=K1, waarde=Decimal("60"), toelichting="Enquête", door=door)
    indicatorwaarde_invullen(indicator=indicator, kwartaal=K1, waarde=Decimal("65"), toelichting="Enquête", door=door)
    rij = Indicatorwaarde.objects.get(indicator=indicator, kwartaal=K1)
    assert (rij.waarde, rij.door) == (Decimal("65"), door)
    events = list(AuditEvent.objects.filter(actie="indicator.waarde_ingevuld").order_by("pk"))
    assert events[0].voor is None
    assert (events[1].voor, events[1].na) == (
        {"kwartaal": "1e kwartaal 2025", "waarde": "60.00"},
        {"kwartaal": "1e kwartaal 2025", "waarde": "65"},
    )


def test_indicatorwaarde_regels(personas):
    door = personas["beheerder"]
    berekend = IndicatorFactory(bron=Bron.KLAAGPAAL_OPGEVOLGD)
    with pytest.raises(ValidationError):
        indicatorwaarde_invullen(indicator=berekend, kwartaal=K1, waarde=1, toelichting="", door=door)
    handmatig = IndicatorFactory(bron=Bron.HANDMATIG)
    with pytest.raises(ValidationError):
        indicatorwaarde_invullen(
            indicator=handmatig, kwartaal=datetime.date(2099, 1, 1), waarde=1, toelichting="", door=door
        )
    with pytest.raises(ValidationError):
        indicatorwaarde_invullen(
            indicator=handmatig, kwartaal=datetime.date(2025, 2, 1), waarde=1, toelichting="", door=door
        )
    with pytest.raises(PermissionDenied):
        indicatorwaarde_invullen(indicator=handmatig, kwartaal=K1, waarde=1, toelichting="", door=personas["gemeente"])


def test_kwartaal_afsluiten_legt_vast_en_is_idempotent():
    klaagpaal = IndicatorFactory(bron=Bron.KLAAGPAAL_OPGEVOLGD)
    ook_klaagpaal = IndicatorFactory(bron=Bron.KLAAGPAAL_OPGEVOLGD)
    handmatig = IndicatorFactory(bron=Bron.HANDMATIG)
    projecten = IndicatorFactory(bron=Bron.PROJECTEN_BESPROKEN)
    Indicatorwaarde.objects.create(indicator=ook_klaagpaal, kwartaal=K1, waarde=Decimal("1"))
    signaal = SignaalFactory(ingediend_op=datetime.date(2025, 1, 5), status="opgevolgd")
    vandaag = datetime.date(2025, 4, 1)
    assert kwartaal_afsluiten(kwartaal=K1, vandaag=vandaag) == 2
    assert Indicatorwaarde.objects.get(indicator=klaagpaal, kwartaal=K1).waarde == Decimal("100.00")
    assert Indicatorwaarde.objects.get(indicator=projecten, kwartaal=K1).waarde is None  # nothing tendered
    assert Indicatorwaarde.objects.get(indicator=ook_klaagpaal, kwartaal=K1).waarde == Decimal("1")  # kept
    assert not Indicatorwaarde.objects.filter(indicator=handmatig).exists()
    signaal.status = "nieuw"
    signaal.save()
    assert kwartaal_afsluiten(kwartaal=K1, vandaag=vandaag) == 0
    assert indicator_waarde(klaagpaal, K1) == Decimal("100.00")  # history does not change
    assert AuditEvent.objects.filter(actie="indicatoren.kwartaal_afgesloten").count() == 1
    with pytest.raises(ValidationError):
        kwartaal_afsluiten(kwartaal=K2, vandaag=vandaag)  # K2 has not ended


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_pagina_toont_indicatoren_en_uitleg(personas):
    indicator = IndicatorFactory(bron=Bron.HANDMATIG, naam="Tevredenheid leden", doel=7, eenheid="cijfer")
    huidig = Periode("kwartaal", datetime.date(2026, 10, 1)).begin
    Indicatorwaarde.objects.create(indicator=indicator, kwartaal=huidig, waarde=Decimal("7.5"), toelichting="Peiling")
    response = client_for(personas["on_eigen"]).get(reverse("kring:indicatoren"))
    html = response.content.decode()
    assert "Tevredenheid leden" in html and "Peiling" in html
    assert str(UITLEG[Bron.PP_OP_TIJD])[:40] in html
    assert "Nieuwe indicator" not in html  # a member reads, does not manage
    assert "Nieuwe indicator" in client_for(personas["stuurgroep"]).get(reverse("kring:indicatoren")).content.decode()


def test_indicator_aanmaken_via_de_pagina(personas):
    themadoel = ThemadoelFactory()
    data = {
        "themadoel": themadoel.pk,
        "naam": "Klaagpaal opgevolgd",
        "bron": Bron.KLAAGPAAL_OPGEVOLGD,
        "eenheid": "%",
        "doel": "75",
        "hoger_is_beter": "on",
        "volgorde": "1",
    }
    assert client_for(personas["gemeente"]).post(reverse("kring:indicator_nieuw"), data).status_code == 403
    response = client_for(personas["stuurgroep"]).post(reverse("kring:indicator_nieuw"), data)
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.themadoel, indicator.doel) == (themadoel, 75)
    response = client_for(personas["beheerder"]).post(
        reverse("kring:indicator_nieuw"), {**data, "naam": "Ander", "doel": "-3"}
    )
    assert response.status_code == 200 and Indicator.objects.count() == 1


def test_waarde_invullen_via_de_pagina(personas):
    indicator = IndicatorFactory(bron=Bron.HANDMATIG)
    url = reverse("kring:indicatorwaarde", args=[indicator.pk])
    client = client_for(personas["stuurgroep"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kwartaal": "2026-07-01", "waarde": "42,5", "toelichting": "Telling"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Indicatorwaarde.objects.get().waarde == Decimal("42.5")
    # A computed indicator has no form: back to the list with a message.
    berekend = IndicatorFactory(bron=Bron.PP_OP_TIJD)
    assert client.get(reverse("kring:indicatorwaarde", args=[berekend.pk])).status_code == 302


def test_verwijderen_via_de_pagina(personas):
    indicator = IndicatorFactory()
    url = reverse("kring:indicator_verwijderen", args=[indicator.pk])
    assert client_for(personas["on_eigen"]).post(url).status_code == 403
    assert client_for(personas["beheerder"]).post(url).status_code == 302
    assert not Indicator.objects.exists()


# --- The dashboard section -------------------------------------------------------------------------------------------


def test_sectie_waarde_tegen_doel_met_grafiek_en_tabel(personas):
    themadoel = ThemadoelFactory(naam="Vroeg in gesprek")
    gehaald = IndicatorFactory(themadoel=themadoel, bron=Bron.HANDMATIG, naam="Gehaald", doel=50)
    gemist = IndicatorFactory(themadoel=themadoel, bron=Bron.HANDMATIG, naam="Gemist", doel=50)
    lager = IndicatorFactory(
        themadoel=themadoel, bron=Bron.HANDMATIG, naam="Lager beter", doel=50, hoger_is_beter=False
    )
    for indicator, waarde in [(gehaald, 60), (gemist, 40), (lager, 40)]:
        Indicatorwaarde.objects.create(indicator=indicator, kwartaal=K2, waarde=waarde)
    sectie = sectie_indicatoren.sectie(user=personas["on_eigen"], periode=Periode("kwartaal", K2))
    ((doel, regels),) = sectie.context["per_themadoel"]
    oordelen = {regel.indicator.naam: regel.oordeel for regel in regels}
    assert (oordelen["Gehaald"].gehaald, oordelen["Gehaald"].pijl) == (True, "↑")
    assert (oordelen["Gemist"].gehaald, oordelen["Gemist"].pijl) == (False, "↓")
    assert oordelen["Lager beter"].gehaald is True
    assert (sectie.context["gehaald"], sectie.context["niet_gehaald"]) == (2, 1)
    assert [meting.kwartaal for meting in regels[0].metingen][-1] == K2 and len(regels[0].metingen) == 8
    assert 'role="img"' in regels[0].grafiek and "doel 50%" in regels[0].grafiek

    from django.template.loader import render_to_string

    html = render_to_string(
        sectie.template, {**sectie.context, "sectie": sectie, "periode": Periode("kwartaal", K2), "pdf": False}
    )
    assert "doel niet gehaald" in html and "<caption>" in html and 'scope="row"' in html
    assert reverse("kring:indicatoren") + f"#indicator-{gehaald.pk}" in html


def test_jaar_is_het_laatste_begonnen_kwartaal():
    assert sectie_indicatoren.peilkwartaal(Periode("jaar", datetime.date(2025, 1, 1))) == datetime.date(2025, 10, 1)
    assert sectie_indicatoren.peilkwartaal(
        Periode("jaar", datetime.date(2026, 1, 1)), vandaag=datetime.date(2026, 5, 1)
    ) == datetime.date(2026, 4, 1)
    assert sectie_indicatoren.peilkwartaal(Periode("jaar", datetime.date(2099, 1, 1))) is None


def test_sectie_niet_voor_anoniem(personas):
    from django.contrib.auth.models import AnonymousUser

    assert sectie_indicatoren.sectie(user=AnonymousUser(), periode=Periode("kwartaal", K1)) is None


def test_metingen_een_query_per_bron_niet_per_indicator():
    for bron in [Bron.KLAAGPAAL_OPGEVOLGD, Bron.PROJECTEN_BESPROKEN]:
        for _ in range(3):
            IndicatorFactory(bron=bron)
    indicatoren = list(Indicator.objects.all())
    kwartalen = Periode("kwartaal", K2).verloop(8)
    with CaptureQueriesContext(connection) as ctx:
        metingen(indicatoren, kwartalen)
    assert len(ctx.captured_queries) == 3  # the stored values, and one per source


def _groei(themadoel):
    """n more indicators (cycling through every source) and n more rows of the data they read."""

    def grow(n):
        for index in range(n):
            IndicatorFactory(themadoel=themadoel, bron=Bron.values[index % len(Bron.values)])
            SignaalFactory(ingediend_op=datetime.date(2026, 1, 5))
            ActiviteitFactory(deadline=datetime.date(2026, 2, 1))
            ProjectFactory(aanbesteding_kwartaal=datetime.date(2026, 4, 1), start_kwartaal=datetime.date(2026, 7, 1))
            VerplichtingFactory()

    return grow


# The themadoelen, their indicators and their stored values (3), one query per computed source (7) and the past
# performance policy (1); the page adds the session's user (1).
SECTIE_QUERIES = 11


def test_indicatorenpagina_query_aantal_vastgepind(personas):
    Beleid.huidig()
    assert_queries_stable(
        client_for(personas["on_eigen"]),
        reverse("kring:indicatoren"),
        expected=SECTIE_QUERIES + 1,
        grow=_groei(ThemadoelFactory()),
        base=8,
    )


def test_sectie_query_aantal_vastgepind(personas):
    Beleid.huidig()  # the policy row exists in every real database
    grow = _groei(ThemadoelFactory())
    periode = Periode("jaar", datetime.date(2026, 1, 1))
    aantallen = []
    for n in (8, 72):
        grow(n)
        with CaptureQueriesContext(connection) as ctx:
            sectie_indicatoren.sectie(user=personas["stuurgroep"], periode=periode)
        aantallen.append(len(ctx.captured_queries))
    assert aantallen == [SECTIE_QUERIES, SECTIE_QUERIES]


# --- On the demo data ------------------------------------------------------------------------------------------------


def _direct(bron, kwartaal, vandaag):
    """The value of a source computed row by row in Python, the way a person would count."""
    from pastperformance.models import Beoordelingsronde
    from projecten.models import Project
    from werkgroepen.models import Activiteit, Signaal

    einde = kwartaal_plus(kwartaal, 1) - datetime.timedelta(days=1)

    def procent(teller, noemer):
        return (Decimal(teller) * 100 / Decimal(noemer)).quantize(Decimal("0.01")) if noemer else None

    if bron == Bron.PROJECTEN_BESPROKEN:
        rijen = list(Project.objects.filter(aanbesteding_kwartaal=kwartaal))
        return procent(
            sum(1 for p in rijen if p.besproken_in_kring_op and p.besproken_in_kring_op <= einde), len(rijen)
        )
    if bron in (Bron.PP_OG_ON, Bron.PP_ON_OG):
        rijen = [
            rij
            for rij in Scoremaand.objects.all()
            if rij.organisatie_id is None
            and rij.criterium_code == ""
            and rij.richting == {Bron.PP_OG_ON: "og_on", Bron.PP_ON_OG: "on_og"}[bron]
            and kwartaal_plus(kwartaal, -3) <= rij.maand <= einde
        ]
        aantal = sum(rij.aantal for rij in rijen)
        if not aantal or aantal < Beleid.huidig().minimum_n:
            return None
        return (sum(rij.som for rij in rijen) / aantal).quantize(Decimal("0.01"))
    if bron == Bron.PP_OP_TIJD:
        rondes = [
            r
            for r in Beoordelingsronde.objects.exclude(onthuld_op=None)
            if kwartaal <= timezone.localtime(r.onthuld_op).date() <= einde
        ]
        return procent(
            sum(1 for r in rondes if timezone.localtime(r.onthuld_op).date() <= r.onthulling_uiterlijk), len(rondes)
        )
    if bron == Bron.SROI_GEREALISEERD:
        rijen = [v for v in Verplichting.objects.all() if v.looptijd_start <= einde and v.looptijd_eind >= kwartaal]
        return procent(sum(v.gerealiseerd for v in rijen), sum(v.sr_bedrag for v in rijen))
    if bron == Bron.ACTIVITEITEN_OP_SCHEMA:
        rijen = [a for a in Activiteit.objects.exclude(status="vervallen") if a.deadline <= einde]
        peil = min(einde, vandaag)
        return procent(sum(1 for a in rijen if a.status == "afgerond" or a.deadline >= peil), len(rijen))
    if bron == Bron.KLAAGPAAL_OPGEVOLGD:
        rijen = [s for s in Signaal.objects.filter(soort="klaagpaal") if s.ingediend_op <= einde]
        return procent(sum(1 for s in rijen if s.status in ("besproken", "opgevolgd")), len(rijen))
    raise AssertionError(bron)


def test_elke_waarde_is_de_directe_berekening_op_de_demodata(settings, personas):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo")
    vandaag = timezone.localdate()
    periode = Periode("kwartaal", huidig_kwartaal(vandaag))
    sectie = sectie_indicatoren.sectie(user=personas["stuurgroep"], periode=periode)
    regels = [regel for _themadoel, rij in sectie.context["per_themadoel"] for regel in rij]
    assert {regel.indicator.bron for regel in regels} == set(Bron.values)
    for regel in regels:
        for meting in regel.metingen:
            if meting.vastgelegd or meting.kwartaal > periode.begin:
                continue  # stored values are history; they were equal to the computation when stored
            if regel.indicator.bron == Bron.HANDMATIG:
                assert meting.waarde is None  # nothing entered for this quarter
                continue
            assert meting.waarde == _direct(regel.indicator.bron, meting.kwartaal, vandaag), (
                regel.indicator.naam,
                meting.label,
            )
    # The closed quarters of the demo were stored when it ran: equal to the computation at that moment.
    vorig = kwartaal_plus(periode.begin, -1)
    for regel in regels:
        if regel.indicator.bron != Bron.HANDMATIG:
            opgeslagen = Indicatorwaarde.objects.get(indicator=regel.indicator, kwartaal=vorig).waarde
            assert opgeslagen == _direct(regel.indicator.bron, vorig, vandaag), regel.indicator.naam
