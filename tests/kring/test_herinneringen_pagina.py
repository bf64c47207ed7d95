"""Mijn herinneringen: the choices per kind that applies to the person, saving them, and the reminders sent."""

import datetime
import re

from django.contrib.contenttypes.models import ContentType

import pytest

from kring.models import AuditEvent, Herinnering, HerinneringVoorkeur, User
from tests.conftest import client_for
from tests.querycount import assert_queries_stable

pytestmark = pytest.mark.django_db

URL = "/herinneringen/"


def herinnering(user, vervaldatum, *, soort="registraties_wachten", in_overzicht=False) -> Herinnering:
    return Herinnering(
        soort=soort,
        object_type=ContentType.objects.get_for_model(User),
        object_id=user.pk,
        ontvanger=user,
        vervaldatum=vervaldatum,
        in_overzicht=in_overzicht,
    )


def herinneringen_voor(user, n, *, soort="registraties_wachten"):
    """n more reminders sent to `user`, on consecutive days (unique keys)."""
    start = datetime.date(2026, 1, 1) + datetime.timedelta(days=Herinnering.objects.count())
    Herinnering.objects.bulk_create(
        herinnering(user, start + datetime.timedelta(days=i), soort=soort) for i in range(n)
    )


@pytest.fixture
def tekenbevoegde(personas):
    User.objects.filter(pk=personas["on_eigen"].pk).update(is_tekenbevoegd=True)
    personas["on_eigen"].refresh_from_db()
    return personas["on_eigen"]


def keuzes(client) -> dict:
    """The choices as the page shows them now: what a browser would post back unchanged."""
    form = client.get(URL).context["form"]
    return {naam: form[naam].value() for naam in form.fields}


def fieldset(inhoud: str, legenda: str) -> str:
    """The part of the page with the radio group of one kind."""
    return re.search(rf"<fieldset\b(?:(?!</fieldset>).)*{re.escape(legenda)}.*?</fieldset>", inhoud, re.S).group(0)


def test_a_member_sees_only_the_kinds_that_apply_and_the_empty_list(clients):
    inhoud = clients["on_ander"].get(URL).content.decode()
    assert "U heeft nog geen herinneringen gekregen." in inhoud
    assert "Registraties die op goedkeuring wachten" not in inhoud  # beheerders only
    assert "Intentieovereenkomst ondertekenen" not in inhoud  # not tekenbevoegd


def test_a_beheerder_chooses_for_registrations_without_switching_them_off(clients):
    inhoud = clients["beheerder"].get(URL).content.decode()
    registraties = fieldset(inhoud, "Registraties die op goedkeuring wachten")
    assert "<legend" in registraties
    assert 'value="direct"' in registraties and 'value="wekelijks"' in registraties
    assert 'value="uit"' not in registraties
    assert "Intentieovereenkomst ondertekenen" not in inhoud  # not tekenbevoegd


def test_an_entitled_signatory_chooses_for_signing_reminders(clients, tekenbevoegde):
    inhoud = clients["on_eigen"].get(URL).content.decode()
    assert 'value="uit"' in fieldset(inhoud, "Intentieovereenkomst ondertekenen")
    assert "Registraties die op goedkeuring wachten" not in inhoud


def test_saving_a_choice_stores_it_and_shows_it(clients, tekenbevoegde):
    gegevens = {**keuzes(clients["on_eigen"]), "overeenkomst_ondertekenen": "wekelijks"}
    response = clients["on_eigen"].post(URL, gegevens, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Uw keuzes zijn opgeslagen." in response.content.decode()
    assert HerinneringVoorkeur.objects.get(gebruiker=tekenbevoegde, soort="overeenkomst_ondertekenen").frequentie == (
        "wekelijks"
    )
    assert re.search(
        r'value="wekelijks"\s+id="id_overeenkomst_ondertekenen_1" required checked', response.content.decode()
    )
    assert AuditEvent.objects.filter(actie="herinneringvoorkeur.gewijzigd", actor=tekenbevoegde).count() == 1

    response = clients["on_eigen"].post(URL, gegevens, follow=True)
    assert "Er was niets gewijzigd." in response.content.decode()


def test_a_choice_the_kind_does_not_allow_is_refused_and_nothing_is_saved(clients):
    response = clients["beheerder"].post(URL, {"registraties_wachten": "uit"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze." in response.content.decode()
    assert not HerinneringVoorkeur.objects.exists()


def test_a_kind_that_does_not_apply_cannot_be_set_by_a_crafted_post(clients, personas):
    gegevens = {**keuzes(clients["on_eigen"]), "registraties_wachten": "wekelijks"}
    response = clients["on_eigen"].post(URL, gegevens, follow=True)
    assert response.status_code == 200
    assert not HerinneringVoorkeur.objects.filter(soort="registraties_wachten").exists()


def test_lists_only_the_persons_own_reminders_newest_first(clients, personas, tekenbevoegde):
    herinneringen_voor(personas["on_ander"], 1, soort="overeenkomst_ondertekenen")
    herinnering(tekenbevoegde, datetime.date(2026, 3, 2), soort="overeenkomst_ondertekenen", in_overzicht=True).save()
    herinnering(tekenbevoegde, datetime.date(2026, 2, 1), soort="een_oude_soort").save()
    pagina = clients["on_eigen"].get(URL).context["pagina"]
    rijen = [(h.soort_label, h.per_week, h.in_overzicht) for h in pagina.object_list]
    assert rijen == [("een_oude_soort", False, False), ("Intentieovereenkomst ondertekenen", True, True)]
    inhoud = clients["on_eigen"].get(URL).content.decode()
    assert "de week van 2 maart 2026" in inhoud and "in het weekoverzicht" in inhoud


def test_the_list_is_paginated(clients, personas):
    herinneringen_voor(personas["beheerder"], 45)
    response = clients["beheerder"].get(URL + "?pagina=3")
    assert len(response.context["pagina"].object_list) == 5
    assert "Pagina 3 van 3" in response.content.decode()


@pytest.mark.parametrize(("rol", "expected"), [("on_eigen", 5), ("beheerder", 5)])
def test_query_count(clients, personas, tekenbevoegde, rol, expected):
    """User, the choices, the page of reminders (count + rows), and one more: for a signatory the member check of
    `is_tekengerechtigd`, for a beheerder the second-factor check."""
    assert_queries_stable(
        client_for(personas[rol]), URL, expected=expected, grow=lambda n: herinneringen_voor(personas[rol], n)
    )
