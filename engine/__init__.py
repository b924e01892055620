"""Tripwire's run engine: plain-English suites executed in Chromium through Playwright.

No Django here: frozen dataclasses in (`engine.spec`), dataclasses out (`RunReport`), events
through a `Reporter`. The public API is what this module exports.
"""

from engine.adhoc import adhoc_suite, split_instructions
from engine.cache import (
    ActionCache,
    CachedAction,
    CacheKey,
    Locator,
    MemoryActionCache,
    RecordedAction,
)
from engine.console import ConsoleReporter
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
from engine.masking import MASK
from engine.model_hook import NEEDS_MODEL
from engine.report import (
    AssertReport,
    CaptureReport,
    CaseReport,
    ModelUsage,
    NetworkEntry,
    RootCause,
    RunReport,
    Shot,
    StepReport,
)
from engine.runner import execute
from engine.writers import write_reports

__all__ = [
    "EVENT_TYPES",
    "MASK",
    "NEEDS_MODEL",
    "ActionCache",
    "AssertReport",
    "CacheKey",
    "CacheLookup",
    "CachedAction",
    "CaptureReport",
    "CaseReport",
    "CollectingReporter",
    "ConsoleReporter",
    "Event",
    "EventType",
    "ExportedSpec",
    "Locator",
    "MemoryActionCache",
    "ModelUsage",
    "MultiReporter",
    "NetworkEntry",
    "NullReporter",
    "RecordedAction",
    "Reporter",
    "RootCause",
    "RunReport",
    "Shot",
    "StepReport",
    "adhoc_suite",
    "compile_suite",
    "execute",
    "lookup_from",
    "split_instructions",
    "write_reports",
]
