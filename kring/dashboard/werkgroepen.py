"""The dashboard's section on the uitvoeringsagenda: per themadoel of the intentieovereenkomst its werkgroepen and how
their activities stand at the period's reference date (on schedule, overdue, done).

Activities keep their current status only, so the section reads it as of the reference date (`peildatum`: the period's
last day, or today while the period runs): an activity completed or cancelled after that date (its `gewijzigd_op`
lies later) still counted as open then. The counts come from one GROUP BY query."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.charts import Reeks, samenvatting, staafgrafiek
from kring.dashboard import Periode, Sectie
from kring.models import Intentieovereenkomst, Themadoel
from werkgroepen.models import Activiteit
from werkgroepen.permissions import mag_agenda_zien

Status = Activiteit.Status
AFGESLOTEN = (Status.AFGEROND, Status.VERVALLEN)
FIGUREN = ("op_schema", "te_laat", "afgerond")


def peildatum(periode: Periode, vandaag: datetime.date | None = None) -> datetime.date:
    """The date the section looks at: the period's last day, or today while the period is still running."""
    return min(periode.eind, vandaag or timezone.localdate())


def _einde_van(datum: datetime.date) -> datetime.datetime:
    """The first moment after `datum` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(datum + datetime.timedelta(days=1), datetime.time()))


def stand_op(datum: datetime.date) -> dict[str, Q]:
    """The conditions per figure at the end of `datum`: on schedule, overdue and done (done in or before it).
    Activities created after `datum`, and those cancelled by then, count in none of them."""
    grens = _einde_van(datum)
    bestond = Q(aangemaakt_op__lt=grens)
    afgesloten_toen = Q(status__in=AFGESLOTEN, gewijzigd_op__lt=grens)
    open_toen = bestond & ~afgesloten_toen
    return {
        "op_schema": open_toen & Q(deadline__gte=datum),
        "te_laat": open_toen & Q(deadline__lt=datum),
        "afgerond": bestond & Q(status=Status.AFGEROND, gewijzigd_op__lt=grens),
    }


def overeenkomst_voor_dashboard() -> Intentieovereenkomst | None:
    """The agreement van kracht (the newest one), otherwise the latest version that is no longer a concept."""
    IO = Intentieovereenkomst.Status
    return (
        Intentieovereenkomst.objects.exclude(status=IO.CONCEPT)
        .order_by(
            Case(When(status=IO.VAN_KRACHT, then=Value(0)), default=Value(1), output_field=IntegerField()), "-versie"
        )
        .first()
    )


@dataclass
class Werkgroepregel:
    werkgroep_id: int
    naam: str
    slug: str
    op_schema: int = 0
    te_laat: int = 0
    afgerond: int = 0
    links: dict = field(default_factory=dict)

    @property
    def totaal(self) -> int:
        return self.op_schema + self.te_laat + self.afgerond


@dataclass
class Themadoelregel:
    themadoel: Themadoel
    werkgroepen: list[Werkgroepregel]
    links: dict = field(default_factory=dict)

    @property
    def op_schema(self) -> int:
        return sum(regel.op_schema for regel in self.werkgroepen)

    @property
    def te_laat(self) -> int:
        return sum(regel.te_laat for regel in self.werkgroepen)

    @property
    def afgerond(self) -> int:
        return sum(regel.afgerond for regel in self.werkgroepen)

    @property
    def totaal(self) -> int:
        return self.op_schema + self.te_laat + self.afgerond


def _agenda_links(**filters) -> dict[str, str]:
    """Links to the uitvoeringsagenda filtered on these (themadoel, werkgroep): all, overdue, done. The agenda shows
    today's state; the dashboard's figures equal it for the running period."""
    basis = reverse("werkgroepen:uitvoeringsagenda")
    schoon = {naam: waarde for naam, waarde in filters.items() if waarde is not None}
    return {
        "alle": f"{basis}?{urlencode(schoon)}" if schoon else basis,
        "te_laat": f"{basis}?{urlencode({**schoon, 'te_laat': 'on'})}",
        "afgerond": f"{basis}?{urlencode({**schoon, 'status': Status.AFGEROND})}",
    }


def themadoelen_stand(*, overeenkomst: Intentieovereenkomst | None, datum: datetime.date) -> list[Themadoelregel]:
    """Per themadoel of `overeenkomst` (in order) its werkgroepen (those linked to it and those with activities for
    it) with the counts at `datum`. Three queries: themadoelen, their werkgroepen, and the counts."""
    if overeenkomst is None:
        return []
    themadoelen = list(
        Themadoel.objects.filter(overeenkomst=overeenkomst).prefetch_related("werkgroepen").order_by("volgorde", "pk")
    )
    voorwaarden = stand_op(datum)
    tellingen = (
        Activiteit.objects.filter(themadoel__overeenkomst=overeenkomst)
        .order_by()
        .values("themadoel_id", "werkgroep_id", "werkgroep__naam", "werkgroep__slug", "werkgroep__volgorde")
        .annotate(**{naam: Count("pk", filter=voorwaarde) for naam, voorwaarde in voorwaarden.items()})
    )
    per_themadoel: dict[int, dict[int, Werkgroepregel]] = defaultdict(dict)
    volgorde: dict[int, tuple] = {}
    for themadoel in themadoelen:
        for werkgroep in themadoel.werkgroepen.all():
            per_themadoel[themadoel.pk][werkgroep.pk] = Werkgroepregel(werkgroep.pk, werkgroep.naam, werkgroep.slug)
            volgorde[werkgroep.pk] = (werkgroep.volgorde, werkgroep.naam)
    for rij in tellingen:
        regel = per_themadoel[rij["themadoel_id"]].setdefault(
            rij["werkgroep_id"], Werkgroepregel(rij["werkgroep_id"], rij["werkgroep__naam"], rij["werkgroep__slug"])
        )
        volgorde[rij["werkgroep_id"]] = (rij["werkgroep__volgorde"], rij["werkgroep__naam"])
        regel.op_schema, regel.te_laat, regel.afgerond = rij["op_schema"], rij["te_laat"], rij["afgerond"]
    regels = []
    for themadoel in themadoelen:
        werkgroepen = sorted(per_themadoel[themadoel.pk].values(), key=lambda regel: volgorde[regel.werkgroep_id])
        for regel in werkgroepen:
            regel.links = _agenda_links(themadoel=themadoel.pk, werkgroep=regel.werkgroep_id)
        regels.append(Themadoelregel(themadoel, werkgroepen, _agenda_links(themadoel=themadoel.pk)))
    return regels


def grafiek(regels: list[Themadoelregel], datum: datetime.date):
    labels = [f"{index}. {regel.themadoel.naam[:18]}" for index, regel in enumerate(regels, start=1)]
    op_schema, te_laat, afgerond = (sum(getattr(regel, naam) for regel in regels) for naam in FIGUREN)
    omschrijving = " ".join(
        [
            _(
                "Activiteiten van de uitvoeringsagenda per themadoel op %(datum)s, gestapeld: op schema, te laat en "
                "afgerond. Samen %(op_schema)s op schema, %(te_laat)s te laat en %(afgerond)s afgerond."
            )
            % {"datum": datum.strftime("%d-%m-%Y"), "op_schema": op_schema, "te_laat": te_laat, "afgerond": afgerond},
            samenvatting(labels, [regel.totaal for regel in regels]),
            _("De cijfers staan in de tabel bij de grafiek."),
        ]
    )
    return staafgrafiek(
        grafiek_id="grafiek-werkgroepen",
        titel=_("Activiteiten per themadoel"),
        omschrijving=omschrijving,
        labels=labels,
        reeksen=[
            Reeks(_("Op schema"), [regel.op_schema for regel in regels]),
            Reeks(_("Te laat"), [regel.te_laat for regel in regels]),
            Reeks(_("Afgerond"), [regel.afgerond for regel in regels]),
        ],
    )


def sectie(*, user, periode: Periode) -> Sectie | None:
    if not mag_agenda_zien(user):
        return None
    datum = peildatum(periode)
    overeenkomst = overeenkomst_voor_dashboard()
    regels = themadoelen_stand(overeenkomst=overeenkomst, datum=datum)
    return Sectie(
        sleutel="werkgroepen",
        titel=_("Werkgroepen en uitvoeringsagenda"),
        template="kring/stuurgroep/secties/werkgroepen.html",
        context={
            "overeenkomst": overeenkomst,
            "peildatum": datum,
            "regels": regels,
            "grafiek": grafiek(regels, datum) if any(regel.totaal for regel in regels) else None,
            "agenda_links": _agenda_links(),
            "totaal": {naam: sum(getattr(regel, naam) for regel in regels) for naam in FIGUREN},
        },
    )
