"""Dates said as people say them in a step's value: "today", "tomorrow's date", "in 3 days",
"2 weeks from now", "next Monday", "12 March 2027".

A relative date is read when the step runs (each run's "tomorrow" is its own), and a date is
written into a field as the field takes it: a native date input in ISO form, a month input as
year-month, a text field in the format its placeholder shows ("MM/DD/YYYY", "dd.mm.yyyy"), a
text field whose name or label says date (due, birth, check-in…) in ISO; any other field gets
the words as written (a note may well say "tomorrow"). A read-only field with a calendar is set
through the calendar (engine.datepicker). A written-out date ("12 March 2027") goes into a
native date field in ISO and into a text field as written.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from engine.phrases import NUMBER_WORDS

_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y")
DATE_NUMBERS = {"a": 1, "an": 1, **NUMBER_WORDS}
_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_N = rf"(?:\d{{1,4}}|{'|'.join(DATE_NUMBERS)})"
_UNIT = r"(?:day|week|month|year)s?"
_RELATIVE_RE = re.compile(
    r"^(?:(?P<today>today|now|the\s+current\s+date)|(?P<tomorrow>tomorrow)|"
    r"(?P<yesterday>yesterday)|(?P<after>the\s+day\s+after\s+tomorrow)|"
    rf"in\s+(?P<n_in>{_N})\s+(?P<u_in>{_UNIT})|"
    rf"(?P<n>{_N})\s+(?P<u>{_UNIT})\s+(?P<way>from\s+(?:now|today)|later|ago|before\s+today)|"
    rf"(?P<which>next|last)\s+(?P<what>week|month|year|{'|'.join(_WEEKDAYS)}))$",
    re.IGNORECASE,
)
_DATE_WORDS_RE = re.compile(r"(?:'s)?\s+date$|^the\s+date\s+", re.IGNORECASE)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else DATE_NUMBERS[word.lower()]


def _moved(start: date, amount: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return start + timedelta(days=amount)
    if unit == "week":
        return start + timedelta(weeks=amount)
    months = start.month - 1 + amount * (12 if unit == "year" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    # The 31st a month on is the month's last day, as calendars count.
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def relative_date(words: str, today: date | None = None) -> date | None:
    """The date relative words say ("tomorrow", "in 3 days", "next Monday"), else None."""
    text = _DATE_WORDS_RE.sub("", " ".join(words.split()))
    match = _RELATIVE_RE.match(text)
    if match is None:
        return None
    now = today or date.today()
    if match.group("today"):
        return now
    if match.group("tomorrow"):
        return now + timedelta(days=1)
    if match.group("yesterday"):
        return now - timedelta(days=1)
    if match.group("after"):
        return now + timedelta(days=2)
    if match.group("n_in"):
        return _moved(now, _count(match.group("n_in")), match.group("u_in"))
    if match.group("n"):
        back = match.group("way").lower() in ("ago", "before today")
        amount = _count(match.group("n"))
        return _moved(now, -amount if back else amount, match.group("u"))
    sign = 1 if match.group("which").lower() == "next" else -1
    what = match.group("what").lower()
    if what in _WEEKDAYS:
        # The next Monday is after today (a week on when today is one), the last before it.
        days = (_WEEKDAYS.index(what) - now.weekday()) * sign % 7 or 7
        return now + timedelta(days=days * sign)
    return _moved(now, sign, what)


ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: str, today: date | None = None) -> date | None:
    """The date a value says, relative ("tomorrow") or written out ("12 March 2027")."""
    relative = relative_date(value, today)
    if relative is not None:
        return relative
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


# The date (ISO) as the field takes it: (el, [iso, relative]) → the text to fill, or null when
# the words are to be typed as written (a note that says "tomorrow", a date written out into a
# text field). Shared with the exported specs
# (engine.export.typescript).
DATE_VALUE_JS = r"""(el, [iso, relative]) => {
  const [y, m, d] = iso.split('-');
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (type === 'date') return iso;
  if (type === 'month') return `${y}-${m}`;
  if (type === 'datetime-local') return `${iso}T00:00`;
  if (!relative) return null;
  const hint = [el.getAttribute('placeholder'), el.getAttribute('data-date-format'), el.getAttribute('title')]
    .find((h) => h && /yy/i.test(h) && /mm/i.test(h) && /dd/i.test(h));
  if (hint) {
    return hint.replace(/yyyy|yy|mm|dd/gi, (t) => ({ yyyy: y, yy: y.slice(2), mm: m, dd: d })[t.toLowerCase()]);
  }
  const labels = Array.from(el.labels || []).map((l) => l.innerText);
  const said = [el.name, el.id, el.className, el.getAttribute('aria-label'), el.getAttribute('placeholder'), ...labels]
    .join(' ');
  return /date|day|birth|deadline|due|check.?in|check.?out|arriv|depart/i.test(said) ? iso : null;
}"""
