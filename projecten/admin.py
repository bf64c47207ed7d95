from django import forms
from django.contrib import admin  # noqa: F401  (the features below register their models)
from django.utils.translation import gettext_lazy as _

from kring.admin import AuditedModelAdmin
from projecten.models import Gebied, Waardeklasse

# -- projecten


class WaardeklasseForm(forms.ModelForm):
    def clean(self):
        """The bands' order in Dutch (the model's constraint would answer in English), and a rekenwaarde inside its
        band: it stands for the projects of the band in the totals per quarter."""
        cleaned = super().clean()
        onder, boven, reken = cleaned.get("ondergrens"), cleaned.get("bovengrens"), cleaned.get("rekenwaarde")
        if onder is not None and boven is not None and boven <= onder:
            self.add_error("bovengrens", _("De bovengrens moet hoger zijn dan de ondergrens."))
        elif onder is not None and reken is not None and (reken < onder or (boven is not None and reken >= boven)):
            self.add_error(
                "rekenwaarde", _("Kies een rekenwaarde binnen de klasse: vanaf de ondergrens, onder de bovengrens.")
            )
        return cleaned


@admin.register(Waardeklasse)
class WaardeklasseAdmin(AuditedModelAdmin):
    """The value bands the pipeline shows instead of exact estimates; a band in use cannot be deleted."""

    form = WaardeklasseForm
    list_display = ["naam", "code", "ondergrens", "bovengrens", "rekenwaarde", "volgorde"]
    prepopulated_fields = {"code": ["naam"]}
    search_fields = ["naam", "code"]


@admin.register(Gebied)
class GebiedAdmin(AuditedModelAdmin):
    """The wijken of each gemeente; projects and opgaven refer to them, imports by their code."""

    list_display = ["naam", "code", "gemeente"]
    list_filter = ["gemeente"]
    list_select_related = ["gemeente"]
    prepopulated_fields = {"code": ["naam"]}
    search_fields = ["naam", "code", "gemeente__naam"]


# -- kalender
# -- spreiding
# -- gebieden
# -- import
