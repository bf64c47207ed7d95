"""The beheerders' pages for the questionnaires (versions per direction, one version, editing a concept, a new version,
establishing and deleting) and for the kring's past-performance policy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.permissions import requires
from pastperformance.forms.vragenlijsten import BeleidForm, CriteriaFormSet, VragenlijstForm, criteria_initial
from pastperformance.models import Beleid, Vragenlijst
from pastperformance.permissions import mag_beleid_wijzigen, mag_vragenlijsten_beheren
from pastperformance.selectors import vragenlijsten as selectors
from pastperformance.services import vragenlijsten as services


def _naar(vragenlijst: Vragenlijst):
    return redirect("pastperformance:vragenlijst", pk=vragenlijst.pk)


@requires(mag_vragenlijsten_beheren)
@require_GET
def vragenlijsten(request):
    return render(
        request,
        "pastperformance/vragenlijsten/lijst.html",
        {
            "richtingen": selectors.vragenlijsten_per_richting(),
            "spiegelverschillen": selectors.spiegelverschillen_vastgesteld(),
            "beleid": Beleid.huidig(),
        },
    )


@requires(mag_vragenlijsten_beheren)
@require_GET
def vragenlijst(request, pk):
    vragenlijst = selectors.vragenlijst_get(user=request.user, pk=pk)
    is_concept = vragenlijst.status == Vragenlijst.Status.CONCEPT
    return render(
        request,
        "pastperformance/vragenlijsten/detail.html",
        {
            "vragenlijst": vragenlijst,
            "concept": None if is_concept else selectors.concept_van(richting=vragenlijst.richting),
            "spiegelverschil": selectors.spiegelverschil(vragenlijst=vragenlijst) if is_concept else None,
        },
    )


@requires(mag_vragenlijsten_beheren)
@require_POST
def vragenlijst_nieuwe_versie(request, pk):
    bron = selectors.vragenlijst_get(user=request.user, pk=pk)
    try:
        nieuw = services.vragenlijst_nieuwe_versie(bron=bron, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        # The concept that stands in the way is where the beheerder can go on.
        return _naar(selectors.concept_van(richting=bron.richting) or bron)
    messages.success(
        request,
        _(
            "Versie %(versie)s is als concept aangemaakt op basis van versie %(bron)s. Pas aan wat nodig is en stel haar "
            "daarna vast."
        )
        % {"versie": nieuw.versie, "bron": bron.versie},
    )
    return redirect("pastperformance:vragenlijst_bewerken", pk=nieuw.pk)


@requires(mag_vragenlijsten_beheren)
@require_http_methods(["GET", "POST"])
def vragenlijst_bewerken(request, pk):
    vragenlijst = selectors.vragenlijst_get(user=request.user, pk=pk)
    try:
        services.eis_bewerkbaar(vragenlijst)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return _naar(vragenlijst)
    form = VragenlijstForm(request.POST or None, instance=vragenlijst)
    formset = CriteriaFormSet(request.POST or None, initial=criteria_initial(vragenlijst), prefix="criteria")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):  # both, so all errors show
        try:
            services.vragenlijst_wijzigen(
                vragenlijst=vragenlijst, inhoud=form.inhoud(formset.gegevens()), door=request.user, request=request
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(
                request, _("Het concept (versie %(versie)s) is opgeslagen.") % {"versie": vragenlijst.versie}
            )
            return _naar(vragenlijst)
    return render(
        request,
        "pastperformance/vragenlijsten/bewerken.html",
        {
            "vragenlijst": vragenlijst,
            "form": form,
            "formset": formset,
            "min": services.MIN_CRITERIA,
            "max": services.MAX_CRITERIA,
        },
    )


@requires(mag_vragenlijsten_beheren)
@require_POST
def vragenlijst_vaststellen(request, pk):
    vragenlijst = selectors.vragenlijst_get(user=request.user, pk=pk)
    try:
        services.vragenlijst_vaststellen(vragenlijst=vragenlijst, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _(
                "Versie %(versie)s is vastgesteld: nieuwe rondes gebruiken haar. Rondes die al liepen houden hun versie."
            )
            % {"versie": vragenlijst.versie},
        )
    return _naar(vragenlijst)


@requires(mag_vragenlijsten_beheren)
@require_POST
def vragenlijst_verwijderen(request, pk):
    vragenlijst = selectors.vragenlijst_get(user=request.user, pk=pk)
    try:
        services.vragenlijst_verwijderen(vragenlijst=vragenlijst, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return _naar(vragenlijst)
    messages.success(request, _("Het concept (versie %(versie)s) is verwijderd.") % {"versie": vragenlijst.versie})
    return redirect("pastperformance:vragenlijsten")


@requires(mag_beleid_wijzigen)
@require_http_methods(["GET", "POST"])
def beleid(request):
    form = BeleidForm(request.POST or None, instance=Beleid.huidig())
    if request.method == "POST" and form.is_valid():
        try:
            services.beleid_wijzigen(gegevens=form.gegevens(), door=request.user, request=request)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Het beleid is opgeslagen."))
            return redirect("pastperformance:beleid")
    return render(request, "pastperformance/vragenlijsten/beleid.html", {"form": form})
