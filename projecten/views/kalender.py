"""The public aanbestedingskalender with its feeds (CSV, iCalendar, JSON and the JSON Schema), following a project,
and a contractor's list of followed projects.

The kalender and the feeds are public: visitors and the feeds get only the public fields; members see more on the
page. A feed with a filter it cannot read answers 400 with the reason, rather than quietly ignoring the filter."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kring.exports import export_response
from kring.fragmenten import fragment
from kring.permissions import is_lid, requires
from projecten import feeds
from projecten.filters import KalenderFilter
from projecten.permissions import mag_project_volgen
from projecten.selectors import kalender as selectors
from projecten.services import kalender as services

PER_PAGINA = 50
# Public feeds change when a gemeente edits its planning: a few minutes' cache in between is fine.
FEED_CACHE = "public, max-age=300"


def _filterset(request, projecten) -> KalenderFilter:
    return KalenderFilter(request.GET, queryset=projecten, request=request)


@login_not_required
@require_GET
def kalender(request):
    # Built only when the cached fragment is missing (kring.fragmenten); per person, as it shows what they follow.
    filterset = SimpleLazyObject(lambda: _filterset(request, selectors.kalender_list(user=request.user)))
    feed_filters = request.GET.copy()
    feed_filters.pop("pagina", None)
    return render(
        request,
        "projecten/kalender/kalender.html",
        {
            "fragment": fragment(request, "kalender", ("kring", "projecten"), per_persoon=True),
            "filter": filterset,
            "pagina": SimpleLazyObject(
                lambda: Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
            ),
            "kwartalen": SimpleLazyObject(lambda: selectors.kalender_kwartalen(filterset.qs)),
            "is_lid": is_lid(request.user),
            "feed_query": feed_filters.urlencode(),
            "schema_velden": SimpleLazyObject(feeds.schema_velden),
            "voorbeeld": SimpleLazyObject(lambda: json.dumps(feeds.voorbeeld(), indent=2, ensure_ascii=False)),
        },
    )


def _feed(request, maak):
    """The public projects with the request's filters, handed to `maak`; 400 with the reasons for unreadable filters."""
    filterset = _filterset(request, selectors.kalender_publiek())
    if not filterset.is_valid():
        fouten = [
            " ".join(meldingen) if veld == NON_FIELD_ERRORS else f"{veld}: {' '.join(meldingen)}"
            for veld, meldingen in filterset.errors.items()
        ]
        return HttpResponseBadRequest(
            _("Deze filters kunnen wij niet lezen:") + "\n" + "\n".join(fouten),
            content_type="text/plain; charset=utf-8",
        )
    response = maak(filterset)
    response["Cache-Control"] = FEED_CACHE
    return response


@login_not_required
@require_GET
def kalender_csv(request):
    return _feed(
        request,
        lambda filterset: export_response(
            bestandsnaam=f"aanbestedingskalender-{timezone.localdate():%Y-%m-%d}",
            formaat="csv",
            koppen=feeds.CSV_KOPPEN,
            rijen=feeds.csv_rijen(filterset.qs),
        ),
    )


@login_not_required
@require_GET
def kalender_ics(request):
    def maak(filterset):
        response = HttpResponse(feeds.kalender_ics(filterset.qs), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="aanbestedingskalender.ics"'
        return response

    return _feed(request, maak)


def _json(inhoud: dict) -> JsonResponse:
    response = JsonResponse(inhoud, json_dumps_params={"ensure_ascii": False, "indent": 2})
    # Open data: other sites may read the feed and its schema in the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
def kalender_json(request):
    def maak(filterset):
        filters = {
            naam: str(waarde) for naam, waarde in filterset.form.data.items() if naam in filterset.filters and waarde
        }
        return _json(feeds.kalender_json(filterset.qs, filters=filters))

    return _feed(request, maak)


@login_not_required
@require_GET
def kalender_schema(request):
    response = _json(feeds.schema())
    response["Content-Type"] = "application/schema+json"
    response["Cache-Control"] = FEED_CACHE
    return response


def _terug(request) -> str:
    """Back to where the button was pressed (a page of this site), else the followed projects."""
    terug = request.POST.get("terug", "")
    # Only a path of this site: redirect() would read a bare word ("kalender") as the name of a view.
    if terug.startswith("/") and url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return terug
    return reverse("projecten:gevolgd")


@requires(mag_project_volgen)
@require_POST
def interesse(request, pk):
    project = selectors.project_volgbaar_get(user=request.user, pk=pk)
    fout = None
    try:
        gevolgd = services.interesse_toggle(project=project, gebruiker=request.user, request=request)
    except ValidationError as weigering:
        fout = " ".join(weigering.messages)
    if request.htmx:
        # The form swaps in place; its status text tells screen readers what happened.
        return render(
            request,
            "projecten/kalender/_interesse_antwoord.html",
            {"project": project, "terug": _terug(request), "fout": fout},
        )
    if fout:
        messages.error(request, fout)
    elif gevolgd:
        messages.success(
            request,
            _("U volgt nu %(project)s. U krijgt bericht als het kwartaal, de fase of de zekerheid verandert.")
            % {"project": project},
        )
    else:
        messages.success(request, _("U volgt %(project)s niet meer.") % {"project": project})
    return redirect(_terug(request))


@requires(mag_project_volgen)
@require_GET
def gevolgd(request):
    pagina = Paginator(selectors.gevolgd_list(user=request.user), PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "projecten/kalender/gevolgd.html", {"pagina": pagina})
