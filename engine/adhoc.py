"""Ad-hoc runs: a URL and a few plain-English instructions become a one-case suite."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlparse

from engine.normalize import unify_quotes
from engine.spec import Case, Expect, Step, SuiteSpec

_QUOTED = re.compile(r"(?<!\w)(['\"])(.+?)\1(?!\w)")
_SEPARATOR = re.compile(r"\n|;|,?\s*\band\s+then\b\s*|,?\s*\bthen\b\s*", re.IGNORECASE)
_ASSERTION = re.compile(
    r"^(?:verify|assert|expect|ensure|make\s+sure|check\s+that|check\s+if|confirm\s+that)\b",
    re.IGNORECASE,
)


def split_instructions(text: str) -> list[str]:
    """Split on newlines, `;` and the word "then" (never inside quotes); drop empty parts."""
    unified = unify_quotes(text)
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    masked = _QUOTED.sub(protect, unified)
    parts = _SEPARATOR.split(masked)
    restored = [
        re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], part)
        for part in parts
    ]
    cleaned = [p.strip().strip(",").strip() for p in restored]
    return [p for p in cleaned if p]


def adhoc_suite(
    url: str,
    instructions: str | Sequence[str],
    *,
    suite_id: str = "adhoc",
    name: str = "Ad-hoc run",
) -> SuiteSpec:
    """A one-case suite: open `url`, then each instruction as a step.

    Instructions that state an expectation ("verify 'Welcome' is shown", "check that ...")
    become the case's assertions instead of steps.
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    base_url = f"{parsed.scheme}://{parsed.netloc}"
    lines = (
        split_instructions(instructions)
        if isinstance(instructions, str)
        else [line for item in instructions for line in split_instructions(item)]
    )
    steps = [Step(id="s1", do=f"Open {url}")]
    expects: list[Expect] = []
    for line in lines:
        if _ASSERTION.match(line):
            expects.append(Expect(id=f"a{len(expects) + 1}", assertion=line))
        else:
            steps.append(Step(id=f"s{len(steps) + 1}", do=line))
    case = Case(id="adhoc", title=name, steps=tuple(steps), expects=tuple(expects))
    return SuiteSpec(name=name, id=suite_id, base_url=base_url, cases=(case,))
