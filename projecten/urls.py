from django.urls import path  # noqa: F401  (the features below add their paths)

app_name = "projecten"

urlpatterns = [
    # -- projecten
    # -- kalender
    # -- spreiding
    # -- gebieden
    # -- import
]
