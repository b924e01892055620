"""Fixture generators, env resolution, interpolation and where secrets come from."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from engine.fixtures import (
    FixtureError,
    generate_all,
    make_password,
    secret_fixture_names,
)
from engine.spec import GENERATORS, Case, Fixture, Step, SuiteSpec
from engine.variables import (
    EnvError,
    UnknownVariable,
    Variables,
    collect_secrets,
    resolve_env,
    secret_step_values,
    templated_text,
)


def test_every_generator_produces_a_non_empty_string() -> None:
    fixtures = tuple(Fixture(name=g, gen=g) for g in GENERATORS)
    values = generate_all(fixtures)
    assert set(values) == set(GENERATORS)
    assert all(isinstance(v, str) and v for v in values.values())


@pytest.mark.parametrize("attempt", range(25))
def test_password_meets_common_rules(attempt: int) -> None:
    password = make_password()
    assert len(password) >= 12
    assert re.search(r"[A-Z]", password)
    assert re.search(r"[a-z]", password)
    assert re.search(r"\d", password)
    assert re.search(r"[^A-Za-z0-9]", password)
    assert password[0].isalpha()


def test_unique_email_differs_between_runs_and_is_well_formed() -> None:
    fixtures = (Fixture("email", "unique_email"),)
    first, second = generate_all(fixtures)["email"], generate_all(fixtures)["email"]
    assert first != second
    assert re.fullmatch(r"tw-[a-z0-9]+@example\.com", first)


def test_number_respects_bounds_and_date_offsets() -> None:
    values = generate_all(
        (
            Fixture("n", "number", {"min": 5, "max": 7}),
            Fixture("d", "date", {"offset_days": 3}),
            Fixture("z", "zip"),
        )
    )
    assert 5 <= int(values["n"]) <= 7
    assert values["d"] == (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert re.fullmatch(r"\d{5}", values["z"])


def test_unknown_generator_and_bad_options_are_errors() -> None:
    with pytest.raises(FixtureError, match="unknown generator"):
        generate_all((Fixture("x", "lottery"),))
    with pytest.raises(FixtureError, match="max is below min"):
        generate_all((Fixture("x", "number", {"min": 9, "max": 1}),))


def test_password_fixtures_are_secret_names() -> None:
    fixtures = (Fixture("pw", "password"), Fixture("email", "unique_email"))
    assert secret_fixture_names(fixtures) == {"pw"}


def test_env_reads_os_variables_and_marks_them_secret() -> None:
    values, secrets = resolve_env(
        {
            "COUPON": "${SHOP_COUPON}",
            "GREETING": "hello",
            "MIXED": "x-${SHOP_COUPON}-y",
        },
        {"SHOP_COUPON": "SAVE10"},
    )
    assert values == {"COUPON": "SAVE10", "GREETING": "hello", "MIXED": "x-SAVE10-y"}
    assert secrets == {"SAVE10", "x-SAVE10-y"}


def test_a_missing_os_variable_names_every_missing_one() -> None:
    with pytest.raises(EnvError) as raised:
        resolve_env({"A": "${NOPE_ONE}", "B": "${NOPE_TWO}"}, {})
    assert "NOPE_ONE" in str(raised.value) and "NOPE_TWO" in str(raised.value)
    assert "env.A" in str(raised.value)


def test_interpolation_replaces_known_names_and_reports_unknown_ones() -> None:
    variables = Variables(values={"email": "a@b.c", "n": "2"})
    assert variables.interpolate("Enter ${email} x${n}", where="s1") == "Enter a@b.c x2"
    with pytest.raises(UnknownVariable) as raised:
        variables.interpolate("Hi ${who}", where="step signup/s3")
    assert str(raised.value) == "unknown variable ${who} in step signup/s3"


def test_secret_steps_make_their_variables_and_typed_literals_secret() -> None:
    variables = Variables(
        values={"email": "ann@example.com", "password": "Pw-123456789a"}
    )
    values, watch = secret_step_values("Enter ${email} and ${password}", variables)
    assert values == {"ann@example.com", "Pw-123456789a"}
    assert watch == set()
    values, _ = secret_step_values("Enter 'hunter2!' into 'Password'", variables)
    assert values == {"hunter2!"}
    _, watch = secret_step_values("Enter ${token} into 'Code'", variables)
    assert watch == {"token"}


def test_a_secret_step_the_grammar_cannot_read_masks_every_quoted_string() -> None:
    values, _ = secret_step_values("Log in using 'hunter2!' somehow", Variables())
    assert values == {"hunter2!"}


def test_collect_secrets_covers_fixtures_env_steps_and_login() -> None:
    suite = SuiteSpec(
        name="s",
        id="s",
        base_url="http://x.test",
        cases=(
            Case(
                id="c",
                title="c",
                steps=(Step("s1", "Enter ${email} into 'Email'", secret=True),),
            ),
        ),
    )
    variables = Variables(values={"email": "ann@example.com", "pw": "Pw-123456789a"})
    masker, watch = collect_secrets(
        suite,
        variables,
        secret_fixture_names={"pw"},
        env_secrets={"SAVE10"},
        extra=["login-pass"],
    )
    assert masker.secrets == {
        "ann@example.com",
        "Pw-123456789a",
        "SAVE10",
        "login-pass",
    }
    assert watch == set()


def test_values_are_written_back_as_references_without_breaking_one_another() -> None:
    # A generated word ("name") that occurs in another fixture's reference once that one is
    # written: replacing values one after the other gave "${full_${search_word}}".
    values = {"full_name": "Ada Lovelace", "search_word": "name", "code": "ab"}
    text = "Ada Lovelace changed her name; ${full_name} stays; ab is too short"
    assert templated_text(text, values) == (
        "${full_name} changed her ${search_word}; ${full_name} stays; ab is too short"
    )
    # Longest first: a value inside a longer one does not split it.
    assert templated_text(
        "Lovelace and Ada Lovelace", {"a": "Lovelace", "b": "Ada Lovelace"}
    ) == ("${a} and ${b}")
    # What the values hold is text, not a pattern.
    assert templated_text("1+1=2 or 11=2", {"sum": "1+1=2"}) == "${sum} or 11=2"
