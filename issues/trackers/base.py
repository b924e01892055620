"""What every tracker mirror shares: the result shape, the error, and one HTTP helper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import requests
from django.conf import settings

USER_AGENT = "Tripwire issue mirror"
# Tracker error bodies are shown in the activity log; keep them short.
MAX_ERROR_BODY = 200


@dataclass(frozen=True)
class MirrorResult:
    """The external issue we created or commented on."""

    action: Literal["created", "commented"]
    url: str
    ref: str  # "#12" on GitHub/GitLab, "QA-7" on Jira

    def as_dict(self) -> dict[str, str]:
        return {"action": self.action, "url": self.url, "ref": self.ref}


class TrackerError(Exception):
    """A tracker refused or failed; the message is safe to show (no credentials in it)."""


def call(
    session: requests.Session,
    method: str,
    url: str,
    *,
    tracker: str,
    **kwargs: Any,
) -> Any:
    """One request with a timeout; the decoded JSON body, or TrackerError with a safe message."""
    try:
        response = session.request(
            method, url, timeout=float(settings.INTEGRATION_TIMEOUT), **kwargs
        )
    except requests.Timeout:
        raise TrackerError(
            f"{tracker} did not answer within {settings.INTEGRATION_TIMEOUT:g} s"
        ) from None
    except requests.ConnectionError:
        raise TrackerError(f"{tracker} could not be reached") from None
    except requests.RequestException as exc:
        raise TrackerError(f"{tracker} request failed: {type(exc).__name__}") from None
    if response.status_code >= 400:
        detail = " ".join(response.text.split())[:MAX_ERROR_BODY]
        raise TrackerError(
            f"{tracker} answered HTTP {response.status_code}"
            + (f": {detail}" if detail else "")
        )
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise TrackerError(f"{tracker} answered something that is not JSON") from None


def session_with(headers: dict[str, str]) -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": USER_AGENT, **headers})
    return session
