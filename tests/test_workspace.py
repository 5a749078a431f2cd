"""The workspace: repository, rules folder, cache file and baseline top, worked out once."""
from __future__ import annotations

from pathlib import Path

from copydesk.suppress import baseline_path
from copydesk.workspace import workspace


def test_workspace_of_a_path_in_a_repository(tmp_path: Path) -> None:
    repo = tmp_path / "news"
    (repo / ".git").mkdir(parents=True)
    (repo / "rules").mkdir()
    (repo / "articles").mkdir()
    where = workspace(["articles/a.txt"], cwd=repo)
    assert where.root == repo.resolve()
    assert where.rules_dir == repo.resolve() / "rules"
    assert where.cache_file == repo.resolve() / ".copydesk" / "cache.sqlite"


def test_workspace_outside_a_repository_is_the_current_folder(tmp_path: Path) -> None:
    where = workspace([], cwd=tmp_path)
    assert where.root is None and where.rules_dir is None
    assert where.top == tmp_path


def test_baseline_paths_agree_however_the_file_is_written(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "news"
    (repo / ".git").mkdir(parents=True)
    (repo / "articles").mkdir()
    monkeypatch.chdir(repo / "articles")
    top = workspace(["a.txt"]).top
    assert baseline_path("a.txt", top) == baseline_path(str(repo / "articles" / "a.txt"), top) == "articles/a.txt"
