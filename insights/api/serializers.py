"""Request and response shapes of the standalone checks and of the analytics endpoint."""

from __future__ import annotations

import base64
import binascii
import re

from rest_framework import serializers

from core.api.strict import StrictJson
from insights.analytics import TREND_LIMIT_DEFAULT, TREND_LIMIT_MAX, Analytics
from insights.standalone_checks import (
    API_METHODS,
    API_TIMEOUT_DEFAULT,
    API_TIMEOUT_MAX,
    SCREENSHOT_MAX_BYTES,
    SCREENSHOT_TOL_DEFAULT,
    ApiCheckResult,
    ScreenshotCheckResult,
)

CHECK_STATUSES = ("passed", "failed")
# RFC 9110 token characters.
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_DATA_URL = re.compile(r"^data:image/[\w.+-]+;base64,", re.IGNORECASE)


# --- API check ------------------------------------------------------------------------------------


class ApiCheckRequestSerializer(StrictJson, serializers.Serializer[None]):
    url = serializers.CharField(
        max_length=4000, help_text="Absolute http:// or https:// URL."
    )
    method = serializers.CharField(
        required=False,
        default="GET",
        help_text=f"One of {', '.join(API_METHODS)} (any case). Default GET.",
    )
    status = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=100,
        max_value=599,
        help_text="Expected status code. Without `status` and `json_path`, any 2xx passes.",
    )
    json_path = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=False,
        max_length=1000,
        help_text="A JSONPath (jsonpath-ng extended syntax, e.g. `$.items[0].id` or "
        "`$.items[?(@.ok == true)].id`). It must match; several matches give a list.",
    )
    equals = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Expected value at `json_path` (any JSON value, `null` included). "
        "Compared as JSON: `true` is not `1`.",
    )
    headers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=8000),
        required=False,
        help_text="Request headers.",
    )
    body = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Request body: a string is sent as is; any other JSON value is sent as JSON.",
    )
    timeout = serializers.FloatField(
        required=False,
        default=API_TIMEOUT_DEFAULT,
        min_value=0.001,
        max_value=API_TIMEOUT_MAX,
        help_text=f"Seconds before giving up on the connection, on any read, and on the "
        f"whole body (default {API_TIMEOUT_DEFAULT:g}, max {API_TIMEOUT_MAX:g}).",
    )
    follow_redirects = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Follow redirects (default true); false checks the redirect itself.",
    )

    def validate_headers(self, value: dict[str, str]) -> dict[str, str]:
        for name, header in value.items():
            if not _HEADER_NAME.match(name):
                raise serializers.ValidationError(f"{name!r} is not a header name.")
            if any((ord(c) < 32 and c != "\t") or c == "\x7f" for c in header):
                raise serializers.ValidationError(
                    f"The value of {name} contains control characters."
                )
            try:
                header.encode("latin-1")
            except UnicodeEncodeError as exc:
                raise serializers.ValidationError(
                    f"The value of {name} must be Latin-1 text (HTTP headers are)."
                ) from exc
        return value

    def validate_method(self, value: str) -> str:
        method = value.upper()
        if method not in API_METHODS:
            raise serializers.ValidationError(
                f"Must be one of {', '.join(API_METHODS)}."
            )
        return method


class ApiCheckExpectedSerializer(serializers.Serializer[None]):
    status = serializers.IntegerField(required=False)
    json_path = serializers.CharField(required=False)
    equals = serializers.JSONField(required=False)


class ApiCheckObservedSerializer(serializers.Serializer[None]):
    status_code = serializers.IntegerField(
        allow_null=True, help_text="null when no answer came (see `error`)."
    )
    content_type = serializers.CharField(required=False)
    value = serializers.JSONField(
        required=False,
        help_text="What `json_path` matched: the value, or the list of values when it "
        "matched several. Absent when it matched nothing.",
    )
    error = serializers.CharField(
        required=False,
        help_text="Why nothing could be observed: connection refused, timeout, body not JSON, "
        "path matched nothing...",
    )
    elapsed_ms = serializers.IntegerField()


class ApiCheckResultSerializer(serializers.Serializer[ApiCheckResult]):
    kind = serializers.ChoiceField(choices=["api"])
    status = serializers.ChoiceField(choices=CHECK_STATUSES)
    method = serializers.CharField()
    url = serializers.CharField()
    expected = ApiCheckExpectedSerializer()
    observed = ApiCheckObservedSerializer()
    reason = serializers.CharField(
        allow_blank=True, help_text="Why it failed, in one sentence; empty when passed."
    )


# --- Screenshot check -----------------------------------------------------------------------------


class ScreenshotCheckRequestSerializer(StrictJson, serializers.Serializer[None]):
    name = serializers.CharField(
        max_length=200,
        help_text="Baseline name. Sanitised into a file name (see `name` in the answer).",
    )
    image_b64 = serializers.CharField(
        # base64 of the largest accepted PNG, plus room for line breaks and a data: prefix.
        max_length=SCREENSHOT_MAX_BYTES * 4 // 3 + 1024 * 1024,
        trim_whitespace=True,
        help_text="The PNG, base64-encoded (a `data:image/png;base64,` prefix is accepted).",
    )
    tol = serializers.FloatField(
        required=False,
        default=SCREENSHOT_TOL_DEFAULT,
        min_value=0.0,
        max_value=1.0,
        help_text="Allowed share of differing pixels (default 0.001 = 0.1 %).",
    )
    update_baseline = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Store this image as the new baseline for `name` (and pass).",
    )

    def validate_image_b64(self, value: str) -> bytes:
        text = _DATA_URL.sub("", value)
        text = re.sub(r"\s+", "", text)
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise serializers.ValidationError("Not valid base64.") from exc


class ScreenshotObservedSerializer(serializers.Serializer[None]):
    diff_ratio = serializers.FloatField(help_text="differing_pixels / total_pixels.")
    differing_pixels = serializers.IntegerField()
    total_pixels = serializers.IntegerField()
    diff_path = serializers.CharField(
        required=False,
        help_text="The diff image (differing pixels in red over a faded baseline), relative to "
        "the artifacts directory: GET /api/v1/artifacts/<diff_path>. Only when pixels differ.",
    )
    actual_path = serializers.CharField(
        required=False,
        help_text="The image that was checked, kept when the check failed (artifacts-relative).",
    )
    baseline_created = serializers.BooleanField(
        required=False,
        help_text="This image seeded the baseline (first run for the name).",
    )
    baseline_updated = serializers.BooleanField(
        required=False,
        help_text="This image replaced the baseline (`update_baseline`).",
    )
    reason = serializers.CharField(required=False, help_text="Why it failed.")


class ScreenshotCheckResultSerializer(serializers.Serializer[ScreenshotCheckResult]):
    kind = serializers.ChoiceField(choices=["screenshot_region"])
    status = serializers.ChoiceField(choices=CHECK_STATUSES)
    name = serializers.CharField(help_text="The sanitised baseline name.")
    tol = serializers.FloatField()
    observed = ScreenshotObservedSerializer()


# --- Analytics ------------------------------------------------------------------------------------


class AnalyticsQuerySerializer(serializers.Serializer[None]):
    suite = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Only this suite id (empty: every suite).",
    )
    since = serializers.DateTimeField(
        required=False,
        help_text="Only runs created at or after this ISO date or date-time "
        "(a date means its midnight, UTC; a time without offset is UTC).",
    )
    cases_limit = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=100_000,
        help_text="Page the `cases` list: at most this many (default: all). Totals, "
        "`flaky_cases` and `slowest_cases` always cover every case.",
    )
    cases_offset = serializers.IntegerField(
        required=False, default=0, min_value=0, help_text="Skip this many `cases`."
    )
    trend_limit = serializers.IntegerField(
        required=False,
        default=TREND_LIMIT_DEFAULT,
        min_value=1,
        max_value=TREND_LIMIT_MAX,
        help_text=f"The trend holds the most recent N runs (default {TREND_LIMIT_DEFAULT}), "
        "oldest first.",
    )


class CaseStatsSerializer(serializers.Serializer[None]):
    suite_id = serializers.CharField()
    case_id = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    runs = serializers.IntegerField(
        help_text="Counted outcomes (skipped ones are not runs)."
    )
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    broken = serializers.IntegerField()
    skipped = serializers.IntegerField()
    pass_rate = serializers.FloatField(
        allow_null=True, help_text="passed / runs; null when runs is 0."
    )
    flaky = serializers.BooleanField(
        help_text="The last 10 outcomes are mixed, or a run among them marked the case flaky."
    )
    flake_rate = serializers.FloatField(
        allow_null=True, help_text="Share of non-passing outcomes among the last 10."
    )
    flaky_marks = serializers.IntegerField(
        help_text="How many of the last 10 runs marked the case flaky."
    )
    history = serializers.ListField(
        child=serializers.ChoiceField(choices=["passed", "failed", "broken"]),
        help_text="The last 10 outcomes, newest first (skipped ones left out).",
    )
    avg_duration_ms = serializers.IntegerField(allow_null=True)
    heals = serializers.IntegerField(help_text="Steps healed in this case, all runs.")
    last_seen = serializers.DateTimeField(
        allow_null=True, help_text="Creation time of the newest run with this case."
    )


class TrendPointSerializer(serializers.Serializer[None]):
    run_id = serializers.CharField()
    ts = serializers.DateTimeField(help_text="When the run was created.")
    suite_id = serializers.CharField()
    status = serializers.CharField()
    cases = serializers.IntegerField()
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    broken = serializers.IntegerField()
    skipped = serializers.IntegerField()
    pass_rate = serializers.FloatField(allow_null=True)
    duration_ms = serializers.IntegerField(allow_null=True)
    healed = serializers.IntegerField()
    model_calls = serializers.IntegerField()
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()


class AnalyticsSerializer(serializers.Serializer[Analytics]):
    total_runs = serializers.IntegerField()
    overall_pass_rate = serializers.FloatField(
        allow_null=True,
        help_text="Passed case outcomes / counted (non-skipped) case outcomes; null without any.",
    )
    healed = serializers.IntegerField(help_text="Heals over all counted runs.")
    model_calls = serializers.IntegerField()
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    total_cases = serializers.IntegerField(
        help_text="Cases before `cases_limit` paging."
    )
    window = serializers.IntegerField(help_text="Outcomes in the flake window (10).")
    flaky_cases = CaseStatsSerializer(many=True)
    cases = CaseStatsSerializer(many=True)
    trend = TrendPointSerializer(many=True)
    slowest_cases = CaseStatsSerializer(many=True)
