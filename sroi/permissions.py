"""Access rules of SROI, one function per rule. Object visibility (which obligations, lines and candidates a person may
see at all) lives in the selectors, which answer 404 for others' objects (DESIGN §5)."""

from kring.permissions import is_lid  # noqa: F401  (used by the rules below)

# -- verplichtingen


def mag_sroi_zien(user) -> bool:
    """Every active member opens SROI: the list shows only the obligations they may see (their own organisation's as
    contractor or gemeente; beheerders all), with an explanation of social return when there are none."""
    return is_lid(user)


def mag_verplichting_aanmaken(user, project) -> bool:
    """Record a social-return obligation on a project: active staff of the project's own gemeente, and beheerders.
    Whether the contractor holds the project and a value table applies the service checks, and says why not."""
    return is_lid(user) and (user.is_beheerder or (user.is_gemeente and user.organisatie_id == project.gemeente_id))


def mag_verplichting_bewerken(user, verplichting) -> bool:
    """Change an obligation (basis, percentage, threshold, cap, PSO discount, term, coordinator): the same people who
    may make one for its project. The contractor reads it and records inzet, but does not change what it owes."""
    return mag_verplichting_aanmaken(user, verplichting.project)


def ziet_sroi_totalen(user) -> bool:
    """The kring-wide totals (candidates placed, BBL places, € due, realised and validated, obligations with a
    warning): the stuurgroep, beheerders and gemeente staff. They are aggregates: no candidate, no single line."""
    return is_lid(user) and (user.is_stuurgroep or user.is_beheerder or user.is_gemeente)


def mag_sroi_exporteren(user) -> bool:
    """Download the inzet lines as CSV/XLSX for the werkgeversservicepunt: gemeente staff and beheerders, of the
    obligations they may see. Candidates appear by their code only. Contractors get 403."""
    return is_lid(user) and (user.is_gemeente or user.is_beheerder)


# -- inzet


def mag_inzet_registreren(user, verplichting) -> bool:
    """Record inzet (a candidate line, social purchasing, an activity) on an obligation: active staff of the
    obligation's own opdrachtnemer only; a gemeente or beheerder does not record for a contractor. Another contractor
    does not even see the obligation (404, the selectors)."""
    return is_lid(user) and user.organisatie_id is not None and user.organisatie_id == verplichting.opdrachtnemer_id


def mag_inzet_beoordelen(user, verplichting) -> bool:
    """Validate or reject a line: the obligation's SROI coordinator (gemeente), or a beheerder."""
    return is_lid(user) and (user.is_beheerder or user.pk == verplichting.coordinator_id)


def mag_kandidaten_zien(user) -> bool:
    """The list of candidates (codes, lines, value) is for active staff of a contractor: their own candidates only."""
    return is_lid(user) and user.is_opdrachtnemer


# -- pool


def mag_pool_zien(user) -> bool:
    """The kandidatenpool (open offers by pseudonym and category): active staff of contractors and gemeenten, and
    beheerders. Which offers a person sees (open ones; closed ones only when involved) the selector decides."""
    return is_lid(user) and (user.is_opdrachtnemer or user.is_gemeente or user.is_beheerder)


def mag_pool_aanbieden(user) -> bool:
    """Offer a candidate in the pool: active staff of a contractor, and only one of their own organisation's
    candidates (the view answers 404 for another's, the service checks again)."""
    return is_lid(user) and user.is_opdrachtnemer


def is_aanbieder(user, aanbod) -> bool:
    """Active staff of the contractor whose candidate `aanbod` offers: they see who showed interest and close it."""
    return (
        is_lid(user) and user.organisatie_id is not None and user.organisatie_id == aanbod.kandidaat.opdrachtnemer_id
    )


def mag_interesse_tonen(user) -> bool:
    """Show interest in an offer: active staff of a contractor. Not in their own organisation's offer, and once per
    organisation: the service refuses those with a message."""
    return is_lid(user) and user.is_opdrachtnemer


def mag_pool_status_wijzigen(user, aanbod) -> bool:
    """Mark an offer geplaatst (at one of the organisations that showed interest) or ingetrokken: the offering
    contractor's staff only."""
    return is_aanbieder(user, aanbod)


# -- waardetabellen


def mag_waardetabellen_beheren(user) -> bool:
    """Only beheerders see and manage the regions and their value tables: make a version (empty or a copy), edit a
    concept and its bouwblokken, establish it, confirm values marked ‘nog te bevestigen’ (DESIGN §5). Everyone else
    gets 403; an obligation's own page shows the table it uses."""
    return is_lid(user) and user.is_beheerder


# -- herinneringen


def krijgt_sroi_herinneringen(user) -> bool:
    """The SROI reminders (sroi/herinneringen.py) are for the people on either side of an obligation: active staff of
    a gemeente (the coordinator) or a contractor. Whom a reminder reaches is decided by its own search."""
    return is_lid(user) and (user.is_gemeente or user.is_opdrachtnemer)
