"""What a check of changed articles works out of the archive's names, kept for the next.

A hook's fresh process weighs and indexes the names of every article of the archive
(pipeline.PreparedNames): each name's keys, its places in the scope's index, each
article's company and name parts. Worked out anew, that is most of its own work (about
0.8 s of 2,000 articles' 12,800 names), to end up as the last run did but for the one
article changed. So the last run's is kept in the workspace beside the cache (msgpack:
plain values, nothing a file could make run), and read back with the articles whose names
differ taken out and their names put in (ScopeIndex.replaced, as the server updates its
index): the same scope as one built anew.

The file is only ever a shortcut: made by another copydesk, other rules, another word
table or a damaged file, it is not used (and made again); so is one that more than
REBUILD_SHARE of the archive's articles differ from.
"""
from __future__ import annotations

import gc
import hashlib
import json
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import msgpack

from . import blocking, forms, normalize, resolve, scope, slips, spellings
from .evidence import CompanyWeights
from .names import ArticleNames
from .rules import NameVariantSettings
from .scope import Neighbours, Places, ScopeIndex, loosest
from .word_frequency import keep

FORMAT = 1  # the file's layout

# More articles than this share of the archive changed since the file was kept: built anew
# (and kept), since each name added since is compared on every question (scope.MAX_ADDED_NAMES)
REBUILD_SHARE = 0.05
# A run that worked out more articles' names than this anew keeps its own for the next
KEEP_AFTER = 20


@dataclass(frozen=True)
class WorkedOut:
    """What one article's names give the archive's weights: its company
    (spellings.company_of), its name parts (resolve.name_parts), the full names it
    calls people by (resolve.full_names_of); and a hash of the names (names_digest)."""

    company: frozenset[str]
    parts: frozenset[str]
    people: frozenset[str]
    digest: str

    @classmethod
    def of(cls, held: ArticleNames) -> WorkedOut:
        return cls(spellings.company_of(held.names), resolve.name_parts(held), resolve.full_names_of(held.names), names_digest(held))


@dataclass(frozen=True)
class CompanyGuess:
    """The company weights of the archive whose articles' names have these `digests`:
    worked out while the model reads the changed articles, for the archive as it is
    should their names be those of the last run (an edit that left them so)."""

    digests: dict[str, str]
    weights: CompanyWeights


@dataclass(frozen=True)
class ArchiveNames:
    """Each article's names worked out for the archive's weights and scope, with the
    index of all of their keys."""

    index: ScopeIndex
    articles: dict[str, WorkedOut]
    worked_out: int  # articles whose names were worked out anew, not read from a kept file
    guess: CompanyGuess | None = None

    @property
    def company(self) -> dict[str, frozenset[str]]:
        return {p: w.company for p, w in self.articles.items()}

    @property
    def support(self) -> Counter[str]:
        """In how many articles each name part is (resolve.token_support)."""
        support: Counter[str] = Counter()
        for worked in self.articles.values():
            support.update(worked.parts)
        return support

    def company_weights(self) -> CompanyWeights:
        """resolve.archive_company of these articles' names: the guess, when they are its."""
        if self.guess is not None and self.guess.digests == {p: w.digest for p, w in self.articles.items()}:
            return self.guess.weights
        return _company_weights(self.articles)

    def replaced(self, gone: Collection[str], new: Mapping[str, ArticleNames], settings: NameVariantSettings) -> ArchiveNames:
        """These less the articles `gone`, with the articles' `new` names (one may be
        both: its names changed); these are left as they were."""
        articles = {p: w for p, w in self.articles.items() if p not in gone}
        articles.update((p, WorkedOut.of(held)) for p, held in new.items())
        index = self.index.replaced(gone, new, settings)
        return ArchiveNames(index, articles, self.worked_out + len(set(gone) | new.keys()), self.guess)


def archive_names(names: Mapping[str, ArticleNames], settings: NameVariantSettings, kept: Path | None, stamp: str) -> ArchiveNames:
    """The archive's names worked out: from the file `kept` (made with `stamp`) where it
    holds an article's names as they are, anew for the rest."""
    loaded = _read(kept, _header(stamp, settings), settings) if kept is not None else None
    if loaded is not None:
        digests = {path: names_digest(held) for path, held in names.items()}
        gone = {p for p, w in loaded.articles.items() if digests.get(p) != w.digest}
        new = {p: held for p, held in names.items() if p not in loaded.articles or loaded.articles[p].digest != digests[p]}
        if len(gone | new.keys()) <= REBUILD_SHARE * max(len(names), 1):
            return _read_ahead(loaded.replaced(gone, new, settings), loaded, gone - names.keys(), settings)
    articles = {p: WorkedOut.of(held) for p, held in names.items()}
    return ArchiveNames(ScopeIndex.build(names, settings), articles, len(names))


def _read_ahead(made: ArchiveNames, loaded: ArchiveNames, out_of_names: set[str], settings: NameVariantSettings) -> ArchiveNames:
    """`made`, with what the check will ask of it worked out ahead. An article the last
    run held that is not among the names is most often one the model reads now, edited:
    its old names' variants serve its scope's chain, and the company weights of the
    archive with its old names are those of the archive, should the edit leave them."""
    if not out_of_names:
        return made
    read_now = {key for key, held in loaded.index.articles_of.items() if not held.isdisjoint(out_of_names)}
    scope.work_out_chain(made.index, read_now, settings)
    as_before = made.articles | {p: loaded.articles[p] for p in out_of_names}
    guess = CompanyGuess({p: w.digest for p, w in as_before.items()}, _company_weights(as_before))
    return ArchiveNames(made.index, made.articles, made.worked_out, guess)


def _company_weights(articles: Mapping[str, WorkedOut]) -> CompanyWeights:
    return resolve.company_weights({p: w.people for p, w in articles.items()}, {p: w.company for p, w in articles.items()})


def worth_keeping(made: ArchiveNames) -> bool:
    """Whether `made` should be kept for the next run: more than KEEP_AFTER articles were
    worked out anew (all of them, when no file was kept)."""
    return made.worked_out > KEEP_AFTER


def keep_archive_names(path: Path, made: ArchiveNames, stamp: str, settings: NameVariantSettings) -> None:
    """`made` written to `path` whole or not at all, for the next run."""
    index = made.index
    keys = list(index.articles_of)
    number = {key: i for i, key in enumerate(keys)}
    paths = list(made.articles)
    place_of = {p: i for i, p in enumerate(paths)}
    body = [
        _header(stamp, settings),
        paths,
        [(w.digest, sorted(w.company), sorted(w.parts), sorted(w.people)) for w in made.articles.values()],
        [key.tokens for key in keys],
        [sorted(place_of[p] for p in index.articles_of[key]) for key in keys],
        # a name taken out since it was placed may still be in the places: left out
        {place: [number[k] for k in held if k in number] for place, held in index.places.shared.items()},
        {surname: [number[k] for k in held if k in number] for surname, held in index.places.surnames.items()},
        index.places.by_deletion,
    ]
    keep(path, msgpack.packb(body, use_bin_type=True))


def names_digest(held: ArticleNames) -> str:
    """A hash of an article's names, the same in every process."""
    return hashlib.blake2b(json.dumps(held.to_json(), ensure_ascii=False).encode(), digest_size=12).hexdigest()


def _read(path: Path, header: str, settings: NameVariantSettings) -> ArchiveNames | None:
    """The file's names; None when it is missing, damaged, or made with another header."""
    collecting = gc.isenabled()
    gc.disable()  # some 200,000 containers, none in a cycle: a collection midway only scans the heap
    try:
        body = msgpack.unpackb(path.read_bytes(), raw=False, use_list=False, strict_map_key=False)
        if not isinstance(body, tuple) or len(body) != 8 or body[0] != header:
            return None
        return _loaded(settings, *body[1:])
    except (OSError, ValueError, TypeError, IndexError, msgpack.UnpackException):
        return None
    finally:
        if collecting:
            gc.enable()


def _loaded(
    settings: NameVariantSettings, paths: Sequence[str], articles: Sequence[tuple[str, Sequence[str], Sequence[str], Sequence[str]]],
    keys: Sequence[tuple[str, ...]], holders: Sequence[Sequence[int]], shared: dict[Any, Sequence[int]],
    surnames: dict[str, Sequence[int]], by_deletion: dict[str, Sequence[str]],
) -> ArchiveNames:
    names = [normalize.NameKey(tuple(tokens)) for tokens in keys]
    articles_of = {key: {paths[i] for i in held} for key, held in zip(names, holders, strict=True)}
    places = Places(
        {place: [names[i] for i in held] for place, held in shared.items()},
        {surname: [names[i] for i in held] for surname, held in surnames.items()},
        by_deletion,  # read as a map: its surnames in tuples, which Places only reads and joins
    )
    # as ScopeIndex.build makes it: each name's variants worked out when first asked
    index = ScopeIndex(articles_of, places, Neighbours(articles_of, places, loosest(settings)))
    worked = {
        p: WorkedOut(frozenset(company), frozenset(parts), frozenset(people), digest)
        for p, (digest, company, parts, people) in zip(paths, articles, strict=True)
    }
    return ArchiveNames(index, worked, 0)


def _header(stamp: str, settings: NameVariantSettings) -> str:
    """What the kept names depend on besides the articles: copydesk's own code that works
    them out, the libraries it asks, the word table, and the rules (`stamp`: the cache's
    fingerprint) and name settings."""
    code = hashlib.sha256()
    for module in (normalize, spellings, blocking, forms, slips, resolve, scope):
        code.update(Path(module.__file__ or "").read_bytes())
    libraries = [_version(p) for p in ("jellyfish", "anyascii", "rapidfuzz", "wordfreq")]
    return json.dumps([FORMAT, stamp, code.hexdigest()[:16], libraries, sorted(settings.labels)])


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


