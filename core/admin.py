from __future__ import annotations

from django.contrib import admin

from core.models import ApiToken, InstanceSettings, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("email", "role", "is_active", "date_joined")
    list_filter = ("role", "is_active")
    search_fields = ("email",)
    # Passwords are changed through the API or `manage.py changepassword`, never as a raw hash.
    exclude = ("password",)
    readonly_fields = ("last_login", "date_joined")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("prefix", "name", "user", "created", "last_used")
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__email")
    # Only the hash is stored; nothing to edit but the name. Create tokens through the API.
    readonly_fields = ("user", "prefix", "token_hash", "created", "last_used")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(InstanceSettings)
class InstanceSettingsAdmin(admin.ModelAdmin[InstanceSettings]):
    readonly_fields = ("updated",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
