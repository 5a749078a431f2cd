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
