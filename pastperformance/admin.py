from django.contrib import admin

from kring.admin import AlleenLezen, AlleenLezenAdmin
from pastperformance.models import (
    Addendum,
    Afspraak,
    Beleid,
    Beoordelaarverdeling,
    Beoordeling,
    Beoordelingsplan,
    Beoordelingsronde,
    Bespreking,
    Bezwaar,
    Criterium,
    KpiMeting,
    Reactie,
    Score,
    Scoremaand,
    Vragenlijst,
)

# -- vragenlijsten

# Statuses after the reveal: only then does anyone but the rater's organisation see scores (DESIGN §5), beheerders
# in the admin included.
ONTHULD = (
    Beoordelingsronde.Status.ONTHULD,
    Beoordelingsronde.Status.BESPROKEN,
    Beoordelingsronde.Status.DEFINITIEF,
)


class CriteriumInline(AlleenLezen, admin.TabularInline):
    model = Criterium
    fields = ["volgorde", "code", "naam", "toelichting", "nvt_toegestaan"]


@admin.register(Vragenlijst)
class VragenlijstAdmin(AlleenLezenAdmin):
    """Edited on the portal's pages (Vragenlijsten past performance), where versions and their rules live."""

    list_display = ["naam", "richting", "versie", "status", "vastgesteld_op"]
    list_filter = ["richting", "status"]
    inlines = [CriteriumInline]


@admin.register(Criterium)
class CriteriumAdmin(AlleenLezenAdmin):
    list_display = ["naam", "code", "vragenlijst", "volgorde", "nvt_toegestaan"]
    list_filter = ["vragenlijst__richting", "vragenlijst__status"]
    list_select_related = ["vragenlijst"]
    search_fields = ["naam", "code"]


@admin.register(Beleid)
class BeleidAdmin(AlleenLezenAdmin):
    """Edited on the portal's page Beleid past performance, which audits every change."""

    list_display = ["__str__", "gebruik_voor_selectie", "minimum_n", "venster_maanden", "gewijzigd_op"]


@admin.register(Beoordelingsplan)
class BeoordelingsplanAdmin(AlleenLezenAdmin):
    list_display = ["project", "opdrachtnemer", "uitvoering_start", "uitvoering_eind", "opgeleverd_op"]
    list_select_related = ["project", "opdrachtnemer"]
    search_fields = ["project__naam", "project__nummer", "opdrachtnemer__naam"]


@admin.register(Beoordelingsronde)
class BeoordelingsrondeAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "soort", "status", "opent_op", "onthulling_uiterlijk", "definitief_op"]
    list_filter = ["status", "soort"]
    list_select_related = ["plan__project", "plan__opdrachtnemer"]


class OnthuldAdmin(AlleenLezenAdmin):
    """Submitted ratings and their scores of revealed rounds only: before the reveal nobody but the rater's own
    organisation sees them, a beheerder neither; a draft left at a deadline reveal stays with its own organisation."""

    beoordeling_pad = ""

    def get_queryset(self, request):
        pad = self.beoordeling_pad
        return (
            super()
            .get_queryset(request)
            .filter(**{f"{pad}ronde__status__in": ONTHULD, f"{pad}ingediend_op__isnull": False})
        )


class ScoreInline(AlleenLezen, admin.TabularInline):
    model = Score
    fields = ["criterium", "waarde", "nvt", "motivering", "voorgestelde_afspraak"]


@admin.register(Beoordeling)
class BeoordelingAdmin(OnthuldAdmin):
    list_display = ["__str__", "richting", "beoordelaar_organisatie", "beoordeelde_organisatie", "ingediend_op"]
    list_filter = ["richting", "telt_mee"]
    list_select_related = [
        "ronde__plan__project",
        "ronde__plan__opdrachtnemer",
        "beoordelaar_organisatie",
        "beoordeelde_organisatie",
    ]
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(OnthuldAdmin):
    beoordeling_pad = "beoordeling__"
    list_display = ["__str__", "beoordeling", "waarde", "nvt"]
    list_select_related = ["criterium", "beoordeling__ronde__plan__project", "beoordeling__ronde__plan__opdrachtnemer"]


@admin.register(Bespreking)
class BesprekingAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "datum", "vastgelegd_op"]
    list_select_related = ["ronde__plan__project", "ronde__plan__opdrachtnemer"]


@admin.register(Afspraak)
class AfspraakAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "eigenaar_organisatie", "deadline", "status"]
    list_filter = ["status"]
    list_select_related = ["eigenaar_organisatie"]


@admin.register(Reactie)
class ReactieAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "eens", "gesprek_gewenst", "op"]
    list_select_related = ["beoordeling__ronde__plan__project", "beoordeling__ronde__plan__opdrachtnemer"]


@admin.register(Bezwaar)
class BezwaarAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "organisatie", "status", "besluit", "ingediend_op"]
    list_filter = ["status", "besluit"]
    list_select_related = [
        "organisatie",
        "beoordeling__ronde__plan__project",
        "beoordeling__ronde__plan__opdrachtnemer",
    ]


@admin.register(Addendum)
class AddendumAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "op"]
    list_select_related = ["ronde__plan__project", "ronde__plan__opdrachtnemer"]


@admin.register(KpiMeting)
class KpiMetingAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "plan", "peildatum", "ingevoerd_op"]
    list_filter = ["soort"]
    list_select_related = ["plan__project", "plan__opdrachtnemer"]


@admin.register(Scoremaand)
class ScoremaandAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "organisatie", "richting", "criterium_code", "maand", "aantal"]
    list_filter = ["richting"]
    list_select_related = ["organisatie"]


@admin.register(Beoordelaarverdeling)
class BeoordelaarverdelingAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "beoordelaar", "richting", "waarde", "aantal"]
    list_filter = ["richting"]
    list_select_related = ["beoordelaar"]
