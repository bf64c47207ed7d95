from django.contrib import admin
from django.forms.models import model_to_dict

from kring.audit import audit_log, json_waarde
from kring.models import AuditEvent, Organisatie, User


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin edits land in the audit log like every other change: fields before and after."""

    def save_model(self, request, obj, form, change):
        voor = {veld: json_waarde(form.initial.get(veld)) for veld in form.changed_data} if change else None
        super().save_model(request, obj, form, change)
        na = {veld: json_waarde(value) for veld, value in model_to_dict(obj, fields=form.changed_data).items()}
        actie = f"admin.{obj._meta.model_name}.{'gewijzigd' if change else 'toegevoegd'}"
        audit_log(actie=actie, actor=request.user, obj=obj, voor=voor, na=na, request=request)

    def delete_model(self, request, obj):
        audit_log(actie=f"admin.{obj._meta.model_name}.verwijderd", actor=request.user, obj=obj, request=request)
        super().delete_model(request, obj)


@admin.register(Organisatie)
class OrganisatieAdmin(AuditedModelAdmin):
    list_display = ["naam", "soort", "kvk_nummer", "plaats", "lid_sinds", "lid_tot"]
    list_filter = ["soort"]
    search_fields = ["naam", "kvk_nummer", "plaats"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    """Name and organisation only: status and roles change through the portal's services."""

    list_display = ["naam", "email", "organisatie", "status", "is_stuurgroep", "is_beheerder"]
    list_filter = ["status", "is_stuurgroep", "is_beheerder", "organisatie__soort"]
    list_select_related = ["organisatie"]
    search_fields = ["naam", "email", "organisatie__naam"]
    fields = [
        "naam",
        "email",
        "organisatie",
        "status",
        "status_reden",
        "is_stuurgroep",
        "is_beheerder",
        "aangemaakt_op",
        "last_login",
    ]
    readonly_fields = [
        "email",
        "status",
        "status_reden",
        "is_stuurgroep",
        "is_beheerder",
        "aangemaakt_op",
        "last_login",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["tijdstip", "actie", "actor_omschrijving", "object_omschrijving", "ip_adres"]
    list_filter = ["actie"]
    search_fields = ["actor_omschrijving", "object_omschrijving", "actie"]
    date_hierarchy = "tijdstip"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AlleenLezen:
    """For looking only, for the audit trail's sake: every change of these models goes through the portal's pages
    and services, which check the rules (status flows, versions that never change) and write the audit log."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AlleenLezenAdmin(AlleenLezen, admin.ModelAdmin):
    pass


# allauth's UserSession admin searches user__username, which our User (e-mail login, no username) does not have: every
# search there was a server error. Import it first so it is registered, then register it with fields we have.
from allauth.usersessions import admin as usersessions_admin  # noqa: E402
from allauth.usersessions.models import UserSession  # noqa: E402

admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(usersessions_admin.UserSessionAdmin):
    search_fields = ["user__email", "user__naam", "ip"]
