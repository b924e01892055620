"""Pure: a raw action trace in, a list of user intents out (keystrokes merged, noise dropped).

A trace item is `{type, selector?, value?, url?, text?}` plus optional fields the recorder adds:
`locators` (the verified chain, engine `Locator` dicts, best first), `secret` (a password
field), `auto` (a navigation that followed from the previous action, not one the user typed).

Semantics of the typing types, so traces from other tools merge the way they meant:
- `fill` and `input` carry the field's whole value after the event (the last one wins);
- `type` carries the characters typed (appended); a `press Backspace` in between deletes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from core.exceptions import ValidationFailed
from engine import LOCATOR_ORDER, Locator

NAVIGATE = frozenset({"navigate", "goto", "open"})
CLICK = frozenset({"click", "dblclick"})
SET_VALUE = frozenset({"fill", "input"})
TYPE = frozenset({"type"})
SELECT = frozenset({"select"})
PRESS = frozenset({"press", "key", "keydown"})
CHECK = frozenset({"check", "uncheck"})
TYPES = NAVIGATE | CLICK | SET_VALUE | TYPE | SELECT | PRESS | CHECK

# Keys that move focus or modify others: not an intent of their own.
_SILENT_KEYS = frozenset(
    {"Tab", "Shift", "Control", "Alt", "Meta", "CapsLock", "NumLock", "Fn"}
)
_PASSWORD = re.compile(r"pass(?:word|wd|code|phrase)|\bpwd\b|\bpin\b", re.IGNORECASE)
MASK = "••••"
MAX_ACTIONS = 5000


@dataclass(frozen=True)
class Intent:
    """One user intent, ready to phrase as a step.

    `kind`: goto, click, dblclick, fill, select, check, uncheck, press. `url` is where the page
    was when it happened (for a goto: where it went).
    """

    kind: str
    url: str = ""
    target: str = ""
    selector: str = ""
    value: str = ""
    secret: bool = False
    locators: tuple[Locator, ...] = ()
    # True: followed from the previous action; None: unknown (the converter decides).
    auto: bool | None = None
    # The raw items this intent came from (for the merged trace returned to the caller).
    merged: int = 1
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationFailed(
            f"{where}.{key} must be a string.",
            errors=[{"path": f"{where}.{key}", "message": "must be a string"}],
        )
    return str(value)


def locator_from_selector(selector: str) -> Locator | None:
    """A recorded selector string as an engine locator; None when it cannot be replayed."""
    sel = selector.strip()
    if not sel or sel.startswith(("xpath=", "//", "(")):
        return None
    role = re.match(
        r"^(?:internal:)?role=(?P<role>[\w-]+)\s*\[\s*name\s*=\s*(?P<q>['\"])(?P<name>.*)(?P=q)[is]?\s*\]$",
        sel,
    )
    if role:
        return Locator("role", role.group("name"), role=role.group("role"))
    test_id = re.match(
        r"^\[(?P<attr>data-(?:testid|test-id|test|qa|cy))\s*=\s*(?P<q>['\"]?)(?P<v>[^'\"\]]*)(?P=q)\]$",
        sel,
    )
    if test_id:
        return Locator("test_id", test_id.group("v"), attr=test_id.group("attr"))
    prefixed = re.match(
        r"^(?:internal:)?(?P<kind>label|placeholder|text|css)=(?P<v>.+)$", sel
    )
    if prefixed:
        kind = prefixed.group("kind")
        value = prefixed.group("v").strip()
        if kind != "css" and len(value) >= 2 and value[0] == value[-1] in "'\"":
            value = value[1:-1]
        return Locator(kind, value)  # type: ignore[arg-type]
    return Locator("css", sel)


def _locators(item: dict[str, Any], where: str) -> tuple[Locator, ...]:
    raw = item.get("locators")
    if raw:
        if not isinstance(raw, list):
            raise ValidationFailed(
                f"{where}.locators must be a list.",
                errors=[{"path": f"{where}.locators", "message": "must be a list"}],
            )
        found: list[Locator] = []
        for index, loc in enumerate(raw):
            try:
                if not isinstance(loc, dict) or loc.get("kind") not in LOCATOR_ORDER:
                    raise ValueError("unknown locator kind")
                found.append(Locator.from_dict(loc))
            except (KeyError, ValueError) as exc:
                path = f"{where}.locators[{index}]"
                raise ValidationFailed(
                    f"{path} is not a locator ({exc}).",
                    errors=[{"path": path, "message": "not a locator"}],
                ) from None
        return tuple(found)
    selector = _text(item, "selector", where)
    loc = locator_from_selector(selector) if selector else None
    return (loc,) if loc is not None else ()


def is_password(item: dict[str, Any]) -> bool:
    if item.get("secret") is True:
        return True
    names = " ".join(
        str(item.get(key) or "") for key in ("selector", "text", "field_type")
    )
    return bool(_PASSWORD.search(names))


def _check_item(item: Any, index: int) -> tuple[str, dict[str, Any]]:
    where = f"actions[{index}]"
    if not isinstance(item, dict):
        raise ValidationFailed(
            f"{where} must be an object.",
            errors=[{"path": where, "message": "must be an object"}],
        )
    kind = item.get("type")
    if not isinstance(kind, str) or kind.lower() not in TYPES:
        raise ValidationFailed(
            f"{where}.type {kind!r} is not an action type: use one of {', '.join(sorted(TYPES))}.",
            errors=[{"path": f"{where}.type", "message": "unknown action type"}],
        )
    kind = kind.lower()
    for key in ("selector", "value", "url", "text"):
        _text(item, key, where)
    needs: list[str] = []
    if kind in NAVIGATE and not item.get("url"):
        needs.append("url")
    if (kind in CLICK | SET_VALUE | TYPE | SELECT | CHECK) and not (
        item.get("selector") or item.get("text") or item.get("locators")
    ):
        needs.append("selector or text")
    if kind in SELECT | PRESS and not item.get("value"):
        needs.append("value")
    if needs:
        raise ValidationFailed(
            f"{where} ({kind}) needs {' and '.join(needs)}.",
            errors=[{"path": where, "message": f"needs {' and '.join(needs)}"}],
        )
    return kind, item


def _auto(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _field_key(intent: Intent) -> str:
    return intent.selector or intent.target


def to_intents(actions: Any) -> list[Intent]:
    """Validate the trace and fold it into intents; raises ValidationFailed naming the item."""
    if not isinstance(actions, list):
        raise ValidationFailed(
            "actions must be a list of {type, selector?, value?, url?, text?} objects.",
            errors=[{"path": "actions", "message": "must be a list"}],
        )
    if not actions:
        raise ValidationFailed(
            "actions is empty: there is nothing to convert.",
            errors=[{"path": "actions", "message": "must not be empty"}],
        )
    if len(actions) > MAX_ACTIONS:
        raise ValidationFailed(
            f"actions has more than {MAX_ACTIONS} items.",
            errors=[{"path": "actions", "message": "too many items"}],
        )
    intents: list[Intent] = []
    page_url = ""
    for index, raw in enumerate(actions):
        kind, item = _check_item(raw, index)
        where = f"actions[{index}]"
        url = _text(item, "url", where) or page_url
        target = _text(item, "text", where).strip()
        selector = _text(item, "selector", where).strip()
        value = _text(item, "value", where)
        last = intents[-1] if intents else None
        if kind in NAVIGATE:
            page_url = url
            intents.append(
                Intent("goto", url=url, auto=_auto(item.get("auto")), raw=item)
            )
            continue
        page_url = url
        base = Intent(
            kind,
            url=url,
            target=target,
            selector=selector,
            value=value,
            locators=_locators(item, where),
            raw=item,
        )
        if kind in SET_VALUE | TYPE:
            secret = is_password(item)
            same_field = (
                last is not None
                and last.kind == "fill"
                and _field_key(last) == _field_key(base)
            )
            if same_field and last is not None:
                merged_value = last.value + value if kind in TYPE else value
                intents[-1] = replace(
                    last,
                    value=merged_value,
                    secret=last.secret or secret,
                    merged=last.merged + 1,
                    locators=last.locators or base.locators,
                )
            else:
                if (
                    last is not None
                    and last.kind == "click"
                    and _field_key(last) == _field_key(base)
                ):
                    intents.pop()  # the click only focused the field typed into next
                intents.append(replace(base, kind="fill", secret=secret))
            continue
        if kind in PRESS:
            key = value
            typing = (
                last is not None
                and last.kind == "fill"
                and (not _field_key(base) or _field_key(last) == _field_key(base))
            )
            if typing and last is not None and key == "Backspace":
                intents[-1] = replace(
                    last, value=last.value[:-1], merged=last.merged + 1
                )
                continue
            if typing and last is not None and len(key) == 1:
                intents[-1] = replace(
                    last, value=last.value + key, merged=last.merged + 1
                )
                continue
            if key in _SILENT_KEYS or len(key) == 1 or key == "Backspace":
                continue
            intents.append(replace(base, kind="press", value=key))
            continue
        if kind == "dblclick":
            intents.append(replace(base, kind="dblclick"))
            continue
        intents.append(base)
    return intents


def masked(intent: Intent) -> dict[str, Any]:
    """The merged intent as a trace item again, with a secret value masked."""
    item: dict[str, Any] = {"type": intent.kind}
    if intent.selector:
        item["selector"] = intent.selector
    if intent.kind == "goto" or intent.url:
        item["url"] = intent.url
    if intent.target:
        item["text"] = intent.target
    if intent.value or intent.kind in ("fill",):
        item["value"] = MASK if intent.secret else intent.value
    if intent.secret:
        item["secret"] = True
    if intent.locators:
        item["locators"] = [loc.to_dict() for loc in intent.locators]
    if intent.auto is not None:
        item["auto"] = intent.auto
    return item
