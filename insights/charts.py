"""Charts as server-rendered SVG (pygal): real text, no JavaScript, colours that read on light and
dark backgrounds. Titles and labels come from suites people wrote; pygal escapes them as XML."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# pygal writes a small configuration script even without its interactive JS: the pages allow
# no inline script, and the charts need none.
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#8a94a3",
    foreground_strong="#8a94a3",
    foreground_subtle="#5b6470",
    opacity=".7",
    opacity_hover=".9",
    colors=("#2e8b57", "#d9534f", "#8a3ffc", "#0b6bcb", "#e3a21a"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    title_font_size=15,
)


def _render(chart: pygal.graph.graph.Graph, title: str) -> SafeString:
    chart.title = title
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    # A name for assistive technology; the figure's caption says the same.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" ', 1)
    # pygal's own XML, every text in it escaped by pygal; its scripts removed above.
    return mark_safe(svg)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _base(
    kind: type[pygal.graph.graph.Graph], **options: object
) -> pygal.graph.graph.Graph:
    return kind(
        js=[],
        disable_xml_declaration=True,
        style=STYLE,
        height=260,
        width=800,
        show_legend=bool(options.pop("legend", False)),
        legend_at_bottom=True,
        x_label_rotation=30,
        show_minor_x_labels=False,
        truncate_label=18,
        **options,
    )


def line(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    percent: bool = False,
) -> SafeString:
    chart = _base(pygal.Line, legend=len(series) > 1, show_dots=len(labels) <= 60)
    chart.x_labels = list(labels)
    chart.x_labels_major_every = max(1, len(labels) // 8)
    if percent:
        chart.range = (0, 100)
        chart.value_formatter = lambda value: f"{value:.0f}%"
    for name, values in series.items():
        chart.add(name, list(values))
    return _render(chart, title)


def bars(
    title: str, values: Sequence[tuple[str, float]], *, percent: bool = False
) -> SafeString:
    chart = _base(pygal.HorizontalBar, legend=False, truncate_label=40)
    if percent:
        chart.range = (0, 100)
        chart.value_formatter = lambda value: f"{value:.0f}%"
    chart.x_labels = [label for label, _ in values]
    chart.add(title, [value for _, value in values])
    return _render(chart, title)
