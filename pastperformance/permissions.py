"""Access rules of past performance, one function per rule. Object visibility (which plans, rounds and ratings a
person may see at all) lives in the selectors, which answer 404 for others' objects (DESIGN §5)."""

from kring.permissions import is_lid  # noqa: F401  (used by the rules below)

# -- rondes
# -- beoordelen
# -- bespreking
# -- profielen
# -- vragenlijsten
