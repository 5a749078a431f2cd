"""The `copydesk` command: the typer app, the options several commands share, and main(),
the console script, which turns every way a command can end into an exit code.

Exit codes (the report contract): 0 nothing at or above --fail-on, 1 findings at or
above it, 2 usage, rule-file, model or internal error; 130 interrupted (Ctrl-C).
The commands are registered on `app` in copydesk/cli/__init__.py.
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .. import __version__
from ..model import exception_line

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_REPORT_DIR = Path("reports")

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Check a newsroom's articles against each other: names spelt several ways, one role held by different people.",
)


# Options more than one command takes
RulesDirs = Annotated[
    list[Path] | None, typer.Option("--rules", help="A rules folder layered over the built-in rules (repeatable).")
]
ModelName = Annotated[str | None, typer.Option("--model", help="spaCy model name [default: from the rules, en_core_web_sm].")]
Jobs = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Processes that extract (forked, sharing the loaded model); 2 or more pays on long runs.")
]
UseCache = Annotated[bool, typer.Option("--cache/--no-cache", help="Keep extraction results in .copydesk/ of the repository.")]
Bom = Annotated[bool, typer.Option("--bom", help="Start a CSV with a UTF-8 byte order mark (for Excel).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, print the traceback (before the command: copydesk --debug check ...).")
    ] = False,
) -> None:
    pass  # --debug is read by main(), which is where an internal error ends up


EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C
GC_THRESHOLDS = (100_000, 10, 10)  # gc.set_threshold for a command's run (Python's own: 700, 10, 10)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code.

    An unexpected exception prints one line (the traceback only with --debug) and exits 2;
    Ctrl-C prints one line and exits 130. Either way no partial report is left: reports
    are written to a temporary file and renamed, and the cache commits whole transactions.
    """
    args = list(argv) if argv is not None else sys.argv[1:]
    # a command builds an archive's names and mentions, hundreds of thousands of small
    # objects kept to the end: collected every 700 new ones (Python's default), they are
    # scanned again and again (a tenth of a hook's check). Cycles are still collected.
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        from .check import check_as_a_hook  # here: check.py imports this module

        code = check_as_a_hook(args)
        if code is not None:
            return code
        app(args=args, prog_name="copydesk")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
        if code == EXIT_INTERRUPTED and _interrupted(exc):
            typer.echo("copydesk: interrupted", err=True)
        return code
    except KeyboardInterrupt:  # outside typer's reach: while it parses or sets up
        typer.echo("copydesk: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - any bug ends as one line and exit 2, never a traceback (--debug shows it)
        if _debug(args):
            import traceback

            traceback.print_exc()
        hint = "" if _debug(args) else "; run with --debug for the traceback"
        typer.echo(f"copydesk: internal error: {exception_line(exc)}{hint}", err=True)
        return EXIT_USAGE
    return EXIT_OK


def console_main() -> NoReturn:
    """The console script (and `python -m copydesk`): main(), then the process ends. After
    a check, without the interpreter's teardown: freeing an archive's names, mentions and
    index object by object took a tenth of a hook's time (0.15-0.24 s; mypy exits this way
    too). Everything is written and closed by then; stdout and stderr are flushed."""
    args = sys.argv[1:]
    code = main(args)
    if args[:1] != ["check"]:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader gone (`| head`): nothing more to say to it
            stream.flush()
    os._exit(code)


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
