"""Pages of the aggregates: the list of profiles, one organisation's profile, the benchmark of goed
opdrachtgeverschap, rater calibration, the selection export, and the hard KPIs of a plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kring.audit import audit_log
from kring.exports import FORMATEN, export_response
from kring.fragmenten import fragment
from kring.permissions import mag_rapporten_aanvragen, requires
from pastperformance.forms.profielen import KpiForm, ProfielenFilterForm
from pastperformance.grafieken import cijfer, trendgrafiek, verdelinggrafiek
from pastperformance.models import Beleid
from pastperformance.permissions import (
    mag_kalibratie_zien,
    mag_kpi_invoeren,
    mag_kpi_verwijderen,
    mag_opdrachtgeverschap_zien,
    mag_profielen_zien,
    mag_selectie_exporteren,
)
from pastperformance.selectors import profielen as selectors
from pastperformance.selectors.rondes import plan_get
from pastperformance.services import profielen as services

PER_PAGINA = 25


@requires(mag_profielen_zien)
@require_GET
def profielen(request):
    beleid = Beleid.huidig()
    form = ProfielenFilterForm(request.GET or None, rangschikken=beleid.gebruik_voor_selectie)
    zoek, op_gemiddelde = form.keuzes()
    overzicht = selectors.profielen_lijst(user=request.user, zoek=zoek, op_gemiddelde=op_gemiddelde, beleid=beleid)
    return render(
        request,
        "pastperformance/profielen/lijst.html",
        {
            "form": form,
            "beleid": beleid,
            "overzicht": overzicht,
            "pagina": Paginator(overzicht.opdrachtnemers, PER_PAGINA).get_page(request.GET.get("pagina"))
            if overzicht.opdrachtnemers is not None
            else None,
            "mag_exporteren": mag_selectie_exporteren(request.user, beleid),
        },
    )


@requires(mag_profielen_zien)
@require_GET
def profiel(request, pk):
    organisatie = selectors.profiel_organisatie_get(user=request.user, pk=pk)
    # Computed only when the cached fragment is missing (kring.fragmenten).
    uitkomst = SimpleLazyObject(lambda: selectors.profiel(organisatie=organisatie))
    return render(
        request,
        "pastperformance/profielen/profiel.html",
        {
            "organisatie": organisatie,
            "fragment": fragment(request, "profiel", ("kring", "pastperformance")),
            "profiel": uitkomst,
            "grafiek": SimpleLazyObject(lambda: trendgrafiek(uitkomst) if not uitkomst.geen_oordeel else None),
            "mag_pdf": mag_rapporten_aanvragen(request.user),
        },
    )


@requires(mag_opdrachtgeverschap_zien)
@require_GET
def opdrachtgeverschap(request):
    uitkomst = selectors.opdrachtgeverschap()
    return render(
        request,
        "pastperformance/profielen/opdrachtgeverschap.html",
        {"profiel": uitkomst, "grafiek": trendgrafiek(uitkomst) if not uitkomst.geen_oordeel else None},
    )


@requires(mag_kalibratie_zien)
@require_GET
def kalibratie(request):
    beleid = Beleid.huidig()
    richtingen = selectors.kalibratie(beleid=beleid)
    return render(
        request,
        "pastperformance/profielen/kalibratie.html",
        {
            "richtingen": [(richting, verdelinggrafiek(richting)) for richting in richtingen],
            "waarden": list(selectors.WAARDEN),
            "drempel": selectors.OPVALLENDE_AFWIJKING,
            "minimum_n": beleid.minimum_n,
        },
    )


def _getal(waarde) -> str:
    return "" if waarde is None else cijfer(round(waarde, 1))


@require_GET
def selectie_export(request, formaat):
    # Everyone who may not export gets 404, also when the policy is off: the export does not exist then.
    selectie = selectors.selectie_export(user=request.user)
    if formaat not in FORMATEN:
        raise Http404
    koppen = [
        _("Opdrachtnemer"),
        _("Aantal beoordelingen (n)"),
        _("Gemiddelde"),
        _("Spreiding"),
        _("Trend per jaar"),
        _("Oordeel"),
    ]
    rijen = [
        [
            _("Grondslag: %(grondslag)s") % {"grondslag": selectie.grondslag},
            _("Venster %(maanden)s maanden, lineair recentheidsgewicht; geen oordeel onder %(n)s beoordelingen.")
            % {"maanden": selectie.venster_maanden, "n": selectie.minimum_n},
            "",
            "",
            "",
            _("Peildatum %(datum)s") % {"datum": f"{timezone.localdate():%d-%m-%Y}"},
        ]
    ]
    for regel in selectie.regels:
        stat = regel.statistiek
        if stat.geen_oordeel:
            rijen.append([regel.organisatie.naam, stat.n, None, None, None, _("geen oordeel")])
        else:
            rijen.append(
                [
                    regel.organisatie.naam,
                    stat.n,
                    round(stat.gemiddelde, 2),
                    round(stat.spreiding, 2),
                    round(stat.trend, 2) if stat.trend is not None else None,
                    stat.trendrichting or _("trend onbekend"),
                ]
            )
    audit_log(
        actie="pastperformance.selectie_geexporteerd",
        actor=request.user,
        na={"formaat": formaat, "opdrachtnemers": len(selectie.regels), "grondslag": selectie.grondslag},
        request=request,
    )
    return export_response(
        bestandsnaam=f"past-performance-selectie-{timezone.localdate():%Y-%m-%d}",
        formaat=formaat,
        koppen=koppen,
        rijen=rijen,
    )


@require_http_methods(["GET", "POST"])
def kpi_nieuw(request, pk):
    plan = plan_get(user=request.user, pk=pk)
    if not mag_kpi_invoeren(request.user, plan):
        raise PermissionDenied
    form = KpiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meting = services.kpi_toevoegen(plan=plan, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as fout:
            for veld, berichten in fout.error_dict.items():
                form.add_error(veld if veld in form.fields else None, berichten)
        else:
            messages.success(
                request,
                _("De meting “%(soort)s: %(dagen)s dagen” staat bij het plan en telt mee in de profielen.")
                % {"soort": meting.get_soort_display(), "dagen": meting.dagen},
            )
            return redirect(plan)
    return render(request, "pastperformance/kpi/nieuw.html", {"form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
def kpi_verwijderen(request, pk):
    meting = selectors.kpi_meting_get(user=request.user, pk=pk)
    if not mag_kpi_verwijderen(request.user, meting):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.kpi_verwijderen(meting=meting, door=request.user, request=request)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(request, _("De meting is verwijderd; de profielen tellen haar niet meer mee."))
        return redirect(meting.plan)
    return render(request, "pastperformance/kpi/verwijderen.html", {"meting": meting})
