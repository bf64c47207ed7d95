"""Pages of the kandidatenpool: the open offers of all members (by pseudonym and category only), offering one of your
own candidates, an offer with interest and its closing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms import fouten_op_formulier
from kring.permissions import requires
from sroi.forms.pool import AanbiedenForm, InteresseForm, PoolFilterForm, StatusForm
from sroi.models import Poolaanbod
from sroi.permissions import (
    mag_interesse_tonen,
    mag_pool_aanbieden,
    mag_pool_status_wijzigen,
    mag_pool_zien,
)
from sroi.selectors import pool as selectors
from sroi.services import pool as services

PER_PAGINA = 25


@requires(mag_pool_zien)
@require_GET
def pool(request):
    form = PoolFilterForm(request.GET or None, categorieen=selectors.pool_categorieen(user=request.user))
    categorie = form.keuze()
    return render(
        request,
        "sroi/pool/lijst.html",
        {
            "form": form,
            "categorie": categorie,
            "pagina": Paginator(selectors.pool_open(user=request.user, categorie=categorie), PER_PAGINA).get_page(
                request.GET.get("pagina")
            ),
            "eigen": selectors.pool_eigen(user=request.user),
            "mag_aanbieden": mag_pool_aanbieden(request.user),
        },
    )


@requires(mag_pool_aanbieden)
@require_http_methods(["GET", "POST"])
def pool_aanbieden(request):
    gekozen = request.POST.get("kandidaat") if request.method == "POST" else request.GET.get("kandidaat")
    if gekozen and str(gekozen).isdigit():
        # Another contractor's candidate does not exist for this user.
        selectors.kandidaat_eigen_get(user=request.user, pk=gekozen)
    form = AanbiedenForm(
        request.POST or None,
        initial={"kandidaat": gekozen, "beschikbaar_vanaf": timezone.localdate()},
        kandidaten=selectors.kandidaten_aan_te_bieden(user=request.user),
        categorieen=selectors.categoriekeuzes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            aanbod = services.pool_aanbieden(door=request.user, request=request, **form.cleaned_data)
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(
                request,
                _("Kandidaat %(code)s staat in de pool als %(categorie)s, beschikbaar vanaf %(datum)s.")
                % {
                    "code": aanbod.kandidaat.code,
                    "categorie": aanbod.categorie,
                    "datum": f"{aanbod.beschikbaar_vanaf:%d-%m-%Y}",
                },
            )
            return redirect("sroi:pool_aanbod", pk=aanbod.pk)
    return render(request, "sroi/pool/aanbieden.html", {"form": form})


def _aanbod_pagina(request, aanbod: Poolaanbod, *, interesse_form=None, status_form=None):
    detail = selectors.aanbod_detail(aanbod=aanbod, user=request.user)
    open_ = aanbod.status == Poolaanbod.Status.OPEN
    kan_interesse = (
        open_ and mag_interesse_tonen(request.user) and not detail.is_aanbieder and not detail.eigen_interesse
    )
    kan_status = open_ and mag_pool_status_wijzigen(request.user, aanbod)
    return render(
        request,
        "sroi/pool/aanbod.html",
        {
            "aanbod": aanbod,
            "detail": detail,
            "interesse_form": (interesse_form or InteresseForm()) if kan_interesse else None,
            "status_form": (
                status_form or StatusForm(organisaties=selectors.geinteresseerde_organisaties(aanbod=aanbod))
            )
            if kan_status
            else None,
        },
    )


@requires(mag_pool_zien)
@require_GET
def pool_aanbod(request, pk):
    return _aanbod_pagina(request, selectors.aanbod_get(user=request.user, pk=pk))


@requires(mag_pool_zien)
@require_POST
def pool_interesse(request, pk):
    aanbod = selectors.aanbod_get(user=request.user, pk=pk)
    if not mag_interesse_tonen(request.user):
        raise PermissionDenied
    form = InteresseForm(request.POST)
    if form.is_valid():
        try:
            services.pool_interesse_tonen(aanbod=aanbod, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as fout:
            if not hasattr(fout, "error_dict"):
                messages.error(request, " ".join(fout.messages))
                return redirect("sroi:pool_aanbod", pk=aanbod.pk)
            fouten_op_formulier(form, fout)
        else:
            messages.success(
                request,
                _("Uw interesse is doorgegeven aan %(organisatie)s; zij nemen contact met u op.")
                % {"organisatie": aanbod.kandidaat.opdrachtnemer.naam},
            )
            return redirect("sroi:pool_aanbod", pk=aanbod.pk)
    return _aanbod_pagina(request, aanbod, interesse_form=form)


@requires(mag_pool_zien)
@require_POST
def pool_status(request, pk):
    aanbod = selectors.aanbod_get(user=request.user, pk=pk)
    if not mag_pool_status_wijzigen(request.user, aanbod):
        raise PermissionDenied
    form = StatusForm(request.POST, organisaties=selectors.geinteresseerde_organisaties(aanbod=aanbod))
    if form.is_valid():
        try:
            aanbod = services.pool_status_wijzigen(
                aanbod=aanbod,
                status=form.cleaned_data["status"],
                geplaatst_bij=form.cleaned_data["geplaatst_bij"],
                door=request.user,
                request=request,
            )
        except ValidationError as fout:
            if not hasattr(fout, "error_dict"):
                messages.error(request, " ".join(fout.messages))
                return redirect("sroi:pool_aanbod", pk=aanbod.pk)
            fouten_op_formulier(form, fout)
        else:
            if aanbod.status == Poolaanbod.Status.GEPLAATST:
                bericht = _("Kandidaat %(code)s staat als geplaatst bij %(organisatie)s.") % {
                    "code": aanbod.kandidaat.code,
                    "organisatie": aanbod.geplaatst_bij.naam,
                }
            else:
                bericht = _("Het aanbod van kandidaat %(code)s is ingetrokken.") % {"code": aanbod.kandidaat.code}
            messages.success(request, bericht)
            return redirect("sroi:pool_aanbod", pk=aanbod.pk)
    return _aanbod_pagina(request, aanbod, status_form=form)
