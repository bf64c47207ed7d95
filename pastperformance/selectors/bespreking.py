"""Reads after the reveal of a round (issue 6 outcomes 4 and 5): the four perspectives side by side with the perception
gap per criterion, the generated agenda of the bespreking, the bespreking itself, afspraken (made here, and open ones
of earlier rounds to re-check), replies, addenda and bezwaren, and what the user may do now. Also the afspraken and
bezwaren lists and the choices of their forms.

Scores and motivations come only through `beoordelingen_zichtbaar` (the blindness rule). The other side is named by
its organisation, never by the person who rated."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.models import Organisatie, User
from kring.permissions import is_lid
from pastperformance.models import (
    ONVOLDOENDE_TOT,
    Addendum,
    Afspraak,
    Beoordeling,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    Criterium,
    Reactie,
    Richting,
    Score,
)
from pastperformance.permissions import (
    mag_addendum_toevoegen,
    mag_bespreken,
    mag_bezwaar_indienen,
    mag_lessen_publiceren,
    mag_reageren,
    mag_ronde_definitief_maken,
)
from pastperformance.selectors.beoordelingen import beoordelingen_zichtbaar
from pastperformance.selectors.rondes import ronde_get, rondes_zichtbaar
from pastperformance.services.bespreking import (
    NA_ONTHULLING,
    als_datum,
    betrokkenen,
    kan_definitief,
    partijen_van_project,
    reactietermijn_open,
)

Status = Beoordelingsronde.Status

# A criterion goes on the agenda when the two views differ by at least this many points, or a score is onvoldoende.
VERSCHIL_OP_AGENDA = 2

# Per side whose performance is discussed: the other side's rating about it and its own self-rating.
KANTEN = (("on", Richting.OG_ON, Richting.ZELF_ON), ("og", Richting.ON_OG, Richting.ZELF_OG))


@dataclass(frozen=True)
class Regel:
    """One criterion of one side: the other side's score and the side's own, each with its label (at 1, 4, 7, 10)."""

    code: str
    naam: str
    ander: Score | None
    eigen: Score | None
    ander_label: str = ""
    eigen_label: str = ""

    @property
    def verschil(self) -> int | None:
        """The perception gap: the other side's score minus the own score; none when either is NVT or missing."""
        if self.ander is None or self.eigen is None or self.ander.waarde is None or self.eigen.waarde is None:
            return None
        return self.ander.waarde - self.eigen.waarde

    @property
    def laagste(self) -> int | None:
        waarden = [score.waarde for score in (self.ander, self.eigen) if score is not None and score.waarde]
        return min(waarden) if waarden else None


@dataclass(frozen=True)
class Kant:
    """The ratings about one party's performance side by side: the other side's view and the party's own."""

    over: str  # "on" or "og": whose performance
    organisatie: Organisatie  # the party rated
    andere_partij: Organisatie  # the party that rated it
    ander: Beoordeling | None  # the other side's submitted rating; None when it was not handed in
    zelf: Beoordeling | None  # the party's submitted self-rating
    regels: tuple[Regel, ...]
    reactie: Reactie | None  # the party's reply to `ander`


@dataclass(frozen=True)
class Agendapunt:
    titel: str
    redenen: tuple[str, ...]
    afspraak: Afspraak | None = None

    @property
    def reden(self) -> str:
        return "; ".join(self.redenen)


@dataclass(frozen=True)
class Voorstel:
    """An afspraak a rater proposed with a score of 5 or lower: the form for a new afspraak can start from it."""

    score_id: int
    criterium_code: str
    criterium: str
    tekst: str
    eigenaar_organisatie: Organisatie  # the party whose performance the score is about


@dataclass(frozen=True)
class Acties:
    """What the user may do on the round now (the services check again, and say why not)."""

    bespreking: bool = False  # record the bespreking, or correct it until definitief
    afspraak_maken: bool = False
    afspraak_volgen: bool = False  # change an afspraak's status
    reageren: frozenset[int] = frozenset()  # ratings the user may reply to now
    reactietermijn_verlengen: bool = False
    definitief: bool = False
    bezwaar: frozenset[int] = frozenset()  # ratings the user may object to now
    addendum: bool = False
    lessen_publiceren: bool = False


@dataclass(frozen=True)
class NaOnthulling:
    ronde: Beoordelingsronde
    kanten: tuple[Kant, ...]
    agenda: tuple[Agendapunt, ...]
    bespreking: Bespreking | None
    afspraken: tuple[Afspraak, ...]  # made in this round
    te_controleren: tuple[Afspraak, ...]  # of earlier rounds: open, or re-checked in this round
    addenda: tuple[Addendum, ...]
    bezwaren: tuple[Bezwaar, ...]
    voorstellen: tuple[Voorstel, ...]
    acties: Acties
    reactietermijn_open: bool
    vandaag: datetime.date

    @property
    def reacties(self) -> list[Reactie]:
        return [kant.reactie for kant in self.kanten if kant.reactie is not None]


def _label(beoordeling: Beoordeling | None, score: Score | None) -> str:
    if beoordeling is None or score is None or score.waarde is None:
        return ""
    return beoordeling.vragenlijst.labels.get(score.waarde, "")


def perspectieven(
    *,
    ronde: Beoordelingsronde,
    beoordelingen: list[Beoordeling],
    criteria: list[Criterium],
    reacties: dict[int, Reactie],
) -> tuple[Kant, Kant]:
    """The two sides of `ronde` (the contractor's performance, then the gemeente's), each with one row per criterion
    code: the criteria of the other side's questionnaire in order, then any the self-rating adds. `beoordelingen` are
    the ratings the user may see (a draft left at the reveal is not a perspective); `criteria` carry the direction of
    their questionnaire in this round as `richting`."""
    ingediend = {beoordeling.richting: beoordeling for beoordeling in beoordelingen if beoordeling.is_ingediend}
    organisaties = {"og": ronde.plan.project.gemeente, "on": ronde.plan.opdrachtnemer}
    kanten = []
    for over, richting_ander, richting_zelf in KANTEN:
        ander, zelf = ingediend.get(richting_ander), ingediend.get(richting_zelf)
        scores_ander = {score.criterium.code: score for score in ander.scores.all()} if ander else {}
        scores_zelf = {score.criterium.code: score for score in zelf.scores.all()} if zelf else {}
        namen: dict[str, str] = {}
        for richting in (richting_ander, richting_zelf):
            for criterium in criteria:
                if criterium.richting == richting:
                    namen.setdefault(criterium.code, criterium.naam)
        regels = tuple(
            Regel(
                code=code,
                naam=naam,
                ander=scores_ander.get(code),
                eigen=scores_zelf.get(code),
                ander_label=_label(ander, scores_ander.get(code)),
                eigen_label=_label(zelf, scores_zelf.get(code)),
            )
            for code, naam in namen.items()
        )
        kanten.append(
            Kant(
                over=over,
                organisatie=organisaties[over],
                andere_partij=organisaties["og" if over == "on" else "on"],
                ander=ander,
                zelf=zelf,
                regels=regels,
                reactie=reacties.get(ander.pk) if ander else None,
            )
        )
    return tuple(kanten)


def _redenen(regel: Regel) -> list[str]:
    redenen = []
    if regel.verschil is not None and abs(regel.verschil) >= VERSCHIL_OP_AGENDA:
        punten = abs(regel.verschil)
        redenen.append(ngettext("verschil van %(n)s punt", "verschil van %(n)s punten", punten) % {"n": punten})
    if regel.laagste is not None and regel.laagste <= ONVOLDOENDE_TOT:
        redenen.append(_("score %(score)s: onvoldoende") % {"score": regel.laagste})
    return redenen


def bespreekagenda(
    *, kanten: tuple[Kant, ...], te_controleren: tuple[Afspraak, ...], vandaag: datetime.date
) -> tuple[Agendapunt, ...]:
    """The agenda of the bespreking: first the criteria where the views differ by VERSCHIL_OP_AGENDA points or more
    (largest gap first, then lowest score), then those with an onvoldoende score (lowest first), then the open
    afspraken of earlier rounds to re-check (earliest due first). Each with a short reason."""
    verschillen, lage_scores = [], []
    for kant in kanten:
        for regel in kant.regels:
            redenen = _redenen(regel)
            if not redenen:
                continue
            punt = Agendapunt(
                titel=_("%(criterium)s: prestatie van %(organisatie)s")
                % {"criterium": regel.naam, "organisatie": kant.organisatie.naam},
                redenen=tuple(redenen),
            )
            verschil = abs(regel.verschil or 0)
            laagste = regel.laagste if regel.laagste is not None else 11
            if verschil >= VERSCHIL_OP_AGENDA:
                verschillen.append(((-verschil, laagste), punt))
            else:
                lage_scores.append(((laagste, -verschil), punt))
    afspraken = [
        Agendapunt(
            titel=_("Afspraak: %(omschrijving)s") % {"omschrijving": afspraak.omschrijving},
            redenen=tuple(
                reden
                for reden in (
                    _("open afspraak uit de %(ronde)s, uiterlijk %(deadline)s")
                    % {
                        "ronde": afspraak.ronde.get_soort_display().lower(),
                        "deadline": als_datum(afspraak.deadline),
                    },
                    _("termijn verstreken") if afspraak.deadline < vandaag else "",
                )
                if reden
            ),
            afspraak=afspraak,
        )
        for afspraak in sorted(te_controleren, key=lambda afspraak: (afspraak.deadline, afspraak.pk))
        if afspraak.status == Afspraak.Status.OPEN
    ]
    return (
        *(punt for _sleutel, punt in sorted(verschillen, key=lambda paar: paar[0])),
        *(punt for _sleutel, punt in sorted(lage_scores, key=lambda paar: paar[0])),
        *afspraken,
    )


def _voorstellen(kanten: tuple[Kant, ...]) -> tuple[Voorstel, ...]:
    voorstellen = []
    for kant in kanten:
        for beoordeling in (kant.ander, kant.zelf):
            if beoordeling is None:
                continue
            for score in beoordeling.scores.all():
                if score.waarde is not None and score.waarde <= ONVOLDOENDE_TOT and score.voorgestelde_afspraak:
                    voorstellen.append(
                        Voorstel(
                            score_id=score.pk,
                            criterium_code=score.criterium.code,
                            criterium=score.criterium.naam,
                            tekst=score.voorgestelde_afspraak,
                            eigenaar_organisatie=kant.organisatie,
                        )
                    )
    return tuple(voorstellen)


def _acties(
    *,
    user: User,
    ronde: Beoordelingsronde,
    kanten: tuple[Kant, ...],
    bezwaren: tuple[Bezwaar, ...],
    termijn_open: bool,
) -> Acties:
    status = ronde.status
    bespreken = mag_bespreken(user, ronde)
    ingediend = [kant.ander for kant in kanten if kant.ander is not None]
    lopend = {bezwaar.beoordeling_id for bezwaar in bezwaren if bezwaar.status != Bezwaar.Status.BESLOTEN}
    definitief = status == Status.DEFINITIEF
    return Acties(
        bespreking=bespreken and status in NA_ONTHULLING,
        afspraak_maken=bespreken and status in NA_ONTHULLING,
        afspraak_volgen=bespreken,
        reageren=frozenset(
            beoordeling.pk for beoordeling in ingediend if termijn_open and mag_reageren(user, beoordeling)
        ),
        reactietermijn_verlengen=bespreken and termijn_open and not ronde.reactie_verlengd,
        definitief=(status == Status.BESPROKEN and mag_ronde_definitief_maken(user, ronde) and kan_definitief(ronde)),
        bezwaar=frozenset(
            beoordeling.pk
            for beoordeling in ingediend
            if definitief and beoordeling.pk not in lopend and mag_bezwaar_indienen(user, beoordeling)
        ),
        addendum=definitief
        and (mag_addendum_toevoegen(user, ronde) or any(mag_addendum_toevoegen(user, ronde, b) for b in ingediend)),
        lessen_publiceren=(
            definitief
            and ronde.soort == Beoordelingsronde.Soort.EIND
            and bool(ronde.lessen.strip())
            and ronde.kennisitem_id is None
            and mag_lessen_publiceren(user, ronde)
        ),
    )


def ronde_na_onthulling(*, ronde: Beoordelingsronde, user: User) -> NaOnthulling | None:
    """Everything the round's page (and its PDF report) shows after the reveal, for `user`; None before the reveal.
    `ronde` must be one `user` may see (from `ronde_get`). A fixed number of queries, however many rows."""
    if not ronde.is_onthuld:
        return None
    vandaag = timezone.localdate()
    beoordelingen = beoordelingen_zichtbaar(user=user, ronde=ronde)
    criteria = list(
        Criterium.objects.filter(vragenlijst__beoordelingen__ronde=ronde)
        .annotate(richting=F("vragenlijst__beoordelingen__richting"))
        .order_by("volgorde", "pk")
    )
    reacties = {reactie.beoordeling_id: reactie for reactie in Reactie.objects.filter(beoordeling__ronde=ronde)}
    kanten = perspectieven(ronde=ronde, beoordelingen=beoordelingen, criteria=criteria, reacties=reacties)
    bespreking = (
        Bespreking.objects.filter(ronde=ronde)
        .select_related("vastgelegd_door")
        .prefetch_related(Prefetch("aanwezigen", queryset=User.objects.order_by("organisatie__naam", "naam")))
        .first()
    )
    afspraken = list(
        Afspraak.objects.filter(ronde__plan_id=ronde.plan_id)
        .filter(
            Q(ronde=ronde)
            | Q(ronde__volgnummer__lt=ronde.volgnummer) & (Q(status=Afspraak.Status.OPEN) | Q(gecontroleerd_in=ronde))
        )
        .select_related("ronde", "eigenaar_organisatie", "eigenaar", "gecontroleerd_in")
        .order_by("deadline", "pk")
    )
    namen: dict[str, str] = {}
    for criterium in criteria:
        namen.setdefault(criterium.code, criterium.naam)
    for afspraak in afspraken:
        afspraak.criterium_naam = namen.get(afspraak.criterium_code, afspraak.criterium_code)
    te_controleren = tuple(afspraak for afspraak in afspraken if afspraak.ronde_id != ronde.pk)
    bezwaren = tuple(Bezwaar.objects.filter(beoordeling__ronde=ronde).select_related("beoordeling", "organisatie"))
    termijn_open = reactietermijn_open(ronde, vandaag)
    return NaOnthulling(
        ronde=ronde,
        kanten=kanten,
        agenda=bespreekagenda(kanten=kanten, te_controleren=te_controleren, vandaag=vandaag),
        bespreking=bespreking,
        afspraken=tuple(afspraak for afspraak in afspraken if afspraak.ronde_id == ronde.pk),
        te_controleren=te_controleren,
        addenda=tuple(
            Addendum.objects.filter(ronde=ronde).select_related("beoordeling", "bezwaar", "door__organisatie")
        ),
        bezwaren=bezwaren,
        voorstellen=_voorstellen(kanten),
        acties=_acties(user=user, ronde=ronde, kanten=kanten, bezwaren=bezwaren, termijn_open=termijn_open),
        reactietermijn_open=termijn_open,
        vandaag=vandaag,
    )


def onthulde_ronde_get(*, user: User, pk: int) -> Beoordelingsronde:
    """A round `user` may see that has been revealed; 404 otherwise (before the reveal there is nothing to discuss,
    reply to or report)."""
    ronde = ronde_get(user=user, pk=pk)
    if not ronde.is_onthuld:
        raise Http404
    return ronde


def beoordeling_get(*, user: User, pk: int) -> Beoordeling:
    """A rating whose scores `user` may see (the blindness rule), with its scores, questionnaire, organisations and
    its round (plan, project, parties); 404 otherwise."""
    ronde_id = Beoordeling.objects.filter(pk=pk).values_list("ronde_id", flat=True).first()
    if ronde_id is None:
        raise Http404
    ronde = ronde_get(user=user, pk=ronde_id)
    for beoordeling in beoordelingen_zichtbaar(user=user, ronde=ronde):
        if beoordeling.pk == pk:
            beoordeling.ronde = ronde
            return beoordeling
    raise Http404


def reactie_bij(*, beoordeling: Beoordeling) -> Reactie | None:
    """The reply to `beoordeling`, if any (only for a rating the user may see)."""
    return Reactie.objects.filter(beoordeling=beoordeling).first()


def beoordelingen_voor_addendum(*, user: User, ronde: Beoordelingsronde) -> QuerySet[Beoordeling]:
    """The submitted ratings of `ronde` `user` may add an addendum to (`mag_addendum_toevoegen`): every one for a
    beheerder, else those of their own organisation."""
    if not is_lid(user):
        return Beoordeling.objects.none()
    beoordelingen = Beoordeling.objects.filter(ronde=ronde, ingediend_op__isnull=False).order_by("richting")
    if user.is_beheerder:
        return beoordelingen
    return beoordelingen.filter(beoordelaar_organisatie_id=user.organisatie_id)


# --- Afspraken --------------------------------------------------------------------------------------------------------


def afspraak_list(*, user: User) -> QuerySet[Afspraak]:
    """The afspraken owned by `user`'s organisation, in rounds `user` may see: open ones first (earliest due first),
    then the rest (latest due first), with round, plan, project and owner joined."""
    if not is_lid(user) or user.organisatie_id is None:
        return Afspraak.objects.none()
    return (
        Afspraak.objects.filter(ronde__in=rondes_zichtbaar(user=user), eigenaar_organisatie_id=user.organisatie_id)
        .select_related(
            "ronde__plan__project__gemeente", "ronde__plan__opdrachtnemer", "eigenaar", "eigenaar_organisatie"
        )
        .annotate(
            afgerond=Case(
                When(status=Afspraak.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("afgerond", Case(When(afgerond=0, then=F("deadline"))), F("deadline").desc(), "pk")
    )


def afspraak_get(*, user: User, pk: int) -> Afspraak:
    """One afspraak of a round `user` may see, with its round, plan, project and parties; 404 otherwise."""
    return get_object_or_404(
        Afspraak.objects.filter(ronde__in=rondes_zichtbaar(user=user)).select_related(
            "ronde__plan__project__gemeente", "ronde__plan__opdrachtnemer", "eigenaar", "eigenaar_organisatie"
        ),
        pk=pk,
    )


def personen_van_partijen(*, ronde: Beoordelingsronde) -> QuerySet[User]:
    """The active staff of the round's two parties: who can be present at its bespreking or own an afspraak."""
    return User.objects.filter(
        status=User.Status.ACTIEF,
        organisatie_id__in=(ronde.plan.project.gemeente_id, ronde.plan.opdrachtnemer_id),
    ).order_by("organisatie__naam", "naam", "pk")


# --- Bezwaren ---------------------------------------------------------------------------------------------------------


def bezwaar_list(*, user: User) -> QuerySet[Bezwaar]:
    """The bezwaren `user` may see: all for a beheerder; for others those on rounds they may see (their own
    organisation's rounds, and as a panel member the bezwaar's round). Running ones first, newest first."""
    if not is_lid(user):
        return Bezwaar.objects.none()
    bezwaren = Bezwaar.objects.select_related(
        "beoordeling__ronde__plan__project__gemeente",
        "beoordeling__ronde__plan__opdrachtnemer",
        "organisatie",
        "panel_gemeente",
        "panel_kring",
    )
    if not user.is_beheerder:
        bezwaren = bezwaren.filter(beoordeling__ronde__in=rondes_zichtbaar(user=user))
    return bezwaren.annotate(
        besloten=Case(
            When(status=Bezwaar.Status.BESLOTEN, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by("besloten", "-ingediend_op", "-pk")


def bezwaar_get(*, user: User, pk: int) -> Bezwaar:
    """One bezwaar `user` may see (see `bezwaar_list`), with its addendum; 404 otherwise."""
    return get_object_or_404(bezwaar_list(user=user).select_related("addendum"), pk=pk)


@dataclass(frozen=True)
class Panelkeuzes:
    gemeente: QuerySet[User]
    kring: QuerySet[User]


def panel_keuzes(*, bezwaar: Bezwaar) -> Panelkeuzes:
    """Who can sit on the bezwaar's panel: active staff of a member gemeente, and active staff of another member
    organisation, not involved in the project (the service checks the same)."""
    plan = bezwaar.beoordeling.ronde.plan
    uitgesloten = betrokkenen(plan) | {bezwaar.ingediend_door_id}
    actief = (
        User.objects.filter(status=User.Status.ACTIEF, organisatie__in=Organisatie.objects.leden())
        .exclude(pk__in=uitgesloten)
        .order_by("organisatie__naam", "naam", "pk")
    )
    return Panelkeuzes(
        gemeente=actief.filter(organisatie__soort=Organisatie.Soort.GEMEENTE),
        kring=actief.exclude(organisatie_id__in=partijen_van_project(plan)),
    )
