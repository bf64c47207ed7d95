"""Access rules of the werkgroepen part, one function per rule. Object visibility lives in selectors (404)."""

from kring.models import User
from kring.permissions import is_lid

# -- werkgroepen
# -- uitvoeringsagenda
# -- bijeenkomsten
# -- signalen en agenda-feed
# -- kennisbank
