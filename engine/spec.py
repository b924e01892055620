"""What the engine is asked to run: frozen dataclasses, built by callers from a validated suite.

The engine never parses YAML itself; `suites.schema` validates a document and turns it into a
`SuiteSpec`. Field names follow the YAML schema (SPEC §3) except where a YAML key is a Python keyword
(`assert` → `assertion`, `from` → `source`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

CheckKind = Literal["url", "visible_text", "absent_text", "element_visible"]
CHECK_KINDS: tuple[CheckKind, ...] = (
    "url",
    "visible_text",
    "absent_text",
    "element_visible",
)

GENERATORS: tuple[str, ...] = (
    "unique_email",
    "password",
    "uuid",
    "name",
    "first_name",
    "last_name",
    "username",
    "phone",
    "number",
    "word",
    "sentence",
    "date",
    "company",
    "city",
    "zip",
)


@dataclass(frozen=True)
class Check:
    """A deterministic assertion evaluated by code against the live page."""

    kind: CheckKind
    path_is: str | None = None
    contains: str | None = None
    equals: str | None = None
    selector_hint: str | None = None
    any_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    do: str
    secret: bool = False


def part_step(step: Step, parts: tuple[str, ...], number: int) -> Step:
    """The `number`th (from 1) of the steps one step's words hold: its own id, so its own cache
    entry ("." is never in a step id)."""
    return replace(step, id=f"{step.id}.{number}", do=parts[number - 1])


@dataclass(frozen=True)
class Expect:
    id: str
    assertion: str
    check: Check | None = None


@dataclass(frozen=True)
class Capture:
    name: str
    source: str
    selector_hint: str | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    tags: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    expects: tuple[Expect, ...] = ()
    captures: tuple[Capture, ...] = ()


@dataclass(frozen=True)
class Fixture:
    name: str
    gen: str
    options: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    id: str
    base_url: str
    cases: tuple[Case, ...]
    fixtures: tuple[Fixture, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    file: str = ""


@dataclass(frozen=True)
class BrowserOptions:
    # None: look for Chromium on PATH, then fall back to Playwright's own download.
    executable_path: str | None = None
    headless: bool = True
    viewport_width: int = 1280
    viewport_height: int = 800


@dataclass(frozen=True)
class ModelConfig:
    """An OpenAI-compatible chat endpoint (OpenAI, Azure, Ollama, vLLM, LiteLLM...)."""

    model: str
    base_url: str | None = None
    api_key: str | None = None
    # One HTTP call; a call that takes longer is retried like a 5xx.
    timeout_s: float = 60.0
    max_calls_per_step: int = 8
    # None: no per-run budget. Past it the run stops, broken.
    max_calls_per_run: int | None = None
    # Assertions are judged from a (masked) screenshot as well as the visible text.
    vision: bool = True
    # Everything one step, assertion or capture may spend with the model, retries included.
    step_timeout_s: float = 300.0


@dataclass(frozen=True)
class Login:
    """A deterministic login performed before the suite (plan `auth`); the password is a secret."""

    username: str
    password: str
    login_path: str = "/login"


@dataclass(frozen=True)
class RunRequest:
    run_id: str
    suite: SuiteSpec
    artifacts_dir: Path
    # Empty: every case. Otherwise only these cases, in file order.
    case_ids: tuple[str, ...] = ()
    browser: BrowserOptions = field(default_factory=BrowserOptions)
    model: ModelConfig | None = None
    assert_timeout_ms: int = 5000
    # Whole-run budget in seconds; None means no limit.
    timeout_s: float | None = None
    login: Login | None = None
    # Where `${VAR}` inside suite `env` values is read from; None means os.environ.
    environ: Mapping[str, str] | None = None
    # How long a step may wait for its element (late elements, auto-wait), in milliseconds.
    step_timeout_ms: int = 10000
    navigation_timeout_ms: int = 30000
    # Relative paths in "Upload 'x.png' ..." steps are read from here; None means the cwd.
    files_dir: Path | None = None
    # Artifacts: one Playwright trace zip per case, and a PNG after every step ("steps") or only
    # at failures ("failures"). Turning them down trades evidence for speed.
    trace: bool = True
    screenshots: Literal["steps", "failures"] = "steps"
