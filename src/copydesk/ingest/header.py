"""Fields from an article's first lines: its date ("Date:" lines, a line that is a date,
datelines), title and byline."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

HEADER_LINES = 15  # dates, titles and bylines are only looked for this near the top
_MAX_TITLE = 200

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:\s*(?:[,|/@•·–-]|at)?\s*\d{1,2}[:.]\d{2}.{0,40})?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MON = r"(?P<mon>[a-z]{3,9})\.?"
_DATE_FORMS = tuple(re.compile(p, re.I) for p in (
    rf"{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:[T ]\d{{1,2}}:\d{{2}}.{{0,40}})?",
    rf"{_WEEKDAY}{_MON}\s+{_DAY},?\s+{_YEAR}{_TIME}",
    rf"{_WEEKDAY}{_DAY}\s+{_MON},?\s+{_YEAR}{_TIME}",
))
_DATE_LABEL = re.compile(
    r"^\s*(?:date|dated|published|posted|first published)(?: on)?\s*[:–-]?\s*(?P<rest>.+)$",
    re.I,
)
# "WASHINGTON, Jan 5, 2012 (Reuters) -"; a dateline without a year gives no date
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30})?,\s+"
    r"(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})\s*(?:\([^()]{2,30}\)\s*)?[-–—]"
)


def parse_date(s: str) -> dt.date | None:
    """A date written on its own: "2024-05-04", "May 4, 2024", "Saturday, 4 May 2024 10:30"."""
    s = s.strip()
    for rx in _DATE_FORMS:
        m = rx.fullmatch(s)
        if m is None:
            continue
        groups = m.groupdict()
        month = int(groups["month"]) if groups.get("month") else _MONTHS.get(groups["mon"].lower())
        if month is None:
            continue
        try:
            return dt.date(int(m["year"]), month, int(m["day"]))
        except ValueError:
            continue
    return None


def find_date(head: Sequence[str]) -> dt.date | None:
    """Date from a "Date:" line, a line that is only a date, or a dateline with a year.

    Only the header lines are searched: a date deep in the body is about something else.
    """
    for line in head:
        label = _DATE_LABEL.match(line)
        if label and (found := parse_date(label["rest"].split("|")[0])):
            return found
        if found := parse_date(line):
            return found
        dateline = _DATELINE.match(line)
        if dateline and (found := parse_date(dateline["date"])):
            return found
    return None


def header_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) == HEADER_LINES:
                break
    return lines


def _is_date_line(line: str) -> bool:
    label = _DATE_LABEL.match(line)
    return parse_date(line) is not None or bool(label and parse_date(label["rest"].split("|")[0]))


def find_title(head: Sequence[str], markdown: bool = False) -> str | None:
    for line in head:
        if _is_date_line(line) or byline_names(line):
            continue
        if markdown:
            line = line.strip("#").strip()
        return line if line and len(line) < _MAX_TITLE else None
    return None


_BYLINE = re.compile(r"^(?:By|BY)\s+(?P<names>.{3,150})$")
# a byline run into the dateline: "By Ana Ruiz LIMA (Reuters) - ..." (one-line articles)
_DATELINE_AFTER_BYLINE = re.compile(r"\s+[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*,?\s*\(")
_NAME_WORD = (
    r"(?:(?:al|el|ad|ud|bin|ibn)-)?[A-Z][\w'’.-]*"  # "Asma al-Sharif"
    r"|de|da|van|von|der|den|del|della|di|du|la|le|al|el|bin|ibn"
)
_NAME = re.compile(rf"(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD})){{1,4}}")
NOT_NAMES = {"staff", "reporter", "correspondent", "editor", "desk", "news", "agency",
              "reuters", "press", "bureau", "team", "writer", "service"}


def byline_names(line: str) -> tuple[str, ...]:
    line = _DATELINE_AFTER_BYLINE.split(line.strip().strip("*_ "), maxsplit=1)[0]
    m = _BYLINE.match(line)
    if not m:
        return ()
    # "By Ana Ruiz in Lima | Reuters": the names end where place, agency or role begins
    names = re.split(r"\s+(?:in|for)\s+|\s*[|(–—]\s*|\s+-\s+", m["names"])[0]
    kept = [
        n for n in split_names(names)
        if _NAME.fullmatch(n) and not {w.lower() for w in n.split()} & NOT_NAMES
    ]
    return tuple(kept)


def find_byline(head: Sequence[str]) -> tuple[str, ...]:
    for line in head:
        if names := byline_names(line):
            return names
    return ()


def split_names(s: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", s.strip())
    return [p.strip() for p in parts if p.strip()]
