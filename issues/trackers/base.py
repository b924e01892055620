"""What every tracker mirror shares: the find → comment → create flow, the result, the error, and
one HTTP helper. A tracker says how to find, comment and create; `Tracker.mirror` does the rest."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import requests
from django.conf import settings

from core.outbound import outbound_session
from core.selectors import EffectiveSettings

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


@dataclass(frozen=True)
class Found:
    """An open external issue that carries the fingerprint."""

    id: str  # what the tracker's API calls it by: a number, an iid, a key
    url: str
    ref: str


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
    session = outbound_session()
    session.headers.update({"User-Agent": USER_AGENT, **headers})
    return session


class Tracker(ABC):
    """One external tracker. Mirroring comments on the open issue carrying the fingerprint, or
    opens a new one that carries it, so the next run's failure lands on the same issue."""

    name: ClassVar[str]  # shown to people: "GitHub"
    needs: ClassVar[str]  # the settings it needs, for the "not configured" message
    label: ClassVar[str] = "tripwire"

    def __init__(self, config: EffectiveSettings) -> None:
        self.config = config

    @abstractmethod
    def session(self) -> requests.Session: ...

    @abstractmethod
    def find(self, session: requests.Session, fingerprint: str) -> Found | None: ...

    @abstractmethod
    def comment(
        self, session: requests.Session, found: Found, comment_md: str
    ) -> None: ...

    @abstractmethod
    def create(
        self, session: requests.Session, *, fingerprint: str, title: str, body_md: str
    ) -> Found: ...

    def call(
        self, session: requests.Session, method: str, url: str, **kwargs: Any
    ) -> Any:
        return call(session, method, url, tracker=self.name, **kwargs)

    def mirror(
        self, *, fingerprint: str, title: str, body_md: str, comment_md: str
    ) -> MirrorResult:
        with self.session() as session:
            found = self.find(session, fingerprint)
            if found is not None:
                self.comment(session, found, comment_md)
                return MirrorResult(action="commented", url=found.url, ref=found.ref)
            created = self.create(
                session, fingerprint=fingerprint, title=title, body_md=body_md
            )
            return MirrorResult(action="created", url=created.url, ref=created.ref)
