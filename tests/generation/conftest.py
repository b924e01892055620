from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest

from demo.server import DemoHandle, start_demo
from tests.fakes.llm import FakeLlm


@pytest.fixture(autouse=True)
def _no_model_unless_asked(settings: Any) -> None:
    """Generation picks its path by whether a model is configured: start with none."""
    settings.LLM_BASE_URL = None
    settings.LLM_API_KEY = None


@pytest.fixture
def shop() -> Iterator[DemoHandle]:
    with start_demo(variant="original", port=0, stream=StringIO()) as handle:
        yield handle


@pytest.fixture
def fake(settings: Any) -> Iterator[FakeLlm]:
    """The scripted model, configured the way an operator would (TRIPWIRE_LLM_BASE_URL)."""
    with FakeLlm() as server:
        settings.LLM_BASE_URL = server.base_url
        settings.LLM_MODEL = "fake-model"
        settings.LLM_API_KEY = "sk-test"
        settings.LLM_TIMEOUT = 10.0
        settings.LLM_STEP_TIMEOUT = 30.0
        yield server
