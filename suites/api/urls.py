from django.urls import URLPattern, URLResolver

from core.api.base import api_router
from suites.api.views import SuiteViewSet

router = api_router()
router.register("suites", SuiteViewSet, basename="suite")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
