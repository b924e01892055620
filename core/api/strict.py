"""JSON request bodies are read strictly: a value of the wrong JSON type is refused, not coerced.

DRF turns `{"name": 0}` into the name "0", `{"headed": "no"}` into false and `{"limit": "5"}`
into 5, which hides client bugs and makes the schema lie. Serializers of request bodies mix in
`StrictJson`; query-parameter serializers do not (every query value is a string there).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def type_problem(
    field: serializers.Field[Any, Any, Any, Any], value: Any
) -> str | None:
    """Why `value` is the wrong JSON type for `field`, or None."""
    if value is None:
        return None  # allow_null decides
    expected: str | None = None
    if isinstance(field, serializers.BooleanField):
        if not isinstance(value, bool):
            expected = "true or false"
    elif isinstance(field, serializers.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            expected = "a whole number"
    elif isinstance(field, serializers.FloatField | serializers.DecimalField):
        if isinstance(value, bool) or not isinstance(value, int | float):
            expected = "a number"
    elif isinstance(field, serializers.CharField | serializers.ChoiceField):
        if not isinstance(value, str):
            expected = "a string"
    elif isinstance(field, serializers.ListField):
        if not isinstance(value, list):
            expected = "a list"
        else:
            for index, item in enumerate(value):
                problem = type_problem(field.child, item)
                if problem:
                    return f"item {index} {problem}"
    elif isinstance(field, serializers.DictField):
        if not isinstance(value, dict):
            expected = "an object"
        else:
            for key, item in value.items():
                problem = type_problem(field.child, item)
                if problem:
                    return f"{key!r} {problem}"
    if expected is None:
        return None
    return f"must be {expected}, not {_kind(value)}"


class StrictJson:
    """Mix into a serializer (before `serializers.Serializer`) of a JSON request body."""

    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            errors: dict[str, list[str]] = {}
            for name, field in self.fields.items():
                if field.read_only or field.field_name not in data:
                    continue
                problem = type_problem(field, data[field.field_name])
                if problem:
                    errors[name] = [problem]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]
