"""Secret canaries through a deployed instance: a literal typed in a `secret: true` step and an
env value the app echoes onto its page. Neither may be found anywhere Tripwire writes: the
database files, the artifacts (screenshots are checked for the masked region), the web and worker
logs and the access log, whatever spelling it takes."""

from __future__ import annotations

import io
import json
import sqlite3
import time
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import requests

from demo.server import start_demo
from tests.system.servers import Api, TripwireEnv, start_server, start_worker

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LITERAL = "Canary-Literal-5150x"
ECHOED = "Canaryname Echoedvalue"

SUITE = """\
suite: Canary
id: canary
base_url: {base_url}
env:
  full_name: ${{TW_CANARY_NAME}}
fixtures:
  email: {{ gen: unique_email }}
cases:
  - id: signup
    title: Sign up with secrets
    steps:
      - Open /signup
      - Enter ${{full_name}} into 'Full name'
      - Enter ${{email}} into 'Email'
      - {{ do: "Enter '{literal}' into 'Password'", secret: true }}
      - Check 'I accept the terms'
      - Click 'Create account'
    expect:
      - {{ assert: welcome, check: {{ kind: visible_text, contains: "Welcome" }} }}
"""


def _spellings(secret: str) -> list[bytes]:
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
    }
    return [form.encode() for form in forms]


def _database_rows(path: Path) -> list[tuple[str, bytes]]:
    """Every table's rows as text, except the suite documents themselves: a suite that types a
    literal secret holds it in its YAML (the source of truth people wrote), and a run keeps the
    YAML it was submitted with. Everything Tripwire derives from them must not."""
    skip = {("suites_suite", "yaml"), ("runs_run", "suite_yaml")}
    found: list[tuple[str, bytes]] = []
    with sqlite3.connect(path) as db:
        tables = [
            r[0]
            for r in db.execute("select name from sqlite_master where type='table'")
        ]
        for table in tables:
            columns = [r[1] for r in db.execute(f'pragma table_info("{table}")')]
            keep = [c for c in columns if (table, c) not in skip]
            if not keep:
                continue
            rows = db.execute(
                f"select {', '.join(f'quote({c!r})' for c in keep)} from {table}"
            )
            dump = "\n".join(" ".join(str(v) for v in row) for row in rows)
            found.append((f"table {table}", dump.encode()))
    return found


def _blobs(root: Path) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for path in root.rglob("*"):
        if not path.is_file() or path.name.startswith("tripwire.sqlite3"):
            continue
        data = path.read_bytes()
        found.append((str(path), data))
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                found += [(f"{path}!{n}", archive.read(n)) for n in archive.namelist()]
    return found


def test_no_canary_anywhere_tripwire_writes(tmp_path: Path) -> None:
    from PIL import Image

    env = TripwireEnv(tmp_path, {"TW_CANARY_NAME": ECHOED})
    with start_demo(port=0, stream=io.StringIO()) as shop:
        server = start_server(env, workers=1, threads=2)
        worker = start_worker(env)
        try:
            api = Api(server.url)
            text = SUITE.format(base_url=shop.url, literal=LITERAL)
            assert api.post("/suites", {"yaml": text}).status_code == 201
            run_id = api.post("/runs", {"suite": "canary"}).json()["run_id"]
            [run] = api.wait_for_runs([run_id], timeout=180)
            # Run it twice: the second run replays the action cache.
            run_id2 = api.post("/runs", {"suite": "canary"}).json()["run_id"]
            [run2] = api.wait_for_runs([run_id2], timeout=180)
            token = str(api.session.headers["Authorization"]).split()[1]
            report = requests.get(
                f"{api.url}/artifacts/{run_id}/report.json?token={token}", timeout=10
            ).json()
            time.sleep(0.5)
        finally:
            worker.stop()
            server.stop()
    assert run["status"] == run2["status"] == "passed", run["reason"]
    steps = report["cases"][0]["steps"]
    replayed = run2["report"]
    assert isinstance(replayed, dict)
    assert [s["tier"] for s in replayed["cases"][0]["steps"]][3] == "cache"

    written = _blobs(tmp_path) + _database_rows(tmp_path / "tripwire.sqlite3")
    assert any(name == "table runs_actioncacheentry" for name, _ in written)
    leaks = [
        (name, secret)
        for name, data in written
        for secret in (LITERAL, ECHOED, token)
        for form in _spellings(secret)
        if form in data
    ]
    assert leaks == []

    # The welcome page shows the echoed name: its screenshot has a masked region.
    welcome = Image.open(tmp_path / "artifacts" / run_id / steps[-1]["shot"])
    colours = welcome.convert("RGB").getcolors(maxcolors=1_000_000) or []
    magenta = sum(count for count, colour in colours if colour == (255, 0, 255))
    assert magenta > 500
