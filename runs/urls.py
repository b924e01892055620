"""Pages of runs and plans; artifacts and the trace viewer for signed-in users."""

from django.urls import path, re_path

from runs import plan_views, views

urlpatterns = [
    path("runs", views.runs_list, name="runs"),
    path("runs/start", views.run_start, name="run-start"),
    path("runs/<str:run_id>", views.run_detail, name="run"),
    path("runs/<str:run_id>/live", views.run_live, name="run-live"),
    path("runs/<str:run_id>/cancel", views.run_cancel, name="run-cancel-page"),
    path("runs/<str:run_id>/again", views.run_again, name="run-again"),
    path("suites/<str:name>/run", views.suite_run_form, name="suite-run"),
    path(
        "suites/<str:name>/export.spec.ts",
        views.suite_export_download,
        name="suite-export-page",
    ),
    path("artifacts/<path:path>", views.artifact, name="artifact-page"),
    re_path(r"^trace/(?P<path>[A-Za-z0-9._/-]*)$", views.trace_viewer, name="trace"),
    path("plans", plan_views.plans_list, name="plans"),
    path("plans/new", plan_views.plan_edit, name="plan-new"),
    path("plans/cron", plan_views.cron_preview, name="plan-cron"),
    path("plans/<str:plan_id>", plan_views.plan_detail, name="plan"),
    path("plans/<str:plan_id>/edit", plan_views.plan_edit, name="plan-edit"),
    path("plans/<str:plan_id>/run", plan_views.plan_run_now, name="plan-run-page"),
    path("plans/<str:plan_id>/delete", plan_views.plan_delete_page, name="plan-delete"),
]
