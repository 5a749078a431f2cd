"""`copydesk check`: the articles checked, the report written, the exit code; with
--staged, the articles git has staged checked against the ones it tracks (the hook)."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..atomic import write_atomically
from ..model import Finding
from ..report import ReportFormat, at_or_above, render, summary
from .app import DEFAULT_REPORT_DIR, EXIT_FINDINGS, EXIT_OK, Bom, Jobs, ModelName, RulesDirs, UseCache
from .output import _fail
from .run import _load_rules, _run, model_process_for


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Article files, folders or globs (.txt, .md, .html) [default with --staged: the files git tracks]."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Report file [default: reports/copydesk-report.FORMAT; github: stdout; with --staged, none]."),
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format (github: annotation lines on stdout unless -o).")
    ] = ReportFormat.csv,
    bom: Bom = False,
    rules_dirs: RulesDirs = None,
    fail_on: Annotated[FailOn, typer.Option(help="Lowest severity that makes the exit code 1.")] = FailOn.error,
    model: ModelName = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Report only findings not in this baseline file (see --write-baseline).")
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", help="Write every finding to this baseline file and exit 0: they are accepted."),
    ] = None,
    changed: Annotated[
        list[str] | None,
        typer.Option("--changed", help="A changed article, checked against PATHs; only findings involving it (repeatable)."),
    ] = None,
    staged: Annotated[
        bool, typer.Option("--staged", help="The changed articles are the files staged in git (the pre-commit hook).")
    ] = False,
    jobs: Jobs = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Read, extract and group on a Dask cluster: the scheduler's ADDRESS, or 'local' for --jobs local workers."),
    ] = None,
    use_cache: UseCache = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on the terminal.")] = False,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            help="Check through a running `copydesk serve` at this URL, or 'off' for never [default: the server "
            ".copydesk/server.json names, if it serves this repository]. If it cannot answer, the check runs here.",
        ),
    ] = None,
) -> None:
    """Check articles and write a report of every inconsistent mention."""
    paths = list(paths or [])
    if bom and fmt is not ReportFormat.csv:
        raise _fail(f"--bom applies to CSV reports, not --format {fmt.value}")
    if staged:
        links_said: set[str] = set()
        git_top = _git_top()
        staged_files = _git_articles(["diff", "--cached", "--name-only", "--diff-filter=ACMR"], said=links_said, top=git_top)
        changed = [*(changed or []), *staged_files]
        if not changed:
            if not quiet:
                typer.echo("copydesk: no staged article to check")
            raise typer.Exit(EXIT_OK)
        # the archive: the articles git tracks (under PATHs), not drafts lying around
        paths = _git_articles(["ls-files", "--full-name"], pathspecs=paths or [git_top], said=links_said, top=git_top)
    elif not paths and not changed:
        raise _fail("give the articles to check (files, folders or globs), or --changed/--staged")
    # the hook (--staged) prints its findings; it writes a report only when asked to;
    # GitHub annotations go to stdout, where the runner reads them
    target = output if output or staged or not fmt.suffix else DEFAULT_REPORT_DIR / f"copydesk-report.{fmt.suffix}"
    asked = Checked(paths, changed, rules_dirs, model, baseline, fmt if target or fmt is ReportFormat.github else None)
    started = time.monotonic()
    outcome = None
    if server != "off" and not write_baseline and not scheduler:  # a cluster, or a baseline to write: only here
        from .remote import check_through_server  # imports nothing of the pipeline

        outcome = check_through_server(server, asked)
    if outcome is None:
        outcome = _check_here(asked, quiet, use_cache, jobs, scheduler)
    findings = outcome.findings
    if not target and fmt is ReportFormat.github:
        typer.echo(outcome.report, nl=False)
    try:
        if target:
            write_atomically(target, outcome.report or "", bom=bom)
        if write_baseline and outcome.save_baseline:
            outcome.save_baseline(write_baseline)
    except OSError as exc:
        raise _fail(f"{exc.filename or target}: cannot write: {exc.strerror or exc}") from None
    if not quiet:
        if changed is not None:
            for f in findings:  # a hook's reader wants every place, not a summary
                typer.echo(f"{f.file}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}")
        typer.echo(summary(findings, outcome.read, changed=len(changed) if changed is not None else None))
        if baseline is not None:
            typer.echo(f"baseline: {baseline}: {outcome.total - len(findings)} known finding(s) not reported")
        if write_baseline:
            typer.echo(f"baseline: {write_baseline} written with {outcome.total} finding(s)")
        typer.echo(f"report: {target} ({time.monotonic() - started:.1f}s)" if target else f"({time.monotonic() - started:.1f}s)")
    if write_baseline:
        raise typer.Exit(EXIT_OK)
    raise typer.Exit(EXIT_FINDINGS if at_or_above(findings, fail_on.value) else EXIT_OK)


def check_as_a_hook(args: Sequence[str]) -> int | None:
    """`copydesk check` as a hook or a script calls it (PATHs, --staged, --changed FILE,
    --server URL, --quiet): the command's own function called with those, as typer would
    call it, without typer converting the options, which imports pydantic (a tenth of a
    second of a fresh process: a fifth of a hook's check through a running server). The
    exit code; None for any other command line, which typer parses."""
    given = _hook_arguments(args)
    if given is None:
        return None
    try:
        check(**given)  # type: ignore[arg-type]
    except typer.Exit as done:
        return done.exit_code
    return EXIT_OK


def _hook_arguments(args: Sequence[str]) -> dict[str, object] | None:
    if not args or args[0] != "check":
        return None
    paths: list[str] = []
    changed: list[str] = []
    given: dict[str, object] = {"staged": False, "quiet": False, "server": None}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--staged":
            given["staged"] = True
        elif arg in ("-q", "--quiet"):
            given["quiet"] = True
        elif arg in ("--changed", "--server"):
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None  # typer says what is wrong
            if arg == "--changed":
                changed.append(value)
            else:
                given["server"] = value
        elif arg.startswith("-"):
            return None
        else:
            paths.append(arg)
    return given | {"paths": paths or None, "changed": changed or None}


@dataclass(frozen=True)
class Checked:
    """What a check is asked for, here or by a server (cli/remote.py)."""

    paths: list[str]
    changed: list[str] | None
    rules_dirs: list[Path] | None
    model: str | None
    baseline: Path | None
    report: ReportFormat | None  # the report to render: written, or printed (github)


@dataclass
class Outcome:
    """What a check prints and writes, whether it ran here or on a server."""

    findings: list[Finding]  # those reported: not in the baseline
    total: int  # before the baseline
    read: int  # articles read
    report: str | None  # the report's text, when one was asked for
    save_baseline: Callable[[Path], None] | None = None  # writes every finding as the baseline (here only)


def _check_here(asked: Checked, quiet: bool, use_cache: bool, jobs: int, scheduler: str | None) -> Outcome:
    """The check in this process."""
    # imported here so `copydesk --help`, and a check through a server, stay fast
    from ..suppress import BaselineError, new_findings, read_baseline, write_baseline
    from ..workspace import workspace

    model = model_process_for(asked.changed, jobs, scheduler)
    try:
        where = workspace(asked.paths or asked.changed or [])  # the repository, its rules, cache and baseline paths
        rules = _load_rules(asked.rules_dirs, asked.paths or asked.changed or [], where)
        try:
            accepted = read_baseline(asked.baseline) if asked.baseline else None
        except BaselineError as exc:
            raise _fail(str(exc)) from None
        result = _run(
            asked.paths, rules, asked.model or rules.settings.model, quiet, use_cache, jobs, changed=asked.changed,
            scheduler=scheduler, where=where, model=model,
        )
    finally:
        if model is not None:
            model.close()
    findings = result.findings if accepted is None else new_findings(result.findings, accepted, where.top)
    report = render(findings, asked.report, result.articles, result.read) if asked.report else None
    return Outcome(findings, len(result.findings), result.read, report, lambda path: write_baseline(result.findings, path, where.top))


def _git_articles(
    command: Sequence[str], pathspecs: Sequence[str] = (), said: set[str] | None = None, top: str | None = None
) -> list[str]:
    """The article files a git command run here lists (by their path from the top of
    the repository, `top` when the caller knows it, as `git diff` and `ls-files
    --full-name` give them), as paths relative to this folder."""
    from ..ingest import ARTICLE_SUFFIXES

    top, said = top or _git_top(), set() if said is None else said
    out = _git("-c", "core.quotePath=false", command[0], "-z", *command[1:], "--", *pathspecs)
    names = [n for n in out.split("\0") if n and n.lower().endswith(ARTICLE_SUFFIXES)]
    return _inside(top, [os.path.relpath(os.path.join(top, n)) for n in names], said)


def _inside(top: str, paths: list[str], said: set[str]) -> list[str]:
    """Git lists a tracked symbolic link as a file: one that leads out of the repository
    is not read (a repository is no reason to read, and report, files from elsewhere).
    Each is said once (in `said`): the staged and the tracked lists may both hold it."""
    from ..ingest import leads_outside

    real_top = os.path.realpath(top)
    kept = []
    for path in paths:
        target = leads_outside(path, real_top) if os.path.islink(path) else None
        if target is None:
            kept.append(path)
        elif path not in said:
            said.add(path)
            typer.echo(f"copydesk: skipped {path}: symbolic link to {target}, outside the repository {real_top}: not followed", err=True)
    return kept


def _git_top() -> str:
    return _git("rev-parse", "--show-toplevel").strip()


def _git(*args: str) -> str:
    import subprocess

    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise _fail(f"--staged: cannot ask git: {(getattr(exc, 'stderr', '') or str(exc)).strip()}") from None
