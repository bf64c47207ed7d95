"""Pages of the gebiedsgerichte planning: the gebieden and one gebied with all that plays there, the wijk × jaar
matrix, the opgaven and graafrust markers of a gebied (for its own gemeente), and the koppelkansen with their
decision log."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.permissions import is_lid, requires
from projecten.filters import GebiedenFilter, KoppelkansFilter
from projecten.forms.gebieden import GraafrustForm, KoppelbesluitForm, OpgaveForm
from projecten.permissions import mag_gebied_beheren, mag_projecten_beheren
from projecten.selectors import gebieden as selectors
from projecten.services import gebieden as services

PER_PAGINA = 25


@requires(is_lid)
@require_GET
def gebieden(request):
    filterset = GebiedenFilter(request.GET, queryset=selectors.gebied_list(user=request.user))
    pagina = Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "projecten/gebieden/lijst.html", {"filter": filterset, "pagina": pagina})


@requires(is_lid)
@require_GET
def matrix(request):
    filterset = GebiedenFilter(request.GET, queryset=selectors.gebieden_zichtbaar(user=request.user))
    return render(
        request,
        "projecten/gebieden/matrix.html",
        {"filter": filterset, "matrix": selectors.gebiedsmatrix(gebieden=filterset.qs)},
    )


@requires(is_lid)
@require_GET
def gebied(request, pk):
    overzicht = selectors.gebied_overzicht(user=request.user, pk=pk)
    return render(
        request,
        "projecten/gebieden/gebied.html",
        {"overzicht": overzicht, "mag_beheren": mag_gebied_beheren(request.user, overzicht.gebied)},
    )


def _formulier(request, form, *, opslaan, melding: str, template: str, context: dict):
    """A form of a gebied's own gemeente: `opslaan(form)` calls the service; back to the gebied with `melding`, or the
    page again with the service's errors at the form."""
    if request.method == "POST" and form.is_valid():
        try:
            opgeslagen = opslaan(form)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, melding % {"naam": opgeslagen})
            return redirect("projecten:gebied", pk=context["gebied"].pk)
    return render(request, template, {"form": form, **context})


def _opgave(request, *, gebied, opgave=None):
    form = OpgaveForm(request.POST or None, instance=opgave, gebied=gebied)

    def opslaan(form):
        if opgave is None:
            return services.opgave_create(
                gebied=gebied, door=request.user, gegevens=form.cleaned_data, request=request
            )
        return services.opgave_update(opgave=opgave, door=request.user, gegevens=form.cleaned_data, request=request)

    return _formulier(
        request,
        form,
        opslaan=opslaan,
        melding=_("De opgave “%(naam)s” is opgeslagen. Koppelkansen worden opnieuw gezocht."),
        template="projecten/gebieden/opgave.html",
        context={"gebied": gebied, "opgave": opgave},
    )


@requires(mag_projecten_beheren)
@require_http_methods(["GET", "POST"])
def opgave_nieuw(request, pk):
    return _opgave(request, gebied=selectors.gebied_voor_beheer(user=request.user, pk=pk))


@requires(mag_projecten_beheren)
@require_http_methods(["GET", "POST"])
def opgave_bewerken(request, pk):
    opgave = selectors.opgave_voor_beheer(user=request.user, pk=pk)
    return _opgave(request, gebied=opgave.gebied, opgave=opgave)


def _verwijderen(request, wat, *, verwijder, soort: str, melding: str):
    """Ask first (GET); on POST `verwijder()` calls the service, then back to the gebied."""
    gebied = wat.gebied
    if request.method == "POST":
        verwijder()
        messages.success(request, melding % {"naam": wat})
        return redirect("projecten:gebied", pk=gebied.pk)
    return render(request, "projecten/gebieden/verwijderen.html", {"wat": wat, "soort": soort, "gebied": gebied})


@requires(mag_projecten_beheren)
@require_http_methods(["GET", "POST"])
def opgave_verwijderen(request, pk):
    opgave = selectors.opgave_voor_beheer(user=request.user, pk=pk)
    return _verwijderen(
        request,
        opgave,
        verwijder=lambda: services.opgave_delete(opgave=opgave, door=request.user, request=request),
        soort=_("opgave"),
        melding=_("De opgave “%(naam)s” is verwijderd."),
    )


@requires(mag_projecten_beheren)
@require_http_methods(["GET", "POST"])
def graafrust_nieuw(request, pk):
    gebied = selectors.gebied_voor_beheer(user=request.user, pk=pk)
    return _formulier(
        request,
        GraafrustForm(request.POST or None, gebied=gebied),
        opslaan=lambda form: services.graafrust_create(
            gebied=gebied, door=request.user, gegevens=form.cleaned_data, request=request
        ),
        melding=_("Graafrust voor %(naam)s staat op de pagina van het gebied."),
        template="projecten/gebieden/graafrust.html",
        context={"gebied": gebied},
    )


@requires(mag_projecten_beheren)
@require_http_methods(["GET", "POST"])
def graafrust_verwijderen(request, pk):
    graafrust = selectors.graafrust_voor_beheer(user=request.user, pk=pk)
    return _verwijderen(
        request,
        graafrust,
        verwijder=lambda: services.graafrust_delete(graafrust=graafrust, door=request.user, request=request),
        soort=_("graafrust"),
        melding=_("De graafrust voor %(naam)s is verwijderd."),
    )


@requires(is_lid)
@require_GET
def koppelkansen(request):
    filterset = KoppelkansFilter(request.GET, queryset=selectors.koppelkans_list(user=request.user))
    pagina = Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "projecten/gebieden/koppelkansen.html",
        {"filter": filterset, "pagina": pagina, "tolerantie": settings.KOPPELKANS_TOLERANTIE_MAANDEN},
    )


def _koppelkans(request, koppelkans, *, form: KoppelbesluitForm | None = None):
    mag_besluiten = mag_gebied_beheren(request.user, koppelkans.gebied)
    return render(
        request,
        "projecten/gebieden/koppelkans.html",
        {
            "koppelkans": koppelkans,
            "mag_besluiten": mag_besluiten,
            "form": (form or KoppelbesluitForm(koppelkans=koppelkans)) if mag_besluiten else None,
        },
    )


@requires(is_lid)
@require_GET
def koppelkans(request, pk):
    return _koppelkans(request, selectors.koppelkans_get(user=request.user, pk=pk))


@requires(mag_projecten_beheren)
@require_POST
def koppelkans_besluit(request, pk):
    koppelkans = selectors.koppelkans_voor_besluit(user=request.user, pk=pk)
    form = KoppelbesluitForm(request.POST, koppelkans=koppelkans)
    if form.is_valid():
        try:
            besluit = services.koppelkans_decide(
                koppelkans=koppelkans, door=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(
                request,
                _("Uw besluit staat in het logboek; de koppelkans is nu ‘%(status)s’.")
                % {"status": besluit.get_besluit_display().lower()},
            )
            return redirect("projecten:koppelkans", pk=koppelkans.pk)
    return _koppelkans(request, koppelkans, form=form)
