"""Shared setup of the bespreking tests: a plan between the personas' gemeente and on_eigen's company, with the
gemeente persona and on_eigen as its raters, and the steps after the reveal done the short way."""

import datetime

from django.utils import timezone

from pastperformance.models import Beoordelingsronde, Bespreking, Reactie, Richting
from tests.factories import BeoordelingsplanFactory, onthulde_ronde

DAG = datetime.timedelta(days=1)


def plan_voor(personas, **kwargs):
    return BeoordelingsplanFactory(
        project__gemeente=personas["gemeente"].organisatie,
        opdrachtnemer=personas["on_eigen"].organisatie,
        beoordelaar_og=personas["gemeente"],
        beoordelaar_on=personas["on_eigen"],
        **kwargs,
    )


def ronde_voor(personas, waarden=None, *, plan=None, **kwargs):
    """A revealed round of `plan` (default: a new plan of the personas), all four ratings in."""
    return onthulde_ronde(waarden, plan=plan or plan_voor(personas), **kwargs)


def bespreek(ronde, door, *, datum=None):
    """Record a bespreking directly (not through the service): the round is then besproken."""
    bespreking = Bespreking.objects.create(
        ronde=ronde, datum=datum or timezone.localdate(), samenvatting="Samen doorgenomen.", vastgelegd_door=door
    )
    ronde.status = Beoordelingsronde.Status.BESPROKEN
    ronde.save(update_fields=["status"])
    return bespreking


def maak_definitief(ronde, door):
    """Besproken, reply window over, definitief (directly)."""
    if ronde.status == Beoordelingsronde.Status.ONTHULD:
        bespreek(ronde, door)
    ronde.status = Beoordelingsronde.Status.DEFINITIEF
    ronde.reactie_tot = timezone.localdate() - DAG
    ronde.definitief_op = timezone.now()
    ronde.save(update_fields=["status", "reactie_tot", "definitief_op"])
    return ronde


def beoordeling(ronde, richting):
    return ronde.beoordelingen.get(richting=richting)


def reageer(ronde, richting, door, *, eens=True):
    return Reactie.objects.create(beoordeling=beoordeling(ronde, richting), eens=eens, tekst="Herkenbaar.", door=door)


OG_ON, ON_OG, ZELF_OG, ZELF_ON = Richting.OG_ON, Richting.ON_OG, Richting.ZELF_OG, Richting.ZELF_ON
