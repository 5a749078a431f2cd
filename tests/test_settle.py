"""Settling a finding (settle.py): rule files edited round trip (comments and key order
kept), validated by the project's own loader before they are written, written
atomically; the baseline's "accept"; and the resolver keeping two house entries apart,
which is what "these are different people" writes."""
from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

import pytest

from conftest import Corpus
from copydesk.house import HouseList
from copydesk.model import Finding
from copydesk.rules import HouseEntity, RuleSet, load_rules, parse_rule_file
from copydesk.settle import RuleLayers, SettleError, accept, different_people, spelling_is_right
from copydesk.starter import write_starter
from copydesk.suppress import new_findings, read_baseline

HOUSE = """\
# Our house list: reviewed by the night desk.
ignore:
  entities: [Harbour Board]   # an organisation, never flagged

entities:
  # union people
  - name: Ingrid Solvang
    kind: person               # the transport chief
    aliases: [Inga Solvang]

  - kind: person               # key order as written: kind before name
    name: Lene Arvik
    roles:
      - {title: foreign minister, of: Norway, from: 2022-01-10, to: 2024-02-29}
# end of list
"""


def _rules_dir(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _entry(rules: RuleSet, name: str) -> HouseEntity:
    return next(e for e in rules.entities if e.name == name)


# -- this spelling is right -----------------------------------------------------------------


def test_a_new_spelling_gets_its_own_entry_in_a_new_house_file(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"style.yaml": "# house style\nsubstitutions:\n  - {find: Kiev, replace: Kyiv}\n"})
    done = spelling_is_right(RuleLayers(folder), "Marta  Kowalczyk", ["Marta Kowalczik", "Marta Kowalzcyk"])
    assert done.path == folder / "house.yaml"
    assert (folder / "house.yaml").read_text(encoding="utf-8") == (
        "entities:\n  - name: Marta Kowalczyk\n    misspellings: [Marta Kowalczik, Marta Kowalzcyk]\n"
    )
    assert (folder / "style.yaml").read_text(encoding="utf-8").startswith("# house style")  # untouched
    parse_rule_file(folder / "house.yaml")  # what `copydesk rules validate` runs on each file
    assert done.rules is not None and HouseList(done.rules).match("Marta Kowalczik").how == "misspelt"  # type: ignore[union-attr]
    assert "'Marta Kowalczyk' added to the house list with misspellings 'Marta Kowalczik', 'Marta Kowalzcyk'" in done.message


def test_an_entry_is_extended_in_its_own_file_with_comments_and_key_order_kept(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})
    spelling_is_right(RuleLayers(folder), "Lene Arvik", ["Lene Arvig"])
    after = (folder / "a-house.yaml").read_text(encoding="utf-8")
    assert _changed_lines(HOUSE, after) == ["+    misspellings: [Lene Arvig]"]
    # the new key goes after the item's own keys, which keep their order
    assert after.index("  - kind: person") < after.index("    name: Lene Arvik") < after.index("misspellings: [Lene Arvig]")
    assert _entry(load_rules([folder]), "Lene Arvik").roles  # the role is kept


def test_a_new_entry_is_added_to_the_file_that_holds_the_house_list(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE, "b-other.yaml": "severity:\n  substitution: error\n"})
    done = spelling_is_right(RuleLayers(folder), "Marta Kowalczyk", ["Marta Kowalczik"])
    after = (folder / "a-house.yaml").read_text(encoding="utf-8")
    assert done.path == folder / "a-house.yaml"
    # after a blank line, as the file's entries are
    assert _changed_lines(HOUSE, after) == ["+", "+  - name: Marta Kowalczyk", "+    misspellings: [Marta Kowalczik]"]
    assert "# Our house list: reviewed by the night desk." in after and "# union people" in after


def test_the_starter_house_file_grows_a_block_list_and_keeps_its_commented_examples(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    write_starter(folder)
    before = (folder / "house.yaml").read_text(encoding="utf-8")
    spelling_is_right(RuleLayers(folder), "Marta Kowalczyk", ["Marta Kowalczik"])
    after = (folder / "house.yaml").read_text(encoding="utf-8")
    assert _changed_lines(before, after) == [
        "-entities: []", "+entities:", "+  - name: Marta Kowalczyk", "+    misspellings: [Marta Kowalczik]"
    ]
    for name in ("house.yaml", "ignore.yaml", "settings.yaml", "style.yaml"):
        parse_rule_file(folder / name)


def test_overruling_the_house_spelling_renames_the_entry_and_keeps_the_old_name_as_a_misspelling(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})
    done = spelling_is_right(RuleLayers(folder), "Lene Arvig", ["Lene Arvik"])
    entry = _entry(load_rules([folder]), "Lene Arvig")
    assert entry.misspellings == ("Lene Arvik",) and entry.roles  # the same person: roles kept
    assert "renamed 'Lene Arvig'" in done.message


def test_an_alias_is_never_made_a_misspelling(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})
    spelling_is_right(RuleLayers(folder), "Ingrid Solvang", ["Inga Solvang", "Ingrid Solwang"])
    assert _entry(load_rules([folder]), "Ingrid Solvang").misspellings == ("Ingrid Solwang",)


def test_a_built_in_entry_is_copied_whole_into_the_repository_never_edited_in_place(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {})
    built_in = load_rules()
    qin = _entry(built_in, "Qin Gang")
    done = spelling_is_right(RuleLayers(folder), "Qin Gang", ["Chin Gang"])
    assert done.path == folder / "house.yaml"
    text = (folder / "house.yaml").read_text(encoding="utf-8")
    assert "roles:\n      - {title: foreign minister, of: China, from: 2022-12-30, to: 2023-07-25}" in text
    layered = _entry(load_rules([folder]), "Qin Gang")
    assert layered.misspellings == ("Chin Gang",) and layered.roles == qin.roles
    assert _entry(load_rules(), "Qin Gang").misspellings == ()  # the built-in file is as it was


def test_another_entrys_right_spelling_is_refused_as_a_misspelling(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})
    before = (folder / "a-house.yaml").read_text(encoding="utf-8")
    with pytest.raises(SettleError, match=r"'Lene Arvik' is the house list's own spelling of 'Lene Arvik' \(.*a-house.yaml:11\)"):
        spelling_is_right(RuleLayers(folder), "Ingrid Solvang", ["Lene Arvik"])
    assert (folder / "a-house.yaml").read_text(encoding="utf-8") == before


def test_an_edit_leaving_the_rules_invalid_is_refused_in_one_line_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's loader is the judge: an entry written wrong (here, a kind no rule
    file may have) never reaches the file."""
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})
    monkeypatch.setattr("copydesk.settle._entry_fields", lambda entry: {"name": entry.name, "kind": "people"})
    with pytest.raises(SettleError) as refused:
        spelling_is_right(RuleLayers(folder), "Marta Kowalczyk", ["Marta Kowalczik"])
    message = str(refused.value)
    assert message.startswith("refused, the rules would be invalid: ") and "\n" not in message
    assert f"{folder}/a-house.yaml:18: entities.2.kind" in message  # the real file, not the probe's copy
    assert (folder / "a-house.yaml").read_text(encoding="utf-8") == HOUSE


def test_rules_invalid_already_are_one_line(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE, "z-settings.yaml": "settings:\n  name_variant:\n    dominance: many\n"})
    with pytest.raises(SettleError, match=r"z-settings.yaml:3: settings.name_variant.dominance: "):
        spelling_is_right(RuleLayers(folder), "Lene Arvik", ["Lene Arvig"])
    assert (folder / "a-house.yaml").read_text(encoding="utf-8") == HOUSE


def test_an_edit_that_would_not_take_effect_is_refused(tmp_path: Path) -> None:
    """Renaming a built-in entry copies it under the new name; the built-in one, which is
    never edited, would still call the old name right."""
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})
    with pytest.raises(SettleError, match=r"'Qin Gang' would still be right for 'Qin Gang' \(.*entities.yaml:\d+\)$"):
        spelling_is_right(RuleLayers(folder), "Qin Kang", ["Qin Gang"])
    assert (folder / "a-house.yaml").read_text(encoding="utf-8") == HOUSE


def test_the_rule_file_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})

    def broken_rename(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("copydesk.atomic.os.replace", broken_rename)
    with pytest.raises(SettleError, match=r"a-house.yaml: cannot write: No space left on device$"):
        spelling_is_right(RuleLayers(folder), "Lene Arvik", ["Lene Arvig"])
    assert (folder / "a-house.yaml").read_text(encoding="utf-8") == HOUSE
    assert sorted(p.name for p in folder.iterdir()) == ["a-house.yaml"]  # no half-written file left


# -- these are different people ---------------------------------------------------------------


def test_different_people_become_entries_of_their_own(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE.replace("aliases: [Inga Solvang]", "misspellings: [Ingrid Solwang]")})
    done = different_people(RuleLayers(folder), ["Ingrid Solvang", "Ingrid Solwang"])
    rules = load_rules([folder])
    assert _entry(rules, "Ingrid Solvang").misspellings == ()  # no longer listed as her misspelling
    assert _entry(rules, "Ingrid Solwang").kind == "person"
    house = HouseList(rules)
    assert house.match("Ingrid Solwang").entity.name == "Ingrid Solwang"  # type: ignore[union-attr]
    assert "'Ingrid Solwang' added to the house list as people of their own" in done.message


def test_two_right_forms_of_one_entry_are_not_made_two_people_silently(tmp_path: Path) -> None:
    folder = _rules_dir(tmp_path, {"a-house.yaml": HOUSE})
    with pytest.raises(SettleError, match="right forms of one house entry, 'Ingrid Solvang'"):
        different_people(RuleLayers(folder), ["Ingrid Solvang", "Inga Solvang"])


def test_the_resolver_keeps_two_house_entries_apart(corpus: Corpus, default_rules: RuleSet) -> None:
    """"Jon Eriksen" and his deputy "Jon Eriksson" in one story: one name spelt two ways,
    until the house list names both."""
    for article in ("board.txt", "board-2.txt"):
        corpus.add(article, "Jon Eriksen")
        corpus.add_company(article)
    corpus.add("board.txt", "Jon Eriksson")
    assert [(f.found, f.expected) for f in corpus.findings(default_rules)] == [("Jon Eriksson", "Jon Eriksen")]
    both = dataclasses.replace(default_rules, entities=[HouseEntity(name="Jon Eriksen"), HouseEntity(name="Jon Eriksson")])
    assert corpus.findings(both) == []
    # a misspelling of either is still one
    corpus.add("board-3.txt", "Jon Eriksenn")
    corpus.add_company("board-3.txt")
    assert [(f.found, f.expected) for f in corpus.findings(both)] == [("Jon Eriksenn", "Jon Eriksen")]


# -- accept -------------------------------------------------------------------------------------


def test_accept_adds_the_finding_to_the_baseline_once_per_click(tmp_path: Path) -> None:
    finding = Finding("name-variant", "error", str(tmp_path / "arch" / "a.txt"), 3, 5, "Jon Eriksson", "Jon Eriksen",
                      "Jon Eriksen", "...")
    baseline = tmp_path / "copydesk-baseline.json"
    done = accept(finding, baseline, tmp_path)
    assert done.path == baseline and done.rules is None
    assert read_baseline(baseline) == {("name-variant", "arch/a.txt", "Jon Eriksson", "Jon Eriksen", "Jon Eriksen"): 1}
    twice = [finding, dataclasses.replace(finding, line=9)]
    assert new_findings(twice, read_baseline(baseline), tmp_path) == [twice[1]]
    accept(finding, baseline, tmp_path)
    assert new_findings(twice, read_baseline(baseline), tmp_path) == []


def test_accept_into_a_broken_baseline_is_refused_in_one_line(tmp_path: Path) -> None:
    baseline = tmp_path / "copydesk-baseline.json"
    baseline.write_text("{not json", encoding="utf-8")
    finding = Finding("substitution", "warning", "a.txt", 1, 1, "Kiev", "Kyiv", "Kyiv", "...")
    with pytest.raises(SettleError, match=r"copydesk-baseline.json:1: not a copydesk baseline \(invalid JSON\)"):
        accept(finding, baseline, tmp_path)
    assert baseline.read_text(encoding="utf-8") == "{not json"
