"""A cache of per-article results, so a check re-reads, re-runs spaCy and redoes the
recovery pass only for the articles that changed.

One SQLite file (`.copydesk/cache.sqlite` in the checked repository), a table per stage:

- `ingested`: the article as read (text with boilerplate blanked, date, anchors...), by
  path, valid while the file keeps its size and modification time;
- `extracted`: spaCy and pattern mentions, by a hash of the text the extractor saw (with
  its line anchors), with the surnames of the article's full names and their near keys
  (recover.article_surnames);
- `recovered`: the mentions after the recovery pass, by the same hash, with the lookups
  it made (surnames, and near keys for names NER left untagged): valid while those keys
  are known, or unknown, as they were then; and the article's names (names.ArticleNames)
  apart, so a hook's check reads every article's names but decodes few articles' mentions.

Every row also carries a fingerprint of everything else the stages depend on: the
model and its version, copydesk's version, the titles, countries and ignored-lines
rules, the article size limit. Rows of another fingerprint, or unused for
`MAX_AGE_DAYS`, are pruned. WAL mode
and a busy timeout let two runs share the file; a file SQLite cannot read is moved
aside and rebuilt, with a warning, never a crash.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .casing import MODEL_TEXT_VERSION
from .ingest import file_identity
from .model import Anchor, Article, Mention, Role, Suppression
from .names import ArticleNames, CachedMentions
from .recover import article_surnames
from .rules import RuleSet

_T = TypeVar("_T")

CACHE_DIR = ".copydesk"
CACHE_FILE = "cache.sqlite"
# what a check of changed articles worked out of the archive's names, beside the cache (kept_names.py)
KEPT_NAMES_FILE = "names-index.msgpack"
# 20: a description run into a person's name is cut off ("Tallin midfielder Ove
# Saarmann": patterns.clean_person_span); 19: a capitalised word before a title read as a body's name up to half a Zipf step
# commoner than a known word ("Hornets coach"), a party's capitalised word before
# "leader" ("Conservative leader": extract); 18: a name the model tags a person just before a title and another name is a body's
# ("Lib Dem leader X"), a lower-case title head right after an organisation's name ("Home
# Office minister": extract); 16: recovery cuts a run of capitals where a sentence ends
# inside it; 15: titles in lower case after a country or body, a body's untagged name
# before a title (extract); 14: a recovered row's lookups and names in columns of their own; 13: near keys of surnames among an article's surnames
# (recover.near_keys); 12: unfamiliar names tagged places kept as names; 11: a name ends
# before a spaced dash; 10: letters after a name
# 21: an organisation stated as a neighbouring person's workplace marked (affiliation.mark)
# 22: given names NER tagged without the misspelt surname after them widened (recover)
# 23: a country's title held at another time ("former U.S. Treasury Secretary") kept as a
# role not current (Role.current) on the name's own mention
# 24: a person's name ends before a word that begins with a digit ("Ana Ruiz 6-3":
# patterns.clean_person_span); 25: a one-word place the article also tags as a person or a
# body, a word seen nowhere, relabelled so (recover); 26: a slip of a title the model ran
# into a person's name left out of it ("Speakor Ana Ruiz": extract); 27: a title held at
# another time kept with no country stated too ("incoming President", "ex-Home Secretary");
# 28: a title after "<Capitalised> of <place>" is that body's ("Bank of Japan Governor":
# extract._body_of_place); 29: a title's capitalised words stop at an "and" after a
# person's name ("Ana Ruiz and Economy Minister X": extract._generic_titles); 30: nor at a
# surname no common word before "and" ("Shirakawa and Finance Minister"), and a title "of"
# or "in" a place after it is that country's, or no country's ("finance minister in
# Bavaria": extract.Extractor._place_after); 31: a person's possessive before a
# government's title is no body ("Merkel's Finance Minister": extract); 32: a paragraph
# with no stop at its end (a headline, a caption) is given one in the text the model
# reads (patterns.unwrap); 33: a thing the model names that speaks, written as an
# unfamiliar name, is a person ("Chrsi Pryde, the bank's analyst, said": extract); 34:
# titles with an abbreviation match as the tokenizer reads them ("Oregon Gov. X":
# extract); 35: a word alone a letter from the surname of a person the article names in
# full is that person ("Whitfeld" over a story about Rosa Whitfield: recover); 36: a
# capitalised title that needs a body, given bare ("Speaker X", "Gov. X"), kept on the
# model's own mention of the name (extract; roles/claims.py says whose); 37: a
# nationality written as an unfamiliar name compared as a name, as a place was (extract);
# 38: a scraped caption's photo credits ("toggle caption Jane Doe/AP Jane Doe/AP ...",
# "Jane Doe/Getty Images"), its agency never a title's body nor a name's first word
# (patterns, extract, recover); "Jane Doe contributed to this report" and a transcript's
# "JANE DOE, BYLINE:" credits (patterns; the labels' casing: casing.MODEL_TEXT_VERSION 4);
# 39: 35's slip from four letters ("Vsos" over Harlan Voss: recover);
# 40: an unfamiliar name the model tags a place, after a title, is the titled person
# ("U.S. President Wendell Okafor": extract._name_after); 41: a full name's near
# spelling is looked up from four-letter surnames ("Harlan Vooss": recover.NEAR_MIN_LENGTH);
# 42: a run of capitals read past the end of a title (recover); 43: 42 undone (measured:
# two labels of train as HTML lost, none gained)
SCHEMA_VERSION = 43
MAX_AGE_DAYS = 90
USED_MARK_S = 86_400.0  # a row read is marked used again once this old (rows unused MAX_AGE_DAYS are pruned)
BUSY_TIMEOUT_S = 30.0
# (table, its key column, its other columns)
TABLES = {
    "ingested": ("path", "size INTEGER, mtime_ns INTEGER,"),
    "extracted": ("key", "surnames TEXT,"),
    "recovered": ("key", "asked TEXT, names TEXT,"),
}

Warn = Callable[[str], None]


def fingerprint(rules: RuleSet, model_identity: str) -> str:
    """Everything but the article that reading and extraction depend on."""
    parts = {
        "copydesk": __version__,
        "schema": SCHEMA_VERSION,
        "model": model_identity,
        "titles": [t.model_dump() for t in rules.titles],
        "countries": [c.model_dump() for c in rules.countries],
        "lines": [p.pattern for p in rules.boilerplate],
        "max_bytes": rules.settings.max_article_bytes,  # a cached article may be over a lowered limit
        "languages": [rules.settings.languages, rules.settings.language_confidence],  # ingest skips the others
        "model_text": MODEL_TEXT_VERSION,  # what the model reads of an article (casing.py)
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
        self._off = False  # set when the cache cannot be used this run

    # -- connection ---------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _ignore_in_git(self.path.parent)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            _switch_to_wal(db)
            for table, (key, columns) in TABLES.items():
                create = (
                    f"CREATE TABLE {table} ({key} TEXT NOT NULL, fingerprint TEXT NOT NULL, {columns}"
                    " data TEXT NOT NULL, used REAL NOT NULL,"
                    f" PRIMARY KEY ({key}, fingerprint))"
                )
                found = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
                if found is not None and found[0] != create:  # an older copydesk's table: its rows are of no use now
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                # another run may be making the same file: IF NOT EXISTS (SQLite keeps the statement without it)
                db.execute(create.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
                db.execute(f"SELECT count(*) FROM {table}").fetchone()  # a damaged file fails here
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _rebuild(self, exc: Exception) -> None:
        self.warn(f"{self.path}: cache unreadable ({exc}); rebuilding it")
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _guarded(self, action: Callable[[sqlite3.Connection], _T], fallback: _T) -> _T:
        """Run `action`. A damaged file is rebuilt once; anything else (a locked, read-only
        or unreachable cache) turns the cache off for this run, with a warning: the check
        goes on without it."""
        for attempt in (1, 2):
            if self._off:
                return fallback
            try:
                return action(self._connect())
            except sqlite3.OperationalError as exc:  # locked, busy, cannot open, read-only
                self._give_up(str(exc))
            except sqlite3.DatabaseError as exc:  # not a database, malformed
                if attempt == 2:
                    self._give_up(str(exc))
                    break
                try:
                    self._rebuild(exc)
                except OSError as err:
                    self._give_up(str(err))
            except OSError as exc:
                self._give_up(exc.strerror or str(exc))
        return fallback

    def _give_up(self, why: str) -> None:
        self.close()
        self._off = True
        self.warn(f"{self.path}: cache not usable ({why}); going on without it")

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    # -- reads and writes -----------------------------------------------------------------

    def ingested(self, paths: Sequence[str]) -> dict[str, Article]:
        """Articles read before, whose files have the same size and time since."""
        stats = _stats(paths)
        rows = self._get("ingested", {file_identity(p): [p] for p in stats}, "size, mtime_ns, data")
        out = {}
        for path, (size, mtime_ns, data) in rows.items():
            if (size, mtime_ns) == stats[path]:
                out[path] = _article_from(path, json.loads(data))
        return out

    def put_ingested(self, articles: Sequence[Article]) -> None:
        stats = _stats([a.path for a in articles])
        rows = [
            (file_identity(a.path), self.fingerprint, *stats[a.path], json.dumps(_article_to(a), ensure_ascii=False), time.time())
            for a in articles if a.path in stats
        ]
        self._put("ingested", rows)

    def extracted_surnames(self, articles: Sequence[Article]) -> dict[str, set[str]]:
        """For the articles whose extraction is cached: the surnames of their full names."""
        rows = self._get("extracted", _by_key(articles), "surnames")
        self.hits += len(rows)
        self.misses += len(articles) - len(rows)
        return {path: set(json.loads(surnames)) for path, (surnames,) in rows.items()}

    def extracted(self, articles: Sequence[Article]) -> dict[str, list[Mention]]:
        """Cached extraction results of the articles found in the cache, by path."""
        rows = self._get("extracted", _by_key(articles), "data")
        return {path: _mentions(path, json.loads(data)) for path, (data,) in rows.items()}

    def put_extracted(self, extracted: Mapping[str, list[Mention]], articles: Mapping[str, Article]) -> None:
        self._put("extracted", [
            (articles[p].digest, self.fingerprint, json.dumps(sorted(article_surnames(ms))), _encode(ms), time.time())
            for p, ms in extracted.items()
        ])

    def recovered_lazily(self, articles: Sequence[Article]) -> dict[str, tuple[dict[str, bool], CachedMentions]]:
        """Cached recovery results, with the lookups each made, by path: each article's
        names at once, its mentions decoded only when asked for."""
        rows = self._get("recovered", _by_key(articles), "asked, names, data")
        seen: dict[tuple[str, ...], tuple[str, ...]] = {}  # each name read once, shared by its articles
        return {
            path: (json.loads(asked), CachedMentions(ArticleNames.from_json(json.loads(names), seen), _decoder(path, data)))
            for path, (asked, names, data) in rows.items()
        }

    def put_recovered(
        self, recovered: Mapping[str, tuple[dict[str, bool], list[Mention]]], articles: Mapping[str, Article]
    ) -> None:
        self._put("recovered", [
            (articles[p].digest, self.fingerprint, json.dumps(asked, ensure_ascii=False),
             json.dumps(ArticleNames.of(ms).to_json(), ensure_ascii=False), _encode(ms), time.time())
            for p, (asked, ms) in recovered.items()
        ])

    def _get(self, table: str, paths_by_key: Mapping[str, list[str]], columns: str) -> dict[str, tuple[Any, ...]]:
        """`columns` of the rows of `table` whose key is wanted, by path (rows with a key
        several paths share go to each); touched rows are marked used."""
        key = TABLES[table][0]

        def read(db: sqlite3.Connection) -> dict[str, tuple[Any, ...]]:
            found: dict[str, tuple[Any, ...]] = {}
            wanted = list(paths_by_key)
            now = time.time()
            for i in range(0, len(wanted), 500):  # SQLite caps the number of parameters
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT {key}, {columns} FROM {table} WHERE fingerprint = ? AND {key} IN ({marks})",
                    [self.fingerprint, *chunk],
                ).fetchall()
                for k, *values in rows:
                    for path in paths_by_key[k]:
                        found[path] = tuple(values)
                if rows:  # marked again only when a day old: most runs then write nothing
                    db.execute(f"UPDATE {table} SET used = ? WHERE fingerprint = ? AND {key} IN ({marks}) AND used < ?",
                               [now, self.fingerprint, *chunk, now - USED_MARK_S])
            return found

        return self._guarded(read, {})

    def _put(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        def write(db: sqlite3.Connection) -> None:
            with db:  # one transaction
                db.execute("BEGIN IMMEDIATE")
                marks = ",".join("?" * len(rows[0]))
                db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)

        if rows:
            self._guarded(write, None)

    def prune(self) -> None:
        """Drop rows of other fingerprints and rows unused for MAX_AGE_DAYS."""
        cutoff = time.time() - MAX_AGE_DAYS * 86400

        def delete(db: sqlite3.Connection) -> None:
            for table in TABLES:
                db.execute(f"DELETE FROM {table} WHERE fingerprint != ? OR used < ?", (self.fingerprint, cutoff))

        self._guarded(delete, None)

    def stats(self) -> CacheStats:
        def count(db: sqlite3.Connection) -> tuple[int, int]:
            rows, prints = db.execute("SELECT count(*), count(DISTINCT fingerprint) FROM ingested").fetchone()
            return int(rows), int(prints)

        result = self._guarded(count, (0, 0))
        rows, prints = result
        size = sum(Path(f"{self.path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{self.path}{s}").exists())
        return CacheStats(self.path, rows, prints, size)

    @property
    def kept_names_file(self) -> Path:
        return self.path.with_name(KEPT_NAMES_FILE)

    def clear(self) -> None:
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.kept_names_file.unlink(missing_ok=True)


def _ignore_in_git(folder: Path) -> None:
    """The cache folder keeps itself out of commits."""
    marker = folder / ".gitignore"
    if not marker.exists():
        with contextlib.suppress(OSError):  # a read-only folder: the cache works all the same
            marker.write_text("# copydesk's cache: not for committing\n*\n", encoding="utf-8")


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """WAL mode lets readers and a writer share the file. Switching a new file to it
    does not wait for the busy timeout when another process is creating the same file
    at that moment: try again a little later."""
    for attempt in range(50):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.02 * (1 + attempt % 5))


def _stats(paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    out = {}
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            continue
        out[p] = (st.st_size, st.st_mtime_ns)
    return out


def _by_key(articles: Iterable[Article]) -> dict[str, list[str]]:
    """Paths by article key: articles with identical text share a row."""
    out: dict[str, list[str]] = {}
    for a in articles:
        out.setdefault(a.digest, []).append(a.path)
    return out


def _article_to(a: Article) -> dict[str, Any]:
    return {
        "text": a.text, "date": a.date.isoformat() if a.date else None, "title": a.title, "byline": list(a.byline),
        "anchors": [[x.offset, x.line, x.column] for x in a.anchors] if a.anchors is not None else None,
        "suppressions": [[sorted(s.rules), s.first, s.last] for s in a.suppressions],
        # a warning names the file as this run gave it: kept without that name
        "warnings": [w[len(a.path):] if w.startswith(a.path + ":") else w for w in a.warnings],
    }


def _article_from(path: str, d: dict[str, Any]) -> Article:
    return Article(
        path=path, text=d["text"], date=dt.date.fromisoformat(d["date"]) if d["date"] else None, title=d["title"],
        byline=tuple(d["byline"]), anchors=tuple(Anchor(*x) for x in d["anchors"]) if d["anchors"] is not None else None,
        suppressions=tuple(Suppression(frozenset(r), first, last) for r, first, last in d["suppressions"]),
        warnings=tuple(path + w if w.startswith(":") else w for w in d["warnings"]),
    )


MENTION_FIELDS = ("start", "end", "line", "column", "text", "label", "source", "role")


def _rows(mentions: Sequence[Mention]) -> list[list[Any]]:
    """Mentions as columns, one list per field: decoding them makes eight lists per
    article, not a list per mention (millions, over an archive)."""
    return [
        [getattr(m, f) for m in mentions] if f != "role" else
        [[m.role.title, m.role.qualifier, m.role.text, m.role.start, m.role.current] if m.role else None for m in mentions]
        for f in MENTION_FIELDS
    ]


def _encode(mentions: Sequence[Mention]) -> str:
    return json.dumps(_rows(mentions), ensure_ascii=False)


def _decoder(path: str, data: str) -> Callable[[], list[Mention]]:
    return lambda: _mentions(path, json.loads(data))


def _mentions(path: str, columns: list[list[Any]]) -> list[Mention]:
    return [
        Mention(path, start, end, line, column, text, label, source, Role(*role) if role else None)
        for start, end, line, column, text, label, source, role in zip(*columns, strict=True)
    ]


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE
