"""`/mcp`: the MCP tools over streamable HTTP, mounted beside Django in the WSGI application.

The SDK's transport is an ASGI app; it runs on an event loop of its own (one per web process,
started on the first request, after gunicorn has forked) and is reached from WSGI through
a2wsgi. Stateless mode: every POST stands alone, so any process of the server can answer it.
Progress notifications stream back as server-sent events on the POST's own response.

Every request needs `Authorization: Bearer <API token or session JWT>`, checked here before the
SDK sees it, and again by each tool to know who acts. There are no cookies, so neither CSRF nor
DNS rebinding can borrow a browser's session, and the SDK's Host check stays off.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any, cast

import anyio
from a2wsgi import ASGIMiddleware
from django.db import close_old_connections
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from rest_framework.exceptions import AuthenticationFailed

from agents import tools
from agents.mcp_server import build_server, offload
from core.api.authentication import authenticate_credential, bearer_credential
from core.models import User

PATH = "/mcp"
StartResponse = Callable[..., Any]


def _user_for(header: str | None) -> User:
    return authenticate_credential(bearer_credential(header or ""))


def _resolve(authorization: str | None, origin: str) -> tools.Caller:
    # Links are built on the URL the client reached us at: it can open them.
    return tools.Caller(user=_user_for(authorization), base_url=origin)


async def http_caller(ctx: Context[Any, Any]) -> tools.Caller:
    headers = ctx.headers or {}
    request = getattr(ctx.request_context, "request", None)
    origin = str(getattr(request, "base_url", "") or "").rstrip("/")
    try:
        caller: tools.Caller = await offload(
            _resolve, authorization=headers.get("authorization"), origin=origin
        )
    except AuthenticationFailed as exc:
        raise ToolError(f"not_authenticated: {exc.detail}") from None
    return caller


def _refuse(start_response: StartResponse, detail: str) -> Iterable[bytes]:
    body = json.dumps({"type": "not_authenticated", "detail": detail}).encode()
    start_response(
        "401 Unauthorized",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("WWW-Authenticate", 'Bearer realm="mcp"'),
        ],
    )
    return [body]


class McpApp:
    """The WSGI side of `/mcp`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wsgi: ASGIMiddleware | None = None

    def _started(self) -> ASGIMiddleware:
        with self._lock:
            if self._wsgi is None:
                self._wsgi = self._start()
            return self._wsgi

    @staticmethod
    def _start() -> ASGIMiddleware:
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="mcp-http", daemon=True).start()
        server = build_server(caller_of=http_caller, executor="queue")
        app = server.streamable_http_app(
            streamable_http_path=PATH,
            stateless_http=True,
            transport_security=TransportSecuritySettings(
                enable_dns_rebinding_protection=False
            ),
        )
        ready: Future[None] = Future()

        async def hold() -> None:
            # The session manager's task group must live as long as the process serves /mcp.
            async with server.session_manager.run():
                ready.set_result(None)
                await anyio.sleep_forever()

        asyncio.run_coroutine_threadsafe(hold(), loop)
        ready.result(timeout=30)
        return ASGIMiddleware(cast("Any", app), loop=loop)

    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        close_old_connections()
        try:
            _user_for(environ.get("HTTP_AUTHORIZATION"))
        except AuthenticationFailed as exc:
            return _refuse(start_response, str(exc.detail))
        finally:
            close_old_connections()
        return self._started()(cast("Any", environ), start_response)


def with_mcp(django_app: Callable[..., Iterable[bytes]]) -> Callable[..., Any]:
    """The WSGI application: `/mcp` to the MCP transport, everything else to Django."""
    mcp = McpApp()

    def application(
        environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").rstrip("/") == PATH:
            return mcp(environ, start_response)
        return django_app(environ, start_response)

    return application
