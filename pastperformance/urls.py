from django.urls import path  # noqa: F401  (the features below add their paths)

from pastperformance.views import beoordelen, bespreking, profielen, rondes, vragenlijsten

app_name = "pastperformance"

# Each feature adds its paths under its own heading; fixed words come before <int:pk> segments.
urlpatterns = [
    # -- rondes
    path("", rondes.index, name="index"),
    path("projecten/<int:project_pk>/plan/nieuw/", rondes.plan_nieuw, name="plan_nieuw"),
    path("plannen/<int:pk>/", rondes.plan, name="plan"),
    path("plannen/<int:pk>/bewerken/", rondes.plan_bewerken, name="plan_bewerken"),
    path("rondes/<int:pk>/", rondes.ronde, name="ronde"),
    path("rondes/<int:pk>/openen/", rondes.ronde_openen, name="ronde_openen"),
    path("rondes/<int:pk>/vervallen/", rondes.ronde_vervallen, name="ronde_vervallen"),
    # -- beoordelen
    path("rondes/<int:pk>/beoordelen/<slug:richting>/", beoordelen.beoordelen, name="beoordelen"),
    # -- bespreking
    path("afspraken/", bespreking.afspraken, name="afspraken"),
    path("afspraken/<int:pk>/status/", bespreking.afspraak_status, name="afspraak_status"),
    path("bezwaren/", bespreking.bezwaren, name="bezwaren"),
    path("bezwaren/<int:pk>/", bespreking.bezwaar, name="bezwaar"),
    path("bezwaren/<int:pk>/panel/", bespreking.bezwaar_panel, name="bezwaar_panel"),
    path("bezwaren/<int:pk>/besluit/", bespreking.bezwaar_besluit, name="bezwaar_besluit"),
    path("beoordelingen/<int:pk>/reactie/", bespreking.reactie, name="reactie"),
    path("beoordelingen/<int:pk>/bezwaar/", bespreking.bezwaar_nieuw, name="bezwaar_nieuw"),
    path("rondes/<int:pk>/bespreking/", bespreking.bespreking, name="bespreking"),
    path("rondes/<int:pk>/afspraken/nieuw/", bespreking.afspraak_nieuw, name="afspraak_nieuw"),
    path("rondes/<int:pk>/reactietermijn-verlengen/", bespreking.reactie_verlengen, name="reactie_verlengen"),
    path("rondes/<int:pk>/definitief/", bespreking.ronde_definitief, name="ronde_definitief"),
    path("rondes/<int:pk>/addendum/", bespreking.addendum_nieuw, name="addendum_nieuw"),
    path("rondes/<int:pk>/lessen-publiceren/", bespreking.lessen_publiceren, name="lessen_publiceren"),
    # -- profielen
    path("profielen/", profielen.profielen, name="profielen"),
    path("profielen/<int:pk>/", profielen.profiel, name="profiel"),
    path("opdrachtgeverschap/", profielen.opdrachtgeverschap, name="opdrachtgeverschap"),
    path("kalibratie/", profielen.kalibratie, name="kalibratie"),
    path("selectie/export.<str:formaat>", profielen.selectie_export, name="selectie_export"),
    path("plannen/<int:pk>/kpi/nieuw/", profielen.kpi_nieuw, name="kpi_nieuw"),
    path("kpi/<int:pk>/verwijderen/", profielen.kpi_verwijderen, name="kpi_verwijderen"),
    # -- vragenlijsten
    path("vragenlijsten/", vragenlijsten.vragenlijsten, name="vragenlijsten"),
    path("vragenlijsten/<int:pk>/", vragenlijsten.vragenlijst, name="vragenlijst"),
    path("vragenlijsten/<int:pk>/bewerken/", vragenlijsten.vragenlijst_bewerken, name="vragenlijst_bewerken"),
    path(
        "vragenlijsten/<int:pk>/nieuwe-versie/",
        vragenlijsten.vragenlijst_nieuwe_versie,
        name="vragenlijst_nieuwe_versie",
    ),
    path("vragenlijsten/<int:pk>/vaststellen/", vragenlijsten.vragenlijst_vaststellen, name="vragenlijst_vaststellen"),
    path("vragenlijsten/<int:pk>/verwijderen/", vragenlijsten.vragenlijst_verwijderen, name="vragenlijst_verwijderen"),
    path("beleid/", vragenlijsten.beleid, name="beleid"),
]
