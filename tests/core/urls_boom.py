"""A URL conf with a view that crashes, to see what a 500 looks like."""

from django.urls import include, path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class Boom(APIView):
    def get(self, request: Request) -> Response:
        raise RuntimeError("secret internals: db password hunter2")


urlpatterns = [
    path("api/v1/boom", Boom.as_view()),
    path("", include("tripwire_site.urls")),
]
