"""The dashboard's section on the klaagpaal and the hulpvragen: per soort the items still open (not opgevolgd) at the
period's end and the new ones raised in the period, by status. Items keep their current status only: "open at the
period's end" counts the items raised by then whose status is not opgevolgd now. One GROUP BY query."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kring.charts import Reeks, staafgrafiek
from kring.dashboard import Periode, Sectie
from kring.permissions import is_lid
from werkgroepen.models import Signaal
from werkgroepen.selectors.signalen import signaal_list

Status = Signaal.Status
Soort = Signaal.Soort


def signalen_cijfers(*, user, periode: Periode) -> dict[str, dict]:
    """Per soort: "per_status" {status: (tot en met het einde, nieuw in de periode)}, "open" (raised by the period's
    end, not opgevolgd) and "nieuw" (raised in the period). One query, over the items `user` may see."""
    rijen = (
        signaal_list(user=user)
        .order_by()
        .values("soort", "status")
        .annotate(
            tot_einde=Count("pk", filter=Q(ingediend_op__lte=periode.eind)),
            nieuw=Count("pk", filter=Q(ingediend_op__gte=periode.begin, ingediend_op__lte=periode.eind)),
        )
    )
    cijfers = {
        soort: {"per_status": {status: [0, 0] for status in Status.values}, "open": 0, "nieuw": 0}
        for soort in Soort.values
    }
    for rij in rijen:
        soort = cijfers[rij["soort"]]
        soort["per_status"][rij["status"]] = [rij["tot_einde"], rij["nieuw"]]
        soort["nieuw"] += rij["nieuw"]
        if rij["status"] != Status.OPGEVOLGD:
            soort["open"] += rij["tot_einde"]
    return cijfers


def _lijst_url(**filters) -> str:
    return f"{reverse('werkgroepen:signalen')}?{urlencode(filters)}"


def grafiek(cijfers, periode: Periode):
    open_statussen = [status for status in Status if status != Status.OPGEVOLGD]
    labels = [str(status.label) for status in open_statussen]
    omschrijving = " ".join(
        [
            _("Open klaagpaalitems en hulpvragen aan het einde van %(periode)s per status, gestapeld naar soort.")
            % {"periode": periode.label},
            "; ".join(
                _("%(soort)s: %(open)s open, %(nieuw)s nieuw in de periode")
                % {"soort": soort.label, "open": cijfers[soort]["open"], "nieuw": cijfers[soort]["nieuw"]}
                for soort in Soort
            )
            + ".",
            _("De cijfers staan in de tabel bij de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id="grafiek-klaagpaal",
        titel=_("Open klaagpaal en hulpvragen per status"),
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[
            Reeks(str(soort.label), [cijfers[soort]["per_status"][status][0] for status in open_statussen])
            for soort in Soort
        ],
        breedte=480,
    )


def sectie(*, user, periode: Periode) -> Sectie | None:
    if not is_lid(user):
        return None
    cijfers = signalen_cijfers(user=user, periode=periode)
    rijen = [
        {
            "soort": soort,
            "open": cijfers[soort]["open"],
            "nieuw": cijfers[soort]["nieuw"],
            "url": _lijst_url(soort=soort.value),
        }
        for soort in Soort
    ]
    tabel = [
        (
            status,
            [
                (*cijfers[soort]["per_status"][status], _lijst_url(soort=soort.value, status=status.value))
                for soort in Soort
            ],
        )
        for status in Status
    ]
    return Sectie(
        sleutel="klaagpaal",
        titel=_("Klaagpaal en hulpvragen"),
        template="kring/stuurgroep/secties/klaagpaal.html",
        context={
            "rijen": rijen,
            "tabel": tabel,
            "signalen_url": reverse("werkgroepen:signalen"),
            "grafiek": grafiek(cijfers, periode) if any(rij["open"] for rij in rijen) else None,
        },
    )
