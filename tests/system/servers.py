"""Real Tripwire processes for system tests: migrate, then serve with gunicorn on a free port."""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_available() -> bool:
    if shutil.which("psql") is None:
        return False
    probe = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-d", "postgres", "-Atc", "select 1"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return probe.returncode == 0 and probe.stdout.strip() == "1"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the local server; dropped afterwards."""
    name = f"tripwire_test_{uuid.uuid4().hex[:10]}"
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-d", "postgres", "-qc", f"CREATE DATABASE {name}"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://{os.environ.get('USER', 'root')}@127.0.0.1:5432/{name}"
    finally:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-d",
                "postgres",
                "-qc",
                f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            ],
            check=False,
            capture_output=True,
        )


@dataclass
class TripwireEnv:
    data_dir: Path
    extra: dict[str, str] = field(default_factory=dict)

    def environ(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRIPWIRE_")}
        env.update({"TRIPWIRE_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1"})
        env.update(self.extra)
        return env

    def manage(
        self, *args: str, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_server(env: TripwireEnv, *, workers: int = 2, threads: int = 4) -> Server:
    migrated = env.manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = env.data_dir / f"gunicorn-{port}.log"
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "tripwire_site/gunicorn.conf.py",
            "tripwire_site.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env.environ(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    # Generous: workers load Django while the other test worker keeps both cores busy.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return Server(url=url, process=process, log=log)
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn did not answer: {log.read_text()[-2000:]}")


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """kill -9 the whole worker: cluster, sentinel, every worker process."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def start_worker(env: TripwireEnv, *, name: str = "worker") -> Worker:
    log = env.data_dir / f"{name}-{time.monotonic_ns()}.log"
    process = subprocess.Popen(
        [PYTHON, "manage.py", "tripwire", "worker"],
        cwd=ROOT,
        env=env.environ(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        # Its own process group, so the cluster's children can be stopped (or killed) together.
        start_new_session=True,
    )
    return Worker(process=process, log=log)


class Api:
    """A signed-in API client for a running server."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/") + "/api/v1"
        self.session = requests.Session()
        setup = self.session.post(
            f"{self.url}/auth/setup",
            json={"email": "admin@example.com", "password": "Tr1pwire-system-tests"},
            timeout=30,
        )
        if setup.status_code == 409:
            setup = self.session.post(
                f"{self.url}/auth/login",
                json={
                    "email": "admin@example.com",
                    "password": "Tr1pwire-system-tests",
                },
                timeout=30,
            )
        setup.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {setup.json()['token']}"

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return self.session.get(f"{self.url}{path}", timeout=30, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, body: object = None) -> requests.Response:
        return self.session.post(f"{self.url}{path}", json=body, timeout=30)

    def put(self, path: str, body: object = None) -> requests.Response:
        return self.session.put(f"{self.url}{path}", json=body, timeout=30)

    def wait_for_runs(
        self, run_ids: list[str], *, timeout: float
    ) -> list[dict[str, object]]:
        """Each run once it has ended. One request per poll: the run waited for is the oldest
        that has not ended (they all must), so a batch does not load the server it measures."""
        deadline = time.monotonic() + timeout
        done: dict[str, dict[str, object]] = {}
        pending = list(run_ids)
        while pending and time.monotonic() < deadline:
            run = self.get(f"/runs/{pending[0]}?since=999999").json()
            if run["status"] in ("queued", "running"):
                time.sleep(0.5)
                continue
            done[pending.pop(0)] = run
        if pending:
            raise AssertionError(
                f"{len(pending)} run(s) did not finish in {timeout} s: {pending[:5]}"
            )
        return [done[run_id] for run_id in run_ids]


@dataclass
class Served:
    """A whole deployment for tests: the demo shop, a web server, a worker, an API token."""

    env: TripwireEnv
    url: str
    shop_url: str
    api: Api
    token: str


@contextmanager
def served_with_worker(data_dir: Path, *, token_name: str) -> Iterator[Served]:
    from demo.server import start_demo

    with ExitStack() as stack:
        env = TripwireEnv(data_dir)
        shop = stack.enter_context(start_demo(port=0, stream=io.StringIO()))
        server = start_server(env)
        stack.callback(server.stop)
        worker = start_worker(env)
        stack.callback(worker.stop)
        api = Api(server.url)
        created = api.post("/auth/tokens", {"name": token_name})
        assert created.status_code == 201, created.text
        yield Served(env, server.url, shop.url, api, created.json()["token"])
