"""Losing nothing and trusting no input (issue 7): unexpected errors and Ctrl-C end in one
line and a contract exit code, with no partial report and a usable cache; articles are
never written; YAML never constructs objects; reports never name files outside the
checked folders."""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import interruptible, write
from copydesk import atomic, cli
from test_cli import csv_rows, run, session_model  # noqa: F401 (session_model: the CLI gets the loaded model)
from test_hook import git, misspelt, new_repo, no_outer_git, stage  # noqa: F401 (no_outer_git: git calls stay in the test repository)

STORY = "{name} met Tomasz Nowak of the Baltic Dockers Union and Northline Ferries on {day}."


def dockers(folder: Path, n: int = 4) -> None:
    """n articles spelling "Marta Kowalczyk" right, and one spelling her "Kowalczik"."""
    for i in range(n):
        write(folder, f"right-{i}.txt", STORY.format(name="Marta Kowalczyk", day="Monday") + "\n")
    write(folder, "wrong.txt", STORY.format(name="Marta Kowalczik", day="Friday") + "\n")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    dockers(tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- unexpected errors and interrupts ----------------------------------------------------------


def fail_inside_the_check(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """A bug (or Ctrl-C) in the middle of the check: raised where the pipeline runs."""
    import copydesk.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(copydesk.pipeline, "check_paths", broken)


def test_internal_error_is_one_line_and_exit_2_without_a_traceback(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_inside_the_check(monkeypatch, RuntimeError("index out of range\nsecond line"))
    code, _, err = run(capsys, "articles")
    assert code == 2
    assert err == "copydesk: internal error: RuntimeError: index out of range; run with --debug for the traceback\n"
    assert not (workdir / "reports").exists()


def test_debug_prints_the_traceback_of_an_internal_error(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_inside_the_check(monkeypatch, RuntimeError("index out of range"))
    code = cli.main(["--debug", "check", "articles"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err and "RuntimeError: index out of range" in err
    assert err.splitlines()[-1] == "copydesk: internal error: RuntimeError: index out of range"


def test_interrupt_in_process_exits_130_with_one_line(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_inside_the_check(monkeypatch, KeyboardInterrupt())
    code, _, err = run(capsys, "articles")
    assert (code, err.strip()) == (130, "copydesk: interrupted")


def test_interrupt_while_the_report_is_written_keeps_the_old_report_and_no_temporary_file(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "articles", "-o", "r.csv")[0] == 1
    before = (workdir / "r.csv").read_bytes()
    write(workdir / "articles", "wrong-2.txt", STORY.format(name="Marta Kowalczik", day="Sunday") + "\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)  # Ctrl-C between writing and renaming
    code, _, err = run(capsys, "articles", "-o", "r.csv")
    assert (code, err.strip()) == (130, "copydesk: interrupted")
    assert (workdir / "r.csv").read_bytes() == before
    assert sorted(p.name for p in workdir.iterdir()) == [".copydesk", "articles", "r.csv"]


def many_articles(folder: Path, n: int) -> None:
    """n short articles, enough for extraction to take a few seconds and report progress."""
    people = ["Marta Kowalczyk", "Tomasz Nowak", "Ewa Lis", "Jan Zielinski", "Olga Wrona"]
    for i in range(n):
        a, b = people[i % 5], people[(i + 2) % 5]
        text = (f"Port story {i}\n\n{a} of the Baltic Dockers Union met {b} of Northline Ferries in Gdynia "
                f"on Monday to talk about the ferry timetable, the winter wage offer and the new cranes. "
                f"{a} said the union would answer on Friday; {b} said the offer stood.\n")
        write(folder, f"story-{i:03d}.txt", text)


def test_sigint_mid_run_leaves_no_report_no_temporary_file_and_a_usable_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    many_articles(tmp_path / "articles", 400)
    command = [sys.executable, "-m", "copydesk", "check", "articles", "-o", "r.csv"]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=interruptible)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # the first progress line: extraction is under way
    assert first.startswith("copydesk: extracted "), first
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, first + err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == "copydesk: interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".copydesk", "articles"]  # no report, no temporary file

    stats = subprocess.run([sys.executable, "-m", "copydesk", "cache", "stats"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=120)
    assert stats.returncode == 0 and "cached article(s)" in stats.stdout, stats.stdout + stats.stderr
    monkeypatch.chdir(tmp_path)  # the next runs in process: the model is loaded already
    assert run(capsys, "articles", "-o", "r.csv", "-q") == (0, "", "")  # with the cache the interrupt left
    assert run(capsys, "articles", "-o", "fresh.csv", "--no-cache", "-q")[0] == 0
    assert (tmp_path / "r.csv").read_bytes() == (tmp_path / "fresh.csv").read_bytes()


# -- articles are only read --------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode) for p in sorted(folder.rglob("*"))}


def test_a_check_never_writes_an_article(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "articles", "page.html", "<html><body><p>Marta Kowalczik spoke.</p></body></html>\n")
    write(workdir / "articles", "front.md", "---\ntitle: Dockers\n---\nMarta Kowalczik spoke.\n")
    before = snapshot(workdir / "articles")
    time.sleep(0.01)  # a write now would show in the modification times
    for args in (["articles"], ["articles", "--write-baseline", "b.json"], ["articles", "--baseline", "b.json"]):
        assert run(capsys, *args)[0] in (0, 1)
    assert snapshot(workdir / "articles") == before


# -- YAML is data ------------------------------------------------------------------------------


def test_a_python_tag_in_a_rule_file_is_a_clean_exit_2_and_never_runs(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = workdir / "pwned"
    write(workdir / "house", "evil.yaml", f"settings: !!python/object/apply:os.system ['touch {marker}']\n")
    code, _, err = run(capsys, "articles", "--rules", "house")
    assert code == 2
    assert err.count("\n") == 1 and "house/evil.yaml:1" in err and "Traceback" not in err
    assert not marker.exists()


def test_a_python_tag_in_front_matter_skips_the_article_and_never_runs(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = workdir / "pwned"
    write(workdir / "articles", "evil.md", f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nBody.\n")
    code, _, err = run(capsys, "articles", "-o", "r.csv")
    assert code == 1  # the others' finding
    assert err.startswith("copydesk: skipped articles/evil.md:2: bad front matter") and err.count("\n") == 1
    assert not marker.exists()


# -- reports name only files inside the checked folders ----------------------------------------


def report_files(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["file"] for row in csv.DictReader(fh)}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Articles outside the checked folder, misspelling the name (a private notes folder)."""
    folder = tmp_path / "elsewhere"
    write(folder, "notes.txt", STORY.format(name="Marta Kowalczik", day="Tuesday") + "\n")
    return folder


def test_links_out_of_the_checked_folder_are_skipped_with_one_line_each(
    workdir: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink(outside / "notes.txt", workdir / "articles" / "notes.txt")
    os.symlink(outside, workdir / "articles" / "private")
    code, _, err = run(capsys, "articles", "-o", "r.csv")
    lines = sorted(err.strip().splitlines())
    assert len(lines) == 2 and "Traceback" not in err
    assert lines[0].startswith("copydesk: skipped articles/notes.txt: symbolic link to ") and "outside" in lines[0]
    assert lines[1].startswith("copydesk: skipped articles/private: symbolic link to ") and "outside" in lines[1]
    assert code == 1
    assert report_files(workdir / "r.csv") == {"articles/wrong.txt"}


def test_a_glob_does_not_follow_a_folder_link_out_of_its_folder(
    workdir: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink(outside, workdir / "articles" / "private")
    code, _, err = run(capsys, "articles/**/*.txt", "-o", "r.csv")
    assert err.count("\n") == 1 and "articles/private/notes.txt" in err and "outside" in err
    assert report_files(workdir / "r.csv") == {"articles/wrong.txt"}


def test_a_link_inside_the_checked_folder_is_reported_under_its_own_path(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = workdir / "articles" / "archive"
    archive.mkdir()
    (workdir / "articles" / "wrong.txt").rename(archive / "wrong.txt")
    os.symlink(Path("archive") / "wrong.txt", workdir / "articles" / "latest.txt")
    code, _, err = run(capsys, "articles", "-o", "r.csv")
    assert (code, err) == (1, "")
    assert report_files(workdir / "r.csv") == {"articles/archive/wrong.txt", "articles/latest.txt"}
    _, rows = csv_rows(workdir / "r.csv")
    assert all(not Path(row[2]).is_absolute() for row in rows)


def test_the_hook_does_not_follow_a_tracked_link_out_of_the_repository(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = new_repo(tmp_path / "newsroom")
    monkeypatch.chdir(repo)
    os.symlink(outside / "notes.txt", repo / "articles" / "notes.txt")
    git(repo, "add", "articles/notes.txt")
    stage(repo, "dockers-4.txt", misspelt())
    code, out, err = run(capsys, "--staged")
    assert err.startswith("copydesk: skipped articles/notes.txt: symbolic link to ") and err.count("\n") == 1
    assert "outside the repository" in err
    assert code == 1 and "articles/dockers-4.txt:3:1: error [name-variant]" in out
    assert "notes.txt:" not in out


def test_ctrl_c_with_jobs_ends_the_worker_processes_and_leaves_no_report(tmp_path: Path) -> None:
    """Ctrl-C in a terminal goes to the whole process group: copydesk and its workers.
    The run ends at once (no wait for the workers, no traceback from them)."""
    many_articles(tmp_path / "articles", 400)
    command = [sys.executable, "-m", "copydesk", "check", "articles", "-o", "r.csv", "--no-cache", "--jobs", "2"]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=interruptible)
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert first.startswith("copydesk: extracted "), first
    workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert len(workers) == 2, workers
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    # progress lines may still come while the signal is on its way (a loaded machine)
    *progress, last = err.splitlines(keepends=True)
    assert (proc.returncode, last) == (130, "copydesk: interrupted\n")
    assert all(line.startswith("copydesk: extracted ") for line in progress), progress
    assert not [w for w in workers if Path(f"/proc/{w}").exists()]  # no worker left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles"]
