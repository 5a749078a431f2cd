"""report: findings -> CSV / JSON files (the report contract) and a terminal summary."""
from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from copydesk import atomic
from copydesk.model import REPORT_COLUMNS, Finding
from copydesk.report import ReportFormat, at_or_above, render, summary, to_frame, write_atomically, write_report

HEADER = "rule,severity,file,line,column,found,expected,entity,message"

VARIANT = Finding(
    rule="name-variant",
    severity="error",
    file="news/dockers-4.txt",
    line=3,
    column=1,
    found="Marta Kowalczik",
    expected="Marta Kowalczyk",
    entity="Marta Kowalczyk",
    message="'Marta Kowalczik' looks like a misspelling of 'Marta Kowalczyk' (spellings: 'Marta Kowalczyk' 3x, \"quoted\")",
    evidence={"rule": "one-part-misspelt", "tokens": ["kowalczik", "kowalczyk"], "edits": 1},
)
CONFLICT = Finding(
    rule="role-conflict",
    severity="warning",
    file="news/gil.md",
    line=6,
    column=18,
    found="Pedro Gil",
    expected="Ana Ruiz",
    entity="Foreign Minister",
    message="Foreign Minister is 'Pedro Gil' here (2024-03-08) but 'Ana Ruiz' in news/ruiz-1.md:5 (2024-03-04)",
    evidence={"title": "foreign minister", "country": None},
)
CREDIT = Finding(
    rule="name-variant",
    severity="info",
    file="news/rail-fares.txt",
    line=9,
    column=1,
    found="Dorotha Vasquez",
    expected="",
    entity="Dorothea Vasquez",
    message="one of several spellings, none clearly right",
)
FINDINGS = [VARIANT, CONFLICT, CREDIT]


def test_report_columns_are_the_contract() -> None:
    assert ",".join(REPORT_COLUMNS) == HEADER


def test_csv_header_is_exactly_the_contract() -> None:
    assert render(FINDINGS, ReportFormat.csv).split("\n", 1)[0] == HEADER


def test_csv_of_no_findings_is_the_header_alone() -> None:
    assert render([], ReportFormat.csv) == HEADER + "\n"


def test_csv_rows_round_trip_with_commas_and_quotes_in_fields() -> None:
    records = list(csv.DictReader(io.StringIO(render(FINDINGS, ReportFormat.csv))))
    assert len(records) == 3
    for record, finding in zip(records, FINDINGS, strict=True):
        assert record == {c: str(getattr(finding, c)) for c in REPORT_COLUMNS}


def test_csv_has_one_physical_line_per_finding_and_no_index() -> None:
    text = render(FINDINGS, ReportFormat.csv)
    assert text.endswith("\n") and "\r" not in text
    assert len(text.strip("\n").split("\n")) == 1 + len(FINDINGS)
    assert text.split("\n")[1].startswith("name-variant,error,news/dockers-4.txt,3,1,Marta Kowalczik,")


def test_json_has_the_csv_fields_plus_evidence() -> None:
    records = json.loads(render(FINDINGS, ReportFormat.json))
    assert len(records) == 3
    for record, finding in zip(records, FINDINGS, strict=True):
        assert list(record) == [*REPORT_COLUMNS, "evidence"]
        assert {c: record[c] for c in REPORT_COLUMNS} == {c: getattr(finding, c) for c in REPORT_COLUMNS}
        assert record["evidence"] == finding.evidence
    assert isinstance(records[0]["line"], int) and isinstance(records[0]["column"], int)


def test_json_of_no_findings_is_an_empty_list() -> None:
    assert json.loads(render([], ReportFormat.json)) == []


def test_to_frame_has_the_contract_columns_even_when_empty() -> None:
    assert list(to_frame([]).columns) == list(REPORT_COLUMNS)
    assert to_frame(FINDINGS)["found"].tolist() == ["Marta Kowalczik", "Pedro Gil", "Dorotha Vasquez"]


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_write_report_creates_folders_and_leaves_no_temporary_file(tmp_path: Path, fmt: ReportFormat) -> None:
    target = tmp_path / "reports" / "deep" / f"copydesk-report.{fmt.value}"
    write_report(FINDINGS, target, fmt)
    assert target.read_text(encoding="utf-8") == render(FINDINGS, fmt)
    assert os.listdir(target.parent) == [target.name]


def test_write_replaces_an_old_report(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old report\n", encoding="utf-8")
    write_report([VARIANT], target, ReportFormat.csv)
    assert target.read_text(encoding="utf-8").startswith(HEADER)
    assert os.listdir(tmp_path) == ["report.csv"]


def test_failed_write_keeps_the_old_report_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old report\n", encoding="utf-8")

    def fail_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", fail_replace)
    with pytest.raises(OSError):
        write_atomically(target, "new report\n")
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert os.listdir(tmp_path) == ["report.csv"]


def test_written_text_is_utf8_with_names_as_written(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    accented = Finding("name-variant", "error", "a.txt", 1, 1, "José Núñez", "José Núñes", "José Núñes", "m")
    write_report([accented], target, ReportFormat.csv)
    assert "José Núñez" in target.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("level", "count"),
    [("error", 1), ("warning", 2), ("info", 3), ("never", 0)],
)
def test_at_or_above_counts_findings_at_or_above_a_severity(level: str, count: int) -> None:
    assert at_or_above(FINDINGS, level) == count


def test_summary_without_findings_says_so() -> None:
    assert summary([], 12) == "copydesk: 12 article(s) checked, no findings."


def test_summary_counts_findings_by_severity_and_lists_entities_worst_first() -> None:
    text = summary(FINDINGS, 7)
    head, *lines = text.split("\n")
    assert head == "copydesk: 7 article(s) checked, 3 finding(s) (1 error, 1 warning, 1 info) on 3 entities:"
    assert len(lines) == 3
    assert "Marta Kowalczyk" in lines[0] and "news/dockers-4.txt:3:1" in lines[0]
    assert "Foreign Minister" in lines[1] and "'Pedro Gil'" in lines[1]
    assert "Dorothea Vasquez" in lines[2]


def test_summary_groups_findings_of_one_entity_on_one_line() -> None:
    second = Finding(**{**{c: getattr(VARIANT, c) for c in REPORT_COLUMNS}, "file": "news/other.txt", "line": 9})
    lines = summary([VARIANT, second], 2).split("\n")
    assert len(lines) == 2
    assert "in 2 file(s)" in lines[1]


def test_summary_is_cut_after_max_entities() -> None:
    many = [
        Finding("name-variant", "error", f"a{i}.txt", 1, 1, f"Name{i}", "", f"Entity {i}", "m") for i in range(40)
    ]
    lines = summary(many, 40, max_entities=30).split("\n")
    assert len(lines) == 1 + 30 + 1
    assert "10 more entities" in lines[-1]


def test_report_file_has_ordinary_permissions(tmp_path: Path) -> None:
    # written through a private temporary file, the report must still be readable by
    # the editors the umask lets read it
    old = os.umask(0o022)
    try:
        target = tmp_path / "report.csv"
        write_report([], target, ReportFormat.csv)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
