"""The script that takes the README's screenshots works from a clean data dir."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_the_readme_screenshots_are_taken_by_a_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "scripts/screenshots.py", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("dashboard", "run", "issue"):
        shot = tmp_path / f"{name}.png"
        assert png_size(shot) == (1280, 860)
        # A real page, not a blank frame: a blank 1280x860 PNG compresses to a few KB.
        assert shot.stat().st_size > 30_000
    # The README shows the committed copies of the same three.
    readme = (ROOT / "README.md").read_text()
    for name in ("dashboard", "run", "issue"):
        assert f"docs/screenshots/{name}.png" in readme
        assert (ROOT / "docs" / "screenshots" / f"{name}.png").is_file()
