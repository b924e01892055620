"""Take the README's screenshots of the pages from a real deployment.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Starts its own Tripwire (gunicorn and a worker on a throwaway data dir) and the demo shop, runs
two example suites (one against the regressed shop, which files an issue), then photographs the
dashboard, a run page and an issue page in headless Chromium. Run it again when pages change.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

import engine  # noqa: E402
from demo.server import start_demo  # noqa: E402
from engine.spec import BrowserOptions  # noqa: E402
from tests.system.servers import Api, TripwireEnv, start_server, start_worker  # noqa: E402

EXAMPLES = ROOT / "examples" / "suites"
SIZE = {"width": 1280, "height": 860}


def _run(api: Api, suite: str, base_url: str) -> str:
    created = api.post("/runs", {"suite": suite, "base_url": base_url})
    created.raise_for_status()
    run_id = str(created.json()["run_id"])
    api.wait_for_runs([run_id], timeout=300)
    return run_id


def _shoot(page: Page, url: str, path: Path, *, open_first: bool = False) -> None:
    page.goto(url)
    if open_first:  # a case's steps and screenshots, not only the list of cases
        page.locator("details.case").first.evaluate("d => { d.open = true; }")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path))
    sys.stdout.write(f"wrote {path}\n")


def take(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        shop = stack.enter_context(start_demo(port=0, stream=io.StringIO()))
        regressed = stack.enter_context(
            start_demo(variant="regressed", port=0, stream=io.StringIO())
        )
        env = TripwireEnv(Path(tempfile.mkdtemp(prefix="tripwire-shots-")))
        server = start_server(env, workers=1, threads=4)
        stack.callback(server.stop)
        worker = start_worker(env)
        stack.callback(worker.stop)
        api = Api(server.url)
        for name in ("shop-checkout", "signup-login"):
            text = (EXAMPLES / f"{name}.tripwire.yaml").read_text(encoding="utf-8")
            api.post("/suites", {"yaml": text}).raise_for_status()
        _run(api, "signup-login.tripwire.yaml", shop.url)
        passed = _run(api, "shop-checkout.tripwire.yaml", shop.url)
        _run(api, "shop-checkout.tripwire.yaml", regressed.url)
        issue = api.get("/issues").json()["items"][0]["key"]

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=engine.find_executable(BrowserOptions()),
            args=engine.launch_args(),
        )
        stack.callback(browser.close)
        page = browser.new_page(viewport=SIZE, color_scheme="light")
        page.goto(f"{server.url}/login")
        page.get_by_label("Email").fill("admin@example.com")
        page.get_by_label("Password").fill("Tr1pwire-system-tests")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{server.url}/")
        shots = [out / "dashboard.png", out / "run.png", out / "issue.png"]
        _shoot(page, f"{server.url}/", shots[0])
        _shoot(page, f"{server.url}/runs/{passed}", shots[1], open_first=True)
        _shoot(page, f"{server.url}/issues/{issue}", shots[2])
        return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    take(parser.parse_args().out)


if __name__ == "__main__":
    main()
