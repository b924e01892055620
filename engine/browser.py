"""Finding and launching Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from engine.spec import BrowserOptions

if TYPE_CHECKING:
    from types import TracebackType

    from playwright.sync_api import Browser, Playwright
    from playwright.sync_api._context_manager import PlaywrightContextManager

# Flags that keep a test browser quiet and off the network.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
T = TypeVar("T")
COMPILE_CACHE_ENV = "NODE_COMPILE_CACHE"
# The driver's young generation. V8 sizes it for throughput (semi-spaces up to 16 MB here), and
# the driver, which mostly relays messages, fills it: a queue worker's driver went from 162 to
# 202 MB RSS over 30 runs of the benchmark flow, and 122 to 131 MB with 1 MB semi-spaces, for the
# same CPU (0.41 s a run). Only our own driver gets it; a user's own setting wins.
DRIVER_NODE_OPTION = "--max-semi-space-size=1"
_DRIVER_ENV_LOCK = threading.Lock()
PATH_CANDIDATES: tuple[str, ...] = ("chromium", "chromium-browser")
# Chromium's headless shell (the old headless mode, no UI code) is what Playwright itself
# launches for headless runs: a run of the benchmark flow takes ~25 % less time and ~30 % less
# memory than full Chromium's headless mode. Debian packages it as chromium-headless-shell.
HEADLESS_CANDIDATES: tuple[str, ...] = ("chromium-headless-shell", *PATH_CANDIDATES)


class BrowserUnavailable(RuntimeError):
    """Chromium could not be found or started; the message says how to fix it."""


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def find_executable(options: BrowserOptions) -> str | None:
    """An explicit path, else Chromium on PATH (its headless shell first for a headless run),
    else None (Playwright's own download, which picks its headless shell the same way)."""
    if options.executable_path:
        path = Path(options.executable_path)
        if not path.exists():
            raise BrowserUnavailable(
                f"no browser at {options.executable_path} (check TRIPWIRE_BROWSER_PATH)"
            )
        return str(path)
    for name in HEADLESS_CANDIDATES if options.headless else PATH_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


HEADED_NEEDS_DISPLAY = (
    "a headed run needs a display: set DISPLAY, or run the worker under xvfb-run"
)


def _private_dir(path: Path) -> bool:
    """Create `path` (0700) if needed; True when it is a directory only this user can write."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError:
        return False
    owner_only = not info.st_mode & 0o022
    return (
        path.is_dir()
        and not path.is_symlink()
        and info.st_uid == os.getuid()
        and owner_only
    )


def driver_compile_cache() -> None:
    """Let the Playwright driver (Node.js) keep its compiled code between starts.

    Loading the driver's JavaScript is most of its start-up (~0.7 s of a cold start on a slow
    machine, ~0.45 s with the cache); every run that launches its own browser starts a driver.
    The cache holds code Node.js will execute, so it lives in a directory only this user can
    write, or is not used. A NODE_COMPILE_CACHE already set (or set empty) is left alone.
    """
    if COMPILE_CACHE_ENV in os.environ or not hasattr(os, "getuid"):
        return
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    cache = Path(base) / "tripwire" / "node-compile-cache"
    if _private_dir(cache):
        os.environ.setdefault(COMPILE_CACHE_ENV, str(cache))


def driver_node_options(current: str | None) -> str:
    """NODE_OPTIONS for the driver: the user's, plus our heap setting unless they chose one."""
    if current and "--max-semi-space-size" in current:
        return current
    return f"{current} {DRIVER_NODE_OPTION}" if current else DRIVER_NODE_OPTION


class Driver:
    """`sync_playwright()` whose driver starts with the compile cache and `DRIVER_NODE_OPTION`.

    Playwright hands the driver a copy of this process's environment and takes no other, so
    NODE_OPTIONS is set only while the driver starts (under a lock) and then put back: other
    Node.js programs this process starts (a user's exported specs) keep their defaults.
    """

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._manager: PlaywrightContextManager = sync_playwright()

    def start(self) -> Playwright:
        driver_compile_cache()
        with _DRIVER_ENV_LOCK:
            before = os.environ.get("NODE_OPTIONS")
            os.environ["NODE_OPTIONS"] = driver_node_options(before)
            try:
                return self._manager.start()
            finally:
                if before is None:
                    os.environ.pop("NODE_OPTIONS", None)
                else:
                    os.environ["NODE_OPTIONS"] = before

    def __enter__(self) -> Playwright:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._manager.__exit__(exc_type, exc, traceback)


def start_playwright() -> Driver:
    """Playwright, its driver started as `Driver` says; use as `sync_playwright()`."""
    return Driver()


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


class BrowserKeeper:
    """One Chromium kept across the runs of one process (a queue worker's).

    A run then skips the launch (about 0.4 s of a 4 s run) and gets a fresh context, which is
    the isolation a run needs: its own cookies, storage, cache and pages. A browser that died or
    disconnected is replaced at the next run, and one that served `max_runs` runs is restarted so
    that nothing a long-lived browser gathers can grow without bound.

    The runs execute on the keeper's own thread: sync Playwright objects belong to the thread
    that made them, and a live sync Playwright leaves its event loop marked as running there,
    which frameworks read as "async context" (Django then refuses database calls). The caller's
    thread stays free of both.

    With `finish_on_interrupt` (a command line's keeper), a Ctrl-C while the caller waits sets
    `interrupted`, which the run reads as "stop after this step", and the wait goes on until
    the run has stopped and closed its context (a second Ctrl-C ends the caller's wait, not the
    step). Without it, the KeyboardInterrupt reaches the caller at once (a queue worker's
    shutdown handles it).
    """

    def __init__(
        self, *, max_runs: int = 50, finish_on_interrupt: bool = False
    ) -> None:
        self.max_runs = max_runs
        self.finish_on_interrupt = finish_on_interrupt
        self.interrupted = threading.Event()
        self.launches = 0
        self._manager: Driver | None = None
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._key: tuple[str | None, bool] | None = None
        self._served = 0
        self._pid = os.getpid()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="browser-keeper")
        self._closed = False

    def owned_here(self) -> bool:
        """False in a forked child: its parent's driver and thread are not its own."""
        return self._pid == os.getpid()

    def call(self, fn: Callable[[], T]) -> T:
        """`fn()` on the keeper's thread, where its browser may be used."""
        if threading.current_thread().name.startswith("browser-keeper"):
            return fn()
        future = self._pool.submit(fn)
        try:
            return future.result()
        except KeyboardInterrupt:
            if not self.finish_on_interrupt or future.done():
                raise
            self.interrupted.set()
            return future.result()

    def acquire(self, options: BrowserOptions) -> Browser:
        """The kept browser for `options`, launched or replaced when needed (keeper's thread)."""
        key = (find_executable(options), options.headless)
        browser = self._browser
        if browser is not None and (
            key != self._key
            or not browser.is_connected()
            or self._served >= self.max_runs
        ):
            self.discard()
        if self._browser is None:
            if self._playwright is None:
                self._manager = start_playwright()
                self._playwright = self._manager.start()
            self._browser = launch(self._playwright, options)
            self.launches += 1
            self._key = key
            self._served = 0
        self._served += 1
        return self._browser

    def discard(self) -> None:
        """Close the kept browser (it misbehaved); the next run launches a new one."""
        browser, self._browser = self._browser, None
        if browser is not None:
            # A browser that crashed cannot be closed; it is already gone.
            with contextlib.suppress(Exception):
                browser.close()

    def _stop(self) -> None:
        self.discard()
        manager, self._manager, self._playwright = self._manager, None, None
        if manager is not None:
            with contextlib.suppress(Exception):
                manager.__exit__(None, None, None)

    def close(self) -> None:
        """Close the browser and the driver, and end the keeper's thread."""
        if self._closed:
            return
        self._closed = True
        if self.owned_here():
            self._pool.submit(self._stop).result()
        self._pool.shutdown()
