from django.urls import URLPattern, URLResolver, path

from runs.api import artifacts, plan_views, views
from runs.api.export_views import SuiteExportView

urlpatterns: list[URLPattern | URLResolver] = [
    path("runs", views.RunListView.as_view(), name="runs"),
    path("runs/queue", views.RunQueueView.as_view(), name="runs-queue"),
    path("runs/<str:run_id>", views.RunDetailView.as_view(), name="run"),
    path("runs/<str:run_id>/cancel", views.RunCancelView.as_view(), name="run-cancel"),
    path("plans", plan_views.PlanListView.as_view(), name="plans"),
    path("plans/<str:plan_id>", plan_views.PlanDetailView.as_view(), name="plan"),
    path("plans/<str:plan_id>/run", plan_views.PlanRunView.as_view(), name="plan-run"),
    path("artifacts/<path:path>", artifacts.ArtifactView.as_view(), name="artifact"),
    path("suites/<str:name>/export", SuiteExportView.as_view(), name="suite-export"),
]
