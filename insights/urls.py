"""The dashboard and the analytics page."""

from django.urls import path

from insights import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/live", views.dashboard_live, name="dashboard-live"),
    path("analytics", views.analytics_page, name="analytics-page"),
]
