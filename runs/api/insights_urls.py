from django.urls import path

from runs.api import analytics_views, checks_views

urlpatterns = [
    path("checks/api", checks_views.ApiCheckView.as_view(), name="checks-api"),
    path(
        "checks/screenshot",
        checks_views.ScreenshotCheckView.as_view(),
        name="checks-screenshot",
    ),
    path("analytics", analytics_views.AnalyticsView.as_view(), name="analytics"),
]
