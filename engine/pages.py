"""Tabs, windows and JS dialogs: the steps that act on the browser rather than on an element.

- A page the app opens (target=_blank, window.open) becomes the page the case acts on as soon as
  it appears (`follow_new_pages`, after every action); "Switch to the new tab", "Switch back",
  "Switch to the tab 'Invoice'" and "Close the tab" move between pages explicitly.
- A JS dialog is answered by the plan a dialog step armed. The case runner arms the plan of a
  dialog step while the step before it runs (the dialog opens during that step, before the
  dialog step could answer it); the dialog step then confirms that a dialog was answered, or
  waits for one. "Accept the next dialog" arms a plan for a later step without waiting.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from engine import notices
from engine.normalize import collapse_spaces
from engine.waiting import pause, poll
from engine.watch import DialogAnswer

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from engine.context import RunContext


T = TypeVar("T")


class NoSuchPage(Exception):
    """A tab step named a page that is not open."""


class NoDialog(Exception):
    """A dialog step waited for a dialog and none appeared."""


NEW_PAGE_LOAD_MS = 10_000
# How long an announced tab (window.open, target=_blank) may take to show up.
ANNOUNCED_POPUP_MS = 3000


def _open(pages: list[Page]) -> list[Page]:
    return [p for p in pages if not p.is_closed()]


def follow_new_pages(ctx: RunContext, *, after_action: bool = False) -> Page | None:
    """Switch to the newest page the app opened (or back, when the current one closed).

    `after_action`: the page is asked whether the action asked for a tab, and a tab it asked
    for is waited for (Chromium reports it a moment after the click returned).
    """
    watcher = ctx.watcher
    if after_action and not watcher.opened and watcher.tabs_asked_for():
        end = time.monotonic() + ANNOUNCED_POPUP_MS / 1000
        while not watcher.opened and time.monotonic() < end:
            pause(ctx.page, 50)
    opened = [p for p in _open(watcher.opened) if p is not ctx.page]
    watcher.opened.clear()
    if opened:
        page = opened[-1]
        ctx.switch_page(page)
        _loaded(ctx, page)
        return page
    if ctx.page.is_closed() and earlier_tab_open(ctx):
        _back(ctx)
        return ctx.page
    return None


def earlier_tab_open(ctx: RunContext) -> bool:
    """Whether a tab the case was on before is still open (where it goes back to)."""
    return any(not p.is_closed() for p in ctx.previous_pages)


def poll_here(
    ctx: RunContext, look: Callable[[], T | None], timeout_ms: float
) -> T | None:
    """`engine.waiting.poll` that follows the case into a tab the app opens meanwhile."""

    def look_here() -> T | None:
        follow_new_pages(ctx)
        return look()

    return poll(ctx.page, look_here, timeout_ms)


def _loaded(ctx: RunContext, page: Page) -> None:
    try:
        page.wait_for_load_state(
            "domcontentloaded", timeout=ctx.deadline.cap(NEW_PAGE_LOAD_MS)
        )
    except Exception:
        # A popup that never loads is still the page the app showed; the next step says more.
        return


def _back(ctx: RunContext) -> None:
    while ctx.previous_pages:
        page = ctx.previous_pages.pop()
        if not page.is_closed():
            ctx.switch_page(page, remember=False)
            page.bring_to_front()
            return
    raise NoSuchPage("no earlier tab is open")


def switch_tab(ctx: RunContext, which: str, timeout_ms: float) -> None:
    """`which`: "new" (the newest page, waited for), "previous", "first", or a title/URL text."""
    if which == "new":
        end = time.monotonic() + timeout_ms / 1000
        while follow_new_pages(ctx) is None:
            if ctx.previous_pages and ctx.page is not ctx.browser_context.pages[0]:
                return  # the new tab was followed when it opened
            left = (end - time.monotonic()) * 1000
            if left <= 0:
                raise NoSuchPage(f"no new tab opened within {timeout_ms / 1000:.1f} s")
            pause(ctx.page, left)
        return
    if which == "previous":
        _back(ctx)
        return
    if which == "previous_page":
        # "Go back to the previous page": the tab it came from when one is open, else the
        # page before in this tab's history.
        if any(not p.is_closed() for p in ctx.previous_pages):
            _back(ctx)
        else:
            ctx.page.go_back(timeout=timeout_ms)
        return
    if which == "first":
        pages = _open(list(ctx.browser_context.pages))
        target = pages[0] if pages else None
    else:
        # The tab may still be on its way (opened after a request): look until the timeout.
        target = poll(ctx.page, lambda: _tab_called(ctx, which), timeout_ms)
    if target is None:
        titles = "; ".join(repr(p.title()) for p in _open(ctx.browser_context.pages))
        raise NoSuchPage(f"no open tab is called {which!r} (open: {titles})")
    ctx.watcher.opened.clear()  # switched to by name: not a tab to follow any more
    ctx.switch_page(target)
    target.bring_to_front()


def _tab_called(ctx: RunContext, name: str) -> Page | None:
    wanted = collapse_spaces(name).casefold()
    pages = _open(list(ctx.browser_context.pages))
    by_title = (p for p in pages if wanted in collapse_spaces(p.title()).casefold())
    by_url = (p for p in pages if wanted in p.url.casefold())
    return next(by_title, None) or next(by_url, None)


def only_tab(ctx: RunContext) -> bool:
    """Whether the case has one tab open."""
    return len(_open(list(ctx.browser_context.pages))) < 2


def close_tab(ctx: RunContext) -> None:
    page = ctx.page
    if only_tab(ctx):
        raise NoSuchPage("this is the only tab: closing it would end the case")
    page.close()
    _back(ctx)


def arm_dialog(ctx: RunContext, answer: DialogAnswer) -> None:
    """Answer the next dialog so (the case runner calls this one step ahead)."""
    ctx.watcher.dialog_plan = answer
    ctx.dialog_plan_armed = True


# An HTML modal (a <dialog>, an aria-modal box) answered by its buttons, when a dialog step finds
# no JS dialog but such a modal open: most apps ask "Are you sure?" in the page, not with confirm().
MODAL_CSS = (
    ':is(dialog[open], [aria-modal="true"], [role="dialog"], [role="alertdialog"])'
)
ACCEPTING = re.compile(
    r"^\W*(?:ok|okay|confirm|yes|accept|agree|i agree|continue|proceed|got it)\b", re.I
)
DISMISSING = re.compile(
    r"^\W*(?:close|cancel|no|dismiss|not now|never mind)\b|^\s*[×✕✖xX]\s*$", re.I
)
_BUTTON_NAMES_JS = """els => els.map(el => (el.getAttribute('aria-label') || el.innerText
    || el.value || el.getAttribute('title') || '').trim())"""


def answer_modal(page: Page, accept: bool) -> bool:
    """Click the open modal's button for the answer: accepting, the button saying so (OK, Yes,
    Confirm...), else its one button that does not dismiss ("Delete" beside "Cancel");
    dismissing, the one saying Close, Cancel, No or a bare cross. False when no modal is open or none
    of its buttons gives the answer."""
    modal = page.locator(MODAL_CSS).filter(visible=True).last
    if modal.count() == 0:
        return False
    buttons = modal.get_by_role("button").filter(visible=True)
    names: list[str] = buttons.evaluate_all(_BUTTON_NAMES_JS)
    wanted = ACCEPTING if accept else DISMISSING
    picked = next((i for i, name in enumerate(names) if wanted.search(name)), None)
    if picked is None and accept:
        others = [i for i, name in enumerate(names) if not DISMISSING.search(name)]
        picked = others[0] if len(others) == 1 else None
    if picked is None:
        return False
    buttons.nth(picked).click()
    return True


class NothingOpen(Exception):
    """ "Click outside the modal" with nothing open to click outside of."""


# "Click outside the modal": the open thing (a modal first, else an open menu, list box or
# popover; `menu`: only those), its visible panel (a full-screen wrapper's largest smaller
# box: Bootstrap's .modal-dialog, not the .modal around it; a native <dialog>'s own box, its
# backdrop being outside it), and a spot outside that panel where nothing takes clicks of its
# own (no link or button under a menu: a backdrop, else plain page), near the edges first.
OUTSIDE_JS = r"""(menuOnly) => {
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true, opacityProperty: true })
    && el.getBoundingClientRect().width > 0;
  const MENUS = '[role=menu], [role=listbox], [role=tree], [role=tooltip], .dropdown-menu.show, '
    + '[class*=popover]:not([class*=popover-]), [data-state=open][role=dialog]';
  const css = menuOnly ? MENUS : `MODAL_CSS, ${MENUS}`;
  const open = Array.from(document.querySelectorAll(css)).filter(shown);
  const modals = menuOnly ? [] : open.filter((el) => el.matches('MODAL_CSS'));
  const pool = modals.length ? modals : open;
  if (!pool.length) return { error: menuOnly ? 'no menu is open' : 'nothing is open' };
  // The one on top: the last of the outermost, in document order.
  const outer = pool.filter((el) => !pool.some((o) => o !== el && o.contains(el)));
  let panel = outer[outer.length - 1];
  const W = window.innerWidth;
  const H = window.innerHeight;
  const whole = (r) => r.width >= 0.9 * W && r.height >= 0.9 * H;
  while (whole(panel.getBoundingClientRect())) {
    const inner = Array.from(panel.children).filter(shown)
      .map((el) => [el, el.getBoundingClientRect()])
      .sort((a, b) => b[1].width * b[1].height - a[1].width * a[1].height)[0];
    if (!inner) break;
    panel = inner[0];
  }
  const box = panel.getBoundingClientRect();
  const inside = (x, y) => x >= box.left - 4 && x <= box.right + 4 && y >= box.top - 4
    && y <= box.bottom + 4;
  const TAKES = 'a[href], button, input, select, textarea, label, summary, [role=button], '
    + '[role=link], [role=menuitem], [role=option], [role=tab], [onclick], [contenteditable=""], '
    + '[contenteditable=true]';
  const xs = [8, W / 2, W - 8, W / 4, (3 * W) / 4];
  const ys = [8, H - 8, H / 2, H / 4, (3 * H) / 4];
  for (const y of ys) {
    for (const x of xs) {
      if (inside(x, y)) continue;
      const hit = document.elementFromPoint(x, y);
      // A native modal's backdrop hits as the <dialog> itself, outside its box.
      if (!hit || (hit !== panel && (panel.contains(hit) || hit.closest(TAKES)))) continue;
      const what = (panel.getAttribute('aria-label') || panel.getAttribute('role')
        || panel.tagName.toLowerCase());
      return { x: Math.round(x), y: Math.round(y), what };
    }
  }
  return { error: 'no spot outside it is free to click' };
}""".replace("MODAL_CSS", MODAL_CSS)


def click_outside(page: Page, *, menu_only: bool) -> str:
    """Click a spot outside what is open (OUTSIDE_JS); what was clicked outside of."""
    spot = page.evaluate(OUTSIDE_JS, menu_only)
    if "error" in spot:
        raise NothingOpen(str(spot["error"]))
    page.mouse.click(spot["x"], spot["y"])
    return str(spot["what"])


def _alert_box(answer: DialogAnswer) -> bool:
    """ "Dismiss the alert" may mean the alert box of the page (a Bootstrap alert with a cross)."""
    return not answer.accept and answer.text is None and "alert" in answer.types


def _close_alert_box(page: Page) -> bool:
    """Close the one alert box the page shows now, if it has a close control."""
    try:
        notices.close_notice(
            page, notices.Wanted(noun="alert"), timeout_ms=0, gone_ms=2000
        )
    except (notices.NoNotice, notices.SeveralNotices):
        return False
    return True


def answer_dialog(
    ctx: RunContext, answer: DialogAnswer, timeout_ms: float, *, wait: bool = True
) -> None:
    """A dialog step: done if its plan already answered a dialog; else, with an HTML modal
    open, answered by the modal's button; else armed, and waited for."""
    watcher = ctx.watcher
    if ctx.dialog_plan_armed and watcher.dialog_plan is None:
        ctx.dialog_plan_armed = False  # the dialog came during the step before
        return
    in_page = answer.text is None and answer.types == DialogAnswer.types

    def in_the_page() -> bool:
        return (in_page and answer_modal(ctx.page, answer.accept)) or (
            _alert_box(answer) and _close_alert_box(ctx.page)
        )

    if wait and in_the_page():
        watcher.dialog_plan = None
        ctx.dialog_plan_armed = False
        return
    arm_dialog(ctx, answer)
    if not wait:
        return
    # Either kind may come: a browser dialog answers the armed plan, an app's modal (shown a
    # moment after the click that asked) is answered by its button.
    answered = poll(
        ctx.page,
        lambda: watcher.dialog_plan is None or in_the_page(),
        timeout_ms,
    )
    watcher.dialog_plan = None
    ctx.dialog_plan_armed = False
    if not answered:
        raise NoDialog(f"no dialog appeared within {timeout_ms / 1000:.1f} s")


def dialog_message(ctx: RunContext, timeout_ms: float) -> str | None:
    """The message of the latest dialog of the case (waiting for one if none came yet)."""
    history = ctx.watcher.history
    latest = poll(ctx.page, lambda: history[-1] if history else None, timeout_ms)
    return None if latest is None else latest.message
