"""Pages of the uitvoeringsagenda: the kring-wide list with filters, totals and export, one activity with its progress
notes and status buttons, and the form to create or edit an activity."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.exports import export_response
from kring.permissions import requires
from werkgroepen.filters import ActiviteitFilter
from werkgroepen.forms.agenda import ActiviteitForm, VoortgangForm
from werkgroepen.models import Activiteit
from werkgroepen.permissions import mag_activiteit_bewerken, mag_activiteiten_aanmaken, mag_agenda_zien
from werkgroepen.selectors import agenda as selectors
from werkgroepen.services import agenda as services

PER_PAGINA = 25


def _filterset(request) -> ActiviteitFilter:
    return ActiviteitFilter(request.GET, queryset=selectors.activiteit_list(user=request.user), request=request)


@requires(mag_agenda_zien)
@require_GET
def uitvoeringsagenda(request):
    filterset = _filterset(request)
    return render(
        request,
        "werkgroepen/agenda/lijst.html",
        {
            "filter": filterset,
            "pagina": Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina")),
            "totalen": selectors.agenda_totalen(filterset.qs),
            "mag_aanmaken": mag_activiteiten_aanmaken(request.user),
        },
    )


@requires(mag_agenda_zien)
@require_GET
def uitvoeringsagenda_export(request, formaat):
    return export_response(
        bestandsnaam=f"uitvoeringsagenda-{timezone.localdate():%Y-%m-%d}",
        formaat=formaat,
        koppen=selectors.AGENDA_KOPPEN,
        rijen=selectors.agenda_rijen(_filterset(request).qs, formaat=formaat),
    )


def _activiteit_pagina(request, activiteit: Activiteit, *, voortgang_form: VoortgangForm | None = None):
    mag_bewerken = mag_activiteit_bewerken(request.user, activiteit)
    return render(
        request,
        "werkgroepen/agenda/activiteit.html",
        {
            "activiteit": activiteit,
            "mag_bewerken": mag_bewerken,
            "overgangen": services.overgangen_vanuit(activiteit) if mag_bewerken else {},
            "voortgang_form": (voortgang_form or VoortgangForm()) if mag_bewerken else None,
        },
    )


@requires(mag_agenda_zien)
@require_GET
def activiteit(request, pk):
    return _activiteit_pagina(request, selectors.activiteit_get(user=request.user, pk=pk))


def _bewerk(request, activiteit: Activiteit | None):
    keuzes = selectors.activiteit_keuzes(user=request.user, activiteit=activiteit)
    # A link from a werkgroep's page may bring the werkgroep along (?werkgroep=<nummer>).
    initial = {} if activiteit else {"initiatiefnemer": request.user, "werkgroep": request.GET.get("werkgroep")}
    form = ActiviteitForm(request.POST or None, instance=activiteit, initial=initial, keuzes=keuzes)
    if request.method == "POST" and form.is_valid():
        try:
            if activiteit is None:
                activiteit = services.activiteit_create(gegevens=form.gegevens(), door=request.user, request=request)
            else:
                activiteit = services.activiteit_update(
                    activiteit=activiteit, gegevens=form.gegevens(), door=request.user, request=request
                )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("De activiteit “%(titel)s” is opgeslagen.") % {"titel": activiteit.titel})
            return redirect("werkgroepen:activiteit", pk=activiteit.pk)
    return render(request, "werkgroepen/agenda/bewerken.html", {"form": form, "activiteit": activiteit})


@requires(mag_activiteiten_aanmaken)
@require_http_methods(["GET", "POST"])
def activiteit_nieuw(request):
    return _bewerk(request, None)


def _bewerkbaar(request, pk) -> Activiteit:
    """The activity, if `request.user` may change it. Every member sees every activity, so a refusal is a 403."""
    activiteit = selectors.activiteit_get(user=request.user, pk=pk)
    if not mag_activiteit_bewerken(request.user, activiteit):
        raise PermissionDenied
    return activiteit


@requires(mag_agenda_zien)
@require_http_methods(["GET", "POST"])
def activiteit_bewerken(request, pk):
    return _bewerk(request, _bewerkbaar(request, pk))


@requires(mag_agenda_zien)
@require_POST
def activiteit_status(request, pk, status):
    activiteit = _bewerkbaar(request, pk)
    try:
        activiteit = services.activiteit_set_status(
            activiteit=activiteit, status=status, door=request.user, request=request
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("“%(titel)s” is nu %(status)s.")
            % {"titel": activiteit.titel, "status": activiteit.get_status_display().lower()},
        )
    return redirect("werkgroepen:activiteit", pk=activiteit.pk)


@requires(mag_agenda_zien)
@require_POST
def activiteit_voortgang(request, pk):
    activiteit = _bewerkbaar(request, pk)
    form = VoortgangForm(request.POST)
    if form.is_valid():
        try:
            services.voortgangsnotitie_create(
                activiteit=activiteit, door=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Uw voortgangsnotitie is toegevoegd."))
            return redirect("werkgroepen:activiteit", pk=activiteit.pk)
    return _activiteit_pagina(request, activiteit, voortgang_form=form)
