"""The beheerders' pages for the SROI value tables: the regions with their versions, one version per soort, a new
version (empty or a copy), editing a concept with its bouwblokken, establishing and confirming it; regions and their
gemeenten."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms import fouten_op_formulier
from kring.permissions import requires
from sroi.forms.waardetabellen import (
    BouwblokFormSet,
    KopieForm,
    RegioForm,
    WaardetabelForm,
    WaardetabelNieuwForm,
    bouwblokken_initial,
)
from sroi.models import Waardetabel
from sroi.permissions import mag_waardetabellen_beheren
from sroi.selectors import waardetabellen as selectors
from sroi.services import waardetabellen as services
from sroi.waardering import WAARDE_BETEKENIS


def _naar(tabel: Waardetabel):
    return redirect("sroi:waardetabel", pk=tabel.pk)


@requires(mag_waardetabellen_beheren)
@require_GET
def waardetabellen(request):
    return render(
        request,
        "sroi/waardetabellen/lijst.html",
        {"regios": selectors.regios_met_tabellen(), "regioform": RegioForm()},
    )


@requires(mag_waardetabellen_beheren)
@require_http_methods(["GET", "POST"])
def regio_nieuw(request):
    form = RegioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            regio = services.regio_opslaan(
                naam=form.cleaned_data["naam"],
                gemeenten=form.cleaned_data["gemeenten"],
                door=request.user,
                request=request,
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, f"De regio {regio} is aangemaakt. Maak nu haar eerste waardetabel.")
            return redirect("sroi:waardetabellen")
    return render(request, "sroi/waardetabellen/regio.html", {"form": form, "regio": None})


@requires(mag_waardetabellen_beheren)
@require_http_methods(["GET", "POST"])
def regio_bewerken(request, pk):
    regio = selectors.regio_get(pk=pk)
    form = RegioForm(request.POST or None, regio=regio)
    if request.method == "POST" and form.is_valid():
        try:
            services.regio_opslaan(
                regio=regio,
                naam=form.cleaned_data["naam"],
                gemeenten=form.cleaned_data["gemeenten"],
                door=request.user,
                request=request,
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, f"De regio {regio} is opgeslagen.")
            return redirect("sroi:waardetabellen")
    return render(request, "sroi/waardetabellen/regio.html", {"form": form, "regio": regio})


@requires(mag_waardetabellen_beheren)
@require_GET
def waardetabel(request, pk):
    tabel = selectors.waardetabel_get(pk=pk)
    return render(
        request,
        "sroi/waardetabellen/detail.html",
        {
            "tabel": tabel,
            "groepen": selectors.bouwblokken_per_soort(tabel),
            "bewerkbaar": tabel.status == Waardetabel.Status.CONCEPT and not tabel.aantal_verplichtingen,
        },
    )


@requires(mag_waardetabellen_beheren)
@require_http_methods(["GET", "POST"])
def waardetabel_nieuw(request):
    form = WaardetabelNieuwForm(request.POST or None, initial={"regio": request.GET.get("regio")})
    if request.method == "POST" and form.is_valid():
        regio = form.cleaned_data["regio"]
        bron = selectors.nieuwste_versie(regio) if form.cleaned_data["kopieer"] else None
        try:
            tabel = services.waardetabel_aanmaken(
                regio=regio, **form.gegevens(), kopie_van=bron, door=request.user, request=request
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            if bron:
                messages.success(request, f"De nieuwe versie is als concept aangemaakt met de bouwblokken van {bron}.")
            else:
                messages.success(request, "De nieuwe versie is als concept aangemaakt. Voeg nu de bouwblokken toe.")
            return redirect("sroi:waardetabel_bewerken", pk=tabel.pk)
    return render(request, "sroi/waardetabellen/nieuw.html", {"form": form, "bron": None})


@requires(mag_waardetabellen_beheren)
@require_http_methods(["GET", "POST"])
def waardetabel_kopie(request, pk):
    bron = selectors.waardetabel_get(pk=pk)
    form = KopieForm(request.POST or None, initial={"naam": bron.naam, "te_bevestigen": bron.te_bevestigen})
    if request.method == "POST" and form.is_valid():
        try:
            tabel = services.waardetabel_aanmaken(
                regio=bron.regio, **form.cleaned_data, kopie_van=bron, door=request.user, request=request
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, f"De kopie van {bron} is als concept aangemaakt. Pas aan wat anders is.")
            return redirect("sroi:waardetabel_bewerken", pk=tabel.pk)
    return render(request, "sroi/waardetabellen/nieuw.html", {"form": form, "bron": bron})


@requires(mag_waardetabellen_beheren)
@require_http_methods(["GET", "POST"])
def waardetabel_bewerken(request, pk):
    tabel = selectors.waardetabel_get(pk=pk)
    try:
        services.eis_bewerkbaar(tabel)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return _naar(tabel)
    form = WaardetabelForm(request.POST or None, instance=tabel)
    formset = BouwblokFormSet(request.POST or None, initial=bouwblokken_initial(tabel), prefix="blokken")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):  # both, so all errors show
        try:
            services.waardetabel_wijzigen(
                waardetabel=tabel,
                gegevens=form.gegevens(),
                bouwblokken=formset.gegevens(),
                door=request.user,
                request=request,
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, "Het concept is opgeslagen.")
            return _naar(tabel)
    return render(
        request,
        "sroi/waardetabellen/bewerken.html",
        {"tabel": tabel, "form": form, "formset": formset, "betekenis": WAARDE_BETEKENIS},
    )


@requires(mag_waardetabellen_beheren)
@require_POST
def waardetabel_vaststellen(request, pk):
    tabel = selectors.waardetabel_get(pk=pk)
    try:
        services.waardetabel_vaststellen(waardetabel=tabel, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, "De tabel is niet vastgesteld: " + " ".join(fout.messages))
    else:
        messages.success(
            request,
            "De tabel is vastgesteld: nieuwe verplichtingen van projecten die op of na "
            f"{tabel.geldig_vanaf:%d-%m-%Y} worden aanbesteed, rekenen ermee.",
        )
    return _naar(tabel)


@requires(mag_waardetabellen_beheren)
@require_POST
def waardetabel_bevestigen(request, pk):
    tabel = selectors.waardetabel_get(pk=pk)
    try:
        services.waardetabel_bevestigen(waardetabel=tabel, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, "De waarden zijn bevestigd; de markering ‘nog te bevestigen’ is weg.")
    return _naar(tabel)
