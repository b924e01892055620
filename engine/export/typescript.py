"""TypeScript syntax for the Playwright export: literals, regexes, locator chains, runtime helpers.

Everything here is pure text building; `engine.export.compiler` decides *what* to emit. Strings are single
quoted (Playwright's own docs style); anything interpolated becomes a template literal.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

from engine.action_plan import SEND_WORDS
from engine.actions import CHECKED_JS
from engine.claims import (
    DESCRIBED_JS,
    DIALOG_JS,
    ERROR_JS,
    EXPANDED_JS,
    HEADING_JS,
    IMAGES_JS,
    LABELLED_JS,
    LINK_TARGET_JS,
    PAGE_ERRORS_JS,
    PAGE_INFO_JS,
    PAGE_SUCCESS_JS,
    PAGE_WARNINGS_JS,
    PLACEHOLDER_JS,
    PLACEHOLDERS_JS,
    REQUIRED_JS,
    SELECTED_JS,
    SIGNED_IN_JS,
    VALUE_JS,
)
from engine.consent import FIND_CONSENT_JS, OPTIONAL_WAIT_MS
from engine.counting import COUNT_JS, GENERIC_NOUNS, ITEM_JS
from engine.dates import DATE_NUMBERS, DATE_VALUE_JS
from engine.intent import DRAG_STEPS
from engine.notices import FIND_NOTICE_JS, NOTICE_GRACE_MS, NOTICE_SHOWN_JS
from engine.options import OFFERED_JS, OPENED_LISTS_JS, OPTION_JS, PLACEHOLDER_OPTION
from engine.pagers import PAGE_CONTROL_JS
from engine.pages import ACCEPTING, DISMISSING, MODAL_CSS, OUTSIDE_JS
from engine.phrases import ORDINALS
from engine.rows import ROW_JS
from engine.sorting import (
    ASCENDING_RE,
    COLUMN_ORDER_JS,
    DESCENDING_RE,
    ITEMS_ORDER_JS,
    SORT_LIST_RE,
    SORT_STATE_JS,
    STEADY_S,
)
from engine.steppers import STEPPER_JS
from engine.waiting import BUSY_JS, IDLE_S

# Playwright's `getByRole` roles that the engine records (engine/locators.py `_ARIA_ROLES`) plus
# the ones a plain-English selector hint can name.
ROW_SELECTOR = "li, tr, [role=row]"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")
_JS_REGEX_SPECIALS = re.compile(r"[\\^$.*+?()[\]{}|/]")
_WRAP_AT = 100


def ts_str(text: str) -> str:
    """A single-quoted TypeScript string literal."""
    out: list[str] = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch in ("\u2028", "\u2029") or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def template_chunk(text: str) -> str:
    """Literal text inside a template literal (backquotes, `${` and backslashes escaped)."""
    escaped = text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
    escaped = escaped.replace("\r", "\\r").replace("\n", "\\n")
    return re.sub(
        r"[\u0000-\u001f\u007f\u2028\u2029]",
        lambda m: f"\\u{ord(m.group()):04x}",
        escaped,
    )


def prop(obj: str, name: str) -> str:
    """`vars.name`, or `vars['a.b']` for a name that is not a JS identifier."""
    return f"{obj}.{name}" if _IDENT.match(name) else f"{obj}[{ts_str(name)}]"


def js_regex_escape(text: str) -> str:
    return _JS_REGEX_SPECIALS.sub(lambda m: "\\" + m.group(), text)


def text_regex(text: str) -> str:
    """A case-insensitive regex literal for visible text; any run of whitespace matches any other.

    Playwright normalises whitespace for string expectations but not for regexes, and Tripwire
    compares visible text with whitespace collapsed, so the pattern does it itself.
    """
    body = r"\s+".join(js_regex_escape(part) for part in text.split())
    return f"/{body or '(?:)'}/i"


def word_regex(text: str) -> str:
    """The words as whole words, case-insensitive, any whitespace between them ("Invoice 7"
    is in "Invoice 7 — due" but not in "Invoice 70")."""
    body = r"\s+".join(js_regex_escape(part) for part in text.split())
    return f"/(?<![\\w]){body or '(?:)'}(?![\\w])/i"


def whole_regex(*phrases: str) -> str:
    """The whole name, ignoring case and how whitespace is laid out, as any of the phrases (a
    name and its synonyms: the engine's normalised tier for names)."""
    bodies = [
        r"\s+".join(js_regex_escape(part) for part in phrase.split())
        for phrase in phrases
        if phrase.split()
    ]
    if not bodies:
        return "/^\\W*$/i"
    body = bodies[0] if len(bodies) == 1 else "(?:" + "|".join(bodies) + ")"
    # Glyphs around a name (an arrow, a chevron, a times sign) are no part of it.
    return f"/^\\W*{body}\\W*$/i"


def words_regex(text: str) -> str:
    """Every word of the text, in order, with anything between ("Create account" in "Create my
    account"): the nearest a regex gets to the engine's fuzzy tier (word subsets)."""
    words = [js_regex_escape(word) for word in text.split()]
    body = r".*".join(rf"(?<![\w]){word}(?![\w])" for word in words)
    return f"/{body or '(?:)'}/i"


def developer_css(text: str) -> str:
    """The words as a developer would spell an id or name attribute: `full_name`, `full-name`,
    `fullName` (case-insensitive), as the engine's developer keys match them."""
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]
    spellings = dict.fromkeys(["_".join(words), "-".join(words), "".join(words)])
    return ", ".join(
        f'[{attr}="{spelling}" i]' for attr in ("name", "id") for spelling in spellings
    )


def id_regex(text: str) -> str:
    """A developer name for the words: `add-to-cart`, `add_to_cart`, `addToCart`."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    body = r"[-_\s]*".join(js_regex_escape(word) for word in words)
    return f"/^{body or '(?:)'}$/i"


def name_regex(name: str) -> str | None:
    """The regex a recorded role name with counts in it replays with ("Cart 2" → any count).

    Mirrors engine.locators.name_pattern, in JavaScript syntax.
    """
    if not _NUMBER.search(name):
        return None
    parts = _NUMBER.split(name)
    body = r"\d+(?:[.,]\d+)?".join(js_regex_escape(p) for p in parts)
    return rf"/^\s*{body}\s*$/i"


def python_regex_to_js(pattern: str) -> str:
    """A capture `pattern` (Python `re` syntax) as a JavaScript regex literal.

    Handles what differs in common patterns: named groups `(?P<n>..)`/`(?P=n)`, leading inline
    flags (`(?i)`), `\\A`/`\\Z`, and unescaped `/`. Exotic Python-only syntax is left as is and
    shows up as a syntax error when the spec loads, not as a silent mismatch.
    """
    flags = ""
    lead = re.match(r"^\(\?([aiLmsux]+)\)", pattern)
    if lead:
        flags = "".join(f for f in lead.group(1) if f in "ims")
        pattern = pattern[lead.end() :]
    pattern = re.sub(r"\(\?P<", "(?<", pattern)
    pattern = re.sub(r"\(\?P=(\w+)\)", r"\\k<\1>", pattern)
    out: list[str] = []
    escaped = False
    for ch in pattern:
        if escaped:
            out.append({"A": "^", "Z": "$"}.get(ch, "\\" + ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "/":
            out.append("\\/")
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    if escaped:
        out.append("\\\\")
    body = "".join(out) or "(?:)"
    return f"/{body}/{flags}"


@dataclass(frozen=True)
class Chain:
    """A locator expression as its dotted segments, so long chains can be wrapped readably."""

    segments: tuple[str, ...]

    @classmethod
    def on(cls, root: str, *calls: str) -> Chain:
        return cls((root, *calls))

    def then(self, *calls: str) -> Chain:
        return Chain((*self.segments, *calls))

    def text(self) -> str:
        return ".".join(self.segments)

    def __str__(self) -> str:
        return self.text()


def statement(chain: Chain, indent: str, *, prefix: str = "await ") -> list[str]:
    """`await a.b().c();` on one line, or one call per line when it is too long."""
    flat = f"{indent}{prefix}{chain.text()};"
    if len(flat) <= _WRAP_AT or len(chain.segments) < 3:
        return [flat]
    head, *rest = chain.segments
    lines = [f"{indent}{prefix}{head}"]
    lines += [f"{indent}  .{segment}" for segment in rest]
    lines[-1] += ";"
    return lines


def call(name: str, *args: str) -> str:
    return f"{name}({', '.join(args)})"


def options(**values: str | None) -> str:
    """`{ name: 'X', exact: true }` from already-rendered values (None entries dropped)."""
    parts = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def comment(text: str) -> str:
    """Text made safe for a `//` comment: one line."""
    return re.sub(r"\s+", " ", text).strip()


def wrap_comment(prefix: str, items: list[str], indent: str = "") -> list[str]:
    """`// prefix a, b, c` wrapped at ~100 columns."""
    lines: list[str] = []
    current = f"{indent}// {prefix}"
    for index, item in enumerate(items):
        piece = item + ("," if index < len(items) - 1 else "")
        if len(current) + 1 + len(piece) > _WRAP_AT and current.strip() != "//":
            lines.append(current)
            current = f"{indent}//   {piece}"
        else:
            current = (
                f"{current} {piece}" if not current.endswith(" ") else current + piece
            )
    lines.append(current)
    return lines


def wrap_text(text: str, *, first: str, rest: str) -> list[str]:
    """A long comment over several `//` lines."""
    return textwrap.wrap(
        text,
        width=_WRAP_AT,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


# --- runtime helpers emitted into the spec (only the ones a spec uses) -------------------------

HELPERS: dict[str, str] = {
    "url": """
/** A path from a step, resolved against BASE_URL the way Tripwire does (sub-paths kept). */
function url(destination: string): string {
  if (/^https?:\\/\\//i.test(destination)) return destination;
  const base = BASE_URL.endsWith('/') ? BASE_URL : `${BASE_URL}/`;
  return new URL(destination.replace(/^\\/+/, ''), base).toString();
}
""",
    "escapeRegExp": """
function escapeRegExp(text: string): string {
  return text.replace(/[\\\\^$.*+?()[\\]{}|/]/g, '\\\\$&');
}
""",
    "anyCase": """
/** Visible text as a case-insensitive pattern that ignores how whitespace is laid out. */
function anyCase(text: string): RegExp {
  const words = text.trim().split(/\\s+/).map(escapeRegExp);
  return new RegExp(words.join('\\\\s+'), 'i');
}
""",
    "urlPath": """
/** A url `path_is` check: this path (and query, when given), a trailing slash ignored. */
function urlPath(path: string): RegExp {
  const tail = path.includes('?') ? '(?:#.*)?$' : '(?:[?#].*)?$';
  return new RegExp(`^[a-z][a-z0-9+.-]*://[^/?#]*${escapeRegExp(path.replace(/\\/+$/, ''))}/?${tail}`);
}
""",
    "urlIs": """
/** A link's address: this one, host and all (its query too when it has one), a trailing slash
 * ignored. */
function urlIs(url: string): RegExp {
  const tail = url.includes('?') ? '(?:#.*)?$' : '(?:[?#].*)?$';
  return new RegExp(`^${escapeRegExp(url.replace(/\\/+$/, ''))}/?${tail}`);
}
""",
    "urlContains": """
/** A url `contains` check. */
function urlContains(fragment: string): RegExp {
  return new RegExp(escapeRegExp(fragment));
}
""",
    "capture": """
/** Wait until `pattern` matches the visible text of `where`; its first group (or the match). */
async function capture(name: string, where: Locator, pattern: RegExp | null): Promise<string> {
  let value = '';
  await expect
    .poll(
      async () => {
        const text = await where.first().innerText({ timeout: 1000 }).catch(() => '');
        if (pattern === null) return (value = text.replace(/\\s+/g, ' ').trim());
        const match = pattern.exec(text);
        return (value = match ? (match[1] ?? match[0]) : '');
      },
      { message: `capture ${name} found nothing` },
    )
    .not.toBe('');
  return value;
}
""",
    "scrollToText": """
/** Scroll to a text; lazy sections render only once scrolled near, so nudge to the bottom. */
async function scrollToText(page: Page, text: string): Promise<void> {
  const target = page.getByText(text).first();
  await expect
    .poll(async () => {
      if ((await target.count()) > 0) return true;
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      return false;
    })
    .toBe(true);
  await target.scrollIntoViewIfNeeded();
}
""",
    "dialogs": """
/** JS dialogs as Tripwire answers them: by the answer a dialog step planned, else alerts and
 * leave-page prompts accepted and questions dismissed; every message is kept for checks. */
const dialogMessages: string[] = [];
let dialogPlan: { accept: boolean; text?: string; types: string[] } | null = null;
const dialogPages = new WeakSet<Page>();
function watchDialogs(page: Page): void {
  if (dialogPages.has(page)) return;
  dialogPages.add(page);
  page.on('dialog', async (dialog) => {
    dialogMessages.push(dialog.message());
    const plan = dialogPlan !== null && dialogPlan.types.includes(dialog.type()) ? dialogPlan : null;
    if (plan !== null) dialogPlan = null;
    const accept = plan !== null ? plan.accept : ['alert', 'beforeunload'].includes(dialog.type());
    if (accept) await dialog.accept(plan?.text);
    else await dialog.dismiss();
  });
}
function planDialog(page: Page, accept: boolean, text: string | undefined, types: string[]): void {
  watchDialogs(page);
  dialogPlan = { accept, text, types };
}
/** A dialog step: done once the planned answer was given to a JS dialog or, while none came, an
 * HTML modal opens (`inPage`: the step names no JS dialog type) and is answered by its
 * button, as Tripwire does (most apps ask "Are you sure?" in the page); `alertBox` ("Dismiss
 * the alert"): the page's one alert box closed by its cross, when it shows one. */
async function dialogAnswered(
  page: Page,
  accept = true,
  inPage = false,
  alertBox = false,
): Promise<void> {
  // "Dismiss the alert" may mean the page's alert box (a Bootstrap alert with a cross).
  const box = { noun: 'alert', tone: '', words: '', all: false };
  // Either kind may come: a browser dialog answers the plan, an app's modal (shown a moment
  // after the click that asked) is answered by its button.
  const inThePage = async () =>
    (inPage && (await answerModal(page, accept))) ||
    (alertBox && (await closeNotice(page, box, false)));
  await expect
    .poll(async () => dialogPlan === null || (await inThePage()), {
      message: 'no dialog appeared',
    })
    .toBe(true);
  dialogPlan = null;
}
const ACCEPTING = /ACCEPTING_SOURCE/i;
const DISMISSING = /DISMISSING_SOURCE/i;
/** Click the open modal's button for the answer: accepting, the one saying so (OK, Yes,
 * Confirm...), else its one button that does not dismiss; dismissing, Close, Cancel, No or ×.
 * False when no modal is open or none of its buttons gives the answer. */
async function answerModal(page: Page, accept: boolean): Promise<boolean> {
  const modal = page
    .locator('MODAL_CSS')
    .filter({ visible: true })
    .last();
  if ((await modal.count()) === 0) return false;
  const buttons = modal.getByRole('button').filter({ visible: true });
  const names = await buttons.evaluateAll((els) => els.map((el) => (el.getAttribute('aria-label')
    || (el as HTMLElement).innerText || (el as HTMLInputElement).value || el.getAttribute('title')
    || '').trim()));
  let picked = names.findIndex((name) => (accept ? ACCEPTING : DISMISSING).test(name));
  if (picked < 0 && accept) {
    const others = names.flatMap((name, i) => (DISMISSING.test(name) ? [] : [i]));
    if (others.length === 1) picked = others[0];
  }
  if (picked < 0) return false;
  await buttons.nth(picked).click();
  return true;
}
""",
    "tabs": """
/** Tabs as Tripwire follows them: a tab the app opens (window.open, target=_blank) is where the
 * case goes on. The page counts the tabs it asks for, so a click does not race Chromium's
 * report of the new page. */
const openedPages: Page[] = [];
const previousPages: Page[] = [];
async function watchTabs(context: BrowserContext): Promise<void> {
  context.on('page', (opened) => openedPages.push(opened));
  await context.addInitScript(() => {
    const w = window as unknown as { __tripwireTabsOpened?: number };
    const tell = () => { w.__tripwireTabsOpened = (w.__tripwireTabsOpened ?? 0) + 1; };
    const open = window.open;
    window.open = function (...args: Parameters<typeof window.open>) { tell(); return open.apply(this, args); };
    document.addEventListener('click', (event) => {
      const link = (event.target as Element | null)?.closest?.('a[target]');
      const where = (link?.getAttribute('target') ?? '').toLowerCase();
      if (where && !['_self', '_top', '_parent'].includes(where)) tell();
    }, true);
  });
}
async function followTabs(current: Page, wait = 0): Promise<Page> {
  const asked = await current
    .evaluate(() => {
      const w = window as unknown as { __tripwireTabsOpened?: number };
      const n = w.__tripwireTabsOpened ?? 0;
      w.__tripwireTabsOpened = 0;
      return n;
    })
    .catch(() => 0);
  const isNew = (p: Page) => p !== current && !p.isClosed();
  // "Switch to the new tab" once the click already followed it is a no-op, as in Tripwire.
  const onNewTab = previousPages.length > 0;
  if (asked > 0 || (wait > 0 && !onNewTab)) {
    await expect
      .poll(() => openedPages.some(isNew), { timeout: Math.max(wait, 3_000) })
      .toBe(true)
      .catch(() => undefined);
  }
  const next = openedPages.splice(0).filter(isNew).at(-1);
  if (next !== undefined) {
    previousPages.push(current);
    await next.waitForLoadState('domcontentloaded');
    return next;
  }
  if (wait > 0 && !onNewTab) throw new Error('no new tab opened');
  return current.isClosed() ? switchBack(current) : current;
}
/** "Go back to the previous page", as Tripwire does it: the tab this one came from when one is
 * open, else the page before in this tab's history. */
async function previousPage(current: Page): Promise<Page> {
  if (previousPages.some((earlier) => !earlier.isClosed())) return switchBack(current);
  await current.goBack();
  return current;
}
function switchBack(current: Page): Page {
  for (let earlier = previousPages.pop(); earlier !== undefined; earlier = previousPages.pop()) {
    if (!earlier.isClosed()) return earlier;
  }
  if (current.isClosed()) throw new Error('no earlier tab is open');
  return current;
}
async function tabCalled(context: BrowserContext, current: Page, name: string): Promise<Page> {
  let found: Page | undefined;
  await expect
    .poll(async () => {
      for (const open of context.pages()) {
        const title = await open.title().catch(() => '');
        if (title.toLowerCase().includes(name.toLowerCase()) || open.url().includes(name)) found = open;
      }
      return found !== undefined;
    }, { message: `a tab called ${name}`, timeout: 10_000 })
    .toBe(true);
  openedPages.splice(0);
  if (found !== current) previousPages.push(current);
  return found!;
}
""",
    "optionLabel": """
/** The label of the option the words choose in a <select>, as Tripwire reads them: the one
 * called so, else the one of that value, else the one option whose label goes on with a
 * qualifier ("Express ($9.99)" for "Express"); the words themselves when none does. */
const optionFor = OPTION_JS;
async function optionLabel(list: Locator, words: string): Promise<string> {
  return (await list.evaluate(optionFor, words)) ?? words;
}
""",
    "chooseNamed": """
/** Click the choice the page names so, whole and in any case ("4 stars"): a radio, a button or
 * an option called so, or a label or icon whose title says it (a star rating's radios hidden
 * under labels that say their value only in their title). False when the page shows none. */
async function chooseNamed(page: Page, name: RegExp): Promise<boolean> {
  await page.waitForLoadState().catch(() => undefined);
  for (const found of [
    page.getByRole('radio', { name }),
    page.getByRole('button', { name }),
    page.getByRole('option', { name }),
    page.getByTitle(name),
  ]) {
    const shown = found.filter({ visible: true });
    if ((await shown.count()) > 0) {
      await shown.first().click();
      return true;
    }
  }
  return false;
}
""",
    "chooseOffered": """
/** "Select 'Bags'", "Choose express shipping": no list is named. The one list with an option
 * the words choose, else the one whose name the words end or start with, the rest choosing
 * (as Tripwire reads them). */
const offeredIn = OFFERED_JS;
async function chooseOffered(page: Page, words: string): Promise<void> {
  let found: [number, string] | null = null;
  // No list offers it: a choice called so (a menu's item, a radio, a tab) is clicked.
  const named = (['option', 'menuitem', 'menuitemradio', 'menuitemcheckbox', 'radio', 'tab',
    'treeitem', 'button', 'link'] as const)
    .map((role) => page.getByRole(role, { name: words, exact: true }))
    .reduce((all, one) => all.or(one))
    .filter({ visible: true });
  await expect
    .poll(async () => {
      found = await page.evaluate(offeredIn, [words, true]);
      return found !== null || (await named.count()) > 0;
    }, { message: `a list offering ${JSON.stringify(words)}, or a choice called so` })
    .toBe(true);
  if (found === null) {
    await named.first().click();
    return;
  }
  const [index, label] = found;
  await page.locator('select').nth(index).selectOption({ label });
}
""",
    "pickOption": r"""
/** Click the option called `option` in the list or menu that has just opened (the last one);
 * "the second option" by its place among the options shown, a placeholder not counted. */
const optionPlaces: Record<string, number> = ORDINALS_JSON;
async function pickOption(page: Page, option: string): Promise<void> {
  const placed = /^(?:the\s+)?(\S+)\s+(?:option|choice|item|entry|one|value)$/i.exec(option.trim());
  if (placed && placed[1].toLowerCase() in optionPlaces) {
    // The list an expanded control says it shows, before any other list on the page; never the
    // native options under a list a library draws.
    const drawn = page.locator(':not(option)');
    let shown: Locator | undefined;
    await expect
      .poll(async () => {
        const opened: string[] = await page.evaluate(OPENED_LISTS_JS);
        const scopes = [...opened.reverse().map((id) => page.locator(`[id=${JSON.stringify(id)}]`)),
          page.locator(':root')];
        for (const scope of scopes) {
          const options = scope.getByRole('option').or(scope.getByRole('menuitem'))
            .filter({ visible: true }).and(drawn);
          if ((await options.count()) > 0) {
            shown = options;
            return true;
          }
        }
        return false;
      }, { message: 'the options of the list that opened' })
      .toBe(true);
    const labels = (await shown!.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const real = labels.map((label, at) => ({ label, at }))
      .filter(({ label }) => !new RegExp(PLACEHOLDER_OPTION, 'i').test(label));
    const place = optionPlaces[placed[1].toLowerCase()];
    const pick = place > 0 ? real[place - 1] : real[real.length + place];
    if (!pick) throw new Error(`no ${option} in the list that opened (it offers ${labels.join(', ')})`);
    await shown!.nth(pick.at).click();
    return;
  }
  await page
    .getByRole('option', { name: option, exact: true })
    .or(page.getByRole('menuitem', { name: option, exact: true }))
    .or(page.getByText(option, { exact: true }))
    .filter({ visible: true })
    .last()
    .click();
}
""",
    "chooseOption": """
/** Choose `option` in the drop-down called `name` (`openerCalled`, then `chooseWith`). */
async function chooseOption(page: Page, name: string, option: string): Promise<void> {
  await chooseWith(page, await openerCalled(page, name), option);
}
/** The drop-down called `name`: a <select>, a combobox, a menu button, a div that opens a list.
 * The first of these that is on the page, in this order, as Tripwire ranks them. */
async function openerCalled(page: Page, name: string): Promise<Locator> {
  const ways = [
    page.getByLabel(name, { exact: true }),
    page.getByRole('combobox', { name }),
    page.getByRole('button', { name }),
    page.locator('summary', { hasText: name }),
    page.getByText(name, { exact: true }),
    // Words with an arrow glyph beside them ("Actions ▾").
    page.getByText(new RegExp(`^\\\\W*${escapeRegExp(name)}\\\\W*$`, 'i')),
  ];
  let opener: Locator | undefined;
  await expect
    .poll(async () => {
      for (const way of ways) {
        const shown = way.filter({ visible: true });
        if ((await shown.count()) > 0) {
          opener = shown.first();
          return true;
        }
      }
      return false;
    }, { message: `a drop-down called ${name}` })
    .toBe(true);
  // A caption (a bare span) names the control beside it: that one opens the list.
  const beside = opener!.locator(
    'xpath=self::*[not(@tabindex or @role or @onclick or self::button or self::a'
      + ' or self::summary or self::label or self::select)]'
      + '/following-sibling::*[1][@tabindex or self::button or @role="combobox" or @role="button"]',
  ).filter({ visible: true });
  return (await beside.count()) > 0 ? beside : opener!;
}
/** Choose `option` with `opener`: a <select> selects it; anything else (a combobox, a menu
 * button) is opened, then the option is picked once it shows. */
async function chooseWith(page: Page, opener: Locator, option: string): Promise<void> {
  if ((await opener.evaluate((el) => el.tagName)) === 'SELECT') {
    // A list that takes several keeps what is chosen and adds the option, as Tripwire does.
    const chosen = await opener.evaluate((el) => (el as HTMLSelectElement).multiple
      ? Array.from((el as HTMLSelectElement).selectedOptions).map((o) => o.label) : []);
    const label = await optionLabel(opener, option);
    await opener.selectOption([...chosen.filter((l) => l !== label), label]);
    return;
  }
  // Already open (a step before opened it): a click would close it.
  if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
  await pickOption(page, option);
}
""",
    "sortColumn": """
/** Click a column's header until it shows the order asked for (any order for null), as
 * Tripwire does: the order is read from aria-sort, else an asc/desc class word; a header that
 * says neither is clicked once, twice for descending, unless a click makes it say. */
async function sortColumn(
  header: Locator,
  direction: 'ascending' | 'descending' | null,
): Promise<void> {
  const target = header.first();
  const state = async (): Promise<string | null> =>
    target.evaluate(SORT_STATE_JS).catch(() => null);
  const fits = (order: string | null) => (order === 'ascending' || order === 'descending')
    && (direction === null || order === direction);
  let now = (await state()) ?? '';
  if (fits(now)) return;
  let silent = 0;
  // none, ascending, descending, none: the longest way round.
  for (let i = 0; i < 3; i++) {
    const before = now;
    await target.click();
    const started = Date.now();
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      now = (await state()) ?? before;
    } while (now === before && Date.now() - started < (before ? 5000 : 1000));
    if (now === before) {
      if (before) throw new Error('clicking the header did not change the order it shows');
      silent += 1;
      if (direction !== 'descending' || silent === 2) return;
    } else if (now === '' || fits(now)) {
      return;
    }
  }
  throw new Error(`the header never showed ${direction} order`);
}
""",
    "sortBy": """
/** Sort a list by `column`, as Tripwire does: a "Sort by" drop-down that offers the column (in
 * the direction asked) chooses it; else the column's header (`header`) is clicked until it
 * shows that order. */
async function sortBy(
  page: Page,
  header: () => Promise<Locator>,
  column: string,
  direction: 'ascending' | 'descending' | null,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  const lists = page.locator('select').filter({ visible: true });
  const picked = await lists.evaluateAll((els, [column, direction]) => {
    const plain = (text: string) => text.toLowerCase().replace(/[^\\p{L}\\p{N}]+/gu, ' ').trim();
    const said = (text: string) => (/SORT_DESCENDING/i.test(text) ? 'descending'
      : /SORT_ASCENDING/i.test(text) ? 'ascending' : null);
    for (const [index, el] of els.entries()) {
      const list = el as HTMLSelectElement;
      const called = [...(list.labels ?? [])].map((l) => l.innerText)
        .concat([list.getAttribute('aria-label') ?? '', list.name, list.id]).join(' ');
      const naming = [...list.options].map((o) => o.label)
        .filter((label) => plain(column) && plain(label).includes(plain(column)));
      const fitting = direction ? naming.filter((label) => said(label) === direction) : naming;
      if (fitting.length > 0 && /SORT_LIST/i.test(called)) return [index, fitting[0]] as const;
    }
    return null;
  }, [column, direction] as const);
  if (picked !== null) {
    await lists.nth(picked[0]).selectOption({ label: picked[1] });
    return;
  }
  await sortColumn(await header(), direction);
}
""",
    "filterBy": """
/** Filter a list by `value`, as Tripwire does: in the list or field called `field`, if given
 * and on the page (a list chooses the value, a text field takes it as a search); else the list
 * that offers the value chooses it; else the control called so is turned on (a chip, a
 * checkbox) or clicked (a link, a tab); else the search field takes it, and Enter. */
async function filterBy(page: Page, value: string, field?: string): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  await settleAnimations(page);
  const shown = async (locator: Locator) => {
    const visible = locator.filter({ visible: true });
    return (await visible.count()) > 0 ? visible.first() : null;
  };
  const search = async (box: Locator) => {
    await box.fill(value);
    await box.press('Enter');
  };
  if (field !== undefined) {
    const list = await shown(page.getByRole('combobox', { name: field })
      .or(page.getByRole('listbox', { name: field })));
    if (list !== null) return chooseWith(page, list, value);
    const box = await shown(page.getByRole('searchbox', { name: field })
      .or(page.getByRole('textbox', { name: field })));
    if (box !== null) return search(box);
    const menu = await shown(page.locator('[aria-haspopup]:not([aria-haspopup="false"])')
      .filter({ hasText: field }));
    if (menu !== null) return chooseWith(page, menu, value);
  }
  const offered = await page.evaluate(offeredIn, [value, false]);
  if (offered !== null) {
    await page.locator('select').nth(offered[0]).selectOption({ label: offered[1] });
    return;
  }
  // Called so exactly, else with more words ("Invited only").
  const checkable = ['checkbox', 'radio', 'switch', 'menuitemcheckbox'] as const;
  const clickable = ['button', 'link', 'tab', 'option', 'menuitem'] as const;
  for (const exact of [true, false]) {
    for (const role of checkable) {
      const box = await shown(page.getByRole(role, { name: value, exact }));
      if (box !== null) return setChecked(box, true);
    }
    for (const role of clickable) {
      const control = await shown(page.getByRole(role, { name: value, exact }));
      if (control === null) continue;
      if ((await control.getAttribute('aria-pressed')) !== null) return setChecked(control, true);
      await control.click();
      return;
    }
  }
  const box = await shown(page.getByRole('searchbox')
    .or(page.getByPlaceholder(/filter|search/i)).or(page.getByLabel(/filter|search/i)));
  if (box === null) throw new Error(`nothing on the page filters by ${value}`);
  await search(box);
}
""",
    "expectSorted": """
/** Expect the column called `column` (of a table or an ARIA grid) to be sorted as asked
 * (either way for null), its cells read as Tripwire reads them: dates as dates, numbers as
 * numbers, words case aside. With no such column, the part of each item so called (a card's
 * price) in the list `items` names (the longest that shows it, for "the list"). */
async function expectSorted(
  page: Page,
  column: string,
  direction: 'ascending' | 'descending' | null,
  items: string,
): Promise<void> {
  type Order = { order?: string; values?: string[] };
  type Read = Order & { error?: string; read?: Order[] };
  // As Tripwire reads it: sorted, and still so a moment later (a list being drawn again, or
  // a cart beside a grid that has yet to come, can look sorted while it is not).
  let seen = '';
  let since = 0;
  const sorted = async () => {
    const found = (await page.evaluate(COLUMN_ORDER_JS, [column])) as Read;
    let reads: Order[] = [found];
    if (found.error !== undefined) {
      const noun = items.split(/\\s+/).filter(Boolean);
      const read = (await page.evaluate(ITEMS_ORDER_JS, { field: column, noun })) as Read;
      reads = read.read ?? [];
    }
    const now = JSON.stringify(reads);
    if (now !== seen) [seen, since] = [now, Date.now()];
    return Date.now() - since >= STEADY_MS && reads.some(({ order, values }) =>
      (values ?? []).length > 0 && (order === 'both' || (order !== undefined
        && order !== 'none' && (direction === null || order === direction))));
  };
  await expect.poll(sorted, { message: `the ${column} column sorted ${direction ?? ''}` })
    .toBe(true);
}
""",
    "waitIdle": """
/** "Wait for the spinner to disappear", as Tripwire waits: until nothing on the page shows it
 * is still loading (busy marks, spinners, skeletons, "Loading…"), for IDLE_MS ms. */
async function waitIdle(page: Page, timeout: number): Promise<void> {
  let idleSince = 0;
  await expect
    .poll(
      async () => {
        const busy = (await page.evaluate(BUSY_JS)) as string[];
        if (busy.length) idleSince = 0;
        else if (!idleSince) idleSince = Date.now();
        return idleSince > 0 && Date.now() - idleSince >= IDLE_MS;
      },
      { message: 'the page still shows it is loading', intervals: [100], timeout },
    )
    .toBe(true);
}
""",
    "expectWords": """
/** A claim about words after all (the page has no field, column, label or collection called
 * so): the words shown on the page, or not, as Tripwire's text check reads them. */
async function expectWords(page: Page, expected: string, negated: boolean): Promise<void> {
  const body = expect(page.locator('body'));
  const words = { ignoreCase: true, useInnerText: true };
  await (negated ? body.not.toContainText(expected, words) : body.toContainText(expected, words));
}
""",
    "expectColumn": """
/** "The Email column contains 'ada@…'", read as Tripwire reads it: one cell of that column (of a
 * table or an ARIA grid) contains the words ("is": is them; negated: none does), read until
 * the claim holds; with no column called so, the words are looked for on the page. */
async function expectColumn(
  page: Page,
  column: string,
  expected: string,
  exact: boolean,
  negated: boolean,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  const norm = (text: string) => text.replace(/\\s+/g, ' ').trim().toLowerCase();
  const read = async () =>
    (await page.evaluate(COLUMN_ORDER_JS, [column])) as { all?: string[]; error?: string };
  if ((await read()).error !== undefined) {
    await expectWords(page, expected, negated);
    return;
  }
  const wanted = norm(expected);
  await expect
    .poll(
      async () =>
        ((await read()).all ?? []).some((cell) =>
          exact ? norm(cell) === wanted : norm(cell).includes(wanted)) !== negated,
      { message: `${negated ? 'no' : 'a'} cell of the ${column} column ${exact ? 'is' : 'contains'} ${JSON.stringify(expected)}` },
    )
    .toBe(true);
}
""",
    "answerCookies": """
/** Answer the cookie banner ('accept', 'reject' or 'dismiss'), as Tripwire does: the button
 * saying so in the box nearest it that mentions cookies (or consent), in the page
 * or one of its frames, waited for as the banner shows late. `optional` ("... if asked"): a
 * short wait, then on without a banner; else no banner fails the step. */
async function answerCookies(
  page: Page,
  answer: 'accept' | 'reject' | 'dismiss',
  optional = false,
): Promise<void> {
  const started = Date.now();
  const wait = optional ? OPTIONAL_WAIT_MS : 10_000;
  for (;;) {
    let best: { button: ElementHandle; rank: [number, number] } | null = null;
    for (const frame of page.frames()) {
      const found = await frame.evaluateHandle(FIND_CONSENT_JS, answer).catch(() => null);
      const button = found ? (await found.getProperty('el')).asElement() : null;
      if (found === null || button === null) continue;
      const rank: [number, number] = [
        (await (await found.getProperty('depth')).jsonValue()) as number,
        (await (await found.getProperty('all')).jsonValue()) as number,
      ];
      if (best === null || rank[0] < best.rank[0]
        || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) best = { button, rank };
    }
    if (best !== null) {
      await best.button.click();
      return;
    }
    if (Date.now() - started > wait) {
      if (optional) return;
      throw new Error(`no cookie banner with a button to ${answer} showed`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
""",
    "noticeFinder": """
/** The notices a step means, found as Tripwire finds them (engine/notices.py). */
const findNotice = FIND_NOTICE_JS;
type NoticeWanted = { noun: string; tone: string; words: string; all?: boolean };
""",
    "expectNotice": r"""
/** "A toast should appear", "The toast should disappear", "There should be no notification",
 * read as Tripwire reads them: the notices shown (alert boxes, toasts, flash messages, banners)
 * of the kind, tone and words given; an alert may be a JS dialog since the last such check.
 * That none is shown is decided after a moment's look for one still coming. */
let noticeDialogsChecked = 0;
async function expectNotice(page: Page, want: NoticeWanted, shown: boolean): Promise<void> {
  type Seen = { texts: string[]; all: string[] };
  const plain = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const look = async (): Promise<Seen> =>
    ((await page.evaluate(findNotice, { ...want, shown: true }).catch(() => null)) as Seen | null) ??
    { texts: [], all: [] };
  const came = () =>
    want.noun === 'alert'
      ? dialogMessages.slice(noticeDialogsChecked).filter((m) => plain(m).includes(plain(want.words)))
      : [];
  for (const until = Date.now() + NOTICE_GRACE_MS; !shown && Date.now() < until; ) {
    if ((await look()).texts.length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const what = [want.tone, want.noun || 'notification'].filter(Boolean).join(' ');
  await expect
    .poll(
      async () => {
        const seen = await look();
        const fits = seen.texts.length > 0 || came().length > 0;
        const listed = (seen.texts.length ? seen.texts : seen.all).map((t) => `'${t}'`).join('; ');
        return fits === shown ? 'holds' : `shown: ${listed || 'none'}`;
      },
      { message: `${shown ? 'a' : 'no'} ${what}${want.words ? ` saying '${want.words}'` : ''} is shown` },
    )
    .toBe('holds');
  noticeDialogsChecked = dialogMessages.length;
}
""",
    "closeNotice": """
/** "Dismiss the notification", "Close the success toast", as Tripwire does: the close control of
 * the one notice (alert box, toast, flash message, banner) that fits the kind, tone and words
 * the step gives, waited for as notices show late; then the notice has to go away. `wait`
 * false: one look, false when none fits (a dialog step's alert box). */

async function closeNotice(page: Page, want: NoticeWanted, wait = true): Promise<boolean> {
  const started = Date.now();
  let closed = 0;
  for (;;) {
    const found = await page.evaluateHandle(findNotice, want);
    const control = (await found.getProperty('el')).asElement();
    const box = (await found.getProperty('box')).asElement();
    const texts = (await (await found.getProperty('texts')).jsonValue()) as string[];
    if (control !== null && box !== null) {
      await control.click();
      await expect
        .poll(() => box.evaluate(NOTICE_SHOWN_JS).catch(() => false), {
          message: `the notice '${texts[0]}' went away after its close control was clicked`,
        })
        .toBe(false);
      closed += 1;
      if (!want.all) return true;
      continue;
    }
    if (closed > 0) return true;
    if (texts.length > 1 && !want.all) {
      if (!wait) return false;
      throw new Error(`${texts.length} notices could be meant: ${texts.join(' | ')}`);
    }
    if (!wait) return false;
    if (Date.now() - started > 10_000) throw new Error('no notice with a control to close it showed');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
""",
    "openSignIn": """
/** "Log in as …" as Tripwire reads it: with no password field shown, the page's "Log in" or
 * "Sign in" control first, then the form it opens. */
async function openSignIn(page: Page): Promise<void> {
  const password = page.locator('input[type=password]').filter({ visible: true });
  if ((await password.count()) > 0) return;
  const name = /^\\s*(?:log\\s*in|sign\\s*in|login|signin)\\s*$/i;
  const opener = page.getByRole('link', { name }).or(page.getByRole('button', { name }))
    .filter({ visible: true }).first();
  if ((await opener.count()) === 0) return;
  await opener.click();
  await password.first().waitFor();
}
""",
    "stepValue": """
/** "Increase the quantity of 'Tote Bag'", as Tripwire steps a value: the plus (minus) control
 * in the smallest box around the field that holds one (no higher than a box holding another
 * field), clicked once a step; else ArrowUp (ArrowDown) in the number field or spinbutton. */
async function stepValue(field: Locator, up: boolean, times: number): Promise<void> {
  const target = field.first();
  const button = (await target.evaluateHandle(STEPPER_JS, up)).asElement();
  for (let i = 0; i < times; i++) {
    if (button !== null) await button.click();
    else await target.press(up ? 'ArrowUp' : 'ArrowDown');
  }
}
""",
    "setSlider": """
/** Set a slider: a native range takes the value, an ARIA slider moves with the arrow keys. */
async function setSlider(slider: Locator, value: string): Promise<void> {
  const target = slider.first();
  if ((await target.evaluate((el) => el.tagName)) === 'INPUT') {
    await target.fill(value);
    return;
  }
  const wanted = Number(value);
  await target.focus();
  for (let i = 0; i < 1000; i++) {
    const now = Number(await target.getAttribute('aria-valuenow'));
    if (now === wanted) break;
    await target.press(wanted > now ? 'ArrowRight' : 'ArrowLeft');
  }
  await expect(target).toHaveAttribute('aria-valuenow', String(wanted));
}
""",
    "setField": """
/** Set a field to `value` by what the field turns out to be, as Tripwire decides at run time:
 * a list (`<select>`) chooses the option called so (else the one of that value), a slider
 * (native or ARIA) is moved to the value, a read-only date field is set through its calendar
 * picker, anything else (text, number, date, contenteditable) is filled. */
async function setField(field: Locator, value: string): Promise<void> {
  const target = field.first();
  const kind = await target.evaluate((el) => {
    if (el instanceof HTMLSelectElement) return 'select';
    if (el.getAttribute('role') === 'slider') return 'slider';
    if (el instanceof HTMLInputElement && el.type === 'range') return 'slider';
    const input = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
    if (input && (el as HTMLInputElement).readOnly) return 'picker';
    return 'text';
  });
  if (kind === 'select') await target.selectOption({ label: await optionLabel(target, value) });
  else if (kind === 'slider') await setSlider(target, value);
  else if (kind === 'picker') await pickDate(target, value);
  else await target.fill(value);
}
""",
    "fillDate": """
/** A date said as people say it ("tomorrow", "in 3 days", "next Monday", "12 March 2027"), read
 * on the day the test runs as Tripwire reads it (engine/dates.py): [ISO date, relative?]. */
const DATE_NUMBERS: Record<string, number> = DATE_NUMBERS_JSON;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
function dateSaid(words: string): [string, boolean] | null {
  const now = new Date();
  now.setHours(12, 0, 0, 0);
  const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const moved = (amount: number, unit: string): string => {
    const d = new Date(now);
    const u = unit.replace(/s$/, '');
    if (u === 'day' || u === 'week') d.setDate(d.getDate() + amount * (u === 'week' ? 7 : 1));
    else {
      const day = d.getDate();
      d.setDate(1);
      d.setMonth(d.getMonth() + amount * (u === 'year' ? 12 : 1));
      d.setDate(Math.min(day, new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate()));
    }
    return iso(d);
  };
  const count = (w: string) => (/^\\d+$/.test(w) ? Number(w) : DATE_NUMBERS[w]);
  const text = words.trim().replace(/\\s+/g, ' ').replace(/(?:'s)?\\s+date$|^the\\s+date\\s+/i, '').toLowerCase();
  const n = `(\\\\d{1,4}|${Object.keys(DATE_NUMBERS).join('|')})`;
  let m: RegExpExecArray | null;
  if (/^(?:today|now|the current date)$/.test(text)) return [iso(now), true];
  if (text === 'tomorrow') return [moved(1, 'day'), true];
  if (text === 'yesterday') return [moved(-1, 'day'), true];
  if (text === 'the day after tomorrow') return [moved(2, 'day'), true];
  if ((m = new RegExp(`^in ${n} (day|week|month|year)s?$`).exec(text))) return [moved(count(m[1]), m[2]), true];
  m = new RegExp(`^${n} (day|week|month|year)s? (from now|from today|later|ago|before today)$`).exec(text);
  if (m) return [moved((m[3] === 'ago' || m[3] === 'before today' ? -1 : 1) * count(m[1]), m[2]), true];
  if ((m = new RegExp(`^(next|last) (week|month|year|${WEEKDAYS.join('|')})$`).exec(text))) {
    const sign = m[1] === 'next' ? 1 : -1;
    const day = WEEKDAYS.indexOf(m[2]);
    if (day < 0) return [moved(sign, m[2]), true];
    const today = (now.getDay() + 6) % 7;
    const days = ((((day - today) * sign) % 7) + 7) % 7 || 7;
    return [moved(days * sign, 'day'), true];
  }
  if (!/\\d{4}/.test(words)) return null;
  const written = new Date(`${words.trim()} 12:00`);
  return Number.isNaN(written.getTime()) ? null : [iso(written), false];
}
/** Fill a field with a date said so: a relative one as the field takes it (a native date field in
 * ISO, a text field in the format its placeholder shows, a field named for a date in ISO, any
 * other field the words as written); a written-out one in ISO into a native date field, else
 * as written; a read-only field through its calendar. */
async function fillDate(field: Locator, words: string): Promise<void> {
  const target = field.first();
  const said = dateSaid(words);
  if (said === null) return target.fill(words);
  const [iso, relative] = said;
  if (await target.evaluate((el) => (el as HTMLInputElement).readOnly === true)) return pickDate(target, iso);
  const dated = (await target.evaluate(DATE_VALUE_JS, [iso, relative])) as string | null;
  await target.fill(dated ?? words);
}
""",
    "pickDate": """
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** The calendar's caption ("December 2026", "Dec 2026"; a month list or year box counts by
 * its value, as in flatpickr) as [year, month 1-12], or null. Marks the calendar (the nearest
 * box around the caption that holds the month's last days) with data-tripwire-calendar. */
async function calendarShows(page: Page): Promise<[number, number] | null> {
  const caption = await page.evaluate(() => {
    const re = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+(\\d{4})$/i;
    const shownText = (el: Element): string => {
      let out = '';
      const walk = (node: Node) => {
        for (const child of Array.from(node.childNodes)) {
          if (child.nodeType === 3) { out += ' ' + child.textContent; continue; }
          if (!(child instanceof HTMLElement) && !(child instanceof SVGElement)) continue;
          if (['SCRIPT', 'STYLE', 'OPTION'].includes(child.tagName)) continue;
          const style = getComputedStyle(child);
          if (style.display === 'none' || style.visibility === 'hidden') continue;
          if (child instanceof HTMLSelectElement) out += ' ' + (child.selectedOptions[0]?.text ?? '');
          else if (child instanceof HTMLInputElement) out += ' ' + child.value;
          else walk(child);
        }
      };
      walk(el);
      return out.replace(/\\s+/g, ' ').trim();
    };
    document.querySelectorAll('[data-tripwire-calendar]').forEach((e) => e.removeAttribute('data-tripwire-calendar'));
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (el.children.length > 3 || ['SCRIPT', 'STYLE', 'OPTION', 'SELECT'].includes(el.tagName)) continue;
      const r = el.getBoundingClientRect();
      if (!(r.width > 0 && r.height > 0)) continue;
      const text = shownText(el);
      if (text.length > 20 || !re.test(text)) continue;
      let root = el;
      while (root.parentElement && root.parentElement !== document.body
        && !/\\b(2[89]|3[01])\\b/.test((root as HTMLElement).innerText)) root = root.parentElement;
      root.setAttribute('data-tripwire-calendar', '');
      return text;
    }
    return null;
  });
  if (caption === null) return null;
  const [name, year] = [caption.slice(0, 3).toLowerCase(), caption.slice(-4)];
  return [Number(year), MONTHS.indexOf(name) + 1];
}
/** Choose the date `value` (2026-12-24, December 24, 2026, 24 Dec 2026) in the calendar picker
 * of a read-only field: open it, step months with its next/previous buttons, click the day. */
async function pickDate(field: Locator, value: string): Promise<void> {
  const page = field.page();
  const iso = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(value.trim());
  const parsed = iso ? null : new Date(value);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : [parsed!.getFullYear(), parsed!.getMonth() + 1, parsed!.getDate()];
  if (!year || !month || !day) throw new Error(`${value} is not a date`);
  const before = await field.inputValue();
  const calendar = page.locator('[data-tripwire-calendar]');
  await field.click();
  for (let step = 0; step < 120; step++) {
    let shown: [number, number] | null = null;
    await expect.poll(async () => (shown = await calendarShows(page)) !== null, {
      message: 'a calendar showing a month and year',
    }).toBe(true);
    const [y, m] = shown!;
    if (y === year && m === month) break;
    const forward = y < year || (y === year && m < month);
    const name = forward ? /next|›|»|→|^>$/i : /prev|‹|«|←|^<$/i;
    const word = forward ? 'next' : 'prev';
    // A button named so, else an arrow drawn as a bare icon whose class, label or title says so.
    const drawn = calendar.locator(`[class*=${word} i], [aria-label*=${word} i], [title*=${word} i]`)
      .filter({ hasNotText: /\\d/ });
    await calendar.getByRole('button', { name }).or(drawn).filter({ visible: true }).first().click();
    await expect.poll(async () => JSON.stringify(await calendarShows(page)), {
      message: 'the calendar moving on',
    }).not.toBe(JSON.stringify(shown));
  }
  const number = new RegExp(`^\\\\s*${day}\\\\s*$`);
  const kinds = ['[role=gridcell]', 'td', 'button', 'a', '[class*=day i]'];
  // Days of the neighbouring months fill the first and last weeks, marked so by most pickers.
  const others = ['prev', 'next', 'other', 'outside', 'disabled'].map((w) => `:not([class*=${w} i])`).join('');
  let days = calendar.locator(kinds.map((k) => k + others).join(', '))
    .filter({ hasText: number, visible: true });
  if ((await days.count()) === 0) {
    days = calendar.locator(kinds.join(', ')).filter({ hasText: number, visible: true });
  }
  const count = await days.count();
  await (count > 1 && day >= 15 ? days.last() : days.first()).click();
  await expect(field).not.toHaveValue(before);
}
""",
    "amountIs": r"""
/** "The total should be more than $10": the first number shown, against the claim's, as
 * Tripwire compares them (engine/claims.py); nothing to compare is false. A number compared is
 * never borne out by its words on the page (`wordsOrNoAmount`). */
type Compare = 'gt' | 'ge' | 'lt' | 'le';
function amountIs(seen: string, expected: string, compare: Compare): boolean {
  const number = (text: string) => {
    // A minus sign may come before the currency ("-$5.00").
    const found = /(-?)\s?[$\u20ac\u00a3\u00a5]?\s?(\d[\d,]*(?:\.\d+)?)/.exec(text);
    return found ? Number(found[1] + found[2].replace(/,/g, '')) : null;
  };
  const [have, wanted] = [number(seen), number(expected)];
  if (have === null || wanted === null) return false;
  if (compare === 'gt') return have > wanted;
  if (compare === 'ge') return have >= wanted;
  if (compare === 'lt') return have < wanted;
  return have <= wanted;
}
async function wordsOrNoAmount(
  page: Page,
  expected: string,
  exact: boolean | Compare,
  negated: boolean,
): Promise<void> {
  if (typeof exact === 'string') {
    throw new Error(`nothing on the page holds the amount compared with ${JSON.stringify(expected)}`);
  }
  await expectWords(page, expected, negated);
}
""",
    "expectValue": """
/** A claim about a field's value ("The Plan is 'Pro'", "The Email field is empty"), decided as
 * Tripwire decides it: the field called so at the first look (a list's chosen options, an input's
 * value, a box's words), read until the claim holds; where no field is called so, the claim is
 * about words, looked for on the page. */
async function expectValue(
  page: Page,
  fields: (r: Page) => Locator[],
  expected: string,
  exact: boolean | Compare,
  negated: boolean,
  orElse?: () => Promise<void>,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  const norm = (text: string) => text.replace(/\\s+/g, ' ').trim().toLowerCase();
  let field: Locator | null = null;
  for (const candidate of fields(page)) {
    if ((await candidate.count()) > 0) {
      field = candidate.first();
      break;
    }
  }
  if (field === null && orElse) {
    // "The cart is empty" where no field is called cart: a count of nothing in it.
    await orElse();
    return;
  }
  if (field === null) {
    await wordsOrNoAmount(page, expected, exact, negated);
    return;
  }
  const read = VALUE_JS;
  const shown = field;
  await expect
    .poll(
      async () => {
        const value = norm(String(await shown.evaluate(read)));
        if (typeof exact === 'string') return amountIs(value, expected, exact) !== negated;
        return (exact ? value === norm(expected) : value.includes(norm(expected))) !== negated;
      },
      { message: `the field's value ${negated ? 'is not' : 'is'} ${JSON.stringify(expected)}` },
    )
    .toBe(true);
}
""",
    "enterOrSend": """
/** The words typed, sent as Tripwire sends them: Enter in a one-line field; a text area's by the
 * button nearest it (closest common ancestor, after it on a tie) called by a word that sends
 * ("Post", "Send", "Add comment") or by the step's noun, since Enter there starts a new line. */
async function enterOrSend(box: Locator, noun: string[]): Promise<void> {
  const button = await box.evaluateHandle(
    (field: Element, args: { noun: string[]; send: string[] }) => {
      if (field.tagName !== 'TEXTAREA') return null;
      const send = new Set(args.send.concat(args.noun));
      const words = (s: string) => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      const depth = (node: Element | null) => {
        let d = 0;
        for (let n = node; n; n = n.parentElement) d++;
        return d;
      };
      let best: Element | null = null;
      let bestScore = -1;
      const all = document.querySelectorAll('button, input[type=submit], input[type=button], [role=button]');
      for (const b of Array.from(all)) {
        if (b.closest('nav, [role=navigation]') || (b as HTMLButtonElement).disabled) continue;
        if (!b.checkVisibility()) continue;
        const name = b.getAttribute('aria-label') || (b as HTMLElement).innerText || (b as HTMLInputElement).value || '';
        if (!words(name).some((w) => send.has(w))) continue;
        let common: Element | null = b;
        while (common && !common.contains(field)) common = common.parentElement;
        const after = field.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : 0;
        const score = depth(common) * 2 + after;
        if (score > bestScore) {
          best = b;
          bestScore = score;
        }
      }
      return best;
    },
    { noun, send: SEND_WORDS },
  );
  const element = button.asElement();
  if (element) await element.click();
  else await box.press('Enter');
}
""",
    "expectLabelled": """
/** "The cart total is '$52.00'" where no field is called so, read as Tripwire reads it: the value
 * beside the label on the page ("Total: $52.00", a <dd>, the next cell), read until the claim
 * holds ("is": those words whole); with no such label, the words are looked for on the page. */
async function expectLabelled(
  page: Page,
  label: string,
  expected: string,
  exact: boolean | Compare,
  negated: boolean,
  described = '',
): Promise<void> {
  const read = async () =>
    (await page.evaluate(LABELLED_JS, [label])) as { values: string[] } | null;
  if ((await read()) === null) {
    await (described ? expectDescribed(page, described, expected, exact, negated)
      : wordsOrNoAmount(page, expected, exact, negated));
    return;
  }
  const norm = (text: string) => text.replace(/\\s+/g, ' ').trim().toLowerCase();
  const wanted = norm(expected);
  const escaped = wanted.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');
  const whole = new RegExp('(?<!\\\\w)' + escaped + '(?!\\\\w)');
  await expect
    .poll(
      async () =>
        ((await read())?.values ?? []).some((value) =>
          typeof exact === 'string' ? amountIs(value, expected, exact)
            : exact ? whole.test(norm(value)) : norm(value).includes(wanted)) !== negated,
      { message: `the value beside ${JSON.stringify(label)} ${exact ? 'is' : 'contains'} ${JSON.stringify(expected)}` },
    )
    .toBe(true);
}
""",
    "expectRow": r"""
/** "The status of A-1002 is 'Paid'", "The row for Ada shows 'Admin'", read as Tripwire reads it:
 * the records that mention the words (a table row, a list item, a card), their cell or part
 * called so (else their other words), read until the claim holds; with no such record, the
 * value beside a label or the words on the page (`orElse`); words that name one record for sure
 * and are nowhere on the page fail. */
async function expectRow(
  page: Page,
  key: string,
  field: string,
  expected: string,
  exact: boolean | Compare,
  negated: boolean,
  pinned: boolean,
  orElse: () => Promise<void>,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  type Found = { key: string; rows: { text: string; values: string[] | null }[]; onPage?: boolean };
  const read = async () => (await page.evaluate(ROW_JS, [key, field])) as Found;
  const first = await read();
  if (first.rows.length === 0 && !(pinned && !first.onPage)) {
    await orElse();
    return;
  }
  const norm = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wanted = norm(expected);
  const whole = new RegExp('(?<!\\w)' + escape(wanted) + '(?!\\w)');
  const bears = (text: string) => (typeof exact === 'string' ? amountIs(text, expected, exact)
    : exact ? whole.test(norm(text)) : norm(text).includes(wanted));
  await expect
    .poll(
      async () => {
        const found = await read();
        const named = new RegExp(found.key.split(' ').map(escape).join('\\W+'), 'gi');
        return found.rows.some((row) => (field && row.values !== null ? row.values.some(bears)
          : bears(field ? row.text.replace(named, ' ') : row.text))) !== negated;
      },
      { message: `the row of ${JSON.stringify(key)}: ${field || 'its words'} ${negated ? 'not ' : ''}${JSON.stringify(expected)}` },
    )
    .toBe(true);
}
""",
    "expectHeading": r"""
/** "The page heading is 'Orders'", read as Tripwire reads it: the page's <h1>s (else its
 * top-level headings), "is" meaning those words, case and punctuation aside. */
async function expectHeading(
  page: Page,
  expected: string,
  exact: boolean,
  negated: boolean,
): Promise<void> {
  const plain = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, ' ').trim();
  const wanted = plain(expected);
  await expect
    .poll(
      async () =>
        ((await page.evaluate(HEADING_JS)) as string[]).some((h) =>
          exact ? plain(h) === wanted : plain(h).includes(wanted)) !== negated,
      { message: `the page's heading ${exact ? 'is' : 'contains'} ${JSON.stringify(expected)}` },
    )
    .toBe(true);
}
""",
    "expectOnPage": r"""
/** "I should be on the account page", read as Tripwire reads it: the page whose address, title
 * or main heading holds every word of one of the name's spellings ("sign in": also "login");
 * "home" is also the site's root. */
async function expectOnPage(page: Page, spellings: string[], negated: boolean): Promise<void> {
  // One word for "users" and "user", "categories" and "category" ("/admin/auth/user/").
  const singular = (w: string) => w.length > 4 && w.endsWith('ies') ? w.slice(0, -3) + 'y'
    : w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
  const wordsOf = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(singular);
  const HOME = ['home', 'start', 'landing', 'main', 'index', 'front'];
  await expect
    .poll(
      async () => {
        const path = decodeURIComponent(new URL(page.url()).pathname);
        const places = [wordsOf(path), wordsOf(await page.title())];
        for (const h of (await page.evaluate(HEADING_JS)) as string[]) places.push(wordsOf(h));
        const on = spellings.some((spelling) => {
          const wanted = wordsOf(spelling);
          if (wanted.every((w) => HOME.includes(w)) && path.replace(/\//g, '') === '') return true;
          return places.some((place) => wanted.every((w) => place.includes(w)));
        });
        return on !== negated;
      },
      { message: `the browser is${negated ? ' not' : ''} on the ${spellings[0]} page` },
    )
    .toBe(true);
}
""",
    "expectFieldError": r"""
/** "The Email field shows the error 'Enter a valid email'", read as Tripwire reads it: the words
 * its aria-errormessage/aria-describedby point at, the error-looking elements in its own box,
 * else the page's error list's items that name it; with no words expected, whether any error
 * shows. No field called so: the words are looked for on the page. */
async function expectFieldError(
  page: Page,
  fields: (r: Page) => Locator[],
  expected: string,
  negated: boolean,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  let field: Locator | null = null;
  for (const candidate of fields(page)) {
    if ((await candidate.count()) > 0) {
      field = candidate.first();
      break;
    }
  }
  if (field === null) {
    // "The form shows the error 'Wrong password'": no field is called so, the words are.
    if (!expected) throw new Error('no field is called so; Tripwire would ask a language model');
    await expectWords(page, expected, negated);
    return;
  }
  const shownBy = field;
  const norm = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  await expect
    .poll(
      async () => {
        const texts = (await shownBy.evaluate(fieldErrors)) as string[];
        const shown = expected ? texts.some((t) => norm(t).includes(norm(expected))) : texts.length > 0;
        return shown !== negated;
      },
      { message: `the field's error ${negated ? 'is not' : 'is'} ${JSON.stringify(expected || 'shown')}` },
    )
    .toBe(true);
}
""",
    "expectPageMessage": """
/** "An error should be shown", "The error should say 'Invalid'", "There should be no errors",
 * "A success message should be shown", "There should be no warning", read as Tripwire reads
 * them: the errors the page shows (alerts and error-looking boxes, the browser's own message of
 * a field made invalid), its messages of success (boxes marked success, live regions and alerts
 * saying something was done), its warnings or notes (boxes marked so, or saying "Warning:");
 * no field named. */
const pageMessages = {
  error: PAGE_ERRORS_JS,
  success: PAGE_SUCCESS_JS,
  warning: PAGE_WARNINGS_JS,
  info: PAGE_INFO_JS,
};
const messageNames = { error: 'an error', success: 'a success message', warning: 'a warning', info: 'an info message' };
async function expectPageMessage(
  page: Page,
  kind: 'error' | 'success' | 'warning' | 'info',
  expected: string,
  negated: boolean,
): Promise<void> {
  const norm = (text: string) => text.replace(/\\s+/g, ' ').trim().toLowerCase();
  await expect
    .poll(
      async () => {
        const texts = (await page.evaluate(pageMessages[kind])) as string[];
        const shown = expected ? texts.some((t) => norm(t).includes(norm(expected))) : texts.length > 0;
        return shown !== negated;
      },
      { message: `${messageNames[kind]} on the page ${negated ? 'is not' : 'is'} ${JSON.stringify(expected || 'shown')}` },
    )
    .toBe(true);
}
""",
    "expectSignedIn": """
/** "I should be logged in (as 'Ada')", "I should be logged out", read as Tripwire reads them
 * (engine/claims.py SIGNED_IN_JS): signed in where the page offers a way to sign out, shown or
 * in a closed menu; signed out where it offers none and a way in. Read until the claim holds. */
const signedInOnPage = SIGNED_IN_JS;
async function expectSignedIn(page: Page, signedIn: boolean, who: string): Promise<void> {
  type Seen = { holds: boolean; observed: string };
  await expect
    .poll(
      async () => {
        const seen: Seen | null = await page.evaluate(signedInOnPage, { signedIn, who }).catch(() => null);
        return seen === null ? 'the page could not be read' : seen.holds ? 'holds' : seen.observed;
      },
      { message: `the visitor is signed ${signedIn ? 'in' : 'out'}${who ? ` as '${who}'` : ''}` },
    )
    .toBe('holds');
}
""",
    "linkTarget": """
/** Where a link opens, as Tripwire reads it (engine/claims.py LINK_TARGET_JS): its target, else
 * its document's <base target>; '' is this tab. */
const linkTarget = LINK_TARGET_JS;
""",
    "expectNoConsoleErrors": r"""
/** "There should be no console errors", read as Tripwire reads it: nothing the case's pages
 * wrote to the console as an error, or threw, since the spec began (a favicon's 404 aside). */
const consoleErrors: string[] = [];
function watchConsole(page: Page): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && !/\/favicon\.ico(\?|$)/.test(message.location().url ?? '')) {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(error.name ? `${error.name}: ${error.message}` : error.message));
}
function expectNoConsoleErrors(): void {
  expect(consoleErrors, 'no console errors').toEqual([]);
}
""",
    "expectImagesLoaded": """
/** "There should be no broken images", "All images should load", read as Tripwire reads them
 * (engine/claims.py IMAGES_JS): every image shown has loaded (none broken, none still loading;
 * a lazy one off-screen aside). Read until the claim holds. */
const imagesOnPage = IMAGES_JS;
async function expectImagesLoaded(page: Page): Promise<void> {
  type Seen = { broken: string[]; loading: string[] };
  await expect
    .poll(
      async () => {
        const seen: Seen | null = await page.evaluate(imagesOnPage).catch(() => null);
        if (seen === null) return 'the page could not be read';
        if (seen.broken.length) return `broken: ${seen.broken.join(', ')}`;
        return seen.loading.length ? `still loading: ${seen.loading.join(', ')}` : 'holds';
      },
      { message: 'every image shown loads' },
    )
    .toBe('holds');
}
""",
    "goToPage": """
/** "Go to page 3", "Open page 2 of the invoices", as Tripwire does: the control for that page in
 * the list's pager (engine/pagers.py PAGE_CONTROL_JS), waited for as lists load late. */
const pageControl = PAGE_CONTROL_JS;
async function goToPage(page: Page, n: number, words: string): Promise<void> {
  let control: ElementHandle | null = null;
  await expect
    .poll(
      async () => {
        const found = await page.evaluateHandle(pageControl, { n, words }).catch(() => null);
        control = found ? (await found.getProperty('el')).asElement() : null;
        if (control !== null || found === null) return control !== null ? 'found' : 'the page could not be read';
        return (await (await found.getProperty('error')).jsonValue()) as string;
      },
      { message: `a pager offering page ${n}` },
    )
    .toBe('found');
  await control!.click();
}
""",
    "clickOutside": """
/** "Click outside the modal": a spot outside the open modal or menu where nothing takes clicks
 * of its own, as Tripwire picks it (engine/pages.py OUTSIDE_JS), clicked once something is
 * open. */
const outsideSpot = OUTSIDE_JS;
async function clickOutside(page: Page, menuOnly: boolean): Promise<void> {
  type Spot = { x: number; y: number; what: string } | { error: string };
  let spot: Spot = { error: 'the page could not be read' };
  await expect
    .poll(
      async () => {
        spot = (await page.evaluate(outsideSpot, menuOnly).catch(() => null)) ?? spot;
        return 'error' in spot ? spot.error : 'found';
      },
      { message: 'something open to click outside of' },
    )
    .toBe('found');
  if (!('error' in spot)) await page.mouse.click(spot.x, spot.y);
}
""",
    "expectDialog": r"""
/** "The modal should be closed", "A confirmation dialog should appear", read as Tripwire reads
 * them (engine/claims.py DIALOG_JS): a dialog shown in the page, or a JS dialog (answered as it
 * came) since the last such check. Read until the claim holds. */
const dialogOnPage = DIALOG_JS;
let dialogsChecked = 0;
async function expectDialog(page: Page, open: boolean, name: string): Promise<void> {
  type Seen = { open: boolean; observed: string };
  const plain = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  await expect
    .poll(
      async () => {
        const seen: Seen | null = await page.evaluate(dialogOnPage, { name }).catch(() => null);
        if (seen === null) return 'the page could not be read';
        const came = dialogMessages.slice(dialogsChecked).filter((m) => plain(m).includes(plain(name)));
        const isOpen = seen.open || came.length > 0;
        return isOpen === open ? 'holds' : came.length ? `a JS dialog said '${came[came.length - 1]}'` : seen.observed;
      },
      { message: `${name ? `the '${name}' dialog` : 'a dialog'} is ${open ? '' : 'not '}open` },
    )
    .toBe('holds');
  dialogsChecked = dialogMessages.length;
}
""",
    "fieldErrors": """
/** The words shown as a field's error, as Tripwire reads them (engine/claims.py). */
const fieldErrors = ERROR_JS;
""",
    "expectSelected": """
/** "The Billing tab is selected", "'Germany' is selected", "The Bold button is pressed", read as
 * Tripwire reads them: the tabs, options and toggle buttons called so (aria-selected,
 * aria-pressed, aria-checked, a list's chosen option), until one is as said; with none such,
 * `orElse` (a box called so, checked or not). */
async function expectSelected(
  page: Page,
  name: string,
  on: boolean,
  orElse: () => Promise<void>,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  const read = async () => (await page.evaluate(SELECTED_JS, [name])) as boolean[];
  if ((await read()).length === 0) {
    await orElse();
    return;
  }
  await expect
    .poll(async () => (await read()).some((state) => state === on), {
      message: `${JSON.stringify(name)} is ${on ? '' : 'not '}selected`,
    })
    .toBe(true);
}
""",
    "expectEnabled": """
/** "Notifications should be enabled", read as Tripwire reads it: a switch is enabled when it is
 * on; any other control when it can be used. */
async function expectEnabled(target: Locator, on: boolean): Promise<void> {
  // The switch itself, or the one its label (what a name often finds) is for; null: no switch.
  const switchOn = (el: Element): boolean | null => {
    const control = el instanceof HTMLLabelElement && el.control ? el.control : el;
    if (control.getAttribute('role') !== 'switch') return null;
    if (control instanceof HTMLInputElement) return control.checked;
    return control.getAttribute('aria-checked') === 'true';
  };
  if ((await target.evaluate(switchOn)) === null) {
    await (on ? expect(target).toBeEnabled() : expect(target).toBeDisabled());
    return;
  }
  await expect
    .poll(async () => target.evaluate(switchOn), { message: `the switch is ${on ? 'on' : 'off'}` })
    .toBe(on);
}
""",
    "expectPlaceholder": r"""
/** "The email field should have the placeholder 'you@example.com'", read as Tripwire reads it:
 * the field's hint (placeholder, aria-placeholder, data-placeholder), spaces and case aside;
 * with no field named, any field shown; polled. */
async function expectPlaceholder(
  page: Page,
  field: Locator | null,
  expected: string,
  exact: boolean,
  negated: boolean,
): Promise<void> {
  const squash = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const said = (hint: string) =>
    exact ? squash(hint) === squash(expected) : squash(hint).includes(squash(expected));
  const holds = async (): Promise<boolean> => {
    if (field) return said(String(await field.evaluate(PLACEHOLDER_JS))) !== negated;
    const hints = (await page.evaluate(PLACEHOLDERS_JS)) as string[];
    return negated ? hints.every((hint) => !said(hint)) : hints.some(said);
  };
  await expect
    .poll(holds, { message: `the placeholder ${exact ? 'is' : 'contains'} ${JSON.stringify(expected)}` })
    .toBe(true);
}
""",
    "isExpanded": """
/** Whether what a control opens is open, as Tripwire reads it: a <details>, else aria-expanded. */
const isExpanded = EXPANDED_JS;
""",
    "isRequired": """
/** Whether a field is required, as Tripwire reads it: `required`, aria-required, a label marked
 * "*". */
const isRequired = REQUIRED_JS;
""",
    "expectDescribed": r"""
/** "The cart count is '1'" where no field or label is called so, read as Tripwire reads it: the
 * elements whose own names (test id, id, class, aria-label) are those words, the innermost ("is":
 * those words whole); "The cart contains 'Mug'": the items of the collection called so, else the
 * outermost elements named so; read until the claim holds; with none, the words on the page. */
async function expectDescribed(
  page: Page,
  description: string,
  expected: string,
  exact: boolean | Compare,
  negated: boolean,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  const container = description.split(/\s+/);
  const read = async (): Promise<string[] | null> => {
    if (!exact) {
      const args = { container, noun: [], generic: countedAnyway, itemsOnly: true };
      const found: { texts: string[] }[] = await page.evaluate(countOnPage, args);
      const texts = found.flatMap((c) => c.texts);
      if (texts.length) return texts;
    }
    return (await page.evaluate(DESCRIBED_JS, [description, !exact])) as string[] | null;
  };
  if ((await read()) === null) {
    await wordsOrNoAmount(page, expected, exact, negated);
    return;
  }
  const norm = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  const wanted = norm(expected);
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const whole = new RegExp('(?<!\\w)' + escaped + '(?!\\w)');
  await expect
    .poll(
      async () =>
        ((await read()) ?? []).some((value) =>
          typeof exact === 'string' ? amountIs(value, expected, exact)
            : exact ? whole.test(norm(value)) : norm(value).includes(wanted)) !== negated,
      { message: `the ${description} ${exact ? 'is' : 'contains'} ${JSON.stringify(expected)}` },
    )
    .toBe(true);
}
""",
    "countOnPage": """
/** What the page shows of a count, as Tripwire reads it (engine/counting.py). */
const countOnPage = COUNT_JS;
const countedAnyway = GENERIC_NOUNS;
""",
    "expectItem": """
/** "The first row contains 'Ada'", read as Tripwire reads it: that item of each collection the
 * words name (a list, a table, a grid, cards), read until the claim holds; where the page has
 * no such collection, the words are looked for on the page. */
async function expectItem(
  page: Page,
  container: string[],
  noun: string[],
  position: number,
  expected: string,
  negated: boolean,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  const args = { container, noun, generic: countedAnyway, itemsOnly: true };
  const norm = (text: string) => text.replace(/\\s+/g, ' ').trim().toLowerCase();
  const look = async (): Promise<{ texts: string[] }[]> => await page.evaluate(countOnPage, args);
  if ((await look()).length === 0) {
    await expectWords(page, expected, negated);
    return;
  }
  await expect
    .poll(
      async () =>
        (await look()).some((c) => {
          const text = c.texts[position > 0 ? position - 1 : c.texts.length + position];
          return text !== undefined && norm(text).includes(norm(expected)) !== negated;
        }),
      { message: `item ${position} of ${noun.join(' ')} ${negated ? 'does not contain' : 'contains'} ${JSON.stringify(expected)}` },
    )
    .toBe(true);
}
""",
    "expectCount": """
/** A count a claim states ("The cart has 2 items", "There are no invoices"), read as Tripwire
 * reads it: the collection the words name with its visible items, else the page's words that
 * state the count; read until the claim holds. */
async function expectCount(
  page: Page,
  container: string[],
  noun: string[],
  n: number,
  compare: 'eq' | 'ge' | 'gt' | 'le' | 'lt',
  negated: boolean,
): Promise<void> {
  await page.waitForLoadState().catch(() => undefined);
  const count = countOnPage;
  const holds = { eq: (a: number) => a === n, ge: (a: number) => a >= n, gt: (a: number) => a > n,
    le: (a: number) => a <= n, lt: (a: number) => a < n }[compare];
  const generic = countedAnyway;
  await expect
    .poll(
      async () => {
        const found: { n: number }[] = await page.evaluate(count, { container, noun, generic });
        return found.length > 0 && found.some((e) => holds(e.n)) !== negated;
      },
      { message: `${negated ? 'not ' : ''}${compare} ${n} ${noun.join(' ')} ${container.join(' ')}` },
    )
    .toBe(true);
}
""",
    "controlNamed": """
/** The controls called `name` (a whole-name pattern), whatever their role: a step that is only a
 * control's name ("Log out", "Next"), as Tripwire reads it. */
function controlNamed(root: Page | Frame, name: RegExp): Locator {
  const roles = ['button', 'link', 'menuitem', 'tab', 'checkbox', 'radio', 'switch'] as const;
  let found = root.locator('summary').filter({ hasText: name });
  for (const role of roles) found = found.or(root.getByRole(role, { name }));
  return found;
}
""",
    "settleAnimations": """
/** Wait (up to a second) while the page's finite animations run, and two frames more, as
 * Tripwire does before it reads a page: a dialog fading in, list items making room. `frames`
 * first: for the page to start them. */
async function settleAnimations(page: Page, frames = 0): Promise<void> {
  await page.evaluate(async (frames) => {
    const frame = () => new Promise((r) => { requestAnimationFrame(() => r(null)); setTimeout(r, 50); });
    for (let i = 0; i < frames; i++) await frame();
    const moving = () => document.getAnimations().some((a) => {
      if (a.playState !== 'running' || !a.effect) return false;
      const end = Number(a.effect.getComputedTiming().endTime);
      return Number.isFinite(end) && end <= 2000;
    });
    if (!moving()) return;
    const started = performance.now();
    let still = 0;
    while (performance.now() - started < 1000 && still < 2) {
      await frame();
      still = moving() ? 0 : still + 1;
    }
  }, frames).catch(() => undefined);
}
""",
    "dragOnto": """
/** Drag with the mouse as Tripwire does: in steps (a jQuery UI sortable list reorders on the
 * moves in between), then, once the items making room stop moving (SortableJS animates them),
 * onto the target once more if it is still under the pointer (a target that moved away has
 * made room already), and let go. */
async function dragOnto(held: Locator, target: Locator): Promise<void> {
  const page = held.page();
  await held.hover();
  await page.mouse.down();
  try {
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (box === null) throw new Error('the drop target is not on the page');
    const x = box.x + box.width / 2, y = box.y + box.height / 2;
    await page.mouse.move(x, y, { steps: DRAG_STEPS });
    await settleAnimations(page, 2);
    const now = await target.boundingBox();
    if (now && now.x <= x && x <= now.x + now.width && now.y <= y && y <= now.y + now.height)
      await page.mouse.move(now.x + now.width / 2, now.y + now.height / 2 + 1);
  } finally {
    await page.mouse.up();
  }
}
""",
    "firstIn": """
/** The element of the first candidate that finds one, in Tripwire's order of preference (`.or()`
 * would take whichever comes first on the page), the candidates written on a root: the page,
 * then, from the second second on, each of its frames too (a form in an iframe), as Tripwire
 * grounds a step in every frame. Visible elements first; after a second, a hidden one too (an
 * input drawn by its label), and then, given `like` ([role, name]), a control whose name
 * resembles that name (`resembling`). `nth` (1 the first, -1 the last) picks one of the
 * elements the first fitting candidate finds, in page order ("the second 'Quantity' field").
 * Waits up to the step timeout, then answers the page's first candidate, so Playwright's error
 * names what was looked for. */
async function firstIn(
  page: Page,
  candidates: (r: Page | Frame) => Locator[],
  like?: [string, string] | null,
  nth = 1,
  timeout = 10_000,
): Promise<Locator> {
  const enough = Math.abs(nth);
  const pick = (found: Locator) =>
    nth === 1 ? found.first() : found.nth(nth < 0 ? nth : nth - 1);
  // The first of `locators` that finds enough elements. They are asked one by one while the
  // page may change (a menu opening): when a later, looser one finds its element, those before
  // it are asked again, so a closer match that appeared meanwhile is not passed over.
  const firstFinding = async (locators: Locator[]): Promise<Locator | null> => {
    for (let i = 0; i < locators.length; i++) {
      if ((await locators[i].count()) < enough) continue;
      for (let j = 0; j < i; j++) {
        if ((await locators[j].count()) >= enough) return locators[j];
      }
      return locators[i];
    }
    return null;
  };
  const started = Date.now();
  for (;;) {
    // As Tripwire settles after an action: a page a click is opening has loaded (its scripts
    // ran), and a dialog fading in is in place, before anything on it is looked for.
    await page.waitForLoadState().catch(() => undefined);
    await settleAnimations(page);
    const late = Date.now() - started > 1000;
    const roots: (Page | Frame)[] = [page];
    if (late) roots.push(...page.frames().filter((frame) => frame !== page.mainFrame()));
    const found = roots.flatMap((root) => candidates(root));
    // While a modal dialog is open, what answers inside it is what is meant.
    const modal = ':is([aria-modal="true"], dialog:modal)';
    if ((await page.locator(modal).filter({ visible: true }).count()) > 0) {
      const inside = await firstFinding(candidates(page).map((candidate) =>
        candidate.filter({ visible: true }).and(page.locator(`${modal} *`))));
      if (inside !== null) return pick(inside);
    }
    const shown = await firstFinding(found.map((candidate) => candidate.filter({ visible: true })));
    if (shown !== null) return pick(shown);
    if (late) {
      const hidden = await firstFinding(found);
      if (hidden !== null) return pick(hidden);
      // Tripwire's last resort: a control whose name resembles the one asked for.
      for (const root of like ? roots : []) {
        const similar = await resembling(root, like![0], like![1]);
        if (similar !== null) return similar;
      }
    }
    if (Date.now() - started > timeout) return pick(found[0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
""",
    "nthItem": r"""
/** The control that opens item `nth` (1 the first, -1 the last) of the collection `noun` names
 * in the region `container` names, as Tripwire picks it for "Open the first product"
 * (engine/counting.py ITEM_JS): the item when it is a control, else its first link with words.
 * Where no collection is called so, control `nth` of the first of `called` (the controls and
 * words called `noun` word for word, never what only resembles it) that finds enough ("Click
 * the third Remove"). Waits up to the step timeout. */
async function nthItem(
  page: Page,
  noun: string,
  container: string,
  nth: number,
  called: (r: Page) => Locator[],
  timeout = 10_000,
): Promise<Locator> {
  const split = (text: string) => text.split(/\s+/).filter(Boolean);
  const args = { noun: split(noun), container: split(container), generic: GENERIC_NOUNS, nth };
  const started = Date.now();
  let reason = `nothing on the page is a list of ${noun}s, and no control is called '${noun}'`;
  for (;;) {
    await page.waitForLoadState().catch(() => undefined);
    type Found = { css?: string; what?: string; error?: string };
    const found: Found | null = await page.evaluate(ITEM_JS, args).catch(() => null);
    if (found?.css) return page.locator(found.css);
    if (found?.error) reason = `${found.what}: ${found.error}`;
    else if (found && !found.what) {
      for (const candidate of called(page)) {
        const named = candidate.filter({ visible: true });
        const n = await named.count();
        const index = nth > 0 ? nth - 1 : n + nth;
        if (0 <= index && index < n) return named.nth(index);
      }
    }
    if (Date.now() - started > timeout) throw new Error(reason);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
""",
    "nthRowControl": """
/** The control of the `nth` row (1 the first, -1 the last) that holds one, as Tripwire picks it
 * for "Remove the second note": rows are the innermost list items, table rows and articles; one
 * control per row (the first candidate, in Tripwire's order of preference, that finds one in
 * it); rows that say `noun` when some do. A row that shows no control is hovered (rows often
 * show theirs only then; up to 50 rows). Waits up to the step timeout. */
async function nthRowControl(
  page: Page,
  candidates: (r: Locator) => Locator[],
  nth: number,
  noun: string,
  timeout = 10_000,
): Promise<Locator> {
  const ROW = 'li, tr, [role=row], [role=listitem], article';
  const said = noun ? new RegExp(`\\\\b${noun}(?:e?s)?\\\\b`, 'i') : null;
  const controlIn = async (row: Locator): Promise<Locator | null> => {
    for (const candidate of candidates(row)) {
      const shown = candidate.filter({ visible: true });
      if ((await shown.count()) > 0) return shown.first();
    }
    return null;
  };
  const started = Date.now();
  for (;;) {
    await page.waitForLoadState().catch(() => undefined);
    const all = page.locator(ROW).filter({ visible: true });
    const rows: Locator[] = [];
    for (let i = 0, n = await all.count(); i < n; i++) {
      const row = all.nth(i);
      if ((await row.locator(ROW).filter({ visible: true }).count()) === 0) rows.push(row);
    }
    const saying: Locator[] = [];
    for (const row of said ? rows : []) if (said!.test(await row.innerText())) saying.push(row);
    const counted = saying.length ? saying : rows;
    const holding: [Locator, Locator][] = [];
    let hovered = 0;
    for (const row of counted) {
      let control = await controlIn(row);
      if (control === null && hovered < 50) {
        hovered += 1;
        await row.hover().catch(() => undefined);
        control = await controlIn(row);
      }
      if (control !== null) holding.push([row, control]);
    }
    const index = nth > 0 ? nth - 1 : holding.length + nth;
    if (0 <= index && index < holding.length) {
      const [row, control] = holding[index];
      await row.hover().catch(() => undefined);
      return control;
    }
    if (Date.now() - started > timeout) {
      throw new Error(`row ${nth} of ${holding.length} rows holding the control was asked for`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
""",
    "resembling": """
/** Words as Tripwire compares them: lower case, letters and digits only. */
function plainWords(text: string): string {
  return text.toLowerCase().replace(/[^\\p{L}\\p{N}]+/gu, ' ').trim();
}
/** Similarity of two strings, 0 to 100, from their longest common subsequence (rapidfuzz's
 * `ratio`, which Tripwire's fuzzy tier uses). */
function ratio(a: string, b: string): number {
  if (a.length + b.length === 0) return 100;
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return (200 * row[b.length]) / (a.length + b.length);
}
/** rapidfuzz's `token_set_ratio`: word sets, one inside the other counting as the same. */
function tokenSetRatio(a: string, b: string): number {
  const [left, right] = [new Set(a.split(' ')), new Set(b.split(' '))];
  const both = [...left].filter((w) => right.has(w)).sort().join(' ');
  const onlyLeft = [...left].filter((w) => !right.has(w)).sort().join(' ');
  const onlyRight = [...right].filter((w) => !left.has(w)).sort().join(' ');
  if (both && (!onlyLeft || !onlyRight)) return 100;
  const withLeft = [both, onlyLeft].filter(Boolean).join(' ');
  const withRight = [both, onlyRight].filter(Boolean).join(' ');
  const scores = [ratio(withLeft, withRight)];
  if (both) scores.push(ratio(both, withLeft), ratio(both, withRight));
  return Math.max(...scores);
}
/** Tripwire's fuzzy score of a name against the one asked for, 0 when implausible (short words
 * one letter apart, "Nope" and "Note", are different words, not typos). */
function resemblance(wanted: string, name: string): number {
  const [a, b] = [plainWords(wanted), plainWords(name)];
  if (!a || !b) return 0;
  const plausible = Math.min(a.length, b.length) >= 8 || tokenSetRatio(a, b) === 100
    || ratio(a, b) >= 85;
  return plausible ? 0.6 * tokenSetRatio(a, b) + 0.4 * ratio(a, b) : 0;
}
/** The visible control of `role` whose name resembles `name` best, as Tripwire's fuzzy tier
 * takes it: a score of 70 or more, and no other control within 2 of it; else null. */
async function resembling(root: Page | Frame, role: string, name: string): Promise<Locator | null> {
  const controls = root.locator(`xpath=//*[${CONTROL_XPATH[role]}]`).filter({ visible: true });
  const names = await controls.evaluateAll((elements) => elements.map((el) =>
    el.getAttribute('aria-label') || (el as HTMLElement).innerText
      || (el as HTMLInputElement).value || el.getAttribute('title') || ''));
  const scored = names.map((text, index) => ({ index, score: resemblance(name, text) }))
    .sort((x, y) => y.score - x.score);
  if (scored.length === 0 || scored[0].score < 70) return null;
  if (scored.length > 1 && scored[0].score - scored[1].score < 2) return null;
  return controls.nth(scored[0].index);
}
""",
    "asWrittenOr": """
/** Words with two readings, taken as Tripwire takes them: the element called by the words as
 * written when the page shows one (`asWritten`, found by whole name: "the first name field" is
 * "First name", "Terms of service" a link), else the other reading (`other`: the first of the
 * "name" fields; the "Edit" button in the row of "Grace Hopper" for "the edit button for Grace
 * Hopper"). */
async function asWrittenOr(
  page: Page,
  asWritten: (r: Page | Frame) => Locator[],
  byWords: () => Promise<Locator>,
  other: () => Promise<Locator>,
): Promise<Locator> {
  await page.waitForLoadState().catch(() => undefined);
  await settleAnimations(page);
  for (const root of page.frames()) {
    for (const candidate of asWritten(root)) {
      if ((await candidate.filter({ visible: true }).count()) > 0) return byWords();
    }
  }
  return other();
}
""",
    "firstOf": """
/** The element of the first candidate that finds one, in Tripwire's order of preference
 * (`.or()` would take whichever comes first on the page). Visible elements first; after a
 * second, a hidden one too (an input drawn by its label). Waits up to the step timeout, then
 * answers the first candidate, so Playwright's error names what was looked for. */
async function firstOf(candidates: Locator[], timeout = 10_000): Promise<Locator> {
  const started = Date.now();
  for (;;) {
    for (const candidate of candidates) {
      const shown = candidate.filter({ visible: true });
      if ((await shown.count()) > 0) return shown.first();
    }
    if (Date.now() - started > 1000) {
      for (const candidate of candidates) {
        if ((await candidate.count()) > 0) return candidate.first();
      }
    }
    if (Date.now() - started > timeout) return candidates[0].first();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
""",
    "rowsWith": """
/** The rows (list items, table rows) that carry `words`: a RegExp of whole words, so the row of
 * "Invoice 7" is not the row of "Invoice 70". A row's own text runs its cells together
 * ("Wool Scarf1$35.00"), so a row also counts when one of its elements carries the words. */
function rowsWith(
  where: Page | Frame | FrameLocator, selector: string, words: string | RegExp,
): Locator {
  const rows = where.locator(selector);
  if (typeof words === 'string') return rows.filter({ hasText: words });
  return rows.filter({ hasText: words }).or(rows.filter({ has: where.getByText(words) }));
}
""",
    "controlXPath": """
/** What a control of each role is, as XPath (for the helpers that find one beside words). */
const FIELD_XPATH = 'self::textarea or self::input[not(@type) or @type="text" or @type="email"'
  + ' or @type="search" or @type="tel" or @type="url" or @type="number" or @type="password"]'
  + ' or @contenteditable="true" or @contenteditable="" or @role="textbox"';
const CONTROL_XPATH: Record<string, string> = {
  clickable: 'self::button or @role="button" or self::input[@type="submit" or @type="button"]'
    + ' or self::a[@href] or @role="link" or @role="tab" or @role="menuitem"',
  button: 'self::button or @role="button" or self::input[@type="submit" or @type="button"]',
  link: 'self::a[@href]',
  checkbox: 'self::input[@type="checkbox"] or @role="checkbox"',
  radio: 'self::input[@type="radio"] or @role="radio"',
  switch: '@role="switch" or self::input[@type="checkbox"]',
  textbox: FIELD_XPATH,
};
""",
    "namelessXPath": """
/** A control with no name of its own (no aria name, title, placeholder, label, text or value):
 * only such a control does Tripwire name by the words of its row or the words before it. */
const NAMELESS_XPATH = 'not(@aria-label[normalize-space()]) and not(@aria-labelledby)'
  + ' and not(@title[normalize-space()]) and not(@placeholder[normalize-space()])'
  + ' and not(@id and @id = //label/@for) and not(ancestor::label[normalize-space()])'
  + ' and (self::select or self::textarea or self::input[not(@type="submit" or @type="button"'
  + ' or @type="reset") or not(@value[normalize-space()])]'
  + ' or (not(self::input) and not(normalize-space()) and not(.//img[@alt[normalize-space()]])))';
/** Boxes that are no row: the page, a form or a landmark holds many controls, not one item's. */
const NOT_A_ROW_XPATH = 'self::body or self::html or self::form or self::main or self::nav'
  + ' or self::header';
""",
    "field": """
/** What a label names, less a region, form or group labelled the same ("Search", "Note"):
 * getByLabel finds both, and only the control takes what a step types or ticks. */
function field(labelled: Locator): Locator {
  return labelled.locator(':scope:not(NOT_A_FIELD_CSS)');
}
""",
    "rowControl": """
/** A nameless control of `role` in the nearest box around `words` (the text `said`) that holds
 * one: their list or table row, or a card among repeated ones, as Tripwire names such a control
 * by its row. No page, form or landmark is a row: words with no row of their own name no
 * control elsewhere on the page. */
function rowControl(words: Locator, said: string, role: string): Locator {
  const control = `.//*[(${CONTROL_XPATH[role]}) and (${NAMELESS_XPATH})]`;
  return words.locator(`xpath=${boxXPath(said, control)}[not(${NOT_A_ROW_XPATH})][1]${control.slice(1)}`);
}
""",
    "boxAround": """
/** The nearest box around `words` (the text `said`) that holds a control of `role` (or the
 * text `holding`: the name of the control sought): their row, whatever markup makes it (a list
 * item, a table row, a card among repeated divs). */
function boxAround(words: Locator, said: string, role: string, holding?: string): Locator {
  const holds = holding === undefined ? `.//*[${CONTROL_XPATH[role]}]` : saying(holding);
  return words.locator(`xpath=${boxXPath(said, holds)}[1]`);
}
/** The ancestors (nearest first) that may be the box around words saying `said` and holding
 * `holds`: one of the eight nearest, never the page, and never above the words' own list item
 * or table row, where the other rows are: "Delete next to 'Invoice 7'" is never the Delete of
 * another row, so a row that lost its button fails, as in Tripwire. */
function boxXPath(said: string, holds: string): string {
  const rows = './/*[self::li or self::tr or @role="row" or @role="listitem"]';
  const crossing = `${rows}[${saying(said)}] and ${rows}[not(${saying(said)})]`;
  return `ancestor::*[position() <= 8][not(self::body or self::html)][not(${crossing})][${holds}]`;
}
/** XPath: the node's text holds `text`, ignoring case and runs of spaces. */
function saying(text: string): string {
  const words = text.toLowerCase().replace(/\\s+/g, ' ').trim();
  return `contains(translate(normalize-space(.), '${UPPER}', '${UPPER.toLowerCase()}'), ${xpathText(words)})`;
}
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** A string as an XPath literal (XPath 1 has no escapes: pick the quote it does not hold). */
function xpathText(text: string): string {
  return text.includes("'") ? `"${text.replace(/"/g, '')}"` : `'${text}'`;
}
""",
    "inColumn": """
/** The controls of `role` in the column whose header cell says `name` (an inline formset's
 * fields, named by their column as Tripwire names them); spanned columns counted. */
function inColumn(root: Page | Frame | Locator, name: string, role: string): Locator {
  const lower = (x: string) => `translate(${x}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
  const words = name.toLowerCase().replace(/\\s+/g, ' ').trim();
  const literal = words.includes("'") ? `concat('${words.split("'").join(`', "'", '`)}')` : `'${words}'`;
  const header = '(ancestor::*[self::table or @role="grid" or @role="table" or @role="treegrid"][1]'
    + `//*[self::th or @role="columnheader"][normalize-space(${lower('.')}) = ${literal}])[1]`;
  const start = (node: string) =>
    `(count(${node}preceding-sibling::*[not(@colspan)]) + sum(${node}preceding-sibling::*/@colspan))`;
  const [mine, theirs] = [start(''), start(`${header}/`)];
  const span = `(sum(${header}/@colspan) + 1 - count(${header}/@colspan))`;
  return root.locator(`xpath=//*[self::td or @role="gridcell"][${mine} >= ${theirs} and `
    + `${mine} < ${theirs} + ${span}]//*[${CONTROL_XPATH[role]}]`);
}
""",
    "controlAfter": """
/** The first control of `role` after `words`, when it has no name of its own (a field named by
 * the text just before it); a named one answers to its own name, not to these words. */
function controlAfter(words: Locator, role: string): Locator {
  return words.locator(`xpath=following::*[${CONTROL_XPATH[role]}][1][${NAMELESS_XPATH}]`);
}
""",
    "hoverRow": """
/** Hover the row that mentions `text` (its innermost list item or table row, else the text), so
 * controls that rows show only on hover appear. */
async function hoverRow(page: Page, text: string): Promise<void> {
  const rows = page.locator('li, tr, [role=row], [role=listitem]').filter({ hasText: text });
  if ((await rows.count()) > 0) await rows.last().hover();
  else await page.getByText(text).first().hover();
}
""",
    "setChecked": """
/** Tick or untick a box, as Tripwire does: a hidden input drawn by its label or a styled sibling
 * (a 1 px clipped, transparent or display:none input) is clicked through that; a checkbox, a
 * radio, an ARIA checkbox or a toggle button (aria-pressed) is clicked when its state is not the
 * one wanted, then verified. A box whose row leaves the page on the click (a to-do leaving the
 * "Active" view) took it. */
async function setChecked(box: Locator, checked: boolean): Promise<void> {
  const input = box.first();
  const state = CHECKED_JS;
  const proxy = await input.evaluateHandle((el) => {
    const shown = (e: Element | null) => {
      if (!e || !e.isConnected) return false;
      if (!e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const r = e.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    };
    if (!(el instanceof HTMLInputElement) || shown(el)) return null;
    const options = [...(el.labels ?? []), el.closest('label'), el.nextElementSibling,
      el.previousElementSibling, el.parentElement];
    return options.find((o) => o && o !== document.body && shown(o)) ?? null;
  });
  const now = await input.evaluate(state);
  if (now === null) throw new Error('the element cannot be checked');
  if (now === checked) return;
  await (proxy.asElement() ?? input).click();
  const took = async () =>
    (await box.count()) === 0 ||
    (await input.evaluate(state, undefined, { timeout: 500 }).catch(() => null)) === checked;
  await expect.poll(took, { message: `the box is ${checked ? 'checked' : 'unchecked'}`, timeout: 1_000 }).toBe(true);
}
""",
    "secret": """
/** A secret: read from the environment, never written into this file. */
function secret(name: string, what: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Set the environment variable ${name}: ${what} is a secret, so the export does not contain it.`);
  }
  return value;
}
""",
    "token": """
function token(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
""",
    "pick": """
function pick(items: readonly string[]): string {
  return items[randomInt(items.length)];
}
""",
    "genUniqueEmail": """
/** unique_email: never the same twice, so sign-ups do not collide across runs. */
function genUniqueEmail(domain = 'example.com'): string {
  return `tw-${Date.now().toString(36)}${token(8)}@${domain}`;
}
""",
    "genPassword": """
/** password: upper, lower, digit and symbol, at least 12 characters, starting with a letter. */
function genPassword(length = 16): string {
  const pools = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', '!#%*+-=?@_'];
  const all = pools.join('');
  const chars = pools.map((pool) => pool[randomInt(pool.length)]);
  while (chars.length < Math.max(length, 12)) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const letter = chars.findIndex((c) => /[A-Za-z]/.test(c));
  [chars[0], chars[letter]] = [chars[letter], chars[0]];
  return chars.join('');
}
""",
    "genUuid": """
function genUuid(): string {
  return randomUUID();
}
""",
    "genFirstName": """
function genFirstName(): string {
  return pick(['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Tim',
    'Radia', 'Guido', 'Katherine', 'Edsger', 'Hedy', 'John', 'Sophie', 'James', 'Mary', 'Carlos']);
}
""",
    "genLastName": """
function genLastName(): string {
  return pick(['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie',
    'Allen', 'Berners-Lee', 'Perlman', 'van Rossum', 'Johnson', 'Dijkstra', 'Lamarr', 'Backus',
    'Wilson', 'Gosling', 'Keller', 'Santos']);
}
""",
    "genName": """
function genName(): string {
  return `${genFirstName()} ${genLastName()}`;
}
""",
    "genUsername": """
function genUsername(): string {
  return `${genFirstName().toLowerCase()}_${token(6)}`;
}
""",
    "genPhone": """
function genPhone(): string {
  return `555-${randomInt(100, 1000)}-${String(randomInt(10000)).padStart(4, '0')}`;
}
""",
    "genNumber": """
function genNumber(min = 0, max = 1000): string {
  return String(randomInt(min, max + 1));
}
""",
    "genWord": """
function genWord(): string {
  return pick(['amber', 'breeze', 'canyon', 'delta', 'ember', 'fjord', 'glacier', 'harbor', 'island',
    'juniper', 'kernel', 'lantern', 'meadow', 'nectar', 'orchid', 'prairie', 'quartz', 'river', 'summit',
    'timber']);
}
""",
    "genSentence": """
function genSentence(words = 6): string {
  const text = Array.from({ length: Math.max(words, 1) }, () => genWord()).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
""",
    "genDate": """
/** date: today plus `offsetDays`, as YYYY-MM-DD (local time, like Tripwire). */
function genDate(offsetDays = 0): string {
  const day = new Date();
  day.setDate(day.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
""",
    "genCompany": """
function genCompany(): string {
  return `${genLastName()} ${pick(['Labs', 'Systems', 'Industries', 'Group', 'Partners', 'Works'])}`;
}
""",
    "genCity": """
function genCity(): string {
  return pick(['Springfield', 'Riverton', 'Lakewood', 'Fairview', 'Greenville', 'Madison', 'Franklin',
    'Clinton', 'Georgetown', 'Salem']);
}
""",
    "genZip": """
function genZip(): string {
  return String(randomInt(10000, 100000));
}
""",
}

# The engine's drag moves in so many steps; the exported one moves alike.
HELPERS["dragOnto"] = HELPERS["dragOnto"].replace("DRAG_STEPS", str(DRAG_STEPS))
# Boxes a label may name as well as its field (`field`); none takes typing.
NOT_A_FIELD_CSS = (
    "section, form, fieldset, nav, main, aside, header, footer, article, dialog, table, "
    "ul, ol, [role=region], [role=group], [role=radiogroup], [role=form], [role=search], "
    "[role=dialog], [role=navigation], [role=list], [role=table], [role=grid], "
    "[role=tabpanel]"
)
HELPERS["field"] = HELPERS["field"].replace("NOT_A_FIELD_CSS", NOT_A_FIELD_CSS)
# The exported modal answers read the buttons' words as the engine does (engine.pages).
HELPERS["dialogs"] = (
    HELPERS["dialogs"]
    .replace("ACCEPTING_SOURCE", ACCEPTING.pattern)
    .replace("DISMISSING_SOURCE", DISMISSING.pattern)
    .replace("MODAL_CSS", MODAL_CSS)
)

# The exported sorting reads a header's order and a drop-down's words as the engine does.
HELPERS["sortColumn"] = HELPERS["sortColumn"].replace(
    "SORT_STATE_JS", SORT_STATE_JS.replace("\n", "\n    ")
)
HELPERS["sortBy"] = (
    HELPERS["sortBy"]
    .replace("SORT_DESCENDING", DESCENDING_RE.pattern)
    .replace("SORT_ASCENDING", ASCENDING_RE.pattern)
    .replace("SORT_LIST", SORT_LIST_RE.pattern)
)

# The exported sort checks read a column as the engine does.
HELPERS["expectSorted"] = (
    HELPERS["expectSorted"]
    .replace("COLUMN_ORDER_JS", COLUMN_ORDER_JS.replace("\n", "\n    "))
    .replace("ITEMS_ORDER_JS", ITEMS_ORDER_JS.replace("\n", "\n      "))
    .replace("STEADY_MS", str(round(STEADY_S * 1000)))
)
HELPERS["waitIdle"] = (
    HELPERS["waitIdle"]
    .replace("BUSY_JS", BUSY_JS.replace("\n", "\n        "))
    .replace("IDLE_MS", str(round(IDLE_S * 1000)))
)
HELPERS["expectColumn"] = HELPERS["expectColumn"].replace(
    "COLUMN_ORDER_JS", COLUMN_ORDER_JS.replace("\n", "\n    ")
)
# The exported cookie answers find the banner's button with the engine's own finder.
HELPERS["answerCookies"] = (
    HELPERS["answerCookies"]
    .replace("FIND_CONSENT_JS", FIND_CONSENT_JS.replace("\n", "\n      "))
    .replace("OPTIONAL_WAIT_MS", f"{OPTIONAL_WAIT_MS:_}")
)

HELPERS["fillDate"] = (
    HELPERS["fillDate"]
    .replace("DATE_VALUE_JS", DATE_VALUE_JS.replace("\n", "\n  "))
    .replace("DATE_NUMBERS_JSON", json.dumps(DATE_NUMBERS))
)
HELPERS["stepValue"] = HELPERS["stepValue"].replace(
    "STEPPER_JS", STEPPER_JS.replace("\n", "\n  ")
)
# The exported notice steps close and read the notices the engine does.
HELPERS["noticeFinder"] = HELPERS["noticeFinder"].replace(
    "FIND_NOTICE_JS", FIND_NOTICE_JS
)
HELPERS["closeNotice"] = HELPERS["closeNotice"].replace(
    "NOTICE_SHOWN_JS", NOTICE_SHOWN_JS.replace("\n", " ")
)
HELPERS["expectNotice"] = HELPERS["expectNotice"].replace(
    "NOTICE_GRACE_MS", str(NOTICE_GRACE_MS)
)

# Boxes are read as the engine reads them.
HELPERS["setChecked"] = HELPERS["setChecked"].replace(
    "CHECKED_JS", CHECKED_JS.replace("\n", "\n  ")
)
# The exported value claims read a field as the engine reads it.
HELPERS["expectValue"] = HELPERS["expectValue"].replace(
    "VALUE_JS", VALUE_JS.replace("\n", "\n  ")
)

HELPERS["enterOrSend"] = HELPERS["enterOrSend"].replace(
    "SEND_WORDS", json.dumps(sorted(SEND_WORDS))
)
# The exported count claims count as the engine counts.
HELPERS["expectLabelled"] = HELPERS["expectLabelled"].replace(
    "LABELLED_JS", LABELLED_JS.replace("\n", "\n    ")
)
HELPERS["expectRow"] = HELPERS["expectRow"].replace(
    "ROW_JS", ROW_JS.replace("\n", "\n    ")
)
HELPERS["expectDescribed"] = HELPERS["expectDescribed"].replace(
    "DESCRIBED_JS", DESCRIBED_JS.replace("\n", "\n    ")
)
HELPERS["expectOnPage"] = HELPERS["expectOnPage"].replace(
    "HEADING_JS", HEADING_JS.replace("\n", "\n    ")
)
HELPERS["expectHeading"] = HELPERS["expectHeading"].replace(
    "HEADING_JS", HEADING_JS.replace("\n", "\n    ")
)
HELPERS["fieldErrors"] = HELPERS["fieldErrors"].replace("ERROR_JS", ERROR_JS)
HELPERS["expectPageMessage"] = (
    HELPERS["expectPageMessage"]
    .replace("PAGE_ERRORS_JS", PAGE_ERRORS_JS)
    .replace("PAGE_SUCCESS_JS", PAGE_SUCCESS_JS)
    .replace("PAGE_WARNINGS_JS", PAGE_WARNINGS_JS)
    .replace("PAGE_INFO_JS", PAGE_INFO_JS)
)
HELPERS["expectSelected"] = HELPERS["expectSelected"].replace(
    "SELECTED_JS", SELECTED_JS.replace("\n", "\n    ")
)
HELPERS["isExpanded"] = HELPERS["isExpanded"].replace("EXPANDED_JS", EXPANDED_JS)
HELPERS["expectPlaceholder"] = (
    HELPERS["expectPlaceholder"]
    .replace("PLACEHOLDERS_JS", PLACEHOLDERS_JS.replace("\n", "\n    "))
    .replace("PLACEHOLDER_JS", PLACEHOLDER_JS.replace("\n", "\n    "))
)
HELPERS["isRequired"] = HELPERS["isRequired"].replace("REQUIRED_JS", REQUIRED_JS)
HELPERS["optionLabel"] = HELPERS["optionLabel"].replace(
    "OPTION_JS", OPTION_JS.replace("\n", "\n  ")
)
HELPERS["chooseOffered"] = HELPERS["chooseOffered"].replace(
    "OFFERED_JS", OFFERED_JS.replace("\n", "\n  ")
)
HELPERS["expectSignedIn"] = HELPERS["expectSignedIn"].replace(
    "SIGNED_IN_JS", SIGNED_IN_JS.replace("\n", "\n  ")
)
HELPERS["linkTarget"] = HELPERS["linkTarget"].replace(
    "LINK_TARGET_JS", LINK_TARGET_JS.replace("\n", " ")
)
HELPERS["expectImagesLoaded"] = HELPERS["expectImagesLoaded"].replace(
    "IMAGES_JS", IMAGES_JS.replace("\n", "\n  ")
)
HELPERS["pickOption"] = (
    HELPERS["pickOption"]
    .replace("ORDINALS_JSON", json.dumps(ORDINALS))
    .replace("PLACEHOLDER_OPTION", json.dumps(PLACEHOLDER_OPTION))
    .replace("OPENED_LISTS_JS", OPENED_LISTS_JS.replace("\n", "\n  "))
)
HELPERS["goToPage"] = HELPERS["goToPage"].replace(
    "PAGE_CONTROL_JS", PAGE_CONTROL_JS.replace("\n", "\n  ")
)
HELPERS["clickOutside"] = HELPERS["clickOutside"].replace(
    "OUTSIDE_JS", OUTSIDE_JS.replace("\n", "\n  ")
)
HELPERS["expectDialog"] = HELPERS["expectDialog"].replace(
    "DIALOG_JS", DIALOG_JS.replace("\n", "\n  ")
)
HELPERS["nthItem"] = (
    HELPERS["nthItem"]
    .replace("ITEM_JS", ITEM_JS.replace("\n", "\n    "))
    .replace("GENERIC_NOUNS", json.dumps(list(GENERIC_NOUNS)))
)
HELPERS["countOnPage"] = (
    HELPERS["countOnPage"]
    .replace("COUNT_JS", COUNT_JS)
    .replace("GENERIC_NOUNS", json.dumps(list(GENERIC_NOUNS)))
)

# Which helpers each helper needs, so a spec carries exactly what it calls.
HELPER_NEEDS: dict[str, tuple[str, ...]] = {
    "dialogs": ("closeNotice",),
    "closeNotice": ("noticeFinder",),
    "expectNotice": ("noticeFinder", "dialogs"),
    "fillDate": ("pickDate",),
    "expectCount": ("countOnPage",),
    "expectItem": ("countOnPage", "expectWords"),
    "expectValue": ("expectWords", "amountIs"),
    "expectColumn": ("expectWords",),
    "expectLabelled": ("expectWords", "expectDescribed", "amountIs"),
    "expectDescribed": ("expectWords", "countOnPage", "amountIs"),
    "expectRow": ("expectWords", "amountIs"),
    "amountIs": ("expectWords",),
    "expectFieldError": ("fieldErrors", "expectWords"),
    "firstIn": ("resembling", "settleAnimations"),
    "asWrittenOr": ("firstIn", "settleAnimations"),
    "dragOnto": ("settleAnimations",),
    "resembling": ("controlXPath",),
    "rowControl": ("boxAround", "namelessXPath"),
    "expectDialog": ("dialogs",),
    "boxAround": ("controlXPath",),
    "controlAfter": ("controlXPath", "namelessXPath"),
    "inColumn": ("controlXPath",),
    "chooseOption": ("pickOption", "escapeRegExp", "optionLabel"),
    "setField": ("setSlider", "pickDate", "optionLabel"),
    "sortBy": ("sortColumn",),
    "filterBy": (
        "chooseOption",
        "chooseOffered",
        "setChecked",
        "settleAnimations",
        "escapeRegExp",
    ),
    "anyCase": ("escapeRegExp",),
    "urlPath": ("escapeRegExp",),
    "urlContains": ("escapeRegExp",),
    "urlIs": ("escapeRegExp",),
    "genUniqueEmail": ("token",),
    "genUsername": ("genFirstName", "token"),
    "genName": ("genFirstName", "genLastName"),
    "genFirstName": ("pick",),
    "genLastName": ("pick",),
    "genWord": ("pick",),
    "genSentence": ("genWord",),
    "genCompany": ("genLastName", "pick"),
    "genCity": ("pick",),
}
# Helpers that call node:crypto.
CRYPTO: dict[str, str] = {
    "token": "randomInt",
    "pick": "randomInt",
    "genPassword": "randomInt",
    "genUuid": "randomUUID",
    "genPhone": "randomInt",
    "genNumber": "randomInt",
    "genZip": "randomInt",
}


def helper_closure(names: set[str]) -> list[str]:
    """The helpers `names` need, in the fixed order of HELPERS (deterministic output)."""
    wanted: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in wanted:
            continue
        wanted.add(name)
        stack.extend(HELPER_NEEDS.get(name, ()))
    return [name for name in HELPERS if name in wanted]
