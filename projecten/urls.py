from django.urls import path  # noqa: F401  (the features below add their paths)

from projecten.views import gebieden as gebieden_views
from projecten.views import importeren as import_views
from projecten.views import kalender
from projecten.views import projecten as projecten_views
from projecten.views import spreiding as spreiding_views

app_name = "projecten"

urlpatterns = [
    # -- projecten
    path("", projecten_views.lijst, name="lijst"),
    path("nieuw/", projecten_views.nieuw, name="nieuw"),
    path("<int:pk>/", projecten_views.detail, name="detail"),
    path("<int:pk>/bewerken/", projecten_views.bewerken, name="bewerken"),
    path("<int:pk>/fase/", projecten_views.fase, name="fase"),
    path("<int:pk>/gunnen/", projecten_views.gunnen, name="gunnen"),
    # -- kalender
    path("kalender/", kalender.kalender, name="kalender"),
    path("kalender.csv", kalender.kalender_csv, name="kalender_csv"),
    path("kalender.ics", kalender.kalender_ics, name="kalender_ics"),
    path("kalender.json", kalender.kalender_json, name="kalender_json"),
    path("kalender/schema.json", kalender.kalender_schema, name="kalender_schema"),
    path("<int:pk>/interesse/", kalender.interesse, name="interesse"),
    path("gevolgd/", kalender.gevolgd, name="gevolgd"),
    # -- spreiding
    path("spreiding/", spreiding_views.overzicht, name="spreiding"),
    path("spreiding/werkvoorraad/", spreiding_views.werkvoorraad, name="werkvoorraad"),
    path("spreiding/voorstel/", spreiding_views.voorstel, name="spreidingsvoorstel"),
    path("spreiding/voorstel/<int:project_pk>/overnemen/", spreiding_views.overnemen, name="spreiding_overnemen"),
    # -- gebieden
    path("gebieden/", gebieden_views.gebieden, name="gebieden"),
    path("gebieden/matrix/", gebieden_views.matrix, name="gebieden_matrix"),
    path("gebieden/<int:pk>/", gebieden_views.gebied, name="gebied"),
    path("gebieden/<int:pk>/opgaven/nieuw/", gebieden_views.opgave_nieuw, name="opgave_nieuw"),
    path("gebieden/<int:pk>/graafrust/nieuw/", gebieden_views.graafrust_nieuw, name="graafrust_nieuw"),
    path("gebieden/opgaven/<int:pk>/bewerken/", gebieden_views.opgave_bewerken, name="opgave_bewerken"),
    path("gebieden/opgaven/<int:pk>/verwijderen/", gebieden_views.opgave_verwijderen, name="opgave_verwijderen"),
    path(
        "gebieden/graafrust/<int:pk>/verwijderen/", gebieden_views.graafrust_verwijderen, name="graafrust_verwijderen"
    ),
    path("koppelkansen/", gebieden_views.koppelkansen, name="koppelkansen"),
    path("koppelkansen/<int:pk>/", gebieden_views.koppelkans, name="koppelkans"),
    path("koppelkansen/<int:pk>/besluit/", gebieden_views.koppelkans_besluit, name="koppelkans_besluit"),
    # -- import
    path("import/", import_views.importeren, name="import"),
    path("import/sjabloon.<str:formaat>", import_views.sjabloon, name="import_sjabloon"),
    path("import/<int:pk>/", import_views.detail, name="import_detail"),
    path("import/<int:pk>/verwerken/", import_views.verwerken, name="import_verwerken"),
]
