"""The kennisbank: visibility per zichtbaarheid and role, writing and editing (services and pages), attachments, the
"nuttig" vote, the view count, related items, safe output, the review reminder and pinned query counts."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from kring.herinneringen import Frequentie, Ritme
from kring.models import AuditEvent, User
from kring.services.herinneringen import herinneringen_send
from tests.conftest import ROLLEN, client_for
from tests.factories import (
    PDF_BYTES,
    BijlageFactory,
    KennisitemFactory,
    LidmaatschapFactory,
    OrganisatieFactory,
    ThemaFactory,
    UserFactory,
    WerkgroepFactory,
)
from tests.querycount import assert_queries_stable
from werkgroepen.herinneringen import KENNISITEM_HERZIEN
from werkgroepen.models import Bijlage, Kennisitem, NuttigStem, Tag
from werkgroepen.selectors.kennisbank import kennisitem_gerelateerd, kennisitem_list
from werkgroepen.services.kennisbank import (
    GEZIEN_SESSIE,
    KennisitemInhoud,
    kennisitem_create,
    kennisitem_register_view,
    kennisitem_toggle_nuttig,
    kennisitem_update,
)

pytestmark = pytest.mark.django_db

Z = Kennisitem.Zichtbaarheid
MORGEN = timezone.localdate() + datetime.timedelta(days=1)


def inhoud(**velden) -> KennisitemInhoud:
    basis = {
        "soort": "praktijkvoorbeeld",
        "titel": "Bouwteam bij de kademuur",
        "samenvatting": "Aannemer en gemeente werkten vanaf het ontwerp samen.",
        "zichtbaarheid": Z.LEDEN,
        "uitdaging": "Weinig ruimte aan het water.",
        "aanpak": "Een bouwteam vanaf het voorontwerp.",
        "herzien_voor": timezone.localdate() + datetime.timedelta(days=365),
    }
    return KennisitemInhoud(**{**basis, **velden})


def pdf(naam="verslag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, PDF_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _eigen_media(settings, tmp_path):
    """Each test its own MEDIA_ROOT, so "no file left behind" means exactly that."""
    settings.MEDIA_ROOT = tmp_path


def opgeslagen_bestanden() -> set[str]:
    map_ = Path(settings.MEDIA_ROOT) / "kennisbank"
    return {pad.name for pad in map_.iterdir()} if map_.exists() else set()


@pytest.fixture
def werkgroep(personas):
    """A werkgroep in which on_eigen is a member (not a trekker)."""
    return LidmaatschapFactory(gebruiker=personas["on_eigen"]).werkgroep


@pytest.fixture
def collega(personas, werkgroep):
    """The author of the items below: a colleague of on_eigen in the same werkgroep."""
    return LidmaatschapFactory(werkgroep=werkgroep, gebruiker__organisatie=personas["on_eigen"].organisatie).gebruiker


@pytest.fixture
def gemeente_auteur(gemeente_org):
    return UserFactory(naam="Gea Gemeente", organisatie=gemeente_org)


# --- Visibility ------------------------------------------------------------------------------------------------------

ZIET = {
    Z.OPENBAAR: set(ROLLEN),
    Z.LEDEN: set(ROLLEN) - {"anoniem"},
    Z.WERKGROEP: {"on_eigen", "beheerder"},
    Z.GEMEENTE: {"gemeente", "stuurgroep", "beheerder"},
}


@pytest.mark.parametrize("zichtbaarheid", list(ZIET))
def test_who_sees_an_item_and_its_attachment(zichtbaarheid, personas, werkgroep, gemeente_auteur):
    item = KennisitemFactory(zichtbaarheid=zichtbaarheid, werkgroep=werkgroep, auteur=gemeente_auteur)
    bijlage = BijlageFactory(kennisitem=item)
    for rol, persoon in personas.items():
        client = client_for(persoon)
        verwacht_zichtbaar = rol in ZIET[zichtbaarheid]
        assert (item in kennisitem_list(user=persoon or _anoniem())) == verwacht_zichtbaar, rol
        for url in (item.get_absolute_url(), f"/werkgroepen/kennisbank/bijlagen/{bijlage.pk}/"):
            response = client.get(url)
            if verwacht_zichtbaar:
                assert response.status_code == 200, (rol, url)
            elif rol == "anoniem":
                assert response.status_code == 302 and response["Location"].startswith("/account/login/"), url
            else:
                assert response.status_code == 404, (rol, url)


def _anoniem():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_the_author_always_sees_their_item(personas):
    item = KennisitemFactory(zichtbaarheid=Z.WERKGROEP, werkgroep=WerkgroepFactory(), auteur=personas["on_ander"])
    assert item in kennisitem_list(user=personas["on_ander"])
    assert item not in kennisitem_list(user=personas["on_eigen"])


def test_a_former_werkgroep_member_no_longer_sees_its_items(personas, werkgroep, collega):
    item = KennisitemFactory(zichtbaarheid=Z.WERKGROEP, werkgroep=werkgroep, auteur=collega)
    werkgroep.lidmaatschappen.filter(gebruiker=personas["on_eigen"]).update(tot=timezone.localdate())
    assert item in kennisitem_list(user=personas["on_eigen"])  # the last day still counts
    werkgroep.lidmaatschappen.filter(gebruiker=personas["on_eigen"]).update(
        tot=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert item not in kennisitem_list(user=personas["on_eigen"])


def test_blocked_accounts_and_applicants_see_only_the_public_items(personas):
    openbaar = KennisitemFactory(zichtbaarheid=Z.OPENBAAR)
    KennisitemFactory(zichtbaarheid=Z.LEDEN)
    for persoon in (UserFactory(status=User.Status.GEBLOKKEERD), UserFactory(aangevraagd=True)):
        assert list(kennisitem_list(user=persoon)) == [openbaar]


def test_anonymous_visitors_are_asked_to_log_in_for_hidden_and_missing_items(personas):
    verborgen = KennisitemFactory(zichtbaarheid=Z.LEDEN)
    client = client_for(None)
    for pk in (verborgen.pk, verborgen.pk + 1000):
        response = client.get(f"/werkgroepen/kennisbank/{pk}/")
        assert response.status_code == 302 and response["Location"] == (
            f"/account/login/?next=/werkgroepen/kennisbank/{pk}/"
        )
    assert client_for(personas["on_eigen"]).get(f"/werkgroepen/kennisbank/{verborgen.pk + 1000}/").status_code == 404


def test_the_search_page_shows_visitors_only_public_items(personas):
    KennisitemFactory(titel="Openbare les over kademuren", zichtbaarheid=Z.OPENBAAR)
    KennisitemFactory(titel="Interne les over kademuren", zichtbaarheid=Z.LEDEN)
    bezoeker = client_for(None).get("/werkgroepen/kennisbank/").content.decode()
    assert "Openbare les over kademuren" in bezoeker and "Interne les over kademuren" not in bezoeker
    assert "Log in</a>" in bezoeker
    lid = client_for(personas["on_ander"]).get("/werkgroepen/kennisbank/").content.decode()
    assert "Openbare les over kademuren" in lid and "Interne les over kademuren" in lid


# --- Creating and editing --------------------------------------------------------------------------------------------


def test_create_stores_the_item_with_normalised_tags_and_an_audit_event(personas, werkgroep):
    thema = ThemaFactory(naam="Samenwerking")
    Tag.objects.create(naam="visbrug")
    item = kennisitem_create(
        inhoud=inhoud(
            werkgroep=werkgroep,
            themas=[thema],
            tags=[" Visbrug ", "BOUWTEAM", "", "#bbl", "visbrug", "werk   met  werk"],
            inhoud="## Aanpak\n\nSamen **vooraf** rekenen.",
        ),
        door=personas["on_eigen"],
    )
    item.refresh_from_db()
    assert item.auteur == personas["on_eigen"] and item.organisatie == personas["on_eigen"].organisatie
    assert sorted(item.tags.values_list("naam", flat=True)) == ["bbl", "bouwteam", "visbrug", "werk met werk"]
    assert Tag.objects.filter(naam="visbrug").count() == 1
    assert list(item.themas.all()) == [thema]
    event = AuditEvent.objects.get(actie="kennisitem.aangemaakt")
    assert event.actor == personas["on_eigen"] and event.object_id == str(item.pk)
    assert event.na["tags"] == ["bbl", "bouwteam", "visbrug", "werk met werk"] and event.voor is None


def test_praktijk_fields_are_kept_only_for_a_praktijkvoorbeeld(personas):
    item = kennisitem_create(inhoud=inhoud(soort="tool", nadelen="Kost tijd."), door=personas["on_eigen"])
    item.refresh_from_db()
    assert (item.uitdaging, item.aanpak, item.nadelen) == ("", "", "")


@pytest.mark.parametrize(
    ("velden", "veld", "melding"),
    [
        ({"uitdaging": " "}, "uitdaging", "Een praktijkvoorbeeld beschrijft de uitdaging en de aanpak"),
        ({"zichtbaarheid": Z.WERKGROEP}, "werkgroep", "Kies de werkgroep waarvan de leden dit item mogen zien."),
        (
            {"zichtbaarheid": Z.GEMEENTE},
            "zichtbaarheid",
            "Alleen medewerkers van een gemeente kunnen een item gemeente-intern maken.",
        ),
        ({"herzien_voor": timezone.localdate()}, "herzien_voor", "Kies een datum in de toekomst"),
        ({"inhoud": "Mooi <script>alert(1)</script>"}, "inhoud", "HTML die een script kan uitvoeren"),
        ({"inhoud": '<img src=x onerror="alert(1)">'}, "inhoud", "HTML die een script kan uitvoeren"),
        ({"inhoud": "[klik](javascript:alert(1))"}, "inhoud", "HTML die een script kan uitvoeren"),
        ({"titel": "<svg onload=alert(1)>"}, "titel", "HTML die een script kan uitvoeren"),
        ({"samenvatting": "<style>main{}</style>"}, "samenvatting", "HTML die een script kan uitvoeren"),
        ({"lessen": "[les](vbscript:msgbox)"}, "lessen", "HTML die een script kan uitvoeren"),
        ({"tags": ["bouwteam", "<script>"]}, "tags", "HTML die een script kan uitvoeren"),
        ({"tags": ["x" * 61]}, "tags", "is te lang: hoogstens 60 tekens"),
        ({"tags": [f"tag{n}" for n in range(16)]}, "tags", "Geef hoogstens 15 tags."),
        ({"titel": ""}, "titel", "Dit veld kan niet leeg zijn"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(velden, veld, melding, personas):
    with pytest.raises(ValidationError) as fout:
        kennisitem_create(inhoud=inhoud(**velden), bijlagen=[pdf()], door=personas["on_eigen"])
    assert melding in " ".join(fout.value.message_dict[veld])
    assert not Kennisitem.objects.exists() and not Bijlage.objects.exists() and not Tag.objects.exists()
    assert opgeslagen_bestanden() == set()
    assert not AuditEvent.objects.filter(actie__startswith="kennisitem.").exists()


def test_gemeente_staff_make_an_item_gemeente_intern(personas):
    item = kennisitem_create(inhoud=inhoud(zichtbaarheid=Z.GEMEENTE), door=personas["gemeente"])
    assert item.zichtbaarheid == Z.GEMEENTE


def test_a_closed_werkgroep_cannot_be_chosen(personas):
    gesloten = WerkgroepFactory(naam="Oude werkgroep", gesloten_op=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as fout:
        kennisitem_create(inhoud=inhoud(werkgroep=gesloten), door=personas["on_eigen"])
    assert fout.value.message_dict["werkgroep"] == [
        "De werkgroep Oude werkgroep is gesloten; kies een lopende werkgroep."
    ]


def test_only_visible_other_items_can_be_related(personas):
    eigen = kennisitem_create(inhoud=inhoud(), door=personas["on_eigen"])
    verborgen = KennisitemFactory(zichtbaarheid=Z.GEMEENTE)
    with pytest.raises(ValidationError) as fout:
        kennisitem_update(kennisitem=eigen, inhoud=inhoud(gerelateerd=[verborgen]), door=personas["on_eigen"])
    assert "Kies alleen andere items die u zelf kunt zien." in fout.value.message_dict["gerelateerd"]
    with pytest.raises(ValidationError):
        kennisitem_update(kennisitem=eigen, inhoud=inhoud(gerelateerd=[eigen]), door=personas["on_eigen"])


def test_editing_keeps_links_the_editor_cannot_see(personas, gemeente_auteur):
    intern = KennisitemFactory(zichtbaarheid=Z.GEMEENTE, auteur=gemeente_auteur)
    zichtbaar = KennisitemFactory()
    item = KennisitemFactory(auteur=personas["on_eigen"])
    item.gerelateerd.add(intern)
    kennisitem_update(kennisitem=item, inhoud=inhoud(gerelateerd=[zichtbaar]), door=personas["on_eigen"])
    assert set(item.gerelateerd.all()) == {intern, zichtbaar}
    assert item in intern.gerelateerd.all()  # symmetrical


def test_who_may_edit(personas, werkgroep, collega):
    item = KennisitemFactory(auteur=collega, werkgroep=werkgroep)
    trekker = LidmaatschapFactory(werkgroep=werkgroep, rol="trekker").gebruiker
    for persoon in (collega, trekker, personas["beheerder"]):
        kennisitem_update(
            kennisitem=item, inhoud=inhoud(titel=f"Door {persoon.naam}", werkgroep=werkgroep), door=persoon
        )
    item.refresh_from_db()
    assert item.titel == "Door Beheerder Test"
    for persoon in (personas["on_eigen"], personas["gemeente"]):
        with pytest.raises(PermissionDenied):
            kennisitem_update(kennisitem=item, inhoud=inhoud(), door=persoon)


def test_a_werkgroep_changed_on_the_instance_gives_no_right_to_edit(personas):
    """A bound form sets its fields on the instance before the service runs: the stored item decides."""
    eigen_werkgroep = LidmaatschapFactory(gebruiker=personas["on_ander"], rol="trekker").werkgroep
    item = KennisitemFactory(werkgroep=WerkgroepFactory())
    item.werkgroep = eigen_werkgroep
    with pytest.raises(PermissionDenied):
        kennisitem_update(kennisitem=item, inhoud=inhoud(werkgroep=eigen_werkgroep), door=personas["on_ander"])


def test_a_trekker_cannot_edit_a_gemeente_intern_item_they_cannot_see(personas, werkgroep, gemeente_auteur):
    item = KennisitemFactory(zichtbaarheid=Z.GEMEENTE, werkgroep=werkgroep, auteur=gemeente_auteur)
    trekker = LidmaatschapFactory(werkgroep=werkgroep, rol="trekker", gebruiker=personas["on_ander"]).gebruiker
    with pytest.raises(PermissionDenied):
        kennisitem_update(kennisitem=item, inhoud=inhoud(zichtbaarheid=Z.GEMEENTE), door=trekker)


def test_a_beheerder_outside_a_gemeente_keeps_an_item_gemeente_intern(gemeente_auteur):
    item = kennisitem_create(inhoud=inhoud(zichtbaarheid=Z.GEMEENTE), door=gemeente_auteur)
    bureau = UserFactory(beheerder=True, organisatie=OrganisatieFactory(soort="overig", kvk_nummer=""))
    kennisitem_update(kennisitem=item, inhoud=inhoud(zichtbaarheid=Z.GEMEENTE, titel="Bijgewerkt"), door=bureau)
    item.refresh_from_db()
    assert (item.titel, item.zichtbaarheid) == ("Bijgewerkt", Z.GEMEENTE)


def test_an_unchanged_review_date_in_the_past_does_not_block_an_edit(personas):
    item = KennisitemFactory(auteur=personas["on_eigen"], herzien_voor=datetime.date(2024, 1, 1))
    kennisitem_update(
        kennisitem=item,
        inhoud=inhoud(herzien_voor=datetime.date(2024, 1, 1), titel="Nieuw"),
        door=personas["on_eigen"],
    )
    event = AuditEvent.objects.get(actie="kennisitem.gewijzigd")
    assert event.voor["titel"] != "Nieuw" and event.na["titel"] == "Nieuw"


# --- Attachments -----------------------------------------------------------------------------------------------------


def test_attachments_are_stored_under_a_random_name_with_their_hash(personas):
    item = kennisitem_create(inhoud=inhoud(), bijlagen=[pdf("../../etc/verslag.pdf")], door=personas["on_eigen"])
    bijlage = item.bijlagen.get()
    assert bijlage.naam == "verslag.pdf" and bijlage.mime_type == "application/pdf"
    assert bijlage.grootte == len(PDF_BYTES) and len(bijlage.sha256) == 64
    assert bijlage.geupload_door == personas["on_eigen"]
    assert bijlage.bestand.name.startswith("kennisbank/") and "verslag" not in bijlage.bestand.name
    assert opgeslagen_bestanden() == {Path(bijlage.bestand.name).name}


def test_one_bad_upload_saves_nothing_not_even_the_good_files(personas):
    with pytest.raises(ValidationError) as fout:
        kennisitem_create(
            inhoud=inhoud(),
            bijlagen=[pdf("goed.pdf"), SimpleUploadedFile("nep.pdf", b"<html>nep</html>")],
            door=personas["on_eigen"],
        )
    assert fout.value.message_dict["bijlagen"] == [
        "De inhoud van ‘nep.pdf’ is geen PDF. Upload het bestand zoals het programma het heeft gemaakt."
    ]
    assert not Kennisitem.objects.exists() and opgeslagen_bestanden() == set()


def test_a_failure_after_storing_leaves_no_orphan_file(personas, monkeypatch):
    from werkgroepen import zoeken

    def kapot(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(zoeken, "zoekvector_bijwerken", kapot)
    with pytest.raises(RuntimeError):
        kennisitem_create(inhoud=inhoud(), bijlagen=[pdf()], door=personas["on_eigen"])
    assert not Bijlage.objects.exists() and opgeslagen_bestanden() == set()


def test_removing_an_attachment_deletes_the_file_after_commit(personas, django_capture_on_commit_callbacks):
    item = kennisitem_create(inhoud=inhoud(), bijlagen=[pdf()], door=personas["on_eigen"])
    bijlage = item.bijlagen.get()
    with django_capture_on_commit_callbacks(execute=True):
        kennisitem_update(kennisitem=item, inhoud=inhoud(), bijlagen_weg=[bijlage], door=personas["on_eigen"])
    assert not item.bijlagen.exists() and opgeslagen_bestanden() == set()


def test_the_download_is_an_attachment_that_browsers_do_not_sniff(personas):
    bijlage = BijlageFactory(kennisitem__zichtbaarheid=Z.OPENBAAR, naam="Verslag kademuur.pdf")
    response = client_for(None).get(f"/werkgroepen/kennisbank/bijlagen/{bijlage.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Verslag kademuur.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_BYTES


# --- Pages -----------------------------------------------------------------------------------------------------------


def test_a_member_shares_an_item_with_a_file_through_the_form(personas, werkgroep):
    thema = ThemaFactory(naam="Samenwerking")
    client = client_for(personas["on_eigen"])
    formulier = client.get("/werkgroepen/kennisbank/nieuw/").content.decode()
    assert 'value="gemeente"' not in formulier  # gemeente-intern is for gemeente staff only
    assert 'accept=".pdf,.docx' in formulier and "hoogstens 10 MB" in formulier
    response = client.post(
        "/werkgroepen/kennisbank/nieuw/",
        {
            "soort": "praktijkvoorbeeld",
            "titel": "Samen plannen in de wijk",
            "samenvatting": "Eén planning voor riool, groen en straat.",
            "werkgroep": werkgroep.pk,
            "themas": [thema.pk],
            "tags": "wijk, Werk met werk",
            "zichtbaarheid": "werkgroep",
            "herzien_voor": MORGEN.isoformat(),
            "uitdaging": "Drie planningen voor dezelfde straat.",
            "aanpak": "Eén projectleider.",
            "inhoud": "",
            "bijlagen": [pdf("planning.pdf"), pdf("kaart.pdf")],
        },
    )
    item = Kennisitem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/werkgroepen/kennisbank/{item.pk}/"
    assert sorted(item.bijlagen.values_list("naam", flat=True)) == ["kaart.pdf", "planning.pdf"]
    pagina = client.get(response["Location"]).content.decode()
    assert "‘Samen plannen in de wijk’ is opgeslagen." in pagina and "werk met werk" in pagina


def test_a_lying_upload_shows_a_form_error_and_saves_nothing(personas):
    response = client_for(personas["on_eigen"]).post(
        "/werkgroepen/kennisbank/nieuw/",
        {
            "soort": "tool",
            "titel": "Checklist",
            "samenvatting": "Een checklist.",
            "zichtbaarheid": "leden",
            "herzien_voor": MORGEN.isoformat(),
            "bijlagen": [SimpleUploadedFile("checklist.pdf", b"MZ\x90\x00" + b"\x00" * 100)],
        },
    )
    assert response.status_code == 200
    assert "Het item is niet opgeslagen" in response.content.decode()
    assert "De inhoud van ‘checklist.pdf’ is geen PDF." in response.content.decode()
    assert not Kennisitem.objects.exists() and opgeslagen_bestanden() == set()


def test_an_opdrachtnemer_cannot_post_gemeente_intern(personas):
    response = client_for(personas["on_eigen"]).post(
        "/werkgroepen/kennisbank/nieuw/",
        {"soort": "tool", "titel": "X", "samenvatting": "Y", "zichtbaarheid": "gemeente"},
    )
    assert response.status_code == 200 and not Kennisitem.objects.exists()
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_the_edit_page_prefills_tags_and_lists_attachments_to_remove(personas):
    item = KennisitemFactory(auteur=personas["on_eigen"])
    item.tags.set([Tag.objects.create(naam="kademuur"), Tag.objects.create(naam="bouwteam")])
    BijlageFactory(kennisitem=item, naam="tekening.pdf")
    pagina = client_for(personas["on_eigen"]).get(f"/werkgroepen/kennisbank/{item.pk}/bewerken/").content.decode()
    assert 'value="bouwteam, kademuur"' in pagina and "tekening.pdf" in pagina


def test_user_html_is_sanitised_or_escaped_on_output(personas):
    item = KennisitemFactory(
        zichtbaarheid=Z.OPENBAAR,
        titel="Titel <i>schuin</i>",
        samenvatting="Samenvatting <b onmouseover=alert(1)>vet</b>",
        uitdaging="Regel een\n<script>alert('uitdaging')</script>",
        inhoud="## Kop\n\n<script>alert('inhoud')</script>\n\n<img src=x onerror=alert(1)>\n\n[link](javascript:alert(1))"
        " en **vet**",
    )
    pagina = client_for(None).get(item.get_absolute_url()).content.decode()
    assert "<script>alert" not in pagina and "onerror" not in pagina and "javascript:" not in pagina
    assert "<b onmouseover" not in pagina and "&lt;b onmouseover=alert(1)&gt;vet&lt;/b&gt;" in pagina
    assert "Titel &lt;i&gt;schuin&lt;/i&gt;" in pagina
    assert "Regel een<br>&lt;script&gt;" in pagina
    assert "<h4>Kop</h4>" in pagina and "<strong>vet</strong>" in pagina  # under "Meer over dit voorbeeld"


def test_the_item_page_shows_the_praktijk_parts_and_the_review_hint_to_editors(personas):
    item = KennisitemFactory(auteur=personas["on_eigen"], herzien_voor=datetime.date(2024, 1, 1))
    eigen = client_for(personas["on_eigen"]).get(item.get_absolute_url()).content.decode()
    assert "Uitdaging</h2>" in eigen and "Aanpak</h2>" in eigen
    assert "De herzieningsdatum is voorbij" in eigen and "/bewerken/" in eigen
    ander = client_for(personas["on_ander"]).get(item.get_absolute_url()).content.decode()
    assert "De herzieningsdatum is voorbij" not in ander and "/bewerken/" not in ander


def test_visitors_see_the_organisation_not_the_author(personas):
    item = KennisitemFactory(zichtbaarheid=Z.OPENBAAR, auteur=personas["on_eigen"])
    assert personas["on_eigen"].naam not in client_for(None).get(item.get_absolute_url()).content.decode()
    assert personas["on_eigen"].naam in client_for(personas["on_ander"]).get(item.get_absolute_url()).content.decode()


# --- Vote and view count ---------------------------------------------------------------------------------------------


def test_nuttig_toggles_one_vote_per_member(personas):
    item = KennisitemFactory()
    assert kennisitem_toggle_nuttig(kennisitem=item, door=personas["on_eigen"]) is True
    assert kennisitem_toggle_nuttig(kennisitem=item, door=personas["gemeente"]) is True
    item.refresh_from_db()
    assert item.aantal_nuttig == 2 and NuttigStem.objects.count() == 2
    assert kennisitem_toggle_nuttig(kennisitem=item, door=personas["on_eigen"]) is False
    item.refresh_from_db()
    assert item.aantal_nuttig == 1
    nuttig = AuditEvent.objects.filter(actie__startswith="kennisitem.nuttig").order_by("pk")
    assert list(nuttig.values_list("actie", flat=True)) == [
        "kennisitem.nuttig",
        "kennisitem.nuttig",
        "kennisitem.nuttig_ingetrokken",
    ]


def test_authors_do_not_vote_for_themselves(personas):
    item = KennisitemFactory(auteur=personas["on_eigen"])
    with pytest.raises(ValidationError):
        kennisitem_toggle_nuttig(kennisitem=item, door=personas["on_eigen"])
    response = client_for(personas["on_eigen"]).post(f"/werkgroepen/kennisbank/{item.pk}/nuttig/", follow=True)
    assert "U kunt uw eigen item niet nuttig noemen" in response.content.decode()
    item.refresh_from_db()
    assert item.aantal_nuttig == 0


def test_the_vote_button_on_the_page(personas):
    item = KennisitemFactory()
    client = client_for(personas["on_ander"])
    response = client.post(f"/werkgroepen/kennisbank/{item.pk}/nuttig/", follow=True)
    pagina = response.content.decode()
    assert "U vindt dit item nuttig; dank u wel." in pagina and "Stem ‘nuttig’ intrekken" in pagina
    assert '<dt class="col-sm-3">Nuttig gevonden</dt><dd class="col-sm-9">1 keer</dd>' in pagina


def test_a_view_counts_once_per_session_and_not_for_the_author(personas):
    item = KennisitemFactory(auteur=personas["on_eigen"])
    lid = client_for(personas["on_ander"])
    for client in (lid, lid, client_for(personas["on_ander"]), client_for(personas["on_eigen"]), client_for(None)):
        client.get(item.get_absolute_url())
    item.refresh_from_db()
    # Two sessions of on_ander count; the author and (for a leden item) the visitor do not.
    assert item.aantal_bekeken == 2


def test_register_view_remembers_a_bounded_list_in_the_session(personas):
    item = KennisitemFactory()
    sessie = {GEZIEN_SESSIE: list(range(10_000, 10_500))}
    kennisitem_register_view(kennisitem=item, door=personas["gemeente"], sessie=sessie)
    assert len(sessie[GEZIEN_SESSIE]) == 500 and sessie[GEZIEN_SESSIE][-1] == item.pk
    kennisitem_register_view(kennisitem=item, door=personas["gemeente"], sessie=sessie)
    item.refresh_from_db()
    assert item.aantal_bekeken == 1


# --- Related items ---------------------------------------------------------------------------------------------------


def test_related_items_explicit_first_then_shared_themes_then_werkgroep_visible_only(personas, werkgroep):
    samenwerking, sroi = ThemaFactory(), ThemaFactory()
    item = KennisitemFactory(werkgroep=werkgroep)
    item.themas.set([samenwerking, sroi])
    expliciet = KennisitemFactory(titel="Expliciet")
    item.gerelateerd.add(expliciet)
    twee_themas = KennisitemFactory(titel="Twee thema's")
    twee_themas.themas.set([samenwerking, sroi])
    een_thema = KennisitemFactory(titel="Eén thema")
    een_thema.themas.set([sroi])
    KennisitemFactory(titel="Zelfde werkgroep", werkgroep=werkgroep)
    KennisitemFactory(titel="Niets gemeen")
    verborgen = KennisitemFactory(titel="Verborgen", zichtbaarheid=Z.GEMEENTE)
    verborgen.themas.set([samenwerking, sroi])
    item.gerelateerd.add(verborgen)
    gerelateerd = kennisitem_gerelateerd(user=personas["on_eigen"], kennisitem=item)
    assert [i.titel for i in gerelateerd] == ["Expliciet", "Twee thema's", "Eén thema", "Zelfde werkgroep"]
    assert "Verborgen" in [i.titel for i in kennisitem_gerelateerd(user=personas["gemeente"], kennisitem=item)]


# --- Review reminder -------------------------------------------------------------------------------------------------


@pytest.fixture
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"


def ontvangers(vandaag=None) -> dict[str, list]:
    gevonden = {}
    for aanleiding in KENNISITEM_HERZIEN.zoek(vandaag or timezone.localdate()):
        gevonden.setdefault(aanleiding.ontvanger.email, []).append(
            (aanleiding.object.titel, aanleiding.context["reden"])
        )
    return gevonden


def test_the_review_reminder_is_weekly_by_default():
    assert KENNISITEM_HERZIEN.ritme == Ritme.WEKELIJKS and KENNISITEM_HERZIEN.standaard == Frequentie.WEKELIJKS
    assert set(KENNISITEM_HERZIEN.frequenties) == {Frequentie.WEKELIJKS, Frequentie.DIRECT, Frequentie.UIT}


def test_the_review_reminder_goes_to_the_author_then_trekkers_then_beheerders(personas, werkgroep, gemeente_auteur):
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    on_trekker = LidmaatschapFactory(werkgroep=werkgroep, rol="trekker", gebruiker=personas["on_ander"]).gebruiker
    gm_trekker = LidmaatschapFactory(werkgroep=werkgroep, rol="trekker", gebruiker=personas["gemeente"]).gebruiker
    vertrokken = UserFactory(status=User.Status.GEBLOKKEERD, organisatie=gemeente_auteur.organisatie)
    KennisitemFactory(titel="Van de auteur", auteur=personas["on_eigen"], herzien_voor=gisteren)
    KennisitemFactory(titel="Nog niet", auteur=personas["on_eigen"], herzien_voor=timezone.localdate())
    KennisitemFactory(titel="Wees", auteur=vertrokken, werkgroep=werkgroep, herzien_voor=gisteren)
    KennisitemFactory(
        titel="Wees intern",
        auteur=None,
        organisatie=None,
        werkgroep=werkgroep,
        zichtbaarheid=Z.GEMEENTE,
        herzien_voor=gisteren,
    )
    KennisitemFactory(titel="Wees zonder werkgroep", auteur=vertrokken, herzien_voor=gisteren)
    assert ontvangers() == {
        personas["on_eigen"].email: [("Van de auteur", "auteur")],
        on_trekker.email: [("Wees", "trekker")],
        gm_trekker.email: [("Wees", "trekker"), ("Wees intern", "trekker")],
        personas["beheerder"].email: [("Wees zonder werkgroep", "beheerder")],
    }


def test_the_review_reminder_mail_links_to_the_item(personas, _site_url):
    item = KennisitemFactory(
        titel="Checklist omgevingsmanagement",
        auteur=personas["on_eigen"],
        herzien_voor=datetime.date(2026, 1, 1),
    )
    maandag = datetime.date(2026, 3, 2)
    herinneringen_send(vandaag=maandag)
    herinneringen_send(vandaag=maandag)  # a second sweep sends nothing new
    berichten = [bericht for bericht in mail.outbox if personas["on_eigen"].email in bericht.to]
    assert len(berichten) == 1
    bericht = berichten[0]
    assert "Checklist omgevingsmanagement" in bericht.body and "1 januari 2026" in bericht.body
    assert f"http://testserver.example/werkgroepen/kennisbank/{item.pk}/" in bericht.body
    html = bericht.alternatives[0][0]
    assert f'href="http://testserver.example/werkgroepen/kennisbank/{item.pk}/"' in html


# --- Query counts ----------------------------------------------------------------------------------------------------


def _meer_items(werkgroep, thema):
    """Openbare items about a kademuur, through the service so PostgreSQL's search finds them too."""
    auteur = UserFactory()

    def grow(n):
        for _ in range(n):
            kennisitem_create(
                inhoud=inhoud(
                    titel="Herstel van een kademuur",
                    werkgroep=werkgroep,
                    zichtbaarheid=Z.OPENBAAR,
                    themas=[thema, ThemaFactory()],
                ),
                door=auteur,
            )

    return grow


@pytest.mark.parametrize(("rol", "verwacht"), [("anoniem", 7), ("on_eigen", 8)])
def test_search_page_queries_stay_put_as_the_kennisbank_grows(rol, verwacht, personas, werkgroep):
    assert_queries_stable(
        client_for(personas[rol]),
        "/werkgroepen/kennisbank/?q=kademuur",
        expected=verwacht,
        grow=_meer_items(werkgroep, ThemaFactory()),
    )


def test_filtered_search_page_queries_stay_put(personas, werkgroep):
    thema = ThemaFactory(slug="samenwerking")
    assert_queries_stable(
        client_for(personas["on_eigen"]),
        f"/werkgroepen/kennisbank/?werkgroep={werkgroep.slug}&thema=samenwerking&soort=praktijkvoorbeeld&jaar="
        f"{timezone.now().year}",
        expected=10,
        grow=_meer_items(werkgroep, thema),
    )


def test_item_page_queries_stay_put_with_more_tags_themes_attachments_and_related(personas, werkgroep):
    item = KennisitemFactory(werkgroep=werkgroep)

    def grow(n):
        for _ in range(n):
            thema = ThemaFactory()
            item.themas.add(thema)
            item.tags.add(Tag.objects.create(naam=f"tag {Tag.objects.count()}"))
            BijlageFactory(kennisitem=item)
            item.gerelateerd.add(KennisitemFactory())
            KennisitemFactory(werkgroep=werkgroep).themas.add(thema)

    assert_queries_stable(client_for(personas["on_eigen"]), item.get_absolute_url(), expected=8, grow=grow)
