"""FilterSets of the werkgroepen part (django-filter)."""

import django_filters

# -- werkgroepen
# -- uitvoeringsagenda
# -- bijeenkomsten
# -- signalen en agenda-feed
# -- kennisbank
