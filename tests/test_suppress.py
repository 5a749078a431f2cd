"""Findings an editor has dealt with: inline copydesk-disable markers and a baseline file.

Marker tests read small article files with the real reader and run the substitution
check (which needs no model) or judge hand-made findings on given lines; a few run the
whole pipeline or the command line.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import write
from copydesk import cli, nlp as nlp_module
from copydesk.checks import substitution
from copydesk.ingest import read_article
from copydesk.model import Article, Finding
from copydesk.pipeline import check_paths
from copydesk.rules import RuleSet, Substitution
from copydesk.suppress import (
    BaselineError,
    fingerprint,
    new_findings,
    read_baseline,
    unsuppressed,
    write_baseline,
)
from copydesk.workspace import workspace

SUB, NAME, ROLE = "substitution", "name-variant", "role-conflict"


@pytest.fixture(autouse=True)
def session_model(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI gets the already loaded model."""
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)


@pytest.fixture(scope="module")
def kyiv(default_rules: RuleSet) -> RuleSet:
    return dataclasses.replace(default_rules, substitutions=[Substitution(find="Kiev", replace="Kyiv")])


def read(path: Path) -> Article:
    return read_article(str(path), [])


def kiev_lines(path: Path, rules: RuleSet) -> list[int]:
    """Lines of the "Kiev" findings no marker turns off."""
    article = read(path)
    findings = substitution.check(None, {}, {article.path: article}, rules)  # type: ignore[arg-type]
    return [f.line for f in unsuppressed(findings, {article.path: article})]


def finding(rule: str, file: str, line: int, found: str = "Oskar Brenholt") -> Finding:
    return Finding(rule, "error", file, line, 1, found, "Oskar Brennholt", "Oskar Brennholt", "made up")


def kept(path: Path, findings: list[Finding]) -> set[tuple[str, int]]:
    article = read(path)
    return {(f.rule, f.line) for f in unsuppressed(findings, {article.path: article})}


def on_every_line(path: Path, *rules: str) -> list[Finding]:
    n = path.read_text(encoding="utf-8").count("\n")
    return [finding(rule, str(path), line) for rule in rules for line in range(1, n + 1)]


# -- inline markers -----------------------------------------------------------------------------


def test_disable_and_enable_one_rule_leaves_the_others_on(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "story.md",
        "line 1\n<!-- copydesk-disable substitution -->\nline 3\nline 4\n<!-- copydesk-enable substitution -->\nline 6\n",
    )
    assert kept(path, on_every_line(path, SUB, NAME)) == {
        (SUB, 1), (SUB, 6),
        (NAME, 1), (NAME, 2), (NAME, 3), (NAME, 4), (NAME, 5), (NAME, 6),
    }


def test_disable_without_rule_names_turns_off_every_rule_until_enable(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", "line 1\n<!-- copydesk-disable -->\nline 3\n<!-- copydesk-enable -->\nline 5\n")
    assert kept(path, on_every_line(path, SUB, NAME, ROLE)) == {(r, n) for r in (SUB, NAME, ROLE) for n in (1, 5)}


def test_disable_without_enable_lasts_to_the_end_of_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", "line 1\n<!-- copydesk-disable name-variant -->\nline 3\nline 4\n")
    assert kept(path, on_every_line(path, NAME)) == {(NAME, 1)}


def test_enable_of_one_rule_after_disable_of_all_turns_on_only_that_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path, "story.md", "line 1\n<!-- copydesk-disable -->\nline 3\n<!-- copydesk-enable substitution -->\nline 5\n"
    )
    assert kept(path, on_every_line(path, SUB, NAME)) == {(SUB, 1), (SUB, 5), (NAME, 1)}


def test_several_rules_in_one_marker(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", "<!-- copydesk-disable name-variant, role-conflict -->\nline 2\n")
    assert kept(path, on_every_line(path, SUB, NAME, ROLE)) == {(SUB, 1), (SUB, 2)}


def test_disable_next_line_covers_the_next_line_only(tmp_path: Path, kyiv: RuleSet) -> None:
    path = write(tmp_path, "story.md", "Kiev\n<!-- copydesk-disable-next-line -->\nKiev\nKiev\n")
    assert kiev_lines(path, kyiv) == [1, 4]


def test_disable_next_line_for_another_rule_keeps_this_one(tmp_path: Path, kyiv: RuleSet) -> None:
    path = write(tmp_path, "story.md", "<!-- copydesk-disable-next-line name-variant -->\nKiev\n")
    assert kiev_lines(path, kyiv) == [2]
    assert kept(path, on_every_line(path, NAME)) == {(NAME, 1)}


def test_disable_line_at_the_end_of_a_text_line(tmp_path: Path, kyiv: RuleSet) -> None:
    for name in ("story.md", "story.txt"):
        path = write(tmp_path, name, "Talks in Kiev. <!-- copydesk-disable-line substitution -->\nKiev again.\n")
        assert kiev_lines(path, kyiv) == [2], name


def test_plain_text_marker_alone_on_a_line(tmp_path: Path, kyiv: RuleSet) -> None:
    path = write(
        tmp_path,
        "story.txt",
        "Kiev one.\ncopydesk-disable-next-line\nKiev two.\n  copydesk-disable substitution\nKiev three.\n"
        "copydesk-enable substitution\nKiev four.\n",
    )
    assert kiev_lines(path, kyiv) == [1, 7]


def test_plain_text_words_that_merely_mention_copydesk_are_no_marker(tmp_path: Path, kyiv: RuleSet) -> None:
    path = write(tmp_path, "story.txt", "We ran copydesk-disable-next-line on it.\nKiev.\n")
    assert kiev_lines(path, kyiv) == [2]


def test_marker_in_an_html_article(tmp_path: Path, kyiv: RuleSet) -> None:
    path = write(
        tmp_path,
        "story.html",
        "<html><body><article>\n"
        "<p>Kiev one is a long paragraph of text about the city, its port and its people.</p>\n"
        "<!-- copydesk-disable-next-line substitution -->\n"
        "<p>Kiev two is another long paragraph of text about the city and the talks there.</p>\n"
        "<p>Kiev three closes the story with a few more words about the talks and the port.</p>\n"
        "</article></body></html>\n",
    )
    assert kiev_lines(path, kyiv) == [2, 5]


@pytest.mark.parametrize(
    "marker",
    [
        "<!-- copydesk-disable name-varient -->",
        "<!-- copydesk-disable-next-line name-varient -->",
        "copydesk-disable-next-line name-varient",  # plain text form
    ],
)
def test_unknown_rule_in_a_marker_warns_with_file_and_line_and_turns_nothing_off(
    tmp_path: Path, kyiv: RuleSet, marker: str
) -> None:
    path = write(tmp_path, "story.txt", f"Talks resume\n\n{marker}\nTalks in Kiev.\n")
    article = read(path)
    assert article.suppressions == ()
    assert kiev_lines(path, kyiv) == [4]
    (warning,) = article.warnings
    assert warning.startswith(f"{path}:3:")
    assert "name-varient" in warning


def test_unknown_rule_beside_a_known_one_warns_and_the_known_one_is_turned_off(tmp_path: Path, kyiv: RuleSet) -> None:
    path = write(tmp_path, "story.md", "Talks resume\n<!-- copydesk-disable-next-line name-varient substitution -->\nKiev.\n")
    article = read(path)
    (warning,) = article.warnings
    assert warning.startswith(f"{path}:2:") and "name-varient" in warning
    assert kiev_lines(path, kyiv) == []


def test_unknown_rule_warning_reaches_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "articles", "story.md", "Talks resume\n\n<!-- copydesk-disable role-conflcit, substitution -->\nText.\n")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check", "articles", "-o", "r.csv"])
    err = capsys.readouterr().err
    assert code == 0
    assert "warning" in err and "articles/story.md:3:" in err and "role-conflcit" in err


def test_marker_text_is_not_extracted_as_a_name(tmp_path: Path, nlp: Language, default_rules: RuleSet) -> None:
    path = write(
        tmp_path,
        "story.txt",
        "Harbour talks\n\n"
        "<!-- copydesk-disable name-variant -->\n"
        "Pavel Dunmore met Ilse Marrowind at the port.\n"
        "copydesk-disable-next-line substitution\n"
        "Dunmore said the talks went well.\n"
        "<!-- copydesk-enable name-variant -->\n",
    )
    result = check_paths([str(path)], default_rules, nlp)
    article = result.articles[str(path)]
    assert "copydesk-" not in article.text  # both markers blanked, offsets kept
    assert len(article.text) == len(path.read_text(encoding="utf-8"))
    texts = {m.text for m in result.mentions[str(path)]}
    assert {"Pavel Dunmore", "Ilse Marrowind"} <= texts
    marker_lines = {3, 5, 7}
    assert [m.text for m in result.mentions[str(path)] if m.line in marker_lines] == []


def test_markers_work_through_the_whole_pipeline(tmp_path: Path, nlp: Language, kyiv: RuleSet) -> None:
    path = write(
        tmp_path,
        "story.md",
        "# Talks\n\nTalks in Kiev. <!-- copydesk-disable-line -->\n\nMore talks in Kiev.\n",
    )
    result = check_paths([str(path)], kyiv, nlp)
    assert [(f.rule, f.line) for f in result.findings] == [(SUB, 5)]


# -- baseline ------------------------------------------------------------------------------------


def test_baseline_round_trip_counts_alike_findings(tmp_path: Path) -> None:
    findings = [
        finding(NAME, "./articles/a.txt", 3),
        finding(NAME, "articles/a.txt", 9),  # same name, same file: counted twice
        finding(SUB, "articles/b.txt", 1, found="Kiev"),
    ]
    path = tmp_path / "baseline.json"
    write_baseline(findings, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["copydesk_baseline"] == 1
    assert all(row["file"] in ("articles/a.txt", "articles/b.txt") for row in data["findings"])  # paths normalised
    assert read_baseline(path) == Counter(fingerprint(f, workspace([]).top) for f in findings)
    assert sum(read_baseline(path).values()) == 3


def test_only_findings_not_in_the_baseline_are_new(tmp_path: Path) -> None:
    old = [finding(NAME, "a.txt", 3), finding(SUB, "b.txt", 1, found="Kiev")]
    path = tmp_path / "baseline.json"
    write_baseline(old, path)
    fresh = finding(NAME, "c.txt", 2)
    assert new_findings([*old, fresh], read_baseline(path)) == [fresh]


def test_finding_moved_to_another_line_is_still_known(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([finding(NAME, "a.txt", 3)], path)
    moved = dataclasses.replace(finding(NAME, "a.txt", 12), column=7)
    assert new_findings([moved], read_baseline(path)) == []


@pytest.mark.parametrize(
    "change",
    [
        {"file": "b.txt"},
        {"found": "Oskr Brennholt"},
        {"expected": "Oskar Brenholt"},
        {"rule": SUB},
    ],
)
def test_finding_that_differs_in_what_it_says_is_new(tmp_path: Path, change: dict[str, str]) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([finding(NAME, "a.txt", 3)], path)
    other = dataclasses.replace(finding(NAME, "a.txt", 3), **change)
    assert new_findings([other], read_baseline(path)) == [other]


def test_second_identical_finding_beyond_the_baseline_count_is_new(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline([finding(NAME, "a.txt", 3)], path)
    first, second = finding(NAME, "a.txt", 3), finding(NAME, "a.txt", 20)
    assert new_findings([second, first], read_baseline(path)) == [second]  # the later one is new


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"copydesk_baseline": 1,\n "findings": [\n', ":3: not a copydesk baseline (invalid JSON)"),
        ("[]", "not a copydesk baseline"),
        ('{"findings": []}', "not a copydesk baseline"),
        ('{"copydesk_baseline": 2, "findings": []}', "not a copydesk baseline"),
        ('{"copydesk_baseline": 1, "findings": {}}', "not a copydesk baseline"),
        ('{"copydesk_baseline": 1, "findings": [{"rule": "substitution", "file": "a.txt"}]}', "findings[0]"),
        ('{"copydesk_baseline": 1, "findings": [{"rule": "r", "file": "f", "found": "x", "expected": "y", '
         '"entity": "z", "count": "two"}]}', "findings[0]"),
        ('{"copydesk_baseline": 1, "findings": [{"rule": "r", "file": "f", "found": "x", "expected": "y", '
         '"entity": "z", "count": true}]}', "findings[0]"),
        ('{"copydesk_baseline": 1, "findings": [{"rule": "r", "file": "f", "found": "x", "expected": "y", '
         '"entity": "z", "count": -1}]}', "findings[0]"),
    ],
)
def test_bad_baseline_is_an_error_naming_the_file(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as info:
        read_baseline(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert words in message
    assert "\n" not in message


def test_missing_or_binary_baseline_is_an_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="nowhere.json"):
        read_baseline(tmp_path / "nowhere.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(BaselineError, match="binary.json"):
        read_baseline(binary)


# -- baseline on the command line ----------------------------------------------------------------


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a rules folder making every "Kiev" an error and one article."""
    write(tmp_path / "house", "style.yaml", "substitutions:\n  - {find: Kiev, replace: Kyiv, severity: error}\n")
    write(tmp_path / "articles", "talks.txt", "Talks resume\n\nDelegates met in Kiev on Monday.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", "articles", "--rules", "house", "-o", "report.json", "-f", "json", *args])
    out, err = capsys.readouterr()
    return code, out, err


def reported(desk: Path) -> list[tuple[str, int, str]]:
    return [(r["rule"], r["line"], r["found"]) for r in json.loads((desk / "report.json").read_text(encoding="utf-8"))]


def test_write_baseline_exits_0_despite_error_findings(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys)[0] == 1  # without it: an error finding fails the check
    code, out, _ = check(capsys, "--write-baseline", "baseline.json")
    assert code == 0
    assert "baseline.json" in out
    assert reported(desk) == [(SUB, 3, "Kiev")]  # the report still lists what was found
    assert sum(read_baseline(desk / "baseline.json").values()) == 1


def test_baseline_on_the_command_line_reports_only_new_findings(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check(capsys, "--write-baseline", "baseline.json")
    # a line added above the known finding moves it; a second "Kiev" is new
    write(desk / "articles", "talks.txt", "Talks resume\n\nAn added line.\nDelegates met in Kiev on Monday.\nThey left Kiev today.\n")
    code, out, _ = check(capsys, "--baseline", "baseline.json")
    assert reported(desk) == [(SUB, 5, "Kiev")]
    assert code == 1
    assert "1 known finding(s) not reported" in out


def test_baseline_knows_a_file_however_its_path_is_typed(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # written with "articles", checked with an absolute path: the same finding
    check(capsys, "--write-baseline", "baseline.json")
    code = cli.main(["check", str(desk / "articles"), "--rules", "house", "-o", "report.json", "-f", "json",
                     "--baseline", "baseline.json"])
    capsys.readouterr()
    assert code == 0
    assert reported(desk) == []


def test_baseline_with_nothing_new_exits_0(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    check(capsys, "--write-baseline", "baseline.json")
    code, _, _ = check(capsys, "--baseline", "baseline.json")
    assert code == 0
    assert reported(desk) == []


@pytest.mark.parametrize("content", ["{not json", '{"copydesk_baseline": 1}'])
def test_bad_baseline_on_the_command_line_exits_2_naming_the_file(
    desk: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    (desk / "baseline.json").write_text(content, encoding="utf-8")
    code, _, err = check(capsys, "--baseline", "baseline.json")
    assert code == 2
    assert err.count("\n") == 1 and "baseline.json" in err
    assert not (desk / "report.json").exists()


def test_missing_baseline_on_the_command_line_exits_2(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(capsys, "--baseline", "nowhere.json")
    assert code == 2
    assert "nowhere.json" in err
