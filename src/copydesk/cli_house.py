"""`copydesk house import wikidata|csv`: a house list from a Wikidata query's exported
result or a newsroom's spreadsheet (house_import.py; docs/house-import.md)."""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # the modules themselves are imported on use, so `copydesk --help` stays fast
    from .house_import import Imported
    from .rules import RuleSet

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_OUTPUT = Path("rules/officeholders.yaml")

house_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="The house list: import it from open data.")
import_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="Write a rules/ house list from an exported file (docs/house-import.md)."
)
house_app.add_typer(import_app, name="import")

Output = Annotated[Path, typer.Option("--output", "-o", help="The house list to write.")]
MergeFlag = Annotated[
    bool, typer.Option("--merge", help="Fold the import into the existing file: by id, then by name; hand-written entries are left alone.")
]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing file (without --merge).")]
RulesDirs = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="A rules folder layered over the built-in rules (repeatable): its positions, titles, countries."),
]


class _Fail(typer.Exit):
    def __init__(self, message: str) -> None:
        typer.echo(f"copydesk: {message}", err=True)
        super().__init__(EXIT_USAGE)


@import_app.command("wikidata")
def import_wikidata_command(
    result: Annotated[Path, typer.Argument(help="A query result downloaded from query.wikidata.org: JSON or CSV.")],
    output: Output = DEFAULT_OUTPUT,
    merge_into: MergeFlag = False,
    force: Force = False,
    rules_dirs: RulesDirs = None,
) -> None:
    """Officeholders from a Wikidata query's result: names, aliases, terms and Wikidata ids."""
    from .house_import import import_wikidata, read_wikidata

    _import(result, output, merge_into, force, rules_dirs, lambda rules: import_wikidata(read_wikidata(result), rules))


@import_app.command("csv")
def import_csv_command(
    file: Annotated[Path, typer.Argument(help="A spreadsheet saved as CSV: name, kind, aliases (a;b), title, of, from, to.")],
    output: Output = DEFAULT_OUTPUT,
    merge_into: MergeFlag = False,
    force: Force = False,
    rules_dirs: RulesDirs = None,
) -> None:
    """A newsroom's own list of names and terms, one row per term."""
    from .house_import import read_house_csv

    _import(file, output, merge_into, force, rules_dirs, lambda rules: read_house_csv(file, rules))


def _import(
    source: Path, output: Path, merge_into: bool, force: bool, rules_dirs: list[Path] | None,
    read: Callable[[RuleSet], Imported],
) -> None:
    from .atomic import write_atomically
    from .house_import import ExportError, house_entities_of, merge, render_house_list

    rules = _rules_for(output, rules_dirs)
    if output.exists() and not (merge_into or force):
        raise _Fail(f"{output} exists: --merge to fold the import into it, or --force to replace it")
    try:
        imported = read(rules)
        existing = house_entities_of(output) if merge_into and output.exists() else []
    except ExportError as exc:
        raise _Fail(str(exc)) from None
    for problem in imported.problems:
        typer.echo(f"copydesk: {problem}", err=True)
    merged = merge(existing, imported.people, _defined_elsewhere(rules, output))
    text = render_house_list(merged.entities, source.name)
    _valid_or_fail(text, output)
    write_atomically(output, text)
    typer.echo(f"{source}: {len(imported.people)} entries, {imported.terms} terms read; {len(imported.problems)} problem(s) reported")
    for line in merged.left_alone:
        typer.echo(f"left alone: {line}")
    typer.echo(f"{output}: {merged.summary()}")
    raise typer.Exit(EXIT_OK)


def _rules_for(output: Path, rules_dirs: list[Path] | None) -> RuleSet:
    """The rules a check of the output's repository would use (its titles, countries and
    positions), with the --rules folders over them."""
    from .rules import RuleError, load_rules
    from .workspace import workspace

    repo = workspace([str(output)]).rules_dir
    try:
        return load_rules([*([repo] if repo else []), *(rules_dirs or [])])
    except RuleError as exc:
        raise _Fail(str(exc)) from None


def _defined_elsewhere(rules: RuleSet, output: Path) -> dict[str, str]:
    """Entries other rule files of the user's define (file and line): an import of the
    same name is left alone, or a file later in the layering would replace them."""
    from .house_import import entity_key
    from .rules import default_rules_dir

    built_in, target = default_rules_dir().resolve(), output.resolve()
    out = {}
    for entity in rules.entities:
        origin = rules.origins.get(("entities", entity_key(entity.name)), "")
        file = Path(origin.rsplit(":", 1)[0]).resolve()
        if origin and file != target and built_in not in file.parents:
            out[entity_key(entity.name)] = origin
    return out


def _valid_or_fail(text: str, output: Path) -> None:
    """The file about to be written must be a rule file `copydesk rules validate` accepts."""
    from .rules import RuleError, parse_rule_file

    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / output.name
        probe.write_text(text, encoding="utf-8")
        try:
            parse_rule_file(probe)
        except RuleError as exc:
            raise _Fail(f"internal error: the house list written would be invalid: {exc}") from None
