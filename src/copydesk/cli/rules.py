"""`copydesk rules validate|list` and `copydesk init` (a starter rules/ folder)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import EXIT_OK, EXIT_USAGE, RulesDirs
from .output import _fail
from .run import _load_rules

rules_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="Check and show the rule set (docs/rules.md)."
)


@rules_app.command("validate")
def rules_validate(
    folder: Annotated[
        Path | None, typer.Argument(help="Rules folder [default: the repository's rules/, else the built-in rules].")
    ] = None,
) -> None:
    """Validate every rule file in a folder, and the folder layered over the built-in rules."""
    from ..rules import RuleError, default_rules_dir, load_rules, parse_rule_file, rule_files
    from ..workspace import workspace

    folder = folder or workspace([]).rules_dir or default_rules_dir()
    try:
        files = rule_files(folder)
    except RuleError as exc:
        raise _fail(str(exc)) from None
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
        list[str] | None, typer.Argument(help="Articles to be checked: their repository's rules/ is layered in.")
    ] = None,
    rules_dirs: RulesDirs = None,
    everything: Annotated[bool, typer.Option("--all", help="Each country and ignored line, not a count per file.")] = False,
) -> None:
    """Show the active rules: kind, name, severity and the file (and line) each comes from."""
    from ..rules import active_rules

    rules = _load_rules(rules_dirs, paths or [])
    rows = active_rules(rules, everything)
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:  # three padded cells (zip stops at the widths), then the source
        typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3])


def init(
    folder: Annotated[Path, typer.Argument(help="The article repository to set up.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite starter files that exist.")] = False,
) -> None:
    """Write a commented starter rules/ folder into an article repository."""
    from ..starter import StarterError, write_starter

    try:
        written = write_starter(folder / "rules", force=force)
    except StarterError as exc:
        raise _fail(str(exc)) from None
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: edit them, then `copydesk rules validate {folder / 'rules'}`")
