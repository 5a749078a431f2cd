"""Ingest and extraction on a Dask cluster (`copydesk check --scheduler ADDRESS|local`).

What runs where:

- the client (where copydesk was started) finds the article files and cuts the sorted
  list into partitions;
- each worker reads its partition's articles and extracts their mentions with a model
  it loads once, the first time it needs it (kept in the worker process: the model is
  never shipped as a task argument); the rules travel once to every worker;
- the client gathers articles and mentions, in the order of the file list, and runs
  the recovery pass, resolve and the checks, which need the whole corpus.

Workers must see the article files under the same paths as the client (a shared file
system). The result is the same report as a run in one process.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from .extract import Extractor
from .ingest import ArticleError, read_article
from .model import Article, Mention
from .nlp import load_model
from .rules import RuleSet

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

PARTITION_SIZE = 64
LOCAL = "local"

# the model of each worker process, loaded by its first partition
_WORKER_MODELS: dict[str, "Language"] = {}


class ClusterError(Exception):
    """The scheduler cannot be reached or Dask is not installed; the message is one line."""


@dataclass
class Cluster:
    client: "Client"
    model: str  # the spaCy model each worker loads

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


def extract_on_cluster(
    files: Sequence[str], rules: RuleSet, cluster: Cluster
) -> tuple[dict[str, Article], dict[str, list[Mention]], list[str]]:
    """Articles, their extracted mentions and the problems of unreadable ones, read and
    extracted partition by partition on the workers, in the order of `files`."""
    partitions = [list(files[i : i + PARTITION_SIZE]) for i in range(0, len(files), PARTITION_SIZE)]
    if not partitions:
        return {}, {}, []
    [shared_rules] = cluster.client.scatter([rules], broadcast=True)
    futures = cluster.client.map(extract_partition, partitions, rules=shared_rules, model=cluster.model, pure=False)
    articles: dict[str, Article] = {}
    mentions: dict[str, list[Mention]] = {}
    problems: list[str] = []
    for part_articles, part_mentions, part_problems in cluster.client.gather(futures):
        articles.update((a.path, a) for a in part_articles)
        mentions.update(part_mentions)
        problems += part_problems
    return articles, mentions, problems


def extract_partition(
    paths: list[str], rules: RuleSet, model: str
) -> tuple[list[Article], dict[str, list[Mention]], list[str]]:
    """Runs on a worker: read and extract one partition."""
    articles: list[Article] = []
    problems: list[str] = []
    for path in paths:
        try:
            articles.append(read_article(path, rules.boilerplate, rules.settings.max_article_bytes))
        except ArticleError as exc:
            problems.append(str(exc))
    if model not in _WORKER_MODELS:
        _WORKER_MODELS[model] = load_model(model)
    extractor = Extractor(_WORKER_MODELS[model], rules)
    return articles, {a.path: ms for a, ms in zip(articles, extractor.extract(articles))}, problems


def describe(cluster: Cluster) -> str:
    info: dict[str, Any] = cluster.client.scheduler_info()
    return f"{len(info.get('workers', {}))} Dask worker(s) at {info.get('address', '?')}"
