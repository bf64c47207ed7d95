from django.urls import path

from werkgroepen import views

app_name = "werkgroepen"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("<slug:slug>/", views.detail, name="detail"),
]
