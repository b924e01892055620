"""The Playwright driver keeps its compiled code between starts, in a directory only this user
can write: code in that cache is code the driver runs. And it alone starts with a small young
generation (NODE_OPTIONS), which keeps a long-lived driver's memory from growing run by run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.browser import COMPILE_CACHE_ENV, DRIVER_NODE_OPTION, driver_compile_cache

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


def _python(script: str, env: dict[str, str]) -> str:
    """Runs `script` in a process of its own (the driver reads the environment once, when it
    starts); returns what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.browser
def test_the_driver_fills_the_cache(cache_home: Path) -> None:
    script = (
        "from engine import start_playwright\n"
        "with start_playwright() as p:\n"
        "    assert p.chromium.name == 'chromium'\n"
    )
    env = {k: v for k, v in os.environ.items() if k != COMPILE_CACHE_ENV}
    _python(script, env)
    cached = [p for p in cache_home.rglob("*") if p.is_file()]
    assert cached, "the driver wrote nothing to its compile cache"


def _driver_environment(script_env: dict[str, str]) -> tuple[str, str]:
    """NODE_OPTIONS as the driver got it, and as the starting process has it afterwards."""
    script = (
        "import os\n"
        "from pathlib import Path\n"
        "from engine import start_playwright\n"
        "from benchmarks.memory import _tree\n"
        "with start_playwright() as p:\n"
        "    for pid in _tree(os.getpid())[1:]:\n"
        "        if b'run-driver' in Path(f'/proc/{pid}/cmdline').read_bytes():\n"
        "            env = Path(f'/proc/{pid}/environ').read_bytes().split(b'\\0')\n"
        "            got = [e for e in env if e.startswith(b'NODE_OPTIONS=')]\n"
        "            print(got[0].decode().partition('=')[2] if got else '<unset>')\n"
        "    print(os.environ.get('NODE_OPTIONS', '<unset>'))\n"
    )
    driver, after = _python(script, script_env).splitlines()
    return driver, after


@pytest.mark.browser
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_driver_alone_gets_the_small_young_generation() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NODE_OPTIONS"}
    assert _driver_environment(env) == (DRIVER_NODE_OPTION, "<unset>")
    env["NODE_OPTIONS"] = "--stack-trace-limit=20"
    assert _driver_environment(env) == (
        f"--stack-trace-limit=20 {DRIVER_NODE_OPTION}",
        "--stack-trace-limit=20",
    )
    # A user who sized it chose for their machine.
    env["NODE_OPTIONS"] = "--max-semi-space-size=8"
    assert _driver_environment(env) == (
        "--max-semi-space-size=8",
        "--max-semi-space-size=8",
    )
