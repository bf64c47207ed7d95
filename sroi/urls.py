from django.urls import path  # noqa: F401  (the features below add their paths)

from sroi.views import inzet as inzet_views
from sroi.views import pool as pool_views
from sroi.views import verplichtingen as verplichtingen_views
from sroi.views import waardetabellen as waardetabellen_views

app_name = "sroi"

# Each feature adds its paths under its own heading; fixed words come before <int:pk> segments.
urlpatterns = [
    # -- verplichtingen
    path("", verplichtingen_views.index, name="index"),
    path("voortgang/", verplichtingen_views.voortgang, name="voortgang"),
    path("voortgang/export.<str:formaat>", verplichtingen_views.export, name="export"),
    path(
        "projecten/<int:project_pk>/verplichting/nieuw/",
        verplichtingen_views.verplichting_nieuw,
        name="verplichting_nieuw",
    ),
    path("verplichtingen/<int:pk>/", verplichtingen_views.verplichting, name="verplichting"),
    path(
        "verplichtingen/<int:pk>/bewerken/", verplichtingen_views.verplichting_bewerken, name="verplichting_bewerken"
    ),
    # -- inzet
    path("verplichtingen/<int:pk>/inzet/nieuw/", inzet_views.inzet_nieuw, name="inzet_nieuw"),
    path("inzet/<int:pk>/", inzet_views.inzet, name="inzet"),
    path("inzet/<int:pk>/beoordelen/", inzet_views.inzet_beoordelen, name="inzet_beoordelen"),
    path("bewijs/<int:pk>/", inzet_views.bewijs_download, name="bewijs_download"),
    path("kandidaten/", inzet_views.kandidaten, name="kandidaten"),
    # -- pool
    path("pool/", pool_views.pool, name="pool"),
    path("pool/aanbieden/", pool_views.pool_aanbieden, name="pool_aanbieden"),
    path("pool/<int:pk>/", pool_views.pool_aanbod, name="pool_aanbod"),
    path("pool/<int:pk>/interesse/", pool_views.pool_interesse, name="pool_interesse"),
    path("pool/<int:pk>/status/", pool_views.pool_status, name="pool_status"),
    # -- waardetabellen
    path("waardetabellen/", waardetabellen_views.waardetabellen, name="waardetabellen"),
    path("waardetabellen/nieuw/", waardetabellen_views.waardetabel_nieuw, name="waardetabel_nieuw"),
    path("waardetabellen/regio/nieuw/", waardetabellen_views.regio_nieuw, name="regio_nieuw"),
    path("waardetabellen/regio/<int:pk>/", waardetabellen_views.regio_bewerken, name="regio_bewerken"),
    path("waardetabellen/<int:pk>/", waardetabellen_views.waardetabel, name="waardetabel"),
    path("waardetabellen/<int:pk>/bewerken/", waardetabellen_views.waardetabel_bewerken, name="waardetabel_bewerken"),
    path("waardetabellen/<int:pk>/kopie/", waardetabellen_views.waardetabel_kopie, name="waardetabel_kopie"),
    path(
        "waardetabellen/<int:pk>/vaststellen/",
        waardetabellen_views.waardetabel_vaststellen,
        name="waardetabel_vaststellen",
    ),
    path(
        "waardetabellen/<int:pk>/bevestigen/",
        waardetabellen_views.waardetabel_bevestigen,
        name="waardetabel_bevestigen",
    ),
]
