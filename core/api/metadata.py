"""What OPTIONS answers under /api: the view's name, description and media types.

DRF's default also describes the fields each write action takes, and to decide whether to show
them it looks the object up through the generic `get_object()` — which the API's detail views do
not use (they resolve `{name}`, `{issue_ref}`... through their selectors), so an OPTIONS could
fail where the GET does not (two suites with one title: a 500). The schema at /openapi.json is
where the fields are described.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # DRF imports this module while rest_framework.views loads
    from rest_framework.views import APIView


class ApiMetadata(SimpleMetadata):
    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
