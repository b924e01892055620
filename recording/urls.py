from django.urls import path

from recording import views

urlpatterns = [
    path("record", views.record_page, name="record-page"),
    path("record/<str:record_id>", views.record_session, name="record-session-page"),
    path("record/<str:record_id>/stop", views.record_stop, name="record-stop-page"),
]
