"""Tripwire's run engine: plain-English suites executed in Chromium through Playwright.

No Django here: frozen dataclasses in (`engine.spec`), dataclasses out (`RunReport`), events
through a `Reporter`. The public API is what this module exports.
"""

from engine.adhoc import adhoc_suite, split_instructions
from engine.browser import (
    HEADED_NEEDS_DISPLAY,
    BrowserKeeper,
    BrowserUnavailable,
    find_executable,
    has_display,
    is_root,
    launch,
    launch_args,
    start_playwright,
)
from engine.cache import (
    LOCATOR_ORDER,
    ActionCache,
    CachedAction,
    CacheKey,
    Locator,
    MemoryActionCache,
    RecordedAction,
)
from engine.console import ConsoleReporter
from engine.context import Deadline
from engine.dom_js import ELEMENT_JS
from engine.events import (
    EVENT_TYPES,
    CollectingReporter,
    Event,
    EventType,
    MultiReporter,
    NullReporter,
    Reporter,
)
from engine.export import CacheLookup, ExportedSpec, compile_suite, lookup_from
from engine.fixtures import sample_fixture
from engine.locators import candidates_for
from engine.login import LoginFailed, log_in
from engine.masking import MASK
from engine.model.client import ChatClient, ModelUnavailable, RunBudget, UsageMeter
from engine.model.judge import parse_json_object
from engine.model_hook import NEEDS_MODEL
from engine.normalize import collapse_spaces
from engine.report import (
    AssertReport,
    CaptureReport,
    CaseReport,
    Failure,
    ModelUsage,
    NetworkEntry,
    RootCause,
    RunReport,
    Shot,
    StepReport,
)
from engine.report_read import read_case_report, read_run_report
from engine.runner import execute, select_cases
from engine.snapshot import element_from_dict, url_path
from engine.variables import templated_text
from engine.writers import write_reports

__all__ = [
    "ELEMENT_JS",
    "EVENT_TYPES",
    "HEADED_NEEDS_DISPLAY",
    "LOCATOR_ORDER",
    "MASK",
    "NEEDS_MODEL",
    "ActionCache",
    "AssertReport",
    "BrowserKeeper",
    "BrowserUnavailable",
    "CacheKey",
    "CacheLookup",
    "CachedAction",
    "CaptureReport",
    "CaseReport",
    "ChatClient",
    "CollectingReporter",
    "ConsoleReporter",
    "Deadline",
    "Event",
    "EventType",
    "ExportedSpec",
    "Failure",
    "Locator",
    "LoginFailed",
    "MemoryActionCache",
    "ModelUnavailable",
    "ModelUsage",
    "MultiReporter",
    "NetworkEntry",
    "NullReporter",
    "RecordedAction",
    "Reporter",
    "RootCause",
    "RunBudget",
    "RunReport",
    "Shot",
    "StepReport",
    "UsageMeter",
    "adhoc_suite",
    "candidates_for",
    "collapse_spaces",
    "compile_suite",
    "element_from_dict",
    "execute",
    "find_executable",
    "has_display",
    "is_root",
    "launch",
    "launch_args",
    "log_in",
    "lookup_from",
    "parse_json_object",
    "read_case_report",
    "read_run_report",
    "sample_fixture",
    "select_cases",
    "split_instructions",
    "start_playwright",
    "templated_text",
    "url_path",
    "write_reports",
]
