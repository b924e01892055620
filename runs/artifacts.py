"""Run artifacts (screenshots, traces, reports), read-only and confined to the artifacts folder.

Served to the API (Bearer or `?token=`, runs/api/artifacts.py) and to signed-in pages
(runs/views.py) by the same function, so the confinement rules exist once.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse

from core.exceptions import NotFound

# What a run writes, for the schema (what a file really is decides the answer's type).
ARTIFACT_TYPES = (
    "image/png",
    "application/zip",
    "application/json",
    "application/xml",
    "text/html",
    "application/octet-stream",
)
# Reports link screenshots relatively; these types are served inline, anything else as a download.
INLINE = {
    "image/png",
    "image/jpeg",
    "text/html",
    "application/json",
    "text/plain",
    "application/xml",
    "text/xml",
}


def resolve_artifact(relative: str) -> Path:
    """The file `relative` names inside the artifacts folder, or NotFound.

    Resolving follows symlinks, so a link pointing outside is refused like `..` would be.
    """
    root = Path(settings.ARTIFACTS_DIR).resolve()
    if (
        not relative
        or "\x00" in relative
        or "\\" in relative
        or relative.startswith("/")
    ):
        raise NotFound("No such artifact.")
    try:
        target = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        raise NotFound("No such artifact.") from None
    if not target.is_relative_to(root) or not target.is_file():
        raise NotFound("No such artifact.")
    return target


def artifact_response(relative: str) -> FileResponse:
    target = resolve_artifact(relative)
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    response = FileResponse(
        target.open("rb"),
        content_type=content_type,
        as_attachment=content_type not in INLINE,
        filename=target.name,
    )
    # A report.html from a tested site must not run scripts against this origin.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
