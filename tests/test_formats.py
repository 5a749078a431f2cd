"""Report formats for machines and spreadsheets: SARIF 2.1.0 (validated against the
official schema, vendored in tests/fixtures/sarif/), GitHub workflow annotations, and
CSV made safe for spreadsheets (formula cells escaped, an optional BOM)."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from spacy.language import Language

from conftest import ARTICLES
from copydesk import cli, nlp as nlp_module
from copydesk.formats.github import annotation, escape_data, escape_property
from copydesk.formats.sarif import render_sarif
from copydesk.model import Finding
from copydesk.report import ReportFormat, render, write_report

SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"

VARIANT = Finding("name-variant", "error", "news/dockers 4.txt", 3, 1, "Marta Kowalczik", "Marta Kowalczyk",
                  "Marta Kowalczyk", "'Marta Kowalczik' looks like a misspelling of 'Marta Kowalczyk'")
CONFLICT = Finding("role-conflict", "warning", "news/gil.md", 6, 18, "Pedro Gil", "Ana Ruiz", "Foreign Minister",
                   "Foreign Minister is 'Pedro Gil' here but 'Ana Ruiz' in news/ruiz-1.md:5")
WRAPPED = Finding("substitution", "info", "/abs/path/kiev.txt", 9, 30, "Foreign\nOffice", "Foreign, Commonwealth and Development Office",
                  "FCDO", "house style")


def validate(text: str) -> dict:
    log = json.loads(text)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    return log


# -- SARIF --------------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema() -> None:
    log = validate(render_sarif([VARIANT, CONFLICT, WRAPPED]))
    assert log["version"] == "2.1.0"


def test_the_schema_check_can_fail() -> None:
    log = json.loads(render_sarif([VARIANT]))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(json.dumps(log))


def test_sarif_results_carry_rule_level_place_and_the_expected_form() -> None:
    run = json.loads(render_sarif([VARIANT, CONFLICT, WRAPPED]))["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules[:3] == ["name-variant", "role-conflict", "substitution"]
    assert run["columnKind"] == "unicodeCodePoints"
    variant, conflict, wrapped = run["results"]
    assert (variant["ruleId"], variant["level"], conflict["level"], wrapped["level"]) == ("name-variant", "error", "warning", "note")
    assert rules[variant["ruleIndex"]] == "name-variant"
    place = variant["locations"][0]["physicalLocation"]
    assert place["artifactLocation"] == {"uri": "news/dockers%204.txt", "uriBaseId": "%SRCROOT%"}
    assert place["region"] == {"startLine": 3, "startColumn": 1, "endColumn": 16, "snippet": {"text": "Marta Kowalczik"}}
    assert variant["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "Marta Kowalczyk"}
    # a role conflict's expected is another person: named in the message, no fix to apply
    assert "fixes" not in conflict and conflict["properties"]["expected"] == "Ana Ruiz"
    # a message that does not name the expected form gets it added
    assert wrapped["message"]["text"] == "house style (expected: 'Foreign, Commonwealth and Development Office')"
    region = wrapped["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"], region["endColumn"]) == (9, 10, 7)
    assert wrapped["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///abs/path/kiev.txt"}


def test_sarif_of_no_findings_is_a_valid_empty_run() -> None:
    assert validate(render_sarif([]))["runs"][0]["results"] == []


# -- GitHub annotations ----------------------------------------------------------------------------


def test_github_annotation_line() -> None:
    assert annotation(VARIANT) == (
        "::error file=news/dockers 4.txt,line=3,col=1,endColumn=16,title=copydesk name-variant::"
        "'Marta Kowalczik' looks like a misspelling of 'Marta Kowalczyk'"
    )
    assert annotation(CONFLICT).startswith("::warning file=news/gil.md,line=6,col=18,endColumn=27,title=copydesk role-conflict::")
    assert annotation(CONFLICT).endswith("but 'Ana Ruiz' in news/ruiz-1.md:5")
    assert annotation(WRAPPED) == (  # the found text runs over a line break: no endColumn
        "::notice file=/abs/path/kiev.txt,line=9,col=30,title=copydesk substitution::"
        "house style (expected: 'Foreign, Commonwealth and Development Office')"
    )


def test_github_escapes_percent_and_line_breaks_and_property_separators() -> None:
    assert escape_data("50% off\r\nnext") == "50%25 off%0D%0Anext"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"
    odd = Finding("name-variant", "error", "news/a,b:c.txt", 1, 1, "X", "", "X", "one\ntwo, 100%")
    assert annotation(odd) == "::error file=news/a%2Cb%3Ac.txt,line=1,col=1,endColumn=2,title=copydesk name-variant::one%0Atwo, 100%25"


# -- CSV for spreadsheets ---------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_would_start_a_formula_get_an_apostrophe(start: str) -> None:
    f = Finding("substitution", "warning", "a.txt", 1, 1, f"{start}HYPERLINK(1)", "Kyiv", "Kyiv", f"{start}cmd")
    record = next(csv.DictReader(io.StringIO(render([f], ReportFormat.csv))))
    assert record["found"] == f"'{start}HYPERLINK(1)" and record["message"] == f"'{start}cmd"
    assert (record["line"], record["column"], record["expected"]) == ("1", "1", "Kyiv")


def test_ordinary_cells_are_left_as_they_are_and_json_keeps_the_exact_text() -> None:
    f = Finding("name-variant", "error", "a.txt", 1, 1, "Marta-Kowalczik", "'Marta'", "Marta Kowalczyk", "x - y = z")
    record = next(csv.DictReader(io.StringIO(render([f], ReportFormat.csv))))
    assert (record["found"], record["expected"], record["message"]) == ("Marta-Kowalczik", "'Marta'", "x - y = z")
    risky = Finding("substitution", "warning", "a.txt", 1, 1, "=1+1", "", "", "m")
    assert json.loads(render([risky], ReportFormat.json))[0]["found"] == "=1+1"


def test_bom_starts_the_file_with_a_utf8_byte_order_mark(tmp_path: Path) -> None:
    write_report([VARIANT], tmp_path / "bom.csv", ReportFormat.csv, bom=True)
    write_report([VARIANT], tmp_path / "plain.csv", ReportFormat.csv)
    assert (tmp_path / "bom.csv").read_bytes().startswith(b"\xef\xbb\xbfrule,severity,")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"rule,severity,")
    assert (tmp_path / "bom.csv").read_text(encoding="utf-8-sig") == (tmp_path / "plain.csv").read_text(encoding="utf-8")


# -- through the command line --------------------------------------------------------------------------


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp: Language) -> Path:
    """A working directory with articles/ holding a misspelt name and a role conflict; the
    CLI gets the session's model."""
    shutil.copytree(ARTICLES / "misspelt-in-one-article", tmp_path / "articles" / "dockers")
    shutil.copytree(ARTICLES / "role-same-week", tmp_path / "articles" / "ministers")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(nlp_module, "load_model", lambda name: nlp)
    return tmp_path


def test_check_format_sarif_writes_a_valid_sarif_file_by_default(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "articles", "--format", "sarif", "--no-cache"]) == 1
    log = validate((newsroom / "reports" / "copydesk-report.sarif").read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"articles/dockers/dockers-4.txt", "articles/ministers/gil.md"}
    assert "reports/copydesk-report.sarif" in capsys.readouterr().out


def test_check_format_github_prints_annotations_on_stdout(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "articles", "-f", "github", "-q", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert out.count("::error file=articles/dockers/dockers-4.txt,") == 3
    assert "::error file=articles/ministers/gil.md,line=6,col=18," in out
    assert not (newsroom / "reports").exists()


def test_check_format_html_writes_the_page_by_default(newsroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "articles", "-f", "html", "-q", "--no-cache"]) == 1
    page = (newsroom / "reports" / "copydesk-report.html").read_text(encoding="utf-8")
    assert "<mark>Marta Kowalczik</mark>" in page and "articles/ministers/gil.md:6:18" in page


def test_check_bom_writes_a_csv_excel_reads_and_is_refused_for_other_formats(
    newsroom: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "articles", "--bom", "-o", "r.csv", "-q", "--no-cache"]) == 1
    assert (newsroom / "r.csv").read_bytes().startswith(b"\xef\xbb\xbfrule,")
    assert cli.main(["check", "articles", "--bom", "-f", "json", "-q"]) == 2
    assert "--bom applies to CSV" in capsys.readouterr().err
