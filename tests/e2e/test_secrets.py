"""Secrets never reach anything a run writes: reports, events, console output or trace archives."""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, quote_plus

import pytest

import engine
from engine.spec import Capture, Case, Check, Expect, Fixture, Step, SuiteSpec
from tests.e2e.conftest import request_for


@contextlib.contextmanager
def _reference_page() -> Iterator[Any]:
    """A page at the engine's viewport in the engine's Chromium, to measure where things are."""
    from playwright.sync_api import sync_playwright

    from engine.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright, engine.spec.BrowserOptions())
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 800})
        finally:
            browser.close()


def _magenta_share(picture: Any, box: Any) -> float:
    """The share of `box` (2 px in from its edges, every third pixel) in the mask colour."""
    assert box is not None
    pixels = [
        picture.getpixel((x, y))
        for x in range(int(box["x"]) + 2, int(box["x"] + box["width"]) - 2, 3)
        for y in range(int(box["y"]) + 2, int(box["y"] + box["height"]) - 2, 3)
    ]
    return sum(1 for p in pixels if p == (255, 0, 255)) / len(pixels)


pytestmark = pytest.mark.browser

FORM = b"""<!doctype html><html><head><meta charset="utf-8"><title>Join</title>
<link rel="icon" href="data:,"></head><body><h1>Join</h1>
<form method="post" action="/signup">
<label for="e">Email</label><input id="e" type="email" name="email">
<label for="p">Password</label><input id="p" type="password" name="password">
<label for="i">Invite code</label><input id="i" name="invite">
<button type="submit">Create account</button></form></body></html>"""


class LeakyApp(http.server.BaseHTTPRequestHandler):
    """A careless app: it echoes what it was sent into pages, URLs and failing requests."""

    received: dict[str, str]

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send(
        self, status: int, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.startswith("/api/"):
            trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
            self._send(500, b'{"error": "boom"}', {"traceparent": trace})
        else:
            self._send(200, FORM)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        fields = {
            k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()
        }
        self.server.received.update(fields)  # type: ignore[attr-defined]
        email, password, invite = fields["email"], fields["password"], fields["invite"]
        page = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>Welcome</title>"
            f"<link rel='icon' href='data:,'></head><body><h1>Welcome, {email}</h1>"
            f"<p>Your password is {password} and your invite is {invite}</p>"
            f"<script>fetch('/api/profile?pw=' + encodeURIComponent({json.dumps(password)}))"
            f"</script></body></html>"
        )
        self._send(200, page.encode())


@pytest.fixture
def leaky_app() -> Iterator[tuple[str, dict[str, str]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LeakyApp)
    server.received = {}  # type: ignore[attr-defined]
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.received  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def _spellings(secret: str) -> set[bytes]:
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
    }
    return {f.encode() for f in forms}


def _written_blobs(root: Path) -> Iterator[tuple[str, bytes]]:
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        yield str(path), data
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield f"{path}!{name}", archive.read(name)


def test_no_secret_in_any_written_file_event_or_console_line(
    leaky_app: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, received = leaky_app
    case = Case(
        id="join",
        title="join",
        steps=(
            Step("s1", "Open /join"),
            Step("s2", "Enter ${email} and ${password}", secret=True),
            Step("s3", "Enter ${INVITE} into 'Invite code'"),
            Step("s4", "Click 'Create account'"),
        ),
        expects=(
            Expect("a1", "welcomed", Check("visible_text", contains="Welcome")),
            Expect(
                "a2",
                "fails and observes the page",
                Check("visible_text", contains="Not there"),
            ),
            Expect("a3", "fails on the address", Check("url", contains="${password}")),
        ),
    )
    echo = Case(
        id="echo",
        title="read the page back",
        captures=(
            Capture("echo", "the echoed password", pattern=r"Your password is (\S+)"),
        ),
    )
    suite = SuiteSpec(
        name="leaky",
        id="leaky",
        base_url=url,
        cases=(case, echo),
        fixtures=(Fixture("email", "unique_email"), Fixture("password", "password")),
        env={"INVITE": "${TW_TEST_INVITE}"},
    )
    console = io.StringIO()
    collector = engine.CollectingReporter()
    reporter = engine.MultiReporter(collector, engine.ConsoleReporter(console))
    request = request_for(
        suite,
        tmp_path,
        environ={"TW_TEST_INVITE": "invite-7d1f0c2e"},
        assert_timeout_ms=300,
    )
    report = engine.execute(request, reporter=reporter)
    out = tmp_path / "reports"
    engine.write_reports(report, out)

    assert set(received) == {"email", "password", "invite"}, (
        "the app saw the real values"
    )
    secrets = [received["email"], received["password"], received["invite"]]
    assert report.cases[0].status == "failed"
    assert report.cases[0].network, "the failing request was recorded"
    assert report.cases[0].trace is not None

    blobs = list(_written_blobs(tmp_path))
    blobs.append(
        ("events", json.dumps([e.to_dict() for e in collector.events]).encode())
    )
    blobs.append(("console", console.getvalue().encode()))
    blobs.append(("report", json.dumps(report.to_dict()).encode()))
    zipped = [name for name, _ in blobs if "!" in name]
    assert any(name.endswith("trace.trace") for name in zipped)
    leaks = [
        (name, secret)
        for name, data in blobs
        for secret in secrets
        for form in _spellings(secret)
        if form in data
    ]
    assert leaks == []
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert engine.MASK in text
    assert report.cases[1].status == "passed"
    assert report.cases[1].captures[0].value == engine.MASK


def test_a_literal_typed_in_a_secret_step_is_cached_as_a_placeholder(
    leaky_app: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    """The cache outlives the run and every worker shares it: it keeps `${__secret_0}`, and a
    replay types the step's literal again."""
    url, received = leaky_app
    literal = "Lit3ral-Secret-77"
    case = Case(
        id="join",
        title="join",
        steps=(
            Step("s1", "Open /join"),
            Step("s2", "Enter 'ann@example.com' into 'Email'"),
            Step("s3", f"Enter '{literal}' into 'Password'", secret=True),
            Step("s4", "Enter 'abc123' into 'Invite code'"),
            Step("s5", "Click 'Create account'"),
        ),
        expects=(Expect("a1", "welcomed", Check("visible_text", contains="Welcome")),),
    )
    suite = SuiteSpec(name="lit", id="lit", base_url=url, cases=(case,))
    cache = engine.MemoryActionCache()
    first = engine.execute(request_for(suite, tmp_path / "first"), cache=cache)
    assert first.status == "passed", first.cases[0].reason
    assert received["password"] == literal
    received.clear()

    stored = json.dumps(
        [[key.to_dict(), action.to_dict()] for key, action in cache.entries()]
    )
    assert literal not in stored
    assert "${__secret_0}" in stored

    second = engine.execute(request_for(suite, tmp_path / "second"), cache=cache)
    assert second.status == "passed", second.cases[0].reason
    assert [s.tier for s in second.cases[0].steps][2] == "cache"
    assert received["password"] == literal


def test_an_element_that_shows_a_secret_is_masked_in_screenshots(
    leaky_app: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    """The app echoes the password into its page; the report masks it, and so must the PNG."""
    from PIL import Image

    url, received = leaky_app
    case = Case(
        id="join",
        title="join",
        steps=(
            Step("s1", "Open /join"),
            Step("s2", "Enter 'ann@example.com' into 'Email'"),
            Step("s3", "Enter ${password} into 'Password'"),
            Step("s4", "Enter 'abc123' into 'Invite code'"),
            Step("s5", "Click 'Create account'"),
        ),
        expects=(Expect("a1", "welcomed", Check("visible_text", contains="Welcome")),),
    )
    suite = SuiteSpec(
        name="echo",
        id="echo",
        base_url=url,
        cases=(case,),
        fixtures=(Fixture("password", "password"),),
    )
    report = engine.execute(request_for(suite, tmp_path))
    assert report.status == "passed", report.cases[0].reason
    shot = report.cases[0].steps[4].shot
    assert shot is not None
    picture = Image.open(tmp_path / "artifacts" / shot).convert("RGB")

    # Where the echoing paragraph and the (harmless) heading are, at the engine's viewport.
    page_html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Welcome</title></head>"
        f"<body><h1>Welcome, {received['email']}</h1>"
        f"<p>Your password is {received['password']} and your invite is "
        f"{received['invite']}</p></body></html>"
    )
    with _reference_page() as page:
        page.set_content(page_html)
        echo_box = page.locator("p").bounding_box()
        heading_box = page.locator("h1").bounding_box()

    assert _magenta_share(picture, echo_box) > 0.95
    assert _magenta_share(picture, heading_box) < 0.05


PAY_FIELDS = """<label>Card PIN <input type="password" id="pin" style="width:300px;height:40px">
</label><label>Token <input id="tok" style="width:300px;height:40px"></label>
<p id="echo" style="font-size:40px;margin:0"></p><select id="saved" style="width:300px;height:40px">
<option>No saved token</option></select><button id="check">Check</button>"""
# The app echoes the token as it is typed (as text and as a list's choice), and reports what it sees when Check is clicked: a
# mask box left behind would show up there.
PAY_SCRIPT = """<script>
function wire(root) {
  const tok = root.getElementById('tok');
  tok.addEventListener('input', () => {
    root.getElementById('echo').textContent = tok.value;
    root.getElementById('saved').options[0].text = tok.value;  // a list shows it too
  });
  root.getElementById('check').onclick = () => fetch(
    '/seen?layers=' + document.querySelectorAll('[data-tripwire-mask]').length);
}
</script>"""
PAY_HEAD = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Pay</title>"
    "<link rel='icon' href='data:,'></head><body style='margin:0;font:16px sans-serif'>"
)


def _pay_page(path: str, port: str) -> str:
    """The card form: in an iframe of the same site or another, in an open shadow root, or in
    a modal dialog (drawn in the top layer, above anything the page stacks by z-index)."""
    if path.startswith("/card"):
        return f"{PAY_HEAD}{PAY_FIELDS}{PAY_SCRIPT}<script>wire(document)</script>"
    if path.startswith("/shadow"):
        return (
            f"{PAY_HEAD}<h1>Pay</h1><card-form></card-form>{PAY_SCRIPT}<script>"
            "customElements.define('card-form', class extends HTMLElement {"
            "  connectedCallback() { const root = this.attachShadow({mode: 'open'});"
            f"    root.innerHTML = {json.dumps(PAY_FIELDS)}; wire(root); }} }});</script>"
        )
    if path.startswith("/dialog"):
        # Its CSS also speaks of every popover and backdrop, as an app's may.
        return (
            f"{PAY_HEAD}<style>::backdrop{{background:rgb(0,0,0)!important}}"
            "[popover]{background:rgb(255,255,255)!important;inset:auto!important}</style>"
            f"<h1>Pay</h1><dialog id='card'>{PAY_FIELDS}</dialog>{PAY_SCRIPT}"
            "<script>wire(document); document.getElementById('card').showModal()</script>"
        )
    # localhost and 127.0.0.1 are different sites: Chromium renders that frame in a process
    # of its own.
    host = "localhost" if path.startswith("/cross") else "127.0.0.1"
    return (
        f"{PAY_HEAD}<h1>Pay</h1><iframe src='http://{host}:{port}/card' "
        "style='width:900px;height:300px;border:0'></iframe></body></html>"
    )


class _PayApp(http.server.BaseHTTPRequestHandler):
    """A page that takes a card where screenshots are hard to mask."""

    seen: list[str] = []  # mask layers the app saw when Check was clicked

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_GET(self) -> None:
        if self.path.startswith("/seen"):
            self.seen.append(parse_qs(self.path.split("?", 1)[1])["layers"][0])
            body = b"{}"
        else:
            port = self.headers["Host"].rsplit(":", 1)[1]
            body = _pay_page(self.path, port).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("page", ["/same", "/cross", "/shadow", "/dialog"])
def test_secrets_are_masked_in_frames_shadow_roots_and_dialogs(
    page: str, tmp_path: Path
) -> None:
    """Password fields, secret-filled fields and echoed secrets inside an iframe (a payment
    form, often from another site), a web component's shadow root or a modal dialog are
    covered in the step's PNG like those of the page, and the covers are gone when the app is
    next touched."""
    from PIL import Image

    from tests.fakes.server import serving

    with serving(_PayApp) as url:
        case = Case(
            id="pay",
            title="pay",
            steps=(
                Step("s1", f"Open {page}"),
                Step("s2", "Enter ${pin} into 'Card PIN'"),
                Step("s3", "Enter 'tok-4242-secret' into 'Token'", secret=True),
                Step("s4", "Click 'Check'"),
            ),
        )
        suite = SuiteSpec(
            name="pay",
            id="pay",
            base_url=url,
            cases=(case,),
            fixtures=(Fixture("pin", "password"),),
        )
        _PayApp.seen.clear()
        report = engine.execute(request_for(suite, tmp_path))
        assert report.status == "passed", report.cases[0].reason
        assert _PayApp.seen == ["0"]
        shot = report.cases[0].steps[2].shot
        assert shot is not None
        picture = Image.open(tmp_path / "artifacts" / shot).convert("RGB")

        with _reference_page() as view:
            view.goto(url + page)
            card = view.frame_locator("iframe") if page in ("/same", "/cross") else view
            card.locator("#tok").fill("tok-4242-secret")  # the echo then has its size
            boxes = {
                key: card.locator(selector).bounding_box()
                for key, selector in [
                    ("pin", "#pin"),
                    ("tok", "#tok"),
                    ("echo", "#echo"),
                    ("saved", "#saved"),
                ]
            }
            if page == "/dialog":
                boxes["dialog"] = view.locator("dialog").bounding_box()

    for key in ("pin", "tok", "echo", "saved"):
        assert _magenta_share(picture, boxes[key]) > 0.95, key
    if page == "/dialog":
        # The covers hide the fields and nothing else: no backdrop of theirs darkens the
        # dialog, and the app's popover style does not turn them into a white sheet.
        dialog = boxes["dialog"]
        assert dialog is not None
        inside = (int(dialog["x"]) + 8, int(dialog["y"]) + 8)
        assert picture.getpixel(inside) == (255, 255, 255)
        assert picture.getpixel((5, 5)) == (0, 0, 0)  # the app's own backdrop
