from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from kring.models import Organisatie
from kring.validators import normalise_kvk_nummer, validate_kvk_nummer
from tests.factories import OrganisatieFactory, UserFactory


@pytest.mark.parametrize("kvk", ["12345678", "00000001", ""])
def test_valid_kvk(kvk):
    validate_kvk_nummer(kvk)


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "00000000", "12 34 56 78"])
def test_invalid_kvk(kvk):
    with pytest.raises(ValidationError, match="acht cijfers"):
        validate_kvk_nummer(kvk)


def test_normalise_kvk():
    assert normalise_kvk_nummer(" 1234.56-78 ") == "12345678"


@pytest.mark.django_db
def test_contractor_needs_kvk_in_the_database():
    with pytest.raises(IntegrityError):
        Organisatie.objects.create(naam="Zonder KvK", soort=Organisatie.Soort.OPDRACHTNEMER, kvk_nummer="")


@pytest.mark.django_db
def test_kvk_is_unique():
    OrganisatieFactory(kvk_nummer="11223344")
    with pytest.raises(IntegrityError):
        OrganisatieFactory(kvk_nummer="11223344")


@pytest.mark.django_db
def test_roles_follow_organisation_and_flags():
    gemeente = UserFactory(organisatie=OrganisatieFactory(gemeente=True), stuurgroep=True)
    aannemer = UserFactory()
    assert gemeente.is_gemeente and not gemeente.is_opdrachtnemer and gemeente.rollen == ["Gemeente", "Stuurgroep"]
    assert aannemer.is_opdrachtnemer and not aannemer.is_staff
    assert UserFactory(beheerder=True).is_staff
    assert not UserFactory(beheerder=True, aangevraagd=True).is_staff


@pytest.mark.django_db
def test_members_today_respects_the_period():
    import datetime

    huidig = OrganisatieFactory()
    oud = OrganisatieFactory(lid_sinds=datetime.date(2019, 1, 1), lid_tot=datetime.date(2020, 1, 1))
    voorgesteld = OrganisatieFactory(voorgesteld=True)
    leden = set(Organisatie.objects.leden())
    assert huidig in leden and oud not in leden and voorgesteld not in leden
