"""The hook's command line: `copydesk check --changed FILE`, `copydesk check --staged` in a
git repository, `copydesk cache stats|clear`, the hook manifest, and the real pre-commit
framework running the hook on `git commit`.

Command-line tests call `copydesk.cli.main` in-process with the session's model (as
test_cli.py does); the pre-commit tests run the venv's `pre-commit` as a subprocess,
installed into test repositories with `pre-commit install` and run by `git commit`
(copydesk is installed into a fresh environment once per module: about 35 s).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from conftest import ARTICLES, write
from copydesk import cli, nlp as nlp_module

PROJECT = Path(__file__).parents[1]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

# The three misspellings of "Marta Kowalczyk" in dockers-4.txt, as the hook prints them.
DOCKERS_4_LINES = [
    re.compile(r"^(\./)?articles/dockers-4\.txt:3:1: error \[name-variant\] 'Marta Kowalczik' "),
    re.compile(r"^(\./)?articles/dockers-4\.txt:4:38: error \[name-variant\] 'Kowalczik' "),
    re.compile(r"^(\./)?articles/dockers-4\.txt:5:1: error \[name-variant\] 'Kowalczik' "),
]
CONSISTENT = (
    "Union meets ferry firm\n\n"
    "Marta Kowalczyk, head of the Baltic Dockers Union, met Northline Ferries on Thursday.\n"
    "Tomasz Nowak said the port would stay open. Kowalczyk said members would vote next week.\n"
)


@pytest.fixture(autouse=True)
def session_model(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI gets the already loaded model."""
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)


@pytest.fixture(autouse=True)
def no_outer_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run from inside a git hook must not point their git calls at the outer repository."""
    for name in [n for n in os.environ if n.startswith("GIT_")]:
        monkeypatch.delenv(name)


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def new_repo(root: Path) -> Path:
    """A git repository with a local identity, its articles/ holding an archive already
    committed: three stories spelling "Marta Kowalczyk" right, and four on ministers
    with a role conflict (gil.md) that no staged article below has anything to do with."""
    root.mkdir(parents=True)
    git(root, "init", "-q")
    git(root, "config", "user.name", "Copydesk Tests")
    git(root, "config", "user.email", "tests@example.invalid")
    git(root, "config", "commit.gpgsign", "false")
    for name in ("dockers-1.txt", "dockers-2.txt", "dockers-3.txt"):
        write(root / "articles", name, (ARTICLES / "misspelt-in-one-article" / name).read_text(encoding="utf-8"))
    shutil.copytree(ARTICLES / "role-same-week", root / "articles" / "ministers")
    git(root, "add", "articles")
    git(root, "commit", "-q", "-m", "archive")
    return root


def stage(repo: Path, name: str, text: str) -> Path:
    path = write(repo / "articles", name, text)
    git(repo, "add", str(path.relative_to(repo)))
    return path


def misspelt() -> str:
    return (ARTICLES / "misspelt-in-one-article" / "dockers-4.txt").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = new_repo(tmp_path / "newsroom")
    monkeypatch.chdir(root)
    return root


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def finding_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if re.match(r"^.+?:\d+:\d+: (error|warning) \[", line)]


def matches(lines: list[str], patterns: list[re.Pattern[str]]) -> bool:
    return len(lines) == len(patterns) and all(p.match(line) for p, line in zip(patterns, sorted(lines, key=_line_order), strict=True))


def _line_order(line: str) -> tuple[int, int]:
    _, number, column, _ = line.split(":", 3)
    return int(number), int(column)


# -- --changed ------------------------------------------------------------------------------------


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No git: articles/dockers with dockers-4 misspelling a name, articles/ministers with
    a role conflict in gil.md, and an unrelated story."""
    shutil.copytree(ARTICLES / "misspelt-in-one-article", tmp_path / "articles" / "dockers")
    shutil.copytree(ARTICLES / "role-same-week", tmp_path / "articles" / "ministers")
    write(tmp_path / "articles", "bakery.txt", "Bakery wins prize\n\nJonas Petteri, who opened the shop in Wexley, said the recipe was old.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_changed_prints_findings_in_the_changed_file_only(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, "articles", "--changed", "articles/dockers/dockers-4.txt", "-o", "r.csv")
    lines = finding_lines(out)
    assert code == 1
    assert len(lines) == 3 and all(line.startswith("articles/dockers/dockers-4.txt:") for line in lines)
    assert "gil.md" not in out  # the role conflict involves other files


def test_changed_right_spelling_reports_the_misspelling_elsewhere(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # dockers-1 spells the name right; the findings on dockers-4 rest on it
    code, out, _ = check(capsys, "articles", "--changed", "articles/dockers/dockers-1.txt", "-o", "r.csv")
    assert code == 1
    assert {line.split(":")[0] for line in finding_lines(out)} == {"articles/dockers/dockers-4.txt"}
    assert "gil.md" not in out


def test_changed_role_conflict_is_reported_and_the_misspelling_is_not(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, "articles", "--changed", "articles/ministers/gil.md", "-o", "r.csv")
    lines = finding_lines(out)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("articles/ministers/gil.md:6:18: error [role-conflict] ")
    assert "dockers" not in "\n".join(lines)


def test_changed_unrelated_article_exits_0(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, "articles", "--changed", "articles/bakery.txt", "-o", "r.csv")
    assert code == 0
    assert finding_lines(out) == []
    assert (desk / "r.csv").read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_changed_file_outside_the_paths_joins_the_corpus(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.move(desk / "articles" / "dockers" / "dockers-4.txt", desk / "draft.txt")
    code, out, _ = check(capsys, "articles", "--changed", "draft.txt", "-o", "r.csv")
    assert code == 1
    assert {line.split(":")[0] for line in finding_lines(out)} == {"draft.txt"}


def test_changed_twice_reports_both(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(
        capsys, "articles", "--changed", "articles/dockers/dockers-4.txt", "--changed", "articles/ministers/gil.md", "-o", "r.csv"
    )
    assert code == 1
    assert {line.split(":")[0] for line in finding_lines(out)} == {"articles/dockers/dockers-4.txt", "articles/ministers/gil.md"}


# -- --staged --------------------------------------------------------------------------------------


def test_staged_inconsistent_article_fails_and_prints_each_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    code, out, err = check(capsys, "--staged")
    assert code == 1
    assert matches(finding_lines(out), DOCKERS_4_LINES), out
    assert "gil.md" not in out  # the archive's own conflict does not involve the staged article
    assert err == ""


def test_staged_writes_no_report_and_leaves_git_status_clean(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    check(capsys, "--staged")
    assert not (repo / "reports").exists()
    assert (repo / ".copydesk" / "cache.sqlite").is_file()
    # the cache folder ignores itself: nothing new for git to show
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == "A  articles/dockers-4.txt\n"


def test_staged_with_output_writes_the_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    code, _, _ = check(capsys, "--staged", "-o", "hook.csv")
    assert code == 1
    assert (repo / "hook.csv").read_text(encoding="utf-8").count("\n") == 1 + 3


def test_staged_consistent_article_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-5.txt", CONSISTENT)
    code, out, _ = check(capsys, "--staged")
    assert code == 0, out
    assert finding_lines(out) == []


def test_staged_checked_against_the_paths_given(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the manifest's advice: args: ["articles/"]
    stage(repo, "dockers-4.txt", misspelt())
    code, out, _ = check(capsys, "--staged", "articles")
    assert code == 1
    assert len(finding_lines(out)) == 3


def test_nothing_staged_exits_0_with_a_message(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, "--staged")
    assert code == 0
    assert "no staged article" in out


def test_only_non_article_files_staged_is_nothing_to_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "notes.csv", "a,b\n")
    write(repo, "logo.png", "not really a picture\n")
    git(repo, "add", "notes.csv", "logo.png")
    code, out, _ = check(capsys, "--staged")
    assert code == 0
    assert "no staged article" in out


def test_staged_deletion_is_nothing_to_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-q", "articles/dockers-2.txt")
    code, out, _ = check(capsys, "--staged")
    assert code == 0
    assert "no staged article" in out


def test_unstaged_edit_alone_is_nothing_to_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a misspelling written into a committed article but not staged is not the hook's business
    path = repo / "articles" / "dockers-2.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Kowalczyk", "Kowalczik"), encoding="utf-8")
    code, out, _ = check(capsys, "--staged")
    assert code == 0
    assert "no staged article" in out


def test_staged_modified_article_is_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "articles" / "dockers-2.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Marta Kowalczyk", "Marta Kowalczik"), encoding="utf-8")
    git(repo, "add", "articles/dockers-2.txt")
    code, out, _ = check(capsys, "--staged")
    assert code == 1
    assert {line.split(":")[0].removeprefix("./") for line in finding_lines(out)} == {"articles/dockers-2.txt"}


def test_staged_article_with_spaces_and_accents_in_its_name(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # git quotes such names unless asked for raw ones (-z)
    stage(repo, "déjà vu 4.txt", misspelt())
    code, out, _ = check(capsys, "--staged")
    assert code == 1
    assert {line.split(":")[0].removeprefix("./") for line in finding_lines(out)} == {"articles/déjà vu 4.txt"}


def test_staged_no_cache_leaves_no_cache_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    code, out, _ = check(capsys, "--staged", "--no-cache")
    assert code == 1 and len(finding_lines(out)) == 3
    assert not (repo / ".copydesk").exists()


def test_staged_outside_a_git_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # no repository above tmp_path either
    code, _, err = check(capsys, "--staged")
    assert code == 2
    assert "--staged" in err and err.count("\n") == 1


def test_second_staged_run_needs_no_model(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # every article is cached after the first run: a second one must not load spaCy
    stage(repo, "dockers-4.txt", misspelt())
    first = check(capsys, "--staged")

    def refuse(name: str) -> Language:
        raise AssertionError("the model was loaded on a warm run")

    monkeypatch.setattr(nlp_module, "load_model", refuse)
    second = check(capsys, "--staged")
    assert second[0] == first[0] == 1
    assert finding_lines(second[1]) == finding_lines(first[1])


# -- cache stats / clear -------------------------------------------------------------------------------


def test_cache_stats_and_clear(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = repo / ".copydesk" / "cache.sqlite"
    assert cli.main(["cache", "stats"]) == 0
    assert capsys.readouterr().out == f"{cache}: no cache yet\n"
    stage(repo, "dockers-4.txt", misspelt())
    check(capsys, "--staged")
    assert cli.main(["cache", "stats"]) == 0
    out = capsys.readouterr().out
    # 8 articles: 3 + 4 committed, 1 staged
    assert re.fullmatch(rf"{re.escape(str(cache))}: 8 cached article\(s\), 1 rule/model fingerprint\(s\), \d+ KiB\n", out), out
    assert cli.main(["cache", "clear"]) == 0
    assert capsys.readouterr().out == f"{cache}: cleared\n"
    assert not cache.exists()
    assert cli.main(["cache", "clear"]) == 0
    assert capsys.readouterr().out == f"{cache}: no cache\n"
    assert cli.main(["cache", "stats"]) == 0
    assert capsys.readouterr().out == f"{cache}: no cache yet\n"


def test_cache_commands_take_the_repository_from_repo(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    check(capsys, "--staged")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    cache = repo / ".copydesk" / "cache.sqlite"
    assert cli.main(["cache", "stats", "--repo", str(repo)]) == 0
    assert capsys.readouterr().out.startswith(f"{cache}: 8 cached article(s)")
    assert cli.main(["cache", "clear", "--repo", str(repo)]) == 0
    assert capsys.readouterr().out == f"{cache}: cleared\n"
    assert not cache.exists()


def test_cache_commands_with_the_cache_folder_in_the_way_do_not_crash(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ".copydesk" is a file: a one-line answer, never a traceback
    (repo / ".copydesk").write_text("not a folder\n", encoding="utf-8")
    for command in ("stats", "clear"):
        assert cli.main(["cache", command]) in (0, 2)
        out, err = capsys.readouterr()
        assert (out + err).count("\n") == 1, command


# -- the hook manifest ---------------------------------------------------------------------------------


def test_hook_manifest_runs_copydesk_check_staged_once_without_file_names() -> None:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "copydesk"]  # copydesk-fix beside it: tests/test_fix.py
    assert hook["language"] == "python"
    assert hook["entry"] == "copydesk check --staged"
    assert hook["pass_filenames"] is False
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    assert all(files.search(n) for n in ("a.md", "b/c.txt", "d.html", "e.htm", "f.markdown"))
    assert not any(files.search(n) for n in ("setup.py", "logo.png", "notes.csv"))


# -- the real pre-commit framework ----------------------------------------------------------------------
#
# `pre-commit try-repo` would be the shortest way, but it installs the hook into a
# throwaway store on every call (pre_commit/commands/try_repo.py: Store(tempdir)), so two
# runs cost two installs whatever PRE_COMMIT_HOME says. These tests do what an article
# repository does instead (README, "Pre-commit hook"): a .pre-commit-config.yaml naming
# copydesk, `pre-commit install`, then `git commit`; the install is made once, in a
# PRE_COMMIT_HOME shared by the module, and each commit runs the hook for real (with
# pre-commit's stash of unstaged changes).


def _is_git_checkout(path: Path) -> bool:
    done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path, capture_output=True, text=True)
    return done.returncode == 0 and Path(done.stdout.strip()).resolve() == path.resolve()


needs_pre_commit = pytest.mark.skipif(
    not PRE_COMMIT.is_file() or shutil.which("git") is None,
    reason=f"pre-commit is not installed beside {sys.executable} (pip install pre-commit), or git is missing",
)


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The project as `pre-commit try-repo PROJECT` would install it: its tracked files as
    they are on disk (uncommitted edits included, untracked files left out), committed
    in a copy; returns the copy and its commit."""
    if not _is_git_checkout(PROJECT):
        pytest.skip(f"{PROJECT} is not a git checkout: pre-commit installs hooks from git repositories")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True).stdout
    copy = tmp_path_factory.mktemp("copydesk-source")
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = PROJECT / name
        if source.is_file():  # a tracked file deleted on disk is left out, as `git add -u` would
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "-c", "user.name=Copydesk Tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false",
        "commit", "-q", "-m", "snapshot")
    return copy, git(copy, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def pre_commit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the commits: pre-commit's store is one folder for this module,
    so the hook is installed once for both tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    return env


def hooked_repo(root: Path, source: tuple[Path, str], env: dict[str, str]) -> Path:
    """new_repo() with copydesk's hook configured and installed."""
    repo = new_repo(root)
    path, rev = source
    write(repo, ".pre-commit-config.yaml", f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n      - id: copydesk\n")
    git(repo, "add", ".pre-commit-config.yaml")
    git(repo, "commit", "-q", "-m", "hook")
    done = subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return repo


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    done = subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    print(f"git commit with the copydesk hook: {time.monotonic() - started:.1f}s")  # shown with -s
    return done


def commits(repo: Path) -> int:
    return len(git(repo, "log", "--oneline").splitlines())


@needs_pre_commit
def test_pre_commit_hook_refuses_a_commit_of_an_inconsistent_article(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_env: dict[str, str]
) -> None:
    repo = hooked_repo(tmp_path / "newsroom", hook_source, pre_commit_env)
    stage(repo, "dockers-4.txt", misspelt())
    done = commit(repo, pre_commit_env, "dockers 4")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert re.search(r"copydesk \(names and roles across articles\)\.+Failed", output), output
    assert "articles/dockers-4.txt:3:1: error [name-variant] 'Marta Kowalczik'" in output
    assert commits(repo) == 2  # archive and hook config: nothing was committed
    assert git(repo, "diff", "--cached", "--name-only") == "articles/dockers-4.txt\n"


@needs_pre_commit
def test_pre_commit_hook_lets_a_consistent_article_through(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_env: dict[str, str]
) -> None:
    repo = hooked_repo(tmp_path / "newsroom", hook_source, pre_commit_env)
    stage(repo, "dockers-5.txt", CONSISTENT)
    done = commit(repo, pre_commit_env, "dockers 5")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"copydesk \(names and roles across articles\)\.+Passed", output), output
    assert commits(repo) == 3
