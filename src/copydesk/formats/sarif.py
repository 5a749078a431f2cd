"""Findings as SARIF 2.1.0 (OASIS), the log format code-review tools read.

One run, the tool's rules named as copydesk names them, one result per finding with
its place (columns count Unicode characters: `columnKind: unicodeCodePoints`) and, where
the expected form replaces the found text, a fix.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model import Finding
from . import message_with_expected

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# Rules whose `expected` is what the found text should read; a role conflict's is
# another person, a suggestion for the editor but no edit to make blindly.
FIXABLE = frozenset({"name-variant", "substitution"})
SRCROOT = "%SRCROOT%"


def render_sarif(findings: Sequence[Finding]) -> str:
    rule_ids = _rule_ids(findings)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "copydesk", "version": __version__, "rules": [_rule(r) for r in rule_ids]}},
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_ids.index(f.rule)) for f in findings],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule_ids(findings: Sequence[Finding]) -> list[str]:
    from ..checks import CHECKS

    return [*CHECKS, *sorted({f.rule for f in findings} - set(CHECKS))]


def _rule(rule_id: str) -> dict[str, Any]:
    return {"id": rule_id, "name": rule_id, "shortDescription": {"text": _describe(rule_id)}}


def _describe(rule_id: str) -> str:
    """The rule's one-line description: the first line of its check module's docstring
    ("name-variant: one person or organisation spelt several ways.")."""
    from ..checks import CHECKS

    check = CHECKS.get(rule_id)
    doc = (sys.modules[check.__module__].__doc__ or "") if check else ""
    first = doc.strip().split("\n", 1)[0]
    return first.split(": ", 1)[-1].rstrip(".") if first else rule_id


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    location = _artifact(f.file)
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": message_with_expected(f)},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(f)}}],
        "properties": {"found": f.found, "expected": f.expected, "entity": f.entity},
    }
    if f.expected and f.rule in FIXABLE:
        change = {"artifactLocation": location, "replacements": [
            {"deletedRegion": _region(f, snippet=False), "insertedContent": {"text": f.expected}}
        ]}
        result["fixes"] = [{"description": {"text": f"write '{f.expected}'"}, "artifactChanges": [change]}]
    return result


def _region(f: Finding, snippet: bool = True) -> dict[str, Any]:
    """The found text's region; it may run over a line break ("Foreign\\nOffice")."""
    lines = f.found.split("\n")
    end_line = f.line + len(lines) - 1
    end_column = (f.column if len(lines) == 1 else 1) + len(lines[-1])
    region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
    if end_line != f.line:
        region["endLine"] = end_line
    region["endColumn"] = end_column
    if snippet:
        region["snippet"] = {"text": f.found}
    return region


def _artifact(file: str) -> dict[str, Any]:
    """A relative path stays relative (to the folder copydesk ran in: %SRCROOT%); an
    absolute one becomes a file: URI."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": Path(file).as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": SRCROOT}
