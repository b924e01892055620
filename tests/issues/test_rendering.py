"""Markdown rendering is sanitised wherever an issue body or comment is shown."""

from __future__ import annotations

from issues.rendering import render_markdown


def test_markdown_renders() -> None:
    html = render_markdown("## Title\n\n- **bold** `code`\n\n```\n<b>x</b>\n```")
    assert "<h2>Title</h2>" in html
    assert "<li><strong>bold</strong> <code>code</code></li>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_scripts_handlers_and_javascript_links_are_removed() -> None:
    html = render_markdown(
        "<script>steal()</script>\n\n"
        "[x](javascript:steal())\n\n"
        "<a href='JaVaScRiPt:steal()'>y</a>\n\n"
        "<img src=x onerror=steal()>\n\n"
        "<iframe src='https://evil.example'></iframe>\n\n"
        "<p style='position:fixed'>z</p>"
    )
    assert "steal" not in html
    assert "javascript" not in html.lower()
    assert "<iframe" not in html
    assert "style=" not in html


def test_links_are_kept_with_a_safe_rel() -> None:
    html = render_markdown("[ok](https://example.com/a?b=1)")
    assert html == (
        '<p><a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow">ok</a></p>'
    )
