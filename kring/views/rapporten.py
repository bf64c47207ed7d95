from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kring.forms.rapporten import RapportAanvraagForm
from kring.permissions import mag_rapporten_aanvragen, requires
from kring.selectors import rapporten as selectors
from kring.services import rapporten as services


@requires(mag_rapporten_aanvragen)
@require_GET
def rapporten(request):
    pagina = Paginator(selectors.rapport_list(user=request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "kring/rapporten/lijst.html", {"pagina": pagina})


@requires(mag_rapporten_aanvragen)
@require_POST
def rapport_aanvragen(request):
    form = RapportAanvraagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dit rapport kan niet worden aangevraagd: de aanvraag is onvolledig of ongeldig."))
        return redirect("kring:rapporten")
    try:
        rapport = services.rapport_request(
            soort=form.cleaned_data["soort"], parameters=form.parameters(), door=request.user, request=request
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("kring:rapporten")
    return redirect("kring:rapport_detail", pk=rapport.pk)


@requires(mag_rapporten_aanvragen)
@require_GET
def rapport_detail(request, pk):
    rapport = selectors.rapport_get(user=request.user, pk=pk)
    return render(request, "kring/rapporten/detail.html", _status_context(request, rapport))


@requires(mag_rapporten_aanvragen)
@never_cache
@require_GET
def rapport_status(request, pk):
    """The status region, polled by htmx every 2 s. Unchanged since the last poll (`?was=<status>`): 204, so htmx swaps
    nothing and a screen reader hears nothing new; finished: the final region, which polls no more."""
    rapport = selectors.rapport_get(user=request.user, pk=pk)
    if request.GET.get("was") == rapport.status:
        return HttpResponse(status=204)
    return render(request, "kring/rapporten/_status.html", _status_context(request, rapport))


@requires(mag_rapporten_aanvragen)
@never_cache
@require_GET
def rapport_download(request, pk):
    rapport = selectors.rapport_bestand_get(user=request.user, pk=pk)
    return FileResponse(
        rapport.bestand.open("rb"),
        as_attachment=True,
        filename=f"{slugify(rapport.titel)}.pdf",
        content_type="application/pdf",
    )


def _status_context(request, rapport) -> dict:
    return {"rapport": rapport, "downloadbaar": selectors.rapport_downloadbaar(user=request.user, rapport=rapport)}
