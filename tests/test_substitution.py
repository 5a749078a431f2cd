"""substitution: house style, a word always written one way ("Kiev" -> "Kyiv").

Most tests read a small article file with the real reader (so front matter and
boilerplate lines are blanked as in a check) and run the substitution check alone: it
needs no model. One test runs the whole pipeline.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from conftest import position, rows, write
from copydesk.checks import substitution
from copydesk.ingest import read_article
from copydesk.model import Finding
from copydesk.pipeline import check_paths
from copydesk.rules import RuleError, RuleSet, Substitution, load_rules

RULE = "substitution"
KYIV = {"find": "Kiev", "replace": "Kyiv"}
STYLE_DIR = Path(__file__).parent / "fixtures" / "rules" / "house"


def with_subs(rules: RuleSet, *subs: dict[str, Any]) -> RuleSet:
    return dataclasses.replace(rules, substitutions=[Substitution.model_validate(s) for s in subs])


def check_file(path: Path, rules: RuleSet) -> list[Finding]:
    article = read_article(str(path), rules.boilerplate)
    return substitution.check(None, {}, {article.path: article}, rules)  # type: ignore[arg-type]


def check_text(tmp_path: Path, rules: RuleSet, text: str, name: str = "story.txt") -> list[Finding]:
    return check_file(write(tmp_path, name, text), rules)


def found(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.found, f.expected) for f in findings]


# -- what matches ----------------------------------------------------------------------------


def test_whole_words_only(tmp_path: Path, default_rules: RuleSet) -> None:
    text = "Talks in Kiev ended. Kievan Rus was older. Kiev's mayor spoke. Kievs and SuperKiev too.\n"
    assert found(check_text(tmp_path, with_subs(default_rules, KYIV), text)) == [("Kiev", "Kyiv"), ("Kiev", "Kyiv")]


def test_case_sensitive_by_default(tmp_path: Path, default_rules: RuleSet) -> None:
    text = "KIEV and kiev are left alone; Kiev is not.\n"
    (f,) = check_text(tmp_path, with_subs(default_rules, KYIV), text)
    assert (f.found, f.column) == ("Kiev", text.index("Kiev is") + 1)


def test_ignore_case_matches_any_case(tmp_path: Path, default_rules: RuleSet) -> None:
    rules = with_subs(default_rules, {**KYIV, "ignore_case": True})
    text = "KIEV, kiev and Kiev.\n"
    assert found(check_text(tmp_path, rules, text)) == [("KIEV", "Kyiv"), ("kiev", "Kyiv"), ("Kiev", "Kyiv")]


def test_text_already_in_house_form_is_not_flagged(tmp_path: Path, default_rules: RuleSet) -> None:
    # a capitalisation rule: every case of "Kyiv" matches, the house form is left alone
    rules = with_subs(default_rules, {"find": "kyiv", "replace": "Kyiv", "ignore_case": True})
    assert found(check_text(tmp_path, rules, "Kyiv, KYIV and kyiv.\n")) == [("KYIV", "Kyiv"), ("kyiv", "Kyiv")]


def test_regex_match_already_in_house_form_is_not_flagged(tmp_path: Path, default_rules: RuleSet) -> None:
    rules = with_subs(default_rules, {"find": "colou?r", "replace": "colour", "regex": True})
    assert found(check_text(tmp_path, rules, "The colour and the color.\n")) == [("color", "colour")]


def test_regex_replace_uses_groups(tmp_path: Path, default_rules: RuleSet) -> None:
    rules = with_subs(
        default_rules,
        {"find": r"Mr\.? (\w+)", "replace": r"\1", "regex": True, "message": "house style drops courtesy titles"},
    )
    findings = check_text(tmp_path, rules, "Mr Brennholt met Mr. Dunmore and Mrs Dale.\n")
    assert found(findings) == [("Mr Brennholt", "Brennholt"), ("Mr. Dunmore", "Dunmore")]
    assert {f.entity for f in findings} == {"Brennholt", "Dunmore"}  # the expected form, not the pattern


def test_regex_is_whole_words_too(tmp_path: Path, default_rules: RuleSet) -> None:
    rules = with_subs(default_rules, {"find": "Kiev|Kiew", "replace": "Kyiv", "regex": True})
    assert found(check_text(tmp_path, rules, "Kiew, Kievan, Kiev.\n")) == [("Kiew", "Kyiv"), ("Kiev", "Kyiv")]


def test_regex_that_can_match_empty_text_is_a_rule_error(tmp_path: Path) -> None:
    # a stray "|" lets the pattern match nothing, wherever two non-word characters
    # meet: the rule is refused on load, naming the line of `find`
    path = write(tmp_path / "rules", "style.yaml", "substitutions:\n  - replace: Kyiv\n    regex: true\n    find: 'Kiev|'\n")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path / "rules"])
    assert f"{path}:4:" in str(info.value) and "empty text" in str(info.value)


def test_phrase_wrapped_across_lines_is_found(tmp_path: Path, default_rules: RuleSet) -> None:
    # a hard-wrapped paragraph: the extractor reads "Foreign\nOffice" as one phrase, and
    # so should house style
    rules = with_subs(default_rules, {"find": "Foreign Office", "replace": "FCDO"})
    text = "A statement from the Foreign\nOffice said the talks would resume.\n"
    (f,) = check_text(tmp_path, rules, text)
    assert (f.line, f.column, f.expected) == (1, text.index("Foreign") + 1, "FCDO")


# -- where ---------------------------------------------------------------------------------------


def test_line_and_column_in_plain_text_with_crlf_line_ends(tmp_path: Path, default_rules: RuleSet) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Talks\r\n\r\nDelegates met in Kiev on Monday.\r\n")
    (f,) = check_file(path, with_subs(default_rules, KYIV))
    assert (f.line, f.column) == (3, 18)


def test_line_and_column_in_markdown_with_front_matter(tmp_path: Path, default_rules: RuleSet) -> None:
    path = write(
        tmp_path,
        "talks.md",
        "---\ntitle: Talks resume\ndate: 2024-03-04\n---\n\n# Talks resume\n\n"
        "Delegates met in **Kiev** on Monday, and Kiev's mayor spoke.\n",
    )
    findings = check_file(path, with_subs(default_rules, KYIV))
    assert [(f.line, f.column) for f in findings] == [position(path, "Kiev"), position(path, "Kiev", 1)]
    assert findings[0].line == 8


def test_line_and_column_in_html_point_into_the_source(tmp_path: Path, default_rules: RuleSet) -> None:
    path = write(
        tmp_path,
        "talks.html",
        "<html><head><title>Talks</title></head><body>\n<article>\n<h1>Talks resume</h1>\n"
        "<p>Delegates met in\n  <b>Kiev</b> on Monday and talked for a long time about the port and its future.</p>\n"
        "<p>A second paragraph says Kiev again and goes on for long enough to be main text.</p>\n"
        "</article></body></html>\n",
    )
    findings = check_file(path, with_subs(default_rules, KYIV))
    assert [(f.line, f.column) for f in findings] == [position(path, "Kiev"), position(path, "Kiev", 1)]


def test_boilerplate_lines_are_not_flagged(tmp_path: Path) -> None:
    rules_dir = write(
        tmp_path / "rules",
        "style.yaml",
        "substitutions:\n  - {find: Kiev, replace: Kyiv}\nignore:\n  lines: ['^Filed by our .* bureau']\n",
    ).parent
    rules = load_rules([rules_dir])
    text = (
        "Talks resume\n\n"
        "Filed by our Kiev bureau\n"  # the test's own ignore.lines
        "Delegates met in Kiev on Monday.\n"
        "Follow us for more news from Kiev\n"  # a built-in boilerplate line
    )
    (f,) = check_text(tmp_path, rules, text)
    assert (f.line, f.column) == (4, 18)


# -- what is reported -------------------------------------------------------------------------------


def test_severity_is_per_item_warning_by_default(tmp_path: Path, default_rules: RuleSet) -> None:
    rules = with_subs(
        default_rules,
        KYIV,
        {"find": "e-mail", "replace": "email", "severity": "info"},
        {"find": "Brenholt", "replace": "Brennholt", "severity": "error"},
    )
    findings = check_text(tmp_path, rules, "Kiev. Send an e-mail to Brenholt.\n")
    assert {(f.found, f.severity) for f in findings} == {("Kiev", "warning"), ("e-mail", "info"), ("Brenholt", "error")}


def test_message_names_both_forms_unless_the_rule_gives_one(tmp_path: Path, default_rules: RuleSet) -> None:
    rules = with_subs(default_rules, KYIV, {"find": "e-mail", "replace": "email", "message": "one word since 2011"})
    findings = {f.found: f for f in check_text(tmp_path, rules, "Kiev by e-mail.\n")}
    assert "Kiev" in findings["Kiev"].message and "Kyiv" in findings["Kiev"].message
    assert findings["e-mail"].message == "one word since 2011"
    assert findings["Kiev"].entity == "Kyiv"
    assert findings["Kiev"].evidence == {"find": "Kiev"}


def test_substitutions_from_a_rules_folder_through_the_whole_pipeline(
    tmp_path: Path, nlp: Language, default_rules: RuleSet
) -> None:
    style = load_rules([STYLE_DIR], with_defaults=False).substitutions
    rules = dataclasses.replace(default_rules, substitutions=style)
    story = write(
        tmp_path / "articles",
        "talks.md",
        "---\ndate: 2024-03-04\n---\n\nDelegates met in Kiev on Monday.\n\nSend an E-mail to the desk.\n",
    )
    result = check_paths([str(tmp_path / "articles")], rules, nlp)
    assert rows(result.findings, RULE) == {
        (RULE, "warning", "talks.md", *position(story, "Kiev"), "Kiev", "Kyiv"),
        # with ignore_case the suggestion keeps the found text's capital
        (RULE, "info", "talks.md", *position(story, "E-mail"), "E-mail", "Email"),
    }
