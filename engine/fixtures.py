"""Fixture generators: values made once per run and shared by every case.

Faker supplies realistic names and places; anything that must be unique or must pass a site's
validation (emails, passwords, usernames) is built from `secrets` so two runs never collide.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string
import uuid
from collections.abc import Callable, Mapping

from faker import Faker

from engine.spec import GENERATORS, Fixture

# Symbols accepted by common password rules and harmless in URLs, shells and YAML.
_PASSWORD_SYMBOLS = "!#%*+-=?@_"
_PASSWORD_LENGTH = 16


class FixtureError(ValueError):
    """A fixture that names an unknown generator or has unusable options."""


def _int_option(fixture: Fixture, key: str, default: int) -> int:
    value = fixture.options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FixtureError(f"fixture {fixture.name!r}: option {key!r} must be a number")
    try:
        return int(value)
    except ValueError:
        raise FixtureError(
            f"fixture {fixture.name!r}: option {key!r} must be a number"
        ) from None


def _token(length: int) -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def make_password(length: int = _PASSWORD_LENGTH) -> str:
    """Upper, lower, digit and symbol, at least 12 characters."""
    length = max(length, 12)
    pools = (
        string.ascii_uppercase,
        string.ascii_lowercase,
        string.digits,
        _PASSWORD_SYMBOLS,
    )
    chars = [secrets.choice(pool) for pool in pools]
    everything = "".join(pools)
    chars += [secrets.choice(everything) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    # Start with a letter: some forms reject a leading symbol.
    if not chars[0].isalpha():
        letter_at = next(i for i, c in enumerate(chars) if c.isalpha())
        chars[0], chars[letter_at] = chars[letter_at], chars[0]
    return "".join(chars)


def generate(fixture: Fixture, faker: Faker) -> str:
    """One value for one fixture."""
    gen = fixture.gen
    simple: dict[str, Callable[[], str]] = {
        "unique_email": lambda: f"tw-{_token(12)}@example.com",
        "password": lambda: make_password(
            _int_option(fixture, "length", _PASSWORD_LENGTH)
        ),
        "uuid": lambda: str(uuid.uuid4()),
        "name": faker.name,
        "first_name": faker.first_name,
        "last_name": faker.last_name,
        "username": lambda: f"{faker.user_name()[:12]}_{_token(6)}",
        "phone": lambda: (
            f"555-{secrets.randbelow(900) + 100:03d}-{secrets.randbelow(10000):04d}"
        ),
        "word": faker.word,
        "sentence": faker.sentence,
        "company": faker.company,
        "city": faker.city,
        "zip": lambda: f"{secrets.randbelow(90000) + 10000:05d}",
    }
    if gen in simple:
        return simple[gen]()
    if gen == "number":
        low = _int_option(fixture, "min", 0)
        high = _int_option(fixture, "max", 1000)
        if high < low:
            raise FixtureError(f"fixture {fixture.name!r}: max is below min")
        return str(low + secrets.randbelow(high - low + 1))
    if gen == "date":
        offset = _int_option(fixture, "offset_days", 0)
        return (dt.date.today() + dt.timedelta(days=offset)).isoformat()
    known = ", ".join(GENERATORS)
    raise FixtureError(
        f"fixture {fixture.name!r}: unknown generator {gen!r} (known: {known})"
    )


def generate_all(fixtures: tuple[Fixture, ...]) -> dict[str, str]:
    faker = Faker("en_US")
    faker.seed_instance(secrets.randbits(64))
    return {fixture.name: generate(fixture, faker) for fixture in fixtures}


def secret_fixture_names(fixtures: tuple[Fixture, ...]) -> set[str]:
    return {f.name for f in fixtures if f.gen == "password"}


def generators_by_name(fixtures: tuple[Fixture, ...]) -> Mapping[str, str]:
    return {f.name: f.gen for f in fixtures}


def sample_fixture(gen: str, options: Mapping[str, object] | None = None) -> str:
    """One value of a generator outside a run (the suite generator tries values with it)."""
    faker = Faker("en_US")
    faker.seed_instance(secrets.randbits(64))
    return generate(Fixture(name=gen, gen=gen, options=dict(options or {})), faker)
