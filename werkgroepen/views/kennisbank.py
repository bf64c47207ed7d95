"""Pages of the kennisbank: search with facets, an item, writing and editing, attachments, the "nuttig" vote.

Visitors see the openbare items. A visitor who follows a link to any other item (or attachment) is asked to log in,
whether it exists or not; a member who may not see it gets 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.fragmenten import fragment
from kring.permissions import is_lid, requires
from werkgroepen.forms.kennisbank import KennisitemForm
from werkgroepen.models import Kennisitem
from werkgroepen.permissions import mag_kennis_delen, mag_kennisitem_bewerken
from werkgroepen.selectors import kennisbank as selectors
from werkgroepen.services import kennisbank as services


def _bezoeker_inloggen(view):
    """For a visitor, an item they may not see means: log in first (no difference between hidden and missing)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return wrapped


@login_not_required
@require_GET
def kennisbank(request):
    # Searched only when the cached fragment is missing (kring.fragmenten); per person, as what one may read depends
    # on one's werkgroepen.
    zoekresultaten = SimpleLazyObject(
        lambda: selectors.kennisbank_zoeken(user=request.user, params=request.GET, pagina=request.GET.get("pagina"))
    )
    return render(
        request,
        "werkgroepen/kennisbank/zoeken.html",
        {
            "fragment": fragment(request, "kennisbank", ("kring", "werkgroepen"), per_persoon=True),
            "zoek": zoekresultaten,
            "pagina": SimpleLazyObject(lambda: zoekresultaten.pagina),
            "mag_delen": mag_kennis_delen(request.user),
        },
    )


@login_not_required
@_bezoeker_inloggen
@require_GET
def kennisitem(request, pk):
    item = selectors.kennisitem_get(user=request.user, pk=pk)
    services.kennisitem_register_view(kennisitem=item, door=request.user, sessie=request.session)
    mag_bewerken = mag_kennisitem_bewerken(request.user, item)
    return render(
        request,
        "werkgroepen/kennisbank/item.html",
        {
            "kennisitem": item,
            "gerelateerd": selectors.kennisitem_gerelateerd(user=request.user, kennisitem=item),
            "nuttig_gestemd": selectors.heeft_nuttig_gestemd(user=request.user, kennisitem=item),
            "mag_stemmen": mag_kennis_delen(request.user) and item.auteur_id != request.user.pk,
            "praktijk": selectors.praktijkdelen(item),
            "mag_bewerken": mag_bewerken,
            "te_herzien": mag_bewerken and item.herzien_voor is not None and item.herzien_voor < timezone.localdate(),
            "is_lid": is_lid(request.user),
        },
    )


def _bewerk(request, item):
    form = KennisitemForm(request.POST or None, request.FILES or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if item.pk is None:
                item = services.kennisitem_create(
                    inhoud=form.inhoud(), bijlagen=form.cleaned_data["bijlagen"], door=request.user, request=request
                )
            else:
                item = services.kennisitem_update(
                    kennisitem=item,
                    inhoud=form.inhoud(),
                    bijlagen=form.cleaned_data["bijlagen"],
                    bijlagen_weg=form.cleaned_data.get("bijlagen_weg", []),
                    door=request.user,
                    request=request,
                )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("‘%(titel)s’ is opgeslagen.") % {"titel": item.titel})
            return redirect(item)
    return render(request, "werkgroepen/kennisbank/bewerken.html", {"form": form, "kennisitem": item})


@requires(mag_kennis_delen)
@require_http_methods(["GET", "POST"])
def kennisitem_nieuw(request):
    return _bewerk(request, Kennisitem())


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def kennisitem_bewerken(request, pk):
    return _bewerk(request, selectors.kennisitem_bewerkbaar_get(user=request.user, pk=pk))


@requires(mag_kennis_delen)
@require_POST
def kennisitem_nuttig(request, pk):
    item = selectors.kennisitem_get(user=request.user, pk=pk)
    try:
        nuttig = services.kennisitem_toggle_nuttig(kennisitem=item, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("U vindt dit item nuttig; dank u wel.") if nuttig else _("Uw stem ‘nuttig’ is ingetrokken."),
        )
    return redirect(item)


@login_not_required
@_bezoeker_inloggen
@never_cache
@require_GET
def bijlage(request, pk):
    bijlage = selectors.bijlage_get(user=request.user, pk=pk)
    response = FileResponse(
        bijlage.bestand.open("rb"), as_attachment=True, filename=bijlage.naam, content_type=bijlage.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
