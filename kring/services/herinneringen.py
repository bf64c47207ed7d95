"""Writes of the reminders: the sweep that sends them, and a person's choice per kind."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
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


class _AlVerstuurd(Exception):
    """Another sweep sent this person's weekly overview first."""


def _bericht(mail: Mail) -> EmailMultiAlternatives:
    context = {
        "mail": mail,
        "ontvanger": mail.ontvanger,
        "onderwerp": mail.onderwerp,
        "voorkeuren_url": absolute_url(reverse("kring:herinneringen")),
    }
    bericht = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + mail.onderwerp,
        body=render_to_string("emails/herinneringen/bericht.txt", context),
        to=[mail.ontvanger.email],
    )
    bericht.attach_alternative(render_to_string("emails/herinneringen/bericht.html", context), "text/html")
    return bericht


def _verstuur(mail: Mail, *, vandaag: datetime.date) -> None:
    """Record and send in one transaction: a failed send records nothing, and a reminder recorded by a concurrent or
    earlier sweep makes the insert fail (IntegrityError) before anything is sent."""
    bericht = _bericht(mail)  # rendered first, so the transaction only holds the insert and the send
    rijen = [
        Herinnering(
            soort=item.soort.code,
            object_type=ContentType.objects.get_for_model(item.aanleiding.object),
            object_id=item.aanleiding.object.pk,
            ontvanger=mail.ontvanger,
            vervaldatum=item.vervaldatum,
            in_overzicht=mail.overzicht,
        )
        for item in mail.items
    ]
    with transaction.atomic():
        if mail.overzicht:
            # One overview per person per week, also when the items differ: the row lock serialises the check.
            User.objects.select_for_update().filter(pk=mail.ontvanger.pk).first()
            if Herinnering.objects.filter(
                ontvanger=mail.ontvanger, in_overzicht=True, vervaldatum=maandag(vandaag)
            ).exists():
                raise _AlVerstuurd
        # The rows are built from the registry, not from input: the unique constraint is the check that matters.
        Herinnering.objects.bulk_create(rijen)
        bericht.send()


def herinneringen_send(*, vandaag: datetime.date | None = None) -> Samenvatting:
    """The sweep: send every due reminder once, by each person's choice. One transaction per mail (not one for the
    sweep), so what was sent stays recorded when a later mail fails; a failed mail is sent by the next run."""
    vandaag = vandaag or timezone.localdate()
    samenvatting = Samenvatting(plan=herinneringen_plan(vandaag=vandaag))
    for mail in samenvatting.plan.mails:
        try:
            _verstuur(mail, vandaag=vandaag)
        except (IntegrityError, _AlVerstuurd):
            samenvatting.gelijktijdig += 1
        except OSError:  # SMTP and network errors: nothing was recorded, the next run tries again
            logger.exception("Herinnering aan %s niet verstuurd", mail.ontvanger.email)
            samenvatting.mislukt.append(mail)
        else:
            samenvatting.verstuurd.append(mail)
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
