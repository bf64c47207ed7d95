from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kring.forms.herinneringen import HerinneringVoorkeurenForm
from kring.permissions import is_lid, requires
from kring.selectors import herinneringen as selectors
from kring.services import herinneringen as services


@requires(is_lid)
@require_http_methods(["GET", "POST"])
def herinneringen(request):
    """Mijn herinneringen: how often each kind comes, and what was sent."""
    form = HerinneringVoorkeurenForm(
        request.POST or None, voorkeuren=selectors.herinneringvoorkeuren(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            gewijzigd = services.herinneringvoorkeuren_set(
                gebruiker=request.user, keuzes=form.cleaned_data, request=request
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(request, _("Uw keuzes zijn opgeslagen.") if gewijzigd else _("Er was niets gewijzigd."))
            return redirect("kring:herinneringen")
    pagina = Paginator(selectors.herinnering_list(user=request.user), 20).get_page(request.GET.get("pagina"))
    return render(request, "kring/herinneringen/mijn.html", {"form": form, "pagina": pagina})
