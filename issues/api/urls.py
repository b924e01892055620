from django.urls import URLPattern, URLResolver, path

from issues.api import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("issues", views.IssueListView.as_view(), name="issues"),
    path("issues/<str:issue_ref>", views.IssueDetailView.as_view(), name="issue"),
    path(
        "issues/<str:issue_ref>/comments",
        views.IssueCommentsView.as_view(),
        name="issue-comments",
    ),
    # Under /settings for the API's users; here because the notifications live in issues.
    path(
        "settings/test-notification",
        views.TestNotificationView.as_view(),
        name="settings-test-notification",
    ),
]
