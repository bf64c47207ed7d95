"""Writes after the reveal of a round (issue 6 outcomes 4, 5 and 9): the bespreking and its afspraken, the rated
organisation's reply and the reply window, definitief, a bezwaar with its panel and decision, addenda, and publishing
an eindronde's lessons to the kennisbank.

Definitief is immutable: from then on only the status of an afspraak (its follow-up), an addendum and a bezwaar change
anything, and every change is in the audit log. The reply window runs from the reveal; a bespreking near its end
stretches it, so the rated organisation can still reply after the conversation (research §4: "14 days after reveal
or bespreking")."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, momentopname, wijzigingen
from kring.mails import send
from kring.markdown import weiger_actieve_html
from kring.models import Organisatie, User
from kring.selectors.accounts import beheerders
from pastperformance import tasks
from pastperformance.models import (
    Addendum,
    Afspraak,
    Beleid,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    Criterium,
    Reactie,
    Richting,
)
from pastperformance.permissions import (
    is_panellid,
    mag_addendum_toevoegen,
    mag_bespreken,
    mag_bezwaar_indienen,
    mag_bezwaren_beheren,
    mag_lessen_publiceren,
    mag_reageren,
    mag_ronde_definitief_maken,
)
from pastperformance.services.overgangen import controleer_overgang
from pastperformance.services.profielen import samenvatting_toevoegen, samenvatting_verwijderen
from werkgroepen.models import Kennisitem
from werkgroepen.services.kennisbank import KennisitemInhoud, kennisitem_create, standaard_herzien_voor

Status = Beoordelingsronde.Status

# The ratings of one side about the other: the ones a reply and a bezwaar are about.
OVER_DE_ANDER = (Richting.OG_ON, Richting.ON_OG)
NA_ONTHULLING = (Status.ONTHULD, Status.BESPROKEN)

DEFINITIEF = gettext_lazy("Deze ronde is definitief; een correctie kan alleen als addendum.")
NIET_ONTHULD = gettext_lazy("Deze ronde is nog niet onthuld: daarvoor is er niets te bespreken.")
VERVALLEN = gettext_lazy("Deze ronde is vervallen.")
MAX_TEKST = 4000
MAX_KORT = 1000


def als_datum(waarde: datetime.date) -> str:
    """A date as the messages show it: 14-03-2027."""
    return formats.date_format(waarde, "d-m-Y")


# --- Shared checks ----------------------------------------------------------------------------------------------------


def _vergrendel(ronde: Beoordelingsronde) -> Beoordelingsronde:
    """The round's row, locked until the transaction ends, with its plan, project and both parties."""
    return (
        Beoordelingsronde.objects.select_for_update(of=("self",))
        .select_related("plan__project__gemeente", "plan__opdrachtnemer")
        .get(pk=ronde.pk)
    )


def controleer_na_onthulling(ronde: Beoordelingsronde) -> None:
    """Refuse (a Dutch ValidationError) unless the round is onthuld or besproken: what changes between the reveal
    and definitief."""
    if ronde.status == Status.DEFINITIEF:
        raise ValidationError(DEFINITIEF)
    if ronde.status == Status.VERVALLEN:
        raise ValidationError(VERVALLEN)
    if ronde.status not in NA_ONTHULLING:
        raise ValidationError(NIET_ONTHULD)


def _partijen(ronde: Beoordelingsronde) -> tuple[Organisatie, Organisatie]:
    return ronde.plan.project.gemeente, ronde.plan.opdrachtnemer


def _tekst(waarde: str, veld: str, *, maximum: int = MAX_TEKST, verplicht: str = "") -> str:
    """`waarde` trimmed; a Dutch ValidationError under `veld` when it is required and empty, too long, or active
    HTML."""
    tekst = (waarde or "").strip()
    if verplicht and not tekst:
        raise ValidationError({veld: verplicht})
    if len(tekst) > maximum:
        raise ValidationError(
            {veld: _("Gebruik hoogstens %(max)s tekens (nu %(aantal)s).") % {"max": maximum, "aantal": len(tekst)}}
        )
    weiger_actieve_html(tekst, veld=veld)
    return tekst


def _alle_fouten(*controles) -> None:
    """Run each check (a callable that may raise a ValidationError) and raise all their errors together, so a form
    shows every mistake at once."""
    fouten: dict[str, list] = {}
    for controle in controles:
        try:
            controle()
        except ValidationError as fout:
            fout.update_error_dict(fouten)
    if fouten:
        raise ValidationError(fouten)


def reactietermijn_open(ronde: Beoordelingsronde, vandaag: datetime.date | None = None) -> bool:
    """Whether the rated organisations may still reply: revealed, not yet definitief, up to and including
    `reactie_tot`."""
    vandaag = vandaag or timezone.localdate()
    return ronde.status in NA_ONTHULLING and ronde.reactie_tot is not None and vandaag <= ronde.reactie_tot


def reacties_compleet(ronde: Beoordelingsronde) -> bool:
    """Whether every submitted rating of one side about the other has its reply."""
    return not Beoordeling.objects.filter(
        ronde=ronde, richting__in=OVER_DE_ANDER, ingediend_op__isnull=False, reactie__isnull=True
    ).exists()


def kan_definitief(ronde: Beoordelingsronde, vandaag: datetime.date | None = None) -> bool:
    """Whether a discussed round may become definitief now: the reply window has passed, or both replies are in."""
    return ronde.status == Status.BESPROKEN and (not reactietermijn_open(ronde, vandaag) or reacties_compleet(ronde))


# --- Bespreking -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AfspraakControle:
    """The re-check of one afspraak of an earlier round at this round's bespreking."""

    status: str
    toelichting: str = ""


def _bespreking_stand(bespreking: Bespreking, ronde: Beoordelingsronde) -> dict:
    return {
        **momentopname(bespreking, ["datum", "overige_aanwezigen", "samenvatting"]),
        "aanwezigen": sorted(persoon.naam for persoon in bespreking.aanwezigen.all()),
        "lessen": ronde.lessen,
    }


def _controleer_aanwezigen(ronde: Beoordelingsronde, aanwezigen: Sequence[User], overige: str) -> None:
    gemeente, opdrachtnemer = _partijen(ronde)
    vreemd = [
        persoon.naam
        for persoon in aanwezigen
        if persoon.organisatie_id not in (gemeente.pk, opdrachtnemer.pk) or not persoon.is_actief
    ]
    if vreemd:
        raise ValidationError(
            {
                "aanwezigen": _(
                    "Kies als aanwezigen alleen actieve medewerkers van %(gemeente)s of %(opdrachtnemer)s, niet: "
                    "%(namen)s. Anderen noemt u bij de overige aanwezigen."
                )
                % {"gemeente": gemeente.naam, "opdrachtnemer": opdrachtnemer.naam, "namen": ", ".join(vreemd)}
            }
        )
    if not aanwezigen and not overige:
        raise ValidationError({"aanwezigen": _("Vul in wie er bij de bespreking waren.")})


def _controleer_besprekingsdatum(ronde: Beoordelingsronde, datum_bespreking: datetime.date | None) -> None:
    if datum_bespreking is None:
        raise ValidationError({"datum": _("Vul de datum van de bespreking in.")})
    if datum_bespreking > timezone.localdate():
        raise ValidationError(
            {"datum": _("De bespreking kan niet in de toekomst liggen: vul de datum in waarop het gesprek was.")}
        )
    onthuld = timezone.localdate(ronde.onthuld_op) if ronde.onthuld_op else None
    if onthuld and datum_bespreking < onthuld:
        raise ValidationError(
            {
                "datum": _("De beoordelingen werden op %(datum)s onthuld; de bespreking was op die dag of later.")
                % {"datum": als_datum(onthuld)}
            }
        )


def te_controleren_afspraken(ronde: Beoordelingsronde):
    """The afspraken of earlier rounds of the same plan that this round re-checks: those still open, and those
    already checked in this round."""
    return Afspraak.objects.filter(
        Q(status=Afspraak.Status.OPEN) | Q(gecontroleerd_in=ronde),
        ronde__plan_id=ronde.plan_id,
        ronde__volgnummer__lt=ronde.volgnummer,
    )


@transaction.atomic
def bespreking_vastleggen(
    *,
    ronde: Beoordelingsronde,
    datum: datetime.date,
    aanwezigen: Sequence[User],
    overige_aanwezigen: str,
    samenvatting: str,
    lessen: str = "",
    controles: Mapping[int, AfspraakControle] | None = None,
    door: User,
    request: HttpRequest | None = None,
) -> Bespreking:
    """Record the bespreking of a revealed round (onthuld -> besproken), or correct it until the round is definitief:
    when it was (today or earlier, not before the reveal), who was there (staff of the two parties; others by role in
    `overige_aanwezigen`), a summary (Markdown) and, at an eindronde, the lessons for the kring. `controles` re-checks
    afspraken of earlier rounds of the plan (by id): their new status, marked as checked in this round.

    The reply window runs at least `Beleid.reactie_dagen` past the bespreking. All or nothing."""
    ronde = _vergrendel(ronde)
    if not mag_bespreken(door, ronde):
        raise PermissionDenied
    if ronde.status != Status.BESPROKEN:
        if ronde.status == Status.DEFINITIEF:
            raise ValidationError(DEFINITIEF)
        controleer_overgang(ronde, Status.BESPROKEN)
    aanwezigen = list(aanwezigen)
    velden = {}

    def teksten():
        velden["overige"] = _tekst(overige_aanwezigen, "overige_aanwezigen", maximum=300)
        velden["samenvatting"] = _tekst(
            samenvatting, "samenvatting", verplicht=_("Vat samen wat er besproken is en wat er is afgesproken.")
        )
        velden["lessen"] = _tekst(lessen, "lessen")
        if velden["lessen"] and ronde.soort != Beoordelingsronde.Soort.EIND:
            raise ValidationError({"lessen": _("Lessen voor de kring legt u vast bij de eindronde.")})

    _alle_fouten(
        teksten,
        lambda: _controleer_besprekingsdatum(ronde, datum),
        lambda: _controleer_aanwezigen(ronde, aanwezigen, (overige_aanwezigen or "").strip()),
    )
    controles = dict(controles or {})
    te_controleren = {afspraak.pk: afspraak for afspraak in te_controleren_afspraken(ronde)}
    if set(controles) - set(te_controleren):
        raise ValidationError(_("Een afspraak hoort niet bij een eerdere ronde van dit plan. Laad de pagina opnieuw."))

    bespreking = Bespreking.objects.filter(ronde=ronde).first()
    nieuw = bespreking is None
    voor = None if nieuw else _bespreking_stand(bespreking, ronde)
    if nieuw:
        bespreking = Bespreking(ronde=ronde, vastgelegd_door=door)
    bespreking.datum = datum
    bespreking.overige_aanwezigen = velden["overige"]
    bespreking.samenvatting = velden["samenvatting"]
    bespreking.vastgelegd_op = timezone.now()
    bespreking.full_clean(exclude=["vastgelegd_door"])
    bespreking.save()
    bespreking.aanwezigen.set(aanwezigen)

    ronde_velden = ["lessen"]
    ronde.lessen = velden["lessen"]
    voor_ronde = momentopname(ronde, ["status", "reactie_tot"])
    if nieuw:
        ronde.status = Status.BESPROKEN
        ronde_velden.append("status")
    minimaal_tot = datum + datetime.timedelta(days=Beleid.huidig().reactie_dagen)
    if ronde.reactie_tot is None or ronde.reactie_tot < minimaal_tot:
        ronde.reactie_tot = minimaal_tot
        ronde_velden.append("reactie_tot")
    ronde.save(update_fields=ronde_velden)

    for afspraak_id, controle in controles.items():
        afspraak = te_controleren[afspraak_id]
        if controle.status == afspraak.status and controle.toelichting.strip() == afspraak.toelichting:
            continue
        afspraak_update_status(
            afspraak=afspraak,
            status=controle.status,
            toelichting=controle.toelichting,
            gecontroleerd_in=ronde,
            door=door,
            request=request,
        )

    na = _bespreking_stand(bespreking, ronde)
    if nieuw:
        audit_log(
            actie="ronde.besproken",
            actor=door,
            obj=ronde,
            voor=voor_ronde,
            na={**na, **momentopname(ronde, ["status", "reactie_tot"])},
            request=request,
        )
    else:
        voor, na = wijzigingen(voor, na)
        if na:
            audit_log(actie="ronde.bespreking_gewijzigd", actor=door, obj=ronde, voor=voor, na=na, request=request)
    return bespreking


# --- Afspraken --------------------------------------------------------------------------------------------------------


def criteriumcodes(ronde: Beoordelingsronde) -> dict[str, str]:
    """The criteria of the round's questionnaires an afspraak can be about: code -> name (in questionnaire order)."""
    codes: dict[str, str] = {}
    for code, naam in (
        Criterium.objects.filter(vragenlijst__beoordelingen__ronde=ronde)
        .order_by("vragenlijst__richting", "volgorde", "pk")
        .values_list("code", "naam")
    ):
        codes.setdefault(code, naam)
    return codes


@transaction.atomic
def afspraak_create(
    *,
    ronde: Beoordelingsronde,
    omschrijving: str,
    eigenaar_organisatie: Organisatie | None,
    eigenaar: User | None = None,
    deadline: datetime.date | None,
    criterium_code: str = "",
    door: User,
    request: HttpRequest | None = None,
) -> Afspraak:
    """An afspraak made after the reveal and before definitief: what, which of the two parties owns it (and who there
    is the aanspreekpunt), by when (after today), optionally about one criterion. It comes back on the agenda of the
    plan's next round."""
    ronde = _vergrendel(ronde)
    if not mag_bespreken(door, ronde):
        raise PermissionDenied
    controleer_na_onthulling(ronde)
    gemeente, opdrachtnemer = _partijen(ronde)
    velden = {}

    def tekst():
        velden["omschrijving"] = _tekst(
            omschrijving, "omschrijving", maximum=MAX_KORT, verplicht=_("Beschrijf wat er is afgesproken.")
        )

    def eigenaar_kloppend():
        if eigenaar_organisatie is None or eigenaar_organisatie.pk not in (gemeente.pk, opdrachtnemer.pk):
            raise ValidationError(
                {
                    "eigenaar_organisatie": _("Kies %(gemeente)s of %(opdrachtnemer)s als eigenaar.")
                    % {"gemeente": gemeente.naam, "opdrachtnemer": opdrachtnemer.naam}
                }
            )
        if eigenaar is not None and (eigenaar.organisatie_id != eigenaar_organisatie.pk or not eigenaar.is_actief):
            raise ValidationError(
                {
                    "eigenaar": _("Kies als aanspreekpunt een actieve medewerker van %(organisatie)s.")
                    % {"organisatie": eigenaar_organisatie.naam}
                }
            )

    def deadline_kloppend():
        if deadline is None or deadline <= timezone.localdate():
            raise ValidationError(
                {"deadline": _("Kies een datum na vandaag: wanneer moet de afspraak nagekomen zijn?")}
            )

    def criterium_kloppend():
        if criterium_code and criterium_code not in criteriumcodes(ronde):
            raise ValidationError({"criterium_code": _("Kies een criterium uit de vragenlijsten van deze ronde.")})

    _alle_fouten(tekst, eigenaar_kloppend, deadline_kloppend, criterium_kloppend)
    afspraak = Afspraak(
        ronde=ronde,
        omschrijving=velden["omschrijving"],
        eigenaar_organisatie=eigenaar_organisatie,
        eigenaar=eigenaar,
        deadline=deadline,
        criterium_code=criterium_code,
    )
    afspraak.full_clean()
    afspraak.save()
    audit_log(
        actie="afspraak.aangemaakt",
        actor=door,
        obj=afspraak,
        na=momentopname(afspraak, ["ronde", "omschrijving", "eigenaar_organisatie", "eigenaar", "deadline"])
        | {"criterium_code": criterium_code},
        request=request,
    )
    return afspraak


@transaction.atomic
def afspraak_update_status(
    *,
    afspraak: Afspraak,
    status: str,
    toelichting: str,
    door: User,
    gecontroleerd_in: Beoordelingsronde | None = None,
    request: HttpRequest | None = None,
) -> Afspraak:
    """Follow an afspraak up: its status with an explanation (required when it was not kept or dropped), optionally
    as checked in a later round of the same plan. Allowed after definitief too: following up is not a correction."""
    afspraak = (
        Afspraak.objects.select_for_update(of=("self",))
        .select_related("ronde__plan__project__gemeente", "ronde__plan__opdrachtnemer")
        .get(pk=afspraak.pk)
    )
    if not mag_bespreken(door, afspraak.ronde):
        raise PermissionDenied
    fouten: dict[str, list] = {}
    if status not in Afspraak.Status.values:
        fouten["status"] = [_("Kies een bestaande status.")]
    try:
        toelichting = _tekst(toelichting, "toelichting", maximum=MAX_KORT)
    except ValidationError as fout:
        fout.update_error_dict(fouten)
    else:
        if status in (Afspraak.Status.NIET_NAGEKOMEN, Afspraak.Status.VERVALLEN) and not toelichting:
            fouten["toelichting"] = [_("Licht toe waarom de afspraak niet is nagekomen of is vervallen.")]
    if gecontroleerd_in is not None and not (
        gecontroleerd_in.plan_id == afspraak.ronde.plan_id
        and gecontroleerd_in.volgnummer > afspraak.ronde.volgnummer
        and gecontroleerd_in.is_onthuld
    ):
        fouten.setdefault("status", []).append(
            _("Een afspraak wordt gecontroleerd in een latere, onthulde ronde van hetzelfde plan.")
        )
    if fouten:
        raise ValidationError(fouten)
    velden = ["status", "toelichting", "gecontroleerd_in", "gewijzigd_op"]
    voor = momentopname(afspraak, velden[:3])
    afspraak.status = status
    afspraak.toelichting = toelichting
    if gecontroleerd_in is not None:
        afspraak.gecontroleerd_in = gecontroleerd_in
    voor, na = wijzigingen(voor, momentopname(afspraak, velden[:3]))
    if not na:
        return afspraak
    afspraak.gewijzigd_op = timezone.now()
    afspraak.save(update_fields=velden)
    audit_log(actie="afspraak.status_gewijzigd", actor=door, obj=afspraak, voor=voor, na=na, request=request)
    return afspraak


# --- Reactie en reactietermijn ----------------------------------------------------------------------------------------


def controleer_reactie(*, ronde: Beoordelingsronde, beoordeling: Beoordeling) -> None:
    """Refuse (a Dutch ValidationError) when `beoordeling` cannot get a reply now: the round is not between reveal
    and definitief, the rating was not submitted, or the reply window has closed."""
    controleer_na_onthulling(ronde)
    if not beoordeling.is_ingediend:
        raise ValidationError(_("Deze beoordeling is niet ingediend; er is niets om op te reageren."))
    if not reactietermijn_open(ronde):
        raise ValidationError(
            _("De reactietermijn is verlopen op %(datum)s.") % {"datum": als_datum(ronde.reactie_tot)}
            if ronde.reactie_tot
            else _("Er loopt geen reactietermijn voor deze ronde.")
        )


@transaction.atomic
def reactie_geven(
    *,
    beoordeling: Beoordeling,
    eens: bool | None,
    tekst: str,
    gesprek_gewenst: bool = False,
    door: User,
    request: HttpRequest | None = None,
) -> Reactie:
    """The rated organisation's reply to a submitted rating by the other side: agree or not, with a text, and
    whether it wants a conversation about it. One reply per rating, which may be changed until the window closes
    (up to and including `reactie_tot`)."""
    ronde = _vergrendel(beoordeling.ronde)
    beoordeling = Beoordeling.objects.select_related("beoordelaar_organisatie").get(pk=beoordeling.pk)
    if not mag_reageren(door, beoordeling):
        raise PermissionDenied
    controleer_reactie(ronde=ronde, beoordeling=beoordeling)
    fouten: dict[str, list] = {}
    if eens is None:
        fouten["eens"] = [_("Geef aan of u het eens bent met de beoordeling.")]
    try:
        tekst = _tekst(tekst, "tekst", verplicht=_("Schrijf uw reactie op de beoordeling."))
    except ValidationError as fout:
        fout.update_error_dict(fouten)
    if fouten:
        raise ValidationError(fouten)
    reactie = Reactie.objects.filter(beoordeling=beoordeling).first()
    voor = momentopname(reactie, ["eens", "tekst", "gesprek_gewenst"]) if reactie else None
    if reactie is None:
        reactie = Reactie(beoordeling=beoordeling)
    reactie.eens, reactie.tekst, reactie.gesprek_gewenst = eens, tekst, bool(gesprek_gewenst)
    reactie.door, reactie.op = door, timezone.now()
    reactie.full_clean()
    na = momentopname(reactie, ["eens", "tekst", "gesprek_gewenst"])
    if voor is not None:
        voor, na = wijzigingen(voor, na)
        if not na:
            return reactie
    reactie.save()
    audit_log(
        actie="reactie.gegeven" if voor is None else "reactie.gewijzigd",
        actor=door,
        obj=beoordeling,
        voor=voor,
        na=na,
        request=request,
    )
    return reactie


@transaction.atomic
def reactietermijn_verlengen(
    *, ronde: Beoordelingsronde, door: User, request: HttpRequest | None = None
) -> Beoordelingsronde:
    """Extend the reply window once, by `Beleid.verlenging_dagen`, while it is still open: for either party (both
    are rated) or a beheerder."""
    ronde = _vergrendel(ronde)
    if not mag_bespreken(door, ronde):
        raise PermissionDenied
    controleer_na_onthulling(ronde)
    if ronde.reactie_verlengd:
        raise ValidationError(_("De reactietermijn is al een keer verlengd; dat kan maar één keer."))
    if not reactietermijn_open(ronde):
        raise ValidationError(
            _("De reactietermijn is verlopen op %(datum)s; verlengen kan alleen zolang hij loopt.")
            % {"datum": als_datum(ronde.reactie_tot)}
        )
    voor = {"reactie_tot": str(ronde.reactie_tot)}
    ronde.reactie_tot += datetime.timedelta(days=Beleid.huidig().verlenging_dagen)
    ronde.reactie_verlengd = True
    ronde.save(update_fields=["reactie_tot", "reactie_verlengd"])
    audit_log(
        actie="ronde.reactietermijn_verlengd",
        actor=door,
        obj=ronde,
        voor=voor,
        na={"reactie_tot": str(ronde.reactie_tot)},
        request=request,
    )
    return ronde


# --- Definitief -------------------------------------------------------------------------------------------------------


@transaction.atomic
def ronde_definitief(*, ronde: Beoordelingsronde, door: User, request: HttpRequest | None = None) -> Beoordelingsronde:
    """Make a discussed round definitief (besproken -> definitief) once the reply window has passed or both replies
    are in: by whoever manages the plan. Its ratings then count in the profiles (summary rows, in this transaction);
    from now on it changes only by addendum."""
    ronde = _vergrendel(ronde)
    if not mag_ronde_definitief_maken(door, ronde):
        raise PermissionDenied
    if ronde.status == Status.DEFINITIEF:
        raise ValidationError(_("Deze ronde is al definitief."))
    if ronde.status == Status.ONTHULD:
        raise ValidationError(_("Leg eerst de bespreking vast; daarna kan de ronde definitief worden."))
    controleer_overgang(ronde, Status.DEFINITIEF)
    if not kan_definitief(ronde):
        raise ValidationError(
            _(
                "De reactietermijn loopt nog tot en met %(datum)s. De ronde kan definitief worden als beide reacties "
                "binnen zijn of als de termijn voorbij is."
            )
            % {"datum": als_datum(ronde.reactie_tot)}
        )
    voor = {"status": ronde.status}
    ronde.status = Status.DEFINITIEF
    ronde.definitief_op = timezone.now()
    ronde.save(update_fields=["status", "definitief_op"])
    samenvatting_toevoegen(ronde=ronde)
    audit_log(actie="ronde.definitief", actor=door, obj=ronde, voor=voor, na={"status": ronde.status}, request=request)
    return ronde


# --- Bezwaar ----------------------------------------------------------------------------------------------------------


def _controleer_bezwaar_overgang(bezwaar: Bezwaar, naar: str) -> None:
    if naar not in Bezwaar.OVERGANGEN[Bezwaar.Status(bezwaar.status)]:
        raise ValidationError(
            _("Een bezwaar met status ‘%(van)s’ kan niet naar ‘%(naar)s’.")
            % {"van": bezwaar.get_status_display().lower(), "naar": Bezwaar.Status(naar).label.lower()}
        )


def controleer_bezwaar(*, ronde: Beoordelingsronde, beoordeling: Beoordeling) -> None:
    """Refuse (a Dutch ValidationError) when no bezwaar can be made against `beoordeling` now: the round is not
    definitief, the rating was not submitted, or a bezwaar against it is still running."""
    if ronde.status != Status.DEFINITIEF:
        raise ValidationError(_("Bezwaar kan pas als de ronde definitief is; reageer tot dan op de beoordeling."))
    if not beoordeling.is_ingediend:
        raise ValidationError(_("Deze beoordeling is niet ingediend; er is niets om bezwaar tegen te maken."))
    if beoordeling.bezwaren.exclude(status=Bezwaar.Status.BESLOTEN).exists():
        raise ValidationError(_("Tegen deze beoordeling loopt al een bezwaar; wacht het besluit van het panel af."))


@transaction.atomic
def bezwaar_indienen(
    *, beoordeling: Beoordeling, gronden: str, door: User, request: HttpRequest | None = None
) -> Bezwaar:
    """An objection of the rated organisation against a rating by the other side in a definitief round; one running
    bezwaar per rating. A beheerder then composes its panel."""
    ronde = _vergrendel(beoordeling.ronde)
    beoordeling = Beoordeling.objects.select_for_update(of=("self",)).get(pk=beoordeling.pk)
    if not mag_bezwaar_indienen(door, beoordeling):
        raise PermissionDenied
    controleer_bezwaar(ronde=ronde, beoordeling=beoordeling)
    gronden = _tekst(gronden, "gronden", verplicht=_("Schrijf waarom u bezwaar maakt tegen de beoordeling."))
    bezwaar = Bezwaar(beoordeling=beoordeling, organisatie=door.organisatie, ingediend_door=door, gronden=gronden)
    bezwaar.full_clean()
    bezwaar.save()
    audit_log(actie="bezwaar.ingediend", actor=door, obj=bezwaar, na={"gronden": gronden}, request=request)
    transaction.on_commit(lambda: tasks.mail_bezwaar_ingediend.delay(bezwaar.pk))
    return bezwaar


def _bezwaar_voor_mail(bezwaar_id: int, status: str) -> Bezwaar | None:
    return (
        Bezwaar.objects.filter(pk=bezwaar_id, status=status)
        .select_related("beoordeling__ronde__plan__project", "organisatie", "panel_gemeente", "panel_kring")
        .first()
    )


def bezwaar_mail_beheerders(*, bezwaar_id: int) -> None:
    """Ask the beheerders to compose the panel of a new bezwaar (plain text mail, one message in bcc)."""
    bezwaar = _bezwaar_voor_mail(bezwaar_id, Bezwaar.Status.INGEDIEND)
    adressen = list(beheerders().values_list("email", flat=True))
    if bezwaar is None or not adressen:
        return
    send(
        onderwerp=_("Bezwaar van %(organisatie)s: stel een panel samen") % {"organisatie": bezwaar.organisatie.naam},
        template="emails/pp_bezwaar_beheerders.txt",
        context={"bezwaar": bezwaar, "panel_url": reverse("pastperformance:bezwaar_panel", args=[bezwaar.pk])},
        bcc=adressen,
    )


def bezwaar_mail_panel(*, bezwaar_id: int) -> None:
    """Tell the two panel members they decide the bezwaar (one mail to both: they decide together)."""
    bezwaar = _bezwaar_voor_mail(bezwaar_id, Bezwaar.Status.PANEL)
    if bezwaar is None:
        return
    send(
        onderwerp=_("U zit in het panel voor een bezwaar"),
        template="emails/pp_bezwaar_panel.txt",
        context={"bezwaar": bezwaar, "bezwaar_url": reverse("pastperformance:bezwaar", args=[bezwaar.pk])},
        to=[bezwaar.panel_gemeente.email, bezwaar.panel_kring.email],
    )


def betrokkenen(plan: Beoordelingsplan) -> set[int]:
    """The people involved in `plan`'s project, who cannot sit on a panel about it: its contact person, the raters,
    the makers of its plans, who submitted a rating, was at a bespreking, owns an afspraak or filed a bezwaar."""
    project = plan.project
    plannen = Beoordelingsplan.objects.filter(project_id=project.pk)
    rondes = Beoordelingsronde.objects.filter(plan__in=plannen)
    ids = {project.contactpersoon_id}
    for og, on, maker in plannen.values_list("beoordelaar_og_id", "beoordelaar_on_id", "aangemaakt_door_id"):
        ids |= {og, on, maker}
    ids |= set(Beoordeling.objects.filter(ronde__in=rondes).values_list("ingediend_door_id", flat=True))
    ids |= set(
        Bespreking.aanwezigen.through.objects.filter(bespreking__ronde__in=rondes).values_list("user_id", flat=True)
    )
    ids |= set(Bespreking.objects.filter(ronde__in=rondes).values_list("vastgelegd_door_id", flat=True))
    ids |= set(Afspraak.objects.filter(ronde__in=rondes).values_list("eigenaar_id", flat=True))
    ids |= set(Bezwaar.objects.filter(beoordeling__ronde__in=rondes).values_list("ingediend_door_id", flat=True))
    return ids - {None}


def partijen_van_project(plan: Beoordelingsplan) -> set[int]:
    """The organisations that are a party in `plan`'s project: its gemeente and every contractor on it."""
    project = plan.project
    return (
        {project.gemeente_id}
        | set(project.opdrachtnemers.values_list("pk", flat=True))
        | set(Beoordelingsplan.objects.filter(project_id=project.pk).values_list("opdrachtnemer_id", flat=True))
    )


@transaction.atomic
def bezwaar_panel_samenstellen(
    *,
    bezwaar: Bezwaar,
    panel_gemeente: User | None,
    panel_kring: User | None,
    door: User,
    request: HttpRequest | None = None,
) -> Bezwaar:
    """A beheerder puts a bezwaar before a panel of two people not involved in the project: one from a member
    gemeente (the project's own gemeente may be it, if that person had no part in the project) and one from another
    member organisation of the kring, not a party in the project."""
    if not mag_bezwaren_beheren(door):
        raise PermissionDenied
    bezwaar = (
        Bezwaar.objects.select_for_update(of=("self",))
        .select_related("beoordeling__ronde__plan__project")
        .get(pk=bezwaar.pk)
    )
    _controleer_bezwaar_overgang(bezwaar, Bezwaar.Status.PANEL)
    plan = bezwaar.beoordeling.ronde.plan
    betrokken = betrokkenen(plan) | {bezwaar.ingediend_door_id}
    leden = Organisatie.objects.leden()
    fouten: dict[str, list] = {}
    if panel_gemeente is None:
        fouten["panel_gemeente"] = [_("Kies het panellid namens een gemeente.")]
    elif not (
        panel_gemeente.is_actief
        and leden.filter(pk=panel_gemeente.organisatie_id, soort=Organisatie.Soort.GEMEENTE).exists()
    ):
        fouten["panel_gemeente"] = [_("Kies een actieve medewerker van een gemeente uit de kring.")]
    elif panel_gemeente.pk in betrokken:
        fouten["panel_gemeente"] = [
            _("%(naam)s is betrokken bij dit project en kan niet in het panel.") % {"naam": panel_gemeente.naam}
        ]
    if panel_kring is None:
        fouten["panel_kring"] = [_("Kies het panellid uit de kring.")]
    elif not (panel_kring.is_actief and leden.filter(pk=panel_kring.organisatie_id).exists()):
        fouten["panel_kring"] = [_("Kies een actief lid van een organisatie uit de kring.")]
    elif panel_kring.organisatie_id in partijen_van_project(plan) or panel_kring.pk in betrokken:
        fouten["panel_kring"] = [
            _("%(naam)s werkt voor een partij in dit project en kan niet in het panel.") % {"naam": panel_kring.naam}
        ]
    if not fouten and panel_gemeente.pk == panel_kring.pk:
        fouten["panel_kring"] = [_("Kies twee verschillende personen.")]
    if fouten:
        raise ValidationError(fouten)
    bezwaar.panel_gemeente, bezwaar.panel_kring = panel_gemeente, panel_kring
    bezwaar.status = Bezwaar.Status.PANEL
    bezwaar.full_clean()
    bezwaar.save(update_fields=["panel_gemeente", "panel_kring", "status"])
    audit_log(
        actie="bezwaar.panel_samengesteld",
        actor=door,
        obj=bezwaar,
        voor={"status": Bezwaar.Status.INGEDIEND},
        na={"status": bezwaar.status, "panel": [panel_gemeente.naam, panel_kring.naam]},
        request=request,
    )
    transaction.on_commit(lambda: tasks.mail_bezwaar_panel.delay(bezwaar.pk))
    return bezwaar


@transaction.atomic
def bezwaar_besluiten(
    *, bezwaar: Bezwaar, besluit: str, tekst: str, door: User, request: HttpRequest | None = None
) -> Bezwaar:
    """A panel member records the panel's decision with its reasons, kept as an addendum to the rating (the rating
    itself stays as it was). Gegrond: the rating no longer counts in the profiles."""
    bezwaar = Bezwaar.objects.select_for_update(of=("self",)).select_related("beoordeling__ronde").get(pk=bezwaar.pk)
    if not is_panellid(door, bezwaar):
        raise PermissionDenied
    _controleer_bezwaar_overgang(bezwaar, Bezwaar.Status.BESLOTEN)
    fouten: dict[str, list] = {}
    if besluit not in Bezwaar.Besluit.values:
        fouten["besluit"] = [_("Kies het besluit van het panel.")]
    try:
        tekst = _tekst(tekst, "tekst", verplicht=_("Schrijf het besluit van het panel met de redenen."))
    except ValidationError as fout:
        fout.update_error_dict(fouten)
    if fouten:
        raise ValidationError(fouten)
    beoordeling = bezwaar.beoordeling
    bezwaar.status, bezwaar.besluit, bezwaar.besloten_op = Bezwaar.Status.BESLOTEN, besluit, timezone.now()
    bezwaar.save(update_fields=["status", "besluit", "besloten_op"])
    Addendum.objects.create(ronde=beoordeling.ronde, beoordeling=beoordeling, bezwaar=bezwaar, tekst=tekst, door=door)
    if besluit == Bezwaar.Besluit.GEGROND and beoordeling.telt_mee:
        beoordeling.telt_mee = False
        beoordeling.save(update_fields=["telt_mee"])
        samenvatting_verwijderen(beoordeling=beoordeling)
    audit_log(
        actie="bezwaar.besloten",
        actor=door,
        obj=bezwaar,
        voor={"status": Bezwaar.Status.PANEL},
        na={"status": bezwaar.status, "besluit": besluit, "tekst": tekst, "telt_mee": beoordeling.telt_mee},
        request=request,
    )
    return bezwaar


# --- Addendum en lessen -----------------------------------------------------------------------------------------------


@transaction.atomic
def addendum_toevoegen(
    *,
    ronde: Beoordelingsronde,
    beoordeling: Beoordeling | None = None,
    tekst: str,
    door: User,
    request: HttpRequest | None = None,
) -> Addendum:
    """A correction of a definitief round, added beside it (nothing in the round changes): to one of its ratings by
    that rating's own organisation or a beheerder, to the round as a whole by a beheerder."""
    ronde = _vergrendel(ronde)
    if beoordeling is not None and beoordeling.ronde_id != ronde.pk:
        raise ValidationError({"beoordeling": _("Kies een beoordeling van deze ronde.")})
    if not mag_addendum_toevoegen(door, ronde, beoordeling):
        raise PermissionDenied
    if ronde.status != Status.DEFINITIEF:
        raise ValidationError(
            _("Een addendum hoort bij een definitieve ronde; tot dan past u de bespreking of de afspraken zelf aan.")
        )
    tekst = _tekst(tekst, "tekst", verplicht=_("Schrijf wat het addendum corrigeert of aanvult."))
    addendum = Addendum(ronde=ronde, beoordeling=beoordeling, tekst=tekst, door=door)
    addendum.full_clean()
    addendum.save()
    audit_log(
        actie="ronde.addendum_toegevoegd",
        actor=door,
        obj=ronde,
        na={"beoordeling": str(beoordeling) if beoordeling else None, "tekst": tekst},
        request=request,
    )
    return addendum


@transaction.atomic
def lessen_publiceren(
    *, ronde: Beoordelingsronde, door: User, request: HttpRequest | None = None
) -> tuple[Kennisitem, bool]:
    """Publish the lessons of a definitief eindronde to the kennisbank as a lesson learned for the kring's members,
    linked to the project. Once: a second call returns the published item. Returns (item, whether this call
    published it)."""
    ronde = _vergrendel(ronde)
    if not mag_lessen_publiceren(door, ronde):
        raise PermissionDenied
    if ronde.kennisitem_id is not None:
        return ronde.kennisitem, False
    if ronde.soort != Beoordelingsronde.Soort.EIND:
        raise ValidationError(_("Alleen de lessen van een eindronde gaan naar de kennisbank."))
    if ronde.status != Status.DEFINITIEF:
        raise ValidationError(_("De lessen gaan naar de kennisbank als de eindronde definitief is."))
    if not ronde.lessen.strip():
        raise ValidationError(_("Bij deze ronde zijn geen lessen vastgelegd."))
    project = ronde.plan.project
    kennisitem = kennisitem_create(
        inhoud=KennisitemInhoud(
            soort=Kennisitem.Soort.LESSON_LEARNED,
            titel=_("Lessen uit %(project)s") % {"project": project.naam},
            samenvatting=_(
                "Wat gemeente en opdrachtnemer samen leerden bij %(project)s, vastgelegd bij de eindbespreking van "
                "de samenwerking."
            )
            % {"project": project.naam},
            inhoud=ronde.lessen,
            zichtbaarheid=Kennisitem.Zichtbaarheid.LEDEN,
            tags=("past performance",),
            herzien_voor=standaard_herzien_voor(),
        ),
        door=door,
        request=request,
    )
    # The kennisbank's form has no project field; the link tells readers which project the lessons come from.
    kennisitem.project = project
    kennisitem.save(update_fields=["project"])
    ronde.kennisitem = kennisitem
    ronde.save(update_fields=["kennisitem"])
    audit_log(
        actie="ronde.lessen_gepubliceerd", actor=door, obj=ronde, na={"kennisitem": kennisitem.pk}, request=request
    )
    return kennisitem, True
