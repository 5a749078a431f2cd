"""Command line: `copydesk check PATH...` and the other commands.

One module per job: app (the typer app, shared options, main()), output (usage errors,
warnings, progress on the terminal), run (rules, model, cache or cluster around the
pipeline), and one module per command or group of commands.

A new command is registered below, in one line: `app.command()(function)` for a command,
`app.add_typer(sub_app, name="NAME")` for a group. Commands show in `copydesk --help` in
the order they are registered.
"""
from __future__ import annotations

from ..cli_fix import register as register_fix
from ..cli_house import house_app
from .app import DEFAULT_REPORT_DIR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, app, console_main, main
from .cache import cache_app
from .check import _git_articles, _git_top, check
from .entities import entities
from .output import BAR_WIDTH, PROGRESS_FROM, _fail, _progress_printer, _warn
from .rules import init, rules_app
from .run import _load_rules, _run
from .serve import serve

app.command()(check)
app.command()(entities)
app.add_typer(rules_app, name="rules")
app.command()(init)
app.add_typer(cache_app, name="cache")
register_fix(app)  # issue 14: copydesk fix
app.add_typer(house_app, name="house")  # issue 15: copydesk house import
app.command()(serve)  # issue 13: copydesk serve

# Names the commands in other modules use (cli_fix, issue 14, reads them as cli._NAME).
__all__ = [
    "BAR_WIDTH",
    "DEFAULT_REPORT_DIR",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "PROGRESS_FROM",
    "_fail",
    "_git_articles",
    "_git_top",
    "_load_rules",
    "_progress_printer",
    "_run",
    "_warn",
    "app",
    "main",
    "console_main",
]
