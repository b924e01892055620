"""Which Chromium a run launches: the headless shell for a headless run where it is installed
(what Playwright's own download does), full Chromium for a headed one, an explicit path always."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

import engine
from engine.browser import find_executable
from engine.spec import BrowserOptions, Check, Expect
from tests.e2e.conftest import descendants, one_case, request_for


def _programs(where: Path, *names: str) -> None:
    for name in names:
        program = where / name
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "bin"
    where.mkdir()
    monkeypatch.setenv("PATH", str(where))
    return where


def test_a_headless_run_takes_the_headless_shell(bin_dir: Path) -> None:
    _programs(bin_dir, "chromium", "chromium-headless-shell")
    assert find_executable(BrowserOptions()) == str(bin_dir / "chromium-headless-shell")
    assert find_executable(BrowserOptions(headless=False)) == str(bin_dir / "chromium")


def test_without_the_shell_full_chromium_runs_headless(bin_dir: Path) -> None:
    _programs(bin_dir, "chromium-browser")
    assert find_executable(BrowserOptions()) == str(bin_dir / "chromium-browser")


def test_an_explicit_path_wins_and_a_missing_one_is_an_error(bin_dir: Path) -> None:
    _programs(bin_dir, "chromium-headless-shell", "mine")
    mine = str(bin_dir / "mine")
    assert find_executable(BrowserOptions(executable_path=mine)) == mine
    with pytest.raises(engine.BrowserUnavailable, match="TRIPWIRE_BROWSER_PATH"):
        find_executable(BrowserOptions(executable_path=str(bin_dir / "gone")))


@pytest.mark.browser
@pytest.mark.skipif(
    shutil.which("chromium-headless-shell") is None,
    reason="chromium-headless-shell is not installed (apt-get install -y chromium-headless-shell)",
)
def test_a_run_passes_in_the_headless_shell(site_url: str, tmp_path: Path) -> None:
    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            seen.update(descendants(os.getpid()).values())

    suite = one_case(
        site_url,
        ["Open /evidence.html", "Click 'Paint it blue'"],
        [Expect("a1", "painted", Check("visible_text", contains="blue"))],
    )
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        report = engine.execute(request_for(suite, tmp_path))
    finally:
        done.set()
        watcher.join()
    assert report.status == "passed", report.cases[0].reason
    assert any("headless-shell" in command for command in seen)
    assert report.cases[0].steps[1].shot is not None
