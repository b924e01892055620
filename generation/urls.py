from django.urls import path

from generation import views

urlpatterns = [path("generate", views.generate_page, name="generate-page")]
