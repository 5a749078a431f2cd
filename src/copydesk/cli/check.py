"""`copydesk check`: the articles checked, the report written, the exit code; with
--staged, the articles git has staged checked against the ones it tracks (the hook)."""
from __future__ import annotations

import os
import time
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..report import ReportFormat, at_or_above, render, summary, write_report
from .app import DEFAULT_REPORT_DIR, EXIT_FINDINGS, EXIT_OK, Bom, Jobs, ModelName, RulesDirs, UseCache
from .output import _fail
from .run import _load_rules, _run


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
) -> None:
    """Check articles and write a report of every inconsistent mention."""
    # imported here so `copydesk --help` stays fast
    from ..suppress import BaselineError, new_findings, read_baseline, write_baseline as save_baseline
    from ..workspace import workspace

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
    where = workspace(paths or changed or [])  # the repository, its rules, cache and baseline paths
    rules = _load_rules(rules_dirs, paths or changed or [], where)
    try:
        accepted = read_baseline(baseline) if baseline else None
    except BaselineError as exc:
        raise _fail(str(exc)) from None
    started = time.monotonic()
    result = _run(
        paths, rules, model or rules.settings.model, quiet, use_cache, jobs, changed=changed, scheduler=scheduler, where=where
    )
    findings = result.findings if accepted is None else new_findings(result.findings, accepted, where.top)
    # the hook (--staged) prints its findings; it writes a report only when asked to;
    # GitHub annotations go to stdout, where the runner reads them
    target = output if output or staged or not fmt.suffix else DEFAULT_REPORT_DIR / f"copydesk-report.{fmt.suffix}"
    if not target and fmt is ReportFormat.github:
        typer.echo(render(findings, fmt), nl=False)
    try:
        if target:
            write_report(findings, target, fmt, result.articles, result.read, bom=bom)
        if write_baseline:
            save_baseline(result.findings, write_baseline, where.top)
    except OSError as exc:
        raise _fail(f"{exc.filename or target}: cannot write: {exc.strerror or exc}") from None
    if not quiet:
        if changed is not None:
            for f in findings:  # a hook's reader wants every place, not a summary
                typer.echo(f"{f.file}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}")
        typer.echo(summary(findings, result.read, changed=len(changed) if changed is not None else None))
        if accepted is not None:
            typer.echo(f"baseline: {baseline}: {len(result.findings) - len(findings)} known finding(s) not reported")
        if write_baseline:
            typer.echo(f"baseline: {write_baseline} written with {len(result.findings)} finding(s)")
        typer.echo(f"report: {target} ({time.monotonic() - started:.1f}s)" if target else f"({time.monotonic() - started:.1f}s)")
    if write_baseline:
        raise typer.Exit(EXIT_OK)
    raise typer.Exit(EXIT_FINDINGS if at_or_above(findings, fail_on.value) else EXIT_OK)


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
