from django.urls import path  # noqa: F401  (the features below add their paths)

app_name = "sroi"

# Each feature adds its paths under its own heading; fixed words come before <int:pk> segments.
urlpatterns = [
    # -- verplichtingen
    # -- inzet
    # -- pool
    # -- waardetabellen
]
