"""Projects' services and rules: who creates and changes them, the checks with their Dutch messages (nothing
half-saved), the history of tracked fields with its reason, the fase flow (a transition table) and the award."""

import datetime
import re
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from projecten.ambitieweb import THEMAS, ambitieweb_scores, ambitieweb_valideren
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus
from projecten.models import Project, Projectwijziging
from projecten.permissions import mag_project_bewerken, mag_projecten_beheren, mag_projecten_zien, ziet_raming
from projecten.selectors.projecten import project_list, project_voor_bewerken, projectwijziging_list
from projecten.services.projecten import (
    FASE_OVERGANGEN,
    VOLGEVELDEN,
    fase_overgangen_vanuit,
    project_award,
    project_create,
    project_set_fase,
    project_update,
    project_valideren,
    volgstand,
    wijzigingen_vastleggen,
)
from tests.factories import (
    GebiedFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
    WaardeklasseFactory,
)

pytestmark = pytest.mark.django_db

Fase = Project.Fase
NU = huidig_kwartaal()


def kwartaal(plus: int) -> datetime.date:
    return kwartaal_plus(NU, plus)


@pytest.fixture
def gebied(gemeente_org):
    return GebiedFactory(gemeente=gemeente_org, naam="Reeland", code="reeland")


@pytest.fixture
def klasse(db):
    return WaardeklasseFactory(naam="€ 250.000 – € 1 mln", ondergrens=250_000, bovengrens=1_000_000)


@pytest.fixture
def project(gemeente_org, gebied, klasse):
    return ProjectFactory(gemeente=gemeente_org, gebied=gebied, waardeklasse=klasse, raming=Decimal("600000"))


def gegevens(gebied, klasse, **anders) -> dict:
    return {
        "nummer": "DOR-2026-017",
        "naam": "Rioolvervanging Reeland fase 2",
        "omschrijving": "Vervangen van het gemengde riool door een gescheiden stelsel.",
        "gebied": gebied,
        "soort_werk": "riolering",
        "aanbesteding_kwartaal": kwartaal(2),
        "start_kwartaal": kwartaal(3),
        "duur_maanden": 9,
        "waardeklasse": klasse,
        "raming": Decimal("750000"),
        "zekerheid": "midden",
        **anders,
    }


def fouten(fout: ValidationError) -> dict[str, list[str]]:
    return {veld: [str(bericht) for bericht in berichten] for veld, berichten in fout.message_dict.items()}


# --- Create ----------------------------------------------------------------------------------------------------------


def test_gemeente_creates_a_project_of_its_own_and_it_is_audited(personas, gemeente_org, gebied, klasse):
    medewerker = personas["gemeente"]
    project = project_create(
        gemeente=gemeente_org,
        door=medewerker,
        gegevens=gegevens(
            gebied,
            klasse,
            # Any day of a quarter, or the quarter written out: stored as its first day.
            aanbesteding_kwartaal=kwartaal(2) + datetime.timedelta(days=40),
            start_kwartaal=f"Q{kwartaal(3).month // 3 + 1} {kwartaal(3).year}",
            ambitieweb={"energie": "2", "materialen": 3, "welzijn": None},
            contactpersoon=medewerker,
            naam="  Rioolvervanging Reeland fase 2 ",
        ),
    )
    project.refresh_from_db()
    assert (project.aanbesteding_kwartaal, project.start_kwartaal) == (kwartaal(2), kwartaal(3))
    assert project.ambitieweb == {"energie": 2, "materialen": 3}
    assert project.naam == "Rioolvervanging Reeland fase 2"
    assert project.fase == Fase.INITIATIEF
    assert not project.wijzigingen.exists()
    event = AuditEvent.objects.get(actie="project.aangemaakt")
    assert event.actor == medewerker and event.na["nummer"] == "DOR-2026-017" and event.na["raming"] == "750000"


def test_who_may_create_where(personas, gemeente_org, gebied, klasse):
    andere_gemeente = OrganisatieFactory(gemeente=True)
    for rol in ["on_eigen", "on_ander"]:
        with pytest.raises(PermissionDenied):
            project_create(gemeente=gemeente_org, door=personas[rol], gegevens=gegevens(gebied, klasse))
    with pytest.raises(PermissionDenied):
        project_create(gemeente=andere_gemeente, door=personas["gemeente"], gegevens=gegevens(gebied, klasse))
    # A beheerder creates for any gemeente, with that gemeente's wijk.
    wijk = GebiedFactory(gemeente=andere_gemeente)
    project = project_create(
        gemeente=andere_gemeente, door=personas["beheerder"], gegevens=gegevens(wijk, klasse, nummer="Z-1")
    )
    assert project.gemeente == andere_gemeente
    with pytest.raises(ValidationError, match="Alleen een gemeente"):
        project_create(
            gemeente=personas["on_eigen"].organisatie, door=personas["beheerder"], gegevens=gegevens(gebied, klasse)
        )


@pytest.mark.parametrize(
    ("anders", "veld", "tekst"),
    [
        ({"start_kwartaal": kwartaal(1)}, "start_kwartaal", "niet beginnen vóór de aanbesteding"),
        ({"verschuifbaar_vanaf": kwartaal(1)}, "verschuifbaar_tot", "Vul beide kwartalen"),
        (
            {"verschuifbaar_vanaf": kwartaal(3), "verschuifbaar_tot": kwartaal(1)},
            "verschuifbaar_tot",
            "eindigt vóór het begint",
        ),
        (
            {"verschuifbaar_vanaf": kwartaal(3), "verschuifbaar_tot": kwartaal(4)},
            "aanbesteding_kwartaal",
            "buiten het venster",
        ),
        (
            {"aanbesteding_kwartaal": None, "verschuifbaar_vanaf": kwartaal(1), "verschuifbaar_tot": kwartaal(2)},
            "aanbesteding_kwartaal",
            "alleen schuiven als het een kwartaal van aanbesteding heeft",
        ),
        ({"aanbesteding_kwartaal": "volgend voorjaar"}, "aanbesteding_kwartaal", "geen kwartaal"),
        ({"raming": Decimal("1500000")}, "raming", "valt niet in de waardeklasse"),
        ({"raming": Decimal("-5")}, "raming", "0 of meer"),
        ({"mki_doel": Decimal("-1")}, "mki_doel", "0 of meer"),
        ({"omschrijving": "Zie <script>alert(1)</script>"}, "omschrijving", "script"),
        ({"naam": '<img src=x onerror="alert(1)">'}, "naam", "script"),
        ({"ambitieweb": {"energie": 5}}, "ambitieweb", "0, 1, 2 of 3"),
        ({"ambitieweb": {"geluk": 1}}, "ambitieweb", "Onbekend thema"),
        (
            {"besproken_in_kring_op": timezone.localdate() + datetime.timedelta(days=1)},
            "besproken_in_kring_op",
            "vandaag of eerder",
        ),
        ({"duur_maanden": 0}, "duur_maanden", "minstens 1"),
        ({"co2_niveau": 6}, "co2_niveau", "hoogstens 5"),
        ({"soort_werk": "ruimtevaart"}, "soort_werk", "geen geldige keuze"),
        ({"nummer": ""}, "nummer", "niet leeg"),
    ],
)
def test_bad_input_gets_a_dutch_message_at_its_field_and_nothing_is_saved(
    personas, gemeente_org, gebied, klasse, anders, veld, tekst
):
    with pytest.raises(ValidationError) as fout:
        project_create(gemeente=gemeente_org, door=personas["gemeente"], gegevens=gegevens(gebied, klasse, **anders))
    assert tekst in " ".join(fouten(fout.value).get(veld, [])), fouten(fout.value)
    assert "Constraint" not in str(fout.value)
    assert not Project.objects.exists()
    assert not AuditEvent.objects.filter(actie__startswith="project.").exists()


def test_rules_between_objects(personas, gemeente_org, gebied, klasse, project):
    andere_gemeente = OrganisatieFactory(gemeente=True, naam="Gemeente Zwijndrecht (test)")
    vreemde_wijk = GebiedFactory(gemeente=andere_gemeente, naam="Heerjansdam")
    buitenstaander = UserFactory(organisatie=andere_gemeente)
    with pytest.raises(ValidationError) as fout:
        project_create(
            gemeente=gemeente_org,
            door=personas["gemeente"],
            gegevens=gegevens(vreemde_wijk, klasse, nummer=project.nummer, contactpersoon=buitenstaander),
        )
    assert fouten(fout.value) == {
        "gebied": ["Kies een gebied van Gemeente Dordrecht (test)."],
        "nummer": [f"Gemeente Dordrecht (test) heeft al een project met nummer {project.nummer}."],
        "contactpersoon": ["Kies een actieve medewerker van Gemeente Dordrecht (test)."],
    }
    # The same number in another gemeente is fine.
    project_create(
        gemeente=andere_gemeente,
        door=personas["beheerder"],
        gegevens=gegevens(vreemde_wijk, klasse, nummer=project.nummer),
    )


def test_valideren_checks_without_saving(gemeente_org, gebied, klasse):
    project = project_valideren(project=Project(gemeente=gemeente_org), gegevens=gegevens(gebied, klasse))
    assert project.pk is None and project.aanbesteding_kwartaal == kwartaal(2)
    with pytest.raises(ValueError, match="opdrachtnemers"):
        project_valideren(project=Project(gemeente=gemeente_org), gegevens={"opdrachtnemers": []})


# --- Update and history ----------------------------------------------------------------------------------------------


def test_each_changed_tracked_field_becomes_a_history_row_with_the_reason(personas, project, klasse):
    medewerker = personas["gemeente"]
    grote_klasse = WaardeklasseFactory(naam="€ 1 – 3 mln", ondergrens=1_000_000, bovengrens=3_000_000)
    voor = timezone.now()
    project_update(
        project=project,
        door=medewerker,
        gegevens={
            "aanbesteding_kwartaal": kwartaal(3),
            "start_kwartaal": kwartaal(4),
            "waardeklasse": grote_klasse,
            "raming": Decimal("1200000"),
            "procedure": "europees",
            "naam": "Herinrichting Dorpsstraat (nieuwe naam)",
        },
        reden="  Vergunning van het waterschap komt later.  ",
    )
    rijen = {rij.veld: rij for rij in Projectwijziging.objects.filter(project=project)}
    assert set(rijen) == {"aanbesteding_kwartaal", "start_kwartaal", "waardeklasse", "procedure"}
    rij = rijen["aanbesteding_kwartaal"]
    assert (rij.oude_waarde, rij.nieuwe_waarde) == (
        f"{kwartaal(1).year}-K{(kwartaal(1).month - 1) // 3 + 1}",
        f"{kwartaal(3).year}-K{(kwartaal(3).month - 1) // 3 + 1}",
    )
    assert (rijen["waardeklasse"].oude_waarde, rijen["waardeklasse"].nieuwe_waarde) == (klasse.naam, "€ 1 – 3 mln")
    assert (rijen["procedure"].oude_waarde, rijen["procedure"].nieuwe_waarde) == ("Nog onbekend", "Europees openbaar")
    assert {(rij.reden, rij.door) for rij in rijen.values()} == {
        ("Vergunning van het waterschap komt later.", medewerker)
    }
    assert len({rij.op for rij in rijen.values()}) == 1
    project.refresh_from_db()
    assert project.gewijzigd_op >= voor and project.naam.endswith("(nieuwe naam)")
    event = AuditEvent.objects.get(actie="project.gewijzigd")
    assert event.voor["raming"] == "600000.00" and event.na["raming"] == "1200000"
    assert event.na["reden"] == "Vergunning van het waterschap komt later."
    # The page shows it newest first, with the field's label.
    regels = projectwijziging_list(project=project)
    assert {regel.veld for regel in regels} >= {"kwartaal van aanbesteding", "waardeklasse"}
    assert regels[0].door == medewerker.naam


def test_a_tracked_change_needs_a_reason_and_nothing_is_saved_without_one(personas, project):
    with pytest.raises(ValidationError) as fout:
        project_update(
            project=project,
            door=personas["gemeente"],
            gegevens={"aanbesteding_kwartaal": kwartaal(4), "start_kwartaal": kwartaal(5), "naam": "Anders"},
            reden="  ",
        )
    assert list(fouten(fout.value)) == ["reden"] and "Geef een reden" in fouten(fout.value)["reden"][0]
    project.refresh_from_db()
    assert project.aanbesteding_kwartaal == kwartaal(1) and project.naam != "Anders"
    assert not Projectwijziging.objects.exists() and not AuditEvent.objects.exists()


def test_untracked_changes_need_no_reason_and_make_no_history(personas, project):
    project_update(
        project=project, door=personas["gemeente"], gegevens={"naam": "Nieuwe naam", "sroi_percentage": 5}, reden=""
    )
    project.refresh_from_db()
    assert project.naam == "Nieuwe naam" and project.sroi_percentage == 5
    assert not Projectwijziging.objects.exists()
    assert AuditEvent.objects.filter(actie="project.gewijzigd").count() == 1


def test_saving_without_changes_changes_nothing(personas, project):
    gewijzigd_op = project.gewijzigd_op
    project_update(project=project, door=personas["gemeente"], gegevens={"naam": project.naam}, reden="")
    project.refresh_from_db()
    assert project.gewijzigd_op == gewijzigd_op and not AuditEvent.objects.exists()


def test_only_the_projects_own_gemeente_and_beheerders_change_it(personas, project):
    collega_elders = UserFactory(organisatie=OrganisatieFactory(gemeente=True))
    for gebruiker in [personas["on_eigen"], personas["on_ander"], collega_elders]:
        with pytest.raises(PermissionDenied):
            project_update(project=project, door=gebruiker, gegevens={"naam": "Gekaapt"}, reden="")
        with pytest.raises(PermissionDenied):
            project_set_fase(project=project, fase=Fase.AANBESTEDING, reden="", door=gebruiker)
    project_update(project=project, door=personas["beheerder"], gegevens={"naam": "Door de beheerder"}, reden="")
    assert Project.objects.get(pk=project.pk).naam == "Door de beheerder"


def test_the_edit_selector_gives_403_to_contractors_and_404_to_another_gemeente(personas, project):
    for rol in ["on_eigen", "on_ander"]:
        with pytest.raises(PermissionDenied):
            project_voor_bewerken(user=personas[rol], pk=project.pk)
    collega_elders = UserFactory(organisatie=OrganisatieFactory(gemeente=True))
    with pytest.raises(Http404):
        project_voor_bewerken(user=collega_elders, pk=project.pk)
    for rol in ["gemeente", "stuurgroep", "beheerder"]:
        assert project_voor_bewerken(user=personas[rol], pk=project.pk) == project
    assert list(project_list(user=personas["on_ander"])) == [project]
    assert not project_list(user=AnonymousUser()).exists()


def test_wijzigingen_vastleggen_returns_unsaved_rows_for_bulk_use(personas, project):
    voor = volgstand(project)
    na = {**voor, "zekerheid": "hoog", "duur_maanden": 12, "naam": "niet gevolgd"}
    rijen = wijzigingen_vastleggen(project=project, voor=voor, na=na, reden="Raming herzien.", door=None)
    assert [(rij.veld, rij.oude_waarde, rij.nieuwe_waarde) for rij in rijen] == [
        ("duur_maanden", "6", "12"),
        ("zekerheid", "Midden", "Hoog"),
    ]
    assert all(rij.pk is None for rij in rijen)
    assert wijzigingen_vastleggen(project=project, voor=voor, na=dict(voor), reden="", door=None) == []
    with pytest.raises(ValidationError, match="Geef een reden"):
        wijzigingen_vastleggen(project=project, voor=voor, na=na, reden="", door=None)
    assert set(voor) == set(VOLGEVELDEN)


# --- The fase flow ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("van", Fase.values)
@pytest.mark.parametrize("naar", Fase.values)
def test_the_transition_table_decides_every_step(personas, project, van, naar):
    Project.objects.filter(pk=project.pk).update(fase=van)
    project.refresh_from_db()
    project.opdrachtnemers.add(personas["on_eigen"].organisatie)
    toegestaan = (van, naar) in FASE_OVERGANGEN
    if not toegestaan:
        with pytest.raises(ValidationError):
            project_set_fase(project=project, fase=naar, reden="Omdat het moet.", door=personas["gemeente"])
        assert Project.objects.get(pk=project.pk).fase == van
        return
    project_set_fase(project=project, fase=naar, reden="Omdat het moet.", door=personas["gemeente"])
    assert Project.objects.get(pk=project.pk).fase == naar
    rij = Projectwijziging.objects.get(project=project, veld="fase")
    assert (rij.oude_waarde, rij.nieuwe_waarde) == (Fase(van).label, Fase(naar).label)


def test_the_table_goes_back_one_step_only_and_afgerond_is_final():
    volgorde = Fase.values
    for (van, naar), richting in FASE_OVERGANGEN.items():
        stap = volgorde.index(naar) - volgorde.index(van)
        assert (richting == "terug") == (stap < 0)
        assert stap >= -1
    assert not [overgang for overgang in FASE_OVERGANGEN if overgang[0] == Fase.AFGEROND]


def test_forward_needs_no_reason_back_does(personas, project):
    medewerker = personas["gemeente"]
    project_set_fase(project=project, fase=Fase.AANBESTEDING, reden="", door=medewerker)
    rij = Projectwijziging.objects.get(veld="fase")
    assert rij.reden == "Volgende fase volgens planning."
    with pytest.raises(ValidationError, match="alleen met een reden"):
        project_set_fase(project=project, fase=Fase.VOORBEREIDING, reden=" ", door=medewerker)
    with pytest.raises(ValidationError, match="Terug kan alleen één fase tegelijk"):
        project_set_fase(project=project, fase=Fase.INITIATIEF, reden="Opnieuw beginnen.", door=medewerker)
    project_set_fase(project=project, fase=Fase.VOORBEREIDING, reden="Inschrijvingen te hoog.", door=medewerker)
    assert Project.objects.get(pk=project.pk).fase == Fase.VOORBEREIDING
    with pytest.raises(ValidationError, match="al in fase"):
        project_set_fase(project=project, fase=Fase.VOORBEREIDING, reden="", door=medewerker)


def test_execution_starts_only_after_the_award(personas, project):
    Project.objects.filter(pk=project.pk).update(fase=Fase.AANBESTEDING)
    with pytest.raises(ValidationError, match="Gun het project eerst"):
        project_set_fase(project=project, fase=Fase.UITVOERING, reden="", door=personas["gemeente"])


def test_a_fase_change_through_update_follows_the_table_too(personas, project):
    with pytest.raises(ValidationError, match="kan niet naar fase afgerond"):
        project_update(project=project, door=personas["gemeente"], gegevens={"fase": Fase.AFGEROND}, reden="Klaar.")
    assert Project.objects.get(pk=project.pk).fase == Fase.VOORBEREIDING


def test_overgangen_vanuit_lists_the_buttons_in_flow_order(project):
    project.fase = Fase.AANBESTEDING
    assert fase_overgangen_vanuit(project) == [
        (Fase.VOORBEREIDING, "Voorbereiding", True),
        (Fase.UITVOERING, "Uitvoering", False),
    ]
    project.fase = Fase.AFGEROND
    assert fase_overgangen_vanuit(project) == []


# --- The award -------------------------------------------------------------------------------------------------------


def test_award_from_aanbesteding_on_to_contractors_only(personas, project, gemeente_org):
    medewerker = personas["gemeente"]
    eigen, ander = personas["on_eigen"].organisatie, personas["on_ander"].organisatie
    with pytest.raises(ValidationError, match="vanaf de fase aanbesteding"):
        project_award(project=project, opdrachtnemers=[eigen], door=medewerker)
    Project.objects.filter(pk=project.pk).update(fase=Fase.AANBESTEDING)
    with pytest.raises(ValidationError, match="minstens één"):
        project_award(project=project, opdrachtnemers=[], door=medewerker)
    with pytest.raises(ValidationError, match=re.escape(f"niet: {gemeente_org.naam}")):
        project_award(project=project, opdrachtnemers=[eigen, gemeente_org], door=medewerker)
    with pytest.raises(PermissionDenied):
        project_award(project=project, opdrachtnemers=[eigen], door=personas["on_eigen"])
    assert not project.opdrachtnemers.exists()

    project_award(project=project, opdrachtnemers=[ander, eigen], door=medewerker)
    assert set(project.opdrachtnemers.all()) == {eigen, ander}
    rij = Projectwijziging.objects.get(veld="opdrachtnemers")
    assert rij.oude_waarde == "" and rij.nieuwe_waarde == ", ".join(sorted([eigen.naam, ander.naam]))
    assert rij.reden == "Gegund."
    assert AuditEvent.objects.filter(actie="project.gegund").count() == 1
    # The same choice again changes nothing; a new choice replaces it.
    project_award(project=project, opdrachtnemers=[eigen, ander], door=medewerker)
    assert Projectwijziging.objects.filter(veld="opdrachtnemers").count() == 1
    project_award(project=project, opdrachtnemers=[eigen], door=medewerker)
    assert list(project.opdrachtnemers.all()) == [eigen]
    project_set_fase(project=project, fase=Fase.UITVOERING, reden="", door=medewerker)


# --- Permissions and the ambitieweb ----------------------------------------------------------------------------------


def test_permissions_per_role(personas, project):
    verwacht = {
        # role: (zien, beheren, dit project bewerken, raming zien)
        "on_eigen": (True, False, False, False),
        "on_ander": (True, False, False, False),
        "gemeente": (True, True, True, True),
        "stuurgroep": (True, True, True, True),
        "beheerder": (True, True, True, True),
    }
    for rol, (zien, beheren, bewerken, raming) in verwacht.items():
        gebruiker = personas[rol]
        assert (
            mag_projecten_zien(gebruiker),
            mag_projecten_beheren(gebruiker),
            mag_project_bewerken(gebruiker, project),
            ziet_raming(gebruiker, project),
        ) == (zien, beheren, bewerken, raming), rol
    collega_elders = UserFactory(organisatie=OrganisatieFactory(gemeente=True))
    assert mag_projecten_beheren(collega_elders) and not mag_project_bewerken(collega_elders, project)
    assert not ziet_raming(collega_elders, project)
    geblokkeerd = UserFactory(organisatie=project.gemeente, status="geblokkeerd")
    assert not mag_projecten_zien(geblokkeerd) and not mag_project_bewerken(geblokkeerd, project)


def test_ambitieweb_has_twelve_themes_and_levels_zero_to_three():
    assert len(THEMAS) == 12
    assert ambitieweb_valideren(None) == {} == ambitieweb_valideren({})
    assert ambitieweb_valideren({"water": "0", "energie": 3, "bodem": ""}) == {"energie": 3, "water": 0}
    for fout in [{"energie": True}, {"energie": "hoog"}, {"energie": -1}, {"energie": 2.5}, ["energie"]]:
        with pytest.raises(ValidationError):
            ambitieweb_valideren(fout)
    scores = ambitieweb_scores({"welzijn": 1, "energie": 3, "onbekend": 2})
    assert [(score.label, score.niveau) for score in scores] == [("Energie", 3), ("Welzijn", 1)]
    assert scores[0].niveau_label.startswith("Toegevoegde waarde")
