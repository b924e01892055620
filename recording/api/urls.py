from django.urls import URLPattern, URLResolver, path

from core.api.base import api_router
from recording.api import views

router = api_router()
router.register(
    "record/sessions", views.RecordSessionViewSet, basename="record-session"
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("record/convert", views.ConvertView.as_view(), name="record-convert"),
    path("record/start", views.RecordStartView.as_view(), name="record-start"),
    path("record/stop", views.RecordStopView.as_view(), name="record-stop"),
    *router.urls,
]
