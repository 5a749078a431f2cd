"""docs/rules.md stays true to the rule schema: every ```yaml example in it is a valid
rule file, and every section, rule and field of the schema is documented there."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from copydesk.rules import (
    RULE_NAMES,
    SECTIONS,
    Country,
    HouseEntity,
    HouseRole,
    Ignore,
    KindThresholds,
    NameVariantSettings,
    Position,
    RoleConflictSettings,
    RuleError,
    Settings,
    Substitution,
    Title,
    parse_rule_file,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
TEXT = DOC.read_text(encoding="utf-8")

# A fenced block: ``` + info string, then everything up to the closing fence.
_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)


def _blocks(language: str) -> list[tuple[int, str]]:
    """(line number, body) of every fenced block whose info string is `language`."""
    return [
        (TEXT.count("\n", 0, m.start()) + 1, m.group(2))
        for m in _FENCE.finditer(TEXT)
        if m.group(1).strip() == language
    ]


YAML_BLOCKS = _blocks("yaml")


def test_rules_doc_has_yaml_examples() -> None:
    # without this, a broken fence pattern would make the parametrized test below vacuous
    assert len(YAML_BLOCKS) >= 10


@pytest.mark.parametrize(("line", "body"), YAML_BLOCKS, ids=[f"rules.md:{line}" for line, _ in YAML_BLOCKS])
def test_every_yaml_example_in_rules_doc_is_a_valid_rule_file(line: int, body: str, tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(body, encoding="utf-8")
    try:
        _, parsed = parse_rule_file(path)
    except RuleError as exc:
        pytest.fail(f"docs/rules.md:{line}: the yaml example is not a valid rule file: {exc}")
    assert parsed.model_fields_set, f"docs/rules.md:{line}: the yaml example sets no section"


def test_invalid_yaml_in_validation_section_is_not_fenced_as_yaml() -> None:
    # examples of invalid rule files must use ```text, or the test above cannot hold
    assert all("alias: [Solvang]" not in body for _, body in YAML_BLOCKS)
    assert any("alias: [Solvang]" in body for _, body in _blocks("text"))


def _headings() -> list[str]:
    return [h.strip().strip("`") for h in re.findall(r"^#{2,3} (.+)$", TEXT, re.M)]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_rule_file_section_has_its_own_heading_in_rules_doc(section: str) -> None:
    assert section in _headings(), f"docs/rules.md has no '## {section}' section"


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_every_rule_name_is_mentioned_in_rules_doc(rule: str) -> None:
    assert f"`{rule}`" in TEXT


@pytest.mark.parametrize("section", ["settings.name_variant", "settings.role_conflict"])
def test_each_settings_group_has_its_own_heading_in_rules_doc(section: str) -> None:
    assert section in _headings()


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


SCHEMA_FIELDS = sorted(
    {
        (model.__name__, name)
        for model in (
            Settings, NameVariantSettings, KindThresholds, RoleConflictSettings,
            Title, Country, HouseEntity, HouseRole, Substitution, Ignore, Position,
        )
        for name in _field_names(model)
    }
)


@pytest.mark.parametrize(("model", "field"), SCHEMA_FIELDS, ids=[f"{m}.{f}" for m, f in SCHEMA_FIELDS])
def test_every_schema_field_is_in_a_field_table_of_rules_doc(model: str, field: str) -> None:
    assert re.search(rf"^\| `{re.escape(field)}` \|", TEXT, re.M), f"{model}.{field} is in no field table"
