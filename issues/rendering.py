"""Markdown → safe HTML, for issue bodies and comments wherever they are shown.

Issue bodies hold text from the app under test (observed page text, server log lines) and from
users, so the HTML is sanitised with nh3 (an allow-list): no scripts, event handlers, styles or
`javascript:` URLs survive, and every link gets `rel="noopener noreferrer nofollow"`.
"""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Sanitised HTML for `text` (raw HTML in the Markdown is escaped or stripped)."""
    html = markdown.markdown(
        text or "", extensions=["fenced_code", "tables", "sane_lists"]
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
