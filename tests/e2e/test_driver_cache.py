"""The Playwright driver keeps its compiled code between starts, in a directory only this user
can write: code in that cache is code the driver runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.browser import COMPILE_CACHE_ENV, driver_compile_cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Set first so that the undo also removes what the code under test sets.
    monkeypatch.setenv(COMPILE_CACHE_ENV, "")
    monkeypatch.delenv(COMPILE_CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "tripwire" / "node-compile-cache"


def test_cache_is_a_private_directory_under_the_user_cache(cache_home: Path) -> None:
    driver_compile_cache()
    assert os.environ[COMPILE_CACHE_ENV] == str(cache_home)
    assert cache_home.is_dir()
    assert cache_home.stat().st_mode & 0o777 == 0o700


def test_a_directory_others_can_write_is_not_used(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    driver_compile_cache()
    assert COMPILE_CACHE_ENV not in os.environ


def test_a_symlinked_directory_is_not_used(cache_home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_home.parent.mkdir(parents=True)
    cache_home.symlink_to(elsewhere)
    driver_compile_cache()
    assert COMPILE_CACHE_ENV not in os.environ


def test_a_setting_of_the_user_wins(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(COMPILE_CACHE_ENV, "")
    driver_compile_cache()
    assert os.environ[COMPILE_CACHE_ENV] == ""
    assert not cache_home.exists()


@pytest.mark.browser
def test_the_driver_fills_the_cache(cache_home: Path) -> None:
    # A process of its own: the driver reads the environment once, when it starts.
    script = (
        "from engine import start_playwright\n"
        "with start_playwright() as p:\n"
        "    assert p.chromium.name == 'chromium'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != COMPILE_CACHE_ENV}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    cached = [p for p in cache_home.rglob("*") if p.is_file()]
    assert cached, "the driver wrote nothing to its compile cache"
