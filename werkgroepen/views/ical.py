"""The calendar: a meeting as an .ics file, the page of a member's secret feed address, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from kring.herinneringen import absolute_url
from kring.permissions import is_lid, requires
from werkgroepen import ical
from werkgroepen.permissions import mag_agendafeed_hebben
from werkgroepen.selectors import ical as selectors
from werkgroepen.selectors.bijeenkomsten import bijeenkomst_get
from werkgroepen.services import ical as services

# The feed page shows this many of the coming meetings the feed holds.
KOMEND_OP_PAGINA = 10


def _ics(inhoud: bytes, *, bestandsnaam: str, bijlage: bool) -> HttpResponse:
    response = HttpResponse(inhoud, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if bijlage else "inline"}; filename="{bestandsnaam}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@requires(is_lid)
@require_GET
def bijeenkomst_ics(request, pk):
    bijeenkomst = bijeenkomst_get(user=request.user, pk=pk)
    # PUBLISH: a file to import, not an invitation to answer.
    return _ics(
        ical.bijeenkomst_ics(bijeenkomst, methode="PUBLISH"), bestandsnaam=f"bijeenkomst-{pk}.ics", bijlage=True
    )


@requires(mag_agendafeed_hebben)
@require_http_methods(["GET", "POST"])
@never_cache  # the page shows the secret address
def agendafeed(request):
    if request.method == "POST":
        if request.POST.get("actie") == "intrekken":
            services.agendafeed_delete(gebruiker=request.user, request=request)
            messages.success(
                request, _("Uw agenda-adres is ingetrokken. Agenda's die het gebruikten, krijgen niets meer.")
            )
        else:
            services.agendafeed_renew(gebruiker=request.user, request=request)
            messages.success(
                request, _("Uw nieuwe agenda-adres staat hieronder. Een eerder adres werkt vanaf nu niet meer.")
            )
        return redirect("werkgroepen:agendafeed")
    feed = selectors.agendafeed_van(user=request.user)
    context = {
        "feed": feed,
        "komend": selectors.feed_bijeenkomsten(gebruiker=request.user).filter(einde__gte=timezone.now())[
            :KOMEND_OP_PAGINA
        ],
    }
    if feed is not None:
        pad = reverse("werkgroepen:agendafeed_ics", kwargs={"token": feed.token})
        context["feed_url"] = absolute_url(pad)
        # webcal: makes Apple Calendar and Outlook offer to subscribe instead of downloading once.
        context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
    return render(request, "werkgroepen/ical/agendafeed.html", context)


@login_not_required
@require_GET
def agendafeed_ics(request, token):
    feed = selectors.agendafeed_get(token=token)
    inhoud = ical.agenda_ics(
        selectors.feed_bijeenkomsten(gebruiker=feed.gebruiker), naam=_("Kringportaal: mijn bijeenkomsten")
    )
    return _ics(inhoud, bestandsnaam="kringportaal.ics", bijlage=False)
