"""Pages of suites. Running and exporting a suite are runs' pages (runs/urls.py)."""

from django.urls import path

from suites import views

urlpatterns = [
    path("suites", views.suites_list, name="suites"),
    path("suites/new", views.suite_new, name="suite-new"),
    path("suites/validate", views.suite_validate, name="suite-validate"),
    path("suites/import", views.suite_import, name="suite-import"),
    path("suites/<str:name>", views.suite_detail, name="suite"),
    path("suites/<str:name>/delete", views.suite_delete, name="suite-delete"),
]
