"""Pages after the reveal of a round: recording the bespreking, afspraken (new, status, the organisation's list), the
reply to a rating and the reply window, definitief, bezwaren (new, list, one bezwaar, its panel and decision),
addenda and publishing an eindronde's lessons. The round's own page shows the four perspectives (B1's page includes
pastperformance/ronde/_na_onthulling.html)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms import fouten_op_formulier
from kring.permissions import requires
from pastperformance.filters import AfspraakFilter
from pastperformance.forms.bespreking import (
    AddendumForm,
    AfspraakForm,
    AfspraakStatusForm,
    BesluitForm,
    BesprekingForm,
    BezwaarForm,
    PanelForm,
    ReactieForm,
)
from pastperformance.models import Bezwaar
from pastperformance.permissions import (
    is_panellid,
    mag_addendum_toevoegen,
    mag_bespreken,
    mag_bezwaar_indienen,
    mag_bezwaren_beheren,
    mag_lessen_publiceren,
    mag_pp_zien,
    mag_reageren,
    mag_ronde_definitief_maken,
)
from pastperformance.selectors import bespreking as selectors
from pastperformance.selectors.rondes import ronde_get
from pastperformance.services import bespreking as services

PER_PAGINA = 25


def _geweigerd(request, fout: ValidationError, naar):
    """A refusal that is not about a form field: the message on the page the action came from."""
    messages.error(request, " ".join(fout.messages))
    return redirect(naar)


def _opgeslagen(request, form, opslaan):
    """A valid POST goes to the service (`opslaan`, which reads the form's cleaned data); its refusal lands on the
    form, so the page shows it with what was typed. Returns the service's result, or None when nothing was saved."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return opslaan()
    except ValidationError as fout:
        fouten_op_formulier(form, fout)
        return None


# --- Bespreking en afspraken ------------------------------------------------------------------------------------------


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def bespreking(request, pk):
    ronde = selectors.onthulde_ronde_get(user=request.user, pk=pk)
    if not mag_bespreken(request.user, ronde):
        raise PermissionDenied
    try:
        services.controleer_na_onthulling(ronde)
    except ValidationError as fout:
        return _geweigerd(request, fout, ronde)
    na_onthulling = selectors.ronde_na_onthulling(ronde=ronde, user=request.user)
    vastgelegd = na_onthulling.bespreking
    form = BesprekingForm(
        request.POST if request.method == "POST" else None,
        ronde=ronde,
        personen=selectors.personen_van_partijen(ronde=ronde),
        te_controleren=na_onthulling.te_controleren,
        initial={
            "datum": vastgelegd.datum,
            "aanwezigen": list(vastgelegd.aanwezigen.all()),
            "overige_aanwezigen": vastgelegd.overige_aanwezigen,
            "samenvatting": vastgelegd.samenvatting,
            "lessen": ronde.lessen,
        }
        if vastgelegd
        else {"datum": na_onthulling.vandaag},
    )
    if _opgeslagen(
        request,
        form,
        lambda: services.bespreking_vastleggen(ronde=ronde, door=request.user, request=request, **form.gegevens()),
    ):
        messages.success(request, _("De bespreking is vastgelegd."))
        return redirect(ronde)
    return render(
        request,
        "pastperformance/bespreking/bespreking.html",
        {"ronde": ronde, "form": form, "na_onthulling": na_onthulling},
    )


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def afspraak_nieuw(request, pk):
    ronde = selectors.onthulde_ronde_get(user=request.user, pk=pk)
    if not mag_bespreken(request.user, ronde):
        raise PermissionDenied
    try:
        services.controleer_na_onthulling(ronde)
    except ValidationError as fout:
        return _geweigerd(request, fout, ronde)
    na_onthulling = selectors.ronde_na_onthulling(ronde=ronde, user=request.user)
    # A proposal of a rater (a score of 5 or lower) can fill the form in: only one the user may see.
    gekozen = next(
        (v for v in na_onthulling.voorstellen if str(v.score_id) == request.GET.get("voorstel")),
        None,
    )
    form = AfspraakForm(
        request.POST if request.method == "POST" else None,
        ronde=ronde,
        personen=selectors.personen_van_partijen(ronde=ronde),
        criteria=services.criteriumcodes(ronde),
        initial={
            "omschrijving": gekozen.tekst,
            "criterium_code": gekozen.criterium_code,
            "eigenaar_organisatie": gekozen.eigenaar_organisatie,
        }
        if gekozen
        else None,
    )
    if _opgeslagen(
        request,
        form,
        lambda: services.afspraak_create(ronde=ronde, door=request.user, request=request, **form.cleaned_data),
    ):
        messages.success(request, _("De afspraak is vastgelegd; ze komt terug in de volgende ronde."))
        return redirect(ronde)
    return render(
        request,
        "pastperformance/bespreking/afspraak_nieuw.html",
        {"ronde": ronde, "form": form, "voorstellen": na_onthulling.voorstellen, "gekozen": gekozen},
    )


@requires(mag_pp_zien)
@require_GET
def afspraken(request):
    filterset = AfspraakFilter(request.GET, queryset=selectors.afspraak_list(user=request.user))
    return render(
        request,
        "pastperformance/bespreking/afspraken.html",
        {
            "filter": filterset,
            "pagina": Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina")),
            "vandaag": timezone.localdate(),
        },
    )


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def afspraak_status(request, pk):
    afspraak = selectors.afspraak_get(user=request.user, pk=pk)
    if not mag_bespreken(request.user, afspraak.ronde):
        raise PermissionDenied
    terug = "afspraken" if request.POST.get("terug", request.GET.get("terug")) == "afspraken" else "ronde"
    form = AfspraakStatusForm(
        request.POST if request.method == "POST" else None,
        initial={"status": afspraak.status, "toelichting": afspraak.toelichting},
    )
    if _opgeslagen(
        request,
        form,
        lambda: services.afspraak_update_status(
            afspraak=afspraak, door=request.user, request=request, **form.cleaned_data
        ),
    ):
        messages.success(request, _("De status van de afspraak is bijgewerkt."))
        return redirect("pastperformance:afspraken") if terug == "afspraken" else redirect(afspraak.ronde)
    return render(
        request,
        "pastperformance/bespreking/afspraak_status.html",
        {"afspraak": afspraak, "ronde": afspraak.ronde, "form": form, "terug": terug},
    )


# --- Reactie, reactietermijn en definitief ----------------------------------------------------------------------------


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def reactie(request, pk):
    beoordeling = selectors.beoordeling_get(user=request.user, pk=pk)
    if not mag_reageren(request.user, beoordeling):
        raise PermissionDenied
    ronde = beoordeling.ronde
    try:
        services.controleer_reactie(ronde=ronde, beoordeling=beoordeling)
    except ValidationError as fout:
        return _geweigerd(request, fout, ronde)
    huidige = selectors.reactie_bij(beoordeling=beoordeling)
    form = ReactieForm(
        request.POST if request.method == "POST" else None,
        initial={
            "eens": "ja" if huidige.eens else "nee",
            "tekst": huidige.tekst,
            "gesprek_gewenst": huidige.gesprek_gewenst,
        }
        if huidige
        else None,
    )
    if _opgeslagen(
        request,
        form,
        lambda: services.reactie_geven(
            beoordeling=beoordeling, door=request.user, request=request, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Uw reactie staat nu naast de beoordeling."))
        return redirect(ronde)
    return render(
        request,
        "pastperformance/bespreking/reactie.html",
        {"beoordeling": beoordeling, "ronde": ronde, "form": form, "huidige": huidige},
    )


@requires(mag_pp_zien)
@require_POST
def reactie_verlengen(request, pk):
    ronde = selectors.onthulde_ronde_get(user=request.user, pk=pk)
    if not mag_bespreken(request.user, ronde):
        raise PermissionDenied
    try:
        ronde = services.reactietermijn_verlengen(ronde=ronde, door=request.user, request=request)
    except ValidationError as fout:
        return _geweigerd(request, fout, ronde)
    messages.success(
        request,
        _("De reactietermijn loopt nu tot en met %(datum)s.") % {"datum": services.als_datum(ronde.reactie_tot)},
    )
    return redirect(ronde)


@requires(mag_pp_zien)
@require_POST
def ronde_definitief(request, pk):
    ronde = ronde_get(user=request.user, pk=pk)
    if not mag_ronde_definitief_maken(request.user, ronde):
        raise PermissionDenied
    try:
        services.ronde_definitief(ronde=ronde, door=request.user, request=request)
    except ValidationError as fout:
        return _geweigerd(request, fout, ronde)
    messages.success(request, _("De ronde is definitief. Correcties kunnen vanaf nu alleen als addendum."))
    return redirect(ronde)


# --- Bezwaren ---------------------------------------------------------------------------------------------------------


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def bezwaar_nieuw(request, pk):
    beoordeling = selectors.beoordeling_get(user=request.user, pk=pk)
    if not mag_bezwaar_indienen(request.user, beoordeling):
        raise PermissionDenied
    ronde = beoordeling.ronde
    try:
        services.controleer_bezwaar(ronde=ronde, beoordeling=beoordeling)
    except ValidationError as fout:
        return _geweigerd(request, fout, ronde)
    form = BezwaarForm(request.POST if request.method == "POST" else None)
    if bezwaar := _opgeslagen(
        request,
        form,
        lambda: services.bezwaar_indienen(
            beoordeling=beoordeling, door=request.user, request=request, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Uw bezwaar is ingediend. De beheerder stelt een panel samen."))
        return redirect("pastperformance:bezwaar", pk=bezwaar.pk)
    return render(
        request,
        "pastperformance/bespreking/bezwaar_nieuw.html",
        {"beoordeling": beoordeling, "ronde": ronde, "form": form},
    )


@requires(mag_pp_zien)
@require_GET
def bezwaren(request):
    return render(
        request,
        "pastperformance/bespreking/bezwaren.html",
        {
            "pagina": Paginator(selectors.bezwaar_list(user=request.user), PER_PAGINA).get_page(
                request.GET.get("pagina")
            ),
            "beheerder": mag_bezwaren_beheren(request.user),
        },
    )


@requires(mag_pp_zien)
@require_GET
def bezwaar(request, pk):
    bezwaar = selectors.bezwaar_get(user=request.user, pk=pk)
    beoordeling = selectors.beoordeling_get(user=request.user, pk=bezwaar.beoordeling_id)
    status = Bezwaar.Status
    return render(
        request,
        "pastperformance/bespreking/bezwaar.html",
        {
            "bezwaar": bezwaar,
            "beoordeling": beoordeling,
            "ronde": beoordeling.ronde,
            "reactie": selectors.reactie_bij(beoordeling=beoordeling),
            "mag_panel": bezwaar.status == status.INGEDIEND and mag_bezwaren_beheren(request.user),
            "mag_besluiten": bezwaar.status == status.PANEL and is_panellid(request.user, bezwaar),
        },
    )


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def bezwaar_panel(request, pk):
    bezwaar = selectors.bezwaar_get(user=request.user, pk=pk)
    if not mag_bezwaren_beheren(request.user):
        raise PermissionDenied
    if bezwaar.status != Bezwaar.Status.INGEDIEND:
        messages.error(request, _("Het panel van dit bezwaar is al samengesteld."))
        return redirect("pastperformance:bezwaar", pk=bezwaar.pk)
    form = PanelForm(
        request.POST if request.method == "POST" else None, keuzes=selectors.panel_keuzes(bezwaar=bezwaar)
    )
    if _opgeslagen(
        request,
        form,
        lambda: services.bezwaar_panel_samenstellen(
            bezwaar=bezwaar, door=request.user, request=request, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Het panel is samengesteld; de panelleden kunnen nu besluiten."))
        return redirect("pastperformance:bezwaar", pk=bezwaar.pk)
    return render(request, "pastperformance/bespreking/bezwaar_panel.html", {"bezwaar": bezwaar, "form": form})


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def bezwaar_besluit(request, pk):
    bezwaar = selectors.bezwaar_get(user=request.user, pk=pk)
    if not is_panellid(request.user, bezwaar):
        raise PermissionDenied
    if bezwaar.status != Bezwaar.Status.PANEL:
        messages.error(request, _("Over dit bezwaar is al besloten."))
        return redirect("pastperformance:bezwaar", pk=bezwaar.pk)
    form = BesluitForm(request.POST if request.method == "POST" else None)
    if _opgeslagen(
        request,
        form,
        lambda: services.bezwaar_besluiten(bezwaar=bezwaar, door=request.user, request=request, **form.cleaned_data),
    ):
        messages.success(request, _("Het besluit is vastgelegd als addendum bij de beoordeling."))
        return redirect("pastperformance:bezwaar", pk=bezwaar.pk)
    return render(request, "pastperformance/bespreking/bezwaar_besluit.html", {"bezwaar": bezwaar, "form": form})


# --- Addendum en lessen -----------------------------------------------------------------------------------------------


@requires(mag_pp_zien)
@require_http_methods(["GET", "POST"])
def addendum_nieuw(request, pk):
    ronde = selectors.onthulde_ronde_get(user=request.user, pk=pk)
    beoordelingen = selectors.beoordelingen_voor_addendum(user=request.user, ronde=ronde)
    hele_ronde = mag_addendum_toevoegen(request.user, ronde)
    if not hele_ronde and not beoordelingen.exists():
        raise PermissionDenied
    if ronde.status != ronde.Status.DEFINITIEF:
        messages.error(
            request,
            _("Een addendum hoort bij een definitieve ronde; tot dan past u de bespreking of de afspraken zelf aan."),
        )
        return redirect(ronde)
    form = AddendumForm(
        request.POST if request.method == "POST" else None,
        beoordelingen=beoordelingen,
        hele_ronde=hele_ronde,
        initial={"beoordeling": request.GET.get("beoordeling")},
    )
    if _opgeslagen(
        request,
        form,
        lambda: services.addendum_toevoegen(ronde=ronde, door=request.user, request=request, **form.cleaned_data),
    ):
        messages.success(request, _("Het addendum staat bij de ronde."))
        return redirect(ronde)
    return render(request, "pastperformance/bespreking/addendum_nieuw.html", {"ronde": ronde, "form": form})


@requires(mag_pp_zien)
@require_POST
def lessen_publiceren(request, pk):
    ronde = selectors.onthulde_ronde_get(user=request.user, pk=pk)
    if not mag_lessen_publiceren(request.user, ronde):
        raise PermissionDenied
    try:
        kennisitem, nieuw = services.lessen_publiceren(ronde=ronde, door=request.user, request=request)
    except ValidationError as fout:
        return _geweigerd(request, fout, ronde)
    if nieuw:
        messages.success(request, _("De lessen staan nu in de kennisbank, voor alle leden van de kring."))
    else:
        messages.info(request, _("De lessen van deze ronde stonden al in de kennisbank."))
    return redirect(kennisitem)
