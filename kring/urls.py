from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.urls import include, path
from django.views.generic import RedirectView

from kring.views import accounts as views

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
        # -- intentieovereenkomst
        # -- rapporten
        # -- herinneringen
        # -- privacy en auditlog
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
    path("admin/", admin.site.urls),
    path("account/", include("allauth.urls")),
]
