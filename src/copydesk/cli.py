"""Command line: `copydesk check PATH...`.

Exit codes (the report contract): 0 nothing at or above --fail-on, 1 findings at or
above it, 2 usage, rule-file or model error.
"""
from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional, Sequence

import typer

from . import __version__
from .report import ReportFormat, at_or_above, summary, write_report

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_REPORT_DIR = Path("reports")

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Check a newsroom's articles against each other: names spelt several ways, one role held by different people.",
)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"copydesk: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    pass


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders (.txt, .md, .html).")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Report file [default: reports/copydesk-report.FORMAT].")
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.csv,
    rules_dirs: Annotated[
        Optional[list[Path]], typer.Option("--rules", help="A rules folder layered over the built-in rules (repeatable).")
    ] = None,
    fail_on: Annotated[FailOn, typer.Option(help="Lowest severity that makes the exit code 1.")] = FailOn.error,
    model: Annotated[Optional[str], typer.Option(help="spaCy model name [default: from the rules, en_core_web_sm].")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on the terminal.")] = False,
) -> None:
    """Check articles and write a report of every inconsistent mention."""
    # imported here so `copydesk --help` stays fast
    from .nlp import ModelError, load_model
    from .pipeline import check_paths
    from .rules import RuleError, load_rules

    try:
        rules = load_rules(rules_dirs or ())
    except RuleError as exc:
        raise _fail(str(exc))
    try:
        nlp = load_model(model or rules.settings.model)
    except ModelError as exc:
        raise _fail(str(exc))
    started = time.monotonic()
    result = check_paths(paths, rules, nlp, progress=_progress_printer(quiet))
    for problem in result.problems:
        typer.echo(f"copydesk: skipped {problem}", err=True)
    if not result.articles and result.problems:
        raise _fail("no readable article in the given paths")
    target = output or DEFAULT_REPORT_DIR / f"copydesk-report.{fmt.value}"
    try:
        write_report(result.findings, target, fmt)
    except OSError as exc:
        raise _fail(f"{target}: cannot write report: {exc.strerror or exc}")
    if not quiet:
        typer.echo(summary(result.findings, len(result.articles)))
        typer.echo(f"report: {target} ({time.monotonic() - started:.1f}s)")
    raise typer.Exit(EXIT_FINDINGS if at_or_above(result.findings, fail_on.value) else EXIT_OK)


# Runs over this many articles report progress on stderr, every tenth of the way.
PROGRESS_FROM = 200


def _progress_printer(quiet: bool) -> Callable[[int, int], None] | None:
    if quiet:
        return None

    def progress(done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done == total or done % max(total // 10, 1) == 0):
            typer.echo(f"copydesk: extracted {done}/{total} articles", err=True)

    return progress


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="copydesk")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    return EXIT_OK
