"""Project-wide rules: configuration is documented, and imports flow one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tripwire_site import env

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "tripwire_site",
    "core",
    "suites",
    "runs",
    "insights",
    "issues",
    "generation",
    "recording",
    "engine",
)
# Which of our packages each package may import (SPEC §2; house style §3.2).
ALLOWED = {
    "engine": set(),
    "core": {"tripwire_site"},
    "suites": {"core", "engine"},
    "runs": {"core", "suites", "engine", "issues"},
    # The dashboard shows open issues beside runs and analytics.
    "insights": {"core", "suites", "engine", "runs", "issues"},
    "issues": {"core", "suites", "engine"},
    "generation": {"core", "suites", "engine", "runs"},
    "recording": {"core", "suites", "engine", "runs"},
}


def _python_files(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_every_environment_variable_is_in_env_example() -> None:
    pattern = re.compile(
        r'env_(?:str|bool|int|float|list|path|choice|secret)\(\s*"([A-Z0-9_]+)"'
    )
    used: set[str] = set()
    for package in PACKAGES:
        for path in _python_files(package):
            used.update(pattern.findall(path.read_text(encoding="utf-8")))
    documented = set(
        re.findall(
            r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M
        )
    )
    assert "TRIPWIRE_DATA_DIR" in used
    assert used - documented == set()


def test_only_env_py_reads_the_environment() -> None:
    offenders = []
    for package in PACKAGES:
        for path in _python_files(package):
            if path.name == "env.py" or package == "engine":
                continue
            text = path.read_text(encoding="utf-8").replace(
                'os.environ.setdefault("DJANGO_SETTINGS_MODULE"', ""
            )
            if "os.environ" in text or "os.getenv" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_flow_one_way(package: str) -> None:
    ours = set(PACKAGES) | {"demo", "tests"}
    for path in _python_files(package):
        imported = _imports(path) & ours
        bad = imported - ALLOWED[package] - {package}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def _engine_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "engine")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] == "engine"
        ):
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    "package",
    sorted(p for p in (*PACKAGES, "benchmarks", "demo") if p != "engine"),
)
def test_outside_the_engine_only_its_front_door_is_imported(package: str) -> None:
    """`engine` (its __all__) and `engine.spec` are the engine's public API."""
    for path in _python_files(package):
        deeper = _engine_modules(path) - {"engine", "engine.spec"}
        assert not deeper, f"{path.relative_to(ROOT)} imports {sorted(deeper)}"


def test_the_front_door_exports_only_what_it_imports() -> None:
    import engine

    missing = [name for name in engine.__all__ if not hasattr(engine, name)]
    assert missing == []


def test_the_engine_has_no_django() -> None:
    for path in _python_files("engine"):
        assert not (_imports(path) & {"django", "rest_framework"}), path


def test_every_model_has_a_docstring() -> None:
    from django.apps import apps

    for model in apps.get_models():
        if model.__module__.split(".")[0] in PACKAGES:
            doc = (model.__doc__ or "").strip()
            assert doc and not doc.startswith(model.__name__ + "("), model


def test_env_helpers_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TW_TEST_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="TW_TEST_BOOL must be one of"):
        env.env_bool("TW_TEST_BOOL", False)
    monkeypatch.setenv("TW_TEST_INT", "two")
    with pytest.raises(ImproperlyConfigured, match="TW_TEST_INT must be an integer"):
        env.env_int("TW_TEST_INT", 2)
    monkeypatch.setenv("TW_TEST_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env.env_int("TW_TEST_INT", 2, minimum=1)
    monkeypatch.setenv("TW_TEST_CHOICE", "loud")
    with pytest.raises(ImproperlyConfigured, match="one of failures, always"):
        env.env_choice("TW_TEST_CHOICE", "failures", ("failures", "always"))


def test_env_helpers_parse_values(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TW_TEST_BOOL", "Yes")
    assert env.env_bool("TW_TEST_BOOL", False) is True
    monkeypatch.setenv("TW_TEST_LIST", " a, b ,,c")
    assert env.env_list("TW_TEST_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("TW_TEST_INT", "")
    assert env.env_int("TW_TEST_INT", 7) == 7
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("TW_TEST_SECRET", "from-env")
    monkeypatch.setenv("TW_TEST_SECRET_FILE", str(secret))
    assert env.env_secret("TW_TEST_SECRET") == "from-a-file"


def test_the_startup_check_refuses_a_queue_that_could_run_a_run_twice(
    settings: object,
) -> None:
    from django.core.checks import run_checks

    def errors() -> set[str]:
        return {message.id or "" for message in run_checks() if message.level >= 40}

    assert not errors() & {"tripwire.E001", "tripwire.E002"}
    q = dict(settings.Q_CLUSTER)  # type: ignore[attr-defined]
    settings.Q_CLUSTER = {**q, "retry": q["timeout"]}  # type: ignore[attr-defined]
    assert "tripwire.E001" in errors()
    settings.Q_CLUSTER = {**q, "max_attempts": 0}  # type: ignore[attr-defined]
    assert "tripwire.E002" in errors()
