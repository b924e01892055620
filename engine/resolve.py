"""One step, resolved in tiers: cache → grammar → model, with self-healing.

The cache and the grammar share one waiting loop. Each round first tries the cached locators,
then grounds the step's words on a fresh snapshot; between rounds the loop waits for the DOM to
change. So a late element is still replayed from the cache (it shows up for both at the same
time), while a redesigned page heals as soon as the words find their element.

Heal rules:
- the first recorded locator works → tier `cache`, nothing is rewritten;
- a later locator in the chain works → a heal: when the step's words parse, the grammar
  re-grounds them and wins (a positional CSS fallback must never click something the words do not
  name); otherwise the working locator is kept (tier `cache`). Either way the entry is rewritten;
- no locator works → tiers 2-3 resolve the step, `heal` is emitted, the entry is rewritten.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Literal

from playwright.sync_api import Error as PlaywrightError

from engine import grammar
from engine.action_plan import ActionPlan, Planned, needs_snapshot, plan_intent
from engine.actions import (
    StepBroken,
    StepFailed,
    describe_action,
    perform,
    resolve_value,
)
from engine.cache import (
    CachedAction,
    CacheKey,
    Locator,
    RecordedAction,
    reading_version,
)
from engine.cache_secrets import SecretSlots
from engine.context import RunContext
from engine.counting import nth_item
from engine.intent import Intent
from engine.locators import chain_for, probe, to_playwright
from engine.model_hook import NEEDS_MODEL
from engine.pages import earlier_tab_open, follow_new_pages
from engine.snapshot import take_snapshot, url_path, wait_for_change
from engine.spec import Step
from engine.variables import UnknownVariable, names_in, templated_text
from engine.waiting import MAX_PAUSE_MS, pause

SETTLE_MS = 5000
# A key press that submits a form starts its request after the press returns.
PRESS_GRACE_MS = 250
# Actions after which the page is asked whether it opened a tab.
_MAY_OPEN_TABS = frozenset(
    {"click", "dblclick", "rightclick", "press", "check", "submit"}
)
# A cached model action whose element has not appeared on a page this long quiet is a miss.
QUIET_MISS_MS = 2000


@dataclass(frozen=True)
class StepOutcome:
    status: Literal["passed", "failed", "broken"]
    tier: Literal["cache", "grammar", "model"] | None = None
    healed: bool = False
    reason: str | None = None
    actions: tuple[RecordedAction, ...] = ()
    expected: str | None = None
    observed: str | None = None
    heal: dict[str, str] | None = field(default=None, compare=False)
    # What the model said about a step it carried out (its `done` summary).
    note: str | None = None

    @property
    def locator(self) -> str | None:
        first = _first_locator(self.actions)
        return None if first == "(no locator)" else first


def _first_locator(actions: tuple[RecordedAction, ...]) -> str:
    for action in actions:
        if action.locators:
            return action.locators[0].describe()
    return "(no locator)"


def _replayed_through(
    actions: tuple[RecordedAction, ...],
) -> list[tuple[str, str | None, str | None, Locator | None]]:
    """What a replay does: each action's kind, value and key through its first locator."""
    return [
        (a.kind, a.value, a.key, a.locators[0] if a.locators else None) for a in actions
    ]


def act(
    ctx: RunContext,
    action: RecordedAction,
    locator: Locator | None,
    where: str,
    secret: bool,
) -> None:
    """Carry out a recorded action through a (templated) locator and let the page settle."""
    locator = live(ctx, locator, where) if locator is not None else None
    target = to_playwright(ctx.page, locator) if locator is not None else None
    navigations = ctx.watcher.navigations
    if secret and locator is not None and action.kind in ("fill", "type"):
        ctx.add_secret_field(locator)
    try:
        perform(ctx, action, target, where=where)
    except PlaywrightError:
        # The action closed its own tab (a lookup popup handing its choice back to the window
        # that opened it) before Playwright had seen it through: it was done, and the case
        # goes on in the tab before, as when the tab closes a moment later.
        closed_itself = action.kind in _MAY_OPEN_TABS and ctx.page.is_closed()
        if not (closed_itself and earlier_tab_open(ctx)):
            raise
    ctx.watcher.settle(
        navigations_before=navigations,
        max_ms=ctx.deadline.cap(SETTLE_MS),
        grace_ms=PRESS_GRACE_MS if action.kind == "press" else 0,
    )
    # A tab the action opened is where the case goes on (and back, if this one closed).
    follow_new_pages(ctx, after_action=action.kind in _MAY_OPEN_TABS)


def _execute_plan(
    ctx: RunContext, plan: ActionPlan, where: str, secret: bool, names: list[str]
) -> tuple[RecordedAction, ...]:
    # Chains are built before anything happens: the first action may navigate away.
    recorded: list[tuple[RecordedAction, Locator | None]] = []
    values = {n: ctx.variables.values[n] for n in names if n in ctx.variables.values}
    for planned in plan.actions:
        recorded.append(_record(ctx, planned, values))
    for action, locator in recorded:
        act(ctx, action, locator, where, secret)
    return tuple(action for action, _ in recorded)


def _record(
    ctx: RunContext, planned: Planned, values: dict[str, str]
) -> tuple[RecordedAction, Locator | None]:
    if planned.element is None:
        # A planned action may bring its own locators (the row hovered to reveal a control).
        own = planned.action.locators
        if own:
            action = dataclasses.replace(
                planned.action, locators=tuple(templated(loc, values) for loc in own)
            )
            return action, action.locators[0]
        return planned.action, None
    chain = chain_for(ctx.page, planned.element, row_text=planned.scope)
    action = RecordedAction(
        kind=planned.action.kind,
        value=planned.action.value,
        key=planned.action.key,
        locators=tuple(templated(loc, values) for loc in chain),
        target=planned.action.target,
    )
    # The recorded chain is templated; this run acts through the live one.
    return action, action.locators[0]


def _locate_cached(
    ctx: RunContext, cached: CachedAction, where: str
) -> list[tuple[RecordedAction, Locator | None, int]] | None:
    """One round over the cached chains: the first working locator of each action, or None."""
    found: list[tuple[RecordedAction, Locator | None, int]] = []
    revealed = False
    for action in cached.actions:
        # A control shown only while its row is hovered is probed once the hover is done.
        hidden_ok, revealed = revealed, action.kind == "hover"
        if not action.locators:
            found.append((action, None, 0))
            continue
        visible = action.kind != "upload" and not hidden_ok
        hit = next(
            (
                (i, loc)
                for i, loc in enumerate(action.locators)
                if probe(ctx.page, live(ctx, loc, where), visible=visible)
            ),
            None,
        )
        if hit is None:
            return None
        found.append((action, hit[1], hit[0]))
    return found


def _spans_pages(cached: CachedAction) -> bool:
    """An entry whose actions wait for a page the first ones open ("Sign in", then the form):
    replayed action by action, as its elements are not all on one page."""
    return any(a.kind == "wait_load" for a in cached.actions[:-1])


def _grounding_intent(ctx: RunContext, intent: Intent, where: str) -> Intent:
    """Targets and scopes with their variables filled in; values stay templates."""

    def fill(text: str | None) -> str | None:
        return None if text is None else resolve_value(ctx, text, where)

    return dataclasses.replace(
        intent,
        target=fill(intent.target),
        scope=fill(intent.scope),
        fills=tuple(
            dataclasses.replace(f, target=fill(f.target)) for f in intent.fills
        ),
        alternative=intent.alternative
        and _grounding_intent(ctx, intent.alternative, where),
    )


def _plan(ctx: RunContext, intent: Intent, where: str) -> ActionPlan:
    try:
        item = (
            nth_item(
                ctx.page,
                noun=intent.target or "",
                container=resolve_value(ctx, intent.value or "", where),
                nth=intent.nth or 1,
            )
            if intent.kind == "open_item"
            else None
        )
        # After the item: the control it names is then in the snapshot (a late list).
        snapshot = take_snapshot(ctx.page) if needs_snapshot(intent) else None
        return plan_intent(
            _grounding_intent(ctx, intent, where), snapshot, ctx.variables, item=item
        )
    except UnknownVariable as exc:
        raise StepBroken(str(exc)) from None


def templated(locator: Locator, values: dict[str, str]) -> Locator:
    """A locator with variable values written back as `${name}`: valid for every run's values."""

    def back(text: str | None) -> str | None:
        return None if text is None else templated_text(text, values)

    return dataclasses.replace(
        locator,
        value=back(locator.value) or locator.value,
        row_text=back(locator.row_text),
    )


def live(ctx: RunContext, locator: Locator, where: str) -> Locator:
    """A recorded (templated) locator with this run's values."""
    if "${" not in locator.value and "${" not in (locator.row_text or ""):
        return locator
    return dataclasses.replace(
        locator,
        value=resolve_value(ctx, locator.value, where),
        row_text=resolve_value(ctx, locator.row_text, where)
        if locator.row_text
        else None,
    )


class StepResolver:
    """Resolves and carries out one step."""

    def __init__(self, ctx: RunContext, case_id: str, step: Step) -> None:
        self.ctx = ctx
        self.case_id = case_id
        self.step = step
        self.where = f"step {case_id}/{step.id}"
        self.names = names_in(step.do)
        self.secrets = SecretSlots(step)
        self.positional = False
        self.key = CacheKey.for_step(
            suite_id=ctx.request.suite.id,
            case_id=case_id,
            step_id=step.id,
            step_text=self.secrets.hide_text(step.do) or step.do,
            url_path=url_path(ctx.page.url),
        )

    def run(self) -> StepOutcome:
        try:
            return self._resolve()
        except StepFailed as exc:
            return StepOutcome(
                "failed", reason=str(exc), expected=exc.expected, observed=exc.observed
            )
        except StepBroken as exc:
            return StepOutcome("broken", reason=str(exc))
        except PlaywrightError as exc:
            return StepOutcome("broken", reason=_playwright_reason(exc))

    def _store(
        self,
        actions: tuple[RecordedAction, ...],
        tier: Literal["grammar", "model", "cache"],
    ) -> None:
        if self.ctx.cache is not None and actions and not self.positional:
            self.ctx.cache.put(
                self.key,
                CachedAction(actions=self.secrets.hide(actions), tier=tier),
            )

    def _healed(
        self,
        cached: CachedAction,
        actions: tuple[RecordedAction, ...],
        tier: Literal["cache", "grammar", "model"],
    ) -> StepOutcome:
        if _replayed_through(cached.actions) == _replayed_through(actions):
            # Re-resolving acted through the very locators a replay uses: the entry was right
            # and only looked stale for a moment (the page was mid-render, or busy). Not a
            # heal, and nothing to rewrite: fallbacks such as a row's CSS path differ per row.
            return StepOutcome("passed", tier="cache", actions=cached.actions)
        stored_tier: Literal["grammar", "model", "cache"] = (
            cached.tier if tier == "cache" else tier
        )
        self._store(actions, stored_tier)
        heal = {
            "old_locator": _first_locator(cached.actions),
            "new_locator": _first_locator(actions),
            "tier": tier,
        }
        return StepOutcome("passed", tier=tier, healed=True, actions=actions, heal=heal)

    def _resolve(self) -> StepOutcome:
        ctx = self.ctx
        cached = (
            self.secrets.reveal(ctx.cache.get(self.key))
            if ctx.cache is not None
            else None
        )
        if cached is not None and (
            not cached.actions
            or (cached.tier == "grammar" and cached.reading != reading_version())
        ):
            cached = None
        intent = grammar.parse(self.step.do)
        if intent is not None and intent.by_place:
            # A recorded locator (a CSS path's position, a name that was unique while one row
            # was hovered) does not keep a place; exported from the words (`nth`) too.
            self.positional = True
            cached = None
        # The model may have acted on several pages in a row (click, then fill what opened):
        # such an entry replays action by action, each revealing the next element.
        if cached is not None and (
            intent is None
            or (cached.tier == "model" and len(cached.actions) > 1)
            or _spans_pages(cached)
        ):
            return self._replay_sequential(cached, intent)
        return self._ground(cached, intent)

    def _ground(
        self, cached: CachedAction | None, intent: Intent | None
    ) -> StepOutcome:
        """The cached entry while it matches, else the grammar's plan, until the step timeout;
        then the model (or broken)."""
        ctx = self.ctx
        timeout_ms = ctx.step_timeout_ms
        end = time.monotonic() + timeout_ms / 1000
        last_reason: str | None = None
        opened: tuple[RecordedAction, ...] = ()
        while True:
            follow_new_pages(ctx)
            if cached is not None:
                replayed = self._try_cache(cached, intent)
                if replayed is not None:
                    return replayed
            if intent is None:
                break
            try:
                plan = _plan(ctx, intent, self.where)
            except PlaywrightError:
                if ctx.page.is_closed():
                    # The tab closed itself while it was being read (a payment window that
                    # is done): the step goes on in the tab before it, as it would have had
                    # the tab closed a moment earlier.
                    if follow_new_pages(ctx) is None:
                        raise
                    continue
                # The page navigated while it was being read: look again once it has.
                plan = ActionPlan("not_found", reason="the page was still loading")
            if plan.status == "found":
                if cached is not None:
                    # The element may have appeared between the cache probe and the
                    # snapshot (a late list): that is a cache hit, not a heal.
                    replayed = self._try_cache(cached, intent)
                    if replayed is not None:
                        return replayed
                actions = _execute_plan(
                    ctx, plan, self.where, self.step.secret, self.names
                )
                if plan.again:
                    if opened:
                        last_reason = "what it opened holds nothing the step acts on"
                        break
                    # The step acts on what these actions open ("Sign in", then the form):
                    # once the page it leads to has loaded, the step is planned again there.
                    loaded = RecordedAction("wait_load")
                    act(ctx, loaded, None, self.where, self.step.secret)
                    opened = (*actions, loaded)
                    continue
                actions = (*opened, *actions)
                if cached is not None:
                    return self._healed(cached, actions, "grammar")
                self._store(actions, "grammar")
                return StepOutcome("passed", tier="grammar", actions=actions)
            last_reason = plan.reason
            if plan.status == "ambiguous":
                break
            if (
                intent.kind == "click_named"
                and ctx.model is not None
                and intent.fallback is None
            ):
                # The words may be no name at all ("Fill in the form"): the model reads them,
                # told nothing of names it was never asked about.
                last_reason = None
                break
            if time.monotonic() >= end:
                break
            try:
                pause(ctx.page, (end - time.monotonic()) * 1000)
            except PlaywrightError:
                if not ctx.page.is_closed():
                    raise
                # Closed meanwhile: the next round goes back to the tab before, if any.
        return self._model_or_broken(cached, intent, last_reason)

    def _try_cache(
        self, cached: CachedAction, intent: Intent | None
    ) -> StepOutcome | None:
        """Replay the cached entry if its locators find their elements now; else None."""
        hits = _locate_cached(self.ctx, cached, self.where)
        if hits is None:
            return None
        if all(index == 0 for _, _, index in hits):
            for action, locator, _ in hits:
                act(self.ctx, action, locator, self.where, self.step.secret)
            return StepOutcome("passed", tier="cache", actions=cached.actions)
        return self._fallback_heal(cached, hits, intent)

    def _fallback_heal(
        self,
        cached: CachedAction,
        hits: list[tuple[RecordedAction, Locator | None, int]],
        intent: Intent | None,
    ) -> StepOutcome:
        ctx = self.ctx
        if intent is not None:
            plan = _plan(ctx, intent, self.where)
            if plan.status == "found":
                actions = _execute_plan(
                    ctx, plan, self.where, self.step.secret, self.names
                )
                return self._healed(cached, actions, "grammar")
        rewritten: list[RecordedAction] = []
        for action, locator, index in hits:
            act(ctx, action, locator, self.where, self.step.secret)
            rewritten.append(
                RecordedAction(
                    action.kind,
                    action.value,
                    action.key,
                    action.locators[index:],
                    action.target,
                )
            )
        return self._healed(cached, tuple(rewritten), "cache")

    def _replay_sequential(
        self, cached: CachedAction, intent: Intent | None
    ) -> StepOutcome:
        """A model-resolved entry: replay action by action, each may reveal the next element."""
        ctx = self.ctx
        rewritten: list[RecordedAction] = []
        healed = False
        for action in cached.actions:
            if not action.locators:
                try:
                    act(ctx, action, None, self.where, self.step.secret)
                except StepFailed as exc:
                    if ctx.model is None or action.kind not in (
                        "wait_text",
                        "wait_gone",
                    ):
                        raise
                    # The model waited for this text last time; a reworded page is a miss
                    # to re-resolve, and the model says whether the app really misbehaves.
                    return self._model_or_broken(cached, intent, str(exc))
                rewritten.append(action)
                continue
            visible = action.kind != "upload"
            hit = _poll_chain(ctx, action, visible, self.where)
            if hit is None and cached.tier == "grammar" and intent is not None:
                # A grammar entry over two pages ("Sign in", then the form): read again
                # from the page the replay got to.
                return self._ground(None, intent)
            if hit is None:
                return self._model_or_broken(
                    cached, intent, "the cached locators no longer match"
                )
            index, locator = hit
            healed = healed or index > 0
            act(ctx, action, locator, self.where, self.step.secret)
            rewritten.append(
                RecordedAction(
                    action.kind,
                    action.value,
                    action.key,
                    action.locators[index:],
                    action.target,
                )
            )
        if healed:
            return self._healed(cached, tuple(rewritten), "cache")
        return StepOutcome("passed", tier="cache", actions=cached.actions)

    def _model_or_broken(
        self, cached: CachedAction | None, intent: Intent | None, reason: str | None
    ) -> StepOutcome:
        ctx = self.ctx
        if ctx.model is not None:
            result = ctx.model.resolve_step(ctx, self.step.do, hint=reason)
            ctx.model_calls += result.usage.calls
            ctx.prompt_tokens += result.usage.prompt_tokens
            ctx.completion_tokens += result.usage.completion_tokens
            if result.status == "done":
                if cached is not None:
                    healed = self._healed(cached, result.actions, "model")
                    return dataclasses.replace(healed, note=result.reason)
                self._store(result.actions, "model")
                return StepOutcome(
                    "passed", tier="model", actions=result.actions, note=result.reason
                )
            status: Literal["failed", "broken"] = (
                "failed" if result.status == "failed" else "broken"
            )
            return StepOutcome(
                status, tier="model", reason=result.reason or "the model gave up"
            )
        if intent is None:
            if cached is not None:
                return StepOutcome(
                    "broken",
                    reason=f"the cached action no longer matches; {NEEDS_MODEL}",
                )
            return StepOutcome("broken", reason=NEEDS_MODEL)
        if intent.kind == "click_named":
            # The words were read as a control's name only because no rule reads them.
            return StepOutcome(
                "broken",
                tier="grammar",
                reason=f"{reason}; read otherwise, {NEEDS_MODEL}",
            )
        return StepOutcome("broken", tier="grammar", reason=reason or NEEDS_MODEL)


def _poll_chain(
    ctx: RunContext, action: RecordedAction, visible: bool, where: str
) -> tuple[int, Locator] | None:
    """The first locator of the chain that finds its element, waiting for a late one.

    With a model to hand over to, a page that has gone quiet (no DOM change, nothing in
    flight for QUIET_MISS_MS) is taken at its word: the element is gone, and waiting out the
    whole step timeout would only delay the model's re-resolution of a redesigned page.
    """
    end = time.monotonic() + ctx.step_timeout_ms / 1000
    quiet_since = time.monotonic()
    while True:
        for index, locator in enumerate(action.locators):
            if probe(ctx.page, live(ctx, locator, where), visible=visible):
                return index, locator
        now = time.monotonic()
        left = (end - now) * 1000
        if left <= 0:
            return None
        if ctx.model is not None and (now - quiet_since) * 1000 >= QUIET_MISS_MS:
            return None
        if _changed(ctx, left) or ctx.watcher.in_flight:
            quiet_since = time.monotonic()


def _changed(ctx: RunContext, left_ms: float) -> bool:
    """Wait for the next DOM change (at most MAX_PAUSE_MS); True when there was one."""
    try:
        return wait_for_change(ctx.page, int(max(1, min(left_ms, MAX_PAUSE_MS))))
    except PlaywrightError:
        if ctx.page.is_closed():
            raise
        pause(
            ctx.page, left_ms
        )  # it navigated: let the new page load, that is a change
        return True


def _playwright_reason(exc: PlaywrightError) -> str:
    """Playwright's first line, plus the call-log line that says why (covered, disabled...)."""
    message = str(getattr(exc, "message", "") or exc).strip()
    lines = message.splitlines()
    if not lines:
        return type(exc).__name__
    first = lines[0]
    why = next(
        (
            line.strip(" -")
            for line in reversed(lines[1:])
            if "intercepts pointer events" in line or "element is" in line
        ),
        None,
    )
    return (f"{first} ({why})" if why else first)[:400]


def describe_outcome(outcome: StepOutcome) -> list[dict[str, str | None]]:
    return [
        {
            "tool": action.kind,
            "target": action.target,
            "locator": action.locators[0].describe() if action.locators else None,
            "value": action.value,
            "key": action.key,
            "summary": describe_action(action),
        }
        for action in outcome.actions
    ]


def joined(parts: tuple[str, ...], outcomes: list[StepOutcome]) -> StepOutcome:
    """One outcome for the steps one step held, done in turn up to the first that did not pass."""
    last = outcomes[-1]
    tiers = {o.tier for o in outcomes}
    tier: Literal["cache", "grammar", "model"] | None = next(
        (t for t in ("model", "grammar", "cache") if t in tiers), None
    )
    reason = last.reason
    if last.status != "passed":
        which = len(outcomes)
        reason = f"part {which} of {len(parts)} ({parts[which - 1]!r}): {reason}"
    notes = [o.note for o in outcomes if o.note]
    return StepOutcome(
        last.status,
        tier=tier,
        healed=any(o.healed for o in outcomes),
        reason=reason,
        actions=tuple(a for o in outcomes for a in o.actions),
        expected=last.expected,
        observed=last.observed,
        heal=next((o.heal for o in outcomes if o.heal is not None), None),
        note="; ".join(notes) or None,
    )
