from django.urls import path

from core.api import settings_views, views

urlpatterns = [
    path("health", views.HealthView.as_view(), name="health"),
    path("health/ready", views.ReadyView.as_view(), name="health-ready"),
    path("auth/setup", views.SetupView.as_view(), name="auth-setup"),
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/me", views.MeView.as_view(), name="auth-me"),
    path("auth/tokens", views.TokenListView.as_view(), name="auth-tokens"),
    path(
        "auth/tokens/<int:token_id>", views.TokenDetailView.as_view(), name="auth-token"
    ),
    path("auth/users", views.UserListView.as_view(), name="auth-users"),
]

# Instance settings and integrations. POST settings/test-notification lives with the
# notifications in issues/api/urls.py: core may not import issues.
urlpatterns += [
    path("settings", settings_views.SettingsView.as_view(), name="settings"),
    path(
        "integrations/trackers",
        settings_views.TrackersView.as_view(),
        name="integrations-trackers",
    ),
]
