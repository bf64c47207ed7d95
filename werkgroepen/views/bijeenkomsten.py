"""Pages of the bijeenkomsten: the list, one meeting, planning and changing it, its agenda, registering, attendance,
the minutes and the status changes; and every member's own actiepunten."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.permissions import is_lid, requires
from werkgroepen.filters import BijeenkomstFilter
from werkgroepen.forms.bijeenkomsten import (
    AanwezigheidForm,
    ActiepuntFormSet,
    AgendapuntForm,
    BesluitFormSet,
    BijeenkomstForm,
    VerslagForm,
)
from werkgroepen.models import Bijeenkomst
from werkgroepen.permissions import mag_actiepunt_afvinken, mag_bijeenkomst_beheren, mag_bijeenkomsten_plannen
from werkgroepen.selectors import bijeenkomsten as selectors
from werkgroepen.services import bijeenkomsten as services

PER_PAGINA = 20


def _organisator(view):
    """Pages that change a meeting are for its organiser; other members see the meeting, so they get 403."""

    @wraps(view)
    def wrapped(request, pk, **kwargs):
        bijeenkomst = selectors.bijeenkomst_get(user=request.user, pk=pk)
        if not mag_bijeenkomst_beheren(request.user, bijeenkomst):
            raise PermissionDenied
        return view(request, bijeenkomst, **kwargs)

    return wrapped


def _gepland(view):
    """Pages that change a meeting's content exist only while it is planned; a held or cancelled one stays as it is."""

    @wraps(view)
    def wrapped(request, bijeenkomst, **kwargs):
        if bijeenkomst.status != Bijeenkomst.Status.GEPLAND:
            messages.error(
                request,
                _("Deze bijeenkomst is %(status)s en verandert niet meer.")
                % {"status": bijeenkomst.get_status_display().lower()},
            )
            return redirect("werkgroepen:bijeenkomst", pk=bijeenkomst.pk)
        return view(request, bijeenkomst, **kwargs)

    return wrapped


def _fout(request, fout: ValidationError) -> None:
    messages.error(request, " ".join(fout.messages))


def _opgeslagen(request, form, opslaan, *, geldig: bool | None = None):
    """A valid POST goes to the service (`opslaan`); its refusal lands on the form, so the page shows it with what was
    typed. Returns what the service returned, or None when nothing was saved."""
    if request.method != "POST" or not (form.is_valid() if geldig is None else geldig):
        return None
    try:
        return opslaan()
    except ValidationError as fout:
        form.add_error(None, fout)
        return None


@requires(is_lid)
@require_GET
def lijst(request):
    filterset = BijeenkomstFilter(request.GET, queryset=selectors.bijeenkomst_list(user=request.user))
    gefilterd = filterset.qs
    return render(
        request,
        "werkgroepen/bijeenkomsten/lijst.html",
        {
            "filter": filterset,
            "komend": selectors.bijeenkomsten_komend(gefilterd),
            "pagina": Paginator(selectors.bijeenkomsten_voorbij(gefilterd), PER_PAGINA).get_page(
                request.GET.get("pagina")
            ),
            "mag_plannen": mag_bijeenkomsten_plannen(request.user),
        },
    )


@requires(is_lid)
@require_GET
def detail(request, pk):
    bijeenkomst = selectors.bijeenkomst_get(user=request.user, pk=pk)
    mag_beheren = mag_bijeenkomst_beheren(request.user, bijeenkomst)
    return render(
        request,
        "werkgroepen/bijeenkomsten/detail.html",
        {
            "overzicht": selectors.bijeenkomst_overzicht(user=request.user, bijeenkomst=bijeenkomst),
            "bijeenkomst": bijeenkomst,
            "mag_beheren": mag_beheren,
            "overgangen": services.overgangen_vanuit(bijeenkomst) if mag_beheren else {},
        },
    )


def _bewaar(request, form, opslaan, *, bijeenkomst=None):
    opgeslagen = _opgeslagen(request, form, lambda: opslaan(form.gegevens()))
    if opgeslagen:
        messages.success(request, _("De bijeenkomst “%(titel)s” is opgeslagen.") % {"titel": opgeslagen.titel})
        return redirect("werkgroepen:bijeenkomst", pk=opgeslagen.pk)
    return render(request, "werkgroepen/bijeenkomsten/bewerken.html", {"form": form, "bijeenkomst": bijeenkomst})


@requires(mag_bijeenkomsten_plannen)
@require_http_methods(["GET", "POST"])
def nieuw(request):
    form = BijeenkomstForm(
        request.POST or None,
        werkgroepen=selectors.werkgroepen_voor_planning(user=request.user),
        kringbreed=request.user.is_beheerder,
    )
    return _bewaar(
        request,
        form,
        lambda gegevens: services.bijeenkomst_create(gegevens=gegevens, door=request.user, request=request),
    )


@requires(is_lid)
@require_http_methods(["GET", "POST"])
@_organisator
@_gepland
def bewerken(request, bijeenkomst):
    form = BijeenkomstForm(request.POST or None, instance=bijeenkomst)
    return _bewaar(
        request,
        form,
        lambda gegevens: services.bijeenkomst_update(
            bijeenkomst=bijeenkomst, gegevens=gegevens, door=request.user, request=request
        ),
        bijeenkomst=bijeenkomst,
    )


@requires(is_lid)
@require_http_methods(["GET", "POST"])
@_organisator
@_gepland
def agenda(request, bijeenkomst):
    form = AgendapuntForm(request.POST or None, prefix="nieuw")
    if _opgeslagen(
        request,
        form,
        lambda: services.agendapunt_create(
            bijeenkomst=bijeenkomst, **form.cleaned_data, door=request.user, request=request
        ),
    ):
        messages.success(request, _("Het agendapunt is toegevoegd."))
        return redirect("werkgroepen:bijeenkomst_agenda", pk=bijeenkomst.pk)
    vorige = selectors.vorige_bijeenkomst(bijeenkomst=bijeenkomst)
    return render(
        request,
        "werkgroepen/bijeenkomsten/agenda.html",
        {"bijeenkomst": bijeenkomst, "agenda": selectors.agenda(bijeenkomst=bijeenkomst, vorige=vorige), "form": form},
    )


def _agendapunt_van_organisator(request, pk):
    agendapunt = selectors.agendapunt_get(user=request.user, pk=pk)
    if not mag_bijeenkomst_beheren(request.user, agendapunt.bijeenkomst):
        raise PermissionDenied
    return agendapunt


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def agendapunt_bewerken(request, pk):
    agendapunt = _agendapunt_van_organisator(request, pk)
    form = AgendapuntForm(request.POST or None, instance=agendapunt)
    if _opgeslagen(
        request,
        form,
        lambda: services.agendapunt_update(
            agendapunt=agendapunt, **form.cleaned_data, door=request.user, request=request
        ),
    ):
        messages.success(request, _("Het agendapunt is opgeslagen."))
        return redirect("werkgroepen:bijeenkomst_agenda", pk=agendapunt.bijeenkomst_id)
    return render(request, "werkgroepen/bijeenkomsten/agendapunt.html", {"form": form, "agendapunt": agendapunt})


@requires(is_lid)
@require_POST
def agendapunt_verwijderen(request, pk):
    agendapunt = _agendapunt_van_organisator(request, pk)
    try:
        services.agendapunt_delete(agendapunt=agendapunt, door=request.user, request=request)
    except ValidationError as fout:
        _fout(request, fout)
    else:
        messages.success(request, _("Het agendapunt “%(titel)s” is verwijderd.") % {"titel": agendapunt.titel})
    return redirect("werkgroepen:bijeenkomst_agenda", pk=agendapunt.bijeenkomst_id)


@requires(is_lid)
@require_POST
def agendapunt_verplaatsen(request, pk):
    agendapunt = _agendapunt_van_organisator(request, pk)
    try:
        services.agendapunt_move(
            agendapunt=agendapunt, richting=request.POST.get("richting", ""), door=request.user, request=request
        )
    except ValidationError as fout:
        _fout(request, fout)
    return redirect("werkgroepen:bijeenkomst_agenda", pk=agendapunt.bijeenkomst_id)


@requires(is_lid)
@require_POST
def deelname(request, pk):
    bijeenkomst = selectors.bijeenkomst_get(user=request.user, pk=pk)
    status = request.POST.get("status", "")
    try:
        services.aanwezigheid_melden(bijeenkomst=bijeenkomst, gebruiker=request.user, status=status, request=request)
    except ValidationError as fout:
        _fout(request, fout)
    else:
        if status == "aangemeld":
            messages.success(request, _("U bent aangemeld. Tot dan!"))
        else:
            messages.success(request, _("U bent afgemeld. Jammer dat u er niet bij kunt zijn."))
    return redirect("werkgroepen:bijeenkomst", pk=bijeenkomst.pk)


@requires(is_lid)
@require_http_methods(["GET", "POST"])
@_organisator
@_gepland
def aanwezigheid(request, bijeenkomst):
    rijen = list(selectors.aanwezigheden(bijeenkomst=bijeenkomst))
    form = AanwezigheidForm(request.POST or None, aanwezigheden=rijen)
    if _opgeslagen(
        request,
        form,
        lambda: services.aanwezigheid_registreren(
            bijeenkomst=bijeenkomst, aanwezig=form.cleaned_data["aanwezig"], door=request.user, request=request
        ),
    ):
        messages.success(request, _("De aanwezigheid is vastgelegd."))
        return redirect("werkgroepen:bijeenkomst", pk=bijeenkomst.pk)
    return render(request, "werkgroepen/bijeenkomsten/aanwezigheid.html", {"bijeenkomst": bijeenkomst, "form": form})


@requires(is_lid)
@require_http_methods(["GET", "POST"])
@_organisator
@_gepland
def verslag(request, bijeenkomst):
    data = request.POST or None
    form = VerslagForm(data, instance=bijeenkomst)
    besluiten = BesluitFormSet(data, instance=bijeenkomst, prefix="besluiten")
    actiepunten = ActiepuntFormSet(data, instance=bijeenkomst, prefix="actiepunten")
    opgeslagen = _opgeslagen(
        request,
        form,
        lambda: services.verslag_opslaan(
            bijeenkomst=bijeenkomst,
            verslag=form.cleaned_data["verslag"],
            besluiten=besluiten.gegevens(),
            actiepunten=actiepunten.gegevens(),
            door=request.user,
            request=request,
        ),
        geldig=all([form.is_valid(), besluiten.is_valid(), actiepunten.is_valid()]),  # all: every error shows
    )
    if opgeslagen:
        messages.success(request, _("Het verslag is opgeslagen."))
        return redirect("werkgroepen:bijeenkomst", pk=bijeenkomst.pk)
    return render(
        request,
        "werkgroepen/bijeenkomsten/verslag.html",
        {"bijeenkomst": bijeenkomst, "form": form, "besluiten": besluiten, "actiepunten": actiepunten},
    )


@requires(is_lid)
@require_http_methods(["GET", "POST"])
@_organisator
def status(request, bijeenkomst, status):
    overgang = services.overgangen_vanuit(bijeenkomst).get(status)
    if overgang is None:
        messages.error(
            request,
            _("Deze bijeenkomst is %(status)s; die stap kan nu niet.")
            % {"status": bijeenkomst.get_status_display().lower()},
        )
        return redirect("werkgroepen:bijeenkomst", pk=bijeenkomst.pk)
    fouten = []
    if request.method == "POST":
        try:
            bijeenkomst = services.bijeenkomst_set_status(
                bijeenkomst=bijeenkomst, status=status, door=request.user, request=request
            )
        except ValidationError as fout:
            fouten = fout.messages
        else:
            messages.success(
                request,
                _("De bijeenkomst is nu %(status)s.") % {"status": bijeenkomst.get_status_display().lower()},
            )
            return redirect("werkgroepen:bijeenkomst", pk=bijeenkomst.pk)
    return render(
        request,
        "werkgroepen/bijeenkomsten/status.html",
        {"bijeenkomst": bijeenkomst, "overgang": overgang, "fouten": fouten},
    )


@requires(is_lid)
@require_GET
def mijn_actiepunten(request):
    eigen = selectors.actiepunt_list(user=request.user)
    return render(
        request,
        "werkgroepen/bijeenkomsten/actiepunten.html",
        {
            "open": selectors.actiepunten_open(eigen),
            "pagina": Paginator(selectors.actiepunten_gedaan(eigen), PER_PAGINA).get_page(request.GET.get("pagina")),
        },
    )


def _afvinken(request, pk, service, gelukt: str):
    actiepunt = selectors.actiepunt_get(user=request.user, pk=pk)
    if not mag_actiepunt_afvinken(request.user, actiepunt):
        raise PermissionDenied
    try:
        service(actiepunt=actiepunt, door=request.user, request=request)
    except ValidationError as fout:
        _fout(request, fout)
    else:
        messages.success(request, gelukt)
    # Back to where the button was: Mijn actiepunten or the meeting's page.
    if request.POST.get("terug") == "bijeenkomst":
        return redirect("werkgroepen:bijeenkomst", pk=actiepunt.bijeenkomst_id)
    return redirect("werkgroepen:actiepunten")


@requires(is_lid)
@require_POST
def actiepunt_gedaan(request, pk):
    return _afvinken(request, pk, services.actiepunt_done, _("Het actiepunt staat op gedaan."))


@requires(is_lid)
@require_POST
def actiepunt_heropenen(request, pk):
    return _afvinken(request, pk, services.actiepunt_reopen, _("Het actiepunt staat weer open."))
