"""The rule set on the command line: `copydesk rules validate`, `copydesk rules list`,
`copydesk init`, the checked repository's own rules/ folder, --rules layered over it,
and severity overrides.

Commands run in-process (`copydesk.cli.main`) in a temporary working directory, with the
session's spaCy model handed to `check`.
"""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES, Corpus, write
from copydesk import cli, nlp as nlp_module
from copydesk.checks import name_variant
from copydesk.rules import RuleSet, load_rules
from copydesk.starter import TEMPLATES

HOUSE_DIR = Path(__file__).parent / "fixtures" / "rules" / "house"
STARTER_FILES = sorted(p.name for p in TEMPLATES.glob("*.yaml"))


@pytest.fixture(autouse=True)
def session_model(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every command runs in an empty working directory, away from copydesk's own rules/."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def listed(out: str) -> list[tuple[str, ...]]:
    """`rules list` output as (kind, name, severity, source) rows; columns are padded with
    two or more spaces, and the severity column may be empty."""
    lines = out.rstrip("\n").split("\n")
    header = lines[0]
    starts = [header.index(col) for col in ("KIND", "NAME", "SEVERITY", "SOURCE")]
    return [
        tuple(line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True))
        for line in lines[1:]
    ]


# -- rules validate -----------------------------------------------------------------------------


def test_validate_good_folder_says_ok_per_file_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rules", "validate", str(HOUSE_DIR))
    assert code == 0
    assert err == ""
    assert out.splitlines() == [f"{HOUSE_DIR / 'house.yaml'}: ok", f"{HOUSE_DIR / 'style.yaml'}: ok"]


def test_validate_bad_folder_exits_2_naming_file_and_line_and_checks_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "house", "a-style.yaml", "substitutions:\n  - {find: Kiev, replace: Kyiv}\n")
    bad = write(tmp_path / "house", "b-house.yaml", "entities:\n  - name: Pavel Dunmore\n    kind: planet\n")
    code, out, err = run(capsys, "rules", "validate", "house")
    assert code == 2
    assert f"{Path('house') / good.name}: ok" in out
    assert err.count("\n") == 1
    assert f"{Path('house') / bad.name}:3:" in err and "kind" in err


def test_validate_missing_folder_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rules", "validate", "nowhere")
    assert code == 2
    assert "nowhere" in err


def test_validate_without_a_folder_checks_the_repositorys_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "rules", "house.yaml", "entities:\n  - name: Pavel Dunmore\n    nickname: Pav\n")
    code, _, err = run(capsys, "rules", "validate")
    assert code == 2
    assert f"{Path('rules') / 'house.yaml'}:3:" in err and "nickname" in err


# -- rules list ----------------------------------------------------------------------------------


def test_list_shows_kind_severity_and_source_line_of_rules_from_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(HOUSE_DIR, tmp_path / "house")
    write(tmp_path / "house", "severity.yaml", "# stricter about roles\nseverity:\n  role-conflict: warning\n")
    code, out, err = run(capsys, "rules", "list", "--rules", "house")
    assert (code, err) == (0, "")
    rows = listed(out)
    house, style, severity = (str(Path("house") / n) for n in ("house.yaml", "style.yaml", "severity.yaml"))
    assert ("rule", "role-conflict", "warning", f"{severity}:3") in rows
    assert ("rule", "name-variant", "error/warning", "built-in") in rows
    assert ("substitution", "Kiev -> Kyiv", "warning", f"{style}:3") in rows
    assert ("substitution", "e-mail -> email", "info", f"{style}:4") in rows  # its own severity
    assert (
        "house entity", "Oskar Brennholt (person, 1 aliases, 1 misspellings, 1 roles)", "error/warning", f"{house}:6"
    ) in rows
    assert ("house entity", "Ilse Marrowind (person, 0 aliases, 0 misspellings, 1 roles)", "error/warning", f"{house}:12") in rows


def test_list_shows_a_substitution_severity_override_on_every_substitution(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(HOUSE_DIR, tmp_path / "house")
    write(tmp_path / "house", "severity.yaml", "severity:\n  substitution: error\n")
    rows = listed(run(capsys, "rules", "list", "--rules", "house")[1])
    assert [r[2] for r in rows if r[0] == "substitution"] == ["error", "error"]
    assert ("rule", "substitution", "error", f"{Path('house') / 'severity.yaml'}:2") in rows


def test_list_counts_countries_per_file_unless_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = listed(run(capsys, "rules", "list", "--rules", str(HOUSE_DIR))[1])
    assert ("country", "1 entries", "", str(HOUSE_DIR / "house.yaml")) in rows
    rows = listed(run(capsys, "rules", "list", "--rules", str(HOUSE_DIR), "--all")[1])
    assert ("country", "Veltrania", "", f"{HOUSE_DIR / 'house.yaml'}:3") in rows  # as written in the file


def test_list_with_bad_rules_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "house", "style.yaml", "substitutions:\n  - {find: Kiev}\n")
    code, out, err = run(capsys, "rules", "list", "--rules", "house")
    assert code == 2
    assert f"{Path('house') / 'style.yaml'}:2:" in err


# -- layering --------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An article repository: .git (an empty folder is enough), rules/ and articles/."""
    root = tmp_path / "newsroom"
    (root / ".git").mkdir(parents=True)
    write(
        root / "rules",
        "style.yaml",
        "substitutions:\n  - {find: Kiev, replace: Kyiv}\n  - {find: e-mail, replace: email}\n",
    )
    write(root / "articles" / "world", "talks.txt", "Talks resume\n\nDelegates met in Kiev and sent an e-mail.\n")
    return root


def test_check_picks_up_the_repositorys_rules_without_rules_option(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # run from outside the repository: its rules/ is found from the checked path
    code, _, err = run(capsys, "check", "newsroom/articles/world", "-o", "r.csv")
    assert err == ""
    found = {(r["found"], r["severity"]) for r in report_rows(tmp_path / "r.csv") if r["rule"] == "substitution"}
    assert found == {("Kiev", "warning"), ("e-mail", "warning")}
    assert code == 0  # warnings only


def test_rules_folder_beside_articles_is_not_used_without_a_repository(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the control: the same folder with no .git is no repository
    (repo / ".git").rmdir()
    run(capsys, "check", "newsroom/articles", "-o", "r.csv")
    assert [r for r in report_rows(tmp_path / "r.csv") if r["rule"] == "substitution"] == []


def test_rules_folder_in_the_working_directory_is_used_outside_a_repository(
    tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".git").rmdir()
    monkeypatch.chdir(repo)
    run(capsys, "check", "articles", "-o", "r.csv")
    assert {r["found"] for r in report_rows(repo / "r.csv") if r["rule"] == "substitution"} == {"Kiev", "e-mail"}


def test_rules_option_layers_over_the_repositorys_rules(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the later folder replaces the repository's "Kiev" rule; its "e-mail" rule stays
    write(tmp_path / "strict", "style.yaml", "substitutions:\n  - {find: Kiev, replace: Kyiv, severity: error}\n")
    code, _, _ = run(capsys, "check", "newsroom/articles", "--rules", "strict", "-o", "r.csv")
    found = {(r["found"], r["severity"]) for r in report_rows(tmp_path / "r.csv") if r["rule"] == "substitution"}
    assert found == {("Kiev", "error"), ("e-mail", "warning")}
    assert code == 1


def test_list_with_paths_shows_the_repositorys_rules_as_the_source(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = listed(run(capsys, "rules", "list", "newsroom/articles")[1])
    sources = {r[1]: r[3] for r in rows if r[0] == "substitution"}
    assert set(sources) == {"Kiev -> Kyiv", "e-mail -> email"}
    assert all(re.fullmatch(r".*newsroom/rules/style\.yaml:\d+", s) for s in sources.values()), sources


def test_later_entity_of_the_same_name_replaces_the_built_in_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    built_in = {e.name: e for e in load_rules().entities}
    assert built_in["Qin Gang"].roles, "the built-in house list gives Qin Gang a role"
    house = write(tmp_path / "house", "house.yaml", "entities:\n  - name: Qin Gang\n    misspellings: [Chin Gang]\n")
    rules = load_rules([house.parent])
    (qin,) = [e for e in rules.entities if e.name == "Qin Gang"]
    assert qin.roles == () and qin.misspellings == ("Chin Gang",)
    assert len(rules.entities) == len(built_in)
    rows = listed(run(capsys, "rules", "list", "--rules", "house")[1])
    assert [r[3] for r in rows if r[1].startswith("Qin Gang ")] == [f"{Path('house') / 'house.yaml'}:2"]


def test_later_entity_changes_what_is_flagged(tmp_path: Path, house_rules: RuleSet) -> None:
    # built in, "Humeyra Pamuk" has no aliases and "Humera Pamuk" is a near spelling of
    # it; a newsroom that lists "Humera Pamuk" as an alias is not told otherwise
    corpus = Corpus()
    corpus.add("a.txt", "Humera Pamuk")
    found = name_variant.check(corpus.resolve(house_rules), corpus.mentions, corpus.articles, house_rules)
    assert [(f.found, f.expected) for f in found] == [("Humera Pamuk", "Humeyra Pamuk")]
    house = write(tmp_path / "house", "house.yaml", "entities:\n  - name: Humeyra Pamuk\n    aliases: [Humera Pamuk]\n")
    rules = load_rules([house.parent])
    assert name_variant.check(corpus.resolve(rules), corpus.mentions, corpus.articles, rules) == []


# -- init ------------------------------------------------------------------------------------------


def test_init_writes_starter_files_that_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", "newsroom")
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "newsroom" / "rules").iterdir()) == STARTER_FILES
    assert all(f"wrote {Path('newsroom') / 'rules' / name}" in out for name in STARTER_FILES)
    code, out, err = run(capsys, "rules", "validate", "newsroom/rules")
    assert (code, err) == (0, "")
    assert out.count(": ok") == len(STARTER_FILES)


def test_init_starter_changes_nothing_until_edited(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init", "newsroom")
    defaults, rules = load_rules(), load_rules([tmp_path / "newsroom" / "rules"])
    assert rules.settings == defaults.settings
    assert (rules.entities, rules.substitutions, rules.severity) == (defaults.entities, defaults.substitutions, {})


def test_init_defaults_to_the_working_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    assert sorted(p.name for p in (tmp_path / "rules").iterdir()) == STARTER_FILES


def test_init_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init", "newsroom")
    rules = tmp_path / "newsroom" / "rules"
    edited = write(rules, "style.yaml", "substitutions:\n  - {find: Kiev, replace: Kyiv}\n")
    (rules / "house.yaml").unlink()
    code, _, err = run(capsys, "init", "newsroom")
    assert code == 2
    assert err.count("\n") == 1 and "exists" in err and "--force" in err
    assert re.search(rf"newsroom/rules/({'|'.join(map(re.escape, STARTER_FILES))}): exists", err)
    assert edited.read_text(encoding="utf-8") == "substitutions:\n  - {find: Kiev, replace: Kyiv}\n"
    assert not (rules / "house.yaml").exists()  # nothing written at all


def test_init_with_force_overwrites_the_starter_files_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init", "newsroom")
    rules = tmp_path / "newsroom" / "rules"
    write(rules, "style.yaml", "substitutions: []\n")
    own = write(rules, "zz-own.yaml", "severity:\n  substitution: error\n")
    assert run(capsys, "init", "newsroom", "--force")[0] == 0
    assert (rules / "style.yaml").read_text(encoding="utf-8") == (TEMPLATES / "style.yaml").read_text(encoding="utf-8")
    assert own.read_text(encoding="utf-8") == "severity:\n  substitution: error\n"


# -- severity overrides ----------------------------------------------------------------------------


@pytest.fixture
def styled(tmp_path: Path) -> Path:
    """articles/ with two "Kiev"s (warnings by their own severity) and a rules folder."""
    write(tmp_path / "articles", "talks.txt", "Talks resume\n\nDelegates met in Kiev.\nThey left Kiev on Monday.\n")
    write(tmp_path / "house", "style.yaml", "substitutions:\n  - {find: Kiev, replace: Kyiv}\n")
    return tmp_path


@pytest.mark.parametrize(
    ("override", "fail_on", "severities", "code"),
    [
        (None, "warning", ["warning", "warning"], 1),
        ("off", "warning", [], 0),  # as the starter's comment writes it: unquoted
        ('"off"', "warning", [], 0),
        ("info", "warning", ["info", "info"], 0),  # info never fails a check
        ("error", "error", ["error", "error"], 1),
        ("warning", "error", ["warning", "warning"], 0),
    ],
)
def test_severity_override_of_substitution(
    styled: Path, capsys: pytest.CaptureFixture[str], override: str | None, fail_on: str, severities: list[str], code: int
) -> None:
    if override:
        write(styled / "house", "severity.yaml", f"severity:\n  substitution: {override}\n")
    got, _, err = run(capsys, "check", "articles", "--rules", "house", "-o", "r.csv", "--fail-on", fail_on)
    assert got == code, err
    assert [r["severity"] for r in report_rows(styled / "r.csv") if r["rule"] == "substitution"] == severities


@pytest.mark.parametrize(
    ("override", "severities", "code"), [("off", set(), 0), ("'off'", set(), 0), ("info", {"info"}, 0)]
)
def test_severity_override_of_name_variant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], override: str, severities: set[str], code: int
) -> None:
    # the scenario's misspelt name is an error without the override
    shutil.copytree(ARTICLES / "misspelt-in-one-article", tmp_path / "articles")
    write(tmp_path / "house", "severity.yaml", f"severity:\n  name-variant: {override}\n")
    assert run(capsys, "check", "articles", "-o", "before.csv")[0] == 1
    got, _, err = run(capsys, "check", "articles", "--rules", "house", "-o", "r.csv", "--fail-on", "warning")
    assert got == code, err
    assert {r["severity"] for r in report_rows(tmp_path / "r.csv") if r["rule"] == "name-variant"} == severities


def test_severity_override_in_a_later_folder_wins(styled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(styled / "house", "severity.yaml", "severity:\n  substitution: error\n")
    write(styled / "relaxed", "severity.yaml", "severity:\n  substitution: info\n")
    code, _, _ = run(capsys, "check", "articles", "--rules", "house", "--rules", "relaxed", "-o", "r.csv")
    assert {r["severity"] for r in report_rows(styled / "r.csv")} == {"info"}
    assert code == 0
