"""Reads of the klaagpaal and the hulpvragen. The kring is open about friction: every active member sees every item
(with the author's name unless it was raised anonymously); others see none."""

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from kring.models import User
from kring.permissions import is_lid
from werkgroepen.models import Agendapunt, Signaal


def signaal_list(*, user: User) -> QuerySet[Signaal]:
    """The items `user` may see: open ones (not yet opgevolgd) first, then the newest first."""
    if not is_lid(user):
        return Signaal.objects.none()
    return (
        Signaal.objects.select_related("werkgroep", "indiener")
        .annotate(
            afgehandeld=Case(
                When(status=Signaal.Status.OPGEVOLGD, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("afgehandeld", "-ingediend_op", "-pk")
    )


def signaal_get(*, user: User, pk: int) -> Signaal:
    """One item with who answered it and the meetings whose agenda it is on (`agendapunten.all()`, earliest first);
    404 when `user` may not see it."""
    agendapunten = Agendapunt.objects.select_related("bijeenkomst").order_by("bijeenkomst__begin", "pk")
    return get_object_or_404(
        signaal_list(user=user)
        .select_related("beantwoord_door")
        .prefetch_related(Prefetch("agendapunten", queryset=agendapunten)),
        pk=pk,
    )
