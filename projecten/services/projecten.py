"""Writes of projects: create, edit with history, the fase flow (a transition table) and the award.

Every change of a field in VOLGEVELDEN is kept as a Projectwijziging with its reason (who, when, was, wordt), shown on
the project. Contractors who follow a project hear of those changes through the reminders pipeline, which reads the
history rows (projecten/herinneringen.py): keeping the rows right is all a write has to do for that.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.audit import audit_log, momentopname, wijzigingen
from kring.markdown import weiger_actieve_html
from kring.models import Organisatie, User
from projecten import tasks
from projecten.ambitieweb import ambitieweb_valideren
from projecten.kwartalen import kwartaal_begin, kwartaal_code, kwartaal_parse
from projecten.models import Project, Projectwijziging
from projecten.permissions import mag_project_bewerken, mag_projecten_beheren

Fase = Project.Fase

# The fields whose changes are kept as history with a reason: the planning, the phase, the band and how the work
# will be tendered. A change of one of these needs a reason.
VOLGEVELDEN = (
    "aanbesteding_kwartaal",
    "start_kwartaal",
    "duur_maanden",
    "fase",
    "waardeklasse",
    "zekerheid",
    "procedure",
    "contractvorm",
    "verschuifbaar_vanaf",
    "verschuifbaar_tot",
)
KWARTAALVELDEN = ("aanbesteding_kwartaal", "start_kwartaal", "verschuifbaar_vanaf", "verschuifbaar_tot")
# The award is history too (without a form field of its own): who got the work.
OPDRACHTNEMERS = "opdrachtnemers"

# What a gemeente writes about a project (`gegevens` of project_create and project_update). The gemeente itself, the
# contractors (project_award) and the timestamps are not among them.
BEWERKBARE_VELDEN = (
    "nummer",
    "naam",
    "omschrijving",
    "gebied",
    "soort_werk",
    "fase",
    "aanbesteding_kwartaal",
    "start_kwartaal",
    "duur_maanden",
    "waardeklasse",
    "raming",
    "procedure",
    "contractvorm",
    "zekerheid",
    "verschuifbaar_vanaf",
    "verschuifbaar_tot",
    "sroi_percentage",
    "co2_niveau",
    "mki_doel",
    "mki_gerealiseerd",
    "ambitieweb",
    "contactpersoon",
    "besproken_in_kring_op",
    "bespreking",
)

VOORUIT, TERUG = "vooruit", "terug"

# The fase flow: forward one or more steps where skipping makes sense (a small job goes from initiatief straight to
# aanbesteding; a job may finish without nazorg), back exactly one step with a reason. Afgerond is final.
FASE_OVERGANGEN = {
    (Fase.INITIATIEF, Fase.ONTWERP): VOORUIT,
    (Fase.INITIATIEF, Fase.VOORBEREIDING): VOORUIT,
    (Fase.INITIATIEF, Fase.AANBESTEDING): VOORUIT,
    (Fase.ONTWERP, Fase.VOORBEREIDING): VOORUIT,
    (Fase.ONTWERP, Fase.AANBESTEDING): VOORUIT,
    (Fase.ONTWERP, Fase.INITIATIEF): TERUG,
    (Fase.VOORBEREIDING, Fase.AANBESTEDING): VOORUIT,
    (Fase.VOORBEREIDING, Fase.ONTWERP): TERUG,
    (Fase.AANBESTEDING, Fase.UITVOERING): VOORUIT,
    (Fase.AANBESTEDING, Fase.VOORBEREIDING): TERUG,
    (Fase.UITVOERING, Fase.NAZORG): VOORUIT,
    (Fase.UITVOERING, Fase.AFGEROND): VOORUIT,
    (Fase.UITVOERING, Fase.AANBESTEDING): TERUG,
    (Fase.NAZORG, Fase.AFGEROND): VOORUIT,
    (Fase.NAZORG, Fase.UITVOERING): TERUG,
}
# A project can be awarded once it is tendered (or called off a framework contract in that phase).
GUNBARE_FASEN = (Fase.AANBESTEDING, Fase.UITVOERING, Fase.NAZORG, Fase.AFGEROND)
REDEN_VOORUIT = gettext_lazy("Volgende fase volgens planning.")
REDEN_GUNNING = gettext_lazy("Gegund.")

REDEN_VERPLICHT = gettext_lazy(
    "Geef een reden: wijzigingen van planning, fase, waardeklasse, zekerheid, procedure of contractvorm komen met "
    "hun reden in de geschiedenis van het project."
)


def veld_label(veld: str) -> str:
    """How a history row names its field: the model's label ("kwartaal van aanbesteding")."""
    return str(Project._meta.get_field(veld).verbose_name)


def fase_overgangen_vanuit(project: Project) -> list[tuple[str, str, bool]]:
    """The fases `project` may move to now, in the order of the flow: (fase, label, whether a reason is required)."""
    return [
        (naar, Fase(naar).label, richting == TERUG)
        for naar in Fase.values
        if (richting := FASE_OVERGANGEN.get((project.fase, naar)))
    ]


# --- History ---------------------------------------------------------------------------------------------------------


def volgstand(project: Project) -> dict:
    """The tracked fields of `project` now: the `voor` (or `na`) of `wijzigingen_vastleggen`."""
    return {veld: getattr(project, veld) for veld in VOLGEVELDEN}


def _als_tekst(veld: str, waarde) -> str:
    """A value as the history shows it: a quarter as 2027-K2, a choice by its label, an object by its name."""
    if waarde is None or waarde == "":
        return ""
    if veld in KWARTAALVELDEN:
        tekst = kwartaal_code(waarde)
    elif isinstance(waarde, list | tuple | set):
        tekst = ", ".join(sorted(str(element) for element in waarde))
    elif isinstance(waarde, Model):
        tekst = str(waarde)
    else:
        keuzes = dict(Project._meta.get_field(veld).flatchoices)
        tekst = str(keuzes.get(waarde, waarde))
    return tekst if len(tekst) <= 200 else tekst[:199] + "…"


def wijzigingen_vastleggen(
    *, project: Project, voor: dict, na: dict, reden: str, door: User | None
) -> list[Projectwijziging]:
    """One Projectwijziging per tracked field (VOLGEVELDEN, and the contractors) whose value differs between the
    snapshots `voor` and `na` (from `volgstand`; other keys are ignored), all at the same moment.

    The rows are returned UNSAVED, so a bulk import can save many at once (`bulk_create`); project_update saves its
    own. ValidationError (under "reden") when something changed and `reden` is empty."""
    moment = timezone.now()
    reden = (reden or "").strip()
    rijen = [
        Projectwijziging(
            project=project,
            veld=veld,
            oude_waarde=_als_tekst(veld, voor.get(veld)),
            nieuwe_waarde=_als_tekst(veld, na[veld]),
            reden=reden,
            door=door,
            op=moment,
        )
        for veld in [*VOLGEVELDEN, OPDRACHTNEMERS]
        if veld in na and _als_tekst(veld, voor.get(veld)) != _als_tekst(veld, na[veld])
    ]
    if rijen and not reden:
        raise ValidationError({"reden": REDEN_VERPLICHT})
    return rijen


# --- Validation ------------------------------------------------------------------------------------------------------


def _als_kwartaal(waarde) -> datetime.date | None:
    """A quarter as stored: its first day. Text is parsed (2027-K2, Q2 2027, ...); a date counts as its quarter."""
    if waarde in (None, ""):
        return None
    try:
        return kwartaal_parse(waarde) if isinstance(waarde, str) else kwartaal_begin(waarde)
    except ValueError as fout:
        raise ValidationError(str(fout)) from None


def _euro(bedrag: Decimal) -> str:
    return "€ " + formats.number_format(bedrag, 0, use_l10n=True, force_grouping=True)


def controleer_fase(project: Project, van: str, naar: str, reden: str) -> None:
    """Whether `project` may go from fase `van` to `naar` (FASE_OVERGANGEN), with the reason a step back needs."""
    if van == naar:
        return
    if naar not in Fase.values:
        raise ValidationError({"fase": _("Kies een bestaande fase.")})
    richting = FASE_OVERGANGEN.get((van, naar))
    if richting is None:
        if van == Fase.AFGEROND:
            uitleg = _("Een afgerond project verandert niet meer van fase.")
        elif Fase.values.index(naar) < Fase.values.index(van):
            uitleg = _("Terug kan alleen één fase tegelijk.")
        else:
            uitleg = _("Die stap is niet mogelijk.")
        raise ValidationError(
            {
                "fase": _("Een project in fase %(van)s kan niet naar fase %(naar)s. %(uitleg)s")
                % {"van": Fase(van).label.lower(), "naar": Fase(naar).label.lower(), "uitleg": uitleg}
            }
        )
    if richting == TERUG and not (reden or "").strip():
        raise ValidationError({"reden": _("Geef een reden: een project gaat alleen met een reden een fase terug.")})
    if naar == Fase.UITVOERING and project.pk is not None and not project.opdrachtnemers.exists():
        raise ValidationError(
            {"fase": _("Gun het project eerst aan een opdrachtnemer; daarna kan de uitvoering beginnen.")}
        )


def _eigen_fouten(project: Project) -> dict[str, list]:
    """The checks the model cannot word in Dutch (its constraints) and the rules between fields and objects."""
    fouten: dict[str, list] = {}

    def fout(veld, tekst):
        fouten.setdefault(veld, []).append(tekst)

    gemeente = project.gemeente
    if project.gebied_id is not None and project.gebied.gemeente_id != project.gemeente_id:
        fout("gebied", _("Kies een gebied van %(gemeente)s.") % {"gemeente": gemeente.naam})
    andere = Project.objects.filter(gemeente=gemeente, nummer=project.nummer).exclude(pk=project.pk)
    if project.nummer and andere.exists():
        fout(
            "nummer",
            _("%(gemeente)s heeft al een project met nummer %(nummer)s.")
            % {"gemeente": gemeente.naam, "nummer": project.nummer},
        )
    aanbesteding, start = project.aanbesteding_kwartaal, project.start_kwartaal
    if aanbesteding and start and start < aanbesteding:
        fout(
            "start_kwartaal",
            _(
                "De uitvoering kan niet beginnen vóór de aanbesteding (%(aanbesteding)s). Kies een startkwartaal "
                "op of na het kwartaal van aanbesteding."
            )
            % {"aanbesteding": kwartaal_code(aanbesteding)},
        )
    vanaf, tot = project.verschuifbaar_vanaf, project.verschuifbaar_tot
    if (vanaf is None) != (tot is None):
        fout(
            "verschuifbaar_tot" if tot is None else "verschuifbaar_vanaf",
            _("Vul beide kwartalen van het venster in, of laat ze allebei leeg als het project niet mag schuiven."),
        )
    elif vanaf and tot and tot < vanaf:
        fout("verschuifbaar_tot", _("Het venster eindigt vóór het begint. Kies een eindkwartaal op of na het begin."))
    elif vanaf and tot and aanbesteding is None:
        fout(
            "aanbesteding_kwartaal",
            _("Een project mag alleen schuiven als het een kwartaal van aanbesteding heeft. Vul dat eerst in."),
        )
    elif vanaf and tot and not vanaf <= aanbesteding <= tot:
        fout(
            "aanbesteding_kwartaal",
            _(
                "Het kwartaal van aanbesteding ligt buiten het venster waarbinnen het project mag schuiven "
                "(%(vanaf)s tot en met %(tot)s). Kies een kwartaal daarbinnen of pas het venster aan."
            )
            % {"vanaf": kwartaal_code(vanaf), "tot": kwartaal_code(tot)},
        )
    for veld in ("raming", "mki_doel", "mki_gerealiseerd"):
        if getattr(project, veld) is not None and getattr(project, veld) < 0:
            fout(veld, _("Vul een bedrag van 0 of meer in."))
    klasse = project.waardeklasse if project.waardeklasse_id is not None else None
    raming = project.raming
    if (
        klasse is not None
        and raming is not None
        and raming >= 0
        and (raming < klasse.ondergrens or (klasse.bovengrens is not None and raming >= klasse.bovengrens))
    ):
        fout(
            "raming",
            _("Een raming van %(raming)s valt niet in de waardeklasse %(klasse)s. Kies de klasse die erbij past.")
            % {"raming": _euro(raming), "klasse": klasse.naam},
        )
    persoon = project.contactpersoon if project.contactpersoon_id is not None else None
    if persoon is not None and (persoon.organisatie_id != project.gemeente_id or not persoon.is_actief):
        fout("contactpersoon", _("Kies een actieve medewerker van %(gemeente)s.") % {"gemeente": gemeente.naam})
    if project.besproken_in_kring_op and project.besproken_in_kring_op > timezone.localdate():
        fout("besproken_in_kring_op", _("Vul de datum in waarop het gesprek in de kring was: vandaag of eerder."))
    for veld in ("naam", "omschrijving", "bespreking"):
        try:
            weiger_actieve_html(getattr(project, veld), veld=veld)
        except ValidationError as geweigerd:
            geweigerd.update_error_dict(fouten)
    try:
        project.ambitieweb = ambitieweb_valideren(project.ambitieweb)
    except ValidationError as ongeldig:
        ongeldig.update_error_dict(fouten)
    return fouten


def project_valideren(*, project: Project, gegevens: dict) -> Project:
    """Put `gegevens` (BEWERKBARE_VELDEN) on `project` IN MEMORY and check the whole project; ValidationError with
    Dutch messages per field when something is wrong. Saves nothing: project_create and project_update use it, and an
    import can check a row with it for its preview.

    Quarters may be dates (any day of the quarter) or text such as 2027-K2; they are kept as the quarter's first day.
    Text is trimmed. A change of fase is not checked here (see project_update)."""
    onbekend = set(gegevens) - set(BEWERKBARE_VELDEN)
    if onbekend:
        raise ValueError(f"Geen velden van een project om te bewerken: {sorted(onbekend)}")
    fouten: dict[str, list] = {}
    for veld, waarde in gegevens.items():
        if veld in KWARTAALVELDEN:
            try:
                waarde = _als_kwartaal(waarde)
            except ValidationError as ongeldig:
                fouten[veld] = ongeldig.messages
                continue
        elif isinstance(waarde, str):
            waarde = waarde.strip()
        elif veld == "ambitieweb" and waarde is None:
            waarde = {}
        setattr(project, veld, waarde)
    try:
        # First the values themselves (types, lengths, required fields), so the rules below compare real values.
        project.clean_fields(exclude=list(fouten))
    except ValidationError as ongeldig:
        ongeldig.update_error_dict(fouten)
    if fouten:
        raise ValidationError(fouten)
    fouten = _eigen_fouten(project)
    try:
        # The model's constraints speak English; with errors of our own (which cover them) only the fields count.
        project.full_clean(exclude=list(fouten), validate_constraints=not fouten)
    except ValidationError as ongeldig:
        ongeldig.update_error_dict(fouten)
    if fouten:
        raise ValidationError(fouten)
    return project


# --- Writes ----------------------------------------------------------------------------------------------------------


def _stand(project: Project) -> dict:
    """The project as the audit log records it."""
    return momentopname(project, [veld for veld in BEWERKBARE_VELDEN if veld != "ambitieweb"]) | {
        "ambitieweb": dict(project.ambitieweb or {})
    }


def _vergrendel(project: Project) -> Project:
    """The project's row, locked until the transaction ends: two edits of one project wait for each other."""
    return Project.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=project.pk)


def _zoek_koppelkansen_na_afloop(project: Project) -> None:
    """A project's place or window changed: its koppelkansen may have changed too."""
    gemeente_id = project.gemeente_id
    transaction.on_commit(lambda: tasks.detect_koppelkansen.delay(gemeente_id))


def _mag_bewerken(door: User, project: Project) -> None:
    if not mag_project_bewerken(door, project):
        raise PermissionDenied


@transaction.atomic
def project_create(
    *, gemeente: Organisatie, door: User, gegevens: dict, request: HttpRequest | None = None
) -> Project:
    """A new project of `gemeente`, by its own staff or a beheerder. It may start in any fase (a project often enters
    the portal when it is already being prepared); from then on the fase follows FASE_OVERGANGEN."""
    if not mag_projecten_beheren(door) or not (door.is_beheerder or door.organisatie_id == gemeente.pk):
        raise PermissionDenied
    if gemeente.soort != Organisatie.Soort.GEMEENTE:
        raise ValidationError({"gemeente": _("Alleen een gemeente heeft projecten in de pijplijn.")})
    project = Project(gemeente=gemeente)
    project_valideren(project=project, gegevens=gegevens)
    project.aangemaakt_op = project.gewijzigd_op = timezone.now()
    project.save()
    audit_log(actie="project.aangemaakt", actor=door, obj=project, na=_stand(project), request=request)
    _zoek_koppelkansen_na_afloop(project)
    return project


@transaction.atomic
def project_update(
    *, project: Project, door: User, gegevens: dict, reden: str, request: HttpRequest | None = None
) -> Project:
    """Change a project (any of BEWERKBARE_VELDEN in `gegevens`; what is left out stays). Each changed tracked field
    becomes a history row with `reden`, which is then required. A change of fase follows FASE_OVERGANGEN."""
    project = _vergrendel(project)
    _mag_bewerken(door, project)
    voor_stand, voor_volg = _stand(project), volgstand(project)
    if "fase" in gegevens:
        controleer_fase(project, project.fase, gegevens["fase"], reden)
    project_valideren(project=project, gegevens=gegevens)
    rijen = wijzigingen_vastleggen(project=project, voor=voor_volg, na=volgstand(project), reden=reden, door=door)
    voor, na = wijzigingen(voor_stand, _stand(project))
    if not na:
        return project
    project.gewijzigd_op = timezone.now()
    project.save()
    Projectwijziging.objects.bulk_create(rijen)
    if rijen:
        na["reden"] = (reden or "").strip()
    audit_log(actie="project.gewijzigd", actor=door, obj=project, voor=voor, na=na, request=request)
    if rijen or "gebied" in na:
        _zoek_koppelkansen_na_afloop(project)
    return project


@transaction.atomic
def project_set_fase(
    *, project: Project, fase: str, reden: str, door: User, request: HttpRequest | None = None
) -> Project:
    """Move `project` to `fase` following FASE_OVERGANGEN: forward without a reason (the history then says it went
    to plan), back one step only with one."""
    project = _vergrendel(project)
    _mag_bewerken(door, project)
    if fase == project.fase:
        raise ValidationError(
            {"fase": _("Het project is al in fase %(fase)s.") % {"fase": project.get_fase_display()}}
        )
    controleer_fase(project, project.fase, fase, reden)
    reden = (reden or "").strip() or str(REDEN_VOORUIT)
    return project_update(project=project, door=door, gegevens={"fase": fase}, reden=reden, request=request)


@transaction.atomic
def project_award(
    *,
    project: Project,
    opdrachtnemers: Iterable[Organisatie],
    door: User,
    request: HttpRequest | None = None,
) -> Project:
    """Record to which contractor(s) the project was awarded (replacing an earlier choice), from the fase aanbesteding
    on. Only contractors that are (or were) members of the kring can be chosen."""
    project = _vergrendel(project)
    _mag_bewerken(door, project)
    if project.fase not in GUNBARE_FASEN:
        raise ValidationError(
            _("Een project wordt gegund vanaf de fase aanbesteding; dit project is nog in fase %(fase)s.")
            % {"fase": project.get_fase_display().lower()}
        )
    opdrachtnemers = list(dict.fromkeys(opdrachtnemers))
    if not opdrachtnemers:
        raise ValidationError({"opdrachtnemers": _("Kies minstens één opdrachtnemer.")})
    geen_opdrachtnemer = [
        organisatie.naam
        for organisatie in opdrachtnemers
        if organisatie.soort != Organisatie.Soort.OPDRACHTNEMER or organisatie.is_voorgesteld
    ]
    if geen_opdrachtnemer:
        raise ValidationError(
            {
                "opdrachtnemers": _(
                    "Alleen opdrachtnemers uit de kring kunnen een project gegund krijgen, niet: %(namen)s."
                )
                % {"namen": ", ".join(geen_opdrachtnemer)}
            }
        )
    voor = [organisatie.naam for organisatie in project.opdrachtnemers.all()]
    na = [organisatie.naam for organisatie in opdrachtnemers]
    rijen = wijzigingen_vastleggen(
        project=project, voor={OPDRACHTNEMERS: voor}, na={OPDRACHTNEMERS: na}, reden=str(REDEN_GUNNING), door=door
    )
    if not rijen:
        return project
    project.opdrachtnemers.set(opdrachtnemers)
    project.gewijzigd_op = timezone.now()
    project.save(update_fields=["gewijzigd_op"])
    Projectwijziging.objects.bulk_create(rijen)
    audit_log(
        actie="project.gegund",
        actor=door,
        obj=project,
        voor={OPDRACHTNEMERS: sorted(voor)},
        na={OPDRACHTNEMERS: sorted(na)},
        request=request,
    )
    return project
