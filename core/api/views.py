"""Auth and health endpoints. Thin: validate the input, call a service, serialize the answer."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import services
from core.api.base import body_of, client_ip, current_user, errors
from core.api.permissions import IsAdmin
from core.api.serializers import (
    AccountSerializer,
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    CredentialsSerializer,
    HealthSerializer,
    ReadySerializer,
    SessionSerializer,
    SetupStatusSerializer,
    TokenCreateSerializer,
    UserCreateSerializer,
    UserSerializer,
)
from core.models import ApiToken, User


def session_response(user: User, *, code: int = status.HTTP_200_OK) -> Response:
    body = {
        "token": services.session_token_for(user),
        "user": UserSerializer(user).data,
    }
    return Response(body, status=code)


class HealthView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: HealthSerializer}, tags=["health"], auth=[])
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class ReadyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        responses={200: ReadySerializer, 503: ReadySerializer}, tags=["health"], auth=[]
    )
    def get(self, request: Request) -> Response:
        checks: dict[str, str] = {}
        probe = settings.DATA_DIR / f".ready-{uuid.uuid4().hex}"
        try:
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
            checks["data_dir"] = "ok"
        except OSError as exc:
            checks["data_dir"] = (
                f"not writable: {settings.DATA_DIR}: {exc.strerror or exc}"
            )
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"not answering: {type(exc).__name__}: {exc}"
        ready = all(value == "ok" for value in checks.values())
        return Response(
            {"status": "ok" if ready else "unavailable", "checks": checks},
            status=status.HTTP_200_OK if ready else status.HTTP_503_SERVICE_UNAVAILABLE,
        )


class SetupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(responses={200: SetupStatusSerializer}, tags=["auth"], auth=[])
    def get(self, request: Request) -> Response:
        return Response({"needs_setup": services.setup_needed()})

    @extend_schema(
        request=AccountSerializer,
        responses={201: SessionSerializer, **errors(400, 409)},
        tags=["auth"],
        auth=[],
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, AccountSerializer)
        user = services.setup_create_admin(
            email=given["email"], password=given["password"]
        )
        return session_response(user, code=status.HTTP_201_CREATED)


class LoginView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        request=CredentialsSerializer,
        responses={200: SessionSerializer, **errors(400, 401, 429)},
        tags=["auth"],
        auth=[],
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, CredentialsSerializer)
        user = services.login(
            email=given["email"], password=given["password"], ip=client_ip(request)
        )
        return session_response(user)


class MeView(APIView):
    @extend_schema(responses={200: UserSerializer, **errors(401)}, tags=["auth"])
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(current_user(request)).data)


# `/auth/tokens`: the signed-in user's own API tokens.
class TokenViewSet(viewsets.GenericViewSet[ApiToken]):
    serializer_class = ApiTokenSerializer
    lookup_url_kwarg = "token_id"
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.filter(user=current_user(self.request))

    @extend_schema(
        responses={200: ApiTokenSerializer(many=True), **errors(400, 401)},
        tags=["auth"],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ApiTokenSerializer(page, many=True).data)

    @extend_schema(
        request=TokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer, **errors(400, 401)},
        tags=["auth"],
    )
    def create(self, request: Request) -> Response:
        given = body_of(request, TokenCreateSerializer)
        issued = services.api_token_create(
            user=current_user(request), name=given["name"]
        )
        body = {**ApiTokenSerializer(issued.token).data, "token": issued.raw}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **errors(401, 404)}, tags=["auth"])
    def destroy(self, request: Request, token_id: int) -> Response:
        services.api_token_revoke(user=current_user(request), token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# `/auth/users`: the people who can sign in (admins only).
class UserViewSet(viewsets.GenericViewSet[User]):
    permission_classes = [IsAdmin]
    serializer_class = UserSerializer
    queryset = User.objects.all()

    @extend_schema(
        responses={200: UserSerializer(many=True), **errors(400, 401, 403)},
        tags=["auth"],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(UserSerializer(page, many=True).data)

    @extend_schema(
        request=UserCreateSerializer,
        responses={201: UserSerializer, **errors(400, 401, 403)},
        tags=["auth"],
    )
    def create(self, request: Request) -> Response:
        user = services.user_create(**body_of(request, UserCreateSerializer))
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)
