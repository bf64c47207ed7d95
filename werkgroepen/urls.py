from django.urls import path

from werkgroepen.views import agenda, bijeenkomsten, ical, kennisbank, signalen
from werkgroepen.views import werkgroepen as views

app_name = "werkgroepen"

# Fixed words come before the werkgroep's own address (<slug>/); Werkgroep.clean refuses them as a slug.
urlpatterns = [
    path("", views.lijst, name="lijst"),
    # -- werkgroepen
    path("nieuw/", views.nieuw, name="nieuw"),
    path("aanmeldingen/", views.aanmeldingen, name="aanmeldingen"),
    path("aanmeldingen/<int:pk>/goedkeuren/", views.aanmelding_goedkeuren, name="aanmelding_goedkeuren"),
    path("aanmeldingen/<int:pk>/afwijzen/", views.aanmelding_afwijzen, name="aanmelding_afwijzen"),
    path("aanmeldingen/<int:pk>/intrekken/", views.aanmelding_intrekken, name="aanmelding_intrekken"),
    path("<slug:slug>/aanmelden/", views.aanmelden, name="aanmelden"),
    path("<slug:slug>/bewerken/", views.bewerken, name="bewerken"),
    path("<slug:slug>/sluiten/", views.sluiten, name="sluiten"),
    path("<slug:slug>/heropenen/", views.heropenen, name="heropenen"),
    path("<slug:slug>/leden/<int:pk>/rol/", views.lidmaatschap_rol, name="lidmaatschap_rol"),
    path("<slug:slug>/leden/<int:pk>/beeindigen/", views.lidmaatschap_beeindigen, name="lidmaatschap_beeindigen"),
    # -- uitvoeringsagenda
    path("agenda/", agenda.uitvoeringsagenda, name="uitvoeringsagenda"),
    path("agenda/export.<str:formaat>", agenda.uitvoeringsagenda_export, name="uitvoeringsagenda_export"),
    path("agenda/nieuw/", agenda.activiteit_nieuw, name="activiteit_nieuw"),
    path("agenda/<int:pk>/", agenda.activiteit, name="activiteit"),
    path("agenda/<int:pk>/bewerken/", agenda.activiteit_bewerken, name="activiteit_bewerken"),
    path("agenda/<int:pk>/status/<slug:status>/", agenda.activiteit_status, name="activiteit_status"),
    path("agenda/<int:pk>/voortgang/", agenda.activiteit_voortgang, name="activiteit_voortgang"),
    # -- bijeenkomsten
    path("bijeenkomsten/", bijeenkomsten.lijst, name="bijeenkomsten"),
    path("bijeenkomsten/nieuw/", bijeenkomsten.nieuw, name="bijeenkomst_nieuw"),
    path("bijeenkomsten/<int:pk>/", bijeenkomsten.detail, name="bijeenkomst"),
    path("bijeenkomsten/<int:pk>/bewerken/", bijeenkomsten.bewerken, name="bijeenkomst_bewerken"),
    path("bijeenkomsten/<int:pk>/agenda/", bijeenkomsten.agenda, name="bijeenkomst_agenda"),
    path("bijeenkomsten/<int:pk>/deelname/", bijeenkomsten.deelname, name="bijeenkomst_deelname"),
    path("bijeenkomsten/<int:pk>/aanwezigheid/", bijeenkomsten.aanwezigheid, name="bijeenkomst_aanwezigheid"),
    path("bijeenkomsten/<int:pk>/verslag/", bijeenkomsten.verslag, name="bijeenkomst_verslag"),
    path("bijeenkomsten/<int:pk>/status/<slug:status>/", bijeenkomsten.status, name="bijeenkomst_status"),
    path("bijeenkomsten/agendapunten/<int:pk>/", bijeenkomsten.agendapunt_bewerken, name="agendapunt_bewerken"),
    path(
        "bijeenkomsten/agendapunten/<int:pk>/verwijderen/",
        bijeenkomsten.agendapunt_verwijderen,
        name="agendapunt_verwijderen",
    ),
    path(
        "bijeenkomsten/agendapunten/<int:pk>/verplaatsen/",
        bijeenkomsten.agendapunt_verplaatsen,
        name="agendapunt_verplaatsen",
    ),
    path("actiepunten/", bijeenkomsten.mijn_actiepunten, name="actiepunten"),
    path("actiepunten/<int:pk>/gedaan/", bijeenkomsten.actiepunt_gedaan, name="actiepunt_gedaan"),
    path("actiepunten/<int:pk>/heropenen/", bijeenkomsten.actiepunt_heropenen, name="actiepunt_heropenen"),
    # -- signalen en agenda-feed
    path("klaagpaal/", signalen.lijst, name="signalen"),
    path("klaagpaal/nieuw/", signalen.nieuw, name="signaal_nieuw"),
    path("klaagpaal/<int:pk>/", signalen.detail, name="signaal"),
    path("klaagpaal/<int:pk>/status/", signalen.status, name="signaal_status"),
    path("klaagpaal/<int:pk>/antwoord/", signalen.antwoord, name="signaal_antwoord"),
    path("klaagpaal/<int:pk>/agenderen/", signalen.agenderen, name="signaal_agenderen"),
    path("bijeenkomsten/<int:pk>/agenda.ics", ical.bijeenkomst_ics, name="bijeenkomst_ics"),
    path("feed/", ical.agendafeed, name="agendafeed"),
    path("feed/<str:token>.ics", ical.agendafeed_ics, name="agendafeed_ics"),
    # -- kennisbank
    path("kennisbank/", kennisbank.kennisbank, name="kennisbank"),
    path("kennisbank/nieuw/", kennisbank.kennisitem_nieuw, name="kennisitem_nieuw"),
    path("kennisbank/<int:pk>/", kennisbank.kennisitem, name="kennisitem"),
    path("kennisbank/<int:pk>/bewerken/", kennisbank.kennisitem_bewerken, name="kennisitem_bewerken"),
    path("kennisbank/<int:pk>/nuttig/", kennisbank.kennisitem_nuttig, name="kennisitem_nuttig"),
    path("kennisbank/bijlagen/<int:pk>/", kennisbank.bijlage, name="kennisbijlage"),
    path("<slug:slug>/", views.detail, name="detail"),
]
