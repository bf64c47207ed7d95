import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KVK_PATROON = re.compile(r"\d{8}")


def validate_kvk_nummer(value: str) -> None:
    """A KvK number has exactly eight digits (Handelsregisterwet); 00000000 is never issued."""
    if not value:
        return
    if not KVK_PATROON.fullmatch(value) or value == "00000000":
        raise ValidationError(
            _("Een KvK-nummer bestaat uit precies acht cijfers, zonder spaties of punten."), code="kvk_ongeldig"
        )


def normalise_kvk_nummer(value: str) -> str:
    """Accept what people type (spaces, dots) and keep only the digits."""
    return re.sub(r"[\s.\-]", "", value or "")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with its message in Dutch (Django 5.2's Dutch catalogue lacks the new wording)."""

    def get_error_message(self):
        return _("Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("Uw wachtwoord moet minstens %(min_length)d tekens bevatten.") % {"min_length": self.min_length}
