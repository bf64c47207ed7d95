"""Pages of the spreiding: the load per quarter beside the contractors' werkvoorraad, the form on which a contractor
reports its werkvoorraad, and the spreidingsvoorstel that a gemeente adopts move by move."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kring.charts import Reeks, Referentielijn, euro, samenvatting, staafgrafiek
from kring.permissions import requires
from projecten.filters import SpreidingFilter
from projecten.forms.spreiding import OvernemenForm, VoorstelForm, WeergaveForm, WerkvoorraadForm
from projecten.kwartalen import kwartaal_label, kwartaal_nummer
from projecten.permissions import mag_projecten_beheren, mag_projecten_zien, mag_werkvoorraad_melden
from projecten.selectors import spreiding as selectors
from projecten.selectors.projecten import project_voor_bewerken
from projecten.services import spreiding as services


def grafieklabel(kwartaal) -> str:
    return f"K{kwartaal_nummer(kwartaal)}\n{kwartaal.year}"


def opmaak_voor(maat: str):
    return euro if maat == "waarde" else str


def maanden(waarde) -> str:
    return f"{number_format(waarde, decimal_pos=1, use_l10n=True)} mnd"


def _periode(kwartalen) -> str:
    return _("%(van)s tot en met %(tot)s") % {
        "van": kwartaal_label(kwartalen[0]),
        "tot": kwartaal_label(kwartalen[-1]),
    }


def _kwartalen_tekst(kwartalen) -> str:
    return ", ".join(kwartaal_label(kwartaal) for kwartaal in kwartalen) or _("geen")


def belasting_grafiek(spreiding: selectors.Spreiding, verdeling_label: str):
    opmaak = opmaak_voor(spreiding.maat)
    labels = [grafieklabel(rij.kwartaal) for rij in spreiding.kwartalen]
    omschrijving = " ".join(
        [
            _("%(maat)s per kwartaal van aanbesteding, %(periode)s, gestapeld naar %(verdeling)s.")
            % {
                "maat": selectors.MATEN[spreiding.maat],
                "periode": _periode([rij.kwartaal for rij in spreiding.kwartalen]),
                "verdeling": verdeling_label.lower(),
            },
            samenvatting(labels, [rij.belasting for rij in spreiding.kwartalen], opmaak),
            _("Leeg: %(leeg)s. Overbelast: %(druk)s.")
            % {
                "leeg": _kwartalen_tekst([rij.kwartaal for rij in spreiding.kwartalen if rij.leeg]),
                "druk": _kwartalen_tekst([rij.kwartaal for rij in spreiding.kwartalen if rij.overbelast]),
            },
            _("De cijfers staan in de tabel onder de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id="grafiek-belasting",
        titel=_("Belasting per kwartaal"),
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[
            Reeks(label, [rij.per_groep[index] for rij in spreiding.kwartalen])
            for index, (_groep, label) in enumerate(spreiding.groepen)
        ],
        opmaak=opmaak,
        annotaties=[_("leeg") if rij.leeg else _("druk") if rij.overbelast else "" for rij in spreiding.kwartalen],
        referentielijnen=[
            Referentielijn(spreiding.gemiddelde, _("gemiddelde")),
            Referentielijn(spreiding.grens, _("grens overbelast")),
        ]
        if spreiding.gemiddelde
        else [],
    )


def werkvoorraad_grafiek(cijfers: list[selectors.Werkvoorraadcijfers]):
    labels = [grafieklabel(rij.kwartaal) for rij in cijfers]
    voldoende = [rij for rij in cijfers if rij.voldoende]
    omschrijving = " ".join(
        [
            _("Gemiddelde werkvoorraad van de opdrachtnemers in maanden per kwartaal, %(periode)s.")
            % {"periode": _periode([rij.kwartaal for rij in cijfers])},
            samenvatting(
                [grafieklabel(rij.kwartaal) for rij in voldoende], [rij.gemiddelde for rij in voldoende], maanden
            )
            if voldoende
            else "",
            _("Te weinig meldingen om iets te tonen: %(kwartalen)s.")
            % {"kwartalen": _kwartalen_tekst([rij.kwartaal for rij in cijfers if not rij.voldoende])},
            _("De cijfers staan in de tabel onder de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id="grafiek-werkvoorraad",
        titel=_("Werkvoorraad van de opdrachtnemers"),
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[Reeks(_("Gemiddelde werkvoorraad"), [rij.gemiddelde or 0.0 for rij in cijfers])],
        opmaak=maanden,
        annotaties=["" if rij.voldoende else _("te weinig") for rij in cijfers],
    )


@requires(mag_projecten_zien)
@require_GET
def overzicht(request):
    kwartalen = selectors.horizon()
    filterset = SpreidingFilter(
        request.GET, queryset=selectors.spreiding_projecten(user=request.user), request=request
    )
    weergave = WeergaveForm(request.GET)
    verdeling = weergave.keuze("verdeling")
    spreiding = selectors.spreiding_overzicht(
        projecten=filterset.qs, verdeling=verdeling, maat=weergave.keuze("maat"), kwartalen=kwartalen
    )
    werkvoorraad = selectors.werkvoorraad_overzicht(user=request.user, kwartalen=kwartalen)
    verdeling_label = dict(weergave.fields["verdeling"].choices)[verdeling]
    return render(
        request,
        "projecten/spreiding/overzicht.html",
        {
            "filter": filterset,
            "weergave": weergave,
            "periode": _periode(kwartalen),
            "spreiding": spreiding,
            "verdeling_label": verdeling_label,
            "maat_label": selectors.MATEN[spreiding.maat],
            "grafiek": belasting_grafiek(spreiding, verdeling_label),
            "werkvoorraad_grafiek": werkvoorraad_grafiek(werkvoorraad),
            "rijen": zip(spreiding.kwartalen, werkvoorraad, strict=True),
            "overbelast_procent": selectors.OVERBELAST_PROCENT,
            "minimum_meldingen": selectors.MINIMUM_MELDINGEN,
            "minimum_voor_mediaan": selectors.MINIMUM_VOOR_MEDIAAN,
            "mag_melden": mag_werkvoorraad_melden(request.user),
            "mag_voorstel": mag_projecten_beheren(request.user),
        },
    )


@requires(mag_werkvoorraad_melden)
@require_http_methods(["GET", "POST"])
def werkvoorraad(request):
    kwartalen = selectors.horizon()
    eigen = selectors.werkvoorraad_eigen(user=request.user, kwartalen=kwartalen)
    form = WerkvoorraadForm(request.POST or None, kwartalen=kwartalen, eigen=eigen)
    if request.method == "POST" and form.is_valid():
        try:
            services.werkvoorraad_set(
                organisatie=request.user.organisatie, door=request.user, waarden=form.waarden(), request=request
            )
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(
                request, _("De werkvoorraad van %(bedrijf)s is opgeslagen.") % {"bedrijf": request.user.organisatie}
            )
            return redirect("projecten:werkvoorraad")
    return render(
        request,
        "projecten/spreiding/werkvoorraad.html",
        {"form": form, "minimum_meldingen": selectors.MINIMUM_MELDINGEN, "maximum": services.MAXIMUM_MAANDEN},
    )


def voorstel_grafiek(grafiek_id: str, titel: str, kwartalen, belasting, maat: str, schaal_minimaal, meting):
    opmaak = opmaak_voor(maat)
    labels = [grafieklabel(kwartaal) for kwartaal in kwartalen]
    omschrijving = " ".join(
        [
            _("%(maat)s per kwartaal van aanbesteding, %(periode)s.")
            % {"maat": selectors.MATEN[maat], "periode": _periode(kwartalen)},
            samenvatting(labels, belasting, opmaak),
            _("Standaardafwijking %(afwijking)s; verschil tussen het drukste en het rustigste kwartaal %(verschil)s.")
            % {"afwijking": opmaak(round(meting.standaardafwijking)), "verschil": opmaak(meting.verschil)},
        ]
    )
    return staafgrafiek(
        grafiek_id=grafiek_id,
        titel=titel,
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[Reeks(titel, belasting)],
        opmaak=opmaak,
        schaal_minimaal=schaal_minimaal,
        breedte=480,
        totalen_tonen=False,  # too narrow for them; the table below has the figures
    )


def _keuzes(gemeente, maat) -> dict:
    """The voorstel's choices as they travel in the address and in the adoption forms."""
    return {"maat": maat, **({"gemeente": gemeente.pk} if gemeente is not None else {})}


@requires(mag_projecten_beheren)
@require_GET
def voorstel(request):
    form = VoorstelForm(request.GET or None, kies_gemeente=request.user.is_beheerder)
    gemeente, maat = form.keuzes()
    kwartalen = selectors.horizon()
    pagina = selectors.voorstel_maken(user=request.user, gemeente=gemeente, maat=maat, kwartalen=kwartalen)
    uitkomst, opmaak = pagina.voorstel, opmaak_voor(maat)
    hoogste = max(uitkomst.belasting_voor + uitkomst.belasting_na)
    return render(
        request,
        "projecten/spreiding/voorstel.html",
        {
            "form": form,
            "gemeente": selectors.voorstel_gemeente(user=request.user, gemeente=gemeente),
            "keuzes": _keuzes(gemeente, maat),
            "maat_label": selectors.MATEN[maat],
            "pagina": pagina,
            "rijen": [
                (kwartaal, opmaak(voor), opmaak(na))
                for kwartaal, voor, na in zip(kwartalen, uitkomst.belasting_voor, uitkomst.belasting_na, strict=True)
            ],
            "afwijking": (
                opmaak(round(uitkomst.voor.standaardafwijking)),
                opmaak(round(uitkomst.na.standaardafwijking)),
            ),
            "verschil": (opmaak(uitkomst.voor.verschil), opmaak(uitkomst.na.verschil)),
            "grafiek_voor": voorstel_grafiek(
                "grafiek-voor", _("Nu"), kwartalen, uitkomst.belasting_voor, maat, hoogste, uitkomst.voor
            ),
            "grafiek_na": voorstel_grafiek(
                "grafiek-na", _("Met het voorstel"), kwartalen, uitkomst.belasting_na, maat, hoogste, uitkomst.na
            ),
        },
    )


@requires(mag_projecten_beheren)
@require_POST
def overnemen(request, project_pk):
    project = project_voor_bewerken(user=request.user, pk=project_pk)
    form = OvernemenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(fout for fouten in form.errors.values() for fout in fouten))
    else:
        try:
            services.spreiding_overnemen(
                project=project, naar=form.cleaned_data["naar"], door=request.user, request=request
            )
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(
                request,
                _(
                    "%(project)s gaat nu in %(kwartaal)s in de aanbesteding. De wijziging staat in de geschiedenis "
                    "van het project."
                )
                % {"project": project, "kwartaal": kwartaal_label(form.cleaned_data["naar"])},
            )
    gemeente, maat = VoorstelForm(request.POST, kies_gemeente=request.user.is_beheerder).keuzes()
    return redirect(f"{reverse('projecten:spreidingsvoorstel')}?{urlencode(_keuzes(gemeente, maat))}")
