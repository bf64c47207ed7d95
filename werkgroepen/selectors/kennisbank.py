"""Reads of the kennisbank with their visibility rules: what a person may see, the search page with its facets, one
item with its related items, attachments, and who reviews items past their review date."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from kring.herinneringen import Aanleiding, absolute_url
from kring.models import User
from kring.permissions import is_lid
from kring.selectors.accounts import beheerders
from kring.selectors.leden import lopende_lidmaatschappen
from werkgroepen import zoeken
from werkgroepen.filters import KennisitemFilter
from werkgroepen.models import Bijlage, Kennisitem, Lidmaatschap, NuttigStem
from werkgroepen.permissions import mag_kennisitem_bewerken

Zichtbaarheid = Kennisitem.Zichtbaarheid
PER_PAGINA = 20
AANTAL_GERELATEERD = 5


def _zichtbaar(user: User) -> Q:
    """openbaar: everyone; leden: active members; werkgroep: running members of the item's werkgroep; gemeente: staff
    of a gemeente. Beheerders see everything, an author always their own items."""
    zichtbaar = Q(zichtbaarheid=Zichtbaarheid.OPENBAAR)
    if not is_lid(user):
        return zichtbaar
    if user.is_beheerder:
        return Q()
    eigen_werkgroepen = lopende_lidmaatschappen().filter(gebruiker=user).values("werkgroep_id")
    zichtbaar |= (
        Q(zichtbaarheid=Zichtbaarheid.LEDEN)
        | Q(zichtbaarheid=Zichtbaarheid.WERKGROEP, werkgroep__in=eigen_werkgroepen)
        | Q(auteur=user)
    )
    if user.is_gemeente:
        zichtbaar |= Q(zichtbaarheid=Zichtbaarheid.GEMEENTE)
    return zichtbaar


def kennisitem_list(*, user: User) -> QuerySet[Kennisitem]:
    """The items `user` may see, newest first."""
    return Kennisitem.objects.filter(_zichtbaar(user)).order_by("-gepubliceerd_op", "-pk")


def kennisitem_get(*, user: User, pk: int) -> Kennisitem:
    """One visible item with what its page shows (404 when `user` may not see it)."""
    return get_object_or_404(
        kennisitem_list(user=user)
        .select_related("werkgroep", "auteur", "organisatie")
        .prefetch_related("themas", "tags", "bijlagen"),
        pk=pk,
    )


def kennisitem_bewerkbaar_get(*, user: User, pk: int) -> Kennisitem:
    """An item `user` may edit: 404 when they cannot see it, 403 when they see it but may not edit it."""
    kennisitem = kennisitem_get(user=user, pk=pk)
    if not mag_kennisitem_bewerken(user, kennisitem):
        raise PermissionDenied
    return kennisitem


def bijlage_get(*, user: User, pk: int) -> Bijlage:
    """An attachment follows its item: 404 unless `user` may see the item."""
    return get_object_or_404(Bijlage.objects.filter(kennisitem__in=kennisitem_list(user=user)), pk=pk)


def kennisitem_gerelateerd(*, user: User, kennisitem: Kennisitem) -> list[Kennisitem]:
    """Up to AANTAL_GERELATEERD visible items: the ones linked explicitly first, then those sharing the most themes,
    then the werkgroep's, newest first. One query; uses the item's prefetched themes."""
    thema_ids = [thema.pk for thema in kennisitem.themas.all()]
    koppeling = Kennisitem.gerelateerd.through.objects.filter(
        from_kennisitem_id=OuterRef("pk"), to_kennisitem_id=kennisitem.pk
    )
    verwant = Q(expliciet=True)
    if thema_ids:
        verwant |= Q(themas__in=thema_ids)
    if kennisitem.werkgroep_id is not None:
        verwant |= Q(werkgroep_id=kennisitem.werkgroep_id)
    gedeeld = Count("themas", filter=Q(themas__in=thema_ids), distinct=True) if thema_ids else Value(0)
    return list(
        kennisitem_list(user=user)
        .exclude(pk=kennisitem.pk)
        .annotate(expliciet=Exists(koppeling))
        .filter(verwant)
        .annotate(gedeeld=gedeeld)
        .order_by("-expliciet", "-gedeeld", "-gepubliceerd_op", "-pk")[:AANTAL_GERELATEERD]
    )


def praktijkdelen(kennisitem: Kennisitem) -> list[tuple[str, str]]:
    """The parts of a praktijkvoorbeeld as (heading, text), in the order of the PIANOo template."""
    return [
        (Kennisitem._meta.get_field(veld).verbose_name, getattr(kennisitem, veld)) for veld in zoeken.PRAKTIJK_VELDEN
    ]


def heeft_nuttig_gestemd(*, user: User, kennisitem: Kennisitem) -> bool:
    return is_lid(user) and NuttigStem.objects.filter(kennisitem=kennisitem, gebruiker=user).exists()


# --- The search page -------------------------------------------------------------------------------------------------


FACETTEN = {"soort": "Soort", "werkgroep": "Werkgroep", "thema": "Thema", "jaar": "Jaar"}


def _adres(params: QueryDict, naam: str, waarde: str | None) -> str:
    """The search page's query string with filter `naam` set to `waarde` (None: removed), back on the first page."""
    nieuw = params.copy()
    nieuw.pop("pagina", None)
    nieuw.pop(naam, None)
    if waarde is not None:
        nieuw[naam] = waarde
    return f"?{nieuw.urlencode()}"


@dataclass(frozen=True)
class Facetwaarde:
    label: str
    aantal: int
    gekozen: bool
    adres: str  # choosing it, or for the chosen value: leaving it out again


@dataclass(frozen=True)
class Facet:
    naam: str  # the filter's name in the address
    titel: str
    waarden: list[Facetwaarde]


@dataclass(frozen=True)
class ActiefFilter:
    naam: str
    titel: str
    waarde: str  # as in the address, for the search form's hidden field
    label: str
    adres_weg: str


@dataclass(frozen=True)
class Resultaat:
    kennisitem: Kennisitem
    fragment: SafeString


@dataclass(frozen=True)
class Zoekresultaten:
    zoektekst: str
    pagina: Page
    resultaten: list[Resultaat]
    facetten: list[Facet]
    actief: list[ActiefFilter]


def _facet(naam: str, rijen, params: QueryDict, label=str) -> Facet:
    gekozen = params.get(naam, "")
    return Facet(
        naam=naam,
        titel=FACETTEN[naam],
        waarden=[
            Facetwaarde(
                label=label(tekst),
                aantal=aantal,
                gekozen=str(waarde) == gekozen,
                adres=_adres(params, naam, None if str(waarde) == gekozen else str(waarde)),
            )
            for waarde, tekst, aantal in rijen
            if waarde is not None
        ],
    )


def kennisbank_facetten(*, kennisitems: QuerySet[Kennisitem], params: QueryDict) -> list[Facet]:
    """Counts per soort, werkgroep, thema and year of publication over `kennisitems` (already visible and filtered):
    one aggregation query each."""
    basis = Kennisitem.objects.filter(pk__in=kennisitems.values("pk")).order_by()
    soorten = dict(Kennisitem.Soort.choices)
    return [
        _facet(
            "soort",
            basis.values_list("soort", "soort").annotate(aantal=Count("pk")).order_by("soort"),
            params,
            label=lambda soort: soorten.get(soort, soort),
        ),
        _facet(
            "werkgroep",
            basis.values_list("werkgroep__slug", "werkgroep__naam")
            .annotate(aantal=Count("pk"))
            .order_by("werkgroep__volgorde", "werkgroep__naam"),
            params,
        ),
        _facet(
            "thema",
            basis.values_list("themas__slug", "themas__naam")
            .annotate(aantal=Count("pk", distinct=True))
            .order_by("themas__naam"),
            params,
        ),
        _facet(
            "jaar",
            basis.annotate(jaar=ExtractYear("gepubliceerd_op"))
            .values_list("jaar", "jaar")
            .annotate(aantal=Count("pk"))
            .order_by("-jaar"),
            params,
        ),
    ]


def kennisbank_zoeken(*, user: User, params: QueryDict, pagina: str | None) -> Zoekresultaten:
    """The search page: the visible items filtered by the search words and the facets, a page of results with their
    snippets, the facet counts over everything that matched, and the facets in use (invalid values are ignored)."""
    filterset = KennisitemFilter(params, queryset=kennisitem_list(user=user))
    gevonden = filterset.qs
    gekozen = filterset.form.cleaned_data
    zoektekst = gekozen.get("q") or ""
    page = Paginator(gevonden.select_related("werkgroep").prefetch_related("themas"), PER_PAGINA).get_page(pagina)
    soorten = dict(Kennisitem.Soort.choices)
    actief = [
        ActiefFilter(
            naam=naam,
            titel=titel,
            waarde=params[naam],
            label=soorten.get(gekozen[naam], str(gekozen[naam])) if naam == "soort" else str(gekozen[naam]),
            adres_weg=_adres(params, naam, None),
        )
        for naam, titel in FACETTEN.items()
        if gekozen.get(naam) not in (None, "")
    ]
    return Zoekresultaten(
        zoektekst=zoektekst,
        pagina=page,
        resultaten=[
            Resultaat(kennisitem=item, fragment=zoeken.fragment(item, zoektekst) if zoektekst else SafeString(""))
            for item in page.object_list
        ],
        facetten=kennisbank_facetten(kennisitems=gevonden, params=params),
        actief=actief,
    )


# --- Review reminders ------------------------------------------------------------------------------------------------


def _mag_zien(user: User, kennisitem: Kennisitem) -> bool:
    """The gemeente-intern rule for people who are not the author (trekkers and beheerders see werkgroep items)."""
    return kennisitem.zichtbaarheid != Zichtbaarheid.GEMEENTE or user.is_gemeente or user.is_beheerder


def kennisitem_herzien_zoek(vandaag: datetime.date) -> Iterator[Aanleiding]:
    """Items whose review date has passed, each to whoever should look at it: the author while active; otherwise the
    trekkers of its werkgroep who may see it; otherwise the beheerders. Three queries."""
    items = list(
        Kennisitem.objects.filter(herzien_voor__lt=vandaag)
        .select_related("auteur__organisatie", "werkgroep")
        .order_by("herzien_voor", "pk")
    )
    zonder_auteur = [item for item in items if not (item.auteur and item.auteur.is_actief)]
    trekkers = defaultdict(list)
    for lidmaatschap in (
        lopende_lidmaatschappen(op=vandaag)
        .filter(
            werkgroep_id__in={item.werkgroep_id for item in zonder_auteur} - {None},
            rol=Lidmaatschap.Rol.TREKKER,
            gebruiker__status=User.Status.ACTIEF,
        )
        .select_related("gebruiker__organisatie")
    ):
        trekkers[lidmaatschap.werkgroep_id].append(lidmaatschap.gebruiker)
    reserve = list(beheerders()) if zonder_auteur else []
    for item in items:
        context = {"kennisitem": item, "url": absolute_url(item.get_absolute_url())}
        if item.auteur and item.auteur.is_actief:
            yield Aanleiding(item.auteur, item, {**context, "reden": "auteur"})
            continue
        geschikt = [trekker for trekker in trekkers[item.werkgroep_id] if _mag_zien(trekker, item)]
        for ontvanger in geschikt or reserve:
            yield Aanleiding(ontvanger, item, {**context, "reden": "trekker" if geschikt else "beheerder"})
