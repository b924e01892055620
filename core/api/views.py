"""Auth and health endpoints. Thin: validate the input, call a service, serialize the answer."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
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
    InviteAcceptSerializer,
    InviteCreatedSerializer,
    InviteCreateSerializer,
    InviteInfoSerializer,
    InviteSerializer,
    PasswordChangeSerializer,
    ReadySerializer,
    SessionSerializer,
    SetupStatusSerializer,
    TokenCreateSerializer,
    UserCreateSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from core.exceptions import ValidationFailed
from core.models import ApiToken, Invite, User


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
    queryset = User.objects.filter(deleted__isnull=True)
    lookup_url_kwarg = "user_id"
    lookup_value_converter = "int"

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

    @extend_schema(
        request=UserUpdateSerializer,
        responses={200: UserSerializer, **errors(400, 401, 403, 404, 409)},
        tags=["auth"],
        description="Change the role or switch the account off (`is_active: false`: its "
        "sessions and API tokens are refused from the next request) and on again. The last "
        "active admin cannot be demoted or switched off (409 `last_admin`), nor can an admin "
        "demote or switch off their own account (409 `own_account`).",
    )
    def partial_update(self, request: Request, user_id: int) -> Response:
        user = services.user_update(
            user=services.user_get(user_id=user_id),
            actor=current_user(request),
            **body_of(request, UserUpdateSerializer),
        )
        return Response(UserSerializer(user).data)

    @extend_schema(
        responses={204: None, **errors(401, 403, 404, 409)},
        tags=["auth"],
        description="Remove the account; its runs, comments and activity stay, shown as "
        'by "deleted user". The last active admin cannot be removed (409 `last_admin`), '
        "nor an admin's own account (409 `own_account`).",
    )
    def destroy(self, request: Request, user_id: int) -> Response:
        services.user_delete(
            user=services.user_get(user_id=user_id), actor=current_user(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordView(APIView):
    @extend_schema(
        request=PasswordChangeSerializer,
        responses={200: SessionSerializer, **errors(400, 401)},
        tags=["auth"],
        description="Change your own password (the current one is required). Every other "
        "session and session token ends; the answer carries a fresh session token. API "
        "tokens stay valid: revoke them under /auth/tokens.",
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, PasswordChangeSerializer)
        user = services.password_change(
            user=current_user(request),
            old_password=given["old_password"],
            new_password=given["new_password"],
        )
        return session_response(user)


# `/auth/invites`: one-time links to join (admins), and the open side the invitee uses.
class InviteViewSet(viewsets.GenericViewSet[Invite]):
    permission_classes = [IsAdmin]
    serializer_class = InviteSerializer
    lookup_url_kwarg = "invite_id"
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Invite]:
        return services.invites_pending()

    @extend_schema(
        responses={200: InviteSerializer(many=True), **errors(400, 401, 403)},
        tags=["auth"],
        description="Invites not yet used, withdrawn or expired.",
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(InviteSerializer(page, many=True).data)

    @extend_schema(
        request=InviteCreateSerializer,
        responses={201: InviteCreatedSerializer, **errors(400, 401, 403)},
        tags=["auth"],
        description="Invite someone by email and role. The answer carries the one-time link "
        "(`{TRIPWIRE_PUBLIC_URL}/accept-invite?token=…`, valid 7 days, stored only as a hash); "
        "it is also mailed when TRIPWIRE_EMAIL_HOST is set.",
    )
    def create(self, request: Request) -> Response:
        issued = services.invite_create(
            invited_by=current_user(request), **body_of(request, InviteCreateSerializer)
        )
        body = {
            **InviteSerializer(issued.invite).data,
            "link": issued.link,
            "mailed": issued.mailed,
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **errors(401, 403, 404)}, tags=["auth"])
    def destroy(self, request: Request, invite_id: int) -> Response:
        services.invite_revoke(invite_id=invite_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteAcceptView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("token", str, required=True, description="From the link.")
        ],
        responses={200: InviteInfoSerializer, **errors(400, 404, 409)},
        tags=["auth"],
        auth=[],
        description="Who is invited, as what, by whom; 409 once used, withdrawn or expired.",
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("token", "")
        if not raw:
            raise ValidationFailed(
                "token is required.",
                errors=[{"path": "token", "message": "This field is required."}],
            )
        invite = services.invite_pending(raw=raw)
        return Response(
            {
                "email": invite.email,
                "role": invite.role,
                "invited_by": invite.invited_by.shown_as if invite.invited_by else None,
                "expires": invite.expires,
            }
        )

    @extend_schema(
        request=InviteAcceptSerializer,
        responses={201: SessionSerializer, **errors(400, 404, 409)},
        tags=["auth"],
        auth=[],
        description="Set a password (the same rules as at setup), create the account and "
        "sign in. The link works once.",
    )
    def post(self, request: Request) -> Response:
        given = body_of(request, InviteAcceptSerializer)
        user = services.invite_accept(raw=given["token"], password=given["password"])
        return session_response(user, code=status.HTTP_201_CREATED)
