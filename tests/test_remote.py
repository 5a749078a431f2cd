"""`copydesk check --server` and the pre-commit hook through a running `copydesk serve`:
a real server process (on a free port, in a git repository of made-up articles, as
test_server.py starts one), asked by the real command line, gives what the check in
process gives: the same stdout, stderr, exit code and report files. A server that is
gone, serves another repository, has other rules or gets a wrong token is not used: the
check runs in process, with one line on stderr.

The in-process runs use the session's model (as test_hook.py does); the server loads its
own. Whether the server answered is read from its counts (GET /api/check-files).
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import Corpus, write
from copydesk import cli, nlp as nlp_module
from copydesk.cli.remote import SERVER_RECORD
from copydesk.names import names_of
from copydesk.rules import RuleSet
from copydesk.scope import ScopeIndex
from copydesk.server.security import server_file
from test_hook import (  # noqa: F401 - hook_source and pre_commit_env are fixtures
    CONSISTENT,
    DOCKERS_4_LINES,
    commit,
    commits,
    finding_lines,
    git,
    hook_source,
    hooked_repo,
    matches,
    misspelt,
    needs_pre_commit,
    new_repo,
    pre_commit_env,
    stage,
)
from test_scope import placed
from test_server import Server, start_server, stop, wait_ready

SRC = Path(__file__).parents[1] / "src"
Run = tuple[int, str, str]


@pytest.fixture(autouse=True)
def session_model(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)


@pytest.fixture(autouse=True)
def no_outer_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith(("GIT_", "COPYDESK_"))]:
        monkeypatch.delenv(name)


def serve(repo: Path, *args: str) -> Server:
    """`copydesk serve articles` in `repo` on a free port, loaded."""
    running = start_server(repo, *args, folder="articles")
    wait_ready(running)
    return running


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server on newsroom/articles (test_hook's archive), not watching: an edit on disk
    is not reloaded, so the checks must read it as it is now."""
    running = serve(new_repo(tmp_path_factory.mktemp("remote") / "newsroom"), "--no-watch")
    try:
        yield running
    finally:
        stop(running)


@pytest.fixture
def repo(served: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The served repository as the current folder, put back as committed afterwards."""
    monkeypatch.chdir(served.repo)
    yield served.repo
    git(served.repo, "reset", "-q", "--hard")
    git(served.repo, "clean", "-qfd")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """`copydesk check ARGS` in this process: exit code, stdout (its time left out), stderr."""
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, re.sub(r"\(\d+\.\d+s\)", "(TIME)", out), err


def answered(server: Server) -> dict[str, int]:
    return dict(server.get("/api/check-files").json())


def through_server(capsys: pytest.CaptureFixture[str], server: Server, *args: str) -> tuple[Run, Run]:
    """The same check in process (--server off) and through `server`, which must answer it."""
    here = run(capsys, *args, "--server", "off")
    before = answered(server)["answered"]
    there = run(capsys, *args)
    assert answered(server)["answered"] == before + 1, there
    return here, there


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_client_finds_server_json_where_the_server_writes_it(tmp_path: Path) -> None:
    assert tmp_path / SERVER_RECORD == server_file(tmp_path)


def test_scope_index_without_an_article_is_the_index_built_without_it(corpus: Corpus, default_rules: RuleSet) -> None:
    # the server takes an edited article's old names out of its index, then adds the new ones
    settings = default_rules.settings.name_variant
    for article, names in {"a.txt": ["Marta Kowalczyk", "Tomasz Nowak"], "b.txt": ["Marta Kowalczyk", "Ida Brenn"],
                           "c.txt": ["Marta Kowalczik", "Baltic Dockers Union"]}.items():
        corpus.add_many(article, names)
    corpus.add("c.txt", "Northline Ferries", label="ORG")
    whole = ScopeIndex.build(names_of(corpus.mentions), settings)
    for gone in (["c.txt"], ["a.txt", "b.txt"], ["a.txt", "b.txt", "c.txt"]):
        rest = {p: ms for p, ms in corpus.mentions.items() if p not in gone}
        assert as_sets(whole.without(gone)) == as_sets(ScopeIndex.build(names_of(rest), settings)), gone
    assert as_sets(whole.without(["c.txt"]).extended(names_of({"c.txt": corpus.mentions["c.txt"]}), settings)) == as_sets(whole)


def as_sets(index: ScopeIndex) -> tuple[dict[object, set[str]], list[dict[object, set[object]]]]:
    return index.articles_of, placed(index.places)


def test_a_stopped_server_leaves_no_server_json(tmp_path: Path) -> None:
    # else every later hook would try a server that is gone (and say so)
    running = serve(new_repo(tmp_path / "newsroom"))
    assert (running.repo / SERVER_RECORD).is_file()
    stop(running)  # SIGTERM
    assert running.process.returncode == 128 + 15
    assert not (running.repo / SERVER_RECORD).exists()


# -- the same output ------------------------------------------------------------------------


def test_staged_through_the_server_prints_what_the_check_in_process_prints(
    repo: Path, served: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    here, there = through_server(capsys, served, "--staged")
    assert there == here
    code, out, err = there
    assert code == 1 and err == ""
    assert matches(finding_lines(out), DOCKERS_4_LINES), out


def test_staged_consistent_article_passes_through_the_server(repo: Path, served: Server, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-5.txt", CONSISTENT)
    here, there = through_server(capsys, served, "--staged")
    assert there == here and there[0] == 0


@pytest.mark.parametrize("fmt", ["csv", "json", "html", "sarif"])
def test_changed_through_the_server_writes_the_same_report(
    repo: Path, served: Server, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    write(repo / "articles", "dockers-4.txt", misspelt())  # untracked: --changed names it
    here = run(capsys, "articles", "--changed", "articles/dockers-4.txt", "-f", fmt, "-o", f"here.{fmt}", "--server", "off")
    there = run(capsys, "articles", "--changed", "articles/dockers-4.txt", "-f", fmt, "-o", f"there.{fmt}")
    assert there == (here[0], here[1].replace(f"here.{fmt}", f"there.{fmt}"), here[2])
    assert (repo / f"there.{fmt}").read_bytes() == (repo / f"here.{fmt}").read_bytes()
    assert (repo / f"here.{fmt}").stat().st_size > 0


def test_github_annotations_through_the_server_go_to_stdout_as_here(
    repo: Path, served: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo / "articles", "dockers-4.txt", misspelt())
    here, there = through_server(capsys, served, "articles", "--changed", "articles/dockers-4.txt", "-f", "github")
    assert there == here and "::error file=articles/dockers-4.txt" in there[1]


def test_whole_archive_check_through_the_server(repo: Path, served: Server, capsys: pytest.CaptureFixture[str]) -> None:
    here, there = through_server(capsys, served, "articles", "-o", "all.csv", "--fail-on", "warning")
    assert there == here and there[0] == 1  # gil.md's role conflict
    assert "gil.md" in (repo / "all.csv").read_text(encoding="utf-8")


def test_an_edit_the_server_has_not_reloaded_is_read_as_it_is_now(
    repo: Path, served: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    # the server does not watch: its archive holds dockers-2 as committed, spelt right
    path = repo / "articles" / "dockers-2.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Marta Kowalczyk", "Marta Kowalczik"), encoding="utf-8")
    git(repo, "add", "articles/dockers-2.txt")
    here, there = through_server(capsys, served, "--staged")
    assert there == here
    assert there[0] == 1 and {line.split(":")[0] for line in finding_lines(there[1])} == {"articles/dockers-2.txt"}


def test_baseline_through_the_server(repo: Path, served: Server, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    assert run(capsys, "--staged", "--write-baseline", "accepted.json")[0] == 0  # written here, never by a server
    text = misspelt() + "The vote is on Friday.\n"  # the same findings: all known
    stage(repo, "dockers-4.txt", text)
    here, there = through_server(capsys, served, "--staged", "--baseline", "accepted.json")
    assert there == here and there[0] == 0 and "known finding(s) not reported" in there[1]


# -- when the server is not used -------------------------------------------------------------


@pytest.fixture
def other_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = new_repo(tmp_path / "elsewhere")
    monkeypatch.chdir(repo)
    stage(repo, "dockers-4.txt", misspelt())
    return repo


def fell_back(capsys: pytest.CaptureFixture[str], *args: str, server: str | None = None) -> str:
    """`check --staged ARGS` through `server` (else the one server.json names) gives what it
    gives in process, with one line on stderr: that line."""
    here = run(capsys, "--staged", *args, "--server", "off")
    code, out, err = run(capsys, "--staged", *args, *(["--server", server] if server else []))
    assert (code, out) == here[:2]
    assert err.count("\n") == 1 and err.endswith("; checking here\n"), err
    return err


def test_a_dead_server_named_in_server_json_is_one_line_and_a_check_here(other_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()  # nobody listens there any more
    record = {"host": "127.0.0.1", "port": port, "pid": 1, "token": "t0ken", "url": f"http://127.0.0.1:{port}/"}
    write(other_repo / ".copydesk", "server.json", json.dumps(record))
    assert "did not check: no answer" in fell_back(capsys)


def test_check_server_url_of_a_dead_server_falls_back(other_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = fell_back(capsys, server=f"http://127.0.0.1:{free_port()}/?token=t0ken")
    assert "did not check: no answer" in err


def test_a_server_of_another_repository_is_not_used(other_repo: Path, served: Server, capsys: pytest.CaptureFixture[str]) -> None:
    # a server.json copied from the served repository, and the server's address given outright
    write(other_repo / ".copydesk", "server.json", (served.repo / SERVER_RECORD).read_text(encoding="utf-8"))
    before = answered(served)
    assert f"serves the repository {served.repo}" in fell_back(capsys)
    (other_repo / SERVER_RECORD).unlink()
    assert f"serves the repository {served.repo}" in fell_back(capsys, server=f"{served.base}/?token={served.record['token']}")
    after = answered(served)
    assert after["refused"] == before["refused"] + 2 and after["answered"] == before["answered"]


def test_the_token_is_sent_and_a_wrong_one_is_refused(repo: Path, served: Server, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    assert "HTTP 401" in fell_back(capsys, server=f"{served.base}/?token=wrong")
    before = answered(served)["answered"]
    assert run(capsys, "--staged", "--server", f"{served.base}/?token={served.record['token']}")[2] == ""
    assert answered(served)["answered"] == before + 1


def test_a_url_without_a_token_anywhere_is_one_line(other_repo: Path, served: Server, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no token for" in fell_back(capsys, server=served.base)


def test_other_rules_than_the_servers_are_not_used(repo: Path, served: Server, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "dockers-4.txt", misspelt())
    write(repo / "more-rules", "severity.yaml", "severity:\n  name-variant: warning\n")
    assert "rules" in fell_back(capsys, "--rules", "more-rules")


def test_no_file_outside_the_served_repository_is_read_by_the_server(
    repo: Path, served: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a file outside, and a link inside the repository that leads outside: the server
    # refuses both (the token opens no other file); the check here reads them as asked
    outside = write(tmp_path, "secret-draft.txt", misspelt())
    (repo / "articles" / "link.txt").symlink_to(outside)
    before = answered(served)
    for changed in (str(outside), "articles/link.txt"):
        here = run(capsys, "articles", "--changed", changed, "--server", "off")
        code, out, err = run(capsys, "articles", "--changed", changed)
        assert (code, out) == here[:2] and code == 1
        said = f"copydesk: the server at {served.base}/ did not check: HTTP 409: {changed}: outside the repository the server serves"
        assert err == f"{said}; checking here\n{here[2]}"
    assert answered(served)["refused"] == before["refused"] + 2 and answered(served)["answered"] == before["answered"]


def test_a_check_through_the_server_imports_no_pipeline(repo: Path, served: Server) -> None:
    # a fresh process, as the hook starts one: the server does the work, this process
    # imports the command line and the standard library only (not even pydantic, which
    # typer uses to convert options: the hook's command line is run without it)
    stage(repo, "dockers-4.txt", misspelt())
    heavy = ("spacy", "pandas", "fastapi", "yaml", "numpy", "wordfreq", "pydantic", "copydesk.pipeline", "copydesk.rules", "copydesk.nlp")
    script = (
        "import sys; from copydesk.cli import main; code = main(['check', '--staged']); "
        f"print('LOADED', sorted(m for m in sys.modules if m.startswith({heavy!r}))); print('CODE', code)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {"PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert done.stderr == "", done.stderr
    assert "LOADED []" in done.stdout and "CODE 1" in done.stdout, done.stdout


# -- the real pre-commit framework --------------------------------------------------------------


@needs_pre_commit
def test_pre_commit_hook_through_a_running_server_gives_the_same_output_and_exit_code(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_env: dict[str, str]  # noqa: F811 - the fixtures imported above
) -> None:
    repo = hooked_repo(tmp_path / "newsroom", hook_source, pre_commit_env)
    stage(repo, "dockers-4.txt", misspelt())
    here = commit(repo, pre_commit_env, "dockers 4")
    running = serve(repo)
    try:
        there = commit(repo, pre_commit_env, "dockers 4")
        counts = answered(running)
    finally:
        stop(running)
    assert counts["answered"] == 1, there.stdout + there.stderr
    assert there.returncode == here.returncode != 0
    # the first commit also installs the hook ("[INFO] Installing environment ...")
    same = [re.sub(r"(?m)\(\d+\.\d+s\)|^\[INFO\] .*\n", "", done.stdout + done.stderr) for done in (here, there)]
    assert same[0] == same[1]
    assert "articles/dockers-4.txt:3:1: error [name-variant] 'Marta Kowalczik'" in same[1]
    assert commits(repo) == 2  # refused both times
