"""Mijn herinneringen in the browser: a signatory and a beheerder change how their reminders come; axe on every page."""

import datetime

from django.contrib.contenttypes.models import ContentType

import pytest

from kring.models import Herinnering, HerinneringVoorkeur
from tests.e2e.hulp import inloggen, submit, visit
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.e2e


def test_tekenbevoegde_zet_de_ondertekenherinnering_in_het_weekoverzicht(page):
    directie = UserFactory(naam="Dora Directie", email="dora@bedrijf.test", is_tekenbevoegd=True)
    for weken_geleden in (2, 1):
        Herinnering.objects.create(
            soort="overeenkomst_ondertekenen",
            object_type=ContentType.objects.get_for_model(directie),
            object_id=directie.pk,
            ontvanger=directie,
            vervaldatum=datetime.date(2026, 3, 2) - datetime.timedelta(weeks=weken_geleden),
        )
    inloggen(page, "dora@bedrijf.test")
    visit(page, "/herinneringen/")
    assert page.get_by_role("table").get_by_role("row").count() == 3  # header and two reminders
    groep = page.get_by_role("group", name="Intentieovereenkomst ondertekenen")
    assert groep.get_by_role("radio", name="Als losse e-mail").is_checked()

    groep.get_by_role("radio", name="Gebundeld in het weekoverzicht (maandag)").check()
    submit(page, page.get_by_role("button", name="Opslaan"))

    assert page.get_by_text("Uw keuzes zijn opgeslagen.").is_visible()
    groep = page.get_by_role("group", name="Intentieovereenkomst ondertekenen")
    assert groep.get_by_role("radio", name="Gebundeld in het weekoverzicht (maandag)").is_checked()
    voorkeur = HerinneringVoorkeur.objects.get(gebruiker=directie, soort="overeenkomst_ondertekenen")
    assert voorkeur.frequentie == "wekelijks"


def test_beheerder_kan_registraties_bundelen_maar_niet_uitzetten(page):
    beheerder = UserFactory(naam="Bea Beheer", email="bea@gemeente.test", beheerder=True)
    secret = give_totp(beheerder)
    inloggen(page, "bea@gemeente.test", totp_secret=secret)
    visit(page, "/herinneringen/")
    groep = page.get_by_role("group", name="Registraties die op goedkeuring wachten")
    assert groep.get_by_role("radio").count() == 2
    assert page.get_by_text("U heeft nog geen herinneringen gekregen.").is_visible()

    groep.get_by_role("radio", name="Gebundeld in het weekoverzicht (maandag)").check()
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("Uw keuzes zijn opgeslagen.").is_visible()
    voorkeur = HerinneringVoorkeur.objects.get(gebruiker=beheerder, soort="registraties_wachten")
    assert voorkeur.frequentie == "wekelijks"


def test_lid_ziet_alleen_de_herinneringen_die_voor_hem_gelden(page):
    UserFactory(naam="Otto Opdracht", email="otto@bedrijf.test")
    inloggen(page, "otto@bedrijf.test")
    visit(page, "/herinneringen/")
    assert page.get_by_text("U heeft nog geen herinneringen gekregen.").is_visible()
    assert page.get_by_role("group", name="Registraties die op goedkeuring wachten").count() == 0
    assert page.get_by_role("group", name="Intentieovereenkomst ondertekenen").count() == 0
