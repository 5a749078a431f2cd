"""`copydesk house import`: a house list from a Wikidata query's exported result (SPARQL
JSON and CSV, tests/fixtures/wikidata/, written by hand in the formats query.wikidata.org
downloads) or from a newsroom's spreadsheet.

The fixture's people are made up (their Q-ids too): Lene Arvik, Norway's foreign minister
2013-10-16 to 2017-10-20 and again from some day of 2021; Petter Krogh, finance minister
2009 to 2013 (years only) and prime minister 2017-10-20 to October 2021; Tomasz
Wierzbicki, governor of the National Bank of Poland from 2016-06-21, and before that a
voivode (a position no rule maps to a title); Zhou Meilin, China's foreign minister.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from spacy.language import Language

from copydesk import cli, house, nlp as nlp_module
from copydesk.house import HouseList, held_on
from copydesk.house_import import (
    ExportError,
    PositionMapper,
    import_wikidata,
    merge,
    read_house_csv,
    read_wikidata,
    render_house_list,
)
from copydesk.rules import HouseEntity, HouseRole, RuleSet, TermDate, load_rules, parse_rule_file

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
JSON = FIXTURES / "officeholders.json"
CSV = FIXTURES / "officeholders.csv"
VOIVODE = "Voivode of Lesser Poland Voivodeship"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every command runs in an empty working directory, away from copydesk's own rules/."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def session_model(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def people(rules: RuleSet, path: Path = JSON) -> dict[str, HouseEntity]:
    return {p.name: p for p in import_wikidata(read_wikidata(path), rules).people}


def terms(entity: HouseEntity) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(r.title, r.of, r.start and str(r.start), r.end and str(r.end)) for r in entity.roles]


# -- reading the export ----------------------------------------------------------------------


def test_each_person_comes_with_their_id_aliases_and_every_mapped_term(default_rules: RuleSet) -> None:
    found = people(default_rules)
    assert sorted(found) == ["Lene Arvik", "Petter Krogh", "Tomasz Wierzbicki", "Zhou Meilin"]
    arvik = found["Lene Arvik"]
    assert arvik.id == "Q90000001"
    assert arvik.aliases == ("L. Arvik", "Лене Арвик")
    assert terms(arvik) == [
        ("foreign minister", "Norway", "2013-10-16", "2017-10-20"),
        ("foreign minister", "Norway", "2021", None),  # open-ended: still in office
    ]
    assert terms(found["Petter Krogh"]) == [
        ("finance minister", "Norway", "2009", "2013"),  # "Minister of Finance", owner from ?ofLabel
        ("prime minister", "Norway", "2017-10-20", "2021-10"),
    ]
    # a central bank is the body of its governor's role ("National Bank of Poland governor")
    assert terms(found["Tomasz Wierzbicki"]) == [("governor", "National Bank of Poland", "2016-06-21", None)]
    # the label less its country, "People's Republic of China" an alias of China
    assert terms(found["Zhou Meilin"]) == [("foreign minister", "China", "2030-07-25", None)]


def test_the_csv_download_gives_the_same_house_list_as_the_json_one(default_rules: RuleSet) -> None:
    assert people(default_rules, CSV) == people(default_rules, JSON)


def test_year_and_month_dates_keep_their_precision(default_rules: RuleSet) -> None:
    finance, prime = people(default_rules)["Petter Krogh"].roles
    assert (finance.start, finance.end) == (TermDate(2009), TermDate(2013))
    assert (finance.start.first, finance.end.last) == (dt.date(2009, 1, 1), dt.date(2013, 12, 31))
    assert prime.end == TermDate(2021, 10) and prime.end.last == dt.date(2021, 10, 31)


def test_an_unmapped_position_is_reported_with_its_line_not_guessed(default_rules: RuleSet) -> None:
    result = import_wikidata(read_wikidata(JSON), default_rules)
    lines = JSON.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if VOIVODE in line)
    start = max(i for i in range(at) if lines[i].strip() in ("}, {", '"bindings" : [ {')) + 1  # where its result begins
    (problem,) = result.problems
    assert problem == (
        f"{JSON}:{start}: position '{VOIVODE}' (Q90000105) of Lesser Poland Voivodeship maps to no title; "
        "1 term(s) not imported (Tomasz Wierzbicki): add it to `positions` in rules/ (docs/house-import.md)"
    )
    assert [r.title for r in people(default_rules)["Tomasz Wierzbicki"].roles] == ["governor"]
    # the CSV download names its line
    (problem,) = import_wikidata(read_wikidata(CSV), default_rules).problems
    assert problem.startswith(f"{CSV}:7: position '{VOIVODE}'")


def test_a_position_table_row_in_the_rules_maps_what_was_unmapped(default_rules: RuleSet) -> None:
    from copydesk.rules import Position

    rules = dataclasses.replace(default_rules, positions=[*default_rules.positions, Position(position="voivode", title="governor")])
    assert import_wikidata(read_wikidata(JSON), rules).problems == []
    assert ("governor", "Lesser Poland Voivodeship", "2010", "2014") in terms(people(rules)["Tomasz Wierzbicki"])


@pytest.mark.parametrize(
    ("label", "owner", "expected"),
    [
        ("Minister of Foreign Affairs of the People's Republic of China", "People's Republic of China", ("foreign minister", "China")),
        ("United States Secretary of State", "United States of America", ("secretary of state", "United States")),
        ("Secretary of State for Foreign and Commonwealth Affairs", "United Kingdom", ("foreign secretary", "United Kingdom")),
        ("Governor of the Bank of England", "United Kingdom", ("governor", "Bank of England")),
        ("Secretary-General of the United Nations", "United Nations", ("secretary general", "United Nations")),
        ("President of the Senate", "", ("president", "Senate")),  # no owner in the export: the label's
        ("President of the Senate", "Italy", None),  # an owner, and more named: not guessed
        ("Harbour Master of Tromso", "Norway", None),
    ],
)
def test_position_labels_map_through_the_table_and_the_titles(
    default_rules: RuleSet, label: str, owner: str, expected: tuple[str, str] | None
) -> None:
    mapped = PositionMapper(default_rules).map(label, owner)
    assert (mapped.title, mapped.of) == expected if expected else mapped is None  # type: ignore[union-attr]


def test_non_latin_aliases_are_kept_as_right_forms_but_not_compared(default_rules: RuleSet) -> None:
    rules = dataclasses.replace(default_rules, entities=list(people(default_rules).values()))
    listed = HouseList(rules)
    assert "Томаш Вежбицкий" in people(default_rules)["Tomasz Wierzbicki"].aliases
    assert listed.match("Томаш Вежбицкий").how == "right"  # type: ignore[union-attr]
    assert listed.match("周美琳").how == "right"  # type: ignore[union-attr]
    # a near spelling in Cyrillic is compared with nothing (as for any non-Latin name)
    assert listed.match("Томаш Вежбицкии") is None
    # and a Latin near spelling only with the Latin name
    near = listed.match("Tomasz Wierzbiki")
    assert near is not None and (near.how, near.entity.name) == ("near", "Tomasz Wierzbicki")


# -- malformed exports -----------------------------------------------------------------------


def test_broken_json_exits_2_naming_the_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = JSON.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if i > 30 and '"value" :' in line)
    lines[at] = lines[at].replace('"value" :', '"value"')  # a missing colon
    bad = tmp_path / "result.json"
    bad.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "house", "import", "wikidata", str(bad))
    assert code == 2
    assert err.startswith(f"copydesk: {bad}:{at + 1}: not a SPARQL JSON result: Expecting ':' delimiter")
    assert not (tmp_path / "rules").exists()


@pytest.mark.parametrize(
    ("name", "text", "where", "problem"),
    [
        ("result.json", '{"head": {"vars": ["person"]}, "results": {}}', 1, "not a SPARQL JSON result"),
        ("result.json", '{"head": {"vars": ["person", "personLabel"]}, "results": {"bindings": []}}', 1,
         "the result binds no ?positionLabel"),
        ("result.json", '{"head": {"vars": ["person", "personLabel", "positionLabel"]},\n'
         ' "results": {"bindings": [\n {"person": "Q1"}]}}', 3,
         "?person has no value"),
        ("result.csv", "person,label\nhttp://www.wikidata.org/entity/Q1,x\n", 1, "the result binds no ?personLabel, ?positionLabel"),
        ("result.csv", CSV.read_text(encoding="utf-8").replace(",2021,\n", ",2021\n"), 3, "8 fields where the header has 9"),
    ],
)
def test_malformed_export_exits_2_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, where: int, problem: str
) -> None:
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ExportError, match="^" + f"{bad}:{where}: {problem}".replace("?", r"\?")):
        read_wikidata(bad)
    code, _, err = run(capsys, "house", "import", "wikidata", str(bad))
    assert (code, err.count("\n")) == (2, 1)
    assert f"{bad}:{where}: " in err


def test_a_missing_export_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "house", "import", "wikidata", "nowhere.json")
    assert code == 2 and err.startswith("copydesk: nowhere.json: cannot read")


# -- writing, validating, merging ----------------------------------------------------------


def test_the_written_house_list_passes_rules_validate_and_reads_back_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], default_rules: RuleSet
) -> None:
    code, out, err = run(capsys, "house", "import", "wikidata", str(JSON))
    assert code == 0, err
    assert out.endswith("rules/officeholders.yaml: 4 added, 0 changed, 0 unchanged, 0 left alone\n")
    assert err.count("\n") == 1 and VOIVODE in err  # the one problem, on stderr
    written = tmp_path / "rules" / "officeholders.yaml"
    assert "{title: finance minister, of: Norway, from: 2009, to: 2013}" in written.read_text(encoding="utf-8")
    code, out, err = run(capsys, "rules", "validate", "rules")
    assert (code, err) == (0, "")
    assert f"{Path('rules') / 'officeholders.yaml'}: ok" in out
    _, parsed = parse_rule_file(written)
    assert list(parsed.entities) == list(people(default_rules).values())


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rules" / "officeholders.yaml"
    target.parent.mkdir()
    target.write_text("entities: []\n", encoding="utf-8")
    code, _, err = run(capsys, "house", "import", "wikidata", str(JSON))
    assert code == 2 and "exists: --merge to fold the import into it, or --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "entities: []\n"
    assert run(capsys, "house", "import", "wikidata", str(JSON), "--force")[0] == 0
    assert "Lene Arvik" in target.read_text(encoding="utf-8")


HAND_WRITTEN = """\
entities:
  # the newsroom's own entry: no id
  - name: Lene Arvik
    misspellings: [Lena Arvick]
  - name: Petter Krogh
    id: Q90000002
    misspellings: [Peter Krog]
    roles:
      - {title: prime minister, of: Norway, from: 2017-10-20}
  - name: Zhou Mei-lin
    id: Q90000004
    roles:
      - {title: foreign minister, of: China, from: 2030-07-25}
  - name: Ilse Marrowind
    id: Q90000099
"""


def test_merge_updates_by_id_adds_the_new_and_leaves_hand_written_entries_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "house.yaml"
    target.write_text(HAND_WRITTEN, encoding="utf-8")
    code, out, err = run(capsys, "house", "import", "wikidata", str(JSON), "-o", str(target), "--merge")
    assert code == 0, err
    assert "left alone: Lene Arvik (Q90000001): the list's entry of that name is written by hand" in out
    assert out.endswith(f"{target}: 1 added, 2 changed, 0 unchanged, 1 left alone\n")
    _, parsed = parse_rule_file(target)
    by_name = {e.name: e for e in parsed.entities}
    assert [e.name for e in parsed.entities] == ["Lene Arvik", "Petter Krogh", "Zhou Meilin", "Ilse Marrowind", "Tomasz Wierzbicki"]
    assert by_name["Lene Arvik"] == HouseEntity(name="Lene Arvik", misspellings=("Lena Arvick",))  # untouched
    krogh = by_name["Petter Krogh"]  # by id: the export's terms, the list's misspellings
    assert (krogh.misspellings, len(krogh.roles), krogh.roles[1].end) == (("Peter Krog",), 2, TermDate(2021, 10))
    zhou = by_name["Zhou Meilin"]  # renamed at the source: matched by id, the old name kept as an alias
    assert (zhou.id, zhou.aliases) == ("Q90000004", ("周美琳", "Chou Mei-lin", "Zhou Mei-lin"))
    assert by_name["Ilse Marrowind"].id == "Q90000099"  # not in this export: kept
    # a second merge of the same export changes nothing
    code, out, _ = run(capsys, "house", "import", "wikidata", str(JSON), "-o", str(target), "--merge")
    assert out.endswith(f"{target}: 0 added, 0 changed, 3 unchanged, 1 left alone\n")


def test_merge_by_name_never_replaces_a_namesake_of_another_id() -> None:
    listed = [HouseEntity(name="Ana Ruiz", id="Q1")]
    result = merge(listed, [HouseEntity(name="Ana Ruiz", id="Q2"), HouseEntity(name="Ana Ruiz Vega", id="Q3")])
    assert result.entities == [*listed, HouseEntity(name="Ana Ruiz Vega", id="Q3")]
    assert result.left_alone == ["Ana Ruiz (Q2): the list's entry of that name is another person, Q1"]


def test_merge_leaves_alone_a_name_another_rule_file_defines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # rules/house.yaml names her; rules/officeholders.yaml comes later and would replace it
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "house.yaml").write_text("entities:\n  - name: Lene Arvik\n", encoding="utf-8")
    code, out, _ = run(capsys, "house", "import", "wikidata", str(JSON))
    assert code == 0
    assert f"left alone: Lene Arvik (Q90000001): defined in {tmp_path / 'rules' / 'house.yaml'}:2" in out
    assert "Lene Arvik" not in (tmp_path / "rules" / "officeholders.yaml").read_text(encoding="utf-8")


# -- the role check with an imported term ------------------------------------------------------


ARTICLES = {
    # in Arvik's first term (to the day): Krogh is the wrong name
    "talks.md": ("2015-05-04", "Norwegian Foreign Minister Petter Krogh opened the fishing talks in Tromso on Monday."),
    # some day of 2021 began her second term: she may hold it in June
    "treaty.md": ("2021-06-01", "Norwegian Foreign Minister Lene Arvik signed the treaty in Bergen on Tuesday."),
    # ... and may not yet in March: the house list does not say who held it then
    "visit.md": ("2021-03-01", "Norwegian Foreign Minister Ola Brekke will visit Reykjavik next week."),
}


def _newsroom(root: Path) -> None:
    (root / ".git").mkdir(parents=True)
    for name, (date, body) in ARTICLES.items():
        (root / "articles").mkdir(exist_ok=True)
        (root / "articles" / name).write_text(f"---\ntitle: {name}\ndate: {date}\n---\n{body}\n", encoding="utf-8")


def _role_findings(report: Path) -> list[tuple[str, str, str, str]]:
    with report.open(encoding="utf-8", newline="") as fh:
        return [(r["file"], r["found"], r["expected"], r["severity"]) for r in csv.DictReader(fh) if r["rule"] == "role-conflict"]


def test_copydesk_check_judges_dated_articles_by_the_imported_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _newsroom(tmp_path / "newsroom")
    target = tmp_path / "newsroom" / "rules" / "officeholders.yaml"
    assert run(capsys, "house", "import", "wikidata", str(JSON), "-o", str(target))[0] == 0
    code, _, err = run(capsys, "check", "newsroom/articles", "-o", "r.csv")
    assert _role_findings(tmp_path / "r.csv") == [("newsroom/articles/talks.md", "Petter Krogh", "Lene Arvik", "error")]
    assert code == 1
    # the control: were "from: 2021" read as 1 January 2021, the March visit would be an error
    text = target.read_text(encoding="utf-8").replace("from: 2021}", "from: 2021-01-01}")
    target.write_text(text, encoding="utf-8")
    run(capsys, "check", "newsroom/articles", "-o", "r.csv")
    assert ("newsroom/articles/visit.md", "Ola Brekke", "Lene Arvik", "error") in _role_findings(tmp_path / "r.csv")


def test_a_year_only_term_may_cover_any_day_of_its_year_but_surely_none() -> None:
    role = HouseRole.model_validate({"title": "foreign minister", "of": "Norway", "from": 2021})
    march = dt.date(2021, 3, 1)
    assert role.covers(march) and not role.surely_covers(march)
    assert role.surely_covers(dt.date(2022, 1, 1)) and not role.covers(dt.date(2020, 12, 31))
    holder = house.Holder(HouseEntity(name="Lene Arvik", roles=(role,)), role)
    assert held_on([holder], march) == [] and held_on([holder], dt.date(2022, 1, 1)) == [holder]
    ended = HouseRole.model_validate({"title": "x", "from": "2020-02", "to": "2020-02"})
    assert ended.surely_covers(dt.date(2020, 2, 1)) is False and ended.covers(dt.date(2020, 2, 29))


# -- a newsroom's own spreadsheet ------------------------------------------------------------------


SPREADSHEET = """\
name,kind,aliases,title,of,from,to
Ingrid Solvang,person,Solvang;I. Solvang,harbour master,Tromso,2019,
Ingrid Solvang,person,,Minister of Foreign Affairs,Norway,2022-01-10,2024-02-29
Nordkyst Shipping Group,org,Nordkyst,,,,
,person,,,,,
Rune Dahl,ship,,,,,
Rune Dahl,person,,chairman,Harbour Board,2024-13-01,
Arne Vik,person,,chairman,Harbour Board,2020,2019-05
Berit Lund,person,,,,2020,
Kari Holm,person,,mayor,Tromso,2018-04,
"""


def test_a_newsroom_spreadsheet_imports_every_good_row_and_names_each_bad_one(tmp_path: Path, default_rules: RuleSet) -> None:
    sheet = tmp_path / "names.csv"
    sheet.write_text(SPREADSHEET, encoding="utf-8")
    result = read_house_csv(sheet, default_rules)
    assert result.problems == [
        f"{sheet}:5: no name; row skipped",
        f"{sheet}:6: kind is 'ship': person or org; row skipped",
        f"{sheet}:7: from: '2024-13-01' is not a date: month must be in 1..12; row skipped",
        f"{sheet}:8: to: 'to' (2019-05) is before 'from' (2020); row skipped",
        f"{sheet}:9: a term (from, to) needs a title; row skipped",
    ]
    by_name = {p.name: p for p in result.people}
    assert sorted(by_name) == ["Ingrid Solvang", "Kari Holm", "Nordkyst Shipping Group"]
    solvang = by_name["Ingrid Solvang"]
    assert (solvang.id, solvang.aliases) == (None, ("Solvang", "I. Solvang"))
    assert terms(solvang) == [("harbour master", "Tromso", "2019", None), ("foreign minister", "Norway", "2022-01-10", "2024-02-29")]
    assert by_name["Nordkyst Shipping Group"].kind == "org"


def test_house_import_csv_command_writes_the_good_rows_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "names.csv"
    sheet.write_text(SPREADSHEET, encoding="utf-8")
    code, out, err = run(capsys, "house", "import", "csv", str(sheet), "-o", "rules/house.yaml")
    assert code == 0
    assert [line.split(": ", 2)[1] for line in err.splitlines()] == [f"{sheet}:{n}" for n in (5, 6, 7, 8, 9)]
    assert out.endswith("rules/house.yaml: 3 added, 0 changed, 0 unchanged, 0 left alone\n")
    assert run(capsys, "rules", "validate", "rules")[0] == 0


def test_a_spreadsheet_with_an_unknown_column_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "names.csv"
    sheet.write_text("name,role\nAna Ruiz,minister\n", encoding="utf-8")
    code, _, err = run(capsys, "house", "import", "csv", str(sheet))
    assert code == 2
    assert err == f"copydesk: {sheet}:1: unknown column(s) 'role'; the columns are name, kind, aliases, title, of, from, to\n"


# -- a large house list --------------------------------------------------------------------------


def large_house_list(people: int = 10_000, seed: int = 15) -> list[HouseEntity]:
    """Made-up people, three terms each, over a few countries and titles."""
    rng = random.Random(seed)
    syllables = "ka lo mi ra ve to su ne bi da ho pe li an or el ul is".split()
    countries = ["Norway", "France", "Germany", "China", "Japan", "Brazil", "India", "Kenya"]
    titles = ["foreign minister", "finance minister", "prime minister", "president", "defence minister"]
    out, seen = [], set()
    while len(out) < people:
        name = " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(2))
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        roles = []
        for _ in range(3):
            year = rng.randint(1950, 2020)
            roles.append({"title": rng.choice(titles), "of": rng.choice(countries), "from": year, "to": year + rng.randint(1, 5)})
        out.append(HouseEntity.model_validate({"name": name, "id": f"Q{len(out) + 1}", "roles": roles}))
    return out


def test_a_10000_person_house_list_loads_and_is_indexed_once(
    tmp_path: Path, default_rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = large_house_list()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "officeholders.yaml").write_text(render_house_list(big, "test"), encoding="utf-8")
    rules = load_rules([tmp_path / "rules"])
    assert len(rules.entities) == len(big) + len(load_rules().entities)
    assert sum(len(e.roles) for e in rules.entities if e.id) == 30_000
    builds, keys = [], []
    build, key = house._build_index, house.name_key
    monkeypatch.setattr(house, "_build_index", lambda r: builds.append(1) or build(r))
    monkeypatch.setattr(house, "name_key", lambda *a: keys.append(1) or key(*a))
    first, again = HouseList(rules), HouseList(rules)  # as name-variant and role-conflict each ask
    assert len(builds) == 1 and first._terms is again._terms
    # every form keyed once (a name, and its key again for the blocks, plus each alias and misspelling)
    assert len(keys) == sum(2 + len(e.aliases) + len(e.misspellings) for e in rules.entities)
    # a role's terms come from the index by title and country, not from a walk over everyone
    someone = big[0]
    role = someone.roles[0]
    terms_of_role = first.holders(role.title, role.of)
    assert any(h.entity.name == someone.name and h.role == role for h in terms_of_role)
    expected = sum(1 for e in big for r in e.roles if (r.title, r.of) == (role.title, role.of))
    assert len([h for h in terms_of_role if h.entity.id]) == expected
    assert first.match(someone.name).entity.name == someone.name  # type: ignore[union-attr]
    # another rule set (or other entries) gets its own index
    HouseList(dataclasses.replace(rules, entities=rules.entities[:10]))
    assert len(builds) == 2


@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parents[1] / "rules").glob("*.yaml"))),
        "base: &b {a: 1}\nother:\n  <<: *b\n  c: [x, 2.5, null, true, off, 0x1F, 2024-05-01]\n",  # a merge key: PyYAML's way
        "? [a, b]\n: 1\n",  # a list as a key
        "just text\n",
    ],
)
def test_rule_files_read_the_fast_way_give_what_pyyaml_gives(text: str) -> None:
    import yaml

    from copydesk.rules import _compose_and_load, _RuleLoader

    try:
        expected = yaml.load(text, Loader=_RuleLoader)
    except yaml.constructor.ConstructorError:  # an unhashable key: both refuse it
        with pytest.raises(yaml.constructor.ConstructorError):
            _compose_and_load(text)
        return
    assert _compose_and_load(text)[1] == expected


def test_an_id_is_unique_in_a_rule_file_and_has_no_spaces(tmp_path: Path) -> None:
    from copydesk.rules import RuleError

    bad = tmp_path / "house.yaml"
    bad.write_text("entities:\n  - name: Ana Ruiz\n    id: Q1\n  - name: Bo Li\n    id: Q1\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{bad}:5: entities.1.id: duplicate id 'Q1' \(first at item 0\)$"):
        parse_rule_file(bad)
    bad.write_text("entities:\n  - name: Ana Ruiz\n    id: Q 1\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"^{bad}:3: entities.0.id: "):
        parse_rule_file(bad)
