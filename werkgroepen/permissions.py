"""Access rules of the werkgroepen part, one function per rule. Object visibility lives in selectors (404)."""

from kring.models import User
from kring.permissions import is_lid
from kring.selectors.leden import lopende_lidmaatschappen
from werkgroepen.models import Lidmaatschap

# -- werkgroepen


def is_trekker(user: User, werkgroep) -> bool:
    """Leads `werkgroep` (a Werkgroep or its pk) now: an active member with a running trekker membership of it. A
    trekker edits the werkgroep, judges its join requests and manages its members; other parts give trekkers more."""
    return (
        is_lid(user)
        and lopende_lidmaatschappen()
        .filter(werkgroep=werkgroep, gebruiker=user, rol=Lidmaatschap.Rol.TREKKER)
        .exists()
    )


def mag_werkgroepen_beheren(user: User) -> bool:
    """Only beheerders create werkgroepen (appointing the first trekker), close and reopen them."""
    return is_lid(user) and user.is_beheerder


def mag_werkgroep_bewerken(user: User, werkgroep) -> bool:
    """Edit doel, omschrijving and deelonderwerpen, change members' roles and end memberships: the trekkers of an open
    werkgroep, and beheerders (also of a closed one). Werkgroepen are public, so anyone else gets 403, not 404."""
    return mag_werkgroepen_beheren(user) or (not werkgroep.is_gesloten and is_trekker(user, werkgroep))


def mag_aanmelding_beoordelen(user: User, aanmelding) -> bool:
    """Approve or refuse a join request: the werkgroep's trekkers and beheerders, never for their own request."""
    return aanmelding.gebruiker_id != user.pk and mag_werkgroep_bewerken(user, aanmelding.werkgroep)


def mag_lidmaatschap_beeindigen(user: User, lidmaatschap) -> bool:
    """A member leaves a werkgroep on their own; its trekkers and beheerders end anyone's membership of it."""
    return is_lid(user) and (
        lidmaatschap.gebruiker_id == user.pk or mag_werkgroep_bewerken(user, lidmaatschap.werkgroep)
    )


# -- uitvoeringsagenda


def mag_agenda_zien(user: User) -> bool:
    """Every member reads the kring-wide uitvoeringsagenda, its activities with their progress notes, and exports the
    filtered list: the stuurgroep follows it, the werkgroepen plan with it."""
    return is_lid(user)


def mag_activiteit_aanmaken(user: User, werkgroep) -> bool:
    """Running members of a werkgroep (any role) and beheerders put activities on the agenda for that werkgroep."""
    return is_lid(user) and (
        user.is_beheerder or lopende_lidmaatschappen().filter(werkgroep=werkgroep, gebruiker=user).exists()
    )


def mag_activiteiten_aanmaken(user: User) -> bool:
    """May open the page for a new activity: a beheerder, or a running member of some werkgroep."""
    return is_lid(user) and (user.is_beheerder or lopende_lidmaatschappen().filter(gebruiker=user).exists())


def mag_activiteit_bewerken(user: User, activiteit) -> bool:
    """Edit an activity, move it through its statuses and add progress notes: beheerders, running members of its
    werkgroep, its initiatiefnemer and the people in its team (who may come from outside the werkgroep)."""
    if not is_lid(user):
        return False
    if user.is_beheerder or activiteit.initiatiefnemer_id == user.pk:
        return True
    return any(lid.pk == user.pk for lid in activiteit.team.all()) or mag_activiteit_aanmaken(
        user, activiteit.werkgroep_id
    )


# -- bijeenkomsten


def mag_bijeenkomsten_plannen(user: User) -> bool:
    """Beheerders plan meetings of the whole kring and of every werkgroep; a trekker plans meetings of the werkgroep
    they lead. Everyone else only sees the meetings."""
    return is_lid(user) and (
        user.is_beheerder or lopende_lidmaatschappen().filter(gebruiker=user, rol=Lidmaatschap.Rol.TREKKER).exists()
    )


def mag_bijeenkomst_plannen_voor(user: User, werkgroep) -> bool:
    """A meeting of the whole kring (`werkgroep` None): beheerders only. A werkgroep's meeting: beheerders and the
    werkgroep's trekkers."""
    return is_lid(user) and (user.is_beheerder or (werkgroep is not None and is_trekker(user, werkgroep)))


def mag_bijeenkomst_beheren(user: User, bijeenkomst) -> bool:
    """The organiser changes a meeting, its agenda, attendance, minutes and status: beheerders, the trekkers of its
    werkgroep and whoever planned it. Every member sees every meeting (the kring is open)."""
    return is_lid(user) and (
        user.is_beheerder
        or (bijeenkomst.aangemaakt_door_id is not None and bijeenkomst.aangemaakt_door_id == user.pk)
        or (bijeenkomst.werkgroep_id is not None and is_trekker(user, bijeenkomst.werkgroep_id))
    )


def mag_actiepunt_afvinken(user: User, actiepunt) -> bool:
    """An actiepunt's owner marks it done or reopens it; so does the meeting's organiser."""
    return is_lid(user) and (actiepunt.eigenaar_id == user.pk or mag_bijeenkomst_beheren(user, actiepunt.bijeenkomst))


# -- signalen en agenda-feed


def mag_signaal_indienen(user: User) -> bool:
    """Every active member may raise a klaagpaal item or a hulpvraag, under their name or anonymously; every member
    reads them all (the kring is open about friction)."""
    return is_lid(user)


def mag_signaal_behandelen(user: User, signaal) -> bool:
    """Beheerders handle every klaagpaal item and hulpvraag (status, answer, putting it on the agenda); a trekker
    handles the items raised for their own werkgroep. Items for the whole kring are the beheerders'."""
    if not is_lid(user):
        return False
    return user.is_beheerder or (signaal.werkgroep_id is not None and is_trekker(user, signaal.werkgroep))


def mag_agendafeed_hebben(user: User) -> bool:
    """Every active member may have a secret calendar address with their meetings. The address itself needs no login
    (calendar apps cannot log in); it stops working when the member renews it or the account is blocked."""
    return is_lid(user)


# -- kennisbank


def mag_kennis_delen(user: User) -> bool:
    """Active members add kennisitems and vote them "nuttig"; visitors read the openbare items only."""
    return is_lid(user)


def mag_gemeente_intern_kiezen(user: User) -> bool:
    """Only staff of a gemeente make an item gemeente-intern: it is then hidden from every contractor."""
    return is_lid(user) and user.is_gemeente


def mag_kennisitem_bewerken(user: User, kennisitem) -> bool:
    """Edit an item (that the person can see): its author, beheerders, and the trekkers of the item's werkgroep, who
    keep their werkgroep's knowledge up to date when the author has moved on."""
    if not is_lid(user):
        return False
    if user.is_beheerder or (kennisitem.auteur_id is not None and kennisitem.auteur_id == user.pk):
        return True
    return kennisitem.werkgroep_id is not None and is_trekker(user, kennisitem.werkgroep_id)
