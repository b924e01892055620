from django.urls import path

from generation.api import views

urlpatterns = [
    path("generate", views.GenerateView.as_view(), name="generate"),
    path("generate/plan", views.GeneratePlanView.as_view(), name="generate-plan"),
]
