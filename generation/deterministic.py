"""Suites written by code, without a model: from a crawl, or from an OpenAPI document.

Plain Python (no Django). Every step is phrased in the engine's grammar (docs/engine.md,
"Grammar families") so the suites run without a model too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from generation.crawler import CrawlResult, FieldInfo, FormInfo, PageInfo

if TYPE_CHECKING:
    from generation.explorer import Exploration

# What an app shows when a page is broken; a page that loads shows none of them.
SERVER_ERRORS = ("Internal Server Error", "Something went wrong", "Page not found")
_TEXT_TYPES = {"text", "email", "password", "tel", "search", "url", "number", "date"}
_ACCEPT = re.compile(r"accept|agree|terms|consent", re.I)


@dataclass
class CaseDraft:
    """One case of a suite being written, with the area it belongs to (for /generate/plan)."""

    area: str
    body: dict[str, Any]


@dataclass
class SuiteDraft:
    name: str
    id: str
    base_url: str
    comment: str = ""
    fixtures: dict[str, dict[str, Any]] = field(default_factory=dict)
    cases: list[CaseDraft] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def add(self, area: str, case: dict[str, Any]) -> None:
        case["id"] = self.free_id(case["id"])
        self._ids.add(case["id"])
        self.cases.append(CaseDraft(area=area, body=case))

    def free_id(self, wanted: str) -> str:
        stem = slug(wanted) or "case"
        candidate, n = stem, 2
        while candidate in self._ids:
            candidate, n = f"{stem}-{n}", n + 1
        return candidate

    def drop(self, failed: dict[str, str]) -> dict[str, str]:
        """Remove `failed` cases and every case that depends on one; id -> why, in file order."""
        gone: dict[str, str] = {}
        for case in self.cases:
            case_id = case.body["id"]
            needs = case.body.get("depends_on")
            needs = [needs] if isinstance(needs, str) else list(needs or [])
            if case_id in failed:
                gone[case_id] = failed[case_id]
            elif any(n in gone for n in needs):
                first = next(n for n in needs if n in gone)
                gone[case_id] = f"depends on {first}, which was left out"
        self.cases = [c for c in self.cases if c.body["id"] not in gone]
        return gone

    def areas(self) -> list[str]:
        return list(dict.fromkeys(case.area for case in self.cases))

    def to_yaml(self, *, area: str | None = None) -> str:
        """The suite as YAML; with `area`, only that area's cases (and the fixtures they use)."""
        cases = [c.body for c in self.cases if area is None or c.area == area]
        used = {
            name
            for name in self.fixtures
            if any(f"${{{name}}}" in dump(c) for c in cases)
        }
        doc: dict[str, Any] = {
            "suite": self.name if area is None else f"{self.name}: {area}",
            "id": self.id if area is None else slug(f"{self.id}-{area}")[:100],
            "base_url": self.base_url,
        }
        fixtures = {k: v for k, v in self.fixtures.items() if k in used}
        if fixtures:
            doc["fixtures"] = fixtures
        doc["cases"] = cases
        header = "".join(f"# {line}\n" for line in self.comment.splitlines())
        return header + dump(doc)


def dump(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def quoted(text: str) -> str:
    """A target as the grammar reads it: in single quotes, without quotes of its own."""
    cleaned = " ".join(text.replace("'", "").replace('"', "").split())
    return f"'{cleaned}'"


def area_of(path: str) -> str:
    first = path.strip("/").split("/")[0]
    return slug(first) or "home"


# --- from a crawl ------------------------------------------------------------------------------


def suite_from_crawl(
    result: CrawlResult,
    *,
    name: str,
    suite_id: str,
    base_url: str,
    explored: Exploration | None = None,
) -> SuiteDraft:
    draft = SuiteDraft(
        name=name,
        id=suite_id,
        base_url=base_url,
        comment=(
            f"Generated from a crawl of {result.start_url}: {len(result.pages)} page(s)"
            + (f", logged in as {result.logged_in_as}" if result.logged_in_as else "")
            + ".\nPage checks first, then forms (sign-up forms before sign-in forms, so a"
            "\nsign-in can use the account the sign-up created: fixtures are shared)."
        ),
    )
    tags = ["generated", *(["auth"] if result.logged_in_as else [])]
    for page in result.pages:
        draft.add(area_of(page.path), _page_case(page, tags))
    forms = [(page, form) for page in result.pages for form in page.forms]
    # Sign-up before sign-in: the sign-in case then uses the account just created.
    forms.sort(key=lambda pf: -_signup_rank(pf[1]))
    happy: list[tuple[str, dict[str, Any]]] = []
    for page, form in forms:
        if not _fillable(form) or form.submit is None:
            continue
        area = (
            "auth"
            if any(f.type == "password" for f in form.fields)
            else area_of(page.path)
        )
        # An empty submit changes nothing, so these may run before the explored journeys.
        if form.empty_submit is not None and form.empty_submit.stayed:
            draft.add(area, _required_case(page, form, tags))
        if explored is not None and (
            (page.path, form.index) in explored.forms_tried
            or (page.path, form.index) in explored.forms_skipped
        ):
            continue  # the explorer submitted it (or chose not to) and says what happened
        case = _happy_case(page, form, draft, tags)
        if case is not None:
            happy.append((area, case))
    if explored is not None:
        _add_journeys(draft, explored, tags)
        if explored.problems:
            draft.comment += (
                "\nServer errors seen while exploring (worth a look):"
                + "".join(f"\n- {problem}" for problem in explored.problems[:10])
            )
    for area, case in happy:
        draft.add(area, case)
    return draft


def _add_journeys(draft: SuiteDraft, explored: Exploration, tags: list[str]) -> None:
    """The explorer's journeys as cases, in the order it saw them, chained as it saw them."""
    for fixture, options in explored.fixtures.items():
        draft.fixtures.setdefault(fixture, options)
    ids: list[str] = []
    areas: list[str] = []
    for journey in explored.journeys:
        page = slug(journey.page) or "home"
        wanted = {
            "entry": f"{page}-type-into-{journey.name}",
            "checkbox": f"{page}-tick-{journey.name}",
            "radio": f"{page}-choose-{journey.name}",
            "filter": f"{page}-filter-{journey.name}",
            "tab": f"{page}-tab-{journey.name}",
            "select": f"{page}-pick-from-{journey.name}",
            "edit": f"{page}-edit-a-row",
            "revisit": f"{page}-after-earlier-steps",
            "page": f"page-{page}-reachable",
        }.get(journey.kind, f"{page}-{journey.name}")
        case: dict[str, Any] = {
            "id": slug(wanted.replace("$", ""))[:60],
            "title": journey.title,
            "tags": [
                *tags,
                "explored",
                "negative" if journey.negative else journey.kind,
            ],
        }
        # A chain stays in one area, so a plan's per-area suites keep their depends_on.
        if journey.depends_on is not None:
            case["depends_on"] = ids[journey.depends_on]
            area = areas[journey.depends_on]
        else:
            area = "auth" if journey.auth else area_of(journey.page)
        case["steps"] = journey.steps
        case["expect"] = journey.expect
        draft.add(area, case)
        areas.append(area)
        ids.append(case["id"])


def _page_name(page: PageInfo) -> str:
    return page.main_heading or page.title or page.path


def _page_case(page: PageInfo, tags: list[str]) -> dict[str, Any]:
    expect: list[dict[str, Any]] = [
        {
            "assert": f"the browser is on {page.path}",
            "check": {"kind": "url", "path_is": page.path},
        }
    ]
    if page.main_heading:
        expect.append(
            {
                "assert": f"'{page.main_heading}' is shown",
                "check": {"kind": "visible_text", "contains": page.main_heading},
            }
        )
    expect.append(
        {
            "assert": "no error page is shown",
            "check": {"kind": "absent_text", "any_of": list(SERVER_ERRORS)},
        }
    )
    return {
        "id": f"page-{area_of(page.path) if page.path == '/' else slug(page.path)}",
        "title": f"The {_page_name(page)} page loads",
        "tags": [*tags, "smoke"],
        "steps": [f"Open {page.path}"],
        "expect": expect,
    }


def _fillable(form: FormInfo) -> bool:
    """A form a user fills in: it has a field we can type into, pick from or tick."""
    if form.role == "search" and not form.has_required:
        return False
    return any(f.type != "file" for f in form.fields)


def _signup_rank(form: FormInfo) -> int:
    has_password = any(f.type == "password" for f in form.fields)
    return (10 + len(form.fields)) if has_password else 0


def _fixture_for(field_info: FieldInfo) -> tuple[str, dict[str, Any]] | None:
    """The fixture a field is filled with, by its type and the words naming it."""
    words = " ".join(
        [field_info.label, field_info.name, field_info.id, field_info.autocomplete]
    ).lower()
    kind = field_info.type
    if kind == "email" or "email" in words:
        return "email", {"gen": "unique_email"}
    if kind == "password":
        return "password", {"gen": "password"}
    if kind == "tel" or "phone" in words:
        return "phone", {"gen": "phone"}
    if kind == "number":
        # The smallest valid number: a count of 1 keeps totals and counters the same every run,
        # so what they show can be checked.
        low = int(field_info.min) if field_info.min.lstrip("-").isdigit() else 1
        if field_info.max.lstrip("-").isdigit():
            low = min(low, int(field_info.max))
        options: dict[str, Any] = {"gen": "number", "min": low, "max": low}
        return _fixture_name(field_info.name or field_info.label, "number"), options
    if kind == "date":
        return "date", {"gen": "date", "offset_days": 7}
    for needle, gen in (
        ("first", "first_name"),
        ("last", "last_name"),
        ("user", "username"),
        ("zip", "zip"),
        ("postal", "zip"),
        ("city", "city"),
        ("company", "company"),
        ("name", "name"),
    ):
        if needle in words:
            return ("full_name" if gen == "name" else gen), {"gen": gen}
    if kind == "textarea":
        return "message", {"gen": "sentence"}
    return None


def _fixture_name(text: str, fallback: str) -> str:
    name = slug(text).replace("-", "_")[:60]
    return name if re.match(r"^[a-z_]", name) else fallback


GENERIC_TEXT = "Test value"
_LITERALS = {
    "url": "https://example.com",
    "address": "221 Baker Street",
    "street": "221 Baker Street",
    "search": "test",
}


@dataclass(frozen=True)
class Fill:
    """One field of a form filled the way a user would: the grammar step and what it puts in."""

    field: FieldInfo
    action: str  # fill | select | check | click
    step: str
    fixture: str | None = None  # the fixture whose value goes in, else `literal`
    literal: str = ""
    secret: bool = False

    @property
    def as_step(self) -> Any:
        return {"do": self.step, "secret": True} if self.secret else self.step


def form_fills(
    form: FormInfo, fixtures: dict[str, dict[str, Any]]
) -> list[Fill] | None:
    """How a user fills `form` with valid values; new fixtures are added to `fixtures`.

    None when the form has fields to type into but none we could name (so no step can reach them).
    """
    fills: list[Fill] = []
    text_fields = [
        f for f in form.fields if f.type in _TEXT_TYPES or f.tag == "textarea"
    ]
    for field_info in form.fields:
        target = field_info.display_name
        if not target:
            continue
        if field_info in text_fields:
            fixture = _fixture_for(field_info)
            if fixture is not None:
                fixture_name, options = fixture
                fixtures.setdefault(fixture_name, options)
                fills.append(
                    Fill(
                        field_info,
                        "fill",
                        f"Enter ${{{fixture_name}}} into {quoted(target)}",
                        fixture=fixture_name,
                        secret=field_info.type == "password",
                    )
                )
            else:
                words = f"{field_info.label} {field_info.name}".lower()
                literal = next(
                    (
                        v
                        for k, v in _LITERALS.items()
                        if k in words or k == field_info.type
                    ),
                    GENERIC_TEXT,
                )
                fills.append(
                    Fill(
                        field_info,
                        "fill",
                        f"Enter '{literal}' into {quoted(target)}",
                        literal=literal,
                    )
                )
        elif field_info.tag == "select" and field_info.options:
            option = field_info.options[0]
            fills.append(
                Fill(
                    field_info,
                    "select",
                    f"Select {quoted(option)} from {quoted(target)}",
                    literal=option,
                )
            )
        elif field_info.type == "checkbox" and (
            field_info.required or _ACCEPT.search(target) or len(text_fields) == 0
        ):
            fills.append(Fill(field_info, "check", f"Check {quoted(target)}"))
        elif field_info.type == "radio" and field_info.required:
            fills.append(Fill(field_info, "click", f"Click {quoted(target)}"))
    if not fills and text_fields:
        return None
    return fills


def submit_step(form: FormInfo) -> str:
    assert form.submit is not None
    return (
        f"Click {quoted(form.submit.text)}" if form.submit.text else "Submit the form"
    )


def _happy_case(
    page: PageInfo, form: FormInfo, draft: SuiteDraft, tags: list[str]
) -> dict[str, Any] | None:
    assert form.submit is not None
    fills = form_fills(form, draft.fixtures)
    if fills is None:
        return None  # nothing we could name to fill in
    steps: list[Any] = [f"Open {page.path}", *(f.as_step for f in fills)]
    steps.append(submit_step(form))
    refused = list(form.empty_submit.errors) if form.empty_submit else []
    button = form.submit.text or "the form"
    return {
        "id": f"{slug(page.path) or 'home'}-{slug(button)}",
        "title": f"{button!r} on {page.path} works with valid values",
        "tags": [*tags, "form", "happy-path"],
        "steps": steps,
        "expect": [
            {
                "assert": "the form is accepted without an error",
                "check": {
                    "kind": "absent_text",
                    "any_of": list(dict.fromkeys([*refused, *SERVER_ERRORS])),
                },
            }
        ],
    }


def _required_case(page: PageInfo, form: FormInfo, tags: list[str]) -> dict[str, Any]:
    assert form.submit is not None and form.empty_submit is not None
    button = form.submit.text or "the form"
    expect: list[dict[str, Any]] = [
        {
            "assert": f"the visitor stays on {page.path}",
            "check": {"kind": "url", "path_is": page.path},
        }
    ]
    for error in form.empty_submit.errors[:3]:
        expect.append(
            {
                "assert": f"'{error}' is shown",
                "check": {"kind": "visible_text", "contains": error},
            }
        )
    required = [f.display_name for f in form.fields if f.required and f.display_name]
    return {
        "id": f"{slug(page.path) or 'home'}-{slug(button)}-required",
        "title": f"{button!r} on {page.path} refuses empty required fields"
        + (f" ({', '.join(required[:4])})" if required else ""),
        "tags": [*tags, "form", "validation"],
        "steps": [
            f"Open {page.path}",
            f"Click {quoted(form.submit.text)}"
            if form.submit.text
            else "Submit the form",
        ],
        "expect": expect,
    }


# --- from an OpenAPI document ----------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    has_path_params: bool
    required_query: tuple[str, ...]
    request_fields: tuple[str, ...]


def smoke_suite_from_operations(
    operations: Iterable[Operation],
    *,
    name: str,
    suite_id: str,
    base_url: str,
    source: str,
) -> SuiteDraft:
    draft = SuiteDraft(
        name=name,
        id=suite_id,
        base_url=base_url,
        comment=(
            f"Generated from the OpenAPI document {source}: one smoke case per GET route"
            "\nwithout path or required query parameters, opened in the browser."
        ),
    )
    for op in operations:
        if op.method != "get" or op.has_path_params or op.required_query:
            continue
        what = op.summary or f"GET {op.path}"
        draft.add(
            area_of(op.path),
            {
                "id": f"get-{slug(op.path) or 'root'}",
                "title": f"{what} renders",
                "tags": ["generated", "smoke", "openapi"],
                "steps": [f"Open {op.path}"],
                "expect": [
                    {
                        "assert": f"the browser is on {op.path}",
                        "check": {"kind": "url", "path_is": op.path},
                    },
                    {
                        "assert": "no error page is shown",
                        "check": {"kind": "absent_text", "any_of": list(SERVER_ERRORS)},
                    },
                ],
            },
        )
    return draft
