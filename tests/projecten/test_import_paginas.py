"""The import pages: upload, preview (paginated, filtered by kind of row), commit, the template downloads, another
gemeente's import, and the pinned query counts."""

import io

from django.core.files.base import ContentFile

import openpyxl
import pytest

from projecten.models import Project, Projectimport
from tests.conftest import client_for
from tests.factories import OrganisatieFactory, ProjectFactory, ProjectimportFactory, UserFactory
from tests.projecten.test_import import KOPPEN, csv_bytes, planning_maken, rij, upload, xlsx_bytes
from tests.querycount import assert_queries_stable


@pytest.fixture
def planning(gemeente_org, personas):
    return planning_maken(gemeente_org, personas["gemeente"])


def tekst(response) -> str:
    """The page's HTML with its whitespace collapsed."""
    return " ".join(response.content.decode().split())


def post_bestand(client, inhoud: bytes, naam: str = "planning.csv", **velden):
    return client.post("/projecten/import/", {"bestand": upload(inhoud, naam), **velden})


def test_upload_preview_and_commit(planning, clients):
    client = clients["gemeente"]
    response = post_bestand(client, csv_bytes([rij(), rij(projectnummer="DOR-002", naam="Kade Wantij")]))
    projectimport = Projectimport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projecten/import/{projectimport.pk}/"

    pagina = tekst(client.get(response["Location"]))
    assert "Gecontroleerd, nog niets veranderd" in pagina
    assert "<li>Nieuwe projecten: 2</li> <li>Gewijzigde projecten: 0</li>" in pagina
    assert "Kade Wantij" in pagina and "Kwartaal van aanbesteding: 2027-K2" in pagina
    assert f'action="/projecten/import/{projectimport.pk}/verwerken/"' in pagina
    assert not Project.objects.exists()

    response = client.post(f"/projecten/import/{projectimport.pk}/verwerken/", follow=True)
    pagina = response.content.decode()
    assert "De planning is verwerkt: 2 nieuwe en 0 gewijzigde projecten." in pagina
    assert "Verwerkt op" in pagina
    assert Project.objects.count() == 2


def test_preview_of_an_update_shows_was_and_wordt(planning, clients):
    ProjectFactory(
        gemeente=planning["gemeente"],
        nummer="DOR-001",
        gebied=planning["binnenstad"],
        waardeklasse=planning["middel"],
        zekerheid="laag",
        raming=400_000,
    )
    post_bestand(clients["gemeente"], csv_bytes([rij()]))
    pagina = tekst(clients["gemeente"].get(f"/projecten/import/{Projectimport.objects.get().pk}/"))
    assert "Zekerheid: was Laag, wordt <strong>Hoog</strong>" in pagina
    assert "Raming (€, intern): was € 400.000, wordt <strong>€ 850.000</strong>" in pagina


def test_errors_are_shown_per_row_and_nothing_can_be_committed(planning, clients):
    client = clients["gemeente"]
    post_bestand(
        client, csv_bytes([rij(), rij(projectnummer="DOR-002", gebied="Nergenshuizen", kwartaal_start="2027-K1")])
    )
    projectimport = Projectimport.objects.get()
    assert projectimport.status == "fouten"
    pagina = client.get(f"/projecten/import/{projectimport.pk}/").content.decode()
    assert "1 rij met fouten: er is niets verwerkt" in pagina
    assert "Gebied ‘Nergenshuizen’ bestaat niet bij Gemeente Dordrecht (test)." in pagina
    assert "verwerken/" not in pagina

    response = client.post(f"/projecten/import/{projectimport.pk}/verwerken/", follow=True)
    assert "Dit bestand bevat fouten en wordt niet verwerkt." in response.content.decode()
    assert not Project.objects.exists()


def test_a_lapsed_import_says_so(planning, clients):
    post_bestand(clients["gemeente"], csv_bytes([rij()]))
    post_bestand(clients["gemeente"], csv_bytes([rij(naam="Nieuwere versie")]))
    oud = Projectimport.objects.earliest("pk")
    pagina = tekst(clients["gemeente"].get(f"/projecten/import/{oud.pk}/"))
    assert "Vervallen" in pagina and "alleen het nieuwste kan worden verwerkt" in pagina
    assert "verwerken/" not in pagina


def test_rows_are_filtered_by_kind_and_paginated(planning, clients):
    rijen = [rij(projectnummer=f"DOR-{n:03d}", naam=f"Project {n}") for n in range(120)]
    post_bestand(clients["gemeente"], csv_bytes(rijen))
    url = f"/projecten/import/{Projectimport.objects.get().pk}/"
    pagina = clients["gemeente"].get(url).content.decode()
    assert "Project 49<" in pagina and "Project 50<" not in pagina
    assert "Pagina 1 van 3" in pagina
    assert "Nieuw (120)" in pagina and "Met fouten (0)" not in pagina
    pagina = clients["gemeente"].get(url + "?toon=nieuw&pagina=3").content.decode()
    assert "Project 119<" in pagina and "Project 99<" not in pagina
    pagina = clients["gemeente"].get(url + "?toon=gewijzigd").content.decode()
    assert "Geen rijen van deze soort." in pagina


@pytest.mark.parametrize(
    ("inhoud", "naam", "melding"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "planning.csv", "is geen CSV-tekst"),
        (b"projectnummer;naam\nDOR-1;Kade\n", "planning.csv", "De verplichte kolom ‘gebied’ ontbreekt."),
        (b"x", "planning.xlsm", "Excel-bestand met macro&#x27;s"),
    ],
)
def test_an_unreadable_file_is_refused_on_the_form(planning, clients, inhoud, naam, melding):
    response = post_bestand(clients["gemeente"], inhoud, naam)
    assert response.status_code == 200
    pagina = response.content.decode()
    assert "Het bestand is niet ingelezen" in pagina and melding in pagina
    assert not Projectimport.objects.exists()


def test_a_beheerder_chooses_the_gemeente(planning, clients):
    zwijndrecht = OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht (test)")
    pagina = clients["beheerder"].get("/projecten/import/").content.decode()
    assert "Gemeente Zwijndrecht (test)" in pagina
    assert "Gemeente" not in clients["gemeente"].get("/projecten/import/").context["form"].fields
    post_bestand(clients["beheerder"], csv_bytes([rij()]), gemeente=zwijndrecht.pk)
    assert Projectimport.objects.get().gemeente == zwijndrecht
    # Gemeente staff cannot choose: the field is not there, and their own gemeente is used.
    post_bestand(clients["gemeente"], csv_bytes([rij()]), gemeente=zwijndrecht.pk)
    assert Projectimport.objects.latest("pk").gemeente == planning["gemeente"]


def test_another_gemeentes_import_is_not_found(planning, clients):
    ander = ProjectimportFactory(gemeente=OrganisatieFactory(gemeente=True))
    assert clients["gemeente"].get(f"/projecten/import/{ander.pk}/").status_code == 404
    assert clients["gemeente"].post(f"/projecten/import/{ander.pk}/verwerken/").status_code == 404
    assert ander.bestandsnaam not in clients["gemeente"].get("/projecten/import/").content.decode()
    assert clients["beheerder"].get(f"/projecten/import/{ander.pk}/").status_code == 200
    assert clients["on_eigen"].get(f"/projecten/import/{ander.pk}/").status_code == 403


def test_template_downloads(planning, clients):
    response = clients["gemeente"].get("/projecten/import/sjabloon.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="sjabloon-planning.xlsx"'
    boek = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert [cel.value for cel in next(boek["Projecten"].iter_rows(max_row=1))] == KOPPEN

    response = clients["gemeente"].get("/projecten/import/sjabloon.csv")
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeffprojectnummer;naam;omschrijving;gebied;")
    assert ";binnenstad;Riolering;Voorbereiding;" in tekst
    assert clients["gemeente"].get("/projecten/import/sjabloon.pdf").status_code == 404


def test_the_xlsx_template_filled_in_imports(planning, clients):
    post_bestand(clients["gemeente"], xlsx_bytes([rij(naam="Uit Excel")]), "Planning.xlsx")
    projectimport = Projectimport.objects.get()
    assert (projectimport.status, projectimport.bestandsnaam) == ("voorvertoning", "Planning.xlsx")


# --- Query counts -------------------------------------------------------------------------------------------------------


def test_upload_page_queries_are_pinned(planning, personas):
    client = client_for(personas["gemeente"])

    def grow(n):
        for _ in range(n):
            ProjectimportFactory(
                gemeente=planning["gemeente"], aangemaakt_door=UserFactory(organisatie=planning["gemeente"])
            )

    assert_queries_stable(client, "/projecten/import/", expected=3, grow=grow, base=25)


def test_preview_queries_are_pinned_however_long_the_file(planning, personas):
    """The preview reads the file again: gebieden, waardeklassen and projects (with their contractors) once each."""
    client = client_for(personas["gemeente"])
    projectimport = ProjectimportFactory(gemeente=planning["gemeente"], aangemaakt_door=personas["gemeente"])
    rijen = []

    def grow(n):
        for _ in range(n):
            nummer = f"DOR-{len(rijen):04d}"
            ProjectFactory(
                gemeente=planning["gemeente"],
                nummer=nummer,
                gebied=planning["binnenstad"],
                waardeklasse=planning["middel"],
            )
            rijen.append(rij(projectnummer=nummer))
        projectimport.bestand.save("planning.csv", ContentFile(csv_bytes(rijen)))

    assert_queries_stable(client, f"/projecten/import/{projectimport.pk}/", expected=6, grow=grow, base=60)
