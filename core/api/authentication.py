"""`Authorization: Bearer <credential>` where the credential is a session JWT or a `tw_` API token."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from core.models import User
from core.services import TOKEN_PREFIX, api_token_authenticate


def authenticate_credential(raw: str) -> User:
    """Resolve a raw bearer credential to an active user, or raise AuthenticationFailed."""
    if raw.startswith(TOKEN_PREFIX):
        user = api_token_authenticate(raw)
        if user is None:
            raise AuthenticationFailed("Invalid or revoked API token.")
        return user
    jwt = JWTAuthentication()
    try:
        validated = jwt.get_validated_token(raw.encode("utf-8"))
        found = jwt.get_user(validated)
    except (InvalidToken, TokenError, AuthenticationFailed):
        raise AuthenticationFailed("Invalid or expired session token.") from None
    if not isinstance(found, User) or not found.is_active:
        raise AuthenticationFailed("Invalid or expired session token.")
    return found


def bearer_credential(header: str) -> str:
    """The credential of an `Authorization: Bearer <credential>` header, or AuthenticationFailed."""
    parts = header.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise AuthenticationFailed("Use 'Authorization: Bearer <token>'.")
    return parts[1]


class BearerAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, str] | None:
        header = get_authorization_header(request)
        if not header.split():
            return None
        raw = bearer_credential(header.decode("utf-8", errors="replace"))
        return authenticate_credential(raw), raw

    def authenticate_header(self, request: Request) -> str:
        # Present so DRF answers 401 (not 403) to requests without credentials.
        return 'Bearer realm="api"'


class SessionOrBearerAuthentication(BearerAuthentication):
    """For endpoints also used by the server-rendered pages (a Django session counts)."""

    def authenticate(self, request: Request) -> tuple[User, Any] | None:
        found = super().authenticate(request)
        if found is not None:
            return found
        user = getattr(request._request, "user", None)
        if isinstance(user, User) and user.is_active:
            return user, None
        return None


class QueryTokenAuthentication(BaseAuthentication):
    """`?token=<jwt or tw_ token>`, next to the header: an <img> or <a> tag cannot send one."""

    def authenticate(self, request: Request) -> tuple[User, str] | None:
        raw = request.query_params.get("token")
        if not raw:
            return None
        return authenticate_credential(raw), raw
