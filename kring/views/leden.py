"""The ledenlijst (organisations and people) with its exports, organisation pages, and the beheerders' account page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kring.exports import export_response
from kring.filters import OrganisatieFilter, PersoonFilter
from kring.forms.leden import BlokkeerForm, RollenForm
from kring.permissions import is_lid, kan_gebruikers_beheren, kan_leden_exporteren, requires, ziet_alle_leden
from kring.selectors import leden as selectors
from kring.services import leden as services

PER_PAGINA = 25


@dataclass(frozen=True)
class Ledenlijst:
    """One tab of the ledenlijst: how it is selected, filtered, shown and exported."""

    naam: str  # what the list holds, in the plural: for texts and the export's file name
    selector: Callable
    filter_class: type
    template: str
    export_url: str
    koppen: list
    rijen: Callable

    def filterset(self, request):
        return self.filter_class(request.GET, queryset=self.selector(user=request.user), request=request)


ORGANISATIES = Ledenlijst(
    naam=gettext_lazy("organisaties"),
    selector=selectors.organisatie_lijst,
    filter_class=OrganisatieFilter,
    template="kring/leden/organisaties.html",
    export_url="kring:leden_organisaties_export",
    koppen=selectors.ORGANISATIE_KOPPEN,
    rijen=selectors.organisatie_rijen,
)
PERSONEN = Ledenlijst(
    naam=gettext_lazy("personen"),
    selector=selectors.persoon_lijst,
    filter_class=PersoonFilter,
    template="kring/leden/personen.html",
    export_url="kring:leden_personen_export",
    koppen=selectors.PERSOON_KOPPEN,
    rijen=selectors.persoon_rijen,
)


def _rechten(user) -> dict:
    """What the templates show or link beyond what every member sees."""
    return {
        "ziet_alles": ziet_alle_leden(user),
        "mag_exporteren": kan_leden_exporteren(user),
        "mag_beheren": kan_gebruikers_beheren(user),
    }


def _toon(request, lijst: Ledenlijst):
    filterset = lijst.filterset(request)
    pagina = Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    context = {"filter": filterset, "pagina": pagina, "export_url": lijst.export_url, "wat": lijst.naam}
    return render(request, lijst.template, {**context, "balans": selectors.leden_balans(), **_rechten(request.user)})


def _exporteer(request, lijst: Ledenlijst, formaat: str):
    return export_response(
        bestandsnaam=f"{lijst.naam}-{timezone.localdate():%Y-%m-%d}",
        formaat=formaat,
        koppen=lijst.koppen,
        rijen=lijst.rijen(lijst.filterset(request).qs),
    )


@requires(is_lid)
@require_GET
def organisaties(request):
    return _toon(request, ORGANISATIES)


@requires(is_lid)
@require_GET
def personen(request):
    return _toon(request, PERSONEN)


@requires(kan_leden_exporteren)
@require_GET
def organisaties_export(request, formaat):
    return _exporteer(request, ORGANISATIES, formaat)


@requires(kan_leden_exporteren)
@require_GET
def personen_export(request, formaat):
    return _exporteer(request, PERSONEN, formaat)


@requires(is_lid)
@require_GET
def organisatie(request, pk):
    overzicht = selectors.organisatie_overzicht(user=request.user, pk=pk)
    return render(request, "kring/leden/organisatie.html", {"overzicht": overzicht, **_rechten(request.user)})


def _gebruiker_pagina(request, gebruiker, *, blokkeer_form=None, rollen_form=None):
    """The account page; after a refused action it shows the submitted form with its errors."""
    rollen = {veld: getattr(gebruiker, veld) for veld in services.ROLVELDEN}
    return render(
        request,
        "kring/leden/gebruiker.html",
        {
            "gebruiker": gebruiker,
            "blokkeer_form": blokkeer_form or BlokkeerForm(),
            "rollen_form": rollen_form or RollenForm(initial=rollen),
        },
    )


@requires(kan_gebruikers_beheren)
@require_GET
def gebruiker(request, pk):
    return _gebruiker_pagina(request, selectors.gebruiker_get(user=request.user, pk=pk))


@requires(kan_gebruikers_beheren)
@require_POST
def gebruiker_blokkeren(request, pk):
    gebruiker = selectors.gebruiker_get(user=request.user, pk=pk)
    form = BlokkeerForm(request.POST)
    if not form.is_valid():  # no reason given: ask for it on the page itself
        return _gebruiker_pagina(request, gebruiker, blokkeer_form=form)
    try:
        services.gebruiker_block(
            gebruiker=gebruiker, reden=form.cleaned_data["reden"], door=request.user, request=request
        )
    except ValidationError as fout:  # the account's state does not allow it (any more)
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Het account van %(naam)s is geblokkeerd.") % {"naam": gebruiker.naam})
    return redirect("kring:gebruiker", pk=gebruiker.pk)


@requires(kan_gebruikers_beheren)
@require_POST
def gebruiker_heractiveren(request, pk):
    gebruiker = selectors.gebruiker_get(user=request.user, pk=pk)
    try:
        services.gebruiker_reactivate(gebruiker=gebruiker, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("Het account van %(naam)s is weer actief.") % {"naam": gebruiker.naam})
    return redirect("kring:gebruiker", pk=gebruiker.pk)


@requires(kan_gebruikers_beheren)
@require_POST
def gebruiker_rollen(request, pk):
    gebruiker = selectors.gebruiker_get(user=request.user, pk=pk)
    form = RollenForm(request.POST)
    if form.is_valid():
        try:
            services.gebruiker_set_rollen(gebruiker=gebruiker, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("De rollen van %(naam)s zijn opgeslagen.") % {"naam": gebruiker.naam})
            return redirect("kring:gebruiker", pk=gebruiker.pk)
    return _gebruiker_pagina(request, gebruiker, rollen_form=form)
