"""The suite schema: what is accepted, and the exact error for what is not."""

from __future__ import annotations

from textwrap import dedent

import pytest

from engine.spec import Check
from suites.schema import SuiteInvalid, parse_suite

VALID = dedent(
    """\
    # A comment that must survive.
    suite: Demo shop
    id: demo
    base_url: http://127.0.0.1:8500
    env:
      COUPON: "${DEMO_COUPON}"
    fixtures:
      email: { gen: unique_email }
      password: { gen: password, length: 16 }
      qty: { gen: number, min: 1, max: 3 }
    cases:
      - id: signup
        title: Sign up
        tags: [auth, smoke]
        steps:
          - Open /signup
          - { do: "Enter ${email} and ${password}", secret: true }
          - id: go
            do: Click 'Create account'
        expect:
          - "'Account created' is shown"
          - id: url
            assert: on the account page
            check: { kind: url, path_is: /account }
        capture:
          - { name: customer, from: the customer number, pattern: "C-(\\\\d+)" }
      - id: buy
        title: Buy
        depends_on: [signup]
        steps:
          - Enter ${COUPON} into 'Coupon code'
          - Enter ${customer} into 'Reference'
        expect:
          - assert: heading
            check: { kind: visible_text, selector_hint: h1, equals: "Thanks ${customer}" }
          - assert: no error
            check: { kind: absent_text, any_of: [Oops, Error] }
          - assert: badge
            check: { kind: element_visible, selector_hint: the cart badge }
    """
)


def test_a_valid_suite_becomes_the_engine_spec() -> None:
    parsed = parse_suite(VALID, file="demo.tripwire.yaml")
    suite = parsed.suite
    assert (suite.name, suite.id, suite.base_url, suite.file) == (
        "Demo shop",
        "demo",
        "http://127.0.0.1:8500",
        "demo.tripwire.yaml",
    )
    assert suite.env == {"COUPON": "${DEMO_COUPON}"}
    assert [(f.name, f.gen, dict(f.options)) for f in suite.fixtures] == [
        ("email", "unique_email", {}),
        ("password", "password", {"length": 16}),
        ("qty", "number", {"min": 1, "max": 3}),
    ]
    signup, buy = suite.cases
    # Bare strings become steps/asserts; missing ids are numbered by position, skipping taken ones.
    assert [(s.id, s.do, s.secret) for s in signup.steps] == [
        ("s1", "Open /signup", False),
        ("s2", "Enter ${email} and ${password}", True),
        ("go", "Click 'Create account'", False),
    ]
    assert [(e.id, e.assertion, e.check) for e in signup.expects] == [
        ("a1", "'Account created' is shown", None),
        ("url", "on the account page", Check(kind="url", path_is="/account")),
    ]
    assert signup.captures[0].pattern == "C-(\\d+)"
    assert buy.depends_on == ("signup",)
    assert buy.expects[1].check == Check(kind="absent_text", any_of=("Oops", "Error"))
    assert parsed.cases[0] == {
        "id": "signup",
        "title": "Sign up",
        "tags": ["auth", "smoke"],
        "depends_on": [],
        "steps": 3,
        "expect": 2,
    }


def test_depends_on_accepts_a_single_id() -> None:
    text = VALID.replace("depends_on: [signup]", "depends_on: signup")
    assert parse_suite(text).suite.cases[1].depends_on == ("signup",)


def _doc(body: str) -> str:
    head = "suite: S\nid: s\nbase_url: http://127.0.0.1:8500\n"
    return head + dedent(body)


# (name, document, [(path, line, column, message), ...]) — the complete, ordered error list.
INVALID: list[tuple[str, str, list[tuple[str, int | None, int | None, str]]]] = [
    (
        "yaml syntax",
        "suite: S\nid: s\ncases:\n  - id: a\n   title: x\n",
        [
            (
                "",
                5,
                4,
                "YAML syntax error: while parsing a block collection expected <block end>, but found '<block mapping start>'",
            )
        ],
    ),
    (
        "unclosed quote",
        'suite: "S\nid: s\n',
        [
            (
                "",
                3,
                1,
                "YAML syntax error: while scanning a quoted scalar found unexpected end of stream",
            )
        ],
    ),
    ("empty document", "# nothing\n", [("", 1, 1, "the document is empty")]),
    (
        "not a mapping",
        "- a\n- b\n",
        [("", 1, 1, "a suite must be a mapping, not a list")],
    ),
    (
        "missing required top-level fields",
        "env: {}\n",
        [
            ("", 1, 1, "'suite' is required"),
            ("", 1, 1, "'id' is required"),
            ("", 1, 1, "'base_url' is required"),
            ("", 1, 1, "'cases' is required"),
        ],
    ),
    (
        "unknown top-level field",
        _doc("case:\n  - id: a\ncases: [{id: a, title: A, steps: [x]}]\n"),
        [
            (
                "case",
                4,
                1,
                "unknown field 'case' (expected one of: suite, id, base_url, fixtures, env, cases)",
            )
        ],
    ),
    (
        "id not a slug",
        "suite: S\nid: My Suite\nbase_url: http://x.test\ncases: [{id: a, title: A, steps: [x]}]\n",
        [
            (
                "id",
                2,
                5,
                "'id' 'My Suite' must be a slug: lower-case letters, digits, '-' and '_', starting with a letter or digit",
            )
        ],
    ),
    (
        "base_url not http",
        "suite: S\nid: s\nbase_url: ftp://files.test\ncases: [{id: a, title: A, steps: [x]}]\n",
        [
            (
                "base_url",
                3,
                11,
                "'base_url' must be an http:// or https:// URL, got 'ftp://files.test'",
            )
        ],
    ),
    (
        "suite name of the wrong type",
        "suite: [a]\nid: s\nbase_url: http://x.test\ncases: [{id: a, title: A, steps: [x]}]\n",
        [("suite", 1, 8, "'suite' must be a string, not a list")],
    ),
    (
        "cases empty",
        _doc("cases: []\n"),
        [("cases", 4, 8, "'cases' must contain at least one case")],
    ),
    (
        "cases not a list",
        _doc("cases: {a: 1}\n"),
        [("cases", 4, 8, "'cases' must be a list, not a mapping")],
    ),
    (
        "case missing id and title",
        _doc("cases:\n  - steps: [x]\n"),
        [
            ("cases[0]", 5, 5, "'id' is required"),
            ("cases[0]", 5, 5, "'title' is required"),
        ],
    ),
    (
        "duplicate case id",
        _doc(
            "cases:\n  - {id: a, title: A, steps: [x]}\n  - {id: a, title: B, steps: [y]}\n"
        ),
        [("cases[1].id", 6, 10, "duplicate case id 'a'")],
    ),
    (
        "forward depends_on",
        _doc(
            "cases:\n  - {id: a, title: A, depends_on: b, steps: [x]}\n  - {id: b, title: B, steps: [y]}\n"
        ),
        [
            (
                "cases[0].depends_on",
                5,
                35,
                "depends_on 'b' must name a case defined earlier in the file",
            )
        ],
    ),
    (
        "depends_on itself",
        _doc("cases:\n  - {id: a, title: A, depends_on: [a], steps: [x]}\n"),
        [("cases[0].depends_on[0]", 5, 36, "case 'a' cannot depend on itself")],
    ),
    (
        "depends_on an unknown case",
        _doc(
            "cases:\n  - {id: a, title: A, steps: [x]}\n  - {id: b, title: B, depends_on: [a, zz], steps: [y]}\n"
        ),
        [
            (
                "cases[1].depends_on[1]",
                6,
                39,
                "depends_on 'zz' must name a case defined earlier in the file",
            )
        ],
    ),
    (
        "case with nothing to do",
        _doc("cases:\n  - {id: a, title: A, steps: []}\n"),
        [("cases[0]", 5, 5, "a case needs at least one step or expectation")],
    ),
    (
        "step without do",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps:\n      - {id: s1, secret: true}\n"
        ),
        [("cases[0].steps[0]", 8, 9, "'do' is required")],
    ),
    (
        "secret not a boolean",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps:\n      - {do: x, secret: 'yes'}\n"
        ),
        [
            (
                "cases[0].steps[0].secret",
                8,
                25,
                "'secret' must be true or false, not a string",
            )
        ],
    ),
    (
        "duplicate step id",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps:\n      - {id: s1, do: x}\n      - {id: s1, do: y}\n"
        ),
        [("cases[0].steps[1].id", 9, 14, "duplicate step id 's1'")],
    ),
    (
        "unknown step field",
        _doc("cases:\n  - id: a\n    title: A\n    steps:\n      - {do: x, wait: 3}\n"),
        [
            (
                "cases[0].steps[0].wait",
                8,
                17,
                "unknown field 'wait' (expected one of: id, do, secret)",
            )
        ],
    ),
    (
        "unknown variable in a bare step",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps:\n      - Enter ${who} into 'Name'\n"
        ),
        [
            (
                "cases[0].steps[0]",
                8,
                9,
                "unknown variable ${who}: define it under env or fixtures, or capture it in an earlier case",
            )
        ],
    ),
    (
        "capture used before it is captured",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps: [\"Type ${code} into 'Code'\"]\n"
            "    capture: [{name: code, from: the code, pattern: '(\\d+)'}]\n"
        ),
        [
            (
                "cases[0].steps[0]",
                7,
                13,
                "unknown variable ${code}: define it under env or fixtures, or capture it in an earlier case",
            )
        ],
    ),
    (
        "malformed reference",
        _doc("cases:\n  - id: a\n    title: A\n    steps: ['Open ${1st}']\n"),
        [
            (
                "cases[0].steps[0]",
                7,
                13,
                "'${1st}' is not a valid reference: use ${name} with letters, digits and '_'",
            )
        ],
    ),
    (
        "unclosed reference",
        _doc("cases:\n  - id: a\n    title: A\n    steps: ['Open ${page']\n"),
        [
            (
                "cases[0].steps[0]",
                7,
                13,
                "an unclosed '${' : write references as ${name}",
            )
        ],
    ),
    (
        "unknown check kind",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: title_is, value: T}}\n"
        ),
        [
            (
                "cases[0].expect[0].check.kind",
                8,
                35,
                "unknown check kind 'title_is' (expected one of: url, visible_text, absent_text, element_visible)",
            )
        ],
    ),
    (
        "check without kind",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {contains: T}}\n"
        ),
        [("cases[0].expect[0].check", 8, 28, "'kind' is required")],
    ),
    (
        "url check with both parameters",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: url, path_is: /a, contains: b}}\n"
        ),
        [
            (
                "cases[0].expect[0].check",
                8,
                28,
                "a 'url' check needs exactly one of 'path_is' or 'contains'",
            )
        ],
    ),
    (
        "url check with neither parameter",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: url}}\n"
        ),
        [
            (
                "cases[0].expect[0].check",
                8,
                28,
                "a 'url' check needs exactly one of 'path_is' or 'contains'",
            )
        ],
    ),
    (
        "equals without a selector hint",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: visible_text, equals: Hi}}\n"
        ),
        [
            (
                "cases[0].expect[0].check",
                8,
                28,
                "'equals' needs a 'selector_hint' naming the element to compare",
            )
        ],
    ),
    (
        "absent_text without any_of",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: absent_text}}\n"
        ),
        [
            (
                "cases[0].expect[0].check",
                8,
                28,
                "an 'absent_text' check needs 'any_of': a list of strings",
            )
        ],
    ),
    (
        "absent_text with a string instead of a list",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: absent_text, any_of: Error}}\n"
        ),
        [
            (
                "cases[0].expect[0].check.any_of",
                8,
                56,
                "'any_of' must be a non-empty list of strings",
            )
        ],
    ),
    (
        "element_visible without a selector hint",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: element_visible}}\n"
        ),
        [
            (
                "cases[0].expect[0].check",
                8,
                28,
                "an 'element_visible' check needs 'selector_hint'",
            )
        ],
    ),
    (
        "parameter of another check kind",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: url, path_is: /, any_of: [a]}}\n"
        ),
        [
            (
                "cases[0].expect[0].check.any_of",
                8,
                52,
                "unknown field 'any_of' (expected one of: kind, path_is, contains)",
            )
        ],
    ),
    (
        "unknown variable in a check parameter",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {assert: x, check: {kind: visible_text, contains: '${total}'}}\n"
        ),
        [
            (
                "cases[0].expect[0].check.contains",
                8,
                59,
                "unknown variable ${total}: define it under env or fixtures, or capture it in an earlier case",
            )
        ],
    ),
    (
        "expect without assert",
        _doc(
            "cases:\n  - id: a\n    title: A\n    expect:\n      - {check: {kind: url, path_is: /}}\n"
        ),
        [("cases[0].expect[0]", 8, 9, "'assert' is required")],
    ),
    (
        "unknown generator",
        _doc(
            "fixtures:\n  mail: {gen: email}\ncases: [{id: a, title: A, steps: [x]}]\n"
        ),
        [
            (
                "fixtures.mail.gen",
                5,
                15,
                "unknown generator 'email' (expected one of: unique_email, password, uuid, name, first_name, last_name, username, phone, number, word, sentence, date, company, city, zip)",
            )
        ],
    ),
    (
        "generator option it does not take",
        _doc(
            "fixtures:\n  n: {gen: uuid, length: 4}\ncases: [{id: a, title: A, steps: [x]}]\n"
        ),
        [
            (
                "fixtures.n.length",
                5,
                18,
                "generator 'uuid' has no option 'length' (options: none)",
            )
        ],
    ),
    (
        "number range upside down",
        _doc(
            "fixtures:\n  n: {gen: number, min: 9, max: 1}\ncases: [{id: a, title: A, steps: [x]}]\n"
        ),
        [("fixtures.n.min", 5, 25, "'min' (9) must not be greater than 'max' (1)")],
    ),
    (
        "generator option of the wrong type",
        _doc(
            "fixtures:\n  d: {gen: date, offset_days: soon}\ncases: [{id: a, title: A, steps: [x]}]\n"
        ),
        [
            (
                "fixtures.d.offset_days",
                5,
                31,
                "'offset_days' must be a whole number, not a string",
            )
        ],
    ),
    (
        "fixture that is not a mapping",
        _doc(
            "fixtures:\n  email: unique_email\ncases: [{id: a, title: A, steps: [x]}]\n"
        ),
        [("fixtures.email", 5, 10, "fixture 'email' must be a mapping, not a string")],
    ),
    (
        "env value that is a list",
        _doc("env:\n  HOSTS: [a, b]\ncases: [{id: a, title: A, steps: [x]}]\n"),
        [("env.HOSTS", 5, 10, "env 'HOSTS' must be a string, not a list")],
    ),
    (
        "name in env and fixtures",
        _doc(
            "env:\n  email: x@y.z\nfixtures:\n  email: {gen: unique_email}\ncases: [{id: a, title: A, steps: [x]}]\n"
        ),
        [("fixtures.email", 7, 10, "'email' is defined in both env and fixtures")],
    ),
    (
        "capture pattern without a group",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps: [x]\n    capture: [{name: n, from: it, pattern: 'C-\\d+'}]\n"
        ),
        [
            (
                "cases[0].capture[0].pattern",
                8,
                44,
                "'pattern' must have exactly one group, it has 0",
            )
        ],
    ),
    (
        "capture pattern that does not compile",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps: [x]\n    capture: [{name: n, from: it, pattern: '(a'}]\n"
        ),
        [
            (
                "cases[0].capture[0].pattern",
                8,
                44,
                "'pattern' is not a valid regular expression: missing ), unterminated subpattern at position 0",
            )
        ],
    ),
    (
        "capture shadowing a fixture",
        _doc(
            "fixtures:\n  email: {gen: unique_email}\ncases:\n  - id: a\n    title: A\n    steps: [x]\n    capture: [{name: email, from: the email}]\n"
        ),
        [
            (
                "cases[0].capture[0].name",
                10,
                22,
                "'email' is already defined; pick another name",
            )
        ],
    ),
    (
        "capture without from",
        _doc(
            "cases:\n  - id: a\n    title: A\n    steps: [x]\n    capture: [{name: n}]\n"
        ),
        [("cases[0].capture[0]", 8, 15, "'from' is required")],
    ),
    (
        "tags not a list",
        _doc("cases:\n  - {id: a, title: A, tags: smoke, steps: [x]}\n"),
        [("cases[0].tags", 5, 29, "'tags' must be a list of strings, not a string")],
    ),
    (
        "duplicate key",
        _doc("cases:\n  - id: a\n    title: A\n    title: B\n    steps: [x]\n"),
        [("cases[0].title", 7, 5, "duplicate key 'title'")],
    ),
    (
        "several problems at once, in document order",
        _doc(
            "cases:\n  - id: Bad Id\n    title: ''\n    steps: [{do: 'Go ${nowhere}'}]\n"
        ),
        [
            (
                "cases[0].id",
                5,
                9,
                "'id' 'Bad Id' must be a slug: lower-case letters, digits, '-' and '_'",
            ),
            ("cases[0].title", 6, 12, "'title' must not be empty"),
            (
                "cases[0].steps[0].do",
                7,
                18,
                "unknown variable ${nowhere}: define it under env or fixtures, or capture it in an earlier case",
            ),
        ],
    ),
]


def test_there_are_plenty_of_invalid_examples() -> None:
    assert len(INVALID) >= 25
    assert len({name for name, _, _ in INVALID}) == len(INVALID)


@pytest.mark.parametrize(
    ("name", "text", "expected"), INVALID, ids=[c[0] for c in INVALID]
)
def test_invalid_suites_report_every_problem_with_its_location(
    name: str, text: str, expected: list[tuple[str, int | None, int | None, str]]
) -> None:
    with pytest.raises(SuiteInvalid) as caught:
        parse_suite(text)
    got = [(p.path, p.line, p.column, p.message) for p in caught.value.problems]
    assert got == expected
