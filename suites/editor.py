"""What the pages' YAML editors share: the starter document and the line-number gutter."""

from __future__ import annotations

from typing import Any

STARTER = """\
suite: My app
id: my-app
base_url: http://127.0.0.1:8500
fixtures:
  email: { gen: unique_email }
  password: { gen: password }
cases:
  - id: home
    title: The home page loads
    steps:
      - Open /
    expect:
      - "'Tripwire Demo Shop' is shown"
"""


def editor_lines(text: str, problems: list[dict[str, Any]]) -> dict[str, Any]:
    """Line numbers for the gutter, those with a problem marked; the textarea's height."""
    bad = {p.get("line") for p in problems if p.get("line")}
    count = max(1, text.count("\n") + 1)
    return {
        "lines": [{"number": n, "bad": n in bad} for n in range(1, count + 1)],
        "rows": count + 2,
    }
