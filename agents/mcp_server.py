"""Tripwire's MCP server (the official `mcp` SDK): the tools a coding assistant uses to write suites,
run them, read the results and triage issues.

Two transports, same tools:
- stdio (`manage.py tripwire mcp`), for a local assistant. The caller is the `--user` given (or
  nobody); runs execute in this process unless `--queue` hands them to the server's workers.
- streamable HTTP under `/mcp` on the web server (agents.http), authenticated with the API's
  bearer credentials; runs go through the queue like any other.

Tool failures come back as MCP tool errors carrying the API's error sentence and, for invalid
input, the `errors` list.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any, Literal

import anyio
import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from agents import tools
from core.exceptions import TripwireError

Executor = Literal["inline", "queue"]
# Who calls: over HTTP, worked out from the request's Authorization header (agents.http).
CallerOf = Callable[[Context[Any, Any]], Awaitable[tools.Caller]]

POLL_S = 0.5
MAX_WAIT_S = 3600

INSTRUCTIONS = (
    "Tripwire runs plain-English end-to-end test suites in a real browser. Suites are YAML "
    "(validate_suite before save_suite); run_suite runs one and, by default, waits and reports "
    "each case's failing step, expected vs observed and a screenshot URL. test_url tries "
    "ad-hoc steps against any URL. Issues are filed automatically for failures."
)


async def offload(fn: Callable[..., Any], /, **kwargs: Any) -> Any:
    """Run a synchronous tool body in a worker thread; Tripwire's errors become tool errors."""
    try:
        return await anyio.to_thread.run_sync(lambda: tools.in_thread(fn)(**kwargs))
    except TripwireError as exc:
        errors = exc.extra.get("errors")
        detail = f"{exc.type}: {exc.detail}"
        if errors:
            detail += "\n" + json.dumps({"errors": errors})
        raise ToolError(detail) from None


def build_server(
    *,
    caller_of: CallerOf,
    executor: Executor,
) -> MCPServer:
    server: MCPServer = MCPServer(
        name="tripwire",
        title="Tripwire",
        instructions=INSTRUCTIONS,
        log_level="WARNING",
    )

    async def wait_for(
        ctx: Context[Any, Any],
        run_id: str,
        *,
        timeout_s: float,
        execute: Callable[[], Coroutine[Any, Any, None]] | None,
    ) -> dict[str, Any]:
        caller = await caller_of(ctx)
        total = await offload(tools.planned_cases, run_id=run_id)
        done, seen = 0, 0
        finished = False

        async def follow() -> None:
            nonlocal done, seen, finished
            while not finished:
                ended, ends = await offload(
                    tools.run_progress, run_id=run_id, since=seen
                )
                for seq, case_id, case_status in ends:
                    seen, done = seq, done + 1
                    await ctx.report_progress(
                        done, total or None, f"{case_id}: {case_status}"
                    )
                finished = ended
                if not finished:
                    await anyio.sleep(POLL_S)

        if execute is None:
            with anyio.move_on_after(timeout_s):
                await follow()
        else:
            # This process executes the run, so it always ends; no timeout applies.
            async with anyio.create_task_group() as group:
                group.start_soon(execute)
                await follow()
        summary: dict[str, Any] = await offload(
            tools.run_summary, caller=caller, run_id=run_id
        )
        if not summary["finished"]:
            summary["note"] = (
                f"Still {summary['status']} after {timeout_s:g} s; call get_run with this "
                "run_id to see how it ends."
            )
        return summary

    def executing(run_id: str) -> Callable[[], Coroutine[Any, Any, None]] | None:
        if executor == "queue":
            return None

        async def execute() -> None:
            await anyio.to_thread.run_sync(
                lambda: tools.in_thread(tools.run_execute_here)(run_id)
            )

        return execute

    @server.tool()
    async def list_suites(
        ctx: Context[Any, Any],
        search: Annotated[
            str | None,
            Field(description="Words to look for in names, ids and case titles"),
        ] = None,
    ) -> dict[str, Any]:
        """The stored suites: file name, id, name, base URL and case ids."""
        await caller_of(ctx)
        result: dict[str, Any] = await offload(tools.suites_list, search=search)
        return result

    @server.tool()
    async def get_suite(
        ctx: Context[Any, Any],
        name: Annotated[str, Field(description="Suite file name or suite id")],
    ) -> dict[str, Any]:
        """One suite's YAML."""
        await caller_of(ctx)
        result: dict[str, Any] = await offload(tools.suite_read, name=name)
        return result

    @server.tool()
    async def validate_suite(
        ctx: Context[Any, Any],
        yaml: Annotated[
            str, Field(description="The suite document", max_length=1_000_000)
        ],
    ) -> dict[str, Any]:
        """Check a suite document without saving it: every problem with its line and column."""
        await caller_of(ctx)
        result: dict[str, Any] = await offload(tools.suite_check, yaml_text=yaml)
        return result

    @server.tool()
    async def save_suite(
        ctx: Context[Any, Any],
        yaml: Annotated[
            str, Field(description="The suite document", max_length=1_000_000)
        ],
        file: Annotated[
            str | None,
            Field(
                description="File name (*.tripwire.yaml) to create or replace; without it a "
                "new suite is created under a free name"
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Create or replace a suite. Invalid YAML is refused with every problem and nothing
        is saved."""
        await caller_of(ctx)
        result: dict[str, Any] = await offload(
            tools.suite_store, yaml_text=yaml, file=file
        )
        return result

    @server.tool()
    async def run_suite(
        ctx: Context[Any, Any],
        suite: Annotated[str, Field(description="Suite file name or suite id")],
        cases: Annotated[
            list[str] | None,
            Field(description="Only these case ids (and the cases they depend on)"),
        ] = None,
        base_url: Annotated[
            str | None, Field(description="Run against this URL instead of the suite's")
        ] = None,
        wait: Annotated[
            bool,
            Field(description="Wait for the result (progress is reported per case)"),
        ] = True,
        timeout_s: Annotated[
            float, Field(gt=0, le=MAX_WAIT_S, description="How long to wait at most")
        ] = 900,
    ) -> dict[str, Any]:
        """Run a suite (or some of its cases) in a real browser. With `wait`, answers the run's
        result: status, counts and, per failed case, the failing step, expected vs observed, a
        screenshot URL and the issue filed; without it, the run id to pass to get_run."""
        caller = await caller_of(ctx)
        run_id: str = await offload(
            tools.run_start,
            caller=caller,
            suite=suite,
            cases=cases,
            base_url=base_url,
            enqueue=executor == "queue",
        )
        if not wait:
            if executor == "inline":
                raise ToolError(
                    "This stdio server runs suites itself: call run_suite with wait=true, or "
                    "start it with --queue to hand runs to the server's workers."
                )
            return {"run_id": run_id, "status": "queued"}
        return await wait_for(
            ctx, run_id, timeout_s=timeout_s, execute=executing(run_id)
        )

    @server.tool()
    async def get_run(
        ctx: Context[Any, Any],
        run_id: Annotated[str, Field(description="The run id")],
    ) -> dict[str, Any]:
        """A run's status and, once finished, its report: per case the failing step, expected
        vs observed, screenshot and trace URLs, and the issue filed."""
        result: dict[str, Any] = await offload(
            tools.run_summary, caller=await caller_of(ctx), run_id=run_id
        )
        return result

    @server.tool()
    async def test_url(
        ctx: Context[Any, Any],
        url: Annotated[str, Field(description="The page to start on (http or https)")],
        steps: Annotated[
            str,
            Field(
                description="Plain-English steps, one per line (or split on ';' / 'then'); "
                "lines starting with 'Expect' or 'Check that' are checks",
                max_length=20_000,
            ),
        ],
        timeout_s: Annotated[float, Field(gt=0, le=MAX_WAIT_S)] = 300,
    ) -> dict[str, Any]:
        """Try ad-hoc steps against a URL without writing a suite; answers the verdict, what
        failed and the page it ended on. No issue is filed."""
        await caller_of(ctx)
        run_id: str = await offload(
            tools.adhoc_start, url=url, steps=steps, enqueue=executor == "queue"
        )
        return await wait_for(
            ctx, run_id, timeout_s=timeout_s, execute=executing(run_id)
        )

    @server.tool()
    async def list_issues(
        ctx: Context[Any, Any],
        status: Annotated[str | None, Field(description="open or closed")] = None,
        severity: Annotated[
            str | None, Field(description="critical, high, medium or low")
        ] = None,
        suite: Annotated[str | None, Field(description="Suite file name or id")] = None,
        search: Annotated[str | None, Field(description="Words to look for")] = None,
    ) -> dict[str, Any]:
        """Issues filed from failed runs, newest activity first."""
        await caller_of(ctx)
        result: dict[str, Any] = await offload(
            tools.issues_list,
            status=status,
            severity=severity,
            suite=suite,
            search=search,
        )
        return result

    @server.tool()
    async def update_issue(
        ctx: Context[Any, Any],
        key: Annotated[str, Field(description="Issue key, e.g. TW-12")],
        status: Annotated[str | None, Field(description="open or closed")] = None,
        severity: Annotated[
            str | None, Field(description="critical, high, medium or low")
        ] = None,
        comment: Annotated[
            str | None, Field(description="A comment to add", max_length=20_000)
        ] = None,
    ) -> dict[str, Any]:
        """Close or reopen an issue, change its severity, or comment on it."""
        result: dict[str, Any] = await offload(
            tools.issue_change,
            caller=await caller_of(ctx),
            key=key,
            status=status,
            severity=severity,
            comment=comment,
        )
        return result

    @server.tool()
    async def export_playwright(
        ctx: Context[Any, Any],
        suite: Annotated[str, Field(description="Suite file name or suite id")],
        use_cache: Annotated[
            bool,
            Field(
                description="Use the locators learnt by earlier runs (false: compile every "
                "step from the grammar)"
            ),
        ] = True,
    ) -> dict[str, Any]:
        """The suite as a @playwright/test spec (TypeScript) that runs without Tripwire."""
        await caller_of(ctx)
        result: dict[str, Any] = await offload(
            tools.suite_to_playwright, name=suite, use_cache=use_cache
        )
        return result

    return server


def serve_stdio(*, user: str | None, executor: Executor) -> None:
    """Serve the tools on stdin/stdout until the client goes away."""
    from core.models import User
    from core.selectors import instance_settings_get

    def resolve() -> tools.Caller:
        found = None
        if user:
            found = User.objects.filter(email__iexact=user, is_active=True).first()
            if found is None:
                raise TripwireError(f"No active user {user!r}.")
        base = instance_settings_get().public_base_url or ""
        return tools.Caller(user=found, base_url=base)

    caller = tools.in_thread(resolve)()

    async def caller_of(ctx: Context[Any, Any]) -> tools.Caller:
        return caller

    build_server(caller_of=caller_of, executor=executor).run("stdio")
