from django.urls import path

from recording.api import views

urlpatterns = [
    path("record/convert", views.ConvertView.as_view(), name="record-convert"),
    path("record/start", views.RecordStartView.as_view(), name="record-start"),
    path(
        "record/sessions/<str:record_id>",
        views.RecordSessionView.as_view(),
        name="record-session",
    ),
    path("record/stop", views.RecordStopView.as_view(), name="record-stop"),
]
