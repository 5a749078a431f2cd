"""`copydesk cache stats|clear`: the extraction cache in .copydesk/ of the repository."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..workspace import workspace
from .app import EXIT_OK
from .output import _fail, _warn

if TYPE_CHECKING:
    from ..cache import ExtractionCache


cache_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="The extraction cache in .copydesk/ of the repository."
)

RepoOption = Annotated[
    Path, typer.Option("--repo", help="The article repository [default: the git repository here, else this folder].")
]


def _cache_at(repo: Path | None) -> ExtractionCache:
    from ..cache import ExtractionCache, cache_path

    path = cache_path(repo) if repo is not None else workspace([]).cache_file
    return ExtractionCache(path, fingerprint="", warn=_warn)


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
        raise _fail(f"{cache.path}: cannot clear the cache: {exc.strerror or exc}") from None
    typer.echo(f"{cache.path}: {'cleared' if existed else 'no cache'}")
