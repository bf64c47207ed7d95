"""Access rules of past performance, one function per rule. Object visibility (which plans, rounds and ratings a
person may see at all) lives in the selectors, which answer 404 for others' objects (DESIGN §5)."""

from kring.models import Organisatie
from kring.permissions import is_lid  # noqa: F401  (used by the rules below)
from pastperformance.models import BEOORDELAAR_KANT

# -- rondes

# A round may be opened by hand from this many days before its planned date (for the startronde: two weeks before
# execution starts, so expectations can be set at the kick-off); the service checks the date.
VROEG_OPENEN_DAGEN = 14


def mag_pp_zien(user) -> bool:
    """Every active member opens Mijn beoordelingen: it lists only the rounds they may see (a member of an
    organisation that is no party anywhere sees an empty list with an explanation of past performance)."""
    return is_lid(user)


def is_partij(user, plan) -> str | None:
    """Which side of `plan` the user works for: "og" (staff of the project's gemeente), "on" (staff of the plan's
    opdrachtnemer) or None (anyone else, beheerders of another organisation too). Only active members count."""
    if not is_lid(user) or user.organisatie_id is None:
        return None
    if user.organisatie_id == plan.project.gemeente_id:
        return "og"
    if user.organisatie_id == plan.opdrachtnemer_id:
        return "on"
    return None


def mag_plan_beheren(user, plan) -> bool:
    """Change a plan (raters, execution dates, oplevering) and let a round lapse: active staff of the project's
    gemeente, and beheerders. The contractor sees the plan but does not change it."""
    return is_lid(user) and (
        user.is_beheerder or (user.is_gemeente and user.organisatie_id == plan.project.gemeente_id)
    )


def mag_plan_aanmaken(user, project) -> bool:
    """Make a beoordelingsplan for a project: active staff of the project's own gemeente, and beheerders. Whether the
    project is far enough (awarded, in a phase from aanbesteding on) the service checks, and says why not."""
    return is_lid(user) and (user.is_beheerder or (user.is_gemeente and user.organisatie_id == project.gemeente_id))


def mag_ronde_openen(user, ronde) -> bool:
    """Open a planned round before the daily planning does: the plan's responsible rater of either side (so a
    kick-off can start with the startronde) and whoever manages the plan. How early the service checks
    (VROEG_OPENEN_DAGEN)."""
    plan = ronde.plan
    return mag_plan_beheren(user, plan) or (
        is_lid(user) and user.pk in (plan.beoordelaar_og_id, plan.beoordelaar_on_id)
    )


def mag_ronde_vervallen(user, ronde) -> bool:
    """Let a planned or open round lapse, with a reason (the project stopped, the round is no longer useful): whoever
    manages the plan. Its ratings are then never revealed."""
    return mag_plan_beheren(user, ronde.plan)


# -- beoordelen


def mag_beoordeling_invullen(user, beoordeling) -> bool:
    """Fill in, save as draft and submit a rating: only the plan's responsible rater of that side (`beoordelaar_og`
    for og_on and zelf_og, `beoordelaar_on` for on_og and zelf_on), while an active member of the rating's own
    organisation. Colleagues of that organisation read the draft but do not change it (one person answers for the
    organisation's view); beheerders do not rate. Whether the round is open and the rating still a draft is checked
    by the service, which says why not."""
    plan = beoordeling.ronde.plan
    rater_id = plan.beoordelaar_og_id if BEOORDELAAR_KANT[beoordeling.richting] == "og" else plan.beoordelaar_on_id
    return (
        is_lid(user)
        and user.pk == rater_id
        and user.organisatie_id is not None
        and user.organisatie_id == beoordeling.beoordelaar_organisatie_id
    )


# -- bespreking


def mag_bespreken(user, ronde) -> bool:
    """Record the bespreking of a revealed round, make afspraken in it, follow afspraken up and extend the reply window
    once: staff of either party of the round (both sides are rated, so both may need the extra days), and beheerders.
    Whether the round's status allows it now is checked by the service, which says why not."""
    return is_lid(user) and (user.is_beheerder or is_partij(user, ronde.plan) is not None)


def mag_reageren(user, beoordeling) -> bool:
    """Reply to a rating: staff of the RATED organisation, on a rating by the other side (a self-rating gets no
    reply). The window and the round's status are checked by the service."""
    return (
        is_lid(user)
        and beoordeling.beoordelaar_organisatie_id != beoordeling.beoordeelde_organisatie_id
        and user.organisatie_id == beoordeling.beoordeelde_organisatie_id
    )


def mag_ronde_definitief_maken(user, ronde) -> bool:
    """Make a discussed round definitief: whoever manages the plan (staff of the project's gemeente, beheerders)."""
    return mag_plan_beheren(user, ronde.plan)


def mag_bezwaar_indienen(user, beoordeling) -> bool:
    """Object to a definitief rating: the same people who may reply to it (staff of the rated organisation)."""
    return mag_reageren(user, beoordeling)


def mag_bezwaren_beheren(user) -> bool:
    """See every bezwaar and compose its panel: beheerders only. Panel members decide (`is_panellid`)."""
    return is_lid(user) and user.is_beheerder


def is_panellid(user, bezwaar) -> bool:
    """One of the two panel members of `bezwaar`, while an active member: they decide it."""
    return is_lid(user) and user.pk in (bezwaar.panel_gemeente_id, bezwaar.panel_kring_id)


def mag_addendum_toevoegen(user, ronde, beoordeling=None) -> bool:
    """Add an addendum to a definitief round: to a rating, its rater's organisation or a beheerder; to the round as a
    whole, a beheerder only (a panel's decision is added by `bezwaar_besluiten`)."""
    if not is_lid(user):
        return False
    if user.is_beheerder:
        return True
    return beoordeling is not None and user.organisatie_id == beoordeling.beoordelaar_organisatie_id


def mag_lessen_publiceren(user, ronde) -> bool:
    """Publish an eindronde's lessons to the kennisbank: the people who wrote them at the bespreking (either party)
    and beheerders."""
    return mag_bespreken(user, ronde)


# -- profielen


def mag_profielen_zien(user) -> bool:
    """Every active member opens Profielen: a contractor finds its own profile and the kring benchmark there, gemeente
    staff, the stuurgroep and beheerders the contractors' profiles (`mag_profiel_zien` per organisation)."""
    return is_lid(user)


def ziet_alle_profielen(user, soort: str) -> bool:
    """Whose profiles a person sees besides their own organisation's: every contractor's for gemeente staff, the
    stuurgroep and beheerders; every gemeente's (as client) for the stuurgroep and beheerders. Contractors never see
    another contractor's profile, nor a gemeente's: they have the anonymous benchmark of opdrachtgeverschap."""
    if not is_lid(user):
        return False
    if soort == Organisatie.Soort.OPDRACHTNEMER:
        return user.is_gemeente or user.is_stuurgroep or user.is_beheerder
    if soort == Organisatie.Soort.GEMEENTE:
        return user.is_stuurgroep or user.is_beheerder
    return False


def mag_profiel_zien(user, organisatie) -> bool:
    """The profile of an organisation that is rated (a contractor or a gemeente): its own staff, and whoever sees all
    profiles of its kind (`ziet_alle_profielen`). Everyone else gets 404."""
    return (
        is_lid(user)
        and organisatie.soort in (Organisatie.Soort.OPDRACHTNEMER, Organisatie.Soort.GEMEENTE)
        and (user.organisatie_id == organisatie.pk or ziet_alle_profielen(user, organisatie.soort))
    )


def mag_opdrachtgeverschap_zien(user) -> bool:
    """The kring-wide benchmark of goed opdrachtgeverschap (contractors about the gemeenten, no gemeente named):
    every active member."""
    return is_lid(user)


def mag_kalibratie_zien(user) -> bool:
    """Rater calibration (each rater's scores against the kring's) names people, so it is for beheerders only."""
    return is_lid(user) and user.is_beheerder


def mag_selectie_exporteren(user, beleid) -> bool:
    """Export the contractors' profiles for selection: gemeente staff and beheerders, and only while the kring's
    policy allows ratings to be used for selection (with its grondslag). Otherwise the export does not exist (404)."""
    return beleid.gebruik_voor_selectie and is_lid(user) and (user.is_gemeente or user.is_beheerder)


def mag_kpi_invoeren(user, plan) -> bool:
    """Enter a hard KPI (days to payment, to a decision, of delay) on a plan: staff of either party, and beheerders.
    Both sides may enter every kind: the contractor knows when its invoice was paid."""
    return is_lid(user) and (user.is_beheerder or is_partij(user, plan) is not None)


def mag_kpi_verwijderen(user, meting) -> bool:
    """Delete a KPI measurement: the organisation that entered it (any of its active staff), and beheerders."""
    return is_lid(user) and (
        user.is_beheerder
        or (meting.ingevoerd_door_id is not None and meting.ingevoerd_door.organisatie_id == user.organisatie_id)
    )


# -- vragenlijsten


def mag_vragenlijsten_beheren(user) -> bool:
    """Only beheerders see and manage the questionnaires' versions: make a new version, edit a concept, establish it
    (the previous version of its direction is then replaced) and delete an unused concept (DESIGN §5). Raters see the
    questions of their own rating on its page; everyone else gets 403 on these pages."""
    return is_lid(user) and user.is_beheerder


def mag_beleid_wijzigen(user) -> bool:
    """Only beheerders change the kring's past-performance policy (use for selection with its grondslag, minimum n,
    window and deadlines); every change is audited. Others get 403."""
    return is_lid(user) and user.is_beheerder


# -- herinneringen


def krijgt_pp_herinneringen(user) -> bool:
    """The past-performance reminders (pastperformance/herinneringen.py) are for the people who rate, reply and own
    afspraken: active staff of a gemeente or a contractor. Each sets on Mijn herinneringen how often they come; who
    gets one for a given round is decided by the reminder's own search (the plan's raters, an afspraak's owner)."""
    return is_lid(user) and (user.is_gemeente or user.is_opdrachtnemer)
