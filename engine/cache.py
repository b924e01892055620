"""Tier 1: the action cache. What a step did last time, replayable without grammar or model.

The key holds variable NAMES, never values (`Enter ${email} into 'Email'`), so one entry serves
every run; recorded values are templates for the same reason, so a secret is never stored. The
server keeps entries in a database table shared by all workers; `MemoryActionCache` is the
in-process implementation for tests and one-off runs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from engine.normalize import collapse_spaces, unify_quotes

# Between the CSS paths of nested iframes in `Locator.frame`.
FRAME_SEP = " |> "
# `row` is the repeated container itself (hovered to reveal the controls it shows on hover).
LocatorKind = Literal["test_id", "role", "label", "placeholder", "text", "css", "row"]
LOCATOR_ORDER: tuple[LocatorKind, ...] = (
    "test_id",
    "role",
    "label",
    "placeholder",
    "text",
    "css",
    "row",
)
ResolvedTier = Literal["cache", "grammar", "model"]


_VOLATILE_SEGMENT = re.compile(r"\d")


def normalize_url_path(path: str) -> str:
    """Path segments that carry ids (`/orders/ORD-123456`) become `*`: the page, not the record."""
    if not path:
        return ""
    return "/".join(
        "*" if _VOLATILE_SEGMENT.search(seg) else seg for seg in path.split("/")
    )


def normalize_step_text(text: str) -> str:
    """Whitespace collapsed and quotes unified; case and variable names kept."""
    return collapse_spaces(unify_quotes(text)).replace('"', "'")


@dataclass(frozen=True)
class CacheKey:
    suite_id: str
    case_id: str
    step_id: str
    step_text: str
    url_path: str

    @classmethod
    def for_step(
        cls, *, suite_id: str, case_id: str, step_id: str, step_text: str, url_path: str
    ) -> CacheKey:
        return cls(
            suite_id,
            case_id,
            step_id,
            normalize_step_text(step_text),
            normalize_url_path(url_path),
        )

    def digest(self) -> str:
        """Stable sha256 hex of the key, for a unique database column."""
        payload = json.dumps(
            [self.suite_id, self.case_id, self.step_id, self.step_text, self.url_path],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, str]:
        return {
            "suite_id": self.suite_id,
            "case_id": self.case_id,
            "step_id": self.step_id,
            "step_text": self.step_text,
            "url_path": self.url_path,
        }


@dataclass(frozen=True)
class Locator:
    """One way to find an element, in Playwright's terms.

    `row_text`/`row_tag` scope the locator to the repeated container (list row, table row, card)
    whose text contains `row_text`, so "Add to cart" means that row's button.
    """

    kind: LocatorKind
    value: str
    role: str | None = None
    attr: str | None = None
    row_text: str | None = None
    row_tag: str | None = None
    # The iframe(s) the element is in: CSS paths from the page down, joined by FRAME_SEP.
    frame: str | None = None

    def describe(self) -> str:
        where = f"frame {self.frame} >> " if self.frame else ""
        return where + self._describe_here()

    def _describe_here(self) -> str:
        if self.kind == "row":
            return f"{self.row_tag or 'row'}:has-text({self.row_text!r})"
        base = {
            "test_id": f"[{self.attr or 'data-testid'}={self.value!r}]",
            "role": f"role={self.role}[name={self.value!r}]",
            "label": f"label={self.value!r}",
            "placeholder": f"placeholder={self.value!r}",
            "text": f"text={self.value!r}",
            "css": f"css={self.value}",
        }[self.kind]
        if self.row_text:
            return f"{self.row_tag or 'row'}:has-text({self.row_text!r}) >> {base}"
        return base

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "value": self.value}
        for name in ("role", "attr", "row_text", "row_tag", "frame"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Locator:
        kind = data["kind"]
        if kind not in LOCATOR_ORDER:
            raise ValueError(f"unknown locator kind {kind!r}")
        return cls(
            kind=kind,
            value=str(data["value"]),
            role=data.get("role"),
            attr=data.get("attr"),
            row_text=data.get("row_text"),
            row_tag=data.get("row_tag"),
            frame=data.get("frame"),
        )


@dataclass(frozen=True)
class RecordedAction:
    """One browser action of a step.

    `kind` is the tool (goto, click, dblclick, fill, type, select, check, uncheck, press, hover,
    focus, scroll, scroll_to, upload, wait_time, wait_text, wait_gone, wait_load, back, forward,
    reload);
    `value` a template (`${email}`, a URL, an option); `key` a keyboard key for press;
    `scope` the words naming the items a sort check reads ("products").
    """

    kind: str
    value: str | None = None
    key: str | None = None
    locators: tuple[Locator, ...] = ()
    target: str | None = None
    timeout_ms: int | None = None
    scope: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "locators": [loc.to_dict() for loc in self.locators],
        }
        if self.value is not None:
            data["value"] = self.value
        if self.key is not None:
            data["key"] = self.key
        if self.target is not None:
            data["target"] = self.target
        if self.timeout_ms is not None:
            data["timeout_ms"] = self.timeout_ms
        if self.scope is not None:
            data["scope"] = self.scope
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordedAction:
        return cls(
            kind=str(data["kind"]),
            value=data.get("value"),
            key=data.get("key"),
            locators=tuple(Locator.from_dict(loc) for loc in data.get("locators", [])),
            target=data.get("target"),
            timeout_ms=data.get("timeout_ms"),
            scope=data.get("scope"),
        )


# The modules whose code decides what the grammar tier does for a step's words: the grammar, and
# the planning and grounding of what it read on the page.
_READING_MODULES = (
    "action_plan",
    "element_roles",
    "grammar",
    "grammar_checks",
    "grammar_lists",
    "grammar_nav",
    "grammar_pages",
    "grounding",
    "hints",
    "intent",
    "locators",
    "normalize",
    "options",
    "phrases",
    "rows",
    "snapshot",
    "snapshot_js",
)


@functools.cache
def reading_version() -> str:
    """A digest of the code that reads a step's words: an entry the grammar tier recorded under
    other code is read again rather than replayed (an upgrade that fixes a wrong reading must
    not replay the wrong action it once cached). Model entries are kept: asking again costs."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _READING_MODULES:
        digest.update((here / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class CachedAction:
    """A step's resolved actions and the tier (grammar or model) that first resolved them;
    `reading`: the version of the code that read the step's words (`reading_version`; an
    entry made here and now is this code's, one loaded from before versions has none)."""

    actions: tuple[RecordedAction, ...]
    tier: ResolvedTier = "grammar"
    version: int = 1
    reading: str | None = field(default_factory=reading_version)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": self.version,
            "tier": self.tier,
            "actions": [a.to_dict() for a in self.actions],
        }
        if self.reading is not None:
            data["reading"] = self.reading
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CachedAction:
        tier = data.get("tier", "grammar")
        if tier not in ("cache", "grammar", "model"):
            raise ValueError(f"unknown tier {tier!r}")
        return cls(
            actions=tuple(RecordedAction.from_dict(a) for a in data.get("actions", [])),
            tier=tier,
            version=int(data.get("version", 1)),
            reading=data.get("reading"),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CachedAction:
        return cls.from_dict(json.loads(text))


class ActionCache(Protocol):
    """Where resolved steps are kept between runs (the server: one database table)."""

    def get(self, key: CacheKey) -> CachedAction | None: ...

    def put(self, key: CacheKey, action: CachedAction) -> None: ...


class MemoryActionCache:
    """A thread-safe in-memory cache, keyed by digest."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[CacheKey, CachedAction]] = {}
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> CachedAction | None:
        with self._lock:
            entry = self._entries.get(key.digest())
        return entry[1] if entry else None

    def put(self, key: CacheKey, action: CachedAction) -> None:
        with self._lock:
            self._entries[key.digest()] = (key, action)

    def entries(self) -> list[tuple[CacheKey, CachedAction]]:
        with self._lock:
            return list(self._entries.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
