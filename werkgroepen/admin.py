from django.contrib import admin

from kring.admin import AuditedModelAdmin
from werkgroepen.models import Werkgroep


@admin.register(Werkgroep)
class WerkgroepAdmin(AuditedModelAdmin):
    list_display = ["naam", "gestart_op", "gesloten_op", "volgorde"]
    prepopulated_fields = {"slug": ["naam"]}
    search_fields = ["naam", "doel"]


# -- werkgroepen
# -- uitvoeringsagenda
# -- bijeenkomsten
# -- signalen en agenda-feed
# -- kennisbank
