"""Suites written by a language model: discover areas, expand each, validate, repair, merge.

Plain Python (no Django). Every answer is checked by the suite schema; an invalid one goes back
to the model with the problems listed (at most `MAX_REPAIRS` times), never to the user.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import yaml

from engine import ChatClient, ModelUnavailable, RunBudget, UsageMeter
from engine.spec import GENERATORS, ModelConfig
from suites.schema import SuiteInvalid, parse_suite
from suites.yaml_limits import load_bounded

MAX_REPAIRS = 2
MAX_AREAS = 8
PARALLEL_AREAS = 3
_FENCE = re.compile(r"```(?:ya?ml|json)?\s*\n(.*?)```", re.S)

SUITE_RULES = f"""\
A Tripwire suite is one YAML document:
  suite: <name>
  id: <slug>
  base_url: <given to you; keep it>
  fixtures: {{<name>: {{gen: <generator>}}}}   # generators: {", ".join(GENERATORS)}
  cases:
    - id: <slug, unique in the suite>
      title: <one sentence>
      tags: [<happy-path|validation|edge|error|auth|negative>, ...]
      depends_on: <id of an earlier case, optional>
      steps: [<plain-English steps>]
      expect:
        - assert: <what must hold>
          check: <optional; exactly one of:
            {{kind: url, path_is: /path}} | {{kind: url, contains: text}}
            {{kind: visible_text, contains: text}}
            {{kind: absent_text, any_of: [text, ...]}}
            {{kind: element_visible, selector_hint: description or CSS}}>
Write steps the way the runner's grammar reads them: "Open /path", "Click 'Button text'",
"Enter ${{email}} into 'Email'", "Enter 'literal' into 'Field label'", "Select 'Option' from
'Field'", "Check 'Checkbox label'", "Press Enter", "Wait for 'text'". Name elements by the
text a user sees. Use ${{name}} only for fixtures you declare (or earlier captures). Never
write a real password: use a `password` fixture, and mark steps typing it `secret: true`
({{do: "Enter ${{password}} into 'Password'", secret: true}}). Prefer a `check` on every
expectation, quoting texts the app really shows.
"""

DISCOVER_PROMPT = f"""\
You plan end-to-end tests for a web app. From the material, list the app's functional areas
(sign-up, search, checkout...), at most {MAX_AREAS}. Answer JSON only:
{{"areas": [{{"id": "<slug>", "name": "<short name>", "focus": "<what to test there>"}}]}}
"""

EXPAND_PROMPT = f"""\
You write end-to-end test suites for a web app. Cover the area you are given with
happy-path, validation, edge, error, auth and negative scenarios (tag each case with its
kind), each case runnable on its own or through depends_on. Answer with the YAML suite only.

{SUITE_RULES}"""

ONE_PASS_PROMPT = f"""\
You write an end-to-end test suite for a web app from the material given: the main user
journeys, with their validation and error cases. Answer with the YAML suite only.

{SUITE_RULES}"""


class ModelFailed(Exception):
    """The model gave no valid suite (or could not be asked); the message says why."""


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    focus: str


@dataclass
class Generated:
    """A merged suite, and (exhaustive mode) one suite per discovered area."""

    doc: dict[str, Any]
    by_area: list[tuple[Area, dict[str, Any]]]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def problems_of(doc: dict[str, Any]) -> list[str]:
    try:
        parse_suite(dump(doc))
    except SuiteInvalid as exc:
        return [f"{p.path}: {p.message}" if p.path else p.message for p in exc.problems]
    return []


def dump(doc: dict[str, Any]) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


class SuiteWriter:
    def __init__(
        self,
        config: ModelConfig,
        *,
        base_url: str,
        name: str,
        suite_id: str,
        client_factory: Callable[[ModelConfig], ChatClient] = ChatClient,
    ) -> None:
        self.config = config
        self.base_url = base_url
        self.name = name
        self.suite_id = suite_id
        self._client = client_factory(config)
        self.calls = 0
        # Areas are expanded in parallel: each call reserves its place in the budget first.
        self._lock = threading.Lock()
        self._reserved = 0

    # --- one model call ---------------------------------------------------------------------

    def _ask(self, messages: list[dict[str, Any]], *, json_mode: bool = False) -> str:
        limit = self.config.max_calls_per_run
        with self._lock:
            spent = self.calls + self._reserved
            if limit is not None and spent >= limit:
                raise ModelFailed(RunBudget(limit=limit).message())
            self._reserved += 1
        meter = UsageMeter()
        try:
            completion = self._client.complete(
                messages,
                meter=meter,
                budget=RunBudget(limit=limit, spent=spent),
                deadline=time.monotonic() + self.config.step_timeout_s,
                json_mode=json_mode,
            )
        except ModelUnavailable as exc:
            raise ModelFailed(str(exc)) from None
        finally:
            with self._lock:
                self._reserved -= 1
                self.calls += meter.calls
        return completion.content or ""

    # --- passes ------------------------------------------------------------------------------

    def discover(self, material: str) -> list[Area]:
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": DISCOVER_PROMPT},
            {"role": "user", "content": material},
        ]
        for attempt in range(MAX_REPAIRS + 1):
            answer = self._ask(messages, json_mode=True)
            areas, problem = _parse_areas(answer)
            if areas:
                return areas[:MAX_AREAS]
            if attempt == MAX_REPAIRS:
                break
            messages += [
                {"role": "assistant", "content": answer},
                {
                    "role": "user",
                    "content": f"That answer is not usable: {problem}. Answer the JSON "
                    'object {"areas": [...]} only.',
                },
            ]
        raise ModelFailed(
            f"the model did not list the app's areas after {MAX_REPAIRS} repairs ({problem})"
        )

    def write(self, material: str, *, area: Area | None = None) -> dict[str, Any]:
        """One suite, valid by the schema, for the whole material or for one area."""
        if area is None:
            system, ask = ONE_PASS_PROMPT, "Write the suite."
        else:
            system = EXPAND_PROMPT
            ask = (
                f"Write the suite for the area {area.name!r} ({area.id}): {area.focus}"
            )
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": system},
            {
                "role": "user",
                "content": f"base_url: {self.base_url}\n\n{material}\n\n{ask}",
            },
        ]
        problems: list[str] = []
        for attempt in range(MAX_REPAIRS + 1):
            answer = self._ask(messages)
            doc, problems = self._normalise(answer, area=area)
            if doc is not None and not problems:
                return doc
            if attempt == MAX_REPAIRS:
                break
            listed = "\n".join(f"- {p}" for p in problems[:30])
            messages += [
                {"role": "assistant", "content": answer},
                {
                    "role": "user",
                    "content": f"The suite is not valid:\n{listed}\nAnswer with the whole "
                    "corrected YAML suite only.",
                },
            ]
        where = f" for {area.name!r}" if area else ""
        raise ModelFailed(
            f"the model's suite{where} was still invalid after {MAX_REPAIRS} repairs: "
            + "; ".join(problems[:5])
        )

    def _normalise(
        self, answer: str, *, area: Area | None
    ) -> tuple[dict[str, Any] | None, list[str]]:
        fenced = _FENCE.search(answer)
        text = fenced.group(1) if fenced else answer
        try:
            loaded = load_bounded(text)
        except yaml.YAMLError as exc:
            return None, [f"not YAML: {exc}"]
        if isinstance(loaded, list):
            loaded = {"cases": loaded}
        if not isinstance(loaded, dict):
            return None, [
                "the answer is not a YAML mapping with suite, id, base_url, cases"
            ]
        # The caller decides where the suite runs and what it is called.
        doc = {
            "suite": self.name if area is None else f"{self.name}: {area.name}",
            "id": self.suite_id if area is None else f"{self.suite_id}-{area.id}"[:100],
            "base_url": self.base_url,
            **{k: v for k, v in loaded.items() if k not in ("suite", "id", "base_url")},
        }
        return doc, problems_of(doc)

    def exhaustive(self, material: str) -> Generated:
        areas = self.discover(material)
        with ThreadPoolExecutor(max_workers=PARALLEL_AREAS) as pool:
            docs = list(pool.map(lambda a: self.write(material, area=a), areas))
        by_area = list(zip(areas, docs, strict=True))
        merged = merge(
            by_area, name=self.name, suite_id=self.suite_id, base_url=self.base_url
        )
        problems = problems_of(merged)
        if problems:
            raise ModelFailed("the merged suite is invalid: " + "; ".join(problems[:5]))
        return Generated(doc=merged, by_area=by_area)

    def one_pass(self, material: str) -> Generated:
        return Generated(doc=self.write(material), by_area=[])


def _parse_areas(answer: str) -> tuple[list[Area], str]:
    fenced = _FENCE.search(answer)
    try:
        data = json.loads(fenced.group(1) if fenced else answer)
    except json.JSONDecodeError as exc:
        return [], f"not JSON ({exc})"
    raw = data.get("areas") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return [], "no 'areas' list"
    areas: list[Area] = []
    seen: set[str] = set()
    for item in raw:
        if not isinstance(item, dict):
            continue
        name = str(item.get("name") or item.get("id") or "").strip()
        area_id = _slug(str(item.get("id") or name))
        if not area_id or area_id in seen:
            continue
        seen.add(area_id)
        areas.append(Area(id=area_id, name=name, focus=str(item.get("focus") or "")))
    return areas, "" if areas else "the 'areas' list is empty"


def _norm_title(title: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", title.lower()).split())


def merge(
    by_area: list[tuple[Area, dict[str, Any]]],
    *,
    name: str,
    suite_id: str,
    base_url: str,
) -> dict[str, Any]:
    """One suite from the areas' suites: cases in area order, duplicates (same title) dropped,
    clashing ids prefixed with the area, fixtures and env united (the first definition wins)."""
    fixtures: dict[str, Any] = {}
    env: dict[str, Any] = {}
    cases: list[dict[str, Any]] = []
    ids: set[str] = set()
    titles: dict[str, str] = {}
    for area, part in by_area:
        for key, value in (part.get("fixtures") or {}).items():
            fixtures.setdefault(key, value)
        for key, value in (part.get("env") or {}).items():
            env.setdefault(key, value)
        renamed: dict[str, str] = {}
        for raw in part.get("cases") or []:
            case = dict(raw)
            title = _norm_title(str(case.get("title", "")))
            old_id = str(case.get("id", ""))
            if title in titles:
                # Cases depending on the duplicate depend on the one kept instead.
                renamed[old_id] = titles[title]
                continue
            new_id = old_id
            if new_id in ids:
                new_id = f"{area.id}-{old_id}"[:100]
                n = 2
                while new_id in ids:
                    new_id, n = f"{area.id}-{old_id}-{n}"[:100], n + 1
            renamed[old_id] = new_id
            case["id"] = new_id
            depends = case.get("depends_on")
            if depends is not None:
                listed = depends if isinstance(depends, list) else [depends]
                kept = [renamed.get(str(d), str(d)) for d in listed]
                case["depends_on"] = kept if isinstance(depends, list) else kept[0]
            ids.add(new_id)
            titles[title] = new_id
            cases.append(case)
    doc: dict[str, Any] = {"suite": name, "id": suite_id, "base_url": base_url}
    if fixtures:
        doc["fixtures"] = fixtures
    if env:
        doc["env"] = env
    doc["cases"] = cases
    return doc
