"""Pages of the werkgroepen themselves: the public overview and page, join requests and their decisions, memberships,
and editing, creating, closing and reopening a werkgroep."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.forms import fouten_op_formulier
from kring.forms.accounts import AfwijzingForm
from kring.permissions import is_lid, requires
from werkgroepen.forms.werkgroepen import AanmeldingForm, RolForm, TrekkerForm, WerkgroepForm, WerkgroepNieuwForm
from werkgroepen.models import Lidmaatschap
from werkgroepen.permissions import mag_lidmaatschap_beeindigen, mag_werkgroep_bewerken, mag_werkgroepen_beheren
from werkgroepen.selectors import werkgroepen as selectors
from werkgroepen.services import werkgroepen as services

PER_PAGINA = 25
# Where a decision on a join request was taken, so the trekker returns there (a fixed word: no open redirect).
TERUG_NAAR_AANMELDINGEN = "aanmeldingen"


def _formulier(request, form, *, opslaan, melding, template: str, context: dict):
    """A page with a form. A valid POST calls `opslaan(gegevens)`, which returns where to go next (an object or a
    route name); `melding(doel)` says what happened. A refusal shows on the form, and nothing is saved."""
    if request.method == "POST" and form.is_valid():
        try:
            doel = opslaan(form.cleaned_data)
        except ValidationError as fout:
            fouten_op_formulier(form, fout)
        else:
            messages.success(request, melding(doel))
            return redirect(doel)
    return render(request, template, {"form": form, **context})


def _bevestiging(request, *, uitvoeren, melding: str, doel, template: str, context: dict):
    """A page that asks to confirm. The POST calls `uitvoeren()`; a refusal is listed above the button."""
    fouten = []
    if request.method == "POST":
        try:
            uitvoeren()
        except ValidationError as fout:
            fouten = fout.messages
        else:
            messages.success(request, melding)
            return redirect(doel)
    return render(request, template, {"fouten": fouten, **context})


def _knop(request, *, uitvoeren, melding: str, doel):
    """A button without a page of its own: do it, say how it went, and go back to `doel`."""
    try:
        uitvoeren()
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, melding)
    return redirect(doel)


def _terug(request, werkgroep):
    """Back to where a join request was decided: the overview of requests or the werkgroep's page."""
    return "werkgroepen:aanmeldingen" if request.POST.get("terug") == TERUG_NAAR_AANMELDINGEN else werkgroep


def _werkgroep_voor_leiding(request, slug):
    """A werkgroep the user leads (or, as a beheerder, manages); 403 for anyone else: werkgroepen are public."""
    werkgroep = selectors.werkgroep_get(slug=slug)
    if not mag_werkgroep_bewerken(request.user, werkgroep):
        raise PermissionDenied
    return werkgroep


# --- Public pages ----------------------------------------------------------------------------------------------------


@login_not_required
@require_GET
def lijst(request):
    return render(
        request,
        "werkgroepen/lijst.html",
        {
            "overzicht": selectors.werkgroep_overzicht(user=request.user),
            "mag_beheren": mag_werkgroepen_beheren(request.user),
        },
    )


@login_not_required
@require_GET
def detail(request, slug):
    pagina = selectors.werkgroep_pagina(user=request.user, slug=slug)
    return render(
        request,
        "werkgroepen/detail.html",
        {"pagina": pagina, "werkgroep": pagina.werkgroep, "rollen": Lidmaatschap.Rol.choices},
    )


# --- Beheerders: create, close, reopen -------------------------------------------------------------------------------


@requires(mag_werkgroepen_beheren)
@require_http_methods(["GET", "POST"])
def nieuw(request):
    form = WerkgroepNieuwForm(request.POST or None)
    return _formulier(
        request,
        form,
        opslaan=lambda gegevens: services.werkgroep_create(**gegevens, door=request.user, request=request),
        melding=lambda werkgroep: (
            _("Werkgroep %(naam)s is aangemaakt, met %(trekker)s als trekker.")
            % {"naam": werkgroep.naam, "trekker": form.cleaned_data["trekker"].naam}
        ),
        template="werkgroepen/werkgroep_nieuw.html",
        context={},
    )


@requires(mag_werkgroepen_beheren)
@require_http_methods(["GET", "POST"])
def sluiten(request, slug):
    werkgroep = selectors.werkgroep_get(slug=slug)
    return _bevestiging(
        request,
        uitvoeren=lambda: services.werkgroep_close(werkgroep=werkgroep, door=request.user, request=request),
        melding=_("Werkgroep %(naam)s is gesloten.") % {"naam": werkgroep.naam},
        doel=werkgroep,
        template="werkgroepen/werkgroep_sluiten.html",
        context={"werkgroep": werkgroep, "gevolgen": selectors.sluitgevolgen(werkgroep=werkgroep)},
    )


@requires(mag_werkgroepen_beheren)
@require_http_methods(["GET", "POST"])
def heropenen(request, slug):
    werkgroep = selectors.werkgroep_get(slug=slug)
    if not werkgroep.is_gesloten:
        messages.error(request, _("Werkgroep %(naam)s is niet gesloten.") % {"naam": werkgroep.naam})
        return redirect(werkgroep)
    return _formulier(
        request,
        TrekkerForm(request.POST or None),
        opslaan=lambda gegevens: services.werkgroep_reopen(
            werkgroep=werkgroep, trekker=gegevens["trekker"], door=request.user, request=request
        ),
        melding=lambda werkgroep: _("Werkgroep %(naam)s is weer open.") % {"naam": werkgroep.naam},
        template="werkgroepen/werkgroep_heropenen.html",
        context={"werkgroep": werkgroep},
    )


# --- Trekkers: edit the werkgroep, manage members --------------------------------------------------------------------


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def bewerken(request, slug):
    werkgroep = _werkgroep_voor_leiding(request, slug)
    return _formulier(
        request,
        WerkgroepForm(
            request.POST or None, initial={veld: getattr(werkgroep, veld) for veld in services.BESCHRIJVING}
        ),
        opslaan=lambda gegevens: services.werkgroep_update(
            werkgroep=werkgroep, door=request.user, request=request, **gegevens
        ),
        melding=lambda werkgroep: _("Werkgroep %(naam)s is bijgewerkt.") % {"naam": werkgroep.naam},
        template="werkgroepen/werkgroep_bewerken.html",
        context={"werkgroep": werkgroep},
    )


@requires(is_lid)
@require_POST
def lidmaatschap_rol(request, slug, pk):
    werkgroep = _werkgroep_voor_leiding(request, slug)
    lidmaatschap = selectors.lidmaatschap_get(werkgroep=werkgroep, pk=pk)
    form = RolForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies trekker, lid of adviseur."))
        return redirect(werkgroep)
    rol = form.cleaned_data["rol"]
    return _knop(
        request,
        uitvoeren=lambda: services.lidmaatschap_set_rol(
            lidmaatschap=lidmaatschap, rol=rol, door=request.user, request=request
        ),
        melding=_("%(naam)s is nu %(rol)s.")
        % {"naam": lidmaatschap.gebruiker.naam, "rol": Lidmaatschap.Rol(rol).label.lower()},
        doel=werkgroep,
    )


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def lidmaatschap_beeindigen(request, slug, pk):
    """A member leaves, or a trekker ends someone's membership; first a confirmation."""
    werkgroep = selectors.werkgroep_get(slug=slug)
    lidmaatschap = selectors.lidmaatschap_get(werkgroep=werkgroep, pk=pk)
    if not mag_lidmaatschap_beeindigen(request.user, lidmaatschap):
        raise PermissionDenied
    zelf = lidmaatschap.gebruiker_id == request.user.pk
    if zelf:
        melding = _("U heeft werkgroep %(werkgroep)s verlaten.")
    else:
        melding = _("Het lidmaatschap van %(naam)s van werkgroep %(werkgroep)s is beëindigd.")
    return _bevestiging(
        request,
        uitvoeren=lambda: services.lidmaatschap_end(lidmaatschap=lidmaatschap, door=request.user, request=request),
        melding=melding % {"naam": lidmaatschap.gebruiker.naam, "werkgroep": werkgroep.naam},
        doel=werkgroep,
        template="werkgroepen/werkgroep_lidmaatschap_beeindigen.html",
        context={"werkgroep": werkgroep, "lidmaatschap": lidmaatschap, "zelf": zelf},
    )


# --- Join requests ---------------------------------------------------------------------------------------------------


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def aanmelden(request, slug):
    werkgroep = selectors.werkgroep_get(slug=slug)
    bezwaar = []
    if request.method == "GET":
        # Say straight away when a request is not possible, instead of after filling in the form.
        try:
            services.aanmelding_check(werkgroep=werkgroep, gebruiker=request.user)
        except ValidationError as fout:
            bezwaar = fout.messages
    return _formulier(
        request,
        AanmeldingForm(request.POST or None),
        opslaan=lambda gegevens: (
            services.aanmelding_create(
                werkgroep=werkgroep, gebruiker=request.user, motivatie=gegevens["motivatie"], request=request
            ).werkgroep
        ),
        melding=lambda werkgroep: (
            _(
                "Uw aanmelding voor werkgroep %(naam)s is verstuurd. U krijgt een e-mail zodra een trekker haar heeft "
                "beoordeeld."
            )
            % {"naam": werkgroep.naam}
        ),
        template="werkgroepen/werkgroep_aanmelden.html",
        context={"werkgroep": werkgroep, "bezwaar": bezwaar},
    )


@requires(is_lid)
@require_GET
def aanmeldingen(request):
    pagina = Paginator(selectors.aanmeldingen_te_beoordelen(user=request.user), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    mag_beheren = mag_werkgroepen_beheren(request.user)
    return render(
        request,
        "werkgroepen/werkgroep_aanmeldingen.html",
        {
            "pagina": pagina,
            "eigen": selectors.eigen_aanmeldingen(user=request.user),
            "beoordeelt": mag_beheren or selectors.werkgroepen_van_trekker(request.user).exists(),
            "mag_beheren": mag_beheren,
            "terug": TERUG_NAAR_AANMELDINGEN,
        },
    )


@requires(is_lid)
@require_POST
def aanmelding_goedkeuren(request, pk):
    aanmelding = selectors.aanmelding_beoordelen_get(user=request.user, pk=pk)
    return _knop(
        request,
        uitvoeren=lambda: services.aanmelding_approve(aanmelding=aanmelding, door=request.user, request=request),
        melding=_("%(naam)s is lid van werkgroep %(werkgroep)s en krijgt bericht.")
        % {"naam": aanmelding.gebruiker.naam, "werkgroep": aanmelding.werkgroep.naam},
        doel=_terug(request, aanmelding.werkgroep),
    )


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def aanmelding_afwijzen(request, pk):
    aanmelding = selectors.aanmelding_beoordelen_get(user=request.user, pk=pk)
    terug = request.POST.get("terug", request.GET.get("terug"))

    def afwijzen(gegevens):
        services.aanmelding_refuse(aanmelding=aanmelding, reden=gegevens["reden"], door=request.user, request=request)
        return _terug(request, aanmelding.werkgroep)

    return _formulier(
        request,
        AfwijzingForm(request.POST or None),
        opslaan=afwijzen,
        melding=lambda doel: (
            _("De aanmelding van %(naam)s is afgewezen; %(naam)s krijgt de reden per e-mail.")
            % {"naam": aanmelding.gebruiker.naam}
        ),
        template="werkgroepen/werkgroep_aanmelding_afwijzen.html",
        context={"aanmelding": aanmelding, "terug": terug if terug == TERUG_NAAR_AANMELDINGEN else ""},
    )


@requires(is_lid)
@require_POST
def aanmelding_intrekken(request, pk):
    aanmelding = selectors.eigen_aanmelding_get(user=request.user, pk=pk)
    return _knop(
        request,
        uitvoeren=lambda: services.aanmelding_withdraw(aanmelding=aanmelding, door=request.user, request=request),
        melding=_("Uw aanmelding voor werkgroep %(naam)s is ingetrokken.") % {"naam": aanmelding.werkgroep.naam},
        doel=_terug(request, aanmelding.werkgroep),
    )
