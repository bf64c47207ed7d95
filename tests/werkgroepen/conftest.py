"""Shared fixtures of the werkgroepen tests: the werkgroep Continuïteit with a trekker from the gemeente and a member
from another contractor. A test module's own fixture of the same name takes precedence."""

import datetime

import pytest

from tests.factories import LidmaatschapFactory, UserFactory, WerkgroepFactory


@pytest.fixture
def werkgroep(db):
    return WerkgroepFactory(naam="Continuïteit", slug="continuiteit", doel="Meer gelijkmatigheid in het aanbod.")


@pytest.fixture
def trekker(werkgroep, gemeente_org):
    trekker = UserFactory(naam="Sam Projectleider", email="sam@dordrecht.test", organisatie=gemeente_org)
    LidmaatschapFactory(werkgroep=werkgroep, gebruiker=trekker, rol="trekker", van=datetime.date(2019, 3, 28))
    return trekker


@pytest.fixture
def lid(werkgroep, org_ander):
    lid = UserFactory(naam="Mila Tenderspecialist", email="mila@wantij.test", organisatie=org_ander)
    LidmaatschapFactory(werkgroep=werkgroep, gebruiker=lid)
    return lid
