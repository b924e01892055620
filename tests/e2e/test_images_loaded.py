"""Whether the page's images loaded: "There should be no broken images", "All images should
load" (before: a count of things called "broken images", which nothing is: the model's). An
image shown whose file is missing fails the claim, naming it; a lazy image below the fold that
was never asked for and an <img> with no address do not count. In the cold export too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import assert_exported_claims, judged_claims

pytestmark = pytest.mark.browser

CLAIMS = ["There should be no broken images", "All images should load"]


def test_images_that_loaded_hold(site_url: str, tmp_path: Path) -> None:
    seen, _ = judged_claims(site_url, "Open /images.html", CLAIMS, tmp_path)
    for text in CLAIMS:
        assert seen[text] == (
            "passed",
            "every image shown loads",
            "every image shown has loaded",
        ), text


def test_a_missing_image_fails_naming_it(site_url: str, tmp_path: Path) -> None:
    seen, _ = judged_claims(site_url, "Open /images.html?missing", CLAIMS, tmp_path)
    for text in CLAIMS:
        verdict, _, observed = seen[text]
        assert verdict == "failed", seen[text]
        assert observed == f"broken: '{site_url}/no-such-mug.png'", seen[text]


@pytest.mark.slow
def test_the_cold_export_judges_the_same(site_url: str, tmp_path: Path) -> None:
    assert_exported_claims(
        site_url, "Open /images.html", CLAIMS, [], [], tmp_path / "loaded"
    )
    assert_exported_claims(
        site_url, "Open /images.html?missing", [], [], CLAIMS, tmp_path / "missing"
    )
