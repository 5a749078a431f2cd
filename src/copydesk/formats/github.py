"""Findings as GitHub Actions workflow commands: one annotation line per finding,
`::error file=F,line=L,col=C,endColumn=E,title=copydesk name-variant::message`.

Escaping follows the runner's own (actions/toolkit command.ts): `%`, CR and LF in the
message; those and `:` and `,` in a property's value.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..model import Finding
from . import message_with_expected

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render_annotations(findings: Sequence[Finding]) -> str:
    return "".join(annotation(f) + "\n" for f in findings)


def annotation(f: Finding) -> str:
    props = {"file": f.file, "line": str(f.line), "col": str(f.column)}
    if "\n" not in f.found:
        props["endColumn"] = str(f.column + len(f.found))
    props["title"] = f"copydesk {f.rule}"
    message = message_with_expected(f)
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{COMMANDS[f.severity]} {rendered}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
