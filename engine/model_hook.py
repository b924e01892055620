"""The seam for tier 3: an OpenAI-compatible model that acts, judges and extracts.

The engine calls these methods only when tiers 1-2 cannot do the job. `engine.model` implements
`ModelTier` with a bounded tool-calling loop (read_dom, goto, click_element, set_field,
select_option, press_key, scroll, wait_for, upload_file, done, fail) against any
OpenAI-compatible endpoint. Without a configured model `load_model_tier` returns None and such
steps are broken with NEEDS_MODEL.

Secrets never reach the model: it sees `${password}`; the engine substitutes the value when it
executes `set_field`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from engine.cache import RecordedAction
from engine.spec import ModelConfig

if TYPE_CHECKING:
    from engine.context import RunContext

NEEDS_MODEL = (
    "this step needs a language model: set TRIPWIRE_LLM_API_KEY "
    "(or an OpenAI-compatible TRIPWIRE_LLM_BASE_URL)"
)


@dataclass(frozen=True)
class ModelUsageDelta:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True)
class ModelStepResult:
    """What the model did for one step; `actions` are cached like grammar actions."""

    status: Literal["done", "failed", "broken"]
    actions: tuple[RecordedAction, ...] = ()
    reason: str | None = None
    usage: ModelUsageDelta = ModelUsageDelta()


@dataclass(frozen=True)
class ModelVerdict:
    verdict: Literal["passed", "failed", "broken"]
    reason: str
    observed: str | None = None
    usage: ModelUsageDelta = ModelUsageDelta()


@dataclass(frozen=True)
class ModelExtraction:
    value: str | None
    reason: str | None = None
    usage: ModelUsageDelta = ModelUsageDelta()
    # True when the model could not be asked (endpoint down, budget spent): not the page's fault.
    broken: bool = False


class ModelTier(Protocol):
    def resolve_step(
        self, ctx: RunContext, text: str, *, hint: str | None
    ) -> ModelStepResult:
        """Carry out a step (template text) on ctx.page; `hint` says why tier 2 gave up."""
        ...

    def judge(self, ctx: RunContext, assertion: str) -> ModelVerdict:
        """Decide a check-less assertion from the visible text and a screenshot."""
        ...

    def extract(self, ctx: RunContext, description: str) -> ModelExtraction:
        """Read a value described in plain English (a capture's `from`)."""
        ...


def load_model_tier(config: ModelConfig | None) -> ModelTier | None:
    """The model tier for `config`, or None when no model is configured or none is built in."""
    if config is None:
        return None
    try:
        module = importlib.import_module("engine.model")
    except ImportError:
        return None
    factory = getattr(module, "create_model_tier", None)
    if factory is None:
        return None
    tier: ModelTier = factory(config)
    return tier
