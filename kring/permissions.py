"""Access rules of the kring, one function per rule. Object visibility lives in selectors (404 for others' objects)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from kring.models import User


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
