"""Calls sent together (`engine.quiet.overlapped`): the same answers as one by one, in order,
with a failing call's error in its place, and out of the trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from engine.browser import launch
from engine.quiet import overlapped
from engine.spec import BrowserOptions
from tests.e2e.conftest import traced_calls

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><title>Buttons</title>
<button>Save</button><button>Delete</button><button>Delete</button>"""
COUNT_JS = "(els, extra) => els.length + extra"


def test_calls_sent_together_answer_as_calls_made_one_by_one(tmp_path: Path) -> None:
    with sync_playwright() as pw:
        browser = launch(pw, BrowserOptions())
        context = browser.new_context()
        page = context.new_page()
        page.set_content(PAGE)
        context.tracing.start(snapshots=True)
        locators = [
            page.get_by_role("button", name="Delete"),
            page.locator("button"),
            page.locator("role=button[name="),  # not a selector: this call fails
            page.get_by_role("button", name="Save"),
        ]
        together = overlapped(locators, COUNT_JS, 10)
        context.tracing.stop(path=tmp_path / "trace.zip")
        one_by_one = [locators[i].evaluate_all(COUNT_JS, 10) for i in (0, 1, 3)]
        browser.close()

    assert together is not None
    assert [together[i] for i in (0, 1, 3)] == one_by_one == [12, 13, 11]
    assert isinstance(together[2], Exception)
    methods = traced_calls(tmp_path / "trace.zip")
    assert not [m for m in methods if m.startswith(("evaluate", "evalOn"))], methods
