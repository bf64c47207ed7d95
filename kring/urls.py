from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.urls import include, path
from django.views.generic import RedirectView

from kring.views import accounts as views
from kring.views import herinneringen, leden, overeenkomst, privacy, rapporten, stuurgroep
from kring.views import indicatoren as indicatoren_views
from kring.views import kwartaalrapportage as kwartaalrapportage_views

kring_patterns = (
    [
        path("", views.home, name="home"),
        path("privacy/", views.privacy, name="privacy"),
        path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
        path("health/", views.health, name="health"),
        path("start/", views.start, name="start"),
        path("wachten/", views.wachten, name="wachten"),
        path("profiel/", views.profiel, name="profiel"),
        path("beheer/registraties/", views.registraties, name="registraties"),
        path("beheer/registraties/<int:pk>/goedkeuren/", views.registratie_goedkeuren, name="registratie_goedkeuren"),
        path("beheer/registraties/<int:pk>/afwijzen/", views.registratie_afwijzen, name="registratie_afwijzen"),
        # -- leden
        path("leden/", leden.organisaties, name="leden"),
        path("leden/export.<str:formaat>", leden.organisaties_export, name="leden_organisaties_export"),
        path("leden/personen/", leden.personen, name="leden_personen"),
        path("leden/personen/export.<str:formaat>", leden.personen_export, name="leden_personen_export"),
        path("leden/organisaties/<int:pk>/", leden.organisatie, name="leden_organisatie"),
        path("beheer/gebruikers/<int:pk>/", leden.gebruiker, name="gebruiker"),
        path("beheer/gebruikers/<int:pk>/blokkeren/", leden.gebruiker_blokkeren, name="gebruiker_blokkeren"),
        path("beheer/gebruikers/<int:pk>/heractiveren/", leden.gebruiker_heractiveren, name="gebruiker_heractiveren"),
        path("beheer/gebruikers/<int:pk>/rollen/", leden.gebruiker_rollen, name="gebruiker_rollen"),
        # -- intentieovereenkomst
        path("overeenkomst/", overeenkomst.lijst, name="overeenkomst_lijst"),
        path("overeenkomst/nieuw/", overeenkomst.nieuw, name="overeenkomst_nieuw"),
        path("overeenkomst/<int:pk>/", overeenkomst.detail, name="overeenkomst_detail"),
        path("overeenkomst/<int:pk>/ondertekenen/", overeenkomst.ondertekenen, name="overeenkomst_ondertekenen"),
        path("overeenkomst/<int:pk>/bewerken/", overeenkomst.bewerken, name="overeenkomst_bewerken"),
        path("overeenkomst/<int:pk>/verwijderen/", overeenkomst.verwijderen, name="overeenkomst_verwijderen"),
        path("overeenkomst/<int:pk>/nieuwe-versie/", overeenkomst.nieuwe_versie, name="overeenkomst_nieuwe_versie"),
        path("overeenkomst/<int:pk>/status/<slug:status>/", overeenkomst.status, name="overeenkomst_status"),
        # -- rapporten
        path("rapporten/", rapporten.rapporten, name="rapporten"),
        path("rapporten/aanvragen/", rapporten.rapport_aanvragen, name="rapport_aanvragen"),
        path("rapporten/<int:pk>/", rapporten.rapport_detail, name="rapport_detail"),
        path("rapporten/<int:pk>/status/", rapporten.rapport_status, name="rapport_status"),
        path("rapporten/<int:pk>/download/", rapporten.rapport_download, name="rapport_download"),
        # -- herinneringen
        # -- stuurgroep
        path(
            "stuurgroep/kwartaalrapportage/",
            kwartaalrapportage_views.kwartaalrapportage,
            name="kwartaalrapportage",
        ),
        path("stuurgroep/", stuurgroep.stuurgroep, name="stuurgroep"),
        # -- indicatoren
        path("stuurgroep/indicatoren/", indicatoren_views.indicatoren, name="indicatoren"),
        path("stuurgroep/indicatoren/nieuw/", indicatoren_views.indicator_nieuw, name="indicator_nieuw"),
        path(
            "stuurgroep/indicatoren/<int:pk>/bewerken/",
            indicatoren_views.indicator_bewerken,
            name="indicator_bewerken",
        ),
        path(
            "stuurgroep/indicatoren/<int:pk>/verwijderen/",
            indicatoren_views.indicator_verwijderen,
            name="indicator_verwijderen",
        ),
        path("stuurgroep/indicatoren/<int:pk>/waarde/", indicatoren_views.indicatorwaarde, name="indicatorwaarde"),
        path("herinneringen/", herinneringen.herinneringen, name="herinneringen"),
        # -- privacy en auditlog
        path("privacy/mijn-gegevens/", privacy.mijn_gegevens, name="mijn_gegevens"),
        path("privacy/mijn-gegevens.json", privacy.mijn_gegevens_json, name="mijn_gegevens_json"),
        path("beheer/verwijderverzoeken/", privacy.verwijderverzoeken, name="verwijderverzoeken"),
        path(
            "beheer/verwijderverzoeken/<int:pk>/afwijzen/",
            privacy.verwijderverzoek_afwijzen,
            name="verwijderverzoek_afwijzen",
        ),
        path(
            "beheer/gebruikers/<int:pk>/anonimiseren/", privacy.gebruiker_anonimiseren, name="gebruiker_anonimiseren"
        ),
        path("beheer/auditlog/", privacy.auditlog, name="auditlog"),
        path("beheer/auditlog.csv", privacy.auditlog_csv, name="auditlog_csv"),
    ],
    "kring",
)

admin.site.site_header = "Kringportaal beheer"
admin.site.site_title = "Kringportaal"
# The kring does not use Django's groups: roles are fields on the user.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

urlpatterns = [
    path("", include(kring_patterns)),
    path("werkgroepen/", include("werkgroepen.urls")),
    path("projecten/", include("projecten.urls")),
    path("pastperformance/", include("pastperformance.urls")),
    path("sroi/", include("sroi.urls")),
    # The admin logs in through allauth, so the second factor and the lockout apply there too.
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="account_login", query_string=True)),
        name="admin_login_redirect",
    ),
    # And changes a password through allauth: audited, mailed to the person, and the other sessions end.
    path(
        "admin/password_change/",
        RedirectView.as_view(pattern_name="account_change_password"),
        name="admin_password_change_redirect",
    ),
    path("admin/", admin.site.urls),
    path("account/", include("allauth.urls")),
]
