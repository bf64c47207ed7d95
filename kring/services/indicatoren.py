"""Writes of the indicators of the intentieovereenkomst (issue 8): the stuurgroep and beheerders set indicators with a
target per themadoel and enter the values of manual ones; closing a quarter stores the computed values, so that later
changes in the data do not rewrite history."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.audit import audit_log, momentopname, wijzigingen
from kring.indicatoren import bereken_bronnen
from kring.markdown import weiger_actieve_html
from kring.models import Indicator, Indicatorwaarde, Themadoel, User
from kring.permissions import mag_indicatoren_beheren
from kring.selectors.indicatoren import themadoelen_voor_indicatoren
from projecten.kwartalen import huidig_kwartaal, is_kwartaalbegin, kwartaal_einde, kwartaal_label

Bron = Indicator.Bron
VELDEN = ["themadoel", "naam", "bron", "eenheid", "doel", "hoger_is_beter", "volgorde"]


@dataclass(frozen=True)
class IndicatorGegevens:
    """An indicator as the stuurgroep wants it."""

    themadoel: Themadoel
    naam: str
    bron: str
    doel: Decimal
    eenheid: str = ""
    hoger_is_beter: bool = True
    volgorde: int = 0


def _eis_beheerder(door: User) -> None:
    if not mag_indicatoren_beheren(door):
        raise PermissionDenied


def _schrijf(indicator: Indicator, gegevens: IndicatorGegevens) -> None:
    if not themadoelen_voor_indicatoren().filter(pk=gegevens.themadoel.pk).exists():
        raise ValidationError(
            {
                "themadoel": _(
                    "Kies een themadoel van de huidige of de nieuwste versie van de intentieovereenkomst; oudere "
                    "versies krijgen geen nieuwe indicatoren."
                )
            }
        )
    if gegevens.doel is None or gegevens.doel < 0:
        raise ValidationError({"doel": _("Het doel is een getal van 0 of meer.")})
    if indicator.pk is not None and indicator.bron != gegevens.bron and indicator.waarden.exists():
        raise ValidationError(
            {
                "bron": _(
                    "Deze indicator heeft al vastgelegde waarden; met een andere bron zouden die niet meer kloppen. "
                    "Maak een nieuwe indicator met de andere bron."
                )
            }
        )
    weiger_actieve_html(gegevens.naam, veld="naam")
    weiger_actieve_html(gegevens.eenheid, veld="eenheid")
    indicator.themadoel = gegevens.themadoel
    indicator.naam = gegevens.naam.strip()
    indicator.bron = gegevens.bron
    indicator.eenheid = gegevens.eenheid.strip()
    indicator.doel = gegevens.doel
    indicator.hoger_is_beter = gegevens.hoger_is_beter
    indicator.volgorde = gegevens.volgorde
    indicator.full_clean()
    try:
        with transaction.atomic():
            indicator.save()
    except IntegrityError:
        raise ValidationError({"naam": _("Dit themadoel heeft al een indicator met deze naam.")}) from None


@transaction.atomic
def indicator_create(*, gegevens: IndicatorGegevens, door: User, request: HttpRequest | None = None) -> Indicator:
    """A new indicator of a themadoel of the current or newest version, by the stuurgroep or a beheerder."""
    _eis_beheerder(door)
    indicator = Indicator()
    _schrijf(indicator, gegevens)
    audit_log(
        actie="indicator.aangemaakt", actor=door, obj=indicator, na=momentopname(indicator, VELDEN), request=request
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, gegevens: IndicatorGegevens, door: User, request: HttpRequest | None = None
) -> Indicator:
    """Change an indicator; its stored values stay (a different source only while it has none)."""
    _eis_beheerder(door)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    voor = momentopname(indicator, VELDEN)
    _schrijf(indicator, gegevens)
    voor, na = wijzigingen(voor, momentopname(indicator, VELDEN))
    if na:
        audit_log(actie="indicator.gewijzigd", actor=door, obj=indicator, voor=voor, na=na, request=request)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, door: User, request: HttpRequest | None = None) -> None:
    """Remove an indicator with its values; the audit log keeps what it was and how many values it had."""
    _eis_beheerder(door)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    voor = {**momentopname(indicator, VELDEN), "aantal_waarden": indicator.waarden.count()}
    audit_log(actie="indicator.verwijderd", actor=door, obj=indicator, voor=voor, request=request)
    indicator.delete()


def _eis_kwartaal(kwartaal: datetime.date) -> None:
    if not isinstance(kwartaal, datetime.date) or not is_kwartaalbegin(kwartaal):
        raise ValidationError({"kwartaal": _("Kies een kwartaal.")})


@transaction.atomic
def indicatorwaarde_invullen(
    *,
    indicator: Indicator,
    kwartaal: datetime.date,
    waarde: Decimal,
    toelichting: str,
    door: User,
    request: HttpRequest | None = None,
) -> Indicatorwaarde:
    """Enter (or correct) the value of a manual indicator for a quarter that has begun. A correction overwrites the
    value; the audit log keeps the one before."""
    _eis_beheerder(door)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.bron != Bron.HANDMATIG:
        raise ValidationError(
            _("De waarde van “%(naam)s” berekent het portaal zelf; alleen handmatige indicatoren vult u in.")
            % {"naam": indicator.naam}
        )
    _eis_kwartaal(kwartaal)
    if kwartaal > huidig_kwartaal():
        raise ValidationError({"kwartaal": _("Een kwartaal dat nog moet komen, heeft nog geen waarde.")})
    if waarde is None or waarde < 0:
        raise ValidationError({"waarde": _("De waarde is een getal van 0 of meer.")})
    weiger_actieve_html(toelichting, veld="toelichting")
    rij = Indicatorwaarde.objects.filter(indicator=indicator, kwartaal=kwartaal).first()
    voor = momentopname(rij, ["waarde", "toelichting"]) if rij is not None else None
    rij = rij or Indicatorwaarde(indicator=indicator, kwartaal=kwartaal)
    rij.waarde = waarde
    rij.toelichting = toelichting.strip()
    rij.door = door
    rij.vastgelegd_op = timezone.now()
    rij.full_clean()
    rij.save()
    na = momentopname(rij, ["waarde", "toelichting"])
    if voor is not None:
        voor, na = wijzigingen(voor, na)
        if not na:
            return rij
    audit_log(
        actie="indicator.waarde_ingevuld",
        actor=door,
        obj=indicator,
        voor={"kwartaal": kwartaal_label(kwartaal), **voor} if voor is not None else None,
        na={"kwartaal": kwartaal_label(kwartaal), **na},
        request=request,
    )
    return rij


@transaction.atomic
def kwartaal_afsluiten(
    *, kwartaal: datetime.date, door: User | None = None, vandaag: datetime.date | None = None
) -> int:
    """Store the computed value of every non-manual indicator for a closed quarter that has none stored yet; returns
    how many were stored. Running it again stores nothing and logs nothing (one audit event per closing)."""
    _eis_kwartaal(kwartaal)
    vandaag = vandaag or timezone.localdate()
    if kwartaal_einde(kwartaal) >= vandaag:
        raise ValidationError(
            _("%(kwartaal)s is nog niet voorbij; een kwartaal wordt afgesloten als het om is.")
            % {"kwartaal": kwartaal_label(kwartaal)}
        )
    open_indicatoren = list(
        Indicator.objects.exclude(bron=Bron.HANDMATIG)
        .exclude(waarden__kwartaal=kwartaal)
        .select_for_update()
        .only("pk", "bron")
    )
    if not open_indicatoren:
        return 0
    berekend = {
        bron: waarden[kwartaal]
        for bron, waarden in bereken_bronnen(
            {indicator.bron: [kwartaal] for indicator in open_indicatoren}, vandaag=vandaag
        ).items()
    }
    nu = timezone.now()
    nieuw = Indicatorwaarde.objects.bulk_create(
        [
            Indicatorwaarde(
                indicator=indicator,
                kwartaal=kwartaal,
                waarde=berekend[indicator.bron],
                toelichting=_("Berekend bij het afsluiten van het kwartaal."),
                vastgelegd_op=nu,
            )
            for indicator in open_indicatoren
        ],
        ignore_conflicts=True,
    )
    audit_log(
        actie="indicatoren.kwartaal_afgesloten",
        actor=door,
        na={
            "kwartaal": kwartaal_label(kwartaal),
            "waarden": {str(indicator.pk): str(berekend[indicator.bron]) for indicator in open_indicatoren},
        },
        actor_omschrijving="" if door is not None else "systeem: kwartaal afgesloten",
    )
    return len(nieuw)
