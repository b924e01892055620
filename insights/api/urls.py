from django.urls import path

from insights.api import views

urlpatterns = [
    path("checks/api", views.ApiCheckView.as_view(), name="checks-api"),
    path(
        "checks/screenshot",
        views.ScreenshotCheckView.as_view(),
        name="checks-screenshot",
    ),
    path("analytics", views.AnalyticsView.as_view(), name="analytics"),
]
