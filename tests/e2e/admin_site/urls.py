"""Django's own admin at /admin/, and at /workshop/ a second admin site over the same auth
models with the admin options real projects use: an autocomplete (Select2 fetching options as
the list opens), a raw id lookup (a popup window), an editable list."""

from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.urls import path


class GroupAdmin(admin.ModelAdmin[Group]):
    search_fields = ["name"]


class ContentTypeAdmin(admin.ModelAdmin[ContentType]):
    list_display = ["model", "app_label"]
    search_fields = ["model"]


class PermissionAdmin(admin.ModelAdmin[Permission]):
    raw_id_fields = ["content_type"]
    search_fields = ["codename"]


class UserAdmin(admin.ModelAdmin[User]):
    fields = ["username", "groups"]
    list_display = ["username", "is_active"]
    list_editable = ["is_active"]
    autocomplete_fields = ["groups"]


workshop = admin.AdminSite(name="workshop")
workshop.register(Group, GroupAdmin)
workshop.register(ContentType, ContentTypeAdmin)
workshop.register(Permission, PermissionAdmin)
workshop.register(User, UserAdmin)

urlpatterns = [path("admin/", admin.site.urls), path("workshop/", workshop.urls)]
