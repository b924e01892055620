"""Playwright calls the engine makes to look at the page, kept out of the case's trace.

Grounding a step, waiting for the page to settle and preparing a screenshot take a few dozen
`evaluate` calls a case. Recorded in the trace, each costs a DOM snapshot before and after it
(~2.5 ms a call, ~0.25 s a run of the benchmark flow) and buries the actions the trace is opened
for under probes nobody asked to see. Playwright marks its own helper calls "internal": not
traced, not reported. `quietly` runs a call the same way, through the client's zone, which is a
ContextVar the call's task inherits. The zone is not public API: where a Playwright release
changes it, `quietly` simply runs the call as a traced one. `overlapped` sends several such
calls at once, so that a batch waits out one round trip instead of one each.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Frame
    from playwright.sync_api import Locator as PWLocator

T = TypeVar("T")

log = logging.getLogger(__name__)

# How long a frame may take to answer a question about itself (a healthy one takes
# milliseconds), and, once it did not answer, the next times: its script is still busy. Longer
# than engine.hang gives a page (the step timeout): a frame in the page's own process is busy
# when the page is, and the page's script is stopped first.
FRAME_ANSWER_S = 15.0
BUSY_FRAME_ANSWER_S = 0.25
# Frames that did not answer; True until take_busy_frames has handed them out.
_busy_frames: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _internal_zone() -> Any:
    try:
        from playwright._impl.channel_owner import ApiZone
        from playwright._impl.utils.zones import current_zone

        zone = ApiZone(api_name="tripwire", frames=[], title=None, internal=True)
        return current_zone().with_("apiZone", zone)
    except Exception as exc:  # another Playwright release: trace the calls, as before
        log.debug("no internal zone in this Playwright: %s", exc)
        return None


def quietly(call: Callable[[], T]) -> T:
    """`call()` with the Playwright calls it makes kept out of the trace."""
    zone = _internal_zone()
    if zone is None or not hasattr(zone, "run"):
        return call()
    result: T = zone.run(call)
    return result


def overlapped(
    locators: Sequence[PWLocator], expression: str, arg: Any
) -> list[Any] | None:
    """`locator.evaluate_all(expression, arg)` for each locator, sent together and quietly.

    The sync API waits out each round trip before sending the next; a chain of candidate
    locators checked at record time is several. Sent together, they cost about one. An item is
    the exception its call raised, if it raised. None where this Playwright's objects differ
    (the caller then makes the calls one by one): the sync objects' loop and async halves are
    not public API.
    """
    return _together(locators, "evaluate_all", expression, arg)


def overlapped_in_frames(
    frames: Sequence[Frame], expression: str, arg: Any
) -> list[Any] | None:
    """`frame.evaluate(expression, arg)` in each frame, sent together and quietly; as
    `overlapped`. A frame that does not answer in time gives a TimeoutError (`in_frame`)."""
    results = _together(
        frames, "evaluate", expression, arg, timeouts=[_patience(f) for f in frames]
    )
    if results is None:
        return None
    return [_note_answer(f, r) for f, r in zip(frames, results, strict=True)]


def in_frame(frame: Frame, expression: str, arg: Any) -> Any:
    """`frame.evaluate(expression, arg)`, quietly, raising TimeoutError when the frame has not
    answered within FRAME_ANSWER_S (BUSY_FRAME_ANSWER_S once it failed to). A cross-site frame
    runs in a process of its own, so its script can keep it from answering while the page
    answers (engine.hang watches pages); a snapshot or a screenshot then goes on without it
    instead of waiting forever."""
    results = overlapped_in_frames([frame], expression, arg)
    if results is None:
        return quietly(lambda: frame.evaluate(expression, arg))
    result = results[0]
    if isinstance(result, BaseException):
        raise result
    return result


def within(owner: Any, call: Callable[[Any], Any], timeout_s: float) -> Any:
    """`call(owner's async half)`, awaited for at most `timeout_s` (TimeoutError after);
    plainly (`call(owner)`, without a limit) where this Playwright's objects differ."""
    impl, run = getattr(owner, "_impl_obj", None), getattr(owner, "_sync", None)
    if impl is None or run is None:
        return call(owner)
    return run(asyncio.wait_for(call(impl), timeout_s))


def _patience(frame: Frame) -> float | None:
    if frame.parent_frame is None:
        return None  # a page that stops answering is engine.hang's
    return BUSY_FRAME_ANSWER_S if frame in _busy_frames else FRAME_ANSWER_S


def _note_answer(frame: Frame, result: Any) -> Any:
    """`result`; a timeout becomes a FrameBusy that says which frame, and is remembered."""
    if isinstance(result, TimeoutError):
        _busy_frames.setdefault(frame, True)
        return FrameBusy(f"the frame at {frame.url} did not answer: its script is busy")
    _busy_frames.pop(frame, None)
    return result


def take_busy_frames(context: BrowserContext) -> list[Frame]:
    """The frames of `context` found busy since the last call (engine.hang deals with them);
    another run's, in this process, are left to it."""
    found = [
        frame
        for frame, new in list(_busy_frames.items())
        if new and frame.page.context is context
    ]
    for frame in found:
        _busy_frames[frame] = False
    return found


class FrameBusy(TimeoutError):
    """A frame did not answer in time."""


def _together(
    objects: Sequence[Any],
    method: str,
    expression: str,
    arg: Any,
    *,
    timeouts: Sequence[float | None] = (),
) -> list[Any] | None:
    impls: list[Any] = [getattr(o, "_impl_obj", None) for o in objects]
    run = getattr(objects[0], "_sync", None) if objects else None
    if run is None or any(not hasattr(impl, method) for impl in impls):
        return None
    waits = list(timeouts) or [None] * len(impls)

    async def together() -> list[Any]:
        calls = [
            asyncio.wait_for(
                getattr(impl, method)(expression=expression, arg=arg), wait
            )
            for impl, wait in zip(impls, waits, strict=True)
        ]
        return list(await asyncio.gather(*calls, return_exceptions=True))

    results: list[Any] = quietly(lambda: run(together()))
    return results
