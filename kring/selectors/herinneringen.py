"""Reads of the reminders: what a sweep sends on a day, a person's choices, and the reminders sent to them."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, Case, CharField, F, Q, QuerySet, Value, When

from kring.herinneringen import Aanleiding, Frequentie, Herinneringsoort, Ritme, maandag, soorten
from kring.models import Herinnering, HerinneringVoorkeur, User


@dataclass(frozen=True)
class Item:
    """One reminder as it goes out: a kind's reason, under its due-date key."""

    soort: Herinneringsoort
    aanleiding: Aanleiding
    vervaldatum: datetime.date

    @property
    def sleutel(self) -> tuple:
        """The fields of Herinnering's unique constraint."""
        object_type = ContentType.objects.get_for_model(self.aanleiding.object)
        return (
            self.soort.code,
            object_type.pk,
            self.aanleiding.object.pk,
            self.aanleiding.ontvanger.pk,
            self.vervaldatum,
        )


@dataclass
class Mail:
    """One e-mail to one person: a single reminder, or their weekly overview of everything pending."""

    ontvanger: User
    items: list[Item]
    overzicht: bool = False

    @property
    def onderwerp(self) -> str:
        if self.overzicht:
            return "Uw weekoverzicht van het Kringportaal"
        item = self.items[0]
        return item.soort.onderwerp(item.aanleiding.context)

    @property
    def groepen(self) -> list[tuple[Herinneringsoort, list[Item]]]:
        """The items per kind, in registration order (the headings of the weekly overview)."""
        per_soort: dict[str, list[Item]] = {}
        for item in self.items:
            per_soort.setdefault(item.soort.code, []).append(item)
        return [(soort, per_soort[code]) for code, soort in soorten().items() if code in per_soort]


@dataclass
class Plan:
    vandaag: datetime.date
    mails: list[Mail] = field(default_factory=list)
    uit: int = 0  # due, but the person switched this kind off
    al_verstuurd: int = 0  # sent earlier under the same key
    volgende_week: int = 0  # for a weekly overview that already went out this week


def frequentie_voor(soort: Herinneringsoort, gekozen: str | None) -> str:
    """A stored choice the kind no longer allows counts as not chosen."""
    return gekozen if gekozen in soort.frequenties else soort.standaard


def herinneringen_plan(*, vandaag: datetime.date) -> Plan:
    """Everything a sweep on `vandaag` sends: each due reminder of every kind, by the recipient's choice, minus what
    was sent before under the same key. Only active accounts get anything."""
    aanleidingen = [
        (soort, aanleiding)
        for soort in soorten().values()
        for aanleiding in soort.zoek(vandaag)
        if aanleiding.ontvanger.is_actief
    ]
    ontvanger_ids = {aanleiding.ontvanger.pk for _, aanleiding in aanleidingen}
    keuzes = {
        (gebruiker_id, code): frequentie
        for gebruiker_id, code, frequentie in HerinneringVoorkeur.objects.filter(
            gebruiker_id__in=ontvanger_ids
        ).values_list("gebruiker_id", "soort", "frequentie")
    }
    week = maandag(vandaag)
    eerder = Herinnering.objects.filter(ontvanger_id__in=ontvanger_ids, vervaldatum__in={vandaag, week})
    verstuurd = set(eerder.values_list("soort", "object_type_id", "object_id", "ontvanger_id", "vervaldatum"))
    overzicht_gehad = set(eerder.filter(in_overzicht=True, vervaldatum=week).values_list("ontvanger_id", flat=True))

    plan = Plan(vandaag=vandaag)
    overzichten: dict[int, Mail] = {}
    for soort, aanleiding in aanleidingen:
        ontvanger = aanleiding.ontvanger
        frequentie = frequentie_voor(soort, keuzes.get((ontvanger.pk, soort.code)))
        if frequentie == Frequentie.UIT:
            plan.uit += 1
            continue
        # In the weekly overview every kind counts per week, so a daily kind appears there once a week.
        item = Item(soort, aanleiding, week if frequentie == Frequentie.WEKELIJKS else soort.vervaldatum(vandaag))
        if item.sleutel in verstuurd:
            plan.al_verstuurd += 1
        elif frequentie == Frequentie.DIRECT:
            plan.mails.append(Mail(ontvanger, [item]))
        elif ontvanger.pk in overzicht_gehad:
            plan.volgende_week += 1
        else:
            overzichten.setdefault(ontvanger.pk, Mail(ontvanger, [], overzicht=True)).items.append(item)
    plan.mails.extend(overzichten.values())
    return plan


def herinneringvoorkeuren(*, user: User) -> list[tuple[Herinneringsoort, str]]:
    """The kinds that apply to `user`, each with the frequency that applies now (their choice or the default)."""
    toepasselijk = [soort for soort in soorten().values() if soort.van_toepassing(user)]
    gekozen = dict(
        HerinneringVoorkeur.objects.filter(gebruiker=user, soort__in=[s.code for s in toepasselijk]).values_list(
            "soort", "frequentie"
        )
    )
    return [(soort, frequentie_voor(soort, gekozen.get(soort.code))) for soort in toepasselijk]


def herinnering_list(*, user: User) -> QuerySet[Herinnering]:
    """The reminders sent to `user`, newest first, with the kind's label and whether the key is a week."""
    geregistreerd = soorten().values()
    wekelijks = [soort.code for soort in geregistreerd if soort.ritme == Ritme.WEKELIJKS]
    return Herinnering.objects.filter(ontvanger=user).annotate(
        soort_label=Case(
            *[When(soort=soort.code, then=Value(soort.label)) for soort in geregistreerd],
            default=F("soort"),
            output_field=CharField(),
        ),
        per_week=Case(
            When(Q(in_overzicht=True) | Q(soort__in=wekelijks), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
