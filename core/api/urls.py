from django.urls import URLPattern, URLResolver, path

from core.api import settings_views, views
from core.api.base import SingletonRouter, api_router

router = api_router()
router.register("auth/tokens", views.TokenViewSet, basename="auth-token")
router.register("auth/users", views.UserViewSet, basename="auth-user")
router.register("auth/invites", views.InviteViewSet, basename="auth-invite")
# POST settings/test-notification is an action of issues' settings viewset: core may not
# import issues, which owns the notifications.
settings_router = SingletonRouter()
settings_router.register(
    "settings", settings_views.SettingsViewSet, basename="settings"
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("health", views.HealthView.as_view(), name="health"),
    path("health/ready", views.ReadyView.as_view(), name="health-ready"),
    path("auth/setup", views.SetupView.as_view(), name="auth-setup"),
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/me", views.MeView.as_view(), name="auth-me"),
    path("auth/password", views.PasswordView.as_view(), name="auth-password"),
    path(
        "auth/invites/accept",
        views.InviteAcceptView.as_view(),
        name="auth-invite-accept",
    ),
    path(
        "integrations/trackers",
        settings_views.TrackersView.as_view(),
        name="integrations-trackers",
    ),
    *router.urls,
    *settings_router.urls,
]
