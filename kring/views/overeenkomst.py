"""Pages of the intentieovereenkomst: the versions, one version with who signed, signing, and the beheerder's editing
and status changes."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms.overeenkomst import OndertekeningForm, OvereenkomstForm, ThemadoelFormSet
from kring.models import Intentieovereenkomst
from kring.permissions import is_lid, mag_overeenkomsten_beheren, mag_tekenen, requires
from kring.selectors import overeenkomst as selectors
from kring.services import overeenkomst as services


@requires(is_lid)
@require_GET
def lijst(request):
    pagina = Paginator(selectors.overeenkomst_list(user=request.user), 25).get_page(request.GET.get("pagina"))
    huidig = selectors.overeenkomst_huidig()
    return render(
        request,
        "kring/overeenkomst/lijst.html",
        {
            "pagina": pagina,
            "huidig": huidig,
            "mag_tekenen": huidig is not None and mag_tekenen(request.user, huidig),
            "mag_beheren": mag_overeenkomsten_beheren(request.user),
        },
    )


def _detail(request, overeenkomst, *, tekenformulier=None):
    overzicht = selectors.deelnemers_overzicht(overeenkomst=overeenkomst)
    kan_tekenen = mag_tekenen(request.user, overeenkomst)
    if kan_tekenen and tekenformulier is None:
        tekenformulier = OndertekeningForm(organisatie=request.user.organisatie)
    mag_beheren = mag_overeenkomsten_beheren(request.user)
    return render(
        request,
        "kring/overeenkomst/detail.html",
        {
            "overeenkomst": overeenkomst,
            "overzicht": overzicht,
            "eigen_ondertekening": overzicht.ondertekening_van(request.user.organisatie_id),
            "tekenformulier": tekenformulier if kan_tekenen else None,
            "mag_beheren": mag_beheren,
            "overgangen": services.overgangen_vanuit(overeenkomst) if mag_beheren else {},
        },
    )


@requires(is_lid)
@require_GET
def detail(request, pk):
    return _detail(request, selectors.overeenkomst_get(user=request.user, pk=pk))


@requires(is_lid)
@require_POST
def ondertekenen(request, pk):
    overeenkomst = selectors.overeenkomst_get(user=request.user, pk=pk)
    form = OndertekeningForm(request.POST, organisatie=request.user.organisatie)
    if not form.is_valid():
        if mag_tekenen(request.user, overeenkomst):
            return _detail(request, overeenkomst, tekenformulier=form)
        messages.error(request, _("U kunt versie %(versie)s nu niet ondertekenen.") % {"versie": overeenkomst.versie})
        return redirect(overeenkomst)
    try:
        services.ondertekening_create(
            overeenkomst=overeenkomst, door=request.user, functie=form.cleaned_data["functie"], request=request
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("Versie %(versie)s is ondertekend namens %(organisatie)s; dank u wel.")
            % {"versie": overeenkomst.versie, "organisatie": request.user.organisatie},
        )
    return redirect(overeenkomst)


def _bewerk(request, overeenkomst: Intentieovereenkomst):
    form = OvereenkomstForm(request.POST or None, instance=overeenkomst)
    formset = ThemadoelFormSet(request.POST or None, instance=overeenkomst, prefix="themadoelen")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):  # both, so all errors show
        inhoud = services.OvereenkomstInhoud(**form.inhoud(), themadoelen=formset.gegevens())
        try:
            if overeenkomst.pk is None:
                overeenkomst = services.overeenkomst_create(inhoud=inhoud, door=request.user, request=request)
            else:
                overeenkomst = services.overeenkomst_update(
                    overeenkomst=overeenkomst, inhoud=inhoud, door=request.user, request=request
                )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Versie %(versie)s is opgeslagen.") % {"versie": overeenkomst.versie})
            return redirect(overeenkomst)
    return render(request, "kring/overeenkomst/bewerken.html", {"form": form, "formset": formset})


@requires(mag_overeenkomsten_beheren)
@require_http_methods(["GET", "POST"])
def nieuw(request):
    return _bewerk(request, Intentieovereenkomst(versie=services.volgend_versienummer()))


def _alleen_concept(view):
    """Pages that change a version exist only for concepts; a later version is changed by a new one."""

    @wraps(view)
    def wrapped(request, pk):
        overeenkomst = selectors.overeenkomst_get(user=request.user, pk=pk)
        if overeenkomst.status != Intentieovereenkomst.Status.CONCEPT:
            messages.error(
                request,
                _("Versie %(versie)s ligt vast. Maak een nieuwe versie om iets te veranderen.")
                % {"versie": overeenkomst.versie},
            )
            return redirect(overeenkomst)
        return view(request, overeenkomst)

    return wrapped


@requires(mag_overeenkomsten_beheren)
@require_http_methods(["GET", "POST"])
@_alleen_concept
def bewerken(request, overeenkomst):
    return _bewerk(request, overeenkomst)


@requires(mag_overeenkomsten_beheren)
@require_http_methods(["GET", "POST"])
@_alleen_concept
def verwijderen(request, overeenkomst):
    if request.method == "POST":
        services.overeenkomst_delete(overeenkomst=overeenkomst, door=request.user, request=request)
        messages.success(
            request, _("Het concept van versie %(versie)s is verwijderd.") % {"versie": overeenkomst.versie}
        )
        return redirect("kring:overeenkomst_lijst")
    return render(request, "kring/overeenkomst/verwijderen.html", {"overeenkomst": overeenkomst})


@requires(mag_overeenkomsten_beheren)
@require_POST
def nieuwe_versie(request, pk):
    bron = selectors.overeenkomst_get(user=request.user, pk=pk)
    overeenkomst = services.overeenkomst_copy(bron=bron, door=request.user, request=request)
    messages.success(
        request,
        _(
            "Versie %(versie)s is als concept aangemaakt op basis van versie %(bron)s. Controleer de periode, de tekst "
            "en de themadoelen."
        )
        % {"versie": overeenkomst.versie, "bron": bron.versie},
    )
    return redirect("kring:overeenkomst_bewerken", pk=overeenkomst.pk)


@requires(mag_overeenkomsten_beheren)
@require_http_methods(["GET", "POST"])
def status(request, pk, status):
    overeenkomst = selectors.overeenkomst_get(user=request.user, pk=pk)
    overgang = services.overgangen_vanuit(overeenkomst).get(status)
    if overgang is None:
        messages.error(
            request,
            _("Versie %(versie)s heeft status %(status)s; die stap kan nu niet.")
            % {"versie": overeenkomst.versie, "status": overeenkomst.get_status_display().lower()},
        )
        return redirect(overeenkomst)
    fouten = []
    if request.method == "POST":
        try:
            overeenkomst = services.overeenkomst_set_status(
                overeenkomst=overeenkomst, status=status, door=request.user, request=request
            )
        except ValidationError as fout:
            fouten = fout.messages
        else:
            messages.success(
                request,
                _("Versie %(versie)s is nu %(status)s.")
                % {"versie": overeenkomst.versie, "status": overeenkomst.get_status_display().lower()},
            )
            return redirect(overeenkomst)
    return render(
        request,
        "kring/overeenkomst/status.html",
        {
            "overeenkomst": overeenkomst,
            "overgang": overgang,
            "naar": Intentieovereenkomst.Status(status),
            "fouten": fouten,
            "overzicht": selectors.deelnemers_overzicht(overeenkomst=overeenkomst),
            "overlappend": selectors.overeenkomst_overlappend(overeenkomst=overeenkomst),
        },
    )
