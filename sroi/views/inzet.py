"""Inzet pages: the contractor records lines with evidence, the coordinator validates or rejects them, the contractor
keeps a list of its candidates (codes only). Others' obligations, lines and files answer 404 (the selectors)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms import fouten_op_formulier
from kring.permissions import requires
from sroi.forms.inzet import BLOKVELD, BeoordelenForm, InzetForm
from sroi.models import Bouwblok, Inzetregel
from sroi.permissions import mag_inzet_beoordelen, mag_inzet_registreren, mag_kandidaten_zien
from sroi.selectors.inzet import berekening, bewijs_get, regel_get
from sroi.selectors.inzet import kandidaten as kandidaten_selector
from sroi.selectors.verplichtingen import verplichting_get
from sroi.services.inzet import inzet_afwijzen, inzet_create, inzet_valideren


@require_http_methods(["GET", "POST"])
def inzet_nieuw(request, pk):
    verplichting = verplichting_get(user=request.user, pk=pk)
    if not mag_inzet_registreren(request.user, verplichting):
        raise PermissionDenied
    form = InzetForm(request.POST or None, request.FILES or None, verplichting=verplichting)
    if request.method == "POST" and form.is_valid():
        gegevens = form.gegevens()
        try:
            regel = inzet_create(verplichting=verplichting, door=request.user, request=request, **gegevens)
        except ValidationError as fout:
            if hasattr(fout, "error_dict") and "soort" in fout.error_dict:
                fout.error_dict[BLOKVELD[form.cleaned_data["soort"]]] = fout.error_dict.pop("soort")
            fouten_op_formulier(form, fout)
        else:
            messages.success(
                request,
                _("De regel is ingediend ter validatie bij de SROI-coördinator. Waarde: € %(waarde)s.")
                % {"waarde": f"{regel.waarde:.2f}".replace(".", ",")},
            )
            return redirect("sroi:inzet", pk=regel.pk)
    return render(request, "sroi/inzet/nieuw.html", {"verplichting": verplichting, "form": form})


def _regelpagina(request, regel: Inzetregel, form: BeoordelenForm | None = None, status: int = 200):
    verplichting = regel.verplichting
    mag_beoordelen = mag_inzet_beoordelen(request.user, verplichting)
    return render(
        request,
        "sroi/inzet/regel.html",
        {
            "regel": regel,
            "verplichting": verplichting,
            "berekening": berekening(regel=regel),
            "is_kandidaatregel": regel.bouwblok.soort == Bouwblok.Soort.CATEGORIE,
            "mag_beoordelen": mag_beoordelen and regel.status == Inzetregel.Status.INGEDIEND,
            "mag_registreren": mag_inzet_registreren(request.user, verplichting),
            "form": form or BeoordelenForm(),
        },
        status=status,
    )


@require_GET
def inzet(request, pk):
    return _regelpagina(request, regel_get(user=request.user, pk=pk))


@require_POST
def inzet_beoordelen(request, pk):
    regel = regel_get(user=request.user, pk=pk)
    if not mag_inzet_beoordelen(request.user, regel.verplichting):
        raise PermissionDenied
    form = BeoordelenForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["actie"] == BeoordelenForm.VALIDEREN:
                inzet_valideren(regel=regel, door=request.user, request=request)
                messages.success(request, _("De regel is gevalideerd."))
            else:
                inzet_afwijzen(regel=regel, reden=form.cleaned_data["reden"], door=request.user, request=request)
                messages.success(
                    request,
                    _("De regel is afgewezen. De opdrachtnemer krijgt bericht en kan een nieuwe regel invoeren."),
                )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            return redirect("sroi:inzet", pk=regel.pk)
    return _regelpagina(request, regel, form)


@never_cache
@require_GET
def bewijs_download(request, pk):
    bewijs = bewijs_get(user=request.user, pk=pk)
    response = FileResponse(
        bewijs.bestand.open("rb"), as_attachment=True, filename=bewijs.naam, content_type=bewijs.inhoudstype
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@requires(mag_kandidaten_zien)
def kandidaten(request):
    return render(request, "sroi/inzet/kandidaten.html", {"kandidaten": kandidaten_selector(user=request.user)})
