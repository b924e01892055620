"""The tools the step agent offers the model (OpenAI function schemas) and their argument checks.

A bad call is never a crash: `ToolError` carries a sentence for the model, sent back as the
tool's answer so it can correct itself.
"""

from __future__ import annotations

import json
from typing import Any

TOOL_NAMES = (
    "read_dom",
    "goto",
    "click_element",
    "set_field",
    "select_option",
    "press_key",
    "scroll",
    "wait_for",
    "upload_file",
    "done",
    "fail",
)
SCROLL_DIRECTIONS = ("down", "up", "top", "bottom")
MAX_WAIT_MS = 10_000

_REF = {
    "type": "integer",
    "description": "The number of an element in the latest read_dom (#12 → 12).",
}


def _tool(
    name: str,
    description: str,
    properties: dict[str, Any] | None = None,
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": properties or {},
                "required": list(required),
            },
        },
    }


TOOLS: list[dict[str, Any]] = [
    _tool(
        "read_dom",
        "Read the page as it is now: URL, title, visible text and the numbered interactive "
        "elements. Read again after the page changed: refs are only valid for the latest read.",
    ),
    _tool(
        "goto",
        "Open a path of the application (/cart) or a full URL.",
        {"url": {"type": "string", "description": "A path such as /cart, or a URL."}},
        ("url",),
    ),
    _tool("click_element", "Click an element.", {"ref": _REF}, ("ref",)),
    _tool(
        "set_field",
        "Replace the content of a text field. Write variables as their ${name} "
        "placeholders; the browser types the real value.",
        {"ref": _REF, "value": {"type": "string"}},
        ("ref", "value"),
    ),
    _tool(
        "select_option",
        "Choose an option of a drop-down list by its visible text.",
        {"ref": _REF, "value": {"type": "string"}},
        ("ref", "value"),
    ),
    _tool(
        "press_key",
        "Press a key (Enter, Tab, Escape, ArrowDown, Control+A…), in an element or in the "
        "focused one.",
        {"key": {"type": "string"}, "ref": _REF},
        ("key",),
    ),
    _tool(
        "scroll",
        "Scroll the page, or scroll an element into view.",
        {
            "direction": {"type": "string", "enum": list(SCROLL_DIRECTIONS)},
            "ref": _REF,
        },
    ),
    _tool(
        "wait_for",
        "Wait until a text shows on the page, or for a number of milliseconds (at most "
        f"{MAX_WAIT_MS}).",
        {"text": {"type": "string"}, "ms": {"type": "integer"}},
    ),
    _tool(
        "upload_file",
        "Put a file into a file input; the path is relative to the suite's files folder.",
        {"ref": _REF, "path": {"type": "string"}},
        ("ref", "path"),
    ),
    _tool(
        "done",
        "The step is complete.",
        {
            "summary": {
                "type": "string",
                "description": "What you did, in one sentence.",
            }
        },
    ),
    _tool(
        "fail",
        "The application does not let the step be done (an error, a missing product...). "
        "This fails the test.",
        {"reason": {"type": "string"}},
        ("reason",),
    ),
]


class ToolError(Exception):
    """A tool call that cannot be carried out; the message goes back to the model."""


def parse_arguments(tool: str, raw: str) -> dict[str, Any]:
    text = raw.strip() or "{}"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolError(
            f"the arguments of {tool} are not valid JSON ({exc.msg} at character "
            f"{exc.pos}); send a JSON object"
        ) from None
    if not isinstance(value, dict):
        raise ToolError(f"the arguments of {tool} must be a JSON object")
    return value


def ref_argument(
    tool: str, args: dict[str, Any], *, required: bool = True
) -> int | None:
    value = args.get("ref")
    if value is None:
        if required:
            raise ToolError(
                f"{tool} needs `ref`, the number of an element from read_dom"
            )
        return None
    if isinstance(value, str) and value.strip().lstrip("#").isdigit():
        return int(value.strip().lstrip("#"))
    if isinstance(value, bool) or not isinstance(value, int):
        raise ToolError(f"`ref` of {tool} must be an element number, not {value!r}")
    return value


def text_argument(
    tool: str, args: dict[str, Any], name: str, *, required: bool = True
) -> str | None:
    value = args.get(name)
    if value is None:
        if required:
            raise ToolError(f"{tool} needs `{name}`")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise ToolError(f"`{name}` of {tool} must be a string")
    return value


def ms_argument(args: dict[str, Any]) -> int | None:
    value = args.get("ms")
    if value is None:
        return None
    try:
        ms = int(float(value))
    except (TypeError, ValueError):
        raise ToolError("`ms` of wait_for must be a number of milliseconds") from None
    if ms < 0:
        raise ToolError("`ms` of wait_for cannot be negative")
    return min(ms, MAX_WAIT_MS)
