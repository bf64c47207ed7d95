"""The audit log: one explicit call per business event (who, what, which object, before/after, when)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from allauth.core.internal.httpkit import get_client_ip

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
