"""`/settings` (members read, admins write) and `/integrations/trackers`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import body_of, errors
from core.api.settings_serializers import (
    SettingsSerializer,
    SettingsWriteSerializer,
    TrackersSerializer,
    settings_representation,
)
from core.exceptions import ValidationFailed
from core.models import User
from core.selectors import SETTINGS_FIELDS, instance_settings_get
from core.settings_services import instance_settings_update

# Read-only keys of the GET answer: a client that PUTs back what it read must not get a 400.
ECHOED_KEYS = frozenset({"sources", "unreadable"})


class AdminForMethods(BasePermission):
    """Authenticated users pass; the methods in `view.admin_methods` need an admin."""

    message = "Only an admin may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not isinstance(user, User) or not user.is_active:
            return False
        if request.method in getattr(view, "admin_methods", set()):
            return user.is_admin
        return True


# `/settings`: the one InstanceSettings row (routed by core.api.base.SingletonRouter).
class SettingsViewSet(viewsets.ViewSet):
    permission_classes = [AdminForMethods]
    # Read by tests/core/test_auth_matrix.py: PUT is admin-only, GET is for every member.
    admin_methods = {"PUT"}

    @extend_schema(
        responses={200: SettingsSerializer, **errors(401)},
        tags=["settings"],
        description="The integration settings in force (saved value, else the environment "
        "default). Secrets are masked.",
    )
    def retrieve(self, request: Request) -> Response:
        return Response(settings_representation(instance_settings_get()))

    @extend_schema(
        request=SettingsWriteSerializer,
        responses={200: SettingsSerializer, **errors(400, 401, 403)},
        tags=["settings"],
        description='Save settings (admin). Only non-null fields are written; "" clears a '
        "value back to the environment default; a masked secret sent back unchanged is "
        "ignored. Invalid values answer 400 and nothing is saved.",
    )
    def update(self, request: Request) -> Response:
        if isinstance(request.data, dict):
            unknown = sorted(
                set(request.data) - set(SETTINGS_FIELDS) - ECHOED_KEYS, key=str
            )
            if unknown:
                raise ValidationFailed(
                    f"{unknown[0]} is not a setting.",
                    errors=[
                        {"path": str(k), "message": "is not a setting"} for k in unknown
                    ],
                )
        effective = instance_settings_update(
            values=body_of(request, SettingsWriteSerializer)
        )
        return Response(settings_representation(effective))


class TrackersView(APIView):
    @extend_schema(
        responses={200: TrackersSerializer, **errors(401)},
        tags=["settings"],
        description="Which issue trackers are configured (credentials and target present).",
    )
    def get(self, request: Request) -> Response:
        effective = instance_settings_get()
        return Response(
            {
                "github": effective.github_configured,
                "gitlab": effective.gitlab_configured,
                "jira": effective.jira_configured,
            }
        )
