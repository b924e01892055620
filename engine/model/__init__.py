"""Tier 3: an OpenAI-compatible chat model that carries out, judges and reads what tiers 1-2
cannot (docs/engine.md, "Model tier").

`create_model_tier(config)` is what `engine.model_hook.load_model_tier` imports: one
`OpenAiModelTier` per run, holding one HTTP client. Works with any endpoint that speaks
`/chat/completions` with tool calls: OpenAI, Azure OpenAI (its `/openai/v1/` URL), Ollama, vLLM,
LiteLLM.
"""

from __future__ import annotations

from engine.context import RunContext
from engine.model.agent import StepAgent
from engine.model.client import ChatClient
from engine.model.judge import extract, judge
from engine.model_hook import (
    ModelExtraction,
    ModelStepResult,
    ModelTier,
    ModelVerdict,
)
from engine.spec import ModelConfig


class OpenAiModelTier:
    """The `engine.model_hook.ModelTier` of one run."""

    def __init__(self, config: ModelConfig, client: ChatClient | None = None) -> None:
        self.config = config
        self.client = client or ChatClient(config)

    def resolve_step(
        self, ctx: RunContext, text: str, *, hint: str | None
    ) -> ModelStepResult:
        return StepAgent(self.client, ctx, text, hint).run()

    def judge(self, ctx: RunContext, assertion: str) -> ModelVerdict:
        return judge(self.client, ctx, assertion)

    def extract(self, ctx: RunContext, description: str) -> ModelExtraction:
        return extract(self.client, ctx, description)


def create_model_tier(config: ModelConfig) -> ModelTier:
    # Typed as the protocol so mypy checks that the class really implements it.
    return OpenAiModelTier(config)
