"""Tests for copydesk.ingest: finding article files and reading them into Articles."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from copydesk import ingest
from copydesk.ingest import (
    ArticleError,
    discover,
    read_article,
)
from copydesk.model import Article
from copydesk.rules import load_rules

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

# The kinds of lines scraped news pages carry, written as a rules file would write them.
TEST_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\s*See also\b",
        r"^\s*Support Our Journalism\s*$",
        r"^\s*Leave a Reply\s*$",
        r"^\s*Follow Us\b",
        r"^\s*Share (?:on|this)\b",
        r"Subscribe to our channels",
        r"^\s*Please enter your (?:comment|name)\b",
        r"^\s*Read more\s*:",
        r"^\s*(?-i:Home(?:Local|World|News)[A-Z])",
    )
]


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def where_in_file(path: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of needle in the file, by brute force."""
    hits = [
        (number, m.start() + 1)
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), 1)
        for m in re.finditer(re.escape(needle), line)
    ]
    return hits[nth]


def position_of(article: Article, needle: str) -> tuple[int, int]:
    return article.position(article.text.index(needle))


# --------------------------------------------------------------------------- plain text


def test_txt_boilerplate_lines_are_blanked_to_spaces_keeping_offsets() -> None:
    path = fixture("harbour-vote.txt")
    original = Path(path).read_text(encoding="utf-8")
    article = read_article(path, TEST_BOILERPLATE)

    assert len(article.text) == len(original)
    assert article.text.count("\n") == original.count("\n")
    assert "See also" not in article.text
    assert "Support Our Journalism" not in article.text
    assert "Please enter your" not in article.text
    assert "HomeLocal" not in article.text
    # prose and credit lines survive
    assert "(Reporting by Marta Kowalczyk; Editing by Piotr Zielinski)" in article.text
    assert article.anchors is None


@pytest.mark.parametrize("name", ["Tomasz Wierzbicki", "Oona Lindqvist", "Piotr Zielinski"])
def test_txt_position_of_a_name_is_its_line_and_column_in_the_file(name: str) -> None:
    path = fixture("harbour-vote.txt")
    article = read_article(path, TEST_BOILERPLATE)
    offset = article.text.index(name)
    assert Path(path).read_text(encoding="utf-8")[offset : offset + len(name)] == name
    assert article.position(offset) == where_in_file(path, name)


def test_txt_title_date_and_byline_come_from_the_top_of_the_file() -> None:
    article = read_article(fixture("harbour-vote.txt"), TEST_BOILERPLATE)
    assert article.title == "Harbour council backs new ferry route after close vote"
    assert article.date == dt.date(2024, 5, 4)  # the standalone "Saturday, May 4, 2024" line
    assert article.byline == ("Marta Kowalczyk",)


def test_txt_date_from_a_date_label_line() -> None:
    article = read_article(fixture("dated-label.txt"), [])
    assert article.date == dt.date(2012, 1, 5)
    assert article.title == "Velmore port to open night berths"


def test_txt_date_not_taken_from_a_body_sentence_or_a_date_deep_in_the_body() -> None:
    article = read_article(fixture("body-year.txt"), [])
    assert article.date is None
    assert article.byline == ()


def test_txt_crlf_line_endings_keep_offsets_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Ferry news\r\n\r\nBy Marta Kowalczyk\r\nHedda Solberg spoke.\r\n")
    article = read_article(str(path), [])
    assert "\r" not in article.text
    assert len(article.text) == len(path.read_bytes())
    assert position_of(article, "Hedda Solberg") == (4, 1)
    assert article.byline == ("Marta Kowalczyk",)


# --------------------------------------------------------------------------- encodings


def test_binary_file_raises_article_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(ArticleError, match=rf"^{re.escape(str(path))}: binary file"):
        read_article(str(path), [])


def test_latin1_bytes_raise_article_error_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\n\nJos\u00e9 Ib\u00e1\u00f1ez spoke.\n".encode("latin-1"))
    with pytest.raises(ArticleError) as caught:
        read_article(str(path), [])
    message = str(caught.value)
    assert message.startswith(f"{path}: not UTF-8 text")
    assert "byte 0xE9 at line 3" in message
    assert "\n" not in message


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Ferry news\n\nHedda Solberg spoke.\n".encode("utf-16"))  # writes a BOM
    article = read_article(str(path), [])
    assert article.title == "Ferry news"
    assert position_of(article, "Hedda Solberg") == (3, 1)


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHedda Solberg spoke.\n")
    article = read_article(str(path), [])
    assert article.text.startswith("Hedda")
    assert position_of(article, "Solberg") == (1, 7)


def test_empty_file_gives_an_article_with_blank_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    article = read_article(str(path), [])
    assert article.text.strip() == ""
    assert (article.title, article.date, article.byline) == (None, None, ())


def test_directory_and_missing_file_raise_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="is a directory"):
        read_article(str(tmp_path), [])
    missing = tmp_path / "gone.txt"
    with pytest.raises(ArticleError, match=rf"^{re.escape(str(missing))}: cannot read"):
        read_article(str(missing), [])


def test_unknown_suffix_is_read_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "story.text"
    path.write_text("Ferry news\n\nHedda Solberg spoke.\n", encoding="utf-8")
    article = read_article(str(path), [])
    assert article.anchors is None
    assert position_of(article, "Hedda Solberg") == (3, 1)


# --------------------------------------------------------------------------- Markdown


def test_markdown_front_matter_gives_title_date_byline_and_is_blanked() -> None:
    path = fixture("ferry-plan.md")
    original = Path(path).read_text(encoding="utf-8")
    article = read_article(path, TEST_BOILERPLATE)

    assert article.title == "Ferry plan clears first hurdle"
    assert article.date == dt.date(2024, 3, 12)
    assert article.byline == ("Ilse Brandvold", "Jun Akiyama")
    assert len(article.text) == len(original)
    assert "authors" not in article.text and "---" not in article.text
    assert "See also" not in article.text


@pytest.mark.parametrize(
    ("body", "title_read"),
    [
        ("Halvard Quist won the harbour vote on Monday.\n", True),  # the headline only in the front matter
        ("# Quist Wins Harbour Vote\n\nHalvard Quist won the harbour vote on Monday.\n", False),  # repeated: read there
        ("Quist Wins Harbour Vote\n\nHalvard Quist won the harbour vote on Monday.\n", False),
    ],
)
def test_a_front_matter_title_the_body_does_not_repeat_is_read_where_it_is(tmp_path: Path, body: str, title_read: bool) -> None:
    path = tmp_path / "vote.md"
    path.write_text(f'---\ntitle: "Quist Wins Harbour Vote"\ndate: 2024-03-04\n---\n\n{body}', encoding="utf-8")
    article = read_article(str(path), [])
    assert article.title == "Quist Wins Harbour Vote"
    assert article.text.split("\n")[1] == ("        Quist Wins Harbour Vote " if title_read else " " * 32)
    assert article.text.count("Quist Wins Harbour Vote") == 1


def test_markdown_body_name_position_is_correct() -> None:
    path = fixture("ferry-plan.md")
    article = read_article(path, [])
    assert position_of(article, "Tomasz Wierzbicki") == where_in_file(path, "Tomasz Wierzbicki")


def test_markdown_comments_and_link_targets_are_blanked() -> None:
    article = read_article(fixture("ferry-plan.md"), [])
    assert "Ravi Chandrasekar" not in article.text  # inside <!-- -->
    assert "example.org" not in article.text and "Velmore-Council" not in article.text
    assert "[the minutes]" in article.text  # the link text is prose and stays


def test_malformed_front_matter_raises_with_path_and_line() -> None:
    path = fixture("bad-front-matter.md")
    with pytest.raises(ArticleError) as caught:
        read_article(path, [])
    message = str(caught.value)
    assert re.match(rf"^{re.escape(path)}:(\d+): bad front matter: ", message)
    line = int(message[len(path) + 1 :].split(":")[0])
    assert 4 <= line <= 5  # the unclosed "[" on line 4 is reported where YAML notices it
    assert "\n" not in message


def test_front_matter_without_closing_line_raises(tmp_path: Path) -> None:
    path = tmp_path / "open.md"
    path.write_text("---\ntitle: x\n\nBody.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r":1: bad front matter: no closing"):
        read_article(str(path), [])


def test_markdown_without_front_matter_uses_heading_as_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("# Night berths open\n\nDate: 2012-01-05\n\nAnneke Vos spoke.\n", "utf-8")
    article = read_article(str(path), [])
    assert article.title == "Night berths open"
    assert article.date == dt.date(2012, 1, 5)


# --------------------------------------------------------------------------- HTML


def test_html_main_text_is_extracted_without_head_nav_or_boilerplate() -> None:
    article = read_article(fixture("harbour.html"), TEST_BOILERPLATE)
    assert "Tomasz Wierzbicki said the vote" in article.text
    assert "Jun Akiyama" in article.text
    assert "var featured" not in article.text
    assert "Read more" not in article.text
    assert article.anchors


@pytest.mark.parametrize(
    ("name", "nth"),
    [
        ("Tomasz Wierzbicki", 2),  # third in the file: after <meta> and <script>
        ("Lindqvist", 0),  # second line of a paragraph that wraps in the source
        ("Jun Akiyama", 0),  # after an &#8217; entity earlier in the line
        ("Her report", 0),  # inside an <a> after an &amp; entity
    ],
)
def test_html_anchors_give_line_and_column_of_a_name_in_the_file(name: str, nth: int) -> None:
    path = fixture("harbour.html")
    article = read_article(path, TEST_BOILERPLATE)
    assert position_of(article, name) == where_in_file(path, name, nth)


def test_html_metadata_gives_title_date_and_byline() -> None:
    article = read_article(fixture("harbour.html"), [])
    assert article.title == "Harbour council approves ferry plan"
    assert article.date == dt.date(2024, 3, 12)
    assert article.byline == ("Ilse Brandvold",)


def test_html_falls_back_to_visible_text_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    path = fixture("harbour.html")
    article = read_article(path, [])
    assert "var featured" not in article.text  # script contents are not visible text
    assert position_of(article, "Jun Akiyama") == where_in_file(path, "Jun Akiyama")


def test_garbage_html_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text("<p>Hedda <b>Solberg</p></div><<<>>&&;", encoding="utf-8")
    article = read_article(str(path), [])
    assert isinstance(article.text, str)


def test_binary_html_raises_article_error(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    path.write_bytes(b"<html>\x00\x01\x02</html>")
    with pytest.raises(ArticleError, match="binary file"):
        read_article(str(path), [])


# --------------------------------------------------------------------------- default boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "See also  Lighthouse keepers' union elects new chair",
        "Support Our Journalism",
        "LEAVE A REPLY",
        "Please enter your name here",
        "Your email address will not be published. Required fields are marked *",
        "Follow Us :",
        "Text Size:",
        "scorecardresearch",
        "Home > World > Europe",
        "HomeWorldFerry talks stall as unions walk out...",
        "Our standards: The Thomson Reuters Trust Principles.",
        "Disclaimer: This report is auto generated from a wire service.",
        "Subscribe to our channels on YouTube, Telegram & WhatsApp",
        "Sustaining this needs support from readers like you.",
        "You can take a paid subscription by clicking here.",
        "  • Tags",
        "Most Popular",
        "Read more: Ferry fares to rise",
        "Share on Facebook",
    ],
)
def test_default_boilerplate_patterns_catch_page_furniture(line: str) -> None:
    patterns = load_rules().boilerplate
    assert any(p.search(line) for p in patterns)


@pytest.mark.parametrize(
    "line",
    [
        "Related tensions flared again on Monday, the ministry said.",
        "Home prices rose 3 percent in May.",
        "Most popular among voters was the ferry plan, the poll found.",
        "Sign up for the draft was slow, officials said.",
        "Share prices fell 2 percent in early trade.",
        "Follow-up talks are planned for June.",
        "Copyright lawyers welcomed the ruling.",
        "Tags on the cattle were checked by inspectors.",
        "(Reporting by Marta Kowalczyk; Editing by Piotr Zielinski)",
        "By Marta Kowalczyk",
        "Comments by the minister drew criticism from Hedda Solberg.",
    ],
)
def test_default_boilerplate_patterns_leave_prose_alone(line: str) -> None:
    patterns = load_rules().boilerplate
    assert not any(p.search(line) for p in patterns)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Date: 2012-01-05", dt.date(2012, 1, 5)),
        ("Saturday, May 4, 2024", dt.date(2024, 5, 4)),
        ("May 4, 2024", dt.date(2024, 5, 4)),
        ("4 May 2024", dt.date(2024, 5, 4)),
        ("2024-05-04", dt.date(2024, 5, 4)),
        ("Published: Sept. 3, 2012 10:15 GMT", dt.date(2012, 9, 3)),
        ("WASHINGTON, Jan 5, 2012 (Reuters) - The talks", dt.date(2012, 1, 5)),
        ("BEIJING, June 18 (Reuters) - No year here", None),
        ("He took office in January 2021 after a close vote.", None),
        ("2024-02-30", None),
    ],
)
def test_find_date_recognises_date_lines_only(line: str, expected: dt.date | None) -> None:
    assert ingest.find_date([line]) == expected


# --------------------------------------------------------------------------- discover


def make_tree(root: Path) -> None:
    (root / "examples" / "sub").mkdir(parents=True)
    (root / "examples" / ".git").mkdir()
    (root / "examples" / ".copydesk").mkdir()
    for rel in ("examples/a.txt", "examples/sub/b.md", "examples/sub/c.html",
                "examples/notes.pdf", "examples/.git/d.txt", "examples/.copydesk/e.txt",
                "examples/.hidden.txt", "loose.weird"):
        (root / rel).write_text("x\n", encoding="utf-8")


def test_discover_walks_folder_keeping_relative_paths_and_skipping_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    paths, problems = discover(["examples"])
    assert paths == [
        os.path.join("examples", "a.txt"),
        os.path.join("examples", "sub", "b.md"),
        os.path.join("examples", "sub", "c.html"),
    ]
    assert problems == []


def test_discover_keeps_explicit_files_of_any_suffix_and_deduplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    paths, _ = discover(["loose.weird", "examples/a.txt", "./examples/a.txt", "examples"])
    assert paths.count("examples/a.txt") == 1 and "./examples/a.txt" not in paths
    assert "loose.weird" in paths
    assert paths == sorted(paths)


def test_discover_reports_missing_paths_as_problems(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    paths, problems = discover(["nosuch.txt", "examples/a.txt"])
    assert paths == ["examples/a.txt"]
    assert problems == ["nosuch.txt: no such file or directory"]


def test_discover_applies_exclude_globs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    paths, _ = discover(["examples"], excludes=["*/sub/*"])
    assert paths == ["examples/a.txt"]
    paths, _ = discover(["examples"], excludes=["sub", "*.txt"])
    assert paths == []


def test_discover_terminates_on_a_symlink_loop(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    os.symlink("..", tmp_path / "examples" / "sub" / "up")  # sub/up -> examples
    os.symlink(".", tmp_path / "examples" / "self")
    monkeypatch.chdir(tmp_path)
    paths, problems = discover(["examples"])
    # the folders reached again through the links are not walked a second time, and say so
    assert paths == ["examples/a.txt", "examples/sub/b.md", "examples/sub/c.html"]
    assert problems == [
        "examples/self: symbolic link to a folder already checked (a loop): not followed",
        "examples/sub/up: symbolic link to a folder already checked (a loop): not followed",
    ]


def test_discover_then_read_every_fixture() -> None:
    paths, problems = discover([str(FIXTURES)])
    assert problems == []
    read = 0
    for path in paths:
        try:
            read_article(path, TEST_BOILERPLATE)
            read += 1
        except ArticleError as err:
            assert "bad-front-matter" in str(err)
    assert read == len(paths) - 1
