"""Starting, probing and stopping recorder processes (POSIX process groups).

The recorder runs in its own session, so its process group holds it and Playwright's driver.
Chromium is not in it: Playwright starts the browser detached (its own group), so the browser is
found by the marker switch the recorder puts on its command line and stopped by its group too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

MARKER = "--tripwire-recording="


def marker_arg(record_id: str) -> str:
    # Chromium ignores switches it does not know; this one names the session in `ps`.
    return f"{MARKER}{record_id}"


def spawn(args: list[str], *, cwd: Path, log: Path) -> int:
    """Start `args` in a new session; a thread reaps it so it never lingers as a zombie."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    threading.Thread(
        target=process.wait, name=f"reap-{process.pid}", daemon=True
    ).start()
    return process.pid


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def browser_pids(record_id: str) -> list[int]:
    """Processes whose command line carries this session's marker (Linux /proc)."""
    wanted = marker_arg(record_id).encode()
    found: list[int] = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if wanted in args and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


def _signal_group(pid: int, sig: signal.Signals) -> None:
    """Signal the group `pid` leads; a process that leads none is signalled alone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)


def _wait_gone(pids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return not any(alive(p) for p in pids)


def terminate(pid: int | None, record_id: str, *, grace: float = 10.0) -> None:
    """SIGTERM the recorder's group (it closes its browser), then SIGKILL what is left."""
    if pid and alive(pid):
        _signal_group(pid, signal.SIGTERM)
        if not _wait_gone([pid], grace):
            _signal_group(pid, signal.SIGKILL)
            _wait_gone([pid], 5.0)
    leftovers = browser_pids(record_id)
    for browser in leftovers:
        _signal_group(browser, signal.SIGTERM)
    if leftovers and not _wait_gone(leftovers, 5.0):
        for browser in browser_pids(record_id):
            _signal_group(browser, signal.SIGKILL)
        _wait_gone(leftovers, 5.0)
