"""Finding and launching Chromium."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine.spec import BrowserOptions

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

# Flags that keep a test browser quiet and off the network.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
PATH_CANDIDATES: tuple[str, ...] = ("chromium", "chromium-browser")


class BrowserUnavailable(RuntimeError):
    """Chromium could not be found or started; the message says how to fix it."""


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def find_executable(options: BrowserOptions) -> str | None:
    """An explicit path, else Chromium on PATH, else None (Playwright's own download)."""
    if options.executable_path:
        path = Path(options.executable_path)
        if not path.exists():
            raise BrowserUnavailable(
                f"no browser at {options.executable_path} (check TRIPWIRE_BROWSER_PATH)"
            )
        return str(path)
    for name in PATH_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


HEADED_NEEDS_DISPLAY = (
    "a headed run needs a display: set DISPLAY, or run the worker under xvfb-run"
)


def has_display() -> bool:
    """Whether a headed browser can open a window here (macOS and Windows always can)."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch_args() -> list[str]:
    # Chromium's sandbox cannot start as root; everyone else keeps it.
    return [*(["--no-sandbox"] if is_root() else []), *CHROMIUM_FLAGS]


def launch(playwright: Playwright, options: BrowserOptions) -> Browser:
    if not options.headless and not has_display():
        raise BrowserUnavailable(HEADED_NEEDS_DISPLAY)
    executable = find_executable(options)
    try:
        return playwright.chromium.launch(
            executable_path=executable,
            headless=options.headless,
            args=launch_args(),
            chromium_sandbox=not is_root(),
            # The caller owns shutdown: a Ctrl-C meant for a queue worker must not close the
            # browser of the run it is letting finish. The browser still never outlives its
            # run: closing the driver's pipe ends it, whatever ends the driver.
            handle_sigint=False,
            handle_sigterm=False,
            handle_sighup=False,
        )
    except Exception as exc:
        hint = (
            "install Chromium (apt-get install -y chromium) or set TRIPWIRE_BROWSER_PATH"
            if executable is None
            else f"Chromium at {executable} failed to start"
        )
        raise BrowserUnavailable(f"could not start Chromium: {hint}: {exc}") from exc
