"""`copydesk fix PATH...`: check as `copydesk check` does, then apply the suggested forms.

Exit codes: 0 nothing left to do (everything asked for written, or nothing to fix);
1 with --diff when there is something to fix, or when a fixable finding could not be
fixed (the file changed since it was checked, fix may not write there, the text is not
where the finding says); 2 usage, rules,
model or internal error; 130 interrupted.
"""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from collections import Counter

    from .fix import Change, Plan
    from .rules import RuleSet

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class FixRule(str, Enum):
    name_variant = "name-variant"
    role_conflict = "role-conflict"
    substitution = "substitution"


def fix(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Article files, folders or globs (.txt, .md, .html) [default with --staged: the files git tracks]."),
    ] = None,
    rules_dirs: Annotated[
        list[Path] | None, typer.Option("--rules", help="A rules folder layered over the built-in rules (repeatable).")
    ] = None,
    only: Annotated[
        list[FixRule] | None, typer.Option("--only", help="Fix only this rule's findings (repeatable).")
    ] = None,
    changed: Annotated[
        list[str] | None,
        typer.Option("--changed", help="A changed article, checked against PATHs; only it is fixed (repeatable)."),
    ] = None,
    staged: Annotated[
        bool, typer.Option("--staged", help="The changed articles are the files staged in git (the copydesk-fix hook).")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the changes as a unified diff and exit 1 if there are any.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply every change without asking.")] = False,
    baseline: Annotated[
        Path | None, typer.Option(help="Leave alone the findings this baseline file holds (see check --write-baseline).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model name [default: from the rules].")] = None,
    use_cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Keep extraction results in .copydesk/.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No lines but the diff and the problems.")] = False,
) -> None:
    """Fix the findings that name their right form: name variants, substitutions, and
    role conflicts the house list settles. Shows each change and asks, unless --diff or --yes."""
    from . import cli
    from .suppress import BaselineError, read_baseline

    if diff and yes:
        raise cli._fail("fix: --diff shows the changes, --yes applies them: give one")
    interactive = not diff and not yes
    if interactive and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise cli._fail("fix: not on a terminal, so nothing to ask: --diff shows the changes, --yes applies them")
    paths = list(paths or [])
    if staged:
        links_said: set[str] = set()
        changed = [*(changed or []), *cli._git_articles(["diff", "--cached", "--name-only", "--diff-filter=ACMR"], said=links_said)]
        if not changed:
            if not quiet:
                typer.echo("copydesk: no staged article to fix")
            raise typer.Exit(EXIT_OK)
        paths = cli._git_articles(["ls-files", "--full-name"], pathspecs=paths or [cli._git_top()], said=links_said)
    elif not paths and not changed:
        raise cli._fail("fix: give the articles to fix (files, folders or globs), or --changed/--staged")
    rules = cli._load_rules(rules_dirs, paths or changed or [])
    try:
        accepted = read_baseline(baseline) if baseline else None
    except BaselineError as exc:
        raise cli._fail(str(exc)) from None
    model_name = model or rules.settings.model
    allowed = {r.value for r in only} if only else None

    def check_and_plan() -> Plan:
        return _check_and_plan(paths, changed, rules, model_name, quiet, use_cache, accepted, allowed)

    plan = check_and_plan()
    said = _say_notes(plan, set())
    if diff:
        for file_plan in plan.files:
            typer.echo(file_plan.diff(file_plan.changes), nl=False)
        if not quiet:
            typer.echo(_count(plan, "to fix"), err=True)
        raise typer.Exit(EXIT_FINDINGS if plan.changes else EXIT_OK)
    chosen = _everything(plan) if yes else _ask(plan)
    failed = _write(plan, chosen, quiet)
    # A fix can bring to light a finding the check did not report before it (a surname
    # alone is taken for right while a misspelt full name shares its spelling): with
    # --yes, check and fix again until nothing more is found, as linters' fixers do.
    passes = 1
    while yes and chosen and not failed and passes < MAX_PASSES:
        plan = check_and_plan()
        said = _say_notes(plan, said)
        if not plan.changes:
            break
        passes += 1
        if not quiet:
            typer.echo(f"pass {passes}: {_count(plan, 'the changes made visible')}")
        chosen = _everything(plan)
        failed = _write(plan, chosen, quiet)
    # a fixable finding left as it was (said above) is no success either
    raise typer.Exit(EXIT_FINDINGS if failed or plan.notes else EXIT_OK)


MAX_PASSES = 3


def _check_and_plan(
    paths: list[str],
    changed: list[str] | None,
    rules: RuleSet,
    model_name: str,
    quiet: bool,
    use_cache: bool,
    accepted: Counter[tuple[str, ...]] | None,
    allowed: set[str] | None,
) -> Plan:
    """The check as `copydesk check` runs it (cli._run), and the changes that fix what
    it finds in the files fix may write."""
    from . import cli
    from .fix import Writable, plan_fixes, stat_keys
    from .ingest import discover, file_identity
    from .suppress import new_findings

    files, _ = discover([*paths, *(changed or [])], excludes=rules.ignore_paths)
    checked = stat_keys(files)  # before the check: a file changed after this is not written
    result = cli._run(paths, rules, model_name, quiet, use_cache, 1, changed=changed)
    findings = result.findings if accepted is None else new_findings(result.findings, accepted)
    if allowed is not None:
        findings = [f for f in findings if f.rule in allowed]
    if changed is not None:  # the findings elsewhere that rest on them are the archive's
        wanted = {file_identity(p) for p in changed}
        findings = [f for f in findings if file_identity(f.file) in wanted]
    # with --changed, only the changed articles are rewritten, never the archive they rest on
    writable = Writable.of(changed if changed is not None else paths)
    return plan_fixes(findings, result.articles, writable, checked)


def _say_notes(plan: Plan, said: set[str]) -> set[str]:
    for note in plan.notes:
        if note not in said:
            typer.echo(f"copydesk: {note}", err=True)
    return said | set(plan.notes)


def _everything(plan: Plan) -> dict[str, list[Change]]:
    return {p.path: list(p.changes) for p in plan.files}


def _ask(plan: Plan) -> dict[str, list[Change]]:
    """Each change's diff and a question: y(es), n(o), a(ll: this and every later one),
    q(uit: write what was accepted so far, ask nothing more)."""
    chosen: dict[str, list[Change]] = {}
    take_all = False
    for file_plan in plan.files:
        for change in file_plan.changes:
            if take_all:
                chosen.setdefault(file_plan.path, []).append(change)
                continue
            f = change.finding
            typer.echo(f"{file_plan.path}:{f.line}:{f.column}: [{f.rule}] '{f.found}' -> '{change.new_text}'")
            typer.echo(file_plan.diff([change], context=1), nl=False)
            answer = _answer()
            if answer in ("y", "a"):
                chosen.setdefault(file_plan.path, []).append(change)
                take_all = answer == "a"
            elif answer == "q":
                return chosen
    return chosen


def _answer() -> str:
    while True:
        reply = str(typer.prompt("Apply this change? [y]es, [n]o, [a]ll, [q]uit", default="", show_default=False))
        if reply.strip().lower()[:1] in ("y", "n", "a", "q"):
            return reply.strip().lower()[:1]
        typer.echo("y: apply it; n: leave it; a: apply it and every later change; q: stop (what you accepted is written)")


def _write(plan: Plan, chosen: dict[str, list[Change]], quiet: bool) -> int:
    """Write each file with its chosen changes; the number of files left untouched."""
    from .fix import write_changes

    failed = written = 0
    for file_plan in plan.files:
        changes = chosen.get(file_plan.path)
        if not changes:
            continue
        if (problem := write_changes(file_plan, changes)) is not None:
            failed += 1
            typer.echo(f"copydesk: {problem}", err=True)
            continue
        written += 1
        if not quiet:
            typer.echo(f"fixed {file_plan.path}: {len(changes)} change(s)")
    if not quiet:
        typer.echo(f"{written} file(s) fixed" + (f", {failed} left untouched" if failed else ""))
    return failed


def _count(plan: Plan, what: str) -> str:
    return f"{plan.changes} change(s) in {len(plan.files)} file(s) {what}"


def register(app: typer.Typer) -> None:
    app.command("fix")(fix)
