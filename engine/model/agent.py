"""The step agent: a bounded tool-calling loop that carries out one step the grammar could not.

The first message already holds the page (what read_dom would return), so a step the model can
do at a glance costs one call: `click_element` + `done` in the same answer. Then, per call:
- tool calls run in order; the first error skips the rest of that answer (each still gets a
  `tool` answer, as the API requires) and goes back to the model as text, never as a crash;
- `done` ends the step (passed; its actions go to the action cache as tier "model"), `fail`
  ends it failed (the application would not let it happen);
- an answer without tool calls is nudged once, then the step is broken with its text;
- past `max_calls_per_step` calls, or the step's deadline, the step is broken with the model's
  last reasoning.
Older page views in the conversation are replaced by a stub once a newer one exists, so a long
step does not resend every page it has seen.
"""

from __future__ import annotations

from typing import Any, Literal

from playwright.sync_api import Error as PlaywrightError

from engine.cache import RecordedAction
from engine.context import RunContext
from engine.model.client import (
    BudgetExhausted,
    ChatClient,
    Completion,
    ModelUnavailable,
    RawToolCall,
    RunBudget,
    UsageMeter,
    operation_deadline,
)
from engine.model.page_view import PageView, read_page
from engine.model.prompts import AGENT_NUDGE, AGENT_SYSTEM, step_message
from engine.model.redact import Redactor
from engine.model.tool_specs import TOOLS
from engine.model.tools import ToolResult, ToolRunner
from engine.model_hook import ModelStepResult
from engine.variables import names_in

STALE_VIEW = "(an older view of the page, left out: the latest read_dom shows it now)"
REASONING_LIMIT = 300


def _summary(calls: tuple[RawToolCall, ...]) -> str:
    return ", ".join(f"{c.name}({c.arguments[:60]})" for c in calls)


class StepAgent:
    def __init__(
        self,
        client: ChatClient,
        ctx: RunContext,
        text: str,
        hint: str | None,
    ) -> None:
        self.client = client
        self.ctx = ctx
        self.text = text
        self.hint = hint
        self.where = f"the model's step {text!r}"
        self.redactor = Redactor.of(ctx)
        self.meter = UsageMeter()
        self.budget = RunBudget(client.config.max_calls_per_run, ctx.model_calls)
        self.actions: list[RecordedAction] = []
        self.messages: list[dict[str, Any]] = []
        # Indexes of messages that carry a page view, and their stub once a newer one exists.
        self._views: list[tuple[int, str]] = []
        self.last_reasoning = ""

    def _result(
        self, status: Literal["done", "failed", "broken"], reason: str | None = None
    ) -> ModelStepResult:
        return ModelStepResult(
            status, tuple(self.actions), reason, usage=self.meter.delta()
        )

    def _first_view(self) -> PageView:
        page = self.ctx.page
        try:
            return read_page(page, self.redactor)
        except PlaywrightError:
            # The page was navigating while it was read: read it again once it has loaded.
            if page.is_closed():
                raise
            page.wait_for_load_state("load", timeout=self.ctx.step_timeout_ms)
            return read_page(page, self.redactor)

    def _view_added(self, index: int, stub: str) -> None:
        for old, old_stub in self._views:
            message = self.messages[old]
            message["content"] = old_stub
        self._views = [(index, stub)]

    def run(self) -> ModelStepResult:
        ctx = self.ctx
        config = self.client.config
        deadline = operation_deadline(ctx, config)
        runner = ToolRunner(
            ctx,
            self.redactor,
            self._first_view(),
            where=self.where,
            names=names_in(self.text),
        )
        step = self.redactor.prompt(self.text)
        hint = self.redactor.text(self.hint) if self.hint else None
        variables = self.redactor.variables_note(step)
        self.messages = [
            {"role": "system", "content": AGENT_SYSTEM},
            {
                "role": "user",
                "content": step_message(step, hint, variables, runner.view.render()),
            },
        ]
        self._views = [(1, step_message(step, hint, variables, STALE_VIEW))]
        nudged = False
        for _ in range(config.max_calls_per_step):
            try:
                answer = self.client.complete(
                    self.redactor.data(self.messages),
                    meter=self.meter,
                    budget=self.budget,
                    deadline=deadline,
                    tools=TOOLS,
                )
            except BudgetExhausted as exc:
                ctx.halt_reason = str(exc)
                return self._result("broken", str(exc))
            except ModelUnavailable as exc:
                return self._result("broken", str(exc))
            if answer.content and answer.content.strip():
                self.last_reasoning = answer.content.strip()
            if not answer.tool_calls:
                if nudged:
                    said = self.redactor.text((answer.content or "").strip())
                    return self._result(
                        "broken",
                        "the model answered without using its tools: "
                        + (said[:REASONING_LIMIT] or "(an empty answer)"),
                    )
                nudged = True
                self.messages.append(
                    {"role": "assistant", "content": answer.content or ""}
                )
                self.messages.append({"role": "user", "content": AGENT_NUDGE})
                continue
            if not (answer.content or "").strip():
                self.last_reasoning = f"it last called {_summary(answer.tool_calls)}"
            finished = self._turn(runner, answer)
            if finished is not None:
                return finished
        reasoning = self.redactor.text(self.last_reasoning)[:REASONING_LIMIT]
        return self._result(
            "broken",
            f"the model did not finish the step within {config.max_calls_per_step} "
            f"calls; its last reasoning: {reasoning or '(none given)'}",
        )

    def _turn(self, runner: ToolRunner, answer: Completion) -> ModelStepResult | None:
        """Run one answer's tool calls; the step's result when one of them ended it."""
        self.messages.append(
            {
                "role": "assistant",
                "content": answer.content,
                "tool_calls": [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {"name": call.name, "arguments": call.arguments},
                    }
                    for call in answer.tool_calls
                ],
            }
        )
        finish: ToolResult | None = None
        failed = False
        for call in answer.tool_calls:
            if finish is not None or failed:
                why = "the step already ended" if finish else "an earlier call failed"
                self._tool_message(call, f"skipped: {why}")
                continue
            result = runner.run(call.name, call.arguments)
            self._tool_message(call, result.content)
            if result.fresh_view:
                self._view_added(len(self.messages) - 1, STALE_VIEW)
            if result.action is not None:
                self.actions.append(result.action)
            if not result.ok:
                failed = True
            elif result.finish is not None:
                finish = result
        if finish is None:
            return None
        if finish.finish == "done":
            return self._result("done", self.redactor.text(finish.reason or "") or None)
        return self._result(
            "failed",
            "the model could not do the step: "
            + self.redactor.text(finish.reason or "no reason given"),
        )

    def _tool_message(self, call: RawToolCall, content: str) -> None:
        self.messages.append(
            {"role": "tool", "tool_call_id": call.id, "content": content}
        )
