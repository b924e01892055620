"""Keeping literal secrets out of the action cache.

A `secret: true` step may type a literal ("Enter 'hunter2' into 'Password'"). The cache outlives
the run and is shared by every worker, so what it stores for such a step is a template: each
literal becomes `${__secret_<n>}` (n: its place among the step's secret literals) in the key's
step text and in the recorded actions, and a replay puts the step's current literal back.
"""

from __future__ import annotations

import dataclasses

from engine.cache import CachedAction, Locator, RecordedAction
from engine.spec import Step
from engine.variables import VAR_RE, Variables, secret_step_values


class SecretSlots:
    def __init__(self, step: Step) -> None:
        literals: list[str] = []
        if step.secret:
            # With no variables known, only the step's literal values come back as values.
            values, _ = secret_step_values(step.do, Variables())
            found = [v for v in values if v and not VAR_RE.search(v) and v in step.do]
            literals = sorted(found, key=step.do.index)
        self.literals = literals

    def _placeholder(self, index: int) -> str:
        return "${__secret_" + str(index) + "}"

    def hide_text(self, text: str | None) -> str | None:
        if text is None or not self.literals:
            return text
        # Longest first, so a literal inside a longer one is not split.
        for index, literal in sorted(
            enumerate(self.literals), key=lambda pair: -len(pair[1])
        ):
            text = text.replace(literal, self._placeholder(index))
        return text

    def reveal_text(self, text: str | None) -> str | None:
        if text is None or not self.literals:
            return text
        for index, literal in enumerate(self.literals):
            text = text.replace(self._placeholder(index), literal)
        return text

    def _locator(self, locator: Locator, hide: bool) -> Locator:
        change = self.hide_text if hide else self.reveal_text
        return dataclasses.replace(
            locator,
            value=change(locator.value) or locator.value,
            row_text=change(locator.row_text),
        )

    def _action(self, action: RecordedAction, hide: bool) -> RecordedAction:
        change = self.hide_text if hide else self.reveal_text
        return dataclasses.replace(
            action,
            value=change(action.value),
            target=change(action.target),
            locators=tuple(self._locator(loc, hide) for loc in action.locators),
        )

    def hide(self, actions: tuple[RecordedAction, ...]) -> tuple[RecordedAction, ...]:
        if not self.literals:
            return actions
        return tuple(self._action(action, hide=True) for action in actions)

    def reveal(self, cached: CachedAction | None) -> CachedAction | None:
        if cached is None or not self.literals:
            return cached
        return dataclasses.replace(
            cached,
            actions=tuple(
                self._action(action, hide=False) for action in cached.actions
            ),
        )
