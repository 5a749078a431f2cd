"""The check's per-article stages on a Dask cluster (`copydesk check --scheduler ADDRESS|local`).

What runs where, as Dask bags partitioned like the sorted file list:

- the client (where copydesk was started) finds the article files and cuts the sorted
  list into partitions;
- each worker reads its partitions' articles and extracts their mentions with a model
  it loads once, the first time it needs it (kept in the worker process: the model is
  never shipped as a task argument); the rules travel once to every worker;
- the surnames every article knows are folded into one set on the cluster, sent back to
  the workers, and each worker runs the recovery pass over its partitions;
- the grouping too: each partition's mentions are gathered into spellings on its
  worker and the spellings of one name are folded together across partitions (a bag
  `foldby`), with the names each article keeps company with;
- the client gathers articles, mentions and spellings in the order of the file list and
  runs the rest of resolve (comparing spellings within blocks, anchoring variants on
  the best supported spelling, sequential by design) and the checks.

Workers must see the article files under the same paths as the client (a shared file
system). The result is the same report as a run in one process.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .extract import Extractor
from .ingest import ArticleError, read_checked
from .model import Article, Mention, failure
from .nlp import load_model
from .patterns import TitleLexicon
from .recover import article_surnames, recover
from .rules import RuleSet
from .spellings import Spelling, collect_spellings, company_names, merge_spellings

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

PARTITION_SIZE = 64  # articles at most: one spaCy batch
PARTITIONS_PER_WORKER = 4  # at least, when there are enough articles: an uneven split costs less
LOCAL = "local"

# the model of each worker process, loaded by its first partition
_WORKER_MODELS: dict[str, Language] = {}


class ClusterError(Exception):
    """The scheduler cannot be reached or Dask is not installed; the message is one line."""


@dataclass
class Cluster:
    client: Client
    model: str  # the spaCy model each worker loads

    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def close(self) -> None:
        cluster = getattr(self.client, "cluster", None)
        self.client.close()
        if cluster is not None:
            cluster.close()


def connect(scheduler: str, model: str, workers: int = 2) -> Cluster:
    """A client of the scheduler at `scheduler`, or of a local cluster of `workers`
    processes for "local"."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'copydesk[dask]'") from None
    try:
        if scheduler == LOCAL:
            local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            return Cluster(Client(local), model)
        return Cluster(Client(scheduler, timeout="20s"), model)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None


@dataclass
class Extracted:
    """One article and its mentions, with its place in the file list (the order of a run
    in one process)."""

    index: int
    article: Article
    mentions: list[Mention]


@dataclass
class ClusterResult:
    articles: dict[str, Article]
    mentions: dict[str, list[Mention]]  # after the recovery pass
    spellings: dict[str, Spelling]  # in the order a run in one process collects them
    context: dict[str, frozenset[str]]  # resolve's company names, by article
    problems: list[str]  # one line per unreadable article


def check_inputs_on_cluster(
    files: Sequence[str], rules: RuleSet, cluster: Cluster, progress: Callable[[int, int], None] | None = None
) -> ClusterResult:
    """Read, extract, recover and group the articles of `files` on the cluster;
    `progress(done, total)` hears of the articles extracted, a partition at a time."""
    import dask
    import dask.bag as db

    if not files:
        return ClusterResult({}, {}, {}, {}, [])
    shared_rules = dask.delayed(rules, pure=False)  # one task: sent once to each worker
    size = partition_size(len(files), cluster.workers())
    numbered = db.from_sequence(list(enumerate(files)), partition_size=size)
    read = numbered.map_partitions(extract_partition, shared_rules, cluster.model).persist()
    if progress:
        _follow(read, size, len(files), progress)
    extracted = read.filter(_is_extracted)
    known = extracted.map(_surnames).fold(frozenset.union, initial=frozenset())
    after_recovery = extracted.map_partitions(recover_partition, known, shared_rules).persist()
    recovered = after_recovery.filter(_is_extracted)
    grouped = recovered.map_partitions(partition_spellings, rules.settings.name_variant.labels).foldby(
        _spelling_key, _appended, [], _concatenated, []
    )
    context = recovered.map(_company)
    problems = db.concat([read.filter(_is_problem), after_recovery.filter(_is_problem)])
    done, groups, companies, unreadable = dask.compute(recovered, grouped, context, problems)
    return ClusterResult(
        articles={e.article.path: e.article for e in done},
        mentions={e.article.path: e.mentions for e in done},
        spellings=_merged(groups),
        context=dict(companies),
        problems=list(unreadable),
    )


def _follow(persisted: Any, size: int, total: int, progress: Callable[[int, int], None]) -> None:
    """Waits for a persisted bag's partitions, telling `progress` as each one lands."""
    from distributed import as_completed, futures_of

    for done, _ in enumerate(as_completed(futures_of(persisted)), start=1):
        progress(min(done * size, total), total)


# -- what the workers run ---------------------------------------------------------------


def extract_partition(numbered: Iterable[tuple[int, str]], rules: RuleSet, model: str) -> list[Extracted | str]:
    """Read and extract one partition: its articles, and a line for each unreadable one."""
    out: list[Extracted | str] = []
    articles: list[tuple[int, Article]] = []
    for index, path in numbered:
        try:
            articles.append((index, read_checked(path, rules)))
        except ArticleError as exc:
            out.append(str(exc))
    if model not in _WORKER_MODELS:
        _WORKER_MODELS[model] = load_model(model)
    extractor = Extractor(_WORKER_MODELS[model], rules)
    found = extractor.extract([a for _, a in articles])
    out.extend(Extracted(i, a, ms) for (i, a), ms in zip(articles, found, strict=True) if ms is not None)
    return [*out, *extractor.problems]


def recover_partition(part: Iterable[Extracted], known: frozenset[str], rules: RuleSet) -> list[Extracted | str]:
    """The recovery pass over one partition; a line for an article it fails on."""
    lexicon = TitleLexicon.from_rules(rules)
    out: list[Extracted | str] = []
    for e in part:
        try:
            out.append(Extracted(e.index, e.article, recover(e.article, e.mentions, known, lexicon)))
        except Exception as exc:  # noqa: BLE001 - an article the pass fails on is skipped and said, the others go on
            out.append(failure(e.article.path, "the recovery pass failed", exc))
    return out


def partition_spellings(part: Iterable[Extracted], labels: Sequence[str]) -> list[tuple[tuple[int, int], Spelling]]:
    """The partition's spellings, each with where a run in one process meets it first:
    (the partition's first article, its place among the partition's spellings)."""
    part = list(part)
    if not part:
        return []
    spellings = collect_spellings({e.article.path: e.mentions for e in part}, labels)
    return [((part[0].index, i), sp) for i, sp in enumerate(spellings.values())]


def _is_extracted(item: Extracted | str) -> bool:
    return isinstance(item, Extracted)


def _is_problem(item: Extracted | str) -> bool:
    return isinstance(item, str)


def _surnames(e: Extracted) -> frozenset[str]:
    return frozenset(article_surnames(e.mentions))


def _company(e: Extracted) -> tuple[str, frozenset[str]]:
    return e.article.path, company_names(e.mentions)


def _spelling_key(item: tuple[tuple[int, int], Spelling]) -> str:
    return item[1].key.key


_Keyed = tuple[tuple[int, int], Spelling]


def _appended(parts: list[_Keyed], item: _Keyed) -> list[_Keyed]:
    return [*parts, item]


def _concatenated(a: list[_Keyed], b: list[_Keyed]) -> list[_Keyed]:
    return a + b


# -- back on the client ----------------------------------------------------------------


def _merged(groups: Iterable[tuple[str, list[tuple[tuple[int, int], Spelling]]]]) -> dict[str, Spelling]:
    """Each name's parts merged in file order, the names in the order they first occur."""
    ordered = [sorted(parts, key=lambda p: p[0]) for _, parts in groups]
    ordered.sort(key=lambda parts: parts[0][0])
    return {parts[0][1].key.key: merge_spellings(sp for _, sp in parts) for parts in ordered}


def partition_size(articles: int, workers: int) -> int:
    """Articles per partition: at most a spaCy batch, and small enough to give every
    worker several partitions (two workers sharing seven partitions wait on the one with four)."""
    return max(1, min(PARTITION_SIZE, -(-articles // (PARTITIONS_PER_WORKER * max(workers, 1)))))


def describe(cluster: Cluster) -> str:
    info: dict[str, Any] = cluster.client.scheduler_info()
    return f"{cluster.workers()} Dask worker(s) at {info.get('address', '?')}"
