"""FilterSets of the projecten part (django-filter)."""

# -- projecten
# -- kalender
# -- spreiding
# -- gebieden
# -- import
