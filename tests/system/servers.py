"""Real Tripwire processes for system tests: migrate, then serve with gunicorn on a free port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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
    deadline = time.monotonic() + 30
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
