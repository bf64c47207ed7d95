"""The dashboard's section on social return: the kring totals of the obligations running in the period, for those who
see the SROI kring totals (`sroi.permissions.ziet_sroi_totalen`: stuurgroep, beheerders, gemeente staff).

An obligation runs in the period when its term overlaps it. Due is the stored SR amount; realised and validated are
the obligation's stored totals (`Verplichting.gerealiseerd`, `gevalideerd`, kept by the inzet services), so as they
stand now, not as they stood at the period's end. Open warnings by kind are those of these obligations open at the
period's end (or today while it runs): raised by then and not resolved by then. Two queries."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from kring.charts import Reeks, euro, staafgrafiek
from kring.dashboard import Periode, Sectie
from kring.dashboard.pastperformance import peildatum
from sroi.models import Verplichting, Waarschuwing
from sroi.permissions import ziet_sroi_totalen

NUL = Decimal(0)
_BEDRAG = DecimalField(max_digits=16, decimal_places=2)


@dataclass(frozen=True)
class Sroicijfers:
    verplichtingen: int
    sr_bedrag: Decimal
    gerealiseerd: Decimal
    gevalideerd: Decimal
    waarschuwingen: dict  # soort -> number open at the day
    peildatum: datetime.date

    @property
    def ter_validatie(self) -> Decimal:
        return self.gerealiseerd - self.gevalideerd

    @property
    def percentage(self) -> Decimal | None:
        if not self.sr_bedrag:
            return None
        return (self.gerealiseerd * 100 / self.sr_bedrag).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def percentage_gevalideerd(self) -> Decimal | None:
        if not self.sr_bedrag:
            return None
        return (self.gevalideerd * 100 / self.sr_bedrag).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def open_waarschuwingen(self) -> int:
        return sum(self.waarschuwingen.values())


def lopende_verplichtingen(periode: Periode):
    return Verplichting.objects.filter(looptijd_start__lte=periode.eind, looptijd_eind__gte=periode.begin)


def sroi_cijfers(periode: Periode, vandaag: datetime.date | None = None) -> Sroicijfers:
    """The kring totals of the obligations running in `periode` (module docstring), in two queries."""
    dag = peildatum(periode, vandaag)
    lopend = lopende_verplichtingen(periode)
    totalen = lopend.aggregate(
        aantal=Count("pk"),
        sr_bedrag=Coalesce(Sum("sr_bedrag"), Value(NUL), output_field=_BEDRAG),
        gerealiseerd=Coalesce(Sum("gerealiseerd"), Value(NUL), output_field=_BEDRAG),
        gevalideerd=Coalesce(Sum("gevalideerd"), Value(NUL), output_field=_BEDRAG),
    )
    per_soort = dict(
        Waarschuwing.objects.filter(verplichting__in=lopend, sinds__lte=dag)
        .filter(Q(opgelost_op__isnull=True) | Q(opgelost_op__gt=dag))
        .order_by()
        .values("soort")
        .annotate(aantal=Count("pk"))
        .values_list("soort", "aantal")
    )
    return Sroicijfers(
        verplichtingen=totalen["aantal"],
        sr_bedrag=totalen["sr_bedrag"],
        gerealiseerd=totalen["gerealiseerd"],
        gevalideerd=totalen["gevalideerd"],
        waarschuwingen={soort: per_soort.get(soort, 0) for soort in Waarschuwing.Soort.values},
        peildatum=dag,
    )


def grafiek(cijfers: Sroicijfers, periode: Periode):
    labels = [_("Verschuldigd"), _("Gerealiseerd")]
    omschrijving = " ".join(
        [
            _("SROI van de %(aantal)s verplichtingen die in %(periode)s liepen:")
            % {"aantal": cijfers.verplichtingen, "periode": periode.label},
            _(
                "verschuldigd %(sr)s, gerealiseerd %(gerealiseerd)s, waarvan gevalideerd %(gevalideerd)s en "
                "ter validatie %(ter)s."
            )
            % {
                "sr": euro(cijfers.sr_bedrag),
                "gerealiseerd": euro(cijfers.gerealiseerd),
                "gevalideerd": euro(cijfers.gevalideerd),
                "ter": euro(cijfers.ter_validatie),
            },
            _("De bedragen staan in de tabel bij de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id="grafiek-sroi",
        titel=_("SROI: verschuldigd en gerealiseerd"),
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[
            Reeks(_("Verschuldigd"), [cijfers.sr_bedrag, NUL]),
            Reeks(_("Gevalideerd"), [NUL, cijfers.gevalideerd]),
            Reeks(_("Ter validatie"), [NUL, cijfers.ter_validatie]),
        ],
        opmaak=euro,
        breedte=480,
        totalen_tonen=False,
    )


def sectie(*, user, periode: Periode) -> Sectie | None:
    if not ziet_sroi_totalen(user):
        return None
    cijfers = sroi_cijfers(periode)
    index_url = reverse("sroi:index")
    return Sectie(
        sleutel="sroi",
        titel=_("Social return (SROI)"),
        template="kring/stuurgroep/secties/sroi.html",
        context={
            "cijfers": cijfers,
            "waarschuwingen": [(soort, cijfers.waarschuwingen[soort.value]) for soort in Waarschuwing.Soort],
            "grafiek": grafiek(cijfers, periode) if cijfers.sr_bedrag or cijfers.gerealiseerd else None,
            "voortgang_url": reverse("sroi:voortgang"),
            "waarschuwingen_url": f"{index_url}?waarschuwing=true",
        },
    )
