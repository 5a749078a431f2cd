"""The command line end to end: `copydesk check PATH...`, its report files, messages and
exit codes (0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, rule-file
or model error).

Most tests call `copydesk.cli.main(argv)` in-process, in a temporary working directory,
with the session's spaCy model handed to the CLI (loading is tested on its own); a few
run `python -m copydesk` and the installed console script as subprocesses.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES
from copydesk import cli, nlp as nlp_module
from copydesk.cli.check import _hook_arguments as check_arguments

HEADER = ["rule", "severity", "file", "line", "column", "found", "expected", "entity", "message"]

# The findings on the `articles` folder built by the `newsroom` fixture, as CSV rows
# (rule, severity, file, line, column, found, expected); files as given on the command line.
EXPECTED_ROWS = {
    ("name-variant", "error", "articles/dockers/dockers-4.txt", "3", "1", "Marta Kowalczik", "Marta Kowalczyk"),
    ("name-variant", "error", "articles/dockers/dockers-4.txt", "4", "38", "Kowalczik", "Kowalczyk"),
    ("name-variant", "error", "articles/dockers/dockers-4.txt", "5", "1", "Kowalczik", "Kowalczyk"),
    ("role-conflict", "error", "articles/ministers/gil.md", "6", "18", "Pedro Gil", "Ana Ruiz"),
}


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with articles/ holding a misspelt name and a role conflict."""
    shutil.copytree(ARTICLES / "misspelt-in-one-article", tmp_path / "articles" / "dockers")
    shutil.copytree(ARTICLES / "role-same-week", tmp_path / "articles" / "ministers")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def session_model(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI gets the already loaded model for the default name; other names load for real."""
    real = nlp_module.load_model

    def load(name: str) -> Language:
        return nlp if name == "en_core_web_sm" else real(name)

    monkeypatch.setattr(nlp_module, "load_model", load)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(path: Path) -> tuple[list[str], set[tuple[str, ...]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, {tuple(r[:7]) for r in reader}


# -- report files ---------------------------------------------------------------------------


def test_check_writes_csv_with_contract_header_and_expected_rows(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "articles", "--output", "out/report.csv")
    header, found = csv_rows(newsroom / "out" / "report.csv")
    assert header == HEADER
    assert found == EXPECTED_ROWS
    assert code == 1
    assert err == ""
    assert "8 article(s) checked, 4 finding(s)" in out


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_exit_code_follows_fail_on(newsroom: Path, capsys: pytest.CaptureFixture[str], fail_on: str, code: int) -> None:
    assert run(capsys, "articles", "-o", "r.csv", "--fail-on", fail_on)[0] == code
    assert (newsroom / "r.csv").is_file()  # the report is written whatever the exit code


def test_exit_code_is_zero_without_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ARTICLES / "role-co-titled", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "articles", "-o", "r.csv")
    assert code == 0
    assert csv_rows(tmp_path / "r.csv") == (HEADER, set())
    assert "no findings" in out


def test_warnings_only_fail_with_fail_on_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # two articles, one spelling each, nothing tells which is right: warnings only
    shutil.copytree(ARTICLES / "undecided-spelling", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "articles", "-o", "r.csv", "--fail-on", "error")
    severities = {row[1] for row in csv_rows(tmp_path / "r.csv")[1]}
    assert severities == {"warning"}
    assert code == 0
    assert run(capsys, "articles", "-o", "r.csv", "--fail-on", "warning")[0] == 1


def test_format_json_writes_json_with_the_same_findings(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "articles", "--format", "json", "--output", "report.json")
    records = json.loads((newsroom / "report.json").read_text(encoding="utf-8"))
    assert code == 1
    assert all(list(r)[: len(HEADER)] == HEADER and "evidence" in r for r in records)
    assert {tuple(str(r[c]) for c in HEADER[:7]) for r in records} == EXPECTED_ROWS


def test_default_output_is_reports_copydesk_report_csv_in_the_working_directory(
    newsroom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "articles")
    report = newsroom / "reports" / "copydesk-report.csv"
    assert code == 1
    assert csv_rows(report) == (HEADER, EXPECTED_ROWS)
    assert "reports/copydesk-report.csv" in out


def test_default_json_output_is_reports_copydesk_report_json(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "articles", "-f", "json")
    assert len(json.loads((newsroom / "reports" / "copydesk-report.json").read_text(encoding="utf-8"))) == 4


def test_quiet_prints_no_summary(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "articles", "-q")
    assert (code, out, err) == (1, "", "")
    assert (newsroom / "reports" / "copydesk-report.csv").is_file()


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("old.txt", "Pedro Gil said the quota was fair, according to José Ruiz.\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_unreadable_article_is_skipped_with_one_line_and_the_rest_is_checked(
    newsroom: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, reason: str
) -> None:
    (newsroom / "articles" / name).write_bytes(content)
    code, out, err = run(capsys, "articles", "-o", "r.csv")
    lines = err.strip().split("\n")
    assert len(lines) == 1
    assert "skipped" in lines[0] and f"articles/{name}" in lines[0] and reason in lines[0]
    assert csv_rows(newsroom / "r.csv")[1] == EXPECTED_ROWS
    assert code == 1
    assert "8 article(s) checked" in out


def test_binary_and_latin1_articles_each_get_their_own_skipped_line(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (newsroom / "articles" / "scan.txt").write_bytes(b"GIF89a\x00\x01\x00")
    (newsroom / "articles" / "old.txt").write_bytes("Caf\xe9 owners met Marta Kowalczyk.\n".encode("latin-1"))
    code, _, err = run(capsys, "articles", "-o", "r.csv")
    lines = sorted(err.strip().split("\n"))
    assert len(lines) == 2
    assert "articles/old.txt" in lines[0] and "articles/scan.txt" in lines[1]
    assert all("skipped" in line for line in lines)
    assert code == 1
    assert csv_rows(newsroom / "r.csv")[1] == EXPECTED_ROWS


def test_missing_path_is_reported_and_the_others_checked(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "articles", "no-such-story.txt", "-o", "r.csv")
    assert err.strip().count("\n") == 0
    assert "no-such-story.txt" in err and "no such file" in err
    assert code == 1
    assert csv_rows(newsroom / "r.csv")[1] == EXPECTED_ROWS


def test_only_missing_paths_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "no-such-folder")
    assert code == 2
    assert "no-such-folder" in err
    assert not (tmp_path / "reports").exists()


def test_broken_rules_file_exits_2_with_one_line_naming_file_and_line(
    newsroom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = newsroom / "house-rules"
    rules.mkdir()
    (rules / "titles.yaml").write_text("titles:\n  - title: mayor\n  - title: coach: gaffer\n", encoding="utf-8")
    code, out, err = run(capsys, "articles", "--rules", str(rules), "-o", "r.csv")
    assert code == 2
    assert err.endswith("\n") and err.count("\n") == 1
    assert f"{rules / 'titles.yaml'}:3:" in err
    assert not (newsroom / "r.csv").exists()


def test_unknown_key_in_rules_exits_2_naming_the_key(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = newsroom / "house-rules"
    rules.mkdir()
    (rules / "settings.yaml").write_text("settings:\n  role_conflict:\n    max_gap: 30\n", encoding="utf-8")
    code, _, err = run(capsys, "articles", "--rules", str(rules))
    assert code == 2
    assert f"{rules / 'settings.yaml'}:3:" in err and "max_gap" in err


def test_house_rules_folder_changes_the_check(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = newsroom / "house-rules"
    rules.mkdir()
    (rules / "ignore.yaml").write_text("ignore:\n  entities: [Marta Kowalczyk]\n", encoding="utf-8")
    code, _, _ = run(capsys, "articles", "--rules", str(rules), "-o", "r.csv")
    assert code == 1
    assert {r[0] for r in csv_rows(newsroom / "r.csv")[1]} == {"role-conflict"}


def test_unknown_model_exits_2_with_a_clear_message(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "articles", "--model", "nosuchmodel", "-o", "r.csv")
    assert code == 2
    assert err.count("\n") == 1
    assert "nosuchmodel" in err and "model" in err
    assert "Traceback" not in err
    assert not (newsroom / "r.csv").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["articles", "--fail-on", "sometimes"],
        ["articles", "--format", "xml"],
        ["articles", "--no-such-option"],
        [],  # no path
    ],
)
def test_usage_error_exits_2(newsroom: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert run(capsys, *args)[0] == 2


# -- the installed command --------------------------------------------------------------------------


def test_python_m_copydesk_runs_end_to_end(newsroom: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "copydesk", "check", "articles", "--fail-on", "error"],
        cwd=newsroom, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert csv_rows(newsroom / "reports" / "copydesk-report.csv") == (HEADER, EXPECTED_ROWS)
    never = subprocess.run(
        [sys.executable, "-m", "copydesk", "check", "articles", "--fail-on", "never", "-q", "-o", "r.json", "-f", "json"],
        cwd=newsroom, capture_output=True, text=True, timeout=120,
    )
    assert (never.returncode, never.stdout, never.stderr) == (0, "", "")
    assert len(json.loads((newsroom / "r.json").read_text(encoding="utf-8"))) == len(EXPECTED_ROWS)


def test_python_m_copydesk_bad_model_exits_2(newsroom: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "copydesk", "check", "articles", "--model", "nosuchmodel"],
        cwd=newsroom, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert "nosuchmodel" in done.stderr and done.stderr.count("\n") == 1


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "copydesk"
    assert script.is_file(), "the copydesk console script is not installed beside the interpreter"
    done = subprocess.run([str(script), "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.startswith("copydesk ")


# -- progress --------------------------------------------------------------------------------


@pytest.mark.parametrize("step", [1, 51, 400])
def test_progress_in_a_log_is_a_line_each_tenth_of_the_way_whatever_the_steps(
    capsys: pytest.CaptureFixture[str], step: int
) -> None:
    progress = cli._progress_printer(quiet=False)  # stderr is captured: not a terminal
    assert progress is not None
    total = 1000
    for done in [*range(step, total, step), total]:
        progress(done, total)
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "copydesk: extracted 1000/1000 articles"
    assert len(lines) == min(10, -(-total // step))  # one per tenth crossed, never more
    tenths = [int(ln.split()[2].split("/")[0]) * 10 // total for ln in lines]
    assert tenths == sorted(set(tenths))


def test_no_progress_for_short_runs_or_when_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli._progress_printer(quiet=True) is None
    progress = cli._progress_printer(quiet=False)
    assert progress is not None
    for done in range(1, cli.PROGRESS_FROM):
        progress(done, cli.PROGRESS_FROM - 1)
    assert capsys.readouterr().err == ""


# -- --jobs ---------------------------------------------------------------------------------


def test_jobs_gives_the_same_report_and_the_same_skipped_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Worker processes forked from this one: articles out, mentions back, in order
    (batches of two, so several workers share the examples), a bad article skipped."""
    from copydesk import extract

    examples = Path(__file__).resolve().parents[1] / "examples"
    corpus = tmp_path / "corpus"
    shutil.copytree(examples, corpus)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    one = run(capsys, str(corpus), "-o", str(tmp_path / "one.csv"), "--no-cache", "-q")
    real_extract = extract.Extractor.extract
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract.Extractor, "extract", lambda self, arts, batch_size=64, n_process=1: real_extract(self, arts, 2, n_process))
        two = run(capsys, str(corpus), "-o", str(tmp_path / "two.csv"), "--no-cache", "-q", "--jobs", "2")
    assert one == two and one[0] == 1 and "broken.txt" in one[2]
    assert (tmp_path / "two.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert len((tmp_path / "one.csv").read_text(encoding="utf-8").splitlines()) > 5


@pytest.mark.parametrize(
    "args",
    [
        ["--changed", "articles/dockers/dockers-4.txt", "articles"],
        ["--changed", "articles/dockers/dockers-4.txt", "articles", "--quiet"],
        ["articles"],
        ["--staged"],  # no git repository here: the command's own error
        [],
    ],
)
def test_a_hooks_command_line_runs_as_typer_runs_it(newsroom: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    """check_as_a_hook calls the command without typer's parsing: the same exit code,
    output and report as typer gives (here, with an option only typer takes, at its default)."""
    hook_line = ["check", *args, "--server", "off"]
    assert check_arguments(hook_line) is not None and check_arguments([*hook_line, "--fail-on", "error"]) is None
    report = newsroom / "reports" / "copydesk-report.csv"

    def outcome(*extra: str) -> tuple[int, str, str, str | None]:
        code, out, err = run(capsys, *args, "--server", "off", *extra)
        written = report.read_text(encoding="utf-8") if report.exists() else None
        report.unlink(missing_ok=True)
        return code, re.sub(r"\(\d+\.\d+s\)", "(TIME)", out), err, written

    assert outcome() == outcome("--fail-on", "error")


def test_a_command_line_the_hooks_path_does_not_know_is_left_to_typer() -> None:
    assert check_arguments(["check", "--changed", "a.md", "articles", "-q", "--server", "http://x"]) == {
        "paths": ["articles"], "changed": ["a.md"], "staged": False, "quiet": True, "server": "http://x"
    }
    for line in (["entities", "articles"], ["check", "--format", "json", "a"], ["check", "--changed"], ["check", "--changed", "-q"],
                 ["check", "--server=off", "a"], ["check", "--", "a"], []):
        assert check_arguments(line) is None, line
