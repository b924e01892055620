"""Pure: intents → suite steps in the engine's grammar, the action-cache seeds, and the YAML.

Each step is phrased so `engine.grammar.parse` reads it back as the same intent (kind and value),
and each recorded locator chain becomes the cache entry the engine will look up for that step:
the key is computed the way `engine.resolve.StepResolver` computes it (suite id, case id, step id,
step text, the path of the page the step starts on), so the first run replays it (tier `cache`).

Passwords never reach the YAML: a typed password becomes a suite `env` variable read from the
OS environment (`RECORDED_PASSWORD`), and the step is `secret: true`. A generated password would
not log in to the account the user recorded with, so the value has to come from whoever runs it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import yaml

from engine import CachedAction, CacheKey, RecordedAction, grammar, url_path
from recording.trace import Intent

CASE_ID = "recorded"
# Actions after which a navigation is their consequence, not something the user typed.
_MAY_NAVIGATE = frozenset({"click", "dblclick", "press", "select", "check", "uncheck"})


@dataclass
class Draft:
    """One step being built: its text, what the grammar must read back, and its cache seed."""

    id: str
    text: str
    kind: str
    value: str | None
    url_path: str
    action: RecordedAction | None
    secret: bool = False


@dataclass
class Converted:
    name: str
    suite_id: str
    drafts: list[Draft]
    env: dict[str, str] = field(default_factory=dict)
    env_notes: list[str] = field(default_factory=list)
    final_check: dict[str, str] = field(default_factory=dict)
    final_label: str = ""

    def seeds(self) -> list[tuple[CacheKey, CachedAction]]:
        found: list[tuple[CacheKey, CachedAction]] = []
        for draft in self.drafts:
            if draft.action is None:
                continue
            key = CacheKey.for_step(
                suite_id=self.suite_id,
                case_id=CASE_ID,
                step_id=draft.id,
                step_text=draft.text,
                url_path=draft.url_path,
            )
            found.append((key, CachedAction(actions=(draft.action,), tier="grammar")))
        return found


def quote(text: str) -> str | None:
    """A grammar literal for `text`; None when it has both kinds of quote (use a variable)."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return None


def _target(intent: Intent) -> str:
    name = re.sub(r"\s+", " ", intent.target or intent.selector).strip()
    quoted = quote(name)
    # A name with both quotes is matched fuzzily anyway: dropping the double ones is harmless.
    return quoted if quoted is not None else f"'{name.replace(chr(34), '')}'"


def expected_intent(draft: Draft) -> tuple[str, str | None]:
    return draft.kind, draft.value


def parses_as(text: str, kind: str, value: str | None) -> bool:
    """True when the grammar reads `text` as this kind of step with this value."""
    intent = grammar.parse(text)
    if intent is None or intent.kind != kind:
        return False
    return value is None or (intent.value or "") == value


def _where(url: str, base_url: str) -> str:
    """A same-site URL as its path (and query); another site's URL in full."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.scheme in ("http", "https") and (parts.scheme, parts.netloc) == (
        base.scheme,
        base.netloc,
    ):
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return url


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return slug or "recorded"


def suite_id_for(name: str) -> str:
    # A suffix keeps two recordings with the same title from sharing cache entries.
    return f"{_slug(name)}-{secrets.token_hex(3)}"


def default_name(base_url: str) -> str:
    return f"Recorded flow on {urlsplit(base_url).netloc or base_url}"


class _Builder:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.drafts: list[Draft] = []
        self.env: dict[str, str] = {}
        self.env_notes: list[str] = []
        self.passwords: dict[str, str] = {}
        self.literals: dict[str, str] = {}

    def add(
        self,
        text: str,
        kind: str,
        value: str | None,
        page_url: str,
        action: RecordedAction | None,
        *,
        secret: bool = False,
    ) -> None:
        self.drafts.append(
            Draft(
                id=f"s{len(self.drafts) + 1}",
                text=text,
                kind=kind,
                value=value,
                url_path=url_path(page_url) if page_url else "",
                action=action,
                secret=secret,
            )
        )

    def password_var(self, value: str) -> str:
        """The same password typed twice (sign up, then sign in) is one variable."""
        if value not in self.passwords:
            n = len(self.passwords) + 1
            name = "password" if n == 1 else f"password_{n}"
            os_name = "RECORDED_PASSWORD" if n == 1 else f"RECORDED_PASSWORD_{n}"
            self.passwords[value] = name
            self.env[name] = "${" + os_name + "}"
            self.env_notes.append(os_name)
        return self.passwords[value]

    def literal(self, value: str) -> str:
        """A value the grammar cannot quote, as a template (a plain env value)."""
        quoted = quote(value)
        if quoted is not None and "${" not in value:
            return quoted
        if value not in self.literals:
            name = f"text_{len(self.literals) + 1}"
            self.literals[value] = name
            self.env[name] = value
        return "${" + self.literals[value] + "}"


def build(intents: list[Intent], *, base_url: str, name: str) -> Converted:
    """Phrase every intent as one step, with its cache seed and the final URL check."""
    b = _Builder(base_url)
    page_url = ""
    previous: Intent | None = None
    last_field: str | None = None
    for index, intent in enumerate(intents):
        if index == 0 and intent.kind != "goto" and intent.url:
            # Recording started somewhere: the suite starts there too.
            where = _where(intent.url, base_url)
            b.add(
                f"Open {where}", "goto", where, "", RecordedAction("goto", value=where)
            )
            page_url = intent.url
        if intent.kind == "goto":
            where = _where(intent.url, base_url)
            consequence = intent.auto is True or (
                intent.auto is None
                and previous is not None
                and previous.kind in _MAY_NAVIGATE
            )
            same_page = bool(page_url) and _where(page_url, base_url) == where
            if not consequence and not same_page:
                b.add(
                    f"Open {where}",
                    "goto",
                    where,
                    page_url,
                    RecordedAction("goto", value=where),
                )
            page_url = intent.url
            previous = intent
            last_field = None
            continue
        page_url = intent.url or page_url
        target = _target(intent)
        field_key = intent.selector or intent.target
        action_of = _seed(intent)
        if intent.kind == "fill":
            if intent.secret:
                var = b.password_var(intent.value)
                text, value = f"Enter ${{{var}}} into {target}", "${" + var + "}"
                b.add(text, "fill", value, page_url, action_of(value), secret=True)
            elif intent.value == "":
                b.add(f"Clear {target}", "fill", "", page_url, action_of(""))
            else:
                literal = b.literal(intent.value)
                value = literal if literal.startswith("${") else intent.value
                b.add(
                    f"Enter {literal} into {target}",
                    "fill",
                    value,
                    page_url,
                    action_of(value),
                )
            last_field = field_key
        elif intent.kind == "select":
            literal = b.literal(intent.value)
            value = literal if literal.startswith("${") else intent.value
            b.add(
                f"Select {literal} from {target}",
                "select",
                value,
                page_url,
                action_of(value),
            )
        elif intent.kind == "press":
            key = intent.value
            focused = not field_key or field_key == last_field
            if focused:
                # The field just filled has the focus: "Press Enter" acts on it. The seed
                # still presses through the field's locator: Playwright then waits for the
                # navigation a submitting Enter starts, which a bare keyboard press does not.
                press = RecordedAction("press", key=key, target=intent.target or None)
                b.add(
                    f"Press {key}",
                    "press",
                    key,
                    page_url,
                    _with_locators(intent, press) or press,
                )
            else:
                b.add(
                    f"Press {key} in {target}",
                    "press",
                    key,
                    page_url,
                    _with_locators(
                        intent, RecordedAction("press", key=key, target=intent.target)
                    ),
                )
        else:
            verb = {
                "click": "Click",
                "dblclick": "Double-click",
                "check": "Check",
                "uncheck": "Uncheck",
            }[intent.kind]
            b.add(f"{verb} {target}", intent.kind, None, page_url, action_of(None))
            last_field = None
        previous = intent
    final = _where(page_url, base_url) if page_url else "/"
    if final.startswith("/"):
        path = final.split("?", 1)[0]
        check = {"kind": "url", "path_is": path}
        label = f"The page is {path}"
    else:
        parts = urlsplit(final)
        check = {"kind": "url", "contains": f"{parts.netloc}{parts.path}"}
        label = f"The page is {parts.netloc}{parts.path}"
    return Converted(
        name=name,
        suite_id=suite_id_for(name),
        drafts=b.drafts,
        env=b.env,
        env_notes=b.env_notes,
        final_check=check,
        final_label=label,
    )


def _with_locators(intent: Intent, action: RecordedAction) -> RecordedAction | None:
    if not intent.locators:
        return None
    return replace(action, locators=intent.locators)


def _seed(intent: Intent) -> Any:
    def make(value: str | None) -> RecordedAction | None:
        return _with_locators(
            intent,
            RecordedAction(intent.kind, value=value, target=intent.target or None),
        )

    return make


def render(converted: Converted, *, base_url: str) -> str:
    """The suite document: a short comment header, then plain YAML."""
    steps: list[dict[str, Any]] = []
    for draft in converted.drafts:
        step: dict[str, Any] = {"id": draft.id, "do": draft.text}
        if draft.secret:
            step["secret"] = True
        steps.append(step)
    doc: dict[str, Any] = {
        "suite": converted.name,
        "id": converted.suite_id,
        "base_url": base_url,
    }
    if converted.env:
        doc["env"] = converted.env
    doc["cases"] = [
        {
            "id": CASE_ID,
            "title": converted.name,
            "steps": steps,
            "expect": [
                {
                    "id": "final-page",
                    "assert": converted.final_label,
                    "check": converted.final_check,
                }
            ],
        }
    ]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        f"# Recorded with Tripwire on {stamp}. The locators recorded with each step are in the",
        "# action cache, so the first run replays them; the step text is what heals a redesign.",
    ]
    for os_name in converted.env_notes:
        header.append(
            f"# The password typed while recording is not stored: set {os_name} in the"
        )
        header.append("# environment of whatever runs this suite (worker or CLI).")
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body
