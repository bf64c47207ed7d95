"""The writes and reads of the gebiedsgerichte planning: opgaven, graafrust, decisions on koppelkansen (with their
log), the rules of who may change what, the wijk × jaar matrix against a direct count, and the graafrust warnings."""

import datetime
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from kring.models import AuditEvent
from projecten.koppelkansen import venster_van
from projecten.models import Graafrust, Koppelbesluit, Opgave
from projecten.permissions import mag_gebied_beheren
from projecten.selectors.gebieden import gebied_overzicht, gebiedsmatrix, projectjaar
from projecten.services.gebieden import (
    besluiten_vanuit,
    graafrust_create,
    graafrust_delete,
    koppelkans_decide,
    opgave_create,
    opgave_delete,
    opgave_update,
)
from tests.factories import (
    GebiedFactory,
    GraafrustFactory,
    KoppelkansFactory,
    OpgaveFactory,
    OrganisatieFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
VANDAAG = timezone.localdate()


@pytest.fixture
def gebied(gemeente_org):
    return GebiedFactory(gemeente=gemeente_org, naam="Crabbehof")


@pytest.fixture
def ander_gebied(db):
    return GebiedFactory(gemeente=OrganisatieFactory(gemeente=True), naam="Oostpolder")


def gegevens(**anders) -> dict:
    return {
        "titel": "Vervangen riolering Crabbehof-Noord",
        "thema": "riolering",
        "eigenaar": "gemeente",
        "eigenaar_naam": "Afdeling Beheer openbare ruimte",
        "venster_van": D(2027, 1, 1),
        "venster_tot": D(2028, 12, 31),
        "zekerheid": "hoog",
        "bron": "GRP 2024–2028",
        "project": None,
        **anders,
    }


# --- Who may change what ---------------------------------------------------------------------------------------------


def test_only_the_gebieds_own_gemeente_and_beheerders_manage_it(personas, gebied, ander_gebied):
    assert mag_gebied_beheren(personas["gemeente"], gebied)
    assert mag_gebied_beheren(personas["stuurgroep"], gebied)  # staff of the gemeente, with a role on top
    assert mag_gebied_beheren(personas["beheerder"], ander_gebied)
    assert not mag_gebied_beheren(personas["gemeente"], ander_gebied)
    for rol in ["on_eigen", "on_ander"]:
        assert not mag_gebied_beheren(personas[rol], gebied)


# --- Opgaven ---------------------------------------------------------------------------------------------------------


def test_create_update_delete_an_opgave_audited(personas, gebied):
    medewerker = personas["gemeente"]
    project = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied)
    opgave = opgave_create(gebied=gebied, door=medewerker, gegevens=gegevens(titel="  Riool Crabbehof  "))
    assert opgave.titel == "Riool Crabbehof" and opgave.gebied == gebied
    aangemaakt = AuditEvent.objects.get(actie="opgave.aangemaakt")
    assert aangemaakt.actor == medewerker and aangemaakt.na["venster_van"] == "2027-01-01"

    opgave_update(opgave=opgave, door=medewerker, gegevens=gegevens(titel="Riool Crabbehof", project=project))
    gewijzigd = AuditEvent.objects.get(actie="opgave.gewijzigd")
    assert gewijzigd.voor == {"project": None} and gewijzigd.na == {"project": str(project)}
    # Saving the same again records nothing.
    opgave_update(opgave=opgave, door=medewerker, gegevens=gegevens(titel="Riool Crabbehof", project=project))
    assert AuditEvent.objects.filter(actie="opgave.gewijzigd").count() == 1

    opgave_delete(opgave=opgave, door=medewerker)
    assert not Opgave.objects.exists()
    assert AuditEvent.objects.get(actie="opgave.verwijderd").voor["titel"] == "Riool Crabbehof"


def test_a_window_out_of_order_is_refused_in_dutch(personas, gebied):
    with pytest.raises(ValidationError) as fout:
        opgave_create(
            gebied=gebied,
            door=personas["gemeente"],
            gegevens=gegevens(venster_van=D(2028, 1, 1), venster_tot=D(2027, 1, 1)),
        )
    assert fout.value.message_dict["venster_tot"] == [
        "De uiterlijke datum (01-01-2027) ligt vóór de vroegste datum (01-01-2028). Kies een uiterlijke datum op of "
        "na de vroegste."
    ]
    assert not Opgave.objects.exists() and not AuditEvent.objects.exists()


def test_an_update_that_fails_changes_nothing(personas, gebied):
    opgave = OpgaveFactory(gebied=gebied, titel="Oud")
    with pytest.raises(ValidationError):
        opgave_update(
            opgave=opgave,
            door=personas["gemeente"],
            gegevens=gegevens(titel="Nieuw", venster_van=D(2028, 1, 1), venster_tot=D(2027, 1, 1)),
        )
    opgave.refresh_from_db()
    assert opgave.titel == "Oud"


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [("titel", '<script>alert("x")</script>'), ("bron", '<a href="javascript:alert(1)">GRP</a>')],
)
def test_script_in_an_opgave_is_refused(personas, gebied, veld, waarde):
    with pytest.raises(ValidationError) as fout:
        opgave_create(gebied=gebied, door=personas["gemeente"], gegevens=gegevens(**{veld: waarde}))
    assert "HTML die een script kan uitvoeren" in fout.value.message_dict[veld][0]
    assert not Opgave.objects.exists()


def test_the_project_of_an_opgave_belongs_to_the_same_gemeente(personas, gebied, ander_gebied):
    vreemd = ProjectFactory(gemeente=ander_gebied.gemeente, gebied=ander_gebied)
    with pytest.raises(ValidationError) as fout:
        opgave_create(gebied=gebied, door=personas["gemeente"], gegevens=gegevens(project=vreemd))
    assert fout.value.message_dict["project"] == [
        f"Kies een project van {gebied.gemeente}, de gemeente van dit gebied."
    ]


def test_contractors_and_another_gemeente_may_not_write(personas, gebied, ander_gebied):
    for rol in ["on_eigen", "on_ander"]:
        with pytest.raises(PermissionDenied):
            opgave_create(gebied=gebied, door=personas[rol], gegevens=gegevens())
    with pytest.raises(PermissionDenied):
        opgave_create(gebied=ander_gebied, door=personas["gemeente"], gegevens=gegevens())
    with pytest.raises(PermissionDenied):
        opgave_delete(opgave=OpgaveFactory(gebied=ander_gebied), door=personas["gemeente"])
    assert opgave_create(gebied=ander_gebied, door=personas["beheerder"], gegevens=gegevens()).pk
    assert Opgave.objects.count() == 2


# --- Graafrust -------------------------------------------------------------------------------------------------------


def test_graafrust_in_the_future_only(personas, gebied):
    medewerker = personas["gemeente"]
    with pytest.raises(ValidationError) as fout:
        graafrust_create(gebied=gebied, door=medewerker, gegevens={"locatie": "Singel", "tot": VANDAAG})
    assert "Kies een datum in de toekomst" in fout.value.message_dict["tot"][0]
    rust = graafrust_create(
        gebied=gebied, door=medewerker, gegevens={"locatie": " Singel ", "tot": VANDAAG + datetime.timedelta(days=1)}
    )
    assert rust.locatie == "Singel" and AuditEvent.objects.filter(actie="graafrust.toegevoegd").count() == 1
    graafrust_delete(graafrust=rust, door=medewerker)
    assert not Graafrust.objects.exists() and AuditEvent.objects.filter(actie="graafrust.verwijderd").count() == 1


def test_graafrust_of_another_gemeente_is_not_yours(personas, ander_gebied):
    with pytest.raises(PermissionDenied):
        graafrust_delete(graafrust=GraafrustFactory(gebied=ander_gebied), door=personas["gemeente"])


# --- Decisions on koppelkansen ---------------------------------------------------------------------------------------


def test_a_decision_needs_a_reason_and_is_logged(personas, gebied):
    medewerker = personas["gemeente"]
    koppelkans = KoppelkansFactory(gebied=gebied)
    with pytest.raises(ValidationError) as fout:
        koppelkans_decide(koppelkans=koppelkans, besluit="gebundeld", reden="   ", door=medewerker)
    assert fout.value.message_dict["reden"] == ["Geef een reden: het besluit komt in het logboek, ook voor later."]
    koppelkans.refresh_from_db()
    assert koppelkans.status == "open" and not Koppelbesluit.objects.exists()

    koppelkans_decide(
        koppelkans=koppelkans, besluit="gebundeld", reden="Eén bestek voor riool en straat.", door=medewerker
    )
    koppelkans.refresh_from_db()
    assert koppelkans.status == "gebundeld"
    assert AuditEvent.objects.get(actie="koppelkans.gebundeld").na == {
        "status": "gebundeld",
        "reden": "Eén bestek voor riool en straat.",
    }
    assert list(besluiten_vanuit(koppelkans)) == ["open"]

    # Not straight to "bewust niet": reopen first, with a reason too.
    with pytest.raises(ValidationError, match="kan niet naar ‘bewust niet’"):
        koppelkans_decide(koppelkans=koppelkans, besluit="bewust_niet", reden="Toch niet.", door=medewerker)
    koppelkans_decide(
        koppelkans=koppelkans, besluit="open", reden="Budget voor de straat is geschrapt.", door=medewerker
    )
    koppelkans_decide(koppelkans=koppelkans, besluit="bewust_niet", reden="Riool gaat eerst.", door=medewerker)
    koppelkans.refresh_from_db()
    log = [(besluit.besluit, besluit.reden, besluit.door) for besluit in koppelkans.besluiten.all()]
    assert log == [
        ("bewust_niet", "Riool gaat eerst.", medewerker),
        ("open", "Budget voor de straat is geschrapt.", medewerker),
        ("gebundeld", "Eén bestek voor riool en straat.", medewerker),
    ]
    assert koppelkans.status == "bewust_niet"


def test_an_unknown_decision_is_refused(personas, gebied):
    with pytest.raises(ValidationError, match="Kies een besluit"):
        koppelkans_decide(
            koppelkans=KoppelkansFactory(gebied=gebied), besluit="misschien", reden="x", door=personas["gemeente"]
        )


def test_only_the_own_gemeente_decides(personas, gebied, ander_gebied):
    for rol, kans in [("on_eigen", gebied), ("gemeente", ander_gebied)]:
        with pytest.raises(PermissionDenied):
            koppelkans_decide(
                koppelkans=KoppelkansFactory(gebied=kans), besluit="gebundeld", reden="Samen.", door=personas[rol]
            )
    assert not Koppelbesluit.objects.exists()


# --- The gebied page: graafrust warnings -----------------------------------------------------------------------------


def test_work_in_an_active_graafrust_is_flagged(personas, gebied):
    nu = VANDAAG
    vernieuwd = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied, naam="Herinrichting Singel")
    rust = GraafrustFactory(gebied=gebied, locatie="Singel", tot=nu + datetime.timedelta(days=400), project=vernieuwd)
    GraafrustFactory(gebied=gebied, locatie="Voorstraat", tot=nu - datetime.timedelta(days=1))  # over
    binnen = OpgaveFactory(
        gebied=gebied, titel="Glasvezel", venster_van=nu, venster_tot=nu + datetime.timedelta(days=30)
    )
    OpgaveFactory(
        gebied=gebied,
        titel="Later",
        venster_van=nu + datetime.timedelta(days=500),
        venster_tot=nu + datetime.timedelta(days=600),
    )
    project = ProjectFactory(gemeente=gebied.gemeente, gebied=gebied)  # starts next quarter: within 400 days
    # Taken up in the project: warned about through the project only.
    OpgaveFactory(gebied=gebied, titel="In het project", venster_van=nu, venster_tot=nu, project=project)
    overzicht = gebied_overzicht(user=personas["on_ander"], pk=gebied.pk)
    assert [rust.locatie for rust in overzicht.graafrust_actief] == ["Singel"]
    assert [rust.locatie for rust in overzicht.graafrust_verlopen] == ["Voorstraat"]
    assert {(w.graafrust, w.wat) for w in overzicht.waarschuwingen} == {(rust, binnen), (rust, project)}


# --- The wijk × jaar matrix ------------------------------------------------------------------------------------------


def test_matrix_figures_equal_a_direct_count(gebied):
    rng = random.Random(7)
    gebieden = [gebied, *GebiedFactory.create_batch(3, gemeente=gebied.gemeente)]
    ander = GebiedFactory()  # another gemeente: filtered out below
    jaar = VANDAAG.year
    for _ in range(40):
        kwartaal = D(jaar + rng.randrange(-1, 7), rng.choice([1, 4, 7, 10]), 1)
        ProjectFactory(
            gemeente=gebied.gemeente,
            gebied=rng.choice(gebieden),
            fase=rng.choice(["initiatief", "ontwerp", "uitvoering", "afgerond"]),
            soort_werk=rng.choice(["riolering", "wegen", "groen"]),
            aanbesteding_kwartaal=kwartaal if rng.random() < 0.8 else None,
            start_kwartaal=kwartaal,
        )
    for _ in range(40):
        van = D(jaar + rng.randrange(-2, 6), rng.randrange(1, 13), 1)
        OpgaveFactory(
            gebied=rng.choice(gebieden),
            thema=rng.choice(["groen", "spelen", "riolering"]),
            venster_van=van,
            venster_tot=van + datetime.timedelta(days=rng.randrange(10, 900)),
        )
    for _ in range(6):
        van = D(jaar + rng.randrange(-1, 6), 1, 1)
        KoppelkansFactory(gebied=rng.choice(gebieden), periode_van=van, periode_tot=D(van.year + 1, 6, 30))
        GraafrustFactory(gebied=rng.choice(gebieden), tot=VANDAAG + datetime.timedelta(days=rng.randrange(-300, 1500)))
    OpgaveFactory(gebied=ander, venster_van=D(jaar, 1, 1), venster_tot=D(jaar, 12, 31))

    matrix = gebiedsmatrix(gebieden=gebied.gemeente.gebieden.all())
    assert matrix.jaren == list(range(jaar, jaar + 5))
    assert {rij.gebied for rij in matrix.rijen} == set(gebieden)
    for rij in matrix.rijen:
        for j, cel in zip(matrix.jaren, rij.cellen, strict=True):
            begin, einde = D(j, 1, 1), D(j, 12, 31)
            projecten = {p for p in rij.gebied.projecten.all() if p.fase != "afgerond" and projectjaar(p) == j}
            opgaven = {o for o in rij.gebied.opgaven.all() if o.venster_van <= einde and o.venster_tot >= begin}
            kansen = {k for k in rij.gebied.koppelkansen.all() if k.periode_van <= einde and k.periode_tot >= begin}
            rust = {g for g in rij.gebied.graafrust.all() if g.tot >= VANDAAG and g.tot >= begin}
            assert set(cel.projecten) == projecten, (rij.gebied, j)
            assert set(cel.opgaven) == opgaven, (rij.gebied, j)
            assert set(cel.koppelkansen) == kansen, (rij.gebied, j)
            assert set(cel.graafrust) == rust, (rij.gebied, j)
            assert sum(n for _, n in cel.projecten_per_soort) == len(projecten)
            assert sum(n for _, n in cel.opgaven_per_thema) == len(opgaven)
            assert cel.leeg == (not (projecten or opgaven or kansen or rust))


def test_a_project_counts_in_its_tender_year_else_its_start_year():
    project = ProjectFactory.build(aanbesteding_kwartaal=D(2027, 10, 1), start_kwartaal=D(2028, 1, 1))
    assert projectjaar(project) == 2027
    project.aanbesteding_kwartaal = None
    assert projectjaar(project) == 2028
    assert venster_van(project).van == D(2028, 1, 1)


def test_user_without_membership_sees_nothing(gebied):
    from kring.models import User

    aanvrager = UserFactory(status=User.Status.AANGEVRAAGD, organisatie=gebied.gemeente)
    with pytest.raises(PermissionDenied):
        gebied_overzicht(user=aanvrager, pk=gebied.pk)
