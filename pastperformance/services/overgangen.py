"""The one check every status change of a round goes through: the transition table on the model is the rule."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pastperformance.models import Beoordelingsronde


def controleer_overgang(ronde: Beoordelingsronde, naar: str) -> None:
    """Raise a Dutch ValidationError unless `ronde` may go from its current status to `naar`."""
    if naar not in Beoordelingsronde.OVERGANGEN[Beoordelingsronde.Status(ronde.status)]:
        raise ValidationError(
            _("Een ronde met status ‘%(van)s’ kan niet naar ‘%(naar)s’.")
            % {
                "van": Beoordelingsronde.Status(ronde.status).label.lower(),
                "naar": Beoordelingsronde.Status(naar).label.lower(),
            }
        )
