"""Auth and health endpoints. Thin: validate the input, call a service, serialize the answer."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import services
from core.api.permissions import IsAdmin
from core.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    CredentialsSerializer,
    ErrorSerializer,
    HealthSerializer,
    ReadySerializer,
    SessionSerializer,
    SetupStatusSerializer,
    TokenCreateSerializer,
    UserCreateSerializer,
    UserSerializer,
)
from core.models import ApiToken, User

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="Not found"),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS.get(code, OpenApiResponse(ErrorSerializer)) for code in codes}


def current_user(request: Request) -> User:
    user = request.user
    assert isinstance(
        user, User
    )  # guaranteed by IsAuthenticated on every non-open view
    return user


def client_ip(request: Request) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


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
        request=CredentialsSerializer,
        responses={201: SessionSerializer, **errors(400, 409)},
        tags=["auth"],
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = CredentialsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.setup_create_admin(
            email=data.validated_data["email"], password=data.validated_data["password"]
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
        data = CredentialsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.login(
            email=data.validated_data["email"],
            password=data.validated_data["password"],
            ip=client_ip(request),
        )
        return session_response(user)


class MeView(APIView):
    @extend_schema(responses={200: UserSerializer, **errors(401)}, tags=["auth"])
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(current_user(request)).data)


class TokenListView(generics.ListAPIView[ApiToken]):
    serializer_class = ApiTokenSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.filter(user=current_user(self.request))

    @extend_schema(
        responses={200: ApiTokenSerializer(many=True), **errors(400, 401)},
        tags=["auth"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=TokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer, **errors(400, 401)},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = TokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = services.api_token_create(
            user=current_user(request), name=data.validated_data["name"]
        )
        body = {**ApiTokenSerializer(issued.token).data, "token": issued.raw}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenDetailView(APIView):
    @extend_schema(responses={204: None, **errors(401, 404)}, tags=["auth"])
    def delete(self, request: Request, token_id: int) -> Response:
        services.api_token_revoke(user=current_user(request), token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserListView(generics.ListAPIView[User]):
    permission_classes = [IsAdmin]
    serializer_class = UserSerializer
    queryset = User.objects.all()

    @extend_schema(
        responses={200: UserSerializer(many=True), **errors(400, 401, 403)},
        tags=["auth"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=UserCreateSerializer,
        responses={201: UserSerializer, **errors(400, 401, 403)},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(**data.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)
