"""Pages of the project pipeline for members: the list with filters, one project with its history, and for the
project's own gemeente the forms to create, edit, change the fase and award it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms import fouten_op_formulier
from kring.fragmenten import fragment
from kring.permissions import requires
from pastperformance.permissions import mag_plan_aanmaken
from pastperformance.selectors.rondes import plannen_van_project
from pastperformance.services.rondes import PLANBARE_FASEN
from projecten.ambitieweb import ambitieweb_scores
from projecten.filters import ProjectFilter
from projecten.forms.projecten import FaseForm, GunningForm, ProjectForm
from projecten.models import Project
from projecten.permissions import mag_project_bewerken, mag_projecten_beheren, mag_projecten_zien, ziet_raming
from projecten.selectors import projecten as selectors
from projecten.services import projecten as services
from sroi.permissions import mag_verplichting_aanmaken
from sroi.selectors.verplichtingen import verplichtingen_van_project

PER_PAGINA = 25


@requires(mag_projecten_zien)
@require_GET
def lijst(request):
    # Built only when the cached fragment is missing (kring.fragmenten).
    filterset = SimpleLazyObject(
        lambda: ProjectFilter(request.GET, queryset=selectors.project_list(user=request.user), request=request)
    )
    return render(
        request,
        "projecten/projecten/lijst.html",
        {
            "fragment": fragment(request, "projecten", ("kring", "projecten")),
            "filter": filterset,
            "pagina": SimpleLazyObject(
                lambda: Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
            ),
            "mag_aanmaken": mag_projecten_beheren(request.user),
        },
    )


def _detail_pagina(request, project: Project, *, fase_form: FaseForm | None = None):
    mag_bewerken = mag_project_bewerken(request.user, project)
    overgangen = services.fase_overgangen_vanuit(project) if mag_bewerken else []
    return render(
        request,
        "projecten/projecten/detail.html",
        {
            "project": project,
            "mag_bewerken": mag_bewerken,
            "ziet_raming": ziet_raming(request.user, project),
            "ambitieweb": ambitieweb_scores(project.ambitieweb or {}),
            "geschiedenis": selectors.projectwijziging_list(project=project),
            "kennisitems": selectors.project_kennisitems(user=request.user, project=project),
            "fase_form": (fase_form or FaseForm(overgangen=overgangen)) if overgangen else None,
            "mag_gunnen": mag_bewerken and project.fase in services.GUNBARE_FASEN,
            "beoordelingsplannen": plannen_van_project(user=request.user, project=project),
            "mag_plan_maken": mag_plan_aanmaken(request.user, project) and project.fase in PLANBARE_FASEN,
            # -- sroi
            "sroi_verplichtingen": verplichtingen_van_project(user=request.user, project=project),
            "mag_sroi_maken": mag_verplichting_aanmaken(request.user, project) and project.fase in PLANBARE_FASEN,
        },
    )


@requires(mag_projecten_zien)
@require_GET
def detail(request, pk):
    return _detail_pagina(request, selectors.project_get(user=request.user, pk=pk))


def _bewerk(request, project: Project | None):
    keuzes = selectors.project_keuzes(user=request.user, project=project)
    form = ProjectForm(request.POST if request.method == "POST" else None, keuzes=keuzes, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            if project is None:
                gemeente = form.cleaned_data.get("gemeente") or request.user.organisatie
                project = services.project_create(
                    gemeente=gemeente, door=request.user, gegevens=form.gegevens(), request=request
                )
            else:
                project = services.project_update(
                    project=project,
                    door=request.user,
                    gegevens=form.gegevens(),
                    reden=form.cleaned_data["reden"],
                    request=request,
                )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, _("Het project “%(naam)s” is opgeslagen.") % {"naam": project.naam})
            return redirect(project)
    return render(request, "projecten/projecten/bewerken.html", {"form": form, "project": project})


@requires(mag_projecten_beheren)
@require_http_methods(["GET", "POST"])
def nieuw(request):
    return _bewerk(request, None)


@require_http_methods(["GET", "POST"])
def bewerken(request, pk):
    return _bewerk(request, selectors.project_voor_bewerken(user=request.user, pk=pk))


@require_POST
def fase(request, pk):
    project = selectors.project_voor_bewerken(user=request.user, pk=pk)
    form = FaseForm(request.POST, overgangen=services.fase_overgangen_vanuit(project))
    if form.is_valid():
        try:
            project = services.project_set_fase(
                project=project, door=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(
                request, _("Het project is nu in fase %(fase)s.") % {"fase": project.get_fase_display().lower()}
            )
            return redirect(project)
    return _detail_pagina(request, selectors.project_get(user=request.user, pk=pk), fase_form=form)


@require_http_methods(["GET", "POST"])
def gunnen(request, pk):
    project = selectors.project_voor_bewerken(user=request.user, pk=pk)
    form = GunningForm(
        request.POST if request.method == "POST" else None,
        keuzes=selectors.opdrachtnemers_keuzes(project=project),
        initial={"opdrachtnemers": list(project.opdrachtnemers.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_award(
                project=project,
                opdrachtnemers=form.cleaned_data["opdrachtnemers"],
                door=request.user,
                request=request,
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, _("De gunning van “%(naam)s” is vastgelegd.") % {"naam": project.naam})
            return redirect(project)
    return render(
        request,
        "projecten/projecten/gunnen.html",
        {"form": form, "project": project, "gunbaar": project.fase in services.GUNBARE_FASEN},
    )
