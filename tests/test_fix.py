"""`copydesk fix`: findings with an expected form written into the files, and nothing else.

The fixture articles (tests/fixtures/fix/) are one small archive spelling "Helena
Marchetti" right in three stories, and one story misspelling her "Marchetty" (and
writing "Kiev" where the house style says "Kyiv") as plain text, Markdown with front
matter, and an HTML page with entities and markup inside its paragraphs. CRLF, BOM and
UTF-16 variants are made from the plain text one. Commands run in-process with the
session's model (as test_cli.py does), except the pseudo-terminal, interrupt and
pre-commit tests, which run the real `copydesk` process.
"""
from __future__ import annotations

import codecs
import html
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from spacy.language import Language

from conftest import ARTICLES, interruptible, write
from copydesk import cli, fix as fix_module, nlp as nlp_module
from copydesk.fix import Writable, plan_fixes, replacement, stat_keys, write_changes
from copydesk.ingest import discover
from copydesk.model import Finding
from copydesk.pipeline import check_paths
from copydesk.rules import RuleSet

FIXTURES = Path(__file__).parent / "fixtures" / "fix"
HOUSE_RULES = Path(__file__).parent / "fixtures" / "rules" / "house"
PROJECT = Path(__file__).parents[1]


@pytest.fixture(autouse=True)
def session_model(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process CLI gets the already loaded model."""
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom folder: archive/ (right spellings) and stories/ (the misspelt story in
    three formats), the current folder of the test."""
    shutil.copytree(FIXTURES / "archive", tmp_path / "archive")
    shutil.copytree(FIXTURES / "stories", tmp_path / "stories")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> int:
    return cli.main(["fix", "--no-cache", *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fixed(text: str) -> str:
    """What fix makes of the plain-text and Markdown story's body."""
    return text.replace("Marchetty", "Marchetti").replace("Kiev", "Kyiv")


TXT = (FIXTURES / "stories" / "pilots.txt").read_text(encoding="utf-8")


# -- formats ------------------------------------------------------------------------------


def test_plain_text_misspellings_and_substitution_fixed_and_nothing_else(desk: Path) -> None:
    archive = snapshot(desk / "archive")
    assert run("--yes", "--rules", str(HOUSE_RULES), "archive", "stories/pilots.txt") == 0
    assert (desk / "stories" / "pilots.txt").read_text(encoding="utf-8") == fixed(TXT)
    assert "Ms Marchetti said" in fixed(TXT) and "Marchetti's deputy" in fixed(TXT)  # honorific and 's kept
    assert snapshot(desk / "archive") == archive


def test_markdown_front_matter_stays_byte_for_byte_but_for_a_name_read_in_it(desk: Path) -> None:
    path = desk / "stories" / "pilots.md"
    before = path.read_text(encoding="utf-8")
    front, body = before.split("---\n# ", 1)
    # the title, which the body does not repeat, is read (a published headline): its
    # misspelt name is fixed as any other; every other byte of the front matter stays
    assert "title: Marchetty weighs the offer\n" in front
    assert run("--yes", "--rules", str(HOUSE_RULES), "archive", str(path)) == 0
    assert path.read_text(encoding="utf-8") == front.replace("title: Marchetty", "title: Marchetti") + "---\n# " + fixed(body)


def test_html_entities_markup_and_attributes_stay_as_they_were(desk: Path) -> None:
    path = desk / "stories" / "pilots.html"
    before = path.read_text(encoding="utf-8")
    assert run("--yes", "--rules", str(HOUSE_RULES), "archive", str(path)) == 0
    expected = (
        before.replace(">Helena Marchetty</a>", ">Helena Marchetti</a>")
        .replace("<em>Marchetty</em>", "<em>Marchetti</em>")
        .replace("Marchetty&#39;s", "Marchetti&#39;s")
        .replace("in Kiev on", "in Kyiv on")
    )
    after = path.read_text(encoding="utf-8")
    assert after == expected
    # the link, the author meta tag and the entities around the names are the page's own
    assert 'href="/people/helena-marchetty"' in after and 'content="Helena Marchetty"' in after
    assert "&rsquo;" in after and "&mdash;" in after and "<b>Helena</b>\n  Marchetti" in after


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
        ("bom-crlf.txt", lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8")),
        ("utf16.txt", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
        ("utf16be-crlf.txt", lambda t: codecs.BOM_UTF16_BE + t.replace("\n", "\r\n").encode("utf-16-be")),
    ],
)
def test_line_endings_bom_and_encoding_are_kept(desk: Path, name: str, encode) -> None:  # type: ignore[no-untyped-def]
    path = desk / "stories" / name
    path.write_bytes(encode(TXT))
    assert run("--yes", "--rules", str(HOUSE_RULES), "archive", str(path)) == 0
    assert path.read_bytes() == encode(fixed(TXT))


def test_html_in_its_declared_latin1_charset_stays_latin1(desk: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>Pilots</title></head><body><article>'
        "<p>Helena Marchetty, who leads the Coastal Pilots Guild, met Bluewake Lines managers in Logro\u00f1o "
        "on Wednesday.</p><p>Piotr Zielak chaired the meeting.</p></article></body></html>\n"
    )
    path = desk / "stories" / "latin1.html"
    path.write_bytes(page.encode("latin-1"))
    assert run("--yes", "archive", str(path)) == 0
    assert path.read_bytes() == page.replace("Marchetty", "Marchetti").encode("latin-1")


def test_a_headline_in_capitals_stays_in_capitals(desk: Path) -> None:
    text = "MARCHETTY SAYS PILOTS WILL VOTE ON FRIDAY\n\n" + TXT.split("\n\n", 1)[1]
    path = write(desk / "stories", "pilots.txt", text)
    assert run("--yes", "archive", str(path)) == 0
    assert path.read_text(encoding="utf-8") == text.replace("MARCHETTY", "MARCHETTI").replace("Marchetty", "Marchetti")


def test_html_name_with_a_character_reference_inside_it(desk: Path) -> None:
    path = write(
        desk / "stories", "ref.html",
        "<html><body><article><p>Helena Marchett&#121;, who leads the Coastal Pilots Guild, met Bluewake Lines "
        "managers on Wednesday.</p><p>Piotr Zielak chaired the meeting.</p></article></body></html>\n",
    )
    assert run("--yes", "archive", str(path)) == 0
    assert "Helena Marchetti, who leads" in path.read_text(encoding="utf-8")


# -- rule kinds and what is left alone ----------------------------------------------------

TRADE = (
    "---\ntitle: Trade talks\ndate: {date}\n---\n"
    "Veltranian Foreign Minister Pavel Dunmore arrived in Lisbon on Tuesday for trade talks.\n\n"
    "Officials said the talks would last two days.\n"
)


def test_role_conflict_fixed_where_the_house_list_names_the_holder_for_the_date(desk: Path) -> None:
    path = write(desk / "stories", "trade.md", TRADE.format(date="2022-05-03"))
    assert run("--yes", "--only", "role-conflict", "--rules", str(HOUSE_RULES), str(path)) == 0
    assert path.read_text(encoding="utf-8") == TRADE.format(date="2022-05-03").replace("Pavel Dunmore", "Oskar Brennholt")


def test_role_conflict_of_an_undated_article_is_left_alone(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(desk / "stories", "trade.md", TRADE.replace("date: {date}\n", ""))
    before = path.read_bytes()
    assert run("--diff", "--rules", str(HOUSE_RULES), str(path)) == 0
    assert path.read_bytes() == before
    assert capsys.readouterr().out == ""


def test_only_limits_the_rules_fixed(desk: Path) -> None:
    path = desk / "stories" / "pilots.txt"
    assert run("--yes", "--only", "substitution", "--rules", str(HOUSE_RULES), "archive", str(path)) == 0
    assert path.read_text(encoding="utf-8") == TXT.replace("Kiev", "Kyiv")


def test_spellings_none_clearly_right_are_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ARTICLES / "undecided-spelling", tmp_path / "a")
    before = snapshot(tmp_path)
    assert run("--diff", str(tmp_path / "a")) == 0
    assert capsys.readouterr().out == ""
    assert snapshot(tmp_path) == before


def test_inline_suppression_is_honoured(desk: Path) -> None:
    path = desk / "stories" / "pilots.md"
    text = path.read_text(encoding="utf-8").replace(
        "Piotr Zielak chaired", "<!-- copydesk-disable-next-line name-variant -->\nPiotr Zielak chaired"
    ).replace("Ms Marchetty said", "Ms Marchetty\nsaid")  # the suppressed line holds only that name
    path.write_text(text, encoding="utf-8")
    assert run("--yes", "--rules", str(HOUSE_RULES), "archive", str(path)) == 0
    after = path.read_text(encoding="utf-8")
    assert "Ms Marchetty\nsaid" in after  # suppressed: left alone
    assert "Helena Marchetti, who leads" in after and "in Kyiv on" in after


def test_baseline_findings_are_left_alone(desk: Path) -> None:
    path = desk / "stories" / "pilots.txt"
    assert cli.main(["check", "--no-cache", "-q", "archive", str(path), "--write-baseline", "baseline.json"]) == 0
    assert run("--yes", "--baseline", "baseline.json", "archive", str(path)) == 0
    assert path.read_text(encoding="utf-8") == TXT


def test_diff_prints_the_changes_exits_1_and_writes_nothing(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(desk)
    assert run("--diff", "--rules", str(HOUSE_RULES), "archive", "stories/pilots.txt") == 1
    out = capsys.readouterr().out
    assert out.startswith("--- a/stories/pilots.txt\n+++ b/stories/pilots.txt\n")
    assert "\n-Marchetty's deputy declined to comment.\n" in out and "\n+Marchetti's deputy declined to comment.\n" in out
    assert snapshot(desk) == before


def test_diff_exits_0_when_nothing_to_fix(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--diff", "archive") == 0
    assert capsys.readouterr().out == ""


def test_asking_without_a_terminal_is_a_usage_error(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(desk)
    assert run("archive", "stories") == 2
    assert "not on a terminal" in capsys.readouterr().err
    assert snapshot(desk) == before


def test_with_changed_only_the_changed_article_is_written(desk: Path) -> None:
    # the archive misspells her once more; a check of pilots.txt reports it too (it rests on it)
    other = write(desk / "archive", "ferry-4.txt", "Ferry pilots meet\n\nHelena Marchetty met the board of Bluewake Lines.\n")
    assert run("--yes", "--changed", "stories/pilots.txt", "archive") == 0
    assert "Marchetty" not in (desk / "stories" / "pilots.txt").read_text(encoding="utf-8")
    assert "Helena Marchetty met" in other.read_text(encoding="utf-8")


def test_yes_also_fixes_what_its_first_changes_bring_to_light(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The check takes "Marchtti" alone for right while "Helena Marchtti" in the same
    story is spelt so (name-variant: a surname shared with another spelling); once that
    is fixed, the next check flags it. --yes checks and fixes again."""
    text = "Pilots weigh offer\n\nHelena Marchtti met Bluewake Lines on Wednesday. Marchtti's deputy declined to comment.\n"
    path = write(desk / "stories", "pilots.txt", text)
    assert run("--yes", "archive", str(path)) == 0
    assert path.read_text(encoding="utf-8") == text.replace("Marchtti", "Marchetti")
    assert "pass 2: 1 change(s) in 1 file(s) the changes made visible" in capsys.readouterr().out


def test_replacement_keeps_honorific_possessive_and_capitals() -> None:
    def f(rule: str, found: str, expected: str) -> Finding:
        return Finding(rule, "error", "a.txt", 1, 1, found, expected, expected, "")  # type: ignore[arg-type]

    assert replacement(f("name-variant", "Marchetty's", "Marchetti")) == "Marchetti's"
    assert replacement(f("name-variant", "Helena Marchetty’s", "Helena Marchetti")) == "Helena Marchetti’s"
    assert replacement(f("name-variant", "Ms Marchetty", "Marchetti")) == "Ms Marchetti"
    assert replacement(f("name-variant", "HELENA MARCHETTY", "Helena Marchetti")) == "HELENA MARCHETTI"
    assert replacement(f("name-variant", "Declan O’Roarke", "Declan O'Rourke")) == "Declan O’Rourke"  # the story's apostrophe
    assert replacement(f("name-variant", "O'Roarke’s", "O’Rourke")) == "O'Rourke’s"
    assert replacement(f("name-variant", "ORourke", "O'Rourke")) == "O'Rourke"
    assert replacement(f("role-conflict", "Dunmore", "Oskar Brennholt")) == "Brennholt"  # surname only
    assert replacement(f("role-conflict", "Pavel Dunmore", "Oskar Brennholt")) == "Oskar Brennholt"
    assert replacement(f("substitution", "KIEV", "Kyiv")) == "KYIV"
    assert replacement(f("substitution", "Kiev", "Kyiv")) == "Kyiv"


# -- never loses anything ---------------------------------------------------------------------


def _plan(desk: Path, rules: RuleSet, nlp: Language, paths: list[str]):  # type: ignore[no-untyped-def]
    files, _ = discover(paths)
    checked = stat_keys(files)
    result = check_paths(paths, rules, nlp)
    return plan_fixes(result.findings, result.articles, Writable.of(paths), checked)


def test_a_file_changed_after_the_check_is_left_untouched(desk: Path, nlp: Language, default_rules: RuleSet) -> None:
    plan = _plan(desk, default_rules, nlp, ["archive", "stories/pilots.txt"])
    (file_plan,) = plan.files
    edited = TXT.replace("Wednesday", "Thursday")
    (desk / "stories" / "pilots.txt").write_text(edited, encoding="utf-8")
    assert write_changes(file_plan, file_plan.changes) == "stories/pilots.txt: changed since it was checked: left untouched"
    assert (desk / "stories" / "pilots.txt").read_text(encoding="utf-8") == edited


def test_a_file_changed_during_the_check_is_left_untouched(
    desk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_run = cli._run
    path = desk / "stories" / "pilots.txt"

    def run_then_edit(*args, **kw):  # type: ignore[no-untyped-def]
        result = real_run(*args, **kw)
        path.write_text(TXT + "An editor's late line.\n", encoding="utf-8")
        return result

    monkeypatch.setattr(cli, "_run", run_then_edit)
    assert run("--yes", "archive", str(path)) == 1
    assert "stories/pilots.txt: changed since it was checked: left untouched" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == TXT + "An editor's late line.\n"


def test_permissions_are_kept(desk: Path) -> None:
    path = desk / "stories" / "pilots.txt"
    path.chmod(0o640)
    assert run("--yes", "archive", str(path)) == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert not list(desk.rglob("*.copydesk-fix"))


def test_never_writes_through_a_link_out_of_the_paths(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = write(desk / "elsewhere", "real.txt", TXT)
    (desk / "stories" / "linked.txt").symlink_to(outside)
    assert run("--yes", "archive", "stories/linked.txt") == 1
    assert f"stories/linked.txt: a symbolic link to {outside}, outside the paths given: left untouched" in capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == TXT
    assert (desk / "stories" / "linked.txt").is_symlink()


def test_a_link_inside_the_paths_is_written_through_and_stays_a_link(desk: Path) -> None:
    for other in ("pilots.md", "pilots.html"):
        (desk / "stories" / other).unlink()  # one misspelt story against three right ones
    (desk / "stories" / "alias.txt").symlink_to("pilots.txt")  # the folder's walk finds both: one file
    assert run("--yes", "archive", "stories") == 0
    assert (desk / "stories" / "alias.txt").is_symlink()
    assert (desk / "stories" / "pilots.txt").read_text(encoding="utf-8") == TXT.replace("Marchetty", "Marchetti")


def test_a_link_named_alone_is_not_followed_to_a_file_not_named(desk: Path) -> None:
    (desk / "stories" / "alias.txt").symlink_to("pilots.txt")
    assert run("--yes", "archive", "stories/alias.txt") == 1
    assert (desk / "stories" / "pilots.txt").read_text(encoding="utf-8") == TXT


def test_writable_is_only_under_the_paths_given(desk: Path) -> None:
    writable = Writable.of(["stories/pilots.txt"])
    assert writable.refusal("stories/pilots.txt") is None
    assert writable.refusal("archive/ferry-1.txt") == "outside the paths given"
    assert Writable.of(["archive"]).refusal("archive/ferry-1.txt") is None


def test_an_interrupt_at_the_rename_leaves_every_file_whole(
    desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the second of three files is being put in place: the first is new,
    the other two old, and no temporary file is left."""
    before = snapshot(desk / "stories")
    real_replace = os.replace
    calls = []

    def replace_then_interrupt(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(fix_module.os, "replace", replace_then_interrupt)
    assert run("--yes", "--rules", str(HOUSE_RULES), "archive", "stories") == 130
    after = snapshot(desk / "stories")
    assert after["pilots.html"] != before["pilots.html"]  # written first (files go in name order)
    assert after["pilots.md"] == before["pilots.md"] and after["pilots.txt"] == before["pilots.txt"]
    assert not list(desk.rglob("*.copydesk-fix"))


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PYTHONPATH"] = str(PROJECT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_sigint_to_a_real_fix_process_leaves_every_file_whole(tmp_path: Path) -> None:
    """40 misspelt stories fixed by a real process, interrupted as soon as the first is
    written: each file is either as it was or fully fixed, and no temporary file is left."""
    shutil.copytree(FIXTURES / "archive", tmp_path / "archive")
    # the house list says which spelling is right: 40 misspelt stories do not outvote it
    write(tmp_path / "house", "entities.yaml", "entities:\n  - name: Helena Marchetti\n")
    old, new = TXT.encode("utf-8"), TXT.replace("Marchetty", "Marchetti").encode("utf-8")
    (tmp_path / "stories").mkdir()
    for i in range(40):
        (tmp_path / "stories" / f"pilots-{i:02}.txt").write_bytes(old)
    proc = subprocess.Popen(
        [sys.executable, "-m", "copydesk", "fix", "--yes", "--no-cache", "--rules", "house", "archive", "stories"],
        cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible,
    )
    stories = sorted((tmp_path / "stories").iterdir())
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.read_bytes() != old for p in stories):
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.002)
    out, err = proc.communicate(timeout=60)
    contents = [p.read_bytes() for p in stories]
    print(f"interrupted with {contents.count(new)} of {len(contents)} stories fixed")
    assert all(c in (old, new) for c in contents)
    assert new in contents
    assert not list(tmp_path.rglob("*.copydesk-fix"))
    if old in contents:  # stopped part way (the usual case): said so, exit 130
        assert proc.returncode == 130, err
        assert b"copydesk: interrupted" in err


# -- the prompt on a terminal -------------------------------------------------------------------


def test_prompt_on_a_terminal_asks_per_change(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    shutil.copytree(FIXTURES / "archive", tmp_path / "archive")
    story = write(tmp_path / "stories", "pilots.txt", TXT)
    child = pexpect.spawn(
        sys.executable, ["-m", "copydesk", "fix", "--no-cache", "--rules", str(HOUSE_RULES), "archive", "stories"],
        cwd=str(tmp_path), env=_env(), encoding="utf-8", timeout=120,
    )
    child.expect(r"stories/pilots\.txt:3:1: \[name-variant\] 'Helena Marchetty' -> 'Helena Marchetti'")
    child.expect(r"-Helena Marchetty, who leads")
    child.expect(r"\+Helena Marchetti, who leads")
    child.expect(r"Apply this change\? \[y\]es, \[n\]o, \[a\]ll, \[q\]uit")
    child.sendline("y")
    child.expect(r"'Kiev' -> 'Kyiv'")
    child.expect(r"Apply this change\?")
    child.sendline("n")
    child.expect(r"'Marchetty' -> 'Marchetti'")
    child.expect(r"Apply this change\?")
    child.sendline("maybe")  # not an answer: explained, asked again
    child.expect(r"a: apply it and every later change")
    child.expect(r"Apply this change\?")
    child.sendline("a")
    child.expect(r"fixed stories/pilots\.txt: 3 change\(s\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert story.read_text(encoding="utf-8") == TXT.replace("Marchetty", "Marchetti")  # Kyiv refused


def test_prompt_quit_writes_what_was_accepted(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    shutil.copytree(FIXTURES / "archive", tmp_path / "archive")
    story = write(tmp_path / "stories", "pilots.txt", TXT)
    child = pexpect.spawn(
        sys.executable, ["-m", "copydesk", "fix", "--no-cache", "archive", "stories"],
        cwd=str(tmp_path), env=_env(), encoding="utf-8", timeout=120,
    )
    child.expect(r"Apply this change\?")
    child.sendline("y")
    child.expect(r"Apply this change\?")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert story.read_text(encoding="utf-8") == TXT.replace("Helena Marchetty,", "Helena Marchetti,")


# -- properties ---------------------------------------------------------------------------------

SURNAMES = ["Marchetti", "Kowalczyk", "Brennholt", "Sorensen"]
TYPOS = {"Marchetti": ["Marchetty", "Marchtti"], "Kowalczyk": ["Kowalczik", "Kowalcyk"],
         "Brennholt": ["Brenholt", "Brennhold"], "Sorensen": ["Sorenson", "Sorrensen"]}
GIVEN = {"Marchetti": "Helena", "Kowalczyk": "Marta", "Brennholt": "Oskar", "Sorensen": "Ingrid"}
FORMATS = ["txt", "md", "html"]


@st.composite
def stories(draw: st.DrawFn) -> tuple[str, str, str, bytes, str]:
    """(surname, misspelling, suffix, encoding prefix, line ending) of one misspelt story."""
    surname = draw(st.sampled_from(SURNAMES))
    return (
        surname,
        draw(st.sampled_from(TYPOS[surname])),
        draw(st.sampled_from(FORMATS)),
        draw(st.sampled_from([b"", codecs.BOM_UTF8])),
        draw(st.sampled_from(["\n", "\r\n"])),
    )


def _story_text(surname: str, typo: str, fmt: str, forms: list[int]) -> str:
    given = GIVEN[surname]
    sentences = [
        [f"{given} {typo} met Bluewake Lines on Wednesday.", f"Ms {typo} said members would vote.",
         f"{typo}'s deputy declined to comment.", f"{given} {surname} thanked the crews."][i % 4]
        for i in forms
    ]
    if fmt == "html":
        body = "".join(f"<p>{html.escape(s).replace(typo, f'<em>{typo}</em>', 1) if i % 2 else html.escape(s)}</p>\n"
                       for i, s in enumerate(sentences))
        return f"<html><head><title>Pilots</title></head><body><article>\n<h1>Pilots weigh offer</h1>\n{body}</article></body></html>\n"
    head = "---\ntitle: Pilots weigh offer\n---\n" if fmt == "md" else "Pilots weigh offer\n\n"
    return head + "Piotr Zielak chaired the meeting. " + " ".join(sentences) + "\n"


def _archive(folder: Path, surname: str) -> None:
    given = GIVEN[surname]
    for i, place in enumerate(["Tarnow", "Gdynia", "Hel"]):
        write(folder, f"archive-{i}.txt",
              f"Pilots in {place}\n\n{given} {surname}, head of the Coastal Pilots Guild, spoke in {place}.\n"
              f"Harbour master Piotr Zielak listened. {surname} met Bluewake Lines.\n")


PROPERTY = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@PROPERTY
@given(story=stories(), forms=st.lists(st.integers(0, 7), min_size=1, max_size=4))
@example(story=("Marchetti", "Marchtti", "txt", b"", "\n"), forms=[0, 2])  # found by it: the surname alone, seen only once fixed
def test_fix_fixes_only_its_spans_and_a_second_run_changes_nothing(
    story: tuple[str, str, str, bytes, str], forms: list[int], nlp: Language, default_rules: RuleSet
) -> None:
    surname, typo, fmt, bom, newline = story
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _archive(root / "archive", surname)
        path = root / "stories" / f"story.{fmt}"
        path.parent.mkdir()
        path.write_bytes(bom + _story_text(surname, typo, fmt, forms).replace("\n", newline).encode("utf-8"))
        paths = [str(root / "archive"), str(path)]
        original = path.read_bytes()
        # one pass, by the library: exactly the planned spans are written
        plan = _plan(root, default_rules, nlp, paths)
        changes = [c for p in plan.files for c in p.changes]
        assert {p.path for p in plan.files} <= {str(path)}  # the archive is spelt right
        for file_plan in plan.files:
            assert write_changes(file_plan, file_plan.changes) is None
        after = path.read_bytes()
        if changes:
            (file_plan,) = plan.files
            assert after == file_plan.patched(changes)
            for change in changes:  # and each span held the found text (a word of it in HTML), nothing more
                for span in change.spans:
                    old = html.unescape(original[span.start:span.end].decode("utf-8"))
                    assert old in change.finding.found.split() or old == change.finding.found
        else:
            assert after == original
        # a re-check finds none of the fixed findings: not the new text, not the old one
        recheck = check_paths(paths, default_rules, nlp).findings
        new_spellings = {(c.finding.rule, c.new_text) for c in changes}
        assert not [f for f in recheck if (f.rule, f.found) in new_spellings and f.file == str(path)]
        assert not [f for f in recheck if f.found in {c.finding.found for c in changes} and f.expected]
        # the command, from the original: a second run changes nothing
        path.write_bytes(original)
        assert run("--yes", *paths) == 0
        fixed_once = path.read_bytes()
        assert run("--yes", *paths) == 0
        assert path.read_bytes() == fixed_once
        assert run("--diff", *paths) == 0


# -- the copydesk-fix pre-commit hook -----------------------------------------------------------

# the pre-commit store and the copydesk snapshot it installs, as test_hook.py makes them
# (hook_source, pre_commit_env: fixtures the tests below take by name)
from test_hook import PRE_COMMIT, commit, commits, git, hook_source, needs_pre_commit, pre_commit_env  # noqa: E402, F401


def test_hook_manifest_has_copydesk_fix_running_fix_staged_yes() -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    hook = hooks["copydesk-fix"]
    assert hook["entry"] == "copydesk fix --staged --yes"
    assert hook["pass_filenames"] is False and hook["require_serial"] is True


@needs_pre_commit
def test_copydesk_fix_hook_fixes_the_staged_article_and_fails_the_commit_once(
    tmp_path: Path, hook_source: tuple[Path, str], pre_commit_env: dict[str, str]  # noqa: F811
) -> None:
    repo = tmp_path / "newsroom"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Copydesk Tests")
    git(repo, "config", "user.email", "tests@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")
    shutil.copytree(FIXTURES / "archive", repo / "articles")
    source, rev = hook_source
    write(repo, ".pre-commit-config.yaml",
          f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: copydesk-fix\n        args: [articles/]\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "archive")
    done = subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, env=pre_commit_env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    story = write(repo / "articles", "pilots.txt", TXT)
    git(repo, "add", "articles/pilots.txt")
    done = commit(repo, pre_commit_env, "pilots")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "files were modified by this hook" in output
    assert commits(repo) == 1
    assert story.read_text(encoding="utf-8") == TXT.replace("Marchetty", "Marchetti")  # no house style here: Kiev stays
    git(repo, "add", "articles/pilots.txt")
    done = commit(repo, pre_commit_env, "pilots, fixed")
    assert done.returncode == 0, done.stdout + done.stderr
    assert commits(repo) == 2
