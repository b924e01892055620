from django.urls import URLPattern, URLResolver, path

from core.api.base import api_router
from runs.api import artifacts, views

router = api_router()
router.register("runs", views.RunViewSet, basename="run")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("suites", views.SuiteExportViewSet, basename="suite-export")

urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path("artifacts/<path:path>", artifacts.ArtifactView.as_view(), name="artifact"),
]
