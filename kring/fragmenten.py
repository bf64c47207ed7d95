"""Cached page bodies with explicit invalidation, for the heaviest pages (dashboard, lists, profiles, progress).

A fragment's key holds everything its content depends on: the page, who looks (`bereik`: people who see the same),
the request's parameters, today, and the *generation* of every part of the portal (app) it reads. Every write to a
part raises that part's generation (when it starts and again when its transaction commits), so the next request
builds the fragment anew; the time limit (BEWAAR_SECONDEN) is only a safety net.

Generations are raised by `audit_log`, which every service write calls (also the ones that update or delete in bulk,
without model signals), and by the save signals of the parts' models, which catch writes outside a service (tasks,
the admin). Delete signals are not used: listening to them would make Django load every row of a bulk delete. Log rows
and per-person bookkeeping that no fragment shows raise nothing (NIET_GEVOLGD), nor does a login's `last_login`.

A view opts in by passing `fragment(request, …)` as `fragment`; base.html wraps the body of every page (header, main,
footer) in `{% fragment fragment %}`. The viewer's own CSRF token, name and flash messages are filled in each time the
body is served (templatetags/fragmenten.py), so the whole body can be shared by people who see the same."""

import hashlib
import time
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_save
from django.utils import timezone

ONDERDELEN = ("kring", "werkgroepen", "projecten", "pastperformance", "sroi")
NIET_GEVOLGD = {
    "kring.auditevent",
    "kring.herinnering",
    "kring.herinneringvoorkeur",
    "kring.rapport",
}
BEWAAR_SECONDEN = 15 * 60


def _generatiesleutel(onderdeel: str) -> str:
    return f"generatie:{onderdeel}"


def _generaties(sleutels: list[str], gelezen: dict) -> tuple:
    """The generations under `sleutels` as read in `gelezen`; a part without one (new, or an emptied cache) starts
    at now."""
    if any(sleutel not in gelezen for sleutel in sleutels):
        for sleutel in sleutels:
            if sleutel not in gelezen:
                cache.add(sleutel, time.time_ns(), None)
        gelezen = {**gelezen, **cache.get_many(sleutels)}
    return tuple(gelezen.get(sleutel, 0) for sleutel in sleutels)


@dataclass(frozen=True)
class Fragment:
    """One cached fragment: its key, and the parts whose generations it must have been built from. The content is
    stored with those generations and read with the current ones in a single round trip."""

    sleutel: str
    onderdelen: tuple[str, ...]

    def ophalen(self) -> tuple[str | None, tuple]:
        """The stored content when it was built from the current generations (else None), and those generations."""
        sleutels = [_generatiesleutel(onderdeel) for onderdeel in self.onderdelen]
        gelezen = cache.get_many([*sleutels, self.sleutel])
        generaties = _generaties(sleutels, gelezen)
        opgeslagen = gelezen.get(self.sleutel)
        if opgeslagen is not None and opgeslagen[0] == generaties:
            return opgeslagen[1], generaties
        return None, generaties

    def bewaren(self, inhoud: str, generaties: tuple) -> None:
        cache.set(self.sleutel, (generaties, inhoud), BEWAAR_SECONDEN)


def _zet(onderdeel: str) -> None:
    cache.set(_generatiesleutel(onderdeel), time.time_ns(), None)


def vernieuw(onderdeel: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise the generation of `onderdeel` now, so pages stop serving what is about to change, and again when the
    current transaction commits: a fragment built in between read the data from before the commit. The second raise
    is scheduled once per transaction and part, however many rows the transaction writes."""
    _zet(onderdeel)
    verbinding = transaction.get_connection(using)
    if not verbinding.in_atomic_block:
        return
    # Django replaces its list of commit hooks after each commit or rollback: a new list is a new transaction.
    lijst, gepland = getattr(verbinding, "_kring_vernieuw", (None, set()))
    if lijst is not verbinding.run_on_commit:
        gepland = set()
    if onderdeel not in gepland:
        gepland.add(onderdeel)
        verbinding._kring_vernieuw = (verbinding.run_on_commit, gepland)
        transaction.on_commit(lambda: _zet(onderdeel), using=using)


def vernieuw_voor(obj) -> None:
    """Raise the generation of the part `obj` belongs to (nothing for log rows and models outside the parts)."""
    if onderdeel := _onderdeel(obj.__class__):  # __class__: request.user is a lazy object
        vernieuw(onderdeel)


def bereik(user) -> str:
    """Who sees the same as `user` on the cached pages: the organisation and the account's status and roles (the
    permission rules read nothing else)."""
    return (
        f"{user.organisatie_id}:{user.status}:{int(user.is_beheerder)}{int(user.is_stuurgroep)}"
        f"{int(user.is_tekenbevoegd)}"
    )


def fragment(request, naam: str, onderdelen, *, per_persoon: bool = False) -> Fragment:
    """Fragment `naam` of this request's page (its address with parameters) for `request.user` and whoever sees the
    same, or with `per_persoon` for this person only (when it shows their own choices), built from `onderdelen`."""
    wie = f"persoon:{request.user.pk}" if per_persoon else bereik(request.user)
    adres = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]
    return Fragment(f"fragment:{naam}:{wie}:{adres}:{timezone.localdate():%Y%m%d}", tuple(onderdelen))


def _onderdeel(model) -> str | None:
    meta = model._meta
    if meta.app_label not in ONDERDELEN or meta.label_lower in NIET_GEVOLGD:
        return None
    return meta.app_label


def _bij_opslaan(sender, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if onderdeel := _onderdeel(sender):
        vernieuw(onderdeel, using)


def _bij_koppelen(sender, instance, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and (onderdeel := _onderdeel(instance.__class__)):
        vernieuw(onderdeel, using)


def koppel_signalen() -> None:
    for model in apps.get_models():
        if _onderdeel(model):
            post_save.connect(_bij_opslaan, sender=model, dispatch_uid=f"fragmenten.opslaan.{model._meta.label}")
    m2m_changed.connect(_bij_koppelen, dispatch_uid="kring.fragmenten.koppelen")
