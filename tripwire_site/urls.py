"""Routes: the JSON API under /api/v1, its schema and docs, the admin, and the pages."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from core.api.exception_handler import api_not_found
from core.api.views import HealthView, ReadyView

api_v1: list[URLPattern | URLResolver] = [
    path("", include("core.api.urls")),
    path("", include("suites.api.urls")),
    path("", include("runs.api.urls")),
    path("", include("insights.api.urls")),
    path("", include("issues.api.urls")),
    path("", include("recording.api.urls")),
    path("", include("generation.api.urls")),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    # Anything else under /api answers JSON, never Django's HTML 404 page.
    re_path(r"^api(?:/.*)?$", api_not_found),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    # Load-balancer friendly aliases of the API's open health endpoints.
    path("health", HealthView.as_view()),
    path("health/ready", ReadyView.as_view()),
    path("admin/", admin.site.urls),
    # The pages (server-rendered, session sign-in).
    path("", include("core.urls")),
    path("", include("insights.urls")),
    path("", include("suites.urls")),
    path("", include("runs.urls")),
    path("", include("issues.urls")),
    path("", include("generation.urls")),
    path("", include("recording.urls")),
]

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
