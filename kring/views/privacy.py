import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kring.exports import export_response
from kring.forms.accounts import AfwijzingForm
from kring.forms.privacy import AnonimiserenForm, VerwijderverzoekForm
from kring.models import Verwijderverzoek
from kring.permissions import is_lid, kan_auditlog_inzien, kan_privacy_beheren, requires
from kring.persoonsgegevens import BRONNEN
from kring.selectors import privacy as selectors
from kring.services import privacy as services


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def mijn_gegevens(request):
    form = VerwijderverzoekForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verwijderverzoek_create(
                gebruiker=request.user, toelichting=form.cleaned_data["toelichting"], request=request
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Uw verzoek is ontvangen. Een beheerder handelt het af; u krijgt bericht."))
            return redirect("kring:mijn_gegevens")
    verzoeken = selectors.verwijderverzoek_list_eigen(user=request.user)
    return render(
        request,
        "kring/privacy/mijn_gegevens.html",
        {
            "form": form,
            "bronnen": BRONNEN,
            "verzoeken": verzoeken,
            "verzoek_open": any(verzoek.status == Verwijderverzoek.Status.OPEN for verzoek in verzoeken),
        },
    )


@requires(is_lid)
@never_cache
@require_GET
def mijn_gegevens_json(request):
    response = HttpResponse(
        services.persoonsgegevens_export(gebruiker=request.user, request=request),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="mijn-gegevens-kringportaal-{timezone.localdate():%Y-%m-%d}.json"'
    )
    return response


@requires(kan_privacy_beheren)
@require_GET
def verwijderverzoeken(request):
    pagina = Paginator(selectors.verwijderverzoek_wachtrij(user=request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "kring/privacy/verwijderverzoeken.html", {"pagina": pagina})


@requires(kan_privacy_beheren)
@require_http_methods(["GET", "POST"])
def verwijderverzoek_afwijzen(request, pk):
    verzoek = selectors.verwijderverzoek_open_get(user=request.user, pk=pk)
    form = AfwijzingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verwijderverzoek_refuse(
                verzoek=verzoek, reden=form.cleaned_data["reden"], door=request.user, request=request
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Het verzoek van %(naam)s is afgewezen.") % {"naam": verzoek.gebruiker.naam})
            return redirect("kring:verwijderverzoeken")
    return render(request, "kring/privacy/verzoek_afwijzen.html", {"verzoek": verzoek, "form": form})


@requires(kan_privacy_beheren)
@require_http_methods(["GET", "POST"])
def gebruiker_anonimiseren(request, pk):
    overzicht = selectors.anonimiseren_overzicht(user=request.user, pk=pk)
    form = AnonimiserenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.gebruiker_anonymise(gebruiker=overzicht["gebruiker"], door=request.user, request=request)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Het account is geanonimiseerd."))
            return redirect("kring:verwijderverzoeken")
    return render(request, "kring/privacy/anonimiseren.html", {**overzicht, "form": form})


@requires(kan_auditlog_inzien)
@require_GET
def auditlog(request):
    filterset = selectors.auditlog_list(user=request.user, data=request.GET)
    pagina = Paginator(filterset.qs, 50).get_page(request.GET.get("pagina"))
    return render(request, "kring/auditlog/lijst.html", {"filter": filterset, "pagina": pagina})


@requires(kan_auditlog_inzien)
@require_GET
def auditlog_csv(request):
    filterset = selectors.auditlog_list(user=request.user, data=request.GET)
    if filterset.is_bound and not filterset.is_valid():
        # Never export more than the beheerder asked for: back to the page, which explains the wrong filter.
        return redirect(f"{reverse('kring:auditlog')}?{request.GET.urlencode()}")
    return export_response(
        bestandsnaam=f"auditlog-{timezone.localdate():%Y-%m-%d}",
        formaat="csv",
        koppen=["Tijdstip", "Actie", "Door", "Soort object", "Object-id", "Object", "Voor", "Na", "IP-adres"],
        rijen=(
            [
                event.tijdstip,
                event.actie,
                event.actor_omschrijving,
                event.object_type.name if event.object_type else "",
                event.object_id,
                event.object_omschrijving,
                _json(event.voor),
                _json(event.na),
                event.ip_adres,
            ]
            for event in filterset.qs.iterator(chunk_size=2000)
        ),
    )


def _json(waarde) -> str:
    return "" if waarde is None else json.dumps(waarde, ensure_ascii=False, sort_keys=True)
