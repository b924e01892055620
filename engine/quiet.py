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
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import Frame
    from playwright.sync_api import Locator as PWLocator

T = TypeVar("T")

log = logging.getLogger(__name__)


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
    `overlapped`."""
    return _together(frames, "evaluate", expression, arg)


def _together(
    objects: Sequence[Any], method: str, expression: str, arg: Any
) -> list[Any] | None:
    impls: list[Any] = [getattr(o, "_impl_obj", None) for o in objects]
    run = getattr(objects[0], "_sync", None) if objects else None
    if run is None or any(not hasattr(impl, method) for impl in impls):
        return None

    async def together() -> list[Any]:
        calls = [
            getattr(impl, method)(expression=expression, arg=arg) for impl in impls
        ]
        return list(await asyncio.gather(*calls, return_exceptions=True))

    results: list[Any] = quietly(lambda: run(together()))
    return results
