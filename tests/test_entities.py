"""`copydesk entities PATH...`: every resolved entity (canonical name, kind, spellings
with counts, articles, roles) as a terminal table and CSV, or as a rules/ house list in
YAML that `copydesk rules validate` accepts."""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from conftest import ARTICLES, Corpus, write
from copydesk import cli, nlp as nlp_module
from copydesk.entities import entity_rows, render_csv, render_yaml, table
from copydesk.rules import RuleSet, load_rules, parse_rule_file


def test_rows_give_spellings_with_counts_articles_roles_and_flagged_misspellings(
    corpus: Corpus, default_rules: RuleSet
) -> None:
    corpus.spelt_right_in_three_and_wrong_in_one(default_rules)
    corpus.add("a.txt", "Ana Ruiz", role=("foreign minister", "Spain"), date=dt.date(2024, 3, 4))
    corpus.add("b.txt", "Ana Ruiz", role=("foreign minister", "Spain"), date=dt.date(2024, 3, 8))
    rows = entity_rows(corpus.resolve(default_rules).entities, corpus.articles, corpus.findings(default_rules))
    marta = next(r for r in rows if r.name == "Marta Kowalczyk")
    assert (marta.kind, marta.mentions, marta.spellings) == ("person", 4, (("Marta Kowalczyk", 3), ("Marta Kowalczik", 1)))
    assert marta.files == ("a.txt", "b.txt", "c.txt", "d.txt") and marta.misspellings == ("Marta Kowalczik",)
    ruiz = next(r for r in rows if r.name == "Ana Ruiz")
    assert [role.describe() for role in ruiz.roles] == ["foreign minister of Spain (2 article(s), 2024-03-04 to 2024-03-08)"]
    assert next(r for r in rows if r.name == "Baltic Dockers Union").kind == "org"
    assert rows[0].mentions == max(r.mentions for r in rows)  # the most mentioned first


def test_a_name_wrapped_over_a_line_break_is_one_spelling(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.add("a.txt", "Viktor\nHallberg")
    corpus.add("a.txt", "Viktor Hallberg")
    rows = entity_rows(corpus.resolve(default_rules).entities, corpus.articles, [])
    assert [(r.name, r.spellings) for r in rows] == [("Viktor Hallberg", (("Viktor Hallberg", 2),))]


def test_csv_is_spreadsheet_safe_and_yaml_keeps_one_entry_per_name(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.add("a.txt", "Marta Kowalczyk")
    rows = entity_rows(corpus.resolve(default_rules).entities, corpus.articles, [])
    odd = rows[0].__class__("=cmd|' /C calc'!A0", "org", 1, (("=cmd", 1),), ("a.txt",), (), ())
    records = list(csv.DictReader(render_csv([*rows, odd]).splitlines()))
    assert records[0] == {"name": "Marta Kowalczyk", "kind": "person", "mentions": "1", "articles": "1",
                          "spellings": "Marta Kowalczyk (1)", "roles": "", "misspellings": "", "files": "a.txt"}
    assert records[1]["name"].startswith("'=cmd")
    twice = rows[0].__class__("MARTA  kowalczyk", "person", 1, (), (), (), ())
    listed = yaml.safe_load(render_yaml([*rows, twice, odd], 1))["entities"]
    assert [e["name"] for e in listed] == ["Marta Kowalczyk", "=cmd|' /C calc'!A0"]


def test_terminal_table_shows_the_biggest_first_and_says_how_many_more(corpus: Corpus, default_rules: RuleSet) -> None:
    corpus.spelt_right_in_three_and_wrong_in_one(default_rules)
    rows = entity_rows(corpus.resolve(default_rules).entities, corpus.articles, [])
    text = table(rows, 4, limit=2)
    lines = text.splitlines()
    assert lines[0] == f"copydesk: {len(rows)} entities in 4 article(s), the 2 most mentioned:"
    assert lines[1].split() == ["name", "kind", "mentions", "articles", "spellings"]
    assert any(line.startswith("  Marta Kowalczyk") and "Marta Kowalczik (1)" in line for line in lines[2:4])
    assert lines[-1] == f"  ... and {len(rows) - 2} more (see the file)"


# -- the command ----------------------------------------------------------------------------------


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp: Language) -> Path:
    shutil.copytree(ARTICLES / "misspelt-in-one-article", tmp_path / "articles" / "dockers")
    shutil.copytree(ARTICLES / "role-same-week", tmp_path / "articles" / "ministers")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)
    return tmp_path


def test_entities_writes_csv_and_prints_a_table(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["entities", "articles", "--no-cache"]) == 0
    out = capsys.readouterr().out
    with (newsroom / "reports" / "copydesk-entities.csv").open(encoding="utf-8", newline="") as fh:
        records = {r["name"]: r for r in csv.DictReader(fh)}
    marta = records["Marta Kowalczyk"]
    assert (marta["kind"], marta["articles"], marta["misspellings"]) == ("person", "4", "Marta Kowalczik")
    assert marta["spellings"].startswith("Marta Kowalczyk (") and "Marta Kowalczik (" in marta["spellings"]
    assert records["Ana Ruiz"]["roles"].startswith("foreign minister (3 article(s), 2024-03-04 to 2024-03-07)")
    assert "Marta Kowalczyk" in out and "csv: reports/copydesk-entities.csv" in out


def test_entities_yaml_is_a_house_list_rules_validate_accepts(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["entities", "articles", "-f", "yaml", "-o", "house/rules/house.yaml", "-q", "--no-cache"]) == 0
    path = newsroom / "house" / "rules" / "house.yaml"
    assert cli.main(["rules", "validate", str(path.parent)]) == 0
    assert f"{path}: ok" in capsys.readouterr().out
    listed = {e.name: e for e in parse_rule_file(path)[1].entities}
    assert listed["Marta Kowalczyk"].misspellings == ("Marta Kowalczik",)
    assert listed["Baltic Dockers Union"].kind == "org"
    assert "# roles:" in path.read_text(encoding="utf-8")  # roles seen stay comments until dated
    # and it works as a house list: layered in, it names the right spelling
    assert any(e.name == "Marta Kowalczyk" for e in load_rules([path.parent]).entities)


def test_entities_with_no_readable_article_exits_2(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(newsroom / "bad", "photo.txt", "")
    (newsroom / "bad" / "photo.txt").write_bytes(b"\x89PNG\x00\x00\xff")
    assert cli.main(["entities", "bad", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "photo.txt" in err and "no readable article" in err


def test_entities_bom_only_with_csv(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["entities", "articles", "--bom", "-f", "yaml"]) == 2
    assert "--bom applies to CSV" in capsys.readouterr().err
