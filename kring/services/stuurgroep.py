"""Writes of the stuurgroep dashboard: closing a quarter and requesting its report for the stuurgroep (issue 8)."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kring.audit import audit_log
from kring.dashboard import Periode
from kring.dashboard.kwartaalrapportage import AUTOMATISCH_AANGEVRAAGD, kwartaal_getal
from kring.models import Rapport, User
from kring.services.rapporten import rapport_request
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus

logger = logging.getLogger(__name__)


@dataclass
class Afsluiting:
    """What one run did, for the task's log and the tests."""

    kwartaal: Periode
    indicatorwaarden: int = 0
    aangevraagd: list[Rapport] = field(default_factory=list)
    al_aangevraagd: int = 0
    mislukt: list[User] = field(default_factory=list)


def stuurgroepleden():
    """Active stuurgroep members of the kring, the recipients of the automatic quarterly report."""
    return User.objects.filter(status=User.Status.ACTIEF, is_stuurgroep=True).select_related("organisatie")


def kwartaal_afsluiten_en_rapporteren(*, vandaag: datetime.date | None = None) -> Afsluiting:
    """After a quarter ends (the beat runs it on the first day of the next one): store the quarter's computed indicator
    values, then request the quarterly report for every active stuurgroep member; the reminder "Kwartaalrapportage
    klaar" mails each the link once the report is ready.

    Safe to run twice: the indicators keep the values stored first, and a member who already has a report of that
    quarter requested after it ended (by this run or by hand, not failed) gets no second one. One member's failure
    does not stop the others: each request is its own transaction."""
    from kring.services.indicatoren import kwartaal_afsluiten  # K1's service; imported late, as tasks do

    vandaag = vandaag or timezone.localdate()
    kwartaal = Periode("kwartaal", kwartaal_plus(huidig_kwartaal(vandaag), -1))
    afsluiting = Afsluiting(kwartaal=kwartaal)
    afsluiting.indicatorwaarden = kwartaal_afsluiten(kwartaal=kwartaal.begin, vandaag=vandaag)

    parameters = {"kwartaal": kwartaal_getal(kwartaal)}
    na_afloop = datetime.datetime.combine(kwartaal.eind + datetime.timedelta(days=1), datetime.time.min)
    al_gehad = set(
        Rapport.objects.filter(
            soort=Rapport.Soort.KWARTAALRAPPORTAGE,
            parameters=parameters,
            aangevraagd_op__gte=timezone.make_aware(na_afloop),
        )
        .exclude(status=Rapport.Status.MISLUKT)
        .values_list("aangevraagd_door_id", flat=True)
    )
    for lid in stuurgroepleden():
        if lid.pk in al_gehad:
            afsluiting.al_aangevraagd += 1
            continue
        try:
            afsluiting.aangevraagd.append(_automatisch_aanvragen(lid=lid, kwartaal=kwartaal, parameters=parameters))
        except (PermissionDenied, ValidationError):
            logger.exception("Kwartaalrapportage %s voor %s niet aangevraagd", kwartaal.code, lid.email)
            afsluiting.mislukt.append(lid)
    return afsluiting


@transaction.atomic
def _automatisch_aanvragen(*, lid: User, kwartaal: Periode, parameters: dict) -> Rapport:
    """The request and its mark in one transaction: the report is rendered (on commit) only once it is marked."""
    rapport = rapport_request(soort=Rapport.Soort.KWARTAALRAPPORTAGE, parameters=parameters, door=lid)
    audit_log(
        actie=AUTOMATISCH_AANGEVRAAGD,
        obj=rapport,
        na={"kwartaal": kwartaal.code, "voor": lid.email},
        actor_omschrijving="achtergrondtaak",
    )
    return rapport
