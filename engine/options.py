"""Which option of a list a step's words choose, in the plan (from the snapshot's option
labels), in the browser (OPTION_JS, which the export pastes in as it is) and alike.

Lists label their options with more than people say: "Express ($9.99)", "Standard (free)",
"Germany - DE". The words choose the option called so; else the one option that starts with
them where what follows is a qualifier (a bracket, a dash, a colon, a price), never another
word ("United" is not "United States"); in the browser also the option whose value is the
words, case aside ("express"). Two options that fit equally choose none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from engine.normalize import collapse_spaces, normalize
from engine.phrases import ORDINALS

# What may follow the words in an option's label: its qualifier, not more of its name.
_QUALIFIER_RE = re.compile(r"\s*[(\[{\-–—:,/|$€£]")


# "the second option", "the last choice": an option by its place among the real ones (a
# placeholder such as "Select a country" or "--" is not counted).
_PLACED_RE = re.compile(
    rf"^(?:the\s+)?(?P<ord>{'|'.join(ORDINALS)})\s+(?:option|choice|item|entry|one|value)$",
    re.IGNORECASE,
)
PLACEHOLDER_OPTION = r"^\W*$|^\s*(?:-{2,}|please\s+)?\s*(?:select|choose|pick)\b"

# The lists an open control says it shows (aria-controls / aria-owns of what is expanded): a
# combobox, a select replacement, a menu button. Their options are the ones of the list that
# opened, not those of a list the page always shows.
OPENED_LISTS_JS = """() => Array.from(document.querySelectorAll('[aria-expanded=true]'))
  .flatMap((el) => `${el.getAttribute('aria-controls') || ''} ${el.getAttribute('aria-owns') || ''}`
    .split(/\\s+/))
  .filter((id) => id && document.getElementById(id))"""

_PLACEHOLDER_RE = re.compile(PLACEHOLDER_OPTION, re.IGNORECASE)


def by_place(words: str) -> bool:
    """Whether the words choose an option by its place ("the second option")."""
    return _PLACED_RE.match(collapse_spaces(words)) is not None


def option_by_place(options: Sequence[str], words: str) -> str | None:
    """The option the words choose by its place, or None."""
    match = _PLACED_RE.match(collapse_spaces(words))
    if match is None:
        return None
    real = [label for label in options if not _PLACEHOLDER_RE.search(label)]
    place = ORDINALS[match.group("ord").lower()]
    index = place - 1 if place > 0 else len(real) + place
    return real[index] if 0 <= index < len(real) else None


def option_for(options: Sequence[str], words: str) -> str | None:
    """The label of the option `words` choose among `options`, or None."""
    wanted = normalize(words)
    for label in options:
        if normalize(label) == wanted:
            return label
    placed = option_by_place(options, words)
    if placed is not None:
        return placed
    said = collapse_spaces(words).casefold()
    if not said:
        return None
    qualified = [
        label
        for label in options
        if (text := collapse_spaces(label).casefold()).startswith(said)
        and _QUALIFIER_RE.match(text[len(said) :])
    ]
    return qualified[0] if len(qualified) == 1 else None


# (select, words) => the label of the option the words choose, or null; as option_for, and
# the option whose value is the words, case aside.
OPTION_JS = r"""(select, words) => {
  const squash = (s) => String(s || '').replace(/\s+/g, ' ').trim();
  const said = squash(words).toLowerCase();
  const options = Array.from(select.options);
  const same = options.find((o) => squash(o.label).toLowerCase() === said);
  if (same) return same.label;
  // "the second option": by its place among the real options (a placeholder not counted), as
  // option_for counts them from the labels.
  const ORDINAL = ORDINALS_JSON;
  const placed = /^(?:the\s+)?(\S+)\s+(?:option|choice|item|entry|one|value)$/.exec(said);
  if (placed && placed[1] in ORDINAL) {
    const real = options.filter((o) => !new RegExp(PLACEHOLDER_OPTION, 'i').test(squash(o.label)));
    const place = ORDINAL[placed[1]];
    const option = place > 0 ? real[place - 1] : real[real.length + place];
    if (option) return option.label;
  }
  const byValue = options.filter((o) => o.value.toLowerCase() === said);
  if (byValue.length === 1) return byValue[0].label;
  if (!said) return null;
  const qualified = options.filter((o) => {
    const text = squash(o.label).toLowerCase();
    return text.startsWith(said) && /^\s*[(\[{\-–—:,/|$€£]/.test(text.slice(said.length));
  });
  return qualified.length === 1 ? qualified[0].label : null;
}""".replace("ORDINALS_JSON", json.dumps(ORDINALS)).replace(
    "PLACEHOLDER_OPTION", json.dumps(PLACEHOLDER_OPTION)
)


# The export's reading of a select step that names no list ("Select 'Bags'", "Choose express
# shipping"), as engine.action_plan reads it: ([words, byName]) => [the list's index among
# the page's <select>s, the option's label] or null. The one visible list with an option the
# words choose; else (`byName`) the one list whose name the words end or start with, the rest
# choosing.
OFFERED_JS = (
    r"""([words, byName]) => {
  const optionFor = """
    + OPTION_JS.replace("\n", "\n  ")
    + r""";
  const wordsOf = (s) => String(s || '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const lists = Array.from(document.querySelectorAll('select'));
  const shown = lists.filter((s) => s.checkVisibility());
  const offering = shown.filter((s) => optionFor(s, words) !== null);
  if (offering.length === 1) return [lists.indexOf(offering[0]), optionFor(offering[0], words)];
  if (offering.length || !byName) return null;
  const said = wordsOf(words);
  const named = [];
  for (const list of shown) {
    const name = wordsOf(list.getAttribute('aria-label') || (list.labels[0] || {}).textContent);
    if (!name.length || name.length >= said.length) continue;
    const same = (part) => part.every((w, i) => w === name[i]);
    let rest = null;
    if (same(said.slice(-name.length))) rest = said.slice(0, -name.length);
    else if (same(said.slice(0, name.length))) rest = said.slice(name.length);
    const label = rest && optionFor(list, rest.join(' '));
    if (label) named.push([lists.indexOf(list), label]);
  }
  return named.length === 1 ? named[0] : null;
}"""
)
