"""Command line: `copydesk check PATH...`.

Exit codes (the report contract): 0 nothing at or above --fail-on, 1 findings at or
above it, 2 usage, rule-file or model error.
"""
from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Callable, Optional, Sequence

import typer

from . import __version__
from .report import ReportFormat, at_or_above, summary, write_report

if TYPE_CHECKING:
    from .rules import RuleSet

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
    baseline: Annotated[
        Optional[Path], typer.Option(help="Report only findings not in this baseline file (see --write-baseline).")
    ] = None,
    write_baseline: Annotated[
        Optional[Path],
        typer.Option("--write-baseline", help="Write every finding to this baseline file and exit 0: they are accepted."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on the terminal.")] = False,
) -> None:
    """Check articles and write a report of every inconsistent mention."""
    # imported here so `copydesk --help` stays fast
    from .nlp import ModelError, load_model
    from .pipeline import check_paths
    from .suppress import BaselineError, new_findings, read_baseline
    from .suppress import write_baseline as save_baseline

    rules = _load_rules(rules_dirs, paths)
    try:
        accepted = read_baseline(baseline) if baseline else None
    except BaselineError as exc:
        raise _fail(str(exc))
    try:
        nlp = load_model(model or rules.settings.model)
    except ModelError as exc:
        raise _fail(str(exc))
    started = time.monotonic()
    result = check_paths(paths, rules, nlp, progress=_progress_printer(quiet))
    for problem in result.problems:
        typer.echo(f"copydesk: skipped {problem}", err=True)
    for warning in result.warnings:
        typer.echo(f"copydesk: warning: {warning}", err=True)
    if not result.articles and result.problems:
        raise _fail("no readable article in the given paths")
    findings = result.findings if accepted is None else new_findings(result.findings, accepted)
    target = output or DEFAULT_REPORT_DIR / f"copydesk-report.{fmt.value}"
    try:
        write_report(findings, target, fmt)
        if write_baseline:
            save_baseline(result.findings, write_baseline)
    except OSError as exc:
        raise _fail(f"{exc.filename or target}: cannot write: {exc.strerror or exc}")
    if not quiet:
        typer.echo(summary(findings, len(result.articles)))
        if accepted is not None:
            typer.echo(f"baseline: {baseline}: {len(result.findings) - len(findings)} known finding(s) not reported")
        if write_baseline:
            typer.echo(f"baseline: {write_baseline} written with {len(result.findings)} finding(s)")
        typer.echo(f"report: {target} ({time.monotonic() - started:.1f}s)")
    if write_baseline:
        raise typer.Exit(EXIT_OK)
    raise typer.Exit(EXIT_FINDINGS if at_or_above(findings, fail_on.value) else EXIT_OK)


def _rule_folders(rules_dirs: Optional[list[Path]], paths: Sequence[str]) -> list[Path]:
    """The folders layered over the built-in rules: the repository's, then --rules."""
    from .rules import repository_rules_dir

    repo = repository_rules_dir(paths)
    return ([repo] if repo else []) + list(rules_dirs or ())


def _load_rules(rules_dirs: Optional[list[Path]], paths: Sequence[str]) -> "RuleSet":
    from .rules import RuleError, load_rules

    try:
        return load_rules(_rule_folders(rules_dirs, paths))
    except RuleError as exc:
        raise _fail(str(exc))


rules_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="Check and show the rule set (docs/rules.md)."
)
app.add_typer(rules_app, name="rules")


@rules_app.command("validate")
def rules_validate(
    folder: Annotated[
        Optional[Path], typer.Argument(help="Rules folder [default: the repository's rules/, else the built-in rules].")
    ] = None,
) -> None:
    """Validate every rule file in a folder, and the folder layered over the built-in rules."""
    from .rules import RuleError, default_rules_dir, load_rules, parse_rule_file, repository_rules_dir, rule_files

    folder = folder or repository_rules_dir([]) or default_rules_dir()
    try:
        files = rule_files(folder)
    except RuleError as exc:
        raise _fail(str(exc))
    bad = 0
    for path in files:
        try:
            parse_rule_file(path)
            typer.echo(f"{path}: ok")
        except RuleError as exc:
            bad += 1
            typer.echo(str(exc), err=True)
    if not bad:
        try:  # settings valid alone may still clash once merged
            load_rules([] if folder.resolve() == default_rules_dir().resolve() else [folder])
        except RuleError as exc:
            bad += 1
            typer.echo(str(exc), err=True)
    if not files:
        typer.echo(f"{folder}: no rule files (*.yaml)")
    raise typer.Exit(EXIT_USAGE if bad else EXIT_OK)


@rules_app.command("list")
def rules_list(
    paths: Annotated[
        Optional[list[str]], typer.Argument(help="Articles to be checked: their repository's rules/ is layered in.")
    ] = None,
    rules_dirs: Annotated[
        Optional[list[Path]], typer.Option("--rules", help="A rules folder layered over the built-in rules (repeatable).")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Each country and ignored line, not a count per file.")] = False,
) -> None:
    """Show the active rules: kind, name, severity and the file (and line) each comes from."""
    from .rules import active_rules

    rules = _load_rules(rules_dirs, paths or [])
    rows = active_rules(rules, everything)
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The article repository to set up.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite starter files that exist.")] = False,
) -> None:
    """Write a commented starter rules/ folder into an article repository."""
    from .starter import StarterError, write_starter

    try:
        written = write_starter(folder / "rules", force=force)
    except StarterError as exc:
        raise _fail(str(exc))
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: edit them, then `copydesk rules validate {folder / 'rules'}`")


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
