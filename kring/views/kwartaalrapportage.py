"""The stuurgroep's quarterly report, requested on demand from the dashboard (kring.dashboard.kwartaalrapportage)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from kring.forms.kwartaalrapportage import KwartaalrapportageForm
from kring.models import Rapport
from kring.permissions import mag_kwartaalrapportage_aanvragen, requires
from kring.services.rapporten import rapport_request


@requires(mag_kwartaalrapportage_aanvragen)
@require_POST
def kwartaalrapportage(request):
    """POST periode=2026-K3: queue the quarter's report for the requester and show its page (which follows the
    status). A quarter not yet begun, or no quarter: back to the dashboard with the reason."""
    form = KwartaalrapportageForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("periode", [])) or "De aanvraag is ongeldig.")
        return _terug(request)
    try:
        rapport = rapport_request(
            soort=Rapport.Soort.KWARTAALRAPPORTAGE, parameters=form.parameters(), door=request.user, request=request
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return _terug(request)
    return redirect("kring:rapport_detail", pk=rapport.pk)


def _terug(request):
    """Back to the dashboard, for the period that was asked about when it is a sensible address."""
    code = request.POST.get("periode", "").strip()
    adres = reverse("kring:stuurgroep")
    if code and len(code) <= 10 and code.replace("-K", "").isdigit():
        adres += "?" + urlencode({"periode": code})
    return redirect(adres)
