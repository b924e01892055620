"""Pure pieces of the model tier: answers parsed defensively, tool arguments checked, secrets
turned into placeholders, the element list rendered, and when a quoted assertion needs no model."""

from __future__ import annotations

import pytest

from engine.grammar import quotes_say_everything
from engine.masking import MASK, Masker
from engine.model.judge import parse_json_object, verdict_of
from engine.model.page_view import clip_text, describe_element
from engine.model.redact import Redactor
from engine.model.tool_specs import (
    MAX_WAIT_MS,
    TOOL_NAMES,
    TOOLS,
    ToolError,
    ms_argument,
    parse_arguments,
    ref_argument,
    text_argument,
)
from engine.snapshot import Element
from engine.variables import UnknownVariable, Variables


@pytest.mark.parametrize(
    ("answer", "verdict", "reason"),
    [
        ('{"verdict": "pass", "reason": "shown"}', "passed", "shown"),
        ('```json\n{"verdict": "FAIL", "reason": "absent"}\n```', "failed", "absent"),
        (
            'Sure! {"verdict": "passed", "reason": "ok"} Hope that helps.',
            "passed",
            "ok",
        ),
        ('{"passed": false, "explanation": "no banner"}', "failed", "no banner"),
        ('{"result": "fails", "reason": "x"}', "failed", "x"),
        ("PASS: the banner reads Saved", "passed", "PASS: the banner reads Saved"),
        ('{"verdict": "maybe"}', None, ""),
        ("I cannot tell.", None, ""),
    ],
)
def test_verdicts_are_read_from_whatever_the_model_wrote(
    answer: str, verdict: str | None, reason: str
) -> None:
    assert verdict_of(answer) == (verdict, reason)


def test_only_a_json_object_counts_as_one() -> None:
    assert parse_json_object('["a"]') is None
    assert parse_json_object("") is None
    assert parse_json_object('x {"value": "ORD-1"} y') == {"value": "ORD-1"}


def test_every_tool_has_a_schema() -> None:
    names = [t["function"]["name"] for t in TOOLS]
    assert names == list(TOOL_NAMES)
    for tool in TOOLS:
        params = tool["function"]["parameters"]
        assert set(params["required"]) <= set(params["properties"])


def test_bad_arguments_become_sentences_for_the_model() -> None:
    with pytest.raises(ToolError, match="not valid JSON"):
        parse_arguments("click_element", '{"ref": 3')
    with pytest.raises(ToolError, match="must be a JSON object"):
        parse_arguments("click_element", "[3]")
    assert parse_arguments("read_dom", "") == {}
    with pytest.raises(ToolError, match="needs `ref`"):
        ref_argument("click_element", {})
    with pytest.raises(ToolError, match="must be an element number"):
        ref_argument("click_element", {"ref": "the button"})
    with pytest.raises(ToolError, match="must be an element number"):
        ref_argument("click_element", {"ref": True})
    assert ref_argument("click_element", {"ref": "#12"}) == 12
    assert ref_argument("press_key", {}, required=False) is None
    with pytest.raises(ToolError, match="needs `value`"):
        text_argument("set_field", {"ref": 1}, "value")
    assert text_argument("set_field", {"value": 42}, "value") == "42"
    assert ms_argument({"ms": 999_999}) == MAX_WAIT_MS
    with pytest.raises(ToolError):
        ms_argument({"ms": "soon"})


def _redactor(secret_literal: str = "Hunter2-literal") -> Redactor:
    variables = Variables(
        values={
            "email": "ada@example.com",
            "password": "S3cret-pass!",
            "zip": "12345",
        }
    )
    masker = Masker()
    masker.add_all(["S3cret-pass!", secret_literal])
    return Redactor(variables, masker)


def test_secret_values_become_placeholders_in_every_spelling() -> None:
    redactor = _redactor()
    text = (
        "typed S3cret-pass! and Hunter2-literal; posted password=S3cret-pass%21; "
        'json "S3cret-pass!"'
    )
    redacted = redactor.text(text)
    assert "S3cret-pass" not in redacted and "Hunter2" not in redacted
    assert "${password}" in redacted and "${_secret1}" in redacted
    assert MASK in redacted  # the URL-encoded spelling has no placeholder of its own
    # Plain variables may be shown; secret ones are described, never given.
    note = redactor.variables_note("Sign in with ${password} and '${_secret1}'")
    assert note.splitlines()[:2] == [
        "${password} = (secret; pass the placeholder as is)",
        "${_secret1} = (secret; pass the placeholder as is)",
    ]
    assert "${email} = 'ada@example.com'" in note and "S3cret" not in note
    # A synthetic name the step does not use is not listed.
    assert "_secret" not in redactor.variables_note("Open /cart")


def test_a_step_for_the_model_keeps_secret_placeholders_and_fills_the_rest() -> None:
    redactor = _redactor()
    prompt = redactor.prompt(
        "Sign in as ${email} with ${password} and 'Hunter2-literal'"
    )
    assert prompt == "Sign in as ada@example.com with ${password} and '${_secret1}'"
    assert redactor.prompt("Use ${unknown}") == "Use ${unknown}"


def test_what_the_model_typed_resolves_and_records_as_templates() -> None:
    redactor = _redactor()
    assert redactor.resolve("${password}", where="x") == "S3cret-pass!"
    assert redactor.resolve("${_secret1}", where="x") == "Hunter2-literal"
    with pytest.raises(UnknownVariable):
        redactor.resolve("${nope}", where="x")
    names = ["email", "password", "zip"]
    # A value the model copied becomes its variable again; a synthetic name its literal.
    assert redactor.recordable("ada@example.com", names) == "${email}"
    assert redactor.recordable("${_secret1}", names) == "Hunter2-literal"
    assert redactor.recordable("12345", names) == "${zip}"
    assert redactor.recordable("123456", names) == "123456"
    # Only the step's own variables are templated back.
    assert redactor.recordable("ada@example.com", ["zip"]) == "ada@example.com"
    assert redactor.is_secret("x S3cret-pass! y")
    assert not redactor.is_secret("ada@example.com")


def test_an_element_line_says_what_tells_it_apart() -> None:
    button = Element(
        index=3,
        tag="button",
        role="button",
        name="Add to cart",
        row="Tote Bag $24.50 Add to cart",
    )
    assert (
        describe_element(button, None, str)
        == 'button "Add to cart" in row "Tote Bag $24.50 Add to cart"'
    )
    select = Element(
        index=1,
        tag="select",
        role="combobox",
        name="Shipping",
        label="Shipping",
        options=("Standard (free)", "Express ($9.99)"),
    )
    assert describe_element(select, {"value": "Standard (free)"}, str) == (
        'combobox "Shipping" value "Standard (free)" options ["Standard (free)", '
        '"Express ($9.99)"]'
    )
    box = Element(
        index=2,
        tag="input",
        role="checkbox",
        name="",
        near="I accept",
        checked=False,
        enabled=False,
    )
    assert (
        describe_element(box, None, str)
        == 'checkbox [not checked] [disabled] after "I accept"'
    )


def test_a_secret_is_redacted_before_a_long_name_is_cut() -> None:
    secret = "Z" * 20 + "-very-secret"
    redactor = Redactor(Variables(values={"pw": secret}), _masker(secret))
    element = Element(index=0, tag="div", role="button", name="x" * 70 + secret)
    line = describe_element(element, None, redactor.text)
    assert "Z" * 10 not in line
    assert "${pw}" in line


def _masker(*secrets: str) -> Masker:
    masker = Masker()
    masker.add_all(list(secrets))
    return masker


def test_long_pages_keep_their_beginning_and_end() -> None:
    text = "\n\n".join(f"line {i}" for i in range(3000))
    clipped = clip_text(text, 1000)
    assert len(clipped) <= 1100
    assert clipped.startswith("line 0\nline 1")
    assert clipped.endswith("line 2999")
    assert "characters of the page left out" in clipped


@pytest.mark.parametrize(
    ("assertion", "plain"),
    [
        ("'Account created' is shown", True),
        ("no 'Error' appears", True),
        ("'Welcome, ${name}' is displayed on the page", True),
        ("'A' and 'B' are visible", True),
        ("The cart shows 'Tote Bag' twice", False),
        ("The total is 'Total: $24.50'", False),
        ("'Saved' is shown 2 times", False),
        ("The order is confirmed", False),
    ],
)
def test_a_quoted_assertion_skips_the_model_only_when_the_quotes_are_the_claim(
    assertion: str, plain: bool
) -> None:
    assert quotes_say_everything(assertion) is plain
