"""Cached page fragments (kring/fragmenten.py): served again without queries, rebuilt after every kind of write,
never shown to someone who sees something else, and forms inside them post with the viewer's own CSRF token."""

import re

from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from kring import fragmenten
from kring.audit import audit_log
from projecten.models import Project
from tests.conftest import client_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
LIJST = reverse("projecten:lijst")


def zonder_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_a_warm_fragment_costs_no_query_of_its_own(personas):
    ProjectFactory.create_batch(3)
    client = client_for(personas["gemeente"])
    client.get(LIJST)  # the session's first request writes its clock
    fragmenten.vernieuw("projecten")
    koud, eerste = queries(client, LIJST)
    warm, tweede = queries(client, LIJST)
    assert warm == 1 < koud  # only the user (with organisation); the list, filters and count come from the cache
    # The same page, but for the masked CSRF token in the header's logout form, which differs on every request.
    assert zonder_token(tweede) == zonder_token(eerste)


def test_a_save_and_an_audited_bulk_update_both_rebuild_the_fragment(personas):
    project = ProjectFactory(naam="Kademuur Wolwevershaven")
    client = client_for(personas["gemeente"])
    assert "Kademuur Wolwevershaven" in client.get(LIJST).content.decode()

    project.naam = "Kademuur Nieuwe Haven"
    project.save()  # a save signal, as in a task or the admin
    assert "Kademuur Nieuwe Haven" in client.get(LIJST).content.decode()

    # A bulk update sends no signal; the service's audit event raises the generation.
    Project.objects.filter(pk=project.pk).update(naam="Kademuur Riedijkshaven")
    audit_log(actie="project.gewijzigd", obj=project)
    assert "Kademuur Riedijkshaven" in client.get(LIJST).content.decode()


def test_the_generation_is_raised_again_once_per_transaction_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(3):
            ProjectFactory()
    eigen = [c for c in callbacks if getattr(c, "__module__", "") == "kring.fragmenten"]
    # Three projects with their gemeenten and gebieden: one raise for kring and one for projecten, not one per row.
    assert len(eigen) == 2
    voor = fragmenten.Fragment("x", ("kring", "projecten")).ophalen()[1]
    for callback in eigen:
        callback()
    na = fragmenten.Fragment("x", ("kring", "projecten")).ophalen()[1]
    assert na[0] != voor[0] and na[1] != voor[1]


def test_people_who_see_different_things_never_share_a_fragment(personas, org_eigen, org_ander):
    """SROI progress lists the obligations one may see: another contractor's cached page is not served."""
    from tests.factories import VerplichtingFactory

    VerplichtingFactory(opdrachtnemer=org_eigen, project__naam="Fietsbrug Eigen")
    VerplichtingFactory(opdrachtnemer=org_ander, project__naam="Fietsbrug Ander")
    url = reverse("sroi:voortgang")
    eigen = client_for(personas["on_eigen"]).get(url).content.decode()
    ander = client_for(personas["on_ander"]).get(url).content.decode()
    assert org_eigen.naam in eigen and org_ander.naam not in eigen
    assert org_ander.naam in ander and org_eigen.naam not in ander


def test_a_cached_form_carries_the_viewers_own_csrf_token(personas, rf: RequestFactory):
    sjabloon = engines["django"].from_string(
        "{% load fragmenten %}{% fragment f %}<form method='post'>{% csrf_token %}</form>{% endfragment %}"
    )

    def render(geheim: str) -> str:
        request = rf.get("/projecten/")
        request.user = personas["gemeente"]
        request.META["CSRF_COOKIE"] = geheim
        html = sjabloon.render({"f": fragmenten.fragment(request, "proef", ("projecten",))}, request)
        return html.split('value="')[1].split('"')[0]

    eerste_geheim, tweede_geheim = "a" * 32, "b" * 32
    assert _unmask_cipher_token(render(eerste_geheim)) == eerste_geheim
    # Served from the cache, but with the second viewer's token, not the first one's.
    assert _unmask_cipher_token(render(tweede_geheim)) == tweede_geheim


def test_colleagues_share_a_cached_page_but_each_sees_their_own_name_and_messages(personas, org_eigen):
    """The project list is cached per organisation and role; the header's name and the flash messages are the
    viewer's own, also when the page comes from the cache."""
    from tests.factories import UserFactory

    project = ProjectFactory(naam="Rioolvervanging Vest")
    mia = client_for(personas["on_eigen"])
    collega = UserFactory(organisatie=org_eigen, naam="Collega Van Eigen")
    ander = client_for(collega)
    ander.get(reverse("kring:profiel"))  # the session's first request writes its clock
    assert personas["on_eigen"].naam in mia.get(LIJST).content.decode()  # built and cached for the organisation

    warm, html = queries(ander, LIJST)
    assert warm == 1 and collega.naam in html and personas["on_eigen"].naam not in html

    volgen = mia.post(reverse("projecten:interesse", args=[project.pk]), {"terug": LIJST}, follow=True)
    assert f"U volgt nu {project}." in volgen.content.decode()
    assert "U volgt nu" not in ander.get(LIJST).content.decode()
    assert "U volgt nu" not in mia.get(LIJST).content.decode()  # a message shows once
