"""Validate a suite document (SPEC §3) and turn it into the engine's `Suite`.

Every problem is reported at once, each with its path (`cases[1].steps[0].do`) and the 1-based line
and column of the YAML node it is about, so an editor can underline it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.reader import ReaderError

from core.http_urls import HTTP_URL_MESSAGE, is_http_url
from engine.spec import (
    CHECK_KINDS,
    GENERATORS,
    Capture,
    Case,
    Check,
    Expect,
    Fixture,
    Step,
    SuiteSpec,
)
from suites.yaml_limits import BoundedLoader, YamlLimitExceeded, YamlTooLarge

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# `${name}`; anything else after `${` is reported as malformed.
REFERENCE = re.compile(r"\$\{([^}]*)\}")

SUITE_KEYS = ("suite", "id", "base_url", "fixtures", "env", "cases")
CASE_KEYS = ("id", "title", "tags", "depends_on", "steps", "expect", "capture")
STEP_KEYS = ("id", "do", "secret")
EXPECT_KEYS = ("id", "assert", "check")
CAPTURE_KEYS = ("name", "from", "selector_hint", "pattern")
CHECK_PARAMS: dict[str, tuple[str, ...]] = {
    "url": ("path_is", "contains"),
    "visible_text": ("contains", "equals", "selector_hint"),
    "absent_text": ("any_of",),
    "element_visible": ("selector_hint",),
}
GENERATOR_OPTIONS: dict[str, dict[str, type]] = {
    "unique_email": {"domain": str},
    "password": {"length": int},
    "number": {"min": int, "max": int},
    "date": {"offset_days": int, "format": str},
    "sentence": {"words": int},
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    column: int | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class SuiteInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        where = f"{first.path}: " if first.path else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{where}{first.message}{more}")


@dataclass(frozen=True)
class ParsedSuite:
    suite: SuiteSpec
    # A light summary of each case, cached on the Suite row for listings and search.
    cases: list[dict[str, Any]]


@dataclass
class _Marks:
    values: dict[str, tuple[int, int]] = field(default_factory=dict)
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: str, *, key: bool = False) -> tuple[int | None, int | None]:
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while True:
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return None, None
            probe = _parent(probe)


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def _child(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Checker:
    def __init__(self, marks: _Marks) -> None:
        self.marks = marks
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, *, key: bool = False) -> None:
        line, column = self.marks.at(path, key=key)
        self.problems.append(Problem(path, line, column, message))

    # --- typed field readers: report and return None when the value does not fit ---------------

    def mapping(self, value: Any, path: str, what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"{what} must be a mapping, not {_kind(value)}")
            return None
        return value

    def known_keys(
        self, data: dict[str, Any], path: str, allowed: tuple[str, ...]
    ) -> None:
        for key in data:
            if key not in allowed:
                self.add(
                    _child(path, key),
                    f"unknown field '{key}' (expected one of: {', '.join(allowed)})",
                    key=True,
                )

    def text(
        self, data: dict[str, Any], key: str, path: str, *, required: bool = False
    ) -> str | None:
        where = _child(path, key)
        if key not in data or data[key] is None:
            if required:
                self.add(where if key in data else path, f"'{key}' is required")
            return None
        value = data[key]
        if not isinstance(value, str):
            self.add(where, f"'{key}' must be a string, not {_kind(value)}")
            return None
        if required and not value.strip():
            self.add(where, f"'{key}' must not be empty")
            return None
        return value

    def ident(
        self,
        data: dict[str, Any],
        key: str,
        path: str,
        pattern: re.Pattern[str],
        rule: str,
        *,
        required: bool,
    ) -> str | None:
        value = self.text(data, key, path, required=required)
        if value is not None and not pattern.match(value):
            self.add(_child(path, key), f"'{key}' {value!r} {rule}")
            return None
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _load(text: str) -> tuple[Any, _Marks]:
    loader: BoundedLoader | None = None
    try:
        loader = BoundedLoader(text)
        node = loader.get_single_node()
        marks = _Marks()
        if node is None:
            return None, marks
        duplicates = list(_walk(node, "", marks))
        if duplicates:
            raise SuiteInvalid(duplicates)
        return loader.construct_document(node), marks
    except YamlTooLarge as exc:
        raise SuiteInvalid([Problem("", None, None, f"YAML refused: {exc}")]) from None
    except YamlLimitExceeded as exc:
        line, column = _pos(exc.problem_mark) if exc.problem_mark else (None, None)
        raise SuiteInvalid(
            [Problem("", line, column, f"YAML refused: {exc.problem}")]
        ) from None
    except ReaderError as exc:
        # A control character: PyYAML gives its offset, the editor wants a line and column.
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise SuiteInvalid(
            [
                Problem(
                    "",
                    line,
                    column,
                    f"YAML syntax error: character #x{exc.character:04x} is not allowed "
                    "(control characters other than tab and newline cannot appear)",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _pos(mark) if mark else (None, None)
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        raise SuiteInvalid(
            [Problem("", line, column, f"YAML syntax error: {message}")]
        ) from None
    except yaml.YAMLError as exc:
        raise SuiteInvalid(
            [Problem("", None, None, f"YAML syntax error: {exc}")]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _walk(node: yaml.Node, path: str, marks: _Marks) -> Iterator[Problem]:
    """Record where every node starts; report duplicate keys, which PyYAML silently merges."""
    marks.values[path] = _pos(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            key = key_node.value
            child = _child(path, key)
            if key in seen:
                line, column = _pos(key_node.start_mark)
                yield Problem(child, line, column, f"duplicate key '{key}'")
                continue
            seen.add(key)
            marks.keys[child] = _pos(key_node.start_mark)
            yield from _walk(value_node, child, marks)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, _child(path, index), marks)


def parse_suite(text: str, *, file: str = "") -> ParsedSuite:
    """Validate `text`; return the engine Suite or raise SuiteInvalid listing every problem."""
    data, marks = _load(text)
    checker = _Checker(marks)
    if data is None:
        raise SuiteInvalid([Problem("", 1, 1, "the document is empty")])
    top = checker.mapping(data, "", "a suite")
    if top is None:
        raise SuiteInvalid(checker.problems)
    built = _suite(checker, top, file=file)
    if checker.problems or built is None:
        raise SuiteInvalid(
            sorted(checker.problems, key=lambda p: (p.line or 0, p.column or 0))
        )
    return built


def _suite(c: _Checker, top: dict[str, Any], *, file: str) -> ParsedSuite | None:
    c.known_keys(top, "", SUITE_KEYS)
    name = c.text(top, "suite", "", required=True)
    suite_id = c.ident(
        top,
        "id",
        "",
        SLUG,
        "must be a slug: lower-case letters, digits, '-' "
        "and '_', starting with a letter or digit",
        required=True,
    )
    env = _env(c, top.get("env"))
    fixtures = _fixtures(c, top.get("fixtures"))
    for clash in sorted(set(env) & {f.name for f in fixtures}):
        c.add(
            _child("fixtures", clash), f"'{clash}' is defined in both env and fixtures"
        )
    known = set(env) | {f.name for f in fixtures}
    base_url = c.text(top, "base_url", "", required=True)
    if base_url is not None:
        _references(c, base_url, "base_url", known)
        if not base_url.startswith("${") and not is_http_url(base_url):
            c.add("base_url", f"'base_url' {HTTP_URL_MESSAGE}, got {base_url!r}")
    cases = _cases(c, top, known)
    if c.problems or name is None or suite_id is None or base_url is None:
        return None
    suite = SuiteSpec(
        name=name,
        id=suite_id,
        base_url=base_url,
        cases=tuple(cases),
        fixtures=tuple(fixtures),
        env=env,
        file=file,
    )
    summary = [
        {
            "id": case.id,
            "title": case.title,
            "tags": list(case.tags),
            "depends_on": list(case.depends_on),
            "steps": len(case.steps),
            "expect": len(case.expects),
        }
        for case in cases
    ]
    return ParsedSuite(suite=suite, cases=summary)


def _env(c: _Checker, raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    data = c.mapping(raw, "env", "'env'")
    if data is None:
        return {}
    env: dict[str, str] = {}
    for key, value in data.items():
        path = _child("env", key)
        if not isinstance(key, str) or not NAME.match(key):
            c.add(
                path,
                f"env name {key!r} must be a letter or '_' followed by letters, digits "
                "or '_'",
                key=True,
            )
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            c.add(path, f"env '{key}' must be a string, not {_kind(value)}")
            continue
        env[key] = str(value)
        for problem in _malformed(str(value)):
            c.add(path, problem)
    return env


def _fixtures(c: _Checker, raw: Any) -> list[Fixture]:
    if raw is None:
        return []
    data = c.mapping(raw, "fixtures", "'fixtures'")
    if data is None:
        return []
    fixtures: list[Fixture] = []
    for key, value in data.items():
        path = _child("fixtures", key)
        if not isinstance(key, str) or not NAME.match(key):
            c.add(
                path,
                f"fixture name {key!r} must be a letter or '_' followed by letters, "
                "digits or '_'",
                key=True,
            )
            continue
        spec = c.mapping(value, path, f"fixture '{key}'")
        if spec is None:
            continue
        gen = c.text(spec, "gen", path, required=True)
        if gen is None:
            continue
        if gen not in GENERATORS:
            c.add(
                _child(path, "gen"),
                f"unknown generator '{gen}' (expected one of: {', '.join(GENERATORS)})",
            )
            continue
        allowed = GENERATOR_OPTIONS.get(gen, {})
        options: dict[str, object] = {}
        for option, option_value in spec.items():
            if option == "gen":
                continue
            where = _child(path, option)
            if option not in allowed:
                hint = f"one of: {', '.join(allowed)}" if allowed else "none"
                c.add(
                    where,
                    f"generator '{gen}' has no option '{option}' (options: {hint})",
                    key=True,
                )
            elif isinstance(option_value, bool) or not isinstance(
                option_value, allowed[option]
            ):
                c.add(
                    where,
                    f"'{option}' must be {_type_name(allowed[option])}, not "
                    f"{_kind(option_value)}",
                )
            else:
                options[option] = option_value
        if gen == "number":
            low, high = options.get("min", 0), options.get("max", 1_000_000)
            if isinstance(low, int) and isinstance(high, int) and low > high:
                c.add(
                    _child(path, "min"),
                    f"'min' ({low}) must not be greater than 'max' ({high})",
                )
        if gen == "password" and isinstance(options.get("length"), int):
            length = options["length"]
            if isinstance(length, int) and not 8 <= length <= 128:
                c.add(_child(path, "length"), "'length' must be between 8 and 128")
        fixtures.append(Fixture(name=key, gen=gen, options=options))
    return fixtures


def _type_name(kind: type) -> str:
    return {int: "a whole number", str: "a string"}.get(kind, kind.__name__)


def _cases(c: _Checker, top: dict[str, Any], known: set[str]) -> list[Case]:
    if "cases" not in top or top["cases"] is None:
        c.add("", "'cases' is required")
        return []
    raw = top["cases"]
    if not isinstance(raw, list):
        c.add("cases", f"'cases' must be a list, not {_kind(raw)}")
        return []
    if not raw:
        c.add("cases", "'cases' must contain at least one case")
        return []
    cases: list[Case] = []
    ids: list[str] = []
    available = set(known)
    for index, item in enumerate(raw):
        path = _child("cases", index)
        data = c.mapping(item, path, "a case")
        if data is None:
            continue
        case = _case(c, data, path, ids, available)
        if case is not None:
            cases.append(case)
        if isinstance(data.get("id"), str):
            ids.append(data["id"])
    return cases


def _case(
    c: _Checker,
    data: dict[str, Any],
    path: str,
    earlier: list[str],
    available: set[str],
) -> Case | None:
    c.known_keys(data, path, CASE_KEYS)
    case_id = c.ident(
        data,
        "id",
        path,
        SLUG,
        "must be a slug: lower-case letters, digits, '-' and '_'",
        required=True,
    )
    if case_id is not None and case_id in earlier:
        c.add(_child(path, "id"), f"duplicate case id '{case_id}'")
    title = c.text(data, "title", path, required=True)
    tags = _string_list(c, data.get("tags"), _child(path, "tags"), "tags")
    depends = _depends(
        c, data.get("depends_on"), _child(path, "depends_on"), case_id, earlier
    )
    steps = _steps(c, data.get("steps"), _child(path, "steps"), available)
    expects = _expects(c, data.get("expect"), _child(path, "expect"), available)
    captures = _captures(c, data.get("capture"), _child(path, "capture"), available)
    if not data.get("steps") and not data.get("expect"):
        c.add(path, "a case needs at least one step or expectation")
    # Captures become visible to later cases only.
    available.update(capture.name for capture in captures)
    if case_id is None or title is None:
        return None
    return Case(
        id=case_id,
        title=title,
        tags=tuple(tags),
        depends_on=tuple(depends),
        steps=tuple(steps),
        expects=tuple(expects),
        captures=tuple(captures),
    )


def _string_list(c: _Checker, raw: Any, path: str, what: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        c.add(path, f"'{what}' must be a list of strings, not {_kind(raw)}")
        return []
    found: list[str] = []
    for index, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            c.add(_child(path, index), f"each of '{what}' must be a non-empty string")
        else:
            found.append(item)
    return found


def _depends(
    c: _Checker, raw: Any, path: str, case_id: str | None, earlier: list[str]
) -> list[str]:
    if raw is None:
        return []
    items: list[tuple[str, Any]]
    if isinstance(raw, str):
        items = [(path, raw)]
    elif isinstance(raw, list):
        items = [(_child(path, i), item) for i, item in enumerate(raw)]
    else:
        c.add(
            path,
            f"'depends_on' must be a case id or a list of case ids, not {_kind(raw)}",
        )
        return []
    found: list[str] = []
    for where, item in items:
        if not isinstance(item, str):
            c.add(where, f"'depends_on' entries must be case ids, not {_kind(item)}")
        elif item == case_id:
            c.add(where, f"case '{item}' cannot depend on itself")
        elif item not in earlier:
            c.add(
                where,
                f"depends_on '{item}' must name a case defined earlier in the file",
            )
        else:
            found.append(item)
    return found


def _items(c: _Checker, raw: Any, path: str, what: str) -> list[tuple[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        c.add(path, f"'{what}' must be a list, not {_kind(raw)}")
        return []
    return [(_child(path, index), item) for index, item in enumerate(raw)]


def _assign_ids(explicit: list[str | None], prefix: str) -> list[str]:
    taken = {value for value in explicit if value}
    assigned: list[str] = []
    for index, value in enumerate(explicit):
        if value:
            assigned.append(value)
            continue
        number = index + 1
        while f"{prefix}{number}" in taken:
            number += 1
        taken.add(f"{prefix}{number}")
        assigned.append(f"{prefix}{number}")
    return assigned


def _item_ids(c: _Checker, items: list[tuple[str, Any]], what: str) -> list[str | None]:
    explicit: list[str | None] = []
    seen: set[str] = set()
    for path, item in items:
        value = item.get("id") if isinstance(item, dict) else None
        if isinstance(item, dict) and "id" in item:
            if not isinstance(value, str) or not SLUG.match(value):
                c.add(
                    _child(path, "id"),
                    f"{what} id must be a slug such as 's1', got {value!r}",
                )
                value = None
            elif value in seen:
                c.add(_child(path, "id"), f"duplicate {what} id '{value}'")
            else:
                seen.add(value)
        explicit.append(value if isinstance(value, str) else None)
    return explicit


def _steps(c: _Checker, raw: Any, path: str, known: set[str]) -> list[Step]:
    items = _items(c, raw, path, "steps")
    ids = _assign_ids(_item_ids(c, items, "step"), "s")
    steps: list[Step] = []
    for (where, item), step_id in zip(items, ids, strict=True):
        if isinstance(item, str):
            item = {"do": item}
            do_path = where
        else:
            do_path = _child(where, "do")
        data = c.mapping(item, where, "a step")
        if data is None:
            continue
        c.known_keys(data, where, STEP_KEYS)
        do = c.text(data, "do", where, required=True)
        secret = data.get("secret", False)
        if not isinstance(secret, bool):
            c.add(
                _child(where, "secret"),
                f"'secret' must be true or false, not {_kind(secret)}",
            )
            secret = False
        if do is not None:
            _references(c, do, do_path, known)
            steps.append(Step(id=step_id, do=do, secret=secret))
    return steps


def _expects(c: _Checker, raw: Any, path: str, known: set[str]) -> list[Expect]:
    items = _items(c, raw, path, "expect")
    ids = _assign_ids(_item_ids(c, items, "expectation"), "a")
    expects: list[Expect] = []
    for (where, item), expect_id in zip(items, ids, strict=True):
        if isinstance(item, str):
            item = {"assert": item}
            text_path = where
        else:
            text_path = _child(where, "assert")
        data = c.mapping(item, where, "an expectation")
        if data is None:
            continue
        c.known_keys(data, where, EXPECT_KEYS)
        text = c.text(data, "assert", where, required=True)
        if text is not None:
            _references(c, text, text_path, known)
        check = (
            _check(c, data.get("check"), _child(where, "check"), known)
            if "check" in data
            else None
        )
        if text is not None:
            expects.append(Expect(id=expect_id, assertion=text, check=check))
    return expects


def _check(c: _Checker, raw: Any, path: str, known: set[str]) -> Check | None:
    data = c.mapping(raw, path, "'check'")
    if data is None:
        return None
    kind = c.text(data, "kind", path, required=True)
    if kind is None:
        return None
    if kind not in CHECK_KINDS:
        c.add(
            _child(path, "kind"),
            f"unknown check kind '{kind}' (expected one of: {', '.join(CHECK_KINDS)})",
        )
        return None
    allowed = CHECK_PARAMS[kind]
    c.known_keys(data, path, ("kind", *allowed))
    params: dict[str, str] = {}
    for name in ("path_is", "contains", "equals", "selector_hint"):
        if name in allowed and name in data:
            value = c.text(data, name, path, required=True)
            if value is not None:
                _references(c, value, _child(path, name), known)
                params[name] = value
    any_of: tuple[str, ...] = ()
    if kind == "url" and ("path_is" in data) == ("contains" in data):
        c.add(path, "a 'url' check needs exactly one of 'path_is' or 'contains'")
    elif kind == "visible_text":
        if ("contains" in data) == ("equals" in data):
            c.add(
                path,
                "a 'visible_text' check needs exactly one of 'contains' or 'equals'",
            )
        elif "equals" in data and "selector_hint" not in data:
            c.add(
                path, "'equals' needs a 'selector_hint' naming the element to compare"
            )
    elif kind == "absent_text":
        raw_any = data.get("any_of")
        where = _child(path, "any_of")
        if "any_of" not in data:
            c.add(path, "an 'absent_text' check needs 'any_of': a list of strings")
        elif not isinstance(raw_any, list) or not raw_any:
            c.add(where, "'any_of' must be a non-empty list of strings")
        else:
            any_of = tuple(_string_list(c, raw_any, where, "any_of"))
            for index, item in enumerate(any_of):
                _references(c, item, _child(where, index), known)
    elif kind == "element_visible" and "selector_hint" not in data:
        c.add(path, "an 'element_visible' check needs 'selector_hint'")
    return Check(
        kind=kind,
        path_is=params.get("path_is"),
        contains=params.get("contains"),
        equals=params.get("equals"),
        selector_hint=params.get("selector_hint"),
        any_of=any_of,
    )


def _captures(c: _Checker, raw: Any, path: str, known: set[str]) -> list[Capture]:
    captures: list[Capture] = []
    for where, item in _items(c, raw, path, "capture"):
        data = c.mapping(item, where, "a capture")
        if data is None:
            continue
        c.known_keys(data, where, CAPTURE_KEYS)
        name = c.ident(
            data,
            "name",
            where,
            NAME,
            "must be a letter or '_' followed by letters, digits or '_'",
            required=True,
        )
        source = c.text(data, "from", where, required=True)
        hint = c.text(data, "selector_hint", where)
        pattern = c.text(data, "pattern", where)
        if hint is not None:
            _references(c, hint, _child(where, "selector_hint"), known)
        if pattern is not None:
            try:
                groups = re.compile(pattern).groups
            except re.error as exc:
                c.add(
                    _child(where, "pattern"),
                    f"'pattern' is not a valid regular expression: {exc}",
                )
            else:
                if groups != 1:
                    c.add(
                        _child(where, "pattern"),
                        f"'pattern' must have exactly one group, it has {groups}",
                    )
        if name is not None and (
            name in known or any(x.name == name for x in captures)
        ):
            c.add(
                _child(where, "name"), f"'{name}' is already defined; pick another name"
            )
            continue
        if name is not None and source is not None:
            captures.append(
                Capture(name=name, source=source, selector_hint=hint, pattern=pattern)
            )
    return captures


def _malformed(text: str) -> list[str]:
    problems = [
        f"'${{{inner}}}' is not a valid reference: use ${{name}} with letters, digits and '_'"
        for inner in REFERENCE.findall(text)
        if not NAME.match(inner)
    ]
    if text.count("${") > len(REFERENCE.findall(text)):
        problems.append("an unclosed '${' : write references as ${name}")
    return problems


def _references(c: _Checker, text: str, path: str, known: set[str]) -> None:
    for problem in _malformed(text):
        c.add(path, problem)
    for name in REFERENCE.findall(text):
        if NAME.match(name) and name not in known:
            hint = f" (known: {', '.join(sorted(known))})" if known else ""
            c.add(
                path,
                f"unknown variable ${{{name}}}: define it under env or fixtures, or "
                f"capture it in an earlier case{hint}",
            )


def references(text: str) -> list[str]:
    """The variable names a text refers to, in order."""
    return [name for name in REFERENCE.findall(text) if NAME.match(name)]
