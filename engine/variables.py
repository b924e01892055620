"""`${name}` interpolation over env values, fixtures and captures, and where secrets come from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from engine import grammar
from engine.masking import Masker
from engine.spec import SuiteSpec

VAR_RE = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")
_QUOTED_RE = re.compile(r"(?<!\w)(['\"\u2018\u2019\u201c\u201d])(.+?)\1(?!\w)")


class UnknownVariable(KeyError):
    def __init__(self, name: str, where: str) -> None:
        super().__init__(name)
        self.name = name
        self.where = where

    def __str__(self) -> str:
        return f"unknown variable ${{{self.name}}} in {self.where}"


class EnvError(ValueError):
    """A suite `env` value refers to an OS variable that is not set."""


def names_in(text: str) -> list[str]:
    return VAR_RE.findall(text)


def templated_text(text: str, values: Mapping[str, str], *, min_length: int = 3) -> str:
    """`text` with each value of `values` (at least `min_length` long) written as `${name}`.

    One pass, longest value first, references left whole: a value that occurs inside a
    reference ("name" in "${full_name}") must not be replaced in it.
    """
    names: dict[str, str] = {}
    for name, value in values.items():
        if len(value) >= min_length:
            names.setdefault(value, name)
    if not names:
        return text
    longest_first = sorted(names, key=len, reverse=True)
    pattern = "|".join([VAR_RE.pattern, *(re.escape(v) for v in longest_first)])

    def write(match: re.Match[str]) -> str:
        found = match.group(0)
        return found if match.group(1) else "${" + names[found] + "}"

    return re.sub(pattern, write, text)


@dataclass
class Variables:
    """The run's named values. Later sources override earlier ones: env < fixtures < captures."""

    values: dict[str, str] = field(default_factory=dict)
    generators: dict[str, str] = field(default_factory=dict)

    def interpolate(self, text: str, *, where: str) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.values:
                raise UnknownVariable(name, where)
            return self.values[name]

        return VAR_RE.sub(replace, text)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value


def resolve_env(
    env: Mapping[str, str], environ: Mapping[str, str]
) -> tuple[dict[str, str], set[str]]:
    """Suite `env` values with `${VAR}` read from the OS; returns (values, secret values).

    Every value that read something from the OS environment is a secret, and so is each OS value
    on its own. A missing OS variable raises EnvError naming every one that is missing.
    """
    values: dict[str, str] = {}
    secrets: set[str] = set()
    missing: list[str] = []
    for key, template in env.items():
        read: list[str] = []

        def replace(
            match: re.Match[str], key: str = key, read: list[str] = read
        ) -> str:
            name = match.group(1)
            if name not in environ:
                missing.append(
                    f"env.{key} needs the environment variable {name}, which is not set"
                )
                return ""
            read.append(environ[name])
            return environ[name]

        resolved = VAR_RE.sub(replace, template)
        values[key] = resolved
        if read:
            secrets.add(resolved)
            secrets.update(read)
    if missing:
        raise EnvError("; ".join(missing))
    return values, secrets


def secret_step_values(text: str, variables: Variables) -> tuple[set[str], set[str]]:
    """What a `secret: true` step makes secret: (values known now, variable names to watch).

    Every variable the step uses is secret (a capture not made yet is watched by name), and so is
    every literal value the step types. When the grammar cannot say which part is the value, every
    quoted string in the step is treated as one.
    """
    names = set(names_in(text))
    values = {variables.values[n] for n in names if n in variables.values}
    watch = {n for n in names if n not in variables.values}
    intent = grammar.parse(text)
    literals: list[str] = []
    if intent is None or intent.kind == "click_named":
        # Read as a name only because no rule reads it: any quoted words may be a value.
        literals = [m.group(2) for m in _QUOTED_RE.finditer(text)]
    else:
        if intent.kind in ("fill", "type", "select", "upload") and intent.value:
            literals.append(intent.value)
        literals.extend(f.value for f in intent.fills)
    for literal in literals:
        if VAR_RE.fullmatch(literal.strip()):
            continue
        try:
            values.add(variables.interpolate(literal, where="a secret step"))
        except UnknownVariable:
            values.add(literal)
    return values, watch


def collect_secrets(
    suite: SuiteSpec,
    variables: Variables,
    *,
    secret_fixture_names: Iterable[str],
    env_secrets: Iterable[str],
    extra: Iterable[str] = (),
) -> tuple[Masker, set[str]]:
    """A masker primed with every secret knowable at run start, and capture names to watch."""
    masker = Masker()
    masker.add_all(list(env_secrets))
    masker.add_all(list(extra))
    for name in secret_fixture_names:
        masker.add(variables.values.get(name))
    watch: set[str] = set()
    for case in suite.cases:
        for step in case.steps:
            if step.secret:
                values, names = secret_step_values(step.do, variables)
                masker.add_all(values)
                watch |= names
    return masker, watch
