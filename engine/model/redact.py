"""What the model may see: every secret value replaced by its `${name}` placeholder, or `••••`.

The model works with placeholders only (SPEC §4.6). It reads `${password}` in the step, passes
`${password}` to `set_field`, and the engine substitutes the value when it types. Secrets without
a variable of their own (a literal typed in a `secret: true` step, an OS value inside an env
value) get a synthetic name (`${_secret1}`) so the model can still refer to them.

Everything that goes into a request passes through `Redactor.text` (or `.data`), which replaces
the raw value by its placeholder and then lets the run's `Masker` catch every other spelling
(URL-encoded, JSON- and HTML-escaped).
"""

from __future__ import annotations

import re
from typing import TypeVar

from engine.context import RunContext
from engine.masking import MIN_SECRET_LENGTH, Masker
from engine.variables import VAR_RE, UnknownVariable, Variables

J = TypeVar("J")
SYNTHETIC_PREFIX = "_secret"
MAX_VARIABLES = 30


class Redactor:
    """Placeholders for one model operation (secrets can be added mid-run, by captures)."""

    def __init__(self, variables: Variables, masker: Masker) -> None:
        self.variables = variables
        self.masker = masker
        values = variables.values
        secrets = masker.secrets
        self.secret_names: dict[str, str] = {
            name: value for name, value in values.items() if value in secrets
        }
        named = set(self.secret_names.values())
        self.synthetic: dict[str, str] = {
            f"{SYNTHETIC_PREFIX}{i}": value
            for i, value in enumerate(sorted(s for s in secrets if s not in named), 1)
        }
        by_value = {v: n for n, v in self.secret_names.items()}
        by_value.update({v: n for n, v in self.synthetic.items()})
        # Longest first, so a secret that contains another is replaced whole.
        self._by_value = sorted(by_value.items(), key=lambda kv: -len(kv[0]))
        self._pattern = (
            re.compile("|".join(re.escape(v) for v, _ in self._by_value))
            if self._by_value
            else None
        )
        self._names = dict(self._by_value)

    @classmethod
    def of(cls, ctx: RunContext) -> Redactor:
        return cls(ctx.variables, ctx.masker)

    def text(self, text: str) -> str:
        """`text` safe to send: secret values → `${name}`, other spellings → ••••."""
        if not text:
            return text
        if self._pattern is not None:
            text = self._pattern.sub(
                lambda m: "${" + self._names[m.group(0)] + "}", text
            )
        return self.masker.mask(text)

    def data(self, value: J) -> J:
        """Every string of a JSON-like structure through `text` (images left alone)."""
        if isinstance(value, str):
            if value.startswith("data:image/"):
                return value
            return self.text(value)  # type: ignore[return-value]
        if isinstance(value, dict):
            return {k: self.data(v) for k, v in value.items()}  # type: ignore[return-value]
        if isinstance(value, list):
            return [self.data(v) for v in value]  # type: ignore[return-value]
        return value

    def prompt(self, template: str) -> str:
        """A step or assertion for the model: plain variables filled in, secret ones kept."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            value = self.variables.values.get(name)
            if value is None or name in self.secret_names:
                return match.group(0)
            return value

        return self.text(VAR_RE.sub(fill, template))

    def resolve(self, template: str, *, where: str) -> str:
        """The real value of what the model typed (placeholders → values)."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in self.synthetic:
                return self.synthetic[name]
            if name in self.variables.values:
                return self.variables.values[name]
            raise UnknownVariable(name, where)

        return VAR_RE.sub(fill, template)

    def recordable(self, template: str, names: list[str]) -> str:
        """What goes into the action cache: variables stay `${name}`; the value of one of the
        step's variables (`names`) becomes its placeholder, so one entry serves every run's
        values; a synthetic name becomes its literal again, as the grammar records a literal."""

        def literal(match: re.Match[str]) -> str:
            return self.synthetic.get(match.group(1), match.group(0))

        text = VAR_RE.sub(literal, template)
        values = {
            n: self.variables.values[n] for n in names if n in self.variables.values
        }
        for name, value in sorted(values.items(), key=lambda kv: -len(kv[1])):
            if len(value) < MIN_SECRET_LENGTH or value not in text:
                continue
            # Whole words only: a zip code "12345" must not template part of "123456".
            pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
            # Variable names have no backslash, so the placeholder is a literal replacement.
            text = pattern.sub("${" + name + "}", text)
        return text

    def variables_note(self, prompt: str) -> str:
        """The variables a step may use, as the model may know them: those in `prompt` (the
        redacted step) first, then the run's others, up to MAX_VARIABLES lines."""
        mentioned = list(dict.fromkeys(VAR_RE.findall(prompt)))
        names = mentioned + sorted(
            n for n in self.variables.values if n not in mentioned
        )
        lines: list[str] = []
        for name in names:
            if name in self.secret_names or name in self.synthetic:
                lines.append(f"${{{name}}} = (secret; pass the placeholder as is)")
            elif name in self.variables.values:
                lines.append(
                    f"${{{name}}} = {self.text(self.variables.values[name])[:120]!r}"
                )
        if len(lines) > MAX_VARIABLES:
            more = len(lines) - MAX_VARIABLES
            lines = [*lines[:MAX_VARIABLES], f"({more} more not listed)"]
        return "\n".join(lines)

    def is_secret(self, value: str) -> bool:
        """True when a resolved value contains a secret (its field is masked in screenshots)."""
        return any(secret in value for secret in self.masker.secrets)
