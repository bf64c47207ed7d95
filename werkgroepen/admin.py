from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kring.admin import AuditedModelAdmin
from werkgroepen.models import Tag, Thema, Werkgroep
from werkgroepen.services.kennisbank import tags_normaliseren


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


class _MetAantalItems(AuditedModelAdmin):
    """How many kennisitems carry the theme or tag, counted in the list's own query."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(aantal_items=Count("kennisitems"))

    @admin.display(description=_("kennisitems"), ordering="aantal_items")
    def aantal_items(self, obj):
        return obj.aantal_items


@admin.register(Thema)
class ThemaAdmin(_MetAantalItems):
    list_display = ["naam", "slug", "aantal_items"]
    prepopulated_fields = {"slug": ["naam"]}
    search_fields = ["naam"]


class TagForm(forms.ModelForm):
    def clean_naam(self):
        """Spelled like the tags members type with an item (lowercase, single spaces, no #), so they stay one tag."""
        naam = tags_normaliseren([self.cleaned_data["naam"]])
        if not naam:
            raise forms.ValidationError(_("Geef een tag met letters of cijfers."))
        return naam[0]


@admin.register(Tag)
class TagAdmin(_MetAantalItems):
    form = TagForm
    list_display = ["naam", "aantal_items"]
    search_fields = ["naam"]
