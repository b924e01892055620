"""Export a suite as a standalone `@playwright/test` spec (SPEC §10).

`compile_suite` is pure: a validated suite (and, optionally, a lookup into the action cache) in,
TypeScript text out. Reading the stored suite and its cache rows is the caller's job
(`runs.suite_export`).

How a step becomes code, best source first:
1. The action cache entry of the step (key parts: suite, case, step id and normalised text; the
   newest entry wins when the step ran from several URLs). Its first recorded locator is what
   actually found the element when the step last passed (test id → role + name → label /
   placeholder → text → CSS path).
2. The grammar's intent (engine.grammar.parse), compiled to Playwright's user-facing locators:
   `getByRole`, `getByLabel`, `getByPlaceholder`, `getByText`, scoped to a row when the step says
   "next to 'X'". These are best guesses; the header says which steps used them.
3. Anything else becomes `test.fixme(...)` at its place in the case, with a TODO saying why: the
   case runs up to that point and then shows as fixme, never as a silent pass.

Semantics follow the engine, so a suite that passes in Tripwire passes as a spec: one page for the
whole suite (`test.describe.serial`), a case whose `depends_on` did not pass is skipped, visible
text means `innerText` (not hidden DOM or script source), `contains` ignores case, `absent_text`
is a case-insensitive regex per item, and `path_is` ignores a trailing slash.

Secrets never appear in the output (SPEC §4.6): password fixtures and fixtures typed in
`secret: true` steps read `TRIPWIRE_FIXTURE_<NAME>` and fall back to a generated value; literals
typed in secret steps read `TRIPWIRE_SECRET_<CASE>_<STEP>` and fail clearly when it is unset;
suite `env` values that read OS variables read the same variables at load time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from engine import grammar
from engine.cache import CachedAction, normalize_step_text
from engine.export import typescript as ts
from engine.export.steps import (
    IND,
    STEP_TIMEOUT_MS,
    NoGuess,
    StepCompiler,
    Todo,
    Values,
    secret_step_literals,
)
from engine.export.typescript import Chain, ts_str
from engine.intent import DIALOG_ANSWERS
from engine.spec import Capture, Case, Expect, Fixture, Step, SuiteSpec, part_step
from engine.variables import VAR_RE

# (case id, step id, step text) → what the step did when it last passed, or None.
CacheLookup = Callable[[str, str, str], CachedAction | None]
StepSource = Literal["cache", "grammar", "todo"]

VIEWPORT = (1280, 800)  # engine.spec.BrowserOptions

_GENERATOR_HELPERS = {
    "unique_email": "genUniqueEmail",
    "password": "genPassword",
    "uuid": "genUuid",
    "name": "genName",
    "first_name": "genFirstName",
    "last_name": "genLastName",
    "username": "genUsername",
    "phone": "genPhone",
    "number": "genNumber",
    "word": "genWord",
    "sentence": "genSentence",
    "date": "genDate",
    "company": "genCompany",
    "city": "genCity",
    "zip": "genZip",
}
# Generator options the JS helpers take, in argument order.
_GENERATOR_ARGS: dict[str, tuple[tuple[str, object], ...]] = {
    "unique_email": (("domain", "example.com"),),
    "password": (("length", 16),),
    "number": (("min", 0), ("max", 1000)),
    "sentence": (("words", 6),),
    "date": (("offset_days", 0),),
}
_ENV_NAME_JUNK = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True)
class ExportedSpec:
    """The spec text plus what the header says about it (for the API and the tests)."""

    text: str
    filename: str
    cached_steps: tuple[str, ...]
    grammar_steps: tuple[str, ...]
    todo: tuple[str, ...]
    review: tuple[str, ...]


@dataclass
class _Emitted:
    lines: list[str]
    source: StepSource
    review: str | None = None


def env_name(*parts: str) -> str:
    return "_".join(_ENV_NAME_JUNK.sub("_", p).strip("_").upper() for p in parts if p)


# --- the compiler --------------------------------------------------------------------------------


@dataclass
class _Secrets:
    literals: dict[str, str] = field(default_factory=dict)  # literal → JS expression
    fixture_names: set[str] = field(default_factory=set)
    listed: list[tuple[str, str]] = field(default_factory=list)  # (env var, what it is)


class _Compiler:
    def __init__(
        self,
        suite: SuiteSpec,
        cache: CacheLookup | None,
        generated_at: datetime,
        source_file: str,
    ) -> None:
        self.suite = suite
        self.cache = cache
        self.generated_at = generated_at
        self.source_file = source_file or suite.file
        self.helpers: set[str] = set()
        self.cached: list[str] = []
        self.grammar: list[str] = []
        self.todo: list[str] = []
        self.review: list[str] = []
        self.generators = {f.name: f.gen for f in suite.fixtures}
        self.secrets = self._collect_secrets()
        self.values = Values(self.secrets.literals)
        self.steps = StepCompiler(self.values, self.generators)
        self.steps.follow_tabs = any(
            (intent := grammar.parse(text)) is not None
            and intent.kind in ("switch_tab", "close_tab")
            for case in suite.cases
            for step in case.steps
            for text in grammar.steps_in(step.do) or (step.do,)
        )

    # -- secrets --------------------------------------------------------------------------------

    def _collect_secrets(self) -> _Secrets:
        found = _Secrets()
        secret_names: set[str] = {
            f.name for f in self.suite.fixtures if f.gen == "password"
        }
        for case in self.suite.cases:
            for step in case.steps:
                if not step.secret:
                    continue
                secret_names.update(VAR_RE.findall(step.do))
                literals = secret_step_literals(step.do)
                for index, literal in enumerate(literals, start=1):
                    if literal in found.literals:
                        continue
                    suffix = str(index) if len(literals) > 1 else ""
                    name = env_name("TRIPWIRE_SECRET", case.id, step.id, suffix)
                    what = f"the value typed by step {case.id}/{step.id}"
                    found.literals[literal] = f"secret({ts_str(name)}, {ts_str(what)})"
                    found.listed.append((name, f"{what} (required)"))
                    self.helpers.add("secret")
        fixture_names = {f.name for f in self.suite.fixtures}
        found.fixture_names = secret_names & fixture_names
        for fixture in self.suite.fixtures:
            if fixture.name in found.fixture_names:
                found.listed.append(
                    (
                        env_name("TRIPWIRE_FIXTURE", fixture.name),
                        f"fixture {fixture.name} ({fixture.gen}; generated when unset)",
                    )
                )
        for key, template in self.suite.env.items():
            for os_name in VAR_RE.findall(template):
                found.listed.append((os_name, f"read by env.{key} (required)"))
        return found

    # -- whole file -----------------------------------------------------------------------------

    def compile(self) -> ExportedSpec:
        body = self._describe()
        vars_block = self._vars_block()
        base = self._base_url()
        helpers = ts.helper_closure(self.helpers | self.steps.helpers)
        opened = body.index("    page = await context.newPage();")
        if "dialogs" in helpers:
            # Dialogs are watched from the start, so a check sees one no step planned for.
            body.insert(opened + 1, "    watchDialogs(page);")
        if "expectNoConsoleErrors" in helpers:
            body.insert(opened + 1, "    watchConsole(page);")
        if "tabs" in helpers:
            body.insert(opened, "    await watchTabs(context);")
        crypto = sorted({ts.CRYPTO[h] for h in helpers if h in ts.CRYPTO})
        types = ["BrowserContext", "Page"]
        uses_locator = {
            "capture",
            "setChecked",
            "chooseOption",
            "sortColumn",
            "sortBy",
            "filterBy",
            "setSlider",
            "firstOf",
            "firstIn",
            "rowsWith",
            "rowControl",
            "boxAround",
            "controlAfter",
            "controlNamed",
        }
        if uses_locator & set(helpers) or any("Locator" in line for line in body):
            types.append("Locator")
        if {"answerCookies", "goToPage"} & set(helpers):
            types.append("ElementHandle")
        if "rowsWith" in helpers:
            types.append("FrameLocator")
        if {"rowsWith", "firstIn", "controlNamed"} & set(helpers):
            types.append("Frame")
        lines = self._header()
        lines.append(
            "import { test, expect, "
            + ", ".join(f"type {t}" for t in sorted(types))
            + " } from '@playwright/test';"
        )
        if crypto:
            lines.append(f"import {{ {', '.join(crypto)} }} from 'node:crypto';")
        lines.append("")
        lines += vars_block
        lines += base
        lines.append("")
        lines += body
        if helpers:
            lines.append("")
            lines.append(
                "// ---- helpers (generated by Tripwire; only what this spec uses) ----"
            )
            for name in helpers:
                lines += ts.HELPERS[name].rstrip("\n").split("\n")
        text = "\n".join(lines).rstrip("\n") + "\n"
        return ExportedSpec(
            text=text,
            filename=f"{self.suite.id}.spec.ts",
            cached_steps=tuple(self.cached),
            grammar_steps=tuple(self.grammar),
            todo=tuple(self.todo),
            review=tuple(self.review),
        )

    def _header(self) -> list[str]:
        mask = self.values.mask
        source = f" ({self.source_file})" if self.source_file else ""
        lines = [
            f"// {self.suite.id}.spec.ts: exported by Tripwire from the suite "
            f"'{ts.comment(mask(self.suite.name))}'{source}.",
            f"// Generated {self.generated_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC.",
            "//",
            "// A standalone @playwright/test spec: no Tripwire server and no language model at run",
            "// time. Each plain-English step was compiled to Playwright locators; they are",
            "// best-effort, so review them before relying on them.",
        ]
        lines += ts.wrap_comment(
            "Steps with locators from the action cache (what worked when the step last passed):",
            self.cached or ["none"],
        )
        lines += ts.wrap_comment(
            "Steps compiled from the step grammar (best-guess locators):",
            self.grammar or ["none"],
        )
        if self.todo:
            lines += ts.wrap_comment(
                "Not compiled, marked test.fixme (write them by hand):", self.todo
            )
        lines.append("// Needs review:" if self.review else "// Needs review: nothing.")
        for item in self.review:
            lines += ts.wrap_text(
                ts.comment(mask(item)), first="//   - ", rest="//     "
            )
        lines += [
            "//",
            "// Run it with e2e/playwright.config.ts (the browser and its launch options live there,",
            "// never in a spec). BASE_URL points it at another deployment:",
            f"//   BASE_URL=https://staging.example.com npx playwright test {self.suite.id}.spec.ts",
        ]
        if self.secrets.listed:
            lines.append(
                "// Secrets are read from the environment and never written here:"
            )
            width = max(len(name) for name, _ in self.secrets.listed)
            lines += [
                f"//   {name.ljust(width)}  {ts.comment(what)}"
                for name, what in self.secrets.listed
            ]
        return lines

    def _vars_block(self) -> list[str]:
        captures = [c for case in self.suite.cases for c in case.captures]
        if not (self.suite.env or self.suite.fixtures or captures):
            return []
        lines = [
            "// Named values shared by every case, made once per run like Tripwire's env and",
            "// fixtures; the cases add their captures.",
        ]
        entries: list[str] = []
        for key, template in self.suite.env.items():
            if VAR_RE.search(template):
                self.helpers.add("secret")
                entries.append(f"  {self._key(key)}: {self._env_expr(key, template)},")
            else:
                # Through Values: a literal that is also typed in a secret step stays out.
                entries.append(f"  {self._key(key)}: {self.values.expr(template)},")
        for fixture in self.suite.fixtures:
            call = self._generator_call(fixture)
            if fixture.name in self.secrets.fixture_names:
                variable = env_name("TRIPWIRE_FIXTURE", fixture.name)
                call = f"process.env.{variable} || {call}"
            entries.append(f"  {self._key(fixture.name)}: {call},")
        if entries:
            lines.append("const vars: Record<string, string> = {")
            lines += entries
            lines.append("};")
        else:
            lines.append("const vars: Record<string, string> = {};")
        return lines

    @staticmethod
    def _key(name: str) -> str:
        return name if re.match(r"^[A-Za-z_$][\w$]*$", name) else ts_str(name)

    def _env_expr(self, key: str, template: str) -> str:
        parts: list[str] = []
        position = 0
        for match in VAR_RE.finditer(template):
            parts.append(ts.template_chunk(template[position : match.start()]))
            read = f"secret({ts_str(match.group(1))}, {ts_str(f'env.{key}')})"
            parts.append("${" + read + "}")
            position = match.end()
        parts.append(ts.template_chunk(template[position:]))
        return "`" + "".join(parts) + "`"

    def _generator_call(self, fixture: Fixture) -> str:
        helper = _GENERATOR_HELPERS.get(fixture.gen)
        if helper is None:
            # The schema rejects unknown generators; be loud if one slips by anyway.
            raise ValueError(
                f"fixture {fixture.name!r}: unknown generator {fixture.gen!r}"
            )
        self.helpers.add(helper)
        spec = _GENERATOR_ARGS.get(fixture.gen, ())
        # Options left at their default are left out: `genPassword()` reads better.
        given = [i for i, (option, _) in enumerate(spec) if option in fixture.options]
        keep = given[-1] + 1 if given else 0
        args = [
            ts_str(value) if isinstance(value, str) else str(int(str(value)))
            for value in (fixture.options.get(o, d) for o, d in spec[:keep])
        ]
        return f"{helper}({', '.join(args)})"

    def _base_url(self) -> list[str]:
        return [
            "// The suite's base_url; BASE_URL in the environment points the spec elsewhere.",
            f"const BASE_URL = process.env.BASE_URL || {self.values.expr(self.suite.base_url)};",
        ]

    def _describe(self) -> list[str]:
        suite = self.suite
        depended = {d for case in suite.cases for d in case.depends_on}
        lines = [
            f"test.describe.serial({ts_str(self.values.mask(suite.name))}, () => {{",
            "  let context: BrowserContext | undefined;",
            "  let page: Page;",
        ]
        if depended:
            lines += [
                "  // Cases that passed: a case whose depends_on did not pass is skipped, as in Tripwire.",
                "  const passed = new Set<string>();",
            ]
        lines += [
            "",
            "  test.beforeAll(async ({ browser }) => {",
            "    // One page for the whole suite: cookies, storage and the current page carry over",
            "    // from case to case, as in a Tripwire run.",
            f"    context = await browser.newContext({{ viewport: {{ width: {VIEWPORT[0]}, "
            f"height: {VIEWPORT[1]} }} }});",
            f"    context.setDefaultTimeout({STEP_TIMEOUT_MS:_});",
            "    page = await context.newPage();",
        ]
        if not self._starts_with_goto():
            lines.append("    await page.goto(BASE_URL);")
        lines += [
            "  });",
            "",
            "  test.afterAll(async () => {",
            "    await context?.close();",
            "  });",
        ]
        titles: dict[str, int] = {}
        for case in suite.cases:
            titles[case.title] = titles.get(case.title, 0) + 1
        for case in suite.cases:
            lines.append("")
            lines += self._case(
                case, unique=titles[case.title] == 1, track=case.id in depended
            )
        lines.append("});")
        return lines

    def _starts_with_goto(self) -> bool:
        first = next((c.steps[0] for c in self.suite.cases if c.steps), None)
        intent = grammar.first_intent(first.do) if first is not None else None
        return intent is not None and intent.kind == "goto"

    # -- one case -------------------------------------------------------------------------------

    def _case(self, case: Case, *, unique: bool, track: bool) -> list[str]:
        mask = self.values.mask
        title = mask(case.title) if unique else f"{mask(case.title)} ({case.id})"
        details = ""
        if case.tags:
            tags = ", ".join(
                ts_str("@" + re.sub(r"\s+", "-", mask(t).strip())) for t in case.tags
            )
            details = f"{{ tag: [{tags}] }}, "
        lines = [f"  test({ts_str(title)}, {details}async () => {{"]
        if case.depends_on:
            unmet = " || ".join(f"!passed.has({ts_str(d)})" for d in case.depends_on)
            listed = ", ".join(case.depends_on)
            lines.append(
                f"{IND}test.skip({unmet}, {ts_str(f'depends on {listed}, which did not pass')});"
            )
        for index, step in enumerate(case.steps):
            following = case.steps[index + 1] if index + 1 < len(case.steps) else None
            if index == 0:
                # A case that starts with a dialog step has no step before it to plan in.
                lines += self._dialog_plan(step)
            lines += self._step_lines(case, step, following)
        for expect in case.expects:
            lines += self._expect_lines(case, expect)
        for capture in case.captures:
            lines += self._capture_lines(case, capture)
        if track:
            lines.append(f"{IND}passed.add({ts_str(case.id)});")
        lines.append("  });")
        return lines

    def _dialog_plan(self, step: Step | None) -> list[str]:
        """As Tripwire does, a dialog step's answer is planned before the step that opens it."""
        intent = grammar.first_intent(step.do) if step is not None else None
        if (
            intent is None
            or intent.kind not in DIALOG_ANSWERS
            or intent.timeout_ms == 0
        ):
            return []
        return [self.steps.plan_dialog(intent.kind, intent.value, intent.target)]

    def _fixme(self, where: str, what: str, reason: str) -> list[str]:
        self.todo.append(where)
        self.review.append(f"{where}: not compiled ({reason})")
        note = ts.comment(self.values.mask(f"{where} was not compiled: {what}"))
        return [
            f"{IND}// TODO(tripwire): {ts.comment(self.values.mask(reason))}.",
            f"{IND}// Write it by hand, then remove the fixme below.",
            f"{IND}test.fixme(true, {ts_str(note)});",
        ]

    def _step_lines(self, case: Case, step: Step, following: Step | None) -> list[str]:
        where = f"{case.id}/{step.id}"
        parts = grammar.steps_in(step.do)
        if parts is None:
            plan = self._dialog_plan(following)
            emitted = self._step(case, step)
        else:
            # As the engine does them: a step at a time, each from its own cache entry, the
            # answer to a dialog planned before the part that opens it.
            plan, emitted = [], self._parts(case, step, parts, following)
        label = {"cache": "action cache", "grammar": "grammar", "todo": "not compiled"}
        header = f"{IND}// step {step.id} ({label[emitted.source]}): {ts.comment(self.values.mask(step.do))}"
        if emitted.source == "todo":
            return [*plan, header, *emitted.lines]
        (self.cached if emitted.source == "cache" else self.grammar).append(where)
        if emitted.review:
            self.review.append(f"{where}: {emitted.review}")
        return [*plan, header, *emitted.lines]

    def _parts(
        self, case: Case, step: Step, parts: tuple[str, ...], following: Step | None
    ) -> _Emitted:
        lines: list[str] = []
        sources: set[StepSource] = set()
        reviews: list[str] = []
        for number in range(1, len(parts) + 1):
            part = part_step(step, parts, number)
            later = (
                part_step(step, parts, number + 1) if number < len(parts) else following
            )
            emitted = self._step(case, part)
            lines += [
                *self._dialog_plan(later),
                f"{IND}// {ts.comment(self.values.mask(part.do))}",
                *emitted.lines,
            ]
            sources.add(emitted.source)
            if emitted.review:
                reviews.append(f"part {number}: {emitted.review}")
        source: StepSource = next(
            s for s in ("todo", "grammar", "cache") if s in sources
        )
        return _Emitted(lines, source, "; ".join(reviews) or None)

    def _step(self, case: Case, step: Step) -> _Emitted:
        where = f"{case.id}/{step.id}"
        cached = self.cache(case.id, step.id, step.do) if self.cache else None
        if cached is not None and cached.actions:
            try:
                lines: list[str] = []
                for action in cached.actions:
                    lines += self.steps.recorded_action(action)
                review = None
                if cached.tier == "model":
                    review = (
                        "resolved by the model tier; its recorded locators are replayed"
                    )
                return _Emitted(lines, "cache", review)
            except NoGuess as exc:
                return _Emitted(self._fixme(where, step.do, str(exc)), "todo")
            except Todo:
                pass  # a cached action this exporter cannot express: try the grammar
        intent = grammar.parse(step.do)
        if intent is None:
            reason = (
                "the step grammar does not understand this step and the action cache has "
                "nothing for it; Tripwire would ask a language model"
            )
            return _Emitted(self._fixme(where, step.do, reason), "todo")
        try:
            lines, review = self.steps.intent(intent)
        except Todo as exc:
            return _Emitted(self._fixme(where, step.do, str(exc)), "todo")
        return _Emitted(lines, "grammar", review)

    # -- expectations and captures ------------------------------------------------------------

    def _expect_lines(self, case: Case, expect: Expect) -> list[str]:
        where = f"{case.id}/expect {expect.id}"
        head = f"{IND}// expect {expect.id}: {ts.comment(self.values.mask(expect.assertion))}"
        try:
            if expect.check is not None:
                lines, review = self.steps.check(expect.check)
            else:
                lines, review = self.steps.quoted_assertion(expect.assertion), None
        except Todo as exc:
            return [head, *self._fixme(where, expect.assertion, str(exc))]
        if review:
            self.review.append(f"{where}: {review}")
        return [head, *lines]

    def _capture_lines(self, case: Case, capture: Capture) -> list[str]:
        where = f"{case.id}/capture {capture.name}"
        head = f"{IND}// capture {capture.name}: {ts.comment(self.values.mask(capture.source))}"
        if not capture.pattern and not capture.selector_hint:
            return [
                head,
                *self._fixme(
                    where,
                    capture.source,
                    "a capture without pattern or selector_hint needs a language model",
                ),
            ]
        try:
            target, review = (
                self.steps.hint(capture.selector_hint)
                if capture.selector_hint
                else (Chain.on("page", "locator('body')"), None)
            )
        except Todo as exc:
            return [head, *self._fixme(where, capture.source, str(exc))]
        if review:
            self.review.append(f"{where}: {review}")
        self.helpers.add("capture")
        pattern = ts.python_regex_to_js(capture.pattern) if capture.pattern else "null"
        return [
            head,
            f"{IND}{ts.prop('vars', capture.name)} = await capture("
            f"{ts_str(capture.name)}, {target.text()}, {pattern});",
        ]


# --- public API ------------------------------------------------------------------------------------


def compile_suite(
    suite: SuiteSpec,
    *,
    cache: CacheLookup | None = None,
    generated_at: datetime | None = None,
    source_file: str = "",
) -> ExportedSpec:
    """The suite as a `.spec.ts`; the same input gives the same text except the date line."""
    when = generated_at or datetime.now(tz=UTC)
    return _Compiler(suite, cache, when, source_file).compile()


def lookup_from(entries: Iterable[tuple[str, str, str, CachedAction]]) -> CacheLookup:
    """A lookup over (case id, step id, step text, action) entries; the first per step wins."""
    table: dict[tuple[str, str, str], CachedAction] = {}
    for case_id, step_id, text, action in entries:
        table.setdefault((case_id, step_id, normalize_step_text(text)), action)

    def lookup(case_id: str, step_id: str, step_text: str) -> CachedAction | None:
        return table.get((case_id, step_id, normalize_step_text(step_text)))

    return lookup
