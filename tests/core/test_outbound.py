"""The outbound policy for requests the server sends itself (SSRF): what it refuses by default,
what the allow and deny lists change, and that it holds after DNS and across redirects, for the
API check, generation fetches, webhooks and trackers alike."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.outbound import OutboundRefused, Policy, Rule, parse_rules
from issues.notify import RunSummary, notify_run_finished
from tests.fakes.server import FakeServer, Reply

pytestmark = pytest.mark.django_db

METADATA_URL = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"


@pytest.fixture
def target() -> Iterator[FakeServer]:
    """An internal app: on loopback, which the default policy allows."""
    with FakeServer() as fake:
        fake.route("GET", r"/ok", lambda request, match: Reply(200, {"ok": True}))
        fake.route(
            "GET",
            r"/to-metadata",
            lambda request, match: Reply(302, "", headers={"Location": METADATA_URL}),
        )
        yield fake


def _check(api: APIClient, url: str) -> Any:
    return api.post("/api/v1/checks/api", {"url": url}, format="json")


def test_rules_parse_addresses_networks_names_and_ports() -> None:
    assert parse_rules(
        ["10.0.0.0/8", "192.168.1.7:8443", ".corp.example", "[::1]:80"]
    ) == (
        Rule(network=ipaddress.ip_network("10.0.0.0/8")),
        Rule(network=ipaddress.ip_network("192.168.1.7/32"), port=8443),
        Rule(host=".corp.example"),
        Rule(network=ipaddress.ip_network("::1/128"), port=80),
    )
    with pytest.raises(ValueError, match="neither an address"):
        parse_rules(["not a host!"])


def test_the_default_policy_refuses_metadata_and_itself_not_internal_apps() -> None:
    policy = Policy(allow=(), deny=(), own=(("tripwire.example", 443),))
    ip = ipaddress.ip_address
    assert "link-local" in str(
        policy.refusal("169.254.169.254", 80, ip("169.254.169.254"))
    )
    assert "link-local" in str(policy.refusal("x", 80, ip("fe80::1")))
    assert "metadata" in str(policy.refusal("metadata.google.internal", 80, None))
    assert "this Tripwire" in str(policy.refusal("tripwire.example", 443, None))
    assert policy.refusal("127.0.0.1", 8500, ip("127.0.0.1")) is None
    assert policy.refusal("10.1.2.3", 80, ip("10.1.2.3")) is None
    assert policy.refusal("tripwire.example", 8443, None) is None


def test_allow_and_deny_lists() -> None:
    ip = ipaddress.ip_address
    deny = Policy(allow=(), deny=parse_rules(["10.0.0.0/8", ".prod.example"]), own=())
    assert "OUTBOUND_DENY" in str(deny.refusal("10.9.9.9", 80, ip("10.9.9.9")))
    assert "OUTBOUND_DENY" in str(deny.refusal("db.prod.example", 80, None))
    allow = Policy(
        allow=parse_rules(["staging.example", "169.254.169.254"]), deny=(), own=()
    )
    assert allow.refusal("staging.example", 80, None) is None
    assert "not in TRIPWIRE_OUTBOUND_ALLOW" in str(
        allow.refusal("1.2.3.4", 80, ip("1.2.3.4"))
    )
    # An allow entry that names a default refusal lifts it: the admin said so.
    assert allow.refusal("169.254.169.254", 80, ip("169.254.169.254")) is None


def test_the_api_check_refuses_cloud_metadata(api: APIClient) -> None:
    response = _check(api, METADATA_URL)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "outbound_refused"
    assert "169.254.169.254:80 is a link-local address" in body["detail"]


def test_a_redirect_to_metadata_is_refused_on_the_way(
    api: APIClient, target: FakeServer
) -> None:
    assert _check(api, f"{target.url}/ok").json()["status"] == "passed"
    response = _check(api, f"{target.url}/to-metadata")
    assert response.status_code == 400
    assert "link-local" in response.json()["detail"]


def test_deny_after_dns_resolution_and_allow_list_mode(
    api: APIClient, target: FakeServer, settings: Any
) -> None:
    port = target.url.rsplit(":", 1)[1]
    settings.OUTBOUND_DENY = ["127.0.0.0/8"]
    # By name: "localhost" is refused because of what it resolves to.
    refused = _check(api, f"http://localhost:{port}/ok")
    assert refused.status_code == 400
    assert "TRIPWIRE_OUTBOUND_DENY" in refused.json()["detail"]
    settings.OUTBOUND_DENY = []
    settings.OUTBOUND_ALLOW = ["staging.example"]
    assert (
        "not in TRIPWIRE_OUTBOUND_ALLOW"
        in _check(api, f"{target.url}/ok").json()["detail"]
    )
    settings.OUTBOUND_ALLOW = [f"127.0.0.1:{port}"]
    assert _check(api, f"{target.url}/ok").json()["status"] == "passed"


def test_tripwire_itself_is_refused(
    api: APIClient, target: FakeServer, settings: Any
) -> None:
    settings.PUBLIC_BASE_URL = target.url
    response = _check(api, f"{target.url}/ok")
    assert response.status_code == 400
    assert "is this Tripwire server" in response.json()["detail"]
    assert target.received("GET") == []


def test_generation_fetches_and_crawls_are_bound_too(api: APIClient) -> None:
    for body in (
        {"kind": "openapi", "url": METADATA_URL, "base_url": "http://127.0.0.1:8500"},
        {"kind": "url", "url": "http://169.254.169.254/"},
    ):
        response = api.post("/api/v1/generate", body, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["type"] == "outbound_refused"


def test_a_webhook_to_metadata_is_not_sent(settings: Any) -> None:
    settings.SLACK_WEBHOOK_URL = "http://169.254.169.254/hook"
    summary = RunSummary(
        run_id="r1",
        name="shop",
        status="failed",
        counts={"passed": 0, "failed": 1, "broken": 0, "skipped": 0},
        failing=[],
        run_url="http://tripwire.test/runs/r1",
    )
    outcome = notify_run_finished(summary=summary)
    slack = outcome.channels["slack"]
    assert slack.sent is False
    assert "link-local" in str(slack.error)


def test_the_refusal_is_a_tripwire_error_with_its_own_type() -> None:
    assert OutboundRefused("x").as_dict() == {"type": "outbound_refused", "detail": "x"}
