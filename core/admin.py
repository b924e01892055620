from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from core import services
from core.exceptions import InvalidCredentials, RateLimited
from core.models import ApiToken, InstanceSettings, User
from core.selectors import SECRET_FIELDS, SETTINGS_FIELDS
from core.settings_services import setting_clean


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


class InstanceSettingsForm(forms.ModelForm[InstanceSettings]):
    """Non-secret settings, validated like the API does; secrets are set through the API/page."""

    class Meta:
        model = InstanceSettings
        fields = [name for name in SETTINGS_FIELDS if name not in SECRET_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if name in SETTINGS_FIELDS and isinstance(value, str) and value.strip():
                try:
                    cleaned[name] = setting_clean(name, value.strip())
                except ValueError as exc:
                    self.add_error(name, str(exc))
        return cleaned


@admin.register(InstanceSettings)
class InstanceSettingsAdmin(admin.ModelAdmin[InstanceSettings]):
    form = InstanceSettingsForm
    readonly_fields = ("updated", "secrets")

    @admin.display(description="Secrets (encrypted; change them on the settings page)")
    def secrets(self, obj: InstanceSettings) -> str:
        # Only whether each secret is saved: the admin never shows a secret or its ciphertext.
        return ", ".join(
            f"{name}: {'saved' if getattr(obj, name) else 'not saved'}"
            for name in SETTINGS_FIELDS
            if name in SECRET_FIELDS
        )

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's sign-in through the same service (and limit) as the API and the pages."""

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password") or ""
        if email and password:
            address = str(
                (self.request.META if self.request else {}).get("REMOTE_ADDR")
            )
            try:
                user = services.login(email=email, password=password, ip=address)
            except RateLimited as exc:
                raise forms.ValidationError(exc.detail, code="rate_limited") from None
            except InvalidCredentials:
                raise self.get_invalid_login_error() from None
            self.confirm_login_allowed(user)
            self.user_cache = user
        return self.cleaned_data


admin.site.login_form = ThrottledAdminLoginForm
