"""Load untrusted YAML within limits: its size, its nesting depth and the nodes its aliases expand to.

A document under a kilobyte can name an anchor that names another anchor ten times over: PyYAML
shares the nodes, but anything that walks the result (the validator, a dump, JSON) walks every
path, 10^10 of them. So the composed graph is measured once, memoised per node, before anything
walks it, and a document over the budget is refused with the limit named.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError

MAX_BYTES = 1_000_000
MAX_DEPTH = 64
# Nodes after expanding every alias; a large hand-written suite has a few thousand.
MAX_NODES = 100_000


class YamlTooLarge(yaml.YAMLError):
    """The text is over the byte limit; raised before any parsing."""


class YamlLimitExceeded(ComposerError):
    """The document nests too deep or its aliases expand beyond the node budget."""


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses documents beyond the limits above."""

    def __init__(
        self,
        text: str,
        *,
        max_bytes: int = MAX_BYTES,
        max_depth: int = MAX_DEPTH,
        max_nodes: int = MAX_NODES,
    ) -> None:
        size = len(text.encode("utf-8", errors="replace"))
        if size > max_bytes:
            raise YamlTooLarge(
                f"the document is {size:,} bytes; the limit is {max_bytes:,} bytes"
            )
        super().__init__(text)
        self._max_depth = max_depth
        self._max_nodes = max_nodes
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # The composer recurses once per level: stop before Python's recursion limit does.
        if self._depth >= self._max_depth:
            raise YamlLimitExceeded(
                None,
                None,
                f"the document nests deeper than {self._max_depth} levels, the limit",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None:
            _Measure(self._max_depth, self._max_nodes).size(node, 1)
        return node


class _Measure:
    """Size and height of each distinct node, so shared (aliased) subtrees are counted once each."""

    def __init__(self, max_depth: int, max_nodes: int) -> None:
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.sizes: dict[int, tuple[int, int]] = {}
        self.active: set[int] = set()

    def size(self, node: yaml.Node, depth: int) -> int:
        key = id(node)
        known = self.sizes.get(key)
        if known is not None:
            total, height = known
            self._check_depth(node, depth + height - 1)
            return total
        if key in self.active:
            raise YamlLimitExceeded(
                None,
                None,
                "an alias refers to a node that contains it (a recursive alias)",
                node.start_mark,
            )
        self._check_depth(node, depth)
        self.active.add(key)
        total, height = 1, 1
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                children.extend((key_node, value_node))
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        for child in children:
            total += self.size(child, depth + 1)
            height = max(height, 1 + self.sizes[id(child)][1])
            if total > self.max_nodes:
                raise YamlLimitExceeded(
                    None,
                    None,
                    f"its aliases expand the document to more than {self.max_nodes:,} "
                    "nodes, the limit",
                    node.start_mark,
                )
        self.active.discard(key)
        self.sizes[key] = (total, height)
        return total

    def _check_depth(self, node: yaml.Node, depth: int) -> None:
        if depth > self.max_depth:
            raise YamlLimitExceeded(
                None,
                None,
                f"its aliases nest the document deeper than {self.max_depth} levels, "
                "the limit",
                node.start_mark,
            )


def load_bounded(text: str, *, max_bytes: int = MAX_BYTES) -> Any:
    """`yaml.safe_load` for text from outside; raises `yaml.YAMLError` beyond the limits."""
    loader = BoundedLoader(text, max_bytes=max_bytes)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
