"""The MCP server, driven by the SDK's own client over both transports against real processes:
streamable HTTP on `/mcp` of a gunicorn server with a worker, and stdio (`manage.py tripwire
mcp`), each running a suite against the demo shop."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest
import requests
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from demo.server import start_demo
from tests.system.servers import ROOT, Served, TripwireEnv, served_with_worker

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SUITE = """\
suite: Shop via MCP
id: shop-mcp
base_url: {base_url}
cases:
  - id: products
    title: The product list shows the boots
    steps:
      - Open /products
    expect:
      - "'Trail Boots' is shown"
  - id: unicorns
    title: The shop sells unicorns
    steps:
      - Open /products
    expect:
      - "'Rainbow Unicorn' is shown"
"""
TOOLS = {
    "list_suites",
    "get_suite",
    "validate_suite",
    "save_suite",
    "run_suite",
    "get_run",
    "test_url",
    "list_issues",
    "update_issue",
    "export_playwright",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_with_worker(
        tmp_path_factory.mktemp("mcp"), token_name="assistant"
    ) as it:
        yield it


def _http_client(served: Served, token: str | None = None) -> Client:
    headers = {"Authorization": f"Bearer {token or served.token}"}
    transport = streamable_http_client(
        f"{served.url}/mcp",
        http_client=httpx2.AsyncClient(headers=headers, timeout=300),
    )
    return Client(transport)


def _data(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        data = result.structured_content
        return dict(data.get("result", data)) if "result" in data else dict(data)
    return dict(json.loads(result.content[0].text))


def _error(result: Any) -> str:
    assert result.is_error
    return str(result.content[0].text)


def test_mcp_over_http_needs_a_token(served: Served) -> None:
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    for headers in ({}, {"Authorization": "Bearer tw_not-a-token"}):
        answer = requests.post(
            f"{served.url}/mcp",
            json=initialize,
            headers={"Accept": "application/json, text/event-stream", **headers},
            timeout=30,
        )
        assert answer.status_code == 401
        assert answer.json()["type"] == "not_authenticated"
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_mcp_over_http_writes_runs_and_triages_a_suite(served: Served) -> None:
    notes: list[tuple[float, float | None, str | None]] = []

    async def on_progress(
        progress: float, total: float | None, message: str | None
    ) -> None:
        notes.append((progress, total, message))

    async def session() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        async with _http_client(served) as client:
            listed = await client.list_tools()
            seen["tools"] = {tool.name for tool in listed.tools}

            bad = _data(
                await client.call_tool(
                    "validate_suite",
                    {"yaml": "suite: x\ncases:\n  - id: a\n    stepz: []\n"},
                )
            )
            seen["bad"] = bad
            text = SUITE.format(base_url=served.shop_url)
            seen["good"] = _data(
                await client.call_tool("validate_suite", {"yaml": text})
            )
            seen["refused"] = _error(
                await client.call_tool(
                    "save_suite", {"yaml": "cases: [", "file": "x.tripwire.yaml"}
                )
            )
            seen["saved"] = _data(
                await client.call_tool(
                    "save_suite", {"yaml": text, "file": "shop-mcp.tripwire.yaml"}
                )
            )
            seen["suites"] = _data(
                await client.call_tool("list_suites", {"search": "mcp"})
            )
            seen["run"] = _data(
                await client.call_tool(
                    "run_suite",
                    {"suite": "shop-mcp.tripwire.yaml", "timeout_s": 240},
                    progress_callback=on_progress,
                )
            )
            seen["issues"] = _data(
                await client.call_tool(
                    "list_issues", {"suite": "shop-mcp", "status": "open"}
                )
            )
            key = seen["issues"]["issues"][0]["key"]
            seen["closed"] = _data(
                await client.call_tool(
                    "update_issue",
                    {
                        "key": key,
                        "status": "closed",
                        "comment": "Unicorns are out of scope.",
                    },
                )
            )
            seen["bad_status"] = _error(
                await client.call_tool("update_issue", {"key": key, "status": "done"})
            )
            queued = _data(
                await client.call_tool(
                    "run_suite",
                    {"suite": "shop-mcp", "cases": ["products"], "wait": False},
                )
            )
            seen["queued"] = queued
            for _ in range(240):
                later = _data(
                    await client.call_tool("get_run", {"run_id": queued["run_id"]})
                )
                if later["finished"]:
                    break
                await anyio.sleep(0.5)
            seen["later"] = later
            seen["export"] = _data(
                await client.call_tool("export_playwright", {"suite": "shop-mcp"})
            )
            seen["unknown"] = _error(
                await client.call_tool("run_suite", {"suite": "no-such-suite"})
            )
        return seen

    seen = anyio.run(session)

    assert seen["tools"] >= TOOLS
    assert seen["bad"]["valid"] is False
    assert any(error.get("line") == 4 for error in seen["bad"]["errors"])
    assert seen["good"] == {
        "valid": True,
        "errors": [],
        "suite": {"id": "shop-mcp", "name": "Shop via MCP"},
        "cases": ["products", "unicorns"],
    }
    assert "invalid_yaml: The suite has 1 problem" in seen["refused"]
    assert served.api.get("/suites/x.tripwire.yaml").status_code == 404
    assert seen["saved"] == {
        "file": "shop-mcp.tripwire.yaml",
        "id": "shop-mcp",
        "created": True,
    }
    assert [s["file"] for s in seen["suites"]["suites"]] == ["shop-mcp.tripwire.yaml"]

    run = seen["run"]
    assert run["status"] == "failed" and run["finished"] is True
    assert run["counts"]["passed"] == 1 and run["counts"]["failed"] == 1
    assert run["url"] == f"{served.url}/runs/{run['run_id']}"
    cases = {case["id"]: case for case in run["cases"]}
    assert "failure" not in cases["products"]
    failure = cases["unicorns"]["failure"]
    assert failure["target"] == "assert"
    assert "Rainbow Unicorn" in (failure["expected"] or failure["text"])
    assert cases["unicorns"]["screenshot_url"].startswith(
        f"{served.url}/artifacts/{run['run_id']}/"
    )
    assert cases["unicorns"]["issue"].startswith("TW-")
    # One progress notification per finished case, counting up to the total.
    assert [(done, total) for done, total, _ in notes] == [(1, 2), (2, 2)]
    assert {message.split(":")[0] for _, _, message in notes if message} == {
        "products",
        "unicorns",
    }
    # The run is attributed to the token's user and listed like any other.
    listed = served.api.get(f"/runs/{run['run_id']}").json()
    assert listed["trigger"] == "mcp"

    assert seen["issues"]["count"] == 1
    assert seen["closed"]["status"] == "closed"
    issue = served.api.get(f"/issues/{seen['closed']['key']}").json()
    assert issue["status"] == "closed"
    assert "validation_error: status must be one of" in seen["bad_status"]

    assert seen["queued"]["status"] == "queued"
    assert seen["later"]["status"] == "passed"
    assert seen["later"]["counts"]["passed"] == 1
    assert "@playwright/test" in seen["export"]["spec"]
    assert seen["export"]["filename"].endswith(".spec.ts")
    assert "validation_error: Unknown suite 'no-such-suite'" in seen["unknown"]


def test_a_revoked_token_is_refused_at_once(served: Served) -> None:
    created = served.api.post("/auth/tokens", {"name": "short-lived"}).json()

    async def call() -> str:
        async with _http_client(served, created["token"]) as client:
            listed = _data(await client.call_tool("list_suites", {}))
            assert "suites" in listed
            revoked = served.api.session.delete(
                f"{served.api.url}/auth/tokens/{created['id']}", timeout=30
            )
            assert revoked.status_code == 204, revoked.text
            try:
                await client.call_tool("list_suites", {})
            except Exception as exc:  # the transport sees the 401
                return type(exc).__name__ + str(exc)
            return "answered"

    assert anyio.run(call) != "answered"


def test_mcp_over_stdio_runs_a_suite_and_ad_hoc_steps_in_process(
    tmp_path: Path,
) -> None:
    # A fresh data directory: the server migrates it quietly, stdout stays the protocol's.
    env = TripwireEnv(tmp_path)
    with start_demo(port=0, stream=io.StringIO()) as shop:
        text = SUITE.format(base_url=shop.url)
        parameters = StdioServerParameters(
            command=sys.executable,
            args=["manage.py", "tripwire", "mcp"],
            env=env.environ(),
            cwd=str(ROOT),
        )

        async def session() -> dict[str, Any]:
            seen: dict[str, Any] = {}
            async with Client(parameters) as client:
                _data(await client.call_tool("save_suite", {"yaml": text}))
                seen["run"] = _data(
                    await client.call_tool(
                        "run_suite", {"suite": "shop-mcp", "cases": ["products"]}
                    )
                )
                seen["adhoc"] = _data(
                    await client.call_tool(
                        "test_url",
                        {
                            "url": f"{shop.url}/products",
                            "steps": "Click 'Trail Boots'\nExpect 'Add to cart' is shown",
                        },
                    )
                )
                seen["no_wait"] = _error(
                    await client.call_tool(
                        "run_suite", {"suite": "shop-mcp", "wait": False}
                    )
                )
            return seen

        seen = anyio.run(session)
    assert seen["run"]["status"] == "passed", seen["run"]
    assert seen["run"]["counts"]["passed"] == 1
    assert seen["adhoc"]["status"] == "passed", seen["adhoc"]
    assert "/products/" in seen["adhoc"]["final_page"]["url"]
    assert "--queue" in seen["no_wait"]
