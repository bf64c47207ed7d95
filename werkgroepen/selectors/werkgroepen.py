from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from werkgroepen.models import Werkgroep


def werkgroep_list() -> QuerySet[Werkgroep]:
    """The werkgroepen that are open; public (DESIGN §5)."""
    return Werkgroep.objects.filter(gesloten_op__isnull=True)


def werkgroep_get(*, slug: str) -> Werkgroep:
    return get_object_or_404(Werkgroep, slug=slug)
