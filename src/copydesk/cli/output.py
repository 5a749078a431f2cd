"""What a command says on the terminal besides its report: usage errors, warnings and
the progress of a long run."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable

import typer

from .app import EXIT_USAGE


def _fail(message: str) -> typer.Exit:
    typer.echo(f"copydesk: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _warn(message: str) -> None:
    typer.echo(f"copydesk: warning: {message}", err=True)


def _said_skipped(problems: list[str], warnings: list[str]) -> None:
    """A check's skipped inputs and warnings, on stderr (here or from a server: cli/remote.py)."""
    for problem in problems:
        typer.echo(f"copydesk: skipped {problem}", err=True)
    for warning in warnings:
        _warn(warning)


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
