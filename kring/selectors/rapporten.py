"""Reads of PDF reports. A report is personal: only the person who requested it sees it (others get 404), and its file
only while that person may still see the data in it."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kring.models import Rapport, User
from kring.permissions import mag_rapporten_aanvragen
from kring.rapportsoorten import GegevensOntbreken, rapportsoort


def rapport_list(*, user: User) -> QuerySet[Rapport]:
    """The reports `user` requested, newest first."""
    if not mag_rapporten_aanvragen(user):
        return Rapport.objects.none()
    return Rapport.objects.filter(aangevraagd_door=user).order_by("-aangevraagd_op", "-pk")


def rapport_get(*, user: User, pk: int) -> Rapport:
    return get_object_or_404(rapport_list(user=user), pk=pk)


def rapport_downloadbaar(*, user: User, rapport: Rapport) -> bool:
    """Finished, with a file, and the data in it still visible to `user` (access can end after the request)."""
    if rapport.status != Rapport.Status.KLAAR or not rapport.bestand:
        return False
    try:
        rapportsoort(rapport.soort).object_voor(user=user, parameters=rapport.parameters)
    except GegevensOntbreken:
        return False
    return True


def rapport_bestand_get(*, user: User, pk: int) -> Rapport:
    """A report whose file `user` may download now; 404 otherwise."""
    rapport = rapport_get(user=user, pk=pk)
    if not rapport_downloadbaar(user=user, rapport=rapport):
        raise Http404
    return rapport
