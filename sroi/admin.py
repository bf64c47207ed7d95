from django.contrib import admin

from kring.admin import AlleenLezen, AlleenLezenAdmin
from sroi.models import (
    Bewijsstuk,
    Bouwblok,
    Inzetregel,
    Kandidaat,
    Poolaanbod,
    Poolinteresse,
    Regio,
    Verplichting,
    Waardetabel,
    Waarschuwing,
)

# -- waardetabellen


@admin.register(Regio)
class RegioAdmin(AlleenLezenAdmin):
    """Edited on the portal's page SROI-waardetabellen."""

    list_display = ["naam"]
    search_fields = ["naam"]


class BouwblokInline(AlleenLezen, admin.TabularInline):
    model = Bouwblok
    fields = ["volgorde", "code", "naam", "soort", "waarde", "max_maanden"]


@admin.register(Waardetabel)
class WaardetabelAdmin(AlleenLezenAdmin):
    """Edited on the portal's page SROI-waardetabellen (concept → vastgesteld, a change is a new version)."""

    list_display = ["naam", "regio", "geldig_vanaf", "status", "te_bevestigen"]
    list_filter = ["status", "te_bevestigen", "regio"]
    list_select_related = ["regio"]
    inlines = [BouwblokInline]


@admin.register(Bouwblok)
class BouwblokAdmin(AlleenLezenAdmin):
    list_display = ["naam", "code", "soort", "waarde", "max_maanden", "waardetabel"]
    list_filter = ["soort"]
    list_select_related = ["waardetabel__regio"]
    search_fields = ["naam", "code"]


@admin.register(Verplichting)
class VerplichtingAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "waardetabel", "sr_bedrag", "looptijd_start", "looptijd_eind", "geanonimiseerd_op"]
    list_select_related = ["project", "opdrachtnemer", "waardetabel__regio"]
    search_fields = ["project__naam", "project__nummer", "opdrachtnemer__naam"]


@admin.register(Kandidaat)
class KandidaatAdmin(AlleenLezenAdmin):
    """A candidate is a code chosen by the contractor, nothing more (no name, BSN or date of birth)."""

    list_display = ["code", "opdrachtnemer", "geanonimiseerd", "aangemaakt_op"]
    list_filter = ["geanonimiseerd"]
    list_select_related = ["opdrachtnemer"]
    fields = ["code", "opdrachtnemer", "geanonimiseerd", "aangemaakt_op"]
    search_fields = ["code"]


class BewijsstukInline(AlleenLezen, admin.TabularInline):
    """The file itself is not linked here: evidence is served only through the portal's authorised download."""

    model = Bewijsstuk
    fields = ["naam", "inhoudstype", "grootte", "geupload_op"]


@admin.register(Inzetregel)
class InzetregelAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "kandidaat", "verplichting", "status", "waarde"]
    list_filter = ["status"]
    list_select_related = ["bouwblok", "kandidaat", "verplichting__project", "verplichting__opdrachtnemer"]
    fields = [
        "verplichting",
        "bouwblok",
        "kandidaat",
        "bonussen",
        "start",
        "eind",
        "uren_per_week",
        "bedrag",
        "uren",
        "omschrijving",
        "waarde",
        "status",
        "reden_afwijzing",
        "beoordeeld_op",
        "ingevoerd_op",
    ]
    search_fields = ["kandidaat__code"]
    inlines = [BewijsstukInline]


@admin.register(Bewijsstuk)
class BewijsstukAdmin(AlleenLezenAdmin):
    """Without a link to the file: evidence is served only through the portal's authorised download."""

    list_display = ["naam", "inzetregel", "inhoudstype", "grootte", "geupload_op"]
    list_select_related = ["inzetregel__bouwblok"]
    fields = ["inzetregel", "naam", "inhoudstype", "grootte", "geupload_op"]


@admin.register(Waarschuwing)
class WaarschuwingAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "verplichting", "sinds", "opgelost_op"]
    list_filter = ["soort"]
    list_select_related = ["verplichting__project", "verplichting__opdrachtnemer"]


@admin.register(Poolaanbod)
class PoolaanbodAdmin(AlleenLezenAdmin):
    list_display = ["kandidaat", "categorie", "beschikbaar_vanaf", "status"]
    list_filter = ["status"]
    list_select_related = ["kandidaat"]


@admin.register(Poolinteresse)
class PoolinteresseAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "op"]
    list_select_related = ["organisatie", "aanbod__kandidaat"]
