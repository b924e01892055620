"""Pages of core: sign-in, first-run setup, sign-out, my API tokens, settings and users."""

from django.urls import path

from core import views

urlpatterns = [
    path("login", views.sign_in, name="login"),
    path("logout", views.sign_out, name="logout"),
    path("setup", views.setup, name="setup"),
    path("accept-invite", views.accept_invite, name="accept-invite"),
    path("account", views.account, name="account"),
    path("settings", views.settings_page, name="settings"),
    path("settings/users", views.users_page, name="users"),
]
