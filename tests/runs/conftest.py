"""Shared fixtures of the run tests."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest

from demo.server import DemoHandle, start_demo


@pytest.fixture(scope="module")
def shop() -> Iterator[DemoHandle]:
    with start_demo(port=0, stream=StringIO()) as handle:
        yield handle
