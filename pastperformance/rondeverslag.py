"""The report of one round as a PDF (Rapport.Soort.PP_RONDE, kring/rapportsoorten.py): the four perspectives with the
gaps, the agenda, the bespreking, afspraken, replies, addenda and bezwaren. Only a revealed round, fetched through the
round page's own selector, and its content through the blindness rule for the requester (`ronde_na_onthulling`)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from kring.models import User
from pastperformance.models import Beoordelingsronde
from pastperformance.selectors.bespreking import onthulde_ronde_get, ronde_na_onthulling

# 404 unless the requester may see the round and it has been revealed: before that there is nothing to report.
ophalen = onthulde_ronde_get


def titel(ronde: Beoordelingsronde) -> str:
    return _("Rondeverslag %(soort)s %(volgnummer)s: %(project)s, %(opdrachtnemer)s") % {
        "soort": ronde.get_soort_display().lower(),
        "volgnummer": ronde.volgnummer,
        "project": ronde.plan.project.naam,
        "opdrachtnemer": ronde.plan.opdrachtnemer.naam,
    }


def context(ronde: Beoordelingsronde, *, user: User) -> dict:
    return {
        "ronde": ronde,
        "na_onthulling": ronde_na_onthulling(ronde=ronde, user=user),
        "gemaakt_op": timezone.now(),
    }
