"""Fault: the morning's reminder sweep does not run (Redis was down when the beat sent it, or the worker was). No
reminder is lost: whichever single day is missed, the sweeps of the other days send every reminder that the sweeps
of all days send, to the same people about the same things, and a one-time reminder still only once. The sweep finds
what is due on or before its day, not only on it, and remembers what it sent (Herinnering).

In this process, over nine days, with a case of every kind that hangs on a date: a meeting 7 days ahead, the two
"not yet rated" moments before a reveal, a reply window closing, an actiepunt and a kennisitem passing their date, a
project change for its followers, a registration waiting, and the round reminders that follow from those."""

import datetime

from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from kring.models import Herinnering
from kring.services.herinneringen import herinneringen_send
from tests.factories import (
    AanwezigheidFactory,
    ActiepuntFactory,
    BeoordelingsplanFactory,
    BijeenkomstFactory,
    InteresseFactory,
    KennisitemFactory,
    ProjectFactory,
    ProjectwijzigingFactory,
    UserFactory,
    onthulde_ronde,
    open_ronde,
)

pytestmark = [pytest.mark.storing, pytest.mark.django_db]

DAGEN = 9  # days 0..8: the last moment (day 7) can still be missed and caught up
EENMALIG = {"bijeenkomst_binnenkort", "project_gewijzigd", "pp_ronde_geopend", "pp_onthuld"}
VERWACHT = EENMALIG | {
    "pp_niet_ingediend",
    "pp_reactietermijn",
    "actiepunten_te_laat",
    "kennisitem_herzien",
    "registraties_wachten",
}


def dag(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def om_drie_uur(datum: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(15)))


@pytest.fixture
def situatie(gemeente_org):
    UserFactory(beheerder=True, organisatie=gemeente_org)
    aanvrager = UserFactory(aangevraagd=True)
    EmailAddress.objects.filter(user=aanvrager).update(verified=True)

    AanwezigheidFactory(bijeenkomst=BijeenkomstFactory(begin=om_drie_uur(dag(8))))  # binnenkort from day 1
    bijeenkomst = BijeenkomstFactory(begin=om_drie_uur(dag(-20)), status="gehouden")
    ActiepuntFactory(bijeenkomst=bijeenkomst, deadline=dag(2))  # late from day 3
    KennisitemFactory(herzien_voor=dag(3))  # to review from day 4

    # Reveal on day 9: "not yet rated" on day 2 (7 days before) and day 7 (2 days before).
    ronde = open_ronde(plan=BeoordelingsplanFactory(), opent_op=dag(-7), onthulling_uiterlijk=dag(9))
    ronde.geopend_op = om_drie_uur(dag(-7))
    ronde.save(update_fields=["geopend_op"])
    # Reply window closing on day 6: reminded from day 3.
    onthuld = onthulde_ronde(plan=BeoordelingsplanFactory())
    onthuld.reactie_tot = dag(6)
    onthuld.save(update_fields=["reactie_tot"])

    project = ProjectFactory()
    InteresseFactory(project=project, aangemaakt_op=om_drie_uur(dag(-30)))
    ProjectwijzigingFactory(project=project, op=om_drie_uur(dag(4)))  # mailed from day 4


def tijdlijn(*, behalve: int | None = None) -> list[tuple]:
    """Every reminder the sweeps of days 0..8 send (all, or all but one day), as (kind, object, recipient) rows."""
    Herinnering.objects.all().delete()
    for n in range(DAGEN):
        if n != behalve:
            herinneringen_send(vandaag=dag(n))
    return list(Herinnering.objects.values_list("soort", "object_type_id", "object_id", "ontvanger_id"))


def test_a_missed_sweep_loses_no_reminder(situatie):
    alle_dagen = tijdlijn()
    assert {soort for soort, *_ in alle_dagen} == VERWACHT  # every case reminded: the comparison below means something
    verwacht = set(alle_dagen)

    for gemist in range(DAGEN - 1):  # the last day has no next sweep to catch up in this window
        verstuurd = tijdlijn(behalve=gemist)
        assert set(verstuurd) == verwacht, f"dag {gemist} gemist: {verwacht - set(verstuurd)} niet verstuurd"
        eenmalig = [rij for rij in verstuurd if rij[0] in EENMALIG]
        assert len(eenmalig) == len(set(eenmalig)), f"dag {gemist} gemist: een eenmalige herinnering dubbel"
