"""The ledenlijst: visibility, filters, the balance, organisation pages, and account management by beheerders."""

import datetime
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

import pytest
from allauth.usersessions.models import UserSession

from kring.filters import OrganisatieFilter, PersoonFilter
from kring.models import AuditEvent, Organisatie, User
from kring.permissions import kan_gebruikers_beheren, kan_leden_exporteren, ziet_alle_leden
from kring.selectors.leden import leden_balans, organisatie_lijst, persoon_lijst
from kring.services.leden import gebruiker_block, gebruiker_reactivate, gebruiker_set_rollen
from tests.factories import WACHTWOORD, LidmaatschapFactory, OrganisatieFactory, UserFactory, WerkgroepFactory
from tests.querycount import assert_queries_stable
from werkgroepen.models import Lidmaatschap

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
GISTEREN = VANDAAG - datetime.timedelta(days=1)
VIER_JAAR_GELEDEN = VANDAAG - datetime.timedelta(days=4 * 366)


@pytest.fixture
def voorgesteld():
    return OrganisatieFactory(naam="Voorgesteld Grondverzet B.V.", voorgesteld=True)


@pytest.fixture
def beeindigd():
    return OrganisatieFactory(
        naam="Gestopt Straatwerk B.V.", plaats="Sliedrecht", lid_sinds=datetime.date(2019, 3, 28), lid_tot=GISTEREN
    )


@pytest.fixture
def bureau():
    return OrganisatieFactory(naam="Programmabureau Test", soort=Organisatie.Soort.OVERIG, kvk_nummer="")


def namen(queryset) -> list[str]:
    return [obj.naam for obj in queryset]


# --- Permissions ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("regel", [ziet_alle_leden, kan_leden_exporteren, kan_gebruikers_beheren])
def test_only_active_beheerders_manage_the_ledenlijst(personas, regel):
    from django.contrib.auth.models import AnonymousUser

    assert [rol for rol, user in personas.items() if regel(user or AnonymousUser())] == ["beheerder"]
    beheerder = personas["beheerder"]
    beheerder.status = User.Status.GEBLOKKEERD
    assert not regel(beheerder)


# --- Visibility -------------------------------------------------------------------------------------------------------


def test_members_see_member_organisations_beheerders_also_proposed(personas, voorgesteld, beeindigd):
    lid = namen(organisatie_lijst(user=personas["on_ander"]))
    assert voorgesteld.naam not in lid and beeindigd.naam in lid
    assert personas["on_eigen"].organisatie.naam in lid and lid == sorted(lid)
    assert voorgesteld.naam in namen(organisatie_lijst(user=personas["beheerder"]))


def test_members_see_active_people_only(personas, voorgesteld):
    organisatie = personas["on_eigen"].organisatie
    UserFactory(naam="Aanvrager Eigen", organisatie=organisatie, aangevraagd=True)
    UserFactory(naam="Geblokkeerd Eigen", organisatie=organisatie, status=User.Status.GEBLOKKEERD)
    UserFactory(naam="Aanvrager Voorgesteld", organisatie=voorgesteld, aangevraagd=True)
    systeem = UserFactory(naam="Systeem Beheer", organisatie=None, beheerder=True)

    lid = namen(persoon_lijst(user=personas["on_ander"]))
    assert "Opdrachtnemer Eigen" in lid and "Beheerder Test" in lid
    assert not {"Aanvrager Eigen", "Geblokkeerd Eigen", "Aanvrager Voorgesteld", systeem.naam} & set(lid)
    beheerder = namen(persoon_lijst(user=personas["beheerder"]))
    assert {"Aanvrager Eigen", "Geblokkeerd Eigen", "Aanvrager Voorgesteld", systeem.naam} <= set(beheerder)
    # The number of people counts active accounts only.
    rij = organisatie_lijst(user=personas["beheerder"]).get(pk=organisatie.pk)
    assert rij.aantal_personen == 1


def test_list_pages_keep_contact_data_for_beheerders(clients, personas, voorgesteld):
    for url in ["/leden/personen/", f"/leden/organisaties/{personas['on_eigen'].organisatie_id}/"]:
        lid = clients["on_ander"].get(url).content.decode()
        assert "Opdrachtnemer Eigen" in lid and "on-eigen@bedrijf.test" not in lid
        assert f"/beheer/gebruikers/{personas['on_eigen'].pk}/" not in lid
        beheerder = clients["beheerder"].get(url).content.decode()
        assert "on-eigen@bedrijf.test" in beheerder and f"/beheer/gebruikers/{personas['on_eigen'].pk}/" in beheerder
    organisatie_pagina = clients["gemeente"].get(f"/leden/organisaties/{personas['on_eigen'].organisatie_id}/")
    assert personas["on_eigen"].organisatie.kvk_nummer not in organisatie_pagina.content.decode()
    assert "voorgesteld" not in clients["gemeente"].get("/leden/").content.decode()
    assert voorgesteld.naam in clients["beheerder"].get("/leden/").content.decode()


def test_organisation_page(clients, personas):
    organisatie = personas["on_eigen"].organisatie
    collega = UserFactory(naam="Fenna Directievoerder", organisatie=organisatie)
    geblokkeerd = UserFactory(naam="Oud Collega", organisatie=organisatie, status=User.Status.GEBLOKKEERD)
    pp = WerkgroepFactory(naam="Past performance", volgorde=1)
    sroi = WerkgroepFactory(naam="SROI", volgorde=4)
    LidmaatschapFactory(gebruiker=collega, werkgroep=sroi, rol="trekker", van=datetime.date(2021, 2, 1))
    LidmaatschapFactory(gebruiker=personas["on_eigen"], werkgroep=pp, van=datetime.date(2023, 5, 1))
    LidmaatschapFactory(gebruiker=personas["on_eigen"], werkgroep=sroi, van=datetime.date(2019, 1, 1), tot=GISTEREN)
    LidmaatschapFactory(gebruiker=geblokkeerd, werkgroep=pp)

    response = clients["on_ander"].get(f"/leden/organisaties/{organisatie.pk}/")
    assert response.status_code == 200
    overzicht = response.context["overzicht"]
    assert namen(overzicht.personen) == ["Fenna Directievoerder", "Opdrachtnemer Eigen"]
    deelnames = [(lm.werkgroep.naam, lm.gebruiker.naam, lm.rol, lm.van) for lm in overzicht.deelnames]
    assert deelnames == [
        ("Past performance", "Opdrachtnemer Eigen", "lid", datetime.date(2023, 5, 1)),
        ("SROI", "Fenna Directievoerder", "trekker", datetime.date(2021, 2, 1)),
    ]
    html = response.content.decode()
    assert "lid sinds 28 maart 2019" in html and "1 februari 2021" in html and "Oud Collega" not in html

    beheerder = clients["beheerder"].get(f"/leden/organisaties/{organisatie.pk}/")
    assert "Oud Collega" in beheerder.content.decode() and organisatie.kvk_nummer in beheerder.content.decode()
    assert len(beheerder.context["overzicht"].deelnames) == 3


def test_proposed_or_unknown_organisation_is_not_found(clients, voorgesteld):
    for rol in ["on_eigen", "on_ander", "gemeente", "stuurgroep"]:
        assert clients[rol].get(f"/leden/organisaties/{voorgesteld.pk}/").status_code == 404
        assert clients[rol].get("/leden/organisaties/999999/").status_code == 404
    assert clients["beheerder"].get(f"/leden/organisaties/{voorgesteld.pk}/").status_code == 200
    assert clients["beheerder"].get("/leden/organisaties/999999/").status_code == 404


# --- Filters ----------------------------------------------------------------------------------------------------------


class _Request:
    def __init__(self, user):
        self.user = user


def gefilterd(filter_class, user, queryset, **data) -> list[str]:
    filterset = filter_class(data, queryset=queryset, request=_Request(user))
    assert filterset.is_valid(), filterset.errors
    return namen(filterset.qs)


def test_organisation_filters_narrow(personas, voorgesteld, beeindigd, bureau):
    beheerder = personas["beheerder"]
    alle = organisatie_lijst(user=beheerder)
    werkgroep = WerkgroepFactory()
    LidmaatschapFactory(gebruiker=personas["on_eigen"], werkgroep=werkgroep)
    LidmaatschapFactory(
        gebruiker=personas["on_ander"], werkgroep=werkgroep, van=datetime.date(2020, 1, 1), tot=GISTEREN
    )
    later = VANDAAG + datetime.timedelta(days=30)
    LidmaatschapFactory(gebruiker=UserFactory(organisatie=bureau), werkgroep=werkgroep, van=later)

    def filter_op(**data):
        return gefilterd(OrganisatieFilter, beheerder, alle, **data)

    assert len(filter_op()) == 6
    assert filter_op(zoek="papendrecht") == ["Wegenbouw Papendrecht Test B.V."]  # name
    assert filter_op(zoek="sliedrecht") == [beeindigd.naam]  # plaats
    assert filter_op(soort="gemeente") == ["Gemeente Dordrecht (test)"]
    assert filter_op(soort="overig") == [bureau.naam]
    # Only running memberships count: not the ended one, not the one that starts next month.
    assert filter_op(werkgroep=werkgroep.pk) == ["Grondwerk Zwijndrecht Test B.V."]
    assert beeindigd.naam not in filter_op(lidmaatschap="lopend") and voorgesteld.naam not in filter_op(
        lidmaatschap="lopend"
    )
    assert len(filter_op(lidmaatschap="lopend")) == 4
    assert filter_op(lidmaatschap="beeindigd") == [beeindigd.naam]
    assert filter_op(lidmaatschap="voorgesteld") == [voorgesteld.naam]
    assert filter_op(soort="opdrachtnemer", lidmaatschap="lopend", zoek="grond") == ["Grondwerk Zwijndrecht Test B.V."]


def test_members_cannot_filter_on_proposed(personas, voorgesteld):
    user = personas["on_eigen"]
    filterset = OrganisatieFilter(
        {"lidmaatschap": "voorgesteld"}, queryset=organisatie_lijst(user=user), request=_Request(user)
    )
    assert not filterset.is_valid()
    keuzes = [waarde for waarde, _ in filterset.form.fields["lidmaatschap"].choices]
    assert keuzes == ["", "lopend", "beeindigd"]


def test_person_filters_narrow(personas, bureau):
    beheerder = personas["beheerder"]
    alle = persoon_lijst(user=beheerder)
    werkgroep = WerkgroepFactory()
    LidmaatschapFactory(gebruiker=personas["gemeente"], werkgroep=werkgroep)
    LidmaatschapFactory(
        gebruiker=personas["on_ander"], werkgroep=werkgroep, van=datetime.date(2020, 1, 1), tot=GISTEREN
    )
    UserFactory(naam="Aanvrager Bureau", organisatie=bureau, aangevraagd=True)

    def filter_op(**data):
        return gefilterd(PersoonFilter, beheerder, alle, **data)

    assert len(filter_op()) == 6
    assert filter_op(zoek="ander") == ["Opdrachtnemer Ander"]  # name
    assert filter_op(zoek="papendrecht") == ["Opdrachtnemer Ander"]  # organisation
    assert filter_op(soort="opdrachtnemer") == ["Opdrachtnemer Ander", "Opdrachtnemer Eigen"]
    assert filter_op(soort="overig") == ["Aanvrager Bureau"]
    assert filter_op(werkgroep=werkgroep.pk) == ["Gemeente Medewerker"]
    assert filter_op(status="aangevraagd") == ["Aanvrager Bureau"]
    assert len(filter_op(status="actief")) == 5


def test_members_get_no_status_filter(personas):
    user = personas["gemeente"]
    filterset = PersoonFilter({"status": "geblokkeerd"}, queryset=persoon_lijst(user=user), request=_Request(user))
    assert "status" not in filterset.form.fields
    assert len(filterset.qs) == 5  # the parameter is ignored: members see active accounts only


def test_list_page_filters_and_paginates(clients, personas):
    for nummer in range(30):
        OrganisatieFactory(naam=f"Kademuur {nummer:02d} B.V.", plaats="Zwijndrecht")
    response = clients["on_eigen"].get("/leden/?zoek=kademuur&soort=opdrachtnemer")
    assert response.status_code == 200
    pagina = response.context["pagina"]
    assert (pagina.paginator.count, len(pagina.object_list)) == (30, 25)
    html = response.content.decode()
    assert "30 organisaties" in html
    assert "?zoek=kademuur&amp;soort=opdrachtnemer&amp;pagina=2" in html  # the next page keeps the filters
    tweede = clients["on_eigen"].get("/leden/?zoek=kademuur&soort=opdrachtnemer&pagina=2")
    assert namen(tweede.context["pagina"].object_list) == [f"Kademuur {nummer} B.V." for nummer in range(25, 30)]


def test_empty_and_invalid_filters(clients):
    leeg = clients["on_eigen"].get("/leden/personen/?zoek=niemand-heet-zo")
    assert "Geen personen gevonden met deze filters." in leeg.content.decode()
    # An impossible choice is shown as an error at its field and left out of the filtering.
    ongeldig = clients["on_eigen"].get("/leden/?werkgroep=999999&soort=opdrachtnemer")
    assert ongeldig.status_code == 200
    assert "Selecteer een geldige keuze" in ongeldig.content.decode()
    assert ongeldig.context["pagina"].paginator.count == 2


# --- Balance ----------------------------------------------------------------------------------------------------------


def test_balance_equals_a_direct_count(personas, voorgesteld, beeindigd, bureau):
    gemeente2 = OrganisatieFactory(gemeente=True)
    werkgroepen = WerkgroepFactory.create_batch(3)
    mensen = {
        "gemeente": personas["gemeente"],
        "stuurgroep": personas["stuurgroep"],
        "on_eigen": personas["on_eigen"],
        "on_ander": personas["on_ander"],
        "extra_on": UserFactory(organisatie=personas["on_eigen"].organisatie),
        "gemeente2": UserFactory(organisatie=gemeente2),
        "geblokkeerd": UserFactory(organisatie=personas["on_ander"].organisatie, status=User.Status.GEBLOKKEERD),
        "beeindigd": UserFactory(organisatie=beeindigd),
        "voorgesteld": UserFactory(organisatie=voorgesteld, aangevraagd=True),
        "bureau": UserFactory(organisatie=bureau),
    }
    for index, persoon in enumerate(mensen.values()):
        for nummer, werkgroep in enumerate(werkgroepen):
            if (index + nummer) % 3 == 0:
                LidmaatschapFactory(gebruiker=persoon, werkgroep=werkgroep, van=VIER_JAAR_GELEDEN)
            elif (index + nummer) % 3 == 1:
                LidmaatschapFactory(
                    gebruiker=persoon, werkgroep=werkgroep, van=datetime.date(2020, 1, 1), tot=GISTEREN
                )
            else:
                LidmaatschapFactory(gebruiker=persoon, werkgroep=werkgroep, van=VANDAAG - datetime.timedelta(days=40))

    leden = [
        o
        for o in Organisatie.objects.all()
        if o.lid_sinds and o.lid_sinds <= VANDAAG and not (o.lid_tot and o.lid_tot < VANDAAG)
    ]
    actief = [u for u in User.objects.all() if u.status == User.Status.ACTIEF and u.organisatie in leden]
    lopend = [
        lm
        for lm in Lidmaatschap.objects.select_related("gebruiker__organisatie")
        if lm.van <= VANDAAG and (lm.tot is None or lm.tot >= VANDAAG) and lm.gebruiker in actief
    ]

    def per_soort(rijen, soort):
        return sum(1 for rij in rijen if rij.soort == soort)

    balans = leden_balans()
    assert (
        (balans.organisaties_gemeente, balans.organisaties_opdrachtnemer)
        == (
            per_soort(leden, "gemeente"),
            per_soort(leden, "opdrachtnemer"),
        )
        == (2, 2)
    )
    assert (balans.personen_gemeente, balans.personen_opdrachtnemer) == (
        per_soort([u.organisatie for u in actief], "gemeente"),
        per_soort([u.organisatie for u in actief], "opdrachtnemer"),
    )
    assert (balans.lidmaatschappen_gemeente, balans.lidmaatschappen_opdrachtnemer) == (
        per_soort([lm.gebruiker.organisatie for lm in lopend], "gemeente"),
        per_soort([lm.gebruiker.organisatie for lm in lopend], "opdrachtnemer"),
    )
    assert balans.lidmaatschappen_langer_dan_rotatie == sum(1 for lm in lopend if lm.van == VIER_JAAR_GELEDEN) > 0


def test_balance_is_shown_on_the_ledenlijst(clients):
    html = clients["stuurgroep"].get("/leden/personen/").content.decode()
    assert "Verhouding in de kring" in html and "Rotatie:" in html


# --- Services ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def lid(personas):
    return UserFactory(naam="Bram Calculator", organisatie=personas["on_eigen"].organisatie)


def test_set_rollen_is_audited_with_before_and_after(personas, lid):
    gebruiker_set_rollen(
        gebruiker=lid, is_stuurgroep=True, is_beheerder=False, is_tekenbevoegd=True, door=personas["beheerder"]
    )
    lid.refresh_from_db()
    assert (lid.is_stuurgroep, lid.is_beheerder, lid.is_tekenbevoegd) == (True, False, True)
    event = AuditEvent.objects.get(actie="account.rollen_gewijzigd", object_id=str(lid.pk))
    assert event.actor == personas["beheerder"]
    assert event.voor == {"is_stuurgroep": False, "is_beheerder": False, "is_tekenbevoegd": False}
    assert event.na == {"is_stuurgroep": True, "is_beheerder": False, "is_tekenbevoegd": True}

    # The same roles again: nothing to store, nothing to audit.
    gebruiker_set_rollen(
        gebruiker=lid, is_stuurgroep=True, is_beheerder=False, is_tekenbevoegd=True, door=personas["beheerder"]
    )
    assert AuditEvent.objects.filter(actie="account.rollen_gewijzigd").count() == 1


def test_beheerder_cannot_drop_own_role(personas):
    beheerder = personas["beheerder"]
    with pytest.raises(ValidationError) as fout:
        gebruiker_set_rollen(
            gebruiker=beheerder, is_stuurgroep=True, is_beheerder=False, is_tekenbevoegd=True, door=beheerder
        )
    assert fout.value.message_dict == {
        "is_beheerder": ["U kunt uw eigen beheerdersrol niet intrekken. Vraag dat aan een andere beheerder."]
    }
    beheerder.refresh_from_db()
    assert (beheerder.is_stuurgroep, beheerder.is_beheerder, beheerder.is_tekenbevoegd) == (False, True, False)
    assert not AuditEvent.objects.filter(actie="account.rollen_gewijzigd").exists()
    # Another beheerder may.
    tweede = UserFactory(beheerder=True, organisatie=beheerder.organisatie)
    gebruiker_set_rollen(
        gebruiker=beheerder, is_stuurgroep=False, is_beheerder=False, is_tekenbevoegd=False, door=tweede
    )
    beheerder.refresh_from_db()
    assert not beheerder.is_beheerder


@pytest.mark.parametrize("organisatie", ["overig", None])
def test_tekenbevoegd_only_for_gemeente_or_opdrachtnemer(personas, bureau, organisatie):
    persoon = UserFactory(organisatie=bureau if organisatie else None)
    with pytest.raises(ValidationError) as fout:
        gebruiker_set_rollen(
            gebruiker=persoon, is_stuurgroep=True, is_beheerder=False, is_tekenbevoegd=True, door=personas["beheerder"]
        )
    assert fout.value.message_dict == {
        "is_tekenbevoegd": ["Alleen medewerkers van een gemeente of een opdrachtnemer kunnen tekenbevoegd zijn."]
    }
    persoon.refresh_from_db()
    assert not persoon.is_stuurgroep and not persoon.is_tekenbevoegd  # nothing half-saved
    gebruiker_set_rollen(
        gebruiker=personas["gemeente"],
        is_stuurgroep=False,
        is_beheerder=False,
        is_tekenbevoegd=True,
        door=personas["beheerder"],
    )
    assert User.objects.get(pk=personas["gemeente"].pk).is_tekenbevoegd


@pytest.mark.parametrize("rol", ["on_eigen", "gemeente", "stuurgroep"])
def test_only_beheerders_manage_accounts(personas, lid, rol):
    door = personas[rol]
    with pytest.raises(PermissionDenied):
        gebruiker_set_rollen(gebruiker=lid, is_stuurgroep=True, is_beheerder=True, is_tekenbevoegd=False, door=door)
    with pytest.raises(PermissionDenied):
        gebruiker_block(gebruiker=lid, reden="Geen reden", door=door)
    with pytest.raises(PermissionDenied):
        gebruiker_reactivate(gebruiker=lid, door=door)
    lid.refresh_from_db()
    assert (lid.status, lid.is_beheerder) == (User.Status.ACTIEF, False)


def test_block_ends_sessions_and_reactivate(personas, lid):
    client = Client()
    client.post("/account/login/", {"login": lid.email, "password": WACHTWOORD})  # a real login records the session
    assert client.get("/leden/").status_code == 200
    assert UserSession.objects.filter(user=lid).exists()

    gebruiker_block(gebruiker=lid, reden="Werkt niet meer bij het bedrijf.", door=personas["beheerder"])
    lid.refresh_from_db()
    assert (lid.status, lid.status_reden) == (User.Status.GEBLOKKEERD, "Werkt niet meer bij het bedrijf.")
    assert not UserSession.objects.filter(user=lid).exists()
    assert client.get("/leden/")["Location"].startswith("/account/login/")
    event = AuditEvent.objects.get(actie="account.geblokkeerd", object_id=str(lid.pk))
    assert event.na == {"status": "geblokkeerd", "reden": "Werkt niet meer bij het bedrijf."}

    gebruiker_reactivate(gebruiker=lid, door=personas["beheerder"])
    lid.refresh_from_db()
    assert (lid.status, lid.status_reden) == (User.Status.ACTIEF, "")
    assert AuditEvent.objects.filter(actie="account.heractiveerd", object_id=str(lid.pk)).exists()


@pytest.mark.parametrize(
    ("status", "actie", "melding"),
    [
        ("aangevraagd", "block", "Alleen een actief account kan worden geblokkeerd."),
        ("geblokkeerd", "block", "Alleen een actief account kan worden geblokkeerd."),
        ("actief", "reactivate", "Alleen een geblokkeerd account kan weer actief worden."),
        ("aangevraagd", "reactivate", "Alleen een geblokkeerd account kan weer actief worden."),
    ],
)
def test_status_changes_that_do_not_fit(personas, status, actie, melding):
    persoon = UserFactory(status=status)
    with pytest.raises(ValidationError) as fout:
        if actie == "block":
            gebruiker_block(gebruiker=persoon, reden="Reden", door=personas["beheerder"])
        else:
            gebruiker_reactivate(gebruiker=persoon, door=personas["beheerder"])
    assert fout.value.messages[0].startswith(melding)
    persoon.refresh_from_db()
    assert persoon.status == status
    assert not AuditEvent.objects.exists()


def test_block_needs_a_reason_and_not_yourself(personas, lid):
    with pytest.raises(ValidationError):
        gebruiker_block(gebruiker=lid, reden="  ", door=personas["beheerder"])
    with pytest.raises(ValidationError) as fout:
        gebruiker_block(gebruiker=personas["beheerder"], reden="Proef", door=personas["beheerder"])
    assert fout.value.messages == ["U kunt de status van uw eigen account niet wijzigen."]
    assert User.objects.filter(status=User.Status.GEBLOKKEERD).count() == 0


# --- Account page -----------------------------------------------------------------------------------------------------


def test_account_page_blocks_with_a_reason(clients, personas, lid):
    client = clients["beheerder"]
    LidmaatschapFactory(gebruiker=lid, werkgroep=WerkgroepFactory(naam="Continuïteit"), rol="trekker")
    pagina = client.get(f"/beheer/gebruikers/{lid.pk}/")
    html = pagina.content.decode()
    assert "Bram Calculator" in html and "Continuïteit" in html and "Account blokkeren" in html
    assert client.get(f"/beheer/gebruikers/{lid.pk}/blokkeren/").status_code == 405

    zonder_reden = client.post(f"/beheer/gebruikers/{lid.pk}/blokkeren/", {"reden": " "})
    assert zonder_reden.status_code == 200
    assert "Dit veld is verplicht." in zonder_reden.content.decode()
    lid.refresh_from_db()
    assert lid.status == User.Status.ACTIEF

    response = client.post(f"/beheer/gebruikers/{lid.pk}/blokkeren/", {"reden": "Vertrokken."}, follow=True)
    assert response.redirect_chain == [(f"/beheer/gebruikers/{lid.pk}/", 302)]
    html = response.content.decode()
    assert "Het account van Bram Calculator is geblokkeerd." in html and "Account heractiveren" in html
    assert "Reden: Vertrokken." in html

    # Twice: refused with a message, nothing changed.
    nogmaals = client.post(f"/beheer/gebruikers/{lid.pk}/blokkeren/", {"reden": "Nogmaals."}, follow=True)
    assert "Alleen een actief account kan worden geblokkeerd." in nogmaals.content.decode()
    assert AuditEvent.objects.filter(actie="account.geblokkeerd").count() == 1

    terug = client.post(f"/beheer/gebruikers/{lid.pk}/heractiveren/", follow=True)
    assert "Het account van Bram Calculator is weer actief." in terug.content.decode()
    lid.refresh_from_db()
    assert lid.status == User.Status.ACTIEF


def test_account_page_sets_roles(clients, personas, lid):
    client = clients["beheerder"]
    response = client.post(
        f"/beheer/gebruikers/{lid.pk}/rollen/", {"is_stuurgroep": "on", "is_tekenbevoegd": "on"}, follow=True
    )
    assert "De rollen van Bram Calculator zijn opgeslagen." in response.content.decode()
    lid.refresh_from_db()
    assert (lid.is_stuurgroep, lid.is_beheerder, lid.is_tekenbevoegd) == (True, False, True)

    beheerder = personas["beheerder"]
    eigen = client.post(f"/beheer/gebruikers/{beheerder.pk}/rollen/", {})
    assert eigen.status_code == 200
    assert "U kunt uw eigen beheerdersrol niet intrekken." in eigen.content.decode()
    assert User.objects.get(pk=beheerder.pk).is_beheerder


def test_account_page_for_applicants_and_yourself(clients, personas):
    aanvrager = UserFactory(aangevraagd=True)
    html = clients["beheerder"].get(f"/beheer/gebruikers/{aanvrager.pk}/").content.decode()
    assert "/beheer/registraties/" in html and "Account blokkeren" not in html
    eigen = clients["beheerder"].get(f"/beheer/gebruikers/{personas['beheerder'].pk}/").content.decode()
    assert "U kunt uw eigen account niet blokkeren." in eigen and "Account blokkeren" not in eigen
    assert clients["beheerder"].get("/beheer/gebruikers/999999/").status_code == 404


# --- Query counts -----------------------------------------------------------------------------------------------------


def meer_leden(n):
    """n organisations with two people each, and werkgroep memberships for every one of them."""
    werkgroep = WerkgroepFactory()
    for _ in range(n):
        organisatie = OrganisatieFactory()
        for persoon in UserFactory.create_batch(2, organisatie=organisatie):
            LidmaatschapFactory(gebruiker=persoon, werkgroep=werkgroep, rol="trekker")
            LidmaatschapFactory(gebruiker=persoon, van=datetime.date(2019, 1, 1), tot=datetime.date(2020, 1, 1))


# Steady state: 1 query for the user (beheerders: +1 for the second factor); the lists: werkgroep choices of the
# filter, count and page, the prefetched memberships (people), and the balance (2).
@pytest.mark.parametrize(
    ("rol", "url", "expected"),
    [
        ("on_eigen", "/leden/", 6),
        ("beheerder", "/leden/?soort=opdrachtnemer&zoek=b.v", 7),
        ("gemeente", "/leden/personen/", 7),
        ("beheerder", "/leden/personen/?status=actief", 8),
        ("beheerder", "/leden/export.csv", 3),
        ("beheerder", "/leden/personen/export.xlsx", 4),
    ],
)
def test_list_query_counts(clients, rol, url, expected):
    assert_queries_stable(clients[rol], url, expected=expected, grow=meer_leden)


def test_organisation_page_query_count(clients, personas):
    organisatie = personas["on_eigen"].organisatie
    werkgroep = WerkgroepFactory()

    def meer_mensen(n):
        for persoon in UserFactory.create_batch(n, organisatie=organisatie):
            LidmaatschapFactory(gebruiker=persoon, werkgroep=werkgroep)
            LidmaatschapFactory(gebruiker=persoon)

    # user, organisation, its people, their memberships
    assert_queries_stable(clients["on_ander"], f"/leden/organisaties/{organisatie.pk}/", expected=4, grow=meer_mensen)


def test_account_page_query_count(clients, lid):
    def meer_lidmaatschappen(n):
        for _ in range(n):
            LidmaatschapFactory(gebruiker=lid, van=datetime.date(2019, 1, 1), tot=datetime.date(2020, 1, 1))

    # user and second factor, the account, its memberships
    assert_queries_stable(clients["beheerder"], f"/beheer/gebruikers/{lid.pk}/", expected=4, grow=meer_lidmaatschappen)


# --- Demo -------------------------------------------------------------------------------------------------------------


def test_demo_members_and_memberships(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    eerste = (User.objects.count(), Lidmaatschap.objects.count(), Organisatie.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (User.objects.count(), Lidmaatschap.objects.count(), Organisatie.objects.count()) == eerste

    assert all(email.endswith(".example") for email in User.objects.values_list("email", flat=True))
    for email, rollen in [
        ("beheerder@kringportaal.example", (True, False)),
        ("stuurgroep@dordrecht.example", (False, True)),
        ("directeur@oudelandse.example", (False, True)),
        ("uitvoerder@merwedijk.example", (False, False)),
    ]:
        persoon = User.objects.get(email=email)
        assert (persoon.is_beheerder, persoon.is_stuurgroep, persoon.status) == (*rollen, User.Status.ACTIEF)

    balans = leden_balans()
    # Near even in the werkgroepen, slightly more opdrachtnemers; some memberships ended, some long-running.
    assert 0 < balans.lidmaatschappen_opdrachtnemer - balans.lidmaatschappen_gemeente <= 5
    assert Lidmaatschap.objects.filter(tot__isnull=False).count() >= 3
    assert balans.lidmaatschappen_langer_dan_rotatie > 0
    assert Organisatie.objects.filter(lid_tot__lt=VANDAAG).exists()
    assert User.objects.filter(status=User.Status.GEBLOKKEERD).exclude(status_reden="").exists()
