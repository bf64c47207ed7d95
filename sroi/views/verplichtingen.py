"""Pages of SROI obligations: the SROI overview (my obligations, or my gemeente's), making and changing an obligation
from the project page, one obligation with its calculation, progress, warnings and inzet, the progress per contractor
with the kring totals, and the export of the inzet for the werkgeversservicepunt."""

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
from kring.charts import Reeks, euro, samenvatting, staafgrafiek
from kring.exports import FORMATEN, export_response
from kring.forms import fouten_op_formulier
from kring.fragmenten import fragment
from kring.permissions import requires
from sroi.forms.verplichtingen import VerplichtingFilter, VerplichtingForm
from sroi.permissions import (
    mag_inzet_registreren,
    mag_sroi_exporteren,
    mag_sroi_zien,
    mag_verplichting_aanmaken,
    mag_verplichting_bewerken,
    mag_waardetabellen_beheren,
    ziet_sroi_totalen,
)
from sroi.selectors import verplichtingen as selectors
from sroi.selectors.inzet import inzet_voor_verplichting
from sroi.services import verplichtingen as services

PER_PAGINA = 25


@requires(mag_sroi_zien)
@require_GET
def index(request):
    gemeenten, opdrachtnemers = selectors.filter_keuzes(user=request.user)
    filterset = VerplichtingFilter(
        request.GET or None,
        queryset=selectors.verplichtingen_lijst(user=request.user),
        gemeenten=gemeenten,
        opdrachtnemers=opdrachtnemers,
    )
    pagina = Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    vandaag = timezone.localdate()
    return render(
        request,
        "sroi/verplichtingen/index.html",
        {
            "filter": filterset,
            "pagina": pagina,
            "regels": [(v, selectors.voortgang(verplichting=v, vandaag=vandaag)) for v in pagina.object_list],
            "mag_exporteren": mag_sroi_exporteren(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def verplichting_nieuw(request, project_pk):
    project = selectors.project_voor_verplichting(user=request.user, pk=project_pk)
    if not mag_verplichting_aanmaken(request.user, project):
        raise PermissionDenied
    opdrachtnemers = list(selectors.opdrachtnemers_zonder_verplichting(project=project))
    form = VerplichtingForm(
        request.POST if request.method == "POST" else None,
        opdrachtnemers=selectors.opdrachtnemers_zonder_verplichting(project=project),
        coordinatoren=selectors.coordinatoren(gemeente_id=project.gemeente_id),
        initial={
            "opdrachtnemer": opdrachtnemers[0] if len(opdrachtnemers) == 1 else None,
            "coordinator": request.user if request.user.organisatie_id == project.gemeente_id else None,
            "percentage": project.sroi_percentage if project.sroi_percentage is not None else 5,
            "drempel": 0,
            "pso_korting": 0,
            "rapportage_maanden": 3,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            verplichting = services.verplichting_create(
                project=project,
                opdrachtnemer=form.cleaned_data["opdrachtnemer"],
                door=request.user,
                request=request,
                **form.gegevens(),
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(
                request,
                _("De SROI-verplichting van %(opdrachtnemer)s is vastgelegd: %(bedrag)s.")
                % {
                    "opdrachtnemer": verplichting.opdrachtnemer.naam,
                    "bedrag": services.bedrag_tekst(verplichting.sr_bedrag),
                },
            )
            return redirect(verplichting)
    return render(
        request,
        "sroi/verplichtingen/form.html",
        {"form": form, "project": project, "verplichting": None, "heeft_opdrachtnemers": bool(opdrachtnemers)},
    )


@require_GET
def verplichting(request, pk):
    verplichting = selectors.verplichting_get(user=request.user, pk=pk)
    return render(
        request,
        "sroi/verplichtingen/detail.html",
        {
            "verplichting": verplichting,
            "berekening": selectors.berekening(verplichting=verplichting),
            "voortgang": selectors.voortgang(verplichting=verplichting),
            "inzet": inzet_voor_verplichting(verplichting=verplichting, user=request.user),
            "mag_bewerken": mag_verplichting_bewerken(request.user, verplichting),
            "mag_inzet_invoeren": mag_inzet_registreren(request.user, verplichting),
            "mag_tabel_zien": mag_waardetabellen_beheren(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def verplichting_bewerken(request, pk):
    verplichting = selectors.verplichting_get(user=request.user, pk=pk)
    if not mag_verplichting_bewerken(request.user, verplichting):
        raise PermissionDenied
    form = VerplichtingForm(
        request.POST if request.method == "POST" else None,
        coordinatoren=selectors.coordinatoren(gemeente_id=verplichting.project.gemeente_id),
        initial={veld: getattr(verplichting, veld) for veld in services.BEWERKBARE_VELDEN},
    )
    if request.method == "POST" and form.is_valid():
        try:
            verplichting = services.verplichting_update(
                verplichting=verplichting, door=request.user, request=request, **form.gegevens()
            )
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(
                request,
                _("De verplichting is opgeslagen; het SR-bedrag is nu %(bedrag)s.")
                % {"bedrag": services.bedrag_tekst(verplichting.sr_bedrag)},
            )
            return redirect(verplichting)
    return render(
        request,
        "sroi/verplichtingen/form.html",
        {"form": form, "project": verplichting.project, "verplichting": verplichting, "heeft_opdrachtnemers": True},
    )


def _grafiek(regels):
    """Validated and awaiting validation per contractor, stacked (the table beside it holds the figures)."""
    labels = [
        r.opdrachtnemer.naam if len(r.opdrachtnemer.naam) <= 24 else r.opdrachtnemer.naam[:23] + "…" for r in regels
    ]
    gevalideerd = [r.voortgang.gevalideerd for r in regels]
    ter_validatie = [r.voortgang.ter_validatie for r in regels]
    return staafgrafiek(
        grafiek_id="sroi-voortgang",
        titel=_("SROI-inzet per opdrachtnemer"),
        omschrijving=_("Gevalideerde en nog te valideren inzet in euro per opdrachtnemer. %(samenvatting)s")
        % {
            "samenvatting": samenvatting(
                labels, [a + b for a, b in zip(gevalideerd, ter_validatie, strict=True)], euro
            )
        },
        labels=labels,
        reeksen=[Reeks(_("Gevalideerd"), gevalideerd), Reeks(_("Ter validatie"), ter_validatie)],
        opmaak=euro,
    )


@requires(mag_sroi_zien)
@require_GET
def voortgang(request):
    vandaag = timezone.localdate()
    # Computed only when the cached fragment is missing (kring.fragmenten).
    regels = SimpleLazyObject(lambda: selectors.voortgang_per_opdrachtnemer(user=request.user, vandaag=vandaag))
    # A region has hundreds of contractors: the table and chart show them a page at a time, the totals all of them.
    pagina = SimpleLazyObject(lambda: Paginator(regels, PER_PAGINA).get_page(request.GET.get("pagina")))
    return render(
        request,
        "sroi/verplichtingen/voortgang.html",
        {
            "fragment": fragment(request, "sroi-voortgang", ("kring", "projecten", "sroi")),
            "regels": regels,
            "pagina": pagina,
            "grafiek": SimpleLazyObject(lambda: _grafiek(pagina.object_list) if regels else None),
            "totaal": SimpleLazyObject(
                lambda: selectors.Voortgang.optellen([r.voortgang for r in regels]) if regels else None
            ),
            "totaal_aantal": SimpleLazyObject(lambda: sum(r.aantal for r in regels)),
            "kring": SimpleLazyObject(
                lambda: selectors.kring_totalen(vandaag=vandaag) if ziet_sroi_totalen(request.user) else None
            ),
            "mag_exporteren": mag_sroi_exporteren(request.user),
            "vandaag": vandaag,
        },
    )


@requires(mag_sroi_exporteren)
@require_GET
def export(request, formaat):
    if formaat not in FORMATEN:
        raise Http404
    koppen = [
        _("Project"),
        _("Projectnummer"),
        _("Opdrachtnemer"),
        _("Kandidaat (code)"),
        _("Soort"),
        _("Categorie"),
        _("Vanaf"),
        _("Tot en met"),
        _("Uren per week"),
        _("Uren"),
        _("Factuurbedrag excl. btw (€)"),
        _("Waarde (€)"),
        _("Status"),
    ]
    regels = list(selectors.inzet_export(user=request.user))
    rijen = [
        [
            regel.verplichting.project.naam,
            regel.verplichting.project.nummer,
            regel.verplichting.opdrachtnemer.naam,
            regel.kandidaat.code if regel.kandidaat_id else "",
            regel.bouwblok.get_soort_display(),
            regel.bouwblok.naam,
            regel.start,
            regel.eind,
            regel.uren_per_week,
            regel.uren,
            regel.bedrag,
            regel.waarde,
            regel.get_status_display(),
        ]
        for regel in regels
    ]
    audit_log(
        actie="sroi.inzet_geexporteerd",
        actor=request.user,
        na={"formaat": formaat, "regels": len(rijen)},
        request=request,
    )
    return export_response(
        bestandsnaam=f"sroi-inzet-{timezone.localdate():%Y-%m-%d}", formaat=formaat, koppen=koppen, rijen=rijen
    )
