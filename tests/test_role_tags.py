"""Party-and-state tags ("Sen. Jane Doe, R-Ariz."): a name put in another's seat."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import write
from copydesk.checks.roles.tags import Tag, tag_after
from copydesk.pipeline import check_paths
from copydesk.rules import RuleSet

MONDAY = dt.date(2024, 3, 4)


@pytest.mark.parametrize(
    ("after", "tag"),
    [
        (", R-Ariz., said on Monday", Tag("R", "ariz", "R-Ariz.")),
        (" (D-N.Y.) said", Tag("D", "ny", "D-N.Y.")),
        (", I-Vt.", Tag("I", "vt", "I-Vt.")),
        (", D-Ohio, and", Tag("D", "ohio", "D-Ohio")),
        (", a Democrat of New Mexico, said", Tag("D", "new mexico", "a Democrat of New Mexico")),
        (", Republican from Utah.", Tag("R", "utah", "Republican from Utah")),
        (", who leads the panel", None),
        (", R-rated films", None),
        (", D-Day veterans", None),
    ],
)
def test_the_tag_after_a_name(after: str, tag: Tag | None) -> None:
    text = "Sen. Halvard Quist" + after
    assert tag_after(text, len("Sen. Halvard Quist")) == tag


def archive(folder: Path, quist_tags: list[str], swapped_day: int | None = None) -> None:
    """A story every other day: Senator Quist with each of `quist_tags` in turn, and
    Senator Albrecht, R-Idaho, in each; on `swapped_day`, Quist alone, in Albrecht's seat."""
    for i, quist_tag in enumerate(quist_tags):
        day = (MONDAY + dt.timedelta(days=2 * i)).isoformat()
        write(folder, f"{day}.md", (
            f"---\ntitle: Harbour Bill\ndate: {day}\n---\n\n"
            f"Sen. Halvard Quist, {quist_tag}, said the harbour bill would pass this week.\n\n"
            "Sen. Renske Albrecht, R-Idaho, said she would vote against it.\n"
        ))
    if swapped_day is not None:
        day = (MONDAY + dt.timedelta(days=swapped_day)).isoformat()
        write(folder, f"{day}-swap.md", (
            f"---\ntitle: Harbour Bill Stalls\ndate: {day}\n---\n\n"
            "Sen. Halvard Quist, R-Idaho, said the harbour bill had stalled in committee.\n"
        ))


def test_a_name_given_another_senators_tag_once_is_a_role_conflict(nlp: Language, default_rules: RuleSet, tmp_path: Path) -> None:
    archive(tmp_path, ["D-Ore."] * 5, swapped_day=5)
    result = check_paths([str(tmp_path)], default_rules, nlp)
    assert [(Path(f.file).name, f.rule, f.found, f.expected, f.severity) for f in result.findings] == [
        ("2024-03-09-swap.md", "role-conflict", "Halvard Quist", "Renske Albrecht", "error")
    ]
    assert "tagged R-Idaho here but D-Ore. in 5 other article(s)" in result.findings[0].message


def test_a_name_put_in_the_same_seat_twice_amid_its_own_is_flagged_twice(
    nlp: Language, default_rules: RuleSet, tmp_path: Path
) -> None:
    archive(tmp_path, ["D-Ore."] * 6, swapped_day=5)
    day = (MONDAY + dt.timedelta(days=7)).isoformat()
    write(tmp_path, f"{day}-swap.md", f"---\ntitle: Harbour Bill Again\ndate: {day}\n---\n\nSen. Halvard Quist, R-Idaho, said so.\n")
    result = check_paths([str(tmp_path)], default_rules, nlp)
    assert sorted(Path(f.file).name for f in result.findings) == ["2024-03-09-swap.md", "2024-03-11-swap.md"]


@pytest.mark.parametrize(
    ("quist_tags", "swapped_day", "why"),
    [
        (["D-Ore."] * 4 + ["R-Ore."], None, "a party switched: the new tag after every old one"),
        (["D-Ore."] * 2, 1, "two articles against one: too few to say which is usual"),
        (["D-Ore."] * 5, 12, "after every usual tag: a seat changed, maybe"),
    ],
)
def test_a_tag_that_may_have_changed_is_no_finding(
    nlp: Language, default_rules: RuleSet, tmp_path: Path, quist_tags: list[str], swapped_day: int | None, why: str
) -> None:
    archive(tmp_path, quist_tags, swapped_day)
    assert check_paths([str(tmp_path)], default_rules, nlp).findings == [], why
