"""Access rules of the projecten part, one function per rule. Object visibility lives in selectors (404)."""

# -- projecten
# -- kalender
# -- spreiding
# -- gebieden
# -- import
