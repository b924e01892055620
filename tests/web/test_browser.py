"""The pages in a real Chromium against a deployed Tripwire (gunicorn, a queue worker) and the demo
shop: first-run setup, a suite validated and run to green while the page updates itself, its
screenshots and trace, an issue filed by a regression and closed, a plan, members and admins,
accessibility (axe-core) and the keyboard."""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

import engine
from demo.server import start_demo
from engine.spec import BrowserOptions
from tests.system.servers import Api, TripwireEnv, start_server, start_worker

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
SELF_TEST = ROOT / "examples" / "suites" / "tripwire-web.tripwire.yaml"
ADMIN = (
    "admin@example.com",
    "Tr1pwire-system-tests",
)  # what tests.system.servers.Api sets up
MEMBER = ("member@example.com", "Member-pass-4321")
SUITE = """\
suite: Browse the shop
id: browse
base_url: {base_url}
cases:
  - id: products
    title: The product list shows the boots
    steps:
      - Open /products
    expect:
      - "'Trail Boots' is shown"
"""


@dataclass
class Deployment:
    url: str
    shop_url: str
    regressed_url: str
    api: Api
    browser: Browser


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    with ExitStack() as stack:
        shop = stack.enter_context(start_demo(port=0, stream=io.StringIO()))
        regressed = stack.enter_context(
            start_demo(variant="regressed", port=0, stream=io.StringIO())
        )
        env = TripwireEnv(Path(tempfile.mkdtemp(prefix="tripwire-web-")))
        server = start_server(env, workers=1, threads=8)
        stack.callback(server.stop)
        worker = start_worker(env)
        stack.callback(worker.stop)
        api = Api(server.url)
        created = api.post(
            "/auth/users",
            {"email": MEMBER[0], "password": MEMBER[1], "role": "member"},
        )
        assert created.status_code == 201, created.text
        # Tests may run in any order, on different workers: each finds this suite ready.
        saved = api.put(
            "/suites/browse.tripwire.yaml",
            {"yaml": SUITE.format(base_url=shop.url)},
        )
        assert saved.status_code in (200, 201), saved.text
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=engine.find_executable(BrowserOptions()),
            args=engine.launch_args(),
        )
        stack.callback(browser.close)
        yield Deployment(server.url, shop.url, regressed.url, api, browser)


def signed_in(
    d: Deployment, who: tuple[str, str] = ADMIN, *, bypass_csp: bool = False
) -> Page:
    page = d.browser.new_page(
        viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp
    )
    page.goto(f"{d.url}/login")
    page.get_by_label("Email").fill(who[0])
    page.get_by_label("Password").fill(who[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    return page


def test_a_first_time_user_is_led_through_setup(deployment: Deployment) -> None:
    # A fresh instance of its own: the module's deployment is set up already.
    with ExitStack() as stack:
        env = TripwireEnv(Path(tempfile.mkdtemp(prefix="tripwire-setup-")))
        server = start_server(env, workers=1, threads=2)
        stack.callback(server.stop)
        page = deployment.browser.new_page()
        stack.callback(page.close)
        page.goto(f"{server.url}/")
        expect(page).to_have_url(f"{server.url}/setup")
        page.get_by_label("Email").fill("first@example.com")
        page.get_by_label("Password", exact=True).fill("First-admin-pass-1")
        page.get_by_label("Password, again").fill("First-admin-pass-1")
        page.get_by_role("button", name="Create the admin and sign in").click()
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
        expect(page.get_by_text("Welcome! This is your Tripwire.")).to_be_visible()
        page.goto(f"{server.url}/setup")
        expect(page).to_have_url(re.compile(r"/(login)?$"))


def test_a_suite_is_validated_run_live_and_its_evidence_opens(
    deployment: Deployment,
) -> None:
    page = signed_in(deployment)
    page.goto(f"{deployment.url}/suites/new")
    editor = page.get_by_label("The suite (YAML)")
    # Its own suite: the module's "browse" exists already.
    live = SUITE.replace("id: browse", "id: browse-live").replace(
        "suite: Browse the shop", "suite: Browse live"
    )
    editor.fill(live.format(base_url="ftp://nowhere"))
    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_text("Line 3, column 11")).to_be_visible()
    expect(page.locator("#gutter .bad")).to_have_text("3")
    editor.fill(live.format(base_url=deployment.shop_url))
    page.get_by_role("button", name="Validate").click()
    expect(page.get_by_text("Valid: 1 case, nothing saved yet.")).to_be_visible()
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name=re.compile("Browse live"))).to_be_visible()

    page.get_by_role("link", name="Run", exact=True).click()
    page.get_by_role("button", name="Start the run").click()
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    # Live: the page updates itself until the run is over, without a reload by us.
    expect(page.locator("h1 .badge")).to_have_text("passed", timeout=120_000)
    expect(page.get_by_role("link", name="report.html")).to_be_visible()

    page.locator("details.case summary").first.click()
    shot = page.locator("img[alt^='After step s1']")
    expect(shot).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", shot.element_handle()) > 100
    trace = page.get_by_role("link", name="Open the trace")
    trace.click()
    # Playwright's own viewer, served by us, has loaded the case's trace and lists its actions.
    expect(page.get_by_role("tab", name="Actions")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("/products").first).to_be_visible(timeout=30_000)
    page.close()


def test_a_regression_files_an_issue_that_can_be_closed(deployment: Deployment) -> None:
    api = deployment.api
    text = SUITE.format(base_url=deployment.shop_url).replace("id: browse", "id: cart")
    text = (
        text.replace("suite: Browse the shop", "suite: The cart")
        .replace("Open /products", "Open /cart")
        .replace("'Trail Boots' is shown", "'Trail Boots' is in the cart")
    )
    assert api.put("/suites/cart.tripwire.yaml", {"yaml": text}).status_code in (
        200,
        201,
    )
    page = signed_in(deployment)
    page.goto(f"{deployment.url}/suites/cart.tripwire.yaml/run")
    page.get_by_label("Base URL").fill(deployment.regressed_url)
    page.get_by_role("button", name="Start the run").click()
    expect(page.locator("h1 .badge")).to_have_text("failed", timeout=120_000)
    issue_link = page.locator("details.case p.filed a[href^='/issues/']")
    key = issue_link.inner_text()
    issue_link.click()
    expect(page.get_by_role("heading", name=re.compile(key))).to_be_visible()
    expect(page.locator("figure img.failure-shot")).to_be_visible()
    page.get_by_label("Add a comment (Markdown)").fill("Looking into it.")
    page.get_by_role("button", name="Comment").click()
    expect(page.get_by_text("Looking into it.")).to_be_visible()
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Update").click()
    expect(page.get_by_text(f"{key} updated.")).to_be_visible()
    assert api.get(f"/issues/{key}").json()["status"] == "closed"
    page.close()


def test_a_plan_with_a_cron_schedule(deployment: Deployment) -> None:
    page = signed_in(deployment)
    page.goto(f"{deployment.url}/plans/new")
    page.get_by_label("Name", exact=True).fill("Nightly browse")
    page.get_by_label("Suite 1", exact=True).fill("browse.tripwire.yaml")
    schedule = page.get_by_label(re.compile("Schedule"))
    schedule.fill("61 * * * *")
    expect(page.get_by_text("invalid_cron")).to_be_visible()
    schedule.fill("30 2 * * *")
    expect(page.locator("#cron-preview")).to_contain_text("02:30")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("heading", name="Nightly browse")).to_be_visible()
    expect(page.locator("#cron-preview")).to_contain_text("02:30")
    page.close()


def test_members_do_not_see_settings_and_admins_see_secrets_masked(
    deployment: Deployment,
) -> None:
    api = deployment.api
    assert (
        api.put(
            "/settings", {"slack_webhook_url": "https://hooks.example/T0/B0/zzSecret99"}
        ).status_code
        == 200
    )
    member = signed_in(deployment, MEMBER)
    expect(member.get_by_role("link", name="Settings")).to_have_count(0)
    response = member.goto(f"{deployment.url}/settings")
    assert response is not None and response.status == 403
    member.close()
    admin = signed_in(deployment)
    admin.get_by_role("link", name="Settings").click()
    assert "zzSecret99" not in admin.content()
    expect(admin.get_by_label("slack_webhook_url")).to_have_value("")
    expect(admin.get_by_label("slack_webhook_url")).to_have_attribute(
        "placeholder", re.compile(r"^•+et99 \(set\)$")
    )
    admin.close()


def test_every_page_has_no_serious_accessibility_violation(
    deployment: Deployment,
) -> None:
    assert AXE.is_file(), "scripts/test installs axe-core in e2e/"
    runs = deployment.api.get("/runs").json()["items"]
    issues = deployment.api.get("/issues?status=").json()["items"]
    paths = [
        "/",
        "/suites",
        "/suites/new",
        "/runs",
        "/issues",
        "/plans",
        "/plans/new",
        "/analytics",
        "/generate",
        "/record",
        "/account",
        "/settings",
        "/settings/users",
    ]
    suites = deployment.api.get("/suites").json()["items"]
    if suites:
        paths += [f"/suites/{suites[0]['file']}", f"/suites/{suites[0]['file']}/run"]
    paths += [f"/runs/{run['id']}" for run in runs[:2]]
    paths += [f"/issues/{issue['key']}" for issue in issues[:1]]
    # The injected axe script is not one of ours: the policy is bypassed for the audit only.
    page = signed_in(deployment, bypass_csp=True)
    found: dict[str, list[str]] = {}
    for path in [*paths, "/login"]:
        if path == "/login":
            page.context.clear_cookies()
        page.goto(f"{deployment.url}{path}")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']}))"
            ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        if violations:
            found[path] = violations
    page.close()
    assert found == {}, json.dumps(found, indent=1)


def test_sign_in_and_starting_a_run_work_from_the_keyboard(
    deployment: Deployment,
) -> None:
    page = deployment.browser.new_page()
    page.goto(f"{deployment.url}/login")
    # The email field has the focus on arrival. Chromium moves it there at its next rendering
    # step after the load, so typing at once could lose the first keys to the page.
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type(ADMIN[0])
    page.keyboard.press("Tab")
    page.keyboard.type(ADMIN[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.goto(f"{deployment.url}/suites/browse.tripwire.yaml/run")
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Start the run":
            break
    else:
        pytest.fail("the Start button cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/runs/[0-9a-f]+$"))
    page.close()


def test_tripwire_tests_itself_with_the_cli(
    deployment: Deployment, tmp_path: Path
) -> None:
    """The example self-test suite, run by the CLI as CI would, against this deployment."""
    cli = TripwireEnv(
        tmp_path / "cli",
        extra={
            "TRIPWIRE_SELF_EMAIL": MEMBER[0],
            "TRIPWIRE_SELF_PASSWORD": MEMBER[1],
            "TRIPWIRE_SELF_SHOP_URL": deployment.shop_url,
        },
    )
    cli.data_dir.mkdir()
    out = tmp_path / "reports"
    done = cli.manage(
        "tripwire",
        "run",
        str(SELF_TEST),
        "--base-url",
        deployment.url,
        "--out",
        str(out),
        "--file-issues",
        "none",
        timeout=400,
    )
    report = json.loads(next(out.rglob("report.json")).read_text())
    cases = {case["id"]: case["status"] for case in report["cases"]}
    assert done.returncode == 0, (cases, done.stdout[-2000:], done.stderr[-2000:])
    assert cases == dict.fromkeys(
        ["sign-in", "create-suite", "run-suite", "clean-up"], "passed"
    )
    # Its run really happened on the server and the suite it made is gone again.
    runs = deployment.api.get("/runs?suite=self-test-browse.tripwire.yaml").json()
    assert [run["status"] for run in runs["items"]] == ["passed"]
    assert (
        deployment.api.get("/suites/self-test-browse.tripwire.yaml").status_code == 404
    )
    # The password never reached the report.
    assert MEMBER[1] not in json.dumps(report)
