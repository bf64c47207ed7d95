"""Beheerders manage the kennisbank's themes and tags in the admin; every change lands in the audit log."""

import pytest

from kring.models import AuditEvent
from tests.conftest import client_for
from tests.factories import KennisitemFactory, ThemaFactory
from werkgroepen.models import Tag, Thema

pytestmark = pytest.mark.django_db


def test_a_beheerder_adds_a_theme_and_it_is_audited(personas):
    client = client_for(personas["beheerder"])
    pagina = client.get("/admin/werkgroepen/thema/add/").content.decode()
    assert 'id="id_slug"' in pagina and "prepopulate" in pagina  # the slug follows the name as one types

    response = client.post("/admin/werkgroepen/thema/add/", {"naam": "Circulair bouwen", "slug": "circulair-bouwen"})
    assert response.status_code == 302
    thema = Thema.objects.get(slug="circulair-bouwen")
    event = AuditEvent.objects.get(actie="admin.thema.toegevoegd")
    assert event.object_id == str(thema.pk) and event.na == {"naam": "Circulair bouwen", "slug": "circulair-bouwen"}


def test_the_lists_count_the_items_per_theme_and_tag(personas):
    thema = ThemaFactory(naam="Bouwteams")
    tag = Tag.objects.create(naam="visbrug")
    for _ in range(2):
        KennisitemFactory().themas.add(thema)
    KennisitemFactory().tags.add(tag)
    client = client_for(personas["beheerder"])
    assert '<td class="field-aantal_items">2</td>' in client.get("/admin/werkgroepen/thema/").content.decode()
    assert '<td class="field-aantal_items">1</td>' in client.get("/admin/werkgroepen/tag/").content.decode()


def test_a_tag_is_spelled_like_the_tags_members_type(personas):
    client = client_for(personas["beheerder"])
    client.post("/admin/werkgroepen/tag/add/", {"naam": "  #Werk  met Werk "})
    assert list(Tag.objects.values_list("naam", flat=True)) == ["werk met werk"]
    response = client.post("/admin/werkgroepen/tag/add/", {"naam": "#"})
    assert response.status_code == 200 and "Geef een tag met letters of cijfers." in response.content.decode()
    assert Tag.objects.count() == 1
