"""Writes of the reminders: the sweep that sends them, and a person's choice per kind."""

import contextlib
import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log
from kring.herinneringen import KEUZE_LABELS, absolute_url, maandag, soorten
from kring.models import Herinnering, HerinneringVoorkeur, User
from kring.selectors.herinneringen import Mail, Plan, herinneringen_plan, herinneringvoorkeuren

logger = logging.getLogger(__name__)


@dataclass
class Samenvatting:
    """What one sweep did, for the command's output and the audit log."""

    plan: Plan
    verstuurd: list[Mail] = field(default_factory=list)
    mislukt: list[Mail] = field(default_factory=list)
    gelijktijdig: int = 0  # mails another sweep running at the same time sent first

    def tellingen(self) -> dict:
        return {
            "datum": self.plan.vandaag.isoformat(),
            "mails": len(self.verstuurd),
            "weekoverzichten": sum(mail.overzicht for mail in self.verstuurd),
            "herinneringen": sum(len(mail.items) for mail in self.verstuurd),
            "mislukt": len(self.mislukt),
            "al_verstuurd": self.plan.al_verstuurd + self.gelijktijdig,
            "uitgezet": self.plan.uit,
            "volgende_week": self.plan.volgende_week,
        }


# Mails per transaction. A batch records its reminders in one insert before its mails go out and commits after them,
# so a sweep costs a few queries per batch instead of several per mail. The price: a worker killed in the middle of a
# batch recorded nothing of it, and the next run sends those mails again (at most this many).
PARTIJ = 100


def _bericht(mail: Mail, *, voorkeuren_url: str) -> EmailMultiAlternatives:
    context = {
        "mail": mail,
        "ontvanger": mail.ontvanger,
        "onderwerp": mail.onderwerp,
        "voorkeuren_url": voorkeuren_url,
    }
    bericht = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + mail.onderwerp,
        body=render_to_string("emails/herinneringen/bericht.txt", context),
        to=[mail.ontvanger.email],
    )
    bericht.attach_alternative(render_to_string("emails/herinneringen/bericht.html", context), "text/html")
    return bericht


def _sleutel(rij: Herinnering) -> tuple:
    """The fields of Herinnering's unique constraint, in its order (the order the index locks them in)."""
    return (rij.soort, rij.object_type_id, rij.object_id, rij.ontvanger_id, rij.vervaldatum)


def _rijen(mail: Mail) -> list[Herinnering]:
    # The rows are built from the registry, not from input: the unique constraint is the check that matters.
    rijen = []
    for item in mail.items:
        soort, object_type_id, object_id, ontvanger_id, vervaldatum = item.sleutel
        rijen.append(
            Herinnering(
                soort=soort,
                object_type_id=object_type_id,
                object_id=object_id,
                ontvanger_id=ontvanger_id,
                vervaldatum=vervaldatum,
                in_overzicht=mail.overzicht,
            )
        )
    return rijen


def _bestaand(rijen: list[Herinnering]) -> set[tuple]:
    """Which of these keys are recorded already, in one query."""
    return set(
        Herinnering.objects.filter(
            soort__in={rij.soort for rij in rijen},
            ontvanger_id__in={rij.ontvanger_id for rij in rijen},
            vervaldatum__in={rij.vervaldatum for rij in rijen},
        ).values_list("soort", "object_type_id", "object_id", "ontvanger_id", "vervaldatum")
    ) & {_sleutel(rij) for rij in rijen}


def _claim(partij: list[Mail], *, vandaag: datetime.date, samenvatting: Samenvatting) -> dict[int, list[Herinnering]]:
    """Record the reminders of a batch's mails in the caller's transaction, before anything is sent. Returns the rows
    per mail (by its index in the batch). A mail that another sweep sent first, one of its reminders or this person's
    weekly overview, is left out whole and counted."""
    overzicht = sorted({mail.ontvanger.pk for mail in partij if mail.overzicht})
    al_overzicht = set()
    if overzicht:
        # One overview per person per week, also when the items differ: the row locks serialise the check between
        # sweeps. Taken in id order and before any insert, and without the key lock that the inserts' foreign keys
        # would wait for, so two sweeps cannot deadlock.
        list(User.objects.select_for_update(no_key=True).filter(pk__in=overzicht).order_by("pk").values_list("pk"))
        al_overzicht = set(
            Herinnering.objects.filter(
                ontvanger_id__in=overzicht, in_overzicht=True, vervaldatum=maandag(vandaag)
            ).values_list("ontvanger_id", flat=True)
        )
    claims: dict[int, list[Herinnering]] = {}
    geclaimd: set[tuple] = set()
    for index, mail in enumerate(partij):
        rijen = _rijen(mail)
        sleutels = {_sleutel(rij) for rij in rijen}
        if (mail.overzicht and mail.ontvanger.pk in al_overzicht) or sleutels & geclaimd:
            samenvatting.gelijktijdig += 1
            continue
        geclaimd |= sleutels
        claims[index] = rijen
    while claims:
        # In key order: two sweeps inserting overlapping batches wait for each other instead of deadlocking.
        rijen = sorted((rij for mail_rijen in claims.values() for rij in mail_rijen), key=_sleutel)
        try:
            with transaction.atomic():
                Herinnering.objects.bulk_create(rijen)
            return claims
        except IntegrityError:
            # Another sweep committed some of these keys meanwhile: leave its mails out and claim the rest again.
            bestaand = _bestaand(rijen)
            weg = [
                index for index, mail_rijen in claims.items() if any(_sleutel(rij) in bestaand for rij in mail_rijen)
            ]
            if not weg:
                raise
            for index in weg:
                del claims[index]
            samenvatting.gelijktijdig += len(weg)
    return claims


def _verzend(bericht: EmailMultiAlternatives, verbinding) -> None:
    try:
        verbinding.open()  # nothing while open; after a failure closed it, a new connection
        verbinding.send_messages([bericht])
    except OSError:
        _sluit(verbinding)  # a broken connection is not reused for the next mail
        raise


def _sluit(verbinding) -> None:
    # A connection that broke cannot say goodbye; the backend has dropped it anyway.
    with contextlib.suppress(OSError):
        verbinding.close()


def _verstuur_partij(
    partij: list[Mail], *, vandaag: datetime.date, verbinding, voorkeuren_url: str, samenvatting: Samenvatting
) -> None:
    berichten = [_bericht(mail, voorkeuren_url=voorkeuren_url) for mail in partij]  # so the transaction is short
    with transaction.atomic():
        claims = _claim(partij, vandaag=vandaag, samenvatting=samenvatting)
        terug: list[int] = []
        for index, rijen in claims.items():
            mail = partij[index]
            try:
                _verzend(berichten[index], verbinding)
            except OSError:  # SMTP and network errors: its record is taken back, the next run tries again
                logger.exception("Herinnering aan %s niet verstuurd", mail.ontvanger.email)
                samenvatting.mislukt.append(mail)
                terug.extend(rij.pk for rij in rijen)
            else:
                samenvatting.verstuurd.append(mail)
        if terug:  # bulk_create set the ids (PostgreSQL, SQLite 3.35+)
            Herinnering.objects.filter(pk__in=terug).delete()


def herinneringen_send(*, vandaag: datetime.date | None = None) -> Samenvatting:
    """The sweep: send every due reminder once, by each person's choice. One transaction per batch of mails (not one
    for the sweep): it records the batch's reminders before sending, so a reminder recorded by a concurrent or earlier
    sweep leaves its mail out before anything is sent; a failed mail's record is taken back before the commit, so the
    next run sends it; and what was sent stays recorded when a later batch fails."""
    vandaag = vandaag or timezone.localdate()
    samenvatting = Samenvatting(plan=herinneringen_plan(vandaag=vandaag))
    mails = samenvatting.plan.mails
    voorkeuren_url = absolute_url(reverse("kring:herinneringen"))
    verbinding = get_connection()  # one SMTP connection for the sweep, not one per mail
    try:
        for begin in range(0, len(mails), PARTIJ):
            _verstuur_partij(
                mails[begin : begin + PARTIJ],
                vandaag=vandaag,
                verbinding=verbinding,
                voorkeuren_url=voorkeuren_url,
                samenvatting=samenvatting,
            )
    finally:
        _sluit(verbinding)
    audit_log(actie="herinneringen.verstuurd", actor_omschrijving="herinneringsronde", na=samenvatting.tellingen())
    return samenvatting


@transaction.atomic
def herinneringvoorkeur_set(
    *, gebruiker: User, soort: str, frequentie: str, request: HttpRequest | None = None
) -> HerinneringVoorkeur:
    """Store how `gebruiker` wants reminders of one kind; only a frequency the kind allows."""
    herinneringsoort = soorten().get(soort)
    if herinneringsoort is None or not herinneringsoort.van_toepassing(gebruiker):
        raise ValidationError(_("Deze herinnering bestaat niet of is niet voor u bedoeld."))
    if frequentie not in herinneringsoort.frequenties:
        raise ValidationError(
            {
                soort: _("Voor ‘%(label)s’ kunt u kiezen uit: %(keuzes)s.")
                % {
                    "label": herinneringsoort.label,
                    "keuzes": ", ".join(KEUZE_LABELS[keuze].lower() for keuze in herinneringsoort.frequenties),
                }
            }
        )
    voorkeur = HerinneringVoorkeur.objects.select_for_update().filter(gebruiker=gebruiker, soort=soort).first()
    if voorkeur is None:
        voorkeur = HerinneringVoorkeur(gebruiker=gebruiker, soort=soort)
        voor = herinneringsoort.standaard
    elif voorkeur.frequentie == frequentie:
        return voorkeur
    else:
        voor = voorkeur.frequentie
    voorkeur.frequentie = frequentie
    voorkeur.full_clean()
    voorkeur.save()
    audit_log(
        actie="herinneringvoorkeur.gewijzigd",
        actor=gebruiker,
        obj=voorkeur,
        voor={"soort": soort, "frequentie": str(voor)},
        na={"soort": soort, "frequentie": frequentie},
        request=request,
    )
    return voorkeur


@transaction.atomic
def herinneringvoorkeuren_set(*, gebruiker: User, keuzes: dict[str, str], request: HttpRequest | None = None) -> int:
    """The preferences page: store every choice that differs from what applies now, all or nothing. Returns how many
    changed."""
    huidig = {soort.code: frequentie for soort, frequentie in herinneringvoorkeuren(user=gebruiker)}
    gewijzigd = [code for code, frequentie in keuzes.items() if huidig.get(code) != frequentie]
    for code in gewijzigd:
        herinneringvoorkeur_set(gebruiker=gebruiker, soort=code, frequentie=keuzes[code], request=request)
    return len(gewijzigd)
