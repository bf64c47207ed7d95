"""Access rules of the kring, one function per rule. Object visibility lives in selectors (404 for others' objects)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from kring.models import Organisatie, User


def is_lid(user: User) -> bool:
    """An approved, unblocked member: may see the members' part of the portal."""
    return user.is_authenticated and user.is_actief


def kan_registraties_beoordelen(user: User) -> bool:
    """Only beheerders approve or refuse registrations (DESIGN §5)."""
    return is_lid(user) and user.is_beheerder


def moet_tweede_factor_hebben(user: User) -> bool:
    """Beheerder accounts must use a second factor (DESIGN §5); for everyone else it is optional."""
    return user.is_authenticated and user.is_beheerder


def requires(rule):
    """View decorator: answer 403 unless `rule(user)` holds. Object-level checks live in selectors (404)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# --- Leden -----------------------------------------------------------------------------------------------------------


def ziet_alle_leden(user: User) -> bool:
    """Beheerders see the whole ledenlijst: proposed organisations, applicants and blocked accounts, e-mail addresses
    and KvK numbers. Other members see member organisations and active people, without contact data."""
    return is_lid(user) and user.is_beheerder


def kan_leden_exporteren(user: User) -> bool:
    """Only beheerders download the ledenlijst as CSV or XLSX (it holds e-mail addresses)."""
    return is_lid(user) and user.is_beheerder


def kan_gebruikers_beheren(user: User) -> bool:
    """Only beheerders block, reactivate and give roles (stuurgroep, beheerder, tekenbevoegd) to accounts."""
    return is_lid(user) and user.is_beheerder


# --- Intentieovereenkomst --------------------------------------------------------------------------------------------


def mag_overeenkomsten_beheren(user: User) -> bool:
    """Only beheerders create, edit and delete concept versions of the intentieovereenkomst and move a version through
    its statuses (open and close signing, let it expire)."""
    return is_lid(user) and user.is_beheerder


def mag_concepten_zien(user: User) -> bool:
    """Concept versions are for beheerders and the stuurgroep, who prepare the next agreement; other members see a
    version once it is open for signing."""
    return is_lid(user) and (user.is_beheerder or user.is_stuurgroep)


def is_tekengerechtigd(user: User) -> bool:
    """May sign the intentieovereenkomst for their own organisation: an active member marked tekenbevoegd, working for
    a gemeente or opdrachtnemer that is a member of the kring today."""
    return (
        is_lid(user)
        and user.is_tekenbevoegd
        and (user.is_gemeente or user.is_opdrachtnemer)
        and Organisatie.objects.leden().filter(pk=user.organisatie_id).exists()
    )


def mag_tekenen(user: User, overeenkomst) -> bool:
    """May sign this version now: it is open for signing, the user is tekengerechtigd and their organisation has not
    signed it yet."""
    return (
        overeenkomst.status == overeenkomst.Status.TER_ONDERTEKENING
        and is_tekengerechtigd(user)
        and not overeenkomst.ondertekeningen.filter(organisatie_id=user.organisatie_id).exists()
    )


# --- Privacy en auditlog ---------------------------------------------------------------------------------------------


def kan_privacy_beheren(user: User) -> bool:
    """Only beheerders handle removal requests: anonymise an account or refuse the request with a reason."""
    return is_lid(user) and user.is_beheerder


def kan_auditlog_inzien(user: User) -> bool:
    """Only beheerders read and export the audit log (it names people, IP addresses and decisions)."""
    return is_lid(user) and user.is_beheerder


# --- Rapporten -------------------------------------------------------------------------------------------------------


def mag_rapporten_aanvragen(user: User) -> bool:
    """Members request PDF reports and see their own (nobody else's, a beheerder's neither). Each kind of report also
    checks, through its data's own selector, that the requester may see that data (kring.rapportsoorten)."""
    return is_lid(user)


# -- stuurgroep


def mag_dashboard_zien(user: User) -> bool:
    """Every active member opens the stuurgroep dashboard and sees the sections they may see there (each section asks
    its own part's rule); stuurgroep members and beheerders see all of them."""
    return is_lid(user)


# kwartaalrapportage


def mag_kwartaalrapportage_aanvragen(user: User) -> bool:
    """Stuurgroep members and beheerders request the quarterly report (the dashboard of a quarter as a PDF) and
    receive it after each quarter; the report shows each of them the sections they may see."""
    return is_lid(user) and (user.is_stuurgroep or user.is_beheerder)


# -- indicatoren


def mag_indicatoren_beheren(user: User) -> bool:
    """The stuurgroep and beheerders set the indicators of the themadoelen (with their targets) and enter the values of
    manual indicators; every member sees them on the indicators page and the dashboard."""
    return is_lid(user) and (user.is_stuurgroep or user.is_beheerder)
