"""Access rules of SROI, one function per rule. Object visibility (which obligations, lines and candidates a person may
see at all) lives in the selectors, which answer 404 for others' objects (DESIGN §5)."""

from kring.permissions import is_lid  # noqa: F401  (used by the rules below)

# -- verplichtingen

# -- inzet

# -- pool

# -- waardetabellen
