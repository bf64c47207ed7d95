"""Access rules of the projecten part, one function per rule. Object visibility lives in selectors (404)."""

from kring.permissions import is_lid

# -- projecten


def mag_projecten_zien(user) -> bool:
    """Every active member reads the whole pipeline: contractors see what is coming, gemeenten see each other's
    plans. Visitors see the public aanbestedingskalender only."""
    return is_lid(user)


def mag_projecten_beheren(user) -> bool:
    """Staff of a gemeente create projects (of their own gemeente) and open the edit pages; beheerders too, for any
    gemeente. Contractors never do: they get 403 on those pages."""
    return is_lid(user) and (user.is_gemeente or user.is_beheerder)


def mag_project_bewerken(user, project) -> bool:
    """Edit a project, change its fase and award it: staff of the project's own gemeente, and beheerders. Staff of
    another gemeente do not find the project's edit pages at all (404, see the selectors)."""
    return mag_projecten_beheren(user) and (user.is_beheerder or user.organisatie_id == project.gemeente_id)


def ziet_raming(user, project) -> bool:
    """The exact estimate (raming) is internal to the project's own gemeente (and beheerders); everyone else sees
    only the waardeklasse, so a tender's budget is not given away."""
    return mag_project_bewerken(user, project)


# -- kalender


def mag_project_volgen(user) -> bool:
    """Staff of a contractor follow projects (interest) and hear when the tender quarter, phase or certainty changes.
    Gemeente staff do not: the followers are the market's signal to the gemeente, and they plan the changes
    themselves."""
    return is_lid(user) and user.is_opdrachtnemer


def ziet_volgers(user, project) -> bool:
    """How many contractors follow a project is for the project's own gemeente (and beheerders): it tells them how
    much interest there is, without showing one contractor what its competitors follow."""
    return mag_project_bewerken(user, project)


# -- spreiding


def mag_werkvoorraad_melden(user) -> bool:
    """Staff of a contractor report their own company's werkvoorraad (months of work in hand per quarter) and see
    what their company reported. Nobody sees another company's figures: the spreiding shows only aggregates."""
    return is_lid(user) and user.is_opdrachtnemer


# -- gebieden


def mag_gebied_beheren(user, gebied) -> bool:
    """Add, change and remove the opgaven and graafrust markers of a gebied, and decide on its koppelkansen (gebundeld,
    bewust niet, heropenen): staff of the gebied's own gemeente, and beheerders. Every member reads them; contractors
    get 403 on these pages, staff of another gemeente 404 (see the selectors)."""
    return mag_projecten_beheren(user) and (user.is_beheerder or user.organisatie_id == gebied.gemeente_id)


# -- import


def mag_projecten_importeren(user) -> bool:
    """Upload a planning (CSV or XLSX), see its preview and commit it, and see earlier imports: whoever manages
    projects (staff of a gemeente, beheerders). Contractors get 403 on the import pages."""
    return mag_projecten_beheren(user)


def mag_importeren_voor(user, gemeente) -> bool:
    """Import into this gemeente's projects: its own staff, or a beheerder (who chooses the gemeente). Another
    gemeente's imports are not found (404, see the selectors)."""
    return mag_projecten_importeren(user) and (user.is_beheerder or user.organisatie_id == gemeente.pk)
