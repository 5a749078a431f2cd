"""Findings -> a pandas DataFrame -> report files (written atomically) and a terminal summary.

CSV and JSON are written here; HTML, SARIF and GitHub annotations in `formats/`.
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from .atomic import write_atomically
from .model import REPORT_COLUMNS, SEVERITY_RANK, Article, Finding

# OWASP's CSV injection guidance: a spreadsheet takes a cell starting with one of these
# for a formula; a leading apostrophe makes it text again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ReportFormat(str, Enum):
    csv = "csv"
    json = "json"
    html = "html"
    sarif = "sarif"
    github = "github"

    @property
    def suffix(self) -> str | None:
        """The default report file's suffix; None: the report goes to standard output."""
        return None if self is ReportFormat.github else self.value


def to_frame(findings: Sequence[Finding]) -> pd.DataFrame:
    import pandas as pd  # here, not above: a hook run that writes no report never pays for it

    rows = [{c: getattr(f, c) for c in REPORT_COLUMNS} for f in findings]
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


def render(
    findings: Sequence[Finding], fmt: ReportFormat, articles: Mapping[str, Article] | None = None, checked: int | None = None
) -> str:
    """The report as text. The HTML report shows each finding in its sentence, taken
    from `articles`; `checked` is how many articles were read."""
    if fmt is ReportFormat.json:
        return json.dumps(json_records(findings), indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt is ReportFormat.html:
        from .formats.html import render_html

        return render_html(findings, articles or {}, checked if checked is not None else len(articles or {}))
    if fmt is ReportFormat.sarif:
        from .formats.sarif import render_sarif

        return render_sarif(findings)
    if fmt is ReportFormat.github:
        from .formats.github import render_annotations

        return render_annotations(findings)
    return frame_to_csv(to_frame(findings))


def json_records(findings: Sequence[Finding]) -> list[dict[str, object]]:
    """The JSON report's rows: the report contract's fields and the evidence (the
    server answers with them too)."""
    return [{**{c: getattr(f, c) for c in REPORT_COLUMNS}, "evidence": f.evidence} for f in findings]


def frame_to_csv(frame: pd.DataFrame) -> str:
    """CSV safe to open in a spreadsheet: a text cell that would start a formula gets a
    leading apostrophe (the report contract's `found` of "=SUM(A1)" reads "'=SUM(A1)")."""
    out = io.StringIO()
    plain = csv.writer(out, lineterminator="\n")
    # minimal quoting leaves a lone CR bare, which readers take for the end of the row
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    plain.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        cells = [spreadsheet_safe(v) for v in row]
        (quoted if any(isinstance(c, str) and "\r" in c for c in cells) else plain).writerow(cells)
    return out.getvalue()


def spreadsheet_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_report(
    findings: Sequence[Finding],
    path: Path,
    fmt: ReportFormat,
    articles: Mapping[str, Article] | None = None,
    checked: int | None = None,
    bom: bool = False,
) -> None:
    write_atomically(path, render(findings, fmt, articles, checked), bom=bom)


def at_or_above(findings: Sequence[Finding], level: str) -> int:
    """How many findings reach `level` ('error', 'warning'; 'never' counts none)."""
    if level == "never":
        return 0
    return sum(1 for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level])


def summary(findings: Sequence[Finding], n_articles: int, max_entities: int = 30, changed: int | None = None) -> str:
    """A short terminal summary, grouped by entity."""
    checked = f"{n_articles} article(s) checked" if changed is None else f"{changed} changed article(s) checked against {n_articles}"
    if not findings:
        return f"copydesk: {checked}, no findings."
    by_entity: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        by_entity[(f.rule, f.entity)].append(f)
    lines = []
    for (rule, entity), group in sorted(by_entity.items(), key=lambda kv: (-_worst(kv[1]), kv[0])):
        found = sorted({f.found for f in group})
        files = sorted({f.file for f in group})
        first = group[0]
        lines.append(
            f"  {first.severity:<7} {rule:<13} {entity}: {', '.join(repr(x) for x in found[:4])}"
            f" in {len(files)} file(s), first at {first.file}:{first.line}:{first.column}"
        )
    shown = lines[:max_entities]
    if len(lines) > max_entities:
        shown.append(f"  ... and {len(lines) - max_entities} more entities (see the report)")
    counts: defaultdict[str, int] = defaultdict(int)
    for f in findings:
        counts[f.severity] += 1
    tally = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
    head = f"copydesk: {checked}, {len(findings)} finding(s) ({tally}) on {len(lines)} entities:"
    return "\n".join([head, *shown])


def _worst(group: Sequence[Finding]) -> int:
    return max(SEVERITY_RANK[f.severity] for f in group)
