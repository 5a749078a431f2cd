"""The archive watched (watchfiles): an article added, changed or deleted under the served
paths reloads the archive through the cache, so the findings follow without a restart.
Only article files count; the cache and server.json in .copydesk/ never do."""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from ..cache import CACHE_DIR
from ..ingest import ARTICLE_SUFFIXES
from .archive import WarmArchive

DEBOUNCE_MS = 300  # changes that come together (a save, a git checkout) make one reload


def is_article(path: str) -> bool:
    return path.lower().endswith(ARTICLE_SUFFIXES) and CACHE_DIR not in Path(path).parts


def watched_roots(paths: Sequence[str]) -> list[str]:
    """The folders and files to watch: each path that exists, or a glob's fixed folder."""
    roots = []
    for path in paths:
        fixed = path.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0]
        root = path if os.path.exists(path) else (os.path.dirname(fixed) or ".")
        if os.path.exists(root):
            roots.append(root)
    return roots


def start_watching(archive: WarmArchive, stop: threading.Event, said: Callable[[str], None]) -> threading.Thread | None:
    """A thread reloading `archive` after each batch of article changes; None when no
    served path exists to watch."""
    from watchfiles import watch

    roots = watched_roots(archive.paths)
    if not roots:
        return None

    def run() -> None:
        for changes in watch(*roots, watch_filter=lambda _change, path: is_article(path), debounce=DEBOUNCE_MS,
                             stop_event=stop, raise_interrupt=False):
            if not archive.ready:
                archive.stale = True  # still loading: read again once it is in (catch_up)
                continue
            archive.refresh()
            said(f"{len(changes)} change(s) on disk; the archive was read again: {len(archive.result.articles)} article(s)")

    thread = threading.Thread(target=run, name="copydesk-watch", daemon=True)
    thread.start()
    return thread


def catch_up(archive: WarmArchive) -> None:
    """After the load: read again if files changed while it ran."""
    if archive.stale and archive.ready:
        archive.stale = False
        archive.refresh()
