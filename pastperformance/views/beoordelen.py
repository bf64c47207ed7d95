"""The rating page: the responsible rater fills in the questionnaire of their side, saves drafts and submits; colleagues
of the same organisation read along. Everyone else gets 404 (the selectors decide)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kring.forms import fouten_op_formulier
from kring.markdown import render_markdown
from pastperformance.forms.beoordelen import INDIENEN, BeoordelingForm
from pastperformance.models import BEOORDELAAR_KANT, Beoordelingsronde
from pastperformance.permissions import mag_beoordeling_invullen
from pastperformance.selectors.beoordelingen import beoordeling_voor_invullen
from pastperformance.selectors.rondes import ronde_get
from pastperformance.services.beoordelen import beoordeling_bewaar


@require_http_methods(["GET", "POST"])
def beoordelen(request, pk, richting):
    ronde = ronde_get(user=request.user, pk=pk)
    beoordeling = beoordeling_voor_invullen(user=request.user, ronde=ronde, richting=richting)
    mag_invullen = mag_beoordeling_invullen(request.user, beoordeling)
    bewerkbaar = mag_invullen and ronde.status == Beoordelingsronde.Status.OPEN and not beoordeling.is_ingediend
    form = BeoordelingForm(request.POST if request.method == "POST" else None, beoordeling=beoordeling)
    if request.method == "POST":
        if not mag_invullen:
            raise PermissionDenied
        indienen = request.POST.get("actie") == INDIENEN
        if form.is_valid():
            try:
                beoordeling_bewaar(
                    beoordeling=beoordeling,
                    scores=form.scores(),
                    algemene_toelichting=form.cleaned_data["algemene_toelichting"],
                    indienen=indienen,
                    door=request.user,
                    request=request,
                )
            except ValidationError as fout:
                fouten_op_formulier(form, fout)
            else:
                return _na_bewaren(request, ronde, beoordeling, indienen)
    return render(
        request,
        "pastperformance/beoordelen/beoordelen.html",
        {
            "ronde": ronde,
            "plan": ronde.plan,
            "beoordeling": beoordeling,
            "form": form,
            "velden": form.criteriumvelden(),
            "foutoverzicht": form.foutoverzicht() if form.is_bound else [],
            "bewerkbaar": bewerkbaar,
            "mag_invullen": mag_invullen,
            "toelichting": render_markdown(beoordeling.vragenlijst.toelichting, kop_niveau=3),
            "heeft_nvt": any(criterium.nvt_toegestaan for criterium in form.criteria),
            "beoordelaar_naam": "" if mag_invullen else _verantwoordelijke(ronde.plan, beoordeling).naam,
        },
    )


def _verantwoordelijke(plan, beoordeling):
    """The responsible rater, named to their colleagues (who read along): within one organisation names are fine."""
    return plan.beoordelaar_og if BEOORDELAAR_KANT[beoordeling.richting] == "og" else plan.beoordelaar_on


def _na_bewaren(request, ronde, beoordeling, indienen: bool):
    if not indienen:
        messages.success(request, _("Uw concept is bewaard. U kunt later verder gaan; niemand anders ziet het nog."))
        return redirect("pastperformance:beoordelen", pk=ronde.pk, richting=beoordeling.richting)
    ronde.refresh_from_db(fields=["status", "onthuld_op"])
    if ronde.is_onthuld:
        messages.success(
            request,
            _("Uw beoordeling is ingediend. Alle beoordelingen zijn nu binnen: de ronde is onthuld."),
        )
    else:
        messages.success(
            request,
            _(
                "Uw beoordeling is ingediend. De andere partij ziet haar na de onthulling: als alle beoordelingen "
                "binnen zijn, uiterlijk op %(datum)s."
            )
            % {"datum": f"{ronde.onthulling_uiterlijk:%d-%m-%Y}"},
        )
    return redirect(ronde)
