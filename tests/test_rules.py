"""rules: the YAML rule set loads, layers and validates, with errors naming FILE:LINE."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import write
from copydesk import cli
from copydesk.rules import RuleError, RuleSet, default_rules_dir, load_rules


def rule_error(*dirs: Path) -> str:
    with pytest.raises(RuleError) as info:
        load_rules(dirs)
    message = str(info.value)
    assert "\n" not in message, "a rule error is one line"
    return message


# -- defaults --------------------------------------------------------------------------------


def test_default_rules_load_with_titles_countries_and_settings() -> None:
    rules = load_rules()
    assert isinstance(rules, RuleSet)
    titles = {t.title: t for t in rules.titles}
    assert {"foreign minister", "president", "chancellor", "prime minister"} <= set(titles)
    assert "premier" in titles["prime minister"].synonyms
    china = next(c for c in rules.countries if c.name == "China")
    assert "Chinese" in china.aliases
    assert rules.settings.model == "en_core_web_sm"
    assert rules.settings.role_conflict.same_time_days < rules.settings.role_conflict.max_gap_days
    assert all(Path(s).parent == default_rules_dir() for s in rules.sources)


def test_without_defaults_an_empty_folder_gives_built_in_settings_and_no_lists(tmp_path: Path) -> None:
    rules = load_rules([tmp_path], with_defaults=False)
    assert rules.titles == [] and rules.countries == [] and rules.entities == []
    assert rules.settings.name_variant.person.min_token_length == 3


def test_later_folder_overrides_one_setting_and_keeps_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "house.yaml", "settings:\n  role_conflict:\n    max_gap_days: 90\n")
    defaults = load_rules()
    rules = load_rules([tmp_path])
    assert rules.settings.role_conflict.max_gap_days == 90
    assert rules.settings.role_conflict.same_time_days == defaults.settings.role_conflict.same_time_days
    assert rules.settings.name_variant == defaults.settings.name_variant


def test_list_sections_accumulate_across_folders(tmp_path: Path) -> None:
    write(
        tmp_path,
        "house.yaml",
        "titles:\n  - title: First Minister\n"
        "entities:\n"
        "  - name: Marta Kowalczyk\n"
        "    roles:\n"
        "      - {title: union leader, of: Poland, from: 2022-01-01}\n"
        "ignore:\n  entities: [Harbour Rovers]\n  paths: ['*/drafts/*']\n  lines: ['^Share this']\n",
    )
    defaults = load_rules()
    rules = load_rules([tmp_path])
    assert len(rules.titles) == len(defaults.titles) + 1
    assert rules.titles[-1].title == "first minister"  # titles are lower-cased
    (entity,) = [e for e in rules.entities if e.name == "Marta Kowalczyk"]
    assert entity.kind == "person"
    assert entity.roles[0].start is not None and entity.roles[0].start.year == 2022
    assert "harbour rovers" in rules.ignore_entities
    assert "*/drafts/*" in rules.ignore_paths
    assert any(p.search("SHARE THIS story") for p in rules.boilerplate)  # case-insensitive


def test_files_in_a_folder_are_read_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", "settings:\n  model: second\n")
    write(tmp_path, "a.yaml", "settings:\n  model: first\n")
    write(tmp_path, "notes.txt", "not: [yaml")  # not a rule file: ignored
    assert load_rules([tmp_path], with_defaults=False).settings.model == "second"


def test_missing_rules_folder_is_a_rule_error(tmp_path: Path) -> None:
    message = rule_error(tmp_path / "nowhere")
    assert "nowhere" in message


# -- validation errors: FILE:LINE -----------------------------------------------------------------


def test_bad_yaml_syntax_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "titles.yaml", "titles:\n  - title: mayor\n  - title: coach: gaffer\n  - title: speaker\n")
    message = rule_error(tmp_path)
    assert f"{path}:3:" in message
    assert "YAML" in message


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("# house list\nentities:\n  - name: Ana Ruiz\n    kind: person\n    nickname: Ani\n", 5, "nickname"),
        ("titles:\n  - title: mayor\n  - title: coach\n    synonym: [gaffer]\n", 4, "synonym"),
        ("settings:\n  role_conflict:\n    max_gap: 30\n", 3, "max_gap"),
    ],
)
def test_unknown_key_names_file_line_and_key(tmp_path: Path, text: str, line: int, field: str) -> None:
    path = write(tmp_path, "house.yaml", text)
    message = rule_error(tmp_path)
    assert f"{path}:{line}:" in message
    assert field in message
    assert "unknown key" in message


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("settings:\n  name_variant:\n    person:\n      min_token_length: four\n", 4, "min_token_length"),
        ("settings:\n  role_conflict:\n    same_time_days: -3\n", 3, "same_time_days"),
        ("entities:\n  - name: Ana Ruiz\n    kind: planet\n", 3, "kind"),
        ("entities:\n  - name: Ana Ruiz\n    roles:\n      - {title: mayor, from: someday}\n", 4, "from"),
        ("titles:\n  - title: mayor\n    one_holder: perhaps\n", 3, "one_holder"),
        ("titles: mayor\n", 1, "titles"),
    ],
)
def test_wrong_type_names_file_line_and_field(tmp_path: Path, text: str, line: int, field: str) -> None:
    path = write(tmp_path, "house.yaml", text)
    message = rule_error(tmp_path)
    assert f"{path}:{line}:" in message
    assert field in message


def test_bad_regex_names_file_and_the_line_of_the_pattern(tmp_path: Path) -> None:
    path = write(tmp_path, "boilerplate.yaml", "ignore:\n  lines:\n  - '^See also'\n  - '^Share (on'\n  - '^Follow us'\n")
    message = rule_error(tmp_path)
    assert re.search(rf"{re.escape(str(path))}:\d+:", message)
    assert "regular expression" in message
    assert f"{path}:4:" in message  # the bad pattern's own line, not the section's


def test_a_file_that_is_not_a_mapping_is_a_rule_error(tmp_path: Path) -> None:
    path = write(tmp_path, "list.yaml", "- title: mayor\n")
    assert f"{path}:1:" in rule_error(tmp_path)


def test_settings_error_names_the_file_that_has_it_not_a_later_one(tmp_path: Path) -> None:
    bad = write(tmp_path, "a.yaml", "settings:\n  role_conflict:\n    max_gap_days: lots\n")
    write(tmp_path, "b.yaml", "# model first\n\nsettings:\n  model: en_core_web_sm\n")
    message = rule_error(tmp_path)
    assert f"{bad}:3:" in message
    assert "max_gap_days" in message


def test_empty_rule_file_is_allowed(tmp_path: Path) -> None:
    write(tmp_path, "empty.yaml", "# nothing yet\n")
    assert load_rules([tmp_path]).settings == load_rules().settings


# -- malformed rule files on the command line: exit 2, one line naming FILE:LINE --------------------

MALFORMED = [
    pytest.param("titles.yaml", "titles:\n  - title: mayor\n  - title: coach: gaffer\n", 3, "YAML", id="bad-yaml-syntax"),
    pytest.param("settings.yaml", "settings:\n  role_conflict:\n    max_gap_days: plenty\n", 3, "max_gap_days", id="wrong-type"),
    pytest.param(
        "style.yaml", "substitutions:\n  - find: Kiev\n    replace: Kyiv\n    flags: i\n", 4, "unknown key", id="unknown-key"
    ),
    pytest.param(
        "house.yaml",
        "entities:\n  - name: Pavel Dunmore\n    roles:\n      - title: mayor\n        from: 2023-13-40\n",
        5,
        "from",
        id="bad-date",
    ),
    pytest.param(
        "house.yaml",
        "entities:\n  - name: Pavel Dunmore\n    roles:\n      - {title: mayor, from: 2023-05-01, to: 2023-04-01}\n",
        4,
        "before",
        id="to-before-from",
    ),
    pytest.param(
        "style.yaml", "# house style\n\nstyles:\n  - {find: Kiev, replace: Kyiv}\n", 3, "unknown rule kind", id="unknown-rule-kind"
    ),
    pytest.param(
        "severity.yaml", "severity:\n  substitution: info\n  name-varient: error\n", 3, "unknown rule", id="unknown-rule-in-severity"
    ),
    pytest.param(
        "house.yaml",
        "entities:\n  - name: Pavel Dunmore\n  - name: Ilse Marrowind\n  - name: Pavel Dunmore\n",
        4,
        "duplicate",
        id="duplicate-entity",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  model: en_core_web_sm\n  role_conflict: {max_gap_days: 90}\n  model: en_core_web_md\n",
        4,
        "duplicate key",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        "style.yaml",
        "substitutions:\n  - {find: Kiev, replace: Kyiv}\n  - {find: 'Mr\\.? (\\w+', replace: '\\1', regex: true}\n",
        3,
        "regular expression",
        id="bad-regex",
    ),
]


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with one article and an empty house-rules folder."""
    write(tmp_path, "story.txt", "Talks resume\n\nPavel Dunmore met delegates in Kiev.\n")
    (tmp_path / "house-rules").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, f"expected one line on stderr, got {err!r}"
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(("name", "text", "line", "words"), MALFORMED)
def test_malformed_rules_stop_check_with_exit_2_and_file_line(
    desk: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int, words: str
) -> None:
    path = write(desk / "house-rules", name, text)
    code = cli.main(["check", "story.txt", "--rules", "house-rules", "-o", "r.csv"])
    err = one_line(capsys.readouterr().err)
    assert code == 2
    assert f"{path.relative_to(desk)}:{line}:" in err
    assert words in err
    assert not (desk / "r.csv").exists()


@pytest.mark.parametrize(("name", "text", "line", "words"), MALFORMED)
def test_malformed_rules_fail_validate_with_exit_2_and_file_line(
    desk: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int, words: str
) -> None:
    path = write(desk / "house-rules", name, text)
    code = cli.main(["rules", "validate", "house-rules"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{path.relative_to(desk)}:{line}:" in one_line(err)
    assert words in err
    assert ": ok" not in out


# -- malformed rule files: what the messages should say, found while writing the matrix --------------


def test_to_before_from_names_the_line_of_to(tmp_path: Path) -> None:
    # in block style the role takes three lines: the problem is on the 'to' line
    path = write(
        tmp_path,
        "house.yaml",
        "entities:\n  - name: Pavel Dunmore\n    roles:\n      - title: mayor\n        from: 2023-05-01\n"
        "        to: 2023-04-01\n",
    )
    assert f"{path}:6:" in rule_error(tmp_path)


def test_bad_substitution_regex_names_the_line_of_find_not_of_its_item(tmp_path: Path) -> None:
    # as with ignore.lines, the bad pattern's own line
    path = write(
        tmp_path,
        "style.yaml",
        "substitutions:\n  - replace: '\\1'\n    regex: true\n    find: 'Mr\\.? (\\w+'\n",
    )
    message = rule_error(tmp_path)
    assert f"{path}:4:" in message
    assert "regular expression" in message


def test_duplicate_item_message_names_the_kind_of_item(tmp_path: Path) -> None:
    write(tmp_path, "house.yaml", "entities:\n  - name: Pavel Dunmore\n  - name: pavel  dunmore\n")
    assert "duplicate entity 'pavel dunmore'" in rule_error(tmp_path)
    write(tmp_path, "house.yaml", "countries:\n  - name: Veltrania\n  - name: veltrania\n")
    assert "duplicate country 'veltrania'" in rule_error(tmp_path)


def test_unclosed_bracket_names_the_line_it_opens_on(tmp_path: Path) -> None:
    # the YAML reader only notices at the end of the file, a line that does not exist
    path = write(tmp_path, "titles.yaml", "titles:\n  - title: mayor\n    synonyms: [lord mayor, provost\n")
    message = rule_error(tmp_path)
    assert "YAML" in message
    assert f"{path}:3:" in message


@pytest.mark.parametrize("level", ["off", "'off'", "info"])
def test_severity_off_may_be_written_unquoted(tmp_path: Path, level: str) -> None:
    # YAML 1.1 reads a bare `off` as false; rule files mean the severity
    write(tmp_path, "severity.yaml", f"severity:\n  substitution: {level}\n")
    assert load_rules([tmp_path]).severity_of("substitution") == level.strip("'")
