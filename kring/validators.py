import re

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
