from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from suites.models import Suite
from tests.suites.test_schema import INVALID, VALID

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "suites"


def _snapshot() -> list[tuple[str, str, str]]:
    return list(Suite.objects.order_by("file").values_list("file", "suite_id", "yaml"))


def test_create_picks_a_free_file_name_and_never_overwrites(api: APIClient) -> None:
    first = api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    second = api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    third = api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    assert first.status_code == second.status_code == 201
    assert [r.json() for r in (first, second, third)] == [
        {"ok": True, "file": "demo.tripwire.yaml"},
        {"ok": True, "file": "demo-2.tripwire.yaml"},
        {"ok": True, "file": "demo-3.tripwire.yaml"},
    ]
    assert Suite.objects.count() == 3


def test_get_returns_the_yaml_verbatim_with_its_cases(api: APIClient) -> None:
    api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    body = api.get("/api/v1/suites/demo.tripwire.yaml").json()
    assert body["file"] == "demo.tripwire.yaml"
    assert body["yaml"] == VALID
    assert "# A comment that must survive." in body["yaml"]
    assert [case["id"] for case in body["cases"]] == ["signup", "buy"]
    assert body["cases"][0]["title"] == "Sign up"
    # The suite id works as a name too while it is unambiguous.
    assert api.get("/api/v1/suites/demo").json()["file"] == "demo.tripwire.yaml"


def test_get_an_unknown_suite_is_404(api: APIClient) -> None:
    response = api.get("/api/v1/suites/nope.tripwire.yaml")
    assert response.status_code == 404
    assert response.json() == {
        "type": "not_found",
        "detail": "No suite named 'nope.tripwire.yaml'.",
    }


def test_put_replaces_the_yaml_and_keeps_the_file_name(api: APIClient) -> None:
    api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    changed = VALID.replace("suite: Demo shop", "suite: Demo shop v2  # renamed")
    response = api.put(
        "/api/v1/suites/demo.tripwire.yaml", {"yaml": changed}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"ok": True, "file": "demo.tripwire.yaml"}
    suite = Suite.objects.get(file="demo.tripwire.yaml")
    assert suite.name == "Demo shop v2"
    assert suite.yaml == changed


def test_put_to_a_new_name_creates_it(api: APIClient) -> None:
    response = api.put(
        "/api/v1/suites/checkout.tripwire.yaml", {"yaml": VALID}, format="json"
    )
    assert response.status_code == 201
    assert Suite.objects.get().file == "checkout.tripwire.yaml"


def test_put_to_a_bad_file_name_is_refused(api: APIClient) -> None:
    response = api.put("/api/v1/suites/..evil.yaml", {"yaml": VALID}, format="json")
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert not Suite.objects.exists()


@pytest.mark.parametrize(
    ("name", "text", "expected"), INVALID, ids=[c[0] for c in INVALID]
)
def test_invalid_yaml_is_400_with_every_error_and_saves_nothing(
    api: APIClient, name: str, text: str, expected: list[tuple[str, Any, Any, str]]
) -> None:
    api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    before = _snapshot()

    put = api.put("/api/v1/suites/demo.tripwire.yaml", {"yaml": text}, format="json")
    post = api.post("/api/v1/suites", {"yaml": text}, format="json")

    for response in (put, post):
        assert response.status_code == 400
        body = response.json()
        assert body["type"] == "invalid_yaml"
        assert [
            (e["path"], e["line"], e["column"], e["message"]) for e in body["errors"]
        ] == expected
        assert expected[0][3] in body["detail"]
    assert _snapshot() == before


def test_list_paginates_and_searches_file_name_id_and_case_titles(
    api: APIClient,
) -> None:
    for path in sorted(EXAMPLES.glob("s*.tripwire.yaml")):  # the shop's three
        assert (
            api.post(
                "/api/v1/suites", {"yaml": path.read_text()}, format="json"
            ).status_code
            == 201
        )
    everything = api.get("/api/v1/suites").json()
    assert everything["total"] == 3
    assert [s["file"] for s in everything["items"]] == [
        "shop-checkout.tripwire.yaml",
        "signup-login.tripwire.yaml",
        "storefront-widgets.tripwire.yaml",
    ]
    page = api.get("/api/v1/suites?limit=1&offset=1").json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 1, 1)
    assert [s["file"] for s in page["items"]] == ["signup-login.tripwire.yaml"]

    def search(q: str) -> list[str]:
        return [s["file"] for s in api.get("/api/v1/suites", {"q": q}).json()["items"]]

    assert search("WIDGETS") == ["storefront-widgets.tripwire.yaml"]  # file name / id
    assert search("wrong password") == ["signup-login.tripwire.yaml"]  # a case title
    assert search("check out") == ["shop-checkout.tripwire.yaml"]  # the suite name
    assert search("nothing like this") == []


def test_delete_removes_the_suite(api: APIClient) -> None:
    api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    assert api.delete("/api/v1/suites/demo.tripwire.yaml").status_code == 204
    assert not Suite.objects.exists()
    assert api.delete("/api/v1/suites/demo.tripwire.yaml").status_code == 404


def test_a_missing_yaml_field_is_a_validation_error(api: APIClient) -> None:
    response = api.post("/api/v1/suites", {"text": VALID}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "yaml", "message": "This field is required."}
    ]


def test_import_and_export_round_trip_a_folder(tmp_path: Path) -> None:
    call_command("tripwire", "import", str(EXAMPLES))
    assert sorted(Suite.objects.values_list("file", flat=True)) == sorted(
        p.name for p in EXAMPLES.glob("*.tripwire.yaml")
    )
    out = tmp_path / "out"
    call_command("tripwire", "export-suites", str(out))
    for path in EXAMPLES.glob("*.tripwire.yaml"):
        assert (out / path.name).read_text() == path.read_text()

    # Importing again changes nothing; an edited file updates its suite.
    edited = out / "signup-login.tripwire.yaml"
    edited.write_text(
        edited.read_text().replace("Sign up and sign in", "Sign-up flows")
    )
    call_command("tripwire", "import", str(out))
    assert Suite.objects.get(file="signup-login.tripwire.yaml").name == "Sign-up flows"
    assert Suite.objects.count() == len(list(EXAMPLES.glob("*.tripwire.yaml")))


def test_import_of_a_folder_with_one_bad_file_imports_nothing(tmp_path: Path) -> None:
    (tmp_path / "good.tripwire.yaml").write_text(VALID)
    (tmp_path / "bad.tripwire.yaml").write_text(
        VALID.replace("depends_on: [signup]", "depends_on: [later]")
    )
    with pytest.raises(CommandError) as caught:
        call_command("tripwire", "import", str(tmp_path))
    assert caught.value.returncode == 3
    assert "nothing was imported" in str(caught.value)
    assert not Suite.objects.exists()


def test_every_example_suite_is_valid() -> None:
    from suites.schema import parse_suite

    files = sorted(EXAMPLES.glob("*.tripwire.yaml"))
    assert len(files) >= 2
    for path in files:
        parsed = parse_suite(path.read_text(), file=path.name)
        assert parsed.suite.cases


def test_deleting_a_suite_forgets_what_its_steps_learnt(api: APIClient) -> None:
    from tests.factories import ActionCacheEntryFactory

    api.post("/api/v1/suites", {"yaml": VALID}, format="json")
    api.post(
        "/api/v1/suites", {"yaml": VALID}, format="json"
    )  # demo-2: the same suite id
    ActionCacheEntryFactory.create(suite_id="demo")
    ActionCacheEntryFactory.create(suite_id="other")
    from suites.models import ActionCacheEntry

    assert api.delete("/api/v1/suites/demo.tripwire.yaml").status_code == 204
    # Another file still carries the id: its steps keep their cache.
    assert ActionCacheEntry.objects.filter(suite_id="demo").count() == 1
    assert api.delete("/api/v1/suites/demo-2.tripwire.yaml").status_code == 204
    assert list(ActionCacheEntry.objects.values_list("suite_id", flat=True)) == [
        "other"
    ]
