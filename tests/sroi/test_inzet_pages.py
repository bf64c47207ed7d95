"""The inzet pages: recording a line (with the soort's fieldsets and evidence), a line with its calculation and the
coordinator's decision, the authorised evidence download, the contractor's candidates, and the list on the obligation's
page. Candidates are codes only; another contractor gets 404."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from sroi.models import Bewijsstuk, Inzetregel, Kandidaat
from sroi.selectors.inzet import inzet_voor_verplichting
from tests.conftest import client_for
from tests.factories import (
    PDF_BYTES,
    BewijsstukFactory,
    InzetregelFactory,
    KandidaatFactory,
    VerplichtingFactory,
    WaardetabelFactory,
)
from tests.querycount import assert_queries_stable

D = datetime.date


@pytest.fixture
def verplichting(personas):
    return VerplichtingFactory(
        opdrachtnemer=personas["on_eigen"].organisatie,
        project__gemeente=personas["gemeente"].organisatie,
        coordinator=personas["gemeente"],
        looptijd_start=D(2024, 1, 1),
        looptijd_eind=D(2025, 12, 31),
    )


def blok(verplichting, code):
    return verplichting.waardetabel.bouwblokken.get(code=code)


def kandidaatregel(verplichting, **kwargs):
    data = {
        "soort": "categorie",
        "categorie": blok(verplichting, "participatiewet").pk,
        "kandidaat_code": "KAND-007",
        "uren_per_week": "36",
        "start": "2024-01-01",
        "eind": "2024-06-30",
        "omschrijving": "Grondwerker in fase 1",
    }
    data.update(kwargs)
    return data


# -- inzet_nieuw


def test_formulier_toont_soorten_en_groepen(verplichting, personas):
    response = client_for(personas["on_eigen"]).get(reverse("sroi:inzet_nieuw", args=[verplichting.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-keuzeveld="soort"' in html and "js/keuzegroepen.js" in html
    for soort in ("categorie", "sociaal_inkopen", "activiteit"):
        assert f'data-keuze="{soort}"' in html
    assert "Bonus 55-plus" in html and 'type="checkbox"' in html
    assert 'type="file"' in html and "multiple" in html
    assert "Bonus 55-plus" not in html.split('data-keuze="sociaal_inkopen"')[1]  # bonuses only with a candidate


def test_kandidaatregel_met_bewijs_invoeren(verplichting, personas):
    bestand = SimpleUploadedFile("arbeidscontract.pdf", PDF_BYTES, content_type="application/pdf")
    data = kandidaatregel(verplichting, bonussen=[blok(verplichting, "bonus-55").pk], bewijs=bestand)
    # Without JavaScript the other fieldsets are sent too; they do not count.
    data.update(bedrag="999", uren="12", inkoop=blok(verplichting, "sociaal-inkopen").pk)
    response = client_for(personas["on_eigen"]).post(reverse("sroi:inzet_nieuw", args=[verplichting.pk]), data)
    regel = Inzetregel.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sroi:inzet", args=[regel.pk])
    # (40,000 + 10,000) × 36/36 × 182/365 = 24,931.5068… → 24,931.51
    assert regel.waarde == Decimal("24931.51")
    assert (regel.bedrag, regel.uren, regel.kandidaat.code) == (None, None, "KAND-007")
    assert regel.bewijsstukken.get().naam == "arbeidscontract.pdf"


def test_activiteit_invoeren_met_komma(verplichting, personas):
    data = {
        "soort": "activiteit",
        "activiteit": blok(verplichting, "activiteit").pk,
        "uren": "7,5",
        "start": "2024-03-01",
        "eind": "2024-03-01",
        # a candidate code left over from another soort (no JavaScript) does not count and is not checked
        "kandidaat_code": "Jan Jansen",
    }
    response = client_for(personas["on_eigen"]).post(reverse("sroi:inzet_nieuw", args=[verplichting.pk]), data)
    assert response.status_code == 302
    regel = Inzetregel.objects.get()
    assert (regel.uren, regel.waarde, regel.kandidaat) == (Decimal("7.5"), Decimal("750.00"), None)
    assert not Kandidaat.objects.exists()


@pytest.mark.parametrize(
    ("wijziging", "bericht"),
    [
        ({"uren_per_week": "36,5"}, "meer dan een volle week (36 uur)"),
        ({"eind": "2023-12-31"}, "De einddatum ligt vóór de startdatum."),
        ({"kandidaat_code": "Jan Jansen"}, "naam"),
        ({"kandidaat_code": "jan@example.nl"}, "e-mailadres"),
        ({"kandidaat_code": "123456782"}, "BSN"),
        ({"categorie": ""}, "Maak een keuze."),
        ({"soort": ""}, "Dit veld is verplicht."),
    ],
)
def test_foute_invoer_op_de_pagina(verplichting, personas, wijziging, bericht):
    response = client_for(personas["on_eigen"]).post(
        reverse("sroi:inzet_nieuw", args=[verplichting.pk]), kandidaatregel(verplichting, **wijziging)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De regel is niet opgeslagen" in html and bericht in html
    assert not Inzetregel.objects.exists() and not Kandidaat.objects.exists()


def test_doelgroep_uit_een_andere_tabel_op_de_pagina(verplichting, personas):
    andere = WaardetabelFactory(regio=verplichting.waardetabel.regio, geldig_vanaf=D(2020, 1, 1))
    response = client_for(personas["on_eigen"]).post(
        reverse("sroi:inzet_nieuw", args=[verplichting.pk]),
        kandidaatregel(verplichting, categorie=andere.bouwblokken.get(code="participatiewet").pk),
    )
    assert "staat niet in de waardetabel van deze verplichting" in response.content.decode()
    assert not Inzetregel.objects.exists()


def test_liegend_bewijs_op_de_pagina(verplichting, personas):
    nep = SimpleUploadedFile("loonstrook.pdf", b"PK\x03\x04 geen pdf", content_type="application/pdf")
    response = client_for(personas["on_eigen"]).post(
        reverse("sroi:inzet_nieuw", args=[verplichting.pk]), kandidaatregel(verplichting, bewijs=nep)
    )
    assert "is geen PDF" in response.content.decode()
    assert not Inzetregel.objects.exists() and not Bewijsstuk.objects.exists()


def test_andere_opdrachtnemer_404_gemeente_403(verplichting, personas):
    url = reverse("sroi:inzet_nieuw", args=[verplichting.pk])
    assert client_for(personas["on_ander"]).post(url, kandidaatregel(verplichting)).status_code == 404
    assert client_for(personas["gemeente"]).post(url, kandidaatregel(verplichting)).status_code == 403
    assert not Inzetregel.objects.exists()


def test_nieuw_queries_vast(verplichting, personas):
    from sroi.models import Bouwblok

    def grow(n):
        start = Bouwblok.objects.count()
        Bouwblok.objects.bulk_create(
            Bouwblok(
                waardetabel=verplichting.waardetabel,
                code=f"extra-{start + i}",
                naam=f"Extra {i}",
                soort="categorie",
                waarde=1000,
            )
            for i in range(n)
        )

    assert_queries_stable(
        client_for(personas["on_eigen"]), reverse("sroi:inzet_nieuw", args=[verplichting.pk]), expected=3, grow=grow
    )


# -- a line, the decision, the evidence


@pytest.fixture
def regel(verplichting):
    regel = InzetregelFactory(verplichting=verplichting, kandidaat__code="KAND-042", omschrijving="Fase 1")
    regel.bonussen.add(blok(verplichting, "bonus-vast"))
    return regel


def test_regelpagina(regel, personas):
    response = client_for(personas["gemeente"]).get(reverse("sroi:inzet", args=[regel.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "KAND-042" in html and "Participatiewet" in html and "Ter validatie" in html
    assert "Bonus vast contract" in html and "× 36/36 × 30/365" in html
    assert "24 maanden = 730 dagen" in html
    assert 'name="actie" value="valideren"' in html  # the coordinator decides here


def test_opdrachtnemer_ziet_geen_beoordeelformulier(regel, personas):
    html = client_for(personas["on_eigen"]).get(reverse("sroi:inzet", args=[regel.pk])).content.decode()
    assert "KAND-042" in html and 'value="valideren"' not in html


@pytest.mark.parametrize("rol", ["on_ander"])
def test_andere_opdrachtnemer_ziet_regel_en_bewijs_niet(regel, personas, rol):
    bewijs = BewijsstukFactory(inzetregel=regel)
    client = client_for(personas[rol])
    assert client.get(reverse("sroi:inzet", args=[regel.pk])).status_code == 404
    assert client.get(reverse("sroi:bewijs_download", args=[bewijs.pk])).status_code == 404
    assert client.post(reverse("sroi:inzet_beoordelen", args=[regel.pk]), {"actie": "valideren"}).status_code == 404


def test_valideren_via_de_pagina(regel, personas):
    client = client_for(personas["gemeente"])
    response = client.post(reverse("sroi:inzet_beoordelen", args=[regel.pk]), {"actie": "valideren"}, follow=True)
    assert "De regel is gevalideerd." in response.content.decode()
    regel.refresh_from_db()
    assert regel.status == "gevalideerd"


def test_afwijzen_zonder_reden_op_de_pagina(regel, personas):
    client = client_for(personas["gemeente"])
    response = client.post(reverse("sroi:inzet_beoordelen", args=[regel.pk]), {"actie": "afwijzen", "reden": ""})
    assert response.status_code == 200 and "Geef een reden van afwijzing" in response.content.decode()
    regel.refresh_from_db()
    assert regel.status == "ingediend"
    response = client.post(
        reverse("sroi:inzet_beoordelen", args=[regel.pk]), {"actie": "afwijzen", "reden": "Contract ontbreekt."}
    )
    assert response.status_code == 302
    html = client_for(personas["on_eigen"]).get(reverse("sroi:inzet", args=[regel.pk])).content.decode()
    assert "Afgewezen" in html and "Contract ontbreekt." in html and "Voer een verbeterde regel in" in html


def test_opdrachtnemer_mag_niet_beoordelen(regel, personas):
    response = client_for(personas["on_eigen"]).post(
        reverse("sroi:inzet_beoordelen", args=[regel.pk]), {"actie": "valideren"}
    )
    assert response.status_code == 403
    regel.refresh_from_db()
    assert regel.status == "ingediend"


def test_bewijs_download(regel, personas):
    bewijs = BewijsstukFactory(inzetregel=regel, naam="contract.pdf")
    for rol in ("on_eigen", "gemeente", "beheerder"):
        response = client_for(personas[rol]).get(reverse("sroi:bewijs_download", args=[bewijs.pk]))
        assert response.status_code == 200
        assert (
            response["Content-Disposition"].startswith("attachment")
            and "contract.pdf" in response["Content-Disposition"]
        )
        assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES
    assert client_for(None).get(reverse("sroi:bewijs_download", args=[bewijs.pk])).status_code == 302


def test_regelpagina_queries_vast(regel, personas):
    def grow(n):
        for _ in range(n):
            BewijsstukFactory(inzetregel=regel)
            InzetregelFactory(
                verplichting=regel.verplichting, kandidaat=regel.kandidaat, start=D(2024, 3, 1), eind=D(2024, 3, 31)
            )

    assert_queries_stable(
        client_for(personas["gemeente"]), reverse("sroi:inzet", args=[regel.pk]), expected=6, grow=grow
    )


# -- kandidaten and the list on the obligation's page


def test_kandidaten_alleen_eigen_codes(regel, personas):
    KandidaatFactory(opdrachtnemer=personas["on_ander"].organisatie, code="VREEMD-1")
    response = client_for(personas["on_eigen"]).get(reverse("sroi:kandidaten"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "KAND-042" in html and "3.287,67" in html and "VREEMD-1" not in html
    assert client_for(personas["gemeente"]).get(reverse("sroi:kandidaten")).status_code == 403


def test_kandidaten_queries_vast(verplichting, personas):
    def grow(n):
        for _ in range(n):
            InzetregelFactory(verplichting=verplichting)

    assert_queries_stable(client_for(personas["on_eigen"]), reverse("sroi:kandidaten"), expected=2, grow=grow)


def test_lijst_op_de_verplichting(regel, personas, django_assert_num_queries):
    BewijsstukFactory(inzetregel=regel)
    InzetregelFactory(verplichting=regel.verplichting)
    with django_assert_num_queries(3):
        regels = inzet_voor_verplichting(verplichting=regel.verplichting, user=personas["gemeente"])
        [(r.bouwblok.naam, r.kandidaat.code, list(r.bonussen.all()), list(r.bewijsstukken.all())) for r in regels]
    html = client_for(personas["gemeente"]).get(regel.verplichting.get_absolute_url()).content.decode()
    assert "KAND-042" in html and reverse("sroi:inzet", args=[regel.pk]) in html and "1 bestand" in html
    assert "<caption>Ingevoerde inzet bij deze verplichting, 2 regels</caption>" in html
