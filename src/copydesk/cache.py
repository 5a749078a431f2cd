"""A cache of per-article extraction results, so a check re-runs spaCy only on the
articles that changed.

One SQLite file (`.copydesk/cache.sqlite` in the checked repository). A row holds one
article's mentions, keyed by a hash of the text the extractor saw (with its line
anchors) and by a fingerprint of everything else extraction depends on: the model and
its version, copydesk's version and the titles and countries rules. Rows of another
fingerprint, or unused for `MAX_AGE_DAYS`, are pruned. WAL mode and a busy timeout let
two runs share the file; a file SQLite cannot read is moved aside and rebuilt, with a
warning, never a crash.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from . import __version__
from .model import Article, Mention, Role
from .rules import RuleSet

CACHE_DIR = ".copydesk"
CACHE_FILE = "cache.sqlite"
SCHEMA_VERSION = 1
MAX_AGE_DAYS = 90
BUSY_TIMEOUT_S = 30.0

Warn = Callable[[str], None]


def article_key(article: Article) -> str:
    """What the extractor sees of an article: its text and where its lines come from."""
    h = hashlib.sha256(article.text.encode("utf-8", "surrogatepass"))
    if article.anchors:
        h.update(repr([(a.offset, a.line, a.column) for a in article.anchors]).encode())
    return h.hexdigest()


def fingerprint(rules: RuleSet, model_identity: str) -> str:
    """Everything but the article that extraction depends on."""
    parts = {
        "copydesk": __version__,
        "schema": SCHEMA_VERSION,
        "model": model_identity,
        "titles": [t.model_dump() for t in rules.titles],
        "countries": [c.model_dump() for c in rules.countries],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


@dataclass
class CacheStats:
    path: Path
    rows: int
    fingerprints: int
    size_bytes: int


class ExtractionCache:
    """Mentions by (article key, fingerprint). Every method survives a broken file."""

    def __init__(self, path: Path, fingerprint: str, warn: Warn | None = None) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.warn = warn or (lambda message: None)
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None

    # -- connection ---------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as exc:
                self._rebuild(exc)
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _ignore_in_git(self.path.parent)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS mentions ("
                " key TEXT NOT NULL, fingerprint TEXT NOT NULL, data TEXT NOT NULL, used REAL NOT NULL,"
                " PRIMARY KEY (key, fingerprint))"
            )
            db.execute("SELECT count(*) FROM mentions").fetchone()  # a damaged file fails here
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _rebuild(self, exc: Exception) -> None:
        self.warn(f"{self.path}: cache unreadable ({exc}); rebuilding it")
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _guarded(self, action: Callable[[sqlite3.Connection], object], fallback: object) -> object:
        """Run `action`; on a damaged database rebuild it once, and on a second failure
        give up on the cache for this run (the check goes on without it)."""
        for attempt in (1, 2):
            try:
                return action(self._connect())
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    self.warn(f"{self.path}: cache busy ({exc}); going on without it")
                    return fallback
                if attempt == 2:
                    break
                self._rebuild(exc)
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    break
                self._rebuild(exc)
        self.warn(f"{self.path}: cache unusable; going on without it")
        return fallback

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    # -- reads and writes -----------------------------------------------------------------

    def get_many(self, articles: Sequence[Article]) -> dict[str, list[Mention]]:
        """Cached mentions of the articles found in the cache, by article path."""
        by_key: dict[str, list[Article]] = {}
        for a in articles:  # articles with identical text share a row
            by_key.setdefault(article_key(a), []).append(a)

        def read(db: sqlite3.Connection) -> dict[str, list[Mention]]:
            found: dict[str, list[Mention]] = {}
            wanted = list(by_key)
            for i in range(0, len(wanted), 500):  # SQLite caps the number of parameters
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, data FROM mentions WHERE fingerprint = ? AND key IN ({marks})", [self.fingerprint, *chunk]
                ).fetchall()
                for key, data in rows:
                    for a in by_key[key]:
                        found[a.path] = _decode(a.path, data)
                db.execute(f"UPDATE mentions SET used = ? WHERE fingerprint = ? AND key IN ({marks})",
                           [time.time(), self.fingerprint, *chunk])
            return found

        hits = self._guarded(read, {})
        assert isinstance(hits, dict)
        self.hits += len(hits)
        self.misses += len(articles) - len(hits)
        return hits

    def put_many(self, extracted: Mapping[str, list[Mention]], articles: Mapping[str, Article]) -> None:
        rows = [(article_key(articles[path]), self.fingerprint, _encode(ms), time.time()) for path, ms in extracted.items()]

        def write(db: sqlite3.Connection) -> None:
            with db:  # one transaction
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?)", rows)

        if rows:
            self._guarded(write, None)

    def prune(self) -> None:
        """Drop rows of other fingerprints and rows unused for MAX_AGE_DAYS."""
        cutoff = time.time() - MAX_AGE_DAYS * 86400

        def delete(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM mentions WHERE fingerprint != ? OR used < ?", (self.fingerprint, cutoff))

        self._guarded(delete, None)

    def stats(self) -> CacheStats:
        def count(db: sqlite3.Connection) -> tuple[int, int]:
            rows, prints = db.execute("SELECT count(*), count(DISTINCT fingerprint) FROM mentions").fetchone()
            return int(rows), int(prints)

        result = self._guarded(count, (0, 0))
        rows, prints = result  # type: ignore[misc]
        size = sum(Path(f"{self.path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{self.path}{s}").exists())
        return CacheStats(self.path, rows, prints, size)

    def clear(self) -> None:
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def _ignore_in_git(folder: Path) -> None:
    """The cache folder keeps itself out of commits."""
    marker = folder / ".gitignore"
    if not marker.exists():
        try:
            marker.write_text("# copydesk's cache: not for committing\n*\n", encoding="utf-8")
        except OSError:
            pass


def _encode(mentions: Iterable[Mention]) -> str:
    return json.dumps(
        [
            [m.start, m.end, m.line, m.column, m.text, m.label, m.source,
             [m.role.title, m.role.qualifier, m.role.text, m.role.start] if m.role else None]
            for m in mentions
        ],
        ensure_ascii=False,
    )


def _decode(path: str, data: str) -> list[Mention]:
    out = []
    for start, end, line, column, text, label, source, role in json.loads(data):
        out.append(Mention(path, start, end, line, column, text, label, source, Role(*role) if role else None))
    return out


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE
