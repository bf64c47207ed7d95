"""The audit log: one explicit call per business event (who, what, which object, before/after, when)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from allauth.core.internal.httpkit import get_client_ip

from kring import fragmenten
from kring.models import AuditEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The same client address that allauth's rate limits use (honours ALLAUTH_TRUSTED_PROXY_COUNT)."""
    return get_client_ip(request) if request is not None else None


def audit_log(
    *,
    actie: str,
    actor: User | None = None,
    obj: models.Model | None = None,
    voor: dict | None = None,
    na: dict | None = None,
    request: HttpRequest | None = None,
    actor_omschrijving: str = "",
) -> AuditEvent:
    if actor is not None and not actor.is_authenticated:
        actor = None
    if obj is not None and not actie.startswith("auth."):
        # A service changed this object's part of the portal: cached fragments that read it are rebuilt.
        fragmenten.vernieuw_voor(obj)
    return AuditEvent.objects.create(
        actie=actie,
        actor=actor,
        actor_omschrijving=actor_omschrijving or (actor.email if actor else ""),
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_omschrijving=str(obj)[:254] if obj is not None else "",
        voor=voor,
        na=na,
        ip_adres=client_ip(request),
    )


def json_waarde(waarde):
    """`waarde` as the audit log stores it (JSON): text, numbers, booleans and None as they are, a moment in local
    time in ISO format, a list item by item, everything else (dates, amounts, related objects) as its text."""
    if isinstance(waarde, str | int | float | bool | type(None)):
        return waarde
    if isinstance(waarde, list | tuple):
        return [json_waarde(element) for element in waarde]
    if isinstance(waarde, datetime.datetime) and timezone.is_aware(waarde):
        return timezone.localtime(waarde).isoformat()
    return str(waarde)


def momentopname(obj: models.Model, velden) -> dict:
    """The fields `velden` of `obj` as the audit log stores them (a foreign key as its related object's text)."""
    return {veld: json_waarde(getattr(obj, veld)) for veld in velden}


def wijzigingen(voor: dict, na: dict) -> tuple[dict, dict]:
    """Of two snapshots, the entries that differ: (before, after) with the same keys; both empty when nothing changed.
    A key in only one of them counts as None in the other."""
    velden = [*na, *(veld for veld in voor if veld not in na)]
    gewijzigd = [veld for veld in velden if voor.get(veld) != na.get(veld)]
    return {veld: voor.get(veld) for veld in gewijzigd}, {veld: na.get(veld) for veld in gewijzigd}
