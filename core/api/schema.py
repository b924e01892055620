"""OpenAPI details drf-spectacular cannot infer by itself."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "core.api.authentication.BearerAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT or tw_ API token",
        }


class QueryTokenAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "core.api.authentication.QueryTokenAuthentication"
    name = "queryToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        # The Authorization header works here too; the query parameter is for <img> and <a> tags.
        return {"type": "apiKey", "in": "query", "name": "token"}


def only_api_v1(endpoints: list[tuple[str, str, str, Any]], **kwargs: Any) -> list[Any]:
    """Keep the schema to /api/v1: the root /health aliases are for load balancers."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
