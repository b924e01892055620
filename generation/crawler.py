"""Crawl a live web app in Chromium and describe what a user can see and do on each page.

Plain Python (no Django): dataclasses in, dataclasses out, so it can be driven from a service,
a command or a test alike. The crawl stays on the start URL's origin, stops at `max_pages` pages
or `timeout_s` seconds, and always closes its browser.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError

from engine import Deadline, LoginFailed, launch, log_in, start_playwright
from engine.spec import BrowserOptions, Login

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Following these would end the session we logged in with, or leave the web pages.
_LOGOUT = re.compile(r"log-?out|sign-?out|log out|sign out", re.I)
_NOT_PAGES = re.compile(
    r"\.(?:pdf|zip|gz|png|jpe?g|gif|svg|webp|ico|css|js|json|xml|txt|csv|mp4|mp3)$",
    re.I,
)
_NAV_TIMEOUT_MS = 15000

_EXTRACT_JS = r"""
() => {
  const visible = (el) => {
    if (!el) return false;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 || box.height > 0;
  };
  const text = (el) => ((el && (el.innerText || el.textContent)) || '').replace(/\s+/g, ' ').trim();
  const labelOf = (el) => {
    if (el.labels && el.labels.length) return text(el.labels[0]);
    const aria = el.getAttribute('aria-label');
    if (aria) return aria.trim();
    const by = el.getAttribute('aria-labelledby');
    if (by) { const target = document.getElementById(by); if (target) return text(target); }
    return '';
  };
  const buttonText = (b) => text(b) || b.value || b.getAttribute('aria-label') || b.title || '';
  const skipped = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  const forms = [...document.forms].map((form, index) => ({
    index,
    method: (form.getAttribute('method') || 'get').toLowerCase(),
    action: form.action || '',
    role: form.getAttribute('role') || '',
    novalidate: form.noValidate,
    fields: [...form.elements]
      .filter((e) => ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName) && !skipped.has(e.type))
      .map((e) => ({
        tag: e.tagName.toLowerCase(),
        type: e.tagName === 'INPUT' ? (e.type || 'text') : e.tagName.toLowerCase(),
        name: e.name || '',
        id: e.id || '',
        label: labelOf(e),
        placeholder: e.placeholder || '',
        required: !!e.required,
        visible: visible(e) || (e.labels && [...e.labels].some(visible)),
        min: e.min || '',
        max: e.max || '',
        autocomplete: e.getAttribute('autocomplete') || '',
        options: e.tagName === 'SELECT'
          ? [...e.options].map((o) => ({ value: o.value, text: text(o), disabled: o.disabled }))
          : [],
      })),
    buttons: [...form.querySelectorAll('button, input[type=submit], input[type=image]')]
      .map((b) => ({ text: buttonText(b), type: (b.getAttribute('type') || 'submit').toLowerCase(), visible: visible(b) })),
  }));
  return {
    title: document.title || '',
    headings: [...document.querySelectorAll('h1, h2, h3')].filter(visible)
      .map((h) => ({ level: Number(h.tagName[1]), text: text(h) })).filter((h) => h.text),
    links: [...document.querySelectorAll('a[href]')]
      .map((a) => ({ href: a.href, text: text(a) || a.getAttribute('aria-label') || a.title || '' })),
    buttons: [...document.querySelectorAll('button, [role=button]')]
      .filter((b) => !b.closest('form') && visible(b)).map(buttonText).filter(Boolean),
    forms,
  };
}
"""


class CrawlFailed(Exception):
    """The crawl could not start (unreachable start page, failed login); the message says why."""


@dataclass(frozen=True)
class CrawlAuth:
    username: str
    password: str
    login_path: str = "/login"


@dataclass(frozen=True)
class FieldInfo:
    tag: str
    type: str
    name: str = ""
    id: str = ""
    label: str = ""
    placeholder: str = ""
    required: bool = False
    min: str = ""
    max: str = ""
    autocomplete: str = ""
    options: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        """What a user would call the field: its label, else placeholder, else its name."""
        return self.label or self.placeholder or self.name or self.id


@dataclass(frozen=True)
class ButtonInfo:
    text: str
    type: str = "submit"


@dataclass(frozen=True)
class ProbeResult:
    """What submitting the form empty did: where the browser ended and what errors showed."""

    path: str
    stayed: bool
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormInfo:
    index: int
    method: str
    action_path: str
    role: str
    fields: tuple[FieldInfo, ...]
    buttons: tuple[ButtonInfo, ...]
    empty_submit: ProbeResult | None = None

    @property
    def submit(self) -> ButtonInfo | None:
        return next((b for b in self.buttons if b.type == "submit"), None)

    @property
    def has_required(self) -> bool:
        return any(f.required for f in self.fields)


@dataclass(frozen=True)
class PageInfo:
    url: str
    path: str
    status: int
    title: str
    headings: tuple[tuple[int, str], ...]
    links: tuple[tuple[str, str], ...]
    buttons: tuple[str, ...]
    forms: tuple[FormInfo, ...]

    @property
    def main_heading(self) -> str:
        ordered = sorted(self.headings, key=lambda h: h[0])
        return ordered[0][1] if ordered else ""


@dataclass
class CrawlResult:
    start_url: str
    origin: str
    pages: list[PageInfo] = field(default_factory=list)
    external_links: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    logged_in_as: str | None = None
    stopped_by: str | None = None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def page_path(url: str) -> str:
    path = urlsplit(url).path or "/"
    return path.rstrip("/") or "/"


def crawl(
    *,
    start_url: str,
    max_pages: int,
    timeout_s: float,
    browser: BrowserOptions,
    auth: CrawlAuth | None = None,
    probe_forms: bool = True,
    then: Callable[[Page, CrawlResult, Deadline], None] | None = None,
    exclude: tuple[str, ...] = (),
) -> CrawlResult:
    """Crawl from `start_url`; `then` runs on the same page afterwards (the explorer does)."""
    origin = origin_of(start_url)
    result = CrawlResult(start_url=start_url, origin=origin)
    deadline = Deadline(timeout_s)
    with start_playwright() as playwright:
        chromium = launch(playwright, browser)
        try:
            context = chromium.new_context(
                viewport={
                    "width": browser.viewport_width,
                    "height": browser.viewport_height,
                }
            )
            page = context.new_page()
            if auth is not None:
                _login(page, context, origin=origin, auth=auth, deadline=deadline)
                result.logged_in_as = auth.username
            _walk(
                page,
                result,
                max_pages=max_pages,
                deadline=deadline,
                probe_forms=probe_forms,
                exclude=[re.compile(p, re.I) for p in exclude],
            )
            if then is not None:
                then(page, result, deadline)
        finally:
            chromium.close()
    return result


def _login(
    page: Page, context: Any, *, origin: str, auth: CrawlAuth, deadline: Deadline
) -> None:
    """Log in exactly as a plan's `auth` does before a run."""
    login = Login(
        username=auth.username, password=auth.password, login_path=auth.login_path
    )
    try:
        log_in(page, context, base_url=origin, login=login, deadline=deadline)
    except LoginFailed as exc:
        raise CrawlFailed(str(exc)) from None


def _walk(
    page: Page,
    result: CrawlResult,
    *,
    max_pages: int,
    deadline: Deadline,
    probe_forms: bool,
    exclude: list[re.Pattern[str]],
) -> None:
    queue: deque[str] = deque([urldefrag(result.start_url).url])
    seen: set[str] = {page_path(result.start_url)}
    done: set[str] = set()
    first = True
    while queue:
        if len(result.pages) >= max_pages:
            result.stopped_by = f"max pages ({max_pages})"
            return
        if deadline.expired:
            result.stopped_by = f"time limit ({deadline.timeout_s:g} s)"
            return
        url = queue.popleft()
        try:
            response = page.goto(url, timeout=deadline.cap(_NAV_TIMEOUT_MS))
        except PlaywrightError as exc:
            if first:
                raise CrawlFailed(
                    f"could not open {url}: {exc.message.splitlines()[0]}"
                ) from None
            result.skipped.append(f"{url}: {exc.message.splitlines()[0]}")
            continue
        first = False
        status = response.status if response is not None else 0
        content_type = (
            response.headers.get("content-type", "") if response is not None else ""
        )
        final = page.url
        path = page_path(final)
        if origin_of(final) != result.origin or path in done:
            continue  # redirected off-site or to a page already described
        if status >= 400 or "html" not in content_type:
            result.skipped.append(f"{url}: status {status} {content_type}".strip())
            continue
        done.add(path)
        seen.add(path)
        info = _describe(page, final, status)
        if probe_forms:
            info = _probe(page, info, deadline=deadline)
        result.pages.append(info)
        for href, text in info.links:
            target = urldefrag(href).url
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                continue
            if origin_of(target) != result.origin:
                result.external_links.add(target)
                continue
            target_path = page_path(target)
            if (
                target_path in seen
                or _LOGOUT.search(target_path)
                or _LOGOUT.search(text)
                or _NOT_PAGES.search(target_path)
                or any(p.search(target_path) for p in exclude)
            ):
                continue
            seen.add(target_path)
            queue.append(target)
    if result.stopped_by is None and len(result.pages) >= max_pages and queue:
        result.stopped_by = f"max pages ({max_pages})"


def _describe(page: Page, url: str, status: int) -> PageInfo:
    raw: dict[str, Any] = page.evaluate(_EXTRACT_JS)
    forms: list[FormInfo] = []
    for form in raw["forms"]:
        fields = tuple(
            FieldInfo(
                tag=f["tag"],
                type=f["type"],
                name=f["name"],
                id=f["id"],
                label=f["label"],
                placeholder=f["placeholder"],
                required=f["required"],
                min=f["min"],
                max=f["max"],
                autocomplete=f["autocomplete"],
                options=tuple(
                    o["text"]
                    for o in f["options"]
                    if o["value"] and not o["disabled"] and o["text"]
                ),
            )
            for f in form["fields"]
            if f["visible"]
        )
        buttons = tuple(
            ButtonInfo(text=b["text"], type=b["type"])
            for b in form["buttons"]
            if b["visible"]
        )
        if not fields and not buttons:
            continue  # a form the user cannot see (a closed menu, a template)
        forms.append(
            FormInfo(
                index=form["index"],
                method=form["method"],
                action_path=page_path(form["action"]) if form["action"] else "",
                role=form["role"],
                fields=fields,
                buttons=buttons,
            )
        )
    return PageInfo(
        url=url,
        path=page_path(url),
        status=status,
        title=raw["title"],
        headings=tuple((h["level"], h["text"]) for h in raw["headings"]),
        links=tuple((link["href"], link["text"]) for link in raw["links"]),
        buttons=tuple(dict.fromkeys(raw["buttons"])),
        forms=tuple(forms),
    )


def _probe(page: Page, info: PageInfo, *, deadline: Deadline) -> PageInfo:
    """Submit each form with required fields empty, to learn how the app refuses it.

    Only forms with required fields are submitted: an empty required field is refused by any
    sane app, so this has no side effect worth worrying about, unlike submitting other forms.
    """
    probed: list[FormInfo] = []
    for form in info.forms:
        submit = form.submit
        if not form.has_required or submit is None or deadline.expired:
            probed.append(form)
            continue
        try:
            page.goto(info.url, timeout=deadline.cap(_NAV_TIMEOUT_MS))
            button = (
                page.locator("form")
                .nth(form.index)
                .locator(
                    "button[type=submit], input[type=submit], input[type=image], "
                    "button:not([type])"
                )
                .first
            )
            button.click(timeout=deadline.cap(5000))
            page.wait_for_load_state("load", timeout=deadline.cap(_NAV_TIMEOUT_MS))
            page.wait_for_timeout(min(300.0, deadline.cap(300)))
            alerts = page.locator("[role=alert]:visible")
            lines: list[str] = []
            for index in range(alerts.count()):
                for line in alerts.nth(index).inner_text(timeout=1000).splitlines():
                    line = line.strip()
                    if line and line not in lines:
                        lines.append(line)
            path = page_path(page.url)
            probe = ProbeResult(
                path=path, stayed=path == info.path, errors=tuple(lines)
            )
        except PlaywrightError:
            probed.append(form)
            continue
        probed.append(
            FormInfo(
                index=form.index,
                method=form.method,
                action_path=form.action_path,
                role=form.role,
                fields=form.fields,
                buttons=form.buttons,
                empty_submit=probe,
            )
        )
    return PageInfo(
        url=info.url,
        path=info.path,
        status=info.status,
        title=info.title,
        headings=info.headings,
        links=info.links,
        buttons=info.buttons,
        forms=tuple(probed),
    )


def summarize(result: CrawlResult, *, limit: int = 20000) -> str:
    """A compact text description of the crawl for a language model (no secrets in it)."""
    lines = [f"Crawled {len(result.pages)} page(s) of {result.origin}."]
    if result.logged_in_as:
        lines.append(f"Logged in as {result.logged_in_as} before crawling.")
    for info in result.pages:
        lines.append("")
        lines.append(f"PAGE {info.path} (title: {info.title!r})")
        if info.headings:
            lines.append(
                "  headings: "
                + "; ".join(f"h{lv} {t!r}" for lv, t in info.headings[:8])
            )
        internal = sorted(
            {
                f"{text!r} -> {page_path(href)}"
                for href, text in info.links
                if origin_of(href) == result.origin and text
            }
        )
        if internal:
            lines.append("  links: " + "; ".join(internal[:20]))
        if info.buttons:
            lines.append("  buttons: " + "; ".join(repr(b) for b in info.buttons[:10]))
        for form in info.forms:
            fields = ", ".join(
                f"{f.display_name!r} ({f.type}{', required' if f.required else ''}"
                + (f", options {list(f.options[:5])}" if f.options else "")
                + ")"
                for f in form.fields
            )
            submit = form.submit.text if form.submit else "-"
            lines.append(
                f"  form {form.method.upper()} {form.action_path or info.path}: "
                f"fields [{fields}], submit {submit!r}"
            )
            if form.empty_submit is not None:
                probe = form.empty_submit
                lines.append(
                    f"    submitted empty: {'stayed on the page' if probe.stayed else 'went to ' + probe.path}"
                    + (f", errors {list(probe.errors)}" if probe.errors else "")
                )
    text = "\n".join(lines)
    return text if len(text) <= limit else text[:limit] + "\n[truncated]"
