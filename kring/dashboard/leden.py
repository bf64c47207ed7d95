"""The dashboard's section on membership: the balance of gemeenten and opdrachtnemers at the period's end
(organisations that are members then, and their active people), the organisations that joined in the period and
those whose membership ended in it. Two queries: one aggregate, and the joiners and leavers by name."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kring.charts import Reeks, staafgrafiek
from kring.dashboard import Periode, Sectie
from kring.dashboard.werkgroepen import peildatum
from kring.models import Organisatie, User
from kring.permissions import is_lid

Soort = Organisatie.Soort


def lid_op(datum) -> Q:
    """Member organisations on `datum`: approved, joined on or before it, not yet left."""
    return Q(lid_sinds__isnull=False, lid_sinds__lte=datum) & (Q(lid_tot__isnull=True) | Q(lid_tot__gte=datum))


def nieuw_in(periode: Periode) -> Q:
    return Q(lid_sinds__gte=periode.begin, lid_sinds__lte=periode.eind)


def vertrokken_in(periode: Periode) -> Q:
    return Q(lid_tot__gte=periode.begin, lid_tot__lte=periode.eind)


def leden_cijfers(periode: Periode) -> dict[str, dict[str, int]]:
    """Per soort (and "totaal"): organisaties (members at the reference date: the period's end, or today while it
    runs), personen (their active people now), nieuw and vertrokken (organisations). One aggregate query."""
    lid = lid_op(peildatum(periode))
    actief = Q(medewerkers__status=User.Status.ACTIEF)
    velden = {}
    for soort in [*Soort.values, "totaal"]:
        van_soort = Q(soort=soort) if soort != "totaal" else Q()
        velden |= {
            f"{soort}__organisaties": Count("pk", distinct=True, filter=lid & van_soort),
            f"{soort}__personen": Count("medewerkers", distinct=True, filter=lid & van_soort & actief),
            f"{soort}__nieuw": Count("pk", distinct=True, filter=nieuw_in(periode) & van_soort),
            f"{soort}__vertrokken": Count("pk", distinct=True, filter=vertrokken_in(periode) & van_soort),
        }
    uitkomst = Organisatie.objects.aggregate(**velden)
    cijfers: dict[str, dict[str, int]] = {}
    for sleutel, waarde in uitkomst.items():
        soort, naam = sleutel.split("__")
        cijfers.setdefault(soort, {})[naam] = waarde
    return cijfers


def wisselingen(periode: Periode) -> tuple[list[Organisatie], list[Organisatie]]:
    """The organisations that joined and those that left in the period, by name (one query)."""
    organisaties = list(
        Organisatie.objects.filter(lid_sinds__isnull=False)
        .filter(nieuw_in(periode) | vertrokken_in(periode))
        .order_by("naam", "pk")
    )
    nieuw = [o for o in organisaties if periode.begin <= o.lid_sinds <= periode.eind]
    vertrokken = [o for o in organisaties if o.lid_tot and periode.begin <= o.lid_tot <= periode.eind]
    return nieuw, vertrokken


def grafiek(cijfers, soorten):
    labels = [_("Organisaties"), _("Actieve personen")]
    omschrijving = " ".join(
        [
            _("Verhouding in de kring aan het einde van de periode, per soort organisatie.")
            + " "
            + "; ".join(
                _("%(soort)s: %(organisaties)s organisaties en %(personen)s actieve personen")
                % {"soort": label, **cijfers[soort]}
                for soort, label in soorten
            )
            + ".",
            _("De cijfers staan in de tabel bij de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id="grafiek-leden",
        titel=_("Balans gemeenten en opdrachtnemers"),
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[
            Reeks(label, [cijfers[soort]["organisaties"], cijfers[soort]["personen"]]) for soort, label in soorten
        ],
        breedte=480,
    )


def sectie(*, user, periode: Periode) -> Sectie | None:
    if not is_lid(user):
        return None
    cijfers = leden_cijfers(periode)
    nieuw, vertrokken = wisselingen(periode)
    soorten = [
        (soort.value, soort.label) for soort in Soort if soort != Soort.OVERIG or cijfers[soort]["organisaties"]
    ]
    leden_url = reverse("kring:leden")
    return Sectie(
        sleutel="leden",
        titel=_("Leden van de kring"),
        template="kring/stuurgroep/secties/leden.html",
        context={
            "cijfers": cijfers,
            "peildatum": peildatum(periode),
            "rijen": [
                (
                    label,
                    cijfers[soort],
                    f"{leden_url}?{urlencode({'soort': soort, 'lidmaatschap': 'lopend'})}",
                    f"{reverse('kring:leden_personen')}?{urlencode({'soort': soort})}",
                )
                for soort, label in soorten
            ],
            "nieuw": nieuw,
            "vertrokken": vertrokken,
            "leden_url": leden_url,
            "grafiek": grafiek(cijfers, soorten) if cijfers["totaal"]["organisaties"] else None,
        },
    )
