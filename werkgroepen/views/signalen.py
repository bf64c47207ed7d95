"""Pages of the klaagpaal and the hulpvragen: the list, raising an item, an item with its answer, and the handlers'
status, answer and "put on the agenda"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.permissions import is_lid, requires
from werkgroepen.filters import SignaalFilter
from werkgroepen.forms.signalen import SignaalAntwoordForm, SignaalForm, SignaalStatusForm
from werkgroepen.permissions import mag_signaal_behandelen, mag_signaal_indienen
from werkgroepen.selectors import signalen as selectors
from werkgroepen.services import signalen as services

PER_PAGINA = 25


@requires(is_lid)
@require_GET
def lijst(request):
    filterset = SignaalFilter(request.GET, queryset=selectors.signaal_list(user=request.user))
    pagina = Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "werkgroepen/signalen/lijst.html", {"filter": filterset, "pagina": pagina})


@requires(mag_signaal_indienen)
@require_http_methods(["GET", "POST"])
def nieuw(request):
    form = SignaalForm(request.POST or None, initial={"soort": request.GET.get("soort")})
    if request.method == "POST" and form.is_valid():
        try:
            signaal = services.signaal_create(indiener=request.user, request=request, **form.cleaned_data)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            if signaal.indiener_id is None:
                # Back to the list, with a message that names nothing: the item's own address would tie this
                # session to it.
                messages.success(request, _("Dank u wel. Uw melding staat anoniem op de klaagpaal."))
                return redirect("werkgroepen:signalen")
            messages.success(request, _("Dank u wel. Uw melding staat op de klaagpaal."))
            return redirect("werkgroepen:signaal", pk=signaal.pk)
    return render(request, "werkgroepen/signalen/nieuw.html", {"form": form})


def _detail(request, signaal, *, status_form=None, antwoord_form=None):
    """The item's page; for a handler also the forms, after a refused change with its errors."""
    context = {"signaal": signaal, "mag_behandelen": mag_signaal_behandelen(request.user, signaal)}
    if context["mag_behandelen"]:
        context |= {
            "status_form": status_form or SignaalStatusForm(signaal=signaal),
            "antwoord_form": antwoord_form or SignaalAntwoordForm(initial={"antwoord": signaal.antwoord}),
            "mag_op_agenda": services.mag_op_agenda(signaal),
        }
    return render(request, "werkgroepen/signalen/detail.html", context)


@requires(is_lid)
@require_GET
def detail(request, pk):
    return _detail(request, selectors.signaal_get(user=request.user, pk=pk))


def _te_behandelen(request, pk):
    """The item, for its handlers only: other members see it, but may not change it (403)."""
    signaal = selectors.signaal_get(user=request.user, pk=pk)
    if not mag_signaal_behandelen(request.user, signaal):
        raise PermissionDenied
    return signaal


def _behandel(request, signaal, form, *, formulier: str, service, melding: str):
    """A handler's form for `service`: back to the item with `melding`, or the page again with the form's errors."""
    if form.is_valid():
        try:
            service(signaal=signaal, door=request.user, request=request, **form.cleaned_data)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, melding)
            return redirect("werkgroepen:signaal", pk=signaal.pk)
    return _detail(request, signaal, **{formulier: form})


@requires(is_lid)
@require_POST
def status(request, pk):
    signaal = _te_behandelen(request, pk)
    return _behandel(
        request,
        signaal,
        SignaalStatusForm(request.POST, signaal=signaal),
        formulier="status_form",
        service=services.signaal_set_status,
        melding=_("De status is gewijzigd."),
    )


@requires(is_lid)
@require_POST
def antwoord(request, pk):
    return _behandel(
        request,
        _te_behandelen(request, pk),
        SignaalAntwoordForm(request.POST),
        formulier="antwoord_form",
        service=services.signaal_answer,
        melding=_("Het antwoord is opgeslagen; alle leden kunnen het lezen."),
    )


@requires(is_lid)
@require_POST
def agenderen(request, pk):
    signaal = _te_behandelen(request, pk)
    try:
        agendapunt = services.signaal_put_on_agenda(signaal=signaal, door=request.user, request=request)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request, _("Het item staat op de agenda van %(bijeenkomst)s.") % {"bijeenkomst": agendapunt.bijeenkomst}
        )
    return redirect("werkgroepen:signaal", pk=signaal.pk)
