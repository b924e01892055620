from django.urls import path

from suites.api import views

urlpatterns = [
    path("suites", views.SuiteListView.as_view(), name="suites"),
    path("suites/<str:name>", views.SuiteDetailView.as_view(), name="suite"),
]
