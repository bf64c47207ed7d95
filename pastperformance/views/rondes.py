"""Pages of beoordelingsplannen and -rondes: Mijn beoordelingen (what needs me first), making and changing a plan,
the plan with its rounds, and a round with who has handed in, the way to the rating forms and, after the reveal,
the four perspectives (the bespreking part's include)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms import fouten_op_formulier
from kring.permissions import requires
from pastperformance.forms.rondes import PlanForm, VervallenForm
from pastperformance.models import BEOORDELAAR_KANT, Beoordelingsronde, Richting
from pastperformance.permissions import (
    is_partij,
    mag_kpi_invoeren,
    mag_plan_beheren,
    mag_pp_zien,
    mag_ronde_openen,
    mag_ronde_vervallen,
)
from pastperformance.selectors import rondes as selectors
from pastperformance.selectors.bespreking import ronde_na_onthulling
from pastperformance.selectors.profielen import kpi_voor_plan
from pastperformance.services import rondes as services

PER_PAGINA = 25
Status = Beoordelingsronde.Status


@requires(mag_pp_zien)
@require_GET
def index(request):
    filterset = selectors.mijn_rondes(user=request.user, filters=request.GET)
    return render(
        request,
        "pastperformance/rondes/index.html",
        {
            "filter": filterset,
            "pagina": Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina")),
            "aantal_acties": selectors.mijn_rondes_basis(user=request.user).filter(actie_nodig=True).count(),
        },
    )


# --- Plans -----------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_nieuw(request, project_pk):
    project = selectors.project_voor_plan(user=request.user, pk=project_pk)
    keuzes = selectors.plan_keuzes(project=project)
    opdrachtnemers = list(keuzes.opdrachtnemers)
    start, eind = services.uitvoering_volgens_project(project)
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        keuzes=keuzes,
        initial={
            "uitvoering_start": start,
            "uitvoering_eind": eind,
            "opdrachtnemer": opdrachtnemers[0] if len(opdrachtnemers) == 1 else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(project=project, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(
                request,
                _("Het beoordelingsplan voor %(opdrachtnemer)s is gemaakt en de rondes zijn gepland.")
                % {"opdrachtnemer": plan.opdrachtnemer.naam},
            )
            return redirect(plan)
    return render(
        request,
        "pastperformance/rondes/plan_form.html",
        {
            "form": form,
            "project": project,
            "plan": None,
            "planbaar": project.fase in services.PLANBARE_FASEN and bool(opdrachtnemers),
            "fase_planbaar": project.fase in services.PLANBARE_FASEN,
        },
    )


@require_GET
def plan(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    return render(
        request,
        "pastperformance/rondes/plan.html",
        {
            "plan": plan,
            "kant": is_partij(request.user, plan),
            "mag_beheren": mag_plan_beheren(request.user, plan),
            "kpi": kpi_voor_plan(plan=plan, user=request.user),
            "mag_kpi_invoeren": mag_kpi_invoeren(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_bewerken(request, pk):
    plan = selectors.plan_get(user=request.user, pk=pk)
    if not mag_plan_beheren(request.user, plan):
        raise PermissionDenied
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        keuzes=selectors.plan_keuzes(project=plan.project, plan=plan),
        initial={veld: getattr(plan, veld) for veld in services.PLANVELDEN},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, gegevens=form.cleaned_data, door=request.user, request=request)
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, _("Het beoordelingsplan is opgeslagen; de geplande rondes zijn bijgewerkt."))
            return redirect(plan)
    return render(
        request,
        "pastperformance/rondes/plan_form.html",
        {"form": form, "project": plan.project, "plan": plan, "planbaar": True},
    )


# --- Rounds ----------------------------------------------------------------------------------------------------------


def _ronde_pagina(request, ronde: Beoordelingsronde, *, vervallen_form: VervallenForm | None = None):
    user = request.user
    kant = is_partij(user, ronde.plan)
    mag_vervallen = mag_ronde_vervallen(user, ronde) and Status.VERVALLEN in Beoordelingsronde.OVERGANGEN[ronde.status]
    context = {
        "ronde": ronde,
        "plan": ronde.plan,
        "kant": kant,
        "ziet_plan": kant is not None or user.is_beheerder,
        "voortgang": selectors.ronde_voortgang(ronde=ronde),
        # The rating forms of the user's own side: their side's view of the other, and their self-rating.
        "eigen_richtingen": [richting for richting in Richting if BEOORDELAAR_KANT[richting] == kant]
        if ronde.status == Status.OPEN
        else [],
        "mag_openen": ronde.status == Status.GEPLAND and mag_ronde_openen(user, ronde),
        "vervallen_form": (vervallen_form or VervallenForm()) if mag_vervallen else None,
    }
    if ronde.is_onthuld:
        context["na_onthulling"] = ronde_na_onthulling(ronde=ronde, user=user)
    return render(request, "pastperformance/rondes/ronde.html", context)


@require_GET
def ronde(request, pk):
    return _ronde_pagina(request, selectors.ronde_get(user=request.user, pk=pk))


@require_POST
def ronde_openen(request, pk):
    ronde = selectors.ronde_get(user=request.user, pk=pk)
    if not mag_ronde_openen(request.user, ronde):
        raise PermissionDenied
    try:
        services.ronde_open(ronde=ronde, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _("De ronde is geopend: beide partijen kunnen nu beoordelen."))
    return redirect(ronde)


@require_POST
def ronde_vervallen(request, pk):
    ronde = selectors.ronde_get(user=request.user, pk=pk)
    if not mag_ronde_vervallen(request.user, ronde):
        raise PermissionDenied
    form = VervallenForm(request.POST)
    if form.is_valid():
        try:
            services.ronde_vervallen(ronde=ronde, reden=form.cleaned_data["reden"], door=request.user, request=request)
        except ValidationError as fout:
            if not hasattr(fout, "error_dict"):
                messages.error(request, " ".join(fout.messages))
                return redirect(ronde)
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, _("De ronde is vervallen."))
            return redirect(ronde)
    return _ronde_pagina(request, ronde, vervallen_form=form)
