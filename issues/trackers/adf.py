"""Markdown → Atlassian Document Format (Jira Cloud's rich text), for the subset issues use.

Handled: ATX headings, fenced code blocks, bullet and numbered lists, horizontal rules,
paragraphs, and inline links, `code` and **bold**. HTML comments are dropped. Anything else is
kept as plain text, so nothing a user wrote is ever lost.
"""

from __future__ import annotations

import re
from typing import Any

Node = dict[str, Any]

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)\s*$")
BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
COMMENT = re.compile(r"<!--.*?-->", re.S)
INLINE = re.compile(
    r"\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|(?P<ticks>`+)(?P<code>.+?)(?P=ticks)"
    r"|\*\*(?P<bold>.+?)\*\*"
)


def _text(text: str, marks: list[Node] | None = None) -> Node:
    node: Node = {"type": "text", "text": text}
    if marks:
        node["marks"] = marks
    return node


def inline_nodes(text: str) -> list[Node]:
    nodes: list[Node] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            nodes.append(_text(text[position : match.start()]))
        if match.group("href"):
            href = match.group("href")
            marks = (
                [{"type": "link", "attrs": {"href": href}}]
                if href.startswith(("http://", "https://", "mailto:"))
                else None
            )
            nodes.append(_text(match.group("text"), marks))
        elif match.group("ticks"):
            nodes.append(_text(match.group("code").strip(), [{"type": "code"}]))
        else:
            nodes.append(_text(match.group("bold"), [{"type": "strong"}]))
        position = match.end()
    if position < len(text):
        nodes.append(_text(text[position:]))
    return [node for node in nodes if node["text"]]


def _paragraph(text: str) -> Node:
    return {"type": "paragraph", "content": inline_nodes(text)}


def markdown_to_adf(markdown: str) -> Node:
    lines = COMMENT.sub("", markdown).splitlines()
    content: list[Node] = []
    paragraph: list[str] = []
    index = 0

    def flush() -> None:
        if paragraph:
            content.append(_paragraph(" ".join(part.strip() for part in paragraph)))
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        if fence:
            flush()
            closing = fence.group(1)
            code: list[str] = []
            index += 1
            while index < len(lines) and lines[index].strip() != closing:
                code.append(lines[index])
                index += 1
            index += 1
            block: Node = {"type": "codeBlock", "content": []}
            if fence.group(2) and fence.group(2) != "text":
                block["attrs"] = {"language": fence.group(2)}
            if code:
                block["content"] = [_text("\n".join(code))]
            content.append(block)
            continue
        heading = HEADING.match(line)
        if heading:
            flush()
            content.append(
                {
                    "type": "heading",
                    "attrs": {"level": len(heading.group(1))},
                    "content": inline_nodes(heading.group(2).strip()),
                }
            )
        elif RULE.match(line):
            flush()
            content.append({"type": "rule"})
        elif BULLET.match(line) or NUMBERED.match(line):
            flush()
            ordered = bool(NUMBERED.match(line))
            pattern = NUMBERED if ordered else BULLET
            items: list[Node] = []
            while index < len(lines) and (item := pattern.match(lines[index])):
                items.append(
                    {"type": "listItem", "content": [_paragraph(item.group(1))]}
                )
                index += 1
            content.append(
                {"type": "orderedList" if ordered else "bulletList", "content": items}
            )
            continue
        elif not line.strip():
            flush()
        else:
            paragraph.append(line)
        index += 1
    flush()
    return {"type": "doc", "version": 1, "content": content}


def adf_text(node: Any) -> str:
    """All the text in an ADF document (or a plain string, as API v2 returns)."""
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        own = str(node.get("text", ""))
        return own + " ".join(
            adf_text(child) for child in node.get("content", []) or []
        )
    if isinstance(node, list):
        return " ".join(adf_text(child) for child in node)
    return ""
