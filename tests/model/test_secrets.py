"""SPEC §4.6 with a model: it sees `${name}` placeholders, never values, and the engine types the
real value. Every request the fake model received is searched for every secret spelling."""

from __future__ import annotations

import base64
import json
import re
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import pytest
from PIL import Image

import engine
from demo.server import start_demo
from engine.masking import spellings
from engine.spec import Case, Expect, Fixture, Step, SuiteSpec
from tests.e2e.conftest import request_for
from tests.fakes.llm import FakeLlm, LlmReply, ToolCall
from tests.model.helpers import (
    config_for,
    find_ref,
    last_tool_result,
    latest_page,
    step_of,
    text_of,
)

pytestmark = pytest.mark.browser

WRONG = "Wr0ng-Literal-99"
PASSWORD = "Kn0wn-Shopper-Pass!"
_WITH = re.compile(r"with (\S+) and (?:the password )?'?(\$\{[^}]+\}|[^' ]+)'?")


def form_filler(body: dict[str, Any]) -> LlmReply:
    """Fills the sign-up or sign-in form with the placeholders the step gave it."""
    system = text_of(body["messages"][0])
    if system.startswith("You check one assertion"):
        page = text_of(body["messages"][1])
        shown = "No products match" if "search" in page.split("\n")[0] else "Welcome,"
        verdict = "pass" if shown in page else "fail"
        return LlmReply(content=json.dumps({"verdict": verdict, "reason": "seen"}))
    if last_tool_result(body) is not None:
        return LlmReply(tool_calls=[ToolCall("done", {"summary": "submitted"})])
    step = step_of(body) or ""
    page = latest_page(body)
    if step.startswith("Look up"):
        box = find_ref(page, "searchbox", "Search products")
        code = step.split()[2]
        return LlmReply(
            tool_calls=[
                ToolCall("set_field", {"ref": box, "value": code}),
                ToolCall("press_key", {"ref": box, "key": "Enter"}),
            ]
        )
    match = _WITH.search(step)
    assert match, step
    email, password = match.groups()
    calls = [
        ToolCall(
            "set_field", {"ref": find_ref(page, "textbox", "Email"), "value": email}
        ),
        ToolCall(
            "set_field",
            {"ref": find_ref(page, "password", "Password"), "value": password},
        ),
    ]
    if "Sign up" in step:
        calls.append(
            ToolCall(
                "click_element",
                {"ref": find_ref(page, "checkbox", "I accept the terms")},
            )
        )
        button = "Create account"
    else:
        button = "Sign in"
    calls.append(ToolCall("click_element", {"ref": find_ref(page, "button", button)}))
    return LlmReply(content="Filling in the form.", tool_calls=calls)


def _suite(base_url: str) -> SuiteSpec:
    out = Step("o1", "Click 'Sign out'")
    return SuiteSpec(
        name="secrets",
        id="secrets",
        base_url=base_url,
        # An env value read from the OS is a secret, and so is a `password` fixture.
        env={"password": "${TW_SHOPPER_PASSWORD}"},
        fixtures=(
            Fixture("full_name", "name"),
            Fixture("email", "unique_email"),
            Fixture("code", "password"),
        ),
        cases=(
            Case(
                id="signup",
                title="Sign up through the model",
                steps=(
                    Step("s1", "Open /signup"),
                    Step("s2", "Enter ${full_name} into 'Full name'"),
                    Step(
                        "s3",
                        "Sign up as a new shopper with ${email} and ${password}",
                        secret=True,
                    ),
                ),
                expects=(Expect("greeted", "The account page greets the new shopper"),),
            ),
            Case(
                id="login",
                title="Sign back in through the model",
                depends_on=("signup",),
                steps=(
                    out,
                    Step("s2", "Open /login"),
                    # Words the grammar leaves to the model ("Sign in with … and …" it
                    # reads itself).
                    Step(
                        "s3",
                        "Sign back in as the same shopper with ${email} and ${password}",
                        secret=True,
                    ),
                ),
                expects=(Expect("greeted", "The shopper is signed in and greeted"),),
            ),
            Case(
                id="wrong",
                title="A wrong password typed as a literal",
                depends_on=("login",),
                steps=(
                    out,
                    Step("s2", "Open /login"),
                    Step(
                        "s3",
                        f"Try to sign in with ${{email}} and the password '{WRONG}'",
                        secret=True,
                    ),
                ),
                expects=(Expect("refused", "'Invalid email or password' is shown"),),
            ),
            Case(
                id="search",
                title="A secret the page echoes back",
                steps=(
                    Step("s1", "Open /products"),
                    Step("s2", "Look up ${code} with the product search", secret=True),
                ),
                # The results page shows the secret: the judge must get it redacted.
                expects=(Expect("nothing", "The search found no products"),),
            ),
        ),
    )


def test_no_secret_value_reaches_the_model_and_the_real_values_are_typed(
    fake: FakeLlm, tmp_path: Path
) -> None:
    fake.respond_with(form_filler)
    cache = engine.MemoryActionCache()
    reporter = engine.CollectingReporter()
    log = StringIO()

    with start_demo(port=0, stream=log) as shop:
        report = engine.execute(
            request_for(
                _suite(shop.url),
                tmp_path,
                model=config_for(fake),
                environ={"TW_SHOPPER_PASSWORD": PASSWORD},
            ),
            reporter=reporter,
            cache=cache,
        )
        stats = shop.store.stats()

    assert report.status == "passed", [(c.id, c.reason) for c in report.cases]
    by_model = [
        (case.id, step.id)
        for case in report.cases
        for step in case.steps
        if step.tier == "model"
    ]
    assert by_model == [
        ("signup", "s3"),
        ("login", "s3"),
        ("wrong", "s3"),
        ("search", "s2"),
    ]
    # The real values were typed: the shop created the account and let the shopper back in,
    # and the search box got the generated code (read back from the shop's access log).
    assert len(stats["signups"]) == 1 and stats["logins"] == 1
    email = stats["signups"][0]
    [query] = re.findall(r'"GET /products\?q=([^" ]+)"', log.getvalue())
    code = unquote_plus(query)
    assert len(code) >= 12

    bodies = fake.raw_bodies
    assert len(bodies) >= 10
    for secret in (PASSWORD, email, WRONG, code):
        for spelling in spellings(secret):
            leaks = [i for i, body in enumerate(bodies) if spelling.encode() in body]
            assert leaks == [], (
                f"{spelling!r} was sent to the model in requests {leaks}"
            )
    # The model worked with placeholders, so the search above was meaningful.
    sent = b"".join(bodies)
    for placeholder in (b"${password}", b"${email}", b"${_secret1}", b"${code}"):
        assert placeholder in sent
    judged = [b for b in bodies if b"The search found no products" in b]
    assert judged and b"Results for" in judged[0] and b"${code}" in judged[0]
    # Its screenshot masks the search box and the results heading that show the code.
    masked, unmasked = _masked_pixels(judged[0]), _masked_pixels(greeted_body(bodies))
    assert masked > 2000, masked
    assert unmasked < 50, unmasked
    # The step's own PNG, taken just before the judge drew and took down its own boxes, too.
    [search] = [c for c in report.cases if c.id == "search"]
    shot = search.steps[-1].shot
    assert shot is not None
    picture = Image.open(tmp_path / "artifacts" / shot).convert("RGB")
    assert _magenta(picture) > 2000
    # Nothing the run wrote has them either, and the cache keeps templates, not values.
    written = json.dumps(report.to_dict()) + json.dumps(
        [e.to_dict() for e in reporter.events]
    )
    for secret in (PASSWORD, email, WRONG, code):
        assert secret not in written
    cached = json.dumps([a.to_dict() for _, a in cache.entries()])
    for secret in (PASSWORD, email, code):
        assert secret not in cached
    assert '"value": "${password}"' in cached


def _masked_pixels(body: bytes) -> int:
    """Pixels of the screenshot sent in a judge request that have Playwright's mask colour."""
    [user] = [m for m in json.loads(body)["messages"] if m["role"] == "user"]
    url = next(
        p["image_url"]["url"] for p in user["content"] if p["type"] == "image_url"
    )
    image = Image.open(BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB")
    return _magenta(image)


def _magenta(image: Image.Image) -> int:
    raw = image.tobytes()
    return sum(
        1
        for i in range(0, len(raw), 3)
        if raw[i] > 200 and raw[i + 1] < 60 and raw[i + 2] > 200
    )


def greeted_body(bodies: list[bytes]) -> bytes:
    return next(b for b in bodies if b"The account page greets" in b)
