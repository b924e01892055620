from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest

from demo.server import DemoHandle, start_demo
from tests.fakes.llm import FakeLlm


@pytest.fixture
def fake() -> Iterator[FakeLlm]:
    with FakeLlm() as server:
        yield server


@pytest.fixture
def shop() -> Iterator[DemoHandle]:
    with start_demo(variant="original", port=0, stream=StringIO()) as handle:
        yield handle
