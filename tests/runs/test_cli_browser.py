"""`manage.py tripwire run` with several suites keeps one Chromium for all of them (a fresh
context each), and a Ctrl-C stops the run in progress after its step, records it cancelled and
starts nothing more."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

import engine.browser
import engine.runner
from demo.server import DemoHandle
from runs.models import Run
from tests.e2e.conftest import descendants

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "suites"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Chromium launch, wherever it happens (kept browser or a run's own)."""
    seen: list[str] = []
    for module in (engine.browser, engine.runner):
        original: Callable[..., Any] = module.launch

        def counted(
            *args: Any, _original: Callable[..., Any] = original, **kwargs: Any
        ) -> Any:
            seen.append("launch")
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, "launch", counted)
    return seen


def _run_two(shop: DemoHandle) -> list[str]:
    call_command(
        "tripwire",
        "run",
        str(EXAMPLES / "signup-login.tripwire.yaml"),
        str(EXAMPLES / "storefront-widgets.tripwire.yaml"),
        "--base-url",
        shop.url,
        stdout=StringIO(),
    )
    return list(Run.objects.order_by("created").values_list("status", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_suites_of_one_command_share_one_browser(
    shop: DemoHandle, launches: list[str]
) -> None:
    assert _run_two(shop) == ["passed", "passed"]
    assert launches == ["launch"]


@pytest.mark.django_db(transaction=True)
def test_without_reuse_each_suite_launches_its_own(
    shop: DemoHandle, launches: list[str], settings: Any
) -> None:
    settings.REUSE_BROWSER = False
    assert _run_two(shop) == ["passed", "passed"]
    assert launches == ["launch", "launch"]


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def test_ctrl_c_stops_after_the_step_and_starts_nothing_more(
    shop: DemoHandle, tmp_path: Path
) -> None:
    slow = tmp_path / "slow.tripwire.yaml"
    slow.write_text(
        "suite: Slow\nid: slow\nbase_url: http://127.0.0.1:9\ncases:\n  - id: waits\n    title: Waits\n    steps:\n"
        + "      - Open /\n"
        + "      - Wait 1 second\n" * 40
    )
    data = tmp_path / "data"
    env = {
        "TRIPWIRE_DATA_DIR": str(data),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "manage.py", "tripwire", "run", str(slow)]
    command += [str(EXAMPLES / "signup-login.tripwire.yaml"), "--base-url", shop.url]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "waits/s3" in line:  # two waits done: the run is well under way
                break
        browser_pids = set(descendants(proc.pid))
        assert browser_pids, "no driver or browser under the command"
        interrupted = time.monotonic()
        proc.send_signal(signal.SIGINT)  # to the command alone, as `kill -INT` does
        rest, _ = proc.communicate(timeout=60)
        lines.append(rest)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = "".join(lines)
    # The step in progress (one second) finishes; the 37 after it do not run.
    assert time.monotonic() - interrupted < 20, output
    assert proc.returncode == 2, output
    assert "Interrupted: the run in progress stopped after its step." in output
    assert "waits/s10" not in output
    with sqlite3.connect(data / "tripwire.sqlite3") as db:
        statuses = dict(db.execute("SELECT suite_id, status FROM runs_run").fetchall())
    assert statuses == {"slow": "cancelled", "signup-login": "cancelled"}
    left = [pid for pid in browser_pids if _alive(pid)]
    assert not left, f"still running after the command ended: {left}"
