"""The kinds of reminders the portal sends, in one registry that every app adds to.

A kind says whom to remind about what on a given day (`zoek`), how often a person may receive it (`frequenties`,
`standaard`) and on which rhythm the same reminder may come again (`ritme`: the due-date key is the day itself or the
Monday of its week, and a Herinnering row per key makes sure it is sent once). Its mail is
`templates/emails/herinneringen/<code>.html` and `.txt`: the text of one item, used in a single mail and in the weekly
overview alike.

Another app registers its kinds in its own `<app>/herinneringen.py` with `registreer(Herinneringsoort(...))`; the
registry imports those modules the first time it is asked (as the admin does with `admin.py`).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from allauth.account.models import EmailAddress

from kring.models import (
    AuditEvent,
    Herinnering,
    HerinneringVoorkeur,
    Intentieovereenkomst,
    Ondertekening,
    Organisatie,
    Rapport,
    User,
)
from kring.permissions import is_tekengerechtigd, kan_registraties_beoordelen, mag_kwartaalrapportage_aanvragen
from kring.selectors.accounts import beheerders

Frequentie = HerinneringVoorkeur.Frequentie

# How the choices read on the preferences page: what each means for the person.
KEUZE_LABELS = {
    Frequentie.DIRECT: "Als losse e-mail",
    Frequentie.WEKELIJKS: "Gebundeld in het weekoverzicht (maandag)",
    Frequentie.UIT: "Niet",
}


class Ritme(StrEnum):
    DAGELIJKS = "dagelijks"
    WEKELIJKS = "wekelijks"


def maandag(dag: datetime.date) -> datetime.date:
    return dag - datetime.timedelta(days=dag.weekday())


def absolute_url(pad: str) -> str:
    """Links in mails are absolute: tasks run without a request, so the base comes from SITE_URL."""
    return settings.SITE_URL + pad


@dataclass(frozen=True)
class Aanleiding:
    """One reason to remind one person, as a kind's `zoek` yields it: about `object`, with what the mail needs."""

    ontvanger: User
    object: models.Model
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Herinneringsoort:
    code: str
    label: str
    uitleg: str
    frequenties: tuple[str, ...]
    standaard: str
    ritme: Ritme
    zoek: Callable[[datetime.date], Iterable[Aanleiding]]
    onderwerp: Callable[[dict], str]
    van_toepassing: Callable[[User], bool]

    def __post_init__(self):
        if self.standaard not in self.frequenties:
            raise ValueError(f"{self.code}: de standaard {self.standaard!r} staat niet in de frequenties.")

    @property
    def template_html(self) -> str:
        return f"emails/herinneringen/{self.code}.html"

    @property
    def template_tekst(self) -> str:
        return f"emails/herinneringen/{self.code}.txt"

    @property
    def keuzes(self) -> list[tuple[str, str]]:
        return [(frequentie, KEUZE_LABELS[frequentie]) for frequentie in self.frequenties]

    def vervaldatum(self, vandaag: datetime.date) -> datetime.date:
        """The key under which a reminder counts as sent: once a day, or once a week (its Monday)."""
        return vandaag if self.ritme == Ritme.DAGELIJKS else maandag(vandaag)


_REGISTER: dict[str, Herinneringsoort] = {}


def registreer(soort: Herinneringsoort) -> Herinneringsoort:
    if soort.code in _REGISTER:
        raise ValueError(f"De herinneringsoort {soort.code!r} is al geregistreerd.")
    _REGISTER[soort.code] = soort
    return soort


@cache
def _ontdek() -> None:
    autodiscover_modules("herinneringen")


def soorten() -> dict[str, Herinneringsoort]:
    """Every registered kind, by code, in registration order."""
    _ontdek()
    return _REGISTER


# --- The kring's own kinds -------------------------------------------------------------------------------------------

TEKENENDE_SOORTEN = (Organisatie.Soort.GEMEENTE, Organisatie.Soort.OPDRACHTNEMER)


def _ondertekenen_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    # The people `is_tekengerechtigd` admits, in one query per open version.
    for overeenkomst in Intentieovereenkomst.objects.filter(status=Intentieovereenkomst.Status.TER_ONDERTEKENING):
        getekend = Ondertekening.objects.filter(overeenkomst=overeenkomst, organisatie=OuterRef("organisatie"))
        ontvangers = User.objects.filter(
            status=User.Status.ACTIEF,
            is_tekenbevoegd=True,
            organisatie__in=Organisatie.objects.leden().filter(soort__in=TEKENENDE_SOORTEN),
        ).exclude(Exists(getekend))
        url = absolute_url(overeenkomst.get_absolute_url())
        for ontvanger in ontvangers:
            yield Aanleiding(ontvanger, overeenkomst, {"overeenkomst": overeenkomst, "url": url})


def _registraties_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    # Only applicants who confirmed their address: the others cannot be approved yet.
    wachtend = (
        User.objects.filter(status=User.Status.AANGEVRAAGD)
        .filter(Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)))
        .order_by("aangemaakt_op", "pk")
    )
    oudste = wachtend.first()
    if oudste is None:
        return
    context = {"aantal": wachtend.count(), "oudste": oudste, "url": absolute_url(reverse("kring:registraties"))}
    # The object is the beheerder's own account: one reminder per beheerder per day, however the queue changes.
    for beheerder in beheerders():
        yield Aanleiding(beheerder, beheerder, context)


OVEREENKOMST_ONDERTEKENEN = registreer(
    Herinneringsoort(
        code="overeenkomst_ondertekenen",
        label="Intentieovereenkomst ondertekenen",
        uitleg="Eens per week zolang uw organisatie de nieuwe versie van de intentieovereenkomst nog niet heeft "
        "ondertekend. De herinnering stopt zodra iemand namens uw organisatie tekent.",
        frequenties=(Frequentie.DIRECT, Frequentie.WEKELIJKS, Frequentie.UIT),
        standaard=Frequentie.DIRECT,
        ritme=Ritme.WEKELIJKS,
        zoek=_ondertekenen_zoek,
        onderwerp=lambda context: f"Herinnering: onderteken de {context['overeenkomst'].titel}",
        van_toepassing=is_tekengerechtigd,
    )
)

REGISTRATIES_WACHTEN = registreer(
    Herinneringsoort(
        code="registraties_wachten",
        label="Registraties die op goedkeuring wachten",
        uitleg="Elke dag dat er aanvragen met een bevestigd e-mailadres wachten. Aanvragers kunnen pas aan de slag "
        "als een beheerder hun account goedkeurt; daarom kunt u deze herinnering niet uitzetten, wel bundelen in "
        "het weekoverzicht.",
        frequenties=(Frequentie.DIRECT, Frequentie.WEKELIJKS),
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=_registraties_zoek,
        onderwerp=lambda context: (
            "1 registratie wacht op goedkeuring"
            if context["aantal"] == 1
            else f"{context['aantal']} registraties wachten op goedkeuring"
        ),
        van_toepassing=kan_registraties_beoordelen,
    )
)


# -- stuurgroep
# The quarterly report requested for each stuurgroep member after a quarter ends (kring.services.stuurgroep): the
# link once it is ready, once per report. Reports older than this are not announced any more (a sweep that was down).
KWARTAALRAPPORTAGE_MELDEN_DAGEN = 30


def _kwartaalrapportage_klaar_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    # Three queries however many reports: the automatic requests, their finished reports, the reminders already sent.
    from kring.dashboard.kwartaalrapportage import AUTOMATISCH_AANGEVRAAGD, kwartaal_uit_getal

    type_rapport = ContentType.objects.get_for_model(Rapport)
    sinds = timezone.now() - datetime.timedelta(days=KWARTAALRAPPORTAGE_MELDEN_DAGEN)
    ids = AuditEvent.objects.filter(
        actie=AUTOMATISCH_AANGEVRAAGD, object_type=type_rapport, tijdstip__gte=sinds
    ).values_list("object_id", flat=True)
    rapporten = list(
        Rapport.objects.filter(
            pk__in=[int(pk) for pk in ids], soort=Rapport.Soort.KWARTAALRAPPORTAGE, status=Rapport.Status.KLAAR
        )
        .select_related("aangevraagd_door__organisatie")
        .order_by("pk")
    )
    gehad = set(
        Herinnering.objects.filter(
            soort="kwartaalrapportage_klaar", object_type=type_rapport, object_id__in=[r.pk for r in rapporten]
        ).values_list("object_id", "ontvanger_id")
    )
    for rapport in rapporten:
        lid = rapport.aangevraagd_door
        if (rapport.pk, lid.pk) in gehad or not mag_kwartaalrapportage_aanvragen(lid):
            continue
        kwartaal = kwartaal_uit_getal(rapport.parameters.get("kwartaal", 0))
        yield Aanleiding(
            lid,
            rapport,
            {
                "rapport": rapport,
                "kwartaal": kwartaal.label if kwartaal else "",
                "url": absolute_url(reverse("kring:rapport_download", args=[rapport.pk])),
                "rapport_url": absolute_url(reverse("kring:rapport_detail", args=[rapport.pk])),
            },
        )


KWARTAALRAPPORTAGE_KLAAR = registreer(
    Herinneringsoort(
        code="kwartaalrapportage_klaar",
        label="Kwartaalrapportage klaar",
        uitleg="Na elk kwartaal maakt het portaal de kwartaalrapportage voor de stuurgroep: het dashboard van dat "
        "kwartaal als PDF. Zodra uw exemplaar klaar is, krijgt u de link. Eén bericht per rapport.",
        frequenties=(Frequentie.DIRECT, Frequentie.WEKELIJKS, Frequentie.UIT),
        standaard=Frequentie.DIRECT,
        ritme=Ritme.DAGELIJKS,
        zoek=_kwartaalrapportage_klaar_zoek,
        onderwerp=lambda context: f"Kwartaalrapportage klaar: {context['kwartaal']}",
        van_toepassing=mag_kwartaalrapportage_aanvragen,
    )
)
