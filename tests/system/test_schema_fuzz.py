"""The API against its own OpenAPI document, fuzzed: schemathesis (`st run --checks all`) sends
schema-valid and schema-invalid requests to a real gunicorn on 127.0.0.1 and checks every answer:
no 5xx, only documented status codes, content types and headers, bodies that match the response
schemas, invalid input refused, valid input accepted, methods the schema does not list refused.

The server has real data first (an admin and a member with API tokens, suites, a finished run with
the issue it filed, a queued run, a plan), and every path parameter is drawn from those real ids
half of the time, so the fuzzer reaches the code behind a 200 as well as the 404 of a random id.

No queue worker runs while the fuzzer does: the runs it starts stay queued and are cancelled
afterwards, so it cannot set off a flood of browsers. The server has no display, so
`/record/start` cannot open headed browsers either. The generators, the standalone checks and the
recorder are fuzzed with fewer examples, because one answer can take a crawl or a browser.

A failure prints schemathesis' report: each failing request with a curl line to reproduce it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.system.servers import (
    Api,
    Server,
    TripwireEnv,
    free_port,
    start_server,
    start_worker,
)

pytestmark = pytest.mark.slow

SEED = 20261203
MAX_EXAMPLES = 50
# One answer of these can take a crawl, a browser launch or an image diff.
SLOW_OPERATIONS = r"^/api/v1/(generate|checks/|record/)"
SLOW_MAX_EXAMPLES = 10
# The member's pass looks for what only admins may do leaking to members.
MEMBER_MAX_EXAMPLES = 10
OPERATIONS = len(
    [
        line
        for line in (Path(__file__).parents[1] / "api_routes.txt")
        .read_text()
        .splitlines()
        if line.strip() and not line.startswith("#")
    ]
)

# Whether a schema-valid request is acceptable here depends on more than OpenAPI 3.0 can state,
# so a 400 (the one error shape, naming the problem) is a right answer to valid-looking input.
# Everything else is checked on these operations as on the others.
BEYOND_THE_SCHEMA = {
    ("POST", "/api/v1/suites"): "the YAML must be a valid suite",
    ("PUT", "/api/v1/suites/{name}"): "the YAML must be a valid suite",
    ("POST", "/api/v1/runs"): "suite must name a saved suite, cases its cases",
    ("GET", "/api/v1/runs/{run_id}"): "attempt must be one the run has had",
    ("POST", "/api/v1/plans"): "items must name saved suites; a new plan needs a name",
    ("PATCH", "/api/v1/issues/{issue_ref}"): "at least one field must be sent",
    ("POST", "/api/v1/auth/setup"): "the password must pass the password rules",
    ("POST", "/api/v1/auth/users"): "the password must pass the password rules",
    ("PUT", "/api/v1/settings"): "URLs must be http(s) URLs with a host",
    ("POST", "/api/v1/checks/api"): "header names must be tokens, url an http(s) URL",
    (
        "POST",
        "/api/v1/checks/screenshot",
    ): "image_b64 must hold a PNG within the limits",
    (
        "POST",
        "/api/v1/generate",
    ): "which of url, base_url and text are needed depends on kind",
    (
        "POST",
        "/api/v1/generate/plan",
    ): "which of url, base_url and text are needed depends on kind",
    ("POST", "/api/v1/record/start"): "base_url must be an http(s) URL with a host",
    ("POST", "/api/v1/record/convert"): "base_url and action URLs must be http(s) URLs",
    ("POST", "/api/v1/record/stop"): "record_id must name a live recording",
    ("POST", "/api/v1/auth/password"): "old_password must be the current password",
    ("POST", "/api/v1/auth/invites"): "the email must not belong to a user already",
    (
        "POST",
        "/api/v1/auth/invites/accept",
    ): "the password must pass the password rules",
}
# Warnings that mean the gate itself is broken: a schema the fuzzer cannot generate from, real
# ids that do not fit their parameter, a base URL the schema disagrees with. For the admin, an
# operation that answered only 401/403 too (its session stopped working, or a permission bug).
ALWAYS_FATAL = [
    "base_url_mismatch",
    "dictionary_mismatch",
    "unsupported_regex",
    "unresolvable_reference",
    "missing_deserializer",
]
POSITIVE_STATUSES = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]
# The seed contract: a generation whose upstream (the crawled app, the model) fails is a 502
# `generation_error`. Any other 5xx there is still a failure.
GENERATION = r"^/api/v1/generate"
GENERATION_STATUSES = ["2xx", "3xx", "4xx", "502"]

SUITE = """\
suite: Fuzz target {n}
id: fuzz-target-{n}
base_url: http://127.0.0.1:{port}
cases:
  - id: home
    title: The home page greets
    steps:
      - Open /
    expect:
      - {{ assert: greeting, check: {{ kind: visible_text, contains: "Welcome" }} }}
"""


@dataclass
class Seeded:
    admin: Api
    # The fuzzer signs in with session tokens: it revokes API tokens (DELETE /auth/tokens/{id}
    # with real and random ids), which must never be the ones it authenticates with.
    admin_session: str
    member_session: str
    ids: dict[str, list[str | int]]
    doomed: dict[tuple[str, str], dict[str, list[str | int]]]


def _created(response: requests.Response) -> requests.Response:
    assert response.status_code in (200, 201, 202), response.text
    return response


def _seed(server: Server, env: TripwireEnv) -> Seeded:
    admin = Api(server.url)
    password = "Tr1pwire-member-pass"
    _created(
        admin.post(
            "/auth/users",
            {"email": "member@example.com", "password": password, "role": "member"},
        )
    )
    member = requests.Session()
    login = _created(
        member.post(
            f"{admin.url}/auth/login",
            json={"email": "member@example.com", "password": password},
            timeout=30,
        )
    )
    member.headers["Authorization"] = f"Bearer {login.json()['token']}"
    # API tokens of both users, for the fuzzer to list and revoke; each one works.
    tokens = [
        _created(
            member.post(f"{admin.url}/auth/tokens", json={"name": "ci"}, timeout=30)
        ),
        *(_created(admin.post("/auth/tokens", {"name": f"ci-{n}"})) for n in (1, 2)),
    ]
    for token in tokens:
        me = requests.get(
            f"{admin.url}/auth/me",
            headers={"Authorization": f"Bearer {token.json()['token']}"},
            timeout=30,
        )
        assert me.status_code == 200, me.text

    # Nothing listens there: the run fails at its first step, quickly.
    closed = free_port()
    suites = [f"fuzz-target-{n}.tripwire.yaml" for n in (1, 2, 3)]
    # What the DELETE operations get as real ids, so the others keep theirs to the end.
    doomed_suites: list[str | int] = [f"fuzz-target-{n}.tripwire.yaml" for n in (4, 5)]
    for n, name in enumerate(suites + doomed_suites, start=1):
        _created(admin.put(f"/suites/{name}", {"yaml": SUITE.format(n=n, port=closed)}))

    worker = start_worker(env)
    try:
        started = _created(
            admin.post("/runs", {"suite": suites[0], "file_issues": "tripwire"})
        )
        finished = str(started.json()["run_id"])
        [run] = admin.wait_for_runs([finished], timeout=120)
    finally:
        worker.stop()
    assert run["status"] in ("failed", "broken"), run["status"]

    queued = _created(admin.post("/runs", {"suite": suites[1]})).json()["run_id"]
    plans = [
        _created(
            admin.post(
                "/plans",
                {
                    "name": f"Fuzz plan {n}",
                    "items": [{"suite": suites[1]}, {"suite": suites[2]}],
                },
            )
        ).json()["id"]
        for n in (1, 2, 3)
    ]
    issues = admin.get("/issues").json()["items"]
    assert issues, "the failed run filed no issue"
    # Accounts and invites the user and invite operations may change or remove; the member
    # the second pass signs in as is not among them (and that pass runs first).
    doomed_users = [
        _created(
            admin.post(
                "/auth/users",
                {
                    "email": f"doomed-{n}@example.com",
                    "password": "Doomed-pass-2468",
                    "role": "member",
                },
            )
        ).json()["id"]
        for n in (1, 2)
    ]
    invites = [
        _created(admin.post("/auth/invites", {"email": f"invited-{n}@example.com"}))
        for n in (1, 2)
    ]

    return Seeded(
        admin=admin,
        admin_session=str(admin.session.headers["Authorization"]).removeprefix(
            "Bearer "
        ),
        member_session=str(login.json()["token"]),
        ids={
            "run_id": [finished, str(queued)],
            "name": [*suites, "fuzz-target-1"],
            "plan_id": [str(plans[0])],
            "issue_ref": [str(issues[0]["key"]), str(issues[0]["id"])],
            "token_id": [int(t.json()["id"]) for t in tokens],
            "invite_id": [int(i.json()["id"]) for i in invites],
            "path": [f"{finished}/report.json", f"{finished}/report.html"],
        },
        doomed={
            ("DELETE", "/api/v1/suites/{name}"): {"name": doomed_suites},
            ("DELETE", "/api/v1/plans/{plan_id}"): {
                "plan_id": [str(p) for p in plans[1:]]
            },
            # The fuzzer's admin cannot change or remove its own account (409 own_account);
            # the member's pass has run before any of these.
            ("PATCH", "/api/v1/auth/users/{user_id}"): {"user_id": doomed_users},
            ("DELETE", "/api/v1/auth/users/{user_id}"): {"user_id": doomed_users},
        },
    )


def _operation(lines: list[str], *, where: dict[str, str], settings: str) -> None:
    lines.append("[[operations]]")
    lines += [f"{key} = {json.dumps(value)}" for key, value in where.items()]
    lines += [settings, ""]


def _config(
    seeded: Seeded,
    server: Server,
    *,
    token: str,
    max_examples: int,
    fail_on: list[str],
) -> str:
    """schemathesis.toml for one pass (TOML written by hand: the values are JSON-compatible)."""
    lines = [
        f"warnings = {{ fail-on = {json.dumps(fail_on)} }}",
        f"seed = {SEED}",
        "workers = 2",
        "request-timeout = 90",
        f"base-url = {json.dumps(server.url)}",
        "",
        "[headers]",
        f"Authorization = {json.dumps('Bearer ' + token)}",
        "",
        "[generation]",
        f"max-examples = {max_examples}",
        # DRF refuses a NUL character in every string field (400, `validation_error`); the
        # bad-input corpus test sends one on purpose. Here it would only hide other findings.
        "allow-x00 = false",
        "",
    ]
    doomed_values = {
        name: doomed
        for parameters in seeded.doomed.values()
        for name, doomed in parameters.items()
    }
    for name, doomed in doomed_values.items():
        lines += [
            f"[dictionaries.doomed_{name}]",
            f"values = {json.dumps(doomed)}",
            "",
        ]
    for name, values in seeded.ids.items():
        lines += [f"[dictionaries.real_{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    for name in seeded.ids:
        lines.append(
            f'"path.{name}" = {{ dictionary = "real_{name}", probability = 0.5 }}'
        )
    lines.append("")
    # The coverage phase sends a fixed set of boundary cases whatever max-examples says, each
    # of them a crawl or a browser here: these operations get the other three phases.
    _operation(
        lines,
        where={"include-path-regex": SLOW_OPERATIONS},
        settings=f"generation = {{ max-examples = {min(max_examples, SLOW_MAX_EXAMPLES)} }}\n"
        "phases = { coverage = { enabled = false } }",
    )
    _operation(
        lines,
        where={"include-path-regex": GENERATION},
        settings="checks = { not_a_server_error = { expected-statuses = "
        + json.dumps(GENERATION_STATUSES)
        + " } }",
    )
    for (method, path), parameters in seeded.doomed.items():
        bindings = ", ".join(
            f'"path.{name}" = {{ dictionary = "doomed_{name}", probability = 0.5 }}'
            for name in parameters
        )
        _operation(
            lines,
            where={"include-method": method, "include-path": path},
            settings=f"parameters = {{ {bindings} }}",
        )
    for method, path in BEYOND_THE_SCHEMA:
        _operation(
            lines,
            where={"include-method": method, "include-path": path},
            settings="checks = { positive_data_acceptance = { expected-statuses = "
            + json.dumps(POSITIVE_STATUSES)
            + " } }",
        )
    return "\n".join(lines)


def _fuzz(config: Path, server: Server, *extra: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATHESIS_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",  # `st`, from the dev extra
            "--config-file",
            str(config),
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            "all",
            "--seed",
            str(SEED),
            "--no-color",
            *extra,
        ],
        cwd=config.parent,
        env={**env, "NO_COLOR": "1", "COLUMNS": "120"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Server, Seeded]]:
    data = tmp_path / "data"
    data.mkdir()
    # No display: /record/start answers 409 instead of opening headed browsers.
    env = TripwireEnv(data_dir=data, extra={"DISPLAY": "", "WAYLAND_DISPLAY": ""})
    server = start_server(env, workers=2, threads=4)
    try:
        yield server, _seed(server, env)
    finally:
        server.stop()


def test_the_api_answers_as_its_schema_says(
    live: tuple[Server, Seeded], tmp_path: Path
) -> None:
    server, seeded = live
    started = time.monotonic()
    passes = {
        # The member's pass first: the admin's may switch accounts off. Admin-only operations
        # must answer the member a documented 403. The slow operations
        # run the same code for both roles: the admin's pass has them.
        "member": (
            seeded.member_session,
            MEMBER_MAX_EXAMPLES,
            ("--phases", "examples,fuzzing", "--exclude-path-regex", SLOW_OPERATIONS),
            ALWAYS_FATAL,
        ),
        "admin": (
            seeded.admin_session,
            MAX_EXAMPLES,
            (),
            [*ALWAYS_FATAL, "missing_auth"],
        ),
    }
    reports: dict[str, tuple[int, str]] = {}
    timings: dict[str, float] = {}
    for name, (token, examples, extra, fail_on) in passes.items():
        config = tmp_path / name / "schemathesis.toml"
        config.parent.mkdir()
        config.write_text(
            _config(seeded, server, token=token, max_examples=examples, fail_on=fail_on)
        )
        reports[name] = _fuzz(config, server, *extra)
        config.with_name("report.txt").write_text(reports[name][1])
        timings[name] = round(time.monotonic() - started - sum(timings.values()))
    took = time.monotonic() - started

    # The runs the fuzzer queued would wait for a worker forever: cancel them.
    for _ in range(50):
        queued = seeded.admin.get("/runs", params={"status": "queued", "limit": 100})
        if not queued.json()["items"]:
            break
        for run in queued.json()["items"]:
            seeded.admin.post(f"/runs/{run['id']}/cancel")
    left = seeded.admin.get("/runs", params={"status": "queued"}).json()["total"]
    log = server.log.read_text(errors="replace")

    for name, (code, report) in reports.items():
        assert code == 0, (
            f"schemathesis ({name}) found failures ({timings} s):\n{report[-60000:]}"
        )
    # The admin's pass reached every operation of tests/api_routes.txt.
    assert f"Tested: {OPERATIONS}" in reports["admin"][1], reports["admin"][1][-3000:]
    assert left == 0
    # Nothing was an unhandled exception, even where the answer looked right.
    assert "Traceback" not in log, log[log.index("Traceback") - 2000 :][:6000]
    # About two and a half minutes on a quiet 2-core machine; far more means something (a crawl,
    # a browser, a timeout) started to run away.
    assert took < 360, f"the fuzzing took {took:.0f} s: {timings}"
