from django.contrib import admin  # noqa: F401  (the features below register their models)

# -- projecten
# -- kalender
# -- spreiding
# -- gebieden
# -- import
