from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring import gezondheid
from kring.bewaartermijnen import REGELS
from kring.forms.accounts import AfwijzingForm, ProfielForm
from kring.permissions import is_lid, kan_registraties_beoordelen, mag_tekenen, requires
from kring.selectors import accounts as selectors
from kring.selectors.overeenkomst import overeenkomst_huidig
from kring.services import accounts as services
from werkgroepen.selectors.werkgroepen import werkgroep_list


@login_not_required
@require_GET
def home(request):
    return render(request, "kring/home.html", {"werkgroepen": werkgroep_list()})


@login_not_required
@require_GET
def privacy(request):
    return render(request, "kring/privacy.html", {"bewaartermijnen": REGELS})


@login_not_required
@require_GET
def toegankelijkheid(request):
    return render(request, "kring/toegankelijkheid.html")


@login_not_required
@never_cache
@require_GET
def health(request):
    """Database, cache and broker, each within a short time limit (kring/gezondheid.py), for compose healthchecks and
    monitoring: 200 when all answer, 503 when one does not."""
    stand = gezondheid.stand()
    gezond = gezondheid.gezond(stand)
    return JsonResponse({"status": "ok" if gezond else "fout", **stand}, status=200 if gezond else 503)


@require_GET
def wachten(request):
    """Where an applicant lands until a beheerder approved the account."""
    if request.user.is_actief:
        return redirect("kring:start")
    return render(request, "kring/wachten.html")


@requires(is_lid)
@require_GET
def start(request):
    context = {"heeft_tweede_factor": selectors.heeft_tweede_factor(request.user)}
    if kan_registraties_beoordelen(request.user):
        context["aantal_registraties"] = selectors.registratie_wachtrij(user=request.user).count()
    overeenkomst = overeenkomst_huidig()
    if overeenkomst is not None:
        context["overeenkomst"] = overeenkomst
        context["mag_tekenen"] = mag_tekenen(request.user, overeenkomst)
    return render(request, "kring/start.html", context)


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def profiel(request):
    form = ProfielForm(request.POST or None, initial={"naam": request.user.naam})
    if request.method == "POST" and form.is_valid():
        try:
            services.profiel_update(gebruiker=request.user, naam=form.cleaned_data["naam"], request=request)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Uw gegevens zijn opgeslagen."))
            return redirect("kring:profiel")
    return render(
        request,
        "kring/profiel.html",
        {"form": form, "heeft_tweede_factor": selectors.heeft_tweede_factor(request.user)},
    )


@requires(kan_registraties_beoordelen)
@require_GET
def registraties(request):
    pagina = Paginator(selectors.registratie_wachtrij(user=request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "kring/registraties.html", {"pagina": pagina})


@requires(kan_registraties_beoordelen)
@require_POST
def registratie_goedkeuren(request, pk):
    aanvrager = selectors.registratie_get(user=request.user, pk=pk)
    try:
        services.registratie_approve(gebruiker=aanvrager, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("%(naam)s is goedgekeurd en krijgt bericht.") % {"naam": aanvrager.naam})
    return redirect("kring:registraties")


@requires(kan_registraties_beoordelen)
@require_http_methods(["GET", "POST"])
def registratie_afwijzen(request, pk):
    aanvrager = selectors.registratie_get(user=request.user, pk=pk)
    form = AfwijzingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registratie_refuse(
                gebruiker=aanvrager, reden=form.cleaned_data["reden"], door=request.user, request=request
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("De registratie van %(naam)s is afgewezen.") % {"naam": aanvrager.naam})
            return redirect("kring:registraties")
    return render(request, "kring/registratie_afwijzen.html", {"aanvrager": aanvrager, "form": form})
