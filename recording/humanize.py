"""Optional: a model rewords the recorded steps (and proposes a title) for people to read.

The model's words are only advice. A rewording is kept when the grammar reads it back as the
same step: the same kind, the same value and the same target (compared case- and
space-insensitively), so grounding, the cache key's meaning and a later heal all stay what was
recorded. Anything else keeps the deterministic phrasing. Secrets never reach the model: steps
carry `${password}`, not the value.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from engine import (
    ChatClient,
    RunBudget,
    UsageMeter,
    collapse_spaces,
    grammar,
    parse_json_object,
)
from engine.spec import ModelConfig
from recording.convert import Draft

logger = logging.getLogger(__name__)

MAX_SECONDS = 120.0
PROMPT = """\
You reword the steps of a recorded browser test so a person reads them easily.
Each step must stay ONE imperative sentence in this grammar, keeping every quoted value and the
quoted name of the element exactly as given, and keeping ${variables} as they are:
  Open /path | Click 'Name' | Enter 'value' into 'Field' | Select 'Option' from 'Field' |
  Check 'Name' | Uncheck 'Name' | Press Enter | Press Enter in 'Field' | Clear 'Field'
You may say "the 'Name' button", "the 'Field' field", "Go to /path", "Type 'v' into 'Field'".
Answer with one JSON object: {"title": "<a short name for the whole flow>",
"steps": [{"id": "s1", "do": "<step>"}, ...]} with every step id given, in order."""


@dataclass
class Humanized:
    title: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)


def _norm(text: str | None) -> str:
    return collapse_spaces((text or "").replace("’", "'")).casefold()


def same_step(draft: Draft, text: str) -> bool:
    """The grammar reads `text` as exactly the step `draft` is (kind, value and target)."""
    before = grammar.parse(draft.text)
    after = grammar.parse(text)
    if before is None or after is None:
        return False
    return (
        after.kind == before.kind
        and (after.value or "") == (before.value or "")
        and _norm(after.target) == _norm(before.target)
        and _norm(after.scope) == _norm(before.scope)
    )


def _answer_steps(data: dict[str, Any]) -> dict[str, str]:
    steps = data.get("steps")
    found: dict[str, str] = {}
    if not isinstance(steps, list):
        return found
    for index, item in enumerate(steps):
        if isinstance(item, dict) and isinstance(item.get("do"), str):
            step_id = item.get("id") if isinstance(item.get("id"), str) else None
            found[step_id or f"s{index + 1}"] = item["do"].strip()
        elif isinstance(item, str):
            found[f"s{index + 1}"] = item.strip()
    return found


def humanize(
    *, config: ModelConfig, drafts: list[Draft], title: str | None
) -> Humanized:
    """Ask once; never raises (an unreachable or confused model changes nothing)."""
    ask = {
        "title": title,
        "steps": [{"id": d.id, "do": d.text} for d in drafts],
    }
    messages = [
        {"role": "system", "content": PROMPT},
        {"role": "user", "content": json.dumps(ask, ensure_ascii=False)},
    ]
    try:
        completion = ChatClient(config).complete(
            messages,
            meter=UsageMeter(),
            budget=RunBudget(limit=None),
            deadline=time.monotonic() + min(config.step_timeout_s, MAX_SECONDS),
            json_mode=True,
        )
    except (
        Exception
    ) as exc:  # the model is optional: any failure keeps the recording's words
        logger.warning("humanizing a recording failed: %s", exc)
        return Humanized()
    data = parse_json_object(completion.content or "") or {}
    result = Humanized()
    proposed = data.get("title")
    if isinstance(proposed, str) and 0 < len(proposed.strip()) <= 200:
        result.title = collapse_spaces(proposed)
    answers = _answer_steps(data)
    for draft in drafts:
        text = answers.get(draft.id)
        if not text or text == draft.text:
            continue
        if same_step(draft, text):
            result.texts[draft.id] = collapse_spaces(text)
        else:
            result.rejected.append(draft.id)
    return result
