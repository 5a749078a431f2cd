"""Command line: `copydesk check PATH...`.

Exit codes (the report contract): 0 nothing at or above --fail-on, 1 findings at or
above it, 2 usage, rule-file, model or internal error; 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Callable, Optional, Sequence

import typer

from . import __version__
from .model import exception_line
from .report import ReportFormat, at_or_above, render, summary, write_report

if TYPE_CHECKING:
    from spacy.language import Language

    from .cache import ExtractionCache
    from .distribute import Cluster
    from .pipeline import CheckResult
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


# Options more than one command takes
RulesDirs = Annotated[
    Optional[list[Path]], typer.Option("--rules", help="A rules folder layered over the built-in rules (repeatable).")
]
ModelName = Annotated[Optional[str], typer.Option("--model", help="spaCy model name [default: from the rules, en_core_web_sm].")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes that extract (forked, sharing the loaded model); 2 or more pays on long runs.")]
UseCache = Annotated[bool, typer.Option("--cache/--no-cache", help="Keep extraction results in .copydesk/ of the repository.")]
Bom = Annotated[bool, typer.Option("--bom", help="Start a CSV with a UTF-8 byte order mark (for Excel).")]


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
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, print the traceback (before the command: copydesk --debug check ...).")
    ] = False,
) -> None:
    pass  # --debug is read by main(), which is where an internal error ends up


@app.command()
def check(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Article files, folders or globs (.txt, .md, .html) [default with --staged: the files git tracks]."),
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Report file [default: reports/copydesk-report.FORMAT; github: stdout; with --staged, none].")
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format (github: annotation lines on stdout unless -o).")
    ] = ReportFormat.csv,
    bom: Bom = False,
    rules_dirs: RulesDirs = None,
    fail_on: Annotated[FailOn, typer.Option(help="Lowest severity that makes the exit code 1.")] = FailOn.error,
    model: ModelName = None,
    baseline: Annotated[
        Optional[Path], typer.Option(help="Report only findings not in this baseline file (see --write-baseline).")
    ] = None,
    write_baseline: Annotated[
        Optional[Path],
        typer.Option("--write-baseline", help="Write every finding to this baseline file and exit 0: they are accepted."),
    ] = None,
    changed: Annotated[
        Optional[list[str]],
        typer.Option("--changed", help="A changed article, checked against PATHs; only findings involving it (repeatable)."),
    ] = None,
    staged: Annotated[
        bool, typer.Option("--staged", help="The changed articles are the files staged in git (the pre-commit hook).")
    ] = False,
    jobs: Jobs = 1,
    scheduler: Annotated[
        Optional[str],
        typer.Option(help="Read, extract and group on a Dask cluster: the scheduler's ADDRESS, or 'local' for --jobs local workers."),
    ] = None,
    use_cache: UseCache = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on the terminal.")] = False,
) -> None:
    """Check articles and write a report of every inconsistent mention."""
    # imported here so `copydesk --help` stays fast
    from .suppress import BaselineError, new_findings, read_baseline
    from .suppress import write_baseline as save_baseline

    paths = list(paths or [])
    if bom and fmt is not ReportFormat.csv:
        raise _fail(f"--bom applies to CSV reports, not --format {fmt.value}")
    if staged:
        links_said: set[str] = set()
        changed = [*(changed or []), *_git_articles(["diff", "--cached", "--name-only", "--diff-filter=ACMR"], said=links_said)]
        if not changed:
            if not quiet:
                typer.echo("copydesk: no staged article to check")
            raise typer.Exit(EXIT_OK)
        # the archive: the articles git tracks (under PATHs), not drafts lying around
        paths = _git_articles(["ls-files", "--full-name"], pathspecs=paths or [_git_top()], said=links_said)
    elif not paths and not changed:
        raise _fail("give the articles to check (files, folders or globs), or --changed/--staged")
    rules = _load_rules(rules_dirs, paths or changed or [])
    try:
        accepted = read_baseline(baseline) if baseline else None
    except BaselineError as exc:
        raise _fail(str(exc))
    started = time.monotonic()
    result = _run(paths, rules, model or rules.settings.model, quiet, use_cache, jobs, changed=changed, scheduler=scheduler)
    findings = result.findings if accepted is None else new_findings(result.findings, accepted)
    # the hook (--staged) prints its findings; it writes a report only when asked to;
    # GitHub annotations go to stdout, where the runner reads them
    target = output if output or staged or not fmt.suffix else DEFAULT_REPORT_DIR / f"copydesk-report.{fmt.suffix}"
    if not target and fmt is ReportFormat.github:
        typer.echo(render(findings, fmt), nl=False)
    try:
        if target:
            write_report(findings, target, fmt, result.articles, result.read, bom=bom)
        if write_baseline:
            save_baseline(result.findings, write_baseline)
    except OSError as exc:
        raise _fail(f"{exc.filename or target}: cannot write: {exc.strerror or exc}")
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


class EntitiesFormat(str, Enum):
    csv = "csv"
    yaml = "yaml"


@app.command()
def entities(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders or globs (.txt, .md, .html).")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="File to write [default: reports/copydesk-entities.FORMAT].")
    ] = None,
    fmt: Annotated[
        EntitiesFormat, typer.Option("--format", "-f", help="csv: the table; yaml: a rules/ house list to start from.")
    ] = EntitiesFormat.csv,
    bom: Bom = False,
    rules_dirs: RulesDirs = None,
    model: ModelName = None,
    jobs: Jobs = 1,
    use_cache: UseCache = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No table on the terminal.")] = False,
) -> None:
    """List every resolved entity: name, kind, spellings with counts, articles, roles."""
    from .entities import entity_rows, render_csv, render_yaml, table
    from .report import write_atomically

    if bom and fmt is not EntitiesFormat.csv:
        raise _fail("--bom applies to CSV, not --format yaml")
    rules = _load_rules(rules_dirs, paths)
    result = _run(paths, rules, model or rules.settings.model, quiet, use_cache, jobs)
    rows = entity_rows(result.resolution.entities, result.articles, result.findings)
    target = output or DEFAULT_REPORT_DIR / f"copydesk-entities.{fmt.value}"
    text = render_csv(rows) if fmt is EntitiesFormat.csv else render_yaml(rows, result.read)
    try:
        write_atomically(target, text, bom=bom)
    except OSError as exc:
        raise _fail(f"{exc.filename or target}: cannot write: {exc.strerror or exc}")
    if not quiet:
        typer.echo(table(rows, result.read))
        typer.echo(f"{fmt.value}: {target}")


def _run(
    paths: Sequence[str],
    rules: "RuleSet",
    model_name: str,
    quiet: bool,
    use_cache: bool,
    jobs: int,
    changed: Sequence[str] | None = None,
    scheduler: str | None = None,
) -> "CheckResult":
    """The pipeline as a command runs it: with the cache or a cluster, a progress bar,
    and every skipped article and warning said on stderr."""
    from .nlp import ModelError
    from .pipeline import check_paths

    cluster = _connect(scheduler, model_name, jobs, quiet) if scheduler else None
    cache = _open_cache(paths or changed or [], rules, model_name) if use_cache and not cluster else None
    try:
        result = check_paths(
            paths, rules, _model_loader(model_name), progress=_progress_printer(quiet), cache=cache, changed=changed,
            jobs=jobs, cluster=cluster,
        )
    except ModelError as exc:
        raise _fail(str(exc))
    finally:
        if cache:
            cache.prune()
            cache.close()
        if cluster:
            cluster.close()
    for problem in result.problems:
        typer.echo(f"copydesk: skipped {problem}", err=True)
    for warning in result.warnings:
        _warn(warning)
    if not result.articles and result.problems:
        raise _fail("no readable article in the given paths")
    return result


def _connect(scheduler: str, model_name: str, jobs: int, quiet: bool) -> "Cluster":
    from .distribute import ClusterError, connect, describe

    try:
        cluster = connect(scheduler, model_name, workers=max(jobs, 2))
    except ClusterError as exc:
        raise _fail(str(exc))
    if not quiet:
        typer.echo(f"copydesk: reading, extracting and grouping on {describe(cluster)}", err=True)
    return cluster


def _model_loader(name: str) -> Callable[[], "Language"]:
    """Loads the model when first needed: a run whose articles are all cached needs none."""
    from .nlp import load_model

    return lambda: load_model(name)


def _open_cache(paths: Sequence[str], rules: "RuleSet", model_name: str) -> "ExtractionCache":
    from .cache import ExtractionCache, cache_path, fingerprint
    from .nlp import model_identity

    return ExtractionCache(cache_path(_cache_root(paths)), fingerprint(rules, model_identity(model_name)), warn=_warn)


def _cache_root(paths: Sequence[str]) -> Path:
    """Where the cache lives: the git repository of the first path (of this folder when
    none is given), else this folder."""
    from .rules import git_root

    return git_root(paths) or Path.cwd()


def _warn(message: str) -> None:
    typer.echo(f"copydesk: warning: {message}", err=True)


def _git_articles(command: Sequence[str], pathspecs: Sequence[str] = (), said: set[str] | None = None) -> list[str]:
    """The article files a git command run here lists (by their path from the top of
    the repository, as `git diff` and `ls-files --full-name` give them), as paths
    relative to this folder."""
    from .ingest import ARTICLE_SUFFIXES

    top, said = _git_top(), set() if said is None else said
    out = _git("-c", "core.quotePath=false", command[0], "-z", *command[1:], "--", *pathspecs)
    names = [n for n in out.split("\0") if n and n.lower().endswith(ARTICLE_SUFFIXES)]
    return _inside(top, [os.path.relpath(os.path.join(top, n)) for n in names], said)


def _inside(top: str, paths: list[str], said: set[str]) -> list[str]:
    """Git lists a tracked symbolic link as a file: one that leads out of the repository
    is not read (a repository is no reason to read, and report, files from elsewhere).
    Each is said once (in `said`): the staged and the tracked lists may both hold it."""
    from .ingest import leads_outside

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
        raise _fail(f"--staged: cannot ask git: {(getattr(exc, 'stderr', '') or str(exc)).strip()}")


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
    rules_dirs: RulesDirs = None,
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


cache_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="The extraction cache in .copydesk/ of the repository."
)
app.add_typer(cache_app, name="cache")

RepoOption = Annotated[
    Path, typer.Option("--repo", help="The article repository [default: the git repository here, else this folder].")
]


def _cache_at(repo: Optional[Path]) -> "ExtractionCache":
    from .cache import ExtractionCache, cache_path

    return ExtractionCache(cache_path(repo if repo is not None else _cache_root([])), fingerprint="", warn=_warn)


@cache_app.command("stats")
def cache_stats(repo: RepoOption = None) -> None:  # type: ignore[assignment]
    """Show the cache's file, size and number of cached articles."""
    cache = _cache_at(repo)
    if not cache.path.exists():
        typer.echo(f"{cache.path}: no cache yet")
        raise typer.Exit(EXIT_OK)
    stats = cache.stats()
    cache.close()
    typer.echo(f"{stats.path}: {stats.rows} cached article(s), {stats.fingerprints} rule/model fingerprint(s), "
               f"{stats.size_bytes / 1024:.0f} KiB")


@cache_app.command("clear")
def cache_clear(repo: RepoOption = None) -> None:  # type: ignore[assignment]
    """Delete the cache; the next check extracts every article again."""
    cache = _cache_at(repo)
    existed = cache.path.exists()
    try:
        cache.clear()
    except OSError as exc:
        raise _fail(f"{cache.path}: cannot clear the cache: {exc.strerror or exc}")
    typer.echo(f"{cache.path}: {'cleared' if existed else 'no cache'}")


from .cli_fix import register as _register_fix  # noqa: E402  (`copydesk fix`, in its own module)
_register_fix(app)


# Runs over this many articles report progress on stderr: a bar on a terminal, else a
# line every tenth of the way (logs, CI).
PROGRESS_FROM = 200
BAR_WIDTH = 30


def _progress_printer(quiet: bool) -> Callable[[int, int], None] | None:
    if quiet:
        return None
    on_terminal = sys.stderr.isatty()
    started = time.monotonic()
    tenths_said = [0]  # a log gets a line each tenth of the way, however big the steps

    def progress(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if on_terminal:
            elapsed = time.monotonic() - started
            left = elapsed / done * (total - done) if done else 0.0
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            end = "\n" if done == total else ""
            sys.stderr.write(f"\rcopydesk: extracting [{bar}] {done}/{total} articles, {left:4.0f} s left{end}")
            sys.stderr.flush()
        elif done * 10 // total > tenths_said[0]:
            tenths_said[0] = done * 10 // total
            typer.echo(f"copydesk: extracted {done}/{total} articles", err=True)

    return progress


EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code.

    An unexpected exception prints one line (the traceback only with --debug) and exits 2;
    Ctrl-C prints one line and exits 130. Either way no partial report is left: reports
    are written to a temporary file and renamed, and the cache commits whole transactions.
    """
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        app(args=args, prog_name="copydesk")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
        if code == EXIT_INTERRUPTED and _interrupted(exc):
            typer.echo("copydesk: interrupted", err=True)
        return code
    except KeyboardInterrupt:  # outside typer's reach: while it parses or sets up
        typer.echo("copydesk: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if _debug(args):
            import traceback

            traceback.print_exc()
        hint = "" if _debug(args) else "; run with --debug for the traceback"
        typer.echo(f"copydesk: internal error: {exception_line(exc)}{hint}", err=True)
        return EXIT_USAGE
    return EXIT_OK


def _interrupted(exc: BaseException) -> bool:
    """Did a KeyboardInterrupt cause `exc`? (typer turns one into exit code 130.)"""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _debug(args: Sequence[str]) -> bool:
    """--debug among the options before the command name."""
    for arg in args:
        if not arg.startswith("-"):
            return False
        if arg == "--debug":
            return True
    return False

from .cli_house import house_app  # noqa: E402  (issue 15: copydesk house import)
app.add_typer(house_app, name="house")
