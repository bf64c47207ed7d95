"""Pages of the indicators of the intentieovereenkomst (issue 8): every member sees them per themadoel with their target
and the values of the last four quarters; the stuurgroep and beheerders set them and enter manual values."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.dashboard.indicatoren import regels
from kring.forms.indicatoren import IndicatorForm, IndicatorwaardeForm
from kring.indicatoren import UITLEG, Meting, metingen
from kring.models import Indicator
from kring.permissions import is_lid, mag_indicatoren_beheren, requires
from kring.selectors import indicatoren as selectors
from kring.services import indicatoren as services
from projecten.kwartalen import huidig_kwartaal, kwartaal_plus

Bron = Indicator.Bron


def _lijst_url(indicator: Indicator | None = None) -> str:
    url = reverse("kring:indicatoren")
    return f"{url}#indicator-{indicator.pk}" if indicator is not None and indicator.pk else url


@requires(is_lid)
@require_GET
def indicatoren(request):
    huidig = huidig_kwartaal()
    kwartalen = [kwartaal_plus(huidig, stap) for stap in range(-3, 1)]
    themadoelen = selectors.indicatoren_per_themadoel(user=request.user, kwartalen=kwartalen)
    return render(
        request,
        "kring/stuurgroep/indicatoren/lijst.html",
        {
            "per_themadoel": regels(themadoelen, kwartalen, huidig),
            "koppen": [Meting(kwartaal, None).label for kwartaal in kwartalen],
            "uitleg": [(Bron(bron).label, UITLEG[bron]) for bron in Bron.values],
            "mag_beheren": mag_indicatoren_beheren(request.user),
        },
    )


def _bewerk(request, indicator: Indicator):
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator.pk is None:
                indicator = services.indicator_create(gegevens=form.gegevens(), door=request.user, request=request)
            else:
                indicator = services.indicator_update(
                    indicator=indicator, gegevens=form.gegevens(), door=request.user, request=request
                )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("De indicator “%(naam)s” is opgeslagen.") % {"naam": indicator.naam})
            return redirect(_lijst_url(indicator))
    return render(
        request,
        "kring/stuurgroep/indicatoren/bewerken.html",
        {"form": form, "indicator": indicator, "uitleg": [(Bron(bron).label, UITLEG[bron]) for bron in Bron.values]},
    )


@requires(mag_indicatoren_beheren)
@require_http_methods(["GET", "POST"])
def indicator_nieuw(request):
    return _bewerk(request, Indicator())


@requires(mag_indicatoren_beheren)
@require_http_methods(["GET", "POST"])
def indicator_bewerken(request, pk):
    return _bewerk(request, selectors.indicator_get(user=request.user, pk=pk))


@requires(mag_indicatoren_beheren)
@require_http_methods(["GET", "POST"])
def indicator_verwijderen(request, pk):
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, door=request.user, request=request)
        messages.success(request, _("De indicator “%(naam)s” is verwijderd.") % {"naam": indicator.naam})
        return redirect("kring:indicatoren")
    return render(
        request,
        "kring/stuurgroep/indicatoren/verwijderen.html",
        {"indicator": indicator, "aantal_waarden": indicator.waarden.count()},
    )


@requires(mag_indicatoren_beheren)
@require_http_methods(["GET", "POST"])
def indicatorwaarde(request, pk):
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    if indicator.bron != Bron.HANDMATIG:
        messages.error(
            request,
            _("De waarde van “%(naam)s” berekent het portaal zelf; alleen handmatige indicatoren vult u in.")
            % {"naam": indicator.naam},
        )
        return redirect(_lijst_url(indicator))
    form = IndicatorwaardeForm(request.POST or None, initial={"kwartaal": request.GET.get("kwartaal")})
    if request.method == "POST" and form.is_valid():
        try:
            services.indicatorwaarde_invullen(
                indicator=indicator,
                kwartaal=form.cleaned_data["kwartaal"],
                waarde=form.cleaned_data["waarde"],
                toelichting=form.cleaned_data["toelichting"],
                door=request.user,
                request=request,
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("De waarde van “%(naam)s” is opgeslagen.") % {"naam": indicator.naam})
            return redirect(_lijst_url(indicator))
    huidig = huidig_kwartaal()
    kwartalen = [kwartaal_plus(huidig, -stap) for stap in range(8)]
    return render(
        request,
        "kring/stuurgroep/indicatoren/waarde.html",
        {"form": form, "indicator": indicator, "metingen": metingen([indicator], kwartalen)[indicator.pk]},
    )
