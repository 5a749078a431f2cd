"""--format html: one self-contained page an editor opens in a browser.

Unit tests check what the page holds (each mention in its sentence, escaped); the
browser tests open it in a real headless Chromium (Debian's, driven by selenium and
chromedriver) and check that the findings render, that the filter hides and shows rows,
and that article text holding <script> and <img onerror> is shown, never run.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from conftest import ARTICLES, write
from copydesk.formats.html import find_offset, in_sentence, render_html, sentence_bounds, weights_line
from copydesk.model import Anchor, Article, Finding
from copydesk.pipeline import check_paths
from copydesk.report import ReportFormat, render
from copydesk.rules import RuleSet


def finding(file: str, line: int, column: int, found: str, rule: str = "name-variant", severity: str = "error",
            expected: str = "Marta Kowalczyk", entity: str = "Marta Kowalczyk") -> Finding:
    return Finding(rule, severity, file, line, column, found, expected, entity, f"'{found}' looks wrong")  # type: ignore[arg-type]


# -- the page's content, without a browser ----------------------------------------------------


def test_a_mention_is_shown_in_its_sentence_not_its_neighbours() -> None:
    text = "Dockers weigh offer\n\nTalks failed. Union head Marta Kowalczik met Mr. Nowak on\nWednesday. Nobody spoke.\n"
    article = Article("a.txt", text)
    row = in_sentence(finding("a.txt", 3, 26, "Marta Kowalczik"), article)
    assert (row.before, row.found, row.after) == ("Union head ", "Marta Kowalczik", " met Mr. Nowak on Wednesday.")


def test_a_headline_line_ends_no_sentence_but_a_blank_line_does() -> None:
    text = "Headline here\n\nMarta Kowalczik spoke.\n"
    lo, hi = sentence_bounds(text, text.index("Marta"), text.index("Marta") + 15)
    assert text[lo:hi] == "Marta Kowalczik spoke."


def test_a_long_sentence_is_cut_with_an_ellipsis() -> None:
    text = "word " * 200 + "Marta Kowalczik " + "word " * 200
    row = in_sentence(finding("a.txt", 1, 1001, "Marta Kowalczik"), Article("a.txt", text))
    assert row.before.startswith("\u2026") and row.after.endswith("\u2026")
    assert len(row.before) < 260 and len(row.after) < 260


def test_offset_of_a_finding_in_rebuilt_html_text_goes_through_the_anchors() -> None:
    # text rebuilt from an HTML page: its second line starts at line 12, column 7 of the file
    article = Article("p.html", "Headline\nMarta Kowalczik spoke.\n", anchors=(Anchor(0, 10, 5), Anchor(9, 12, 7)))
    assert find_offset(article, 12, 7, "Marta Kowalczik") == 9
    assert article.position(9) == (12, 7)


def test_a_finding_whose_article_is_not_at_hand_still_shows_its_text() -> None:
    page = render_html([finding("gone.txt", 3, 1, "Marta Kowalczik")], {}, checked=1)
    assert "<mark>Marta Kowalczik</mark>" in page and "gone.txt:3:1" in page


def test_every_piece_of_article_text_is_escaped() -> None:
    text = 'Marta Kowalczik <script>alert("x")</script> & <img src=x onerror="alert(1)">.\n'
    f = Finding("name-variant", "error", "a.txt", 1, 1, "Marta Kowalczik", "<b>Kowalczyk</b>", "<i>e</i>", "<u>m</u>")
    page = render([f], ReportFormat.html, {"a.txt": Article("a.txt", text)}, 1)
    assert "<script>alert" not in page and "<img" not in page and "<b>K" not in page and "<i>e" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert page.count("<script>") == 1  # the page's own filter script


def test_the_page_is_self_contained_and_lets_only_its_own_script_run() -> None:
    page = render_html([finding("a.txt", 1, 1, "Marta Kowalczik")], {}, checked=1)
    assert "http://" not in page and "https://" not in page and "<link" not in page and " src=" not in page
    assert "default-src 'none'" in page and "script-src 'sha256-" in page


def test_a_finding_shows_the_weights_that_added_up_to_it() -> None:
    evidence = {"kind": "swapped letters", "shared_context": 0, "same_article": False, "weight": 5.4,
                "weights": {"edit": 4.0, "names": 3.0, "agree": 0.5, "company": -2.1}}
    line = weights_line(evidence)
    assert line == "weights: edit +4.0 (swapped letters), names +3.0, agree +0.5, company -2.1 (0 shared names) = 5.4"
    assert weights_line({}) == ""


def test_no_findings_make_a_page_that_says_so() -> None:
    page = render_html([], {}, checked=3)
    assert "3 article(s) checked, 0 finding(s)" in page and "No findings" in page


# -- in a real browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dockers_with_markup(tmp_path_factory: pytest.TempPathFactory, nlp: Language, default_rules: RuleSet) -> Path:
    """The misspelt-union-leader articles, one with markup in the misspelt name's sentence,
    one an HTML page with a script of its own and escaped markup in that sentence, and a
    role conflict beside them; the HTML report of a real check of them."""
    folder = tmp_path_factory.mktemp("dockers")
    for name in ("dockers-1.txt", "dockers-2.txt", "dockers-3.txt"):
        shutil.copy(ARTICLES / "misspelt-in-one-article" / name, folder / name)
    write(folder, "dockers-4.txt", (
        "Dockers weigh new offer\n\n"
        "Marta Kowalczik, who leads the Baltic Dockers Union, held up a sign reading "
        "<script>window.copydeskRan = 1</script> <img src=x onerror=\"window.copydeskRan = 2\"> "
        "at Northline Ferries on Wednesday.\n"
        "Tomasz Nowak chaired the meeting. Ms Kowalczik said members would vote on Friday.\n"
    ))
    write(folder, "dockers-5.html", (  # an HTML article: its own script is dropped, its escaped markup is text
        "<!DOCTYPE html><html><head><title>Dockers post notice</title>"
        "<script>window.copydeskRan = 3</script></head><body><article><h1>Dockers post notice</h1>"
        "<p>Marta Kowalczik, who leads the Baltic Dockers Union, pinned up "
        "&lt;script&gt;window.copydeskRan = 4&lt;/script&gt; at Northline Ferries on Thursday.</p>"
        "<p>Tomasz Nowak said the notice was taken down.</p></article></body></html>\n"
    ))
    for name in ("gil.md", "ruiz-1.md"):
        shutil.copy(ARTICLES / "role-same-week" / name, folder / name)
    result = check_paths([str(folder)], default_rules, nlp)
    assert {f.rule for f in result.findings} == {"name-variant", "role-conflict"}, result.findings
    flagged = {Path(f.file).name for f in result.findings if f.found == "Marta Kowalczik"}
    assert flagged == {"dockers-4.txt", "dockers-5.html"}, result.findings
    report = folder / "report.html"
    report.write_text(render(result.findings, ReportFormat.html, result.articles, result.read), encoding="utf-8")
    return report


def rows_shown(driver: object) -> list[str]:
    from selenium.webdriver.common.by import By

    return [r.get_attribute("data-rule") for r in driver.find_elements(By.CSS_SELECTOR, "tr.finding") if r.is_displayed()]  # type: ignore[attr-defined]


def test_findings_render_and_the_filter_hides_and_shows_rows(browser: object, dockers_with_markup: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(dockers_with_markup.as_uri())  # type: ignore[attr-defined]
    shown = rows_shown(driver)
    assert "name-variant" in shown and "role-conflict" in shown
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "tr.finding mark")]  # type: ignore[attr-defined]
    assert "Marta Kowalczik" in marks and "Pedro Gil" in marks
    expected = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "tr.finding td.expected")]  # type: ignore[attr-defined]
    assert "Marta Kowalczyk" in expected
    # every name-variant finding shows the weights that added up to it
    why = [w.text for w in driver.find_elements(By.CSS_SELECTOR, "tr.finding p.why")]  # type: ignore[attr-defined]
    assert why and all(w.startswith("weights: edit ") and "company" in w for w in why), why
    assert "dockers-4.txt" in driver.find_element(By.ID, "per-article").text  # type: ignore[attr-defined]
    driver.save_screenshot(str(tmp_path / "report.png"))  # type: ignore[attr-defined]
    assert (tmp_path / "report.png").stat().st_size > 0

    driver.find_element(By.CSS_SELECTOR, 'input[name="rule"][value="name-variant"]').click()  # type: ignore[attr-defined]
    assert set(rows_shown(driver)) == {"role-conflict"}
    assert f"{len(shown) - shown.count('name-variant')} of {len(shown)}" in driver.find_element(By.ID, "shown").text  # type: ignore[attr-defined]
    sections = driver.find_elements(By.CSS_SELECTOR, "section.entity")  # type: ignore[attr-defined]
    assert any(not s.is_displayed() for s in sections)  # an entity with no row left hides
    driver.save_screenshot(str(tmp_path / "report-filtered.png"))  # type: ignore[attr-defined]

    driver.find_element(By.CSS_SELECTOR, 'input[name="rule"][value="name-variant"]').click()  # type: ignore[attr-defined]
    assert sorted(rows_shown(driver)) == sorted(shown)
    for box in driver.find_elements(By.CSS_SELECTOR, 'input[name="severity"]'):  # type: ignore[attr-defined]
        box.click()
    assert rows_shown(driver) == []


def test_markup_in_an_article_is_shown_literally_and_never_runs(browser: object, dockers_with_markup: Path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(dockers_with_markup.as_uri())  # type: ignore[attr-defined]
    assert driver.execute_script("return window.copydeskRan === undefined")  # type: ignore[attr-defined]
    assert driver.find_elements(By.TAG_NAME, "img") == []  # type: ignore[attr-defined]
    assert len(driver.find_elements(By.TAG_NAME, "script")) == 1  # type: ignore[attr-defined]
    sentences = [p.text for p in driver.find_elements(By.CSS_SELECTOR, "p.sentence")]  # type: ignore[attr-defined]
    assert any(
        '<script>window.copydeskRan = 1</script> <img src=x onerror="window.copydeskRan = 2">' in s for s in sentences
    ), sentences
    assert any("<script>window.copydeskRan = 4</script>" in s for s in sentences), sentences  # from the HTML article


def test_article_offset_is_the_inverse_of_position() -> None:
    plain = Article("a.txt", "Headline\n\nMarta Kowalczik spoke.\nLast line")
    anchored = Article("p.html", "Headline\nMarta Kowalczik spoke.\n", anchors=(Anchor(0, 10, 5), Anchor(9, 12, 7)))
    for article in (plain, anchored):
        assert all(article.offset(*article.position(o)) == o for o in range(len(article.text)))
    assert plain.offset(9, 1) is None and anchored.offset(11, 1) is None  # no such line in the text
