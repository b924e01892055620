"""Pages of the issue board, and the settings page's test notification."""

from django.urls import path

from issues import views

urlpatterns = [
    path("issues", views.board, name="issues"),
    path("issues/<str:ref>", views.issue_detail, name="issue"),
    path("issues/<str:ref>/change", views.issue_change, name="issue-change"),
    path("issues/<str:ref>/comments", views.issue_comment, name="issue-comment"),
    path(
        "settings/test-notification", views.test_notification, name="test-notification"
    ),
]
