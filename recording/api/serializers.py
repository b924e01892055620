from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.strict import StrictJson
from recording.models import RecordStatus
from recording.trace import TYPES


class TraceActionSerializer(StrictJson, serializers.Serializer[None]):
    type = serializers.ChoiceField(
        choices=sorted(TYPES),
        help_text="navigate/goto/open, click, dblclick, fill/input (the field's whole value), "
        "type (characters typed, appended), select, check, uncheck, press/key/keydown.",
    )
    selector = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The element: CSS, or `role=button[name='Sign in']`, `label=Email`, "
        "`placeholder=…`, `text=…`, `[data-testid=…]`.",
    )
    value = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Typed text, option, or key.",
    )
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Where the page was (for navigate: where it went).",
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The element's visible text or label: the step names it by this.",
    )
    locators = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Optional verified locator chain, best first: "
        "[{kind: test_id|role|label|placeholder|text|css, value, role?, attr?}].",
    )
    secret = serializers.BooleanField(
        required=False, help_text="A password field (also detected by its name)."
    )
    auto = serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text="navigate only: true when it followed from the previous action.",
    )


class ConvertRequestSerializer(StrictJson, serializers.Serializer[None]):
    actions = TraceActionSerializer(many=True, allow_empty=False)
    base_url = serializers.CharField(help_text="http(s) URL the suite targets.")
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="The suite's name."
    )
    save_as = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text="Save under this name (.tripwire.yaml is appended when missing); "
        "never overwrites an existing suite.",
    )
    humanize = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Let the model reword steps and name an untitled recording; rewordings "
        "the grammar does not read back as the same step are dropped.",
    )


class ConvertInputSerializer(ConvertRequestSerializer):
    """What the view validates: the trace itself is checked item by item by the service, so
    every problem is reported as `actions[i].field` like the rest of the API's paths."""

    actions = serializers.JSONField()  # type: ignore[assignment]


class ConversionSerializer(serializers.Serializer[dict[str, Any]]):
    yaml = serializers.CharField()
    actions = serializers.ListField(
        child=serializers.DictField(),
        help_text="The trace after merging keystrokes, one item per step; secrets masked.",
    )
    saved_as = serializers.CharField(
        required=False, help_text="Present when save_as was given."
    )


class RecordStartSerializer(StrictJson, serializers.Serializer[None]):
    base_url = serializers.CharField(help_text="http(s) URL the browser opens.")


class RecordStartedSerializer(serializers.Serializer[dict[str, Any]]):
    record_id = serializers.CharField()


class RecordSessionSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.ChoiceField(choices=RecordStatus.choices)
    action_count = serializers.IntegerField()
    base_url = serializers.CharField()
    error = serializers.CharField(allow_blank=True)


class RecordStopSerializer(StrictJson, serializers.Serializer[None]):
    record_id = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    save_as = serializers.CharField(required=False, allow_blank=True, max_length=150)
    humanize = serializers.BooleanField(required=False, default=True)
