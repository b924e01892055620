"""Recording: converting traces into suites, and the lifecycle of recorder sessions.

The session row is the only shared state: the recorder process appends to it and sets its
status, and any API process answers from it. Liveness is checked against the pid only on the
host that started the recorder (a headed browser needs that host's display anyway).
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from core.exceptions import Conflict, DisplayUnavailable, NotFound, ValidationFailed
from core.http_urls import check_http_url
from engine import has_display
from recording import convert, processes
from recording.humanize import humanize as ask_model
from recording.models import LIVE, RecordSession, RecordStatus
from recording.trace import is_password, masked, to_intents
from runs.engine_adapter import DbActionCache, model_config
from suites.services import SUFFIX, suite_create, suite_validate

logger = logging.getLogger(__name__)

NO_DISPLAY = (
    "Recording opens a visible browser, and this server has no display (DISPLAY and "
    "WAYLAND_DISPLAY are unset). Run the server under a virtual display "
    "(xvfb-run -a gunicorn ... , or xvfb-run -a python manage.py runserver), or set DISPLAY "
    "to a running X server (e.g. DISPLAY=:0 on a desktop session). Without a display, convert "
    "a trace you already have with POST /api/v1/record/convert."
)


@dataclass
class Conversion:
    yaml: str
    actions: list[dict[str, Any]]
    saved_as: str | None = None
    steps: list[str] = field(default_factory=list)


def check_base_url(base_url: Any, *, path: str = "base_url") -> str:
    if not isinstance(base_url, str) or not base_url.strip():
        raise ValidationFailed(
            f"{path} is required.", errors=[{"path": path, "message": "required"}]
        )
    return check_http_url(base_url, path=path)


def _file_name(save_as: str) -> str:
    return save_as if save_as.endswith(SUFFIX) else f"{save_as}{SUFFIX}"


def record_convert(
    *,
    actions: Any,
    base_url: Any,
    title: str | None = None,
    save_as: str | None = None,
    humanize: bool = True,
) -> Conversion:
    """A trace → a validated suite; its recorded locators seeded into the action cache.

    All or nothing: a bad trace, an invalid result or a name clash saves nothing and seeds nothing.
    """
    base = check_base_url(base_url)
    intents = to_intents(actions)
    title = (title or "").strip() or None
    name = title or convert.default_name(base)
    converted = convert.build(intents, base_url=base, name=name)
    config = model_config() if humanize else None
    if config is not None:
        advice = ask_model(config=config, drafts=converted.drafts, title=title)
        for draft in converted.drafts:
            draft.text = advice.texts.get(draft.id, draft.text)
        if advice.title and not title:
            # An explicit title is the user's; the model only names an untitled recording.
            converted.name = advice.title
            converted.suite_id = convert.suite_id_for(advice.title)
    yaml_text = convert.render(converted, base_url=base)
    suite_validate(yaml_text=yaml_text)
    saved_as = None
    with transaction.atomic():
        if save_as:
            saved_as = suite_create(yaml_text=yaml_text, file=_file_name(save_as)).file
        cache = DbActionCache()
        for key, action in converted.seeds():
            cache.put(key, action)
    return Conversion(
        yaml=yaml_text,
        actions=[masked(intent) for intent in intents],
        saved_as=saved_as,
        steps=[d.text for d in converted.drafts],
    )


# --- sessions ------------------------------------------------------------------------------------


def display_available() -> bool:
    # Read at call time, not from settings: a display may come and go while the server runs.
    return has_display()


def log_path(record_id: str) -> Path:
    return Path(settings.DATA_DIR) / "recordings" / f"{record_id}.log"


def session_start(*, base_url: Any) -> RecordSession:
    """Create the session row, then start its recorder process (`manage.py record <id>`)."""
    base = check_base_url(base_url)
    if not display_available():
        raise DisplayUnavailable(NO_DISPLAY)
    session = RecordSession.objects.create(base_url=base, host=socket.gethostname())
    manage = Path(settings.BASE_DIR) / "manage.py"
    try:
        pid = processes.spawn(
            [str(manage), "record", session.id],
            cwd=Path(settings.BASE_DIR),
            log=log_path(session.id),
        )
    except OSError as exc:
        session_fail(record_id=session.id, error=f"could not start the recorder: {exc}")
        session.refresh_from_db()
        return session
    RecordSession.objects.filter(pk=session.id).update(pid=pid)
    session.pid = pid
    return session


def _log_tail(record_id: str, lines: int = 8) -> str:
    try:
        text = log_path(record_id).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def session_fail(*, record_id: str, error: str) -> None:
    """Mark a live session failed (a finished one keeps its status)."""
    RecordSession.objects.filter(pk=record_id, status__in=LIVE).update(
        status=RecordStatus.FAILED, error=error[:4000]
    )


def session_get(*, record_id: str) -> RecordSession:
    """The session, with a recorder that died unnoticed marked failed first."""
    session = RecordSession.objects.filter(pk=record_id).first()
    if session is None:
        raise NotFound(f"No recording session {record_id!r}.")
    if (
        session.status in LIVE
        and session.pid
        and session.host == socket.gethostname()
        and not processes.alive(session.pid)
    ):
        # The pid is gone but the row says live: the recorder died without saying why.
        tail = _log_tail(session.id)
        error = "the recorder process exited unexpectedly" + (
            f": {tail}" if tail else ""
        )
        session_fail(record_id=session.id, error=error)
        session.refresh_from_db()
    return session


def session_set_status(
    *, record_id: str, status: RecordStatus, error: str = ""
) -> None:
    RecordSession.objects.filter(pk=record_id).update(status=status, error=error)


def session_save_actions(*, record_id: str, actions: list[dict[str, Any]]) -> None:
    """The recorder's whole trace so far; password values never arrive here unmasked."""
    clean = [
        {**a, "value": "••••"} if is_password(a) and a.get("value") else a
        for a in actions
    ]
    RecordSession.objects.filter(pk=record_id).update(actions=clean)


def session_stop(
    *,
    record_id: str,
    title: str | None = None,
    save_as: str | None = None,
    humanize: bool = True,
) -> Conversion:
    """Stop the recorder (its browser never survives this) and convert what it captured."""
    session = session_get(record_id=record_id)
    if session.host in ("", socket.gethostname()):
        processes.terminate(session.pid, session.id)
    elif session.status in LIVE:
        raise Conflict(
            f"Session {record_id} records on host {session.host}: stop it there."
        )
    session.refresh_from_db()
    if session.status in LIVE:
        session_set_status(record_id=session.id, status=RecordStatus.STOPPED)
        session.refresh_from_db()
    if not session.actions:
        why = f" (the recorder failed: {session.error})" if session.error else ""
        raise Conflict(f"Nothing was recorded in session {record_id}{why}.")
    return record_convert(
        actions=session.actions,
        base_url=session.base_url,
        title=title,
        save_as=save_as,
        humanize=humanize,
    )
