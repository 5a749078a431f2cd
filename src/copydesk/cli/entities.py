"""`copydesk entities`: every resolved entity as a table, or as a house list to start from."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .app import DEFAULT_REPORT_DIR, Bom, Jobs, ModelName, RulesDirs, UseCache
from .output import _fail
from .run import _load_rules, _run


class EntitiesFormat(str, Enum):
    csv = "csv"
    yaml = "yaml"


def entities(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders or globs (.txt, .md, .html).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write [default: reports/copydesk-entities.FORMAT].")
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
    from ..atomic import write_atomically
    from ..entities import entity_rows, render_csv, render_yaml, table

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
        raise _fail(f"{exc.filename or target}: cannot write: {exc.strerror or exc}") from None
    if not quiet:
        typer.echo(table(rows, result.read))
        typer.echo(f"{fmt.value}: {target}")
