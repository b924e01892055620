"""Request and response shapes of POST /generate and POST /generate/plan."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.strict import StrictJson
from generation.services import KINDS


class GenerateAuthSerializer(StrictJson, serializers.Serializer[None]):
    username = serializers.CharField(max_length=300)
    password = serializers.CharField(
        max_length=300,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="Used for the crawl's login only; never stored in the suite or returned.",
    )
    login_path = serializers.CharField(max_length=500, required=False, default="/login")


class GenerateRequestSerializer(StrictJson, serializers.Serializer[None]):
    kind = serializers.CharField(
        required=False,
        default="url",
        help_text=f"One of {', '.join(KINDS)}. Default url.",
    )
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="url: the page to start crawling at. docs/openapi: the document to fetch.",
    )
    base_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="Where the generated suite runs. Required for docs, text and openapi; "
        "for url it defaults to the URL's origin.",
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=1_000_000,
        help_text="Pasted docs, description or OpenAPI document (JSON or YAML).",
    )
    auth = GenerateAuthSerializer(
        required=False,
        allow_null=True,
        help_text="Log in before crawling (kind url).",
    )
    exhaustive = serializers.BooleanField(
        required=False,
        default=True,
        help_text="With a model: discover areas, then expand each (default). "
        "False: one pass.",
    )
    save_as = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text="Save under this name (.tripwire.yaml is appended when missing); "
        "never overwrites an existing suite.",
    )

    exclude = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        default=list,
        max_length=50,
        help_text="url: regular expressions; pages whose path matches and controls whose "
        "words match are never visited or touched by the explorer.",
    )
    allow = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        max_length=50,
        help_text='url: destructive words the explorer may act on anyway (e.g. "place order" '
        "on a disposable staging shop). By default it skips delete, pay, place order… except "
        "on rows it created itself.",
    )


class DroppedCaseSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.CharField()
    reason = serializers.CharField()


class GenerateResponseSerializer(serializers.Serializer[dict[str, Any]]):
    yaml = serializers.CharField()
    saved_as = serializers.CharField(
        required=False, help_text="Present when save_as was given."
    )
    dropped = DroppedCaseSerializer(
        many=True,
        required=False,
        help_text="url without a model: cases the generator wrote, ran once and left out "
        "because they did not pass (the saved suite is what passed).",
    )


class GeneratePlanResponseSerializer(serializers.Serializer[dict[str, Any]]):
    plan_id = serializers.CharField()
    plan_name = serializers.CharField()
    suites = serializers.ListField(child=serializers.CharField())
