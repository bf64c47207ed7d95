"""Pages of the planning import for gemeente staff and beheerders: upload with the list of earlier imports, the
template, the preview of one import and its commit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.exports import FORMATEN, export_response
from kring.permissions import requires
from projecten.forms.importeren import ImportForm
from projecten.importformaat import KOLOMMEN, sjabloon_voorbeeld, sjabloon_xlsx
from projecten.models import Projectimport
from projecten.permissions import mag_projecten_importeren
from projecten.selectors import importeren as selectors
from projecten.services import importeren as services

IMPORTS_PER_PAGINA = 20
RIJEN_PER_PAGINA = 50


@requires(mag_projecten_importeren)
@require_http_methods(["GET", "POST"])
def importeren(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            projectimport = services.projectimport_create(
                gemeente=form.gekozen_gemeente(),
                bestand=form.cleaned_data["bestand"],
                door=request.user,
                request=request,
            )
        except ValidationError as fout:
            form.add_error("bestand", fout)
        else:
            return redirect("projecten:import_detail", pk=projectimport.pk)
    imports = selectors.projectimport_list(user=request.user)
    return render(
        request,
        "projecten/import/lijst.html",
        {"form": form, "pagina": Paginator(imports, IMPORTS_PER_PAGINA).get_page(request.GET.get("pagina"))},
    )


@requires(mag_projecten_importeren)
@require_GET
def sjabloon(request, formaat):
    keuzes = selectors.sjabloon_keuzelijsten(user=request.user)
    if formaat == "xlsx":
        response = HttpResponse(sjabloon_xlsx(keuzes), content_type=FORMATEN["xlsx"])
        response["Content-Disposition"] = 'attachment; filename="sjabloon-planning.xlsx"'
        return response
    return export_response(
        bestandsnaam="sjabloon-planning",
        formaat=formaat,
        koppen=[kolom.kop for kolom in KOLOMMEN],
        rijen=[sjabloon_voorbeeld(keuzes)],
    )


@requires(mag_projecten_importeren)
@require_GET
def detail(request, pk):
    projectimport = selectors.projectimport_get(user=request.user, pk=pk)
    overzicht = selectors.importoverzicht(projectimport=projectimport, toon=request.GET.get("toon", ""))
    return render(
        request,
        "projecten/import/detail.html",
        {
            "overzicht": overzicht,
            "projectimport": projectimport,
            "pagina": Paginator(overzicht.regels, RIJEN_PER_PAGINA).get_page(request.GET.get("pagina")),
            "soorten": selectors.SOORTEN,
        },
    )


@requires(mag_projecten_importeren)
@require_POST
def verwerken(request, pk):
    projectimport = selectors.projectimport_get(user=request.user, pk=pk)
    try:
        projectimport = services.projectimport_verwerken(
            projectimport=projectimport, door=request.user, request=request
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        if projectimport.status == Projectimport.Status.FOUTEN:
            messages.error(
                request,
                _(
                    "Er is niets verwerkt: sinds de controle zijn de projecten of gebieden veranderd, en nu hebben "
                    "%(aantal)s rijen een fout. Verbeter het bestand en upload het opnieuw."
                )
                % {"aantal": len(projectimport.fouten)},
            )
        else:
            messages.success(
                request,
                _("De planning is verwerkt: %(nieuw)s nieuwe en %(gewijzigd)s gewijzigde projecten.")
                % {"nieuw": projectimport.aantal_nieuw, "gewijzigd": projectimport.aantal_gewijzigd},
            )
    return redirect("projecten:import_detail", pk=pk)
