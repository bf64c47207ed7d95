from django.urls import path

from werkgroepen.views import werkgroepen as views

app_name = "werkgroepen"

# Fixed words come before the werkgroep's own address (<slug>/); Werkgroep.clean refuses them as a slug.
urlpatterns = [
    path("", views.lijst, name="lijst"),
    # -- werkgroepen
    # -- uitvoeringsagenda
    # -- bijeenkomsten
    # -- signalen en agenda-feed
    # -- kennisbank
    path("<slug:slug>/", views.detail, name="detail"),
]
