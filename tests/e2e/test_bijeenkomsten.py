"""A meeting cycle in the browser: a trekker plans a werkgroep meeting (the agenda starts with the fixed items of the
kenniskring and the members get an invitation), adds an own item and moves it, and after the meeting records who was
there, writes the minutes with a decision and an actiepunt and adopts them; the owner then ticks the actiepunt off
under Mijn actiepunten. Every page on the way is checked with axe (hulp.visit and hulp.submit)."""

import datetime

from django.utils import timezone

import pytest

from tests.e2e.hulp import inloggen, mails_aan, submit, uitloggen, visit
from tests.factories import LidmaatschapFactory, OrganisatieFactory, UserFactory, WerkgroepFactory
from werkgroepen.models import Actiepunt, Bijeenkomst

pytestmark = pytest.mark.e2e

VASTE_AGENDA = ["Arbeidsmarkt", "Transitievraagstukken", "Voortgang uitvoeringsagenda", "Klaagpaal", "Hulpvraag"]


@pytest.fixture
def werkgroep(db):
    dordrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Dordrecht")
    merwedijk = OrganisatieFactory(naam="Merwedijk Infra B.V.")
    duurzaamheid = WerkgroepFactory(naam="Duurzaamheid", slug="duurzaamheid")
    trekker = UserFactory(naam="Tessa Trekker", email="tessa@dordrecht.test", organisatie=dordrecht)
    lid = UserFactory(naam="Bram Calculator", email="bram@merwedijk.test", organisatie=merwedijk)
    LidmaatschapFactory(werkgroep=duurzaamheid, gebruiker=trekker, rol="trekker")
    LidmaatschapFactory(werkgroep=duurzaamheid, gebruiker=lid)
    return {"werkgroep": duurzaamheid, "trekker": trekker, "lid": lid}


def agenda_titels(page) -> list[str]:
    return page.locator("main").get_by_role("region", name="Agenda").get_by_role("heading", level=3).all_inner_texts()


def test_vergadercyclus(page, werkgroep):
    lid = werkgroep["lid"]
    dag = timezone.localdate() + datetime.timedelta(days=21)

    # The trekker plans a meeting of the werkgroep.
    inloggen(page, "tessa@dordrecht.test")
    visit(page, "/werkgroepen/bijeenkomsten/")
    assert page.get_by_text("Er zijn geen bijeenkomsten gepland.").is_visible()
    submit(page, page.get_by_role("link", name="Nieuwe bijeenkomst"))
    page.get_by_label("Titel").fill("Werkgroep Duurzaamheid: MKI van asfalt")
    assert page.get_by_label("Werkgroep").locator("option").all_inner_texts() == ["Duurzaamheid"]
    page.get_by_label("Begin").fill(f"{dag:%Y-%m-%d}T15:00")
    page.get_by_label("Einde").fill(f"{dag:%Y-%m-%d}T14:00")  # before the start: refused in Dutch
    page.get_by_label("Locatie").fill("Stadskantoor, Spuiboulevard 300, Dordrecht")
    submit(page, page.get_by_role("button", name="Plannen en uitnodigen"))
    assert page.get_by_text("Het einde moet na het begin liggen.").is_visible()
    assert not Bijeenkomst.objects.exists()
    page.get_by_label("Einde").fill(f"{dag:%Y-%m-%d}T17:00")
    submit(page, page.get_by_role("button", name="Plannen en uitnodigen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Werkgroep Duurzaamheid: MKI van asfalt"
    assert agenda_titels(page) == VASTE_AGENDA
    vergadering = Bijeenkomst.objects.get()
    [uitnodiging] = mails_aan(lid.email)
    assert "Uitnodiging" in uitnodiging.subject and uitnodiging.attachments

    # An own item, moved in front of the fixed agenda.
    submit(page, page.get_by_role("link", name="Agenda bewerken"))
    nieuw = page.get_by_role("region", name="Eigen agendapunt toevoegen")
    nieuw.get_by_label("Titel").fill("Opening en mededelingen")
    submit(page, nieuw.get_by_role("button", name="Toevoegen"))
    assert page.get_by_text("Het agendapunt is toegevoegd.").is_visible()
    for _ in range(5):
        submit(page, page.get_by_role("button", name="Opening en mededelingen omhoog"))
    submit(page, page.get_by_role("link", name="Wijzigen Arbeidsmarkt"))
    page.get_by_label("Toelichting").fill("Eerste ervaringen met de gedeelde leerlingenpoule.")
    submit(page, page.get_by_role("button", name="Opslaan"))
    submit(page, page.get_by_role("link", name="Terug naar de bijeenkomst"))
    assert agenda_titels(page) == ["Opening en mededelingen", *VASTE_AGENDA]
    assert page.get_by_text("Eerste ervaringen met de gedeelde leerlingenpoule.").is_visible()

    # The member says they will come.
    uitloggen(page)
    inloggen(page, lid.email)
    visit(page, "/werkgroepen/bijeenkomsten/")
    submit(page, page.get_by_role("link", name="Werkgroep Duurzaamheid: MKI van asfalt"))
    submit(page, page.get_by_role("button", name="Ik kom", exact=True))
    assert page.get_by_text("U bent aangemeld. Tot dan!").is_visible()
    uitloggen(page)

    # The meeting takes place.
    nu = timezone.now()
    Bijeenkomst.objects.filter(pk=vergadering.pk).update(
        begin=nu - datetime.timedelta(hours=2), einde=nu - datetime.timedelta(minutes=5)
    )
    inloggen(page, "tessa@dordrecht.test")
    visit(page, f"/werkgroepen/bijeenkomsten/{vergadering.pk}/")
    submit(page, page.get_by_role("link", name="Aanwezigheid registreren"))
    assert page.get_by_label("Bram Calculator").is_checked()  # registered: proposed as present
    page.get_by_label("Tessa Trekker").check()
    submit(page, page.get_by_role("button", name="Aanwezigheid opslaan"))
    assert page.get_by_text("2 aanwezig").is_visible()

    submit(page, page.get_by_role("link", name="Verslag schrijven"))
    page.get_by_label("Verslag", exact=False).first.fill(
        "# MKI van asfalt\n\nMerwedijk rekende drie varianten door; de *warme* variant scoort het best."
    )
    page.get_by_role("group", name="Nieuw besluit 1").get_by_label("Besluit").fill(
        "De werkgroep stelt een MKI-eis voor bij het groot onderhoud van wegen."
    )
    actiepunt = page.get_by_role("group", name="Nieuw actiepunt 1")
    actiepunt.get_by_label("Actie").fill("Rekenmethode MKI delen met de werkgroep")
    actiepunt.get_by_label("Eigenaar").select_option(label="Bram Calculator (Merwedijk Infra B.V.)")
    actiepunt.get_by_label("Deadline").fill(f"{timezone.localdate() + datetime.timedelta(days=14):%Y-%m-%d}")
    submit(page, page.get_by_role("button", name="Verslag opslaan"))
    assert page.get_by_text("Het verslag is opgeslagen.").is_visible()
    assert page.get_by_role("heading", name="MKI van asfalt", level=3).is_visible()
    main = page.locator("main")
    assert main.get_by_role("button", name="Agenda als PDF").is_visible()
    assert main.get_by_role("button", name="Verslag als PDF").is_visible()

    submit(page, page.get_by_role("link", name="Verslag vaststellen"))
    submit(page, page.locator("main").get_by_role("button", name="Verslag vaststellen"))
    assert page.get_by_text("De bijeenkomst is nu gehouden.").is_visible()
    uitloggen(page)

    # The owner finds the actiepunt and ticks it off.
    inloggen(page, lid.email)
    visit(page, "/werkgroepen/actiepunten/")
    open_ = page.get_by_role("table", name="Uw open actiepunten, eerste deadline eerst")
    assert "Rekenmethode MKI delen met de werkgroep" in open_.inner_text()
    submit(page, open_.get_by_role("button", name="Gedaan (Rekenmethode MKI delen met de werkgroep)"))
    assert page.get_by_text("Het actiepunt staat op gedaan.").is_visible()
    assert page.get_by_text("U heeft geen open actiepunten.").is_visible()
    assert Actiepunt.objects.get().gedaan_op is not None
    visit(page, f"/werkgroepen/bijeenkomsten/{vergadering.pk}/")
    assert page.get_by_role("table", name="Actiepunten").get_by_text("gedaan").is_visible()


def test_tijd_en_plaats_wijzigen_en_annuleren(page, werkgroep):
    """The remaining organiser pages: changing time and place, and the confirmation for cancelling."""
    vergadering = Bijeenkomst.objects.create(
        titel="Werkgroep Duurzaamheid: rondleiding",
        werkgroep=werkgroep["werkgroep"],
        begin=timezone.now() + datetime.timedelta(days=9),
        einde=timezone.now() + datetime.timedelta(days=9, hours=2),
        locatie="Werf van Oostkil Betonwerken, Dordrecht",
        aangemaakt_door=werkgroep["trekker"],
    )
    inloggen(page, "tessa@dordrecht.test")
    visit(page, f"/werkgroepen/bijeenkomsten/{vergadering.pk}/bewerken/")
    page.get_by_label("Online link").fill("vergaderen.kringportaal.example/duurzaamheid")
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_role("link", name="https://vergaderen.kringportaal.example/duurzaamheid").is_visible()
    submit(page, page.get_by_role("link", name="Bijeenkomst annuleren"))
    submit(page, page.locator("main").get_by_role("button", name="Bijeenkomst annuleren"))
    assert page.get_by_text("Deze bijeenkomst is geannuleerd en gaat niet door.").is_visible()
