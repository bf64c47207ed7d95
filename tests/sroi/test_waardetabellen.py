"""Value tables and regions: the beheerders' pages (content, pinned queries), the services (allowed and refused, bad
input saves nothing, audited), a vastgestelde table never changing, and the read-only admin."""

import datetime
from decimal import Decimal

from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from kring.models import AuditEvent
from sroi.models import Bouwblok, Regio, Waardetabel
from sroi.services.waardetabellen import (
    BouwblokGegevens,
    regio_opslaan,
    waardetabel_aanmaken,
    waardetabel_bevestigen,
    waardetabel_vaststellen,
    waardetabel_wijzigen,
)
from tests.conftest import client_for
from tests.factories import OrganisatieFactory, RegioFactory, VerplichtingFactory, WaardetabelFactory
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

D = datetime.date


def codes(tabel) -> list[str]:
    return list(tabel.bouwblokken.order_by("volgorde", "pk").values_list("code", flat=True))


def gegevens(tabel) -> list[BouwblokGegevens]:
    return [
        BouwblokGegevens(code=b.code, naam=b.naam, soort=b.soort, waarde=b.waarde, max_maanden=b.max_maanden)
        for b in tabel.bouwblokken.order_by("volgorde", "pk")
    ]


def formset_post(tabel, blokken, **velden) -> dict:
    data = {
        "naam": tabel.naam,
        "geldig_vanaf": tabel.geldig_vanaf.isoformat(),
        "bron": "",
        "toelichting": "",
        "blokken-TOTAL_FORMS": str(len(blokken)),
        "blokken-INITIAL_FORMS": "0",
        **velden,
    }
    for i, blok in enumerate(blokken):
        for veld, waarde in blok.items():
            data[f"blokken-{i}-{veld}"] = waarde
    return data


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_lijst_toont_regios_versies_status_en_gebruik(personas):
    gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht")
    regio = RegioFactory(naam="Drechtsteden")
    regio.gemeenten.add(gemeente)
    WaardetabelFactory(regio=regio, naam="Bouwblokken Drechtsteden 2025", te_bevestigen=True)
    gebruikt = VerplichtingFactory().waardetabel
    RegioFactory(naam="Lege regio")
    response = client_for(personas["beheerder"]).get("/sroi/waardetabellen/")
    tekst = response.content.decode()
    assert response.status_code == 200
    for verwacht in [
        "Drechtsteden",
        "Gemeente Zwijndrecht",
        "Bouwblokken Drechtsteden 2025",
        "Nog te bevestigen",
        gebruikt.naam,
        "Deze regio heeft nog geen waardetabel",
        "Nieuwe regio",
    ]:
        assert verwacht in tekst, verwacht
    # The obligation count of the used table: one row shows 9 blocks and 1 obligation.
    assert '<td class="text-end">1</td>' in tekst


def test_lijst_queries_vastgepind(personas):
    client = client_for(personas["beheerder"])

    def grow(n):
        for _ in range(n):
            VerplichtingFactory()  # a region with a gemeente, a table with 9 blocks, an obligation

    assert_queries_stable(client, "/sroi/waardetabellen/", expected=6, grow=grow)


def test_detail_toont_blokken_per_soort_met_betekenis(personas):
    tabel = WaardetabelFactory(bron="denhaag.nl bouwblokken", toelichting="Een kandidaat telt **24 maanden**.")
    tekst = client_for(personas["beheerder"]).get(f"/sroi/waardetabellen/{tabel.pk}/").content.decode()
    for verwacht in [
        "Doelgroep (kandidaat)",
        "€ per fte-jaar (36 uur per week)",
        "Participatiewet",
        "€ 40.000",
        "Bonus bovenop een doelgroep",
        "Sociaal inkopen",
        "deel van het factuurbedrag exclusief btw",
        "€ 100,00 per uur",
        "10%",
        "denhaag.nl bouwblokken",
        "<strong>24 maanden</strong>",
        "Kopie maken",
    ]:
        assert verwacht in tekst, verwacht
    assert "Vaststellen" not in tekst


def test_detail_queries_vastgepind(personas):
    tabel = WaardetabelFactory(bouwblokken=False)
    client = client_for(personas["beheerder"])

    def grow(n):
        start = tabel.bouwblokken.count()
        Bouwblok.objects.bulk_create(
            Bouwblok(waardetabel=tabel, code=f"b{start + i}", naam=f"Blok {i}", soort="categorie", waarde=1000)
            for i in range(n)
        )
        for _ in range(n):
            VerplichtingFactory(waardetabel=tabel)

    assert_queries_stable(client, f"/sroi/waardetabellen/{tabel.pk}/", expected=4, grow=grow)


def test_nieuw_met_kopie_van_de_nieuwste_versie(personas):
    oud = WaardetabelFactory(geldig_vanaf=D(2023, 1, 1), bron="WSP")
    client = client_for(personas["beheerder"])
    response = client.post(
        "/sroi/waardetabellen/nieuw/",
        {"regio": oud.regio_id, "naam": "Bouwblokken 2026", "geldig_vanaf": "2026-01-01", "kopieer": "on"},
    )
    nieuw = Waardetabel.objects.get(naam="Bouwblokken 2026")
    assert response.status_code == 302 and response["Location"] == f"/sroi/waardetabellen/{nieuw.pk}/bewerken/"
    assert nieuw.status == "concept" and nieuw.bron == "WSP"
    assert codes(nieuw) == codes(oud)
    assert AuditEvent.objects.filter(actie="sroi.waardetabel_aangemaakt", object_id=str(nieuw.pk)).exists()


def test_nieuw_zelfde_datum_geweigerd_en_niets_opgeslagen(personas):
    oud = WaardetabelFactory(geldig_vanaf=D(2023, 1, 1))
    response = client_for(personas["beheerder"]).post(
        "/sroi/waardetabellen/nieuw/", {"regio": oud.regio_id, "naam": "Dubbel", "geldig_vanaf": "2023-01-01"}
    )
    assert response.status_code == 200
    assert "heeft al een waardetabel die geldt vanaf 01-01-2023" in response.content.decode()
    assert Waardetabel.objects.count() == 1


def test_kopie_pagina(personas):
    bron = WaardetabelFactory(te_bevestigen=True)
    client = client_for(personas["beheerder"])
    assert "Kopie van" in client.get(f"/sroi/waardetabellen/{bron.pk}/kopie/").content.decode()
    response = client.post(
        f"/sroi/waardetabellen/{bron.pk}/kopie/", {"naam": "Versie 2025", "geldig_vanaf": "2025-07-01"}
    )
    kopie = Waardetabel.objects.get(naam="Versie 2025")
    assert response.status_code == 302
    assert (kopie.regio, kopie.status, kopie.te_bevestigen, codes(kopie)) == (
        bron.regio,
        "concept",
        False,
        codes(bron),
    )


def test_bewerken_vervangt_blokken(personas):
    tabel = WaardetabelFactory(status="concept", bouwblokken=False)
    client = client_for(personas["beheerder"])
    assert client.get(f"/sroi/waardetabellen/{tabel.pk}/bewerken/").status_code == 200
    data = formset_post(
        tabel,
        [
            {"naam": "Participatiewet", "code": "PW", "soort": "categorie", "waarde": "40000", "max_maanden": "24"},
            {"naam": "Bonus 55+", "code": "b55", "soort": "bonus", "waarde": "10000"},
            {"naam": "", "code": "", "soort": "", "waarde": ""},  # an untouched empty row is left out
        ],
        te_bevestigen="on",
    )
    response = client.post(f"/sroi/waardetabellen/{tabel.pk}/bewerken/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    tabel.refresh_from_db()
    assert tabel.te_bevestigen and codes(tabel) == ["pw", "b55"]
    assert tabel.bouwblokken.get(code="pw").max_maanden == 24
    assert AuditEvent.objects.filter(actie="sroi.waardetabel_gewijzigd").exists()


@pytest.mark.parametrize(
    ("blokken", "fout"),
    [
        (
            [
                {"naam": "PW", "code": "pw", "soort": "categorie", "waarde": "40000"},
                {"naam": "PW2", "code": "pw", "soort": "categorie", "waarde": "30000"},
            ],
            "deze komt vaker voor: pw",
        ),
        ([{"naam": "PW", "code": "pw", "soort": "categorie", "waarde": "-1"}], "minstens 0"),
        ([{"naam": "Bonus", "code": "b", "soort": "bonus", "waarde": "10000"}], "minstens één doelgroep"),
        (
            [
                {"naam": "PW", "code": "pw", "soort": "categorie", "waarde": "40000"},
                {"naam": "Inkoop", "code": "si", "soort": "sociaal_inkopen", "waarde": "2"},
            ],
            "tussen 0 en 1",
        ),
        (
            [{"naam": "PW", "code": "p w", "soort": "categorie", "waarde": "40000"}],
            "mag alleen letters, cijfers, - en _ bevatten",
        ),
    ],
)
def test_bewerken_slechte_invoer_nederlandse_fout_niets_opgeslagen(personas, blokken, fout):
    tabel = WaardetabelFactory(status="concept")
    voor = codes(tabel)
    response = client_for(personas["beheerder"]).post(
        f"/sroi/waardetabellen/{tabel.pk}/bewerken/", formset_post(tabel, blokken, naam="Gewijzigd")
    )
    assert response.status_code == 200
    assert fout in response.content.decode()
    tabel.refresh_from_db()
    assert codes(tabel) == voor and tabel.naam != "Gewijzigd"


def test_vastgestelde_tabel_verandert_niet(personas):
    tabel = WaardetabelFactory()
    client = client_for(personas["beheerder"])
    response = client.get(f"/sroi/waardetabellen/{tabel.pk}/bewerken/", follow=True)
    assert "verandert niet meer" in response.content.decode()
    with pytest.raises(ValidationError, match="Maak een kopie"):
        waardetabel_wijzigen(
            waardetabel=tabel, gegevens={"naam": "X"}, bouwblokken=gegevens(tabel), door=personas["beheerder"]
        )
    with pytest.raises(ValidationError):
        waardetabel_vaststellen(waardetabel=tabel, door=personas["beheerder"])


def test_concept_dat_een_verplichting_gebruikt_verandert_niet(personas):
    verplichting = VerplichtingFactory(waardetabel__status="concept")
    with pytest.raises(ValidationError, match="al door een verplichting gebruikt"):
        waardetabel_wijzigen(
            waardetabel=verplichting.waardetabel,
            gegevens={},
            bouwblokken=gegevens(verplichting.waardetabel),
            door=personas["beheerder"],
        )


def test_vaststellen_en_bevestigen(personas):
    tabel = WaardetabelFactory(status="concept", te_bevestigen=True)
    client = client_for(personas["beheerder"])
    assert "Vaststellen" in client.get(f"/sroi/waardetabellen/{tabel.pk}/").content.decode()
    response = client.post(f"/sroi/waardetabellen/{tabel.pk}/vaststellen/", follow=True)
    assert "De tabel is vastgesteld" in response.content.decode()
    tabel.refresh_from_db()
    assert tabel.status == "vastgesteld" and tabel.te_bevestigen
    response = client.post(f"/sroi/waardetabellen/{tabel.pk}/bevestigen/", follow=True)
    assert "De waarden zijn bevestigd" in response.content.decode()
    tabel.refresh_from_db()
    assert not tabel.te_bevestigen
    assert list(
        AuditEvent.objects.filter(object_id=str(tabel.pk), actie__startswith="sroi.")
        .order_by("pk")
        .values_list("actie", flat=True)
    ) == ["sroi.waardetabel_vastgesteld", "sroi.waardetabel_bevestigd"]
    with pytest.raises(ValidationError, match="al bevestigd"):
        waardetabel_bevestigen(waardetabel=tabel, door=personas["beheerder"])


def test_vaststellen_zonder_doelgroep_geweigerd(personas):
    tabel = WaardetabelFactory(status="concept", bouwblokken=False)
    response = client_for(personas["beheerder"]).post(f"/sroi/waardetabellen/{tabel.pk}/vaststellen/", follow=True)
    assert "minstens één doelgroep" in response.content.decode()
    tabel.refresh_from_db()
    assert tabel.status == "concept"


def test_regio_aanmaken_en_gemeente_in_een_regio(personas):
    a, b = OrganisatieFactory(gemeente=True, naam="Gemeente A"), OrganisatieFactory(gemeente=True, naam="Gemeente B")
    client = client_for(personas["beheerder"])
    response = client.post("/sroi/waardetabellen/regio/nieuw/", {"naam": "Drechtsteden", "gemeenten": [a.pk, b.pk]})
    assert response.status_code == 302
    regio = Regio.objects.get(naam="Drechtsteden")
    assert set(regio.gemeenten.all()) == {a, b}
    response = client.post("/sroi/waardetabellen/regio/nieuw/", {"naam": "Haaglanden", "gemeenten": [a.pk]})
    assert response.status_code == 200
    assert "Gemeente A hoort al bij de regio Drechtsteden." in response.content.decode()
    assert not Regio.objects.filter(naam="Haaglanden").exists()
    response = client.post(f"/sroi/waardetabellen/regio/{regio.pk}/", {"naam": "Drechtsteden", "gemeenten": [b.pk]})
    assert response.status_code == 302 and list(regio.gemeenten.all()) == [b]
    assert AuditEvent.objects.filter(actie="sroi.regio_gewijzigd").exists()


def test_alleen_beheerders_in_de_services(personas):
    tabel = WaardetabelFactory(status="concept")
    for rol in ["on_eigen", "gemeente", "stuurgroep"]:
        door = personas[rol]
        with pytest.raises(PermissionDenied):
            waardetabel_aanmaken(regio=tabel.regio, naam="X", geldig_vanaf=D(2030, 1, 1), door=door)
        with pytest.raises(PermissionDenied):
            waardetabel_vaststellen(waardetabel=tabel, door=door)
        with pytest.raises(PermissionDenied):
            regio_opslaan(naam="X", gemeenten=[], door=door)
    assert Waardetabel.objects.count() == 1


def test_pso_en_maanden_regels(personas):
    tabel = WaardetabelFactory(status="concept", bouwblokken=False)
    blokken = [
        BouwblokGegevens(code="pw", naam="PW", soort="categorie", waarde=Decimal(40000), max_maanden=24),
        BouwblokGegevens(code="pso", naam="PSO", soort="pso", waarde=Decimal(101)),
        BouwblokGegevens(code="pso2", naam="PSO 2", soort="pso", waarde=Decimal(5)),
        BouwblokGegevens(code="b", naam="Bonus", soort="bonus", waarde=Decimal(1), max_maanden=12),
    ]
    with pytest.raises(ValidationError) as fout:
        waardetabel_wijzigen(waardetabel=tabel, gegevens={}, bouwblokken=blokken, door=personas["beheerder"])
    tekst = " ".join(fout.value.messages)
    assert "hoogstens 100" in tekst and "hoogstens één PSO-korting" in tekst
    assert "alleen een doelgroep heeft een maximaal aantal maanden" in tekst
    assert not tabel.bouwblokken.exists()


# --- Admin -----------------------------------------------------------------------------------------------------------


def test_admin_alleen_lezen_en_kandidaat_alleen_code(personas):
    from sroi.models import Bewijsstuk, Inzetregel, Kandidaat

    for model in [Waardetabel, Bouwblok, Kandidaat, Inzetregel, Bewijsstuk]:
        model_admin = site._registry[model]
        assert not model_admin.has_add_permission(None) and not model_admin.has_change_permission(None)
    assert site._registry[Kandidaat].fields == ["code", "opdrachtnemer", "geanonimiseerd", "aangemaakt_op"]
    assert "bestand" not in site._registry[Bewijsstuk].fields
