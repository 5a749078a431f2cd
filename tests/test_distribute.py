"""The Dask backend: ingest and extraction on a real local cluster (distributed's
LocalCluster, worker processes), the same report as a run in one process."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTICLES, write
from copydesk import cli

pytest.importorskip("distributed", reason="the Dask backend needs dask[distributed] (pip install 'copydesk[dask]')")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str) -> int:
    return cli.main(["check", *args, "-q", "--no-cache"])


@pytest.fixture(scope="module")
def scheduler() -> str:
    """One local cluster for the module: two worker processes, each loading the model once."""
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster.scheduler_address
    cluster.close()


def test_cluster_report_is_the_in_process_report(tmp_path: Path, scheduler: str) -> None:
    assert run(str(EXAMPLES), "-o", str(tmp_path / "local.csv")) == 1
    assert run(str(EXAMPLES), "-o", str(tmp_path / "dask.csv"), "--scheduler", scheduler) == 1
    local = (tmp_path / "local.csv").read_text(encoding="utf-8")
    assert local.count("\n") == 9  # the header and the examples' 8 findings: the comparison is not of two empty reports
    assert (tmp_path / "dask.csv").read_text(encoding="utf-8") == local


def test_partitions_keep_the_file_order_and_skip_a_bad_article(
    tmp_path: Path, scheduler: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from copydesk import distribute

    monkeypatch.setattr(distribute, "PARTITION_SIZE", 2)  # several partitions from a few files
    corpus = tmp_path / "corpus"
    for f in sorted((ARTICLES / "misspelt-in-one-article").glob("*")):
        write(corpus, f.name, f.read_text(encoding="utf-8"))
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    assert run(str(corpus), "-o", str(tmp_path / "local.csv")) == run(str(corpus), "-o", str(tmp_path / "dask.csv"), "--scheduler", scheduler)
    err = capsys.readouterr().err
    assert err.count("broken.txt") == 2  # reported by both runs, one line each, and the others still checked
    assert (tmp_path / "dask.csv").read_text(encoding="utf-8") == (tmp_path / "local.csv").read_text(encoding="utf-8")


def test_spellings_grouped_on_the_workers_are_the_ones_collected_in_process(
    scheduler: str, default_rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partitions of two articles: names spread over several partitions are folded
    together in file order, as one process collects them (their order decides ties)."""
    from distributed import Client

    from copydesk import distribute
    from copydesk.ingest import discover
    from copydesk.pipeline import extract_all, read_articles
    from copydesk.spellings import article_context, collect_spellings

    monkeypatch.setattr(distribute, "PARTITION_SIZE", 2)
    files, _ = discover([str(EXAMPLES)], excludes=default_rules.ignore_paths)
    with Client(scheduler) as client:
        on_cluster = distribute.check_inputs_on_cluster(files, default_rules, distribute.Cluster(client, default_rules.settings.model))
    articles, _ = read_articles([str(EXAMPLES)], default_rules)
    mentions = extract_all(articles, default_rules, lambda: pytest.importorskip("copydesk.nlp").load_model(default_rules.settings.model))
    expected = collect_spellings(mentions, default_rules.settings.name_variant.labels)
    assert len(files) > 2 * distribute.PARTITION_SIZE and len(expected) > 20
    assert list(on_cluster.spellings) == list(expected)
    assert [(s.label, s.mentions) for s in on_cluster.spellings.values()] == [(s.label, s.mentions) for s in expected.values()]
    assert on_cluster.mentions == mentions
    assert on_cluster.context == article_context(mentions)
    assert any(len(s.articles) > 2 for s in expected.values())  # some name does span partitions


@pytest.mark.parametrize(
    ("articles", "workers", "size"),
    [(401, 2, 51), (100_000, 8, 64), (5, 2, 1), (0, 2, 1), (10, 0, 3)],
)
def test_partitions_give_each_worker_several_and_never_exceed_a_batch(articles: int, workers: int, size: int) -> None:
    from copydesk.distribute import PARTITION_SIZE, partition_size

    assert partition_size(articles, workers) == size <= PARTITION_SIZE


def test_the_cluster_reports_progress_a_partition_at_a_time(scheduler: str, default_rules, monkeypatch: pytest.MonkeyPatch) -> None:
    from distributed import Client

    from copydesk import distribute
    from copydesk.ingest import discover

    files, _ = discover([str(EXAMPLES)], excludes=default_rules.ignore_paths)
    heard: list[tuple[int, int]] = []
    with Client(scheduler) as client:
        distribute.check_inputs_on_cluster(
            files, default_rules, distribute.Cluster(client, default_rules.settings.model), lambda d, t: heard.append((d, t))
        )
    size = distribute.partition_size(len(files), 2)
    assert len(heard) == -(-len(files) // size) >= 3  # a call per partition
    assert [d for d, _ in heard] == sorted(d for d, _ in heard) and heard[-1] == (len(files), len(files))
