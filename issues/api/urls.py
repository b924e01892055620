from django.urls import URLPattern, URLResolver

from core.api.base import SingletonRouter, api_router
from issues.api import views

router = api_router()
router.register("issues", views.IssueViewSet, basename="issue")
settings_router = SingletonRouter()
settings_router.register(
    "settings", views.SettingsNotificationViewSet, basename="settings-notification"
)

urlpatterns: list[URLPattern | URLResolver] = [*router.urls, *settings_router.urls]
