"""Writes of a rating: save a draft, submit it, and reveal the round when the last of its four ratings is in.

Scores are 1-10 or NVT, with a motivation at 5 or lower and at 9 or higher, and at 5 or lower a proposed afspraak too
(issue 6 outcome 3, research §4). A draft may be incomplete but never wrong; a submitted rating is complete and final.
The audit log records that a rating was saved or submitted, never its scores: beheerders read the log, and before the
reveal nobody but the rater's organisation may see them."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log
from kring.markdown import weiger_actieve_html
from kring.models import User
from pastperformance.models import (
    ONVOLDOENDE_TOT,
    SCORE_MAX,
    SCORE_MIN,
    UITSCHIETER_VANAF,
    Beoordeling,
    Beoordelingsronde,
    Criterium,
    Richting,
    Score,
)
from pastperformance.permissions import mag_beoordeling_invullen
from pastperformance.services.rondes import is_klaar_voor_onthulling, ronde_onthul

Status = Beoordelingsronde.Status

# Lengths a reader takes in at the bespreking; longer belongs in a document.
MAX_MOTIVERING = 2000
MAX_AFSPRAAK = 1000
MAX_TOELICHTING = 4000

ZELF = (Richting.ZELF_OG, Richting.ZELF_ON)

NIET_OPEN = {
    Status.GEPLAND: gettext_lazy("De ronde is nog niet open: beoordelen kan vanaf %(datum)s."),
    Status.ONTHULD: gettext_lazy("De ronde is al onthuld: beoordelingen veranderen daarna niet meer."),
    Status.BESPROKEN: gettext_lazy("De ronde is al onthuld en besproken: beoordelingen veranderen daarna niet meer."),
    Status.DEFINITIEF: gettext_lazy("Deze ronde is definitief; een correctie kan alleen als addendum."),
    Status.VERVALLEN: gettext_lazy("Deze ronde is vervallen: er wordt niet meer in beoordeeld."),
}


@dataclass(frozen=True)
class ScoreInvoer:
    """What a rater gave one criterion: a score 1-10, or NVT (then no score), or nothing yet (a draft)."""

    waarde: int | None = None
    nvt: bool = False
    motivering: str = ""
    voorgestelde_afspraak: str = ""


def veldnaam(criterium_id: int, deel: str) -> str:
    """The name of one field of one criterion, in the errors of `beoordeling_bewaar` and on the form: `deel` is
    "waarde", "motivering" or "voorgestelde_afspraak"."""
    return f"c{criterium_id}_{deel}"


def _tekstfouten(tekst: str, veld: str, maximum: int, fouten: dict) -> None:
    if len(tekst) > maximum:
        fouten.setdefault(veld, []).append(
            _("Gebruik hoogstens %(max)s tekens (nu %(aantal)s).") % {"max": maximum, "aantal": len(tekst)}
        )
        return
    try:
        weiger_actieve_html(tekst, veld=veld)
    except ValidationError as geweigerd:
        geweigerd.update_error_dict(fouten)


def _scorefouten(criterium: Criterium, invoer: ScoreInvoer, *, indienen: bool, fouten: dict) -> None:
    """The errors of one criterion's answer, under its field names."""

    def fout(deel, tekst):
        fouten.setdefault(veldnaam(criterium.pk, deel), []).append(tekst)

    waarde = invoer.waarde
    if waarde is not None and (isinstance(waarde, bool) or not isinstance(waarde, int)):
        waarde = None
        fout("waarde", _("Kies een score van 1 tot en met 10."))
    elif waarde is not None and not SCORE_MIN <= waarde <= SCORE_MAX:
        waarde = None
        fout("waarde", _("Een score is een heel getal van 1 tot en met 10; %(waarde)s kan niet.") % {"waarde": waarde})
    elif invoer.nvt and not criterium.nvt_toegestaan:
        fout("waarde", _("NVT kan bij dit criterium niet: het geldt voor elk project. Kies een score van 1 tot 10."))
    elif invoer.nvt and waarde is not None:
        fout("waarde", _("Kies een score óf NVT, niet allebei."))
    elif indienen and waarde is None and not invoer.nvt:
        fout(
            "waarde",
            _("Geef een score of kies NVT.") if criterium.nvt_toegestaan else _("Geef een score van 1 tot en met 10."),
        )
    _tekstfouten(invoer.motivering, veldnaam(criterium.pk, "motivering"), MAX_MOTIVERING, fouten)
    _tekstfouten(invoer.voorgestelde_afspraak, veldnaam(criterium.pk, "voorgestelde_afspraak"), MAX_AFSPRAAK, fouten)
    if not indienen or waarde is None:
        return
    if waarde <= ONVOLDOENDE_TOT and not invoer.motivering:
        fout("motivering", _("Motiveer een score van %(grens)s of lager.") % {"grens": ONVOLDOENDE_TOT})
    elif waarde >= UITSCHIETER_VANAF and not invoer.motivering:
        fout("motivering", _("Motiveer een score van %(grens)s of hoger.") % {"grens": UITSCHIETER_VANAF})
    if waarde <= ONVOLDOENDE_TOT and not invoer.voorgestelde_afspraak:
        fout(
            "voorgestelde_afspraak",
            _("Stel een afspraak voor: bij een score van %(grens)s of lager hoort een voorstel om het te verbeteren.")
            % {"grens": ONVOLDOENDE_TOT},
        )


def _opgeschoond(invoer: ScoreInvoer) -> ScoreInvoer:
    return ScoreInvoer(
        waarde=invoer.waarde,
        nvt=bool(invoer.nvt),
        motivering=(invoer.motivering or "").strip(),
        voorgestelde_afspraak=(invoer.voorgestelde_afspraak or "").strip(),
    )


def _controleer_wie_en_wanneer(beoordeling: Beoordeling, ronde: Beoordelingsronde, door: User) -> None:
    if beoordeling.richting not in ZELF and door.organisatie_id == beoordeling.beoordeelde_organisatie_id:
        raise ValidationError(
            _(
                "U kunt uw eigen organisatie niet als de andere partij beoordelen: deze beoordeling vult "
                "%(beoordelaar)s in."
            )
            % {"beoordelaar": beoordeling.beoordelaar_organisatie}
        )
    if not mag_beoordeling_invullen(door, beoordeling):
        raise PermissionDenied
    if ronde.status != Status.OPEN:
        raise ValidationError(NIET_OPEN[ronde.status] % {"datum": f"{ronde.opent_op:%d-%m-%Y}"})
    if beoordeling.is_ingediend:
        raise ValidationError(_("Deze beoordeling is al ingediend; daarna kunt u haar niet meer wijzigen."))


@transaction.atomic
def beoordeling_bewaar(
    *,
    beoordeling: Beoordeling,
    scores: dict[int, ScoreInvoer],
    algemene_toelichting: str,
    indienen: bool,
    door: User,
    request: HttpRequest | None = None,
) -> Beoordeling:
    """Save `door`'s answers (`scores` by criterion id; criteria left out keep what they had) as a draft, or submit
    the rating when `indienen`. Only the responsible rater of the rating's side, only while the round is open and the
    rating not yet submitted. All errors at once, per field (`veldnaam`), in Dutch; nothing is saved then.

    Submitting needs every criterion answered, a motivation at 5 or lower and at 9 or higher, and a proposed afspraak
    at 5 or lower. When it completes the round (all required ratings in, `is_klaar_voor_onthulling`), the round is
    revealed in the same transaction."""
    # The round first, then the rating: the same order as the reveal, so a submit and the deadline sweep queue up.
    ronde = (
        Beoordelingsronde.objects.select_for_update(of=("self",)).select_related("plan").get(pk=beoordeling.ronde_id)
    )
    beoordeling = (
        Beoordeling.objects.select_for_update(of=("self",))
        .select_related("beoordelaar_organisatie")
        .get(pk=beoordeling.pk)
    )
    beoordeling.ronde = ronde
    _controleer_wie_en_wanneer(beoordeling, ronde, door)

    criteria = {criterium.pk: criterium for criterium in beoordeling.vragenlijst.criteria.all()}
    bestaand = {score.criterium_id: score for score in beoordeling.scores.all()}
    fouten: dict[str, list] = {}
    onbekend = set(scores) - set(criteria)
    if onbekend:
        fouten.setdefault("__all__", []).append(
            _(
                "Deze beoordeling kent niet alle criteria die u invulde. Laad de pagina opnieuw en probeer het nog eens."
            )
        )
    invoer = {pk: _opgeschoond(scores[pk]) for pk in criteria if pk in scores}
    for pk, criterium in criteria.items():
        eerder = bestaand.get(pk)
        antwoord = invoer.get(pk) or ScoreInvoer(
            waarde=eerder.waarde if eerder else None,
            nvt=eerder.nvt if eerder else False,
            motivering=eerder.motivering if eerder else "",
            voorgestelde_afspraak=eerder.voorgestelde_afspraak if eerder else "",
        )
        _scorefouten(criterium, antwoord, indienen=indienen, fouten=fouten)
    algemene_toelichting = (algemene_toelichting or "").strip()
    _tekstfouten(algemene_toelichting, "algemene_toelichting", MAX_TOELICHTING, fouten)
    if fouten:
        raise ValidationError(fouten)

    nieuw, gewijzigd = [], []
    for pk, antwoord in invoer.items():
        velden = {
            "waarde": antwoord.waarde,
            "nvt": antwoord.nvt,
            "motivering": antwoord.motivering,
            "voorgestelde_afspraak": antwoord.voorgestelde_afspraak,
        }
        if pk in bestaand:
            score = bestaand[pk]
            if any(getattr(score, veld) != waarde for veld, waarde in velden.items()):
                for veld, waarde in velden.items():
                    setattr(score, veld, waarde)
                gewijzigd.append(score)
        elif antwoord != ScoreInvoer():
            nieuw.append(Score(beoordeling=beoordeling, criterium_id=pk, **velden))
    Score.objects.bulk_create(nieuw)
    Score.objects.bulk_update(gewijzigd, ["waarde", "nvt", "motivering", "voorgestelde_afspraak"])

    nu = timezone.now()
    beoordeling.algemene_toelichting = algemene_toelichting
    beoordeling.bijgewerkt_op = nu
    if indienen:
        beoordeling.ingediend_op = nu
        beoordeling.ingediend_door = door
    beoordeling.save(update_fields=["algemene_toelichting", "bijgewerkt_op", "ingediend_op", "ingediend_door"])
    # What happened, to which rating of which round: no scores or texts (see the module docstring).
    audit_log(
        actie="beoordeling.ingediend" if indienen else "beoordeling.concept_bewaard",
        actor=door,
        obj=beoordeling,
        na={"ronde": ronde.pk, "richting": beoordeling.richting, "ingediend": indienen},
        request=request,
    )
    if indienen and is_klaar_voor_onthulling(ronde):
        ronde_onthul(ronde=ronde, door=door, request=request)
    return beoordeling
