"""Markdown → Atlassian Document Format for Jira bodies and comments."""

from __future__ import annotations

from issues.trackers.adf import adf_text, markdown_to_adf


def test_the_issue_subset_converts() -> None:
    doc = markdown_to_adf(
        "Case **Checkout** failed, run [r1](http://tw.test/runs/r1).\n"
        "\n"
        "## What failed\n"
        "\n"
        "```text\n"
        "Something `odd`\n"
        "```\n"
        "\n"
        "1. `s1` Open /cart — passed\n"
        "2. `s2` Click — **failed**\n"
        "\n"
        "- a bullet\n"
        "\n"
        "---\n"
        "<!-- tripwire-fingerprint: tw:x -->\n"
    )
    assert doc["type"] == "doc" and doc["version"] == 1
    types = [node["type"] for node in doc["content"]]
    assert types == [
        "paragraph",
        "heading",
        "codeBlock",
        "orderedList",
        "bulletList",
        "rule",
    ]
    first = doc["content"][0]["content"]
    assert first[1] == {
        "type": "text",
        "text": "Checkout",
        "marks": [{"type": "strong"}],
    }
    assert first[3] == {
        "type": "text",
        "text": "r1",
        "marks": [{"type": "link", "attrs": {"href": "http://tw.test/runs/r1"}}],
    }
    assert doc["content"][1]["attrs"] == {"level": 2}
    assert doc["content"][2]["content"] == [{"type": "text", "text": "Something `odd`"}]
    item = doc["content"][3]["content"][0]["content"][0]["content"]
    assert item[0] == {"type": "text", "text": "s1", "marks": [{"type": "code"}]}
    assert "tripwire-fingerprint" not in adf_text(doc)


def test_javascript_links_lose_their_link() -> None:
    doc = markdown_to_adf("[click](javascript:alert(1))")
    node = doc["content"][0]["content"][0]
    assert node == {"type": "text", "text": "click"}


def test_empty_text_nodes_are_never_written() -> None:
    doc = markdown_to_adf("**bold**\n\n```\n```\n")
    assert doc["content"][0]["content"] == [
        {"type": "text", "text": "bold", "marks": [{"type": "strong"}]}
    ]
    assert doc["content"][1] == {"type": "codeBlock", "content": []}
